#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A host behind a forwarding P2P client, UDP transport over IPv6.

OVPN_TRANSPORT=udp6
source "$(dirname "$(realpath "$0")")/test-forward.sh"
