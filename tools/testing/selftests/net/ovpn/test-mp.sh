#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A multi-peer (MP) server and six P2P clients, three over IPv4 and three
# over IPv6 transport, all on the server's one dual-stack UDP socket, each
# client in its own namespace joined to the server's by veth:
#
#   lan --- c1 ---.
#           c2 ---+
#           c3 ---+--- srv (ovpnS, mp, [::]:1194)
#           c4 ---+
#           c5 ---+
#           c6 ---'
#
# Pings server to clients and client to client through the server, a
# network behind client 1 reached through the server's routing table,
# iperf3 from four clients at once, spoofed inner sources dropped by the
# reverse path check, clients changing address under traffic (float, one
# notification each), a peer deleted under traffic, idle clients expiring,
# the interface deleted with its peers, and the exact notifications each
# namespace received on the way.

source "$(dirname "$(realpath "$0")")/common.sh"

ovpn_start 30

CLIENTS="1 2 3 4 5 6"
port=1194
srv=ovpn-mps-$$
lan=ovpn-mpl-$$
declare -a cns cpid
for i in $CLIENTS; do
	cns[i]=ovpn-mpc$i-$$
done
durations=

# check DESCRIPTION COMMAND...: ovpn_check, timed for the summary
check() {
	local t=$SECONDS rc

	ovpn_check "$@"
	rc=$?
	durations+=" $((SECONDS - t))"
	return $rc
}

# clients 1-3 reach the server over IPv4, clients 4-6 over IPv6
is_v4() {
	[ "$1" -le 3 ]
}

# srv_out I / cli_out I: the transport addresses of client I's link
srv_out() {
	if is_v4 "$1"; then echo "198.18.$1.1"; else echo "2001:db8:0:$1::1"; fi
}

cli_out() {
	if is_v4 "$1"; then echo "198.18.$1.2"; else echo "2001:db8:0:$1::2"; fi
}

# ep ADDR: ADDR:PORT, bracketed for IPv6
ep() {
	if [[ "$1" == *:* ]]; then echo "[$1]:$port"; else echo "$1:$port"; fi
}

# vpn FAMILY I: the tunnel address of client I (0: the server)
vpn() {
	if [ "$1" = 4 ]; then
		echo "198.19.0.$((10 + $2))"
	else
		echo "2001:db8:1::$((10 + $2))"
	fi
}
srv4=198.19.0.1
srv6=2001:db8:1::1
lan_net=198.19.100.0/24
lan_host=198.19.100.2

nsx() {
	$IP netns exec "$@"
}

cli() {
	local ns=$1

	shift
	"$OVPN_CLI" -n "$ns" "$@"
}

# sysctl_w NS KEY VALUE
sysctl_w() {
	nsx "$1" sh -c "echo $3 >/proc/sys/${2//.//}"
}

# pingq NS [PING-OPTS] DEST: one answer within 10 s
pingq() {
	local ns=$1

	shift
	nsx "$ns" ping -q -c 1 -i 0.5 -w 10 "$@" >/dev/null 2>&1
}

# ping_none NS [PING-OPTS] DEST: no answer to 3 pings
ping_none() {
	local ns=$1

	shift
	! nsx "$ns" ping -q -c 3 -i 0.2 -w 3 "$@" >/dev/null 2>&1
}

ifindex() {
	$IP -n "$1" -o link show dev "$2" | cut -d: -f1
}

peer_count() {
	cli "$srv" peer-get ovpnS | grep -c '^id='
}

peer_count_is() {
	[ "$(peer_count)" -eq "$1" ]
}

# echo requests the server's stack has answered, IPv4 or IPv6
in_echos() {
	ovpn_snmp "$srv" "$1" Icmp InEchos
}

# ntf NAME: the notification log of namespace NAME (srv, lan, c1..c6)
ntf() {
	echo "$tmp/ntf-$1.log"
}

# ntf_count NAME PATTERN: notifications matching the extended regex
ntf_count() {
	grep -cE "$2" "$(ntf "$1")"
}

ntf_count_is() {
	[ "$(ntf_count "$1" "$2")" -eq "$3" ]
}

# batch NS: the ip commands on stdin, in one process (the debug kernel
# makes every process costly)
batch() {
	$IP -n "$1" -batch -
}

