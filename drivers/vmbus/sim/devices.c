// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim devices: what the host offers, at which relid, and the relid's
 * life from offer through rescind to the guest's RELID_RELEASED.
 *
 * A relid stays taken from vmbc_sim_add_device() until the guest releases
 * it after a rescind (or unloads): the host never reuses a relid the guest
 * may still hold, as Hyper-V does not.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include "sim.h"

static bool vmbc_sim_dev_same(const struct vmbc_sim_device *a,
			      const struct vmbc_sim_device *b)
{
	return guid_equal(&a->class_id, &b->class_id) &&
	       guid_equal(&a->instance_id, &b->instance_id) &&
	       a->sub_channel_index == b->sub_channel_index;
}

static bool vmbc_sim_dev_is_sub(const struct vmbc_sim_dev *dev)
{
	return dev->cfg.sub_channel_index;
}

/* Sub-channels a primary may have, whatever the guest asks for. */
#define VMBC_SIM_MAX_SUBCHANNELS	64

/*
 * The last of a device whose channel was opened: no signal path that
 * found it is left (the grace period), and its work, which runs on this
 * same ordered queue, is not running and will not run again.
 */
static void vmbc_sim_dev_free_work(struct work_struct *work)
{
	struct vmbc_sim_dev *dev = container_of(work, struct vmbc_sim_dev,
						free_work);

	synchronize_rcu();
	cancel_work_sync(&dev->chan.io_work);
	vmbc_sim_dev_release(dev);
	kfree(dev);
}

/**
 * vmbc_sim_dev_release() - the model lets go of a device about to be freed
 * @dev: the device, out of the host's table, no work of it running.
 *
 * Context: process context, the host's mutex not held.
 */
void vmbc_sim_dev_release(struct vmbc_sim_dev *dev)
{
	if (dev->model)
		vmbc_sim_model_event(dev, dev->model->release);
}

/* A new device of @sim, not in the table yet. */
static struct vmbc_sim_dev *vmbc_sim_dev_alloc(struct vmbc_sim *sim,
					       const struct vmbc_sim_device *cfg)
{
	const struct vmbc_sim_model *model = vmbc_sim_model_find(&cfg->class_id);
	struct vmbc_sim_dev *d;

	d = kzalloc(struct_size(d, model_priv, model ? model->priv_size : 0),
		    GFP_KERNEL);
	if (!d)
		return NULL;
	d->cfg = *cfg;
	d->state = VMBC_SIM_DEV_CONFIGURED;
	d->model = model;
	vmbc_sim_chan_init(sim, &d->chan);
	INIT_WORK(&d->free_work, vmbc_sim_dev_free_work);
	if (model)
		vmbc_sim_model_event(d, model->init);
	return d;
}

/* Forget @dev and free its relid and monitor id. */
static void vmbc_sim_dev_free(struct vmbc_sim *sim, struct vmbc_sim_dev *dev)
{
	lockdep_assert_held(&sim->mutex);
	vmbc_sim_chan_release(sim, dev);
	vmbc_sim_gpadls_drop(sim, dev->cfg.relid, false);
	xa_erase(&sim->devs, dev->cfg.relid);
	if (dev->cfg.monitor_allocated) {
		clear_bit(dev->monitorid, sim->monitor_ids);
		WRITE_ONCE(sim->mon_relid[dev->monitorid], 0);
	}
	if (dev->state != VMBC_SIM_DEV_CONFIGURED)
		WRITE_ONCE(sim->offers_outstanding, sim->offers_outstanding - 1);
	/*
	 * The signal paths find devices under RCU; only a channel that was
	 * opened can have had its work queued by them. A model with work of
	 * its own stops it outside the mutex, on the queue too.
	 */
	if (dev->chan.opens || (dev->model && dev->model->release))
		queue_work(sim->wq, &dev->free_work);
	else
		kfree_rcu(dev, rcu);
	/* vmbc_sim_wait_released() looks the relid up without the mutex */
	wake_up_all(&sim->release_wq);
}

