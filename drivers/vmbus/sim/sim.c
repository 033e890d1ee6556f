// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim hosts: creation, teardown and the C API that tests drive them
 * with (include/vmbc/sim.h).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include <vmbc/transport.h>

#include "sim.h"

/* Bound on vmbc_sim_flush(). */
#define VMBC_SIM_FLUSH_MS	5000

/* A name usable as a debugfs directory and a device name. */
static bool vmbc_sim_name_ok(const char *name)
{
	const char *p;

	if (!*name || strlen(name) >= VMBC_SIM_NAME_MAX ||
	    !strcmp(name, "new_host") || !strcmp(name, "del_host"))
		return false;
	for (p = name; *p; p++)
		if (!isalnum(*p) && *p != '_' && *p != '-')
			return false;
	return true;
}

/* Pick the host's name: @name, or the first free "simN". */
static int vmbc_sim_set_name(struct vmbc_sim *sim, const char *name)
{
	unsigned int i;

	lockdep_assert_held(&vmbc_sim_list_lock);
	if (name) {
		if (!vmbc_sim_name_ok(name))
			return -EINVAL;
		if (vmbc_sim_find(name))
			return -EEXIST;
		strscpy(sim->name, name, sizeof(sim->name));
		return 0;
	}
	for (i = 0; i < 1000; i++) {
		snprintf(sim->name, sizeof(sim->name), "sim%u", i);
		if (!vmbc_sim_find(sim->name))
			return 0;
	}
	return -ENOSPC;
}

static int vmbc_sim_check_config(const struct vmbc_sim_config *cfg)
{
	if (cfg->max_version && vmbc_sim_version_index(cfg->max_version) < 0)
		return -EINVAL;
	if (cfg->refuse_versions & ~GENMASK(VMBC_SIM_NR_VERSIONS - 1, 0))
		return -EINVAL;
	return 0;
}

/*
 * Stop and free a host that is off the list. The order matters: no
 * debugfs writer, then the core unloads while the host still answers,
 * then input, signals and monitor polls, work and interrupts stop, and
 * only then is the connection freed (the core is no longer entered) and
 * the host with it.
 */
static void vmbc_sim_teardown(struct vmbc_sim *sim)
{
	/* behind the fake hypervisor the transport's connection is gone */
	bool own = !sim->hypervisor;

	vmbc_sim_debugfs_del(sim);
	if (own)
		vmbc_connection_unload(sim->conn);
	vmbc_sim_in_stop(sim);
	vmbc_sim_io_stop(sim);
	flush_workqueue(sim->wq);
	vmbc_sim_host_stop(sim);
	vmbc_sim_synic_stop(sim);
	if (own)
		vmbc_connection_free(sim->conn);
	destroy_workqueue(sim->wq);
	vmbc_sim_host_free(sim);
	vmbc_sim_synic_free(sim);
	kfree(sim);
}

/**
 * vmbc_sim_destroy_locked() - take a host off the list and destroy it
 * @sim: the host.
 *
 * Context: process context, sleeps; vmbc_sim_list_lock held.
 */
void vmbc_sim_destroy_locked(struct vmbc_sim *sim)
{
	lockdep_assert_held(&vmbc_sim_list_lock);
	list_del(&sim->list);
	vmbc_sim_teardown(sim);
}

/**
 * vmbc_sim_create() - start a simulated host and connect the core to it
 * @cfg: the configuration. @cfg->name may be NULL: the host gets the
 *	first free name "simN".
 *
 * The host is on the module's list (debugfs shows it) until
 * vmbc_sim_destroy(), or module unload destroys it.
 *
 * Context: process context, sleeps.
 * Return: the host, or an ERR_PTR(): -ECONNREFUSED when no version was
 * accepted and @cfg->no_connect is false, -EINVAL for a bad name or
 * version, -EEXIST for a name in use, or another error of the core's.
 */
struct vmbc_sim *vmbc_sim_create(const struct vmbc_sim_config *cfg)
{
	struct vmbc_connection *conn;
	struct vmbc_sim *sim;
	int err;

