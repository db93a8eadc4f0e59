// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The UDP transport: encapsulation socket set-up, receive hook and
 * transmission.
 */

#include <linux/inetdevice.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/unaligned.h>
#include <linux/udp.h>
#include <net/addrconf.h>
#include <net/dst_cache.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>
#include <uapi/linux/udp.h>

#include "bind.h"
#include "io.h"
#include "ovpnpriv.h"
#include "peer.h"
#include "peerlookup.h"
#include "proto.h"
#include "socket.h"
#include "udp.h"

/**
 * ovpn_udp_encap_recv - receive hook of the encapsulation socket
 * @sk: the socket the packet arrived on
 * @skb: the packet, with its UDP header at skb->data
 *
 * Data packets are taken and decrypted; every other packet (control
 * channel) is left to the socket, for userspace to read.
 *
 * Return: 0 if the packet was consumed, > 0 to deliver it to the socket
 */
static int ovpn_udp_encap_recv(struct sock *sk, struct sk_buff *skb)
{
	struct ovpn_socket *ovpn_sock;
	struct ovpn_priv *ovpn;
	struct ovpn_peer *peer;
	u32 word;
	u8 opcode;

	/* the UDP receive path runs under RCU */
	ovpn_sock = rcu_dereference_sk_user_data(sk);
	if (unlikely(!ovpn_sock))
		return 1;
	ovpn = ovpn_sock->ovpn;

	/* whatever is not a data packet belongs to userspace, even if it
	 * is too short to make sense
	 */
	if (unlikely(!pskb_may_pull(skb, sizeof(struct udphdr) + 1)))
		return 1;
	opcode = ovpn_opcode_from_byte(skb->data[sizeof(struct udphdr)]);
	if (opcode != OVPN_OP_DATA_V2) {
		/* the data channel of old OpenVPN versions is not offloaded */
		if (opcode == OVPN_OP_DATA_V1)
			goto drop;
		return 1;
	}

	if (unlikely(!pskb_may_pull(skb, sizeof(struct udphdr) +
				    OVPN_OPCODE_SIZE)))
		goto drop;
	word = get_unaligned_be32(skb->data + sizeof(struct udphdr));

	peer = ovpn_peer_get_rx(ovpn, ovpn_peer_id_from_word(word), skb);
	if (unlikely(!peer)) {
		net_dbg_ratelimited("%s: data packet for unknown peer %u\n",
				    netdev_name(ovpn->dev),
				    ovpn_peer_id_from_word(word));
		goto drop;
	}

	__skb_pull(skb, sizeof(struct udphdr));
	ovpn_recv(peer, skb);
	return 0;

drop:
	dev_core_stats_rx_dropped_inc(ovpn->dev);
	kfree_skb(skb);
	return 0;
}

/**
 * ovpn_udp_encap_destroy - the socket is being closed by userspace
 * @sk: the socket
 *
 * Every peer using it goes, with reason transport-disconnect.
 */
static void ovpn_udp_encap_destroy(struct sock *sk)
{
	struct ovpn_socket *ovpn_sock;
	struct ovpn_priv *ovpn;

	rcu_read_lock();
	ovpn_sock = rcu_dereference_sk_user_data(sk);
	if (!ovpn_sock || !kref_get_unless_zero(&ovpn_sock->refcount)) {
		rcu_read_unlock();
		return;
	}
	rcu_read_unlock();

	/* the reference keeps the device */
	ovpn = ovpn_sock->ovpn;
	ovpn_peers_free(ovpn, sk, OVPN_DEL_PEER_REASON_TRANSPORT_DISCONNECT);

	/* drop it like any peer would */
	ovpn_socket_put(ovpn_sock);
}

/**
 * ovpn_udp_socket_is_ovpn - tell whether a UDP socket is attached to ovpn
 * @sk: the socket, locked
 *
 * Return: true if the socket carries this driver's encapsulation
 */
bool ovpn_udp_socket_is_ovpn(struct sock *sk)
{
	return sk->sk_protocol == IPPROTO_UDP &&
	       READ_ONCE(udp_sk(sk)->encap_type) == UDP_ENCAP_OVPNINUDP &&
	       READ_ONCE(udp_sk(sk)->encap_rcv) == ovpn_udp_encap_recv;
}

/**
 * ovpn_udp_socket_attach - turn a userspace UDP socket into ovpn's
 * @ovpn_sock: the driver's socket object
 * @sock: the socket, locked, not used by anyone else
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_udp_socket_attach(struct ovpn_socket *ovpn_sock, struct socket *sock)
{
	struct udp_tunnel_sock_cfg cfg = {
		.sk_user_data = ovpn_sock,
		.encap_type = UDP_ENCAP_OVPNINUDP,
		.encap_rcv = ovpn_udp_encap_recv,
		.encap_destroy = ovpn_udp_encap_destroy,
	};

	struct sock *sk = sock->sk;

	sock_owned_by_me(sk);

	if (udp_sk(sk)->encap_type)
		return -EBUSY;

	/* The data path reads the socket under RCU, and only a UDP socket
	 * that was ever bound to a port is freed after a grace period.
	 */
	if (!sock_flag(sk, SOCK_RCU_FREE))
		return -EDESTADDRREQ;

	/* what setup_udp_tunnel_sock() changes and detaching restores */
	ovpn_sock->udp.saved_mc_loop = inet_test_bit(MC_LOOP, sk);

	setup_udp_tunnel_sock(sock_net(sk), sock, &cfg);
	return 0;
}

