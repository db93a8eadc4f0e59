// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * Peers: life cycle, the per-device collection and its lookups (by id,
 * by route next hop, by endpoint), float, keepalive and expiry.
 *
 * A P2P device has at most one peer, ovpn->peer. An MP device keeps its
 * peers in resizable hash tables, one per lookup key; the tables of VPN
 * addresses and endpoints are lists per key, the newest peer first, so
 * that a client reconnecting with the address of a peer not yet removed
 * takes over at once. Every device also lists its peers, for the walks
 * of keepalive, dump and teardown.
 */

#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#include <net/ip6_route.h>
#include <net/route.h>

#include "bind.h"
#include "crypto.h"
#include "io.h"
#include "netlink-core.h"
#include "ovpnpriv.h"
#include "peer.h"
#include "proto.h"
#include "socket.h"

static const struct rhashtable_params ovpn_peer_id_params = {
	.head_offset = offsetof(struct ovpn_peer, id_node),
	.key_offset = offsetof(struct ovpn_peer, id),
	.key_len = sizeof_field(struct ovpn_peer, id),
	.automatic_shrinking = true,
};

static const struct rhashtable_params ovpn_peer_vpn4_params = {
	.head_offset = offsetof(struct ovpn_peer, vpn4_node),
	.key_offset = offsetof(struct ovpn_peer, vpn_addrs.ipv4),
	.key_len = sizeof_field(struct ovpn_peer, vpn_addrs.ipv4),
	.automatic_shrinking = true,
};

static const struct rhashtable_params ovpn_peer_vpn6_params = {
	.head_offset = offsetof(struct ovpn_peer, vpn6_node),
	.key_offset = offsetof(struct ovpn_peer, vpn_addrs.ipv6),
	.key_len = sizeof_field(struct ovpn_peer, vpn_addrs.ipv6),
	.automatic_shrinking = true,
};

static const struct rhashtable_params ovpn_peer_transp_params = {
	.head_offset = offsetof(struct ovpn_peer, transp_node),
	.key_offset = offsetof(struct ovpn_peer, transp_key),
	.key_len = sizeof_field(struct ovpn_peer, transp_key),
	.automatic_shrinking = true,
};

/**
 * ovpn_peers_init - set up the peer collection of a new device
 * @ovpn: the device, its mode already set
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_peers_init(struct ovpn_priv *ovpn)
{
	int ret;

	INIT_LIST_HEAD(&ovpn->peers);
	/* never 0: that means "not set" to dump consistency checks */
	ovpn->peers_gen = 1;
	if (ovpn->mode != OVPN_MODE_MP)
		return 0;

	ret = rhashtable_init(&ovpn->peers_by_id, &ovpn_peer_id_params);
	if (ret)
		return ret;
	ret = rhltable_init(&ovpn->peers_by_vpn4, &ovpn_peer_vpn4_params);
	if (ret)
		goto err_destroy_id;
	ret = rhltable_init(&ovpn->peers_by_vpn6, &ovpn_peer_vpn6_params);
	if (ret)
		goto err_destroy_vpn4;
	ret = rhltable_init(&ovpn->peers_by_transp, &ovpn_peer_transp_params);
	if (ret)
		goto err_destroy_vpn6;
	return 0;

err_destroy_vpn6:
	rhltable_destroy(&ovpn->peers_by_vpn6);
err_destroy_vpn4:
	rhltable_destroy(&ovpn->peers_by_vpn4);
err_destroy_id:
	rhashtable_destroy(&ovpn->peers_by_id);
	return ret;
}

/**
 * ovpn_peers_destroy - free the peer collection of a device
 * @ovpn: the device, whose peers are all gone
 *
 * Called when no socket can reach the device any more: lookups from
 * the receive path must not find the tables freed.
 */
void ovpn_peers_destroy(struct ovpn_priv *ovpn)
{
	WARN_ON(!list_empty(&ovpn->peers));
	if (ovpn->mode != OVPN_MODE_MP)
		return;

	rhltable_destroy(&ovpn->peers_by_transp);
	rhltable_destroy(&ovpn->peers_by_vpn6);
	rhltable_destroy(&ovpn->peers_by_vpn4);
	rhashtable_destroy(&ovpn->peers_by_id);
}

/**
 * ovpn_peer_new - allocate a peer
 * @ovpn: the device it will belong to
 * @id: its peer id
 *
 * Return: the peer, with one reference owned by the caller, or an ERR_PTR
 */
struct ovpn_peer *ovpn_peer_new(struct ovpn_priv *ovpn, u32 id)
{
	struct ovpn_peer *peer;
	int ret;

	peer = kzalloc(sizeof(*peer), GFP_KERNEL);
	if (!peer)
		return ERR_PTR(-ENOMEM);

	ret = dst_cache_init(&peer->dst_cache, GFP_KERNEL);
	if (ret) {
		kfree(peer);
		return ERR_PTR(ret);
	}

