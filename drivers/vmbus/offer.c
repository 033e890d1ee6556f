// SPDX-License-Identifier: GPL-2.0
/*
 * Offers and rescinds: the relid table and the life of a channel from its
 * offer to the release of its relid.
 *
 * The message work validates an offer and publishes the new channel in the
 * relid table at once (so a rescind right behind it finds it), then hands
 * the slow part (device registration, the driver's sub-channel callback) to
 * the channel's own add_channel_work: primaries on @offer_wq, sub-channels
 * on @subchan_wq, so that a driver waiting in its sub-channel callback for
 * a message never blocks the message work that would deliver it. A rescind
 * is processed on the same ordered queue as the offer, so it always runs
 * after the offer's work has finished and never has to poll probe_done. A
 * relid is freed in the table before RELID_RELEASED goes out, so the
 * host's re-offer of it, which can only follow RELID_RELEASED, always
 * finds the slot free.
 *
 * A channel leaves the relid table, and RELID_RELEASED goes out for it,
 * exactly once, whichever path gets there first: a failed registration,
 * its rescind, a close after its rescind, or unload. vmbc_channel_remove()
 * does nothing for a channel its slot no longer holds; a queued rescind
 * work holds a reference of its own, so the channel outlives it.
 */
#include <linux/cpu.h>
#include <linux/slab.h>
#include <linux/topology.h>

#include "core.h"
#include "trace.h"

static bool vmbc_offer_is_primary(const struct vmbus_channel_offer_channel *o)
{
	return o->offer.sub_channel_index == 0;
}

/*
 * The live primary with these GUIDs; under channel_mutex. A rescinded one
 * whose driver kept its device (chn_rescind_callback) does not count.
 */
static struct vmbus_channel *
vmbc_find_primary(struct vmbc_connection *conn,
		  const struct vmbus_channel_offer_channel *offer)
{
	struct vmbus_channel *channel;

	lockdep_assert_held(&conn->channel_mutex);
	hash_for_each_possible(conn->instances, channel, instance_node,
			       vmbc_instance_hash(&offer->offer.if_instance))
		if (!READ_ONCE(channel->rescind) &&
		    guid_equal(&channel->offermsg.offer.if_type,
			       &offer->offer.if_type) &&
		    guid_equal(&channel->offermsg.offer.if_instance,
			       &offer->offer.if_instance))
			return channel;
	return NULL;
}

/*
 * Does a primary already stand for this device instance? The instance
 * GUID alone names a device (its sysfs name is the GUID), so a second
 * primary with it is refused whatever its class; as is one whose
 * rescinded predecessor still has its device (a driver kept it with
 * chn_rescind_callback). Under channel_mutex.
 */
static bool vmbc_instance_taken(struct vmbc_connection *conn,
				const struct vmbus_channel_offer_channel *offer)
{
	struct vmbus_channel *channel;

	lockdep_assert_held(&conn->channel_mutex);
	hash_for_each_possible(conn->instances, channel, instance_node,
			       vmbc_instance_hash(&offer->offer.if_instance))
		if (guid_equal(&channel->offermsg.offer.if_instance,
			       &offer->offer.if_instance) &&
		    (!READ_ONCE(channel->rescind) || channel->device_obj))
			return true;
	return false;
}

/* Does @primary have a sub-channel of this index? Under channel_mutex. */
static bool vmbc_subchannel_taken(struct vmbus_channel *primary, u16 index)
{
	struct vmbus_channel *sc;

	lockdep_assert_held(&primary->conn->channel_mutex);
	list_for_each_entry(sc, &primary->sc_list, sc_list)
		if (sc->offermsg.offer.sub_channel_index == index)
			return true;
	return false;
}

/**
 * vmbc_relid_to_channel() - the channel at @relid
 * @conn: the connection.
 * @relid: any value; out-of-range ones find nothing.
 *
 * Context: under rcu_read_lock() or the connection's channel_mutex.
 * Return: the channel, or NULL.
 */
struct vmbus_channel *vmbc_relid_to_channel(struct vmbc_connection *conn,
					    u32 relid)
{
	if (relid == 0 || relid > VMBUS_MAX_RELID)
		return NULL;
	return rcu_dereference_check(conn->channels[relid],
				     lockdep_is_held(&conn->channel_mutex));
}

static void vmbc_send_relid_released(struct vmbc_connection *conn, u32 relid)
{
	struct vmbus_channel_relid_released msg = {
		.header.msgtype = CHANNELMSG_RELID_RELEASED,
		.child_relid = relid,
	};
	int ret;

	ret = vmbc_post_msg(conn, &msg, sizeof(msg), true);
	if (ret)
		vmbc_host_err(conn, "RELID_RELEASED for %u failed: %pe\n", relid,
			      ERR_PTR(ret));
}

