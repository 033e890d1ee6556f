// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a host that attacks the guest. Each case plays one trick a host
 * holding the other side can play (a device offered twice under two
 * classes, a rescind racing a failed registration, a GPADL it keeps, a
 * corrupt ring, a flood of packets nobody asked for, a field rewritten
 * between check and use, a probe that never ends) and checks that the
 * core rejects and counts it, frees nothing the host may still write, and
 * never crashes, spins or stalls other devices.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include <vmbc/ring.h>

#include "sim_helpers.h"
#include "sysfs_helpers.h"

#define HK_WAIT_MS	5000
#define HK_RING		(4 * PAGE_SIZE)

/* Wait, bounded, for @cond; evaluates it again and again. */
#define hk_wait_until(cond) ({						\
	unsigned long __end = jiffies + msecs_to_jiffies(HK_WAIT_MS);	\
	bool __ok;							\
	while (!(__ok = (cond)) && time_before(jiffies, __end))	\
		usleep_range(100, 200);					\
	__ok;								\
})

static void hk_hook_off(void *unused)
{
	vmbc_test_set_hook(NULL);
}

static void hk_hook(struct kunit *test, vmbc_test_hook_t hook)
{
	vmbc_test_set_hook(hook);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, hk_hook_off,
							NULL), 0);
}

/* ------------------------------------------------------------------ */
/* Offers and rescinds                                                  */

/* An item at the head of an ordered queue, holding up what follows. */
struct hk_gate {
	struct work_struct work;
	struct completion open;
};

static void hk_gate_work(struct work_struct *work)
{
	wait_for_completion(&container_of(work, struct hk_gate, work)->open);
}

static void hk_gate_open_action(void *data)
{
	struct hk_gate *gate = data;

	complete_all(&gate->open);
	flush_work(&gate->work);
}

static struct hk_gate *hk_gate_close(struct kunit *test,
				     struct vmbc_connection *conn, bool subs)
{
	struct hk_gate *gate = kunit_kzalloc(test, sizeof(*gate), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, gate);
	init_completion(&gate->open);
	INIT_WORK(&gate->work, hk_gate_work);
	vmbc_test_queue_offer_work(conn, &gate->work, subs);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							hk_gate_open_action,
							gate), 0);
	return gate;
}

static u32 hk_fail_relid;

static int hk_fail_register(enum vmbc_test_point point, void *arg)
{
	struct vmbus_channel *channel = arg;

	if (point == VMBC_TP_DEVICE_REGISTER &&
	    channel->offermsg.child_relid == READ_ONCE(hk_fail_relid))
		return -EEXIST;
	return 0;
}

/*
 * The offer queue is busy; the host offers a device, rescinds it right
 * behind, and the device will not register. The failed registration and
 * the rescind both want to remove the channel: it leaves the relid table
 * and is released to the host exactly once (before, twice: a second
 * RELID_RELEASED and a refcount underflow), and the relid works again.
 */
static void hostile_failed_registration_and_rescind_release_once(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_connection *conn = vmbc_sim_connection(sim);
	struct vmbc_sim_device dev = {
		.class_id = kt_guid(1, 1),
		.instance_id = kt_guid(2, 1),
		.relid = 7,
	};
	struct vmbus_channel *channel;
	struct hk_gate *gate;
	int alive = vmbc_test_channels_alive();
	u64 released = kt_guest_sent(sim, CHANNELMSG_RELID_RELEASED);

	gate = hk_gate_close(test, conn, false);
	KUNIT_ASSERT_EQ(test, vmbc_sim_add_device(sim, &dev), 7);
	KUNIT_ASSERT_TRUE(test, hk_wait_until(kt_channel_at(conn, 7)));
	channel = kt_channel_at(conn, 7);
	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(sim, 7), 0);
	KUNIT_ASSERT_TRUE(test, hk_wait_until(READ_ONCE(channel->rescind)));

	WRITE_ONCE(hk_fail_relid, 7);
	hk_hook(test, hk_fail_register);
	kunit_release_action(test, hk_gate_open_action, gate);
	vmbc_sim_flush(sim);

	KUNIT_EXPECT_EQ(test, kt_guest_sent(sim, CHANNELMSG_RELID_RELEASED),
			released + 1);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(conn, VMBC_STAT_OFFER_FAILED),
			1);
	KUNIT_EXPECT_NULL(test, kt_channel_at(conn, 7));
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
	KUNIT_EXPECT_EQ(test, vmbc_test_channels_alive(), alive);

	/* the relid is free on both sides: offered again, it works */
	kunit_release_action(test, hk_hook_off, NULL);
	channel = kt_offer_dev(test, sim, &dev, NULL);
	KUNIT_EXPECT_NOT_NULL(test, channel->device_obj);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/*
 * A device instance offered under two classes: the second is refused and
 * counted before anything is built for it (before, its registration
 * failed on the duplicate name, with a sysfs stack dump each time). Once
 * the first is rescinded and gone, the instance may come back under
 * another class.
 */
