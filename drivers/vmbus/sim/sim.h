/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbc_sim internals: one simulated Hyper-V host.
 *
 * Implementation notes
 * ====================
 *
 * A host (struct vmbc_sim) has four parts:
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
 * channels (gpadl.c, channel.c, rings.c, echo.c, host_ring.c)
 *	The host's end of each channel lives in its device (struct
 *	vmbc_sim_chan). GPADLs and OPENCHANNEL/CLOSECHANNEL are messages
 *	like the others. The data path is not: a guest signal
 *	(signal_event, any context, atomic included) or a set monitor bit
 *	(found by @monitor_timer, hard interrupt) only queues the channel's
 *	io_work on @wq. That work, under @mutex like the message handlers,
 *	drains the guest's outbound ring, writes the device's replies into
 *	the guest's inbound ring and raises the channel's interrupt through
 *	the SynIC. One ordered queue and one mutex for messages and I/O:
 *	open, close and rescind never race a drain, and a device's work
 *	can be cancelled from the queue itself without waiting. The ring
 *	views are the host's own instance of the ring code (host_ring.c)
 *	mapped over the pages of the channel's ring GPADL.
 *
 * Lock order: vmbc_sim_list_lock -> @mutex -> @synic_lock. @in_lock is a
 * leaf. The core's locks are never held when the core calls us except in
 * its interrupt entry, where we take only @synic_lock, and in its senders
 * and channel callbacks, from which signal_event takes no lock (RCU only).
 *
 * A device (and its channel) is taken out of @devs under @mutex and freed
 * after an RCU grace period, which ends every signal path that may still
 * have found it (they look devices up under rcu_read_lock() only); one
 * whose channel was ever opened is freed from @wq, after that grace
 * period and a cancel of its io_work.
 *
 * Lifetime: a host is created and destroyed in process context by
 * vmbc_sim_create() and vmbc_sim_destroy() (directly, or through debugfs
 * and module init/exit, which keep hosts on vmbc_sim_list). Destroy
 * removes the debugfs directory first (waiting for writers in flight),
 * unloads the core's connection while the host still answers, then stops
 * input (@in_stopped), the data path (@io_stopped, the monitor timer),
 * the host's work and the SynIC (@stopped) before the connection and the
 * host are freed.
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
#include <linux/uio.h>
#include <linux/uuid.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include <vmbc/hyperv.h>
#include <vmbc/protocol.h>
#include <vmbc/ring_buffer.h>
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
 * @hv_type: host to guest: the slot's SynIC message type; 0 for
 *	HVMSG_VMBUS (another, a stray message of the fake hypervisor).
 * @data: the channel message.
 */
struct vmbc_sim_msg {
	struct list_head node;
	unsigned long due;
	u32 conn_id;
	u32 size;
	u8 payload_size;
	u32 hv_type;
	u8 data[HV_MESSAGE_PAYLOAD_BYTE_COUNT] __aligned(8);
};

/**
 * struct vmbc_sim_cpu - one CPU's share of the SynIC model
 * @slot: SINT 2's message slot of the host's own message page.
 * @flags: SINT 2's event flags of the host's own event flags page.
 * @slotp: where messages go: @slot, or (behind the fake hypervisor) SINT
 *	2's slot in the page the guest's SIMP register names; NULL while
 *	messages cannot be delivered. Under @synic_lock.
 * @flagsp: where events go, likewise (SIEFP); NULL while they cannot.
 * @sint_on: the interrupt may be raised (SynIC enabled, SINT 2 unmasked).
 * @timer: the "interrupt": a pinned hard hrtimer that enters the core.
 * @csd: starts @timer on this CPU from another one.
 * @sim: the host.
 * @regs: the fake hypervisor's SynIC registers of this VP.
 * @input: the fake hypervisor's hypercall input page of this VP.
 */
