/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_IO_H_
#define _NET_OVPN_IO_H_

#include <linux/netdevice.h>

struct ovpn_peer;

netdev_tx_t ovpn_net_xmit(struct sk_buff *skb, struct net_device *dev);
void ovpn_recv(struct ovpn_peer *peer, struct sk_buff *skb);
void ovpn_xmit_keepalive(struct ovpn_peer *peer);

#endif /* _NET_OVPN_IO_H_ */
