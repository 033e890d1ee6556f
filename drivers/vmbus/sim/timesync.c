// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim time sync device model: the host side of the time
 * synchronization Integration Service.
 *
 * NEGOTIATE goes out the moment the guest opens the channel, always.
 * Time samples go out only when the host's setting asks for them
 * (vmbc_sim_timesync_set_samples()), which a new host sets itself only
 * where the guest can take them (vmbc_sim_timesync_auto_ms()), because of
 * what Linux's hv_utils does with a sample: it reads Hyper-V's reference
 * counter through hv_read_reference_counter(), for message version 4
 * to add the time elapsed since the host took the sample, for older
 * ones to date it. Linux 6.12 points that at a TSC page reader when it
 * booted on Hyper-V and otherwise at a read of the partition's reference
 * time register: on x86 MSR 0x40000020 (HV_X64_MSR_TIME_REF_COUNT),
 * which a hypervisor without Hyper-V's enlightenments refuses (the read
 * faults, the kernel logs an "unchecked MSR access error" with a stack
 * dump and carries on with 0), on arm64 a hypercall whose failure is a
 * BUG(). A guest of this host in QEMU, without Hyper-V, must never get a
 * sample; a test's driver that reads no counter may.
 *
 * With samples on, the first one after NEGOTIATE carries
 * ICTIMESYNCFLAG_SYNC (set the clock: Hyper-V does so after the guest
 * boots or resumes), the next ones ICTIMESYNCFLAG_SAMPLE every
 * timesync_ms; one is in flight at a time. From message version 4 on a
 * sample is a struct ictimesync_ref_data, before a struct
 * ictimesync_data. The guest answers with the sample echoed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/export.h>
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/seq_file.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>
#ifdef CONFIG_X86
#include <asm/msr.h>
#endif

#include "models.h"

/* What hv_utils speaks: framework 3.0 and 1.0, time sync 4.0, 3.0, 1.0. */
static const struct vmbc_sim_ic_versions vmbc_sim_timesync_versions = {
	.framework = { { 3, 0 }, { 1, 0 } },
	.nr_framework = 2,
	.service = { { 4, 0 }, { 3, 0 }, { 1, 0 } },
	.nr_service = 3,
	.msgtype = ICMSGTYPE_TIMESYNC,
};

/*
 * Where the guest's reference counter reads (this kernel runs on Hyper-V,
 * or a hypervisor with its time enlightenment), Linux takes samples
 * safely: a new host sends them every this many ms. Elsewhere none.
 */
#define VMBC_SIM_TIMESYNC_AUTO_MS	5000
#define VMBC_SIM_HV_MSR_TIME_REF_COUNT	0x40000020

/*
 * The guest's reference counter, in 100 ns units, where this kernel can
 * read it: false where the read faults (made safely) or reads nothing
 * that runs (QEMU's TCG answers 0 for the MSR rather than a fault).
 */
static bool vmbc_sim_ref_counter(u64 *ref)
{
#ifdef CONFIG_X86
	return !rdmsrl_safe(VMBC_SIM_HV_MSR_TIME_REF_COUNT, ref) && *ref;
#else
	return false;
#endif
}

/*
 * A new host's sample period. The guest is this kernel: where its
 * reference counter runs (two reads 50 to 100 us apart differ, as on Hyper-V),
 * hv_utils can take samples, and the host sends them; elsewhere (QEMU
 * without Hyper-V's enlightenments, UML) it sends none.
 */
static void vmbc_sim_timesync_host_init(struct vmbc_sim *sim)
{
	u64 first, second;

	if (!vmbc_sim_ref_counter(&first))
		return;
	usleep_range(50, 100);
	if (vmbc_sim_ref_counter(&second) && second > first)
		sim->timesync_ms = VMBC_SIM_TIMESYNC_AUTO_MS;
}

/* Why the samples are off, for debugfs (the comment at the top says more). */
#define VMBC_SIM_TIMESYNC_WHY_OFF \
	"the guest's hv_utils dates each sample with Hyper-V's reference " \
	"counter (hv_read_reference_counter(), MSR 0x40000020), which does " \
	"not run here: off Hyper-V it faults or reads 0 on x86, a BUG() on " \
	"arm64"

/**
 * struct vmbc_sim_timesync - the host's end of one time sync channel
 * @ic: the IC framework's state.
 * @next: sends the next periodic sample.
 * @synced: a SYNC went out since the channel opened.
 * @flags: the flags of the sample in flight, or of the last one.
 * @parenttime: its parenttime.
 * @size: its size (which of the two layouts).
 * @samples: samples the guest answered correctly.
 */
struct vmbc_sim_timesync {
	struct vmbc_sim_ic ic;
	struct delayed_work next;
	bool synced;
	u8 flags;
	u64 parenttime;
	u16 size;
	u64 samples;
};

/* The answer as far as it is checked: either layout. */
union vmbc_sim_timesync_msg {
	struct ictimesync_data v1;
	struct ictimesync_ref_data v4;
};

