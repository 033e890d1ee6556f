// SPDX-License-Identifier: GPL-2.0
/*
 * The vmbc bus: one struct hv_device per primary channel, drivers matched
 * by class GUID (or driver_override), v5.2-style registration.
 *
 * The bus is "vmbc", never "vmbus", and a device's modalias is
 * "vmbc:<class GUID bytes in hex>", so neither udev nor modprobe ever
 * confuses these devices with hv_vmbus's.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "compat.h"
#include "core.h"

/* Class GUIDs the core names (facts of the protocol, see hv_dev_type). */
static const struct {
	guid_t guid;
	u16 dev_type;
	const char *name;
} vmbc_classes[] = {
	{ GUID_INIT(0x32412632, 0x86cb, 0x44a2, 0x9b, 0x5c, 0x50, 0xd1, 0x41,
		    0x73, 0x54, 0xf5), HV_IDE, "ide" },
	{ GUID_INIT(0xba6163d9, 0x04a1, 0x4d29, 0xb6, 0x05, 0x72, 0xe2, 0xff,
		    0xb1, 0xdc, 0x7f), HV_SCSI, "storage" },
	{ GUID_INIT(0xf8615163, 0xdf3e, 0x46c5, 0x91, 0x3f, 0xf2, 0xd2, 0xf9,
		    0x65, 0xed, 0x0e), HV_NIC, "network" },
	{ GUID_INIT(0x44c4f61d, 0x4444, 0x4400, 0x9d, 0x52, 0x80, 0x2e, 0x27,
		    0xed, 0xe1, 0x9f), HV_PCIE, "pci" },
	{ GUID_INIT(0xda0a7802, 0xe377, 0x4aac, 0x8e, 0x77, 0x05, 0x58, 0xeb,
		    0x10, 0x73, 0xf8), HV_FB, "video" },
	{ GUID_INIT(0xf912ad6d, 0x2b17, 0x48ea, 0xbd, 0x65, 0xf9, 0x27, 0xa6,
		    0x1c, 0x76, 0x84), HV_KBD, "keyboard" },
	{ GUID_INIT(0xcfa8b69e, 0x5b4a, 0x4cc0, 0xb9, 0x8b, 0x8b, 0xa1, 0xa1,
		    0xf3, 0xf9, 0x5a), HV_MOUSE, "mouse" },
	{ GUID_INIT(0xa9a0f4e7, 0x5a45, 0x4d96, 0xb8, 0x27, 0x8a, 0x84, 0x1e,
		    0x8c, 0x03, 0xe6), HV_KVP, "kvp" },
	{ GUID_INIT(0x9527e630, 0xd0ae, 0x497b, 0xad, 0xce, 0xe8, 0x0a, 0xb0,
		    0x17, 0x5c, 0xaf), HV_TS, "timesync" },
	{ GUID_INIT(0x57164f39, 0x9115, 0x4e78, 0xab, 0x55, 0x38, 0x2f, 0x3b,
		    0xd5, 0x42, 0x2d), HV_HB, "heartbeat" },
	{ GUID_INIT(0x0e0b6031, 0x5213, 0x4934, 0x81, 0x8b, 0x38, 0xd9, 0x0c,
		    0xed, 0x39, 0xdb), HV_SHUTDOWN, "shutdown" },
	{ GUID_INIT(0x525074dc, 0x8985, 0x46e2, 0x80, 0x57, 0xa3, 0x07, 0xdc,
		    0x18, 0xa5, 0x02), HV_DM, "balloon" },
};

/**
 * vmbc_class_dev_type() - the hv_dev_type of a device class
 * @class: the class GUID.
 *
 * Return: HV_NIC, HV_SCSI, ..., or HV_UNKNOWN.
 */
u16 vmbc_class_dev_type(const guid_t *class)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmbc_classes); i++)
		if (guid_equal(class, &vmbc_classes[i].guid))
			return vmbc_classes[i].dev_type;
	return HV_UNKNOWN;
}

/**
 * vmbc_class_name() - a short name for a device class
 * @class: the class GUID.
 *
 * Return: "network", "storage", ..., or "unknown".
 */
