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

#include <linux/netdevice.h>
#include <linux/socket.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <uapi/linux/ovpn.h>

#include "bind.h"
#include "crypto.h"
#include "netdev.h"
#include "netlink-dco.h"
#include "netlink.h"
#include "proto.h"
#include "ovpnpriv.h"
#include "peer.h"
#include "socket.h"

static struct genl_family ovpn_dco_nl_family;

static const struct netlink_range_validation ovpn_dco_peer_id_range = {
	.max = OVPN_PEER_ID_MASK,
};

static const struct netlink_range_validation ovpn_dco_keepalive_range = {
	.max = 86400,
};

/* a new peer's id must fit the 24 bits of the wire header */
#define OVPN_DCO_NEW_PEER_ID_POLICY \
	NLA_POLICY_FULL_RANGE(NLA_U32, &ovpn_dco_peer_id_range)

/* Requests about an existing peer take any id and fail with -ENOENT when
 * there is no such peer, as with the ovpn-dco module: OpenVPN 2.6 asks
 * for the statistics of peer id -1 until its peer is set up.
 */
#define OVPN_DCO_PEER_ID_POLICY { .type = NLA_U32 }

static const struct nla_policy ovpn_dco_key_dir_policy[] = {
	[OVPN_DCO_KEY_DIR_A_CIPHER_KEY] = { .type = NLA_BINARY, .len = U8_MAX },
	[OVPN_DCO_KEY_DIR_A_NONCE_TAIL] =
		NLA_POLICY_EXACT_LEN(OVPN_NONCE_TAIL_SIZE),
};

static const struct nla_policy ovpn_dco_new_key_policy[] = {
	[OVPN_DCO_NEW_KEY_A_PEER_ID] = OVPN_DCO_PEER_ID_POLICY,
	[OVPN_DCO_NEW_KEY_A_KEY_SLOT] = NLA_POLICY_MAX(NLA_U8,
						       OVPN_KEY_SLOT_SECONDARY),
	[OVPN_DCO_NEW_KEY_A_KEY_ID] = NLA_POLICY_MAX(NLA_U8, 7),
	[OVPN_DCO_NEW_KEY_A_CIPHER_ALG] =
		NLA_POLICY_MAX(NLA_U16, OVPN_CIPHER_ALG_CHACHA20_POLY1305),
	[OVPN_DCO_NEW_KEY_A_ENCRYPT_KEY] =
		NLA_POLICY_NESTED(ovpn_dco_key_dir_policy),
	[OVPN_DCO_NEW_KEY_A_DECRYPT_KEY] =
		NLA_POLICY_NESTED(ovpn_dco_key_dir_policy),
};

static const struct nla_policy ovpn_dco_del_key_policy[] = {
	[OVPN_DCO_DEL_KEY_A_PEER_ID] = OVPN_DCO_PEER_ID_POLICY,
	[OVPN_DCO_DEL_KEY_A_KEY_SLOT] = NLA_POLICY_MAX(NLA_U8,
						       OVPN_KEY_SLOT_SECONDARY),
};

static const struct nla_policy ovpn_dco_swap_keys_policy[] = {
	[OVPN_DCO_SWAP_KEYS_A_PEER_ID] = OVPN_DCO_PEER_ID_POLICY,
};

static const struct nla_policy ovpn_dco_new_peer_policy[] = {
	[OVPN_DCO_NEW_PEER_A_PEER_ID] = OVPN_DCO_NEW_PEER_ID_POLICY,
	[OVPN_DCO_NEW_PEER_A_SOCKADDR_REMOTE] =
		NLA_POLICY_MIN_LEN(sizeof(struct sockaddr_in)),
	[OVPN_DCO_NEW_PEER_A_SOCKET] = { .type = NLA_U32 },
	[OVPN_DCO_NEW_PEER_A_IPV4] = { .type = NLA_U32 },
	[OVPN_DCO_NEW_PEER_A_IPV6] =
		NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[OVPN_DCO_NEW_PEER_A_LOCAL_IP] = {
		.type = NLA_BINARY, .len = sizeof(struct in6_addr)
	},
};

