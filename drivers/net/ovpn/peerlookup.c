// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The collection of a device's peers and its lookups: by id, by the
 * next hop of an inner packet's route (transmit, reverse path check)
 * and by endpoint (received packets without a peer id).
 *
 * A P2P device has at most one peer, ovpn->peer. An MP device keeps its
 * peers in resizable hash tables, one per lookup key; the tables of VPN
 * addresses and endpoints are lists per key, the newest peer first, so
 * that a client reconnecting with the address of a peer not yet removed
 * takes over at once. Every device also lists its peers, for the walks
 * of keepalive, dump and teardown. The tables change under ovpn->lock
 * and are read under RCU.
 */

#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <net/ip6_route.h>
#include <net/route.h>

#include "bind.h"
#include "ovpnpriv.h"
#include "peer.h"
#include "peerlookup.h"
#include "proto.h"

static const struct rhashtable_params ovpn_peer_id_params = {
	.head_offset = offsetof(struct ovpn_peer, id_node),
	.key_offset = offsetof(struct ovpn_peer, id),
	.key_len = sizeof_field(struct ovpn_peer, id),
	.automatic_shrinking = true,
};

static const struct rhashtable_params ovpn_peer_vpn4_params = {
	.head_offset = offsetof(struct ovpn_peer, vpn4_node),
	.key_offset = offsetof(struct ovpn_peer, vpn_addrs.ipv4),
	.key_len = sizeof_field(struct ovpn_peer, vpn_addrs.ipv4),
	.automatic_shrinking = true,
};

static const struct rhashtable_params ovpn_peer_vpn6_params = {
	.head_offset = offsetof(struct ovpn_peer, vpn6_node),
	.key_offset = offsetof(struct ovpn_peer, vpn_addrs.ipv6),
	.key_len = sizeof_field(struct ovpn_peer, vpn_addrs.ipv6),
	.automatic_shrinking = true,
};

static const struct rhashtable_params ovpn_peer_transp_params = {
	.head_offset = offsetof(struct ovpn_peer, transp_node),
	.key_offset = offsetof(struct ovpn_peer, transp_key),
	.key_len = sizeof_field(struct ovpn_peer, transp_key),
	.automatic_shrinking = true,
};

/**
 * ovpn_peers_init - set up the peer collection of a new device
 * @ovpn: the device, its mode already set
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_peers_init(struct ovpn_priv *ovpn)
{
	int ret;

	INIT_LIST_HEAD(&ovpn->peers);
	/* never 0: that means "not set" to dump consistency checks */
	ovpn->peers_gen = 1;
	if (ovpn->mode != OVPN_MODE_MP)
		return 0;

	ret = rhashtable_init(&ovpn->peers_by_id, &ovpn_peer_id_params);
	if (ret)
		return ret;
	ret = rhltable_init(&ovpn->peers_by_vpn4, &ovpn_peer_vpn4_params);
	if (ret)
		goto err_destroy_id;
	ret = rhltable_init(&ovpn->peers_by_vpn6, &ovpn_peer_vpn6_params);
	if (ret)
		goto err_destroy_vpn4;
	ret = rhltable_init(&ovpn->peers_by_transp, &ovpn_peer_transp_params);
	if (ret)
		goto err_destroy_vpn6;
	return 0;

err_destroy_vpn6:
	rhltable_destroy(&ovpn->peers_by_vpn6);
err_destroy_vpn4:
	rhltable_destroy(&ovpn->peers_by_vpn4);
err_destroy_id:
	rhashtable_destroy(&ovpn->peers_by_id);
	return ret;
}

/**
 * ovpn_peers_destroy - free the peer collection of a device
 * @ovpn: the device, whose peers are all gone
 *
 * Called when no socket can reach the device any more: lookups from
 * the receive path must not find the tables freed.
 */
void ovpn_peers_destroy(struct ovpn_priv *ovpn)
{
	WARN_ON(!list_empty(&ovpn->peers));
	if (ovpn->mode != OVPN_MODE_MP)
		return;

	rhltable_destroy(&ovpn->peers_by_transp);
	rhltable_destroy(&ovpn->peers_by_vpn6);
	rhltable_destroy(&ovpn->peers_by_vpn4);
	rhashtable_destroy(&ovpn->peers_by_id);
}

