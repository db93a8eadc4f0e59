// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * Hand-written handlers of the "ovpn" generic netlink family: requests
 * about peers and notifications here, requests about keys in
 * netlink-key.c. Policies and the ops table are generated from the YAML
 * spec in netlink-gen.c.
 */

#include <linux/netdevice.h>
#include <linux/types.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <uapi/linux/ovpn.h>

#include "bind.h"
#include "netdev.h"
#include "netlink-core.h"
#include "netlink.h"
#include "netlink-gen.h"
#include "ovpnpriv.h"
#include "peer.h"
#include "socket.h"

/**
 * ovpn_nl_pre_doit - resolve the device a request is about
 * @ops: the operation being run
 * @skb: the request
 * @info: the request's attributes
 *
 * Every request names an ovpn device of the caller's netns by ifindex;
 * hold it for the whole handler.
 *
 * Return: 0 on success or a negative error code (with extack set)
 */
int ovpn_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		     struct genl_info *info)
{
	return ovpn_nl_dev_hold(info, OVPN_A_IFINDEX, &ovpn_nl_ops_ovpn);
}

/**
 * ovpn_nl_post_doit - release the device held by ovpn_nl_pre_doit()
 * @ops: the operation that ran
 * @skb: the request
 * @info: the request's attributes
 */
void ovpn_nl_post_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		       struct genl_info *info)
{
	ovpn_nl_dev_release(info);
}

/* The PEER attributes each command accepts (6.12's netlink generator
 * cannot express per-operation subsets of a nested set).
 */
#define OVPN_PEER_ATTRS_SET						\
	(BIT(OVPN_A_PEER_ID) | BIT(OVPN_A_PEER_REMOTE_IPV4) |		\
	 BIT(OVPN_A_PEER_REMOTE_IPV6) |					\
	 BIT(OVPN_A_PEER_REMOTE_IPV6_SCOPE_ID) |			\
	 BIT(OVPN_A_PEER_REMOTE_PORT) | BIT(OVPN_A_PEER_VPN_IPV4) |	\
	 BIT(OVPN_A_PEER_VPN_IPV6) | BIT(OVPN_A_PEER_LOCAL_IPV4) |	\
	 BIT(OVPN_A_PEER_LOCAL_IPV6) |					\
	 BIT(OVPN_A_PEER_KEEPALIVE_INTERVAL) |				\
	 BIT(OVPN_A_PEER_KEEPALIVE_TIMEOUT) | BIT(OVPN_A_PEER_TX_ID))
#define OVPN_PEER_ATTRS_NEW	(OVPN_PEER_ATTRS_SET | BIT(OVPN_A_PEER_SOCKET))
#define OVPN_PEER_ATTRS_ID	BIT(OVPN_A_PEER_ID)

/* the nests of requests: their highest attribute, policy and name */
static const struct {
	int max;
	const struct nla_policy *policy;
	const char *name;
} ovpn_nl_nests[] = {
	[OVPN_A_PEER] = { OVPN_A_PEER_MAX, ovpn_peer_nl_policy, "peer" },
	[OVPN_A_KEYCONF] = {
		OVPN_A_KEYCONF_MAX, ovpn_keyconf_nl_policy, "key"
	},
};

