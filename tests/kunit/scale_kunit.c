// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: how the core scales, for `make bench` (scripts/bench.sh). Skipped
 * unless vmbc_kunit.scale=1: these cases measure, they assert only that
 * everything they asked for happened.
 *
 * For N = 256, 1024 and 2047 devices (every relid a host can give: relid
 * 0 is reserved) of one connection: the time from the connection's
 * offers to every device probed, the memory each channel costs closed
 * and opened (free-page deltas: slab, pages and vmalloc alike), and how
 * many times per second one channel opens and closes. Then the echo rate
 * end to end (a sender, the core, the rings, the simulated host and
 * back) with one and with two channels. One line per figure, read by
 * scripts/bench.sh:
 *   scale devices=N probe_ms=X per_device_us=X growth_vs_256=R
 *         channel_bytes_closed=X channel_bytes_open=X open_close_per_s=X
 *   echo channels=C packets_per_s=X
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmstat.h>
#include <linux/wait.h>

#include "sim_helpers.h"

static bool scale;
module_param(scale, bool, 0444);
MODULE_PARM_DESC(scale, "Run the scale measurements (make bench)");

/* A class only the scale driver binds. */
#define SC_CLASS	kt_guid(9, 1)
#define SC_RING		(4 * PAGE_SIZE)	/* each direction */

static atomic_t sc_probed;
static DECLARE_WAIT_QUEUE_HEAD(sc_wait);

static int sc_probe(struct hv_device *dev, const struct hv_vmbus_device_id *id)
{
	atomic_inc(&sc_probed);
	wake_up(&sc_wait);
	return 0;
}

static int sc_remove(struct hv_device *dev)
{
	return 0;
}

static const struct hv_vmbus_device_id sc_ids[] = {
	{ .guid = GUID_INIT(0x6b756e69, 0x7409, 1, 0x80, 0x00, 0x00, 0x00,
			    0x00, 0x00, 0x00, 0x01) },
	{ },
};

static struct hv_driver sc_driver = {
	.name = "vmbc_kunit_scale",
	.id_table = sc_ids,
	.probe = sc_probe,
	.remove = sc_remove,
};

static void sc_unregister_action(void *drv)
{
	vmbus_driver_unregister(drv);
}

/* Bytes the page allocator handed out since @free_before (in pages). */
static long sc_used_bytes(unsigned long free_before)
{
	return ((long)free_before -
		(long)global_zone_page_state(NR_FREE_PAGES)) * PAGE_SIZE;
}

static void sc_drain(void)
{
	/* what the per-CPU lists hold back would blur the deltas */
	drain_all_pages(NULL);
	rcu_barrier();
}

/* The time at N = 256, for the growth ratio. */
static u64 sc_base_ns;

static void sc_measure(struct kunit *test, u32 n)
{
	struct vmbc_sim_config cfg = { .no_connect = true };
	struct vmbc_sim_device dev = { .class_id = sc_ids[0].guid };
	struct vmbus_channel **ch;
	struct vmbc_connection *conn;
	int *relid;
	unsigned long free0;
	long closed, opened;
	struct vmbc_sim *sim;
	u64 t0, ns, opens = 0;
	unsigned long end;
	u32 i;

	ch = kunit_kcalloc(test, n, sizeof(*ch), GFP_KERNEL);
	relid = kunit_kcalloc(test, n, sizeof(*relid), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ch);
	KUNIT_ASSERT_NOT_NULL(test, relid);
	sim = kt_sim_start(test, &cfg);
	conn = vmbc_sim_connection(sim);
	for (i = 0; i < n; i++) {
		dev.instance_id = kt_guid(8, i);
		relid[i] = vmbc_sim_add_device(sim, &dev);
		KUNIT_ASSERT_GT(test, relid[i], 0);
	}
	atomic_set(&sc_probed, 0);
	sc_drain();
	free0 = global_zone_page_state(NR_FREE_PAGES);

	t0 = ktime_get_ns();
	KUNIT_ASSERT_EQ(test, vmbc_connection_connect(conn), 0);
	KUNIT_ASSERT_GT(test, wait_event_timeout(sc_wait,
						 atomic_read(&sc_probed) == n,
						 300 * HZ), 0);
	ns = ktime_get_ns() - t0;
	vmbc_sim_flush(sim);
	sc_drain();
	closed = sc_used_bytes(free0);

	for (i = 0; i < n; i++) {
		ch[i] = kt_channel_at(conn, relid[i]);
		KUNIT_ASSERT_NOT_NULL(test, ch[i]);
		KUNIT_ASSERT_EQ(test, vmbus_open(ch[i], SC_RING, SC_RING, NULL,
						 0, kt_quiet_cb, NULL), 0);
	}
	vmbc_sim_flush(sim);
	sc_drain();
	opened = sc_used_bytes(free0);
	for (i = 0; i < n; i++)
		vmbus_close(ch[i]);

	/* one channel, opened and closed as fast as it goes, for a second */
	end = jiffies + HZ;
	while (time_before(jiffies, end)) {
		KUNIT_ASSERT_EQ(test, vmbus_open(ch[0], SC_RING, SC_RING, NULL,
						 0, kt_quiet_cb, NULL), 0);
		vmbus_close(ch[0]);
		opens++;
	}
	if (n == 256)
		sc_base_ns = ns;
	pr_info("scale devices=%u probe_ms=%llu per_device_us=%llu growth_vs_256=%llu.%02llu channel_bytes_closed=%ld channel_bytes_open=%ld open_close_per_s=%llu\n",
		n, div_u64(ns, NSEC_PER_MSEC), div_u64(ns, n * NSEC_PER_USEC),
		sc_base_ns ? div64_u64(ns, sc_base_ns) : 0,
		sc_base_ns ? div64_u64(ns * 100, sc_base_ns) % 100 : 0,
		closed / (long)n, opened / (long)n, opens);
	KUNIT_EXPECT_EQ(test, atomic_read(&sc_probed), n);
}

