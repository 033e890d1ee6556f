// SPDX-License-Identifier: GPL-2.0
/*
 * The data path of an opened channel: sending (inband, page-buffer and
 * multi-page-buffer packets), receiving (copy-out, raw, and the in-place
 * iterator over private copies), signalling the host, and the table of
 * request ids that stands between drivers' completion cookies and the
 * host (the host sees small ids it can only hand back, never kernel
 * pointers; each is accepted once).
 *
 * Senders run concurrently (the ring's writer lock orders them) and check
 * under RCU that the channel's callback is live: from the moment
 * vmbus_open() publishes it, after the rings are mapped, a driver may send,
 * from its first callback on, even before the host's OPENCHANNEL_RESULT
 * has been processed (Hyper-V's Integration Services send the moment the
 * channel opens, and drivers answer from the callback). Close, and a
 * failed open, clear the callback and wait for an RCU grace period before
 * they unmap the rings. The receive side has one reader: the channel's
 * callback.
 */
#include <linux/slab.h>

#include "core.h"
#include "trace.h"
#include <vmbc/ring.h>

/* ------------------------------------------------------------------ */
/* Request ids                                                         */

/**
 * struct vmbc_rqstor - request ids of packets that want a completion
 * @lock: protects everything below.
 * @size: number of ids; ids are 1 to @size.
 * @free: first free id, 0 when none.
 * @next_free: the free list, by id.
 * @cookie: the driver's requestid behind each id in use.
 * @in_use: one bit per id.
 */
struct vmbc_rqstor {
	spinlock_t lock;	/* the whole table */
	u32 size;
	u32 free;
	u32 *next_free;
	u64 *cookie;
	unsigned long *in_use;
};

int vmbc_rqstor_init(struct vmbus_channel *channel)
{
	/* One id per packet the outbound ring can hold at once. */
	u32 size = channel->outbound.ring_datasize / VMBC_RING_MIN_PACKET;
	struct vmbc_rqstor *r;
	u32 i;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	spin_lock_init(&r->lock);
	r->size = size;
	r->next_free = kvcalloc(size + 1, sizeof(*r->next_free), GFP_KERNEL);
	r->cookie = kvcalloc(size + 1, sizeof(*r->cookie), GFP_KERNEL);
	r->in_use = bitmap_zalloc(size + 1, GFP_KERNEL);
	if (!r->next_free || !r->cookie || !r->in_use) {
		channel->rqstor = r;
		vmbc_rqstor_uninit(channel);
		return -ENOMEM;
	}
	for (i = 1; i < size; i++)
		r->next_free[i] = i + 1;
	r->free = 1;
	channel->rqstor = r;
	return 0;
}

void vmbc_rqstor_uninit(struct vmbus_channel *channel)
{
	struct vmbc_rqstor *r = channel->rqstor;

	if (!r)
		return;
	bitmap_free(r->in_use);
	kvfree(r->cookie);
	kvfree(r->next_free);
	kfree(r);
	channel->rqstor = NULL;
}

/* An id for @cookie, or 0 when every id is taken. */
static u32 vmbc_rqstor_get(struct vmbc_rqstor *r, u64 cookie)
{
	unsigned long flags;
	u32 id;

	spin_lock_irqsave(&r->lock, flags);
	id = r->free;
	if (id) {
		r->free = r->next_free[id];
		r->cookie[id] = cookie;
		__set_bit(id, r->in_use);
	}
	spin_unlock_irqrestore(&r->lock, flags);
	return id;
}

/* The cookie behind @id if it is in use; with @release, free it. */
static bool vmbc_rqstor_find(struct vmbc_rqstor *r, u64 id, u64 *cookie,
			     bool release)
{
	unsigned long flags;
	bool found;

	if (!id || id > r->size)
		return false;
	spin_lock_irqsave(&r->lock, flags);
	found = test_bit(id, r->in_use);
	if (found) {
		*cookie = r->cookie[id];
		if (release) {
			__clear_bit(id, r->in_use);
			r->next_free[id] = r->free;
			r->free = id;
		}
	}
	spin_unlock_irqrestore(&r->lock, flags);
	return found;
}

/* ------------------------------------------------------------------ */
/* Signalling the host                                                 */

/*
 * Tell the host the outbound ring has data: through the monitor page when
 * the offer allocated one and the driver did not ask for low latency (the
 * host polls it, no hypercall), else with HvSignalEvent. Without a
 * dedicated interrupt the relid's bit in the interrupt page's send half
 * says which channel it is.
 */
