// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - listen
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The "peers" multicast group of the "ovpn" family: every notification
 * printed as one line, until --count of them, --timeout or a signal.
 */

#define _GNU_SOURCE

#include <errno.h>
#include <string.h>

#include <linux/ovpn.h>

#include <libmnl/libmnl.h>

#include "ovpn-cli.h"

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

int cmd_listen(struct cli *c)
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
