// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * Hand-written handlers of the "ovpn" generic netlink family; policies
 * and the ops table are generated from the YAML spec in netlink-gen.c.
 */

#include <linux/netdevice.h>
#include <linux/types.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <uapi/linux/ovpn.h>

#include "bind.h"
#include "crypto.h"
#include "netdev.h"
#include "netlink-dco.h"
#include "netlink.h"
#include "netlink-gen.h"
#include "ovpnpriv.h"
#include "peer.h"
#include "socket.h"

/* The pre_doit hook stores the device in user_ptr[0] and its reference
 * tracker in the storage of user_ptr[1], which fits it.
 */
static netdevice_tracker *ovpn_nl_tracker(struct genl_info *info)
{
	BUILD_BUG_ON(sizeof(netdevice_tracker) > sizeof(info->user_ptr[1]));
	return (netdevice_tracker *)&info->user_ptr[1];
}

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
	struct net *net = genl_info_net(info);
	struct net_device *dev;

	if (GENL_REQ_ATTR_CHECK(info, OVPN_A_IFINDEX))
		return -EINVAL;

	dev = netdev_get_by_index(net, nla_get_u32(info->attrs[OVPN_A_IFINDEX]),
				  ovpn_nl_tracker(info), GFP_KERNEL);
	if (!dev) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "ifindex does not match any interface");
		NL_SET_BAD_ATTR(info->extack, info->attrs[OVPN_A_IFINDEX]);
		return -ENODEV;
	}

	if (!ovpn_dev_is_ovpn(dev)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "specified interface is not ovpn");
		NL_SET_BAD_ATTR(info->extack, info->attrs[OVPN_A_IFINDEX]);
		netdev_put(dev, ovpn_nl_tracker(info));
		return -EINVAL;
	}

	info->user_ptr[0] = netdev_priv(dev);
	return 0;
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
	struct ovpn_priv *ovpn = info->user_ptr[0];

	if (ovpn)
		netdev_put(ovpn->dev, ovpn_nl_tracker(info));
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

/**
 * ovpn_nl_peer_parse - parse the PEER nest of a request
 * @info: the request
 * @attrs: where to parse it, OVPN_A_PEER_MAX + 1 entries
 * @allowed: bitmask of the attributes this command accepts
 *
 * Return: 0 on success or a negative error code, with extack set
 */
static int ovpn_nl_peer_parse(struct genl_info *info, struct nlattr **attrs,
			      unsigned long allowed)
{
	int i, ret;

	if (GENL_REQ_ATTR_CHECK(info, OVPN_A_PEER))
		return -EINVAL;

	ret = nla_parse_nested(attrs, OVPN_A_PEER_MAX, info->attrs[OVPN_A_PEER],
			       ovpn_peer_nl_policy, info->extack);
	if (ret)
		return ret;

	for (i = 1; i <= OVPN_A_PEER_MAX; i++) {
		if (attrs[i] && !(allowed & BIT(i))) {
			NL_SET_ERR_MSG_FMT_MOD(info->extack,
					       "peer attribute %d is not accepted by this command",
					       i);
			NL_SET_BAD_ATTR(info->extack, attrs[i]);
			return -EINVAL;
		}
	}

	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[OVPN_A_PEER], attrs,
			      OVPN_A_PEER_ID))
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

/* the remote endpoint named by a request, or AF_UNSPEC if none */
static void ovpn_nl_remote_sockaddr(struct nlattr **attrs,
				    struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct nlattr *scope = attrs[OVPN_A_PEER_REMOTE_IPV6_SCOPE_ID];

	memset(ss, 0, sizeof(*ss));
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
}

/**
 * ovpn_nl_peer_modify - apply the settings of a request to a peer
 * @peer: the peer
 * @info: the request
 * @attrs: the parsed and checked PEER nest
 *
 * Return: 0 on success or a negative error code, with extack set
 */
static int ovpn_nl_peer_modify(struct ovpn_peer *peer, struct genl_info *info,
			       struct nlattr **attrs)
{
	struct nlattr *interval, *timeout;
	struct in6_addr local6, vpn6;
	struct sockaddr_storage ss;
	struct ovpn_bind *bind;
	__be32 vpn4;
	int ret;

