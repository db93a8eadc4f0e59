#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A zero-length send() of userspace on an attached TCP socket sends
# nothing, as on any TCP socket: it must not get in the way of what
# follows, the driver's data packets and userspace's control packets.

source "$(dirname "$(realpath "$0")")/common.sh"
source "$OVPN_DIR/tcp-lib.sh"

ovpn_start 5

setup() {
	tcp_setup dco &&
		tcp_dco_listen "$tmp/peer1.log" &&
		tcp_dco_connect "$tmp/peer0.log" --ctrl 2001020304 \
			--ctrl-raw "" &&
		ovpn_wait_for 10 grep -q '^ready' "$tmp/peer1.log"
}
ovpn_check "setup: a DCO pair on TCP" setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

ovpn_check "ping through the tunnel" \
	$IP netns exec "$ns0" ping -q -c 2 -i 0.2 -W 5 $in1

zero_send() {
	kill -USR2 "$peer0" &&
		ovpn_wait_for 10 grep -qE '^ctrl-(raw-sent|send-error)' \
			"$tmp/peer0.log" || return 1
	grep -E '^ctrl-(raw-sent|send-error)' "$tmp/peer0.log" | sed 's/^/# /'
	grep -q '^ctrl-raw-sent .*len=0$' "$tmp/peer0.log"
}
ovpn_check "a zero-length send returns 0" zero_send

ovpn_check "ping through the tunnel after the zero-length send" \
	$IP netns exec "$ns0" ping -q -c 2 -i 0.2 -W 5 $in1

ctrl_after() {
	kill -USR1 "$peer0" &&
		ovpn_wait_for 5 grep -q 'ctrl from=.*hex=2001020304$' \
			"$tmp/peer1.log"
}
ovpn_check "a control packet after the zero-length send arrives" \
	ctrl_after

ktap_finished
