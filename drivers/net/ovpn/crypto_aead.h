/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_CRYPTO_AEAD_H_
#define _NET_OVPN_CRYPTO_AEAD_H_

#include <linux/skbuff.h>
#include <linux/types.h>

#include "crypto.h"
#include "skb.h"

int ovpn_aead_init(void);
void ovpn_aead_uninit(void);

struct ovpn_crypto_key_slot *
ovpn_aead_crypto_key_slot_new(const struct ovpn_key_config *kc);
void ovpn_aead_crypto_key_slot_destroy(struct ovpn_crypto_key_slot *ks);

int ovpn_aead_encrypt(struct ovpn_crypto_key_slot *ks, struct sk_buff *skb,
		      u32 peer_id, ovpn_aead_done_t done);
int ovpn_aead_decrypt(struct ovpn_crypto_key_slot *ks, struct sk_buff *skb,
		      ovpn_aead_done_t done);

#endif /* _NET_OVPN_CRYPTO_AEAD_H_ */
