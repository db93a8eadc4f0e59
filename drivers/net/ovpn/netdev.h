/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_NETDEV_H_
#define _NET_OVPN_NETDEV_H_

#include <linux/netdevice.h>
#include <net/rtnetlink.h>

struct ovpn_nl_ops;

/**
 * struct ovpn_link_kind - an rtnl link kind of ovpn devices
 * @ops: its link ops: ovpn_link_kind_register() fills them in
 * @nl_ops: the netlink family that drives the devices of this kind; its
 *	    kind names the link kind
 */
struct ovpn_link_kind {
	struct rtnl_link_ops ops;
	const struct ovpn_nl_ops *nl_ops;
};

bool ovpn_dev_is_ovpn(const struct net_device *dev);

int ovpn_link_kind_register(struct ovpn_link_kind *kind);
void ovpn_link_kind_unregister(struct ovpn_link_kind *kind);

int ovpn_rtnl_register(void);
void ovpn_rtnl_unregister(void);

#endif /* _NET_OVPN_NETDEV_H_ */
