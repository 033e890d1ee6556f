// SPDX-License-Identifier: GPL-2.0
/*
 * A VMBus connection: its lifetime, version negotiation and unload.
 *
 * Implementation notes
 *
 * States: DISCONNECTED -> CONNECTING (INITIATE_CONTACT in flight) ->
 * CONNECTED (a version was accepted) -> DISCONNECTING (unload) ->
 * DISCONNECTED. Offers and rescinds are taken only while CONNECTED;
 * responses are matched in every state, because unloading still waits
 * for GPADL teardowns and UNLOAD_RESPONSE.
 *
 * Contexts: the transport calls vmbc_connection_isr() in interrupt
 * context; it copies each message once and queues it on @msg_wq (ordered,
 * never blocks on a driver). Offers are then processed on @offer_wq or
 * @subchan_wq, each on the channel's own work item.
 *
 * Locks: see the implementation notes in core.h.
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "connection.h"
#include "core.h"
#include "trace.h"

/* Newest first: the order INITIATE_CONTACT tries them in. */
static const u32 vmbc_versions[] = {
	VERSION_WIN10_V5_3, VERSION_WIN10_V5_2, VERSION_WIN10_V5_1,
	VERSION_WIN10_V5, VERSION_WIN10_V4_1, VERSION_WIN10,
	VERSION_WIN8_1, VERSION_WIN8, VERSION_WIN7, VERSION_WS2008,
};

/* Every connection, for vmbc_get_version(), the default one and debugfs. */
static LIST_HEAD(vmbc_connections);
static DEFINE_SPINLOCK(vmbc_connections_lock);	/* vmbc_connections */

u32 vmbc_connection_version(struct vmbc_connection *conn)
{
	return READ_ONCE(conn->version);
}
EXPORT_SYMBOL_GPL(vmbc_connection_version);

const char *vmbc_connection_name(struct vmbc_connection *conn)
{
	return conn->name;
}
EXPORT_SYMBOL_GPL(vmbc_connection_name);

u64 vmbc_connection_stat(struct vmbc_connection *conn, enum vmbc_stat stat)
{
	return (unsigned int)stat < VMBC_STAT_COUNT ? vmbc_stat(conn, stat) : 0;
}
EXPORT_SYMBOL_GPL(vmbc_connection_stat);

u32 vmbc_connection_msg_conn_id(struct vmbc_connection *conn)
{
	return READ_ONCE(conn->msg_conn_id);
}
EXPORT_SYMBOL_GPL(vmbc_connection_msg_conn_id);

/* Why @cpu cannot go while @conn is connected, or NULL. */
static const char *vmbc_cpu_busy_reason(struct vmbc_connection *conn,
					unsigned int cpu)
{
	if (READ_ONCE(conn->state) != VMBC_CONNECTED)
		return NULL;
	if (cpu == VMBC_CONNECT_CPU)
		return "takes the host's messages and cannot go offline while connected";
	if (!list_empty(per_cpu_ptr(conn->percpu_channels, cpu)))
		return "still takes channel interrupts; move them first (channels/<relid>/cpu)";
	return NULL;
}

int vmbc_connection_cpu_busy(struct vmbc_connection *conn, unsigned int cpu)
{
	const char *why = vmbc_cpu_busy_reason(conn, cpu);

	if (!why)
		return 0;
	pr_warn("vmbc %s: CPU %u %s\n", conn->name, cpu, why);
	return -EBUSY;
}
EXPORT_SYMBOL_GPL(vmbc_connection_cpu_busy);

/**
 * vmbc_cpu_offline_check() - may @cpu go offline?
 * @cpu: the CPU about to go.
 *
 * Not while a connected host sends its messages there (the VP named in
 * INITIATE_CONTACT), nor while a channel interrupts it: the host would
 * keep signalling a CPU that no longer takes interrupts. The channels
 * must be moved first (channels/<relid>/cpu), as in Linux.
 *
 * Channels join a CPU's list only under cpus_read_lock() (offers and
 * vmbc_channel_set_cpu()), which CPU hot-remove excludes; one leaving it
 * meanwhile at worst makes the answer a conservative "busy".
 *
 * Context: the CPU hotplug thread, cpu_hotplug_lock held for writing.
 * Return: 0, or -EBUSY (logged) to keep @cpu online.
 */
