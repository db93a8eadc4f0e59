// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * Hand-written handlers of the "ovpn" generic netlink family; policies
 * and the ops table are generated from the YAML spec in netlink-gen.c.
 */

#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <uapi/linux/ovpn.h>

#include "netdev.h"
#include "netlink.h"
#include "netlink-gen.h"
#include "ovpnpriv.h"

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

static int ovpn_nl_unsupported(struct genl_info *info)
{
	NL_SET_ERR_MSG_MOD(info->extack,
			   "operation not supported by this driver yet");
	return -EOPNOTSUPP;
}

int ovpn_nl_peer_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ovpn_nl_unsupported(info);
}

int ovpn_nl_peer_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ovpn_nl_unsupported(info);
}

int ovpn_nl_peer_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ovpn_nl_unsupported(info);
}

int ovpn_nl_peer_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return -EOPNOTSUPP;
}

int ovpn_nl_peer_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ovpn_nl_unsupported(info);
}

int ovpn_nl_key_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ovpn_nl_unsupported(info);
}

int ovpn_nl_key_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ovpn_nl_unsupported(info);
}

int ovpn_nl_key_swap_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ovpn_nl_unsupported(info);
}

int ovpn_nl_key_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ovpn_nl_unsupported(info);
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
