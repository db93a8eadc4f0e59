/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_STATS_H_
#define _NET_OVPN_STATS_H_

#include <linux/atomic.h>
#include <linux/types.h>

/**
 * struct ovpn_peer_stat - byte and packet counter of one direction
 * @bytes: number of bytes
 * @packets: number of packets
 */
struct ovpn_peer_stat {
	atomic64_t bytes;
	atomic64_t packets;
};

/**
 * struct ovpn_peer_stats - counters of one layer of a peer
 * @rx: received
 * @tx: transmitted
 */
struct ovpn_peer_stats {
	struct ovpn_peer_stat rx;
	struct ovpn_peer_stat tx;
};

static inline void ovpn_peer_stats_init(struct ovpn_peer_stats *ps)
{
	atomic64_set(&ps->rx.bytes, 0);
	atomic64_set(&ps->rx.packets, 0);
	atomic64_set(&ps->tx.bytes, 0);
	atomic64_set(&ps->tx.packets, 0);
}

static inline void ovpn_peer_stat_add(struct ovpn_peer_stat *stat,
				      unsigned int len)
{
	atomic64_add(len, &stat->bytes);
	atomic64_inc(&stat->packets);
}

#endif /* _NET_OVPN_STATS_H_ */
