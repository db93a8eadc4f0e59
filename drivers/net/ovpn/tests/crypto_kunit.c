// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * KUnit tests of the data channel crypto: every P_DATA_V2 packet
 * captured from real OpenVPN sessions must decrypt to its plaintext
 * and, with the same key and packet id, encrypt to the same bytes;
 * tampered packets must be refused; and the key slots of a peer must
 * behave across install, swap, delete and lookup.
 */

#include <crypto/aead.h>
#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/unaligned.h>

#include "../crypto.h"
#include "../crypto_aead.h"
#include "../main.h"
#include "../proto.h"
#include "../skb.h"

/* tests/vectors.h is generated from the OpenVPN captures by
 * scripts/gen-vectors, and the Makefile tells whether it is there;
 * without it the vector tests skip
 */
#ifdef OVPN_KUNIT_VECTORS
#include "vectors.h"
#else
enum ovpn_vector_kind {
	OVPN_VECTOR_KEEPALIVE,
	OVPN_VECTOR_IPV4,
	OVPN_VECTOR_IPV6,
};

struct ovpn_data_vector {
	const char *name;
	enum ovpn_cipher_alg cipher_alg;
	const u8 *key;
	unsigned int key_len;
	const u8 *nonce_tail;
	u8 key_id;
	u32 peer_id;
	u32 pktid;
	enum ovpn_vector_kind kind;
	const u8 *wire;
	unsigned int wire_len;
	const u8 *plain;
	unsigned int plain_len;
};

static const struct ovpn_data_vector ovpn_data_vectors[] = { { } };

#define OVPN_DATA_VECTORS_NUM	0
#define OVPN_VECTORS_NOTE	"tests/vectors.h was not generated"
#endif

/* how long an asynchronous request may take, even on a slow debug VM */
#define OVPN_TEST_TIMEOUT	(20 * HZ)

/* fixed key material for the tests that need no captured packet */
static const u8 ovpn_test_key[32] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
	0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};

static const u8 ovpn_test_nonce_tail[OVPN_NONCE_TAIL_SIZE] = {
	0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
};

/* The completion of asynchronous requests. The test cases run one
 * after the other and wait for their single request, so one instance
 * serves them all.
 */
static struct {
	struct completion done;
	atomic_t calls;
	int err;
} ovpn_test_async;

static void ovpn_test_done(struct sk_buff *skb, int err)
{
	ovpn_test_async.err = err;
	atomic_inc(&ovpn_test_async.calls);
	complete(&ovpn_test_async.done);
}

KUNIT_DEFINE_ACTION_WRAPPER(ovpn_test_skb_free, kfree_skb, struct sk_buff *);
KUNIT_DEFINE_ACTION_WRAPPER(ovpn_test_slot_put, ovpn_crypto_key_slot_put,
			    struct ovpn_crypto_key_slot *);
KUNIT_DEFINE_ACTION_WRAPPER(ovpn_test_state_release,
			    ovpn_crypto_state_release,
			    struct ovpn_crypto_state *);

static void ovpn_test_own_skb(struct kunit *test, struct sk_buff *skb)
{
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							ovpn_test_skb_free,
							skb), 0);
}

/* a linear skb holding @data, with @headroom in front */
static struct sk_buff *ovpn_test_skb(struct kunit *test, const u8 *data,
				     unsigned int len, unsigned int headroom)
{
	struct sk_buff *skb = alloc_skb(headroom + len, GFP_KERNEL);

	ovpn_test_own_skb(test, skb);
	skb_reserve(skb, headroom);
	skb_put_data(skb, data, len);
	return skb;
}

/* @data with the first @head_len bytes in the head, the rest in a page */
static struct sk_buff *ovpn_test_skb_frag(struct kunit *test, const u8 *data,
					  unsigned int len,
					  unsigned int head_len)
{
	struct sk_buff *skb = ovpn_test_skb(test, data, head_len, NET_SKB_PAD);
	struct page *page;

	KUNIT_ASSERT_LE(test, len - head_len, PAGE_SIZE);
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	memcpy(page_address(page), data + head_len, len - head_len);
	skb_add_rx_frag(skb, 0, page, 0, len - head_len, PAGE_SIZE);
	return skb;
}

/* @data with the first @head_len bytes in the head, the rest in a
 * second skb on the frag list
 */
static struct sk_buff *ovpn_test_skb_fraglist(struct kunit *test,
					      const u8 *data,
					      unsigned int len,
					      unsigned int head_len)
{
	struct sk_buff *skb = ovpn_test_skb(test, data, head_len, NET_SKB_PAD);
	struct sk_buff *tail = alloc_skb(len - head_len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, tail);
	skb_put_data(tail, data + head_len, len - head_len);
	skb_shinfo(skb)->frag_list = tail;
	skb->len += tail->len;
	skb->data_len += tail->len;
	skb->truesize += tail->truesize;
	return skb;
}

static void ovpn_test_expect_bytes(struct kunit *test, struct sk_buff *skb,
				   const u8 *data, unsigned int len,
				   const char *what)
{
	u8 *buf;

	KUNIT_ASSERT_EQ_MSG(test, skb->len, len, "%s: length", what);
	buf = kunit_kmalloc(test, len + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, buf, len), 0);
	KUNIT_EXPECT_MEMEQ_MSG(test, buf, data, len, "%s", what);
}