setup() {
	local i c b

	for c in "$srv" "$lan" "${cns[@]}"; do
		echo "netns add $c"
	done | $IP -batch - || return 1
	NS_LIST+=("$srv" "$lan" "${cns[@]}")
	cli "$srv" iface-new ovpnS mp || return 1
	for i in $CLIENTS; do
		cli "${cns[i]}" iface-new ovpn0 p2p || return 1
	done

	# the server: one veth per client for the transport; forwarding
	# between its clients; the network behind client 1 through client
	# 1's VPN address
	{
		echo "link set lo up"
		for i in $CLIENTS; do
			echo "link add s$i type veth peer name t$i netns ${cns[i]}"
			if is_v4 "$i"; then
				echo "addr add $(srv_out "$i")/24 dev s$i"
			else
				echo "addr add $(srv_out "$i")/64 dev s$i nodad"
			fi
			echo "link set s$i up"
		done
		echo "addr add $srv4/24 dev ovpnS"
		echo "addr add $srv6/64 dev ovpnS nodad"
		echo "link set ovpnS up"
		echo "route add $lan_net via $(vpn 4 1) dev ovpnS"
	} | batch "$srv" || return 1
	nsx "$srv" sh -c "echo 1 >/proc/sys/net/ipv4/ip_forward &&
		echo 1 >/proc/sys/net/ipv6/conf/all/forwarding" || return 1

	# the clients: the whole tunnel subnet through their P2P interface
	for i in $CLIENTS; do
		c=${cns[i]}
		{
			echo "link set lo up"
			if is_v4 "$i"; then
				echo "addr add $(cli_out "$i")/24 dev t$i"
			else
				echo "addr add $(cli_out "$i")/64 dev t$i nodad"
			fi
			echo "link set t$i up"
			echo "addr add $(vpn 4 "$i")/24 dev ovpn0"
			echo "addr add $(vpn 6 "$i")/64 dev ovpn0 nodad"
			echo "link set ovpn0 up"
		} | batch "$c" || return 1
		# the float test replaces the primary address
		if is_v4 "$i"; then
			sysctl_w "$c" "net.ipv4.conf.t$i.promote_secondaries" 1 ||
				return 1
		fi
	done

	# the network behind client 1, and client 2's route to it
	batch "${cns[1]}" <<-EOF || return 1
		link add l1 type veth peer name l0 netns $lan
		addr add 198.19.100.1/24 dev l1
		link set l1 up
	EOF
	batch "$lan" <<-EOF || return 1
		link set lo up
		addr add $lan_host/24 dev l0
		link set l0 up
		route add default via 198.19.100.1
	EOF
	sysctl_w "${cns[1]}" net.ipv4.ip_forward 1 &&
		$IP -n "${cns[2]}" route add $lan_net dev ovpn0 || return 1

	# a notification listener in every namespace, for the whole test
	cli "$srv" listen >"$(ntf srv)" 2>&1 &
	cli "$lan" listen >"$(ntf lan)" 2>&1 &
	for i in $CLIENTS; do
		cli "${cns[i]}" listen >"$(ntf "c$i")" 2>&1 &
	done
	for c in srv lan c1 c2 c3 c4 c5 c6; do
		ovpn_wait_for 20 grep -q '^ready' "$(ntf $c)" || return 1
	done
	srv_if=$(ifindex "$srv" ovpnS)
	for i in $CLIENTS; do
		ifindex "${cns[i]}" ovpn0 >"$tmp/ifindex-c$i" || return 1
	done

	# the server's one socket with its six peers
	for i in $CLIENTS; do
		echo "$i,$(ep "$(cli_out "$i")"),$(vpn 4 "$i"),$(vpn 6 "$i")"
	done >"$tmp/peers"
	"$OVPN_CLI" -n "$srv" peer-udp ovpnS --bind "[::]:$port" \
		--key-seed mp --peers "$tmp/peers" >"$tmp/srv.log" 2>&1 &
	srv_pid=$!
	ovpn_wait_for 20 grep -q '^ready' "$tmp/srv.log" || return 1

	# each client: a wildcard socket, so that its source address
	# follows the routing table (the float test relies on it)
	for i in $CLIENTS; do
		if is_v4 "$i"; then b=0.0.0.0:$port; else b="[::]:$port"; fi
		"$OVPN_CLI" -n "${cns[i]}" peer-udp ovpn0 "$i" --bind "$b" \
			--remote "$(ep "$(srv_out "$i")")" --key-seed mp \
			--key-dir 1 >"$tmp/c$i.log" 2>&1 &
		cpid[i]=$!
	done
	for i in $CLIENTS; do
		ovpn_wait_for 20 grep -q '^ready' "$tmp/c$i.log" || return 1
	done
}

