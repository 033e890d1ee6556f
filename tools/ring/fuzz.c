// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: every byte the host writes comes from the input.
 *
 * Two rings, as a channel has: A, host to guest (the guest reads through
 * its view ga), and B, guest to host (the guest writes through gb). The
 * input is a script of operations: the host writes packets (well-formed
 * through its own views ha and hb, or raw bytes anywhere in the data
 * area), sets any header field of either ring to any value, drains B;
 * the guest reads, iterates, closes, masks, writes, asks for space.
 *
 * Besides ASan and UBSan (and the guard pages around every mapping), each
 * operation checks what the ring promises: private indices stay in range
 * and aligned, a packet handed out lies within what the host published
 * and within the limits, a guest write touches only its own packet's
 * bytes, a copy-out never writes past the caller's length.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/errno.h>
#include <linux/mm.h>

#include <vmbc/ring.h>

#define MAX_DATA_PAGES	3

struct in {
	const u8 *p;
	size_t n;
};

static u32 take(struct in *in, u32 bytes)
{
	u32 v = 0, i;

	for (i = 0; i < bytes && in->n; i++, in->n--)
		v |= (u32)*in->p++ << (8 * i);
	return v;
}

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "fuzz: %s:%d: %s\n", __FILE__,	\
				__LINE__, #cond);			\
			abort();					\
		}							\
	} while (0)

/* what the run reached, for RING_FUZZ_STATS=1 */
static unsigned long n_pkts, n_reads, n_writes, n_faults;

static void print_stats(void)
{
	fprintf(stderr, "ring-fuzz: %lu packets iterated, %lu copied out, %lu written, %lu corruptions caught\n",
		n_pkts, n_reads, n_writes, n_faults);
}

static struct page *pages_a[MAX_DATA_PAGES + 1];
static struct page *pages_b[MAX_DATA_PAGES + 1];
static struct hv_ring_buffer_info ga, ha, gb, hb;
static u8 *shadow;

static void setup_once(void)
{
	u32 i;

	if (shadow)
		return;
	if (getenv("RING_FUZZ_STATS"))
		atexit(print_stats);
	for (i = 0; i <= MAX_DATA_PAGES; i++) {
		pages_a[i] = alloc_page(GFP_KERNEL);
		pages_b[i] = alloc_page(GFP_KERNEL);
		CHECK(pages_a[i] && pages_b[i]);
	}
	vmbc_ring_pre_init(&ga);
	vmbc_ring_pre_init(&ha);
	vmbc_ring_pre_init(&gb);
	vmbc_ring_pre_init(&hb);
	shadow = malloc(MAX_DATA_PAGES * PAGE_SIZE);
	CHECK(shadow);
}

static bool idx_ok(u32 idx, u32 dsize)
{
	return idx < dsize && !(idx & 7);
}

static u32 dist(u32 from, u32 to, u32 dsize)
{
	return to >= from ? to - from : dsize - from + to;
}

static void check_views(void)
{
	u32 d = ga.ring_datasize;

	CHECK(idx_ok(ga.priv_read_index, d));
	CHECK(idx_ok(ga.pub_read_index, d));
	CHECK(idx_ok(ga.rd_write_snap, d));
	CHECK(idx_ok(gb.priv_write_index, gb.ring_datasize));
	CHECK(ga.rd_pkt_len <= dist(ga.priv_read_index, ga.rd_write_snap, d));
}

/* A packet handed out must lie inside what the host published. */
static void check_pkt(const struct vmbc_ring_pkt *pkt)
{
	u32 d = ga.ring_datasize;
	const u8 *base = ga.ring_data;
	const u8 *p = pkt->pkt;
	u32 avail = dist(ga.priv_read_index, ga.rd_write_snap, d);
	u32 off = pkt->desc.offset8 * 8;
	static u8 scratch[MAX_DATA_PAGES * PAGE_SIZE];

	CHECK(p == base + ga.priv_read_index);
	CHECK(pkt->pktlen == pkt->desc.len8 * 8u);
	CHECK(pkt->pktlen + VMBC_RING_TRAILER_SIZE <= avail);
	CHECK(pkt->pktlen <= ga.max_pkt_size);
	CHECK(off >= 16 && off <= pkt->pktlen);
	CHECK((const u8 *)pkt->data == p + off);
	CHECK(pkt->datalen == pkt->pktlen - off);
	CHECK(!(pkt->desc.flags & ~1u));
	if (pkt->range_cnt)
		CHECK(24 + 8ull * pkt->range_cnt <= off);
	/* every byte the caller may touch is mapped */
	memcpy(scratch, p, pkt->pktlen);
}

