// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - one-shot peer and key requests
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * peer-new, peer-set, peer-get, peer-del and the key commands: one request
 * each, on a socket of our own, of another process (by pidfd_getfd) or on
 * none; and genkey, which prints the key options that a seed gives.
 */

#define _GNU_SOURCE

#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/ovpn.h>

#include "ovpn-cli.h"

#ifndef __NR_pidfd_open
#define __NR_pidfd_open		434
#endif
#ifndef __NR_pidfd_getfd
#define __NR_pidfd_getfd	438
#endif

int parse_id_arg(struct cli *c, int i, __u32 *id)
{
	if (parse_u32(c->args[i], id))
		return RC_OK;
	errorf("%s: bad id '%s' (a number up to 0xffffffff)", c->cmd->name,
	       c->args[i]);
	return RC_USAGE;
}

static int new_socket(const char *type)
{
	static const int family[] = { AF_INET, AF_INET6, AF_INET, AF_INET6,
				       AF_UNIX };
	static const int stype[] = { SOCK_DGRAM, SOCK_DGRAM, SOCK_STREAM,
				     SOCK_STREAM, SOCK_DGRAM };
	int i = name_index(sock_types, type), fd;

	fd = socket(family[i], stype[i] | SOCK_CLOEXEC, 0);
	if (fd < 0)
		errorf("%s socket: %s", type, strerror(errno));
	return fd;
}

/* a copy of fd FD of process PID (needs ptrace rights over it) */
static int steal_fd(pid_t pid, int fd)
{
	int pidfd, ret;

	pidfd = syscall(__NR_pidfd_open, pid, 0);
	if (pidfd < 0) {
		errorf("pidfd_open %d: %s", pid, strerror(errno));
		return -1;
	}
	ret = syscall(__NR_pidfd_getfd, pidfd, fd, 0);
	if (ret < 0)
		errorf("pidfd_getfd %d:%d: %s", pid, fd, strerror(errno));
	close(pidfd);
	return ret;
}

/* the socket of --fd or --sock; *OWNED is the fd to close afterwards */
static int peer_socket(struct cli *c, int *owned)
{
	*owned = -1;
	if (c->has_fd && c->sock_type) {
		errorf("%s: --fd and --sock exclude each other", c->cmd->name);
		return RC_USAGE;
	}
	if (c->has_fd && !c->fd_pid)
		c->peer.fd = c->fd_num;
	else if (c->has_fd)
		*owned = steal_fd(c->fd_pid, c->fd_num);
	else if (c->sock_type)
		*owned = new_socket(c->sock_type);
	else
		return RC_OK;
	if ((c->fd_pid || c->sock_type) && *owned < 0)
		return RC_FAIL;
	if (*owned >= 0)
		c->peer.fd = *owned;
	return RC_OK;
}

static int open_ovpn(struct cli *c, struct nl *nl, __u32 *ifindex)
{
	int rc = resolve_ifindex(c->args[0], ifindex);

	return rc ? rc : ovpn_open(nl, &c->edits);
}

static int peer_dump(struct nl *nl, __u32 ifindex)
{
	struct req r;

	ovpn_req(&r, nl, OVPN_CMD_PEER_GET, NLM_F_DUMP, ifindex);
	req_finish(&r);
	return nl_transact(nl, &r, peer_cb, NULL);
}

static int peer_cmd(struct cli *c, __u8 cmd)
{
	struct nl nl = {};
	int owned = -1, rc;
	__u32 ifindex;

	if (c->n_args > 1) {
		rc = parse_id_arg(c, 1, &c->peer.id);
		if (rc)
			return rc;
		c->peer.has_id = true;
	}
	rc = peer_socket(c, &owned);
	if (rc)
		goto out;
	rc = open_ovpn(c, &nl, &ifindex);
	if (rc)
		goto out;
	if (cmd == OVPN_CMD_PEER_GET && !c->peer.has_id)
		rc = peer_dump(&nl, ifindex);
	else
		rc = peer_request(&nl, cmd, ifindex, &c->peer, false);
out:
	if (owned >= 0)
		close(owned);
	nl_close(&nl);
	return rc;
}

