/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbc_sim: a simulated Hyper-V host, driven from C (KUnit) and debugfs.
 *
 * Each struct vmbc_sim is one host with one VMBus connection to the core.
 * It plays the host side of the protocol through the transport ops: it
 * answers what the core posts from its own work queue, and delivers its
 * messages and event flags through a per-CPU SynIC model (one message slot
 * and one event-flags area per CPU, end-of-message honoured) from hard
 * interrupt context (an hrtimer), never by calling the core back
 * synchronously. It misbehaves on request.
 */
#ifndef _VMBC_SIM_H
#define _VMBC_SIM_H

#include <linux/types.h>
#include <linux/uuid.h>

#include <vmbc/hyperv.h>

struct vmbc_sim;
struct vmbc_connection;

/**
 * struct vmbc_sim_config - how a simulated host starts
 * @name: unique short name ("sim0"); debugfs directory and connection name.
 * @max_version: newest version the host accepts (VERSION_*); 0 for 5.3.
 * @refuse_versions: bit i set refuses the i-th version of the core's list
 *	newest first: bit 0 = 5.3, 1 = 5.2, 2 = 5.1, 3 = 5.0, 4 = 4.1,
 *	5 = 4.0, 6 = 3.0, 7 = 2.4, 8 = 1.1, 9 = 0.13.
 * @msg_conn_id: the msg_conn_id answered from 5.0 on; 0 picks 4.
 * @no_connect: do not call vmbc_connection_connect() in vmbc_sim_create().
 * @heartbeat_ms: milliseconds between the heartbeats a heartbeat device
 *	sends once negotiated; 0 for none.
 * @hypervisor: play a fake hypervisor instead of a transport: the host
 *	creates no connection; a Hyper-V transport started over
 *	vmbc_sim_hv_prims with the host as its instance (vmbc_hv_create())
 *	posts and signals through hypercalls, and finds the host's messages
 *	and events in the SynIC pages it registers, as on Hyper-V. Attach
 *	its connection with vmbc_sim_attach(). @no_connect does not apply.
 * @hv_features: what the fake hypervisor reports (with @hypervisor).
 */
struct vmbc_sim_config {
	const char *name;
	u32 max_version;
	u32 refuse_versions;
	u32 msg_conn_id;
	bool no_connect;
	u32 heartbeat_ms;
	bool hypervisor;
	struct vmbc_hv_features hv_features;
};

/**
 * struct vmbc_sim_device - a device the host offers
 * @class_id: if_type.
 * @instance_id: if_instance.
 * @relid: the relid to offer it at; 0 picks the lowest free one.
 * @monitor_allocated: offer a monitor id (picked by the host).
 * @dedicated_interrupt: set is_dedicated_interrupt.
 * @sub_channel_index: 0 for a primary; otherwise a sub-channel of the
 *	primary with the same GUIDs.
 */
struct vmbc_sim_device {
	guid_t class_id;
	guid_t instance_id;
	u32 relid;
	bool monitor_allocated;
	bool dedicated_interrupt;
	u16 sub_channel_index;
};

/**
 * enum vmbc_sim_fault - misbehaviour switches
 * @VMBC_SIM_DROP_RESPONSE: drop the next @arg responses of message type
 *	@type (a CHANNELMSG_* response type).
 * @VMBC_SIM_DELAY_RESPONSE: delay every response of @type by @arg ms
 *	(0 turns it off).
 * @VMBC_SIM_DUPLICATE_RESPONSE: send the next response of @type twice.
 * @VMBC_SIM_POST_BUSY: fail the next @arg posts with
 *	HV_STATUS_INSUFFICIENT_BUFFERS.
 * @VMBC_SIM_FAIL_RESPONSE: the next response of @type (OPENCHANNEL_RESULT,
 *	GPADL_CREATED or MODIFYCHANNEL_RESPONSE) carries status @arg instead
 *	of success; the host then behaves as if it had refused (no GPADL
 *	kept, channel not open, target CPU unchanged). 0 turns it off.
 * @VMBC_SIM_REJECT_POST: fail the next @arg posts of guest message type
 *	@type with HV_STATUS_INVALID_CONNECTION_ID, a status not worth a
 *	retry; the message never reaches the host.
 * @VMBC_SIM_HOLD_IO: while @arg is not 0, the host reads nothing from any
 *	channel's ring (signals are counted and remembered); back to 0, it
 *	drains every open channel at once.
 * @VMBC_SIM_FAULT_COUNT: number of switches.
 */
