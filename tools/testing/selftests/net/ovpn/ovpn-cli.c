// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - reference userspace client of the ovpn driver
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * What it drives, in the order of usage():
 *  - the "ovpn" rtnl link kind: create an interface in any mode (a bad one
 *    too) and delete it;
 *  - every request of the "ovpn" generic netlink family with every input
 *    attribute, printing replies as one key=value line per object;
 *  - a request editor (--omit, --attr, --cmd) so that a test states each
 *    malformed request in one command line;
 *  - the transport sockets. The kernel takes a socket by fd but keeps no
 *    reference to the file: a peer lives exactly as long as userspace keeps
 *    its socket open. peer-udp and peer-tcp own the sockets, stay in the
 *    foreground, print the control packets that the kernel leaves to
 *    userspace and send some on request;
 *  - the "peers" multicast group (listen), and who may join any generic
 *    netlink group (mcast-join);
 *  - a raw TCP endpoint that is not the driver (tcp-raw), running a
 *    script of sends, frames, pauses and resets against it;
 *  - the wire: inject forges a UDP packet from any address and port,
 *    capture prints the UDP payloads seen on a port.
 *
 * A P2P pair across two namespaces, in short:
 *
 *   ovpn-cli -n ns0 iface-new ovpn0 p2p
 *   ovpn-cli -n ns0 peer-udp ovpn0 1 --bind 198.18.0.1:1194 \
 *           --remote 198.18.0.2:1194 --vpn-ip 10.8.0.2 \
 *           --key-seed s1 --key-dir 0 >ns0.log &
 *   (and the mirror image in ns1 with --key-dir 1)
 *   grep -q ^ready ns0.log    # poll: the peer and its keys exist
 *   kill %1                   # closes the socket: the kernel drops the peer
 *
 * Every long-running command prints "ready ..." once set up. Errors go to
 * stderr; the exit status tells a bad command line (2) from a request the
 * kernel refused (3) and from any other failure (1).
 */

#define _GNU_SOURCE

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/ovpn.h>
#include <linux/rtnetlink.h>
#include <linux/types.h>

#include <libmnl/libmnl.h>

/* uapi headers older than the driver lack its link attributes */
#ifndef IFLA_OVPN_MAX
enum {
	IFLA_OVPN_UNSPEC,
	IFLA_OVPN_MODE,
};
#endif

#ifndef __NR_pidfd_open
#define __NR_pidfd_open		434
#endif
#ifndef __NR_pidfd_getfd
#define __NR_pidfd_getfd	438
#endif

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define REQ_BUF_SIZE		16384
#define RX_BUF_SIZE		65536
#define PKT_BUF_SIZE		65536
#define TCP_RX_SIZE		(2 + 65535)
#define PATH_DEPTH		4
#define EP_STR_LEN		(INET6_ADDRSTRLEN + 24)
#define KEY_LEN_DEFAULT		32
#define KEY_LEN_MAX		1024
#define OVPN_OP_SHIFT		3

/* exit status */
enum {
	RC_OK = 0,
	RC_FAIL = 1,		/* a local failure: socket, file, memory */
	RC_USAGE = 2,		/* a bad command line */
	RC_KERNEL = 3,		/* the kernel refused a netlink request */
	RC_TIMEOUT = 124,	/* --timeout hit before the work was done */
};

static const char *prog = "ovpn-cli";

/* ------------------------------------------------------------------ */
/* messages and memory                                                  */
/* ------------------------------------------------------------------ */

/* one line on stderr; FMT is a literal, checked as printf's own */
#define errorf(fmt, ...) \
	fprintf(stderr, "error: " fmt "\n", ##__VA_ARGS__)
#define warnf(fmt, ...) \
	fprintf(stderr, "warning: " fmt "\n", ##__VA_ARGS__)

static void *xmalloc(size_t len)
{
	void *p = malloc(len ? len : 1);

	if (!p) {
		errorf("out of memory");
		exit(RC_FAIL);
	}
	return p;
}

static void *xrealloc(void *p, size_t len)
{
	p = realloc(p, len ? len : 1);
	if (!p) {
		errorf("out of memory");
		exit(RC_FAIL);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(xmalloc(len), s, len);
}

static const struct {
	int err;
	const char *name;
} errno_names[] = {
	{ EPERM, "EPERM" },
	{ ENOENT, "ENOENT" },
	{ ESRCH, "ESRCH" },
	{ EINTR, "EINTR" },
	{ EIO, "EIO" },
	{ ENXIO, "ENXIO" },
	{ E2BIG, "E2BIG" },
	{ EBADF, "EBADF" },
	{ EAGAIN, "EAGAIN" },
	{ ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" },
	{ EFAULT, "EFAULT" },
	{ EBUSY, "EBUSY" },
	{ EEXIST, "EEXIST" },
	{ ENODEV, "ENODEV" },
	{ EINVAL, "EINVAL" },
	{ ENFILE, "ENFILE" },
	{ EMFILE, "EMFILE" },
	{ ENOSPC, "ENOSPC" },
	{ EPIPE, "EPIPE" },
	{ ERANGE, "ERANGE" },
	{ ENODATA, "ENODATA" },
	{ ENOLINK, "ENOLINK" },
	{ EPROTO, "EPROTO" },
	{ EBADMSG, "EBADMSG" },
	{ EOVERFLOW, "EOVERFLOW" },
	{ ENOTSOCK, "ENOTSOCK" },
	{ EDESTADDRREQ, "EDESTADDRREQ" },
	{ EMSGSIZE, "EMSGSIZE" },
	{ EPROTOTYPE, "EPROTOTYPE" },
	{ ENOPROTOOPT, "ENOPROTOOPT" },
	{ EPROTONOSUPPORT, "EPROTONOSUPPORT" },
	{ ESOCKTNOSUPPORT, "ESOCKTNOSUPPORT" },
	{ EOPNOTSUPP, "EOPNOTSUPP" },
	{ EAFNOSUPPORT, "EAFNOSUPPORT" },
	{ EADDRINUSE, "EADDRINUSE" },
	{ EADDRNOTAVAIL, "EADDRNOTAVAIL" },
	{ ENETDOWN, "ENETDOWN" },
	{ ENETUNREACH, "ENETUNREACH" },
	{ ECONNRESET, "ECONNRESET" },
	{ ENOBUFS, "ENOBUFS" },
	{ EISCONN, "EISCONN" },
	{ ENOTCONN, "ENOTCONN" },
	{ ETIMEDOUT, "ETIMEDOUT" },
	{ ECONNREFUSED, "ECONNREFUSED" },
	{ EHOSTUNREACH, "EHOSTUNREACH" },
	{ EALREADY, "EALREADY" },
	{ EINPROGRESS, "EINPROGRESS" },
	{ ENOKEY, "ENOKEY" },
	{ EKEYREJECTED, "EKEYREJECTED" },
};

static const char *errno_name(int err)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	return "";
}

/* ------------------------------------------------------------------ */
/* parsing of command line values                                       */
/* ------------------------------------------------------------------ */

struct blob {
	unsigned char *data;
	size_t len;
	bool set;
};

static void blob_free(struct blob *b)
{
	if (b->data)
		explicit_bzero(b->data, b->len);
	free(b->data);
	memset(b, 0, sizeof(*b));
}

/* decimal, or hexadecimal with 0x; never octal, never negative */
static bool parse_num(const char *s, unsigned long long max,
		      unsigned long long *v)
{
	int base = 10;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!isxdigit((unsigned char)*s))
		return false;
	errno = 0;
	*v = strtoull(s, &end, base);
	return !errno && !*end && *v <= max;
}

static bool parse_u32(const char *s, __u32 *v)
{
	unsigned long long n;

	if (!parse_num(s, UINT32_MAX, &n))
		return false;
	*v = n;
	return true;
}

static bool parse_s32(const char *s, __s32 *v)
{
	unsigned long long n;

	if (*s == '-') {
		if (!parse_num(s + 1, (unsigned long long)INT32_MAX + 1, &n))
			return false;
		*v = (__s32)(-(long long)n);
		return true;
	}
	if (!parse_num(s, INT32_MAX, &n))
		return false;
	*v = n;
	return true;
}

static bool parse_secs(const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	return !errno && end != s && !*end && *v > 0 && *v < 1e7;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* HEX: an even number of hex digits, optionally after 0x; may be empty */
static bool parse_hex(const char *s, struct blob *b)
{
	size_t n, i;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	n = strlen(s);
	if (n % 2)
		return false;
	blob_free(b);
	b->data = xmalloc(n / 2);
	for (i = 0; i < n / 2; i++) {
		int hi = hex_digit(s[2 * i]), lo = hex_digit(s[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			blob_free(b);
			return false;
		}
		b->data[i] = hi << 4 | lo;
	}
	b->len = n / 2;
	b->set = true;
	return true;
}

static void print_hex(FILE *f, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++)
		fprintf(f, "%02x", p[i]);
}

/* an address, optionally with a port, as typed or as received */
struct endpoint {
	int family;		/* AF_UNSPEC: none given */
	struct in_addr a4;
	struct in6_addr a6;
	__u32 scope;
	bool has_scope;
	int port;		/* -1: none given */
};

static bool parse_scope(const char *s, __u32 *scope)
{
	unsigned int idx = if_nametoindex(s);

	if (idx) {
		*scope = idx;
		return true;
	}
	return parse_u32(s, scope);
}

/* IPV4, or IPV6 with an optional %SCOPE (interface name or index) */
static bool parse_addr(const char *s, struct endpoint *ep)
{
	char buf[INET6_ADDRSTRLEN + IF_NAMESIZE + 2];
	char *pct;

	if (snprintf(buf, sizeof(buf), "%s", s) >= (int)sizeof(buf))
		return false;
	pct = strchr(buf, '%');
	if (pct) {
		*pct++ = '\0';
		if (!parse_scope(pct, &ep->scope))
			return false;
		ep->has_scope = true;
	}
	if (!pct && inet_pton(AF_INET, buf, &ep->a4) == 1) {
		ep->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, buf, &ep->a6) == 1) {
		ep->family = AF_INET6;
		return true;
	}
	return false;
}

/* true when S looks like ADDR:PORT or [ADDR6]..., not like a bare address */
static bool looks_like_endpoint(const char *s)
{
	const char *c = strchr(s, ':');

	return s[0] == '[' || (c && c == strrchr(s, ':'));
}

/* ENDPOINT: IPV4[:PORT] or [IPV6[%SCOPE]][:PORT] (or a bare IPV6) */
static bool parse_endpoint(const char *s, struct endpoint *ep)
{
	char buf[INET6_ADDRSTRLEN + IF_NAMESIZE + 16];
	char *addr = buf, *port = NULL, *c;
	__u32 p;

	memset(ep, 0, sizeof(*ep));
	ep->port = -1;
	if (snprintf(buf, sizeof(buf), "%s", s) >= (int)sizeof(buf))
		return false;
	if (buf[0] == '[') {
		c = strchr(buf, ']');
		if (!c || (c[1] && c[1] != ':'))
			return false;
		*c = '\0';
		if (c[1] == ':')
			port = c + 2;
		addr = buf + 1;
	} else if (looks_like_endpoint(buf)) {
		c = strchr(buf, ':');
		*c = '\0';
		port = c + 1;
	}
	if (!parse_addr(addr, ep))
		return false;
	if (buf[0] == '[' && ep->family != AF_INET6)
		return false;
	if (port) {
		if (!parse_u32(port, &p) || p > 65535)
			return false;
		ep->port = p;
	}
	return true;
}

static void fmt_addr_port(char *buf, size_t len, int family, const void *addr,
			  __u32 scope, int port)
{
	char a[INET6_ADDRSTRLEN], s[16] = "";

	if (!inet_ntop(family, addr, a, sizeof(a)))
		snprintf(a, sizeof(a), "?");
	if (family == AF_INET6 && scope)
		snprintf(s, sizeof(s), "%%%u", scope);
	if (port < 0)
		snprintf(buf, len, "%s%s", a, s);
	else if (family == AF_INET)
		snprintf(buf, len, "%s:%d", a, port);
	else
		snprintf(buf, len, "[%s%s]:%d", a, s, port);
}

/* v4-mapped addresses (dual-stack sockets) are shown as IPv4 */
static void fmt_sockaddr(char *buf, size_t len,
			 const struct sockaddr_storage *ss)
{
	const struct sockaddr_in6 *sin6 = (const void *)ss;
	const struct sockaddr_in *sin = (const void *)ss;

	if (ss->ss_family == AF_INET) {
		fmt_addr_port(buf, len, AF_INET, &sin->sin_addr, 0,
			      ntohs(sin->sin_port));
	} else if (ss->ss_family != AF_INET6) {
		snprintf(buf, len, "family-%u", ss->ss_family);
	} else if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
		fmt_addr_port(buf, len, AF_INET, &sin6->sin6_addr.s6_addr[12],
			      0, ntohs(sin6->sin6_port));
	} else {
		fmt_addr_port(buf, len, AF_INET6, &sin6->sin6_addr,
			      sin6->sin6_scope_id, ntohs(sin6->sin6_port));
	}
}

/* ENDPOINT as a sockaddr of FAMILY, mapping IPv4 into IPv6 as needed */
static bool ep_sockaddr(const struct endpoint *ep, int family,
			struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in6 *sin6 = (void *)ss;
	struct sockaddr_in *sin = (void *)ss;
	__u16 port = ep->port < 0 ? 0 : ep->port;

	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		if (ep->family == AF_INET)
			sin->sin_addr = ep->a4;
		else if (IN6_IS_ADDR_V4MAPPED(&ep->a6))
			memcpy(&sin->sin_addr, &ep->a6.s6_addr[12], 4);
		else
			return false;
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*len = sizeof(*sin);
		return true;
	}
	if (ep->family == AF_INET) {
		sin6->sin6_addr.s6_addr[10] = 0xff;
		sin6->sin6_addr.s6_addr[11] = 0xff;
		memcpy(&sin6->sin6_addr.s6_addr[12], &ep->a4, 4);
	} else {
		sin6->sin6_addr = ep->a6;
		sin6->sin6_scope_id = ep->scope;
	}
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	*len = sizeof(*sin6);
	return true;
}

static int resolve_ifindex(const char *name, __u32 *ifindex)
{
	*ifindex = if_nametoindex(name);
	if (*ifindex)
		return RC_OK;
	if (parse_u32(name, ifindex))
		return RC_OK;
	errorf("no interface '%s'", name);
	return RC_FAIL;
}

/* ------------------------------------------------------------------ */
/* attribute tables: names for paths, parsing and printing              */
/* ------------------------------------------------------------------ */

enum vt {
	VT_HEX,		/* binary: hex */
	VT_U8,
	VT_U16,
	VT_U32,
	VT_U64,
	VT_UINT,	/* NLA_UINT: 4 or 8 bytes */
	VT_S32,
	VT_BE16,
	VT_IPV4,	/* big endian u32 */
	VT_IPV6,	/* 16 bytes */
	VT_STR,
	VT_NEST,
};

struct attr_set;

struct attr_desc {
	const char *name;
	enum vt vt;
	const struct attr_set *nest;
	const char * const *names;	/* enum values, NULL terminated */
};

struct attr_set {
	const struct attr_desc *attrs;
	unsigned int max;
};

static const char * const mode_names[] = { "p2p", "mp", NULL };

static const char * const slot_names[] = {
	[OVPN_KEY_SLOT_PRIMARY] = "primary",
	[OVPN_KEY_SLOT_SECONDARY] = "secondary",
	NULL
};

static const char * const cipher_names[] = {
	[OVPN_CIPHER_ALG_NONE] = "none",
	[OVPN_CIPHER_ALG_AES_GCM] = "aes-gcm",
	[OVPN_CIPHER_ALG_CHACHA20_POLY1305] = "chacha20-poly1305",
	NULL
};

static const char * const reason_names[] = {
	[OVPN_DEL_PEER_REASON_TEARDOWN] = "teardown",
	[OVPN_DEL_PEER_REASON_USERSPACE] = "userspace",
	[OVPN_DEL_PEER_REASON_EXPIRED] = "expired",
	[OVPN_DEL_PEER_REASON_TRANSPORT_ERROR] = "transport-error",
	[OVPN_DEL_PEER_REASON_TRANSPORT_DISCONNECT] = "transport-disconnect",
	NULL
};

static const struct attr_desc keydir_attrs[] = {
	[OVPN_A_KEYDIR_CIPHER_KEY] = { "cipher-key", VT_HEX, NULL, NULL },
	[OVPN_A_KEYDIR_NONCE_TAIL] = { "nonce-tail", VT_HEX, NULL, NULL },
};

static const struct attr_set keydir_set = {
	keydir_attrs, ARRAY_SIZE(keydir_attrs) - 1
};

static const struct attr_desc keyconf_attrs[] = {
	[OVPN_A_KEYCONF_PEER_ID] = { "peer-id", VT_U32, NULL, NULL },
	[OVPN_A_KEYCONF_SLOT] = { "slot", VT_U32, NULL, slot_names },
	[OVPN_A_KEYCONF_KEY_ID] = { "key-id", VT_U32, NULL, NULL },
	[OVPN_A_KEYCONF_CIPHER_ALG] = {
		"cipher-alg", VT_U32, NULL, cipher_names
	},
	[OVPN_A_KEYCONF_ENCRYPT_DIR] = {
		"encrypt-dir", VT_NEST, &keydir_set, NULL
	},
	[OVPN_A_KEYCONF_DECRYPT_DIR] = {
		"decrypt-dir", VT_NEST, &keydir_set, NULL
	},
};

static const struct attr_set keyconf_set = {
	keyconf_attrs, ARRAY_SIZE(keyconf_attrs) - 1
};

static const struct attr_desc peer_attrs[] = {
	[OVPN_A_PEER_ID] = { "id", VT_U32, NULL, NULL },
	[OVPN_A_PEER_REMOTE_IPV4] = { "remote-ipv4", VT_IPV4, NULL, NULL },
	[OVPN_A_PEER_REMOTE_IPV6] = { "remote-ipv6", VT_IPV6, NULL, NULL },
	[OVPN_A_PEER_REMOTE_IPV6_SCOPE_ID] = {
		"remote-ipv6-scope-id", VT_U32, NULL, NULL
	},
	[OVPN_A_PEER_REMOTE_PORT] = { "remote-port", VT_BE16, NULL, NULL },
	[OVPN_A_PEER_SOCKET] = { "socket", VT_U32, NULL, NULL },
	[OVPN_A_PEER_SOCKET_NETNSID] = {
		"socket-netnsid", VT_S32, NULL, NULL
	},
	[OVPN_A_PEER_VPN_IPV4] = { "vpn-ipv4", VT_IPV4, NULL, NULL },
	[OVPN_A_PEER_VPN_IPV6] = { "vpn-ipv6", VT_IPV6, NULL, NULL },
	[OVPN_A_PEER_LOCAL_IPV4] = { "local-ipv4", VT_IPV4, NULL, NULL },
	[OVPN_A_PEER_LOCAL_IPV6] = { "local-ipv6", VT_IPV6, NULL, NULL },
	[OVPN_A_PEER_LOCAL_PORT] = { "local-port", VT_BE16, NULL, NULL },
	[OVPN_A_PEER_KEEPALIVE_INTERVAL] = {
		"keepalive-interval", VT_U32, NULL, NULL
	},
	[OVPN_A_PEER_KEEPALIVE_TIMEOUT] = {
		"keepalive-timeout", VT_U32, NULL, NULL
	},
	[OVPN_A_PEER_DEL_REASON] = {
		"del-reason", VT_U32, NULL, reason_names
	},
	[OVPN_A_PEER_VPN_RX_BYTES] = { "vpn-rx-bytes", VT_UINT, NULL, NULL },
	[OVPN_A_PEER_VPN_TX_BYTES] = { "vpn-tx-bytes", VT_UINT, NULL, NULL },
	[OVPN_A_PEER_VPN_RX_PACKETS] = {
		"vpn-rx-packets", VT_UINT, NULL, NULL
	},
	[OVPN_A_PEER_VPN_TX_PACKETS] = {
		"vpn-tx-packets", VT_UINT, NULL, NULL
	},
	[OVPN_A_PEER_LINK_RX_BYTES] = { "link-rx-bytes", VT_UINT, NULL, NULL },
	[OVPN_A_PEER_LINK_TX_BYTES] = { "link-tx-bytes", VT_UINT, NULL, NULL },
	[OVPN_A_PEER_LINK_RX_PACKETS] = {
		"link-rx-packets", VT_UINT, NULL, NULL
	},
	[OVPN_A_PEER_LINK_TX_PACKETS] = {
		"link-tx-packets", VT_UINT, NULL, NULL
	},
	[OVPN_A_PEER_TX_ID] = { "tx-id", VT_U32, NULL, NULL },
};

