#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# P2P tunnel over TCP, IPv4 transport, aes-gcm.

OVPN_FAMILY=4
OVPN_CIPHER=aes-gcm
source "$(dirname "$(realpath "$0")")/test-p2p-tcp.sh"
