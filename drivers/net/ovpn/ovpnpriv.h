/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_OVPNPRIV_H_
#define _NET_OVPN_OVPNPRIV_H_

#include <linux/netdevice.h>
#include <uapi/linux/if_link.h>

/**
 * struct ovpn_priv - private data of an ovpn network device
 * @dev: the network device this state belongs to
 * @mode: P2P (one peer) or MP (server with many peers), fixed at creation
 */
struct ovpn_priv {
	struct net_device *dev;
	enum ovpn_mode mode;
};

#endif /* _NET_OVPN_OVPNPRIV_H_ */