	ovpn_nl_remote_sockaddr(attrs, &ss);
	if (ss.ss_family != AF_UNSPEC) {
		bind = ovpn_bind_from_sockaddr(&ss);
		if (IS_ERR(bind)) {
			NL_SET_ERR_MSG_FMT_MOD(info->extack,
					       "cannot set remote endpoint: %ld",
					       PTR_ERR(bind));
			return PTR_ERR(bind);
		}

		if (attrs[OVPN_A_PEER_LOCAL_IPV4]) {
			bind->local.ipv4.s_addr =
				nla_get_in_addr(attrs[OVPN_A_PEER_LOCAL_IPV4]);
		} else if (attrs[OVPN_A_PEER_LOCAL_IPV6]) {
			local6 =
				nla_get_in6_addr(attrs[OVPN_A_PEER_LOCAL_IPV6]);
			if (bind->remote.in4.sin_family == AF_INET)
				bind->local.ipv4.s_addr = local6.s6_addr32[3];
			else
				bind->local.ipv6 = local6;
		}

		ret = ovpn_peer_set_bind(peer, bind);
		if (ret) {
			NL_SET_ERR_MSG_FMT_MOD(info->extack,
					       "cannot index the new remote endpoint: %d",
					       ret);
			return ret;
		}
	}

	if (attrs[OVPN_A_PEER_VPN_IPV4] || attrs[OVPN_A_PEER_VPN_IPV6]) {
		if (attrs[OVPN_A_PEER_VPN_IPV4])
			vpn4 = nla_get_in_addr(attrs[OVPN_A_PEER_VPN_IPV4]);
		if (attrs[OVPN_A_PEER_VPN_IPV6])
			vpn6 = nla_get_in6_addr(attrs[OVPN_A_PEER_VPN_IPV6]);
		ret = ovpn_peer_set_vpn_addrs(peer,
					      attrs[OVPN_A_PEER_VPN_IPV4] ?
					      &vpn4 : NULL,
					      attrs[OVPN_A_PEER_VPN_IPV6] ?
					      &vpn6 : NULL);
		if (ret) {
			NL_SET_ERR_MSG_FMT_MOD(info->extack,
					       "cannot index the new VPN addresses: %d",
					       ret);
			return ret;
		}
	}
	if (attrs[OVPN_A_PEER_TX_ID])
		WRITE_ONCE(peer->tx_id, nla_get_u32(attrs[OVPN_A_PEER_TX_ID]));

	interval = attrs[OVPN_A_PEER_KEEPALIVE_INTERVAL];
	timeout = attrs[OVPN_A_PEER_KEEPALIVE_TIMEOUT];
	if (interval && timeout)
		ovpn_peer_keepalive_set(peer, nla_get_u32(interval),
					nla_get_u32(timeout));

	return 0;
}

