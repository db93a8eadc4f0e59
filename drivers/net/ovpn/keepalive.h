/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_KEEPALIVE_H_
#define _NET_OVPN_KEEPALIVE_H_

#include <linux/time64.h>
#include <linux/types.h>

struct ovpn_peer;
struct ovpn_priv;
struct work_struct;

void ovpn_peer_keepalive_set(struct ovpn_peer *peer, u32 interval,
			     u32 timeout);
void ovpn_peer_keepalive_work(struct work_struct *work);
void ovpn_peer_keepalive_schedule(struct ovpn_priv *ovpn,
				  time64_t deadline);
time64_t ovpn_peer_keepalive_deadline(struct ovpn_peer *peer);

#endif /* _NET_OVPN_KEEPALIVE_H_ */
