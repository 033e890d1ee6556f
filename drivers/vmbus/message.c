// SPDX-License-Identifier: GPL-2.0
/*
 * The core's interrupt entry: the SynIC message slot and the event flags,
 * shared by every transport.
 *
 * The interrupt entry only notes which slot has a message and schedules
 * this CPU's message tasklet: copying it out needs an allocation, which
 * hard interrupt context must not do. The tasklet copies the message out
 * of the slot once, and only the copy is parsed: the host may rewrite the
 * slot at any time, and a value checked must be the value used. It frees
 * the slot, sends the end-of-message when the host has more, validates
 * the copy by type and size, and queues it on the connection's ordered
 * message work queue.
 * Event flags are handled in the interrupt entry itself.
 */
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/slab.h>

#include "core.h"
#include "trace.h"

/*
 * Minimum size of each host-to-guest message; 0 marks a type the host
 * never sends. "At least", not "exactly": newer hosts append fields.
 */
static const u8 vmbc_msg_min_size[CHANNELMSG_COUNT] = {
	[CHANNELMSG_OFFERCHANNEL] =
		sizeof(struct vmbus_channel_offer_channel),
	[CHANNELMSG_RESCIND_CHANNELOFFER] =
		sizeof(struct vmbus_channel_rescind_offer),
	[CHANNELMSG_ALLOFFERS_DELIVERED] =
		sizeof(struct vmbus_channel_message_header),
	[CHANNELMSG_OPENCHANNEL_RESULT] =
		sizeof(struct vmbus_channel_open_result),
	[CHANNELMSG_GPADL_CREATED] =
		sizeof(struct vmbus_channel_gpadl_created),
	[CHANNELMSG_GPADL_TORNDOWN] =
		sizeof(struct vmbus_channel_gpadl_torndown),
	[CHANNELMSG_VERSION_RESPONSE] =
		sizeof(struct vmbus_channel_version_response),
	[CHANNELMSG_UNLOAD_RESPONSE] =
		sizeof(struct vmbus_channel_message_header),
	[CHANNELMSG_TL_CONNECT_RESULT] =
		sizeof(struct vmbus_channel_tl_connect_result),
	[CHANNELMSG_MODIFYCHANNEL_RESPONSE] =
		sizeof(struct vmbus_channel_modifychannel_response),
};

/**
 * vmbc_msg_min_bytes() - the least a host message of @type carries
 * @type: CHANNELMSG_*.
 *
 * Return: bytes, or 0 for a type the host never sends.
 */
u32 vmbc_msg_min_bytes(u32 type)
{
	return type < CHANNELMSG_COUNT ? vmbc_msg_min_size[type] : 0;
}

struct vmbc_msg_work {
	struct work_struct work;
	struct vmbc_connection *conn;
	u32 size;
	u8 msg[] __aligned(8);
};

/**
 * vmbc_msg_valid() - may a host message of this type and size be parsed?
 * @conn: the connection, for the counters.
 * @type: CHANNELMSG_* from the header.
 * @size: payload_size from the slot header.
 *
 * Context: any.
 * Return: true when it may; otherwise the reason is counted.
 */
bool vmbc_msg_valid(struct vmbc_connection *conn, u32 type, u32 size)
{
	if (size > HV_MESSAGE_PAYLOAD_BYTE_COUNT ||
	    size < sizeof(struct vmbus_channel_message_header)) {
		vmbc_count(conn, VMBC_STAT_MSG_BAD_SIZE);
		vmbc_host_err(conn, "dropped message of size %u\n", size);
		return false;
	}
	if (type >= CHANNELMSG_COUNT || !vmbc_msg_min_size[type]) {
		vmbc_count(conn, VMBC_STAT_MSG_BAD_TYPE);
		vmbc_host_err(conn, "dropped message of unknown or guest-to-host type %u\n",
			      type);
		return false;
	}
	if (size < vmbc_msg_min_size[type]) {
		vmbc_count(conn, VMBC_STAT_MSG_BAD_SIZE);
		vmbc_host_err(conn, "dropped message type %u of %u bytes, under its %u\n",
			      type, size, vmbc_msg_min_size[type]);
		return false;
	}
	return true;
}