	peer->ovpn = ovpn;
	peer->id = id;
	peer->tx_id = id;
	spin_lock_init(&peer->lock);
	kref_init(&peer->refcount);
	INIT_LIST_HEAD(&peer->node);
	ovpn_crypto_state_init(&peer->crypto);
	ovpn_peer_stats_init(&peer->vpn_stats);
	ovpn_peer_stats_init(&peer->link_stats);
	peer->last_recv = ktime_get_boottime_seconds();
	peer->last_sent = peer->last_recv;
	netdev_hold(ovpn->dev, &peer->dev_tracker, GFP_KERNEL);

	return peer;
}

static void ovpn_peer_release_rcu(struct rcu_head *head)
{
	struct ovpn_peer *peer = container_of(head, struct ovpn_peer, rcu);

	ovpn_crypto_state_release(&peer->crypto);
	dst_cache_destroy(&peer->dst_cache);
	kfree(rcu_access_pointer(peer->bind));
	netdev_put(peer->ovpn->dev, &peer->dev_tracker);
	kfree(peer);
}

/**
 * ovpn_peer_release_kref - free a peer after its last reference is gone
 * @kref: the peer's refcount
 *
 * The last reference may be dropped by a crypto completion in softirq
 * context; the socket was already released when the peer was removed.
 */
void ovpn_peer_release_kref(struct kref *kref)
{
	struct ovpn_peer *peer = container_of(kref, struct ovpn_peer, refcount);

	/* a peer that was never linked still has its socket */
	ovpn_socket_release(peer);
	call_rcu(&peer->rcu, ovpn_peer_release_rcu);
}

/* the endpoint of @bind as a key of the endpoint table */
static void ovpn_transp_key_from_bind(const struct ovpn_bind *bind,
				      struct ovpn_transp_key *key)
{
	memset(key, 0, sizeof(*key));
	if (!bind)
		return;

	switch (bind->remote.in4.sin_family) {
	case AF_INET:
		key->family = AF_INET;
		key->addr[0] = bind->remote.in4.sin_addr.s_addr;
		key->port = bind->remote.in4.sin_port;
		break;
	case AF_INET6:
		key->family = AF_INET6;
		memcpy(key->addr, &bind->remote.in6.sin6_addr,
		       sizeof(key->addr));
		key->port = bind->remote.in6.sin6_port;
		break;
	}
}

/* the source endpoint of a UDP packet as a key of the endpoint table */
static void ovpn_transp_key_from_skb(const struct sk_buff *skb,
				     struct ovpn_transp_key *key)
{
	memset(key, 0, sizeof(*key));
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		key->family = AF_INET;
		key->addr[0] = ip_hdr(skb)->saddr;
		break;
	case htons(ETH_P_IPV6):
		key->family = AF_INET6;
		memcpy(key->addr, &ipv6_hdr(skb)->saddr, sizeof(key->addr));
		break;
	default:
		return;
	}
	key->port = udp_hdr(skb)->source;
}

/* MP: put @peer's VPN addresses into the routing tables */
static int ovpn_peer_hash_vpn(struct ovpn_priv *ovpn, struct ovpn_peer *peer)
{
	int ret;

	lockdep_assert_held(&ovpn->lock);

	if (peer->vpn_addrs.ipv4.s_addr) {
		ret = rhltable_insert(&ovpn->peers_by_vpn4, &peer->vpn4_node,
				      ovpn_peer_vpn4_params);
		if (ret)
			return ret;
	}
	if (!ipv6_addr_any(&peer->vpn_addrs.ipv6)) {
		ret = rhltable_insert(&ovpn->peers_by_vpn6, &peer->vpn6_node,
				      ovpn_peer_vpn6_params);
		if (ret)
			goto err_remove_vpn4;
	}
	return 0;

err_remove_vpn4:
	if (peer->vpn_addrs.ipv4.s_addr)
		rhltable_remove(&ovpn->peers_by_vpn4, &peer->vpn4_node,
				ovpn_peer_vpn4_params);
	return ret;
}

static void ovpn_peer_unhash_vpn(struct ovpn_priv *ovpn,
				 struct ovpn_peer *peer)
{
	lockdep_assert_held(&ovpn->lock);

	if (peer->vpn_addrs.ipv4.s_addr)
		rhltable_remove(&ovpn->peers_by_vpn4, &peer->vpn4_node,
				ovpn_peer_vpn4_params);
	if (!ipv6_addr_any(&peer->vpn_addrs.ipv6))
		rhltable_remove(&ovpn->peers_by_vpn6, &peer->vpn6_node,
				ovpn_peer_vpn6_params);
}

/* MP: key @peer by its current endpoint, if it has one */
static int ovpn_peer_hash_transp(struct ovpn_priv *ovpn,
				 struct ovpn_peer *peer)
{
	const struct ovpn_bind *bind;

