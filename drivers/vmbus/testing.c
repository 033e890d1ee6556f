// SPDX-License-Identifier: GPL-2.0
/*
 * The looks inside the core that the KUnit suites need, and nothing else
 * may have (include/vmbc/testing.h). Built only with the suites.
 */
#include <kunit/visibility.h>
#include <linux/list.h>
#include <linux/rcupdate.h>

#include <vmbc/testing.h>

#include "core.h"

/* Written by the test thread, read wherever a point is. */
static vmbc_test_hook_t vmbc_test_hook;

void vmbc_test_set_hook(vmbc_test_hook_t hook)
{
	WRITE_ONCE(vmbc_test_hook, hook);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_set_hook);

int vmbc_test_point(enum vmbc_test_point point, void *arg)
{
	vmbc_test_hook_t hook = READ_ONCE(vmbc_test_hook);

	return hook ? hook(point, arg) : 0;
}

struct vmbus_channel *vmbc_test_channel_at(struct vmbc_connection *conn,
					   u32 relid)
{
	struct vmbus_channel *channel;

	mutex_lock(&conn->channel_mutex);
	channel = vmbc_relid_to_channel(conn, relid);
	mutex_unlock(&conn->channel_mutex);
	return channel;
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_channel_at);

struct hv_monitor_page *vmbc_test_monitor_page(struct vmbc_connection *conn,
					       unsigned int which)
{
	return conn->monitor_pages[which & 1];
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_monitor_page);

struct vmbus_channel *vmbc_test_channel_get_at(struct vmbc_connection *conn,
					       u32 relid)
{
	struct vmbus_channel *channel;

	mutex_lock(&conn->channel_mutex);
	channel = vmbc_relid_to_channel(conn, relid);
	if (channel)
		kobject_get(&channel->kobj);
	mutex_unlock(&conn->channel_mutex);
	return channel;
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_channel_get_at);

unsigned int vmbc_test_set_timeout(struct vmbc_connection *conn,
				   unsigned int ms)
{
	unsigned int old = conn->timeout_ms;

	WRITE_ONCE(conn->timeout_ms, ms);
	return old;
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_set_timeout);

bool vmbc_test_connected(struct vmbc_connection *conn)
{
	return READ_ONCE(conn->state) == VMBC_CONNECTED;
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_connected);

bool vmbc_test_all_offers_delivered(struct vmbc_connection *conn)
{
	return completion_done(&conn->all_offers);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_all_offers_delivered);

bool vmbc_test_unload_pending(struct vmbc_connection *conn)
{
	return READ_ONCE(conn->unload_pending);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_unload_pending);

unsigned int vmbc_test_primaries(struct vmbc_connection *conn)
{
	unsigned int n;

	mutex_lock(&conn->channel_mutex);
	n = list_count_nodes(&conn->chn_list);
	mutex_unlock(&conn->channel_mutex);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_primaries);

unsigned int vmbc_test_subchannels(struct vmbus_channel *primary,
				   struct vmbus_channel **out,
				   unsigned int max)
{
	struct vmbc_connection *conn = primary->conn;
	struct vmbus_channel *sc;
	unsigned int n = 0;

	mutex_lock(&conn->channel_mutex);
	list_for_each_entry(sc, &primary->sc_list, sc_list) {
		if (out && n < max)
			out[n] = sc;
		n++;
	}
	mutex_unlock(&conn->channel_mutex);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_subchannels);

bool vmbc_test_on_cpu_list(struct vmbus_channel *channel, unsigned int cpu)
{
	struct vmbc_connection *conn = channel->conn;
	struct vmbus_channel *c;
	bool found = false;

	mutex_lock(&conn->channel_mutex);
	list_for_each_entry(c, per_cpu_ptr(conn->percpu_channels, cpu),
			    percpu_list)
		found |= c == channel;
	mutex_unlock(&conn->channel_mutex);
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_on_cpu_list);

void vmbc_test_queue_offer_work(struct vmbc_connection *conn,
				struct work_struct *work, bool subchannels)
{
	queue_work(subchannels ? conn->subchan_wq : conn->offer_wq, work);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_queue_offer_work);

int vmbc_test_post(struct vmbc_connection *conn, const void *msg, u32 size)
{
	return vmbc_post_msg(conn, msg, size, true);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_post);

u16 vmbc_test_signal_event(struct vmbc_connection *conn, u32 connection_id)
{
	return conn->ops->signal_event(conn->priv, connection_id);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_signal_event);

int vmbc_test_channels_alive(void)
{
	rcu_barrier();
	return atomic_read(&vmbc_channels_alive);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_channels_alive);

int vmbc_test_ring_pages_alive(void)
{
	return atomic_read(&vmbc_ring_pages_alive);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_ring_pages_alive);

int vmbc_test_ring_pages_leaked(void)
{
	return atomic_read(&vmbc_ring_pages_leaked);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_ring_pages_leaked);

void vmbc_test_channel_get(struct vmbus_channel *channel)
{
	kobject_get(&channel->kobj);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_channel_get);

void vmbc_test_channel_put(struct vmbus_channel *channel)
{
	vmbc_channel_put(channel);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_test_channel_put);
