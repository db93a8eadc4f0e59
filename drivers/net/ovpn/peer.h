/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_PEER_H_
#define _NET_OVPN_PEER_H_

#include <linux/bits.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/rhashtable-types.h>
#include <linux/spinlock.h>
#include <net/dst_cache.h>
#include <uapi/linux/ovpn.h>

#include "bind.h"
#include "crypto.h"
#include "stats.h"

struct ovpn_priv;
struct ovpn_socket;

/* the most peers one device takes: a server for a million clients */
#define OVPN_MAX_PEERS	BIT(20)

/**
 * struct ovpn_transp_key - a UDP peer's remote endpoint as a hash key
 * @addr: the IPv6 address, or the IPv4 one in addr[0]
 * @port: the UDP port
 * @family: AF_INET or AF_INET6, or 0 when the peer has no endpoint
 *
 * Built zeroed so that equal endpoints compare equal as bytes.
 */
struct ovpn_transp_key {
	__be32 addr[4];
	__be16 port;
	u16 family;
};

/**
 * struct ovpn_peer - one remote OpenVPN endpoint
 * @ovpn: the device this peer belongs to
 * @dev_tracker: tracker of the reference held on the device
 * @id: the peer id userspace gave it, unique per device
 * @tx_id: the peer id written into packets sent to it
 * @vpn_addrs: the tunnel addresses assigned to the peer (MP routing keys)
 * @vpn_addrs.ipv4: its IPv4 address, or INADDR_ANY
 * @vpn_addrs.ipv6: its IPv6 address, or the unspecified address
 * @sock: the transport socket (shared with other peers for UDP)
 * @crypto: the key slots
 * @dst_cache: cached route towards the remote endpoint
 * @bind: the UDP endpoints (RCU)
 * @lock: protects @bind updates and the keepalive settings; taken
 *	  after ovpn->lock when both are needed
 * @keepalive_interval: seconds of TX silence before a keepalive is sent
 * @keepalive_timeout: seconds of RX silence before the peer expires
 * @last_recv: when the last authenticated packet arrived (seconds of
 *	       boot time: wall clock steps neither expire peers nor stop
 *	       keepalives, and a suspended system's silence counts)
 * @last_sent: when the last packet was sent (seconds of boot time)
 * @vpn_stats: inner (tunnelled) traffic counters
 * @link_stats: outer (transport) traffic counters
 * @delete_reason: why the peer was removed, for the notification
 * @linked: the peer is on its device's collection (written under
 *	    ovpn->lock; read without it only once the peer is unlinked)
 * @node: entry in the device's list of peers
 * @id_node: entry in the MP table by id
 * @vpn4_node: entry in the MP table by VPN IPv4 address, if it has one
 * @vpn6_node: entry in the MP table by VPN IPv6 address, if it has one
 * @transp_node: entry in the MP table by endpoint, if it has one
 * @transp_key: the key @transp_node is hashed with
 * @refcount: references, the device's own included while linked
 * @rcu: to free the peer after the RCU readers are done
 *
 * The VPN addresses and the endpoint of a linked peer change only under
 * ovpn->lock, together with the tables they key.
 *
 * References: the device holds one while the peer is linked.
 * ovpn_peer_del() unlinks the peer, so that no lookup finds it any
 * more, gives its socket back and drops the device's reference. Each
 * of these holds a reference of its own and may still use the peer
 * after ovpn_peer_del(), until it drops it:
 *
 * - a packet being sent, from ovpn_peer_get_tx() to the end of its
 *   encryption, which may complete asynchronously, and of its send;
 * - a packet being received, from ovpn_peer_get_rx() (UDP) or the TCP
 *   socket's peer to the end of its decryption and delivery;
 * - a netlink request that found the peer (ovpn_nl_peer_get());
 * - a walk over all peers (keepalive, ovpn_peers_free()), for the time
 *   of one batch.
 *
 * The last ovpn_peer_put() releases the keys and frees the peer after an
 * RCU grace period, so that readers that found it under RCU without a
 * reference are done with it.
 */
struct ovpn_peer {
	struct ovpn_priv *ovpn;
	netdevice_tracker dev_tracker;
	u32 id;
	u32 tx_id;
	struct {
		struct in_addr ipv4;
		struct in6_addr ipv6;
	} vpn_addrs;
	struct ovpn_socket __rcu *sock;
	struct ovpn_crypto_state crypto;
	struct dst_cache dst_cache;
	struct ovpn_bind __rcu *bind;
	spinlock_t lock; /* protects bind and keepalive_* */
	unsigned long keepalive_interval;
	unsigned long keepalive_timeout;
	time64_t last_recv;
	time64_t last_sent;
	struct ovpn_peer_stats vpn_stats;
	struct ovpn_peer_stats link_stats;
	enum ovpn_del_peer_reason delete_reason;
	bool linked;
	struct list_head node;
	struct rhash_head id_node;
	struct rhlist_head vpn4_node;
	struct rhlist_head vpn6_node;
	struct rhlist_head transp_node;
	struct ovpn_transp_key transp_key;
	struct kref refcount;
	struct rcu_head rcu;
};

/**
 * ovpn_peer_hold - take a reference on a peer found under RCU
 * @peer: the peer
 *
 * Return: true if the reference was taken, false if the peer is going away
 */
static inline bool ovpn_peer_hold(struct ovpn_peer *peer)
{
	return kref_get_unless_zero(&peer->refcount);
}

void ovpn_peer_release_kref(struct kref *kref);

/**
 * ovpn_peer_put - drop a reference on a peer
 * @peer: the peer
 */
static inline void ovpn_peer_put(struct ovpn_peer *peer)
{
	kref_put(&peer->refcount, ovpn_peer_release_kref);
}

struct ovpn_peer *ovpn_peer_new(struct ovpn_priv *ovpn, u32 id);
int ovpn_peer_add(struct ovpn_priv *ovpn, struct ovpn_peer *peer);
int ovpn_peer_del(struct ovpn_peer *peer, enum ovpn_del_peer_reason reason);
void ovpn_peers_free(struct ovpn_priv *ovpn, struct sock *sk,
		     enum ovpn_del_peer_reason reason);

int ovpn_peer_set_vpn_addrs(struct ovpn_peer *peer, const __be32 *ipv4,
			    const struct in6_addr *ipv6);
int ovpn_peer_set_bind(struct ovpn_peer *peer, struct ovpn_bind *bind);
void ovpn_peer_float(struct ovpn_peer *peer, struct sk_buff *skb);

/* for the other files of the peer collection (keepalive.c): removal in
 * two steps, and the walk over every peer of a device
 */
bool ovpn_peer_unlink(struct ovpn_peer *peer,
		      enum ovpn_del_peer_reason reason);
void ovpn_peer_remove(struct ovpn_peer *peer);

/* peers taken at a time by the walks over all the peers of a device */
#define OVPN_PEERS_BATCH	32

unsigned int ovpn_peers_next_batch(struct ovpn_priv *ovpn,
				   struct ovpn_peer *cursor,
				   struct ovpn_peer **batch);
void ovpn_peers_cursor_move(struct ovpn_peer **cursor,
			    struct ovpn_peer *peer);

#endif /* _NET_OVPN_PEER_H_ */
