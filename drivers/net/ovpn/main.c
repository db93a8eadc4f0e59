// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#include <net/genetlink.h>
#include <linux/module.h>
#include <net/rtnetlink.h>
#include <uapi/linux/ovpn.h>

#include "crypto_aead.h"
#include "main.h"
#include "netdev.h"
#include "netlink-gen.h"

struct workqueue_struct *ovpn_wq;

static int __init ovpn_init(void)
{
	int err;

	err = ovpn_aead_init();
	if (err)
		return err;

	ovpn_wq = alloc_workqueue("ovpn", 0, 0);
	if (!ovpn_wq) {
		err = -ENOMEM;
		goto err_uninit_aead;
	}

	err = ovpn_rtnl_register();
	if (err) {
		pr_err("can't register rtnl link ops: %d\n", err);
		goto err_destroy_wq;
	}

	err = genl_register_family(&ovpn_nl_family);
	if (err) {
		pr_err("can't register netlink family: %d\n", err);
		goto err_unregister_rtnl;
	}

	err = ovpn_dco_init();
	if (err)
		goto err_unregister_nl;

	return 0;

err_unregister_nl:
	genl_unregister_family(&ovpn_nl_family);
err_unregister_rtnl:
	ovpn_rtnl_unregister();
err_destroy_wq:
	destroy_workqueue(ovpn_wq);
err_uninit_aead:
	ovpn_aead_uninit();
	return err;
}

static void __exit ovpn_cleanup(void)
{
	/* each family goes before its link kind, whose unregistration
	 * deletes every device of the kind, and with them every peer
	 */
	ovpn_dco_uninit();
	genl_unregister_family(&ovpn_nl_family);
	ovpn_rtnl_unregister();
	/* What is left runs module code, each step started by the one
	 * before: peers freed after a grace period put their key slots,
	 * whose frees wait for another grace period and then run on the
	 * workqueue; socket releases run on the workqueue and free the
	 * socket objects after a grace period.
	 */
	rcu_barrier();
	flush_workqueue(ovpn_wq);
	rcu_barrier();
	destroy_workqueue(ovpn_wq);
	ovpn_aead_uninit();
}

module_init(ovpn_init);
module_exit(ovpn_cleanup);

MODULE_DESCRIPTION("OpenVPN data channel offload");
MODULE_AUTHOR("The ovpn developers");
MODULE_LICENSE("GPL");
MODULE_ALIAS_RTNL_LINK("ovpn");
MODULE_ALIAS_GENL_FAMILY(OVPN_FAMILY_NAME);
