// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The keys part of the core both generic netlink families share:
 * parsing a new key by the layout of a family's nest, and installing,
 * swapping and deleting the keys of a peer.
 */

#include <linux/bug.h>
#include <net/netlink.h>
#include <uapi/linux/ovpn.h>

#include "crypto.h"
#include "netlink-core.h"
#include "peer.h"

/* parse one direction of a new key: @dir points into @nest */
static int ovpn_nl_keydir_parse(const struct nlattr *nest,
				const struct ovpn_nl_keydir_attrs *layout,
				struct ovpn_key_direction *dir,
				struct netlink_ext_ack *extack)
{
	struct nlattr *attrs[OVPN_NL_KEYDIR_MAX + 1];
	int ret;

	if (WARN_ON_ONCE(layout->max > OVPN_NL_KEYDIR_MAX))
		return -EINVAL;

	ret = nla_parse_nested(attrs, layout->max, nest, layout->policy,
			       extack);
	if (ret)
		return ret;

	if (NL_REQ_ATTR_CHECK(extack, nest, attrs, layout->key) ||
	    NL_REQ_ATTR_CHECK(extack, nest, attrs, layout->nonce))
		return -EINVAL;

	dir->cipher_key = nla_data(attrs[layout->key]);
	dir->cipher_key_size = nla_len(attrs[layout->key]);
	dir->nonce_tail = nla_data(attrs[layout->nonce]);
	dir->nonce_tail_size = nla_len(attrs[layout->nonce]);
	return 0;
}

/* is @size a valid key size for @alg */
static bool ovpn_nl_key_size_valid(enum ovpn_cipher_alg alg, size_t size)
{
	switch (alg) {
	case OVPN_CIPHER_ALG_AES_GCM:
		return size == 16 || size == 24 || size == 32;
	case OVPN_CIPHER_ALG_CHACHA20_POLY1305:
		return size == 32;
	default:
		return false;
	}
}

/* a number of a parsed nest, as wide as its policy says */
static u32 ovpn_nl_get_num(struct nlattr **attrs,
			   const struct nla_policy *policy, int type)
{
	switch (policy[type].type) {
	case NLA_U8:
		return nla_get_u8(attrs[type]);
	case NLA_U16:
		return nla_get_u16(attrs[type]);
	default:
		return nla_get_u32(attrs[type]);
	}
}

/* the key of a parsed KEY_NEW nest; its directions point into @attrs */
static int ovpn_nl_key_parse(const struct nlattr *nest, struct nlattr **attrs,
			     const struct ovpn_nl_key_attrs *layout,
			     struct ovpn_peer_key_reset *pkr,
			     struct netlink_ext_ack *extack)
{
	const int required[] = {
		layout->peer_id, layout->slot, layout->key_id, layout->alg,
		layout->encrypt, layout->decrypt,
	};
	struct ovpn_key_config *key = &pkr->key;
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(required); i++)
		if (NL_REQ_ATTR_CHECK(extack, nest, attrs, required[i]))
			return -EINVAL;

	pkr->slot = ovpn_nl_get_num(attrs, layout->policy, layout->slot);
	key->key_id = ovpn_nl_get_num(attrs, layout->policy, layout->key_id);
	key->cipher_alg = ovpn_nl_get_num(attrs, layout->policy, layout->alg);
	if (key->cipher_alg == OVPN_CIPHER_ALG_NONE) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a data channel without encryption is not supported");
		NL_SET_BAD_ATTR(extack, attrs[layout->alg]);
		return -EOPNOTSUPP;
	}

	ret = ovpn_nl_keydir_parse(attrs[layout->encrypt], &layout->dir,
				   &key->encrypt, extack);
	if (!ret)
		ret = ovpn_nl_keydir_parse(attrs[layout->decrypt],
					   &layout->dir, &key->decrypt,
					   extack);
	if (ret)
		return ret;

	if (!ovpn_nl_key_size_valid(key->cipher_alg,
				    key->encrypt.cipher_key_size) ||
	    !ovpn_nl_key_size_valid(key->cipher_alg,
				    key->decrypt.cipher_key_size)) {
		NL_SET_ERR_MSG_MOD(extack, "invalid key size for the cipher");
		return -EINVAL;
	}
	return 0;
}

/**
 * ovpn_nl_key_new - install a key in a slot of a peer
 * @ovpn: the device
 * @nest: the key nest of the request, parsed into @attrs
 * @attrs: its attributes
 * @layout: where the family puts what in @attrs
 * @extack: where to report errors
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_key_new(struct ovpn_priv *ovpn, const struct nlattr *nest,
		    struct nlattr **attrs,
		    const struct ovpn_nl_key_attrs *layout,
		    struct netlink_ext_ack *extack)
{
	struct ovpn_peer_key_reset pkr = {};
	struct ovpn_peer *peer;
	int ret;

	ret = ovpn_nl_key_parse(nest, attrs, layout, &pkr, extack);
	if (ret)
		return ret;

	peer = ovpn_nl_peer_get(ovpn, attrs[layout->peer_id], extack);
	if (!peer)
		return -ENOENT;

	ret = ovpn_crypto_state_reset(&peer->crypto, &pkr);
	if (ret)
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "cannot install the key for peer %u: %d",
				       peer->id, ret);
	ovpn_peer_put(peer);
	return ret;
}

/**
 * ovpn_nl_key_swap - swap the primary and secondary key of a peer
 * @ovpn: the device
 * @id_attr: the attribute carrying the peer id
 * @extack: where to report errors
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_key_swap(struct ovpn_priv *ovpn, const struct nlattr *id_attr,
		     struct netlink_ext_ack *extack)
{
	struct ovpn_peer *peer;

	peer = ovpn_nl_peer_get(ovpn, id_attr, extack);
	if (!peer)
		return -ENOENT;

	ovpn_crypto_key_slots_swap(&peer->crypto);
	ovpn_peer_put(peer);
	return 0;
}

/**
 * ovpn_nl_key_del - empty a key slot of a peer
 * @ovpn: the device
 * @id_attr: the attribute carrying the peer id
 * @slot: the slot (validated by the family's policy)
 * @extack: where to report errors
 *
 * Deleting an empty slot is not an error: the result is the same.
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_key_del(struct ovpn_priv *ovpn, const struct nlattr *id_attr,
		    unsigned int slot, struct netlink_ext_ack *extack)
{
	struct ovpn_peer *peer;

	peer = ovpn_nl_peer_get(ovpn, id_attr, extack);
	if (!peer)
		return -ENOENT;

	ovpn_crypto_key_slot_delete(&peer->crypto, slot);
	ovpn_peer_put(peer);
	return 0;
}
