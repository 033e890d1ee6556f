// SPDX-License-Identifier: GPL-2.0
/*
 * The vmbc bus: one struct hv_device per primary channel, drivers matched
 * by class GUID (or driver_override), v5.2-style registration.
 *
 * The bus is "vmbc", never "vmbus", and a device's modalias is
 * "vmbc:<class GUID bytes in hex>", so neither udev nor modprobe ever
 * confuses these devices with hv_vmbus's.
 */
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/hashtable.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "compat.h"
#include "core.h"
#include <vmbc/hv_private.h>

/* Short names of the classes, by enum vmbus_device_type (debugfs). */
static const char *const vmbc_class_names[] = {
	[HV_IDE] = "ide", [HV_SCSI] = "storage", [HV_FC] = "fc",
	[HV_NIC] = "network", [HV_ND] = "nd", [HV_PCIE] = "pci",
	[HV_FB] = "video", [HV_KBD] = "keyboard", [HV_MOUSE] = "mouse",
	[HV_KVP] = "kvp", [HV_TS] = "timesync", [HV_HB] = "heartbeat",
	[HV_SHUTDOWN] = "shutdown", [HV_FCOPY] = "fcopy",
	[HV_BACKUP] = "vss", [HV_DM] = "balloon", [HV_UNKNOWN] = "unknown",
};

static_assert(ARRAY_SIZE(vmbc_class_names) == HV_UNKNOWN + 1);

/**
 * vmbc_class_dev_type() - the enum vmbus_device_type of a device class
 * @class: the class GUID.
 *
 * Return: HV_NIC, HV_SCSI, ..., or HV_UNKNOWN.
 */
u16 vmbc_class_dev_type(const guid_t *class)
{
	u16 type;

	for (type = 0; type < HV_UNKNOWN; type++)
		if (guid_equal(class, &vmbus_devs[type].guid))
			return type;
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
	return vmbc_class_names[vmbc_class_dev_type(class)];
}

/* ------------------------------------------------------------------ */
/* Matching, probe, remove                                             */

/* An id that matches nothing; what a driver_override match hands probe. */
static const struct hv_vmbus_device_id vmbc_null_id;

static bool vmbc_is_hvsock(const struct vmbus_channel *channel)
{
	return channel->offermsg.offer.chn_flags &
	       VMBUS_CHANNEL_TLNPI_PROVIDER_OFFER;
}

/*
 * The id @drv binds @hdev with, or NULL. One added through new_id is
 * copied into @dyn (remove_id may free the original meanwhile).
 */
static const struct hv_vmbus_device_id *
vmbc_match_id(struct hv_driver *drv, const struct hv_device *hdev,
	      struct hv_vmbus_device_id *dyn)
{
	const struct hv_vmbus_device_id *id;

	/*
	 * An hvsock offer's GUIDs name a connection, not a class: the driver
	 * registered for hvsock takes every one of them, and nothing else.
	 */
	if (vmbc_is_hvsock(hdev->channel))
		return drv->hvsock ? &vmbc_null_id : NULL;
	if (hdev->driver_override)
		return strcmp(hdev->driver_override, drv->name) ?
		       NULL : &vmbc_null_id;
	/* new_id's first, as in Linux: they may override the table. */
	if (vmbc_dynid_match(drv, &hdev->dev_type, dyn))
		return dyn;
	for (id = drv->id_table; id && !guid_is_null(&id->guid); id++)
		if (guid_equal(&id->guid, &hdev->dev_type))
			return id;
	return NULL;
}

static int vmbc_bus_match(struct device *dev, vmbc_match_driver_t *drv)
{
	struct hv_vmbus_device_id dyn;

	return vmbc_match_id(drv_to_hv_drv((struct device_driver *)drv),
			     device_to_hv_device(dev), &dyn) != NULL;
}

static int vmbc_bus_uevent(vmbc_uevent_device_t *dev,
			   struct kobj_uevent_env *env)
{
	const struct hv_device *hdev =
		container_of(dev, struct hv_device, device);

	return add_uevent_var(env, "MODALIAS=" VMBC_MODALIAS_PREFIX "%*phN",
			      UUID_SIZE, &hdev->dev_type);
}

static int vmbc_bus_probe(struct device *dev)
{
	struct hv_driver *drv = drv_to_hv_drv(dev->driver);
	struct hv_device *hdev = device_to_hv_device(dev);
	const struct vmbc_transport_ops *ops = hdev->channel->conn->ops;
	const struct hv_vmbus_device_id *id;
	struct hv_vmbus_device_id dyn;
	int ret;

	id = vmbc_match_id(drv, hdev, &dyn);
	if (!id || !drv->probe)
		return -ENODEV;
	/* A bound driver uses the transport: keep its module loaded. */
	if (!try_module_get(ops->owner))
		return -ENODEV;
	dev_dbg(dev, "binding %s (%s)\n", drv->name,
		id == &dyn ? "new_id" : id == &vmbc_null_id ?
		(hdev->driver_override ? "driver_override" : "hvsock") :
		"its id table");
	ret = drv->probe(hdev, id);
	if (ret) {
		module_put(ops->owner);
		dev_err(dev, "probe of %s failed: %pe\n", drv->name, ERR_PTR(ret));
	}
	return ret;
}

