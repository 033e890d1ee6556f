// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim host side of the channel protocol: what the host does with each
 * message the guest posts.
 *
 * One table row per message type: the minimum size a guest message of that
 * type must have, and its handler. A row with a size but no handler is a
 * guest-to-host type the host accepts and counts but does not act on
 * (TL_CONNECT_REQUEST: no hvsock here); a row without a size is a type
 * the guest must never send. Versions and offers are handled here;
 * GPADLs in gpadl.c, channels in channel.c, relids in devices.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/slab.h>

#include "sim.h"

/**
 * vmbc_sim_protocol_error() - count and report a guest's protocol violation
 * @sim: the host.
 * @fmt: what happened.
 *
 * A correct core never causes one: tests and the QEMU scripts check the
 * counter, and the message names the rule.
 *
 * Context: any.
 */
void vmbc_sim_protocol_error(struct vmbc_sim *sim, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	atomic64_inc(&sim->stats.protocol_errors);
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_warn_ratelimited("%s: protocol error: %pV\n", sim->name, &vaf);
	va_end(args);
}

static bool vmbc_sim_version_ok(struct vmbc_sim *sim, u32 version)
{
	int i = vmbc_sim_version_index(version);

	return i >= 0 && version <= sim->max_version &&
	       !(sim->refuse_versions & BIT(i));
}

static void vmbc_sim_initiate_contact(struct vmbc_sim *sim,
				      const struct vmbc_sim_msg *m)
{
	const struct vmbus_channel_initiate_contact *ic = (const void *)m->data;
	struct vmbus_channel_version_response r = {
		.header.msgtype = CHANNELMSG_VERSION_RESPONSE,
	};
	u32 want = ic->vmbus_version_requested;
	bool v5 = want >= VERSION_WIN10_V5;
	u32 conn_id = v5 ? VMBUS_MESSAGE_CONNECTION_ID_4 :
			   VMBUS_MESSAGE_CONNECTION_ID;
	u32 vp = ic->target_vcpu;
	bool ok;

	if (m->conn_id != conn_id)
		vmbc_sim_protocol_error(sim,
					"INITIATE_CONTACT for %u.%u on connection id %u, not %u",
					want >> 16, want & 0xffff, m->conn_id,
					conn_id);
	if (sim->version)
		vmbc_sim_protocol_error(sim,
					"INITIATE_CONTACT while connected at %u.%u",
					sim->version >> 16,
					sim->version & 0xffff);

	ok = vmbc_sim_version_ok(sim, want);
	/* VP numbers are CPU numbers (cpu_to_vp) */
	if (vp >= nr_cpu_ids || !cpu_online(vp)) {
		vmbc_sim_protocol_error(sim,
					"INITIATE_CONTACT with target_vcpu %u, no online CPU",
					vp);
		ok = false;
	} else {
		vmbc_sim_synic_set_target(sim, vp);
	}

	if (ok) {
		r.version_supported = 1;
		if (v5)
			r.msg_conn_id = sim->cfg_msg_conn_id;
		sim->guest_conn_id = v5 ? sim->cfg_msg_conn_id :
					  VMBUS_MESSAGE_CONNECTION_ID;
		vmbc_sim_set_guest_pages(sim, ic);
		/* lockless readers: vmbc_sim_get_stats(), the signal paths */
		WRITE_ONCE(sim->version, want);
	}
	vmbc_sim_host_send(sim, &r, sizeof(r));
}

static void vmbc_sim_request_offers(struct vmbc_sim *sim,
				    const struct vmbc_sim_msg *m)
{
	struct vmbus_channel_message_header r = {
		.msgtype = CHANNELMSG_ALLOFFERS_DELIVERED,
	};

	if (!sim->version) {
		vmbc_sim_protocol_error(sim, "REQUESTOFFERS before a version was accepted");
		return;
	}
	if (sim->offers_requested) {
		vmbc_sim_protocol_error(sim, "REQUESTOFFERS twice");
		return;
	}
	sim->offers_requested = true;
	vmbc_sim_devs_offer_all(sim);
	vmbc_sim_host_send(sim, &r, sizeof(r));
}

static void vmbc_sim_relid_released(struct vmbc_sim *sim,
				    const struct vmbc_sim_msg *m)
{
	const struct vmbus_channel_relid_released *rr = (const void *)m->data;

	vmbc_sim_dev_released(sim, rr->child_relid);
}

