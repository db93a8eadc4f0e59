#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An authentic packet the stack does not take (here: the interface is
# down, so GRO cells refuse it) is counted once as dropped: every
# packet the peer took is in rx_dropped exactly once, never twice.

source "$(dirname "$(realpath "$0")")/common.sh"

ovpn_require_root
ktap_print_header
ktap_set_plan 4

ns0=ovpn-rxdown0-$$
ns1=ovpn-rxdown1-$$
peer_id=1

setup() {
	local i ns

	ovpn_netns "$ns0" "$ns1" || return 1
	$IP -n "$ns0" link add v0 type veth peer name v1 netns "$ns1" ||
		return 1
	for i in 0 1; do
		ns=ovpn-rxdown$i-$$
		$IP -n "$ns" link set lo up &&
			$IP -n "$ns" addr add "198.18.0.$((i + 1))/24" \
				dev "v$i" &&
			$IP -n "$ns" link set "v$i" up &&
			"$OVPN_CLI" -n "$ns" iface-new ovpn0 p2p &&
			$IP -n "$ns" addr add "198.19.0.$((i + 1))/24" \
				dev ovpn0 &&
			$IP -n "$ns" link set ovpn0 up || return 1
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

rx_dropped() {
	$IP netns exec "$ns0" cat /sys/class/net/ovpn0/statistics/rx_dropped
}

link_rx() {
	"$OVPN_CLI" -n "$ns0" peer-get ovpn0 $peer_id | tr ' ' '\n' |
		sed -n 's/^link-rx-packets=//p'
}

down_pings() {
	local drop rx

	$IP -n "$ns0" link set ovpn0 down || return 1
	drop=$(rx_dropped)
	rx=$(link_rx)
	$IP netns exec "$ns1" ping -q -c 5 -i 0.2 -W 1 198.19.0.1 \
		>/dev/null 2>&1
	sleep 0.5
	drop=$(($(rx_dropped) - drop))
	rx=$(($(link_rx) - rx))
	$IP -n "$ns0" link set ovpn0 up || return 1
	ktap_print_msg "the peer took $rx packets, rx_dropped +$drop"
	[ "$rx" -ge 5 ] && [ "$drop" -eq "$rx" ]
}
ovpn_check "with the interface down, each packet is dropped once" \
	down_pings

ovpn_check "ping through the tunnel once it is up again" \
	$IP netns exec "$ns1" ping -q -c 2 -i 0.2 -W 5 198.19.0.1

ktap_finished
