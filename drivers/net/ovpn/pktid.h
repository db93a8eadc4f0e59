/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_PKTID_H_
#define _NET_OVPN_PKTID_H_

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/spinlock.h>
#include <linux/types.h>

/* number of packet ids below the highest one received that are still
 * accepted (once each); anything older is rejected as a replay
 */
#define OVPN_PKTID_WINDOW	2048

/* The window is kept as a ring of words indexed by packet id. The word
 * holding the highest id may be only partly used, so one spare word
 * keeps a full OVPN_PKTID_WINDOW ids behind it.
 */
#define OVPN_PKTID_RING_WORDS	(OVPN_PKTID_WINDOW / BITS_PER_LONG + 1)

/**
 * struct ovpn_pktid_xmit - packet id generator of one TX key
 * @seq: last packet id handed out; 64 bits wide so that it keeps
 *	 counting past U32_MAX and the exhaustion can never wrap back to
 *	 ids that were already used
 */
struct ovpn_pktid_xmit {
	atomic64_t seq;
};

/**
 * struct ovpn_pktid_recv - replay window of one RX key
 * @lock: protects @highest and @ring, which change together for every
 *	  accepted packet; taken with BHs disabled as the RX path and
 *	  crypto completions run in softirq context
 * @highest: highest packet id accepted so far, 0 before the first one
 * @ring: one bit per packet id of the window, set once the id was
 *	  accepted; word (id / BITS_PER_LONG) % OVPN_PKTID_RING_WORDS
 */
struct ovpn_pktid_recv {
	spinlock_t lock; /* protects highest and ring */
	u32 highest;
	unsigned long ring[OVPN_PKTID_RING_WORDS];
};

void ovpn_pktid_xmit_init(struct ovpn_pktid_xmit *pid);
int ovpn_pktid_xmit_next(struct ovpn_pktid_xmit *pid, u32 *pktid);

void ovpn_pktid_recv_init(struct ovpn_pktid_recv *pr);
int ovpn_pktid_recv_check(struct ovpn_pktid_recv *pr, u32 pktid);

#endif /* _NET_OVPN_PKTID_H_ */
