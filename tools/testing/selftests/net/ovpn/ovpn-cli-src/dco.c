// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - dco
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * Requests of the "ovpn-dco-v2" family, as OpenVPN 2.6 sends them: the
 * interface and, through --attr, the nest named after the request; replies
 * and notifications printed as key=value.
 */

#define _GNU_SOURCE

#include <linux/genetlink.h>

#include <libmnl/libmnl.h>

#include "ovpn-cli.h"

/* the "ovpn-dco-v2" family of OpenVPN 2.6: its attributes and
 * requests are those of its spec, in the tables of attrs.c
 */
#define DCO_FAMILY_NAME	"ovpn-dco-v2"
#define DCO_MCGRP_PEERS	"peers"

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
		d = set_desc(dco_reply_tree, mnl_attr_get_type(a));
		if (d && d->vt == VT_NEST)
			print_fields(&l, d->nest, a, "", 0);
	}
	putchar('\n');
}

/* The request is the ifindex and what --attr adds, in the nest of the
 * command; GET_PEER without attributes dumps every peer.
 */
int cmd_dco(struct cli *c)
{
	struct genlmsghdr *genl;
	struct nl nl = {};
	__u32 ifindex, cmd;
	struct req r;
	bool dump;
	int rc;

	if (!parse_enum(dco_request_names, c->args[1], &cmd) || !cmd) {
		errorf("dco: unknown request '%s'", c->args[1]);
		return RC_USAGE;
	}
	rc = resolve_ifindex(c->args[0], &ifindex);
	if (!rc)
		rc = genl_open(&nl, DCO_FAMILY_NAME, DCO_MCGRP_PEERS);
	if (rc)
		goto out;

	dump = cmd == (__u32)name_index(dco_request_names, "get-peer") &&
	       !c->edits.n;
	req_start(&r, &nl, nl.family, dump ? NLM_F_DUMP : NLM_F_ACK,
		  sizeof(*genl));
	genl = mnl_nlmsg_get_payload(r.nlh);
	genl->cmd = cmd;
	genl->version = 1;
	r.set = dco_tree;
	r.edits = &c->edits;
	req_put_u32(&r, 1, ifindex);
	req_finish(&r);
	rc = nl_transact(&nl, &r, dco_cb, NULL);
out:
	nl_close(&nl);
	return rc;
}