/* Wait for the outcome of a request that returned @ret. */
static int ovpn_test_wait(struct kunit *test, struct ovpn_crypto_key_slot *ks,
			  struct sk_buff *skb, int ret)
{
	if (ret != -EINPROGRESS) {
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&ovpn_test_async.calls),
				    0, "done called for a synchronous request");
		KUNIT_EXPECT_NULL(test, ovpn_skb_cb(skb)->crypto_tmp);
		return ret;
	}

	if (!wait_for_completion_timeout(&ovpn_test_async.done,
					 OVPN_TEST_TIMEOUT)) {
		/* the crypto layer still owns them: leak rather than free */
		kunit_remove_action(test, ovpn_test_skb_free, skb);
		kunit_remove_action(test, ovpn_test_slot_put, ks);
		KUNIT_FAIL_AND_ABORT(test, "asynchronous request never done");
	}

	KUNIT_EXPECT_EQ(test, atomic_read(&ovpn_test_async.calls), 1);
	KUNIT_EXPECT_NULL(test, ovpn_skb_cb(skb)->crypto_tmp);
	return ovpn_test_async.err;
}

static void ovpn_test_arm(void)
{
	reinit_completion(&ovpn_test_async.done);
	atomic_set(&ovpn_test_async.calls, 0);
	ovpn_test_async.err = 1;
}

static int ovpn_test_encrypt(struct kunit *test,
			     struct ovpn_crypto_key_slot *ks,
			     struct sk_buff *skb, u32 peer_id)
{
	ovpn_test_arm();
	return ovpn_test_wait(test, ks, skb,
			      ovpn_aead_encrypt(ks, skb, peer_id,
						ovpn_test_done));
}

static int ovpn_test_decrypt(struct kunit *test,
			     struct ovpn_crypto_key_slot *ks,
			     struct sk_buff *skb)
{
	ovpn_test_arm();
	return ovpn_test_wait(test, ks, skb,
			      ovpn_aead_decrypt(ks, skb, ovpn_test_done));
}

static struct ovpn_crypto_key_slot *
ovpn_test_slot_new(struct kunit *test, const struct ovpn_key_config *kc)
{
	struct ovpn_crypto_key_slot *ks = ovpn_aead_crypto_key_slot_new(kc);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ks);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							ovpn_test_slot_put,
							ks), 0);
	return ks;
}

/* both directions use the same key, so a slot decrypts what it sent */
static void ovpn_test_kc(struct ovpn_key_config *kc, enum ovpn_cipher_alg alg,
			 const u8 *key, unsigned int key_len,
			 const u8 *nonce_tail, u8 key_id)
{
	memset(kc, 0, sizeof(*kc));
	kc->cipher_alg = alg;
	kc->key_id = key_id;
	kc->encrypt.cipher_key = key;
	kc->encrypt.cipher_key_size = key_len;
	kc->encrypt.nonce_tail = nonce_tail;
	kc->encrypt.nonce_tail_size = OVPN_NONCE_TAIL_SIZE;
	kc->decrypt = kc->encrypt;
}

static void ovpn_test_kc_fixed(struct ovpn_key_config *kc,
			       enum ovpn_cipher_alg alg, u8 key_id)
{
	ovpn_test_kc(kc, alg, ovpn_test_key, sizeof(ovpn_test_key),
		     ovpn_test_nonce_tail, key_id);
}

/* --- the captured packets ------------------------------------------ */

static const void *ovpn_vector_gen_params(const void *prev, char *desc)
{
	const struct ovpn_data_vector *v = prev;

	if (v) {
		/* the sentinel stands for "no vectors" and comes alone */
		if (!v->name)
			return NULL;
		v++;
		if (!v->name)
			return NULL;
	} else {
		v = ovpn_data_vectors;
	}

	strscpy(desc, v->name ?: "no vectors", KUNIT_PARAM_DESC_SIZE);
	return v;
}

static const struct ovpn_data_vector *ovpn_test_vector(struct kunit *test)
{
	const struct ovpn_data_vector *v = test->param_value;

	if (!v->name)
		kunit_skip(test, "no wire vectors: %s", OVPN_VECTORS_NOTE);
	return v;
}

static struct ovpn_crypto_key_slot *
ovpn_test_vector_slot(struct kunit *test, const struct ovpn_data_vector *v)
{
	struct ovpn_key_config kc;

	ovpn_test_kc(&kc, v->cipher_alg, v->key, v->key_len, v->nonce_tail,
		     v->key_id);
	return ovpn_test_slot_new(test, &kc);
}

/* make the next TX packet id of @ks be @pktid */
static void ovpn_test_set_next_pktid(struct ovpn_crypto_key_slot *ks,
				     u32 pktid)
{
	atomic64_set(&ks->pid_xmit.seq, (s64)pktid - 1);
}

static void ovpn_test_check_decrypted(struct kunit *test,
				      const struct ovpn_data_vector *v,
				      struct ovpn_crypto_key_slot *ks,
				      struct sk_buff *skb, int ret)
{
	struct ovpn_skb_cb *cb = ovpn_skb_cb(skb);

	KUNIT_ASSERT_EQ(test, ret, 0);
	ovpn_test_expect_bytes(test, skb, v->plain, v->plain_len, "plain");
	KUNIT_EXPECT_EQ(test, cb->pktid, v->pktid);
	KUNIT_EXPECT_PTR_EQ(test, cb->ks, ks);
	KUNIT_EXPECT_EQ(test, ovpn_is_keepalive(skb),
			v->kind == OVPN_VECTOR_KEEPALIVE);
}

static void ovpn_test_vector_decrypt(struct kunit *test)
{
	const struct ovpn_data_vector *v;
	struct ovpn_crypto_key_slot *ks;
	struct sk_buff *skb;
	int ret;

	v = ovpn_test_vector(test);
	ks = ovpn_test_vector_slot(test, v);

	skb = ovpn_test_skb(test, v->wire, v->wire_len, NET_SKB_PAD);
	ret = ovpn_test_decrypt(test, ks, skb);
	ovpn_test_check_decrypted(test, v, ks, skb, ret);

	/* what the caller does next: the id counts once */
	KUNIT_EXPECT_EQ(test, ovpn_pktid_recv_check(&ks->pid_recv,
						    ovpn_skb_cb(skb)->pktid),
			0);
	KUNIT_EXPECT_EQ(test, ovpn_pktid_recv_check(&ks->pid_recv,
						    ovpn_skb_cb(skb)->pktid),
			-EEXIST);
}