static void vmbc_msg_work(struct work_struct *work)
{
	struct vmbc_msg_work *w = container_of(work, struct vmbc_msg_work,
					       work);
	struct vmbc_connection *conn = w->conn;
	const struct vmbus_channel_rescind_offer *rescind = (void *)w->msg;
	u32 type = ((struct vmbus_channel_message_header *)w->msg)->msgtype;

	trace_vmbc_msg_recv(conn, w->msg, w->size, 0);
	switch (type) {
	case CHANNELMSG_OFFERCHANNEL:
		vmbc_handle_offer(conn, (void *)w->msg);
		break;
	case CHANNELMSG_RESCIND_CHANNELOFFER:
		vmbc_handle_rescind(conn, rescind->child_relid);
		break;
	case CHANNELMSG_ALLOFFERS_DELIVERED:
		if (completion_done(&conn->all_offers))
			vmbc_count(conn, VMBC_STAT_MSG_UNMATCHED);
		complete_all(&conn->all_offers);
		break;
	case CHANNELMSG_UNLOAD_RESPONSE:
		/* Pairs with the WRITE_ONCE in vmbc_connection_unload(). */
		if (xchg(&conn->unload_pending, false))
			complete(&conn->unload_done);
		else
			vmbc_count(conn, VMBC_STAT_MSG_UNMATCHED);
		break;
	case CHANNELMSG_TL_CONNECT_RESULT:
		/* No hvsock transport here to want it. */
		vmbc_count(conn, VMBC_STAT_MSG_UNMATCHED);
		break;
	default:
		vmbc_handle_response(conn, type, w->msg, w->size);
		break;
	}
	kfree(w);
}

/* Parse a private copy and queue it, or drop it and count why. */
static void vmbc_queue_message(struct vmbc_connection *conn,
			       const struct hv_message *copy)
{
	struct vmbc_msg_work *w;
	u32 size, type;

	vmbc_count(conn, VMBC_STAT_MSGS);
	/* SINT 2 carries VMBus messages; anything else is not ours */
	if (copy->header.message_type != HVMSG_VMBUS) {
		vmbc_count(conn, VMBC_STAT_MSG_NOT_VMBUS);
		vmbc_host_err(conn, "dropped a message of SynIC type %#x\n",
			      copy->header.message_type);
		return;
	}
	size = copy->header.payload_size;
	type = ((struct vmbus_channel_message_header *)copy->payload)->msgtype;
	/*
	 * A message dropped here is traced with its error (the copy holds a
	 * whole payload, so the event reads nothing beyond it); a message
	 * taken is traced when its work runs.
	 */
	if (!vmbc_msg_valid(conn, type, size)) {
		trace_vmbc_msg_recv(conn, copy->payload,
				    min_t(u32, size, sizeof(copy->payload)),
				    -EINVAL);
		return;
	}

	w = kmalloc(struct_size(w, msg, size), GFP_ATOMIC);
	if (!w) {
		vmbc_count(conn, VMBC_STAT_MSG_NOMEM);
		trace_vmbc_msg_recv(conn, copy->payload, size, -ENOMEM);
		return;
	}
	INIT_WORK(&w->work, vmbc_msg_work);
	w->conn = conn;
	w->size = size;
	memcpy(w->msg, copy->payload, size);
	queue_work(conn->msg_wq, &w->work);
}

/**
 * vmbc_message_take_copy() - handle a message handed over outside a slot
 * @conn: the connection it belongs to.
 * @msg: the message; copied once before anything is read from it.
 *
 * For vmbus_onmessage(): a driver's message goes the way a host's does,
 * validated by type and size on a private copy.
 *
 * Context: any.
 */
void vmbc_message_take_copy(struct vmbc_connection *conn,
			    const struct hv_message *msg)
{
	struct hv_message copy;

	memcpy(&copy, msg, sizeof(copy));
	vmbc_queue_message(conn, &copy);
}

/*
 * Take the message in @slot, if any: copy it once, queue the copy, then
 * free the slot. Queued before freed, so whoever sees the slot free and
 * then flushes the message queue finds the message handled.
 */
