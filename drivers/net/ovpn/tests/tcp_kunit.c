// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * KUnit tests of the TCP stream parsing: the byte streams of real
 * OpenVPN TCP sessions, cut into segments every way that matters, must
 * come out of the driver's parser as exactly the packets that were
 * sent; malformed streams must be refused.
 */

#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/sizes.h>
#include <linux/skbuff.h>
#include <linux/unaligned.h>
#include <net/strparser.h>

#include "../tcp.h"

#ifdef OVPN_KUNIT_VECTORS
#include "vectors.h"
#else
struct ovpn_stream_packet {
	bool a_to_b;
	u8 opcode;
	int data_vector;
	const u8 *wire;
	unsigned int wire_len;
};

struct ovpn_stream_capture {
	const char *name;
	const struct ovpn_stream_packet *packets;
	unsigned int num_packets;
};

static const struct ovpn_stream_capture ovpn_stream_captures[] = { { } };

#define OVPN_STREAM_CAPTURES_NUM	0
#define OVPN_VECTORS_NOTE	"tests/vectors.h was not generated"
#endif

/* how the stream is cut into the segments the parser receives */
enum ovpn_tcp_cut {
	OVPN_TCP_CUT_WHOLE,	/* everything in one segment */
	OVPN_TCP_CUT_BYTES,	/* one byte per segment */
	OVPN_TCP_CUT_PREFIX,	/* every length prefix split in two */
	OVPN_TCP_CUT_RANDOM,	/* random lengths, 1 to 600 bytes */
	OVPN_TCP_CUT_NUM,
};

static const char * const ovpn_tcp_cut_names[] = {
	[OVPN_TCP_CUT_WHOLE] = "in one segment",
	[OVPN_TCP_CUT_BYTES] = "byte by byte",
	[OVPN_TCP_CUT_PREFIX] = "with split length prefixes",
	[OVPN_TCP_CUT_RANDOM] = "in random segments",
};

struct ovpn_tcp_test {
	struct strparser strp;
	struct kunit *test;
	const struct ovpn_stream_capture *cap;
	bool a_to_b;
	unsigned int next;
	unsigned int msgs;
	int err;
};

/* the next packet of the capture in the direction under test */
static int ovpn_tcp_test_next(struct ovpn_tcp_test *t, unsigned int from)
{
	unsigned int i;

	for (i = from; i < t->cap->num_packets; i++)
		if (t->cap->packets[i].a_to_b == t->a_to_b)
			return i;
	return -1;
}

static void ovpn_tcp_test_rcv(struct strparser *strp, struct sk_buff *skb)
{
	struct ovpn_tcp_test *t = container_of(strp, struct ovpn_tcp_test,
					       strp);
	const struct ovpn_stream_packet *pkt;
	struct kunit *test = t->test;
	int idx = ovpn_tcp_test_next(t, t->next);
	u8 *buf;

	KUNIT_ASSERT_GE_MSG(test, idx, 0, "a packet more than was sent");
	pkt = &t->cap->packets[idx];
	t->next = idx + 1;
	t->msgs++;

	skb = ovpn_tcp_msg_extract(skb, false);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ_MSG(test, skb->len, pkt->wire_len,
			    "packet %d has the wrong length", idx);
	buf = kunit_kmalloc(test, skb->len, GFP_ATOMIC);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, buf, skb->len), 0);
	KUNIT_EXPECT_MEMEQ_MSG(test, buf, pkt->wire, pkt->wire_len,
			       "packet %d differs", idx);
	kunit_kfree(test, buf);
	kfree_skb(skb);
}

static void ovpn_tcp_test_abort(struct strparser *strp, int err)
{
	struct ovpn_tcp_test *t = container_of(strp, struct ovpn_tcp_test,
					       strp);

	t->err = err;
}

/* general mode: the test feeds the parser, nothing to lock */
static void ovpn_tcp_test_lock(struct strparser *strp)
{
}

static const struct strp_callbacks ovpn_tcp_test_cb = {
	.parse_msg = ovpn_tcp_parse,
	.rcv_msg = ovpn_tcp_test_rcv,
	.abort_parser = ovpn_tcp_test_abort,
	.lock = ovpn_tcp_test_lock,
	.unlock = ovpn_tcp_test_lock,
};

/* strp_done() is for parsers on a socket: the general mode one only
 * has to drop a partial message
 */
static void ovpn_tcp_test_done(struct ovpn_tcp_test *t)
{
	strp_stop(&t->strp);
	kfree_skb(t->strp.skb_head);
	t->strp.skb_head = NULL;
}

