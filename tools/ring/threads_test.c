// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace only: the ring under real concurrency, which UML (one CPU, not
 * preemptible) never shows. Two writer threads share the guest's view, as
 * two CPUs sending on one channel do; one reader thread drains the host's
 * view in batches under the interrupt mask and sleeps only when
 * vmbc_ring_intr_unmask() says the ring is empty. Writers that find the
 * ring full ask for space and sleep until the reader's close says so.
 * Signals are condition variables. A lost wakeup shows as a sleeper that
 * times out while there is work for it; a torn, lost or reordered packet
 * as a content mismatch.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include <kunit/test.h>
#include <linux/mm.h>

#include <vmbc/ring.h>

#define WRITERS		2
#define PER_WRITER	300000
#define DATA_PAGES	2
#define WAIT_S		2
#define BODY		200

struct doorbell {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned long rings;
};

struct tt {
	struct hv_ring_buffer_info g, h;
	struct page *pages[DATA_PAGES + 1];
	struct doorbell to_reader, to_writers;
	unsigned long lost_wakeups, bad_packets, errors;
	unsigned long signals, space_signals, received;
	bool stop;
};

struct warg {
	struct tt *t;
	u32 id;
};

struct tpkt {
	struct vmpacket_descriptor d;
	u32 writer;
	u32 seq;
	u8 body[BODY];
};

static unsigned long bell_count(struct doorbell *b)
{
	unsigned long n;

	pthread_mutex_lock(&b->lock);
	n = b->rings;
	pthread_mutex_unlock(&b->lock);
	return n;
}

static void ring_bell(struct doorbell *b)
{
	pthread_mutex_lock(&b->lock);
	b->rings++;
	pthread_cond_broadcast(&b->cond);
	pthread_mutex_unlock(&b->lock);
}

/* Waits for a ring after @seen; false on timeout. */
static bool wait_bell(struct doorbell *b, unsigned long seen)
{
	struct timespec ts;
	bool rang = true;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += WAIT_S;
	pthread_mutex_lock(&b->lock);
	while (b->rings == seen && rang)
		rang = pthread_cond_timedwait(&b->cond, &b->lock, &ts) !=
		       ETIMEDOUT;
	pthread_mutex_unlock(&b->lock);
	return rang;
}

static u32 body_len(u32 seq)
{
	return seq % (BODY + 1);
}

static u8 body_byte(u32 writer, u32 seq, u32 i)
{
	return (u8)(writer * 101 + seq * 7 + i);
}

static void *writer(void *arg)
{
	struct warg *w = arg;
	struct tt *t = w->t;
	struct tpkt p;
	struct kvec kv[2];
	u32 seq = 0, len, ev, i, need;
	unsigned long seen;
	int ret;

	while (seq < PER_WRITER && !__atomic_load_n(&t->stop, __ATOMIC_RELAXED)) {
		len = 8 + body_len(seq);
		need = vmbc_ring_packet_bytes(16 + len);
		p.d.type = VM_PKT_DATA_INBAND;
		p.d.offset8 = 2;
		p.d.len8 = (need - 8) / 8;
		p.d.flags = 0;
		p.d.trans_id = (u64)w->id << 32 | seq;
		p.writer = w->id;
		p.seq = seq;
		for (i = 0; i < len - 8; i++)
			p.body[i] = body_byte(w->id, seq, i);
		/* descriptor and payload in two pieces, as a driver sends */
		kv[0].iov_base = &p;
		kv[0].iov_len = 16;
		kv[1].iov_base = &p.writer;
		kv[1].iov_len = len;
		ret = vmbc_ring_write(&t->g, kv, 2, &ev);
		if (!ret) {
			if (ev & VMBC_RING_EV_SIGNAL) {
				__atomic_add_fetch(&t->signals, 1,
						   __ATOMIC_RELAXED);
				ring_bell(&t->to_reader);
			}
			seq++;
			continue;
		}
		if (ret != -EAGAIN) {
			__atomic_add_fetch(&t->errors, 1, __ATOMIC_RELAXED);
			break;
		}
		seen = bell_count(&t->to_writers);
		if (vmbc_ring_request_space(&t->g, need))
			continue;
		if (!wait_bell(&t->to_writers, seen) &&
		    vmbc_ring_bytes_to_write(&t->g) > need) {
			__atomic_add_fetch(&t->lost_wakeups, 1,
					   __ATOMIC_RELAXED);
			break;
		}
	}
	return NULL;
}

