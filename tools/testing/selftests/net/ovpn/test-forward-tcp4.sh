#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A host behind a forwarding P2P client, TCP transport over IPv4.

OVPN_TRANSPORT=tcp4
source "$(dirname "$(realpath "$0")")/test-forward.sh"
