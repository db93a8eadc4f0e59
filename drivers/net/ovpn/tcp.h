/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_TCP_H_
#define _NET_OVPN_TCP_H_

#include <linux/ipv6.h>
#include <linux/mutex.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <linux/workqueue.h>
#include <net/ip.h>
#include <net/sock.h>
#include <net/strparser.h>
#include <uapi/linux/ovpn.h>

struct ovpn_peer;
struct ovpn_socket;
struct sock;
struct socket;

/* the 2-byte big endian length in front of every packet on the stream */
#define OVPN_TCP_PREFIX_SIZE	2
/* the longest frame: a data packet for the largest MTU the device
 * allows, whose TCP/IPv6 packet must fit 64 KiB
 */
#define OVPN_TCP_MAX_FRAME	(IP_MAX_MTU - sizeof(struct tcphdr) - \
				 sizeof(struct ipv6hdr))
/* data packets waiting to be sent, control packets waiting to be read */
#define OVPN_TCP_QUEUE_MAX	256

/**
 * struct ovpn_tcp - the driver's state on a TCP socket
 * @strp: the stream parser cutting the byte stream into packets
 * @user_queue: control packets for userspace
 * @user_bytes: memory taken by @user_queue, bounded by the socket's
 *		receive buffer size
 * @user_lock: serialises the readers of @user_queue
 * @user_offset: how much of the head of @user_queue was read
 * @out_queue: framed packets to send, in order; the head may be partly
 *	       sent already
 * @out_offset: how much of the head of @out_queue was sent
 * @tx_work: sends what could not be sent where it was queued
 * @tx_closed: the socket was let go: nothing more may be queued, and
 *	       @tx_work is not scheduled any more (under @out_queue's lock)
 * @saved_data_ready: the socket's callback before the driver took it
 * @saved_write_space: likewise
 * @saved_prot: the socket's protocol before the driver took it
 * @saved_ops: the socket's operations before the driver took it
 * @saved_allocation: the socket's allocation flags before the driver
 *		      took it
 * @saved_use_task_frag: likewise, its use of per-task page fragments
 */
struct ovpn_tcp {
	struct strparser strp;
	struct sk_buff_head user_queue;
	atomic_t user_bytes;
	struct mutex user_lock; /* readers of user_queue and user_offset */
	unsigned int user_offset;
	struct sk_buff_head out_queue;
	unsigned int out_offset;
	struct work_struct tx_work;
	bool tx_closed;
	void (*saved_data_ready)(struct sock *sk);
	void (*saved_write_space)(struct sock *sk);
	struct proto *saved_prot;
	const struct proto_ops *saved_ops;
	gfp_t saved_allocation;
	bool saved_use_task_frag;
};

int ovpn_tcp_socket_attach(struct ovpn_socket *ovpn_sock,
			   struct socket *sock);
bool ovpn_tcp_socket_detach(struct ovpn_socket *ovpn_sock);
void ovpn_tcp_socket_cleanup(struct ovpn_socket *ovpn_sock);
int ovpn_tcp_send_skb(struct ovpn_socket *ovpn_sock, struct sk_buff *skb);
unsigned int ovpn_tcp_path_mtu(struct sock *sk);

/* between the transport (tcp.c) and what userspace sees of its socket
 * (tcp_user.c)
 */

/**
 * struct ovpn_tcp_ops - the operations the driver gives a TCP socket
 * @prot: TCP's protocol with the driver's recvmsg, sendmsg, setsockopt,
 *	  shutdown and close
 * @ops: the socket's operations with the driver's poll
 * @base_prot: TCP's own protocol of the family
 * @base_ops: the socket operations of the family
 */
struct ovpn_tcp_ops {
	struct proto prot;
	struct proto_ops ops; /* a copy, not const: its poll is ours */
	const struct proto *base_prot;
	const struct proto_ops *base_ops;
};

/* the driver's socket object of a TCP socket, under RCU or the socket
 * lock; NULL once the socket was let go
 */
static inline struct ovpn_socket *ovpn_tcp_sock(const struct sock *sk)
{
	return rcu_dereference_sk_user_data(sk);
}

int ovpn_tcp_ops_get(struct socket *sock, struct ovpn_tcp_ops **ops);
struct ovpn_tcp_ops *ovpn_tcp_ops_of(const struct sock *sk);
void ovpn_tcp_peer_del(struct ovpn_socket *ovpn_sock,
		       enum ovpn_del_peer_reason reason);
int ovpn_tcp_queue(struct ovpn_socket *ovpn_sock, struct sk_buff *skb,
		   bool from_user);
int ovpn_tcp_flush(struct ovpn_socket *ovpn_sock);
bool ovpn_tcp_rx_ended(struct ovpn_socket *ovpn_sock);

#if IS_ENABLED(CONFIG_KUNIT)
/* the stream framing, for the KUnit tests */
int ovpn_tcp_parse(struct strparser *strp, struct sk_buff *skb);
struct sk_buff *ovpn_tcp_msg_extract(struct sk_buff *skb,
				     bool with_prefix);
#endif

#endif /* _NET_OVPN_TCP_H_ */