/*
 * Take @channel out of the relid table and its list, tell the host the
 * relid is free (@release; not when the whole connection is going away),
 * and drop the table's reference. Once only: a channel its slot no longer
 * holds was removed already (the slot may hold a new offer by now).
 */
static void vmbc_channel_remove(struct vmbus_channel *channel, bool release)
{
	struct vmbc_connection *conn = channel->conn;
	u32 relid = channel->offermsg.child_relid;
	unsigned long flags;

	mutex_lock(&conn->channel_mutex);
	if (vmbc_relid_to_channel(conn, relid) != channel) {
		mutex_unlock(&conn->channel_mutex);
		return;
	}
	spin_lock_irqsave(&conn->channels_lock, flags);
	RCU_INIT_POINTER(conn->channels[relid], NULL);
	spin_unlock_irqrestore(&conn->channels_lock, flags);
	vmbc_trace_channel_event(channel, VMBC_TRACE_RELEASED);
	if (channel->primary_channel) {
		vmbc_legacy_sc_lock();
		spin_lock_irqsave(&channel->primary_channel->lock, flags);
		list_del_init(&channel->sc_list);
		spin_unlock_irqrestore(&channel->primary_channel->lock, flags);
		vmbc_legacy_sc_unlock();
	} else {
		list_del_init(&channel->listentry);
		hash_del(&channel->instance_node);
	}
	vmbc_channel_forget_cpu(channel);
	mutex_unlock(&conn->channel_mutex);
	vmbc_channel_sysfs_del(channel);

	/* No interrupt entry can find it now; let running ones finish. */
	synchronize_rcu();
	tasklet_kill(&channel->callback_event);
	if (release)
		vmbc_send_relid_released(conn, relid);
	vmbc_channel_put(channel);
}

static void vmbc_add_channel_work(struct work_struct *work)
{
	struct vmbus_channel *channel =
		container_of(work, struct vmbus_channel, add_channel_work);
	struct vmbus_channel *primary = channel->primary_channel;
	int ret;

	/* Offered and usable: a driver may open it from here on. */
	vmbc_channel_set_state(channel, CHANNEL_OPEN_STATE);
	if (primary) {
		vmbc_channel_sysfs_add(channel);
		/* Never after vmbus_close() of the primary began. */
		mutex_lock(&primary->sc_cb_lock);
		if (primary->sc_creation_callback && !primary->sc_cb_stopped)
			primary->sc_creation_callback(channel);
		mutex_unlock(&primary->sc_cb_lock);
	} else {
		ret = vmbc_device_register(channel);
		if (ret) {
			/*
			 * Declined: the relid goes back to the host. A rescind
			 * queued behind this work then finds the channel gone.
			 */
			vmbc_count(channel->conn, VMBC_STAT_OFFER_FAILED);
			vmbc_host_err(channel->conn, "relid %u: cannot register the device: %pe\n",
				      channel->offermsg.child_relid, ERR_PTR(ret));
			vmbc_channel_remove(channel, true);
			return;
		}
	}
	WRITE_ONCE(channel->probe_done, true);
}

/*
 * The relid of a rescinded channel whose device is gone goes back to the
 * host now, or at vmbus_close() when it is still open.
 */
static void vmbc_channel_rescind_finish(struct vmbus_channel *channel)
{
	bool opened;

	mutex_lock(&channel->open_lock);
	opened = READ_ONCE(channel->state) == CHANNEL_OPENED_STATE;
	channel->release_on_close = opened;
	mutex_unlock(&channel->open_lock);
	pr_debug("vmbc %s: relid %u: released %s\n", channel->conn->name,
		 channel->offermsg.child_relid,
		 opened ? "when the driver closes it" : "now");
	if (!opened)
		vmbc_channel_remove(channel, true);
}

/*
 * After a rescind: the driver's callback when it set one, else the device
 * goes (its driver's remove closes the channel). A driver that set the
 * callback on a primary keeps its device, as in v5.2, and with it the
 * channel and its relid, until the device goes at unload. Otherwise a
 * channel still open (a sub-channel, or a driver that keeps it across its
 * callback) stays in the relid table until vmbus_close(), which then
 * releases it: the relid must not be reused while anything can still use
 * the channel.
 */
