// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * AEAD encryption and decryption of P_DATA_V2 packets, in place in the
 * skb, through the kernel crypto API.
 *
 *   byte 0      opcode (high 5 bits) and key id (low 3 bits)
 *   bytes 1..3  peer id
 *   bytes 4..7  packet id
 *   bytes 8..23 tag
 *   bytes 24..  ciphertext
 *
 * The AEAD sees the first 8 bytes as associated data and wants the tag
 * after the ciphertext, while OpenVPN puts it in front: the scatterlist
 * lists the associated data, then the payload, then the tag bytes of
 * the header.
 */

#include <crypto/aead.h>
#include <linux/err.h>
#include <linux/net.h>
#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <linux/bottom_half.h>

#include "crypto.h"
#include "crypto_aead.h"
#include "pktid.h"
#include "proto.h"
#include "skb.h"

/* the AEAD nonce: packet id as on the wire, then the nonce tail */
#define OVPN_NONCE_SIZE		(OVPN_PKTID_SIZE + OVPN_NONCE_TAIL_SIZE)

/* scatterlist entries besides the payload: associated data and tag */
#define OVPN_AEAD_EXTRA_SG	2

static const char *ovpn_aead_alg_name(enum ovpn_cipher_alg alg)
{
	switch (alg) {
	case OVPN_CIPHER_ALG_AES_GCM:
		return "gcm(aes)";
	case OVPN_CIPHER_ALG_CHACHA20_POLY1305:
		return "rfc7539(chacha20,poly1305)";
	default:
		return NULL;
	}
}

static struct crypto_aead *
ovpn_aead_tfm_new(const char *alg_name, const struct ovpn_key_direction *kd)
{
	struct crypto_aead *tfm;
	int ret;

	tfm = crypto_alloc_aead(alg_name, 0, 0);
	if (IS_ERR(tfm))
		return tfm;

	/* the transform keeps its own copy of the key, wiped when freed */
	ret = crypto_aead_setkey(tfm, kd->cipher_key, kd->cipher_key_size);
	if (ret)
		goto err_free_tfm;

	ret = crypto_aead_setauthsize(tfm, OVPN_AUTH_TAG_SIZE);
	if (ret)
		goto err_free_tfm;

	if (crypto_aead_ivsize(tfm) != OVPN_NONCE_SIZE) {
		ret = -EINVAL;
		goto err_free_tfm;
	}

	return tfm;

err_free_tfm:
	crypto_free_aead(tfm);
	return ERR_PTR(ret);
}

/**
 * ovpn_aead_crypto_key_slot_new - build a key slot from a key config
 * @kc: the key; its material is only read, the caller wipes it
 *
 * Allocates the transforms of both directions (this may load crypto
 * modules and sleep). The slot starts with one reference and fresh
 * packet id counters.
 *
 * Return: the new slot, or an ERR_PTR: -EOPNOTSUPP for an unknown
 * cipher, -EINVAL for a bad key id, key or nonce tail length, -ENOENT
 * if the cipher is not available, -ENOMEM
 */
