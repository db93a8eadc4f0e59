// SPDX-License-Identifier: GPL-2.0
/* ovpn-fuzz: hostile input for the data channel of a live peer.
 *
 * It plays the remote end of a P2P peer over UDP: it holds the keys of
 * the other side (ovpn-cli genkey, line 2), encrypts ICMP echo requests
 * to the driver as real OpenVPN would and reads the encrypted replies.
 * Between valid packets it sends mutated ones, every kind in turn:
 * truncations at every length, single bit flips at every bit, random
 * opcodes, key ids and peer ids, valid headers with garbage, replays,
 * duplicates, reordered pairs and oversized datagrams. Seeded, so a
 * run is reproduced by its seed (printed first).
 *
 * It knows where each packet must end up: taken by the driver
 * (authentic and new), dropped by the driver (a data packet that is not
 * authentic, not new, or not for a key or peer it has) or left to the
 * socket's userspace (not a data packet). It prints the three counts
 * for the test to compare with the driver's counters, and checks
 * before and after the run that the tunnel carries pings.
 *
 *   ovpn-fuzz --bind ADDR:PORT (--remote ADDR:PORT [--float-ms MS] |
 *             --tcp [--rounds N]) [--first-pid N]
 *             --peer-id ID [--key-id N]
 *             [--cipher aes-gcm|chacha20-poly1305]
 *             --enc-key HEX --enc-nonce HEX --dec-key HEX --dec-nonce HEX
 *             --src IPV4 --dst IPV4 [--count N] [--seconds S] [--seed N]
 *
 * --count is the number of hostile steps (per stream with --tcp);
 * --seconds bounds the time they may take (shared out between the
 * streams with --tcp), so that a slow machine fuzzes less but in time:
 * the steps taken are what it prints as "fuzzed". With
 * --wait-usr1 (UDP) it waits for SIGUSR1 between the fuzzing and the
 * last check, so that the caller can put the fuzzer's key back in
 * place.
 *
 * With --float-ms MS (UDP) it sends no hostile packets: it floats
 * instead, every MS milliseconds for --seconds, to a new socket on a new
 * port of the --bind address, from which it sends an authentic echo
 * request that the driver must follow (the peer's endpoint changes),
 * while the driver sends to whichever endpoint it has. It prints the
 * number of floats and the last port ("floats=N last-port=P").
 * --first-pid N starts the packet ids after N, for a run that follows
 * another one on the same key (whose ids the replay window has seen).
 *
 * With --tcp it listens on --bind instead and accepts --rounds
 * connections of a peer-tcp, one after the other; it starts on each
 * once it gets SIGUSR1 (the peer has its keys). On each stream it
 * sends valid frames split at every offset across segments, runs of
 * tiny frames in one segment, control frames between data frames,
 * bursts of more than 64 KiB, garbage, bit flips and replays, then
 * ends the stream in turn with a zero length prefix, a prefix of
 * 65535, a frame cut in the middle or a clean close: the first two
 * must make the driver remove the peer for a transport error.
 *
 * Addresses are IPv4 a.b.c.d:port or IPv6 [addr]:port.
 */

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>

#define OP_DATA_V1	6
#define OP_DATA_V2	9
#define HEAD_SIZE	24	/* opcode and peer id, packet id, tag */
#define AAD_SIZE	8
#define TAG_SIZE	16
#define NONCE_TAIL	8
#define INNER_LEN	60	/* IPv4 + ICMP echo + 32 bytes */
#define PKT_MAX		65507
#define OVERSIZE	60000
#define REPLAY_RING	64
#define OP_CONTROL_V1	4
#define TCP_BIG		1000	/* frames in a burst: more than 64 KiB */

struct dir {
	unsigned char key[32];
	size_t key_len;
	unsigned char tail[NONCE_TAIL];
};

enum fate { TAKEN, DROPPED, TO_USER, N_FATES };

static const char *const fate_name[N_FATES] = {
	"taken", "dropped", "to-user"
};

enum kind {
	K_VALID, K_TRUNC, K_BITFLIP, K_OPCODE, K_KEYID, K_PEERID, K_GARBAGE,
	K_REPLAY, K_DUP, K_REORDER, K_OVERSIZE, N_KINDS
};

static const char *const kind_name[N_KINDS] = {
	"valid", "truncated", "bit-flip", "opcode", "key-id", "peer-id",
	"garbage", "replay", "duplicate", "reordered", "oversized"
};

enum tcp_kind {
	T_SPLIT, T_TINY, T_CTRL, T_BIG, T_GARBAGE, T_BITFLIP, T_REPLAY,
	N_TCP_KINDS
};

static const char *const tcp_kind_name[N_TCP_KINDS] = {
	"split", "tiny", "ctrl", "burst", "garbage", "bit-flip", "replay"
};

enum tcp_end { E_LEN0, E_LEN65535, E_CUT, E_CLOSE, N_TCP_ENDS };