	/* every writer of the endpoint holds the device's lock too */
	bind = rcu_dereference_protected(peer->bind,
					 lockdep_is_held(&ovpn->lock));
	ovpn_transp_key_from_bind(bind, &peer->transp_key);
	if (!peer->transp_key.family)
		return 0;

	return rhltable_insert(&ovpn->peers_by_transp, &peer->transp_node,
			       ovpn_peer_transp_params);
}

static void ovpn_peer_unhash_transp(struct ovpn_priv *ovpn,
				    struct ovpn_peer *peer)
{
	lockdep_assert_held(&ovpn->lock);

	if (peer->transp_key.family)
		rhltable_remove(&ovpn->peers_by_transp, &peer->transp_node,
				ovpn_peer_transp_params);
	memset(&peer->transp_key, 0, sizeof(peer->transp_key));
}

/* MP: put @peer into every table; -EEXIST if its id is taken */
static int ovpn_peer_hash(struct ovpn_priv *ovpn, struct ovpn_peer *peer)
{
	int ret;

	lockdep_assert_held(&ovpn->lock);

	ret = rhashtable_lookup_insert_fast(&ovpn->peers_by_id,
					    &peer->id_node,
					    ovpn_peer_id_params);
	if (ret)
		return ret;

	ret = ovpn_peer_hash_vpn(ovpn, peer);
	if (ret)
		goto err_remove_id;

	ret = ovpn_peer_hash_transp(ovpn, peer);
	if (ret)
		goto err_unhash_vpn;
	return 0;

err_unhash_vpn:
	ovpn_peer_unhash_vpn(ovpn, peer);
err_remove_id:
	rhashtable_remove_fast(&ovpn->peers_by_id, &peer->id_node,
			       ovpn_peer_id_params);
	return ret;
}

static void ovpn_peer_unhash(struct ovpn_priv *ovpn, struct ovpn_peer *peer)
{
	lockdep_assert_held(&ovpn->lock);

	ovpn_peer_unhash_transp(ovpn, peer);
	ovpn_peer_unhash_vpn(ovpn, peer);
	rhashtable_remove_fast(&ovpn->peers_by_id, &peer->id_node,
			       ovpn_peer_id_params);
}

/* the keepalive work must be due by @deadline (seconds) */
static void ovpn_peer_keepalive_schedule(struct ovpn_priv *ovpn,
					 time64_t deadline)
{
	time64_t now = ktime_get_boottime_seconds();

	spin_lock_bh(&ovpn->lock);
	if (!ovpn->dead &&
	    (!ovpn->keepalive_next || deadline < ovpn->keepalive_next)) {
		ovpn->keepalive_next = deadline;
		mod_delayed_work(system_wq, &ovpn->keepalive_work,
				 deadline > now ? (deadline - now) * HZ : 0);
	}
	spin_unlock_bh(&ovpn->lock);
}

/* the nearest deadline of @peer's keepalive settings, or 0 if none */
static time64_t ovpn_peer_keepalive_deadline(struct ovpn_peer *peer)
{
	time64_t sent = READ_ONCE(peer->last_sent);
	time64_t recv = READ_ONCE(peer->last_recv);
	unsigned long interval, timeout;
	time64_t next = 0;

	spin_lock_bh(&peer->lock);
	interval = peer->keepalive_interval;
	timeout = peer->keepalive_timeout;
	spin_unlock_bh(&peer->lock);

	if (timeout)
		next = recv + timeout;
	if (interval && (!next || sent + interval < next))
		next = sent + interval;
	return next;
}

/* unlink @peer from its device; only the caller that gets true owns
 * the rest of the removal
 */
static bool ovpn_peer_unlink(struct ovpn_peer *peer,
			     enum ovpn_del_peer_reason reason)
{
	struct ovpn_priv *ovpn = peer->ovpn;

	lockdep_assert_held(&ovpn->lock);

	if (!peer->linked)
		return false;

	peer->linked = false;
	peer->delete_reason = reason;
	list_del_rcu(&peer->node);
	ovpn->npeers--;
	ovpn->peers_gen++;
	if (ovpn->mode == OVPN_MODE_MP) {
		ovpn_peer_unhash(ovpn, peer);
	} else if (rcu_access_pointer(ovpn->peer) == peer) {
		/* no peer, no link */
		RCU_INIT_POINTER(ovpn->peer, NULL);
		netif_carrier_off(ovpn->dev);
	}
	return true;
}

/* the rest of the removal, by the context that unlinked the peer: the
 * notification, the socket and the device's reference
 */
static void ovpn_peer_remove(struct ovpn_peer *peer)
{
	ovpn_nl_notify_peer_del(peer);
	ovpn_socket_release(peer);
	ovpn_peer_put(peer);
}

/**
 * ovpn_peer_add - link a new peer to its device
 * @ovpn: the device
 * @peer: the peer; on success the device takes over the caller's
 *	  reference
 *
 * In P2P mode a new peer replaces the existing one. In MP mode its id
 * must be free and the device below its limit of peers.
 *
 * Return: 0 on success, -EEXIST if the id is taken, -ENOSPC if the
 * device is full, -ENODEV if it is going away, or another negative
 * error code
 */
