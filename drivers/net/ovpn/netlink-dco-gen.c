// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/ovpn-dco-v2.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-dco-gen.h"

#include <uapi/linux/ovpn_dco.h>

/* Integer value ranges */
static const struct netlink_range_validation ovpn_dco_new_peer_a_peer_id_range = {
	.max	= 16777215ULL,
};

static const struct netlink_range_validation ovpn_dco_set_peer_a_keepalive_interval_range = {
	.max	= 86400ULL,
};

static const struct netlink_range_validation ovpn_dco_set_peer_a_keepalive_timeout_range = {
	.max	= 86400ULL,
};

/* Common nested types */
const struct nla_policy ovpn_dco_v2_del_key_attrs_nl_policy[OVPN_DCO_DEL_KEY_A_KEY_SLOT + 1] = {
	[OVPN_DCO_DEL_KEY_A_PEER_ID] = { .type = NLA_U32, },
	[OVPN_DCO_DEL_KEY_A_KEY_SLOT] = NLA_POLICY_MAX(NLA_U8, 1),
};

const struct nla_policy ovpn_dco_v2_del_peer_attrs_nl_policy[OVPN_DCO_DEL_PEER_A_PEER_ID + 1] = {
	[OVPN_DCO_DEL_PEER_A_REASON] = { .type = NLA_U8, },
	[OVPN_DCO_DEL_PEER_A_PEER_ID] = { .type = NLA_U32, },
};

const struct nla_policy ovpn_dco_v2_get_peer_attrs_nl_policy[OVPN_DCO_GET_PEER_A_LINK_TX_PACKETS + 1] = {
	[OVPN_DCO_GET_PEER_A_PEER_ID] = { .type = NLA_U32, },
	[OVPN_DCO_GET_PEER_A_SOCKADDR_REMOTE] = { .type = NLA_BINARY, },
	[OVPN_DCO_GET_PEER_A_IPV4] = { .type = NLA_U32, },
	[OVPN_DCO_GET_PEER_A_IPV6] = { .type = NLA_BINARY, },
	[OVPN_DCO_GET_PEER_A_LOCAL_IP] = { .type = NLA_BINARY, },
	[OVPN_DCO_GET_PEER_A_LOCAL_PORT] = { .type = NLA_U16, },
	[OVPN_DCO_GET_PEER_A_KEEPALIVE_INTERVAL] = { .type = NLA_U32, },
	[OVPN_DCO_GET_PEER_A_KEEPALIVE_TIMEOUT] = { .type = NLA_U32, },
	[OVPN_DCO_GET_PEER_A_VPN_RX_BYTES] = { .type = NLA_U64, },
	[OVPN_DCO_GET_PEER_A_VPN_TX_BYTES] = { .type = NLA_U64, },
	[OVPN_DCO_GET_PEER_A_VPN_RX_PACKETS] = { .type = NLA_UINT, },
	[OVPN_DCO_GET_PEER_A_VPN_TX_PACKETS] = { .type = NLA_UINT, },
	[OVPN_DCO_GET_PEER_A_LINK_RX_BYTES] = { .type = NLA_U64, },
	[OVPN_DCO_GET_PEER_A_LINK_TX_BYTES] = { .type = NLA_U64, },
	[OVPN_DCO_GET_PEER_A_LINK_RX_PACKETS] = { .type = NLA_UINT, },
	[OVPN_DCO_GET_PEER_A_LINK_TX_PACKETS] = { .type = NLA_UINT, },
};

const struct nla_policy ovpn_dco_v2_key_dir_attrs_nl_policy[OVPN_DCO_KEY_DIR_A_NONCE_TAIL + 1] = {
	[OVPN_DCO_KEY_DIR_A_CIPHER_KEY] = NLA_POLICY_MAX(NLA_BINARY, 255),
	[OVPN_DCO_KEY_DIR_A_NONCE_TAIL] = NLA_POLICY_EXACT_LEN(OVPN_DCO_V2_NONCE_TAIL_SIZE),
};

const struct nla_policy ovpn_dco_v2_new_key_attrs_nl_policy[OVPN_DCO_NEW_KEY_A_DECRYPT_KEY + 1] = {
	[OVPN_DCO_NEW_KEY_A_PEER_ID] = { .type = NLA_U32, },
	[OVPN_DCO_NEW_KEY_A_KEY_SLOT] = NLA_POLICY_MAX(NLA_U8, 1),
	[OVPN_DCO_NEW_KEY_A_KEY_ID] = NLA_POLICY_MAX(NLA_U8, 7),
	[OVPN_DCO_NEW_KEY_A_CIPHER_ALG] = NLA_POLICY_MAX(NLA_U16, 2),
	[OVPN_DCO_NEW_KEY_A_ENCRYPT_KEY] = NLA_POLICY_NESTED(ovpn_dco_v2_key_dir_attrs_nl_policy),
	[OVPN_DCO_NEW_KEY_A_DECRYPT_KEY] = NLA_POLICY_NESTED(ovpn_dco_v2_key_dir_attrs_nl_policy),
};

