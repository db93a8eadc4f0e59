// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * Peers: life cycle, lookup, keepalive and expiry.
 */

#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include "bind.h"
#include "crypto.h"
#include "io.h"
#include "netlink.h"
#include "ovpnpriv.h"
#include "peer.h"
#include "proto.h"
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
	ovpn_crypto_state_init(&peer->crypto);
	ovpn_peer_stats_init(&peer->vpn_stats);
	ovpn_peer_stats_init(&peer->link_stats);
	peer->last_recv = ktime_get_real_seconds();
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

/* the keepalive work may have a new deadline to consider; a device
 * being destroyed has cancelled it for good
 */
static void ovpn_peer_keepalive_kick(struct ovpn_priv *ovpn)
{
	spin_lock_bh(&ovpn->lock);
	if (!ovpn->dead)
		mod_delayed_work(system_wq, &ovpn->keepalive_work, 0);
	spin_unlock_bh(&ovpn->lock);
}

/**
 * ovpn_peer_add - link a new peer to its device
 * @ovpn: the device
 * @peer: the peer; the device takes over the caller's reference
 *
 * In P2P mode a new peer replaces the existing one.
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_peer_add(struct ovpn_priv *ovpn, struct ovpn_peer *peer)
{
	struct ovpn_peer *old;

	spin_lock_bh(&ovpn->lock);
	if (ovpn->dead) {
		spin_unlock_bh(&ovpn->lock);
		return -ENODEV;
	}
	old = rcu_replace_pointer(ovpn->peer, peer,
				  lockdep_is_held(&ovpn->lock));
	spin_unlock_bh(&ovpn->lock);

	if (old) {
		old->delete_reason = OVPN_DEL_PEER_REASON_TEARDOWN;
		ovpn_nl_peer_del_notify(old);
		ovpn_socket_release(old);
		ovpn_peer_put(old);
	}

	netif_carrier_on(ovpn->dev);
	ovpn_peer_keepalive_kick(ovpn);
	return 0;
}

/* unlink @peer if it is still linked; only one caller wins */
static bool ovpn_peer_unlink(struct ovpn_peer *peer,
			     enum ovpn_del_peer_reason reason)
{
	struct ovpn_priv *ovpn = peer->ovpn;
	bool unlinked = false;

	spin_lock_bh(&ovpn->lock);
	if (rcu_access_pointer(ovpn->peer) == peer) {
		RCU_INIT_POINTER(ovpn->peer, NULL);
		peer->delete_reason = reason;
		unlinked = true;
	}
	spin_unlock_bh(&ovpn->lock);

	return unlinked;
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
	if (!ovpn_peer_unlink(peer, reason))
		return -ENOENT;

	netif_carrier_off(peer->ovpn->dev);
	ovpn_nl_peer_del_notify(peer);
	ovpn_socket_release(peer);
	ovpn_peer_put(peer);
	return 0;
}

/**
 * ovpn_peers_free - remove every peer of a device, or of one socket
 * @ovpn: the device
 * @sk: remove only the peers using this socket, or all if NULL
 * @reason: why, for the notifications
 */
void ovpn_peers_free(struct ovpn_priv *ovpn, struct sock *sk,
		     enum ovpn_del_peer_reason reason)
{
	struct ovpn_socket *sock;
	struct ovpn_peer *peer;

	rcu_read_lock();
	peer = rcu_dereference(ovpn->peer);
	if (peer && sk) {
		sock = rcu_dereference(peer->sock);
		if (!sock || sock->sk != sk)
			peer = NULL;
	}
	if (peer && !ovpn_peer_hold(peer))
		peer = NULL;
	rcu_read_unlock();

	if (peer) {
		ovpn_peer_del(peer, reason);
		ovpn_peer_put(peer);
	}
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
	peer = rcu_dereference(ovpn->peer);
	if (peer && (peer->id != peer_id || !ovpn_peer_hold(peer)))
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
	struct ovpn_bind *bind;
	struct ovpn_peer *peer;

	if (peer_id != OVPN_PEER_ID_UNDEF)
		return ovpn_peer_get_by_id(ovpn, peer_id);

	rcu_read_lock();
	peer = rcu_dereference(ovpn->peer);
	if (peer) {
		bind = rcu_dereference(peer->bind);
		if (!bind || !ovpn_bind_skb_src_match(bind, skb) ||
		    !ovpn_peer_hold(peer))
			peer = NULL;
	}
	rcu_read_unlock();

	return peer;
}

/**
 * ovpn_peer_get_tx - find the peer an outgoing packet goes to
 * @ovpn: the device
 * @skb: the inner packet
 *
 * Return: the peer with a reference taken, or NULL
 */
struct ovpn_peer *ovpn_peer_get_tx(struct ovpn_priv *ovpn,
				   struct sk_buff *skb)
{
	struct ovpn_peer *peer;

	rcu_read_lock();
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
	time64_t now = ktime_get_real_seconds();

	spin_lock_bh(&peer->lock);
	peer->keepalive_interval = interval;
	peer->keepalive_timeout = timeout;
	/* the periods start now */
	WRITE_ONCE(peer->last_sent, now);
	WRITE_ONCE(peer->last_recv, now);
	spin_unlock_bh(&peer->lock);

	ovpn_peer_keepalive_kick(peer->ovpn);
}

/* act on one peer's deadlines; return the seconds until its next one,
 * or 0 if it has none
 */
static time64_t ovpn_peer_keepalive_check(struct ovpn_peer *peer,
					  time64_t now)
{
	time64_t next = 0, deadline;
	unsigned long interval, timeout;

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
			ovpn_peer_del(peer, OVPN_DEL_PEER_REASON_EXPIRED);
			return 0;
		}
		next = deadline - now;
	}

	if (interval) {
		deadline = READ_ONCE(peer->last_sent) + interval;
		if (now >= deadline) {
			ovpn_xmit_keepalive(peer);
			deadline = now + interval;
		}
		if (!next || deadline - now < next)
			next = deadline - now;
	}

	return next;
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
	time64_t now = ktime_get_real_seconds(), next;
	struct ovpn_peer *peer;

	rcu_read_lock();
	peer = rcu_dereference(ovpn->peer);
	if (peer && !ovpn_peer_hold(peer))
		peer = NULL;
	rcu_read_unlock();

	if (!peer)
		return;

	next = ovpn_peer_keepalive_check(peer, now);
	ovpn_peer_put(peer);

	if (!next)
		return;

	spin_lock_bh(&ovpn->lock);
	if (!ovpn->dead)
		mod_delayed_work(system_wq, &ovpn->keepalive_work,
				 next * HZ);
	spin_unlock_bh(&ovpn->lock);
}