static void ovpn_test_check_encrypted(struct kunit *test,
				      const struct ovpn_data_vector *v,
				      struct ovpn_crypto_key_slot *ks,
				      struct sk_buff *skb, int ret)
{
	struct ovpn_skb_cb *cb = ovpn_skb_cb(skb);

	KUNIT_ASSERT_EQ(test, ret, 0);
	ovpn_test_expect_bytes(test, skb, v->wire, v->wire_len, "wire");
	KUNIT_EXPECT_EQ(test, cb->pktid, v->pktid);
	KUNIT_EXPECT_PTR_EQ(test, cb->ks, ks);
}

static void ovpn_test_vector_encrypt(struct kunit *test)
{
	const struct ovpn_data_vector *v;
	struct ovpn_crypto_key_slot *ks;
	struct sk_buff *skb;
	u32 next;
	int ret;

	v = ovpn_test_vector(test);
	ks = ovpn_test_vector_slot(test, v);

	/* no headroom at all: the header room must be made */
	skb = ovpn_test_skb(test, v->plain, v->plain_len, 0);
	ovpn_test_set_next_pktid(ks, v->pktid);
	ret = ovpn_test_encrypt(test, ks, skb, v->peer_id);
	ovpn_test_check_encrypted(test, v, ks, skb, ret);

	/* the id was consumed */
	KUNIT_ASSERT_EQ(test, ovpn_pktid_xmit_next(&ks->pid_xmit, &next), 0);
	KUNIT_EXPECT_EQ(test, next, v->pktid + 1);
}

static void ovpn_test_vector_keepalive(struct kunit *test)
{
	const struct ovpn_data_vector *v = ovpn_test_vector(test);
	bool keepalive = v->kind == OVPN_VECTOR_KEEPALIVE;
	struct sk_buff *skb;

	skb = ovpn_test_skb(test, v->plain, v->plain_len, 0);
	KUNIT_EXPECT_EQ(test, ovpn_is_keepalive(skb), keepalive);

	/* the same, the message split between head and page */
	skb = ovpn_test_skb_frag(test, v->plain, v->plain_len,
				 v->plain_len / 2);
	KUNIT_EXPECT_EQ(test, ovpn_is_keepalive(skb), keepalive);

	/* a packet still encrypted never is one */
	skb = ovpn_test_skb(test, v->wire, v->wire_len, 0);
	KUNIT_EXPECT_FALSE(test, ovpn_is_keepalive(skb));
}

static void ovpn_test_vector_tampered(struct kunit *test)
{
	static const struct {
		const char *what;
		unsigned int offset;
	} flips[] = {
		{ "peer id (AAD)", 3 },
		{ "packet id (AAD, nonce)", 7 },
		{ "tag", OVPN_AAD_SIZE + 5 },
		{ "ciphertext", OVPN_HEAD_SIZE },
		{ "last ciphertext byte", 0 },	/* 0: the last byte */
	};
	const struct ovpn_data_vector *v;
	struct ovpn_crypto_key_slot *ks;
	struct sk_buff *skb;
	unsigned int i, off;

	v = ovpn_test_vector(test);
	ks = ovpn_test_vector_slot(test, v);

	for (i = 0; i < ARRAY_SIZE(flips); i++) {
		off = flips[i].offset ?: v->wire_len - 1;
		skb = ovpn_test_skb(test, v->wire, v->wire_len, NET_SKB_PAD);
		skb->data[off] ^= 0x10;
		KUNIT_EXPECT_EQ_MSG(test, ovpn_test_decrypt(test, ks, skb),
				    -EBADMSG, "bit flipped in the %s",
				    flips[i].what);
	}

	/* one byte missing */
	skb = ovpn_test_skb(test, v->wire, v->wire_len - 1, NET_SKB_PAD);
	KUNIT_EXPECT_EQ(test, ovpn_test_decrypt(test, ks, skb), -EBADMSG);

	/* the right key, the wrong nonce tail (the other direction's) */
	ks->nonce_tail_recv[0] ^= 1;
	skb = ovpn_test_skb(test, v->wire, v->wire_len, NET_SKB_PAD);
	KUNIT_EXPECT_EQ(test, ovpn_test_decrypt(test, ks, skb), -EBADMSG);
	ks->nonce_tail_recv[0] ^= 1;

	/* nothing moved the replay window */
	KUNIT_EXPECT_EQ(test, ks->pid_recv.highest, 0);
}

static void ovpn_test_vector_nonlinear(struct kunit *test)
{
	const struct ovpn_data_vector *v;
	struct ovpn_crypto_key_slot *ks;
	struct sk_buff *skb;
	int ret;

	v = ovpn_test_vector(test);
	ks = ovpn_test_vector_slot(test, v);

	/* header split between head and page */
	skb = ovpn_test_skb_frag(test, v->wire, v->wire_len, 10);
	ret = ovpn_test_decrypt(test, ks, skb);
	ovpn_test_check_decrypted(test, v, ks, skb, ret);

	/* ciphertext split between head and frag list */
	skb = ovpn_test_skb_fraglist(test, v->wire, v->wire_len,
				     OVPN_HEAD_SIZE + v->plain_len / 3);
	ret = ovpn_test_decrypt(test, ks, skb);
	ovpn_test_check_decrypted(test, v, ks, skb, ret);

	/* plaintext split between head and page */
	skb = ovpn_test_skb_frag(test, v->plain, v->plain_len,
				 v->plain_len / 2);
	ovpn_test_set_next_pktid(ks, v->pktid);
	ret = ovpn_test_encrypt(test, ks, skb, v->peer_id);
	ovpn_test_check_encrypted(test, v, ks, skb, ret);

	/* plaintext split between head and frag list */
	skb = ovpn_test_skb_fraglist(test, v->plain, v->plain_len,
				     v->plain_len / 3);
	ovpn_test_set_next_pktid(ks, v->pktid);
	ret = ovpn_test_encrypt(test, ks, skb, v->peer_id);
	ovpn_test_check_encrypted(test, v, ks, skb, ret);
}

