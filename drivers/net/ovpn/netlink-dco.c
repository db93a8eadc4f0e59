// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * Distribution compatibility layer: the "ovpn-dco-v2" generic netlink
 * family and the "ovpn-dco" link kind of the out-of-tree ovpn-dco
 * module, which OpenVPN 2.6 speaks. They drive the same devices, peers,
 * keys and data path as the "ovpn" family; an interface belongs to the
 * family of the link kind it was created with, and the other family
 * does not see it.
 */

#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/socket.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <uapi/linux/ovpn.h>
#include <uapi/linux/ovpn_dco.h>

#include "bind.h"
#include "crypto.h"
#include "main.h"
#include "netdev.h"
#include "netlink-dco.h"
#include "netlink-dco-gen.h"
#include "netlink-core.h"
#include "proto.h"
#include "ovpnpriv.h"
#include "peer.h"
#include "socket.h"

static const struct ovpn_nl_ops ovpn_nl_ops_dco;

int ovpn_dco_nl_pre_doit(const struct genl_split_ops *ops,
			 struct sk_buff *skb, struct genl_info *info)
{
	return ovpn_nl_dev_hold(info, OVPN_DCO_A_IFINDEX, &ovpn_nl_ops_dco);
}

void ovpn_dco_nl_post_doit(const struct genl_split_ops *ops,
			   struct sk_buff *skb, struct genl_info *info)
{
	ovpn_nl_dev_release(info);
}

/* parse the nest @type of a request into @attrs, requiring @id_type */
static int ovpn_dco_parse(struct genl_info *info, int type, int max,
			  const struct nla_policy *policy,
			  struct nlattr **attrs, int id_type)
{
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, type))
		return -EINVAL;

	ret = nla_parse_nested(attrs, max, info->attrs[type], policy,
			       info->extack);
	if (ret)
		return ret;

	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[type], attrs, id_type))
		return -EINVAL;
	return 0;
}

/* the remote endpoint and local address of a NEW_PEER request, in this
 * family's form: a sockaddr and a bare IPv4 or IPv6 address
 */
static int ovpn_dco_peer_endpoints(struct nlattr **attrs,
				   struct ovpn_nl_peer_req *req,
				   struct netlink_ext_ack *extack)
{
	struct nlattr *remote = attrs[OVPN_DCO_NEW_PEER_A_SOCKADDR_REMOTE];
	struct nlattr *local = attrs[OVPN_DCO_NEW_PEER_A_LOCAL_IP];
	const struct sockaddr *sa;

	if (!remote)
		return 0;

	sa = nla_data(remote);
	if (!((nla_len(remote) == sizeof(struct sockaddr_in) &&
	       sa->sa_family == AF_INET) ||
	      (nla_len(remote) == sizeof(struct sockaddr_in6) &&
	       sa->sa_family == AF_INET6))) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the remote must be a sockaddr_in or sockaddr_in6");
		NL_SET_BAD_ATTR(extack, remote);
		return -EINVAL;
	}
	memcpy(&req->remote, sa, nla_len(remote));
	req->remote_attr = remote;

	/* an IPv4 local address only goes with an IPv4 remote */
	if (local && nla_len(local) == sizeof(struct in_addr) &&
	    sa->sa_family == AF_INET) {
		ipv6_addr_set_v4mapped(nla_get_in_addr(local), &req->local);
		req->local_attr = local;
	} else if (local && nla_len(local) == sizeof(struct in6_addr)) {
		req->local = nla_get_in6_addr(local);
		req->local_attr = local;
	}
	return 0;
}