/**
 * ovpn_nl_peer_socket - give a new peer the transport socket of a request
 * @peer: the peer, not linked yet
 * @fd_attr: the attribute carrying the fd of the socket
 * @remote: the remote address attribute of the request, if any
 * @local: the local address attribute of the request, if any
 * @extack: where to report errors
 *
 * Shared by the netlink families: a UDP socket needs a remote address,
 * an established TCP socket takes none.
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_peer_socket(struct ovpn_peer *peer, const struct nlattr *fd_attr,
			const struct nlattr *remote, const struct nlattr *local,
			struct netlink_ext_ack *extack)
{
	struct ovpn_socket *ovpn_sock;
	struct socket *sock;
	struct sock *sk;
	int ret;

	sock = sockfd_lookup(nla_get_u32(fd_attr), &ret);
	if (!sock) {
		NL_SET_ERR_MSG_MOD(extack, "cannot find the peer socket");
		NL_SET_BAD_ATTR(extack, fd_attr);
		return ret;
	}

	sk = sock->sk;
	if ((sk->sk_family != AF_INET && sk->sk_family != AF_INET6) ||
	    !((sk->sk_protocol == IPPROTO_UDP && sk->sk_type == SOCK_DGRAM) ||
	      (sk->sk_protocol == IPPROTO_TCP && sk->sk_type == SOCK_STREAM))) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the peer socket must be an IPv4 or IPv6 UDP or TCP socket");
		NL_SET_BAD_ATTR(extack, fd_attr);
		ret = -EOPNOTSUPP;
		goto out_put;
	}

	if (sk->sk_protocol == IPPROTO_UDP && !remote) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a UDP peer needs a remote address and port");
		NL_SET_ERR_ATTR_MISS(extack, NULL, OVPN_A_PEER_REMOTE_IPV4);
		ret = -EINVAL;
		goto out_put;
	}
	if (sk->sk_protocol == IPPROTO_TCP) {
		if (remote || local) {
			NL_SET_ERR_MSG_MOD(extack,
					   "a TCP peer's endpoints are its connection's: no address may be given");
			NL_SET_BAD_ATTR(extack, remote ?: local);
			ret = -EINVAL;
			goto out_put;
		}
	}
	if (sk->sk_protocol == IPPROTO_TCP &&
	    READ_ONCE(sk->sk_state) != TCP_ESTABLISHED) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the TCP socket must be connected");
		NL_SET_BAD_ATTR(extack, fd_attr);
		ret = -ENOTCONN;
		goto out_put;
	}

	ovpn_sock = ovpn_socket_new(sock, peer);
	if (IS_ERR(ovpn_sock)) {
		ret = PTR_ERR(ovpn_sock);
		switch (ret) {
		case -EBUSY:
			NL_SET_ERR_MSG_MOD(extack,
					   "the peer socket is used by someone else");
			break;
		case -ENOTCONN:
			NL_SET_ERR_MSG_MOD(extack,
					   "the TCP socket must be connected");
			break;
		case -EDESTADDRREQ:
			NL_SET_ERR_MSG_MOD(extack,
					   "the UDP socket must be bound to a port");
			ret = -EINVAL;
			break;
		default:
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "cannot attach to the peer socket: %d",
					       ret);
		}
		NL_SET_BAD_ATTR(extack, fd_attr);
		goto out_put;
	}
	rcu_assign_pointer(peer->sock, ovpn_sock);
	ret = 0;

out_put:
	/* the driver keeps the socket, not the file: userspace closing it
	 * is how the transport goes away
	 */
	sockfd_put(sock);
	return ret;
}

int ovpn_nl_peer_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_A_PEER_MAX + 1];
	struct ovpn_priv *ovpn = info->user_ptr[0];
	struct ovpn_peer *peer;
	int ret;

	ret = ovpn_nl_peer_parse(info, attrs, OVPN_PEER_ATTRS_NEW);
	if (ret)
		return ret;

	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[OVPN_A_PEER], attrs,
			      OVPN_A_PEER_SOCKET))
		return -EINVAL;

	ret = ovpn_nl_peer_precheck(info, attrs);
	if (ret)
		return ret;

	if (ovpn->mode == OVPN_MODE_MP && !attrs[OVPN_A_PEER_VPN_IPV4] &&
	    !attrs[OVPN_A_PEER_VPN_IPV6]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a peer of a multi-peer device needs a VPN IPv4 or IPv6 address to route by");
		NL_SET_ERR_ATTR_MISS(info->extack, info->attrs[OVPN_A_PEER],
				     OVPN_A_PEER_VPN_IPV4);
		return -EINVAL;
	}

	peer = ovpn_peer_new(ovpn, nla_get_u32(attrs[OVPN_A_PEER_ID]));
	if (IS_ERR(peer)) {
		NL_SET_ERR_MSG_MOD(info->extack, "cannot create the peer");
		return PTR_ERR(peer);
	}

	ret = ovpn_nl_peer_socket(peer, attrs[OVPN_A_PEER_SOCKET],
				  attrs[OVPN_A_PEER_REMOTE_IPV4] ?:
				  attrs[OVPN_A_PEER_REMOTE_IPV6],
				  attrs[OVPN_A_PEER_LOCAL_IPV4] ?:
				  attrs[OVPN_A_PEER_LOCAL_IPV6], info->extack);
	if (ret)
		goto err_put_peer;

	ret = ovpn_nl_peer_modify(peer, info, attrs);
	if (ret)
		goto err_put_peer;

	ret = ovpn_peer_add(ovpn, peer);
	switch (ret) {
	case 0:
		break;
	case -EEXIST:
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "a peer with id %u already exists",
				       peer->id);
		NL_SET_BAD_ATTR(info->extack, attrs[OVPN_A_PEER_ID]);
		goto err_put_peer;
	case -ENOSPC:
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "the device has reached its limit of %lu peers",
				       OVPN_MAX_PEERS);
		goto err_put_peer;
	case -ENODEV:
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the device is being deleted");
		goto err_put_peer;
	default:
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "cannot add the peer: %d", ret);
		goto err_put_peer;
	}

	return 0;

