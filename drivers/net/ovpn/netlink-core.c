// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * What the "ovpn" and "ovpn-dco-v2" families share: finding devices and
 * peers, creating, changing and deleting peers, and notifying listeners;
 * describing peers is in netlink-core-dump.c, keys are in
 * netlink-core-key.c. Each family parses its own attributes into the
 * requests of netlink-core.h.
 */

#include <linux/net.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp_states.h>
#include <uapi/linux/ovpn.h>

#include "bind.h"
#include "keepalive.h"
#include "netdev.h"
#include "netlink-core.h"
#include "ovpnpriv.h"
#include "peer.h"
#include "peerlookup.h"
#include "socket.h"

/* The pre_doit hooks store the device in user_ptr[0] and its reference
 * tracker in the storage of user_ptr[1], which fits it.
 */
static netdevice_tracker *ovpn_nl_tracker(struct genl_info *info)
{
	BUILD_BUG_ON(sizeof(netdevice_tracker) > sizeof(info->user_ptr[1]));
	return (netdevice_tracker *)&info->user_ptr[1];
}

/**
 * ovpn_nl_dev_hold - resolve and hold the device a request is about
 * @info: the request
 * @type: the attribute carrying the ifindex
 * @ops: the family of the request
 *
 * For the pre_doit hook of a family: the device is held in
 * info->user_ptr[0] for the whole handler, until ovpn_nl_dev_release().
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_dev_hold(struct genl_info *info, int type,
		     const struct ovpn_nl_ops *ops)
{
	struct net_device *dev;

	dev = ovpn_nl_dev_get(genl_info_net(info), info->attrs, type, ops,
			      ovpn_nl_tracker(info), info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);

	info->user_ptr[0] = netdev_priv(dev);
	return 0;
}

/**
 * ovpn_nl_dev_release - release the device held by ovpn_nl_dev_hold()
 * @info: the request
 */
void ovpn_nl_dev_release(struct genl_info *info)
{
	struct ovpn_priv *ovpn = info->user_ptr[0];

	if (ovpn)
		netdev_put(ovpn->dev, ovpn_nl_tracker(info));
}

/**
 * ovpn_nl_dev_get - the device a request names, with a reference
 * @net: the requester's netns
 * @attrs: the request's top-level attributes
 * @type: the attribute carrying the ifindex (u32)
 * @ops: the family of the request: the device must be one of its own
 * @tracker: the tracker of the reference
 * @extack: where to report errors
 *
 * Return: the device, to release with netdev_put(), or an error pointer
 */
struct net_device *ovpn_nl_dev_get(struct net *net, struct nlattr **attrs,
				   int type, const struct ovpn_nl_ops *ops,
				   netdevice_tracker *tracker,
				   struct netlink_ext_ack *extack)
{
	struct net_device *dev;

	if (NL_REQ_ATTR_CHECK(extack, NULL, attrs, type))
		return ERR_PTR(-EINVAL);

	dev = netdev_get_by_index(net, nla_get_u32(attrs[type]), tracker,
				  GFP_KERNEL);
	if (!dev) {
		NL_SET_ERR_MSG_MOD(extack,
				   "ifindex does not match any interface");
		NL_SET_BAD_ATTR(extack, attrs[type]);
		return ERR_PTR(-ENODEV);
	}

	if (!ovpn_dev_is_ovpn(dev) ||
	    ((struct ovpn_priv *)netdev_priv(dev))->nl_ops != ops) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "specified interface is not %s",
				       ops->kind);
		NL_SET_BAD_ATTR(extack, attrs[type]);
		netdev_put(dev, tracker);
		return ERR_PTR(-EINVAL);
	}

	return dev;
}

/**
 * ovpn_nl_peer_get - the peer a request names by id, with a reference
 * @ovpn: the device
 * @id_attr: the attribute carrying the id (u32)
 * @extack: where to report a missing peer
 *
 * The one peer finder of the netlink handlers.
 *
 * Return: the peer, to release with ovpn_peer_put(), or NULL
 */
struct ovpn_peer *ovpn_nl_peer_get(struct ovpn_priv *ovpn,
				   const struct nlattr *id_attr,
				   struct netlink_ext_ack *extack)
{
	u32 id = nla_get_u32(id_attr);
	struct ovpn_peer *peer;

