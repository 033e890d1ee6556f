// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim transport ops: what the core calls to reach the simulated host.
 *
 * Like a hypercall, each op returns at once. A posted message is copied
 * and queued for the host's work, a signal queues its channel's work;
 * nothing here calls back into the core.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include <vmbc/transport.h>

#include "sim.h"

/* HvPostMessage's answer to a payload over 240 bytes */
#define VMBC_SIM_HV_STATUS_INVALID_PARAMETER	0x05

/**
 * vmbc_sim_post() - a message the guest posted (HvPostMessage)
 * @sim: the host.
 * @connection_id: where the guest posted it.
 * @msg: the channel message.
 * @size: its bytes.
 *
 * Context: any; takes no sleeping lock.
 * Return: the HV_STATUS_* the hypercall returns.
 */
u16 vmbc_sim_post(struct vmbc_sim *sim, u32 connection_id, const void *msg,
		  u32 size)
{
	struct vmbc_sim_msg *m;
	unsigned long flags;
	u16 status;

	if (size > HV_MESSAGE_PAYLOAD_BYTE_COUNT) {
		atomic64_inc(&sim->stats.from_guest[0]);
		vmbc_sim_protocol_error(sim, "post of %u bytes", size);
		return VMBC_SIM_HV_STATUS_INVALID_PARAMETER;
	}
	/* the armed "busy" fault: count down, fail while it lasts */
	if (atomic_dec_if_positive(&sim->post_busy) >= 0)
		return HV_STATUS_INSUFFICIENT_BUFFERS;
	/* the armed "reject" fault of this type: a hard failure */
	if (size >= sizeof(struct vmbus_channel_message_header)) {
		u32 type = ((const struct vmbus_channel_message_header *)msg)->msgtype;

		if (type < CHANNELMSG_COUNT &&
		    atomic_dec_if_positive(&sim->reject_post[type]) >= 0)
			return HV_STATUS_INVALID_CONNECTION_ID;
	}

	/* atomic: the core may post from any context */
	m = vmbc_sim_msg_new(msg, size, size, GFP_ATOMIC);
	if (!m)
		return HV_STATUS_INSUFFICIENT_MEMORY;
	m->conn_id = connection_id;

	raw_spin_lock_irqsave(&sim->in_lock, flags);
	if (sim->in_stopped) {
		/* the host is going away: swallow it, as a dead host would */
		status = HV_STATUS_SUCCESS;
	} else if (sim->in_count >= VMBC_SIM_IN_QUEUE_MAX) {
		status = HV_STATUS_INSUFFICIENT_BUFFERS;
	} else {
		list_add_tail(&m->node, &sim->in_queue);
		sim->in_count++;
		atomic64_inc(&sim->stats.activity);
		/*
		 * Under @in_lock: once vmbc_sim_in_stop() has set
		 * @in_stopped, no work is queued any more.
		 */
		queue_work(sim->wq, &sim->host_work);
		status = HV_STATUS_SUCCESS;
		m = NULL;
	}
	raw_spin_unlock_irqrestore(&sim->in_lock, flags);

	kfree(m);
	return status;
}

static u16 vmbc_sim_post_message(void *priv, u32 connection_id,
				 const void *msg, u32 size)
{
	return vmbc_sim_post(priv, connection_id, msg, size);
}

/**
 * vmbc_sim_eom_from_guest() - the guest's end-of-message
 * @sim: the host.
 *
 * Context: any (the core's interrupt entry, the EOM register).
 */
void vmbc_sim_eom_from_guest(struct vmbc_sim *sim)
{
	atomic64_inc(&sim->stats.eoms);
	vmbc_sim_synic_eom(sim);
}

static void vmbc_sim_eom(void *priv)
{
	vmbc_sim_eom_from_guest(priv);
}

/**
 * vmbc_sim_signal_from_guest() - the guest's HvSignalEvent
 * @sim: the host.
 * @connection_id: the connection id signalled.
 *
 * Context: any, atomic included; only queues the channel's work.
 * Return: HV_STATUS_SUCCESS.
 */
u16 vmbc_sim_signal_from_guest(struct vmbc_sim *sim, u32 connection_id)
{
	atomic64_inc(&sim->stats.signals);
	atomic64_inc(&sim->stats.activity);
	vmbc_sim_signal_in(sim, connection_id);
	return HV_STATUS_SUCCESS;
}

static u16 vmbc_sim_signal_event(void *priv, u32 connection_id)
{
	return vmbc_sim_signal_from_guest(priv, connection_id);
}

static u32 vmbc_sim_cpu_to_vp(void *priv, int cpu)
{
	/* The simulated partition numbers its VPs as Linux its CPUs. */
	return cpu;
}

const struct vmbc_transport_ops vmbc_sim_transport_ops = {
	.owner = THIS_MODULE,
	.name = "sim",

	/* message path */
	.post_message = vmbc_sim_post_message,
	.eom = vmbc_sim_eom,

	/* event path */
	.signal_event = vmbc_sim_signal_event,

	/* topology */
	.cpu_to_vp = vmbc_sim_cpu_to_vp,
};

/**
 * vmbc_sim_in_idle() - has the host handled every message the guest posted?
 * @sim: the host.
 *
 * Context: any.
 * Return: true when nothing posted is queued or being handled.
 */
bool vmbc_sim_in_idle(struct vmbc_sim *sim)
{
	unsigned long flags;
	bool idle;

	raw_spin_lock_irqsave(&sim->in_lock, flags);
	idle = !sim->in_count;
	raw_spin_unlock_irqrestore(&sim->in_lock, flags);
	return idle;
}

/**
 * vmbc_sim_in_stop() - accept posts from now on, but drop them
 * @sim: the host.
 *
 * Context: process context.
 */
void vmbc_sim_in_stop(struct vmbc_sim *sim)
{
	unsigned long flags;

	raw_spin_lock_irqsave(&sim->in_lock, flags);
	sim->in_stopped = true;
	raw_spin_unlock_irqrestore(&sim->in_lock, flags);
}
