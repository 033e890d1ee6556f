// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the ring buffer (drivers/vmbus/ring.c).
 *
 * Every test maps one ring twice over the same pages: @g, the guest's view
 * (vmbc_ring_init()), and @h, a host's view (vmbc_ring_attach()). Either
 * may be the writer; the other reads. The data pages are handed over in
 * reverse allocation order, so the mapping is never physically contiguous.
 *
 * The same file runs in userspace (tools/ring/) against shim headers.
 */
#include <kunit/test.h>
#include <linux/align.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <vmbc/ring.h>

#define FX_MAX_PAGES	8

struct ring_fx {
	struct hv_ring_buffer_info g;
	struct hv_ring_buffer_info h;
	struct page *pages[FX_MAX_PAGES];
	u32 page_cnt;
	u32 max_pkt;
	bool g_mapped;
	bool h_mapped;
};

static void fx_unmap(struct ring_fx *fx)
{
	if (fx->g_mapped)
		vmbc_ring_uninit(&fx->g);
	if (fx->h_mapped)
		vmbc_ring_uninit(&fx->h);
	fx->g_mapped = false;
	fx->h_mapped = false;
}

static void fx_map(struct kunit *test, struct ring_fx *fx)
{
	fx_unmap(fx);
	KUNIT_ASSERT_EQ(test, vmbc_ring_init(&fx->g, fx->pages, fx->page_cnt,
					     fx->max_pkt), 0);
	fx->g_mapped = true;
	KUNIT_ASSERT_EQ(test, vmbc_ring_attach(&fx->h, fx->pages, fx->page_cnt,
					       fx->max_pkt), 0);
	fx->h_mapped = true;
}

/* A fresh ring of @data_pages data pages; cleaned up by ring_exit(). */
static struct ring_fx *fx_open(struct kunit *test, u32 data_pages,
			       u32 max_pkt)
{
	struct ring_fx *fx;
	u32 i;

	KUNIT_ASSERT_LT(test, data_pages, FX_MAX_PAGES);
	fx = kunit_kzalloc(test, sizeof(*fx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fx);
	test->priv = fx;
	vmbc_ring_pre_init(&fx->g);
	vmbc_ring_pre_init(&fx->h);
	fx->page_cnt = data_pages + 1;
	fx->max_pkt = max_pkt;
	for (i = 0; i < fx->page_cnt; i++) {
		fx->pages[i] = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, fx->pages[i]);
		memset(page_address(fx->pages[i]), 0xa5, PAGE_SIZE);
	}
	for (i = 0; i < data_pages / 2; i++)
		swap(fx->pages[1 + i], fx->pages[data_pages - i]);
	fx_map(test, fx);
	return fx;
}

static void ring_exit(struct kunit *test)
{
	struct ring_fx *fx = test->priv;
	u32 i;

	if (!fx)
		return;
	fx_unmap(fx);
	for (i = 0; i < fx->page_cnt; i++)
		if (fx->pages[i])
			__free_page(fx->pages[i]);
}

static u32 dsize(struct ring_fx *fx)
{
	return fx->g.ring_datasize;
}

static u8 pattern(u32 seed, u32 i)
{
	return (u8)(seed * 29 + i * 131 + (i >> 8));
}

static void fill(u8 *buf, u32 len, u32 seed)
{
	u32 i;

	for (i = 0; i < len; i++)
		buf[i] = pattern(seed, i);
}

static bool matches(const u8 *buf, u32 len, u32 seed)
{
	u32 i;

	for (i = 0; i < len; i++)
		if (buf[i] != pattern(seed, i))
			return false;
	return true;
}

static struct vmpacket_descriptor mkdesc(u16 type, u16 flags, u64 id,
					 u32 hdr, u32 len)
{
	struct vmpacket_descriptor d = {
		.type = type,
		.offset8 = hdr / 8,
		.len8 = ALIGN(hdr + len, 8) / 8,
		.flags = flags,
		.trans_id = id,
	};

	return d;
}

/* An in-band packet of @len pattern bytes through @w. */
static int put(struct kunit *test, struct hv_ring_buffer_info *w, u32 len,
	       u32 seed, u32 *ev)
{
	struct vmpacket_descriptor d;
	struct kvec kv[2];
	u8 *payload;

	payload = kunit_kzalloc(test, len + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, payload);
	fill(payload, len, seed);
	d = mkdesc(VM_PKT_DATA_INBAND, 0, seed, sizeof(d), len);
	kv[0].iov_base = &d;
	kv[0].iov_len = sizeof(d);
	kv[1].iov_base = payload;
	kv[1].iov_len = len;
	return vmbc_ring_write(w, kv, 2, ev);
}

/* Reads one packet through @r and checks it is put()'s (@len, @seed). */
static void get(struct kunit *test, struct hv_ring_buffer_info *r, u32 len,
		u32 seed, bool *signal)
{
	u32 actual = 0;
	u64 id = 0;
	bool sig;
	u8 *buf;

	buf = kunit_kzalloc(test, len + 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, vmbc_ring_read(r, buf, len + 8, &actual, &id,
					     &sig), 0);
	/* the payload as the wire carries it: padded to 8 bytes, zeroes */
	KUNIT_ASSERT_EQ(test, actual, ALIGN(16 + len, 8) - 16);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(buf + len, 0, actual - len));
	KUNIT_EXPECT_EQ(test, id, (u64)seed);
	KUNIT_EXPECT_TRUE(test, matches(buf, len, seed));
	if (signal)
		*signal = sig;
}

/* Moves an empty ring's indices to @pos through a filler packet. */
static void move_to(struct kunit *test, struct ring_fx *fx, u32 pos)
{
	u32 ev;

	KUNIT_ASSERT_GE(test, pos, (u32)VMBC_RING_MIN_PACKET);
	KUNIT_ASSERT_EQ(test, put(test, &fx->g, pos - VMBC_RING_MIN_PACKET, 1,
				  &ev), 0);
	get(test, &fx->h, pos - VMBC_RING_MIN_PACKET, 1, NULL);
	KUNIT_ASSERT_EQ(test, fx->g.priv_write_index, pos);
}

/* ------------------------------------------------------------------ */

static void ring_init_zeroes_and_advertises_pending_send(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 2, 0);
	const u8 *hdr = (const u8 *)fx->g.ring_buffer;
	u32 i, feat, nonzero = 0;

	KUNIT_EXPECT_EQ(test, fx->g.ring_size, 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, dsize(fx), 2 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, fx->g.max_pkt_size, dsize(fx) - 8);
	KUNIT_EXPECT_EQ(test, fx->g.ring_buffer->feature_bits.value,
			(u32)HV_RING_FEAT_PENDING_SEND_SZ);
	KUNIT_EXPECT_EQ(test, fx->h.feature_bits,
			(u32)HV_RING_FEAT_PENDING_SEND_SZ);
	feat = offsetof(struct hv_ring_buffer, feature_bits);
	for (i = 0; i < HV_HYP_PAGE_SIZE; i++)
		if (hdr[i] && i != feat)
			nonzero++;
	for (i = 0; i < dsize(fx); i++)
		if (fx->g.ring_data[i])
			nonzero++;
	KUNIT_EXPECT_EQ(test, nonzero, 0);
	KUNIT_EXPECT_FALSE(test, vmbc_ring_is_broken(&fx->g));
}

