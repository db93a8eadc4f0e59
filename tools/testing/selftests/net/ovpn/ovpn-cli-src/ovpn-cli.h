/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ovpn-cli - what its files share
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The limits, exit codes and types that more than one file of ovpn-cli
 * uses, and what each file offers the others, in groups named after
 * the file that defines them; main.c says what the program does.
 */

#ifndef OVPN_CLI_H
#define OVPN_CLI_H

#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>

#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/ovpn.h>
#include <linux/types.h>

/* uapi headers older than the driver lack its link attributes */
#ifndef IFLA_OVPN_MAX
enum {
	IFLA_OVPN_UNSPEC,
	IFLA_OVPN_MODE,
};
#endif

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

#define REQ_BUF_SIZE		16384
#define RX_BUF_SIZE		65536
#define PKT_BUF_SIZE		65536
#define PATH_DEPTH		4
#define EP_STR_LEN		(INET6_ADDRSTRLEN + 24)
#define KEY_LEN_MAX		1024

/* exit status */
enum {
	RC_OK = 0,
	RC_FAIL = 1,		/* a local failure: socket, file, memory */
	RC_USAGE = 2,		/* a bad command line */
	RC_KERNEL = 3,		/* the kernel refused a netlink request */
	RC_TIMEOUT = 124,	/* --timeout hit before the work was done */
};

extern const char *const prog;

