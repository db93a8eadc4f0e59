// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * KUnit tests of the wire header helpers.
 */

#include <kunit/test.h>

#include "../proto.h"

struct ovpn_opcode_case {
	const char *name;
	u8 opcode;
	u8 key_id;
	u32 peer_id;
	u32 word;
};

static const struct ovpn_opcode_case ovpn_opcode_cases[] = {
	/* the first word of packets captured from OpenVPN 2.6.14 */
	{ "data-v2 key 0", OVPN_OP_DATA_V2, 0, 0xc9dc86, 0x48c9dc86 },
	{ "data-v2 key 7", OVPN_OP_DATA_V2, 7, 0x000001, 0x4f000001 },
	{ "undefined peer", OVPN_OP_DATA_V2, 1, OVPN_PEER_ID_UNDEF,
	  0x49ffffff },
	{ "data-v1", OVPN_OP_DATA_V1, 2, 0, 0x32000000 },
	{ "peer id 0", OVPN_OP_DATA_V2, 0, 0, 0x48000000 },
};

static void ovpn_opcode_case_desc(const struct ovpn_opcode_case *c,
				  char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ovpn_opcode, ovpn_opcode_cases, ovpn_opcode_case_desc);

static void ovpn_test_opcode_compose(struct kunit *test)
{
	const struct ovpn_opcode_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, ovpn_opcode_compose(c->opcode, c->key_id,
						  c->peer_id), c->word);
}

static void ovpn_test_opcode_parse(struct kunit *test)
{
	const struct ovpn_opcode_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, ovpn_opcode_from_word(c->word), c->opcode);
	KUNIT_EXPECT_EQ(test, ovpn_key_id_from_word(c->word), c->key_id);
	KUNIT_EXPECT_EQ(test, ovpn_peer_id_from_word(c->word), c->peer_id);
}

static void ovpn_test_opcode_masks(struct kunit *test)
{
	/* out-of-range key and peer ids must not spill into the opcode */
	KUNIT_EXPECT_EQ(test, ovpn_opcode_compose(OVPN_OP_DATA_V2, 0xff,
						  0xffffffff), 0x4fffffff);
}

static struct kunit_case ovpn_proto_test_cases[] = {
	KUNIT_CASE_PARAM(ovpn_test_opcode_compose, ovpn_opcode_gen_params),
	KUNIT_CASE_PARAM(ovpn_test_opcode_parse, ovpn_opcode_gen_params),
	KUNIT_CASE(ovpn_test_opcode_masks),
	{}
};

static struct kunit_suite ovpn_proto_test_suite = {
	.name = "ovpn_proto",
	.test_cases = ovpn_proto_test_cases,
};

kunit_test_suite(ovpn_proto_test_suite);