static const struct attr_set peer_set = {
	peer_attrs, ARRAY_SIZE(peer_attrs) - 1
};

static const struct attr_desc ovpn_attrs[] = {
	[OVPN_A_IFINDEX] = { "ifindex", VT_U32, NULL, NULL },
	[OVPN_A_PEER] = { "peer", VT_NEST, &peer_set, NULL },
	[OVPN_A_KEYCONF] = { "keyconf", VT_NEST, &keyconf_set, NULL },
};

static const struct attr_set ovpn_set = {
	ovpn_attrs, ARRAY_SIZE(ovpn_attrs) - 1
};

/* the few rtnl attributes that iface-new sends, to name them in errors */
static const struct attr_desc ovpn_link_attrs[] = {
	[IFLA_OVPN_MODE] = { "mode", VT_U8, NULL, mode_names },
};

static const struct attr_set ovpn_link_set = {
	ovpn_link_attrs, ARRAY_SIZE(ovpn_link_attrs) - 1
};

static const struct attr_desc linkinfo_attrs[] = {
	[IFLA_INFO_KIND] = { "kind", VT_STR, NULL, NULL },
	[IFLA_INFO_DATA] = { "data", VT_NEST, &ovpn_link_set, NULL },
};

static const struct attr_set linkinfo_set = {
	linkinfo_attrs, ARRAY_SIZE(linkinfo_attrs) - 1
};

static const struct attr_desc link_attrs[] = {
	[IFLA_IFNAME] = { "ifname", VT_STR, NULL, NULL },
	[IFLA_LINKINFO] = { "linkinfo", VT_NEST, &linkinfo_set, NULL },
};

static const struct attr_set link_set = {
	link_attrs, ARRAY_SIZE(link_attrs) - 1
};

/* The "ovpn-dco-v2" family of OpenVPN 2.6 (the out-of-tree module's
 * ovpn_dco.h numbers, as drivers/net/ovpn/netlink-dco.h has them).
 */
#define DCO_FAMILY_NAME	"ovpn-dco-v2"
#define DCO_MCGRP_PEERS	"peers"

enum {
	DCO_CMD_NEW_PEER = 1,
	DCO_CMD_SET_PEER,
	DCO_CMD_DEL_PEER,
	DCO_CMD_NEW_KEY,
	DCO_CMD_SWAP_KEYS,
	DCO_CMD_DEL_KEY,
	DCO_CMD_GET_PEER,
};

static const char * const dco_cmd_names[] = {
	[0] = "unspec",
	[DCO_CMD_NEW_PEER] = "new-peer",
	[DCO_CMD_SET_PEER] = "set-peer",
	[DCO_CMD_DEL_PEER] = "del-peer",
	[DCO_CMD_NEW_KEY] = "new-key",
	[DCO_CMD_SWAP_KEYS] = "swap-keys",
	[DCO_CMD_DEL_KEY] = "del-key",
	[DCO_CMD_GET_PEER] = "get-peer",
	NULL
};

static const struct attr_desc dco_key_dir_attrs[] = {
	[1] = { "cipher-key", VT_HEX, NULL, NULL },
	[2] = { "nonce-tail", VT_HEX, NULL, NULL },
};

static const struct attr_set dco_key_dir_set = {
	dco_key_dir_attrs, ARRAY_SIZE(dco_key_dir_attrs) - 1
};

static const struct attr_desc dco_new_key_attrs[] = {
	[1] = { "peer-id", VT_U32, NULL, NULL },
	[2] = { "key-slot", VT_U8, NULL, slot_names },
	[3] = { "key-id", VT_U8, NULL, NULL },
	[4] = { "cipher-alg", VT_U16, NULL, cipher_names },
	[5] = { "encrypt-key", VT_NEST, &dco_key_dir_set, NULL },
	[6] = { "decrypt-key", VT_NEST, &dco_key_dir_set, NULL },
};

static const struct attr_desc dco_del_key_attrs[] = {
	[1] = { "peer-id", VT_U32, NULL, NULL },
	[2] = { "key-slot", VT_U8, NULL, slot_names },
};

static const struct attr_desc dco_peer_id_attrs[] = {
	[1] = { "peer-id", VT_U32, NULL, NULL },
};

static const struct attr_desc dco_new_peer_attrs[] = {
	[1] = { "peer-id", VT_U32, NULL, NULL },
	[2] = { "sockaddr-remote", VT_HEX, NULL, NULL },
	[3] = { "socket", VT_U32, NULL, NULL },
	[4] = { "ipv4", VT_IPV4, NULL, NULL },
	[5] = { "ipv6", VT_IPV6, NULL, NULL },
	[6] = { "local-ip", VT_HEX, NULL, NULL },
};

static const struct attr_desc dco_set_peer_attrs[] = {
	[1] = { "peer-id", VT_U32, NULL, NULL },
	[2] = { "keepalive-interval", VT_U32, NULL, NULL },
	[3] = { "keepalive-timeout", VT_U32, NULL, NULL },
};

static const struct attr_desc dco_del_peer_attrs[] = {
	[1] = { "reason", VT_U8, NULL, reason_names },
	[2] = { "peer-id", VT_U32, NULL, NULL },
};

/* what GET_PEER answers in its nest */
static const struct attr_desc dco_peer_attrs[] = {
	[1] = { "peer-id", VT_U32, NULL, NULL },
	[2] = { "sockaddr-remote", VT_HEX, NULL, NULL },
	[3] = { "ipv4", VT_IPV4, NULL, NULL },
	[4] = { "ipv6", VT_IPV6, NULL, NULL },
	[5] = { "local-ip", VT_HEX, NULL, NULL },
	[6] = { "local-port", VT_BE16, NULL, NULL },
	[7] = { "keepalive-interval", VT_U32, NULL, NULL },
	[8] = { "keepalive-timeout", VT_U32, NULL, NULL },
	[9] = { "vpn-rx-bytes", VT_U64, NULL, NULL },
	[10] = { "vpn-tx-bytes", VT_U64, NULL, NULL },
	[11] = { "vpn-rx-packets", VT_UINT, NULL, NULL },
	[12] = { "vpn-tx-packets", VT_UINT, NULL, NULL },
	[13] = { "link-rx-bytes", VT_U64, NULL, NULL },
	[14] = { "link-tx-bytes", VT_U64, NULL, NULL },
	[15] = { "link-rx-packets", VT_UINT, NULL, NULL },
	[16] = { "link-tx-packets", VT_UINT, NULL, NULL },
};

#define DCO_SET(name) \
	static const struct attr_set name##_set = { \
		name##_attrs, ARRAY_SIZE(name##_attrs) - 1 \
	}
DCO_SET(dco_new_key);
DCO_SET(dco_del_key);
DCO_SET(dco_peer_id);
DCO_SET(dco_new_peer);
DCO_SET(dco_set_peer);
DCO_SET(dco_del_peer);
DCO_SET(dco_peer);

/* requests: each command has its own nest, named as the command */
static const struct attr_desc dco_attrs[] = {
	[1] = { "ifindex", VT_U32, NULL, NULL },
	[2] = { "new-peer", VT_NEST, &dco_new_peer_set, NULL },
	[3] = { "set-peer", VT_NEST, &dco_set_peer_set, NULL },
	[4] = { "del-peer", VT_NEST, &dco_del_peer_set, NULL },
	[5] = { "new-key", VT_NEST, &dco_new_key_set, NULL },
	[6] = { "swap-keys", VT_NEST, &dco_peer_id_set, NULL },
	[7] = { "del-key", VT_NEST, &dco_del_key_set, NULL },
	[8] = { "get-peer", VT_NEST, &dco_peer_id_set, NULL },
};

/* replies and notifications */
static const struct attr_desc dco_reply_attrs[] = {
	[1] = { "ifindex", VT_U32, NULL, NULL },
	[4] = { "del-peer", VT_NEST, &dco_del_peer_set, NULL },
	[8] = { "get-peer", VT_NEST, &dco_peer_set, NULL },
};

DCO_SET(dco);
DCO_SET(dco_reply);

/* the attribute tree --attr and --omit paths are read against */
static const struct attr_set *edit_root = &ovpn_set;

static const struct attr_desc *set_desc(const struct attr_set *set,
					unsigned int type)
{
	if (!set || type > set->max || !set->attrs[type].name)
		return NULL;
	return &set->attrs[type];
}

/* the index of NAME in a NULL terminated list, or -1 */
static int name_index(const char * const *names, const char *name)
{
	int i;

	for (i = 0; names && names[i]; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

/* a name of NAMES or a number */
static bool parse_enum(const char * const *names, const char *s, __u32 *v)
{
	int i = name_index(names, s);

	if (i >= 0) {
		*v = i;
		return true;
	}
	return parse_u32(s, v);
}

/* ------------------------------------------------------------------ */
/* attribute paths: "peer.remote-ipv6", "keyconf.encrypt-dir.nonce-tail"  */
/* ------------------------------------------------------------------ */

struct attr_path {
	unsigned int depth;
	__u16 type[PATH_DEPTH];
};

/* the description of level LEVEL of path P, NULL if unknown */
static const struct attr_desc *path_desc(const struct attr_set *root,
					 const struct attr_path *p,
					 unsigned int level)
{
	const struct attr_set *set = root;
	const struct attr_desc *d = NULL;
	unsigned int i;

	for (i = 0; i <= level; i++) {
		d = set_desc(set, p->type[i]);
		if (!d)
			return NULL;
		set = d->nest;
	}
	return d;
}

static void path_fmt(char *buf, size_t len, const struct attr_set *root,
		     const struct attr_path *p)
{
	const struct attr_desc *d;
	unsigned int i;
	size_t off = 0;

	buf[0] = '\0';
	for (i = 0; i < p->depth && off < len; i++) {
		d = path_desc(root, p, i);
		if (d)
			off += snprintf(buf + off, len - off, "%s%s",
					i ? "." : "", d->name);
		else
			off += snprintf(buf + off, len - off, "%s%u",
					i ? "." : "", p->type[i]);
	}
}

/* does component COMP (a name or a number) name attribute D of type T? */
static bool comp_matches(const char *comp, const struct attr_desc *d,
			 unsigned int t)
{
	unsigned long long n;

	if (parse_num(comp, NLA_TYPE_MASK, &n))
		return n == t;
	return d && !strcmp(comp, d->name);
}

static bool path_tail_matches(const struct attr_set *root,
			      const struct attr_path *p, char **comps,
			      unsigned int n)
{
	unsigned int i, level;

	if (p->depth < n)
		return false;
	for (i = 0; i < n; i++) {
		level = p->depth - n + i;
		if (!comp_matches(comps[i], path_desc(root, p, level),
				  p->type[level]))
			return false;
	}
	return true;
}

struct path_search {
	const struct attr_set *root;
	char **comps;
	unsigned int n;
	unsigned int found;
	struct attr_path match[2];
};

static void path_search(struct path_search *ps, const struct attr_set *set,
			struct attr_path *cur)
{
	const struct attr_desc *d;
	unsigned int t;

	for (t = 0; t <= set->max; t++) {
		d = set_desc(set, t);
		if (!d)
			continue;
		cur->type[cur->depth++] = t;
		if (path_tail_matches(ps->root, cur, ps->comps, ps->n)) {
			if (ps->found < ARRAY_SIZE(ps->match))
				ps->match[ps->found] = *cur;
			ps->found++;
		}
		if (d->nest && cur->depth < PATH_DEPTH)
			path_search(ps, d->nest, cur);
		cur->depth--;
	}
}

/* the path from the root: names while known, numbers always */
static bool path_resolve_abs(const struct attr_set *root, char **comps,
			     unsigned int n, struct attr_path *p)
{
	const struct attr_set *set = root;
	const struct attr_desc *d;
	unsigned long long num;
	unsigned int i, t;

	for (i = 0; i < n; i++) {
		if (parse_num(comps[i], NLA_TYPE_MASK, &num)) {
			t = num;
		} else {
			for (t = 0; t <= (set ? set->max : 0); t++) {
				d = set_desc(set, t);
				if (d && !strcmp(d->name, comps[i]))
					break;
			}
			if (!set || t > set->max)
				return false;
		}
		p->type[i] = t;
		d = set_desc(set, t);
		set = d ? d->nest : NULL;
	}
	p->depth = n;
	return true;
}

/*
 * A path is either complete from the root (numbers allowed anywhere, for
 * attribute types the tables do not know) or any unique tail of a known path.
 */
static bool path_parse(const struct attr_set *root, const char *s,
		       struct attr_path *p)
{
	struct path_search ps = { .root = root };
	char buf[256], a[128], b[128];
	char *comps[PATH_DEPTH], *save = NULL, *c;
	struct attr_path cur = {};
	unsigned int n = 0;

	if (snprintf(buf, sizeof(buf), "%s", s) >= (int)sizeof(buf))
		goto unknown;
	for (c = strtok_r(buf, ".", &save); c; c = strtok_r(NULL, ".", &save)) {
		if (n == PATH_DEPTH)
			goto unknown;
		comps[n++] = c;
	}
	if (!n)
		goto unknown;
	if (path_resolve_abs(root, comps, n, p))
		return true;
	ps.comps = comps;
	ps.n = n;
	path_search(&ps, root, &cur);
	if (ps.found == 1) {
		*p = ps.match[0];
		return true;
	}
	if (ps.found > 1) {
		path_fmt(a, sizeof(a), root, &ps.match[0]);
		path_fmt(b, sizeof(b), root, &ps.match[1]);
		errorf("attribute '%s' is ambiguous: %s, %s%s", s, a, b,
		       ps.found > 2 ? ", ..." : "");
		return false;
	}
unknown:
	errorf("unknown attribute '%s' (see the PATH rules in -h)", s);
	return false;
}

static bool path_eq(const struct attr_path *a, const struct attr_path *b)
{
	return a->depth == b->depth &&
	       !memcmp(a->type, b->type, a->depth * sizeof(a->type[0]));
}

static bool path_below(const struct attr_path *p,
		       const struct attr_path *prefix)
{
	return p->depth > prefix->depth &&
	       !memcmp(p->type, prefix->type,
		       prefix->depth * sizeof(p->type[0]));
}

/* ------------------------------------------------------------------ */
/* request edits: --omit PATH, --attr PATH=VALUE, --cmd N               */
/* ------------------------------------------------------------------ */

struct attr_edit {
	struct attr_path path;
	bool omit;
	bool used;		/* already applied to the current request */
	struct blob val;
};

struct edits {
	struct attr_edit *v;
	unsigned int n;
	int cmd;		/* -1: each request's own command */
};

enum val_kind {
	VK_U8, VK_U16, VK_U32, VK_U64, VK_S32, VK_BE16, VK_BE32, VK_IP,
	VK_HEX, VK_STR, VK_NATURAL,
};

static const char * const val_kinds[] = {
	[VK_U8] = "u8",
	[VK_U16] = "u16",
	[VK_U32] = "u32",
	[VK_U64] = "u64",
	[VK_S32] = "s32",
	[VK_BE16] = "be16",
	[VK_BE32] = "be32",
	[VK_IP] = "ip",
	[VK_HEX] = "hex",
	[VK_STR] = "str",
	NULL
};

static enum val_kind natural_kind(const struct attr_desc *d, const char *s)
{
	unsigned long long n;

	switch (d ? d->vt : VT_HEX) {
	case VT_U8:
		return VK_U8;
	case VT_U16:
		return VK_U16;
	case VT_U32:
		return VK_U32;
	case VT_U64:
		return VK_U64;
	case VT_UINT:
		return parse_num(s, UINT32_MAX, &n) ? VK_U32 : VK_U64;
	case VT_S32:
		return VK_S32;
	case VT_BE16:
		return VK_BE16;
	case VT_IPV4:
	case VT_IPV6:
		return VK_IP;
	case VT_STR:
		return VK_STR;
	default:
		return VK_HEX;
	}
}

static void blob_set(struct blob *b, const void *data, size_t len)
{
	b->data = memcpy(xmalloc(len), data, len);
	b->len = len;
	b->set = true;
}

static bool parse_typed_num(const char *s, const char * const *names,
			    enum val_kind kind, struct blob *b)
{
	static const unsigned long long max[] = {
		[VK_U8] = UINT8_MAX, [VK_U16] = UINT16_MAX,
		[VK_U32] = UINT32_MAX, [VK_U64] = UINT64_MAX,
		[VK_BE16] = UINT16_MAX, [VK_BE32] = UINT32_MAX,
	};
	unsigned long long n;
	int i = name_index(names, s);
	__u8 u8;
	__u16 u16;
	__u32 u32;

	if (i >= 0)
		n = i;
	else if (!parse_num(s, max[kind], &n))
		return false;
	switch (kind) {
	case VK_U8:
		u8 = n;
		blob_set(b, &u8, sizeof(u8));
		break;
	case VK_U16:
	case VK_BE16:
		u16 = kind == VK_BE16 ? htons(n) : n;
		blob_set(b, &u16, sizeof(u16));
		break;
	case VK_U32:
	case VK_BE32:
		u32 = kind == VK_BE32 ? htonl(n) : n;
		blob_set(b, &u32, sizeof(u32));
		break;
	default:
		blob_set(b, &n, sizeof(n));
		break;
	}
	return true;
}

/* VALUE: TYPE:VAL, or VAL read as the attribute's own type; "" is empty */
static bool parse_value(const char *s, const struct attr_desc *d,
			struct blob *b)
{
	const char *colon = strchr(s, ':');
	enum val_kind kind = VK_NATURAL;
	struct endpoint ep = {};
	char type[8];
	__s32 s32;

	if (colon && colon - s < (int)sizeof(type)) {
		snprintf(type, sizeof(type), "%.*s", (int)(colon - s), s);
		if (name_index(val_kinds, type) >= 0) {
			kind = name_index(val_kinds, type);
			s = colon + 1;
		}
	}
	if (!*s) {
		blob_set(b, "", 0);
		return true;
	}
	if (kind == VK_NATURAL)
		kind = natural_kind(d, s);
	switch (kind) {
	case VK_S32:
		if (!parse_s32(s, &s32))
			return false;
		blob_set(b, &s32, sizeof(s32));
		return true;
	case VK_IP:
		if (!parse_addr(s, &ep) || ep.has_scope)
			return false;
		if (ep.family == AF_INET)
			blob_set(b, &ep.a4, sizeof(ep.a4));
		else
			blob_set(b, &ep.a6, sizeof(ep.a6));
		return true;
	case VK_HEX:
		return parse_hex(s, b);
	case VK_STR:
		blob_set(b, s, strlen(s) + 1);
		return true;
	default:
		return parse_typed_num(s, d ? d->names : NULL, kind, b);
	}
}

static int edit_add(struct edits *e, const char *arg, bool omit)
{
	char *path = xstrdup(arg), *val = NULL, name[128];
	struct attr_edit ed = { .omit = omit };
	unsigned int i;

	if (!omit) {
		val = strchr(path, '=');
		if (!val) {
			errorf("--attr %s: expected PATH=VALUE", arg);
			goto err;
		}
		*val++ = '\0';
	}
	if (!path_parse(edit_root, path, &ed.path))
		goto err;
	for (i = 0; i < e->n; i++) {
		if (path_eq(&e->v[i].path, &ed.path)) {
			path_fmt(name, sizeof(name), edit_root, &ed.path);
			errorf("attribute %s edited twice", name);
			goto err;
		}
	}
	if (!omit && !parse_value(val, path_desc(edit_root, &ed.path,
						 ed.path.depth - 1), &ed.val)) {
		errorf("--attr %s: bad value '%s'", path, val);
		goto err;
	}
	e->v = xrealloc(e->v, (e->n + 1) * sizeof(*e->v));
	e->v[e->n++] = ed;
	free(path);
	return RC_OK;
err:
	free(path);
	return RC_USAGE;
}

static void edits_free(struct edits *e)
{
	unsigned int i;

	for (i = 0; i < e->n; i++)
		blob_free(&e->v[i].val);
	free(e->v);
}

/* ------------------------------------------------------------------ */
/* netlink requests, built through the edits                            */
/* ------------------------------------------------------------------ */

struct nl {
	struct mnl_socket *sock;
	char *rx;
	__u32 seq;
	__u16 family;		/* generic netlink family id */
	const char *mcgrp_name;	/* the group to find, "peers" for ovpn */
	__u32 mcgrp;		/* its id, 0 if none */
	int last_err;		/* errno of the last refused request */
	struct edits *edits;
};

struct req {
	union {
		struct nlmsghdr align;
		char buf[REQ_BUF_SIZE];
	} u;
	struct nlmsghdr *nlh;
	size_t hdrlen;			/* family header after nlmsghdr */
	const struct attr_set *set;	/* to name attributes in errors */
	struct edits *edits;		/* NULL: send as built */
	bool strict;			/* edits never add a top level nest */
	struct attr_path path;		/* of the open nest */
	struct nlattr *nest[PATH_DEPTH];
	unsigned int skip;		/* > 0: inside an omitted nest */
	bool overflow;
};

static void req_start(struct req *r, struct nl *nl, __u16 type, __u16 flags,
		      size_t hdrlen)
{
	unsigned int i;

	r->nlh = mnl_nlmsg_put_header(r->u.buf);
	r->nlh->nlmsg_type = type;
	r->nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	r->nlh->nlmsg_seq = ++nl->seq;
	if (hdrlen)
		mnl_nlmsg_put_extra_header(r->nlh, hdrlen);
	r->hdrlen = hdrlen;
	r->set = NULL;
	r->edits = NULL;
	r->strict = false;
	r->path.depth = 0;
	r->skip = 0;
	r->overflow = false;
	for (i = 0; nl->edits && i < nl->edits->n; i++)
		nl->edits->v[i].used = false;
}

static struct attr_edit *edit_find(struct req *r, __u16 type)
{
	struct attr_path p = r->path;
	unsigned int i;

	if (!r->edits || p.depth >= PATH_DEPTH)
		return NULL;
	p.type[p.depth++] = type;
	for (i = 0; i < r->edits->n; i++)
		if (path_eq(&r->edits->v[i].path, &p))
			return &r->edits->v[i];
	return NULL;
}

static void req_raw_put(struct req *r, __u16 type, const void *data,
			size_t len)
{
	if (!mnl_attr_put_check(r->nlh, sizeof(r->u.buf), type, len, data))
		r->overflow = true;
}

static void req_put(struct req *r, __u16 type, const void *data, size_t len)
{
	struct attr_edit *e;

	if (r->skip)
		return;
	e = edit_find(r, type);
	if (e) {
		e->used = true;
		if (e->omit)
			return;
		data = e->val.data;
		len = e->val.len;
	}
	req_raw_put(r, type, data, len);
}

static void req_put_u8(struct req *r, __u16 type, __u8 v)
{
	req_put(r, type, &v, sizeof(v));
}

static void req_put_u32(struct req *r, __u16 type, __u32 v)
{
	req_put(r, type, &v, sizeof(v));
}

static void req_put_be16(struct req *r, __u16 type, __u16 v)
{
	v = htons(v);
	req_put(r, type, &v, sizeof(v));
}

static void req_put_str(struct req *r, __u16 type, const char *s)
{
	req_put(r, type, s, strlen(s) + 1);
}

static void req_nest_start(struct req *r, __u16 type)
{
	struct attr_edit *e = r->skip ? NULL : edit_find(r, type);
	unsigned int d = r->path.depth;

	if (e) {
		/* an edited nest: left out, or replaced by raw bytes, once */
		if (!e->used && !e->omit)
			req_raw_put(r, type, e->val.data, e->val.len);
		e->used = true;
	}
	if (r->skip || e) {
		r->skip++;
	} else {
		r->nest[d] = mnl_attr_nest_start_check(r->nlh,
						       sizeof(r->u.buf), type);
		if (!r->nest[d])
			r->overflow = true;
	}
	r->path.type[d] = type;
	r->path.depth++;
}

static void req_nest_end(struct req *r);

/* add the edits below the open nest that nothing has applied yet */
static void req_put_pending(struct req *r)
{
	unsigned int i, d = r->path.depth;
	struct attr_edit *e;

	for (i = 0; r->edits && i < r->edits->n; i++) {
		e = &r->edits->v[i];
		if (e->used || e->omit || !path_below(&e->path, &r->path))
			continue;
		if (e->path.depth == d + 1) {
			req_put(r, e->path.type[d], NULL, 0);
		} else if (d || !r->strict) {
			req_nest_start(r, e->path.type[d]);
			req_nest_end(r);
		}
	}
}

static void req_nest_end(struct req *r)
{
	unsigned int d;

	if (r->skip) {
		r->skip--;
		r->path.depth--;
		return;
	}
	req_put_pending(r);
	d = --r->path.depth;
	if (r->nest[d])
		mnl_attr_nest_end(r->nlh, r->nest[d]);
}

static void req_finish(struct req *r)
{
	req_put_pending(r);
}

/* a request of the ovpn family about interface IFINDEX */
static void ovpn_req(struct req *r, struct nl *nl, __u8 cmd, __u16 flags,
		     __u32 ifindex)
{
	struct genlmsghdr *genl;

	req_start(r, nl, nl->family, flags, sizeof(*genl));
	genl = mnl_nlmsg_get_payload(r->nlh);
	genl->cmd = nl->edits && nl->edits->cmd >= 0 ? nl->edits->cmd : cmd;
	genl->version = OVPN_FAMILY_VERSION;
	r->set = &ovpn_set;
	r->edits = nl->edits;
	req_put_u32(r, OVPN_A_IFINDEX, ifindex);
}

/* ------------------------------------------------------------------ */
/* netlink transport and error reports                                  */
/* ------------------------------------------------------------------ */

typedef void (*msg_cb)(const struct nlmsghdr *nlh, void *data);

static int nl_open(struct nl *nl, int bus)
{
	int one = 1;

	nl->sock = mnl_socket_open(bus);
	if (!nl->sock) {
		errorf("netlink socket: %s", strerror(errno));
		return RC_FAIL;
	}
	if (mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one,
				  sizeof(one)) < 0 ||
	    mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one,
				  sizeof(one)) < 0) {
		errorf("netlink socket options: %s", strerror(errno));
		return RC_FAIL;
	}
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		errorf("netlink bind: %s", strerror(errno));
		return RC_FAIL;
	}
	nl->rx = xmalloc(RX_BUF_SIZE);
	nl->seq = time(NULL);
	return RC_OK;
}

