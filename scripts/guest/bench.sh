#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the VM (scripts/bench): every tunnel between the same two
# namespaces joined by veth, all up at once, measured in interleaved
# rounds so that drift in the emulated machine hits them all alike:
#
#   veth                plain veth, no tunnel (the ceiling)
#   ovpn-udp-aes        this driver, UDP, AES-256-GCM     (ovpn-cli)
#   ovpn-udp-chacha     this driver, UDP, ChaCha20-Poly1305
#   ovpn-tcp-aes        this driver, TCP, AES-256-GCM
#   wireguard           WireGuard (ChaCha20-Poly1305), same kernel
#   openvpn-udp-aes     OpenVPN 2.6 in userspace (tun), UDP, AES-256-GCM
#   openvpn-udp-chacha  OpenVPN 2.6 in userspace, UDP, ChaCha20-Poly1305
#   openvpn-tcp-aes     OpenVPN 2.6 in userspace, TCP, AES-256-GCM
#   openvpn-dco-udp-aes OpenVPN 2.6 with DCO on this driver (ovpn-dco-v2)
#   ovpn-udp-aes-noclamp this driver, UDP, AES-256-GCM, MSS clamp off
#                       (ethtool private flag mss-clamp), for its cost
#   ovpn-udp-aes-pcrypt, ovpn-udp-chacha-pcrypt
#                       this driver with the kernel's parallel crypto
#                       template in front of its ciphers (when the kernel
#                       has pcrypt and ./alg-instance is there)
#
# Every tunnel has an inner MTU of 1420 (WireGuard's default), so each
# moves packets of the same size. Tests, each one RUNS times:
#
#   tcp1   iperf3, one TCP stream, Mbit/s at the receiver
#   tcp4   four iperf3 clients and servers at once (iperf3 3.12 runs its
#          -P streams in one thread), Mbit/s summed at the receivers
#   udp64  iperf3 UDP, 64-byte datagrams as fast as the sender can,
#          datagrams per second that arrived
#
# First come the crypto limit (tcrypt: AEAD encryption and decryption
# of 1420-byte blocks on one vCPU) and, when PEERS > 0, the multi-peer
# scale figures (bench-scale.sh): both before pcrypt is instantiated,
# since from then on every new user of the ciphers gets it. The tunnels
# without pcrypt have their keys, and so their transforms, by then too.
#
#   bench.sh RUNS SECONDS PEERS [ONLY]
#
# ONLY, a comma-separated list of tunnel names, limits the measurements
# to those tunnels and leaves out the crypto limit (all tunnels are
# still set up, so that each one measured shares the machine alike).
#
# Output: one "bench: TUNNEL TEST RUN VALUE" line per measurement
# ("failed" instead of VALUE when it could not be taken), "crypto:
# ALG DIR MBIT" lines and the "scale:" lines of bench-scale.sh.
set -u
runs=${1:-3}
secs=${2:-5}
peers=${3:-10000}
only=${4:-}
# shellcheck source=lib.sh
source /ovpn/guest-lib.sh
mtu=1420
tunnels=()
declare -A server

note() {
	echo "# $*"
}

# tunnel NAME SERVER_ADDRESS: a tunnel is up and measurable
tunnel() {
	if ! ip netns exec b0 ping -q -c 2 -i 0.2 -W 3 "$2" >/dev/null; then
		note "$1: no traffic through the tunnel, not measured"
		return 1
	fi
	tunnels+=("$1")
	server[$1]=$2
	note "$1 up ($2)"
}

# inner addresses: 198.19.N.1 in b0, 198.19.N.2 in b1
inner() {
	ip -n "$1" addr add "198.19.$2.$3/24" dev "$4"
	ip -n "$1" link set "$4" mtu $mtu up
}

# ovpn_ifaces NAME N: the driver's P2P interface ovN in both namespaces,
# and empty logs for its peers (waiting never races with their creation)
ovpn_ifaces() {
	local i

	for i in 0 1; do
		: >"$tmp/$1.$i"
		"$cli" -n b$i iface-new ov$2 p2p >/dev/null || return 1
		inner b$i "$2" $((i + 1)) ov$2
	done
}