/*
 * Send a sample. Its reference time is the guest's reference counter
 * where it runs (as Hyper-V's own samples carry), else the guest's boot
 * time in the same 100 ns units, a stand-in for the test drivers that
 * take samples where no counter runs.
 *
 * Context: the host's mutex held.
 */
static int vmbc_sim_timesync_send(struct vmbc_sim_timesync *ts, u8 flags)
{
	union vmbc_sim_timesync_msg m = {};
	u64 now = div_u64(ktime_get_real_ns(), 100) + WLTIMEDELTA;
	u64 ref;
	u16 size;
	int ret;

	if (ts->ic.service.major >= 4) {
		m.v4.parenttime = now;
		if (!vmbc_sim_ref_counter(&ref))
			ref = div_u64(ktime_get_boottime_ns(), 100);
		m.v4.vmreferencetime = ref;
		m.v4.flags = flags;
		size = sizeof(m.v4);
	} else {
		m.v1.parenttime = now;
		m.v1.flags = flags;
		size = sizeof(m.v1);
	}
	ret = vmbc_sim_ic_request(&ts->ic, ICMSGTYPE_TIMESYNC, &m, size);
	if (ret)
		return ret;
	ts->flags = flags;
	ts->parenttime = now;
	ts->size = size;
	if (flags & ICTIMESYNCFLAG_SYNC)
		ts->synced = true;
	return 0;
}

/* Arm the next periodic sample, if samples are on. */
static void vmbc_sim_timesync_arm(struct vmbc_sim_timesync *ts)
{
	struct vmbc_sim *sim = ts->ic.dev->chan.sim;

	if (sim->timesync_ms)
		mod_delayed_work(sim->wq, &ts->next,
				 msecs_to_jiffies(sim->timesync_ms));
}

/*
 * The periodic sample, or the SYNC the channel has not had yet; or the
 * next try when the guest's ring was full. Context: the host's mutex
 * held.
 */
static void vmbc_sim_timesync_due(struct vmbc_sim_timesync *ts)
{
	struct vmbc_sim *sim = ts->ic.dev->chan.sim;
	int ret;

	if (!sim->timesync_ms || vmbc_sim_ic_ready(&ts->ic))
		return;	/* off, closed, not negotiated, or one in flight */
	ret = vmbc_sim_timesync_send(ts, ts->synced ? ICTIMESYNCFLAG_SAMPLE :
				     ICTIMESYNCFLAG_SYNC);
	if (ret) {
		pr_warn_ratelimited("%s: relid %u: cannot send a time sample: %pe\n",
				    sim->name, ts->ic.dev->cfg.relid, ERR_PTR(ret));
		vmbc_sim_timesync_arm(ts);
	}
}

static void vmbc_sim_timesync_work(struct work_struct *work)
{
	struct vmbc_sim_timesync *ts =
		container_of(to_delayed_work(work), struct vmbc_sim_timesync,
			     next);
	struct vmbc_sim *sim = ts->ic.dev->chan.sim;

	mutex_lock(&sim->mutex);
	vmbc_sim_timesync_due(ts);
	mutex_unlock(&sim->mutex);
}

static void vmbc_sim_timesync_init(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_timesync *ts = vmbc_sim_model_priv(dev);

	vmbc_sim_ic_init(&ts->ic, dev, &vmbc_sim_timesync_versions);
	INIT_DELAYED_WORK(&ts->next, vmbc_sim_timesync_work);
}

static void vmbc_sim_timesync_opened(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_timesync *ts = vmbc_sim_model_priv(dev);

	ts->synced = false;
	vmbc_sim_ic_opened(&ts->ic);
}

/* What is wrong with the answer to the sample in flight; or NULL. */
static const char *vmbc_sim_timesync_check(struct vmbc_sim_timesync *ts,
					   const union vmbc_sim_timesync_msg *a)
{
	bool v4 = ts->size == sizeof(a->v4);

	if (ts->ic.answer_size < ts->size)
		return "time sample answer shorter than the sample";
	if ((v4 ? a->v4.parenttime : a->v1.parenttime) != ts->parenttime ||
	    (v4 ? a->v4.flags : a->v1.flags) != ts->flags)
		return "time sample answer not the sample echoed";
	return NULL;
}

static int vmbc_sim_timesync_packet(struct vmbc_sim_dev *dev,
				    const struct vmbc_ring_pkt *pkt,
				    bool *signal)
{
	struct vmbc_sim_timesync *ts = vmbc_sim_model_priv(dev);
	union vmbc_sim_timesync_msg a;
	const char *why;

	switch (vmbc_sim_ic_answer(&ts->ic, pkt, &a, sizeof(a))) {
	case ICMSGTYPE_NEGOTIATE:
		/* the first sample at once, if there are samples at all */
		vmbc_sim_timesync_due(ts);
		break;
	case ICMSGTYPE_TIMESYNC:
		why = vmbc_sim_timesync_check(ts, &a);
		if (!why)
			ts->samples++;
		vmbc_sim_ic_judge(&ts->ic, why);
		vmbc_sim_timesync_arm(ts);
		break;
	default:
		break;
	}
	return 0;
}

