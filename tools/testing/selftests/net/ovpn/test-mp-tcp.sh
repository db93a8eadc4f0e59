#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# An MP server over TCP: three clients (two over IPv4, one over IPv6)
# connect, each peer on its own accepted socket. Pings both ways and
# between clients, iperf3 from two clients at once, a garbage frame
# from one client removes exactly its peer (transport-error), deleting
# the interface removes the others (teardown).

source "$(dirname "$(realpath "$0")")/common.sh"

ovpn_start 11

srv=ovpn-mpts-$$
clients=(1 2 3)

cns() {
	echo "ovpn-mptc$1-$$"
}

# the server's address as client $1 reaches it
server_ep() {
	if [ "$1" = 3 ]; then
		echo "[2001:db8:3::1]:1194"
	else
		echo "198.18.$1.1:1194"
	fi
}

setup() {
	local i ns

	ovpn_netns "$srv" || return 1
	$IP -n "$srv" link set lo up
	"$OVPN_CLI" -n "$srv" iface-new ovpnS mp || return 1
	$IP -n "$srv" addr add 198.19.0.1/24 dev ovpnS
	$IP -n "$srv" link set ovpnS up
	$IP netns exec "$srv" sysctl -qw net.ipv4.ip_forward=1
	: >"$tmp/peers"
	for i in "${clients[@]}"; do
		ns=$(cns "$i")
		ovpn_netns "$ns" || return 1
		$IP -n "$ns" link set lo up
		$IP -n "$srv" link add s$i type veth peer name v0 netns "$ns"
		$IP -n "$srv" link set s$i up
		$IP -n "$ns" link set v0 up
		$IP -n "$srv" addr add 198.18.$i.1/24 dev s$i
		$IP -n "$ns" addr add 198.18.$i.2/24 dev v0
		$IP -n "$srv" addr add 2001:db8:$i::1/64 dev s$i nodad
		$IP -n "$ns" addr add 2001:db8:$i::2/64 dev v0 nodad
		"$OVPN_CLI" -n "$ns" iface-new ovpn0 p2p || return 1
		$IP -n "$ns" addr add 198.19.0.$((i + 1))/24 dev ovpn0
		$IP -n "$ns" link set ovpn0 up
		echo "$i,198.19.0.$((i + 1))" >>"$tmp/peers"
	done

	# one listening socket; each accepted connection is the next peer
	"$OVPN_CLI" -n "$srv" peer-tcp ovpnS --listen '[::]:1194' \
		--key-seed mptcp --peers "$tmp/peers" >"$tmp/srv.log" 2>&1 &
	ovpn_wait_for 10 grep -q '^listening' "$tmp/srv.log" || return 1
	for i in "${clients[@]}"; do
		"$OVPN_CLI" -n "$(cns "$i")" peer-tcp ovpn0 "$i" \
			--remote "$(server_ep "$i")" --key-seed mptcp \
			--key-dir 1 --ctrl "" >"$tmp/c$i.log" 2>&1 &
		eval "cpid$i=$!"
		ovpn_wait_for 10 grep -q '^ready' "$tmp/c$i.log" || return 1
	done
	ovpn_wait_for 10 grep -q '^ready' "$tmp/srv.log"
}

ovpn_check "setup: MP server, three TCP clients (two IPv4, one IPv6)" setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

"$OVPN_CLI" -n "$srv" listen >"$tmp/ntf.log" 2>&1 &
ovpn_wait_for 5 grep -q '^ready' "$tmp/ntf.log"

ping_clients() {
	local i
	for i in "${clients[@]}"; do
		$IP netns exec "$srv" ping -q -c 2 -i 0.2 -W 5 \
			198.19.0.$((i + 1)) >/dev/null || return 1
	done
}
ovpn_check "server pings every client" ping_clients

ovpn_check "every client pings the server" \
	ovpn_ping_from 198.19.0.1 "$(cns 1)" "$(cns 2)" "$(cns 3)"
ovpn_check "client 1 pings client 3 through the server" \
	$IP netns exec "$(cns 1)" ping -q -c 2 -i 0.2 -W 5 198.19.0.4
ovpn_check "3000-byte pings to a TCP client" \
	$IP netns exec "$srv" ping -q -s 3000 -c 2 -i 0.2 -W 5 198.19.0.3

two_iperfs() {
	local i
	for i in 1 2; do
		$IP netns exec "$srv" iperf3 -s -1 -D -B 198.19.0.1 \
			-p $((5200 + i)) || return 1
	done
	sleep 0.5
	for i in 1 2; do
		$IP netns exec "$(cns "$i")" iperf3 -c 198.19.0.1 \
			-p $((5200 + i)) -t 2 -f m >"$tmp/iperf$i.log" 2>&1 &
	done
	for i in 1 2; do
		ovpn_wait_for 10 grep -qE 'receiver$' "$tmp/iperf$i.log" ||
			return 1
		grep -E 'receiver$' "$tmp/iperf$i.log" | sed "s/^/# client $i: /"
	done
}
ovpn_check "iperf3 from two clients at once" two_iperfs

# client 2 writes an empty packet, the frame "0000": the server removes
# its peer, and only its peer, with reason transport-error
garbage() {
	kill -USR1 "$cpid2" || return 1
	ovpn_wait_for 10 grep -q 'peer-del-ntf' "$tmp/ntf.log" || return 1
	sleep 0.5
	grep -v '^ready' "$tmp/ntf.log" | sed 's/^/# /'
	[ "$(grep -c 'peer-del-ntf' "$tmp/ntf.log")" = 1 ] &&
		grep -q 'peer-del-ntf.*peer-id=2 reason=transport-error' \
			"$tmp/ntf.log"
}
ovpn_check "a garbage frame removes exactly its peer (transport-error)" \
	garbage
ovpn_check "the other clients still reach the server" \
	ovpn_ping_from 198.19.0.1 "$(cns 1)" "$(cns 3)"

# the connection is the endpoint: PEER_SET may not give another one,
# which would also rehash the peer by a transport address it does not
# have
ovpn_expect_fail "PEER_SET refuses a remote address for an MP TCP peer" \
	EINVAL "no address may be given" \
	"$OVPN_CLI" -n "$srv" peer-set ovpnS 1 --remote 198.18.1.9:1194
ovpn_expect_fail "PEER_SET refuses remote and local addresses for an MP TCP peer" \
	EINVAL "no address may be given" \
	"$OVPN_CLI" -n "$srv" peer-set ovpnS 1 --remote 198.18.1.9:1194 \
	--local-ip 198.18.1.1

teardown() {
	"$OVPN_CLI" -n "$srv" iface-del ovpnS || return 1
	ovpn_wait_for 10 bash -c "[ \$(grep -c 'reason=teardown' $tmp/ntf.log) -eq 2 ]" ||
		return 1
	grep -q 'peer-id=1 reason=teardown' "$tmp/ntf.log" &&
		grep -q 'peer-id=3 reason=teardown' "$tmp/ntf.log"
}
ovpn_check "deleting the interface removes the other peers (teardown)" \
	teardown

ktap_finished
