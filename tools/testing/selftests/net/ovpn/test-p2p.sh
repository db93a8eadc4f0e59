#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A P2P tunnel over UDP between two namespaces joined by veth: IPv4 and
# IPv6 inside, flood and fragmented pings, iperf3, key rotation under
# traffic, forged packets dropped and counted, the wire header, control
# packets left to userspace, keepalive, expiry and socket close.
#
# Variables (the variant scripts set them):
#   OVPN_FAMILY  4 or 6: address family of the transport (default 4)
#   OVPN_CIPHER  aes-gcm or chacha20-poly1305 (default aes-gcm)

source "$(dirname "$(realpath "$0")")/common.sh"

OVPN_FAMILY=${OVPN_FAMILY:-4}
OVPN_CIPHER=${OVPN_CIPHER:-aes-gcm}

ovpn_require_root
ktap_print_header
ktap_set_plan 24

ns0=ovpn-p2p0-$$
ns1=ovpn-p2p1-$$
port=1194
peer_id=1

if [ "$OVPN_FAMILY" = 6 ]; then
	out0=2001:db8::1
	out1=2001:db8::2
	ep0="[$out0]:$port"
	ep1="[$out1]:$port"
else
	out0=198.18.0.1
	out1=198.18.0.2
	ep0="$out0:$port"
	ep1="$out1:$port"
fi
in0=198.19.0.1
in1=198.19.0.2
in6_0=2001:db8:1::1
in6_1=2001:db8:1::2

cli0() {
	"$OVPN_CLI" -n "$ns0" "$@"
}

cli1() {
	"$OVPN_CLI" -n "$ns1" "$@"
}

# start_peer NS LOCAL REMOTE KEYDIR LOG [EXTRA...]: peer-udp in the
# background, waiting for it to be ready; its pid goes to $peer_pid
start_peer() {
	local ns=$1 local=$2 remote=$3 dir=$4 log=$5

	shift 5
	"$OVPN_CLI" -n "$ns" peer-udp ovpn0 $peer_id --bind "$local" \
		--remote "$remote" --cipher "$OVPN_CIPHER" --key-seed rot0 \
		--key-dir "$dir" "$@" >"$log" 2>&1 &
	peer_pid=$!
	ovpn_wait_for 10 grep -q '^ready' "$log"
}

# peer_stat NS FIELD: a counter from peer-get
peer_stat() {
	"$OVPN_CLI" -n "$1" peer-get ovpn0 $peer_id |
		tr ' ' '\n' | sed -n "s/^$2=//p"
}

rx_dropped() {
	$IP netns exec "$1" cat /sys/class/net/ovpn0/statistics/rx_dropped
}

setup() {
	local ns

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

	cli0 iface-new ovpn0 p2p && cli1 iface-new ovpn0 p2p || return 1
	$IP -n "$ns0" addr add $in0/24 dev ovpn0
	$IP -n "$ns1" addr add $in1/24 dev ovpn0
	$IP -n "$ns0" addr add $in6_0/64 dev ovpn0 nodad
	$IP -n "$ns1" addr add $in6_1/64 dev ovpn0 nodad
	$IP -n "$ns0" link set ovpn0 up
	$IP -n "$ns1" link set ovpn0 up

	start_peer "$ns0" "$ep0" "$ep1" 0 "$tmp/peer0.log" --ctrl 2001020304 &&
		peer0=$peer_pid &&
		start_peer "$ns1" "$ep1" "$ep0" 1 "$tmp/peer1.log" \
			--ctrl 20aabbccdd && peer1=$peer_pid
}

ovpn_check "setup: namespaces, interfaces, peers and keys (IPv$OVPN_FAMILY transport, $OVPN_CIPHER)" setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

ovpn_check "carrier is on once the peer exists" \
	bash -c "$IP -n $ns0 link show ovpn0 | grep -q LOWER_UP"
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

iperf() {
	$IP netns exec "$ns1" iperf3 -s -1 -D -B $in1 --logfile "$tmp/iperf-s.log" &&
		ovpn_wait_for 5 bash -c "$IP netns exec $ns1 ss -ltn | grep -q $in1:5201" &&
		$IP netns exec "$ns0" iperf3 -c $in1 -t 2 -f m >"$tmp/iperf.log" &&
		grep -E 'receiver$' "$tmp/iperf.log" | sed 's/^/# /'
}
ovpn_check "iperf3 TCP through the tunnel" iperf

ovpn_check "per-peer inner and outer counters moved" bash -c "
	[ \$($OVPN_CLI -n $ns0 peer-get ovpn0 $peer_id | tr ' ' '\n' |
	     sed -n 's/^vpn-rx-packets=//p') -gt 500 ] &&
	[ \$($OVPN_CLI -n $ns0 peer-get ovpn0 $peer_id | tr ' ' '\n' |
	     sed -n 's/^link-tx-bytes=//p') -gt 1000000 ]"

