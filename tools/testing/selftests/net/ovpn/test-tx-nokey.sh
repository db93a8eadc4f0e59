#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A packet that cannot be encrypted, because its peer has no key, is
# dropped before it is sent: the interface counts it in tx_dropped only,
# never in tx_packets, and the peer's vpn-tx counters do not move.
# Once with the primary key deleted, once with a peer made without
# keys.

source "$(dirname "$(realpath "$0")")/common.sh"
p2p_ns=ovpn-nokey
source "$OVPN_DIR/p2p-lib.sh"

ovpn_start 5

# start_peer I LOG [KEY-OPTS...]: peer-udp in namespace I, pid in $peer_pid
start_peer() {
	local i=$1 log=$2

	shift 2
	"$OVPN_CLI" -n "ovpn-nokey$i-$$" peer-udp ovpn0 $peer_id \
		--bind "198.18.0.$((i + 1)):1194" \
		--remote "198.18.0.$((2 - i)):1194" "$@" >"$log" 2>&1 &
	peer_pid=$!
	ovpn_wait_for 10 grep -q '^ready' "$log"
}

setup() {
	p2p_links || return 1
	start_peer 0 "$tmp/peer0.log" --key-seed nokey --key-dir 0 &&
		peer0=$peer_pid &&
		start_peer 1 "$tmp/peer1.log" --key-seed nokey --key-dir 1
}

ovpn_check "setup: P2P peers over UDP with keys" setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"
ovpn_check "ping through the tunnel" \
	$IP netns exec "$ns0" ping -q -c 2 -i 0.2 -W 5 $in1

# five pings that cannot be encrypted: all in tx_dropped, none sent
no_key_pings() {
	local txp txd vtx

	txp=$(ovpn_dev_stat "$ns0" tx_packets)
	txd=$(ovpn_dev_stat "$ns0" tx_dropped)
	vtx=$(ovpn_peer_stat "$ns0" $peer_id vpn-tx-packets)
	$IP netns exec "$ns0" ping -q -c 5 -i 0.2 -W 1 $in1 >/dev/null 2>&1
	txp=$(($(ovpn_dev_stat "$ns0" tx_packets) - txp))
	txd=$(($(ovpn_dev_stat "$ns0" tx_dropped) - txd))
	vtx=$(($(ovpn_peer_stat "$ns0" $peer_id vpn-tx-packets) - vtx))
	ktap_print_msg "tx_packets +$txp, tx_dropped +$txd, peer vpn-tx-packets +$vtx"
	[ $txd -ge 5 ] && [ $txp -eq 0 ] && [ $vtx -eq 0 ]
}

ovpn_check "the primary key is deleted" \
	cli0 key-del ovpn0 $peer_id --slot primary
ovpn_check "without a key, packets count as dropped, not as sent" \
	no_key_pings

no_keys_at_all() {
	kill "$peer0"
	wait "$peer0" 2>/dev/null
	start_peer 0 "$tmp/peer0b.log" || return 1
	no_key_pings
}
ovpn_check "a peer made without keys: dropped, not sent" no_keys_at_all

ktap_finished
