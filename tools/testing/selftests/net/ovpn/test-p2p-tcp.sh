#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A P2P tunnel over TCP between two namespaces joined by veth: userspace
# connects and accepts, then hands the established sockets over. IPv4
# and IPv6 inside, flood and 3000-byte pings, iperf3, key rotation under
# traffic, control packets in both directions on the same sockets while
# iperf3 runs, a garbage frame (transport-error) and closing the socket
# under traffic (transport-disconnect).
#
# Variables (the variant scripts set them):
#   OVPN_FAMILY  4 or 6: address family of the transport (default 4)
#   OVPN_CIPHER  aes-gcm or chacha20-poly1305 (default aes-gcm)

source "$(dirname "$(realpath "$0")")/common.sh"

OVPN_FAMILY=${OVPN_FAMILY:-4}
OVPN_CIPHER=${OVPN_CIPHER:-aes-gcm}

ovpn_require_root
ktap_print_header
ktap_set_plan 18

ns0=ovpn-tcp0-$$
ns1=ovpn-tcp1-$$
port=1194
peer_id=1

if [ "$OVPN_FAMILY" = 6 ]; then
	ep1="[2001:db8::2]:$port"
else
	ep1="198.18.0.2:$port"
fi
in1=198.19.0.2
in6_1=2001:db8:1::2

cli0() {
	"$OVPN_CLI" -n "$ns0" "$@"
}

cli1() {
	"$OVPN_CLI" -n "$ns1" "$@"
}

# peer_stat NS FIELD: a counter from peer-get
peer_stat() {
	"$OVPN_CLI" -n "$1" peer-get ovpn0 $peer_id |
		tr ' ' '\n' | sed -n "s/^$2=//p"
}

# start the listening side in ns1, then the connecting side in ns0;
# their pids go to $peer1 and $peer0
start_peers() {
	"$OVPN_CLI" -n "$ns1" peer-tcp ovpn0 $peer_id --listen "$ep1" \
		--cipher "$OVPN_CIPHER" --key-seed tcp0 --key-dir 1 \
		--ctrl 20aabbccdd "$@" >"$tmp/peer1.log" 2>&1 &
	peer1=$!
	ovpn_wait_for 10 grep -q '^listening' "$tmp/peer1.log" || return 1
	"$OVPN_CLI" -n "$ns0" peer-tcp ovpn0 $peer_id --remote "$ep1" \
		--cipher "$OVPN_CIPHER" --key-seed tcp0 --key-dir 0 \
		--ctrl 2001020304 "$@" >"$tmp/peer0.log" 2>&1 &
	peer0=$!
	ovpn_wait_for 10 grep -q '^ready' "$tmp/peer0.log" &&
		ovpn_wait_for 10 grep -q '^ready' "$tmp/peer1.log"
}

setup() {
	local ns i

	ovpn_netns "$ns0" "$ns1" || return 1
	$IP -n "$ns0" link add v0 type veth peer name v1 netns "$ns1" ||
		return 1
	for ns in "$ns0" "$ns1"; do
		$IP -n "$ns" link set lo up
	done
	$IP -n "$ns0" addr add 198.18.0.1/24 dev v0
	$IP -n "$ns1" addr add 198.18.0.2/24 dev v1
	$IP -n "$ns0" addr add 2001:db8::1/64 dev v0 nodad
	$IP -n "$ns1" addr add 2001:db8::2/64 dev v1 nodad
	$IP -n "$ns0" link set v0 up
	$IP -n "$ns1" link set v1 up

	for i in 0 1; do
		ns=ovpn-tcp$i-$$
		"$OVPN_CLI" -n "$ns" iface-new ovpn0 p2p || return 1
		$IP -n "$ns" addr add 198.19.0.$((i + 1))/24 dev ovpn0
		$IP -n "$ns" addr add 2001:db8:1::$((i + 1))/64 dev ovpn0 nodad
		$IP -n "$ns" link set ovpn0 up
	done
	start_peers
}

ovpn_check "setup: peers on established TCP sockets (IPv$OVPN_FAMILY transport, $OVPN_CIPHER)" setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

ovpn_check "IPv4 ping through the tunnel" \
	$IP netns exec "$ns0" ping -q -c 3 -i 0.2 -W 5 $in1
ovpn_check "IPv6 ping through the tunnel" \
	$IP netns exec "$ns0" ping -q -6 -c 3 -i 0.2 -W 5 $in6_1
ovpn_check "flood ping without loss" \
	bash -c "$IP netns exec $ns0 ping -q -f -c 500 -W 5 $in1 | grep -q ' 0% packet loss'"
ovpn_check "3000-byte IPv4 pings" \
	$IP netns exec "$ns0" ping -q -s 3000 -c 3 -i 0.2 -W 5 $in1
