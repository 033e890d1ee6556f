// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim GPADLs: the host's side of GPADL_HEADER, GPADL_BODY and
 * GPADL_TEARDOWN.
 *
 * A GPADL is taken in as the guest describes it: the header names the
 * channel, the handle and (through range_buflen) how many PFNs follow;
 * the header carries the first of them and GPADL_BODY messages numbered
 * 1, 2, ... carry the rest. Bodies of different GPADLs may interleave,
 * those of one GPADL may not be out of order. Once every PFN is there
 * and each names memory of the guest, the host keeps the GPADL and says
 * GPADL_CREATED. Anything wrong is a protocol error, answered (when the
 * guest may be waiting) with a GPADL_CREATED of non-zero status, and the
 * GPADL is not kept.
 *
 * A channel may be rescinded while one of its GPADLs comes in, or before
 * the guest, which has not seen the rescind yet, starts one: such a GPADL
 * is an orphan, taken in without a word (its bodies are no error) and
 * dropped once complete, since nobody waits for it.
 *
 * Handles are the guest's, unique per connection (as Hyper-V's are per
 * partition): the host keeps its GPADLs in one table by handle, each
 * remembering its channel. Everything here runs under the host's mutex.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "sim.h"

/* GPADL_CREATED's status for a GPADL the host refused. */
#define VMBC_SIM_GPADL_REFUSED	0xc0000001

/* range_buflen is 16 bits: the most PFNs one range can name. */
#define VMBC_SIM_GPADL_MAX_PFNS \
	((U16_MAX - sizeof(struct gpa_range)) / sizeof(u64))

/**
 * vmbc_sim_take_fail() - the status a VMBC_SIM_FAIL_RESPONSE switch imposes
 * @sim: the host.
 * @type: OPENCHANNEL_RESULT or GPADL_CREATED.
 *
 * The switch is one-shot: taking it turns it off.
 *
 * Context: the host's mutex held.
 * Return: the status to answer with, 0 when the switch is off.
 */
u32 vmbc_sim_take_fail(struct vmbc_sim *sim, u32 type)
{
	u32 status = sim->faults.fail[type];

	lockdep_assert_held(&sim->mutex);
	sim->faults.fail[type] = 0;
	return status;
}

static void vmbc_sim_gpadl_created(struct vmbc_sim *sim, u32 relid,
				   u32 handle, u32 status)
{
	struct vmbus_channel_gpadl_created r = {
		.header.msgtype = CHANNELMSG_GPADL_CREATED,
		.child_relid = relid,
		.gpadl = handle,
		.creation_status = status,
	};

	vmbc_sim_host_send(sim, &r, sizeof(r));
}

/**
 * vmbc_sim_gpadl_find() - a GPADL by handle, complete or not
 * @sim: the host.
 * @handle: the guest's handle.
 *
 * Context: the host's mutex held.
 * Return: the GPADL, or NULL.
 */
struct vmbc_sim_gpadl *vmbc_sim_gpadl_find(struct vmbc_sim *sim, u32 handle)
{
	lockdep_assert_held(&sim->mutex);
	return xa_load(&sim->gpadls, handle);
}

/* The channel a GPADL message names, for its count; NULL if none. */
static struct vmbc_sim_chan *vmbc_sim_gpadl_chan(struct vmbc_sim *sim,
						 u32 relid)
{
	struct vmbc_sim_dev *dev = xa_load(&sim->devs, relid);

	return dev ? &dev->chan : NULL;
}

/* Forget @g; @counted when it was complete and in its channel's count. */
static void vmbc_sim_gpadl_free(struct vmbc_sim *sim, struct vmbc_sim_gpadl *g)
{
	struct vmbc_sim_chan *chan;

	xa_erase(&sim->gpadls, g->handle);
	chan = g->complete ? vmbc_sim_gpadl_chan(sim, g->relid) : NULL;
	if (chan && !WARN_ON_ONCE(!chan->gpadls))
		chan->gpadls--;
	kvfree(g);
}

