#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the tests that run the real OpenVPN 2.6 binary (Debian's
# openvpn package) against the driver's ovpn-dco-v2 compatibility
# layer. Sourced after common.sh, never run.
#
# Certificates are made with openssl at run time; peers authenticate
# each other with --peer-fingerprint, no CA.

OPENVPN=${OPENVPN:-$(command -v openvpn)}
OPENSSL=${OPENSSL:-$(command -v openssl)}

ovpn26_require() {
	if [ -z "$OPENVPN" ] || [ -z "$OPENSSL" ]; then
		ktap_skip_all "openvpn or openssl not installed"
		exit "$KSFT_SKIP"
	fi
	if ! "$OPENVPN" --version 2>/dev/null | grep -q '\[DCO\]'; then
		ktap_skip_all "openvpn built without DCO support"
		exit "$KSFT_SKIP"
	fi
}

# ovpn26_cert DIR NAME: a self-signed EC certificate and key; prints
# the SHA-256 fingerprint
ovpn26_cert() {
	"$OPENSSL" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
		-nodes -days 2 -subj "/CN=$2" -keyout "$1/$2.key" \
		-out "$1/$2.crt" >/dev/null 2>&1 || return 1
	"$OPENSSL" x509 -in "$1/$2.crt" -noout -fingerprint -sha256 |
		cut -d= -f2
}

# ovpn26_wait LOG: until OpenVPN says the tunnel is up
ovpn26_wait() {
	ovpn_wait_for "${2:-60}" grep -q 'Initialization Sequence Completed' \
		"$1"
}

# ovpn26_dco_used LOG PID IFNAME NS: proof that the data channel was
# offloaded: OpenVPN says so, the interface is of kind ovpn-dco, and the
# process holds no tun device to read packets from
ovpn26_dco_used() {
	local log=$1 pid=$2 ifname=$3 ns=$4

	grep -q "DCO device $ifname opened" "$log" &&
		$IP -n "$ns" -d link show "$ifname" | grep -q 'ovpn-dco' &&
		! ls -l "/proc/$pid/fd" 2>/dev/null | grep -q '/dev/net/tun'
}

# ovpn26_userspace_used LOG PID: the opposite: a tun device, no DCO
ovpn26_userspace_used() {
	! grep -q 'DCO device .* opened' "$1" &&
		ls -l "/proc/$2/fd" 2>/dev/null | grep -q '/dev/net/tun'
}

# ovpn26_rx_bytes NS IFNAME: bytes the device has received
ovpn26_rx_bytes() {
	$IP netns exec "$1" cat "/sys/class/net/$2/statistics/rx_bytes"
}

# ovpn26_iperf SERVER_NS CLIENT_NS LOG: two seconds of iperf3 from the
# client namespace to 198.19.0.1 in the server namespace
ovpn26_iperf() {
	$IP netns exec "$1" iperf3 -s -1 -D -B 198.19.0.1 &&
		ovpn_wait_for 5 bash -c \
			"$IP netns exec $1 ss -ltn | grep -q 198.19.0.1:5201" &&
		$IP netns exec "$2" iperf3 -c 198.19.0.1 -t 2 -f m \
			>"$3" 2>&1 &&
		grep -E 'receiver$' "$3" | sed 's/^/# /'
}

# ovpn26_iperf_bytes LOG: bytes the iperf3 receiver got, from its summary
# ("1.25 MBytes"; rounded down, so a device that carried them has counted
# at least this much)
ovpn26_iperf_bytes() {
	awk '/receiver$/ { for (i = 2; i <= NF; i++) {
		m = 0
		if ($i == "Bytes") m = 1
		if ($i == "KBytes") m = 1024
		if ($i == "MBytes") m = 1024 * 1024
		if ($i == "GBytes") m = 1024 * 1024 * 1024
		if (m) printf "%d\n", ($(i - 1) - 0.01) * m
	} }' "$1"
}

# ovpn26_status_carried STATUS_FILE LINE_PREFIX FIELD IPERF_LOG: the
# counter that OpenVPN's --status file shows in FIELD (comma separated)
# of the line starting with LINE_PREFIX is at least what the iperf3
# receiver got. With DCO, OpenVPN has no packets of its own to count:
# it reads the peer's counters from the driver (GET_PEER), once a second
ovpn26_status_carried() {
	local got want

	got=$(awk -F, -v p="$2" -v f="$3" \
		'index($0, p) == 1 { print $f }' "$1")
	want=$(ovpn26_iperf_bytes "$4")
	[ -n "$got" ] && [ -n "$want" ] && [ "$want" -gt 0 ] &&
		[ "$got" -ge "$want" ]
}

# ovpn26_status_wait STATUS_FILE LINE_PREFIX FIELD IPERF_LOG: until
# ovpn26_status_carried holds. OpenVPN rewrites the file from its
# per-second timers, which run only when its event loop wakes up: with
# the data channel offloaded that can take several seconds
ovpn26_status_wait() {
	ovpn_wait_for 30 ovpn26_status_carried "$@" && return 0
	echo "# OpenVPN's status line: $(grep "^$2" "$1")"
	echo "# iperf3 receiver bytes: $(ovpn26_iperf_bytes "$4")"
	return 1
}

# ovpn26_carried NS IFNAME RX_BEFORE LOG: the device received at least
# what the iperf3 receiver behind it got
ovpn26_carried() {
	local got want

	got=$(($(ovpn26_rx_bytes "$1" "$2") - $3))
	want=$(ovpn26_iperf_bytes "$4")
	echo "# $2 received $got bytes, iperf3 got ${want:-?}"
	[ -n "$want" ] && [ "$want" -gt 0 ] && [ "$got" -ge "$want" ]
}
