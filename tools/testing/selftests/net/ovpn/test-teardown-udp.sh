#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Teardown under load: a P2P tunnel over UDP carrying iperf3 in both
# directions and a flood ping is taken down, again and again, in every
# way userspace can: PEER_DEL, closing the peer's socket (its process
# dies), interface delete, network namespace delete with the interface
# inside and, where the driver is a module, module unload; and its
# keys are swapped and deleted while packets are in flight. Nothing
# may hang: interface delete and module unload return within 5 s, and
# a deleted namespace goes (within 130 s: TCP orphans of iperf3 may
# hold it up to their longest retransmission timer, 120 s). The
# checkers of the debug kernel catch what the races do.
#
# Variables:
#   OVPN_TEARDOWN_ROUNDS  rounds of each kind (default 2, 1 in a debug
#                         kernel)

source "$(dirname "$(realpath "$0")")/common.sh"

# a checked kernel (ovpn_checked_kernel) takes about 35 s
# a round: twelve do not fit the selftests' 300 s there. The peers'
# keepalive runs every second; there, under iperf3 and a flood, a peer
# may hear nothing for more than 5 s and expire in the middle of a
# round (seen: a key command for a peer gone in the key churn), so it
# times out after 30 s.
if ovpn_checked_kernel; then
	rounds=${OVPN_TEARDOWN_ROUNDS:-1}
	keepalive=1,30
else
	rounds=${OVPN_TEARDOWN_ROUNDS:-2}
	keepalive=1,5
fi
kinds=(peer-del socket-close key-churn link-del netns-del module-unload)

