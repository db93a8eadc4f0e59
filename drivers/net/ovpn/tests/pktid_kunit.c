// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * KUnit tests of the packet ids: the RX replay window, step by step
 * against expected verdicts and at random against a naive model, and
 * the exhaustion of the TX counter.
 */

#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/limits.h>
#include <linux/prandom.h>
#include <linux/slab.h>

#include "../pktid.h"

#define W	OVPN_PKTID_WINDOW

struct ovpn_pktid_step {
	u32 pktid;
	int ret;
};

struct ovpn_pktid_case {
	const char *name;
	const struct ovpn_pktid_step *steps;
	unsigned int num_steps;
};

/* every step is fed to one fresh window, in order */
static const struct ovpn_pktid_step ovpn_pktid_basic[] = {
	{ 0, -EINVAL },		/* id 0 is never sent */
	{ 1, 0 },		/* first id */
	{ 1, -EEXIST },		/* duplicate */
	{ 2, 0 },		/* in order */
	{ 3, 0 },
	{ 6, 0 },		/* gap */
	{ 5, 0 },		/* out of order, within the window */
	{ 4, 0 },
	{ 5, -EEXIST },		/* duplicate after reordering */
	{ 6, -EEXIST },
	{ 0, -EINVAL },		/* still never valid */
	{ W + 6, 0 },		/* the window now ends at 7 */
	{ 7, 0 },		/* exactly at the edge, never seen */
	{ 7, -EEXIST },
	{ 6, -ERANGE },		/* just outside: too old, seen or not */
	{ 2, -ERANGE },
	{ 8, 0 },		/* the rest of the window is still usable */
	{ W + 5, 0 },
	{ W + 6, -EEXIST },
	{ W + 7, 0 },		/* in order again: the edge moves to 8 */
	{ 8, -EEXIST },
	{ W + 8, 0 },		/* and 8 leaves the window */
	{ 8, -ERANGE },
	{ 9, 0 },
};

/* jumps over and beyond the whole window must forget what it held */
static const struct ovpn_pktid_step ovpn_pktid_jumps[] = {
	{ 100, 0 },		/* a first id that is not 1 */
	{ 1, 0 },		/* older ids of the window are fine */
	{ 99, 0 },
	{ 100 + W - 1, 0 },	/* jump by less than the window */
	{ 100, -EEXIST },	/* 100 is at the edge and was seen */
	{ 99, -ERANGE },
	{ 101, 0 },
	{ 100 + 2 * W, 0 },	/* jump by more than the window */
	{ 100 + W - 1, -ERANGE },
	{ 101 + W, 0 },		/* the new edge, never seen */
	{ 102 + W, 0 },
	{ 100 + 12 * W + 17, 0 },	/* jump over many windows */
	{ 100 + 11 * W + 18, 0 },	/* stale ring bits are cleared */
	{ 100 + 11 * W + 17, -ERANGE },
	{ 100 + 12 * W + 16, 0 },
	{ 100 + 12 * W + 17, -EEXIST },
	{ 100 + 12 * W + 18, 0 },
	{ 100 + 12 * W + 18 + W, 0 },	/* jump by exactly the window */
	{ 100 + 12 * W + 19, 0 },
	{ 100 + 12 * W + 18, -ERANGE },
};

/* the window works the same at the top of the 32-bit range */
static const struct ovpn_pktid_step ovpn_pktid_top[] = {
	{ U32_MAX - 5, 0 },	/* first id near the end */
	{ U32_MAX - W - 4, 0 },	/* at the edge */
	{ U32_MAX - W - 5, -ERANGE },
	{ U32_MAX, 0 },		/* the last possible id */
	{ U32_MAX, -EEXIST },
	{ U32_MAX - 1, 0 },
	{ U32_MAX - 5, -EEXIST },
	{ U32_MAX - (W - 1), 0 },	/* the edge below the last id */
	{ U32_MAX - W, -ERANGE },
	{ U32_MAX - W - 4, -ERANGE },
	{ 1, -ERANGE },		/* no wrap around */
	{ 0, -EINVAL },
	{ U32_MAX - 2, 0 },
	{ U32_MAX - 2, -EEXIST },
};

