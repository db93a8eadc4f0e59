// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - the wire: inject and capture
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * inject forges a UDP packet from any address and port on a raw IP socket;
 * capture prints the UDP payloads a packet socket sees to or from a port,
 * maybe of one opcode only.
 */

#define _GNU_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/udp.h>
#include <netpacket/packet.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/if_ether.h>

#include "ovpn-cli.h"

#define OVPN_OP_SHIFT		3

/* ones' complement sum of big endian 16-bit words */
static __u32 csum_add(__u32 sum, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (; len > 1; p += 2, len -= 2)
		sum += p[0] << 8 | p[1];
	if (len)
		sum += p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

static __u16 csum_fold(__u32 sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

/* an IP header and a UDP header in front of PAYLOAD; returns the length */
static size_t build_udp(unsigned char *pkt, const struct endpoint *from,
			const struct endpoint *to, const struct blob *payload)
{
	__u16 ulen = sizeof(struct udphdr) + payload->len, check;
	struct udphdr uh = {
		.source = htons(from->port),
		.dest = htons(to->port),
		.len = htons(ulen),
	};
	struct ip6_hdr ip6 = {};
	struct iphdr ip = {};
	__u8 pseudo[8] = {};
	size_t hl;
	__u32 sum;

	if (from->family == AF_INET) {
		hl = sizeof(ip);
		ip.version = 4;
		ip.ihl = hl / 4;
		ip.ttl = 64;
		ip.protocol = IPPROTO_UDP;
		ip.tot_len = htons(hl + ulen);
		ip.saddr = from->a4.s_addr;
		ip.daddr = to->a4.s_addr;
		ip.check = htons(csum_fold(csum_add(0, &ip, hl)));
		memcpy(pkt, &ip, hl);
		sum = csum_add(0, &ip.saddr, 8);
		pseudo[1] = IPPROTO_UDP;
		pseudo[2] = ulen >> 8;
		pseudo[3] = ulen & 0xff;
		sum = csum_add(sum, pseudo, 4);
	} else {
		hl = sizeof(ip6);
		ip6.ip6_flow = htonl(6U << 28);
		ip6.ip6_plen = htons(ulen);
		ip6.ip6_nxt = IPPROTO_UDP;
		ip6.ip6_hlim = 64;
		ip6.ip6_src = from->a6;
		ip6.ip6_dst = to->a6;
		memcpy(pkt, &ip6, hl);
		sum = csum_add(0, &ip6.ip6_src, 32);
		pseudo[2] = ulen >> 8;
		pseudo[3] = ulen & 0xff;
		pseudo[7] = IPPROTO_UDP;
		sum = csum_add(sum, pseudo, 8);
	}
	sum = csum_add(sum, &uh, sizeof(uh));
	sum = csum_add(sum, payload->data, payload->len);
	check = csum_fold(sum);
	uh.check = htons(check ? check : 0xffff);
	memcpy(pkt + hl, &uh, sizeof(uh));
	if (payload->len)
		memcpy(pkt + hl + sizeof(uh), payload->data, payload->len);
	return hl + ulen;
}

int cmd_inject(struct cli *c)
{
	struct blob payload = {};
	struct sockaddr_storage ss;
	struct endpoint to = c->to;
	unsigned char *pkt = NULL;
	int fd = -1, rc = RC_USAGE;
	socklen_t sl;
	size_t len;

	if (!c->from.family || !c->to.family) {
		errorf("inject: needs --from ADDR:PORT and --to ADDR:PORT");
		goto out;
	}
	if (c->from.family != c->to.family) {
		errorf("inject: --from and --to of different families");
		goto out;
	}
	if (!parse_hex(c->args[0], &payload)) {
		errorf("inject: bad hex payload");
		goto out;
	}
	if (payload.len > 65535 - 60 - sizeof(struct udphdr)) {
		errorf("inject: payload too large");
		goto out;
	}
	rc = RC_FAIL;
	pkt = xmalloc(sizeof(struct ip6_hdr) + sizeof(struct udphdr) +
		      payload.len);
	len = build_udp(pkt, &c->from, &c->to, &payload);
	/* IPPROTO_RAW: we write the IP header ourselves, any source */
	fd = socket(c->to.family, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (fd < 0) {
		errorf("raw socket: %s", strerror(errno));
		goto out;
	}
	if (c->dev && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, c->dev,
				 strlen(c->dev)) < 0) {
		errorf("bind to %s: %s", c->dev, strerror(errno));
		goto out;
	}
	to.port = -1;
	ep_sockaddr(&to, to.family, &ss, &sl);
	if (sendto(fd, pkt, len, 0, (struct sockaddr *)&ss, sl) < 0) {
		errorf("inject: send: %s", strerror(errno));
		goto out;
	}
	rc = RC_OK;
out:
	if (fd >= 0)
		close(fd);
	free(pkt);
	blob_free(&payload);
	return rc;
}

struct udp_view {
	int family;
	const void *src, *dst;
	__u16 sport, dport;
	const unsigned char *data;
	size_t len;
};

/* the UDP datagram in an IP packet, if it is one (not a fragment) */
static bool udp_parse(const unsigned char *pkt, size_t len, __u16 proto,
		      struct udp_view *v)
{
	struct ip6_hdr ip6;
	struct udphdr uh;
	struct iphdr ip;
	size_t hl, tot, ulen;

	if (proto == ETH_P_IP && len >= sizeof(ip)) {
		memcpy(&ip, pkt, sizeof(ip));
		hl = ip.ihl * 4;
		tot = ntohs(ip.tot_len);
		if (ip.version != 4 || hl < sizeof(ip) ||
		    ip.protocol != IPPROTO_UDP ||
		    (ntohs(ip.frag_off) & (IP_MF | IP_OFFMASK)))
			return false;
		v->family = AF_INET;
		v->src = pkt + offsetof(struct iphdr, saddr);
		v->dst = pkt + offsetof(struct iphdr, daddr);
	} else if (proto == ETH_P_IPV6 && len >= sizeof(ip6)) {
		memcpy(&ip6, pkt, sizeof(ip6));
		hl = sizeof(ip6);
		tot = hl + ntohs(ip6.ip6_plen);
		if ((ip6.ip6_vfc >> 4) != 6 || ip6.ip6_nxt != IPPROTO_UDP)
			return false;
		v->family = AF_INET6;
		v->src = pkt + offsetof(struct ip6_hdr, ip6_src);
		v->dst = pkt + offsetof(struct ip6_hdr, ip6_dst);
	} else {
		return false;
	}
	if (tot > len || tot < hl + sizeof(uh))
		return false;
	memcpy(&uh, pkt + hl, sizeof(uh));
	ulen = ntohs(uh.len);
	if (ulen < sizeof(uh) || ulen > tot - hl)
		ulen = tot - hl;
	v->sport = ntohs(uh.source);
	v->dport = ntohs(uh.dest);
	v->data = pkt + hl + sizeof(uh);
	v->len = ulen - sizeof(uh);
	return true;
}

/* print the packet if it is wanted; true if it was */
static bool capture_one(const struct cli *c, const unsigned char *pkt,
			size_t len, const struct sockaddr_ll *sll)
{
	char from[EP_STR_LEN], to[EP_STR_LEN];
	struct udp_view v;

	/* loopback shows each packet twice: going out and coming in */
	if (sll->sll_pkttype == PACKET_OUTGOING &&
	    sll->sll_hatype == ARPHRD_LOOPBACK)
		return false;
	if (!udp_parse(pkt, len, ntohs(sll->sll_protocol), &v) ||
	    (v.sport != c->port && v.dport != c->port))
		return false;
	if (c->opcode >= 0 &&
	    (!v.len || v.data[0] >> OVPN_OP_SHIFT != c->opcode))
		return false;
	fmt_addr_port(from, sizeof(from), v.family, v.src, 0, v.sport);
	fmt_addr_port(to, sizeof(to), v.family, v.dst, 0, v.dport);
	printf("udp from=%s to=%s len=%zu hex=", from, to, v.len);
	print_hex(stdout, v.data, v.len);
	putchar('\n');
	return true;
}

static int capture_socket(const char *dev)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ALL),
	};
	int fd;

	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_ALL));
	if (fd < 0) {
		errorf("packet socket: %s", strerror(errno));
		return -1;
	}
	if (!dev)
		return fd;
	sll.sll_ifindex = if_nametoindex(dev);
	if (!sll.sll_ifindex ||
	    bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		errorf("capture on %s: %s", dev, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

int cmd_capture(struct cli *c)
{
	struct runner rn = { .sfd = -1 };
	unsigned char *buf = NULL;
	struct sockaddr_ll sll;
	__u32 seen = 0;
	socklen_t sl;
	int fd, rc;
	ssize_t n;
	enum ev ev;

	if (c->port < 0) {
		errorf("capture: needs --port PORT");
		return RC_USAGE;
	}
	fd = capture_socket(c->dev);
	if (fd < 0)
		return RC_FAIL;
	rc = runner_init(&rn, c->timeout, false);
	if (rc)
		goto out;
	buf = xmalloc(PKT_BUF_SIZE);
	printf("ready port=%d\n", c->port);
	while (!c->count || seen < c->count) {
		struct pollfd fds[3] = { [2] = { .fd = fd, .events = POLLIN } };

		ev = runner_poll(&rn, fds, ARRAY_SIZE(fds));
		if (ev == EV_TIMEOUT && c->count)
			rc = RC_TIMEOUT;
		if (ev == EV_ERROR)
			rc = RC_FAIL;
		if (ev == EV_ERROR || ev == EV_STOP || ev == EV_TIMEOUT)
			break;
		if (ev != EV_NONE || !fds[2].revents)
			continue;
		sl = sizeof(sll);
		n = recvfrom(fd, buf, PKT_BUF_SIZE, MSG_DONTWAIT,
			     (struct sockaddr *)&sll, &sl);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n < 0) {
			errorf("capture: %s", strerror(errno));
			rc = RC_FAIL;
			break;
		}
		if (capture_one(c, buf, n, &sll))
			seen++;
	}
out:
	free(buf);
	close(fd);
	runner_close(&rn);
	return rc;
}
