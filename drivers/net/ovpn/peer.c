// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * Peers: their life cycle (allocation, linking to the device, removal,
 * the last reference), the walks over every peer of a device, and the
 * changes of a linked peer's addresses: VPN addresses, endpoint, float.
 * The tables that find peers are in peerlookup.c, keepalive and expiry
 * in keepalive.c.
 */

#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "bind.h"
#include "crypto.h"
#include "keepalive.h"
#include "netlink-core.h"
#include "ovpnpriv.h"
#include "peer.h"
#include "peerlookup.h"
#include "socket.h"

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

/**
 * ovpn_peer_unlink - take a peer off its device's collection
 * @peer: the peer
 * @reason: why, for the notification
 *
 * Context: ovpn->lock held. Only the caller that gets true owns the
 * rest of the removal, ovpn_peer_remove(), once it dropped the lock.
 *
 * Return: true if this call unlinked the peer
 */
bool ovpn_peer_unlink(struct ovpn_peer *peer,
		      enum ovpn_del_peer_reason reason)
{
	struct ovpn_priv *ovpn = peer->ovpn;

	lockdep_assert_held(&ovpn->lock);

	if (!peer->linked)
		return false;

	WRITE_ONCE(peer->linked, false);
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

/**
 * ovpn_peer_remove - the rest of the removal of an unlinked peer
 * @peer: the peer, unlinked by the caller
 *
 * The notification, the socket and the device's reference; the
 * caller's own reference, if it has one, stays.
 */
void ovpn_peer_remove(struct ovpn_peer *peer)
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
	WRITE_ONCE(peer->linked, true);
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
unsigned int ovpn_peers_next_batch(struct ovpn_priv *ovpn,
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

/**
 * ovpn_peers_cursor_move - move a walk's cursor
 * @cursor: the walk's cursor, whose reference is dropped
 * @peer: the new cursor, a peer the walk leaves linked, with the
 *	  reference ovpn_peers_next_batch() gave
 */
void ovpn_peers_cursor_move(struct ovpn_peer **cursor,
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
