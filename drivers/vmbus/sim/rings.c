// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim data path: the guest's signals, the monitor page, and the work
 * that plays the host's end of each open channel's rings.
 *
 * The guest tells the host a channel has data in one of three ways:
 * HvSignalEvent on the offer's connection id (the relid here); before
 * protocol 5.0 preceded, unless the offer has a dedicated interrupt, by
 * the relid's bit in the send half of the interrupt page, which names the
 * channel (WS2008 signals one connection id for all); or, for a monitored
 * channel without low latency, only its bit in the trigger group of
 * monitor page 2, with no hypercall at all: the host polls the page
 * (@monitor_timer) while such a channel is open, as Hyper-V does. Either
 * way the host only queues the channel's io_work here: signals come in
 * any context, atomic and hard interrupt included.
 *
 * The work drains the guest's outbound ring with the iterator, hands each
 * packet to the device's model (models.c), which writes its replies into the
 * guest's inbound ring, and interrupts the guest as the ring rules say:
 * after a write that reports it, and after reading when the guest waits
 * for room in its outbound ring (pending_send_sz). A packet whose reply
 * does not fit stays in the outbound ring: the host asks for room in the
 * inbound ring and carries on when the guest signals that it made some.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>

#include "host_ring.h"
#include "sim.h"

/* How often the host looks at the monitor page. */
#define VMBC_SIM_MONITOR_POLL_NS	(250 * NSEC_PER_USEC)

/* Packets one run of a channel's work handles before it yields. */
#define VMBC_SIM_IO_BUDGET		256

/* The send half of the interrupt page: the guest sets relid bits there. */
#define VMBC_SIM_SEND_HALF		(HV_HYP_PAGE_SIZE / 2 / sizeof(long))

/* The kernel address of a guest page; NULL if @gpa names none. */
static void *vmbc_sim_guest_page(u64 gpa)
{
	if (!gpa || offset_in_page(gpa) || !pfn_valid(PHYS_PFN(gpa)))
		return NULL;
	return page_address(pfn_to_page(PHYS_PFN(gpa)));
}

/**
 * vmbc_sim_set_guest_pages() - note the pages INITIATE_CONTACT names
 * @sim: the host.
 * @ic: the accepted INITIATE_CONTACT; NULL forgets the pages (unload).
 *
 * Monitor page 2 (guest to host) comes as a guest physical address in
 * every version, the interrupt page only before 5.0. From 5.0 on the
 * host knows no interrupt page, as Hyper-V: a signal names its channel
 * by connection id alone, and the send-half bits the guest may still set
 * are nobody's business.
 *
 * Context: the host's mutex held.
 */
void vmbc_sim_set_guest_pages(struct vmbc_sim *sim,
			      const struct vmbus_channel_initiate_contact *ic)
{
	unsigned long *int_page = NULL;
	void *monitor = NULL;

	lockdep_assert_held(&sim->mutex);
	if (ic) {
		monitor = vmbc_sim_guest_page(ic->monitor_page2);
		if (!monitor)
			vmbc_sim_protocol_error(sim, "INITIATE_CONTACT with monitor page %#llx",
						ic->monitor_page2);
		if (ic->vmbus_version_requested < VERSION_WIN10_V5) {
			int_page = vmbc_sim_guest_page(ic->interrupt_page);
			if (!int_page)
				vmbc_sim_protocol_error(sim,
							"INITIATE_CONTACT with interrupt page %#llx",
							ic->interrupt_page);
		}
	}
	/* read under RCU by the signal paths; the pages outlive the host */
	WRITE_ONCE(sim->int_page, int_page);
	WRITE_ONCE(sim->monitor_page, monitor);
}

/*
 * A signal reached @dev's channel; @bit_found says whether its send-half
 * bit was there (or was not needed). Under rcu_read_lock().
 */
static void vmbc_sim_chan_signalled(struct vmbc_sim *sim,
				    struct vmbc_sim_dev *dev, bool bit_found)
{
	struct vmbc_sim_chan *chan = &dev->chan;
	u32 relid = dev->cfg.relid;