const struct nla_policy ovpn_dco_v2_new_peer_attrs_nl_policy[OVPN_DCO_NEW_PEER_A_LOCAL_IP + 1] = {
	[OVPN_DCO_NEW_PEER_A_PEER_ID] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovpn_dco_new_peer_a_peer_id_range),
	[OVPN_DCO_NEW_PEER_A_SOCKADDR_REMOTE] = NLA_POLICY_MIN_LEN(16),
	[OVPN_DCO_NEW_PEER_A_SOCKET] = { .type = NLA_U32, },
	[OVPN_DCO_NEW_PEER_A_IPV4] = { .type = NLA_U32, },
	[OVPN_DCO_NEW_PEER_A_IPV6] = NLA_POLICY_EXACT_LEN(16),
	[OVPN_DCO_NEW_PEER_A_LOCAL_IP] = NLA_POLICY_MAX(NLA_BINARY, 16),
};

const struct nla_policy ovpn_dco_v2_set_peer_attrs_nl_policy[OVPN_DCO_SET_PEER_A_KEEPALIVE_TIMEOUT + 1] = {
	[OVPN_DCO_SET_PEER_A_PEER_ID] = { .type = NLA_U32, },
	[OVPN_DCO_SET_PEER_A_KEEPALIVE_INTERVAL] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovpn_dco_set_peer_a_keepalive_interval_range),
	[OVPN_DCO_SET_PEER_A_KEEPALIVE_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovpn_dco_set_peer_a_keepalive_timeout_range),
};

const struct nla_policy ovpn_dco_v2_swap_keys_attrs_nl_policy[OVPN_DCO_SWAP_KEYS_A_PEER_ID + 1] = {
	[OVPN_DCO_SWAP_KEYS_A_PEER_ID] = { .type = NLA_U32, },
};

/* OVPN_DCO_CMD_NEW_PEER - do */
static const struct nla_policy ovpn_dco_v2_new_peer_nl_policy[OVPN_DCO_A_NEW_PEER + 1] = {
	[OVPN_DCO_A_IFINDEX] = { .type = NLA_U32, },
	[OVPN_DCO_A_NEW_PEER] = NLA_POLICY_NESTED(ovpn_dco_v2_new_peer_attrs_nl_policy),
};

/* OVPN_DCO_CMD_SET_PEER - do */
static const struct nla_policy ovpn_dco_v2_set_peer_nl_policy[OVPN_DCO_A_SET_PEER + 1] = {
	[OVPN_DCO_A_IFINDEX] = { .type = NLA_U32, },
	[OVPN_DCO_A_SET_PEER] = NLA_POLICY_NESTED(ovpn_dco_v2_set_peer_attrs_nl_policy),
};

/* OVPN_DCO_CMD_DEL_PEER - do */
static const struct nla_policy ovpn_dco_v2_del_peer_nl_policy[OVPN_DCO_A_DEL_PEER + 1] = {
	[OVPN_DCO_A_IFINDEX] = { .type = NLA_U32, },
	[OVPN_DCO_A_DEL_PEER] = NLA_POLICY_NESTED(ovpn_dco_v2_del_peer_attrs_nl_policy),
};

/* OVPN_DCO_CMD_NEW_KEY - do */
static const struct nla_policy ovpn_dco_v2_new_key_nl_policy[OVPN_DCO_A_NEW_KEY + 1] = {
	[OVPN_DCO_A_IFINDEX] = { .type = NLA_U32, },
	[OVPN_DCO_A_NEW_KEY] = NLA_POLICY_NESTED(ovpn_dco_v2_new_key_attrs_nl_policy),
};

/* OVPN_DCO_CMD_SWAP_KEYS - do */
static const struct nla_policy ovpn_dco_v2_swap_keys_nl_policy[OVPN_DCO_A_SWAP_KEYS + 1] = {
	[OVPN_DCO_A_IFINDEX] = { .type = NLA_U32, },
	[OVPN_DCO_A_SWAP_KEYS] = NLA_POLICY_NESTED(ovpn_dco_v2_swap_keys_attrs_nl_policy),
};

/* OVPN_DCO_CMD_DEL_KEY - do */
static const struct nla_policy ovpn_dco_v2_del_key_nl_policy[OVPN_DCO_A_DEL_KEY + 1] = {
	[OVPN_DCO_A_IFINDEX] = { .type = NLA_U32, },
	[OVPN_DCO_A_DEL_KEY] = NLA_POLICY_NESTED(ovpn_dco_v2_del_key_attrs_nl_policy),
};