/**
 * ovpn_nl_nest_parse - parse the PEER or KEYCONF nest of a request
 * @info: the request
 * @type: OVPN_A_PEER or OVPN_A_KEYCONF
 * @attrs: where to parse it, as many entries as the nest's highest
 *	   attribute plus one
 * @allowed: bitmask of the attributes this command accepts
 * @required: bitmask of the attributes this command requires
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_nest_parse(struct genl_info *info, int type,
		       struct nlattr **attrs, unsigned long allowed,
		       unsigned long required)
{
	struct nlattr *nest = info->attrs[type];
	int i, max, ret;

	if (WARN_ON_ONCE(type >= ARRAY_SIZE(ovpn_nl_nests) ||
			 !ovpn_nl_nests[type].policy))
		return -EINVAL;
	max = ovpn_nl_nests[type].max;

	if (GENL_REQ_ATTR_CHECK(info, type))
		return -EINVAL;

	ret = nla_parse_nested(attrs, max, nest, ovpn_nl_nests[type].policy,
			       info->extack);
	if (ret)
		return ret;

	for (i = 1; i <= max; i++) {
		if (attrs[i] && !(allowed & BIT(i))) {
			NL_SET_ERR_MSG_FMT_MOD(info->extack,
					       "%s attribute %d is not accepted by this command",
					       ovpn_nl_nests[type].name, i);
			NL_SET_BAD_ATTR(info->extack, attrs[i]);
			return -EINVAL;
		}
	}

	for_each_set_bit(i, &required, max + 1)
		if (NL_REQ_ATTR_CHECK(info->extack, nest, attrs, i))
			return -EINVAL;

	return 0;
}

/* is this IPv6 attribute a v4-mapped address (dual-stack sockets) */
static bool ovpn_nl_attr_v4mapped(const struct nlattr *attr)
{
	struct in6_addr addr = nla_get_in6_addr(attr);

	return ipv6_addr_v4mapped(&addr);
}

/**
 * ovpn_nl_peer_precheck - cross-attribute rules of PEER_NEW and PEER_SET
 * @info: the request
 * @attrs: the parsed PEER nest
 *
 * Return: 0 on success or a negative error code, with extack set
 */
static int ovpn_nl_peer_precheck(struct genl_info *info,
				 struct nlattr **attrs)
{
	struct nlattr *nest = info->attrs[OVPN_A_PEER];
	struct netlink_ext_ack *extack = info->extack;
	bool remote4, remote6;
	struct nlattr *local;

	remote4 = attrs[OVPN_A_PEER_REMOTE_IPV4] ||
		  (attrs[OVPN_A_PEER_REMOTE_IPV6] &&
		   ovpn_nl_attr_v4mapped(attrs[OVPN_A_PEER_REMOTE_IPV6]));
	remote6 = attrs[OVPN_A_PEER_REMOTE_IPV6] && !remote4;

	if (attrs[OVPN_A_PEER_REMOTE_IPV4] && attrs[OVPN_A_PEER_REMOTE_IPV6]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "cannot specify both remote IPv4 and IPv6 address");
		NL_SET_BAD_ATTR(extack, attrs[OVPN_A_PEER_REMOTE_IPV6]);
		return -EINVAL;
	}

	if ((remote4 || remote6) && !attrs[OVPN_A_PEER_REMOTE_PORT]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a remote address needs a remote port");
		NL_SET_ERR_ATTR_MISS(extack, nest, OVPN_A_PEER_REMOTE_PORT);
		return -EINVAL;
	}

	if (!remote4 && !remote6 && attrs[OVPN_A_PEER_REMOTE_PORT]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a remote port needs a remote address");
		NL_SET_BAD_ATTR(extack, attrs[OVPN_A_PEER_REMOTE_PORT]);
		return -EINVAL;
	}

	if (attrs[OVPN_A_PEER_REMOTE_IPV6_SCOPE_ID] && !remote6) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a scope id needs a remote IPv6 address");
		NL_SET_BAD_ATTR(extack,
				attrs[OVPN_A_PEER_REMOTE_IPV6_SCOPE_ID]);
		return -EINVAL;
	}

	if (attrs[OVPN_A_PEER_LOCAL_IPV4] && !remote4) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a local IPv4 address needs a remote IPv4 address");
		NL_SET_BAD_ATTR(extack, attrs[OVPN_A_PEER_LOCAL_IPV4]);
		return -EINVAL;
	}

	local = attrs[OVPN_A_PEER_LOCAL_IPV6];
	if (local && !remote6 && !(remote4 && ovpn_nl_attr_v4mapped(local))) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a local IPv6 address needs a remote IPv6 address");
		NL_SET_BAD_ATTR(extack, attrs[OVPN_A_PEER_LOCAL_IPV6]);
		return -EINVAL;
	}

	if (!attrs[OVPN_A_PEER_KEEPALIVE_INTERVAL] !=
	    !attrs[OVPN_A_PEER_KEEPALIVE_TIMEOUT]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "keepalive interval and timeout go together");
		NL_SET_ERR_ATTR_MISS(extack, nest,
				     attrs[OVPN_A_PEER_KEEPALIVE_INTERVAL] ?
				     OVPN_A_PEER_KEEPALIVE_TIMEOUT :
				     OVPN_A_PEER_KEEPALIVE_INTERVAL);
		return -EINVAL;
	}

	return 0;
}

