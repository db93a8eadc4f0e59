#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The driver clamps the MSS of TCP SYNs and SYN-ACKs to the path of the
# peer: a host behind a P2P client talks TCP to the server through a
# tunnel of MTU 1500 whose outer link has MTU 1400.
#
#   host --- veth --- client (ovpn0, forwarding) --- veth (1400) --- server
#
# For every transport (UDP and TCP, IPv4 and IPv6 outside) and both
# inner families, the MSS the server sees in the host's SYN, and the one
# the host sees in the server's SYN-ACK, is the outer MTU less the
# encapsulation and the inner headers. iperf3 over UDP creates no outer
# fragments with the clamp, and does without it (ethtool private flag
# mss-clamp off); a lowered route MTU is followed by the next
# connection; ethtool -S counts the clamped SYNs.

source "$(dirname "$(realpath "$0")")/common.sh"

ovpn_start 15

nsh=ovpn-mssh-$$
nsc=ovpn-mssc-$$
nss=ovpn-msss-$$
peer_id=1
ETHTOOL=${ETHTOOL:-$(command -v ethtool)}
TCPDUMP=${TCPDUMP:-$(command -v tcpdump)}

nsx() {
	$IP netns exec "$@"
}

setup() {
	local ns

	ovpn_netns "$nsh" "$nsc" "$nss" || return 1
	$IP -n "$nsh" link add vh type veth peer name vc netns "$nsc" &&
		$IP -n "$nsc" link add v0 type veth peer name v1 \
			netns "$nss" || return 1
	$IP -n "$nsh" addr add 198.18.1.1/24 dev vh &&
		$IP -n "$nsh" addr add 2001:db8:2::1/64 dev vh nodad &&
		$IP -n "$nsc" addr add 198.18.1.2/24 dev vc &&
		$IP -n "$nsc" addr add 2001:db8:2::2/64 dev vc nodad &&
		$IP -n "$nsc" addr add 198.18.0.1/24 dev v0 &&
		$IP -n "$nsc" addr add 2001:db8::1/64 dev v0 nodad &&
		$IP -n "$nss" addr add 198.18.0.2/24 dev v1 &&
		$IP -n "$nss" addr add 2001:db8::2/64 dev v1 nodad || return 1
	$IP -n "$nsc" link set v0 mtu 1400 &&
		$IP -n "$nss" link set v1 mtu 1400 || return 1
	$IP -n "$nsh" link set vh up && $IP -n "$nsc" link set vc up &&
		$IP -n "$nsc" link set v0 up && $IP -n "$nss" link set v1 up ||
		return 1
	$IP -n "$nsh" route add default via 198.18.1.2 &&
		$IP -n "$nsh" -6 route add default via 2001:db8:2::2 || return 1
	nsx "$nsc" sysctl -qw net.ipv4.ip_forward=1 &&
		nsx "$nsc" sysctl -qw net.ipv6.conf.all.forwarding=1 || return 1

	for ns in "$nsc" "$nss"; do
		"$OVPN_CLI" -n "$ns" iface-new ovpn0 p2p &&
			$IP -n "$ns" link set ovpn0 mtu 1500 up || return 1
	done
	$IP -n "$nsc" addr add 198.19.0.1/24 dev ovpn0 &&
		$IP -n "$nsc" addr add 2001:db8:1::1/64 dev ovpn0 nodad &&
		$IP -n "$nss" addr add 198.19.0.2/24 dev ovpn0 &&
		$IP -n "$nss" addr add 2001:db8:1::2/64 dev ovpn0 nodad &&
		$IP -n "$nss" route add 198.18.1.0/24 dev ovpn0 &&
		$IP -n "$nss" route add 2001:db8:2::/64 dev ovpn0 || return 1
	nsx "$nss" iperf3 -s -D -B 198.19.0.2 --logfile "$tmp/iperf4-s.log" &&
		nsx "$nss" iperf3 -s -D -B 2001:db8:1::2 \
			--logfile "$tmp/iperf6-s.log" &&
		ovpn_wait_for 5 bash -c "$IP netns exec $nss ss -ltn |
			grep -q '198.19.0.2:5201'" &&
		ovpn_wait_for 5 bash -c "$IP netns exec $nss ss -ltn |
			grep -q '2001:db8:1::2\]:5201'"
}