/**
 * ovpn_udp_socket_detach - give a UDP socket back to plain userspace use
 * @ovpn_sock: the driver's socket object
 *
 * Must be called with the socket locked.
 */
void ovpn_udp_socket_detach(struct ovpn_socket *ovpn_sock)
{
	struct sock *sk = ovpn_sock->sk;
	struct udp_sock *up = udp_sk(sk);

	sock_owned_by_me(sk);

	/* the socket lock serialises attach and detach */
	if (rcu_dereference_protected(__sk_user_data(sk),
				      lockdep_sock_is_held(sk)) != ovpn_sock)
		return;

	WRITE_ONCE(up->encap_err_lookup, NULL);
	WRITE_ONCE(up->encap_destroy, NULL);
	WRITE_ONCE(up->encap_rcv, NULL);
	WRITE_ONCE(up->encap_type, 0);
	rcu_assign_sk_user_data(sk, NULL);

	/* undo the rest of setup_udp_tunnel_sock(); the encapsulation
	 * static key stays counted until the socket is destroyed
	 */
	inet_assign_bit(MC_LOOP, sk, ovpn_sock->udp.saved_mc_loop);
	inet_dec_convert_csum(sk);
}

/* the route to @bind's remote from the peer's cache, or looked up and
 * cached; @fl gets the flow, with the local address the route picked.
 * BH disabled.
 */
static struct rtable *ovpn_udp4_route(struct ovpn_peer *peer,
				      struct ovpn_bind *bind, struct sock *sk,
				      struct flowi4 *fl)
{
	struct rtable *rt;

	*fl = (struct flowi4) {
		.saddr = READ_ONCE(bind->local.ipv4.s_addr),
		.daddr = bind->remote.in4.sin_addr.s_addr,
		.fl4_sport = inet_sk(sk)->inet_sport,
		.fl4_dport = bind->remote.in4.sin_port,
		.flowi4_proto = sk->sk_protocol,
		.flowi4_mark = sk->sk_mark,
	};

	rt = dst_cache_get_ip4(&peer->dst_cache, &fl->saddr);
	if (rt)
		return rt;

	if (fl->saddr && !inet_confirm_addr(sock_net(sk), NULL, 0, fl->saddr,
					    RT_SCOPE_HOST)) {
		/* the local address went away: let the route pick one */
		fl->saddr = 0;
		WRITE_ONCE(bind->local.ipv4.s_addr, 0);
	}

	rt = ip_route_output_flow(sock_net(sk), fl, sk);
	if (IS_ERR(rt)) {
		net_dbg_ratelimited("%s: no route to %pI4:%u: %ld\n",
				    netdev_name(peer->ovpn->dev), &fl->daddr,
				    ntohs(fl->fl4_dport), PTR_ERR(rt));
		return rt;
	}
	dst_cache_set_ip4(&peer->dst_cache, &rt->dst, fl->saddr);
	return rt;
}

static int ovpn_udp4_output(struct ovpn_peer *peer, struct ovpn_bind *bind,
			    struct sock *sk, struct sk_buff *skb)
{
	struct flowi4 fl;
	struct rtable *rt;
	int ret;

	local_bh_disable();
	rt = ovpn_udp4_route(peer, bind, sk, &fl);
	if (IS_ERR(rt)) {
		ret = PTR_ERR(rt);
		goto err;
	}

	/* the tunnel helpers push the headers without checking the room:
	 * a forwarded packet may have less than the stack's own
	 */
	ret = skb_cow_head(skb, LL_RESERVED_SPACE(rt->dst.dev) +
			   rt->dst.header_len + sizeof(struct iphdr) +
			   sizeof(struct udphdr));
	if (unlikely(ret)) {
		ip_rt_put(rt);
		goto err;
	}
	udp_tunnel_xmit_skb(rt, sk, skb, fl.saddr, fl.daddr, 0,
			    ip4_dst_hoplimit(&rt->dst), 0, fl.fl4_sport,
			    fl.fl4_dport, false, sk->sk_no_check_tx);
	ret = 0;
err:
	local_bh_enable();
	return ret;
}

#if IS_ENABLED(CONFIG_IPV6)
/* as ovpn_udp4_route(), over IPv6 */
static struct dst_entry *ovpn_udp6_route(struct ovpn_peer *peer,
					 struct ovpn_bind *bind,
					 struct sock *sk, struct flowi6 *fl)
{
	struct dst_entry *dst;

	*fl = (struct flowi6) {
		.saddr = bind->local.ipv6,
		.daddr = bind->remote.in6.sin6_addr,
		.fl6_sport = inet_sk(sk)->inet_sport,
		.fl6_dport = bind->remote.in6.sin6_port,
		.flowi6_proto = sk->sk_protocol,
		.flowi6_mark = sk->sk_mark,
		.flowi6_oif = bind->remote.in6.sin6_scope_id,
	};