static void vmbc_channel_signal(struct vmbus_channel *channel)
{
	struct vmbc_connection *conn = channel->conn;
	u32 relid = channel->offermsg.child_relid;
	struct hv_monitor_page *monitor = conn->monitor_pages[1];
	unsigned long *send_half = conn->int_page + HV_HYP_PAGE_SIZE / 2;

	if (channel->offermsg.monitor_allocated &&
	    !READ_ONCE(channel->low_latency)) {
		trace_vmbc_signal(channel, true);
		set_bit(relid, send_half);
		set_bit(channel->monitor_bit, (unsigned long *)
			&monitor->trigger_group[channel->monitor_grp].as_uint64);
		return;
	}
	trace_vmbc_signal(channel, false);
	if (!channel->is_dedicated_interrupt)
		set_bit(relid, send_half);
	conn->ops->signal_event(conn->priv, channel->sig_event);
}

/* Count what a write reported, and signal when it says so. */
static void vmbc_channel_write_events(struct vmbus_channel *channel,
				      u32 events)
{
	unsigned long flags;

	if (!events)
		return;
	/* Writers run concurrently; the counters are the channel's. */
	spin_lock_irqsave(&channel->lock, flags);
	if (events & VMBC_RING_EV_FULL) {
		channel->out_full_total++;
		channel->out_full_flag = true;
	} else {
		channel->out_full_flag = false;
	}
	if (events & VMBC_RING_EV_FULL_FIRST)
		channel->out_full_first++;
	if (events & VMBC_RING_EV_SIGNAL) {
		channel->intr_out_empty++;
		channel->sig_events++;
	}
	spin_unlock_irqrestore(&channel->lock, flags);
	if (events & VMBC_RING_EV_SIGNAL)
		vmbc_channel_signal(channel);
}

/* The reader freed space the host waits for (pending_send_sz). */
static void vmbc_channel_reader_signal(struct vmbus_channel *channel)
{
	unsigned long flags;

	spin_lock_irqsave(&channel->lock, flags);
	channel->intr_in_full++;
	channel->sig_events++;
	spin_unlock_irqrestore(&channel->lock, flags);
	vmbc_channel_signal(channel);
}

/* ------------------------------------------------------------------ */
/* Sending                                                             */

/*
 * May the rings be used? From the publication of the callback (after the
 * rings were mapped: the acquire pairs with vmbus_open()'s release) until
 * close clears it. Under rcu_read_lock(), which close waits out.
 */
static bool vmbc_channel_io_ready(struct vmbus_channel *channel)
{
	/* Pairs with the release in vmbus_open(). */
	return smp_load_acquire(&channel->onchannel_callback);
}

/* Linux 6.12's VMBUS_RQST_ERROR: a driver's id callback found no id. */
#define VMBC_RQST_ERROR		(U64_MAX - 1)

/*
 * The id a driver reads back in the completion of a request sent with
 * @requestid. Linux 6.12's storvsc maps its requests to ids of its own
 * (a SCSI tag + 1) through next_request_id_callback, which Linux calls
 * as the packet is written, and reads that id back raw from the
 * completion; netvsc installs vmbus_next_request_id(), an identity here.
 * So the callback, when set, names the request; the core's table still
 * hides it from the host behind an id of its own.
 */
static u64 vmbc_driver_request_id(struct vmbus_channel *channel,
				  u64 requestid)
{
	u64 (*cb)(struct vmbus_channel *channel, u64 rqst_addr);

	cb = READ_ONCE(channel->next_request_id_callback);
	return cb ? cb(channel, requestid) : requestid;
}

/*
 * Write one packet of @kv. With a completion requested, the host sees a
 * request id that stands for @requestid (or for the id the driver's
 * next_request_id_callback makes of it); it comes back in the COMP
 * packet and is translated there.
 */
