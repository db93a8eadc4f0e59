// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The data path: encrypt and send what the stack routes to the device,
 * decrypt and deliver what arrives from the transport.
 */

#include <linux/icmp.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/unaligned.h>
#include <net/gro_cells.h>
#include <net/gso.h>
#include <net/ip.h>
#include <net/ndisc.h>

#include "crypto.h"
#include "crypto_aead.h"
#include "io.h"
#include "mss.h"
#include "netlink-core.h"
#include "ovpnpriv.h"
#include "peer.h"
#include "peerlookup.h"
#include "proto.h"
#include "skb.h"
#include "socket.h"
#include "tcp.h"
#include "udp.h"

static const u8 ovpn_keepalive_message[OVPN_KEEPALIVE_SIZE] =
	OVPN_KEEPALIVE_MESSAGE;

/**
 * ovpn_ip_check_protocol - find the IP version of a packet
 * @skb: the packet, IP header at skb->data
 *
 * Return: the ethertype of a complete enough IPv4/IPv6 header, or 0
 */
static __be16 ovpn_ip_check_protocol(struct sk_buff *skb)
{
	__be16 proto = 0;

	if (unlikely(!pskb_may_pull(skb, 1)))
		return 0;

	switch (((struct iphdr *)skb->data)->version) {
	case 4:
		if (pskb_may_pull(skb, sizeof(struct iphdr)))
			proto = htons(ETH_P_IP);
		break;
	case 6:
		if (pskb_may_pull(skb, sizeof(struct ipv6hdr)))
			proto = htons(ETH_P_IPV6);
		break;
	}
	return proto;
}

/* after decryption: replay check, proof of life, delivery */
static void ovpn_decrypt_post(struct sk_buff *skb, int ret)
{
	struct ovpn_crypto_key_slot *ks = ovpn_skb_cb(skb)->ks;
	struct ovpn_peer *peer = ovpn_skb_cb(skb)->peer;
	struct net_device *dev = peer->ovpn->dev;
	unsigned int len;

	if (unlikely(ret)) {
		net_dbg_ratelimited("%s: decrypting packet of peer %u failed: %d\n",
				    netdev_name(dev), peer->id, ret);
		goto drop;
	}

	/* only now is the packet id authentic */
	ret = ovpn_pktid_recv_check(&ks->pid_recv, ovpn_skb_cb(skb)->pktid);
	if (unlikely(ret)) {
		net_dbg_ratelimited("%s: replayed or too old packet id %u from peer %u: %d\n",
				    netdev_name(dev), ovpn_skb_cb(skb)->pktid,
				    peer->id, ret);
		goto drop;
	}

	WRITE_ONCE(peer->last_recv, ktime_get_boottime_seconds());
	ovpn_peer_stat_add(&peer->link_stats.rx, skb->len + OVPN_HEAD_SIZE);

	/* an authentic packet from a new endpoint: the peer moved */
	ovpn_peer_float(peer, skb);

	if (ovpn_is_keepalive(skb)) {
		/* proof of life only, nothing to deliver */
		consume_skb(skb);
		goto out;
	}

	skb->protocol = ovpn_ip_check_protocol(skb);
	if (unlikely(!skb->protocol)) {
		net_dbg_ratelimited("%s: peer %u sent a non-IP payload\n",
				    netdev_name(dev), peer->id);
		goto drop;
	}

	/* the inner packet starts here; forget everything about the outer
	 * one (dst, conntrack, mark) and let the stack check checksums
	 */
	skb_scrub_packet(skb, true);
	/* and its GSO state: over TCP the packet was cut out of what TCP
	 * received, possibly a GRO aggregate whose gso_size (the outer
	 * MSS) would describe the inner packet as a train of outer-sized
	 * segments to the stack. The decryption made the shared info ours.
	 */
	skb_gso_reset(skb);
	skb->dev = dev;
	skb->ip_summed = CHECKSUM_NONE;
	skb->pkt_type = PACKET_HOST;
	skb_reset_mac_header(skb);
	skb_reset_network_header(skb);
	skb_reset_transport_header(skb);
	skb_probe_transport_header(skb);

	if (unlikely(!ovpn_peer_check_src(peer, skb))) {
		net_dbg_ratelimited("%s: peer %u sent a packet from an address not routed to it\n",
				    netdev_name(dev), peer->id);
		goto drop;
	}
	/* segments the stack here sends back must fit the peer's path */
	ovpn_mss_clamp(peer, skb);

	len = skb->len;
	ovpn_peer_stat_add(&peer->vpn_stats.rx, len);
	/* a packet GRO cells (or the backlog behind them) refuse is
	 * counted there, in rx_dropped
	 */
	if (likely(gro_cells_receive(&peer->ovpn->gro_cells, skb) ==
		   NET_RX_SUCCESS))
		dev_sw_netstats_rx_add(dev, len);
	goto out;

drop:
	dev_core_stats_rx_dropped_inc(dev);
	kfree_skb(skb);
out:
	ovpn_crypto_key_slot_put(ks);
	ovpn_peer_put(peer);
}

