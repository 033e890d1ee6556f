// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: opening and closing channels, GPADLs, and echo traffic of every
 * packet type and size in every callback mode, against the simulated
 * host's echo device.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include <vmbc/echo.h>

#include "sim_helpers.h"

#define RING_SIZE	(8 * PAGE_SIZE)
#define RX_MAX		4096
#define WAIT_MS		5000

/* What the channel callback saw. */
struct kt_rx {
	struct vmbus_channel *channel;
	wait_queue_head_t wq;
	atomic_t packets;
	atomic_t completions;
	bool use_recvpacket;
	u64 last_trans_id;
	u32 last_type;
	u32 last_len;
	u8 last[RX_MAX];
	atomic_t calls;
};

struct channel_fixture {
	struct vmbc_sim *sim;
	struct vmbc_connection *conn;
	struct vmbus_channel *channel;
	u32 relid;
	struct kt_rx rx;
	int pages_alive;
};

static void kt_record(struct kt_rx *rx, const struct vmpacket_descriptor *d,
		      const void *data, u32 len)
{
	rx->last_type = d->type;
	rx->last_trans_id = d->trans_id;
	rx->last_len = min_t(u32, len, RX_MAX);
	memcpy(rx->last, data, rx->last_len);
	if (d->type == VM_PKT_COMP)
		atomic_inc(&rx->completions);
	atomic_inc(&rx->packets);
}

static void kt_on_channel(void *context)
{
	struct kt_rx *rx = context;
	struct vmbus_channel *channel = rx->channel;
	struct vmpacket_descriptor *desc;
	u8 *buf;
	u32 len;
	u64 rid;

	atomic_inc(&rx->calls);
	if (!rx->use_recvpacket) {
		for (desc = hv_pkt_iter_first(channel); desc;
		     desc = hv_pkt_iter_next(channel, desc))
			kt_record(rx, desc, hv_pkt_data(desc),
				  hv_pkt_datalen(desc));
	} else {
		buf = kmalloc(RX_MAX + 64, GFP_ATOMIC);
		if (!buf)
			return;
		while (!vmbus_recvpacket_raw(channel, buf, RX_MAX + 64, &len,
					     &rid) && len) {
			desc = (void *)buf;
			desc->trans_id = rid;
			kt_record(rx, desc, hv_pkt_data(desc),
				  hv_pkt_datalen(desc));
		}
		kfree(buf);
	}
	wake_up(&rx->wq);
}

static int channel_test_init(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct channel_fixture *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->pages_alive = vmbc_test_ring_pages_alive();
	f->sim = kt_sim_start(test, &cfg);
	f->conn = vmbc_sim_connection(f->sim);
	f->channel = kt_offer_echo(test, f->sim, kt_guid(7, 1), &f->relid);
	init_waitqueue_head(&f->rx.wq);
	f->rx.channel = f->channel;
	test->priv = f;
	return 0;
}

static void channel_test_exit(struct kunit *test)
{
	struct channel_fixture *f = test->priv;

	if (f && f->channel)
		vmbus_close(f->channel);
}

static int kt_open(struct channel_fixture *f)
{
	return vmbus_open(f->channel, RING_SIZE, RING_SIZE, NULL, 0,
			  kt_on_channel, &f->rx);
}

static bool kt_wait_packets(struct kt_rx *rx, int n)
{
	return wait_event_timeout(rx->wq, atomic_read(&rx->packets) >= n,
				  msecs_to_jiffies(WAIT_MS)) > 0;
}

static void kt_host_stats(struct kunit *test, struct channel_fixture *f,
			  struct vmbc_sim_channel_stats *st)
{
	vmbc_sim_flush(f->sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(f->sim, f->relid, st), 0);
}

/* ------------------------------------------------------------------ */
/* Open and close                                                      */