/* OVPN_DCO_CMD_GET_PEER - do */
static const struct nla_policy ovpn_dco_v2_get_peer_do_nl_policy[OVPN_DCO_A_GET_PEER + 1] = {
	[OVPN_DCO_A_IFINDEX] = { .type = NLA_U32, },
	[OVPN_DCO_A_GET_PEER] = NLA_POLICY_NESTED(ovpn_dco_v2_get_peer_attrs_nl_policy),
};

/* OVPN_DCO_CMD_GET_PEER - dump */
static const struct nla_policy ovpn_dco_v2_get_peer_dump_nl_policy[OVPN_DCO_A_IFINDEX + 1] = {
	[OVPN_DCO_A_IFINDEX] = { .type = NLA_U32, },
};

/* Ops table for ovpn_dco_v2 */
static const struct genl_split_ops ovpn_dco_v2_nl_ops[] = {
	{
		.cmd		= OVPN_DCO_CMD_NEW_PEER,
		.pre_doit	= ovpn_dco_nl_pre_doit,
		.doit		= ovpn_dco_v2_nl_new_peer_doit,
		.post_doit	= ovpn_dco_nl_post_doit,
		.policy		= ovpn_dco_v2_new_peer_nl_policy,
		.maxattr	= OVPN_DCO_A_NEW_PEER,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVPN_DCO_CMD_SET_PEER,
		.pre_doit	= ovpn_dco_nl_pre_doit,
		.doit		= ovpn_dco_v2_nl_set_peer_doit,
		.post_doit	= ovpn_dco_nl_post_doit,
		.policy		= ovpn_dco_v2_set_peer_nl_policy,
		.maxattr	= OVPN_DCO_A_SET_PEER,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVPN_DCO_CMD_DEL_PEER,
		.pre_doit	= ovpn_dco_nl_pre_doit,
		.doit		= ovpn_dco_v2_nl_del_peer_doit,
		.post_doit	= ovpn_dco_nl_post_doit,
		.policy		= ovpn_dco_v2_del_peer_nl_policy,
		.maxattr	= OVPN_DCO_A_DEL_PEER,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVPN_DCO_CMD_NEW_KEY,
		.pre_doit	= ovpn_dco_nl_pre_doit,
		.doit		= ovpn_dco_v2_nl_new_key_doit,
		.post_doit	= ovpn_dco_nl_post_doit,
		.policy		= ovpn_dco_v2_new_key_nl_policy,
		.maxattr	= OVPN_DCO_A_NEW_KEY,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVPN_DCO_CMD_SWAP_KEYS,
		.pre_doit	= ovpn_dco_nl_pre_doit,
		.doit		= ovpn_dco_v2_nl_swap_keys_doit,
		.post_doit	= ovpn_dco_nl_post_doit,
		.policy		= ovpn_dco_v2_swap_keys_nl_policy,
		.maxattr	= OVPN_DCO_A_SWAP_KEYS,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVPN_DCO_CMD_DEL_KEY,
		.pre_doit	= ovpn_dco_nl_pre_doit,
		.doit		= ovpn_dco_v2_nl_del_key_doit,
		.post_doit	= ovpn_dco_nl_post_doit,
		.policy		= ovpn_dco_v2_del_key_nl_policy,
		.maxattr	= OVPN_DCO_A_DEL_KEY,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVPN_DCO_CMD_GET_PEER,
		.pre_doit	= ovpn_dco_nl_pre_doit,
		.doit		= ovpn_dco_v2_nl_get_peer_doit,
		.post_doit	= ovpn_dco_nl_post_doit,
		.policy		= ovpn_dco_v2_get_peer_do_nl_policy,
		.maxattr	= OVPN_DCO_A_GET_PEER,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVPN_DCO_CMD_GET_PEER,
		.dumpit		= ovpn_dco_v2_nl_get_peer_dumpit,
		.policy		= ovpn_dco_v2_get_peer_dump_nl_policy,
		.maxattr	= OVPN_DCO_A_IFINDEX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
};

static const struct genl_multicast_group ovpn_dco_v2_nl_mcgrps[] = {
	[OVPN_DCO_V2_NLGRP_PEERS] = { "peers", .flags = GENL_MCAST_CAP_NET_ADMIN, },
};

struct genl_family ovpn_dco_v2_nl_family __ro_after_init = {
	.name		= OVPN_DCO_V2_FAMILY_NAME,
	.version	= OVPN_DCO_V2_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= ovpn_dco_v2_nl_ops,
	.n_split_ops	= ARRAY_SIZE(ovpn_dco_v2_nl_ops),
	.mcgrps		= ovpn_dco_v2_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(ovpn_dco_v2_nl_mcgrps),
};