	atomic64_inc(&chan->signals_in);
	atomic64_inc(&sim->stats.activity);
	/*
	 * Acquire pairs with the release that closes the channel in
	 * vmbc_sim_chan_close(): a rescind marks the device before, so a
	 * closed channel read here comes with its rescinded state. Until
	 * the guest saw the rescind it may still signal; anything else
	 * signalling a closed channel is wrong.
	 */
	if (!smp_load_acquire(&chan->open)) {
		if (READ_ONCE(dev->state) != VMBC_SIM_DEV_RESCINDED)
			vmbc_sim_protocol_error(sim, "signal of relid %u, which is not open",
						relid);
		return;
	}
	/*
	 * A signal whose bit a concurrent signal of the same channel took
	 * is legal (the bit is one, the hypercalls two); a guest that never
	 * sets it is not. Allow a run of such misses, never a first one.
	 */
	if (bit_found) {
		atomic_set(&chan->misses, 0);
	} else if (atomic_inc_return(&chan->misses) >
		   VMBC_SIM_SIGNAL_MISSES_MAX) {
		atomic_set(&chan->misses, VMBC_SIM_SIGNAL_MISSES_MAX);
		vmbc_sim_protocol_error(sim, "signal of relid %u without its interrupt-page bit",
					relid);
	}
	queue_work(sim->wq, &chan->io_work);
}

/* Take the send-half bit of @relid; true when it was set. */
static bool vmbc_sim_take_send_bit(unsigned long *int_page, u32 relid)
{
	return int_page &&
	       test_and_clear_bit(relid, int_page + VMBC_SIM_SEND_HALF);
}

/* WS2008: one event connection for all channels; the bits say which. */
static void vmbc_sim_signal_ws2008(struct vmbc_sim *sim,
				   unsigned long *int_page)
{
	unsigned long word, *send = int_page + VMBC_SIM_SEND_HALF;
	struct vmbc_sim_dev *dev;
	unsigned int i, bit;

	for (i = 0; i < BITS_TO_LONGS(VMBUS_MAX_RELID + 1); i++) {
		if (!READ_ONCE(send[i]))
			continue;
		/* atomic take: a bit the guest sets meanwhile stays set */
		word = xchg(&send[i], 0);
		for_each_set_bit(bit, &word, BITS_PER_LONG) {
			dev = xa_load(&sim->devs, i * BITS_PER_LONG + bit);
			if (dev)
				vmbc_sim_chan_signalled(sim, dev, true);
			else
				vmbc_sim_protocol_error(sim,
							"signal of relid %u, which is not offered",
							i * BITS_PER_LONG + bit);
		}
	}
}

/**
 * vmbc_sim_signal_in() - the guest's HvSignalEvent
 * @sim: the host.
 * @connection_id: the offer's connection id (the relid), or the WS2008
 *	event connection.
 *
 * Context: any, hard interrupt included; takes no lock.
 */
void vmbc_sim_signal_in(struct vmbc_sim *sim, u32 connection_id)
{
	unsigned long *int_page;
	struct vmbc_sim_dev *dev;
	u32 version;
	bool found;

	rcu_read_lock();
	if (READ_ONCE(sim->io_stopped))
		goto out;
	version = READ_ONCE(sim->version);
	int_page = READ_ONCE(sim->int_page);
	if (version == VERSION_WS2008) {
		if (connection_id != VMBUS_EVENT_CONNECTION_ID || !int_page)
			vmbc_sim_protocol_error(sim, "WS2008 signal on connection id %u",
						connection_id);
		else
			vmbc_sim_signal_ws2008(sim, int_page);
		goto out;
	}
	dev = connection_id <= VMBUS_MAX_RELID ?
	      xa_load(&sim->devs, connection_id) : NULL;
	if (!dev) {
		vmbc_sim_protocol_error(sim, "signal on connection id %u: no channel",
					connection_id);
		goto out;
	}
	/* before 5.0 a shared interrupt names its channel by the bit */
	found = dev->cfg.dedicated_interrupt || !int_page ||
		vmbc_sim_take_send_bit(int_page, connection_id);
	vmbc_sim_chan_signalled(sim, dev, found);
out:
	rcu_read_unlock();
}

/* The monitor page: take every pending bit and signal its channel. */
static enum hrtimer_restart vmbc_sim_monitor_poll(struct hrtimer *timer)
{
	struct vmbc_sim *sim = container_of(timer, struct vmbc_sim,
					    monitor_timer);
	struct hv_monitor_page *page;
	struct vmbc_sim_dev *dev;
	unsigned long *word;
	unsigned long pending;
	unsigned int g, bit;
	u32 relid;

