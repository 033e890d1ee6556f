// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim SynIC model: per-CPU message slots and event flags, delivery in
 * order with end-of-message, and the "interrupt" that enters the core.
 *
 * A real hypervisor writes a message into SINT 2's slot of the target
 * VP's message page when the slot is free, and interrupts that VP. When
 * the slot is busy it keeps the message and sets the pending flag in the
 * busy slot; the guest, once it has freed the slot, sees the flag and
 * writes the EOM register, upon which the hypervisor delivers the next
 * one. The model does the same with memory of its own: the core cannot
 * tell it from the real thing except by the timing, which is that of a
 * hard interrupt on the target CPU (a pinned hard hrtimer).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/hrtimer.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>

#include <vmbc/transport.h>

#include "sim.h"

/* How long after a raise the interrupt fires: as soon as possible. */
#define VMBC_SIM_IRQ_DELAY_NS	0

static enum hrtimer_restart vmbc_sim_irq(struct hrtimer *timer)
{
	struct vmbc_sim_cpu *pc = container_of(timer, struct vmbc_sim_cpu,
					       timer);
	struct vmbc_sim *sim = pc->sim;
	void (*handler)(void);

	/*
	 * Hard interrupt context on the CPU this slot belongs to, as the
	 * SINT 2 interrupt of Hyper-V. The core takes the message (if any)
	 * and the event flags; it may call our eom op from here, which can
	 * restart this very timer for the next message. Behind the fake
	 * hypervisor the vector's handler, the transport's, does that.
	 */
	if (!sim->hypervisor) {
		vmbc_connection_isr(sim->conn, &pc->slot, &pc->flags);
		return HRTIMER_NORESTART;
	}
	handler = READ_ONCE(sim->hv_handler);
	if (handler && READ_ONCE(pc->sint_on))
		handler();
	return HRTIMER_NORESTART;
}

/* Runs on the target CPU (an IPI): start its timer there, pinned. */
static void vmbc_sim_kick(void *info)
{
	struct vmbc_sim_cpu *pc = info;
	struct vmbc_sim *sim = pc->sim;
	unsigned long flags;

	/* @stopped is read under the lock that vmbc_sim_synic_stop() sets it */
	raw_spin_lock_irqsave(&sim->synic_lock, flags);
	if (!sim->stopped)
		hrtimer_start(&pc->timer, ns_to_ktime(VMBC_SIM_IRQ_DELAY_NS),
			      HRTIMER_MODE_REL_PINNED_HARD);
	raw_spin_unlock_irqrestore(&sim->synic_lock, flags);
	/*
	 * The last access to the host, release: vmbc_sim_synic_stop() waits
	 * for the count to drop (acquire) before the host may be freed.
	 */
	atomic_dec_return_release(&sim->kicks);
}

/*
 * Raise SINT 2 on @cpu. Any context, @synic_lock held (so interrupts are
 * off and smp_processor_id() is stable).
 */
static void vmbc_sim_raise_locked(struct vmbc_sim *sim, int cpu)
{
	struct vmbc_sim_cpu *pc = per_cpu_ptr(sim->cpus, cpu);
	int err;

	lockdep_assert_held(&sim->synic_lock);
	if (sim->stopped)
		return;
	if (cpu == smp_processor_id()) {
		hrtimer_start(&pc->timer, ns_to_ktime(VMBC_SIM_IRQ_DELAY_NS),
			      HRTIMER_MODE_REL_PINNED_HARD);
		return;
	}
	/*
	 * A pinned timer starts on the CPU that starts it: ask @cpu to do
	 * it. The call is asynchronous (interrupts are off here). -EBUSY
	 * means an earlier request has not run yet and will start the timer
	 * after this message is in place, so nothing is lost.
	 */
	atomic_inc(&sim->kicks);
	err = smp_call_function_single_async(cpu, &pc->csd);
	if (err) {
		atomic_dec(&sim->kicks);
		if (err != -EBUSY)
			pr_err("%s: cannot interrupt CPU %d: %pe\n",
			       sim->name, cpu, ERR_PTR(err));
	}
}

/* Write @m into the free @slot. */
static void vmbc_sim_write_slot(struct hv_message *slot,
				const struct vmbc_sim_msg *m)
{
	memset(slot->payload, 0, sizeof(slot->payload));
	memcpy(slot->payload, m->data, m->size);
	slot->header.payload_size = m->payload_size;
	slot->header.message_flags = 0;
	slot->header.reserved[0] = 0;
	slot->header.reserved[1] = 0;
	slot->header.sender = 0;
	/*
	 * The payload and header before the type: the core reads the type
	 * first (acquire) and the rest only when it is not HVMSG_NONE.
	 */
	smp_store_release(&slot->header.message_type, m->hv_type ?: HVMSG_VMBUS);
}

/*
 * Deliver as much of @out_queue as the slot takes: one message when it is
 * free; when busy, set the pending flag so that the core calls eom once
 * it has freed it. Any context, @synic_lock held.
 */