static void nl_close(struct nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl->rx);
	nl->sock = NULL;
	nl->rx = NULL;
}

/* the path of the attribute at byte offset OFF of the request */
static bool req_path_at(const struct req *r, __u32 off, struct attr_path *p)
{
	const char *base = (const char *)r->nlh;
	const char *start = base + NLMSG_HDRLEN + MNL_ALIGN(r->hdrlen);
	const char *end = base + r->nlh->nlmsg_len;
	const struct nlattr *a;
	__u32 o;

	p->depth = 0;
	a = (const void *)start;
	while (mnl_attr_ok(a, end - (const char *)a)) {
		o = (const char *)a - base;
		if (off >= o && off < o + a->nla_len) {
			if (p->depth == PATH_DEPTH)
				return true;
			p->type[p->depth++] = mnl_attr_get_type(a);
			if (off == o)
				return true;
			end = (const char *)a + a->nla_len;
			a = mnl_attr_get_payload(a);
			continue;
		}
		a = mnl_attr_next(a);
	}
	return false;
}

struct ext_ack {
	const char *msg;
	bool has_off, has_miss, has_miss_nest;
	__u32 off, miss_type, miss_nest;
};

static void ext_ack_parse(struct ext_ack *x, const char *tlv, size_t len)
{
	const struct nlattr *a = (const void *)tlv;

	while (mnl_attr_ok(a, tlv + len - (const char *)a)) {
		switch (mnl_attr_get_type(a)) {
		case NLMSGERR_ATTR_MSG:
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
				x->msg = mnl_attr_get_str(a);
			break;
		case NLMSGERR_ATTR_OFFS:
			x->has_off = !mnl_attr_validate(a, MNL_TYPE_U32);
			x->off = mnl_attr_get_u32(a);
			break;
		case NLMSGERR_ATTR_MISS_TYPE:
			x->has_miss = !mnl_attr_validate(a, MNL_TYPE_U32);
			x->miss_type = mnl_attr_get_u32(a);
			break;
		case NLMSGERR_ATTR_MISS_NEST:
			x->has_miss_nest = !mnl_attr_validate(a, MNL_TYPE_U32);
			x->miss_nest = mnl_attr_get_u32(a);
			break;
		}
		a = mnl_attr_next(a);
	}
}

static void report_kernel_error(int err, const struct ext_ack *x,
				const struct req *r)
{
	struct attr_path p;
	char name[128];

	fprintf(stderr, "error: %s (%d) %s", strerror(err), err,
		errno_name(err));
	if (x->msg)
		fprintf(stderr, "; kernel: %s", x->msg);
	if (x->has_off) {
		if (req_path_at(r, x->off, &p)) {
			path_fmt(name, sizeof(name), r->set, &p);
			fprintf(stderr, "; attribute: %s (offset %u)", name,
				x->off);
		} else {
			fprintf(stderr, "; offset %u", x->off);
		}
	}
	if (x->has_miss) {
		p.depth = 0;
		if (x->has_miss_nest && !req_path_at(r, x->miss_nest, &p))
			p.depth = 0;
		if (p.depth < PATH_DEPTH)
			p.type[p.depth++] = x->miss_type;
		path_fmt(name, sizeof(name), r->set, &p);
		fprintf(stderr, "; missing: %s", name);
	}
	fputc('\n', stderr);
}

/* NLMSG_ERROR (an ack when 0) or NLMSG_DONE closing request R */
static int nl_ack(struct nl *nl, const struct req *r,
		  const struct nlmsghdr *nlh)
{
	const char *payload = mnl_nlmsg_get_payload(nlh);
	size_t plen = mnl_nlmsg_get_payload_len(nlh), hdr;
	const struct nlmsgerr *e = (const void *)payload;
	struct ext_ack x = {};
	int err = 0;

	if (nlh->nlmsg_type == NLMSG_DONE) {
		hdr = sizeof(int);
		if (plen >= hdr)
			memcpy(&err, payload, sizeof(err));
	} else {
		hdr = sizeof(*e);
		if (plen < hdr) {
			errorf("truncated netlink ack");
			return RC_FAIL;
		}
		err = e->error;
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
		    e->msg.nlmsg_len >= NLMSG_HDRLEN)
			hdr += MNL_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	}
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && hdr < plen)
		ext_ack_parse(&x, payload + hdr, plen - hdr);
	if (!err) {
		if (x.msg)
			warnf("kernel: %s", x.msg);
		return RC_OK;
	}
	nl->last_err = -err;
	report_kernel_error(-err, &x, r);
	return RC_KERNEL;
}

/* send R, hand each reply to CB, return at its ack or end of dump */
static int nl_transact(struct nl *nl, struct req *r, msg_cb cb, void *data)
{
	const struct nlmsghdr *nlh;
	ssize_t ret;
	int n;

	if (r->overflow) {
		errorf("request larger than %d bytes", REQ_BUF_SIZE);
		return RC_USAGE;
	}
	if (mnl_socket_sendto(nl->sock, r->nlh, r->nlh->nlmsg_len) < 0) {
		errorf("netlink send: %s", strerror(errno));
		return RC_FAIL;
	}
	for (;;) {
		ret = mnl_socket_recvfrom(nl->sock, nl->rx, RX_BUF_SIZE);
		if (ret < 0) {
			if (errno == EINTR)
				continue;
			errorf("netlink receive: %s", strerror(errno));
			return RC_FAIL;
		}
		n = ret;
		for (nlh = (const void *)nl->rx; mnl_nlmsg_ok(nlh, n);
		     nlh = mnl_nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_seq != r->nlh->nlmsg_seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR ||
			    nlh->nlmsg_type == NLMSG_DONE)
				return nl_ack(nl, r, nlh);
			if (nlh->nlmsg_type >= NLMSG_MIN_TYPE && cb)
				cb(nlh, data);
		}
	}
}

static void family_groups(struct nl *nl, const struct nlattr *groups)
{
	const struct nlattr *g, *a;
	const char *name;
	__u32 id;

	mnl_attr_for_each_nested(g, groups) {
		name = NULL;
		id = 0;
		mnl_attr_for_each_nested(a, g) {
			if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_NAME &&
			    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
				name = mnl_attr_get_str(a);
			if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GRP_ID &&
			    !mnl_attr_validate(a, MNL_TYPE_U32))
				id = mnl_attr_get_u32(a);
		}
		if (name && !strcmp(name, nl->mcgrp_name))
			nl->mcgrp = id;
	}
}

static void family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a;
	struct nl *nl = data;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID &&
		    !mnl_attr_validate(a, MNL_TYPE_U16))
			nl->family = mnl_attr_get_u16(a);
		if (mnl_attr_get_type(a) == CTRL_ATTR_MCAST_GROUPS)
			family_groups(nl, a);
	}
}

/* a generic netlink socket talking to FAMILY, with the id of GROUP */
static int genl_open(struct nl *nl, const char *family, const char *group)
{
	struct genlmsghdr *genl;
	struct req r;
	int rc;

	rc = nl_open(nl, NETLINK_GENERIC);
	if (rc)
		return rc;
	nl->mcgrp_name = group;
	req_start(&r, nl, GENL_ID_CTRL, NLM_F_ACK, sizeof(*genl));
	genl = mnl_nlmsg_get_payload(r.nlh);
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	req_put_str(&r, CTRL_ATTR_FAMILY_NAME, family);
	rc = nl_transact(nl, &r, family_cb, nl);
	if (rc == RC_KERNEL && nl->last_err == ENOENT)
		fprintf(stderr, "hint: is the ovpn driver loaded?\n");
	if (!rc && !nl->family) {
		errorf("no id for generic netlink family \"%s\"", family);
		rc = RC_FAIL;
	}
	return rc;
}

/* a generic netlink socket talking to the ovpn family */
static int ovpn_open(struct nl *nl, struct edits *edits)
{
	int rc = genl_open(nl, OVPN_FAMILY_NAME, OVPN_MCGRP_PEERS);

	nl->edits = edits;
	return rc;
}

/* ------------------------------------------------------------------ */
/* printing attributes as key=value                                     */
/* ------------------------------------------------------------------ */

struct line {
	const char *sep;
};

static void field(struct line *l, const char *key)
{
	printf("%s%s=", l->sep, key);
	l->sep = " ";
}

/* an unsigned integer of 1, 2, 4 or 8 bytes (NLA_UINT and kin) */
static bool attr_uint(const struct nlattr *a, unsigned long long *v)
{
	const void *p = mnl_attr_get_payload(a);
	__u16 u16;
	__u32 u32;
	__u64 u64;

	switch (mnl_attr_get_payload_len(a)) {
	case 1:
		*v = *(const __u8 *)p;
		return true;
	case 2:
		memcpy(&u16, p, sizeof(u16));
		*v = u16;
		return true;
	case 4:
		memcpy(&u32, p, sizeof(u32));
		*v = u32;
		return true;
	case 8:
		memcpy(&u64, p, sizeof(u64));
		*v = u64;
		return true;
	}
	return false;
}

static const char *enum_name(const char * const *names,
			     unsigned long long v)
{
	unsigned long long i;

	for (i = 0; names && names[i]; i++)
		if (i == v)
			return names[i];
	return NULL;
}

static void print_value(const struct attr_desc *d, const struct nlattr *a)
{
	const void *p = mnl_attr_get_payload(a);
	size_t len = mnl_attr_get_payload_len(a);
	char buf[INET6_ADDRSTRLEN];
	unsigned long long v;
	__u16 be16;
	__s32 s32;

	switch (d ? d->vt : VT_HEX) {
	case VT_U8:
	case VT_U16:
	case VT_U32:
	case VT_U64:
	case VT_UINT:
		if (!attr_uint(a, &v))
			break;
		if (enum_name(d->names, v))
			fputs(enum_name(d->names, v), stdout);
		else
			printf("%llu", v);
		return;
	case VT_S32:
		if (len != sizeof(s32))
			break;
		memcpy(&s32, p, sizeof(s32));
		printf("%d", s32);
		return;
	case VT_BE16:
		if (len != sizeof(be16))
			break;
		memcpy(&be16, p, sizeof(be16));
		printf("%u", ntohs(be16));
		return;
	case VT_IPV4:
	case VT_IPV6:
		if (len != (d->vt == VT_IPV4 ? 4 : 16) ||
		    !inet_ntop(d->vt == VT_IPV4 ? AF_INET : AF_INET6, p, buf,
			       sizeof(buf)))
			break;
		fputs(buf, stdout);
		return;
	case VT_STR:
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
			break;
		fputs(mnl_attr_get_str(a), stdout);
		return;
	default:
		break;
	}
	print_hex(stdout, p, len);
}

static void print_fields(struct line *l, const struct attr_set *set,
			 const struct nlattr *nest, const char *prefix,
			 __u32 skip)
{
	char key[128], sub[sizeof(key) + 1];
	const struct attr_desc *d;
	const struct nlattr *a;
	unsigned int t;

	mnl_attr_for_each_nested(a, nest) {
		t = mnl_attr_get_type(a);
		if (t < 32 && (skip & (1U << t)))
			continue;
		d = set_desc(set, t);
		if (d)
			snprintf(key, sizeof(key), "%s%s", prefix, d->name);
		else
			snprintf(key, sizeof(key), "%sattr-%u", prefix, t);
		if (d && d->vt == VT_NEST) {
			snprintf(sub, sizeof(sub), "%s.", key);
			print_fields(l, d->nest, a, sub, 0);
			continue;
		}
		field(l, key);
		print_value(d, a);
	}
}

static void nest_collect(const struct nlattr *nest, const struct nlattr **tb,
			 unsigned int max)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest)
		if (mnl_attr_get_type(a) <= max)
			tb[mnl_attr_get_type(a)] = a;
}

static void msg_collect(const struct nlmsghdr *nlh, const struct nlattr **tb,
			unsigned int max)
{
	const struct nlattr *a;

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(a) <= max)
			tb[mnl_attr_get_type(a)] = a;
}

/* KEY=ADDR:PORT from the separate attributes; returns the ones it used */
static __u32 print_endpoint(struct line *l, const char *key,
			    const struct nlattr **tb, unsigned int t4,
			    unsigned int t6, unsigned int tscope,
			    unsigned int tport)
{
	char buf[EP_STR_LEN];
	__u32 used, scope = 0;
	const void *addr;
	int family, port = -1;
	__u16 be16;

	if (tb[t4] && mnl_attr_get_payload_len(tb[t4]) == 4) {
		family = AF_INET;
		addr = mnl_attr_get_payload(tb[t4]);
		used = 1U << t4;
	} else if (tb[t6] && mnl_attr_get_payload_len(tb[t6]) == 16) {
		family = AF_INET6;
		addr = mnl_attr_get_payload(tb[t6]);
		used = 1U << t6;
		if (tscope && tb[tscope] &&
		    mnl_attr_get_payload_len(tb[tscope]) == 4) {
			scope = mnl_attr_get_u32(tb[tscope]);
			used |= 1U << tscope;
		}
	} else {
		return 0;
	}
	if (tb[tport] && mnl_attr_get_payload_len(tb[tport]) == 2) {
		memcpy(&be16, mnl_attr_get_payload(tb[tport]), sizeof(be16));
		port = ntohs(be16);
		used |= 1U << tport;
	}
	fmt_addr_port(buf, sizeof(buf), family, addr, scope, port);
	field(l, key);
	fputs(buf, stdout);
	return used;
}

/*
 * id first, the endpoints folded into remote= and local=, then the rest in
 * the kernel's order; notifications say peer-id= and reason= instead.
 */
static void print_peer(struct line *l, const struct nlattr *nest, bool ntf)
{
	const struct nlattr *tb[OVPN_A_PEER_MAX + 1] = {};
	const struct nlattr *a;
	__u32 used = 0;

	nest_collect(nest, tb, OVPN_A_PEER_MAX);
	a = tb[OVPN_A_PEER_ID];
	if (a) {
		field(l, ntf ? "peer-id" : "id");
		print_value(&peer_attrs[OVPN_A_PEER_ID], a);
		used |= 1U << OVPN_A_PEER_ID;
	}
	a = tb[OVPN_A_PEER_DEL_REASON];
	if (ntf && a) {
		field(l, "reason");
		print_value(&peer_attrs[OVPN_A_PEER_DEL_REASON], a);
		used |= 1U << OVPN_A_PEER_DEL_REASON;
	}
	used |= print_endpoint(l, "remote", tb, OVPN_A_PEER_REMOTE_IPV4,
			       OVPN_A_PEER_REMOTE_IPV6,
			       OVPN_A_PEER_REMOTE_IPV6_SCOPE_ID,
			       OVPN_A_PEER_REMOTE_PORT);
	used |= print_endpoint(l, "local", tb, OVPN_A_PEER_LOCAL_IPV4,
			       OVPN_A_PEER_LOCAL_IPV6, 0,
			       OVPN_A_PEER_LOCAL_PORT);
	print_fields(l, &peer_set, nest, "", used);
}

