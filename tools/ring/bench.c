// SPDX-License-Identifier: GPL-2.0
/*
 * Ring benchmark: drivers/vmbus/ring.c on the paths drivers take, against
 * two baselines written here from reading Linux's ring code, and against
 * the copy bound, all measured in the same run.
 *
 * The paths (what moves one packet from a driver's send to the host, and
 * from the host to what a driver's callback holds):
 *   driver       the writer as vmbus_sendpacket() calls it: one
 *                vmbc_ring_write_flags() per packet, under the ring's
 *                lock. The reader as the channel callback gets packets:
 *                vmbc_ring_iter_first()/next(), each packet copied whole
 *                into a private buffer with the validated descriptor over
 *                it (vmbc_take_packet()), one close per batch.
 *   driver-more  the same reader; the writer as a driver using vmbc's
 *                extensions: vmbc_sendpacket_more() for all but the last
 *                packet of a batch, on a channel declared single-sender
 *                (no lock): one publication and one signal decision per
 *                batch.
 *   batch        vmbc_ring_write_batch(), which no driver calls: the
 *                ring's own best case, labelled as such.
 * The baselines, the same work in the same harness:
 *   v52          Linux v5.2's algorithm: a double-mapped ring, one copy in
 *                per fragment, wrap by compare-and-subtract, a full
 *                barrier before the write index and one after it for the
 *                signal; the reader reads descriptors in place (the driver
 *                copies the payload out) and gives space back once per
 *                batch (hv_pkt_iter_close()).
 *   linux612     Linux 6.12's: the same writer; the reader copies each
 *                packet into a per-channel buffer, clamping its lengths
 *                to that buffer, and the driver reads the copy.
 *   copy         two memcpy of the payload per packet through a window the
 *                size of the ring (in, then out), positions advanced by
 *                compare-and-subtract: what no ring can beat.
 *
 * Every configuration (payload size, batch, threads) runs each path, each
 * baseline and the copy bound once per round, interleaved, for ROUNDS
 * rounds; a figure is the median of its rounds, spread the range of its
 * rounds over the median. threads=1 alternates writer and reader on one
 * thread; threads=2 pins the writer to CPU 0 and the reader to CPU 1,
 * which wake each other through the ring's own signalling protocol.
 *
 * One line per figure:
 *   ring path=P size=B batch=N threads=T ns_per_packet=X vs_v52=R
 *        vs_linux612=R vs_copy=R signals_per_packet=S spread=P%
 * vs_* are the baseline's time over the path's (above 1: the path is
 * faster). signals_per_packet counts the writer's signals to the reader;
 * the comment lines after the table count both directions and the
 * spurious ones (a signal raised while the reader had provably been
 * masked since before the write, or had not emptied the ring; for the
 * reader's, while the writer had asked for nothing).
 *
 *   ring_bench [-t seconds per run] [-r rounds] [-o size:batch:threads]
 *              [-p path] [-q]
 * -p runs one path or baseline alone (for a profiler); its line then
 * compares it with nothing (ratios print as 0).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

#include <asm/barrier.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include <vmbc/ring.h>

#define MAX_BATCH	32
#define MAX_ROUNDS	31

static double secs_per_run = 0.1;
static int rounds = 7;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
}

enum impl {
	I_DRIVER, I_DRIVER_MORE, I_BATCH, I_V52, I_L612, I_COUNT
};

static const char *const impl_names[I_COUNT] = {
	"driver", "driver-more", "batch", "v52", "linux612",
};

/* ------------------------------------------------------------------ */
/* The baselines: Linux's algorithms, re-expressed                     */

/*
 * A double-mapped ring as Linux has mapped it since 4.x: header, data,
 * data again, so that any packet is one copy in and one out.
 */
struct base {
	struct hv_ring_buffer *rb;
	u8 *data;
	u32 dsize;
	spinlock_t lock;	/* serialises writers */
	u32 priv_read;		/* the reader's iterator */
	u8 *pkt_buffer;		/* 6.12's per-channel copy */
	u32 pkt_buffer_size;
};