enum vmbc_sim_fault {
	VMBC_SIM_DROP_RESPONSE,
	VMBC_SIM_DELAY_RESPONSE,
	VMBC_SIM_DUPLICATE_RESPONSE,
	VMBC_SIM_POST_BUSY,
	VMBC_SIM_FAIL_RESPONSE,
	VMBC_SIM_REJECT_POST,
	VMBC_SIM_HOLD_IO,
	VMBC_SIM_FAULT_COUNT
};

/**
 * struct vmbc_sim_stats - what the host saw
 * @msgs_from_guest: messages posted by the core, by CHANNELMSG_* type.
 * @msgs_to_guest: messages delivered to the core.
 * @protocol_errors: guest messages that broke a protocol rule (wrong
 *	connection id, unknown relid, bad size, ...); a correct core keeps it 0.
 * @signals: HvSignalEvent calls.
 * @eoms: end-of-message notifications.
 * @version: the version accepted, 0 before.
 * @offers_outstanding: relids offered and not yet released.
 * @offers_declined: offers the guest released without a rescind (it
 *	could not take them).
 */
struct vmbc_sim_stats {
	u64 msgs_from_guest[32];
	u64 msgs_to_guest;
	u64 protocol_errors;
	u64 signals;
	u64 eoms;
	u32 version;
	u32 offers_outstanding;
	u64 offers_declined;
};

/**
 * vmbc_sim_create() - start a simulated host and connect the core to it
 * @cfg: the configuration.
 *
 * Context: process context, sleeps.
 * Return: the host, or an ERR_PTR() (-ECONNREFUSED when no version was
 * accepted and @cfg->no_connect is false).
 */
struct vmbc_sim *vmbc_sim_create(const struct vmbc_sim_config *cfg);

/**
 * vmbc_sim_destroy() - unload the core's connection and stop the host
 * @sim: the host.
 *
 * Context: process context, sleeps.
 */
void vmbc_sim_destroy(struct vmbc_sim *sim);

/**
 * vmbc_sim_connection() - the core's connection to this host
 * @sim: the host.
 *
 * Return: the connection.
 */
struct vmbc_connection *vmbc_sim_connection(struct vmbc_sim *sim);

/**
 * vmbc_sim_add_device() - offer a device (a hot-add once connected)
 * @sim: the host.
 * @dev: the device.
 *
 * Context: process context.
 * Return: the relid offered, or -errno (-EEXIST, -ENOSPC, -EINVAL).
 */
int vmbc_sim_add_device(struct vmbc_sim *sim,
			const struct vmbc_sim_device *dev);

/**
 * vmbc_sim_remove_device() - rescind the offer at @relid
 * @sim: the host.
 * @relid: the relid.
 *
 * The relid becomes free for the host once the core sends RELID_RELEASED.
 *
 * Context: process context.
 * Return: 0, or -ENOENT.
 */
int vmbc_sim_remove_device(struct vmbc_sim *sim, u32 relid);

/**
 * vmbc_sim_wait_released() - wait until the core released @relid
 * @sim: the host.
 * @relid: the relid.
 * @timeout_ms: bound.
 *
 * Context: process context, sleeps.
 * Return: 0, or -ETIMEDOUT.
 */
int vmbc_sim_wait_released(struct vmbc_sim *sim, u32 relid,
			   unsigned int timeout_ms);

/**
 * vmbc_sim_set_fault() - flip a misbehaviour switch
 * @sim: the host.
 * @fault: the switch.
 * @type: the CHANNELMSG_* type it applies to, where it applies to one.
 * @arg: a count or milliseconds, as enum vmbc_sim_fault says.
 */
void vmbc_sim_set_fault(struct vmbc_sim *sim, enum vmbc_sim_fault fault,
			u32 type, u32 arg);

/**
 * vmbc_sim_inject() - deliver raw bytes as a message
 * @sim: the host.
 * @msg: the payload.
 * @size: bytes of @msg, at most 240.
 * @payload_size: the size to write into the slot header (may lie, up to 255).
 *
 * For malformed and unexpected messages. Delivered like any other.
 *
 * Context: process context.
 * Return: 0, or -EINVAL when @size is over 240.
 */
