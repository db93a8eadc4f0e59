#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Many peers on one MP interface: a PEER_GET dump spans many netlink
# messages and lists every peer exactly once; 10,000 peers that never
# talk all expire through the one keepalive work of the device, most of
# them in the same few ticks (they are added within their 3 s timeout
# in a normal kernel; a debug kernel adds them more slowly, so that
# additions and expiries meet); closing a socket removes all of its
# peers, each with its notification.
#
# Variables: OVPN_MANY_PEERS (1000), OVPN_MANY_IDLE (10000)

source "$(dirname "$(realpath "$0")")/common.sh"

ovpn_start 9

n=${OVPN_MANY_PEERS:-1000}
idle=${OVPN_MANY_IDLE:-10000}
ns=ovpn-many-$$

cli() {
	"$OVPN_CLI" -n "$ns" "$@"
}

# peer specs FIRST..LAST: id, endpoint and VPN address from the id
specs() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		for (i = a; i <= b; i++)
			printf "%d,198.18.%d.%d:%d,198.19.%d.%d\n", i,
				1 + int(i / 250), 1 + i % 250, 2000 + i,
				1 + int(i / 250), 1 + i % 250
	}'
}

# ntf_count REASON - PEER_DEL_NTFs of that reason heard so far
ntf_count() {
	grep -c "^peer-del-ntf .*reason=$1\$" "$tmp/ntf.log"
}

# ntf_count_is REASON N
ntf_count_is() {
	[ "$(ntf_count "$1")" -eq "$2" ]
}

# peer_count_is N - the interface has N peers
peer_count_is() {
	[ "$(cli peer-get ovpn0 | grep -c '^id=')" -eq "$1" ]
}

ovpn_one_ns "$ns" mp 198.18.0.1/16 ||
	ktap_exit_fail_msg "cannot create the namespace and ovpn0"

cli listen >"$tmp/ntf.log" 2>&1 &
ovpn_wait_for 10 grep -q '^ready' "$tmp/ntf.log" ||
	ktap_exit_fail_msg "cannot listen to notifications"

# 1: n peers without keepalive on one socket
specs 1 "$n" >"$tmp/peers"
# not through cli(): $! must be ovpn-cli itself, to kill it
"$OVPN_CLI" -n "$ns" peer-udp ovpn0 --bind 198.18.0.1:1194 \
	--key-seed many --peers "$tmp/peers" >"$tmp/bulk.log" 2>&1 &
bulk=$!
ovpn_check "$n peers added to one MP interface" \
	ovpn_wait_for 300 grep -q '^ready' "$tmp/bulk.log"

cli peer-get ovpn0 >"$tmp/dump"
ovpn_check "a dump lists $n peers" \
	test "$(grep -c '^id=' "$tmp/dump")" -eq "$n"
ovpn_check "a dump lists every peer exactly once" \
	test "$(sed -n 's/^id=\([0-9]*\) .*/\1/p' "$tmp/dump" |
		sort -un | wc -l)" -eq "$n"
remote=$(specs "$n" "$n" | cut -d, -f2)
vpn4=$(specs "$n" "$n" | cut -d, -f3)
ovpn_check "a dump reports each peer's own addresses" \
	grep -q "^id=$n remote=$remote .*vpn-ipv4=$vpn4 " "$tmp/dump"

# 2: more peers with keepalive on another socket, never answered; they
# expire before their first keepalive packet would go out (which would
# only make the stack resolve 10,000 neighbours that do not exist)
specs $((n + 1)) $((n + idle)) >"$tmp/idle"
cli peer-udp ovpn0 --bind 198.18.0.1:1195 --key-seed many \
	--keepalive 30,3 --peers "$tmp/idle" >"$tmp/idle.log" 2>&1 &
ovpn_wait_for 300 grep -q '^ready' "$tmp/idle.log" ||
	ktap_print_msg "idle peers: $(cat "$tmp/idle.log")"
ovpn_wait_for 120 ntf_count_is expired "$idle" ||
	ktap_print_msg "$(ntf_count expired) expired; $(head -3 "$tmp/idle.log")"
ovpn_check "$idle idle peers all expire" ntf_count_is expired "$idle"
ovpn_check "expiry removed only the idle peers" peer_count_is "$n"

# 3: closing the first socket removes its n peers
kill "$bulk"
ovpn_check "closing the socket removes all $n peers" \
	ovpn_wait_for 60 peer_count_is 0
ovpn_check "each of them is notified as transport-disconnect" \
	ovpn_wait_for 10 ntf_count_is transport-disconnect "$n"
ovpn_check "no other notification was sent" \
	test "$(grep -vc '^ready' "$tmp/ntf.log")" -eq $((n + idle))

ktap_finished
