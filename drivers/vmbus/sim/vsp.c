// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim: helpers of the device models that serve requests (vsp.h).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include "host_ring.h"
#include "vsp.h"

/*
 * Walk the ranges of a GPA-direct packet (@hdr, a private copy of its
 * first @hdrlen bytes): each a gpa_range whose PFNs cover byte_offset +
 * byte_count, all inside the header, each PFN guest memory. With @sg,
 * fill in the pieces. Return: NULL, or what is wrong; *@pieces and *@len
 * the totals.
 */
static const char *vmbc_sim_gpa_ranges(const u8 *hdr, u32 hdrlen, u32 ranges,
				       struct vmbc_sim_sg *sg, u32 *pieces,
				       u32 *len)
{
	u32 pos = VMBUS_PKT_RANGE_HEADER_SIZE, r, i, n, start, left, chunk;
	const struct gpa_range *range;
	u64 total = 0;

	*pieces = 0;
	for (r = 0; r < ranges; r++) {
		if (hdrlen - pos < sizeof(*range))
			return "range header beyond the packet's header";
		range = (const void *)(hdr + pos);
		if (!range->byte_count || range->byte_offset >= PAGE_SIZE)
			return "empty range, or offset beyond its first page";
		n = DIV_ROUND_UP((u64)range->byte_offset + range->byte_count,
				 PAGE_SIZE);
		if ((hdrlen - pos - sizeof(*range)) / sizeof(u64) < n)
			return "PFNs beyond the packet's header";
		total += range->byte_count;
		if (total > U32_MAX)
			return "more than 4 GiB";
		left = range->byte_count;
		start = range->byte_offset;
		for (i = 0; i < n; i++, start = 0) {
			if (!pfn_valid(range->pfn_array[i]))
				return "PFN of no guest memory";
			chunk = min_t(u32, left, PAGE_SIZE - start);
			if (sg) {
				sg[*pieces].pfn = range->pfn_array[i];
				sg[*pieces].offset = start;
				sg[*pieces].len = chunk;
			}
			(*pieces)++;
			left -= chunk;
		}
		pos += struct_size(range, pfn_array, n);
	}
	*len = total;
	return NULL;
}

/**
 * vmbc_sim_gbuf_from_packet() - the guest buffer a GPA-direct packet names
 * @b: filled in; vmbc_sim_gbuf_free() it after use (also on failure).
 * @pkt: the packet, VM_PKT_DATA_USING_GPA_DIRECT, validated by the
 *	iterator (its range count fits before the payload).
 *
 * The ranges are copied out of the ring once, checked, and used from the
 * copy: the guest may rewrite the ring meanwhile.
 *
 * Context: the channel's work (may sleep).
 * Return: NULL, or what is wrong with the ranges ("no memory" too).
 */
const char *vmbc_sim_gbuf_from_packet(struct vmbc_sim_gbuf *b,
				      const struct vmbc_ring_pkt *pkt)
{
	u32 hdrlen = pkt->desc.offset8 * 8, pieces, len;
	const char *why;
	u8 *hdr;

	memset(b, 0, sizeof(*b));
	b->ranges = pkt->range_cnt;
	hdr = kmemdup(pkt->pkt, hdrlen, GFP_KERNEL);
	if (!hdr)
		return "no memory for the ranges";
	why = vmbc_sim_gpa_ranges(hdr, hdrlen, pkt->range_cnt, NULL, &pieces,
				  &len);
	if (!why && pieces) {
		b->sg = kmalloc_array(pieces, sizeof(*b->sg), GFP_KERNEL);
		if (!b->sg)
			why = "no memory for the ranges";
	}
	if (!why) {
		vmbc_sim_gpa_ranges(hdr, hdrlen, pkt->range_cnt, b->sg,
				    &b->nr, &b->len);
	}
	kfree(hdr);
	return why;
}

/**
 * vmbc_sim_gbuf_free() - let go of a guest buffer's description
 * @b: as filled by vmbc_sim_gbuf_from_packet().
 */
void vmbc_sim_gbuf_free(struct vmbc_sim_gbuf *b)
{
	kfree(b->sg);
	b->sg = NULL;
	b->nr = 0;
	b->len = 0;
}

/* Copy between a page and @buf: @to_page says which way. */
static void vmbc_sim_page_copy(u64 pfn, u32 offset, void *buf, u32 len,
			       bool to_page)
{
	u8 *va = kmap_local_page(pfn_to_page(pfn));

	if (to_page)
		memcpy(va + offset, buf, len);
	else
		memcpy(buf, va + offset, len);
	kunmap_local(va);
}

/**
 * vmbc_sim_gbuf_copy() - copy between a guest buffer and the host's memory
 * @b: the guest buffer.
 * @off: where in it.
 * @buf: the host's memory.
 * @len: bytes; @off + @len must lie inside @b (the caller checked).
 * @to_guest: write the guest buffer (a read request's data); else read
 *	it.
 *
 * Context: any.
 */
void vmbc_sim_gbuf_copy(const struct vmbc_sim_gbuf *b, u32 off, void *buf,
			u32 len, bool to_guest)
{
	u8 *p = buf;
	u32 i, chunk;

	if (WARN_ON_ONCE((u64)off + len > b->len))
		return;
	for (i = 0; i < b->nr && len; i++) {
		if (off >= b->sg[i].len) {
			off -= b->sg[i].len;
			continue;
		}
		chunk = min(len, b->sg[i].len - off);
		vmbc_sim_page_copy(b->sg[i].pfn, b->sg[i].offset + off, p,
				   chunk, to_guest);
		p += chunk;
		len -= chunk;
		off = 0;
	}
}

