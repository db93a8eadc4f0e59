// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - peer-udp
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * One UDP socket, dual stack for IPv6, bound to --bind and maybe
 * connected, for all the peers; it prints the control packets the kernel
 * leaves to userspace, sends --send-ctrl and --ctrl, and on SIGUSR2 the
 * socket options that attaching the socket changes.
 */

#define _GNU_SOURCE

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovpn-cli.h"

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

int cmd_peer_udp(struct cli *c)
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
