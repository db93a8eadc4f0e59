/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_NETLINK_H_
#define _NET_OVPN_NETLINK_H_

#include <linux/types.h>

int ovpn_nl_register(void);
void ovpn_nl_unregister(void);

#endif /* _NET_OVPN_NETLINK_H_ */
