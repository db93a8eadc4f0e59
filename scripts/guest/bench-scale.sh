#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the VM (scripts/bench-scale): one MP server interface with
# N peers. Measures how fast peers are added through netlink (PEER_NEW
# and KEY_NEW each, as OpenVPN does), the kernel memory each costs, the
# throughput to one real client with 1 and with N peers configured, how
# long a dump of all of them takes and how long removing them takes.
#
#   bench-scale.sh [N] [IPERF_SECONDS] [RUNS]
#
# Prints one "scale: NAME=VALUE UNIT" line per figure, then a table.
set -u
n=${1:-10000}
secs=${2:-5}
runs=${3:-3}
# shellcheck source=lib.sh
source /ovpn/guest-lib.sh

fail() {
	echo "scale: FAILED: $*"
	exit 1
}

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# unreclaimable slab + per-CPU allocations, kB (dst caches are per-CPU)
kmem_kb() {
	awk '/^SUnreclaim:|^Percpu:/ { s += $2 } END { print s }' /proc/meminfo
}

npeers() {
	"$cli" -n scale-s peer-get ovpnS | grep -c '^id='
}

# iperf3 from the server to the client through the tunnel, Mbit/s median
throughput() {
	local i vals=()
	for ((i = 0; i < runs; i++)); do
		if ! ip netns exec scale-s iperf3 -c 198.19.0.2 -t "$secs" \
			-f m >"$tmp/iperf" 2>&1; then
			echo "failed: $(cat "$tmp/iperf")" >&2
			echo failed
			return
		fi
		vals+=("$(rx_mbit "$tmp/iperf")")
	done
	printf '%s\n' "${vals[@]}" | sort -n |
		awk '{ v[NR] = $1 } END { printf "%s (min %s, max %s)", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

veth_pair scale-s scale-c || fail "cannot create the namespaces"

"$cli" -n scale-s iface-new ovpnS mp || fail "cannot create the MP interface"
ip -n scale-s addr add 198.19.0.1/16 dev ovpnS
ip -n scale-s link set ovpnS up
"$cli" -n scale-c iface-new ovpnC p2p || fail "cannot create the client"
ip -n scale-c addr add 198.19.0.2/16 dev ovpnC
ip -n scale-c link set ovpnC up

# the real client, peer 1, on the server's first socket
"$cli" -n scale-s peer-udp ovpnS --bind 198.18.0.1:1194 --key-seed scale \
	--peer 1,198.18.0.2:1194,198.19.0.2 >"$tmp/s1.log" 2>&1 &
pids+=($!)
"$cli" -n scale-c peer-udp ovpnC 1 --bind 198.18.0.2:1194 \
	--remote 198.18.0.1:1194 --key-seed scale --key-dir 1 \
	>"$tmp/c.log" 2>&1 &
pids+=($!)
wait_ready "$tmp/s1.log" 10 && wait_ready "$tmp/c.log" 10 ||
	fail "the real client did not come up"
ip netns exec scale-c ping -c 3 -i 0.2 -W 2 198.19.0.1 >/dev/null ||
	fail "no traffic through the tunnel"
ip netns exec scale-c iperf3 -s -D >/dev/null 2>&1
sleep 0.5

echo "scale: measuring throughput with 1 peer"
tp1=$(throughput)

# N-1 more peers on a second socket, each with its own VPN address,
# endpoint and keys
awk -v n="$n" 'BEGIN {
	for (i = 2; i <= n; i++)
		printf "%d,198.18.%d.%d:%d,198.19.%d.%d\n", i,
			128 + int(i / 250) % 128, 1 + i % 250, 1024 + i % 60000,
			1 + int(i / 250), 1 + i % 250
}' >"$tmp/peers"
sync
echo 3 >/proc/sys/vm/drop_caches
before=$(kmem_kb)
t0=$(now_ms)
"$cli" -n scale-s peer-udp ovpnS --bind 198.18.0.1:1195 --key-seed scale \
	--peers "$tmp/peers" >"$tmp/s2.log" 2>&1 &
pids+=($!)
bulk=$!
wait_ready "$tmp/s2.log" 1800 || fail "adding $((n - 1)) peers failed"
t1=$(now_ms)
after=$(kmem_kb)
have=$(npeers)
[ "$have" -eq "$n" ] || fail "the server has $have peers, not $n"
add_rate=$(awk -v n=$((n - 1)) -v ms=$((t1 - t0)) \
	'BEGIN { printf "%.0f", n * 1000 / ms }')
per_peer=$(awk -v kb=$((after - before)) -v n=$((n - 1)) \
	'BEGIN { printf "%.0f", kb * 1024 / n }')

t0=$(now_ms)
dumped=$(npeers)
t1=$(now_ms)
dump_ms=$((t1 - t0))

echo "scale: measuring throughput with $n peers"
tpn=$(throughput)

# closing the second socket removes its peers (transport-disconnect)
t0=$(now_ms)
kill "$bulk"
for ((i = 0; i < 6000; i++)); do
	[ "$(npeers)" -eq 1 ] && break
	sleep 0.05
done
t1=$(now_ms)
left=$(npeers)
[ "$left" -eq 1 ] || fail "$left peers left after closing their socket"
del_ms=$((t1 - t0))

echo "scale: peers=$n"
echo "scale: add_rate=$add_rate peers/s"
echo "scale: kmem_per_peer=$per_peer bytes"
echo "scale: dump_ms=$dump_ms ms ($dumped peers)"
echo "scale: throughput_1=$tp1 Mbit/s"
echo "scale: throughput_n=$tpn Mbit/s"
echo "scale: delete_ms=$del_ms ms ($((n - 1)) peers)"
echo
printf '%-44s %s\n' "figure ($n peers on one MP interface)" value
printf '%-44s %s\n' "peers added per second (PEER_NEW + KEY_NEW)" \
	"$add_rate"
printf '%-44s %s\n' "kernel memory per peer (slab + per-CPU)" \
	"$per_peer bytes"
printf '%-44s %s\n' "PEER_GET dump of all peers" "$dump_ms ms"
printf '%-44s %s\n' "iperf3 to one peer, 1 peer configured" \
	"$tp1 Mbit/s"
printf '%-44s %s\n' "iperf3 to one peer, $n peers configured" \
	"$tpn Mbit/s"
printf '%-44s %s\n' "removing $((n - 1)) peers (socket closed)" \
	"$del_ms ms"