static const struct nla_policy ovpn_dco_set_peer_policy[] = {
	[OVPN_DCO_SET_PEER_A_PEER_ID] = OVPN_DCO_PEER_ID_POLICY,
	[OVPN_DCO_SET_PEER_A_KEEPALIVE_INTERVAL] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &ovpn_dco_keepalive_range),
	[OVPN_DCO_SET_PEER_A_KEEPALIVE_TIMEOUT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &ovpn_dco_keepalive_range),
};

static const struct nla_policy ovpn_dco_del_peer_policy[] = {
	[OVPN_DCO_DEL_PEER_A_REASON] = { .type = NLA_U8 },
	[OVPN_DCO_DEL_PEER_A_PEER_ID] = OVPN_DCO_PEER_ID_POLICY,
};

static const struct nla_policy ovpn_dco_get_peer_policy[] = {
	[OVPN_DCO_GET_PEER_A_PEER_ID] = OVPN_DCO_PEER_ID_POLICY,
};

static const struct nla_policy ovpn_dco_policy[OVPN_DCO_A_MAX + 1] = {
	[OVPN_DCO_A_IFINDEX] = { .type = NLA_U32 },
	[OVPN_DCO_A_NEW_PEER] = NLA_POLICY_NESTED(ovpn_dco_new_peer_policy),
	[OVPN_DCO_A_SET_PEER] = NLA_POLICY_NESTED(ovpn_dco_set_peer_policy),
	[OVPN_DCO_A_DEL_PEER] = NLA_POLICY_NESTED(ovpn_dco_del_peer_policy),
	[OVPN_DCO_A_GET_PEER] = NLA_POLICY_NESTED(ovpn_dco_get_peer_policy),
	[OVPN_DCO_A_NEW_KEY] = NLA_POLICY_NESTED(ovpn_dco_new_key_policy),
	[OVPN_DCO_A_SWAP_KEYS] = NLA_POLICY_NESTED(ovpn_dco_swap_keys_policy),
	[OVPN_DCO_A_DEL_KEY] = NLA_POLICY_NESTED(ovpn_dco_del_key_policy),
};

/* the ovpn-dco device a request names, in the requester's netns */
static struct net_device *ovpn_dco_dev_get(struct net *net,
					   struct nlattr **attrs,
					   struct netlink_ext_ack *extack)
{
	struct net_device *dev;

	if (NL_REQ_ATTR_CHECK(extack, NULL, attrs, OVPN_DCO_A_IFINDEX))
		return ERR_PTR(-EINVAL);

	dev = dev_get_by_index(net, nla_get_u32(attrs[OVPN_DCO_A_IFINDEX]));
	if (!dev) {
		NL_SET_ERR_MSG_MOD(extack,
				   "ifindex does not match any interface");
		NL_SET_BAD_ATTR(extack, attrs[OVPN_DCO_A_IFINDEX]);
		return ERR_PTR(-ENODEV);
	}
	if (!ovpn_dev_is_dco(dev)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the interface is not an ovpn-dco one");
		NL_SET_BAD_ATTR(extack, attrs[OVPN_DCO_A_IFINDEX]);
		dev_put(dev);
		return ERR_PTR(-EINVAL);
	}
	return dev;
}

static int ovpn_dco_pre_doit(const struct genl_split_ops *ops,
			     struct sk_buff *skb, struct genl_info *info)
{
	struct net_device *dev;

	dev = ovpn_dco_dev_get(genl_info_net(info), info->attrs,
			       info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);

	info->user_ptr[0] = netdev_priv(dev);
	return 0;
}

static void ovpn_dco_post_doit(const struct genl_split_ops *ops,
			       struct sk_buff *skb, struct genl_info *info)
{
	struct ovpn_priv *ovpn = info->user_ptr[0];

