/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_OVPNPRIV_H_
#define _NET_OVPN_OVPNPRIV_H_

#include <linux/list.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/workqueue.h>
#include <net/gro_cells.h>
#include <uapi/linux/if_link.h>

struct ovpn_nl_ops;
struct ovpn_peer;

/**
 * struct ovpn_priv - private data of an ovpn network device
 * @dev: the network device this state belongs to
 * @mode: P2P (one peer) or MP (server with many peers), fixed at creation
 * @nl_ops: the netlink family that drives the device, chosen by its link
 *	    kind: "ovpn" or, for OpenVPN 2.6, "ovpn-dco-v2"
 * @lock: serialises adding and removing peers
 * @dead: set when the device is being destroyed, no peer may be added
 * @peer: the only peer of a P2P device (RCU)
 * @peers: every linked peer, in the order they were added (RCU list)
 * @npeers: number of peers on @peers
 * @peers_gen: changes whenever @peers does, for consistent dumps
 * @peers_by_id: MP: peers by peer id
 * @peers_by_vpn4: MP: peers by VPN IPv4 address, the routing key
 * @peers_by_vpn6: MP: peers by VPN IPv6 address, the routing key
 * @peers_by_transp: MP: UDP peers by remote address and port, for
 *		     packets that do not carry a defined peer id
 * @keepalive_next: when @keepalive_work is due (seconds of boot time),
 *		    0 if idle
 * @gro_cells: per-CPU GRO state for decrypted packets
 * @keepalive_work: one timer for the keepalive and expiry of all peers
 * @mss_clamp: clamp the MSS of TCP SYNs to the peer's path (mss.c); the
 *	       ethtool private flag "mss-clamp", on by default
 * @mss_clamped: how many SYNs had their MSS lowered, for ethtool -S
 *
 * The MP tables are only set up for MP devices. A peer is either on
 * @peers and in every table that applies to it, or on none of them;
 * both change together under @lock.
 *
 * Lock order: @lock, then a peer's own lock (peer->lock). Changing the
 * endpoint of a linked peer takes both, in this order
 * (ovpn_peer_set_bind(), the float), and nothing takes @lock while it
 * holds a peer's lock. Both are taken with bottom halves disabled: the
 * receive softirq takes them too (the float). Readers of @peer, @peers
 * and the tables use RCU.
 */
struct ovpn_priv {
	struct net_device *dev;
	enum ovpn_mode mode;
	const struct ovpn_nl_ops *nl_ops;
	spinlock_t lock; /* protects the peers, dead and keepalive_next */
	bool dead;
	struct ovpn_peer __rcu *peer;
	struct list_head peers;
	unsigned int npeers;
	unsigned int peers_gen;
	struct rhashtable peers_by_id;
	struct rhltable peers_by_vpn4;
	struct rhltable peers_by_vpn6;
	struct rhltable peers_by_transp;
	time64_t keepalive_next;
	struct gro_cells gro_cells;
	struct delayed_work keepalive_work;
	bool mss_clamp;
	atomic64_t mss_clamped;
};

#endif /* _NET_OVPN_OVPNPRIV_H_ */
