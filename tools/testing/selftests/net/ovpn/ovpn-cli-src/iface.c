// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - interfaces
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * iface-new and iface-del: RTM_NEWLINK of the "ovpn" link kind (or
 * another, e.g. "ovpn-dco") in any mode, a bad one too, and RTM_DELLINK.
 */

#define _GNU_SOURCE

#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include <libmnl/libmnl.h>

#include "ovpn-cli.h"

int cmd_iface_new(struct cli *c)
{
	const char *mode = c->n_args > 1 ? c->args[1] : NULL;
	const char *kind = c->n_args > 2 ? c->args[2] : "ovpn";
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
	r.set = link_tree;
	req_put_str(&r, IFLA_IFNAME, c->args[0]);
	req_nest_start(&r, IFLA_LINKINFO);
	req_put_str(&r, IFLA_INFO_KIND, kind);
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

int cmd_iface_del(struct cli *c)
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
	r.set = link_tree;
	rc = nl_transact(&nl, &r, NULL, NULL);
out:
	nl_close(&nl);
	return rc;
}
