// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - mcast-join
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * Who may join a generic netlink group: mcast-join joins any group of any
 * family, with all its capabilities or, with --drop-caps, with none at
 * all.
 */

#define _GNU_SOURCE

#include <errno.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/capability.h>

#include <libmnl/libmnl.h>

#include "ovpn-cli.h"

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

int cmd_mcast_join(struct cli *c)
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