	if (!atomic_read(&sim->monitored_open))
		return HRTIMER_NORESTART;
	rcu_read_lock();
	page = READ_ONCE(sim->monitor_page);
	for (g = 0; page && g < HV_MONITOR_TRIGGER_GROUPS; g++) {
		/* the guest sets pending bits with 64-bit atomics: same here */
		word = (unsigned long *)&page->trigger_group[g].as_uint64;
		pending = READ_ONCE(*word) & U32_MAX;
		for_each_set_bit(bit, &pending, HV_MONITOR_BITS_PER_GROUP) {
			if (!test_and_clear_bit(bit, word))
				continue;
			relid = READ_ONCE(sim->mon_relid[g * 32 + bit]);
			dev = relid ? xa_load(&sim->devs, relid) : NULL;
			if (!dev || !dev->cfg.monitor_allocated) {
				vmbc_sim_protocol_error(sim,
							"monitor bit %u set, no channel has it",
							g * 32 + bit);
				continue;
			}
			/* set too; not checked: it races with the poll */
			vmbc_sim_take_send_bit(READ_ONCE(sim->int_page), relid);
			vmbc_sim_chan_signalled(sim, dev, true);
		}
	}
	rcu_read_unlock();
	hrtimer_forward_now(timer, ns_to_ktime(VMBC_SIM_MONITOR_POLL_NS));
	return HRTIMER_RESTART;
}

/**
 * vmbc_sim_monitor_start() - a monitored channel opened: poll the page
 * @sim: the host.
 *
 * Context: the host's mutex held.
 */
void vmbc_sim_monitor_start(struct vmbc_sim *sim)
{
	lockdep_assert_held(&sim->mutex);
	atomic_inc(&sim->monitored_open);
	/* (re)started: a poll that just saw no channel may have stopped it */
	hrtimer_start(&sim->monitor_timer,
		      ns_to_ktime(VMBC_SIM_MONITOR_POLL_NS), HRTIMER_MODE_REL);
}

/**
 * vmbc_sim_chan_interrupt() - interrupt the guest for a channel
 * @sim: the host.
 * @dev: the device; its channel open.
 *
 * Context: the channel's work, the host's mutex held.
 */
void vmbc_sim_chan_interrupt(struct vmbc_sim *sim, struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_chan *chan = &dev->chan;
	u32 flag = dev->cfg.relid;
	int ret;

	chan->interrupts_out++;
	/* before WIN8: flag 0, and the relid in the interrupt page's first half */
	if (sim->version < VERSION_WIN8) {
		if (sim->int_page)
			set_bit(flag, sim->int_page);
		flag = 0;
	}
	ret = vmbc_sim_synic_signal(sim, flag, chan->target_cpu);
	if (ret)
		pr_err_ratelimited("%s: cannot interrupt CPU %d for relid %u: %pe\n",
				   sim->name, chan->target_cpu,
				   dev->cfg.relid, ERR_PTR(ret));
}

/**
 * vmbc_sim_chan_send() - write one packet into the guest's inbound ring
 * @chan: an open channel.
 * @kv: the packet: its descriptor (16 bytes) first.
 * @kv_count: entries of @kv.
 * @signal: set when the write says the guest must be interrupted.
 *
 * When the ring is full, the host asks the guest for room
 * (pending_send_sz) and the caller leaves the packet it answers where it
 * is; the guest's signal brings the work back.
 *
 * Context: the channel's work, the host's mutex held.
 * Return: 0; -EAGAIN when full; -EMSGSIZE when it can never fit; -EIO
 * when the ring is corrupt.
 */
int vmbc_sim_chan_send(struct vmbc_sim_chan *chan, const struct kvec *kv,
		       u32 kv_count, bool *signal)
{
	u32 events, len = 0, i;
	int ret, tries;

	lockdep_assert_held(&chan->sim->mutex);
	for (i = 0; i < kv_count; i++)
		len += kv[i].iov_len;
	/* twice at most: the room may come just as the host asks for it */
	for (tries = 0; tries < 2; tries++) {
		ret = vmbc_ring_write(&chan->tx, kv, kv_count, &events);
		if (events & VMBC_RING_EV_SIGNAL)
			*signal = true;
		if (ret != -EAGAIN)
			break;
		if (!tries)
			chan->tx_full++;
		if (!vmbc_ring_request_space(&chan->tx,
					     vmbc_ring_packet_bytes(len))) {
			chan->wait_space = true;
			return -EAGAIN;
		}
		vmbc_ring_cancel_space(&chan->tx);
	}
	if (!ret)
		chan->packets_out++;
	return ret;
}