struct ovpn_crypto_key_slot *
ovpn_aead_crypto_key_slot_new(const struct ovpn_key_config *kc)
{
	struct ovpn_crypto_key_slot *ks;
	const char *alg_name;
	int ret;

	might_sleep();

	alg_name = ovpn_aead_alg_name(kc->cipher_alg);
	if (!alg_name)
		return ERR_PTR(-EOPNOTSUPP);

	if (kc->key_id > (OVPN_KEY_ID_MASK >> OVPN_KEY_ID_SHIFT) ||
	    !kc->encrypt.nonce_tail || !kc->decrypt.nonce_tail ||
	    kc->encrypt.nonce_tail_size != OVPN_NONCE_TAIL_SIZE ||
	    kc->decrypt.nonce_tail_size != OVPN_NONCE_TAIL_SIZE)
		return ERR_PTR(-EINVAL);

	ks = kzalloc(sizeof(*ks), GFP_KERNEL);
	if (!ks)
		return ERR_PTR(-ENOMEM);

	ks->encrypt = ovpn_aead_tfm_new(alg_name, &kc->encrypt);
	if (IS_ERR(ks->encrypt)) {
		ret = PTR_ERR(ks->encrypt);
		goto err_free_ks;
	}

	ks->decrypt = ovpn_aead_tfm_new(alg_name, &kc->decrypt);
	if (IS_ERR(ks->decrypt)) {
		ret = PTR_ERR(ks->decrypt);
		goto err_free_encrypt;
	}

	ks->key_id = kc->key_id;
	ks->cipher_alg = kc->cipher_alg;
	memcpy(ks->nonce_tail_xmit, kc->encrypt.nonce_tail,
	       OVPN_NONCE_TAIL_SIZE);
	memcpy(ks->nonce_tail_recv, kc->decrypt.nonce_tail,
	       OVPN_NONCE_TAIL_SIZE);
	ovpn_pktid_xmit_init(&ks->pid_xmit);
	ovpn_pktid_recv_init(&ks->pid_recv);
	kref_init(&ks->refcount);

	return ks;

err_free_encrypt:
	crypto_free_aead(ks->encrypt);
err_free_ks:
	kfree(ks);
	return ERR_PTR(ret);
}

/**
 * ovpn_aead_crypto_key_slot_destroy - free a key slot and wipe its keys
 * @ks: the slot, no longer referenced by anyone
 *
 * Process context: freeing a transform may sleep.
 */
void ovpn_aead_crypto_key_slot_destroy(struct ovpn_crypto_key_slot *ks)
{
	/* the exit of an asynchronous or hardware implementation may wait
	 * for its engine
	 */
	might_sleep();

	/* freeing a transform wipes the key it holds */
	crypto_free_aead(ks->encrypt);
	crypto_free_aead(ks->decrypt);
	/* and this wipes the nonce tails */
	kfree_sensitive(ks);
}

/* Memory for one AEAD request: the request with the transform's
 * request context, then the IV aligned as the transform wants it, then
 * the scatterlist. Each CPU keeps one buffer of OVPN_AEAD_BUF_SIZE
 * bytes, enough for any transform the driver uses and a packet of up to
 * a few dozen fragments, and hands it to every request it runs
 * synchronously (all of them, with the usual CPU implementations): the
 * data path allocates nothing per packet. A request that goes
 * asynchronous keeps its buffer until it completes and frees it then;
 * the CPU allocates a new one for its next request. Requests that need
 * more room get their own allocation.
 */
#define OVPN_AEAD_BUF_SIZE	2048

static void * __percpu *ovpn_aead_bufs;

/**
 * struct ovpn_aead_req_buf - the memory of one request
 * @req: the AEAD request, at the start of the memory
 * @iv: the IV, inside the memory
 * @sg: the scatterlist, inside the memory
 * @size: bytes the request needs
 * @secret: how many bytes at the start may hold secret state (request
 *	    context and IV), to be wiped before the memory is reused
 */
struct ovpn_aead_req_buf {
	struct aead_request *req;
	u8 *iv;
	struct scatterlist *sg;
	size_t size;
	size_t secret;
};

/**
 * ovpn_aead_init - allocate the per-CPU request buffers
 *
 * Return: 0 or -ENOMEM
 */
int ovpn_aead_init(void)
{
	ovpn_aead_bufs = alloc_percpu(void *);
	return ovpn_aead_bufs ? 0 : -ENOMEM;
}

/**
 * ovpn_aead_uninit - free the per-CPU request buffers
 *
 * Called once no packet can be encrypted or decrypted any more.
 */
void ovpn_aead_uninit(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		kfree_sensitive(*per_cpu_ptr(ovpn_aead_bufs, cpu));
	free_percpu(ovpn_aead_bufs);
	ovpn_aead_bufs = NULL;
}

/* Get the memory for a request on @tfm with @nsg scatterlist entries:
 * this CPU's buffer if it is free and large enough, else a new
 * allocation (atomic: the data path runs in softirq context). The caller
 * has bottom halves disabled, so that the buffer stays this CPU's until
 * ovpn_aead_req_put().
 *
 * Return: true, or false when no memory could be had
 */
