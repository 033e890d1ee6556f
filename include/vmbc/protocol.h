/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMBus wire protocol: channel messages, monitor pages, ring buffer header,
 * packet descriptors and the Integration Services' messages. The SynIC's
 * own (message slots, event flags, hypercall status) are in <vmbc/synic.h>,
 * which drivers never need: it would clash with the kernel's
 * hyperv-tlfs.h in a file that includes <asm/mshyperv.h>.
 *
 * Every structure here is shared with an untrusted host. The names are the
 * ones Linux v5.2 used so that driver authors recognise them; the layouts
 * are facts of the protocol and each one is pinned by compile-time checks
 * of its size and of the offset of every field a host or a guest reads.
 *
 * VMBus is little-endian only; the Kconfig entry refuses big-endian kernels,
 * so the plain integer types below are the wire byte order.
 */
#ifndef _VMBC_PROTOCOL_H
#define _VMBC_PROTOCOL_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>
#include <linux/uuid.h>

/* Protocol versions: major in the upper 16 bits, minor in the lower. */
#define VMBUS_MAKE_VERSION(major, minor)	(((major) << 16) | (minor))
#define VERSION_WS2008		VMBUS_MAKE_VERSION(0, 13)
#define VERSION_WIN7		VMBUS_MAKE_VERSION(1, 1)
#define VERSION_WIN8		VMBUS_MAKE_VERSION(2, 4)
#define VERSION_WIN8_1		VMBUS_MAKE_VERSION(3, 0)
#define VERSION_WIN10		VMBUS_MAKE_VERSION(4, 0)
#define VERSION_WIN10_V4_1	VMBUS_MAKE_VERSION(4, 1)
#define VERSION_WIN10_V5	VMBUS_MAKE_VERSION(5, 0)
#define VERSION_WIN10_V5_1	VMBUS_MAKE_VERSION(5, 1)
#define VERSION_WIN10_V5_2	VMBUS_MAKE_VERSION(5, 2)
#define VERSION_WIN10_V5_3	VMBUS_MAKE_VERSION(5, 3)
#define VERSION_INVAL		-1

/* Hyper-V pages are 4 KiB whatever the guest's PAGE_SIZE. */
#define HV_HYP_PAGE_SHIFT	12
#define HV_HYP_PAGE_SIZE	BIT(HV_HYP_PAGE_SHIFT)

/* SynIC connection ids and the SINT that carries channel messages. */
#define VMBUS_MESSAGE_CONNECTION_ID	1
#define VMBUS_MESSAGE_CONNECTION_ID_4	4	/* INITIATE_CONTACT from 5.0 */
#define VMBUS_EVENT_CONNECTION_ID	2	/* WS2008 channel events */
#define VMBUS_MONITOR_CONNECTION_ID	3
#define VMBUS_MESSAGE_SINT		2

/* relid 0 is reserved; relids go up to 2047. */
#define VMBUS_MAX_RELID			2047
#define VMBUS_MAX_MONITOR_ID		127

/* ------------------------------------------------------------------ */
/* Monitor pages                                                       */

#define HV_MONITOR_TRIGGER_GROUPS	4
#define HV_MONITOR_BITS_PER_GROUP	32

/**
 * union hv_monitor_trigger_group - one group of 32 monitored channels
 * @pending: a bit per channel the guest has signalled.
 * @armed: a bit per channel the host watches.
 * @as_uint64: both halves at once.
 */
union hv_monitor_trigger_group {
	u64 as_uint64;
	struct {
		u32 pending;
		u32 armed;
	};
};

/**
 * struct hv_monitor_parameter - per-monitor-id connection parameter
 * @connectionid: event connection the host signals on the guest's behalf.
 * @flagnumber: event flag number.
 * @rsvdz: zero.
 */
struct hv_monitor_parameter {
	u32 connectionid;
	u16 flagnumber;
	u16 rsvdz;
} __packed;

/**
 * struct hv_monitor_page - a monitor page shared with the host
 * @trigger_state: which groups are active.
 * @rsvdz1: zero.
 * @trigger_group: pending and armed bits, 4 groups of 32 channels.
 * @rsvdz2: zero.
 * @next_checktime: host-private scheduling state.
 * @latency: per-channel latency in 100 ns units.
 * @rsvdz3: zero.
 * @parameter: per-channel connection parameters.
 * @rsvdz4: padding to one page.
 */
struct hv_monitor_page {
	u32 trigger_state;
	u32 rsvdz1;
	union hv_monitor_trigger_group trigger_group[HV_MONITOR_TRIGGER_GROUPS];
	u64 rsvdz2[3];
	s32 next_checktime[HV_MONITOR_TRIGGER_GROUPS][HV_MONITOR_BITS_PER_GROUP];
	u16 latency[HV_MONITOR_TRIGGER_GROUPS][HV_MONITOR_BITS_PER_GROUP];
	u64 rsvdz3[32];
	struct hv_monitor_parameter
		parameter[HV_MONITOR_TRIGGER_GROUPS][HV_MONITOR_BITS_PER_GROUP];
	u8 rsvdz4[1984];
} __packed;

/* ------------------------------------------------------------------ */
/* Channel messages                                                    */

