#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Once the connection is broken, a send() of userspace on the attached
# TCP socket fails as on any TCP socket: with EPIPE or ECONNRESET, and
# without SIGPIPE when it passes MSG_NOSIGNAL (every send of ovpn-cli
# does). Broken twice: the remote resets it, and userspace disconnects
# it (connect AF_UNSPEC, which resets it for the remote). The peer may
# be gone by then; that is fine.

source "$(dirname "$(realpath "$0")")/common.sh"
source "$OVPN_DIR/tcp-lib.sh"

ovpn_start 8

# send_fails LOG: SIGUSR1 makes peer $peer0 send a framed control
# packet; it must fail with EPIPE or ECONNRESET
send_fails() {
	kill -USR1 "$peer0" &&
		ovpn_wait_for 10 grep -qE '^ctrl-(sent|send-error)' "$1" ||
		return 1
	grep '^ctrl-' "$1" | sed 's/^/# /'
	grep -qE '^ctrl-send-error .*errno=(EPIPE|ECONNRESET)$' "$1"
}

# no_sigpipe LOG: stop peer $peer0, read its SIGPIPE count
no_sigpipe() {
	tcp_stop "$peer0"
	ktap_print_msg "$(grep '^stats' "$1")"
	[ "$(tcp_stat "$1" sigpipe)" = 0 ]
}

setup() {
	tcp_setup &&
		tcp_raw "$tmp/raw.log" pause rst &&
		tcp_dco_connect "$tmp/peer0.log" --keep-open --ctrl 2001020304
}
ovpn_check "setup: a DCO peer on TCP, a raw remote" setup ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

reset() {
	kill -USR1 "$raw_pid" &&
		ovpn_wait_for 10 grep -q '^rst-sent' "$tmp/raw.log" &&
		ovpn_wait_for 10 grep -qE '^tcp-(ended|error)' "$tmp/peer0.log"
}
ovpn_check "the remote resets the connection, userspace sees it" reset
ovpn_check "a send after the reset fails with EPIPE or ECONNRESET" \
	send_fails "$tmp/peer0.log"
ovpn_check "no SIGPIPE for a send with MSG_NOSIGNAL after the reset" \
	no_sigpipe "$tmp/peer0.log"

# the same with the socket disconnected by userspace: a new connection
setup2() {
	ovpn_wait_for 5 ovpn_peer_gone "$ns0" $peer_id &&
		tcp_raw "$tmp/raw2.log" wait &&
		tcp_dco_connect "$tmp/peer0b.log" --keep-open \
			--ctrl 2001020304 --disconnect
}
ovpn_check "setup: a new DCO peer on TCP, a raw remote" setup2 ||
	ktap_exit_fail_msg "setup failed: $(cat "$tmp"/*.log)"

disconnect() {
	kill -USR2 "$peer0" &&
		ovpn_wait_for 10 grep -q '^disconnected' "$tmp/peer0b.log" &&
		ovpn_wait_for 10 grep -q '^recv-error errno=ECONNRESET' \
			"$tmp/raw2.log"
}
ovpn_check "userspace disconnects the socket, the remote sees a reset" \
	disconnect
ovpn_check "a send after the disconnect fails with EPIPE or ECONNRESET" \
	send_fails "$tmp/peer0b.log"
ovpn_check "no SIGPIPE for a send with MSG_NOSIGNAL after the disconnect" \
	no_sigpipe "$tmp/peer0b.log"

ktap_finished