static u32 base_free(const struct base *b, u32 wi, u32 ri)
{
	return wi >= ri ? b->dsize - (wi - ri) : ri - wi;
}

/* hv_ringbuffer_write(), v5.2 and 6.12 alike */
static int base_write(struct base *b, const struct kvec *kv, u32 n,
		      bool *signal)
{
	struct hv_ring_buffer *rb = b->rb;
	u32 total = sizeof(u64), i, ri, wi, next;
	unsigned long flags;
	u64 prev;

	for (i = 0; i < n; i++)
		total += kv[i].iov_len;
	spin_lock_irqsave(&b->lock, flags);
	ri = READ_ONCE(rb->read_index);
	wi = READ_ONCE(rb->write_index);
	if (base_free(b, wi, ri) <= total) {
		spin_unlock_irqrestore(&b->lock, flags);
		return -EAGAIN;
	}
	next = wi;
	for (i = 0; i < n; i++) {
		memcpy(b->data + next, kv[i].iov_base, kv[i].iov_len);
		next += kv[i].iov_len;
		if (next >= b->dsize)
			next -= b->dsize;
	}
	prev = (u64)wi << 32;
	memcpy(b->data + next, &prev, sizeof(prev));
	next += sizeof(prev);
	if (next >= b->dsize)
		next -= b->dsize;
	virt_mb();		/* the packet before the index */
	WRITE_ONCE(rb->write_index, next);
	spin_unlock_irqrestore(&b->lock, flags);

	/* hv_signal_on_write() */
	virt_mb();
	*signal = false;
	if (READ_ONCE(rb->interrupt_mask))
		return 0;
	virt_rmb();
	*signal = wi == READ_ONCE(rb->read_index);
	return 0;
}

static u32 base_avail(struct base *b)
{
	u32 wi = READ_ONCE(b->rb->write_index);

	virt_rmb();		/* the index before the packet bytes */
	return wi >= b->priv_read ? wi - b->priv_read :
				    b->dsize - b->priv_read + wi;
}

/* hv_pkt_iter_first(): v5.2 in place, 6.12 copied into pkt_buffer */
static const struct vmpacket_descriptor *base_first(struct base *b,
						    bool copy)
{
	const struct vmpacket_descriptor *desc;
	struct vmpacket_descriptor *c;
	u32 len, off;

	if (base_avail(b) < sizeof(*desc))
		return NULL;
	desc = (const void *)(b->data + b->priv_read);
	if (!copy)
		return desc;
	len = desc->len8 << 3;
	off = desc->offset8 << 3;
	if (len > b->pkt_buffer_size)
		len = b->pkt_buffer_size;
	if (off > len)
		off = len;
	memcpy(b->pkt_buffer, desc, len);
	c = (void *)b->pkt_buffer;
	c->len8 = len >> 3;
	c->offset8 = off >> 3;
	return c;
}

/* __hv_pkt_iter_next(): past the packet in the ring, by its length there */
static const struct vmpacket_descriptor *base_next(struct base *b, bool copy)
{
	const struct vmpacket_descriptor *desc =
		(const void *)(b->data + b->priv_read);

	b->priv_read += (desc->len8 << 3) + sizeof(u64);
	if (b->priv_read >= b->dsize)
		b->priv_read -= b->dsize;
	return base_first(b, copy);
}

/* hv_pkt_iter_close(): give back once, signal a waiting writer */
static bool base_close(struct base *b)
{
	struct hv_ring_buffer *rb = b->rb;
	u32 pending, wi, now_free, start, bytes_read;

	virt_rmb();		/* our reads before the index */
	start = READ_ONCE(rb->read_index);
	WRITE_ONCE(rb->read_index, b->priv_read);
	virt_mb();		/* the index before pending_send_sz */
	pending = READ_ONCE(rb->pending_send_sz);
	if (!pending)
		return false;
	virt_rmb();
	wi = READ_ONCE(rb->write_index);
	now_free = base_free(b, wi, b->priv_read);
	bytes_read = b->priv_read >= start ? b->priv_read - start :
					     b->dsize - start + b->priv_read;
	/* blocked before this batch, unblocked after */
	return now_free > pending && now_free - bytes_read <= pending;
}