static void hostile_instance_under_two_classes(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_connection *conn = vmbc_sim_connection(sim);
	struct vmbc_sim_device dev = {
		.class_id = kt_guid(1, 1),
		.instance_id = kt_guid(2, 2),
	};
	struct vmbus_channel *first, *again;
	u32 relid;
	int relid2;

	first = kt_offer_dev(test, sim, &dev, &relid);
	dev.class_id = kt_guid(1, 2);
	relid2 = vmbc_sim_add_device(sim, &dev);
	KUNIT_ASSERT_GT(test, relid2, 0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_NULL(test, kt_channel_at(conn, relid2));
	KUNIT_EXPECT_EQ(test,
			vmbc_connection_stat(conn, VMBC_STAT_OFFER_DUPLICATE), 1);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(conn, VMBC_STAT_OFFER_FAILED),
			0);
	KUNIT_EXPECT_EQ(test, vmbc_test_primaries(conn), 1);
	KUNIT_EXPECT_NOT_NULL(test, first->device_obj);

	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(sim, relid), 0);
	KUNIT_ASSERT_EQ(test, vmbc_sim_wait_released(sim, relid, HK_WAIT_MS), 0);
	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(sim, relid2), 0);
	vmbc_sim_flush(sim);
	again = kt_offer_dev(test, sim, &dev, NULL);
	KUNIT_EXPECT_NOT_NULL(test, again->device_obj);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* A second sub-channel with an index its primary already has. */