static int vmbc_send_flags(struct vmbus_channel *channel, struct kvec *kv,
			   u32 kv_count, struct vmpacket_descriptor *desc,
			   u64 requestid, u64 *readback, u32 wflags)
{
	struct vmbc_ring_out out = { .kv = kv, .kv_count = kv_count };
	u32 events = 0;
	u32 id = 0;
	int ret;

	rcu_read_lock();
	if (!vmbc_channel_io_ready(channel)) {
		ret = -EINVAL;
		goto out;
	}
	if (READ_ONCE(channel->rescind)) {
		ret = -ENODEV;
		goto out;
	}
	if (desc->flags & VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED) {
		requestid = vmbc_driver_request_id(channel, requestid);
		if (requestid == VMBC_RQST_ERROR) {
			ret = -EAGAIN;
			goto out;
		}
	}
	desc->trans_id = requestid;
	if (desc->flags & VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED) {
		id = vmbc_rqstor_get(channel->rqstor, requestid);
		if (!id) {
			ret = -EAGAIN;
			goto out;
		}
		desc->trans_id = id;
	}
	if (READ_ONCE(channel->single_sender))
		wflags |= VMBC_RING_NOLOCK;
	ret = vmbc_ring_write_flags(&channel->outbound, &out, 1, &events,
				    wflags);
	ret = ret < 0 ? ret : 0;
	if (ret && id)
		vmbc_rqstor_find(channel->rqstor, id, &requestid, true);
	else if (readback)
		*readback = requestid;
	vmbc_channel_write_events(channel, events);
out:
	if (ret)
		trace_vmbc_ring_refused(channel, true, desc->len8 << 3, ret);
	rcu_read_unlock();
	return ret;
}

static int vmbc_send(struct vmbus_channel *channel, struct kvec *kv,
		     u32 kv_count, struct vmpacket_descriptor *desc,
		     u64 requestid, u64 *readback)
{
	return vmbc_send_flags(channel, kv, kv_count, desc, requestid,
			       readback, 0);
}

/* An inband packet of @buffer: the descriptor, the payload, and the send. */
static int vmbc_send_inband(struct vmbus_channel *channel, void *buffer,
			    u32 bufferlen, u64 requestid,
			    enum vmbus_packet_type type, u32 flags,
			    u64 *readback, u32 wflags)
{
	struct vmpacket_descriptor desc = {
		.type = type,
		.offset8 = sizeof(desc) >> 3,
		.len8 = ALIGN(sizeof(desc) + bufferlen, 8) >> 3,
		.flags = flags,
	};
	struct kvec kv[2] = {
		{ .iov_base = &desc, .iov_len = sizeof(desc) },
		{ .iov_base = buffer, .iov_len = bufferlen },
	};

	if (sizeof(desc) + bufferlen > U16_MAX * 8UL)
		return -EINVAL;
	return vmbc_send_flags(channel, kv, bufferlen ? 2 : 1, &desc,
			       requestid, readback, wflags);
}

/**
 * vmbus_sendpacket() - send an inband packet
 * @channel: an opened channel.
 * @buffer: the payload.
 * @bufferlen: its length.
 * @requestid: returned in the host's completion, when one is requested.
 * @type: VM_PKT_DATA_INBAND or VM_PKT_COMP.
 * @flags: VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED or 0.
 *
 * Context: any; does not sleep.
 * Return: 0; -EAGAIN when the ring (or the request-id table) is full;
 * -EINVAL when the channel is not opened; -ENODEV when rescinded; -EIO
 * when the ring is corrupt.
 */
int vmbus_sendpacket(struct vmbus_channel *channel, void *buffer,
		     u32 bufferlen, u64 requestid, enum vmbus_packet_type type,
		     u32 flags)
{
	return vmbc_sendpacket_more(channel, buffer, bufferlen, requestid,
				    type, flags, false);
}
EXPORT_SYMBOL_GPL(vmbus_sendpacket);

/**
 * vmbc_sendpacket_more() - send an inband packet, more to follow
 * @channel: an opened channel.
 * @buffer: the payload.
 * @bufferlen: its length.
 * @requestid: as for vmbus_sendpacket().
 * @type: as for vmbus_sendpacket().
 * @flags: as for vmbus_sendpacket().
 * @more: more packets follow at once (a network driver's xmit_more): the
 *	packet is written but the host sees it only with the next send
 *	without @more, or vmbc_channel_send_flush(), which publish the write
 *	index and decide the signal once for all of them. A full ring
 *	publishes at once (the host must drain it).
 *
 * A vmbc extension: Linux has no such call. A burst of 32 packets then
 * costs one publication and at most one signal instead of 32 of each.
 * The caller must end every burst (a send without @more, or a flush), or
 * the host never sees its last packets.
 *
 * Context: any; does not sleep.
 * Return: as vmbus_sendpacket().
 */
int vmbc_sendpacket_more(struct vmbus_channel *channel, void *buffer,
			 u32 bufferlen, u64 requestid,
			 enum vmbus_packet_type type, u32 flags, bool more)
{
	return vmbc_send_inband(channel, buffer, bufferlen, requestid, type,
				flags, NULL, more ? VMBC_RING_MORE : 0);
}
EXPORT_SYMBOL_GPL(vmbc_sendpacket_more);