/* ------------------------------------------------------------------ */
/* One ring under test                                                 */

struct bench {
	enum impl impl;
	u32 size;		/* payload bytes */
	u32 batch;
	u32 dsize;
	struct page **pages;
	u32 page_cnt;
	/* vmbc: the writer's view and the reader's */
	struct hv_ring_buffer_info g, h;
	struct hv_ring_buffer_info *rd;
	u8 *pkt_copy;		/* the channel's private packet copy */
	/* baselines */
	struct base b;
	void *base_map;
	/* packets */
	struct vmpacket_descriptor desc[MAX_BATCH];
	struct kvec kv[MAX_BATCH][3];
	struct vmbc_ring_out out[MAX_BATCH];
	u8 *src, *dst;
	u64 pad;
	u32 need;		/* ring bytes of one packet */
	/* accounting; each side's on its own cache line */
	u64 prod_bytes __attribute__((aligned(64)));
	u64 request_epoch;	/* odd while the writer asks for space */
	u64 host_signals, host_spurious;	/* writer -> reader */
	u64 cons_bytes __attribute__((aligned(64)));
	u64 cons_published;	/* what the reader has given back */
	u64 mask_epoch;		/* odd while the reader is masked */
	u64 writer_signals, writer_spurious;	/* reader -> writer */
};

static bool is_base(const struct bench *t)
{
	return t->impl == I_V52 || t->impl == I_L612;
}

static u32 ring_bytes_for(u32 size)
{
	u32 need = 32 * vmbc_ring_packet_bytes(16 + size) + 1, d = 256 * 1024;

	while (d < need)
		d *= 2;
	return d;
}

static void bench_open(struct bench *t, enum impl impl, u32 size, u32 batch,
		       int threads)
{
	struct page **map;
	u32 i, data_pages;

	memset(t, 0, sizeof(*t));
	t->impl = impl;
	t->size = size;
	t->batch = batch;
	t->dsize = ring_bytes_for(size);
	t->need = vmbc_ring_packet_bytes(16 + size);
	t->src = aligned_alloc(64, size + 64);
	t->dst = aligned_alloc(64, size + 64);
	memset(t->src, 0x5c, size + 64);
	memset(t->dst, 0, size + 64);
	for (i = 0; i < MAX_BATCH; i++) {
		t->desc[i] = (struct vmpacket_descriptor){
			.type = VM_PKT_DATA_INBAND, .offset8 = 2,
			.len8 = (16 + size + 7) / 8, .trans_id = i,
		};
		t->kv[i][0].iov_base = &t->desc[i];
		t->kv[i][0].iov_len = 16;
		t->kv[i][1].iov_base = t->src;
		t->kv[i][1].iov_len = size;
		/* Linux's callers pass the padding themselves */
		t->kv[i][2].iov_base = &t->pad;
		t->kv[i][2].iov_len = ((16 + size + 7) & ~7U) - 16 - size;
		t->out[i].kv = t->kv[i];
		t->out[i].kv_count = 2;
	}
	data_pages = t->dsize / PAGE_SIZE;
	t->page_cnt = 1 + data_pages;
	t->pages = calloc(t->page_cnt, sizeof(*t->pages));
	for (i = 0; i < t->page_cnt; i++)
		t->pages[i] = alloc_page(GFP_KERNEL);
	t->pkt_copy = aligned_alloc(64, t->dsize);
	if (is_base(t)) {
		map = calloc(1 + 2 * data_pages, sizeof(*map));
		map[0] = t->pages[0];
		for (i = 0; i < data_pages; i++)
			map[1 + i] = map[1 + data_pages + i] = t->pages[1 + i];
		t->base_map = vmap(map, 1 + 2 * data_pages, VM_MAP,
				   PAGE_KERNEL);
		free(map);
		if (!t->base_map)
			abort();
		memset(t->base_map, 0, PAGE_SIZE + t->dsize);
		t->b.rb = t->base_map;
		t->b.rb->feature_bits.value = HV_RING_FEAT_PENDING_SEND_SZ;
		t->b.data = (u8 *)t->base_map + PAGE_SIZE;
		t->b.dsize = t->dsize;
		t->b.pkt_buffer = t->pkt_copy;
		t->b.pkt_buffer_size = t->dsize;
		spin_lock_init(&t->b.lock);
		return;
	}
	vmbc_ring_pre_init(&t->g);
	vmbc_ring_pre_init(&t->h);
	if (vmbc_ring_init(&t->g, t->pages, t->page_cnt, 0) ||
	    vmbc_ring_attach(&t->h, t->pages, t->page_cnt, 0))
		abort();
	/*
	 * Two threads: the reader has its own view, as a host has. One
	 * thread: the same view, since reading a line through a second
	 * mapping right after writing it through the first costs the CPU a
	 * memory-ordering machine clear every time, which no real pair of
	 * guest and host ever pays. (The baselines use one mapping.)
	 */
	t->rd = threads == 1 ? &t->g : &t->h;
}

