/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Hyper-V synthetic NIC's protocol, as its two ends put it on the
 * wire: NVSP, the network VSP's messages on the VMBus channel, and the
 * RNDIS messages carried inside them. The simulated host's NIC model
 * (drivers/vmbus/sim/nic*.c) plays the host's end; Linux's hv_netvsc the
 * guest's. RNDIS's own numbers (message types, status codes, the OIDs of
 * RNDIS proper) are <linux/rndis.h>'s; this header has the rest.
 *
 * Every NVSP message is a u32 type and a body, 40 bytes in all as the
 * guest sends it; the host answers a request that asked for a completion
 * with a VM_PKT_COMP of the same trans_id. RNDIS messages travel in
 * SEND_RNDIS_PKT: the guest's in a section of the send buffer or in the
 * pages of a GPA-direct packet (or both: the section first), the host's
 * in a section of the receive buffer named by a transfer-page packet.
 * Every field is little-endian.
 */
#ifndef _VMBC_NETVSP_H
#define _VMBC_NETVSP_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* {f8615163-df3e-46c5-913f-f2d2f965ed0e}: the synthetic NIC. */
#define VMBC_NVSP_CLASS_GUID \
	GUID_INIT(0xf8615163, 0xdf3e, 0x46c5, 0x91, 0x3f, 0xf2, 0xd2, 0xf9, \
		  0x65, 0xed, 0x0e)

/* NVSP protocol versions */
#define VMBC_NVSP_VERSION_1		0x00002
#define VMBC_NVSP_VERSION_2		0x30002
#define VMBC_NVSP_VERSION_4		0x40000
#define VMBC_NVSP_VERSION_5		0x50000
#define VMBC_NVSP_VERSION_6		0x60000
#define VMBC_NVSP_VERSION_61		0x60001

/* NVSP message types */
#define VMBC_NVSP_MSG_INIT			1
#define VMBC_NVSP_MSG_INIT_COMPLETE		2
#define VMBC_NVSP_MSG1_SEND_NDIS_VERSION	100
#define VMBC_NVSP_MSG1_SEND_RECV_BUF		101
#define VMBC_NVSP_MSG1_SEND_RECV_BUF_COMPLETE	102
#define VMBC_NVSP_MSG1_REVOKE_RECV_BUF		103
#define VMBC_NVSP_MSG1_SEND_SEND_BUF		104
#define VMBC_NVSP_MSG1_SEND_SEND_BUF_COMPLETE	105
#define VMBC_NVSP_MSG1_REVOKE_SEND_BUF		106
#define VMBC_NVSP_MSG1_SEND_RNDIS_PKT		107
#define VMBC_NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE	108
#define VMBC_NVSP_MSG2_SEND_NDIS_CONFIG		125
#define VMBC_NVSP_MSG4_SEND_VF_ASSOCIATION	128
#define VMBC_NVSP_MSG4_SWITCH_DATA_PATH		129
#define VMBC_NVSP_MSG5_OID_QUERY_EX		131
#define VMBC_NVSP_MSG5_SUBCHANNEL		133
#define VMBC_NVSP_MSG5_SEND_INDIRECTION_TABLE	134

/* NVSP status */
#define VMBC_NVSP_STAT_SUCCESS		1
#define VMBC_NVSP_STAT_FAIL		2

/* The buffer ids the guest gives its two buffers */
#define VMBC_NVSP_RECV_BUF_ID		0xcafe
#define VMBC_NVSP_SEND_BUF_ID		0

/* send_rndis_pkt.send_buf_section_index when the message is not there */
#define VMBC_NVSP_NO_SECTION		0xffffffff
/* send_rndis_pkt.channel_type */
#define VMBC_NVSP_CHANNEL_DATA		0
#define VMBC_NVSP_CHANNEL_CONTROL	1

/* subchannel_request.op */
#define VMBC_NVSP_SUBCHANNEL_ALLOCATE	1

/* NDIS versions the guest announces (SEND_NDIS_VERSION) */
#define VMBC_NDIS_VERSION_6_1		0x00060001
#define VMBC_NDIS_VERSION_6_30		0x0006001e