static const char *const tcp_end_name[N_TCP_ENDS] = {
	"len-0", "len-65535", "cut", "close"
};

struct fuzz {
	int fd;
	bool tcp;
	bool wait_usr1;		/* UDP: SIGUSR1 before the last check */
	unsigned int float_ms;	/* UDP: float every so often instead */
	unsigned long floats;
	sigset_t usr1;
	unsigned char *rbuf;	/* TCP: what was read of the stream */
	size_t rlen;
	unsigned long tcp_kinds[N_TCP_KINDS];
	unsigned int split_at;
	struct sockaddr_storage remote;
	socklen_t remote_len;
	const EVP_CIPHER *cipher;
	EVP_CIPHER_CTX *ctx;
	struct dir enc, dec;
	uint32_t peer_id;
	uint8_t key_id;
	struct in_addr src, dst;
	uint32_t pid;		/* the last packet id used */
	uint16_t echo_seq;
	uint64_t rng;
	/* where the sent packets must have gone */
	unsigned long fate[N_FATES];
	unsigned long kinds[N_KINDS];
	unsigned long replies;
	/* hostile steps taken, and until when they may go on */
	unsigned long fuzzed;
	double budget;		/* --seconds, 0 for no bound */
	struct timespec deadline;
	/* what came back and was not a reply to us, and why */
	unsigned long other_key, bad_tag, not_echo;
	/* valid packets sent, for replays */
	unsigned char *ring[REPLAY_RING];
	size_t ring_len[REPLAY_RING];
	unsigned int ring_n;
	unsigned int trunc_at, flip_at;
};

static void die(const char *what)
{
	fprintf(stderr, "ovpn-fuzz: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void usage_die(const char *msg)
{
	fprintf(stderr, "ovpn-fuzz: %s (see the head of ovpn-fuzz.c)\n", msg);
	exit(2);
}

/* the next @secs seconds are the budget of the hostile steps; 0: none */
static void set_deadline(struct fuzz *f, double secs)
{
	clock_gettime(CLOCK_MONOTONIC, &f->deadline);
	if (secs <= 0) {
		f->deadline.tv_sec = 0;
		return;
	}
	f->deadline.tv_sec += (time_t)secs;
	f->deadline.tv_nsec += (long)((secs - (time_t)secs) * 1e9);
	if (f->deadline.tv_nsec >= 1000000000L) {
		f->deadline.tv_sec++;
		f->deadline.tv_nsec -= 1000000000L;
	}
}

/* one more hostile step, unless @i reached @count or time is up */
static bool step_more(struct fuzz *f, unsigned long i, unsigned long count)
{
	struct timespec now;

	if (i >= count)
		return false;
	/* the clock every 64 steps is cheap enough */
	if (f->deadline.tv_sec && i % 64 == 0) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > f->deadline.tv_sec ||
		    (now.tv_sec == f->deadline.tv_sec &&
		     now.tv_nsec >= f->deadline.tv_nsec))
			return false;
	}
	f->fuzzed++;
	return true;
}

/* xorshift64*: reproducible from the seed */
static uint64_t rnd(struct fuzz *f)
{
	f->rng ^= f->rng >> 12;
	f->rng ^= f->rng << 25;
	f->rng ^= f->rng >> 27;
	return f->rng * 0x2545f4914f6cdd1dULL;
}

static void rnd_bytes(struct fuzz *f, unsigned char *p, size_t n)
{
	while (n--)
		*p++ = rnd(f);
}

static int hex_parse(const char *s, unsigned char *out, size_t max)
{
	size_t n = strlen(s), i;
	unsigned int b;

	if (n % 2 || n / 2 > max)
		return -1;
	for (i = 0; i < n / 2; i++) {
		if (sscanf(s + 2 * i, "%2x", &b) != 1)
			return -1;
		out[i] = b;
	}
	return n / 2;
}

static int endpoint_v6(char *buf, struct sockaddr_storage *ss,
		       socklen_t *len)
{
	struct sockaddr_in6 *a = (struct sockaddr_in6 *)ss;
	char *port = strstr(buf, "]:");

	if (!port)
		return -1;
	*port = '\0';
	a->sin6_family = AF_INET6;
	a->sin6_port = htons(atoi(port + 2));
	*len = sizeof(*a);
	return inet_pton(AF_INET6, buf + 1, &a->sin6_addr) == 1 ? 0 : -1;
}

static int endpoint_parse(const char *s, struct sockaddr_storage *ss,
			  socklen_t *len)
{
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	char buf[128], *port;

	if (snprintf(buf, sizeof(buf), "%s", s) >= (int)sizeof(buf))
		return -1;
	memset(ss, 0, sizeof(*ss));
	if (buf[0] == '[')
		return endpoint_v6(buf, ss, len);

	port = strrchr(buf, ':');
	if (!port)
		return -1;
	*port++ = '\0';
	a->sin_family = AF_INET;
	a->sin_port = htons(atoi(port));
	*len = sizeof(*a);
	return inet_pton(AF_INET, buf, &a->sin_addr) == 1 ? 0 : -1;
}