static void ring_init_rejects_bad_page_count(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	struct hv_ring_buffer_info r = {};

	vmbc_ring_pre_init(&r);
	KUNIT_EXPECT_EQ(test, vmbc_ring_init(&r, fx->pages, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmbc_ring_init(&r, fx->pages, 1, 0), -EINVAL);
	KUNIT_EXPECT_NULL(test, r.ring_buffer);
}

static void ring_empty_has_nothing_to_read(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	struct vmbc_ring_pkt pkt;
	u32 actual = 1;
	u64 id = 1;
	bool sig = true;
	u8 buf[8];

	KUNIT_EXPECT_EQ(test, vmbc_ring_iter_first(&fx->h, &pkt), -EAGAIN);
	KUNIT_EXPECT_EQ(test, vmbc_ring_read(&fx->h, buf, sizeof(buf), &actual,
					     &id, &sig), 0);
	KUNIT_EXPECT_EQ(test, actual, 0);
	KUNIT_EXPECT_EQ(test, id, 0);
	KUNIT_EXPECT_FALSE(test, sig);
	KUNIT_EXPECT_EQ(test, vmbc_ring_bytes_to_read(&fx->h), 0);
	KUNIT_EXPECT_EQ(test, vmbc_ring_bytes_to_write(&fx->g), dsize(fx));
	KUNIT_EXPECT_FALSE(test, vmbc_ring_intr_unmask(&fx->h));
	KUNIT_EXPECT_FALSE(test, vmbc_ring_iter_close(&fx->h));
}

static void ring_exact_fit_refused_one_less_accepted(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	u32 ev, space, len;

	/* Leave 1000 bytes free (a multiple of 8) behind a pending packet. */
	KUNIT_ASSERT_EQ(test, put(test, &fx->g, dsize(fx) - 1000 - 24, 1, &ev),
			0);
	space = vmbc_ring_bytes_to_write(&fx->g);
	KUNIT_ASSERT_EQ(test, space, 1000);
	/* 16 + len is 1 above a multiple of 8: padded, it fills exactly. */
	len = space - 8 - 16 - 7;
	KUNIT_EXPECT_EQ(test, vmbc_ring_packet_bytes(16 + len), space);
	KUNIT_EXPECT_EQ(test, put(test, &fx->g, len, 2, &ev), -EAGAIN);
	KUNIT_EXPECT_EQ(test, fx->g.priv_write_index, dsize(fx) - 1000);
	KUNIT_EXPECT_EQ(test, put(test, &fx->g, len - 1, 3, &ev), 0);
	KUNIT_EXPECT_EQ(test, vmbc_ring_bytes_to_write(&fx->g), 8);
	get(test, &fx->h, dsize(fx) - 1000 - 24, 1, NULL);
	get(test, &fx->h, len - 1, 3, NULL);
}

static void ring_fills_to_full_and_reports_full_once(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	u32 ev, n = 0;
	int ret;

	while ((ret = put(test, &fx->g, 64, n, &ev)) == 0)
		n++;
	KUNIT_EXPECT_EQ(test, ret, -EAGAIN);
	/* 88 bytes a packet; 4096 / 88 = 46 with 48 left, not > 88 */
	KUNIT_EXPECT_EQ(test, n, dsize(fx) / 88);
	KUNIT_EXPECT_EQ(test, ev, VMBC_RING_EV_FULL | VMBC_RING_EV_FULL_FIRST);
	KUNIT_EXPECT_EQ(test, put(test, &fx->g, 64, n, &ev), -EAGAIN);
	KUNIT_EXPECT_EQ(test, ev, VMBC_RING_EV_FULL);
	KUNIT_EXPECT_LE(test, vmbc_ring_bytes_to_write(&fx->g), 88);
	/* A ring full to the last byte would look empty: it never is. */
	KUNIT_EXPECT_NE(test, fx->g.ring_buffer->write_index,
			fx->g.ring_buffer->read_index);
	KUNIT_EXPECT_EQ(test, vmbc_ring_bytes_to_read(&fx->h), n * 88);

	get(test, &fx->h, 64, 0, NULL);
	KUNIT_EXPECT_EQ(test, put(test, &fx->g, 64, n, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev, 0);
	KUNIT_EXPECT_EQ(test, put(test, &fx->g, 64, n + 1, &ev), -EAGAIN);
	KUNIT_EXPECT_EQ(test, ev, VMBC_RING_EV_FULL | VMBC_RING_EV_FULL_FIRST);
}

struct wrap_case {
	const char *name;
	u32 data_pages;
	u32 len;
};

static const struct wrap_case wrap_cases[] = {
	{ "1 page, empty payload", 1, 0 },
	{ "1 page, 1 byte", 1, 1 },
	{ "1 page, 7 bytes", 1, 7 },
	{ "1 page, 8 bytes", 1, 8 },
	{ "1 page, 100 bytes", 1, 100 },
	{ "1 page, 1000 bytes", 1, 1000 },
	{ "2 pages, 9 bytes", 2, 9 },
	{ "2 pages, 4000 bytes", 2, 4000 },
	{ "3 pages, 63 bytes", 3, 63 },
	{ "3 pages, 6000 bytes", 3, 6000 },
	{ "5 pages, 255 bytes", 5, 255 },
	{ "5 pages, 12000 bytes", 5, 12000 },
};

KUNIT_ARRAY_PARAM_DESC(wrap, wrap_cases, name);

/* The byte at data offset @off, found through the pages, not the mapping. */
static u8 phys_byte(struct ring_fx *fx, u32 off)
{
	const u8 *page = page_address(fx->pages[1 + off / PAGE_SIZE]);

	return page[off % PAGE_SIZE];
}

static void ring_write_wraps_at_end(struct kunit *test)
{
	const struct wrap_case *c = test->param_value;
	struct ring_fx *fx = fx_open(test, c->data_pages, 0);
	u32 need = vmbc_ring_packet_bytes(16 + c->len);
	u32 d = dsize(fx), j, i, ev, bad;
	u64 trailer;

	for (j = 1; j <= 32; j++) {
		u32 start = d - 8 * j;

		fx_map(test, fx);
		move_to(test, fx, start);
		KUNIT_ASSERT_EQ(test, put(test, &fx->g, c->len, j, &ev), 0);
		KUNIT_EXPECT_EQ(test, ev, VMBC_RING_EV_SIGNAL);
		KUNIT_EXPECT_EQ(test, fx->g.ring_buffer->write_index,
				(start + need) % d);
		/* The payload lies where the wire says, across the end. */
		bad = 0;
		for (i = 0; i < c->len; i++)
			if (phys_byte(fx, (start + 16 + i) % d) !=
			    pattern(j, i))
				bad++;
		KUNIT_EXPECT_EQ_MSG(test, bad, 0, "start %u", start);
		trailer = 0;
		for (i = 0; i < 8; i++)
			trailer |= (u64)phys_byte(fx, (start + need - 8 + i) %
						  d) << (8 * i);
		KUNIT_EXPECT_EQ(test, trailer, (u64)start << 32);
		get(test, &fx->h, c->len, j, NULL);
		KUNIT_EXPECT_EQ(test, fx->h.ring_buffer->read_index,
				(start + need) % d);
	}
}

static void ring_zero_length_payload(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	struct vmbc_ring_pkt pkt;
	u32 ev, actual = 1;
	u64 id;
	bool sig;
	u8 buf[8];

	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 0, 7, &ev), 0);
	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 0, 8, &ev), 0);
	KUNIT_EXPECT_EQ(test, vmbc_ring_bytes_to_read(&fx->h), 48);
	KUNIT_ASSERT_EQ(test, vmbc_ring_iter_first(&fx->h, &pkt), 0);
	KUNIT_EXPECT_EQ(test, pkt.datalen, 0);
	KUNIT_EXPECT_EQ(test, pkt.pktlen, 16);
	KUNIT_EXPECT_EQ(test, pkt.desc.trans_id, 7);
	KUNIT_EXPECT_PTR_EQ(test, pkt.data, (const u8 *)pkt.pkt + 16);
	vmbc_ring_iter_close(&fx->h);
	/* copy-out: 0 bytes, but the packet is consumed */
	KUNIT_EXPECT_EQ(test, vmbc_ring_read(&fx->h, buf, sizeof(buf), &actual,
					     &id, &sig), 0);
	KUNIT_EXPECT_EQ(test, actual, 0);
	KUNIT_EXPECT_EQ(test, id, 7);
	KUNIT_EXPECT_EQ(test, vmbc_ring_bytes_to_read(&fx->h), 24);
	KUNIT_EXPECT_EQ(test, vmbc_ring_read(&fx->h, buf, sizeof(buf), &actual,
					     &id, &sig), 0);
	KUNIT_EXPECT_EQ(test, id, 8);
	KUNIT_EXPECT_EQ(test, vmbc_ring_bytes_to_read(&fx->h), 0);
}

static void ring_largest_packet_fits_an_empty_ring(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 3, 0);
	u32 d = dsize(fx), ev;

	/* the largest: strictly less than the whole ring, with the trailer */
	KUNIT_EXPECT_EQ(test, put(test, &fx->g, d - 8 - 16 - 7, 1, &ev),
			-EMSGSIZE);
	KUNIT_EXPECT_EQ(test, ev, 0);
	KUNIT_ASSERT_EQ(test, put(test, &fx->g, d - 8 - 16 - 8, 2, &ev), 0);
	KUNIT_EXPECT_EQ(test, vmbc_ring_bytes_to_write(&fx->g), 8);
	get(test, &fx->h, d - 8 - 16 - 8, 2, NULL);
	/* and again from the middle of the ring, wrapping */
	KUNIT_ASSERT_EQ(test, put(test, &fx->g, d - 8 - 16 - 8, 3, &ev), 0);
	get(test, &fx->h, d - 8 - 16 - 8, 3, NULL);
}

static void ring_gathers_many_fragments(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 2, 0);
	struct vmpacket_descriptor d;
	struct kvec kv[41];
	u32 i, off = 0, ev;
	u8 *payload;

	payload = kunit_kzalloc(test, 41 * 8, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, payload);
	fill(payload, 40 * 8, 5);
	for (i = 1; i < ARRAY_SIZE(kv); i++) {
		kv[i].iov_base = payload + off;
		kv[i].iov_len = i % 9;		/* zero-length ones too */
		off += kv[i].iov_len;
	}
	d = mkdesc(VM_PKT_DATA_INBAND, 0, 5, sizeof(d), off);
	kv[0].iov_base = &d;
	kv[0].iov_len = sizeof(d);
	move_to(test, fx, dsize(fx) - 48);	/* and across the end */
	KUNIT_ASSERT_EQ(test, vmbc_ring_write(&fx->g, kv, ARRAY_SIZE(kv), &ev),
			0);
	get(test, &fx->h, off, 5, NULL);
}

