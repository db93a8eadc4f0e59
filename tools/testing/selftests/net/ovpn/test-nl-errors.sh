#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad netlink input is refused with the right errno, an extack message
# and, where one attribute is at fault, that attribute; nothing is
# created on the way. A valid request still works at the end.

source "$(dirname "$(realpath "$0")")/common.sh"

ovpn_start 52

ns=ovpn-nlerr-$$

cli() {
	"$OVPN_CLI" -n "$ns" "$@"
}

ovpn_one_ns "$ns" p2p 198.18.0.1/24 ||
	ktap_exit_fail_msg "cannot create the namespace and ovpn0"

remote=(--remote 198.18.0.2:1194)
udp=(--sock udp "${remote[@]}")
key=(--key-seed s)

# peer commands
ovpn_expect_fail "PEER_NEW without ifindex" EINVAL "ifindex" \
	cli peer-new ovpn0 1 "${udp[@]}" --omit ifindex
ovpn_expect_fail "PEER_NEW without peer nest" EINVAL "peer" \
	cli peer-new ovpn0 1 "${udp[@]}" --omit peer
ovpn_expect_fail "PEER_NEW without peer id" EINVAL "peer.id" \
	cli peer-new ovpn0 1 "${udp[@]}" --omit id
ovpn_expect_fail "PEER_NEW without socket" EINVAL "peer.socket" \
	cli peer-new ovpn0 1 "${remote[@]}"
ovpn_expect_fail "PEER_NEW with a 15-byte remote IPv6" ERANGE \
	"remote-ipv6" cli peer-new ovpn0 1 --sock udp6 \
	--attr remote-ipv6=hex:000000000000000000000000000001 \
	--attr remote-port=1194
ovpn_expect_fail "peer id 0x1000000 is out of range" ERANGE "peer.id" \
	cli peer-new ovpn0 0x1000000 "${udp[@]}"
ovpn_expect_fail "tx-id 0x1000000 is out of range" ERANGE "tx-id" \
	cli peer-new ovpn0 1 "${udp[@]}" --tx-id 0x1000000
ovpn_expect_fail "keepalive above 86400 s is out of range" ERANGE \
	"keepalive-interval" cli peer-new ovpn0 1 "${udp[@]}" \
	--keepalive 86401,5
ovpn_expect_fail "remote port 0 is refused" ERANGE "remote-port" \
	cli peer-new ovpn0 1 --sock udp --remote 198.18.0.2:0
ovpn_expect_fail "unknown ifindex" ENODEV \
	"ifindex does not match any interface" \
	cli peer-new 9999 1 "${udp[@]}"
ovpn_expect_fail "non-ovpn ifindex" EINVAL "is not ovpn" \
	cli peer-new lo 1 "${udp[@]}"
ovpn_expect_fail "a socket that is neither UDP nor TCP" EOPNOTSUPP \
	"UDP or TCP socket" cli peer-new ovpn0 1 --sock unix "${remote[@]}"
ovpn_expect_fail "a TCP peer takes no remote address" EINVAL \
	"no address may be given" cli peer-new ovpn0 1 --sock tcp \
	"${remote[@]}"
ovpn_expect_fail "a TCP socket must be connected" ENOTCONN \
	"must be connected" cli peer-new ovpn0 1 --sock tcp
ovpn_expect_fail "an fd that is not a socket" ENOTSOCK \
	"cannot find the peer socket" cli peer-new ovpn0 1 --fd 0 \
	"${remote[@]}"
ovpn_expect_fail "a remote address without port" EINVAL \
	"needs a remote port" cli peer-new ovpn0 1 --sock udp \
	--attr remote-ipv4=198.18.0.2
ovpn_expect_fail "a remote port without address" EINVAL \
	"needs a remote address" cli peer-new ovpn0 1 --sock udp \
	--attr remote-port=1194
ovpn_expect_fail "both remote IPv4 and IPv6" EINVAL \
	"both remote IPv4 and IPv6" cli peer-new ovpn0 1 "${udp[@]}" \
	--attr remote-ipv6=2001:db8::2