/**
 * vmbc_sim_dev_offer() - send OFFERCHANNEL for a configured device
 * @sim: the host.
 * @dev: the device.
 *
 * Context: process context, the host's mutex held.
 * Return: 0, or -ENOMEM.
 */
int vmbc_sim_dev_offer(struct vmbc_sim *sim, struct vmbc_sim_dev *dev)
{
	struct vmbus_channel_offer_channel o = {
		.header.msgtype = CHANNELMSG_OFFERCHANNEL,
		.offer.sub_channel_index = dev->cfg.sub_channel_index,
		.child_relid = dev->cfg.relid,
		.monitorid = dev->monitorid,
		.monitor_allocated = dev->cfg.monitor_allocated,
		.is_dedicated_interrupt = dev->cfg.dedicated_interrupt,
		.connection_id = dev->cfg.relid,
	};
	int err;

	lockdep_assert_held(&sim->mutex);
	guid_copy(&o.offer.if_type, &dev->cfg.class_id);
	guid_copy(&o.offer.if_instance, &dev->cfg.instance_id);
	err = vmbc_sim_host_send(sim, &o, sizeof(o));
	if (err)
		return err;
	dev->state = VMBC_SIM_DEV_OFFERED;
	if (dev->model)
		vmbc_sim_model_event(dev, dev->model->offer);
	WRITE_ONCE(sim->offers_outstanding, sim->offers_outstanding + 1);
	return 0;
}

/**
 * vmbc_sim_devs_offer_all() - offer every device not offered yet
 * @sim: the host.
 *
 * Primary channels first, then sub-channels, each in relid order, as a
 * guest that processes offers in order needs the primary first.
 *
 * Context: process context, the host's mutex held.
 */
void vmbc_sim_devs_offer_all(struct vmbc_sim *sim)
{
	struct vmbc_sim_dev *dev;
	unsigned long relid;
	int pass;

	lockdep_assert_held(&sim->mutex);
	for (pass = 0; pass < 2; pass++) {
		bool subs = pass;

		xa_for_each(&sim->devs, relid, dev) {
			if (dev->state != VMBC_SIM_DEV_CONFIGURED ||
			    vmbc_sim_dev_is_sub(dev) != subs)
				continue;
			if (vmbc_sim_dev_offer(sim, dev))
				pr_err("%s: no memory to offer relid %lu\n",
				       sim->name, relid);
		}
	}
}

/**
 * vmbc_sim_dev_released() - the guest's RELID_RELEASED
 * @sim: the host.
 * @relid: the relid released.
 *
 * Valid for a relid the host rescinded, and for one it offered and the
 * guest could not take (as Linux, the core releases an offer whose device
 * would not register): the guest declines it. Frees the relid.
 *
 * Context: process context, the host's mutex held.
 */
void vmbc_sim_dev_released(struct vmbc_sim *sim, u32 relid)
{
	struct vmbc_sim_dev *dev;

	lockdep_assert_held(&sim->mutex);
	dev = xa_load(&sim->devs, relid);
	if (!dev || dev->state == VMBC_SIM_DEV_CONFIGURED) {
		vmbc_sim_protocol_error(sim, "RELID_RELEASED of relid %u, which is not offered",
					relid);
		return;
	}
	if (dev->state == VMBC_SIM_DEV_OFFERED) {
		/* the guest could not take the offer: it declines it */
		if (dev->chan.open)
			vmbc_sim_protocol_error(sim, "RELID_RELEASED of relid %u, which is open",
						relid);
		atomic64_inc(&sim->stats.offers_declined);
	}
	vmbc_sim_dev_free(sim, dev);
}

/**
 * vmbc_sim_devs_forget() - the guest unloaded: no offer stands any more
 * @sim: the host.
 *
 * Every channel is closed and every GPADL dropped. Rescinded devices are
 * gone; offered ones become configured again, to be offered on the next
 * REQUESTOFFERS.
 *
 * Context: process context, the host's mutex held.
 */
