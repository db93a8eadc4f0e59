// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - peers and keys as requests
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * A peer's options as the PEER nest of a request, keys as the KEYCONF nest
 * of KEY_NEW (given in hex, derived from a seed, or random), and the
 * one-shot KEY_GET, KEY_SWAP and KEY_DEL requests.
 */

#define _GNU_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <linux/ovpn.h>

#include "ovpn-cli.h"

static void put_peer(struct req *r, const struct peer_opts *p)
{
	const struct endpoint *re = &p->remote;

	req_nest_start(r, OVPN_A_PEER);
	if (p->has_id)
		req_put_u32(r, OVPN_A_PEER_ID, p->id);
	if (re->family == AF_INET)
		req_put(r, OVPN_A_PEER_REMOTE_IPV4, &re->a4, sizeof(re->a4));
	if (re->family == AF_INET6)
		req_put(r, OVPN_A_PEER_REMOTE_IPV6, &re->a6, sizeof(re->a6));
	if (re->has_scope)
		req_put_u32(r, OVPN_A_PEER_REMOTE_IPV6_SCOPE_ID, re->scope);
	if (re->port >= 0)
		req_put_be16(r, OVPN_A_PEER_REMOTE_PORT, re->port);
	if (p->fd >= 0)
		req_put_u32(r, OVPN_A_PEER_SOCKET, p->fd);
	if (p->has_vpn4)
		req_put(r, OVPN_A_PEER_VPN_IPV4, &p->vpn4, sizeof(p->vpn4));
	if (p->has_vpn6)
		req_put(r, OVPN_A_PEER_VPN_IPV6, &p->vpn6, sizeof(p->vpn6));
	if (p->has_local4)
		req_put(r, OVPN_A_PEER_LOCAL_IPV4, &p->local4,
			sizeof(p->local4));
	if (p->has_local6)
		req_put(r, OVPN_A_PEER_LOCAL_IPV6, &p->local6,
			sizeof(p->local6));
	if (p->has_keepalive) {
		req_put_u32(r, OVPN_A_PEER_KEEPALIVE_INTERVAL, p->ka_interval);
		req_put_u32(r, OVPN_A_PEER_KEEPALIVE_TIMEOUT, p->ka_timeout);
	}
	if (p->has_tx_id)
		req_put_u32(r, OVPN_A_PEER_TX_ID, p->tx_id);
	req_nest_end(r);
}

int peer_request(struct nl *nl, __u8 cmd, __u32 ifindex,
		 const struct peer_opts *p, bool strict)
{
	struct req r;

	ovpn_req(&r, nl, cmd, NLM_F_ACK, ifindex);
	r.strict = strict;
	put_peer(&r, p);
	req_finish(&r);
	return nl_transact(nl, &r, cmd == OVPN_CMD_PEER_GET ? peer_cb : NULL,
			   NULL);
}

/*
 * --key-seed: FNV-1a over the seed, the peer id and the stream number
 * seeds a splitmix64 generator whose output, little endian, gives the key
 * and then the nonce tail. Deterministic test material, not a secret.
 */