const char *vmbc_class_name(const guid_t *class)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmbc_classes); i++)
		if (guid_equal(class, &vmbc_classes[i].guid))
			return vmbc_classes[i].name;
	return "unknown";
}

/* ------------------------------------------------------------------ */
/* Device attributes, with v5.2's names and formats                    */

static struct vmbus_channel *dev_channel(struct device *dev)
{
	return device_to_hv_device(dev)->channel;
}

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

static ssize_t modalias_show(struct device *dev,
			     struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "vmbc:%*phN\n", UUID_SIZE,
			  &device_to_hv_device(dev)->dev_type);
}
static DEVICE_ATTR_RO(modalias);

static ssize_t numa_node_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", dev_channel(dev)->numa_node);
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
	return ret ? ret : count;
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

static struct attribute *vmbc_dev_attrs[] = {
	&dev_attr_id.attr,
	&dev_attr_state.attr,
	&dev_attr_monitor_id.attr,
	&dev_attr_class_id.attr,
	&dev_attr_device_id.attr,
	&dev_attr_modalias.attr,
	&dev_attr_numa_node.attr,
	&dev_attr_vendor.attr,
	&dev_attr_device.attr,
	&dev_attr_driver_override.attr,
	NULL,
};

/* monitor_id means something only when the offer allocated a monitor. */
static umode_t vmbc_dev_attr_visible(struct kobject *kobj,
				     struct attribute *attr, int idx)
{
	struct device *dev = kobj_to_dev(kobj);

	if (attr == &dev_attr_monitor_id.attr &&
	    !dev_channel(dev)->offermsg.monitor_allocated)
		return 0;
	return attr->mode;
}

static const struct attribute_group vmbc_dev_group = {
	.attrs = vmbc_dev_attrs,
	.is_visible = vmbc_dev_attr_visible,
};
__ATTRIBUTE_GROUPS(vmbc_dev);

/* ------------------------------------------------------------------ */
/* Matching, probe, remove                                             */

/* An id that matches nothing; what a driver_override match hands probe. */
static const struct hv_vmbus_device_id vmbc_null_id;

static const struct hv_vmbus_device_id *
vmbc_match_id(const struct hv_driver *drv, const struct hv_device *hdev)
{
	const struct hv_vmbus_device_id *id;

	if (hdev->driver_override)
		return strcmp(hdev->driver_override, drv->name) ?
		       NULL : &vmbc_null_id;
	for (id = drv->id_table; id && !guid_is_null(&id->guid); id++)
		if (guid_equal(&id->guid, &hdev->dev_type))
			return id;
	return NULL;
}

static int vmbc_bus_match(struct device *dev, vmbc_match_driver_t *drv)
{
	return vmbc_match_id(drv_to_hv_drv((struct device_driver *)drv),
			     device_to_hv_device(dev)) != NULL;
}

static int vmbc_bus_uevent(vmbc_uevent_device_t *dev,
			   struct kobj_uevent_env *env)
{
	const struct hv_device *hdev =
		container_of(dev, struct hv_device, device);

	return add_uevent_var(env, "MODALIAS=vmbc:%*phN", UUID_SIZE,
			      &hdev->dev_type);
}

static int vmbc_bus_probe(struct device *dev)
{
	struct hv_driver *drv = drv_to_hv_drv(dev->driver);
	struct hv_device *hdev = device_to_hv_device(dev);
	const struct vmbc_transport_ops *ops = hdev->channel->conn->ops;
	const struct hv_vmbus_device_id *id;
	int ret;

	id = vmbc_match_id(drv, hdev);
	if (!id || !drv->probe)
		return -ENODEV;
	/* A bound driver uses the transport: keep its module loaded. */
	if (!try_module_get(ops->owner))
		return -ENODEV;
	ret = drv->probe(hdev, id);
	if (ret) {
		module_put(ops->owner);
		dev_err(dev, "probe of %s failed: %d\n", drv->name, ret);
	}
	return ret;
}

static void vmbc_bus_remove(struct device *dev)
{
	struct hv_driver *drv = drv_to_hv_drv(dev->driver);
	struct hv_device *hdev = device_to_hv_device(dev);

	if (drv->remove)
		drv->remove(hdev);
	module_put(hdev->channel->conn->ops->owner);
}

