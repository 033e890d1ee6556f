/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Hyper-V synthetic SCSI controller's protocol ("vstor"), as its two
 * ends put it on the wire: the simulated host's disk model
 * (drivers/vmbus/sim/storvsc.c) and the small guests of its KUnit suite.
 * Linux's hv_storvsc speaks it from the guest side.
 *
 * Every message is one struct vmbc_vstor_packet (64 bytes since Windows 8,
 * the oldest version Linux 6.12 speaks) in an inband packet, or after the
 * range of a GPA-direct packet when a SCSI request moves data: the range
 * names the guest's buffer. Each request asks for a completion; the host
 * answers with a VM_PKT_COMP carrying the request's trans_id and a packet
 * whose operation is VMBC_VSTOR_COMPLETE_IO. Every field is little-endian.
 */
#ifndef _VMBC_STORVSP_H
#define _VMBC_STORVSP_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* {ba6163d9-04a1-4d29-b605-72e2ffb1dc7f}: the synthetic SCSI controller. */
#define VMBC_VSTOR_CLASS_GUID \
	GUID_INIT(0xba6163d9, 0x04a1, 0x4d29, 0xb6, 0x05, 0x72, 0xe2, 0xff, \
		  0xb1, 0xdc, 0x7f)

/* Protocol versions: major << 8 | minor. */
#define VMBC_VSTOR_VERSION(major, minor)	((major) << 8 | (minor))
#define VMBC_VSTOR_VERSION_WIN8		VMBC_VSTOR_VERSION(5, 1)
#define VMBC_VSTOR_VERSION_WIN8_1	VMBC_VSTOR_VERSION(6, 0)
#define VMBC_VSTOR_VERSION_WIN10	VMBC_VSTOR_VERSION(6, 2)

/* enum vstor_packet_operation */
#define VMBC_VSTOR_COMPLETE_IO		1
#define VMBC_VSTOR_REMOVE_DEVICE	2
#define VMBC_VSTOR_EXECUTE_SRB		3
#define VMBC_VSTOR_RESET_LUN		4
#define VMBC_VSTOR_RESET_ADAPTER	5
#define VMBC_VSTOR_RESET_BUS		6
#define VMBC_VSTOR_BEGIN_INIT		7
#define VMBC_VSTOR_END_INIT		8
#define VMBC_VSTOR_QUERY_VERSION	9
#define VMBC_VSTOR_QUERY_PROPERTIES	10
#define VMBC_VSTOR_ENUMERATE_BUS	11
#define VMBC_VSTOR_FCHBA_DATA		12
#define VMBC_VSTOR_CREATE_SUB_CHANNELS	13

/* vmbc_vstor_packet.flags: the sender wants a completion. */
#define VMBC_VSTOR_REQUEST_COMPLETION	0x1

/* vmbc_vstor_packet.status the host answers a request it refuses with */
#define VMBC_VSTOR_STATUS_FAILED	0xc0000001	/* STATUS_UNSUCCESSFUL */
#define VMBC_VSTOR_STATUS_REVISION	0xc0000059	/* STATUS_REVISION_MISMATCH */

/* vmbc_vstor_properties.flags */
#define VMBC_VSTOR_MULTI_CHANNEL	0x1

/* vmbc_vmscsi_request.data_in */
#define VMBC_VSTOR_WRITE_TYPE		0
#define VMBC_VSTOR_READ_TYPE		1
#define VMBC_VSTOR_UNKNOWN_TYPE		2

/* vmbc_vmscsi_request.srb_status: a code, and two flags above it */
#define VMBC_SRB_STATUS_SUCCESS		0x01
#define VMBC_SRB_STATUS_ERROR		0x04
#define VMBC_SRB_STATUS_INVALID_REQUEST	0x06
#define VMBC_SRB_STATUS_DATA_OVERRUN	0x12
#define VMBC_SRB_STATUS_INVALID_LUN	0x20
#define VMBC_SRB_STATUS_AUTOSENSE_VALID	0x80

/* vmbc_vmscsi_request.srb_flags the guest sets */
#define VMBC_SRB_FLAGS_DATA_IN		0x00000040
#define VMBC_SRB_FLAGS_DATA_OUT		0x00000080

#define VMBC_VSTOR_CDB_MAX		16
/* The sense area of a request: 20 bytes, over the CDB. */
#define VMBC_VSTOR_SENSE_MAX		0x14

