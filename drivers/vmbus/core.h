/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared between the files of the channel core.
 *
 * Implementation notes: every lock of the core, outermost first, and why
 * each exists. A lock is only ever taken while holding locks above it in
 * this list (the simulated host's own locks are in sim/sim.h).
 *
 * 1. The driver core's device lock, held across a driver's probe and
 *    remove: remove closes the channel (open_lock). So the core never
 *    unregisters a device (device_unregister() takes it) while holding
 *    any lock below.
 * 2. A kernfs active reference, held by a sysfs handler while it runs (the
 *    channels/<relid>/cpu store takes cpus_read_lock, open_lock and
 *    channel_mutex): removing a directory waits for those references, so
 *    directories are removed under sysfs_lock only, never under 3 to 7.
 * 3. conn->sysfs_lock (mutex): adding and removing channels/<relid>/ and a
 *    device's channels/ kset, and the clearing of device_obj; a
 *    sub-channel's offer work and its primary's device removal see each
 *    other's directory whole or not at all. Never taken in a handler.
 * 4. primary->sc_cb_lock (mutex): held while sc_creation_callback runs,
 *    which may open the sub-channel (open_lock); vmbus_close() of the
 *    primary takes it to stop further callbacks.
 * 5. cpus_read_lock(): an offer picks its CPU and joins that CPU's list,
 *    and a cpu store moves a channel, with no CPU going offline between
 *    the check and the list (vmbc_cpu_offline_check() runs under the
 *    hotplug lock for writing).
 * 6. channel->open_lock (mutex): open and close of one channel; a
 *    sub-channel's nests inside its primary's (SINGLE_DEPTH_NESTING), as
 *    a sub-channel opens only while its primary is opened. The data path
 *    never takes it.
 * 7. conn->channel_mutex (mutex): the list of primaries, each primary's
 *    sub-channel list, the per-CPU channel lists, device_obj (with 3),
 *    and the order of offers and rescinds in the relid table.
 * 7a. vmbus_connection.channel_mutex (mutex, global.c): held with 7
 *    while a sub-channel joins or leaves its primary's sc_list, for Linux
 *    drivers that walk that list holding it (uio_hv_generic).
 * 8. conn->channels_lock (spinlock, irqsave): writers of the relid table,
 *    under 7; the interrupt entry reads it under RCU.
 * 9. channel->lock (spinlock, irqsave): a primary's sc_list (written
 *    under 7 too) and a channel's write counters (concurrent senders).
 * 10. Leaves, nothing taken under them: conn->requests_lock (requests
 *    awaiting a response), hv_ring_buffer_info.ring_lock (the writers of
 *    one ring direction, any context), the request-id table's lock,
 *    hv_ring_buffer_info.ring_buffer_mutex (a ring's mapping against the
 *    sysfs readers), vmbc_connections_lock (the global list of
 *    connections), the device-name claims' lock (bus.c) and a driver's
 *    dynids.lock (the ids new_id added, bus_sysfs.c; taken in the bus's
 *    match and in the new_id and remove_id handlers).
 *
 * Not locks, but waited on like them: RCU (the interrupt entry finds
 * channels, and senders and the dispatch check the callback, under
 * rcu_read_lock(); removal and close wait a grace period) and the work
 * queues. The message work (msg_wq) never waits for offer work or a
 * callback; offer work (a probe opening its channel) waits for the
 * message work that delivers the host's answers; a channel's rescind work
 * runs after its offer work on the same ordered queue.
 * vmbc_connection_flush() waits for all three and so runs in none of
 * them.
 */
#ifndef _VMBC_CORE_H
#define _VMBC_CORE_H

#include <linux/ratelimit.h>

#include <vmbc/testing.h>

#include "connection.h"

/*
 * The KUnit suites' hook (include/vmbc/testing.h): nothing at all in a
 * build without them.
 */
#if !IS_ENABLED(CONFIG_VMBC_KUNIT_TEST)
#define vmbc_test_point(point, arg)	({ (void)(point); (void)(arg); 0; })
#endif

