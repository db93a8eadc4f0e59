/* SPDX-License-Identifier: GPL-2.0-only */
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 *
 * The "ovpn-dco-v2" generic netlink family of the out-of-tree
 * ovpn-dco module, which OpenVPN 2.6 drives, and its "ovpn-dco" link
 * kind. The family's numbers are those of the ovpn_dco.h header that
 * OpenVPN 2.6 is built with, in <uapi/linux/ovpn_dco.h>: generated from
 * Documentation/netlink/specs/ovpn-dco-v2.yaml, like the family's
 * policies and ops in netlink-dco-gen.c.
 */

#ifndef _NET_OVPN_NETLINK_DCO_H_
#define _NET_OVPN_NETLINK_DCO_H_

#define OVPN_DCO_LINK_KIND	"ovpn-dco"

#endif /* _NET_OVPN_NETLINK_DCO_H_ */
