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
# Variables: OVPN_FAMILY and OVPN_CIPHER, as in p2p-lib.sh

source "$(dirname "$(realpath "$0")")/common.sh"
source "$OVPN_DIR/p2p-lib.sh"

ovpn_start 19

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
	p2p_links && start_peers
}

ovpn_check "setup: peers on established TCP sockets"\
" (IPv$OVPN_FAMILY transport, $OVPN_CIPHER)" setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

p2p_ping_checks

# ctrl_lines N REGEX: how many lines of ns<N>'s peer log match
ctrl_lines() {
	grep -cE "$2" "$tmp/peer$1.log"
}

# ctrl_at_least N REGEX COUNT: at least COUNT such lines
ctrl_at_least() {
	[ "$(ctrl_lines "$1" "$2")" -ge "$3" ]
}

# ctrl_count N HEX COUNT [SECONDS]: the peer in ns<N> received exactly
# COUNT control packets HEX (waiting for them)
ctrl_count() {
	ovpn_wait_for "${4:-5}" ctrl_at_least "$1" "ctrl from=.*hex=$2\$" "$3" &&
		[ "$(ctrl_lines "$1" "ctrl from=.*hex=$2\$")" = "$3" ]
}

# what the peers logged of their control packets, for a failed check
ctrl_log() {
	grep -H '^ctrl' "$tmp/peer0.log" "$tmp/peer1.log" | sed 's/^/# /'
}

# control packets both ways while iperf3 fills the stream: each must
# arrive whole, and iperf3 must not notice
control_under_load() {
	local i

	iperf_start 4 || return 1
	sleep 1
	# one at a time: signals sent faster than a loaded process reads
	# them would merge
	for i in 1 2 3 4 5; do
		kill -USR1 "$peer0" "$peer1" || return 1
		ovpn_wait_for 5 ctrl_at_least 0 '^ctrl-sent' $i &&
			ovpn_wait_for 5 ctrl_at_least 1 '^ctrl-sent' $i ||
			return 1
		sleep 0.2
	done
	iperf_done || return 1
	ctrl_count 0 20aabbccdd 5 && ctrl_count 1 2001020304 5
}
ovpn_check "control packets both ways while iperf3 runs" control_under_load ||
	ctrl_log

# a stalled stream: the driver's queue of data packets fills and drops
# what comes next, but a control packet from userspace is still taken
# (its bound is the socket's send buffer) and arrives once the stream
# moves again
control_stalled() {
	local dst=198.18.0.2/32 drops sent got i fill= ret=0

	[ "$OVPN_FAMILY" = 6 ] && dst=2001:db8::2/128
	drops=$(ovpn_dev_stat "$ns0" tx_dropped)
	sent=$(ctrl_lines 0 '^ctrl-sent')
	got=$(ctrl_lines 1 'ctrl from=.*hex=2001020304$')
	$IP -n "$ns0" route add blackhole $dst || return 1
	# small datagrams into the tunnel from four sockets, as fast as
	# bash writes them: one socket's send buffer would stop it before
	# the queue is full
	for i in 1 2 3 4; do
		$IP netns exec "$ns0" bash -c "exec 3>/dev/udp/$in1/9
			while :; do printf x >&3; done" 2>/dev/null &
		fill="$fill $!"
	done
	ovpn_wait_for 60 ovpn_dev_stat_above "$ns0" tx_dropped "$drops" || ret=1
	ktap_print_msg "dropped while stalled: $(($(ovpn_dev_stat "$ns0" tx_dropped) - drops))"
	kill -USR1 "$peer0"
	ovpn_wait_for 5 ctrl_at_least 0 '^ctrl-(sent|send-error)' $((sent + 1))
	kill $fill
	wait $fill
	$IP -n "$ns0" route del blackhole $dst
	# the stream moves again before the next check, whatever this one
	# found
	ovpn_wait_for 30 $IP netns exec "$ns0" ping -q -c 1 -W 1 $in1 \
		>/dev/null || return 1
	[ $ret = 0 ] && [ "$(ctrl_lines 0 '^ctrl-sent')" = $((sent + 1)) ] &&
		ctrl_count 1 2001020304 $((got + 1)) 30
}
ovpn_check "a stalled stream still takes a control packet, delivered later" \
	control_stalled || ctrl_log

# what went in went out, with the encapsulation on top (a packet
# dropped on the way, such as one sent before the key was there, is
# counted inside only)
counters() {
	local vpn_pkts vpn_bytes link_bytes

	vpn_pkts=$(ovpn_peer_stat "$ns0" $peer_id vpn-tx-packets)
	vpn_bytes=$(ovpn_peer_stat "$ns0" $peer_id vpn-tx-bytes)
	link_bytes=$(ovpn_peer_stat "$ns0" $peer_id link-tx-bytes)
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

ovpn_check "key rotation under traffic loses nothing" p2p_rotate tcp1

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
	ovpn_wait_for 5 ovpn_peer_gone "$ns1" $peer_id ||
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

ovpn_check "deleting the interface removes its TCP peer (teardown)" \
	p2p_teardown 0

# restart with a zero-length control packet to send on SIGUSR1
kill "$peer0" "$peer1" 2>/dev/null
wait 2>/dev/null
p2p_iface 0
ovpn_wait_for 5 ovpn_peer_gone "$ns1" $peer_id
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
