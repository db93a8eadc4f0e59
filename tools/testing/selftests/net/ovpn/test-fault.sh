#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fault injection, in a kernel that has it (the debug kernel:
# CONFIG_FAULT_INJECTION, FAILSLAB, FAIL_PAGE_ALLOC).
#
# Requests: every allocation a request makes fails in turn. ovpn-cli
# arms /proc/thread-self/fail-nth with N for the request (OVPN_FAIL_NTH),
# for N = 1, 2, ... until the request no longer reaches an N-th fault
# site; slab and page allocations that may sleep are eligible too. Each
# request that fails must say why (an errno) and leave nothing half
# done; one that succeeds although a fault hit (an allocation it can do
# without) is undone. Swept: PEER_NEW with a UDP socket (the socket
# attach), PEER_NEW with a TCP socket, KEY_NEW, KEY_SWAP, PEER_SET and a
# PEER_GET dump.
#
# Traffic: for three seconds, with iperf3 both ways and a flood ping,
# one in ten allocations of an sk_buff fails, in any context.
#
# Afterwards the tunnel carries traffic again; kmemleak (scanned when
# the VM ends) and the splat checks tell whether an error path leaked
# or broke something. Prints the number of faults injected per kind.

source "$(dirname "$(realpath "$0")")/common.sh"
p2p_ns=ovpn-fault
source "$OVPN_DIR/p2p-lib.sh"

fs=/sys/kernel/debug/failslab
fp=/sys/kernel/debug/fail_page_alloc

ovpn_require_root
if [ ! -e /proc/thread-self/fail-nth ] || [ ! -d $fs ] || [ ! -d $fp ]; then
	ktap_skip_all "no fault injection in this kernel" \
		"(CONFIG_FAULT_INJECTION, CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC)"
	exit "$KSFT_SKIP"
fi
ktap_print_header
ktap_set_plan 12

declare -A faults

# the fault injection settings, put back at exit
ovpn_cleanup_extra() {
	local c

	for d in $fs $fp; do
		echo 0 >$d/probability
		echo 1 >$d/times
		echo 2 >$d/verbose
	done
	echo Y >$fs/ignore-gfp-wait
	echo N >$fs/cache-filter
	echo Y >$fp/ignore-gfp-wait
	echo 1 >$fp/min-order
	for c in "${marked[@]}"; do
		echo 0 >"/sys/kernel/slab/$c/failslab"
	done
}
marked=()

# requests: allocations that may sleep are eligible, one line per fault
echo N >$fs/ignore-gfp-wait
echo N >$fp/ignore-gfp-wait
echo 0 >$fp/min-order
echo 1 >$fs/verbose
echo 1 >$fp/verbose

# sweep NAME UNDO CHECK CMD...: CMD with its 1st, 2nd, ... fault site
# failing, until it reaches none (then it must succeed; UNDO undoes
# it). A run that failed must report an errno, and CHECK must hold; a
# run that succeeded although a fault was injected is undone by UNDO.
# When the fault hit the kernel's reply (the socket reports ENOBUFS on
# receive: the ack could not be allocated), userspace cannot know
# whether the request was done, as OpenVPN cannot: then either CHECK
# holds, or UNDO must undo what was done.
sweep() {
	local name=$1 undo=$2 check=$3 n out rc

	shift 3
	for ((n = 1; n <= 500; n++)); do
		out=$(OVPN_FAIL_NTH=$n "$@" 2>&1)
		rc=$?
		case $out in
		*"fail-nth $n: not reached"*)
			faults[$name]=$((n - 1))
			if [ $rc -ne 0 ]; then
				ktap_print_msg "$name: failed without a fault: $out"
				return 1
			fi
			$undo
			return
			;;
		*"fail-nth $n: injected"*) ;;
		*)
			ktap_print_msg "$name, fault $n: no fail-nth report: $out"
			return 1
			;;
		esac
		if [ $rc -eq 0 ]; then
			$undo || { ktap_print_msg "$name, fault $n: undo failed"; return 1; }
		elif echo "$out" | grep -q '^error: netlink receive: No buffer space'; then
			$check || { $undo && $check; } || {
				ktap_print_msg "$name, fault $n: reply lost," \
					"state undone wrongly: $out"
				return 1
			}
		elif ! echo "$out" | grep -q '^error: '; then
			ktap_print_msg "$name, fault $n: failed without an errno: $out"
			return 1
		elif ! $check; then
			ktap_print_msg "$name, fault $n: left state behind: $out"
			return 1
		fi
	done
	ktap_print_msg "$name: more than 500 fault sites"
	return 1
}

setup() {
	p2p_links
}
ovpn_check "setup: namespaces and interfaces" setup ||
	ktap_exit_fail_msg "setup failed"

# --- PEER_NEW over UDP: the peer's socket is attached ---------------
no_peer() {
	ovpn_wait_for 10 ovpn_peer_gone "$ns0" $peer_id
}
ovpn_check "PEER_NEW with a UDP socket: every fault refused cleanly or survived" \
	sweep peer-new-udp no_peer no_peer \
	cli0 peer-udp ovpn0 $peer_id --bind "$ep0" --remote "$ep1" \
	--timeout 0.2

# --- PEER_NEW over TCP: a new connection each time ------------------
tcp_listen() {
	cli1 tcp-raw --listen "$ep1" --timeout 30 wait >"$tmp/raw.log" 2>&1 &
	raw=$!
	ovpn_wait_for 10 grep -q '^listening' "$tmp/raw.log"
}
tcp_peer() {
	tcp_listen || return 1
	cli0 peer-tcp ovpn0 $peer_id --remote "$ep1" --timeout 0.2
	local rc=$?
	wait $raw 2>/dev/null
	return $rc
}
ovpn_check "PEER_NEW with a TCP socket: every fault refused cleanly or survived" \
	sweep peer-new-tcp no_peer no_peer tcp_peer