	if (ovpn)
		dev_put(ovpn->dev);
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

/* the peer a parsed request names by @id_attr, with a reference */
static struct ovpn_peer *ovpn_dco_peer_find(struct genl_info *info,
					    struct nlattr *id_attr)
{
	struct ovpn_priv *ovpn = info->user_ptr[0];
	struct ovpn_peer *peer;
	u32 id = nla_get_u32(id_attr);

	peer = ovpn_peer_get_by_id(ovpn, id);
	if (!peer) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack, "no peer with id %u", id);
		NL_SET_BAD_ATTR(info->extack, id_attr);
	}
	return peer;
}

/* the remote endpoint and local address of a NEW_PEER request */
static int ovpn_dco_peer_bind(struct ovpn_peer *peer, struct nlattr **attrs,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *remote = attrs[OVPN_DCO_NEW_PEER_A_SOCKADDR_REMOTE];
	struct nlattr *local = attrs[OVPN_DCO_NEW_PEER_A_LOCAL_IP];
	struct sockaddr_storage ss = {};
	const struct sockaddr *sa;
	struct ovpn_bind *bind;
	struct in6_addr local6;

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
	memcpy(&ss, sa, nla_len(remote));

	bind = ovpn_bind_from_sockaddr(&ss);
	if (IS_ERR(bind)) {
		NL_SET_ERR_MSG_MOD(extack, "cannot use the remote endpoint");
		return PTR_ERR(bind);
	}

	if (local && nla_len(local) == sizeof(struct in_addr)) {
		if (bind->remote.in4.sin_family == AF_INET)
			bind->local.ipv4.s_addr = nla_get_in_addr(local);
	} else if (local && nla_len(local) == sizeof(struct in6_addr)) {
		local6 = nla_get_in6_addr(local);
		if (bind->remote.in4.sin_family == AF_INET)
			bind->local.ipv4.s_addr = local6.s6_addr32[3];
		else
			bind->local.ipv6 = local6;
	}

	return ovpn_peer_set_bind(peer, bind);
}

/* is the fd of @attr a TCP socket (errors are reported later) */
static bool ovpn_dco_fd_is_tcp(const struct nlattr *attr)
{
	struct socket *sock;
	bool tcp;
	int err;

	sock = sockfd_lookup(nla_get_u32(attr), &err);
	if (!sock)
		return false;
	tcp = sock->sk->sk_protocol == IPPROTO_TCP;
	sockfd_put(sock);
	return tcp;
}