/* ids close to a word boundary of the ring */
static const struct ovpn_pktid_step ovpn_pktid_words[] = {
	{ BITS_PER_LONG - 1, 0 },
	{ BITS_PER_LONG, 0 },
	{ BITS_PER_LONG + 1, 0 },
	{ BITS_PER_LONG - 1, -EEXIST },
	{ BITS_PER_LONG, -EEXIST },
	{ OVPN_PKTID_RING_WORDS * BITS_PER_LONG + BITS_PER_LONG - 1, 0 },
	{ BITS_PER_LONG, -ERANGE },
	{ OVPN_PKTID_RING_WORDS * BITS_PER_LONG + BITS_PER_LONG - W, 0 },
	{ OVPN_PKTID_RING_WORDS * BITS_PER_LONG + BITS_PER_LONG - W - 1,
	  -ERANGE },
	{ OVPN_PKTID_RING_WORDS * BITS_PER_LONG, 0 },
	{ OVPN_PKTID_RING_WORDS * BITS_PER_LONG + BITS_PER_LONG, 0 },
	{ OVPN_PKTID_RING_WORDS * BITS_PER_LONG + BITS_PER_LONG - 1, -EEXIST },
};

static const struct ovpn_pktid_case ovpn_pktid_cases[] = {
	{ "basic", ovpn_pktid_basic, ARRAY_SIZE(ovpn_pktid_basic) },
	{ "jumps", ovpn_pktid_jumps, ARRAY_SIZE(ovpn_pktid_jumps) },
	{ "top of range", ovpn_pktid_top, ARRAY_SIZE(ovpn_pktid_top) },
	{ "word boundaries", ovpn_pktid_words, ARRAY_SIZE(ovpn_pktid_words) },
};

static void ovpn_pktid_case_desc(const struct ovpn_pktid_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ovpn_pktid, ovpn_pktid_cases, ovpn_pktid_case_desc);

static struct ovpn_pktid_recv *ovpn_test_recv_new(struct kunit *test)
{
	struct ovpn_pktid_recv *pr;

	pr = kunit_kmalloc(test, sizeof(*pr), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pr);
	ovpn_pktid_recv_init(pr);
	return pr;
}

static void ovpn_test_recv_steps(struct kunit *test)
{
	struct ovpn_pktid_recv *pr = ovpn_test_recv_new(test);
	const struct ovpn_pktid_case *c = test->param_value;
	const struct ovpn_pktid_step *s;
	unsigned int i;

	for (i = 0; i < c->num_steps; i++) {
		s = &c->steps[i];
		KUNIT_EXPECT_EQ_MSG(test, ovpn_pktid_recv_check(pr, s->pktid),
				    s->ret, "step %u: id %u", i + 1, s->pktid);
	}
}

/* in order through several turns of the ring, each id exactly once */
static void ovpn_test_recv_in_order(struct kunit *test)
{
	struct ovpn_pktid_recv *pr = ovpn_test_recv_new(test);
	u32 id;

	for (id = 1; id <= 5 * W; id++) {
		KUNIT_ASSERT_EQ_MSG(test, ovpn_pktid_recv_check(pr, id), 0,
				    "id %u", id);
		KUNIT_ASSERT_EQ_MSG(test, ovpn_pktid_recv_check(pr, id),
				    -EEXIST, "id %u", id);
		if (id > W)
			KUNIT_ASSERT_EQ_MSG(test,
					    ovpn_pktid_recv_check(pr, id - W),
					    -ERANGE, "id %u", id - W);
	}
}

/* a whole window received backwards, then every id again */
static void ovpn_test_recv_reverse(struct kunit *test)
{
	struct ovpn_pktid_recv *pr = ovpn_test_recv_new(test);
	u32 id;

	for (id = 3 * W; id > 2 * W; id--)
		KUNIT_EXPECT_EQ_MSG(test, ovpn_pktid_recv_check(pr, id), 0,
				    "id %u", id);
	KUNIT_EXPECT_EQ(test, ovpn_pktid_recv_check(pr, 2 * W), -ERANGE);
	for (id = 3 * W; id > 2 * W; id--)
		KUNIT_EXPECT_EQ_MSG(test, ovpn_pktid_recv_check(pr, id),
				    -EEXIST, "id %u", id);
}

