// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - request edits
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The edits of --omit PATH and --attr PATH=VALUE: each parsed once against
 * the attribute tree of the command, its value read as the attribute's own
 * type or as TYPE:VALUE, for the request builder of nl.c to apply to every
 * request the command sends.
 */

#define _GNU_SOURCE

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ovpn-cli.h"

enum val_kind {
	VK_U8, VK_U16, VK_U32, VK_U64, VK_S32, VK_BE16, VK_BE32, VK_IP,
	VK_HEX, VK_STR, VK_NATURAL,
};

static const char * const val_kinds[] = {
	[VK_U8] = "u8",
	[VK_U16] = "u16",
	[VK_U32] = "u32",
	[VK_U64] = "u64",
	[VK_S32] = "s32",
	[VK_BE16] = "be16",
	[VK_BE32] = "be32",
	[VK_IP] = "ip",
	[VK_HEX] = "hex",
	[VK_STR] = "str",
	NULL
};

static enum val_kind natural_kind(const struct attr_desc *d, const char *s)
{
	unsigned long long n;

	switch (d ? d->vt : VT_HEX) {
	case VT_U8:
		return VK_U8;
	case VT_U16:
		return VK_U16;
	case VT_U32:
		return VK_U32;
	case VT_U64:
		return VK_U64;
	case VT_UINT:
		return parse_num(s, UINT32_MAX, &n) ? VK_U32 : VK_U64;
	case VT_S32:
		return VK_S32;
	case VT_BE16:
		return VK_BE16;
	case VT_IPV4:
	case VT_IPV6:
		return VK_IP;
	case VT_STR:
		return VK_STR;
	default:
		return VK_HEX;
	}
}

static void blob_set(struct blob *b, const void *data, size_t len)
{
	b->data = memcpy(xmalloc(len), data, len);
	b->len = len;
	b->set = true;
}

static bool parse_typed_num(const char *s, const char * const *names,
			    enum val_kind kind, struct blob *b)
{
	static const unsigned long long max[] = {
		[VK_U8] = UINT8_MAX, [VK_U16] = UINT16_MAX,
		[VK_U32] = UINT32_MAX, [VK_U64] = UINT64_MAX,
		[VK_BE16] = UINT16_MAX, [VK_BE32] = UINT32_MAX,
	};
	unsigned long long n;
	int i = name_index(names, s);
	__u8 u8;
	__u16 u16;
	__u32 u32;

	if (i >= 0)
		n = i;
	else if (!parse_num(s, max[kind], &n))
		return false;
	switch (kind) {
	case VK_U8:
		u8 = n;
		blob_set(b, &u8, sizeof(u8));
		break;
	case VK_U16:
	case VK_BE16:
		u16 = kind == VK_BE16 ? htons(n) : n;
		blob_set(b, &u16, sizeof(u16));
		break;
	case VK_U32:
	case VK_BE32:
		u32 = kind == VK_BE32 ? htonl(n) : n;
		blob_set(b, &u32, sizeof(u32));
		break;
	default:
		blob_set(b, &n, sizeof(n));
		break;
	}
	return true;
}

/* VALUE: TYPE:VAL, or VAL read as the attribute's own type; "" is empty */
static bool parse_value(const char *s, const struct attr_desc *d,
			struct blob *b)
{
	const char *colon = strchr(s, ':');
	enum val_kind kind = VK_NATURAL;
	struct endpoint ep = {};
	char type[8];
	__s32 s32;

	if (colon && colon - s < (int)sizeof(type)) {
		snprintf(type, sizeof(type), "%.*s", (int)(colon - s), s);
		if (name_index(val_kinds, type) >= 0) {
			kind = name_index(val_kinds, type);
			s = colon + 1;
		}
	}
	if (!*s) {
		blob_set(b, "", 0);
		return true;
	}
	if (kind == VK_NATURAL)
		kind = natural_kind(d, s);
	switch (kind) {
	case VK_S32:
		if (!parse_s32(s, &s32))
			return false;
		blob_set(b, &s32, sizeof(s32));
		return true;
	case VK_IP:
		if (!parse_addr(s, &ep) || ep.has_scope)
			return false;
		if (ep.family == AF_INET)
			blob_set(b, &ep.a4, sizeof(ep.a4));
		else
			blob_set(b, &ep.a6, sizeof(ep.a6));
		return true;
	case VK_HEX:
		return parse_hex(s, b);
	case VK_STR:
		blob_set(b, s, strlen(s) + 1);
		return true;
	default:
		return parse_typed_num(s, d ? d->names : NULL, kind, b);
	}
}

int edit_add(struct edits *e, const char *arg, bool omit)
{
	char *path = xstrdup(arg), *val = NULL, name[128];
	struct attr_edit ed = { .omit = omit };
	unsigned int i;

	if (!omit) {
		val = strchr(path, '=');
		if (!val) {
			errorf("--attr %s: expected PATH=VALUE", arg);
			goto err;
		}
		*val++ = '\0';
	}
	if (!path_parse(edit_root, path, &ed.path))
		goto err;
	for (i = 0; i < e->n; i++) {
		if (path_eq(&e->v[i].path, &ed.path)) {
			path_fmt(name, sizeof(name), edit_root, &ed.path);
			errorf("attribute %s edited twice", name);
			goto err;
		}
	}
	if (!omit && !parse_value(val, path_desc(edit_root, &ed.path,
						 ed.path.depth - 1), &ed.val)) {
		errorf("--attr %s: bad value '%s'", path, val);
		goto err;
	}
	e->v = xrealloc(e->v, (e->n + 1) * sizeof(*e->v));
	e->v[e->n++] = ed;
	free(path);
	return RC_OK;
err:
	free(path);
	return RC_USAGE;
}

void edits_free(struct edits *e)
{
	unsigned int i;

	for (i = 0; i < e->n; i++)
		blob_free(&e->v[i].val);
	free(e->v);
}