# --- requests on a live peer ----------------------------------------
start_peers() {
	cli0 peer-udp ovpn0 $peer_id --bind "$ep0" --remote "$ep1" \
		--key-seed fault --key-dir 0 --keepalive 10,60 \
		>"$tmp/peer0.log" 2>&1 &
	cli1 peer-udp ovpn0 $peer_id --bind "$ep1" --remote "$ep0" \
		--key-seed fault --key-dir 1 --keepalive 10,60 \
		>"$tmp/peer1.log" 2>&1 &
	ovpn_wait_for 10 grep -q '^ready' "$tmp/peer0.log" &&
		ovpn_wait_for 10 grep -q '^ready' "$tmp/peer1.log" &&
		$IP netns exec "$ns0" ping -q -c 2 -i 0.2 -W 5 $in1 >/dev/null
}
ovpn_check "P2P peers over UDP carry traffic" start_peers ||
	ktap_exit_fail_msg "no tunnel: $(cat "$tmp"/peer*.log)"

# a secondary key: absent after a refused KEY_NEW
no_secondary() {
	! cli0 key-get ovpn0 $peer_id --slot secondary >/dev/null 2>&1
}
del_secondary() {
	cli0 key-del ovpn0 $peer_id --slot secondary >/dev/null
}
ovpn_check "KEY_NEW: every fault refused cleanly or survived" \
	sweep key-new del_secondary no_secondary \
	cli0 key-new ovpn0 $peer_id --slot secondary --key-id 1 \
	--key-seed fault2

# KEY_SWAP: the primary key is key 0 after a refused swap
primary_is() {
	cli0 key-get ovpn0 $peer_id --slot primary | grep -q "key-id=$1 "
}
swap_back() {
	primary_is 1 && cli0 key-swap ovpn0 $peer_id && primary_is 0
}
keys_kept() {
	primary_is 0
}
add_secondary() {
	cli0 key-new ovpn0 $peer_id --slot secondary --key-id 1 \
		--key-seed fault2
}
ovpn_check "a secondary key (key 1) to swap with" add_secondary
ovpn_check "KEY_SWAP: every fault refused cleanly or survived" \
	sweep key-swap swap_back keys_kept cli0 key-swap ovpn0 $peer_id

# PEER_SET: the keepalive stays 10,60 after a refused change
keepalive_is() {
	[ "$(ovpn_peer_stat "$ns0" $peer_id keepalive-interval)" = "$1" ] &&
		[ "$(ovpn_peer_stat "$ns0" $peer_id keepalive-timeout)" = "$2" ]
}
set_back() {
	cli0 peer-set ovpn0 $peer_id --keepalive 10,60 && keepalive_is 10 60
}
keepalive_kept() {
	keepalive_is 10 60
}
ovpn_check "PEER_SET: every fault refused cleanly or survived" \
	sweep peer-set set_back keepalive_kept \
	cli0 peer-set ovpn0 $peer_id --keepalive 11,61

# a dump builds its replies in allocated messages
peer_there() {
	! ovpn_peer_gone "$ns0" $peer_id
}
ovpn_check "PEER_GET dump: every fault refused cleanly or survived" \
	sweep peer-dump true peer_there cli0 peer-get ovpn0

ovpn_check "the tunnel carries traffic after the request faults" \
	$IP netns exec "$ns0" ping -q -c 3 -i 0.2 -W 5 $in1

# --- traffic ---------------------------------------------------------
# one in ten allocations of an sk_buff fails, in any context, while
# iperf3 runs both ways and a ping floods
traffic_faults() {
	local c n=1000000 left iperf flood

	$IP netns exec "$ns1" iperf3 -s -1 -D -B $in1 >/dev/null 2>&1
	sleep 0.3
	$IP netns exec "$ns0" timeout 20 iperf3 -c $in1 -t 4 --bidir \
		>"$tmp/iperf.log" 2>&1 &
	iperf=$!
	$IP netns exec "$ns0" timeout 20 ping -q -f -w 4 $in1 \
		>/dev/null 2>&1 &
	flood=$!
	sleep 0.5

	for c in skbuff_head_cache skbuff_fclone_cache skbuff_small_head; do
		[ -w "/sys/kernel/slab/$c/failslab" ] || continue
		echo 1 >"/sys/kernel/slab/$c/failslab" 2>/dev/null &&
			marked+=("$c")
	done
	[ ${#marked[@]} -gt 0 ] || return 1
	echo 0 >$fs/verbose
	echo Y >$fs/cache-filter
	echo N >$fs/ignore-gfp-wait
	echo 1 >$fs/interval
	echo $n >$fs/times
	echo 10 >$fs/probability
	sleep 3
	echo 0 >$fs/probability
	left=$(<$fs/times)
	faults[traffic]=$((n - left))

	for c in "${marked[@]}"; do
		echo 0 >"/sys/kernel/slab/$c/failslab"
	done
	ktap_print_msg "10% of the allocations of ${marked[*]} failed:" \
		"${faults[traffic]} faults"
	marked=()
	echo N >$fs/cache-filter
	wait $iperf $flood
	[ "${faults[traffic]}" -gt 0 ]
}
ovpn_check "traffic under failing skb allocations" traffic_faults
ovpn_check "the tunnel carries traffic once injection stops" \
	ovpn_wait_for 10 $IP netns exec "$ns0" ping -q -c 1 -W 2 $in1

ktap_print_msg "faults injected: $(for k in "${!faults[@]}"; do
	printf '%s %s, ' "$k" "${faults[$k]}"; done | sed 's/, $//')"

ktap_finished