static int ovpn_dco_new_peer(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_DCO_NEW_PEER_A_MAX + 1];
	struct nlattr *remote;
	u32 id;
	struct ovpn_priv *ovpn = info->user_ptr[0];
	struct in6_addr vpn6;
	struct ovpn_peer *peer;
	__be32 vpn4;
	int ret;

	ret = ovpn_dco_parse(info, OVPN_DCO_A_NEW_PEER,
			     OVPN_DCO_NEW_PEER_A_MAX, ovpn_dco_new_peer_policy,
			     attrs, OVPN_DCO_NEW_PEER_A_PEER_ID);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[OVPN_DCO_A_NEW_PEER],
			      attrs, OVPN_DCO_NEW_PEER_A_SOCKET))
		return -EINVAL;

	if (ovpn->mode == OVPN_MODE_MP && !attrs[OVPN_DCO_NEW_PEER_A_IPV4] &&
	    !attrs[OVPN_DCO_NEW_PEER_A_IPV6]) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a peer of a multi-peer device needs a VPN IPv4 or IPv6 address to route by");
		return -EINVAL;
	}

	id = nla_get_u32(attrs[OVPN_DCO_NEW_PEER_A_PEER_ID]);
	peer = ovpn_peer_new(ovpn, id);
	if (IS_ERR(peer)) {
		NL_SET_ERR_MSG_MOD(info->extack, "cannot create the peer");
		return PTR_ERR(peer);
	}

	/* OpenVPN 2.6 names the remote of TCP peers too: only UDP peers
	 * use it, a TCP peer's endpoint is its connection
	 */
	remote = attrs[OVPN_DCO_NEW_PEER_A_SOCKADDR_REMOTE];
	if (remote && ovpn_dco_fd_is_tcp(attrs[OVPN_DCO_NEW_PEER_A_SOCKET]))
		remote = NULL;

	ret = ovpn_nl_peer_socket(peer, attrs[OVPN_DCO_NEW_PEER_A_SOCKET],
				  remote, NULL, info->extack);
	if (ret)
		goto err_put_peer;

	if (remote) {
		ret = ovpn_dco_peer_bind(peer, attrs, info->extack);
		if (ret)
			goto err_put_peer;
	}

	if (attrs[OVPN_DCO_NEW_PEER_A_IPV4])
		vpn4 = nla_get_in_addr(attrs[OVPN_DCO_NEW_PEER_A_IPV4]);
	if (attrs[OVPN_DCO_NEW_PEER_A_IPV6])
		vpn6 = nla_get_in6_addr(attrs[OVPN_DCO_NEW_PEER_A_IPV6]);
	ret = ovpn_peer_set_vpn_addrs(peer,
				      attrs[OVPN_DCO_NEW_PEER_A_IPV4] ?
				      &vpn4 : NULL,
				      attrs[OVPN_DCO_NEW_PEER_A_IPV6] ?
				      &vpn6 : NULL);
	if (ret)
		goto err_put_peer;

	ret = ovpn_peer_add(ovpn, peer);
	if (ret) {
		NL_SET_ERR_MSG_FMT_MOD(info->extack,
				       "cannot add peer %u: %d", peer->id, ret);
		goto err_put_peer;
	}
	return 0;

err_put_peer:
	ovpn_peer_put(peer);
	return ret;
}

static int ovpn_dco_set_peer(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_DCO_SET_PEER_A_MAX + 1];
	struct nlattr *interval, *timeout;
	struct ovpn_peer *peer;
	int ret;

	ret = ovpn_dco_parse(info, OVPN_DCO_A_SET_PEER,
			     OVPN_DCO_SET_PEER_A_MAX, ovpn_dco_set_peer_policy,
			     attrs, OVPN_DCO_SET_PEER_A_PEER_ID);
	if (ret)
		return ret;

	peer = ovpn_dco_peer_find(info, attrs[OVPN_DCO_SET_PEER_A_PEER_ID]);
	if (!peer)
		return -ENOENT;

	/* a setting left out keeps its value */
	interval = attrs[OVPN_DCO_SET_PEER_A_KEEPALIVE_INTERVAL];
	timeout = attrs[OVPN_DCO_SET_PEER_A_KEEPALIVE_TIMEOUT];
	if (interval || timeout)
		ovpn_peer_keepalive_set(peer,
					interval ? nla_get_u32(interval) :
					READ_ONCE(peer->keepalive_interval),
					timeout ? nla_get_u32(timeout) :
					READ_ONCE(peer->keepalive_timeout));
	ovpn_peer_put(peer);
	return 0;
}

static int ovpn_dco_del_peer(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_DCO_DEL_PEER_A_MAX + 1];
	struct ovpn_peer *peer;
	int ret;

	ret = ovpn_dco_parse(info, OVPN_DCO_A_DEL_PEER,
			     OVPN_DCO_DEL_PEER_A_MAX, ovpn_dco_del_peer_policy,
			     attrs, OVPN_DCO_DEL_PEER_A_PEER_ID);
	if (ret)
		return ret;

	peer = ovpn_dco_peer_find(info, attrs[OVPN_DCO_DEL_PEER_A_PEER_ID]);
	if (!peer)
		return -ENOENT;

	ret = ovpn_peer_del(peer, OVPN_DEL_PEER_REASON_USERSPACE);
	ovpn_peer_put(peer);
	if (ret)
		NL_SET_ERR_MSG_MOD(info->extack, "peer already removed");
	return ret;
}