/**
 * ovpn_nl_peer_req_fill - translate a parsed PEER nest into a request
 * @info: the request
 * @attrs: the parsed and checked PEER nest
 * @req: the request to fill
 */
static void ovpn_nl_peer_req_fill(struct genl_info *info,
				  struct nlattr **attrs,
				  struct ovpn_nl_peer_req *req)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&req->remote;
	struct sockaddr_in *sin = (struct sockaddr_in *)&req->remote;
	struct nlattr *scope = attrs[OVPN_A_PEER_REMOTE_IPV6_SCOPE_ID];

	memset(req, 0, sizeof(*req));
	req->id_attr = attrs[OVPN_A_PEER_ID];
	req->fd_attr = attrs[OVPN_A_PEER_SOCKET];
	req->nest = info->attrs[OVPN_A_PEER];
	req->remote_type = OVPN_A_PEER_REMOTE_IPV4;
	req->vpn_type = OVPN_A_PEER_VPN_IPV4;

	req->remote_attr = attrs[OVPN_A_PEER_REMOTE_IPV4] ?:
			   attrs[OVPN_A_PEER_REMOTE_IPV6];
	if (attrs[OVPN_A_PEER_REMOTE_IPV4]) {
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr =
			nla_get_in_addr(attrs[OVPN_A_PEER_REMOTE_IPV4]);
		sin->sin_port = nla_get_be16(attrs[OVPN_A_PEER_REMOTE_PORT]);
	} else if (attrs[OVPN_A_PEER_REMOTE_IPV6]) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr =
			nla_get_in6_addr(attrs[OVPN_A_PEER_REMOTE_IPV6]);
		sin6->sin6_port = nla_get_be16(attrs[OVPN_A_PEER_REMOTE_PORT]);
		if (scope)
			sin6->sin6_scope_id = nla_get_u32(scope);
	}

	req->local_attr = attrs[OVPN_A_PEER_LOCAL_IPV4] ?:
			  attrs[OVPN_A_PEER_LOCAL_IPV6];
	if (attrs[OVPN_A_PEER_LOCAL_IPV4])
		ipv6_addr_set_v4mapped(nla_get_in_addr(req->local_attr),
				       &req->local);
	else if (req->local_attr)
		req->local = nla_get_in6_addr(req->local_attr);

	req->vpn4_attr = attrs[OVPN_A_PEER_VPN_IPV4];
	if (req->vpn4_attr)
		req->vpn4 = nla_get_in_addr(req->vpn4_attr);
	req->vpn6_attr = attrs[OVPN_A_PEER_VPN_IPV6];
	if (req->vpn6_attr)
		req->vpn6 = nla_get_in6_addr(req->vpn6_attr);

	req->interval_attr = attrs[OVPN_A_PEER_KEEPALIVE_INTERVAL];
	req->timeout_attr = attrs[OVPN_A_PEER_KEEPALIVE_TIMEOUT];
	req->tx_id_attr = attrs[OVPN_A_PEER_TX_ID];
}