/**
 * vmbc_channel_send_flush() - end a burst of vmbc_sendpacket_more()
 * @channel: an opened channel.
 *
 * Publishes the packets sent with @more, and signals the host when it
 * needs it. Nothing happens when none is held back.
 *
 * Context: any; does not sleep.
 * Return: 0; -EINVAL when the channel is not opened; -EIO when the ring
 * is corrupt.
 */
int vmbc_channel_send_flush(struct vmbus_channel *channel)
{
	u32 events = 0, wflags = 0;
	int ret;

	rcu_read_lock();
	if (!vmbc_channel_io_ready(channel)) {
		ret = -EINVAL;
		goto out;
	}
	if (READ_ONCE(channel->single_sender))
		wflags |= VMBC_RING_NOLOCK;
	ret = vmbc_ring_write_flags(&channel->outbound, NULL, 0, &events,
				    wflags);
	vmbc_channel_write_events(channel, events);
out:
	rcu_read_unlock();
	return ret < 0 ? ret : 0;
}
EXPORT_SYMBOL_GPL(vmbc_channel_send_flush);

/**
 * vmbc_channel_set_single_sender() - promise one sender at a time
 * @channel: a channel.
 * @single: true when the driver never sends on @channel from two contexts
 *	at once (one queue, one lock of its own, one thread): the ring's
 *	writer lock is then skipped on every send. false takes it again.
 *
 * A vmbc extension. Set it while nobody sends (before vmbus_open(), or
 * from the only sender). Breaking the promise corrupts the ring.
 *
 * Context: any.
 */
void vmbc_channel_set_single_sender(struct vmbus_channel *channel,
				    bool single)
{
	WRITE_ONCE(channel->single_sender, single);
}
EXPORT_SYMBOL_GPL(vmbc_channel_set_single_sender);

/**
 * vmbc_sendpacket_getid() - Linux 6.12's vmbus_sendpacket_getid()
 * @channel: an opened channel.
 * @buffer: the payload.
 * @bufferlen: its length.
 * @requestid: as for vmbus_sendpacket().
 * @trans_id: set to the id the host's completion will carry when the
 *	driver reads it: @requestid, or what the channel's
 *	next_request_id_callback made of it (the core translates the id the
 *	host sees).
 * @type: as for vmbus_sendpacket().
 * @flags: likewise.
 *
 * Context: any; does not sleep.
 * Return: as vmbus_sendpacket().
 */
int vmbc_sendpacket_getid(struct vmbus_channel *channel, void *buffer,
			  u32 bufferlen, u64 requestid, u64 *trans_id,
			  enum vmbus_packet_type type, u32 flags)
{
	u64 id;
	int ret;

	ret = vmbc_send_inband(channel, buffer, bufferlen, requestid, type,
			       flags, &id, 0);
	if (!ret && trans_id)
		*trans_id = id;
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_sendpacket_getid);

/**
 * vmbus_sendpacket_pagebuffer() - send a packet that names guest pages
 * @channel: an opened channel.
 * @pagebuffers: the pages (Hyper-V PFNs, offsets, lengths).
 * @pagecount: entries of @pagebuffers, at most MAX_PAGE_BUFFER_COUNT.
 * @buffer: inband payload after the page list.
 * @bufferlen: its length.
 * @requestid: returned in the host's completion (always requested).
 *
 * Context: any; does not sleep.
 * Return: as vmbus_sendpacket().
 */
int vmbus_sendpacket_pagebuffer(struct vmbus_channel *channel,
				struct hv_page_buffer pagebuffers[],
				u32 pagecount, void *buffer, u32 bufferlen,
				u64 requestid)
{
	struct vmbus_channel_packet_page_buffer desc;
	u32 descsize;
	struct kvec kv[2];

	if (pagecount > MAX_PAGE_BUFFER_COUNT)
		return -EINVAL;
	descsize = sizeof(desc) -
		   (MAX_PAGE_BUFFER_COUNT - pagecount) * sizeof(desc.range[0]);
	desc.type = VM_PKT_DATA_USING_GPA_DIRECT;
	desc.flags = VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED;
	desc.dataoffset8 = descsize >> 3;
	desc.length8 = ALIGN(descsize + bufferlen, 8) >> 3;
	desc.reserved = 0;
	desc.rangecount = pagecount;
	memcpy(desc.range, pagebuffers, pagecount * sizeof(desc.range[0]));
	kv[0].iov_base = &desc;
	kv[0].iov_len = descsize;
	kv[1].iov_base = buffer;
	kv[1].iov_len = bufferlen;
	return vmbc_send(channel, kv, bufferlen ? 2 : 1,
			 (struct vmpacket_descriptor *)&desc, requestid, NULL);
}
EXPORT_SYMBOL_GPL(vmbus_sendpacket_pagebuffer);