/**
 * struct vmbc_nvsp_message - one NVSP message
 * @type: VMBC_NVSP_MSG*.
 * @init: INIT: the one version the guest asks for (min == max).
 * @init_complete: INIT_COMPLETE.
 * @ndis_version: SEND_NDIS_VERSION: the guest's NDIS major and minor.
 * @ndis_config: SEND_NDIS_CONFIG: the guest's MTU (with the Ethernet
 *	header) and the capability bits it has.
 * @send_buf: SEND_RECV_BUF, SEND_SEND_BUF: a GPADL of the guest's and
 *	the id it calls the buffer by.
 * @recv_buf_complete: SEND_RECV_BUF_COMPLETE: the sections of the
 *	receive buffer, one here (its sub-allocations the host fills).
 * @send_buf_complete: SEND_SEND_BUF_COMPLETE: the size of a section.
 * @revoke: REVOKE_RECV_BUF, REVOKE_SEND_BUF: the id.
 * @rndis_pkt: SEND_RNDIS_PKT: data or control, and the send buffer's
 *	section that holds the message (VMBC_NVSP_NO_SECTION for none).
 * @rndis_pkt_complete: SEND_RNDIS_PKT_COMPLETE.
 * @subchannel: SUBCHANNEL, the request.
 * @subchannel_complete: SUBCHANNEL, the answer: how many were allocated.
 * @indirection_table: SEND_INDIRECTION_TABLE: @count u32 entries at
 *	@offset from the start of the message.
 * @datapath: SWITCH_DATA_PATH.
 * @raw: the body as bytes: 36 of them.
 */
struct vmbc_nvsp_message {
	u32 type;
	union {
		struct {
			u32 min_version;
			u32 max_version;
		} __packed init;
		struct {
			u32 version;
			u32 max_mdl_chain_len;
			u32 status;
		} __packed init_complete;
		struct {
			u32 major;
			u32 minor;
		} __packed ndis_version;
		struct {
			u32 mtu;
			u32 reserved;
			u64 capabilities;
		} __packed ndis_config;
		struct {
			u32 gpadl_handle;
			u16 id;
		} __packed send_buf;
		struct {
			u32 status;
			u32 num_sections;
			u32 offset;
			u32 sub_alloc_size;
			u32 num_sub_allocs;
			u32 end_offset;
		} __packed recv_buf_complete;
		struct {
			u32 status;
			u32 section_size;
		} __packed send_buf_complete;
		struct {
			u16 id;
		} __packed revoke;
		struct {
			u32 channel_type;
			u32 section_index;
			u32 section_size;
		} __packed rndis_pkt;
		struct {
			u32 status;
		} __packed rndis_pkt_complete;
		struct {
			u32 op;
			u32 count;
		} __packed subchannel;
		struct {
			u32 status;
			u32 count;
		} __packed subchannel_complete;
		struct {
			u32 count;
			u32 offset;
		} __packed indirection_table;
		struct {
			u32 active;
		} __packed datapath;
		u8 raw[36];
	};
} __packed;

/* The entries of the send indirection table the host may send. */
#define VMBC_NVSP_SEND_TABLE_SIZE	16

/*
 * RNDIS, within the messages: a header (type, length of the whole
 * message), then the type's body. These are the bodies the host reads or
 * writes; the numbers are <linux/rndis.h>'s.
 */
#define VMBC_RNDIS_HEADER_SIZE		8

/**
 * struct vmbc_rndis_header - what every RNDIS message starts with
 * @type: RNDIS_MSG_*.
 * @len: bytes of the whole message, header included.
 */
struct vmbc_rndis_header {
	u32 type;
	u32 len;
} __packed;

/**
 * struct vmbc_rndis_init_request - RNDIS_MSG_INIT's body
 * @req_id: the guest's id, echoed.
 * @major: RNDIS major version (1).
 * @minor: minor (0).
 * @max_xfer_size: the largest message the guest takes.
 */
struct vmbc_rndis_init_request {
	u32 req_id;
	u32 major;
	u32 minor;
	u32 max_xfer_size;
} __packed;