struct vmbc_sim_cpu {
	struct hv_message slot __aligned(HV_MESSAGE_SIZE);
	union hv_synic_event_flags flags;
	struct hv_message *slotp;
	union hv_synic_event_flags *flagsp;
	bool sint_on;
	struct hrtimer timer;
	call_single_data_t csd;
	struct vmbc_sim *sim;
	u64 regs[VMBC_HV_REG_COUNT];
	void *input;
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

/* Signals in a row that may find their interrupt-page bit taken. */
#define VMBC_SIM_SIGNAL_MISSES_MAX	64

/**
 * struct vmbc_sim_chan - the host's end of one channel
 * @sim: the host.
 * @io_work: drains the guest's outbound ring; on the host's ordered work
 *	queue, under the host's mutex like everything below but @signals_in
 *	and @misses.
 * @open: the rings are attached. Written under the host's mutex; read
 *	locklessly by the signal paths, which only decide on it whether to
 *	queue @io_work (or whether a signal broke a rule).
 * @broken: the host's view found the guest's ring corrupt; no more I/O
 *	until the channel is opened again.
 * @wait_space: the host asked the guest for room in its inbound ring
 *	(pending_send_sz) and waits for its signal.
 * @target_cpu: the CPU to interrupt, OPENCHANNEL's target_vp.
 * @ring_gpadl: the handle of the open channel's ring GPADL, 0 if closed.
 * @rx: the host's reader view of the guest's outbound ring.
 * @tx: the host's writer view of the guest's inbound ring.
 * @gpadls: GPADLs the host holds for the channel.
 * @opens: OPENCHANNELs accepted.
 * @closes: closes: CLOSECHANNEL, and the host's own on rescind, unload
 *	or a teardown of the ring GPADL.
 * @packets_in: packets read from @rx.
 * @packets_out: packets written to @tx.
 * @interrupts_out: interrupts raised for the channel.
 * @ring_errors: corruptions the views found, those of closed views
 *	included.
 * @tx_full: writes that found @tx full.
 * @dropped: packets read and not answered (not an echo device, a packet
 *	type the device does not answer, a malformed one, or a reply that
 *	can never fit).
 * @requests: messages the device model sent unprompted (an IC request).
 * @answers: the guest's answers to them the model accepted.
 * @bad_answers: the guest's answers the model refused.
 * @bad_packets: the guest's requests the model refused as malformed or
 *	out of turn (a device that serves requests: NIC, disk).
 * @signals_in: the guest's signals of any kind; atomic, from any context.
 * @misses: signals in a row whose interrupt-page bit was already taken
 *	(coalesced with a concurrent signal of the same channel).
 */
struct vmbc_sim_chan {
	struct vmbc_sim *sim;
	struct work_struct io_work;
	bool open;
	bool broken;
	bool wait_space;
	int target_cpu;
	u32 ring_gpadl;
	struct hv_ring_buffer_info rx;
	struct hv_ring_buffer_info tx;

	u32 gpadls;
	u32 opens;
	u32 closes;
	u64 packets_in;
	u64 packets_out;
	u64 interrupts_out;
	u64 ring_errors;
	u64 tx_full;
	u64 dropped;
	u64 requests;
	u64 answers;
	u64 bad_answers;
	u64 bad_packets;