/* one direction of a NEW_KEY request */
static int ovpn_dco_key_dir(struct genl_info *info, struct nlattr *nest,
			    struct ovpn_key_direction *dir)
{
	struct nlattr *attrs[OVPN_DCO_KEY_DIR_A_MAX + 1];
	int ret;

	ret = nla_parse_nested(attrs, OVPN_DCO_KEY_DIR_A_MAX, nest,
			       ovpn_dco_key_dir_policy, info->extack);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, attrs,
			      OVPN_DCO_KEY_DIR_A_CIPHER_KEY) ||
	    NL_REQ_ATTR_CHECK(info->extack, nest, attrs,
			      OVPN_DCO_KEY_DIR_A_NONCE_TAIL))
		return -EINVAL;

	dir->cipher_key = nla_data(attrs[OVPN_DCO_KEY_DIR_A_CIPHER_KEY]);
	dir->cipher_key_size = nla_len(attrs[OVPN_DCO_KEY_DIR_A_CIPHER_KEY]);
	dir->nonce_tail = nla_data(attrs[OVPN_DCO_KEY_DIR_A_NONCE_TAIL]);
	dir->nonce_tail_size = nla_len(attrs[OVPN_DCO_KEY_DIR_A_NONCE_TAIL]);
	return 0;
}

static int ovpn_dco_new_key(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_DCO_NEW_KEY_A_MAX + 1];
	struct ovpn_peer_key_reset pkr = {};
	struct ovpn_peer *peer;
	int i, ret;

	ret = ovpn_dco_parse(info, OVPN_DCO_A_NEW_KEY,
			     OVPN_DCO_NEW_KEY_A_MAX, ovpn_dco_new_key_policy,
			     attrs, OVPN_DCO_NEW_KEY_A_PEER_ID);
	if (ret)
		return ret;
	for (i = OVPN_DCO_NEW_KEY_A_KEY_SLOT;
	     i <= OVPN_DCO_NEW_KEY_A_DECRYPT_KEY; i++)
		if (NL_REQ_ATTR_CHECK(info->extack,
				      info->attrs[OVPN_DCO_A_NEW_KEY], attrs,
				      i))
			return -EINVAL;

	pkr.slot = nla_get_u8(attrs[OVPN_DCO_NEW_KEY_A_KEY_SLOT]);
	pkr.key.key_id = nla_get_u8(attrs[OVPN_DCO_NEW_KEY_A_KEY_ID]);
	pkr.key.cipher_alg = nla_get_u16(attrs[OVPN_DCO_NEW_KEY_A_CIPHER_ALG]);
	if (pkr.key.cipher_alg == OVPN_CIPHER_ALG_NONE) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a data channel without encryption is not supported");
		return -EOPNOTSUPP;
	}
	ret = ovpn_dco_key_dir(info, attrs[OVPN_DCO_NEW_KEY_A_ENCRYPT_KEY],
			       &pkr.key.encrypt);
	if (ret)
		return ret;
	ret = ovpn_dco_key_dir(info, attrs[OVPN_DCO_NEW_KEY_A_DECRYPT_KEY],
			       &pkr.key.decrypt);
	if (ret)
		return ret;

	peer = ovpn_dco_peer_find(info, attrs[OVPN_DCO_NEW_KEY_A_PEER_ID]);
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

static int ovpn_dco_swap_keys(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_DCO_SWAP_KEYS_A_MAX + 1];
	struct ovpn_peer *peer;
	int ret;

	ret = ovpn_dco_parse(info, OVPN_DCO_A_SWAP_KEYS,
			     OVPN_DCO_SWAP_KEYS_A_MAX,
			     ovpn_dco_swap_keys_policy, attrs,
			     OVPN_DCO_SWAP_KEYS_A_PEER_ID);
	if (ret)
		return ret;

	peer = ovpn_dco_peer_find(info, attrs[OVPN_DCO_SWAP_KEYS_A_PEER_ID]);
	if (!peer)
		return -ENOENT;

	ovpn_crypto_key_slots_swap(&peer->crypto);
	ovpn_peer_put(peer);
	return 0;
}