/**
 * struct vmbc_rndis_init_complete - RNDIS_MSG_INIT_C's body
 * @req_id: the request's.
 * @status: RNDIS_STATUS_*.
 * @major: 1.
 * @minor: 0.
 * @dev_flags: RNDIS_DF_CONNECTIONLESS.
 * @medium: RNDIS_MEDIUM_802_3.
 * @max_pkts_per_msg: packets the guest may batch in one send.
 * @max_xfer_size: the largest message the host takes.
 * @pkt_alignment_factor: batched packets start at multiples of
 *	1 << this.
 * @af_list_offset: zero.
 * @af_list_size: zero.
 */
struct vmbc_rndis_init_complete {
	u32 req_id;
	u32 status;
	u32 major;
	u32 minor;
	u32 dev_flags;
	u32 medium;
	u32 max_pkts_per_msg;
	u32 max_xfer_size;
	u32 pkt_alignment_factor;
	u32 af_list_offset;
	u32 af_list_size;
} __packed;

/**
 * struct vmbc_rndis_oid_request - RNDIS_MSG_QUERY's and RNDIS_MSG_SET's body
 * @req_id: the guest's id.
 * @oid: the object.
 * @info_len: bytes of information (a set's value; a query's template).
 * @info_offset: where it starts, from @req_id.
 * @vc_handle: zero.
 */
struct vmbc_rndis_oid_request {
	u32 req_id;
	u32 oid;
	u32 info_len;
	u32 info_offset;
	u32 vc_handle;
} __packed;

/**
 * struct vmbc_rndis_query_complete - RNDIS_MSG_QUERY_C's body
 * @req_id: the request's.
 * @status: RNDIS_STATUS_*.
 * @info_len: bytes of the answer.
 * @info_offset: where it starts, from @req_id.
 */
struct vmbc_rndis_query_complete {
	u32 req_id;
	u32 status;
	u32 info_len;
	u32 info_offset;
} __packed;

/**
 * struct vmbc_rndis_set_complete - RNDIS_MSG_SET_C's (and KEEPALIVE_C's) body
 * @req_id: the request's.
 * @status: RNDIS_STATUS_*.
 */
struct vmbc_rndis_set_complete {
	u32 req_id;
	u32 status;
} __packed;

/**
 * struct vmbc_rndis_indicate - RNDIS_MSG_INDICATE's body
 * @status: what happened: RNDIS_STATUS_MEDIA_CONNECT, ..._DISCONNECT.
 * @buf_len: bytes of data about it.
 * @buf_offset: where they start, from @status.
 */
struct vmbc_rndis_indicate {
	u32 status;
	u32 buf_len;
	u32 buf_offset;
} __packed;

/**
 * struct vmbc_rndis_packet - RNDIS_MSG_PACKET's body: one Ethernet frame
 * @data_offset: where the frame starts, from @data_offset.
 * @data_len: the frame's bytes.
 * @oob_offset: zero.
 * @oob_len: zero.
 * @oob_count: zero.
 * @ppi_offset: where the per-packet information starts, from
 *	@data_offset; 0 for none.
 * @ppi_len: its bytes.
 * @vc_handle: zero.
 * @reserved: zero.
 */
struct vmbc_rndis_packet {
	u32 data_offset;
	u32 data_len;
	u32 oob_offset;
	u32 oob_len;
	u32 oob_count;
	u32 ppi_offset;
	u32 ppi_len;
	u32 vc_handle;
	u32 reserved;
} __packed;

/**
 * struct vmbc_rndis_ppi - one piece of per-packet information
 * @size: its bytes, this header included.
 * @type: bits 0-30 the type (VMBC_RNDIS_PPI_*), bit 31 "internal".
 * @offset: where its value starts, from @size.
 */
struct vmbc_rndis_ppi {
	u32 size;
	u32 type;
	u32 offset;
} __packed;

#define VMBC_RNDIS_PPI_CHECKSUM		0	/* TCPIP_CHKSUM_PKTINFO */
#define VMBC_RNDIS_PPI_LSO		2	/* TCP_LARGESEND_PKTINFO */
#define VMBC_RNDIS_PPI_VLAN		6	/* IEEE_8021Q_INFO */
#define VMBC_RNDIS_PPI_HASH		8	/* NBL_HASH_VALUE */

