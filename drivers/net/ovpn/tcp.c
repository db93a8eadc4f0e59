// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The TCP transport. Userspace establishes the connection and hands the
 * socket over; from then on:
 *
 * - a stream parser cuts the received byte stream into packets, each
 *   behind its 2-byte big endian length. Data packets are decrypted
 *   here; every other packet waits on a queue of its own for userspace,
 *   which reads one packet per recvmsg, length prefix included, as if
 *   the socket carried datagrams, and whose poll() reports that queue;
 * - packets to send, ours and the ones userspace writes (one whole
 *   framed packet per sendmsg), go through one queue, so that nothing
 *   is ever written into the middle of another packet. They wait,
 *   bounded, for a worker that sends them in process context, never
 *   under another socket's lock;
 * - closing or shutting the socket down removes the peer
 *   (transport-disconnect), a malformed stream removes it too
 *   (transport-error).
 *
 * What userspace sees of the socket meanwhile is in tcp_user.c.
 */

#include <kunit/visibility.h>
#include <linux/mutex.h>
#include <linux/net.h>
#include <linux/skbuff.h>
#include <linux/unaligned.h>
#include <net/inet_common.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/strparser.h>
#include <net/tcp.h>
#include <net/transp_v6.h>

#include "io.h"
#include "main.h"
#include "ovpnpriv.h"
#include "peer.h"
#include "proto.h"
#include "socket.h"
#include "tcp.h"

/* the peer of a TCP socket with a reference, or NULL */
static struct ovpn_peer *ovpn_tcp_peer_get(struct ovpn_socket *ovpn_sock)
{
	struct ovpn_peer *peer;

	rcu_read_lock();
	peer = rcu_dereference(ovpn_sock->peer);
	if (peer && !ovpn_peer_hold(peer))
		peer = NULL;
	rcu_read_unlock();

	return peer;
}

/**
 * ovpn_tcp_peer_del - remove the peer of a TCP socket, if it has one
 * @ovpn_sock: the driver's socket object
 * @reason: why the peer goes
 */
void ovpn_tcp_peer_del(struct ovpn_socket *ovpn_sock,
		       enum ovpn_del_peer_reason reason)
{
	struct ovpn_peer *peer = ovpn_tcp_peer_get(ovpn_sock);

	if (peer) {
		ovpn_peer_del(peer, reason);
		ovpn_peer_put(peer);
	}
}

/**
 * ovpn_tcp_parse - find the length of the next packet of the stream
 * @strp: the stream parser
 * @skb: the stream from the start of the next packet on
 *
 * Return: the packet's length on the stream (prefix included), 0 if
 * the prefix is not complete yet, -EINVAL for an empty packet or
 * -EMSGSIZE for one longer than any peer sends
 */
VISIBLE_IF_KUNIT
int ovpn_tcp_parse(struct strparser *strp, struct sk_buff *skb)
{
	struct strp_msg *rxm = strp_msg(skb);
	__be16 blen;
	u16 len;

	if (skb->len < rxm->offset + OVPN_TCP_PREFIX_SIZE)
		return 0;

	if (skb_copy_bits(skb, rxm->offset, &blen, sizeof(blen)))
		return -EINVAL;

	/* OpenVPN never sends empty packets: the stream is not ours */
	len = be16_to_cpu(blen);
	if (!len)
		return -EINVAL;
	if (len > OVPN_TCP_MAX_FRAME)
		return -EMSGSIZE;

	return OVPN_TCP_PREFIX_SIZE + len;
}

/**
 * ovpn_tcp_msg_extract - the packet of a parsed message, in an skb of its own
 * @skb: a message from the stream parser; consumed
 * @with_prefix: keep the length prefix in front of the packet
 *
 * The parser's messages are clones of whole receive skbs, which may hold
 * many packets and span more than 64 KiB. Each packet is copied to the
 * start of a buffer of its own, so that none pins the receive skb,
 * costs a copy of what precedes it in the stream or has offsets too
 * large for the skb's 16-bit header fields. Decryption would copy the
 * paged data of a receive skb anyway.
 *
 * Return: the packet, or NULL if there was no memory for it
 */