static bool ovpn_aead_req_get(struct crypto_aead *tfm, unsigned int nsg,
			      struct ovpn_aead_req_buf *rb)
{
	unsigned int alignmask = crypto_aead_alignmask(tfm);
	size_t iv_off, sg_off;
	void *buf = NULL;

	lockdep_assert_in_softirq();

	iv_off = sizeof(struct aead_request) + crypto_aead_reqsize(tfm);
	sg_off = ALIGN(iv_off + alignmask + OVPN_NONCE_SIZE,
		       __alignof__(struct scatterlist));
	rb->size = size_add(sg_off, array_size(nsg, sizeof(*rb->sg)));
	rb->secret = sg_off;

	if (likely(rb->size <= OVPN_AEAD_BUF_SIZE && ovpn_aead_bufs)) {
		buf = this_cpu_xchg(*ovpn_aead_bufs, NULL);
		if (!buf)
			buf = kmalloc(OVPN_AEAD_BUF_SIZE, GFP_ATOMIC);
	} else {
		buf = kmalloc(rb->size, GFP_ATOMIC);
	}
	if (unlikely(!buf))
		return false;

	rb->req = buf;
	rb->iv = PTR_ALIGN((u8 *)buf + iv_off, alignmask + 1);
	rb->sg = buf + sg_off;
	aead_request_set_tfm(rb->req, tfm);

	return true;
}

/* Give back the memory of a request that ran synchronously (or never
 * ran), on the CPU that got it: it becomes this CPU's buffer again,
 * with the state the request left wiped (the one-time Poly1305 key,
 * GHASH state), or is freed wiped.
 */
static void ovpn_aead_req_put(struct ovpn_aead_req_buf *rb)
{
	void *buf = rb->req;

	if (likely(rb->size <= OVPN_AEAD_BUF_SIZE && ovpn_aead_bufs)) {
		memzero_explicit(buf, rb->secret);
		buf = this_cpu_xchg(*ovpn_aead_bufs, buf);
	}
	kfree_sensitive(buf);
}

/* The memory of a request that went asynchronous: it was the request's
 * own since, wipe and free it as aead_request_free() would.
 */
static void ovpn_aead_request_free(struct sk_buff *skb)
{
	struct ovpn_skb_cb *cb = ovpn_skb_cb(skb);

	kfree_sensitive(cb->crypto_tmp);
	cb->crypto_tmp = NULL;
}

/* Map the packet, whose 24-byte header is at skb->data, for the AEAD:
 * associated data, payload, tag.
 */
static int ovpn_aead_sg_map(struct sk_buff *skb, struct scatterlist *sg,
			    unsigned int nsg, unsigned int payload_len)
{
	int n;

	sg_init_table(sg, nsg);
	sg_set_buf(sg, skb->data, OVPN_AAD_SIZE);

	n = skb_to_sgvec_nomark(skb, sg + 1, OVPN_HEAD_SIZE, payload_len);
	if (unlikely(n < 0))
		return n;

	sg_set_buf(sg + 1 + n, skb->data + OVPN_AAD_SIZE, OVPN_AUTH_TAG_SIZE);
	sg_mark_end(sg + 1 + n);

	return 0;
}

static void ovpn_aead_encrypt_done(void *data, int err)
{
	struct sk_buff *skb = data;

	ovpn_aead_request_free(skb);
	ovpn_skb_cb(skb)->done(skb, err);
}

/**
 * ovpn_aead_encrypt - encrypt a packet in place
 * @ks: the key slot to encrypt with; the caller holds a reference that
 *	must last until the operation is finished
 * @skb: on entry the plaintext (an inner IP packet, with no checksum
 *	 left to offload and no GSO); on success the whole P_DATA_V2
 *	 packet
 * @peer_id: the peer id to write in the header
 * @done: completion called if the encryption goes asynchronous
 *
 * Takes the next TX packet id of @ks, pushes the header and encrypts.
 * ovpn_skb_cb(@skb) gets @ks, @done, the packet id and the request
 * memory; the caller may use its @peer field.
 *
 * Return: 0 when done synchronously; -EINPROGRESS when @done will be
 * called (exactly once, possibly in softirq context); otherwise a
 * negative error and nothing is pending: -ERANGE when the packet ids of
 * @ks are exhausted (nothing was encrypted, the key must be killed),
 * -ENOSPC when an asynchronous implementation has no room for the
 * request, -ENOMEM or another error of the skb or crypto layers
 */
