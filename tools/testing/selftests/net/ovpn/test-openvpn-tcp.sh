#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# OpenVPN 2.6 on the driver, P2P over TCP, AES-256-GCM.

OVPN26_PROTO=tcp
OVPN26_CIPHER=AES-256-GCM
source "$(dirname "$(realpath "$0")")/test-openvpn-p2p.sh"
