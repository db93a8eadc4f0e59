#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A P2P tunnel over UDP between two namespaces joined by veth: IPv4 and
# IPv6 inside, flood and fragmented pings, iperf3, key rotation under
# traffic, forged packets dropped and counted, the wire header, control
# packets left to userspace, keepalive, expiry and socket close.
#
# Variables: OVPN_FAMILY and OVPN_CIPHER, as in p2p-lib.sh

source "$(dirname "$(realpath "$0")")/common.sh"
source "$OVPN_DIR/p2p-lib.sh"

ovpn_start 24

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

setup() {
	p2p_links || return 1
	start_peer "$ns0" "$ep0" "$ep1" 0 "$tmp/peer0.log" --ctrl 2001020304 &&
		peer0=$peer_pid &&
		start_peer "$ns1" "$ep1" "$ep0" 1 "$tmp/peer1.log" \
			--ctrl 20aabbccdd && peer1=$peer_pid
}

ovpn_check "setup: namespaces, interfaces, peers and keys"\
" (IPv$OVPN_FAMILY transport, $OVPN_CIPHER)" setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

ovpn_check "carrier is on once the peer exists" \
	bash -c "$IP -n $ns0 link show ovpn0 | grep -q LOWER_UP"
p2p_ping_checks

iperf() {
	iperf_start 2 && iperf_done
}
ovpn_check "iperf3 TCP through the tunnel" iperf

counters_moved() {
	[ "$(ovpn_peer_stat "$ns0" $peer_id vpn-rx-packets)" -gt 500 ] &&
		[ "$(ovpn_peer_stat "$ns0" $peer_id link-tx-bytes)" -gt 1000000 ]
}
ovpn_check "per-peer inner and outer counters moved" counters_moved

# capture_data LOG: capture, in ns1, one data packet (P_DATA_V2, opcode
# 9) of a ping from ns0
capture_data() {
	cli1 capture --port $port --opcode 9 --count 1 --timeout 10 \
		>"$1" &
	local cap=$!

	sleep 0.5
	$IP netns exec "$ns0" ping -q -c 2 -i 0.2 -W 2 $in1 >/dev/null
	wait $cap
}

# the wire: P_DATA_V2 with key id 0 and our peer id
capture_first_word() {
	capture_data "$tmp/cap.log"
	grep -qiE 'hex=48000001' "$tmp/cap.log"
}
ovpn_check "wire: the first header word is 0x48 plus the peer id" \
	capture_first_word

ovpn_check "key rotation under traffic loses nothing" p2p_rotate rot1
ovpn_check "the primary key is now key id 1" \
	bash -c "$OVPN_CLI -n $ns0 key-get ovpn0 $peer_id --slot primary | grep -q 'key-id=1'"

# forged packets: capture a real data packet towards ns1, then send it
# again (replay), with one bit flipped (corrupt) and with an unknown key
# id, all from the real peer's address and port
forge() {
	local pkt before hdr rest

	capture_data "$tmp/cap2.log"
	pkt=$(sed -n 's/.*hex=//p' "$tmp/cap2.log" | head -1)
	[ ${#pkt} -gt 60 ] || return 1

	before=$(ovpn_dev_stat "$ns1" rx_dropped)
	# replay: the same packet again
	cli0 inject --from "$ep0" --to "$ep1" "$pkt" || return 1
	# corrupt: flip the last bit of the ciphertext
	rest=${pkt:0:${#pkt}-1}
	hdr=$(printf '%x' $(( 0x${pkt: -1} ^ 1 )))
	cli0 inject --from "$ep0" --to "$ep1" "$rest$hdr" || return 1
	# unknown key id: key id 5 is installed nowhere
	cli0 inject --from "$ep0" --to "$ep1" "4d${pkt:2}" || return 1
	ovpn_wait_for 5 ovpn_dev_stat_above "$ns1" rx_dropped $((before + 2))
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
	cli0 peer-set ovpn0 $peer_id --keepalive 1,4 &&
		cli1 peer-set ovpn0 $peer_id --keepalive 1,4 &&
		p2p_keepalives 6 && [ "$p2p_undelivered" -ge 3 ]
}
ovpn_check "idle peers exchange keepalives that are not delivered" \
	keepalive
ovpn_check "keepalive settings are reported" \
	bash -c "$OVPN_CLI -n $ns0 peer-get ovpn0 $peer_id |
		 grep -q 'keepalive-interval=1 keepalive-timeout=4'"

# expiry: ns1 goes silent (its peer is removed); ns0 must expire its
# peer exactly once, with reason expired
expiry() {
	cli0 listen --timeout 12 >"$tmp/ntf0.log" &
	local listen=$!

	ovpn_wait_for 5 grep -q '^ready' "$tmp/ntf0.log" || return 1
	cli1 peer-del ovpn0 $peer_id || return 1
	ovpn_wait_for 10 ovpn_peer_gone "$ns0" $peer_id ||
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
	bash -c "$OVPN_CLI -n $ns1 peer-get ovpn0 $peer_id |
		 grep -qE 'local-port=$port|local=.*:$port'"

ovpn_check "deleting the interface removes its peer (teardown)" \
	p2p_teardown 1

ktap_finished
