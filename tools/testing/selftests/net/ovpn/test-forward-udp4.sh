#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A host behind a forwarding P2P client, UDP transport over IPv4.

OVPN_TRANSPORT=udp4
source "$(dirname "$(realpath "$0")")/test-forward.sh"
