// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - netlink requests, transport and errors
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * Requests built attribute by attribute through the edits (which may leave
 * attributes out, replace them or add more), netlink sockets, the exchange
 * of a request for its replies and ack, and the report of a refused
 * request: errno, extack message, and the attribute the kernel points at,
 * by its path.
 */

#define _GNU_SOURCE

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/ovpn.h>

#include <libmnl/libmnl.h>

#include "ovpn-cli.h"

/* ------------------------------------------------------------------ */
/* netlink requests, built through the edits                            */
/* ------------------------------------------------------------------ */

void req_start(struct req *r, struct nl *nl, __u16 type, __u16 flags,
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

void req_put(struct req *r, __u16 type, const void *data, size_t len)
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

void req_put_u8(struct req *r, __u16 type, __u8 v)
{
	req_put(r, type, &v, sizeof(v));
}

void req_put_u32(struct req *r, __u16 type, __u32 v)
{
	req_put(r, type, &v, sizeof(v));
}

void req_put_be16(struct req *r, __u16 type, __u16 v)
{
	v = htons(v);
	req_put(r, type, &v, sizeof(v));
}

void req_put_str(struct req *r, __u16 type, const char *s)
{
	req_put(r, type, s, strlen(s) + 1);
}

void req_nest_start(struct req *r, __u16 type)
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

void req_nest_end(struct req *r)
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

void req_finish(struct req *r)
{
	req_put_pending(r);
}

/* a request of the ovpn family about interface IFINDEX */
void ovpn_req(struct req *r, struct nl *nl, __u8 cmd, __u16 flags,
	      __u32 ifindex)
{
	struct genlmsghdr *genl;

	req_start(r, nl, nl->family, flags, sizeof(*genl));
	genl = mnl_nlmsg_get_payload(r->nlh);
	genl->cmd = nl->edits && nl->edits->cmd >= 0 ? nl->edits->cmd : cmd;
	genl->version = OVPN_FAMILY_VERSION;
	r->set = ovpn_tree;
	r->edits = nl->edits;
	req_put_u32(r, OVPN_A_IFINDEX, ifindex);
}

/* ------------------------------------------------------------------ */
/* netlink transport and error reports                                  */
/* ------------------------------------------------------------------ */

int nl_open(struct nl *nl, int bus)
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

void nl_close(struct nl *nl)
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

/*
 * Systematic fault injection (CONFIG_FAULT_INJECTION, failslab and
 * fail_page_alloc): with OVPN_FAIL_NTH=N in the environment, the N-th
 * fault injection site that the first request of the driver's family
 * reaches in this thread fails (/proc/thread-self/fail-nth), and once
 * it is answered "fail-nth N: injected" or "fail-nth N: not reached"
 * goes to stderr: a test raises N until the request is not reached.
 */
#define FAIL_NTH "/proc/thread-self/fail-nth"

/* the fail-nth file, opened before arming: opening it once armed would
 * itself be a fault site
 */
static int fail_nth_fd = -1;

static const char *fail_nth_arm(const struct nl *nl, const struct req *r)
{
	static bool done;
	const char *n = getenv("OVPN_FAIL_NTH");

	if (done || !n || !*n || !nl->family ||
	    r->nlh->nlmsg_type != nl->family)
		return NULL;
	done = true;
	fail_nth_fd = open(FAIL_NTH, O_RDWR);
	if (fail_nth_fd < 0 ||
	    pwrite(fail_nth_fd, n, strlen(n), 0) != (ssize_t)strlen(n)) {
		errorf(FAIL_NTH ": %s", strerror(errno));
		exit(RC_FAIL);
	}
	return n;
}

static void fail_nth_report(const char *n)
{
	char left[16] = "";

	if (pread(fail_nth_fd, left, sizeof(left) - 1, 0) < 0) {
		errorf(FAIL_NTH ": %s", strerror(errno));
		exit(RC_FAIL);
	}
	/* disarm what was not reached */
	if (pwrite(fail_nth_fd, "0", 1, 0) != 1)
		warnf(FAIL_NTH ": %s", strerror(errno));
	close(fail_nth_fd);
	fprintf(stderr, "fail-nth %s: %s\n", n,
		atoi(left) ? "not reached" : "injected");
}

static int nl_exchange(struct nl *nl, struct req *r, msg_cb cb, void *data);

/* send R, hand each reply to CB, return at its ack or end of dump */
int nl_transact(struct nl *nl, struct req *r, msg_cb cb, void *data)
{
	const char *n = fail_nth_arm(nl, r);
	int rc;

	rc = nl_exchange(nl, r, cb, data);
	if (n)
		fail_nth_report(n);
	return rc;
}

static int nl_exchange(struct nl *nl, struct req *r, msg_cb cb, void *data)
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
int genl_open(struct nl *nl, const char *family, const char *group)
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
int ovpn_open(struct nl *nl, struct edits *edits)
{
	int rc = genl_open(nl, OVPN_FAMILY_NAME, OVPN_MCGRP_PEERS);

	nl->edits = edits;
	return rc;
}