static int ovpn_dco_del_key(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_DCO_DEL_KEY_A_MAX + 1];
	struct ovpn_peer *peer;
	int ret;
	u8 slot;

	ret = ovpn_dco_parse(info, OVPN_DCO_A_DEL_KEY,
			     OVPN_DCO_DEL_KEY_A_MAX, ovpn_dco_del_key_policy,
			     attrs, OVPN_DCO_DEL_KEY_A_PEER_ID);
	if (ret)
		return ret;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[OVPN_DCO_A_DEL_KEY],
			      attrs, OVPN_DCO_DEL_KEY_A_KEY_SLOT))
		return -EINVAL;

	peer = ovpn_dco_peer_find(info, attrs[OVPN_DCO_DEL_KEY_A_PEER_ID]);
	if (!peer)
		return -ENOENT;

	/* an empty slot is no error: the result is the same */
	slot = nla_get_u8(attrs[OVPN_DCO_DEL_KEY_A_KEY_SLOT]);
	ovpn_crypto_key_slot_delete(&peer->crypto, slot);
	ovpn_peer_put(peer);
	return 0;
}

/* the endpoint attributes of a GET_PEER reply, in this family's form:
 * a sockaddr and a bare local address
 */
static int ovpn_dco_fill_bind(struct sk_buff *skb, struct ovpn_peer *peer)
{
	const struct ovpn_bind *bind;
	int ret = 0;

	rcu_read_lock();
	bind = rcu_dereference(peer->bind);
	if (bind && bind->remote.in4.sin_family == AF_INET)
		ret = nla_put(skb, OVPN_DCO_GET_PEER_RESP_A_SOCKADDR_REMOTE,
			      sizeof(bind->remote.in4), &bind->remote.in4) ||
		      nla_put(skb, OVPN_DCO_GET_PEER_RESP_A_LOCAL_IP,
			      sizeof(bind->local.ipv4), &bind->local.ipv4);
	else if (bind)
		ret = nla_put(skb, OVPN_DCO_GET_PEER_RESP_A_SOCKADDR_REMOTE,
			      sizeof(bind->remote.in6), &bind->remote.in6) ||
		      nla_put(skb, OVPN_DCO_GET_PEER_RESP_A_LOCAL_IP,
			      sizeof(bind->local.ipv6), &bind->local.ipv6);
	rcu_read_unlock();

	return ret ? -EMSGSIZE : 0;
}

static int ovpn_dco_fill_stat(struct sk_buff *skb, int bytes_type,
			      int packets_type,
			      const struct ovpn_peer_stat *stat)
{
	if (nla_put_u64_64bit(skb, bytes_type, atomic64_read(&stat->bytes),
			      OVPN_DCO_GET_PEER_RESP_A_UNSPEC) ||
	    nla_put_u32(skb, packets_type, atomic64_read(&stat->packets)))
		return -EMSGSIZE;
	return 0;
}