int ovpn_peer_add(struct ovpn_priv *ovpn, struct ovpn_peer *peer)
{
	struct ovpn_peer *old = NULL;
	time64_t next;
	int ret = 0;

	spin_lock_bh(&ovpn->lock);
	if (ovpn->dead) {
		ret = -ENODEV;
		goto out_unlock;
	}

	if (ovpn->mode == OVPN_MODE_MP) {
		if (ovpn->npeers >= OVPN_MAX_PEERS) {
			ret = -ENOSPC;
			goto out_unlock;
		}
		ret = ovpn_peer_hash(ovpn, peer);
		if (ret)
			goto out_unlock;
	} else {
		old = rcu_dereference_protected(ovpn->peer,
						lockdep_is_held(&ovpn->lock));
		if (old && !ovpn_peer_unlink(old,
					     OVPN_DEL_PEER_REASON_TEARDOWN))
			old = NULL;
		rcu_assign_pointer(ovpn->peer, peer);
	}

	list_add_tail_rcu(&peer->node, &ovpn->peers);
	ovpn->npeers++;
	ovpn->peers_gen++;
	peer->linked = true;
	netif_carrier_on(ovpn->dev);
out_unlock:
	spin_unlock_bh(&ovpn->lock);

	if (ret)
		return ret;

	if (old)
		ovpn_peer_remove(old);

	/* keepalive settings given before the peer was linked */
	next = ovpn_peer_keepalive_deadline(peer);
	if (next)
		ovpn_peer_keepalive_schedule(ovpn, next);
	return 0;
}

/**
 * ovpn_peer_del - remove a peer from its device
 * @peer: the peer
 * @reason: why, for the notification userspace receives
 *
 * Readers that found the peer under RCU may still use it until they drop
 * their reference; from now on nobody finds it, its socket is given back
 * and the device's reference is dropped.
 *
 * Return: 0 on success, -ENOENT if the peer was already removed
 */
int ovpn_peer_del(struct ovpn_peer *peer, enum ovpn_del_peer_reason reason)
{
	struct ovpn_priv *ovpn = peer->ovpn;
	bool unlinked;

	spin_lock_bh(&ovpn->lock);
	unlinked = ovpn_peer_unlink(peer, reason);
	spin_unlock_bh(&ovpn->lock);

	if (!unlinked)
		return -ENOENT;

	ovpn_peer_remove(peer);
	return 0;
}

/* does @peer use the socket @sk */
static bool ovpn_peer_uses_sk(struct ovpn_peer *peer, struct sock *sk)
{
	struct ovpn_socket *sock;
	bool ret;

	rcu_read_lock();
	sock = rcu_dereference(peer->sock);
	ret = sock && sock->sk == sk;
	rcu_read_unlock();

	return ret;
}

/* peers taken at a time by the walks over all the peers of a device */
#define OVPN_PEERS_BATCH	32

/**
 * ovpn_peers_next_batch - take the next peers of a device
 * @ovpn: the device
 * @cursor: the peer to resume after, with a reference of the caller, or
 *	    NULL to start with the first peer
 * @batch: filled with up to OVPN_PEERS_BATCH peers, each with a
 *	   reference for the caller
 *
 * The walks that visit every peer (keepalive, teardown) must neither
 * hold the device's lock nor stay in one RCU section for as many as
 * OVPN_MAX_PEERS peers: they take the peers a batch at a time and may
 * sleep in between. A walk resumes after its cursor if the cursor is
 * still linked, else from the first peer again: what the walks do to a
 * peer is harmless to repeat, and their cursor is the last peer they
 * left linked, so that they do not revisit what they removed.
 *
 * Return: the number of peers in @batch; fewer than OVPN_PEERS_BATCH
 * when the walk reached the end
 */
static unsigned int ovpn_peers_next_batch(struct ovpn_priv *ovpn,
					  struct ovpn_peer *cursor,
					  struct ovpn_peer **batch)
{
	struct ovpn_peer *peer;
	unsigned int n = 0;

	spin_lock_bh(&ovpn->lock);
	if (cursor && cursor->linked)
		peer = list_next_entry(cursor, node);
	else
		peer = list_first_entry(&ovpn->peers, struct ovpn_peer, node);
	list_for_each_entry_from(peer, &ovpn->peers, node) {
		/* linked: the device's own reference is there */
		kref_get(&peer->refcount);
		batch[n++] = peer;
		if (n == OVPN_PEERS_BATCH)
			break;
	}
	spin_unlock_bh(&ovpn->lock);

	return n;
}

/* the walk's new cursor is @peer, which it leaves linked */
static void ovpn_peers_cursor_move(struct ovpn_peer **cursor,
				   struct ovpn_peer *peer)
{
	if (*cursor)
		ovpn_peer_put(*cursor);
	*cursor = peer;
}