static void vmbc_take_message(struct vmbc_connection *conn,
			      struct hv_message *slot)
{
	struct hv_message copy;

	if (READ_ONCE(slot->header.message_type) == HVMSG_NONE)
		return;
	/*
	 * Order the payload reads after the type read above; pairs with the
	 * writer filling the payload before setting the type.
	 */
	smp_rmb();
	memcpy(&copy, slot, sizeof(copy));
	vmbc_queue_message(conn, &copy);

	/*
	 * The queued work before the free slot: a host that sees the slot
	 * free and then flushes our queues (vmbc_connection_flush()) must
	 * find the message there.
	 */
	smp_wmb();
	WRITE_ONCE(slot->header.message_type, HVMSG_NONE);
	/*
	 * The slot must read as free before we look at the pending flag: a
	 * host that found the slot busy sets the flag and waits for our
	 * end-of-message. Reading the flag from the copy would miss one set
	 * between the copy and the clear, and the next message would never
	 * come. Pairs with the host setting the flag on a busy slot.
	 */
	mb();
	if (READ_ONCE(slot->header.message_flags) & HV_MESSAGE_FLAG_PENDING)
		conn->ops->eom(conn->priv);
}

static void vmbc_event(struct vmbc_connection *conn, u32 relid)
{
	struct vmbus_channel *channel;

	vmbc_count(conn, VMBC_STAT_EVENTS);
	rcu_read_lock();
	channel = relid ? rcu_dereference(conn->channels[relid]) : NULL;
	if (channel && !READ_ONCE(channel->rescind)) {
		trace_vmbc_interrupt(conn, relid, true);
		vmbc_channel_dispatch(channel);
	} else {
		trace_vmbc_interrupt(conn, relid, false);
		vmbc_count(conn, VMBC_STAT_EVENT_UNKNOWN);
	}
	rcu_read_unlock();
}

/* Take and clear every set bit of @bits (relids 0 to 2047). */
static void vmbc_scan_events(struct vmbc_connection *conn,
			     unsigned long *bits)
{
	unsigned int i, bit;
	unsigned long word;

	for (i = 0; i < BITS_TO_LONGS(VMBC_RELID_SLOTS); i++) {
		if (!READ_ONCE(bits[i]))
			continue;
		/* Atomic take: a bit the host sets meanwhile stays set. */
		word = xchg(&bits[i], 0);
		for_each_set_bit(bit, &word, BITS_PER_LONG)
			vmbc_event(conn, i * BITS_PER_LONG + bit);
	}
}

/**
 * vmbc_msg_tasklet() - take the message the interrupt entry saw
 * @t: this CPU's message tasklet of a connection.
 *
 * Context: softirq, on the CPU whose slot it is.
 */
void vmbc_msg_tasklet(struct tasklet_struct *t)
{
	struct vmbc_msg_cpu *mc = from_tasklet(mc, t, tasklet);

	vmbc_take_message(mc->conn, READ_ONCE(mc->slot));
}

void vmbc_connection_isr(struct vmbc_connection *conn,
			 struct hv_message *msg_slot,
			 union hv_synic_event_flags *event_flags)
{
	u32 version = READ_ONCE(conn->version);
	struct vmbc_msg_cpu *mc;

	if (msg_slot &&
	    READ_ONCE(msg_slot->header.message_type) != HVMSG_NONE) {
		/* Per CPU, and the tasklet runs on this CPU: no race. */
		mc = this_cpu_ptr(conn->msg_cpu);
		WRITE_ONCE(mc->slot, msg_slot);
		tasklet_schedule(&mc->tasklet);
	}
	if (!event_flags || !version)
		return;
	if (version >= VERSION_WIN8) {
		vmbc_scan_events(conn, event_flags->flags);
		return;
	}
	/*
	 * Before WIN8: bit 0 says "look at the interrupt page", whose first
	 * half the host sets (the second half is the guest's send half).
	 */
	if (test_and_clear_bit(0, event_flags->flags))
		vmbc_scan_events(conn, conn->int_page);
}
EXPORT_SYMBOL_GPL(vmbc_connection_isr);
