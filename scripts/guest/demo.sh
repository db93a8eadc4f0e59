#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the VM (scripts/demo): two namespaces joined by veth, an
# ovpn P2P tunnel over UDP between them, driven by ovpn-cli exactly as
# OpenVPN drives the driver (socket, peer and keys over netlink).
set -u
# shellcheck source=lib.sh
source /ovpn/guest-lib.sh

step() {
	printf '\n== %s\n' "$*"
}

step "kernel $(uname -r), $(nproc) vCPUs"
veth_pair demo0 demo1 || exit 1

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

# a server: one MP interface, one UDP socket, four clients (two over
# IPv4, two over IPv6), routed by their VPN addresses
run_server() {
	local i ns addr local

	step "server: one MP interface, four clients on its one UDP socket, one over TCP"
	$cli -n demo0 iface-new ovpns mp
	ip -n demo0 addr add 198.19.1.1/24 dev ovpns
	ip -n demo0 link set ovpns up
	ip netns exec demo0 sysctl -qw net.ipv4.ip_forward=1
	: >"$tmp/clients"
	for i in 1 2 3 4 5; do
		ns=demo-c$i
		ip netns add $ns && netns+=("$ns")
		ip -n demo0 link add s$i type veth peer name v0 netns $ns
		ip -n $ns link set lo up
		ip -n $ns link set v0 up
		ip -n demo0 link set s$i up
		if [ $i -le 2 ] || [ $i = 5 ]; then
			ip -n demo0 addr add 198.18.$((10 + i)).1/24 dev s$i
			ip -n $ns addr add 198.18.$((10 + i)).2/24 dev v0
			addr=198.18.$((10 + i)).2:1194
		else
			ip -n demo0 addr add 2001:db8:$((10 + i))::1/64 \
				dev s$i nodad
			ip -n $ns addr add 2001:db8:$((10 + i))::2/64 \
				dev v0 nodad
			addr=[2001:db8:$((10 + i))::2]:1194
		fi
		[ $i = 5 ] ||
			echo "$i,$addr,198.19.1.$((10 + i))" >>"$tmp/clients"
		$cli -n $ns iface-new ovpn0 p2p
		ip -n $ns addr add 198.19.1.$((10 + i))/24 dev ovpn0
		ip -n $ns link set ovpn0 up
	done
	$cli -n demo0 peer-udp ovpns --bind '[::]:1194' --key-seed server \
		--keepalive 10,60 --peers "$tmp/clients" >"$tmp/srv" 2>&1 &
	pids+=($!)
	wait_ready "$tmp/srv" || return 1
	for i in 1 2 3 4; do
		if [ $i -le 2 ]; then
			addr=198.18.$((10 + i))
			local=$addr.2:1194 addr=$addr.1:1194
		else
			addr=2001:db8:$((10 + i))
			local=[$addr::2]:1194 addr=[$addr::1]:1194
		fi
		$cli -n demo-c$i peer-udp ovpn0 $i --bind "$local" \
			--remote "$addr" --key-seed server --key-dir 1 \
			--keepalive 10,60 >"$tmp/c$i" 2>&1 &
		pids+=($!)
		wait_ready "$tmp/c$i" || return 1
	done
	# client 5 connects over TCP; the accepted socket is its peer's
	$cli -n demo0 peer-tcp ovpns --listen 198.18.15.1:1194 \
		--key-seed server --keepalive 10,60 --peer 5,198.19.1.15 \
		>"$tmp/srvtcp" 2>&1 &
	pids+=($!)
	wait_for 5 grep -q '^listening' "$tmp/srvtcp"
	$cli -n demo-c5 peer-tcp ovpn0 5 --remote 198.18.15.1:1194 \
		--key-seed server --key-dir 1 --keepalive 10,60 \
		>"$tmp/c5" 2>&1 &
	pids+=($!)
	wait_ready "$tmp/c5" && wait_ready "$tmp/srvtcp" || return 1
	sed 's/^/  /' "$tmp/srv" "$tmp/srvtcp"

	for i in 1 2 3 4 5; do
		ip netns exec demo-c$i ping -c 3 -i 0.2 -q 198.19.1.1 |
			tail -1 | sed "s/^/  client $i -> server ping: /"
	done
	ip netns exec demo-c1 ping -c 3 -i 0.2 -q 198.19.1.14 | tail -1 |
		sed 's/^/  client 1 -> client 4 ping (through the server): /'
	ip netns exec demo-c5 ping -c 3 -i 0.2 -q 198.19.1.13 | tail -1 |
		sed 's/^/  client 5 (TCP) -> client 3 (UDP) ping: /'

	# an iperf3 server serves one client at a time: one each
	for i in 1 2 3 4 5; do
		ip netns exec demo0 iperf3 -s -1 -D -B 198.19.1.1 -p $((5200 + i))
	done
	sleep 0.5
	for i in 1 2 3 4 5; do
		ip netns exec demo-c$i iperf3 -c 198.19.1.1 -p $((5200 + i)) \
			-t 3 -f m >"$tmp/iperf$i" 2>&1 &
	done
	wait_iperf() {
		local j
		for j in 1 2 3 4 5; do
			while ! grep -qE 'receiver$|error' "$tmp/iperf$j"; do
				sleep 0.2
			done
		done
	}
	wait_iperf
	for i in 1 2 3 4 5; do
		grep -E 'receiver$' "$tmp/iperf$i" |
			sed "s/^/  client $i iperf3 TCP (all five at once): /"
	done

	echo "  the server's per-peer counters (one PEER_GET dump):"
	printf '    %-4s %-24s %-14s %14s %14s %10s %10s\n' id remote vpn-ipv4 \
		vpn-rx-bytes vpn-tx-bytes rx-packets tx-packets
	$cli -n demo0 peer-get ovpns | while read -r line; do
		get() { echo "$line" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
		printf '    %-4s %-24s %-14s %14s %14s %10s %10s\n' \
			"$(get id)" "$(r=$(get remote); echo "${r:-(TCP socket)}")" \
			"$(get vpn-ipv4)" \
			"$(get vpn-rx-bytes)" "$(get vpn-tx-bytes)" \
			"$(get vpn-rx-packets)" "$(get vpn-tx-packets)"
	done

	kill "${pids[@]}"
	wait 2>/dev/null
	pids=()
	$cli -n demo0 iface-del ovpns
	for i in 1 2 3 4 5; do
		ip netns del demo-c$i
	done
}

run_server || echo "  FAILED: the server did not come up"

step "for comparison: plain veth, no tunnel"
ip netns exec demo1 iperf3 -s -1 -D -B 198.18.0.2
sleep 0.5
ip netns exec demo0 iperf3 -c 198.18.0.2 -t 3 -f m | grep -E 'receiver$' |
	sed 's/^/  iperf3 TCP: /'