static void channel_open_then_close(struct kunit *test)
{
	struct channel_fixture *f = test->priv;
	struct vmbc_sim_channel_stats st;

	KUNIT_ASSERT_EQ(test, kt_open(f), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(f->channel->state),
			CHANNEL_OPENED_STATE);
	KUNIT_EXPECT_NE(test, f->channel->ringbuffer_gpadlhandle, 0);
	KUNIT_EXPECT_EQ(test, f->channel->ringbuffer_pagecount,
			2 * RING_SIZE / PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, f->channel->ringbuffer_send_offset,
			RING_SIZE / PAGE_SIZE);
	kt_host_stats(test, f, &st);
	KUNIT_EXPECT_TRUE(test, st.opened);
	KUNIT_EXPECT_EQ(test, st.gpadls, 1);

	vmbus_close(f->channel);
	KUNIT_EXPECT_EQ(test, READ_ONCE(f->channel->state),
			CHANNEL_OPEN_STATE);
	KUNIT_EXPECT_EQ(test, f->channel->ringbuffer_gpadlhandle, 0);
	KUNIT_EXPECT_NULL(test, READ_ONCE(f->channel->onchannel_callback));
	kt_host_stats(test, f, &st);
	KUNIT_EXPECT_FALSE(test, st.opened);
	KUNIT_EXPECT_EQ(test, st.gpadls, 0);
	KUNIT_EXPECT_EQ(test, st.closes, 1);
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_alive(),
			f->pages_alive);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);
}

/*
 * Every operation in every state: open is legal only in OPEN, sends only
 * in OPENED, close is a no-op outside OPENED; an illegal open touches
 * nothing: the second open must not free the first one's rings.
 */
static void channel_operations_in_every_state(struct kunit *test)
{
	struct channel_fixture *f = test->priv;
	static const enum vmbus_channel_state states[] = {
		CHANNEL_OFFER_STATE, CHANNEL_OPENING_STATE,
	};
	u8 byte = 0;
	unsigned int i;

	/* OPEN: send refused, close a no-op, open legal. */
	KUNIT_EXPECT_EQ(test, vmbus_sendpacket(f->channel, &byte, 1, 1,
					       VM_PKT_DATA_INBAND, 0), -EINVAL);
	vmbus_close(f->channel);
	KUNIT_EXPECT_EQ(test, READ_ONCE(f->channel->state), CHANNEL_OPEN_STATE);

	/* OFFER and OPENING (set by hand): open and send refused. */
	for (i = 0; i < ARRAY_SIZE(states); i++) {
		WRITE_ONCE(f->channel->state, states[i]);
		KUNIT_EXPECT_EQ(test, kt_open(f), -EINVAL);
		KUNIT_EXPECT_EQ(test, vmbus_sendpacket(f->channel, &byte, 1, 1,
						       VM_PKT_DATA_INBAND, 0),
				-EINVAL);
		vmbus_close(f->channel);
		KUNIT_EXPECT_EQ(test, READ_ONCE(f->channel->state), states[i]);
		KUNIT_EXPECT_NULL(test, f->channel->ring_pages);
		KUNIT_EXPECT_EQ(test, f->channel->ringbuffer_gpadlhandle, 0);
	}
	WRITE_ONCE(f->channel->state, CHANNEL_OPEN_STATE);

	/* OPENED: a second open refused and the first one untouched. */
	KUNIT_ASSERT_EQ(test, kt_open(f), 0);
	KUNIT_EXPECT_EQ(test, kt_open(f), -EINVAL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(f->channel->state),
			CHANNEL_OPENED_STATE);
	KUNIT_EXPECT_EQ(test, vmbus_sendpacket(f->channel, &byte, 1, 1,
					       VM_PKT_DATA_INBAND, 0), 0);
	KUNIT_EXPECT_TRUE(test, kt_wait_packets(&f->rx, 1));
	vmbus_close(f->channel);
	KUNIT_EXPECT_EQ(test, READ_ONCE(f->channel->state), CHANNEL_OPEN_STATE);
	KUNIT_EXPECT_EQ(test, vmbus_sendpacket(f->channel, &byte, 1, 1,
					       VM_PKT_DATA_INBAND, 0), -EINVAL);
}