static void bench_close(struct bench *t)
{
	u32 i;

	free(t->src);
	free(t->dst);
	free(t->pkt_copy);
	if (is_base(t)) {
		vunmap(t->base_map);
	} else {
		vmbc_ring_uninit(&t->g);
		vmbc_ring_uninit(&t->h);
	}
	for (i = 0; i < t->page_cnt; i++)
		__free_page(t->pages[i]);
	free(t->pages);
}

static struct hv_ring_buffer *header(struct bench *t)
{
	return is_base(t) ? t->b.rb : t->g.ring_buffer;
}

static u64 epoch(u64 *e)
{
	return __atomic_load_n(e, __ATOMIC_ACQUIRE);
}

static void epoch_step(u64 *e)
{
	__atomic_store_n(e, *e + 1, __ATOMIC_RELEASE);
}

/*
 * The writer raised a signal for packets from @old_pos on; the reader's
 * mask epoch was @mask0 before the write.
 */
static void host_signal(struct bench *t, u64 old_pos, u64 mask0)
{
	t->host_signals++;
	/* provably masked all along, or provably not empty */
	if (((mask0 & 1) && epoch(&t->mask_epoch) == mask0) ||
	    __atomic_load_n(&t->cons_published, __ATOMIC_ACQUIRE) < old_pos)
		t->host_spurious++;
}

/*
 * The reader raised a pending-send signal; the writer's request epoch was
 * @req0 before the reader's close.
 */
static void writer_signal(struct bench *t, u64 req0)
{
	t->writer_signals++;
	if (!(req0 & 1) && epoch(&t->request_epoch) == req0)
		t->writer_spurious++;
}

/*
 * Up to @k packets in, as the path's driver sends them; returns how many
 * went in; *signal when the writer must signal the reader, *from the
 * byte position the signal is for.
 */
