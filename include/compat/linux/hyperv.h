/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <linux/hyperv.h> for drivers built against vmbc instead of hv_vmbus.
 *
 * Put this directory first on a driver's include path (before the
 * kernel's own include/) and the driver's "#include <linux/hyperv.h>"
 * lands here. The default is Linux v5.2's API: every name v5.2's
 * include/linux/hyperv.h defines, with its meaning and signature. Define
 * VMBC_API=612 (e.g. -DVMBC_API=612) for Linux 6.12's API instead. Both
 * dialects are one core underneath: Documentation/api.rst lists what
 * differs and the few names left to the core kernel.
 *
 * The exported symbols behind the names are vmbc's own (vmbc_*), so a
 * driver built here links against vmbc.ko, never against hv_vmbus.ko,
 * and both can be loaded at once. Nothing here clashes with the kernel's
 * <asm/mshyperv.h> and hyperv-tlfs.h: the SynIC's own definitions are in
 * <vmbc/synic.h>, which this header does not include.
 */
#ifndef _HYPERV_H
#define _HYPERV_H

#include <vmbc/api.h>

/* this directory's, whatever the include path says */
#include "../uapi/linux/hyperv.h"

#include <linux/types.h>
#include <linux/scatterlist.h>
#include <linux/list.h>
#include <linux/timer.h>
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/mod_devicetable.h>
#include <linux/interrupt.h>
#include <linux/reciprocal_div.h>
#if VMBC_API == 612
#include <linux/mm.h>
#include <linux/vmalloc.h>
#endif

#include <vmbc/vmbus.h>
#include <vmbc/ring.h>

/* ------------------------------------------------------------------ */
/* Packets                                                             */

/* The largest page-buffer packets: descriptor, ranges header, ranges. */
#define MAX_PAGE_BUFFER_PACKET		(0x18 + (sizeof(struct hv_page_buffer) * \
					 MAX_PAGE_BUFFER_COUNT))
#define MAX_MULTIPAGE_BUFFER_PACKET	(0x18 + \
					 sizeof(struct hv_multipage_buffer))

/* Named-pipe modes of an offer's pipe_mode. */
#define VMBUS_PIPE_TYPE_BYTE		0x00000000
#define VMBUS_PIPE_TYPE_MESSAGE		0x00000004

/**
 * struct vmpacket_header - a packet descriptor after the previous packet's
 *	start offset
 * @prev_pkt_start_offset: where the previous packet started.
 * @descriptor: the descriptor.
 */
struct vmpacket_header {
	u32 prev_pkt_start_offset;
	struct vmpacket_descriptor descriptor;
} __packed;

/**
 * struct vmadd_remove_transfer_page_set - VM_PKT_(ADD|RM)_XFER_PAGESET
 * @d: descriptor.
 * @gpadl: the GPADL holding the pages.
 * @xfer_pageset_id: the set's id.
 * @reserved: zero.
 */
struct vmadd_remove_transfer_page_set {
	struct vmpacket_descriptor d;
	u32 gpadl;
	u16 xfer_pageset_id;
	u16 reserved;
} __packed;

/**
 * struct vmestablish_gpadl - VM_PKT_ESTABLISH_GPADL
 * @d: descriptor.
 * @gpadl: the handle.
 * @range_cnt: number of ranges.
 * @range: the first range, its PFNs following it.
 */
struct vmestablish_gpadl {
	struct vmpacket_descriptor d;
	u32 gpadl;
	u32 range_cnt;
	struct gpa_range range[1];
} __packed;

/**
 * struct vmteardown_gpadl - VM_PKT_TEARDOWN_GPADL
 * @d: descriptor.
 * @gpadl: the handle.
 * @reserved: pads to 8 bytes.
 */
struct vmteardown_gpadl {
	struct vmpacket_descriptor d;
	u32 gpadl;
	u32 reserved;
} __packed;

/**
 * struct vmadditional_data - VM_PKT_ADDITIONAL_DATA
 * @d: descriptor.
 * @total_bytes: bytes of the whole transfer.
 * @offset: where this part starts.
 * @byte_cnt: bytes in this part.
 * @data: the bytes.
 */
struct vmadditional_data {
	struct vmpacket_descriptor d;
	u64 total_bytes;
	u32 offset;
	u32 byte_cnt;
	unsigned char data[1];
} __packed;

