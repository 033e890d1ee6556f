// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc module entry: brings the channel core up and down.
 */
#include <linux/module.h>

#include <vmbc/vmbus.h>

/**
 * vmbus_get_version() - the protocol version negotiated with the host
 *
 * No connection exists until a transport registers one, so this reports
 * "not connected".
 *
 * Context: any.
 * Return: VERSION_* of the first connection, or 0 when not connected.
 */
u32 vmbus_get_version(void)
{
	return 0;
}
EXPORT_SYMBOL_GPL(vmbus_get_version);

static int __init vmbc_init(void)
{
	pr_info("vmbc: VMBus channel core loaded, newest protocol %u.%u\n",
		VERSION_WIN10_V5_3 >> 16, VERSION_WIN10_V5_3 & 0xffff);
	return 0;
}

static void __exit vmbc_exit(void)
{
	pr_info("vmbc: unloaded\n");
}

module_init(vmbc_init);
module_exit(vmbc_exit);

MODULE_DESCRIPTION("VMBus channel core beside hv_vmbus");
MODULE_LICENSE("GPL");
