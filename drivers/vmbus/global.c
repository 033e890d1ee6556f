// SPDX-License-Identifier: GPL-2.0
/*
 * The parts of Linux's VMBus API that assume one connection per kernel:
 * globals (vmbus_proto_version, vmbus_connection, vmbus_devs) and calls
 * that name no channel. vmbc serves several connections at once; these
 * stand for the default one, the oldest connected (connection.c), and
 * follow it as connections come and go.
 */
#include <linux/export.h>
#include <linux/ioport.h>
#include <linux/string.h>

#include "core.h"
#include <vmbc/hv_private.h>

/* The default connection's protocol version; 0 when none is connected. */
__u32 vmbus_proto_version;
EXPORT_SYMBOL_GPL(vmbus_proto_version);

struct vmbus_connection vmbus_connection = {
	.channel_mutex = __MUTEX_INITIALIZER(vmbus_connection.channel_mutex),
};
EXPORT_SYMBOL_GPL(vmbus_connection);

/*
 * The class table, by enum vmbus_device_type; facts of the protocol (the
 * GUIDs) and of Linux's drivers (which classes want spreading over CPUs,
 * which ring size suits them).
 */
#define VMBC_CLASS(type, perf, isolated, ring, a, b, c, d0, d1, d2, d3, d4, \
		   d5, d6, d7)						\
	[type] = { .dev_type = type, .perf_device = perf,		\
		   .allowed_in_isolated = isolated, .pref_ring_size = ring, \
		   .guid = GUID_INIT(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7) }

const struct vmbc_vmbus_device_612 vmbus_devs[] = {
	VMBC_CLASS(HV_IDE, true, false, 0, 0x32412632, 0x86cb, 0x44a2,
		   0x9b, 0x5c, 0x50, 0xd1, 0x41, 0x73, 0x54, 0xf5),
	VMBC_CLASS(HV_SCSI, true, true, 0, 0xba6163d9, 0x04a1, 0x4d29,
		   0xb6, 0x05, 0x72, 0xe2, 0xff, 0xb1, 0xdc, 0x7f),
	VMBC_CLASS(HV_FC, true, false, 0, 0x2f9bcc4a, 0x0069, 0x4af3,
		   0xb7, 0x6b, 0x6f, 0xd0, 0xbe, 0x52, 0x8c, 0xda),
	VMBC_CLASS(HV_NIC, true, true, 0, 0xf8615163, 0xdf3e, 0x46c5,
		   0x91, 0x3f, 0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e),
	VMBC_CLASS(HV_ND, true, false, 0, 0x8c2eaf3d, 0x32a7, 0x4b09,
		   0xab, 0x99, 0xbd, 0x1f, 0x1c, 0x86, 0xb5, 0x01),
	VMBC_CLASS(HV_PCIE, false, true, 0, 0x44c4f61d, 0x4444, 0x4400,
		   0x9d, 0x52, 0x80, 0x2e, 0x27, 0xed, 0xe1, 0x9f),
	VMBC_CLASS(HV_FB, false, false, 0, 0xda0a7802, 0xe377, 0x4aac,
		   0x8e, 0x77, 0x05, 0x58, 0xeb, 0x10, 0x73, 0xf8),
	VMBC_CLASS(HV_KBD, false, false, 0, 0xf912ad6d, 0x2b17, 0x48ea,
		   0xbd, 0x65, 0xf9, 0x27, 0xa6, 0x1c, 0x76, 0x84),
	VMBC_CLASS(HV_MOUSE, false, false, 0, 0xcfa8b69e, 0x5b4a, 0x4cc0,
		   0xb9, 0x8b, 0x8b, 0xa1, 0xa1, 0xf3, 0xf9, 0x5a),
	VMBC_CLASS(HV_KVP, false, false, 0, 0xa9a0f4e7, 0x5a45, 0x4d96,
		   0xb8, 0x27, 0x8a, 0x84, 0x1e, 0x8c, 0x03, 0xe6),
	VMBC_CLASS(HV_TS, false, true, 0, 0x9527e630, 0xd0ae, 0x497b,
		   0xad, 0xce, 0xe8, 0x0a, 0xb0, 0x17, 0x5c, 0xaf),
	VMBC_CLASS(HV_HB, false, true, 0, 0x57164f39, 0x9115, 0x4e78,
		   0xab, 0x55, 0x38, 0x2f, 0x3b, 0xd5, 0x42, 0x2d),
	VMBC_CLASS(HV_SHUTDOWN, false, true, 0, 0x0e0b6031, 0x5213, 0x4934,
		   0x81, 0x8b, 0x38, 0xd9, 0x0c, 0xed, 0x39, 0xdb),
	VMBC_CLASS(HV_FCOPY, false, false, 0x4000, 0x34d14be3, 0xdee4, 0x41c8,
		   0x9a, 0xe7, 0x6b, 0x17, 0x49, 0x77, 0xc1, 0x92),
	VMBC_CLASS(HV_BACKUP, false, false, 0, 0x35fa2e29, 0xea23, 0x4236,
		   0x96, 0xae, 0x3a, 0x6e, 0xba, 0xcb, 0xa4, 0x40),
	VMBC_CLASS(HV_DM, false, false, 0, 0x525074dc, 0x8985, 0x46e2,
		   0x80, 0x57, 0xa3, 0x07, 0xdc, 0x18, 0xa5, 0x02),
	/* any other class: a 64 KiB ring and its header page */
	[HV_UNKNOWN] = { .dev_type = HV_UNKNOWN, .pref_ring_size = 0x11000 },
};
EXPORT_SYMBOL_GPL(vmbus_devs);
static_assert(ARRAY_SIZE(vmbus_devs) == HV_UNKNOWN + 1);

