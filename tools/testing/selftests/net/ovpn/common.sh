#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the ovpn selftests. Sourced, never run.

OVPN_DIR=$(dirname "$(realpath "${BASH_SOURCE[0]}")")
# shellcheck source=../../kselftest/ktap_helpers.sh
source "$OVPN_DIR/../../kselftest/ktap_helpers.sh"

# net/lib.sh: setup_ns, cleanup_ns, busywait, slowwait
# shellcheck source=../lib.sh
source "$OVPN_DIR/../lib.sh"

OVPN_CLI=${OVPN_CLI:-$OVPN_DIR/ovpn-cli}
# real tools, never busybox applets of the same name
IP=${IP:-$(command -v ip)}

# The one cleanup of every test, trapped here. A test creates its
# namespaces with ovpn_netns (or net/lib.sh's setup_ns), keeps scratch
# files in $tmp and, for anything else to undo, defines
# ovpn_cleanup_extra. At exit background jobs are stopped, then
# ovpn_cleanup_extra runs, then the namespaces and $tmp go.
tmp=$(mktemp -d)

ovpn_cleanup() {
	local p

	for p in $(jobs -p); do
		kill "$p" 2>/dev/null
	done
	wait 2>/dev/null
	declare -F ovpn_cleanup_extra >/dev/null && ovpn_cleanup_extra
	cleanup_all_ns >/dev/null
	rm -rf "$tmp"
	ovpn_kmsg "ends"
}
trap ovpn_cleanup EXIT

# ovpn_kmsg WHAT: "ovpn selftest: SCRIPT WHAT" in the kernel log, which
# then tells which selftest ran when, and what a splat came with
ovpn_kmsg() {
	echo "ovpn selftest: ${0##*/} $1" >/dev/kmsg 2>/dev/null
	return 0
}
ovpn_kmsg "starts"

# ovpn_netns NAME...: create namespaces, lo up, deleted at exit
ovpn_netns() {
	local ns

	for ns in "$@"; do
		$IP netns add "$ns" || return 1
		NS_LIST+=("$ns")
		$IP -n "$ns" link set lo up || return 1
	done
}

# ovpn_one_ns NS MODE ADDR: namespace NS with a veth pair inside it (v0
# with ADDR, and v1, both up) and ovpn0 in MODE, for tests of a single
# interface
ovpn_one_ns() {
	ovpn_netns "$1" &&
		$IP -n "$1" link add v0 type veth peer name v1 &&
		$IP -n "$1" addr add "$3" dev v0 &&
		$IP -n "$1" link set v0 up &&
		$IP -n "$1" link set v1 up &&
		"$OVPN_CLI" -n "$1" iface-new ovpn0 "$2"
}

# ovpn_check DESCRIPTION COMMAND... - one KTAP result from a command;
# fails if the command does
ovpn_check() {
	local desc=$1
	shift
	if "$@"; then
		ktap_test_pass "$desc"
	else
		ktap_test_fail "$desc"
		return 1
	fi
}

# ovpn_expect_fail DESCRIPTION ERRNO_NAME MESSAGE COMMAND...
# the command must fail and its stderr must name the errno and carry
# the extack message given (a fixed substring)
ovpn_expect_fail() {
	local desc=$1 err=$2 msg=$3 out
	shift 3
	if out=$("$@" 2>&1); then
		ktap_print_msg "$desc: unexpectedly succeeded"
		ktap_test_fail "$desc"
		return 1
	fi
	if [[ "$out" != *"$err"* || "$out" != *"$msg"* ]]; then
		ktap_print_msg "$desc: wanted '$err' and '$msg', got: $out"
		ktap_test_fail "$desc"
		return 1
	fi
	ktap_test_pass "$desc"
}

# ovpn_wait_for TIMEOUT_S COMMAND... - poll until COMMAND succeeds
# (net/lib.sh's slowwait, without COMMAND's output)
ovpn_wait_for() {
	slowwait "$@" >/dev/null
}

# ovpn_ping_from DEST NS...: DEST answers pings from each NS
ovpn_ping_from() {
	local dest=$1 ns

	shift
	for ns in "$@"; do
		$IP netns exec "$ns" ping -q -c 3 -i 0.2 -W 5 "$dest" \
			>/dev/null || return 1
	done
}

