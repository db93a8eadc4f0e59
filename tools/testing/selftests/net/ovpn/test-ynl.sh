#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The specs are the contract: drive the driver with the kernel's own
# ynl CLI (tools/net/ynl/cli.py), which knows both families only from
# Documentation/netlink/specs/ovpn.yaml and ovpn-dco-v2.yaml. It encodes
# every request and decodes every reply and notification as the spec
# types their attributes, so an attribute the kernel sends with another
# type or length than the spec says fails here. Peers, keys, replies,
# dumps and the deletion notifications of both families.
#
# Variables:
#   YNL_CLI    the CLI (default: the tree's tools/net/ynl/cli.py, else
#              /ovpn/ynl/cli.py, where the bench's guest has it)
#   YNL_SPECS  the directory of the two specs (default: the tree's, else
#              /ovpn/ynl)

source "$(dirname "$(realpath "$0")")/common.sh"

tree=$OVPN_DIR/../../../../..
if [ -z "$YNL_CLI" ]; then
	YNL_CLI=$tree/tools/net/ynl/cli.py
	[ -f "$YNL_CLI" ] || YNL_CLI=/ovpn/ynl/cli.py
fi
if [ -z "$YNL_SPECS" ]; then
	YNL_SPECS=$tree/Documentation/netlink/specs
	[ -f "$YNL_SPECS/ovpn-dco-v2.yaml" ] || YNL_SPECS=/ovpn/ynl
fi

ovpn_require_root
# The peers' UDP sockets are this script's own, inherited by each CLI
# run as fds 3 and 4: so the script itself runs in the test's netns,
# which its first instance makes (and deletes at exit)
if [ -z "$OVPN_YNL_NS" ]; then
	ns=ovpn-ynl-$$
	ovpn_netns "$ns" || exit 1
	OVPN_YNL_NS=$ns $IP netns exec "$ns" "$0" "$@"
	exit $?
fi
ns=$OVPN_YNL_NS

ktap_print_header
if [ ! -f "$YNL_CLI" ] || [ ! -f "$YNL_SPECS/ovpn.yaml" ] ||
   ! command -v python3 >/dev/null; then
	ktap_skip_all "no ynl CLI, specs or python3 (YNL_CLI, YNL_SPECS)"
	exit "$KSFT_SKIP"
fi
ktap_set_plan 16

# a key of 32 bytes and a nonce tail of 8, in hex
key=$(printf '5a%.0s' {1..32})
nonce=$(printf 'a5%.0s' {1..8})
# 198.18.0.2 and port 1194, as the ovpn family's big-endian numbers and
# as the ovpn-dco-v2 family's struct sockaddr_in
remote4=$(((198 << 24) | (18 << 16) | 2))
sockaddr=020004aac61200020000000000000000

# ynl SPEC ARGS...: the CLI, JSON out; the Python of the bench's guest
# has no site module, so its path is given
ynl() {
	local spec=$1

	shift
	PYTHONPATH=/usr/lib/python3/dist-packages python3 -S "$YNL_CLI" \
		--spec "$YNL_SPECS/$spec.yaml" --no-schema --output-json "$@"
}

# ynl_has SPEC PATTERN... -- ARGS...: the request succeeds and its
# decoded output matches every PATTERN (extended regexes)
ynl_has() {
	local spec=$1 patterns=() out p

	shift
	while [ "$1" != -- ]; do
		patterns+=("$1")
		shift
	done
	shift
	out=$(ynl "$spec" "$@" 2>&1) || { echo "# $out"; return 1; }
	echo "$out" | sed 's/^/# /'
	for p in "${patterns[@]}"; do
		echo "$out" | grep -Eq "$p" || return 1
	done
}