static void vmbc_rescind_work(struct work_struct *work)
{
	struct vmbus_channel *channel =
		container_of(work, struct vmbus_channel, rescind_work);
	void (*rescind_cb)(struct vmbus_channel *c);
	bool kept;

	rescind_cb = READ_ONCE(channel->chn_rescind_callback);
	pr_debug("vmbc %s: relid %u: rescinded; %s\n", channel->conn->name,
		 channel->offermsg.child_relid,
		 rescind_cb ? "the driver's rescind callback decides" :
		 channel->primary_channel ? "its driver closes it" :
		 "its device goes");
	if (rescind_cb) {
		rescind_cb(channel);
		/*
		 * The driver keeps its device: it finishes the rescind when
		 * it removes the device (vmbus_device_unregister()). Decided
		 * under channel_mutex, under which device_obj is cleared, so
		 * one of the two finishes it.
		 */
		mutex_lock(&channel->conn->channel_mutex);
		kept = channel->device_obj;
		channel->rescind_device_kept = kept;
		mutex_unlock(&channel->conn->channel_mutex);
		if (kept) {
			vmbc_channel_put(channel);
			return;
		}
	} else {
		vmbc_device_unregister(channel);
	}
	vmbc_channel_rescind_finish(channel);
	/* The reference vmbc_handle_rescind() took for this work. */
	vmbc_channel_put(channel);
}

/**
 * vmbc_channel_rescind_done() - finish a rescind its driver deferred
 * @channel: a channel whose device the driver just removed; a reference
 *	held by the caller.
 *
 * Only for a channel whose chn_rescind_callback kept the device: any other
 * (not rescinded, or finished by the rescind work) is left alone.
 *
 * Context: process context.
 */
void vmbc_channel_rescind_done(struct vmbus_channel *channel)
{
	bool kept;

	mutex_lock(&channel->conn->channel_mutex);
	kept = channel->rescind_device_kept;
	channel->rescind_device_kept = false;
	mutex_unlock(&channel->conn->channel_mutex);
	if (kept)
		vmbc_channel_rescind_finish(channel);
}

static void vmbc_release_work(struct work_struct *work)
{
	struct vmbus_channel *channel =
		container_of(work, struct vmbus_channel, add_channel_work);

	if (channel->device_obj)
		vmbc_device_unregister(channel);
	vmbc_channel_remove(channel, true);
}

/**
 * vmbc_channel_release_rescinded() - finish a rescind deferred to close
 * @channel: a rescinded channel vmbus_close() just closed.
 *
 * On the channel's own queue: vmbus_close() may run in its driver's
 * remove, under the device lock that unregistering would take.
 *
 * Context: process context.
 */
void vmbc_channel_release_rescinded(struct vmbus_channel *channel)
{
	struct vmbc_connection *conn = channel->conn;

	/*
	 * add_channel_work is long done: the rescind work, queued behind it
	 * on the same ordered queue, has already set release_on_close.
	 */
	INIT_WORK(&channel->add_channel_work, vmbc_release_work);
	queue_work(channel->primary_channel ? conn->subchan_wq :
		   conn->offer_wq, &channel->add_channel_work);
}

/* Fill a new channel from a validated offer. */
static void
vmbc_channel_init_from_offer(struct vmbus_channel *channel,
			     const struct vmbus_channel_offer_channel *offer,
			     struct vmbus_channel *primary)
{
	struct vmbc_connection *conn = channel->conn;

	channel->offermsg = *offer;
	channel->primary_channel = primary;
	channel->device_id = vmbc_class_dev_type(&offer->offer.if_type);
	if (offer->monitor_allocated) {
		channel->monitor_grp = offer->monitorid / 32;
		channel->monitor_bit = offer->monitorid % 32;
	}
	/* WS2008 has one event connection and no dedicated interrupts. */
	if (conn->version == VERSION_WS2008) {
		channel->sig_event = VMBUS_EVENT_CONNECTION_ID;
	} else {
		channel->sig_event = offer->connection_id;
		channel->is_dedicated_interrupt =
			offer->is_dedicated_interrupt != 0;
	}
	vmbc_channel_pick_cpu(channel);
	channel->close_msg.msg.header.msgtype = CHANNELMSG_CLOSECHANNEL;
	channel->close_msg.msg.child_relid = offer->child_relid;
	INIT_WORK(&channel->add_channel_work, vmbc_add_channel_work);
	INIT_WORK(&channel->rescind_work, vmbc_rescind_work);
}

/*
 * Check an offer against the table, before anything is built for it;
 * under channel_mutex. A refused offer is counted and logged, and left
 * alone: its relid is not ours to release.
 */
