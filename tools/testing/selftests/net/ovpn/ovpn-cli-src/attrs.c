// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - attribute tables, paths and printing
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The attribute tables (those of the "ovpn" and "ovpn-dco-v2" families
 * come from their specs, generated into ovpn-cli-attrs.h by gen-attrs.py;
 * the few rtnl ones of iface-new are here), the dotted paths that --attr,
 * --omit and error reports name attributes by, and the printing of replies
 * and notifications as key=value lines.
 */

#define _GNU_SOURCE

#include <arpa/inet.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/ovpn.h>

#include <libmnl/libmnl.h>

#include "ovpn-cli.h"
#include "ovpn-cli-attrs.h"

/* ------------------------------------------------------------------ */
/* attribute tables: names for paths, parsing and printing              */
/* ------------------------------------------------------------------ */

/*
 * The tables of the netlink families, generated from their specs,
 * are in ovpn-cli-attrs.h; those of the rtnl link, not in a spec,
 * are here.
 */
const char * const mode_names[] = { "p2p", "mp", NULL };

/* the few rtnl attributes that iface-new sends, to name them in errors */
static const struct attr_desc ovpn_link_attrs[] = {
	[IFLA_OVPN_MODE] = { "mode", VT_U8, NULL, mode_names },
};

static const struct attr_set ovpn_link_set = {
	ovpn_link_attrs, ARRAY_SIZE(ovpn_link_attrs) - 1
};

static const struct attr_desc linkinfo_attrs[] = {
	[IFLA_INFO_KIND] = { "kind", VT_STR, NULL, NULL },
	[IFLA_INFO_DATA] = { "data", VT_NEST, &ovpn_link_set, NULL },
};

static const struct attr_set linkinfo_set = {
	linkinfo_attrs, ARRAY_SIZE(linkinfo_attrs) - 1
};

static const struct attr_desc link_attrs[] = {
	[IFLA_IFNAME] = { "ifname", VT_STR, NULL, NULL },
	[IFLA_LINKINFO] = { "linkinfo", VT_NEST, &linkinfo_set, NULL },
};

static const struct attr_set link_set = {
	link_attrs, ARRAY_SIZE(link_attrs) - 1
};

/*
 * What the other files use of the tables: the trees that requests are
 * built and replies are read in, and the names of enum values.
 */
const struct attr_set *const ovpn_tree = &ovpn_set;
const struct attr_set *const dco_tree = &dco_set;
const struct attr_set *const dco_reply_tree = &dco_reply_set;
const struct attr_set *const link_tree = &link_set;
const char * const *const slot_names = ovpn_key_slot_names;
const char * const *const cipher_names = ovpn_cipher_alg_names;
const char * const *const dco_request_names = dco_cmd_names;

/* the attribute tree --attr and --omit paths are read against */
const struct attr_set *edit_root = &ovpn_set;

const struct attr_desc *set_desc(const struct attr_set *set, unsigned int type)
{
	if (!set || type > set->max || !set->attrs[type].name)
		return NULL;
	return &set->attrs[type];
}

/* the index of NAME in a NULL terminated list, or -1 */
int name_index(const char * const *names, const char *name)
{
	int i;

	for (i = 0; names && names[i]; i++)
		if (!strcmp(names[i], name))
			return i;
	return -1;
}

/* a name of NAMES or a number */
bool parse_enum(const char * const *names, const char *s, __u32 *v)
{
	int i = name_index(names, s);

	if (i >= 0) {
		*v = i;
		return true;
	}
	return parse_u32(s, v);
}

/* ------------------------------------------------------------------ */
/* attribute paths: "peer.remote-ipv6", "keyconf.encrypt-dir.nonce-tail"  */
/* ------------------------------------------------------------------ */

/* the description of level LEVEL of path P, NULL if unknown */
const struct attr_desc *path_desc(const struct attr_set *root,
				  const struct attr_path *p, unsigned int level)
{
	const struct attr_set *set = root;
	const struct attr_desc *d = NULL;
	unsigned int i;

	for (i = 0; i <= level; i++) {
		d = set_desc(set, p->type[i]);
		if (!d)
			return NULL;
		set = d->nest;
	}
	return d;
}

void path_fmt(char *buf, size_t len, const struct attr_set *root,
	      const struct attr_path *p)
{
	const struct attr_desc *d;
	unsigned int i;
	size_t off = 0;

	buf[0] = '\0';
	for (i = 0; i < p->depth && off < len; i++) {
		d = path_desc(root, p, i);
		if (d)
			off += snprintf(buf + off, len - off, "%s%s",
					i ? "." : "", d->name);
		else
			off += snprintf(buf + off, len - off, "%s%u",
					i ? "." : "", p->type[i]);
	}
}