static void vmbc_bus_shutdown(struct device *dev)
{
	struct hv_driver *drv;

	if (!dev->driver)
		return;
	drv = drv_to_hv_drv(dev->driver);
	if (drv->shutdown)
		drv->shutdown(device_to_hv_device(dev));
}

static vmbc_bus_type_t vmbc_bus = {
	.name = VMBC_BUS_NAME,
	.match = vmbc_bus_match,
	.uevent = vmbc_bus_uevent,
	.probe = vmbc_bus_probe,
	.remove = vmbc_bus_remove,
	.shutdown = vmbc_bus_shutdown,
	.dev_groups = vmbc_dev_groups,
};

int __vmbus_driver_register(struct hv_driver *hv_driver,
			    struct module *owner, const char *mod_name)
{
	hv_driver->driver.name = hv_driver->name;
	hv_driver->driver.owner = owner;
	hv_driver->driver.mod_name = mod_name;
	hv_driver->driver.bus = &vmbc_bus;
	spin_lock_init(&hv_driver->dynids.lock);
	INIT_LIST_HEAD(&hv_driver->dynids.list);
	return driver_register(&hv_driver->driver);
}
EXPORT_SYMBOL_GPL(__vmbus_driver_register);

void vmbus_driver_unregister(struct hv_driver *hv_driver)
{
	driver_unregister(&hv_driver->driver);
}
EXPORT_SYMBOL_GPL(vmbus_driver_unregister);

/* ------------------------------------------------------------------ */
/* Devices                                                             */

/*
 * Named by instance GUID, as Linux names VMBus devices, so that tools find
 * them where they look. Within a connection an instance GUID names one
 * device at most (offer.c refuses a second); two connections (two
 * simulated hosts) may offer the same GUID, and the later device then
 * carries its connection's name in front. Which connection holds a bare
 * GUID is kept in a list of claims, taken before device_add() and dropped
 * when the device is released: the lock is held for the lookup only,
 * never across a registration (and the driver's probe in it), so one slow
 * probe never holds up devices of other connections.
 */
struct vmbc_name_claim {
	struct list_head node;
	guid_t instance;
};

static LIST_HEAD(vmbc_name_claims);
static DEFINE_SPINLOCK(vmbc_name_claims_lock);	/* vmbc_name_claims */

/* Claim @instance's bare name: true when it was free (and is ours now). */
static bool vmbc_name_claim(struct vmbc_name_claim *claim,
			    const guid_t *instance)
{
	struct vmbc_name_claim *other;
	bool taken = false;

	spin_lock(&vmbc_name_claims_lock);
	list_for_each_entry(other, &vmbc_name_claims, node)
		taken |= guid_equal(&other->instance, instance);
	if (!taken) {
		claim->instance = *instance;
		list_add(&claim->node, &vmbc_name_claims);
	}
	spin_unlock(&vmbc_name_claims_lock);
	return !taken;
}

static void vmbc_name_release(struct vmbc_name_claim *claim)
{
	spin_lock(&vmbc_name_claims_lock);
	list_del(&claim->node);
	spin_unlock(&vmbc_name_claims_lock);
	kfree(claim);
}

/**
 * struct vmbc_device - a struct hv_device and what the core keeps with it
 * @hdev: the device drivers see.
 * @claim: the bare GUID name it holds, or NULL when it carries a prefix.
 */
struct vmbc_device {
	struct hv_device hdev;
	struct vmbc_name_claim *claim;
};

static void vmbc_device_release(struct device *dev)
{
	struct hv_device *hdev = device_to_hv_device(dev);
	struct vmbc_device *vdev = container_of(hdev, struct vmbc_device, hdev);

	if (vdev->claim)
		vmbc_name_release(vdev->claim);
	vmbc_channel_put(hdev->channel);
	kfree(hdev->driver_override);
	kfree(vdev);
}

static int vmbc_device_set_name(struct vmbc_device *vdev,
				struct vmbus_channel *channel)
{
	const guid_t *instance = &channel->offermsg.offer.if_instance;
	struct vmbc_name_claim *claim;

