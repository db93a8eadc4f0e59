// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#include <linux/slab.h>

#include "bind.h"
#include "peer.h"

/**
 * ovpn_bind_from_sockaddr - create an endpoint from a socket address
 * @ss: an AF_INET or AF_INET6 address; v4-mapped IPv6 is stored as IPv4
 *
 * Return: the new endpoint or an ERR_PTR
 */
struct ovpn_bind *ovpn_bind_from_sockaddr(const struct sockaddr_storage *ss)
{
	const struct sockaddr_in6 *sa6;
	struct ovpn_bind *bind;

	bind = kzalloc(sizeof(*bind), GFP_KERNEL);
	if (unlikely(!bind))
		return ERR_PTR(-ENOMEM);

	switch (ss->ss_family) {
	case AF_INET:
		bind->remote.in4 = *(const struct sockaddr_in *)ss;
		break;
	case AF_INET6:
		sa6 = (const struct sockaddr_in6 *)ss;
		if (ipv6_addr_v4mapped(&sa6->sin6_addr)) {
			/* a dual-stack socket talking IPv4 */
			bind->remote.in4.sin_family = AF_INET;
			bind->remote.in4.sin_addr.s_addr =
				sa6->sin6_addr.s6_addr32[3];
			bind->remote.in4.sin_port = sa6->sin6_port;
		} else {
			bind->remote.in6 = *sa6;
		}
		break;
	default:
		kfree(bind);
		return ERR_PTR(-EAFNOSUPPORT);
	}

	return bind;
}

/**
 * ovpn_bind_reset - replace the endpoint of a peer
 * @peer: the peer
 * @new: the new endpoint (ownership passes to @peer), or NULL
 *
 * The routes cached for the old endpoint are dropped with it.
 */
void ovpn_bind_reset(struct ovpn_peer *peer, struct ovpn_bind *new)
{
	struct ovpn_bind *old;

	lockdep_assert_held(&peer->lock);

	old = rcu_replace_pointer(peer->bind, new,
				  lockdep_is_held(&peer->lock));
	dst_cache_reset(&peer->dst_cache);
	if (old)
		kfree_rcu(old, rcu);
}

/**
 * ovpn_bind_skb_match - check whether a packet used a peer's endpoints
 * @bind: the peer's endpoints
 * @skb: a packet received from the transport
 *
 * A local address not known yet (a socket bound to the wildcard) does
 * not match: the float learns it from the packet.
 *
 * Return: true if @skb came from @bind's remote to its local address
 */
bool ovpn_bind_skb_match(const struct ovpn_bind *bind,
			 const struct sk_buff *skb)
{
	if (!ovpn_bind_skb_src_match(bind, skb))
		return false;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		return READ_ONCE(bind->local.ipv4.s_addr) == ip_hdr(skb)->daddr;
	case htons(ETH_P_IPV6):
		return ipv6_addr_equal(&bind->local.ipv6,
				       &ipv6_hdr(skb)->daddr);
	}
	return false;
}

/**
 * ovpn_bind_from_skb - the endpoints of a received packet
 * @skb: a UDP packet from the transport, its outer headers in place
 *
 * Context: any; allocates with GFP_ATOMIC.
 *
 * Return: a new endpoint object, or NULL
 */
struct ovpn_bind *ovpn_bind_from_skb(const struct sk_buff *skb)
{
	struct ovpn_bind *bind;

	bind = kzalloc(sizeof(*bind), GFP_ATOMIC);
	if (unlikely(!bind))
		return NULL;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		bind->remote.in4.sin_family = AF_INET;
		bind->remote.in4.sin_addr.s_addr = ip_hdr(skb)->saddr;
		bind->remote.in4.sin_port = udp_hdr(skb)->source;
		bind->local.ipv4.s_addr = ip_hdr(skb)->daddr;
		break;
	case htons(ETH_P_IPV6):
		bind->remote.in6.sin6_family = AF_INET6;
		bind->remote.in6.sin6_addr = ipv6_hdr(skb)->saddr;
		bind->remote.in6.sin6_port = udp_hdr(skb)->source;
		if (ipv6_addr_type(&ipv6_hdr(skb)->saddr) &
		    IPV6_ADDR_LINKLOCAL)
			bind->remote.in6.sin6_scope_id = skb->skb_iif;
		bind->local.ipv6 = ipv6_hdr(skb)->daddr;
		break;
	default:
		kfree(bind);
		return NULL;
	}
	return bind;
}