static u32 produce(struct bench *t, u32 k, bool *signal)
{
	u32 n = 0, ev = 0, flags;
	bool sig;
	int ret;

	*signal = false;
	switch (t->impl) {
	case I_V52:
	case I_L612:
		for (n = 0; n < k; n++) {
			if (base_write(&t->b, t->kv[n], 3, &sig))
				break;
			*signal |= sig;
		}
		return n;
	case I_DRIVER:
		for (n = 0; n < k; n++) {
			if (vmbc_ring_write_flags(&t->g, &t->out[n], 1, &ev,
						  0) != 1)
				break;
			*signal |= ev & VMBC_RING_EV_SIGNAL;
		}
		return n;
	case I_DRIVER_MORE:
		for (n = 0; n < k; n++) {
			flags = VMBC_RING_NOLOCK;
			if (n + 1 < k)
				flags |= VMBC_RING_MORE;
			ret = vmbc_ring_write_flags(&t->g, &t->out[n], 1, &ev,
						    flags);
			*signal |= ev & VMBC_RING_EV_SIGNAL;
			if (ret != 1)
				break;
		}
		/* a burst cut short by a full ring was published by it */
		return n;
	default:
		ret = vmbc_ring_write_batch(&t->g, t->out, k, &ev);
		*signal = ev & VMBC_RING_EV_SIGNAL;
		return ret > 0 ? ret : 0;
	}
}

/*
 * The reader is about to give back everything up to @pos: say so first,
 * so that a writer that sees the new read_index also sees this.
 */
static void announce(struct bench *t, u64 pos)
{
	__atomic_store_n(&t->cons_published, pos, __ATOMIC_RELEASE);
}

/* What the driver's callback holds of a vmbc packet: vmbc_take_packet(). */
static void take_packet(struct bench *t, const struct vmbc_ring_pkt *pkt)
{
	memcpy(t->pkt_copy, pkt->pkt, pkt->pktlen);
	memcpy(t->pkt_copy, &pkt->desc, sizeof(pkt->desc));
	/* the driver's reads of it: the copy must be real */
	__asm__ __volatile__("" : : "r"(t->pkt_copy) : "memory");
}

/* Up to @k packets out, as the path's driver gets them; one close. */
static u32 consume(struct bench *t, u32 k, bool *signal)
{
	const struct vmpacket_descriptor *d;
	struct vmbc_ring_pkt pkt;
	u32 n = 0;
	int ret;

	*signal = false;
	if (is_base(t)) {
		bool copy = t->impl == I_L612;

		for (d = base_first(&t->b, copy); d;
		     d = base_next(&t->b, copy)) {
			/* v5.2's driver copies the payload out of the ring */
			if (!copy)
				memcpy(t->dst, (const u8 *)d + (d->offset8 << 3),
				       (d->len8 - d->offset8) << 3);
			__asm__ __volatile__("" : : "r"(t->dst), "r"(d) :
					     "memory");
			if (++n == k) {
				/* past it before the close, as the iterator */
				t->b.priv_read += (d->len8 << 3) + 8;
				if (t->b.priv_read >= t->b.dsize)
					t->b.priv_read -= t->b.dsize;
				break;
			}
		}
		if (n) {
			t->cons_bytes += (u64)n * t->need;
			announce(t, t->cons_bytes);
			*signal = base_close(&t->b);
		}
		return n;
	}
	ret = vmbc_ring_iter_first(t->rd, &pkt);
	while (!ret) {
		take_packet(t, &pkt);
		ret = vmbc_ring_iter_next(t->rd, &pkt);
		if (++n == k)
			break;
	}
	t->cons_bytes += (u64)n * t->need;
	announce(t, t->cons_bytes);
	*signal = vmbc_ring_iter_close(t->rd);
	return n;
}

/* The mask epoch is odd only while the mask is certainly set. */
static void host_mask(struct bench *t)
{
	if (is_base(t))
		WRITE_ONCE(t->b.rb->interrupt_mask, 1);
	else
		vmbc_ring_intr_mask(t->rd);
	epoch_step(&t->mask_epoch);
}

/* true: data arrived after all */
static bool host_unmask(struct bench *t)
{
	struct hv_ring_buffer *rb = header(t);

	epoch_step(&t->mask_epoch);
	if (!is_base(t))
		return vmbc_ring_intr_unmask(t->rd);
	WRITE_ONCE(rb->interrupt_mask, 0);
	virt_mb();
	return READ_ONCE(rb->write_index) != t->b.priv_read;
}

/* ------------------------------------------------------------------ */

