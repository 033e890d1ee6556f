// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: sub-channels requested through the echo device's own protocol,
 * as network and storage drivers request theirs, and channels moved to
 * another CPU under traffic with every interrupt accounted for.
 */
#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <vmbc/echo.h>

#include "sim_helpers.h"

#define RING_SIZE	(4 * PAGE_SIZE)
#define WAIT_MS		5000

struct sc_fixture {
	struct vmbc_sim *sim;
	struct vmbc_connection *conn;
	struct vmbus_channel *primary;
	u32 relid;
	wait_queue_head_t wq;
	atomic_t created;	/* sc_creation_callback calls */
	atomic_t packets;	/* packets read on any channel */
	struct vmbc_echo_cmd answer;
};

static struct sc_fixture *the_fixture;

static void sc_on_channel(void *context)
{
	struct vmbus_channel *channel = context;
	struct vmpacket_descriptor *desc;
	struct sc_fixture *f = the_fixture;

	for (desc = hv_pkt_iter_first(channel); desc;
	     desc = hv_pkt_iter_next(channel, desc)) {
		if (hv_pkt_datalen(desc) >= sizeof(f->answer))
			memcpy(&f->answer, hv_pkt_data(desc),
			       sizeof(f->answer));
		atomic_inc(&f->packets);
	}
	wake_up(&f->wq);
}

static void sc_created(struct vmbus_channel *sc)
{
	atomic_inc(&the_fixture->created);
	wake_up(&the_fixture->wq);
}

static int subchannel_test_init(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct sc_fixture *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	init_waitqueue_head(&f->wq);
	f->sim = kt_sim_start(test, &cfg);
	f->conn = vmbc_sim_connection(f->sim);
	f->primary = kt_offer_echo(test, f->sim, kt_guid(9, 1), &f->relid);
	the_fixture = f;
	test->priv = f;
	return 0;
}

static void subchannel_test_exit(struct kunit *test)
{
	struct sc_fixture *f = test->priv;

	if (f && f->primary)
		vmbus_close(f->primary);
}

static bool sc_wait(struct sc_fixture *f, atomic_t *v, int n)
{
	return wait_event_timeout(f->wq, atomic_read(v) >= n,
				  msecs_to_jiffies(WAIT_MS)) > 0;
}

static const u32 sc_counts[] = { 1, 2, 8, 64 };

static void sc_count_desc(const u32 *n, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u sub-channels", *n);
}

KUNIT_ARRAY_PARAM(sc_count, sc_counts, sc_count_desc);

/*
 * Ask for N: the host answers N, offers N, the driver's callback sees
 * each from the core's own work, each links to the primary, opens and
 * echoes; closing the primary closes them all first.
 */