static void channel_rejects_bad_open_arguments(struct kunit *test)
{
	struct channel_fixture *f = test->priv;
	u8 userdata[MAX_USER_DEFINED_BYTES + 1] = {};

	KUNIT_EXPECT_EQ(test, vmbus_open(f->channel, PAGE_SIZE, RING_SIZE,
					 NULL, 0, kt_on_channel, &f->rx),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vmbus_open(f->channel, RING_SIZE + 1, RING_SIZE,
					 NULL, 0, kt_on_channel, &f->rx),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vmbus_open(f->channel, RING_SIZE, RING_SIZE,
					 userdata, sizeof(userdata),
					 kt_on_channel, &f->rx), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmbus_open(f->channel, RING_SIZE, RING_SIZE,
					 NULL, 0, NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, READ_ONCE(f->channel->state), CHANNEL_OPEN_STATE);
}

static void channel_open_fails_cleanly_on_host_refusal(struct kunit *test)
{
	struct channel_fixture *f = test->priv;
	static const u32 refusals[] = {
		CHANNELMSG_GPADL_CREATED, CHANNELMSG_OPENCHANNEL_RESULT,
	};
	struct vmbc_sim_channel_stats st;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(refusals); i++) {
		vmbc_sim_set_fault(f->sim, VMBC_SIM_FAIL_RESPONSE, refusals[i],
				   0xc0000001);
		KUNIT_EXPECT_EQ_MSG(test, kt_open(f), -EIO, "refused by %u",
				    refusals[i]);
		KUNIT_EXPECT_EQ(test, READ_ONCE(f->channel->state),
				CHANNEL_OPEN_STATE);
		KUNIT_EXPECT_NULL(test, f->channel->ring_pages);
		KUNIT_EXPECT_NULL(test, READ_ONCE(f->channel->onchannel_callback));
		KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_alive(),
				f->pages_alive);
		kt_host_stats(test, f, &st);
		KUNIT_EXPECT_EQ(test, st.gpadls, 0);
		KUNIT_EXPECT_FALSE(test, st.opened);
	}
	/* And a plain open works afterwards. */
	KUNIT_EXPECT_EQ(test, kt_open(f), 0);
}

static void channel_open_times_out_without_result(struct kunit *test)
{
	struct channel_fixture *f = test->priv;

	vmbc_test_set_timeout(f->conn, KT_SHORT_TIMEOUT_MS);
	vmbc_sim_set_fault(f->sim, VMBC_SIM_DROP_RESPONSE,
			   CHANNELMSG_OPENCHANNEL_RESULT, 1);
	KUNIT_EXPECT_EQ(test, kt_open(f), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, READ_ONCE(f->channel->state), CHANNEL_OPEN_STATE);
	KUNIT_EXPECT_NULL(test, f->channel->ring_pages);
	/* The host had opened it: the core closed it before the teardown. */
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);
	vmbc_test_set_timeout(f->conn, WAIT_MS);
	KUNIT_EXPECT_EQ(test, kt_open(f), 0);
}

static void channel_drops_duplicate_open_result(struct kunit *test)
{
	struct channel_fixture *f = test->priv;

	vmbc_sim_set_fault(f->sim, VMBC_SIM_DUPLICATE_RESPONSE,
			   CHANNELMSG_OPENCHANNEL_RESULT, 1);
	KUNIT_ASSERT_EQ(test, kt_open(f), 0);
	vmbc_sim_flush(f->sim);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(f->conn, VMBC_STAT_MSG_UNMATCHED), 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(f->channel->state),
			CHANNEL_OPENED_STATE);
}

/* Close and re-open, many times (a dead re-opened channel was a bug). */
static void channel_reopens_a_thousand_times(struct kunit *test)
{
	struct channel_fixture *f = test->priv;
	/* over the Hyper-V transport the point is the transport: fewer */
	int rounds = kt_over_hyperv ? 100 : 1000;
	u8 byte = 0x5a;
	int alive;
	int i;

	alive = vmbc_test_channels_alive();

	for (i = 0; i < rounds; i++) {
		KUNIT_ASSERT_EQ(test, kt_open(f), 0);
		if (i % 100 == 0) {
			int before = atomic_read(&f->rx.packets);

			KUNIT_ASSERT_EQ(test,
					vmbus_sendpacket(f->channel, &byte, 1,
							 i, VM_PKT_DATA_INBAND,
							 0), 0);
			KUNIT_ASSERT_TRUE(test, kt_wait_packets(&f->rx,
								before + 1));
		}
		vmbus_close(f->channel);
	}
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_alive(),
			f->pages_alive);
	KUNIT_EXPECT_EQ(test, vmbc_test_channels_alive(), alive);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);
}

