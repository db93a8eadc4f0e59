// SPDX-License-Identifier: GPL-2.0
/*
 * ovpn-cli - reference userspace client of the ovpn driver
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The usage text, the table of commands and main(): global options, the
 * network namespace, the command's options, and its run.
 *
 * What it drives, in the order of usage():
 *  - the "ovpn" rtnl link kind: create an interface in any mode (a bad one
 *    too) and delete it;
 *  - every request of the "ovpn" generic netlink family with every input
 *    attribute, printing replies as one key=value line per object;
 *  - a request editor (--omit, --attr, --cmd) so that a test states each
 *    malformed request in one command line;
 *  - the transport sockets. The kernel takes a socket by fd but keeps no
 *    reference to the file: a peer lives exactly as long as userspace keeps
 *    its socket open. peer-udp and peer-tcp own the sockets, stay in the
 *    foreground, print the control packets that the kernel leaves to
 *    userspace and send some on request;
 *  - the "peers" multicast group (listen), and who may join any generic
 *    netlink group (mcast-join);
 *  - a raw TCP endpoint that is not the driver (tcp-raw), running a
 *    script of sends, frames, pauses and resets against it;
 *  - the wire: inject forges a UDP packet from any address and port,
 *    capture prints the UDP payloads seen on a port.
 *
 * A P2P pair across two namespaces, in short:
 *
 *   ovpn-cli -n ns0 iface-new ovpn0 p2p
 *   ovpn-cli -n ns0 peer-udp ovpn0 1 --bind 198.18.0.1:1194 \
 *           --remote 198.18.0.2:1194 --vpn-ip 10.8.0.2 \
 *           --key-seed s1 --key-dir 0 >ns0.log &
 *   (and the mirror image in ns1 with --key-dir 1)
 *   grep -q ^ready ns0.log    # poll: the peer and its keys exist
 *   kill %1                   # closes the socket: the kernel drops the peer
 *
 * Every long-running command prints "ready ..." once set up. Errors go to
 * stderr; the exit status tells a bad command line (2) from a request the
 */

#define _GNU_SOURCE

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include <linux/ovpn.h>

#include "ovpn-cli.h"

#define KEY_LEN_DEFAULT		32

const char *const prog = "ovpn-cli";

