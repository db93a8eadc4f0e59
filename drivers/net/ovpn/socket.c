// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * Userspace transport sockets handed to the driver.
 */

#include <linux/net.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/sock.h>

#include "main.h"
#include "ovpnpriv.h"
#include "peer.h"
#include "socket.h"
#include "tcp.h"
#include "udp.h"

static void ovpn_socket_free_rcu(struct rcu_head *head)
{
	struct ovpn_socket *ovpn_sock = container_of(head, struct ovpn_socket,
						     rcu);

	/* readers that found the socket before it was let go are done */
	sock_put(ovpn_sock->sk);
	netdev_put(ovpn_sock->ovpn->dev, &ovpn_sock->dev_tracker);
	kfree(ovpn_sock);
}

static void ovpn_socket_release_work(struct work_struct *work)
{
	struct ovpn_socket *ovpn_sock = container_of(work, struct ovpn_socket,
						     release_work);
	struct sock *sk = ovpn_sock->sk;
	bool detached = false;

	lock_sock(sk);
	if (sk->sk_protocol == IPPROTO_TCP)
		detached = ovpn_tcp_socket_detach(ovpn_sock);
	else
		ovpn_udp_socket_detach(ovpn_sock);
	release_sock(sk);
	if (detached)
		ovpn_tcp_socket_cleanup(ovpn_sock);

	/* the data path and the socket's hooks may have found the object
	 * before it was let go: it, the socket and the device behind it
	 * stay until they are done
	 */
	call_rcu(&ovpn_sock->rcu, ovpn_socket_free_rcu);
}

static void ovpn_socket_release_kref(struct kref *kref)
{
	struct ovpn_socket *ovpn_sock = container_of(kref, struct ovpn_socket,
						     refcount);

	/* Detaching takes the socket lock, which must not nest inside
	 * RTNL (setsockopt paths take RTNL under the socket lock), and the
	 * last reference may be dropped in atomic context: detaching
	 * always runs from the driver's workqueue.
	 */
	queue_work(ovpn_wq, &ovpn_sock->release_work);
}

/**
 * ovpn_socket_put - drop a reference on a socket object
 * @ovpn_sock: the socket object
 *
 * May be called in any context.
 */
void ovpn_socket_put(struct ovpn_socket *ovpn_sock)
{
	kref_put(&ovpn_sock->refcount, ovpn_socket_release_kref);
}

/**
 * ovpn_socket_release - detach a peer from its transport socket
 * @peer: the peer, already unlinked from its device
 *
 * The last peer of a socket gives it back to userspace: encapsulation
 * off, the driver's reference dropped. May be called in any context.
 */
void ovpn_socket_release(struct ovpn_peer *peer)
{
	struct ovpn_socket *ovpn_sock;

	/* only the context that unlinked the peer, or that dropped the
	 * last reference of a peer never linked, gets here: nobody else
	 * changes peer->sock any more
	 */
	ovpn_sock = rcu_replace_pointer(peer->sock, NULL,
					!READ_ONCE(peer->linked));
	if (!ovpn_sock)
		return;

	/* the socket's hooks must not find the peer any more */
	if (rcu_access_pointer(ovpn_sock->peer) == peer)
		RCU_INIT_POINTER(ovpn_sock->peer, NULL);
	ovpn_socket_put(ovpn_sock);
}

static struct ovpn_socket *ovpn_socket_alloc(struct sock *sk,
					     struct ovpn_peer *peer)
{
	struct ovpn_socket *ovpn_sock;

	ovpn_sock = kzalloc(sizeof(*ovpn_sock), GFP_KERNEL);
	if (!ovpn_sock)
		return NULL;

	ovpn_sock->ovpn = peer->ovpn;
	ovpn_sock->sk = sk;
	kref_init(&ovpn_sock->refcount);
	INIT_WORK(&ovpn_sock->release_work, ovpn_socket_release_work);
	return ovpn_sock;
}

/* the driver's references, once the socket is attached */
static void ovpn_socket_hold_refs(struct ovpn_socket *ovpn_sock)
{
	sock_hold(ovpn_sock->sk);
	netdev_hold(ovpn_sock->ovpn->dev, &ovpn_sock->dev_tracker,
		    GFP_KERNEL);
}

/* a TCP socket serves exactly one peer */
static struct ovpn_socket *ovpn_socket_new_tcp(struct socket *sock,
					       struct ovpn_peer *peer)
{
	struct ovpn_socket *ovpn_sock;
	int ret;

	ovpn_sock = ovpn_socket_alloc(sock->sk, peer);
	if (!ovpn_sock)
		return ERR_PTR(-ENOMEM);
	RCU_INIT_POINTER(ovpn_sock->peer, peer);

	ret = ovpn_tcp_socket_attach(ovpn_sock, sock);
	if (ret) {
		kfree(ovpn_sock);
		return ERR_PTR(ret);
	}
	ovpn_socket_hold_refs(ovpn_sock);
	return ovpn_sock;
}

/**
 * ovpn_socket_new - take a userspace socket for a peer
 * @sock: the socket, looked up from the fd userspace passed
 * @peer: the peer that is going to use it
 *
 * A UDP socket already used by peers of the same device is shared; one
 * used by anything else (another device, another encapsulation, another
 * kernel user) is refused. A TCP socket serves one peer only.
 *
 * Return: the driver's socket object with a reference for @peer, or an
 * ERR_PTR
 */
struct ovpn_socket *ovpn_socket_new(struct socket *sock,
				    struct ovpn_peer *peer)
{
	struct ovpn_socket *ovpn_sock;
	struct sock *sk = sock->sk;
	int ret;

	might_sleep();

	if (sk->sk_protocol == IPPROTO_TCP)
		return ovpn_socket_new_tcp(sock, peer);

	lock_sock(sk);
	rcu_read_lock();
	ovpn_sock = rcu_dereference_sk_user_data(sk);
	if (ovpn_sock) {
		if (!ovpn_udp_socket_is_ovpn(sk) ||
		    ovpn_sock->ovpn != peer->ovpn)
			ovpn_sock = ERR_PTR(-EBUSY);
		else if (!kref_get_unless_zero(&ovpn_sock->refcount))
			/* being released: userspace may retry */
			ovpn_sock = ERR_PTR(-EAGAIN);
		rcu_read_unlock();
		goto out_unlock;
	}
	rcu_read_unlock();

	ovpn_sock = ovpn_socket_alloc(sk, peer);
	if (!ovpn_sock) {
		ovpn_sock = ERR_PTR(-ENOMEM);
		goto out_unlock;
	}

	ret = ovpn_udp_socket_attach(ovpn_sock, sock);
	if (ret) {
		kfree(ovpn_sock);
		ovpn_sock = ERR_PTR(ret);
		goto out_unlock;
	}
	ovpn_socket_hold_refs(ovpn_sock);

out_unlock:
	release_sock(sk);
	return ovpn_sock;
}