/* the endpoint of @bind as a key of the endpoint table */
static void ovpn_transp_key_from_bind(const struct ovpn_bind *bind,
				      struct ovpn_transp_key *key)
{
	memset(key, 0, sizeof(*key));
	if (!bind)
		return;

	switch (bind->remote.in4.sin_family) {
	case AF_INET:
		key->family = AF_INET;
		key->addr[0] = bind->remote.in4.sin_addr.s_addr;
		key->port = bind->remote.in4.sin_port;
		break;
	case AF_INET6:
		key->family = AF_INET6;
		memcpy(key->addr, &bind->remote.in6.sin6_addr,
		       sizeof(key->addr));
		key->port = bind->remote.in6.sin6_port;
		break;
	}
}

/* the source endpoint of a UDP packet as a key of the endpoint table */
static void ovpn_transp_key_from_skb(const struct sk_buff *skb,
				     struct ovpn_transp_key *key)
{
	memset(key, 0, sizeof(*key));
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		key->family = AF_INET;
		key->addr[0] = ip_hdr(skb)->saddr;
		break;
	case htons(ETH_P_IPV6):
		key->family = AF_INET6;
		memcpy(key->addr, &ipv6_hdr(skb)->saddr, sizeof(key->addr));
		break;
	default:
		return;
	}
	key->port = udp_hdr(skb)->source;
}

/* MP: put @peer's VPN addresses into the routing tables */
int ovpn_peer_hash_vpn(struct ovpn_priv *ovpn, struct ovpn_peer *peer)
{
	int ret;

	lockdep_assert_held(&ovpn->lock);

	if (peer->vpn_addrs.ipv4.s_addr) {
		ret = rhltable_insert(&ovpn->peers_by_vpn4, &peer->vpn4_node,
				      ovpn_peer_vpn4_params);
		if (ret)
			return ret;
	}
	if (!ipv6_addr_any(&peer->vpn_addrs.ipv6)) {
		ret = rhltable_insert(&ovpn->peers_by_vpn6, &peer->vpn6_node,
				      ovpn_peer_vpn6_params);
		if (ret)
			goto err_remove_vpn4;
	}
	return 0;

err_remove_vpn4:
	if (peer->vpn_addrs.ipv4.s_addr)
		rhltable_remove(&ovpn->peers_by_vpn4, &peer->vpn4_node,
				ovpn_peer_vpn4_params);
	return ret;
}

void ovpn_peer_unhash_vpn(struct ovpn_priv *ovpn,
			  struct ovpn_peer *peer)
{
	lockdep_assert_held(&ovpn->lock);

	if (peer->vpn_addrs.ipv4.s_addr)
		rhltable_remove(&ovpn->peers_by_vpn4, &peer->vpn4_node,
				ovpn_peer_vpn4_params);
	if (!ipv6_addr_any(&peer->vpn_addrs.ipv6))
		rhltable_remove(&ovpn->peers_by_vpn6, &peer->vpn6_node,
				ovpn_peer_vpn6_params);
}

/* MP: key @peer by its current endpoint, if it has one */
int ovpn_peer_hash_transp(struct ovpn_priv *ovpn,
			  struct ovpn_peer *peer)
{
	const struct ovpn_bind *bind;

	/* every writer of the endpoint holds the device's lock too */
	bind = rcu_dereference_protected(peer->bind,
					 lockdep_is_held(&ovpn->lock));
	ovpn_transp_key_from_bind(bind, &peer->transp_key);
	if (!peer->transp_key.family)
		return 0;

	return rhltable_insert(&ovpn->peers_by_transp, &peer->transp_node,
			       ovpn_peer_transp_params);
}

void ovpn_peer_unhash_transp(struct ovpn_priv *ovpn,
			     struct ovpn_peer *peer)
{
	lockdep_assert_held(&ovpn->lock);

	if (peer->transp_key.family)
		rhltable_remove(&ovpn->peers_by_transp, &peer->transp_node,
				ovpn_peer_transp_params);
	memset(&peer->transp_key, 0, sizeof(peer->transp_key));
}