static void ring_pads_with_zeroes_and_trails_the_start(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	u32 len, start, need, i, ev, bad = 0;

	/* Dirty the data area, as a host could. */
	memset(fx->g.ring_data, 0xff, dsize(fx));
	for (len = 1; len <= 16; len++) {
		start = fx->g.priv_write_index;
		need = vmbc_ring_packet_bytes(16 + len);
		KUNIT_ASSERT_EQ(test, put(test, &fx->g, len, len, &ev), 0);
		for (i = 16 + len; i < need - 8; i++)
			if (fx->g.ring_data[start + i])
				bad++;
		KUNIT_EXPECT_EQ(test, *(u64 *)(fx->g.ring_data + start + need -
					       8), (u64)start << 32);
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
}

static void ring_signals_only_on_empty_to_nonempty(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	struct vmbc_ring_pkt pkt;
	u32 ev;

	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 10, 1, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev, VMBC_RING_EV_SIGNAL);
	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 10, 2, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev, 0);
	/* consumed but not yet given back: still not empty for the writer */
	KUNIT_ASSERT_EQ(test, vmbc_ring_iter_first(&fx->h, &pkt), 0);
	KUNIT_ASSERT_EQ(test, vmbc_ring_iter_next(&fx->h, &pkt), 0);
	KUNIT_ASSERT_EQ(test, vmbc_ring_iter_next(&fx->h, &pkt), -EAGAIN);
	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 10, 3, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev, 0);
	vmbc_ring_iter_close(&fx->h);
	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 10, 4, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev, 0);
	get(test, &fx->h, 10, 3, NULL);
	get(test, &fx->h, 10, 4, NULL);
	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 10, 5, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev, VMBC_RING_EV_SIGNAL);
}

static void ring_never_signals_while_masked(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	u32 ev, i;

	vmbc_ring_intr_mask(&fx->h);
	KUNIT_EXPECT_EQ(test, fx->g.ring_buffer->interrupt_mask, 1);
	for (i = 0; i < 3; i++) {
		KUNIT_ASSERT_EQ(test, put(test, &fx->g, 10, i, &ev), 0);
		KUNIT_EXPECT_EQ(test, ev, 0);
		get(test, &fx->h, 10, i, NULL);
	}
	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 10, 9, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev, 0);
	/* The unmask re-check finds what arrived while masked. */
	KUNIT_EXPECT_TRUE(test, vmbc_ring_intr_unmask(&fx->h));
	KUNIT_EXPECT_EQ(test, fx->g.ring_buffer->interrupt_mask, 0);
	get(test, &fx->h, 10, 9, NULL);
	KUNIT_EXPECT_FALSE(test, vmbc_ring_intr_unmask(&fx->h));
	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 10, 10, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev, VMBC_RING_EV_SIGNAL);
}

static void ring_pending_send_signals_once_per_transition(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	u32 ev, n = 0, rd = 0, signals = 0, round, want, before;
	bool sig;

	for (round = 0; round < 2; round++) {
		while (put(test, &fx->g, 64, n, &ev) == 0)
			n++;
		/* room for two packets: 176 bytes, so 184 free */
		want = 2 * 88;
		KUNIT_EXPECT_FALSE(test, vmbc_ring_request_space(&fx->g, want));
		KUNIT_EXPECT_EQ(test, fx->h.ring_buffer->pending_send_sz, want);
		signals = 0;
		while (vmbc_ring_bytes_to_read(&fx->h)) {
			before = vmbc_ring_bytes_to_write(&fx->g);
			get(test, &fx->h, 64, rd++, &sig);
			KUNIT_EXPECT_EQ(test, sig, before <= want &&
					vmbc_ring_bytes_to_write(&fx->g) > want);
			signals += sig;
		}
		KUNIT_EXPECT_EQ(test, signals, 1);
		vmbc_ring_cancel_space(&fx->g);
		KUNIT_EXPECT_EQ(test, fx->h.ring_buffer->pending_send_sz, 0);
	}
	/* space already there: the request says so and nobody signals */
	KUNIT_EXPECT_TRUE(test, vmbc_ring_request_space(&fx->g, 88));
}

static void ring_batched_read_publishes_once(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 2, 0);
	struct vmbc_ring_pkt pkt;
	u32 ev, i, start, moved = 0;
	int ret;

	move_to(test, fx, dsize(fx) - 200);	/* the batch wraps */
	start = fx->g.ring_buffer->read_index;
	for (i = 0; i < 10; i++)
		KUNIT_ASSERT_EQ(test, put(test, &fx->g, 30 + i, i, &ev), 0);
	vmbc_ring_intr_mask(&fx->h);
	for (ret = vmbc_ring_iter_first(&fx->h, &pkt), i = 0; !ret;
	     ret = vmbc_ring_iter_next(&fx->h, &pkt), i++) {
		KUNIT_EXPECT_EQ(test, pkt.datalen, ALIGN(16 + 30 + i, 8) - 16);
		KUNIT_EXPECT_TRUE(test, matches(pkt.data, 30 + i, i));
		if (fx->g.ring_buffer->read_index != start)
			moved++;
	}
	KUNIT_EXPECT_EQ(test, ret, -EAGAIN);
	KUNIT_EXPECT_EQ(test, i, 10);
	KUNIT_EXPECT_EQ(test, moved, 0);
	KUNIT_EXPECT_FALSE(test, vmbc_ring_iter_close(&fx->h));
	KUNIT_EXPECT_EQ(test, fx->g.ring_buffer->read_index,
			fx->g.ring_buffer->write_index);
	KUNIT_EXPECT_FALSE(test, vmbc_ring_intr_unmask(&fx->h));
}

static void ring_read_reports_needed_length(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	u32 ev, actual = 0;
	u8 buf[100];
	bool sig;
	u64 id;

	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 101, 42, &ev), 0);
	memset(buf, 0x5a, sizeof(buf));
	KUNIT_EXPECT_EQ(test, vmbc_ring_read(&fx->h, buf, sizeof(buf), &actual,
					     &id, &sig), -ENOBUFS);
	/* the payload as the wire pads it: 101 rounded up to 104 */
	KUNIT_EXPECT_EQ(test, actual, 104);
	KUNIT_EXPECT_EQ(test, id, 42);
	KUNIT_EXPECT_EQ(test, buf[0], 0x5a);
	KUNIT_EXPECT_EQ(test, vmbc_ring_read_raw(&fx->h, buf, sizeof(buf),
						 &actual, &id, &sig),
			-ENOBUFS);
	KUNIT_EXPECT_EQ(test, actual, 120);
	KUNIT_EXPECT_EQ(test, vmbc_ring_read(&fx->h, buf, 0, &actual, &id,
					     &sig), -EINVAL);
	/* still there */
	get(test, &fx->h, 101, 42, NULL);
}

static void ring_raw_read_includes_descriptor(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	struct vmpacket_descriptor d;
	u32 ev, actual;
	u8 buf[64];
	bool sig;
	u64 id;

	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 20, 3, &ev), 0);
	KUNIT_ASSERT_EQ(test, vmbc_ring_read_raw(&fx->h, buf, sizeof(buf),
						 &actual, &id, &sig), 0);
	KUNIT_EXPECT_EQ(test, actual, 40);
	memcpy(&d, buf, sizeof(d));
	KUNIT_EXPECT_EQ(test, d.type, VM_PKT_DATA_INBAND);
	KUNIT_EXPECT_EQ(test, d.offset8, 2);
	KUNIT_EXPECT_EQ(test, d.len8, 5);
	KUNIT_EXPECT_EQ(test, d.trans_id, 3);
	KUNIT_EXPECT_TRUE(test, matches(buf + 16, 20, 3));
}

