/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What Linux 6.12's private drivers/hv/hyperv_vmbus.h gives the drivers
 * that include it (hv_utils, uio_hv_generic): the global connection they
 * read, the class table, and the calls that header declares. Only for a
 * replacement of that header (tests/linux-drivers/hv/hyperv_vmbus.h) and
 * the core; a driver written for vmbc has no use for it.
 */
#ifndef _VMBC_HV_PRIVATE_H
#define _VMBC_HV_PRIVATE_H

#include <linux/mutex.h>

#include <vmbc/vmbus.h>

#define vmbus_connection		vmbc_vmbus_connection
#define vmbus_devs			vmbc_vmbus_devs
#define vmbus_device_unregister		vmbc_vmbus_device_unregister
#define hv_create_ring_sysfs		vmbc_create_ring_sysfs
#define hv_remove_ring_sysfs		vmbc_remove_ring_sysfs

/**
 * struct vmbus_connection - the part of Linux's global connection that
 *	drivers read
 * @channel_mutex: held by the core while a sub-channel joins or leaves its
 *	primary's sc_list, so a driver holding it may walk that list.
 * @int_page: the default connection's interrupt page, NULL when none is
 *	connected.
 * @monitor_pages: its monitor pages (host-to-guest, guest-to-host).
 *
 * The default connection is the oldest connected one: vmbc serves several
 * hosts at once, Linux's API knows one.
 */
struct vmbus_connection {
	struct mutex channel_mutex;	/* primaries' sc_list */
	void *int_page;
	void *monitor_pages[2];
};

extern struct vmbus_connection vmbus_connection;

/* The class table, indexed by enum vmbus_device_type; 6.12's layout. */
extern const struct vmbc_vmbus_device_612 vmbus_devs[];

void vmbus_device_unregister(struct hv_device *device_obj);
int hv_create_ring_sysfs(struct vmbus_channel *channel,
			 int (*hv_mmap_ring_buffer)(struct vmbus_channel *channel,
						    struct vm_area_struct *vma));
int hv_remove_ring_sysfs(struct vmbus_channel *channel);

#endif /* _VMBC_HV_PRIVATE_H */
