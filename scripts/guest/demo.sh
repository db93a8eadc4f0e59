#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the VM (scripts/demo): two namespaces joined by veth, an
# ovpn P2P tunnel over UDP between them, driven by ovpn-cli exactly as
# OpenVPN drives the driver (socket, peer and keys over netlink).
set -u
cli=/ovpn/kselftest/net/ovpn/ovpn-cli
tmp=$(mktemp -d)
pids=()

cleanup() {
	kill "${pids[@]}" 2>/dev/null
	wait 2>/dev/null
	ip netns del demo0 2>/dev/null
	ip netns del demo1 2>/dev/null
}
trap cleanup EXIT

step() {
	printf '\n== %s\n' "$*"
}

wait_ready() {
	local i
	for i in $(seq 50); do
		grep -q '^ready' "$1" && return 0
		sleep 0.1
	done
	cat "$1"
	return 1
}

field() {
	tr ' ' '\n' | sed -n "s/^$1=//p"
}

step "kernel $(uname -r), $(nproc) vCPUs"
ip netns add demo0
ip netns add demo1
ip -n demo0 link add v0 type veth peer name v1 netns demo1
ip -n demo0 addr add 198.18.0.1/24 dev v0
ip -n demo1 addr add 198.18.0.2/24 dev v1
for ns in demo0 demo1; do
	ip -n $ns link set lo up
done
ip -n demo0 link set v0 up
ip -n demo1 link set v1 up

run_tunnel() {
	local cipher=$1 rtt tput

	step "tunnel with $cipher: P2P over UDP 198.18.0.1:1194 <-> 198.18.0.2:1194"
	for i in 0 1; do
		$cli -n demo$i iface-new ovpn0 p2p
		ip -n demo$i addr add 198.19.0.$((i + 1))/24 dev ovpn0
		ip -n demo$i addr add 2001:db8:1::$((i + 1))/64 dev ovpn0 nodad
		ip -n demo$i link set ovpn0 up
	done
	$cli -n demo0 peer-udp ovpn0 1 --bind 198.18.0.1:1194 \
		--remote 198.18.0.2:1194 --cipher "$cipher" --key-seed demo \
		--key-dir 0 --keepalive 10,60 >"$tmp/p0" 2>&1 &
	pids+=($!)
	$cli -n demo1 peer-udp ovpn0 1 --bind 198.18.0.2:1194 \
		--remote 198.18.0.1:1194 --cipher "$cipher" --key-seed demo \
		--key-dir 1 --keepalive 10,60 >"$tmp/p1" 2>&1 &
	pids+=($!)
	wait_ready "$tmp/p0" && wait_ready "$tmp/p1" || return 1
	ip -n demo0 -d link show ovpn0 | sed 's/^/  /'

	ip netns exec demo0 ping -c 10 -i 0.1 -q 198.19.0.2 | tail -2 |
		sed 's/^/  IPv4 ping: /'
	ip netns exec demo0 ping -6 -c 10 -i 0.1 -q 2001:db8:1::2 | tail -2 |
		sed 's/^/  IPv6 ping: /'

	ip netns exec demo1 iperf3 -s -1 -D -B 198.19.0.2
	sleep 0.5
	ip netns exec demo0 iperf3 -c 198.19.0.2 -t 3 -f m >"$tmp/iperf"
	grep -E 'sender$|receiver$' "$tmp/iperf" | sed 's/^/  iperf3 TCP: /'

	$cli -n demo1 capture --port 1194 --opcode 9 --count 1 \
		--timeout 5 >"$tmp/cap" &
	sleep 0.3
	ip netns exec demo0 ping -c 1 -q 198.19.0.2 >/dev/null
	wait $!
	echo "  a data packet on the wire (first 32 bytes):"
	sed -n 's/.*hex=\(.\{64\}\).*/    \1/p' "$tmp/cap"
	echo "    = opcode 9 (P_DATA_V2) | key id 0, peer id 1, packet id, tag..."

	echo "  the driver's per-peer counters (netlink PEER_GET):"
	$cli -n demo0 peer-get ovpn0 1 | tr ' ' '\n' | grep -E 'bytes|packets|remote|keepalive' |
		sed 's/^/    /'

	kill "${pids[@]}"
	wait 2>/dev/null
	pids=()
	for i in 0 1; do
		$cli -n demo$i iface-del ovpn0
	done
}

run_tunnel aes-gcm
run_tunnel chacha20-poly1305

step "for comparison: plain veth, no tunnel"
ip netns exec demo1 iperf3 -s -1 -D -B 198.18.0.2
sleep 0.5
ip netns exec demo0 iperf3 -c 198.18.0.2 -t 3 -f m | grep -E 'receiver$' |
	sed 's/^/  iperf3 TCP: /'
