/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_PEERLOOKUP_H_
#define _NET_OVPN_PEERLOOKUP_H_

#include <linux/skbuff.h>
#include <linux/types.h>

struct ovpn_peer;
struct ovpn_priv;

int ovpn_peers_init(struct ovpn_priv *ovpn);
void ovpn_peers_destroy(struct ovpn_priv *ovpn);

struct ovpn_peer *ovpn_peer_get_by_id(struct ovpn_priv *ovpn, u32 peer_id);
struct ovpn_peer *ovpn_peer_get_rx(struct ovpn_priv *ovpn, u32 peer_id,
				   struct sk_buff *skb);
struct ovpn_peer *ovpn_peer_get_tx(struct ovpn_priv *ovpn,
				   struct sk_buff *skb);
bool ovpn_peer_check_src(struct ovpn_peer *peer, struct sk_buff *skb);

/* MP tables, for peer.c; every one under ovpn->lock */
int ovpn_peer_hash(struct ovpn_priv *ovpn, struct ovpn_peer *peer);
void ovpn_peer_unhash(struct ovpn_priv *ovpn, struct ovpn_peer *peer);
int ovpn_peer_hash_vpn(struct ovpn_priv *ovpn, struct ovpn_peer *peer);
void ovpn_peer_unhash_vpn(struct ovpn_priv *ovpn, struct ovpn_peer *peer);
int ovpn_peer_hash_transp(struct ovpn_priv *ovpn, struct ovpn_peer *peer);
void ovpn_peer_unhash_transp(struct ovpn_priv *ovpn,
			     struct ovpn_peer *peer);

#endif /* _NET_OVPN_PEERLOOKUP_H_ */