setup() {
	$IP addr add 198.18.0.1/24 dev lo && $IP link add ovpn0 type ovpn &&
		$IP link add tun0 type ovpn-dco || return 1
	ifindex=$(cat /sys/class/net/ovpn0/ifindex)
	dco_ifindex=$(cat /sys/class/net/tun0/ifindex)
	# the peers' UDP sockets: connected, so bound, and held by this
	# shell for the whole test (the CLI inherits them as fds 3 and 4)
	exec 3<>/dev/udp/198.18.0.2/1194 4<>/dev/udp/198.18.0.2/1195
}
# the sockets must be this shell's own: set up outside a subshell
if setup; then
	ktap_test_pass "setup: an ovpn and an ovpn-dco interface, two UDP sockets"
else
	ktap_exit_fail_msg "setup failed"
fi

# --- the ovpn family ------------------------------------------------------
t0=$(date +%s)
ovpn_check "ovpn: peer-new with a UDP socket" \
	ynl ovpn --do peer-new --json "{\"ifindex\": $ifindex,
		\"peer\": {\"id\": 1, \"socket\": 3,
			\"remote-ipv4\": $remote4, \"remote-port\": 1194,
			\"vpn-ipv4\": $(((198 << 24) | (19 << 16) | 2))}}"
cli_secs=$(($(date +%s) - t0 + 1))
# a timeout the test cannot reach: the peer has no traffic, and in the
# debug kernel, beside another VM, the CLI runs up to peer-del took
# more than 60 s
ovpn_check "ovpn: peer-set of its keepalive" \
	ynl ovpn --do peer-set --json "{\"ifindex\": $ifindex,
		\"peer\": {\"id\": 1, \"keepalive-interval\": 10,
			\"keepalive-timeout\": 3600}}"
ovpn_check "ovpn: peer-get decodes the peer as the spec types it" \
	ynl_has ovpn '"id": 1[,}]' '"keepalive-timeout": 3600' -- --do peer-get \
		--json "{\"ifindex\": $ifindex, \"peer\": {\"id\": 1}}"
ovpn_check "ovpn: a peer-get dump decodes, endpoint and counters included" \
	ynl_has ovpn '"remote-port": 1194' '"link-tx-packets": 0' -- \
		--dump peer-get --json "{\"ifindex\": $ifindex}"

keyconf() {
	echo "{\"ifindex\": $ifindex, \"keyconf\": {\"peer-id\": 1,
		\"slot\": \"$1\", \"key-id\": $2, \"cipher-alg\": \"aes-gcm\",
		\"encrypt-dir\": {\"cipher-key\": \"$key\",
			\"nonce-tail\": \"$nonce\"},
		\"decrypt-dir\": {\"cipher-key\": \"$key\",
			\"nonce-tail\": \"$nonce\"}}}"
}

keys() {
	ynl ovpn --do key-new --json "$(keyconf primary 1)" &&
		ynl ovpn --do key-new --json "$(keyconf secondary 2)" &&
		ynl ovpn --do key-swap --json "{\"ifindex\": $ifindex,
			\"keyconf\": {\"peer-id\": 1}}"
}
ovpn_check "ovpn: key-new of two keys and key-swap" keys
ovpn_check "ovpn: key-get decodes the swapped key (id 2, AES-GCM)" \
	ynl_has ovpn '"key-id": 2' '"cipher-alg": "aes-gcm"' -- \
		--do key-get --json "{\"ifindex\": $ifindex,
			\"keyconf\": {\"peer-id\": 1, \"slot\": \"primary\"}}"
ovpn_check "ovpn: key-del of the secondary key" \
	ynl ovpn --do key-del --json "{\"ifindex\": $ifindex,
		\"keyconf\": {\"peer-id\": 1, \"slot\": \"secondary\"}}"

# subscribed GROUP: a generic netlink socket of the netns is in the
# multicast group of id GROUP (/proc/net/netlink shows the first 32)
subscribed() {
	local sk eth pid groups rest

	while read -r sk eth pid groups rest; do
		[ "$eth" = 16 ] && (((0x$groups >> ($1 - 1)) & 1)) && return 0
	done </proc/net/netlink
	return 1
}

# the seconds a CLI run takes here, measured on the first one
cli_secs=1