static void peer_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[OVPN_A_MAX + 1] = {};
	struct line l = { "" };

	(void)data;
	msg_collect(nlh, tb, OVPN_A_MAX);
	if (!tb[OVPN_A_PEER]) {
		warnf("reply without a peer");
		return;
	}
	print_peer(&l, tb[OVPN_A_PEER], false);
	putchar('\n');
}

static void key_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[OVPN_A_MAX + 1] = {};
	struct line l = { "" };

	(void)data;
	msg_collect(nlh, tb, OVPN_A_MAX);
	if (!tb[OVPN_A_KEYCONF]) {
		warnf("reply without a key");
		return;
	}
	print_fields(&l, &keyconf_set, tb[OVPN_A_KEYCONF], "", 0);
	putchar('\n');
}

static const char * const ntf_names[] = {
	[OVPN_CMD_PEER_DEL_NTF] = "peer-del-ntf",
	[OVPN_CMD_KEY_SWAP_NTF] = "key-swap-ntf",
	[OVPN_CMD_PEER_FLOAT_NTF] = "peer-float-ntf",
};

static void print_ntf(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct attr_desc *d;
	struct line l = { " " };
	const struct nlattr *a;
	char key[32];

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return;
	if (genl->cmd < ARRAY_SIZE(ntf_names) && ntf_names[genl->cmd])
		fputs(ntf_names[genl->cmd], stdout);
	else
		printf("ntf-cmd-%u", genl->cmd);
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case OVPN_A_PEER:
			print_peer(&l, a, true);
			break;
		case OVPN_A_KEYCONF:
			print_fields(&l, &keyconf_set, a, "", 0);
			break;
		default:
			d = set_desc(&ovpn_set, mnl_attr_get_type(a));
			snprintf(key, sizeof(key), "attr-%u",
				 mnl_attr_get_type(a));
			field(&l, d ? d->name : key);
			print_value(d, a);
			break;
		}
	}
	putchar('\n');
}

/* ------------------------------------------------------------------ */
/* peers and keys as options, and as requests                           */
/* ------------------------------------------------------------------ */

struct peer_opts {
	__u32 id;
	bool has_id;
	struct endpoint remote;
	bool has_vpn4, has_vpn6, has_local4, has_local6;
	struct in_addr vpn4, local4;
	struct in6_addr vpn6, local6;
	bool has_keepalive;
	__u32 ka_interval, ka_timeout;
	bool has_tx_id;
	__u32 tx_id;
	int fd;			/* -1: no socket attribute */
};

struct key_opts {
	__u32 slot;
	__u32 key_id;
	__u32 cipher;
	struct blob enc_key, enc_nonce, dec_key, dec_nonce;
	const char *seed;
	__u32 key_dir;
	__u32 key_len;
	bool given;		/* any key option at all */
};

/* what one direction of a key is made of */
struct key_dir_mat {
	unsigned char key[KEY_LEN_MAX];
	size_t key_len;
	unsigned char nonce[OVPN_NONCE_TAIL_SIZE];
};

static void put_peer(struct req *r, const struct peer_opts *p)
{
	const struct endpoint *re = &p->remote;

	req_nest_start(r, OVPN_A_PEER);
	if (p->has_id)
		req_put_u32(r, OVPN_A_PEER_ID, p->id);
	if (re->family == AF_INET)
		req_put(r, OVPN_A_PEER_REMOTE_IPV4, &re->a4, sizeof(re->a4));
	if (re->family == AF_INET6)
		req_put(r, OVPN_A_PEER_REMOTE_IPV6, &re->a6, sizeof(re->a6));
	if (re->has_scope)
		req_put_u32(r, OVPN_A_PEER_REMOTE_IPV6_SCOPE_ID, re->scope);
	if (re->port >= 0)
		req_put_be16(r, OVPN_A_PEER_REMOTE_PORT, re->port);
	if (p->fd >= 0)
		req_put_u32(r, OVPN_A_PEER_SOCKET, p->fd);
	if (p->has_vpn4)
		req_put(r, OVPN_A_PEER_VPN_IPV4, &p->vpn4, sizeof(p->vpn4));
	if (p->has_vpn6)
		req_put(r, OVPN_A_PEER_VPN_IPV6, &p->vpn6, sizeof(p->vpn6));
	if (p->has_local4)
		req_put(r, OVPN_A_PEER_LOCAL_IPV4, &p->local4,
			sizeof(p->local4));
	if (p->has_local6)
		req_put(r, OVPN_A_PEER_LOCAL_IPV6, &p->local6,
			sizeof(p->local6));
	if (p->has_keepalive) {
		req_put_u32(r, OVPN_A_PEER_KEEPALIVE_INTERVAL, p->ka_interval);
		req_put_u32(r, OVPN_A_PEER_KEEPALIVE_TIMEOUT, p->ka_timeout);
	}
	if (p->has_tx_id)
		req_put_u32(r, OVPN_A_PEER_TX_ID, p->tx_id);
	req_nest_end(r);
}

static int peer_request(struct nl *nl, __u8 cmd, __u32 ifindex,
			const struct peer_opts *p, bool strict)
{
	struct req r;

	ovpn_req(&r, nl, cmd, NLM_F_ACK, ifindex);
	r.strict = strict;
	put_peer(&r, p);
	req_finish(&r);
	return nl_transact(nl, &r, cmd == OVPN_CMD_PEER_GET ? peer_cb : NULL,
			   NULL);
}

/*
 * --key-seed: FNV-1a over the seed, the peer id and the stream number
 * seeds a splitmix64 generator whose output, little endian, gives the key
 * and then the nonce tail. Deterministic test material, not a secret.
 */