/* one line on stderr; FMT is a literal, checked as printf's own */
#define errorf(fmt, ...) \
	fprintf(stderr, "error: " fmt "\n", ##__VA_ARGS__)
#define warnf(fmt, ...) \
	fprintf(stderr, "warning: " fmt "\n", ##__VA_ARGS__)

struct blob {
	unsigned char *data;
	size_t len;
	bool set;
};

/* an address, optionally with a port, as typed or as received */
struct endpoint {
	int family;		/* AF_UNSPEC: none given */
	struct in_addr a4;
	struct in6_addr a6;
	__u32 scope;
	bool has_scope;
	int port;		/* -1: none given */
};

enum vt {
	VT_HEX,		/* binary: hex */
	VT_U8,
	VT_U16,
	VT_U32,
	VT_U64,
	VT_UINT,	/* NLA_UINT: 4 or 8 bytes */
	VT_S32,
	VT_BE16,
	VT_IPV4,	/* big endian u32 */
	VT_IPV6,	/* 16 bytes */
	VT_STR,
	VT_NEST,
};

struct attr_set;

struct attr_desc {
	const char *name;
	enum vt vt;
	const struct attr_set *nest;
	const char * const *names;	/* enum values, NULL terminated */
};

struct attr_set {
	const struct attr_desc *attrs;
	unsigned int max;
};

/* a path of attribute types from the root of a tree */
struct attr_path {
	unsigned int depth;
	__u16 type[PATH_DEPTH];
};

struct attr_edit {
	struct attr_path path;
	bool omit;
	bool used;		/* already applied to the current request */
	struct blob val;
};

struct edits {
	struct attr_edit *v;
	unsigned int n;
	int cmd;		/* -1: each request's own command */
};

struct mnl_socket;

struct nl {
	struct mnl_socket *sock;
	char *rx;
	__u32 seq;
	__u16 family;		/* generic netlink family id */
	const char *mcgrp_name;	/* the group to find, "peers" for ovpn */
	__u32 mcgrp;		/* its id, 0 if none */
	int last_err;		/* errno of the last refused request */
	struct edits *edits;
};

struct req {
	union {
		struct nlmsghdr align;
		char buf[REQ_BUF_SIZE];
	} u;
	struct nlmsghdr *nlh;
	size_t hdrlen;			/* family header after nlmsghdr */
	const struct attr_set *set;	/* to name attributes in errors */
	struct edits *edits;		/* NULL: send as built */
	bool strict;			/* edits never add a top level nest */
	struct attr_path path;		/* of the open nest */
	struct nlattr *nest[PATH_DEPTH];
	unsigned int skip;		/* > 0: inside an omitted nest */
	bool overflow;
};

typedef void (*msg_cb)(const struct nlmsghdr *nlh, void *data);

/* a key=value line being printed */
struct line {
	const char *sep;
};

struct peer_opts {
	__u32 id;
	bool has_id;
	struct endpoint remote;
	bool has_vpn4, has_vpn6, has_local4, has_local6;
	struct in_addr vpn4, local4;
	struct in6_addr vpn6, local6;
	bool has_keepalive;
	__u32 ka_interval, ka_timeout;
	bool has_tx_id;
	__u32 tx_id;
	int fd;			/* -1: no socket attribute */
};

struct key_opts {
	__u32 slot;
	__u32 key_id;
	__u32 cipher;
	struct blob enc_key, enc_nonce, dec_key, dec_nonce;
	const char *seed;
	__u32 key_dir;
	__u32 key_len;
	bool given;		/* any key option at all */
};

/* what one direction of a key is made of */
struct key_dir_mat {
	unsigned char key[KEY_LEN_MAX];
	size_t key_len;
	unsigned char nonce[OVPN_NONCE_TAIL_SIZE];
};

/* which commands take which options */
enum opt_group {
	G_PEER = 1 << 0,	/* peer attributes */
	G_SOCK = 1 << 1,	/* --fd, --sock */
	G_SLOT = 1 << 2,	/* --slot */
	G_KEY = 1 << 3,		/* key id, cipher, material */
	G_GENKEY = 1 << 4,	/* --peer-id, --key-len */
	G_RUN = 1 << 5,		/* peer-udp and peer-tcp */
	G_UDP = 1 << 6,		/* --connect */
	G_TCP = 1 << 7,		/* --listen */
	G_WAIT = 1 << 8,	/* --count, --timeout */
	G_INJECT = 1 << 9,
	G_CAPTURE = 1 << 10,
	G_EDIT = 1 << 11,	/* --omit, --attr, --cmd */
	G_RAW = 1 << 12,	/* tcp-raw */
	G_MCAST = 1 << 13,	/* mcast-join */
};

struct cli;

struct command {
	const char *name;
	int (*run)(struct cli *c);
	unsigned int groups;
	int min_args, max_args;
	const char *args;
};

struct cli {
	const struct command *cmd;
	char **args;
	int n_args;
	struct peer_opts peer;
	bool has_fd;
	pid_t fd_pid;		/* 0: our own fd */
	int fd_num;
	const char *sock_type;
	struct key_opts key;
	__u32 genkey_peer_id;
	const char **specs;	/* --peer */
	unsigned int n_specs;
	const char *peers_file;
	struct endpoint bind, listen, from, to;
	bool connect;
	struct blob send_ctrl, ctrl, ctrl_raw;
	bool keep_open;		/* peer-tcp: keep sockets the remote closed */
	bool recv_thread;	/* peer-tcp: blocking readers in threads */
	bool disconnect;	/* peer-tcp: SIGUSR2 disconnects */
	const char *ulp;	/* peer-tcp: TCP_ULP to try once set up */
	__u32 rcvlowat;		/* peer-tcp: SO_RCVLOWAT once set up */
	bool splice_read;	/* peer-tcp: read through splice() */
	bool zerocopy;		/* peer-tcp: try TCP_ZEROCOPY_RECEIVE */
	bool drop_caps;		/* mcast-join */
	bool watch_stdin;
	double timeout;		/* seconds, 0: none */
	__u32 count;		/* 0: no limit */
	int port;		/* capture, -1: none */
	int opcode;		/* capture, -1: any */
	const char *dev;
	struct edits edits;
};

struct runner {
	int sfd;		/* signalfd: INT, TERM, HUP stop; USR1/2 act */
	bool watch_stdin;
	bool has_deadline;
	struct timespec deadline;
};

enum ev {
	EV_NONE,		/* look at the caller's fds */
	EV_STOP,
	EV_USR1,
	EV_USR2,
	EV_TIMEOUT,
	EV_ERROR,
};

struct peer_list {
	struct peer_opts *v;
	unsigned int n;
};

/* util.c: messages, memory and values */
void *xmalloc(size_t len);
void *xrealloc(void *p, size_t len);
char *xstrdup(const char *s);
const char *errno_name(int err);
void blob_free(struct blob *b);
bool parse_num(const char *s, unsigned long long max, unsigned long long *v);
bool parse_u32(const char *s, __u32 *v);
bool parse_s32(const char *s, __s32 *v);
bool parse_secs(const char *s, double *v);
bool parse_hex(const char *s, struct blob *b);
void print_hex(FILE *f, const void *data, size_t len);
bool parse_addr(const char *s, struct endpoint *ep);
bool looks_like_endpoint(const char *s);
bool parse_endpoint(const char *s, struct endpoint *ep);
void fmt_addr_port(char *buf, size_t len, int family, const void *addr,
		   __u32 scope, int port);
void fmt_sockaddr(char *buf, size_t len, const struct sockaddr_storage *ss);
bool ep_sockaddr(const struct endpoint *ep, int family,
		 struct sockaddr_storage *ss, socklen_t *len);
int resolve_ifindex(const char *name, __u32 *ifindex);

/* attrs.c: attribute tables, paths and printing */
extern const char * const mode_names[];
extern const struct attr_set *const ovpn_tree;
extern const struct attr_set *const dco_tree;
extern const struct attr_set *const dco_reply_tree;
extern const struct attr_set *const link_tree;
extern const char * const *const slot_names;
extern const char * const *const cipher_names;
extern const char * const *const dco_request_names;
/* the attribute tree --attr and --omit paths are read against */
extern const struct attr_set *edit_root;
const struct attr_desc *set_desc(const struct attr_set *set, unsigned int type);
int name_index(const char * const *names, const char *name);
bool parse_enum(const char * const *names, const char *s, __u32 *v);
const struct attr_desc *path_desc(const struct attr_set *root,
				  const struct attr_path *p,
				  unsigned int level);
void path_fmt(char *buf, size_t len, const struct attr_set *root,
	      const struct attr_path *p);
bool path_parse(const struct attr_set *root, const char *s,
		struct attr_path *p);
bool path_eq(const struct attr_path *a, const struct attr_path *b);
bool path_below(const struct attr_path *p, const struct attr_path *prefix);
void print_fields(struct line *l, const struct attr_set *set,
		  const struct nlattr *nest, const char *prefix, __u32 skip);
void peer_cb(const struct nlmsghdr *nlh, void *data);
void key_cb(const struct nlmsghdr *nlh, void *data);
void print_ntf(const struct nlmsghdr *nlh);

/* edits.c: request edits */
int edit_add(struct edits *e, const char *arg, bool omit);
void edits_free(struct edits *e);

/* nl.c: netlink requests, transport and errors */
void req_start(struct req *r, struct nl *nl, __u16 type, __u16 flags,
	       size_t hdrlen);
void req_put(struct req *r, __u16 type, const void *data, size_t len);
void req_put_u8(struct req *r, __u16 type, __u8 v);
void req_put_u32(struct req *r, __u16 type, __u32 v);
void req_put_be16(struct req *r, __u16 type, __u16 v);
void req_put_str(struct req *r, __u16 type, const char *s);
void req_nest_start(struct req *r, __u16 type);
void req_nest_end(struct req *r);
void req_finish(struct req *r);
void ovpn_req(struct req *r, struct nl *nl, __u8 cmd, __u16 flags,
	      __u32 ifindex);
int nl_open(struct nl *nl, int bus);
void nl_close(struct nl *nl);
int nl_transact(struct nl *nl, struct req *r, msg_cb cb, void *data);
int genl_open(struct nl *nl, const char *family, const char *group);
int ovpn_open(struct nl *nl, struct edits *edits);

/* opts.c: peers and keys as requests */
int peer_request(struct nl *nl, __u8 cmd, __u32 ifindex,
		 const struct peer_opts *p, bool strict);
void key_derive(const char *seed, __u32 peer_id, __u8 stream,
		struct key_dir_mat *m, size_t key_len);
int key_random(struct key_dir_mat *m, size_t key_len);
int key_new(struct nl *nl, __u32 ifindex, __u32 peer_id,
	    const struct key_opts *k, bool strict);
int key_request(struct nl *nl, __u8 cmd, __u32 ifindex, __u32 peer_id,
		const __u32 *slot);

/* cmdline.c: the command line */
extern const char * const sock_types[];
void cli_free(struct cli *c);
bool opt_addr(const char *arg, bool *has4, struct in_addr *a4, bool *has6,
	      struct in6_addr *a6);
int parse_cmdline(struct cli *c, int argc, char **argv);

/* iface.c: interfaces */
int cmd_iface_new(struct cli *c);
int cmd_iface_del(struct cli *c);

/* oneshot.c: one-shot peer and key requests */
int parse_id_arg(struct cli *c, int i, __u32 *id);
int key_material_ok(const struct cli *c);
int cmd_peer_new(struct cli *c);
int cmd_peer_set(struct cli *c);
int cmd_peer_get(struct cli *c);
int cmd_peer_del(struct cli *c);
int cmd_key_new(struct cli *c);
int cmd_key_get(struct cli *c);
int cmd_key_swap(struct cli *c);
int cmd_key_del(struct cli *c);
int cmd_genkey(struct cli *c);

/* loop.c: the foreground loop */
extern int sigpipe_count;	/* SIGPIPEs received */
int runner_init(struct runner *rn, double timeout, bool watch_stdin);
void runner_close(struct runner *rn);
int runner_ms_left(const struct runner *rn);
enum ev runner_poll(struct runner *rn, struct pollfd *fds, nfds_t n);
enum ev runner_wait_fd(struct runner *rn, int fd, short events);

/* peer.c: the peers of peer-udp and peer-tcp */
int run_prepare(struct cli *c, bool tcp, struct peer_list *pl, struct nl *nl,
		__u32 *ifindex, struct runner *rn);
int setup_peer(struct nl *nl, __u32 ifindex, const struct peer_opts *p,
	       const struct key_opts *k);
const struct blob *usr1_payload(const struct cli *c);
void print_ctrl(const char *from, const void *data, size_t len);
void fmt_ep(char *buf, size_t len, const struct endpoint *ep);

/* peer-udp.c: peer-udp */
int cmd_peer_udp(struct cli *c);

/* peer-tcp.c: peer-tcp, and the TCP sockets of tcp-raw */
int tcp_listen(const struct endpoint *ep, unsigned int backlog);
int ev_rc(enum ev ev);
int tcp_accept(struct runner *rn, int lfd, int *fd);
int tcp_connect(struct cli *c, struct runner *rn, int *fdp);
int cmd_peer_tcp(struct cli *c);

/* tcp-raw.c: tcp-raw */
int cmd_tcp_raw(struct cli *c);

/* listen.c: listen */
int cmd_listen(struct cli *c);

/* dco.c: dco */
int cmd_dco(struct cli *c);

/* mcast.c: mcast-join */
int cmd_mcast_join(struct cli *c);

/* wire.c: the wire: inject and capture */
int cmd_inject(struct cli *c);
int cmd_capture(struct cli *c);

/* main.c: usage and main */
void usage(FILE *f);

#endif /* OVPN_CLI_H */