/* in-place crypto on a clone must leave the other copy alone */
static void ovpn_test_vector_cloned(struct kunit *test)
{
	const struct ovpn_data_vector *v;
	struct ovpn_crypto_key_slot *ks;
	struct sk_buff *skb, *clone;
	int ret;

	v = ovpn_test_vector(test);
	ks = ovpn_test_vector_slot(test, v);

	skb = ovpn_test_skb(test, v->wire, v->wire_len, NET_SKB_PAD);
	clone = skb_clone(skb, GFP_KERNEL);
	ovpn_test_own_skb(test, clone);
	ret = ovpn_test_decrypt(test, ks, clone);
	ovpn_test_check_decrypted(test, v, ks, clone, ret);
	ovpn_test_expect_bytes(test, skb, v->wire, v->wire_len, "original");

	skb = ovpn_test_skb(test, v->plain, v->plain_len, NET_SKB_PAD);
	clone = skb_clone(skb, GFP_KERNEL);
	ovpn_test_own_skb(test, clone);
	ovpn_test_set_next_pktid(ks, v->pktid);
	ret = ovpn_test_encrypt(test, ks, clone, v->peer_id);
	ovpn_test_check_encrypted(test, v, ks, clone, ret);
	ovpn_test_expect_bytes(test, skb, v->plain, v->plain_len, "original");
}

static struct crypto_aead *
ovpn_test_cryptd_tfm(struct kunit *test, enum ovpn_cipher_alg alg,
		     const u8 *key, unsigned int key_len)
{
	/* driver names: cryptd only wraps synchronous implementations */
	const char *name = alg == OVPN_CIPHER_ALG_AES_GCM ?
		"cryptd(gcm_base(ctr(aes-generic),ghash-generic))" :
		"cryptd(rfc7539(chacha20-generic,poly1305-generic))";
	struct crypto_aead *tfm = crypto_alloc_aead(name, 0, 0);

	if (IS_ERR(tfm))
		kunit_skip(test, "%s unavailable: %ld", name, PTR_ERR(tfm));
	KUNIT_ASSERT_EQ(test, crypto_aead_setkey(tfm, key, key_len), 0);
	KUNIT_ASSERT_EQ(test, crypto_aead_setauthsize(tfm, OVPN_AUTH_TAG_SIZE),
			0);
	return tfm;
}

/* Through cryptd every request completes later, from a workqueue with
 * BHs disabled, as with crypto hardware or SIMD in interrupt context.
 */
static void ovpn_test_vector_async(struct kunit *test)
{
	const struct ovpn_data_vector *v;
	struct ovpn_crypto_key_slot *ks;
	struct sk_buff *skb;
	int ret;

	v = ovpn_test_vector(test);
	ks = ovpn_test_vector_slot(test, v);

	crypto_free_aead(ks->encrypt);
	ks->encrypt = NULL;
	ks->encrypt = ovpn_test_cryptd_tfm(test, v->cipher_alg, v->key,
					   v->key_len);
	crypto_free_aead(ks->decrypt);
	ks->decrypt = NULL;
	ks->decrypt = ovpn_test_cryptd_tfm(test, v->cipher_alg, v->key,
					   v->key_len);

	skb = ovpn_test_skb(test, v->wire, v->wire_len, NET_SKB_PAD);
	ovpn_test_arm();
	ret = ovpn_aead_decrypt(ks, skb, ovpn_test_done);
	KUNIT_EXPECT_EQ(test, ret, -EINPROGRESS);
	ret = ovpn_test_wait(test, ks, skb, ret);
	ovpn_test_check_decrypted(test, v, ks, skb, ret);

	skb = ovpn_test_skb(test, v->plain, v->plain_len, 0);
	ovpn_test_set_next_pktid(ks, v->pktid);
	ovpn_test_arm();
	ret = ovpn_aead_encrypt(ks, skb, v->peer_id, ovpn_test_done);
	KUNIT_EXPECT_EQ(test, ret, -EINPROGRESS);
	ret = ovpn_test_wait(test, ks, skb, ret);
	ovpn_test_check_encrypted(test, v, ks, skb, ret);

	skb = ovpn_test_skb(test, v->wire, v->wire_len, NET_SKB_PAD);
	skb->data[OVPN_AAD_SIZE] ^= 1;
	ovpn_test_arm();
	ret = ovpn_aead_decrypt(ks, skb, ovpn_test_done);
	KUNIT_EXPECT_EQ(test, ovpn_test_wait(test, ks, skb, ret), -EBADMSG);
}

static void ovpn_test_vectors_present(struct kunit *test)
{
	unsigned int i, ciphers = 0;

	if (!OVPN_DATA_VECTORS_NUM)
		kunit_skip(test, "no wire vectors: %s", OVPN_VECTORS_NOTE);

	kunit_info(test, "%s\n", OVPN_VECTORS_NOTE);
	for (i = 0; i < OVPN_DATA_VECTORS_NUM; i++)
		ciphers |= BIT(ovpn_data_vectors[i].cipher_alg);
	KUNIT_EXPECT_TRUE_MSG(test, ciphers & BIT(OVPN_CIPHER_ALG_AES_GCM),
			      "no AES-GCM vector");
	KUNIT_EXPECT_TRUE_MSG(test,
			      ciphers & BIT(OVPN_CIPHER_ALG_CHACHA20_POLY1305),
			      "no ChaCha20-Poly1305 vector");
}