int vmbc_cpu_offline_check(unsigned int cpu)
{
	struct vmbc_connection *conn;
	unsigned long flags;
	const char *why = NULL;

	spin_lock_irqsave(&vmbc_connections_lock, flags);
	list_for_each_entry(conn, &vmbc_connections, list) {
		why = vmbc_cpu_busy_reason(conn, cpu);
		if (why) {
			pr_warn("vmbc %s: CPU %u %s\n", conn->name, cpu, why);
			break;
		}
	}
	spin_unlock_irqrestore(&vmbc_connections_lock, flags);
	return why ? -EBUSY : 0;
}

/*
 * The version each connection last unloaded at, by connection name, across
 * the transport module's reloads: hosts older than WIN8_1 cannot take a
 * second INITIATE_CONTACT after an UNLOAD.
 */
static struct {
	char name[16];
	u32 version;
} vmbc_unloaded[4];
static DEFINE_SPINLOCK(vmbc_unloaded_lock);	/* vmbc_unloaded */

static void vmbc_note_unload(const char *name, u32 version)
{
	unsigned long flags;
	unsigned int i, slot = 0;

	spin_lock_irqsave(&vmbc_unloaded_lock, flags);
	for (i = 0; i < ARRAY_SIZE(vmbc_unloaded); i++) {
		if (!strcmp(vmbc_unloaded[i].name, name) ||
		    !vmbc_unloaded[i].name[0]) {
			slot = i;
			break;
		}
	}
	strscpy(vmbc_unloaded[slot].name, name,
		sizeof(vmbc_unloaded[slot].name));
	vmbc_unloaded[slot].version = version;
	spin_unlock_irqrestore(&vmbc_unloaded_lock, flags);
}

u32 vmbc_connection_last_version(const char *name)
{
	unsigned long flags;
	u32 version = 0;
	unsigned int i;

	spin_lock_irqsave(&vmbc_unloaded_lock, flags);
	for (i = 0; i < ARRAY_SIZE(vmbc_unloaded); i++)
		if (!strcmp(vmbc_unloaded[i].name, name))
			version = vmbc_unloaded[i].version;
	spin_unlock_irqrestore(&vmbc_unloaded_lock, flags);
	return version;
}
EXPORT_SYMBOL_GPL(vmbc_connection_last_version);

/**
 * vmbc_get_version() - the protocol version negotiated with the host
 *
 * With several connections (simulated hosts), the oldest one's.
 *
 * Context: any.
 * Return: VERSION_* of the first connection, or 0 when not connected.
 */
u32 vmbc_get_version(void)
{
	struct vmbc_connection *conn;
	unsigned long flags;
	u32 version = 0;

	spin_lock_irqsave(&vmbc_connections_lock, flags);
	conn = list_first_entry_or_null(&vmbc_connections,
					struct vmbc_connection, list);
	if (conn)
		version = vmbc_connection_version(conn);
	spin_unlock_irqrestore(&vmbc_connections_lock, flags);
	return version;
}
EXPORT_SYMBOL_GPL(vmbc_get_version);

/*
 * Linux's API knows one connection; here it is the oldest connected one
 * (the Hyper-V transport's, or the first simulated host's). What Linux
 * keeps of it in globals follows it. Under vmbc_connections_lock.
 */
static struct vmbc_connection *vmbc_default_locked(void)
{
	struct vmbc_connection *conn;

	lockdep_assert_held(&vmbc_connections_lock);
	list_for_each_entry(conn, &vmbc_connections, list)
		if (READ_ONCE(conn->state) == VMBC_CONNECTED)
			return conn;
	return NULL;
}

