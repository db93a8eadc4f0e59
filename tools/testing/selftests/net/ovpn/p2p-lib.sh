#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the P2P tunnel tests share, over UDP (test-p2p.sh) and over TCP
# (test-p2p-tcp.sh): two namespaces joined by veth, ovpn0 in each with
# IPv4 and IPv6 inside, the traffic checks, iperf3, key rotation under
# traffic and the interface teardown. Sourced after common.sh, never
# run.
#
# Other tests that need a P2P pair use p2p_links too.
#
# Variables (the variant scripts set them):
#   OVPN_FAMILY  4 or 6: address family of the transport (default 4)
#   OVPN_CIPHER  aes-gcm or chacha20-poly1305 (default aes-gcm)
#   p2p_ns       the namespaces are ${p2p_ns}0-PID and ${p2p_ns}1-PID
#                (default ovpn-p2p)

# shellcheck disable=SC2034,SC2154 # sourced: variables go both ways
OVPN_FAMILY=${OVPN_FAMILY:-4}
OVPN_CIPHER=${OVPN_CIPHER:-aes-gcm}
p2p_ns=${p2p_ns:-ovpn-p2p}

ns0=${p2p_ns}0-$$
ns1=${p2p_ns}1-$$
port=1194
peer_id=1

if [ "$OVPN_FAMILY" = 6 ]; then
	out0=2001:db8::1
	out1=2001:db8::2
	ep0="[$out0]:$port"
	ep1="[$out1]:$port"
else
	out0=198.18.0.1
	out1=198.18.0.2
	ep0="$out0:$port"
	ep1="$out1:$port"
fi
in0=198.19.0.1
in1=198.19.0.2
in6_0=2001:db8:1::1
in6_1=2001:db8:1::2

cli0() {
	"$OVPN_CLI" -n "$ns0" "$@"
}

cli1() {
	"$OVPN_CLI" -n "$ns1" "$@"
}

# p2p_iface N: ovpn0 in namespace N (0 or 1), its inner addresses, up
p2p_iface() {
	local ns=$p2p_ns$1-$$

	"$OVPN_CLI" -n "$ns" iface-new ovpn0 p2p || return 1
	$IP -n "$ns" addr add 198.19.0.$(($1 + 1))/24 dev ovpn0 &&
		$IP -n "$ns" addr add 2001:db8:1::$(($1 + 1))/64 dev ovpn0 \
			nodad &&
		$IP -n "$ns" link set ovpn0 up
}

# p2p_links: the namespaces, the veth between them and both ovpn0
p2p_links() {
	ovpn_netns "$ns0" "$ns1" || return 1
	$IP -n "$ns0" link add v0 type veth peer name v1 netns "$ns1" ||
		return 1
	$IP -n "$ns0" addr add 198.18.0.1/24 dev v0
	$IP -n "$ns1" addr add 198.18.0.2/24 dev v1
	$IP -n "$ns0" addr add 2001:db8::1/64 dev v0 nodad
	$IP -n "$ns1" addr add 2001:db8::2/64 dev v1 nodad
	$IP -n "$ns0" link set v0 up
	$IP -n "$ns1" link set v1 up
	p2p_iface 0 && p2p_iface 1
}

# p2p_ping_checks: five results, pings of every kind from ns0 to ns1
p2p_ping_checks() {
	ovpn_check "IPv4 ping through the tunnel" \
		$IP netns exec "$ns0" ping -q -c 3 -i 0.2 -W 5 $in1
	ovpn_check "IPv6 ping through the tunnel" \
		$IP netns exec "$ns0" ping -q -6 -c 3 -i 0.2 -W 5 $in6_1
	ovpn_check "flood ping without loss" \
		bash -c "$IP netns exec $ns0 ping -q -f -c 500 -W 5 $in1 |
			 grep -q ' 0% packet loss'"
	ovpn_check "3000-byte IPv4 pings" \
		$IP netns exec "$ns0" ping -q -s 3000 -c 3 -i 0.2 -W 5 $in1
	ovpn_check "3000-byte IPv6 pings" \
		$IP netns exec "$ns0" ping -q -6 -s 3000 -c 3 -i 0.2 -W 5 $in6_1
}