/* ------------------------------------------------------------------ */
/* GPADLs                                                              */

static const u32 gpadl_pages[] = { 1, 25, 26, 27, 54, 55, 56, 300 };

static void gpadl_desc(const u32 *pages, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u pages", *pages);
}

KUNIT_ARRAY_PARAM(gpadl, gpadl_pages, gpadl_desc);

/*
 * A GPADL of N pages: a header alone up to 26 PFNs, then bodies of 28;
 * the host must end up with exactly the buffer's PFNs, in order.
 */
static void channel_gpadl_carries_every_pfn(struct kunit *test)
{
	struct channel_fixture *f = test->priv;
	u32 pages = *(const u32 *)test->param_value;
	u32 handle = 0, i;
	u64 *pfns;
	void *buf;

	buf = vmalloc(pages * PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	pfns = kunit_kcalloc(test, pages, sizeof(*pfns), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pfns);

	KUNIT_ASSERT_EQ(test, vmbus_establish_gpadl(f->channel, buf,
						    pages * PAGE_SIZE,
						    &handle), 0);
	KUNIT_EXPECT_EQ(test, vmbc_sim_gpadl_pfns(f->sim, handle, pfns,
						  pages), pages);
	for (i = 0; i < pages; i++)
		KUNIT_EXPECT_EQ_MSG(test, pfns[i],
				    (u64)page_to_pfn(vmalloc_to_page(buf +
						i * PAGE_SIZE)),
				    "pfn %u", i);
	KUNIT_EXPECT_EQ(test, vmbus_teardown_gpadl(f->channel, handle), 0);
	KUNIT_EXPECT_EQ(test, vmbc_sim_gpadl_pfns(f->sim, handle, pfns, 0),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);
	vfree(buf);
}

static void channel_gpadl_refused_or_unanswered(struct kunit *test)
{
	struct channel_fixture *f = test->priv;
	u32 handle = 0;
	void *buf;

	buf = vmalloc(4 * PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	vmbc_sim_set_fault(f->sim, VMBC_SIM_FAIL_RESPONSE,
			   CHANNELMSG_GPADL_CREATED, 5);
	KUNIT_EXPECT_EQ(test, vmbus_establish_gpadl(f->channel, buf,
						    4 * PAGE_SIZE, &handle),
			-EIO);
	KUNIT_EXPECT_EQ(test, vmbus_establish_gpadl(f->channel, buf, 100,
						    &handle), -EINVAL);

	/*
	 * A teardown answered too late: the caller is told to keep the
	 * buffer, and the late answer is dropped as unmatched.
	 */
	vmbc_test_set_timeout(f->conn, KT_SHORT_TIMEOUT_MS);
	vmbc_sim_set_fault(f->sim, VMBC_SIM_DELAY_RESPONSE,
			   CHANNELMSG_GPADL_TORNDOWN, 2 * KT_SHORT_TIMEOUT_MS);
	KUNIT_ASSERT_EQ(test, vmbus_establish_gpadl(f->channel, buf,
						    4 * PAGE_SIZE, &handle), 0);
	KUNIT_EXPECT_EQ(test, vmbus_teardown_gpadl(f->channel, handle),
			-ETIMEDOUT);
	/* the late answer comes by the host's timer: wait for it, bounded */
	KUNIT_EXPECT_TRUE(test, kt_wait_stat(f->conn, VMBC_STAT_MSG_UNMATCHED,
					     1));
	vmbc_sim_set_fault(f->sim, VMBC_SIM_DELAY_RESPONSE,
			   CHANNELMSG_GPADL_TORNDOWN, 0);
	vmbc_test_set_timeout(f->conn, WAIT_MS);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);
	/* The host has let go by now (it answered, late). */
	vfree(buf);
}

/* ------------------------------------------------------------------ */
/* Echo traffic                                                        */

enum kt_kind { KT_INBAND_COMP, KT_INBAND, KT_PAGEBUF, KT_MPB, KT_KINDS };

struct echo_case {
	enum hv_callback_mode mode;
	enum kt_kind kind;
	bool use_recvpacket;
};

static const char * const kind_names[] = {
	"inband+completion", "inband", "page-buffer", "multi-page-buffer",
};

static const char * const mode_names[] = { "batched", "direct", "isr" };

static const struct echo_case echo_cases[] = {
	{ HV_CALL_BATCHED, KT_INBAND_COMP }, { HV_CALL_BATCHED, KT_INBAND },
	{ HV_CALL_BATCHED, KT_PAGEBUF }, { HV_CALL_BATCHED, KT_MPB },
	{ HV_CALL_DIRECT, KT_INBAND_COMP }, { HV_CALL_DIRECT, KT_INBAND },
	{ HV_CALL_DIRECT, KT_PAGEBUF }, { HV_CALL_DIRECT, KT_MPB },
	{ HV_CALL_ISR, KT_INBAND_COMP }, { HV_CALL_ISR, KT_INBAND },
	{ HV_CALL_ISR, KT_PAGEBUF }, { HV_CALL_ISR, KT_MPB },
	{ HV_CALL_BATCHED, KT_INBAND_COMP, true },
	{ HV_CALL_BATCHED, KT_INBAND, true },
};

static void echo_desc(const struct echo_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s %s%s", mode_names[c->mode],
		 kind_names[c->kind], c->use_recvpacket ? " recvpacket" : "");
}