# ovpn_ready NAME N: both peers of tunnel NAME are set up, and it works
ovpn_ready() {
	wait_for 10 grep -q '^ready' "$tmp/$1.0" &&
		wait_for 10 grep -q '^ready' "$tmp/$1.1" &&
		tunnel "$1" 198.19.$2.2
}

ovpn_udp() {
	local name=$1 n=$2 cipher=$3 i

	ovpn_ifaces "$name" "$n" || return 1
	for i in 0 1; do
		"$cli" -n b$i peer-udp ov$n 1 --bind 198.18.0.$((i + 1)):12$n \
			--remote 198.18.0.$((2 - i)):12$n --cipher "$cipher" \
			--key-seed bench$n --key-dir $i --keepalive 10,120 \
			>"$tmp/$name.$i" 2>&1 &
		pids+=($!)
	done
	ovpn_ready "$name" "$n"
}

ovpn_tcp() {
	local name=$1 n=$2 cipher=$3

	ovpn_ifaces "$name" "$n" || return 1
	"$cli" -n b1 peer-tcp ov$n 1 --listen 198.18.0.2:12$n \
		--cipher "$cipher" --key-seed bench$n --key-dir 1 \
		--keepalive 10,120 >"$tmp/$name.1" 2>&1 &
	pids+=($!)
	wait_for 10 grep -q '^listening' "$tmp/$name.1" || return 1
	"$cli" -n b0 peer-tcp ov$n 1 --remote 198.18.0.2:12$n \
		--cipher "$cipher" --key-seed bench$n --key-dir 0 \
		--keepalive 10,120 >"$tmp/$name.0" 2>&1 &
	pids+=($!)
	ovpn_ready "$name" "$n"
}

wireguard() {
	local n=$1 i

	for i in 0 1; do
		(umask 077 && wg genkey >"$tmp/wg$i.key")
		wg pubkey <"$tmp/wg$i.key" >"$tmp/wg$i.pub"
	done
	for i in 0 1; do
		ip -n b$i link add wg$n type wireguard || return 1
		ip netns exec b$i wg set wg$n listen-port 12$n \
			private-key "$tmp/wg$i.key" \
			peer "$(cat "$tmp/wg$((1 - i)).pub")" \
			endpoint 198.18.0.$((2 - i)):12$n \
			allowed-ips 198.19.$n.0/24 || return 1
		inner b$i "$n" $((i + 1)) wg$n
	done
	tunnel wireguard 198.19.$n.2
}

# openvpn NAME N PROTO CIPHER dco|userspace: OpenVPN 2.6 in P2P TLS mode
# with self-signed certificates and --peer-fingerprint
openvpn_p2p() {
	local name=$1 n=$2 proto=$3 cipher=$4 mode=$5 i opts

	for i in 0 1; do
		[ -f "$tmp/side$i.crt" ] && continue
		openssl req -x509 -newkey ec \
			-pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
			-subj "/CN=side$i" -keyout "$tmp/side$i.key" \
			-out "$tmp/side$i.crt" >/dev/null 2>&1 || return 1
		openssl x509 -in "$tmp/side$i.crt" -noout -fingerprint \
			-sha256 | cut -d= -f2 >"$tmp/side$i.fp"
	done
	: >"$tmp/$name.0"
	: >"$tmp/$name.1"
	for i in 1 0; do
		opts=(--local 198.18.0.$((i + 1)) --lport 12$n)
		if [ "$proto" = udp ]; then
			opts+=(--proto udp --remote 198.18.0.$((2 - i)) 12$n)
		elif [ $i = 1 ]; then
			opts+=(--proto tcp-server)
		else
			opts+=(--proto tcp-client --remote 198.18.0.2 12$n)
		fi
		if [ $i = 1 ]; then
			opts+=(--tls-server --dh none)
		else
			opts+=(--tls-client)
		fi
		[ "$mode" = userspace ] && opts+=(--disable-dco)
		ip netns exec b$i openvpn --dev ovt$n --dev-type tun \
			--topology subnet "${opts[@]}" \
			--cert "$tmp/side$i.crt" --key "$tmp/side$i.key" \
			--peer-fingerprint "$(cat "$tmp/side$((1 - i)).fp")" \
			--data-ciphers "$cipher" --allow-compression no \
			--ping 10 --ping-restart 120 --connect-retry 1 \
			--tun-mtu $mtu --ifconfig 198.19.$n.$((i + 1)) \
			255.255.255.0 --verb 3 >"$tmp/$name.$i" 2>&1 &
		pids+=($!)
	done
	for i in 0 1; do
		if ! wait_for 60 grep -q 'Initialization Sequence Completed' \
			"$tmp/$name.$i"; then
			tail -n 5 "$tmp/$name.$i" | sed 's/^/# /'
			return 1
		fi
		if [ "$mode" = dco ] &&
			! grep -q "DCO device ovt$n opened" "$tmp/$name.$i"; then
			note "$name: OpenVPN did not offload to the driver"
			return 1
		fi
		if [ "$mode" = userspace ] &&
			grep -q "DCO device .* opened" "$tmp/$name.$i"; then
			note "$name: OpenVPN offloaded despite --disable-dco"
			return 1
		fi
	done
	tunnel "$name" 198.19.$n.2
}