static __u64 splitmix64(__u64 *state)
{
	__u64 z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static __u64 fnv1a(__u64 h, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static void key_derive(const char *seed, __u32 peer_id, __u8 stream,
		       struct key_dir_mat *m, size_t key_len)
{
	__u64 state = 0xcbf29ce484222325ULL, w = 0;
	__u32 id_be = htonl(peer_id);
	size_t i;

	state = fnv1a(state, seed, strlen(seed));
	state = fnv1a(state, &id_be, sizeof(id_be));
	state = fnv1a(state, &stream, sizeof(stream));
	m->key_len = key_len;
	for (i = 0; i < key_len + OVPN_NONCE_TAIL_SIZE; i++) {
		if (!(i % 8))
			w = splitmix64(&state);
		if (i < key_len)
			m->key[i] = w >> (8 * (i % 8));
		else
			m->nonce[i - key_len] = w >> (8 * (i % 8));
	}
}

static int key_random(struct key_dir_mat *m, size_t key_len)
{
	unsigned char buf[KEY_LEN_MAX + OVPN_NONCE_TAIL_SIZE];
	size_t len = key_len + OVPN_NONCE_TAIL_SIZE, off = 0;
	ssize_t n;

	while (off < len) {
		n = getrandom(buf + off, len - off, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			errorf("getrandom: %s", strerror(errno));
			return RC_FAIL;
		}
		off += n;
	}
	m->key_len = key_len;
	memcpy(m->key, buf, key_len);
	memcpy(m->nonce, buf + key_len, OVPN_NONCE_TAIL_SIZE);
	explicit_bzero(buf, sizeof(buf));
	return RC_OK;
}

static void put_key_dir(struct req *r, __u16 type, const struct blob *key,
			const struct blob *nonce)
{
	req_nest_start(r, type);
	req_put(r, OVPN_A_KEYDIR_CIPHER_KEY, key->data, key->len);
	req_put(r, OVPN_A_KEYDIR_NONCE_TAIL, nonce->data, nonce->len);
	req_nest_end(r);
}

static void mat_blobs(const struct key_dir_mat *m, struct blob *key,
		      struct blob *nonce)
{
	key->data = (unsigned char *)m->key;
	key->len = m->key_len;
	nonce->data = (unsigned char *)m->nonce;
	nonce->len = sizeof(m->nonce);
}

static int key_new(struct nl *nl, __u32 ifindex, __u32 peer_id,
		   const struct key_opts *k, bool strict)
{
	struct blob ek = k->enc_key, en = k->enc_nonce;
	struct blob dk = k->dec_key, dn = k->dec_nonce;
	struct key_dir_mat enc, dec;
	struct req r;
	int rc;

	if (k->seed) {
		key_derive(k->seed, peer_id, k->key_dir, &enc, k->key_len);
		key_derive(k->seed, peer_id, !k->key_dir, &dec, k->key_len);
		mat_blobs(&enc, &ek, &en);
		mat_blobs(&dec, &dk, &dn);
	}
	ovpn_req(&r, nl, OVPN_CMD_KEY_NEW, NLM_F_ACK, ifindex);
	r.strict = strict;
	req_nest_start(&r, OVPN_A_KEYCONF);
	req_put_u32(&r, OVPN_A_KEYCONF_PEER_ID, peer_id);
	req_put_u32(&r, OVPN_A_KEYCONF_SLOT, k->slot);
	req_put_u32(&r, OVPN_A_KEYCONF_KEY_ID, k->key_id);
	req_put_u32(&r, OVPN_A_KEYCONF_CIPHER_ALG, k->cipher);
	put_key_dir(&r, OVPN_A_KEYCONF_ENCRYPT_DIR, &ek, &en);
	put_key_dir(&r, OVPN_A_KEYCONF_DECRYPT_DIR, &dk, &dn);
	req_nest_end(&r);
	req_finish(&r);
	rc = nl_transact(nl, &r, NULL, NULL);
	explicit_bzero(&enc, sizeof(enc));
	explicit_bzero(&dec, sizeof(dec));
	explicit_bzero(r.u.buf, sizeof(r.u.buf));
	return rc;
}

/* KEY_GET, KEY_SWAP and KEY_DEL: a peer id and maybe a slot */
static int key_request(struct nl *nl, __u8 cmd, __u32 ifindex,
		       __u32 peer_id, const __u32 *slot)
{
	struct req r;

	ovpn_req(&r, nl, cmd, NLM_F_ACK, ifindex);
	req_nest_start(&r, OVPN_A_KEYCONF);
	req_put_u32(&r, OVPN_A_KEYCONF_PEER_ID, peer_id);
	if (slot)
		req_put_u32(&r, OVPN_A_KEYCONF_SLOT, *slot);
	req_nest_end(&r);
	req_finish(&r);
	return nl_transact(nl, &r, cmd == OVPN_CMD_KEY_GET ? key_cb : NULL,
			   NULL);
}

/* ------------------------------------------------------------------ */
/* command line                                                         */
/* ------------------------------------------------------------------ */

/* which commands take which options */
enum opt_group {
	G_PEER = 1 << 0,	/* peer attributes */
	G_SOCK = 1 << 1,	/* --fd, --sock */
	G_SLOT = 1 << 2,	/* --slot */
	G_KEY = 1 << 3,		/* key id, cipher, material */
	G_GENKEY = 1 << 4,	/* --peer-id, --key-len */
	G_RUN = 1 << 5,		/* peer-udp and peer-tcp */
	G_UDP = 1 << 6,		/* --connect */
	G_TCP = 1 << 7,		/* --listen */
	G_WAIT = 1 << 8,	/* --count, --timeout */
	G_INJECT = 1 << 9,
	G_CAPTURE = 1 << 10,
	G_EDIT = 1 << 11,	/* --omit, --attr, --cmd */
	G_RAW = 1 << 12,	/* tcp-raw */
	G_MCAST = 1 << 13,	/* mcast-join */
};

enum opt_id {
	OPT_REMOTE = 256,
	OPT_VPN_IP,
	OPT_LOCAL_IP,
	OPT_KEEPALIVE,
	OPT_TX_ID,
	OPT_FD,
	OPT_SOCK,
	OPT_SLOT,
	OPT_KEY_ID,
	OPT_CIPHER,
	OPT_ENC_KEY,
	OPT_ENC_NONCE,
	OPT_DEC_KEY,
	OPT_DEC_NONCE,
	OPT_KEY_SEED,
	OPT_KEY_DIR,
	OPT_KEY_LEN,
	OPT_PEER_ID,
	OPT_PEER,
	OPT_PEERS,
	OPT_BIND,
	OPT_CONNECT,
	OPT_LISTEN,
	OPT_SEND_CTRL,
	OPT_CTRL,
	OPT_STDIN,
	OPT_TIMEOUT,
	OPT_COUNT,
	OPT_FROM,
	OPT_TO,
	OPT_PORT,
	OPT_OPCODE,
	OPT_DEV,
	OPT_OMIT,
	OPT_ATTR,
	OPT_CMD,
	OPT_KEEP_OPEN,
	OPT_CTRL_RAW,
	OPT_RECV_THREAD,
	OPT_ULP,
	OPT_DROP_CAPS,
	OPT_DISCONNECT,
};

static const struct option long_opts[] = {
	{ "remote", required_argument, NULL, OPT_REMOTE },
	{ "vpn-ip", required_argument, NULL, OPT_VPN_IP },
	{ "local-ip", required_argument, NULL, OPT_LOCAL_IP },
	{ "keepalive", required_argument, NULL, OPT_KEEPALIVE },
	{ "tx-id", required_argument, NULL, OPT_TX_ID },
	{ "fd", required_argument, NULL, OPT_FD },
	{ "sock", required_argument, NULL, OPT_SOCK },
	{ "slot", required_argument, NULL, OPT_SLOT },
	{ "key-id", required_argument, NULL, OPT_KEY_ID },
	{ "cipher", required_argument, NULL, OPT_CIPHER },
	{ "enc-key", required_argument, NULL, OPT_ENC_KEY },
	{ "enc-nonce", required_argument, NULL, OPT_ENC_NONCE },
	{ "dec-key", required_argument, NULL, OPT_DEC_KEY },
	{ "dec-nonce", required_argument, NULL, OPT_DEC_NONCE },
	{ "key-seed", required_argument, NULL, OPT_KEY_SEED },
	{ "key-dir", required_argument, NULL, OPT_KEY_DIR },
	{ "key-len", required_argument, NULL, OPT_KEY_LEN },
	{ "peer-id", required_argument, NULL, OPT_PEER_ID },
	{ "peer", required_argument, NULL, OPT_PEER },
	{ "peers", required_argument, NULL, OPT_PEERS },
	{ "bind", required_argument, NULL, OPT_BIND },
	{ "connect", no_argument, NULL, OPT_CONNECT },
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "send-ctrl", required_argument, NULL, OPT_SEND_CTRL },
	{ "ctrl", required_argument, NULL, OPT_CTRL },
	{ "stdin", no_argument, NULL, OPT_STDIN },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "opcode", required_argument, NULL, OPT_OPCODE },
	{ "dev", required_argument, NULL, OPT_DEV },
	{ "omit", required_argument, NULL, OPT_OMIT },
	{ "attr", required_argument, NULL, OPT_ATTR },
	{ "cmd", required_argument, NULL, OPT_CMD },
	{ "keep-open", no_argument, NULL, OPT_KEEP_OPEN },
	{ "ctrl-raw", required_argument, NULL, OPT_CTRL_RAW },
	{ "recv-thread", no_argument, NULL, OPT_RECV_THREAD },
	{ "ulp", required_argument, NULL, OPT_ULP },
	{ "drop-caps", no_argument, NULL, OPT_DROP_CAPS },
	{ "disconnect", no_argument, NULL, OPT_DISCONNECT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static unsigned int opt_groups(int opt)
{
	switch (opt) {
	case OPT_REMOTE:
		return G_PEER | G_RUN | G_RAW;
	case OPT_VPN_IP:
	case OPT_LOCAL_IP:
	case OPT_KEEPALIVE:
	case OPT_TX_ID:
		return G_PEER;
	case OPT_FD:
	case OPT_SOCK:
		return G_SOCK;
	case OPT_SLOT:
		return G_SLOT;
	case OPT_KEY_LEN:
		return G_KEY | G_GENKEY;
	case OPT_PEER_ID:
		return G_GENKEY;
	case OPT_KEY_ID ... OPT_KEY_DIR:
		return G_KEY;
	case OPT_BIND:
		return G_RUN | G_RAW;
	case OPT_PEER:
	case OPT_PEERS:
	case OPT_SEND_CTRL:
	case OPT_CTRL:
	case OPT_STDIN:
		return G_RUN;
	case OPT_CONNECT:
		return G_UDP;
	case OPT_LISTEN:
		return G_TCP | G_RAW;
	case OPT_KEEP_OPEN:
	case OPT_CTRL_RAW:
	case OPT_RECV_THREAD:
	case OPT_ULP:
	case OPT_DISCONNECT:
		return G_TCP;
	case OPT_DROP_CAPS:
		return G_MCAST;
	case OPT_TIMEOUT:
		return G_RUN | G_WAIT | G_RAW;
	case OPT_COUNT:
		return G_WAIT;
	case OPT_FROM:
	case OPT_TO:
		return G_INJECT;
	case OPT_DEV:
		return G_INJECT | G_CAPTURE;
	case OPT_PORT:
	case OPT_OPCODE:
		return G_CAPTURE;
	case OPT_OMIT:
	case OPT_ATTR:
	case OPT_CMD:
		return G_EDIT;
	}
	return 0;
}

struct cli;

struct command {
	const char *name;
	int (*run)(struct cli *c);
	unsigned int groups;
	int min_args, max_args;
	const char *args;
};

struct cli {
	const struct command *cmd;
	char **args;
	int n_args;
	struct peer_opts peer;
	bool has_fd;
	pid_t fd_pid;		/* 0: our own fd */
	int fd_num;
	const char *sock_type;
	struct key_opts key;
	__u32 genkey_peer_id;
	const char **specs;	/* --peer */
	unsigned int n_specs;
	const char *peers_file;
	struct endpoint bind, listen, from, to;
	bool connect;
	struct blob send_ctrl, ctrl, ctrl_raw;
	bool keep_open;		/* peer-tcp: keep sockets the remote closed */
	bool recv_thread;	/* peer-tcp: blocking readers in threads */
	bool disconnect;	/* peer-tcp: SIGUSR2 disconnects */
	const char *ulp;	/* peer-tcp: TCP_ULP to try once set up */
	bool drop_caps;		/* mcast-join */
	bool watch_stdin;
	double timeout;		/* seconds, 0: none */
	__u32 count;		/* 0: no limit */
	int port;		/* capture, -1: none */
	int opcode;		/* capture, -1: any */
	const char *dev;
	struct edits edits;
};

static void cli_free(struct cli *c)
{
	blob_free(&c->key.enc_key);
	blob_free(&c->key.enc_nonce);
	blob_free(&c->key.dec_key);
	blob_free(&c->key.dec_nonce);
	blob_free(&c->send_ctrl);
	blob_free(&c->ctrl);
	blob_free(&c->ctrl_raw);
	free(c->specs);
	edits_free(&c->edits);
}

static bool opt_addr(const char *arg, bool *has4, struct in_addr *a4,
		     bool *has6, struct in6_addr *a6)
{
	struct endpoint ep = {};

	if (!parse_addr(arg, &ep) || ep.has_scope)
		return false;
	if (ep.family == AF_INET) {
		if (*has4)
			return false;
		*has4 = true;
		*a4 = ep.a4;
	} else {
		if (*has6)
			return false;
		*has6 = true;
		*a6 = ep.a6;
	}
	return true;
}

static bool opt_keepalive(const char *arg, struct peer_opts *p)
{
	char buf[64], *comma;

	if (snprintf(buf, sizeof(buf), "%s", arg) >= (int)sizeof(buf))
		return false;
	comma = strchr(buf, ',');
	if (!comma)
		return false;
	*comma = '\0';
	p->has_keepalive = true;
	return parse_u32(buf, &p->ka_interval) &&
	       parse_u32(comma + 1, &p->ka_timeout);
}

static bool opt_fd(const char *arg, struct cli *c)
{
	char buf[64], *colon;
	__u32 pid = 0, fd;

	if (snprintf(buf, sizeof(buf), "%s", arg) >= (int)sizeof(buf))
		return false;
	colon = strchr(buf, ':');
	if (colon) {
		*colon = '\0';
		if (!parse_u32(buf, &pid) || !pid || pid > INT_MAX)
			return false;
	}
	if (!parse_u32(colon ? colon + 1 : buf, &fd) || fd > INT_MAX)
		return false;
	c->has_fd = true;
	c->fd_pid = pid;
	c->fd_num = fd;
	return true;
}

static const char * const sock_types[] = {
	"udp", "udp6", "tcp", "tcp6", "unix", NULL
};

/* one option; false if its value is bad (after saying why, or not) */
static bool parse_opt(struct cli *c, int opt, const char *arg)
{
	struct key_opts *k = &c->key;
	struct peer_opts *p = &c->peer;
	__u32 v;

	if (opt_groups(opt) & (G_KEY | G_SLOT))
		k->given = true;
	switch (opt) {
	case OPT_REMOTE:
		return parse_endpoint(arg, &p->remote);
	case OPT_VPN_IP:
		return opt_addr(arg, &p->has_vpn4, &p->vpn4, &p->has_vpn6,
				&p->vpn6);
	case OPT_LOCAL_IP:
		return opt_addr(arg, &p->has_local4, &p->local4,
				&p->has_local6, &p->local6);
	case OPT_KEEPALIVE:
		return opt_keepalive(arg, p);
	case OPT_TX_ID:
		p->has_tx_id = true;
		return parse_u32(arg, &p->tx_id);
	case OPT_FD:
		return opt_fd(arg, c);
	case OPT_SOCK:
		c->sock_type = arg;
		return name_index(sock_types, arg) >= 0;
	case OPT_SLOT:
		return parse_enum(slot_names, arg, &k->slot);
	case OPT_KEY_ID:
		return parse_u32(arg, &k->key_id);
	case OPT_CIPHER:
		return parse_enum(cipher_names, arg, &k->cipher);
	case OPT_ENC_KEY:
		return parse_hex(arg, &k->enc_key);
	case OPT_ENC_NONCE:
		return parse_hex(arg, &k->enc_nonce);
	case OPT_DEC_KEY:
		return parse_hex(arg, &k->dec_key);
	case OPT_DEC_NONCE:
		return parse_hex(arg, &k->dec_nonce);
	case OPT_KEY_SEED:
		k->seed = arg;
		return true;
	case OPT_KEY_DIR:
		return parse_u32(arg, &k->key_dir) && k->key_dir <= 1;
	case OPT_KEY_LEN:
		return parse_u32(arg, &k->key_len) && k->key_len <= KEY_LEN_MAX;
	case OPT_PEER_ID:
		return parse_u32(arg, &c->genkey_peer_id);
	case OPT_PEER:
		c->specs = xrealloc(c->specs,
				    (c->n_specs + 1) * sizeof(*c->specs));
		c->specs[c->n_specs++] = arg;
		return true;
	case OPT_PEERS:
		c->peers_file = arg;
		return true;
	case OPT_BIND:
		return parse_endpoint(arg, &c->bind);
	case OPT_CONNECT:
		c->connect = true;
		return true;
	case OPT_LISTEN:
		return parse_endpoint(arg, &c->listen);
	case OPT_SEND_CTRL:
		return parse_hex(arg, &c->send_ctrl);
	case OPT_CTRL:
		return parse_hex(arg, &c->ctrl);
	case OPT_STDIN:
		c->watch_stdin = true;
		return true;
	case OPT_TIMEOUT:
		return parse_secs(arg, &c->timeout);
	case OPT_COUNT:
		return parse_u32(arg, &c->count) && c->count;
	case OPT_FROM:
		return parse_endpoint(arg, &c->from) && c->from.port >= 0;
	case OPT_TO:
		return parse_endpoint(arg, &c->to) && c->to.port >= 0;
	case OPT_PORT:
		if (!parse_u32(arg, &v) || !v || v > 65535)
			return false;
		c->port = v;
		return true;
	case OPT_OPCODE:
		if (!parse_u32(arg, &v) || v > 31)
			return false;
		c->opcode = v;
		return true;
	case OPT_DEV:
		c->dev = arg;
		return true;
	case OPT_OMIT:
	case OPT_ATTR:
		return !edit_add(&c->edits, arg, opt == OPT_OMIT);
	case OPT_CMD:
		if (!parse_u32(arg, &v) || v > 255)
			return false;
		c->edits.cmd = v;
		return true;
	case OPT_KEEP_OPEN:
		c->keep_open = true;
		return true;
	case OPT_CTRL_RAW:
		return parse_hex(arg, &c->ctrl_raw);
	case OPT_RECV_THREAD:
		c->recv_thread = true;
		return true;
	case OPT_ULP:
		c->ulp = arg;
		return *arg && strlen(arg) < 16;
	case OPT_DROP_CAPS:
		c->drop_caps = true;
		return true;
	case OPT_DISCONNECT:
		c->disconnect = true;
		return true;
	}
	return false;
}

static void usage(FILE *f);

static int parse_cmdline(struct cli *c, int argc, char **argv)
{
	const char *name = c->cmd->name;
	int opt, idx;

	optind = 0;
	opterr = 0;
	for (;;) {
		idx = -1;
		opt = getopt_long(argc, argv, ":h", long_opts, &idx);
		if (opt == -1)
			break;
		if (opt == 'h') {
			usage(stdout);
			exit(RC_OK);
		}
		if (opt == '?' && optopt) {
			errorf("%s: unknown option '-%c'", name, optopt);
			return RC_USAGE;
		}
		if (opt == '?') {
			errorf("%s: unknown option '%s'", name,
			       argv[optind - 1]);
			return RC_USAGE;
		}
		if (opt == ':') {
			errorf("%s: option '%s' needs a value", name,
			       argv[optind - 1]);
			return RC_USAGE;
		}
		if (!(opt_groups(opt) & c->cmd->groups)) {
			errorf("%s: option --%s does not apply here", name,
			       long_opts[idx].name);
			return RC_USAGE;
		}
		if (!parse_opt(c, opt, optarg)) {
			/* --omit and --attr explain themselves */
			if (opt != OPT_OMIT && opt != OPT_ATTR)
				errorf("%s: bad value for --%s: '%s'", name,
				       long_opts[idx].name, optarg);
			return RC_USAGE;
		}
	}
	c->args = argv + optind;
	c->n_args = argc - optind;
	if (c->n_args < c->cmd->min_args || c->n_args > c->cmd->max_args) {
		errorf("%s: wrong arguments; usage: %s %s %s", name, prog,
		       name, c->cmd->args);
		return RC_USAGE;
	}
	return RC_OK;
}

/* ------------------------------------------------------------------ */
/* interfaces                                                           */
/* ------------------------------------------------------------------ */

static int cmd_iface_new(struct cli *c)
{
	const char *mode = c->n_args > 1 ? c->args[1] : NULL;
	struct nl nl = {};
	struct req r;
	__u32 m = 0;
	int rc;

	if (mode && (!parse_enum(mode_names, mode, &m) || m > UINT8_MAX)) {
		errorf("iface-new: bad mode '%s' (p2p, mp or 0-255)", mode);
		return RC_USAGE;
	}
	rc = nl_open(&nl, NETLINK_ROUTE);
	if (rc)
		goto out;
	req_start(&r, &nl, RTM_NEWLINK, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
		  sizeof(struct ifinfomsg));
	r.set = &link_set;
	req_put_str(&r, IFLA_IFNAME, c->args[0]);
	req_nest_start(&r, IFLA_LINKINFO);
	req_put_str(&r, IFLA_INFO_KIND, "ovpn");
	if (mode) {
		req_nest_start(&r, IFLA_INFO_DATA);
		req_put_u8(&r, IFLA_OVPN_MODE, m);
		req_nest_end(&r);
	}
	req_nest_end(&r);
	req_finish(&r);
	rc = nl_transact(&nl, &r, NULL, NULL);
out:
	nl_close(&nl);
	return rc;
}

static int cmd_iface_del(struct cli *c)
{
	struct ifinfomsg *ifi;
	struct nl nl = {};
	__u32 ifindex;
	struct req r;
	int rc;

	rc = resolve_ifindex(c->args[0], &ifindex);
	if (rc)
		return rc;
	rc = nl_open(&nl, NETLINK_ROUTE);
	if (rc)
		goto out;
	req_start(&r, &nl, RTM_DELLINK, NLM_F_ACK, sizeof(*ifi));
	ifi = mnl_nlmsg_get_payload(r.nlh);
	ifi->ifi_index = ifindex;
	r.set = &link_set;
	rc = nl_transact(&nl, &r, NULL, NULL);
out:
	nl_close(&nl);
	return rc;
}

/* ------------------------------------------------------------------ */
/* one-shot peer and key requests                                       */
/* ------------------------------------------------------------------ */

static int parse_id_arg(struct cli *c, int i, __u32 *id)
{
	if (parse_u32(c->args[i], id))
		return RC_OK;
	errorf("%s: bad id '%s' (a number up to 0xffffffff)", c->cmd->name,
	       c->args[i]);
	return RC_USAGE;
}

static int new_socket(const char *type)
{
	static const int family[] = { AF_INET, AF_INET6, AF_INET, AF_INET6,
				       AF_UNIX };
	static const int stype[] = { SOCK_DGRAM, SOCK_DGRAM, SOCK_STREAM,
				     SOCK_STREAM, SOCK_DGRAM };
	int i = name_index(sock_types, type), fd;

	fd = socket(family[i], stype[i] | SOCK_CLOEXEC, 0);
	if (fd < 0)
		errorf("%s socket: %s", type, strerror(errno));
	return fd;
}

/* a copy of fd FD of process PID (needs ptrace rights over it) */
static int steal_fd(pid_t pid, int fd)
{
	int pidfd, ret;

	pidfd = syscall(__NR_pidfd_open, pid, 0);
	if (pidfd < 0) {
		errorf("pidfd_open %d: %s", pid, strerror(errno));
		return -1;
	}
	ret = syscall(__NR_pidfd_getfd, pidfd, fd, 0);
	if (ret < 0)
		errorf("pidfd_getfd %d:%d: %s", pid, fd, strerror(errno));
	close(pidfd);
	return ret;
}

/* the socket of --fd or --sock; *OWNED is the fd to close afterwards */
static int peer_socket(struct cli *c, int *owned)
{
	*owned = -1;
	if (c->has_fd && c->sock_type) {
		errorf("%s: --fd and --sock exclude each other", c->cmd->name);
		return RC_USAGE;
	}
	if (c->has_fd && !c->fd_pid)
		c->peer.fd = c->fd_num;
	else if (c->has_fd)
		*owned = steal_fd(c->fd_pid, c->fd_num);
	else if (c->sock_type)
		*owned = new_socket(c->sock_type);
	else
		return RC_OK;
	if ((c->fd_pid || c->sock_type) && *owned < 0)
		return RC_FAIL;
	if (*owned >= 0)
		c->peer.fd = *owned;
	return RC_OK;
}

static int open_ovpn(struct cli *c, struct nl *nl, __u32 *ifindex)
{
	int rc = resolve_ifindex(c->args[0], ifindex);

	return rc ? rc : ovpn_open(nl, &c->edits);
}

static int peer_dump(struct nl *nl, __u32 ifindex)
{
	struct req r;

	ovpn_req(&r, nl, OVPN_CMD_PEER_GET, NLM_F_DUMP, ifindex);
	req_finish(&r);
	return nl_transact(nl, &r, peer_cb, NULL);
}

static int peer_cmd(struct cli *c, __u8 cmd)
{
	struct nl nl = {};
	int owned = -1, rc;
	__u32 ifindex;

	if (c->n_args > 1) {
		rc = parse_id_arg(c, 1, &c->peer.id);
		if (rc)
			return rc;
		c->peer.has_id = true;
	}
	rc = peer_socket(c, &owned);
	if (rc)
		goto out;
	rc = open_ovpn(c, &nl, &ifindex);
	if (rc)
		goto out;
	if (cmd == OVPN_CMD_PEER_GET && !c->peer.has_id)
		rc = peer_dump(&nl, ifindex);
	else
		rc = peer_request(&nl, cmd, ifindex, &c->peer, false);
out:
	if (owned >= 0)
		close(owned);
	nl_close(&nl);
	return rc;
}

static int cmd_peer_new(struct cli *c)
{
	return peer_cmd(c, OVPN_CMD_PEER_NEW);
}

static int cmd_peer_set(struct cli *c)
{
	return peer_cmd(c, OVPN_CMD_PEER_SET);
}

static int cmd_peer_get(struct cli *c)
{
	return peer_cmd(c, OVPN_CMD_PEER_GET);
}

static int cmd_peer_del(struct cli *c)
{
	return peer_cmd(c, OVPN_CMD_PEER_DEL);
}

static int key_material_ok(const struct cli *c)
{
	const struct key_opts *k = &c->key;
	bool all, any;

	all = k->enc_key.set && k->enc_nonce.set && k->dec_key.set &&
	      k->dec_nonce.set;
	any = k->enc_key.set || k->enc_nonce.set || k->dec_key.set ||
	      k->dec_nonce.set;
	if (k->seed && any) {
		errorf("%s: --key-seed and explicit keys exclude each other",
		       c->cmd->name);
		return RC_USAGE;
	}
	if (!k->seed && !all) {
		errorf("%s: keys need --key-seed, or --enc-key, --enc-nonce,",
		       c->cmd->name);
		fprintf(stderr, "  --dec-key and --dec-nonce\n");
		return RC_USAGE;
	}
	return RC_OK;
}

static int key_cmd(struct cli *c, __u8 cmd)
{
	struct nl nl = {};
	__u32 ifindex, id;
	int rc;

	rc = parse_id_arg(c, 1, &id);
	if (!rc && cmd == OVPN_CMD_KEY_NEW)
		rc = key_material_ok(c);
	if (!rc)
		rc = open_ovpn(c, &nl, &ifindex);
	if (rc)
		goto out;
	if (cmd == OVPN_CMD_KEY_NEW)
		rc = key_new(&nl, ifindex, id, &c->key, false);
	else if (cmd == OVPN_CMD_KEY_SWAP)
		rc = key_request(&nl, cmd, ifindex, id, NULL);
	else
		rc = key_request(&nl, cmd, ifindex, id, &c->key.slot);
out:
	nl_close(&nl);
	return rc;
}

static int cmd_key_new(struct cli *c)
{
	return key_cmd(c, OVPN_CMD_KEY_NEW);
}

static int cmd_key_get(struct cli *c)
{
	return key_cmd(c, OVPN_CMD_KEY_GET);
}

static int cmd_key_swap(struct cli *c)
{
	return key_cmd(c, OVPN_CMD_KEY_SWAP);
}

static int cmd_key_del(struct cli *c)
{
	return key_cmd(c, OVPN_CMD_KEY_DEL);
}

static void print_key_opts(const struct key_dir_mat *enc,
			   const struct key_dir_mat *dec)
{
	fputs("--enc-key ", stdout);
	print_hex(stdout, enc->key, enc->key_len);
	fputs(" --enc-nonce ", stdout);
	print_hex(stdout, enc->nonce, sizeof(enc->nonce));
	fputs(" --dec-key ", stdout);
	print_hex(stdout, dec->key, dec->key_len);
	fputs(" --dec-nonce ", stdout);
	print_hex(stdout, dec->nonce, sizeof(dec->nonce));
	putchar('\n');
}

static int cmd_genkey(struct cli *c)
{
	const char *seed = c->n_args ? c->args[0] : NULL;
	struct key_dir_mat m[2];
	int i, rc = RC_OK;

	for (i = 0; i < 2 && !rc; i++) {
		if (seed)
			key_derive(seed, c->genkey_peer_id, i, &m[i],
				   c->key.key_len);
		else
			rc = key_random(&m[i], c->key.key_len);
	}
	if (!rc) {
		print_key_opts(&m[0], &m[1]);
		print_key_opts(&m[1], &m[0]);
	}
	explicit_bzero(m, sizeof(m));
	return rc;
}

/* ------------------------------------------------------------------ */
/* the foreground loop: signals, stdin, deadline                        */
/* ------------------------------------------------------------------ */

struct runner {
	int sfd;		/* signalfd: INT, TERM, HUP stop; USR1/2 act */
	bool watch_stdin;
	bool has_deadline;
	struct timespec deadline;
};

enum ev {
	EV_NONE,		/* look at the caller's fds */
	EV_STOP,
	EV_USR1,
	EV_USR2,
	EV_TIMEOUT,
	EV_ERROR,
};

/*
 * SIGPIPE is counted, never acted upon: every send here passes
 * MSG_NOSIGNAL, so a SIGPIPE is the kernel's doing and the tests want to
 * know of it (see the stats line of peer-tcp).
 */
static int sigpipe_count;

static void sigpipe_handler(int sig)
{
	(void)sig;
	__atomic_fetch_add(&sigpipe_count, 1, __ATOMIC_RELAXED);
}

static int runner_init(struct runner *rn, double timeout, bool watch_stdin)
{
	struct sigaction sa = {
		.sa_handler = sigpipe_handler,
		.sa_flags = SA_RESTART,
	};
	sigset_t mask;

	rn->sfd = -1;
	rn->watch_stdin = watch_stdin;
	rn->has_deadline = timeout > 0;
	if (rn->has_deadline) {
		clock_gettime(CLOCK_MONOTONIC, &rn->deadline);
		rn->deadline.tv_sec += (time_t)timeout;
		rn->deadline.tv_nsec += (timeout - (time_t)timeout) * 1e9;
		if (rn->deadline.tv_nsec >= 1000000000L) {
			rn->deadline.tv_sec++;
			rn->deadline.tv_nsec -= 1000000000L;
		}
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGUSR1);
	sigaddset(&mask, SIGUSR2);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) < 0) {
		errorf("sigprocmask: %s", strerror(errno));
		return RC_FAIL;
	}
	rn->sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	if (rn->sfd < 0) {
		errorf("signalfd: %s", strerror(errno));
		return RC_FAIL;
	}
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGPIPE, &sa, NULL) < 0) {
		errorf("SIGPIPE: %s", strerror(errno));
		return RC_FAIL;
	}
	return RC_OK;
}

static void runner_close(struct runner *rn)
{
	if (rn->sfd >= 0)
		close(rn->sfd);
	rn->sfd = -1;
}

static int runner_ms_left(const struct runner *rn)
{
	struct timespec now;
	long long ms;

	if (!rn->has_deadline)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (rn->deadline.tv_sec - now.tv_sec) * 1000LL +
	     (rn->deadline.tv_nsec - now.tv_nsec + 999999) / 1000000;
	if (ms < 0)
		return 0;
	return ms > INT_MAX ? INT_MAX : ms;
}

/* poll FDS; FDS[0] and FDS[1] are the runner's, the caller owns the rest */
static enum ev runner_poll(struct runner *rn, struct pollfd *fds, nfds_t n)
{
	int ret, ms = runner_ms_left(rn);
	struct signalfd_siginfo si;
	char buf[4096];
	ssize_t len;

	/* SIGPIPE does not stop us: a reader gone away shows here */
	if (ferror(stdout)) {
		errorf("standard output: write error");
		return EV_ERROR;
	}
	if (!ms)
		return EV_TIMEOUT;
	fds[0].fd = rn->sfd;
	fds[0].events = POLLIN;
	fds[1].fd = rn->watch_stdin ? STDIN_FILENO : -1;
	fds[1].events = POLLIN;
	ret = poll(fds, n, ms);
	if (ret < 0 && errno == EINTR)
		return EV_NONE;
	if (ret < 0) {
		errorf("poll: %s", strerror(errno));
		return EV_ERROR;
	}
	if (fds[0].revents & POLLIN) {
		if (read(rn->sfd, &si, sizeof(si)) != sizeof(si))
			return EV_NONE;
		if (si.ssi_signo == SIGUSR1)
			return EV_USR1;
		return si.ssi_signo == SIGUSR2 ? EV_USR2 : EV_STOP;
	}
	if (fds[1].revents) {
		len = read(STDIN_FILENO, buf, sizeof(buf));
		if (!len || (len < 0 && errno != EINTR && errno != EAGAIN))
			return EV_STOP;
	}
	return EV_NONE;
}

/* wait until FD has EVENTS; EV_NONE when it does */
static enum ev runner_wait_fd(struct runner *rn, int fd, short events)
{
	struct pollfd fds[3] = { [2] = { .fd = fd, .events = events } };
	enum ev ev;

	for (;;) {
		ev = runner_poll(rn, fds, ARRAY_SIZE(fds));
		if (ev == EV_USR1 || ev == EV_USR2)
			continue;
		if (ev != EV_NONE || fds[2].revents)
			return ev;
	}
}

/* ------------------------------------------------------------------ */
/* peer-udp and peer-tcp: the peers they create                         */
/* ------------------------------------------------------------------ */

struct peer_list {
	struct peer_opts *v;
	unsigned int n;
};

static void peers_add(struct peer_list *pl, const struct peer_opts *p)
{
	pl->v = xrealloc(pl->v, (pl->n + 1) * sizeof(*pl->v));
	pl->v[pl->n++] = *p;
}