static void subchannel_request_open_and_close(struct kunit *test)
{
	u32 n = *(const u32 *)test->param_value;
	struct sc_fixture *f = test->priv;
	struct vmbc_echo_cmd cmd = {
		.magic = VMBC_ECHO_CMD_MAGIC,
		.cmd = VMBC_ECHO_CMD_SUBCHANNELS,
		.arg = n,
	};
	struct vmbus_channel *sc;
	u32 opened = 0;
	u8 byte = 7;

	vmbus_set_sc_create_callback(f->primary, sc_created);
	KUNIT_EXPECT_FALSE(test, vmbus_are_subchannels_present(f->primary));
	KUNIT_ASSERT_EQ(test, vmbus_open(f->primary, RING_SIZE, RING_SIZE,
					 NULL, 0, sc_on_channel, f->primary),
			0);
	KUNIT_ASSERT_EQ(test, vmbus_sendpacket(f->primary, &cmd, sizeof(cmd),
					       1, VM_PKT_DATA_INBAND, 0), 0);
	KUNIT_ASSERT_TRUE(test, sc_wait(f, &f->packets, 1));
	KUNIT_EXPECT_EQ(test, f->answer.arg, n);
	KUNIT_ASSERT_TRUE(test, sc_wait(f, &f->created, n));
	vmbc_sim_flush(f->sim);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->created), n);
	KUNIT_EXPECT_TRUE(test, vmbus_are_subchannels_present(f->primary));
	KUNIT_EXPECT_EQ(test, list_count_nodes(&f->primary->sc_list), n);

	list_for_each_entry(sc, &f->primary->sc_list, sc_list) {
		KUNIT_EXPECT_PTR_EQ(test, sc->primary_channel, f->primary);
		KUNIT_EXPECT_NE(test, sc->offermsg.offer.sub_channel_index, 0);
	}

	/* Open every sub-channel and echo one packet on each. */
	list_for_each_entry(sc, &f->primary->sc_list, sc_list) {
		KUNIT_ASSERT_EQ(test, vmbus_open(sc, RING_SIZE, RING_SIZE, NULL,
						 0, sc_on_channel, sc), 0);
		opened++;
		KUNIT_ASSERT_EQ(test, vmbus_sendpacket(sc, &byte, 1, 2,
						       VM_PKT_DATA_INBAND, 0),
				0);
	}
	KUNIT_EXPECT_EQ(test, opened, n);
	KUNIT_EXPECT_TRUE(test, sc_wait(f, &f->packets, 1 + n));

	vmbus_close(f->primary);
	list_for_each_entry(sc, &f->primary->sc_list, sc_list)
		KUNIT_EXPECT_EQ(test, READ_ONCE(sc->state), CHANNEL_OPEN_STATE);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);
}

/*
 * Move the channel between CPUs while packets flow: every echo arrives
 * and every interrupt the host raised is one the core counted.
 */
static void subchannel_cpu_change_loses_no_interrupt(struct kunit *test)
{
	struct sc_fixture *f = test->priv;
	struct vmbc_sim_channel_stats st;
	unsigned int cpus[2] = { 0, 0 };
	int i, sent = 0;
	u8 byte = 1;

	if (num_online_cpus() > 1)
		cpus[1] = cpumask_next(0, cpu_online_mask);
	KUNIT_ASSERT_EQ(test, vmbus_open(f->primary, RING_SIZE, RING_SIZE,
					 NULL, 0, sc_on_channel, f->primary),
			0);
	for (i = 0; i < 200; i++) {
		if (i % 10 == 0)
			KUNIT_ASSERT_EQ(test,
					vmbc_channel_set_cpu(f->primary,
							     cpus[(i / 10) % 2]),
					0);
		KUNIT_ASSERT_EQ(test, vmbus_sendpacket(f->primary, &byte, 1, i,
						       VM_PKT_DATA_INBAND, 0),
				0);
		sent++;
	}
	KUNIT_ASSERT_TRUE(test, sc_wait(f, &f->packets, sent));
	vmbc_sim_flush(f->sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(f->sim, f->relid, &st),
			0);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->packets), sent);
	KUNIT_EXPECT_EQ(test, st.interrupts_out, f->primary->interrupts);
	KUNIT_EXPECT_EQ(test, f->primary->target_cpu, cpus[1]);
	KUNIT_EXPECT_GE(test, kt_guest_sent(f->sim, CHANNELMSG_MODIFYCHANNEL),
			cpus[1] ? 19 : 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);
}

/* A sub-channel opened on a work item, as from sc_creation_callback. */
struct sc_async_open {
	struct work_struct work;
	struct vmbus_channel *sc;
	struct completion done;
	int ret;
};

static void sc_async_open_work(struct work_struct *work)
{
	struct sc_async_open *a = container_of(work, struct sc_async_open,
					       work);

	a->ret = vmbus_open(a->sc, RING_SIZE, RING_SIZE, NULL, 0,
			    sc_on_channel, a->sc);
	complete(&a->done);
}

/* Offer sub-channel @index of the fixture's device; its channel. */
static struct vmbus_channel *sc_offer(struct kunit *test,
				      struct sc_fixture *f, u16 index)
{
	struct vmbc_sim_device dev = {
		.class_id = VMBC_ECHO_CLASS_GUID,
		.instance_id = kt_guid(9, 1),
		.sub_channel_index = index,
	};

	return kt_offer_dev(test, f->sim, &dev, NULL);
}

