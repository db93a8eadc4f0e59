// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * What userspace sees of a TCP socket the driver has taken over. The
 * socket's protocol is swapped for a copy with the driver's recvmsg,
 * sendmsg, setsockopt, getsockopt, shutdown and close, its socket
 * operations for a copy with the driver's poll and without TCP's
 * splice_read, and both are put back when the driver lets the socket
 * go (tcp.c):
 *
 * - a read (recvmsg, read, splice) returns one control packet, length
 *   prefix included, as if the socket carried datagrams, and poll()
 *   reports the queue of control packets, not the bytes the stream
 *   parser holds; the end of the stream shows once the parser took
 *   everything that came before it. Nothing reads the stream past the
 *   parser: TCP's zero-copy receive is refused;
 * - a write is one whole framed packet, queued behind the driver's own
 *   so that nothing is written into the middle of another packet;
 * - shutting the socket down or closing it removes the peer
 *   (transport-disconnect);
 * - once the socket was let go, every hook passes through to TCP.
 */

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/net.h>
#include <linux/skbuff.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/transp_v6.h>

#include "ovpnpriv.h"
#include "peer.h"
#include "socket.h"
#include "tcp.h"

/* The driver's copies of a TCP socket's protocol and socket operations,
 * one per address family, built on first use.
 */
enum { OVPN_TCP_V4, OVPN_TCP_V6, OVPN_TCP_NFAMILIES };

static struct ovpn_tcp_ops ovpn_tcp_ops[OVPN_TCP_NFAMILIES];
static DEFINE_MUTEX(ovpn_tcp_ops_lock);

static int ovpn_tcp_family(const struct sock *sk)
{
	return sk->sk_family == AF_INET6 ? OVPN_TCP_V6 : OVPN_TCP_V4;
}

/* the driver's socket object of a TCP socket with a reference, or NULL
 * if the socket was let go (its hooks may still be called for a moment)
 */
static struct ovpn_socket *ovpn_tcp_sock_get(const struct sock *sk)
{
	struct ovpn_socket *ovpn_sock;

	rcu_read_lock();
	ovpn_sock = ovpn_tcp_sock(sk);
	if (ovpn_sock && !kref_get_unless_zero(&ovpn_sock->refcount))
		ovpn_sock = NULL;
	rcu_read_unlock();

	return ovpn_sock;
}

/* The protocol hooks run module code in process context and may sleep
 * (waiting for data, memory, the socket lock, a lingering close) with no
 * reference that keeps the module: each call pins it. When the module
 * is already going away, the socket was let go and the call only passes
 * through to TCP.
 */
static bool ovpn_tcp_hook_enter(void)
{
	return try_module_get(THIS_MODULE);
}

static void ovpn_tcp_hook_exit(bool pinned)
{
	if (pinned)
		module_put(THIS_MODULE);
}

/* the driver's protocol hooks: find the driver's state or fall back to
 * TCP's own (a socket being let go still has the hooks for a moment)
 */

static const struct proto *ovpn_tcp_base_prot(const struct sock *sk)
{
	return ovpn_tcp_ops[ovpn_tcp_family(sk)].base_prot;
}

/* the head of the queue of control packets, whole or in pieces; the
 * readers take turns so that a packet read in pieces stays whole
 *
 * Return: the bytes copied, -EAGAIN if nothing is queued, or another
 * negative error code
 */
static int ovpn_tcp_user_read(struct ovpn_tcp *tcp, struct msghdr *msg,
			      size_t len, int flags)
{
	struct sk_buff *skb;
	size_t copied;
	int ret;

	ret = mutex_lock_interruptible(&tcp->user_lock);
	if (ret)
		return ret;

	/* only readers remove packets: the head stays while we hold the
	 * mutex
	 */
	spin_lock_bh(&tcp->user_queue.lock);
	skb = skb_peek(&tcp->user_queue);
	spin_unlock_bh(&tcp->user_queue.lock);
	if (!skb) {
		ret = -EAGAIN;
		goto out_unlock;
	}

	copied = min(len, (size_t)(skb->len - tcp->user_offset));
	ret = skb_copy_datagram_msg(skb, tcp->user_offset, msg, copied);
	if (ret)
		goto out_unlock;
	ret = copied;
	if (flags & MSG_PEEK)
		goto out_unlock;

	tcp->user_offset += copied;
	if (tcp->user_offset == skb->len) {
		skb_unlink(skb, &tcp->user_queue);
		atomic_sub(skb->truesize, &tcp->user_bytes);
		consume_skb(skb);
		tcp->user_offset = 0;
	}
out_unlock:
	mutex_unlock(&tcp->user_lock);
	return ret;
}

