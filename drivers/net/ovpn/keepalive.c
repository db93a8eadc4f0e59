// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * Keepalive and expiry: one delayed work item per device serves every
 * peer. It sends a keepalive to the peers that sent nothing for their
 * interval, removes the peers that received nothing for their timeout,
 * and sleeps until the nearest next deadline; setting a peer's
 * keepalive or linking a peer with one brings the work forward.
 * Times are seconds of boot time.
 */

#include <linux/netdevice.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include "io.h"
#include "keepalive.h"
#include "ovpnpriv.h"
#include "peer.h"

/**
 * ovpn_peer_keepalive_schedule - bring a device's keepalive work forward
 * @ovpn: the device
 * @deadline: when the work must run at the latest (seconds of boot time)
 */
void ovpn_peer_keepalive_schedule(struct ovpn_priv *ovpn,
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

/**
 * ovpn_peer_keepalive_deadline - the nearest deadline of a peer
 * @peer: the peer
 *
 * Return: when its keepalive or expiry is next due (seconds of boot
 * time), or 0 if it has neither
 */
time64_t ovpn_peer_keepalive_deadline(struct ovpn_peer *peer)
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
	/* netlink replies read them without the lock */
	WRITE_ONCE(peer->keepalive_interval, interval);
	WRITE_ONCE(peer->keepalive_timeout, timeout);
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