static const char usage_text[] =
"Usage: ovpn-cli [-n NETNS] COMMAND ARGS [OPTIONS]\n"
"\n"
"Reference client of the ovpn driver (OpenVPN data channel offload):\n"
"its \"ovpn\" link kind, its \"ovpn\" generic netlink family, the\n"
"sockets it takes, its notifications and its wire format.\n"
"  -n NETNS   work in network namespace NETNS (a name of 'ip netns'\n"
"             or a path such as /proc/PID/ns/net)\n"
"  -h         this help\n"
"\n"
"Interfaces\n"
"  iface-new IFNAME [p2p|mp|MODE] [KIND]\n"
"                                  create; MODE is a raw u8, KIND the\n"
"                                  link kind (ovpn, or ovpn-dco)\n"
"  iface-del IFNAME\n"
"\n"
"Peers: a peer lives as long as its socket is open (see peer-udp)\n"
"  peer-new IFNAME ID [PEER-OPTS] [--fd [PID:]FD | --sock TYPE]\n"
"  peer-set IFNAME ID [PEER-OPTS]\n"
"  peer-get IFNAME [ID]        one peer, or all: a key=value line each\n"
"  peer-del IFNAME ID\n"
"\n"
"Keys\n"
"  key-new  IFNAME PEER-ID KEY-OPTS\n"
"  key-get  IFNAME PEER-ID [--slot SLOT]\n"
"  key-swap IFNAME PEER-ID\n"
"  key-del  IFNAME PEER-ID [--slot SLOT]\n"
"  genkey   [SEED] [--peer-id ID] [--key-len N]\n"
"           print KEY-OPTS for --key-dir 0 (line 1) and 1 (line 2):\n"
"           what --key-seed SEED installs for peer ID; random\n"
"           material without SEED\n"
"\n"
"Sockets: set up, print \"ready ...\", then stay in the foreground and\n"
"print each control packet received; stop on SIGINT or SIGTERM and\n"
"close the sockets, which removes their peers\n"
"  peer-udp IFNAME [ID] --bind ENDPOINT [--connect] [PEER-OPTS]\n"
"           [KEY-OPTS] [RUN-OPTS]\n"
"           one UDP socket for all the peers (IPv6: dual stack);\n"
"           --connect connects it to the first peer's remote\n"
"  peer-tcp IFNAME [ID] --remote ENDPOINT [--bind ENDPOINT]\n"
"           [PEER-OPTS] [KEY-OPTS] [RUN-OPTS]\n"
"  peer-tcp IFNAME [ID] --listen ENDPOINT [PEER-OPTS] [KEY-OPTS]\n"
"           [RUN-OPTS] [TCP-OPTS]\n"
"           connect to --remote (not sent as an attribute), or\n"
"           accept one connection per peer, in order (prints\n"
"           \"listening ...\" first); each peer on its own socket\n"
"           SIGUSR2: peer-udp prints the socket options that attaching\n"
"           changes, peer-tcp sends --ctrl-raw (or --disconnect)\n"
"  listen   [--count N] [--timeout SEC]\n"
"           print the notifications of the \"peers\" group\n"
"  dco IFNAME REQUEST [--attr PATH=VALUE]...\n"
"      a request of the ovpn-dco-v2 family (OpenVPN 2.6): REQUEST is\n"
"      new-peer, set-peer, del-peer, new-key, swap-keys, del-key or\n"
"      get-peer (a dump without --attr); paths start at the request's\n"
"      nest, e.g. --attr new-key.key-slot=secondary\n"
"  mcast-join FAMILY GROUP [--drop-caps]\n"
"           join group GROUP of generic netlink family FAMILY (any\n"
"           family); --drop-caps drops every capability first (the uid\n"
"           stays 0)\n"
"\n"
"Raw TCP: a remote that is not the driver\n"
"  tcp-raw  (--remote ENDPOINT [--bind ENDPOINT] | --listen ENDPOINT)\n"
"           [--timeout SEC] STEP...\n"
"           connect, or accept one connection, with TCP_NODELAY; print\n"
"           \"connected ...\", run the steps in order, print \"done\".\n"
"           What arrives meanwhile is printed. STEP is one of\n"
"           send:HEX     the bytes as they are (send: sends nothing)\n"
"           frame:HEX    a 2-byte big endian length, then HEX\n"
"           sleep:MS     MS milliseconds\n"
"           pause        until SIGUSR1\n"
"           shut         shutdown(SHUT_WR)\n"
"           rst          SO_LINGER {1, 0}, then close: a reset\n"
"           close        close\n"
"           wait         until the end of the stream, SIGTERM or\n"
"                        --timeout\n"
"\n"
"Wire\n"
"  inject   --from ENDPOINT --to ENDPOINT [--dev IFNAME] HEX\n"
"           send UDP payload HEX from any address and port (raw IP)\n"
"  capture  --port PORT [--opcode N] [--dev IFNAME] [--count N]\n"
"           [--timeout SEC]\n"
"           print UDP payloads to or from PORT (opcode 9: P_DATA_V2)\n"
"\n"
"PEER-OPTS\n"
"  --remote ENDPOINT    remote address and port\n"
"  --vpn-ip ADDR        VPN IPv4 or IPv6 address (once per family)\n"
"  --local-ip ADDR      local IPv4 or IPv6 address\n"
"  --keepalive I,T      keepalive interval and timeout, seconds\n"
"  --tx-id ID           peer id to write into outgoing packets\n"
"  --fd [PID:]FD        socket: our FD, or a copy of FD of process PID\n"
"                       (the fd=N that peer-udp prints)\n"
"  --sock TYPE          socket: a new udp, udp6, tcp, tcp6 or unix one,\n"
"                       unbound, closed on exit (for negative tests)\n"
"KEY-OPTS\n"
"  --slot primary|secondary|N              default primary\n"
"  --key-id N                              default 0\n"
"  --cipher aes-gcm|chacha20-poly1305|none|N   default aes-gcm\n"
"  --enc-key HEX --enc-nonce HEX --dec-key HEX --dec-nonce HEX\n"
"  --key-seed SEED [--key-dir 0|1] [--key-len N]\n"
"        derive keys and nonce tails from SEED and the peer id: the\n"
"        side with --key-dir 0 (default) encrypts with what the side\n"
"        with --key-dir 1 decrypts with, and the other way round;\n"
"        --key-len defaults to 32. Test material, not a secret.\n"
"RUN-OPTS\n"
"  --peer SPEC          one more peer: ID[,ENDPOINT][,VPN-IP]...\n"
"  --peers FILE         one SPEC a line (commas or blanks, # comments)\n"
"                       PEER-OPTS other than --remote and --vpn-ip\n"
"                       apply to every peer\n"
"  --send-ctrl HEX      send HEX to every peer once set up\n"
"  --ctrl HEX           send HEX to every peer on each SIGUSR1\n"
"                       (default: the --send-ctrl payload)\n"
"  --stdin              stop at the end of standard input too (not\n"
"                       in a script's & job: its stdin is /dev/null)\n"
"  --timeout SEC        stop after SEC seconds too\n"
"TCP-OPTS (peer-tcp)\n"
"  --keep-open          keep a socket whose remote closed or reset it:\n"
"                       later sends still go to it (tcp-ended)\n"
"  --ctrl-raw HEX       send HEX unframed in one send() on each SIGUSR2\n"
"                       (an empty HEX: a zero-length send)\n"
"  --recv-thread        once set up, a thread per socket blocked in\n"
"                       recv(); the main loop leaves the sockets alone\n"
"  --ulp NAME           once set up, try setsockopt(TCP_ULP, NAME) on\n"
"                       each socket and print the result\n"
"  --rcvlowat BYTES     once set up, set SO_RCVLOWAT on each socket:\n"
"                       TCP then wakes the driver's stream parser only\n"
"                       when BYTES arrived or the stream ended\n"
"  --splice-read        read the sockets with splice() into a pipe (the\n"
"                       sockets non-blocking) instead of recv()\n"
"  --zerocopy           once set up, try getsockopt(TCP_ZEROCOPY_RECEIVE)\n"
"                       with a copy buffer on each socket, print the result\n"
"  --disconnect         on SIGUSR2, connect(AF_UNSPEC) each socket\n"
"                       instead: TCP's disconnect, a reset for the\n"
"                       remote; the socket stays open\n"
"  at exit it prints the stats line: POLLIN with nothing to read\n"
"  (spurious wakeups), and the SIGPIPEs received although every send\n"
"  passes MSG_NOSIGNAL\n"
"REQUEST EDITS, for every ovpn request of a command (negative tests)\n"
"  --omit PATH          leave attribute PATH out\n"
"  --attr PATH=VALUE    set attribute PATH: replace it, or add it to\n"
"                       its nest (one-shot commands create the nest)\n"
"  --cmd N              send generic netlink command N instead\n"
"  PATH is dotted as in the spec (ifindex, peer.remote-ipv6,\n"
"  keyconf.encrypt-dir.nonce-tail) or any unique tail of one (id,\n"
"  remote-ipv6, encrypt-dir.nonce-tail); a number names any type\n"
"  (peer.99). VALUE is read as the attribute's type (number, name,\n"
"  address, hex) or given as TYPE:VALUE with TYPE one of u8 u16 u32\n"
"  u64 s32 be16 be32 ip hex str; an empty VALUE is an empty payload.\n"
"\n"
"ENDPOINT is IPV4[:PORT] or [IPV6[%SCOPE]][:PORT] (SCOPE: interface\n"
"name or index); in a SPEC it needs its port. IFNAME may be an\n"
"ifindex. Numbers are decimal or 0x hex; ids, slots, ciphers, modes\n"
"and lengths are sent unchecked, for the kernel to check.\n"
"\n"
"Output (stdout, one line each, flushed):\n"
"  id=1 remote=198.18.0.2:1194 local=198.18.0.1:1194 vpn-ipv4=...\n"
"  peer-id=1 slot=primary key-id=0 cipher-alg=aes-gcm\n"
"  ready ...                                  set up, waiting\n"
"  ctrl from=ADDR:PORT len=N hex=...          control packet received\n"
"  ctrl-sent to=ADDR:PORT len=N\n"
"  ctrl-raw-sent to=ADDR:PORT len=N\n"
"  ctrl-send-error to=ADDR:PORT errno=NAME\n"
"  connected peer-id=P fd=N local=... remote=...   (TCP)\n"
"  tcp-closed from=ADDR:PORT peer-id=P\n"
"  tcp-error from=ADDR:PORT peer-id=P errno=NAME\n"
"  tcp-ended from=ADDR:PORT peer-id=P (kept open)\n"
"  recv-thread peer-id=P waiting|len=N|end=eof|end=ERRNO\n"
"  ulp NAME: ok|ERRNO peer-id=P\n"
"  rcvlowat N: ok|ERRNO peer-id=P\n"
"  zerocopy: ok copied=N|ERRNO peer-id=P\n"
"  disconnected peer-id=P, disconnect-error peer-id=P errno=NAME\n"
"  stats spurious-wakeups=N sigpipe=N          (peer-tcp, at exit)\n"
"  sockopt mc-loop=N                           (peer-udp, SIGUSR2)\n"
"  joined family=F group=G id=N caps=kept|none (mcast-join)\n"
"  tcp-raw: listening local=..., connected local=... remote=...,\n"
"    sent len=N, recv len=N hex=..., eof, recv-error errno=NAME,\n"
"    send-error errno=NAME, shut, rst-sent, closed, done\n"
"  peer-del-ntf ifindex=I peer-id=P reason=expired\n"
"  key-swap-ntf ifindex=I peer-id=P key-id=K\n"
"  peer-float-ntf ifindex=I peer-id=P remote=ADDR:PORT\n"
"  udp from=ADDR:PORT to=ADDR:PORT len=N hex=...   (capture)\n"
"Errors (stderr): error: STRERROR (ERRNO) NAME; kernel: EXTACK;\n"
"  attribute: PATH (offset N); missing: PATH\n"
"Exit status: 0 done, 1 failure, 2 bad usage, 3 the kernel refused\n"
"  a request, 124 --timeout before --count events (or a connection)\n"
"Environment: OVPN_FAIL_NTH=N fails the N-th fault injection site the\n"
"  first request of the driver's family reaches (CONFIG_FAULT_INJECTION:\n"
"  /proc/thread-self/fail-nth); stderr then says \"fail-nth N: injected\"\n"
"  or \"fail-nth N: not reached\"\n"
"\n"
"Examples\n"
"  ovpn-cli -n ns0 iface-new ovpn0 p2p\n"
"  ovpn-cli -n ns0 peer-udp ovpn0 1 --bind 198.18.0.1:1194 \\\n"
"      --remote 198.18.0.2:1194 --vpn-ip 10.8.0.2 --key-seed s1 &\n"
"  ovpn-cli -n ns1 peer-udp ovpn0 1 --bind 198.18.0.2:1194 \\\n"
"      --remote 198.18.0.1:1194 --vpn-ip 10.8.0.1 --key-seed s1 \\\n"
"      --key-dir 1 &\n"
"  ovpn-cli -n ns0 peer-get ovpn0\n"
"  ovpn-cli -n ns0 listen --count 1 --timeout 10\n"
"  ovpn-cli -n ns0 peer-new ovpn0 0x1000000 --sock udp\n"
"  ovpn-cli -n ns0 key-new ovpn0 1 --key-seed s1 \\\n"
"      --attr encrypt-dir.nonce-tail=00112233445566\n"
"  ovpn-cli -n ns1 capture --port 1194 --opcode 9 --count 1\n"
"  ovpn-cli -n ns1 tcp-raw --listen 198.18.0.2:1194 frame:38aa \\\n"
"      send:0010 sleep:100 send:aabb pause rst\n"
"  ovpn-cli mcast-join ovpn-dco-v2 peers --drop-caps\n";