/* does component COMP (a name or a number) name attribute D of type T? */
static bool comp_matches(const char *comp, const struct attr_desc *d,
			 unsigned int t)
{
	unsigned long long n;

	if (parse_num(comp, NLA_TYPE_MASK, &n))
		return n == t;
	return d && !strcmp(comp, d->name);
}

static bool path_tail_matches(const struct attr_set *root,
			      const struct attr_path *p, char **comps,
			      unsigned int n)
{
	unsigned int i, level;

	if (p->depth < n)
		return false;
	for (i = 0; i < n; i++) {
		level = p->depth - n + i;
		if (!comp_matches(comps[i], path_desc(root, p, level),
				  p->type[level]))
			return false;
	}
	return true;
}

struct path_search {
	const struct attr_set *root;
	char **comps;
	unsigned int n;
	unsigned int found;
	struct attr_path match[2];
};

static void path_search(struct path_search *ps, const struct attr_set *set,
			struct attr_path *cur)
{
	const struct attr_desc *d;
	unsigned int t;

	for (t = 0; t <= set->max; t++) {
		d = set_desc(set, t);
		if (!d)
			continue;
		cur->type[cur->depth++] = t;
		if (path_tail_matches(ps->root, cur, ps->comps, ps->n)) {
			if (ps->found < ARRAY_SIZE(ps->match))
				ps->match[ps->found] = *cur;
			ps->found++;
		}
		if (d->nest && cur->depth < PATH_DEPTH)
			path_search(ps, d->nest, cur);
		cur->depth--;
	}
}

/* the path from the root: names while known, numbers always */
static bool path_resolve_abs(const struct attr_set *root, char **comps,
			     unsigned int n, struct attr_path *p)
{
	const struct attr_set *set = root;
	const struct attr_desc *d;
	unsigned long long num;
	unsigned int i, t;

	for (i = 0; i < n; i++) {
		if (parse_num(comps[i], NLA_TYPE_MASK, &num)) {
			t = num;
		} else {
			for (t = 0; t <= (set ? set->max : 0); t++) {
				d = set_desc(set, t);
				if (d && !strcmp(d->name, comps[i]))
					break;
			}
			if (!set || t > set->max)
				return false;
		}
		p->type[i] = t;
		d = set_desc(set, t);
		set = d ? d->nest : NULL;
	}
	p->depth = n;
	return true;
}

/*
 * A path is either complete from the root (numbers allowed anywhere, for
 * attribute types the tables do not know) or any unique tail of a known path.
 */
bool path_parse(const struct attr_set *root, const char *s, struct attr_path *p)
{
	struct path_search ps = { .root = root };
	char buf[256], a[128], b[128];
	char *comps[PATH_DEPTH], *save = NULL, *c;
	struct attr_path cur = {};
	unsigned int n = 0;

	if (snprintf(buf, sizeof(buf), "%s", s) >= (int)sizeof(buf))
		goto unknown;
	for (c = strtok_r(buf, ".", &save); c; c = strtok_r(NULL, ".", &save)) {
		if (n == PATH_DEPTH)
			goto unknown;
		comps[n++] = c;
	}
	if (!n)
		goto unknown;
	if (path_resolve_abs(root, comps, n, p))
		return true;
	ps.comps = comps;
	ps.n = n;
	path_search(&ps, root, &cur);
	if (ps.found == 1) {
		*p = ps.match[0];
		return true;
	}
	if (ps.found > 1) {
		path_fmt(a, sizeof(a), root, &ps.match[0]);
		path_fmt(b, sizeof(b), root, &ps.match[1]);
		errorf("attribute '%s' is ambiguous: %s, %s%s", s, a, b,
		       ps.found > 2 ? ", ..." : "");
		return false;
	}
unknown:
	errorf("unknown attribute '%s' (see the PATH rules in -h)", s);
	return false;
}

bool path_eq(const struct attr_path *a, const struct attr_path *b)
{
	return a->depth == b->depth &&
	       !memcmp(a->type, b->type, a->depth * sizeof(a->type[0]));
}

bool path_below(const struct attr_path *p, const struct attr_path *prefix)
{
	return p->depth > prefix->depth &&
	       !memcmp(p->type, prefix->type,
		       prefix->depth * sizeof(p->type[0]));
}

