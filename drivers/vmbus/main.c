// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc module entry: the bus, debugfs, and module parameters.
 *
 * Connections come from transports (vmbc_sim, vmbc_hyperv), which load
 * after this module and use its symbols.
 */
#include <linux/cpuhotplug.h>
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>

#include "core.h"
#include <vmbc/version.h>

unsigned int vmbc_timeout_ms = 5000;

static int vmbc_set_timeout(const char *val, const struct kernel_param *kp)
{
	unsigned int ms;

	if (kstrtouint(val, 0, &ms) || ms < 10 || ms > 600000) {
		pr_err("vmbc: timeout_ms takes milliseconds from 10 to 600000, not '%s'\n",
		       val);
		return -EINVAL;
	}
	*(unsigned int *)kp->arg = ms;
	return 0;
}

static const struct kernel_param_ops vmbc_timeout_ops = {
	.set = vmbc_set_timeout,
	.get = param_get_uint,
};
module_param_cb(timeout_ms, &vmbc_timeout_ops, &vmbc_timeout_ms, 0644);
MODULE_PARM_DESC(timeout_ms,
		 "Bound on every wait for a host response, in ms (10-600000, default 5000); applies to connections created afterwards");

/* Our CPU hotplug state: refuses to take away a CPU a host still uses. */
static int vmbc_cpuhp_state;

static int __init vmbc_init(void)
{
	int ret;

	ret = cpuhp_setup_state_nocalls(CPUHP_AP_ONLINE_DYN, "vmbc:online",
					NULL, vmbc_cpu_offline_check);
	if (ret < 0) {
		pr_err("vmbc: cannot register for CPU hotplug: %pe\n", ERR_PTR(ret));
		return ret;
	}
	vmbc_cpuhp_state = ret;
	ret = vmbc_bus_init();
	if (ret) {
		pr_err("vmbc: cannot register the bus: %pe\n", ERR_PTR(ret));
		cpuhp_remove_state_nocalls(vmbc_cpuhp_state);
		return ret;
	}
	vmbc_debugfs_init();
	pr_info("vmbc: VMBus channel core loaded (bus \"%s\", protocol up to %u.%u)\n",
		VMBC_BUS_NAME, VERSION_WIN10_V5_3 >> 16,
		VERSION_WIN10_V5_3 & 0xffff);
	return 0;
}

static void __exit vmbc_exit(void)
{
	debugfs_remove_recursive(vmbc_debugfs_root);
	vmbc_bus_exit();
	cpuhp_remove_state_nocalls(vmbc_cpuhp_state);
	/* Channel memory is freed from RCU callbacks that live in this module. */
	rcu_barrier();
	pr_info("vmbc: unloaded\n");
}

module_init(vmbc_init);
module_exit(vmbc_exit);

MODULE_DESCRIPTION("VMBus channel core that loads beside hv_vmbus");
MODULE_AUTHOR(VMBC_AUTHOR);
MODULE_VERSION(VMBC_VERSION);
MODULE_LICENSE("GPL");