# ovpn_snmp NS 4|6 PROTO NAME: the SNMP counter NAME of PROTO (Ip, Icmp,
# Udp...) for IPv4 or IPv6 in NS: PROTO:NAME in /proc/net/snmp, or
# PROTO6NAME in /proc/net/snmp6
ovpn_snmp() {
	if [ "$2" = 4 ]; then
		$IP netns exec "$1" awk -v p="$3:" -v f="$4" '
			$1 != p { next }
			!c { for (i = 2; i <= NF; i++) if ($i == f) c = i; next }
			{ print $c; exit }' /proc/net/snmp
	else
		$IP netns exec "$1" awk -v f="${3}6$4" '$1 == f { print $2 }' \
			/proc/net/snmp6
	fi
}

# ovpn_module_load: load the driver module again, from the kernel's
# module tree (modprobe, as DKMS installs it) or, where the bench's
# kernel has it, /lib/modules/ovpn-bench
ovpn_module_load() {
	if [ -e /lib/modules/ovpn-bench/ovpn.ko ]; then
		insmod /lib/modules/ovpn-bench/ovpn.ko
	else
		modprobe ovpn
	fi
}

# ovpn_dev_stat NS FIELD [DEV]: the interface counter FIELD
# (/sys/class/net/DEV/statistics/FIELD) of DEV, ovpn0 by default, in NS
ovpn_dev_stat() {
	$IP netns exec "$1" cat "/sys/class/net/${3:-ovpn0}/statistics/$2"
}

# ovpn_dev_stat_above NS FIELD N [DEV]: true while that counter is above
# N (for ovpn_wait_for)
ovpn_dev_stat_above() {
	[ "$(ovpn_dev_stat "$1" "$2" "${4:-ovpn0}")" -gt "$3" ]
}

# ovpn_peer_stat NS ID FIELD [DEV]: the value of FIELD (e.g.
# vpn-rx-packets) in PEER_GET of peer ID on DEV (ovpn0 by default) in NS
ovpn_peer_stat() {
	"$OVPN_CLI" -n "$1" peer-get "${4:-ovpn0}" "$2" | tr ' ' '\n' |
		sed -n "s/^$3=//p"
}

# ovpn_peer_gone NS ID [DEV]: true once DEV (ovpn0 by default) in NS no
# longer has peer ID (for ovpn_wait_for)
ovpn_peer_gone() {
	! "$OVPN_CLI" -n "$1" peer-get "${3:-ovpn0}" "$2" >/dev/null 2>&1
}

# ovpn_checked_kernel: true in a kernel with runtime checkers, ten to
# twenty times slower than a plain one: the debug flavour's (KASAN,
# kmemleak among them) or KCSAN. Tests take fewer rounds there.
ovpn_checked_kernel() {
	[ -e /sys/kernel/debug/kmemleak ] || [ -e /sys/kernel/debug/kcsan ]
}

# ovpn_check_shed SHED WHAT: one result about the authentic new packets
# a fuzzed peer took: WHAT (e.g. "the peer took") exactly them, or, in a
# checked kernel, where decryption may be slow enough that bursts
# overflow the crypto queue or the backlog and authentic packets are
# dropped (and counted) too, no more than them. SHED is how many fewer
# it took.
ovpn_check_shed() {
	if ovpn_checked_kernel; then
		ovpn_check "$2 no more than the authentic new packets ($1 shed under load)" \
			[ "$1" -ge 0 ]
	else
		ovpn_check "$2 exactly the authentic new packets" \
			[ "$1" -eq 0 ]
	fi
}

# Root, or skip. A variant script that runs another one with another
# cipher sets OVPN_DEBUG_SKIP to what covers it in a checked kernel:
# there it is skipped, unless OVPN_DEBUG_ALL=1.
ovpn_require_root() {
	if [ "$(id -u)" -ne 0 ]; then
		ktap_skip_all "must run as root"
		exit "$KSFT_SKIP"
	fi
	if [ -n "${OVPN_DEBUG_SKIP:-}" ] && [ "${OVPN_DEBUG_ALL:-0}" != 1 ] &&
	   ovpn_checked_kernel; then
		ktap_skip_all "debug kernel: $OVPN_DEBUG_SKIP"
		exit "$KSFT_SKIP"
	fi
}

# ovpn_start PLAN: root or skip, then the KTAP header and plan
ovpn_start() {
	ovpn_require_root
	ktap_print_header
	ktap_set_plan "$1"
}