/* The naive model: remember every id ever accepted in a plain bitmap,
 * accept an id unless it is 0, seen, or W or more below the highest.
 */
#define OVPN_MODEL_IDS	(64 * W)

static int ovpn_model_check(unsigned long *seen, u32 *highest, u32 id)
{
	if (!id)
		return -EINVAL;
	if (id < *highest && *highest - id >= W)
		return -ERANGE;
	if (test_and_set_bit(id, seen))
		return -EEXIST;
	if (id > *highest)
		*highest = id;
	return 0;
}

static void ovpn_test_recv_random(struct kunit *test)
{
	struct ovpn_pktid_recv *pr = ovpn_test_recv_new(test);
	struct rnd_state rnd;
	unsigned long *seen;
	u32 highest = 0, id;
	unsigned int i;
	int ret;

	seen = kunit_kcalloc(test, BITS_TO_LONGS(OVPN_MODEL_IDS),
			     sizeof(*seen), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	prandom_seed_state(&rnd, 0x6f76706e);

	for (i = 0; i < 50000; i++) {
		/* mostly around the window, sometimes far ahead */
		u32 r = prandom_u32_state(&rnd);

		if (r % 1024 == 0)
			id = highest + 1 + (r >> 10) % (3 * W);
		else
			id = highest + 16 - (r >> 10) % (W + 64);
		if ((s32)id < 0 || id >= OVPN_MODEL_IDS)
			continue;

		ret = ovpn_model_check(seen, &highest, id);
		KUNIT_ASSERT_EQ_MSG(test, ovpn_pktid_recv_check(pr, id), ret,
				    "step %u: id %u highest %u", i, id,
				    highest);
	}
	KUNIT_EXPECT_GT(test, highest, (u32)OVPN_MODEL_IDS / 2);
}

static void ovpn_test_xmit_first(struct kunit *test)
{
	struct ovpn_pktid_xmit pid;
	u32 id, expected;

	ovpn_pktid_xmit_init(&pid);
	for (expected = 1; expected <= 3; expected++) {
		KUNIT_ASSERT_EQ(test, ovpn_pktid_xmit_next(&pid, &id), 0);
		KUNIT_EXPECT_EQ(test, id, expected);
	}
}

static void ovpn_test_xmit_exhaustion(struct kunit *test)
{
	struct ovpn_pktid_xmit pid;
	unsigned int i;
	u32 id = 0;

	ovpn_pktid_xmit_init(&pid);
	atomic64_set(&pid.seq, U32_MAX - 3);

	KUNIT_ASSERT_EQ(test, ovpn_pktid_xmit_next(&pid, &id), 0);
	KUNIT_EXPECT_EQ(test, id, U32_MAX - 2);
	KUNIT_ASSERT_EQ(test, ovpn_pktid_xmit_next(&pid, &id), 0);
	KUNIT_EXPECT_EQ(test, id, U32_MAX - 1);
	KUNIT_ASSERT_EQ(test, ovpn_pktid_xmit_next(&pid, &id), 0);
	KUNIT_EXPECT_EQ(test, id, 0xffffffffU);

	/* exhausted for good: no wrap to 0 or 1, the id is left alone */
	for (i = 0; i < 10; i++) {
		id = 42;
		KUNIT_EXPECT_EQ(test, ovpn_pktid_xmit_next(&pid, &id), -ERANGE);
		KUNIT_EXPECT_EQ(test, id, 42);
	}
}

static struct kunit_case ovpn_pktid_test_cases[] = {
	KUNIT_CASE_PARAM(ovpn_test_recv_steps, ovpn_pktid_gen_params),
	KUNIT_CASE(ovpn_test_recv_in_order),
	KUNIT_CASE(ovpn_test_recv_reverse),
	KUNIT_CASE(ovpn_test_recv_random),
	KUNIT_CASE(ovpn_test_xmit_first),
	KUNIT_CASE(ovpn_test_xmit_exhaustion),
	{}
};

static struct kunit_suite ovpn_pktid_test_suite = {
	.name = "ovpn_pktid",
	.test_cases = ovpn_pktid_test_cases,
};

kunit_test_suite(ovpn_pktid_test_suite);
