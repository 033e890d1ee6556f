// SPDX-License-Identifier: GPL-2.0
/*
 * A channel's memory and callbacks, and the settings a driver makes on it.
 */
#include <linux/module.h>
#include <linux/slab.h>

#include "core.h"
#include <vmbc/ring.h>

/**
 * vmbus_set_sc_create_callback() - be told of each new sub-channel
 * @primary_channel: the primary channel whose sub-channels are wanted.
 * @sc_cr_cb: called, from the core's own work, once per sub-channel offer.
 *
 * Context: process context; set it before asking the host for sub-channels.
 */
void vmbus_set_sc_create_callback(struct vmbus_channel *primary_channel,
				  void (*sc_cr_cb)(struct vmbus_channel *new_sc))
{
	primary_channel->sc_creation_callback = sc_cr_cb;
}
EXPORT_SYMBOL_GPL(vmbus_set_sc_create_callback);

/**
 * vmbus_set_chn_rescind_callback() - handle a rescind in the driver
 * @channel: the channel.
 * @chn_rescind_cb: called instead of unregistering the device when the
 *	host rescinds @channel.
 *
 * Context: process context.
 */
void vmbus_set_chn_rescind_callback(struct vmbus_channel *channel,
				    void (*chn_rescind_cb)(struct vmbus_channel *c))
{
	channel->chn_rescind_callback = chn_rescind_cb;
}
EXPORT_SYMBOL_GPL(vmbus_set_chn_rescind_callback);

/**
 * vmbus_are_subchannels_present() - has the host offered sub-channels?
 * @primary: a primary channel.
 *
 * Context: process context.
 * Return: true when at least one sub-channel of @primary exists.
 */
bool vmbus_are_subchannels_present(struct vmbus_channel *primary)
{
	bool present;

	mutex_lock(&primary->conn->channel_mutex);
	present = !list_empty(&primary->sc_list);
	mutex_unlock(&primary->conn->channel_mutex);
	return present;
}
EXPORT_SYMBOL_GPL(vmbus_are_subchannels_present);

/* Channels allocated and not yet freed, all connections: leak checks. */
atomic_t vmbc_channels_alive = ATOMIC_INIT(0);

/*
 * The channel's memory lives as long as its kobject: the relid table holds
 * one reference, the device another. The last put frees it after an RCU
 * grace period, since the interrupt entry finds channels under RCU.
 */
static void vmbc_channel_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct vmbus_channel, rcu));
	atomic_dec(&vmbc_channels_alive);
}

static void vmbc_channel_release(struct kobject *kobj)
{
	struct vmbus_channel *channel =
		container_of(kobj, struct vmbus_channel, kobj);

	/* Rings from vmbus_alloc_ring() the driver never freed. */
	vmbc_channel_free_rings(channel);
	/* A sub-channel kept its primary (and primary_channel) alive. */
	if (channel->primary_channel)
		vmbc_channel_put(channel->primary_channel);
	call_rcu(&channel->rcu, vmbc_channel_free_rcu);
}

static const struct kobj_type vmbc_channel_ktype = {
	.release = vmbc_channel_release,
	.sysfs_ops = &vmbc_chan_sysfs_ops,
	.default_groups = vmbc_chan_groups,
};

/* A callback batch runs at most this long before yielding the CPU. */
#define VMBC_CALLBACK_BUDGET	msecs_to_jiffies(2)

/*
 * After a callback: a driver whose callback found the inbound ring corrupt
 * has been told (its read failed); say so once in the log, and from now on
 * the host's signals for the channel reach no callback until it is opened
 * again (vmbc_channel_dispatch()).
 */
static void vmbc_channel_note_broken(struct vmbus_channel *channel)
{
	if (!vmbc_ring_is_broken(&channel->inbound) ||
	    xchg(&channel->ring_broken_reported, true))
		return;
	vmbc_host_err(channel->conn, "relid %u: inbound ring corrupt (fault %u): no more callbacks until it is opened again\n",
		      channel->offermsg.child_relid, channel->inbound.fault);
}

/*
 * The driver's callback and its argument, as vmbus_open() published them:
 * acquire pairs with its release, so the context (and the rings) the
 * callback uses are seen as they were set.
 */
static void (*vmbc_channel_callback(struct vmbus_channel *channel))(void *)
{
	/* Pairs with the release in vmbus_open(). */
	return smp_load_acquire(&channel->onchannel_callback);
}

