// SPDX-License-Identifier: GPL-2.0
/*
 * The vmbc bus in sysfs: every device, driver and bus attribute Linux
 * 6.12's vmbus bus has, with its names, formats and errors, so that tools
 * written for hv_vmbus (lsvmbus, scripts reading the ring files) read
 * /sys/bus/vmbc unchanged. Documentation/ABI/testing/sysfs-bus-vmbc
 * describes each file.
 *
 * A device holds its primary channel for its whole life (bus.c), so no
 * handler here can find the channel gone. What the files read is mostly
 * shared with the host (the monitor pages, the ring headers): each value
 * is read once and printed, never used.
 */
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/uuid.h>

#include "compat.h"
#include "core.h"
#include <vmbc/hv_private.h>
#include <vmbc/ring.h>

static struct vmbus_channel *dev_channel(struct device *dev)
{
	return device_to_hv_device(dev)->channel;
}

/* ------------------------------------------------------------------ */
/* Device attributes                                                   */

static ssize_t id_show(struct device *dev, struct device_attribute *attr,
		       char *buf)
{
	return sysfs_emit(buf, "%d\n", dev_channel(dev)->offermsg.child_relid);
}
static DEVICE_ATTR_RO(id);

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(dev_channel(dev)->state));
}
static DEVICE_ATTR_RO(state);

static ssize_t monitor_id_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", dev_channel(dev)->offermsg.monitorid);
}
static DEVICE_ATTR_RO(monitor_id);

static ssize_t class_id_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "{%pUl}\n",
			  &dev_channel(dev)->offermsg.offer.if_type);
}
static DEVICE_ATTR_RO(class_id);

static ssize_t device_id_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "{%pUl}\n",
			  &dev_channel(dev)->offermsg.offer.if_instance);
}
static DEVICE_ATTR_RO(device_id);

/*
 * "vmbc:", never "vmbus:": udev and modprobe must never load hv_vmbus's
 * drivers for these devices, nor vmbc's for hv_vmbus's
 * (VMBC_DEVICE_TABLE() in <vmbc/vmbus.h> writes the matching aliases).
 */
static ssize_t modalias_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, VMBC_MODALIAS_PREFIX "%*phN\n", UUID_SIZE,
			  &device_to_hv_device(dev)->dev_type);
}
static DEVICE_ATTR_RO(modalias);

static ssize_t numa_node_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(dev_channel(dev)->numa_node));
}
static DEVICE_ATTR_RO(numa_node);

static ssize_t vendor_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "0x%x\n", device_to_hv_device(dev)->vendor_id);
}
static DEVICE_ATTR_RO(vendor);

static ssize_t device_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "0x%x\n", device_to_hv_device(dev)->device_id);
}
static DEVICE_ATTR_RO(device);

static ssize_t driver_override_store(struct device *dev,
				     struct device_attribute *attr,
				     const char *buf, size_t count)
{
	struct hv_device *hdev = device_to_hv_device(dev);
	int ret;

	ret = driver_set_override(dev, (const char **)&hdev->driver_override,
				  buf, count);
	if (ret) {
		dev_warn(dev, "driver_override: %pe; write a driver's name (under %zu bytes), or a newline to clear it\n",
			 ERR_PTR(ret), PAGE_SIZE);
		return ret;
	}
	return count;
}

static ssize_t driver_override_show(struct device *dev,
				    struct device_attribute *attr, char *buf)
{
	ssize_t len;

	/* The device lock keeps driver_set_override() from freeing it. */
	device_lock(dev);
	len = sysfs_emit(buf, "%s\n", device_to_hv_device(dev)->driver_override);
	device_unlock(dev);
	return len;
}
static DEVICE_ATTR_RW(driver_override);

/*
 * The monitor pages: [0] is the host's ("server"), [1] the guest's
 * ("client"). Each file names one page and one of three things of the
 * channel's monitor id there: its group's pending word, its latency, its
 * connection id. Shown only when the offer allocated a monitor id.
 */
enum vmbc_monitor_what {
	VMBC_MON_PENDING,
	VMBC_MON_LATENCY,
	VMBC_MON_CONN_ID,
};