	atomic64_t signals_in;
	atomic_t misses;
};

struct vmbc_sim_dev;
struct vmbc_ring_pkt;
struct seq_file;

/**
 * struct vmbc_sim_cmd_file - a debugfs file of a device model's
 * @name: its name in each host's directory.
 * @show: what reading it prints (a seq_file show; its private data is
 *	the host).
 * @apply: one command written to it, split into words (at most 64);
 *	return 0 or -errno. NULL for a file that is only read.
 * @usage: what it takes, for the log line that explains a refusal.
 *
 * The host's debugfs code makes the file (mode 0644, 0444 without
 * @apply) and splits what is written to it (vmbc_sim_write_words()).
 */
struct vmbc_sim_cmd_file {
	const char *name;
	int (*show)(struct seq_file *s, void *unused);
	int (*apply)(struct vmbc_sim *sim, int argc, char **argv);
	const char *usage;
};

/**
 * struct vmbc_sim_model - what one kind of device does on the host
 * @name: its alias, as users name the class (debugfs new_device).
 * @class_id: the class GUID it plays.
 * @priv_size: bytes of per-device state the model keeps (zeroed), at
 *	vmbc_sim_model_priv().
 * @init: a device of the class was created (any context a device is
 *	created in; no host mutex assumed); sets up @priv_size state.
 * @offer: OFFERCHANNEL for the device is going out. Host mutex held.
 * @opened: the guest opened the channel and OPENCHANNEL_RESULT went
 *	out; the model may write into the guest's inbound ring at once
 *	(vmbc_sim_chan_send(), then vmbc_sim_chan_interrupt()). Host mutex
 *	held.
 * @packet: one packet the guest wrote; set *@signal when a write says
 *	so. Return 0 (handled or dropped: move on), -EAGAIN (no room for
 *	the answer: leave the packet in the ring until the guest makes
 *	some), -EIO (the inbound ring is corrupt). Host mutex held.
 * @io: the channel's work is about to read the guest's ring (the guest
 *	signalled, or wrote): the model may write what waited for room in
 *	the guest's inbound ring. Set *@signal when a write says so. Host
 *	mutex held.
 * @closed: the channel closed (the guest's CLOSECHANNEL, a rescind, an
 *	unload); the rings are gone. Host mutex held.
 * @rescinded: the host rescinded the device. Host mutex held.
 * @quiesce: the host is asked to take away a primary device whose channel
 *	is open: tell the guest to stop using it first (a driver that waits
 *	for the answers to what it wrote would wait for ever on a channel
 *	rescinded under it). The host rescinds the device, sub-channels
 *	first, once the guest has written nothing on any of its channels for
 *	VMBC_SIM_QUIET_MS (devices.c), or closed the primary, or after
 *	VMBC_SIM_QUIESCE_MAX_MS. Host mutex held.
 * @release: the device is about to be freed: stop what the model runs
 *	for it. Process context, host mutex not held, no work of the device
 *	running.
 * @file: the model's file in each host's debugfs directory (once per
 *	host, whatever devices it has), or NULL.
 * @host_init: set a new host's settings for the model (once per host,
 *	before anything runs). Process context.
 * @setup: at module load, before any host: what the model needs beyond
 *	one host (a work queue of its own). Return 0 or -errno.
 * @teardown: at module unload, every host gone: undo @setup, waiting
 *	for what the model still runs.
 * @ic: an Integration Service: its state (@priv_size) starts with
 *	struct vmbc_sim_ic, which vmbc_sim_ic_state() reads.
 * @transient_subchannels: a sub-channel the guest closes is rescinded,
 *	as Hyper-V does with the synthetic NIC's and SCSI controller's: a
 *	driver that opens its device again asks for new sub-channels, whose
 *	indices start at 1 again.
 *
 * Every hook may be NULL. A device of a class no model plays reads and
 * drops what the guest writes.
 */
struct vmbc_sim_model {
	const char *name;
	guid_t class_id;
	size_t priv_size;
	void (*init)(struct vmbc_sim_dev *dev);
	void (*offer)(struct vmbc_sim_dev *dev);
	void (*opened)(struct vmbc_sim_dev *dev);
	int (*packet)(struct vmbc_sim_dev *dev, const struct vmbc_ring_pkt *pkt,
		      bool *signal);
	void (*io)(struct vmbc_sim_dev *dev, bool *signal);
	void (*closed)(struct vmbc_sim_dev *dev);
	void (*rescinded)(struct vmbc_sim_dev *dev);
	void (*quiesce)(struct vmbc_sim_dev *dev);
	void (*release)(struct vmbc_sim_dev *dev);
	const struct vmbc_sim_cmd_file *file;
	void (*host_init)(struct vmbc_sim *sim);
	int (*setup)(void);
	void (*teardown)(void);
	bool ic;
	bool transient_subchannels;
};

/**
 * struct vmbc_sim_dev - a device of the host, one per relid
 * @cfg: as added; @cfg.relid is the relid it holds.
 * @monitorid: its monitor id when @cfg.monitor_allocated.
 * @state: enum vmbc_sim_dev_state.
 * @chan: the host's end of its channel.
 * @rcu: frees a device whose channel was never opened.
 * @free_work: frees a device whose channel was opened, or whose model
 *	has a release hook: after a grace period and a cancel of its
 *	@chan.io_work.
 * @model: what the device does, or NULL.
 * @quiescing: the host is taking the device away and waits for the guest
 *	to fall quiet (struct vmbc_sim_model's @quiesce); under the host's
 *	mutex, like the three fields after it.
 * @quiesce_end: jiffies at which the host rescinds it regardless.
 * @quiet_since: jiffies of the last change of @quiesce_seen.
 * @quiesce_seen: packets the guest had written on the device's channels
 *	when the host last looked.
 * @model_priv: the model's state, @model->priv_size bytes.
 */
struct vmbc_sim_dev {
	struct vmbc_sim_device cfg;
	u8 monitorid;
	enum vmbc_sim_dev_state state;
	struct vmbc_sim_chan chan;
	struct rcu_head rcu;
	struct work_struct free_work;
	const struct vmbc_sim_model *model;
	bool quiescing;
	unsigned long quiesce_end;
	unsigned long quiet_since;
	u64 quiesce_seen;
	u8 model_priv[] __aligned(8);
};

/**
 * vmbc_sim_model_priv() - a device's model state
 * @dev: the device.
 *
 * Return: the model's @priv_size bytes.
 */
static inline void *vmbc_sim_model_priv(struct vmbc_sim_dev *dev)
{
	return dev->model_priv;
}

/**
 * struct vmbc_sim_gpadl - a GPADL as the host holds it
 * @handle: the guest's handle.
 * @relid: the channel it was made for.
 * @count: PFNs it describes (range_buflen says so).
 * @filled: PFNs received so far (header, then bodies).
 * @next_msgnumber: the msgnumber the next GPADL_BODY must carry.
 * @byte_count: the range's byte count.
 * @byte_offset: the range's offset into its first page.
 * @complete: every PFN arrived and was checked; GPADL_CREATED sent.
 * @in_use: the ring GPADL of the channel while it is open.
 * @orphan: its channel was rescinded: taken in silently, then dropped.
 * @pfns: the PFNs, in order.
 */
struct vmbc_sim_gpadl {
	u32 handle;
	u32 relid;
	u32 count;
	u32 filled;
	u32 next_msgnumber;
	u32 byte_count;
	u32 byte_offset;
	bool complete;
	bool in_use;
	bool orphan;
	u64 pfns[];
};

/**
 * struct vmbc_sim_faults - the misbehaviour switches of a host
 * @drop: responses of each type still to drop.
 * @dup: responses of each type still to send twice.
 * @delay_ms: delay of every response of each type, 0 for none.
 * @fail: the status the next response of each type carries, 0 for none
 *	(OPENCHANNEL_RESULT, GPADL_CREATED, MODIFYCHANNEL_RESPONSE only).
 */
struct vmbc_sim_faults {
	u32 drop[CHANNELMSG_COUNT];
	u32 dup[CHANNELMSG_COUNT];
	u32 delay_ms[CHANNELMSG_COUNT];
	u32 fail[CHANNELMSG_COUNT];
};

/**
 * struct vmbc_sim_counters - the live counters behind struct vmbc_sim_stats
 * @from_guest: messages posted by the core, by type (0 for unknown).
 * @to_guest: messages written into a slot.
 * @protocol_errors: guest messages that broke a rule.
 * @signals: HvSignalEvent calls.
 * @eoms: end-of-message calls.
 * @offers_declined: RELID_RELEASED of offers the guest never rescinded.
 * @activity: every message and signal either way, for
 *	vmbc_sim_flush() to see that nothing happened while it waited.
 */
struct vmbc_sim_counters {
	atomic64_t from_guest[32];
	atomic64_t to_guest;
	atomic64_t protocol_errors;
	atomic64_t signals;
	atomic64_t eoms;
	atomic64_t offers_declined;
	atomic64_t activity;
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
 * @reject_post: per guest message type, posts still to fail with
 *	HV_STATUS_INVALID_CONNECTION_ID.
 * @wq: ordered; runs @host_work, @delay_work, the channels' io_work and
 *	the devices' free_work.
 * @host_work: handles @in_queue.
 * @mutex: protects everything from here to @mon_relid, and the host's end
 *	of each channel (struct vmbc_sim_chan) but its atomic counters.
 * @max_version: newest version accepted.
 * @refuse_versions: bit i refuses vmbc_sim_versions[i].
 * @cfg_msg_conn_id: msg_conn_id answered from 5.0 on.
 * @heartbeat_ms: the heartbeat devices' period, 0 for none.
 * @timesync_ms: the period of the time sync devices' samples, 0 (the
 *	default) for none (timesync.c says why).
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
 * @quiesce_work: rescinds the devices being taken away (@quiescing) once
 *	their guest is quiet; polls while any is.
 * @gpadls: handle -> struct vmbc_sim_gpadl, complete or being received.
 * @int_page: the guest's interrupt page (send half second), or NULL.
 * @monitor_page: the guest-to-host monitor page (monitor_page2), or NULL.
 * @mon_relid: monitor id -> relid of the device that holds it.
 * @io_stopped: the signal paths queue no more I/O (the host is going
 *	away); read under RCU.
 * @io_held: the VMBC_SIM_HOLD_IO switch: the channels' work reads
 *	nothing (under @mutex).
 * @monitored_open: channels open with a monitor id; the monitor timer
 *	runs while it is not zero.
 * @monitor_timer: polls @monitor_page, as the real host does.
 * @hypervisor: behind the fake hypervisor (fake_hv.c): the transport
 *	under test owns the connection and the SynIC pages.
 * @hv_features: what the fake hypervisor reports.
 * @hv_handler: the vector handler the transport installed, or NULL.
 * @guest_release: destroys the transport under test, before the host.
 * @guest_arg: its argument.
 * @synic_lock: protects @out_queue, @out_done, @msg_cpu, @stopped, the
 *	fake registers and delivery targets of @cpus and the writes into
 *	their slots.
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
	atomic_t reject_post[CHANNELMSG_COUNT];
	struct workqueue_struct *wq;
	struct work_struct host_work;