/**
 * union vmpacket_largest_possible_header - room for any packet header
 * @simple_hdr: a plain descriptor.
 * @xfer_page_hdr: transfer pages.
 * @gpadl_hdr: GPADL data.
 * @add_rm_xfer_page_hdr: transfer page set changes.
 * @establish_gpadl_hdr: GPADL establishment.
 * @teardown_gpadl_hdr: GPADL teardown.
 * @data_gpa_direct_hdr: GPA-direct data.
 */
union vmpacket_largest_possible_header {
	struct vmpacket_descriptor simple_hdr;
	struct vmtransfer_page_packet_header xfer_page_hdr;
	struct vmgpadl_packet_header gpadl_hdr;
	struct vmadd_remove_transfer_page_set add_rm_xfer_page_hdr;
	struct vmestablish_gpadl establish_gpadl_hdr;
	struct vmteardown_gpadl teardown_gpadl_hdr;
	struct vmdata_gpa_direct data_gpa_direct_hdr;
};

/*
 * A packet's payload, length and type from a pointer to its descriptor
 * (v5.2's versions of these cast the pointer to a structure and could not
 * be expanded; these do what their names say).
 */
#define VMPACKET_DATA_START_ADDRESS(__packet) ({			\
	const struct vmpacket_descriptor *__d = (const void *)(__packet);	\
	(void *)((unsigned long)__d + __d->offset8 * 8);		\
})
#define VMPACKET_DATA_LENGTH(__packet) ({				\
	const struct vmpacket_descriptor *__d = (const void *)(__packet);	\
	(__d->len8 - __d->offset8) * 8;					\
})
#define VMPACKET_TRANSFER_MODE(__packet)				\
	(((const struct vmpacket_descriptor *)(__packet))->type)

/**
 * struct vmbus_channel_packet_multipage_buffer - a GPA-direct packet with
 *	one multi-page range
 * @type: VM_PKT_DATA_USING_GPA_DIRECT.
 * @dataoffset8: offset of the inband payload, in 8-byte units.
 * @length8: packet length, in 8-byte units.
 * @flags: VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED.
 * @transactionid: the request id.
 * @reserved: zero.
 * @rangecount: one.
 * @range: the range.
 */
struct vmbus_channel_packet_multipage_buffer {
	u16 type;
	u16 dataoffset8;
	u16 length8;
	u16 flags;
	u64 transactionid;
	u32 reserved;
	u32 rangecount;
	struct hv_multipage_buffer range;
} __packed;

/**
 * union hv_connection_id - a SynIC connection id
 * @asu32: the whole value.
 * @u: its parts.
 * @u.id: the id.
 * @u.reserved: zero.
 */
union hv_connection_id {
	u32 asu32;
	struct {
		u32 id:24;
		u32 reserved:8;
	} u;
};

/* ------------------------------------------------------------------ */
/* Rings                                                               */

/*
 * The ring helpers Linux inlines read the host's indices straight from
 * shared memory. Here they go through the core, which checks every index
 * the host wrote (an index out of range reads as "nothing to read").
 */
static inline u32 hv_get_bytes_to_read(const struct hv_ring_buffer_info *rbi)
{
	return vmbc_ring_bytes_to_read(rbi);
}

static inline u32 hv_get_bytes_to_write(const struct hv_ring_buffer_info *rbi)
{
	return vmbc_ring_bytes_to_write(rbi);
}

static inline u32
hv_get_avail_to_write_percent(const struct hv_ring_buffer_info *rbi)
{
	u32 avail_write = hv_get_bytes_to_write(rbi);

	/* avail * 10 / (ring_size / 10), as the reciprocal was made */
	return reciprocal_divide((avail_write << 3) + (avail_write << 1),
				 rbi->ring_size_div10_reciprocal);
}

static inline u32
hv_ringbuffer_pending_size(const struct hv_ring_buffer_info *rbi)
{
	return READ_ONCE(rbi->ring_buffer->pending_send_sz);
}

static inline void *
hv_get_ring_buffer(const struct hv_ring_buffer_info *ring_info)
{
	return ring_info->ring_buffer->buffer;
}

/* Mask the host's interrupts while reading. */
static inline void hv_begin_read(struct hv_ring_buffer_info *rbi)
{
	vmbc_ring_intr_mask(rbi);
	/* the mask before the reads that follow */
	virt_mb();
}