# iperf3 receiver figure from a client's output for UDP: the datagrams
# that arrived per second
rx_pps() {
	awk -v s="$secs" '/receiver$/ { for (i = 2; i <= NF; i++)
		if ($i ~ /^[0-9]+\/[0-9]+$/) {
			split($i, a, "/")
			printf "%.0f\n", (a[2] - a[1]) / s
		} }' "$1"
}

iperf() {
	timeout $((secs + 30)) ip netns exec b0 iperf3 -c "$1" -p "$2" \
		-t "$secs" -f m "${@:3}" >"$tmp/iperf.$2" 2>&1
}

measure() {
	local name=$1 test=$2 run=$3 addr=${server[$1]} v p sum clients=()

	case $test in
	tcp1)
		iperf "$addr" 5201 && v=$(rx_mbit "$tmp/iperf.5201")
		;;
	tcp4)
		for p in 5201 5202 5203 5204; do
			iperf "$addr" $p &
			clients+=($!)
		done
		wait "${clients[@]}"
		sum=0
		for p in 5201 5202 5203 5204; do
			v=$(rx_mbit "$tmp/iperf.$p")
			[ -n "$v" ] || { sum=; break; }
			sum=$(awk -v a="$sum" -v b="$v" 'BEGIN { print a + b }')
		done
		v=$sum
		;;
	udp64)
		iperf "$addr" 5201 -u -l 64 -b 0 &&
			v=$(rx_pps "$tmp/iperf.5201")
		;;
	esac
	if [ -z "${v:-}" ]; then
		tail -n 3 "$tmp"/iperf.52* | sed 's/^/# /'
		v=failed
	fi
	echo "bench: $name $test $run $v"
	# let the servers settle before the next test
	sleep 0.5
}

# tcrypt speed test: "test N (256 bit key, 1420 byte blocks): OPS
# operations in 1 seconds (BYTES bytes)" after "testing speed of ALG
# (DRIVER) encryption"
crypto_limit() {
	local ko=/lib/modules/extra/tcrypt.ko

	if [ ! -f $ko ]; then
		note "no tcrypt module: crypto limit not measured"
		return
	fi
	dmesg -c >/dev/null
	# tcrypt always fails to load, on purpose, once its tests are done
	insmod $ko mode=211 sec=1 2>/dev/null
	insmod $ko mode=213 sec=1 2>/dev/null
	dmesg | awk '
		/testing speed of / {
			alg = ""
			if (index($0, " gcm(aes) (")) {
				alg = "aes-gcm-256"
				key = "(256 bit key, 1420 byte blocks)"
			}
			if (index($0, " rfc7539esp(chacha20,poly1305) (")) {
				alg = "chacha20-poly1305"
				key = "(288 bit key, 1420 byte blocks)"
			}
			dir = index($0, "decryption") ? "dec" : "enc"
			# the driver: "of ALG (DRIVER) encryption"
			drv = $0
			sub(/.*testing speed of [^ ]* \(/, "", drv)
			sub(/\) (en|de)cryption.*/, "", drv)
		}
		alg != "" && index($0, key) && /operations in/ {
			for (i = 1; i <= NF; i++)
				if ($i == "operations")
					ops = $(i - 1)
				else if ($i == "seconds")
					s = $(i - 1)
			printf "crypto: %s %s %.1f %s\n", alg, dir,
				ops * 1420 * 8 / s / 1e6, drv
		}'
}