/* MP: put @peer into every table; -EEXIST if its id is taken */
int ovpn_peer_hash(struct ovpn_priv *ovpn, struct ovpn_peer *peer)
{
	int ret;

	lockdep_assert_held(&ovpn->lock);

	ret = rhashtable_lookup_insert_fast(&ovpn->peers_by_id,
					    &peer->id_node,
					    ovpn_peer_id_params);
	if (ret)
		return ret;

	ret = ovpn_peer_hash_vpn(ovpn, peer);
	if (ret)
		goto err_remove_id;

	ret = ovpn_peer_hash_transp(ovpn, peer);
	if (ret)
		goto err_unhash_vpn;
	return 0;

err_unhash_vpn:
	ovpn_peer_unhash_vpn(ovpn, peer);
err_remove_id:
	rhashtable_remove_fast(&ovpn->peers_by_id, &peer->id_node,
			       ovpn_peer_id_params);
	return ret;
}

void ovpn_peer_unhash(struct ovpn_priv *ovpn, struct ovpn_peer *peer)
{
	lockdep_assert_held(&ovpn->lock);

	ovpn_peer_unhash_transp(ovpn, peer);
	ovpn_peer_unhash_vpn(ovpn, peer);
	rhashtable_remove_fast(&ovpn->peers_by_id, &peer->id_node,
			       ovpn_peer_id_params);
}

/* MP: the peer a VPN address belongs to, under RCU, no reference */
static struct ovpn_peer *ovpn_peer_by_vpn4(struct ovpn_priv *ovpn,
					   __be32 addr)
{
	struct rhlist_head *list;

	list = rhltable_lookup(&ovpn->peers_by_vpn4, &addr,
			       ovpn_peer_vpn4_params);
	return list ? container_of(list, struct ovpn_peer, vpn4_node) : NULL;
}

static struct ovpn_peer *ovpn_peer_by_vpn6(struct ovpn_priv *ovpn,
					   const struct in6_addr *addr)
{
	struct rhlist_head *list;

	list = rhltable_lookup(&ovpn->peers_by_vpn6, addr,
			       ovpn_peer_vpn6_params);
	return list ? container_of(list, struct ovpn_peer, vpn6_node) : NULL;
}

/* MP: the peer the route to @addr goes through, under RCU, no reference */
static struct ovpn_peer *ovpn_peer_route4(struct ovpn_priv *ovpn,
					  __be32 addr)
{
	struct flowi4 fl = { .daddr = addr };
	struct ovpn_peer *peer = NULL;
	struct rtable *rt;

	rt = ip_route_output_key(dev_net(ovpn->dev), &fl);
	if (IS_ERR(rt))
		return NULL;
	if (rt->dst.dev == ovpn->dev)
		peer = ovpn_peer_by_vpn4(ovpn, rt_nexthop(rt, addr));
	ip_rt_put(rt);

	return peer;
}

static struct ovpn_peer *ovpn_peer_route6(struct ovpn_priv *ovpn,
					  const struct in6_addr *addr)
{
#if IS_ENABLED(CONFIG_IPV6)
	struct flowi6 fl = { .daddr = *addr };
	struct ovpn_peer *peer = NULL;
	struct dst_entry *dst;

	dst = ip6_route_output(dev_net(ovpn->dev), NULL, &fl);
	if (!dst->error && dst->dev == ovpn->dev)
		peer = ovpn_peer_by_vpn6(ovpn,
					 rt6_nexthop(dst_rt6_info(dst), addr));
	dst_release(dst);

	return peer;
#else
	return NULL;
#endif
}

/**
 * ovpn_peer_check_src - reverse path check of a decrypted packet
 * @peer: the peer it came from
 * @skb: the inner packet, network header set
 *
 * In MP mode a peer may only send from addresses whose route leads back
 * to it: its VPN addresses and the networks routed through them.
 *
 * Return: true if the packet may be delivered
 */
bool ovpn_peer_check_src(struct ovpn_peer *peer, struct sk_buff *skb)
{
	struct ovpn_priv *ovpn = peer->ovpn;
	const struct in6_addr *src6;
	struct ovpn_peer *owner;
	__be32 src4;

	if (ovpn->mode != OVPN_MODE_MP)
		return true;

	rcu_read_lock();
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		src4 = ip_hdr(skb)->saddr;
		/* the common case needs no route lookup */
		if (src4 == READ_ONCE(peer->vpn_addrs.ipv4.s_addr))
			owner = peer;
		else
			owner = ovpn_peer_route4(ovpn, src4);
		break;
	case htons(ETH_P_IPV6):
		src6 = &ipv6_hdr(skb)->saddr;
		owner = ovpn_peer_by_vpn6(ovpn, src6);
		if (owner != peer)
			owner = ovpn_peer_route6(ovpn, src6);
		break;
	default:
		owner = NULL;
	}
	rcu_read_unlock();

	return owner == peer;
}