static ssize_t vmbc_monitor_show(struct device *dev, char *buf,
				 unsigned int page, enum vmbc_monitor_what what)
{
	struct vmbus_channel *channel = dev_channel(dev);
	struct hv_monitor_page *m = channel->conn->monitor_pages[page];
	u8 grp = channel->monitor_grp, bit = channel->monitor_bit;
	u32 v;

	switch (what) {
	case VMBC_MON_PENDING:
		v = READ_ONCE(m->trigger_group[grp].pending);
		break;
	case VMBC_MON_LATENCY:
		v = READ_ONCE(m->latency[grp][bit]);
		break;
	default:
		v = READ_ONCE(m->parameter[grp][bit].connectionid);
		break;
	}
	return sysfs_emit(buf, "%d\n", v);
}

#define VMBC_MONITOR_ATTR(name, page, what)				\
static ssize_t name##_show(struct device *dev,				\
			   struct device_attribute *attr, char *buf)	\
{									\
	return vmbc_monitor_show(dev, buf, page, what);			\
}									\
static DEVICE_ATTR_RO(name)

VMBC_MONITOR_ATTR(server_monitor_pending, 0, VMBC_MON_PENDING);
VMBC_MONITOR_ATTR(client_monitor_pending, 1, VMBC_MON_PENDING);
VMBC_MONITOR_ATTR(server_monitor_latency, 0, VMBC_MON_LATENCY);
VMBC_MONITOR_ATTR(client_monitor_latency, 1, VMBC_MON_LATENCY);
VMBC_MONITOR_ATTR(server_monitor_conn_id, 0, VMBC_MON_CONN_ID);
VMBC_MONITOR_ATTR(client_monitor_conn_id, 1, VMBC_MON_CONN_ID);

/*
 * One field of one ring of the primary channel, as
 * hv_ringbuffer_get_debuginfo() reports it: -EINVAL while the channel is
 * not open (no ring mapped), as in Linux.
 */
static ssize_t vmbc_dev_ring_show(struct device *dev, char *buf, bool out,
				  size_t offset)
{
	struct vmbus_channel *channel = dev_channel(dev);
	struct hv_ring_buffer_debug_info info;
	int ret;

	ret = vmbc_ring_get_debuginfo(out ? &channel->outbound :
				      &channel->inbound, &info);
	if (ret)
		return ret;
	return sysfs_emit(buf, "%d\n", *(u32 *)((u8 *)&info + offset));
}

#define VMBC_RING_ATTR(name, out, field)				\
static ssize_t name##_show(struct device *dev,				\
			   struct device_attribute *attr, char *buf)	\
{									\
	return vmbc_dev_ring_show(dev, buf, out,			\
		offsetof(struct hv_ring_buffer_debug_info, field));	\
}									\
static DEVICE_ATTR_RO(name)

VMBC_RING_ATTR(out_intr_mask, true, current_interrupt_mask);
VMBC_RING_ATTR(out_read_index, true, current_read_index);
VMBC_RING_ATTR(out_write_index, true, current_write_index);
VMBC_RING_ATTR(out_read_bytes_avail, true, bytes_avail_toread);
VMBC_RING_ATTR(out_write_bytes_avail, true, bytes_avail_towrite);
VMBC_RING_ATTR(in_intr_mask, false, current_interrupt_mask);
VMBC_RING_ATTR(in_read_index, false, current_read_index);
VMBC_RING_ATTR(in_write_index, false, current_write_index);
VMBC_RING_ATTR(in_read_bytes_avail, false, bytes_avail_toread);
VMBC_RING_ATTR(in_write_bytes_avail, false, bytes_avail_towrite);

/*
 * "relid:cpu" a line, the primary first, then its sub-channels in the
 * order they were offered. sc_list is stable under channel_mutex (core.h,
 * 7), which a sysfs handler may take: the device's removal waits for this
 * handler without holding it.
 */
static ssize_t channel_vp_mapping_show(struct device *dev,
				       struct device_attribute *attr,
				       char *buf)
{
	struct vmbus_channel *primary = dev_channel(dev), *sub;
	struct vmbc_connection *conn = primary->conn;
	int n;

	mutex_lock(&conn->channel_mutex);
	n = sysfs_emit(buf, "%u:%u\n", primary->offermsg.child_relid,
		       READ_ONCE(primary->target_cpu));
	list_for_each_entry(sub, &primary->sc_list, sc_list)
		n += sysfs_emit_at(buf, n, "%u:%u\n",
				   sub->offermsg.child_relid,
				   READ_ONCE(sub->target_cpu));
	mutex_unlock(&conn->channel_mutex);
	return n;
}
static DEVICE_ATTR_RO(channel_vp_mapping);