static int spec_field(const char *where, const char *f, struct peer_opts *p,
		      bool tcp)
{
	if (!looks_like_endpoint(f)) {
		if (opt_addr(f, &p->has_vpn4, &p->vpn4, &p->has_vpn6,
			     &p->vpn6))
			return RC_OK;
		errorf("%s: bad VPN address '%s' (one per family)", where, f);
		return RC_USAGE;
	}
	if (tcp) {
		errorf("%s: TCP peers take no remote endpoint ('%s')", where,
		       f);
		return RC_USAGE;
	}
	if (p->remote.family) {
		errorf("%s: two endpoints for one peer", where);
		return RC_USAGE;
	}
	if (!parse_endpoint(f, &p->remote) || p->remote.port < 0) {
		errorf("%s: bad endpoint '%s' (IPV4:PORT or [IPV6]:PORT)",
		       where, f);
		return RC_USAGE;
	}
	return RC_OK;
}

/* SPEC: ID[,ENDPOINT][,VPN-IP]..., commas or blanks between fields */
static int parse_spec(const char *where, const char *spec,
		      const struct peer_opts *tmpl, struct peer_opts *p,
		      bool tcp)
{
	char *buf = xstrdup(spec), *save = NULL, *f;
	int rc = RC_OK;

	*p = *tmpl;
	f = strtok_r(buf, ", \t\r\n", &save);
	if (!f || !parse_u32(f, &p->id)) {
		errorf("%s: a peer starts with its id: '%s'", where, spec);
		rc = RC_USAGE;
	}
	p->has_id = true;
	while (!rc && (f = strtok_r(NULL, ", \t\r\n", &save)))
		rc = spec_field(where, f, p, tcp);
	free(buf);
	return rc;
}

static int peers_file(const char *path, const struct peer_opts *tmpl,
		      bool tcp, struct peer_list *pl)
{
	unsigned int lineno = 0;
	char *line = NULL, *hash;
	char where[PATH_MAX + 16];
	struct peer_opts p;
	size_t cap = 0;
	int rc = RC_OK;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		errorf("%s: %s", path, strerror(errno));
		return RC_FAIL;
	}
	while (!rc && getline(&line, &cap, f) > 0) {
		lineno++;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		if (!line[strspn(line, ", \t\r\n")])
			continue;
		snprintf(where, sizeof(where), "%s:%u", path, lineno);
		rc = parse_spec(where, line, tmpl, &p, tcp);
		if (!rc)
			peers_add(pl, &p);
	}
	if (!rc && ferror(f)) {
		errorf("%s: read error", path);
		rc = RC_FAIL;
	}
	free(line);
	fclose(f);
	return rc;
}

/*
 * The peer given as ID with --remote and --vpn-ip, then every --peer, then
 * the --peers file; the other peer options apply to them all.
 */
static int collect_peers(struct cli *c, bool tcp, struct peer_list *pl)
{
	struct peer_opts tmpl = c->peer, p;
	unsigned int i;
	int rc;

	memset(&tmpl.remote, 0, sizeof(tmpl.remote));
	tmpl.remote.port = -1;
	tmpl.has_id = false;
	tmpl.has_vpn4 = false;
	tmpl.has_vpn6 = false;
	if (c->n_args > 1) {
		p = c->peer;
		rc = parse_id_arg(c, 1, &p.id);
		if (rc)
			return rc;
		p.has_id = true;
		if (tcp)
			p.remote = tmpl.remote;
		peers_add(pl, &p);
	} else if (c->peer.has_vpn4 || c->peer.has_vpn6 ||
		   (!tcp && c->peer.remote.family)) {
		errorf("%s: --remote and --vpn-ip are for peer ID: give ID",
		       c->cmd->name);
		return RC_USAGE;
	}
	for (i = 0; i < c->n_specs; i++) {
		rc = parse_spec("--peer", c->specs[i], &tmpl, &p, tcp);
		if (rc)
			return rc;
		peers_add(pl, &p);
	}
	if (c->peers_file)
		return peers_file(c->peers_file, &tmpl, tcp, pl);
	return RC_OK;
}

/* what peer-udp and peer-tcp share before their sockets exist */
static int run_prepare(struct cli *c, bool tcp, struct peer_list *pl,
		       struct nl *nl, __u32 *ifindex, struct runner *rn)
{
	int rc;

	if (c->edits.cmd >= 0) {
		errorf("%s: --cmd applies to one-shot requests only",
		       c->cmd->name);
		return RC_USAGE;
	}
	if (c->key.given) {
		rc = key_material_ok(c);
		if (rc)
			return rc;
	}
	rc = collect_peers(c, tcp, pl);
	if (!rc)
		rc = resolve_ifindex(c->args[0], ifindex);
	if (!rc)
		rc = ovpn_open(nl, &c->edits);
	if (!rc)
		rc = runner_init(rn, c->timeout, c->watch_stdin);
	return rc;
}

/* PEER_NEW on the peer's socket, then its keys if any were given */
static int setup_peer(struct nl *nl, __u32 ifindex, const struct peer_opts *p,
		      const struct key_opts *k)
{
	int rc = peer_request(nl, OVPN_CMD_PEER_NEW, ifindex, p, true);

	if (!rc && k->given)
		rc = key_new(nl, ifindex, p->id, k, true);
	return rc;
}

static const struct blob *usr1_payload(const struct cli *c)
{
	if (c->ctrl.set)
		return &c->ctrl;
	if (c->send_ctrl.set)
		return &c->send_ctrl;
	warnf("SIGUSR1: no --ctrl or --send-ctrl payload to send");
	return NULL;
}

static void print_ctrl(const char *from, const void *data, size_t len)
{
	printf("ctrl from=%s len=%zu hex=", from, len);
	print_hex(stdout, data, len);
	putchar('\n');
}

static void fmt_ep(char *buf, size_t len, const struct endpoint *ep)
{
	fmt_addr_port(buf, len, ep->family,
		      ep->family == AF_INET ? (const void *)&ep->a4 : &ep->a6,
		      ep->scope, ep->port);
}

/* ------------------------------------------------------------------ */
/* peer-udp                                                             */
/* ------------------------------------------------------------------ */

static int udp_socket(const struct endpoint *ep)
{
	struct sockaddr_storage ss;
	char name[EP_STR_LEN];
	int fd, zero = 0;
	socklen_t len;

	fd = socket(ep->family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
	if (fd < 0) {
		errorf("UDP socket: %s", strerror(errno));
		return -1;
	}
	/* dual stack, as OpenVPN's own sockets */
	if (ep->family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero))) {
		errorf("IPV6_V6ONLY: %s", strerror(errno));
		goto err;
	}
	ep_sockaddr(ep, ep->family, &ss, &len);
	if (bind(fd, (struct sockaddr *)&ss, len) < 0) {
		fmt_ep(name, sizeof(name), ep);
		errorf("bind %s: %s", name, strerror(errno));
		goto err;
	}
	return fd;
err:
	close(fd);
	return -1;
}

static int udp_connect(int fd, int family, const struct peer_list *pl)
{
	const struct endpoint *ep = pl->n ? &pl->v[0].remote : NULL;
	struct sockaddr_storage ss;
	char name[EP_STR_LEN];
	socklen_t len;

	if (!ep || !ep->family || ep->port < 0) {
		errorf("peer-udp: --connect needs a peer with ADDR:PORT");
		return RC_USAGE;
	}
	fmt_ep(name, sizeof(name), ep);
	if (!ep_sockaddr(ep, family, &ss, &len) ||
	    connect(fd, (struct sockaddr *)&ss, len) < 0) {
		errorf("connect %s: %s", name, strerror(errno));
		return RC_FAIL;
	}
	return RC_OK;
}

static void udp_send_ctrl(int fd, int family, const struct peer_list *pl,
			  const struct blob *b)
{
	struct sockaddr_storage ss;
	char name[EP_STR_LEN];
	unsigned int i;
	socklen_t len;

	for (i = 0; b && i < pl->n; i++) {
		if (!pl->v[i].remote.family || pl->v[i].remote.port < 0)
			continue;
		fmt_ep(name, sizeof(name), &pl->v[i].remote);
		if (!ep_sockaddr(&pl->v[i].remote, family, &ss, &len))
			warnf("cannot send to %s from this socket", name);
		else if (sendto(fd, b->data, b->len, 0,
				(struct sockaddr *)&ss, len) < 0)
			warnf("send to %s: %s", name, strerror(errno));
		else
			printf("ctrl-sent to=%s len=%zu\n", name, b->len);
	}
}

static void udp_receive(int fd, unsigned char *buf)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char from[EP_STR_LEN];
	ssize_t n;

	n = recvfrom(fd, buf, PKT_BUF_SIZE, MSG_DONTWAIT,
		     (struct sockaddr *)&ss, &sl);
	if (n < 0) {
		if (errno != EAGAIN && errno != EINTR)
			warnf("receive: %s", strerror(errno));
		return;
	}
	fmt_sockaddr(from, sizeof(from), &ss);
	print_ctrl(from, buf, n);
}

/*
 * SIGUSR2: the socket options that attaching the socket changes, to see
 * that detaching it puts them back
 */
static void udp_report_sockopts(int fd)
{
	socklen_t len = sizeof(int);
	int v;

	if (getsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &v, &len) < 0)
		printf("sockopt mc-loop=? (%s)\n", errno_name(errno));
	else
		printf("sockopt mc-loop=%d\n", v);
}

static int udp_loop(struct cli *c, struct runner *rn, int fd, int family,
		    const struct peer_list *pl)
{
	unsigned char *buf = xmalloc(PKT_BUF_SIZE);
	int rc = RC_OK;
	enum ev ev;

	for (;;) {
		struct pollfd fds[3] = { [2] = { .fd = fd, .events = POLLIN } };

		ev = runner_poll(rn, fds, ARRAY_SIZE(fds));
		if (ev == EV_ERROR)
			rc = RC_FAIL;
		if (ev == EV_ERROR || ev == EV_STOP || ev == EV_TIMEOUT)
			break;
		if (ev == EV_USR1)
			udp_send_ctrl(fd, family, pl, usr1_payload(c));
		else if (ev == EV_USR2)
			udp_report_sockopts(fd);
		else if (fds[2].revents)
			udp_receive(fd, buf);
	}
	free(buf);
	return rc;
}

static int cmd_peer_udp(struct cli *c)
{
	struct runner rn = { .sfd = -1 };
	struct peer_list pl = {};
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	char local[EP_STR_LEN];
	struct nl nl = {};
	int fd = -1, rc;
	__u32 ifindex;
	unsigned int i;

	if (!c->bind.family || c->bind.port < 0) {
		errorf("peer-udp: needs --bind ADDR:PORT (port 0: any)");
		return RC_USAGE;
	}
	rc = run_prepare(c, false, &pl, &nl, &ifindex, &rn);
	if (rc)
		goto out;
	fd = udp_socket(&c->bind);
	if (fd < 0) {
		rc = RC_FAIL;
		goto out;
	}
	if (c->connect) {
		rc = udp_connect(fd, c->bind.family, &pl);
		if (rc)
			goto out;
	}
	for (i = 0; i < pl.n && !rc; i++) {
		pl.v[i].fd = fd;
		rc = setup_peer(&nl, ifindex, &pl.v[i], &c->key);
	}
	if (rc)
		goto out;
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) < 0) {
		errorf("getsockname: %s", strerror(errno));
		rc = RC_FAIL;
		goto out;
	}
	fmt_sockaddr(local, sizeof(local), &ss);
	printf("ready pid=%d fd=%d local=%s peers=%u\n", getpid(), fd, local,
	       pl.n);
	if (c->send_ctrl.set)
		udp_send_ctrl(fd, c->bind.family, &pl, &c->send_ctrl);
	rc = udp_loop(c, &rn, fd, c->bind.family, &pl);
out:
	/* closing the socket is what removes its peers in the kernel */
	if (fd >= 0)
		close(fd);
	runner_close(&rn);
	nl_close(&nl);
	free(pl.v);
	return rc;
}

/* ------------------------------------------------------------------ */
/* peer-tcp                                                             */
/* ------------------------------------------------------------------ */

struct tconn {
	int fd;			/* -1 once closed */
	bool ended;		/* the remote is gone, the socket kept open */
	__u32 peer_id;
	char remote[EP_STR_LEN];
	unsigned char *rx;	/* a partial frame */
	size_t rx_len;
};

/* POLLIN reported with nothing to read: a level-triggered loop spins */
static unsigned long tcp_spurious;

static int tcp_listen(const struct endpoint *ep, unsigned int backlog)
{
	struct sockaddr_storage ss;
	char name[EP_STR_LEN];
	int fd, one = 1;
	socklen_t len;

	fmt_ep(name, sizeof(name), ep);
	fd = socket(ep->family, SOCK_STREAM | SOCK_CLOEXEC, IPPROTO_TCP);
	if (fd < 0) {
		errorf("TCP socket: %s", strerror(errno));
		return -1;
	}
	ep_sockaddr(ep, ep->family, &ss, &len);
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&ss, len) ||
	    listen(fd, backlog)) {
		errorf("listen on %s: %s", name, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int ev_rc(enum ev ev)
{
	if (ev == EV_TIMEOUT)
		return RC_TIMEOUT;
	return ev == EV_ERROR ? RC_FAIL : RC_OK;
}

/* *FD: the connection, or -1 when told to stop before one came */
static int tcp_accept(struct runner *rn, int lfd, int *fd)
{
	enum ev ev = runner_wait_fd(rn, lfd, POLLIN);

	*fd = -1;
	if (ev != EV_NONE)
		return ev_rc(ev);
	*fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	if (*fd < 0) {
		errorf("accept: %s", strerror(errno));
		return RC_FAIL;
	}
	return RC_OK;
}

static int tcp_connect(struct cli *c, struct runner *rn, int *fdp)
{
	int family = c->bind.family ? c->bind.family : c->peer.remote.family;
	struct sockaddr_storage ss;
	char name[EP_STR_LEN];
	socklen_t len = sizeof(int);
	int fd, flags, err = 0;
	enum ev ev;

	*fdp = -1;
	fmt_ep(name, sizeof(name), &c->peer.remote);
	fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    IPPROTO_TCP);
	if (fd < 0) {
		errorf("TCP socket: %s", strerror(errno));
		return RC_FAIL;
	}
	if (c->bind.family) {
		ep_sockaddr(&c->bind, family, &ss, &len);
		if (bind(fd, (struct sockaddr *)&ss, len) < 0) {
			errorf("bind: %s", strerror(errno));
			goto err;
		}
	}
	if (!ep_sockaddr(&c->peer.remote, family, &ss, &len)) {
		errorf("cannot reach %s from the --bind address", name);
		goto err;
	}
	if (connect(fd, (struct sockaddr *)&ss, len) < 0 &&
	    errno != EINPROGRESS) {
		errorf("connect %s: %s", name, strerror(errno));
		goto err;
	}
	ev = runner_wait_fd(rn, fd, POLLOUT);
	if (ev != EV_NONE) {
		close(fd);
		return ev_rc(ev);
	}
	len = sizeof(err);
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err) {
		errorf("connect %s: %s", name, strerror(err));
		goto err;
	}
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) < 0) {
		errorf("fcntl: %s", strerror(errno));
		goto err;
	}
	*fdp = fd;
	return RC_OK;
err:
	close(fd);
	return RC_FAIL;
}

static void tcp_report(struct tconn *tc)
{
	struct sockaddr_storage ss;
	char local[EP_STR_LEN];
	socklen_t sl = sizeof(ss);

	snprintf(local, sizeof(local), "?");
	snprintf(tc->remote, sizeof(tc->remote), "?");
	if (!getsockname(tc->fd, (struct sockaddr *)&ss, &sl))
		fmt_sockaddr(local, sizeof(local), &ss);
	sl = sizeof(ss);
	if (!getpeername(tc->fd, (struct sockaddr *)&ss, &sl))
		fmt_sockaddr(tc->remote, sizeof(tc->remote), &ss);
	printf("connected peer-id=%u fd=%d local=%s remote=%s\n", tc->peer_id,
	       tc->fd, local, tc->remote);
}

/* over TCP every packet goes with a 2-byte big endian length */
static void tcp_send_ctrl(struct tconn *tc, unsigned int n,
			  const struct blob *b)
{
	unsigned char *frame;
	unsigned int i;
	size_t off;
	ssize_t ret;

	if (!b)
		return;
	if (b->len > 65535) {
		warnf("control packet over 65535 bytes: not sent over TCP");
		return;
	}
	frame = xmalloc(b->len + 2);
	frame[0] = b->len >> 8;
	frame[1] = b->len & 0xff;
	if (b->len)
		memcpy(frame + 2, b->data, b->len);
	for (i = 0; i < n; i++) {
		for (off = 0; tc[i].fd >= 0 && off < b->len + 2; off += ret) {
			ret = send(tc[i].fd, frame + off, b->len + 2 - off,
				   MSG_NOSIGNAL);
			if (ret < 0 && errno == EINTR)
				ret = 0;
			else if (ret < 0)
				break;
		}
		if (tc[i].fd < 0)
			continue;
		if (off < b->len + 2)
			printf("ctrl-send-error to=%s errno=%s\n",
			       tc[i].remote, errno_name(errno));
		else
			printf("ctrl-sent to=%s len=%zu\n", tc[i].remote,
			       b->len);
	}
	free(frame);
}

/* HEX as it is, in one send(): no framing, maybe nothing at all */
static void tcp_send_raw(struct tconn *tc, unsigned int n,
			 const struct blob *b)
{
	unsigned int i;
	ssize_t ret;

	if (!b->set) {
		warnf("SIGUSR2: no --ctrl-raw payload to send");
		return;
	}
	for (i = 0; i < n; i++) {
		if (tc[i].fd < 0)
			continue;
		do {
			ret = send(tc[i].fd, b->data, b->len, MSG_NOSIGNAL);
		} while (ret < 0 && errno == EINTR);
		if (ret < 0)
			printf("ctrl-send-error to=%s errno=%s\n",
			       tc[i].remote, errno_name(errno));
		else
			printf("ctrl-raw-sent to=%s len=%zd\n", tc[i].remote,
			       ret);
	}
}

/*
 * --disconnect: connect(AF_UNSPEC), TCP's disconnect: the remote gets a
 * reset, the socket is left unconnected but open, and attached as far
 * as userspace did anything about it
 */
static void tcp_disconnect(struct tconn *tc, unsigned int n)
{
	struct sockaddr sa = { .sa_family = AF_UNSPEC };
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (tc[i].fd < 0)
			continue;
		if (connect(tc[i].fd, &sa, sizeof(sa)) < 0)
			printf("disconnect-error peer-id=%u errno=%s\n",
			       tc[i].peer_id, errno_name(errno));
		else
			printf("disconnected peer-id=%u\n", tc[i].peer_id);
	}
}

/* the remote is gone: close, or keep the socket for later sends */
static void tcp_close(struct tconn *tc, bool keep_open)
{
	if (keep_open) {
		printf("tcp-ended from=%s peer-id=%u (kept open)\n",
		       tc->remote, tc->peer_id);
		tc->ended = true;
		return;
	}
	printf("tcp-closed from=%s peer-id=%u\n", tc->remote, tc->peer_id);
	close(tc->fd);
	tc->fd = -1;
}

/* what the kernel leaves to userspace: whole frames, length first */
static void tcp_receive(struct tconn *tc, short revents, bool keep_open)
{
	size_t plen;
	ssize_t n;

	n = recv(tc->fd, tc->rx + tc->rx_len, TCP_RX_SIZE - tc->rx_len,
		 MSG_DONTWAIT);
	if (n < 0 && errno == EAGAIN && (revents & POLLIN))
		tcp_spurious++;
	/* hung up with nothing left to read: over, not to be polled again */
	if (n < 0 && errno == EAGAIN && (revents & (POLLHUP | POLLERR)))
		n = 0;
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0)
		printf("tcp-error from=%s peer-id=%u errno=%s\n", tc->remote,
		       tc->peer_id, errno_name(errno));
	if (n <= 0) {
		tcp_close(tc, keep_open);
		return;
	}
	tc->rx_len += n;
	while (tc->rx_len >= 2) {
		plen = tc->rx[0] << 8 | tc->rx[1];
		if (tc->rx_len < plen + 2)
			break;
		print_ctrl(tc->remote, tc->rx + 2, plen);
		tc->rx_len -= plen + 2;
		memmove(tc->rx, tc->rx + plen + 2, tc->rx_len);
	}
}