/* Unmask; the bytes that arrived meanwhile are the caller's to read. */
static inline u32 hv_end_read(struct hv_ring_buffer_info *rbi)
{
	vmbc_ring_intr_unmask(rbi);
	return hv_get_bytes_to_read(rbi);
}

#define foreach_vmbus_pkt(pkt, channel)				\
	for (pkt = hv_pkt_iter_first(channel); pkt;			\
	     pkt = hv_pkt_iter_next(channel, pkt))

/* ------------------------------------------------------------------ */
/* Channels                                                            */

static inline bool is_hvsock_channel(const struct vmbus_channel *c)
{
	return !!(c->offermsg.offer.chn_flags &
		  VMBUS_CHANNEL_TLNPI_PROVIDER_OFFER);
}

static inline void set_channel_affinity_state(struct vmbus_channel *c,
					      enum hv_numa_policy policy)
{
	c->affinity_policy = policy;
}

static inline void set_per_channel_state(struct vmbus_channel *c, void *s)
{
	c->per_channel_state = s;
}

static inline void *get_per_channel_state(struct vmbus_channel *c)
{
	return c->per_channel_state;
}

static inline void set_low_latency_mode(struct vmbus_channel *c)
{
	WRITE_ONCE(c->low_latency, true);
}

static inline void clear_low_latency_mode(struct vmbus_channel *c)
{
	WRITE_ONCE(c->low_latency, false);
}

/* ------------------------------------------------------------------ */
/* Device classes                                                      */

#define HV_NIC_GUID							\
	.guid = GUID_INIT(0xf8615163, 0xdf3e, 0x46c5, 0x91, 0x3f,	\
			  0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e)
#define HV_IDE_GUID							\
	.guid = GUID_INIT(0x32412632, 0x86cb, 0x44a2, 0x9b, 0x5c,	\
			  0x50, 0xd1, 0x41, 0x73, 0x54, 0xf5)
#define HV_SCSI_GUID							\
	.guid = GUID_INIT(0xba6163d9, 0x04a1, 0x4d29, 0xb6, 0x05,	\
			  0x72, 0xe2, 0xff, 0xb1, 0xdc, 0x7f)
#define HV_SHUTDOWN_GUID						\
	.guid = GUID_INIT(0x0e0b6031, 0x5213, 0x4934, 0x81, 0x8b,	\
			  0x38, 0xd9, 0x0c, 0xed, 0x39, 0xdb)
#define HV_TS_GUID							\
	.guid = GUID_INIT(0x9527e630, 0xd0ae, 0x497b, 0xad, 0xce,	\
			  0xe8, 0x0a, 0xb0, 0x17, 0x5c, 0xaf)
#define HV_HEART_BEAT_GUID						\
	.guid = GUID_INIT(0x57164f39, 0x9115, 0x4e78, 0xab, 0x55,	\
			  0x38, 0x2f, 0x3b, 0xd5, 0x42, 0x2d)
#define HV_KVP_GUID							\
	.guid = GUID_INIT(0xa9a0f4e7, 0x5a45, 0x4d96, 0xb8, 0x27,	\
			  0x8a, 0x84, 0x1e, 0x8c, 0x03, 0xe6)
#define HV_DM_GUID							\
	.guid = GUID_INIT(0x525074dc, 0x8985, 0x46e2, 0x80, 0x57,	\
			  0xa3, 0x07, 0xdc, 0x18, 0xa5, 0x02)
#define HV_MOUSE_GUID							\
	.guid = GUID_INIT(0xcfa8b69e, 0x5b4a, 0x4cc0, 0xb9, 0x8b,	\
			  0x8b, 0xa1, 0xa1, 0xf3, 0xf9, 0x5a)
#define HV_KBD_GUID							\
	.guid = GUID_INIT(0xf912ad6d, 0x2b17, 0x48ea, 0xbd, 0x65,	\
			  0xf9, 0x27, 0xa6, 0x1c, 0x76, 0x84)
#define HV_VSS_GUID							\
	.guid = GUID_INIT(0x35fa2e29, 0xea23, 0x4236, 0x96, 0xae,	\
			  0x3a, 0x6e, 0xba, 0xcb, 0xa4, 0x40)
