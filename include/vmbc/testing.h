/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbc: for the KUnit suites only. Nothing here is API: these are the few
 * looks inside the core that a test needs and that no driver or transport
 * may have. Built only with CONFIG_VMBC_KUNIT_TEST (drivers/vmbus/testing.c).
 */
#ifndef _VMBC_TESTING_H
#define _VMBC_TESTING_H

#include <linux/types.h>

struct vmbc_connection;
struct vmbus_channel;
struct work_struct;

/**
 * enum vmbc_test_point - where the core calls the test hook
 * @VMBC_TP_DEVICE_REGISTER: a primary's device is about to be added (@arg:
 *	the channel); a non-zero return fails the registration with it.
 * @VMBC_TP_DEVICE_REMOVE: a device is about to remove its channel
 *	directories (@arg: the primary channel), under the connection's
 *	sysfs lock.
 * @VMBC_TP_CPU_STORE: a write of channels/<relid>/cpu entered its handler
 *	(@arg: the channel).
 * @VMBC_TP_PACKET_COPY: the iterator validated an inbound packet and is
 *	about to copy it out of the ring (@arg: the packet in the ring, a
 *	const void *), in the channel's callback.
 * @VMBC_TP_CALLBACKS_STOPPING: vmbus_close() (or a failed open) cleared the
 *	channel's callback and is about to wait for the ones running (@arg:
 *	the channel).
 */
enum vmbc_test_point {
	VMBC_TP_DEVICE_REGISTER,
	VMBC_TP_DEVICE_REMOVE,
	VMBC_TP_CPU_STORE,
	VMBC_TP_PACKET_COPY,
	VMBC_TP_CALLBACKS_STOPPING,
};

/**
 * typedef vmbc_test_hook_t - a test's hook into the core
 * @point: where the core is.
 * @arg: what the point says.
 *
 * Return: 0 to carry on; at points that say so, an -errno to inject.
 */
typedef int (*vmbc_test_hook_t)(enum vmbc_test_point point, void *arg);

/**
 * vmbc_test_set_hook() - install (or, with NULL, remove) the test hook
 * @hook: the hook; one at a time, for all connections.
 *
 * The hook runs in whatever context its point is in (the channel
 * callback's included). A test removes it before what it uses goes,
 * once the paths it drives have finished.
 */
void vmbc_test_set_hook(vmbc_test_hook_t hook);

/**
 * vmbc_test_point() - call the test hook, if any (the core's side)
 * @point: where the core is.
 * @arg: what the point says.
 *
 * Return: what the hook returned, 0 without one.
 */
int vmbc_test_point(enum vmbc_test_point point, void *arg);

/**
 * vmbc_test_channel_at() - the channel in the relid table at @relid
 * @conn: the connection.
 * @relid: any value.
 *
 * Return: the channel, or NULL. Valid while the test holds the channel
 * open or its device registered.
 */
struct vmbus_channel *vmbc_test_channel_at(struct vmbc_connection *conn,
					   u32 relid);

/**
 * vmbc_test_monitor_page() - one of a connection's two monitor pages
 * @conn: the connection.
 * @which: 0, the host's ("server"), or 1, the guest's ("client").
 *
 * Return: the page, shared with the host.
 */
struct hv_monitor_page *vmbc_test_monitor_page(struct vmbc_connection *conn,
					       unsigned int which);

/**
 * vmbc_test_set_timeout() - the bound on the connection's waits for the host
 * @conn: the connection.
 * @ms: milliseconds.
 *
 * Return: the bound it had.
 */
unsigned int vmbc_test_set_timeout(struct vmbc_connection *conn,
				   unsigned int ms);

/**
 * vmbc_test_connected() - is the connection in its CONNECTED state?
 * @conn: the connection.
 *
 * Return: true while connected.
 */
bool vmbc_test_connected(struct vmbc_connection *conn);

