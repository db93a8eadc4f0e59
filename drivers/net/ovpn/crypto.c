// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * Key slots of a peer: a primary slot that encrypts everything sent, a
 * secondary one that keeps the previous (or next) key so that packets
 * in flight across a key renegotiation still decrypt.
 */

#include <linux/bug.h>
#include <linux/container_of.h>
#include <linux/errno.h>
#include <linux/kref.h>
#include <linux/lockdep.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "crypto.h"
#include "crypto_aead.h"
#include "main.h"

static void ovpn_crypto_key_slot_free_work(struct work_struct *work)
{
	struct ovpn_crypto_key_slot *ks;

	ks = container_of(to_rcu_work(work), struct ovpn_crypto_key_slot,
			  rwork);
	ovpn_aead_crypto_key_slot_destroy(ks);
}

static void ovpn_crypto_key_slot_release(struct kref *kref)
{
	struct ovpn_crypto_key_slot *ks;

	ks = container_of(kref, struct ovpn_crypto_key_slot, refcount);
	/* Lookups find the slot under RCU and only then try to take a
	 * reference, so the memory must outlive every reader that may
	 * still be looking at it: free it a grace period later. And
	 * freeing a transform may sleep (the exit of an asynchronous or
	 * hardware implementation), while the last reference may go in
	 * softirq context: the grace period ends in process context, on
	 * the driver's workqueue, which module unload drains.
	 */
	INIT_RCU_WORK(&ks->rwork, ovpn_crypto_key_slot_free_work);
	queue_rcu_work(ovpn_wq, &ks->rwork);
}

/**
 * ovpn_crypto_key_slot_put - drop a reference on a key slot
 * @ks: the slot
 *
 * Safe in any context but hard IRQ; the last reference frees the slot
 * (and wipes its keys) after an RCU grace period, in process context.
 */
void ovpn_crypto_key_slot_put(struct ovpn_crypto_key_slot *ks)
{
	kref_put(&ks->refcount, ovpn_crypto_key_slot_release);
}

/**
 * ovpn_crypto_state_init - prepare the key slots of a new peer
 * @cs: the crypto state
 */
void ovpn_crypto_state_init(struct ovpn_crypto_state *cs)
{
	RCU_INIT_POINTER(cs->slots[0], NULL);
	RCU_INIT_POINTER(cs->slots[1], NULL);
	cs->primary_idx = 0;
	spin_lock_init(&cs->lock);
}

/* index in cs->slots of a slot named by userspace; under cs->lock, as
 * the primary index changes with swaps
 */
static int ovpn_crypto_slot_idx(struct ovpn_crypto_state *cs,
				enum ovpn_key_slot slot)
{
	lockdep_assert_held(&cs->lock);

	switch (slot) {
	case OVPN_KEY_SLOT_PRIMARY:
		return cs->primary_idx;
	case OVPN_KEY_SLOT_SECONDARY:
		return !cs->primary_idx;
	default:
		return -EINVAL;
	}
}

/* put @ks (may be NULL) in slot @idx and return what was there, which
 * the caller releases once the lock is dropped
 */
static struct ovpn_crypto_key_slot *
ovpn_crypto_slot_replace(struct ovpn_crypto_state *cs, int idx,
			 struct ovpn_crypto_key_slot *ks)
{
	return rcu_replace_pointer(cs->slots[idx], ks,
				   lockdep_is_held(&cs->lock));
}

/**
 * ovpn_crypto_state_reset - install a new key in a slot
 * @cs: the crypto state of the peer
 * @pkr: the slot and the key
 *
 * Builds the transforms from the key material, then replaces whatever
 * the slot held; packets in flight with the old key keep their own
 * references to it.
 *
 * Return: 0 on success or a negative error code (-EINVAL for an unknown
 * slot or a bad key, -EOPNOTSUPP for an unknown cipher)
 */
int ovpn_crypto_state_reset(struct ovpn_crypto_state *cs,
			    const struct ovpn_peer_key_reset *pkr)
{
	struct ovpn_crypto_key_slot *ks, *old;
	int idx;

	might_sleep();

	if (pkr->slot != OVPN_KEY_SLOT_PRIMARY &&
	    pkr->slot != OVPN_KEY_SLOT_SECONDARY)
		return -EINVAL;

	ks = ovpn_aead_crypto_key_slot_new(&pkr->key);
	if (IS_ERR(ks))
		return PTR_ERR(ks);

	spin_lock_bh(&cs->lock);
	idx = ovpn_crypto_slot_idx(cs, pkr->slot);
	old = ovpn_crypto_slot_replace(cs, idx, ks);
	spin_unlock_bh(&cs->lock);

	if (old)
		ovpn_crypto_key_slot_put(old);

	return 0;
}

/**
 * ovpn_crypto_key_slot_delete - remove the key of a slot
 * @cs: the crypto state of the peer
 * @slot: primary or secondary
 *
 * Return: true if the slot held a key
 */
bool ovpn_crypto_key_slot_delete(struct ovpn_crypto_state *cs,
				 enum ovpn_key_slot slot)
{
	struct ovpn_crypto_key_slot *old = NULL;
	int idx;

	spin_lock_bh(&cs->lock);
	idx = ovpn_crypto_slot_idx(cs, slot);
	if (idx >= 0)
		old = ovpn_crypto_slot_replace(cs, idx, NULL);
	spin_unlock_bh(&cs->lock);

	if (!old)
		return false;

	ovpn_crypto_key_slot_put(old);
	return true;
}

