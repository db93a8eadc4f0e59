/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_OVPNPRIV_H_
#define _NET_OVPN_OVPNPRIV_H_

#include <linux/netdevice.h>
#include <linux/workqueue.h>
#include <net/gro_cells.h>
#include <uapi/linux/if_link.h>

struct ovpn_peer;

/**
 * struct ovpn_priv - private data of an ovpn network device
 * @dev: the network device this state belongs to
 * @mode: P2P (one peer) or MP (server with many peers), fixed at creation
 * @lock: serialises adding and removing peers
 * @dead: set when the device is being destroyed, no peer may be added
 * @peer: the only peer of a P2P device (RCU)
 * @gro_cells: per-CPU GRO state for decrypted packets
 * @keepalive_work: one timer for the keepalive and expiry of all peers
 */
struct ovpn_priv {
	struct net_device *dev;
	enum ovpn_mode mode;
	spinlock_t lock; /* protects peer writers and dead */
	bool dead;
	struct ovpn_peer __rcu *peer;
	struct gro_cells gro_cells;
	struct delayed_work keepalive_work;
};

#endif /* _NET_OVPN_OVPNPRIV_H_ */
