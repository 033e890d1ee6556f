/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbc: what a connection counts. Every input the core rejects is counted
 * under its reason; /sys/kernel/debug/vmbc/<connection>/stats shows them
 * by name.
 */
#ifndef _VMBC_STATS_H
#define _VMBC_STATS_H

#include <linux/types.h>

struct vmbc_connection;

/**
 * enum vmbc_stat - what a connection counts
 * @VMBC_STAT_MSGS: messages taken from the slot.
 * @VMBC_STAT_MSG_NOT_VMBUS: a message of another SynIC type (a timer's, say)
 *	in the VMBus slot.
 * @VMBC_STAT_MSG_BAD_SIZE: payload_size over 240 or under the type's minimum.
 * @VMBC_STAT_MSG_BAD_TYPE: unknown type, or a guest-to-host type.
 * @VMBC_STAT_MSG_UNMATCHED: a response no request waits for (or a duplicate).
 * @VMBC_STAT_MSG_NOMEM: dropped: no memory to queue it.
 * @VMBC_STAT_MSG_IGNORED: arrived while disconnected or unloading.
 * @VMBC_STAT_OFFERS: offers accepted.
 * @VMBC_STAT_OFFER_BAD_RELID: relid 0 or over 2047.
 * @VMBC_STAT_OFFER_RELID_BUSY: relid still in use (or not yet released).
 * @VMBC_STAT_OFFER_DUPLICATE: a second primary with the same instance GUID,
 *	whatever its class.
 * @VMBC_STAT_OFFER_DUPLICATE_SUBCHANNEL: a second sub-channel with the same
 *	index of one primary.
 * @VMBC_STAT_OFFER_NO_PRIMARY: a sub-channel without a live primary.
 * @VMBC_STAT_OFFER_BAD_MONITOR: monitorid over 127.
 * @VMBC_STAT_OFFER_FAILED: no memory or the device would not register.
 * @VMBC_STAT_RESCINDS: rescinds accepted.
 * @VMBC_STAT_RESCIND_UNKNOWN: rescind of a relid out of range or unknown.
 * @VMBC_STAT_EVENTS: event flags taken.
 * @VMBC_STAT_EVENT_UNKNOWN: an event flag with no live channel behind it.
 * @VMBC_STAT_EVENT_BROKEN_RING: an event for a channel whose inbound ring
 *	was found corrupt (no callback runs for it).
 * @VMBC_STAT_DROP_BUDGET: a read stopped after dropping its budget of
 *	packets (completions nobody asked for, packets too large).
 * @VMBC_STAT_POST_RETRIES: post-message retries (host out of buffers).
 * @VMBC_STAT_POST_FAILURES: posts given up.
 * @VMBC_STAT_COUNT: number of counters.
 */
enum vmbc_stat {
	VMBC_STAT_MSGS,
	VMBC_STAT_MSG_NOT_VMBUS,
	VMBC_STAT_MSG_BAD_SIZE,
	VMBC_STAT_MSG_BAD_TYPE,
	VMBC_STAT_MSG_UNMATCHED,
	VMBC_STAT_MSG_NOMEM,
	VMBC_STAT_MSG_IGNORED,
	VMBC_STAT_OFFERS,
	VMBC_STAT_OFFER_BAD_RELID,
	VMBC_STAT_OFFER_RELID_BUSY,
	VMBC_STAT_OFFER_DUPLICATE,
	VMBC_STAT_OFFER_DUPLICATE_SUBCHANNEL,
	VMBC_STAT_OFFER_NO_PRIMARY,
	VMBC_STAT_OFFER_BAD_MONITOR,
	VMBC_STAT_OFFER_FAILED,
	VMBC_STAT_RESCINDS,
	VMBC_STAT_RESCIND_UNKNOWN,
	VMBC_STAT_EVENTS,
	VMBC_STAT_EVENT_UNKNOWN,
	VMBC_STAT_EVENT_BROKEN_RING,
	VMBC_STAT_DROP_BUDGET,
	VMBC_STAT_POST_RETRIES,
	VMBC_STAT_POST_FAILURES,
	VMBC_STAT_COUNT
};

/**
 * vmbc_connection_stat() - one counter of a connection
 * @conn: the connection.
 * @stat: which counter.
 *
 * Context: any.
 * Return: the count so far; 0 for a @stat out of range.
 */
u64 vmbc_connection_stat(struct vmbc_connection *conn, enum vmbc_stat stat);

#endif /* _VMBC_STATS_H */