void vmbc_sim_devs_forget(struct vmbc_sim *sim)
{
	struct vmbc_sim_dev *dev;
	unsigned long relid;

	lockdep_assert_held(&sim->mutex);
	xa_for_each(&sim->devs, relid, dev) {
		vmbc_sim_chan_release(sim, dev);
		/* no offer stands: nothing to take away */
		dev->quiescing = false;
		if (dev->state == VMBC_SIM_DEV_RESCINDED) {
			vmbc_sim_dev_free(sim, dev);
		} else if (dev->state == VMBC_SIM_DEV_OFFERED) {
			dev->state = VMBC_SIM_DEV_CONFIGURED;
			WRITE_ONCE(sim->offers_outstanding,
				   sim->offers_outstanding - 1);
		}
	}
}

/**
 * vmbc_sim_devs_free() - free every device of a host going away
 * @sim: the host, its work queue destroyed and its signal paths stopped.
 *
 * Context: process context.
 */
void vmbc_sim_devs_free(struct vmbc_sim *sim)
{
	struct vmbc_sim_dev *dev;
	unsigned long relid;

	/* nothing runs any more; the mutex is for the assertions */
	mutex_lock(&sim->mutex);
	xa_for_each(&sim->devs, relid, dev)
		vmbc_sim_chan_close(sim, dev);
	mutex_unlock(&sim->mutex);
	xa_for_each(&sim->devs, relid, dev) {
		vmbc_sim_dev_release(dev);
		kfree(dev);
	}
	mutex_lock(&sim->mutex);
	xa_destroy(&sim->devs);
	mutex_unlock(&sim->mutex);
}

/**
 * vmbc_sim_dev_rescind() - rescind a device now (or forget it, if never
 *	offered)
 * @sim: the host.
 * @dev: the device.
 *
 * No quiescing: for the host's own decisions (a transient sub-channel the
 * guest closed, the end of a quiesce).
 *
 * Context: process context, the host's mutex held.
 * Return: 0, -ENOENT (rescinded already) or -ENOMEM.
 */
int vmbc_sim_dev_rescind(struct vmbc_sim *sim, struct vmbc_sim_dev *dev)
{
	struct vmbus_channel_rescind_offer r = {
		.header.msgtype = CHANNELMSG_RESCIND_CHANNELOFFER,
		.child_relid = dev->cfg.relid,
	};
	int err;

	lockdep_assert_held(&sim->mutex);
	switch (dev->state) {
	case VMBC_SIM_DEV_CONFIGURED:
		vmbc_sim_dev_free(sim, dev);
		return 0;
	case VMBC_SIM_DEV_OFFERED:
		/*
		 * Rescinded before the channel closes (the close's release
		 * orders it), so the signal paths take the guest's late
		 * signals for what they are. The host lets go of the rings
		 * and GPADLs at once: the guest frees them without asking.
		 */
		WRITE_ONCE(dev->state, VMBC_SIM_DEV_RESCINDED);
		dev->quiescing = false;
		vmbc_sim_chan_release(sim, dev);
		err = vmbc_sim_host_send(sim, &r, sizeof(r));
		if (err) {
			WRITE_ONCE(dev->state, VMBC_SIM_DEV_OFFERED);
			return err;
		}
		if (dev->model)
			vmbc_sim_model_event(dev, dev->model->rescinded);
		return 0;
	default:
		return -ENOENT;
	}
}

/*
 * Taking a device away from a guest that uses it. A driver that waits for
 * the answers to what it wrote (netvsc for its send completions, storvsc
 * for its SCSI commands) would wait for ever if the channel were
 * rescinded under it: what it writes after the host's last read is never
 * answered, and storvsc even drops a command whose send fails. So a
 * device whose model can tell its guest to stop (struct vmbc_sim_model's
 * @quiesce: the NIC's link goes down, the disk's LUN goes away) is told
 * so first, and rescinded once its guest has written nothing for a while,
 * or has closed the channel. The host keeps answering meanwhile.
 */