err_put_peer:
	ovpn_peer_put(peer);
	return ret;
}

/* find the peer named by a parsed PEER nest */
static struct ovpn_peer *ovpn_nl_peer_find(struct ovpn_priv *ovpn,
					   struct genl_info *info,
					   struct nlattr **attrs)
{
	u32 id = nla_get_u32(attrs[OVPN_A_PEER_ID]);
	struct ovpn_peer *peer;

	peer = ovpn_peer_get_by_id(ovpn, id);
	if (!peer) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "no peer with id %u", id);
		NL_SET_BAD_ATTR(info->extack, attrs[OVPN_A_PEER_ID]);
	}
	return peer;
}

/* a TCP peer's endpoints are its connection's: PEER_SET cannot move it */
static int ovpn_nl_peer_set_check_tcp(struct ovpn_peer *peer,
				      struct genl_info *info,
				      struct nlattr **attrs)
{
	struct nlattr *addr = attrs[OVPN_A_PEER_REMOTE_IPV4] ?:
			      attrs[OVPN_A_PEER_REMOTE_IPV6] ?:
			      attrs[OVPN_A_PEER_REMOTE_PORT] ?:
			      attrs[OVPN_A_PEER_LOCAL_IPV4] ?:
			      attrs[OVPN_A_PEER_LOCAL_IPV6];
	struct ovpn_socket *sock;
	bool tcp;

	if (!addr)
		return 0;

	rcu_read_lock();
	sock = rcu_dereference(peer->sock);
	tcp = sock && sock->sk->sk_protocol == IPPROTO_TCP;
	rcu_read_unlock();
	if (!tcp)
		return 0;

	NL_SET_ERR_MSG_MOD(info->extack,
			   "a TCP peer's endpoints are its connection's: no address may be given");
	NL_SET_BAD_ATTR(info->extack, addr);
	return -EINVAL;
}

int ovpn_nl_peer_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_A_PEER_MAX + 1];
	struct ovpn_priv *ovpn = info->user_ptr[0];
	struct ovpn_peer *peer;
	int ret;

	ret = ovpn_nl_peer_parse(info, attrs, OVPN_PEER_ATTRS_SET);
	if (ret)
		return ret;

	ret = ovpn_nl_peer_precheck(info, attrs);
	if (ret)
		return ret;

	peer = ovpn_nl_peer_find(ovpn, info, attrs);
	if (!peer)
		return -ENOENT;

	ret = ovpn_nl_peer_set_check_tcp(peer, info, attrs);
	if (!ret)
		ret = ovpn_nl_peer_modify(peer, info, attrs);
	ovpn_peer_put(peer);
	return ret;
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

/**
 * ovpn_nl_peer_fill - describe a peer in a netlink message
 * @skb: the message
 * @net: the netns of the requester, for the socket's netns id
 * @peer: the peer
 * @portid: the requester's port id
 * @seq: the request's sequence number
 * @flags: netlink message flags
 *
 * Return: 0 on success or -EMSGSIZE
 */
