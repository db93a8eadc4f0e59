// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * KUnit tests of the MSS clamp: which packets are SYNs with options,
 * how the MSS option is found and lowered, that the TCP checksum stays
 * valid, and that malformed options leave the packet as it was.
 */

#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/unaligned.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "../mss.h"

#define OVPN_MSS_TEST_HEADROOM	32

/* TCP options of a Linux SYN: MSS 1460, SACK permitted, timestamps,
 * NOP, window scale 7
 */
static const u8 ovpn_mss_linux_opts[] = {
	TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0xb4,
	TCPOPT_SACK_PERM, TCPOLEN_SACK_PERM,
	TCPOPT_TIMESTAMP, TCPOLEN_TIMESTAMP, 0, 0, 0, 1, 0, 0, 0, 0,
	TCPOPT_NOP,
	TCPOPT_WINDOW, TCPOLEN_WINDOW, 7,
};

/* the same, MSS after the others */
static const u8 ovpn_mss_late_opts[] = {
	TCPOPT_NOP, TCPOPT_NOP,
	TCPOPT_TIMESTAMP, TCPOLEN_TIMESTAMP, 0, 0, 0, 1, 0, 0, 0, 0,
	TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0xb4,
};

/* an option of length 0 before the MSS: the walk must stop there */
static const u8 ovpn_mss_zero_len_opts[] = {
	TCPOPT_WINDOW, 0, TCPOPT_NOP, TCPOPT_NOP,
	TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0xb4,
};

/* an MSS option that runs past the header */
static const u8 ovpn_mss_truncated_opts[] = {
	TCPOPT_NOP, TCPOPT_NOP, TCPOPT_NOP, TCPOPT_NOP,
	TCPOPT_NOP, TCPOPT_NOP, TCPOPT_MSS, TCPOLEN_MSS,
};

/* the end of the options before the MSS */
static const u8 ovpn_mss_eol_opts[] = {
	TCPOPT_EOL, 0, 0, 0,
	TCPOPT_MSS, TCPOLEN_MSS, 0x05, 0xb4,
};

struct ovpn_mss_pkt {
	bool ipv6;
	bool hop_by_hop;	/* IPv6: a hop-by-hop header before TCP */
	bool fragment;		/* IPv4: a second fragment */
	u8 flags;		/* TCP flags */
	const u8 *opts;
	unsigned int opts_len;	/* a multiple of 4 */
};

KUNIT_DEFINE_ACTION_WRAPPER(ovpn_mss_test_free, kfree_skb, struct sk_buff *);

/* build @p with a valid TCP checksum; returns the offset of TCP */
static struct sk_buff *ovpn_mss_test_skb(struct kunit *test,
					 const struct ovpn_mss_pkt *p,
					 unsigned int *thoff)
{
	unsigned int tcplen = sizeof(struct tcphdr) + p->opts_len;
	unsigned int nhlen = p->ipv6 ? sizeof(struct ipv6hdr) +
			     (p->hop_by_hop ? 8 : 0) : sizeof(struct iphdr);
	struct sk_buff *skb;
	struct tcphdr *th;
	u8 *nh;

	skb = alloc_skb(OVPN_MSS_TEST_HEADROOM + nhlen + tcplen, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							ovpn_mss_test_free,
							skb), 0);
	skb_reserve(skb, OVPN_MSS_TEST_HEADROOM);
	skb_reset_network_header(skb);
	nh = skb_put_zero(skb, nhlen + tcplen);
	th = (struct tcphdr *)(nh + nhlen);

	th->source = htons(40000);
	th->dest = htons(5201);
	th->seq = htonl(1);
	th->doff = tcplen / 4;
	((u8 *)th)[13] = p->flags;
	th->window = htons(64240);
	memcpy(th + 1, p->opts, p->opts_len);

	if (p->ipv6) {
		struct ipv6hdr *ip6 = (struct ipv6hdr *)nh;

		skb->protocol = htons(ETH_P_IPV6);
		ip6->version = 6;
		ip6->payload_len = htons(nhlen - sizeof(*ip6) + tcplen);
		ip6->nexthdr = p->hop_by_hop ? NEXTHDR_HOP : IPPROTO_TCP;
		ip6->hop_limit = 64;
		ipv6_addr_set(&ip6->saddr, htonl(0x20010db8), 0, 0, htonl(1));
		ipv6_addr_set(&ip6->daddr, htonl(0x20010db8), 0, 0, htonl(2));
		if (p->hop_by_hop) {
			/* next header TCP, length 0 (8 bytes), PadN */
			nh[sizeof(*ip6)] = IPPROTO_TCP;
			nh[sizeof(*ip6) + 2] = IPV6_TLV_PADN;
			nh[sizeof(*ip6) + 3] = 4;
		}
		th->check = csum_ipv6_magic(&ip6->saddr, &ip6->daddr, tcplen,
					    IPPROTO_TCP,
					    csum_partial(th, tcplen, 0));
	} else {
		struct iphdr *iph = (struct iphdr *)nh;

		skb->protocol = htons(ETH_P_IP);
		iph->version = 4;
		iph->ihl = 5;
		iph->tot_len = htons(nhlen + tcplen);
		iph->ttl = 64;
		iph->protocol = IPPROTO_TCP;
		iph->saddr = htonl(0xc6120101);
		iph->daddr = htonl(0xc6130002);
		if (p->fragment)
			iph->frag_off = htons(185);
		iph->check = ip_fast_csum(iph, iph->ihl);
		th->check = csum_tcpudp_magic(iph->saddr, iph->daddr, tcplen,
					      IPPROTO_TCP,
					      csum_partial(th, tcplen, 0));
	}

	*thoff = nhlen;
	return skb;
}