static void hostile_duplicate_subchannel_index(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_connection *conn = vmbc_sim_connection(sim);
	struct vmbc_sim_device dev = {
		.class_id = kt_guid(1, 3),
		.instance_id = kt_guid(2, 3),
	};
	struct vmbus_channel_offer_channel offer = {
		.header.msgtype = CHANNELMSG_OFFERCHANNEL,
		.child_relid = 40,
		.connection_id = 40,
	};
	struct vmbus_channel *primary;

	primary = kt_offer_dev(test, sim, &dev, NULL);
	dev.sub_channel_index = 1;
	kt_offer_dev(test, sim, &dev, NULL);
	/* the simulated host refuses a duplicate: the raw offer does not */
	offer.offer.if_type = dev.class_id;
	offer.offer.if_instance = dev.instance_id;
	offer.offer.sub_channel_index = 1;
	KUNIT_ASSERT_EQ(test, vmbc_sim_inject(sim, &offer, sizeof(offer),
					      sizeof(offer)), 0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_NULL(test, kt_channel_at(conn, 40));
	KUNIT_EXPECT_EQ(test,
			vmbc_connection_stat(conn,
					     VMBC_STAT_OFFER_DUPLICATE_SUBCHANNEL),
			1);
	KUNIT_EXPECT_EQ(test, vmbc_test_subchannels(primary, NULL, 0), 1);
}

/* ------------------------------------------------------------------ */
/* A slow probe holds up nobody else                                   */

static const struct hv_vmbus_device_id hk_slow_ids[] = {
	{ .guid = GUID_INIT(0x6b756e69, 0x74ff, 0x0001, 0x80, 0x00, 0x00,
			    0x00, 0x00, 0x00, 0x00, 0x01) },
	{ }
};

static DECLARE_COMPLETION(hk_probe_entered);
static DECLARE_COMPLETION(hk_probe_release);
static guid_t hk_slow_instance;

static int hk_slow_probe(struct hv_device *dev,
			 const struct hv_vmbus_device_id *id)
{
	if (guid_equal(&dev->channel->offermsg.offer.if_instance,
		       &hk_slow_instance)) {
		complete(&hk_probe_entered);
		wait_for_completion_timeout(&hk_probe_release,
					    msecs_to_jiffies(2 * HK_WAIT_MS));
	}
	return 0;
}

static int hk_slow_remove(struct hv_device *dev)
{
	return 0;
}

static struct hv_driver hk_slow_driver = {
	.name = "vmbc_kunit_slow",
	.id_table = hk_slow_ids,
	.probe = hk_slow_probe,
	.remove = hk_slow_remove,
};

static void hk_driver_unregister(void *drv)
{
	vmbus_driver_unregister(drv);
}

static void hk_probe_release_action(void *unused)
{
	complete_all(&hk_probe_release);
}

/*
 * One host's device sits in a probe that does not return; another host's
 * device registers and probes meanwhile. (Before, the device-name lock
 * was held across device_add() and so across the probe: every connection
 * waited for the slowest driver.)
 */
static void hostile_slow_probe_stalls_no_other_connection(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim1 = kt_sim_start(test, &cfg);
	struct vmbc_sim_config cfg2 = {};
	struct vmbc_sim *sim2 = kt_sim_start(test, &cfg2);
	struct vmbc_sim_device dev = { .class_id = hk_slow_ids[0].guid };
	struct vmbus_channel *other;
	int relid;

	reinit_completion(&hk_probe_entered);
	reinit_completion(&hk_probe_release);
	hk_slow_instance = kt_guid(2, 10);
	KUNIT_ASSERT_EQ(test, vmbus_driver_register(&hk_slow_driver), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							hk_driver_unregister,
							&hk_slow_driver), 0);
	/* released before the driver goes (actions run in reverse) */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							hk_probe_release_action,
							NULL), 0);

	dev.instance_id = hk_slow_instance;
	KUNIT_ASSERT_GT(test, vmbc_sim_add_device(sim1, &dev), 0);
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&hk_probe_entered,
							  msecs_to_jiffies(HK_WAIT_MS)),
			0);

	dev.instance_id = kt_guid(2, 11);
	relid = vmbc_sim_add_device(sim2, &dev);
	KUNIT_ASSERT_GT(test, relid, 0);
	KUNIT_EXPECT_TRUE(test,
			  hk_wait_until((other = kt_channel_at(vmbc_sim_connection(sim2),
							       relid)) &&
					READ_ONCE(other->probe_done)));
	KUNIT_EXPECT_FALSE(test, completion_done(&hk_probe_release));
	kunit_release_action(test, hk_probe_release_action, NULL);
}

/* ------------------------------------------------------------------ */
/* GPADLs the host keeps                                               */

struct hk_chan {
	struct kunit *test;
	struct vmbc_sim *sim;
	struct vmbc_connection *conn;
	struct vmbus_channel *channel;
	u32 relid;
	atomic_t callbacks;
	/* per callback: the most packets one read dropped */
	u64 most_dropped;
	u32 range_cnt_seen;
	bool read_once_only;
};

static void hk_callback(void *context)
{
	struct hk_chan *c = context;
	struct vmpacket_descriptor *desc;
	u64 before = c->channel->bad_packets;

	atomic_inc(&c->callbacks);
	desc = hv_pkt_iter_first(c->channel);
	if (desc && desc->type == VM_PKT_DATA_USING_GPA_DIRECT)
		c->range_cnt_seen = ((struct vmdata_gpa_direct *)desc)->range_cnt;
	if (c->read_once_only) {
		if (desc)
			hv_pkt_iter_close(c->channel);
	} else {
		while (desc)
			desc = hv_pkt_iter_next(c->channel, desc);
	}
	c->most_dropped = max(c->most_dropped,
			      c->channel->bad_packets - before);
}