VISIBLE_IF_KUNIT
struct sk_buff *ovpn_tcp_msg_extract(struct sk_buff *skb, bool with_prefix)
{
	struct strp_msg *rxm = strp_msg(skb);
	unsigned int skip = with_prefix ? 0 : OVPN_TCP_PREFIX_SIZE;
	unsigned int len = rxm->full_len - skip;
	struct sk_buff *pkt;

	pkt = alloc_skb(NET_SKB_PAD + len, GFP_ATOMIC);
	if (likely(pkt)) {
		skb_reserve(pkt, NET_SKB_PAD);
		if (unlikely(skb_copy_bits(skb, rxm->offset + skip,
					   skb_put(pkt, len), len))) {
			kfree_skb(pkt);
			pkt = NULL;
		}
	}
	consume_skb(skb);

	return pkt;
}

/* a control packet (or anything that is not ours) for userspace; the
 * queue is bounded in packets and in memory, as a receive queue is
 */
static void ovpn_tcp_to_user(struct ovpn_socket *ovpn_sock,
			     struct sk_buff *skb)
{
	struct ovpn_tcp *tcp = &ovpn_sock->tcp;
	struct sock *sk = ovpn_sock->sk;

	skb = ovpn_tcp_msg_extract(skb, true);
	if (unlikely(!skb))
		goto drop;

	if (unlikely(skb_queue_len(&tcp->user_queue) >= OVPN_TCP_QUEUE_MAX ||
		     atomic_read(&tcp->user_bytes) + skb->truesize >
		     READ_ONCE(sk->sk_rcvbuf))) {
		net_dbg_ratelimited("%s: control packet dropped, userspace does not read\n",
				    netdev_name(ovpn_sock->ovpn->dev));
		kfree_skb(skb);
		goto drop;
	}

	atomic_add(skb->truesize, &tcp->user_bytes);
	skb_queue_tail(&tcp->user_queue, skb);
	tcp->saved_data_ready(sk);
	return;

drop:
	dev_core_stats_rx_dropped_inc(ovpn_sock->ovpn->dev);
}

/* a packet of the stream: decrypt data, leave the rest to userspace */
static void ovpn_tcp_rcv(struct strparser *strp, struct sk_buff *skb)
{
	struct ovpn_socket *ovpn_sock = container_of(strp, struct ovpn_socket,
						     tcp.strp);
	struct strp_msg *rxm = strp_msg(skb);
	struct ovpn_peer *peer;
	u8 op;

	if (skb_copy_bits(skb, rxm->offset + OVPN_TCP_PREFIX_SIZE, &op, 1))
		goto drop;

	if (ovpn_opcode_from_byte(op) != OVPN_OP_DATA_V2) {
		ovpn_tcp_to_user(ovpn_sock, skb);
		return;
	}

	/* the socket belongs to one peer: the packet's peer id does not
	 * matter, the key id and the tag do
	 */
	if (unlikely(rxm->full_len < OVPN_TCP_PREFIX_SIZE + OVPN_OPCODE_SIZE))
		goto drop;
	skb = ovpn_tcp_msg_extract(skb, false);
	if (unlikely(!skb))
		goto drop;

	peer = ovpn_tcp_peer_get(ovpn_sock);
	if (unlikely(!peer))
		goto drop;

	ovpn_recv(peer, skb);
	return;

drop:
	kfree_skb(skb);
	dev_core_stats_rx_dropped_inc(ovpn_sock->ovpn->dev);
}

/* the stream cannot be parsed any more: it is not OpenVPN's, or broken */
static void ovpn_tcp_abort(struct strparser *strp, int err)
{
	struct ovpn_socket *ovpn_sock = container_of(strp, struct ovpn_socket,
						     tcp.strp);

	net_info_ratelimited("%s: TCP stream error %d, removing its peer\n",
			     netdev_name(ovpn_sock->ovpn->dev), err);
	/* nothing after the error can be trusted to be framed: leave it
	 * in the socket for userspace, who gets it back with the peer gone
	 */
	strp_stop(strp);
	ovpn_tcp_peer_del(ovpn_sock, OVPN_DEL_PEER_REASON_TRANSPORT_ERROR);
}