	peer = ovpn_peer_get_by_id(ovpn, id);
	if (!peer) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "no peer with id %u", id);
		NL_SET_BAD_ATTR(extack, id_attr);
	}
	return peer;
}

/* the errors of ovpn_socket_new() in words */
static void ovpn_nl_socket_new_err(int err, struct netlink_ext_ack *extack)
{
	switch (err) {
	case -EBUSY:
		NL_SET_ERR_MSG_MOD(extack,
				   "the peer socket is used by someone else");
		break;
	case -ENOTCONN:
		NL_SET_ERR_MSG_MOD(extack, "the TCP socket must be connected");
		break;
	case -EDESTADDRREQ:
		NL_SET_ERR_MSG_MOD(extack,
				   "the UDP socket must be bound to a port");
		break;
	default:
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "cannot attach to the peer socket: %d",
				       err);
	}
}

/* can the socket of @sk carry a peer of @req (@req may be changed) */
static int ovpn_nl_socket_check(struct sock *sk, struct ovpn_nl_peer_req *req,
				struct netlink_ext_ack *extack)
{
	if ((sk->sk_family != AF_INET && sk->sk_family != AF_INET6) ||
	    !((sk->sk_protocol == IPPROTO_UDP && sk->sk_type == SOCK_DGRAM) ||
	      (sk->sk_protocol == IPPROTO_TCP && sk->sk_type == SOCK_STREAM))) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the peer socket must be an IPv4 or IPv6 UDP or TCP socket");
		NL_SET_BAD_ATTR(extack, req->fd_attr);
		return -EOPNOTSUPP;
	}

	if (sk->sk_protocol == IPPROTO_TCP && req->tcp_ignores_endpoints) {
		req->remote.ss_family = AF_UNSPEC;
		req->remote_attr = NULL;
		req->local_attr = NULL;
	}

	if (sk->sk_protocol == IPPROTO_UDP && !req->remote_attr) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a UDP peer needs a remote address and port");
		NL_SET_ERR_ATTR_MISS(extack, req->nest, req->remote_type);
		return -EINVAL;
	}

	if (sk->sk_protocol == IPPROTO_TCP &&
	    (req->remote_attr || req->local_attr)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a TCP peer's endpoints are its connection's: no address may be given");
		NL_SET_BAD_ATTR(extack, req->remote_attr ?: req->local_attr);
		return -EINVAL;
	}

	if (sk->sk_protocol == IPPROTO_TCP &&
	    READ_ONCE(sk->sk_state) != TCP_ESTABLISHED) {
		NL_SET_ERR_MSG_MOD(extack, "the TCP socket must be connected");
		NL_SET_BAD_ATTR(extack, req->fd_attr);
		return -ENOTCONN;
	}

	return 0;
}

/**
 * ovpn_nl_peer_socket - give a new peer the transport socket of a request
 * @peer: the peer, not linked yet
 * @req: the request; with @req->tcp_ignores_endpoints and a TCP socket,
 *	 its endpoints are dropped
 * @extack: where to report errors
 *
 * The fd is looked up once, so what is checked is what is attached. A
 * UDP socket needs a remote endpoint, an established TCP socket takes
 * none.
 *
 * Return: 0 on success or a negative error code, with extack set
 */
static int ovpn_nl_peer_socket(struct ovpn_peer *peer,
			       struct ovpn_nl_peer_req *req,
			       struct netlink_ext_ack *extack)
{
	struct ovpn_socket *ovpn_sock;
	struct socket *sock;
	int ret;

	sock = sockfd_lookup(nla_get_u32(req->fd_attr), &ret);
	if (!sock) {
		NL_SET_ERR_MSG_MOD(extack, "cannot find the peer socket");
		NL_SET_BAD_ATTR(extack, req->fd_attr);
		return ret;
	}

	ret = ovpn_nl_socket_check(sock->sk, req, extack);
	if (ret)
		goto out_put;