static void vmbc_sim_unload(struct vmbc_sim *sim, const struct vmbc_sim_msg *m)
{
	struct vmbus_channel_message_header r = {
		.msgtype = CHANNELMSG_UNLOAD_RESPONSE,
	};

	vmbc_sim_host_send(sim, &r, sizeof(r));
	/* The guest forgot every channel: so does the host. */
	vmbc_sim_devs_forget(sim);
	vmbc_sim_set_guest_pages(sim, NULL);
	sim->offers_requested = false;
	sim->guest_conn_id = 0;
	WRITE_ONCE(sim->version, 0);
}

/**
 * struct vmbc_sim_handler - what the host does with one message type
 * @min_size: bytes a guest message of the type has at least; 0 for a type
 *	the guest must not send.
 * @handle: the host's action; NULL to accept and count only.
 */
struct vmbc_sim_handler {
	u32 min_size;
	void (*handle)(struct vmbc_sim *sim, const struct vmbc_sim_msg *m);
};

#define VMBC_SIM_HDR	sizeof(struct vmbus_channel_message_header)

static const struct vmbc_sim_handler vmbc_sim_handlers[CHANNELMSG_COUNT] = {
	[CHANNELMSG_REQUESTOFFERS] = {
		VMBC_SIM_HDR, vmbc_sim_request_offers },
	[CHANNELMSG_OPENCHANNEL] = {
		sizeof(struct vmbus_channel_open_channel),
		vmbc_sim_open_channel },
	[CHANNELMSG_CLOSECHANNEL] = {
		sizeof(struct vmbus_channel_close_channel),
		vmbc_sim_close_channel },
	[CHANNELMSG_GPADL_HEADER] = {
		sizeof(struct vmbus_channel_gpadl_header) +
		sizeof(struct gpa_range),
		vmbc_sim_gpadl_header },
	[CHANNELMSG_GPADL_BODY] = {
		sizeof(struct vmbus_channel_gpadl_body),
		vmbc_sim_gpadl_body },
	[CHANNELMSG_GPADL_TEARDOWN] = {
		sizeof(struct vmbus_channel_gpadl_teardown),
		vmbc_sim_gpadl_teardown },
	[CHANNELMSG_RELID_RELEASED] = {
		sizeof(struct vmbus_channel_relid_released),
		vmbc_sim_relid_released },
	[CHANNELMSG_INITIATE_CONTACT] = {
		sizeof(struct vmbus_channel_initiate_contact),
		vmbc_sim_initiate_contact },
	[CHANNELMSG_UNLOAD] = {
		VMBC_SIM_HDR, vmbc_sim_unload },
	[CHANNELMSG_TL_CONNECT_REQUEST] = {
		sizeof(struct vmbus_channel_tl_connect_request), NULL },
	[CHANNELMSG_MODIFYCHANNEL] = {
		sizeof(struct vmbus_channel_modifychannel),
		vmbc_sim_modify_channel },
};

static void vmbc_sim_dispatch(struct vmbc_sim *sim,
			      const struct vmbc_sim_msg *m)
{
	const struct vmbus_channel_message_header *hdr = (const void *)m->data;
	const struct vmbc_sim_handler *h;
	u32 type;

	lockdep_assert_held(&sim->mutex);
	if (m->size < VMBC_SIM_HDR) {
		atomic64_inc(&sim->stats.from_guest[0]);
		vmbc_sim_protocol_error(sim, "message of %u bytes", m->size);
		return;
	}
	type = hdr->msgtype;
	atomic64_inc(&sim->stats.from_guest[type < ARRAY_SIZE(sim->stats.from_guest) ?
					    type : 0]);
	h = type < CHANNELMSG_COUNT ? &vmbc_sim_handlers[type] : NULL;
	if (!h || !h->min_size) {
		vmbc_sim_protocol_error(sim, "message type %u (%s) from the guest",
					type, vmbc_sim_msg_name(type));
		return;
	}
	if (m->size < h->min_size) {
		vmbc_sim_protocol_error(sim, "%s of %u bytes, not at least %u",
					vmbc_sim_msg_name(type), m->size,
					h->min_size);
		return;
	}
	/* INITIATE_CONTACT has its own rule; all else follows the version. */
	if (type != CHANNELMSG_INITIATE_CONTACT && sim->version &&
	    m->conn_id != sim->guest_conn_id)
		vmbc_sim_protocol_error(sim, "%s on connection id %u, not %u",
					vmbc_sim_msg_name(type), m->conn_id,
					sim->guest_conn_id);
	if (h->handle)
		h->handle(sim, m);
}