ovpn_check "3000-byte IPv6 pings" \
	$IP netns exec "$ns0" ping -q -6 -s 3000 -c 3 -i 0.2 -W 5 $in6_1

# iperf3 in the background, SECONDS long; its pid goes to $iperf_pid
iperf_start() {
	$IP netns exec "$ns1" iperf3 -s -1 -D -B $in1 \
		--logfile "$tmp/iperf-s.log" &&
		ovpn_wait_for 5 bash -c "$IP netns exec $ns1 ss -ltn | grep -q $in1:5201" ||
		return 1
	$IP netns exec "$ns0" iperf3 -c $in1 -t "$1" -f m \
		>"$tmp/iperf.log" 2>&1 &
	iperf_pid=$!
}

iperf_done() {
	wait "$iperf_pid" && grep -E 'receiver$' "$tmp/iperf.log" | sed 's/^/# /' &&
		grep -qE 'receiver$' "$tmp/iperf.log"
}

# control packets both ways while iperf3 fills the stream: each must
# arrive whole, and iperf3 must not notice
control_under_load() {
	local i

	iperf_start 4 || return 1
	sleep 1
	for i in 1 2 3 4 5; do
		kill -USR1 "$peer0" "$peer1" || return 1
		sleep 0.3
	done
	iperf_done || return 1
	ovpn_wait_for 5 bash -c "[ \$(grep -c 'ctrl from=.*hex=20aabbccdd\$' $tmp/peer0.log) -eq 5 ]" &&
		ovpn_wait_for 5 bash -c "[ \$(grep -c 'ctrl from=.*hex=2001020304\$' $tmp/peer1.log) -eq 5 ]"
}
ovpn_check "control packets both ways while iperf3 runs" control_under_load

# what went in went out, with the encapsulation on top (a packet
# dropped on the way, such as one sent before the key was there, is
# counted inside only)
counters() {
	local vpn_pkts vpn_bytes link_bytes

	vpn_pkts=$(peer_stat "$ns0" vpn-tx-packets)
	vpn_bytes=$(peer_stat "$ns0" vpn-tx-bytes)
	link_bytes=$(peer_stat "$ns0" link-tx-bytes)
	ktap_print_msg "sent: $vpn_pkts packets, $vpn_bytes bytes inside, $link_bytes on the link"
	[ "$vpn_pkts" -gt 500 ] &&
		[ "$link_bytes" -gt "$vpn_bytes" ]
}
ovpn_check "per-peer inner and outer counters moved" counters

ovpn_check "a TCP peer reports no remote address of its own" \
	bash -c "! $OVPN_CLI -n $ns0 peer-get ovpn0 $peer_id | grep -q 'remote='"

# the connection is the endpoint: PEER_SET may not give another one
ovpn_expect_fail "PEER_SET refuses a remote address for a TCP peer" \
	EINVAL "no address may be given" \
	cli0 peer-set ovpn0 $peer_id --remote 198.18.0.9:1194
ovpn_expect_fail "PEER_SET refuses remote and local addresses for a TCP peer" \
	EINVAL "no address may be given" \
	cli0 peer-set ovpn0 $peer_id --remote 198.18.0.9:1194 \
	--local-ip 198.18.0.1

# key rotation under traffic: not a single ping may be lost
rotate() {
	$IP netns exec "$ns0" ping -q -c 150 -i 0.02 -W 5 $in1 \
		>"$tmp/rot-ping.log" &
	local ping=$!

	sleep 0.5
	cli0 key-new ovpn0 $peer_id --slot secondary --key-id 1 \
		--cipher "$OVPN_CIPHER" --key-seed tcp1 --key-dir 0 &&
		cli1 key-new ovpn0 $peer_id --slot secondary --key-id 1 \
			--cipher "$OVPN_CIPHER" --key-seed tcp1 --key-dir 1 &&
		sleep 0.3 &&
		cli0 key-swap ovpn0 $peer_id &&
		sleep 0.3 &&
		cli1 key-swap ovpn0 $peer_id &&
		sleep 0.3 &&
		cli0 key-del ovpn0 $peer_id --slot secondary &&
		cli1 key-del ovpn0 $peer_id --slot secondary || return 1
	wait $ping || return 1
	grep -q ' 0% packet loss' "$tmp/rot-ping.log"
}
ovpn_check "key rotation under traffic loses nothing" rotate

