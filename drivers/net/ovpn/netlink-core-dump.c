// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The part of the core both generic netlink families share that
 * describes peers: one peer in the reply to a request, all of them in
 * a dump, each family's attributes given by its struct ovpn_nl_peer_desc.
 */

#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "netlink-core.h"
#include "ovpnpriv.h"
#include "peer.h"

/* the VPN addresses of @peer, consistently: 0 and any if none */
static void ovpn_nl_peer_vpn_addrs(struct ovpn_peer *peer, __be32 *vpn4,
				   struct in6_addr *vpn6)
{
	/* PEER_SET may be changing them */
	spin_lock_bh(&peer->ovpn->lock);
	*vpn4 = peer->vpn_addrs.ipv4.s_addr;
	*vpn6 = peer->vpn_addrs.ipv6;
	spin_unlock_bh(&peer->ovpn->lock);
}

/* put one byte counter in the form the family wants */
static int ovpn_nl_put_bytes(struct sk_buff *skb, int type, u64 value,
			     const struct ovpn_nl_stats_attrs *attrs)
{
	if (attrs->bytes_u64)
		return nla_put_u64_64bit(skb, type, value, attrs->bytes_pad);
	return nla_put_uint(skb, type, value);
}

/* put the counters of @peer where the family wants them */
static int ovpn_nl_put_stats(struct sk_buff *skb, struct ovpn_peer *peer,
			     const struct ovpn_nl_stats_attrs *attrs)
{
	const struct ovpn_peer_stat *stats[] = {
		&peer->vpn_stats.rx, &peer->vpn_stats.tx,
		&peer->link_stats.rx, &peer->link_stats.tx,
	};
	int i;

	BUILD_BUG_ON(ARRAY_SIZE(stats) != ARRAY_SIZE(attrs->bytes));
	for (i = 0; i < ARRAY_SIZE(stats); i++)
		if (ovpn_nl_put_bytes(skb, attrs->bytes[i],
				      atomic64_read(&stats[i]->bytes), attrs) ||
		    nla_put_uint(skb, attrs->packets[i],
				 atomic64_read(&stats[i]->packets)))
			return -EMSGSIZE;
	return 0;
}

/**
 * ovpn_nl_peer_fill - describe a peer in a message of its family
 * @skb: the message
 * @net: the netns of the requester
 * @peer: the peer
 * @portid: the requester's port id
 * @seq: the request's sequence number
 * @flags: netlink message flags
 * @desc: how the family describes a peer
 *
 * Return: 0 on success or -EMSGSIZE
 */
static int ovpn_nl_peer_fill(struct sk_buff *skb, struct net *net,
			     struct ovpn_peer *peer, u32 portid, u32 seq,
			     int flags, const struct ovpn_nl_peer_desc *desc)
{
	struct in6_addr vpn6;
	struct nlattr *attr;
	__be32 vpn4;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, desc->family, flags, desc->cmd);
	if (!hdr)
		return -EMSGSIZE;

	attr = nla_nest_start(skb, desc->nest);
	if (!attr || nla_put_u32(skb, desc->id, peer->id))
		goto err;

	ovpn_nl_peer_vpn_addrs(peer, &vpn4, &vpn6);
	if ((vpn4 || desc->vpn_always) &&
	    nla_put_in_addr(skb, desc->vpn4, vpn4))
		goto err;
	if ((!ipv6_addr_any(&vpn6) || desc->vpn_always) &&
	    nla_put_in6_addr(skb, desc->vpn6, &vpn6))
		goto err;

	if (nla_put_u32(skb, desc->keepalive_interval,
			READ_ONCE(peer->keepalive_interval)) ||
	    nla_put_u32(skb, desc->keepalive_timeout,
			READ_ONCE(peer->keepalive_timeout)) ||
	    desc->put_own(skb, net, peer) ||
	    ovpn_nl_put_stats(skb, peer, &desc->stats))
		goto err;

	nla_nest_end(skb, attr);
	genlmsg_end(skb, hdr);
	return 0;

err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/**
 * ovpn_nl_peer_reply - answer a request for one peer
 * @info: the request
 * @ovpn: the device
 * @id_attr: the attribute carrying the peer id
 * @desc: how the family describes a peer
 *
 * Return: 0 on success or a negative error code, with extack set
 */
int ovpn_nl_peer_reply(struct genl_info *info, struct ovpn_priv *ovpn,
		       const struct nlattr *id_attr,
		       const struct ovpn_nl_peer_desc *desc)
{
	struct ovpn_peer *peer;
	struct sk_buff *msg;
	int ret;

	peer = ovpn_nl_peer_get(ovpn, id_attr, info->extack);
	if (!peer)
		return -ENOENT;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg) {
		ret = -ENOMEM;
		goto out_put;
	}

	ret = ovpn_nl_peer_fill(msg, genl_info_net(info), peer,
				info->snd_portid, info->snd_seq, 0, desc);
	if (ret) {
		nlmsg_free(msg);
		goto out_put;
	}

	ret = genlmsg_reply(msg, info);
out_put:
	ovpn_peer_put(peer);
	return ret;
}

/* every peer of @ovpn, resuming at cb->args[0] */
static int ovpn_nl_peer_walk(struct sk_buff *skb, struct netlink_callback *cb,
			     struct ovpn_priv *ovpn,
			     const struct ovpn_nl_peer_desc *desc)
{
	unsigned long skip = cb->args[0], i = 0;
	struct net *net = sock_net(cb->skb->sk);
	struct ovpn_peer *peer;
	struct nlmsghdr *nlh;
	int ret = 0;

	rcu_read_lock();
	cb->seq = READ_ONCE(ovpn->peers_gen);
	list_for_each_entry_rcu(peer, &ovpn->peers, node) {
		if (i++ < skip)
			continue;
		nlh = (struct nlmsghdr *)skb_tail_pointer(skb);
		ret = ovpn_nl_peer_fill(skb, net, peer,
					NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI, desc);
		if (ret) {
			i--;
			break;
		}
		nl_dump_check_consistent(cb, nlh);
	}
	rcu_read_unlock();

	/* a full message is not an error: the dump goes on */
	if (ret && i == skip)
		return ret;

	cb->args[0] = i;
	return skb->len;
}

/**
 * ovpn_nl_peer_dump - describe every peer of the device a dump names
 * @skb: the message to fill
 * @cb: the dump state: cb->args[0] is how many peers were dumped
 * @type: the attribute carrying the ifindex
 * @ops: the family of the dump
 * @desc: how the family describes a peer
 *
 * Peers are listed in the order they were added; a dump that spans
 * several messages resumes where the previous one stopped. If the peers
 * changed in between, the messages carry NLM_F_DUMP_INTR and userspace
 * should dump again.
 *
 * Return: the length of @skb, 0 when done, or a negative error code
 */
int ovpn_nl_peer_dump(struct sk_buff *skb, struct netlink_callback *cb,
		      int type, const struct ovpn_nl_ops *ops,
		      const struct ovpn_nl_peer_desc *desc)
{
	const struct genl_info *info = genl_info_dump(cb);
	netdevice_tracker tracker;
	struct net_device *dev;
	int ret;

	dev = ovpn_nl_dev_get(sock_net(cb->skb->sk), info->attrs, type, ops,
			      &tracker, cb->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);

	ret = ovpn_nl_peer_walk(skb, cb, netdev_priv(dev), desc);
	netdev_put(dev, &tracker);
	return ret;
}