/**
 * ovpn_peer_get_by_id - find a peer by id
 * @ovpn: the device
 * @peer_id: the id
 *
 * Return: the peer with a reference taken, or NULL
 */
struct ovpn_peer *ovpn_peer_get_by_id(struct ovpn_priv *ovpn, u32 peer_id)
{
	struct ovpn_peer *peer;

	rcu_read_lock();
	if (ovpn->mode == OVPN_MODE_MP) {
		peer = rhashtable_lookup(&ovpn->peers_by_id, &peer_id,
					 ovpn_peer_id_params);
	} else {
		peer = rcu_dereference(ovpn->peer);
		if (peer && peer->id != peer_id)
			peer = NULL;
	}
	if (peer && !ovpn_peer_hold(peer))
		peer = NULL;
	rcu_read_unlock();

	return peer;
}

/**
 * ovpn_peer_get_rx - find the peer a received data packet belongs to
 * @ovpn: the device
 * @peer_id: the peer id in the packet
 * @skb: the packet, with its transport headers
 *
 * A packet whose peer id is undefined is matched by its source address.
 *
 * Return: the peer with a reference taken, or NULL
 */
struct ovpn_peer *ovpn_peer_get_rx(struct ovpn_priv *ovpn, u32 peer_id,
				   struct sk_buff *skb)
{
	struct ovpn_transp_key key;
	struct rhlist_head *list;
	struct ovpn_bind *bind;
	struct ovpn_peer *peer;

	if (peer_id != OVPN_PEER_ID_UNDEF)
		return ovpn_peer_get_by_id(ovpn, peer_id);

	rcu_read_lock();
	if (ovpn->mode == OVPN_MODE_MP) {
		ovpn_transp_key_from_skb(skb, &key);
		list = rhltable_lookup(&ovpn->peers_by_transp, &key,
				       ovpn_peer_transp_params);
		peer = list ? container_of(list, struct ovpn_peer,
					   transp_node) : NULL;
	} else {
		peer = rcu_dereference(ovpn->peer);
		if (peer) {
			bind = rcu_dereference(peer->bind);
			if (!bind || !ovpn_bind_skb_src_match(bind, skb))
				peer = NULL;
		}
	}
	if (peer && !ovpn_peer_hold(peer))
		peer = NULL;
	rcu_read_unlock();

	return peer;
}

/* MP: the peer an inner packet is routed to: the next hop of its route
 * (the gateway, or the destination itself) is a peer's VPN address
 */
static struct ovpn_peer *ovpn_peer_get_tx_mp(struct ovpn_priv *ovpn,
					     struct sk_buff *skb)
{
	struct dst_entry *dst = skb_dst(skb);
	const struct in6_addr *daddr6;
	__be32 daddr4;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		daddr4 = ip_hdr(skb)->daddr;
		if (dst)
			daddr4 = rt_nexthop(dst_rtable(dst), daddr4);
		return ovpn_peer_by_vpn4(ovpn, daddr4);
#if IS_ENABLED(CONFIG_IPV6)
	case htons(ETH_P_IPV6):
		daddr6 = &ipv6_hdr(skb)->daddr;
		if (dst)
			daddr6 = rt6_nexthop(dst_rt6_info(dst), daddr6);
		return ovpn_peer_by_vpn6(ovpn, daddr6);
#endif
	}
	return NULL;
}

/**
 * ovpn_peer_get_tx - find the peer an outgoing packet goes to
 * @ovpn: the device
 * @skb: the inner packet, its protocol checked
 *
 * Return: the peer with a reference taken, or NULL
 */
struct ovpn_peer *ovpn_peer_get_tx(struct ovpn_priv *ovpn,
				   struct sk_buff *skb)
{
	struct ovpn_peer *peer;

	rcu_read_lock();
	if (ovpn->mode == OVPN_MODE_MP)
		peer = ovpn_peer_get_tx_mp(ovpn, skb);
	else
		peer = rcu_dereference(ovpn->peer);
	if (peer && !ovpn_peer_hold(peer))
		peer = NULL;
	rcu_read_unlock();

	return peer;
}