# closing the socket during traffic: transport-disconnect, nothing else
close_under_load() {
	cli0 listen --timeout 15 >"$tmp/ntf0.log" &
	local listen=$!

	ovpn_wait_for 5 grep -q '^ready' "$tmp/ntf0.log" || return 1
	$IP netns exec "$ns0" ping -q -f -c 2000 -W 1 $in1 >/dev/null 2>&1 &
	local ping=$!

	sleep 0.5
	kill "$peer0"
	wait "$peer0" 2>/dev/null
	wait $ping
	ovpn_wait_for 5 grep -q 'peer-del-ntf' "$tmp/ntf0.log"
	sleep 0.5
	kill $listen
	wait $listen
	sed 's/^/# /' "$tmp/ntf0.log"
	[ "$(grep -c 'peer-del-ntf' "$tmp/ntf0.log")" = 1 ] &&
		grep -q "peer-id=$peer_id.*reason=transport-disconnect" \
			"$tmp/ntf0.log" &&
		! cli0 peer-get ovpn0 $peer_id 2>/dev/null
}
ovpn_check "closing the socket under traffic removes the peer (transport-disconnect)" \
	close_under_load

# after the close the listening side sees the end of the stream
ovpn_check "the other side reads the end of the stream" \
	ovpn_wait_for 10 grep -q '^tcp-closed' "$tmp/peer1.log"

# a new pair of sockets carries traffic again
restart() {
	kill "$peer1" 2>/dev/null
	wait "$peer1" 2>/dev/null
	ovpn_wait_for 5 bash -c "! $OVPN_CLI -n $ns1 peer-get ovpn0 $peer_id >/dev/null 2>&1" ||
		return 1
	start_peers && $IP netns exec "$ns0" ping -q -c 2 -i 0.2 -W 5 $in1
}
ovpn_check "new peers on new TCP sockets carry traffic again" restart

# a zero-length frame on the stream is not OpenVPN: the receiving side
# removes the peer with reason transport-error and nothing else
garbage() {
	cli1 listen --timeout 15 >"$tmp/ntf1.log" &
	local listen=$!

	ovpn_wait_for 5 grep -q '^ready' "$tmp/ntf1.log" || return 1
	# an empty control packet: the frame "0000"
	kill -USR1 "$peer0"
	ovpn_wait_for 10 grep -q 'peer-del-ntf' "$tmp/ntf1.log"
	sleep 0.5
	kill $listen
	wait $listen
	sed 's/^/# /' "$tmp/ntf1.log"
	[ "$(grep -c 'peer-del-ntf' "$tmp/ntf1.log")" = 1 ] &&
		grep -q "peer-id=$peer_id.*reason=transport-error" \
			"$tmp/ntf1.log"
}

teardown() {
	cli0 listen --timeout 10 >"$tmp/ntf2.log" &
	local listen=$!

	ovpn_wait_for 5 grep -q '^ready' "$tmp/ntf2.log" || return 1
	cli0 iface-del ovpn0 || return 1
	ovpn_wait_for 5 grep -q 'peer-del-ntf' "$tmp/ntf2.log"
	kill $listen
	wait $listen
	grep -q 'peer-del-ntf.*reason=teardown' "$tmp/ntf2.log"
}
ovpn_check "deleting the interface removes its TCP peer (teardown)" teardown

# restart with a zero-length control packet to send on SIGUSR1
kill "$peer0" "$peer1" 2>/dev/null
wait 2>/dev/null
cli0 iface-new ovpn0 p2p && $IP -n "$ns0" addr add 198.19.0.1/24 dev ovpn0 &&
	$IP -n "$ns0" link set ovpn0 up
ovpn_wait_for 5 bash -c "! $OVPN_CLI -n $ns1 peer-get ovpn0 $peer_id >/dev/null 2>&1"
start_peers_garbage() {
	"$OVPN_CLI" -n "$ns1" peer-tcp ovpn0 $peer_id --listen "$ep1" \
		--cipher "$OVPN_CIPHER" --key-seed tcp0 --key-dir 1 \
		>"$tmp/peer1.log" 2>&1 &
	peer1=$!
	ovpn_wait_for 10 grep -q '^listening' "$tmp/peer1.log" || return 1
	"$OVPN_CLI" -n "$ns0" peer-tcp ovpn0 $peer_id --remote "$ep1" \
		--cipher "$OVPN_CIPHER" --key-seed tcp0 --key-dir 0 \
		--ctrl "" >"$tmp/peer0.log" 2>&1 &
	peer0=$!
	ovpn_wait_for 10 grep -q '^ready' "$tmp/peer0.log" &&
		ovpn_wait_for 10 grep -q '^ready' "$tmp/peer1.log" &&
		$IP netns exec "$ns0" ping -q -c 2 -i 0.2 -W 5 $in1
}
ovpn_check "a new pair of peers for the garbage test" start_peers_garbage
ovpn_check "a garbage frame removes the receiving peer (transport-error)" \
	garbage

ktap_finished
