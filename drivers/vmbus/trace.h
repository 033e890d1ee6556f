/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbc's tracepoints, under /sys/kernel/tracing/events/vmbc/:
 *
 *   vmbc_msg_recv, vmbc_msg_send  every channel message from and to the
 *                                 host, with its type, size and relid
 *   vmbc_offer, vmbc_rescind      what an offer or rescind named
 *   vmbc_version                  each version tried in negotiation
 *   vmbc_channel_state            every change of a channel's state
 *   vmbc_signal                   every signal to the host (event or
 *                                 monitor page)
 *   vmbc_interrupt                every signal from the host (an event
 *                                 flag), and whether a channel took it
 *   vmbc_ring_refused             every write the outbound ring refused
 *                                 and every read that found the inbound
 *                                 ring corrupt
 *
 * A connection is named as in the log and debugfs ("sim0", "hyperv"), a
 * channel by its connection and relid. Every field is copied when the
 * event fires: nothing in the record points back into a channel.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM vmbc

#if !defined(_VMBC_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _VMBC_TRACE_H

#include <linux/string.h>
#include <linux/tracepoint.h>

#include "connection.h"

/*
 * Two events of a channel's life that are no enum vmbus_channel_state,
 * traced as states: the host rescinded it, and its relid left the table.
 */
#define VMBC_TRACE_RESCINDED	16
#define VMBC_TRACE_RELEASED	17

/* Room for a connection's name in a record (names are short). */
#define VMBC_TRACE_NAME	16

#ifndef _VMBC_TRACE_HELPERS
#define _VMBC_TRACE_HELPERS
/* A channel message's CHANNELMSG_* type. */
static inline u32 vmbc_trace_msg_type(const void *msg)
{
	return ((const struct vmbus_channel_message_header *)msg)->msgtype;
}

/*
 * The relid a channel message names, or 0 for one that names none. @msg
 * is a private copy at least as long as its type's minimum (host
 * messages are validated before they are traced), or a message the core
 * built itself.
 */
static inline u32 vmbc_trace_msg_relid(const void *msg, u32 size)
{
	const struct vmbus_channel_message_header *hdr = msg;

	switch (hdr->msgtype) {
	case CHANNELMSG_OFFERCHANNEL:
		return ((const struct vmbus_channel_offer_channel *)msg)->child_relid;
	case CHANNELMSG_RESCIND_CHANNELOFFER:
	case CHANNELMSG_OPENCHANNEL:
	case CHANNELMSG_OPENCHANNEL_RESULT:
	case CHANNELMSG_CLOSECHANNEL:
	case CHANNELMSG_GPADL_HEADER:
	case CHANNELMSG_GPADL_CREATED:
	case CHANNELMSG_GPADL_TEARDOWN:
	case CHANNELMSG_RELID_RELEASED:
	case CHANNELMSG_MODIFYCHANNEL:
	case CHANNELMSG_MODIFYCHANNEL_RESPONSE:
		/* each of these has child_relid right after the header */
		if (size < sizeof(*hdr) + sizeof(u32))
			return 0;
		return *(const u32 *)(hdr + 1);
	default:
		return 0;
	}
}
#endif

/*
 * Names for __print_symbolic(): brace lists, which is why scripts/check.sh
 * lets this file's macros be "complex".
 */
#define VMBC_TRACE_MSGTYPES						\
	{ CHANNELMSG_OFFERCHANNEL, "OFFERCHANNEL" },			\
	{ CHANNELMSG_RESCIND_CHANNELOFFER, "RESCIND_CHANNELOFFER" },	\
	{ CHANNELMSG_REQUESTOFFERS, "REQUESTOFFERS" },			\
	{ CHANNELMSG_ALLOFFERS_DELIVERED, "ALLOFFERS_DELIVERED" },	\
	{ CHANNELMSG_OPENCHANNEL, "OPENCHANNEL" },			\
	{ CHANNELMSG_OPENCHANNEL_RESULT, "OPENCHANNEL_RESULT" },	\
	{ CHANNELMSG_CLOSECHANNEL, "CLOSECHANNEL" },			\
	{ CHANNELMSG_GPADL_HEADER, "GPADL_HEADER" },			\
	{ CHANNELMSG_GPADL_BODY, "GPADL_BODY" },			\
	{ CHANNELMSG_GPADL_CREATED, "GPADL_CREATED" },			\
	{ CHANNELMSG_GPADL_TEARDOWN, "GPADL_TEARDOWN" },		\
	{ CHANNELMSG_GPADL_TORNDOWN, "GPADL_TORNDOWN" },		\
	{ CHANNELMSG_RELID_RELEASED, "RELID_RELEASED" },		\
	{ CHANNELMSG_INITIATE_CONTACT, "INITIATE_CONTACT" },		\
	{ CHANNELMSG_VERSION_RESPONSE, "VERSION_RESPONSE" },		\
	{ CHANNELMSG_UNLOAD, "UNLOAD" },				\
	{ CHANNELMSG_UNLOAD_RESPONSE, "UNLOAD_RESPONSE" },		\
	{ CHANNELMSG_TL_CONNECT_REQUEST, "TL_CONNECT_REQUEST" },	\
	{ CHANNELMSG_MODIFYCHANNEL, "MODIFYCHANNEL" },			\
	{ CHANNELMSG_TL_CONNECT_RESULT, "TL_CONNECT_RESULT" },		\
	{ CHANNELMSG_MODIFYCHANNEL_RESPONSE, "MODIFYCHANNEL_RESPONSE" }