/*
 * The primary closes while a sub-channel is still opening (its driver's
 * sc_creation_callback racing the driver's remove): the close waits for
 * that open and closes the sub-channel too. Before, the close skipped the
 * half-open sub-channel, which then stayed open with nobody to close it,
 * and a rescind left it holding its relid for ever (found by the 1000-round
 * vmtest).
 */
static void subchannel_opening_is_closed_with_its_primary(struct kunit *test)
{
	struct sc_fixture *f = test->priv;
	struct vmbc_sim_channel_stats st;
	struct sc_async_open a = {};
	u64 opens;

	KUNIT_ASSERT_EQ(test, vmbus_open(f->primary, RING_SIZE, RING_SIZE,
					 NULL, 0, sc_on_channel, f->primary),
			0);
	a.sc = sc_offer(test, f, 1);
	init_completion(&a.done);
	INIT_WORK_ONSTACK(&a.work, sc_async_open_work);
	vmbc_sim_set_fault(f->sim, VMBC_SIM_DELAY_RESPONSE,
			   CHANNELMSG_OPENCHANNEL_RESULT, 300);
	opens = kt_guest_sent(f->sim, CHANNELMSG_OPENCHANNEL);
	queue_work(system_unbound_wq, &a.work);
	while (kt_guest_sent(f->sim, CHANNELMSG_OPENCHANNEL) == opens &&
	       !completion_done(&a.done))
		usleep_range(200, 500);
	KUNIT_EXPECT_EQ(test, READ_ONCE(a.sc->state), CHANNEL_OPENING_STATE);

	vmbus_close(f->primary);
	KUNIT_EXPECT_NE(test, READ_ONCE(a.sc->state), CHANNEL_OPENED_STATE);
	KUNIT_EXPECT_TRUE(test, wait_for_completion_timeout(&a.done,
							    msecs_to_jiffies(WAIT_MS)));
	flush_work(&a.work);
	destroy_work_on_stack(&a.work);
	vmbc_sim_set_fault(f->sim, VMBC_SIM_DELAY_RESPONSE,
			   CHANNELMSG_OPENCHANNEL_RESULT, 0);
	KUNIT_EXPECT_NE(test, READ_ONCE(a.sc->state), CHANNEL_OPENED_STATE);
	vmbc_sim_flush(f->sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(f->sim,
						     a.sc->offermsg.child_relid,
						     &st), 0);
	KUNIT_EXPECT_FALSE(test, st.opened);
	/* and a sub-channel cannot open while its primary is closed */
	KUNIT_EXPECT_EQ(test, vmbus_open(a.sc, RING_SIZE, RING_SIZE, NULL, 0,
					 sc_on_channel, a.sc), -EINVAL);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);
}

/*
 * After vmbus_close() of the primary, no sc_creation_callback runs (its
 * driver may have freed what the callback uses) until the primary opens
 * again.
 */
static void subchannel_callbacks_stop_at_close(struct kunit *test)
{
	struct sc_fixture *f = test->priv;

	vmbus_set_sc_create_callback(f->primary, sc_created);
	KUNIT_ASSERT_EQ(test, vmbus_open(f->primary, RING_SIZE, RING_SIZE,
					 NULL, 0, sc_on_channel, f->primary),
			0);
	sc_offer(test, f, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->created), 1);
	vmbus_close(f->primary);
	sc_offer(test, f, 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->created), 1);
	KUNIT_ASSERT_EQ(test, vmbus_open(f->primary, RING_SIZE, RING_SIZE,
					 NULL, 0, sc_on_channel, f->primary),
			0);
	sc_offer(test, f, 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->created), 2);
}

/*
 * A driver that asks for sub-channels in its probe and waits for them
 * there: they are offered (and processed, on their own queue) before the
 * device has its channels/ directory. Each must still get one.
 */