KUNIT_ARRAY_PARAM(echo, echo_cases, echo_desc);

static const u32 echo_sizes[] = { 0, 1, 7, 8, 9, 64, 1500, 4000 };

static int kt_send(struct channel_fixture *f, enum kt_kind kind, void *buf,
		   u32 len, u64 rid, void *page, u32 *page_sum)
{
	struct {
		struct vmbus_packet_mpb_array d;
		u64 pfn[2];
	} mpb;
	struct hv_page_buffer pb;
	u32 i;

	for (*page_sum = 0, i = 0; i < PAGE_SIZE; i++) {
		((u8 *)page)[i] = rid + i * 3;
		*page_sum += ((u8 *)page)[i];
	}
	switch (kind) {
	case KT_INBAND_COMP:
		return vmbus_sendpacket(f->channel, buf, len, rid,
				VM_PKT_DATA_INBAND,
				VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
	case KT_INBAND:
		return vmbus_sendpacket(f->channel, buf, len, rid,
					VM_PKT_DATA_INBAND, 0);
	case KT_PAGEBUF:
		pb.pfn = page_to_pfn(virt_to_page(page));
		pb.offset = 0;
		pb.len = PAGE_SIZE;
		return vmbus_sendpacket_pagebuffer(f->channel, &pb, 1, buf, len,
						   rid);
	default:
		memset(&mpb, 0, sizeof(mpb));
		mpb.d.range.len = PAGE_SIZE;
		mpb.d.range.offset = 0;
		mpb.pfn[0] = page_to_pfn(virt_to_page(page));
		return vmbus_sendpacket_mpb_desc(f->channel, &mpb.d,
						 sizeof(mpb.d) + sizeof(u64),
						 buf, len, rid);
	}
}

/*
 * Every size of every kind in this case's callback mode: the echo comes
 * back with the same bytes, the completion with the driver's own request
 * id (never the id on the wire), page contents summed by the host.
 */
static void channel_echoes_every_packet(struct kunit *test)
{
	const struct echo_case *c = test->param_value;
	struct channel_fixture *f = test->priv;
	const struct vmbc_echo_gpa_reply *gpa;
	u32 i, j, size, sum;
	u8 *tx, *page;
	u64 rid;

	tx = kunit_kzalloc(test, RX_MAX, GFP_KERNEL);
	page = (u8 *)get_zeroed_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, tx);
	KUNIT_ASSERT_NOT_NULL(test, page);
	f->rx.use_recvpacket = c->use_recvpacket;
	set_channel_read_mode(f->channel, c->mode);
	KUNIT_ASSERT_EQ(test, kt_open(f), 0);

	for (i = 0; i < ARRAY_SIZE(echo_sizes); i++) {
		size = echo_sizes[i];
		for (j = 0; j < size; j++)
			tx[j] = i * 31 + j;
		rid = 0xfeed000000000000ULL | (i << 8) | c->kind;
		KUNIT_ASSERT_EQ(test, kt_send(f, c->kind, tx, size, rid, page,
					      &sum), 0);
		KUNIT_ASSERT_TRUE_MSG(test, kt_wait_packets(&f->rx, i + 1),
				      "no echo of %u bytes", size);
		KUNIT_EXPECT_EQ(test, f->rx.last_trans_id, rid);
		switch (c->kind) {
		case KT_INBAND_COMP:
			KUNIT_EXPECT_EQ(test, f->rx.last_type, VM_PKT_COMP);
			break;
		case KT_INBAND:
			KUNIT_EXPECT_EQ(test, f->rx.last_type,
					VM_PKT_DATA_INBAND);
			break;
		default:
			KUNIT_EXPECT_EQ(test, f->rx.last_type, VM_PKT_COMP);
			KUNIT_ASSERT_GE(test, f->rx.last_len, sizeof(*gpa));
			gpa = (const void *)f->rx.last;
			KUNIT_EXPECT_EQ(test, gpa->ranges, 1);
			KUNIT_EXPECT_EQ(test, gpa->bytes, PAGE_SIZE);
			KUNIT_EXPECT_EQ(test, gpa->sum, sum);
			/* The inband bytes follow the reply. */
			memmove(f->rx.last, f->rx.last + sizeof(*gpa),
				f->rx.last_len - sizeof(*gpa));
			f->rx.last_len -= sizeof(*gpa);
			break;
		}
		/* Payloads come back padded to 8 bytes. */
		KUNIT_EXPECT_EQ(test, f->rx.last_len, ALIGN(size, 8));
		KUNIT_EXPECT_EQ(test, memcmp(f->rx.last, tx, size), 0);
	}
	KUNIT_EXPECT_EQ(test, f->channel->bad_packets, 0);
	KUNIT_EXPECT_GT(test, f->channel->interrupts, 0);
	KUNIT_EXPECT_GT(test, f->channel->sig_events, 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);
	vmbus_close(f->channel);
	free_page((unsigned long)page);
}