/* describe @peer in a GET_PEER message */
static int ovpn_dco_peer_fill(struct sk_buff *skb, struct ovpn_peer *peer,
			      u32 portid, u32 seq, int flags)
{
	struct ovpn_socket *sock;
	struct nlattr *attr;
	__be16 port = 0;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &ovpn_dco_nl_family, flags,
			  OVPN_DCO_CMD_GET_PEER);
	if (!hdr)
		return -EMSGSIZE;

	attr = nla_nest_start(skb, OVPN_DCO_A_GET_PEER);
	if (!attr)
		goto err;

	rcu_read_lock();
	sock = rcu_dereference(peer->sock);
	if (sock)
		port = inet_sk(sock->sk)->inet_sport;
	rcu_read_unlock();

	if (nla_put_u32(skb, OVPN_DCO_GET_PEER_RESP_A_PEER_ID, peer->id) ||
	    nla_put_in_addr(skb, OVPN_DCO_GET_PEER_RESP_A_IPV4,
			    READ_ONCE(peer->vpn_addrs.ipv4.s_addr)) ||
	    nla_put_in6_addr(skb, OVPN_DCO_GET_PEER_RESP_A_IPV6,
			     &peer->vpn_addrs.ipv6) ||
	    nla_put_u32(skb, OVPN_DCO_GET_PEER_RESP_A_KEEPALIVE_INTERVAL,
			READ_ONCE(peer->keepalive_interval)) ||
	    nla_put_u32(skb, OVPN_DCO_GET_PEER_RESP_A_KEEPALIVE_TIMEOUT,
			READ_ONCE(peer->keepalive_timeout)) ||
	    ovpn_dco_fill_bind(skb, peer) ||
	    nla_put_net16(skb, OVPN_DCO_GET_PEER_RESP_A_LOCAL_PORT, port) ||
	    ovpn_dco_fill_stat(skb, OVPN_DCO_GET_PEER_RESP_A_VPN_RX_BYTES,
			       OVPN_DCO_GET_PEER_RESP_A_VPN_RX_PACKETS,
			       &peer->vpn_stats.rx) ||
	    ovpn_dco_fill_stat(skb, OVPN_DCO_GET_PEER_RESP_A_VPN_TX_BYTES,
			       OVPN_DCO_GET_PEER_RESP_A_VPN_TX_PACKETS,
			       &peer->vpn_stats.tx) ||
	    ovpn_dco_fill_stat(skb, OVPN_DCO_GET_PEER_RESP_A_LINK_RX_BYTES,
			       OVPN_DCO_GET_PEER_RESP_A_LINK_RX_PACKETS,
			       &peer->link_stats.rx) ||
	    ovpn_dco_fill_stat(skb, OVPN_DCO_GET_PEER_RESP_A_LINK_TX_BYTES,
			       OVPN_DCO_GET_PEER_RESP_A_LINK_TX_PACKETS,
			       &peer->link_stats.tx))
		goto err;

	nla_nest_end(skb, attr);
	genlmsg_end(skb, hdr);
	return 0;

err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int ovpn_dco_get_peer(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *attrs[OVPN_DCO_GET_PEER_A_MAX + 1];
	struct ovpn_peer *peer;
	struct sk_buff *msg;
	int ret;

	ret = ovpn_dco_parse(info, OVPN_DCO_A_GET_PEER,
			     OVPN_DCO_GET_PEER_A_MAX, ovpn_dco_get_peer_policy,
			     attrs, OVPN_DCO_GET_PEER_A_PEER_ID);
	if (ret)
		return ret;

	peer = ovpn_dco_peer_find(info, attrs[OVPN_DCO_GET_PEER_A_PEER_ID]);
	if (!peer)
		return -ENOENT;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		ret = -ENOMEM;
		goto out_put;
	}
	ret = ovpn_dco_peer_fill(msg, peer, info->snd_portid, info->snd_seq,
				 0);
	if (ret) {
		nlmsg_free(msg);
		goto out_put;
	}
	ret = genlmsg_reply(msg, info);
out_put:
	ovpn_peer_put(peer);
	return ret;
}