static int tcp_loop(struct cli *c, struct runner *rn, struct tconn *tc,
		    unsigned int n)
{
	struct pollfd *fds = xmalloc((n + 2) * sizeof(*fds));
	unsigned int i;
	int rc = RC_OK;
	enum ev ev;

	for (;;) {
		for (i = 0; i < n; i++) {
			/* the reader threads have the sockets to themselves */
			fds[i + 2].fd = tc[i].ended || c->recv_thread ?
					-1 : tc[i].fd;
			fds[i + 2].events = POLLIN;
			fds[i + 2].revents = 0;
		}
		ev = runner_poll(rn, fds, n + 2);
		if (ev == EV_ERROR)
			rc = RC_FAIL;
		if (ev == EV_ERROR || ev == EV_STOP || ev == EV_TIMEOUT)
			break;
		if (ev == EV_USR1) {
			tcp_send_ctrl(tc, n, usr1_payload(c));
			continue;
		}
		if (ev == EV_USR2 && c->disconnect)
			tcp_disconnect(tc, n);
		else if (ev == EV_USR2)
			tcp_send_raw(tc, n, &c->ctrl_raw);
		if (ev == EV_USR2)
			continue;
		for (i = 0; i < n; i++)
			if (fds[i + 2].fd >= 0 && fds[i + 2].revents)
				tcp_receive(&tc[i], fds[i + 2].revents,
					    c->keep_open);
	}
	free(fds);
	return rc;
}

/*
 * --recv-thread: one thread per socket blocked in recv(), as a
 * multi-threaded userspace would be; it prints what it reads. The
 * threads are never joined: the process ends with them in recv(), so
 * each has its own copy of what it needs.
 */
struct reader {
	int fd;
	__u32 peer_id;
};

static void *tcp_recv_thread(void *arg)
{
	unsigned char *buf = xmalloc(TCP_RX_SIZE);
	struct reader *r = arg;
	ssize_t n;

	printf("recv-thread peer-id=%u waiting\n", r->peer_id);
	for (;;) {
		n = recv(r->fd, buf, TCP_RX_SIZE, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		printf("recv-thread peer-id=%u len=%zd\n", r->peer_id, n);
	}
	printf("recv-thread peer-id=%u end=%s\n", r->peer_id,
	       n ? errno_name(errno) : "eof");
	free(buf);
	free(r);
	return NULL;
}

static int tcp_start_reader(const struct tconn *tc)
{
	struct reader *r = xmalloc(sizeof(*r));
	pthread_t t;
	int err;

	r->fd = tc->fd;
	r->peer_id = tc->peer_id;
	err = pthread_create(&t, NULL, tcp_recv_thread, r);
	if (!err)
		err = pthread_detach(t);
	else
		free(r);
	if (err) {
		errorf("reader thread: %s", strerror(err));
		return RC_FAIL;
	}
	return RC_OK;
}

/* --ulp: what userspace gets when it adds a ULP to an attached socket */
static void tcp_try_ulp(const struct tconn *tc, const char *ulp)
{
	if (setsockopt(tc->fd, SOL_TCP, TCP_ULP, ulp, strlen(ulp)) < 0)
		printf("ulp %s: %s peer-id=%u\n", ulp, errno_name(errno),
		       tc->peer_id);
	else
		printf("ulp %s: ok peer-id=%u\n", ulp, tc->peer_id);
}

static int cmd_peer_tcp(struct cli *c)
{
	struct runner rn = { .sfd = -1 };
	struct peer_list pl = {};
	struct tconn *tc = NULL;
	char name[EP_STR_LEN];
	unsigned int i, n = 0;
	struct nl nl = {};
	int lfd = -1, rc;
	__u32 ifindex;

	if (!c->peer.remote.family == !c->listen.family ||
	    (c->peer.remote.family && c->peer.remote.port < 0) ||
	    (c->listen.family && c->listen.port < 0)) {
		errorf("peer-tcp: needs --remote or --listen ADDR:PORT");
		return RC_USAGE;
	}
	rc = run_prepare(c, true, &pl, &nl, &ifindex, &rn);
	if (!rc && (!pl.n || (c->peer.remote.family && pl.n > 1))) {
		errorf("peer-tcp: one peer to connect, or peers to accept");
		rc = RC_USAGE;
	}
	if (!rc && c->disconnect && c->ctrl_raw.set) {
		errorf("peer-tcp: --disconnect or --ctrl-raw, not both");
		rc = RC_USAGE;
	}
	if (rc)
		goto out;
	tc = xmalloc(pl.n * sizeof(*tc));
	memset(tc, 0, pl.n * sizeof(*tc));
	if (c->listen.family) {
		lfd = tcp_listen(&c->listen, pl.n);
		if (lfd < 0) {
			rc = RC_FAIL;
			goto out;
		}
		fmt_ep(name, sizeof(name), &c->listen);
		printf("listening local=%s\n", name);
	}
	for (n = 0; n < pl.n; n++) {
		if (lfd >= 0)
			rc = tcp_accept(&rn, lfd, &tc[n].fd);
		else
			rc = tcp_connect(c, &rn, &tc[n].fd);
		if (rc || tc[n].fd < 0)
			goto out;
		tc[n].peer_id = pl.v[n].id;
		tc[n].rx = xmalloc(TCP_RX_SIZE);
		tcp_report(&tc[n]);
		pl.v[n].fd = tc[n].fd;
		rc = setup_peer(&nl, ifindex, &pl.v[n], &c->key);
		if (rc) {
			n++;
			goto out;
		}
		if (c->ulp)
			tcp_try_ulp(&tc[n], c->ulp);
	}
	if (lfd >= 0)
		close(lfd);
	lfd = -1;
	for (i = 0; c->recv_thread && i < n && !rc; i++)
		rc = tcp_start_reader(&tc[i]);
	if (rc)
		goto out;
	printf("ready pid=%d peers=%u\n", getpid(), n);
	if (c->send_ctrl.set)
		tcp_send_ctrl(tc, n, &c->send_ctrl);
	rc = tcp_loop(c, &rn, tc, n);
	printf("stats spurious-wakeups=%lu sigpipe=%d\n", tcp_spurious,
	       __atomic_load_n(&sigpipe_count, __ATOMIC_RELAXED));
out:
	for (i = 0; i < n; i++) {
		if (tc[i].fd >= 0)
			close(tc[i].fd);
		free(tc[i].rx);
	}
	if (lfd >= 0)
		close(lfd);
	free(tc);
	runner_close(&rn);
	nl_close(&nl);
	free(pl.v);
	return rc;
}

/* ------------------------------------------------------------------ */
/* tcp-raw: a TCP remote that is not the driver                         */
/* ------------------------------------------------------------------ */

/*
 * The steps of a script, in order, on one connection. Whatever arrives
 * meanwhile is printed as it comes (sleep, pause and wait read; a
 * blocked send does not). A table, so that a fuzzer can drive it too.
 */
enum raw_op {
	RAW_SEND,		/* send:HEX   the bytes as they are */
	RAW_FRAME,		/* frame:HEX  2-byte length, then HEX */
	RAW_SLEEP,		/* sleep:MS */
	RAW_PAUSE,		/* pause      until SIGUSR1 */
	RAW_SHUT,		/* shut       shutdown(SHUT_WR) */
	RAW_RST,		/* rst        SO_LINGER {1, 0}, then close */
	RAW_CLOSE,		/* close */
	RAW_WAIT,		/* wait       until the end of the stream */
};

static const char * const raw_op_names[] = {
	"send", "frame", "sleep", "pause", "shut", "rst", "close", "wait",
	NULL
};

struct raw_step {
	enum raw_op op;
	struct blob data;	/* send, frame */
	unsigned int ms;	/* sleep */
};

struct raw_conn {
	int fd;			/* -1 once a step closed it */
	bool ended;		/* the remote's side is done */
	unsigned char *buf;
};

/* STEP: NAME or NAME:ARG; CLOSED: an earlier step closed the socket */
static int raw_parse_step(const char *arg, struct raw_step *st, bool *closed)
{
	const char *colon = strchr(arg, ':');
	size_t nlen = colon ? (size_t)(colon - arg) : strlen(arg);
	char name[16];
	__u32 v;
	int i;

	memset(st, 0, sizeof(*st));
	if (nlen >= sizeof(name))
		goto bad;
	memcpy(name, arg, nlen);
	name[nlen] = '\0';
	i = name_index(raw_op_names, name);
	if (i < 0)
		goto bad;
	st->op = i;
	switch (st->op) {
	case RAW_SEND:
	case RAW_FRAME:
		if (!colon || !parse_hex(colon + 1, &st->data) ||
		    (st->op == RAW_FRAME && st->data.len > 65535))
			goto bad;
		break;
	case RAW_SLEEP:
		if (!colon || !parse_u32(colon + 1, &v) || v > INT_MAX)
			goto bad;
		st->ms = v;
		break;
	default:
		if (colon)
			goto bad;
	}
	if (*closed && st->op != RAW_SLEEP && st->op != RAW_PAUSE) {
		errorf("tcp-raw: step '%s' after the socket is closed", arg);
		return RC_USAGE;
	}
	if (st->op == RAW_RST || st->op == RAW_CLOSE)
		*closed = true;
	return RC_OK;
bad:
	errorf("tcp-raw: bad step '%s'", arg);
	return RC_USAGE;
}

static void raw_read(struct raw_conn *conn)
{
	ssize_t n;

	n = recv(conn->fd, conn->buf, PKT_BUF_SIZE, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0) {
		printf("recv-error errno=%s\n", errno_name(errno));
		conn->ended = true;
		return;
	}
	if (!n) {
		printf("eof\n");
		conn->ended = true;
		return;
	}
	printf("recv len=%zd hex=", n);
	print_hex(stdout, conn->buf, n);
	putchar('\n');
}

/*
 * sleep, pause and wait: read and print until the step is over. EV_NONE
 * then; EV_STOP, EV_TIMEOUT (--timeout, outside wait) or EV_ERROR end
 * the run.
 */
static enum ev raw_idle(struct runner *rn, struct raw_conn *conn,
			const struct raw_step *st)
{
	struct runner sub;
	struct timespec end;
	enum ev ev;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += st->ms / 1000;
	end.tv_nsec += (st->ms % 1000) * 1000000L;
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	for (;;) {
		struct pollfd fds[3] = {
			[2] = { .fd = conn->ended ? -1 : conn->fd,
				.events = POLLIN },
		};

		if (st->op == RAW_WAIT && (conn->fd < 0 || conn->ended))
			return EV_NONE;
		sub = *rn;
		if (st->op == RAW_SLEEP &&
		    (!sub.has_deadline || end.tv_sec < sub.deadline.tv_sec ||
		     (end.tv_sec == sub.deadline.tv_sec &&
		      end.tv_nsec < sub.deadline.tv_nsec))) {
			sub.has_deadline = true;
			sub.deadline = end;
		}
		ev = runner_poll(&sub, fds, ARRAY_SIZE(fds));
		if (ev == EV_TIMEOUT && st->op == RAW_SLEEP &&
		    runner_ms_left(rn))
			return EV_NONE;
		if ((ev == EV_TIMEOUT && st->op == RAW_WAIT) ||
		    (ev == EV_USR1 && st->op == RAW_PAUSE))
			return EV_NONE;
		if (ev == EV_STOP || ev == EV_TIMEOUT || ev == EV_ERROR)
			return ev;
		if (ev == EV_NONE && fds[2].fd >= 0 && fds[2].revents)
			raw_read(conn);
	}
}

/* send and frame; a send error is reported, not fatal */
static enum ev raw_send(struct runner *rn, struct raw_conn *conn,
			const struct raw_step *st)
{
	size_t len = st->data.len, off = 0;
	unsigned char *buf;
	enum ev ev = EV_NONE;
	ssize_t n;

	buf = xmalloc(len + 2);
	if (st->op == RAW_FRAME) {
		buf[off++] = len >> 8;
		buf[off++] = len & 0xff;
	}
	if (len)
		memcpy(buf + off, st->data.data, len);
	len += off;
	/* one send() at least: "send:" is a zero-length one */
	for (off = 0;;) {
		n = send(conn->fd, buf + off, len - off, MSG_NOSIGNAL);
		if (n >= 0) {
			off += n;
			if (off >= len)
				break;
		} else if (errno == EAGAIN) {
			ev = runner_wait_fd(rn, conn->fd, POLLOUT);
			if (ev != EV_NONE)
				goto out;
		} else if (errno != EINTR) {
			printf("send-error errno=%s\n", errno_name(errno));
			goto out;
		}
	}
	printf("sent len=%zu\n", len);
out:
	free(buf);
	return ev;
}

static enum ev raw_step_run(struct runner *rn, struct raw_conn *conn,
			    const struct raw_step *st)
{
	struct linger lg = { .l_onoff = 1, .l_linger = 0 };

	switch (st->op) {
	case RAW_SEND:
	case RAW_FRAME:
		return raw_send(rn, conn, st);
	case RAW_SHUT:
		if (shutdown(conn->fd, SHUT_WR) < 0)
			printf("shut-error errno=%s\n", errno_name(errno));
		else
			printf("shut\n");
		return EV_NONE;
	case RAW_RST:
		if (setsockopt(conn->fd, SOL_SOCKET, SO_LINGER, &lg,
			       sizeof(lg)) < 0) {
			errorf("SO_LINGER: %s", strerror(errno));
			return EV_ERROR;
		}
		close(conn->fd);
		conn->fd = -1;
		printf("rst-sent\n");
		return EV_NONE;
	case RAW_CLOSE:
		close(conn->fd);
		conn->fd = -1;
		printf("closed\n");
		return EV_NONE;
	default:
		return raw_idle(rn, conn, st);
	}
}

/* the connection, non-blocking, each send its own segment */
static int raw_open(struct cli *c, struct runner *rn, int *fd)
{
	char name[EP_STR_LEN], local[EP_STR_LEN], remote[EP_STR_LEN];
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	int lfd, flags, one = 1, rc;

	if (c->listen.family) {
		lfd = tcp_listen(&c->listen, 1);
		if (lfd < 0)
			return RC_FAIL;
		fmt_ep(name, sizeof(name), &c->listen);
		printf("listening local=%s\n", name);
		rc = tcp_accept(rn, lfd, fd);
		close(lfd);
	} else {
		rc = tcp_connect(c, rn, fd);
	}
	if (rc || *fd < 0)
		return rc;
	flags = fcntl(*fd, F_GETFL);
	if (flags < 0 || fcntl(*fd, F_SETFL, flags | O_NONBLOCK) < 0 ||
	    setsockopt(*fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one))) {
		errorf("tcp-raw: socket options: %s", strerror(errno));
		return RC_FAIL;
	}
	snprintf(local, sizeof(local), "?");
	snprintf(remote, sizeof(remote), "?");
	if (!getsockname(*fd, (struct sockaddr *)&ss, &sl))
		fmt_sockaddr(local, sizeof(local), &ss);
	sl = sizeof(ss);
	if (!getpeername(*fd, (struct sockaddr *)&ss, &sl))
		fmt_sockaddr(remote, sizeof(remote), &ss);
	printf("connected local=%s remote=%s\n", local, remote);
	return RC_OK;
}

static int cmd_tcp_raw(struct cli *c)
{
	struct raw_conn conn = { .fd = -1 };
	struct runner rn = { .sfd = -1 };
	struct raw_step *steps;
	bool closed = false;
	int i, n, rc = RC_OK;
	enum ev ev;

	if (!c->peer.remote.family == !c->listen.family ||
	    (c->peer.remote.family && c->peer.remote.port < 0) ||
	    (c->listen.family && c->listen.port < 0) ||
	    (c->listen.family && c->bind.family)) {
		errorf("tcp-raw: needs --remote or --listen ADDR:PORT");
		return RC_USAGE;
	}
	steps = xmalloc(c->n_args * sizeof(*steps));
	for (n = 0; n < c->n_args && !rc; n++)
		rc = raw_parse_step(c->args[n], &steps[n], &closed);
	if (rc)
		goto out;
	rc = runner_init(&rn, c->timeout, false);
	if (!rc)
		rc = raw_open(c, &rn, &conn.fd);
	if (rc || conn.fd < 0)
		goto out;
	conn.buf = xmalloc(PKT_BUF_SIZE);
	for (i = 0; i < n; i++) {
		ev = raw_step_run(&rn, &conn, &steps[i]);
		if (ev != EV_NONE) {
			rc = ev_rc(ev);
			goto out;
		}
	}
	printf("done\n");
out:
	for (i = 0; i < n; i++)
		blob_free(&steps[i].data);
	free(steps);
	free(conn.buf);
	if (conn.fd >= 0)
		close(conn.fd);
	runner_close(&rn);
	return rc;
}

/* ------------------------------------------------------------------ */
/* listen                                                               */
/* ------------------------------------------------------------------ */

static int listen_read(struct nl *nl, __u32 count, __u32 *events)
{
	const struct nlmsghdr *nlh;
	ssize_t ret;
	int n;

	ret = recv(mnl_socket_get_fd(nl->sock), nl->rx, RX_BUF_SIZE,
		   MSG_DONTWAIT);
	if (ret < 0 && (errno == EAGAIN || errno == EINTR))
		return RC_OK;
	if (ret < 0 && errno == ENOBUFS) {
		warnf("notifications lost: %s", strerror(errno));
		return RC_OK;
	}
	if (ret < 0) {
		errorf("netlink receive: %s", strerror(errno));
		return RC_FAIL;
	}
	n = ret;
	for (nlh = (const void *)nl->rx; mnl_nlmsg_ok(nlh, n);
	     nlh = mnl_nlmsg_next(nlh, &n)) {
		if (nlh->nlmsg_type != nl->family)
			continue;
		print_ntf(nlh);
		if (++*events == count)
			break;
	}
	return RC_OK;
}

static const int listen_rcvbuf = 64 << 20;

static int cmd_listen(struct cli *c)
{
	struct runner rn = { .sfd = -1 };
	struct nl nl = {};
	__u32 events = 0;
	enum ev ev;
	int rc;

	rc = ovpn_open(&nl, NULL);
	if (rc)
		goto out;
	if (!nl.mcgrp) {
		errorf("family %s has no group \"%s\"", OVPN_FAMILY_NAME,
		       OVPN_MCGRP_PEERS);
		rc = RC_FAIL;
		goto out;
	}
	if (mnl_socket_setsockopt(nl.sock, NETLINK_ADD_MEMBERSHIP, &nl.mcgrp,
				  sizeof(nl.mcgrp)) < 0) {
		errorf("join group %s: %s", OVPN_MCGRP_PEERS, strerror(errno));
		rc = RC_FAIL;
		goto out;
	}
	/* a server losing all its peers at once sends one notification
	 * each: room for tens of thousands (the forced size needs
	 * CAP_NET_ADMIN, else the default limit applies)
	 */
	if (setsockopt(mnl_socket_get_fd(nl.sock), SOL_SOCKET, SO_RCVBUFFORCE,
		       &listen_rcvbuf, sizeof(listen_rcvbuf)) < 0)
		setsockopt(mnl_socket_get_fd(nl.sock), SOL_SOCKET, SO_RCVBUF,
			   &listen_rcvbuf, sizeof(listen_rcvbuf));
	rc = runner_init(&rn, c->timeout, false);
	if (rc)
		goto out;
	printf("ready group=%s\n", OVPN_MCGRP_PEERS);
	while (!rc && (!c->count || events < c->count)) {
		struct pollfd fds[3] = {
			[2] = { .fd = mnl_socket_get_fd(nl.sock),
				.events = POLLIN },
		};

		ev = runner_poll(&rn, fds, ARRAY_SIZE(fds));
		if (ev == EV_TIMEOUT && c->count)
			rc = RC_TIMEOUT;
		if (ev == EV_ERROR)
			rc = RC_FAIL;
		if (ev == EV_ERROR || ev == EV_STOP || ev == EV_TIMEOUT)
			break;
		if (ev == EV_NONE && fds[2].revents)
			rc = listen_read(&nl, c->count, &events);
	}
out:
	runner_close(&rn);
	nl_close(&nl);
	return rc;
}

/* ------------------------------------------------------------------ */
/* dco: requests of the ovpn-dco-v2 family, as OpenVPN 2.6 sends them   */
/* ------------------------------------------------------------------ */

/* one GET_PEER reply or DEL_PEER message, as key=value */
static void dco_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct attr_desc *d;
	struct line l = { "" };
	const struct nlattr *a;

	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		d = set_desc(&dco_reply_set, mnl_attr_get_type(a));
		if (d && d->vt == VT_NEST)
			print_fields(&l, d->nest, a, "", 0);
	}
	putchar('\n');
}

/* The request is the ifindex and what --attr adds, in the nest of the
 * command; GET_PEER without attributes dumps every peer.
 */