/* A completion for an id the guest never handed out is dropped. */
static void channel_drops_unsolicited_completion(struct kunit *test)
{
	struct channel_fixture *f = test->priv;
	u8 byte = 1;

	KUNIT_ASSERT_EQ(test, kt_open(f), 0);
	/* Ask for an inband echo that names a completion id never issued. */
	KUNIT_ASSERT_EQ(test, vmbus_sendpacket(f->channel, &byte, 1, 999,
					       VM_PKT_COMP, 0), 0);
	vmbc_sim_flush(f->sim);
	KUNIT_EXPECT_EQ(test, f->channel->bad_packets, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->rx.completions), 0);
	/* The channel still works. */
	KUNIT_ASSERT_EQ(test, vmbus_sendpacket(f->channel, &byte, 1, 5,
					       VM_PKT_DATA_INBAND, 0), 0);
	KUNIT_EXPECT_TRUE(test, kt_wait_packets(&f->rx, 1));
}

struct kt_flood {
	struct channel_fixture *f;
	atomic_t sent;
	int last_err;
};

static int kt_flood_thread(void *data)
{
	struct kt_flood *fl = data;
	u8 payload[64] = {};
	int ret;

	while (!kthread_should_stop()) {
		ret = vmbus_sendpacket(fl->f->channel, payload, sizeof(payload),
				       1, VM_PKT_DATA_INBAND, 0);
		if (ret == -EINVAL)
			break;	/* closed under us: expected */
		if (!ret)
			atomic_inc(&fl->sent);
		cond_resched();
	}
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

/*
 * Close while a sender floods the channel: the sender sees -EINVAL, no
 * callback runs after close returns, and the channel opens again.
 */
static void channel_close_while_traffic_flows(struct kunit *test)
{
	struct channel_fixture *f = test->priv;
	struct task_struct *t;
	struct kt_flood fl = { .f = f };
	int calls;

	KUNIT_ASSERT_EQ(test, kt_open(f), 0);
	t = kthread_run(kt_flood_thread, &fl, "kt_flood");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	KUNIT_EXPECT_TRUE(test, kt_wait_packets(&f->rx, 50));
	vmbus_close(f->channel);
	calls = atomic_read(&f->rx.calls);
	/* whatever the host still answers or signals: handled by now */
	vmbc_sim_flush(f->sim);
	kthread_stop(t);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->rx.calls), calls);
	KUNIT_EXPECT_GT(test, atomic_read(&fl.sent), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(f->channel->state), CHANNEL_OPEN_STATE);
	KUNIT_EXPECT_EQ(test, kt_open(f), 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);
}

