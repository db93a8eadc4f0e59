// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - the peers of peer-udp and peer-tcp
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * What peer-udp and peer-tcp share: their peers, from the ID argument,
 * --peer and --peers, set up with PEER_NEW and KEY_NEW on each socket, and
 * the control packets they print and send.
 */

#define _GNU_SOURCE

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ovpn-cli.h"

static void peers_add(struct peer_list *pl, const struct peer_opts *p)
{
	pl->v = xrealloc(pl->v, (pl->n + 1) * sizeof(*pl->v));
	pl->v[pl->n++] = *p;
}

static int spec_field(const char *where, const char *f, struct peer_opts *p,
		      bool tcp)
{
	if (!looks_like_endpoint(f)) {
		if (opt_addr(f, &p->has_vpn4, &p->vpn4, &p->has_vpn6,
			     &p->vpn6))
			return RC_OK;
		errorf("%s: bad VPN address '%s' (one per family)", where, f);
		return RC_USAGE;
	}
	if (tcp) {
		errorf("%s: TCP peers take no remote endpoint ('%s')", where,
		       f);
		return RC_USAGE;
	}
	if (p->remote.family) {
		errorf("%s: two endpoints for one peer", where);
		return RC_USAGE;
	}
	if (!parse_endpoint(f, &p->remote) || p->remote.port < 0) {
		errorf("%s: bad endpoint '%s' (IPV4:PORT or [IPV6]:PORT)",
		       where, f);
		return RC_USAGE;
	}
	return RC_OK;
}

/* SPEC: ID[,ENDPOINT][,VPN-IP]..., commas or blanks between fields */
static int parse_spec(const char *where, const char *spec,
		      const struct peer_opts *tmpl, struct peer_opts *p,
		      bool tcp)
{
	char *buf = xstrdup(spec), *save = NULL, *f;
	int rc = RC_OK;

	*p = *tmpl;
	f = strtok_r(buf, ", \t\r\n", &save);
	if (!f || !parse_u32(f, &p->id)) {
		errorf("%s: a peer starts with its id: '%s'", where, spec);
		rc = RC_USAGE;
	}
	p->has_id = true;
	while (!rc && (f = strtok_r(NULL, ", \t\r\n", &save)))
		rc = spec_field(where, f, p, tcp);
	free(buf);
	return rc;
}

static int peers_file(const char *path, const struct peer_opts *tmpl,
		      bool tcp, struct peer_list *pl)
{
	unsigned int lineno = 0;
	char *line = NULL, *hash;
	char where[PATH_MAX + 16];
	struct peer_opts p;
	size_t cap = 0;
	int rc = RC_OK;
	FILE *f;

	f = fopen(path, "r");
	if (!f) {
		errorf("%s: %s", path, strerror(errno));
		return RC_FAIL;
	}
	while (!rc && getline(&line, &cap, f) > 0) {
		lineno++;
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		if (!line[strspn(line, ", \t\r\n")])
			continue;
		snprintf(where, sizeof(where), "%s:%u", path, lineno);
		rc = parse_spec(where, line, tmpl, &p, tcp);
		if (!rc)
			peers_add(pl, &p);
	}
	if (!rc && ferror(f)) {
		errorf("%s: read error", path);
		rc = RC_FAIL;
	}
	free(line);
	fclose(f);
	return rc;
}

/*
 * The peer given as ID with --remote and --vpn-ip, then every --peer, then
 * the --peers file; the other peer options apply to them all.
 */
static int collect_peers(struct cli *c, bool tcp, struct peer_list *pl)
{
	struct peer_opts tmpl = c->peer, p;
	unsigned int i;
	int rc;

	memset(&tmpl.remote, 0, sizeof(tmpl.remote));
	tmpl.remote.port = -1;
	tmpl.has_id = false;
	tmpl.has_vpn4 = false;
	tmpl.has_vpn6 = false;
	if (c->n_args > 1) {
		p = c->peer;
		rc = parse_id_arg(c, 1, &p.id);
		if (rc)
			return rc;
		p.has_id = true;
		if (tcp)
			p.remote = tmpl.remote;
		peers_add(pl, &p);
	} else if (c->peer.has_vpn4 || c->peer.has_vpn6 ||
		   (!tcp && c->peer.remote.family)) {
		errorf("%s: --remote and --vpn-ip are for peer ID: give ID",
		       c->cmd->name);
		return RC_USAGE;
	}
	for (i = 0; i < c->n_specs; i++) {
		rc = parse_spec("--peer", c->specs[i], &tmpl, &p, tcp);
		if (rc)
			return rc;
		peers_add(pl, &p);
	}
	if (c->peers_file)
		return peers_file(c->peers_file, &tmpl, tcp, pl);
	return RC_OK;
}

/* what peer-udp and peer-tcp share before their sockets exist */
int run_prepare(struct cli *c, bool tcp, struct peer_list *pl, struct nl *nl,
		__u32 *ifindex, struct runner *rn)
{
	int rc;

	if (c->edits.cmd >= 0) {
		errorf("%s: --cmd applies to one-shot requests only",
		       c->cmd->name);
		return RC_USAGE;
	}
	if (c->key.given) {
		rc = key_material_ok(c);
		if (rc)
			return rc;
	}
	rc = collect_peers(c, tcp, pl);
	if (!rc)
		rc = resolve_ifindex(c->args[0], ifindex);
	if (!rc)
		rc = ovpn_open(nl, &c->edits);
	if (!rc)
		rc = runner_init(rn, c->timeout, c->watch_stdin);
	return rc;
}

/* PEER_NEW on the peer's socket, then its keys if any were given */
int setup_peer(struct nl *nl, __u32 ifindex, const struct peer_opts *p,
	       const struct key_opts *k)
{
	int rc = peer_request(nl, OVPN_CMD_PEER_NEW, ifindex, p, true);

	if (!rc && k->given)
		rc = key_new(nl, ifindex, p->id, k, true);
	return rc;
}

const struct blob *usr1_payload(const struct cli *c)
{
	if (c->ctrl.set)
		return &c->ctrl;
	if (c->send_ctrl.set)
		return &c->send_ctrl;
	warnf("SIGUSR1: no --ctrl or --send-ctrl payload to send");
	return NULL;
}

void print_ctrl(const char *from, const void *data, size_t len)
{
	printf("ctrl from=%s len=%zu hex=", from, len);
	print_hex(stdout, data, len);
	putchar('\n');
}

void fmt_ep(char *buf, size_t len, const struct endpoint *ep)
{
	fmt_addr_port(buf, len, ep->family,
		      ep->family == AF_INET ? (const void *)&ep->a4 : &ep->a6,
		      ep->scope, ep->port);
}