/* ------------------------------------------------------------------ */
/* printing attributes as key=value                                     */
/* ------------------------------------------------------------------ */

static void field(struct line *l, const char *key)
{
	printf("%s%s=", l->sep, key);
	l->sep = " ";
}

/* an unsigned integer of 1, 2, 4 or 8 bytes (NLA_UINT and kin) */
static bool attr_uint(const struct nlattr *a, unsigned long long *v)
{
	const void *p = mnl_attr_get_payload(a);
	__u16 u16;
	__u32 u32;
	__u64 u64;

	switch (mnl_attr_get_payload_len(a)) {
	case 1:
		*v = *(const __u8 *)p;
		return true;
	case 2:
		memcpy(&u16, p, sizeof(u16));
		*v = u16;
		return true;
	case 4:
		memcpy(&u32, p, sizeof(u32));
		*v = u32;
		return true;
	case 8:
		memcpy(&u64, p, sizeof(u64));
		*v = u64;
		return true;
	}
	return false;
}

static const char *enum_name(const char * const *names,
			     unsigned long long v)
{
	unsigned long long i;

	for (i = 0; names && names[i]; i++)
		if (i == v)
			return names[i];
	return NULL;
}

static void print_value(const struct attr_desc *d, const struct nlattr *a)
{
	const void *p = mnl_attr_get_payload(a);
	size_t len = mnl_attr_get_payload_len(a);
	char buf[INET6_ADDRSTRLEN];
	unsigned long long v;
	__u16 be16;
	__s32 s32;

	switch (d ? d->vt : VT_HEX) {
	case VT_U8:
	case VT_U16:
	case VT_U32:
	case VT_U64:
	case VT_UINT:
		if (!attr_uint(a, &v))
			break;
		if (enum_name(d->names, v))
			fputs(enum_name(d->names, v), stdout);
		else
			printf("%llu", v);
		return;
	case VT_S32:
		if (len != sizeof(s32))
			break;
		memcpy(&s32, p, sizeof(s32));
		printf("%d", s32);
		return;
	case VT_BE16:
		if (len != sizeof(be16))
			break;
		memcpy(&be16, p, sizeof(be16));
		printf("%u", ntohs(be16));
		return;
	case VT_IPV4:
	case VT_IPV6:
		if (len != (d->vt == VT_IPV4 ? 4 : 16) ||
		    !inet_ntop(d->vt == VT_IPV4 ? AF_INET : AF_INET6, p, buf,
			       sizeof(buf)))
			break;
		fputs(buf, stdout);
		return;
	case VT_STR:
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) < 0)
			break;
		fputs(mnl_attr_get_str(a), stdout);
		return;
	default:
		break;
	}
	print_hex(stdout, p, len);
}

void print_fields(struct line *l, const struct attr_set *set,
		  const struct nlattr *nest, const char *prefix, __u32 skip)
{
	char key[128], sub[sizeof(key) + 1];
	const struct attr_desc *d;
	const struct nlattr *a;
	unsigned int t;

	mnl_attr_for_each_nested(a, nest) {
		t = mnl_attr_get_type(a);
		if (t < 32 && (skip & (1U << t)))
			continue;
		d = set_desc(set, t);
		if (d)
			snprintf(key, sizeof(key), "%s%s", prefix, d->name);
		else
			snprintf(key, sizeof(key), "%sattr-%u", prefix, t);
		if (d && d->vt == VT_NEST) {
			snprintf(sub, sizeof(sub), "%s.", key);
			print_fields(l, d->nest, a, sub, 0);
			continue;
		}
		field(l, key);
		print_value(d, a);
	}
}

static void nest_collect(const struct nlattr *nest, const struct nlattr **tb,
			 unsigned int max)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest)
		if (mnl_attr_get_type(a) <= max)
			tb[mnl_attr_get_type(a)] = a;
}

static void msg_collect(const struct nlmsghdr *nlh, const struct nlattr **tb,
			unsigned int max)
{
	const struct nlattr *a;

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(a) <= max)
			tb[mnl_attr_get_type(a)] = a;
}