/**
 * enum vmbus_channel_message_type - channel message types
 * @CHANNELMSG_INVALID: never valid.
 * @CHANNELMSG_OFFERCHANNEL: host offers a channel.
 * @CHANNELMSG_RESCIND_CHANNELOFFER: host withdraws an offer.
 * @CHANNELMSG_REQUESTOFFERS: guest asks for all offers.
 * @CHANNELMSG_ALLOFFERS_DELIVERED: host has sent every initial offer.
 * @CHANNELMSG_OPENCHANNEL: guest opens a channel.
 * @CHANNELMSG_OPENCHANNEL_RESULT: host answers an open.
 * @CHANNELMSG_CLOSECHANNEL: guest closes a channel.
 * @CHANNELMSG_GPADL_HEADER: guest describes a buffer, first part.
 * @CHANNELMSG_GPADL_BODY: guest describes a buffer, further PFNs.
 * @CHANNELMSG_GPADL_CREATED: host answers a GPADL.
 * @CHANNELMSG_GPADL_TEARDOWN: guest withdraws a GPADL.
 * @CHANNELMSG_GPADL_TORNDOWN: host answers a teardown.
 * @CHANNELMSG_RELID_RELEASED: guest is done with a rescinded relid.
 * @CHANNELMSG_INITIATE_CONTACT: guest proposes a protocol version.
 * @CHANNELMSG_VERSION_RESPONSE: host accepts or refuses it.
 * @CHANNELMSG_UNLOAD: guest disconnects.
 * @CHANNELMSG_UNLOAD_RESPONSE: host acknowledges the disconnect.
 * @CHANNELMSG_18: unused.
 * @CHANNELMSG_19: unused.
 * @CHANNELMSG_20: unused.
 * @CHANNELMSG_TL_CONNECT_REQUEST: hvsock connect request.
 * @CHANNELMSG_MODIFYCHANNEL: guest moves a channel's interrupt (4.1+).
 * @CHANNELMSG_TL_CONNECT_RESULT: hvsock connect result.
 * @CHANNELMSG_MODIFYCHANNEL_RESPONSE: host answers a modify (5.3+).
 * @CHANNELMSG_COUNT: number of types.
 */
enum vmbus_channel_message_type {
	CHANNELMSG_INVALID			=  0,
	CHANNELMSG_OFFERCHANNEL			=  1,
	CHANNELMSG_RESCIND_CHANNELOFFER		=  2,
	CHANNELMSG_REQUESTOFFERS		=  3,
	CHANNELMSG_ALLOFFERS_DELIVERED		=  4,
	CHANNELMSG_OPENCHANNEL			=  5,
	CHANNELMSG_OPENCHANNEL_RESULT		=  6,
	CHANNELMSG_CLOSECHANNEL			=  7,
	CHANNELMSG_GPADL_HEADER			=  8,
	CHANNELMSG_GPADL_BODY			=  9,
	CHANNELMSG_GPADL_CREATED		= 10,
	CHANNELMSG_GPADL_TEARDOWN		= 11,
	CHANNELMSG_GPADL_TORNDOWN		= 12,
	CHANNELMSG_RELID_RELEASED		= 13,
	CHANNELMSG_INITIATE_CONTACT		= 14,
	CHANNELMSG_VERSION_RESPONSE		= 15,
	CHANNELMSG_UNLOAD			= 16,
	CHANNELMSG_UNLOAD_RESPONSE		= 17,
	CHANNELMSG_18				= 18,
	CHANNELMSG_19				= 19,
	CHANNELMSG_20				= 20,
	CHANNELMSG_TL_CONNECT_REQUEST		= 21,
	CHANNELMSG_MODIFYCHANNEL		= 22,
	CHANNELMSG_TL_CONNECT_RESULT		= 23,
	CHANNELMSG_MODIFYCHANNEL_RESPONSE	= 24,
	CHANNELMSG_COUNT
};

/**
 * struct vmbus_channel_message_header - header of every channel message
 * @msgtype: enum vmbus_channel_message_type.
 * @padding: zero.
 */
struct vmbus_channel_message_header {
	u32 msgtype;
	u32 padding;
} __packed;

/**
 * struct vmbus_channel_query_vmbus_version - legacy version query
 * @header: message header.
 * @version: proposed version.
 */
struct vmbus_channel_query_vmbus_version {
	struct vmbus_channel_message_header header;
	u32 version;
} __packed;

/**
 * struct vmbus_channel_version_supported - legacy version answer
 * @header: message header.
 * @version_supported: non-zero when accepted.
 */
struct vmbus_channel_version_supported {
	struct vmbus_channel_message_header header;
	u8 version_supported;
} __packed;

#define MAX_PIPE_DATA_PAYLOAD		(sizeof(u8) * 16384)
#define MAX_USER_DEFINED_BYTES		120
#define MAX_PIPE_USER_DEFINED_BYTES	116

/* offer.chn_flags */
#define VMBUS_CHANNEL_ENUMERATE_DEVICE_INTERFACE	0x0001
#define VMBUS_CHANNEL_SERVER_SUPPORTS_TRANSFER_PAGES	0x0002
#define VMBUS_CHANNEL_SERVER_SUPPORTS_GPADLS		0x0004
#define VMBUS_CHANNEL_NAMED_PIPE_MODE			0x0010
#define VMBUS_CHANNEL_LOOPBACK_OFFER			0x0100
#define VMBUS_CHANNEL_PARENT_OFFER			0x0200
#define VMBUS_CHANNEL_REQUEST_MONITORED_NOTIFICATION	0x0400
#define VMBUS_CHANNEL_TLNPI_PROVIDER_OFFER		0x2000

/**
 * struct vmbus_channel_offer - the device part of an offer
 * @if_type: device class GUID.
 * @if_instance: device instance GUID.
 * @reserved1: zero.
 * @reserved2: zero.
 * @chn_flags: VMBUS_CHANNEL_* flags.
 * @mmio_megabytes: MMIO space the device wants.
 * @u: class-specific bytes; named-pipe offers put a pipe mode at the end.
 * @u.std.user_def: opaque per-class bytes.
 * @u.pipe.user_def: opaque per-class bytes of a pipe offer.
 * @u.pipe.pipe_mode: VMBUS_PIPE_TYPE_*.
 * @sub_channel_index: 0 for a primary channel.
 * @reserved3: zero.
 */