static int ovpn_nl_peer_fill(struct sk_buff *skb, struct net *net,
			     struct ovpn_peer *peer, u32 portid, u32 seq,
			     int flags)
{
	const struct ovpn_bind *bind;
	struct ovpn_socket *sock;
	struct in6_addr vpn6;
	struct nlattr *attr;
	__be32 vpn4;
	void *hdr;
	int id;

	hdr = genlmsg_put(skb, portid, seq, &ovpn_nl_family, flags,
			  OVPN_CMD_PEER_GET);
	if (!hdr)
		return -EMSGSIZE;

	attr = nla_nest_start(skb, OVPN_A_PEER);
	if (!attr)
		goto err;

	if (nla_put_u32(skb, OVPN_A_PEER_ID, peer->id) ||
	    nla_put_u32(skb, OVPN_A_PEER_TX_ID, READ_ONCE(peer->tx_id)))
		goto err;

	/* PEER_SET may be changing them */
	spin_lock_bh(&peer->ovpn->lock);
	vpn4 = peer->vpn_addrs.ipv4.s_addr;
	vpn6 = peer->vpn_addrs.ipv6;
	spin_unlock_bh(&peer->ovpn->lock);

	if (vpn4 && nla_put_in_addr(skb, OVPN_A_PEER_VPN_IPV4, vpn4))
		goto err;
	if (!ipv6_addr_any(&vpn6) &&
	    nla_put_in6_addr(skb, OVPN_A_PEER_VPN_IPV6, &vpn6))
		goto err;

	if (nla_put_u32(skb, OVPN_A_PEER_KEEPALIVE_INTERVAL,
			READ_ONCE(peer->keepalive_interval)) ||
	    nla_put_u32(skb, OVPN_A_PEER_KEEPALIVE_TIMEOUT,
			READ_ONCE(peer->keepalive_timeout)))
		goto err;

	rcu_read_lock();
	sock = rcu_dereference(peer->sock);
	if (sock) {
		if (!net_eq(net, sock_net(sock->sk))) {
			id = peernet2id_alloc(net, sock_net(sock->sk),
					      GFP_ATOMIC);
			if (nla_put_s32(skb, OVPN_A_PEER_SOCKET_NETNSID, id))
				goto err_unlock;
		}
		if (nla_put_be16(skb, OVPN_A_PEER_LOCAL_PORT,
				 inet_sk(sock->sk)->inet_sport))
			goto err_unlock;
	}

	bind = rcu_dereference(peer->bind);
	if (bind) {
		if (ovpn_nl_put_remote(skb, bind))
			goto err_unlock;
		if (bind->remote.in4.sin_family == AF_INET &&
		    bind->local.ipv4.s_addr &&
		    nla_put_in_addr(skb, OVPN_A_PEER_LOCAL_IPV4,
				    bind->local.ipv4.s_addr))
			goto err_unlock;
		if (bind->remote.in4.sin_family == AF_INET6 &&
		    !ipv6_addr_any(&bind->local.ipv6) &&
		    nla_put_in6_addr(skb, OVPN_A_PEER_LOCAL_IPV6,
				     &bind->local.ipv6))
			goto err_unlock;
	}
	rcu_read_unlock();

	if (nla_put_uint(skb, OVPN_A_PEER_VPN_RX_BYTES,
			 atomic64_read(&peer->vpn_stats.rx.bytes)) ||
	    nla_put_uint(skb, OVPN_A_PEER_VPN_TX_BYTES,
			 atomic64_read(&peer->vpn_stats.tx.bytes)) ||
	    nla_put_uint(skb, OVPN_A_PEER_VPN_RX_PACKETS,
			 atomic64_read(&peer->vpn_stats.rx.packets)) ||
	    nla_put_uint(skb, OVPN_A_PEER_VPN_TX_PACKETS,
			 atomic64_read(&peer->vpn_stats.tx.packets)) ||
	    nla_put_uint(skb, OVPN_A_PEER_LINK_RX_BYTES,
			 atomic64_read(&peer->link_stats.rx.bytes)) ||
	    nla_put_uint(skb, OVPN_A_PEER_LINK_TX_BYTES,
			 atomic64_read(&peer->link_stats.tx.bytes)) ||
	    nla_put_uint(skb, OVPN_A_PEER_LINK_RX_PACKETS,
			 atomic64_read(&peer->link_stats.rx.packets)) ||
	    nla_put_uint(skb, OVPN_A_PEER_LINK_TX_PACKETS,
			 atomic64_read(&peer->link_stats.tx.packets)))
		goto err;

	nla_nest_end(skb, attr);
	genlmsg_end(skb, hdr);
	return 0;

err_unlock:
	rcu_read_unlock();
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int ovpn_nl_peer_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_A_PEER_MAX + 1];
	struct ovpn_priv *ovpn = info->user_ptr[0];
	struct ovpn_peer *peer;
	struct sk_buff *msg;
	int ret;

	ret = ovpn_nl_peer_parse(info, attrs, OVPN_PEER_ATTRS_ID);
	if (ret)
		return ret;

	peer = ovpn_nl_peer_find(ovpn, info, attrs);
	if (!peer)
		return -ENOENT;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		ret = -ENOMEM;
		goto out_put;
	}

	ret = ovpn_nl_peer_fill(msg, genl_info_net(info), peer,
				info->snd_portid, info->snd_seq, 0);
	if (ret) {
		nlmsg_free(msg);
		goto out_put;
	}

	ret = genlmsg_reply(msg, info);