static void ring_range_packets_hand_out_their_count(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	struct vmtransfer_page_packet_header x = {};
	struct vmtransfer_page_range ranges[3] = {};
	struct vmbc_ring_pkt pkt;
	struct kvec kv[3];
	u8 payload[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	u8 buf[128];
	u32 ev, actual;
	bool sig;
	u64 id;

	x.d = mkdesc(VM_PKT_DATA_USING_XFER_PAGES, 1, 9,
		     sizeof(x) + sizeof(ranges), sizeof(payload));
	x.range_cnt = 3;
	kv[0].iov_base = &x;
	kv[0].iov_len = sizeof(x);
	kv[1].iov_base = ranges;
	kv[1].iov_len = sizeof(ranges);
	kv[2].iov_base = payload;
	kv[2].iov_len = sizeof(payload);
	KUNIT_ASSERT_EQ(test, vmbc_ring_write(&fx->g, kv, 3, &ev), 0);
	KUNIT_ASSERT_EQ(test, vmbc_ring_iter_first(&fx->h, &pkt), 0);
	KUNIT_EXPECT_EQ(test, pkt.range_cnt, 3);
	KUNIT_EXPECT_EQ(test, pkt.desc.flags, 1);
	KUNIT_EXPECT_EQ(test, pkt.datalen, 8);
	KUNIT_EXPECT_EQ(test, ((const u8 *)pkt.data)[7], 8);
	KUNIT_ASSERT_EQ(test, vmbc_ring_read_raw(&fx->h, buf, sizeof(buf),
						 &actual, &id, &sig), 0);
	KUNIT_EXPECT_EQ(test, actual, 56);
	KUNIT_EXPECT_EQ(test, buf[offsetof(struct vmtransfer_page_packet_header,
					   range_cnt)], 3);
}

static void ring_batch_write_publishes_once(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	struct vmpacket_descriptor d;
	struct vmbc_ring_out *out;
	struct kvec kv[2];
	u8 payload[64];
	u32 i, ev;

	/* 40 times the same packet */
	out = kunit_kcalloc(test, 40, sizeof(*out), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	fill(payload, sizeof(payload), 0);
	d = mkdesc(VM_PKT_DATA_INBAND, 0, 0, 16, sizeof(payload));
	kv[0].iov_base = &d;
	kv[0].iov_len = 16;
	kv[1].iov_base = payload;
	kv[1].iov_len = sizeof(payload);
	for (i = 0; i < 40; i++) {
		out[i].kv = kv;
		out[i].kv_count = 2;
	}
	KUNIT_EXPECT_EQ(test, vmbc_ring_write_batch(&fx->g, out, 5, &ev), 5);
	KUNIT_EXPECT_EQ(test, ev, VMBC_RING_EV_SIGNAL);
	KUNIT_EXPECT_EQ(test, fx->g.ring_buffer->write_index, 5 * 88);
	/* 46 packets fit in all: 5 + 40 + 1, the last call cut short */
	KUNIT_EXPECT_EQ(test, vmbc_ring_write_batch(&fx->g, out, 40, &ev), 40);
	KUNIT_EXPECT_EQ(test, ev, 0);
	KUNIT_EXPECT_EQ(test, vmbc_ring_write_batch(&fx->g, out, 40, &ev), 1);
	KUNIT_EXPECT_EQ(test, ev, 0);
	KUNIT_EXPECT_EQ(test, vmbc_ring_write_batch(&fx->g, out, 40, &ev),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, ev, VMBC_RING_EV_FULL | VMBC_RING_EV_FULL_FIRST);
	for (i = 0; i < 46; i++)
		get(test, &fx->h, sizeof(payload), 0, NULL);
	KUNIT_EXPECT_EQ(test, vmbc_ring_write_batch(&fx->g, out, 0, &ev),
			-EINVAL);
}

/* One in-band packet of @payload (64 bytes) through @out, as @kv. */
static void one_packet(struct vmbc_ring_out *out, struct kvec *kv,
		       struct vmpacket_descriptor *d, u8 *payload, u32 seed)
{
	fill(payload, 64, seed);
	*d = mkdesc(VM_PKT_DATA_INBAND, 0, seed, 16, 64);
	kv[0].iov_base = d;
	kv[0].iov_len = 16;
	kv[1].iov_base = payload;
	kv[1].iov_len = 64;
	out->kv = kv;
	out->kv_count = 2;
}

/*
 * VMBC_RING_MORE: packets are written but stay invisible (write_index,
 * no signal) until a write without it, or a publish of nothing, covers
 * them all with one index and one signal decision.
 */
static void ring_more_holds_back_then_publishes_once(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	struct vmpacket_descriptor d;
	struct vmbc_ring_out out;
	struct vmbc_ring_pkt pkt;
	struct kvec kv[2];
	u8 payload[64];
	u32 i, ev;

	for (i = 0; i < 3; i++) {
		one_packet(&out, kv, &d, payload, i);
		KUNIT_ASSERT_EQ(test, vmbc_ring_write_flags(&fx->g, &out, 1,
							    &ev,
							    VMBC_RING_MORE),
				1);
		KUNIT_EXPECT_EQ(test, ev, 0);
	}
	KUNIT_EXPECT_EQ(test, fx->g.priv_write_index, 3 * 88);
	KUNIT_EXPECT_EQ(test, fx->g.ring_buffer->write_index, 0);
	KUNIT_EXPECT_EQ(test, vmbc_ring_iter_first(&fx->h, &pkt), -EAGAIN);
	/* a publish of nothing: the three at once, one signal */
	KUNIT_EXPECT_EQ(test, vmbc_ring_write_flags(&fx->g, NULL, 0, &ev, 0),
			0);
	KUNIT_EXPECT_EQ(test, ev, VMBC_RING_EV_SIGNAL);
	KUNIT_EXPECT_EQ(test, fx->g.ring_buffer->write_index, 3 * 88);
	/* nothing held back: publishing again changes nothing, no signal */
	KUNIT_EXPECT_EQ(test, vmbc_ring_write_flags(&fx->g, NULL, 0, &ev, 0),
			0);
	KUNIT_EXPECT_EQ(test, ev, 0);
	for (i = 0; i < 3; i++)
		get(test, &fx->h, 64, i, NULL);

	/* the reader is empty again: a held-back burst ends with a signal */
	one_packet(&out, kv, &d, payload, 7);
	KUNIT_EXPECT_EQ(test, vmbc_ring_write_flags(&fx->g, &out, 1, &ev,
						    VMBC_RING_MORE), 1);
	KUNIT_EXPECT_EQ(test, ev, 0);
	one_packet(&out, kv, &d, payload, 8);
	KUNIT_EXPECT_EQ(test, vmbc_ring_write_flags(&fx->g, &out, 1, &ev, 0),
			1);
	KUNIT_EXPECT_EQ(test, ev, VMBC_RING_EV_SIGNAL);
	/* the reader has not read those: the next burst raises none */
	KUNIT_EXPECT_EQ(test, vmbc_ring_write_flags(&fx->g, &out, 1, &ev, 0),
			1);
	KUNIT_EXPECT_EQ(test, ev, 0);
	get(test, &fx->h, 64, 7, NULL);
	get(test, &fx->h, 64, 8, NULL);
	get(test, &fx->h, 64, 8, NULL);
}

/*
 * A full ring publishes what VMBC_RING_MORE held back: the reader must see
 * packets to free space (otherwise writer and reader would wait on each
 * other for ever).
 */
static void ring_more_publishes_when_full(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	struct vmpacket_descriptor d;
	struct vmbc_ring_out out;
	struct kvec kv[2];
	u8 payload[64];
	u32 n = 0, ev;
	int ret;

	one_packet(&out, kv, &d, payload, 0);
	while ((ret = vmbc_ring_write_flags(&fx->g, &out, 1, &ev,
					    VMBC_RING_MORE)) == 1)
		n++;
	KUNIT_EXPECT_EQ(test, ret, -EAGAIN);
	KUNIT_EXPECT_EQ(test, n, dsize(fx) / 88);
	KUNIT_EXPECT_EQ(test, ev, VMBC_RING_EV_FULL | VMBC_RING_EV_FULL_FIRST |
			VMBC_RING_EV_SIGNAL);
	KUNIT_EXPECT_EQ(test, fx->g.ring_buffer->write_index, n * 88);
	KUNIT_EXPECT_EQ(test, vmbc_ring_bytes_to_read(&fx->h), n * 88);
	get(test, &fx->h, 64, 0, NULL);
}

/*
 * VMBC_RING_NOLOCK: the caller is the only writer; the ring's lock is not
 * taken (here it is held by the test: a write that took it would never
 * return).
 */
static void ring_nolock_write_takes_no_lock(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	struct vmpacket_descriptor d;
	struct vmbc_ring_out out;
	struct kvec kv[2];
	unsigned long flags;
	u8 payload[64];
	u32 ev;
	int ret;

	one_packet(&out, kv, &d, payload, 5);
	spin_lock_irqsave(&fx->g.ring_lock, flags);
	ret = vmbc_ring_write_flags(&fx->g, &out, 1, &ev, VMBC_RING_NOLOCK);
	spin_unlock_irqrestore(&fx->g.ring_lock, flags);
	KUNIT_EXPECT_EQ(test, ret, 1);
	KUNIT_EXPECT_EQ(test, ev, VMBC_RING_EV_SIGNAL);
	get(test, &fx->h, 64, 5, NULL);
}

static void ring_rejects_malformed_caller_packets(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	struct vmpacket_descriptor d = mkdesc(VM_PKT_DATA_INBAND, 0, 0, 16, 8);
	u8 payload[8] = {};
	struct kvec kv[2] = {
		{ .iov_base = &d, .iov_len = sizeof(d) },
		{ .iov_base = payload, .iov_len = sizeof(payload) },
	};
	u32 ev;

	d.len8 = 4;
	KUNIT_EXPECT_EQ(test, vmbc_ring_write(&fx->g, kv, 2, &ev), -EINVAL);
	d.len8 = 3;
	d.offset8 = 1;
	KUNIT_EXPECT_EQ(test, vmbc_ring_write(&fx->g, kv, 2, &ev), -EINVAL);
	d.offset8 = 4;
	KUNIT_EXPECT_EQ(test, vmbc_ring_write(&fx->g, kv, 2, &ev), -EINVAL);
	d.offset8 = 2;
	kv[0].iov_len = 8;
	KUNIT_EXPECT_EQ(test, vmbc_ring_write(&fx->g, kv, 2, &ev), -EINVAL);
	kv[0].iov_len = 16;
	KUNIT_EXPECT_EQ(test, vmbc_ring_write(&fx->g, kv, 0, &ev), -EINVAL);
	KUNIT_EXPECT_EQ(test, fx->g.ring_buffer->write_index, 0);
	KUNIT_EXPECT_EQ(test, vmbc_ring_write(&fx->g, kv, 2, &ev), 0);
	KUNIT_EXPECT_FALSE(test, vmbc_ring_is_broken(&fx->g));
}

/* ------------------------------------------------------------------ */
/* A hostile other side                                                */

/* The host publishes @pub bytes of which the first @n are @bytes. */
static void host_raw(struct ring_fx *fx, const void *bytes, u32 n, u32 pub)
{
	u32 wi = fx->h.priv_write_index;

	memcpy(fx->h.ring_data + wi, bytes, n);
	fx->h.priv_write_index = (wi + pub) % dsize(fx);
	fx->h.pub_write_index = fx->h.priv_write_index;
	WRITE_ONCE(fx->h.ring_buffer->write_index, fx->h.priv_write_index);
}

/* A descriptor (and a range count) followed by zeroes. */
static void host_desc(struct ring_fx *fx, u16 type, u16 off8, u16 len8,
		      u16 flags, u32 range_cnt, u32 pub)
{
	u64 w[8] = {
		type | (u64)off8 << 16 | (u64)len8 << 32 | (u64)flags << 48,
		77,
		(u64)range_cnt << 32,
	};

	host_raw(fx, w, sizeof(w), pub);
}

static void host_good(struct ring_fx *fx, u16 type, u16 off8, u16 len8,
		      u16 flags, u32 range_cnt)
{
	host_desc(fx, type, off8, len8, flags, range_cnt, len8 * 8 + 8);
}

static void wi_beyond(struct ring_fx *fx)
{
	WRITE_ONCE(fx->h.ring_buffer->write_index, dsize(fx));
}

static void wi_far_beyond(struct ring_fx *fx)
{
	WRITE_ONCE(fx->h.ring_buffer->write_index, 0xfffffff8);
}

static void wi_misaligned(struct ring_fx *fx)
{
	WRITE_ONCE(fx->h.ring_buffer->write_index, 44);
}

static void wi_short(struct ring_fx *fx)
{
	host_desc(fx, VM_PKT_DATA_INBAND, 2, 2, 0, 0, 16);
}

static void wi_behind_reader(struct ring_fx *fx)
{
	/* the reader is at 0; the host claims all but 8 bytes are written */
	WRITE_ONCE(fx->h.ring_buffer->write_index, dsize(fx) - 8);
}

static void off_zero(struct ring_fx *fx)
{
	host_good(fx, VM_PKT_DATA_INBAND, 0, 4, 0, 0);
}

static void off_inside_desc(struct ring_fx *fx)
{
	host_good(fx, VM_PKT_DATA_INBAND, 1, 4, 0, 0);
}

static void off_past_len(struct ring_fx *fx)
{
	host_good(fx, VM_PKT_DATA_INBAND, 5, 4, 0, 0);
}

static void len_past_written(struct ring_fx *fx)
{
	host_desc(fx, VM_PKT_DATA_INBAND, 2, 8, 0, 0, 40);
}

static void len_over_trailer(struct ring_fx *fx)
{
	host_desc(fx, VM_PKT_DATA_INBAND, 2, 5, 0, 0, 40);
}

static void len_max(struct ring_fx *fx)
{
	host_desc(fx, VM_PKT_DATA_INBAND, 2, 0xffff, 0, 0, 40);
}

static void len_over_max_pkt(struct ring_fx *fx)
{
	host_good(fx, VM_PKT_DATA_INBAND, 2, 10, 0, 0);	/* 80 > 64 */
}

static void type_invalid(struct ring_fx *fx)
{
	host_good(fx, VM_PKT_INVALID, 2, 4, 0, 0);
}

static void type_synch(struct ring_fx *fx)
{
	host_good(fx, VM_PKT_SYNCH, 2, 4, 0, 0);
}

static void type_cancel(struct ring_fx *fx)
{
	host_good(fx, VM_PKT_CANCEL_REQUEST, 2, 4, 0, 0);
}

static void type_additional(struct ring_fx *fx)
{
	host_good(fx, VM_PKT_ADDITIONAL_DATA, 2, 4, 0, 0);
}

static void type_ffff(struct ring_fx *fx)
{
	host_good(fx, 0xffff, 2, 4, 0, 0);
}

static void flags_bit1(struct ring_fx *fx)
{
	host_good(fx, VM_PKT_COMP, 2, 4, 2, 0);
}

static void flags_top(struct ring_fx *fx)
{
	host_good(fx, VM_PKT_DATA_INBAND, 2, 4, 0x8001, 0);
}

static void xfer_header_short(struct ring_fx *fx)
{
	host_good(fx, VM_PKT_DATA_USING_XFER_PAGES, 2, 4, 0, 0);
}

static void xfer_count_past_offset(struct ring_fx *fx)
{
	host_good(fx, VM_PKT_DATA_USING_XFER_PAGES, 3, 6, 0, 1);
}

static void xfer_count_huge(struct ring_fx *fx)
{
	host_good(fx, VM_PKT_DATA_USING_XFER_PAGES, 4, 6, 0, 0xffffffff);
}

static void gpa_count_past_offset(struct ring_fx *fx)
{
	host_good(fx, VM_PKT_DATA_USING_GPA_DIRECT, 4, 6, 1, 2);
}

static void gpadl_header_short(struct ring_fx *fx)
{
	host_good(fx, VM_PKT_DATA_USING_GPADL, 2, 4, 0, 0);
}

static void ri_beyond(struct ring_fx *fx)
{
	WRITE_ONCE(fx->g.ring_buffer->read_index, dsize(fx));
}

static void ri_huge(struct ring_fx *fx)
{
	WRITE_ONCE(fx->g.ring_buffer->read_index, 0x80000000);
}

static void ri_misaligned(struct ring_fx *fx)
{
	WRITE_ONCE(fx->g.ring_buffer->read_index, 12);
}

/* A valid packet read; then write_index goes bad before the close. */
static void wi_bad_at_close(struct ring_fx *fx)
{
	struct vmbc_ring_pkt pkt;

	host_good(fx, VM_PKT_DATA_INBAND, 2, 4, 0, 0);
	WRITE_ONCE(fx->h.ring_buffer->pending_send_sz, 8);
	if (!vmbc_ring_iter_first(&fx->g, &pkt))
		vmbc_ring_iter_next(&fx->g, &pkt);
	WRITE_ONCE(fx->h.ring_buffer->write_index, 0x1001);
}

enum corrupt_op { OP_READ, OP_ITER, OP_WRITE, OP_CLOSE };

struct corrupt_case {
	const char *name;
	void (*scribble)(struct ring_fx *fx);
	enum corrupt_op op;
	int err;
	enum vmbc_ring_fault fault;
	u32 max_pkt;
};

#define ROW(fn, op, err, fault) \
	{ #fn, fn, op, err, VMBC_RING_FAULT_##fault, 0 }

/* The ring's trust rules (ring.c): each row is one corruption, rejected */
static const struct corrupt_case corrupt_cases[] = {
	ROW(wi_beyond, OP_READ, -EIO, WRITE_INDEX),
	ROW(wi_far_beyond, OP_ITER, -EIO, WRITE_INDEX),
	ROW(wi_misaligned, OP_READ, -EIO, WRITE_INDEX),
	ROW(wi_short, OP_READ, -EBADMSG, SHORT),
	ROW(wi_behind_reader, OP_ITER, -EBADMSG, OFFSET),
	ROW(wi_bad_at_close, OP_CLOSE, 0, WRITE_INDEX),
	ROW(ri_beyond, OP_WRITE, -EIO, READ_INDEX),
	ROW(ri_huge, OP_WRITE, -EIO, READ_INDEX),
	ROW(ri_misaligned, OP_WRITE, -EIO, READ_INDEX),
	ROW(off_zero, OP_READ, -EBADMSG, OFFSET),
	ROW(off_inside_desc, OP_ITER, -EBADMSG, OFFSET),
	ROW(off_past_len, OP_READ, -EBADMSG, OFFSET),
	ROW(len_past_written, OP_READ, -EBADMSG, LENGTH),
	ROW(len_over_trailer, OP_ITER, -EBADMSG, LENGTH),
	ROW(len_max, OP_READ, -EBADMSG, LENGTH),
	{ "len_over_max_pkt", len_over_max_pkt, OP_READ, -EBADMSG,
	  VMBC_RING_FAULT_TOO_BIG, 64 },
	ROW(type_invalid, OP_READ, -EBADMSG, TYPE),
	ROW(type_synch, OP_ITER, -EBADMSG, TYPE),
	ROW(type_cancel, OP_READ, -EBADMSG, TYPE),
	ROW(type_additional, OP_READ, -EBADMSG, TYPE),
	ROW(type_ffff, OP_READ, -EBADMSG, TYPE),
	ROW(flags_bit1, OP_READ, -EBADMSG, FLAGS),
	ROW(flags_top, OP_ITER, -EBADMSG, FLAGS),
	ROW(xfer_header_short, OP_READ, -EBADMSG, RANGES),
	ROW(xfer_count_past_offset, OP_ITER, -EBADMSG, RANGES),
	ROW(xfer_count_huge, OP_READ, -EBADMSG, RANGES),
	ROW(gpa_count_past_offset, OP_READ, -EBADMSG, RANGES),
	ROW(gpadl_header_short, OP_READ, -EBADMSG, RANGES),
};

KUNIT_ARRAY_PARAM_DESC(corrupt, corrupt_cases, name);

static void ring_rejects_corruption(struct kunit *test)
{
	const struct corrupt_case *c = test->param_value;
	struct ring_fx *fx = fx_open(test, 1, c->max_pkt);
	struct hv_ring_buffer_debug_info info;
	struct vmbc_ring_pkt pkt;
	u32 ev = 0, actual = 1, i, dirty = 0;
	u8 buf[64];
	bool sig;
	u64 id;
	int ret;

	memset(buf, 0x5a, sizeof(buf));
	c->scribble(fx);
	switch (c->op) {
	case OP_READ:
		ret = vmbc_ring_read(&fx->g, buf, sizeof(buf), &actual, &id,
				     &sig);
		KUNIT_EXPECT_EQ(test, actual, 0);
		break;
	case OP_ITER:
		ret = vmbc_ring_iter_first(&fx->g, &pkt);
		break;
	case OP_WRITE:
		ret = put(test, &fx->g, 8, 1, &ev);
		KUNIT_EXPECT_EQ(test, ev, 0);
		KUNIT_EXPECT_EQ(test, fx->g.priv_write_index, 0);
		KUNIT_EXPECT_EQ(test, fx->h.ring_buffer->write_index, 0);
		for (i = 0; i < dsize(fx); i++)
			dirty += fx->g.ring_data[i] != 0;
		KUNIT_EXPECT_EQ(test, dirty, 0);
		break;
	default:
		ret = vmbc_ring_iter_close(&fx->g);
		break;
	}
	KUNIT_EXPECT_EQ(test, ret, c->err);
	KUNIT_EXPECT_EQ(test, fx->g.fault, c->fault);
	KUNIT_EXPECT_EQ(test, fx->g.corrupt_count, 1);
	KUNIT_EXPECT_TRUE(test, vmbc_ring_is_broken(&fx->g));
	for (i = 0; i < sizeof(buf); i++)
		KUNIT_EXPECT_EQ(test, buf[i], 0x5a);

	/* broken stays broken, without looking at the ring again */
	KUNIT_EXPECT_EQ(test, vmbc_ring_iter_first(&fx->g, &pkt), -EIO);
	KUNIT_EXPECT_EQ(test, put(test, &fx->g, 8, 1, &ev), -EIO);
	KUNIT_EXPECT_FALSE(test, vmbc_ring_iter_close(&fx->g));
	KUNIT_EXPECT_EQ(test, fx->g.corrupt_count, 1);
	KUNIT_ASSERT_EQ(test, vmbc_ring_get_debuginfo(&fx->g, &info), 0);
	KUNIT_EXPECT_EQ(test, info.corrupt_count, 1);

	/* a new init starts clean */
	fx_map(test, fx);
	KUNIT_EXPECT_FALSE(test, vmbc_ring_is_broken(&fx->g));
	KUNIT_EXPECT_EQ(test, put(test, &fx->g, 8, 1, &ev), 0);
	get(test, &fx->h, 8, 1, NULL);
}

/* Our own write_index is kept privately, never read back from the ring. */
static void ring_ignores_host_writes_to_our_write_index(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	u32 ev;

	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 10, 1, &ev), 0);
	WRITE_ONCE(fx->h.ring_buffer->write_index, 1000);
	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 20, 2, &ev), 0);
	KUNIT_EXPECT_EQ(test, fx->g.ring_buffer->write_index, 40 + 48);
	get(test, &fx->h, 10, 1, NULL);
	get(test, &fx->h, 20, 2, NULL);
	KUNIT_EXPECT_FALSE(test, vmbc_ring_is_broken(&fx->g));
}