/*
 * Called under the connection list's spinlock when the default connection
 * changes: plain stores of pointers a reader copies once.
 */
void vmbc_legacy_connection_set(void *int_page, void *monitor_page0,
				void *monitor_page1)
{
	WRITE_ONCE(vmbus_connection.int_page, int_page);
	WRITE_ONCE(vmbus_connection.monitor_pages[0], monitor_page0);
	WRITE_ONCE(vmbus_connection.monitor_pages[1], monitor_page1);
}

/*
 * Taken (inside the connection's channel_mutex) around every change of a
 * primary's sc_list: Linux's drivers walk that list holding
 * vmbus_connection.channel_mutex.
 */
void vmbc_legacy_sc_lock(void)
{
	mutex_lock(&vmbus_connection.channel_mutex);
}

void vmbc_legacy_sc_unlock(void)
{
	mutex_unlock(&vmbus_connection.channel_mutex);
}

static int vmbc_post_request_offers(struct vmbc_connection *conn, void *arg)
{
	struct vmbus_channel_message_header msg = {
		.msgtype = CHANNELMSG_REQUESTOFFERS,
	};

	return vmbc_post_msg(conn, &msg, sizeof(msg), false);
}

/**
 * vmbus_request_offers() - ask the host to send its offers again
 *
 * Offers the core already holds come back as duplicates and are counted
 * as such (VMBC_STAT_OFFER_DUPLICATE); new ones are taken as usual.
 *
 * Context: any.
 * Return: 0 once posted; -ENODEV when no connection is connected; -EIO or
 * -EAGAIN when the post failed.
 */
int vmbus_request_offers(void)
{
	return vmbc_default_call(vmbc_post_request_offers, NULL);
}
EXPORT_SYMBOL_GPL(vmbus_request_offers);

static int vmbc_default_take(struct vmbc_connection *conn, void *msg)
{
	vmbc_message_take_copy(conn, msg);
	return 0;
}