static void vmbc_sim_timesync_closed(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_timesync *ts = vmbc_sim_model_priv(dev);

	/* a sample already running finds the channel closed */
	cancel_delayed_work(&ts->next);
}

static void vmbc_sim_timesync_release(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_timesync *ts = vmbc_sim_model_priv(dev);

	cancel_delayed_work_sync(&ts->next);
}

/**
 * vmbc_sim_timesync_set_samples() - turn a host's time samples on or off
 * @sim: the host.
 * @period_ms: milliseconds between samples, 0 for none (the default).
 *
 * A negotiated channel that has had no SYNC since it opened gets one at
 * once; the others their next sample after @period_ms.
 *
 * Context: process context.
 */
void vmbc_sim_timesync_set_samples(struct vmbc_sim *sim, u32 period_ms)
{
	struct vmbc_sim_timesync *ts;
	struct vmbc_sim_dev *dev;
	unsigned long relid;

	mutex_lock(&sim->mutex);
	sim->timesync_ms = period_ms;
	xa_for_each(&sim->devs, relid, dev) {
		if (dev->model != &vmbc_sim_timesync_model)
			continue;
		ts = vmbc_sim_model_priv(dev);
		if (!period_ms) {
			/* a sample already running finds them off */
			cancel_delayed_work(&ts->next);
		} else if (!ts->synced) {
			vmbc_sim_timesync_due(ts);
		} else {
			vmbc_sim_timesync_arm(ts);
		}
	}
	mutex_unlock(&sim->mutex);
}
EXPORT_SYMBOL_GPL(vmbc_sim_timesync_set_samples);

/**
 * vmbc_sim_timesync_sample() - send one time sample now
 * @sim: the host; its samples on.
 * @relid: a time sync device.
 * @flags: ICTIMESYNCFLAG_SYNC, ICTIMESYNCFLAG_SAMPLE, both, or none.
 *
 * Context: process context.
 * Return: 0; -EPERM while the host's samples are off; -EINVAL for bad
 * @flags; -ENOENT, -ENODEV, -ENOTCONN, -EBUSY, -EAGAIN as for
 * vmbc_sim_shutdown_guest().
 */
int vmbc_sim_timesync_sample(struct vmbc_sim *sim, u32 relid, u8 flags)
{
	struct vmbc_sim_timesync *ts;
	struct vmbc_sim_dev *dev;
	int ret;

	if (flags & ~(ICTIMESYNCFLAG_SYNC | ICTIMESYNCFLAG_SAMPLE))
		return -EINVAL;
	mutex_lock(&sim->mutex);
	dev = vmbc_sim_model_dev(sim, relid, &vmbc_sim_timesync_model);
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
	} else if (!sim->timesync_ms) {
		ret = -EPERM;
	} else {
		ts = vmbc_sim_model_priv(dev);
		ret = vmbc_sim_ic_ready(&ts->ic);
		if (!ret)
			ret = vmbc_sim_timesync_send(ts, flags);
	}
	mutex_unlock(&sim->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_sim_timesync_sample);

/* ---------------------------------------------------------------- */
/* debugfs: <host>/timesync, read only                               */

static int vmbc_sim_timesync_show(struct seq_file *s, void *unused)
{
	struct vmbc_sim *sim = s->private;
	struct vmbc_sim_timesync *ts;
	struct vmbc_sim_dev *dev;
	unsigned long relid;

	mutex_lock(&sim->mutex);
	if (sim->timesync_ms)
		seq_printf(s, "timesync samples: every %u ms\n",
			   sim->timesync_ms);
	else
		seq_puts(s, "timesync samples: off (" VMBC_SIM_TIMESYNC_WHY_OFF ")\n");
	xa_for_each(&sim->devs, relid, dev) {
		if (dev->model != &vmbc_sim_timesync_model)
			continue;
		ts = vmbc_sim_model_priv(dev);
		seq_printf(s, "%lu ", relid);
		vmbc_sim_ic_show(&ts->ic, s);
		seq_printf(s, "; samples answered %llu\n", ts->samples);
	}
	mutex_unlock(&sim->mutex);
	return 0;
}

static const struct vmbc_sim_cmd_file vmbc_sim_timesync_file = {
	.name = "timesync",
	.show = vmbc_sim_timesync_show,
};

const struct vmbc_sim_model vmbc_sim_timesync_model = {
	.name = "timesync",
	.class_id = GUID_INIT(0x9527e630, 0xd0ae, 0x497b, 0xad, 0xce, 0xe8,
			      0x0a, 0xb0, 0x17, 0x5c, 0xaf),
	.priv_size = sizeof(struct vmbc_sim_timesync),
	.init = vmbc_sim_timesync_init,
	.opened = vmbc_sim_timesync_opened,
	.packet = vmbc_sim_timesync_packet,
	.closed = vmbc_sim_timesync_closed,
	.release = vmbc_sim_timesync_release,
	.file = &vmbc_sim_timesync_file,
	.host_init = vmbc_sim_timesync_host_init,
	.ic = true,
};