/* A device of a class no model plays: the host reads and never writes. */
static struct hk_chan *hk_offer(struct kunit *test, u16 n, bool echo)
{
	struct vmbc_sim_config cfg = {};
	struct hk_chan *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct vmbc_sim_device dev = {
		.class_id = echo ? VMBC_ECHO_CLASS_GUID : kt_guid(1, 20),
		.instance_id = kt_guid(2, n),
	};

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->test = test;
	c->sim = kt_sim_start(test, &cfg);
	c->conn = vmbc_sim_connection(c->sim);
	c->channel = kt_offer_dev(test, c->sim, &dev, &c->relid);
	return c;
}

static int hk_open(struct hk_chan *c, u32 ring)
{
	int ret = vmbus_open(c->channel, ring, ring, NULL, 0, hk_callback, c);

	if (!ret)
		KUNIT_ASSERT_EQ(c->test,
				kunit_add_action_or_reset(c->test,
							  kt_close_action,
							  c->channel), 0);
	return ret;
}

/*
 * The host keeps the ring's GPADL: it never says GPADL_CREATED and
 * ignores the teardown. The pages may be mapped by the host for good:
 * vmbus_open() fails and leaks them, counted (before, it freed them).
 * With the teardown answered, they go back to the allocator.
 */
static void hostile_gpadl_kept_leaks_the_ring(struct kunit *test)
{
	struct hk_chan *c = hk_offer(test, 30, true);
	int leaked = vmbc_test_ring_pages_leaked();
	int alive = vmbc_test_ring_pages_alive();
	unsigned int old;

	old = vmbc_test_set_timeout(c->conn, KT_SHORT_TIMEOUT_MS);
	vmbc_sim_set_fault(c->sim, VMBC_SIM_DROP_RESPONSE,
			   CHANNELMSG_GPADL_CREATED, 1);
	vmbc_sim_set_fault(c->sim, VMBC_SIM_DROP_RESPONSE,
			   CHANNELMSG_GPADL_TORNDOWN, 1);
	KUNIT_EXPECT_EQ(test, hk_open(c, HK_RING), -EREMOTEIO);
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_leaked(),
			leaked + 2 * HK_RING / PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_alive(), alive);

	/* no GPADL_CREATED, but the teardown answered: nothing leaks */
	vmbc_sim_set_fault(c->sim, VMBC_SIM_DROP_RESPONSE,
			   CHANNELMSG_GPADL_CREATED, 1);
	KUNIT_EXPECT_EQ(test, hk_open(c, HK_RING), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_leaked(),
			leaked + 2 * HK_RING / PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_alive(), alive);

	vmbc_test_set_timeout(c->conn, old);
	KUNIT_EXPECT_EQ(test, hk_open(c, HK_RING), 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(c->sim), 0);
}

/*
 * A GPADL_BODY cannot be posted after its header went out: the host has
 * half a GPADL. The core withdraws it (before, it sent nothing and freed
 * the pages); answered, the pages are freed; not answered, leaked.
 */
static void hostile_gpadl_body_post_fails(struct kunit *test)
{
	struct hk_chan *c = hk_offer(test, 31, true);
	struct vmbc_sim_channel_stats st;
	int leaked = vmbc_test_ring_pages_leaked();
	int alive = vmbc_test_ring_pages_alive();
	/* 2 x 16 pages: more PFNs than a GPADL_HEADER holds */
	u32 ring = 16 * PAGE_SIZE;
	u64 teardowns = kt_guest_sent(c->sim, CHANNELMSG_GPADL_TEARDOWN);
	unsigned int old;
	void *buf;

	vmbc_sim_set_fault(c->sim, VMBC_SIM_REJECT_POST,
			   CHANNELMSG_GPADL_BODY, 1);
	KUNIT_EXPECT_EQ(test, hk_open(c, ring), -EIO);
	KUNIT_EXPECT_EQ(test, kt_guest_sent(c->sim, CHANNELMSG_GPADL_TEARDOWN),
			teardowns + 1);
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_leaked(), leaked);
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_alive(), alive);
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(c->sim, c->relid, &st), 0);
	KUNIT_EXPECT_EQ(test, st.gpadls, 0);

	/*
	 * A driver's buffer with a body, its withdrawal unanswered: the
	 * caller must leak it (the test does: the host may write it).
	 */
	buf = vzalloc(2 * ring);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	old = vmbc_test_set_timeout(c->conn, KT_SHORT_TIMEOUT_MS);
	vmbc_sim_set_fault(c->sim, VMBC_SIM_REJECT_POST,
			   CHANNELMSG_GPADL_BODY, 1);
	vmbc_sim_set_fault(c->sim, VMBC_SIM_DROP_RESPONSE,
			   CHANNELMSG_GPADL_TORNDOWN, 1);
	{
		u32 handle = 0;

		KUNIT_EXPECT_EQ(test, vmbus_establish_gpadl(c->channel, buf,
							    2 * ring, &handle),
				-EREMOTEIO);
	}
	vmbc_test_set_timeout(c->conn, old);
	KUNIT_EXPECT_EQ(test, kt_host_errors(c->sim), 0);
}