/* How long the guest must have written nothing before the rescind. */
#define VMBC_SIM_QUIET_MS		300
/* The longest the host waits for that. */
#define VMBC_SIM_QUIESCE_MAX_MS		10000
/* How often it looks. */
#define VMBC_SIM_QUIESCE_POLL_MS	50

static bool vmbc_sim_same_instance(const struct vmbc_sim_dev *a,
				   const struct vmbc_sim_dev *b)
{
	return guid_equal(&a->cfg.class_id, &b->cfg.class_id) &&
	       guid_equal(&a->cfg.instance_id, &b->cfg.instance_id);
}

/**
 * vmbc_sim_subchannels_offered() - a primary's sub-channels offered now
 * @sim: the host.
 * @primary: the primary channel's device.
 *
 * Context: the host's mutex held.
 * Return: how many, 0 when @primary itself is not offered.
 */
u32 vmbc_sim_subchannels_offered(struct vmbc_sim *sim,
				 const struct vmbc_sim_dev *primary)
{
	struct vmbc_sim_dev *dev;
	unsigned long relid;
	u32 n = 0;

	lockdep_assert_held(&sim->mutex);
	if (primary->state != VMBC_SIM_DEV_OFFERED)
		return 0;
	xa_for_each(&sim->devs, relid, dev)
		if (vmbc_sim_dev_is_sub(dev) &&
		    dev->state == VMBC_SIM_DEV_OFFERED &&
		    vmbc_sim_same_instance(dev, primary))
			n++;
	return n;
}

/**
 * vmbc_sim_primary_of() - the primary channel's device of a channel
 * @sim: the host.
 * @dev: a device, primary or sub-channel.
 *
 * Context: the host's mutex held.
 * Return: @dev for a primary; else the offered primary with the same
 * GUIDs, or NULL.
 */
struct vmbc_sim_dev *vmbc_sim_primary_of(struct vmbc_sim *sim,
					 const struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_dev *p;
	unsigned long relid;

	lockdep_assert_held(&sim->mutex);
	if (!vmbc_sim_dev_is_sub(dev))
		return (struct vmbc_sim_dev *)dev;
	xa_for_each(&sim->devs, relid, p)
		if (!vmbc_sim_dev_is_sub(p) &&
		    p->state == VMBC_SIM_DEV_OFFERED &&
		    vmbc_sim_same_instance(p, dev))
			return p;
	return NULL;
}

/* Packets the guest wrote on every channel of @primary's device. */
static u64 vmbc_sim_instance_packets(struct vmbc_sim *sim,
				     const struct vmbc_sim_dev *primary)
{
	struct vmbc_sim_dev *dev;
	unsigned long relid;
	u64 n = 0;

	xa_for_each(&sim->devs, relid, dev)
		if (dev->state == VMBC_SIM_DEV_OFFERED &&
		    vmbc_sim_same_instance(dev, primary))
			n += dev->chan.packets_in;
	return n;
}

/* Rescind every channel of @primary's device: sub-channels first. */
static void vmbc_sim_rescind_instance(struct vmbc_sim *sim,
				      struct vmbc_sim_dev *primary)
{
	struct vmbc_sim_dev *dev;
	unsigned long relid;

	xa_for_each(&sim->devs, relid, dev)
		if (vmbc_sim_dev_is_sub(dev) &&
		    dev->state == VMBC_SIM_DEV_OFFERED &&
		    vmbc_sim_same_instance(dev, primary))
			vmbc_sim_dev_rescind(sim, dev);
	if (vmbc_sim_dev_rescind(sim, primary))
		pr_err("%s: cannot rescind relid %u\n", sim->name,
		       primary->cfg.relid);
}