/**
 * ovpn_tcp_rx_ended - the stream ended and the parser took all of it
 * @ovpn_sock: the driver's socket object
 *
 * The remote ended the stream (or it broke), and what the stream parser
 * has not taken can never complete a packet: nothing, or the start of a
 * frame the end of which will not come. Until then userspace must not
 * see the end of the stream: it would remove the peer while packets
 * are still to be parsed, and they would be lost uncounted.
 *
 * Context: the socket's lock held (or its spinlock, with no owner): the
 * parser does not run meanwhile.
 *
 * Return: true once the end of the stream may be reported
 */
bool ovpn_tcp_rx_ended(struct ovpn_socket *ovpn_sock)
{
	struct strparser *strp = &ovpn_sock->tcp.strp;
	struct sock *sk = ovpn_sock->sk;
	int unread;

	/* a stopped parser leaves the rest for userspace, who gets it
	 * from TCP once the socket is let go
	 */
	if (!(sk->sk_shutdown & RCV_SHUTDOWN) || strp->stopped)
		return false;
	unread = tcp_inq(sk);
	return !unread || (strp->need_bytes && unread < strp->need_bytes);
}

/* After the remote ended the stream, each time the parser has run:
 * readers and pollers waiting for the end look again (TCP's own wake-up
 * at the FIN came before the parser took the last bytes).
 */
static void ovpn_tcp_rx_progress(struct sock *sk)
{
	if (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN)
		sk->sk_state_change(sk);
}

static int ovpn_tcp_read_done(struct strparser *strp, int err)
{
	ovpn_tcp_rx_progress(strp->sk);
	return err;
}

static const struct strp_callbacks ovpn_tcp_strp_cb = {
	.parse_msg = ovpn_tcp_parse,
	.rcv_msg = ovpn_tcp_rcv,
	.read_sock_done = ovpn_tcp_read_done,
	.abort_parser = ovpn_tcp_abort,
};

static void ovpn_tcp_data_ready(struct sock *sk)
{
	struct ovpn_socket *ovpn_sock;

	rcu_read_lock();
	ovpn_sock = ovpn_tcp_sock(sk);
	if (likely(ovpn_sock)) {
		strp_data_ready(&ovpn_sock->tcp.strp);
		/* the parser may not have read at all: the bytes left
		 * cannot complete the frame it waits for
		 */
		ovpn_tcp_rx_progress(sk);
	}
	rcu_read_unlock();
}

/* the packet the sender is at; only the sender removes packets */
static struct sk_buff *ovpn_tcp_out_head(struct ovpn_tcp *tcp)
{
	struct sk_buff *skb;

	spin_lock_bh(&tcp->out_queue.lock);
	skb = skb_peek(&tcp->out_queue);
	spin_unlock_bh(&tcp->out_queue.lock);

	return skb;
}

/* drop everything queued: the connection cannot carry it */
static void ovpn_tcp_out_purge(struct ovpn_socket *ovpn_sock)
{
	struct ovpn_tcp *tcp = &ovpn_sock->tcp;
	struct sk_buff *skb;

	while ((skb = skb_dequeue(&tcp->out_queue))) {
		dev_core_stats_tx_dropped_inc(ovpn_sock->ovpn->dev);
		kfree_skb(skb);
	}
	tcp->out_offset = 0;
}

/* write the rest of the head packet: never blocks, never raises SIGPIPE
 * (the sender may be userspace's own sendmsg)
 */
static int ovpn_tcp_send_head(struct sock *sk, struct sk_buff *skb,
			      unsigned int offset)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	struct kvec kv = {
		.iov_base = skb->data + offset,
		.iov_len = skb->len - offset,
	};

	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, &kv, 1, kv.iov_len);
	return tcp_sendmsg_locked(sk, &msg, kv.iov_len);
}

/**
 * ovpn_tcp_flush - send what is queued, as far as the socket takes it
 * @ovpn_sock: the driver's socket object
 *
 * The socket is locked (owned); producers may be adding to the queue
 * meanwhile.
 *
 * Return: 0, or the error that broke the connection (everything queued
 * was then dropped)
 */
