#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An upper layer protocol added to an attached TCP socket would be
# undone when the driver lets the socket go, since the driver puts back
# the protocol it found: setting TCP_ULP on an attached socket must fail
# with EBUSY.

source "$(dirname "$(realpath "$0")")/common.sh"
source "$OVPN_DIR/tcp-lib.sh"

ovpn_start 3

setup() {
	tcp_setup_raw --ulp tls
}
ovpn_check "setup: a DCO peer on TCP, a raw remote" setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

ulp() {
	grep '^ulp' "$tmp/peer0.log" | sed 's/^/# /'
	grep -q '^ulp tls: EBUSY' "$tmp/peer0.log"
}
ovpn_check "TCP_ULP tls on an attached socket fails with EBUSY" ulp

ovpn_check "the peer is still there" \
	bash -c "$OVPN_CLI -n $ns0 peer-get ovpn0 $peer_id >/dev/null"

ktap_finished
