// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim module entry: the simulated VMBus host.
 */
#include <linux/module.h>

#include <vmbc/vmbus.h>

static int __init vmbc_sim_init(void)
{
	pr_info("vmbc_sim: simulated host loaded (core reports version %#x)\n",
		vmbus_get_version());
	return 0;
}

static void __exit vmbc_sim_exit(void)
{
	pr_info("vmbc_sim: unloaded\n");
}

module_init(vmbc_sim_init);
module_exit(vmbc_sim_exit);

MODULE_DESCRIPTION("Simulated Hyper-V host for the vmbc VMBus core");
MODULE_LICENSE("GPL");