int ovpn_tcp_flush(struct ovpn_socket *ovpn_sock)
{
	struct ovpn_tcp *tcp = &ovpn_sock->tcp;
	struct sock *sk = ovpn_sock->sk;
	struct sk_buff *skb;
	int ret;

	sock_owned_by_me(sk);

	while ((skb = ovpn_tcp_out_head(tcp))) {
		ret = ovpn_tcp_send_head(sk, skb, tcp->out_offset);
		if (ret == -EAGAIN)
			/* full: the write space callback resumes */
			return 0;
		if (ret < 0) {
			net_dbg_ratelimited("%s: TCP send failed: %d\n",
					    netdev_name(ovpn_sock->ovpn->dev),
					    ret);
			ovpn_tcp_out_purge(ovpn_sock);
			return ret;
		}
		tcp->out_offset += ret;
		if (tcp->out_offset < skb->len)
			continue;
		skb_unlink(skb, &tcp->out_queue);
		consume_skb(skb);
		tcp->out_offset = 0;
	}
	return 0;
}

static void ovpn_tcp_tx_work(struct work_struct *work)
{
	struct ovpn_socket *ovpn_sock = container_of(work, struct ovpn_socket,
						     tcp.tx_work);
	struct sock *sk = ovpn_sock->sk;

	lock_sock(sk);
	if (rcu_access_pointer(__sk_user_data(sk)) == ovpn_sock)
		ovpn_tcp_flush(ovpn_sock);
	release_sock(sk);
}

/* Have the worker send what is queued. Only under the queue's lock and
 * while the socket is the driver's: ovpn_tcp_socket_cleanup() closes the
 * queue under that lock before it waits for the work, so that no work
 * can be scheduled once it returns.
 */
static void ovpn_tcp_kick(struct ovpn_tcp *tcp)
{
	lockdep_assert_held(&tcp->out_queue.lock);

	if (!tcp->tx_closed && !skb_queue_empty(&tcp->out_queue))
		queue_work(ovpn_wq, &tcp->tx_work);
}

static void ovpn_tcp_write_space(struct sock *sk)
{
	struct ovpn_socket *ovpn_sock;
	struct ovpn_tcp *tcp;

	rcu_read_lock();
	ovpn_sock = ovpn_tcp_sock(sk);
	if (likely(ovpn_sock)) {
		tcp = &ovpn_sock->tcp;
		spin_lock_bh(&tcp->out_queue.lock);
		ovpn_tcp_kick(tcp);
		spin_unlock_bh(&tcp->out_queue.lock);
		/* userspace writers wait for space too */
		tcp->saved_write_space(sk);
	}
	rcu_read_unlock();
}

/**
 * ovpn_tcp_queue - queue a framed packet for the sender
 * @ovpn_sock: the driver's socket object
 * @skb: the packet, length prefix included; queued on success only
 * @from_user: @skb is a control packet written by userspace
 *
 * The driver's data packets are bounded by OVPN_TCP_QUEUE_MAX and sent
 * by the worker. A control packet is charged to the socket's send
 * buffer, which bounds it (the writer waits for space as on any
 * socket), and its writer sends it: it is taken even when data filled
 * the queue, for the control channel must not lose packets to a
 * stream that is slow for a while.
 *
 * Any context.
 *
 * Return: 0, -ENOTCONN if the socket was let go, or -ENOBUFS if the
 * queue is full of data packets
 */
int ovpn_tcp_queue(struct ovpn_socket *ovpn_sock, struct sk_buff *skb,
		   bool from_user)
{
	struct ovpn_tcp *tcp = &ovpn_sock->tcp;
	int ret = 0;

	spin_lock_bh(&tcp->out_queue.lock);
	if (unlikely(tcp->tx_closed)) {
		ret = -ENOTCONN;
	} else if (unlikely(!from_user &&
			    skb_queue_len(&tcp->out_queue) >=
			    OVPN_TCP_QUEUE_MAX)) {
		ret = -ENOBUFS;
	} else {
		__skb_queue_tail(&tcp->out_queue, skb);
		if (!from_user)
			ovpn_tcp_kick(tcp);
	}
	spin_unlock_bh(&tcp->out_queue.lock);

	return ret;
}

