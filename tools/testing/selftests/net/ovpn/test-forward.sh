#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A host behind a P2P client: the client forwards the host's packets
# into its tunnel to the server. Packets that come from another
# interface, not from the client's own stack, with the headroom that
# interface gave them, IPv4 and IPv6 inside, small and fragmented, and
# TCP with iperf3:
#
#   host --- veth --- client (ovpn0, forwarding) --- veth --- server
#
# Variables (the variant scripts set them):
#   OVPN_TRANSPORT  udp4, udp6 or tcp4 (default udp4)

source "$(dirname "$(realpath "$0")")/common.sh"

OVPN_TRANSPORT=${OVPN_TRANSPORT:-udp4}

ovpn_start 7

nsh=ovpn-fwdh-$$
nsc=ovpn-fwdc-$$
nss=ovpn-fwds-$$
peer_id=1
srv4=198.19.0.2
srv6=2001:db8:1::2

case "$OVPN_TRANSPORT" in
udp6)
	ep_c="[2001:db8::1]:1194"
	ep_s="[2001:db8::2]:1194"
	;;
udp4|tcp4)
	ep_c=198.18.0.1:1194
	ep_s=198.18.0.2:1194
	;;
*)
	ktap_exit_fail_msg "unknown OVPN_TRANSPORT $OVPN_TRANSPORT"
	;;
esac

nsx() {
	$IP netns exec "$@"
}

start_peers() {
	local s

	if [ "$OVPN_TRANSPORT" = tcp4 ]; then
		"$OVPN_CLI" -n "$nss" peer-tcp ovpn0 $peer_id --listen "$ep_s" \
			--key-seed fwd --key-dir 1 >"$tmp/srv.log" 2>&1 &
		ovpn_wait_for 10 grep -q '^listening' "$tmp/srv.log" ||
			return 1
		"$OVPN_CLI" -n "$nsc" peer-tcp ovpn0 $peer_id --remote "$ep_s" \
			--key-seed fwd --key-dir 0 >"$tmp/cli.log" 2>&1 &
	else
		"$OVPN_CLI" -n "$nss" peer-udp ovpn0 $peer_id --bind "$ep_s" \
			--remote "$ep_c" --key-seed fwd --key-dir 1 \
			>"$tmp/srv.log" 2>&1 &
		"$OVPN_CLI" -n "$nsc" peer-udp ovpn0 $peer_id --bind "$ep_c" \
			--remote "$ep_s" --key-seed fwd --key-dir 0 \
			>"$tmp/cli.log" 2>&1 &
	fi
	for s in srv cli; do
		ovpn_wait_for 10 grep -q '^ready' "$tmp/$s.log" || return 1
	done
}

setup() {
	local ns

	for ns in "$nsh" "$nsc" "$nss"; do
		ovpn_netns "$ns" || return 1
	done
	$IP -n "$nsh" link add h0 type veth peer name c1 netns "$nsc" &&
		$IP -n "$nsc" link add c0 type veth peer name s0 netns "$nss" ||
		return 1
	# the host: everything through the client
	$IP -n "$nsh" -batch - <<-EOF || return 1
		addr add 198.18.1.2/24 dev h0
		addr add 2001:db8:2::2/64 dev h0 nodad
		link set h0 up
		route add default via 198.18.1.1
		route add ::/0 via 2001:db8:2::1
	EOF
	# the client: the host's network, the transport, the tunnel
	$IP -n "$nsc" -batch - <<-EOF || return 1
		addr add 198.18.1.1/24 dev c1
		addr add 2001:db8:2::1/64 dev c1 nodad
		link set c1 up
		addr add 198.18.0.1/24 dev c0
		addr add 2001:db8::1/64 dev c0 nodad
		link set c0 up
	EOF
	nsx "$nsc" sh -c "echo 1 >/proc/sys/net/ipv4/ip_forward &&
		echo 1 >/proc/sys/net/ipv6/conf/all/forwarding" || return 1
	# the server: the host's network through the tunnel
	$IP -n "$nss" -batch - <<-EOF || return 1
		addr add 198.18.0.2/24 dev s0
		addr add 2001:db8::2/64 dev s0 nodad
		link set s0 up
	EOF
	for ns in "$nsc" "$nss"; do
		"$OVPN_CLI" -n "$ns" iface-new ovpn0 p2p || return 1
	done
	$IP -n "$nsc" -batch - <<-EOF || return 1
		addr add 198.19.0.1/24 dev ovpn0
		addr add 2001:db8:1::1/64 dev ovpn0 nodad
		link set ovpn0 up
	EOF
	$IP -n "$nss" -batch - <<-EOF || return 1
		addr add $srv4/24 dev ovpn0
		addr add $srv6/64 dev ovpn0 nodad
		link set ovpn0 up
		route add 198.18.1.0/24 dev ovpn0
		route add 2001:db8:2::/64 dev ovpn0
	EOF
	start_peers
}

ovpn_check "setup: host, forwarding client and server ($OVPN_TRANSPORT transport)" \
	setup || ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

# stats NS DEV: packet counters, for failure reports
stats() {
	echo "$1/$2: $(nsx "$1" sh -c "cd /sys/class/net/$2/statistics &&
		for f in rx_packets rx_dropped tx_packets tx_dropped; do
			echo -n \"\$f=\$(cat \$f) \"; done")"
}

# hping PING-OPTS...: the host pings; where the packets got lost if not
hping() {
	nsx "$nsh" ping -q -c 3 -i 0.2 -W 5 "$@" && return 0
	ktap_print_msg "$(stats "$nsc" c1)"
	ktap_print_msg "$(stats "$nsc" ovpn0)"
	ktap_print_msg "$(stats "$nss" ovpn0)"
	ktap_print_msg "client peer: $("$OVPN_CLI" -n "$nsc" peer-get ovpn0 $peer_id)"
	return 1
}

ovpn_check "the client pings the server through the tunnel" \
	nsx "$nsc" ping -q -c 2 -i 0.2 -W 5 $srv4
ovpn_check "IPv4 ping from the host, forwarded into the tunnel" \
	hping $srv4
ovpn_check "IPv6 ping from the host, forwarded into the tunnel" \
	hping -6 $srv6
ovpn_check "3000-byte IPv4 pings from the host" hping -s 3000 $srv4
ovpn_check "3000-byte IPv6 pings from the host" hping -6 -s 3000 $srv6

iperf() {
	nsx "$nss" iperf3 -s -1 -D -B $srv4 --logfile "$tmp/iperf-s.log" &&
		ovpn_wait_for 5 bash -c "$IP netns exec $nss ss -ltn | grep -q $srv4:5201" &&
		nsx "$nsh" iperf3 -c $srv4 -t 2 -f m >"$tmp/iperf.log" &&
		grep -E 'receiver$' "$tmp/iperf.log" | sed 's/^/# /'
}
ovpn_check "iperf3 TCP from the host through the tunnel" iperf

ktap_finished