/**
 * ovpn_crypto_key_slots_swap - make the secondary key primary and back
 * @cs: the crypto state of the peer
 *
 * TX switches to the other key at once; RX is unaffected, as it picks
 * the key by the key id of each packet.
 */
void ovpn_crypto_key_slots_swap(struct ovpn_crypto_state *cs)
{
	spin_lock_bh(&cs->lock);
	WRITE_ONCE(cs->primary_idx, !cs->primary_idx);
	spin_unlock_bh(&cs->lock);
}

/**
 * ovpn_crypto_state_release - remove every key of a peer
 * @cs: the crypto state of the peer
 *
 * Called when the peer goes away; the slots are freed once the packets
 * still in flight with them are done.
 */
void ovpn_crypto_state_release(struct ovpn_crypto_state *cs)
{
	struct ovpn_crypto_key_slot *old[ARRAY_SIZE(cs->slots)];
	int i;

	spin_lock_bh(&cs->lock);
	for (i = 0; i < ARRAY_SIZE(cs->slots); i++)
		old[i] = ovpn_crypto_slot_replace(cs, i, NULL);
	spin_unlock_bh(&cs->lock);

	for (i = 0; i < ARRAY_SIZE(old); i++)
		if (old[i])
			ovpn_crypto_key_slot_put(old[i]);
}

/**
 * ovpn_crypto_kill_key - remove a key for good
 * @cs: the crypto state of the peer
 * @ks: the key, as found by the caller
 *
 * Used when a key ran out of TX packet ids: from then on it must never
 * encrypt again, so it leaves its slot (whichever it is) and userspace
 * is expected to install a new one. Only @ks itself is removed: a key
 * installed in its place meanwhile, even with the same key id, stays.
 *
 * Return: true if @ks was removed, false if no slot held it any more
 * (for instance because another CPU removed it first)
 */
bool ovpn_crypto_kill_key(struct ovpn_crypto_state *cs,
			  struct ovpn_crypto_key_slot *ks)
{
	struct ovpn_crypto_key_slot *old = NULL;
	int i;

	spin_lock_bh(&cs->lock);
	for (i = 0; i < ARRAY_SIZE(cs->slots); i++) {
		if (rcu_access_pointer(cs->slots[i]) == ks) {
			old = ovpn_crypto_slot_replace(cs, i, NULL);
			break;
		}
	}
	spin_unlock_bh(&cs->lock);

	if (!old)
		return false;

	ovpn_crypto_key_slot_put(old);
	return true;
}

/**
 * ovpn_crypto_config_get - describe the key of a slot
 * @cs: the crypto state of the peer
 * @slot: primary or secondary
 * @kc: filled with the key id and cipher of the slot; the key material
 *	pointers are left empty, keys never leave the kernel
 *
 * Return: 0 on success, -ENOENT if the slot is empty, -EINVAL for an
 * unknown slot
 */
int ovpn_crypto_config_get(struct ovpn_crypto_state *cs,
			   enum ovpn_key_slot slot,
			   struct ovpn_key_config *kc)
{
	struct ovpn_crypto_key_slot *ks;
	int idx, ret = 0;

	memset(kc, 0, sizeof(*kc));

	spin_lock_bh(&cs->lock);
	idx = ovpn_crypto_slot_idx(cs, slot);
	if (idx < 0) {
		ret = idx;
		goto unlock;
	}

	ks = rcu_dereference_protected(cs->slots[idx],
				       lockdep_is_held(&cs->lock));
	if (!ks) {
		ret = -ENOENT;
		goto unlock;
	}

	kc->cipher_alg = ks->cipher_alg;
	kc->key_id = ks->key_id;

unlock:
	spin_unlock_bh(&cs->lock);
	return ret;
}

/**
 * ovpn_crypto_key_slot_primary - the key to encrypt with
 * @cs: the crypto state of the peer
 *
 * Return: the primary slot with a reference the caller must drop with
 * ovpn_crypto_key_slot_put(), or NULL if there is none
 */
struct ovpn_crypto_key_slot *
ovpn_crypto_key_slot_primary(struct ovpn_crypto_state *cs)
{
	struct ovpn_crypto_key_slot *ks;

	rcu_read_lock();
	ks = rcu_dereference(cs->slots[READ_ONCE(cs->primary_idx)]);
	if (ks && !ovpn_crypto_key_slot_hold(ks))
		ks = NULL;
	rcu_read_unlock();

	return ks;
}

/**
 * ovpn_crypto_key_id_to_slot - the key to decrypt a packet with
 * @cs: the crypto state of the peer
 * @key_id: the key id of the packet
 *
 * Return: the slot holding @key_id (the primary one first) with a
 * reference the caller must drop with ovpn_crypto_key_slot_put(), or
 * NULL if there is none
 */
struct ovpn_crypto_key_slot *
ovpn_crypto_key_id_to_slot(struct ovpn_crypto_state *cs, u8 key_id)
{
	struct ovpn_crypto_key_slot *ks;
	u8 idx;
	int i;

	rcu_read_lock();
	idx = READ_ONCE(cs->primary_idx);
	for (i = 0; i < ARRAY_SIZE(cs->slots); i++, idx = !idx) {
		ks = rcu_dereference(cs->slots[idx]);
		if (ks && ks->key_id == key_id &&
		    ovpn_crypto_key_slot_hold(ks))
			goto unlock;
	}
	ks = NULL;
unlock:
	rcu_read_unlock();

	return ks;
}