# tunnel TRANSPORT: the peers over udp4, udp6, tcp4 or tcp6, replacing
# the ones before
tunnel() {
	local c s

	if [ -n "$peer_pids" ]; then
		kill $peer_pids 2>/dev/null
		wait $peer_pids 2>/dev/null
	fi
	ovpn_wait_for 5 ovpn_peer_gone "$nsc" $peer_id ||
		return 1
	case "$1" in
	*4) c=198.18.0.1:1194 s=198.18.0.2:1194 ;;
	*6) c="[2001:db8::1]:1194" s="[2001:db8::2]:1194" ;;
	esac
	case "$1" in
	tcp*)
		"$OVPN_CLI" -n "$nss" peer-tcp ovpn0 $peer_id --listen "$s" \
			--key-seed mss --key-dir 1 >"$tmp/srv-$1.log" 2>&1 &
		peer_pids=$!
		ovpn_wait_for 10 grep -q '^listening' "$tmp/srv-$1.log" ||
			return 1
		"$OVPN_CLI" -n "$nsc" peer-tcp ovpn0 $peer_id --remote "$s" \
			--key-seed mss --key-dir 0 >"$tmp/cli-$1.log" 2>&1 &
		;;
	udp*)
		"$OVPN_CLI" -n "$nss" peer-udp ovpn0 $peer_id --bind "$s" \
			--remote "$c" --key-seed mss --key-dir 1 \
			>"$tmp/srv-$1.log" 2>&1 &
		peer_pids=$!
		"$OVPN_CLI" -n "$nsc" peer-udp ovpn0 $peer_id --bind "$c" \
			--remote "$s" --key-seed mss --key-dir 0 \
			>"$tmp/cli-$1.log" 2>&1 &
		;;
	esac
	peer_pids="$peer_pids $!"
	ovpn_wait_for 10 grep -q '^ready' "$tmp/srv-$1.log" &&
		ovpn_wait_for 10 grep -q '^ready' "$tmp/cli-$1.log" &&
		nsx "$nsh" ping -q -c 2 -i 0.2 -W 5 198.19.0.2 >/dev/null &&
		nsx "$nsh" ping -q -6 -c 2 -i 0.2 -W 5 2001:db8:1::2 >/dev/null
}

# syn_mss NS DEV FAMILY SYNACK LOG: capture, in the background, the MSS
# of the first SYN (SYNACK 0) or SYN-ACK (1) of inner FAMILY on DEV
syn_mss() {
	local filter

	if [ "$3" = 4 ]; then
		filter="ip and tcp[13] & 0x12 = $((0x02 + $4 * 0x10))"
	else
		filter="ip6 and ip6[6] = 6 and ip6[53] & 0x12 = $((0x02 + $4 * 0x10))"
	fi
	# -Z root: no user of its own to drop to in a test image
	nsx "$1" timeout 10 "$TCPDUMP" -Z root -i "$2" -n -v -c 1 -l \
		"$filter" >"$5" 2>&1 &
}

# connect FAMILY: a TCP connection from the host to the server's iperf3
connect() {
	local dst=198.19.0.2

	[ "$1" = 6 ] && dst=2001:db8:1::2
	nsx "$nsh" timeout 5 bash -c "exec 3<>/dev/tcp/$dst/5201" 2>/dev/null
}

# mss_seen FAMILY: the MSS of the SYN at the server and of the SYN-ACK
# at the host, as "SYN SYNACK"
mss_seen() {
	local p1 p2

	syn_mss "$nss" ovpn0 "$1" 0 "$tmp/syn.log"
	p1=$!
	syn_mss "$nsh" vh "$1" 1 "$tmp/synack.log"
	p2=$!
	# tcpdump prints "listening on" once it captures
	if ! ovpn_wait_for 5 grep -q 'listening on' "$tmp/syn.log" ||
	   ! ovpn_wait_for 5 grep -q 'listening on' "$tmp/synack.log"; then
		sed 's/^/# tcpdump: /' "$tmp/syn.log" "$tmp/synack.log" >&2
		return 1
	fi
	connect "$1"
	wait $p1 $p2
	grep -q 'mss [0-9]' "$tmp/syn.log" "$tmp/synack.log" ||
		sed 's/^/# tcpdump: /' "$tmp/syn.log" "$tmp/synack.log" >&2
	echo "$(grep -o 'mss [0-9]*' "$tmp/syn.log" | head -1 | cut -d' ' -f2)" \
	     "$(grep -o 'mss [0-9]*' "$tmp/synack.log" | head -1 | cut -d' ' -f2)"
}

# expect TRANSPORT: both inner families see the MSS that fits the path
expect() {
	local overhead=24 fam want got

	case "$1" in
	udp4) overhead=$((overhead + 20 + 8)) ;;
	udp6) overhead=$((overhead + 40 + 8)) ;;
	tcp4) overhead=$((overhead + 20 + 20 + 2)) ;;
	tcp6) overhead=$((overhead + 40 + 20 + 2)) ;;
	esac
	tunnel "$1" || return 1
	for fam in 4 6; do
		want=$((1400 - overhead - (fam == 4 ? 20 : 40) - 20))
		got=$(mss_seen $fam)
		ktap_print_msg "$1, inner IPv$fam: MSS $got, expected $want $want"
		[ "$got" = "$want $want" ] || return 1
	done
}

