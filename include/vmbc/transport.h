/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbc transports: how the channel core reaches a hypervisor.
 *
 * A transport works at the SynIC level and no higher: it posts a channel
 * message (HvPostMessage), signals an event (HvSignalEvent), and hands the
 * core each SINT 2 interrupt as a 256-byte message slot plus the SINT's
 * event flags, through vmbc_connection_isr(). Everything above that (slot
 * handling, end-of-message, event-flag scanning, versions, offers,
 * channels) is core code shared by every transport.
 *
 * The simulated host of vmbc_sim.ko is a transport; Hyper-V's (hypercalls
 * and SynIC MSRs) is another. Several connections may exist at once, each
 * with its own transport instance (@priv), so that every KUnit test can
 * have a host of its own.
 *
 * Lifecycle, from the transport's side:
 *
 *   conn = vmbc_connection_create(&ops, priv, "name");
 *   ... enable the interrupt source that calls vmbc_connection_isr() ...
 *   err = vmbc_connection_connect(conn);      negotiate, get the offers
 *   ...
 *   vmbc_connection_unload(conn);             devices gone, UNLOAD sent
 *   ... disable the interrupt source, wait for running handlers ...
 *   vmbc_connection_free(conn);
 */
#ifndef _VMBC_TRANSPORT_H
#define _VMBC_TRANSPORT_H

#include <linux/types.h>

#include <vmbc/synic.h>

struct module;
struct vmbc_connection;

/**
 * struct vmbc_transport_ops - a transport, as the core sees it
 * @owner: the module implementing the ops; pinned while a driver is bound
 *	to a device of a connection that uses it.
 * @name: shown in logs and debugfs ("hyperv", "sim").
 * @post_message: HvPostMessage. Post @size bytes (at most 240) of the
 *	channel message @msg on @connection_id. Returns an HV_STATUS_* code;
 *	HV_STATUS_INSUFFICIENT_MEMORY and HV_STATUS_INSUFFICIENT_BUFFERS mean
 *	"retry later". Called in any context, atomic included.
 * @signal_event: HvSignalEvent on @connection_id (flag number 0). Returns
 *	an HV_STATUS_* code. Called in any context, atomic included.
 * @eom: end of message. The core has consumed a message whose slot had
 *	HV_MESSAGE_FLAG_PENDING set and freed the slot; the hypervisor may
 *	deliver the next one (the EOM MSR on Hyper-V). Called from the core's
 *	interrupt entry.
 * @cpu_to_vp: the hypervisor's virtual processor number of a Linux CPU.
 *
 * Group: message path (@post_message, @eom), event path (@signal_event),
 * topology (@cpu_to_vp).
 */
struct vmbc_transport_ops {
	struct module *owner;
	const char *name;

	/* message path */
	u16 (*post_message)(void *priv, u32 connection_id, const void *msg,
			    u32 size);
	void (*eom)(void *priv);

	/* event path */
	u16 (*signal_event)(void *priv, u32 connection_id);

	/* topology */
	u32 (*cpu_to_vp)(void *priv, int cpu);
};

/**
 * vmbc_connection_create() - a connection over a transport, not yet connected
 * @ops: the transport; must outlive the connection.
 * @priv: the transport's instance, passed back to every op.
 * @name: a short unique name for logs, debugfs and the root device.
 *
 * Allocates the relid table, the message work queues, the interrupt and
 * monitor pages, so that vmbc_connection_isr() is safe to call from the
 * moment this returns.
 *
 * Context: process context, may sleep.
 * Return: the connection, or an ERR_PTR().
 */
struct vmbc_connection *
vmbc_connection_create(const struct vmbc_transport_ops *ops, void *priv,
		       const char *name);

/**
 * vmbc_connection_connect() - negotiate a version and receive the offers
 * @conn: a connection from vmbc_connection_create().
 *
 * Sends INITIATE_CONTACT from the newest supported version down to WS2008,
 * then REQUESTOFFERS, and waits (bounded) for ALLOFFERS_DELIVERED.
 *
 * Context: process context, sleeps.
 * Return: 0; -ECONNREFUSED when the host accepted no version; -ETIMEDOUT
 * when the host stopped answering; another -errno on failure.
 */