struct vmbus_channel_offer {
	guid_t if_type;
	guid_t if_instance;
	u64 reserved1;
	u64 reserved2;
	u16 chn_flags;
	u16 mmio_megabytes;
	union {
		struct {
			unsigned char user_def[MAX_USER_DEFINED_BYTES];
		} std;
		struct {
			unsigned char user_def[MAX_PIPE_USER_DEFINED_BYTES];
			u32 pipe_mode;
		} pipe;
	} u;
	u16 sub_channel_index;
	u16 reserved3;
} __packed;

/**
 * struct vmbus_channel_offer_channel - CHANNELMSG_OFFERCHANNEL
 * @header: message header.
 * @offer: what the device is.
 * @child_relid: the channel's relid, 1 to 2047.
 * @monitorid: monitor bit number when @monitor_allocated.
 * @monitor_allocated: the host watches a monitor page bit for this channel.
 * @reserved: zero.
 * @is_dedicated_interrupt: no shared interrupt page bit is needed.
 * @reserved1: zero.
 * @connection_id: event connection id the guest signals on.
 */
struct vmbus_channel_offer_channel {
	struct vmbus_channel_message_header header;
	struct vmbus_channel_offer offer;
	u32 child_relid;
	u8 monitorid;
	u8 monitor_allocated:1;
	u8 reserved:7;
	u16 is_dedicated_interrupt:1;
	u16 reserved1:15;
	u32 connection_id;
} __packed;

/**
 * struct vmbus_channel_rescind_offer - CHANNELMSG_RESCIND_CHANNELOFFER
 * @header: message header.
 * @child_relid: the channel withdrawn.
 */
struct vmbus_channel_rescind_offer {
	struct vmbus_channel_message_header header;
	u32 child_relid;
} __packed;

/**
 * struct vmbus_channel_open_channel - CHANNELMSG_OPENCHANNEL
 * @header: message header.
 * @child_relid: the channel.
 * @openid: echoed in the result; the guest uses the relid.
 * @ringbuffer_gpadlhandle: GPADL covering both rings.
 * @target_vp: virtual processor the host signals.
 * @downstream_ringbuffer_pageoffset: pages from the GPADL start to the
 *	host-to-guest ring.
 * @userdata: per-class bytes.
 */
struct vmbus_channel_open_channel {
	struct vmbus_channel_message_header header;
	u32 child_relid;
	u32 openid;
	u32 ringbuffer_gpadlhandle;
	u32 target_vp;
	u32 downstream_ringbuffer_pageoffset;
	unsigned char userdata[MAX_USER_DEFINED_BYTES];
} __packed;

/**
 * struct vmbus_channel_open_result - CHANNELMSG_OPENCHANNEL_RESULT
 * @header: message header.
 * @child_relid: the channel.
 * @openid: the open it answers.
 * @status: 0 on success.
 */
struct vmbus_channel_open_result {
	struct vmbus_channel_message_header header;
	u32 child_relid;
	u32 openid;
	u32 status;
} __packed;

/**
 * struct vmbus_channel_close_channel - CHANNELMSG_CLOSECHANNEL
 * @header: message header.
 * @child_relid: the channel.
 */
struct vmbus_channel_close_channel {
	struct vmbus_channel_message_header header;
	u32 child_relid;
} __packed;

/* GPADL range descriptions */
#define GPADL_TYPE_RING_BUFFER		1
#define GPADL_TYPE_SERVER_SAVE_AREA	2
#define GPADL_TYPE_TRANSACTION		8

/**
 * struct gpa_range - a run of guest pages
 * @byte_count: bytes covered.
 * @byte_offset: offset into the first page.
 * @pfn_array: Hyper-V page numbers.
 */
struct gpa_range {
	u32 byte_count;
	u32 byte_offset;
	u64 pfn_array[];
};

/* PFNs that fit in one GPADL_HEADER or GPADL_BODY message */
#define VMBUS_GPADL_HEADER_MAX_PFNS	26
#define VMBUS_GPADL_BODY_MAX_PFNS	28

/**
 * struct vmbus_channel_gpadl_header - CHANNELMSG_GPADL_HEADER
 * @header: message header.
 * @child_relid: the channel the GPADL belongs to.
 * @gpadl: the handle, chosen by the guest.
 * @range_buflen: bytes of @range.
 * @rangecount: number of ranges; guests send exactly one.
 * @range: the ranges, each with its PFNs following it; guests send one.
 */
struct vmbus_channel_gpadl_header {
	struct vmbus_channel_message_header header;
	u32 child_relid;
	u32 gpadl;
	u16 range_buflen;
	u16 rangecount;
	struct gpa_range range[];
} __packed;

/**
 * struct vmbus_channel_gpadl_body - CHANNELMSG_GPADL_BODY
 * @header: message header.
 * @msgnumber: sequence number of this body.
 * @gpadl: the handle.
 * @pfn: further PFNs.
 */
struct vmbus_channel_gpadl_body {
	struct vmbus_channel_message_header header;
	u32 msgnumber;
	u32 gpadl;
	u64 pfn[];
} __packed;

/**
 * struct vmbus_channel_gpadl_created - CHANNELMSG_GPADL_CREATED
 * @header: message header.
 * @child_relid: the channel.
 * @gpadl: the handle.
 * @creation_status: 0 on success.
 */
struct vmbus_channel_gpadl_created {
	struct vmbus_channel_message_header header;
	u32 child_relid;
	u32 gpadl;
	u32 creation_status;
} __packed;

/**
 * struct vmbus_channel_gpadl_teardown - CHANNELMSG_GPADL_TEARDOWN
 * @header: message header.
 * @child_relid: the channel.
 * @gpadl: the handle.
 */
struct vmbus_channel_gpadl_teardown {
	struct vmbus_channel_message_header header;
	u32 child_relid;
	u32 gpadl;
} __packed;

