#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Sourced by the scripts that run inside the VM for scripts/demo,
# scripts/bench and scripts/bench-scale: the client, a scratch
# directory, one trapped cleanup and the helpers they share.
#
# A script adds the pid of every process it starts in the background
# to pids, and every namespace it creates to netns; at exit the
# processes are stopped and the namespaces deleted.

cli=/ovpn/kselftest/net/ovpn/ovpn-cli
tmp=$(mktemp -d)
pids=()
netns=()

guest_cleanup() {
	local ns

	kill "${pids[@]}" 2>/dev/null
	wait 2>/dev/null
	pids=()
	for ns in "${netns[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	netns=()
	rm -rf "$tmp"
}
trap guest_cleanup EXIT

# wait_for SECONDS COMMAND...: poll until COMMAND succeeds
wait_for() {
	local limit=$1 i

	shift
	for ((i = 0; i < limit * 10; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# wait_ready FILE [SECONDS]: ovpn-cli, writing to FILE, said "ready"
# (its peer is set up); prints FILE when it did not
wait_ready() {
	wait_for "${2:-5}" grep -q '^ready' "$1" && return 0
	cat "$1"
	return 1
}

# veth_pair NS0 NS1: two new namespaces joined by veth, v0 in NS0 with
# 198.18.0.1/24 and v1 in NS1 with 198.18.0.2/24, everything up
veth_pair() {
	ip netns add "$1" && netns+=("$1") &&
		ip netns add "$2" && netns+=("$2") &&
		ip -n "$1" link add v0 type veth peer name v1 netns "$2" &&
		ip -n "$1" addr add 198.18.0.1/24 dev v0 &&
		ip -n "$2" addr add 198.18.0.2/24 dev v1 &&
		ip -n "$1" link set lo up && ip -n "$2" link set lo up &&
		ip -n "$1" link set v0 up && ip -n "$2" link set v1 up
}

# rx_mbit FILE: the receiver's Mbit/s in the iperf3 client output FILE
rx_mbit() {
	awk '/receiver$/ { for (i = 2; i <= NF; i++)
		if ($i == "Mbits/sec") print $(i - 1) }' "$1"
}