# listen LOG FAMILY: the CLI subscribed to the family's peers group;
# what it received, as JSON, is in LOG once it ended. The event must
# come after the subscription: wait for it where /proc/net/netlink can
# show it, else twice the time of a CLI run
listen() {
	local gid

	gid=$(genl ctrl get name "$2" |
		sed -n 's/.*ID-\(0x[0-9a-f]*\)  *name: peers.*/\1/p')
	ynl "$2" --subscribe peers --sleep $((3 * cli_secs + 10)) \
		>"$1" 2>&1 &
	listener=$!
	if [ -n "$gid" ] && [ "$((gid))" -le 32 ]; then
		ovpn_wait_for 60 subscribed "$((gid))"
	else
		sleep $((2 * cli_secs + 1))
	fi
}

listen "$tmp/ntf.log" ovpn
ovpn_check "ovpn: peer-del" \
	ynl ovpn --do peer-del --json "{\"ifindex\": $ifindex,
		\"peer\": {\"id\": 1}}"
wait $listener
sed 's/^/# /' "$tmp/ntf.log"
ovpn_check "ovpn: the peer-del-ntf decodes, reason userspace" \
	grep -Eq '"peer-del-ntf".*"del-reason": "userspace"' "$tmp/ntf.log"

# --- the ovpn-dco-v2 family of OpenVPN 2.6 ---------------------------------
ovpn_check "ovpn-dco-v2: new-peer with a UDP socket" \
	ynl ovpn-dco-v2 --do new-peer --json "{\"ifindex\": $dco_ifindex,
		\"new-peer\": {\"peer-id\": 7, \"socket\": 4,
			\"sockaddr-remote\": \"$sockaddr\"}}"
ovpn_check "ovpn-dco-v2: get-peer decodes the peer as the spec types it" \
	ynl_has ovpn-dco-v2 '"peer-id": 7' '"local-port": [1-9]' -- \
		--do get-peer \
		--json "{\"ifindex\": $dco_ifindex, \"get-peer\": {\"peer-id\": 7}}"
ovpn_check "ovpn-dco-v2: a get-peer dump decodes, 64-bit byte counters included" \
	ynl_has ovpn-dco-v2 "\"sockaddr-remote\": \"$sockaddr\"" \
		'"vpn-rx-bytes": 0' -- --dump get-peer --json "{\"ifindex\": $dco_ifindex}"

dco_keys() {
	local k="\"cipher-key\": \"$key\", \"nonce-tail\": \"$nonce\""

	ynl ovpn-dco-v2 --do new-key --json "{\"ifindex\": $dco_ifindex,
		\"new-key\": {\"peer-id\": 7, \"key-slot\": \"primary\",
			\"key-id\": 3, \"cipher-alg\": \"aes-gcm\",
			\"encrypt-key\": {$k}, \"decrypt-key\": {$k}}}" &&
		ynl ovpn-dco-v2 --do swap-keys --json \
			"{\"ifindex\": $dco_ifindex, \"swap-keys\": {\"peer-id\": 7}}" &&
		ynl ovpn-dco-v2 --do del-key --json "{\"ifindex\": $dco_ifindex,
			\"del-key\": {\"peer-id\": 7, \"key-slot\": \"secondary\"}}"
}
ovpn_check "ovpn-dco-v2: new-key, swap-keys and del-key" dco_keys

listen "$tmp/dco-ntf.log" ovpn-dco-v2
ovpn_check "ovpn-dco-v2: del-peer" \
	ynl ovpn-dco-v2 --do del-peer --json "{\"ifindex\": $dco_ifindex,
		\"del-peer\": {\"peer-id\": 7}}"
wait $listener
sed 's/^/# /' "$tmp/dco-ntf.log"
# reason 1: userspace
ovpn_check "ovpn-dco-v2: the del-peer notification decodes, reason 1" \
	grep -Eq '"del-peer-ntf".*"reason": 1, "peer-id": 7' "$tmp/dco-ntf.log"

ktap_finished
