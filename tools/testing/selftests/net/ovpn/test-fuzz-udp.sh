#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hostile input on a live UDP peer: ovpn-fuzz plays the remote end of a
# P2P peer with its keys and sends, between valid pings, truncated,
# bit-flipped, mis-addressed, garbage, replayed, duplicated, reordered
# and oversized packets (see ovpn-fuzz.c), while userspace rotates the
# peer's keys. Afterwards the tunnel still carries pings, nothing
# splats, and every packet is accounted for: the peer took exactly the
# authentic new ones, the interface counted every other data packet as
# dropped, and userspace received the rest.
#
# Then the remote end floats: ovpn-fuzz moves to a new port every 10 ms
# for 5 s and sends an authentic packet from each, while the driver
# floods pings at it: the peer follows every move (PEER_FLOAT_NTF),
# ends at the last port, and the tunnel works there.
#
# Variables:
#   OVPN_FUZZ_COUNT  hostile packets (default 200000, 20000 in a debug kernel)
#   OVPN_FUZZ_SECONDS  the most time they may take (default 120; 0: no
#                    bound), so that a slow machine sends fewer in time
#   OVPN_FUZZ_SEED   the seed of a run to reproduce (default random)
#   OVPN_CIPHER      aes-gcm (default) or chacha20-poly1305

source "$(dirname "$(realpath "$0")")/common.sh"

OVPN_FUZZ=${OVPN_FUZZ:-$OVPN_DIR/ovpn-fuzz}
# a checked kernel (ovpn_checked_kernel) is ten to twenty times
# slower: fewer packets there, to stay in the time limit
if ovpn_checked_kernel; then
	count=${OVPN_FUZZ_COUNT:-20000}
else
	count=${OVPN_FUZZ_COUNT:-200000}
fi
seconds=${OVPN_FUZZ_SECONDS:-120}
cipher=${OVPN_CIPHER:-aes-gcm}

ovpn_start 9

ns0=ovpn-fuzz0-$$
ns1=ovpn-fuzz1-$$
peer_id=1

setup() {
	ovpn_netns "$ns0" "$ns1" || return 1
	$IP -n "$ns0" link add v0 type veth peer name v1 netns "$ns1" &&
		$IP -n "$ns0" link set lo up && $IP -n "$ns1" link set lo up &&
		$IP -n "$ns0" addr add 198.18.0.1/24 dev v0 &&
		$IP -n "$ns1" addr add 198.18.0.2/24 dev v1 &&
		$IP -n "$ns0" link set v0 up && $IP -n "$ns1" link set v1 up &&
		"$OVPN_CLI" -n "$ns0" iface-new ovpn0 p2p &&
		$IP -n "$ns0" addr add 198.19.0.1/24 dev ovpn0 &&
		$IP -n "$ns0" link set ovpn0 up || return 1
	"$OVPN_CLI" -n "$ns0" peer-udp ovpn0 $peer_id \
		--bind 198.18.0.1:1194 --remote 198.18.0.2:1194 \
		--cipher "$cipher" --key-seed fuzz --key-dir 0 \
		>"$tmp/peer0.log" 2>&1 &
	ovpn_wait_for 10 grep -q '^ready' "$tmp/peer0.log" || return 1
	# the other side's keys, for ovpn-fuzz
	"$OVPN_CLI" genkey fuzz --peer-id $peer_id | sed -n 2p >"$tmp/keys"
	[ -s "$tmp/keys" ]
}

ovpn_check "setup: a P2P peer over UDP whose remote is ovpn-fuzz" setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

# UDP datagrams the socket had no room for (userspace reads slower
# than the fuzzer sends): they never reached the driver's accounting
rcvbuf_errors() {
	ovpn_snmp "$ns0" 4 Udp RcvbufErrors
}

ctrl0=$(grep -c '^ctrl from=' "$tmp/peer0.log")
rx0=$(ovpn_peer_stat "$ns0" $peer_id link-rx-packets)
drop0=$(ovpn_dev_stat "$ns0" rx_dropped)
err0=$(ovpn_dev_stat "$ns0" rx_errors)
buf0=$(rcvbuf_errors)

# Meanwhile userspace rotates keys as OpenVPN does: a new key in the
# secondary slot, swapped in and out again, then deleted. Key 0, the
# fuzzer's, stays installed in one slot or the other, so its packets
# still decrypt; the replies use whichever key is primary.
churn() {
	local n=0

	while [ ! -e "$tmp/stop" ]; do
		"$OVPN_CLI" -n "$ns0" key-new ovpn0 $peer_id --slot secondary \
			--key-id 1 --cipher "$cipher" --key-seed churn \
			--key-dir 0 &&
			"$OVPN_CLI" -n "$ns0" key-swap ovpn0 $peer_id &&
			"$OVPN_CLI" -n "$ns0" key-swap ovpn0 $peer_id &&
			"$OVPN_CLI" -n "$ns0" key-del ovpn0 $peer_id \
				--slot secondary || { n="$n, then failed"; break; }
		n=$((n + 1))
	done
	echo "$n" >"$tmp/churns"
}

