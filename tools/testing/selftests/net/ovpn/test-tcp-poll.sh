#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# poll() on an attached TCP socket reports what userspace can read: the
# control packets the driver left for it. A partial frame, held by the
# stream parser until the rest arrives, is nothing to read: a
# level-triggered loop must not wake up for it again and again.

source "$(dirname "$(realpath "$0")")/common.sh"
source "$OVPN_DIR/tcp-lib.sh"

ovpn_start 3

setup() {
	tcp_setup || return 1
	# a length prefix of 16 bytes, then 4 and 2 of them, then nothing
	tcp_raw "$tmp/raw.log" pause send:0010 sleep:200 send:aabbccdd \
		sleep:200 send:eeff wait || return 1
	tcp_dco_connect "$tmp/peer0.log" --ctrl 2001020304
}
ovpn_check "setup: a DCO peer on TCP, a raw remote" setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

partial() {
	kill -USR1 "$raw_pid" &&
		ovpn_wait_for 10 grep -q '^sent len=2' "$tmp/raw.log" &&
		sleep 0.5 &&
		cli0 peer-get ovpn0 $peer_id >/dev/null
}
ovpn_check "a partial frame is held, the peer stays" partial

# the partial frame does not wake the poller up; anything else does,
# here a control packet to send, and then poll() is asked again

# peer-tcp polls for POLLIN and reads with MSG_DONTWAIT: a wakeup that
# finds nothing to read is spurious
spurious() {
	local n

	kill -USR1 "$peer0" &&
		ovpn_wait_for 5 grep -q '^ctrl-sent' "$tmp/peer0.log" ||
		return 1
	sleep 2
	tcp_stop "$peer0"
	n=$(tcp_stat "$tmp/peer0.log" spurious-wakeups)
	ktap_print_msg "$(grep '^stats' "$tmp/peer0.log")"
	[ -n "$n" ] && [ "$n" -le 2 ]
}
ovpn_check "poll() does not report a partial frame as readable" spurious

ktap_finished