static uint16_t csum(const unsigned char *p, size_t n)
{
	uint32_t sum = 0;

	for (; n > 1; p += 2, n -= 2)
		sum += p[0] << 8 | p[1];
	if (n)
		sum += p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/* an ICMP echo request from src to dst, 60 bytes */
static void inner_echo(struct fuzz *f, unsigned char *p)
{
	uint16_t c, seq = ++f->echo_seq;

	memset(p, 0, INNER_LEN);
	p[0] = 0x45;
	p[2] = INNER_LEN >> 8;
	p[3] = INNER_LEN & 0xff;
	p[8] = 64;
	p[9] = 1;		/* ICMP */
	memcpy(p + 12, &f->src, 4);
	memcpy(p + 16, &f->dst, 4);
	c = csum(p, 20);
	p[10] = c >> 8;
	p[11] = c & 0xff;
	p[20] = 8;		/* echo request */
	p[24] = 0x4f;		/* identifier "OF" */
	p[25] = 0x46;
	p[26] = seq >> 8;
	p[27] = seq & 0xff;
	memset(p + 28, 0xa5, INNER_LEN - 28);
	c = csum(p + 20, INNER_LEN - 20);
	p[22] = c >> 8;
	p[23] = c & 0xff;
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static uint32_t get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* AEAD in OpenVPN's DATA_V2 layout: AAD is the first 8 bytes, the tag
 * follows it, then the payload; the nonce is the packet id and the
 * direction's nonce tail
 */
static int aead(struct fuzz *f, const struct dir *d, bool enc,
		unsigned char *pkt, size_t len)
{
	unsigned char nonce[12];
	int n, ok;

	memcpy(nonce, pkt + 4, 4);
	memcpy(nonce + 4, d->tail, NONCE_TAIL);
	ok = EVP_CipherInit_ex(f->ctx, f->cipher, NULL, NULL, NULL, enc) &&
	     EVP_CIPHER_CTX_ctrl(f->ctx, EVP_CTRL_AEAD_SET_IVLEN, 12, NULL) &&
	     EVP_CipherInit_ex(f->ctx, NULL, NULL, d->key, nonce, enc) &&
	     EVP_CipherUpdate(f->ctx, NULL, &n, pkt, AAD_SIZE);
	if (ok && !enc)
		ok = EVP_CIPHER_CTX_ctrl(f->ctx, EVP_CTRL_AEAD_SET_TAG,
					 TAG_SIZE, pkt + AAD_SIZE);
	if (ok && len > HEAD_SIZE)
		ok = EVP_CipherUpdate(f->ctx, pkt + HEAD_SIZE, &n,
				      pkt + HEAD_SIZE, len - HEAD_SIZE);
	if (ok)
		ok = EVP_CipherFinal_ex(f->ctx, pkt + len, &n);
	if (ok && enc)
		ok = EVP_CIPHER_CTX_ctrl(f->ctx, EVP_CTRL_AEAD_GET_TAG,
					 TAG_SIZE, pkt + AAD_SIZE);
	return ok ? 0 : -1;
}

static void header(struct fuzz *f, unsigned char *pkt, uint32_t pid)
{
	put_be32(pkt, (uint32_t)(OP_DATA_V2 << 3 | f->key_id) << 24 |
		 f->peer_id);
	put_be32(pkt + 4, pid);
}

/* a valid data packet with the next packet id; returns its length */
static size_t valid_packet(struct fuzz *f, unsigned char *pkt)
{
	header(f, pkt, ++f->pid);
	inner_echo(f, pkt + HEAD_SIZE);
	if (aead(f, &f->enc, true, pkt, HEAD_SIZE + INNER_LEN))
		usage_die("encryption failed");
	return HEAD_SIZE + INNER_LEN;
}

/* where a packet that is not authentic and new must end up */
static enum fate fate_of_invalid(const unsigned char *pkt, size_t len)
{
	unsigned int op = len ? pkt[0] >> 3 : 0;

	if (!len || (op != OP_DATA_V2 && op != OP_DATA_V1))
		return TO_USER;
	return DROPPED;
}

static void write_all(struct fuzz *f, const unsigned char *p, size_t len)
{
	ssize_t n;

	while (len) {
		n = send(f->fd, p, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("send");
		p += n;
		len -= n;
	}
}

/* append a frame (length prefix and packet) to @out */
static size_t frame(unsigned char *out, const unsigned char *pkt, size_t len)
{
	out[0] = len >> 8;
	out[1] = len & 0xff;
	memcpy(out + 2, pkt, len);
	return len + 2;
}

static void send_pkt(struct fuzz *f, const unsigned char *pkt, size_t len,
		     enum kind kind, enum fate fate)
{
	static unsigned char fr[PKT_MAX + 2];

	if (f->tcp) {
		write_all(f, fr, frame(fr, pkt, len));
		f->kinds[kind]++;
		f->fate[fate]++;
		return;
	}
	while (sendto(f->fd, pkt, len, 0, (struct sockaddr *)&f->remote,
		      f->remote_len) < 0) {
		/* the local queue is full: wait for room */
		if (errno == ENOBUFS || errno == EAGAIN) {
			usleep(1000);
			continue;
		}
		die("sendto");
	}
	f->kinds[kind]++;
	f->fate[fate]++;
}

static void ring_add(struct fuzz *f, const unsigned char *pkt, size_t len)
{
	unsigned int i = f->ring_n++ % REPLAY_RING;

	free(f->ring[i]);
	f->ring[i] = malloc(len);
	if (!f->ring[i])
		die("malloc");
	memcpy(f->ring[i], pkt, len);
	f->ring_len[i] = len;
}

static void send_valid(struct fuzz *f, unsigned char *pkt)
{
	size_t len = valid_packet(f, pkt);

	send_pkt(f, pkt, len, K_VALID, TAKEN);
	ring_add(f, pkt, len);
}

/* an echo reply from dst for us? */
static bool reply_ok(struct fuzz *f, unsigned char *pkt, ssize_t len)
{
	unsigned char *ip = pkt + HEAD_SIZE;

	if (len < HEAD_SIZE + 28 || pkt[0] >> 3 != OP_DATA_V2) {
		f->not_echo++;
		return false;
	}
	if ((pkt[0] & 7) != f->key_id) {
		f->other_key++;
		return false;
	}
	if (aead(f, &f->dec, false, pkt, len)) {
		f->bad_tag++;
		return false;
	}
	if (ip[0] >> 4 == 4 && ip[9] == 1 && ip[20] == 0 &&
	    !memcmp(ip + 12, &f->dst, 4) && ip[24] == 0x4f &&
	    ip[25] == 0x46)
		return true;
	f->not_echo++;
	return false;
}

/* TCP: read the stream and check the whole frames in it; true if an
 * echo reply was among them
 */
static bool tcp_read(struct fuzz *f)
{
	size_t off = 0, flen;
	bool got = false;
	ssize_t n;

	n = recv(f->fd, f->rbuf + f->rlen, 2 * (PKT_MAX + 2) - f->rlen,
		 MSG_DONTWAIT);
	if (n <= 0)
		return false;
	f->rlen += n;
	while (f->rlen - off >= 2) {
		flen = f->rbuf[off] << 8 | f->rbuf[off + 1];
		if (f->rlen - off - 2 < flen)
			break;
		if (reply_ok(f, f->rbuf + off + 2, flen)) {
			f->replies++;
			got = true;
		}
		off += 2 + flen;
	}
	memmove(f->rbuf, f->rbuf + off, f->rlen - off);
	f->rlen -= off;
	return got;
}

/* read what arrived; true if an echo reply was among it */
static bool drain(struct fuzz *f, int timeout_ms)
{
	static unsigned char buf[PKT_MAX + 64];
	struct pollfd pfd = { .fd = f->fd, .events = POLLIN };
	bool got = false;
	ssize_t n;

	while (poll(&pfd, 1, timeout_ms) > 0) {
		if (f->tcp) {
			if (tcp_read(f))
				got = true;
			timeout_ms = 0;
			continue;
		}
		n = recv(f->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0)
			break;
		if (reply_ok(f, buf, n)) {
			f->replies++;
			got = true;
		}
		timeout_ms = 0;
	}
	return got;
}

/* the tunnel works: an echo request gets its reply within 5 s */
static bool alive(struct fuzz *f)
{
	unsigned char pkt[HEAD_SIZE + INNER_LEN + TAG_SIZE];
	int i;

	/* up to 30 s: in a debug kernel the driver may still be working
	 * through seconds of a hostile TCP stream before the ping
	 */
	for (i = 0; i < 150; i++) {
		send_valid(f, pkt);
		if (drain(f, 200))
			return true;
	}
	return false;
}

static void fuzz_one(struct fuzz *f, unsigned long i)
{
	static unsigned char pkt[PKT_MAX], two[HEAD_SIZE + INNER_LEN];
	enum kind kind = 1 + i % (N_KINDS - 1);
	size_t len, two_len;
	unsigned int bit, r;
	uint32_t word;

	switch (kind) {
	case K_TRUNC:
		/* every length short of the whole packet, in turn */
		len = valid_packet(f, pkt);
		len = f->trunc_at++ % len;
		send_pkt(f, pkt, len, kind, fate_of_invalid(pkt, len));
		break;
	case K_BITFLIP:
		/* every bit of the packet, in turn */
		len = valid_packet(f, pkt);
		bit = f->flip_at++ % (len * 8);
		pkt[bit / 8] ^= 1 << (bit % 8);
		send_pkt(f, pkt, len, kind, fate_of_invalid(pkt, len));
		break;
	case K_OPCODE:
		len = valid_packet(f, pkt);
		do
			r = rnd(f) & 0x1f;
		while (r == OP_DATA_V2);
		pkt[0] = r << 3 | (pkt[0] & 7);
		send_pkt(f, pkt, len, kind, fate_of_invalid(pkt, len));
		break;
	case K_KEYID:
		len = valid_packet(f, pkt);
		do
			r = rnd(f) & 7;
		while (r == f->key_id);
		pkt[0] = (pkt[0] & ~7) | r;
		send_pkt(f, pkt, len, kind, DROPPED);
		break;
	case K_PEERID:
		len = valid_packet(f, pkt);
		word = get_be32(pkt);
		do
			r = rnd(f) & 0xffffff;
		while (r == f->peer_id);
		put_be32(pkt, (word & 0xff000000) | r);
		send_pkt(f, pkt, len, kind, DROPPED);
		break;
	case K_GARBAGE:
		/* a valid header and random bytes, of a random length */
		header(f, pkt, ++f->pid);
		len = AAD_SIZE + rnd(f) % 1500;
		rnd_bytes(f, pkt + AAD_SIZE, len - AAD_SIZE);
		send_pkt(f, pkt, len, kind, DROPPED);
		break;
	case K_REPLAY:
		if (!f->ring_n)
			break;
		r = rnd(f) % (f->ring_n < REPLAY_RING ? f->ring_n :
			      REPLAY_RING);
		send_pkt(f, f->ring[r], f->ring_len[r], kind, DROPPED);
		break;
	case K_DUP:
		len = valid_packet(f, pkt);
		send_pkt(f, pkt, len, K_VALID, TAKEN);
		send_pkt(f, pkt, len, kind, DROPPED);
		break;
	case K_REORDER:
		two_len = valid_packet(f, two);
		len = valid_packet(f, pkt);
		send_pkt(f, pkt, len, kind, TAKEN);
		send_pkt(f, two, two_len, kind, TAKEN);
		break;
	case K_OVERSIZE:
		header(f, pkt, ++f->pid);
		rnd_bytes(f, pkt + AAD_SIZE, OVERSIZE - AAD_SIZE);
		send_pkt(f, pkt, OVERSIZE, kind, DROPPED);
		break;
	default:
		break;
	}
}

/* TCP: one hostile step on a stream whose framing stays intact */
static void tcp_fuzz_one(struct fuzz *f, unsigned long i)
{
	static unsigned char out[TCP_BIG * (HEAD_SIZE + INNER_LEN + 2)];
	static unsigned char pkt[HEAD_SIZE + INNER_LEN + 1500];
	enum tcp_kind kind = i % N_TCP_KINDS;
	size_t len, n = 0, at;
	unsigned int j, bit, r;

	switch (kind) {
	case T_SPLIT:
		/* a valid frame in two segments, split at every offset in
		 * turn
		 */
		len = valid_packet(f, pkt);
		n = frame(out, pkt, len);
		at = 1 + f->split_at++ % (n - 1);
		write_all(f, out, at);
		usleep(2000);
		write_all(f, out + at, n - at);
		f->kinds[K_VALID]++;
		f->fate[TAKEN]++;
		ring_add(f, pkt, len);
		break;
	case T_TINY:
		/* 64 data frames of 1 to 7 bytes in one segment */
		for (j = 0; j < 64; j++) {
			len = 1 + rnd(f) % 7;
			rnd_bytes(f, pkt, len);
			pkt[0] = OP_DATA_V2 << 3 | f->key_id;
			n += frame(out + n, pkt, len);
			f->fate[DROPPED]++;
		}
		write_all(f, out, n);
		break;
	case T_CTRL:
		/* a control frame between two data frames, one segment */
		len = valid_packet(f, pkt);
		n = frame(out, pkt, len);
		ring_add(f, pkt, len);
		pkt[0] = OP_CONTROL_V1 << 3;
		rnd_bytes(f, pkt + 1, 19);
		n += frame(out + n, pkt, 20);
		len = valid_packet(f, pkt);
		n += frame(out + n, pkt, len);
		write_all(f, out, n);
		f->kinds[K_VALID] += 2;
		f->fate[TAKEN] += 2;
		f->fate[TO_USER]++;
		break;
	case T_BIG:
		/* a burst of valid frames, more than 64 KiB of stream */
		for (j = 0; j < TCP_BIG; j++) {
			len = valid_packet(f, pkt);
			n += frame(out + n, pkt, len);
		}
		write_all(f, out, n);
		f->kinds[K_VALID] += TCP_BIG;
		f->fate[TAKEN] += TCP_BIG;
		break;
	case T_GARBAGE:
		header(f, pkt, ++f->pid);
		len = AAD_SIZE + rnd(f) % 1500;
		rnd_bytes(f, pkt + AAD_SIZE, len - AAD_SIZE);
		send_pkt(f, pkt, len, K_GARBAGE, DROPPED);
		break;
	case T_BITFLIP:
		len = valid_packet(f, pkt);
		bit = f->flip_at++ % (len * 8);
		pkt[bit / 8] ^= 1 << (bit % 8);
		send_pkt(f, pkt, len, K_BITFLIP, fate_of_invalid(pkt, len));
		break;
	case T_REPLAY:
		if (!f->ring_n)
			break;
		r = rnd(f) % (f->ring_n < REPLAY_RING ? f->ring_n :
			      REPLAY_RING);
		send_pkt(f, f->ring[r], f->ring_len[r], K_REPLAY, DROPPED);
		break;
	default:
		break;
	}
	f->tcp_kinds[kind]++;
}

/* TCP: close our side once all was sent, then read until the other
 * side closes too. A close() with replies still unread would reset the
 * connection, and a reset discards what the driver has not parsed yet.
 */
static void tcp_finish(struct fuzz *f)
{
	static unsigned char buf[65536];
	struct pollfd pfd = { .fd = f->fd, .events = POLLIN };
	ssize_t n;

	shutdown(f->fd, SHUT_WR);
	while (poll(&pfd, 1, 60000) > 0) {
		n = recv(f->fd, buf, sizeof(buf), 0);
		if (n <= 0)
			break;
	}
	close(f->fd);
}

/* TCP: end the stream the way this round does */
static void tcp_end(struct fuzz *f, enum tcp_end end)
{
	static const unsigned char len0[] = { 0, 0 };
	static const unsigned char len_max[] = { 0xff, 0xff };
	unsigned char pkt[HEAD_SIZE + INNER_LEN + 2];
	unsigned char fr[HEAD_SIZE + INNER_LEN + 4];
	size_t n;

	switch (end) {
	case E_LEN0:
		write_all(f, len0, sizeof(len0));
		break;
	case E_LEN65535:
		write_all(f, len_max, sizeof(len_max));
		break;
	case E_CUT:
		n = frame(fr, pkt, valid_packet(f, pkt));
		write_all(f, fr, n / 2);
		break;
	default:
		break;
	}
	/* let the driver see it before the connection goes */
	drain(f, 500);
}

/* a new UDP socket on a new port of @local */
static int udp_socket(struct sockaddr_storage *local, socklen_t local_len)
{
	int fd = socket(local->ss_family, SOCK_DGRAM, 0);

	if (fd < 0)
		die("socket");
	if (bind(fd, (struct sockaddr *)local, local_len))
		die("bind");
	return fd;
}

static uint16_t local_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len))
		die("getsockname");
	return ntohs(ss.ss_family == AF_INET ?
		     ((struct sockaddr_in *)&ss)->sin_port :
		     ((struct sockaddr_in6 *)&ss)->sin6_port);
}

