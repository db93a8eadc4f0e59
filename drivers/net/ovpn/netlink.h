/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_NETLINK_H_
#define _NET_OVPN_NETLINK_H_

#include <linux/types.h>

struct netlink_ext_ack;
struct nlattr;
struct ovpn_peer;

int ovpn_nl_register(void);
void ovpn_nl_unregister(void);

int ovpn_nl_peer_socket(struct ovpn_peer *peer, const struct nlattr *fd_attr,
			const struct nlattr *remote, const struct nlattr *local,
			struct netlink_ext_ack *extack);

void ovpn_nl_peer_del_notify(struct ovpn_peer *peer);
void ovpn_nl_peer_float_notify(struct ovpn_peer *peer);
void ovpn_nl_key_swap_notify(struct ovpn_peer *peer, u8 key_id);

#endif /* _NET_OVPN_NETLINK_H_ */