static double run_one_thread(struct bench *t)
{
	double t0 = now(), t1 = t0;
	u64 packets = 0, iter = 0, mask0;
	bool sig;
	u32 n, c;

	do {
		mask0 = t->mask_epoch;
		n = produce(t, t->batch, &sig);
		if (sig)
			host_signal(t, t->prod_bytes, mask0);
		t->prod_bytes += (u64)n * t->need;
		host_mask(t);
		do {
			c = consume(t, t->batch, &sig);
			if (sig)
				writer_signal(t, t->request_epoch);
		} while (c);
		if (host_unmask(t))
			abort();	/* nothing can arrive: one thread */
		packets += n;
		if (++iter % 64 == 0)
			t1 = now();
	} while (t1 - t0 < secs_per_run || !packets);
	return (t1 - t0) * 1e9 / packets;
}

/* Each side writes only its own cache line. */
struct two {
	struct bench *t;
	bool stop, lost;
	u64 doorbell_host __attribute__((aligned(64)));	/* writer -> reader */
	u64 produced;
	bool done;
	u64 doorbell_writer __attribute__((aligned(64)));	/* reader -> writer */
	u64 consumed;
};

static bool spin_until_changed(u64 *bell, u64 seen)
{
	double t0 = 0;
	u32 spins = 0;

	while (__atomic_load_n(bell, __ATOMIC_ACQUIRE) == seen) {
		_mm_pause();
		if (++spins % 4096 == 0) {
			if (!t0)
				t0 = now();
			else if (now() - t0 > 1.0)
				return false;	/* a lost wakeup */
		}
	}
	return true;
}

static void *producer(void *arg)
{
	struct two *w = arg;
	struct bench *t = w->t;
	struct hv_ring_buffer *rb = header(t);
	u32 want = t->batch * t->need, n;
	bool sig, ready;
	u64 seen;

	if (want > t->dsize / 2)
		want = t->dsize / 2;
	pin(0);
	while (!__atomic_load_n(&w->stop, __ATOMIC_RELAXED)) {
		u64 mask0 = epoch(&t->mask_epoch);

		n = produce(t, t->batch, &sig);
		if (n) {
			t->prod_bytes += (u64)n * t->need;
			__atomic_store_n(&w->produced, w->produced + n,
					 __ATOMIC_RELEASE);
		}
		if (sig) {
			host_signal(t, t->prod_bytes - (u64)n * t->need,
				    mask0);
			__atomic_add_fetch(&w->doorbell_host, 1,
					   __ATOMIC_RELEASE);
		}
		if (n)
			continue;
		/*
		 * Full: ask for room for a whole batch (so that the reader
		 * signals once per batch, not per packet), re-check, wait.
		 */
		seen = __atomic_load_n(&w->doorbell_writer, __ATOMIC_ACQUIRE);
		epoch_step(&t->request_epoch);
		if (is_base(t)) {
			u32 ri, wi;

			WRITE_ONCE(rb->pending_send_sz, want);
			virt_mb();
			ri = READ_ONCE(rb->read_index);
			wi = READ_ONCE(rb->write_index);
			ready = base_free(&t->b, wi, ri) > want;
		} else {
			ready = vmbc_ring_request_space(&t->g, want);
		}
		if (!ready && !spin_until_changed(&w->doorbell_writer, seen)) {
			w->lost = true;
			break;
		}
		if (is_base(t))
			WRITE_ONCE(rb->pending_send_sz, 0);
		else
			vmbc_ring_cancel_space(&t->g);
		epoch_step(&t->request_epoch);
	}
	__atomic_store_n(&w->done, true, __ATOMIC_RELEASE);
	__atomic_add_fetch(&w->doorbell_host, 1, __ATOMIC_RELEASE);
	return NULL;
}