/* --- fixed keys ---------------------------------------------------- */

struct ovpn_cipher_case {
	const char *name;
	enum ovpn_cipher_alg alg;
	unsigned int key_len;
};

static const struct ovpn_cipher_case ovpn_cipher_cases[] = {
	{ "aes-128-gcm", OVPN_CIPHER_ALG_AES_GCM, 16 },
	{ "aes-192-gcm", OVPN_CIPHER_ALG_AES_GCM, 24 },
	{ "aes-256-gcm", OVPN_CIPHER_ALG_AES_GCM, 32 },
	{ "chacha20-poly1305", OVPN_CIPHER_ALG_CHACHA20_POLY1305, 32 },
};

KUNIT_ARRAY_PARAM_DESC(ovpn_cipher, ovpn_cipher_cases, name);

static struct ovpn_crypto_key_slot *
ovpn_test_cipher_slot(struct kunit *test, u8 key_id)
{
	const struct ovpn_cipher_case *c = test->param_value;
	struct ovpn_key_config kc;

	ovpn_test_kc(&kc, c->alg, ovpn_test_key, c->key_len,
		     ovpn_test_nonce_tail, key_id);
	return ovpn_test_slot_new(test, &kc);
}

/* encrypt then decrypt payloads of many sizes, with the peer id and
 * key id in the header
 */
static void ovpn_test_roundtrip(struct kunit *test)
{
	static const unsigned int lens[] = {
		0, 1, 15, 16, 17, 63, 64, 65, 576, 1400, 1500, 3000,
	};
	struct ovpn_crypto_key_slot *ks = ovpn_test_cipher_slot(test, 5);
	struct sk_buff *skb;
	unsigned int i, j;
	u8 *data;
	int ret;

	data = kunit_kmalloc(test, 3000, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, data);
	for (j = 0; j < 3000; j++)
		data[j] = j * 7 + 3;

	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		skb = ovpn_test_skb(test, data, lens[i], 32);
		ret = ovpn_test_encrypt(test, ks, skb, 0xabcdef);
		KUNIT_ASSERT_EQ(test, ret, 0);
		KUNIT_ASSERT_EQ(test, skb->len, OVPN_HEAD_SIZE + lens[i]);
		KUNIT_EXPECT_EQ(test, get_unaligned_be32(skb->data),
				ovpn_opcode_compose(OVPN_OP_DATA_V2, 5,
						    0xabcdef));
		KUNIT_EXPECT_EQ(test, get_unaligned_be32(skb->data + 4),
				i + 1);

		ret = ovpn_test_decrypt(test, ks, skb);
		KUNIT_ASSERT_EQ_MSG(test, ret, 0, "length %u", lens[i]);
		ovpn_test_expect_bytes(test, skb, data, lens[i], "roundtrip");
		KUNIT_EXPECT_EQ(test, ovpn_skb_cb(skb)->pktid, i + 1);
	}
}

static void ovpn_test_decrypt_short(struct kunit *test)
{
	u8 packet[OVPN_HEAD_SIZE] = { OVPN_OP_DATA_V2 << 3, 0, 0, 1, 0, 0, 0,
				      1 };
	struct ovpn_crypto_key_slot *ks = ovpn_test_cipher_slot(test, 0);
	struct sk_buff *skb;

	skb = ovpn_test_skb(test, packet, OVPN_HEAD_SIZE - 1, NET_SKB_PAD);
	KUNIT_EXPECT_EQ(test, ovpn_test_decrypt(test, ks, skb), -EINVAL);

	skb = ovpn_test_skb(test, packet, 0, NET_SKB_PAD);
	KUNIT_EXPECT_EQ(test, ovpn_test_decrypt(test, ks, skb), -EINVAL);

	/* an empty payload is fine, but this tag is not */
	skb = ovpn_test_skb(test, packet, OVPN_HEAD_SIZE, NET_SKB_PAD);
	KUNIT_EXPECT_EQ(test, ovpn_test_decrypt(test, ks, skb), -EBADMSG);
}

static void ovpn_test_xmit_exhausted(struct kunit *test)
{
	struct ovpn_crypto_key_slot *ks = ovpn_test_cipher_slot(test, 1);
	static const u8 data[40] = { 0x45 };
	struct sk_buff *skb;

	atomic64_set(&ks->pid_xmit.seq, U32_MAX - 1);
	skb = ovpn_test_skb(test, data, sizeof(data), 32);
	KUNIT_ASSERT_EQ(test, ovpn_test_encrypt(test, ks, skb, 1), 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_be32(skb->data + 4), U32_MAX);
	KUNIT_EXPECT_EQ(test, ovpn_skb_cb(skb)->pktid, U32_MAX);
	KUNIT_EXPECT_EQ(test, ovpn_test_decrypt(test, ks, skb), 0);

	/* no more ids: nothing is encrypted, the packet is untouched */
	skb = ovpn_test_skb(test, data, sizeof(data), 32);
	KUNIT_EXPECT_EQ(test, ovpn_test_encrypt(test, ks, skb, 1), -ERANGE);
	ovpn_test_expect_bytes(test, skb, data, sizeof(data), "unencrypted");
	KUNIT_EXPECT_EQ(test, ovpn_test_encrypt(test, ks, skb, 1), -ERANGE);
}

/* more requests than cryptd queues on one CPU (its default limit is
 * 1000)
 */
#define OVPN_TEST_FLOOD	4000

static atomic_t ovpn_test_flood_done_calls;

static void ovpn_test_flood_done(struct sk_buff *skb, int err)
{
	atomic_inc(&ovpn_test_flood_done_calls);
	kfree_skb(skb);
}

/* An asynchronous implementation whose queue is full refuses further
 * requests instead of keeping them on an unbounded backlog: the data
 * path cannot queue more than the implementation takes.
 */
