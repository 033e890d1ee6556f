// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim channels: the host's side of OPENCHANNEL, CLOSECHANNEL and
 * MODIFYCHANNEL, and the life of the host's end of a channel (struct vmbc_sim_chan) from the
 * device's creation to its free.
 *
 * Opening attaches two views to the pages of the channel's ring GPADL:
 * the host reads the guest's outbound ring (the pages before
 * downstream_ringbuffer_pageoffset) and writes the guest's inbound ring
 * (the pages from there on). Closing, whether the guest asks for it or
 * the host rescinds the channel, unmaps them before anything else happens,
 * so the host never touches ring pages the guest may free next.
 * Everything here runs under the host's mutex, which the data path
 * (rings.c) takes too.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "host_ring.h"
#include "sim.h"

/* The status of an OPENCHANNEL or MODIFYCHANNEL the host refused. */
#define VMBC_SIM_OPEN_REFUSED	0xc0000001

/* The smallest ring: a header page and one data page. */
#define VMBC_SIM_RING_MIN_PAGES	2

/**
 * vmbc_sim_chan_init() - set up the host's end of a new device's channel
 * @sim: the host.
 * @chan: the channel, zeroed.
 *
 * Context: any.
 */
void vmbc_sim_chan_init(struct vmbc_sim *sim, struct vmbc_sim_chan *chan)
{
	chan->sim = sim;
	INIT_WORK(&chan->io_work, vmbc_sim_io_work);
	vmbc_ring_pre_init(&chan->rx);
	vmbc_ring_pre_init(&chan->tx);
	atomic64_set(&chan->signals_in, 0);
	atomic_set(&chan->misses, VMBC_SIM_SIGNAL_MISSES_MAX);
}