# the fuzzer waits, once done, until the rotation stopped with its key
# primary, for its last check of the tunnel
fuzz() {
	local seed_opt=() pid rc

	[ -n "$OVPN_FUZZ_SEED" ] && seed_opt=(--seed "$OVPN_FUZZ_SEED")
	# shellcheck disable=SC2046
	$IP netns exec "$ns1" "$OVPN_FUZZ" --bind 198.18.0.2:1194 \
		--remote 198.18.0.1:1194 --peer-id $peer_id --cipher "$cipher" \
		$(cat "$tmp/keys") --src 198.19.0.2 --dst 198.19.0.1 \
		--count "$count" --seconds "$seconds" --wait-usr1 "${seed_opt[@]}" \
		>"$tmp/fuzz.log" 2>&1 &
	pid=$!
	# the rotation starts once the tunnel was seen working: replies
	# under the rotation's key are not for the fuzzer to read
	ovpn_wait_for 60 bash -c "grep -q '^alive before' $tmp/fuzz.log ||
		! kill -0 $pid 2>/dev/null"
	churn &
	local churn_pid=$!
	ovpn_wait_for 1200 bash -c "grep -q '^fuzzed, waiting' $tmp/fuzz.log ||
		! kill -0 $pid 2>/dev/null"
	touch "$tmp/stop"
	wait $churn_pid
	"$OVPN_CLI" -n "$ns0" key-get ovpn0 $peer_id --slot primary |
		grep -q 'key-id=0' ||
		"$OVPN_CLI" -n "$ns0" key-swap ovpn0 $peer_id
	kill -USR1 $pid 2>/dev/null
	wait $pid
	rc=$?
	sed 's/^/# /' "$tmp/fuzz.log"
	ktap_print_msg "keys rotated $(cat "$tmp/churns") times meanwhile"
	return $rc
}

ovpn_check "up to $count hostile packets in ${seconds}s, the tunnel alive before and after" \
	fuzz
seed=$(sed -n 's/^seed=//p' "$tmp/fuzz.log")
fuzzed=$(sed -n 's/^fuzzed=\([0-9]*\) .*/\1/p' "$tmp/fuzz.log")
ktap_print_msg "reproduce with OVPN_FUZZ_SEED=$seed OVPN_FUZZ_COUNT=$fuzzed OVPN_FUZZ_SECONDS=0"

fate() {
	sed -n "s/^fates.* $1=\([0-9]*\).*/\1/p" "$tmp/fuzz.log"
}

# the control packets must all have been printed before counting them
sleep 1
ctrl=$(($(grep -c '^ctrl from=' "$tmp/peer0.log") - ctrl0))
rx=$(($(ovpn_peer_stat "$ns0" $peer_id link-rx-packets) - rx0))
drop=$(($(ovpn_dev_stat "$ns0" rx_dropped) - drop0))
err=$(($(ovpn_dev_stat "$ns0" rx_errors) - err0))
buf=$(($(rcvbuf_errors) - buf0))
ktap_print_msg "peer took $rx, interface dropped $drop (errors $err)," \
	"userspace got $ctrl (+$buf without room)"

shed=$(($(fate taken) - rx))
ovpn_check_shed "$shed" "the peer took"
ovpn_check "every other data packet was counted as dropped, once" \
	[ "$((drop + err))" -eq "$(($(fate dropped) + shed))" ]
ovpn_check "every other packet went to userspace" \
	[ "$((ctrl + buf))" -eq "$(fate to-user)" ]
ovpn_check "the peer is still there" \
	bash -c "$OVPN_CLI -n $ns0 peer-get ovpn0 $peer_id | grep -q ."

# the float storm, on the same key: its packet ids follow the fuzzer's
# (each of whose packets used one id at most)
sent=$(sed -n 's/^fuzzed=.* packets=\([0-9]*\) .*/\1/p' "$tmp/fuzz.log")
float_storm() {
	local rc flood

	"$OVPN_CLI" -n "$ns0" listen >"$tmp/ntf.log" 2>&1 &
	ovpn_wait_for 10 grep -q '^ready' "$tmp/ntf.log" || return 1
	$IP netns exec "$ns0" timeout 30 ping -q -f 198.19.0.2 \
		>/dev/null 2>&1 &
	flood=$!
	# shellcheck disable=SC2046
	$IP netns exec "$ns1" "$OVPN_FUZZ" --bind 198.18.0.2:1194 \
		--remote 198.18.0.1:1194 --peer-id $peer_id --cipher "$cipher" \
		$(cat "$tmp/keys") --src 198.19.0.2 --dst 198.19.0.1 \
		--float-ms 10 --seconds 5 --first-pid "$sent" \
		>"$tmp/float.log" 2>&1
	rc=$?
	kill $flood 2>/dev/null
	wait $flood 2>/dev/null
	sed -n 's/^\(floats=.*\|alive.*\|not alive.*\)/# \1/p' "$tmp/float.log"
	return $rc
}
ovpn_check "the remote floats every 10 ms for 5 s under a flood, alive after" \
	float_storm
last=$(sed -n 's/^floats=.* last-port=\([0-9]*\)$/\1/p' "$tmp/float.log")
floats=$(sed -n 's/^floats=\([0-9]*\) .*/\1/p' "$tmp/float.log")
ovpn_check "the peer ends at the last endpoint, 198.18.0.2:$last" \
	ovpn_wait_for 5 bash -c "$OVPN_CLI -n $ns0 peer-get ovpn0 $peer_id |
		grep -q 'remote=198.18.0.2:$last '"
float_ntfs() {
	local n

	n=$(grep -c "^peer-float-ntf .*peer-id=$peer_id " "$tmp/ntf.log")
	ktap_print_msg "$floats floats, $n float notifications"
	# every move is followed; a move whose packet was lost is not
	[ "$n" -ge $((floats / 2)) ] && [ "$n" -le "$floats" ]
}
ovpn_check "userspace hears of the moves" float_ntfs

ktap_finished