/* float to a new port every f->float_ms until the deadline: the driver
 * sees each authentic packet come from a new endpoint
 */
static void float_storm(struct fuzz *f, struct sockaddr_storage *local,
			socklen_t local_len)
{
	unsigned char pkt[HEAD_SIZE + INNER_LEN + TAG_SIZE];
	struct sockaddr_storage any = *local;
	struct timespec now, next;
	int fd;

	/* every float on a port of the kernel's choosing */
	if (any.ss_family == AF_INET)
		((struct sockaddr_in *)&any)->sin_port = 0;
	else
		((struct sockaddr_in6 *)&any)->sin6_port = 0;
	set_deadline(f, f->budget);
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > f->deadline.tv_sec ||
		    (now.tv_sec == f->deadline.tv_sec &&
		     now.tv_nsec >= f->deadline.tv_nsec))
			break;
		fd = udp_socket(&any, local_len);
		close(f->fd);
		f->fd = fd;
		send_valid(f, pkt);
		f->floats++;
		/* read what the driver sends until the next float */
		next = now;
		next.tv_nsec += f->float_ms * 1000000L;
		next.tv_sec += next.tv_nsec / 1000000000L;
		next.tv_nsec %= 1000000000L;
		do {
			drain(f, 1);
			clock_gettime(CLOCK_MONOTONIC, &now);
		} while (now.tv_sec < next.tv_sec ||
			 (now.tv_sec == next.tv_sec &&
			  now.tv_nsec < next.tv_nsec));
	}
	printf("floats=%lu last-port=%u\n", f->floats, local_port(f->fd));
	fflush(stdout);
}