/* Start taking @dev (a primary, offered, open) away; false if it cannot. */
static bool vmbc_sim_quiesce_start(struct vmbc_sim *sim,
				   struct vmbc_sim_dev *dev)
{
	lockdep_assert_held(&sim->mutex);
	if (vmbc_sim_dev_is_sub(dev) || !dev->chan.open || sim->dead ||
	    !dev->model || !dev->model->quiesce)
		return false;
	if (dev->quiescing)
		return true;	/* going already */
	dev->quiescing = true;
	dev->quiet_since = jiffies;
	dev->quiesce_end = jiffies + msecs_to_jiffies(VMBC_SIM_QUIESCE_MAX_MS);
	dev->quiesce_seen = vmbc_sim_instance_packets(sim, dev);
	dev->model->quiesce(dev);
	mod_delayed_work(sim->wq, &sim->quiesce_work,
			 msecs_to_jiffies(VMBC_SIM_QUIESCE_POLL_MS));
	return true;
}

/**
 * vmbc_sim_quiesce_work() - rescind the devices whose guest fell quiet
 * @work: the host's quiesce_work.
 *
 * Context: the host's work queue; takes the host's mutex.
 */
void vmbc_sim_quiesce_work(struct work_struct *work)
{
	struct vmbc_sim *sim = container_of(to_delayed_work(work),
					    struct vmbc_sim, quiesce_work);
	struct vmbc_sim_dev *dev;
	unsigned long relid;
	bool pending = false;
	u64 seen;

	mutex_lock(&sim->mutex);
	xa_for_each(&sim->devs, relid, dev) {
		if (!dev->quiescing)
			continue;
		/* rescinded meanwhile, or forgotten by an unload */
		if (dev->state != VMBC_SIM_DEV_OFFERED || sim->dead) {
			dev->quiescing = false;
			continue;
		}
		seen = vmbc_sim_instance_packets(sim, dev);
		if (seen != dev->quiesce_seen) {
			dev->quiesce_seen = seen;
			dev->quiet_since = jiffies;
		}
		if (dev->chan.open &&
		    time_before(jiffies, dev->quiet_since +
				msecs_to_jiffies(VMBC_SIM_QUIET_MS)) &&
		    time_before(jiffies, dev->quiesce_end)) {
			pending = true;
			continue;
		}
		if (time_after_eq(jiffies, dev->quiesce_end))
			pr_warn("%s: relid %u: the guest kept writing for %u ms: rescinded anyway\n",
				sim->name, dev->cfg.relid,
				VMBC_SIM_QUIESCE_MAX_MS);
		vmbc_sim_rescind_instance(sim, dev);
	}
	if (pending && !sim->dead)
		queue_delayed_work(sim->wq, &sim->quiesce_work,
				   msecs_to_jiffies(VMBC_SIM_QUIESCE_POLL_MS));
	mutex_unlock(&sim->mutex);
}

/*
 * Give a new device its relid and monitor id and put it in the table,
 * not offered. Return: its relid, or -EEXIST, -ENOSPC, -ENOMEM.
 */
static int vmbc_sim_dev_insert(struct vmbc_sim *sim, struct vmbc_sim_dev *d)
{
	const struct vmbc_sim_device *cfg = &d->cfg;
	struct vmbc_sim_dev *other;
	unsigned long relid;
	int mon = -1;
	u32 id;
	int err;

	lockdep_assert_held(&sim->mutex);
	xa_for_each(&sim->devs, relid, other) {
		if (other->state != VMBC_SIM_DEV_RESCINDED &&
		    vmbc_sim_dev_same(&other->cfg, cfg))
			return -EEXIST;
	}
	if (cfg->monitor_allocated) {
		mon = find_first_zero_bit(sim->monitor_ids,
					  VMBUS_MAX_MONITOR_ID + 1);
		if (mon > VMBUS_MAX_MONITOR_ID)
			return -ENOSPC;
	}
	if (cfg->relid) {
		id = cfg->relid;
		err = xa_insert(&sim->devs, id, d, GFP_KERNEL);
		if (err == -EBUSY)
			err = -EEXIST;
	} else {
		err = xa_alloc(&sim->devs, &id, d,
			       XA_LIMIT(1, VMBUS_MAX_RELID), GFP_KERNEL);
		if (err == -EBUSY)
			err = -ENOSPC;
	}
	if (err)
		return err;
	d->cfg.relid = id;
	if (mon >= 0) {
		set_bit(mon, sim->monitor_ids);
		d->monitorid = mon;
		/* read by the monitor poll, in interrupt context */
		WRITE_ONCE(sim->mon_relid[mon], id);
	}
	return id;
}