#define VMBC_TRACE_STATES						\
	{ CHANNEL_OFFER_STATE, "offer" },				\
	{ CHANNEL_OPENING_STATE, "opening" },				\
	{ CHANNEL_OPEN_STATE, "open" },					\
	{ CHANNEL_OPENED_STATE, "opened" },				\
	{ VMBC_TRACE_RESCINDED, "rescinded" },				\
	{ VMBC_TRACE_RELEASED, "released" }

/* A channel message in either direction. */
DECLARE_EVENT_CLASS(vmbc_msg,
		    TP_PROTO(const struct vmbc_connection *conn,
			     const void *msg, u32 size, int ret),
		    TP_ARGS(conn, msg, size, ret),
		    TP_STRUCT__entry(__array(char, conn, VMBC_TRACE_NAME)
				     __field(u32, msgtype)
				     __field(u32, size)
				     __field(u32, relid)
				     __field(int, ret)),
		    TP_fast_assign(strscpy(__entry->conn, conn->name,
					   VMBC_TRACE_NAME);
				   __entry->msgtype = vmbc_trace_msg_type(msg);
				   __entry->size = size;
				   __entry->relid = vmbc_trace_msg_relid(msg, size);
				   __entry->ret = ret;),
		    TP_printk("%s %s size=%u relid=%u ret=%d", __entry->conn,
			      __print_symbolic(__entry->msgtype,
					       VMBC_TRACE_MSGTYPES),
			      __entry->size, __entry->relid, __entry->ret));

/* A host message, validated, as the message work takes it. */
DEFINE_EVENT(vmbc_msg, vmbc_msg_recv,
	     TP_PROTO(const struct vmbc_connection *conn, const void *msg,
		      u32 size, int ret),
	     TP_ARGS(conn, msg, size, ret));

/* A message posted to the host; @ret is the post's result. */
DEFINE_EVENT(vmbc_msg, vmbc_msg_send,
	     TP_PROTO(const struct vmbc_connection *conn, const void *msg,
		      u32 size, int ret),
	     TP_ARGS(conn, msg, size, ret));

TRACE_EVENT(vmbc_offer,
	    TP_PROTO(const struct vmbc_connection *conn,
		     const struct vmbus_channel_offer_channel *offer),
	    TP_ARGS(conn, offer),
	    TP_STRUCT__entry(__array(char, conn, VMBC_TRACE_NAME)
			     __field(u32, relid)
			     __array(u8, class, UUID_SIZE)
			     __array(u8, instance, UUID_SIZE)
			     __field(u16, sub_index)
			     __field(u8, monitorid)
			     __field(u8, monitor_allocated)
			     __field(u16, chn_flags)
			     __field(u32, connection_id)),
	    TP_fast_assign(strscpy(__entry->conn, conn->name, VMBC_TRACE_NAME);
			   __entry->relid = offer->child_relid;
			   memcpy(__entry->class, &offer->offer.if_type,
				  UUID_SIZE);
			   memcpy(__entry->instance, &offer->offer.if_instance,
				  UUID_SIZE);
			   __entry->sub_index = offer->offer.sub_channel_index;
			   __entry->monitorid = offer->monitorid;
			   __entry->monitor_allocated = offer->monitor_allocated;
			   __entry->chn_flags = offer->offer.chn_flags;
			   __entry->connection_id = offer->connection_id;),
	    TP_printk("%s relid=%u class=%pUl instance=%pUl sub=%u monitor=%s%u flags=%#x connection_id=%u",
		      __entry->conn, __entry->relid, __entry->class,
		      __entry->instance, __entry->sub_index,
		      __entry->monitor_allocated ? "" : "none/",
		      __entry->monitorid, __entry->chn_flags,
		      __entry->connection_id));

