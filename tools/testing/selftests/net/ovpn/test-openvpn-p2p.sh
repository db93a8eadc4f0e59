#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real OpenVPN 2.6 on the driver's ovpn-dco-v2 compatibility layer, in
# P2P mode: DCO against DCO, then DCO against userspace OpenVPN
# (--disable-dco). TLS with self-signed certificates and
# --peer-fingerprint. IPv4 and IPv6 inside, iperf3, and a forced
# renegotiation under traffic that must lose no more than userspace
# OpenVPN loses in the same situation.
#
# Variables (the variant scripts set them):
#   OVPN26_PROTO   udp or tcp (default udp)
#   OVPN26_CIPHER  an OpenVPN data cipher (default AES-256-GCM)

source "$(dirname "$(realpath "$0")")/common.sh"
source "$OVPN_DIR/openvpn-lib.sh"

OVPN26_PROTO=${OVPN26_PROTO:-udp}
OVPN26_CIPHER=${OVPN26_CIPHER:-AES-256-GCM}

ovpn_require_root
ovpn26_require
ktap_print_header
ktap_set_plan 20

ns0=ovpn-26a-$$
ns1=ovpn-26b-$$

setup() {
	local ns

	ovpn_netns "$ns0" "$ns1" || return 1
	$IP -n "$ns0" link add v0 type veth peer name v1 netns "$ns1" ||
		return 1
	for ns in "$ns0" "$ns1"; do
		$IP -n "$ns" link set lo up
	done
	$IP -n "$ns0" addr add 198.18.0.1/24 dev v0
	$IP -n "$ns1" addr add 198.18.0.2/24 dev v1
	$IP -n "$ns0" link set v0 up
	$IP -n "$ns1" link set v1 up
	fp0=$(ovpn26_cert "$tmp" side0) && fp1=$(ovpn26_cert "$tmp" side1)
}

# start SIDE(0|1) MODE(dco|userspace) [EXTRA...]: OpenVPN in its
# namespace; its pid goes to $pid0 or $pid1, its log to $tmp/SIDE.log
start() {
	local side=$1 mode=$2 ns role fp me other proto=()
	shift 2

	if [ "$side" = 0 ]; then
		ns=$ns0 role=--tls-server fp=$fp1 me=1 other=2
	else
		ns=$ns1 role=--tls-client fp=$fp0 me=2 other=1
	fi
	# over TCP the server side listens, the client side connects
	if [ "$OVPN26_PROTO" = udp ]; then
		proto=(--proto udp --remote 198.18.0.$other 1194)
	elif [ "$side" = 0 ]; then
		proto=(--proto tcp-server)
	else
		proto=(--proto tcp-client --remote 198.18.0.$other 1194)
	fi
	[ "$mode" = userspace ] && set -- --disable-dco "$@"

	$IP netns exec "$ns" "$OPENVPN" --dev tun-ovpn --dev-type tun \
		--topology subnet "${proto[@]}" "$role" --dh none \
		--cert "$tmp/side$side.crt" --key "$tmp/side$side.key" \
		--peer-fingerprint "$fp" --data-ciphers "$OVPN26_CIPHER" \
		--allow-compression no --ping 5 --ping-restart 30 \
		--local 198.18.0.$me --lport 1194 --connect-retry 1 \
		--ifconfig 198.19.0.$me 255.255.255.0 \
		--ifconfig-ipv6 2001:db8:1::$me/64 2001:db8:1::$other \
		--status "$tmp/$side.status" 1 --verb 3 "$@" \
		>"$tmp/$side.log" 2>&1 &
	eval "pid$side=$!"
}

stop() {
	kill "$pid0" "$pid1" 2>/dev/null
	wait "$pid0" "$pid1" 2>/dev/null
	ovpn_wait_for 10 bash -c "
		! $IP -n $ns0 link show tun-ovpn >/dev/null 2>&1 &&
		! $IP -n $ns1 link show tun-ovpn >/dev/null 2>&1"
}

up() {
	ovpn26_wait "$tmp/0.log" && ovpn26_wait "$tmp/1.log" && return 0
	tail -n 8 "$tmp/0.log" "$tmp/1.log" | sed 's/^/# /'
	return 1
}

dco_both() {
	ovpn26_dco_used "$tmp/0.log" "$pid0" tun-ovpn "$ns0" &&
		ovpn26_dco_used "$tmp/1.log" "$pid1" tun-ovpn "$ns1"
}

dco_and_userspace() {
	ovpn26_dco_used "$tmp/0.log" "$pid0" tun-ovpn "$ns0" &&
		ovpn26_userspace_used "$tmp/1.log" "$pid1"
}

pings() {
	$IP netns exec "$ns1" ping -q -c 3 -i 0.2 -W 5 198.19.0.1 &&
		$IP netns exec "$ns1" ping -q -6 -c 3 -i 0.2 -W 5 2001:db8:1::1
}

iperf() {
	ovpn26_iperf "$ns0" "$ns1" "$tmp/iperf.log"
}