/**
 * vmbus_onmessage() - handle a channel message as if the host had sent it
 * @context: a struct hv_message (a SynIC message slot's layout) holding a
 *	channel message; copied before it is read.
 *
 * Linux v5.2's signature. The message is validated like any message from
 * the host, and handled on the default connection.
 *
 * Context: any.
 */
void vmbus_onmessage(void *context)
{
	if (context)
		vmbc_default_call(vmbc_default_take, context);
}
EXPORT_SYMBOL_GPL(vmbus_onmessage);

/**
 * vmbc_onmessage_612() - Linux 6.12's vmbus_onmessage()
 * @hdr: a channel message. Its length is not given, so only the least its
 *	type carries is read (a type the host never sends: the header).
 *
 * Context: any.
 */
void vmbc_onmessage_612(struct vmbus_channel_message_header *hdr)
{
	struct hv_message msg = {
		.header.message_type = HVMSG_VMBUS,
	};
	u32 bytes;

	if (!hdr)
		return;
	bytes = vmbc_msg_min_bytes(READ_ONCE(hdr->msgtype));
	if (!bytes)
		bytes = sizeof(*hdr);
	msg.header.payload_size = bytes;
	memcpy(msg.payload, hdr, bytes);
	vmbc_default_call(vmbc_default_take, &msg);
}
EXPORT_SYMBOL_GPL(vmbc_onmessage_612);

static int vmbc_post_tl_connect(struct vmbc_connection *conn, void *arg)
{
	return vmbc_post_msg(conn, arg,
			     sizeof(struct vmbus_channel_tl_connect_request),
			     false);
}

/**
 * vmbus_send_tl_connect_request() - ask the host for an hvsock connection
 * @shv_guest_servie_id: the guest's endpoint GUID.
 * @shv_host_servie_id: the host service GUID.
 *
 * The host answers with an hvsock channel offer, which the driver that
 * registered with hvsock set binds.
 *
 * Context: any.
 * Return: 0 once posted; -ENODEV when no connection is connected; -EIO or
 * -EAGAIN when the post failed.
 */
int vmbus_send_tl_connect_request(const guid_t *shv_guest_servie_id,
				  const guid_t *shv_host_servie_id)
{
	struct vmbus_channel_tl_connect_request msg = {
		.header.msgtype = CHANNELMSG_TL_CONNECT_REQUEST,
		.guest_endpoint_id = *shv_guest_servie_id,
		.host_service_id = *shv_host_servie_id,
	};

	return vmbc_default_call(vmbc_post_tl_connect, &msg);
}
EXPORT_SYMBOL_GPL(vmbus_send_tl_connect_request);

/**
 * vmbus_allocate_mmio() - MMIO space from the VMBus's windows
 * @new: the resource allocated.
 * @device_obj: the device asking.
 * @min: lowest acceptable start.
 * @max: highest acceptable end.
 * @size: bytes wanted.
 * @align: alignment wanted.
 * @fb_overlap_ok: may overlap the boot framebuffer.
 *
 * Linux takes the windows from the VMBus ACPI device's _CRS; vmbc's
 * transports know no window (the simulated host has no MMIO, and the
 * Hyper-V transport does not parse ACPI), so no request fits.
 *
 * Context: process context.
 * Return: -ENXIO, as Linux when no window fits.
 */
int vmbus_allocate_mmio(struct resource **new, struct hv_device *device_obj,
			resource_size_t min, resource_size_t max,
			resource_size_t size, resource_size_t align,
			bool fb_overlap_ok)
{
	*new = NULL;
	return -ENXIO;
}
EXPORT_SYMBOL_GPL(vmbus_allocate_mmio);

/**
 * vmbus_free_mmio() - give back what vmbus_allocate_mmio() gave
 * @start: its start.
 * @size: its size.
 *
 * Nothing is ever given, so nothing is taken back.
 *
 * Context: process context.
 */
void vmbus_free_mmio(resource_size_t start, resource_size_t size)
{
}
EXPORT_SYMBOL_GPL(vmbus_free_mmio);
