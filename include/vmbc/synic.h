/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SynIC's side of VMBus: the message slot (SIMP) and event flags
 * (SIEFP) a hypervisor writes, HvPostMessage's input and the hypercall
 * status codes. For the core and its transports only: the kernel's
 * hyperv-tlfs.h defines the same names, and a driver that includes
 * <asm/mshyperv.h> must never see these.
 */
#ifndef _VMBC_SYNIC_H
#define _VMBC_SYNIC_H

#include <vmbc/protocol.h>

/* Hypercall status codes a post-message caller has to tell apart. */
#define HV_STATUS_SUCCESS			0
#define HV_STATUS_INVALID_CONNECTION_ID		0x12
#define HV_STATUS_INSUFFICIENT_MEMORY		0x0b
#define HV_STATUS_INSUFFICIENT_BUFFERS		0x13

/* ------------------------------------------------------------------ */
/* SynIC message slot (SIMP) and HvPostMessage input                   */

#define HV_MESSAGE_SIZE			256
#define HV_MESSAGE_PAYLOAD_BYTE_COUNT	240
#define HV_MESSAGE_PAYLOAD_QWORD_COUNT	30

/* message_type values of a SynIC slot */
#define HVMSG_NONE			0x00000000
#define HVMSG_VMBUS			0x00000001	/* guest posts these */
#define HVMSG_TIMER_EXPIRED		0x80000010	/* a synthetic timer's */

/* Bit 0 of hv_message_header.message_flags: another message waits. */
#define HV_MESSAGE_FLAG_PENDING		0x01

/**
 * struct hv_message_header - header of one 256-byte SynIC message slot
 * @message_type: HVMSG_*; HVMSG_NONE marks the slot free.
 * @payload_size: bytes of @hv_message.u.payload in use, at most 240.
 * @message_flags: HV_MESSAGE_FLAG_PENDING when the hypervisor has more.
 * @reserved: zero.
 * @sender: origin partition or port; unused by VMBus.
 */
struct hv_message_header {
	u32 message_type;
	u8 payload_size;
	u8 message_flags;
	u8 reserved[2];
	u64 sender;
} __packed;

/**
 * struct hv_message - one SynIC message slot as the hypervisor writes it
 * @header: type, size and flags.
 * @payload: the VMBus channel message.
 */
struct hv_message {
	struct hv_message_header header;
	u64 payload[HV_MESSAGE_PAYLOAD_QWORD_COUNT];
} __packed;

/**
 * struct hv_input_post_message - HvPostMessage (hypercall 0x005c) input
 * @connectionid: VMBUS_MESSAGE_CONNECTION_ID or the negotiated one.
 * @reserved: zero.
 * @message_type: HVMSG_VMBUS.
 * @payload_size: bytes of @payload in use, at most 240.
 * @payload: the VMBus channel message.
 */
struct hv_input_post_message {
	u32 connectionid;
	u32 reserved;
	u32 message_type;
	u32 payload_size;
	u64 payload[HV_MESSAGE_PAYLOAD_QWORD_COUNT];
} __packed;

/* Event flags: SINT 2's 256-byte area of the SIEFP, one bit per relid. */
#define HV_EVENT_FLAGS_COUNT		(256 * 8)
#define HV_EVENT_FLAGS_BYTE_COUNT	256

/**
 * union hv_synic_event_flags - one SINT's event flags
 * @flags: a bit per relid, little-endian bit order.
 */
union hv_synic_event_flags {
	unsigned long flags[HV_EVENT_FLAGS_BYTE_COUNT / sizeof(unsigned long)];
};

VMBC_ASSERT_SIZE(struct hv_message_header, 16);
VMBC_ASSERT_SIZE(struct hv_message, HV_MESSAGE_SIZE);
VMBC_ASSERT_OFFSET(struct hv_message, header.payload_size, 4);
VMBC_ASSERT_OFFSET(struct hv_message, header.message_flags, 5);
VMBC_ASSERT_OFFSET(struct hv_message, header.sender, 8);
VMBC_ASSERT_OFFSET(struct hv_message, payload, 16);
VMBC_ASSERT_SIZE(struct hv_input_post_message, 256);
VMBC_ASSERT_OFFSET(struct hv_input_post_message, message_type, 8);
VMBC_ASSERT_OFFSET(struct hv_input_post_message, payload_size, 12);
VMBC_ASSERT_OFFSET(struct hv_input_post_message, payload, 16);
VMBC_ASSERT_SIZE(union hv_synic_event_flags, HV_EVENT_FLAGS_BYTE_COUNT);

/* GPADL messages must fit a SynIC payload with their maximum PFN count */
static_assert(sizeof(struct vmbus_channel_gpadl_header) +
	      sizeof(struct gpa_range) + VMBUS_GPADL_HEADER_MAX_PFNS * sizeof(u64) <=
	      HV_MESSAGE_PAYLOAD_BYTE_COUNT);
static_assert(sizeof(struct vmbus_channel_gpadl_body) +
	      VMBUS_GPADL_BODY_MAX_PFNS * sizeof(u64) <=
	      HV_MESSAGE_PAYLOAD_BYTE_COUNT);

#endif /* _VMBC_SYNIC_H */
