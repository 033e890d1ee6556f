// SPDX-License-Identifier: GPL-2.0
/*
 * channels/<relid>/ under each device: one directory per channel, through
 * the channel's kobject, with Linux's file names and meanings so that
 * tools written for hv_vmbus read them unchanged.
 */
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "core.h"
#include <vmbc/hv_private.h>
#include <vmbc/ring.h>

/*
 * A channel attribute: either show/store, or a u64 counter of struct
 * vmbus_channel at @counter (never 0: no counter is the first field).
 */
struct vmbc_chan_attr {
	struct attribute attr;
	ssize_t (*show)(struct vmbus_channel *channel, char *buf);
	ssize_t (*store)(struct vmbus_channel *channel, const char *buf,
			 size_t count);
	size_t counter;
};

#define to_chan_attr(a)	container_of(a, struct vmbc_chan_attr, attr)
#define to_channel(k)	container_of(k, struct vmbus_channel, kobj)

static ssize_t vmbc_chan_attr_show(struct kobject *kobj,
				   struct attribute *attr, char *buf)
{
	const struct vmbc_chan_attr *a = to_chan_attr(attr);
	struct vmbus_channel *c = to_channel(kobj);

	if (a->counter)
		return sysfs_emit(buf, "%llu\n",
				  READ_ONCE(*(u64 *)((u8 *)c + a->counter)));
	return a->show ? a->show(c, buf) : -EIO;
}

static ssize_t vmbc_chan_attr_store(struct kobject *kobj,
				    struct attribute *attr, const char *buf,
				    size_t count)
{
	const struct vmbc_chan_attr *a = to_chan_attr(attr);

	return a->store ? a->store(to_channel(kobj), buf, count) : -EIO;
}

const struct sysfs_ops vmbc_chan_sysfs_ops = {
	.show = vmbc_chan_attr_show,
	.store = vmbc_chan_attr_store,
};

#define VMBC_CHAN_ATTR_RO(name) \
	static struct vmbc_chan_attr chan_attr_##name = \
		__ATTR(name, 0444, name##_show, NULL)

/* A u64 counter of the channel, shown as it is. */
#define VMBC_CHAN_COUNTER(field) \
	static struct vmbc_chan_attr chan_attr_##field = { \
		.attr = { .name = #field, .mode = 0444 }, \
		.counter = offsetof(struct vmbus_channel, field), \
	}

VMBC_CHAN_COUNTER(interrupts);
VMBC_CHAN_COUNTER(intr_in_full);
VMBC_CHAN_COUNTER(intr_out_empty);
VMBC_CHAN_COUNTER(out_full_first);
VMBC_CHAN_COUNTER(out_full_total);

/* "events" is Linux's name for the signals sent to the host. */
static ssize_t events_show(struct vmbus_channel *c, char *buf)
{
	return sysfs_emit(buf, "%llu\n", READ_ONCE(c->sig_events));
}
VMBC_CHAN_ATTR_RO(events);

static ssize_t subchannel_id_show(struct vmbus_channel *c, char *buf)
{
	return sysfs_emit(buf, "%u\n", c->offermsg.offer.sub_channel_index);
}
VMBC_CHAN_ATTR_RO(subchannel_id);

static ssize_t monitor_id_show(struct vmbus_channel *c, char *buf)
{
	return sysfs_emit(buf, "%u\n", c->offermsg.monitorid);
}
VMBC_CHAN_ATTR_RO(monitor_id);

/*
 * Which ring was found corrupt: a corrupt ring has nothing more to give
 * until the channel is opened again (vmbc's own file; Linux has none).
 */
static ssize_t broken_show(struct vmbus_channel *c, char *buf)
{
	bool in = vmbc_ring_is_broken(&c->inbound);
	bool out = vmbc_ring_is_broken(&c->outbound);

	return sysfs_emit(buf, "%s\n", in && out ? "both" : in ? "inbound" :
			  out ? "outbound" : "none");
}
VMBC_CHAN_ATTR_RO(broken);

/*
 * The guest's ("client") monitor page, as Linux reads it for these two
 * files: the pending word of the channel's group, and its latency.
 */
static ssize_t pending_show(struct vmbus_channel *c, char *buf)
{
	struct hv_monitor_page *m = c->conn->monitor_pages[1];

	return sysfs_emit(buf, "%d\n",
			  READ_ONCE(m->trigger_group[c->monitor_grp].pending));
}
VMBC_CHAN_ATTR_RO(pending);

static ssize_t latency_show(struct vmbus_channel *c, char *buf)
{
	struct hv_monitor_page *m = c->conn->monitor_pages[1];

	return sysfs_emit(buf, "%d\n",
			  READ_ONCE(m->latency[c->monitor_grp][c->monitor_bit]));
}
VMBC_CHAN_ATTR_RO(latency);

/*
 * The u32 at @offset of a ring's shared state, as vmbc_ring_get_debuginfo()
 * reports it; -EINVAL while the ring is not mapped (the channel is not
 * open), as in Linux.
 */
static ssize_t vmbc_ring_show(struct hv_ring_buffer_info *rbi, char *buf,
			      size_t offset)
{
	struct hv_ring_buffer_debug_info info;
	int ret;

	ret = vmbc_ring_get_debuginfo(rbi, &info);
	if (ret)
		return ret;
	return sysfs_emit(buf, "%u\n", *(u32 *)((u8 *)&info + offset));
}

#define VMBC_RING_FIELD(field) \
	offsetof(struct hv_ring_buffer_debug_info, field)

static ssize_t in_mask_show(struct vmbus_channel *c, char *buf)
{
	return vmbc_ring_show(&c->inbound, buf,
			      VMBC_RING_FIELD(current_interrupt_mask));
}
VMBC_CHAN_ATTR_RO(in_mask);

static ssize_t out_mask_show(struct vmbus_channel *c, char *buf)
{
	return vmbc_ring_show(&c->outbound, buf,
			      VMBC_RING_FIELD(current_interrupt_mask));
}
VMBC_CHAN_ATTR_RO(out_mask);

static ssize_t read_avail_show(struct vmbus_channel *c, char *buf)
{
	return vmbc_ring_show(&c->inbound, buf,
			      VMBC_RING_FIELD(bytes_avail_toread));
}
VMBC_CHAN_ATTR_RO(read_avail);

static ssize_t write_avail_show(struct vmbus_channel *c, char *buf)
{
	return vmbc_ring_show(&c->outbound, buf,
			      VMBC_RING_FIELD(bytes_avail_towrite));
}
VMBC_CHAN_ATTR_RO(write_avail);

static ssize_t cpu_show(struct vmbus_channel *c, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(c->target_cpu));
}