/* every peer of the device, resuming at cb->args[0] */
static int ovpn_dco_get_peer_dump(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	const struct genl_info *info = genl_info_dump(cb);
	unsigned long skip = cb->args[0], i = 0;
	struct net_device *dev;
	struct ovpn_priv *ovpn;
	struct ovpn_peer *peer;
	int ret = 0;

	dev = ovpn_dco_dev_get(sock_net(cb->skb->sk), info->attrs,
			       cb->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	ovpn = netdev_priv(dev);

	rcu_read_lock();
	list_for_each_entry_rcu(peer, &ovpn->peers, node) {
		if (i++ < skip)
			continue;
		ret = ovpn_dco_peer_fill(skb, peer, NETLINK_CB(cb->skb).portid,
					 cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (ret) {
			i--;
			break;
		}
	}
	rcu_read_unlock();
	dev_put(dev);

	if (ret && i == skip)
		return ret;
	cb->args[0] = i;
	return skb->len;
}

/**
 * ovpn_dco_peer_del_notify - tell OpenVPN 2.6 that a peer was removed
 * @peer: the peer of an ovpn-dco device
 */
void ovpn_dco_peer_del_notify(struct ovpn_peer *peer)
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

	hdr = genlmsg_put(msg, 0, 0, &ovpn_dco_nl_family, 0,
			  OVPN_DCO_CMD_DEL_PEER);
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
	genlmsg_multicast_netns(&ovpn_dco_nl_family, dev_net(peer->ovpn->dev),
				msg, 0, 0, GFP_ATOMIC);
	return;

err_free:
	nlmsg_free(msg);
}

static const struct genl_small_ops ovpn_dco_nl_ops[] = {
	{
		.cmd = OVPN_DCO_CMD_NEW_PEER,
		.flags = GENL_ADMIN_PERM,
		.doit = ovpn_dco_new_peer,
	},
	{
		.cmd = OVPN_DCO_CMD_SET_PEER,
		.flags = GENL_ADMIN_PERM,
		.doit = ovpn_dco_set_peer,
	},
	{
		.cmd = OVPN_DCO_CMD_DEL_PEER,
		.flags = GENL_ADMIN_PERM,
		.doit = ovpn_dco_del_peer,
	},
	{
		.cmd = OVPN_DCO_CMD_GET_PEER,
		.flags = GENL_ADMIN_PERM,
		.doit = ovpn_dco_get_peer,
		.dumpit = ovpn_dco_get_peer_dump,
	},
	{
		.cmd = OVPN_DCO_CMD_NEW_KEY,
		.flags = GENL_ADMIN_PERM,
		.doit = ovpn_dco_new_key,
	},
	{
		.cmd = OVPN_DCO_CMD_SWAP_KEYS,
		.flags = GENL_ADMIN_PERM,
		.doit = ovpn_dco_swap_keys,
	},
	{
		.cmd = OVPN_DCO_CMD_DEL_KEY,
		.flags = GENL_ADMIN_PERM,
		.doit = ovpn_dco_del_key,
	},
};

/* the notifications carry peer ids: for CAP_NET_ADMIN only */
static const struct genl_multicast_group ovpn_dco_nl_mcgrps[] = {
	{ .name = OVPN_DCO_MCGRP_PEERS, .flags = GENL_MCAST_CAP_NET_ADMIN, },
};

static struct genl_family ovpn_dco_nl_family __ro_after_init = {
	.name = OVPN_DCO_FAMILY_NAME,
	.version = 1,
	.maxattr = OVPN_DCO_A_MAX,
	.policy = ovpn_dco_policy,
	.netnsok = true,
	.pre_doit = ovpn_dco_pre_doit,
	.post_doit = ovpn_dco_post_doit,
	.module = THIS_MODULE,
	.small_ops = ovpn_dco_nl_ops,
	.n_small_ops = ARRAY_SIZE(ovpn_dco_nl_ops),
	.resv_start_op = OVPN_DCO_CMD_GET_PEER + 1,
	.mcgrps = ovpn_dco_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(ovpn_dco_nl_mcgrps),
};

/**
 * ovpn_dco_nl_register - register the "ovpn-dco-v2" family
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_dco_nl_register(void)
{
	return genl_register_family(&ovpn_dco_nl_family);
}

/**
 * ovpn_dco_nl_unregister - unregister the "ovpn-dco-v2" family
 */
void ovpn_dco_nl_unregister(void)
{
	genl_unregister_family(&ovpn_dco_nl_family);
}