# lost pings out of 200 at 0.05 s while a renegotiation (reneg-sec 3,
# on side 1) runs; the count goes to $lost
reneg_loss() {
	local before

	before=$(grep -c 'TLS: soft reset\|Outgoing Data Channel: Cipher' \
		"$tmp/1.log")
	$IP netns exec "$ns1" ping -q -c 200 -i 0.05 -W 2 198.19.0.1 \
		>"$tmp/reneg-ping.log" 2>&1
	lost=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$tmp/reneg-ping.log")
	lost=$((200 - ${lost:-0}))
	# a new key must have been negotiated while the ping ran
	[ "$(grep -c 'TLS: soft reset\|Outgoing Data Channel: Cipher' \
		"$tmp/1.log")" -gt "$before" ]
}

ovpn_check "setup: namespaces and certificates" setup ||
	ktap_exit_fail_msg "setup failed"

# --- DCO against DCO -------------------------------------------------
start 0 dco
start 1 dco --reneg-sec 3
ovpn_check "OpenVPN 2.6 with DCO on both sides connects ($OVPN26_PROTO, $OVPN26_CIPHER)" up
ovpn_check "both sides offloaded the data channel to the driver" dco_both
ovpn_check "IPv4 ping through the offloaded tunnel" \
	$IP netns exec "$ns1" ping -q -c 3 -i 0.2 -W 5 198.19.0.1
ovpn_check "IPv6 ping through the offloaded tunnel" \
	$IP netns exec "$ns1" ping -q -6 -c 3 -i 0.2 -W 5 2001:db8:1::1
rx_bytes=$(ovpn26_rx_bytes "$ns0" tun-ovpn)
ovpn_check "iperf3 through the offloaded tunnel" iperf
ovpn_check "the driver's counters carried the traffic" \
	ovpn26_carried "$ns0" tun-ovpn "$rx_bytes" "$tmp/iperf.log"
ovpn_check "OpenVPN reads the peer's counters from the driver" \
	ovpn26_status_wait "$tmp/0.status" \
		"TUN/TAP read bytes," 2 "$tmp/iperf.log"
ovpn_check "a renegotiation under traffic happens" reneg_loss
dco_lost=$lost

# the ovpn-dco-v2 family as OpenVPN 2.6 speaks it, against its live peer
dco() {
	"$OVPN_CLI" -n "$ns0" dco tun-ovpn "$@"
}

# dco_peer_seen: the dump names one peer with counters that carried the
# iperf3 run; its id goes to $dco_id
dco_peer_seen() {
	local out

	out=$(dco get-peer) || return 1
	echo "$out" | sed 's/^/# /'
	dco_id=$(echo "$out" | sed -n 's/^peer-id=\([0-9]*\) .*/\1/p')
	[ "$(echo "$out" | wc -l)" -eq 1 ] && [ -n "$dco_id" ] &&
		[[ "$out" == *" vpn-rx-bytes="[1-9]* ]]
}

ovpn_check "the ovpn-dco-v2 dump shows OpenVPN's peer and its counters" \
	dco_peer_seen
ovpn_expect_fail "ovpn-dco-v2 NEW_KEY refuses a 20-byte AES key" EINVAL \
	"invalid key size" dco new-key --attr "new-key.peer-id=${dco_id:-0}" \
	--attr new-key.key-slot=secondary --attr new-key.key-id=5 \
	--attr new-key.cipher-alg=aes-gcm \
	--attr new-key.encrypt-key.cipher-key=hex:$(printf '11%.0s' {1..20}) \
	--attr new-key.encrypt-key.nonce-tail=hex:$(printf '22%.0s' {1..8}) \
	--attr new-key.decrypt-key.cipher-key=hex:$(printf '33%.0s' {1..20}) \
	--attr new-key.decrypt-key.nonce-tail=hex:$(printf '44%.0s' {1..8})
# each command has its own policy, generated from ovpn-dco-v2.yaml: a
# nest of another command is refused, not ignored
ovpn_expect_fail "ovpn-dco-v2 GET_PEER refuses the nest of another command" \
	EINVAL "Unsupported attribute" dco get-peer \
	--attr "get-peer.peer-id=${dco_id:-0}" \
	--attr "set-peer.peer-id=${dco_id:-0}"
ovpn_check "the tunnel still carries traffic after the refused key" pings
stop

# --- the same renegotiation in userspace, for comparison ---------------
start 0 userspace
start 1 userspace --reneg-sec 3
ovpn_check "userspace OpenVPN on both sides connects" up
ovpn_check "userspace renegotiates under traffic too" reneg_loss
user_lost=$lost
ktap_print_msg "renegotiation: DCO lost $dco_lost of 200, userspace $user_lost"
ovpn_check "DCO loses no more than userspace while renegotiating" \
	test "$dco_lost" -le "$((user_lost + 2))"
stop

# --- DCO against userspace ---------------------------------------------
start 0 dco
start 1 userspace
ovpn_check "DCO against userspace OpenVPN connects" up
ovpn_check "one side offloaded, the other reads a tun device" \
	dco_and_userspace
ovpn_check "IPv4 and IPv6 pings between DCO and userspace" pings
ovpn_check "iperf3 between DCO and userspace" iperf
stop

ktap_finished
