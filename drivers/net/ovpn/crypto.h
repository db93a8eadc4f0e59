/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_CRYPTO_H_
#define _NET_OVPN_CRYPTO_H_

#include <linux/kref.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <uapi/linux/ovpn.h>

#include "pktid.h"

struct crypto_aead;

/**
 * struct ovpn_key_direction - key material of one direction
 * @cipher_key: the AEAD key
 * @cipher_key_size: length of @cipher_key in bytes
 * @nonce_tail: the last 8 bytes of every nonce of this direction
 * @nonce_tail_size: length of @nonce_tail, must be OVPN_NONCE_TAIL_SIZE
 *
 * Points into the caller's buffers (usually netlink attributes); the
 * key slot keeps no copy of @cipher_key outside its transforms.
 */
struct ovpn_key_direction {
	const u8 *cipher_key;
	size_t cipher_key_size;
	const u8 *nonce_tail;
	size_t nonce_tail_size;
};

/**
 * struct ovpn_key_config - a key as configured by userspace
 * @cipher_alg: the AEAD
 * @key_id: key id written in (and matched against) packet headers, 0-7
 * @encrypt: material of the TX direction
 * @decrypt: material of the RX direction
 */
struct ovpn_key_config {
	enum ovpn_cipher_alg cipher_alg;
	u8 key_id;
	struct ovpn_key_direction encrypt;
	struct ovpn_key_direction decrypt;
};

/**
 * struct ovpn_peer_key_reset - request to install a key in a slot
 * @slot: primary or secondary
 * @key: the key
 */
struct ovpn_peer_key_reset {
	enum ovpn_key_slot slot;
	struct ovpn_key_config key;
};

/**
 * struct ovpn_crypto_key_slot - one installed key, both directions
 * @key_id: key id of the packets this key handles
 * @cipher_alg: the AEAD, reported back to userspace
 * @encrypt: TX transform, holding the TX key
 * @decrypt: RX transform, holding the RX key
 * @nonce_tail_xmit: nonce tail of the TX direction
 * @nonce_tail_recv: nonce tail of the RX direction
 * @pid_recv: replay window of the RX direction
 * @pid_xmit: packet id generator of the TX direction
 * @refcount: one reference for the slot in ovpn_crypto_state, one for
 *	      each packet in flight
 * @rwork: frees the slot a grace period after the last reference
 *	   went, as lookups take references under RCU
 */
struct ovpn_crypto_key_slot {
	u8 key_id;
	enum ovpn_cipher_alg cipher_alg;
	struct crypto_aead *encrypt;
	struct crypto_aead *decrypt;
	u8 nonce_tail_xmit[OVPN_NONCE_TAIL_SIZE];
	u8 nonce_tail_recv[OVPN_NONCE_TAIL_SIZE];
	struct ovpn_pktid_recv pid_recv;
	struct ovpn_pktid_xmit pid_xmit;
	struct kref refcount;
	struct rcu_work rwork;
};

/**
 * struct ovpn_crypto_state - the keys of one peer
 * @slots: the two key slots; which one is primary depends on
 *	   @primary_idx
 * @primary_idx: index in @slots of the primary slot (0 or 1); read
 *		 locklessly by the data path
 * @lock: protects updates of @slots and @primary_idx; readers use RCU
 */
struct ovpn_crypto_state {
	struct ovpn_crypto_key_slot __rcu *slots[2];
	u8 primary_idx;
	spinlock_t lock; /* protects slot updates */
};

void ovpn_crypto_state_init(struct ovpn_crypto_state *cs);
int ovpn_crypto_state_reset(struct ovpn_crypto_state *cs,
			    const struct ovpn_peer_key_reset *pkr);
bool ovpn_crypto_key_slot_delete(struct ovpn_crypto_state *cs,
				 enum ovpn_key_slot slot);
void ovpn_crypto_key_slots_swap(struct ovpn_crypto_state *cs);
void ovpn_crypto_state_release(struct ovpn_crypto_state *cs);
bool ovpn_crypto_kill_key(struct ovpn_crypto_state *cs,
			  struct ovpn_crypto_key_slot *ks);
int ovpn_crypto_config_get(struct ovpn_crypto_state *cs,
			   enum ovpn_key_slot slot,
			   struct ovpn_key_config *kc);

struct ovpn_crypto_key_slot *
ovpn_crypto_key_slot_primary(struct ovpn_crypto_state *cs);
struct ovpn_crypto_key_slot *
ovpn_crypto_key_id_to_slot(struct ovpn_crypto_state *cs, u8 key_id);
void ovpn_crypto_key_slot_put(struct ovpn_crypto_key_slot *ks);

/**
 * ovpn_crypto_key_slot_hold - take another reference on a key slot
 * @ks: the slot
 *
 * Return: false if the slot is already being released
 */
static inline bool ovpn_crypto_key_slot_hold(struct ovpn_crypto_key_slot *ks)
{
	return kref_get_unless_zero(&ks->refcount);
}

#endif /* _NET_OVPN_CRYPTO_H_ */
