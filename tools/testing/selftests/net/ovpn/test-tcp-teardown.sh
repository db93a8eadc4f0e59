#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stress: a P2P tunnel over TCP with keepalive 1 s, made and torn down
# again and again under a flood ping, with a thread of the connecting
# side's userspace blocked in recv() on the socket, in turn by
# PEER_DEL, by closing the socket (the peer process dies) and by
# deleting the interface.
# Transmit work may still be scheduled for a socket the driver just let
# go; the checkers of the debug kernel (KASAN, ODEBUG) catch what that
# does. Each round checks that the new tunnel works first.
#
# Variables:
#   OVPN_ROUNDS  how many rounds (default 9, three of each teardown)

source "$(dirname "$(realpath "$0")")/common.sh"
source "$OVPN_DIR/tcp-lib.sh"

OVPN_ROUNDS=${OVPN_ROUNDS:-9}

ovpn_require_root
ktap_print_header
ktap_set_plan $((OVPN_ROUNDS + 1))

teardowns=(peer-del socket-close link-del)

no_peers() {
	! cli0 peer-get ovpn0 $peer_id >/dev/null 2>&1 &&
		! cli1 peer-get ovpn0 $peer_id >/dev/null 2>&1
}

# round I: set up, check a ping, flood, tear down by teardowns[I % 3]
round() {
	local i=$1 how=${teardowns[$1 % 3]} flood

	tcp_dco_listen "$tmp/p1-$i.log" --keepalive 1,3 &&
		tcp_dco_connect "$tmp/p0-$i.log" --keepalive 1,3 \
			--recv-thread &&
		ovpn_wait_for 10 grep -q '^ready' "$tmp/p1-$i.log" || return 1
	if ! $IP netns exec "$ns0" ping -q -c 2 -i 0.2 -W 5 $in1 >/dev/null
	then
		ktap_print_msg "round $i: no ping through the new tunnel"
		return 1
	fi
	$IP netns exec "$ns0" ping -q -f -w 3 $in1 >/dev/null 2>&1 &
	flood=$!
	sleep 0.5
	case $how in
	peer-del) cli0 peer-del ovpn0 $peer_id ;;
	socket-close) tcp_stop "$peer0" ;;
	link-del) $IP -n "$ns0" link del ovpn0 ;;
	esac || return 1
	wait $flood
	tcp_stop "$peer0"
	tcp_stop "$peer1"
	if [ "$how" = link-del ]; then
		tcp_iface "$ns0" $in0 || return 1
	fi
	ovpn_wait_for 10 no_peers
}

ovpn_check "setup: two namespaces, an interface in each ($OVPN_ROUNDS rounds)" \
	tcp_setup dco || ktap_exit_fail_msg "setup failed"

for ((r = 0; r < OVPN_ROUNDS; r++)); do
	ovpn_check "round $r: a new tunnel works, torn down by ${teardowns[r % 3]}" \
		round $r
done

ktap_finished