/* Nothing is queued for userspace: is it the end of the stream? Only
 * once the parser took all it could of what came before the end.
 */
static bool ovpn_tcp_user_eof(struct ovpn_socket *ovpn_sock)
{
	struct sock *sk = ovpn_sock->sk;
	bool eof;

	if (!(READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN))
		return false;

	lock_sock(sk);
	eof = rcu_access_pointer(__sk_user_data(sk)) == ovpn_sock &&
	      ovpn_tcp_rx_ended(ovpn_sock);
	release_sock(sk);
	return eof;
}

/* Userspace reads the control packets, one whole packet (length prefix
 * included) or a piece of one per call. A reader waits on the socket's
 * wait queue holding no reference on the driver's state: a blocked
 * reader must not keep the device (nor the socket object) from going
 * away. Letting the socket go wakes it, and it reads from TCP then.
 */
static int ovpn_tcp_recvmsg(struct sock *sk, struct msghdr *msg, size_t len,
			    int flags, int *addr_len)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	bool pinned = ovpn_tcp_hook_enter();
	struct ovpn_socket *ovpn_sock;
	long timeo;
	int ret;

	/* TCP's own error queue (timestamps), not the stream */
	if (flags & MSG_ERRQUEUE)
		goto base;

	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	add_wait_queue(sk_sleep(sk), &wait);
	for (;;) {
		ovpn_sock = ovpn_tcp_sock_get(sk);
		if (!ovpn_sock) {
			remove_wait_queue(sk_sleep(sk), &wait);
			goto base;
		}
		ret = ovpn_tcp_user_read(&ovpn_sock->tcp, msg, len, flags);
		/* nothing queued, and the parser took the whole stream:
		 * the end, also for readers that do not wait
		 */
		if (ret == -EAGAIN && ovpn_tcp_user_eof(ovpn_sock))
			ret = 0;
		ovpn_socket_put(ovpn_sock);
		if (ret != -EAGAIN)
			break;
		if (READ_ONCE(sk->sk_err)) {
			ret = sock_error(sk);
			break;
		}
		if (!timeo)
			break;
		if (signal_pending(current)) {
			ret = sock_intr_errno(timeo);
			break;
		}
		timeo = wait_woken(&wait, TASK_INTERRUPTIBLE, timeo);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	ovpn_tcp_hook_exit(pinned);
	return ret;

base:
	ret = ovpn_tcp_base_prot(sk)->recvmsg(sk, msg, len, flags, addr_len);
	ovpn_tcp_hook_exit(pinned);
	return ret;
}

/* bytes userspace gave us after the socket was let go: they go to TCP
 * as they would have without the driver
 */
static int ovpn_tcp_send_plain(struct sock *sk, struct sk_buff *skb,
			       int flags)
{
	struct msghdr msg = { .msg_flags = flags };
	struct kvec kv = { .iov_base = skb->data, .iov_len = skb->len };
	int ret;

	iov_iter_kvec(&msg.msg_iter, ITER_SOURCE, &kv, 1, kv.iov_len);
	lock_sock(sk);
	ret = tcp_sendmsg_locked(sk, &msg, kv.iov_len);
	release_sock(sk);
	return ret;
}

/* Userspace writes one whole framed packet per call; it is queued
 * behind the driver's packets and sent at once. Waiting for send buffer
 * space happens without a reference on the driver's state, as in
 * ovpn_tcp_recvmsg().
 */