static void host_packet(struct in *in)
{
	static const u16 types[] = { VM_PKT_DATA_INBAND, VM_PKT_COMP,
				     VM_PKT_DATA_USING_XFER_PAGES,
				     VM_PKT_DATA_USING_GPADL,
				     VM_PKT_DATA_USING_GPA_DIRECT };
	u8 buf[72 + 600];
	struct vmpacket_descriptor *d = (void *)buf;
	u32 len = take(in, 2) % 600, hdr, ev, t, f;
	struct kvec kv;

	hdr = 16 + 8 * (take(in, 1) % 8);
	memset(buf, take(in, 1), sizeof(buf));
	/* mostly what a host sends, sometimes anything */
	t = take(in, 1);
	f = take(in, 1);
	d->type = t < 224 ? types[t % 5] : take(in, 2);
	d->flags = f < 224 ? f & 1 : take(in, 2);
	d->offset8 = hdr / 8;
	d->len8 = (hdr + len + 7) / 8;
	d->trans_id = take(in, 4);
	if (hdr >= 24)
		*(u32 *)(buf + 20) = take(in, 1) % 8;
	kv.iov_base = buf;
	kv.iov_len = hdr + len;
	vmbc_ring_write(&ha, &kv, 1, &ev);
}

static void host_raw(struct in *in)
{
	u32 d = ha.ring_datasize;
	u32 off = take(in, 2) % d, n = take(in, 1) % 64, i;

	for (i = 0; i < n; i++)
		ha.ring_data[(off + i) % d] = take(in, 1);
}

static void host_header(struct in *in)
{
	struct hv_ring_buffer *rb = take(in, 1) & 1 ? ha.ring_buffer :
						      hb.ring_buffer;
	u32 field = take(in, 1) % 17, v = take(in, 4), *w = (u32 *)rb;

	/* the four indices and masks, or feature_bits (word 16) */
	WRITE_ONCE(w[field < 4 ? field : 16], v);
}

static void host_plausible_wi(struct in *in)
{
	u32 d = ga.ring_datasize;

	WRITE_ONCE(ga.ring_buffer->write_index,
		   (ga.priv_read_index + 8 * take(in, 2)) % d);
}

static void host_drain_b(struct in *in)
{
	struct vmbc_ring_pkt pkt;
	u32 k = take(in, 1) % 8;

	if (!vmbc_ring_iter_first(&hb, &pkt))
		while (k-- && !vmbc_ring_iter_next(&hb, &pkt))
			;
	vmbc_ring_iter_close(&hb);
}

static void guest_read(struct in *in)
{
	u32 buflen = take(in, 2) % 2048 + 1, actual = 0;
	u8 *buf = malloc(buflen);	/* exactly buflen: ASan sees overflows */
	bool raw = take(in, 1) & 1, sig;
	u64 id;
	int ret;

	CHECK(buf);
	ret = (raw ? vmbc_ring_read_raw : vmbc_ring_read)(&ga, buf, buflen,
							 &actual, &id, &sig);
	if (!ret) {
		CHECK(actual <= buflen);
		n_reads += actual > 0;
	} else {
		CHECK(ret == -ENOBUFS || ret == -EIO || ret == -EBADMSG);
	}
	if (ret)
		CHECK(!sig);
	free(buf);
}

static void guest_iter(struct in *in)
{
	struct vmbc_ring_pkt pkt;
	u32 k = take(in, 1) % 16;
	int ret;

	ret = vmbc_ring_iter_first(&ga, &pkt);
	while (!ret) {
		check_pkt(&pkt);
		n_pkts++;
		if (!k--)
			break;
		ret = vmbc_ring_iter_next(&ga, &pkt);
	}
	if (ret)
		CHECK(ret == -EAGAIN || ret == -EIO || ret == -EBADMSG);
	if (ret == -EIO || ret == -EBADMSG)
		CHECK(vmbc_ring_is_broken(&ga));
	n_faults += ret == -EBADMSG;
	if (take(in, 1) & 1)
		vmbc_ring_iter_close(&ga);
}

