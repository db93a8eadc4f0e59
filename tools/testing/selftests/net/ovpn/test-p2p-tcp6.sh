#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# P2P tunnel over TCP, IPv6 transport, chacha20-poly1305.

OVPN_FAMILY=6
OVPN_CIPHER=chacha20-poly1305
source "$(dirname "$(realpath "$0")")/test-p2p-tcp.sh"