/* A GPA-direct packet of @desc's @rangecount ranges, then @buffer. */
static int vmbc_send_mpb(struct vmbus_channel *channel,
			 struct vmbus_packet_mpb_array *desc, u32 desc_size,
			 u32 rangecount, void *buffer, u32 bufferlen,
			 u64 requestid)
{
	struct kvec kv[2] = {
		{ .iov_base = desc, .iov_len = desc_size },
		{ .iov_base = buffer, .iov_len = bufferlen },
	};

	if (desc_size < sizeof(*desc) || !IS_ALIGNED(desc_size, 8) ||
	    !rangecount || desc_size + bufferlen > U16_MAX * 8UL)
		return -EINVAL;
	desc->type = VM_PKT_DATA_USING_GPA_DIRECT;
	desc->flags = VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED;
	desc->dataoffset8 = desc_size >> 3;
	desc->length8 = ALIGN(desc_size + bufferlen, 8) >> 3;
	desc->reserved = 0;
	desc->rangecount = rangecount;
	return vmbc_send(channel, kv, bufferlen ? 2 : 1,
			 (struct vmpacket_descriptor *)desc, requestid, NULL);
}

/**
 * vmbus_sendpacket_mpb_desc() - send a multi-page-buffer packet
 * @channel: an opened channel.
 * @desc: the packet header with @desc->range filled in by the caller;
 *	the rest is filled in here, the range count as 1 (Linux v5.2).
 * @desc_size: bytes of @desc, its PFN array included.
 * @buffer: inband payload.
 * @bufferlen: its length.
 * @requestid: returned in the host's completion (always requested).
 *
 * Context: any; does not sleep.
 * Return: as vmbus_sendpacket().
 */
int vmbus_sendpacket_mpb_desc(struct vmbus_channel *channel,
			      struct vmbus_packet_mpb_array *desc,
			      u32 desc_size, void *buffer, u32 bufferlen,
			      u64 requestid)
{
	return vmbc_send_mpb(channel, desc, desc_size, 1, buffer, bufferlen,
			     requestid);
}
EXPORT_SYMBOL_GPL(vmbus_sendpacket_mpb_desc);

/**
 * vmbc_sendpacket_mpb_desc_612() - Linux 6.12's vmbus_sendpacket_mpb_desc()
 * @channel: an opened channel.
 * @desc: the packet header, @desc->rangecount and its ranges filled in
 *	by the caller (netvsc sends several ranges, one per page buffer);
 *	the rest is filled in here.
 * @desc_size: bytes of @desc, every range's PFNs included.
 * @buffer: inband payload.
 * @bufferlen: its length.
 * @requestid: as for vmbus_sendpacket(); a completion is always requested.
 *
 * Context: any; does not sleep.
 * Return: as vmbus_sendpacket(); -EINVAL for a range count of 0.
 */
int vmbc_sendpacket_mpb_desc_612(struct vmbus_channel *channel,
				 struct vmbus_packet_mpb_array *desc,
				 u32 desc_size, void *buffer, u32 bufferlen,
				 u64 requestid)
{
	return vmbc_send_mpb(channel, desc, desc_size, desc->rangecount,
			     buffer, bufferlen, requestid);
}
EXPORT_SYMBOL_GPL(vmbc_sendpacket_mpb_desc_612);

/* ------------------------------------------------------------------ */
/* Receiving                                                           */

/*
 * Copy the iterator's packet into the channel's private buffer, with the
 * validated descriptor over its first bytes and a completion's request id
 * translated back into the driver's cookie. false: drop it (counted).
 */
