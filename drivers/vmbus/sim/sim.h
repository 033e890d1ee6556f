/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbc_sim internals: one simulated Hyper-V host.
 *
 * Implementation notes
 * ====================
 *
 * A host (struct vmbc_sim) has three parts, each with its own lock:
 *
 * transport (transport.c)
 *	What the core calls. post_message() copies the message onto
 *	@in_queue and kicks @host_work. It may run in any context, hard
 *	interrupt included, so @in_lock is a raw spinlock and nothing under
 *	it allocates or sleeps.
 *
 * host (host.c, devices.c)
 *	@host_work takes the guest's messages off @in_queue one at a time and
 *	dispatches them by type through a table, under @mutex, which protects
 *	the protocol state (version, devices, monitor ids) and the fault
 *	switches. Everything the host says goes through vmbc_sim_host_send(),
 *	which applies the faults and hands the message to the SynIC, or to
 *	@delay_work when a delay is armed.
 *
 * SynIC (synic.c)
 *	@out_queue and the per-CPU message slots, under @synic_lock. That is
 *	a raw spinlock too: the core's end-of-message arrives from our hrtimer
 *	callback, in hard interrupt context. The "interrupt" is a pinned hard
 *	hrtimer per CPU whose callback calls vmbc_connection_isr(); the core
 *	is never called synchronously from the transport ops or the API.
 *
 * Lock order: vmbc_sim_list_lock -> @mutex -> @synic_lock. @in_lock is a
 * leaf. The core's locks are never held when the core calls us except in
 * its interrupt entry, where we take only @synic_lock.
 *
 * Lifetime: a host is created and destroyed in process context by
 * vmbc_sim_create() and vmbc_sim_destroy() (directly, or through debugfs
 * and module init/exit, which keep hosts on vmbc_sim_list). Destroy
 * removes the debugfs directory first (waiting for writers in flight),
 * unloads the core's connection while the host still answers, then stops
 * input (@in_stopped), the host's work and the SynIC (@stopped) before the
 * connection and the host are freed.
 */
#ifndef _VMBC_SIM_INTERNAL_H
#define _VMBC_SIM_INTERNAL_H

#include <linux/atomic.h>
#include <linux/bitmap.h>
#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uuid.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include <vmbc/protocol.h>
#include <vmbc/sim.h>
#include <vmbc/transport.h>

struct dentry;

/* Longest host name, NUL included; the core uses it as connection name. */
#define VMBC_SIM_NAME_MAX	32

/* Guest messages queued and not yet handled before posts fail "busy". */
#define VMBC_SIM_IN_QUEUE_MAX	256

/* The newest version accepted when the configuration says 0. */
#define VMBC_SIM_NEWEST_VERSION	VERSION_WIN10_V5_3

/* Versions in the core's order, newest first: bit i of refuse_versions. */
#define VMBC_SIM_NR_VERSIONS	10
extern const u32 vmbc_sim_versions[VMBC_SIM_NR_VERSIONS];

/**
 * struct vmbc_sim_msg - one message on a queue, either direction
 * @node: on a host's in, out, done or delayed list.
 * @due: jiffies at which a delayed message is sent.
 * @conn_id: guest to host: the connection id it was posted on.
 * @size: bytes of @data in use.
 * @payload_size: host to guest: the slot header's payload_size (inject
 *	may lie; otherwise equal to @size).
 * @data: the channel message.
 */
struct vmbc_sim_msg {
	struct list_head node;
	unsigned long due;
	u32 conn_id;
	u32 size;
	u8 payload_size;
	u8 data[HV_MESSAGE_PAYLOAD_BYTE_COUNT] __aligned(8);
};

/**
 * struct vmbc_sim_cpu - one CPU's share of the SynIC model
 * @slot: SINT 2's message slot of this CPU's message page (SIMP).
 * @flags: SINT 2's event flags of this CPU's event flags page (SIEFP).
 * @timer: the "interrupt": a pinned hard hrtimer that enters the core.
 * @csd: starts @timer on this CPU from another one.
 * @sim: the host.
 */
struct vmbc_sim_cpu {
	struct hv_message slot __aligned(HV_MESSAGE_SIZE);
	union hv_synic_event_flags flags;
	struct hrtimer timer;
	call_single_data_t csd;
	struct vmbc_sim *sim;
};

/**
 * enum vmbc_sim_dev_state - where a device is, as the host sees it
 * @VMBC_SIM_DEV_CONFIGURED: not offered yet (no REQUESTOFFERS so far).
 * @VMBC_SIM_DEV_OFFERED: OFFERCHANNEL sent.
 * @VMBC_SIM_DEV_RESCINDED: RESCIND_CHANNELOFFER sent; the relid stays
 *	taken until the guest's RELID_RELEASED.
 */