/*
 * The tasklet behind callback_event: run the driver's callback. In batched
 * mode the dispatch masked the host's interrupts; the callback drains the
 * ring, then we unmask and, if data arrived meanwhile (no interrupt was
 * raised for it), go round again rather than lose it. A ring found corrupt
 * has nothing more to give: unmask says so, and we stop.
 */
static void vmbc_channel_tasklet(unsigned long data)
{
	struct vmbus_channel *channel = (struct vmbus_channel *)data;
	unsigned long limit = jiffies + VMBC_CALLBACK_BUDGET;
	void (*callback)(void *context);

	do {
		callback = vmbc_channel_callback(channel);
		if (!callback)
			return;
		callback(channel->channel_callback_context);
		vmbc_channel_note_broken(channel);
		if (READ_ONCE(channel->callback_mode) != HV_CALL_BATCHED)
			return;
		if (!vmbc_ring_intr_unmask(&channel->inbound))
			return;
		vmbc_ring_intr_mask(&channel->inbound);
	} while (time_before(jiffies, limit));
	/* Out of budget with data left: the interrupts stay masked. */
	tasklet_schedule(&channel->callback_event);
}

/**
 * vmbc_channel_alloc() - a new channel in CHANNEL_OFFER_STATE
 * @conn: the connection it is offered on.
 *
 * Context: process context.
 * Return: the channel with one reference, or NULL.
 */
struct vmbus_channel *vmbc_channel_alloc(struct vmbc_connection *conn)
{
	struct vmbus_channel *channel;

	channel = kzalloc(sizeof(*channel), GFP_KERNEL);
	if (!channel)
		return NULL;
	channel->conn = conn;
	channel->state = CHANNEL_OFFER_STATE;
	channel->callback_mode = HV_CALL_BATCHED;
	channel->affinity_policy = HV_BALANCED;
	channel->numa_node = NUMA_NO_NODE;
	INIT_LIST_HEAD(&channel->listentry);
	INIT_HLIST_NODE(&channel->instance_node);
	INIT_LIST_HEAD(&channel->sc_list);
	INIT_LIST_HEAD(&channel->percpu_list);
	spin_lock_init(&channel->lock);
	init_completion(&channel->rescind_event);
	mutex_init(&channel->open_lock);
	mutex_init(&channel->sc_cb_lock);
	vmbc_ring_pre_init(&channel->outbound);
	vmbc_ring_pre_init(&channel->inbound);
	INIT_LIST_HEAD(&channel->close_msg.info.msglistentry);
	INIT_LIST_HEAD(&channel->close_msg.info.submsglist);
	init_completion(&channel->close_msg.info.waitevent);
	channel->close_msg.info.msgsize = sizeof(channel->close_msg.msg);
	tasklet_init(&channel->callback_event, vmbc_channel_tasklet,
		     (unsigned long)channel);
	kobject_init(&channel->kobj, &vmbc_channel_ktype);
	atomic_inc(&vmbc_channels_alive);
	return channel;
}

/**
 * vmbc_channel_put() - drop a reference to a channel
 * @channel: the channel.
 *
 * Context: process context.
 */
void vmbc_channel_put(struct vmbus_channel *channel)
{
	kobject_put(&channel->kobj);
}

/**
 * vmbc_channel_dispatch() - the host signalled @channel
 * @channel: a live channel, found under RCU.
 *
 * Context: the interrupt entry, under rcu_read_lock().
 */
void vmbc_channel_dispatch(struct vmbus_channel *channel)
{
	void (*callback)(void *context);

	/* Single writer per channel: interrupts arrive on target_cpu. */
	WRITE_ONCE(channel->interrupts, channel->interrupts + 1);
	callback = vmbc_channel_callback(channel);
	if (!callback)
		return;
	/* The driver was told once; a corrupt ring has nothing more. */
	if (READ_ONCE(channel->ring_broken_reported)) {
		vmbc_count(channel->conn, VMBC_STAT_EVENT_BROKEN_RING);
		return;
	}
	switch (READ_ONCE(channel->callback_mode)) {
	case HV_CALL_ISR:
		callback(channel->channel_callback_context);
		vmbc_channel_note_broken(channel);
		break;
	case HV_CALL_BATCHED:
		/* Quiet the host until the tasklet has drained the ring. */
		vmbc_ring_intr_mask(&channel->inbound);
		fallthrough;
	default:
		tasklet_schedule(&channel->callback_event);
		break;
	}
}
