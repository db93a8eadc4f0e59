#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Netlink boundary fuzzing of both families (ovpn-nl-fuzz.py): every
# attribute of every request the specs define, at and past its limits,
# against an MP interface of each link kind holding two peers and their
# keys. Every case is refused with an errno and an extack, or accepted;
# a refused one leaves the peers and keys as they were.
#
# Variables: YNL_LIB_DIR, the directory with the ynl library (lib/),
# YNL_SPECS the specs (defaults as in test-ynl.sh); OVPN_FUZZ_SEED.

source "$(dirname "$(realpath "$0")")/common.sh"

tree=$OVPN_DIR/../../../../..
if [ -z "$YNL_LIB_DIR" ]; then
	YNL_LIB_DIR=$tree/tools/net/ynl
	[ -d "$YNL_LIB_DIR/lib" ] || YNL_LIB_DIR=/ovpn/ynl
fi
if [ -z "$YNL_SPECS" ]; then
	YNL_SPECS=$tree/Documentation/netlink/specs
	[ -f "$YNL_SPECS/ovpn-dco-v2.yaml" ] || YNL_SPECS=/ovpn/ynl
fi

ovpn_require_root
ktap_print_header
if [ ! -d "$YNL_LIB_DIR/lib" ] || [ ! -f "$YNL_SPECS/ovpn.yaml" ] ||
   ! command -v python3 >/dev/null; then
	ktap_skip_all "no ynl library, specs or python3 (YNL_LIB_DIR, YNL_SPECS)"
	exit "$KSFT_SKIP"
fi

ns=ovpn-nlfz-$$
seed=()
[ -n "$OVPN_FUZZ_SEED" ] && seed=(--seed "$OVPN_FUZZ_SEED")

setup() {
	ovpn_netns "$ns" &&
		$IP -n "$ns" addr add 198.18.0.1/24 dev lo &&
		"$OVPN_CLI" -n "$ns" iface-new ovpn0 mp &&
		"$OVPN_CLI" -n "$ns" iface-new tun0 mp ovpn-dco
}

# fuzz SPEC IFNAME: the fuzzer's KTAP lines, in $tmp/SPEC.out
fuzz() {
	PYTHONPATH=/usr/lib/python3/dist-packages $IP netns exec "$ns" \
		python3 -S "$OVPN_DIR/ovpn-nl-fuzz.py" "$YNL_LIB_DIR" \
		"$YNL_SPECS/$1.yaml" "$2" "${seed[@]}" >"$tmp/$1.out" 2>&1
	echo $? >"$tmp/$1.rc"
}

setup || ktap_exit_fail_msg "setup failed"
fuzz ovpn ovpn0
fuzz ovpn-dco-v2 tun0

# one result per operation and one per family for the whole run
results=$(cat "$tmp/ovpn.out" "$tmp/ovpn-dco-v2.out" |
	grep -Ec '^(not )?ok [0-9]+ ')
ktap_set_plan $((results + 3))
ktap_test_pass "setup: an MP interface of each link kind"
for f in ovpn ovpn-dco-v2; do
	while IFS= read -r line; do
		case $line in
		"ok "[0-9]*) ktap_test_pass "${line#ok * }" ;;
		"not ok "[0-9]*) ktap_test_fail "${line#not ok * }" ;;
		"#"*) echo "$line" ;;
		TAP*|1..*) ;;
		*) echo "# $line" ;;
		esac
	done <"$tmp/$f.out"
	if [ "$(cat "$tmp/$f.rc")" = 0 ]; then
		ktap_test_pass "$f: the fuzzer ran to the end, the fixture intact"
	else
		ktap_test_fail "$f: the fuzzer ran to the end, the fixture intact"
	fi
done

ktap_finished