/* Refuse a GPADL being received: forget it and tell the guest. */
static void vmbc_sim_gpadl_refuse(struct vmbc_sim *sim,
				  struct vmbc_sim_gpadl *g)
{
	u32 relid = g->relid, handle = g->handle;
	bool orphan = g->orphan;

	vmbc_sim_gpadl_free(sim, g);
	if (!orphan)
		vmbc_sim_gpadl_created(sim, relid, handle,
				       VMBC_SIM_GPADL_REFUSED);
}

/* Every PFN arrived: check what they name and answer. */
static void vmbc_sim_gpadl_complete(struct vmbc_sim *sim,
				    struct vmbc_sim_gpadl *g)
{
	struct vmbc_sim_chan *chan;
	u32 i, status;

	for (i = 0; i < g->count; i++) {
		if (!pfn_valid(g->pfns[i])) {
			vmbc_sim_protocol_error(sim,
						"GPADL %u of relid %u: PFN %u (%#llx) is no guest memory",
						g->handle, g->relid, i,
						g->pfns[i]);
			vmbc_sim_gpadl_refuse(sim, g);
			return;
		}
	}
	if (g->orphan) {
		vmbc_sim_gpadl_free(sim, g);
		return;
	}
	chan = vmbc_sim_gpadl_chan(sim, g->relid);
	status = vmbc_sim_take_fail(sim, CHANNELMSG_GPADL_CREATED);
	if (status) {
		/* refused on purpose: a fault switch */
		u32 relid = g->relid, handle = g->handle;

		vmbc_sim_gpadl_free(sim, g);
		vmbc_sim_gpadl_created(sim, relid, handle, status);
		return;
	}
	if (WARN_ON_ONCE(!chan)) {
		/* a channel's GPADLs go when it does */
		vmbc_sim_gpadl_free(sim, g);
		return;
	}
	g->complete = true;
	chan->gpadls++;
	vmbc_sim_gpadl_created(sim, g->relid, g->handle, 0);
}

/**
 * vmbc_sim_gpadl_header() - the guest's GPADL_HEADER
 * @sim: the host.
 * @m: the message, at least a header's size.
 *
 * Context: the host's work, its mutex held.
 */