/**
 * ovpn_tcp_send_skb - send an encrypted packet over a peer's TCP socket
 * @ovpn_sock: the peer's socket
 * @skb: the OpenVPN packet
 *
 * The packet is framed and queued; a worker sends it in process
 * context. The transmit path never takes the socket's lock: it may be
 * running inside another TCP socket's receive path or timer, whose own
 * lock is held.
 *
 * May be called in any context; consumes @skb in every case.
 *
 * Return: 0 if the packet was queued, or a negative error code if it
 * was dropped (and counted)
 */
int ovpn_tcp_send_skb(struct ovpn_socket *ovpn_sock, struct sk_buff *skb)
{
	unsigned int len = skb->len;
	int ret = -EMSGSIZE;

	if (unlikely(len > OVPN_TCP_MAX_FRAME))
		goto drop;
	/* the sender writes the linear data */
	ret = skb_cow_head(skb, OVPN_TCP_PREFIX_SIZE) ?: skb_linearize(skb);
	if (unlikely(ret))
		goto drop;
	put_unaligned_be16(len, __skb_push(skb, OVPN_TCP_PREFIX_SIZE));

	ret = ovpn_tcp_queue(ovpn_sock, skb, false);
	if (likely(!ret))
		return 0;

drop:
	net_dbg_ratelimited("%s: cannot send over TCP: %d\n",
			    netdev_name(ovpn_sock->ovpn->dev), ret);
	dev_core_stats_tx_dropped_inc(ovpn_sock->ovpn->dev);
	kfree_skb(skb);
	return ret;
}

/**
 * ovpn_tcp_path_mtu - the MTU of the route of a TCP peer's connection
 * @sk: the peer's TCP socket
 *
 * Return: the MTU, path MTU discovery included, or 0 if the socket has
 * no route
 */
unsigned int ovpn_tcp_path_mtu(struct sock *sk)
{
	struct dst_entry *dst = sk_dst_get(sk);
	unsigned int mtu = 0;

	if (dst) {
		mtu = dst_mtu(dst);
		dst_release(dst);
	}
	return mtu;
}

/**
 * ovpn_tcp_socket_attach - take over an established TCP socket
 * @ovpn_sock: the driver's socket object, its peer set
 * @sock: the socket, not locked
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_tcp_socket_attach(struct ovpn_socket *ovpn_sock,
			   struct socket *sock)
{
	struct ovpn_tcp *tcp = &ovpn_sock->tcp;
	struct sock *sk = sock->sk;
	struct ovpn_tcp_ops *ops;
	int ret;

	ret = ovpn_tcp_ops_get(sock, &ops);
	if (ret)
		return ret;
	tcp->saved_prot = sk->sk_prot;
	tcp->saved_ops = sock->ops;

	skb_queue_head_init(&tcp->user_queue);
	atomic_set(&tcp->user_bytes, 0);
	mutex_init(&tcp->user_lock);
	tcp->user_offset = 0;
	skb_queue_head_init(&tcp->out_queue);
	tcp->tx_closed = false;
	INIT_WORK(&tcp->tx_work, ovpn_tcp_tx_work);
	ret = strp_init(&tcp->strp, sk, &ovpn_tcp_strp_cb);
	if (ret)
		return ret;

	lock_sock(sk);
	if (sk->sk_state != TCP_ESTABLISHED) {
		ret = -ENOTCONN;
		goto err_unlock;
	}
	if (rcu_access_pointer(__sk_user_data(sk)) ||
	    inet_csk(sk)->icsk_ulp_ops || sk->sk_prot != tcp->saved_prot ||
	    sock->ops != tcp->saved_ops) {
		ret = -EBUSY;
		goto err_unlock;
	}

	/* packets are sent from any context: no per-task page fragments */
	tcp->saved_allocation = sk->sk_allocation;
	tcp->saved_use_task_frag = sk->sk_use_task_frag;
	sk->sk_allocation = GFP_ATOMIC;
	sk->sk_use_task_frag = false;

	tcp->saved_data_ready = sk->sk_data_ready;
	tcp->saved_write_space = sk->sk_write_space;

	write_lock_bh(&sk->sk_callback_lock);
	rcu_assign_sk_user_data(sk, ovpn_sock);
	sk->sk_data_ready = ovpn_tcp_data_ready;
	sk->sk_write_space = ovpn_tcp_write_space;
	WRITE_ONCE(sk->sk_prot, &ops->prot);
	WRITE_ONCE(sock->ops, &ops->ops);
	write_unlock_bh(&sk->sk_callback_lock);

	/* what arrived before the driver took the socket is its too */
	strp_check_rcv(&tcp->strp);
	release_sock(sk);
	return 0;