/* the byte stream one side of a capture sent */
static u8 *ovpn_tcp_test_stream(struct kunit *test,
				const struct ovpn_stream_capture *cap,
				bool a_to_b, size_t *len,
				u8 **prefixes)
{
	const struct ovpn_stream_packet *pkt;
	size_t total = 0, off = 0;
	unsigned int i, n = 0;
	u8 *stream;

	for (i = 0; i < cap->num_packets; i++) {
		pkt = &cap->packets[i];
		if (pkt->a_to_b == a_to_b)
			total += OVPN_TCP_PREFIX_SIZE + pkt->wire_len;
	}

	stream = kunit_kzalloc(test, total, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, stream);
	/* where each length prefix starts, to split it */
	*prefixes = kunit_kzalloc(test, total, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, *prefixes);
	for (i = 0; i < cap->num_packets; i++) {
		pkt = &cap->packets[i];
		if (pkt->a_to_b != a_to_b)
			continue;
		(*prefixes)[off] = 1;
		put_unaligned_be16(pkt->wire_len, stream + off);
		memcpy(stream + off + OVPN_TCP_PREFIX_SIZE, pkt->wire,
		       pkt->wire_len);
		off += OVPN_TCP_PREFIX_SIZE + pkt->wire_len;
		n++;
	}
	*len = total;
	return stream;
}