int cmd_peer_new(struct cli *c)
{
	return peer_cmd(c, OVPN_CMD_PEER_NEW);
}

int cmd_peer_set(struct cli *c)
{
	return peer_cmd(c, OVPN_CMD_PEER_SET);
}

int cmd_peer_get(struct cli *c)
{
	return peer_cmd(c, OVPN_CMD_PEER_GET);
}

int cmd_peer_del(struct cli *c)
{
	return peer_cmd(c, OVPN_CMD_PEER_DEL);
}

int key_material_ok(const struct cli *c)
{
	const struct key_opts *k = &c->key;
	bool all, any;

	all = k->enc_key.set && k->enc_nonce.set && k->dec_key.set &&
	      k->dec_nonce.set;
	any = k->enc_key.set || k->enc_nonce.set || k->dec_key.set ||
	      k->dec_nonce.set;
	if (k->seed && any) {
		errorf("%s: --key-seed and explicit keys exclude each other",
		       c->cmd->name);
		return RC_USAGE;
	}
	if (!k->seed && !all) {
		errorf("%s: keys need --key-seed, or --enc-key, --enc-nonce,",
		       c->cmd->name);
		fprintf(stderr, "  --dec-key and --dec-nonce\n");
		return RC_USAGE;
	}
	return RC_OK;
}

static int key_cmd(struct cli *c, __u8 cmd)
{
	struct nl nl = {};
	__u32 ifindex, id;
	int rc;

	rc = parse_id_arg(c, 1, &id);
	if (!rc && cmd == OVPN_CMD_KEY_NEW)
		rc = key_material_ok(c);
	if (!rc)
		rc = open_ovpn(c, &nl, &ifindex);
	if (rc)
		goto out;
	if (cmd == OVPN_CMD_KEY_NEW)
		rc = key_new(&nl, ifindex, id, &c->key, false);
	else if (cmd == OVPN_CMD_KEY_SWAP)
		rc = key_request(&nl, cmd, ifindex, id, NULL);
	else
		rc = key_request(&nl, cmd, ifindex, id, &c->key.slot);
out:
	nl_close(&nl);
	return rc;
}

int cmd_key_new(struct cli *c)
{
	return key_cmd(c, OVPN_CMD_KEY_NEW);
}

int cmd_key_get(struct cli *c)
{
	return key_cmd(c, OVPN_CMD_KEY_GET);
}

int cmd_key_swap(struct cli *c)
{
	return key_cmd(c, OVPN_CMD_KEY_SWAP);
}

int cmd_key_del(struct cli *c)
{
	return key_cmd(c, OVPN_CMD_KEY_DEL);
}

static void print_key_opts(const struct key_dir_mat *enc,
			   const struct key_dir_mat *dec)
{
	fputs("--enc-key ", stdout);
	print_hex(stdout, enc->key, enc->key_len);
	fputs(" --enc-nonce ", stdout);
	print_hex(stdout, enc->nonce, sizeof(enc->nonce));
	fputs(" --dec-key ", stdout);
	print_hex(stdout, dec->key, dec->key_len);
	fputs(" --dec-nonce ", stdout);
	print_hex(stdout, dec->nonce, sizeof(dec->nonce));
	putchar('\n');
}

int cmd_genkey(struct cli *c)
{
	const char *seed = c->n_args ? c->args[0] : NULL;
	struct key_dir_mat m[2];
	int i, rc = RC_OK;

	for (i = 0; i < 2 && !rc; i++) {
		if (seed)
			key_derive(seed, c->genkey_peer_id, i, &m[i],
				   c->key.key_len);
		else
			rc = key_random(&m[i], c->key.key_len);
	}
	if (!rc) {
		print_key_opts(&m[0], &m[1]);
		print_key_opts(&m[1], &m[0]);
	}
	explicit_bzero(m, sizeof(m));
	return rc;
}
