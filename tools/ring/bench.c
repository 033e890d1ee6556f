// SPDX-License-Identifier: GPL-2.0
/*
 * Ring benchmark: drivers/vmbus/ring.c against a baseline written here
 * after Linux v5.2's algorithm, and against the copy bound.
 *
 * One line per measurement:
 *   ring size=<bytes> batch=<k> threads=<1|2> ns_per_packet=<x>
 *        vs_copy=<r> vs_baseline=<r> signals_per_packet=<s>
 *
 * size is the payload of each packet. batch=k: the writer hands the ring k
 * packets at a time (vmbc_ring_write_batch(); the baseline has no batch
 * write and makes k calls) and the reader takes up to k packets per
 * iterator cycle (one close; the baseline publishes read_index per packet
 * as v5.2's vmbus_recvpacket() does). The reader copies every payload out,
 * so both sides move the bytes once each, as the copy bound does:
 * vs_copy is the time of two memcpy of the payload through a window the
 * size of the ring, divided by the ring's time. threads=1 runs writer and
 * reader alternately on one thread; threads=2 pins them to CPUs 0 and 1.
 *
 * The host side (the reader) counts the signals the writer raises:
 * signals_per_packet is those over the packets moved. The reader's own
 * pending-send signals to a writer waiting for space are counted by the
 * writer, and both are printed after the table as comment lines, with
 * the spurious ones: a signal that provably broke the protocol, raised
 * while the reader had been masked since before the write or had not yet
 * emptied the ring; for the reader's, while the writer had asked for
 * nothing.
 *
 *   ring_bench [-t seconds per run] [-s] [-q] [-o size:batch:threads]
 *     -s  batch writes as k calls of vmbc_ring_write() (for comparison)
 *     -q  no per-line detail on stderr
 *     -o  one measurement only
 *     -r  the ring only, no baseline or copy bound (for profiling)
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

#include <vmbc/ring.h>

#define MAX_BATCH	32
#define REPEATS		5

static double secs_per_run = 0.2;
static bool single_writes;
static bool ring_only;		/* -r: for profiling, no baseline or copy */

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

/* ------------------------------------------------------------------ */
/* The baseline: Linux v5.2's ring algorithm, re-expressed             */

struct base {
	struct hv_ring_buffer *rb;
	u8 *data;		/* mapped once: wrapping takes two copies */
	u32 dsize;
	spinlock_t lock;	/* serialises writers */
	u32 priv_read;		/* reader's iterator */
};

/* Copy into the ring at @off, a second copy when it wraps. */
static u32 base_copy_in(struct base *b, u32 off, const void *src, u32 len)
{
	u32 first = len < b->dsize - off ? len : b->dsize - off;

	memcpy(b->data + off, src, first);
	if (first < len)
		memcpy(b->data, (const u8 *)src + first, len - first);
	off += len;
	return off >= b->dsize ? off - b->dsize : off;
}

static void base_copy_out(struct base *b, u32 off, void *dst, u32 len)
{
	u32 first = len < b->dsize - off ? len : b->dsize - off;

	memcpy(dst, b->data + off, first);
	if (first < len)
		memcpy((u8 *)dst + first, b->data, len - first);
}

static int base_write(struct base *b, const struct kvec *kv, u32 n,
		      bool *signal)
{
	struct hv_ring_buffer *rb = b->rb;
	u32 total = sizeof(u64), i, ri, wi, avail, next;
	unsigned long flags;
	u64 prev;

	for (i = 0; i < n; i++)
		total += kv[i].iov_len;
	spin_lock_irqsave(&b->lock, flags);
	ri = READ_ONCE(rb->read_index);
	wi = READ_ONCE(rb->write_index);	/* its own index, shared */
	avail = wi >= ri ? b->dsize - (wi - ri) : ri - wi;
	if (avail <= total) {
		spin_unlock_irqrestore(&b->lock, flags);
		return -EAGAIN;
	}
	next = wi;
	for (i = 0; i < n; i++)
		next = base_copy_in(b, next, kv[i].iov_base, kv[i].iov_len);
	prev = (u64)rb->write_index << 32;
	next = base_copy_in(b, next, &prev, sizeof(prev));
	virt_mb();			/* full barrier before the index */
	rb->write_index = next;
	spin_unlock_irqrestore(&b->lock, flags);

	virt_mb();			/* and one more for the signal */
	*signal = false;
	if (READ_ONCE(rb->interrupt_mask))
		return 0;
	virt_rmb();
	*signal = wi == READ_ONCE(rb->read_index);
	return 0;
}