	err = vmbc_sim_check_config(cfg);
	if (err)
		return ERR_PTR(err);
	sim = kzalloc(sizeof(*sim), GFP_KERNEL);
	if (!sim)
		return ERR_PTR(-ENOMEM);

	/* held until connected: a name is taken once it is on the list */
	mutex_lock(&vmbc_sim_list_lock);
	err = vmbc_sim_set_name(sim, cfg->name);
	if (err)
		goto err_free;
	vmbc_sim_host_init(sim, cfg);
	sim->wq = alloc_ordered_workqueue("vmbc_sim_%s", 0, sim->name);
	if (!sim->wq) {
		err = -ENOMEM;
		goto err_host;
	}
	err = vmbc_sim_synic_init(sim);
	if (err)
		goto err_synic;
	/* behind the fake hypervisor, the transport under test connects */
	if (!sim->hypervisor) {
		conn = vmbc_connection_create(&vmbc_sim_transport_ops, sim,
					      sim->name);
		if (IS_ERR(conn)) {
			err = PTR_ERR(conn);
			goto err_synic;
		}
		sim->conn = conn;
	}
	list_add_tail(&sim->list, &vmbc_sim_list);
	vmbc_sim_debugfs_add(sim);

	if (!sim->hypervisor && !cfg->no_connect) {
		err = vmbc_connection_connect(conn);
		if (err) {
			vmbc_sim_destroy_locked(sim);
			mutex_unlock(&vmbc_sim_list_lock);
			return ERR_PTR(err);
		}
	}
	mutex_unlock(&vmbc_sim_list_lock);
	return sim;

err_synic:
	vmbc_sim_synic_free(sim);
	destroy_workqueue(sim->wq);
err_host:
	vmbc_sim_host_free(sim);
err_free:
	mutex_unlock(&vmbc_sim_list_lock);
	kfree(sim);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_GPL(vmbc_sim_create);

/**
 * vmbc_sim_destroy() - unload the core's connection and stop the host
 * @sim: the host; NULL or an ERR_PTR() is ignored.
 *
 * Context: process context, sleeps.
 */
void vmbc_sim_destroy(struct vmbc_sim *sim)
{
	void (*release)(void *arg);

	if (IS_ERR_OR_NULL(sim))
		return;
	/* behind the fake hypervisor: the guest goes first */
	release = sim->guest_release;
	if (release) {
		sim->guest_release = NULL;
		release(sim->guest_arg);
		vmbc_sim_attach(sim, NULL, NULL, NULL);
	}
	mutex_lock(&vmbc_sim_list_lock);
	vmbc_sim_destroy_locked(sim);
	mutex_unlock(&vmbc_sim_list_lock);
}
EXPORT_SYMBOL_GPL(vmbc_sim_destroy);

/**
 * vmbc_sim_connection() - the core's connection to this host
 * @sim: the host.
 *
 * Context: any.
 * Return: the connection.
 */
struct vmbc_connection *vmbc_sim_connection(struct vmbc_sim *sim)
{
	return sim->conn;
}
EXPORT_SYMBOL_GPL(vmbc_sim_connection);

/**
 * vmbc_sim_inject() - deliver raw bytes as a message
 * @sim: the host.
 * @msg: the payload.
 * @size: bytes of @msg, at most 240.
 * @payload_size: the size to write into the slot header (may lie, up to 255).
 *
 * For malformed and unexpected messages. Delivered in order with the
 * host's own messages; no fault switch applies.
 *
 * Context: process context.
 * Return: 0, or -EINVAL when @size is over 240, -ENOMEM.
 */
int vmbc_sim_inject(struct vmbc_sim *sim, const void *msg, u32 size,
		    u8 payload_size)
{
	struct vmbc_sim_msg *m;

	if (size > HV_MESSAGE_PAYLOAD_BYTE_COUNT)
		return -EINVAL;
	m = vmbc_sim_msg_new(msg, size, payload_size, GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	vmbc_sim_synic_queue(sim, m);
	return 0;
}
EXPORT_SYMBOL_GPL(vmbc_sim_inject);

/**
 * vmbc_sim_signal() - set the event flag of @relid and interrupt the guest
 * @sim: the host.
 * @relid: the flag to set (0 to 2047; the core's checks are not
 *	anticipated, but a flag outside the 2048 of the page is refused).
 * @cpu: the CPU to interrupt; it must be online.
 *
 * A refused flag or CPU is reported in the kernel log.
 *
 * Context: any.
 */
void vmbc_sim_signal(struct vmbc_sim *sim, u32 relid, int cpu)
{
	if (vmbc_sim_synic_signal(sim, relid, cpu))
		pr_err("%s: no event flag %u on CPU %d (flags 0-%u, online CPUs)\n",
		       sim->name, relid, cpu, HV_EVENT_FLAGS_COUNT - 1);
}
EXPORT_SYMBOL_GPL(vmbc_sim_signal);

static bool vmbc_sim_idle(struct vmbc_sim *sim)
{
	return vmbc_sim_in_idle(sim) && vmbc_sim_synic_idle(sim);
}

/**
 * vmbc_sim_flush() - wait until everything queued either way is handled
 * @sim: the host.
 *
 * Waits until the host has processed every message the core posted and
 * run its channels' work, the core has taken every message the host
 * queued and every interrupt it raised, the core's message and offer work
 * is idle and the channel callbacks those interrupts scheduled have run;
 * and again, as long as any of that produced a message or a signal either
 * way. Delayed responses (VMBC_SIM_DELAY_RESPONSE) and a device model's
 * timers are not waited for. Gives up with an error in the log after 5
 * seconds.
 *
 * Context: process context, sleeps; not from the core's work.
 */
void vmbc_sim_flush(struct vmbc_sim *sim)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(VMBC_SIM_FLUSH_MS);
	s64 before;

	for (;;) {
		before = atomic64_read(&sim->stats.activity);
		/* messages, channel work, device frees: one ordered queue */
		flush_workqueue(sim->wq);
		if (vmbc_sim_idle(sim)) {
			/* the core's work and callbacks may post and signal */
			if (READ_ONCE(sim->conn))
				vmbc_connection_flush(sim->conn);
			if (vmbc_sim_idle(sim) &&
			    atomic64_read(&sim->stats.activity) == before)
				break;
		} else {
			usleep_range(100, 200);
		}
		if (time_after(jiffies, deadline)) {
			pr_err("%s: flush: still busy after %u ms (guest messages %s, host messages %s)\n",
			       sim->name, VMBC_SIM_FLUSH_MS,
			       vmbc_sim_in_idle(sim) ? "handled" : "pending",
			       vmbc_sim_synic_idle(sim) ? "taken" : "pending");
			break;
		}
	}
	vmbc_sim_synic_reap(sim);
}
EXPORT_SYMBOL_GPL(vmbc_sim_flush);

/**
 * vmbc_sim_get_stats() - a copy of the host's counters
 * @sim: the host.
 * @stats: filled in. Guest messages of types 32 and above (and those too
 *	short for a header) are counted at index 0.
 *
 * Context: any.
 */
void vmbc_sim_get_stats(struct vmbc_sim *sim, struct vmbc_sim_stats *stats)
{
	int i;

	memset(stats, 0, sizeof(*stats));
	for (i = 0; i < ARRAY_SIZE(stats->msgs_from_guest); i++)
		stats->msgs_from_guest[i] =
			atomic64_read(&sim->stats.from_guest[i]);
	stats->msgs_to_guest = atomic64_read(&sim->stats.to_guest);
	stats->protocol_errors = atomic64_read(&sim->stats.protocol_errors);
	stats->signals = atomic64_read(&sim->stats.signals);
	stats->eoms = atomic64_read(&sim->stats.eoms);
	stats->offers_declined = atomic64_read(&sim->stats.offers_declined);
	/* written under the host's mutex, read without it */
	stats->version = READ_ONCE(sim->version);
	stats->offers_outstanding = READ_ONCE(sim->offers_outstanding);
}
EXPORT_SYMBOL_GPL(vmbc_sim_get_stats);