check "setup: an MP server, 3 IPv4 and 3 IPv6 clients on one socket" \
	setup || ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

dump() {
	local i line

	cli "$srv" peer-get ovpnS >"$tmp/dump" || return 1
	sed 's/^/# /' "$tmp/dump"
	[ "$(grep -c '^id=' "$tmp/dump")" -eq 6 ] || return 1
	for i in $CLIENTS; do
		line=$(grep "^id=$i " "$tmp/dump") || return 1
		[[ " $line " == *" remote=$(ep "$(cli_out "$i")") "* ]] &&
			[[ " $line " == *" vpn-ipv4=$(vpn 4 "$i") "* ]] &&
			[[ " $line " == *" vpn-ipv6=$(vpn 6 "$i") "* ]] &&
			[[ " $line " == *" local="*":$port "* ||
			   " $line " == *" local-port=$port "* ]] || return 1
	done
}
check "the server lists its six peers, endpoints and VPN addresses" \
	dump

# pings FAMILY FROM TO...: client FROM (0: the server) pings the VPN
# addresses of clients TO, all at once from one shell in its namespace;
# prints the pairs that got no answer
pings() {
	local fam=$1 from=$2 ns=${cns[$2]:-$srv} j dsts=()

	shift 2
	for j in "$@"; do
		dsts+=("$j=$(vpn "$fam" "$j")")
	done
	# shellcheck disable=SC2016 # expanded by the inner shell
	nsx "$ns" sh -c '
		fam=$1 from=$2
		shift 2
		for d; do
			(ping -q -c 1 -i 0.5 -w 10 -"$fam" "${d#*=}" \
				>/dev/null 2>&1 || echo -n " $from->${d%%=*}") &
		done
		wait' sh "$fam" "$from" "${dsts[@]}"
}

# srv_pings FAMILY CLIENT...: the server reaches each client
srv_pings() {
	local fam=$1 fails

	shift
	fails=$(pings "$fam" 0 "$@")
	[ -z "$fails" ] || ktap_print_msg "IPv$fam: no answer:$fails"
	[ -z "$fails" ]
}
# shellcheck disable=SC2086 # CLIENTS is a list
check "IPv4 ping from the server to every client" srv_pings 4 $CLIENTS
# shellcheck disable=SC2086
check "IPv6 ping from the server to every client" srv_pings 6 $CLIENTS

# in_redirects NS FAMILY: the ICMP redirects NS has received
in_redirects() {
	ovpn_snmp "$1" "$2" Icmp InRedirects
}

# no_redirect FAMILY: the server relays client 1's pings to client 2
# from its interface back into it, with the default sysctls; a peer is
# no neighbour on a shared link, so client 1 gets no ICMP redirect
# (before the matrix, whose pings would spend the redirect rate limit)
no_redirect() {
	local fam=$1 before after

	before=$(in_redirects "${cns[1]}" "$fam")
	nsx "${cns[1]}" ping -q -c 5 -i 0.2 -w 10 -"$fam" "$(vpn "$fam" 2)" \
		>/dev/null 2>&1 || return 1
	after=$(in_redirects "${cns[1]}" "$fam")
	ktap_print_msg "IPv$fam: client 1 received $((after - before)) redirects"
	[ "$after" -eq "$before" ]
}
check "client 1 pinging client 2 gets no ICMP redirect (IPv4)" \
	no_redirect 4
check "client 1 pinging client 2 gets no ICMPv6 redirect" no_redirect 6

# matrix FAMILY: every client pings every other one through the server
matrix() {
	local fam=$1 i others fails=

	# one client after the other, each to all the others at once
	for i in $CLIENTS; do
		others=${CLIENTS/$i/}
		# shellcheck disable=SC2086 # a list of clients
		fails+=$(pings "$fam" "$i" $others)
	done
	[ -z "$fails" ] || ktap_print_msg "IPv$fam: failed:$fails"
	[ -z "$fails" ]
}
check "IPv4 ping between every pair of clients (30 pairs)" matrix 4
check "IPv6 ping between every pair of clients (30 pairs)" matrix 6