/**
 * ovpn_dco_v2_nl_new_peer_doit - NEW_PEER: add a peer on a UDP or TCP socket
 * @skb: the request
 * @info: its attributes, the device held in info->user_ptr[0]
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_dco_v2_nl_new_peer_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_DCO_NEW_PEER_A_MAX + 1];
	struct ovpn_nl_peer_req req = {};
	int ret;

	ret = ovpn_dco_parse(info, OVPN_DCO_A_NEW_PEER,
			     OVPN_DCO_NEW_PEER_A_MAX,
			     ovpn_dco_v2_new_peer_attrs_nl_policy, attrs,
			     OVPN_DCO_NEW_PEER_A_PEER_ID);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[OVPN_DCO_A_NEW_PEER],
			      attrs, OVPN_DCO_NEW_PEER_A_SOCKET))
		return -EINVAL;

	req.id_attr = attrs[OVPN_DCO_NEW_PEER_A_PEER_ID];
	req.fd_attr = attrs[OVPN_DCO_NEW_PEER_A_SOCKET];
	req.nest = info->attrs[OVPN_DCO_A_NEW_PEER];
	req.remote_type = OVPN_DCO_NEW_PEER_A_SOCKADDR_REMOTE;
	req.vpn_type = OVPN_DCO_NEW_PEER_A_IPV4;
	/* OpenVPN 2.6 names the remote of TCP peers too: only UDP peers
	 * use it, a TCP peer's endpoint is its connection
	 */
	req.tcp_ignores_endpoints = true;
	ret = ovpn_dco_peer_endpoints(attrs, &req, info->extack);
	if (ret)
		return ret;

	req.vpn4_attr = attrs[OVPN_DCO_NEW_PEER_A_IPV4];
	if (req.vpn4_attr)
		req.vpn4 = nla_get_in_addr(req.vpn4_attr);
	req.vpn6_attr = attrs[OVPN_DCO_NEW_PEER_A_IPV6];
	if (req.vpn6_attr)
		req.vpn6 = nla_get_in6_addr(req.vpn6_attr);

	return ovpn_nl_peer_new(info->user_ptr[0], &req, info->extack);
}

/**
 * ovpn_dco_v2_nl_set_peer_doit - SET_PEER: set the keepalive of a peer
 * @skb: the request
 * @info: its attributes, the device held in info->user_ptr[0]
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_dco_v2_nl_set_peer_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_DCO_SET_PEER_A_MAX + 1];
	struct ovpn_nl_peer_req req = {};
	int ret;

	ret = ovpn_dco_parse(info, OVPN_DCO_A_SET_PEER,
			     OVPN_DCO_SET_PEER_A_MAX,
			     ovpn_dco_v2_set_peer_attrs_nl_policy, attrs,
			     OVPN_DCO_SET_PEER_A_PEER_ID);
	if (ret)
		return ret;

	req.id_attr = attrs[OVPN_DCO_SET_PEER_A_PEER_ID];
	req.interval_attr = attrs[OVPN_DCO_SET_PEER_A_KEEPALIVE_INTERVAL];
	req.timeout_attr = attrs[OVPN_DCO_SET_PEER_A_KEEPALIVE_TIMEOUT];
	return ovpn_nl_peer_set(info->user_ptr[0], &req, info->extack);
}

/**
 * ovpn_dco_v2_nl_del_peer_doit - DEL_PEER: delete a peer
 * @skb: the request
 * @info: its attributes, the device held in info->user_ptr[0]
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_dco_v2_nl_del_peer_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_DCO_DEL_PEER_A_MAX + 1];
	int ret;

	ret = ovpn_dco_parse(info, OVPN_DCO_A_DEL_PEER,
			     OVPN_DCO_DEL_PEER_A_MAX,
			     ovpn_dco_v2_del_peer_attrs_nl_policy, attrs,
			     OVPN_DCO_DEL_PEER_A_PEER_ID);
	if (ret)
		return ret;

	return ovpn_nl_peer_del(info->user_ptr[0],
				attrs[OVPN_DCO_DEL_PEER_A_PEER_ID],
				info->extack);
}

/* how NEW_KEY lays out a key */
static const struct ovpn_nl_key_attrs ovpn_dco_key = {
	.policy = ovpn_dco_v2_new_key_attrs_nl_policy,
	.peer_id = OVPN_DCO_NEW_KEY_A_PEER_ID,
	.slot = OVPN_DCO_NEW_KEY_A_KEY_SLOT,
	.key_id = OVPN_DCO_NEW_KEY_A_KEY_ID,
	.alg = OVPN_DCO_NEW_KEY_A_CIPHER_ALG,
	.encrypt = OVPN_DCO_NEW_KEY_A_ENCRYPT_KEY,
	.decrypt = OVPN_DCO_NEW_KEY_A_DECRYPT_KEY,
	.dir = {
		.policy = ovpn_dco_v2_key_dir_attrs_nl_policy,
		.max = OVPN_DCO_KEY_DIR_A_MAX,
		.key = OVPN_DCO_KEY_DIR_A_CIPHER_KEY,
		.nonce = OVPN_DCO_KEY_DIR_A_NONCE_TAIL,
	},
};

