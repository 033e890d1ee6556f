/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbc ring: one direction of a VMBus ring buffer.
 *
 * The ring knows nothing of channels, devices or transports: it never
 * signals anybody. Each operation that may require a signal says so to its
 * caller, which owns the statistics and the hypercall. The same ring.c
 * builds in userspace (tools/ring/) for tests, benchmarks and fuzzing.
 *
 * One view is either the writer or the single reader of a direction: the
 * guest writes the outbound ring and reads the inbound one. A simulated
 * host uses vmbc_ring_attach() to get its own view of the same pages.
 *
 * Everything the other side writes into the shared header or the data
 * area is untrusted: it is read once, validated, and a violation marks the
 * ring broken (sticky), counts it, and fails the operation.
 */
#ifndef _VMBC_RING_H
#define _VMBC_RING_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <linux/uio.h>

#include <vmbc/protocol.h>
#include <vmbc/ring_buffer.h>

struct page;

/* Every packet is followed by an 8-byte trailer: the writer's old index. */
#define VMBC_RING_TRAILER_SIZE	8
#define VMBC_RING_DESC_SIZE	sizeof(struct vmpacket_descriptor)
/* The smallest packet: a descriptor, no payload, and the trailer. */
#define VMBC_RING_MIN_PACKET	(VMBC_RING_DESC_SIZE + VMBC_RING_TRAILER_SIZE)

/* Events a write reports; the caller counts them and signals. */
#define VMBC_RING_EV_SIGNAL	0x1	/* signal the reader (intr_out_empty) */
#define VMBC_RING_EV_FULL	0x2	/* the ring was full (out_full_total) */
#define VMBC_RING_EV_FULL_FIRST	0x4	/* first full since space was seen
					 * (out_full_first)
					 */

/* Flags of vmbc_ring_write_flags() */
#define VMBC_RING_MORE		0x1	/* more follows: publish later */
#define VMBC_RING_NOLOCK	0x2	/* the caller is the only writer */

/**
 * enum vmbc_ring_fault - the first corruption a ring view detected
 * @VMBC_RING_FAULT_NONE: none.
 * @VMBC_RING_FAULT_READ_INDEX: read_index out of range or misaligned.
 * @VMBC_RING_FAULT_WRITE_INDEX: write_index out of range or misaligned.
 * @VMBC_RING_FAULT_SHORT: fewer bytes written than the smallest packet.
 * @VMBC_RING_FAULT_OFFSET: offset8 inside the descriptor or past len8.
 * @VMBC_RING_FAULT_LENGTH: packet and trailer beyond the bytes written.
 * @VMBC_RING_FAULT_TOO_BIG: packet beyond the view's max_pkt_size.
 * @VMBC_RING_FAULT_TYPE: not a packet type a channel carries.
 * @VMBC_RING_FAULT_FLAGS: flags other than COMPLETION_REQUESTED.
 * @VMBC_RING_FAULT_RANGES: range header short or its count does not fit.
 */
enum vmbc_ring_fault {
	VMBC_RING_FAULT_NONE,
	VMBC_RING_FAULT_READ_INDEX,
	VMBC_RING_FAULT_WRITE_INDEX,
	VMBC_RING_FAULT_SHORT,
	VMBC_RING_FAULT_OFFSET,
	VMBC_RING_FAULT_LENGTH,
	VMBC_RING_FAULT_TOO_BIG,
	VMBC_RING_FAULT_TYPE,
	VMBC_RING_FAULT_FLAGS,
	VMBC_RING_FAULT_RANGES,
};

/**
 * struct vmbc_ring_pkt - an inbound packet, as the iterator hands it out
 * @desc: private, validated copy of the descriptor. Decide on this only.
 * @range_cnt: validated copy of the range count of a transfer-page or
 *	GPA-direct packet (the ranges fit before the payload); 0 otherwise.
 * @pkt: the packet in the ring, descriptor first. Untrusted bytes that the
 *	other side may still change; only the first @pktlen are the packet's.
 * @data: the payload in the ring (@pkt + offset8 * 8). Untrusted bytes.
 * @pktlen: bytes of the packet, descriptor included, trailer excluded.
 * @datalen: bytes of the payload.
 *
 * The pointers stay valid until the iterator moves on or the ring closes.
 * A caller that needs the packet as a whole in private memory copies
 * @pktlen bytes from @pkt and then overwrites the copy's first 16 bytes
 * with @desc.
 */