#define HV_SYNTHVID_GUID						\
	.guid = GUID_INIT(0xda0a7802, 0xe377, 0x4aac, 0x8e, 0x77,	\
			  0x05, 0x58, 0xeb, 0x10, 0x73, 0xf8)
#define HV_SYNTHFC_GUID							\
	.guid = GUID_INIT(0x2f9bcc4a, 0x0069, 0x4af3, 0xb7, 0x6b,	\
			  0x6f, 0xd0, 0xbe, 0x52, 0x8c, 0xda)
#define HV_FCOPY_GUID							\
	.guid = GUID_INIT(0x34d14be3, 0xdee4, 0x41c8, 0x9a, 0xe7,	\
			  0x6b, 0x17, 0x49, 0x77, 0xc1, 0x92)
#define HV_ND_GUID							\
	.guid = GUID_INIT(0x8c2eaf3d, 0x32a7, 0x4b09, 0xab, 0x99,	\
			  0xbd, 0x1f, 0x1c, 0x86, 0xb5, 0x01)
#define HV_PCIE_GUID							\
	.guid = GUID_INIT(0x44c4f61d, 0x4444, 0x4400, 0x9d, 0x52,	\
			  0x80, 0x2e, 0x27, 0xed, 0xe1, 0x9f)
#define HV_AVMA1_GUID							\
	.guid = GUID_INIT(0xf8e65716, 0x3cb3, 0x4a06, 0x9a, 0x60,	\
			  0x18, 0x89, 0xc5, 0xcc, 0xca, 0xb5)
#define HV_AVMA2_GUID							\
	.guid = GUID_INIT(0x3375baf4, 0x9e15, 0x4b30, 0xb7, 0x65,	\
			  0x67, 0xac, 0xb1, 0x0d, 0x60, 0x7b)
#define HV_RDV_GUID							\
	.guid = GUID_INIT(0x276aacf4, 0xac15, 0x426c, 0x98, 0xdd,	\
			  0x75, 0x21, 0xad, 0x3f, 0x01, 0xfe)

/* ------------------------------------------------------------------ */
/* Integration Services                                                */

/*
 * The state an IC driver keeps per service; a driver's own bookkeeping,
 * which the core never reads.
 */
#if VMBC_API == 612
/**
 * struct hv_util_service - one Integration Service of a driver (6.12)
 * @recv_buffer: the packet buffer.
 * @channel: the channel.
 * @util_cb: its callback.
 * @util_init: set up.
 * @util_init_transport: set up the userspace transport.
 * @util_deinit: tear down.
 * @util_pre_suspend: before hibernation.
 * @util_pre_resume: after it.
 */
struct hv_util_service {
	u8 *recv_buffer;
	void *channel;
	void (*util_cb)(void *context);
	int (*util_init)(struct hv_util_service *srv);
	int (*util_init_transport)(void);
	void (*util_deinit)(void);
	int (*util_pre_suspend)(void);
	int (*util_pre_resume)(void);
};
#else
/**
 * struct hv_util_service - one Integration Service of a driver (v5.2)
 * @recv_buffer: the packet buffer.
 * @channel: the channel.
 * @util_cb: its callback.
 * @util_init: set up.
 * @util_deinit: tear down.
 */
struct hv_util_service {
	u8 *recv_buffer;
	void *channel;
	void (*util_cb)(void *context);
	int (*util_init)(struct hv_util_service *srv);
	void (*util_deinit)(void);
};
#endif

/**
 * struct hyperv_service_callback - a service's callback and its channel
 * @msg_type: ICMSGTYPE_*.
 * @log_msg: a name for logs.
 * @data: the class GUID.
 * @channel: the channel.
 * @callback: the callback.
 */
struct hyperv_service_callback {
	u8 msg_type;
	char *log_msg;
	guid_t data;
	struct vmbus_channel *channel;
	void (*callback)(void *context);
};

/* The largest service version a driver may list. */
#define MAX_SRV_VER	0x7ffffff

/* ------------------------------------------------------------------ */
/* Declared by Linux v5.2 without a definition anywhere                 */

/*
 * v5.2's header declares vmbus_ontimer() and no kernel defines it; the
 * declaration is kept, so a driver that calls it fails to link, as it
 * did against v5.2.
 */
#if VMBC_API == 502
void vmbus_ontimer(unsigned long data);
#endif

/* ------------------------------------------------------------------ */
/* Linux v5.2 only                                                     */