int ovpn_aead_encrypt(struct ovpn_crypto_key_slot *ks, struct sk_buff *skb,
		      u32 peer_id, ovpn_aead_done_t done)
{
	struct ovpn_skb_cb *cb = ovpn_skb_cb(skb);
	unsigned int payload_len = skb->len;
	struct ovpn_aead_req_buf rb;
	struct sk_buff *trailer;
	int nfrags, ret;
	u32 pktid;
	u8 *hdr;

	ret = ovpn_pktid_xmit_next(&ks->pid_xmit, &pktid);
	if (unlikely(ret < 0))
		return ret;

	/* encryption is in place: make the header room and the payload
	 * ours (skb_cow_data() also pulls page fragments into the head)
	 */
	ret = skb_cow_head(skb, OVPN_HEAD_SIZE);
	if (unlikely(ret < 0))
		return ret;

	nfrags = skb_cow_data(skb, 0, &trailer);
	if (unlikely(nfrags < 0))
		return nfrags;

	/* the request memory is this CPU's until given back */
	local_bh_disable();
	if (unlikely(!ovpn_aead_req_get(ks->encrypt,
					nfrags + OVPN_AEAD_EXTRA_SG, &rb))) {
		ret = -ENOMEM;
		goto out_bh;
	}

	hdr = skb_push(skb, OVPN_HEAD_SIZE);
	put_unaligned_be32(ovpn_opcode_compose(OVPN_OP_DATA_V2, ks->key_id,
					       peer_id), hdr);
	put_unaligned_be32(pktid, hdr + OVPN_OPCODE_SIZE);

	memcpy(rb.iv, hdr + OVPN_OPCODE_SIZE, OVPN_PKTID_SIZE);
	memcpy(rb.iv + OVPN_PKTID_SIZE, ks->nonce_tail_xmit,
	       OVPN_NONCE_TAIL_SIZE);

	ret = ovpn_aead_sg_map(skb, rb.sg, nfrags + OVPN_AEAD_EXTRA_SG,
			       payload_len);
	if (unlikely(ret < 0)) {
		net_dbg_ratelimited("cannot map packet for encryption: %d\n",
				    ret);
		goto out_put_req;
	}

	/* no backlog: an asynchronous implementation whose queue is full
	 * refuses the request (-ENOSPC, or -EBUSY from older drivers) and
	 * the packet is dropped, so that the data path cannot queue more
	 * than the implementation takes
	 */
	aead_request_set_callback(rb.req, 0, ovpn_aead_encrypt_done, skb);
	aead_request_set_crypt(rb.req, rb.sg, rb.sg, payload_len, rb.iv);
	aead_request_set_ad(rb.req, OVPN_AAD_SIZE);

	cb->ks = ks;
	cb->crypto_tmp = rb.req;
	cb->done = done;
	cb->pktid = pktid;

	/* Once pending, the skb and the request memory may already be
	 * completed and freed on another CPU: touch nothing after
	 * submitting it.
	 */
	ret = crypto_aead_encrypt(rb.req);
	if (ret == -EINPROGRESS)
		goto out_bh;
	if (unlikely(ret == -EBUSY))
		ret = -ENOSPC;

	cb->crypto_tmp = NULL;
out_put_req:
	ovpn_aead_req_put(&rb);
out_bh:
	local_bh_enable();
	return ret;
}

/* the packet decrypted: leave the plaintext at skb->data */
static void ovpn_aead_decrypt_finish(struct sk_buff *skb)
{
	/* any checksum state described the packet as received */
	skb->ip_summed = CHECKSUM_NONE;
	__skb_pull(skb, OVPN_HEAD_SIZE);
}

