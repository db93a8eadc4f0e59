/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_UDP_H_
#define _NET_OVPN_UDP_H_

#include <linux/skbuff.h>
#include <net/sock.h>

struct ovpn_bind;
struct ovpn_peer;
struct ovpn_socket;

int ovpn_udp_socket_attach(struct ovpn_socket *ovpn_sock,
			   struct socket *sock);
void ovpn_udp_socket_detach(struct ovpn_socket *ovpn_sock);
bool ovpn_udp_socket_is_ovpn(struct sock *sk);

int ovpn_udp_send_skb(struct ovpn_peer *peer, struct sock *sk,
		      struct sk_buff *skb);
unsigned int ovpn_udp_path_mtu(struct ovpn_peer *peer, struct ovpn_bind *bind,
			       struct sock *sk);

#endif /* _NET_OVPN_UDP_H_ */
