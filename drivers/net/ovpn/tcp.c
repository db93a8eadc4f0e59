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
 * The socket's protocol is swapped for a copy with the driver's recvmsg,
 * sendmsg, shutdown, close and sock_is_readable (for poll),
 * and put back when the driver lets the socket go.
 */

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
#include "ovpnpriv.h"
#include "peer.h"
#include "proto.h"
#include "socket.h"
#include "tcp.h"

/* copies of the TCP protocols with the driver's hooks, one per family,
 * built on first use
 */
enum { OVPN_TCP_V4, OVPN_TCP_V6, OVPN_TCP_NFAMILIES };
static struct proto ovpn_tcp_prot[OVPN_TCP_NFAMILIES];
static const struct proto *ovpn_tcp_prot_base[OVPN_TCP_NFAMILIES];
static DEFINE_MUTEX(ovpn_tcp_prot_lock);

/* the driver's socket object of a TCP socket, under RCU or the socket
 * lock
 */
static struct ovpn_socket *ovpn_tcp_sock(const struct sock *sk)
{
	return rcu_dereference_sk_user_data(sk);
}

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

/* remove the peer of @ovpn_sock, if it still has one */
static void ovpn_tcp_peer_del(struct ovpn_socket *ovpn_sock,
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
 * ovpn_tcp_msg_extract - reduce a parsed message to its packet
 * @skb: a message from the stream parser
 * @with_prefix: keep the length prefix in front of the packet
 *
 * Return: 0 on success or a negative error code
 */
int ovpn_tcp_msg_extract(struct sk_buff *skb, bool with_prefix)
{
	struct strp_msg *rxm = strp_msg(skb);
	unsigned int skip = with_prefix ? 0 : OVPN_TCP_PREFIX_SIZE;

	if (!pskb_pull(skb, rxm->offset + skip))
		return -ENOMEM;
	return pskb_trim(skb, rxm->full_len - skip);
}

/* a control packet (or anything that is not ours) for userspace */
static void ovpn_tcp_to_user(struct ovpn_socket *ovpn_sock,
			     struct sk_buff *skb)
{
	struct ovpn_tcp *tcp = &ovpn_sock->tcp;
	struct sock *sk = ovpn_sock->sk;

	if (unlikely(ovpn_tcp_msg_extract(skb, true)))
		goto drop;

	if (unlikely(skb_queue_len(&tcp->user_queue) >= OVPN_TCP_QUEUE_MAX)) {
		net_dbg_ratelimited("%s: control packet dropped, userspace does not read\n",
				    netdev_name(ovpn_sock->ovpn->dev));
		goto drop;
	}

	skb_queue_tail(&tcp->user_queue, skb);
	tcp->saved_data_ready(sk);
	return;

drop:
	dev_core_stats_rx_dropped_inc(ovpn_sock->ovpn->dev);
	kfree_skb(skb);
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
	if (unlikely(rxm->full_len < OVPN_TCP_PREFIX_SIZE + OVPN_OPCODE_SIZE ||
		     ovpn_tcp_msg_extract(skb, false) ||
		     !pskb_may_pull(skb, OVPN_OPCODE_SIZE)))
		goto drop;

	peer = ovpn_tcp_peer_get(ovpn_sock);
	if (unlikely(!peer))
		goto drop;

	ovpn_recv(peer, skb);
	return;

drop:
	dev_core_stats_rx_dropped_inc(ovpn_sock->ovpn->dev);
	kfree_skb(skb);
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

static const struct strp_callbacks ovpn_tcp_strp_cb = {
	.parse_msg = ovpn_tcp_parse,
	.rcv_msg = ovpn_tcp_rcv,
	.abort_parser = ovpn_tcp_abort,
};

static void ovpn_tcp_data_ready(struct sock *sk)
{
	struct ovpn_socket *ovpn_sock;

	rcu_read_lock();
	ovpn_sock = ovpn_tcp_sock(sk);
	if (likely(ovpn_sock))
		strp_data_ready(&ovpn_sock->tcp.strp);
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

/* send what is queued, as far as the socket takes it; the socket is
 * locked (owned), producers may be adding to the queue meanwhile
 */
static void ovpn_tcp_flush(struct ovpn_socket *ovpn_sock)
{
	struct ovpn_tcp *tcp = &ovpn_sock->tcp;
	struct sock *sk = ovpn_sock->sk;
	struct sk_buff *skb;
	int ret;

	sock_owned_by_me(sk);

	while ((skb = ovpn_tcp_out_head(tcp))) {
		ret = skb_send_sock_locked(sk, skb, tcp->out_offset,
					   skb->len - tcp->out_offset);
		if (ret == -EAGAIN || !ret)
			/* full: the write space callback resumes */
			return;
		if (ret < 0) {
			/* the connection is broken: nothing more goes out */
			net_dbg_ratelimited("%s: TCP send failed: %d\n",
					    netdev_name(ovpn_sock->ovpn->dev),
					    ret);
			skb_queue_purge(&tcp->out_queue);
			tcp->out_offset = 0;
			return;
		}
		tcp->out_offset += ret;
		if (tcp->out_offset < skb->len)
			continue;
		skb_unlink(skb, &tcp->out_queue);
		consume_skb(skb);
		tcp->out_offset = 0;
	}
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

static void ovpn_tcp_write_space(struct sock *sk)
{
	struct ovpn_socket *ovpn_sock;

	rcu_read_lock();
	ovpn_sock = ovpn_tcp_sock(sk);
	if (likely(ovpn_sock)) {
		if (!skb_queue_empty_lockless(&ovpn_sock->tcp.out_queue))
			schedule_work(&ovpn_sock->tcp.tx_work);
		/* userspace writers wait for space too */
		ovpn_sock->tcp.saved_write_space(sk);
	}
	rcu_read_unlock();
}

/* queue a framed packet for the sender; any context */
static int ovpn_tcp_queue(struct ovpn_socket *ovpn_sock, struct sk_buff *skb)
{
	struct ovpn_tcp *tcp = &ovpn_sock->tcp;
	int ret = 0;

	spin_lock_bh(&tcp->out_queue.lock);
	if (unlikely(tcp->tx_closed))
		ret = -ENOTCONN;
	else if (unlikely(skb_queue_len(&tcp->out_queue) >=
			  OVPN_TCP_QUEUE_MAX))
		ret = -ENOBUFS;
	else
		__skb_queue_tail(&tcp->out_queue, skb);
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
 */
void ovpn_tcp_send_skb(struct ovpn_socket *ovpn_sock, struct sk_buff *skb)
{
	unsigned int len = skb->len;
	int ret;

	if (unlikely(len > OVPN_TCP_MAX_FRAME ||
		     skb_cow_head(skb, OVPN_TCP_PREFIX_SIZE))) {
		ret = -EMSGSIZE;
		goto drop;
	}
	put_unaligned_be16(len, __skb_push(skb, OVPN_TCP_PREFIX_SIZE));

	ret = ovpn_tcp_queue(ovpn_sock, skb);
	if (likely(!ret)) {
		schedule_work(&ovpn_sock->tcp.tx_work);
		return;
	}

drop:
	net_dbg_ratelimited("%s: cannot send over TCP: %d\n",
			    netdev_name(ovpn_sock->ovpn->dev), ret);
	dev_core_stats_tx_dropped_inc(ovpn_sock->ovpn->dev);
	kfree_skb(skb);
}

/* the driver's protocol hooks: find the driver's state or fall back to
 * TCP's own (a socket being let go still has the hooks for a moment)
 */

static const struct proto *ovpn_tcp_base_prot(const struct sock *sk)
{
	return ovpn_tcp_prot_base[sk->sk_family == AF_INET6 ?
				  OVPN_TCP_V6 : OVPN_TCP_V4];
}

static int ovpn_tcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len,
			    int flags, int *addr_len)
{
	struct ovpn_socket *ovpn_sock;
	struct ovpn_tcp *tcp;
	struct sk_buff *skb;
	int ret, off = 0;
	size_t copied;

	rcu_read_lock();
	ovpn_sock = ovpn_tcp_sock(sk);
	if (!ovpn_sock || !kref_get_unless_zero(&ovpn_sock->refcount)) {
		rcu_read_unlock();
		return ovpn_tcp_base_prot(sk)->recvmsg(sk, msg, len, flags,
						       addr_len);
	}
	rcu_read_unlock();
	tcp = &ovpn_sock->tcp;

	if (flags & MSG_ERRQUEUE) {
		ret = -EOPNOTSUPP;
		goto out;
	}

	/* readers take turns: a packet read in pieces stays whole */
	ret = mutex_lock_interruptible(&tcp->user_lock);
	if (ret)
		goto out;

	skb = __skb_recv_datagram(sk, &tcp->user_queue, flags | MSG_PEEK,
				  &off, &ret);
	if (!skb) {
		/* nothing queued after the remote shut its side down: the
		 * end of the stream, also for readers that do not wait
		 */
		if ((!ret || ret == -EAGAIN) &&
		    (READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN))
			ret = 0;
		goto out_unlock;
	}

	copied = min(len, (size_t)(skb->len - tcp->user_offset));
	ret = skb_copy_datagram_msg(skb, tcp->user_offset, msg, copied);
	if (!ret && !(flags & MSG_PEEK)) {
		ret = copied;
		tcp->user_offset += copied;
		if (tcp->user_offset == skb->len) {
			/* the queue's reference; ours is dropped below */
			skb_unlink(skb, &tcp->user_queue);
			consume_skb(skb);
			tcp->user_offset = 0;
		}
	} else if (!ret) {
		ret = copied;
	}
	consume_skb(skb);
out_unlock:
	mutex_unlock(&tcp->user_lock);
out:
	ovpn_socket_put(ovpn_sock);
	return ret;
}

static int ovpn_tcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size)
{
	struct ovpn_socket *ovpn_sock;
	struct sk_buff *skb;
	int ret;

	rcu_read_lock();
	ovpn_sock = ovpn_tcp_sock(sk);
	if (!ovpn_sock || !kref_get_unless_zero(&ovpn_sock->refcount)) {
		rcu_read_unlock();
		return ovpn_tcp_base_prot(sk)->sendmsg(sk, msg, size);
	}
	rcu_read_unlock();

	/* one whole framed packet per call, kept together on the stream */
	if (msg->msg_flags & (MSG_OOB | MSG_FASTOPEN | MSG_ZEROCOPY |
			      MSG_SPLICE_PAGES)) {
		ret = -EOPNOTSUPP;
		goto out;
	}
	if (size > OVPN_TCP_PREFIX_SIZE + OVPN_TCP_MAX_FRAME) {
		ret = -EMSGSIZE;
		goto out;
	}

	skb = sock_alloc_send_skb(sk, size, msg->msg_flags & MSG_DONTWAIT,
				  &ret);
	if (!skb)
		goto out;
	ret = memcpy_from_msg(skb_put(skb, size), msg, size);
	if (ret) {
		kfree_skb(skb);
		goto out;
	}

	ret = ovpn_tcp_queue(ovpn_sock, skb);
	if (ret) {
		kfree_skb(skb);
		goto out;
	}
	lock_sock(sk);
	if (rcu_access_pointer(__sk_user_data(sk)) == ovpn_sock)
		ovpn_tcp_flush(ovpn_sock);
	release_sock(sk);
	ret = size;
out:
	ovpn_socket_put(ovpn_sock);
	return ret;
}

static void ovpn_tcp_shutdown(struct sock *sk, int how)
{
	struct ovpn_socket *ovpn_sock;

	rcu_read_lock();
	ovpn_sock = ovpn_tcp_sock(sk);
	/* the peer goes; the socket is let go by a worker, as it is
	 * locked here
	 */
	if (ovpn_sock)
		ovpn_tcp_peer_del(ovpn_sock,
				  OVPN_DEL_PEER_REASON_TRANSPORT_DISCONNECT);
	rcu_read_unlock();

	ovpn_tcp_base_prot(sk)->shutdown(sk, how);
}

static void ovpn_tcp_close(struct sock *sk, long timeout)
{
	struct ovpn_socket *ovpn_sock;
	bool detached = false;

	rcu_read_lock();
	ovpn_sock = ovpn_tcp_sock(sk);
	if (ovpn_sock && !kref_get_unless_zero(&ovpn_sock->refcount))
		ovpn_sock = NULL;
	rcu_read_unlock();

	if (ovpn_sock) {
		/* give the socket back to TCP before it closes, then let
		 * the peer go
		 */
		lock_sock(sk);
		detached = ovpn_tcp_socket_detach(ovpn_sock);
		release_sock(sk);
		if (detached)
			ovpn_tcp_socket_cleanup(ovpn_sock);
		ovpn_tcp_peer_del(ovpn_sock,
				  OVPN_DEL_PEER_REASON_TRANSPORT_DISCONNECT);
		ovpn_socket_put(ovpn_sock);
	}

	ovpn_tcp_base_prot(sk)->close(sk, timeout);
}

/* what poll() reports: readable when a control packet waits (TCP's own
 * poll adds the end of the stream and errors)
 */
static bool ovpn_tcp_sock_is_readable(struct sock *sk)
{
	struct ovpn_socket *ovpn_sock;
	bool ret = false;

	rcu_read_lock();
	ovpn_sock = ovpn_tcp_sock(sk);
	if (ovpn_sock)
		ret = !skb_queue_empty_lockless(&ovpn_sock->tcp.user_queue);
	rcu_read_unlock();

	return ret;
}

/* the TCP protocol a socket of this family must have for the driver */
static const struct proto *ovpn_tcp_expected_prot(int fam)
{
#if IS_ENABLED(CONFIG_IPV6)
	if (fam == OVPN_TCP_V6)
		return &tcpv6_prot;
#endif
	return fam == OVPN_TCP_V4 ? &tcp_prot : NULL;
}

/* the driver's copy of the socket's protocol */
static int ovpn_tcp_build_prot(struct sock *sk, struct proto **prot)
{
	int fam = sk->sk_family == AF_INET6 ? OVPN_TCP_V6 : OVPN_TCP_V4;

	/* a socket with an upper layer protocol (TLS, MPTCP, a BPF map)
	 * is someone else's
	 */
	if (sk->sk_prot != ovpn_tcp_expected_prot(fam))
		return -EBUSY;

	mutex_lock(&ovpn_tcp_prot_lock);
	if (!ovpn_tcp_prot_base[fam]) {
		ovpn_tcp_prot[fam] = *sk->sk_prot;
		ovpn_tcp_prot[fam].recvmsg = ovpn_tcp_recvmsg;
		ovpn_tcp_prot[fam].sendmsg = ovpn_tcp_sendmsg;
		ovpn_tcp_prot[fam].shutdown = ovpn_tcp_shutdown;
		ovpn_tcp_prot[fam].close = ovpn_tcp_close;
		ovpn_tcp_prot[fam].sock_is_readable = ovpn_tcp_sock_is_readable;
		ovpn_tcp_prot_base[fam] = sk->sk_prot;
	}
	mutex_unlock(&ovpn_tcp_prot_lock);

	*prot = &ovpn_tcp_prot[fam];
	return 0;
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
	struct proto *prot;
	int ret;

	ret = ovpn_tcp_build_prot(sk, &prot);
	if (ret)
		return ret;
	tcp->saved_prot = sk->sk_prot;

	skb_queue_head_init(&tcp->user_queue);
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
	    inet_csk(sk)->icsk_ulp_ops || sk->sk_prot != tcp->saved_prot) {
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
	WRITE_ONCE(sk->sk_prot, prot);
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
 * lock.
 *
 * Return: true if this call detached the socket
 */
bool ovpn_tcp_socket_detach(struct ovpn_socket *ovpn_sock)
{
	struct ovpn_tcp *tcp = &ovpn_sock->tcp;
	struct sock *sk = ovpn_sock->sk;

	sock_owned_by_me(sk);

	if (rcu_dereference_protected(__sk_user_data(sk),
				      lockdep_sock_is_held(sk)) != ovpn_sock)
		return false;

	strp_stop(&tcp->strp);

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_data_ready = tcp->saved_data_ready;
	sk->sk_write_space = tcp->saved_write_space;
	WRITE_ONCE(sk->sk_prot, tcp->saved_prot);
	rcu_assign_sk_user_data(sk, NULL);
	write_unlock_bh(&sk->sk_callback_lock);
	sk->sk_allocation = tcp->saved_allocation;
	sk->sk_use_task_frag = tcp->saved_use_task_frag;

	return true;
}

/**
 * ovpn_tcp_socket_cleanup - wait for the work on a detached socket
 * @ovpn_sock: the driver's socket object, detached
 *
 * Process context, socket not locked. Queued packets are dropped.
 */
void ovpn_tcp_socket_cleanup(struct ovpn_socket *ovpn_sock)
{
	struct ovpn_tcp *tcp = &ovpn_sock->tcp;

	strp_done(&tcp->strp);
	/* transmitters still holding the socket queue nothing more */
	spin_lock_bh(&tcp->out_queue.lock);
	tcp->tx_closed = true;
	spin_unlock_bh(&tcp->out_queue.lock);
	cancel_work_sync(&tcp->tx_work);
	skb_queue_purge(&tcp->out_queue);
	skb_queue_purge(&tcp->user_queue);
}