static void ovpn_test_async_queue_full(struct kunit *test)
{
	const struct ovpn_cipher_case *c = test->param_value;
	unsigned int i, pending = 0, refused = 0, other = 0;
	static const u8 data[64] = { 0x45 };
	struct ovpn_crypto_key_slot *ks;
	unsigned long deadline;
	struct sk_buff *skb;
	int ret;

	ks = ovpn_test_cipher_slot(test, 0);
	crypto_free_aead(ks->encrypt);
	ks->encrypt = NULL;
	ks->encrypt = ovpn_test_cryptd_tfm(test, c->alg, ovpn_test_key,
					   c->key_len);
	atomic_set(&ovpn_test_flood_done_calls, 0);

	/* cryptd queues per CPU and completes from a worker bound to the
	 * CPU: without preemption, none of these requests completes
	 * before the last one was submitted
	 */
	preempt_disable();
	for (i = 0; i < OVPN_TEST_FLOOD; i++) {
		skb = alloc_skb(32 + sizeof(data), GFP_ATOMIC);
		if (!skb)
			break;
		skb_reserve(skb, 32);
		skb_put_data(skb, data, sizeof(data));
		ret = ovpn_aead_encrypt(ks, skb, 1, ovpn_test_flood_done);
		if (ret == -EINPROGRESS) {
			pending++;
			continue;
		}
		if (ret == -ENOSPC)
			refused++;
		else
			other++;
		kfree_skb(skb);
	}
	preempt_enable();

	KUNIT_EXPECT_EQ(test, i, OVPN_TEST_FLOOD);
	KUNIT_EXPECT_EQ(test, other, 0);
	KUNIT_EXPECT_GT_MSG(test, refused, 0,
			    "%u requests pending, none refused", pending);
	KUNIT_EXPECT_GT(test, pending, 0);

	deadline = jiffies + OVPN_TEST_TIMEOUT;
	while (atomic_read(&ovpn_test_flood_done_calls) < pending &&
	       time_before(jiffies, deadline))
		msleep(20);
	/* the crypto layer still owns what did not complete: leak it */
	if (atomic_read(&ovpn_test_flood_done_calls) != pending) {
		kunit_remove_action(test, ovpn_test_slot_put, ks);
		KUNIT_FAIL_AND_ABORT(test, "%u of %u requests never done",
				     pending -
				     atomic_read(&ovpn_test_flood_done_calls),
				     pending);
	}
}

/* --- key slots ----------------------------------------------------- */

static struct ovpn_crypto_state *ovpn_test_state_new(struct kunit *test)
{
	struct ovpn_crypto_state *cs;

	cs = kunit_kzalloc(test, sizeof(*cs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cs);
	ovpn_crypto_state_init(cs);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							ovpn_test_state_release,
							cs), 0);
	return cs;
}

static int ovpn_test_install(struct ovpn_crypto_state *cs,
			     enum ovpn_key_slot slot,
			     enum ovpn_cipher_alg alg, u8 key_id)
{
	struct ovpn_peer_key_reset pkr = { .slot = slot };

	ovpn_test_kc_fixed(&pkr.key, alg, key_id);
	return ovpn_crypto_state_reset(cs, &pkr);
}

/* the key id of the slot a lookup finds, -1 for none */
static int ovpn_test_lookup(struct ovpn_crypto_state *cs, int key_id)
{
	struct ovpn_crypto_key_slot *ks;
	int found;

	if (key_id < 0)
		ks = ovpn_crypto_key_slot_primary(cs);
	else
		ks = ovpn_crypto_key_id_to_slot(cs, key_id);
	if (!ks)
		return -1;

	found = ks->key_id;
	ovpn_crypto_key_slot_put(ks);
	return found;
}

#define OVPN_TEST_PRIMARY	-1

static void ovpn_test_expect_config(struct kunit *test,
				    struct ovpn_crypto_state *cs,
				    enum ovpn_key_slot slot, int key_id,
				    enum ovpn_cipher_alg alg)
{
	struct ovpn_key_config kc;
	int ret;

	/* garbage that the getter must clear */
	memset(&kc, 0xa5, sizeof(kc));
	ret = ovpn_crypto_config_get(cs, slot, &kc);
	if (key_id < 0) {
		KUNIT_EXPECT_EQ(test, ret, -ENOENT);
		return;
	}
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, kc.key_id, key_id);
	KUNIT_EXPECT_EQ(test, kc.cipher_alg, alg);
	KUNIT_EXPECT_NULL(test, kc.encrypt.cipher_key);
	KUNIT_EXPECT_NULL(test, kc.decrypt.cipher_key);
	KUNIT_EXPECT_EQ(test, kc.encrypt.cipher_key_size, 0);
	KUNIT_EXPECT_NULL(test, kc.encrypt.nonce_tail);
}

