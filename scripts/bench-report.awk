# SPDX-License-Identifier: GPL-2.0
# The report of scripts/bench: reads the VM's raw.log ("bench:",
# "crypto:" and "scale:" lines of scripts/guest/bench.sh) and prints
# the medians, ranges and ratios; writes results.csv and the chart's
# data. Variables: runs, secs, kernel (for the title), csv and dat (the
# files to write).
function median(k,   n, i, j, t, v) {
	n = cnt[k]
	for (i = 1; i <= n; i++)
		v[i] = val[k, i]
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	lo[k] = v[1]
	hi[k] = v[n]
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}
function cell(k) {
	if (!(k in med))
		return sprintf("%-21s", "-")
	if (unit[k] == "kpps")
		return sprintf("%-21s", sprintf("%.1f (%.1f-%.1f)",
			med[k] / 1000, lo[k] / 1000, hi[k] / 1000))
	return sprintf("%-21s", sprintf("%.0f (%.0f-%.0f)",
		med[k], lo[k], hi[k]))
}
function ratio(a, b, t) {
	if (!((a, t) in med) || !((b, t) in med) || med[b, t] == 0)
		return ""
	return med[a, t] / med[b, t]
}
# one paired row: A / B within each round (the two measured one after
# the other, so that drift of the emulated machine cancels), as the
# median (min-max) of the rounds where both were measured
function paired(label, a, b,   t, r, n, i, j, x, v, m, s, ka, kb) {
	s = sprintf("%-38s", label)
	for (t = 1; t <= 3; t++) {
		n = 0
		for (r = 1; r <= maxrun; r++) {
			ka = a SUBSEP tests[t] SUBSEP r
			kb = b SUBSEP tests[t] SUBSEP r
			if ((ka in byrun) && (kb in byrun) && byrun[kb] > 0)
				v[++n] = byrun[ka] / byrun[kb]
		}
		if (n == 0) {
			s = s sprintf("%-18s", "-")
			continue
		}
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
				x = v[j]; v[j] = v[j - 1]; v[j - 1] = x
			}
		m = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
		s = s sprintf("%-18s", sprintf("%.2f (%.2f-%.2f)", m, v[1],
			v[n]))
		printf "paired,%s/%s,%s,x,%.3f,%.3f,%.3f,%d\n", a, b,
			tests[t], m, v[1], v[n], n >csv
	}
	sub(/ +$/, "", s)
	print s
}
# one ratio row: A / B for the tests, its target, and whether it holds
function row(label, a, b, target,   t, r, s, met, missed, verdict) {
	s = sprintf("%-50s", label)
	met = missed = ""
	for (t = 1; t <= 3; t++) {
		r = ratio(a, b, tests[t])
		s = s sprintf("%8s", r == "" ? "-" : sprintf("%.2f", r))
		if (r == "")
			continue
		printf "ratio,%s/%s,%s,x,%.3f,,,\n", a, b, tests[t], r >csv
		if (target == "")
			continue
		if (r >= target)
			met = met " " tests[t]
		else
			missed = missed " " tests[t]
	}
	if (target == "")
		verdict = ""
	else if (met missed == "")
		verdict = "(not measured)"
	else if (missed == "")
		verdict = "met"
	else if (met == "")
		verdict = "NOT MET"
	else
		verdict = "met in" met ", NOT in" missed
	if (verdict != "")
		s = s sprintf("   >= %.2f %s", target, verdict)
	print s
}
$1 == "bench:" && NF == 5 {
	k = $2 SUBSEP $3
	if (!($2 in seen)) {
		seen[$2] = 1
		order[++ntun] = $2
	}
	unit[k] = $3 == "udp64" ? "kpps" : "Mbit/s"
	if ($5 == "failed") {
		failed[k]++
		next
	}
	val[k, ++cnt[k]] = $5
	byrun[k, $4] = $5
	if ($4 > maxrun)
		maxrun = $4
}
# busybox insmod retries a failed finit_module() with init_module(),
# and tcrypt fails on purpose: each test runs twice, average them
$1 == "crypto:" {
	csum[$2, $3] += $4
	crypto[$2, $3] = csum[$2, $3] / ++ccnt[$2, $3]
	drv[$2] = $5
}
$1 == "scale:" && $2 ~ /=/ {
	split($2, kv, "=")
	scale[kv[1]] = substr($0, index($0, "=") + 1)
}
END {
	tests[1] = "tcp1"; tests[2] = "tcp4"; tests[3] = "udp64"
	for (k in cnt)
		med[k] = median(k)

	print "kind,name,test,unit,median,min,max,runs" >csv
	printf "ovpn benchmark: kernel %s, 2 vCPUs (QEMU TCG), ", kernel
	printf "%d run(s) of %d s, inner MTU 1420\n", runs, secs
	print "median (min-max) of the runs; tcp Mbit/s at the receiver, " \
		"udp64 thousand 64-byte datagrams/s received"
	print ""
	printf "%-24s%-21s%-21s%s\n", "tunnel", "tcp1 Mbit/s", \
		"tcp4 Mbit/s", "udp64 kpps"
	for (i = 1; i <= ntun; i++) {
		n = order[i]
		s = sprintf("%-24s", n)
		for (t = 1; t <= 3; t++) {
			k = n SUBSEP tests[t]
			s = s cell(k)
			if (k in med)
				printf "tunnel,%s,%s,%s,%s,%s,%s,%d\n", n,
					tests[t], unit[k], med[k], lo[k],
					hi[k], cnt[k] >csv
			if (failed[k])
				note = note sprintf("  %s %s failed %d time(s)\n",
					n, tests[t], failed[k])
		}
		sub(/ +$/, "", s)
		print s
	}
	if (note != "")
		printf "\nfailed measurements:\n%s", note

	# the crypto limit: two vCPUs that only encrypted and decrypted
	# each byte once would move the harmonic mean of the one-vCPU
	# encryption and decryption rates
	print ""
	print "crypto limit: kernel crypto API on one vCPU, tcrypt, " \
		"1420-byte blocks, Mbit/s"
	for (a = 1; a <= 2; a++) {
		c = a == 1 ? "aes-gcm-256" : "chacha20-poly1305"
		if (!((c, "enc") in crypto) || !((c, "dec") in crypto)) {
			printf "%-24snot measured\n", c
			continue
		}
		e = crypto[c, "enc"]
		d = crypto[c, "dec"]
		lim[c] = 2 / (1 / e + 1 / d)
		printf "%-24senc %.0f, dec %.0f, limit %.0f  (%s)\n", c, e, \
			d, lim[c], drv[c]
		printf "crypto,%s,limit,Mbit/s,%.1f,%.1f,%.1f,1\n", c, \
			lim[c], e < d ? e : d, e < d ? d : e >csv
		printf "%s %.1f\n", c, lim[c] >(dat ".limits")
	}

	print ""
	printf "%-50s%8s%8s%8s   %s\n", "ratios of the medians", "tcp1", \
		"tcp4", "udp64", "target"
	row("ovpn-udp-chacha / wireguard", "ovpn-udp-chacha", "wireguard", 1.1)
	row("ovpn-udp-aes / wireguard", "ovpn-udp-aes", "wireguard", 1.1)
	row("ovpn-udp-aes / openvpn-udp-aes", "ovpn-udp-aes",
		"openvpn-udp-aes", 4)
	row("ovpn-udp-chacha / openvpn-udp-chacha", "ovpn-udp-chacha",
		"openvpn-udp-chacha", 4)
	row("ovpn-tcp-aes / openvpn-tcp-aes", "ovpn-tcp-aes",
		"openvpn-tcp-aes", 4)
	row("openvpn-dco-udp-aes / openvpn-udp-aes", "openvpn-dco-udp-aes",
		"openvpn-udp-aes", "")
	row("ovpn-udp-chacha-pcrypt / wireguard", "ovpn-udp-chacha-pcrypt",
		"wireguard", 1.1)
	row("ovpn-udp-aes-pcrypt / wireguard", "ovpn-udp-aes-pcrypt",
		"wireguard", 1.1)
	row("ovpn-udp-aes-pcrypt / openvpn-udp-aes", "ovpn-udp-aes-pcrypt",
		"openvpn-udp-aes", 4)
	row("ovpn-udp-chacha-pcrypt / openvpn-udp-chacha",
		"ovpn-udp-chacha-pcrypt", "openvpn-udp-chacha", 4)
	row("ovpn-udp-aes-pcrypt / ovpn-udp-aes", "ovpn-udp-aes-pcrypt",
		"ovpn-udp-aes", "")
	row("ovpn-udp-chacha-pcrypt / ovpn-udp-chacha",
		"ovpn-udp-chacha-pcrypt", "ovpn-udp-chacha", "")
	row("ovpn-udp-aes / ovpn-udp-aes-noclamp", "ovpn-udp-aes",
		"ovpn-udp-aes-noclamp", "")
	row("ovpn-udp-aes / veth", "ovpn-udp-aes", "veth", "")
	row("wireguard / veth", "wireguard", "veth", "")

	print ""
	printf "%-38s%-18s%-18s%s\n", "ratios within each round", "tcp1", \
		"tcp4", "udp64"
	paired("ovpn-udp-aes / ovpn-udp-aes-noclamp", "ovpn-udp-aes",
		"ovpn-udp-aes-noclamp")

	print ""
	printf "%-50s%8s%8s%8s   %s\n", "against the crypto limit", "tcp1", \
		"tcp4", "", "target"
	for (i = 1; i <= ntun; i++) {
		n = order[i]
		if (n !~ /^ovpn-udp-/ && n != "wireguard")
			continue
		c = n ~ /aes/ ? "aes-gcm-256" : "chacha20-poly1305"
		if (!(c in lim) || !((n, "tcp1") in med) ||
		    !((n, "tcp4") in med))
			continue
		r1 = med[n, "tcp1"] / lim[c]
		r4 = med[n, "tcp4"] / lim[c]
		printf "%-50s%8.2f%8.2f%8s   %s\n", n " / " c " limit", r1, \
			r4, "", n == "wireguard" ? "" : ">= 0.85 " \
			(r1 >= 0.85 || r4 >= 0.85 ? "met" : "NOT MET")
		printf "ratio,%s/%s-limit,tcp1,x,%.3f,,,\n", n, c, r1 >csv
		printf "ratio,%s/%s-limit,tcp4,x,%.3f,,,\n", n, c, r4 >csv
	}

	print ""
	printf "%-50s%8s   %s\n", "4 flows / 1 flow, one peer", "tcp", \
		"target"
	for (i = 1; i <= ntun; i++) {
		n = order[i]
		if (!((n, "tcp1") in med) || !((n, "tcp4") in med))
			continue
		r = med[n, "tcp4"] / med[n, "tcp1"]
		printf "%-50s%8.2f   %s\n", n, r, n !~ /^ovpn-/ ? "" : \
			">= 1.70 " (r >= 1.7 ? "met" : "NOT MET")
		printf "ratio,%s,tcp4/tcp1,x,%.3f,,,\n", n, r >csv
	}

	if (length(scale) > 0) {
		print ""
		printf "multi-peer scale: %s peers on one MP interface\n", \
			scale["peers"]
		printf "%-50s%s\n", "peers added per second (PEER_NEW + KEY_NEW)",
			scale["add_rate"]
		printf "%-50s%s\n", "kernel memory per peer (slab + per-CPU)",
			scale["kmem_per_peer"]
		printf "%-50s%s\n", "PEER_GET dump of all peers",
			scale["dump_ms"]
		printf "%-50s%s\n", "iperf3 to one peer, 1 peer configured",
			scale["throughput_1"]
		printf "%-50s%s\n", "iperf3 to one peer, all peers configured",
			scale["throughput_n"]
		printf "%-50s%s\n", "removing them (their socket closed)",
			scale["delete_ms"]
		for (s in scale)
			printf "scale,%s,,,%s,,,\n", s, scale[s] >csv
	}

	# the chart: medians with ranges of the tunnels (veth, the
	# ceiling, is off the scale and left out)
	for (i = 1; i <= ntun; i++) {
		n = order[i]
		if (n == "veth")
			continue
		printf "%s", n >dat
		for (t = 1; t <= 3; t++) {
			k = n SUBSEP tests[t]
			if (k in med) {
				f = tests[t] == "udp64" ? 1000 : 1
				printf " %s %s %s", med[k] / f, lo[k] / f,
					hi[k] / f >dat
			} else {
				printf " 0 0 0" >dat
			}
		}
		printf "\n" >dat
	}
}
