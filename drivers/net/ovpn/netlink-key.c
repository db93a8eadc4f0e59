// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * Hand-written handlers of the "ovpn" generic netlink family's requests
 * about keys: KEY_NEW, KEY_GET, KEY_SWAP and KEY_DEL.
 */

#include <linux/bitops.h>
#include <net/genetlink.h>
#include <uapi/linux/ovpn.h>

#include "crypto.h"
#include "netlink-core.h"
#include "netlink.h"
#include "netlink-gen.h"
#include "ovpnpriv.h"
#include "peer.h"

/* The KEYCONF attributes each command accepts (6.12's netlink generator
 * cannot express per-operation subsets of a nested set).
 */
#define OVPN_KEYCONF_ATTRS_ID	BIT(OVPN_A_KEYCONF_PEER_ID)
#define OVPN_KEYCONF_ATTRS_SLOT	\
	(OVPN_KEYCONF_ATTRS_ID | BIT(OVPN_A_KEYCONF_SLOT))
#define OVPN_KEYCONF_ATTRS_NEW						\
	(OVPN_KEYCONF_ATTRS_SLOT | BIT(OVPN_A_KEYCONF_KEY_ID) |		\
	 BIT(OVPN_A_KEYCONF_CIPHER_ALG) |				\
	 BIT(OVPN_A_KEYCONF_ENCRYPT_DIR) | BIT(OVPN_A_KEYCONF_DECRYPT_DIR))

/* how KEY_NEW lays out a key */
static const struct ovpn_nl_key_attrs ovpn_nl_key = {
	.policy = ovpn_keyconf_nl_policy,
	.peer_id = OVPN_A_KEYCONF_PEER_ID,
	.slot = OVPN_A_KEYCONF_SLOT,
	.key_id = OVPN_A_KEYCONF_KEY_ID,
	.alg = OVPN_A_KEYCONF_CIPHER_ALG,
	.encrypt = OVPN_A_KEYCONF_ENCRYPT_DIR,
	.decrypt = OVPN_A_KEYCONF_DECRYPT_DIR,
	.dir = {
		.policy = ovpn_keydir_nl_policy,
		.max = OVPN_A_KEYDIR_MAX,
		.key = OVPN_A_KEYDIR_CIPHER_KEY,
		.nonce = OVPN_A_KEYDIR_NONCE_TAIL,
	},
};

/**
 * ovpn_nl_key_new_doit - KEY_NEW: install a key in a slot of a peer
 * @skb: the request
 * @info: its attributes
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_key_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_A_KEYCONF_MAX + 1];
	int ret;

	BUILD_BUG_ON(OVPN_A_KEYDIR_MAX > OVPN_NL_KEYDIR_MAX);
	ret = ovpn_nl_nest_parse(info, OVPN_A_KEYCONF, attrs,
				 OVPN_KEYCONF_ATTRS_NEW,
				 OVPN_KEYCONF_ATTRS_NEW);
	if (ret)
		return ret;

	return ovpn_nl_key_new(info->user_ptr[0], info->attrs[OVPN_A_KEYCONF],
			       attrs, &ovpn_nl_key, info->extack);
}

/**
 * ovpn_nl_key_get_doit - KEY_GET: describe the key in a slot of a peer
 * @skb: the request
 * @info: its attributes
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_key_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_A_KEYCONF_MAX + 1];
	struct ovpn_priv *ovpn = info->user_ptr[0];
	struct ovpn_key_config kc = {};
	enum ovpn_key_slot slot;
	struct ovpn_peer *peer;
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;
	int ret;

	ret = ovpn_nl_nest_parse(info, OVPN_A_KEYCONF, attrs,
				 OVPN_KEYCONF_ATTRS_SLOT,
				 OVPN_KEYCONF_ATTRS_SLOT);
	if (ret)
		return ret;
	slot = nla_get_u32(attrs[OVPN_A_KEYCONF_SLOT]);

	peer = ovpn_nl_peer_get(ovpn, attrs[OVPN_A_KEYCONF_PEER_ID],
				info->extack);
	if (!peer)
		return -ENOENT;

	ret = ovpn_crypto_config_get(&peer->crypto, slot, &kc);
	if (ret) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "no key in slot %u",
				       slot);
		NL_SET_BAD_ATTR(info->extack, attrs[OVPN_A_KEYCONF_SLOT]);
		goto out_put;
	}

	ret = -ENOMEM;
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		goto out_put;

	hdr = genlmsg_put_reply(msg, info, &ovpn_nl_family, 0,
				OVPN_CMD_KEY_GET);
	if (!hdr)
		goto err_free_msg;
	nest = nla_nest_start(msg, OVPN_A_KEYCONF);
	if (!nest ||
	    nla_put_u32(msg, OVPN_A_KEYCONF_PEER_ID, peer->id) ||
	    nla_put_u32(msg, OVPN_A_KEYCONF_SLOT, slot) ||
	    nla_put_u32(msg, OVPN_A_KEYCONF_KEY_ID, kc.key_id) ||
	    nla_put_u32(msg, OVPN_A_KEYCONF_CIPHER_ALG, kc.cipher_alg))
		goto err_free_msg;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);

	ret = genlmsg_reply(msg, info);
	goto out_put;

err_free_msg:
	ret = -EMSGSIZE;
	nlmsg_free(msg);
out_put:
	ovpn_peer_put(peer);
	return ret;
}

/**
 * ovpn_nl_key_swap_doit - KEY_SWAP: swap the primary and secondary key
 * @skb: the request
 * @info: its attributes
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_key_swap_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_A_KEYCONF_MAX + 1];
	int ret;

	ret = ovpn_nl_nest_parse(info, OVPN_A_KEYCONF, attrs,
				 OVPN_KEYCONF_ATTRS_ID,
				 OVPN_KEYCONF_ATTRS_ID);
	if (ret)
		return ret;

	return ovpn_nl_key_swap(info->user_ptr[0],
				attrs[OVPN_A_KEYCONF_PEER_ID], info->extack);
}

/**
 * ovpn_nl_key_del_doit - KEY_DEL: empty a key slot of a peer
 * @skb: the request
 * @info: its attributes
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_key_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_A_KEYCONF_MAX + 1];
	int ret;

	ret = ovpn_nl_nest_parse(info, OVPN_A_KEYCONF, attrs,
				 OVPN_KEYCONF_ATTRS_SLOT,
				 OVPN_KEYCONF_ATTRS_SLOT);
	if (ret)
		return ret;

	return ovpn_nl_key_del(info->user_ptr[0],
			       attrs[OVPN_A_KEYCONF_PEER_ID],
			       nla_get_u32(attrs[OVPN_A_KEYCONF_SLOT]),
			       info->extack);
}