static void ovpn_test_key_slots(struct kunit *test)
{
	const enum ovpn_cipher_alg chacha = OVPN_CIPHER_ALG_CHACHA20_POLY1305;
	const enum ovpn_cipher_alg aes = OVPN_CIPHER_ALG_AES_GCM;
	const enum ovpn_key_slot secondary = OVPN_KEY_SLOT_SECONDARY;
	const enum ovpn_key_slot primary = OVPN_KEY_SLOT_PRIMARY;
	struct ovpn_crypto_state *cs = ovpn_test_state_new(test);

	/* empty */
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, OVPN_TEST_PRIMARY), -1);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 0), -1);
	ovpn_test_expect_config(test, cs, OVPN_KEY_SLOT_PRIMARY, -1, aes);
	KUNIT_EXPECT_FALSE(test, ovpn_crypto_key_slot_delete(cs, secondary));

	/* primary key 1, secondary key 2 */
	KUNIT_ASSERT_EQ(test, ovpn_test_install(cs, OVPN_KEY_SLOT_PRIMARY,
						aes, 1), 0);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, OVPN_TEST_PRIMARY), 1);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 1), 1);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 2), -1);
	KUNIT_ASSERT_EQ(test, ovpn_test_install(cs, OVPN_KEY_SLOT_SECONDARY,
						chacha, 2), 0);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, OVPN_TEST_PRIMARY), 1);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 2), 2);
	ovpn_test_expect_config(test, cs, OVPN_KEY_SLOT_PRIMARY, 1, aes);
	ovpn_test_expect_config(test, cs, OVPN_KEY_SLOT_SECONDARY, 2, chacha);

	/* swap: TX moves to key 2, RX still finds both */
	ovpn_crypto_key_slots_swap(cs);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, OVPN_TEST_PRIMARY), 2);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 1), 1);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 2), 2);
	ovpn_test_expect_config(test, cs, OVPN_KEY_SLOT_PRIMARY, 2, chacha);
	ovpn_test_expect_config(test, cs, OVPN_KEY_SLOT_SECONDARY, 1, aes);

	/* replacing the secondary key 1 with key 3 */
	KUNIT_ASSERT_EQ(test, ovpn_test_install(cs, OVPN_KEY_SLOT_SECONDARY,
						aes, 3), 0);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 1), -1);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 3), 3);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, OVPN_TEST_PRIMARY), 2);

	/* delete the primary: no TX key, RX still has key 3 */
	KUNIT_EXPECT_TRUE(test, ovpn_crypto_key_slot_delete(cs, primary));
	KUNIT_EXPECT_FALSE(test, ovpn_crypto_key_slot_delete(cs, primary));
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, OVPN_TEST_PRIMARY), -1);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 2), -1);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 3), 3);
	ovpn_test_expect_config(test, cs, OVPN_KEY_SLOT_PRIMARY, -1, aes);

	/* swap again: key 3 is primary */
	ovpn_crypto_key_slots_swap(cs);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, OVPN_TEST_PRIMARY), 3);
	ovpn_test_expect_config(test, cs, OVPN_KEY_SLOT_SECONDARY, -1, aes);

	/* bad slot */
	KUNIT_EXPECT_EQ(test, ovpn_test_install(cs, 2, aes, 4), -EINVAL);
	KUNIT_EXPECT_FALSE(test, ovpn_crypto_key_slot_delete(cs, 2));

	/* release everything */
	KUNIT_ASSERT_EQ(test, ovpn_test_install(cs, OVPN_KEY_SLOT_SECONDARY,
						chacha, 4), 0);
	ovpn_crypto_state_release(cs);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, OVPN_TEST_PRIMARY), -1);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 3), -1);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 4), -1);
}

/* a slot in use outlives its removal, and dies with the last user */
static void ovpn_test_key_slot_refs(struct kunit *test)
{
	const enum ovpn_cipher_alg aes = OVPN_CIPHER_ALG_AES_GCM;
	struct ovpn_crypto_state *cs = ovpn_test_state_new(test);
	struct ovpn_crypto_key_slot *ks, *again;
	static const u8 data[64] = { 0x60 };
	struct sk_buff *skb;

	KUNIT_ASSERT_EQ(test, ovpn_test_install(cs, OVPN_KEY_SLOT_PRIMARY,
						aes, 6), 0);
	ks = ovpn_crypto_key_slot_primary(cs);
	KUNIT_ASSERT_NOT_NULL(test, ks);
	KUNIT_EXPECT_EQ(test, kref_read(&ks->refcount), 2);
	again = ovpn_crypto_key_id_to_slot(cs, 6);
	KUNIT_EXPECT_PTR_EQ(test, again, ks);
	KUNIT_EXPECT_EQ(test, kref_read(&ks->refcount), 3);
	ovpn_crypto_key_slot_put(again);

	/* replaced while we hold it: still usable */
	KUNIT_ASSERT_EQ(test, ovpn_test_install(cs, OVPN_KEY_SLOT_PRIMARY,
						aes, 7), 0);
	KUNIT_EXPECT_EQ(test, kref_read(&ks->refcount), 1);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 6), -1);
	skb = ovpn_test_skb(test, data, sizeof(data), 32);
	KUNIT_EXPECT_EQ(test, ovpn_test_encrypt(test, ks, skb, 9), 0);
	KUNIT_EXPECT_EQ(test, ovpn_test_decrypt(test, ks, skb), 0);
	ovpn_crypto_key_slot_put(ks);

	/* a new key starts with fresh packet ids */
	ks = ovpn_crypto_key_slot_primary(cs);
	KUNIT_ASSERT_NOT_NULL(test, ks);
	skb = ovpn_test_skb(test, data, sizeof(data), 32);
	KUNIT_EXPECT_EQ(test, ovpn_test_encrypt(test, ks, skb, 9), 0);
	KUNIT_EXPECT_EQ(test, ovpn_skb_cb(skb)->pktid, 1);
	ovpn_crypto_key_slot_put(ks);
}

/* the key of a slot, with a reference the test owns */
static struct ovpn_crypto_key_slot *
ovpn_test_slot_get(struct kunit *test, struct ovpn_crypto_state *cs,
		   u8 key_id)
{
	struct ovpn_crypto_key_slot *ks;

	ks = ovpn_crypto_key_id_to_slot(cs, key_id);
	KUNIT_ASSERT_NOT_NULL(test, ks);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							ovpn_test_slot_put,
							ks), 0);
	return ks;
}

