// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - the command line
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The options, which commands take which, their values parsed into struct
 * cli, and the arguments counted against the command's own limits.
 */

#define _GNU_SOURCE

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ovpn-cli.h"

enum opt_id {
	OPT_REMOTE = 256,
	OPT_VPN_IP,
	OPT_LOCAL_IP,
	OPT_KEEPALIVE,
	OPT_TX_ID,
	OPT_FD,
	OPT_SOCK,
	OPT_SLOT,
	OPT_KEY_ID,
	OPT_CIPHER,
	OPT_ENC_KEY,
	OPT_ENC_NONCE,
	OPT_DEC_KEY,
	OPT_DEC_NONCE,
	OPT_KEY_SEED,
	OPT_KEY_DIR,
	OPT_KEY_LEN,
	OPT_PEER_ID,
	OPT_PEER,
	OPT_PEERS,
	OPT_BIND,
	OPT_CONNECT,
	OPT_LISTEN,
	OPT_SEND_CTRL,
	OPT_CTRL,
	OPT_STDIN,
	OPT_TIMEOUT,
	OPT_COUNT,
	OPT_FROM,
	OPT_TO,
	OPT_PORT,
	OPT_OPCODE,
	OPT_DEV,
	OPT_OMIT,
	OPT_ATTR,
	OPT_CMD,
	OPT_KEEP_OPEN,
	OPT_CTRL_RAW,
	OPT_RECV_THREAD,
	OPT_ULP,
	OPT_RCVLOWAT,
	OPT_SPLICE_READ,
	OPT_ZEROCOPY,
	OPT_DROP_CAPS,
	OPT_DISCONNECT,
};

