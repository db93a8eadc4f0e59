#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Create and delete ovpn interfaces in both modes; a bad mode is refused;
# the generic netlink family resolves.

source "$(dirname "$(realpath "$0")")/common.sh"

ovpn_start 9

ns=ovpn-iface-$$
ovpn_netns "$ns" || ktap_exit_fail_msg "cannot create netns"

nsip() {
	$IP -n "$ns" "$@"
}

ovpn_check "p2p interface created" \
	"$OVPN_CLI" -n "$ns" iface-new ovpn0 p2p
ovpn_check "p2p interface reports kind ovpn" \
	bash -c "$IP -n $ns -j -d link show ovpn0 | grep -q '\"info_kind\":\"ovpn\"'"
ovpn_check "mp interface created" \
	"$OVPN_CLI" -n "$ns" iface-new ovpn1 mp
ovpn_check "iproute2 creates a default (p2p) interface" \
	nsip link add ovpn2 type ovpn
ovpn_check "p2p device is point-to-point without ARP" \
	bash -c "$IP -n $ns link show ovpn0 | grep -q 'POINTOPOINT,NOARP'"
ovpn_expect_fail "mode 7 is refused" "Numerical result out of range" "" \
	"$OVPN_CLI" -n "$ns" iface-new ovpn3 7
ovpn_check "generic netlink family ovpn resolves" \
	bash -c "genl ctrl get name ovpn | grep -q 'Name: ovpn'"
ovpn_check "interfaces deleted" \
	bash -c "$OVPN_CLI -n $ns iface-del ovpn0 &&
		 $OVPN_CLI -n $ns iface-del ovpn1 && $IP -n $ns link del ovpn2"
ovpn_check "no ovpn interface left" \
	bash -c "! $IP -n $ns link show type ovpn | grep -q ovpn"

ktap_finished
