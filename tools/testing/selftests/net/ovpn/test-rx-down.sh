#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An authentic packet the stack does not take (here: the interface is
# down, so GRO cells refuse it) is counted once as dropped: every
# packet the peer took is in rx_dropped exactly once, never twice.

source "$(dirname "$(realpath "$0")")/common.sh"
p2p_ns=ovpn-rxdown
source "$OVPN_DIR/p2p-lib.sh"

ovpn_start 4

setup() {
	local i ns

	p2p_links || return 1
	for i in 0 1; do
		ns=ovpn-rxdown$i-$$
		"$OVPN_CLI" -n "$ns" peer-udp ovpn0 $peer_id \
			--bind "198.18.0.$((i + 1)):1194" \
			--remote "198.18.0.$((2 - i)):1194" \
			--key-seed rxdown --key-dir $i >"$tmp/p$i.log" 2>&1 &
		ovpn_wait_for 10 grep -q '^ready' "$tmp/p$i.log" || return 1
	done
}

ovpn_check "setup: P2P peers over UDP" setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"
ovpn_check "ping through the tunnel" \
	$IP netns exec "$ns1" ping -q -c 2 -i 0.2 -W 5 198.19.0.1

down_pings() {
	local drop rx

	$IP -n "$ns0" link set ovpn0 down || return 1
	drop=$(ovpn_dev_stat "$ns0" rx_dropped)
	rx=$(ovpn_peer_stat "$ns0" $peer_id link-rx-packets)
	$IP netns exec "$ns1" ping -q -c 5 -i 0.2 -W 1 198.19.0.1 \
		>/dev/null 2>&1
	sleep 0.5
	drop=$(($(ovpn_dev_stat "$ns0" rx_dropped) - drop))
	rx=$(($(ovpn_peer_stat "$ns0" $peer_id link-rx-packets) - rx))
	$IP -n "$ns0" link set ovpn0 up || return 1
	ktap_print_msg "the peer took $rx packets, rx_dropped +$drop"
	[ "$rx" -ge 5 ] && [ "$drop" -eq "$rx" ]
}
ovpn_check "with the interface down, each packet is dropped once" \
	down_pings

ovpn_check "ping through the tunnel once it is up again" \
	$IP netns exec "$ns1" ping -q -c 2 -i 0.2 -W 5 198.19.0.1

ktap_finished
