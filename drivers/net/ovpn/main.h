/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_MAIN_H_
#define _NET_OVPN_MAIN_H_

#include <linux/workqueue.h>

/* The driver's workqueue, for everything that runs module code after
 * the context that started it returned: socket release, key slot
 * frees, TCP transmission. Module unload drains it.
 */
extern struct workqueue_struct *ovpn_wq;

#endif /* _NET_OVPN_MAIN_H_ */
