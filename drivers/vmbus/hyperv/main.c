// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_hyperv: the Hyper-V transport as a module. Loaded after vmbc.ko on
 * a Hyper-V VM that does not run hv_vmbus, it connects the core to the
 * real host; anywhere else it refuses to load, with one log line saying
 * why and the errno of drivers/vmbus/hyperv/transport.c's table.
 */
#define pr_fmt(fmt) "vmbc_hyperv: " fmt

#include <linux/err.h>
#include <linux/module.h>

#include <vmbc/transport.h>

#include "hyperv.h"
#include <vmbc/version.h>

static struct vmbc_hv *vmbc_hyperv;

static int __init vmbc_hyperv_init(void)
{
	struct vmbc_hv *hv;
	int ret;

	hv = vmbc_hv_create(&vmbc_hv_arch_prims, NULL, "hyperv");
	if (IS_ERR(hv))
		return PTR_ERR(hv);
	ret = vmbc_connection_connect(vmbc_hv_connection(hv));
	if (ret) {
		pr_err("no VMBus connection: %pe\n", ERR_PTR(ret));
		vmbc_hv_destroy(hv);
		return ret;
	}
	vmbc_hyperv = hv;
	return 0;
}

static void __exit vmbc_hyperv_exit(void)
{
	vmbc_hv_destroy(vmbc_hyperv);
}

module_init(vmbc_hyperv_init);
module_exit(vmbc_hyperv_exit);

MODULE_DESCRIPTION("Hyper-V transport for the vmbc VMBus channel core");
MODULE_AUTHOR(VMBC_AUTHOR);
MODULE_VERSION(VMBC_VERSION);
MODULE_LICENSE("GPL");