/**
 * vmbc_sim_host_work() - handle the messages the guest posted, in order
 * @work: the host's host_work.
 *
 * Context: process context (the host's ordered work queue).
 */
void vmbc_sim_host_work(struct work_struct *work)
{
	struct vmbc_sim *sim = container_of(work, struct vmbc_sim, host_work);
	struct vmbc_sim_msg *m;

	for (;;) {
		raw_spin_lock_irq(&sim->in_lock);
		m = list_first_entry_or_null(&sim->in_queue,
					     struct vmbc_sim_msg, node);
		if (m)
			list_del(&m->node);
		raw_spin_unlock_irq(&sim->in_lock);
		if (!m)
			break;

		mutex_lock(&sim->mutex);
		vmbc_sim_dispatch(sim, m);
		mutex_unlock(&sim->mutex);
		kfree(m);

		/* only now is it handled, for vmbc_sim_in_idle() */
		raw_spin_lock_irq(&sim->in_lock);
		sim->in_count--;
		raw_spin_unlock_irq(&sim->in_lock);
		cond_resched();
	}
	vmbc_sim_synic_reap(sim);
}

/**
 * vmbc_sim_host_init() - set up the host side from a configuration
 * @sim: the host.
 * @cfg: the configuration (validated).
 *
 * Context: process context.
 */
void vmbc_sim_host_init(struct vmbc_sim *sim, const struct vmbc_sim_config *cfg)
{
	raw_spin_lock_init(&sim->in_lock);
	INIT_LIST_HEAD(&sim->in_queue);
	atomic_set(&sim->post_busy, 0);
	INIT_WORK(&sim->host_work, vmbc_sim_host_work);

	mutex_init(&sim->mutex);
	sim->max_version = cfg->max_version ?: VMBC_SIM_NEWEST_VERSION;
	sim->refuse_versions = cfg->refuse_versions;
	sim->cfg_msg_conn_id = cfg->msg_conn_id ?: VMBUS_MESSAGE_CONNECTION_ID_4;
	sim->heartbeat_ms = cfg->heartbeat_ms;
	sim->hypervisor = cfg->hypervisor;
	sim->hv_features = cfg->hv_features;
	xa_init_flags(&sim->devs, XA_FLAGS_ALLOC);
	xa_init(&sim->gpadls);
	vmbc_sim_io_init(sim);
	INIT_LIST_HEAD(&sim->delayed);
	INIT_DELAYED_WORK(&sim->delay_work, vmbc_sim_delay_work);
	init_waitqueue_head(&sim->release_wq);
	INIT_DELAYED_WORK(&sim->quiesce_work, vmbc_sim_quiesce_work);
	vmbc_sim_models_host_init(sim);
}

/**
 * vmbc_sim_host_stop() - send nothing more, stop the delayed messages
 * @sim: the host, its input stopped and its host_work finished.
 *
 * Context: process context, sleeps.
 */
void vmbc_sim_host_stop(struct vmbc_sim *sim)
{
	mutex_lock(&sim->mutex);
	sim->dead = true;
	mutex_unlock(&sim->mutex);
	cancel_delayed_work_sync(&sim->delay_work);
	/* a dead host rescinds nothing more: the poll does not come back */
	cancel_delayed_work_sync(&sim->quiesce_work);
}

/**
 * vmbc_sim_host_free() - free the host side of a stopped host
 * @sim: the host.
 *
 * Context: process context.
 */
void vmbc_sim_host_free(struct vmbc_sim *sim)
{
	struct vmbc_sim_msg *m, *tmp;

	list_for_each_entry_safe(m, tmp, &sim->in_queue, node)
		kfree(m);
	list_for_each_entry_safe(m, tmp, &sim->delayed, node)
		kfree(m);
	vmbc_sim_devs_free(sim);
	vmbc_sim_gpadls_free(sim);
	mutex_destroy(&sim->mutex);
}

/**
 * vmbc_sim_host_set_refuse() - change the versions the host refuses
 * @sim: the host.
 * @mask: bit i refuses vmbc_sim_versions[i].
 *
 * Context: process context.
 */
void vmbc_sim_host_set_refuse(struct vmbc_sim *sim, u32 mask)
{
	mutex_lock(&sim->mutex);
	sim->refuse_versions = mask;
	mutex_unlock(&sim->mutex);
}
