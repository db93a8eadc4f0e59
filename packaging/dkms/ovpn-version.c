// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload: the version of an out-of-tree build
 *
 * Copyright (C) 2026 The ovpn developers
 */

#include <linux/module.h>

MODULE_VERSION(OVPN_VERSION);