/* Drain @dev's outbound ring as far as the budget and the inbound allow. */
static void vmbc_sim_chan_drain(struct vmbc_sim *sim, struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_chan *chan = &dev->chan;
	unsigned int budget = VMBC_SIM_IO_BUDGET;
	struct vmbc_ring_pkt pkt;
	bool signal = false;
	bool again = false;
	int ret, err = 0;

	if (chan->wait_space) {
		/* the guest made room (or signalled anyway): try again */
		vmbc_ring_cancel_space(&chan->tx);
		chan->wait_space = false;
	}
	/* what the model had waiting for that room goes first */
	if (dev->model && dev->model->io)
		dev->model->io(dev, &signal);
	ret = vmbc_ring_iter_first(&chan->rx, &pkt);
	while (!ret) {
		if (!budget--) {
			again = true;
			break;
		}
		err = vmbc_sim_device_packet(dev, &pkt, &signal);
		if (err == -EAGAIN)
			break;	/* stays in the ring until the guest makes room */
		if (err == -EIO) {
			ret = err;
			break;
		}
		chan->packets_in++;
		ret = vmbc_ring_iter_next(&chan->rx, &pkt);
	}
	if (ret && ret != -EAGAIN) {
		vmbc_sim_protocol_error(sim, "relid %u: the guest's %s ring is corrupt (%pe)",
					dev->cfg.relid,
					vmbc_ring_is_broken(&chan->tx) ?
					"inbound" : "outbound", ERR_PTR(ret));
		chan->broken = true;
	}
	/* the guest waits for room in its outbound ring: tell it */
	if (vmbc_ring_iter_close(&chan->rx))
		signal = true;
	/*
	 * A packet the guest wrote after the iterator last read write_index
	 * and before iter_close published our read_index brought no signal:
	 * the guest saw a ring that was not empty. The full barrier after
	 * that publication (in iter_close) orders it before this load, so
	 * either the packet is seen here or the guest saw our index and
	 * signalled. Not while a reply waits for room: the guest's signal
	 * brings the work back then.
	 */
	if (!again && !chan->broken && err != -EAGAIN &&
	    vmbc_ring_bytes_to_read(&chan->rx))
		again = true;
	if (again)
		queue_work(sim->wq, &chan->io_work);
	if (signal)
		vmbc_sim_chan_interrupt(sim, dev);
}

/**
 * vmbc_sim_io_work() - play the host's end of one channel's rings
 * @work: the channel's io_work.
 *
 * Context: the host's ordered work queue; takes the host's mutex.
 */
void vmbc_sim_io_work(struct work_struct *work)
{
	struct vmbc_sim_chan *chan = container_of(work, struct vmbc_sim_chan,
						  io_work);
	struct vmbc_sim_dev *dev = container_of(chan, struct vmbc_sim_dev,
						chan);
	struct vmbc_sim *sim = chan->sim;

	mutex_lock(&sim->mutex);
	if (chan->open && !chan->broken && !sim->dead && !sim->io_held)
		vmbc_sim_chan_drain(sim, dev);
	mutex_unlock(&sim->mutex);
}

/**
 * vmbc_sim_io_hold() - stop reading the guest's rings, or start again
 * @sim: the host.
 * @hold: true to stop.
 *
 * While held, signals still queue the channels' work, which then reads
 * nothing; released, every open channel is drained once, so that no
 * signal taken meanwhile is lost.
 *
 * Context: process context.
 */
void vmbc_sim_io_hold(struct vmbc_sim *sim, bool hold)
{
	struct vmbc_sim_dev *dev;
	unsigned long relid;

	mutex_lock(&sim->mutex);
	sim->io_held = hold;
	if (!hold)
		xa_for_each(&sim->devs, relid, dev)
			if (dev->chan.open)
				queue_work(sim->wq, &dev->chan.io_work);
	mutex_unlock(&sim->mutex);
}

/**
 * vmbc_sim_io_init() - set up the data path of a new host
 * @sim: the host.
 *
 * Context: process context.
 */
void vmbc_sim_io_init(struct vmbc_sim *sim)
{
	atomic_set(&sim->monitored_open, 0);
	hrtimer_init(&sim->monitor_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	sim->monitor_timer.function = vmbc_sim_monitor_poll;
}

/**
 * vmbc_sim_io_stop() - take no more signals, stop polling
 * @sim: the host; its connection unloaded.
 *
 * Afterwards no signal path or monitor poll runs or queues work; works
 * already queued find their channels closed or the host dead.
 *
 * Context: process context, sleeps.
 */
void vmbc_sim_io_stop(struct vmbc_sim *sim)
{
	WRITE_ONCE(sim->io_stopped, true);
	/* every signal path that did not see @io_stopped has finished */
	synchronize_rcu();
	atomic_set(&sim->monitored_open, 0);
	hrtimer_cancel(&sim->monitor_timer);
}