static int cmd_dco(struct cli *c)
{
	struct genlmsghdr *genl;
	struct nl nl = {};
	__u32 ifindex, cmd;
	struct req r;
	int rc;

	if (!parse_enum(dco_cmd_names, c->args[1], &cmd) || !cmd) {
		errorf("dco: unknown request '%s'", c->args[1]);
		return RC_USAGE;
	}
	rc = resolve_ifindex(c->args[0], &ifindex);
	if (!rc)
		rc = genl_open(&nl, DCO_FAMILY_NAME, DCO_MCGRP_PEERS);
	if (rc)
		goto out;

	req_start(&r, &nl, nl.family,
		  cmd == DCO_CMD_GET_PEER && !c->edits.n ? NLM_F_DUMP :
		  NLM_F_ACK, sizeof(*genl));
	genl = mnl_nlmsg_get_payload(r.nlh);
	genl->cmd = cmd;
	genl->version = 1;
	r.set = &dco_set;
	r.edits = &c->edits;
	req_put_u32(&r, 1, ifindex);
	req_finish(&r);
	rc = nl_transact(&nl, &r, dco_cb, NULL);
out:
	nl_close(&nl);
	return rc;
}

/* ------------------------------------------------------------------ */
/* mcast-join: who may join a generic netlink group                     */
/* ------------------------------------------------------------------ */

/* no capabilities left at all, bounding set included; the uid stays */
static int drop_caps(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {};
	int cap = 0;

	while (!prctl(PR_CAPBSET_DROP, cap, 0, 0, 0))
		cap++;
	if (errno != EINVAL) {
		errorf("PR_CAPBSET_DROP %d: %s", cap, strerror(errno));
		return RC_FAIL;
	}
	if (syscall(SYS_capset, &hdr, data) < 0) {
		errorf("capset: %s", strerror(errno));
		return RC_FAIL;
	}
	return RC_OK;
}

static int cmd_mcast_join(struct cli *c)
{
	const char *family = c->args[0], *group = c->args[1];
	struct nl nl = {};
	int rc, err;

	rc = genl_open(&nl, family, group);
	if (!rc && !nl.mcgrp) {
		errorf("family %s has no group \"%s\"", family, group);
		rc = RC_FAIL;
	}
	if (!rc && c->drop_caps)
		rc = drop_caps();
	if (rc)
		goto out;
	if (mnl_socket_setsockopt(nl.sock, NETLINK_ADD_MEMBERSHIP, &nl.mcgrp,
				  sizeof(nl.mcgrp)) < 0) {
		err = errno;
		errorf("join %s/%s: %s (%d) %s", family, group, strerror(err),
		       err, errno_name(err));
		rc = RC_FAIL;
		goto out;
	}
	printf("joined family=%s group=%s id=%u caps=%s\n", family, group,
	       nl.mcgrp, c->drop_caps ? "none" : "kept");
out:
	nl_close(&nl);
	return rc;
}

/* ------------------------------------------------------------------ */
/* the wire: inject and capture                                         */
/* ------------------------------------------------------------------ */

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

static int cmd_inject(struct cli *c)
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

static int cmd_capture(struct cli *c)
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

/* ------------------------------------------------------------------ */
/* usage and main                                                       */
/* ------------------------------------------------------------------ */

static const char usage_text[] =
"Usage: ovpn-cli [-n NETNS] COMMAND ARGS [OPTIONS]\n"
"\n"
"Reference client of the ovpn driver (OpenVPN data channel offload):\n"
"its \"ovpn\" link kind, its \"ovpn\" generic netlink family, the\n"
"sockets it takes, its notifications and its wire format.\n"
"  -n NETNS   work in network namespace NETNS (a name of 'ip netns'\n"
"             or a path such as /proc/PID/ns/net)\n"
"  -h         this help\n"
"\n"
"Interfaces\n"
"  iface-new IFNAME [p2p|mp|MODE]   create; MODE is a raw u8\n"
"  iface-del IFNAME\n"
"\n"
"Peers: a peer lives as long as its socket is open (see peer-udp)\n"
"  peer-new IFNAME ID [PEER-OPTS] [--fd [PID:]FD | --sock TYPE]\n"
"  peer-set IFNAME ID [PEER-OPTS]\n"
"  peer-get IFNAME [ID]        one peer, or all: a key=value line each\n"
"  peer-del IFNAME ID\n"
"\n"
"Keys\n"
"  key-new  IFNAME PEER-ID KEY-OPTS\n"
"  key-get  IFNAME PEER-ID [--slot SLOT]\n"
"  key-swap IFNAME PEER-ID\n"
"  key-del  IFNAME PEER-ID [--slot SLOT]\n"
"  genkey   [SEED] [--peer-id ID] [--key-len N]\n"
"           print KEY-OPTS for --key-dir 0 (line 1) and 1 (line 2):\n"
"           what --key-seed SEED installs for peer ID; random\n"
"           material without SEED\n"
"\n"
"Sockets: set up, print \"ready ...\", then stay in the foreground and\n"
"print each control packet received; stop on SIGINT or SIGTERM and\n"
"close the sockets, which removes their peers\n"
"  peer-udp IFNAME [ID] --bind ENDPOINT [--connect] [PEER-OPTS]\n"
"           [KEY-OPTS] [RUN-OPTS]\n"
"           one UDP socket for all the peers (IPv6: dual stack);\n"
"           --connect connects it to the first peer's remote\n"
"  peer-tcp IFNAME [ID] --remote ENDPOINT [--bind ENDPOINT]\n"
"           [PEER-OPTS] [KEY-OPTS] [RUN-OPTS]\n"
"  peer-tcp IFNAME [ID] --listen ENDPOINT [PEER-OPTS] [KEY-OPTS]\n"
"           [RUN-OPTS] [TCP-OPTS]\n"
"           connect to --remote (not sent as an attribute), or\n"
"           accept one connection per peer, in order (prints\n"
"           \"listening ...\" first); each peer on its own socket\n"
"           SIGUSR2: peer-udp prints the socket options that attaching\n"
"           changes, peer-tcp sends --ctrl-raw (or --disconnect)\n"
"  listen   [--count N] [--timeout SEC]\n"
"           print the notifications of the \"peers\" group\n"
"  dco IFNAME REQUEST [--attr PATH=VALUE]...\n"
"      a request of the ovpn-dco-v2 family (OpenVPN 2.6): REQUEST is\n"
"      new-peer, set-peer, del-peer, new-key, swap-keys, del-key or\n"
"      get-peer (a dump without --attr); paths start at the request's\n"
"      nest, e.g. --attr new-key.key-slot=secondary\n"
"  mcast-join FAMILY GROUP [--drop-caps]\n"
"           join group GROUP of generic netlink family FAMILY (any\n"
"           family); --drop-caps drops every capability first (the uid\n"
"           stays 0)\n"
"\n"
"Raw TCP: a remote that is not the driver\n"
"  tcp-raw  (--remote ENDPOINT [--bind ENDPOINT] | --listen ENDPOINT)\n"
"           [--timeout SEC] STEP...\n"
"           connect, or accept one connection, with TCP_NODELAY; print\n"
"           \"connected ...\", run the steps in order, print \"done\".\n"
"           What arrives meanwhile is printed. STEP is one of\n"
"           send:HEX     the bytes as they are (send: sends nothing)\n"
"           frame:HEX    a 2-byte big endian length, then HEX\n"
"           sleep:MS     MS milliseconds\n"
"           pause        until SIGUSR1\n"
"           shut         shutdown(SHUT_WR)\n"
"           rst          SO_LINGER {1, 0}, then close: a reset\n"
"           close        close\n"
"           wait         until the end of the stream, SIGTERM or\n"
"                        --timeout\n"
"\n"
"Wire\n"
"  inject   --from ENDPOINT --to ENDPOINT [--dev IFNAME] HEX\n"
"           send UDP payload HEX from any address and port (raw IP)\n"
"  capture  --port PORT [--opcode N] [--dev IFNAME] [--count N]\n"
"           [--timeout SEC]\n"
"           print UDP payloads to or from PORT (opcode 9: P_DATA_V2)\n"
"\n"
"PEER-OPTS\n"
"  --remote ENDPOINT    remote address and port\n"
"  --vpn-ip ADDR        VPN IPv4 or IPv6 address (once per family)\n"
"  --local-ip ADDR      local IPv4 or IPv6 address\n"
"  --keepalive I,T      keepalive interval and timeout, seconds\n"
"  --tx-id ID           peer id to write into outgoing packets\n"
"  --fd [PID:]FD        socket: our FD, or a copy of FD of process PID\n"
"                       (the fd=N that peer-udp prints)\n"
"  --sock TYPE          socket: a new udp, udp6, tcp, tcp6 or unix one,\n"
"                       unbound, closed on exit (for negative tests)\n"
"KEY-OPTS\n"
"  --slot primary|secondary|N              default primary\n"
"  --key-id N                              default 0\n"
"  --cipher aes-gcm|chacha20-poly1305|none|N   default aes-gcm\n"
"  --enc-key HEX --enc-nonce HEX --dec-key HEX --dec-nonce HEX\n"
"  --key-seed SEED [--key-dir 0|1] [--key-len N]\n"
"        derive keys and nonce tails from SEED and the peer id: the\n"
"        side with --key-dir 0 (default) encrypts with what the side\n"
"        with --key-dir 1 decrypts with, and the other way round;\n"
"        --key-len defaults to 32. Test material, not a secret.\n"
"RUN-OPTS\n"
"  --peer SPEC          one more peer: ID[,ENDPOINT][,VPN-IP]...\n"
"  --peers FILE         one SPEC a line (commas or blanks, # comments)\n"
"                       PEER-OPTS other than --remote and --vpn-ip\n"
"                       apply to every peer\n"
"  --send-ctrl HEX      send HEX to every peer once set up\n"
"  --ctrl HEX           send HEX to every peer on each SIGUSR1\n"
"                       (default: the --send-ctrl payload)\n"
"  --stdin              stop at the end of standard input too (not\n"
"                       in a script's & job: its stdin is /dev/null)\n"
"  --timeout SEC        stop after SEC seconds too\n"
"TCP-OPTS (peer-tcp)\n"
"  --keep-open          keep a socket whose remote closed or reset it:\n"
"                       later sends still go to it (tcp-ended)\n"
"  --ctrl-raw HEX       send HEX unframed in one send() on each SIGUSR2\n"
"                       (an empty HEX: a zero-length send)\n"
"  --recv-thread        once set up, a thread per socket blocked in\n"
"                       recv(); the main loop leaves the sockets alone\n"
"  --ulp NAME           once set up, try setsockopt(TCP_ULP, NAME) on\n"
"                       each socket and print the result\n"
"  --disconnect         on SIGUSR2, connect(AF_UNSPEC) each socket\n"
"                       instead: TCP's disconnect, a reset for the\n"
"                       remote; the socket stays open\n"
"  at exit it prints the stats line: POLLIN with nothing to read\n"
"  (spurious wakeups), and the SIGPIPEs received although every send\n"
"  passes MSG_NOSIGNAL\n"
"REQUEST EDITS, for every ovpn request of a command (negative tests)\n"
"  --omit PATH          leave attribute PATH out\n"
"  --attr PATH=VALUE    set attribute PATH: replace it, or add it to\n"
"                       its nest (one-shot commands create the nest)\n"
"  --cmd N              send generic netlink command N instead\n"
"  PATH is dotted as in the spec (ifindex, peer.remote-ipv6,\n"
"  keyconf.encrypt-dir.nonce-tail) or any unique tail of one (id,\n"
"  remote-ipv6, encrypt-dir.nonce-tail); a number names any type\n"
"  (peer.99). VALUE is read as the attribute's type (number, name,\n"
"  address, hex) or given as TYPE:VALUE with TYPE one of u8 u16 u32\n"
"  u64 s32 be16 be32 ip hex str; an empty VALUE is an empty payload.\n"
"\n"
"ENDPOINT is IPV4[:PORT] or [IPV6[%SCOPE]][:PORT] (SCOPE: interface\n"
"name or index); in a SPEC it needs its port. IFNAME may be an\n"
"ifindex. Numbers are decimal or 0x hex; ids, slots, ciphers, modes\n"
"and lengths are sent unchecked, for the kernel to check.\n"
"\n"
"Output (stdout, one line each, flushed):\n"
"  id=1 remote=198.18.0.2:1194 local=198.18.0.1:1194 vpn-ipv4=...\n"
"  peer-id=1 slot=primary key-id=0 cipher-alg=aes-gcm\n"
"  ready ...                                  set up, waiting\n"
"  ctrl from=ADDR:PORT len=N hex=...          control packet received\n"
"  ctrl-sent to=ADDR:PORT len=N\n"
"  ctrl-raw-sent to=ADDR:PORT len=N\n"
"  ctrl-send-error to=ADDR:PORT errno=NAME\n"
"  connected peer-id=P fd=N local=... remote=...   (TCP)\n"
"  tcp-closed from=ADDR:PORT peer-id=P\n"
"  tcp-error from=ADDR:PORT peer-id=P errno=NAME\n"
"  tcp-ended from=ADDR:PORT peer-id=P (kept open)\n"
"  recv-thread peer-id=P waiting|len=N|end=eof|end=ERRNO\n"
"  ulp NAME: ok|ERRNO peer-id=P\n"
"  disconnected peer-id=P, disconnect-error peer-id=P errno=NAME\n"
"  stats spurious-wakeups=N sigpipe=N          (peer-tcp, at exit)\n"
"  sockopt mc-loop=N                           (peer-udp, SIGUSR2)\n"
"  joined family=F group=G id=N caps=kept|none (mcast-join)\n"
"  tcp-raw: listening local=..., connected local=... remote=...,\n"
"    sent len=N, recv len=N hex=..., eof, recv-error errno=NAME,\n"
"    send-error errno=NAME, shut, rst-sent, closed, done\n"
"  peer-del-ntf ifindex=I peer-id=P reason=expired\n"
"  key-swap-ntf ifindex=I peer-id=P key-id=K\n"
"  peer-float-ntf ifindex=I peer-id=P remote=ADDR:PORT\n"
"  udp from=ADDR:PORT to=ADDR:PORT len=N hex=...   (capture)\n"
"Errors (stderr): error: STRERROR (ERRNO) NAME; kernel: EXTACK;\n"
"  attribute: PATH (offset N); missing: PATH\n"
"Exit status: 0 done, 1 failure, 2 bad usage, 3 the kernel refused\n"
"  a request, 124 --timeout before --count events (or a connection)\n"
"\n"
"Examples\n"
"  ovpn-cli -n ns0 iface-new ovpn0 p2p\n"
"  ovpn-cli -n ns0 peer-udp ovpn0 1 --bind 198.18.0.1:1194 \\\n"
"      --remote 198.18.0.2:1194 --vpn-ip 10.8.0.2 --key-seed s1 &\n"
"  ovpn-cli -n ns1 peer-udp ovpn0 1 --bind 198.18.0.2:1194 \\\n"
"      --remote 198.18.0.1:1194 --vpn-ip 10.8.0.1 --key-seed s1 \\\n"
"      --key-dir 1 &\n"
"  ovpn-cli -n ns0 peer-get ovpn0\n"
"  ovpn-cli -n ns0 listen --count 1 --timeout 10\n"
"  ovpn-cli -n ns0 peer-new ovpn0 0x1000000 --sock udp\n"
"  ovpn-cli -n ns0 key-new ovpn0 1 --key-seed s1 \\\n"
"      --attr encrypt-dir.nonce-tail=00112233445566\n"
"  ovpn-cli -n ns1 capture --port 1194 --opcode 9 --count 1\n"
"  ovpn-cli -n ns1 tcp-raw --listen 198.18.0.2:1194 frame:38aa \\\n"
"      send:0010 sleep:100 send:aabb pause rst\n"
"  ovpn-cli mcast-join ovpn-dco-v2 peers --drop-caps\n";

static void usage(FILE *f)
{
	fputs(usage_text, f);
}

static const struct command commands[] = {
	{ "iface-new", cmd_iface_new, 0, 1, 2, "IFNAME [p2p|mp|MODE]" },
	{ "iface-del", cmd_iface_del, 0, 1, 1, "IFNAME" },
	{ "peer-new", cmd_peer_new, G_PEER | G_SOCK | G_EDIT, 2, 2,
	  "IFNAME ID [PEER-OPTS]" },
	{ "peer-set", cmd_peer_set, G_PEER | G_SOCK | G_EDIT, 2, 2,
	  "IFNAME ID [PEER-OPTS]" },
	{ "peer-get", cmd_peer_get, G_EDIT, 1, 2, "IFNAME [ID]" },
	{ "peer-del", cmd_peer_del, G_EDIT, 2, 2, "IFNAME ID" },
	{ "key-new", cmd_key_new, G_SLOT | G_KEY | G_EDIT, 2, 2,
	  "IFNAME PEER-ID KEY-OPTS" },
	{ "key-get", cmd_key_get, G_SLOT | G_EDIT, 2, 2,
	  "IFNAME PEER-ID [--slot SLOT]" },
	{ "key-swap", cmd_key_swap, G_EDIT, 2, 2, "IFNAME PEER-ID" },
	{ "key-del", cmd_key_del, G_SLOT | G_EDIT, 2, 2,
	  "IFNAME PEER-ID [--slot SLOT]" },
	{ "genkey", cmd_genkey, G_GENKEY, 0, 1, "[SEED] [--peer-id ID]" },
	{ "peer-udp", cmd_peer_udp,
	  G_PEER | G_SLOT | G_KEY | G_RUN | G_UDP | G_EDIT, 1, 2,
	  "IFNAME [ID] --bind ENDPOINT [OPTIONS]" },
	{ "peer-tcp", cmd_peer_tcp,
	  G_PEER | G_SLOT | G_KEY | G_RUN | G_TCP | G_EDIT, 1, 2,
	  "IFNAME [ID] (--remote ENDPOINT | --listen ENDPOINT) [OPTIONS]" },
	{ "tcp-raw", cmd_tcp_raw, G_RAW, 1, INT_MAX,
	  "(--remote ENDPOINT [--bind ENDPOINT] | --listen ENDPOINT) STEP..." },
	{ "listen", cmd_listen, G_WAIT, 0, 0, "[--count N] [--timeout SEC]" },
	{ "dco", cmd_dco, G_EDIT, 2, 2,
	  "IFNAME REQUEST [--attr PATH=VALUE]..." },
	{ "mcast-join", cmd_mcast_join, G_MCAST, 2, 2,
	  "FAMILY GROUP [--drop-caps]" },
	{ "inject", cmd_inject, G_INJECT, 1, 1,
	  "--from ENDPOINT --to ENDPOINT HEX" },
	{ "capture", cmd_capture, G_CAPTURE | G_WAIT, 0, 0,
	  "--port PORT [OPTIONS]" },
};

static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd, ret;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		errorf("netns %s: %s", name, strerror(errno));
		return RC_FAIL;
	}
	ret = setns(fd, CLONE_NEWNET);
	if (ret < 0)
		errorf("netns %s: setns: %s", name, strerror(errno));
	close(fd);
	return ret < 0 ? RC_FAIL : RC_OK;
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option global_opts[] = {
		{ "netns", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *netns = NULL;
	struct cli c = {};
	int opt, rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+hn:", global_opts,
				  NULL)) != -1) {
		if (opt == 'h') {
			usage(stdout);
			return RC_OK;
		}
		if (opt != 'n') {
			errorf("unknown or incomplete option '%s'",
			       argv[optind - 1]);
			fprintf(stderr, "try '%s -h'\n", prog);
			return RC_USAGE;
		}
		netns = optarg;
	}
	if (optind >= argc) {
		usage(stderr);
		return RC_USAGE;
	}
	if (!strcmp(argv[optind], "help")) {
		usage(stdout);
		return RC_OK;
	}
	c.cmd = find_command(argv[optind]);
	if (!c.cmd) {
		errorf("unknown command '%s'", argv[optind]);
		fprintf(stderr, "try '%s -h'\n", prog);
		return RC_USAGE;
	}
	/* before any socket, interface name or scope is looked at */
	if (netns && enter_netns(netns))
		return RC_FAIL;
	c.peer.fd = -1;
	c.peer.remote.port = -1;
	c.bind.port = -1;
	c.listen.port = -1;
	c.key.key_len = KEY_LEN_DEFAULT;
	c.key.cipher = OVPN_CIPHER_ALG_AES_GCM;
	c.port = -1;
	c.opcode = -1;
	c.edits.cmd = -1;
	if (!strcmp(c.cmd->name, "dco"))
		edit_root = &dco_set;
	rc = parse_cmdline(&c, argc - optind, argv + optind);
	if (!rc)
		rc = c.cmd->run(&c);
	if (rc == RC_USAGE)
		fprintf(stderr, "try '%s -h'\n", prog);
	cli_free(&c);
	return rc;
}