/**
 * ovpn_recv - decrypt and deliver a data packet of a peer
 * @peer: the peer the packet belongs to, with a reference the function
 *	  takes over
 * @skb: the OpenVPN packet, starting with its opcode
 */
void ovpn_recv(struct ovpn_peer *peer, struct sk_buff *skb)
{
	struct ovpn_crypto_key_slot *ks;
	u8 key_id;
	int ret;

	/* the transport made sure the first word is in the linear area */
	key_id = ovpn_key_id_from_word(get_unaligned_be32(skb->data));
	ks = ovpn_crypto_key_id_to_slot(&peer->crypto, key_id);
	if (unlikely(!ks)) {
		net_dbg_ratelimited("%s: no key with id %u for peer %u\n",
				    netdev_name(peer->ovpn->dev), key_id,
				    peer->id);
		dev_core_stats_rx_dropped_inc(peer->ovpn->dev);
		kfree_skb(skb);
		ovpn_peer_put(peer);
		return;
	}

	ovpn_skb_cb(skb)->peer = peer;
	ovpn_skb_cb(skb)->ks = ks;
	ret = ovpn_aead_decrypt(ks, skb, ovpn_decrypt_post);
	if (ret != -EINPROGRESS)
		ovpn_decrypt_post(skb, ret);
}

/* hand an encrypted packet to the transport, which consumes it
 *
 * Return: 0 if it was sent (or queued to be), else the packet was
 * dropped and counted
 */
static int ovpn_transport_send(struct ovpn_peer *peer, struct sk_buff *skb)
{
	struct ovpn_socket *sock;
	int ret;

	rcu_read_lock();
	sock = rcu_dereference(peer->sock);
	if (unlikely(!sock)) {
		rcu_read_unlock();
		dev_core_stats_tx_dropped_inc(peer->ovpn->dev);
		kfree_skb(skb);
		return -ENOTCONN;
	}
	if (sock->sk->sk_protocol == IPPROTO_TCP)
		ret = ovpn_tcp_send_skb(sock, skb);
	else
		ret = ovpn_udp_send_skb(peer, sock->sk, skb);
	rcu_read_unlock();

	return ret;
}

/* after encryption: hand the packet to the transport; a packet counts
 * as sent only once the transport took it
 */
static void ovpn_encrypt_post(struct sk_buff *skb, int ret)
{
	struct ovpn_crypto_key_slot *ks = ovpn_skb_cb(skb)->ks;
	struct ovpn_peer *peer = ovpn_skb_cb(skb)->peer;
	bool keepalive = ovpn_skb_cb(skb)->keepalive;
	struct net_device *dev = peer->ovpn->dev;
	unsigned int len = skb->len;

	if (unlikely(ret == -ERANGE)) {
		/* the key's packet ids are used up: it must never encrypt
		 * again, and userspace has to negotiate a new one
		 */
		if (ovpn_crypto_kill_key(&peer->crypto, ks)) {
			net_info_ratelimited("%s: packet ids of key %u of peer %u exhausted\n",
					     netdev_name(dev), ks->key_id,
					     peer->id);
			ovpn_nl_notify_key_swap(peer, ks->key_id);
		}
	}
	if (unlikely(ret)) {
		dev_core_stats_tx_dropped_inc(dev);
		kfree_skb(skb);
		goto out;
	}

	if (likely(!ovpn_transport_send(peer, skb))) {
		ovpn_peer_stat_add(&peer->link_stats.tx, len);
		WRITE_ONCE(peer->last_sent, ktime_get_boottime_seconds());
		/* a keepalive is no tunnelled traffic */
		if (!keepalive) {
			ovpn_peer_stat_add(&peer->vpn_stats.tx,
					   len - OVPN_HEAD_SIZE);
			dev_sw_netstats_tx_add(dev, 1, len - OVPN_HEAD_SIZE);
		}
	}
out:
	ovpn_crypto_key_slot_put(ks);
	ovpn_peer_put(peer);
}

/* encrypt one packet for @peer; consumes @skb */
static void ovpn_encrypt_one(struct ovpn_peer *peer, struct sk_buff *skb,
			     bool keepalive)
{
	struct ovpn_crypto_key_slot *ks;
	int ret;

	ks = ovpn_crypto_key_slot_primary(&peer->crypto);
	if (unlikely(!ks)) {
		net_dbg_ratelimited("%s: no key to encrypt for peer %u\n",
				    netdev_name(peer->ovpn->dev), peer->id);
		goto drop;
	}

	/* the crypto may complete asynchronously: hold the peer until then */
	if (unlikely(!ovpn_peer_hold(peer))) {
		ovpn_crypto_key_slot_put(ks);
		goto drop;
	}

	ovpn_skb_cb(skb)->peer = peer;
	ovpn_skb_cb(skb)->ks = ks;
	ovpn_skb_cb(skb)->keepalive = keepalive;
	ret = ovpn_aead_encrypt(ks, skb, peer->tx_id, ovpn_encrypt_post);
	if (ret != -EINPROGRESS)
		ovpn_encrypt_post(skb, ret);
	return;

drop:
	dev_core_stats_tx_dropped_inc(peer->ovpn->dev);
	kfree_skb(skb);
}

