#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Hostile streams on a live TCP peer: ovpn-fuzz --tcp is the remote end
# of a P2P peer, with its keys. Stream after stream, a peer-tcp
# connects to it and it sends, between valid pings, frames split at
# every offset across segments, runs of tiny frames, control frames
# between data frames, bursts of more than 64 KiB, garbage, bit flips
# and replays (see ovpn-fuzz.c); then it ends the stream with a zero
# length prefix, a prefix of 65535, a frame cut in the middle or a
# clean close, in turn. The first two must remove the peer for a
# transport error, the others for a disconnect; the next peer works.
# Every packet is accounted for: the interface delivered exactly the
# authentic new ones, and each other frame was either dropped and
# counted or given to userspace.
#
# Variables:
#   OVPN_FUZZ_COUNT  hostile steps in all (default 20000, 400 in a debug kernel)
#   OVPN_FUZZ_SECONDS  the most time the steps may take (default 120, 60 in a
#                      debug kernel; 0: none)
#   OVPN_FUZZ_SEED   the seed of a run to reproduce (default random)

source "$(dirname "$(realpath "$0")")/common.sh"
source "$OVPN_DIR/tcp-lib.sh"

OVPN_FUZZ=${OVPN_FUZZ:-$OVPN_DIR/ovpn-fuzz}
# a checked kernel (ovpn_checked_kernel) is ten to twenty times
# slower: fewer packets there, to stay in the time limit
# the most time the hostile steps may take, shared by the streams (0: no
# bound), so that a slow machine takes fewer in time
if ovpn_checked_kernel; then
	count=${OVPN_FUZZ_COUNT:-400}
	seconds=${OVPN_FUZZ_SECONDS:-60}
else
	count=${OVPN_FUZZ_COUNT:-20000}
	seconds=${OVPN_FUZZ_SECONDS:-120}
fi
rounds=4

ovpn_require_root
ktap_print_header
ktap_set_plan 7

setup() {
	tcp_setup || return 1
	cli0 listen >"$tmp/ntf.log" 2>&1 &
	"$OVPN_CLI" genkey fuzz --peer-id $peer_id | sed -n 2p >"$tmp/keys"
	[ -s "$tmp/keys" ]
}
ovpn_check "setup: ovpn0 for TCP peers, ovpn-fuzz the remote" setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

rx0=$(ovpn_dev_stat "$ns0" rx_packets)
drop0=$(ovpn_dev_stat "$ns0" rx_dropped)
err0=$(ovpn_dev_stat "$ns0" rx_errors)

seed=()
[ -n "$OVPN_FUZZ_SEED" ] && seed=(--seed "$OVPN_FUZZ_SEED")
# shellcheck disable=SC2046
$IP netns exec "$ns1" "$OVPN_FUZZ" --tcp --rounds $rounds --bind $ep1 \
	--peer-id $peer_id $(cat "$tmp/keys") --src $in1 --dst $in0 \
	--count $((count / rounds)) --seconds "$seconds" "${seed[@]}" \
	>"$tmp/fuzz.log" 2>&1 &
fuzz_pid=$!

# round_over R: the fuzzer ended round R, or gave up
round_over() {
	grep -q "^round $1 end=" "$tmp/fuzz.log" || ! kill -0 $fuzz_pid 2>/dev/null
}

# round R: a peer-tcp connects, the stream is fuzzed and ended, the
# peer goes; the process is stopped once the peer is gone
round() {
	local r=$1 log=$tmp/peer$1.log

	"$OVPN_CLI" -n "$ns0" peer-tcp ovpn0 $peer_id --remote $ep1 \
		--key-seed fuzz --key-dir 0 >"$log" 2>&1 &
	local pid=$!

	# the fuzzer starts once the peer has its keys
	ovpn_wait_for 10 grep -q '^ready' "$log" &&
		kill -USR1 $fuzz_pid &&
		ovpn_wait_for 600 round_over "$r" &&
		grep -q "^round $r end=" "$tmp/fuzz.log" ||
		{ tcp_stop $pid; return 1; }
	ovpn_wait_for 10 ovpn_peer_gone "$ns0" $peer_id
	local gone=$?

	tcp_stop $pid
	return $gone
}

streams() {
	local r

	ovpn_wait_for 10 grep -q '^listening' "$tmp/fuzz.log" || return 1
	for r in $(seq 0 $((rounds - 1))); do
		round "$r" || { ktap_print_msg "round $r failed"; return 1; }
	done
	wait $fuzz_pid
}
ovpn_check "up to $count hostile steps in ${seconds}s on $rounds streams,"\
" each peer alive until its end" streams
sed 's/^/# /' "$tmp/fuzz.log"
used_seed=$(sed -n "s/^seed=//p" "$tmp/fuzz.log")
ktap_print_msg "reproduce with OVPN_FUZZ_SEED=$used_seed OVPN_FUZZ_COUNT=$count" \
	"OVPN_FUZZ_SECONDS=0"

fate() {
	sed -n "s/^fates.* $1=\([0-9]*\).*/\1/p" "$tmp/fuzz.log"
}

# control packets userspace read, not counting what it read of the
# stream once a peer was gone (the rest of a broken stream)
ctrl=$(cat "$tmp"/peer*.log | grep -c '^ctrl from=.* len=[1-9]')
rx=$(($(ovpn_dev_stat "$ns0" rx_packets) - rx0))
drop=$(($(ovpn_dev_stat "$ns0" rx_dropped) - drop0))
err=$(($(ovpn_dev_stat "$ns0" rx_errors) - err0))
ktap_print_msg "delivered $rx, dropped $drop (errors $err), userspace got $ctrl"

shed=$(($(fate taken) - rx))
ovpn_check_shed "$shed" "the interface delivered"
ovpn_check "every frame was delivered, dropped and counted, or given to userspace, once" \
	[ "$((rx + ctrl + drop + err))" -eq \
	  "$(($(fate taken) + $(fate dropped) + $(fate to-user)))" ]

sed 's/^/# ntf: /' "$tmp/ntf.log"
for f in "$tmp"/peer*.log; do
	grep -v '^ctrl from' "$f" | sed "s|^|# $(basename "$f"): |"
done

reasons() {
	grep -c "^peer-del-ntf .*reason=$1\$" "$tmp/ntf.log"
}
ovpn_check "the length prefixes 0 and 65535 removed the peer for a transport error" \
	[ "$(reasons transport-error)" -eq 2 ]
ovpn_check "the cut and the closed stream removed it for a disconnect" \
	[ "$(reasons transport-disconnect)" -eq 2 ]

check_last() {
	"$OVPN_CLI" -n "$ns1" iface-new ovpn0 p2p &&
		$IP -n "$ns1" addr add $in1/24 dev ovpn0 &&
		$IP -n "$ns1" link set ovpn0 up || return 1
	tcp_dco_listen "$tmp/last1.log" || return 1
	tcp_dco_connect "$tmp/last0.log" || return 1
	$IP netns exec "$ns0" ping -q -c 3 -i 0.2 -W 5 $in1
}
ovpn_check "a new TCP peer on the same interface works" check_last

ktap_finished