static void *consumer(void *arg)
{
	struct two *w = arg;
	struct bench *t = w->t;
	u64 seen;
	bool sig;
	u32 c;

	pin(1);
	for (;;) {
		host_mask(t);
		do {
			u64 req0 = epoch(&t->request_epoch);

			c = consume(t, t->batch, &sig);
			w->consumed += c;
			if (sig) {
				writer_signal(t, req0);
				__atomic_add_fetch(&w->doorbell_writer, 1,
						   __ATOMIC_RELEASE);
			}
		} while (c);
		seen = __atomic_load_n(&w->doorbell_host, __ATOMIC_ACQUIRE);
		if (host_unmask(t))
			continue;
		if (__atomic_load_n(&w->done, __ATOMIC_ACQUIRE) &&
		    w->consumed == __atomic_load_n(&w->produced,
						   __ATOMIC_ACQUIRE))
			break;
		if (!spin_until_changed(&w->doorbell_host, seen)) {
			w->lost = true;
			break;
		}
	}
	return NULL;
}

static double run_two_threads(struct bench *t)
{
	struct two w = { .t = t };
	pthread_t p, c;
	double t0, t1;

	t0 = now();
	pthread_create(&c, NULL, consumer, &w);
	pthread_create(&p, NULL, producer, &w);
	usleep(secs_per_run * 1e6);
	__atomic_store_n(&w.stop, true, __ATOMIC_RELAXED);
	pthread_join(p, NULL);
	pthread_join(c, NULL);
	t1 = now();
	if (w.lost || w.consumed != w.produced || !w.consumed) {
		fprintf(stderr, "bench: %s lost a wakeup or packets (%llu of %llu)\n",
			impl_names[t->impl], (unsigned long long)w.consumed,
			(unsigned long long)w.produced);
		exit(1);
	}
	return (t1 - t0) * 1e9 / w.consumed;
}

/*
 * Two memcpy of the payload through a window the size of the ring, in the
 * ring's order: @batch packets in, then the same @batch out; positions
 * advance by compare-and-subtract, as a ring's do.
 */
static double copy_bound(u32 size, u32 dsize, u32 batch)
{
	/* as the ring's double mapping: a copy may run past the end */
	u32 extra = (size + 4095) & ~4095U;
	u8 *window = aligned_alloc(4096, dsize + extra);
	u8 *src = aligned_alloc(64, size + 64);
	u8 *dst = aligned_alloc(64, size + 64);
	u32 step = vmbc_ring_packet_bytes(16 + size), pos = 0, i, start;
	double t0, t1 = 0;
	u64 n = 0;

	memset(window, 0, dsize + extra);
	memset(src, 0x5c, size + 64);
	t0 = now();
	do {
		start = pos;
		for (i = 0; i < batch; i++) {
			memcpy(window + pos, src, size);
			pos += step;
			if (pos >= dsize)
				pos -= dsize;
		}
		for (i = 0, pos = start; i < batch; i++) {
			memcpy(dst, window + pos, size);
			/* both buffers escape: no copy is dead */
			__asm__ __volatile__("" : : "r"(window), "r"(dst) :
					     "memory");
			pos += step;
			if (pos >= dsize)
				pos -= dsize;
		}
		n += batch;
		if (n % 256 < batch)
			t1 = now();
	} while (t1 - t0 < secs_per_run);
	free(window);
	free(src);
	free(dst);
	return (t1 - t0) * 1e9 / n;
}

/* What one configuration gathered over the rounds. */
struct figures {
	double ns[I_COUNT][MAX_ROUNDS];
	double copy[MAX_ROUNDS];
	double signals[I_COUNT];	/* to the reader, per packet */
	u64 host[I_COUNT], host_spurious[I_COUNT];
	u64 writer[I_COUNT], writer_spurious[I_COUNT];
	u64 packets[I_COUNT];
};