static int ovpn_tcp_sendmsg(struct sock *sk, struct msghdr *msg, size_t size)
{
	bool pinned = ovpn_tcp_hook_enter();
	struct ovpn_socket *ovpn_sock;
	struct sk_buff *skb;
	int ret;

	ovpn_sock = ovpn_tcp_sock_get(sk);
	if (!ovpn_sock) {
		ret = ovpn_tcp_base_prot(sk)->sendmsg(sk, msg, size);
		goto out;
	}
	ovpn_socket_put(ovpn_sock);

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
	/* nothing to send: an empty packet would never leave the queue */
	if (!size) {
		ret = 0;
		goto out;
	}

	skb = sock_alloc_send_skb(sk, size, msg->msg_flags & MSG_DONTWAIT,
				  &ret);
	if (!skb)
		goto out;
	ret = memcpy_from_msg(skb_put(skb, size), msg, size);
	if (ret)
		goto out_free;

	ovpn_sock = ovpn_tcp_sock_get(sk);
	if (!ovpn_sock) {
		ret = ovpn_tcp_send_plain(sk, skb, msg->msg_flags);
		goto out_free;
	}
	ret = ovpn_tcp_queue(ovpn_sock, skb, true);
	if (ret) {
		ovpn_socket_put(ovpn_sock);
		goto out_free;
	}
	lock_sock(sk);
	if (rcu_access_pointer(__sk_user_data(sk)) == ovpn_sock)
		ret = ovpn_tcp_flush(ovpn_sock);
	release_sock(sk);
	ovpn_socket_put(ovpn_sock);
	/* the connection broke: this packet was dropped with the rest */
	if (!ret)
		ret = size;
	goto out;

out_free:
	kfree_skb(skb);
out:
	ovpn_tcp_hook_exit(pinned);
	return ret;
}

/* TCP's zero-copy receive takes the bytes TCP holds, the stream parser's
 * input, into userspace's buffers (its copy buffer or pages mapped by
 * mmap()): not while the socket is the driver's
 */
static int ovpn_tcp_getsockopt(struct sock *sk, int level, int optname,
			       char __user *optval, int __user *optlen)
{
	bool pinned = ovpn_tcp_hook_enter();
	int ret;

	if (level == SOL_TCP && optname == TCP_ZEROCOPY_RECEIVE &&
	    rcu_access_pointer(__sk_user_data(sk)))
		ret = -EOPNOTSUPP;
	else
		ret = ovpn_tcp_base_prot(sk)->getsockopt(sk, level, optname,
							 optval, optlen);
	ovpn_tcp_hook_exit(pinned);
	return ret;
}

/* an upper layer protocol (TLS, ...) built on the driver's hooks would
 * lose its own when the driver lets the socket go: none while attached
 */
static int ovpn_tcp_setsockopt(struct sock *sk, int level, int optname,
			       sockptr_t optval, unsigned int optlen)
{
	bool pinned = ovpn_tcp_hook_enter();
	int ret;

	if (level == SOL_TCP && optname == TCP_ULP &&
	    rcu_access_pointer(__sk_user_data(sk)))
		ret = -EBUSY;
	else
		ret = ovpn_tcp_base_prot(sk)->setsockopt(sk, level, optname,
							 optval, optlen);
	ovpn_tcp_hook_exit(pinned);
	return ret;
}

static void ovpn_tcp_shutdown(struct sock *sk, int how)
{
	bool pinned = ovpn_tcp_hook_enter();
	struct ovpn_socket *ovpn_sock;

	/* the peer goes; the socket is let go by a worker, as it is
	 * locked here
	 */
	ovpn_sock = ovpn_tcp_sock_get(sk);
	if (ovpn_sock) {
		ovpn_tcp_peer_del(ovpn_sock,
				  OVPN_DEL_PEER_REASON_TRANSPORT_DISCONNECT);
		ovpn_socket_put(ovpn_sock);
	}

	ovpn_tcp_base_prot(sk)->shutdown(sk, how);
	ovpn_tcp_hook_exit(pinned);
}

static void ovpn_tcp_close(struct sock *sk, long timeout)
{
	bool pinned = ovpn_tcp_hook_enter();
	struct ovpn_socket *ovpn_sock;
	bool detached = false;

	ovpn_sock = ovpn_tcp_sock_get(sk);
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
	ovpn_tcp_hook_exit(pinned);
}

/* what poll() reports of the driver's queue for userspace, the end of
 * the stream not reached
 */