static void vmbc_bus_remove(struct device *dev)
{
	struct hv_driver *drv = drv_to_hv_drv(dev->driver);
	struct hv_device *hdev = device_to_hv_device(dev);

	/* The 6.12 dialect's remove() returns nothing (vmbc_api). */
	if (drv->vmbc_api == 612) {
		if (drv->vmbc_remove_void)
			drv->vmbc_remove_void(hdev);
	} else if (drv->remove) {
		drv->remove(hdev);
	}
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
	.bus_groups = vmbc_bus_groups,
	.drv_groups = vmbc_drv_groups,
};

static int vmbc_driver_register_api(struct hv_driver *hv_driver,
				    struct module *owner,
				    const char *mod_name, int api)
{
	hv_driver->vmbc_api = api;
	hv_driver->driver.name = hv_driver->name;
	hv_driver->driver.owner = owner;
	hv_driver->driver.mod_name = mod_name;
	hv_driver->driver.bus = &vmbc_bus;
	spin_lock_init(&hv_driver->dynids.lock);
	INIT_LIST_HEAD(&hv_driver->dynids.list);
	return driver_register(&hv_driver->driver);
}

int __vmbus_driver_register(struct hv_driver *hv_driver,
			    struct module *owner, const char *mod_name)
{
	return vmbc_driver_register_api(hv_driver, owner, mod_name, 502);
}
EXPORT_SYMBOL_GPL(__vmbus_driver_register);

/**
 * vmbc_driver_register_612() - __vmbus_driver_register() of the 6.12 dialect
 * @hv_driver: the driver; its remove() returns void.
 * @owner: the driver's module.
 * @mod_name: its name.
 *
 * Context: process context.
 * Return: 0 or -errno.
 */
int vmbc_driver_register_612(struct hv_driver *hv_driver,
			     struct module *owner, const char *mod_name)
{
	return vmbc_driver_register_api(hv_driver, owner, mod_name, 612);
}
EXPORT_SYMBOL_GPL(vmbc_driver_register_612);