/* ------------------------------------------------------------------ */
/* Rings the host corrupts                                             */

/*
 * One misaligned write_index and a signal: the driver's callback runs
 * once and sees the ring fail, then no more, however often the host
 * signals (before, the tasklet called it millions of times a second).
 * The log says so once, sysfs names the ring, the events are counted.
 */
static void hostile_broken_ring_quiets_the_callback(struct kunit *test)
{
	struct hk_chan *c = hk_offer(test, 32, false);
	struct vfsmount *mnt = kt_mount_sysfs(test);
	char state[16];
	int i;

	KUNIT_ASSERT_EQ(test, hk_open(c, HK_RING), 0);
	vmbc_sim_flush(c->sim);
	KUNIT_ASSERT_EQ(test, atomic_read(&c->callbacks), 0);
	WRITE_ONCE(c->channel->inbound.ring_buffer->write_index, 12);
	vmbc_sim_signal(c->sim, c->relid, c->channel->target_cpu);
	vmbc_sim_flush(c->sim);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->callbacks), 1);
	KUNIT_EXPECT_TRUE(test, vmbc_ring_is_broken(&c->channel->inbound));

	for (i = 0; i < 10; i++) {
		vmbc_sim_signal(c->sim, c->relid, c->channel->target_cpu);
		vmbc_sim_flush(c->sim);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&c->callbacks), 1);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(c->conn,
						   VMBC_STAT_EVENT_BROKEN_RING),
			10);
	KUNIT_ASSERT_GT(test, kt_sysfs_read(mnt, &c->channel->kobj, "broken",
					    state, sizeof(state)), 0);
	KUNIT_EXPECT_STREQ(test, state, "inbound\n");
}

/* A view of the guest's inbound ring, as the host writes it. */
static struct hv_ring_buffer_info *hk_host_view(struct kunit *test,
						struct vmbus_channel *channel)
{
	struct hv_ring_buffer_info *rbi;
	u32 off = channel->ringbuffer_send_offset;

	rbi = kunit_kzalloc(test, sizeof(*rbi), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, rbi);
	vmbc_ring_pre_init(rbi);
	KUNIT_ASSERT_EQ(test, vmbc_ring_attach(rbi, channel->ring_pages + off,
					       channel->ringbuffer_pagecount -
					       off, 0), 0);
	return rbi;
}

static void hk_write(struct kunit *test, struct hv_ring_buffer_info *rbi,
		     const void *pkt, u32 len)
{
	struct kvec kv = { .iov_base = (void *)pkt, .iov_len = len };
	u32 events;

	KUNIT_ASSERT_EQ(test, vmbc_ring_write(rbi, &kv, 1, &events), 0);
}

/*
 * Completions for ids the guest never handed out, far more than a read
 * drops at once: each read gives up after its budget (before, one read
 * dropped them all, and kept going for as long as the host kept writing).
 */