static __poll_t ovpn_tcp_poll_user(struct ovpn_socket *ovpn_sock,
				   __poll_t mask)
{
	mask &= ~(EPOLLIN | EPOLLRDNORM | EPOLLRDHUP);
	if (!skb_queue_empty_lockless(&ovpn_sock->tcp.user_queue))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

/* What poll() reports: readable when a control packet waits, not when
 * TCP holds bytes that the stream parser has yet to make a packet of
 * (a partial frame), which a read would not return. TCP's own poll
 * adds errors and writability, and the end of the stream once a read
 * would return it.
 */
static __poll_t ovpn_tcp_poll(struct file *file, struct socket *sock,
			      poll_table *wait)
{
	struct sock *sk = sock->sk;
	struct ovpn_socket *ovpn_sock;
	__poll_t mask;
	bool pinned;

	mask = ovpn_tcp_ops[ovpn_tcp_family(sk)].base_ops->poll(file, sock,
								wait);

	/* before the end of the stream, as on every call of a busy
	 * event loop: no reference, no lock
	 */
	rcu_read_lock();
	ovpn_sock = ovpn_tcp_sock(sk);
	if (ovpn_sock && !(READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN)) {
		mask = ovpn_tcp_poll_user(ovpn_sock, mask);
		rcu_read_unlock();
		return mask;
	}
	rcu_read_unlock();
	if (!ovpn_sock)
		return mask;

	/* at the end of the stream the check takes the socket's lock */
	pinned = ovpn_tcp_hook_enter();
	ovpn_sock = ovpn_tcp_sock_get(sk);
	if (ovpn_sock) {
		if (!ovpn_tcp_user_eof(ovpn_sock))
			mask = ovpn_tcp_poll_user(ovpn_sock, mask);
		ovpn_socket_put(ovpn_sock);
	}
	ovpn_tcp_hook_exit(pinned);

	return mask;
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

/**
 * ovpn_tcp_ops_get - the driver's operations for a TCP socket
 * @sock: the socket, which must have TCP's own protocol and operations
 * @ops: where to store the operations of its address family
 *
 * The operations of a family are built by the first socket of that
 * family and never change afterwards.
 *
 * Return: 0 on success, or -EBUSY if @sock already has someone else's
 */
int ovpn_tcp_ops_get(struct socket *sock, struct ovpn_tcp_ops **ops)
{
	struct sock *sk = sock->sk;
	int fam = ovpn_tcp_family(sk);
	struct ovpn_tcp_ops *o = &ovpn_tcp_ops[fam];

	/* a socket with an upper layer protocol (TLS, MPTCP, a BPF map)
	 * is someone else's
	 */
	if (sk->sk_prot != ovpn_tcp_expected_prot(fam) ||
	    sock->ops->poll != tcp_poll)
		return -EBUSY;

	mutex_lock(&ovpn_tcp_ops_lock);
	if (!o->base_prot) {
		o->prot = *sk->sk_prot;
		o->prot.recvmsg = ovpn_tcp_recvmsg;
		o->prot.sendmsg = ovpn_tcp_sendmsg;
		o->prot.setsockopt = ovpn_tcp_setsockopt;
		o->prot.getsockopt = ovpn_tcp_getsockopt;
		o->prot.shutdown = ovpn_tcp_shutdown;
		o->prot.close = ovpn_tcp_close;
		o->ops = *sock->ops;
		o->ops.poll = ovpn_tcp_poll;
		/* splice() reads through recvmsg, as read() does: TCP's
		 * own would take the stream from under the parser
		 */
		o->ops.splice_read = NULL;
		o->base_ops = sock->ops;
		/* last: it tells that the copies are complete */
		o->base_prot = sk->sk_prot;
	}
	mutex_unlock(&ovpn_tcp_ops_lock);

	*ops = o;
	return 0;
}

/**
 * ovpn_tcp_ops_of - the driver's operations for the family of a socket
 * @sk: a TCP socket the driver took with ovpn_tcp_ops_get()
 *
 * Return: the operations that socket was given
 */
struct ovpn_tcp_ops *ovpn_tcp_ops_of(const struct sock *sk)
{
	return &ovpn_tcp_ops[ovpn_tcp_family(sk)];
}
