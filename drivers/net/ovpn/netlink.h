/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_NETLINK_H_
#define _NET_OVPN_NETLINK_H_

#include <linux/types.h>

struct genl_info;
struct nlattr;

/* between the handlers of the "ovpn" family (netlink.c, netlink-key.c) */
int ovpn_nl_nest_parse(struct genl_info *info, int type,
		       struct nlattr **attrs, unsigned long allowed,
		       unsigned long required);

#endif /* _NET_OVPN_NETLINK_H_ */