static int run_udp(struct fuzz *f, struct sockaddr_storage *local,
		   socklen_t local_len, unsigned long count)
{
	struct timespec wait_usr1 = { .tv_sec = 60 };
	unsigned char pkt[HEAD_SIZE + INNER_LEN + TAG_SIZE];
	unsigned long i;
	int rc = 0;

	sigemptyset(&f->usr1);
	sigaddset(&f->usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &f->usr1, NULL);
	f->fd = udp_socket(local, local_len);

	if (!alive(f)) {
		printf("not alive before fuzzing\n");
		return 1;
	}
	printf("alive before\n");
	fflush(stdout);

	if (f->float_ms) {
		float_storm(f, local, local_len);
		count = 0;
	}
	set_deadline(f, f->budget);
	for (i = 0; step_more(f, i, count); i++) {
		fuzz_one(f, i);
		/* real traffic between the hostile packets */
		if (i % 4 == 0)
			send_valid(f, pkt);
		if (i % 64 == 0)
			drain(f, 0);
	}
	drain(f, 500);

	/* let the caller bring the peer back to the fuzzer's key */
	if (f->wait_usr1) {
		printf("fuzzed, waiting\n");
		fflush(stdout);
		if (sigtimedwait(&f->usr1, NULL, &wait_usr1) < 0) {
			printf("no SIGUSR1\n");
			return 1;
		}
	}

	if (!alive(f)) {
		printf("not alive after fuzzing\n");
		rc = 1;
	} else {
		printf("alive after\n");
	}
	close(f->fd);
	return rc;
}