#if VMBC_API == 502
/* The newest protocol v5.2 knew; vmbc itself goes up to 5.3. */
#define VERSION_CURRENT		VERSION_WIN10_V5
#endif

/* ------------------------------------------------------------------ */
/* Linux 6.12 only                                                     */

#if VMBC_API == 612

/* A ring's size in bytes for @payload_sz of data, header page included. */
#define VMBUS_HEADER_ADJ(payload_sz)					\
	((payload_sz) >= 8 * sizeof(struct hv_ring_buffer) ?		\
	 0 : sizeof(struct hv_ring_buffer))
#define VMBUS_RING_SIZE(payload_sz)					\
	PAGE_ALIGN(VMBUS_HEADER_ADJ(payload_sz) + (payload_sz))

#define INVALID_RELID			U32_MAX

/* Request ids with a meaning of their own (see vmbc_next_request_id()). */
#define VMBUS_NO_RQSTOR			U64_MAX
#define VMBUS_RQST_ERROR		(U64_MAX - 1)
#define VMBUS_RQST_ADDR_ANY		U64_MAX
#define VMBUS_RQST_ID_NO_RESPONSE	(U64_MAX - 2)
#define VMBUS_RQST_INIT			(U64_MAX - 2)
#define VMBUS_RQST_RESET		(U64_MAX - 3)

#define VMBUS_DEFAULT_MAX_PKT_SIZE	4096

#define HV_IMC_GUID							\
	.guid = GUID_INIT(0xc376c1c3, 0xd276, 0x48d2, 0x90, 0xa9,	\
			  0xc0, 0x47, 0x48, 0x07, 0x2c, 0x60)

#define ICMSGTYPE_FCOPY				7
#define IC_VERSION_NEGOTIATION_MAX_VER_COUNT	100

/* Bytes of a NEGOTIATE packet offering that many versions. */
#define ICMSG_NEGOTIATE_PKT_SIZE(icframe_vercnt, icmsg_vercnt)		\
	(ICMSG_HDR + offsetof(struct icmsg_negotiate, icversion_data) +	\
	 (((icframe_vercnt) + (icmsg_vercnt)) * sizeof(struct ic_version)))

/**
 * struct hv_dma_range - one DMA mapping of a packet's page (netvsc)
 * @dma: its bus address.
 * @mapping_size: its length.
 */
struct hv_dma_range {
	dma_addr_t dma;
	u32 mapping_size;
};

static inline bool is_hvsock_offer(const struct vmbus_channel_offer_channel *o)
{
	return !!(o->offer.chn_flags & VMBUS_CHANNEL_TLNPI_PROVIDER_OFFER);
}

static inline bool is_sub_channel(const struct vmbus_channel *c)
{
	return c->offermsg.offer.sub_channel_index != 0;
}

/* Bytes of a packet, descriptor and padding included. */
static inline u32 hv_pkt_len(const struct vmpacket_descriptor *desc)
{
	return desc->len8 << 3;
}

#ifndef HV_HYP_PAGE_MASK
#define HV_HYP_PAGE_MASK	(~(HV_HYP_PAGE_SIZE - 1))
#endif
#define NR_HV_HYP_PAGES_IN_PAGE	(PAGE_SIZE / HV_HYP_PAGE_SIZE)
#define offset_in_hvpage(ptr)	((unsigned long)(ptr) & ~HV_HYP_PAGE_MASK)
#define HVPFN_UP(x)	(((x) + HV_HYP_PAGE_SIZE - 1) >> HV_HYP_PAGE_SHIFT)
#define HVPFN_DOWN(x)	((x) >> HV_HYP_PAGE_SHIFT)
#define page_to_hvpfn(page)	(page_to_pfn(page) * NR_HV_HYP_PAGES_IN_PAGE)

/* The Hyper-V page number of any kernel address, vmalloc'ed included. */
static inline unsigned long virt_to_hvpfn(void *addr)
{
	phys_addr_t paddr;

	if (is_vmalloc_addr(addr))
		paddr = page_to_phys(vmalloc_to_page(addr)) +
			offset_in_page(addr);
	else
		paddr = __pa(addr);
	return paddr >> HV_HYP_PAGE_SHIFT;
}

#endif /* VMBC_API == 612 */

#endif /* _HYPERV_H */