out_put:
	ovpn_peer_put(peer);
	return ret;
}

/**
 * ovpn_nl_peer_get_dumpit - describe every peer of a device
 * @skb: the message to fill
 * @cb: the dump state: cb->args[0] is how many peers were dumped
 *
 * Peers are listed in the order they were added; a dump that spans
 * several messages resumes where the previous one stopped. If the peers
 * changed in between, the messages carry NLM_F_DUMP_INTR and userspace
 * should dump again.
 *
 * Return: the length of @skb, 0 when done, or a negative error code
 */
int ovpn_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genl_info *info = genl_info_dump(cb);
	struct net *net = sock_net(cb->skb->sk);
	unsigned long skip = cb->args[0], i = 0;
	struct ovpn_priv *ovpn;
	struct net_device *dev;
	struct ovpn_peer *peer;
	struct nlmsghdr *nlh;
	int ret = 0;

	if (!info->attrs[OVPN_A_IFINDEX]) {
		NL_SET_ERR_ATTR_MISS(cb->extack, NULL, OVPN_A_IFINDEX);
		return -EINVAL;
	}

	dev = dev_get_by_index(net, nla_get_u32(info->attrs[OVPN_A_IFINDEX]));
	if (!dev || !ovpn_dev_is_ovpn(dev)) {
		NL_SET_ERR_MSG_MOD(cb->extack,
				   "ifindex does not match any ovpn interface");
		if (dev)
			dev_put(dev);
		return -ENODEV;
	}
	ovpn = netdev_priv(dev);

	rcu_read_lock();
	cb->seq = READ_ONCE(ovpn->peers_gen);
	list_for_each_entry_rcu(peer, &ovpn->peers, node) {
		if (i++ < skip)
			continue;
		nlh = (struct nlmsghdr *)skb_tail_pointer(skb);
		ret = ovpn_nl_peer_fill(skb, net, peer,
					NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (ret) {
			i--;
			break;
		}
		nl_dump_check_consistent(cb, nlh);
	}
	rcu_read_unlock();
	dev_put(dev);

	/* a full message is not an error: the dump goes on */
	if (ret && i == skip)
		return ret;

	cb->args[0] = i;
	return skb->len;
}

int ovpn_nl_peer_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_A_PEER_MAX + 1];
	struct ovpn_priv *ovpn = info->user_ptr[0];
	struct ovpn_peer *peer;
	int ret;

	ret = ovpn_nl_peer_parse(info, attrs, OVPN_PEER_ATTRS_ID);
	if (ret)
		return ret;

	peer = ovpn_nl_peer_find(ovpn, info, attrs);
	if (!peer)
		return -ENOENT;

	ret = ovpn_peer_del(peer, OVPN_DEL_PEER_REASON_USERSPACE);
	ovpn_peer_put(peer);
	if (ret)
		NL_SET_ERR_MSG_MOD(info->extack, "peer already removed");
	return ret;
}

/* The KEYCONF attributes each command accepts (see the PEER sets) */
#define OVPN_KEYCONF_ATTRS_ID	BIT(OVPN_A_KEYCONF_PEER_ID)
#define OVPN_KEYCONF_ATTRS_SLOT	\
	(OVPN_KEYCONF_ATTRS_ID | BIT(OVPN_A_KEYCONF_SLOT))
#define OVPN_KEYCONF_ATTRS_NEW						\
	(OVPN_KEYCONF_ATTRS_SLOT | BIT(OVPN_A_KEYCONF_KEY_ID) |		\
	 BIT(OVPN_A_KEYCONF_CIPHER_ALG) |				\
	 BIT(OVPN_A_KEYCONF_ENCRYPT_DIR) | BIT(OVPN_A_KEYCONF_DECRYPT_DIR))

/**
 * ovpn_nl_keyconf_parse - parse the KEYCONF nest of a request
 * @info: the request
 * @attrs: where to parse it, OVPN_A_KEYCONF_MAX + 1 entries
 * @attr_set: bitmask of the attributes this command takes, all of them
 *	      required
 *
 * Return: 0 on success or a negative error code, with extack set
 */