/**
 * ovpn_peers_free - remove every peer of a device, or of one socket
 * @ovpn: the device
 * @sk: remove only the peers using this socket, or all if NULL
 * @reason: why, for the notifications
 *
 * Process context.
 */
void ovpn_peers_free(struct ovpn_priv *ovpn, struct sock *sk,
		     enum ovpn_del_peer_reason reason)
{
	struct ovpn_peer *batch[OVPN_PEERS_BATCH], *cursor = NULL;
	unsigned int i, n;

	might_sleep();

	do {
		n = ovpn_peers_next_batch(ovpn, cursor, batch);
		for (i = 0; i < n; i++) {
			if (sk && !ovpn_peer_uses_sk(batch[i], sk)) {
				ovpn_peers_cursor_move(&cursor, batch[i]);
				continue;
			}
			/* someone else may have been quicker: fine */
			ovpn_peer_del(batch[i], reason);
			ovpn_peer_put(batch[i]);
		}
		cond_resched();
	} while (n == OVPN_PEERS_BATCH);
	if (cursor)
		ovpn_peer_put(cursor);
}

/**
 * ovpn_peer_set_vpn_addrs - give a peer new VPN addresses
 * @peer: the peer, linked or not
 * @ipv4: its new IPv4 address, or NULL to keep the current one
 * @ipv6: its new IPv6 address, or NULL to keep the current one
 *
 * A linked MP peer is rehashed: lookups under RCU meanwhile may miss it,
 * never find another peer in its place.
 *
 * Return: 0 on success or a negative error code (the peer then has no
 * route to it until it is given addresses again)
 */
int ovpn_peer_set_vpn_addrs(struct ovpn_peer *peer, const __be32 *ipv4,
			    const struct in6_addr *ipv6)
{
	struct ovpn_priv *ovpn = peer->ovpn;
	bool rehash;
	int ret = 0;

	spin_lock_bh(&ovpn->lock);
	rehash = peer->linked && ovpn->mode == OVPN_MODE_MP;
	if (rehash)
		ovpn_peer_unhash_vpn(ovpn, peer);
	if (ipv4)
		WRITE_ONCE(peer->vpn_addrs.ipv4.s_addr, *ipv4);
	if (ipv6)
		peer->vpn_addrs.ipv6 = *ipv6;
	if (rehash) {
		ret = ovpn_peer_hash_vpn(ovpn, peer);
		if (ret) {
			/* keep the tables and the keys in agreement */
			WRITE_ONCE(peer->vpn_addrs.ipv4.s_addr, 0);
			peer->vpn_addrs.ipv6 = in6addr_any;
		}
	}
	spin_unlock_bh(&ovpn->lock);

	return ret;
}

/* replace the endpoint of @peer and rehash it; both locks held */
static int ovpn_peer_reset_bind(struct ovpn_peer *peer,
				struct ovpn_bind *bind)
{
	struct ovpn_priv *ovpn = peer->ovpn;
	bool rehash;

	lockdep_assert_held(&ovpn->lock);

	rehash = peer->linked && ovpn->mode == OVPN_MODE_MP;
	if (rehash)
		ovpn_peer_unhash_transp(ovpn, peer);
	ovpn_bind_reset(peer, bind);
	return rehash ? ovpn_peer_hash_transp(ovpn, peer) : 0;
}

/**
 * ovpn_peer_set_bind - give a peer a new endpoint
 * @peer: the peer, linked or not
 * @bind: the new endpoint; ownership passes to @peer
 *
 * Return: 0 on success or a negative error code (the peer keeps the
 * endpoint, but packets without a peer id do not find it)
 */
int ovpn_peer_set_bind(struct ovpn_peer *peer, struct ovpn_bind *bind)
{
	struct ovpn_priv *ovpn = peer->ovpn;
	int ret;

	spin_lock_bh(&ovpn->lock);
	spin_lock(&peer->lock);
	ret = ovpn_peer_reset_bind(peer, bind);
	spin_unlock(&peer->lock);
	spin_unlock_bh(&ovpn->lock);

	return ret;
}

/* is @bind where @skb came from and went to; a local address not
 * known yet (a socket bound to the wildcard) is learnt from the first
 * packet
 */
static bool ovpn_bind_skb_match(const struct ovpn_bind *bind,
				const struct sk_buff *skb)
{
	if (!ovpn_bind_skb_src_match(bind, skb))
		return false;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		return bind->local.ipv4.s_addr == ip_hdr(skb)->daddr;
	case htons(ETH_P_IPV6):
		return ipv6_addr_equal(&bind->local.ipv6,
				       &ipv6_hdr(skb)->daddr);
	}
	return false;
}

/* an endpoint made of the addresses and ports of a received packet */
static struct ovpn_bind *ovpn_bind_from_skb(const struct sk_buff *skb)
{
	struct ovpn_bind *bind;