/**
 * struct vmbus_channel_gpadl_torndown - CHANNELMSG_GPADL_TORNDOWN
 * @header: message header.
 * @gpadl: the handle.
 */
struct vmbus_channel_gpadl_torndown {
	struct vmbus_channel_message_header header;
	u32 gpadl;
} __packed;

/**
 * struct vmbus_channel_relid_released - CHANNELMSG_RELID_RELEASED
 * @header: message header.
 * @child_relid: the relid the guest no longer uses.
 */
struct vmbus_channel_relid_released {
	struct vmbus_channel_message_header header;
	u32 child_relid;
} __packed;

/**
 * struct vmbus_channel_initiate_contact - CHANNELMSG_INITIATE_CONTACT
 * @header: message header.
 * @vmbus_version_requested: proposed version.
 * @target_vcpu: processor for control messages.
 * @interrupt_page: before 5.0, the shared interrupt page.
 * @msg_sint: from 5.0, the SINT for control messages.
 * @padding1: zero.
 * @padding2: zero.
 * @monitor_page1: guest physical address of monitor page 1.
 * @monitor_page2: guest physical address of monitor page 2.
 */
struct vmbus_channel_initiate_contact {
	struct vmbus_channel_message_header header;
	u32 vmbus_version_requested;
	u32 target_vcpu;
	union {
		u64 interrupt_page;
		struct {
			u8 msg_sint;
			u8 padding1[3];
			u32 padding2;
		};
	};
	u64 monitor_page1;
	u64 monitor_page2;
} __packed;

/**
 * struct vmbus_channel_version_response - CHANNELMSG_VERSION_RESPONSE
 * @header: message header.
 * @version_supported: non-zero when the proposed version is accepted.
 * @connection_state: host connection state.
 * @padding: zero.
 * @msg_conn_id: from 5.0, the connection id for later messages.
 */
struct vmbus_channel_version_response {
	struct vmbus_channel_message_header header;
	u8 version_supported;
	u8 connection_state;
	u16 padding;
	u32 msg_conn_id;
} __packed;

/**
 * struct vmbus_channel_tl_connect_request - CHANNELMSG_TL_CONNECT_REQUEST
 * @header: message header.
 * @guest_endpoint_id: the guest's socket endpoint.
 * @host_service_id: the service to connect to.
 */
struct vmbus_channel_tl_connect_request {
	struct vmbus_channel_message_header header;
	guid_t guest_endpoint_id;
	guid_t host_service_id;
} __packed;

/**
 * struct vmbus_channel_tl_connect_result - CHANNELMSG_TL_CONNECT_RESULT
 * @header: message header.
 * @guest_endpoint_id: the endpoint of the request answered.
 * @host_service_id: the service of the request answered.
 * @status: 0 on success.
 */
struct vmbus_channel_tl_connect_result {
	struct vmbus_channel_message_header header;
	guid_t guest_endpoint_id;
	guid_t host_service_id;
	u32 status;
} __packed;

/**
 * struct vmbus_channel_modifychannel - CHANNELMSG_MODIFYCHANNEL
 * @header: message header.
 * @child_relid: the channel.
 * @target_vp: the processor it should interrupt from now on.
 */
struct vmbus_channel_modifychannel {
	struct vmbus_channel_message_header header;
	u32 child_relid;
	u32 target_vp;
} __packed;

/**
 * struct vmbus_channel_modifychannel_response - MODIFYCHANNEL_RESPONSE
 * @header: message header.
 * @child_relid: the channel.
 * @status: 0 on success.
 */
struct vmbus_channel_modifychannel_response {
	struct vmbus_channel_message_header header;
	u32 child_relid;
	u32 status;
} __packed;

/* UNLOAD, UNLOAD_RESPONSE, REQUESTOFFERS, ALLOFFERS_DELIVERED: header only */

/* ------------------------------------------------------------------ */
/* Ring buffer                                                         */

/* ring header feature_bits */
#define HV_RING_FEAT_PENDING_SEND_SZ	0x1

/**
 * struct hv_ring_buffer - the header page of one ring direction
 * @write_index: byte offset into the data area where the writer writes next.
 * @read_index: byte offset where the reader reads next.
 * @interrupt_mask: set by the reader while it polls.
 * @pending_send_sz: bytes the writer waits for, 0 when not waiting.
 * @reserved1: zero.
 * @feature_bits: HV_RING_FEAT_*; the guest's own, never trusted back.
 * @feature_bits.feat_pending_send_sz: pending_send_sz is honoured.
 * @feature_bits.value: all the bits.
 * @reserved2: up to the end of the page.
 * @buffer: the data area follows the header page.
 */
struct hv_ring_buffer {
	u32 write_index;
	u32 read_index;
	u32 interrupt_mask;
	u32 pending_send_sz;
	u32 reserved1[12];
	union {
		struct {
			u32 feat_pending_send_sz:1;
		};
		u32 value;
	} feature_bits;
	u8 reserved2[4028];
	u8 buffer[];
} __packed;

/* Packet types */
enum vmbus_packet_type {
	VM_PKT_INVALID				= 0x0,
	VM_PKT_SYNCH				= 0x1,
	VM_PKT_ADD_XFER_PAGESET			= 0x2,
	VM_PKT_RM_XFER_PAGESET			= 0x3,
	VM_PKT_ESTABLISH_GPADL			= 0x4,
	VM_PKT_TEARDOWN_GPADL			= 0x5,
	VM_PKT_DATA_INBAND			= 0x6,
	VM_PKT_DATA_USING_XFER_PAGES		= 0x7,
	VM_PKT_DATA_USING_GPADL			= 0x8,
	VM_PKT_DATA_USING_GPA_DIRECT		= 0x9,
	VM_PKT_CANCEL_REQUEST			= 0xa,
	VM_PKT_COMP				= 0xb,
	VM_PKT_DATA_USING_ADDITIONAL_PKT	= 0xc,
	VM_PKT_ADDITIONAL_DATA			= 0xd
};

