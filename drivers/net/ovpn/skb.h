/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_SKB_H_
#define _NET_OVPN_SKB_H_

#include <linux/build_bug.h>
#include <linux/skbuff.h>
#include <linux/types.h>

struct ovpn_crypto_key_slot;
struct ovpn_peer;

/**
 * typedef ovpn_aead_done_t - completion of an asynchronous AEAD operation
 * @skb: the packet that was encrypted or decrypted
 * @err: 0 on success or a negative error code (-EBADMSG: forged packet)
 *
 * Called exactly once, possibly in softirq context, when
 * ovpn_aead_encrypt() or ovpn_aead_decrypt() returned -EINPROGRESS.
 * The per-request memory is already freed; @skb and the references
 * kept in its ovpn_skb_cb() belong to the callee.
 */
typedef void (*ovpn_aead_done_t)(struct sk_buff *skb, int err);

/**
 * struct ovpn_skb_cb - state of a packet on the data path, in skb->cb
 * @peer: the peer the packet is from or to; the data path keeps a
 *	  reference here across asynchronous crypto
 * @ks: the key slot encrypting or decrypting the packet, set by the
 *	ovpn_aead_* functions; the caller's reference on it is dropped by
 *	the caller, or by @done when the crypto went asynchronous
 * @crypto_tmp: memory of a pending AEAD request (request, IV,
 *		scatterlist); freed before @done is called
 * @done: the caller's completion for asynchronous crypto
 * @pktid: the packet id: the one assigned by ovpn_aead_encrypt(), or
 *	   the one read by ovpn_aead_decrypt() for the replay check
 * @keepalive: TX: the packet is a keepalive, no tunnelled traffic
 */
struct ovpn_skb_cb {
	struct ovpn_peer *peer;
	struct ovpn_crypto_key_slot *ks;
	void *crypto_tmp;
	ovpn_aead_done_t done;
	u32 pktid;
	bool keepalive;
};

/**
 * ovpn_skb_cb - the data path state of a packet
 * @skb: the packet
 *
 * Return: the ovpn_skb_cb stored in @skb->cb
 */
static inline struct ovpn_skb_cb *ovpn_skb_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct ovpn_skb_cb) > sizeof(skb->cb));
	return (struct ovpn_skb_cb *)skb->cb;
}

#endif /* _NET_OVPN_SKB_H_ */