/* Is this an ICMP or ICMPv6 redirect? The peers of a multi-peer device
 * reach each other only through it, but when the stack forwards a
 * packet back out of the device it came in on, it tells the sender to
 * use the next hop directly: a redirect no peer can act on. No setting
 * of the device prevents it (IPv4's send_redirects is ORed with the
 * "all" one, IPv6 has none), so the device does not send them.
 */
static bool ovpn_is_redirect(struct sk_buff *skb)
{
	unsigned int off;
	u8 *type;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		if (ip_hdr(skb)->protocol != IPPROTO_ICMP)
			return false;
		off = ip_hdrlen(skb);
		if (!pskb_may_pull(skb, off + sizeof(*type)))
			return false;
		type = skb->data + off;
		return *type == ICMP_REDIRECT;
	case htons(ETH_P_IPV6):
		/* neighbour discovery packets carry no extension headers */
		if (ipv6_hdr(skb)->nexthdr != IPPROTO_ICMPV6)
			return false;
		off = sizeof(struct ipv6hdr);
		if (!pskb_may_pull(skb, off + sizeof(*type)))
			return false;
		type = skb->data + off;
		return *type == NDISC_REDIRECT;
	}
	return false;
}

/**
 * ovpn_net_xmit - send a packet the stack routed to the device
 * @skb: the inner IP packet (possibly GSO)
 * @dev: the ovpn device
 *
 * Return: always NETDEV_TX_OK; what cannot be sent is dropped and counted
 */
netdev_tx_t ovpn_net_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct ovpn_priv *ovpn = netdev_priv(dev);
	struct sk_buff *segments, *curr, *next;
	struct ovpn_peer *peer;
	__be16 proto;

	/* the inner packet is about to become payload */
	nf_reset_ct(skb);

	proto = ovpn_ip_check_protocol(skb);
	if (unlikely(!proto || skb->protocol != proto)) {
		net_dbg_ratelimited("%s: dropping a non-IP packet\n",
				    netdev_name(dev));
		goto drop;
	}
	skb_reset_network_header(skb);

	if (ovpn->mode == OVPN_MODE_MP && unlikely(ovpn_is_redirect(skb)))
		goto drop;

	peer = ovpn_peer_get_tx(ovpn, skb);
	if (unlikely(!peer)) {
		net_dbg_ratelimited("%s: no peer to send to\n",
				    netdev_name(dev));
		goto drop;
	}
	/* the inner route chose the peer; the packet leaves by the
	 * transport's own route
	 */
	skb_dst_drop(skb);

	if (skb_is_gso(skb)) {
		segments = skb_gso_segment(skb, 0);
		if (IS_ERR_OR_NULL(segments)) {
			net_dbg_ratelimited("%s: cannot segment packet: %ld\n",
					    netdev_name(dev),
					    PTR_ERR(segments));
			ovpn_peer_put(peer);
			goto drop;
		}
		consume_skb(skb);
		skb = segments;
	}

	skb_list_walk_safe(skb, curr, next) {
		skb_mark_not_on_list(curr);
		curr = skb_share_check(curr, GFP_ATOMIC);
		if (unlikely(!curr)) {
			dev_core_stats_tx_dropped_inc(dev);
			continue;
		}
		ovpn_mss_clamp(peer, curr);
		/* checksums are part of the payload that gets encrypted */
		if (curr->ip_summed == CHECKSUM_PARTIAL &&
		    unlikely(skb_checksum_help(curr))) {
			dev_core_stats_tx_dropped_inc(dev);
			kfree_skb(curr);
			continue;
		}
		ovpn_encrypt_one(peer, curr, false);
	}

	ovpn_peer_put(peer);
	return NETDEV_TX_OK;

drop:
	dev_core_stats_tx_dropped_inc(dev);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

/**
 * ovpn_xmit_keepalive - send the keepalive message to a peer
 * @peer: the peer
 */
void ovpn_xmit_keepalive(struct ovpn_peer *peer)
{
	struct net_device *dev = peer->ovpn->dev;
	struct sk_buff *skb;

	skb = alloc_skb(LL_MAX_HEADER + dev->needed_headroom +
			OVPN_KEEPALIVE_SIZE, GFP_ATOMIC);
	if (unlikely(!skb)) {
		dev_core_stats_tx_dropped_inc(dev);
		return;
	}
	skb_reserve(skb, LL_MAX_HEADER + dev->needed_headroom);
	skb_put_data(skb, ovpn_keepalive_message, OVPN_KEEPALIVE_SIZE);
	skb->dev = dev;
	ovpn_encrypt_one(peer, skb, true);
}
