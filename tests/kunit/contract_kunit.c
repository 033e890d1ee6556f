// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the driver contract as Linux v5.2's drivers rely on it.
 *
 * - A driver may send from its first callback: Hyper-V's Integration
 *   Services send NEGOTIATE the moment the channel opens, before the guest
 *   has processed OPENCHANNEL_RESULT, and the driver answers from the
 *   callback.
 * - set_channel_pending_send_size(): a sender that found the ring full is
 *   woken (its callback runs) when the host has drained enough.
 */
#include <kunit/test.h>
#include <linux/kthread.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "sim_helpers.h"

#define CT_WAIT_MS	5000

/* The heartbeat service's class: the simulated host plays it. */
#define CT_HEARTBEAT_CLASS \
	GUID_INIT(0x57164f39, 0x9115, 0x4e78, 0xab, 0x55, 0x38, 0x2f, 0x3b, \
		  0xd5, 0x42, 0x2d)

/* What an Integration Services driver does, as hv_utils does it. */
struct ct_ic {
	struct vmbus_channel *channel;
	u8 *buf;
	int replies;
	int send_failures;
	int bad;
};

static const int ct_fw_versions[] = { 3 << 16, 1 << 16 };
static const int ct_hb_versions[] = { 3 << 16, 1 << 16 };

static void ct_ic_callback(void *context)
{
	struct ct_ic *ic = context;
	struct icmsg_hdr *hdr = (void *)(ic->buf + sizeof(struct vmbuspipe_hdr));
	struct heartbeat_msg_data *beat = (void *)(ic->buf + ICMSG_HDR);
	u32 len;
	u64 rid;

	for (;;) {
		if (vmbus_recvpacket(ic->channel, ic->buf, PAGE_SIZE, &len,
				     &rid) || !len)
			return;
		if (len < ICMSG_HDR) {
			ic->bad++;
			continue;
		}
		if (hdr->icmsgtype == ICMSGTYPE_NEGOTIATE) {
			if (!vmbus_prep_negotiate_resp(hdr, ic->buf,
						       ct_fw_versions, 2,
						       ct_hb_versions, 2,
						       NULL, NULL))
				ic->bad++;
		} else if (hdr->icmsgtype == ICMSGTYPE_HEARTBEAT) {
			beat->seq_num++;
		}
		hdr->icflags = ICMSGHDRFLAG_TRANSACTION | ICMSGHDRFLAG_RESPONSE;
		if (vmbus_sendpacket(ic->channel, ic->buf, len, rid,
				     VM_PKT_DATA_INBAND, 0))
			ic->send_failures++;
		else
			ic->replies++;
	}
}

static void ct_free_page_action(void *page)
{
	free_page((unsigned long)page);
}

static const enum hv_callback_mode ct_modes[] = {
	HV_CALL_BATCHED, HV_CALL_DIRECT, HV_CALL_ISR,
};

static void ct_mode_desc(const enum hv_callback_mode *m, char *desc)
{
	static const char * const names[] = { "batched", "direct", "isr" };

	strscpy(desc, names[*m], KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ct_mode, ct_modes, ct_mode_desc);

/*
 * The host sends NEGOTIATE right after OPENCHANNEL_RESULT; the driver
 * answers from its callback, which runs before the guest has processed
 * that result. Every answer must reach the host, open after open (before,
 * the send was refused until the open returned, and the handshake
 * stalled).
 */
static void contract_send_from_the_first_callback(struct kunit *test)
{
	const enum hv_callback_mode *mode = test->param_value;
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device dev = {
		.class_id = CT_HEARTBEAT_CLASS,
		.instance_id = kt_guid(3, 1),
	};
	struct vmbc_sim_channel_stats st;
	struct ct_ic ic = {};
	u32 relid;
	int round;

	ic.buf = (u8 *)__get_free_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ic.buf);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							ct_free_page_action,
							ic.buf), 0);
	ic.channel = kt_offer_dev(test, sim, &dev, &relid);
	for (round = 0; round < 100; round++) {
		set_channel_read_mode(ic.channel, *mode);
		KUNIT_ASSERT_EQ(test, vmbus_open(ic.channel, 2 * PAGE_SIZE,
						 2 * PAGE_SIZE, NULL, 0,
						 ct_ic_callback, &ic), 0);
		vmbc_sim_flush(sim);
		vmbus_close(ic.channel);
		if (ic.send_failures)
			break;
	}
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(sim, relid, &st), 0);
	KUNIT_EXPECT_EQ(test, ic.send_failures, 0);
	KUNIT_EXPECT_EQ(test, ic.bad, 0);
	KUNIT_EXPECT_EQ(test, ic.replies, 100);
	KUNIT_EXPECT_EQ(test, st.requests, 100);
	KUNIT_EXPECT_EQ(test, st.answers, 100);
	KUNIT_EXPECT_EQ(test, st.bad_answers, 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* ------------------------------------------------------------------ */
/* Outbound flow control                                               */

struct ct_flow {
	struct vmbus_channel *channel;
	atomic_t callbacks;
	wait_queue_head_t room;
};

static void ct_flow_callback(void *context)
{
	struct ct_flow *fl = context;

	atomic_inc(&fl->callbacks);
	wake_up(&fl->room);
}

/* One 64-byte packet: 16 + 64 bytes, and its trailer in the ring. */
#define CT_PAYLOAD	64
#define CT_PKT_ROOM	(sizeof(struct vmpacket_descriptor) + CT_PAYLOAD + 8)

static int ct_send(struct ct_flow *fl)
{
	u8 payload[CT_PAYLOAD] = {};

	return vmbus_sendpacket(fl->channel, payload, sizeof(payload), 1,
				VM_PKT_DATA_INBAND, 0);
}

/* A device no model plays: the host drains the ring and drops it all. */
static struct ct_flow *ct_flow_open(struct kunit *test, struct vmbc_sim *sim,
				    u16 n)
{
	struct ct_flow *fl = kunit_kzalloc(test, sizeof(*fl), GFP_KERNEL);
	struct vmbc_sim_device dev = {
		.class_id = kt_guid(1, 40),
		.instance_id = kt_guid(3, n),
	};

	KUNIT_ASSERT_NOT_NULL(test, fl);
	init_waitqueue_head(&fl->room);
	fl->channel = kt_offer_dev(test, sim, &dev, NULL);
	set_channel_read_mode(fl->channel, HV_CALL_DIRECT);
	KUNIT_ASSERT_EQ(test, vmbus_open(fl->channel, 2 * PAGE_SIZE,
					 2 * PAGE_SIZE, NULL, 0,
					 ct_flow_callback, fl), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_close_action,
							fl->channel), 0);
	return fl;
}