# stats NS DEV: one line of packet counters, for failure reports
stats() {
	echo "$1/$2: $(nsx "$1" sh -c "cd /sys/class/net/$2/statistics &&
		for f in rx_packets rx_dropped tx_packets tx_dropped; do
			echo -n \"\$f=\$(cat \$f) \"; done")"
}

# lan_ping NS: NS reaches the host behind client 1; where the packets
# got lost if not
lan_ping() {
	pingq "$1" $lan_host && return 0
	ktap_print_msg "$(stats "$srv" ovpnS)"
	ktap_print_msg "$(stats "${cns[1]}" ovpn0)"
	ktap_print_msg "$(stats "${cns[1]}" l1)"
	ktap_print_msg "$(stats "$lan" l0)"
	ktap_print_msg "server peer 1: $(cli "$srv" peer-get ovpnS 1)"
	ktap_print_msg "server: $($IP -n "$srv" route get $lan_host 2>&1)"
	return 1
}
check "the network behind client 1 is reached from the server" \
	lan_ping "$srv"
check "the network behind client 1 is reached from client 2" \
	lan_ping "${cns[2]}"

# iperf3 from clients 1 and 2 (IPv4 inside) and 4 and 5 (IPv6 inside) to
# the server, all at once
iperf_clients="1 2 4 5"
iperf() {
	local i p fam dst rc=0 pids=()

	for i in $iperf_clients; do
		p=$((5200 + i))
		nsx "$srv" iperf3 -s -1 -p $p >"$tmp/iperf-s$i.log" 2>&1 &
	done
	for i in $iperf_clients; do
		p=$((5200 + i))
		ovpn_wait_for 10 bash -c "$IP netns exec $srv ss -Hltn | grep -q ':$p '" ||
			return 1
	done
	for i in $iperf_clients; do
		if [ "$i" -le 3 ]; then fam=4 dst=$srv4; else fam=6 dst=$srv6; fi
		timeout 60 "$IP" netns exec "${cns[i]}" iperf3 -"$fam" -c $dst \
			-p $((5200 + i)) -t 3 -f m >"$tmp/iperf$i.log" 2>&1 &
		pids+=($!)
	done
	for p in "${pids[@]}"; do
		wait "$p" || rc=1
	done
	for i in $iperf_clients; do
		grep -E 'receiver$' "$tmp/iperf$i.log" | sed "s/^/# client $i: /"
		grep -q 'receiver$' "$tmp/iperf$i.log" || rc=1
	done
	[ $rc = 0 ] || cat "$tmp"/iperf*.log | sed 's/^/# /'
	return $rc
}
check "iperf3 from four clients at once" iperf

counters() {
	local i rx tx rc=0

	for i in $iperf_clients; do
		rx=$(ovpn_peer_stat "$srv" "$i" link-rx-bytes ovpnS)
		tx=$(ovpn_peer_stat "$srv" "$i" vpn-tx-packets ovpnS)
		ktap_print_msg "peer $i: link-rx-bytes=$rx vpn-tx-packets=$tx"
		[ "${rx:-0}" -gt 200000 ] && [ "${tx:-0}" -gt 10 ] || rc=1
	done
	return $rc
}
check "each iperf3 client's traffic is counted on its own peer" counters

# spoof FAMILY: client 2 sends from client 3's VPN address; the server's
# reverse path check must drop it before its stack sees it. A ping from
# client 2's own address first shows that the echo counter works.
spoof() {
	local fam=$1 fake echos drops dst pfx

	fake=$(vpn "$fam" 3)
	if [ "$fam" = 4 ]; then
		dst=$srv4 pfx=("$fake/32")
	else
		dst=$srv6 pfx=("$fake/128" nodad)
	fi
	echos=$(in_echos "$fam")
	nsx "${cns[2]}" ping -q -"$fam" -c 3 -i 0.2 -w 10 $dst >/dev/null ||
		return 1
	[ $(($(in_echos "$fam") - echos)) -ge 3 ] || {
		ktap_print_msg "the echo counter did not move"
		return 1
	}
	$IP -n "${cns[2]}" addr add "${pfx[0]}" dev ovpn0 "${pfx[@]:1}" ||
		return 1
	echos=$(in_echos "$fam")
	drops=$(ovpn_dev_stat "$srv" rx_dropped ovpnS)
	ping_none "${cns[2]}" -"$fam" -I "$fake" $dst || {
		ktap_print_msg "a spoofed ping was answered"
		$IP -n "${cns[2]}" addr del "${pfx[0]}" dev ovpn0
		return 1
	}
	$IP -n "${cns[2]}" addr del "${pfx[0]}" dev ovpn0
	echos=$(($(in_echos "$fam") - echos))
	drops=$(($(ovpn_dev_stat "$srv" rx_dropped ovpnS) - drops))
	ktap_print_msg "IPv$fam spoof: $echos delivered, $drops dropped"
	[ $echos = 0 ] && [ $drops -ge 3 ]
}
check "a spoofed inner IPv4 source is dropped and counted" spoof 4
check "a spoofed inner IPv6 source is dropped and counted" spoof 6
check "client 2 still reaches the server after spoofing" \
	pingq "${cns[2]}" $srv4