/**
 * ovpn_nl_peer_new_doit - PEER_NEW: create a peer on its socket
 * @skb: the request
 * @info: its attributes
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_peer_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_A_PEER_MAX + 1];
	struct ovpn_nl_peer_req req;
	int ret;

	ret = ovpn_nl_nest_parse(info, OVPN_A_PEER, attrs,
				 OVPN_PEER_ATTRS_NEW, OVPN_PEER_ATTRS_ID);
	if (ret)
		return ret;

	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[OVPN_A_PEER], attrs,
			      OVPN_A_PEER_SOCKET))
		return -EINVAL;

	ret = ovpn_nl_peer_precheck(info, attrs);
	if (ret)
		return ret;

	ovpn_nl_peer_req_fill(info, attrs, &req);
	return ovpn_nl_peer_new(info->user_ptr[0], &req, info->extack);
}

/**
 * ovpn_nl_peer_set_doit - PEER_SET: change the settings of a peer
 * @skb: the request
 * @info: its attributes
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_peer_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_A_PEER_MAX + 1];
	struct ovpn_nl_peer_req req;
	int ret;

	ret = ovpn_nl_nest_parse(info, OVPN_A_PEER, attrs,
				 OVPN_PEER_ATTRS_SET, OVPN_PEER_ATTRS_ID);
	if (ret)
		return ret;

	ret = ovpn_nl_peer_precheck(info, attrs);
	if (ret)
		return ret;

	ovpn_nl_peer_req_fill(info, attrs, &req);
	return ovpn_nl_peer_set(info->user_ptr[0], &req, info->extack);
}

/* put the remote endpoint of @bind into a PEER nest */
static int ovpn_nl_put_remote(struct sk_buff *msg,
			      const struct ovpn_bind *bind)
{
	if (bind->remote.in4.sin_family == AF_INET)
		return nla_put_in_addr(msg, OVPN_A_PEER_REMOTE_IPV4,
				       bind->remote.in4.sin_addr.s_addr) ||
		       nla_put_be16(msg, OVPN_A_PEER_REMOTE_PORT,
				    bind->remote.in4.sin_port);

	return nla_put_in6_addr(msg, OVPN_A_PEER_REMOTE_IPV6,
				&bind->remote.in6.sin6_addr) ||
	       nla_put_u32(msg, OVPN_A_PEER_REMOTE_IPV6_SCOPE_ID,
			   bind->remote.in6.sin6_scope_id) ||
	       nla_put_be16(msg, OVPN_A_PEER_REMOTE_PORT,
			    bind->remote.in6.sin6_port);
}

/* put the transport endpoints of @peer into a PEER nest: its socket's
 * netns (if not the requester's) and local port, the remote endpoint
 * and the local address it sends from
 */
static int ovpn_nl_put_endpoints(struct sk_buff *skb, struct net *net,
				 struct ovpn_peer *peer)
{
	const struct ovpn_bind *bind;
	struct ovpn_socket *sock;
	__be32 local4;
	int id;

	rcu_read_lock();
	sock = rcu_dereference(peer->sock);
	if (sock) {
		if (!net_eq(net, sock_net(sock->sk))) {
			id = peernet2id_alloc(net, sock_net(sock->sk),
					      GFP_ATOMIC);
			if (nla_put_s32(skb, OVPN_A_PEER_SOCKET_NETNSID, id))
				goto err;
		}
		if (nla_put_be16(skb, OVPN_A_PEER_LOCAL_PORT,
				 inet_sk(sock->sk)->inet_sport))
			goto err;
	}

	bind = rcu_dereference(peer->bind);
	if (bind) {
		if (ovpn_nl_put_remote(skb, bind))
			goto err;
		local4 = READ_ONCE(bind->local.ipv4.s_addr);
		if (bind->remote.in4.sin_family == AF_INET && local4 &&
		    nla_put_in_addr(skb, OVPN_A_PEER_LOCAL_IPV4, local4))
			goto err;
		if (bind->remote.in4.sin_family == AF_INET6 &&
		    !ipv6_addr_any(&bind->local.ipv6) &&
		    nla_put_in6_addr(skb, OVPN_A_PEER_LOCAL_IPV6,
				     &bind->local.ipv6))
			goto err;
	}
	rcu_read_unlock();

	return 0;

err:
	rcu_read_unlock();
	return -EMSGSIZE;
}

/* the attributes of a peer only this family has: the id it sends with
 * and its transport endpoints
 */
static int ovpn_nl_put_own(struct sk_buff *skb, struct net *net,
			   struct ovpn_peer *peer)
{
	if (nla_put_u32(skb, OVPN_A_PEER_TX_ID, READ_ONCE(peer->tx_id)))
		return -EMSGSIZE;
	return ovpn_nl_put_endpoints(skb, net, peer);
}