static bool vmbc_take_packet(struct vmbus_channel *channel,
			     const struct vmbc_ring_pkt *pkt)
{
	struct vmpacket_descriptor *copy = channel->pkt_copy;
	u64 cookie;

	channel->cur_comp_id = 0;
	if (pkt->pktlen > channel->pkt_copy_size)
		return false;
	vmbc_test_point(VMBC_TP_PACKET_COPY, (void *)pkt->pkt);
	/*
	 * One read of the ring for the bytes the iterator did not check,
	 * then what it checked, from its own single read, over the copy:
	 * the host may rewrite the ring between the two.
	 */
	memcpy(copy, pkt->pkt, pkt->pktlen);
	*copy = pkt->desc;
	if (copy->type == VM_PKT_DATA_USING_XFER_PAGES ||
	    copy->type == VM_PKT_DATA_USING_GPA_DIRECT)
		((struct vmdata_gpa_direct *)copy)->range_cnt = pkt->range_cnt;
	if (copy->type != VM_PKT_COMP)
		return true;
	/* Each id is accepted once: released when the packet is consumed. */
	if (!vmbc_rqstor_find(channel->rqstor, copy->trans_id, &cookie, false))
		return false;
	channel->cur_comp_id = copy->trans_id;
	copy->trans_id = cookie;
	return true;
}

/* Move past the current packet, releasing its request id. */
static int vmbc_iter_advance(struct vmbus_channel *channel,
			     struct vmbc_ring_pkt *pkt)
{
	u64 cookie;

	if (channel->cur_comp_id)
		vmbc_rqstor_find(channel->rqstor, channel->cur_comp_id,
				 &cookie, true);
	channel->cur_comp_id = 0;
	return vmbc_ring_iter_next(&channel->inbound, pkt);
}

/*
 * Packets one read may drop before it gives up for now: a host that keeps
 * writing packets nobody asked for, faster than they are dropped, must not
 * keep the reader busy for ever.
 */
#define VMBC_DROP_BUDGET	64

/* From the ring's answer @ret, the next packet worth handing out. */
static struct vmpacket_descriptor *
vmbc_iter_settle(struct vmbus_channel *channel, struct vmbc_ring_pkt *pkt,
		 int ret)
{
	unsigned int dropped = 0;

	while (!ret) {
		if (vmbc_take_packet(channel, pkt))
			return channel->pkt_copy;
		channel->bad_packets++;
		vmbc_host_err(channel->conn, "relid %u: dropped a packet of type %u (unknown completion id or too large)\n",
			      channel->offermsg.child_relid, pkt->desc.type);
		channel->cur_comp_id = 0;
		if (++dropped == VMBC_DROP_BUDGET) {
			/* Move past it; what follows waits for the next read. */
			vmbc_ring_iter_next(&channel->inbound, pkt);
			vmbc_count(channel->conn, VMBC_STAT_DROP_BUDGET);
			return NULL;
		}
		ret = vmbc_ring_iter_next(&channel->inbound, pkt);
	}
	if (ret != -EAGAIN) {
		channel->bad_packets++;
		trace_vmbc_ring_refused(channel, false, 0, ret);
	}
	return NULL;
}

/**
 * hv_pkt_iter_first() - the first unread packet
 * @channel: an opened channel; from its callback.
 *
 * The packet is a private copy, valid until the iterator moves on. Its
 * descriptor is validated; a completion carries the driver's requestid.
 *
 * Context: the channel's callback (its single reader).
 * Return: the packet, or NULL when there is none (or the ring is corrupt).
 */
struct vmpacket_descriptor *hv_pkt_iter_first(struct vmbus_channel *channel)
{
	struct vmpacket_descriptor *desc;
	struct vmbc_ring_pkt pkt;

	desc = vmbc_iter_settle(channel, &pkt,
				vmbc_ring_iter_first(&channel->inbound, &pkt));
	/*
	 * Callers close only batches that returned a packet; packets dropped
	 * on the way to NULL must still be given back, or the host, seeing
	 * the ring non-empty, would never signal again.
	 */
	if (!desc)
		hv_pkt_iter_close(channel);
	return desc;
}
EXPORT_SYMBOL_GPL(hv_pkt_iter_first);

/**
 * __hv_pkt_iter_next() - move past a packet and return the next one
 * @channel: the channel.
 * @pkt: the packet hv_pkt_iter_first() or this returned.
 *
 * Use hv_pkt_iter_next(), which closes the batch at the end.
 *
 * Context: the channel's callback.
 * Return: the next packet, or NULL.
 */
struct vmpacket_descriptor *
__hv_pkt_iter_next(struct vmbus_channel *channel,
		   const struct vmpacket_descriptor *pkt)
{
	struct vmbc_ring_pkt next;

	return vmbc_iter_settle(channel, &next,
				vmbc_iter_advance(channel, &next));
}
EXPORT_SYMBOL_GPL(__hv_pkt_iter_next);