/*
 * The reader's read_index is its own too: the batch start for the
 * pending-send decision comes from private memory.
 */
static void ring_ignores_host_writes_to_our_read_index(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	struct vmbc_ring_pkt pkt;
	u32 ev, n = 0;

	while (put(test, &fx->h, 64, n, &ev) == 0)
		n++;
	KUNIT_ASSERT_FALSE(test, vmbc_ring_request_space(&fx->h, 88));
	KUNIT_ASSERT_EQ(test, vmbc_ring_iter_first(&fx->g, &pkt), 0);
	KUNIT_ASSERT_EQ(test, vmbc_ring_iter_next(&fx->g, &pkt), 0);
	/* the host pretends we already gave that packet back */
	WRITE_ONCE(fx->g.ring_buffer->read_index, fx->g.priv_read_index);
	KUNIT_EXPECT_TRUE(test, vmbc_ring_iter_close(&fx->g));
	KUNIT_EXPECT_EQ(test, fx->g.ring_buffer->read_index, 88);
	KUNIT_EXPECT_TRUE(test, matches(pkt.data, 64, 1));
}

/* The feature bits are the guest's own: the shared copy is not trusted. */
static void ring_trusts_no_shared_feature_bits(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	u32 ev, n = 0;
	bool sig;

	while (put(test, &fx->h, 64, n, &ev) == 0)
		n++;
	KUNIT_ASSERT_FALSE(test, vmbc_ring_request_space(&fx->h, 88));
	WRITE_ONCE(fx->h.ring_buffer->feature_bits.value, 0);
	get(test, &fx->g, 64, 0, &sig);
	KUNIT_EXPECT_TRUE(test, sig);
}

