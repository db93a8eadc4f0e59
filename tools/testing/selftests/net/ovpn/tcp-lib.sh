#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Set-up shared by the tests of an attached TCP socket as userspace sees
# it. Two namespaces joined by veth; ns0 has ovpn0 and a peer-tcp that
# connects, ns1 either another ovpn0 with a peer-tcp that listens (a
# DCO pair) or a raw TCP endpoint that is not the driver (tcp-raw).
# Sourced after common.sh, never run. The
# long-running commands are started directly, never through a shell
# function, so that their pids are theirs and signals reach them.

ns0=ovpn-tcp0-$$
ns1=ovpn-tcp1-$$
peer_id=1
ep1=198.18.0.2:1194
in0=198.19.0.1
in1=198.19.0.2

cli0() {
	"$OVPN_CLI" -n "$ns0" "$@"
}

cli1() {
	"$OVPN_CLI" -n "$ns1" "$@"
}

# tcp_iface NS ADDR: ovpn0 in NS with ADDR/24, up
tcp_iface() {
	"$OVPN_CLI" -n "$1" iface-new ovpn0 p2p &&
		$IP -n "$1" addr add "$2/24" dev ovpn0 &&
		$IP -n "$1" link set ovpn0 up
}

# tcp_setup [dco]: the namespaces, veth and ovpn0 in ns0; with dco,
# ovpn0 in ns1 too
tcp_setup() {
	ovpn_netns "$ns0" "$ns1" || return 1
	$IP -n "$ns0" link add v0 type veth peer name v1 netns "$ns1" ||
		return 1
	$IP -n "$ns0" link set lo up && $IP -n "$ns1" link set lo up &&
		$IP -n "$ns0" addr add 198.18.0.1/24 dev v0 &&
		$IP -n "$ns1" addr add 198.18.0.2/24 dev v1 &&
		$IP -n "$ns0" link set v0 up && $IP -n "$ns1" link set v1 up &&
		tcp_iface "$ns0" $in0 || return 1
	[ "${1:-}" != dco ] || tcp_iface "$ns1" $in1
}

# tcp_bg VAR LOG READY NS ARGS...: ovpn-cli ARGS in NS in the
# background, its output in LOG and its pid in $VAR; returns once LOG
# has a line that starts with READY
tcp_bg() {
	local var=$1 log=$2 ready=$3 ns=$4

	shift 4
	"$OVPN_CLI" -n "$ns" "$@" >"$log" 2>&1 &
	printf -v "$var" %s $!
	ovpn_wait_for 10 grep -q "^$ready" "$log"
}

# tcp_raw LOG STEP...: tcp-raw listening in ns1, its pid in $raw_pid
tcp_raw() {
	tcp_bg raw_pid "$1" listening "$ns1" tcp-raw --listen $ep1 \
		--timeout 60 "${@:2}"
}

# tcp_dco_listen LOG [OPTS...]: peer-tcp listening in ns1 (key-dir 1),
# its pid in $peer1; returns once it listens
tcp_dco_listen() {
	tcp_bg peer1 "$1" listening "$ns1" peer-tcp ovpn0 $peer_id \
		--listen $ep1 --key-seed tcp0 --key-dir 1 "${@:2}"
}

# tcp_dco_connect LOG [OPTS...]: peer-tcp in ns0 connecting to ns1
# (key-dir 0), its pid in $peer0; returns once its peer is set up
tcp_dco_connect() {
	tcp_bg peer0 "$1" ready "$ns0" peer-tcp ovpn0 $peer_id \
		--remote $ep1 --key-seed tcp0 --key-dir 0 "${@:2}"
}

# tcp_setup_raw [OPTS...]: tcp_setup, a tcp-raw in ns1 that only
# waits, and peer-tcp in ns0 connected to it with OPTS
tcp_setup_raw() {
	tcp_setup &&
		tcp_raw "$tmp/raw.log" wait &&
		tcp_dco_connect "$tmp/peer0.log" "$@"
}

# tcp_stop PID: SIGTERM, then wait for the process (its stats line)
tcp_stop() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# tcp_stat LOG FIELD: a field of the stats line peer-tcp prints at exit
tcp_stat() {
	sed -n 's/^stats .*/&/p' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"
}