/**
 * hv_pkt_iter_close() - give the packets read back to the host
 * @channel: the channel.
 *
 * Publishes the read index once for the whole batch and signals the host
 * if it waits for the space this freed.
 *
 * Context: the channel's callback.
 */
void hv_pkt_iter_close(struct vmbus_channel *channel)
{
	if (vmbc_ring_iter_close(&channel->inbound))
		vmbc_channel_reader_signal(channel);
}
EXPORT_SYMBOL_GPL(hv_pkt_iter_close);

/* One packet out, whole (@raw) or its payload only. */
static int vmbc_recv(struct vmbus_channel *channel, void *buffer,
		     u32 bufferlen, u32 *actual_len, u64 *requestid, bool raw)
{
	struct vmpacket_descriptor *desc;
	struct vmbc_ring_pkt next;
	const void *from;
	u32 len;

	*actual_len = 0;
	desc = hv_pkt_iter_first(channel);
	if (!desc)
		return vmbc_ring_is_broken(&channel->inbound) ? -EIO : 0;
	len = raw ? desc->len8 << 3 : hv_pkt_datalen(desc);
	from = raw ? (void *)desc : hv_pkt_data(desc);
	*actual_len = len;
	*requestid = desc->trans_id;
	if (len > bufferlen)
		return -ENOBUFS;	/* stays in the ring, as v5.2 did */
	memcpy(buffer, from, len);
	/* Consume it; what the ring says of the next one waits for later. */
	vmbc_iter_advance(channel, &next);
	hv_pkt_iter_close(channel);
	return 0;
}

/**
 * vmbus_recvpacket() - copy the next packet's payload out
 * @channel: an opened channel.
 * @buffer: the destination.
 * @bufferlen: its size.
 * @buffer_actual_len: the payload's length; 0 when there was none.
 * @requestid: the packet's transaction id (a completion's: the driver's).
 *
 * Context: the channel's callback.
 * Return: 0 (also when empty); -ENOBUFS when @buffer is too small (the
 * packet stays, @buffer_actual_len says what it needs); -EIO when the
 * ring is corrupt.
 */
int vmbus_recvpacket(struct vmbus_channel *channel, void *buffer,
		     u32 bufferlen, u32 *buffer_actual_len, u64 *requestid)
{
	return vmbc_recv(channel, buffer, bufferlen, buffer_actual_len,
			 requestid, false);
}
EXPORT_SYMBOL_GPL(vmbus_recvpacket);

/**
 * vmbus_recvpacket_raw() - copy the next packet out, descriptor included
 * @channel: an opened channel.
 * @buffer: the destination.
 * @bufferlen: its size.
 * @buffer_actual_len: the packet's length; 0 when there was none.
 * @requestid: the packet's transaction id.
 *
 * Context: the channel's callback.
 * Return: as vmbus_recvpacket().
 */
int vmbus_recvpacket_raw(struct vmbus_channel *channel, void *buffer,
			 u32 bufferlen, u32 *buffer_actual_len,
			 u64 *requestid)
{
	return vmbc_recv(channel, buffer, bufferlen, buffer_actual_len,
			 requestid, true);
}
EXPORT_SYMBOL_GPL(vmbus_recvpacket_raw);

void set_channel_pending_send_size(struct vmbus_channel *c, u32 size)
{
	rcu_read_lock();
	/* The rings stay mapped while the callback is live (see vmbc_send_flags()). */
	if (vmbc_channel_io_ready(c)) {
		if (!size) {
			vmbc_ring_cancel_space(&c->outbound);
			WRITE_ONCE(c->out_full_flag, false);
		} else if (vmbc_ring_request_space(&c->outbound, size)) {
			/* Room came before the request: no signal will. */
			tasklet_schedule(&c->callback_event);
		}
	}
	rcu_read_unlock();
}
EXPORT_SYMBOL_GPL(set_channel_pending_send_size);

/* ------------------------------------------------------------------ */
/* Linux 6.12's request-id API                                         */

/*
 * In Linux 6.12 a driver maps its cookies to ids itself, through
 * channel->next_request_id_callback and request_addr_callback, which its
 * core calls. Here the core owns that table for every channel (struct
 * vmbc_rqstor): the host sees small ids, a completion whose id is not
 * outstanding never reaches the driver, and what the driver reads back
 * is its own cookie. So the calls a 6.12 driver makes on its side are
 * identities: they pass the cookie through.
 */