/* Map the two rings over the GPADL's pages. */
static int vmbc_sim_chan_attach(struct vmbc_sim_chan *chan,
				const struct vmbc_sim_gpadl *g, u32 offset)
{
	struct page **pages;
	u32 i;
	int ret;

	pages = kvmalloc_array(g->count, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	/* Hyper-V PFNs are kernel PFNs: PAGE_SIZE is 4 KiB (host_ring.c) */
	for (i = 0; i < g->count; i++)
		pages[i] = pfn_to_page(g->pfns[i]);
	ret = vmbc_ring_attach(&chan->rx, pages, offset, 0);
	if (!ret) {
		ret = vmbc_ring_attach(&chan->tx, pages + offset,
				       g->count - offset, 0);
		if (ret)
			vmbc_ring_uninit(&chan->rx);
	}
	kvfree(pages);
	return ret;
}

/* Why OPENCHANNEL @o cannot open @dev's channel, or NULL. */
static const char *vmbc_sim_open_refusal(struct vmbc_sim *sim,
					 struct vmbc_sim_dev *dev,
					 const struct vmbus_channel_open_channel *o,
					 struct vmbc_sim_gpadl **gp)
{
	u32 offset = o->downstream_ringbuffer_pageoffset;
	struct vmbc_sim_gpadl *g;

	if (!dev || dev->state != VMBC_SIM_DEV_OFFERED)
		return "not offered";
	if (dev->chan.open)
		return "already open";
	g = vmbc_sim_gpadl_find(sim, o->ringbuffer_gpadlhandle);
	*gp = g;
	if (!g || !g->complete)
		return "no such GPADL";
	if (g->relid != o->child_relid)
		return "GPADL of another channel";
	if (g->in_use)
		return "GPADL in use";
	if (g->byte_offset)
		return "GPADL not page aligned";
	if (offset < VMBC_SIM_RING_MIN_PAGES ||
	    offset > g->count - VMBC_SIM_RING_MIN_PAGES)
		return "ring page offset out of the GPADL";
	if (o->target_vp >= nr_cpu_ids || !cpu_online(o->target_vp))
		return "target_vp not an online CPU";
	return NULL;
}

/**
 * vmbc_sim_open_channel() - the guest's OPENCHANNEL
 * @sim: the host.
 * @m: the message, at least its type's size.
 *
 * Context: the host's work, its mutex held.
 */
void vmbc_sim_open_channel(struct vmbc_sim *sim, const struct vmbc_sim_msg *m)
{
	const struct vmbus_channel_open_channel *o = (const void *)m->data;
	struct vmbus_channel_open_result r = {
		.header.msgtype = CHANNELMSG_OPENCHANNEL_RESULT,
		.child_relid = o->child_relid,
		.openid = o->openid,
	};
	struct vmbc_sim_gpadl *g = NULL;
	struct vmbc_sim_dev *dev;
	struct vmbc_sim_chan *chan;
	const char *why;
	int ret;

	lockdep_assert_held(&sim->mutex);
	dev = xa_load(&sim->devs, o->child_relid);
	/* the guest may not have seen the rescind yet: no error, no answer */
	if (dev && dev->state == VMBC_SIM_DEV_RESCINDED)
		return;
	why = vmbc_sim_open_refusal(sim, dev, o, &g);
	if (why) {
		vmbc_sim_protocol_error(sim,
					"OPENCHANNEL of relid %u (GPADL %u, offset %u, target_vp %u): %s",
					o->child_relid,
					o->ringbuffer_gpadlhandle,
					o->downstream_ringbuffer_pageoffset,
					o->target_vp, why);
		r.status = VMBC_SIM_OPEN_REFUSED;
		goto answer;
	}
	r.status = vmbc_sim_take_fail(sim, CHANNELMSG_OPENCHANNEL_RESULT);
	if (r.status)
		goto answer;	/* refused on purpose: a fault switch */

	chan = &dev->chan;
	ret = vmbc_sim_chan_attach(chan, g, o->downstream_ringbuffer_pageoffset);
	if (ret) {
		/* -EIO: the guest's ring indices are out of range */
		if (ret == -EIO)
			vmbc_sim_protocol_error(sim,
						"OPENCHANNEL of relid %u: ring indices out of range",
						o->child_relid);
		else
			pr_err_ratelimited("%s: cannot map the rings of relid %u: %pe\n",
					   sim->name, o->child_relid, ERR_PTR(ret));
		r.status = VMBC_SIM_OPEN_REFUSED;
		goto answer;
	}
	g->in_use = true;
	chan->ring_gpadl = g->handle;
	chan->target_cpu = o->target_vp;
	chan->broken = false;
	chan->wait_space = false;
	chan->opens++;
	atomic_set(&chan->misses, VMBC_SIM_SIGNAL_MISSES_MAX);
	/* read locklessly by the signal paths (acquire): views up first */
	smp_store_release(&chan->open, true);
	if (dev->cfg.monitor_allocated)
		vmbc_sim_monitor_start(sim);
	vmbc_sim_host_send(sim, &r, sizeof(r));
	/* the model may speak first, the moment the channel is open */
	if (dev->model)
		vmbc_sim_model_event(dev, dev->model->opened);
	return;
answer:
	vmbc_sim_host_send(sim, &r, sizeof(r));
}

/**
 * vmbc_sim_chan_close() - the host lets go of a channel's rings
 * @sim: the host.
 * @dev: the device; its channel may be closed already.
 *
 * Context: the host's mutex held (so no drain runs); sleeps.
 */
void vmbc_sim_chan_close(struct vmbc_sim *sim, struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_chan *chan = &dev->chan;
	struct vmbc_sim_gpadl *g;

	lockdep_assert_held(&sim->mutex);
	if (!chan->open)
		return;
	/*
	 * Signal paths see it closed from now on, and a queued drain
	 * returns. Release pairs with their acquire in
	 * vmbc_sim_chan_signalled(): a rescind's state, set before, is seen
	 * with it.
	 */
	smp_store_release(&chan->open, false);
	chan->ring_errors += chan->rx.corrupt_count + chan->tx.corrupt_count;
	vmbc_ring_uninit(&chan->rx);
	vmbc_ring_uninit(&chan->tx);
	g = vmbc_sim_gpadl_find(sim, chan->ring_gpadl);
	if (g)
		g->in_use = false;
	chan->ring_gpadl = 0;
	chan->wait_space = false;
	chan->closes++;
	if (dev->cfg.monitor_allocated)
		atomic_dec(&sim->monitored_open);
	if (dev->model)
		vmbc_sim_model_event(dev, dev->model->closed);
}

/**
 * vmbc_sim_close_channel() - the guest's CLOSECHANNEL
 * @sim: the host.
 * @m: the message, at least its type's size.
 *
 * No answer: the guest tears the ring GPADL down next. A sub-channel of a
 * model with transient sub-channels is rescinded then.
 *
 * Context: the host's work, its mutex held.
 */
void vmbc_sim_close_channel(struct vmbc_sim *sim, const struct vmbc_sim_msg *m)
{
	const struct vmbus_channel_close_channel *c = (const void *)m->data;
	struct vmbc_sim_dev *dev;

	lockdep_assert_held(&sim->mutex);
	dev = xa_load(&sim->devs, c->child_relid);
	if (dev && dev->state == VMBC_SIM_DEV_RESCINDED)
		return;	/* closed by the rescind already */
	if (!dev || dev->state != VMBC_SIM_DEV_OFFERED || !dev->chan.open) {
		vmbc_sim_protocol_error(sim, "CLOSECHANNEL of relid %u, which is %s",
					c->child_relid,
					dev && dev->state == VMBC_SIM_DEV_OFFERED ?
					"not open" : "not offered");
		return;
	}
	vmbc_sim_chan_close(sim, dev);
	/* the guest asks again for the sub-channels it wants next time */
	if (dev->cfg.sub_channel_index && dev->model &&
	    dev->model->transient_subchannels &&
	    vmbc_sim_dev_rescind(sim, dev))
		pr_err_ratelimited("%s: cannot rescind closed sub-channel %u\n",
				   sim->name, c->child_relid);
}

/**
 * vmbc_sim_modify_channel() - the guest's MODIFYCHANNEL (from 4.1)
 * @sim: the host.
 * @m: the message, at least its type's size.
 *
 * An open channel interrupts the new target_vp from now on. From 5.3 the
 * host answers MODIFYCHANNEL_RESPONSE (status 0, or 0xc0000001 when it
 * refused; a VMBC_SIM_FAIL_RESPONSE switch refuses on purpose).
 *
 * Context: the host's work, its mutex held.
 */
void vmbc_sim_modify_channel(struct vmbc_sim *sim, const struct vmbc_sim_msg *m)
{
	const struct vmbus_channel_modifychannel *mc = (const void *)m->data;
	struct vmbus_channel_modifychannel_response r = {
		.header.msgtype = CHANNELMSG_MODIFYCHANNEL_RESPONSE,
		.child_relid = mc->child_relid,
	};
	struct vmbc_sim_dev *dev;
	const char *why = NULL;

	lockdep_assert_held(&sim->mutex);
	dev = xa_load(&sim->devs, mc->child_relid);
	if (dev && dev->state == VMBC_SIM_DEV_RESCINDED)
		return;	/* the guest may not have seen the rescind yet */
	if (sim->version < VERSION_WIN10_V4_1)
		why = "before protocol 4.1";
	else if (!dev || dev->state != VMBC_SIM_DEV_OFFERED)
		why = "not offered";
	else if (!dev->chan.open)
		why = "not open";
	else if (mc->target_vp >= nr_cpu_ids || !cpu_online(mc->target_vp))
		why = "target_vp not an online CPU";
	if (why) {
		vmbc_sim_protocol_error(sim, "MODIFYCHANNEL of relid %u to target_vp %u: %s",
					mc->child_relid, mc->target_vp, why);
		r.status = VMBC_SIM_OPEN_REFUSED;
	} else {
		r.status = vmbc_sim_take_fail(sim,
					      CHANNELMSG_MODIFYCHANNEL_RESPONSE);
		if (!r.status)
			dev->chan.target_cpu = mc->target_vp;
	}
	if (sim->version >= VERSION_WIN10_V5_3)
		vmbc_sim_host_send(sim, &r, sizeof(r));
}

/**
 * vmbc_sim_chan_release() - the host forgets a channel altogether
 * @sim: the host.
 * @dev: the device: rescinded, released, or forgotten by an unload.
 *
 * Closes it and drops its GPADLs: the guest will not tear them down.
 * After a rescind, those still coming in stay as orphans until complete
 * or until the device is freed.
 *
 * Context: the host's mutex held; sleeps.
 */
void vmbc_sim_chan_release(struct vmbc_sim *sim, struct vmbc_sim_dev *dev)
{
	lockdep_assert_held(&sim->mutex);
	vmbc_sim_chan_close(sim, dev);
	vmbc_sim_gpadls_drop(sim, dev->cfg.relid,
			     dev->state == VMBC_SIM_DEV_RESCINDED);
}

/**
 * vmbc_sim_channel_stats() - the host's counters for the channel at @relid
 * @sim: the host.
 * @relid: the channel.
 * @stats: filled in.
 *
 * Context: process context.
 * Return: 0, or -ENOENT when the host has no device at @relid.
 */
int vmbc_sim_channel_stats(struct vmbc_sim *sim, u32 relid,
			   struct vmbc_sim_channel_stats *stats)
{
	struct vmbc_sim_chan *chan;
	struct vmbc_sim_dev *dev;

	memset(stats, 0, sizeof(*stats));
	mutex_lock(&sim->mutex);
	dev = xa_load(&sim->devs, relid);
	if (!dev) {
		mutex_unlock(&sim->mutex);
		return -ENOENT;
	}
	chan = &dev->chan;
	stats->gpadls = chan->gpadls;
	stats->opened = chan->open;
	stats->opens = chan->opens;
	stats->closes = chan->closes;
	stats->packets_in = chan->packets_in;
	stats->packets_out = chan->packets_out;
	stats->signals_in = atomic64_read(&chan->signals_in);
	stats->interrupts_out = chan->interrupts_out;
	stats->ring_errors = chan->ring_errors;
	if (chan->open)
		stats->ring_errors += chan->rx.corrupt_count +
				      chan->tx.corrupt_count;
	stats->tx_full = chan->tx_full;
	stats->dropped = chan->dropped;
	stats->requests = chan->requests;
	stats->answers = chan->answers;
	stats->bad_answers = chan->bad_answers;
	stats->bad_packets = chan->bad_packets;
	mutex_unlock(&sim->mutex);
	return 0;
}
EXPORT_SYMBOL_GPL(vmbc_sim_channel_stats);