struct vmbc_ring_pkt {
	struct vmpacket_descriptor desc;
	u32 range_cnt;
	const void *pkt;
	const void *data;
	u32 pktlen;
	u32 datalen;
};

/**
 * struct vmbc_ring_out - one outbound packet of a batch
 * @kv: its bytes: the caller's descriptor (len8 and offset8 filled in, all
 *	16 bytes in @kv[0]), then any header and the payload. ring.c adds
 *	the zero padding and the trailer.
 * @kv_count: entries of @kv.
 */
struct vmbc_ring_out {
	const struct kvec *kv;
	u32 kv_count;
};

/**
 * vmbc_ring_packet_bytes() - ring bytes a packet takes
 * @len: descriptor, headers and payload, unpadded.
 *
 * Context: any.
 * Return: @len padded to 8 bytes, plus the trailer. A write needs strictly
 * more free space than this; it is also what pending_send_sz asks for.
 */
static inline u32 vmbc_ring_packet_bytes(u32 len)
{
	return ((len + 7) & ~7U) + VMBC_RING_TRAILER_SIZE;
}

/**
 * vmbc_ring_is_broken() - whether the view has seen a corruption
 * @rbi: the ring view.
 *
 * Context: any.
 * Return: true once any corruption was detected, until the next init.
 */
static inline bool vmbc_ring_is_broken(const struct hv_ring_buffer_info *rbi)
{
	return READ_ONCE(rbi->broken);
}

void vmbc_ring_pre_init(struct hv_ring_buffer_info *rbi);
int vmbc_ring_init(struct hv_ring_buffer_info *rbi, struct page **pages,
		   u32 page_cnt, u32 max_pkt_size);
int vmbc_ring_attach(struct hv_ring_buffer_info *rbi, struct page **pages,
		     u32 page_cnt, u32 max_pkt_size);
void vmbc_ring_uninit(struct hv_ring_buffer_info *rbi);

int vmbc_ring_write(struct hv_ring_buffer_info *rbi, const struct kvec *kv,
		    u32 kv_count, u32 *events);
int vmbc_ring_write_flags(struct hv_ring_buffer_info *rbi,
			  const struct vmbc_ring_out *out, u32 count,
			  u32 *events, u32 flags);
int vmbc_ring_write_batch(struct hv_ring_buffer_info *rbi,
			  const struct vmbc_ring_out *out, u32 count,
			  u32 *events);
bool vmbc_ring_request_space(struct hv_ring_buffer_info *rbi, u32 bytes);
void vmbc_ring_cancel_space(struct hv_ring_buffer_info *rbi);

int vmbc_ring_iter_first(struct hv_ring_buffer_info *rbi,
			 struct vmbc_ring_pkt *pkt);
int vmbc_ring_iter_next(struct hv_ring_buffer_info *rbi,
			struct vmbc_ring_pkt *pkt);
bool vmbc_ring_iter_close(struct hv_ring_buffer_info *rbi);
int vmbc_ring_read(struct hv_ring_buffer_info *rbi, void *buf, u32 buflen,
		   u32 *actual_len, u64 *requestid, bool *signal);
int vmbc_ring_read_raw(struct hv_ring_buffer_info *rbi, void *buf,
		       u32 buflen, u32 *actual_len, u64 *requestid,
		       bool *signal);

void vmbc_ring_intr_mask(struct hv_ring_buffer_info *rbi);
bool vmbc_ring_intr_unmask(struct hv_ring_buffer_info *rbi);

u32 vmbc_ring_bytes_to_read(const struct hv_ring_buffer_info *rbi);
u32 vmbc_ring_bytes_to_write(const struct hv_ring_buffer_info *rbi);
int vmbc_ring_get_debuginfo(struct hv_ring_buffer_info *rbi,
			    struct hv_ring_buffer_debug_info *info);

#endif /* _VMBC_RING_H */
