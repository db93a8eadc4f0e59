#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The "peers" multicast groups of both generic netlink families carry
# the transport endpoints of every peer (PEER_FLOAT_NTF): joining them
# needs CAP_NET_ADMIN, as every request of the families does. A process
# with uid 0 but no capability at all is refused with EPERM.

source "$(dirname "$(realpath "$0")")/common.sh"

ovpn_start 4

ns=ovpn-mcast-$$

ovpn_netns "$ns" || ktap_exit_fail_msg "cannot create netns"

cli() {
	"$OVPN_CLI" -n "$ns" "$@"
}

joins() {
	cli mcast-join "$1" peers | grep -q "^joined family=$1 group=peers"
}

for family in ovpn ovpn-dco-v2; do
	ovpn_check "$family: the peers group can be joined with CAP_NET_ADMIN" \
		joins "$family"
	ovpn_expect_fail "$family: joining the peers group needs CAP_NET_ADMIN" \
		EPERM "join $family/peers" cli mcast-join "$family" peers \
		--drop-caps
done

ktap_finished
