// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * Clamping the MSS of TCP connections through the tunnel to the path of
 * their peer. With data channel offload no packet passes through
 * userspace OpenVPN, so its --mssfix cannot work; the driver knows what
 * userspace had to guess: the transport of the peer, the overhead of
 * its encapsulation and the MTU of its outer route. The MSS option of
 * every TCP SYN and SYN-ACK the device sends or receives is lowered so
 * that a full segment, once encapsulated, fits that route:
 *
 *   MSS <= min(device MTU, outer path MTU - overhead of the peer)
 *          - inner IP header - TCP header
 *
 * The path MTU is read from the outer route at each SYN, so a lowered
 * route MTU (or a learnt PMTU) is followed by the next connection. On by
 * default, as userspace OpenVPN's --mssfix is; the ethtool private flag
 * "mss-clamp" turns it off.
 */

#include <kunit/visibility.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/unaligned.h>
#include <net/checksum.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "bind.h"
#include "mss.h"
#include "ovpnpriv.h"
#include "peer.h"
#include "proto.h"
#include "socket.h"
#include "tcp.h"
#include "udp.h"

/**
 * ovpn_mss_path_payload - the largest packet a peer's path carries inside
 * @peer: the peer
 *
 * Return: the outer path MTU less the encapsulation overhead of the
 * peer's transport, or 0 if there is no route (or no transport) to it
 */
static unsigned int ovpn_mss_path_payload(struct ovpn_peer *peer)
{
	unsigned int mtu = 0, overhead = OVPN_HEAD_SIZE;
	struct ovpn_bind *bind;
	struct ovpn_socket *sock;
	struct sock *sk;

	rcu_read_lock();
	sock = rcu_dereference(peer->sock);
	if (!sock)
		goto out;
	sk = sock->sk;

	if (sk->sk_protocol == IPPROTO_TCP) {
		mtu = ovpn_tcp_path_mtu(sk);
		overhead += OVPN_TCP_PREFIX_SIZE + sizeof(struct tcphdr);
		overhead += sk->sk_family == AF_INET6 &&
			    !ipv6_addr_v4mapped(&sk->sk_v6_daddr) ?
			    sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	} else {
		bind = rcu_dereference(peer->bind);
		if (!bind)
			goto out;
		mtu = ovpn_udp_path_mtu(peer, bind, sk);
		overhead += sizeof(struct udphdr);
		overhead += bind->remote.in4.sin_family == AF_INET ?
			    sizeof(struct iphdr) : sizeof(struct ipv6hdr);
	}
out:
	rcu_read_unlock();
	return mtu > overhead ? mtu - overhead : 0;
}

/**
 * ovpn_mss_syn_offset - find the TCP header of a SYN with options
 * @skb: an inner IP packet, network header set
 * @iphlen: where to store the size of the fixed inner IP header
 *
 * Return: the offset of the TCP header from skb->data, or 0 if @skb is
 * not a TCP SYN (or SYN-ACK) with options, or a fragment that is not
 * the first one
 */
VISIBLE_IF_KUNIT
unsigned int ovpn_mss_syn_offset(struct sk_buff *skb, unsigned int *iphlen)
{
	unsigned int nhoff = skb_network_offset(skb), thoff;
	const struct tcphdr *th;
	const struct iphdr *iph;
	__be16 frag_off;
	u8 nexthdr;
	int off;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		if (!pskb_may_pull(skb, nhoff + sizeof(*iph)))
			return 0;
		iph = (const struct iphdr *)(skb->data + nhoff);
		if (iph->protocol != IPPROTO_TCP || ip_is_fragment(iph) ||
		    iph->ihl < 5)
			return 0;
		thoff = nhoff + iph->ihl * 4;
		*iphlen = sizeof(struct iphdr);
		break;
	case htons(ETH_P_IPV6):
		if (!pskb_may_pull(skb, nhoff + sizeof(struct ipv6hdr)))
			return 0;
		nexthdr = ipv6_hdr(skb)->nexthdr;
		off = ipv6_skip_exthdr(skb, nhoff + sizeof(struct ipv6hdr),
				       &nexthdr, &frag_off);
		if (off < 0 || nexthdr != IPPROTO_TCP ||
		    (frag_off & htons(~0x7)))
			return 0;
		thoff = off;
		*iphlen = sizeof(struct ipv6hdr);
		break;
	default:
		return 0;
	}

	if (!pskb_may_pull(skb, thoff + sizeof(*th)))
		return 0;
	th = (const struct tcphdr *)(skb->data + thoff);
	if (!th->syn || th->doff * 4 <= sizeof(*th))
		return 0;
	return thoff;
}

/**
 * ovpn_mss_rewrite - lower the MSS option of a SYN
 * @skb: the packet
 * @thoff: the offset of its TCP header, from ovpn_mss_syn_offset()
 * @mss: the largest MSS the option may ask for
 *
 * Malformed options end the walk, leaving the packet as it was.
 *
 * Return: true if the option asked for more and was lowered
 */
VISIBLE_IF_KUNIT
bool ovpn_mss_rewrite(struct sk_buff *skb, unsigned int thoff, u16 mss)
{
	unsigned int optlen, i, len;
	struct tcphdr *th;
	u16 old;
	u8 *opt;

	th = (struct tcphdr *)(skb->data + thoff);
	optlen = th->doff * 4 - sizeof(*th);
	if (skb_ensure_writable(skb, thoff + sizeof(*th) + optlen))
		return false;
	th = (struct tcphdr *)(skb->data + thoff);
	opt = (u8 *)(th + 1);

	for (i = 0; i < optlen; i += len) {
		if (opt[i] == TCPOPT_EOL)
			break;
		if (opt[i] == TCPOPT_NOP) {
			len = 1;
			continue;
		}
		if (i + 1 >= optlen)
			break;
		len = opt[i + 1];
		if (len < 2 || i + len > optlen)
			break;
		if (opt[i] != TCPOPT_MSS || len != TCPOLEN_MSS)
			continue;

		old = get_unaligned_be16(&opt[i + 2]);
		if (old <= mss)
			return false;
		put_unaligned_be16(mss, &opt[i + 2]);
		inet_proto_csum_replace2(&th->check, skb, htons(old),
					 htons(mss), false);
		return true;
	}
	return false;
}

/**
 * ovpn_mss_clamp - clamp the MSS of a TCP SYN to its peer's path
 * @peer: the peer the packet goes to or comes from
 * @skb: an inner IP packet, network header set, not shared
 *
 * Packets that are not TCP SYNs, SYNs without the option and SYNs that
 * ask for less pass untouched. Any context.
 */
void ovpn_mss_clamp(struct ovpn_peer *peer, struct sk_buff *skb)
{
	struct ovpn_priv *ovpn = peer->ovpn;
	unsigned int thoff, iphlen, mtu, path;
	u16 mss;

	if (!READ_ONCE(ovpn->mss_clamp))
		return;

	thoff = ovpn_mss_syn_offset(skb, &iphlen);
	if (!thoff)
		return;

	mtu = READ_ONCE(ovpn->dev->mtu);
	path = ovpn_mss_path_payload(peer);
	if (path)
		mtu = min(mtu, path);
	if (mtu <= iphlen + sizeof(struct tcphdr))
		return;

	mss = min(mtu - iphlen - sizeof(struct tcphdr), 0xffffU);
	if (ovpn_mss_rewrite(skb, thoff, mss))
		atomic64_inc(&ovpn->mss_clamped);
}