/* interrupt_mask only decides a signal: any bit set means masked. */
static void ring_treats_any_mask_bit_as_masked(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	u32 ev;

	WRITE_ONCE(fx->h.ring_buffer->interrupt_mask, 0x80000000);
	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 10, 1, &ev), 0);
	KUNIT_EXPECT_EQ(test, ev, 0);
	KUNIT_EXPECT_FALSE(test, vmbc_ring_is_broken(&fx->g));
}

/* pending_send_sz only decides a signal, never an error. */
static void ring_ignores_impossible_pending_send(struct kunit *test)
{
	static const u32 sizes[] = { 0xffffffff, 0x80000008, 4096, 4097 };
	struct ring_fx *fx = fx_open(test, 1, 0);
	u32 ev, i, n = 0, rd = 0;
	bool sig;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		while (put(test, &fx->h, 64, n, &ev) == 0)
			n++;
		WRITE_ONCE(fx->g.ring_buffer->pending_send_sz, sizes[i]);
		while (vmbc_ring_bytes_to_read(&fx->g)) {
			get(test, &fx->g, 64, rd++, &sig);
			KUNIT_EXPECT_FALSE(test, sig);
		}
	}
	KUNIT_EXPECT_FALSE(test, vmbc_ring_is_broken(&fx->g));
}

/* Decisions are made on the private copy of the descriptor only. */
static void ring_iterates_on_its_descriptor_copy(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	struct vmbc_ring_pkt pkt;
	u64 *ring_desc;
	u32 ev;

	KUNIT_ASSERT_EQ(test, put(test, &fx->h, 24, 1, &ev), 0);
	KUNIT_ASSERT_EQ(test, put(test, &fx->h, 24, 2, &ev), 0);
	KUNIT_ASSERT_EQ(test, vmbc_ring_iter_first(&fx->g, &pkt), 0);
	/* the host rewrites the descriptor we were handed */
	ring_desc = (u64 *)fx->h.ring_data;
	WRITE_ONCE(ring_desc[0], 0xffff00ffffffffffULL);
	KUNIT_EXPECT_EQ(test, pkt.desc.len8, 5);
	KUNIT_EXPECT_EQ(test, pkt.desc.type, VM_PKT_DATA_INBAND);
	KUNIT_ASSERT_EQ(test, vmbc_ring_iter_next(&fx->g, &pkt), 0);
	KUNIT_EXPECT_EQ(test, pkt.desc.trans_id, 2);
	KUNIT_EXPECT_TRUE(test, matches(pkt.data, 24, 2));
	KUNIT_EXPECT_EQ(test, vmbc_ring_iter_next(&fx->g, &pkt), -EAGAIN);
	vmbc_ring_iter_close(&fx->g);
	KUNIT_EXPECT_EQ(test, fx->g.ring_buffer->read_index, 96);
}

static void ring_attach_adopts_valid_indices_only(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 1, 0);
	struct hv_ring_buffer_info r = {};
	u32 ev;

	vmbc_ring_pre_init(&r);
	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 10, 1, &ev), 0);
	KUNIT_ASSERT_EQ(test, vmbc_ring_attach(&r, fx->pages, fx->page_cnt, 0),
			0);
	KUNIT_EXPECT_EQ(test, r.priv_write_index, 40);
	KUNIT_EXPECT_EQ(test, r.priv_read_index, 0);
	vmbc_ring_uninit(&r);
	WRITE_ONCE(fx->g.ring_buffer->read_index, 3);
	KUNIT_EXPECT_EQ(test, vmbc_ring_attach(&r, fx->pages, fx->page_cnt, 0),
			-EIO);
	KUNIT_EXPECT_NULL(test, r.ring_buffer);
}

