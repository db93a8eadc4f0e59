#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# OpenVPN 2.6 on the driver, P2P over TCP, ChaCha20-Poly1305.

OVPN26_PROTO=tcp
OVPN26_CIPHER=CHACHA20-POLY1305
# in the debug kernel: covered by
OVPN_DEBUG_SKIP="test-openvpn-tcp.sh with AES-GCM; ChaCha20-Poly1305 in test-p2p-tcp6.sh and KUnit"
source "$(dirname "$(realpath "$0")")/test-openvpn-p2p.sh"