/* One packet's payload out; read_index published per packet. */
static int base_read(struct base *b, void *buf, u32 buflen, u32 *len,
		     bool *signal)
{
	struct hv_ring_buffer *rb = b->rb;
	struct vmpacket_descriptor desc;
	u32 wi, avail, pktlen, off, start, pending, wsz, rd;

	*signal = false;
	wi = virt_load_acquire(&rb->write_index);
	avail = wi >= b->priv_read ? wi - b->priv_read :
				     b->dsize - b->priv_read + wi;
	if (avail < sizeof(desc))
		return -EAGAIN;
	base_copy_out(b, b->priv_read, &desc, sizeof(desc));
	pktlen = desc.len8 << 3;
	off = desc.offset8 << 3;
	*len = pktlen - off;
	if (*len > buflen)
		return -ENOBUFS;
	base_copy_out(b, (b->priv_read + off) % b->dsize, buf, *len);
	b->priv_read = (b->priv_read + pktlen + 8) % b->dsize;

	/* hv_pkt_iter_close() */
	virt_rmb();
	start = rb->read_index;
	rb->read_index = b->priv_read;
	virt_mb();
	pending = READ_ONCE(rb->pending_send_sz);
	if (!pending)
		return 0;
	virt_rmb();
	wi = READ_ONCE(rb->write_index);
	wsz = wi >= b->priv_read ? b->dsize - (wi - b->priv_read) :
				   b->priv_read - wi;
	rd = b->priv_read >= start ? b->priv_read - start :
				     b->dsize - start + b->priv_read;
	*signal = wsz - rd <= pending && wsz > pending;
	return 0;
}

/* ------------------------------------------------------------------ */
/* One ring under test, both implementations                           */

struct bench {
	bool base;
	u32 size;		/* payload bytes */
	u32 batch;
	u32 dsize;
	/* vmbc: the writer's view and the reader's */
	struct hv_ring_buffer_info g, h;
	struct hv_ring_buffer_info *rd;	/* the reader's view */
	struct page **pages;
	u32 page_cnt;
	/* baseline */
	struct base b;
	void *base_mem;
	/* packets */
	struct vmpacket_descriptor desc[MAX_BATCH];
	struct kvec kv[MAX_BATCH][3];
	struct vmbc_ring_out out[MAX_BATCH];
	u8 *src, *dst;
	u64 pad;
	u32 need;			/* ring bytes of one packet */
	/* accounting; each side's on its own cache line */
	u64 prod_bytes __attribute__((aligned(64)));
	u64 request_epoch;		/* odd while the writer asks space */
	u64 host_signals, host_spurious;	/* writer -> reader */
	u64 cons_bytes __attribute__((aligned(64)));
	u64 cons_published;		/* what the reader has given back */
	u64 mask_epoch;			/* odd while the reader is masked */
	u64 writer_signals, writer_spurious;	/* reader -> writer */
};

static u32 ring_bytes_for(u32 size)
{
	u32 need = 32 * vmbc_ring_packet_bytes(16 + size) + 1, d = 256 * 1024;

	while (d < need)
		d *= 2;
	return d;
}

static void bench_open(struct bench *t, bool base, u32 size, u32 batch,
		       int threads)
{
	u32 i;

	memset(t, 0, sizeof(*t));
	t->base = base;
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
		/* v5.2's callers pass the padding themselves */
		t->kv[i][2].iov_base = &t->pad;
		t->kv[i][2].iov_len = ((16 + size + 7) & ~7U) - 16 - size;
		t->out[i].kv = t->kv[i];
		t->out[i].kv_count = 2;
	}
	if (base) {
		t->base_mem = aligned_alloc(4096, 4096 + t->dsize);
		memset(t->base_mem, 0, 4096 + t->dsize);
		t->b.rb = t->base_mem;
		t->b.rb->feature_bits.value = HV_RING_FEAT_PENDING_SEND_SZ;
		t->b.data = (u8 *)t->base_mem + 4096;
		t->b.dsize = t->dsize;
		spin_lock_init(&t->b.lock);
		return;
	}
	t->page_cnt = 1 + t->dsize / PAGE_SIZE;
	t->pages = calloc(t->page_cnt, sizeof(*t->pages));
	for (i = 0; i < t->page_cnt; i++)
		t->pages[i] = alloc_page(GFP_KERNEL);
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
	 * guest and host ever pays.
	 */
	t->rd = threads == 1 ? &t->g : &t->h;
}

static void bench_close(struct bench *t)
{
	u32 i;

	free(t->src);
	free(t->dst);
	if (t->base) {
		free(t->base_mem);
		return;
	}
	vmbc_ring_uninit(&t->g);
	vmbc_ring_uninit(&t->h);
	for (i = 0; i < t->page_cnt; i++)
		__free_page(t->pages[i]);
	free(t->pages);
}

