#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# P2P tunnel over UDP, IPv6 transport, aes-gcm.

OVPN_FAMILY=6
OVPN_CIPHER=aes-gcm
source "$(dirname "$(realpath "$0")")/test-p2p.sh"
