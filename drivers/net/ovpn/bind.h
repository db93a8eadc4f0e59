/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_BIND_H_
#define _NET_OVPN_BIND_H_

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <net/ip.h>
#include <net/ipv6.h>

struct ovpn_peer;

/**
 * union ovpn_sockaddr - an IPv4 or IPv6 transport endpoint
 * @in4: the IPv4 form, when in4.sin_family is AF_INET
 * @in6: the IPv6 form, when in6.sin6_family is AF_INET6
 */
union ovpn_sockaddr {
	struct sockaddr_in in4;
	struct sockaddr_in6 in6;
};

/**
 * struct ovpn_bind - the UDP transport endpoints of a peer
 * @remote: where the peer's packets come from and ours go to
 * @local: our address towards the peer (any if not known yet)
 * @local.ipv4: the local IPv4 address
 * @local.ipv6: the local IPv6 address
 * @rcu: to free the object after readers are done with it
 *
 * Replaced as a whole (RCU) when the peer floats or userspace sets a new
 * endpoint. One field changes in place: the transmit path clears
 * @local.ipv4 when that address is no longer the host's, so that the
 * route picks a source; it is written with WRITE_ONCE() and read with
 * READ_ONCE(). The rest is never modified once published.
 */
struct ovpn_bind {
	union ovpn_sockaddr remote;
	union {
		struct in_addr ipv4;
		struct in6_addr ipv6;
	} local;
	struct rcu_head rcu;
};

/**
 * ovpn_bind_skb_src_match - check whether a packet comes from the endpoint
 * @bind: the peer's endpoint
 * @skb: a packet received from the transport
 *
 * Return: true if the source address and port of @skb are @bind's remote
 */
static inline bool ovpn_bind_skb_src_match(const struct ovpn_bind *bind,
					   const struct sk_buff *skb)
{
	const union ovpn_sockaddr *remote = &bind->remote;
	const struct udphdr *uh = udp_hdr(skb);

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		return remote->in4.sin_family == AF_INET &&
		       remote->in4.sin_addr.s_addr == ip_hdr(skb)->saddr &&
		       remote->in4.sin_port == uh->source;
	case htons(ETH_P_IPV6):
		return remote->in6.sin6_family == AF_INET6 &&
		       ipv6_addr_equal(&remote->in6.sin6_addr,
				       &ipv6_hdr(skb)->saddr) &&
		       remote->in6.sin6_port == uh->source;
	}
	return false;
}

struct ovpn_bind *ovpn_bind_from_sockaddr(const struct sockaddr_storage *ss);
void ovpn_bind_reset(struct ovpn_peer *peer, struct ovpn_bind *new);
bool ovpn_bind_skb_match(const struct ovpn_bind *bind,
			 const struct sk_buff *skb);
struct ovpn_bind *ovpn_bind_from_skb(const struct sk_buff *skb);

#endif /* _NET_OVPN_BIND_H_ */