void vmbus_driver_unregister(struct hv_driver *hv_driver)
{
	driver_unregister(&hv_driver->driver);
	vmbc_dynids_free(hv_driver);
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
 * GUID is kept in a table of claims (hashed by GUID, so that registering
 * N devices costs O(N)), taken before device_add() and dropped when the
 * device is released: the lock is held for the lookup only,
 * never across a registration (and the driver's probe in it), so one slow
 * probe never holds up devices of other connections.
 */
struct vmbc_name_claim {
	struct hlist_node node;
	guid_t instance;
};

static DEFINE_HASHTABLE(vmbc_name_claims, VMBC_INSTANCE_HASH_BITS);
static DEFINE_SPINLOCK(vmbc_name_claims_lock);	/* vmbc_name_claims */

/* Claim @instance's bare name: true when it was free (and is ours now). */
static bool vmbc_name_claim(struct vmbc_name_claim *claim,
			    const guid_t *instance)
{
	struct vmbc_name_claim *other;
	bool taken = false;

	spin_lock(&vmbc_name_claims_lock);
	hash_for_each_possible(vmbc_name_claims, other, node,
			       vmbc_instance_hash(instance))
		taken |= guid_equal(&other->instance, instance);
	if (!taken) {
		claim->instance = *instance;
		hash_add(vmbc_name_claims, &claim->node,
			 vmbc_instance_hash(instance));
	}
	spin_unlock(&vmbc_name_claims_lock);
	return !taken;
}

static void vmbc_name_release(struct vmbc_name_claim *claim)
{
	spin_lock(&vmbc_name_claims_lock);
	hash_del(&claim->node);
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
	hdev->dev_instance = channel->offermsg.offer.if_instance;
	hdev->vendor_id = HV_VENDOR_MICROSOFT;
	hdev->device_id = vmbc_class_dev_type(&hdev->dev_type);
	hdev->channel = channel;
	/* The device holds the channel until its own release. */
	kobject_get(&channel->kobj);

	device_initialize(&hdev->device);
	hdev->device.bus = &vmbc_bus;
	hdev->device.parent = channel->conn->root;
	hdev->device.release = vmbc_device_release;
	/*
	 * The host reaches all of guest memory: 64-bit DMA, and parameters
	 * for the drivers that set segment limits (storvsc).
	 */
	hdev->device.dma_parms = &hdev->dma_parms;
	hdev->dma_mask = DMA_BIT_MASK(64);
	hdev->device.dma_mask = &hdev->dma_mask;
	hdev->device.coherent_dma_mask = DMA_BIT_MASK(64);
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
	dev_dbg(&hdev->device, "relid %u: registered, class %pUl (%s), %s\n",
		channel->offermsg.child_relid, &hdev->dev_type,
		vmbc_class_name(&hdev->dev_type),
		hdev->device.driver ? "bound" : "no driver bound");
	return 0;
}

/**
 * vmbc_device_unregister() - remove a primary channel's device
 * @channel: the channel; nothing happens when its device is gone already.
 *
 * The first caller takes the device (under sysfs_lock): unload, a rescind
 * and a driver calling vmbus_device_unregister() may race.
 *
 * Context: process context; the channel's queue, unload or a driver.
 */
void vmbc_device_unregister(struct vmbus_channel *channel)
{
	struct vmbc_connection *conn = channel->conn;
	struct hv_device *hdev;

	/*
	 * The channel directories go first, channels/ detached before them
	 * under sysfs_lock: a sub-channel's offer work either added its
	 * directory before (removed here) or finds no channels/ and adds
	 * none.
	 */
	mutex_lock(&conn->sysfs_lock);
	hdev = channel->device_obj;
	if (!hdev) {
		mutex_unlock(&conn->sysfs_lock);
		return;
	}
	vmbc_test_point(VMBC_TP_DEVICE_REMOVE, channel);
	vmbc_channel_sysfs_del_all(channel);
	/* device_obj changes under both locks (vmbc_set_device_obj()). */
	mutex_lock(&conn->channel_mutex);
	channel->device_obj = NULL;
	mutex_unlock(&conn->channel_mutex);
	mutex_unlock(&conn->sysfs_lock);
	device_unregister(&hdev->device);
}

/**
 * vmbus_device_unregister() - remove a device (Linux 6.12's private API)
 * @device_obj: a device of the vmbc bus.
 *
 * For a driver that kept its device past the rescind of its channel (its
 * chn_rescind_callback returned with the device still there): the device
 * goes, and the rescinded channel's relid goes back to the host once the
 * channel is closed, as when the core removes the device itself.
 *
 * Context: process context; never from the device's own probe or remove.
 */
void vmbus_device_unregister(struct hv_device *device_obj)
{
	struct vmbus_channel *channel = device_obj->channel;

	/* The device's reference on the channel goes with the device. */
	kobject_get(&channel->kobj);
	vmbc_device_unregister(channel);
	vmbc_channel_rescind_done(channel);
	vmbc_channel_put(channel);
}
EXPORT_SYMBOL_GPL(vmbus_device_unregister);

/**
 * vmbus_hvsock_device_unregister() - remove an hvsock channel's device
 * @channel: a closed hvsock channel.
 *
 * The host rescinds an hvsock channel once both sides closed it; the
 * device goes after that rescind. A host that never sends it is waited
 * for as long as any host answer, then the device goes anyway, with the
 * driver's rescind callback taken off first so that a late rescind never
 * calls into a driver that may be gone.
 *
 * Context: process context, sleeps.
 */
void vmbus_hvsock_device_unregister(struct vmbus_channel *channel)
{
	struct vmbc_connection *conn = channel->conn;
	unsigned long deadline;

	if (!vmbc_is_hvsock(channel)) {
		dev_warn(vmbc_chan_dev(channel), "relid %u is no hvsock channel; its device stays\n",
			 channel->offermsg.child_relid);
		return;
	}
	/* rescind_event is the driver's to wait on: poll the flag instead. */
	deadline = jiffies + msecs_to_jiffies(conn->timeout_ms);
	while (!READ_ONCE(channel->rescind) && time_before(jiffies, deadline))
		msleep(20);
	if (!READ_ONCE(channel->rescind)) {
		vmbc_host_err(conn, "relid %u: hvsock channel closed but not rescinded within %u ms\n",
			      channel->offermsg.child_relid, conn->timeout_ms);
		WRITE_ONCE(channel->chn_rescind_callback, NULL);
	}
	kobject_get(&channel->kobj);
	vmbc_device_unregister(channel);
	vmbc_channel_rescind_done(channel);
	vmbc_channel_put(channel);
}
EXPORT_SYMBOL_GPL(vmbus_hvsock_device_unregister);

int vmbc_bus_init(void)
{
	return bus_register(&vmbc_bus);
}

void vmbc_bus_exit(void)
{
	bus_unregister(&vmbc_bus);
}