static ssize_t cpu_store(struct vmbus_channel *c, const char *buf,
			 size_t count)
{
	u32 relid = c->offermsg.child_relid;
	unsigned int cpu;
	int ret;

	vmbc_test_point(VMBC_TP_CPU_STORE, c);
	if (kstrtouint(buf, 0, &cpu) || cpu >= nr_cpu_ids) {
		dev_warn(vmbc_chan_dev(c), "channels/%u/cpu: write the number of an online CPU (0 to %u)\n",
			 relid, nr_cpu_ids - 1);
		return -EINVAL;
	}
	ret = vmbc_channel_set_cpu(c, cpu);
	switch (ret) {
	case 0:
		dev_dbg(vmbc_chan_dev(c), "relid %u: moved to CPU %u\n", relid,
			cpu);
		return count;
	case -EINVAL:
		dev_warn(vmbc_chan_dev(c), "channels/%u/cpu: not moved to CPU %u: the CPU must be online and the channel open (a bound driver opens it)\n",
			 relid, cpu);
		break;
	case -EOPNOTSUPP:
		dev_warn(vmbc_chan_dev(c), "channels/%u/cpu: the host speaks VMBus %u.%u; moving a channel needs 4.1 or later\n",
			 relid, vmbc_connection_version(c->conn) >> 16,
			 vmbc_connection_version(c->conn) & 0xffff);
		break;
	default:
		dev_warn(vmbc_chan_dev(c), "channels/%u/cpu: not moved to CPU %u: %pe\n",
			 relid, cpu, ERR_PTR(ret));
		break;
	}
	return ret;
}

static struct vmbc_chan_attr chan_attr_cpu = __ATTR(cpu, 0644, cpu_show,
						     cpu_store);

static struct attribute *vmbc_chan_attrs[] = {
	&chan_attr_broken.attr,
	&chan_attr_cpu.attr,
	&chan_attr_events.attr,
	&chan_attr_interrupts.attr,
	&chan_attr_in_mask.attr,
	&chan_attr_out_mask.attr,
	&chan_attr_read_avail.attr,
	&chan_attr_write_avail.attr,
	&chan_attr_pending.attr,
	&chan_attr_latency.attr,
	&chan_attr_monitor_id.attr,
	&chan_attr_subchannel_id.attr,
	&chan_attr_intr_in_full.attr,
	&chan_attr_intr_out_empty.attr,
	&chan_attr_out_full_first.attr,
	&chan_attr_out_full_total.attr,
	NULL,
};

/* pending, latency and monitor_id mean something only when monitored. */
static umode_t vmbc_chan_attr_visible(struct kobject *kobj,
				      struct attribute *attr, int idx)
{
	struct vmbus_channel *c = to_channel(kobj);

