/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#ifndef _NET_OVPN_PROTO_H_
#define _NET_OVPN_PROTO_H_

#include <linux/bits.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <linux/types.h>

/* OpenVPN packets start with one byte holding the opcode (high 5 bits)
 * and the key id (low 3 bits). P_DATA_V2 follows it with a 24-bit peer
 * id, so the first 32-bit word of a data packet is
 * opcode << 27 | key_id << 24 | peer_id.
 */
#define OVPN_OPCODE_SHIFT	27
#define OVPN_KEY_ID_SHIFT	24
#define OVPN_OPCODE_MASK	GENMASK(31, OVPN_OPCODE_SHIFT)
#define OVPN_KEY_ID_MASK	GENMASK(26, OVPN_KEY_ID_SHIFT)
#define OVPN_PEER_ID_MASK	GENMASK(23, 0)

/* first data channel opcode, without peer id: dropped */
#define OVPN_OP_DATA_V1		6
/* data channel opcode carrying a peer id */
#define OVPN_OP_DATA_V2		9

/* peer id meaning "not set" in a P_DATA_V2 header */
#define OVPN_PEER_ID_UNDEF	0x00FFFFFF

/* size of the opcode/key id/peer id word of P_DATA_V2 */
#define OVPN_OPCODE_SIZE	4
/* size of the packet id that follows it */
#define OVPN_PKTID_SIZE		4
/* size of the AEAD tag, placed before the ciphertext */
#define OVPN_AUTH_TAG_SIZE	16
/* the additional authenticated data is the opcode word plus packet id */
#define OVPN_AAD_SIZE		(OVPN_OPCODE_SIZE + OVPN_PKTID_SIZE)
/* whole header in front of the ciphertext */
#define OVPN_HEAD_SIZE		(OVPN_AAD_SIZE + OVPN_AUTH_TAG_SIZE)

/* A keepalive is a data packet whose plaintext is exactly this message;
 * the receiver consumes it instead of passing it to the stack.
 */
#define OVPN_KEEPALIVE_SIZE	16
#define OVPN_KEEPALIVE_MESSAGE	{ \
	0x2a, 0x18, 0x7b, 0xf3, 0x64, 0x1e, 0xb4, 0xcb, \
	0x07, 0xed, 0x2d, 0x0a, 0x98, 0x1f, 0xc7, 0x48, \
}

/**
 * ovpn_opcode_compose - build the first word of a P_DATA_V2 packet
 * @opcode: the OpenVPN opcode
 * @key_id: the key id (0-7)
 * @peer_id: the 24-bit peer id written on the wire
 *
 * Return: the word in host order, to be stored big endian
 */
static inline u32 ovpn_opcode_compose(u8 opcode, u8 key_id, u32 peer_id)
{
	return ((u32)opcode << OVPN_OPCODE_SHIFT) |
	       (((u32)key_id << OVPN_KEY_ID_SHIFT) & OVPN_KEY_ID_MASK) |
	       (peer_id & OVPN_PEER_ID_MASK);
}

/**
 * ovpn_opcode_from_word - extract the opcode from a packet's first word
 * @word: first 32 bits of the packet in host order
 *
 * Return: the opcode
 */
static inline u8 ovpn_opcode_from_word(u32 word)
{
	return word >> OVPN_OPCODE_SHIFT;
}

/**
 * ovpn_opcode_from_byte - extract the opcode from a packet's first byte
 * @byte: first byte of any OpenVPN packet
 *
 * Return: the opcode
 */
static inline u8 ovpn_opcode_from_byte(u8 byte)
{
	return byte >> (OVPN_OPCODE_SHIFT - 24);
}

/**
 * ovpn_key_id_from_word - extract the key id from a packet's first word
 * @word: first 32 bits of the packet in host order
 *
 * Return: the key id
 */
static inline u8 ovpn_key_id_from_word(u32 word)
{
	return (word & OVPN_KEY_ID_MASK) >> OVPN_KEY_ID_SHIFT;
}

/**
 * ovpn_peer_id_from_word - extract the peer id from a packet's first word
 * @word: first 32 bits of a P_DATA_V2 packet in host order
 *
 * Return: the 24-bit peer id
 */
static inline u32 ovpn_peer_id_from_word(u32 word)
{
	return word & OVPN_PEER_ID_MASK;
}

/**
 * ovpn_is_keepalive - tell whether a decrypted packet is a keepalive
 * @skb: the plaintext, at skb->data; may be nonlinear
 *
 * Return: true if the plaintext is exactly the keepalive message
 */
static inline bool ovpn_is_keepalive(const struct sk_buff *skb)
{
	static const u8 keepalive[OVPN_KEEPALIVE_SIZE] = OVPN_KEEPALIVE_MESSAGE;
	u8 buf[OVPN_KEEPALIVE_SIZE];
	const u8 *data;

	if (skb->len != OVPN_KEEPALIVE_SIZE)
		return false;

	data = skb_header_pointer(skb, 0, sizeof(buf), buf);
	return data && !memcmp(data, keepalive, sizeof(keepalive));
}

#endif /* _NET_OVPN_PROTO_H_ */
