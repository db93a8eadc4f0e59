/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The core both generic netlink families share. A front end (netlink.c
 * for "ovpn", netlink-dco.c for "ovpn-dco-v2") only translates: it
 * parses its attributes into the family-neutral requests below and
 * calls these functions, which do the work and fill extack. Attribute
 * pointers in a request say whether a setting was given (NULL: not
 * given) and name the attribute a refusal is about.
 */

#ifndef _NET_OVPN_NETLINK_CORE_H_
#define _NET_OVPN_NETLINK_CORE_H_

#include <linux/in6.h>
#include <linux/netdevice.h>
#include <linux/socket.h>
#include <linux/types.h>

struct genl_family;
struct genl_info;
struct netlink_callback;
struct netlink_ext_ack;
struct nlattr;
struct nla_policy;
struct ovpn_peer;
struct ovpn_priv;
struct sk_buff;

/**
 * struct ovpn_nl_ops - the netlink family that drives a device
 * @kind: the link kind of its devices, for error messages
 * @peer_del: tell the family's listeners that a peer was removed
 * @peer_float: tell them that a peer moved to a new endpoint, or NULL
 * @key_swap: ask them for a new key because one ran out, or NULL
 *
 * Chosen by the link kind when the device is created, so that shared
 * code never asks which family it serves.
 */
struct ovpn_nl_ops {
	const char *kind;
	void (*peer_del)(struct ovpn_peer *peer);
	void (*peer_float)(struct ovpn_peer *peer);
	void (*key_swap)(struct ovpn_peer *peer, u8 key_id);
};

/* the largest key direction nest of the families */
#define OVPN_NL_KEYDIR_MAX	2

extern const struct ovpn_nl_ops ovpn_nl_ops_ovpn;

/**
 * struct ovpn_nl_peer_req - a request to create or change a peer
 * @id_attr: the peer id (u32), always given
 * @fd_attr: new peers: the fd of the transport socket (u32)
 * @remote: the remote endpoint, AF_UNSPEC if none was given
 * @remote_attr: the attribute that named @remote
 * @local: the local address to send from, IPv4 as v4-mapped IPv6
 * @local_attr: the attribute that named @local
 * @vpn4: the VPN IPv4 address, if @vpn4_attr
 * @vpn4_attr: the attribute that named @vpn4
 * @vpn6: the VPN IPv6 address, if @vpn6_attr
 * @vpn6_attr: the attribute that named @vpn6
 * @interval_attr: the keepalive interval in seconds (u32); left out,
 *		   the peer keeps its value
 * @timeout_attr: the keepalive timeout in seconds (u32), likewise
 * @tx_id_attr: the id written into outgoing packets (u32)
 * @tcp_ignores_endpoints: with a TCP socket, drop @remote and @local
 *			   instead of refusing them (OpenVPN 2.6 names
 *			   the endpoints of TCP peers too)
 * @nest: the attribute nest of the request, for missing attributes
 * @remote_type: the attribute to name when a UDP peer lacks a remote
 * @vpn_type: the attribute to name when an MP peer lacks a VPN address
 */
struct ovpn_nl_peer_req {
	const struct nlattr *id_attr;
	const struct nlattr *fd_attr;
	struct sockaddr_storage remote;
	const struct nlattr *remote_attr;
	struct in6_addr local;
	const struct nlattr *local_attr;
	__be32 vpn4;
	const struct nlattr *vpn4_attr;
	struct in6_addr vpn6;
	const struct nlattr *vpn6_attr;
	const struct nlattr *interval_attr;
	const struct nlattr *timeout_attr;
	const struct nlattr *tx_id_attr;
	bool tcp_ignores_endpoints;
	const struct nlattr *nest;
	int remote_type;
	int vpn_type;
};

/**
 * struct ovpn_nl_stats_attrs - where a family puts a peer's counters
 * @bytes: the attribute of the byte counter of VPN RX, VPN TX, link RX
 *	   and link TX, in this order
 * @packets: the attribute of the packet counter of each, likewise
 * @bytes_u64: bytes are always 64-bit attributes (else as short as the
 *	       value allows)
 * @bytes_pad: the padding attribute of 64-bit attributes
 *
 * Packets are always as short as the value allows: a 32-bit attribute
 * below 2^32, so that readers of 32-bit counters keep working.
 */
struct ovpn_nl_stats_attrs {
	int bytes[4];
	int packets[4];
	bool bytes_u64;
	int bytes_pad;
};

/**
 * struct ovpn_nl_keydir_attrs - a family's nest of one key direction
 * @policy: its policy
 * @max: its highest attribute, at most OVPN_NL_KEYDIR_MAX
 * @key: the attribute carrying the cipher key
 * @nonce: the attribute carrying the nonce tail
 */