	if (!c->offermsg.monitor_allocated &&
	    (attr == &chan_attr_pending.attr ||
	     attr == &chan_attr_latency.attr ||
	     attr == &chan_attr_monitor_id.attr))
		return 0;
	return attr->mode;
}

static const struct attribute_group vmbc_chan_group = {
	.attrs = vmbc_chan_attrs,
	.is_visible = vmbc_chan_attr_visible,
};

const struct attribute_group *vmbc_chan_groups[] = {
	&vmbc_chan_group,
	NULL,
};

/*
 * channels/<relid>/ring: the rings mapped to userspace by the driver's
 * mmap_ring_buffer (Linux 6.12's hv_create_ring_sysfs(), uio_hv_generic).
 */
static int vmbc_chan_ring_mmap(struct file *filp, struct kobject *kobj,
			       struct bin_attribute *attr,
			       struct vm_area_struct *vma)
{
	struct vmbus_channel *channel =
		container_of(kobj, struct vmbus_channel, kobj);
	int (*mmap_ring)(struct vmbus_channel *channel,
			 struct vm_area_struct *vma);

	mmap_ring = READ_ONCE(channel->mmap_ring_buffer);
	return mmap_ring ? mmap_ring(channel, vma) : -ENODEV;
}

static struct bin_attribute vmbc_chan_ring_attr = {
	.attr = { .name = "ring", .mode = 0600 },
	.mmap = vmbc_chan_ring_mmap,
};

/* The ring file of a channel whose directory exists; under sysfs_lock. */
static void vmbc_chan_ring_file_add(struct vmbus_channel *channel)
{
	int ret;

	lockdep_assert_held(&channel->conn->sysfs_lock);
	if (!channel->ring_sysfs_visible || !channel->kobj.state_in_sysfs)
		return;
	ret = sysfs_create_bin_file(&channel->kobj, &vmbc_chan_ring_attr);
	if (ret && ret != -EEXIST)
		dev_err(vmbc_chan_dev(channel), "relid %u: no ring file: %pe\n",
			channel->offermsg.child_relid, ERR_PTR(ret));
}

/*
 * Add @channel's directory if its device's channels/ exists. Under
 * sysfs_lock, which also guards device_obj's clearing and channels_kset,
 * so the kset cannot go away between this check and the kobject_add().
 */
static void vmbc_channel_sysfs_add_locked(struct vmbus_channel *channel)
{
	struct vmbus_channel *primary = channel->primary_channel ?: channel;
	struct hv_device *hdev = primary->device_obj;
	int ret;

	lockdep_assert_held(&channel->conn->sysfs_lock);
	if (!hdev || !hdev->channels_kset || channel->kobj.state_in_sysfs)
		return;
	ret = kobject_add(&channel->kobj, &hdev->channels_kset->kobj, "%u",
			  channel->offermsg.child_relid);
	if (ret) {
		dev_err(&hdev->device, "relid %u: no channels/%u directory: %pe\n",
			channel->offermsg.child_relid,
			channel->offermsg.child_relid, ERR_PTR(ret));
		return;
	}
	vmbc_chan_ring_file_add(channel);
	kobject_uevent(&channel->kobj, KOBJ_ADD);
}

/**
 * vmbc_channel_sysfs_add() - channels/<relid>/ for a channel
 * @channel: a channel.
 *
 * A sub-channel may be offered while its primary's driver still probes,
 * before the device's channels/ exists: then vmbc_channel_sysfs_add_all()
 * adds it once it does; one offered while the device goes away gets none.
 * Failure is logged, not fatal: it is a view.
 *
 * Context: process context, the channel's offer work.
 */
void vmbc_channel_sysfs_add(struct vmbus_channel *channel)
{
	mutex_lock(&channel->conn->sysfs_lock);
	vmbc_channel_sysfs_add_locked(channel);
	mutex_unlock(&channel->conn->sysfs_lock);
}

/**
 * vmbc_channel_sysfs_add_all() - channels/ for a newly registered device
 * @primary: a primary channel whose device was just added.
 *
 * Makes the device's channels/ and the directories of the primary and of
 * the sub-channels offered so far.
 *
 * Context: process context.
 */