/**
 * ovpn_dco_v2_nl_new_key_doit - NEW_KEY: install a key in a slot of a peer
 * @skb: the request
 * @info: its attributes, the device held in info->user_ptr[0]
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_dco_v2_nl_new_key_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_DCO_NEW_KEY_A_MAX + 1];
	int ret;

	BUILD_BUG_ON(OVPN_DCO_KEY_DIR_A_MAX > OVPN_NL_KEYDIR_MAX);
	ret = ovpn_dco_parse(info, OVPN_DCO_A_NEW_KEY,
			     OVPN_DCO_NEW_KEY_A_MAX,
			     ovpn_dco_v2_new_key_attrs_nl_policy, attrs,
			     OVPN_DCO_NEW_KEY_A_PEER_ID);
	if (ret)
		return ret;

	return ovpn_nl_key_new(info->user_ptr[0],
			       info->attrs[OVPN_DCO_A_NEW_KEY], attrs,
			       &ovpn_dco_key, info->extack);
}

/**
 * ovpn_dco_v2_nl_swap_keys_doit - SWAP_KEYS: swap a peer's two keys
 * @skb: the request
 * @info: its attributes, the device held in info->user_ptr[0]
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_dco_v2_nl_swap_keys_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_DCO_SWAP_KEYS_A_MAX + 1];
	int ret;

	ret = ovpn_dco_parse(info, OVPN_DCO_A_SWAP_KEYS,
			     OVPN_DCO_SWAP_KEYS_A_MAX,
			     ovpn_dco_v2_swap_keys_attrs_nl_policy, attrs,
			     OVPN_DCO_SWAP_KEYS_A_PEER_ID);
	if (ret)
		return ret;

	return ovpn_nl_key_swap(info->user_ptr[0],
				attrs[OVPN_DCO_SWAP_KEYS_A_PEER_ID],
				info->extack);
}

/**
 * ovpn_dco_v2_nl_del_key_doit - DEL_KEY: empty a key slot of a peer
 * @skb: the request
 * @info: its attributes, the device held in info->user_ptr[0]
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_dco_v2_nl_del_key_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_DCO_DEL_KEY_A_MAX + 1];
	int ret;

	ret = ovpn_dco_parse(info, OVPN_DCO_A_DEL_KEY,
			     OVPN_DCO_DEL_KEY_A_MAX,
			     ovpn_dco_v2_del_key_attrs_nl_policy, attrs,
			     OVPN_DCO_DEL_KEY_A_PEER_ID);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[OVPN_DCO_A_DEL_KEY],
			      attrs, OVPN_DCO_DEL_KEY_A_KEY_SLOT))
		return -EINVAL;

	return ovpn_nl_key_del(info->user_ptr[0],
			       attrs[OVPN_DCO_DEL_KEY_A_PEER_ID],
			       nla_get_u8(attrs[OVPN_DCO_DEL_KEY_A_KEY_SLOT]),
			       info->extack);
}

/* the endpoint attributes of a GET_PEER reply, in this family's form:
 * a sockaddr, a bare local address and the local port
 */