enum vmbc_sim_dev_state {
	VMBC_SIM_DEV_CONFIGURED,
	VMBC_SIM_DEV_OFFERED,
	VMBC_SIM_DEV_RESCINDED,
};

/**
 * struct vmbc_sim_dev - a device of the host, one per relid
 * @cfg: as added; @cfg.relid is the relid it holds.
 * @monitorid: its monitor id when @cfg.monitor_allocated.
 * @state: enum vmbc_sim_dev_state.
 */
struct vmbc_sim_dev {
	struct vmbc_sim_device cfg;
	u8 monitorid;
	enum vmbc_sim_dev_state state;
};

/**
 * struct vmbc_sim_faults - the misbehaviour switches of a host
 * @drop: responses of each type still to drop.
 * @dup: responses of each type still to send twice.
 * @delay_ms: delay of every response of each type, 0 for none.
 */
struct vmbc_sim_faults {
	u32 drop[CHANNELMSG_COUNT];
	u32 dup[CHANNELMSG_COUNT];
	u32 delay_ms[CHANNELMSG_COUNT];
};

/**
 * struct vmbc_sim_counters - the live counters behind struct vmbc_sim_stats
 * @from_guest: messages posted by the core, by type (0 for unknown).
 * @to_guest: messages written into a slot.
 * @protocol_errors: guest messages that broke a rule.
 * @signals: HvSignalEvent calls.
 * @eoms: end-of-message calls.
 */
struct vmbc_sim_counters {
	atomic64_t from_guest[32];
	atomic64_t to_guest;
	atomic64_t protocol_errors;
	atomic64_t signals;
	atomic64_t eoms;
};

/**
 * struct vmbc_sim - one simulated host and its connection to the core
 * @name: unique; the debugfs directory and the connection's name.
 * @list: on vmbc_sim_list.
 * @conn: the core's connection to this host.
 * @debugfs: this host's debugfs directory.
 * @in_lock: protects @in_queue, @in_count and @in_stopped.
 * @in_queue: guest messages not yet handled.
 * @in_count: guest messages posted and not yet completely handled.
 * @in_stopped: posts are dropped (the host is going away).
 * @post_busy: posts still to fail with HV_STATUS_INSUFFICIENT_BUFFERS.
 * @wq: ordered; runs @host_work and @delay_work.
 * @host_work: handles @in_queue.
 * @mutex: protects everything from here to @release_wq.
 * @max_version: newest version accepted.
 * @refuse_versions: bit i refuses vmbc_sim_versions[i].
 * @cfg_msg_conn_id: msg_conn_id answered from 5.0 on.
 * @dead: the host is going away: it sends nothing more.
 * @version: the version accepted, 0 when not connected.
 * @guest_conn_id: where the guest must post once connected.
 * @offers_requested: REQUESTOFFERS received; new devices are hot-added.
 * @offers_outstanding: relids offered and not yet released.
 * @devs: relid -> struct vmbc_sim_dev.
 * @monitor_ids: monitor ids in use.
 * @faults: the misbehaviour switches.
 * @delayed: delayed messages, in the order they were sent.
 * @delay_work: sends the delayed messages that are due.
 * @release_wq: woken when a relid becomes free.
 * @synic_lock: protects @out_queue, @out_done, @msg_cpu, @stopped and the
 *	writes into the slots of @cpus.
 * @out_queue: host messages not yet written into the slot.
 * @out_done: written into the slot, not yet freed (frees happen in
 *	process context, never in the hard interrupt that delivers).
 * @msg_cpu: the CPU whose slot receives messages (the guest's target_vcpu).
 * @stopped: raise no more interrupts.
 * @kicks: timer starts sent to another CPU and not finished.
 * @cpus: the per-CPU slots, flags and timers.
 * @stats: counters.
 */
struct vmbc_sim {
	char name[VMBC_SIM_NAME_MAX];
	struct list_head list;
	struct vmbc_connection *conn;
	struct dentry *debugfs;

	raw_spinlock_t in_lock;	/* in_queue, in_count, in_stopped */
	struct list_head in_queue;
	unsigned int in_count;
	bool in_stopped;
	atomic_t post_busy;
	struct workqueue_struct *wq;
	struct work_struct host_work;

