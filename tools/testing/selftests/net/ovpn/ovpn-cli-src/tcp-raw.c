// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - tcp-raw
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * A TCP remote that is not the driver: one connection, a script of sends,
 * frames, pauses, shutdowns and resets run against it in order, and
 * whatever arrives meanwhile printed.
 */

#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ovpn-cli.h"

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

int cmd_tcp_raw(struct cli *c)
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