/* is the TCP checksum of @skb valid */
static bool ovpn_mss_test_csum_ok(struct sk_buff *skb, unsigned int thoff)
{
	unsigned int tcplen = skb->len - thoff;
	const void *th = skb->data + thoff;

	if (skb->protocol == htons(ETH_P_IPV6))
		return !csum_ipv6_magic(&ipv6_hdr(skb)->saddr,
					&ipv6_hdr(skb)->daddr, tcplen,
					IPPROTO_TCP,
					csum_partial(th, tcplen, 0));
	return !csum_tcpudp_magic(ip_hdr(skb)->saddr, ip_hdr(skb)->daddr,
				  tcplen, IPPROTO_TCP,
				  csum_partial(th, tcplen, 0));
}

/* the MSS of the option at @off into the options, after a rewrite */
static u16 ovpn_mss_test_mss(struct sk_buff *skb, unsigned int thoff,
			     unsigned int off)
{
	return get_unaligned_be16(skb->data + thoff + sizeof(struct tcphdr) +
				  off + 2);
}

/* a SYN whose option is lowered, or not: the option's offset into the
 * options, the MSS asked for and the MSS the option must have after
 */
struct ovpn_mss_case {
	const char *name;
	struct ovpn_mss_pkt pkt;
	unsigned int opt_off;
	u16 mss;
	u16 result;
};

static const struct ovpn_mss_case ovpn_mss_cases[] = {
	{
		.name = "IPv4 SYN",
		.pkt = { .flags = TCPHDR_SYN, .opts = ovpn_mss_linux_opts,
			 .opts_len = sizeof(ovpn_mss_linux_opts) },
		.mss = 1308, .result = 1308,
	}, {
		.name = "IPv4 SYN-ACK, MSS after other options",
		.pkt = { .flags = TCPHDR_SYN | TCPHDR_ACK,
			 .opts = ovpn_mss_late_opts,
			 .opts_len = sizeof(ovpn_mss_late_opts) },
		.opt_off = 12, .mss = 1000, .result = 1000,
	}, {
		.name = "IPv6 SYN behind a hop-by-hop header",
		.pkt = { .ipv6 = true, .hop_by_hop = true, .flags = TCPHDR_SYN,
			 .opts = ovpn_mss_linux_opts,
			 .opts_len = sizeof(ovpn_mss_linux_opts) },
		.mss = 1288, .result = 1288,
	}, {
		.name = "IPv4 SYN asking for as much",
		.pkt = { .flags = TCPHDR_SYN, .opts = ovpn_mss_linux_opts,
			 .opts_len = sizeof(ovpn_mss_linux_opts) },
		.mss = 1460, .result = 1460,
	}, {
		.name = "IPv6 SYN asking for less",
		.pkt = { .ipv6 = true, .flags = TCPHDR_SYN,
			 .opts = ovpn_mss_linux_opts,
			 .opts_len = sizeof(ovpn_mss_linux_opts) },
		.mss = 9000, .result = 1460,
	},
};

KUNIT_ARRAY_PARAM_DESC(ovpn_mss, ovpn_mss_cases, name);

static void ovpn_mss_test_rewrite(struct kunit *test)
{
	const struct ovpn_mss_case *c = test->param_value;
	unsigned int thoff, iphlen;
	struct sk_buff *skb;

	skb = ovpn_mss_test_skb(test, &c->pkt, &thoff);
	KUNIT_ASSERT_EQ(test, ovpn_mss_syn_offset(skb, &iphlen), thoff);
	KUNIT_EXPECT_EQ(test, iphlen, c->pkt.ipv6 ? sizeof(struct ipv6hdr) :
						  sizeof(struct iphdr));
	KUNIT_EXPECT_EQ(test, ovpn_mss_rewrite(skb, thoff, c->mss),
			c->result != 1460);
	KUNIT_EXPECT_EQ(test, ovpn_mss_test_mss(skb, thoff, c->opt_off),
			c->result);
	KUNIT_EXPECT_TRUE(test, ovpn_mss_test_csum_ok(skb, thoff));
	/* a second pass has nothing to lower */
	KUNIT_EXPECT_FALSE(test, ovpn_mss_rewrite(skb, thoff, c->mss));
}