	ovpn_sock = ovpn_socket_new(sock, peer);
	if (IS_ERR(ovpn_sock)) {
		ret = PTR_ERR(ovpn_sock);
		ovpn_nl_socket_new_err(ret, extack);
		if (ret == -EDESTADDRREQ)
			ret = -EINVAL;
		NL_SET_BAD_ATTR(extack, req->fd_attr);
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

/* install the remote endpoint and local address of @req on @peer */
static int ovpn_nl_peer_bind(struct ovpn_peer *peer,
			     const struct ovpn_nl_peer_req *req,
			     struct netlink_ext_ack *extack)
{
	struct ovpn_bind *bind;
	int ret;

	bind = ovpn_bind_from_sockaddr(&req->remote);
	if (IS_ERR(bind)) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "cannot set remote endpoint: %ld",
				       PTR_ERR(bind));
		NL_SET_BAD_ATTR(extack, req->remote_attr);
		return PTR_ERR(bind);
	}

	if (req->local_attr && bind->remote.in4.sin_family == AF_INET)
		bind->local.ipv4.s_addr = req->local.s6_addr32[3];
	else if (req->local_attr)
		bind->local.ipv6 = req->local;

	ret = ovpn_peer_set_bind(peer, bind);
	if (ret)
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "cannot index the new remote endpoint: %d",
				       ret);
	return ret;
}

/* apply the settings of @req to @peer */
static int ovpn_nl_peer_modify(struct ovpn_peer *peer,
			       const struct ovpn_nl_peer_req *req,
			       struct netlink_ext_ack *extack)
{
	u32 interval, timeout;
	int ret;

	if (req->remote.ss_family != AF_UNSPEC) {
		ret = ovpn_nl_peer_bind(peer, req, extack);
		if (ret)
			return ret;
	}

	if (req->vpn4_attr || req->vpn6_attr) {
		ret = ovpn_peer_set_vpn_addrs(peer,
					      req->vpn4_attr ? &req->vpn4 :
					      NULL,
					      req->vpn6_attr ? &req->vpn6 :
					      NULL);
		if (ret) {
			NL_SET_ERR_MSG_FMT_MOD(extack,
					       "cannot index the new VPN addresses: %d",
					       ret);
			return ret;
		}
	}

	if (req->tx_id_attr)
		WRITE_ONCE(peer->tx_id, nla_get_u32(req->tx_id_attr));

	/* a setting left out keeps its value */
	if (req->interval_attr || req->timeout_attr) {
		interval = req->interval_attr ?
			   nla_get_u32(req->interval_attr) :
			   READ_ONCE(peer->keepalive_interval);
		timeout = req->timeout_attr ?
			  nla_get_u32(req->timeout_attr) :
			  READ_ONCE(peer->keepalive_timeout);
		ovpn_peer_keepalive_set(peer, interval, timeout);
	}

	return 0;
}

/* the errors of ovpn_peer_add() in words */
static void ovpn_nl_peer_add_err(int err, const struct ovpn_peer *peer,
				 const struct ovpn_nl_peer_req *req,
				 struct netlink_ext_ack *extack)
{
	switch (err) {
	case -EEXIST:
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "a peer with id %u already exists",
				       peer->id);
		NL_SET_BAD_ATTR(extack, req->id_attr);
		break;
	case -ENOSPC:
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "the device has reached its limit of %lu peers",
				       OVPN_MAX_PEERS);
		break;
	case -ENODEV:
		NL_SET_ERR_MSG_MOD(extack, "the device is being deleted");
		break;
	default:
		NL_SET_ERR_MSG_FMT_MOD(extack, "cannot add the peer: %d", err);
	}
}