static int ovpn_nl_keyconf_parse(struct genl_info *info,
				 struct nlattr **attrs, unsigned long attr_set)
{
	int i, ret;

	if (GENL_REQ_ATTR_CHECK(info, OVPN_A_KEYCONF))
		return -EINVAL;

	ret = nla_parse_nested(attrs, OVPN_A_KEYCONF_MAX,
			       info->attrs[OVPN_A_KEYCONF],
			       ovpn_keyconf_nl_policy, info->extack);
	if (ret)
		return ret;

	for (i = 1; i <= OVPN_A_KEYCONF_MAX; i++) {
		if (attrs[i] && !(attr_set & BIT(i))) {
			NL_SET_ERR_MSG_FMT_MOD(info->extack,
					       "key attribute %d is not accepted by this command",
					       i);
			NL_SET_BAD_ATTR(info->extack, attrs[i]);
			return -EINVAL;
		}
	}

	for_each_set_bit(i, &attr_set, OVPN_A_KEYCONF_MAX + 1)
		if (NL_REQ_ATTR_CHECK(info->extack,
				      info->attrs[OVPN_A_KEYCONF], attrs, i))
			return -EINVAL;

	return 0;
}

/* fill one direction of a new key from its KEYDIR nest */
static int ovpn_nl_keydir_parse(struct genl_info *info, struct nlattr *nest,
				struct ovpn_key_direction *dir)
{
	struct nlattr *attrs[OVPN_A_KEYDIR_MAX + 1];
	int ret;

	ret = nla_parse_nested(attrs, OVPN_A_KEYDIR_MAX, nest,
			       ovpn_keydir_nl_policy, info->extack);
	if (ret)
		return ret;

	if (NL_REQ_ATTR_CHECK(info->extack, nest, attrs,
			      OVPN_A_KEYDIR_CIPHER_KEY) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, attrs,
			      OVPN_A_KEYDIR_NONCE_TAIL))
		return -EINVAL;

	dir->cipher_key = nla_data(attrs[OVPN_A_KEYDIR_CIPHER_KEY]);
	dir->cipher_key_size = nla_len(attrs[OVPN_A_KEYDIR_CIPHER_KEY]);
	dir->nonce_tail = nla_data(attrs[OVPN_A_KEYDIR_NONCE_TAIL]);
	dir->nonce_tail_size = nla_len(attrs[OVPN_A_KEYDIR_NONCE_TAIL]);
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

/* find the peer named by a parsed KEYCONF nest */
static struct ovpn_peer *ovpn_nl_key_peer_find(struct ovpn_priv *ovpn,
					       struct genl_info *info,
					       struct nlattr **attrs)
{
	u32 id = nla_get_u32(attrs[OVPN_A_KEYCONF_PEER_ID]);
	struct ovpn_peer *peer;

	peer = ovpn_peer_get_by_id(ovpn, id);
	if (!peer) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "no peer with id %u", id);
		NL_SET_BAD_ATTR(info->extack, attrs[OVPN_A_KEYCONF_PEER_ID]);
	}
	return peer;
}

int ovpn_nl_key_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_A_KEYCONF_MAX + 1];
	struct ovpn_priv *ovpn = info->user_ptr[0];
	struct ovpn_peer_key_reset pkr = {};
	struct ovpn_peer *peer;
	int ret;

	ret = ovpn_nl_keyconf_parse(info, attrs, OVPN_KEYCONF_ATTRS_NEW);
	if (ret)
		return ret;

	pkr.slot = nla_get_u32(attrs[OVPN_A_KEYCONF_SLOT]);
	pkr.key.key_id = nla_get_u32(attrs[OVPN_A_KEYCONF_KEY_ID]);
	pkr.key.cipher_alg = nla_get_u32(attrs[OVPN_A_KEYCONF_CIPHER_ALG]);
	if (pkr.key.cipher_alg == OVPN_CIPHER_ALG_NONE) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a data channel without encryption is not supported");
		NL_SET_BAD_ATTR(info->extack, attrs[OVPN_A_KEYCONF_CIPHER_ALG]);
		return -EOPNOTSUPP;
	}

	ret = ovpn_nl_keydir_parse(info, attrs[OVPN_A_KEYCONF_ENCRYPT_DIR],
				   &pkr.key.encrypt);
	if (ret)
		return ret;
	ret = ovpn_nl_keydir_parse(info, attrs[OVPN_A_KEYCONF_DECRYPT_DIR],
				   &pkr.key.decrypt);
	if (ret)
		return ret;

	if (!ovpn_nl_key_size_valid(pkr.key.cipher_alg,
				    pkr.key.encrypt.cipher_key_size) ||
	    !ovpn_nl_key_size_valid(pkr.key.cipher_alg,
				    pkr.key.decrypt.cipher_key_size)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "invalid key size for the cipher");
		return -EINVAL;
	}

	peer = ovpn_nl_key_peer_find(ovpn, info, attrs);
	if (!peer)
		return -ENOENT;

	ret = ovpn_crypto_state_reset(&peer->crypto, &pkr);
	if (ret)
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "cannot install the key for peer %u: %d",
				       peer->id, ret);
	ovpn_peer_put(peer);
	return ret;
}

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

	ret = ovpn_nl_keyconf_parse(info, attrs, OVPN_KEYCONF_ATTRS_SLOT);
	if (ret)
		return ret;
	slot = nla_get_u32(attrs[OVPN_A_KEYCONF_SLOT]);

	peer = ovpn_nl_key_peer_find(ovpn, info, attrs);
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

