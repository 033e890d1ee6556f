// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc ring: one direction of a VMBus ring buffer.
 *
 * Implementation notes
 *
 * Layout. A ring is a 4 KiB header page and a data area of whole pages.
 * The view maps the header, then the data pages, then the data pages once
 * more, so that the bytes from any index onwards are contiguous for a full
 * data area: every packet, wrapped or not, is one memcpy in and one out.
 * Indices are byte offsets into the data area, multiples of 8. Empty is
 * read == write; a writer needs strictly more free space than its packet,
 * so a full ring never looks empty.
 *
 * Trust. The other side owns one index and may write anything into the
 * shared header and into the packets it writes. Each of its fields is read
 * once with READ_ONCE() into a local, validated, and only the local is used
 * afterwards. Our own index lives in private memory (priv_write_index,
 * pub_read_index) and is never read back. A violation sets the view's
 * sticky @broken flag, records the first fault, counts it, and fails the
 * operation; nothing is clamped into a value that looks valid. The values
 * that can only decide whether to signal (interrupt_mask, pending_send_sz)
 * are not errors: any non-zero mask means "masked", and a pending_send_sz
 * that no free space can exceed simply never triggers a signal.
 *
 * Locking. Writers of one view may run concurrently (a channel may be sent
 * on from several CPUs): they serialise on @ring_lock with interrupts
 * saved, because a channel callback may send from interrupt context. A
 * caller that is the only writer by its own design says so
 * (VMBC_RING_NOLOCK) and the lock is skipped. The
 * reader side has exactly one user, the channel callback, and takes no
 * lock. Setup and teardown hold @ring_buffer_mutex only against the sysfs
 * reader of vmbc_ring_get_debuginfo(); the caller guarantees that no I/O
 * runs while the ring is mapped or unmapped.
 *
 * Signals. The ring never signals: writes report VMBC_RING_EV_SIGNAL when
 * the reader must be woken (the ring was empty before the write and the
 * reader's interrupt_mask was clear), vmbc_ring_iter_close() returns true
 * when free space crossed the writer's pending_send_sz. The caller counts
 * and signals.
 */
#include <linux/align.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/reciprocal_div.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>
#include <asm/barrier.h>
#include <kunit/visibility.h>

#include <vmbc/ring.h>

/* The header page is one Hyper-V page, and the mapping is built of pages. */
static_assert(sizeof(struct hv_ring_buffer) == HV_HYP_PAGE_SIZE);
static_assert(PAGE_SIZE == HV_HYP_PAGE_SIZE);

/* Keeps index + packet arithmetic far from u32 overflow. */
#define RING_MAX_DATA_BYTES	SZ_1G
/* len8 is a u16: the longest packet the descriptor can describe. */
#define RING_MAX_PACKET		(U16_MAX * 8U)

static bool index_ok(u32 idx, u32 dsize)
{
	return idx < dsize && IS_ALIGNED(idx, 8);
}

/* Bytes from @from forward to @to. */
static u32 ring_dist(u32 from, u32 to, u32 dsize)
{
	return to >= from ? to - from : dsize - from + to;
}

/* Free bytes for a writer at @wi when the reader is at @ri. */
static u32 ring_free(u32 wi, u32 ri, u32 dsize)
{
	return ri > wi ? ri - wi : dsize - (wi - ri);
}

static u32 ring_add(u32 idx, u32 n, u32 dsize)
{
	idx += n;
	return idx >= dsize ? idx - dsize : idx;
}

static int ring_fault(struct hv_ring_buffer_info *rbi,
		      enum vmbc_ring_fault fault, int err)
{
	if (!rbi->broken) {
		rbi->fault = fault;
		WRITE_ONCE(rbi->broken, true);
	}
	WRITE_ONCE(rbi->corrupt_count, rbi->corrupt_count + 1);
	return err;
}

/* ------------------------------------------------------------------ */
/* Setup and teardown                                                  */

/**
 * vmbc_ring_pre_init() - prepare a view's locks, once per channel
 * @rbi: the ring view.
 *
 * The mutex must exist before sysfs can look at the ring, so this runs
 * when the channel is allocated, not when it is opened.
 *
 * Context: any.
 */
void vmbc_ring_pre_init(struct hv_ring_buffer_info *rbi)
{
	spin_lock_init(&rbi->ring_lock);
	mutex_init(&rbi->ring_buffer_mutex);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_ring_pre_init);

static int ring_map(struct hv_ring_buffer_info *rbi, struct page **pages,
		    u32 page_cnt, u32 max_pkt_size)
{
	struct page **map;
	u32 data_pages, dsize, i;
	void *va;

	if (page_cnt < 2 || page_cnt - 1 > RING_MAX_DATA_BYTES / PAGE_SIZE)
		return -EINVAL;
	data_pages = page_cnt - 1;
	dsize = data_pages * PAGE_SIZE;

	map = kcalloc(1 + 2 * data_pages, sizeof(*map), GFP_KERNEL);
	if (!map)
		return -ENOMEM;
	map[0] = pages[0];
	for (i = 0; i < data_pages; i++) {
		map[1 + i] = pages[1 + i];
		map[1 + data_pages + i] = pages[1 + i];
	}
	va = vmap(map, 1 + 2 * data_pages, VM_MAP,
		  pgprot_decrypted(PAGE_KERNEL));
	kfree(map);
	if (!va)
		return -ENOMEM;

	rbi->ring_size = page_cnt * PAGE_SIZE;
	rbi->ring_size_div10_reciprocal = reciprocal_value(rbi->ring_size / 10);
	rbi->ring_datasize = dsize;
	rbi->ring_data = (u8 *)va + HV_HYP_PAGE_SIZE;
	if (!max_pkt_size || max_pkt_size > dsize - VMBC_RING_TRAILER_SIZE)
		max_pkt_size = dsize - VMBC_RING_TRAILER_SIZE;
	rbi->max_pkt_size = max_pkt_size;
	rbi->out_full = false;
	rbi->rd_pkt_len = 0;
	rbi->broken = false;
	rbi->fault = VMBC_RING_FAULT_NONE;
	rbi->corrupt_count = 0;

	mutex_lock(&rbi->ring_buffer_mutex);
	rbi->ring_buffer = va;
	mutex_unlock(&rbi->ring_buffer_mutex);
	return 0;
}

/**
 * vmbc_ring_init() - map a new ring and reset it
 * @rbi: the ring view, vmbc_ring_pre_init() done.
 * @pages: the header page, then the data pages; they need not be
 *	contiguous. The ring does not own them.
 * @page_cnt: entries of @pages, at least 2.
 * @max_pkt_size: largest packet this view accepts on read, descriptor
 *	included; 0 for anything the data area can hold.
 *
 * Zeroes the whole ring (header and data: the pages may come straight from
 * a change of encryption state, and the other side must never see stale
 * guest memory) and advertises the pending-send-size feature.
 *
 * Context: process; may sleep. No I/O on the view.
 * Return: 0, -EINVAL for a bad page count, -ENOMEM.
 */
int vmbc_ring_init(struct hv_ring_buffer_info *rbi, struct page **pages,
		   u32 page_cnt, u32 max_pkt_size)
{
	int ret;

	ret = ring_map(rbi, pages, page_cnt, max_pkt_size);
	if (ret)
		return ret;
	memset(rbi->ring_buffer, 0, HV_HYP_PAGE_SIZE);
	memset(rbi->ring_data, 0, rbi->ring_datasize);
	rbi->ring_buffer->feature_bits.value = HV_RING_FEAT_PENDING_SEND_SZ;
	rbi->feature_bits = HV_RING_FEAT_PENDING_SEND_SZ;
	rbi->priv_write_index = 0;
	rbi->pub_write_index = 0;
	rbi->priv_read_index = 0;
	rbi->pub_read_index = 0;
	rbi->rd_write_snap = 0;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_ring_init);

/**
 * vmbc_ring_attach() - map a ring the other side initialised
 * @rbi: the ring view, vmbc_ring_pre_init() done.
 * @pages: as for vmbc_ring_init().
 * @page_cnt: entries of @pages.
 * @max_pkt_size: as for vmbc_ring_init().
 *
 * For a host model (or a benchmark's host thread): a second view of the
 * same pages that starts from the indices found in the header, read once
 * and validated, and honours the feature bits found there.
 *
 * Context: process; may sleep. No I/O on the view.
 * Return: 0, -EINVAL, -ENOMEM, or -EIO for an index out of range.
 */
int vmbc_ring_attach(struct hv_ring_buffer_info *rbi, struct page **pages,
		     u32 page_cnt, u32 max_pkt_size)
{
	struct hv_ring_buffer *rb;
	u32 wi, ri;
	int ret;

	ret = ring_map(rbi, pages, page_cnt, max_pkt_size);
	if (ret)
		return ret;
	rb = rbi->ring_buffer;
	wi = READ_ONCE(rb->write_index);
	ri = READ_ONCE(rb->read_index);
	if (!index_ok(wi, rbi->ring_datasize) ||
	    !index_ok(ri, rbi->ring_datasize)) {
		vmbc_ring_uninit(rbi);
		return -EIO;
	}
	rbi->feature_bits = READ_ONCE(rb->feature_bits.value);
	rbi->priv_write_index = wi;
	rbi->pub_write_index = wi;
	rbi->priv_read_index = ri;
	rbi->pub_read_index = ri;
	rbi->rd_write_snap = ri;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_ring_attach);

/**
 * vmbc_ring_uninit() - unmap a view's ring
 * @rbi: the ring view; may be unmapped already.
 *
 * The pages stay the caller's.
 *
 * Context: process; may sleep. No I/O on the view.
 */
void vmbc_ring_uninit(struct hv_ring_buffer_info *rbi)
{
	void *va;

	mutex_lock(&rbi->ring_buffer_mutex);
	va = rbi->ring_buffer;
	rbi->ring_buffer = NULL;
	rbi->ring_data = NULL;
	mutex_unlock(&rbi->ring_buffer_mutex);
	if (va)
		vunmap(va);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_ring_uninit);

/* ------------------------------------------------------------------ */
/* Writer                                                              */

/*
 * Length of one outbound packet, checking the caller's own descriptor so
 * that a guest bug is reported here and not by a host dropping the channel.
 */
static int out_len(const struct vmbc_ring_out *o, u32 *len)
{
	const struct vmpacket_descriptor *d;
	size_t total = 0;
	u32 i;

	if (unlikely(!o->kv_count || o->kv[0].iov_len < VMBC_RING_DESC_SIZE))
		return -EINVAL;
	for (i = 0; i < o->kv_count; i++)
		total += o->kv[i].iov_len;
	if (unlikely(total > RING_MAX_PACKET))
		return -EMSGSIZE;
	d = o->kv[0].iov_base;
	if (unlikely(d->len8 != ALIGN(total, 8) / 8 || d->offset8 < 2 ||
		     d->offset8 > d->len8))
		return -EINVAL;
	*len = total;
	return 0;
}

/* One packet at @dst: the gather list, zero padding, the trailer. */
static void out_copy(u8 *dst, const struct vmbc_ring_out *o, u32 len,
		     u32 start)
{
	u32 padded = ALIGN(len, 8);
	u32 i;

	for (i = 0; i < o->kv_count; i++) {
		/* a descriptor alone: a fixed-size copy the compiler inlines */
		if (o->kv[i].iov_len == VMBC_RING_DESC_SIZE)
			memcpy(dst, o->kv[i].iov_base, VMBC_RING_DESC_SIZE);
		else if (o->kv[i].iov_len)
			memcpy(dst, o->kv[i].iov_base, o->kv[i].iov_len);
		dst += o->kv[i].iov_len;
	}
	if (padded != len)
		memset(dst, 0, padded - len);
	*(u64 *)(dst + padded - len) = (u64)start << 32;
}

/*
 * Write what fits of @out (the caller excludes other writers), and
 * publish the write index unless VMBC_RING_MORE holds it back. *@pub_from
 * is the index published before, or U32_MAX when nothing was published.
 * Inlined into its one caller's two branches (locked, not locked): a
 * single-packet send, the driver's path, runs 7% fewer instructions
 * (callgrind, tools/ring's bench).
 */
static __always_inline int ring_fill(struct hv_ring_buffer_info *rbi,
				     const struct vmbc_ring_out *out,
				     u32 count, u32 flags, u32 *ev,
				     u32 *pub_from)
{
	struct hv_ring_buffer *rb = rbi->ring_buffer;
	u32 dsize = rbi->ring_datasize;
	u32 wi, ri, space, n;
	int ret = 0;

	*pub_from = U32_MAX;
	if (unlikely(rbi->broken))
		return -EIO;
	/*
	 * Acquire pairs with the reader's release of read_index in
	 * vmbc_ring_iter_close(): the reader's loads of the bytes it gives
	 * back are done before we overwrite them.
	 */
	ri = virt_load_acquire(&rb->read_index);
	if (unlikely(!index_ok(ri, dsize)))
		return ring_fault(rbi, VMBC_RING_FAULT_READ_INDEX, -EIO);
	wi = rbi->priv_write_index;
	space = ring_free(wi, ri, dsize);
	for (n = 0; n < count; n++) {
		u32 len, need;

		ret = out_len(&out[n], &len);
		if (unlikely(ret))
			break;
		need = vmbc_ring_packet_bytes(len);
		if (unlikely(need >= dsize)) {
			ret = -EMSGSIZE;
			break;
		}
		if (need >= space) {
			ret = -EAGAIN;
			break;
		}
		out_copy(rbi->ring_data + wi, &out[n], len, wi);
		wi = ring_add(wi, need, dsize);
		space -= need;
	}
	if (n) {
		rbi->out_full = false;
		WRITE_ONCE(rbi->priv_write_index, wi);
	} else if (ret == -EAGAIN) {
		*ev = VMBC_RING_EV_FULL;
		if (!rbi->out_full)
			*ev |= VMBC_RING_EV_FULL_FIRST;
		rbi->out_full = true;
	}
	/*
	 * Held back (more follows), unless the ring is full: the reader
	 * cannot drain packets it cannot see, so those go out now.
	 */
	if ((flags & VMBC_RING_MORE) && ret != -EAGAIN)
		return n ? n : ret;
	if (rbi->priv_write_index != rbi->pub_write_index) {
		*pub_from = rbi->pub_write_index;
		rbi->pub_write_index = rbi->priv_write_index;
		/*
		 * Release pairs with the reader's acquire of write_index in
		 * vmbc_ring_iter_first(): the packets are complete before the
		 * index covers them.
		 */
		virt_store_release(&rb->write_index, rbi->pub_write_index);
	}
	return n ? n : ret;
}

/*
 * After publishing from @from: does the reader need a signal? Only if it
 * had read everything before (read_index at @from: the ring looked empty
 * to it) and its interrupt_mask is clear.
 */
static bool ring_signal_needed(struct hv_ring_buffer_info *rbi, u32 from)
{
	struct hv_ring_buffer *rb = rbi->ring_buffer;

	/*
	 * Store-load fence between publishing write_index and reading the
	 * reader's state; pairs with the virt_mb() in vmbc_ring_intr_unmask()
	 * between clearing interrupt_mask and re-reading write_index. Either
	 * the reader's re-check sees our packets, or we see its clear mask.
	 */
	virt_mb();
	if (READ_ONCE(rb->interrupt_mask))
		return false;
	/*
	 * Mask before read_index; pairs with the virt_wmb() in
	 * vmbc_ring_intr_unmask(), which orders the reader's last read_index
	 * before its clearing of the mask.
	 */
	virt_rmb();
	return READ_ONCE(rb->read_index) == from;
}

/**
 * vmbc_ring_write_flags() - write packets, publishing once
 * @rbi: the writer's view.
 * @out: the packets, each a gather list starting with its descriptor.
 * @count: entries of @out; 0 only publishes what VMBC_RING_MORE held back.
 * @events: set to VMBC_RING_EV_* for the caller to count and act on.
 * @flags: VMBC_RING_MORE: more packets follow soon; write these but do
 *	not publish the write index nor decide a signal yet (the next call
 *	without it does both, for everything held back). A full ring
 *	publishes at once whatever was held back. VMBC_RING_NOLOCK: the
 *	caller guarantees that nobody else writes this view meanwhile; the
 *	ring's lock is not taken.
 *
 * Writes as many packets, in order, as fit (each needs strictly more free
 * space than vmbc_ring_packet_bytes() of its length), publishes the write
 * index once, and decides once whether the reader needs a signal: only if
 * the ring looked empty to it when the index was last published and its
 * interrupt_mask is clear. VMBC_RING_EV_FULL (and _FULL_FIRST on the first
 * such call since a write succeeded) is reported only when nothing could
 * be written.
 *
 * Context: any; without VMBC_RING_NOLOCK takes @rbi->ring_lock with
 * interrupts saved.
 * Return: the number of packets written (a short count when the ring
 * filled up or a later packet is invalid; 0 for @count 0), or -EAGAIN when
 * the first did not fit, -EMSGSIZE when it never can, -EINVAL for a
 * malformed gather list or descriptor, -EIO when the ring is (or is found)
 * corrupt.
 */
int vmbc_ring_write_flags(struct hv_ring_buffer_info *rbi,
			  const struct vmbc_ring_out *out, u32 count,
			  u32 *events, u32 flags)
{
	unsigned long irqflags;
	u32 ev = 0, from;
	int ret;

	if (flags & VMBC_RING_NOLOCK) {
		ret = ring_fill(rbi, out, count, flags, &ev, &from);
	} else {
		spin_lock_irqsave(&rbi->ring_lock, irqflags);
		ret = ring_fill(rbi, out, count, flags, &ev, &from);
		spin_unlock_irqrestore(&rbi->ring_lock, irqflags);
	}
	if (from != U32_MAX && ring_signal_needed(rbi, from))
		ev |= VMBC_RING_EV_SIGNAL;
	*events = ev;
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_ring_write_flags);

/**
 * vmbc_ring_write_batch() - write packets with one lock and one barrier
 * @rbi: the writer's view.
 * @out: the packets, each a gather list starting with its descriptor.
 * @count: entries of @out, at least 1.
 * @events: set to VMBC_RING_EV_* for the caller to count and act on.
 *
 * vmbc_ring_write_flags() without flags.
 *
 * Context: any; takes @rbi->ring_lock with interrupts saved.
 * Return: as vmbc_ring_write_flags(); -EINVAL for @count 0.
 */
int vmbc_ring_write_batch(struct hv_ring_buffer_info *rbi,
			  const struct vmbc_ring_out *out, u32 count,
			  u32 *events)
{
	*events = 0;
	if (unlikely(!count))
		return -EINVAL;
	return vmbc_ring_write_flags(rbi, out, count, events, 0);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_ring_write_batch);

/**
 * vmbc_ring_write() - write one packet
 * @rbi: the writer's view.
 * @kv: the packet's gather list, starting with the caller's descriptor
 *	(type, offset8, len8 = padded length / 8, flags, trans_id; all 16
 *	bytes in @kv[0]). ring.c adds the zero padding and the trailer.
 * @kv_count: entries of @kv.
 * @events: set to VMBC_RING_EV_* for the caller to count and act on.
 *
 * Linux v5.2's hv_ringbuffer_write() without the channel: see
 * vmbc_ring_write_batch().
 *
 * Context: any; takes @rbi->ring_lock with interrupts saved.
 * Return: 0, -EAGAIN when the ring is full, -EMSGSIZE, -EINVAL, -EIO.
 */
int vmbc_ring_write(struct hv_ring_buffer_info *rbi, const struct kvec *kv,
		    u32 kv_count, u32 *events)
{
	struct vmbc_ring_out o = { .kv = kv, .kv_count = kv_count };
	int ret;

	ret = vmbc_ring_write_batch(rbi, &o, 1, events);
	return ret < 0 ? ret : 0;
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_ring_write);

/**
 * vmbc_ring_request_space() - ask the reader for a signal when space frees
 * @rbi: the writer's view.
 * @bytes: the free space wanted, as vmbc_ring_packet_bytes() counts it.
 *
 * Sets pending_send_sz: the reader signals once free space goes from at
 * most @bytes to more than @bytes. Then re-checks, so that space freed
 * just before the request is not waited for in vain.
 *
 * Context: any; takes @rbi->ring_lock with interrupts saved.
 * Return: true when the space is already there: retry now, expect no
 * signal. False: wait for the signal.
 */
bool vmbc_ring_request_space(struct hv_ring_buffer_info *rbi, u32 bytes)
{
	struct hv_ring_buffer *rb = rbi->ring_buffer;
	unsigned long flags;
	bool ready;
	u32 ri;

	spin_lock_irqsave(&rbi->ring_lock, flags);
	/*
	 * Our last write_index before the request; pairs with the virt_rmb()
	 * in vmbc_ring_iter_close() between reading the two.
	 */
	virt_wmb();
	WRITE_ONCE(rb->pending_send_sz, bytes);
	/*
	 * Store-load fence; pairs with the virt_mb() in
	 * vmbc_ring_iter_close(): either the reader sees this request after
	 * publishing its index, or we see that index here.
	 */
	virt_mb();
	ri = READ_ONCE(rb->read_index);
	/* A bad index is left for the next write to detect and report. */
	/* read once: a VMBC_RING_NOLOCK writer does not take our lock */
	ready = !index_ok(ri, rbi->ring_datasize) || rbi->broken ||
		ring_free(READ_ONCE(rbi->priv_write_index), ri,
			  rbi->ring_datasize) > bytes;
	spin_unlock_irqrestore(&rbi->ring_lock, flags);
	return ready;
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_ring_request_space);

/**
 * vmbc_ring_cancel_space() - withdraw a vmbc_ring_request_space()
 * @rbi: the writer's view.
 *
 * Context: any.
 */
void vmbc_ring_cancel_space(struct hv_ring_buffer_info *rbi)
{
	WRITE_ONCE(rbi->ring_buffer->pending_send_sz, 0);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_ring_cancel_space);

/**
 * vmbc_ring_bytes_to_write() - free space as the writer sees it
 * @rbi: the writer's view.
 *
 * Context: any.
 * Return: free bytes (a packet needs strictly more than its size), 0 when
 * the reader's index is invalid.
 */
u32 vmbc_ring_bytes_to_write(const struct hv_ring_buffer_info *rbi)
{
	u32 ri = READ_ONCE(rbi->ring_buffer->read_index);

	if (!index_ok(ri, rbi->ring_datasize))
		return 0;
	return ring_free(READ_ONCE(rbi->priv_write_index), ri,
			 rbi->ring_datasize);
}
EXPORT_SYMBOL_GPL(vmbc_ring_bytes_to_write);

/* ------------------------------------------------------------------ */
/* Reader: the single reader of a view, no lock                        */

/**
 * vmbc_ring_iter_first() - the packet at the iterator's position
 * @rbi: the reader's view.
 * @pkt: filled with the validated packet.
 *
 * hv_pkt_iter_first(): returns the same packet until vmbc_ring_iter_next()
 * moves past it; nothing is given back before vmbc_ring_iter_close(). The
 * descriptor is snapshot once and validated; only the snapshot is decided
 * on, as the ring bytes may change under us at any time.
 *
 * Context: the view's single reader.
 * Return: 0 with @pkt filled, -EAGAIN when there is nothing to read,
 * -EIO for a corrupt index or a broken ring, -EBADMSG for a corrupt
 * packet.
 */
int vmbc_ring_iter_first(struct hv_ring_buffer_info *rbi,
			 struct vmbc_ring_pkt *pkt)
{
	u32 dsize = rbi->ring_datasize;
	u32 ri = rbi->priv_read_index;
	u32 wi = rbi->rd_write_snap;
	u32 avail, off, len, hdr, cnt;
	u16 type, flags;
	const u8 *p;
	u64 w0, w1;
	bool ranges;

	if (unlikely(READ_ONCE(rbi->broken)))
		return -EIO;
	if (ri == wi) {
		/*
		 * Everything up to the last snapshot is consumed: load the
		 * writer's index again. Acquire pairs with the writer's
		 * release in vmbc_ring_write_batch(): the packet bytes are
		 * read after the index that covers them.
		 */
		wi = virt_load_acquire(&rbi->ring_buffer->write_index);
		if (unlikely(!index_ok(wi, dsize)))
			return ring_fault(rbi, VMBC_RING_FAULT_WRITE_INDEX,
					  -EIO);
		rbi->rd_write_snap = wi;
		if (ri == wi)
			return -EAGAIN;
	}
	avail = ring_dist(ri, wi, dsize);
	if (unlikely(avail < VMBC_RING_MIN_PACKET))
		return ring_fault(rbi, VMBC_RING_FAULT_SHORT, -EBADMSG);

	p = rbi->ring_data + ri;
	w0 = READ_ONCE(*(const u64 *)p);
	w1 = READ_ONCE(*(const u64 *)(p + 8));
	type = w0 & 0xffff;
	off = ((w0 >> 16) & 0xffff) * 8;
	len = ((w0 >> 32) & 0xffff) * 8;
	flags = w0 >> 48;

	if (unlikely(off < VMBC_RING_DESC_SIZE || off > len))
		return ring_fault(rbi, VMBC_RING_FAULT_OFFSET, -EBADMSG);
	if (unlikely(len > avail - VMBC_RING_TRAILER_SIZE))
		return ring_fault(rbi, VMBC_RING_FAULT_LENGTH, -EBADMSG);
	if (unlikely(len > rbi->max_pkt_size))
		return ring_fault(rbi, VMBC_RING_FAULT_TOO_BIG, -EBADMSG);

	switch (type) {
	case VM_PKT_DATA_INBAND:
	case VM_PKT_COMP:
		hdr = VMBC_RING_DESC_SIZE;
		ranges = false;
		break;
	case VM_PKT_DATA_USING_GPADL:
		hdr = VMBUS_PKT_RANGE_HEADER_SIZE;
		ranges = false;
		break;
	case VM_PKT_DATA_USING_XFER_PAGES:
	case VM_PKT_DATA_USING_GPA_DIRECT:
		hdr = VMBUS_PKT_RANGE_HEADER_SIZE;
		ranges = true;
		break;
	default:
		return ring_fault(rbi, VMBC_RING_FAULT_TYPE, -EBADMSG);
	}
	if (unlikely(flags & ~VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED))
		return ring_fault(rbi, VMBC_RING_FAULT_FLAGS, -EBADMSG);
	if (unlikely(off < hdr))
		return ring_fault(rbi, VMBC_RING_FAULT_RANGES, -EBADMSG);
	cnt = 0;
	if (ranges) {
		/* range_cnt is the upper half of the header's third word */
		cnt = READ_ONCE(*(const u64 *)(p + 16)) >> 32;
		if (unlikely((u64)cnt * sizeof(struct vmtransfer_page_range) >
			     off - VMBUS_PKT_RANGE_HEADER_SIZE))
			return ring_fault(rbi, VMBC_RING_FAULT_RANGES,
					  -EBADMSG);
	}

	pkt->desc.type = type;
	pkt->desc.offset8 = off / 8;
	pkt->desc.len8 = len / 8;
	pkt->desc.flags = flags;
	pkt->desc.trans_id = w1;
	pkt->range_cnt = cnt;
	pkt->pkt = p;
	pkt->data = p + off;
	pkt->pktlen = len;
	pkt->datalen = len - off;
	rbi->rd_pkt_len = len + VMBC_RING_TRAILER_SIZE;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_ring_iter_first);

static void ring_advance(struct hv_ring_buffer_info *rbi)
{
	/* rd_pkt_len is our validated copy, never the ring's len8 again */
	rbi->priv_read_index = ring_add(rbi->priv_read_index, rbi->rd_pkt_len,
					rbi->ring_datasize);
	rbi->rd_pkt_len = 0;
}

/**
 * vmbc_ring_iter_next() - move past the current packet, return the next
 * @rbi: the reader's view.
 * @pkt: filled with the next validated packet.
 *
 * Moves past the packet the iterator last returned (by its validated
 * length) and then behaves as vmbc_ring_iter_first().
 *
 * Context: the view's single reader.
 * Return: as vmbc_ring_iter_first().
 */
int vmbc_ring_iter_next(struct hv_ring_buffer_info *rbi,
			struct vmbc_ring_pkt *pkt)
{
	ring_advance(rbi);
	return vmbc_ring_iter_first(rbi, pkt);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_ring_iter_next);

/**
 * vmbc_ring_iter_close() - give the packets moved past back to the writer
 * @rbi: the reader's view.
 *
 * Publishes read_index once for the whole batch. If the writer asked for
 * space (pending_send_sz) and this batch moved free space from at most
 * that to more than that, the writer must be signalled: only on that
 * transition, so that a writer is never signalled twice for one wait.
 *
 * Context: the view's single reader.
 * Return: true when the caller must signal the writer (count it as
 * intr_in_full).
 */
bool vmbc_ring_iter_close(struct hv_ring_buffer_info *rbi)
{
	struct hv_ring_buffer *rb = rbi->ring_buffer;
	u32 dsize = rbi->ring_datasize;
	u32 start = rbi->pub_read_index;
	u32 end = rbi->priv_read_index;
	u32 pending, wi;

	if (start == end || READ_ONCE(rbi->broken))
		return false;
	/*
	 * Release pairs with the writer's acquire of read_index in
	 * vmbc_ring_write_batch(): our loads of these packets (and the
	 * caller's in-place reads) complete before the writer may reuse the
	 * bytes.
	 */
	virt_store_release(&rb->read_index, end);
	rbi->pub_read_index = end;
	/*
	 * Store-load fence; pairs with the virt_mb() in
	 * vmbc_ring_request_space(): either the writer's re-check sees our
	 * new index, or we see its pending_send_sz below.
	 */
	virt_mb();
	if (!(rbi->feature_bits & HV_RING_FEAT_PENDING_SEND_SZ))
		return false;
	pending = READ_ONCE(rb->pending_send_sz);
	if (!pending)
		return false;
	/*
	 * pending_send_sz before write_index; pairs with the virt_wmb() in
	 * vmbc_ring_request_space().
	 */
	virt_rmb();
	wi = READ_ONCE(rb->write_index);
	if (unlikely(!index_ok(wi, dsize))) {
		ring_fault(rbi, VMBC_RING_FAULT_WRITE_INDEX, -EIO);
		return false;
	}
	/* Only the transition: blocked before this batch, unblocked after. */
	return ring_free(wi, start, dsize) <= pending &&
	       ring_free(wi, end, dsize) > pending;
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_ring_iter_close);

static int ring_read(struct hv_ring_buffer_info *rbi, void *buf, u32 buflen,
		     u32 *actual_len, u64 *requestid, bool *signal, bool raw)
{
	struct vmbc_ring_pkt pkt;
	u32 n;
	int ret;

	*signal = false;
	*actual_len = 0;
	*requestid = 0;
	if (unlikely(!buflen))
		return -EINVAL;
	ret = vmbc_ring_iter_first(rbi, &pkt);
	if (ret == -EAGAIN)
		return 0;
	if (ret)
		return ret;
	*requestid = pkt.desc.trans_id;
	n = raw ? pkt.pktlen : pkt.datalen;
	*actual_len = n;
	if (n > buflen)
		return -ENOBUFS;
	if (raw) {
		memcpy(buf, pkt.pkt, n);
		/* hand out the validated header, not what the ring holds now */
		memcpy(buf, &pkt.desc, sizeof(pkt.desc));
		if (pkt.desc.type == VM_PKT_DATA_USING_XFER_PAGES ||
		    pkt.desc.type == VM_PKT_DATA_USING_GPA_DIRECT)
			memcpy((u8 *)buf + offsetof(struct vmdata_gpa_direct,
						    range_cnt),
			       &pkt.range_cnt, sizeof(pkt.range_cnt));
	} else {
		memcpy(buf, pkt.data, n);
	}
	ring_advance(rbi);
	*signal = vmbc_ring_iter_close(rbi);
	return 0;
}

/**
 * vmbc_ring_read() - copy one packet's payload out
 * @rbi: the reader's view.
 * @buf: the destination.
 * @buflen: bytes of @buf, not 0.
 * @actual_len: set to the payload's length (0 when the ring is empty).
 * @requestid: set to the packet's trans_id.
 * @signal: set when the caller must signal the writer (intr_in_full).
 *
 * vmbus_recvpacket() semantics: a packet too large for @buf stays in the
 * ring and its length is reported.
 *
 * Context: the view's single reader; not within an iterator batch.
 * Return: 0 (also when empty), -ENOBUFS, -EINVAL, -EIO, -EBADMSG.
 */
int vmbc_ring_read(struct hv_ring_buffer_info *rbi, void *buf, u32 buflen,
		   u32 *actual_len, u64 *requestid, bool *signal)
{
	return ring_read(rbi, buf, buflen, actual_len, requestid, signal,
			 false);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_ring_read);

/**
 * vmbc_ring_read_raw() - copy one whole packet out, descriptor included
 * @rbi: the reader's view.
 * @buf: the destination.
 * @buflen: bytes of @buf, not 0.
 * @actual_len: set to the packet's length (0 when the ring is empty).
 * @requestid: set to the packet's trans_id.
 * @signal: set when the caller must signal the writer (intr_in_full).
 *
 * vmbus_recvpacket_raw() semantics. The descriptor (and the range count of
 * a range packet) in @buf is the validated copy.
 *
 * Context: the view's single reader; not within an iterator batch.
 * Return: as vmbc_ring_read().
 */
int vmbc_ring_read_raw(struct hv_ring_buffer_info *rbi, void *buf,
		       u32 buflen, u32 *actual_len, u64 *requestid,
		       bool *signal)
{
	return ring_read(rbi, buf, buflen, actual_len, requestid, signal,
			 true);
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_ring_read_raw);

/**
 * vmbc_ring_intr_mask() - tell the writer not to signal while we drain
 * @rbi: the reader's view.
 *
 * No barrier: a writer that does not see the mask yet signals once more,
 * which is allowed, never less.
 *
 * Context: the view's single reader.
 */
void vmbc_ring_intr_mask(struct hv_ring_buffer_info *rbi)
{
	WRITE_ONCE(rbi->ring_buffer->interrupt_mask, 1);
}
EXPORT_SYMBOL_GPL(vmbc_ring_intr_mask);

/**
 * vmbc_ring_intr_unmask() - ask for signals again, and re-check
 * @rbi: the reader's view.
 *
 * Call after vmbc_ring_iter_close(). A packet written between the last
 * read and the unmask raised no signal (the writer saw the mask), so the
 * caller must drain again when this returns true, or it would sleep on
 * data.
 *
 * Context: the view's single reader.
 * Return: true when there is something to read after all (or a write_index
 * the next read will reject); never for a broken ring, which has nothing
 * more to give.
 */
bool vmbc_ring_intr_unmask(struct hv_ring_buffer_info *rbi)
{
	struct hv_ring_buffer *rb = rbi->ring_buffer;

	if (READ_ONCE(rbi->broken))
		return false;

	/*
	 * Our last read_index before the mask; pairs with the virt_rmb() in
	 * vmbc_ring_write_batch() between reading the mask and read_index.
	 */
	virt_wmb();
	WRITE_ONCE(rb->interrupt_mask, 0);
	/*
	 * Store-load fence; pairs with the writer's virt_mb() after it
	 * publishes write_index: either we see its index here, or it sees
	 * the clear mask and signals.
	 */
	virt_mb();
	return READ_ONCE(rb->write_index) != rbi->priv_read_index;
}
EXPORT_SYMBOL_GPL(vmbc_ring_intr_unmask);

/**
 * vmbc_ring_bytes_to_read() - bytes written and not yet read
 * @rbi: the reader's view.
 *
 * Context: the view's single reader.
 * Return: bytes after the iterator's position, 0 when the writer's index
 * is invalid.
 */
u32 vmbc_ring_bytes_to_read(const struct hv_ring_buffer_info *rbi)
{
	u32 wi = READ_ONCE(rbi->ring_buffer->write_index);

	if (!index_ok(wi, rbi->ring_datasize))
		return 0;
	return ring_dist(rbi->priv_read_index, wi, rbi->ring_datasize);
}
EXPORT_SYMBOL_GPL(vmbc_ring_bytes_to_read);

/* ------------------------------------------------------------------ */
/* Debug                                                               */

/**
 * vmbc_ring_get_debuginfo() - the ring's shared state, for sysfs
 * @rbi: the ring view.
 * @info: filled with the indices, mask and sizes as the header holds them.
 *
 * Context: process; takes @rbi->ring_buffer_mutex.
 * Return: 0, or -EINVAL when the ring is not mapped.
 */
int vmbc_ring_get_debuginfo(struct hv_ring_buffer_info *rbi,
			    struct hv_ring_buffer_debug_info *info)
{
	struct hv_ring_buffer *rb;
	u32 dsize, ri, wi;

	memset(info, 0, sizeof(*info));
	mutex_lock(&rbi->ring_buffer_mutex);
	rb = rbi->ring_buffer;
	if (!rb) {
		mutex_unlock(&rbi->ring_buffer_mutex);
		return -EINVAL;
	}
	dsize = rbi->ring_datasize;
	ri = READ_ONCE(rb->read_index);
	wi = READ_ONCE(rb->write_index);
	info->current_interrupt_mask = READ_ONCE(rb->interrupt_mask);
	info->current_read_index = ri;
	info->current_write_index = wi;
	info->current_pending_send_sz = READ_ONCE(rb->pending_send_sz);
	if (index_ok(ri, dsize) && index_ok(wi, dsize)) {
		info->bytes_avail_toread = ring_dist(ri, wi, dsize);
		info->bytes_avail_towrite = dsize - info->bytes_avail_toread;
	}
	info->corrupt_count = READ_ONCE(rbi->corrupt_count);
	mutex_unlock(&rbi->ring_buffer_mutex);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(vmbc_ring_get_debuginfo);
