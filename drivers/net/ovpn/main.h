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

/* The OpenVPN 2.6 layer (netlink-dco.c), when built: its link kind and
 * netlink family, registered after and unregistered before the core's.
 */
#if IS_ENABLED(CONFIG_OVPN_DCO_V2)
int ovpn_dco_init(void);
void ovpn_dco_uninit(void);
#else
static inline int ovpn_dco_init(void)
{
	return 0;
}

static inline void ovpn_dco_uninit(void)
{
}
#endif

#endif /* _NET_OVPN_MAIN_H_ */