	struct mutex mutex;	/* protocol state, devices, faults, delayed */
	u32 max_version;
	u32 refuse_versions;
	u32 cfg_msg_conn_id;
	u32 heartbeat_ms;
	u32 timesync_ms;
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
	struct delayed_work quiesce_work;
	struct xarray gpadls;
	unsigned long *int_page;
	struct hv_monitor_page *monitor_page;
	u16 mon_relid[VMBUS_MAX_MONITOR_ID + 1];

	bool io_stopped;
	bool io_held;
	atomic_t monitored_open;
	struct hrtimer monitor_timer;

	bool hypervisor;
	struct vmbc_hv_features hv_features;
	void (*hv_handler)(void);
	void (*guest_release)(void *arg);
	void *guest_arg;

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
u16 vmbc_sim_post(struct vmbc_sim *sim, u32 connection_id, const void *msg,
		  u32 size);
u16 vmbc_sim_signal_from_guest(struct vmbc_sim *sim, u32 connection_id);
void vmbc_sim_eom_from_guest(struct vmbc_sim *sim);

/* fake_hv.c: the fake hypervisor's SynIC registers */
void vmbc_sim_hv_cpu_init(struct vmbc_sim_cpu *pc);
void vmbc_sim_hv_retarget_locked(struct vmbc_sim *sim, struct vmbc_sim_cpu *pc);

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
void vmbc_sim_dev_release(struct vmbc_sim_dev *dev);
int vmbc_sim_remove_instance(struct vmbc_sim *sim, const guid_t *instance);
int vmbc_sim_add_subchannels(struct vmbc_sim *sim,
			     const struct vmbc_sim_dev *primary, u32 n);
int vmbc_sim_dev_rescind(struct vmbc_sim *sim, struct vmbc_sim_dev *dev);
void vmbc_sim_quiesce_work(struct work_struct *work);
u32 vmbc_sim_subchannels_offered(struct vmbc_sim *sim,
				 const struct vmbc_sim_dev *primary);
struct vmbc_sim_dev *vmbc_sim_primary_of(struct vmbc_sim *sim,
					 const struct vmbc_sim_dev *dev);

/* gpadl.c: GPADL_HEADER, GPADL_BODY, GPADL_TEARDOWN */
void vmbc_sim_gpadl_header(struct vmbc_sim *sim, const struct vmbc_sim_msg *m);
void vmbc_sim_gpadl_body(struct vmbc_sim *sim, const struct vmbc_sim_msg *m);
void vmbc_sim_gpadl_teardown(struct vmbc_sim *sim,
			     const struct vmbc_sim_msg *m);
struct vmbc_sim_gpadl *vmbc_sim_gpadl_find(struct vmbc_sim *sim, u32 handle);
void vmbc_sim_gpadls_drop(struct vmbc_sim *sim, u32 relid,
			  bool orphan_incoming);
void vmbc_sim_gpadls_free(struct vmbc_sim *sim);
u32 vmbc_sim_take_fail(struct vmbc_sim *sim, u32 type);

/* channel.c: OPENCHANNEL, CLOSECHANNEL, the channel's life */
void vmbc_sim_chan_init(struct vmbc_sim *sim, struct vmbc_sim_chan *chan);
void vmbc_sim_open_channel(struct vmbc_sim *sim, const struct vmbc_sim_msg *m);
void vmbc_sim_close_channel(struct vmbc_sim *sim,
			    const struct vmbc_sim_msg *m);
void vmbc_sim_modify_channel(struct vmbc_sim *sim,
			     const struct vmbc_sim_msg *m);
void vmbc_sim_chan_close(struct vmbc_sim *sim, struct vmbc_sim_dev *dev);
void vmbc_sim_chan_release(struct vmbc_sim *sim, struct vmbc_sim_dev *dev);

/* rings.c: the data path */
void vmbc_sim_io_init(struct vmbc_sim *sim);
void vmbc_sim_io_stop(struct vmbc_sim *sim);
void vmbc_sim_io_work(struct work_struct *work);
void vmbc_sim_io_hold(struct vmbc_sim *sim, bool hold);
void vmbc_sim_signal_in(struct vmbc_sim *sim, u32 connection_id);
void vmbc_sim_monitor_start(struct vmbc_sim *sim);
void vmbc_sim_set_guest_pages(struct vmbc_sim *sim,
			      const struct vmbus_channel_initiate_contact *ic);
int vmbc_sim_chan_send(struct vmbc_sim_chan *chan, const struct kvec *kv,
		       u32 kv_count, bool *signal);
void vmbc_sim_chan_interrupt(struct vmbc_sim *sim, struct vmbc_sim_dev *dev);

/* models.c: the device models, by class */
const struct vmbc_sim_model *vmbc_sim_model_find(const guid_t *class_id);
const struct vmbc_sim_model *vmbc_sim_model_by_name(const char *name);
void vmbc_sim_models_host_init(struct vmbc_sim *sim);
int vmbc_sim_models_setup(void);
void vmbc_sim_models_teardown(void);
const struct vmbc_sim_model *vmbc_sim_model_at(unsigned int i);
int vmbc_sim_device_packet(struct vmbc_sim_dev *dev,
			   const struct vmbc_ring_pkt *pkt, bool *signal);
void vmbc_sim_model_event(struct vmbc_sim_dev *dev,
			  void (*hook)(struct vmbc_sim_dev *dev));

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
void vmbc_sim_synic_kick_locked(struct vmbc_sim *sim, int cpu);

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
char **vmbc_sim_user_words(const char __user *ubuf, size_t count, int *argc);
ssize_t vmbc_sim_write_words(struct vmbc_sim *sim, const char __user *ubuf,
			     size_t count,
			     int (*apply)(struct vmbc_sim *sim, int argc,
					  char **argv),
			     const char *what, const char *usage);
void vmbc_sim_debugfs_init(void);
void vmbc_sim_debugfs_stop(void);
void vmbc_sim_debugfs_exit(void);
void vmbc_sim_debugfs_add(struct vmbc_sim *sim);
void vmbc_sim_debugfs_del(struct vmbc_sim *sim);

#endif /* _VMBC_SIM_INTERNAL_H */