static void vmbc_default_update(void)
{
	struct vmbc_connection *conn;
	unsigned long flags;

	spin_lock_irqsave(&vmbc_connections_lock, flags);
	conn = vmbc_default_locked();
	WRITE_ONCE(vmbus_proto_version, conn ? conn->version : 0);
	vmbc_legacy_connection_set(conn ? conn->int_page : NULL,
				   conn ? conn->monitor_pages[0] : NULL,
				   conn ? conn->monitor_pages[1] : NULL);
	spin_unlock_irqrestore(&vmbc_connections_lock, flags);
}

/**
 * vmbc_default_call() - run @fn on the default connection
 * @fn: what to do; runs under a spinlock, so must not sleep.
 * @arg: its argument.
 *
 * For the parts of Linux's API that name no channel (vmbus_onmessage(),
 * vmbus_request_offers(), vmbus_send_tl_connect_request()). The lock keeps
 * the connection from being freed while @fn uses it.
 *
 * Context: any.
 * Return: what @fn returns, or -ENODEV when no connection is connected.
 */
int vmbc_default_call(int (*fn)(struct vmbc_connection *conn, void *arg),
		      void *arg)
{
	struct vmbc_connection *conn;
	unsigned long flags;
	int ret = -ENODEV;

	spin_lock_irqsave(&vmbc_connections_lock, flags);
	conn = vmbc_default_locked();
	if (conn)
		ret = fn(conn, arg);
	spin_unlock_irqrestore(&vmbc_connections_lock, flags);
	return ret;
}

/* One message, retried while the host is out of buffers. */
static int vmbc_post_retry(struct vmbc_connection *conn, u32 connection_id,
			   const void *msg, u32 size, bool can_sleep)
{
	unsigned int delay_us = 50;
	unsigned int tries;
	u16 status;

	for (tries = 0; tries < 20; tries++) {
		status = conn->ops->post_message(conn->priv, connection_id,
						 msg, size);
		if (status == HV_STATUS_SUCCESS)
			return 0;
		if (status != HV_STATUS_INSUFFICIENT_MEMORY &&
		    status != HV_STATUS_INSUFFICIENT_BUFFERS) {
			vmbc_count(conn, VMBC_STAT_POST_FAILURES);
			return -EIO;
		}
		vmbc_count(conn, VMBC_STAT_POST_RETRIES);
		if (can_sleep)
			usleep_range(delay_us, 2 * delay_us);
		else
			udelay(min(delay_us, 100U));
		delay_us = min(delay_us * 2, 10000U);
	}
	vmbc_count(conn, VMBC_STAT_POST_FAILURES);
	return -EAGAIN;
}

/**
 * vmbc_post() - post a channel message, retrying while the host is busy
 * @conn: the connection.
 * @connection_id: where to post it.
 * @msg: the message.
 * @size: its size, at most 240.
 * @can_sleep: whether to sleep between retries.
 *
 * Context: any; sleeps only when @can_sleep.
 * Return: 0, -EAGAIN when the host stayed out of buffers, -EIO on another
 * hypercall failure.
 */
int vmbc_post(struct vmbc_connection *conn, u32 connection_id,
	      const void *msg, u32 size, bool can_sleep)
{
	int ret;

	if (WARN_ON_ONCE(size > HV_MESSAGE_PAYLOAD_BYTE_COUNT))
		return -EINVAL;
	ret = vmbc_post_retry(conn, connection_id, msg, size, can_sleep);
	trace_vmbc_msg_send(conn, msg, size, ret);
	return ret;
}

int vmbc_post_msg(struct vmbc_connection *conn, const void *msg, u32 size,
		  bool can_sleep)
{
	return vmbc_post(conn, vmbc_connection_msg_conn_id(conn), msg, size,
			 can_sleep);
}

