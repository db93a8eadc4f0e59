#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every way userspace reads an attached TCP socket gives it the control
# packets the driver left for it, never the stream itself, which is the
# driver's stream parser's: splice() reads them as recv() does, and
# TCP's zero-copy receive, which would take the bytes TCP holds, is
# refused with EOPNOTSUPP.

source "$(dirname "$(realpath "$0")")/common.sh"
source "$OVPN_DIR/tcp-lib.sh"

ovpn_start 4

setup() {
	tcp_setup &&
		tcp_raw "$tmp/raw.log" pause frame:20aabbcc01 wait &&
		tcp_dco_connect "$tmp/peer0.log" --splice-read --zerocopy
}
ovpn_check "setup: a DCO peer on TCP, read with splice(), a raw remote" \
	setup || ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

zerocopy() {
	grep '^zerocopy' "$tmp/peer0.log" | sed 's/^/# /'
	grep -q '^zerocopy: EOPNOTSUPP' "$tmp/peer0.log"
}
ovpn_check "TCP_ZEROCOPY_RECEIVE on an attached socket fails with EOPNOTSUPP" \
	zerocopy

spliced() {
	kill -USR1 "$raw_pid" &&
		ovpn_wait_for 10 grep -q 'ctrl from=.*hex=20aabbcc01$' \
			"$tmp/peer0.log"
}
ovpn_check "splice() reads a control packet, framed" spliced

ovpn_check "the peer is still there" \
	bash -c "$OVPN_CLI -n $ns0 peer-get ovpn0 $peer_id >/dev/null"

ktap_finished