int vmbc_sim_inject(struct vmbc_sim *sim, const void *msg, u32 size,
		    u8 payload_size);

/**
 * vmbc_sim_signal() - set the event flag of @relid and interrupt the guest
 * @sim: the host.
 * @relid: the flag to set (0 to 2047; no check, for tests of the core's).
 * @cpu: the CPU to interrupt.
 */
void vmbc_sim_signal(struct vmbc_sim *sim, u32 relid, int cpu);

/**
 * vmbc_sim_flush() - wait until everything queued either way is handled
 * @sim: the host.
 *
 * Waits until the host has processed every message the core posted and
 * drained the channels it was signalled for, the core has taken every
 * message and interrupt the host sent, and the core's work and the
 * channel callbacks they scheduled have run; again while any of that
 * produced more. Delayed responses and a device model's timers are not
 * waited for.
 *
 * Context: process context, sleeps.
 */
void vmbc_sim_flush(struct vmbc_sim *sim);

/**
 * vmbc_sim_get_stats() - a copy of the host's counters
 * @sim: the host.
 * @stats: filled in.
 */
void vmbc_sim_get_stats(struct vmbc_sim *sim, struct vmbc_sim_stats *stats);

/**
 * struct vmbc_sim_channel_stats - the host's view of one channel
 * @gpadls: GPADLs the host holds for the channel.
 * @opened: the host has the channel open (its rings attached).
 * @opens: OPENCHANNELs accepted.
 * @closes: CLOSECHANNELs taken.
 * @packets_in: packets the host read from the guest's outbound ring.
 * @packets_out: packets the host wrote to the guest's inbound ring.
 * @signals_in: signals from the guest (event, interrupt page or monitor).
 * @interrupts_out: interrupts the host raised for the channel.
 * @ring_errors: corruption the host's ring views detected.
 * @tx_full: writes that found the guest's inbound ring full (the packet
 *	answered waited in the outbound ring for room).
 * @dropped: packets read and not answered: every packet of a class no
 *	device model plays, packets the model gives no answer, malformed
 *	ones.
 * @requests: messages the device model sent on its own (Integration
 *	Services: NEGOTIATE, heartbeats, ...).
 * @answers: the guest's answers to them the model accepted.
 * @bad_answers: the guest's answers the model refused (counted as
 *	protocol errors too).
 * @bad_packets: the guest's requests the model refused: malformed, out
 *	of turn, naming what it may not (counted as protocol errors too).
 */
struct vmbc_sim_channel_stats {
	u32 gpadls;
	bool opened;
	u32 opens;
	u32 closes;
	u64 packets_in;
	u64 packets_out;
	u64 signals_in;
	u64 interrupts_out;
	u64 ring_errors;
	u64 tx_full;
	u64 dropped;
	u64 requests;
	u64 answers;
	u64 bad_answers;
	u64 bad_packets;
};

/**
 * vmbc_sim_channel_stats() - the host's counters for the channel at @relid
 * @sim: the host.
 * @relid: the channel.
 * @stats: filled in.
 *
 * The counters live as long as the device: a channel closed and opened
 * again keeps counting.
 *
 * Context: process context.
 * Return: 0, or -ENOENT when the host has no device at @relid.
 */
int vmbc_sim_channel_stats(struct vmbc_sim *sim, u32 relid,
			   struct vmbc_sim_channel_stats *stats);

/**
 * vmbc_sim_gpadl_pfns() - the PFNs the host took for a GPADL
 * @sim: the host.
 * @handle: the GPADL handle.
 * @pfns: filled with up to @max PFNs, in order.
 * @max: room in @pfns.
 *
 * Only a GPADL the host created (answered with success) and not torn
 * down yet counts.
 *
 * Context: process context.
 * Return: the number of PFNs in the GPADL (may exceed @max), or -ENOENT.
 */
int vmbc_sim_gpadl_pfns(struct vmbc_sim *sim, u32 handle, u64 *pfns,
			u32 max);

/* ------------------------------------------------------------------ */
/* Device models: Integration Services and the synthetic keyboard      */