/**
 * vmbc_next_request_id() - Linux 6.12's vmbus_next_request_id()
 * @channel: the channel.
 * @rqst_addr: the driver's cookie.
 *
 * Context: any.
 * Return: @rqst_addr; the core translates it when the packet is sent.
 */
u64 vmbc_next_request_id(struct vmbus_channel *channel, u64 rqst_addr)
{
	return rqst_addr;
}
EXPORT_SYMBOL_GPL(vmbc_next_request_id);

/**
 * vmbc_request_addr() - Linux 6.12's vmbus_request_addr()
 * @channel: the channel.
 * @trans_id: the trans_id of a completion the driver read.
 *
 * Context: any.
 * Return: @trans_id: the core already translated it into the cookie.
 */
u64 vmbc_request_addr(struct vmbus_channel *channel, u64 trans_id)
{
	return trans_id;
}
EXPORT_SYMBOL_GPL(vmbc_request_addr);

/**
 * vmbc_request_addr_match() - Linux 6.12's vmbus_request_addr_match()
 * @channel: the channel.
 * @trans_id: the trans_id of a completion the driver read.
 * @rqst_addr: the cookie expected, or VMBUS_RQST_ADDR_ANY (~0).
 *
 * Context: any.
 * Return: @trans_id when it is @rqst_addr (or any was wanted), else
 * VMBUS_RQST_ERROR (~0 - 1).
 */
u64 vmbc_request_addr_match(struct vmbus_channel *channel, u64 trans_id,
			    u64 rqst_addr)
{
	if (rqst_addr != U64_MAX && trans_id != rqst_addr)
		return U64_MAX - 1;
	return trans_id;
}
EXPORT_SYMBOL_GPL(vmbc_request_addr_match);

/**
 * vmbc_request_addr_match_locked() - Linux 6.12's __vmbus_request_addr_match()
 * @channel: the channel.
 * @trans_id: as for vmbc_request_addr_match().
 * @rqst_addr: likewise.
 *
 * Context: any.
 * Return: as vmbc_request_addr_match().
 */
u64 vmbc_request_addr_match_locked(struct vmbus_channel *channel,
				   u64 trans_id, u64 rqst_addr)
{
	return vmbc_request_addr_match(channel, trans_id, rqst_addr);
}
EXPORT_SYMBOL_GPL(vmbc_request_addr_match_locked);

/* ------------------------------------------------------------------ */
/* Signals and ring state for Linux's drivers                           */

/**
 * vmbus_setevent() - tell the host the channel's outbound ring has data
 * @channel: an opened channel.
 *
 * As a write that needs a signal does: through the monitor page when the
 * offer allocated one (and the driver did not ask for low latency), else
 * with an event.
 *
 * Context: any.
 */
void vmbus_setevent(struct vmbus_channel *channel)
{
	unsigned long flags;

	spin_lock_irqsave(&channel->lock, flags);
	channel->sig_events++;
	spin_unlock_irqrestore(&channel->lock, flags);
	vmbc_channel_signal(channel);
}
EXPORT_SYMBOL_GPL(vmbus_setevent);

/**
 * vmbus_set_event() - signal the host's event for the channel
 * @channel: a channel.
 *
 * Always the event, never the monitor page (uio_hv_generic's interrupt
 * control, hvsock).
 *
 * Context: any.
 */
void vmbus_set_event(struct vmbus_channel *channel)
{
	struct vmbc_connection *conn = channel->conn;
	unsigned long flags;

	spin_lock_irqsave(&channel->lock, flags);
	channel->sig_events++;
	spin_unlock_irqrestore(&channel->lock, flags);
	trace_vmbc_signal(channel, false);
	if (!channel->is_dedicated_interrupt)
		set_bit(channel->offermsg.child_relid,
			conn->int_page + HV_HYP_PAGE_SIZE / 2);
	conn->ops->signal_event(conn->priv, channel->sig_event);
}
EXPORT_SYMBOL_GPL(vmbus_set_event);

/**
 * hv_ringbuffer_get_debuginfo() - one ring's indices and free space
 * @ring_info: a channel's inbound or outbound ring.
 * @debug_info: filled in.
 *
 * Context: process context (takes the ring's mapping mutex).
 * Return: 0, or -EINVAL when the ring is not mapped.
 */
int hv_ringbuffer_get_debuginfo(struct hv_ring_buffer_info *ring_info,
				struct hv_ring_buffer_debug_info *debug_info)
{
	return vmbc_ring_get_debuginfo(ring_info, debug_info);
}
EXPORT_SYMBOL_GPL(hv_ringbuffer_get_debuginfo);