struct ovpn_nl_keydir_attrs {
	const struct nla_policy *policy;
	int max;
	int key;
	int nonce;
};

/**
 * struct ovpn_nl_key_attrs - a family's nest of a new key
 * @policy: its policy, which gives the width of each number
 * @peer_id: the attribute carrying the peer id
 * @slot: the attribute carrying the key slot
 * @key_id: the attribute carrying the key id
 * @alg: the attribute carrying the cipher
 * @encrypt: the nest of the TX direction
 * @decrypt: the nest of the RX direction
 * @dir: how those two nests are laid out
 *
 * All of them are required.
 */
struct ovpn_nl_key_attrs {
	const struct nla_policy *policy;
	int peer_id;
	int slot;
	int key_id;
	int alg;
	int encrypt;
	int decrypt;
	struct ovpn_nl_keydir_attrs dir;
};

/**
 * typedef ovpn_nl_put_own_t - put the attributes only one family has
 * @skb: the message, inside the peer nest
 * @net: the netns of the requester
 * @peer: the peer
 *
 * Return: 0 on success or -EMSGSIZE
 */
typedef int (*ovpn_nl_put_own_t)(struct sk_buff *skb, struct net *net,
				 struct ovpn_peer *peer);

/**
 * struct ovpn_nl_peer_desc - how a family describes a peer
 * @family: the family
 * @cmd: the command of the message
 * @nest: the nest the peer's attributes go into
 * @id: the attribute of the peer id
 * @vpn4: the attribute of the VPN IPv4 address
 * @vpn6: the attribute of the VPN IPv6 address
 * @vpn_always: put the VPN addresses even when the peer has none
 *		(0.0.0.0 and ::), else leave them out
 * @keepalive_interval: the attribute of the keepalive interval
 * @keepalive_timeout: the attribute of the keepalive timeout
 * @put_own: puts the family's other attributes: its form of the
 *	     transport endpoints, and whatever else only it has
 * @stats: where the family puts the counters
 */
struct ovpn_nl_peer_desc {
	const struct genl_family *family;
	u8 cmd;
	int nest;
	int id;
	int vpn4;
	int vpn6;
	bool vpn_always;
	int keepalive_interval;
	int keepalive_timeout;
	ovpn_nl_put_own_t put_own;
	struct ovpn_nl_stats_attrs stats;
};

int ovpn_nl_dev_hold(struct genl_info *info, int type,
		     const struct ovpn_nl_ops *ops);
void ovpn_nl_dev_release(struct genl_info *info);
struct net_device *ovpn_nl_dev_get(struct net *net, struct nlattr **attrs,
				   int type, const struct ovpn_nl_ops *ops,
				   netdevice_tracker *tracker,
				   struct netlink_ext_ack *extack);
struct ovpn_peer *ovpn_nl_peer_get(struct ovpn_priv *ovpn,
				   const struct nlattr *id_attr,
				   struct netlink_ext_ack *extack);

int ovpn_nl_peer_new(struct ovpn_priv *ovpn, struct ovpn_nl_peer_req *req,
		     struct netlink_ext_ack *extack);
int ovpn_nl_peer_set(struct ovpn_priv *ovpn,
		     const struct ovpn_nl_peer_req *req,
		     struct netlink_ext_ack *extack);
int ovpn_nl_peer_del(struct ovpn_priv *ovpn, const struct nlattr *id_attr,
		     struct netlink_ext_ack *extack);
int ovpn_nl_peer_reply(struct genl_info *info, struct ovpn_priv *ovpn,
		       const struct nlattr *id_attr,
		       const struct ovpn_nl_peer_desc *desc);
int ovpn_nl_peer_dump(struct sk_buff *skb, struct netlink_callback *cb,
		      int type, const struct ovpn_nl_ops *ops,
		      const struct ovpn_nl_peer_desc *desc);

int ovpn_nl_key_new(struct ovpn_priv *ovpn, const struct nlattr *nest,
		    struct nlattr **attrs,
		    const struct ovpn_nl_key_attrs *layout,
		    struct netlink_ext_ack *extack);
int ovpn_nl_key_swap(struct ovpn_priv *ovpn, const struct nlattr *id_attr,
		     struct netlink_ext_ack *extack);
int ovpn_nl_key_del(struct ovpn_priv *ovpn, const struct nlattr *id_attr,
		    unsigned int slot, struct netlink_ext_ack *extack);

void ovpn_nl_notify_peer_del(struct ovpn_peer *peer);
void ovpn_nl_notify_peer_float(struct ovpn_peer *peer);
void ovpn_nl_notify_key_swap(struct ovpn_peer *peer, u8 key_id);

#endif /* _NET_OVPN_NETLINK_CORE_H_ */
