/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The echo device: a device class of vmbc's own, offered by the simulated
 * host, that reflects what a driver sends. It is the device the sample
 * driver (samples/vmbc_echo.c) drives and the data-path tests run against.
 *
 * The protocol, per packet the guest writes (payloads come back as the
 * wire carries them, padded to 8 bytes):
 *
 * - VM_PKT_DATA_INBAND with a completion requested: the host answers with
 *   a VM_PKT_COMP carrying the same payload and the same trans_id.
 * - VM_PKT_DATA_INBAND without: the host answers with a VM_PKT_DATA_INBAND
 *   carrying the same payload, trans_id and no flags.
 * - VM_PKT_DATA_USING_GPA_DIRECT (page-buffer and multi-page-buffer
 *   packets): the host reads the guest memory the ranges name and answers
 *   with a VM_PKT_COMP whose payload is a struct vmbc_echo_gpa_reply
 *   followed by the packet's inband payload.
 * - VM_PKT_COMP: reflected unchanged, trans_id included (so tests can
 *   show the guest drops completions it never asked for).
 * - An inband packet whose payload is a struct vmbc_echo_cmd with the
 *   magic below is a command, not echoed: VMBC_ECHO_CMD_SUBCHANNELS asks
 *   the host to offer @arg sub-channels of this device (as the network and
 *   storage protocols do); the host answers with a VM_PKT_COMP (or an
 *   inband packet) carrying the command back with @arg set to the number
 *   it will offer. VMBC_ECHO_CMD_GPADL_SUM asks the host to read the
 *   buffer of GPADL @arg (one the guest established on this channel, as a
 *   network driver shares its receive buffer): the answer carries @arg
 *   set to the bytes read (0 when the host holds no such GPADL) and
 *   @result to their sum.
 */
#ifndef _VMBC_ECHO_H
#define _VMBC_ECHO_H

#include <linux/types.h>
#include <linux/uuid.h>

#include <vmbc/device_table.h>

/*
 * {be3c4a8e-5f0d-4c8b-9a3e-6563686f0001}: the echo device class, as
 * GUID_INIT()'s arguments (what VMBC_DEVICE_TABLE() takes) and as a GUID.
 */
#define VMBC_ECHO_CLASS \
	(0xbe3c4a8e, 0x5f0d, 0x4c8b, 0x9a, 0x3e, 0x65, 0x63, 0x68, 0x6f, \
	 0x00, 0x01)
#define VMBC_ECHO_CLASS_GUID	VMBC_GUID(VMBC_ECHO_CLASS)

#define VMBC_ECHO_CMD_MAGIC		0x4f484345	/* "ECHO" */
#define VMBC_ECHO_CMD_SUBCHANNELS	1
#define VMBC_ECHO_CMD_GPADL_SUM		2

/**
 * struct vmbc_echo_cmd - a command to the echo host
 * @magic: VMBC_ECHO_CMD_MAGIC.
 * @cmd: VMBC_ECHO_CMD_*.
 * @arg: the command's argument; in the answer, its result.
 * @result: zero; in the answer, the command's second result.
 */
struct vmbc_echo_cmd {
	u32 magic;
	u32 cmd;
	u32 arg;
	u32 result;
} __packed;

/**
 * struct vmbc_echo_gpa_reply - what the host read through a GPA packet
 * @ranges: ranges in the packet.
 * @bytes: bytes the ranges named, all read.
 * @sum: the sum of those bytes, as u32 (a cheap content check).
 * @reserved: zero.
 */
struct vmbc_echo_gpa_reply {
	u32 ranges;
	u32 bytes;
	u32 sum;
	u32 reserved;
} __packed;

#endif /* _VMBC_ECHO_H */