# remote_is ID ENDPOINT: the server's peer ID has that remote
remote_is() {
	[ "$(ovpn_peer_stat "$srv" "$1" remote ovpnS)" = "$2" ]
}

# float I NEW: client I moves to transport address NEW under traffic; the
# server's peer must follow
float() {
	local i=$1 new=$2 old c fam bg dst flags=()

	c=${cns[i]}
	old=$(cli_out "$i")
	if is_v4 "$i"; then
		fam=4 dst=$srv4 old+=/24 new+=/24
	else
		fam=6 dst=$srv6 old+=/64 new+=/64 flags=(nodad)
	fi
	nsx "$c" ping -"$fam" -c 40 -i 0.1 -w 20 $dst >"$tmp/float$i.log" 2>&1 &
	bg=$!
	sleep 1
	$IP -n "$c" addr add "$new" dev "t$i" "${flags[@]}" &&
		$IP -n "$c" addr del "$old" dev "t$i" || return 1
	ovpn_wait_for 20 remote_is "$i" "$(ep "${new%/*}")" || {
		ktap_print_msg "peer $i: $(cli "$srv" peer-get ovpnS "$i")"
		return 1
	}
	wait $bg
	ktap_print_msg "client $i: $(grep 'packets transmitted' "$tmp/float$i.log")"
	pingq "$srv" -"$fam" "$(vpn "$fam" "$i")" &&
		pingq "$srv" -"$fam" "$(vpn "$fam" "$i")"
}

# float_ntf I NEW: exactly one float notification for peer I, to NEW
float_ntf() {
	local n

	grep "peer-float-ntf .*peer-id=$1 " "$(ntf srv)" | sed 's/^/# /'
	n=$(ntf_count srv "^peer-float-ntf .*peer-id=$1 ")
	[ "$n" -eq 1 ] && grep -qxF \
		"peer-float-ntf ifindex=$srv_if peer-id=$1 remote=$(ep "$2")" \
		"$(ntf srv)"
}

check "client 1 (IPv4) changes address under traffic: the server follows" \
	float 1 198.18.1.3
check "exactly one float notification for client 1, with its new address" \
	float_ntf 1 198.18.1.3
check "client 6 (IPv6) changes address under traffic: the server follows" \
	float 6 2001:db8:0:6::3
check "exactly one float notification for client 6, with its new address" \
	float_ntf 6 2001:db8:0:6::3
check "client-to-client traffic works after the floats" \
	pingq "${cns[1]}" "$(vpn 4 6)"

# delete peer 5 while traffic flows both ways
del_under_traffic() {
	local a b rc=0

	nsx "$srv" ping -q -f -w 4 "$(vpn 4 5)" >/dev/null 2>&1 &
	a=$!
	nsx "${cns[5]}" ping -q -6 -f -w 4 $srv6 >/dev/null 2>&1 &
	b=$!
	sleep 1.5
	cli "$srv" peer-del ovpnS 5 || rc=1
	wait $a $b
	[ $rc = 0 ] && ovpn_peer_gone "$srv" 5 ovpnS
}
check "a peer deleted while traffic flows is gone" del_under_traffic
check "its deletion is notified once, reason userspace" \
	ovpn_wait_for 10 ntf_count_is srv \
	"^peer-del-ntf ifindex=$srv_if peer-id=5 reason=userspace\$" 1
check "the server no longer reaches the deleted client" \
	ping_none "$srv" "$(vpn 4 5)"
check "the server still reaches the other clients" \
	srv_pings 4 1 2 3 4 6

# clients 3 and 6 go away; the server gives them a keepalive and they
# expire, the others (no keepalive) stay
expiry() {
	cli "$srv" peer-set ovpnS 3 --keepalive 1,3 &&
		cli "$srv" peer-set ovpnS 6 --keepalive 1,3 || return 1
	kill "${cpid[3]}" "${cpid[6]}"
	wait "${cpid[3]}" "${cpid[6]}" 2>/dev/null
	ovpn_wait_for 30 ntf_count_is srv "^peer-del-ntf .*reason=expired\$" 2 ||
		return 1
	grep -q "^peer-del-ntf ifindex=$srv_if peer-id=3 reason=expired\$" "$(ntf srv)" &&
		grep -q "^peer-del-ntf ifindex=$srv_if peer-id=6 reason=expired\$" "$(ntf srv)" &&
		ovpn_peer_gone "$srv" 3 ovpnS &&
		ovpn_peer_gone "$srv" 6 ovpnS
}
check "idle clients 3 and 6 expire" expiry
peer_ids() {
	"$OVPN_CLI" -n "$srv" peer-get ovpnS |
		sed -n 's/^id=\([0-9]*\) .*/\1/p' | sort -n | tr '\n' ' '
}
check "the peers without keepalive stay (1, 2, 4)" \
	[ "$(peer_ids)" = '1 2 4 ' ]
check "the remaining clients still reach each other" \
	bash -c "$IP netns exec ${cns[1]} ping -q -c 1 -w 10 $(vpn 4 4) >/dev/null &&
		$IP netns exec ${cns[4]} ping -q -6 -c 1 -w 10 $(vpn 6 2) >/dev/null"

teardown() {
	cli "$srv" iface-del ovpnS || return 1
	ovpn_wait_for 15 ntf_count_is srv "^peer-del-ntf .*reason=teardown\$" 3
}
check "deleting the server interface notifies its 3 peers (teardown)" \
	teardown

# the server's socket is userspace's again: closing it notifies nothing.
# The clients' interfaces go too: the live peers there are torn down.
finish() {
	local i

	kill "$srv_pid"
	wait "$srv_pid" 2>/dev/null
	for i in 1 2 4 5; do
		cli "${cns[i]}" iface-del ovpn0 || return 1
	done
	for i in 1 2 4 5; do
		ovpn_wait_for 10 ntf_count_is "c$i" "^peer-del-ntf" 1 ||
			return 1
	done
	# time for any stray notification to show up
	sleep 1
}
check "the clients' interfaces can be deleted" finish

# stream_is NAME EXPECTED...: the notifications of NAME, in any order
stream_is() {
	local name=$1

	shift
	grep -v '^ready' "$(ntf "$name")" | sort >"$tmp/got-$name"
	if [ $# -gt 0 ]; then printf '%s\n' "$@"; fi | sort >"$tmp/want-$name"
	cmp -s "$tmp/got-$name" "$tmp/want-$name" && return 0
	ktap_print_msg "$name: got:"
	sed 's/^/#   /' "$tmp/got-$name"
	ktap_print_msg "$name: expected:"
	sed 's/^/#   /' "$tmp/want-$name"
	return 1
}

streams() {
	local i ifc want rc=0 d="peer-del-ntf ifindex=$srv_if"

	stream_is srv \
		"peer-float-ntf ifindex=$srv_if peer-id=1 remote=198.18.1.3:$port" \
		"peer-float-ntf ifindex=$srv_if peer-id=6 remote=[2001:db8:0:6::3]:$port" \
		"$d peer-id=5 reason=userspace" \
		"$d peer-id=3 reason=expired" \
		"$d peer-id=6 reason=expired" \
		"$d peer-id=1 reason=teardown" \
		"$d peer-id=2 reason=teardown" \
		"$d peer-id=4 reason=teardown" || rc=1
	stream_is lan || rc=1
	for i in $CLIENTS; do
		ifc=$(cat "$tmp/ifindex-c$i")
		if [ "$i" = 3 ] || [ "$i" = 6 ]; then
			want=transport-disconnect
		else
			want=teardown
		fi
		stream_is "c$i" \
			"peer-del-ntf ifindex=$ifc peer-id=$i reason=$want" ||
			rc=1
	done
	return $rc
}
check "each namespace received exactly the expected notifications" \
	streams

ktap_print_msg "seconds per check:$durations"
ktap_finished