/**
 * struct vmbc_sim_ic_state - where an Integration Services channel stands
 * @open: the host has the channel open.
 * @negotiated: the guest answered NEGOTIATE since the channel opened.
 * @framework: the framework version it chose, major << 16 | minor; 0
 *	before.
 * @service: the service's message version it chose, likewise.
 * @pending: a request of the host awaits its answer.
 * @pending_type: its ICMSGTYPE_*.
 * @pending_unread: that request is still in the guest's inbound ring,
 *	unread (Linux's hv_kvp leaves NEGOTIATE there until its daemon
 *	registers).
 * @answered: the guest answered a message of the service (NEGOTIATE
 *	aside) since the device was added.
 * @status: the status of its last such answer (HV_S_OK, HV_E_FAIL,
 *	HV_S_CONT, ...).
 */
struct vmbc_sim_ic_state {
	bool open;
	bool negotiated;
	u32 framework;
	u32 service;
	bool pending;
	u16 pending_type;
	bool pending_unread;
	bool answered;
	u32 status;
};

/**
 * vmbc_sim_ic_state() - where the IC channel at a relid stands
 * @sim: the host.
 * @relid: a device of an Integration Service the host plays (heartbeat,
 *	shutdown, time sync, KVP).
 * @st: filled in.
 *
 * Context: process context.
 * Return: 0; -ENOENT when the host has no device at @relid, -ENODEV when
 * it is not an Integration Service.
 */
int vmbc_sim_ic_state(struct vmbc_sim *sim, u32 relid,
		      struct vmbc_sim_ic_state *st);

/* What a shutdown request asks (shutdown_msg_data.flags); 0: shut down. */
#define VMBC_SIM_SHUTDOWN_FORCE		0x1
#define VMBC_SIM_SHUTDOWN_REBOOT	0x2
#define VMBC_SIM_SHUTDOWN_HIBERNATE	0x4

/**
 * vmbc_sim_shutdown_guest() - send a shutdown device's guest a request
 * @sim: the host.
 * @relid: a shutdown device.
 * @flags: 0 to shut down, VMBC_SIM_SHUTDOWN_REBOOT or _HIBERNATE, each
 *	optionally with VMBC_SIM_SHUTDOWN_FORCE.
 *
 * The answer comes through the channel and is counted in its
 * answers (HV_S_OK, or HV_E_FAIL for a request the guest refuses) or
 * bad_answers; vmbc_sim_ic_state() has its status.
 *
 * Context: process context.
 * Return: 0 when the request went out; -EINVAL for bad @flags; -ENOENT,
 * -ENODEV (not a shutdown device); -ENOTCONN while the channel is
 * closed or not negotiated; -EBUSY while a request awaits its answer;
 * -EAGAIN when the guest's inbound ring is full.
 */
int vmbc_sim_shutdown_guest(struct vmbc_sim *sim, u32 relid, u32 flags);

/**
 * vmbc_sim_timesync_set_samples() - turn a host's time samples on or off
 * @sim: the host.
 * @period_ms: milliseconds between the samples each time sync device
 *	sends once negotiated, the first of them a SYNC; 0 (the default)
 *	for none.
 *
 * Off by default because Linux's hv_utils reads Hyper-V's reference
 * counter for every sample, which is wrong off Hyper-V (a faulting MSR
 * read on x86, a BUG() on arm64): only for guests that do not, such as
 * a test's driver. Turning samples on sends a SYNC at once on every
 * negotiated channel that has had none.
 *
 * Context: process context.
 */
void vmbc_sim_timesync_set_samples(struct vmbc_sim *sim, u32 period_ms);

/**
 * vmbc_sim_timesync_sample() - send one time sample now
 * @sim: the host; its samples on.
 * @relid: a time sync device.
 * @flags: ICTIMESYNCFLAG_SYNC, ICTIMESYNCFLAG_SAMPLE, both, or
 *	ICTIMESYNCFLAG_PROBE (0).
 *
 * Context: process context.
 * Return: 0; -EPERM while the host's samples are off; -EINVAL for bad
 * @flags; otherwise as vmbc_sim_shutdown_guest().
 */
int vmbc_sim_timesync_sample(struct vmbc_sim *sim, u32 relid, u8 flags);