static void vmbc_sim_deliver_locked(struct vmbc_sim *sim)
{
	struct hv_message *slot;
	struct vmbc_sim_msg *m;

	lockdep_assert_held(&sim->synic_lock);
	if (sim->stopped)
		return;
	/* behind the fake hypervisor: nowhere to go until the guest says */
	slot = per_cpu_ptr(sim->cpus, sim->msg_cpu)->slotp;
	if (!slot)
		return;
	while (!list_empty(&sim->out_queue)) {
		/*
		 * Acquire: the core's copy of the slot is complete before it
		 * frees the slot (its release or full barrier), so nothing we
		 * write below can be seen by that copy.
		 */
		if (smp_load_acquire(&slot->header.message_type) != HVMSG_NONE) {
			WRITE_ONCE(slot->header.message_flags,
				   slot->header.message_flags |
				   HV_MESSAGE_FLAG_PENDING);
			/*
			 * Pairs with the core's full barrier between freeing
			 * the slot and reading the flags: either it sees the
			 * flag and calls eom, or we see the slot free below
			 * and deliver ourselves. Never neither.
			 */
			smp_mb();
			if (READ_ONCE(slot->header.message_type) != HVMSG_NONE)
				return;
		}
		m = list_first_entry(&sim->out_queue, struct vmbc_sim_msg, node);
		list_move_tail(&m->node, &sim->out_done);
		vmbc_sim_write_slot(slot, m);
		atomic64_inc(&sim->stats.to_guest);
		atomic64_inc(&sim->stats.activity);
		vmbc_sim_raise_locked(sim, sim->msg_cpu);
	}
}

/**
 * vmbc_sim_synic_queue() - send a message to the guest
 * @sim: the host.
 * @m: the message; the SynIC owns it from now on.
 *
 * Context: process context.
 */
void vmbc_sim_synic_queue(struct vmbc_sim *sim, struct vmbc_sim_msg *m)
{
	unsigned long flags;

	vmbc_sim_synic_reap(sim);
	raw_spin_lock_irqsave(&sim->synic_lock, flags);
	list_add_tail(&m->node, &sim->out_queue);
	vmbc_sim_deliver_locked(sim);
	raw_spin_unlock_irqrestore(&sim->synic_lock, flags);
}

/**
 * vmbc_sim_synic_kick_locked() - deliver what waits, raise what is due
 * @sim: the host.
 * @cpu: the CPU whose delivery targets just changed.
 *
 * Behind the fake hypervisor: the guest has just enabled (part of) its
 * SynIC on @cpu; messages queued meanwhile go out now.
 *
 * Context: any, @synic_lock held.
 */
void vmbc_sim_synic_kick_locked(struct vmbc_sim *sim, int cpu)
{
	lockdep_assert_held(&sim->synic_lock);
	if (cpu == sim->msg_cpu)
		vmbc_sim_deliver_locked(sim);
}

/**
 * vmbc_sim_synic_eom() - the guest freed a slot that had the pending flag
 * @sim: the host.
 *
 * Context: the core's interrupt entry (hard interrupt).
 */
void vmbc_sim_synic_eom(struct vmbc_sim *sim)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sim->synic_lock, flags);
	vmbc_sim_deliver_locked(sim);
	raw_spin_unlock_irqrestore(&sim->synic_lock, flags);
}

/**
 * vmbc_sim_synic_set_target() - choose the CPU whose slot gets messages
 * @sim: the host.
 * @cpu: an online CPU (the VP of INITIATE_CONTACT's target_vcpu).
 *
 * A message already in the old CPU's slot stays there until taken.
 *
 * Context: process context.
 */
void vmbc_sim_synic_set_target(struct vmbc_sim *sim, int cpu)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sim->synic_lock, flags);
	sim->msg_cpu = cpu;
	raw_spin_unlock_irqrestore(&sim->synic_lock, flags);
}

/**
 * vmbc_sim_synic_signal() - set an event flag and interrupt a CPU
 * @sim: the host.
 * @relid: the flag.
 * @cpu: the CPU.
 *
 * Context: any.
 * Return: 0, or -EINVAL for a flag or CPU that does not exist.
 */
int vmbc_sim_synic_signal(struct vmbc_sim *sim, u32 relid, int cpu)
{
	unsigned long flags;

	struct vmbc_sim_cpu *pc;

	if (relid >= HV_EVENT_FLAGS_COUNT || cpu < 0 || cpu >= nr_cpu_ids ||
	    !cpu_online(cpu))
		return -EINVAL;
	pc = per_cpu_ptr(sim->cpus, cpu);
	atomic64_inc(&sim->stats.activity);
	raw_spin_lock_irqsave(&sim->synic_lock, flags);
	/*
	 * Behind the fake hypervisor, an event for a CPU whose event page
	 * is off is lost, as on Hyper-V. Atomic: the core clears flags with
	 * atomic operations, concurrently.
	 */
	if (pc->flagsp) {
		set_bit(relid, pc->flagsp->flags);
		vmbc_sim_raise_locked(sim, cpu);
	}
	raw_spin_unlock_irqrestore(&sim->synic_lock, flags);
	return 0;
}