static void guest_write(struct in *in, u32 count)
{
	u8 payload[700];
	struct vmpacket_descriptor desc[4];
	struct vmbc_ring_out out[4];
	struct kvec kv[4][2];
	u32 d = gb.ring_datasize, old = gb.priv_write_index, need = 0, i, ev;
	int ret;

	memset(payload, 0x3c, sizeof(payload));
	for (i = 0; i < count; i++) {
		u32 len = take(in, 2) % sizeof(payload);

		desc[i] = (struct vmpacket_descriptor){
			.type = VM_PKT_DATA_INBAND, .offset8 = 2,
			.len8 = (16 + len + 7) / 8, .trans_id = i,
		};
		kv[i][0].iov_base = &desc[i];
		kv[i][0].iov_len = 16;
		kv[i][1].iov_base = payload;
		kv[i][1].iov_len = len;
		out[i].kv = kv[i];
		out[i].kv_count = 2;
	}
	memcpy(shadow, gb.ring_data, d);
	ret = vmbc_ring_write_batch(&gb, out, count, &ev);
	if (ret > 0) {
		n_writes += ret;
		for (i = 0; i < (u32)ret; i++)
			need += vmbc_ring_packet_bytes(16 + kv[i][1].iov_len);
		CHECK(need < d);
		CHECK(gb.priv_write_index == (old + need) % d);
	} else {
		CHECK(gb.priv_write_index == old);
		CHECK(!(ev & VMBC_RING_EV_SIGNAL));
	}
	/* only the bytes of the packets written may have changed */
	i = (old + need) % d;
	if (i > old || !need) {
		CHECK(!memcmp(gb.ring_data + i, shadow + i, d - i));
		CHECK(!memcmp(gb.ring_data, shadow, need ? old : d));
	} else {
		CHECK(!memcmp(gb.ring_data + i, shadow + i, old - i));
	}
}

static void remap(u32 pages, u32 max_pkt)
{
	vmbc_ring_uninit(&ga);
	vmbc_ring_uninit(&ha);
	vmbc_ring_uninit(&gb);
	vmbc_ring_uninit(&hb);
	CHECK(!vmbc_ring_init(&ga, pages_a, pages + 1, max_pkt));
	CHECK(!vmbc_ring_attach(&ha, pages_a, pages + 1, 0));
	CHECK(!vmbc_ring_init(&gb, pages_b, pages + 1, 0));
	CHECK(!vmbc_ring_attach(&hb, pages_b, pages + 1, 0));
}

static void guest_misc(struct in *in)
{
	struct hv_ring_buffer_debug_info info;

	switch (take(in, 1) % 9) {
	case 0:
		vmbc_ring_intr_mask(&ga);
		break;
	case 1:
		vmbc_ring_intr_unmask(&ga);
		break;
	case 2:
		vmbc_ring_request_space(&gb, take(in, 4));
		break;
	case 3:
		vmbc_ring_cancel_space(&gb);
		break;
	case 4:
		CHECK(!vmbc_ring_get_debuginfo(&ga, &info));
		CHECK(info.bytes_avail_toread <= ga.ring_datasize);
		CHECK(!vmbc_ring_get_debuginfo(&gb, &info));
		break;
	case 5:
		CHECK(vmbc_ring_bytes_to_read(&ga) < ga.ring_datasize);
		CHECK(vmbc_ring_bytes_to_write(&gb) <= gb.ring_datasize);
		break;
	case 6:
		vmbc_ring_iter_close(&ga);
		break;
	case 7:
		/* a channel re-opened after a corruption: start over */
		remap(ga.ring_datasize / PAGE_SIZE, take(in, 2));
		break;
	default:
		host_plausible_wi(in);
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	u32 pages = 1 + take(&in, 1) % MAX_DATA_PAGES;
	u32 max_pkt = take(&in, 1) % 4 ? 0 : take(&in, 2);
	u32 steps = 0;

	setup_once();
	remap(pages, max_pkt);

	while (in.n && steps++ < 256) {
		switch (take(&in, 1) % 12) {
		case 0:
		case 1:
			host_packet(&in);
			break;
		case 2:
			host_raw(&in);
			break;
		case 3:
			host_header(&in);
			break;
		case 4:
			host_drain_b(&in);
			break;
		case 5:
			guest_read(&in);
			break;
		case 6:
		case 7:
			guest_iter(&in);
			break;
		case 8:
			guest_write(&in, 1);
			break;
		case 9:
			guest_write(&in, 1 + take(&in, 1) % 4);
			break;
		default:
			guest_misc(&in);
			break;
		}
		check_views();
	}

	vmbc_ring_uninit(&ga);
	vmbc_ring_uninit(&ha);
	vmbc_ring_uninit(&gb);
	vmbc_ring_uninit(&hb);
	return 0;
}
