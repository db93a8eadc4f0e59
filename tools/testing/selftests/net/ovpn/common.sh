#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the ovpn selftests. Sourced, never run.

OVPN_DIR=$(dirname "$(realpath "${BASH_SOURCE[0]}")")
# shellcheck source=../../kselftest/ktap_helpers.sh
source "$OVPN_DIR/../../kselftest/ktap_helpers.sh"

OVPN_CLI=${OVPN_CLI:-$OVPN_DIR/ovpn-cli}
# real tools, never busybox applets of the same name
IP=${IP:-$(command -v ip)}

# ovpn_check DESCRIPTION COMMAND... - one KTAP result from a command
ovpn_check() {
	local desc=$1
	shift
	if "$@"; then
		ktap_test_pass "$desc"
	else
		ktap_test_fail "$desc"
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
		return
	fi
	if [[ "$out" != *"$err"* || "$out" != *"$msg"* ]]; then
		ktap_print_msg "$desc: wanted '$err' and '$msg', got: $out"
		ktap_test_fail "$desc"
		return
	fi
	ktap_test_pass "$desc"
}

# ovpn_wait_for TIMEOUT_S COMMAND... - poll until COMMAND succeeds
ovpn_wait_for() {
	local deadline=$(($(date +%s) + $1))
	shift
	until "$@"; do
		[ "$(date +%s)" -ge $deadline ] && return 1
		sleep 0.1
	done
}

ovpn_require_root() {
	if [ "$(id -u)" -ne 0 ]; then
		ktap_skip_all "must run as root"
		exit "$KSFT_SKIP"
	fi
}