static bool check_pkt(struct tt *t, const struct vmbc_ring_pkt *pkt,
		      u32 *next_seq)
{
	const u32 *hdr = pkt->data;
	const u8 *body = (const u8 *)pkt->data + 8;
	u32 wr, seq, len, i;

	if (pkt->desc.type != VM_PKT_DATA_INBAND || pkt->datalen < 8)
		return false;
	wr = hdr[0];
	seq = hdr[1];
	if (wr >= WRITERS || seq != next_seq[wr] ||
	    pkt->desc.trans_id != ((u64)wr << 32 | seq))
		return false;
	len = body_len(seq);
	if (pkt->datalen != ALIGN(16 + 8 + len, 8) - 16)
		return false;
	for (i = 0; i < len; i++)
		if (body[i] != body_byte(wr, seq, i))
			return false;
	next_seq[wr]++;
	return true;
}

static void *reader(void *arg)
{
	struct tt *t = arg;
	struct vmbc_ring_pkt pkt;
	u32 next_seq[WRITERS] = { 0 };
	unsigned long total = 0, seen;
	int ret, k;

	while (total < WRITERS * PER_WRITER) {
		vmbc_ring_intr_mask(&t->h);
		do {
			ret = vmbc_ring_iter_first(&t->h, &pkt);
			for (k = 0; !ret && k < 16; k++) {
				if (!check_pkt(t, &pkt, next_seq)) {
					t->bad_packets++;
					goto out;
				}
				total++;
				ret = vmbc_ring_iter_next(&t->h, &pkt);
			}
			if (vmbc_ring_iter_close(&t->h)) {
				t->space_signals++;
				ring_bell(&t->to_writers);
			}
		} while (!ret);
		if (ret != -EAGAIN) {
			t->errors++;
			break;
		}
		seen = bell_count(&t->to_reader);
		if (vmbc_ring_intr_unmask(&t->h) ||
		    total == WRITERS * PER_WRITER)
			continue;
		if (!wait_bell(&t->to_reader, seen)) {
			if (vmbc_ring_bytes_to_read(&t->h))
				t->lost_wakeups++;
			else
				t->errors++;	/* writers gave up */
			break;
		}
	}
out:
	t->received = total;
	__atomic_store_n(&t->stop, true, __ATOMIC_RELAXED);
	ring_bell(&t->to_writers);
	return NULL;
}

static void threads_exit(struct kunit *test)
{
	struct tt *t = test->priv;
	u32 i;

	if (!t)
		return;
	vmbc_ring_uninit(&t->g);
	vmbc_ring_uninit(&t->h);
	for (i = 0; i <= DATA_PAGES; i++)
		if (t->pages[i])
			__free_page(t->pages[i]);
}

static void ring_survives_two_writers_and_a_reader(struct kunit *test)
{
	struct warg w[WRITERS];
	pthread_t wt[WRITERS], rt;
	struct tt *t;
	u32 i;

	t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	vmbc_ring_pre_init(&t->g);
	vmbc_ring_pre_init(&t->h);
	pthread_mutex_init(&t->to_reader.lock, NULL);
	pthread_cond_init(&t->to_reader.cond, NULL);
	pthread_mutex_init(&t->to_writers.lock, NULL);
	pthread_cond_init(&t->to_writers.cond, NULL);
	for (i = 0; i <= DATA_PAGES; i++) {
		t->pages[i] = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, t->pages[i]);
	}
	KUNIT_ASSERT_EQ(test, vmbc_ring_init(&t->g, t->pages, DATA_PAGES + 1,
					     0), 0);
	KUNIT_ASSERT_EQ(test, vmbc_ring_attach(&t->h, t->pages,
					       DATA_PAGES + 1, 0), 0);
	KUNIT_ASSERT_EQ(test, pthread_create(&rt, NULL, reader, t), 0);
	for (i = 0; i < WRITERS; i++) {
		w[i].t = t;
		w[i].id = i;
		KUNIT_ASSERT_EQ(test, pthread_create(&wt[i], NULL, writer,
						     &w[i]), 0);
	}
	for (i = 0; i < WRITERS; i++)
		pthread_join(wt[i], NULL);
	pthread_join(rt, NULL);
	kunit_info(test, "%lu packets, %lu signals to the reader, %lu to writers",
		   t->received, t->signals, t->space_signals);
	KUNIT_EXPECT_EQ(test, t->received, (unsigned long)WRITERS * PER_WRITER);
	KUNIT_EXPECT_EQ(test, t->bad_packets, 0);
	KUNIT_EXPECT_EQ(test, t->lost_wakeups, 0);
	KUNIT_EXPECT_EQ(test, t->errors, 0);
	KUNIT_EXPECT_FALSE(test, vmbc_ring_is_broken(&t->g));
	KUNIT_EXPECT_FALSE(test, vmbc_ring_is_broken(&t->h));
	/* fewer signals than packets: batching worked */
	KUNIT_EXPECT_LT(test, t->signals, t->received);
}

static struct kunit_case threads_cases[] = {
	KUNIT_CASE(ring_survives_two_writers_and_a_reader),
	{}
};

static struct kunit_suite threads_suite = {
	.name = "vmbc_ring_threads",
	.exit = threads_exit,
	.test_cases = threads_cases,
};

kunit_test_suite(threads_suite);