/**
 * vmbc_test_all_offers_delivered() - did ALLOFFERS_DELIVERED arrive?
 * @conn: the connection.
 *
 * Return: true once it did.
 */
bool vmbc_test_all_offers_delivered(struct vmbc_connection *conn);

/**
 * vmbc_test_unload_pending() - does an UNLOAD wait for its response?
 * @conn: the connection.
 *
 * Return: true while one waits.
 */
bool vmbc_test_unload_pending(struct vmbc_connection *conn);

/**
 * vmbc_test_primaries() - primary channels on the connection's list
 * @conn: the connection.
 *
 * Return: their number.
 */
unsigned int vmbc_test_primaries(struct vmbc_connection *conn);

/**
 * vmbc_test_subchannels() - a snapshot of a primary's sub-channels
 * @primary: the primary channel.
 * @out: filled with up to @max sub-channels, in offer order; may be NULL.
 * @max: room in @out.
 *
 * Return: how many sub-channels the primary has (may exceed @max).
 */
unsigned int vmbc_test_subchannels(struct vmbus_channel *primary,
				   struct vmbus_channel **out,
				   unsigned int max);

/**
 * vmbc_test_on_cpu_list() - is @channel on the per-CPU list of @cpu?
 * @channel: the channel.
 * @cpu: the CPU.
 *
 * Return: true when it is.
 */
bool vmbc_test_on_cpu_list(struct vmbus_channel *channel, unsigned int cpu);

/**
 * vmbc_test_queue_offer_work() - run @work on a connection's offer queue
 * @conn: the connection.
 * @work: the work; it runs in order with the offers and rescinds there.
 * @subchannels: the sub-channel queue rather than the primaries'.
 *
 * For gates that hold an offer's processing back.
 */
void vmbc_test_queue_offer_work(struct vmbc_connection *conn,
				struct work_struct *work, bool subchannels);

/**
 * vmbc_test_post() - post a raw channel message as the core would
 * @conn: the connection.
 * @msg: the message.
 * @size: its size, at most 240.
 *
 * Return: 0 or -errno.
 */
int vmbc_test_post(struct vmbc_connection *conn, const void *msg, u32 size);

/**
 * vmbc_test_signal_event() - call the transport's signal_event as the core would
 * @conn: the connection.
 * @connection_id: the connection id to signal.
 *
 * Return: the HV_STATUS_* the transport answered.
 */
u16 vmbc_test_signal_event(struct vmbc_connection *conn, u32 connection_id);

/**
 * vmbc_test_channels_alive() - channels allocated and not yet freed
 *
 * Waits for channel frees in flight (RCU) first, so that two calls
 * compare exactly.
 *
 * Return: the number, all connections together.
 */
int vmbc_test_channels_alive(void);

/**
 * vmbc_test_ring_pages_alive() - ring pages allocated and not yet given up
 *
 * Return: the number, all channels together; leaked pages are not alive.
 */
int vmbc_test_ring_pages_alive(void);

/**
 * vmbc_test_ring_pages_leaked() - ring pages given up because the host kept them
 *
 * Return: the number since the core was loaded.
 */
int vmbc_test_ring_pages_leaked(void);

/**
 * vmbc_test_channel_get_at() - the channel at @relid, with a reference
 * @conn: the connection.
 * @relid: any value.
 *
 * Return: the channel, its memory held until vmbc_test_channel_put(); or
 * NULL.
 */
struct vmbus_channel *vmbc_test_channel_get_at(struct vmbc_connection *conn,
					       u32 relid);

/**
 * vmbc_test_channel_get() - take a reference on a channel's memory
 * @channel: the channel.
 */
void vmbc_test_channel_get(struct vmbus_channel *channel);

/**
 * vmbc_test_channel_put() - drop a reference vmbc_test_channel_get() took
 * @channel: the channel.
 */
void vmbc_test_channel_put(struct vmbus_channel *channel);

#endif /* _VMBC_TESTING_H */
