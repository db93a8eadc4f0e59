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

# ovpn26_dev_packets NS IFNAME: packets received plus sent by the device
ovpn26_dev_packets() {
	local d=/sys/class/net/$2/statistics

	$IP netns exec "$1" sh -c "echo \$((\$(cat $d/rx_packets) + \$(cat $d/tx_packets)))"
}
