// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - peer-tcp
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * One TCP connection per peer, connected to --remote or accepted on
 * --listen, each handed to the kernel; it prints the framed control
 * packets the kernel leaves to userspace, sends framed and raw ones,
 * disconnects, tries a ULP, and reads in threads with --recv-thread.
 */

#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovpn-cli.h"

#define TCP_RX_SIZE		(2 + 65535)

struct tconn {
	int fd;			/* -1 once closed */
	bool ended;		/* the remote is gone, the socket kept open */
	__u32 peer_id;
	char remote[EP_STR_LEN];
	unsigned char *rx;	/* a partial frame */
	size_t rx_len;
	int pipe[2];		/* --splice-read */
};

/* POLLIN reported with nothing to read: a level-triggered loop spins */
static unsigned long tcp_spurious;

int tcp_listen(const struct endpoint *ep, unsigned int backlog)
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

int ev_rc(enum ev ev)
{
	if (ev == EV_TIMEOUT)
		return RC_TIMEOUT;
	return ev == EV_ERROR ? RC_FAIL : RC_OK;
}

/* *FD: the connection, or -1 when told to stop before one came */
int tcp_accept(struct runner *rn, int lfd, int *fd)
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

int tcp_connect(struct cli *c, struct runner *rn, int *fdp)
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

/* --splice-read: what splice() moves from the socket into a pipe */
static ssize_t tcp_splice_recv(struct tconn *tc, unsigned char *buf,
			       size_t len)
{
	ssize_t n, r;
	size_t got;

	n = splice(tc->fd, NULL, tc->pipe[1], NULL, len, SPLICE_F_NONBLOCK);
	for (got = 0; n > 0 && got < (size_t)n; got += r) {
		r = read(tc->pipe[0], buf + got, n - got);
		if (r <= 0)
			return -1;
	}
	return n;
}

/* what the kernel leaves to userspace: whole frames, length first */
static void tcp_receive(struct tconn *tc, short revents, bool keep_open)
{
	size_t plen;
	ssize_t n;

	if (tc->pipe[0] >= 0)
		n = tcp_splice_recv(tc, tc->rx + tc->rx_len,
				    TCP_RX_SIZE - tc->rx_len);
	else
		n = recv(tc->fd, tc->rx + tc->rx_len,
			 TCP_RX_SIZE - tc->rx_len, MSG_DONTWAIT);
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

/* --rcvlowat: hold back the driver's parser until the end of the stream */
static void tcp_set_rcvlowat(const struct tconn *tc, __u32 bytes)
{
	int v = bytes;

	if (setsockopt(tc->fd, SOL_SOCKET, SO_RCVLOWAT, &v, sizeof(v)) < 0)
		printf("rcvlowat %u: %s peer-id=%u\n", bytes, errno_name(errno),
		       tc->peer_id);
	else
		printf("rcvlowat %u: ok peer-id=%u\n", bytes, tc->peer_id);
}

/* the kernel's struct tcp_zerocopy_receive: glibc's stops before the
 * copy buffer
 */
struct zc_receive {
	__u64 address;
	__u32 length;
	__u32 recv_skip_hint;
	__u32 inq;
	__s32 err;
	__u64 copybuf_address;
	__s32 copybuf_len;
	__u32 flags;
	__u64 msg_control;
	__u64 msg_controllen;
	__u32 msg_flags;
	__u32 reserved;
};

/*
 * --zerocopy: TCP's zero-copy receive with a copy buffer takes the bytes
 * TCP holds, past whoever parses the stream
 */
static void tcp_try_zerocopy(const struct tconn *tc)
{
	static unsigned char copybuf[65536];
	struct zc_receive zc = {
		.copybuf_address = (__u64)(unsigned long)copybuf,
		.copybuf_len = sizeof(copybuf),
	};
	socklen_t len = sizeof(zc);

	if (getsockopt(tc->fd, SOL_TCP, TCP_ZEROCOPY_RECEIVE, &zc, &len) < 0)
		printf("zerocopy: %s peer-id=%u\n", errno_name(errno),
		       tc->peer_id);
	else
		printf("zerocopy: ok copied=%d peer-id=%u\n", zc.copybuf_len,
		       tc->peer_id);
}

/* --splice-read: a pipe per socket, and the socket non-blocking */
static bool tcp_splice_setup(struct tconn *tc)
{
	if (pipe2(tc->pipe, O_NONBLOCK) < 0 ||
	    fcntl(tc->fd, F_SETFL, fcntl(tc->fd, F_GETFL) | O_NONBLOCK) < 0) {
		errorf("splice set-up: %s", strerror(errno));
		return false;
	}
	return true;
}

int cmd_peer_tcp(struct cli *c)
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
		tc[n].pipe[0] = -1;
		tc[n].pipe[1] = -1;
		if (c->splice_read && !tcp_splice_setup(&tc[n])) {
			rc = RC_FAIL;
			n++;
			goto out;
		}
		tcp_report(&tc[n]);
		pl.v[n].fd = tc[n].fd;
		rc = setup_peer(&nl, ifindex, &pl.v[n], &c->key);
		if (rc) {
			n++;
			goto out;
		}
		if (c->ulp)
			tcp_try_ulp(&tc[n], c->ulp);
		if (c->rcvlowat)
			tcp_set_rcvlowat(&tc[n], c->rcvlowat);
		if (c->zerocopy)
			tcp_try_zerocopy(&tc[n]);
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
		if (tc[i].pipe[0] >= 0) {
			close(tc[i].pipe[0]);
			close(tc[i].pipe[1]);
		}
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