/* OIDs netvsc uses beyond <linux/rndis.h>'s */
#define VMBC_OID_RSS_CAPABILITIES	0x00010203
#define VMBC_OID_RSS_PARAMETERS		0x00010204
#define VMBC_OID_OFFLOAD_PARAMETERS	0xfc01020c
#define VMBC_OID_OFFLOAD_HW_CAPS	0xfc01020d

/* NDIS object headers: type, revision, size */
#define VMBC_NDIS_OBJECT_DEFAULT	0x80
#define VMBC_NDIS_OBJECT_OFFLOAD	0xa7
#define VMBC_NDIS_OBJECT_RSS_CAPS	0x88
#define VMBC_NDIS_OBJECT_RSS_PARAMS	0x89

/**
 * struct vmbc_ndis_object_header - what an NDIS object starts with
 * @type: VMBC_NDIS_OBJECT_*.
 * @revision: the object's revision.
 * @size: its bytes.
 */
struct vmbc_ndis_object_header {
	u8 type;
	u8 revision;
	u16 size;
} __packed;

/*
 * OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES's answer is an NDIS_OFFLOAD: a
 * header and the capability blocks; its sizes by revision. The host
 * offers no offload: every block is zero.
 */
#define VMBC_NDIS_OFFLOAD_SIZE_6_0	112
#define VMBC_NDIS_OFFLOAD_SIZE_6_1	144
#define VMBC_NDIS_OFFLOAD_SIZE		156

/**
 * struct vmbc_ndis_rss_caps - OID_GEN_RECEIVE_SCALE_CAPABILITIES's answer
 * @hdr: VMBC_NDIS_OBJECT_RSS_CAPS, revision 2, sizeof(this).
 * @flags: NDIS_RSS_CAPS_* (the hash types).
 * @num_int_msg: interrupt messages (1).
 * @num_queues: receive queues: the channels the host allows, sub-channels
 *	and primary.
 * @num_table_entries: entries of the indirection table the host takes.
 */
struct vmbc_ndis_rss_caps {
	struct vmbc_ndis_object_header hdr;
	u32 flags;
	u32 num_int_msg;
	u32 num_queues;
	u16 num_table_entries;
} __packed;

/**
 * struct vmbc_ndis_rss_params - OID_GEN_RECEIVE_SCALE_PARAMETERS's value
 * @hdr: VMBC_NDIS_OBJECT_RSS_PARAMS.
 * @flags: VMBC_NDIS_RSS_*.
 * @base_cpu: unused.
 * @hash_info: the hash function and the kinds of packets hashed.
 * @table_size: bytes of the indirection table (4 per entry).
 * @table_offset: where it starts, from @hdr.
 * @key_size: bytes of the hash key (40).
 * @key_offset: where it starts, from @hdr.
 * @cpu_masks_offset: unused.
 * @num_cpu_masks: unused.
 * @cpu_masks_entry_size: unused.
 */
struct vmbc_ndis_rss_params {
	struct vmbc_ndis_object_header hdr;
	u16 flags;
	u16 base_cpu;
	u32 hash_info;
	u16 table_size;
	u32 table_offset;
	u16 key_size;
	u32 key_offset;
	u32 cpu_masks_offset;
	u32 num_cpu_masks;
	u32 cpu_masks_entry_size;
};

#define VMBC_NDIS_RSS_DISABLE		0x0010
#define VMBC_NDIS_RSS_HASH_TOEPLITZ	0x00000001
#define VMBC_NDIS_RSS_CAPS_HASH_TCP4	0x00000100
#define VMBC_NDIS_RSS_CAPS_HASH_TCP6	0x00000200
/* The most indirection table entries the guest may set. */
#define VMBC_NDIS_RSS_TABLE_MAX		256

static_assert(sizeof(struct vmbc_nvsp_message) == 40);
static_assert(sizeof(struct vmbc_rndis_packet) == 36);
static_assert(sizeof(struct vmbc_rndis_init_complete) == 44);
static_assert(sizeof(struct vmbc_ndis_rss_caps) == 18);
/* not packed: naturally aligned, as the guest lays it out */
static_assert(sizeof(struct vmbc_ndis_rss_params) == 40);
static_assert(offsetof(struct vmbc_ndis_rss_params, table_offset) == 16);

#endif /* _VMBC_NETVSP_H */
