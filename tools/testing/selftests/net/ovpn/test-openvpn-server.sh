#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Real OpenVPN 2.6 as a server (--server, --client-to-client) with DCO
# on the driver's ovpn-dco-v2 compatibility layer, and three clients:
# two with DCO, one userspace (--disable-dco). Every client reaches the
# server and the others through it; the server's data channel is
# offloaded for all of them.

source "$(dirname "$(realpath "$0")")/common.sh"
source "$OVPN_DIR/openvpn-lib.sh"

ovpn_require_root
ovpn26_require
# OpenVPN 2.6 sends its server's IFLA_OVPN_MODE as the first byte of an
# int: on a big-endian machine that is 0, and the device it creates is
# a P2P one, where each new client replaces the last (seen with 2.6.14
# on s390x: a one-byte attribute of value 0). Not the driver's to undo.
if [ "$(printf '\001\000' | od -An -tu2 | tr -d ' ')" = 256 ]; then
	ktap_skip_all "big-endian: OpenVPN 2.6 asks the driver for a P2P device" \
		"for its server"
	exit "$KSFT_SKIP"
fi
ktap_print_header
ktap_set_plan 10

srv=ovpn-26s-$$
clients=(1 2 3)

cns() {
	echo "ovpn-26c$1-$$"
}

# the tunnel address the server pushed to client $1
client_ip() {
	$IP -n "$(cns "$1")" -4 -o addr show dev tun-c |
		sed -n 's/.* inet \([0-9.]*\)\/.*/\1/p'
}

setup() {
	local i ns fps=()

	ovpn_netns "$srv" || return 1
	$IP -n "$srv" link set lo up
	# with DCO, client-to-client traffic is forwarded by the kernel
	$IP netns exec "$srv" sh -c 'echo 1 >/proc/sys/net/ipv4/ip_forward' ||
		return 1
	srv_fp=$(ovpn26_cert "$tmp" server) || return 1
	for i in "${clients[@]}"; do
		ns=$(cns "$i")
		ovpn_netns "$ns" || return 1
		$IP -n "$ns" link set lo up
		$IP -n "$srv" link add s$i type veth peer name v0 netns "$ns"
		$IP -n "$srv" addr add 198.18.$i.1/24 dev s$i
		$IP -n "$srv" link set s$i up
		$IP -n "$ns" addr add 198.18.$i.2/24 dev v0
		$IP -n "$ns" link set v0 up
		fps+=(--peer-fingerprint "$(ovpn26_cert "$tmp" client$i)") ||
			return 1
	done

	$IP netns exec "$srv" "$OPENVPN" --server 198.19.0.0 255.255.255.0 \
		--topology subnet --client-to-client --dev tun-srv \
		--dev-type tun --proto udp --port 1194 \
		--dh none --cert "$tmp/server.crt" --key "$tmp/server.key" \
		"${fps[@]}" --data-ciphers AES-256-GCM \
		--allow-compression no --keepalive 5 30 \
		--status "$tmp/srv.status" 1 --verb 3 >"$tmp/srv.log" 2>&1 &
	srv_pid=$!
	if ! ovpn26_wait "$tmp/srv.log"; then
		tail -n 12 "$tmp/srv.log" | sed 's/^/# /'
		return 1
	fi

	for i in "${clients[@]}"; do
		local mode=()
		[ "$i" = 3 ] && mode=(--disable-dco)
		$IP netns exec "$(cns "$i")" "$OPENVPN" --client --dev tun-c \
			--dev-type tun --proto udp --remote 198.18.$i.1 1194 \
			--nobind --cert "$tmp/client$i.crt" \
			--key "$tmp/client$i.key" --peer-fingerprint "$srv_fp" \
			--data-ciphers AES-256-GCM --allow-compression no \
			--connect-retry 1 --verb 3 "${mode[@]}" \
			>"$tmp/c$i.log" 2>&1 &
		eval "cpid$i=$!"
	done
	for i in "${clients[@]}"; do
		if ! ovpn26_wait "$tmp/c$i.log"; then
			tail -n 8 "$tmp/c$i.log" "$tmp/srv.log" | sed 's/^/# /'
			return 1
		fi
	done
}

ovpn_check "setup: an OpenVPN 2.6 server with DCO and three clients" setup ||
	ktap_exit_fail_msg "setup failed"

ovpn_check "the server offloaded its data channel" \
	ovpn26_dco_used "$tmp/srv.log" "$srv_pid" tun-srv "$srv"
dco_clients() {
	ovpn26_dco_used "$tmp/c1.log" "$cpid1" tun-c "$(cns 1)" &&
		ovpn26_dco_used "$tmp/c2.log" "$cpid2" tun-c "$(cns 2)" &&
		ovpn26_userspace_used "$tmp/c3.log" "$cpid3"
}
ovpn_check "clients 1 and 2 offloaded theirs, client 3 reads a tun device" \
	dco_clients

ovpn_check "every client pings the server" \
	ovpn_ping_from 198.19.0.1 "$(cns 1)" "$(cns 2)" "$(cns 3)"

ping_clients() {
	local i ip
	for i in "${clients[@]}"; do
		ip=$(client_ip "$i")
		[ -n "$ip" ] || return 1
		$IP netns exec "$srv" ping -q -c 3 -i 0.2 -W 5 "$ip" \
			>/dev/null || return 1
	done
}
ovpn_check "the server pings every client" ping_clients

ovpn_check "a DCO client pings the userspace client through the server" \
	$IP netns exec "$(cns 1)" ping -q -c 3 -i 0.2 -W 5 "$(client_ip 3)"
ovpn_check "the userspace client pings a DCO client through the server" \
	$IP netns exec "$(cns 3)" ping -q -c 3 -i 0.2 -W 5 "$(client_ip 2)"

rx_bytes=$(ovpn26_rx_bytes "$srv" tun-srv)
ovpn_check "iperf3 from a DCO client to the server" \
	ovpn26_iperf "$srv" "$(cns 1)" "$tmp/iperf.log"
ovpn_check "the server's offloaded device carried the traffic" \
	ovpn26_carried "$srv" tun-srv "$rx_bytes" "$tmp/iperf.log"
# the client list shows "client1,REAL ADDRESS,BYTES RECEIVED,..."
ovpn_check "OpenVPN reads client 1's counters from the driver" \
	ovpn26_status_wait "$tmp/srv.status" client1, 3 \
		"$tmp/iperf.log"

ktap_finished
