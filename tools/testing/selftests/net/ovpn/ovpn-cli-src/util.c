// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - messages, memory and values
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The error and warning lines, allocations that exit when memory runs out,
 * the names of errno values, and the values of the command line: numbers,
 * seconds, hex blobs, addresses, endpoints and interfaces, parsed and
 * printed.
 */

#define _GNU_SOURCE

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <net/if.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ovpn-cli.h"

/* ------------------------------------------------------------------ */
/* messages and memory                                                  */
/* ------------------------------------------------------------------ */

void *xmalloc(size_t len)
{
	void *p = malloc(len ? len : 1);

	if (!p) {
		errorf("out of memory");
		exit(RC_FAIL);
	}
	return p;
}

void *xrealloc(void *p, size_t len)
{
	p = realloc(p, len ? len : 1);
	if (!p) {
		errorf("out of memory");
		exit(RC_FAIL);
	}
	return p;
}

char *xstrdup(const char *s)
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

const char *errno_name(int err)
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

void blob_free(struct blob *b)
{
	if (b->data)
		explicit_bzero(b->data, b->len);
	free(b->data);
	memset(b, 0, sizeof(*b));
}

/* decimal, or hexadecimal with 0x; never octal, never negative */
bool parse_num(const char *s, unsigned long long max, unsigned long long *v)
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

bool parse_u32(const char *s, __u32 *v)
{
	unsigned long long n;

	if (!parse_num(s, UINT32_MAX, &n))
		return false;
	*v = n;
	return true;
}

bool parse_s32(const char *s, __s32 *v)
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

bool parse_secs(const char *s, double *v)
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
bool parse_hex(const char *s, struct blob *b)
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

void print_hex(FILE *f, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < len; i++)
		fprintf(f, "%02x", p[i]);
}

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
bool parse_addr(const char *s, struct endpoint *ep)
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
bool looks_like_endpoint(const char *s)
{
	const char *c = strchr(s, ':');

	return s[0] == '[' || (c && c == strrchr(s, ':'));
}

/* ENDPOINT: IPV4[:PORT] or [IPV6[%SCOPE]][:PORT] (or a bare IPV6) */
bool parse_endpoint(const char *s, struct endpoint *ep)
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

void fmt_addr_port(char *buf, size_t len, int family, const void *addr,
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
void fmt_sockaddr(char *buf, size_t len, const struct sockaddr_storage *ss)
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
bool ep_sockaddr(const struct endpoint *ep, int family,
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

int resolve_ifindex(const char *name, __u32 *ifindex)
{
	*ifindex = if_nametoindex(name);
	if (*ifindex)
		return RC_OK;
	if (parse_u32(name, ifindex))
		return RC_OK;
	errorf("no interface '%s'", name);
	return RC_FAIL;
}