# iperf_start SECONDS: iperf3 from ns0 to ns1 in the background, its pid
# in $iperf_pid
iperf_start() {
	$IP netns exec "$ns1" iperf3 -s -1 -D -B $in1 \
		--logfile "$tmp/iperf-s.log" &&
		ovpn_wait_for 5 bash -c "$IP netns exec $ns1 ss -ltn | grep -q $in1:5201" ||
		return 1
	$IP netns exec "$ns0" iperf3 -c $in1 -t "$1" -f m \
		>"$tmp/iperf.log" 2>&1 &
	iperf_pid=$!
}

# iperf_done: iperf3 succeeded; its result goes to the log
iperf_done() {
	wait "$iperf_pid" && grep -E 'receiver$' "$tmp/iperf.log" | sed 's/^/# /' &&
		grep -qE 'receiver$' "$tmp/iperf.log"
}

# p2p_keepalives SECONDS: count, in $p2p_undelivered, the packets ns0's
# peer received on the link in SECONDS but did not deliver: the
# keepalives (the stack may send a few packets of its own, such as
# IPv6 MLD, and those are delivered)
p2p_keepalives() {
	local vpn_rx link_rx

	vpn_rx=$(ovpn_peer_stat "$ns0" $peer_id vpn-rx-packets)
	link_rx=$(ovpn_peer_stat "$ns0" $peer_id link-rx-packets)
	sleep "$1"
	vpn_rx=$(($(ovpn_peer_stat "$ns0" $peer_id vpn-rx-packets) - vpn_rx))
	link_rx=$(($(ovpn_peer_stat "$ns0" $peer_id link-rx-packets) - link_rx))
	ktap_print_msg "keepalive: $link_rx received, $vpn_rx delivered in $1 s"
	p2p_undelivered=$((link_rx - vpn_rx))
}

# p2p_rotate SEED: key rotation under traffic. The new key goes in as
# secondary on both sides, the sides swap, the old key is deleted; not
# a single ping may be lost.
p2p_rotate() {
	$IP netns exec "$ns0" ping -q -c 150 -i 0.02 -W 5 $in1 \
		>"$tmp/rot-ping.log" &
	local ping=$!

	sleep 0.5
	cli0 key-new ovpn0 $peer_id --slot secondary --key-id 1 \
		--cipher "$OVPN_CIPHER" --key-seed "$1" --key-dir 0 &&
		cli1 key-new ovpn0 $peer_id --slot secondary --key-id 1 \
			--cipher "$OVPN_CIPHER" --key-seed "$1" --key-dir 1 &&
		sleep 0.3 &&
		cli0 key-swap ovpn0 $peer_id &&
		sleep 0.3 &&
		cli1 key-swap ovpn0 $peer_id &&
		sleep 0.3 &&
		cli0 key-del ovpn0 $peer_id --slot secondary &&
		cli1 key-del ovpn0 $peer_id --slot secondary || return 1
	wait $ping || return 1
	grep -q ' 0% packet loss' "$tmp/rot-ping.log"
}

# p2p_teardown N: deleting ovpn0 in namespace N removes its peer, with
# reason teardown
p2p_teardown() {
	local ns=$p2p_ns$1-$$ log=$tmp/ntf-teardown$1.log

	"$OVPN_CLI" -n "$ns" listen --timeout 10 >"$log" &
	local listen=$!

	ovpn_wait_for 5 grep -q '^ready' "$log" || return 1
	"$OVPN_CLI" -n "$ns" iface-del ovpn0 || return 1
	ovpn_wait_for 5 grep -q 'peer-del-ntf' "$log"
	kill $listen
	wait $listen
	grep -q 'peer-del-ntf.*reason=teardown' "$log"
}