#define VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED	1

/**
 * struct vmpacket_descriptor - the 16 bytes at the start of every packet
 * @type: enum vmbus_packet_type.
 * @offset8: payload offset in 8-byte units from the descriptor.
 * @len8: packet length in 8-byte units, trailer excluded.
 * @flags: VMBUS_DATA_PACKET_FLAG_*.
 * @trans_id: the sender's transaction id, echoed in a completion.
 */
struct vmpacket_descriptor {
	u16 type;
	u16 offset8;
	u16 len8;
	u16 flags;
	u64 trans_id;
} __packed;

/**
 * struct vmtransfer_page_range - one range of a transfer-page packet
 * @byte_count: bytes.
 * @byte_offset: offset in the transfer page set.
 */
struct vmtransfer_page_range {
	u32 byte_count;
	u32 byte_offset;
} __packed;

/**
 * struct vmtransfer_page_packet_header - VM_PKT_DATA_USING_XFER_PAGES
 * @d: descriptor.
 * @xfer_pageset_id: the page set.
 * @sender_owns_set: ownership flag.
 * @reserved: zero.
 * @range_cnt: entries in @ranges.
 * @ranges: the ranges.
 */
struct vmtransfer_page_packet_header {
	struct vmpacket_descriptor d;
	u16 xfer_pageset_id;
	u8  sender_owns_set;
	u8 reserved;
	u32 range_cnt;
	struct vmtransfer_page_range ranges[];
} __packed;

/**
 * struct vmgpadl_packet_header - VM_PKT_DATA_USING_GPADL
 * @d: descriptor.
 * @gpadl: the handle.
 * @reserved: zero.
 */
struct vmgpadl_packet_header {
	struct vmpacket_descriptor d;
	u32 gpadl;
	u32 reserved;
} __packed;

/**
 * struct vmdata_gpa_direct - VM_PKT_DATA_USING_GPA_DIRECT header
 * @d: descriptor.
 * @reserved: zero.
 * @range_cnt: number of ranges.
 * @range: the first range, its PFNs following it (declared with one
 *	element, as Linux does, so that drivers write range[0]).
 */
struct vmdata_gpa_direct {
	struct vmpacket_descriptor d;
	u32 reserved;
	u32 range_cnt;
	struct gpa_range range[1];
} __packed;

/* The fixed part of GPA-direct and transfer-page packets, ranges excluded */
#define VMBUS_PKT_RANGE_HEADER_SIZE	24

#define MAX_PAGE_BUFFER_COUNT		32
#define MAX_MULTIPAGE_BUFFER_COUNT	32

/**
 * struct hv_page_buffer - one element of a page-buffer packet
 * @len: bytes.
 * @offset: offset into the page.
 * @pfn: Hyper-V page number.
 */
struct hv_page_buffer {
	u32 len;
	u32 offset;
	u64 pfn;
} __packed;

/**
 * struct hv_multipage_buffer - a buffer spanning several pages
 * @len: bytes.
 * @offset: offset into the first page.
 * @pfn_array: Hyper-V page numbers.
 */
struct hv_multipage_buffer {
	u32 len;
	u32 offset;
	u64 pfn_array[MAX_MULTIPAGE_BUFFER_COUNT];
} __packed;

/**
 * struct hv_mpb_array - a buffer spanning a variable number of pages
 * @len: bytes.
 * @offset: offset into the first page.
 * @pfn_array: Hyper-V page numbers.
 */
struct hv_mpb_array {
	u32 len;
	u32 offset;
	u64 pfn_array[];
} __packed;

/**
 * struct vmbus_channel_packet_page_buffer - a page-buffer packet header
 * @type: VM_PKT_DATA_USING_GPA_DIRECT.
 * @dataoffset8: payload offset in 8-byte units.
 * @length8: packet length in 8-byte units.
 * @flags: VMBUS_DATA_PACKET_FLAG_*.
 * @transactionid: the request id.
 * @reserved: zero.
 * @rangecount: entries of @range in use.
 * @range: the pages.
 */
struct vmbus_channel_packet_page_buffer {
	u16 type;
	u16 dataoffset8;
	u16 length8;
	u16 flags;
	u64 transactionid;
	u32 reserved;
	u32 rangecount;
	struct hv_page_buffer range[MAX_PAGE_BUFFER_COUNT];
} __packed;

/**
 * struct vmbus_packet_mpb_array - a multi-page-buffer packet header
 * @type: VM_PKT_DATA_USING_GPA_DIRECT.
 * @dataoffset8: payload offset in 8-byte units.
 * @length8: packet length in 8-byte units.
 * @flags: VMBUS_DATA_PACKET_FLAG_*.
 * @transactionid: the request id.
 * @reserved: zero.
 * @rangecount: always 1.
 * @range: the pages.
 */
struct vmbus_packet_mpb_array {
	u16 type;
	u16 dataoffset8;
	u16 length8;
	u16 flags;
	u64 transactionid;
	u32 reserved;
	u32 rangecount;
	struct hv_mpb_array range;
} __packed;

/* ------------------------------------------------------------------ */
/* Layout checks: a wrong offset here is a protocol bug.               */

/* ------------------------------------------------------------------ */
/* Integration Services (heartbeat, shutdown, time sync, KVP, ...)     */

/*
 * Every IC packet (VM_PKT_DATA_INBAND, both ways) carries a pipe header,
 * an IC header and the message. The host sends the requests; the guest
 * answers each in the same buffer with ICMSGHDRFLAG_RESPONSE set and the
 * packet's trans_id. The first request after the channel opens is always
 * ICMSGTYPE_NEGOTIATE.
 */