/* hand @len bytes at @data to the parser as one segment */
static void ovpn_tcp_test_feed(struct ovpn_tcp_test *t, const u8 *data,
			       size_t len)
{
	struct kunit *test = t->test;
	struct sk_buff *skb;

	skb = alloc_skb(len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_data(skb, data, len);
	KUNIT_EXPECT_EQ(test, strp_process(&t->strp, skb, 0, len, SZ_1M, 0),
			len);
	consume_skb(skb);
}

/* the length of the segment starting at @off */
static size_t ovpn_tcp_test_cut(enum ovpn_tcp_cut cut, const u8 *prefixes,
				size_t off, size_t left, struct rnd_state *rnd)
{
	size_t len;

	switch (cut) {
	case OVPN_TCP_CUT_BYTES:
		return 1;
	case OVPN_TCP_CUT_PREFIX:
		/* up to and including the first byte of the next prefix */
		for (len = 1; len < left; len++)
			if (prefixes[off + len - 1])
				break;
		return len;
	case OVPN_TCP_CUT_RANDOM:
		len = 1 + prandom_u32_state(rnd) % 600;
		return min(len, left);
	default:
		return left;
	}
}

static void ovpn_test_tcp_replay(struct kunit *test)
{
	const struct ovpn_stream_capture *cap;
	struct ovpn_tcp_test *t;
	struct rnd_state rnd;
	size_t len, off, seg;
	unsigned int c, want;
	u8 *stream, *prefixes;
	enum ovpn_tcp_cut cut;
	int dir;

	if (!OVPN_STREAM_CAPTURES_NUM)
		kunit_skip(test, "no TCP captures: %s", OVPN_VECTORS_NOTE);

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	prandom_seed_state(&rnd, 0x6f76706e);

	for (c = 0; c < OVPN_STREAM_CAPTURES_NUM; c++) {
		cap = &ovpn_stream_captures[c];
		for (dir = 0; dir < 2; dir++) {
			stream = ovpn_tcp_test_stream(test, cap, dir, &len,
						      &prefixes);
			for (want = 0, off = 0; off < cap->num_packets; off++)
				want += cap->packets[off].a_to_b == dir;

			for (cut = 0; cut < OVPN_TCP_CUT_NUM; cut++) {
				memset(t, 0, sizeof(*t));
				t->test = test;
				t->cap = cap;
				t->a_to_b = dir;
				KUNIT_ASSERT_EQ(test,
						strp_init(&t->strp, NULL,
							  &ovpn_tcp_test_cb),
						0);
				for (off = 0; off < len; off += seg) {
					seg = ovpn_tcp_test_cut(cut, prefixes,
								off,
								len - off,
								&rnd);
					ovpn_tcp_test_feed(t, stream + off,
							   seg);
				}
				ovpn_tcp_test_done(t);
				KUNIT_EXPECT_EQ_MSG(test, t->err, 0,
						    "%s %s %s: parser error",
						    cap->name,
						    dir ? "a>b" : "b>a",
						    ovpn_tcp_cut_names[cut]);
				KUNIT_EXPECT_EQ_MSG(test, t->msgs, want,
						    "%s %s %s: packets out",
						    cap->name,
						    dir ? "a>b" : "b>a",
						    ovpn_tcp_cut_names[cut]);
			}
			kunit_kfree(test, prefixes);
			kunit_kfree(test, stream);
		}
	}
}

static void ovpn_test_tcp_refused(struct kunit *test)
{
	struct ovpn_tcp_test *t;
	struct sk_buff *skb;
	struct strp_msg *rxm;
	u8 frame[4];

	/* the parser callback alone: an empty and an over-long frame */
	skb = alloc_skb(sizeof(frame), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	rxm = strp_msg(skb);
	memset(rxm, 0, sizeof(*rxm));

	put_unaligned_be16(0, frame);
	skb_put_data(skb, frame, sizeof(frame));
	KUNIT_EXPECT_EQ(test, ovpn_tcp_parse(NULL, skb), -EINVAL);

	put_unaligned_be16(OVPN_TCP_MAX_FRAME + 1, skb->data);
	KUNIT_EXPECT_EQ(test, ovpn_tcp_parse(NULL, skb), -EMSGSIZE);

	put_unaligned_be16(OVPN_TCP_MAX_FRAME, skb->data);
	KUNIT_EXPECT_EQ(test, ovpn_tcp_parse(NULL, skb),
			(int)(OVPN_TCP_PREFIX_SIZE + OVPN_TCP_MAX_FRAME));

	/* half a prefix: wait for more */
	skb_trim(skb, 1);
	KUNIT_EXPECT_EQ(test, ovpn_tcp_parse(NULL, skb), 0);
	kfree_skb(skb);

	/* and through the parser: an empty frame stops the stream */
	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	KUNIT_ASSERT_EQ(test, strp_init(&t->strp, NULL, &ovpn_tcp_test_cb), 0);
	memset(frame, 0, sizeof(frame));
	skb = alloc_skb(sizeof(frame), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put_data(skb, frame, sizeof(frame));
	strp_process(&t->strp, skb, 0, skb->len, SZ_1M, 0);
	consume_skb(skb);
	ovpn_tcp_test_done(t);
	KUNIT_EXPECT_EQ(test, t->err, -EINVAL);
	KUNIT_EXPECT_EQ(test, t->msgs, 0);
}

/* A receive skb with far more than 64 KiB of small packets, as TCP
 * coalesces them while the parser cannot run: each packet must come out
 * whole, in a buffer of its own whose header offsets fit the skb's
 * 16-bit fields (the stack sets and reads the network header of what it
 * is given).
 */
#define OVPN_TCP_BIG_PACKETS	2000
#define OVPN_TCP_BIG_LEN	61

struct ovpn_tcp_big_test {
	struct strparser strp;
	struct kunit *test;
	unsigned int msgs;
	unsigned int bad;
	int err;
};

static void ovpn_tcp_big_fill(u8 *pkt, unsigned int i)
{
	unsigned int j;

	for (j = 0; j < OVPN_TCP_BIG_LEN; j++)
		pkt[j] = i + j * 3;
}

static void ovpn_tcp_big_rcv(struct strparser *strp, struct sk_buff *skb)
{
	struct ovpn_tcp_big_test *t = container_of(strp,
						   struct ovpn_tcp_big_test,
						   strp);
	u8 want[OVPN_TCP_BIG_LEN];

	skb = ovpn_tcp_msg_extract(skb, false);
	if (!skb) {
		t->bad++;
		return;
	}
	ovpn_tcp_big_fill(want, t->msgs++);
	skb_reset_network_header(skb);
	if (skb->len != OVPN_TCP_BIG_LEN ||
	    skb_network_header(skb) != skb->data ||
	    memcmp(skb->data, want, sizeof(want)))
		t->bad++;
	kfree_skb(skb);
}

static void ovpn_tcp_big_abort(struct strparser *strp, int err)
{
	container_of(strp, struct ovpn_tcp_big_test, strp)->err = err;
}

static const struct strp_callbacks ovpn_tcp_big_cb = {
	.parse_msg = ovpn_tcp_parse,
	.rcv_msg = ovpn_tcp_big_rcv,
	.abort_parser = ovpn_tcp_big_abort,
	.lock = ovpn_tcp_test_lock,
	.unlock = ovpn_tcp_test_lock,
};

static void ovpn_test_tcp_big_segment(struct kunit *test)
{
	const unsigned int frame = OVPN_TCP_PREFIX_SIZE + OVPN_TCP_BIG_LEN;
	const unsigned int len = OVPN_TCP_BIG_PACKETS * frame;
	struct ovpn_tcp_big_test *t;
	struct sk_buff *skb;
	unsigned int i;
	u8 *p;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	t->test = test;
	KUNIT_ASSERT_EQ(test, strp_init(&t->strp, NULL, &ovpn_tcp_big_cb), 0);

	skb = alloc_skb(len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	for (i = 0; i < OVPN_TCP_BIG_PACKETS; i++) {
		p = skb_put(skb, frame);
		put_unaligned_be16(OVPN_TCP_BIG_LEN, p);
		ovpn_tcp_big_fill(p + OVPN_TCP_PREFIX_SIZE, i);
	}
	KUNIT_EXPECT_EQ(test, strp_process(&t->strp, skb, 0, len, SZ_1M, 0),
			len);
	consume_skb(skb);
	strp_stop(&t->strp);

	KUNIT_EXPECT_EQ(test, t->err, 0);
	KUNIT_EXPECT_EQ(test, t->msgs, OVPN_TCP_BIG_PACKETS);
	KUNIT_EXPECT_EQ_MSG(test, t->bad, 0,
			    "%u packets out of %u came out wrong", t->bad,
			    t->msgs);
}

static struct kunit_case ovpn_tcp_test_cases[] = {
	KUNIT_CASE(ovpn_test_tcp_replay),
	KUNIT_CASE(ovpn_test_tcp_refused),
	KUNIT_CASE(ovpn_test_tcp_big_segment),
	{}
};

static struct kunit_suite ovpn_tcp_test_suite = {
	.name = "ovpn_tcp",
	.test_cases = ovpn_tcp_test_cases,
};

kunit_test_suite(ovpn_tcp_test_suite);