/*
 * Rescind of a channel still open, with no driver callback: waiters and
 * senders get -ENODEV at once, the relid stays taken (the channel is in
 * use), and vmbus_close() releases it.
 */
static void channel_rescind_while_open_releases_on_close(struct kunit *test)
{
	struct channel_fixture *f = test->priv;
	struct vmbus_channel *channel = f->channel;
	u8 byte = 3;

	KUNIT_ASSERT_EQ(test, kt_open(f), 0);
	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(f->sim, f->relid), 0);
	vmbc_sim_flush(f->sim);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(channel->rescind));
	KUNIT_EXPECT_TRUE(test, completion_done(&channel->rescind_event));
	KUNIT_EXPECT_EQ(test, vmbus_sendpacket(channel, &byte, 1, 1,
					       VM_PKT_DATA_INBAND, 0), -ENODEV);
	/* Still open: the relid is not released, nor reusable. */
	KUNIT_EXPECT_PTR_EQ(test, kt_channel_at(f->conn, f->relid), channel);
	KUNIT_EXPECT_EQ(test, vmbc_sim_wait_released(f->sim, f->relid,
						     KT_SHORT_TIMEOUT_MS),
			-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, kt_guest_sent(f->sim,
					    CHANNELMSG_RELID_RELEASED), 0);

	vmbus_close(channel);
	f->channel = NULL;	/* may be freed from here on */
	KUNIT_EXPECT_EQ(test, vmbc_sim_wait_released(f->sim, f->relid,
						     WAIT_MS), 0);
	vmbc_sim_flush(f->sim);
	KUNIT_EXPECT_NULL(test, kt_channel_at(f->conn, f->relid));
	/* No CLOSECHANNEL or GPADL_TEARDOWN to a host that rescinded. */
	KUNIT_EXPECT_EQ(test, kt_guest_sent(f->sim, CHANNELMSG_CLOSECHANNEL),
			0);
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_alive(),
			f->pages_alive);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);
}

static struct kunit_case channel_cases[] = {
	KUNIT_CASE(channel_rescind_while_open_releases_on_close),
	KUNIT_CASE(channel_open_then_close),
	KUNIT_CASE(channel_operations_in_every_state),
	KUNIT_CASE(channel_rejects_bad_open_arguments),
	KUNIT_CASE(channel_open_fails_cleanly_on_host_refusal),
	KUNIT_CASE(channel_open_times_out_without_result),
	KUNIT_CASE(channel_drops_duplicate_open_result),
	KUNIT_CASE_SLOW(channel_reopens_a_thousand_times),
	KUNIT_CASE_PARAM(channel_gpadl_carries_every_pfn, gpadl_gen_params),
	KUNIT_CASE(channel_gpadl_refused_or_unanswered),
	KUNIT_CASE_PARAM(channel_echoes_every_packet, echo_gen_params),
	KUNIT_CASE(channel_drops_unsolicited_completion),
	KUNIT_CASE(channel_close_while_traffic_flows),
	{}
};

static struct kunit_suite channel_suite = {
	.name = "vmbc_channel",
	.init = channel_test_init,
	.exit = channel_test_exit,
	.test_cases = channel_cases,
};

/* The same cases, through the Hyper-V transport over the fake hypervisor. */
static struct kunit_suite channel_hyperv_suite = {
	.name = "vmbc_channel_hyperv",
	.init = channel_test_init,
	.exit = channel_test_exit,
	.test_cases = channel_cases,
	.suite_init = kt_use_hyperv,
	.suite_exit = kt_use_sim,
};

kunit_test_suites(&channel_suite, &channel_hyperv_suite);
