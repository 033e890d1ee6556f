// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim module entry: the simulated VMBus host. Module parameters are
 * the defaults of every host the module creates (sim0 at load, and those
 * of debugfs new_host).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "sim.h"
#include <vmbc/version.h>

/* Every host, by name; creation and destruction hold the lock. */
DEFINE_MUTEX(vmbc_sim_list_lock);
LIST_HEAD(vmbc_sim_list);

static bool autostart = true;
module_param(autostart, bool, 0444);
MODULE_PARM_DESC(autostart, "Create and connect host sim0 at load (default: yes)");

static u32 max_version;
static u32 refuse_versions;
static u32 msg_conn_id;
module_param(msg_conn_id, uint, 0444);
MODULE_PARM_DESC(msg_conn_id, "msg_conn_id answered from protocol 5.0 on (default: 4)");

static u32 heartbeat_ms = 1000;
module_param(heartbeat_ms, uint, 0644);
MODULE_PARM_DESC(heartbeat_ms, "Milliseconds between the heartbeats of a heartbeat device, once negotiated (0: none; default 1000)");

static int vmbc_sim_max_version_set(const char *val,
				    const struct kernel_param *kp)
{
	u32 v;

	if (vmbc_sim_parse_version(val, &v)) {
		pr_err("max_version: expected MAJOR.MINOR (\"5.3\") or a number (\"0x50003\") of a known version: 0.13 1.1 2.4 3.0 4.0 4.1 5.0 5.1 5.2 5.3\n");
		return -EINVAL;
	}
	*(u32 *)kp->arg = v;
	return 0;
}

static int vmbc_sim_max_version_get(char *buf, const struct kernel_param *kp)
{
	u32 v = *(u32 *)kp->arg ?: VMBC_SIM_NEWEST_VERSION;

	return sysfs_emit(buf, "%u.%u\n", v >> 16, v & 0xffff);
}

static const struct kernel_param_ops vmbc_sim_max_version_ops = {
	.set = vmbc_sim_max_version_set,
	.get = vmbc_sim_max_version_get,
};
module_param_cb(max_version, &vmbc_sim_max_version_ops, &max_version, 0444);
MODULE_PARM_DESC(max_version, "Newest protocol version accepted, as \"5.3\" or 0x50003 (default: 5.3)");

static int vmbc_sim_refuse_set(const char *val, const struct kernel_param *kp)
{
	u32 mask;

	if (kstrtou32(val, 0, &mask) ||
	    mask & ~GENMASK(VMBC_SIM_NR_VERSIONS - 1, 0)) {
		pr_err("refuse_versions: expected a mask of 10 bits (0 to 0x3ff), bit 0 refusing 5.3 and bit 9 0.13\n");
		return -EINVAL;
	}
	*(u32 *)kp->arg = mask;
	return 0;
}

static const struct kernel_param_ops vmbc_sim_refuse_ops = {
	.set = vmbc_sim_refuse_set,
	.get = param_get_hexint,
};
module_param_cb(refuse_versions, &vmbc_sim_refuse_ops, &refuse_versions, 0444);
MODULE_PARM_DESC(refuse_versions, "Versions refused, bit 0 = 5.3 ... bit 9 = 0.13 (default: 0)");

/**
 * vmbc_sim_default_config() - a host configuration from the module parameters
 * @cfg: filled in.
 * @name: the host's name (not copied).
 */
void vmbc_sim_default_config(struct vmbc_sim_config *cfg, const char *name)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->name = name;
	cfg->max_version = max_version;
	cfg->refuse_versions = refuse_versions;
	cfg->msg_conn_id = msg_conn_id;
	cfg->heartbeat_ms = READ_ONCE(heartbeat_ms);
}

/**
 * vmbc_sim_find() - a host by name
 * @name: the name.
 *
 * Context: vmbc_sim_list_lock held.
 * Return: the host, or NULL.
 */
struct vmbc_sim *vmbc_sim_find(const char *name)
{
	struct vmbc_sim *sim;

	lockdep_assert_held(&vmbc_sim_list_lock);
	list_for_each_entry(sim, &vmbc_sim_list, list)
		if (!strcmp(sim->name, name))
			return sim;
	return NULL;
}

static int __init vmbc_sim_init(void)
{
	struct vmbc_sim_config cfg;
	struct vmbc_sim *sim;
	int err;

	err = vmbc_sim_models_setup();
	if (err)
		return err;
	vmbc_sim_debugfs_init();
	if (!autostart)
		return 0;

	vmbc_sim_default_config(&cfg, "sim0");
	sim = vmbc_sim_create(&cfg);
	if (IS_ERR(sim)) {
		pr_err("cannot start host sim0: %pe\n", sim);
		vmbc_sim_debugfs_exit();
		vmbc_sim_models_teardown();
		return PTR_ERR(sim);
	}
	pr_info("host %s connected, version %u.%u\n", sim->name,
		sim->version >> 16, sim->version & 0xffff);
	return 0;
}

static void __exit vmbc_sim_exit(void)
{
	struct vmbc_sim *sim, *tmp;

	/* no new_host/del_host writer in flight or to come */
	vmbc_sim_debugfs_stop();
	mutex_lock(&vmbc_sim_list_lock);
	list_for_each_entry_safe(sim, tmp, &vmbc_sim_list, list)
		vmbc_sim_destroy_locked(sim);
	mutex_unlock(&vmbc_sim_list_lock);
	vmbc_sim_debugfs_exit();
	vmbc_sim_models_teardown();
}

module_init(vmbc_sim_init);
module_exit(vmbc_sim_exit);

MODULE_DESCRIPTION("Simulated Hyper-V host for the vmbc VMBus core");
MODULE_AUTHOR(VMBC_AUTHOR);
MODULE_VERSION(VMBC_VERSION);
MODULE_LICENSE("GPL");