/*
 * The ring fills while the host reads nothing; the sender asks for room
 * and is woken once, by the host, when it drains; when the room is there
 * already, the core runs the callback itself; 0 withdraws the request.
 * (Before, the request did nothing: no wake-up ever came.)
 */
static void contract_pending_send_size_wakes_the_sender(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct ct_flow *fl = ct_flow_open(test, sim, 1);
	u64 interrupts;
	int sent = 0, ret;

	vmbc_sim_set_fault(sim, VMBC_SIM_HOLD_IO, 0, 1);
	while ((ret = ct_send(fl)) == 0)
		sent++;
	KUNIT_ASSERT_EQ(test, ret, -EAGAIN);
	KUNIT_EXPECT_GT(test, sent, 10);
	set_channel_pending_send_size(fl->channel, CT_PKT_ROOM);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, atomic_read(&fl->callbacks), 0);
	interrupts = fl->channel->interrupts;

	vmbc_sim_set_fault(sim, VMBC_SIM_HOLD_IO, 0, 0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, atomic_read(&fl->callbacks), 1);
	KUNIT_EXPECT_EQ(test, fl->channel->interrupts, interrupts + 1);
	KUNIT_EXPECT_EQ(test, ct_send(fl), 0);

	/* the room is there before the request: the core says so itself */
	set_channel_pending_send_size(fl->channel, CT_PKT_ROOM);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, atomic_read(&fl->callbacks), 2);
	KUNIT_EXPECT_EQ(test, fl->channel->interrupts, interrupts + 1);
	set_channel_pending_send_size(fl->channel, 0);
	KUNIT_EXPECT_EQ(test,
			READ_ONCE(fl->channel->outbound.ring_buffer->pending_send_sz),
			0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/*
 * A sender that streams through a small ring, waiting for its callback
 * each time the ring is full: every wait ends with a wake-up, none with
 * the timeout, and everything arrives. How often the ring fills depends
 * on the relative speed of guest and host (a dozen to a hundred times
 * here; never, under KASAN, when the host's CPU keeps up): the wake-up
 * itself is checked deterministically above.
 */
static void contract_sender_streams_through_a_full_ring(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct ct_flow *fl = ct_flow_open(test, sim, 2);
	struct vmbc_sim_channel_stats st;
	u32 relid = fl->channel->offermsg.child_relid;
	int sent = 0, waits = 0, timeouts = 0, seen;
	const int total = 5000;

	while (sent < total && !timeouts) {
		if (!ct_send(fl)) {
			sent++;
			continue;
		}
		seen = atomic_read(&fl->callbacks);
		set_channel_pending_send_size(fl->channel, CT_PKT_ROOM);
		waits++;
		if (!wait_event_timeout(fl->room,
					atomic_read(&fl->callbacks) != seen,
					msecs_to_jiffies(CT_WAIT_MS)))
			timeouts++;
		set_channel_pending_send_size(fl->channel, 0);
	}
	vmbc_sim_flush(sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(sim, relid, &st), 0);
	KUNIT_EXPECT_EQ(test, timeouts, 0);
	KUNIT_EXPECT_EQ(test, sent, total);
	KUNIT_EXPECT_EQ(test, st.packets_in, total);
	kunit_info(test, "%d packets, %d waits for room", sent, waits);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

static int ct_send_more(struct ct_flow *fl, bool more)
{
	u8 payload[CT_PAYLOAD] = {};

	return vmbc_sendpacket_more(fl->channel, payload, sizeof(payload), 1,
				    VM_PKT_DATA_INBAND, 0, more);
}

/*
 * vmbc_sendpacket_more() (a vmbc extension): a burst is invisible to the
 * host until its last packet (or a flush), then arrives whole with one
 * signal; on a channel declared single-sender, as the sample driver's.
 */
static void contract_burst_is_seen_once_with_one_signal(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct ct_flow *fl = ct_flow_open(test, sim, 3);
	struct hv_ring_buffer *rb = fl->channel->outbound.ring_buffer;
	u32 relid = fl->channel->offermsg.child_relid;
	struct vmbc_sim_channel_stats st0, st;
	u32 wi0;
	int i;

	vmbc_channel_set_single_sender(fl->channel, true);
	KUNIT_EXPECT_TRUE(test, fl->channel->single_sender);
	vmbc_sim_flush(sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(sim, relid, &st0), 0);
	wi0 = READ_ONCE(rb->write_index);

	for (i = 0; i < 7; i++)
		KUNIT_ASSERT_EQ(test, ct_send_more(fl, true), 0);
	vmbc_sim_flush(sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(sim, relid, &st), 0);
	/* written, not published: the host sees nothing, is not signalled */
	KUNIT_EXPECT_EQ(test, READ_ONCE(rb->write_index), wi0);
	KUNIT_EXPECT_EQ(test, st.packets_in, st0.packets_in);
	KUNIT_EXPECT_EQ(test, st.signals_in, st0.signals_in);

	/* the last of the burst publishes all eight and signals once */
	KUNIT_ASSERT_EQ(test, ct_send_more(fl, false), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(rb->write_index),
			(u32)(wi0 + 8 * CT_PKT_ROOM));
	vmbc_sim_flush(sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(sim, relid, &st), 0);
	KUNIT_EXPECT_EQ(test, st.packets_in, st0.packets_in + 8);
	KUNIT_EXPECT_EQ(test, st.signals_in, st0.signals_in + 1);

	/* a flush ends a burst the same way; an empty flush does nothing */
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, ct_send_more(fl, true), 0);
	KUNIT_EXPECT_EQ(test, vmbc_channel_send_flush(fl->channel), 0);
	KUNIT_EXPECT_EQ(test, vmbc_channel_send_flush(fl->channel), 0);
	vmbc_sim_flush(sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(sim, relid, &st), 0);
	KUNIT_EXPECT_EQ(test, st.packets_in, st0.packets_in + 11);
	KUNIT_EXPECT_EQ(test, st.signals_in, st0.signals_in + 2);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/*
 * A burst that fills the ring is published by the send that finds it
 * full, whatever the driver said: the host must drain what it cannot see.
 */
static void contract_full_ring_publishes_the_burst(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct ct_flow *fl = ct_flow_open(test, sim, 4);
	struct hv_ring_buffer_info *out = &fl->channel->outbound;
	u32 relid = fl->channel->offermsg.child_relid;
	struct vmbc_sim_channel_stats st0, st;
	int sent = 0, ret;

	vmbc_sim_flush(sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(sim, relid, &st0), 0);
	vmbc_sim_set_fault(sim, VMBC_SIM_HOLD_IO, 0, 1);
	while ((ret = ct_send_more(fl, true)) == 0)
		sent++;
	KUNIT_ASSERT_EQ(test, ret, -EAGAIN);
	KUNIT_EXPECT_GT(test, sent, 10);
	KUNIT_EXPECT_EQ(test, READ_ONCE(out->ring_buffer->write_index),
			out->priv_write_index);
	/* the driver's closing flush finds nothing left to publish */
	KUNIT_EXPECT_EQ(test, vmbc_channel_send_flush(fl->channel), 0);
	vmbc_sim_set_fault(sim, VMBC_SIM_HOLD_IO, 0, 0);
	vmbc_sim_flush(sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(sim, relid, &st), 0);
	KUNIT_EXPECT_EQ(test, st.packets_in, st0.packets_in + sent);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

static struct kunit_case contract_cases[] = {
	KUNIT_CASE_PARAM_ATTR(contract_send_from_the_first_callback,
			      ct_mode_gen_params, { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE(contract_pending_send_size_wakes_the_sender),
	KUNIT_CASE(contract_sender_streams_through_a_full_ring),
	KUNIT_CASE(contract_burst_is_seen_once_with_one_signal),
	KUNIT_CASE(contract_full_ring_publishes_the_burst),
	{}
};

static struct kunit_suite contract_suite = {
	.name = "vmbc_contract",
	.test_cases = contract_cases,
};

kunit_test_suite(contract_suite);