	bind = kzalloc(sizeof(*bind), GFP_ATOMIC);
	if (unlikely(!bind))
		return NULL;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		bind->remote.in4.sin_family = AF_INET;
		bind->remote.in4.sin_addr.s_addr = ip_hdr(skb)->saddr;
		bind->remote.in4.sin_port = udp_hdr(skb)->source;
		bind->local.ipv4.s_addr = ip_hdr(skb)->daddr;
		break;
	case htons(ETH_P_IPV6):
		bind->remote.in6.sin6_family = AF_INET6;
		bind->remote.in6.sin6_addr = ipv6_hdr(skb)->saddr;
		bind->remote.in6.sin6_port = udp_hdr(skb)->source;
		if (ipv6_addr_type(&ipv6_hdr(skb)->saddr) &
		    IPV6_ADDR_LINKLOCAL)
			bind->remote.in6.sin6_scope_id = skb->skb_iif;
		bind->local.ipv6 = ipv6_hdr(skb)->daddr;
		break;
	default:
		kfree(bind);
		return NULL;
	}
	return bind;
}

/**
 * ovpn_peer_float - follow a peer whose endpoint changed
 * @peer: the peer an authenticated UDP packet came from
 * @skb: that packet, its outer headers still in place
 *
 * A packet that passed decryption and the replay check proves the peer
 * is now where it came from: later packets go there, from the address
 * it was sent to, and userspace is told when the remote moved (not
 * when only the local address was learnt or changed).
 * Unauthenticated packets must never get here.
 */
void ovpn_peer_float(struct ovpn_peer *peer, struct sk_buff *skb)
{
	struct ovpn_priv *ovpn = peer->ovpn;
	struct ovpn_bind *bind, *new;
	struct ovpn_socket *sock;
	bool moved = false;

	rcu_read_lock();
	/* a TCP peer is its connection: it never floats */
	sock = rcu_dereference(peer->sock);
	if (!sock || sock->sk->sk_protocol != IPPROTO_UDP) {
		rcu_read_unlock();
		return;
	}
	bind = rcu_dereference(peer->bind);
	if (likely(bind && ovpn_bind_skb_match(bind, skb))) {
		rcu_read_unlock();
		return;
	}
	rcu_read_unlock();

	new = ovpn_bind_from_skb(skb);
	if (unlikely(!new))
		return;

	spin_lock_bh(&ovpn->lock);
	spin_lock(&peer->lock);
	bind = rcu_dereference_protected(peer->bind,
					 lockdep_is_held(&peer->lock));
	/* a userspace endpoint and another packet may have raced us */
	if (peer->linked && !(bind && ovpn_bind_skb_match(bind, skb))) {
		moved = !bind || !ovpn_bind_skb_src_match(bind, skb);
		if (ovpn_peer_reset_bind(peer, new))
			net_warn_ratelimited("%s: peer %u floated but cannot be found by its endpoint\n",
					     netdev_name(ovpn->dev),
					     peer->id);
		new = NULL;
	}
	spin_unlock(&peer->lock);
	spin_unlock_bh(&ovpn->lock);
	kfree(new);

	if (moved) {
		net_dbg_ratelimited("%s: peer %u floated\n",
				    netdev_name(ovpn->dev), peer->id);
		ovpn_nl_notify_peer_float(peer);
	}
}

/* MP: the peer a VPN address belongs to, under RCU, no reference */
static struct ovpn_peer *ovpn_peer_by_vpn4(struct ovpn_priv *ovpn,
					   __be32 addr)
{
	struct rhlist_head *list;

	list = rhltable_lookup(&ovpn->peers_by_vpn4, &addr,
			       ovpn_peer_vpn4_params);
	return list ? container_of(list, struct ovpn_peer, vpn4_node) : NULL;
}

static struct ovpn_peer *ovpn_peer_by_vpn6(struct ovpn_priv *ovpn,
					   const struct in6_addr *addr)
{
	struct rhlist_head *list;

	list = rhltable_lookup(&ovpn->peers_by_vpn6, addr,
			       ovpn_peer_vpn6_params);
	return list ? container_of(list, struct ovpn_peer, vpn6_node) : NULL;
}

/* MP: the peer the route to @addr goes through, under RCU, no reference */
static struct ovpn_peer *ovpn_peer_route4(struct ovpn_priv *ovpn,
					  __be32 addr)
{
	struct flowi4 fl = { .daddr = addr };
	struct ovpn_peer *peer = NULL;
	struct rtable *rt;

	rt = ip_route_output_key(dev_net(ovpn->dev), &fl);
	if (IS_ERR(rt))
		return NULL;
	if (rt->dst.dev == ovpn->dev)
		peer = ovpn_peer_by_vpn4(ovpn, rt_nexthop(rt, addr));
	ip_rt_put(rt);

	return peer;
}