	dst = dst_cache_get_ip6(&peer->dst_cache, &fl->saddr);
	if (dst)
		return dst;

	if (!ipv6_addr_any(&fl->saddr) &&
	    !ipv6_chk_addr(sock_net(sk), &fl->saddr, NULL, 0))
		/* the local address went away: let the route pick one */
		fl->saddr = in6addr_any;

	dst = ipv6_stub->ipv6_dst_lookup_flow(sock_net(sk), sk, fl, NULL);
	if (IS_ERR(dst)) {
		net_dbg_ratelimited("%s: no route to %pI6c:%u: %ld\n",
				    netdev_name(peer->ovpn->dev), &fl->daddr,
				    ntohs(fl->fl6_dport), PTR_ERR(dst));
		return dst;
	}
	dst_cache_set_ip6(&peer->dst_cache, dst, &fl->saddr);
	return dst;
}

static int ovpn_udp6_output(struct ovpn_peer *peer, struct ovpn_bind *bind,
			    struct sock *sk, struct sk_buff *skb)
{
	struct dst_entry *dst;
	struct flowi6 fl;
	int ret;

	local_bh_disable();
	dst = ovpn_udp6_route(peer, bind, sk, &fl);
	if (IS_ERR(dst)) {
		ret = PTR_ERR(dst);
		goto err;
	}

	ret = skb_cow_head(skb, LL_RESERVED_SPACE(dst->dev) +
			   dst->header_len + sizeof(struct ipv6hdr) +
			   sizeof(struct udphdr));
	if (unlikely(ret)) {
		dst_release(dst);
		goto err;
	}
	/* the inner packet fits the tunnel MTU: fragment the outer one if
	 * the path needs it rather than dropping it
	 */
	skb->ignore_df = 1;
	udp_tunnel6_xmit_skb(dst, sk, skb, skb->dev, &fl.saddr, &fl.daddr, 0,
			     ip6_dst_hoplimit(dst), 0, fl.fl6_sport,
			     fl.fl6_dport, udp_get_no_check6_tx(sk));
	ret = 0;
err:
	local_bh_enable();
	return ret;
}
#endif

/**
 * ovpn_udp_path_mtu - the MTU of the outer route to a UDP peer
 * @peer: the peer
 * @bind: its endpoint, under RCU
 * @sk: its UDP socket
 *
 * The route is the one packets to the peer take (and is cached for
 * them); its MTU includes what path MTU discovery learnt.
 *
 * Return: the MTU, or 0 if there is no route
 */
unsigned int ovpn_udp_path_mtu(struct ovpn_peer *peer, struct ovpn_bind *bind,
			       struct sock *sk)
{
	struct dst_entry *dst = NULL;
	unsigned int mtu = 0;
	struct flowi4 fl4;
	struct rtable *rt;
#if IS_ENABLED(CONFIG_IPV6)
	struct flowi6 fl6;
#endif

	local_bh_disable();
	switch (bind->remote.in4.sin_family) {
	case AF_INET:
		rt = ovpn_udp4_route(peer, bind, sk, &fl4);
		if (!IS_ERR(rt))
			dst = &rt->dst;
		break;
#if IS_ENABLED(CONFIG_IPV6)
	case AF_INET6:
		dst = ovpn_udp6_route(peer, bind, sk, &fl6);
		if (IS_ERR(dst))
			dst = NULL;
		break;
#endif
	}
	if (dst) {
		mtu = dst_mtu(dst);
		dst_release(dst);
	}
	local_bh_enable();
	return mtu;
}

/**
 * ovpn_udp_send_skb - send an encrypted packet to a peer over UDP
 * @peer: the destination
 * @sk: the peer's UDP socket
 * @skb: the OpenVPN packet
 *
 * Consumes @skb in every case.
 *
 * Return: 0 if the packet was sent, or a negative error code if it was
 * dropped (and counted)
 */
int ovpn_udp_send_skb(struct ovpn_peer *peer, struct sock *sk,
		      struct sk_buff *skb)
{
	struct ovpn_bind *bind;
	int ret = -EAFNOSUPPORT;

	skb->dev = peer->ovpn->dev;
	skb->mark = READ_ONCE(sk->sk_mark);
	skb->priority = READ_ONCE(sk->sk_priority);

	rcu_read_lock();
	bind = rcu_dereference(peer->bind);
	if (unlikely(!bind)) {
		ret = -ENOTCONN;
		goto out;
	}

	switch (bind->remote.in4.sin_family) {
	case AF_INET:
		ret = ovpn_udp4_output(peer, bind, sk, skb);
		break;
#if IS_ENABLED(CONFIG_IPV6)
	case AF_INET6:
		ret = ovpn_udp6_output(peer, bind, sk, skb);
		break;
#endif
	}
out:
	rcu_read_unlock();
	if (unlikely(ret)) {
		dev_core_stats_tx_dropped_inc(peer->ovpn->dev);
		kfree_skb(skb);
	}
	return ret;
}