static int sc_probe(struct hv_device *hdev,
		    const struct hv_vmbus_device_id *id)
{
	struct sc_fixture *f = the_fixture;
	struct vmbc_echo_cmd cmd = {
		.magic = VMBC_ECHO_CMD_MAGIC,
		.cmd = VMBC_ECHO_CMD_SUBCHANNELS,
		.arg = 3,
	};
	int ret;

	vmbus_set_sc_create_callback(hdev->channel, sc_created);
	ret = vmbus_open(hdev->channel, RING_SIZE, RING_SIZE, NULL, 0,
			 sc_on_channel, hdev->channel);
	if (ret)
		return ret;
	ret = vmbus_sendpacket(hdev->channel, &cmd, sizeof(cmd), 1,
			       VM_PKT_DATA_INBAND, 0);
	if (!ret && !sc_wait(f, &f->created, 3))
		ret = -ETIMEDOUT;
	if (ret)
		vmbus_close(hdev->channel);
	return ret;
}

static int sc_remove(struct hv_device *hdev)
{
	vmbus_close(hdev->channel);
	return 0;
}

/* Bound only while the test runs: the other tests open echo devices bare. */
static const struct hv_vmbus_device_id sc_ids[] = {
	{ .guid = VMBC_ECHO_CLASS_GUID },
	{ }
};

static struct hv_driver sc_driver = {
	.name = "vmbc_kunit_sc",
	.id_table = sc_ids,
	.probe = sc_probe,
	.remove = sc_remove,
};

static void sc_driver_unregister(void *drv)
{
	vmbus_driver_unregister(drv);
}

static void subchannel_offered_during_probe_gets_sysfs(struct kunit *test)
{
	struct sc_fixture *f = test->priv;
	struct vmbc_sim_device dev = {
		.class_id = sc_ids[0].guid,
		.instance_id = kt_guid(9, 2),
	};
	struct vmbus_channel *primary, *subs[4];
	int relid, n, i;

	KUNIT_ASSERT_EQ(test, vmbus_driver_register(&sc_driver), 0);
	KUNIT_ASSERT_EQ(test,
			kunit_add_action_or_reset(test, sc_driver_unregister,
						  &sc_driver), 0);
	relid = vmbc_sim_add_device(f->sim, &dev);
	KUNIT_ASSERT_GT(test, relid, 0);
	vmbc_sim_flush(f->sim);
	primary = kt_channel_at(f->conn, relid);
	KUNIT_ASSERT_NOT_NULL(test, primary);
	KUNIT_ASSERT_NOT_NULL(test, primary->device_obj);
	KUNIT_EXPECT_EQ(test, READ_ONCE(primary->state), CHANNEL_OPENED_STATE);
	KUNIT_EXPECT_TRUE(test, primary->kobj.state_in_sysfs);
	n = vmbc_test_subchannels(primary, subs, ARRAY_SIZE(subs));
	KUNIT_ASSERT_EQ(test, n, 3);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_TRUE_MSG(test, subs[i]->kobj.state_in_sysfs,
				      "sub-channel %u has no directory",
				      subs[i]->offermsg.offer.sub_channel_index);
}

static struct kunit_case subchannel_cases[] = {
	KUNIT_CASE(subchannel_offered_during_probe_gets_sysfs),
	KUNIT_CASE_PARAM(subchannel_request_open_and_close,
			 sc_count_gen_params),
	KUNIT_CASE(subchannel_cpu_change_loses_no_interrupt),
	KUNIT_CASE(subchannel_opening_is_closed_with_its_primary),
	KUNIT_CASE(subchannel_callbacks_stop_at_close),
	{}
};

static struct kunit_suite subchannel_suite = {
	.name = "vmbc_subchannel",
	.init = subchannel_test_init,
	.exit = subchannel_test_exit,
	.test_cases = subchannel_cases,
};

/* The same cases, through the Hyper-V transport over the fake hypervisor. */
static struct kunit_suite subchannel_hyperv_suite = {
	.name = "vmbc_subchannel_hyperv",
	.init = subchannel_test_init,
	.exit = subchannel_test_exit,
	.test_cases = subchannel_cases,
	.suite_init = kt_use_hyperv,
	.suite_exit = kt_use_sim,
};

kunit_test_suites(&subchannel_suite, &subchannel_hyperv_suite);
