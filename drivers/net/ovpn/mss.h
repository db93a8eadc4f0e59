/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_MSS_H_
#define _NET_OVPN_MSS_H_

#include <linux/types.h>

struct ovpn_peer;
struct sk_buff;

void ovpn_mss_clamp(struct ovpn_peer *peer, struct sk_buff *skb);

#if IS_ENABLED(CONFIG_KUNIT)
/* finding and rewriting the option, for the KUnit tests */
unsigned int ovpn_mss_syn_offset(struct sk_buff *skb, unsigned int *iphlen);
bool ovpn_mss_rewrite(struct sk_buff *skb, unsigned int thoff, u16 mss);
#endif

#endif /* _NET_OVPN_MSS_H_ */
