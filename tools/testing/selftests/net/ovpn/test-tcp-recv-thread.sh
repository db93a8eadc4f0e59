#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A thread of userspace blocked in recv() on an attached TCP socket does
# not keep the interface: deleting it returns at once and the interface
# is gone, as when nobody reads.

source "$(dirname "$(realpath "$0")")/common.sh"
source "$OVPN_DIR/tcp-lib.sh"

ovpn_start 3

setup() {
	tcp_setup_raw --recv-thread &&
		ovpn_wait_for 10 grep -q '^recv-thread .*waiting' \
			"$tmp/peer0.log"
}
ovpn_check "setup: a DCO peer on TCP, a thread blocked in recv()" setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

gone() {
	! $IP -n "$ns0" link show ovpn0 >/dev/null 2>&1
}

# in the background: a hanging delete must not hang the test too
link_del() {
	local del

	# let the thread get into recv()
	sleep 0.5
	$IP -n "$ns0" link del ovpn0 &
	del=$!
	for _ in $(seq 50); do
		kill -0 $del 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 $del 2>/dev/null; then
		ktap_print_msg "ip link del still blocked after 5 s"
		# a signal gets the reader out of recv(), then the delete ends
		tcp_stop "$peer0"
		wait $del
		return 1
	fi
	wait $del
}
ovpn_check "ip link del returns within 5 s" link_del
ovpn_check "the interface is gone" ovpn_wait_for 5 gone

ktap_finished