static struct ovpn_peer *ovpn_peer_route6(struct ovpn_priv *ovpn,
					  const struct in6_addr *addr)
{
#if IS_ENABLED(CONFIG_IPV6)
	struct flowi6 fl = { .daddr = *addr };
	struct ovpn_peer *peer = NULL;
	struct dst_entry *dst;

	dst = ip6_route_output(dev_net(ovpn->dev), NULL, &fl);
	if (!dst->error && dst->dev == ovpn->dev)
		peer = ovpn_peer_by_vpn6(ovpn,
					 rt6_nexthop(dst_rt6_info(dst), addr));
	dst_release(dst);

	return peer;
#else
	return NULL;
#endif
}

/**
 * ovpn_peer_check_src - reverse path check of a decrypted packet
 * @peer: the peer it came from
 * @skb: the inner packet, network header set
 *
 * In MP mode a peer may only send from addresses whose route leads back
 * to it: its VPN addresses and the networks routed through them.
 *
 * Return: true if the packet may be delivered
 */
bool ovpn_peer_check_src(struct ovpn_peer *peer, struct sk_buff *skb)
{
	struct ovpn_priv *ovpn = peer->ovpn;
	const struct in6_addr *src6;
	struct ovpn_peer *owner;
	__be32 src4;

	if (ovpn->mode != OVPN_MODE_MP)
		return true;

	rcu_read_lock();
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		src4 = ip_hdr(skb)->saddr;
		/* the common case needs no route lookup */
		if (src4 == READ_ONCE(peer->vpn_addrs.ipv4.s_addr))
			owner = peer;
		else
			owner = ovpn_peer_route4(ovpn, src4);
		break;
	case htons(ETH_P_IPV6):
		src6 = &ipv6_hdr(skb)->saddr;
		owner = ovpn_peer_by_vpn6(ovpn, src6);
		if (owner != peer)
			owner = ovpn_peer_route6(ovpn, src6);
		break;
	default:
		owner = NULL;
	}
	rcu_read_unlock();

	return owner == peer;
}

/**
 * ovpn_peer_get_by_id - find a peer by id
 * @ovpn: the device
 * @peer_id: the id
 *
 * Return: the peer with a reference taken, or NULL
 */
struct ovpn_peer *ovpn_peer_get_by_id(struct ovpn_priv *ovpn, u32 peer_id)
{
	struct ovpn_peer *peer;

	rcu_read_lock();
	if (ovpn->mode == OVPN_MODE_MP) {
		peer = rhashtable_lookup(&ovpn->peers_by_id, &peer_id,
					 ovpn_peer_id_params);
	} else {
		peer = rcu_dereference(ovpn->peer);
		if (peer && peer->id != peer_id)
			peer = NULL;
	}
	if (peer && !ovpn_peer_hold(peer))
		peer = NULL;
	rcu_read_unlock();

	return peer;
}

/**
 * ovpn_peer_get_rx - find the peer a received data packet belongs to
 * @ovpn: the device
 * @peer_id: the peer id in the packet
 * @skb: the packet, with its transport headers
 *
 * A packet whose peer id is undefined is matched by its source address.
 *
 * Return: the peer with a reference taken, or NULL
 */
struct ovpn_peer *ovpn_peer_get_rx(struct ovpn_priv *ovpn, u32 peer_id,
				   struct sk_buff *skb)
{
	struct ovpn_transp_key key;
	struct rhlist_head *list;
	struct ovpn_bind *bind;
	struct ovpn_peer *peer;

	if (peer_id != OVPN_PEER_ID_UNDEF)
		return ovpn_peer_get_by_id(ovpn, peer_id);

	rcu_read_lock();
	if (ovpn->mode == OVPN_MODE_MP) {
		ovpn_transp_key_from_skb(skb, &key);
		list = rhltable_lookup(&ovpn->peers_by_transp, &key,
				       ovpn_peer_transp_params);
		peer = list ? container_of(list, struct ovpn_peer,
					   transp_node) : NULL;
	} else {
		peer = rcu_dereference(ovpn->peer);
		if (peer) {
			bind = rcu_dereference(peer->bind);
			if (!bind || !ovpn_bind_skb_src_match(bind, skb))
				peer = NULL;
		}
	}
	if (peer && !ovpn_peer_hold(peer))
		peer = NULL;
	rcu_read_unlock();

	return peer;
}

/* MP: the peer an inner packet is routed to: the next hop of its route
 * (the gateway, or the destination itself) is a peer's VPN address
 */
static struct ovpn_peer *ovpn_peer_get_tx_mp(struct ovpn_priv *ovpn,
					     struct sk_buff *skb)
{
	struct dst_entry *dst = skb_dst(skb);
	const struct in6_addr *daddr6;
	__be32 daddr4;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		daddr4 = ip_hdr(skb)->daddr;
		if (dst)
			daddr4 = rt_nexthop(dst_rtable(dst), daddr4);
		return ovpn_peer_by_vpn4(ovpn, daddr4);
#if IS_ENABLED(CONFIG_IPV6)
	case htons(ETH_P_IPV6):
		daddr6 = &ipv6_hdr(skb)->daddr;
		if (dst)
			daddr6 = rt6_nexthop(dst_rt6_info(dst), daddr6);
		return ovpn_peer_by_vpn6(ovpn, daddr6);
#endif
	}
	return NULL;
}