/* how PEER_GET describes a peer */
static const struct ovpn_nl_peer_desc ovpn_nl_peer_desc = {
	.family = &ovpn_nl_family,
	.cmd = OVPN_CMD_PEER_GET,
	.nest = OVPN_A_PEER,
	.id = OVPN_A_PEER_ID,
	.vpn4 = OVPN_A_PEER_VPN_IPV4,
	.vpn6 = OVPN_A_PEER_VPN_IPV6,
	.keepalive_interval = OVPN_A_PEER_KEEPALIVE_INTERVAL,
	.keepalive_timeout = OVPN_A_PEER_KEEPALIVE_TIMEOUT,
	.put_own = ovpn_nl_put_own,
	.stats = {
		.bytes = {
			OVPN_A_PEER_VPN_RX_BYTES, OVPN_A_PEER_VPN_TX_BYTES,
			OVPN_A_PEER_LINK_RX_BYTES, OVPN_A_PEER_LINK_TX_BYTES,
		},
		.packets = {
			OVPN_A_PEER_VPN_RX_PACKETS,
			OVPN_A_PEER_VPN_TX_PACKETS,
			OVPN_A_PEER_LINK_RX_PACKETS,
			OVPN_A_PEER_LINK_TX_PACKETS,
		},
	},
};

/**
 * ovpn_nl_peer_get_doit - PEER_GET of one peer
 * @skb: the request
 * @info: its attributes
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_peer_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_A_PEER_MAX + 1];
	int ret;

	ret = ovpn_nl_nest_parse(info, OVPN_A_PEER, attrs,
				 OVPN_PEER_ATTRS_ID, OVPN_PEER_ATTRS_ID);
	if (ret)
		return ret;

	return ovpn_nl_peer_reply(info, info->user_ptr[0],
				  attrs[OVPN_A_PEER_ID],
				  &ovpn_nl_peer_desc);
}

/**
 * ovpn_nl_peer_get_dumpit - PEER_GET of every peer of a device
 * @skb: the message to fill
 * @cb: the dump state
 *
 * Return: the length of @skb, 0 when done, or a negative error code
 */
int ovpn_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ovpn_nl_peer_dump(skb, cb, OVPN_A_IFINDEX, &ovpn_nl_ops_ovpn,
				 &ovpn_nl_peer_desc);
}

/**
 * ovpn_nl_peer_del_doit - PEER_DEL: remove a peer
 * @skb: the request
 * @info: its attributes
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_peer_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_A_PEER_MAX + 1];
	int ret;

	ret = ovpn_nl_nest_parse(info, OVPN_A_PEER, attrs,
				 OVPN_PEER_ATTRS_ID, OVPN_PEER_ATTRS_ID);
	if (ret)
		return ret;

	return ovpn_nl_peer_del(info->user_ptr[0], attrs[OVPN_A_PEER_ID],
				info->extack);
}

/* the netns whose listeners hear about a peer: its socket's */
static struct net *ovpn_nl_peer_net(struct ovpn_peer *peer)
{
	struct ovpn_socket *sock;
	struct net *net;

	rcu_read_lock();
	sock = rcu_dereference(peer->sock);
	net = sock ? sock_net(sock->sk) : dev_net(peer->ovpn->dev);
	rcu_read_unlock();

	return net;
}

/* start a notification about @peer: the message and its IFINDEX, with
 * room for @size bytes of attributes in one nest after it. Messages are
 * sized exactly: a server losing thousands of peers at once sends one
 * each, and listeners' receive buffers are charged their true size.
 */