	struct mutex mutex;	/* protocol state, devices, faults, delayed */
	u32 max_version;
	u32 refuse_versions;
	u32 cfg_msg_conn_id;
	bool dead;
	u32 version;
	u32 guest_conn_id;
	bool offers_requested;
	u32 offers_outstanding;
	struct xarray devs;
	DECLARE_BITMAP(monitor_ids, VMBUS_MAX_MONITOR_ID + 1);
	struct vmbc_sim_faults faults;
	struct list_head delayed;
	struct delayed_work delay_work;
	wait_queue_head_t release_wq;

	raw_spinlock_t synic_lock;	/* out queues, msg_cpu, stopped, slots */
	struct list_head out_queue;
	struct list_head out_done;
	int msg_cpu;
	bool stopped;
	atomic_t kicks;
	struct vmbc_sim_cpu __percpu *cpus;

	struct vmbc_sim_counters stats;
};

/* main.c: the module's hosts and their defaults */
extern struct mutex vmbc_sim_list_lock;
extern struct list_head vmbc_sim_list;
void vmbc_sim_default_config(struct vmbc_sim_config *cfg, const char *name);
struct vmbc_sim *vmbc_sim_find(const char *name);

/* sim.c */
void vmbc_sim_destroy_locked(struct vmbc_sim *sim);

/* transport.c */
extern const struct vmbc_transport_ops vmbc_sim_transport_ops;
bool vmbc_sim_in_idle(struct vmbc_sim *sim);
void vmbc_sim_in_stop(struct vmbc_sim *sim);

/* host.c: the host side of the protocol, message by message */
void vmbc_sim_host_init(struct vmbc_sim *sim, const struct vmbc_sim_config *cfg);
void vmbc_sim_host_work(struct work_struct *work);
void vmbc_sim_host_stop(struct vmbc_sim *sim);
void vmbc_sim_host_free(struct vmbc_sim *sim);
void vmbc_sim_protocol_error(struct vmbc_sim *sim, const char *fmt, ...)
	__printf(2, 3);
void vmbc_sim_host_set_refuse(struct vmbc_sim *sim, u32 mask);

/* faults.c: the switches and the send path that applies them */
int vmbc_sim_host_send(struct vmbc_sim *sim, const void *msg, u32 size);
void vmbc_sim_delay_work(struct work_struct *work);
int vmbc_sim_fault_set(struct vmbc_sim *sim, enum vmbc_sim_fault fault,
		       u32 type, u32 arg);
void vmbc_sim_faults_clear(struct vmbc_sim *sim);

/* devices.c: offers, rescinds, relids */
int vmbc_sim_dev_offer(struct vmbc_sim *sim, struct vmbc_sim_dev *dev);
void vmbc_sim_devs_offer_all(struct vmbc_sim *sim);
void vmbc_sim_dev_released(struct vmbc_sim *sim, u32 relid);
void vmbc_sim_devs_forget(struct vmbc_sim *sim);
void vmbc_sim_devs_free(struct vmbc_sim *sim);
int vmbc_sim_remove_instance(struct vmbc_sim *sim, const guid_t *instance);

/* synic.c: slots, flags, delivery */
int vmbc_sim_synic_init(struct vmbc_sim *sim);
void vmbc_sim_synic_stop(struct vmbc_sim *sim);
void vmbc_sim_synic_free(struct vmbc_sim *sim);
void vmbc_sim_synic_queue(struct vmbc_sim *sim, struct vmbc_sim_msg *m);
void vmbc_sim_synic_eom(struct vmbc_sim *sim);
void vmbc_sim_synic_set_target(struct vmbc_sim *sim, int cpu);
int vmbc_sim_synic_signal(struct vmbc_sim *sim, u32 relid, int cpu);
bool vmbc_sim_synic_idle(struct vmbc_sim *sim);
void vmbc_sim_synic_reap(struct vmbc_sim *sim);

/* parse.c: names and formats shared by debugfs and module parameters */
const char *vmbc_sim_msg_name(u32 type);
int vmbc_sim_parse_msg_type(const char *s, u32 *type);
int vmbc_sim_parse_version(const char *s, u32 *version);
int vmbc_sim_version_index(u32 version);
int vmbc_sim_parse_class(const char *s, guid_t *guid);
const char *vmbc_sim_class_name(const guid_t *guid);
struct vmbc_sim_msg *vmbc_sim_msg_new(const void *data, u32 size,
				      u8 payload_size, gfp_t gfp);

/* debugfs.c */
void vmbc_sim_debugfs_init(void);
void vmbc_sim_debugfs_stop(void);
void vmbc_sim_debugfs_exit(void);
void vmbc_sim_debugfs_add(struct vmbc_sim *sim);
void vmbc_sim_debugfs_del(struct vmbc_sim *sim);

#endif /* _VMBC_SIM_INTERNAL_H */
