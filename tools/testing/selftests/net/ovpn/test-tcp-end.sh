#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The end of a stream loses nothing uncounted.
#
# A clean end comes after everything sent before it: a peer's userspace
# reads every control packet the remote sent before its FIN, and only
# then the end of the stream. TCP wakes readers at the FIN before the
# driver's stream parser has run on the last bytes; here SO_RCVLOWAT
# holds the parser back until the FIN, the remote sends forty data
# frames (which the driver must decrypt, and drops: their tags are
# wrong) and then three control packets, and the reader runs on another
# CPU than the parser. Three connections in turn.
#
# A broken stream removes the peer at once (transport-error): the
# control packets parsed before the break that userspace had not read
# yet go with the socket's state, and are counted as dropped.

source "$(dirname "$(realpath "$0")")/common.sh"
source "$OVPN_DIR/tcp-lib.sh"

rounds=3
ovpn_start $((rounds + 2))

ovpn_check "setup: ovpn0 for TCP peers" tcp_setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

# the reader on CPU 1, the remote (whose sends the receiving softirq
# follows on veth) on CPU 0, if there are two
pin_user=() pin_raw=()
if [ "$(nproc)" -ge 2 ]; then
	pin_user=(taskset 2)
	pin_raw=(taskset 1)
fi

# the frames: data with key id 0 and packet ids 1..40, then control
steps=()
for i in $(seq 1 40); do
	steps+=("frame:48000001$(printf %08x "$i")$(printf 'ab%.0s' $(seq 16))"\
"$(printf 'cd%.0s' $(seq 972))")
done
steps+=(frame:20aabbcc01 frame:20aabbcc02 frame:20aabbcc03 shut wait)

# round N: a new connection, the frames, the end; the reader must have
# read the three control packets before the end of the stream
round() {
	local raw=$tmp/raw$1.log log=$tmp/peer$1.log got

	"${pin_raw[@]}" "$OVPN_CLI" -n "$ns1" tcp-raw --listen $ep1 \
		--timeout 60 pause "${steps[@]}" >"$raw" 2>&1 &
	raw_pid=$!
	ovpn_wait_for 10 grep -q '^listening' "$raw" || return 1
	"${pin_user[@]}" "$OVPN_CLI" -n "$ns0" peer-tcp ovpn0 $peer_id \
		--remote $ep1 --key-seed tcp0 --key-dir 0 \
		--rcvlowat 1000000 >"$log" 2>&1 &
	peer0=$!
	ovpn_wait_for 10 grep -q '^ready' "$log" &&
		grep -q '^rcvlowat 1000000: ok' "$log" || return 1
	kill -USR1 "$raw_pid"
	ovpn_wait_for 20 grep -q '^tcp-closed' "$log" || return 1
	tcp_stop "$raw_pid"
	tcp_stop "$peer0"
	got=$(sed '/^tcp-closed/q' "$log" | grep -c 'ctrl from=.*hex=20aabbcc0[123]$')
	ktap_print_msg "control packets read before the end: $got of 3"
	[ "$got" = 3 ] &&
		ovpn_wait_for 5 ovpn_peer_gone "$ns0" $peer_id
}
for r in $(seq 1 $rounds); do
	ovpn_check "round $r: every control packet sent before the FIN is read before the end" \
		round "$r"
done

# three control packets, then a zero-length frame, while userspace is
# stopped: it cannot read them before the peer goes
broken() {
	local raw=$tmp/raw-broken.log log=$tmp/peer-broken.log drops

	"$OVPN_CLI" -n "$ns1" tcp-raw --listen $ep1 --timeout 60 pause \
		send:000520aabbcc01000520aabbcc02000520aabbcc030000 wait \
		>"$raw" 2>&1 &
	raw_pid=$!
	ovpn_wait_for 10 grep -q '^listening' "$raw" || return 1
	"$OVPN_CLI" -n "$ns0" peer-tcp ovpn0 $peer_id --remote $ep1 \
		--key-seed tcp0 --key-dir 0 >"$log" 2>&1 &
	peer0=$!
	ovpn_wait_for 10 grep -q '^ready' "$log" || return 1
	drops=$(ovpn_dev_stat "$ns0" rx_dropped)
	kill -STOP "$peer0"
	kill -USR1 "$raw_pid"
	ovpn_wait_for 10 ovpn_peer_gone "$ns0" $peer_id
	local gone=$?
	kill -CONT "$peer0"
	tcp_stop "$peer0"
	tcp_stop "$raw_pid"
	ktap_print_msg "dropped: $(($(ovpn_dev_stat "$ns0" rx_dropped) - drops));" \
		"userspace read: $(grep -c '^ctrl from' "$log")"
	[ $gone = 0 ] && [ $(($(ovpn_dev_stat "$ns0" rx_dropped) - drops)) = 3 ] &&
		! grep -q '^ctrl from=.*hex=20aabbcc0' "$log"
}
ovpn_check "a broken stream: the control packets not read yet are counted as dropped" \
	broken

ktap_finished