static const struct option long_opts[] = {
	{ "remote", required_argument, NULL, OPT_REMOTE },
	{ "vpn-ip", required_argument, NULL, OPT_VPN_IP },
	{ "local-ip", required_argument, NULL, OPT_LOCAL_IP },
	{ "keepalive", required_argument, NULL, OPT_KEEPALIVE },
	{ "tx-id", required_argument, NULL, OPT_TX_ID },
	{ "fd", required_argument, NULL, OPT_FD },
	{ "sock", required_argument, NULL, OPT_SOCK },
	{ "slot", required_argument, NULL, OPT_SLOT },
	{ "key-id", required_argument, NULL, OPT_KEY_ID },
	{ "cipher", required_argument, NULL, OPT_CIPHER },
	{ "enc-key", required_argument, NULL, OPT_ENC_KEY },
	{ "enc-nonce", required_argument, NULL, OPT_ENC_NONCE },
	{ "dec-key", required_argument, NULL, OPT_DEC_KEY },
	{ "dec-nonce", required_argument, NULL, OPT_DEC_NONCE },
	{ "key-seed", required_argument, NULL, OPT_KEY_SEED },
	{ "key-dir", required_argument, NULL, OPT_KEY_DIR },
	{ "key-len", required_argument, NULL, OPT_KEY_LEN },
	{ "peer-id", required_argument, NULL, OPT_PEER_ID },
	{ "peer", required_argument, NULL, OPT_PEER },
	{ "peers", required_argument, NULL, OPT_PEERS },
	{ "bind", required_argument, NULL, OPT_BIND },
	{ "connect", no_argument, NULL, OPT_CONNECT },
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "send-ctrl", required_argument, NULL, OPT_SEND_CTRL },
	{ "ctrl", required_argument, NULL, OPT_CTRL },
	{ "stdin", no_argument, NULL, OPT_STDIN },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "count", required_argument, NULL, OPT_COUNT },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "opcode", required_argument, NULL, OPT_OPCODE },
	{ "dev", required_argument, NULL, OPT_DEV },
	{ "omit", required_argument, NULL, OPT_OMIT },
	{ "attr", required_argument, NULL, OPT_ATTR },
	{ "cmd", required_argument, NULL, OPT_CMD },
	{ "keep-open", no_argument, NULL, OPT_KEEP_OPEN },
	{ "ctrl-raw", required_argument, NULL, OPT_CTRL_RAW },
	{ "recv-thread", no_argument, NULL, OPT_RECV_THREAD },
	{ "ulp", required_argument, NULL, OPT_ULP },
	{ "rcvlowat", required_argument, NULL, OPT_RCVLOWAT },
	{ "splice-read", no_argument, NULL, OPT_SPLICE_READ },
	{ "zerocopy", no_argument, NULL, OPT_ZEROCOPY },
	{ "drop-caps", no_argument, NULL, OPT_DROP_CAPS },
	{ "disconnect", no_argument, NULL, OPT_DISCONNECT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static unsigned int opt_groups(int opt)
{
	switch (opt) {
	case OPT_REMOTE:
		return G_PEER | G_RUN | G_RAW;
	case OPT_VPN_IP:
	case OPT_LOCAL_IP:
	case OPT_KEEPALIVE:
	case OPT_TX_ID:
		return G_PEER;
	case OPT_FD:
	case OPT_SOCK:
		return G_SOCK;
	case OPT_SLOT:
		return G_SLOT;
	case OPT_KEY_LEN:
		return G_KEY | G_GENKEY;
	case OPT_PEER_ID:
		return G_GENKEY;
	case OPT_KEY_ID ... OPT_KEY_DIR:
		return G_KEY;
	case OPT_BIND:
		return G_RUN | G_RAW;
	case OPT_PEER:
	case OPT_PEERS:
	case OPT_SEND_CTRL:
	case OPT_CTRL:
	case OPT_STDIN:
		return G_RUN;
	case OPT_CONNECT:
		return G_UDP;
	case OPT_LISTEN:
		return G_TCP | G_RAW;
	case OPT_KEEP_OPEN:
	case OPT_CTRL_RAW:
	case OPT_RECV_THREAD:
	case OPT_ULP:
	case OPT_RCVLOWAT:
	case OPT_SPLICE_READ:
	case OPT_ZEROCOPY:
	case OPT_DISCONNECT:
		return G_TCP;
	case OPT_DROP_CAPS:
		return G_MCAST;
	case OPT_TIMEOUT:
		return G_RUN | G_WAIT | G_RAW;
	case OPT_COUNT:
		return G_WAIT;
	case OPT_FROM:
	case OPT_TO:
		return G_INJECT;
	case OPT_DEV:
		return G_INJECT | G_CAPTURE;
	case OPT_PORT:
	case OPT_OPCODE:
		return G_CAPTURE;
	case OPT_OMIT:
	case OPT_ATTR:
	case OPT_CMD:
		return G_EDIT;
	}
	return 0;
}

void cli_free(struct cli *c)
{
	blob_free(&c->key.enc_key);
	blob_free(&c->key.enc_nonce);
	blob_free(&c->key.dec_key);
	blob_free(&c->key.dec_nonce);
	blob_free(&c->send_ctrl);
	blob_free(&c->ctrl);
	blob_free(&c->ctrl_raw);
	free(c->specs);
	edits_free(&c->edits);
}

bool opt_addr(const char *arg, bool *has4, struct in_addr *a4, bool *has6,
	      struct in6_addr *a6)
{
	struct endpoint ep = {};

	if (!parse_addr(arg, &ep) || ep.has_scope)
		return false;
	if (ep.family == AF_INET) {
		if (*has4)
			return false;
		*has4 = true;
		*a4 = ep.a4;
	} else {
		if (*has6)
			return false;
		*has6 = true;
		*a6 = ep.a6;
	}
	return true;
}

static bool opt_keepalive(const char *arg, struct peer_opts *p)
{
	char buf[64], *comma;

	if (snprintf(buf, sizeof(buf), "%s", arg) >= (int)sizeof(buf))
		return false;
	comma = strchr(buf, ',');
	if (!comma)
		return false;
	*comma = '\0';
	p->has_keepalive = true;
	return parse_u32(buf, &p->ka_interval) &&
	       parse_u32(comma + 1, &p->ka_timeout);
}

static bool opt_fd(const char *arg, struct cli *c)
{
	char buf[64], *colon;
	__u32 pid = 0, fd;

	if (snprintf(buf, sizeof(buf), "%s", arg) >= (int)sizeof(buf))
		return false;
	colon = strchr(buf, ':');
	if (colon) {
		*colon = '\0';
		if (!parse_u32(buf, &pid) || !pid || pid > INT_MAX)
			return false;
	}
	if (!parse_u32(colon ? colon + 1 : buf, &fd) || fd > INT_MAX)
		return false;
	c->has_fd = true;
	c->fd_pid = pid;
	c->fd_num = fd;
	return true;
}

const char * const sock_types[] = {
	"udp", "udp6", "tcp", "tcp6", "unix", NULL
};

/* one option; false if its value is bad (after saying why, or not) */
static bool parse_opt(struct cli *c, int opt, const char *arg)
{
	struct key_opts *k = &c->key;
	struct peer_opts *p = &c->peer;
	__u32 v;

	if (opt_groups(opt) & (G_KEY | G_SLOT))
		k->given = true;
	switch (opt) {
	case OPT_REMOTE:
		return parse_endpoint(arg, &p->remote);
	case OPT_VPN_IP:
		return opt_addr(arg, &p->has_vpn4, &p->vpn4, &p->has_vpn6,
				&p->vpn6);
	case OPT_LOCAL_IP:
		return opt_addr(arg, &p->has_local4, &p->local4,
				&p->has_local6, &p->local6);
	case OPT_KEEPALIVE:
		return opt_keepalive(arg, p);
	case OPT_TX_ID:
		p->has_tx_id = true;
		return parse_u32(arg, &p->tx_id);
	case OPT_FD:
		return opt_fd(arg, c);
	case OPT_SOCK:
		c->sock_type = arg;
		return name_index(sock_types, arg) >= 0;
	case OPT_SLOT:
		return parse_enum(slot_names, arg, &k->slot);
	case OPT_KEY_ID:
		return parse_u32(arg, &k->key_id);
	case OPT_CIPHER:
		return parse_enum(cipher_names, arg, &k->cipher);
	case OPT_ENC_KEY:
		return parse_hex(arg, &k->enc_key);
	case OPT_ENC_NONCE:
		return parse_hex(arg, &k->enc_nonce);
	case OPT_DEC_KEY:
		return parse_hex(arg, &k->dec_key);
	case OPT_DEC_NONCE:
		return parse_hex(arg, &k->dec_nonce);
	case OPT_KEY_SEED:
		k->seed = arg;
		return true;
	case OPT_KEY_DIR:
		return parse_u32(arg, &k->key_dir) && k->key_dir <= 1;
	case OPT_KEY_LEN:
		return parse_u32(arg, &k->key_len) && k->key_len <= KEY_LEN_MAX;
	case OPT_PEER_ID:
		return parse_u32(arg, &c->genkey_peer_id);
	case OPT_PEER:
		c->specs = xrealloc(c->specs,
				    (c->n_specs + 1) * sizeof(*c->specs));
		c->specs[c->n_specs++] = arg;
		return true;
	case OPT_PEERS:
		c->peers_file = arg;
		return true;
	case OPT_BIND:
		return parse_endpoint(arg, &c->bind);
	case OPT_CONNECT:
		c->connect = true;
		return true;
	case OPT_LISTEN:
		return parse_endpoint(arg, &c->listen);
	case OPT_SEND_CTRL:
		return parse_hex(arg, &c->send_ctrl);
	case OPT_CTRL:
		return parse_hex(arg, &c->ctrl);
	case OPT_STDIN:
		c->watch_stdin = true;
		return true;
	case OPT_TIMEOUT:
		return parse_secs(arg, &c->timeout);
	case OPT_COUNT:
		return parse_u32(arg, &c->count) && c->count;
	case OPT_FROM:
		return parse_endpoint(arg, &c->from) && c->from.port >= 0;
	case OPT_TO:
		return parse_endpoint(arg, &c->to) && c->to.port >= 0;
	case OPT_PORT:
		if (!parse_u32(arg, &v) || !v || v > 65535)
			return false;
		c->port = v;
		return true;
	case OPT_OPCODE:
		if (!parse_u32(arg, &v) || v > 31)
			return false;
		c->opcode = v;
		return true;
	case OPT_DEV:
		c->dev = arg;
		return true;
	case OPT_OMIT:
	case OPT_ATTR:
		return !edit_add(&c->edits, arg, opt == OPT_OMIT);
	case OPT_CMD:
		if (!parse_u32(arg, &v) || v > 255)
			return false;
		c->edits.cmd = v;
		return true;
	case OPT_KEEP_OPEN:
		c->keep_open = true;
		return true;
	case OPT_CTRL_RAW:
		return parse_hex(arg, &c->ctrl_raw);
	case OPT_RECV_THREAD:
		c->recv_thread = true;
		return true;
	case OPT_ULP:
		c->ulp = arg;
		return *arg && strlen(arg) < 16;
	case OPT_RCVLOWAT:
		return parse_u32(arg, &c->rcvlowat) && c->rcvlowat &&
		       c->rcvlowat <= INT_MAX;
	case OPT_SPLICE_READ:
		c->splice_read = true;
		return true;
	case OPT_ZEROCOPY:
		c->zerocopy = true;
		return true;
	case OPT_DROP_CAPS:
		c->drop_caps = true;
		return true;
	case OPT_DISCONNECT:
		c->disconnect = true;
		return true;
	}
	return false;
}

int parse_cmdline(struct cli *c, int argc, char **argv)
{
	const char *name = c->cmd->name;
	int opt, idx;

	optind = 0;
	opterr = 0;
	for (;;) {
		idx = -1;
		opt = getopt_long(argc, argv, ":h", long_opts, &idx);
		if (opt == -1)
			break;
		if (opt == 'h') {
			usage(stdout);
			exit(RC_OK);
		}
		if (opt == '?' && optopt) {
			errorf("%s: unknown option '-%c'", name, optopt);
			return RC_USAGE;
		}
		if (opt == '?') {
			errorf("%s: unknown option '%s'", name,
			       argv[optind - 1]);
			return RC_USAGE;
		}
		if (opt == ':') {
			errorf("%s: option '%s' needs a value", name,
			       argv[optind - 1]);
			return RC_USAGE;
		}
		if (!(opt_groups(opt) & c->cmd->groups)) {
			errorf("%s: option --%s does not apply here", name,
			       long_opts[idx].name);
			return RC_USAGE;
		}
		if (!parse_opt(c, opt, optarg)) {
			/* --omit and --attr explain themselves */
			if (opt != OPT_OMIT && opt != OPT_ATTR)
				errorf("%s: bad value for --%s: '%s'", name,
				       long_opts[idx].name, optarg);
			return RC_USAGE;
		}
	}
	c->args = argv + optind;
	c->n_args = argc - optind;
	if (c->n_args < c->cmd->min_args || c->n_args > c->cmd->max_args) {
		errorf("%s: wrong arguments; usage: %s %s %s", name, prog,
		       name, c->cmd->args);
		return RC_USAGE;
	}
	return RC_OK;
}
