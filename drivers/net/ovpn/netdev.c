// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The ovpn network device: rtnl link kind "ovpn" and its netdev ops.
 */

#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/rtnetlink.h>
#include <uapi/linux/if_link.h>

#include "io.h"
#include "keepalive.h"
#include "netdev.h"
#include "netlink-core.h"
#include "ovpnpriv.h"
#include "peer.h"
#include "peerlookup.h"
#include "proto.h"

/* Worst-case encapsulation: OpenVPN header, then TCP (the larger
 * transport header) and IPv6 (the larger network header).
 */
#define OVPN_MAX_OVERHEAD	(OVPN_HEAD_SIZE + sizeof(struct tcphdr) + \
				 sizeof(struct ipv6hdr))

static int ovpn_net_init(struct net_device *dev)
{
	struct ovpn_priv *ovpn = netdev_priv(dev);
	int ret;

	INIT_DELAYED_WORK(&ovpn->keepalive_work, ovpn_peer_keepalive_work);
	ret = ovpn_peers_init(ovpn);
	if (ret)
		return ret;

	ret = gro_cells_init(&ovpn->gro_cells, dev);
	if (ret) {
		ovpn_peers_destroy(ovpn);
		return ret;
	}
	return 0;
}

/* Called after the last reference to the device is gone, or when its
 * registration fails after ndo_init: no socket leads here any more.
 */
static void ovpn_priv_free(struct net_device *dev)
{
	ovpn_peers_destroy(netdev_priv(dev));
}

/* Called by unregister, RTNL held: take every peer down before the
 * device waits for its references to go.
 */
static void ovpn_net_uninit(struct net_device *dev)
{
	struct ovpn_priv *ovpn = netdev_priv(dev);

	spin_lock_bh(&ovpn->lock);
	ovpn->dead = true;
	spin_unlock_bh(&ovpn->lock);

	ovpn_peers_free(ovpn, NULL, OVPN_DEL_PEER_REASON_TEARDOWN);
	cancel_delayed_work_sync(&ovpn->keepalive_work);
	gro_cells_destroy(&ovpn->gro_cells);
}

static const struct net_device_ops ovpn_netdev_ops = {
	.ndo_init		= ovpn_net_init,
	.ndo_uninit		= ovpn_net_uninit,
	.ndo_start_xmit		= ovpn_net_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
};

/* ethtool: the private flags and the statistics of the device */
#define OVPN_PRIV_FLAG_MSS_CLAMP	BIT(0)
static const char ovpn_priv_flags[][ETH_GSTRING_LEN] = {
	"mss-clamp",
};

static const char ovpn_stats[][ETH_GSTRING_LEN] = {
	"mss_clamped",
};

static void ovpn_get_drvinfo(struct net_device *dev,
			     struct ethtool_drvinfo *info)
{
	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
}

static int ovpn_get_sset_count(struct net_device *dev, int sset)
{
	switch (sset) {
	case ETH_SS_PRIV_FLAGS:
		return ARRAY_SIZE(ovpn_priv_flags);
	case ETH_SS_STATS:
		return ARRAY_SIZE(ovpn_stats);
	default:
		return -EOPNOTSUPP;
	}
}

static void ovpn_get_strings(struct net_device *dev, u32 sset, u8 *buf)
{
	switch (sset) {
	case ETH_SS_PRIV_FLAGS:
		memcpy(buf, ovpn_priv_flags, sizeof(ovpn_priv_flags));
		break;
	case ETH_SS_STATS:
		memcpy(buf, ovpn_stats, sizeof(ovpn_stats));
		break;
	}
}

static void ovpn_get_ethtool_stats(struct net_device *dev,
				   struct ethtool_stats *stats, u64 *data)
{
	struct ovpn_priv *ovpn = netdev_priv(dev);

	data[0] = atomic64_read(&ovpn->mss_clamped);
}

static u32 ovpn_get_priv_flags(struct net_device *dev)
{
	struct ovpn_priv *ovpn = netdev_priv(dev);

	return READ_ONCE(ovpn->mss_clamp) ? OVPN_PRIV_FLAG_MSS_CLAMP : 0;
}

static int ovpn_set_priv_flags(struct net_device *dev, u32 flags)
{
	struct ovpn_priv *ovpn = netdev_priv(dev);

	WRITE_ONCE(ovpn->mss_clamp, !!(flags & OVPN_PRIV_FLAG_MSS_CLAMP));
	return 0;
}

static const struct ethtool_ops ovpn_ethtool_ops = {
	.get_drvinfo		= ovpn_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= ovpn_get_sset_count,
	.get_strings		= ovpn_get_strings,
	.get_ethtool_stats	= ovpn_get_ethtool_stats,
	.get_priv_flags		= ovpn_get_priv_flags,
	.set_priv_flags		= ovpn_set_priv_flags,
};

/**
 * ovpn_dev_is_ovpn - tell whether a net_device is an ovpn device
 * @dev: the device to check
 *
 * Return: true if @dev was created by this driver
 */