static void hostile_unsolicited_completions_are_dropped_in_budgets(struct kunit *test)
{
	struct hk_chan *c = hk_offer(test, 33, false);
	struct vmpacket_descriptor comp = {
		.type = VM_PKT_COMP,
		.offset8 = 2,
		.len8 = 2,
		.trans_id = 12345,
	};
	struct hv_ring_buffer_info *host;
	int i;

	set_channel_read_mode(c->channel, HV_CALL_DIRECT);
	KUNIT_ASSERT_EQ(test, hk_open(c, HK_RING), 0);
	host = hk_host_view(test, c->channel);
	for (i = 0; i < 100; i++)
		hk_write(test, host, &comp, sizeof(comp));
	vmbc_sim_signal(c->sim, c->relid, c->channel->target_cpu);
	vmbc_sim_flush(c->sim);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->callbacks), 1);
	KUNIT_EXPECT_EQ(test, c->most_dropped, 64);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(c->conn,
						   VMBC_STAT_DROP_BUDGET), 1);
	/* the rest on the next signal */
	vmbc_sim_signal(c->sim, c->relid, c->channel->target_cpu);
	vmbc_sim_flush(c->sim);
	KUNIT_EXPECT_EQ(test, c->channel->bad_packets, 100);
	KUNIT_EXPECT_FALSE(test, vmbc_ring_is_broken(&c->channel->inbound));
	vmbc_ring_uninit(host);
}

/* The host rewrites range_cnt right after the iterator checked it. */
static int hk_rewrite_range_cnt(enum vmbc_test_point point, void *arg)
{
	struct vmdata_gpa_direct *in_ring = arg;

	if (point == VMBC_TP_PACKET_COPY)
		in_ring->range_cnt = 0x7fffffff;
	return 0;
}

/*
 * Every byte a driver sees comes from one read of the ring: a GPA-direct
 * packet's range count, rewritten between the iterator's check and the
 * copy, reaches the driver as it was checked (before, the copy carried the
 * rewritten count nobody checked).
 */
static void hostile_range_count_is_read_once(struct kunit *test)
{
	struct hk_chan *c = hk_offer(test, 34, false);
	struct {
		struct vmdata_gpa_direct hdr;
		u64 pfn;
		u64 payload;
	} __packed pkt = {
		.hdr.d.type = VM_PKT_DATA_USING_GPA_DIRECT,
		.hdr.d.offset8 = (sizeof(pkt.hdr) + sizeof(pkt.pfn)) / 8,
		.hdr.d.len8 = sizeof(pkt) / 8,
		.hdr.range_cnt = 1,
		.hdr.range[0].byte_count = 8,
		.pfn = 1,
		.payload = 0x1122334455667788ULL,
	};
	struct hv_ring_buffer_info *host;

	set_channel_read_mode(c->channel, HV_CALL_DIRECT);
	KUNIT_ASSERT_EQ(test, hk_open(c, HK_RING), 0);
	host = hk_host_view(test, c->channel);
	hk_hook(test, hk_rewrite_range_cnt);
	hk_write(test, host, &pkt, sizeof(pkt));
	vmbc_sim_signal(c->sim, c->relid, c->channel->target_cpu);
	vmbc_sim_flush(c->sim);
	kunit_release_action(test, hk_hook_off, NULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->callbacks), 1);
	KUNIT_EXPECT_EQ(test, c->range_cnt_seen, 1);
	vmbc_ring_uninit(host);
}

static struct kunit_case hostile_cases[] = {
	KUNIT_CASE(hostile_failed_registration_and_rescind_release_once),
	KUNIT_CASE(hostile_instance_under_two_classes),
	KUNIT_CASE(hostile_duplicate_subchannel_index),
	KUNIT_CASE(hostile_slow_probe_stalls_no_other_connection),
	KUNIT_CASE(hostile_gpadl_kept_leaks_the_ring),
	KUNIT_CASE(hostile_gpadl_body_post_fails),
	KUNIT_CASE(hostile_broken_ring_quiets_the_callback),
	KUNIT_CASE(hostile_unsolicited_completions_are_dropped_in_budgets),
	KUNIT_CASE(hostile_range_count_is_read_once),
	{}
};

static struct kunit_suite hostile_suite = {
	.name = "vmbc_hostile",
	.test_cases = hostile_cases,
};

kunit_test_suite(hostile_suite);