int ovpn_nl_key_swap_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_A_KEYCONF_MAX + 1];
	struct ovpn_priv *ovpn = info->user_ptr[0];
	struct ovpn_peer *peer;
	int ret;

	ret = ovpn_nl_keyconf_parse(info, attrs, OVPN_KEYCONF_ATTRS_ID);
	if (ret)
		return ret;

	peer = ovpn_nl_key_peer_find(ovpn, info, attrs);
	if (!peer)
		return -ENOENT;

	ovpn_crypto_key_slots_swap(&peer->crypto);
	ovpn_peer_put(peer);
	return 0;
}

int ovpn_nl_key_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_A_KEYCONF_MAX + 1];
	struct ovpn_priv *ovpn = info->user_ptr[0];
	struct ovpn_peer *peer;
	int ret;

	ret = ovpn_nl_keyconf_parse(info, attrs, OVPN_KEYCONF_ATTRS_SLOT);
	if (ret)
		return ret;

	peer = ovpn_nl_key_peer_find(ovpn, info, attrs);
	if (!peer)
		return -ENOENT;

	/* deleting an empty slot is not an error: the result is the same */
	ovpn_crypto_key_slot_delete(&peer->crypto,
				    nla_get_u32(attrs[OVPN_A_KEYCONF_SLOT]));
	ovpn_peer_put(peer);
	return 0;
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

/**
 * ovpn_nl_peer_del_notify - tell userspace that a peer was removed
 * @peer: the peer, still holding its socket
 */
void ovpn_nl_peer_del_notify(struct ovpn_peer *peer)
{
	struct nlattr *attr;
	struct sk_buff *msg;
	void *hdr;

	if (peer->ovpn->dco_v2) {
		ovpn_dco_peer_del_notify(peer);
		return;
	}

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

/**
 * ovpn_nl_peer_float_notify - tell userspace that a peer moved
 * @peer: the peer, with its new endpoint
 */
void ovpn_nl_peer_float_notify(struct ovpn_peer *peer)
{
	const struct ovpn_bind *bind;
	struct nlattr *attr;
	struct sk_buff *msg;
	void *hdr;

	/* OpenVPN 2.6 has no such notification */
	if (peer->ovpn->dco_v2)
		return;

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

/**
 * ovpn_nl_key_swap_notify - ask userspace for a new key
 * @peer: the peer whose key can no longer be used
 * @key_id: the id of that key
 */
void ovpn_nl_key_swap_notify(struct ovpn_peer *peer, u8 key_id)
{
	struct nlattr *attr;
	struct sk_buff *msg;
	void *hdr;

	/* OpenVPN 2.6 renegotiates on its own, long before */
	if (peer->ovpn->dco_v2)
		return;

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

/**
 * ovpn_nl_register - register the "ovpn" generic netlink family
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_nl_register(void)
{
	return genl_register_family(&ovpn_nl_family);
}

/**
 * ovpn_nl_unregister - unregister the "ovpn" generic netlink family
 */
void ovpn_nl_unregister(void)
{
	genl_unregister_family(&ovpn_nl_family);
}
