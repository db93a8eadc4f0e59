#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Keepalive and expiry measure idle time, which a step of the wall
# clock does not change: with the clock set a day ahead no peer
# expires, and with it set back idle peers go on sending keepalives.
# The clock is put back at the end.

source "$(dirname "$(realpath "$0")")/common.sh"
p2p_ns=ovpn-clk
source "$OVPN_DIR/p2p-lib.sh"

ovpn_start 7

# the wall clock at the start, and the time since boot then: what
# cleanup sets the clock back to
uptime_s() {
	cut -d. -f1 /proc/uptime
}
clock0=$(date +%s)
up0=$(uptime_s)

ovpn_cleanup_extra() {
	date -s "@$((clock0 + $(uptime_s) - up0))" >/dev/null
}

# poll TENTHS COMMAND...: ovpn_wait_for in tenths of a second, counted
# and not read from the wall clock this test moves
poll() {
	local n=$1

	shift
	until "$@"; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.1
	done
}

# clock_step SECONDS: move the wall clock
clock_step() {
	date -s "@$(($(date +%s) + $1))" >/dev/null &&
		ktap_print_msg "clock now $(date -u '+%F %T') UTC"
}

both_peers() {
	"$OVPN_CLI" -n "$ns0" peer-get ovpn0 $peer_id >/dev/null &&
		"$OVPN_CLI" -n "$ns1" peer-get ovpn0 $peer_id >/dev/null
}

# start_peers: a UDP peer on each side, keepalive 1 s, timeout 5 s
start_peers() {
	local i

	for i in 0 1; do
		kill "${ppid[i]:-}" 2>/dev/null
		wait "${ppid[i]:-}" 2>/dev/null
	done
	for i in 0 1; do
		"$OVPN_CLI" -n "ovpn-clk$i-$$" peer-udp ovpn0 $peer_id \
			--bind "198.18.0.$((i + 1)):1194" \
			--remote "198.18.0.$((2 - i)):1194" --key-seed clk \
			--key-dir $i >"$tmp/peer$i.log" 2>&1 &
		ppid[i]=$!
	done
	for i in 0 1; do
		poll 100 grep -q '^ready' "$tmp/peer$i.log" || return 1
	done
	for i in 0 1; do
		"$OVPN_CLI" -n "ovpn-clk$i-$$" peer-set ovpn0 $peer_id \
			--keepalive 1,5 || return 1
	done
}

setup() {
	p2p_links || return 1
	start_peers
}

ovpn_check "setup: P2P peers over UDP, keepalive 1 s, timeout 5 s" setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"
ovpn_check "ping through the tunnel" \
	$IP netns exec "$ns0" ping -q -c 2 -i 0.2 -W 5 $in1

forward() {
	clock_step 86400 || return 1
	sleep 3
	both_peers
}
ovpn_check "no peer expires when the clock jumps a day ahead" forward
ovpn_check "ping through the tunnel after the jump ahead" \
	$IP netns exec "$ns0" ping -q -c 2 -i 0.2 -W 5 $in1

# for the next checks, peers that did not survive are made anew
both_peers || start_peers

# keepalives go on once the clock stepped back
keepalive_back() {
	clock_step $((-2 * 86400)) || return 1
	sleep 1
	p2p_keepalives 4 && [ "$p2p_undelivered" -ge 2 ]
}
ovpn_check "idle peers exchange keepalives after the clock steps back" \
	keepalive_back
ovpn_check "both peers are still there" both_peers
ovpn_check "ping through the tunnel after the step back" \
	$IP netns exec "$ns0" ping -q -c 2 -i 0.2 -W 5 $in1

ktap_finished