static void ring_debuginfo_reports_shared_state(struct kunit *test)
{
	struct ring_fx *fx = fx_open(test, 2, 0);
	struct hv_ring_buffer_debug_info info;
	u32 ev;

	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 100, 1, &ev), 0);
	KUNIT_ASSERT_EQ(test, put(test, &fx->g, 100, 2, &ev), 0);
	get(test, &fx->h, 100, 1, NULL);
	vmbc_ring_intr_mask(&fx->h);
	WRITE_ONCE(fx->h.ring_buffer->pending_send_sz, 512);
	KUNIT_ASSERT_EQ(test, vmbc_ring_get_debuginfo(&fx->g, &info), 0);
	KUNIT_EXPECT_EQ(test, info.current_interrupt_mask, 1);
	KUNIT_EXPECT_EQ(test, info.current_read_index, 128);
	KUNIT_EXPECT_EQ(test, info.current_write_index, 256);
	KUNIT_EXPECT_EQ(test, info.bytes_avail_toread, 128);
	KUNIT_EXPECT_EQ(test, info.bytes_avail_towrite, dsize(fx) - 128);
	KUNIT_EXPECT_EQ(test, info.current_pending_send_sz, 512);
	KUNIT_EXPECT_EQ(test, info.corrupt_count, 0);
	/* a bad index is shown as it is, with nothing available */
	WRITE_ONCE(fx->h.ring_buffer->read_index, 7);
	KUNIT_ASSERT_EQ(test, vmbc_ring_get_debuginfo(&fx->g, &info), 0);
	KUNIT_EXPECT_EQ(test, info.current_read_index, 7);
	KUNIT_EXPECT_EQ(test, info.bytes_avail_toread, 0);
	KUNIT_EXPECT_EQ(test, info.bytes_avail_towrite, 0);
	fx_unmap(fx);
	KUNIT_EXPECT_EQ(test, vmbc_ring_get_debuginfo(&fx->g, &info), -EINVAL);
}

/* ------------------------------------------------------------------ */
/* A long random sequence of operations against a reference model      */

#define MODEL_SLOTS	1024
#define MODEL_OPS	4000

struct model_pkt {
	u32 hdr;	/* descriptor and range header */
	u32 len;	/* payload bytes */
	u32 need;	/* ring bytes */
	u32 seed;
	u32 ranges;
	u16 type;
	u16 flags;
};

struct model {
	struct kunit *test;
	struct hv_ring_buffer_info *w;	/* the writer's view */
	struct hv_ring_buffer_info *r;	/* the reader's view */
	struct model_pkt q[MODEL_SLOTS];
	u32 head;	/* first packet not given back */
	u32 cur;	/* the iterator's packet */
	u32 tail;	/* one past the last packet written */
	u32 dsize;
	u32 wpos;	/* write index */
	u32 pub;	/* published read index */
	u32 rpos;	/* the iterator's index */
	u32 pending;
	bool masked;
	bool out_full;
	u64 rng;
	u8 *buf;
	u32 signals;
	u32 writes;
	u32 reads;
};

static u32 model_rand(struct model *m, u32 n)
{
	/* xorshift64*: small, deterministic, the same in both builds */
	m->rng ^= m->rng >> 12;
	m->rng ^= m->rng << 25;
	m->rng ^= m->rng >> 27;
	return (u32)((m->rng * 0x2545f4914f6cdd1dULL) >> 32) % n;
}

static u32 model_free(struct model *m, u32 from)
{
	return from > m->wpos ? from - m->wpos : m->dsize - (m->wpos - from);
}

static u32 model_dist(struct model *m, u32 from, u32 to)
{
	return to >= from ? to - from : m->dsize - from + to;
}

static void model_new_pkt(struct model *m, struct model_pkt *p)
{
	static const u16 types[] = {
		VM_PKT_DATA_INBAND, VM_PKT_COMP,
		VM_PKT_DATA_USING_XFER_PAGES, VM_PKT_DATA_USING_GPADL,
	};
	u32 big = model_rand(m, 16) == 0;

	p->type = types[model_rand(m, ARRAY_SIZE(types))];
	p->flags = model_rand(m, 2);
	p->ranges = 0;
	p->hdr = 16;
	if (p->type == VM_PKT_DATA_USING_XFER_PAGES) {
		p->ranges = model_rand(m, 4);
		p->hdr = 24 + 8 * p->ranges;
	} else if (p->type == VM_PKT_DATA_USING_GPADL) {
		p->hdr = 24;
	}
	p->len = big ? model_rand(m, m->dsize / 2) : model_rand(m, 200);
	p->need = vmbc_ring_packet_bytes(p->hdr + p->len);
	p->seed = model_rand(m, 1 << 30);
}

/* Fills @kv (4 entries) and @hdr (48 bytes) for packet @p. */
static u32 model_kv(struct model *m, const struct model_pkt *p,
		    struct kvec *kv, u8 *hdr, u8 *payload)
{
	struct vmpacket_descriptor d = mkdesc(p->type, p->flags, p->seed,
					      p->hdr, p->len);
	u32 cut = p->len ? model_rand(m, p->len + 1) : 0;

	memset(hdr, 0, 48);
	memcpy(hdr, &d, sizeof(d));
	if (p->hdr > 16)
		memcpy(hdr + 20, &p->ranges, 4);
	fill(payload, p->len, p->seed);
	kv[0].iov_base = hdr;
	kv[0].iov_len = 16;
	kv[1].iov_base = hdr + 16;
	kv[1].iov_len = p->hdr - 16;
	kv[2].iov_base = payload;
	kv[2].iov_len = cut;
	kv[3].iov_base = payload + cut;
	kv[3].iov_len = p->len - cut;
	return 4;
}

static void model_write(struct model *m, u32 count)
{
	struct kunit *test = m->test;
	struct vmbc_ring_out out[6];
	struct model_pkt p[6];
	struct kvec kv[6][4];
	u8 hdr[6][48];
	u8 *payload[6];
	u32 i, fit = 0, space = model_free(m, m->pub), want_ev = 0, ev;
	bool stop = false;
	int ret;

	for (i = 0; i < count; i++) {
		model_new_pkt(m, &p[i]);
		payload[i] = kzalloc(p[i].len + 1, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, payload[i]);
		out[i].kv = kv[i];
		out[i].kv_count = model_kv(m, &p[i], kv[i], hdr[i], payload[i]);
		if (!stop && p[i].need < space) {
			space -= p[i].need;
			fit++;
		} else {
			stop = true;
		}
	}
	if (count == 1)
		ret = vmbc_ring_write(m->w, kv[0], 4, &ev);
	else
		ret = vmbc_ring_write_batch(m->w, out, count, &ev);
	for (i = 0; i < count; i++)
		kfree(payload[i]);
	if (!fit) {
		KUNIT_ASSERT_EQ(test, ret, -EAGAIN);
		want_ev = VMBC_RING_EV_FULL;
		if (!m->out_full)
			want_ev |= VMBC_RING_EV_FULL_FIRST;
		m->out_full = true;
		KUNIT_ASSERT_EQ(test, ev, want_ev);
		return;
	}
	KUNIT_ASSERT_EQ(test, ret, count == 1 ? 0 : (int)fit);
	if (!m->masked && m->pub == m->wpos) {
		want_ev = VMBC_RING_EV_SIGNAL;
		m->signals++;
	}
	KUNIT_ASSERT_EQ(test, ev, want_ev);
	m->out_full = false;
	for (i = 0; i < fit; i++) {
		m->q[m->tail++ % MODEL_SLOTS] = p[i];
		m->wpos = (m->wpos + p[i].need) % m->dsize;
		m->writes++;
	}
}

static void model_check_pkt(struct model *m, const struct vmbc_ring_pkt *pkt,
			    const struct model_pkt *p)
{
	struct kunit *test = m->test;
	u32 datalen = ALIGN(p->hdr + p->len, 8) - p->hdr;

	KUNIT_ASSERT_EQ(test, pkt->desc.type, p->type);
	KUNIT_ASSERT_EQ(test, pkt->desc.flags, p->flags);
	KUNIT_ASSERT_EQ(test, pkt->desc.trans_id, (u64)p->seed);
	KUNIT_ASSERT_EQ(test, pkt->desc.offset8 * 8, p->hdr);
	KUNIT_ASSERT_EQ(test, pkt->datalen, datalen);
	KUNIT_ASSERT_EQ(test, pkt->range_cnt, p->ranges);
	KUNIT_ASSERT_TRUE(test, matches(pkt->data, p->len, p->seed));
	KUNIT_ASSERT_FALSE(test, memchr_inv((const u8 *)pkt->data + p->len, 0,
					    datalen - p->len));
}

/* What vmbc_ring_iter_close() must say after the reader reached rpos. */
static bool model_close(struct model *m)
{
	bool sig = false;

	if (m->pub == m->rpos)
		return false;
	if (m->pending)
		sig = model_free(m, m->pub) <= m->pending &&
		      model_free(m, m->rpos) > m->pending;
	m->pub = m->rpos;
	m->head = m->cur;
	m->signals += sig;
	return sig;
}

static void model_advance(struct model *m)
{
	m->rpos = (m->rpos + m->q[m->cur % MODEL_SLOTS].need) % m->dsize;
	m->cur++;
	m->reads++;
}