static __u64 splitmix64(__u64 *state)
{
	__u64 z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static __u64 fnv1a(__u64 h, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

void key_derive(const char *seed, __u32 peer_id, __u8 stream,
		struct key_dir_mat *m, size_t key_len)
{
	__u64 state = 0xcbf29ce484222325ULL, w = 0;
	__u32 id_be = htonl(peer_id);
	size_t i;

	state = fnv1a(state, seed, strlen(seed));
	state = fnv1a(state, &id_be, sizeof(id_be));
	state = fnv1a(state, &stream, sizeof(stream));
	m->key_len = key_len;
	for (i = 0; i < key_len + OVPN_NONCE_TAIL_SIZE; i++) {
		if (!(i % 8))
			w = splitmix64(&state);
		if (i < key_len)
			m->key[i] = w >> (8 * (i % 8));
		else
			m->nonce[i - key_len] = w >> (8 * (i % 8));
	}
}

int key_random(struct key_dir_mat *m, size_t key_len)
{
	unsigned char buf[KEY_LEN_MAX + OVPN_NONCE_TAIL_SIZE];
	size_t len = key_len + OVPN_NONCE_TAIL_SIZE, off = 0;
	ssize_t n;

	while (off < len) {
		n = getrandom(buf + off, len - off, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			errorf("getrandom: %s", strerror(errno));
			return RC_FAIL;
		}
		off += n;
	}
	m->key_len = key_len;
	memcpy(m->key, buf, key_len);
	memcpy(m->nonce, buf + key_len, OVPN_NONCE_TAIL_SIZE);
	explicit_bzero(buf, sizeof(buf));
	return RC_OK;
}

static void put_key_dir(struct req *r, __u16 type, const struct blob *key,
			const struct blob *nonce)
{
	req_nest_start(r, type);
	req_put(r, OVPN_A_KEYDIR_CIPHER_KEY, key->data, key->len);
	req_put(r, OVPN_A_KEYDIR_NONCE_TAIL, nonce->data, nonce->len);
	req_nest_end(r);
}

static void mat_blobs(const struct key_dir_mat *m, struct blob *key,
		      struct blob *nonce)
{
	key->data = (unsigned char *)m->key;
	key->len = m->key_len;
	nonce->data = (unsigned char *)m->nonce;
	nonce->len = sizeof(m->nonce);
}

int key_new(struct nl *nl, __u32 ifindex, __u32 peer_id,
	    const struct key_opts *k, bool strict)
{
	struct blob ek = k->enc_key, en = k->enc_nonce;
	struct blob dk = k->dec_key, dn = k->dec_nonce;
	struct key_dir_mat enc, dec;
	struct req r;
	int rc;

	if (k->seed) {
		key_derive(k->seed, peer_id, k->key_dir, &enc, k->key_len);
		key_derive(k->seed, peer_id, !k->key_dir, &dec, k->key_len);
		mat_blobs(&enc, &ek, &en);
		mat_blobs(&dec, &dk, &dn);
	}
	ovpn_req(&r, nl, OVPN_CMD_KEY_NEW, NLM_F_ACK, ifindex);
	r.strict = strict;
	req_nest_start(&r, OVPN_A_KEYCONF);
	req_put_u32(&r, OVPN_A_KEYCONF_PEER_ID, peer_id);
	req_put_u32(&r, OVPN_A_KEYCONF_SLOT, k->slot);
	req_put_u32(&r, OVPN_A_KEYCONF_KEY_ID, k->key_id);
	req_put_u32(&r, OVPN_A_KEYCONF_CIPHER_ALG, k->cipher);
	put_key_dir(&r, OVPN_A_KEYCONF_ENCRYPT_DIR, &ek, &en);
	put_key_dir(&r, OVPN_A_KEYCONF_DECRYPT_DIR, &dk, &dn);
	req_nest_end(&r);
	req_finish(&r);
	rc = nl_transact(nl, &r, NULL, NULL);
	explicit_bzero(&enc, sizeof(enc));
	explicit_bzero(&dec, sizeof(dec));
	explicit_bzero(r.u.buf, sizeof(r.u.buf));
	return rc;
}

/* KEY_GET, KEY_SWAP and KEY_DEL: a peer id and maybe a slot */
int key_request(struct nl *nl, __u8 cmd, __u32 ifindex, __u32 peer_id,
		const __u32 *slot)
{
	struct req r;

	ovpn_req(&r, nl, cmd, NLM_F_ACK, ifindex);
	req_nest_start(&r, OVPN_A_KEYCONF);
	req_put_u32(&r, OVPN_A_KEYCONF_PEER_ID, peer_id);
	if (slot)
		req_put_u32(&r, OVPN_A_KEYCONF_SLOT, *slot);
	req_nest_end(&r);
	req_finish(&r);
	return nl_transact(nl, &r, cmd == OVPN_CMD_KEY_GET ? key_cb : NULL,
			   NULL);
}
