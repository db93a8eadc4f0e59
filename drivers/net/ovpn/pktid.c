// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * Packet ids: the TX counter of a key and the RX replay window.
 */

#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "pktid.h"

/**
 * ovpn_pktid_xmit_init - prepare the packet id generator of a new key
 * @pid: the generator
 */
void ovpn_pktid_xmit_init(struct ovpn_pktid_xmit *pid)
{
	atomic64_set(&pid->seq, 0);
}

/**
 * ovpn_pktid_xmit_next - take the packet id of the next packet
 * @pid: the generator of the key the packet is encrypted with
 * @pktid: where to store the id
 *
 * Ids start at 1 and are never handed out twice. Lock-free: concurrent
 * senders each get a distinct id. Once the 32 bits of the wire format
 * are used up every call fails; the key must then be replaced, as
 * reusing an id would reuse an AEAD nonce.
 *
 * Return: 0 on success, -ERANGE when the ids of this key are exhausted
 */
int ovpn_pktid_xmit_next(struct ovpn_pktid_xmit *pid, u32 *pktid)
{
	s64 seq = atomic64_inc_return(&pid->seq);

	if (unlikely(seq > U32_MAX))
		return -ERANGE;

	*pktid = seq;
	return 0;
}

/**
 * ovpn_pktid_recv_init - prepare the replay window of a new key
 * @pr: the window
 */
void ovpn_pktid_recv_init(struct ovpn_pktid_recv *pr)
{
	memset(pr, 0, sizeof(*pr));
	spin_lock_init(&pr->lock);
}

/**
 * ovpn_pktid_recv_check - accept a received packet id at most once
 * @pr: the replay window of the key that decrypted the packet
 * @pktid: the packet id read from the packet
 *
 * Accepts ids newer than any seen so far and ids up to
 * OVPN_PKTID_WINDOW - 1 below the newest that have not been seen yet,
 * and records them. Must be called only once the packet's tag was
 * verified: an id from a forged packet would otherwise move the window
 * and make genuine packets look like replays.
 *
 * Return: 0 if the packet is to be accepted (the id is now recorded),
 * -EINVAL for id 0 (never sent), -EEXIST for an id already accepted
 * (a duplicate or a replay), -ERANGE for an id that is too old for
 * the window to tell
 */
int ovpn_pktid_recv_check(struct ovpn_pktid_recv *pr, u32 pktid)
{
	unsigned long word, cur_word, advance, i;
	int ret = 0;

	if (unlikely(!pktid))
		return -EINVAL;

	spin_lock_bh(&pr->lock);

	if (likely(pktid > pr->highest)) {
		/* slide forward: forget the words between the old and the
		 * new highest id, which may still hold bits of ids one ring
		 * turn older; a jump longer than the ring clears it all
		 */
		word = pktid / BITS_PER_LONG;
		cur_word = pr->highest / BITS_PER_LONG;
		advance = min(word - cur_word,
			      (unsigned long)OVPN_PKTID_RING_WORDS);
		for (i = 1; i <= advance; i++)
			pr->ring[(cur_word + i) % OVPN_PKTID_RING_WORDS] = 0;
		pr->highest = pktid;
	} else if (pr->highest - pktid >= OVPN_PKTID_WINDOW) {
		ret = -ERANGE;
		goto unlock;
	}

	word = (pktid / BITS_PER_LONG) % OVPN_PKTID_RING_WORDS;
	if (__test_and_set_bit(pktid % BITS_PER_LONG, &pr->ring[word]))
		ret = -EEXIST;

unlock:
	spin_unlock_bh(&pr->lock);
	return ret;
}