static struct attribute *vmbc_dev_attrs[] = {
	&dev_attr_id.attr,
	&dev_attr_state.attr,
	&dev_attr_monitor_id.attr,
	&dev_attr_class_id.attr,
	&dev_attr_device_id.attr,
	&dev_attr_modalias.attr,
	&dev_attr_numa_node.attr,
	&dev_attr_server_monitor_pending.attr,
	&dev_attr_client_monitor_pending.attr,
	&dev_attr_server_monitor_latency.attr,
	&dev_attr_client_monitor_latency.attr,
	&dev_attr_server_monitor_conn_id.attr,
	&dev_attr_client_monitor_conn_id.attr,
	&dev_attr_out_intr_mask.attr,
	&dev_attr_out_read_index.attr,
	&dev_attr_out_write_index.attr,
	&dev_attr_out_read_bytes_avail.attr,
	&dev_attr_out_write_bytes_avail.attr,
	&dev_attr_in_intr_mask.attr,
	&dev_attr_in_read_index.attr,
	&dev_attr_in_write_index.attr,
	&dev_attr_in_read_bytes_avail.attr,
	&dev_attr_in_write_bytes_avail.attr,
	&dev_attr_channel_vp_mapping.attr,
	&dev_attr_vendor.attr,
	&dev_attr_device.attr,
	&dev_attr_driver_override.attr,
	NULL,
};

/* The monitor files mean something only when the offer allocated one. */
static umode_t vmbc_dev_attr_visible(struct kobject *kobj,
				     struct attribute *attr, int idx)
{
	struct device *dev = kobj_to_dev(kobj);

	if (!dev_channel(dev)->offermsg.monitor_allocated &&
	    (attr == &dev_attr_monitor_id.attr ||
	     attr == &dev_attr_server_monitor_pending.attr ||
	     attr == &dev_attr_client_monitor_pending.attr ||
	     attr == &dev_attr_server_monitor_latency.attr ||
	     attr == &dev_attr_client_monitor_latency.attr ||
	     attr == &dev_attr_server_monitor_conn_id.attr ||
	     attr == &dev_attr_client_monitor_conn_id.attr))
		return 0;
	return attr->mode;
}

static const struct attribute_group vmbc_dev_group = {
	.attrs = vmbc_dev_attrs,
	.is_visible = vmbc_dev_attr_visible,
};

const struct attribute_group *vmbc_dev_groups[] = {
	&vmbc_dev_group,
	NULL,
};

/* ------------------------------------------------------------------ */
/* Bus attributes                                                      */

/*
 * Linux says whether the host lets the VM hibernate. A vmbc connection
 * cannot be carried across hibernation (vmbc_hyperv refuses to hibernate
 * while it runs, the simulated host has nothing to resume), so the
 * answer here is always no, whatever the host could do.
 */
static ssize_t hibernation_show(vmbc_bus_attr_bus_t *bus, char *buf)
{
	return sysfs_emit(buf, "%d\n", 0);
}
static BUS_ATTR_RO(hibernation);

static struct attribute *vmbc_bus_attrs[] = {
	&bus_attr_hibernation.attr,
	NULL,
};

static const struct attribute_group vmbc_bus_group = {
	.attrs = vmbc_bus_attrs,
};

const struct attribute_group *vmbc_bus_groups[] = {
	&vmbc_bus_group,
	NULL,
};

/* ------------------------------------------------------------------ */
/* Driver attributes: new_id and remove_id                             */

/**
 * struct vmbc_dynid - a class GUID added to a driver through new_id
 * @node: on the driver's dynids.list.
 * @id: the id handed to its probe.
 */
struct vmbc_dynid {
	struct list_head node;
	struct hv_vmbus_device_id id;
};

/* The dynid for @class on @drv's list; under dynids.lock. */
static struct vmbc_dynid *vmbc_dynid_find(struct hv_driver *drv,
					  const guid_t *class)
{
	struct vmbc_dynid *dynid;

	lockdep_assert_held(&drv->dynids.lock);
	list_for_each_entry(dynid, &drv->dynids.list, node)
		if (guid_equal(&dynid->id.guid, class))
			return dynid;
	return NULL;
}

/**
 * vmbc_dynid_match() - did new_id add @class to @drv?
 * @drv: a registered driver.
 * @class: a device's class GUID.
 * @copy: where the id is copied, or NULL.
 *
 * A copy, not the list's entry: remove_id may free that entry while a
 * probe that was handed the id still runs.
 *
 * Context: any; takes @drv->dynids.lock.
 * Return: true when it did.
 */