	claim = kzalloc(sizeof(*claim), GFP_KERNEL);
	if (!claim)
		return -ENOMEM;
	if (vmbc_name_claim(claim, instance)) {
		vdev->claim = claim;
		return dev_set_name(&vdev->hdev.device, "%pUl", instance);
	}
	kfree(claim);
	return dev_set_name(&vdev->hdev.device, "%s-%pUl", channel->conn->name,
			    instance);
}

/*
 * device_obj is read under channel_mutex (debugfs) or under sysfs_lock (a
 * sub-channel's directory), so it changes under both: a reader holding
 * either sees the device it names still there.
 */
static void vmbc_set_device_obj(struct vmbus_channel *channel,
				struct hv_device *hdev)
{
	struct vmbc_connection *conn = channel->conn;

	mutex_lock(&conn->sysfs_lock);
	mutex_lock(&conn->channel_mutex);
	channel->device_obj = hdev;
	mutex_unlock(&conn->channel_mutex);
	mutex_unlock(&conn->sysfs_lock);
}

/**
 * vmbc_device_register() - the bus device of a primary channel
 * @channel: a primary channel, CHANNEL_OPEN_STATE.
 *
 * Drivers may probe, and open @channel, before this returns.
 *
 * Context: the channel's add_channel_work.
 * Return: 0 or -errno; on failure nothing is left behind.
 */
int vmbc_device_register(struct vmbus_channel *channel)
{
	struct vmbc_device *vdev;
	struct hv_device *hdev;
	int ret;

	ret = vmbc_test_point(VMBC_TP_DEVICE_REGISTER, channel);
	if (ret)
		return ret;
	vdev = kzalloc(sizeof(*vdev), GFP_KERNEL);
	if (!vdev)
		return -ENOMEM;
	hdev = &vdev->hdev;
	hdev->dev_type = channel->offermsg.offer.if_type;
	hdev->vendor_id = HV_VENDOR_MICROSOFT;
	hdev->device_id = vmbc_class_dev_type(&hdev->dev_type);
	hdev->channel = channel;
	/* The device holds the channel until its own release. */
	kobject_get(&channel->kobj);

	device_initialize(&hdev->device);
	hdev->device.bus = &vmbc_bus;
	hdev->device.parent = channel->conn->root;
	hdev->device.release = vmbc_device_release;
	set_dev_node(&hdev->device, channel->numa_node);
	ret = vmbc_device_set_name(vdev, channel);
	if (!ret) {
		vmbc_set_device_obj(channel, hdev);
		ret = device_add(&hdev->device);
	}
	if (ret) {
		vmbc_set_device_obj(channel, NULL);
		/*
		 * Frees the name and, through release, the device, its claim
		 * and its reference on the channel (a failed registration
		 * must not leak its kobject).
		 */
		put_device(&hdev->device);
		return ret;
	}
	/* Sub-channels offered during the probe get theirs now too. */
	vmbc_channel_sysfs_add_all(channel);
	return 0;
}

/**
 * vmbc_device_unregister() - remove a primary channel's device
 * @channel: the channel, whose device_obj is set.
 *
 * Context: process context; the channel's queue or unload.
 */
void vmbc_device_unregister(struct vmbus_channel *channel)
{
	struct hv_device *hdev = channel->device_obj;
	struct vmbc_connection *conn = channel->conn;

	/*
	 * The channel directories go first, channels/ detached before them
	 * under sysfs_lock: a sub-channel's offer work either added its
	 * directory before (removed here) or finds no channels/ and adds
	 * none.
	 */
	mutex_lock(&conn->sysfs_lock);
	vmbc_test_point(VMBC_TP_DEVICE_REMOVE, channel);
	vmbc_channel_sysfs_del_all(channel);
	mutex_unlock(&conn->sysfs_lock);
	vmbc_set_device_obj(channel, NULL);
	device_unregister(&hdev->device);
}

int vmbc_bus_init(void)
{
	return bus_register(&vmbc_bus);
}

void vmbc_bus_exit(void)
{
	bus_unregister(&vmbc_bus);
}