/**
 * vmbc_sim_gpadl_copy() - copy between a GPADL's buffer and the host's
 * @g: a complete GPADL (its PFNs checked when it was created).
 * @off: where in its byte range.
 * @buf: the host's memory.
 * @len: bytes.
 * @to_guest: write the GPADL's buffer; else read it.
 *
 * Context: any; the host's mutex held, so that @g stays.
 * Return: 0, or -ERANGE when @off + @len leaves the GPADL's byte range.
 */
int vmbc_sim_gpadl_copy(const struct vmbc_sim_gpadl *g, u64 off, void *buf,
			u32 len, bool to_guest)
{
	u8 *p = buf;
	u32 chunk;
	u64 pos;

	if (off > g->byte_count || len > g->byte_count - off)
		return -ERANGE;
	pos = g->byte_offset + off;
	while (len) {
		chunk = min_t(u64, len, PAGE_SIZE - offset_in_page(pos));
		vmbc_sim_page_copy(g->pfns[pos >> PAGE_SHIFT],
				   offset_in_page(pos), p, chunk, to_guest);
		p += chunk;
		pos += chunk;
		len -= chunk;
	}
	return 0;
}

/**
 * vmbc_sim_vsp_gpadl() - a GPADL the guest established for a device
 * @dev: the device (its primary channel's, for a shared buffer).
 * @handle: the handle the guest named.
 *
 * Only a complete GPADL, made for @dev's relid and not a channel's ring,
 * counts.
 *
 * Context: the host's mutex held; the GPADL stays while it is.
 * Return: the GPADL, or NULL.
 */
struct vmbc_sim_gpadl *vmbc_sim_vsp_gpadl(struct vmbc_sim_dev *dev,
					  u32 handle)
{
	struct vmbc_sim_gpadl *g = vmbc_sim_gpadl_find(dev->chan.sim, handle);

	if (!g || !g->complete || g->orphan || g->in_use ||
	    g->relid != dev->cfg.relid)
		return NULL;
	return g;
}

/**
 * vmbc_sim_vsp_room() - is there room for what the host will write?
 * @dev: the device; its channel open.
 * @ring_bytes: the ring bytes of every packet it will write now
 *	(VMBC_SIM_VSP_PKT_BYTES() of each).
 *
 * Checked before a request has any effect, so that a request whose
 * answer must wait stays in the guest's ring and is taken again whole
 * once the guest made room: when there is none, the host asks for it
 * (pending_send_sz) and the guest's signal brings the channel's work back.
 *
 * Context: the channel's work, the host's mutex held.
 * Return: true when the packets fit.
 */
bool vmbc_sim_vsp_room(struct vmbc_sim_dev *dev, u32 ring_bytes)
{
	struct vmbc_sim_chan *chan = &dev->chan;

	if (vmbc_ring_bytes_to_write(&chan->tx) > ring_bytes)
		return true;
	chan->tx_full++;
	if (!vmbc_ring_request_space(&chan->tx, ring_bytes)) {
		chan->wait_space = true;
		return false;
	}
	/* the room came as the host asked for it */
	vmbc_ring_cancel_space(&chan->tx);
	return true;
}

/**
 * vmbc_sim_vsp_send() - write one packet into the guest's inbound ring
 * @dev: the device; its channel open.
 * @type: VM_PKT_*.
 * @flags: the descriptor's flags.
 * @trans_id: the descriptor's trans_id.
 * @hdr: what follows the descriptor before the payload (a transfer-page
 *	header), or NULL.
 * @hdrlen: its bytes, a multiple of 8.
 * @data: the payload.
 * @len: its bytes.
 * @signal: set when the write says the guest must be interrupted.
 *
 * Context: the channel's work (or the host's mutex held otherwise).
 * Return: 0; -EAGAIN when the ring is full (the host asked for room);
 * -EMSGSIZE, -EIO as vmbc_sim_chan_send().
 */
int vmbc_sim_vsp_send(struct vmbc_sim_dev *dev, u16 type, u16 flags,
		      u64 trans_id, const void *hdr, u32 hdrlen,
		      const void *data, u32 len, bool *signal)
{
	struct vmpacket_descriptor d = {
		.type = type,
		.offset8 = (sizeof(d) + hdrlen) / 8,
		.len8 = ALIGN(sizeof(d) + hdrlen + len, 8) / 8,
		.flags = flags,
		.trans_id = trans_id,
	};
	struct kvec kv[3];
	u32 n = 0;

	if (WARN_ON_ONCE(hdrlen % 8))
		return -EINVAL;
	kv[n].iov_base = &d;
	kv[n++].iov_len = sizeof(d);
	if (hdrlen) {
		kv[n].iov_base = (void *)hdr;
		kv[n++].iov_len = hdrlen;
	}
	if (len) {
		kv[n].iov_base = (void *)data;
		kv[n++].iov_len = len;
	}
	return vmbc_sim_chan_send(&dev->chan, kv, n, signal);
}

/**
 * vmbc_sim_vsp_bad() - count and log a request the guest got wrong
 * @dev: the device whose channel carried it.
 * @fmt: what was wrong.
 * @...: its arguments.
 *
 * Counted in the channel's bad_packets and as a protocol error, logged
 * rate-limited.
 *
 * Context: the host's mutex held.
 */
void vmbc_sim_vsp_bad(struct vmbc_sim_dev *dev, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	dev->chan.bad_packets++;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	vmbc_sim_protocol_error(dev->chan.sim, "relid %u: %pV",
				dev->cfg.relid, &vaf);
	va_end(args);
}