/**
 * vmbc_sim_add_subchannels() - add sub-channels of a primary, not offered
 * @sim: the host.
 * @primary: the primary channel's device.
 * @n: how many the guest asked for.
 *
 * The primary's sub-channels number 1 up; new ones follow the highest
 * index it has. At most 64 in all, and as many as relids and monitor ids
 * allow. vmbc_sim_devs_offer_all() offers them.
 *
 * Context: the host's mutex held.
 * Return: the number added.
 */
int vmbc_sim_add_subchannels(struct vmbc_sim *sim,
			     const struct vmbc_sim_dev *primary, u32 n)
{
	struct vmbc_sim_device cfg = primary->cfg;
	struct vmbc_sim_dev *dev, *d;
	unsigned long relid;
	u32 have = 0, top = 0, i;

	lockdep_assert_held(&sim->mutex);
	xa_for_each(&sim->devs, relid, dev) {
		if (dev->state == VMBC_SIM_DEV_RESCINDED ||
		    !vmbc_sim_dev_is_sub(dev) ||
		    !guid_equal(&dev->cfg.class_id, &cfg.class_id) ||
		    !guid_equal(&dev->cfg.instance_id, &cfg.instance_id))
			continue;
		have++;
		top = max_t(u32, top, dev->cfg.sub_channel_index);
	}
	n = min(n, VMBC_SIM_MAX_SUBCHANNELS - min(have, VMBC_SIM_MAX_SUBCHANNELS));
	n = min(n, U16_MAX - top);
	cfg.relid = 0;
	for (i = 0; i < n; i++) {
		cfg.sub_channel_index = top + 1 + i;
		d = vmbc_sim_dev_alloc(sim, &cfg);
		if (!d)
			break;
		if (vmbc_sim_dev_insert(sim, d) < 0) {
			kfree(d);
			break;
		}
	}
	return i;
}

/**
 * vmbc_sim_add_device() - offer a device (a hot-add once connected)
 * @sim: the host.
 * @dev: the device. A duplicate is the same (class, instance, sub-channel
 *	index) as a device not rescinded. The host does not check that a
 *	sub-channel's primary exists: that is the core's check to test.
 *
 * Before the guest's REQUESTOFFERS the device waits to be offered with
 * the others; afterwards it is offered at once.
 *
 * Context: process context.
 * Return: the relid offered, or -errno: -EINVAL (relid over 2047),
 * -EEXIST (duplicate, or relid taken), -ENOSPC (no relid or monitor id
 * free), -ENOMEM.
 */
int vmbc_sim_add_device(struct vmbc_sim *sim,
			const struct vmbc_sim_device *dev)
{
	struct vmbc_sim_dev *d;
	int ret;

	if (dev->relid > VMBUS_MAX_RELID)
		return -EINVAL;
	d = vmbc_sim_dev_alloc(sim, dev);
	if (!d)
		return -ENOMEM;
	mutex_lock(&sim->mutex);
	ret = vmbc_sim_dev_insert(sim, d);
	if (ret < 0) {
		mutex_unlock(&sim->mutex);
		kfree(d);
		return ret;
	}
	if (sim->offers_requested) {
		ret = vmbc_sim_dev_offer(sim, d);
		if (ret) {
			vmbc_sim_dev_free(sim, d);
			mutex_unlock(&sim->mutex);
			return ret;
		}
	}
	mutex_unlock(&sim->mutex);
	return d->cfg.relid;
}
EXPORT_SYMBOL_GPL(vmbc_sim_add_device);