/**
 * struct vmbc_vmscsi_request - a SCSI request and, answered, its result
 * @length: sizeof(this), 52.
 * @srb_status: the answer's VMBC_SRB_STATUS_*.
 * @scsi_status: the answer's SCSI status (SAM_STAT_*).
 * @port_number: the guest's SCSI host number (not checked).
 * @path_id: the SCSI channel.
 * @target_id: the SCSI target.
 * @lun: the logical unit.
 * @cdb_length: bytes of @cdb.
 * @sense_info_length: room for sense data; in the answer, its bytes.
 * @data_in: VMBC_VSTOR_*_TYPE: which way data moves.
 * @reserved: zero.
 * @data_transfer_length: bytes of the data buffer; in the answer, the
 *	bytes moved.
 * @cdb: the command.
 * @sense_data: the answer's sense data, over @cdb.
 * @reserved_array: the whole area.
 * @reserve: zero.
 * @queue_tag: the guest's tag hint.
 * @queue_action: the guest's queueing hint.
 * @srb_flags: VMBC_SRB_FLAGS_* and others the host ignores.
 * @time_out_value: seconds the guest allows.
 * @queue_sort_ey: zero.
 */
struct vmbc_vmscsi_request {
	u16 length;
	u8 srb_status;
	u8 scsi_status;
	u8 port_number;
	u8 path_id;
	u8 target_id;
	u8 lun;
	u8 cdb_length;
	u8 sense_info_length;
	u8 data_in;
	u8 reserved;
	u32 data_transfer_length;
	union {
		u8 cdb[VMBC_VSTOR_CDB_MAX];
		u8 sense_data[VMBC_VSTOR_SENSE_MAX];
		u8 reserved_array[VMBC_VSTOR_SENSE_MAX];
	};
	u16 reserve;
	u8 queue_tag;
	u8 queue_action;
	u32 srb_flags;
	u32 time_out_value;
	u32 queue_sort_ey;
} __packed;

/**
 * struct vmbc_vstor_properties - the answer to QUERY_PROPERTIES
 * @reserved: zero.
 * @max_channel_cnt: the most sub-channels the guest may ask for (Linux's
 *	storvsc asks for at most this many, one per CPU beside the first).
 * @reserved1: zero.
 * @flags: VMBC_VSTOR_MULTI_CHANNEL.
 * @max_transfer_bytes: the largest data buffer of one request.
 * @reserved2: zero.
 */
struct vmbc_vstor_properties {
	u32 reserved;
	u16 max_channel_cnt;
	u16 reserved1;
	u32 flags;
	u32 max_transfer_bytes;
	u64 reserved2;
} __packed;

/**
 * struct vmbc_vstor_packet - every message, either way
 * @operation: VMBC_VSTOR_* (COMPLETE_IO in every answer).
 * @flags: VMBC_VSTOR_REQUEST_COMPLETION.
 * @status: the answer's status: 0, or an NTSTATUS of failure.
 * @srb: EXECUTE_SRB's request and result.
 * @properties: QUERY_PROPERTIES' answer.
 * @version: QUERY_VERSION's: major << 8 | minor, then a revision (0).
 * @sub_channel_count: CREATE_SUB_CHANNELS': how many.
 * @buffer: the whole area.
 */
struct vmbc_vstor_packet {
	u32 operation;
	u32 flags;
	u32 status;
	union {
		struct vmbc_vmscsi_request srb;
		struct vmbc_vstor_properties properties;
		struct {
			u16 major_minor;
			u16 revision;
		} __packed version;
		u16 sub_channel_count;
		u8 buffer[0x34];
	};
} __packed;

static_assert(sizeof(struct vmbc_vmscsi_request) == 52);
static_assert(offsetof(struct vmbc_vmscsi_request, data_transfer_length) == 12);
static_assert(offsetof(struct vmbc_vmscsi_request, cdb) == 16);
static_assert(offsetof(struct vmbc_vmscsi_request, srb_flags) == 40);
static_assert(sizeof(struct vmbc_vstor_properties) == 24);
static_assert(sizeof(struct vmbc_vstor_packet) == 64);
static_assert(offsetof(struct vmbc_vstor_packet, srb) == 12);

#endif /* _VMBC_STORVSP_H */