static void ovpn_test_kill_key(struct kunit *test)
{
	const enum ovpn_cipher_alg aes = OVPN_CIPHER_ALG_AES_GCM;
	struct ovpn_crypto_state *cs = ovpn_test_state_new(test);
	struct ovpn_crypto_key_slot *one, *two, *three;

	KUNIT_ASSERT_EQ(test, ovpn_test_install(cs, OVPN_KEY_SLOT_PRIMARY,
						aes, 1), 0);
	KUNIT_ASSERT_EQ(test, ovpn_test_install(cs, OVPN_KEY_SLOT_SECONDARY,
						aes, 2), 0);
	one = ovpn_test_slot_get(test, cs, 1);
	two = ovpn_test_slot_get(test, cs, 2);

	KUNIT_EXPECT_TRUE(test, ovpn_crypto_kill_key(cs, one));
	KUNIT_EXPECT_FALSE(test, ovpn_crypto_kill_key(cs, one));
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, OVPN_TEST_PRIMARY), -1);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 1), -1);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 2), 2);

	/* the secondary slot can be killed too */
	ovpn_crypto_key_slots_swap(cs);
	KUNIT_ASSERT_EQ(test, ovpn_test_install(cs, OVPN_KEY_SLOT_SECONDARY,
						aes, 3), 0);
	three = ovpn_test_slot_get(test, cs, 3);
	KUNIT_EXPECT_TRUE(test, ovpn_crypto_kill_key(cs, three));
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, OVPN_TEST_PRIMARY), 2);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 3), -1);

	/* Key 2 runs out while userspace installs its successor with the
	 * same key id in its slot: the successor must survive the kill
	 * of the key that ran out.
	 */
	KUNIT_ASSERT_EQ(test, ovpn_test_install(cs, OVPN_KEY_SLOT_PRIMARY,
						aes, 2), 0);
	KUNIT_EXPECT_FALSE(test, ovpn_crypto_kill_key(cs, two));
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, OVPN_TEST_PRIMARY), 2);
	KUNIT_EXPECT_EQ(test, ovpn_test_lookup(cs, 2), 2);
}

static void ovpn_test_key_config_errors(struct kunit *test)
{
	const enum ovpn_cipher_alg chacha = OVPN_CIPHER_ALG_CHACHA20_POLY1305;
	const enum ovpn_cipher_alg aes = OVPN_CIPHER_ALG_AES_GCM;
	struct ovpn_crypto_key_slot *ks;
	struct ovpn_key_config kc;

	ovpn_test_kc_fixed(&kc, OVPN_CIPHER_ALG_NONE, 0);
	ks = ovpn_aead_crypto_key_slot_new(&kc);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(ks), -EOPNOTSUPP);

	ovpn_test_kc_fixed(&kc, aes, 0);
	kc.encrypt.cipher_key_size = 20;
	ks = ovpn_aead_crypto_key_slot_new(&kc);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(ks), -EINVAL);

	ovpn_test_kc_fixed(&kc, chacha, 0);
	kc.decrypt.cipher_key_size = 16;
	ks = ovpn_aead_crypto_key_slot_new(&kc);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(ks), -EINVAL);

	ovpn_test_kc_fixed(&kc, aes, 0);
	kc.decrypt.nonce_tail_size = OVPN_NONCE_TAIL_SIZE - 1;
	ks = ovpn_aead_crypto_key_slot_new(&kc);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(ks), -EINVAL);

	ovpn_test_kc_fixed(&kc, aes, 8);
	ks = ovpn_aead_crypto_key_slot_new(&kc);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(ks), -EINVAL);

	/* and the valid edge */
	ovpn_test_kc_fixed(&kc, chacha, 7);
	ks = ovpn_test_slot_new(test, &kc);
	KUNIT_EXPECT_EQ(test, ks->key_id, 7);
	KUNIT_EXPECT_EQ(test, kref_read(&ks->refcount), 1);
}

static int ovpn_crypto_test_suite_init(struct kunit_suite *suite)
{
	init_completion(&ovpn_test_async.done);
	return 0;
}

static void ovpn_crypto_test_suite_exit(struct kunit_suite *suite)
{
	/* key slots are freed from the driver's workqueue after a grace
	 * period
	 */
	rcu_barrier();
	flush_workqueue(ovpn_wq);
}

static struct kunit_case ovpn_crypto_test_cases[] = {
	KUNIT_CASE(ovpn_test_vectors_present),
	KUNIT_CASE_PARAM(ovpn_test_vector_decrypt, ovpn_vector_gen_params),
	KUNIT_CASE_PARAM(ovpn_test_vector_encrypt, ovpn_vector_gen_params),
	KUNIT_CASE_PARAM(ovpn_test_vector_keepalive, ovpn_vector_gen_params),
	KUNIT_CASE_PARAM(ovpn_test_vector_tampered, ovpn_vector_gen_params),
	KUNIT_CASE_PARAM(ovpn_test_vector_nonlinear, ovpn_vector_gen_params),
	KUNIT_CASE_PARAM(ovpn_test_vector_cloned, ovpn_vector_gen_params),
	KUNIT_CASE_PARAM(ovpn_test_vector_async, ovpn_vector_gen_params),
	KUNIT_CASE_PARAM(ovpn_test_roundtrip, ovpn_cipher_gen_params),
	KUNIT_CASE_PARAM(ovpn_test_decrypt_short, ovpn_cipher_gen_params),
	KUNIT_CASE_PARAM(ovpn_test_xmit_exhausted, ovpn_cipher_gen_params),
	KUNIT_CASE_PARAM(ovpn_test_async_queue_full, ovpn_cipher_gen_params),
	KUNIT_CASE(ovpn_test_key_slots),
	KUNIT_CASE(ovpn_test_key_slot_refs),
	KUNIT_CASE(ovpn_test_kill_key),
	KUNIT_CASE(ovpn_test_key_config_errors),
	{}
};

static struct kunit_suite ovpn_crypto_test_suite = {
	.name = "ovpn_crypto",
	.suite_init = ovpn_crypto_test_suite_init,
	.suite_exit = ovpn_crypto_test_suite_exit,
	.test_cases = ovpn_crypto_test_cases,
};

kunit_test_suite(ovpn_crypto_test_suite);