/**
 * vmbc_sim_remove_device() - rescind the offer at @relid
 * @sim: the host.
 * @relid: the relid.
 *
 * The relid becomes free for the host once the core sends RELID_RELEASED.
 * A device not offered yet is simply forgotten. A primary whose guest
 * uses it and whose model can tell the guest to stop (struct
 * vmbc_sim_model's @quiesce) is told so first and rescinded, with its
 * sub-channels, once the guest is quiet: 0 returns before that.
 *
 * Context: process context.
 * Return: 0, or -ENOENT (no device there, or rescinded already), -ENOMEM.
 */
int vmbc_sim_remove_device(struct vmbc_sim *sim, u32 relid)
{
	struct vmbc_sim_dev *dev;
	int err = -ENOENT;

	mutex_lock(&sim->mutex);
	dev = xa_load(&sim->devs, relid);
	if (dev && dev->state == VMBC_SIM_DEV_OFFERED &&
	    vmbc_sim_quiesce_start(sim, dev))
		err = 0;
	else if (dev)
		err = vmbc_sim_dev_rescind(sim, dev);
	mutex_unlock(&sim->mutex);
	return err;
}
EXPORT_SYMBOL_GPL(vmbc_sim_remove_device);

/**
 * vmbc_sim_remove_instance() - rescind every channel of a device instance
 * @sim: the host.
 * @instance: the instance GUID.
 *
 * Sub-channels first, then the primary; or, for a primary to quiesce
 * first (vmbc_sim_remove_device()), all of them once the guest is quiet,
 * which counts as 1 here.
 *
 * Context: process context.
 * Return: channels rescinded, or -ENOENT when none was offered.
 */
int vmbc_sim_remove_instance(struct vmbc_sim *sim, const guid_t *instance)
{
	struct vmbc_sim_dev *dev;
	unsigned long relid;
	int pass, n = 0;

	mutex_lock(&sim->mutex);
	/* a primary that its guest must stop using first takes its subs along */
	xa_for_each(&sim->devs, relid, dev) {
		if (guid_equal(&dev->cfg.instance_id, instance) &&
		    dev->state == VMBC_SIM_DEV_OFFERED &&
		    vmbc_sim_quiesce_start(sim, dev)) {
			mutex_unlock(&sim->mutex);
			return 1;
		}
	}
	for (pass = 0; pass < 2; pass++) {
		bool subs = !pass;

		xa_for_each(&sim->devs, relid, dev) {
			if (!guid_equal(&dev->cfg.instance_id, instance) ||
			    vmbc_sim_dev_is_sub(dev) != subs)
				continue;
			if (!vmbc_sim_dev_rescind(sim, dev))
				n++;
		}
	}
	mutex_unlock(&sim->mutex);
	return n ?: -ENOENT;
}

static bool vmbc_sim_relid_taken(struct vmbc_sim *sim, u32 relid)
{
	/* xa_load() is safe without the mutex (RCU) */
	return xa_load(&sim->devs, relid);
}

/**
 * vmbc_sim_wait_released() - wait until the core released @relid
 * @sim: the host.
 * @relid: the relid.
 * @timeout_ms: bound.
 *
 * Returns at once for a relid that holds no device.
 *
 * Context: process context, sleeps.
 * Return: 0, or -ETIMEDOUT.
 */
int vmbc_sim_wait_released(struct vmbc_sim *sim, u32 relid,
			   unsigned int timeout_ms)
{
	if (!wait_event_timeout(sim->release_wq,
				!vmbc_sim_relid_taken(sim, relid),
				msecs_to_jiffies(timeout_ms)))
		return -ETIMEDOUT;
	return 0;
}
EXPORT_SYMBOL_GPL(vmbc_sim_wait_released);