static void run_impl(struct figures *f, enum impl impl, u32 size,
		     u32 batch, int threads, int round)
{
	struct bench *t = malloc(sizeof(*t));

	bench_open(t, impl, size, batch, threads);
	f->ns[impl][round] = threads == 1 ? run_one_thread(t) :
					    run_two_threads(t);
	f->host[impl] += t->host_signals;
	f->host_spurious[impl] += t->host_spurious;
	f->writer[impl] += t->writer_signals;
	f->writer_spurious[impl] += t->writer_spurious;
	f->packets[impl] += t->cons_bytes / t->need;
	bench_close(t);
	free(t);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of @n samples; *@spread their range over it, in percent. */
static double median(const double *samples, int n, double *spread)
{
	double s[MAX_ROUNDS];
	double m;

	memcpy(s, samples, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	if (spread)
		*spread = 100 * (s[n - 1] - s[0]) / m;
	return m;
}

static void report(const struct figures *f, u32 size, u32 batch,
		   int threads)
{
	double v52 = median(f->ns[I_V52], rounds, NULL);
	double l612 = median(f->ns[I_L612], rounds, NULL);
	double copy = median(f->copy, rounds, NULL);
	double ns, spread;
	int i;

	for (i = I_DRIVER; i <= I_BATCH; i++) {
		if (!f->packets[i])
			continue;	/* not run (-p) */
		ns = median(f->ns[i], rounds, &spread);
		printf("ring path=%s size=%u batch=%u threads=%d ns_per_packet=%.1f vs_v52=%.2f vs_linux612=%.2f vs_copy=%.2f signals_per_packet=%.4f spread=%.0f%%\n",
		       impl_names[i], size, batch, threads, ns, v52 / ns,
		       l612 / ns, copy / ns,
		       (double)f->host[i] / f->packets[i], spread);
	}
	printf("# baselines size=%u batch=%u threads=%d: v52 %.1f ns, linux612 %.1f ns, copy %.1f ns per packet\n",
	       size, batch, threads, v52, l612, copy);
	for (i = 0; i < I_COUNT; i++)
		if (f->packets[i])
			printf("# signals path=%s size=%u batch=%u threads=%d: to the reader %.4f/packet (%llu spurious), to the writer %.4f/packet (%llu spurious)\n",
			       impl_names[i], size, batch, threads,
			       (double)f->host[i] / f->packets[i],
			       (unsigned long long)f->host_spurious[i],
			       (double)f->writer[i] / f->packets[i],
			       (unsigned long long)f->writer_spurious[i]);
}

int main(int argc, char **argv)
{
	static const u32 sizes[] = { 64, 1500, 65536 };
	static const u32 batches[] = { 1, 32 };
	struct figures *f = malloc(sizeof(*f));
	const char *only = NULL, *path = NULL;
	int opt, threads, r, i;
	char name[64];
	u32 s, b;

	while ((opt = getopt(argc, argv, "t:r:o:p:q")) != -1) {
		if (opt == 't')
			secs_per_run = atof(optarg);
		else if (opt == 'r')
			rounds = atoi(optarg);
		else if (opt == 'o')
			only = optarg;
		else if (opt == 'p')
			path = optarg;
	}
	if (rounds < 1 || rounds > MAX_ROUNDS)
		rounds = 7;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (s = 0; s < 3; s++) {
		for (b = 0; b < 2; b++) {
			for (threads = 1; threads <= 2; threads++) {
				snprintf(name, sizeof(name), "%u:%u:%d",
					 sizes[s], batches[b], threads);
				if (only && strcmp(only, name))
					continue;
				memset(f, 0, sizeof(*f));
				for (r = 0; r < rounds; r++) {
					for (i = 0; i < I_COUNT; i++) {
						if (path &&
						    strcmp(path, impl_names[i]))
							continue;
						run_impl(f, i, sizes[s],
							 batches[b], threads,
							 r);
					}
					f->copy[r] = copy_bound(sizes[s],
								ring_bytes_for(sizes[s]),
								batches[b]);
				}
				report(f, sizes[s], batches[b], threads);
			}
		}
	}
	free(f);
	return 0;
}