int vmbc_connection_connect(struct vmbc_connection *conn);

/**
 * vmbc_connection_unload() - disconnect from the host
 * @conn: the connection.
 *
 * Removes every device and channel, sends UNLOAD and waits a bounded time
 * for UNLOAD_RESPONSE. Afterwards vmbc_connection_isr() ignores input.
 *
 * Context: process context, sleeps.
 */
void vmbc_connection_unload(struct vmbc_connection *conn);

/**
 * vmbc_connection_free() - free a connection
 * @conn: the connection, unloaded (or never connected), whose transport
 *	no longer calls vmbc_connection_isr().
 *
 * Context: process context, sleeps.
 */
void vmbc_connection_free(struct vmbc_connection *conn);

/**
 * vmbc_connection_isr() - the core's interrupt entry for SINT 2
 * @conn: the connection.
 * @msg_slot: this CPU's SINT 2 message slot; may be empty (HVMSG_NONE).
 * @event_flags: this CPU's SINT 2 event flags; may be NULL.
 *
 * Consumes the message in @msg_slot (copied once, slot freed, EOM when the
 * pending flag is set) and every event flag that is set, dispatching the
 * channels behind them.
 *
 * Context: hard or soft interrupt context on the CPU the interrupt was
 * delivered to.
 */
void vmbc_connection_isr(struct vmbc_connection *conn,
			 struct hv_message *msg_slot,
			 union hv_synic_event_flags *event_flags);

/**
 * vmbc_connection_version() - the negotiated protocol version
 * @conn: the connection.
 *
 * Context: any.
 * Return: VERSION_*, or 0 when not connected.
 */
u32 vmbc_connection_version(struct vmbc_connection *conn);

/**
 * vmbc_connection_name() - the connection's name
 * @conn: the connection.
 *
 * Context: any.
 * Return: the name given to vmbc_connection_create().
 */
const char *vmbc_connection_name(struct vmbc_connection *conn);

/**
 * vmbc_connection_msg_conn_id() - where the guest posts its messages
 * @conn: the connection.
 *
 * Context: any.
 * Return: VMBUS_MESSAGE_CONNECTION_ID before 5.0, the host's msg_conn_id
 * from 5.0 on.
 */
u32 vmbc_connection_msg_conn_id(struct vmbc_connection *conn);

/**
 * vmbc_connection_flush() - wait until the core has acted on its input so far
 * @conn: the connection.
 *
 * Waits for the core's pending message and offer work, and then for every
 * channel callback that an interrupt delivered so far has scheduled. For
 * transports that want to observe the core after their input was handled
 * (the simulated host's tests).
 *
 * Context: process context, sleeps; not from the core's own work.
 */
void vmbc_connection_flush(struct vmbc_connection *conn);

/**
 * vmbc_connection_cpu_busy() - may a CPU go offline under this connection?
 * @conn: the connection.
 * @cpu: the CPU about to go.
 *
 * Not the CPU that takes the host's messages while connected, nor one
 * that channels interrupt (they must be moved first). For a transport's
 * own CPU hotplug callback, before it takes the CPU's SynIC down.
 *
 * Context: the CPU hotplug thread.
 * Return: 0, or -EBUSY (logged).
 */
int vmbc_connection_cpu_busy(struct vmbc_connection *conn, unsigned int cpu);

/**
 * vmbc_connection_last_version() - the version a connection last unloaded at
 * @name: the connection's name.
 *
 * Remembered by the core across the transport module's reloads (the last
 * few names): hosts older than WIN8_1 (3.0) cannot be reconnected after
 * an UNLOAD.
 *
 * Context: any.
 * Return: VERSION_*, or 0 when no connection of that name was unloaded.
 */
u32 vmbc_connection_last_version(const char *name);

#endif /* _VMBC_TRANSPORT_H */