static struct hv_ring_buffer *header(struct bench *t)
{
	return t->base ? t->b.rb : t->g.ring_buffer;
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

/* Up to @k packets in; returns how many, sets *signal. */
static u32 produce(struct bench *t, u32 k, bool *signal)
{
	u32 n = 0, ev = 0;
	bool sig;
	int ret;

	*signal = false;
	if (t->base) {
		for (n = 0; n < k; n++) {
			if (base_write(&t->b, t->kv[n], 3, &sig))
				break;
			*signal |= sig;
		}
		return n;
	}
	if (k == 1 || single_writes) {
		for (n = 0; n < k; n++) {
			if (vmbc_ring_write(&t->g, t->kv[n], 2, &ev))
				break;
			*signal |= ev & VMBC_RING_EV_SIGNAL;
		}
		return n;
	}
	ret = vmbc_ring_write_batch(&t->g, t->out, k, &ev);
	*signal = ev & VMBC_RING_EV_SIGNAL;
	return ret > 0 ? ret : 0;
}

/*
 * The reader is about to give back everything up to @pos: say so first,
 * so that a writer that sees the new read_index also sees this.
 */
static void announce(struct bench *t, u64 pos)
{
	__atomic_store_n(&t->cons_published, pos, __ATOMIC_RELEASE);
}

/* Up to @k packets out, each payload copied; one close for vmbc. */
static u32 consume(struct bench *t, u32 k, bool *signal)
{
	struct vmbc_ring_pkt pkt;
	u32 n = 0, len;
	bool sig;
	int ret;

	*signal = false;
	if (t->base) {
		for (n = 0; n < k; n++) {
			announce(t, t->cons_bytes + (u64)(n + 1) * t->need);
			if (base_read(&t->b, t->dst, t->size + 64, &len, &sig))
				break;
			*signal |= sig;
		}
		announce(t, t->cons_bytes + (u64)n * t->need);
		t->cons_bytes += (u64)n * t->need;
		return n;
	}
	ret = vmbc_ring_iter_first(t->rd, &pkt);
	while (!ret) {
		memcpy(t->dst, pkt.data, pkt.datalen);
		/* move past it (and look at the next) */
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
	if (t->base)
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
	if (!t->base)
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

static bool spin_until_changed(u64 *bell, u64 seen, struct two *w)
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
			if (sig) {
				host_signal(t, t->prod_bytes - (u64)n * t->need,
					    mask0);
				__atomic_add_fetch(&w->doorbell_host, 1,
						   __ATOMIC_RELEASE);
			}
			continue;
		}
		/*
		 * Full: ask for room for a whole batch (so that the reader
		 * signals once per batch, not per packet), re-check, wait.
		 */
		seen = __atomic_load_n(&w->doorbell_writer, __ATOMIC_ACQUIRE);
		epoch_step(&t->request_epoch);
		if (t->base) {
			u32 ri, wi;

			WRITE_ONCE(rb->pending_send_sz, want);
			virt_mb();
			ri = READ_ONCE(rb->read_index);
			wi = READ_ONCE(rb->write_index);
			ready = (wi >= ri ? t->dsize - (wi - ri) : ri - wi) >
				want;
		} else {
			ready = vmbc_ring_request_space(&t->g, want);
		}
		if (!ready && !spin_until_changed(&w->doorbell_writer, seen,
						  w)) {
			w->lost = true;
			break;
		}
		if (t->base)
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
		if (!spin_until_changed(&w->doorbell_host, seen, w)) {
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
		fprintf(stderr, "bench: lost wakeup or packets (%llu of %llu)\n",
			(unsigned long long)w.consumed,
			(unsigned long long)w.produced);
		exit(1);
	}
	return (t1 - t0) * 1e9 / w.consumed;
}

/*
 * Two memcpy of the payload through a window the size of the ring, in the
 * ring's order: @batch packets in, then the same @batch out.
 */
static double copy_bound(u32 size, u32 dsize, u32 batch)
{
	/* as the ring's double mapping: a copy may run past the end */
	u8 *window = aligned_alloc(4096, dsize + ((size + 4095) & ~4095U));
	u8 *src = aligned_alloc(64, size + 64), *dst = aligned_alloc(64,
								     size + 64);
	u32 step = vmbc_ring_packet_bytes(16 + size), pos = 0, i, start;
	double best = 1e30, t0, t1;
	u64 n;
	int r;

	memset(window, 0, dsize + ((size + 4095) & ~4095U));
	memset(src, 0x5c, size + 64);
	for (r = 0; r < REPEATS; r++) {
		n = 0;
		t0 = now();
		do {
			/* positions cycle through the window as the ring's do */
			start = pos;
			for (i = 0; i < batch; i++, pos = (pos + step) % dsize)
				memcpy(window + pos, src, size);
			for (i = 0, pos = start; i < batch;
			     i++, pos = (pos + step) % dsize) {
				memcpy(dst, window + pos, size);
				/* both buffers escape: no copy is dead */
				__asm__ __volatile__("" : : "r"(window),
						     "r"(dst) : "memory");
			}
			n += batch;
			if (n % 256 < batch)
				t1 = now();
		} while (t1 - t0 < secs_per_run);
		if ((t1 - t0) * 1e9 / n < best)
			best = (t1 - t0) * 1e9 / n;
	}
	free(window);
	free(src);
	free(dst);
	return best;
}

struct result {
	double ns;
	double signals;		/* to the reader (the host), per packet */
	/* over all runs: to the reader, to the writer, spurious, packets */
	u64 host, host_spurious, writer, writer_spurious, packets;
};

static struct result measure(bool base, u32 size, u32 batch, int threads)
{
	struct result best = { .ns = 1e30 };
	struct bench *t = malloc(sizeof(*t));
	u64 packets;
	double ns;
	int r;

