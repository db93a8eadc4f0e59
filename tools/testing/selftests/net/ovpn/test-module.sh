#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The driver as a module of the kernel's module tree (as DKMS installs
# it): modinfo shows its version, and the kernel loads it on demand for
# each link kind and generic netlink family OpenVPN asks for, as it does
# when OpenVPN 2.6 or 2.7 starts on a machine where nothing loaded it
# yet. Leaves the module loaded. Skips where the driver is built in or
# not in the module tree.

source "$(dirname "$(realpath "$0")")/common.sh"

ovpn_require_root
if ! modinfo ovpn >/dev/null 2>&1; then
	ktap_skip_all "the driver is not a module of $(uname -r)'s module tree"
	exit "$KSFT_SKIP"
fi
ktap_print_header

# what to ask for: the kinds and families the module declares
mapfile -t kinds < <(modinfo -F alias ovpn | sed -n 's/^rtnl-link-//p')
mapfile -t families < <(modinfo -F alias ovpn |
	sed -n 's/^net-pf-16-proto-16-family-//p')
ktap_set_plan $((3 + ${#kinds[@]} + ${#families[@]}))

ns=ovpn-mod-$$
ovpn_netns "$ns" || ktap_exit_fail_msg "cannot create netns"

loaded() {
	grep -q '^ovpn ' /proc/modules
}

# unload: nothing may hold the module between the steps
unload() {
	! loaded || rmmod ovpn
}

load_by_kind() {
	unload && ! loaded &&
		$IP -n "$ns" link add ovpn-mod type "$1" && loaded &&
		$IP -n "$ns" link del ovpn-mod
}

load_by_family() {
	unload && ! loaded &&
		genl ctrl get name "$1" | grep -q "Name: $1" && loaded
}

ovpn_check "modinfo shows the module's version ($(modinfo -F version ovpn))" \
	[ -n "$(modinfo -F version ovpn)" ]
ovpn_check "the module declares the link kind ovpn and the family ovpn" \
	bash -c "modinfo -F alias ovpn | grep -qx rtnl-link-ovpn &&
		 modinfo -F alias ovpn | grep -qx net-pf-16-proto-16-family-ovpn"

for k in "${kinds[@]}"; do
	ovpn_check "ip link add type $k loads the module" load_by_kind "$k"
done

for f in "${families[@]}"; do
	ovpn_check "a lookup of the generic netlink family $f loads the module" \
		load_by_family "$f"
done

ovpn_check "ovpn-cli works on the module the kernel loaded" \
	"$OVPN_CLI" -n "$ns" iface-new ovpn-mod p2p

ktap_finished