/* Room for a KVP key or value in UTF-8: 3 bytes a UTF-16 unit, a NUL. */
#define VMBC_SIM_KVP_KEY_MAX	((512 / 2 - 1) * 3 + 1)
#define VMBC_SIM_KVP_VALUE_MAX	((2048 / 2 - 1) * 3 + 1)

/**
 * struct vmbc_sim_kvp_result - the guest's answer to a KVP query
 * @pool: the pool asked (enum hv_kvp_exchg_pool).
 * @index: the index asked.
 * @status: HV_S_OK (@key and @value set), HV_S_CONT (no key at @index:
 *	the end of the pool) or HV_E_FAIL (the guest failed, e.g. its KVP
 *	daemon did not answer in time).
 * @key: the key, decoded from UTF-16 to UTF-8; "" unless HV_S_OK.
 * @value: its value, likewise.
 */
struct vmbc_sim_kvp_result {
	u8 pool;
	u32 index;
	u32 status;
	char key[VMBC_SIM_KVP_KEY_MAX];
	char value[VMBC_SIM_KVP_VALUE_MAX];
};

/**
 * vmbc_sim_kvp_enumerate() - ask a KVP device's guest for a pool's key
 * @sim: the host.
 * @relid: a KVP device.
 * @pool: the pool, below KVP_POOL_COUNT.
 * @index: the index of the key in the pool.
 *
 * Sends KVP_OP_ENUMERATE; vmbc_sim_kvp_result() has the answer once the
 * guest gave it (a guest without its KVP daemon never even negotiates:
 * Documentation/sim.rst).
 *
 * Context: process context.
 * Return: 0; -EINVAL for a bad @pool; otherwise as
 * vmbc_sim_shutdown_guest().
 */
int vmbc_sim_kvp_enumerate(struct vmbc_sim *sim, u32 relid, u8 pool,
			   u32 index);

/**
 * vmbc_sim_kvp_result() - the guest's answer to the last KVP query
 * @sim: the host.
 * @relid: a KVP device.
 * @res: filled in.
 *
 * Context: process context.
 * Return: 0; -ENODATA while no query was answered, or when the last
 * answer was a bad one (counted in the channel's bad_answers); -ENOENT,
 * -ENODEV.
 */
int vmbc_sim_kvp_result(struct vmbc_sim *sim, u32 relid,
			struct vmbc_sim_kvp_result *res);

/* Keystroke flags, as the synthetic keyboard's event carries them. */
#define VMBC_SIM_KBD_UNICODE	0x1	/* @make_code is a UTF-16 unit */
#define VMBC_SIM_KBD_BREAK	0x2	/* the key goes up */
#define VMBC_SIM_KBD_E0		0x4	/* an E0-prefixed scan code */
#define VMBC_SIM_KBD_E1		0x8	/* an E1-prefixed scan code */

/**
 * vmbc_sim_keyboard_press() - send a keystroke to a keyboard's guest
 * @sim: the host.
 * @relid: a synthetic keyboard device.
 * @make_code: the key's scan code set 1 make code (1 to 0x7f), or a
 *	UTF-16 unit with VMBC_SIM_KBD_UNICODE.
 * @flags: VMBC_SIM_KBD_*; without VMBC_SIM_KBD_BREAK, the key goes down.
 *
 * Context: process context.
 * Return: 0 when the event went out; -EINVAL for a bad code or flags;
 * -ENOENT, -ENODEV (not a keyboard); -ENOTCONN while the channel is
 * closed or the host has not accepted the guest's protocol request;
 * -EAGAIN when the guest's inbound ring is full.
 */
int vmbc_sim_keyboard_press(struct vmbc_sim *sim, u32 relid, u16 make_code,
			    u32 flags);

/* ------------------------------------------------------------------ */
/* The fake hypervisor (a host created with @hypervisor)               */

/* The primitives of the fake hypervisor; @hw is the host. */
extern const struct vmbc_hv_prims vmbc_sim_hv_prims;

/**
 * vmbc_sim_attach() - tell a fake-hypervisor host its guest's connection
 * @sim: the host, created with @hypervisor.
 * @conn: the connection the transport under test created; NULL once the
 *	transport is gone.
 * @release: called with @arg first thing in vmbc_sim_destroy() (the guest
 *	goes before its hypervisor): destroys the transport; may be NULL.
 * @arg: its argument.
 *
 * The host then flushes the core through @conn (vmbc_sim_flush()).
 */