static void model_read(struct model *m, bool raw)
{
	struct kunit *test = m->test;
	const struct model_pkt *p = &m->q[m->cur % MODEL_SLOTS];
	struct vmbc_ring_pkt pkt;
	u32 actual, want, buflen;
	bool sig;
	u64 id;
	int ret;

	want = raw ? ALIGN(p->hdr + p->len, 8) : ALIGN(p->hdr + p->len, 8) -
						 p->hdr;
	buflen = 1 + model_rand(m, model_rand(m, 8) ? want + 64 : 64);
	ret = (raw ? vmbc_ring_read_raw : vmbc_ring_read)(m->r, m->buf, buflen,
							  &actual, &id, &sig);
	if (m->cur == m->tail) {
		KUNIT_ASSERT_EQ(test, ret, 0);
		KUNIT_ASSERT_EQ(test, actual, 0);
		return;
	}
	KUNIT_ASSERT_EQ(test, actual, want);
	KUNIT_ASSERT_EQ(test, id, (u64)p->seed);
	if (buflen < want) {
		KUNIT_ASSERT_EQ(test, ret, -ENOBUFS);
		return;
	}
	KUNIT_ASSERT_EQ(test, ret, 0);
	if (raw) {
		memcpy(&pkt.desc, m->buf, sizeof(pkt.desc));
		pkt.range_cnt = 0;
		if (p->type == VM_PKT_DATA_USING_XFER_PAGES)
			memcpy(&pkt.range_cnt, m->buf + 20, 4);
		pkt.data = m->buf + p->hdr;
	} else {
		pkt.desc.type = p->type;
		pkt.desc.flags = p->flags;
		pkt.desc.trans_id = id;
		pkt.desc.offset8 = p->hdr / 8;
		pkt.range_cnt = p->ranges;
		pkt.data = m->buf;
	}
	pkt.datalen = want - (raw ? p->hdr : 0);
	model_check_pkt(m, &pkt, p);
	model_advance(m);
	KUNIT_ASSERT_EQ(test, sig, model_close(m));
}

static void model_iter(struct model *m)
{
	struct kunit *test = m->test;
	struct vmbc_ring_pkt pkt;
	u32 k = 1 + model_rand(m, 8), i;
	int ret;

	ret = vmbc_ring_iter_first(m->r, &pkt);
	for (i = 0; i < k; i++) {
		if (m->cur == m->tail) {
			KUNIT_ASSERT_EQ(test, ret, -EAGAIN);
			break;
		}
		KUNIT_ASSERT_EQ(test, ret, 0);
		model_check_pkt(m, &pkt, &m->q[m->cur % MODEL_SLOTS]);
		/* nothing is given back inside a batch */
		KUNIT_ASSERT_EQ(test, READ_ONCE(m->r->ring_buffer->read_index),
				m->pub);
		ret = vmbc_ring_iter_next(m->r, &pkt);
		model_advance(m);
	}
	if (model_rand(m, 4))
		KUNIT_ASSERT_EQ(test, vmbc_ring_iter_close(m->r),
				model_close(m));
}

static void model_check_state(struct model *m)
{
	struct kunit *test = m->test;
	struct hv_ring_buffer_debug_info info;

	KUNIT_ASSERT_EQ(test, vmbc_ring_get_debuginfo(m->w, &info), 0);
	KUNIT_ASSERT_EQ(test, info.current_write_index, m->wpos);
	KUNIT_ASSERT_EQ(test, info.current_read_index, m->pub);
	KUNIT_ASSERT_EQ(test, info.current_interrupt_mask, (u32)m->masked);
	KUNIT_ASSERT_EQ(test, info.current_pending_send_sz, m->pending);
	KUNIT_ASSERT_EQ(test, info.bytes_avail_toread,
			model_dist(m, m->pub, m->wpos));
	KUNIT_ASSERT_EQ(test, vmbc_ring_bytes_to_write(m->w),
			model_free(m, m->pub));
	KUNIT_ASSERT_EQ(test, vmbc_ring_bytes_to_read(m->r),
			model_dist(m, m->rpos, m->wpos));
}

static void model_step(struct model *m)
{
	struct kunit *test = m->test;
	u32 op = model_rand(m, 100), bytes;

	if (op < 35) {
		model_write(m, 1);
	} else if (op < 45) {
		model_write(m, 2 + model_rand(m, 5));
	} else if (op < 60) {
		model_read(m, false);
	} else if (op < 65) {
		model_read(m, true);
	} else if (op < 85) {
		model_iter(m);
	} else if (op < 88) {
		KUNIT_ASSERT_EQ(test, vmbc_ring_iter_close(m->r),
				model_close(m));
	} else if (op < 91) {
		vmbc_ring_intr_mask(m->r);
		m->masked = true;
	} else if (op < 94) {
		KUNIT_ASSERT_EQ(test, vmbc_ring_intr_unmask(m->r),
				m->rpos != m->wpos);
		m->masked = false;
	} else if (op < 97) {
		bytes = 8 * (3 + model_rand(m, m->dsize / 8));
		KUNIT_ASSERT_EQ(test, vmbc_ring_request_space(m->w, bytes),
				model_free(m, m->pub) > bytes);
		m->pending = bytes;
	} else if (op < 98) {
		vmbc_ring_cancel_space(m->w);
		m->pending = 0;
	} else {
		model_check_state(m);
	}
}

struct model_case {
	const char *name;
	u32 data_pages;
	u64 seed;
	bool guest_reads;
};

static const struct model_case model_cases[] = {
	{ "1 page, guest writes", 1, 1, false },
	{ "1 page, guest reads", 1, 2, true },
	{ "2 pages, guest writes", 2, 3, false },
	{ "3 pages, guest reads", 3, 4, true },
	{ "1 page, seed 5", 1, 5, false },
	{ "2 pages, seed 6", 2, 6, true },
};

KUNIT_ARRAY_PARAM_DESC(model, model_cases, name);

static void ring_matches_reference_model(struct kunit *test)
{
	const struct model_case c = *(const struct model_case *)
				    test->param_value;
	struct ring_fx *fx = fx_open(test, c.data_pages, 0);
	struct model *m;
	u32 i;

	m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m);
	m->buf = kunit_kzalloc(test, dsize(fx) + 64, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m->buf);
	m->test = test;
	m->w = c.guest_reads ? &fx->h : &fx->g;
	m->r = c.guest_reads ? &fx->g : &fx->h;
	m->dsize = dsize(fx);
	m->rng = c.seed * 0x9e3779b97f4a7c15ULL;
	for (i = 0; i < MODEL_OPS; i++)
		model_step(m);
	model_check_state(m);
	KUNIT_EXPECT_FALSE(test, vmbc_ring_is_broken(&fx->g));
	KUNIT_EXPECT_FALSE(test, vmbc_ring_is_broken(&fx->h));
	/* the sequence must have done real work */
	KUNIT_EXPECT_GT(test, m->writes, MODEL_OPS / 10);
	KUNIT_EXPECT_GT(test, m->reads, MODEL_OPS / 10);
	KUNIT_EXPECT_GT(test, m->signals, 10);
}

/* ------------------------------------------------------------------ */

static struct kunit_case ring_cases[] = {
	KUNIT_CASE(ring_init_zeroes_and_advertises_pending_send),
	KUNIT_CASE(ring_init_rejects_bad_page_count),
	KUNIT_CASE(ring_empty_has_nothing_to_read),
	KUNIT_CASE(ring_exact_fit_refused_one_less_accepted),
	KUNIT_CASE(ring_fills_to_full_and_reports_full_once),
	KUNIT_CASE_PARAM(ring_write_wraps_at_end, wrap_gen_params),
	KUNIT_CASE(ring_zero_length_payload),
	KUNIT_CASE(ring_largest_packet_fits_an_empty_ring),
	KUNIT_CASE(ring_gathers_many_fragments),
	KUNIT_CASE(ring_pads_with_zeroes_and_trails_the_start),
	KUNIT_CASE(ring_signals_only_on_empty_to_nonempty),
	KUNIT_CASE(ring_never_signals_while_masked),
	KUNIT_CASE(ring_pending_send_signals_once_per_transition),
	KUNIT_CASE(ring_batched_read_publishes_once),
	KUNIT_CASE(ring_read_reports_needed_length),
	KUNIT_CASE(ring_raw_read_includes_descriptor),
	KUNIT_CASE(ring_range_packets_hand_out_their_count),
	KUNIT_CASE(ring_batch_write_publishes_once),
	KUNIT_CASE(ring_more_holds_back_then_publishes_once),
	KUNIT_CASE(ring_more_publishes_when_full),
	KUNIT_CASE(ring_nolock_write_takes_no_lock),
	KUNIT_CASE(ring_rejects_malformed_caller_packets),
	KUNIT_CASE_PARAM(ring_rejects_corruption, corrupt_gen_params),
	KUNIT_CASE(ring_ignores_host_writes_to_our_write_index),
	KUNIT_CASE(ring_ignores_host_writes_to_our_read_index),
	KUNIT_CASE(ring_trusts_no_shared_feature_bits),
	KUNIT_CASE(ring_treats_any_mask_bit_as_masked),
	KUNIT_CASE(ring_ignores_impossible_pending_send),
	KUNIT_CASE(ring_iterates_on_its_descriptor_copy),
	KUNIT_CASE(ring_attach_adopts_valid_indices_only),
	KUNIT_CASE(ring_debuginfo_reports_shared_state),
	KUNIT_CASE_PARAM(ring_matches_reference_model, model_gen_params),
	{}
};

static struct kunit_suite ring_suite = {
	.name = "vmbc_ring",
	.exit = ring_exit,
	.test_cases = ring_cases,
};

kunit_test_suite(ring_suite);

MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