static void ovpn_aead_decrypt_done(void *data, int err)
{
	struct sk_buff *skb = data;

	ovpn_aead_request_free(skb);
	if (!err)
		ovpn_aead_decrypt_finish(skb);
	ovpn_skb_cb(skb)->done(skb, err);
}

/**
 * ovpn_aead_decrypt - authenticate and decrypt a packet in place
 * @ks: the key slot matching the packet's key id; the caller holds a
 *	reference that must last until the operation is finished
 * @skb: on entry the whole P_DATA_V2 packet at skb->data; on success
 *	 the plaintext, the header pulled
 * @done: completion called if the decryption goes asynchronous
 *
 * ovpn_skb_cb(@skb) gets @ks, @done, the request memory and the packet
 * id read from the header. The packet id is not checked here: the
 * caller must pass it to ovpn_pktid_recv_check() once this succeeded,
 * so that only authentic packets move the replay window.
 *
 * Return: 0 when done synchronously; -EINPROGRESS when @done will be
 * called (exactly once, possibly in softirq context); otherwise a
 * negative error and nothing is pending: -EBADMSG if the packet is not
 * authentic, -EINVAL if it is too short, -ENOSPC when an asynchronous
 * implementation has no room for the request, -ENOMEM or another error
 * of the skb or crypto layers
 */
int ovpn_aead_decrypt(struct ovpn_crypto_key_slot *ks, struct sk_buff *skb,
		      ovpn_aead_done_t done)
{
	struct ovpn_skb_cb *cb = ovpn_skb_cb(skb);
	struct ovpn_aead_req_buf rb;
	unsigned int payload_len;
	struct sk_buff *trailer;
	int nfrags, ret;

	if (unlikely(!pskb_may_pull(skb, OVPN_HEAD_SIZE))) {
		net_dbg_ratelimited("data packet too short: %u bytes\n",
				    skb->len);
		return -EINVAL;
	}
	payload_len = skb->len - OVPN_HEAD_SIZE;

	/* decryption is in place: the data must be ours */
	nfrags = skb_cow_data(skb, 0, &trailer);
	if (unlikely(nfrags < 0))
		return nfrags;

	/* the request memory is this CPU's until given back */
	local_bh_disable();
	if (unlikely(!ovpn_aead_req_get(ks->decrypt,
					nfrags + OVPN_AEAD_EXTRA_SG, &rb))) {
		ret = -ENOMEM;
		goto out_bh;
	}

	memcpy(rb.iv, skb->data + OVPN_OPCODE_SIZE, OVPN_PKTID_SIZE);
	memcpy(rb.iv + OVPN_PKTID_SIZE, ks->nonce_tail_recv,
	       OVPN_NONCE_TAIL_SIZE);

	ret = ovpn_aead_sg_map(skb, rb.sg, nfrags + OVPN_AEAD_EXTRA_SG,
			       payload_len);
	if (unlikely(ret < 0)) {
		net_dbg_ratelimited("cannot map packet for decryption: %d\n",
				    ret);
		goto out_put_req;
	}

	/* no backlog, as in ovpn_aead_encrypt() */
	aead_request_set_callback(rb.req, 0, ovpn_aead_decrypt_done, skb);
	aead_request_set_crypt(rb.req, rb.sg, rb.sg,
			       payload_len + OVPN_AUTH_TAG_SIZE, rb.iv);
	aead_request_set_ad(rb.req, OVPN_AAD_SIZE);

	cb->ks = ks;
	cb->crypto_tmp = rb.req;
	cb->done = done;
	cb->pktid = get_unaligned_be32(skb->data + OVPN_OPCODE_SIZE);

	/* as in ovpn_aead_encrypt(): touch nothing once it is pending */
	ret = crypto_aead_decrypt(rb.req);
	if (ret == -EINPROGRESS)
		goto out_bh;
	if (unlikely(ret == -EBUSY))
		ret = -ENOSPC;

	cb->crypto_tmp = NULL;
	if (!ret)
		ovpn_aead_decrypt_finish(skb);
out_put_req:
	ovpn_aead_req_put(&rb);
out_bh:
	local_bh_enable();
	return ret;
}