static bool
vmbc_offer_acceptable(struct vmbc_connection *conn,
		      const struct vmbus_channel_offer_channel *offer,
		      struct vmbus_channel **primary)
{
	u32 relid = offer->child_relid;
	u16 index = offer->offer.sub_channel_index;

	*primary = vmbc_find_primary(conn, offer);
	if (vmbc_relid_to_channel(conn, relid)) {
		vmbc_count(conn, VMBC_STAT_OFFER_RELID_BUSY);
		vmbc_host_err(conn, "offer at relid %u, which is in use\n",
			      relid);
		return false;
	}
	if (vmbc_offer_is_primary(offer)) {
		if (vmbc_instance_taken(conn, offer)) {
			vmbc_count(conn, VMBC_STAT_OFFER_DUPLICATE);
			vmbc_host_err(conn, "second offer of device %pUl (relid %u)\n",
				      &offer->offer.if_instance, relid);
			return false;
		}
		return true;
	}
	if (!*primary) {
		vmbc_count(conn, VMBC_STAT_OFFER_NO_PRIMARY);
		vmbc_host_err(conn, "sub-channel offer at relid %u without a primary\n",
			      relid);
		return false;
	}
	if (vmbc_subchannel_taken(*primary, index)) {
		vmbc_count(conn, VMBC_STAT_OFFER_DUPLICATE_SUBCHANNEL);
		vmbc_host_err(conn, "second sub-channel %u of device %pUl (relid %u)\n",
			      index, &offer->offer.if_instance, relid);
		return false;
	}
	return true;
}

/**
 * vmbc_handle_offer() - take an OFFERCHANNEL
 * @conn: the connection.
 * @offer: a private copy, at least sizeof(*offer) bytes.
 *
 * Context: the connection's message work.
 */
void vmbc_handle_offer(struct vmbc_connection *conn,
		       const struct vmbus_channel_offer_channel *offer)
{
	struct vmbus_channel *channel, *primary;
	u32 relid = offer->child_relid;
	unsigned long flags;

	trace_vmbc_offer(conn, offer);
	if (READ_ONCE(conn->state) != VMBC_CONNECTED) {
		vmbc_count(conn, VMBC_STAT_MSG_IGNORED);
		return;
	}
	if (relid == 0 || relid > VMBUS_MAX_RELID) {
		vmbc_count(conn, VMBC_STAT_OFFER_BAD_RELID);
		vmbc_host_err(conn, "offer at relid %u, out of range\n", relid);
		return;
	}
	if (offer->monitor_allocated &&
	    offer->monitorid > VMBUS_MAX_MONITOR_ID) {
		vmbc_count(conn, VMBC_STAT_OFFER_BAD_MONITOR);
		vmbc_host_err(conn, "offer at relid %u with monitor id %u\n",
			      relid, offer->monitorid);
		return;
	}

	/*
	 * The target CPU is picked among online CPUs and the channel put on
	 * its list before CPU hot-remove may look (vmbc_cpu_offline_check()).
	 */
	cpus_read_lock();
	mutex_lock(&conn->channel_mutex);
	if (!vmbc_offer_acceptable(conn, offer, &primary))
		goto unlock;
	channel = vmbc_channel_alloc(conn);
	if (!channel) {
		vmbc_count(conn, VMBC_STAT_OFFER_FAILED);
		goto unlock;
	}
	vmbc_channel_init_from_offer(channel, offer, primary);
	if (primary) {
		/* Dropped when the sub-channel is freed: see its release. */
		kobject_get(&primary->kobj);
		vmbc_legacy_sc_lock();
		spin_lock_irqsave(&primary->lock, flags);
		list_add_tail(&channel->sc_list, &primary->sc_list);
		spin_unlock_irqrestore(&primary->lock, flags);
		vmbc_legacy_sc_unlock();
	} else {
		list_add_tail(&channel->listentry, &conn->chn_list);
		hash_add(conn->instances, &channel->instance_node,
			 vmbc_instance_hash(&offer->offer.if_instance));
	}
	spin_lock_irqsave(&conn->channels_lock, flags);
	/* Publish fully initialised; pairs with rcu_dereference() readers. */
	rcu_assign_pointer(conn->channels[relid], channel);
	spin_unlock_irqrestore(&conn->channels_lock, flags);
	vmbc_count(conn, VMBC_STAT_OFFERS);
	pr_debug("vmbc %s: relid %u: offer of %pUl taken, %s %u, CPU %u\n",
		 conn->name, relid, &offer->offer.if_instance,
		 primary ? "sub-channel" : "primary of class",
		 primary ? offer->offer.sub_channel_index :
		 vmbc_class_dev_type(&offer->offer.if_type),
		 channel->target_cpu);
	queue_work(primary ? conn->subchan_wq : conn->offer_wq,
		   &channel->add_channel_work);
unlock:
	mutex_unlock(&conn->channel_mutex);
	cpus_read_unlock();
}