void vmbc_sim_attach(struct vmbc_sim *sim, struct vmbc_connection *conn,
		     void (*release)(void *arg), void *arg);

/**
 * vmbc_sim_hv_reg() - a SynIC register of a virtual processor
 * @sim: the host, created with @hypervisor.
 * @cpu: the VP (a CPU).
 * @reg: the register.
 *
 * Return: its value, as the guest last wrote it.
 */
u64 vmbc_sim_hv_reg(struct vmbc_sim *sim, int cpu, enum vmbc_hv_reg reg);

/**
 * vmbc_sim_hv_set_reg() - set a SynIC register, as a hypervisor might find it
 * @sim: the host, created with @hypervisor.
 * @cpu: the VP.
 * @reg: the register (an enabled SCONTROL: someone else's SynIC).
 * @value: its value.
 */
void vmbc_sim_hv_set_reg(struct vmbc_sim *sim, int cpu, enum vmbc_hv_reg reg,
			 u64 value);

/**
 * vmbc_sim_hv_hooked() - has the transport installed its vector handler?
 * @sim: the host, created with @hypervisor.
 *
 * Return: true while one is installed.
 */
bool vmbc_sim_hv_hooked(struct vmbc_sim *sim);

/**
 * vmbc_sim_hv_stray() - a message of another SynIC type in SINT 2's slot
 * @sim: the host, created with @hypervisor.
 * @message_type: its SynIC type (HVMSG_TIMER_EXPIRED, ...).
 *
 * Delivered in order with the host's own messages, like any other.
 *
 * Return: 0, or -ENOMEM.
 */
int vmbc_sim_hv_stray(struct vmbc_sim *sim, u32 message_type);

/* ------------------------------------------------------------------ */
/* The synthetic SCSI controller (class "storage")                     */

/**
 * struct vmbc_sim_disk_state - where a synthetic SCSI controller stands
 * @open: its primary channel is open.
 * @ready: the guest ended its initialisation (SCSI requests may come).
 * @version: the storage protocol version accepted, major << 8 | minor;
 *	0 before.
 * @lun_present: the unit is there (not removed).
 * @subchannels: sub-channels offered now.
 * @max_subchannels: sub-channels the host allows.
 * @size: the unit's size in bytes.
 * @bytes_used: RAM its written blocks take.
 * @srbs: SCSI requests answered (malformed ones aside).
 * @no_lun: of them, those to a unit that is not there.
 * @reads: READ commands done.
 * @writes: WRITE commands done.
 * @read_bytes: bytes they read.
 * @write_bytes: bytes they wrote.
 * @syncs: SYNCHRONIZE CACHE commands done.
 * @check_conditions: commands answered CHECK CONDITION.
 */
struct vmbc_sim_disk_state {
	bool open;
	bool ready;
	u32 version;
	bool lun_present;
	u32 subchannels;
	u32 max_subchannels;
	u64 size;
	u64 bytes_used;
	u64 srbs;
	u64 no_lun;
	u64 reads;
	u64 writes;
	u64 read_bytes;
	u64 write_bytes;
	u64 syncs;
	u64 check_conditions;
};

/**
 * vmbc_sim_disk_state() - where a synthetic SCSI controller stands
 * @sim: the host.
 * @relid: the controller's primary channel.
 * @st: filled in.
 *
 * Context: process context.
 * Return: 0; -ENOENT (no device there) or -ENODEV (not a controller's
 * primary channel).
 */
int vmbc_sim_disk_state(struct vmbc_sim *sim, u32 relid,
			struct vmbc_sim_disk_state *st);

/**
 * vmbc_sim_disk_set_size() - resize a controller's unit
 * @sim: the host.
 * @relid: the controller's primary channel.
 * @bytes: whole 512-byte blocks, 1 MiB to 1 TiB (sparse in RAM).
 *
 * The guest learns of it on its next command (UNIT ATTENTION).
 *
 * Context: process context.
 * Return: 0; -EINVAL; -ENOENT, -ENODEV.
 */