static int ovpn_dco_put_own(struct sk_buff *skb, struct net *net,
			    struct ovpn_peer *peer)
{
	const struct ovpn_bind *bind;
	struct ovpn_socket *sock;
	__be16 port = 0;
	int ret = 0;

	rcu_read_lock();
	sock = rcu_dereference(peer->sock);
	if (sock)
		port = inet_sk(sock->sk)->inet_sport;
	bind = rcu_dereference(peer->bind);
	if (bind && bind->remote.in4.sin_family == AF_INET)
		ret = nla_put(skb, OVPN_DCO_GET_PEER_A_SOCKADDR_REMOTE,
			      sizeof(bind->remote.in4), &bind->remote.in4) ||
		      nla_put_in_addr(skb, OVPN_DCO_GET_PEER_A_LOCAL_IP,
				      READ_ONCE(bind->local.ipv4.s_addr));
	else if (bind)
		ret = nla_put(skb, OVPN_DCO_GET_PEER_A_SOCKADDR_REMOTE,
			      sizeof(bind->remote.in6), &bind->remote.in6) ||
		      nla_put(skb, OVPN_DCO_GET_PEER_A_LOCAL_IP,
			      sizeof(bind->local.ipv6), &bind->local.ipv6);
	rcu_read_unlock();

	if (ret || nla_put_net16(skb, OVPN_DCO_GET_PEER_A_LOCAL_PORT, port))
		return -EMSGSIZE;
	return 0;
}

/* how GET_PEER describes a peer: both VPN addresses, zero if unset, and
 * bytes as u64, as the ovpn-dco module does and OpenVPN 2.6 reads them
 */
static const struct ovpn_nl_peer_desc ovpn_dco_peer_desc = {
	.family = &ovpn_dco_v2_nl_family,
	.cmd = OVPN_DCO_CMD_GET_PEER,
	.nest = OVPN_DCO_A_GET_PEER,
	.id = OVPN_DCO_GET_PEER_A_PEER_ID,
	.vpn4 = OVPN_DCO_GET_PEER_A_IPV4,
	.vpn6 = OVPN_DCO_GET_PEER_A_IPV6,
	.vpn_always = true,
	.keepalive_interval = OVPN_DCO_GET_PEER_A_KEEPALIVE_INTERVAL,
	.keepalive_timeout = OVPN_DCO_GET_PEER_A_KEEPALIVE_TIMEOUT,
	.put_own = ovpn_dco_put_own,
	.stats = {
		.bytes = {
			OVPN_DCO_GET_PEER_A_VPN_RX_BYTES,
			OVPN_DCO_GET_PEER_A_VPN_TX_BYTES,
			OVPN_DCO_GET_PEER_A_LINK_RX_BYTES,
			OVPN_DCO_GET_PEER_A_LINK_TX_BYTES,
		},
		.packets = {
			OVPN_DCO_GET_PEER_A_VPN_RX_PACKETS,
			OVPN_DCO_GET_PEER_A_VPN_TX_PACKETS,
			OVPN_DCO_GET_PEER_A_LINK_RX_PACKETS,
			OVPN_DCO_GET_PEER_A_LINK_TX_PACKETS,
		},
		.bytes_u64 = true,
		/* where alignment needs it, attribute 0 pads, as in
		 * ovpn-dco
		 */
		.bytes_pad = 0,
	},
};

/**
 * ovpn_dco_v2_nl_get_peer_doit - GET_PEER: describe one peer
 * @skb: the request
 * @info: its attributes, the device held in info->user_ptr[0]
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_dco_v2_nl_get_peer_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_DCO_GET_PEER_A_PEER_ID + 1];
	int ret;

	/* the nest describes the reply too: a request takes the peer id
	 * only, parsing up to it refuses the rest
	 */
	ret = ovpn_dco_parse(info, OVPN_DCO_A_GET_PEER,
			     OVPN_DCO_GET_PEER_A_PEER_ID,
			     ovpn_dco_v2_get_peer_attrs_nl_policy, attrs,
			     OVPN_DCO_GET_PEER_A_PEER_ID);
	if (ret)
		return ret;

	return ovpn_nl_peer_reply(info, info->user_ptr[0],
				  attrs[OVPN_DCO_GET_PEER_A_PEER_ID],
				  &ovpn_dco_peer_desc);
}