TRACE_EVENT(vmbc_rescind,
	    TP_PROTO(const struct vmbc_connection *conn, u32 relid, bool known),
	    TP_ARGS(conn, relid, known),
	    TP_STRUCT__entry(__array(char, conn, VMBC_TRACE_NAME)
			     __field(u32, relid)
			     __field(bool, known)),
	    TP_fast_assign(strscpy(__entry->conn, conn->name, VMBC_TRACE_NAME);
			   __entry->relid = relid;
			   __entry->known = known;),
	    TP_printk("%s relid=%u%s", __entry->conn, __entry->relid,
		      __entry->known ? "" : " (no such channel)"));

TRACE_EVENT(vmbc_version,
	    TP_PROTO(const struct vmbc_connection *conn, u32 version, int ret),
	    TP_ARGS(conn, version, ret),
	    TP_STRUCT__entry(__array(char, conn, VMBC_TRACE_NAME)
			     __field(u32, version)
			     __field(int, ret)),
	    TP_fast_assign(strscpy(__entry->conn, conn->name, VMBC_TRACE_NAME);
			   __entry->version = version;
			   __entry->ret = ret;),
	    TP_printk("%s version=%u.%u %s", __entry->conn,
		      __entry->version >> 16, __entry->version & 0xffff,
		      __entry->ret == 0 ? "accepted" :
		      __entry->ret == -EPROTO ? "refused" : "failed"));

TRACE_EVENT(vmbc_channel_state,
	    TP_PROTO(const struct vmbus_channel *channel, int old, int new),
	    TP_ARGS(channel, old, new),
	    TP_STRUCT__entry(__array(char, conn, VMBC_TRACE_NAME)
			     __field(u32, relid)
			     __field(int, old)
			     __field(int, new)),
	    TP_fast_assign(strscpy(__entry->conn, channel->conn->name,
				   VMBC_TRACE_NAME);
			   __entry->relid = channel->offermsg.child_relid;
			   __entry->old = old;
			   __entry->new = new;),
	    TP_printk("%s relid=%u %s -> %s", __entry->conn, __entry->relid,
		      __print_symbolic(__entry->old, VMBC_TRACE_STATES),
		      __print_symbolic(__entry->new, VMBC_TRACE_STATES)));

TRACE_EVENT(vmbc_signal,
	    TP_PROTO(const struct vmbus_channel *channel, bool monitor),
	    TP_ARGS(channel, monitor),
	    TP_STRUCT__entry(__array(char, conn, VMBC_TRACE_NAME)
			     __field(u32, relid)
			     __field(bool, monitor)
			     __field(u32, sig_event)),
	    TP_fast_assign(strscpy(__entry->conn, channel->conn->name,
				   VMBC_TRACE_NAME);
			   __entry->relid = channel->offermsg.child_relid;
			   __entry->monitor = monitor;
			   __entry->sig_event = channel->sig_event;),
	    TP_printk("%s relid=%u via=%s connection_id=%u", __entry->conn,
		      __entry->relid, __entry->monitor ? "monitor" : "event",
		      __entry->sig_event));

TRACE_EVENT(vmbc_interrupt,
	    TP_PROTO(const struct vmbc_connection *conn, u32 relid, bool taken),
	    TP_ARGS(conn, relid, taken),
	    TP_STRUCT__entry(__array(char, conn, VMBC_TRACE_NAME)
			     __field(u32, relid)
			     __field(bool, taken)),
	    TP_fast_assign(strscpy(__entry->conn, conn->name, VMBC_TRACE_NAME);
			   __entry->relid = relid;
			   __entry->taken = taken;),
	    TP_printk("%s relid=%u%s", __entry->conn, __entry->relid,
		      __entry->taken ? "" : " (no live channel: dropped)"));

TRACE_EVENT(vmbc_ring_refused,
	    TP_PROTO(const struct vmbus_channel *channel, bool outbound,
		     u32 bytes, int err),
	    TP_ARGS(channel, outbound, bytes, err),
	    TP_STRUCT__entry(__array(char, conn, VMBC_TRACE_NAME)
			     __field(u32, relid)
			     __field(bool, outbound)
			     __field(u32, bytes)
			     __field(int, err)),
	    TP_fast_assign(strscpy(__entry->conn, channel->conn->name,
				   VMBC_TRACE_NAME);
			   __entry->relid = channel->offermsg.child_relid;
			   __entry->outbound = outbound;
			   __entry->bytes = bytes;
			   __entry->err = err;),
	    TP_printk("%s relid=%u %s bytes=%u err=%d", __entry->conn,
		      __entry->relid, __entry->outbound ? "write" : "read",
		      __entry->bytes, __entry->err));

#endif /* _VMBC_TRACE_H */

/* Where define_trace.h finds this file again: Kbuild adds its directory. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