void usage(FILE *f)
{
	fputs(usage_text, f);
}

static const struct command commands[] = {
	{ "iface-new", cmd_iface_new, 0, 1, 3, "IFNAME [p2p|mp|MODE] [KIND]" },
	{ "iface-del", cmd_iface_del, 0, 1, 1, "IFNAME" },
	{ "peer-new", cmd_peer_new, G_PEER | G_SOCK | G_EDIT, 2, 2,
	  "IFNAME ID [PEER-OPTS]" },
	{ "peer-set", cmd_peer_set, G_PEER | G_SOCK | G_EDIT, 2, 2,
	  "IFNAME ID [PEER-OPTS]" },
	{ "peer-get", cmd_peer_get, G_EDIT, 1, 2, "IFNAME [ID]" },
	{ "peer-del", cmd_peer_del, G_EDIT, 2, 2, "IFNAME ID" },
	{ "key-new", cmd_key_new, G_SLOT | G_KEY | G_EDIT, 2, 2,
	  "IFNAME PEER-ID KEY-OPTS" },
	{ "key-get", cmd_key_get, G_SLOT | G_EDIT, 2, 2,
	  "IFNAME PEER-ID [--slot SLOT]" },
	{ "key-swap", cmd_key_swap, G_EDIT, 2, 2, "IFNAME PEER-ID" },
	{ "key-del", cmd_key_del, G_SLOT | G_EDIT, 2, 2,
	  "IFNAME PEER-ID [--slot SLOT]" },
	{ "genkey", cmd_genkey, G_GENKEY, 0, 1, "[SEED] [--peer-id ID]" },
	{ "peer-udp", cmd_peer_udp,
	  G_PEER | G_SLOT | G_KEY | G_RUN | G_UDP | G_EDIT, 1, 2,
	  "IFNAME [ID] --bind ENDPOINT [OPTIONS]" },
	{ "peer-tcp", cmd_peer_tcp,
	  G_PEER | G_SLOT | G_KEY | G_RUN | G_TCP | G_EDIT, 1, 2,
	  "IFNAME [ID] (--remote ENDPOINT | --listen ENDPOINT) [OPTIONS]" },
	{ "tcp-raw", cmd_tcp_raw, G_RAW, 1, INT_MAX,
	  "(--remote ENDPOINT [--bind ENDPOINT] | --listen ENDPOINT) STEP..." },
	{ "listen", cmd_listen, G_WAIT, 0, 0, "[--count N] [--timeout SEC]" },
	{ "dco", cmd_dco, G_EDIT, 2, 2,
	  "IFNAME REQUEST [--attr PATH=VALUE]..." },
	{ "mcast-join", cmd_mcast_join, G_MCAST, 2, 2,
	  "FAMILY GROUP [--drop-caps]" },
	{ "inject", cmd_inject, G_INJECT, 1, 1,
	  "--from ENDPOINT --to ENDPOINT HEX" },
	{ "capture", cmd_capture, G_CAPTURE | G_WAIT, 0, 0,
	  "--port PORT [OPTIONS]" },
};