void vmbc_channel_sysfs_add_all(struct vmbus_channel *primary)
{
	struct vmbc_connection *conn = primary->conn;
	struct hv_device *hdev = primary->device_obj;
	struct vmbus_channel *sub;

	mutex_lock(&conn->sysfs_lock);
	hdev->channels_kset = kset_create_and_add("channels", NULL,
						  &hdev->device.kobj);
	if (!hdev->channels_kset) {
		dev_err(&hdev->device, "no channels/ directory: %pe\n",
			ERR_PTR(-ENOMEM));
		goto unlock;
	}
	vmbc_channel_sysfs_add_locked(primary);
	/* sc_list is stable under channel_mutex; adding never waits on it. */
	mutex_lock(&conn->channel_mutex);
	list_for_each_entry(sub, &primary->sc_list, sc_list)
		vmbc_channel_sysfs_add_locked(sub);
	mutex_unlock(&conn->channel_mutex);
unlock:
	mutex_unlock(&conn->sysfs_lock);
}

/**
 * vmbc_channel_sysfs_del() - remove a channel's directory, if it has one
 * @channel: the channel.
 *
 * Context: process context; not under channel_mutex (see sysfs_lock).
 */
void vmbc_channel_sysfs_del(struct vmbus_channel *channel)
{
	mutex_lock(&channel->conn->sysfs_lock);
	if (channel->kobj.state_in_sysfs)
		kobject_del(&channel->kobj);
	mutex_unlock(&channel->conn->sysfs_lock);
}

/* A sub-channel of @primary that still has a directory, referenced. */
static struct vmbus_channel *vmbc_next_sub_in_sysfs(struct vmbus_channel *primary)
{
	struct vmbus_channel *sub, *found = NULL;

	mutex_lock(&primary->conn->channel_mutex);
	list_for_each_entry(sub, &primary->sc_list, sc_list) {
		if (sub->kobj.state_in_sysfs) {
			found = sub;
			kobject_get(&found->kobj);
			break;
		}
	}
	mutex_unlock(&primary->conn->channel_mutex);
	return found;
}

/**
 * vmbc_channel_sysfs_del_all() - remove a device's channels/
 * @primary: a primary channel whose device is about to be unregistered.
 *
 * channels/ is detached first, so a sub-channel offer processed from here
 * on adds nothing; then the directories go, sub-channels before primary.
 * Each removal waits for the sysfs handlers running in the directory,
 * which is why channel_mutex is only held to find the next one.
 *
 * Context: process context, under the connection's sysfs_lock.
 */
void vmbc_channel_sysfs_del_all(struct vmbus_channel *primary)
{
	struct hv_device *hdev = primary->device_obj;
	struct vmbus_channel *sub;
	struct kset *dir;

	lockdep_assert_held(&primary->conn->sysfs_lock);
	dir = hdev->channels_kset;
	hdev->channels_kset = NULL;
	while ((sub = vmbc_next_sub_in_sysfs(primary))) {
		kobject_del(&sub->kobj);
		kobject_put(&sub->kobj);
	}
	if (primary->kobj.state_in_sysfs)
		kobject_del(&primary->kobj);
	kset_unregister(dir);
}

/**
 * hv_create_ring_sysfs() - channels/<relid>/ring, mapped by the driver
 * @channel: a channel of the driver's device.
 * @hv_mmap_ring_buffer: maps the channel's rings into a VMA.
 *
 * The file appears with the channel's directory: at once when it exists,
 * else when it is made (a driver's probe runs before its device's
 * channels/ does).
 *
 * Context: process context.
 * Return: 0.
 */
int hv_create_ring_sysfs(struct vmbus_channel *channel,
			 int (*hv_mmap_ring_buffer)(struct vmbus_channel *channel,
						    struct vm_area_struct *vma))
{
	struct vmbc_connection *conn = channel->conn;

	mutex_lock(&conn->sysfs_lock);
	WRITE_ONCE(channel->mmap_ring_buffer, hv_mmap_ring_buffer);
	channel->ring_sysfs_visible = true;
	vmbc_chan_ring_file_add(channel);
	mutex_unlock(&conn->sysfs_lock);
	return 0;
}
EXPORT_SYMBOL_GPL(hv_create_ring_sysfs);

/**
 * hv_remove_ring_sysfs() - take channels/<relid>/ring away
 * @channel: a channel hv_create_ring_sysfs() gave the file.
 *
 * Context: process context.
 * Return: 0.
 */
int hv_remove_ring_sysfs(struct vmbus_channel *channel)
{
	struct vmbc_connection *conn = channel->conn;

	mutex_lock(&conn->sysfs_lock);
	channel->ring_sysfs_visible = false;
	if (channel->kobj.state_in_sysfs)
		sysfs_remove_bin_file(&channel->kobj, &vmbc_chan_ring_attr);
	WRITE_ONCE(channel->mmap_ring_buffer, NULL);
	mutex_unlock(&conn->sysfs_lock);
	return 0;
}
EXPORT_SYMBOL_GPL(hv_remove_ring_sysfs);