/**
 * vmbc_handle_rescind() - take a RESCIND_CHANNELOFFER
 * @conn: the connection.
 * @relid: from the message, unchecked.
 *
 * Marks the channel rescinded and wakes everything waiting on it at once;
 * the rest runs on the channel's queue after its offer work.
 *
 * Context: the connection's message work.
 */
void vmbc_handle_rescind(struct vmbc_connection *conn, u32 relid)
{
	struct vmbus_channel *channel;

	if (READ_ONCE(conn->state) != VMBC_CONNECTED) {
		vmbc_count(conn, VMBC_STAT_MSG_IGNORED);
		return;
	}
	mutex_lock(&conn->channel_mutex);
	channel = vmbc_relid_to_channel(conn, relid);
	trace_vmbc_rescind(conn, relid, channel && !channel->rescind);
	if (!channel || channel->rescind) {
		mutex_unlock(&conn->channel_mutex);
		vmbc_count(conn, VMBC_STAT_RESCIND_UNKNOWN);
		vmbc_host_err(conn, "rescind of unknown relid %u\n", relid);
		return;
	}
	WRITE_ONCE(channel->rescind, true);
	vmbc_trace_channel_event(channel, VMBC_TRACE_RESCINDED);
	vmbc_requests_cancel_channel(conn, channel);
	complete(&channel->rescind_event);
	vmbc_count(conn, VMBC_STAT_RESCINDS);
	/* The work lives in the channel: keep it until the work is done. */
	kobject_get(&channel->kobj);
	queue_work(channel->primary_channel ? conn->subchan_wq :
		   conn->offer_wq, &channel->rescind_work);
	mutex_unlock(&conn->channel_mutex);
}

/*
 * Sub-channels whose primary the host rescinded, and we released, before
 * them: Hyper-V rescinds sub-channels first, a hostile host need not.
 * They are on no connection list any more, only in the relid table (and
 * their primary lives on through their references).
 */
static void vmbc_remove_orphans(struct vmbc_connection *conn)
{
	struct vmbus_channel *orphan;
	u32 relid;

	do {
		orphan = NULL;
		mutex_lock(&conn->channel_mutex);
		for (relid = 1; relid <= VMBUS_MAX_RELID && !orphan; relid++)
			orphan = vmbc_relid_to_channel(conn, relid);
		mutex_unlock(&conn->channel_mutex);
		if (orphan)
			vmbc_channel_remove(orphan, false);
	} while (orphan);
}

/**
 * vmbc_remove_all_channels() - remove every device and channel (unload)
 * @conn: the connection, DISCONNECTING, its queues flushed.
 *
 * Sub-channels go before their primary. No RELID_RELEASED is sent: the
 * UNLOAD that follows releases everything on the host.
 *
 * Context: process context.
 */
void vmbc_remove_all_channels(struct vmbc_connection *conn)
{
	struct vmbus_channel *primary, *sub;

	for (;;) {
		mutex_lock(&conn->channel_mutex);
		primary = list_first_entry_or_null(&conn->chn_list,
						   struct vmbus_channel,
						   listentry);
		mutex_unlock(&conn->channel_mutex);
		if (!primary)
			break;
		if (primary->device_obj)
			vmbc_device_unregister(primary);
		for (;;) {
			mutex_lock(&conn->channel_mutex);
			sub = list_first_entry_or_null(&primary->sc_list,
						       struct vmbus_channel,
						       sc_list);
			mutex_unlock(&conn->channel_mutex);
			if (!sub)
				break;
			vmbc_channel_remove(sub, false);
		}
		vmbc_channel_remove(primary, false);
	}
	vmbc_remove_orphans(conn);
}

/**
 * hv_process_channel_removal() - release a rescinded channel (v5.2)
 * @channel: a rescinded channel.
 *
 * In Linux the bus calls it when a rescinded channel's device goes. Here
 * the core does that itself, once the channel is closed and its device
 * gone (rescind work, vmbus_close(), vmbus_device_unregister()), so a
 * call from a driver changes nothing: releasing twice would hand the host
 * a relid it may already have reused.
 *
 * Context: any.
 */
void hv_process_channel_removal(struct vmbus_channel *channel)
{
}
EXPORT_SYMBOL_GPL(hv_process_channel_removal);