ovpn_expect_fail "local IPv4 without remote IPv4" EINVAL \
	"needs a remote IPv4 address" cli peer-new ovpn0 1 --sock udp6 \
	--remote "[2001:db8::2]:1194" --local-ip 198.18.0.1
ovpn_expect_fail "keepalive interval without timeout" EINVAL \
	"go together" cli peer-new ovpn0 1 "${udp[@]}" \
	--attr keepalive-interval=5
ovpn_expect_fail "a UDP peer without remote" EINVAL \
	"needs a remote address" cli peer-new ovpn0 1 --sock udp
ovpn_expect_fail "PEER_DEL refuses attributes other than the id" EINVAL \
	"not accepted by this command" cli peer-del ovpn0 1 \
	--attr peer.remote-port=1194
ovpn_expect_fail "PEER_SET refuses a socket" EINVAL \
	"not accepted by this command" cli peer-set ovpn0 1 \
	--attr peer.socket=3
ovpn_expect_fail "PEER_GET of a missing peer" ENOENT "no peer with id" \
	cli peer-get ovpn0 1
ovpn_expect_fail "PEER_DEL of a missing peer" ENOENT "no peer with id" \
	cli peer-del ovpn0 1
ovpn_check "no peer was created by any of the above" \
	bash -c "[ -z \"\$($OVPN_CLI -n $ns peer-get ovpn0)\" ]"

# a UDP socket that was never bound has no local port yet: the peer
# would send from a port nobody knows, and the kernel would pick it
ovpn_expect_fail "PEER_NEW refuses an unbound UDP socket" EINVAL \
	"must be bound" cli peer-new ovpn0 1 "${udp[@]}"

# key commands, against a real peer
cli peer-udp ovpn0 1 --bind 198.18.0.1:1194 "${remote[@]}" \
	>"$tmp/peer.log" 2>&1 &
ovpn_check "a valid peer can be created" \
	ovpn_wait_for 10 grep -q '^ready' "$tmp/peer.log"

ovpn_expect_fail "KEY_NEW without cipher" EINVAL "cipher-alg" \
	cli key-new ovpn0 1 "${key[@]}" --omit cipher-alg
ovpn_expect_fail "KEY_NEW without decrypt direction" EINVAL \
	"decrypt-dir" cli key-new ovpn0 1 "${key[@]}" --omit decrypt-dir
ovpn_expect_fail "KEY_NEW with a 7-byte nonce tail" ERANGE \
	"nonce-tail" cli key-new ovpn0 1 "${key[@]}" \
	--attr encrypt-dir.nonce-tail=hex:00112233445566
ovpn_expect_fail "KEY_NEW with a 257-byte key" ERANGE "cipher-key" \
	cli key-new ovpn0 1 "${key[@]}" --key-len 257
ovpn_expect_fail "KEY_NEW with a 20-byte AES key" EINVAL \
	"invalid key size" cli key-new ovpn0 1 "${key[@]}" --key-len 20
ovpn_expect_fail "KEY_NEW with key id 8" ERANGE "key-id" \
	cli key-new ovpn0 1 "${key[@]}" --key-id 8
ovpn_expect_fail "KEY_NEW with slot 2" ERANGE "slot" \
	cli key-new ovpn0 1 "${key[@]}" --slot 2
ovpn_expect_fail "KEY_NEW with cipher none" EOPNOTSUPP \
	"without encryption" cli key-new ovpn0 1 "${key[@]}" --cipher none
ovpn_expect_fail "KEY_NEW for a missing peer" ENOENT "no peer with id" \
	cli key-new ovpn0 2 "${key[@]}"
ovpn_expect_fail "KEY_GET of an empty slot" ENOENT "no key in slot" \
	cli key-get ovpn0 1 --slot secondary

# KEY_GET, KEY_SWAP and KEY_DEL name a peer and maybe a slot, nothing
# else: what they cannot use is refused, not ignored
ovpn_check "keys in both slots" bash -c "
	$OVPN_CLI -n $ns key-new ovpn0 1 --key-seed s --slot primary &&
	$OVPN_CLI -n $ns key-new ovpn0 1 --key-seed s --slot secondary \
		--key-id 1"