bool vmbc_dynid_match(struct hv_driver *drv, const guid_t *class,
		      struct hv_vmbus_device_id *copy)
{
	struct vmbc_dynid *dynid;

	spin_lock(&drv->dynids.lock);
	dynid = vmbc_dynid_find(drv, class);
	if (dynid && copy)
		*copy = dynid->id;
	spin_unlock(&drv->dynids.lock);
	return !!dynid;
}

/**
 * vmbc_dynids_free() - forget every id new_id added to a driver
 * @drv: a driver being unregistered (no probe can run any more).
 *
 * Context: process context.
 */
void vmbc_dynids_free(struct hv_driver *drv)
{
	struct vmbc_dynid *dynid, *next;

	spin_lock(&drv->dynids.lock);
	list_for_each_entry_safe(dynid, next, &drv->dynids.list, node) {
		list_del(&dynid->node);
		kfree(dynid);
	}
	spin_unlock(&drv->dynids.lock);
}

/*
 * A class GUID as new_id and remove_id take it: 36 characters
 * (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx), then at most a newline. Stricter
 * than guid_parse() alone, which ignores whatever follows: a write with
 * anything more is refused, so a typo never adds a GUID nobody meant.
 */
static int vmbc_parse_class(struct device_driver *driver, const char *file,
			    const char *buf, size_t count, guid_t *guid)
{
	size_t len = count;

	if (len && buf[len - 1] == '\n')
		len--;
	if (len != UUID_STRING_LEN || guid_parse(buf, guid)) {
		pr_warn("vmbc: %s/%s: '%.*s' is no GUID; write a class GUID such as %pUl\n",
			driver->name, file, (int)min_t(size_t, len, 40), buf,
			&vmbus_devs[HV_NIC].guid);
		return -EINVAL;
	}
	return 0;
}

static ssize_t new_id_store(struct device_driver *driver, const char *buf,
			    size_t count)
{
	struct hv_driver *drv = drv_to_hv_drv(driver);
	struct vmbc_dynid *dynid;
	guid_t guid;
	int ret;

	ret = vmbc_parse_class(driver, "new_id", buf, count, &guid);
	if (ret)
		return ret;
	dynid = kzalloc(sizeof(*dynid), GFP_KERNEL);
	if (!dynid)
		return -ENOMEM;
	dynid->id.guid = guid;
	/* The check and the add under one hold: two writers add one id. */
	spin_lock(&drv->dynids.lock);
	if (vmbc_dynid_find(drv, &guid)) {
		spin_unlock(&drv->dynids.lock);
		kfree(dynid);
		pr_warn("vmbc: %s/new_id: %pUl was added already; remove_id removes it\n",
			driver->name, &guid);
		return -EEXIST;
	}
	list_add_tail(&dynid->node, &drv->dynids.list);
	spin_unlock(&drv->dynids.lock);
	pr_debug("vmbc: %s: new_id %pUl\n", driver->name, &guid);

	/* Bind the devices of that class that no driver has yet. */
	ret = driver_attach(driver);
	return ret ? ret : count;
}
static DRIVER_ATTR_WO(new_id);

static ssize_t remove_id_store(struct device_driver *driver, const char *buf,
			       size_t count)
{
	struct hv_driver *drv = drv_to_hv_drv(driver);
	struct vmbc_dynid *found;
	guid_t guid;
	int ret;

	ret = vmbc_parse_class(driver, "remove_id", buf, count, &guid);
	if (ret)
		return ret;
	spin_lock(&drv->dynids.lock);
	found = vmbc_dynid_find(drv, &guid);
	if (found)
		list_del(&found->node);
	spin_unlock(&drv->dynids.lock);
	if (!found) {
		pr_warn("vmbc: %s/remove_id: %pUl was never added with new_id; nothing to remove\n",
			driver->name, &guid);
		return -ENODEV;
	}
	kfree(found);
	pr_debug("vmbc: %s: remove_id %pUl\n", driver->name, &guid);
	return count;
}
static DRIVER_ATTR_WO(remove_id);

static struct attribute *vmbc_drv_attrs[] = {
	&driver_attr_new_id.attr,
	&driver_attr_remove_id.attr,
	NULL,
};

static const struct attribute_group vmbc_drv_group = {
	.attrs = vmbc_drv_attrs,
};

const struct attribute_group *vmbc_drv_groups[] = {
	&vmbc_drv_group,
	NULL,
};
