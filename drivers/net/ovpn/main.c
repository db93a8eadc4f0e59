// SPDX-License-Identifier: GPL-2.0-only
/* OpenVPN data channel offload
 *
 * Copyright (C) 2026 The ovpn developers
 */

#include <net/genetlink.h>
#include <linux/module.h>
#include <net/rtnetlink.h>
#include <uapi/linux/ovpn.h>
#include <uapi/linux/ovpn_dco.h>

#include "crypto_aead.h"
#include "main.h"
#include "netdev.h"
#include "netlink-dco.h"
#include "netlink.h"

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

	err = ovpn_nl_register();
	if (err) {
		pr_err("can't register netlink family: %d\n", err);
		goto err_unregister_rtnl;
	}

	err = ovpn_dco_nl_register();
	if (err) {
		pr_err("can't register the ovpn-dco-v2 family: %d\n",
		       err);
		goto err_unregister_nl;
	}

	return 0;

err_unregister_nl:
	ovpn_nl_unregister();
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
	ovpn_dco_nl_unregister();
	ovpn_nl_unregister();
	/* deletes every device, and with them every peer */
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
#if IS_ENABLED(CONFIG_OVPN_DCO_V2)
MODULE_ALIAS_RTNL_LINK(OVPN_DCO_LINK_KIND);
MODULE_ALIAS_GENL_FAMILY(OVPN_DCO_V2_FAMILY_NAME);
#endif