/**
 * ovpn_peer_get_tx - find the peer an outgoing packet goes to
 * @ovpn: the device
 * @skb: the inner packet, its protocol checked
 *
 * Return: the peer with a reference taken, or NULL
 */
struct ovpn_peer *ovpn_peer_get_tx(struct ovpn_priv *ovpn,
				   struct sk_buff *skb)
{
	struct ovpn_peer *peer;

	rcu_read_lock();
	if (ovpn->mode == OVPN_MODE_MP)
		peer = ovpn_peer_get_tx_mp(ovpn, skb);
	else
		peer = rcu_dereference(ovpn->peer);
	if (peer && !ovpn_peer_hold(peer))
		peer = NULL;
	rcu_read_unlock();

	return peer;
}

/**
 * ovpn_peer_keepalive_set - configure keepalive and expiry of a peer
 * @peer: the peer
 * @interval: seconds of TX silence after which a keepalive is sent, 0: off
 * @timeout: seconds of RX silence after which the peer expires, 0: off
 */
void ovpn_peer_keepalive_set(struct ovpn_peer *peer, u32 interval,
			     u32 timeout)
{
	time64_t now = ktime_get_boottime_seconds(), next;

	spin_lock_bh(&peer->lock);
	peer->keepalive_interval = interval;
	peer->keepalive_timeout = timeout;
	/* the periods start now */
	WRITE_ONCE(peer->last_sent, now);
	WRITE_ONCE(peer->last_recv, now);
	spin_unlock_bh(&peer->lock);

	next = ovpn_peer_keepalive_deadline(peer);
	if (next)
		ovpn_peer_keepalive_schedule(peer->ovpn, next);
}

/* act on one peer's deadlines: true if it expired, then it was unlinked
 * and the caller removes it
 */
static bool ovpn_peer_keepalive_check(struct ovpn_peer *peer, time64_t now,
				      time64_t *next)
{
	enum ovpn_del_peer_reason reason;
	unsigned long interval, timeout;
	time64_t deadline;
	bool expired;

	spin_lock_bh(&peer->lock);
	interval = peer->keepalive_interval;
	timeout = peer->keepalive_timeout;
	spin_unlock_bh(&peer->lock);

	if (timeout) {
		deadline = READ_ONCE(peer->last_recv) + timeout;
		if (now >= deadline) {
			net_info_ratelimited("%s: peer %u expired\n",
					     netdev_name(peer->ovpn->dev),
					     peer->id);
			reason = OVPN_DEL_PEER_REASON_EXPIRED;
			spin_lock_bh(&peer->ovpn->lock);
			expired = ovpn_peer_unlink(peer, reason);
			spin_unlock_bh(&peer->ovpn->lock);
			return expired;
		}
		if (!*next || deadline < *next)
			*next = deadline;
	}

	if (interval) {
		deadline = READ_ONCE(peer->last_sent) + interval;
		if (now >= deadline) {
			ovpn_xmit_keepalive(peer);
			deadline = now + interval;
		}
		if (!*next || deadline < *next)
			*next = deadline;
	}

	return false;
}

/**
 * ovpn_peer_keepalive_work - keepalive and expiry of all peers of a device
 * @work: the device's keepalive work
 *
 * One work item per device serves every peer: it handles the deadlines
 * that passed and sleeps until the nearest next one.
 */
void ovpn_peer_keepalive_work(struct work_struct *work)
{
	struct ovpn_priv *ovpn = container_of(to_delayed_work(work),
					      struct ovpn_priv,
					      keepalive_work);
	time64_t now = ktime_get_boottime_seconds(), next = 0;
	struct ovpn_peer *batch[OVPN_PEERS_BATCH], *cursor = NULL;
	unsigned int i, n;

	/* from now on deadlines set elsewhere reschedule us */
	spin_lock_bh(&ovpn->lock);
	ovpn->keepalive_next = 0;
	spin_unlock_bh(&ovpn->lock);

	do {
		n = ovpn_peers_next_batch(ovpn, cursor, batch);
		for (i = 0; i < n; i++) {
			if (!ovpn_peer_keepalive_check(batch[i], now, &next)) {
				ovpn_peers_cursor_move(&cursor, batch[i]);
				continue;
			}
			ovpn_peer_remove(batch[i]);
			ovpn_peer_put(batch[i]);
		}
		cond_resched();
	} while (n == OVPN_PEERS_BATCH);
	if (cursor)
		ovpn_peer_put(cursor);

	if (next)
		ovpn_peer_keepalive_schedule(ovpn, next);
}