/* Every log line a host can trigger goes through this. */
#define vmbc_host_err(conn, fmt, ...) \
	pr_err_ratelimited("vmbc %s: " fmt, (conn)->name, ##__VA_ARGS__)

/*
 * A debug line (dynamic debug) about a channel, through its device, which
 * names it the way /sys/bus/vmbc does (the connection's root device while
 * it has none). Only where the device cannot be going: the driver is
 * bound (open, close), or the core holds it (registration, probe).
 */
#define vmbc_chan_dbg(channel, fmt, ...) \
	dev_dbg(vmbc_chan_dev(channel), fmt, ##__VA_ARGS__)

static inline struct device *vmbc_chan_dev(struct vmbus_channel *channel)
{
	struct vmbus_channel *primary = channel->primary_channel ?: channel;
	struct hv_device *hdev = READ_ONCE(primary->device_obj);

	return hdev ? &hdev->device : channel->conn->root;
}

extern unsigned int vmbc_timeout_ms;
extern struct dentry *vmbc_debugfs_root;

/* connection.c */
int vmbc_post(struct vmbc_connection *conn, u32 connection_id,
	      const void *msg, u32 size, bool can_sleep);
int vmbc_default_call(int (*fn)(struct vmbc_connection *conn, void *arg),
		      void *arg);
int vmbc_post_msg(struct vmbc_connection *conn, const void *msg, u32 size,
		  bool can_sleep);
int vmbc_cpu_offline_check(unsigned int cpu);

/* request.c */
struct vmbus_channel_msginfo *vmbc_request_alloc(u32 msgsize, gfp_t gfp);
void vmbc_request_free(struct vmbus_channel_msginfo *req);
int vmbc_request_begin(struct vmbc_connection *conn,
		       struct vmbus_channel_msginfo *req,
		       struct vmbus_channel *channel);
int vmbc_request_wait(struct vmbc_connection *conn,
		      struct vmbus_channel_msginfo *req,
		      struct vmbus_channel *channel, int err);
int vmbc_request_send(struct vmbc_connection *conn,
		      struct vmbus_channel_msginfo *req, u32 connection_id,
		      struct vmbus_channel *channel);
int vmbc_channel_request(struct vmbus_channel *channel,
			 struct vmbus_channel_msginfo *req, const u32 *status,
			 const char *what);
void vmbc_requests_cancel_channel(struct vmbc_connection *conn,
				  struct vmbus_channel *channel);
void vmbc_handle_response(struct vmbc_connection *conn, u32 type,
			  const void *msg, u32 size);

/* message.c */
void vmbc_msg_tasklet(struct tasklet_struct *t);
bool vmbc_msg_valid(struct vmbc_connection *conn, u32 type, u32 size);
void vmbc_message_take_copy(struct vmbc_connection *conn,
			    const struct hv_message *msg);
u32 vmbc_msg_min_bytes(u32 type);

/* offer.c */
void vmbc_handle_offer(struct vmbc_connection *conn,
		       const struct vmbus_channel_offer_channel *offer);
void vmbc_handle_rescind(struct vmbc_connection *conn, u32 relid);
void vmbc_remove_all_channels(struct vmbc_connection *conn);
void vmbc_channel_release_rescinded(struct vmbus_channel *channel);
void vmbc_channel_rescind_done(struct vmbus_channel *channel);
struct vmbus_channel *vmbc_relid_to_channel(struct vmbc_connection *conn,
					    u32 relid);

/* channel_open.c */
extern atomic_t vmbc_ring_pages_alive;
extern atomic_t vmbc_ring_pages_leaked;
void vmbc_channel_free_rings(struct vmbus_channel *channel);

/* channel_io.c */
int vmbc_rqstor_init(struct vmbus_channel *channel);
void vmbc_rqstor_uninit(struct vmbus_channel *channel);

/* channel.c */
extern atomic_t vmbc_channels_alive;
struct vmbus_channel *vmbc_channel_alloc(struct vmbc_connection *conn);
void vmbc_channel_put(struct vmbus_channel *channel);
void vmbc_channel_dispatch(struct vmbus_channel *channel);

/* gpadl.c */
int vmbc_gpadl_establish_pfns(struct vmbus_channel *channel, const u64 *pfns,
			      u32 count, u32 size, u32 *handle);
int vmbc_gpadl_establish_pages(struct vmbus_channel *channel,
			       struct page **pages, u32 count, u32 *handle);
int vmbc_gpadl_teardown(struct vmbus_channel *channel, u32 handle);

/* bus.c */
const char *vmbc_class_name(const guid_t *class);
u16 vmbc_class_dev_type(const guid_t *class);
int vmbc_bus_init(void);
void vmbc_bus_exit(void);
int vmbc_device_register(struct vmbus_channel *channel);
void vmbc_device_unregister(struct vmbus_channel *channel);

/* bus_sysfs.c */
extern const struct attribute_group *vmbc_dev_groups[];
extern const struct attribute_group *vmbc_bus_groups[];
extern const struct attribute_group *vmbc_drv_groups[];
bool vmbc_dynid_match(struct hv_driver *drv, const guid_t *class,
		      struct hv_vmbus_device_id *copy);
void vmbc_dynids_free(struct hv_driver *drv);

/* channel_sysfs.c */
extern const struct sysfs_ops vmbc_chan_sysfs_ops;
extern const struct attribute_group *vmbc_chan_groups[];
void vmbc_channel_sysfs_add(struct vmbus_channel *channel);
void vmbc_channel_sysfs_add_all(struct vmbus_channel *primary);
void vmbc_channel_sysfs_del(struct vmbus_channel *channel);
void vmbc_channel_sysfs_del_all(struct vmbus_channel *primary);

/* affinity.c */
void vmbc_channel_pick_cpu(struct vmbus_channel *channel);
void vmbc_channel_forget_cpu(struct vmbus_channel *channel);

/* global.c */
void vmbc_legacy_connection_set(void *int_page, void *monitor_page0,
				void *monitor_page1);
void vmbc_legacy_sc_lock(void);
void vmbc_legacy_sc_unlock(void);

/* trace.c */
void vmbc_channel_set_state(struct vmbus_channel *channel,
			    enum vmbus_channel_state state);
void vmbc_trace_channel_event(struct vmbus_channel *channel, int what);

/* debugfs.c */
void vmbc_debugfs_init(void);
void vmbc_connection_debugfs_init(struct vmbc_connection *conn);

#endif /* _VMBC_CORE_H */
