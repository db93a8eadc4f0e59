/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/ovpn-dco-v2.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_OVPN_DCO_V2_GEN_H
#define _LINUX_OVPN_DCO_V2_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/ovpn_dco.h>

/* Common nested types */
extern const struct nla_policy ovpn_dco_v2_del_key_attrs_nl_policy[OVPN_DCO_DEL_KEY_A_KEY_SLOT + 1];
extern const struct nla_policy ovpn_dco_v2_del_peer_attrs_nl_policy[OVPN_DCO_DEL_PEER_A_PEER_ID + 1];
extern const struct nla_policy ovpn_dco_v2_get_peer_attrs_nl_policy[OVPN_DCO_GET_PEER_A_LINK_TX_PACKETS + 1];
extern const struct nla_policy ovpn_dco_v2_key_dir_attrs_nl_policy[OVPN_DCO_KEY_DIR_A_NONCE_TAIL + 1];
extern const struct nla_policy ovpn_dco_v2_new_key_attrs_nl_policy[OVPN_DCO_NEW_KEY_A_DECRYPT_KEY + 1];
extern const struct nla_policy ovpn_dco_v2_new_peer_attrs_nl_policy[OVPN_DCO_NEW_PEER_A_LOCAL_IP + 1];
extern const struct nla_policy ovpn_dco_v2_set_peer_attrs_nl_policy[OVPN_DCO_SET_PEER_A_KEEPALIVE_TIMEOUT + 1];
extern const struct nla_policy ovpn_dco_v2_swap_keys_attrs_nl_policy[OVPN_DCO_SWAP_KEYS_A_PEER_ID + 1];

int ovpn_dco_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
			 struct genl_info *info);
void
ovpn_dco_nl_post_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		      struct genl_info *info);

int ovpn_dco_v2_nl_new_peer_doit(struct sk_buff *skb, struct genl_info *info);
int ovpn_dco_v2_nl_set_peer_doit(struct sk_buff *skb, struct genl_info *info);
int ovpn_dco_v2_nl_del_peer_doit(struct sk_buff *skb, struct genl_info *info);
int ovpn_dco_v2_nl_new_key_doit(struct sk_buff *skb, struct genl_info *info);
int ovpn_dco_v2_nl_swap_keys_doit(struct sk_buff *skb, struct genl_info *info);
int ovpn_dco_v2_nl_del_key_doit(struct sk_buff *skb, struct genl_info *info);
int ovpn_dco_v2_nl_get_peer_doit(struct sk_buff *skb, struct genl_info *info);
int ovpn_dco_v2_nl_get_peer_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb);

enum {
	OVPN_DCO_V2_NLGRP_PEERS,
};

extern struct genl_family ovpn_dco_v2_nl_family;

#endif /* _LINUX_OVPN_DCO_V2_GEN_H */