/**
 * ovpn_dco_v2_nl_get_peer_dumpit - GET_PEER dump: describe every peer
 * @skb: the message to fill
 * @cb: the dump's state; it resumes at cb->args[0]
 *
 * Return: the length of @skb, 0 at the end, or a negative error code
 */
int ovpn_dco_v2_nl_get_peer_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	return ovpn_nl_peer_dump(skb, cb, OVPN_DCO_A_IFINDEX, &ovpn_nl_ops_dco,
				 &ovpn_dco_peer_desc);
}

/* DEL_PEER: tell OpenVPN 2.6 that a peer was removed */
static void ovpn_dco_peer_del_notify(struct ovpn_peer *peer)
{
	struct nlattr *attr;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(nla_total_size(sizeof(u32)) +
			  nla_total_size(nla_total_size(sizeof(u8)) +
					 nla_total_size(sizeof(u32))),
			  GFP_ATOMIC);
	if (!msg)
		return;

	hdr = genlmsg_put(msg, 0, 0, &ovpn_dco_v2_nl_family, 0,
			  OVPN_DCO_CMD_DEL_PEER_NTF);
	if (!hdr ||
	    nla_put_u32(msg, OVPN_DCO_A_IFINDEX, peer->ovpn->dev->ifindex))
		goto err_free;
	attr = nla_nest_start(msg, OVPN_DCO_A_DEL_PEER);
	if (!attr ||
	    nla_put_u8(msg, OVPN_DCO_DEL_PEER_A_REASON, peer->delete_reason) ||
	    nla_put_u32(msg, OVPN_DCO_DEL_PEER_A_PEER_ID, peer->id))
		goto err_free;
	nla_nest_end(msg, attr);
	genlmsg_end(msg, hdr);

	/* this family notifies the device's netns */
	genlmsg_multicast_netns(&ovpn_dco_v2_nl_family,
				dev_net(peer->ovpn->dev), msg, 0,
				OVPN_DCO_V2_NLGRP_PEERS, GFP_ATOMIC);
	return;

err_free:
	nlmsg_free(msg);
}

/* OpenVPN 2.6 has no float notification and renegotiates keys on its
 * own, long before they run out
 */
static const struct ovpn_nl_ops ovpn_nl_ops_dco = {
	.kind = OVPN_DCO_LINK_KIND,
	.peer_del = ovpn_dco_peer_del_notify,
};

/* the link kind OpenVPN 2.6 creates */
static struct ovpn_link_kind ovpn_dco_link_kind = {
	.nl_ops = &ovpn_nl_ops_dco,
};

/**
 * ovpn_dco_init - register the "ovpn-dco" link kind and its family
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_dco_init(void)
{
	int err;

	err = ovpn_link_kind_register(&ovpn_dco_link_kind);
	if (err) {
		pr_err("can't register the %s link kind: %d\n",
		       OVPN_DCO_LINK_KIND, err);
		return err;
	}

	err = genl_register_family(&ovpn_dco_v2_nl_family);
	if (err) {
		pr_err("can't register the %s family: %d\n",
		       OVPN_DCO_V2_FAMILY_NAME, err);
		ovpn_link_kind_unregister(&ovpn_dco_link_kind);
	}
	return err;
}

/**
 * ovpn_dco_uninit - unregister the family, then the link kind, which
 * deletes its devices
 */
void ovpn_dco_uninit(void)
{
	genl_unregister_family(&ovpn_dco_v2_nl_family);
	ovpn_link_kind_unregister(&ovpn_dco_link_kind);
}

MODULE_ALIAS_RTNL_LINK(OVPN_DCO_LINK_KIND);
MODULE_ALIAS_GENL_FAMILY(OVPN_DCO_V2_FAMILY_NAME);
