/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbc: the guest's private view of one VMBus ring direction.
 *
 * Kept apart from <vmbc/vmbus.h> so that the ring code, which knows nothing
 * of channels, devices or transports, also builds in userspace against the
 * small shim headers of tools/ring/.
 */
#ifndef _VMBC_RING_BUFFER_H
#define _VMBC_RING_BUFFER_H

#include <linux/mutex.h>
#include <linux/reciprocal_div.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include <vmbc/protocol.h>

/**
 * struct hv_ring_buffer_info - the guest's view of one ring direction
 * @ring_buffer: the shared header page; the data area follows it, mapped
 *	twice in a row.
 * @ring_size: bytes including the header page.
 * @ring_size_div10_reciprocal: for the sysfs percentage views.
 * @ring_lock: serialises writers of this direction.
 * @ring_datasize: bytes of the data area.
 * @priv_read_index: the reader's iterator position within a batch.
 * @ring_buffer_mutex: serialises ring setup and teardown with sysfs readers.
 * @ring_data: first byte of the data area; 2 * @ring_datasize bytes are
 *	mapped, so any packet starting in the first copy is contiguous.
 * @max_pkt_size: largest inbound packet accepted (descriptor included,
 *	trailer excluded); never more than the data area allows.
 * @feature_bits: private copy of the ring's HV_RING_FEAT_* (what the guest
 *	advertised); the shared copy is never trusted back.
 * @priv_write_index: the writer's own write index; shared memory is never
 *	read back for it.
 * @pub_write_index: the write index the writer last published (behind
 *	@priv_write_index while VMBC_RING_MORE holds packets back).
 * @out_full: the last write found the ring full (for out_full_first).
 * @pub_read_index: the read index the reader last published.
 * @rd_write_snap: the last validated write index the reader loaded.
 * @rd_pkt_len: bytes (trailer included) of the packet the iterator last
 *	returned, 0 when none.
 * @broken: a corruption was seen; every later operation fails with -EIO.
 * @fault: enum vmbc_ring_fault of the first corruption seen.
 * @corrupt_count: corruptions detected on this ring.
 *
 * The fields up to @ring_buffer_mutex are Linux v5.2's, in its order; the
 * rest are vmbc's own. Writer fields are protected by @ring_lock. Reader
 * fields are owned by the single reader (the channel callback) and need no
 * lock.
 */
struct hv_ring_buffer_info {
	struct hv_ring_buffer *ring_buffer;
	u32 ring_size;
	struct reciprocal_value ring_size_div10_reciprocal;
	spinlock_t ring_lock;	/* protects the writer fields */
	u32 ring_datasize;
	u32 priv_read_index;
	struct mutex ring_buffer_mutex;	/* protects @ring_buffer's mapping */

	/* vmbc additions: constant while mapped */
	u8 *ring_data;
	u32 max_pkt_size;
	u32 feature_bits;

	/* writer side, under ring_lock or a VMBC_RING_NOLOCK caller's own */
	u32 priv_write_index;
	u32 pub_write_index;
	bool out_full;

	/* reader side, the single reader's own */
	u32 pub_read_index;
	u32 rd_write_snap;
	u32 rd_pkt_len;

	/* corruption; written by either side, read for statistics */
	bool broken;
	u8 fault;
	u32 corrupt_count;
};

/**
 * struct hv_ring_buffer_debug_info - one ring's state, for sysfs
 * @current_interrupt_mask: the reader's interrupt_mask.
 * @current_read_index: read_index as found in the shared header.
 * @current_write_index: write_index as found in the shared header.
 * @bytes_avail_toread: bytes between the two, 0 if either is invalid.
 * @bytes_avail_towrite: free bytes, 0 if either index is invalid.
 * @current_pending_send_sz: pending_send_sz as found in the shared header.
 * @corrupt_count: corruptions detected on this ring.
 *
 * The first five fields are Linux v5.2's.
 */
struct hv_ring_buffer_debug_info {
	u32 current_interrupt_mask;
	u32 current_read_index;
	u32 current_write_index;
	u32 bytes_avail_toread;
	u32 bytes_avail_towrite;
	u32 current_pending_send_sz;
	u32 corrupt_count;
};

#endif /* _VMBC_RING_BUFFER_H */