#define ICMSGTYPE_NEGOTIATE		0
#define ICMSGTYPE_HEARTBEAT		1
#define ICMSGTYPE_KVPEXCHANGE		2
#define ICMSGTYPE_SHUTDOWN		3
#define ICMSGTYPE_TIMESYNC		4
#define ICMSGTYPE_VSS			5

#define ICMSGHDRFLAG_TRANSACTION	1
#define ICMSGHDRFLAG_REQUEST		2
#define ICMSGHDRFLAG_RESPONSE		4

/* HV_S_OK and HV_E_FAIL, the statuses an IC answer carries */
#define HV_S_OK				0x00000000
#define HV_E_FAIL			0x80004005

/**
 * struct vmbuspipe_hdr - the pipe header before every IC message
 * @flags: pipe flags.
 * @msgsize: bytes that follow.
 */
struct vmbuspipe_hdr {
	u32 flags;
	u32 msgsize;
} __packed;

/**
 * struct ic_version - a framework or message version
 * @major: major number.
 * @minor: minor number.
 */
struct ic_version {
	u16 major;
	u16 minor;
} __packed;

/**
 * struct icmsg_hdr - the IC header
 * @icverframe: the framework version in use.
 * @icmsgtype: ICMSGTYPE_*.
 * @icvermsg: the message (service) version in use.
 * @icmsgsize: bytes of the message after this header.
 * @status: HV_S_OK, or an error, in the answer.
 * @ictransaction_id: the request's id, echoed in the answer.
 * @icflags: ICMSGHDRFLAG_*.
 * @reserved: zero.
 */
struct icmsg_hdr {
	struct ic_version icverframe;
	u16 icmsgtype;
	struct ic_version icvermsg;
	u16 icmsgsize;
	u32 status;
	u8 ictransaction_id;
	u8 icflags;
	u8 reserved[2];
} __packed;

/**
 * struct icmsg_negotiate - ICMSGTYPE_NEGOTIATE
 * @icframe_vercnt: framework versions offered (the answer: 1).
 * @icmsg_vercnt: message versions offered (the answer: 1).
 * @reserved: zero.
 * @icversion_data: the framework versions, then the message versions;
 *	in the answer, the one of each the guest chose.
 */
struct icmsg_negotiate {
	u16 icframe_vercnt;
	u16 icmsg_vercnt;
	u32 reserved;
	struct ic_version icversion_data[1]; /* any size array */
} __packed;

/**
 * struct heartbeat_msg_data - ICMSGTYPE_HEARTBEAT
 * @seq_num: the host's sequence number; the answer carries it plus one.
 * @reserved: zero.
 */
struct heartbeat_msg_data {
	u64 seq_num;
	u32 reserved[8];
} __packed;

/**
 * struct shutdown_msg_data - ICMSGTYPE_SHUTDOWN
 * @reason_code: why, for the guest's logs.
 * @timeout_seconds: how long the host gives the guest.
 * @flags: what to do: 0 shut down, 2 reboot, 4 hibernate; bit 0 set
 *	asks for it by force. The guest answers HV_S_OK, or HV_E_FAIL for
 *	what it will not do.
 * @display_message: a message for the guest's users.
 */
struct shutdown_msg_data {
	u32 reason_code;
	u32 timeout_seconds;
	u32 flags;
	u8 display_message[2048];
} __packed;

/* ictimesync flags: what a time sample asks of the guest */
#define ICTIMESYNCFLAG_PROBE	0	/* nothing: a probe */
#define ICTIMESYNCFLAG_SYNC	1	/* set the clock (after boot, resume) */
#define ICTIMESYNCFLAG_SAMPLE	2	/* a hint the guest may follow */

/* 100 ns units from 1601-01-01 (Windows time) to 1970-01-01 */
#define WLTIMEDELTA	116444736000000000LL

/**
 * struct ictimesync_data - ICMSGTYPE_TIMESYNC up to message version 3
 * @parenttime: the host's time, 100 ns units of Windows time.
 * @childtime: unused.
 * @roundtriptime: unused.
 * @flags: ICTIMESYNCFLAG_*.
 */
struct ictimesync_data {
	u64 parenttime;
	u64 childtime;
	u64 roundtriptime;
	u8 flags;
} __packed;

/**
 * struct ictimesync_ref_data - ICMSGTYPE_TIMESYNC from message version 4
 * @parenttime: the host's time, 100 ns units of Windows time.
 * @vmreferencetime: the partition's reference counter when the host
 *	took @parenttime, for the guest to add what elapsed since.
 * @flags: ICTIMESYNCFLAG_*.
 * @leapflags: leap second indication.
 * @stratum: the host clock's stratum.
 * @reserved: zero.
 */
struct ictimesync_ref_data {
	u64 parenttime;
	u64 vmreferencetime;
	u8 flags;
	char leapflags;
	char stratum;
	u8 reserved[3];
} __packed;

/*
 * KVP exchange (ICMSGTYPE_KVPEXCHANGE): the host names an operation and
 * a pool; for KVP_OP_ENUMERATE an index, which the guest answers with the
 * key at that index and its value, both UTF-16 strings with their NUL,
 * or with HV_S_CONT once the pool has no key there.
 */
#define HV_S_CONT			0x80070103

/* Longest key and value, in bytes of UTF-16, NUL included. */
#define HV_KVP_EXCHANGE_MAX_VALUE_SIZE	2048
#define HV_KVP_EXCHANGE_MAX_KEY_SIZE	512

/* hv_kvp_exchg_msg_value.value_type */
#define REG_SZ		1
#define REG_U32		4
#define REG_U64		8

enum hv_kvp_exchg_op {
	KVP_OP_GET = 0,
	KVP_OP_SET,
	KVP_OP_DELETE,
	KVP_OP_ENUMERATE,
	KVP_OP_GET_IP_INFO,
	KVP_OP_SET_IP_INFO,
	KVP_OP_COUNT
};

