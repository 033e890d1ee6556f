/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared between the files of the channel core.
 */
#ifndef _VMBC_CORE_H
#define _VMBC_CORE_H

#include <linux/ratelimit.h>

#include "connection.h"

/* Every log line a host can trigger goes through this. */
#define vmbc_host_err(conn, fmt, ...) \
	pr_err_ratelimited("vmbc %s: " fmt, (conn)->name, ##__VA_ARGS__)

extern unsigned int vmbc_timeout_ms;
extern struct dentry *vmbc_debugfs_root;

/* connection.c */
int vmbc_post(struct vmbc_connection *conn, u32 connection_id,
	      const void *msg, u32 size, bool can_sleep);
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

/* offer.c */
void vmbc_handle_offer(struct vmbc_connection *conn,
		       const struct vmbus_channel_offer_channel *offer);
void vmbc_handle_rescind(struct vmbc_connection *conn, u32 relid);
void vmbc_remove_all_channels(struct vmbc_connection *conn);
void vmbc_channel_release_rescinded(struct vmbus_channel *channel);
struct vmbus_channel *vmbc_relid_to_channel(struct vmbc_connection *conn,
					    u32 relid);

/* channel_open.c */
extern atomic_t vmbc_ring_pages_alive;
extern atomic_t vmbc_ring_pages_leaked;

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
int vmbc_channel_set_cpu(struct vmbus_channel *channel, unsigned int cpu);

/* debugfs.c */
void vmbc_debugfs_init(void);
void vmbc_connection_debugfs_init(struct vmbc_connection *conn);

#endif /* _VMBC_CORE_H */
