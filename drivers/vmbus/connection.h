/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's private view of one VMBus connection: versions, the relid
 * table, outstanding requests, offer processing and counters.
 */
#ifndef _VMBC_CONNECTION_H
#define _VMBC_CONNECTION_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/hashtable.h>
#include <linux/interrupt.h>
#include <linux/jhash.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include <vmbc/stats.h>
#include <vmbc/transport.h>
#include <vmbc/vmbus.h>

/**
 * enum vmbc_conn_state - where a connection is
 * @VMBC_DISCONNECTED: created, or contact failed.
 * @VMBC_CONNECTING: INITIATE_CONTACT in flight.
 * @VMBC_CONNECTED: a version was accepted.
 * @VMBC_DISCONNECTING: unloading; input is ignored.
 */
enum vmbc_conn_state {
	VMBC_DISCONNECTED,
	VMBC_CONNECTING,
	VMBC_CONNECTED,
	VMBC_DISCONNECTING,
};

/**
 * struct vmbc_msg_cpu - one CPU's message tasklet of a connection
 * @tasklet: takes the message out of @slot.
 * @conn: the connection.
 * @slot: this CPU's SINT 2 message slot, as the transport last gave it.
 */
struct vmbc_msg_cpu {
	struct tasklet_struct tasklet;
	struct vmbc_connection *conn;
	struct hv_message *slot;
};

/**
 * struct vmbc_connection - one VMBus connection to one host
 * @ops: the transport.
 * @priv: the transport's instance.
 * @name: for logs, debugfs and the root device.
 * @list: on the global list of connections.
 * @state: enum vmbc_conn_state.
 * @version: negotiated VERSION_*, 0 before.
 * @msg_conn_id: where messages are posted after contact.
 * @int_page: two halves (send, receive) of the pre-WIN8 interrupt page.
 * @monitor_pages: [0] host-to-guest, [1] guest-to-host.
 * @channels: the relid table; RCU readers in the interrupt entry.
 * @channels_lock: protects writers of @channels.
 * @channel_mutex: protects @chn_list and serialises offer against rescind
 *	bookkeeping.
 * @sysfs_lock: serialises adding and removing the channels/<relid>/
 *	directories and each device's channels/ kset. Removing a directory
 *	waits for the sysfs handlers running in it, and the cpu store takes
 *	@channel_mutex, so directories are never removed under that one.
 * @chn_list: primary channels.
 * @instances: @chn_list's channels by instance GUID (vmbc_instance_hash()),
 *	under @channel_mutex: offers look their kin up here, not by walking
 *	@chn_list, so N offers cost O(N) and not O(N^2).
 * @requests_lock: protects @requests.
 * @requests: struct vmbus_channel_msginfo awaiting a response.
 * @msg_cpu: per-CPU message tasklets.
 * @msg_wq: ordered; every host message is processed here.
 * @offer_wq: ordered; primary channel offers and rescinds.
 * @subchan_wq: ordered; sub-channel offers, apart so that a driver that
 *	waits in probe for its sub-channels cannot block them.
 * @all_offers: completed on ALLOFFERS_DELIVERED.
 * @unload_done: completed on UNLOAD_RESPONSE.
 * @unload_pending: an UNLOAD waits for its response.
 * @root: parent of this connection's devices.
 * @debugfs: the connection's debugfs directory.
 * @timeout_ms: bound on every wait for a host response.
 * @next_gpadl: the last GPADL handle handed out.
 * @percpu_channels: per CPU, the channels that interrupt it (their
 *	percpu_list); under @channel_mutex.
 * @last_node: the NUMA node the last primary was placed on.
 * @last_cpu: the CPU last handed to a performance channel.
 * @stats: enum vmbc_stat counters.
 */
/*
 * Buckets of the instance GUID table: 1024, so that even 2047 primaries
 * (every relid) cost an offer two lookups of a couple of entries each.
 */
#define VMBC_INSTANCE_HASH_BITS	10

struct vmbc_connection {
	const struct vmbc_transport_ops *ops;
	void *priv;
	char name[32];
	struct list_head list;

	int state;
	u32 version;
	u32 msg_conn_id;
	void *int_page;
	void *monitor_pages[2];

	struct vmbus_channel __rcu **channels;
	spinlock_t channels_lock;	/* writers of channels[] */
	struct mutex channel_mutex;	/* chn_list, offer/rescind ordering */
	struct mutex sysfs_lock;	/* channels/ directories */
	struct list_head chn_list;
	DECLARE_HASHTABLE(instances, VMBC_INSTANCE_HASH_BITS);

	spinlock_t requests_lock;	/* requests */
	struct list_head requests;

	struct vmbc_msg_cpu __percpu *msg_cpu;
	struct workqueue_struct *msg_wq;
	struct workqueue_struct *offer_wq;
	struct workqueue_struct *subchan_wq;
	struct completion all_offers;
	struct completion unload_done;
	bool unload_pending;

	struct device *root;
	struct dentry *debugfs;
	unsigned int timeout_ms;
	atomic_t next_gpadl;
	struct list_head __percpu *percpu_channels;
	int last_node;
	int last_cpu;
	atomic64_t stats[VMBC_STAT_COUNT];
};

/* The bucket of an instance GUID in vmbc_connection.instances. */
static inline u32 vmbc_instance_hash(const guid_t *instance)
{
	return jhash(instance, sizeof(*instance), 0);
}

/* The number of slots in the relid table: relids 0 (reserved) to 2047. */
#define VMBC_RELID_SLOTS	(VMBUS_MAX_RELID + 1)

/* The CPU whose VP takes the host's messages (INITIATE_CONTACT). */
#define VMBC_CONNECT_CPU	0

static inline void vmbc_count(struct vmbc_connection *conn, enum vmbc_stat s)
{
	atomic64_inc(&conn->stats[s]);
}

static inline u64 vmbc_stat(struct vmbc_connection *conn, enum vmbc_stat s)
{
	return atomic64_read(&conn->stats[s]);
}

#endif /* _VMBC_CONNECTION_H */