/**
 * ovpn_nl_peer_new - create a peer, attach its socket and link it
 * @ovpn: the device
 * @req: the request; it must name a socket
 * @extack: where to report errors
 *
 * Either the peer is linked with everything the request asked for, or
 * nothing is left behind.
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_peer_new(struct ovpn_priv *ovpn, struct ovpn_nl_peer_req *req,
		     struct netlink_ext_ack *extack)
{
	struct ovpn_peer *peer;
	int ret;

	if (ovpn->mode == OVPN_MODE_MP && !req->vpn4_attr &&
	    !req->vpn6_attr) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a peer of a multi-peer device needs a VPN IPv4 or IPv6 address to route by");
		NL_SET_ERR_ATTR_MISS(extack, req->nest, req->vpn_type);
		return -EINVAL;
	}

	peer = ovpn_peer_new(ovpn, nla_get_u32(req->id_attr));
	if (IS_ERR(peer)) {
		NL_SET_ERR_MSG_MOD(extack, "cannot create the peer");
		return PTR_ERR(peer);
	}

	ret = ovpn_nl_peer_socket(peer, req, extack);
	if (ret)
		goto err_put_peer;

	ret = ovpn_nl_peer_modify(peer, req, extack);
	if (ret)
		goto err_put_peer;

	ret = ovpn_peer_add(ovpn, peer);
	if (ret) {
		ovpn_nl_peer_add_err(ret, peer, req, extack);
		goto err_put_peer;
	}
	return 0;

err_put_peer:
	ovpn_peer_put(peer);
	return ret;
}

/* is @peer's transport TCP */
static bool ovpn_nl_peer_is_tcp(struct ovpn_peer *peer)
{
	struct ovpn_socket *sock;
	bool tcp;

	rcu_read_lock();
	sock = rcu_dereference(peer->sock);
	tcp = sock && sock->sk->sk_protocol == IPPROTO_TCP;
	rcu_read_unlock();
	return tcp;
}

/**
 * ovpn_nl_peer_set - change the settings of an existing peer
 * @ovpn: the device
 * @req: the request, without a socket
 * @extack: where to report errors
 *
 * A TCP peer's endpoints are its connection's: a request naming any is
 * refused.
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_peer_set(struct ovpn_priv *ovpn,
		     const struct ovpn_nl_peer_req *req,
		     struct netlink_ext_ack *extack)
{
	struct ovpn_peer *peer;
	int ret = -EINVAL;

	peer = ovpn_nl_peer_get(ovpn, req->id_attr, extack);
	if (!peer)
		return -ENOENT;

	if ((req->remote_attr || req->local_attr) &&
	    ovpn_nl_peer_is_tcp(peer)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a TCP peer's endpoints are its connection's: no address may be given");
		NL_SET_BAD_ATTR(extack, req->remote_attr ?: req->local_attr);
	} else {
		ret = ovpn_nl_peer_modify(peer, req, extack);
	}
	ovpn_peer_put(peer);
	return ret;
}

/**
 * ovpn_nl_peer_del - remove a peer at userspace's request
 * @ovpn: the device
 * @id_attr: the attribute carrying the peer id
 * @extack: where to report errors
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_peer_del(struct ovpn_priv *ovpn, const struct nlattr *id_attr,
		     struct netlink_ext_ack *extack)
{
	struct ovpn_peer *peer;
	int ret;

	peer = ovpn_nl_peer_get(ovpn, id_attr, extack);
	if (!peer)
		return -ENOENT;

	ret = ovpn_peer_del(peer, OVPN_DEL_PEER_REASON_USERSPACE);
	ovpn_peer_put(peer);
	if (ret)
		NL_SET_ERR_MSG_MOD(extack, "peer already removed");
	return ret;
}

/**
 * ovpn_nl_notify_peer_del - tell the device's family that a peer is gone
 * @peer: the peer, still holding its socket
 */
void ovpn_nl_notify_peer_del(struct ovpn_peer *peer)
{
	peer->ovpn->nl_ops->peer_del(peer);
}

/**
 * ovpn_nl_notify_peer_float - tell the device's family that a peer moved
 * @peer: the peer, with its new endpoint
 */
void ovpn_nl_notify_peer_float(struct ovpn_peer *peer)
{
	const struct ovpn_nl_ops *ops = peer->ovpn->nl_ops;

	if (ops->peer_float)
		ops->peer_float(peer);
}

/**
 * ovpn_nl_notify_key_swap - ask the device's family for a new key
 * @peer: the peer whose key can no longer be used
 * @key_id: the id of that key
 */
void ovpn_nl_notify_key_swap(struct ovpn_peer *peer, u8 key_id)
{
	const struct ovpn_nl_ops *ops = peer->ovpn->nl_ops;

	if (ops->key_swap)
		ops->key_swap(peer, key_id);
}