static int run_tcp(struct fuzz *f, struct sockaddr_storage *local,
		   socklen_t local_len, unsigned long count,
		   unsigned long rounds)
{
	unsigned char pkt[HEAD_SIZE + INNER_LEN + TAG_SIZE];
	struct pollfd pfd = { .events = POLLIN };
	unsigned long i, round;
	int lfd, one = 1;
	struct timespec wait_usr1 = { .tv_sec = 30 };
	enum tcp_end end;
	sigset_t usr1;

	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	f->rbuf = malloc(2 * (PKT_MAX + 2));
	if (!f->rbuf)
		die("malloc");
	lfd = socket(local->ss_family, SOCK_STREAM, 0);
	if (lfd < 0)
		die("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)local, local_len) || listen(lfd, 1))
		die("bind/listen");
	printf("listening\n");
	fflush(stdout);

	for (round = 0; round < rounds; round++) {
		pfd.fd = lfd;
		if (poll(&pfd, 1, 30000) <= 0) {
			printf("round %lu: no connection\n", round);
			return 1;
		}
		f->fd = accept(lfd, NULL, NULL);
		if (f->fd < 0)
			die("accept");
		setsockopt(f->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		f->rlen = 0;
		/* a new peer, a new replay window: replays are of this
		 * stream only
		 */
		for (i = 0; i < REPLAY_RING; i++) {
			free(f->ring[i]);
			f->ring[i] = NULL;
		}
		f->ring_n = 0;
		/* the peer may not have its keys yet: wait for the word */
		if (sigtimedwait(&usr1, NULL, &wait_usr1) < 0) {
			printf("round %lu: no SIGUSR1\n", round);
			return 1;
		}

		if (!alive(f)) {
			printf("round %lu: not alive before fuzzing\n", round);
			return 1;
		}
		set_deadline(f, f->budget / rounds);
		for (i = 0; step_more(f, i, count); i++) {
			tcp_fuzz_one(f, i);
			if (i % 4 == 0)
				send_valid(f, pkt);
			if (i % 16 == 0)
				drain(f, 0);
		}
		drain(f, 500);
		if (!alive(f)) {
			printf("round %lu: not alive after fuzzing\n", round);
			return 1;
		}
		end = round % N_TCP_ENDS;
		tcp_end(f, end);
		tcp_finish(f);
		printf("round %lu end=%s\n", round, tcp_end_name[end]);
		fflush(stdout);
	}
	close(lfd);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "bind", required_argument, NULL, 'b' },
		{ "remote", required_argument, NULL, 'r' },
		{ "peer-id", required_argument, NULL, 'p' },
		{ "key-id", required_argument, NULL, 'k' },
		{ "cipher", required_argument, NULL, 'c' },
		{ "enc-key", required_argument, NULL, 'E' },
		{ "enc-nonce", required_argument, NULL, 'e' },
		{ "dec-key", required_argument, NULL, 'D' },
		{ "dec-nonce", required_argument, NULL, 'd' },
		{ "src", required_argument, NULL, 's' },
		{ "dst", required_argument, NULL, 't' },
		{ "count", required_argument, NULL, 'n' },
		{ "seconds", required_argument, NULL, 'L' },
		{ "seed", required_argument, NULL, 'S' },
		{ "tcp", no_argument, NULL, 'T' },
		{ "rounds", required_argument, NULL, 'R' },
		{ "wait-usr1", no_argument, NULL, 'W' },
		{ "float-ms", required_argument, NULL, 'F' },
		{ "first-pid", required_argument, NULL, 'P' },
		{}
	};
	struct sockaddr_storage local;
	const char *cipher = "aes-gcm";
	struct timespec t0, t1;
	unsigned long sent;
	double secs;
	unsigned long count = 100000, i, rounds = 4;
	socklen_t local_len = 0;
	struct fuzz f = {};
	bool have_seed = false;
	int o, n, rc = 0;

	while ((o = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (o) {
		case 'b':
			if (endpoint_parse(optarg, &local, &local_len))
				usage_die("bad --bind");
			break;
		case 'r':
			if (endpoint_parse(optarg, &f.remote, &f.remote_len))
				usage_die("bad --remote");
			break;
		case 'p':
			f.peer_id = strtoul(optarg, NULL, 0) & 0xffffff;
			break;
		case 'k':
			f.key_id = strtoul(optarg, NULL, 0) & 7;
			break;
		case 'c':
			cipher = optarg;
			break;
		case 'E':
			n = hex_parse(optarg, f.enc.key, sizeof(f.enc.key));
			if (n < 16)
				usage_die("bad --enc-key");
			f.enc.key_len = n;
			break;
		case 'e':
			if (hex_parse(optarg, f.enc.tail, NONCE_TAIL) !=
			    NONCE_TAIL)
				usage_die("bad --enc-nonce");
			break;
		case 'D':
			n = hex_parse(optarg, f.dec.key, sizeof(f.dec.key));
			if (n < 16)
				usage_die("bad --dec-key");
			f.dec.key_len = n;
			break;
		case 'd':
			if (hex_parse(optarg, f.dec.tail, NONCE_TAIL) !=
			    NONCE_TAIL)
				usage_die("bad --dec-nonce");
			break;
		case 's':
			if (inet_pton(AF_INET, optarg, &f.src) != 1)
				usage_die("bad --src");
			break;
		case 't':
			if (inet_pton(AF_INET, optarg, &f.dst) != 1)
				usage_die("bad --dst");
			break;
		case 'n':
			count = strtoul(optarg, NULL, 0);
			break;
		case 'L':
			f.budget = strtod(optarg, NULL);
			break;
		case 'S':
			f.rng = strtoull(optarg, NULL, 0);
			have_seed = true;
			break;
		case 'T':
			f.tcp = true;
			break;
		case 'R':
			rounds = strtoul(optarg, NULL, 0);
			break;
		case 'W':
			f.wait_usr1 = true;
			break;
		case 'F':
			f.float_ms = strtoul(optarg, NULL, 0);
			break;
		case 'P':
			f.pid = strtoul(optarg, NULL, 0);
			break;
		default:
			usage_die("unknown option");
		}
	}
	if (!local_len || (!f.tcp && !f.remote_len) || !f.enc.key_len ||
	    !f.dec.key_len || !f.src.s_addr || !f.dst.s_addr)
		usage_die("missing --bind, --remote, keys, --src or --dst");
	if (f.enc.key_len != f.dec.key_len)
		usage_die("the keys differ in length");

	if (!strcmp(cipher, "aes-gcm"))
		f.cipher = f.enc.key_len == 16 ? EVP_aes_128_gcm() :
			   f.enc.key_len == 24 ? EVP_aes_192_gcm() :
			   EVP_aes_256_gcm();
	else if (!strcmp(cipher, "chacha20-poly1305") && f.enc.key_len == 32)
		f.cipher = EVP_chacha20_poly1305();
	else
		usage_die("bad --cipher or key length");
	f.ctx = EVP_CIPHER_CTX_new();
	if (!f.ctx)
		usage_die("no cipher context");

	if (!have_seed && getrandom(&f.rng, sizeof(f.rng), 0) < 0)
		die("getrandom");
	if (!f.rng)
		f.rng = 1;
	/* the seed reproduces the run */
	printf("seed=%llu\n", (unsigned long long)f.rng);
	fflush(stdout);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (f.tcp)
		rc = run_tcp(&f, &local, local_len, count, rounds);
	else
		rc = run_udp(&f, &local, local_len, count);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9;

	printf("kinds");
	for (o = 0; o < N_KINDS; o++)
		printf(" %s=%lu", kind_name[o], f.kinds[o]);
	printf("\n");
	if (f.tcp) {
		printf("streams");
		for (o = 0; o < N_TCP_KINDS; o++)
			printf(" %s=%lu", tcp_kind_name[o], f.tcp_kinds[o]);
		printf("\n");
	}
	sent = 0;
	for (o = 0; o < N_FATES; o++)
		sent += f.fate[o];
	printf("fuzzed=%lu replies=%lu packets=%lu seconds=%.1f\n",
	       f.fuzzed, f.replies, sent, secs);
	printf("not replies other-key=%lu bad-tag=%lu not-echo=%lu\n",
	       f.other_key, f.bad_tag, f.not_echo);
	printf("fates");
	for (o = 0; o < N_FATES; o++)
		printf(" %s=%lu", fate_name[o], f.fate[o]);
	printf("\n");

	EVP_CIPHER_CTX_free(f.ctx);
	for (i = 0; i < REPLAY_RING; i++)
		free(f.ring[i]);
	free(f.rbuf);
	return rc;
}