enum hv_kvp_exchg_pool {
	KVP_POOL_EXTERNAL = 0,
	KVP_POOL_GUEST,
	KVP_POOL_AUTO,
	KVP_POOL_AUTO_EXTERNAL,
	KVP_POOL_AUTO_INTERNAL,
	KVP_POOL_COUNT
};

/**
 * struct hv_kvp_hdr - the start of every KVP message
 * @operation: enum hv_kvp_exchg_op.
 * @pool: enum hv_kvp_exchg_pool.
 * @pad: zero.
 */
struct hv_kvp_hdr {
	u8 operation;
	u8 pool;
	u16 pad;
} __packed;

/**
 * struct hv_kvp_exchg_msg_value - a key and its value
 * @value_type: REG_SZ, REG_U32 or REG_U64.
 * @key_size: bytes of @key in use, NUL included.
 * @value_size: bytes of @value in use, NUL included for a string.
 * @key: UTF-16.
 * @value: UTF-16 for REG_SZ.
 * @value_u32: the value for REG_U32.
 * @value_u64: the value for REG_U64.
 */
struct hv_kvp_exchg_msg_value {
	u32 value_type;
	u32 key_size;
	u32 value_size;
	u8 key[HV_KVP_EXCHANGE_MAX_KEY_SIZE];
	union {
		u8 value[HV_KVP_EXCHANGE_MAX_VALUE_SIZE];
		u32 value_u32;
		u64 value_u64;
	} __packed;
} __packed;

/**
 * struct hv_kvp_msg_enumerate - KVP_OP_ENUMERATE, after struct hv_kvp_hdr
 * @index: the index asked, echoed.
 * @data: the guest's key and value at @index.
 */
struct hv_kvp_msg_enumerate {
	u32 index;
	struct hv_kvp_exchg_msg_value data;
} __packed;

/* The pipe and IC headers together, as every IC message starts. */
#define ICMSG_HDR	(sizeof(struct vmbuspipe_hdr) + sizeof(struct icmsg_hdr))

