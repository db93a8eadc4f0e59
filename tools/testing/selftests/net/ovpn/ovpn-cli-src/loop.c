// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - the foreground loop
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * What the long-running commands wait in: a signalfd for SIGINT, SIGTERM
 * and SIGHUP (stop) and SIGUSR1 and SIGUSR2 (act), standard input with
 * --stdin, and the deadline of --timeout; SIGPIPE is only counted.
 */

#define _GNU_SOURCE

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "ovpn-cli.h"

/*
 * SIGPIPE is counted, never acted upon: every send here passes
 * MSG_NOSIGNAL, so a SIGPIPE is the kernel's doing and the tests want to
 * know of it (see the stats line of peer-tcp).
 */
int sigpipe_count;

static void sigpipe_handler(int sig)
{
	(void)sig;
	__atomic_fetch_add(&sigpipe_count, 1, __ATOMIC_RELAXED);
}

int runner_init(struct runner *rn, double timeout, bool watch_stdin)
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

void runner_close(struct runner *rn)
{
	if (rn->sfd >= 0)
		close(rn->sfd);
	rn->sfd = -1;
}

int runner_ms_left(const struct runner *rn)
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
enum ev runner_poll(struct runner *rn, struct pollfd *fds, nfds_t n)
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
enum ev runner_wait_fd(struct runner *rn, int fd, short events)
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