static struct sk_buff *ovpn_nl_notify_new(struct ovpn_peer *peer, u8 cmd,
					  size_t size, void **hdr)
{
	struct sk_buff *msg;

	msg = genlmsg_new(nla_total_size(sizeof(u32)) + nla_total_size(size),
			  GFP_ATOMIC);
	if (!msg)
		return NULL;

	*hdr = genlmsg_put(msg, 0, 0, &ovpn_nl_family, 0, cmd);
	if (!*hdr ||
	    nla_put_u32(msg, OVPN_A_IFINDEX, peer->ovpn->dev->ifindex)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* send a notification to the listeners in the netns of @peer's socket */
static void ovpn_nl_notify_send(struct ovpn_peer *peer, struct sk_buff *msg,
				void *hdr)
{
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&ovpn_nl_family, ovpn_nl_peer_net(peer), msg,
				0, OVPN_NLGRP_PEERS, GFP_ATOMIC);
}

/* PEER_DEL_NTF: a peer was removed, peer->delete_reason says why */
static void ovpn_nl_peer_del_notify(struct ovpn_peer *peer)
{
	struct nlattr *attr;
	struct sk_buff *msg;
	void *hdr;

	msg = ovpn_nl_notify_new(peer, OVPN_CMD_PEER_DEL_NTF,
				 2 * nla_total_size(sizeof(u32)), &hdr);
	if (!msg)
		return;

	attr = nla_nest_start(msg, OVPN_A_PEER);
	if (!attr ||
	    nla_put_u32(msg, OVPN_A_PEER_DEL_REASON, peer->delete_reason) ||
	    nla_put_u32(msg, OVPN_A_PEER_ID, peer->id)) {
		nlmsg_free(msg);
		return;
	}
	nla_nest_end(msg, attr);
	ovpn_nl_notify_send(peer, msg, hdr);
}

/* PEER_FLOAT_NTF: a peer moved to a new endpoint */
static void ovpn_nl_peer_float_notify(struct ovpn_peer *peer)
{
	const struct ovpn_bind *bind;
	struct nlattr *attr;
	struct sk_buff *msg;
	void *hdr;

	/* the id and the larger, IPv6, form of the remote */
	msg = ovpn_nl_notify_new(peer, OVPN_CMD_PEER_FLOAT_NTF,
				 2 * nla_total_size(sizeof(u32)) +
				 nla_total_size(sizeof(struct in6_addr)) +
				 nla_total_size(sizeof(u16)), &hdr);
	if (!msg)
		return;

	attr = nla_nest_start(msg, OVPN_A_PEER);
	if (!attr || nla_put_u32(msg, OVPN_A_PEER_ID, peer->id))
		goto err_free;

	rcu_read_lock();
	bind = rcu_dereference(peer->bind);
	if (!bind || ovpn_nl_put_remote(msg, bind)) {
		rcu_read_unlock();
		goto err_free;
	}
	rcu_read_unlock();

	nla_nest_end(msg, attr);
	ovpn_nl_notify_send(peer, msg, hdr);
	return;

err_free:
	nlmsg_free(msg);
}

/* KEY_SWAP_NTF: the key @key_id of @peer ran out, userspace renews it */
static void ovpn_nl_key_swap_notify(struct ovpn_peer *peer, u8 key_id)
{
	struct nlattr *attr;
	struct sk_buff *msg;
	void *hdr;

	msg = ovpn_nl_notify_new(peer, OVPN_CMD_KEY_SWAP_NTF,
				 nla_total_size(sizeof(u32)) +
				 nla_total_size(sizeof(u16)), &hdr);
	if (!msg)
		return;

	attr = nla_nest_start(msg, OVPN_A_KEYCONF);
	/* OpenVPN reads the key id of this notification as 16 bits */
	if (!attr ||
	    nla_put_u32(msg, OVPN_A_KEYCONF_PEER_ID, peer->id) ||
	    nla_put_u16(msg, OVPN_A_KEYCONF_KEY_ID, key_id)) {
		nlmsg_free(msg);
		return;
	}
	nla_nest_end(msg, attr);
	ovpn_nl_notify_send(peer, msg, hdr);
}

const struct ovpn_nl_ops ovpn_nl_ops_ovpn = {
	.kind = "ovpn",
	.peer_del = ovpn_nl_peer_del_notify,
	.peer_float = ovpn_nl_peer_float_notify,
	.key_swap = ovpn_nl_key_swap_notify,
};