# the driver of the algorithm NAME that its users get now: the one of
# highest priority in /proc/crypto
crypto_driver() {
	awk -v n="$1" '$1 == "name" { name = $3 } $1 == "driver" { drv = $3 }
		$1 == "priority" && name == n && $3 > best {
			best = $3
			found = drv
		} END { print found }' /proc/crypto
}

# the driver with pcrypt: instantiate it in front of the drivers the
# tunnels use, so that the transforms the driver allocates from now on
# for these ciphers are pcrypt's. By driver name: pcrypt takes the
# name of what it wraps, so "pcrypt(gcm(aes))" would wrap itself
pcrypt_tunnels() {
	local aes chacha

	aes=$(crypto_driver "gcm(aes)")
	chacha=$(crypto_driver "rfc7539(chacha20,poly1305)")
	if [ ! -x ./alg-instance ] || [ -z "$aes" ] || [ -z "$chacha" ] ||
		! ./alg-instance aead "pcrypt($aes)" "pcrypt($chacha)"; then
		note "no pcrypt: the driver with parallel crypto not measured"
		return
	fi
	note "pcrypt: gcm(aes) is now $(crypto_driver "gcm(aes)")," \
		"rfc7539(chacha20,poly1305) $(crypto_driver \
		"rfc7539(chacha20,poly1305)")"
	ovpn_udp ovpn-udp-aes-pcrypt 21 aes-gcm
	ovpn_udp ovpn-udp-chacha-pcrypt 22 chacha20-poly1305
}

note "kernel $(uname -r), $(nproc) vCPUs, $runs runs of $secs s"
if [ -z "$only" ]; then
	crypto_limit
else
	note "only $only measured: crypto limit not measured"
fi
if [ "$peers" -gt 0 ]; then
	/ovpn/bench-scale.sh "$peers" "$secs" "$runs"
fi

veth_pair b0 b1 || exit 1
tunnel veth 198.18.0.2
ovpn_udp ovpn-udp-aes 11 aes-gcm
ovpn_udp ovpn-udp-aes-noclamp 19 aes-gcm &&
	ip netns exec b0 ethtool --set-priv-flags ov19 mss-clamp off &&
	ip netns exec b1 ethtool --set-priv-flags ov19 mss-clamp off
ovpn_udp ovpn-udp-chacha 12 chacha20-poly1305
ovpn_tcp ovpn-tcp-aes 13 aes-gcm
wireguard 14
openvpn_p2p openvpn-udp-aes 15 udp AES-256-GCM userspace
openvpn_p2p openvpn-udp-chacha 16 udp CHACHA20-POLY1305 userspace
openvpn_p2p openvpn-tcp-aes 17 tcp AES-256-GCM userspace
openvpn_p2p openvpn-dco-udp-aes 18 udp AES-256-GCM dco
pcrypt_tunnels

for p in 5201 5202 5203 5204; do
	ip netns exec b1 iperf3 -s -D -p $p
done
wait_for 5 bash -c 'ip netns exec b1 ss -ltn | grep -q ":5204 "'

for ((r = 1; r <= runs; r++)); do
	for t in "${tunnels[@]}"; do
		[ -z "$only" ] || [[ ",$only," == *",$t,"* ]] || continue
		for test in tcp1 tcp4 udp64; do
			measure "$t" $test $r
		done
	done
done

guest_cleanup