#define VMBC_ASSERT_OFFSET(type, member, off) \
	static_assert(offsetof(type, member) == (off), \
		      #type "." #member " must be at offset " #off)
#define VMBC_ASSERT_SIZE(type, size) \
	static_assert(sizeof(type) == (size), #type " must be " #size " bytes")

VMBC_ASSERT_SIZE(struct hv_monitor_page, HV_HYP_PAGE_SIZE);
VMBC_ASSERT_OFFSET(struct hv_monitor_page, trigger_group, 8);
VMBC_ASSERT_OFFSET(struct hv_monitor_page, next_checktime, 0x40);
VMBC_ASSERT_OFFSET(struct hv_monitor_page, latency, 0x240);
VMBC_ASSERT_OFFSET(struct hv_monitor_page, parameter, 0x440);
VMBC_ASSERT_SIZE(struct hv_monitor_parameter, 8);

VMBC_ASSERT_SIZE(struct vmbus_channel_message_header, 8);
VMBC_ASSERT_SIZE(struct vmbus_channel_offer, 176);
VMBC_ASSERT_SIZE(struct vmbus_channel_offer_channel, 196);
VMBC_ASSERT_OFFSET(struct vmbus_channel_offer_channel, offer.if_type, 8);
VMBC_ASSERT_OFFSET(struct vmbus_channel_offer_channel, offer.if_instance, 24);
VMBC_ASSERT_OFFSET(struct vmbus_channel_offer_channel, offer.reserved1, 40);
VMBC_ASSERT_OFFSET(struct vmbus_channel_offer_channel, offer.chn_flags, 56);
VMBC_ASSERT_OFFSET(struct vmbus_channel_offer_channel,
		   offer.mmio_megabytes, 58);
VMBC_ASSERT_OFFSET(struct vmbus_channel_offer_channel, offer.u, 60);
VMBC_ASSERT_OFFSET(struct vmbus_channel_offer_channel,
		   offer.u.pipe.pipe_mode, 176);
VMBC_ASSERT_OFFSET(struct vmbus_channel_offer_channel,
		   offer.sub_channel_index, 180);
VMBC_ASSERT_OFFSET(struct vmbus_channel_offer_channel, child_relid, 184);
VMBC_ASSERT_OFFSET(struct vmbus_channel_offer_channel, monitorid, 188);
VMBC_ASSERT_OFFSET(struct vmbus_channel_offer_channel, connection_id, 192);
VMBC_ASSERT_SIZE(struct vmbus_channel_rescind_offer, 12);
VMBC_ASSERT_SIZE(struct vmbus_channel_open_channel, 148);
VMBC_ASSERT_OFFSET(struct vmbus_channel_open_channel, openid, 12);
VMBC_ASSERT_OFFSET(struct vmbus_channel_open_channel,
		   ringbuffer_gpadlhandle, 16);
VMBC_ASSERT_OFFSET(struct vmbus_channel_open_channel, target_vp, 20);
VMBC_ASSERT_OFFSET(struct vmbus_channel_open_channel,
		   downstream_ringbuffer_pageoffset, 24);
VMBC_ASSERT_OFFSET(struct vmbus_channel_open_channel, userdata, 28);
VMBC_ASSERT_SIZE(struct vmbus_channel_open_result, 20);
VMBC_ASSERT_OFFSET(struct vmbus_channel_open_result, status, 16);
VMBC_ASSERT_SIZE(struct vmbus_channel_close_channel, 12);
VMBC_ASSERT_SIZE(struct gpa_range, 8);
VMBC_ASSERT_SIZE(struct vmbus_channel_gpadl_header, 20);
VMBC_ASSERT_OFFSET(struct vmbus_channel_gpadl_header, range, 20);
VMBC_ASSERT_OFFSET(struct vmbus_channel_gpadl_header, range_buflen, 16);
VMBC_ASSERT_OFFSET(struct vmbus_channel_gpadl_header, rangecount, 18);
VMBC_ASSERT_SIZE(struct vmbus_channel_gpadl_body, 16);
VMBC_ASSERT_SIZE(struct vmbus_channel_gpadl_created, 20);
VMBC_ASSERT_OFFSET(struct vmbus_channel_gpadl_created, creation_status, 16);
VMBC_ASSERT_SIZE(struct vmbus_channel_gpadl_teardown, 16);
VMBC_ASSERT_SIZE(struct vmbus_channel_gpadl_torndown, 12);
VMBC_ASSERT_SIZE(struct vmbus_channel_relid_released, 12);
VMBC_ASSERT_SIZE(struct vmbus_channel_initiate_contact, 40);
VMBC_ASSERT_OFFSET(struct vmbus_channel_initiate_contact, target_vcpu, 12);
VMBC_ASSERT_OFFSET(struct vmbus_channel_initiate_contact, interrupt_page, 16);
VMBC_ASSERT_OFFSET(struct vmbus_channel_initiate_contact, msg_sint, 16);
VMBC_ASSERT_OFFSET(struct vmbus_channel_initiate_contact, monitor_page1, 24);
VMBC_ASSERT_OFFSET(struct vmbus_channel_initiate_contact, monitor_page2, 32);
VMBC_ASSERT_SIZE(struct vmbus_channel_version_response, 16);
VMBC_ASSERT_OFFSET(struct vmbus_channel_version_response,
		   connection_state, 9);
VMBC_ASSERT_OFFSET(struct vmbus_channel_version_response, msg_conn_id, 12);
VMBC_ASSERT_SIZE(struct vmbus_channel_tl_connect_request, 40);
VMBC_ASSERT_SIZE(struct vmbus_channel_tl_connect_result, 44);
VMBC_ASSERT_SIZE(struct vmbus_channel_modifychannel, 16);
VMBC_ASSERT_SIZE(struct vmbus_channel_modifychannel_response, 16);

VMBC_ASSERT_SIZE(struct hv_ring_buffer, 4096);
VMBC_ASSERT_OFFSET(struct hv_ring_buffer, read_index, 4);
VMBC_ASSERT_OFFSET(struct hv_ring_buffer, interrupt_mask, 8);
VMBC_ASSERT_OFFSET(struct hv_ring_buffer, pending_send_sz, 12);
VMBC_ASSERT_OFFSET(struct hv_ring_buffer, feature_bits, 64);
VMBC_ASSERT_SIZE(struct vmpacket_descriptor, 16);
VMBC_ASSERT_OFFSET(struct vmpacket_descriptor, offset8, 2);
VMBC_ASSERT_OFFSET(struct vmpacket_descriptor, len8, 4);
VMBC_ASSERT_OFFSET(struct vmpacket_descriptor, flags, 6);
VMBC_ASSERT_OFFSET(struct vmpacket_descriptor, trans_id, 8);
VMBC_ASSERT_SIZE(struct vmtransfer_page_packet_header,
		 VMBUS_PKT_RANGE_HEADER_SIZE);
VMBC_ASSERT_OFFSET(struct vmdata_gpa_direct, range,
		   VMBUS_PKT_RANGE_HEADER_SIZE);
VMBC_ASSERT_SIZE(struct vmgpadl_packet_header, 24);
VMBC_ASSERT_SIZE(struct hv_page_buffer, 16);
VMBC_ASSERT_SIZE(struct vmbus_channel_packet_page_buffer,
		 VMBUS_PKT_RANGE_HEADER_SIZE +
		 MAX_PAGE_BUFFER_COUNT * sizeof(struct hv_page_buffer));
VMBC_ASSERT_SIZE(struct hv_mpb_array, 8);
VMBC_ASSERT_SIZE(struct vmbus_packet_mpb_array, 32);
VMBC_ASSERT_SIZE(struct vmbuspipe_hdr, 8);
VMBC_ASSERT_SIZE(struct icmsg_hdr, 20);
VMBC_ASSERT_OFFSET(struct icmsg_hdr, icmsgsize, 10);
VMBC_ASSERT_OFFSET(struct icmsg_hdr, ictransaction_id, 16);
VMBC_ASSERT_SIZE(struct icmsg_negotiate, 12);
VMBC_ASSERT_SIZE(struct heartbeat_msg_data, 40);
VMBC_ASSERT_SIZE(struct shutdown_msg_data, 2060);
VMBC_ASSERT_OFFSET(struct shutdown_msg_data, flags, 8);
VMBC_ASSERT_OFFSET(struct shutdown_msg_data, display_message, 12);
VMBC_ASSERT_SIZE(struct ictimesync_data, 25);
VMBC_ASSERT_OFFSET(struct ictimesync_data, flags, 24);
VMBC_ASSERT_SIZE(struct ictimesync_ref_data, 22);
VMBC_ASSERT_OFFSET(struct ictimesync_ref_data, vmreferencetime, 8);
VMBC_ASSERT_OFFSET(struct ictimesync_ref_data, flags, 16);
VMBC_ASSERT_SIZE(struct hv_kvp_hdr, 4);
VMBC_ASSERT_SIZE(struct hv_kvp_exchg_msg_value, 2572);
VMBC_ASSERT_OFFSET(struct hv_kvp_exchg_msg_value, key, 12);
VMBC_ASSERT_OFFSET(struct hv_kvp_exchg_msg_value, value, 524);
VMBC_ASSERT_SIZE(struct hv_kvp_msg_enumerate, 2576);
VMBC_ASSERT_OFFSET(struct hv_kvp_msg_enumerate, data, 4);

#endif /* _VMBC_PROTOCOL_H */