err_unlock:
	release_sock(sk);
	strp_stop(&tcp->strp);
	strp_done(&tcp->strp);
	return ret;
}

/**
 * ovpn_tcp_socket_detach - give a TCP socket back to plain userspace use
 * @ovpn_sock: the driver's socket object
 *
 * Must be called with the socket locked (owned). Only the first caller
 * detaches; it must then call ovpn_tcp_socket_cleanup() without the
 * lock. Readers waiting for control packets are woken and read from
 * TCP from then on.
 *
 * Return: true if this call detached the socket
 */
bool ovpn_tcp_socket_detach(struct ovpn_socket *ovpn_sock)
{
	struct ovpn_tcp *tcp = &ovpn_sock->tcp;
	struct sock *sk = ovpn_sock->sk;
	struct ovpn_tcp_ops *ops = ovpn_tcp_ops_of(sk);

	sock_owned_by_me(sk);

	if (rcu_dereference_protected(__sk_user_data(sk),
				      lockdep_sock_is_held(sk)) != ovpn_sock)
		return false;

	strp_stop(&tcp->strp);

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_data_ready = tcp->saved_data_ready;
	sk->sk_write_space = tcp->saved_write_space;
	/* nothing else can have replaced them (setsockopt refuses upper
	 * layer protocols, BPF maps refuse sockets with user data): check
	 * anyway rather than clobber someone else's
	 */
	if (!WARN_ON_ONCE(sk->sk_prot != &ops->prot))
		WRITE_ONCE(sk->sk_prot, tcp->saved_prot);
	if (sk->sk_socket && !WARN_ON_ONCE(sk->sk_socket->ops != &ops->ops))
		WRITE_ONCE(sk->sk_socket->ops, tcp->saved_ops);
	rcu_assign_sk_user_data(sk, NULL);
	write_unlock_bh(&sk->sk_callback_lock);
	sk->sk_allocation = tcp->saved_allocation;
	sk->sk_use_task_frag = tcp->saved_use_task_frag;

	/* readers waiting for control packets read from TCP now */
	sk->sk_data_ready(sk);

	return true;
}

/**
 * ovpn_tcp_socket_cleanup - wait for the work on a detached socket
 * @ovpn_sock: the driver's socket object, detached
 *
 * Process context, socket not locked. Queued packets, to send or for
 * userspace, are dropped and counted.
 */
void ovpn_tcp_socket_cleanup(struct ovpn_socket *ovpn_sock)
{
	struct ovpn_tcp *tcp = &ovpn_sock->tcp;
	struct sk_buff *skb;

	strp_done(&tcp->strp);
	/* from now on nobody queues packets or schedules the work */
	spin_lock_bh(&tcp->out_queue.lock);
	tcp->tx_closed = true;
	spin_unlock_bh(&tcp->out_queue.lock);
	cancel_work_sync(&tcp->tx_work);
	ovpn_tcp_out_purge(ovpn_sock);
	/* control packets userspace had not read: the stream they came
	 * from is TCP's again, without them
	 */
	while ((skb = skb_dequeue(&tcp->user_queue))) {
		dev_core_stats_rx_dropped_inc(ovpn_sock->ovpn->dev);
		kfree_skb(skb);
	}
	atomic_set(&tcp->user_bytes, 0);
}
