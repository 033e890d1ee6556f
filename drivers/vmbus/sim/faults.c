// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim misbehaviour: the fault switches, and the host's send path,
 * which applies those that act on the host's own messages.
 *
 * Every message the host itself sends goes through vmbc_sim_host_send(),
 * so a switch for a response type (drop, delay, duplicate, fail) works
 * whatever the handler that produced it. The switches that act on the
 * guest's side are applied where the guest reaches the host: a post
 * refused (busy, reject) in the transport's post_message, reads held back
 * (hold) in the channels' work. Injected messages bypass the switches:
 * they are misbehaviour already.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "sim.h"

/* Arm the delay work for the earliest delayed message. */
static void vmbc_sim_arm_delay(struct vmbc_sim *sim)
{
	struct vmbc_sim_msg *m;
	unsigned long next = 0;
	bool any = false;

	lockdep_assert_held(&sim->mutex);
	list_for_each_entry(m, &sim->delayed, node) {
		if (!any || time_before(m->due, next))
			next = m->due;
		any = true;
	}
	if (any)
		mod_delayed_work(sim->wq, &sim->delay_work,
				 time_after(next, jiffies) ? next - jiffies : 0);
}

/**
 * vmbc_sim_delay_work() - send the delayed messages that are due
 * @work: the host's delay_work.
 *
 * Context: process context (the host's work queue).
 */
void vmbc_sim_delay_work(struct work_struct *work)
{
	struct vmbc_sim *sim = container_of(to_delayed_work(work),
					    struct vmbc_sim, delay_work);
	struct vmbc_sim_msg *m, *tmp;

	mutex_lock(&sim->mutex);
	list_for_each_entry_safe(m, tmp, &sim->delayed, node) {
		if (time_before(jiffies, m->due))
			continue;
		list_del(&m->node);
		vmbc_sim_synic_queue(sim, m);
	}
	vmbc_sim_arm_delay(sim);
	mutex_unlock(&sim->mutex);
}

/**
 * vmbc_sim_host_send() - send a message of the host, faults applied
 * @sim: the host.
 * @msg: the channel message; its header gives the type.
 * @size: its bytes.
 *
 * Context: process context, the host's mutex held.
 * Return: 0 (sent, delayed or dropped on purpose), or -ENOMEM.
 */
int vmbc_sim_host_send(struct vmbc_sim *sim, const void *msg, u32 size)
{
	const struct vmbus_channel_message_header *hdr = msg;
	struct vmbc_sim_faults *f = &sim->faults;
	u32 type = hdr->msgtype;
	unsigned int copies = 1, i;
	u32 delay = 0;

	lockdep_assert_held(&sim->mutex);
	if (sim->dead)
		return 0;
	if (type < CHANNELMSG_COUNT) {
		if (f->drop[type]) {
			f->drop[type]--;
			return 0;
		}
		if (f->dup[type]) {
			f->dup[type]--;
			copies = 2;
		}
		delay = f->delay_ms[type];
	}

	for (i = 0; i < copies; i++) {
		struct vmbc_sim_msg *m = vmbc_sim_msg_new(msg, size, size,
							  GFP_KERNEL);

		if (!m)
			return -ENOMEM;
		if (!delay) {
			vmbc_sim_synic_queue(sim, m);
			continue;
		}
		m->due = jiffies + msecs_to_jiffies(delay);
		list_add_tail(&m->node, &sim->delayed);
		vmbc_sim_arm_delay(sim);
	}
	return 0;
}

/**
 * vmbc_sim_fault_set() - set a switch to exactly @arg
 * @sim: the host.
 * @fault: the switch.
 * @type: CHANNELMSG_* for the per-type switches.
 * @arg: count, milliseconds or status; 0 turns the switch off.
 *
 * Context: process context.
 * Return: 0, or -EINVAL for a switch or type that does not exist (a
 * VMBC_SIM_FAIL_RESPONSE only for OPENCHANNEL_RESULT, GPADL_CREATED and
 * MODIFYCHANNEL_RESPONSE).
 */
int vmbc_sim_fault_set(struct vmbc_sim *sim, enum vmbc_sim_fault fault,
		       u32 type, u32 arg)
{
	int err = 0;

	if (fault == VMBC_SIM_POST_BUSY) {
		atomic_set(&sim->post_busy, min_t(u32, arg, INT_MAX));
		return 0;
	}
	if (fault == VMBC_SIM_HOLD_IO) {
		vmbc_sim_io_hold(sim, arg);
		return 0;
	}
	if (type >= CHANNELMSG_COUNT)
		return -EINVAL;
	if (fault == VMBC_SIM_REJECT_POST) {
		atomic_set(&sim->reject_post[type], min_t(u32, arg, INT_MAX));
		return 0;
	}

	mutex_lock(&sim->mutex);
	switch (fault) {
	case VMBC_SIM_DROP_RESPONSE:
		sim->faults.drop[type] = arg;
		break;
	case VMBC_SIM_DELAY_RESPONSE:
		sim->faults.delay_ms[type] = arg;
		break;
	case VMBC_SIM_DUPLICATE_RESPONSE:
		sim->faults.dup[type] = arg;
		break;
	case VMBC_SIM_FAIL_RESPONSE:
		/* only responses that carry a status */
		if (type != CHANNELMSG_OPENCHANNEL_RESULT &&
		    type != CHANNELMSG_GPADL_CREATED &&
		    type != CHANNELMSG_MODIFYCHANNEL_RESPONSE)
			err = -EINVAL;
		else
			sim->faults.fail[type] = arg;
		break;
	default:
		err = -EINVAL;
		break;
	}
	mutex_unlock(&sim->mutex);
	return err;
}

/**
 * vmbc_sim_faults_clear() - turn every switch off, refusals included
 * @sim: the host.
 *
 * Context: process context.
 */
void vmbc_sim_faults_clear(struct vmbc_sim *sim)
{
	u32 t;

	atomic_set(&sim->post_busy, 0);
	for (t = 0; t < CHANNELMSG_COUNT; t++)
		atomic_set(&sim->reject_post[t], 0);
	vmbc_sim_io_hold(sim, false);
	mutex_lock(&sim->mutex);
	memset(&sim->faults, 0, sizeof(sim->faults));
	sim->refuse_versions = 0;
	mutex_unlock(&sim->mutex);
}

/**
 * vmbc_sim_set_fault() - flip a misbehaviour switch
 * @sim: the host.
 * @fault: the switch.
 * @type: the CHANNELMSG_* type it applies to, where it applies to one.
 * @arg: a count or milliseconds, as enum vmbc_sim_fault says; for
 *	VMBC_SIM_DUPLICATE_RESPONSE the number of responses to send twice,
 *	0 counting as 1 ("the next one"); for VMBC_SIM_FAIL_RESPONSE the
 *	status of the next response, 0 turning it off.
 *
 * A bad @fault or @type is reported in the kernel log and changes nothing.
 *
 * Context: process context.
 */
void vmbc_sim_set_fault(struct vmbc_sim *sim, enum vmbc_sim_fault fault,
			u32 type, u32 arg)
{
	if (fault == VMBC_SIM_DUPLICATE_RESPONSE && !arg)
		arg = 1;
	if (vmbc_sim_fault_set(sim, fault, type, arg))
		pr_err("%s: no fault %d for message type %u\n", sim->name,
		       fault, type);
}
EXPORT_SYMBOL_GPL(vmbc_sim_set_fault);
