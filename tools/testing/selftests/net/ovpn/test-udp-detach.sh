#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A UDP socket whose last peer is deleted is userspace's again, as it
# was before the driver took it: what attaching it changed is put back,
# IP_MULTICAST_LOOP included. Letting the socket go is asynchronous:
# the test polls.

source "$(dirname "$(realpath "$0")")/common.sh"

ovpn_start 3

ns=ovpn-udpdet-$$
peer_id=1

cli() {
	"$OVPN_CLI" -n "$ns" "$@"
}

setup() {
	ovpn_netns "$ns" &&
		$IP -n "$ns" link add v0 type veth peer name v1 &&
		$IP -n "$ns" addr add 198.18.0.1/24 dev v0 &&
		$IP -n "$ns" link set v0 up &&
		$IP -n "$ns" link set v1 up &&
		cli iface-new ovpn0 p2p || return 1
	"$OVPN_CLI" -n "$ns" peer-udp ovpn0 $peer_id --bind 198.18.0.1:1194 \
		--remote 198.18.0.2:1194 >"$tmp/peer.log" 2>&1 &
	peer_pid=$!
	ovpn_wait_for 10 grep -q '^ready' "$tmp/peer.log"
}
ovpn_check "setup: a UDP socket attached to a P2P peer" setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

# mc_loop_is VALUE: ask peer-udp for the option, look at its answer
mc_loop_is() {
	local n

	n=$(grep -c '^sockopt' "$tmp/peer.log")
	kill -USR2 "$peer_pid" &&
		ovpn_wait_for 2 bash -c "[ \$(grep -c '^sockopt' $tmp/peer.log) -gt $n ]" &&
		[ "$(grep '^sockopt' "$tmp/peer.log" | tail -1)" = \
		  "sockopt mc-loop=$1" ]
}

attached() {
	mc_loop_is 0 || mc_loop_is 1
	ktap_print_msg "attached: $(grep '^sockopt' "$tmp/peer.log" | tail -1)"
	cli peer-del ovpn0 $peer_id
}
ovpn_check "the socket's only peer is deleted" attached

restored() {
	ovpn_wait_for 5 mc_loop_is 1
	ktap_print_msg "detached: $(grep '^sockopt' "$tmp/peer.log" | tail -1)"
	mc_loop_is 1
}
ovpn_check "IP_MULTICAST_LOOP is back to 1 once the socket is let go" \
	restored

ktap_finished
