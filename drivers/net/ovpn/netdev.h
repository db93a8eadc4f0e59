/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_NETDEV_H_
#define _NET_OVPN_NETDEV_H_

#include <linux/netdevice.h>

bool ovpn_dev_is_ovpn(const struct net_device *dev);

int ovpn_rtnl_register(void);
void ovpn_rtnl_unregister(void);

#endif /* _NET_OVPN_NETDEV_H_ */