/**
 * vmbc_sim_synic_idle() - is everything the host sent taken by the core?
 * @sim: the host.
 *
 * True when no message waits to be written, every slot is free, and no
 * interrupt is pending or running (so the core's interrupt entry has
 * finished with what it took).
 *
 * Context: any.
 * Return: true when idle.
 */
bool vmbc_sim_synic_idle(struct vmbc_sim *sim)
{
	unsigned long flags;
	bool idle;
	int cpu;

	raw_spin_lock_irqsave(&sim->synic_lock, flags);
	idle = list_empty(&sim->out_queue);
	raw_spin_unlock_irqrestore(&sim->synic_lock, flags);
	if (!idle || atomic_read(&sim->kicks))
		return false;
	raw_spin_lock_irqsave(&sim->synic_lock, flags);
	for_each_possible_cpu(cpu) {
		struct vmbc_sim_cpu *pc = per_cpu_ptr(sim->cpus, cpu);

		if ((pc->slotp &&
		     READ_ONCE(pc->slotp->header.message_type) != HVMSG_NONE) ||
		    hrtimer_active(&pc->timer))
			idle = false;
	}
	raw_spin_unlock_irqrestore(&sim->synic_lock, flags);
	return idle;
}

/**
 * vmbc_sim_synic_reap() - free the messages already written into a slot
 * @sim: the host.
 *
 * Context: process context.
 */
void vmbc_sim_synic_reap(struct vmbc_sim *sim)
{
	struct vmbc_sim_msg *m, *tmp;
	unsigned long flags;
	LIST_HEAD(done);

	raw_spin_lock_irqsave(&sim->synic_lock, flags);
	list_splice_init(&sim->out_done, &done);
	raw_spin_unlock_irqrestore(&sim->synic_lock, flags);
	list_for_each_entry_safe(m, tmp, &done, node)
		kfree(m);
}

/**
 * vmbc_sim_synic_init() - allocate and set up the per-CPU SynIC state
 * @sim: the host.
 *
 * Context: process context.
 * Return: 0, or -ENOMEM.
 */
int vmbc_sim_synic_init(struct vmbc_sim *sim)
{
	int cpu;

	raw_spin_lock_init(&sim->synic_lock);
	INIT_LIST_HEAD(&sim->out_queue);
	INIT_LIST_HEAD(&sim->out_done);
	atomic_set(&sim->kicks, 0);
	sim->msg_cpu = cpumask_first(cpu_online_mask);
	/* zeroed: every slot HVMSG_NONE, every flag clear */
	sim->cpus = alloc_percpu(struct vmbc_sim_cpu);
	if (!sim->cpus)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct vmbc_sim_cpu *pc = per_cpu_ptr(sim->cpus, cpu);

		pc->sim = sim;
		hrtimer_init(&pc->timer, CLOCK_MONOTONIC,
			     HRTIMER_MODE_REL_PINNED_HARD);
		pc->timer.function = vmbc_sim_irq;
		INIT_CSD(&pc->csd, vmbc_sim_kick, pc);
		if (!sim->hypervisor) {
			/* its own pages, always on */
			pc->slotp = &pc->slot;
			pc->flagsp = &pc->flags;
			pc->sint_on = true;
			continue;
		}
		vmbc_sim_hv_cpu_init(pc);
		if (!pc->input)
			return -ENOMEM;
	}
	return 0;
}

/**
 * vmbc_sim_synic_stop() - raise no more interrupts, wait for running ones
 * @sim: the host.
 *
 * Afterwards the core's interrupt entry is not running for this host and
 * will not be called again.
 *
 * Context: process context, sleeps.
 */
void vmbc_sim_synic_stop(struct vmbc_sim *sim)
{
	unsigned long flags;
	int cpu;

	raw_spin_lock_irqsave(&sim->synic_lock, flags);
	sim->stopped = true;
	raw_spin_unlock_irqrestore(&sim->synic_lock, flags);
	/*
	 * Kicks in flight see @stopped; wait until none touches @sim any
	 * more (acquire pairs with the release in vmbc_sim_kick()).
	 */
	while (atomic_read_acquire(&sim->kicks))
		usleep_range(50, 100);
	for_each_possible_cpu(cpu)
		hrtimer_cancel(&per_cpu_ptr(sim->cpus, cpu)->timer);
}

/**
 * vmbc_sim_synic_free() - free the SynIC state of a stopped host
 * @sim: the host.
 *
 * Context: process context.
 */
void vmbc_sim_synic_free(struct vmbc_sim *sim)
{
	struct vmbc_sim_msg *m, *tmp;
	int cpu;

	vmbc_sim_synic_reap(sim);
	list_for_each_entry_safe(m, tmp, &sim->out_queue, node)
		kfree(m);
	INIT_LIST_HEAD(&sim->out_queue);
	if (!sim->cpus)
		return;
	for_each_possible_cpu(cpu)
		free_page((unsigned long)per_cpu_ptr(sim->cpus, cpu)->input);
	free_percpu(sim->cpus);
	sim->cpus = NULL;
}