ovpn_expect_fail "KEY_GET refuses a key id" EINVAL \
	"not accepted by this command" cli key-get ovpn0 1 \
	--attr keyconf.key-id=0
ovpn_expect_fail "KEY_GET refuses a cipher" EINVAL \
	"not accepted by this command" cli key-get ovpn0 1 \
	--attr keyconf.cipher-alg=aes-gcm
ovpn_expect_fail "KEY_GET refuses key material" EINVAL \
	"not accepted by this command" cli key-get ovpn0 1 \
	--attr keyconf.encrypt-dir.nonce-tail=hex:0011223344556677
ovpn_expect_fail "KEY_SWAP refuses a slot" EINVAL \
	"not accepted by this command" cli key-swap ovpn0 1 \
	--attr keyconf.slot=primary
ovpn_expect_fail "KEY_SWAP refuses a key id" EINVAL \
	"not accepted by this command" cli key-swap ovpn0 1 \
	--attr keyconf.key-id=1
ovpn_expect_fail "KEY_DEL refuses a key id" EINVAL \
	"not accepted by this command" cli key-del ovpn0 1 --slot secondary \
	--attr keyconf.key-id=1
ovpn_expect_fail "KEY_DEL refuses a cipher" EINVAL \
	"not accepted by this command" cli key-del ovpn0 1 --slot secondary \
	--attr keyconf.cipher-alg=aes-gcm
ovpn_check "KEY_GET, KEY_SWAP and KEY_DEL work without those" bash -c "
	$OVPN_CLI -n $ns key-get ovpn0 1 --slot primary | grep -q key-id=0 &&
	$OVPN_CLI -n $ns key-swap ovpn0 1 &&
	$OVPN_CLI -n $ns key-get ovpn0 1 --slot primary | grep -q key-id=1 &&
	$OVPN_CLI -n $ns key-del ovpn0 1 --slot secondary &&
	! $OVPN_CLI -n $ns key-get ovpn0 1 --slot secondary 2>/dev/null"

# multi-peer rules
cli iface-new ovpn1 mp || ktap_exit_fail_msg "cannot create ovpn1"
cli peer-udp ovpn1 1 --bind 198.18.0.1:1195 --remote 198.18.0.2:1195 \
	--vpn-ip 198.19.0.2 >"$tmp/mp.log" 2>&1 &
ovpn_check "a valid MP peer can be created" \
	ovpn_wait_for 10 grep -q '^ready' "$tmp/mp.log"
ovpn_expect_fail "an MP peer needs a VPN address" EINVAL \
	"needs a VPN IPv4 or IPv6 address" \
	cli peer-new ovpn1 2 --sock udp --remote 198.18.0.2:1196
# on the first peer's socket: a usable one, shared by the device's peers
mp_fd=$(sed -n 's/^ready pid=\([0-9]*\) fd=\([0-9]*\).*/\1:\2/p' "$tmp/mp.log")
ovpn_expect_fail "an MP peer id is unique" EEXIST \
	"a peer with id 1 already exists" \
	cli peer-new ovpn1 1 --fd "$mp_fd" --remote 198.18.0.2:1196 \
	--vpn-ip 198.19.0.3
ovpn_check "the refused MP peers left only the first one" \
	bash -c "[ \"\$($OVPN_CLI -n $ns peer-get ovpn1 | wc -l)\" = 1 ]"

if command -v setpriv >/dev/null; then
	ovpn_expect_fail "requests need CAP_NET_ADMIN" EPERM "" \
		$IP netns exec "$ns" setpriv --reuid=65534 --regid=65534 \
		--clear-groups --inh-caps=-all --bounding-set=-all \
		"$OVPN_CLI" peer-get ovpn0
else
	ktap_test_skip "requests need CAP_NET_ADMIN (no setpriv)"
fi

ktap_finished