ovpn_require_root
ktap_print_header
ktap_set_plan $((rounds * ${#kinds[@]} + 1))

ns0=ovpn-tdu0-$$
ns1=ovpn-tdu1-$$
peer_id=1
in0=198.19.0.1
in1=198.19.0.2
module=$(grep -o '^ovpn ' /proc/modules)

# a test that unloaded the module leaves it loaded
ovpn_cleanup_extra() {
	[ -n "$module" ] && ! grep -q '^ovpn ' /proc/modules &&
		ovpn_module_load
}

iface() {
	"$OVPN_CLI" -n "$1" iface-new ovpn0 p2p &&
		$IP -n "$1" addr add "$2/24" dev ovpn0 &&
		$IP -n "$1" link set ovpn0 up
}

# the namespaces, veth and an interface in each; an iperf3 server in
# ns1, which no teardown deletes
setup_pair() {
	local i

	for i in 0 1; do
		[ -e "/run/netns/ovpn-tdu$i-$$" ] && continue
		ovpn_netns "ovpn-tdu$i-$$" || return 1
		# TCP connections a teardown cuts off linger as orphans,
		# retransmitting their FIN, and keep their namespace: let
		# them give up soon
		$IP netns exec "ovpn-tdu$i-$$" \
			sh -c 'echo 1 >/proc/sys/net/ipv4/tcp_orphan_retries' ||
			return 1
	done
	if ! $IP -n "$ns0" link show v0 >/dev/null 2>&1; then
		$IP -n "$ns0" link add v0 type veth peer name v1 \
			netns "$ns1" &&
			$IP -n "$ns0" addr add 198.18.0.1/24 dev v0 &&
			$IP -n "$ns1" addr add 198.18.0.2/24 dev v1 &&
			$IP -n "$ns0" link set v0 up &&
			$IP -n "$ns1" link set v1 up || return 1
	fi
	$IP -n "$ns0" link show ovpn0 >/dev/null 2>&1 || iface "$ns0" $in0 ||
		return 1
	$IP -n "$ns1" link show ovpn0 >/dev/null 2>&1 || iface "$ns1" $in1 ||
		return 1
	if [ -z "$iperf_srv" ]; then
		$IP netns exec "$ns1" iperf3 -s -B $in1 >/dev/null 2>&1 &
		iperf_srv=$!
	fi
}

# start_peer I LOG: peer-udp in namespace I, pid in peer$I
start_peers() {
	local i log

	for i in 0 1; do
		log=$tmp/p$i-$1.log
		"$OVPN_CLI" -n "ovpn-tdu$i-$$" peer-udp ovpn0 $peer_id \
			--bind "198.18.0.$((i + 1)):1194" \
			--remote "198.18.0.$((2 - i)):1194" \
			--key-seed tdu --key-dir $i --keepalive $keepalive \
			>"$log" 2>&1 &
		eval "peer$i=\$!"
		ovpn_wait_for 10 grep -q '^ready' "$log" || return 1
	done
}

stop() {
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

# ms COMMAND...: run it, print how long it took in ms to $took
took=0
ms() {
	local t0 rc

	t0=$(date +%s%N)
	"$@"
	rc=$?
	took=$((($(date +%s%N) - t0) / 1000000))
	return $rc
}

# swap and delete keys 20 times on both sides while traffic flows:
# install key id k in the secondary slot, swap, drop the old one
key_churn() {
	local k i ns

	for k in $(seq 1 20); do
		for i in 0 1; do
			ns=ovpn-tdu$i-$$
			"$OVPN_CLI" -n "$ns" key-new ovpn0 $peer_id \
				--slot secondary --key-id $((k % 8)) \
				--key-seed "tdu$k" --key-dir $i &&
				"$OVPN_CLI" -n "$ns" key-swap ovpn0 $peer_id &&
				"$OVPN_CLI" -n "$ns" key-del ovpn0 $peer_id \
					--slot secondary || return 1
		done
	done
	"$OVPN_CLI" -n "$ns0" peer-del ovpn0 $peer_id
}

no_peers() {
	ovpn_peer_gone "$ns0" $peer_id && ovpn_peer_gone "$ns1" $peer_id
}

# round R KIND: a new tunnel works, then is torn down by KIND under load
round() {
	local r=$1 how=$2 iperf flood rc=0

	setup_pair && start_peers "$r" || return 1
	if ! $IP netns exec "$ns0" ping -q -c 2 -i 0.2 -W 5 $in1 >/dev/null
	then
		ktap_print_msg "no ping through the new tunnel"
		return 1
	fi
	$IP netns exec "$ns0" timeout 20 iperf3 -c $in1 --bidir -t 3 \
		>/dev/null 2>&1 &
	iperf=$!
	$IP netns exec "$ns0" timeout 20 ping -q -f -w 3 $in1 \
		>/dev/null 2>&1 &
	flood=$!
	sleep 1
	case $how in
	peer-del) "$OVPN_CLI" -n "$ns0" peer-del ovpn0 $peer_id ;;
	socket-close) stop "$peer0" ;;
	key-churn) key_churn ;;
	link-del) ms $IP -n "$ns0" link del ovpn0 &&
		ktap_print_msg "ip link del: $took ms" && [ $took -le 5000 ] ;;
	netns-del) $IP netns del "$ns0" ;;
	module-unload) ms rmmod ovpn &&
		ktap_print_msg "rmmod: $took ms" && [ $took -le 5000 ] &&
		ovpn_module_load ;;
	esac || rc=1
	wait $iperf $flood 2>/dev/null
	stop "$peer0"
	stop "$peer1"
	[ $rc -eq 0 ] || return 1
	# the namespace goes once nothing uses it any more, the veth end
	# in ns1 with it. TCP connections the teardowns of this and the
	# earlier rounds cut off linger as orphans and keep it: each gives
	# up at its next retransmission (tcp_orphan_retries is 1), but a
	# connection that lost much under the flood may have backed off
	# its timer to TCP_RTO_MAX, 120 s (seen once in the debug kernel:
	# 62 s). A namespace the driver kept would stay for good.
	if [ "$how" = netns-del ]; then
		ms ovpn_wait_for 130 bash -c \
			"! $IP -n $ns1 link show v1 >/dev/null 2>&1"
		ktap_print_msg "namespace gone in $took ms"
		[ $took -le 10000 ] ||
			ktap_print_msg "$(grep '^TCP:' /proc/net/sockstat)"
		[ $took -le 130000 ] || return 1
	fi
	case $how in
	netns-del|module-unload) setup_pair || return 1 ;;
	esac
	ovpn_wait_for 10 no_peers
}

iperf_srv=
ovpn_check "setup: two namespaces, $rounds rounds of each teardown" setup_pair ||
	ktap_exit_fail_msg "setup failed"

for ((r = 0; r < rounds * ${#kinds[@]}; r++)); do
	how=${kinds[r % ${#kinds[@]}]}
	if [ "$how" = module-unload ] && [ -z "$module" ]; then
		ktap_test_skip "round $r: module unload (the driver is built in)"
		continue
	fi
	ovpn_check "round $r: a new tunnel under iperf3 and a flood, torn down by $how" \
		round $r "$how"
done

ktap_finished