ovpn_check "setup: host, forwarding client and server, outer MTU 1400, tunnel MTU 1500" \
	setup || ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

for t in udp4 udp6 tcp4 tcp6; do
	ovpn_check "$t transport: SYN and SYN-ACK MSS fit the path, inner IPv4 and IPv6" \
		expect $t
done

# clamped NS: the SYNs the ovpn0 of NS clamped (ethtool -S)
clamped() {
	$IP netns exec "$1" $ETHTOOL -S ovpn0 | sed -n 's/^ *mss_clamped: //p'
}
both_clamped() {
	[ "$(clamped "$nsc")" -ge 8 ] && [ "$(clamped "$nss")" -ge 8 ]
}
ovpn_check "ethtool -S counts the clamped SYNs of both sides" both_clamped
ovpn_check "the private flag mss-clamp is on by default" \
	bash -c "$IP netns exec $nsc $ETHTOOL --show-priv-flags ovpn0 | grep -q 'mss-clamp *: on'"

# frag_creates 4|6: the client's count of fragments it created
frag_creates() {
	ovpn_snmp "$nsc" "$1" Ip FragCreates
}

# fragments 4|6: the outer fragments (IPv4 or IPv6 outside) the client
# created while the host sent 2 s of iperf3 to the server, in $frags
fragments() {
	local before after

	before=$(frag_creates "$1")
	nsx "$nsh" iperf3 -c 198.19.0.2 -t 2 -f m >"$tmp/iperf-$1.log" 2>&1 ||
		return 1
	after=$(frag_creates "$1")
	frags=$((after - before))
	ktap_print_msg "$1: $frags outer fragments," \
		"$(grep -E 'receiver$' "$tmp/iperf-$1.log" |
		   grep -oE '[0-9.]+ Mbits/sec')"
}

# no_fragments TRANSPORT 4|6, and fragmented 4|6 on the same tunnel
no_fragments() {
	tunnel "$1" && fragments "$2" && [ "$frags" -eq 0 ]
}

fragmented() {
	nsx "$nsc" "$ETHTOOL" --set-priv-flags ovpn0 mss-clamp off &&
		nsx "$nss" "$ETHTOOL" --set-priv-flags ovpn0 mss-clamp off ||
		return 1
	fragments "$1" && [ "$frags" -gt 0 ]
	local ret=$?

	nsx "$nsc" "$ETHTOOL" --set-priv-flags ovpn0 mss-clamp on &&
		nsx "$nss" "$ETHTOOL" --set-priv-flags ovpn0 mss-clamp on &&
		return $ret
}

ovpn_check "UDP over IPv4: iperf3 through the clamp creates no outer fragments" \
	no_fragments udp4 4
ovpn_check "UDP over IPv4: with mss-clamp off, iperf3 creates outer fragments" \
	fragmented 4
ovpn_check "UDP over IPv6: iperf3 through the clamp creates no outer fragments" \
	no_fragments udp6 6
ovpn_check "UDP over IPv6: with mss-clamp off, iperf3 creates outer fragments" \
	fragmented 6

# a route MTU lowered under the running tunnel: the next connection
# follows it
lowered() {
	local got want=$((1300 - 24 - 20 - 8 - 20 - 20))

	tunnel udp4 &&
		$IP -n "$nsc" route add 198.18.0.2/32 dev v0 mtu 1300 &&
		$IP -n "$nss" route add 198.18.0.1/32 dev v1 mtu 1300 ||
		return 1
	got=$(mss_seen 4)
	$IP -n "$nsc" route del 198.18.0.2/32 dev v0
	$IP -n "$nss" route del 198.18.0.1/32 dev v1
	ktap_print_msg "route MTU 1300: MSS $got, expected $want $want"
	[ "$got" = "$want $want" ]
}
ovpn_check "a lowered route MTU is followed by the next connection" lowered

# SYNs without the option, or asking for less, pass untouched
smaller() {
	local got

	$IP -n "$nsh" route change default via 198.18.1.2 advmss 1000 &&
		got=$(mss_seen 4) || return 1
	$IP -n "$nsh" route change default via 198.18.1.2
	ktap_print_msg "host asks for 1000: the server sees ${got% *}"
	[ "${got% *}" = 1000 ]
}
ovpn_check "a SYN asking for a smaller MSS passes untouched" smaller