# the wire: P_DATA_V2 (opcode 9) with key id 0 and our peer id
capture_first_word() {
	cli1 capture --port $port --opcode 9 --count 1 --timeout 10 \
		>"$tmp/cap.log" &
	local cap=$!

	sleep 0.5
	$IP netns exec "$ns0" ping -q -c 2 -i 0.2 -W 2 $in1 >/dev/null
	wait $cap
	grep -qiE 'hex=48000001' "$tmp/cap.log"
}
ovpn_check "wire: the first header word is 0x48 plus the peer id" \
	capture_first_word

# key rotation under traffic: install the new key as secondary on both
# sides, swap, delete the old one; not a single ping may be lost
rotate() {
	$IP netns exec "$ns0" ping -q -c 150 -i 0.02 -W 5 $in1 \
		>"$tmp/rot-ping.log" &
	local ping=$!

	sleep 0.5
	cli0 key-new ovpn0 $peer_id --slot secondary --key-id 1 \
		--cipher "$OVPN_CIPHER" --key-seed rot1 --key-dir 0 &&
		cli1 key-new ovpn0 $peer_id --slot secondary --key-id 1 \
			--cipher "$OVPN_CIPHER" --key-seed rot1 --key-dir 1 &&
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
ovpn_check "the primary key is now key id 1" \
	bash -c "$OVPN_CLI -n $ns0 key-get ovpn0 $peer_id --slot primary | grep -q 'key-id=1'"

# forged packets: capture a real data packet towards ns1, then send it
# again (replay), with one bit flipped (corrupt) and with an unknown key
# id, all from the real peer's address and port
forge() {
	local pkt before after hdr rest

	cli1 capture --port $port --opcode 9 --count 1 --timeout 10 \
		>"$tmp/cap2.log" &
	local cap=$!

	sleep 0.5
	$IP netns exec "$ns0" ping -q -c 2 -i 0.2 -W 2 $in1 >/dev/null
	wait $cap
	pkt=$(sed -n 's/.*hex=//p' "$tmp/cap2.log" | head -1)
	[ ${#pkt} -gt 60 ] || return 1

	before=$(rx_dropped "$ns1")
	# replay: the same packet again
	cli0 inject --from "$ep0" --to "$ep1" "$pkt" || return 1
	# corrupt: flip the last bit of the ciphertext
	rest=${pkt:0:${#pkt}-1}
	hdr=$(printf '%x' $(( 0x${pkt: -1} ^ 1 )))
	cli0 inject --from "$ep0" --to "$ep1" "$rest$hdr" || return 1
	# unknown key id: key id 5 is installed nowhere
	cli0 inject --from "$ep0" --to "$ep1" "4d${pkt:2}" || return 1
	ovpn_wait_for 5 bash -c "[ \$($IP netns exec $ns1 cat /sys/class/net/ovpn0/statistics/rx_dropped) -ge $((before + 3)) ]"
}
ovpn_check "replayed, corrupted and unknown-key packets are dropped and counted" \
	forge
ovpn_check "the tunnel still works after the forged packets" \
	$IP netns exec "$ns0" ping -q -c 2 -i 0.2 -W 5 $in1

# control packets stay with userspace, both ways, on the same socket
control() {
	kill -USR1 "$peer1" && kill -USR1 "$peer0" &&
		ovpn_wait_for 5 grep -q 'ctrl from=.*hex=20aabbccdd' \
			"$tmp/peer0.log" &&
		ovpn_wait_for 5 grep -q 'ctrl from=.*hex=2001020304' \
			"$tmp/peer1.log"
}
ovpn_check "control packets are read by userspace from the same socket" \
	control

# keepalive: both sides idle with keepalive on; the peers survive on
# keepalives alone, which are counted on the link but never delivered
keepalive() {
	local vpn_rx link_rx

	cli0 peer-set ovpn0 $peer_id --keepalive 1,4 &&
		cli1 peer-set ovpn0 $peer_id --keepalive 1,4 || return 1
	vpn_rx=$(peer_stat "$ns0" vpn-rx-packets)
	link_rx=$(peer_stat "$ns0" link-rx-packets)
	sleep 6
	# the stack may send a few packets of its own (IPv6 MLD): what was
	# received on the link but not delivered are the keepalives
	vpn_rx=$(($(peer_stat "$ns0" vpn-rx-packets) - vpn_rx))
	link_rx=$(($(peer_stat "$ns0" link-rx-packets) - link_rx))
	ktap_print_msg "keepalive: $link_rx received, $vpn_rx delivered"
	[ $((link_rx - vpn_rx)) -ge 3 ]
}
ovpn_check "idle peers exchange keepalives that are not delivered" \
	keepalive
ovpn_check "keepalive settings are reported" \
	bash -c "$OVPN_CLI -n $ns0 peer-get ovpn0 $peer_id | grep -q 'keepalive-interval=1 keepalive-timeout=4'"

# expiry: ns1 goes silent (its peer is removed); ns0 must expire its
# peer exactly once, with reason expired
expiry() {
	cli0 listen --timeout 12 >"$tmp/ntf0.log" &
	local listen=$!

	ovpn_wait_for 5 grep -q '^ready' "$tmp/ntf0.log" || return 1
	cli1 peer-del ovpn0 $peer_id || return 1
	ovpn_wait_for 10 bash -c "! $OVPN_CLI -n $ns0 peer-get ovpn0 $peer_id >/dev/null 2>&1" ||
		return 1
	sleep 1
	kill $listen
	wait $listen
	sed 's/^/# /' "$tmp/ntf0.log"
	[ "$(grep -c 'peer-del-ntf' "$tmp/ntf0.log")" = 1 ] &&
		grep -q "peer-del-ntf.*peer-id=$peer_id.*reason=expired" \
			"$tmp/ntf0.log"
}
ovpn_check "a silent peer expires with exactly one notification" expiry
ovpn_check "carrier is off without a peer" \
	bash -c "! $IP -n $ns0 link show ovpn0 | grep -q LOWER_UP"

# closing the socket removes the peer, with reason transport-disconnect
sock_close() {
	kill "$peer0" "$peer1"
	wait "$peer0" "$peer1" 2>/dev/null
	start_peer "$ns0" "$ep0" "$ep1" 0 "$tmp/peer0b.log" || return 1
	peer0=$peer_pid
	cli0 listen --timeout 10 >"$tmp/ntf1.log" &
	local listen=$!

	ovpn_wait_for 5 grep -q '^ready' "$tmp/ntf1.log" || return 1
	kill "$peer0"
	wait "$peer0" 2>/dev/null
	ovpn_wait_for 5 grep -q 'peer-del-ntf' "$tmp/ntf1.log"
	kill $listen
	wait $listen
	grep -q "peer-del-ntf.*peer-id=$peer_id.*reason=transport-disconnect" \
		"$tmp/ntf1.log" &&
		! cli0 peer-get ovpn0 $peer_id 2>/dev/null
}
ovpn_check "closing the socket removes the peer (transport-disconnect)" \
	sock_close

# the socket is userspace's again after close: a new peer can use a
# fresh one and traffic flows again
restart() {
	start_peer "$ns0" "$ep0" "$ep1" 0 "$tmp/peer0c.log" &&
		start_peer "$ns1" "$ep1" "$ep0" 1 "$tmp/peer1c.log" &&
		$IP netns exec "$ns0" ping -q -c 2 -i 0.2 -W 5 $in1
}
ovpn_check "new peers on new sockets carry traffic again" restart

# a P2P peer replaces the previous one
replace() {
	local id

	cli0 listen --timeout 10 >"$tmp/ntf2.log" &
	local listen=$!

	ovpn_wait_for 5 grep -q '^ready' "$tmp/ntf2.log" || return 1
	"$OVPN_CLI" -n "$ns0" peer-udp ovpn0 7 --bind "${ep0%:*}:1195" \
		--remote "$ep1" --timeout 3 >"$tmp/peer0d.log" 2>&1 &
	ovpn_wait_for 5 grep -q '^ready' "$tmp/peer0d.log" || return 1
	id=$(cli0 peer-get ovpn0 | tr ' ' '\n' | sed -n 's/^id=//p')
	ovpn_wait_for 5 grep -q 'peer-del-ntf.*peer-id=1' "$tmp/ntf2.log"
	kill $listen
	wait $listen
	[ "$id" = 7 ]
}
ovpn_check "in P2P mode a new peer replaces the old one" replace

ovpn_check "peers report their socket's local port" \
	bash -c "$OVPN_CLI -n $ns1 peer-get ovpn0 $peer_id | grep -qE 'local-port=$port|local=.*:$port'"

teardown() {
	cli1 listen --timeout 10 >"$tmp/ntf3.log" &
	local listen=$!

	ovpn_wait_for 5 grep -q '^ready' "$tmp/ntf3.log" || return 1
	cli1 iface-del ovpn0 || return 1
	ovpn_wait_for 5 grep -q 'peer-del-ntf' "$tmp/ntf3.log"
	kill $listen
	wait $listen
	grep -q 'peer-del-ntf.*reason=teardown' "$tmp/ntf3.log"
}
ovpn_check "deleting the interface removes its peer (teardown)" teardown

ktap_finished