static const u32 sc_sizes[] = { 256, 1024, 2047 };

static void sc_size_desc(const u32 *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u devices", *n);
}

KUNIT_ARRAY_PARAM(sc_size, sc_sizes, sc_size_desc);

static void scale_offers_probes_memory(struct kunit *test)
{
	if (!scale)
		kunit_skip(test, "vmbc_kunit.scale=1 runs it (make bench)");
	KUNIT_ASSERT_EQ(test, vmbus_driver_register(&sc_driver), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							sc_unregister_action,
							&sc_driver), 0);
	sc_measure(test, *(const u32 *)test->param_value);
}

/* ------------------------------------------------------------------ */
/* End-to-end echo rate                                                */

#define SC_WINDOW	64	/* echoes a sender may wait for at once */

struct sc_echo {
	struct vmbus_channel *channel;
	atomic_t outstanding;
	atomic64_t echoed;
	wait_queue_head_t room;
	struct task_struct *task;
	bool stop;
};

static void sc_echo_cb(void *context)
{
	struct sc_echo *e = context;
	u8 buf[64];
	u32 len;
	u64 rid;

	while (!vmbus_recvpacket(e->channel, buf, sizeof(buf), &len, &rid) &&
	       len) {
		atomic64_inc(&e->echoed);
		atomic_dec(&e->outstanding);
	}
	wake_up(&e->room);
}

static int sc_echo_sender(void *arg)
{
	struct sc_echo *e = arg;
	u8 payload[32] = { 1 };

	while (!READ_ONCE(e->stop)) {
		if (wait_event_timeout(e->room,
				       atomic_read(&e->outstanding) <
				       SC_WINDOW || READ_ONCE(e->stop),
				       HZ) == 0)
			break;
		if (READ_ONCE(e->stop))
			break;
		if (vmbus_sendpacket(e->channel, payload, sizeof(payload), 1,
				     VM_PKT_DATA_INBAND, 0))
			continue;
		atomic_inc(&e->outstanding);
	}
	return 0;
}

static void scale_echo_rate(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim;
	struct sc_echo *e;
	u32 channels, i;
	u64 total = 0;
	u64 t0, ns;

	if (!scale)
		kunit_skip(test, "vmbc_kunit.scale=1 runs it (make bench)");
	sim = kt_sim_start(test, &cfg);
	for (channels = 1; channels <= 2; channels++) {
		e = kunit_kcalloc(test, channels, sizeof(*e), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, e);
		for (i = 0; i < channels; i++) {
			e[i].channel = kt_offer_echo(test, sim,
						     kt_guid(7, channels * 4 + i),
						     NULL);
			init_waitqueue_head(&e[i].room);
			set_channel_read_mode(e[i].channel, HV_CALL_DIRECT);
			KUNIT_ASSERT_EQ(test, vmbus_open(e[i].channel,
							 16 * PAGE_SIZE,
							 16 * PAGE_SIZE, NULL,
							 0, sc_echo_cb, &e[i]),
					0);
		}
		t0 = ktime_get_ns();
		for (i = 0; i < channels; i++) {
			e[i].task = kthread_run(sc_echo_sender, &e[i],
						"vmbc_scale%u", i);
			KUNIT_ASSERT_FALSE(test, IS_ERR(e[i].task));
			get_task_struct(e[i].task);
		}
		msleep(1000);
		for (i = 0; i < channels; i++) {
			WRITE_ONCE(e[i].stop, true);
			wake_up(&e[i].room);
			kthread_stop(e[i].task);
			put_task_struct(e[i].task);
		}
		ns = ktime_get_ns() - t0;
		total = 0;
		for (i = 0; i < channels; i++) {
			total += atomic64_read(&e[i].echoed);
			vmbus_close(e[i].channel);
		}
		pr_info("echo channels=%u packets_per_s=%llu\n", channels,
			div64_u64(total * NSEC_PER_SEC, ns));
		KUNIT_EXPECT_GT(test, total, 0);
	}
}

static struct kunit_case scale_cases[] = {
	KUNIT_CASE_PARAM_ATTR(scale_offers_probes_memory, sc_size_gen_params,
			      { .speed = KUNIT_SPEED_SLOW }),
	KUNIT_CASE_ATTR(scale_echo_rate, { .speed = KUNIT_SPEED_SLOW }),
	{}
};

static struct kunit_suite scale_suite = {
	.name = "vmbc_scale",
	.test_cases = scale_cases,
};

kunit_test_suite(scale_suite);