void vmbc_sim_gpadl_header(struct vmbc_sim *sim, const struct vmbc_sim_msg *m)
{
	const struct vmbus_channel_gpadl_header *h = (const void *)m->data;
	const struct gpa_range *r = &h->range[0];
	u32 relid = h->child_relid, handle = h->gpadl;
	u32 bytes = m->size - sizeof(*h) - sizeof(*r);
	struct vmbc_sim_gpadl *g;
	struct vmbc_sim_dev *dev;
	u32 count, here;
	bool orphan;

	lockdep_assert_held(&sim->mutex);
	dev = xa_load(&sim->devs, relid);
	orphan = dev && dev->state == VMBC_SIM_DEV_RESCINDED;
	if (!dev || (!orphan && dev->state != VMBC_SIM_DEV_OFFERED)) {
		vmbc_sim_protocol_error(sim, "GPADL_HEADER for relid %u, which is not offered",
					relid);
		vmbc_sim_gpadl_created(sim, relid, handle,
				       VMBC_SIM_GPADL_REFUSED);
		return;
	}
	if (!handle || xa_load(&sim->gpadls, handle)) {
		vmbc_sim_protocol_error(sim, "GPADL_HEADER for relid %u with handle %u, %s",
					relid, handle,
					handle ? "in use" : "reserved");
		vmbc_sim_gpadl_created(sim, relid, handle,
				       VMBC_SIM_GPADL_REFUSED);
		return;
	}
	count = 0;
	if (h->range_buflen > sizeof(struct gpa_range))
		count = (h->range_buflen - sizeof(struct gpa_range)) /
			sizeof(u64);
	here = bytes / sizeof(u64);
	if (h->rangecount != 1 || !count ||
	    h->range_buflen != struct_size_t(struct gpa_range, pfn_array,
					     count) ||
	    bytes % sizeof(u64) || !here || here > count ||
	    here > VMBUS_GPADL_HEADER_MAX_PFNS ||
	    r->byte_offset >= HV_HYP_PAGE_SIZE || !r->byte_count ||
	    DIV_ROUND_UP((u64)r->byte_offset + r->byte_count,
			 HV_HYP_PAGE_SIZE) != count) {
		vmbc_sim_protocol_error(sim,
					"GPADL_HEADER %u of relid %u: %u ranges, range_buflen %u, %u bytes of PFNs, byte_count %u, byte_offset %u",
					handle, relid, h->rangecount,
					h->range_buflen, bytes,
					r->byte_count,
					r->byte_offset);
		if (!orphan)
			vmbc_sim_gpadl_created(sim, relid, handle,
					       VMBC_SIM_GPADL_REFUSED);
		return;
	}

	g = kvzalloc(struct_size(g, pfns, count), GFP_KERNEL);
	if (!g || xa_insert(&sim->gpadls, handle, g, GFP_KERNEL)) {
		pr_err_ratelimited("%s: no memory for GPADL %u of %u pages\n",
				   sim->name, handle, count);
		kvfree(g);
		if (!orphan)
			vmbc_sim_gpadl_created(sim, relid, handle,
					       VMBC_SIM_GPADL_REFUSED);
		return;
	}
	g->handle = handle;
	g->orphan = orphan;
	g->relid = relid;
	g->count = count;
	g->byte_count = r->byte_count;
	g->byte_offset = r->byte_offset;
	g->next_msgnumber = 1;
	memcpy(g->pfns, r->pfn_array, here * sizeof(u64));
	g->filled = here;
	if (g->filled == g->count)
		vmbc_sim_gpadl_complete(sim, g);
}

/**
 * vmbc_sim_gpadl_body() - the guest's GPADL_BODY
 * @sim: the host.
 * @m: the message, at least a body header's size.
 *
 * Context: the host's work, its mutex held.
 */
void vmbc_sim_gpadl_body(struct vmbc_sim *sim, const struct vmbc_sim_msg *m)
{
	const struct vmbus_channel_gpadl_body *b = (const void *)m->data;
	u32 bytes = m->size - sizeof(*b);
	u32 n = bytes / sizeof(u64);
	struct vmbc_sim_gpadl *g;

	lockdep_assert_held(&sim->mutex);
	g = xa_load(&sim->gpadls, b->gpadl);
	if (!g || g->complete) {
		vmbc_sim_protocol_error(sim, "GPADL_BODY %u of GPADL %u, which is %s",
					b->msgnumber, b->gpadl,
					g ? "complete" : "unknown");
		return;
	}
	if (b->msgnumber != g->next_msgnumber || bytes % sizeof(u64) || !n ||
	    n > VMBUS_GPADL_BODY_MAX_PFNS || n > g->count - g->filled) {
		vmbc_sim_protocol_error(sim,
					"GPADL_BODY %u of GPADL %u (relid %u): expected body %u, %u bytes of PFNs for the %u missing",
					b->msgnumber, g->handle, g->relid,
					g->next_msgnumber, bytes,
					g->count - g->filled);
		vmbc_sim_gpadl_refuse(sim, g);
		return;
	}
	memcpy(g->pfns + g->filled, b->pfn, n * sizeof(u64));
	g->filled += n;
	g->next_msgnumber++;
	if (g->filled == g->count)
		vmbc_sim_gpadl_complete(sim, g);
}

/**
 * vmbc_sim_gpadl_teardown() - the guest's GPADL_TEARDOWN
 * @sim: the host.
 * @m: the message, at least its type's size.
 *
 * A GPADL still in use as the ring of an open channel is a protocol
 * error; the host then closes the channel itself before it lets go, so
 * that it never touches pages the guest is about to free. A GPADL still
 * coming in is no error: a guest whose GPADL_BODY could not be posted
 * withdraws what it started, and is answered like any other.
 *
 * Context: the host's work, its mutex held.
 */
