#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# P2P tunnel over UDP, IPv4 transport, chacha20-poly1305.

OVPN_FAMILY=4
OVPN_CIPHER=chacha20-poly1305
# in the debug kernel: covered by
OVPN_DEBUG_SKIP="test-p2p-udp4.sh with AES-GCM; ChaCha20-Poly1305 in test-p2p-tcp6.sh and KUnit"
source "$(dirname "$(realpath "$0")")/test-p2p.sh"