int vmbc_sim_disk_set_size(struct vmbc_sim *sim, u32 relid, u64 bytes);

/**
 * vmbc_sim_disk_set_subchannels() - the sub-channels a controller allows
 * @sim: the host.
 * @relid: the controller's primary channel.
 * @n: 0 (no multi-channel) to 63, from the guest's next initialisation.
 *
 * Context: process context.
 * Return: 0; -EINVAL; -ENOENT, -ENODEV.
 */
int vmbc_sim_disk_set_subchannels(struct vmbc_sim *sim, u32 relid, u32 n);

/**
 * vmbc_sim_disk_remove_lun() - take the unit away, keep the controller
 * @sim: the host.
 * @relid: the controller's primary channel.
 *
 * Context: process context.
 * Return: 0; -ENOENT, -ENODEV.
 */
int vmbc_sim_disk_remove_lun(struct vmbc_sim *sim, u32 relid);

/**
 * vmbc_sim_disk_access() - the host's own read or write of a unit
 * @sim: the host.
 * @relid: the controller's primary channel.
 * @offset: byte of the unit.
 * @buf: the host's memory.
 * @len: bytes.
 * @write: write the unit; else read it.
 *
 * Context: process context.
 * Return: 0; -ERANGE; -ENOMEM; -ENOENT, -ENODEV.
 */
int vmbc_sim_disk_access(struct vmbc_sim *sim, u32 relid, u64 offset,
			 void *buf, u32 len, bool write);

/* ------------------------------------------------------------------ */
/* The synthetic NIC (class "network")                                 */

/**
 * struct vmbc_sim_nic_state - where a synthetic NIC stands
 * @open: its primary channel is open.
 * @version: the NVSP version accepted, 0 before.
 * @ndis_version: the NDIS version the guest announced, major << 16 |
 *	minor.
 * @rndis_initialized: the guest initialised the RNDIS device.
 * @filter: the packet filter it set (RNDIS_PACKET_TYPE_*).
 * @link_up: the link is up.
 * @rx_ready: the guest takes frames now.
 * @mac: the NIC's MAC address.
 * @recv_sections: sections of the guest's receive buffer, 0 for none.
 * @recv_used: of them, those the guest holds.
 * @send_sections: sections of its send buffer, 0 for none.
 * @subchannels: sub-channels offered now.
 * @max_subchannels: sub-channels the host allows.
 * @channels_open: channels the guest has open, primary included.
 * @rss_entries: entries of the guest's indirection table, 0 for none.
 * @frames_in: frames the guest sent that left through the host's port.
 * @bytes_in: their bytes.
 * @frames_out: frames the host gave the guest.
 * @bytes_out: their bytes.
 * @dropped_in: frames of the guest's the port could not take (down).
 * @dropped_out: frames for the guest the host dropped.
 * @rndis_requests: RNDIS control messages answered.
 * @rndis_refused: of them, answered with a failure status.
 * @indications: link changes told to the guest.
 * @port: the host port's interface name ("" before it is registered).
 * @port_ifindex: its ifindex, 0 before.
 */
struct vmbc_sim_nic_state {
	bool open;
	u32 version;
	u32 ndis_version;
	bool rndis_initialized;
	u32 filter;
	bool link_up;
	bool rx_ready;
	u8 mac[6];
	u32 recv_sections;
	u32 recv_used;
	u32 send_sections;
	u32 subchannels;
	u32 max_subchannels;
	u32 channels_open;
	u32 rss_entries;
	u64 frames_in;
	u64 bytes_in;
	u64 frames_out;
	u64 bytes_out;
	u64 dropped_in;
	u64 dropped_out;
	u64 rndis_requests;
	u64 rndis_refused;
	u64 indications;
	char port[16];
	int port_ifindex;
};

int vmbc_sim_nic_state(struct vmbc_sim *sim, u32 relid,
		       struct vmbc_sim_nic_state *st);
int vmbc_sim_nic_set_link(struct vmbc_sim *sim, u32 relid, bool up);
int vmbc_sim_nic_set_subchannels(struct vmbc_sim *sim, u32 relid, u32 n);
int vmbc_sim_nic_send(struct vmbc_sim *sim, u32 relid, const void *frame,
		      u32 len);

#endif /* _VMBC_SIM_H */