/* packets that are no SYN with options are not looked into further */
static void ovpn_mss_test_not_syn(struct kunit *test)
{
	static const struct ovpn_mss_pkt pkts[] = {
		{ .flags = TCPHDR_ACK, .opts = ovpn_mss_linux_opts,
		  .opts_len = sizeof(ovpn_mss_linux_opts) },
		{ .flags = TCPHDR_SYN },
		{ .ipv6 = true, .flags = TCPHDR_SYN },
		{ .fragment = true, .flags = TCPHDR_SYN,
		  .opts = ovpn_mss_linux_opts,
		  .opts_len = sizeof(ovpn_mss_linux_opts) },
	};
	unsigned int i, thoff, iphlen;
	struct sk_buff *skb;

	for (i = 0; i < ARRAY_SIZE(pkts); i++) {
		skb = ovpn_mss_test_skb(test, &pkts[i], &thoff);
		KUNIT_EXPECT_EQ_MSG(test, ovpn_mss_syn_offset(skb, &iphlen), 0,
				    "packet %u", i);
	}

	/* not TCP at all */
	skb = ovpn_mss_test_skb(test, &pkts[1], &thoff);
	ip_hdr(skb)->protocol = IPPROTO_UDP;
	KUNIT_EXPECT_EQ(test, ovpn_mss_syn_offset(skb, &iphlen), 0);
	/* a truncated IP header */
	skb = ovpn_mss_test_skb(test, &pkts[1], &thoff);
	skb_trim(skb, sizeof(struct iphdr) - 1);
	KUNIT_EXPECT_EQ(test, ovpn_mss_syn_offset(skb, &iphlen), 0);
	/* a TCP header cut short */
	skb = ovpn_mss_test_skb(test, &pkts[0], &thoff);
	skb_trim(skb, thoff + sizeof(struct tcphdr) - 1);
	KUNIT_EXPECT_EQ(test, ovpn_mss_syn_offset(skb, &iphlen), 0);
}

/* malformed options stop the walk and leave the packet as it was */
static void ovpn_mss_test_malformed(struct kunit *test)
{
	static const struct {
		const u8 *opts;
		unsigned int len;
	} cases[] = {
		{ ovpn_mss_zero_len_opts, sizeof(ovpn_mss_zero_len_opts) },
		{ ovpn_mss_truncated_opts, sizeof(ovpn_mss_truncated_opts) },
		{ ovpn_mss_eol_opts, sizeof(ovpn_mss_eol_opts) },
	};
	struct ovpn_mss_pkt p = { .flags = TCPHDR_SYN };
	unsigned int i, thoff, iphlen;
	struct sk_buff *skb;
	u8 before[64];

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		p.opts = cases[i].opts;
		p.opts_len = cases[i].len;
		skb = ovpn_mss_test_skb(test, &p, &thoff);
		KUNIT_ASSERT_LE(test, skb->len, sizeof(before));
		memcpy(before, skb->data, skb->len);
		KUNIT_ASSERT_EQ(test, ovpn_mss_syn_offset(skb, &iphlen), thoff);
		KUNIT_EXPECT_FALSE_MSG(test, ovpn_mss_rewrite(skb, thoff, 536),
				       "case %u", i);
		KUNIT_EXPECT_MEMEQ_MSG(test, skb->data, before, skb->len,
				       "case %u", i);
	}
}

/* a clone is rewritten in a copy of the header: the original stays */
static void ovpn_mss_test_clone(struct kunit *test)
{
	const struct ovpn_mss_pkt p = {
		.flags = TCPHDR_SYN,
		.opts = ovpn_mss_linux_opts,
		.opts_len = sizeof(ovpn_mss_linux_opts),
	};
	unsigned int thoff, iphlen;
	struct sk_buff *skb, *clone;

	skb = ovpn_mss_test_skb(test, &p, &thoff);
	clone = skb_clone(skb, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, clone);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							ovpn_mss_test_free,
							clone), 0);
	KUNIT_ASSERT_EQ(test, ovpn_mss_syn_offset(clone, &iphlen), thoff);
	KUNIT_EXPECT_TRUE(test, ovpn_mss_rewrite(clone, thoff, 1308));
	KUNIT_EXPECT_EQ(test, ovpn_mss_test_mss(clone, thoff, 0), 1308);
	KUNIT_EXPECT_EQ(test, ovpn_mss_test_mss(skb, thoff, 0), 1460);
	KUNIT_EXPECT_TRUE(test, ovpn_mss_test_csum_ok(clone, thoff));
	KUNIT_EXPECT_TRUE(test, ovpn_mss_test_csum_ok(skb, thoff));
}

static struct kunit_case ovpn_mss_test_cases[] = {
	KUNIT_CASE_PARAM(ovpn_mss_test_rewrite, ovpn_mss_gen_params),
	KUNIT_CASE(ovpn_mss_test_not_syn),
	KUNIT_CASE(ovpn_mss_test_malformed),
	KUNIT_CASE(ovpn_mss_test_clone),
	{}
};

static struct kunit_suite ovpn_mss_test_suite = {
	.name = "ovpn_mss",
	.test_cases = ovpn_mss_test_cases,
};

kunit_test_suite(ovpn_mss_test_suite);