/* KEY=ADDR:PORT from the separate attributes; returns the ones it used */
static __u32 print_endpoint(struct line *l, const char *key,
			    const struct nlattr **tb, unsigned int t4,
			    unsigned int t6, unsigned int tscope,
			    unsigned int tport)
{
	char buf[EP_STR_LEN];
	__u32 used, scope = 0;
	const void *addr;
	int family, port = -1;
	__u16 be16;

	if (tb[t4] && mnl_attr_get_payload_len(tb[t4]) == 4) {
		family = AF_INET;
		addr = mnl_attr_get_payload(tb[t4]);
		used = 1U << t4;
	} else if (tb[t6] && mnl_attr_get_payload_len(tb[t6]) == 16) {
		family = AF_INET6;
		addr = mnl_attr_get_payload(tb[t6]);
		used = 1U << t6;
		if (tscope && tb[tscope] &&
		    mnl_attr_get_payload_len(tb[tscope]) == 4) {
			scope = mnl_attr_get_u32(tb[tscope]);
			used |= 1U << tscope;
		}
	} else {
		return 0;
	}
	if (tb[tport] && mnl_attr_get_payload_len(tb[tport]) == 2) {
		memcpy(&be16, mnl_attr_get_payload(tb[tport]), sizeof(be16));
		port = ntohs(be16);
		used |= 1U << tport;
	}
	fmt_addr_port(buf, sizeof(buf), family, addr, scope, port);
	field(l, key);
	fputs(buf, stdout);
	return used;
}

/*
 * id first, the endpoints folded into remote= and local=, then the rest in
 * the kernel's order; notifications say peer-id= and reason= instead.
 */
static void print_peer(struct line *l, const struct nlattr *nest, bool ntf)
{
	const struct nlattr *tb[OVPN_A_PEER_MAX + 1] = {};
	const struct nlattr *a;
	__u32 used = 0;

	nest_collect(nest, tb, OVPN_A_PEER_MAX);
	a = tb[OVPN_A_PEER_ID];
	if (a) {
		field(l, ntf ? "peer-id" : "id");
		print_value(&ovpn_peer_attrs[OVPN_A_PEER_ID], a);
		used |= 1U << OVPN_A_PEER_ID;
	}
	a = tb[OVPN_A_PEER_DEL_REASON];
	if (ntf && a) {
		field(l, "reason");
		print_value(&ovpn_peer_attrs[OVPN_A_PEER_DEL_REASON], a);
		used |= 1U << OVPN_A_PEER_DEL_REASON;
	}
	used |= print_endpoint(l, "remote", tb, OVPN_A_PEER_REMOTE_IPV4,
			       OVPN_A_PEER_REMOTE_IPV6,
			       OVPN_A_PEER_REMOTE_IPV6_SCOPE_ID,
			       OVPN_A_PEER_REMOTE_PORT);
	used |= print_endpoint(l, "local", tb, OVPN_A_PEER_LOCAL_IPV4,
			       OVPN_A_PEER_LOCAL_IPV6, 0,
			       OVPN_A_PEER_LOCAL_PORT);
	print_fields(l, &ovpn_peer_set, nest, "", used);
}

void peer_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[OVPN_A_MAX + 1] = {};
	struct line l = { "" };

	(void)data;
	msg_collect(nlh, tb, OVPN_A_MAX);
	if (!tb[OVPN_A_PEER]) {
		warnf("reply without a peer");
		return;
	}
	print_peer(&l, tb[OVPN_A_PEER], false);
	putchar('\n');
}

void key_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[OVPN_A_MAX + 1] = {};
	struct line l = { "" };

	(void)data;
	msg_collect(nlh, tb, OVPN_A_MAX);
	if (!tb[OVPN_A_KEYCONF]) {
		warnf("reply without a key");
		return;
	}
	print_fields(&l, &ovpn_keyconf_set, tb[OVPN_A_KEYCONF], "", 0);
	putchar('\n');
}

void print_ntf(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);
	const struct attr_desc *d;
	struct line l = { " " };
	const struct nlattr *a;
	char key[32];

	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return;
	if (genl->cmd < ARRAY_SIZE(ovpn_ntf_names) &&
	    ovpn_ntf_names[genl->cmd])
		fputs(ovpn_ntf_names[genl->cmd], stdout);
	else
		printf("ntf-cmd-%u", genl->cmd);
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case OVPN_A_PEER:
			print_peer(&l, a, true);
			break;
		case OVPN_A_KEYCONF:
			print_fields(&l, &ovpn_keyconf_set, a, "", 0);
			break;
		default:
			d = set_desc(&ovpn_set, mnl_attr_get_type(a));
			snprintf(key, sizeof(key), "attr-%u",
				 mnl_attr_get_type(a));
			field(&l, d ? d->name : key);
			print_value(d, a);
			break;
		}
	}
	putchar('\n');
}
