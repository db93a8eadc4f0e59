/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_SOCKET_H_
#define _NET_OVPN_SOCKET_H_

#include <linux/kref.h>
#include <linux/netdevice.h>
#include <net/sock.h>

#include "tcp.h"

struct ovpn_peer;
struct ovpn_priv;

/**
 * struct ovpn_socket - a userspace transport socket used by the driver
 * @ovpn: the device whose peers use this socket
 * @dev_tracker: tracker of the reference held on @ovpn's device
 * @sk: the socket; the driver holds a reference on it, not on its file,
 *	so that userspace closing the file tears the peers down
 * @refcount: one reference per peer using the socket, plus short-lived
 *	      ones of socket hooks
 * @peer: TCP: the one peer of the socket, until it lets the socket go
 * @tcp: TCP: the stream state
 * @udp: UDP: what attaching changed on the socket
 * @udp.saved_mc_loop: the socket's IP_MULTICAST_LOOP before attaching
 * @release_work: detaches the socket in process context after the last
 *		  reference is gone, wherever that happened
 * @rcu: to free the object after readers of sk_user_data are done
 */
struct ovpn_socket {
	struct ovpn_priv *ovpn;
	netdevice_tracker dev_tracker;
	struct sock *sk;
	struct kref refcount;
	struct ovpn_peer __rcu *peer;
	union {
		struct ovpn_tcp tcp;
		struct {
			bool saved_mc_loop;
		} udp;
	};
	struct work_struct release_work;
	struct rcu_head rcu;
};

struct ovpn_socket *ovpn_socket_new(struct socket *sock,
				    struct ovpn_peer *peer);
void ovpn_socket_release(struct ovpn_peer *peer);
void ovpn_socket_put(struct ovpn_socket *ovpn_sock);

#endif /* _NET_OVPN_SOCKET_H_ */