static int enter_netns(const char *name)
{
	char path[PATH_MAX];
	int fd, ret;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		errorf("netns %s: %s", name, strerror(errno));
		return RC_FAIL;
	}
	ret = setns(fd, CLONE_NEWNET);
	if (ret < 0)
		errorf("netns %s: setns: %s", name, strerror(errno));
	close(fd);
	return ret < 0 ? RC_FAIL : RC_OK;
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	static const struct option global_opts[] = {
		{ "netns", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *netns = NULL;
	struct cli c = {};
	int opt, rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+hn:", global_opts,
				  NULL)) != -1) {
		if (opt == 'h') {
			usage(stdout);
			return RC_OK;
		}
		if (opt != 'n') {
			errorf("unknown or incomplete option '%s'",
			       argv[optind - 1]);
			fprintf(stderr, "try '%s -h'\n", prog);
			return RC_USAGE;
		}
		netns = optarg;
	}
	if (optind >= argc) {
		usage(stderr);
		return RC_USAGE;
	}
	if (!strcmp(argv[optind], "help")) {
		usage(stdout);
		return RC_OK;
	}
	c.cmd = find_command(argv[optind]);
	if (!c.cmd) {
		errorf("unknown command '%s'", argv[optind]);
		fprintf(stderr, "try '%s -h'\n", prog);
		return RC_USAGE;
	}
	/* before any socket, interface name or scope is looked at */
	if (netns && enter_netns(netns))
		return RC_FAIL;
	c.peer.fd = -1;
	c.peer.remote.port = -1;
	c.bind.port = -1;
	c.listen.port = -1;
	c.key.key_len = KEY_LEN_DEFAULT;
	c.key.cipher = OVPN_CIPHER_ALG_AES_GCM;
	c.port = -1;
	c.opcode = -1;
	c.edits.cmd = -1;
	if (!strcmp(c.cmd->name, "dco"))
		edit_root = dco_tree;
	rc = parse_cmdline(&c, argc - optind, argv + optind);
	if (!rc)
		rc = c.cmd->run(&c);
	if (rc == RC_USAGE)
		fprintf(stderr, "try '%s -h'\n", prog);
	cli_free(&c);
	return rc;
}