	for (r = 0; r < REPEATS; r++) {
		bench_open(t, base, size, batch, threads);
		ns = threads == 1 ? run_one_thread(t) : run_two_threads(t);
		packets = t->cons_bytes / t->need;
		if (ns < best.ns) {
			best.ns = ns;
			best.signals = (double)t->host_signals / packets;
		}
		best.host += t->host_signals;
		best.host_spurious += t->host_spurious;
		best.writer += t->writer_signals;
		best.writer_spurious += t->writer_spurious;
		best.packets += packets;
		bench_close(t);
	}
	free(t);
	return best;
}

int main(int argc, char **argv)
{
	static const u32 sizes[] = { 64, 1500, 65536 };
	static const u32 batches[] = { 1, 32 };
	struct result res[12] = { { 0 } };
	int opt, i = 0, threads;
	const char *only = NULL;
	bool quiet = false;
	char name[64];
	u32 s, b;

	while ((opt = getopt(argc, argv, "t:sqo:r")) != -1) {
		if (opt == 't')
			secs_per_run = atof(optarg);
		else if (opt == 's')
			single_writes = true;
		else if (opt == 'o')
			only = optarg;
		else if (opt == 'r')
			ring_only = true;
		else
			quiet = true;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (s = 0; s < 3; s++) {
		for (b = 0; b < 2; b++) {
			double copy = -1;

			for (threads = 1; threads <= 2; threads++, i++) {
				struct result ring, base;

				snprintf(name, sizeof(name), "%u:%u:%d",
					 sizes[s], batches[b], threads);
				if (only && strcmp(only, name))
					continue;
				if (copy < 0 && !ring_only)
					copy = copy_bound(sizes[s],
							  ring_bytes_for(sizes[s]),
							  batches[b]);
				ring = measure(false, sizes[s], batches[b],
					       threads);
				base = ring;
				if (!ring_only)
					base = measure(true, sizes[s],
						       batches[b], threads);
				printf("ring size=%u batch=%u threads=%d ns_per_packet=%.1f vs_copy=%.2f vs_baseline=%.2f signals_per_packet=%.4f\n",
				       sizes[s], batches[b], threads, ring.ns,
				       copy / ring.ns, base.ns / ring.ns,
				       ring.signals);
				res[i] = ring;
				if (!quiet)
					fprintf(stderr, "#   baseline %.1f ns, copy %.1f ns, ring %u KiB\n",
						base.ns, copy,
						ring_bytes_for(sizes[s]) / 1024);
			}
		}
	}
	for (i = 0, s = 0; s < 3; s++)
		for (b = 0; b < 2; b++)
			for (threads = 1; threads <= 2; threads++, i++) {
				struct result *x = &res[i];

				if (!x->packets)
					continue;
				printf("# signals size=%u batch=%u threads=%d: to the reader %.4f/packet (%llu spurious), to the writer %.4f/packet (%llu spurious), %llu packets\n",
				       sizes[s], batches[b], threads,
				       (double)x->host / x->packets,
				       (unsigned long long)x->host_spurious,
				       (double)x->writer / x->packets,
				       (unsigned long long)x->writer_spurious,
				       (unsigned long long)x->packets);
			}
	return 0;
}