/* One INITIATE_CONTACT: 0 accepted, -EPROTO refused, else an error. */
static int vmbc_initiate_contact(struct vmbc_connection *conn, u32 version)
{
	struct vmbus_channel_initiate_contact *msg;
	struct vmbus_channel_version_response *resp;
	struct vmbus_channel_msginfo *req;
	u32 connection_id;
	int ret;

	req = vmbc_request_alloc(sizeof(*msg), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	msg = (void *)req->msg;
	msg->header.msgtype = CHANNELMSG_INITIATE_CONTACT;
	msg->vmbus_version_requested = version;
	msg->target_vcpu = conn->ops->cpu_to_vp(conn->priv, VMBC_CONNECT_CPU);
	/*
	 * From 5.0 the host interrupts on SINT 2 and takes contact on its
	 * own connection id; before, it needs the shared interrupt page.
	 */
	if (version >= VERSION_WIN10_V5) {
		msg->msg_sint = VMBUS_MESSAGE_SINT;
		connection_id = VMBUS_MESSAGE_CONNECTION_ID_4;
	} else {
		msg->interrupt_page = virt_to_phys(conn->int_page);
		connection_id = VMBUS_MESSAGE_CONNECTION_ID;
	}
	msg->monitor_page1 = virt_to_phys(conn->monitor_pages[0]);
	msg->monitor_page2 = virt_to_phys(conn->monitor_pages[1]);

	ret = vmbc_request_send(conn, req, connection_id, NULL);
	if (ret)
		goto out;

	resp = &req->response.version_response;
	if (!resp->version_supported) {
		ret = -EPROTO;
		goto out;
	}
	WRITE_ONCE(conn->msg_conn_id, version >= VERSION_WIN10_V5 ?
		   resp->msg_conn_id : VMBUS_MESSAGE_CONNECTION_ID);
	WRITE_ONCE(conn->version, version);
out:
	vmbc_request_free(req);
	return ret;
}

int vmbc_connection_connect(struct vmbc_connection *conn)
{
	struct vmbus_channel_message_header req_offers = {
		.msgtype = CHANNELMSG_REQUESTOFFERS,
	};
	unsigned int i;
	int ret = -ECONNREFUSED;

	if (READ_ONCE(conn->state) != VMBC_DISCONNECTED)
		return -EBUSY;
	WRITE_ONCE(conn->state, VMBC_CONNECTING);

	for (i = 0; i < ARRAY_SIZE(vmbc_versions); i++) {
		ret = vmbc_initiate_contact(conn, vmbc_versions[i]);
		trace_vmbc_version(conn, vmbc_versions[i], ret);
		if (ret != -EPROTO)
			break;
	}
	if (ret) {
		WRITE_ONCE(conn->state, VMBC_DISCONNECTED);
		if (ret == -EPROTO) {
			pr_err("vmbc %s: the host accepted no VMBus version (offered %u.%u down to %u.%u)\n",
			       conn->name, vmbc_versions[0] >> 16,
			       vmbc_versions[0] & 0xffff,
			       VERSION_WS2008 >> 16, VERSION_WS2008 & 0xffff);
			return -ECONNREFUSED;
		}
		pr_err("vmbc %s: version negotiation failed: %pe\n",
		       conn->name, ERR_PTR(ret));
		return ret;
	}

	/* Offers are taken from here on (see vmbc_handle_offer()). */
	WRITE_ONCE(conn->state, VMBC_CONNECTED);
	vmbc_default_update();
	pr_info("vmbc %s: connected over %s, VMBus protocol %u.%u, message connection id %u\n",
		conn->name, conn->ops->name, conn->version >> 16,
		conn->version & 0xffff, conn->msg_conn_id);

	ret = vmbc_post_msg(conn, &req_offers, sizeof(req_offers), true);
	if (ret) {
		pr_err("vmbc %s: REQUESTOFFERS failed: %pe\n", conn->name, ERR_PTR(ret));
		return ret;
	}
	if (!wait_for_completion_timeout(&conn->all_offers,
					 msecs_to_jiffies(conn->timeout_ms)))
		pr_warn("vmbc %s: no ALLOFFERS_DELIVERED within %u ms; later offers count as hot-adds\n",
			conn->name, conn->timeout_ms);
	/* Let the initial devices appear before returning. */
	vmbc_connection_flush(conn);
	return 0;
}
EXPORT_SYMBOL_GPL(vmbc_connection_connect);

/* Is a channel's callback tasklet scheduled or running? */
static bool vmbc_channel_callback_busy(struct vmbus_channel *channel)
{
	return READ_ONCE(channel->callback_event.state) &
	       (BIT(TASKLET_STATE_SCHED) | BIT(TASKLET_STATE_RUN));
}

/*
 * Wait until no channel of @conn has a callback scheduled or running: the
 * interrupts delivered so far have been acted on. Bounded by the
 * connection's timeout (a host that floods a channel keeps its tasklet
 * busy for as long as it floods).
 */
static void vmbc_connection_quiesce_callbacks(struct vmbc_connection *conn)
{
	unsigned long end = jiffies + msecs_to_jiffies(conn->timeout_ms);
	struct vmbus_channel *channel;
	u32 relid;

	/* channel_mutex: no channel leaves the table while we look */
	mutex_lock(&conn->channel_mutex);
	for (relid = 1; relid <= VMBUS_MAX_RELID; relid++) {
		channel = vmbc_relid_to_channel(conn, relid);
		while (channel && vmbc_channel_callback_busy(channel)) {
			if (time_after(jiffies, end)) {
				pr_warn("vmbc %s: flush: the callback of relid %u is still busy\n",
					conn->name, relid);
				goto out;
			}
			usleep_range(20, 50);
		}
	}
out:
	mutex_unlock(&conn->channel_mutex);
}

void vmbc_connection_flush(struct vmbc_connection *conn)
{
	/* Offer work is queued by message work, so drain in that order. */
	flush_workqueue(conn->msg_wq);
	flush_workqueue(conn->offer_wq);
	flush_workqueue(conn->subchan_wq);
	vmbc_connection_quiesce_callbacks(conn);
}
EXPORT_SYMBOL_GPL(vmbc_connection_flush);

void vmbc_connection_unload(struct vmbc_connection *conn)
{
	struct vmbus_channel_message_header unload = {
		.msgtype = CHANNELMSG_UNLOAD,
	};
	bool was_connected = READ_ONCE(conn->state) == VMBC_CONNECTED;

	/* No offer or rescind is taken from here on. */
	WRITE_ONCE(conn->state, VMBC_DISCONNECTING);
	vmbc_default_update();
	vmbc_connection_flush(conn);
	vmbc_remove_all_channels(conn);

	if (was_connected) {
		reinit_completion(&conn->unload_done);
		WRITE_ONCE(conn->unload_pending, true);
		if (!vmbc_post_msg(conn, &unload, sizeof(unload), true) &&
		    !wait_for_completion_timeout(&conn->unload_done,
						 msecs_to_jiffies(conn->timeout_ms)))
			pr_warn("vmbc %s: no UNLOAD_RESPONSE within %u ms; unloading anyway\n",
				conn->name, conn->timeout_ms);
		WRITE_ONCE(conn->unload_pending, false);
	}
	flush_workqueue(conn->msg_wq);
	if (was_connected)
		vmbc_note_unload(conn->name, conn->version);
	WRITE_ONCE(conn->state, VMBC_DISCONNECTED);
	WRITE_ONCE(conn->version, 0);
	vmbc_default_update();
	pr_info("vmbc %s: disconnected\n", conn->name);
}
EXPORT_SYMBOL_GPL(vmbc_connection_unload);

struct vmbc_connection *
vmbc_connection_create(const struct vmbc_transport_ops *ops, void *priv,
		       const char *name)
{
	struct vmbc_connection *conn;
	struct vmbc_msg_cpu *mc;
	unsigned long flags;
	int ret = -ENOMEM;
	int i, cpu;

	conn = kzalloc(sizeof(*conn), GFP_KERNEL);
	if (!conn)
		return ERR_PTR(-ENOMEM);
	conn->ops = ops;
	conn->priv = priv;
	strscpy(conn->name, name, sizeof(conn->name));
	conn->timeout_ms = vmbc_timeout_ms;
	conn->msg_conn_id = VMBUS_MESSAGE_CONNECTION_ID;
	INIT_LIST_HEAD(&conn->list);
	spin_lock_init(&conn->channels_lock);
	mutex_init(&conn->channel_mutex);
	mutex_init(&conn->sysfs_lock);
	INIT_LIST_HEAD(&conn->chn_list);
	hash_init(conn->instances);
	spin_lock_init(&conn->requests_lock);
	INIT_LIST_HEAD(&conn->requests);
	init_completion(&conn->all_offers);
	init_completion(&conn->unload_done);

	/* Everything the interrupt entry touches exists before it can run. */
	conn->channels = kcalloc(VMBC_RELID_SLOTS, sizeof(*conn->channels),
				 GFP_KERNEL);
	/* Shared with the host: zeroed, so nothing private leaks into them. */
	conn->int_page = (void *)get_zeroed_page(GFP_KERNEL);
	for (i = 0; i < 2; i++)
		conn->monitor_pages[i] = (void *)get_zeroed_page(GFP_KERNEL);
	conn->last_node = NUMA_NO_NODE;
	conn->last_cpu = -1;
	conn->percpu_channels = alloc_percpu(struct list_head);
	if (conn->percpu_channels)
		for_each_possible_cpu(cpu)
			INIT_LIST_HEAD(per_cpu_ptr(conn->percpu_channels, cpu));
	conn->msg_cpu = alloc_percpu(struct vmbc_msg_cpu);
	if (conn->msg_cpu) {
		for_each_possible_cpu(cpu) {
			mc = per_cpu_ptr(conn->msg_cpu, cpu);
			mc->conn = conn;
			tasklet_setup(&mc->tasklet, vmbc_msg_tasklet);
		}
	}
	conn->msg_wq = alloc_ordered_workqueue("vmbc_%s_msg", 0, conn->name);
	conn->offer_wq = alloc_ordered_workqueue("vmbc_%s_offer", 0,
						 conn->name);
	conn->subchan_wq = alloc_ordered_workqueue("vmbc_%s_subchan", 0,
						   conn->name);
	if (!conn->channels || !conn->int_page || !conn->monitor_pages[0] ||
	    !conn->monitor_pages[1] || !conn->msg_cpu ||
	    !conn->percpu_channels || !conn->msg_wq ||
	    !conn->offer_wq || !conn->subchan_wq)
		goto err_free;

	conn->root = root_device_register(conn->name);
	if (IS_ERR(conn->root)) {
		ret = PTR_ERR(conn->root);
		conn->root = NULL;
		goto err_free;
	}
	vmbc_connection_debugfs_init(conn);

	spin_lock_irqsave(&vmbc_connections_lock, flags);
	list_add_tail(&conn->list, &vmbc_connections);
	spin_unlock_irqrestore(&vmbc_connections_lock, flags);
	return conn;

err_free:
	pr_err("vmbc %s: cannot create the connection: %pe\n", name, ERR_PTR(ret));
	vmbc_connection_free(conn);
	return ERR_PTR(ret);
}
EXPORT_SYMBOL_GPL(vmbc_connection_create);

void vmbc_connection_free(struct vmbc_connection *conn)
{
	unsigned long flags;
	int cpu;

	spin_lock_irqsave(&vmbc_connections_lock, flags);
	list_del_init(&conn->list);
	spin_unlock_irqrestore(&vmbc_connections_lock, flags);
	vmbc_default_update();

	/* The transport no longer calls the entry: finish what it started. */
	if (conn->msg_cpu) {
		for_each_possible_cpu(cpu)
			tasklet_kill(&per_cpu_ptr(conn->msg_cpu, cpu)->tasklet);
	}
	debugfs_remove_recursive(conn->debugfs);
	if (conn->root)
		root_device_unregister(conn->root);
	if (conn->msg_wq)
		destroy_workqueue(conn->msg_wq);
	if (conn->offer_wq)
		destroy_workqueue(conn->offer_wq);
	if (conn->subchan_wq)
		destroy_workqueue(conn->subchan_wq);
	free_percpu(conn->msg_cpu);
	free_percpu(conn->percpu_channels);
	free_page((unsigned long)conn->monitor_pages[1]);
	free_page((unsigned long)conn->monitor_pages[0]);
	free_page((unsigned long)conn->int_page);
	kfree(conn->channels);
	kfree(conn);
}
EXPORT_SYMBOL_GPL(vmbc_connection_free);