# with the clamp off on both sides (the client clamps what it sends,
# the server what it receives) the SYN keeps the host's own MSS
unclamped() {
	local got

	nsx "$nsc" "$ETHTOOL" --set-priv-flags ovpn0 mss-clamp off &&
		nsx "$nss" "$ETHTOOL" --set-priv-flags ovpn0 mss-clamp off &&
		got=$(mss_seen 4)
	nsx "$nsc" "$ETHTOOL" --set-priv-flags ovpn0 mss-clamp on
	nsx "$nss" "$ETHTOOL" --set-priv-flags ovpn0 mss-clamp on
	ktap_print_msg "clamp off: the server sees ${got% *}"
	[ "${got% *}" = 1460 ]
}
ovpn_check "with mss-clamp off the SYN keeps its MSS" unclamped

# MP: each peer gets the value of its own path. A server with two
# clients, outer links of MTU 1400 and 1300.
nsm=ovpn-mssm-$$
nsa=ovpn-mssa-$$
nsb=ovpn-mssb-$$

mp_setup() {
	local i ns mtu

	ovpn_netns "$nsm" "$nsa" "$nsb" &&
		"$OVPN_CLI" -n "$nsm" iface-new ovpn0 mp &&
		$IP -n "$nsm" link set ovpn0 mtu 1500 up &&
		$IP -n "$nsm" addr add 198.19.2.1/24 dev ovpn0 || return 1
	for i in 2 3; do
		ns=$nsa mtu=1400
		[ $i = 3 ] && ns=$nsb mtu=1300
		$IP -n "$nsm" link add "m$i" mtu $mtu type veth peer name v \
			mtu $mtu netns "$ns" &&
			$IP -n "$nsm" addr add 198.18.$i.1/24 dev "m$i" &&
			$IP -n "$ns" addr add 198.18.$i.2/24 dev v &&
			$IP -n "$nsm" link set "m$i" up &&
			$IP -n "$ns" link set v up &&
			"$OVPN_CLI" -n "$ns" iface-new ovpn0 p2p &&
			$IP -n "$ns" link set ovpn0 mtu 1500 up &&
			$IP -n "$ns" addr add "198.19.2.$((8 + i))/24" \
				dev ovpn0 || return 1
		echo "$i,198.18.$i.2:1194,198.19.2.$((8 + i))"
	done >"$tmp/mp-peers"
	"$OVPN_CLI" -n "$nsm" peer-udp ovpn0 --bind 0.0.0.0:1194 \
		--key-seed mssmp --peers "$tmp/mp-peers" >"$tmp/mp-srv.log" 2>&1 &
	ovpn_wait_for 10 grep -q '^ready' "$tmp/mp-srv.log" || return 1
	for i in 2 3; do
		ns=$nsa
		[ $i = 3 ] && ns=$nsb
		"$OVPN_CLI" -n "$ns" peer-udp ovpn0 $i \
			--bind 198.18.$i.2:1194 --remote 198.18.$i.1:1194 \
			--key-seed mssmp --key-dir 1 >"$tmp/mp-c$i.log" 2>&1 &
		ovpn_wait_for 10 grep -q '^ready' "$tmp/mp-c$i.log" &&
			nsx "$nsm" ping -q -c 2 -i 0.2 -W 5 198.19.2.$((8 + i)) \
				>/dev/null || return 1
	done
}

# mp_mss NS DST: the MSS NS sees in a SYN the server sends to DST
mp_mss() {
	local p

	syn_mss "$1" ovpn0 4 0 "$tmp/mp-syn.log"
	p=$!
	if ! ovpn_wait_for 5 grep -q 'listening on' "$tmp/mp-syn.log"; then
		sed 's/^/# tcpdump: /' "$tmp/mp-syn.log" >&2
		return 1
	fi
	nsx "$nsm" timeout 5 bash -c "exec 3<>/dev/tcp/$2/5201" 2>/dev/null
	wait $p
	grep -o 'mss [0-9]*' "$tmp/mp-syn.log" | head -1 | cut -d' ' -f2
}

mp_peers() {
	local a b

	mp_setup || return 1
	a=$(mp_mss "$nsa" 198.19.2.10)
	b=$(mp_mss "$nsb" 198.19.2.11)
	ktap_print_msg "MP: peer on MTU 1400 sees $a, peer on MTU 1300 sees $b"
	[ "$a" = $((1400 - 52 - 40)) ] && [ "$b" = $((1300 - 52 - 40)) ]
}
ovpn_check "MP: peers with different path MTUs get their own MSS" mp_peers

ktap_finished