bool ovpn_dev_is_ovpn(const struct net_device *dev)
{
	return dev->netdev_ops == &ovpn_netdev_ops;
}

static void ovpn_setup(struct net_device *dev)
{
	netdev_features_t feat = NETIF_F_SG | NETIF_F_GSO | NETIF_F_HW_CSUM |
				 NETIF_F_RXCSUM | NETIF_F_GSO_SOFTWARE |
				 NETIF_F_HIGHDMA;

	dev->netdev_ops = &ovpn_netdev_ops;
	dev->ethtool_ops = &ovpn_ethtool_ops;
	dev->priv_destructor = ovpn_priv_free;
	dev->needs_free_netdev = true;
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;

	/* a layer 3 point-to-point device: no link layer header, no ARP,
	 * no qdisc, and transmission does not need the tx lock
	 */
	dev->type = ARPHRD_NONE;
	dev->flags = IFF_POINTOPOINT | IFF_NOARP;
	dev->priv_flags |= IFF_NO_QUEUE;
	/* MP transmission picks the peer from the packet's route */
	netif_keep_dst(dev);
	dev->lltx = true;
	dev->hard_header_len = 0;
	dev->addr_len = 0;
	dev->needed_headroom = ALIGN(OVPN_MAX_OVERHEAD, 4);

	/* GSO packets are segmented (and checksummed) in software right
	 * before encryption, after one route lookup for the whole batch
	 */
	dev->features |= feat;
	dev->hw_features |= feat;
	dev->hw_enc_features |= feat;

	dev->mtu = ETH_DATA_LEN - OVPN_MAX_OVERHEAD;
	dev->min_mtu = IPV4_MIN_MTU;
	dev->max_mtu = IP_MAX_MTU - OVPN_MAX_OVERHEAD;
}

static int ovpn_newlink(struct net *src_net, struct net_device *dev,
			struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	const struct ovpn_link_kind *kind;
	struct ovpn_priv *ovpn = netdev_priv(dev);
	enum ovpn_mode mode = OVPN_MODE_P2P;

	if (data && data[IFLA_OVPN_MODE])
		mode = nla_get_u8(data[IFLA_OVPN_MODE]);

	ovpn->dev = dev;
	ovpn->mode = mode;
	/* the link kind tells which netlink family drives the device */
	kind = container_of_const(dev->rtnl_link_ops, struct ovpn_link_kind,
				  ops);
	ovpn->nl_ops = kind->nl_ops;
	spin_lock_init(&ovpn->lock);
	/* as userspace OpenVPN's --mssfix, on unless turned off */
	ovpn->mss_clamp = true;

	/* a P2P device gains its carrier with its peer, an MP device (a
	 * server waiting for clients) always has it
	 */
	if (mode == OVPN_MODE_P2P)
		netif_carrier_off(dev);

	return register_netdevice(dev);
}

static size_t ovpn_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(u8)); /* IFLA_OVPN_MODE */
}

static int ovpn_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	const struct ovpn_priv *ovpn = netdev_priv(dev);

	if (nla_put_u8(skb, IFLA_OVPN_MODE, ovpn->mode))
		return -EMSGSIZE;

	return 0;
}

static const struct nla_policy ovpn_policy[IFLA_OVPN_MAX + 1] = {
	[IFLA_OVPN_MODE] = NLA_POLICY_RANGE(NLA_U8, OVPN_MODE_P2P,
					    OVPN_MODE_MP),
};

/**
 * ovpn_link_kind_register - register a link kind of ovpn devices
 * @kind: the kind, with its netlink family's ops set
 *
 * Every kind creates the same device with the same attributes; only
 * the netlink family that drives it differs.
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_link_kind_register(struct ovpn_link_kind *kind)
{
	struct rtnl_link_ops *ops = &kind->ops;

	ops->kind = kind->nl_ops->kind;
	ops->priv_size = sizeof(struct ovpn_priv);
	ops->setup = ovpn_setup;
	ops->policy = ovpn_policy;
	ops->maxtype = IFLA_OVPN_MAX;
	ops->newlink = ovpn_newlink;
	ops->dellink = unregister_netdevice_queue;
	ops->get_size = ovpn_get_size;
	ops->fill_info = ovpn_fill_info;
	return rtnl_link_register(ops);
}

/**
 * ovpn_link_kind_unregister - unregister a link kind, deleting its devices
 * @kind: the kind ovpn_link_kind_register() registered
 */
void ovpn_link_kind_unregister(struct ovpn_link_kind *kind)
{
	rtnl_link_unregister(&kind->ops);
}

/* the link kind of the "ovpn" family (OpenVPN 2.7 and later) */
static struct ovpn_link_kind ovpn_link_kind = {
	.nl_ops = &ovpn_nl_ops_ovpn,
};

int ovpn_rtnl_register(void)
{
	return ovpn_link_kind_register(&ovpn_link_kind);
}

void ovpn_rtnl_unregister(void)
{
	ovpn_link_kind_unregister(&ovpn_link_kind);
}