void vmbc_sim_gpadl_teardown(struct vmbc_sim *sim,
			     const struct vmbc_sim_msg *m)
{
	const struct vmbus_channel_gpadl_teardown *t = (const void *)m->data;
	struct vmbus_channel_gpadl_torndown r = {
		.header.msgtype = CHANNELMSG_GPADL_TORNDOWN,
		.gpadl = t->gpadl,
	};
	struct vmbc_sim_dev *dev = xa_load(&sim->devs, t->child_relid);
	struct vmbc_sim_gpadl *g;

	lockdep_assert_held(&sim->mutex);
	if (dev && dev->state == VMBC_SIM_DEV_RESCINDED)
		return;	/* dropped with the rescind; nobody waits */
	g = xa_load(&sim->gpadls, t->gpadl);
	if (!g || g->relid != t->child_relid) {
		vmbc_sim_protocol_error(sim, "GPADL_TEARDOWN of GPADL %u for relid %u: %s",
					t->gpadl, t->child_relid,
					!g ? "unknown" : "made for another channel");
		return;
	}
	if (g->in_use) {
		vmbc_sim_protocol_error(sim,
					"GPADL_TEARDOWN of GPADL %u: the ring of open relid %u",
					g->handle, g->relid);
		if (dev)
			vmbc_sim_chan_close(sim, dev);
	}
	vmbc_sim_gpadl_free(sim, g);
	vmbc_sim_host_send(sim, &r, sizeof(r));
}

/**
 * vmbc_sim_gpadls_drop() - forget the GPADLs of a channel
 * @sim: the host.
 * @relid: the channel, closed.
 * @orphan_incoming: keep those still coming in, as orphans (a rescind:
 *	the guest may still be sending their bodies).
 *
 * After a rescind, an unload or a release: the guest will not tear them
 * down.
 *
 * Context: the host's mutex held.
 */
void vmbc_sim_gpadls_drop(struct vmbc_sim *sim, u32 relid,
			  bool orphan_incoming)
{
	struct vmbc_sim_gpadl *g;
	unsigned long handle;

	lockdep_assert_held(&sim->mutex);
	xa_for_each(&sim->gpadls, handle, g) {
		if (g->relid != relid)
			continue;
		if (orphan_incoming && !g->complete)
			g->orphan = true;
		else
			vmbc_sim_gpadl_free(sim, g);
	}
}

/**
 * vmbc_sim_gpadls_free() - free every GPADL of a host going away
 * @sim: the host, stopped.
 *
 * Context: process context.
 */
void vmbc_sim_gpadls_free(struct vmbc_sim *sim)
{
	struct vmbc_sim_gpadl *g;
	unsigned long handle;

	xa_for_each(&sim->gpadls, handle, g)
		kvfree(g);
	xa_destroy(&sim->gpadls);
}

/**
 * vmbc_sim_gpadl_pfns() - the PFNs the host took for a GPADL
 * @sim: the host.
 * @handle: the GPADL handle.
 * @pfns: filled with up to @max PFNs, in order.
 * @max: room in @pfns.
 *
 * Only GPADLs the host answered with success count; one still being
 * received is not there yet.
 *
 * Context: process context.
 * Return: the number of PFNs in the GPADL (may exceed @max), or -ENOENT.
 */
int vmbc_sim_gpadl_pfns(struct vmbc_sim *sim, u32 handle, u64 *pfns,
			u32 max)
{
	struct vmbc_sim_gpadl *g;
	int ret = -ENOENT;

	mutex_lock(&sim->mutex);
	g = xa_load(&sim->gpadls, handle);
	if (g && g->complete) {
		memcpy(pfns, g->pfns, min(max, g->count) * sizeof(u64));
		ret = g->count;
	}
	mutex_unlock(&sim->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_sim_gpadl_pfns);
