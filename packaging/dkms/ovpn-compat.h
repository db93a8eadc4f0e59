/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload: the in-tree hooks, out of tree
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The out-of-tree Kbuild includes this file ahead of every source file
 * of the driver. It gives a 6.12 kernel's headers the uapi constants
 * that the in-tree patches add to them (patches/0002), and that Linux
 * 6.16 and later have: each is defined here only where the kernel's
 * headers lack it. The driver's own uapi headers, ovpn.h and ovpn_dco.h,
 * come with the sources (include/uapi/linux/), its Kconfig symbols from
 * the Kbuild.
 */

#ifndef _NET_OVPN_COMPAT_H_
#define _NET_OVPN_COMPAT_H_

#include <uapi/linux/if_link.h>
#include <uapi/linux/udp.h>

/* the link type data of the "ovpn" link kind; if_link.h defines
 * IFLA_OVPN_MAX as a macro wherever it has them
 */
#ifndef IFLA_OVPN_MAX
enum ovpn_mode {
	OVPN_MODE_P2P,
	OVPN_MODE_MP,
};

enum {
	IFLA_OVPN_UNSPEC,
	IFLA_OVPN_MODE,
	__IFLA_OVPN_MAX,
};

#define IFLA_OVPN_MAX	(__IFLA_OVPN_MAX - 1)
#endif /* IFLA_OVPN_MAX */

/* the encapsulation type of the driver's UDP sockets: 6.12 uses 1 to 7 */
#ifndef UDP_ENCAP_OVPNINUDP
#define UDP_ENCAP_OVPNINUDP	8 /* transport layer */
#endif

#endif /* _NET_OVPN_COMPAT_H_ */
