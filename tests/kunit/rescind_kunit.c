// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: RESCIND_CHANNELOFFER in every state a channel can be in, for a
 * primary channel and for a sub-channel whose primary stays open.
 *
 * Each row brings one channel (the target) to its state, has the host
 * rescind it there, and checks the same outcome: @rescind set and
 * @rescind_event completed at once, every waiter back with -ENODEV at
 * once (the core's own timeout is set far beyond the test's), the device
 * unregistered, RELID_RELEASED sent exactly once and only when nothing
 * can use the channel any more, the channel's memory and ring pages given
 * back (none leaked), and the same relid offered again and taken.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <vmbc/echo.h>

#include "sim_helpers.h"

#define RING_SIZE	(4 * PAGE_SIZE)
/* Bound on the test's own waits; the core's are made longer (init). */
#define WAIT_MS		10000

enum rt_state {
	RT_OFFERING,		/* probe or sc_creation_callback running */
	RT_OFFERED,		/* CHANNEL_OPEN_STATE, never opened */
	RT_OPEN_GPADL,		/* vmbus_open() waits for GPADL_CREATED */
	RT_OPEN_RESULT,		/* vmbus_open() waits for OPENCHANNEL_RESULT */
	RT_OPENED_TRAFFIC,	/* opened, a thread sending as fast as it can */
	RT_CLOSING,		/* vmbus_close() waits for the ring's TORNDOWN */
	RT_GPADL_TEARDOWN,	/* vmbus_teardown_gpadl() of a driver buffer */
	RT_CALLBACK,		/* the channel callback is running */
};

struct rt_row {
	const char *name;
	enum rt_state state;
	bool sub;
};

static const struct rt_row rt_rows[] = {
	{ "primary, offer being processed (in probe)", RT_OFFERING, false },
	{ "sub-channel, offer being processed (in sc_creation_callback)",
	  RT_OFFERING, true },
	{ "primary, offered", RT_OFFERED, false },
	{ "sub-channel, offered", RT_OFFERED, true },
	{ "primary, open waiting for its GPADL", RT_OPEN_GPADL, false },
	{ "sub-channel, open waiting for its GPADL", RT_OPEN_GPADL, true },
	{ "primary, open waiting for its result", RT_OPEN_RESULT, false },
	{ "sub-channel, open waiting for its result", RT_OPEN_RESULT, true },
	{ "primary, opened with traffic", RT_OPENED_TRAFFIC, false },
	{ "sub-channel, opened with traffic", RT_OPENED_TRAFFIC, true },
	{ "primary, during close", RT_CLOSING, false },
	{ "sub-channel, during close", RT_CLOSING, true },
	{ "primary, during a GPADL teardown", RT_GPADL_TEARDOWN, false },
	{ "sub-channel, during a GPADL teardown", RT_GPADL_TEARDOWN, true },
	{ "primary, callback running", RT_CALLBACK, false },
	{ "sub-channel, callback running", RT_CALLBACK, true },
};

static void rt_row_desc(const struct rt_row *row, char *desc)
{
	strscpy(desc, row->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rt_row, rt_rows, rt_row_desc);

struct rt_fixture;

/* An operation that blocks, run on a work item while the test rescinds. */
struct rt_async {
	struct work_struct work;
	struct completion done;
	struct rt_fixture *f;
	int (*op)(struct rt_fixture *f);
	int ret;
};

struct rt_fixture {
	struct kunit *test;
	struct vmbc_sim *sim;
	struct vmbc_connection *conn;
	struct vmbus_channel *primary;	/* opened, for the sub-channel rows */
	struct vmbus_channel *target;	/* the channel rescinded, referenced */
	struct vmbc_sim_device dev;	/* the target's offer */
	u32 relid;
	struct rt_async async;
	bool async_started;

	/* what the target may hold before its offer */
	int channels_before;
	int pages_before;
	int leaked_before;
	u64 released_before;

	/* RT_OFFERING: the offer's work waits in the driver's hands */
	bool block_offer;
	struct completion offer_entered;
	struct completion offer_gate;
	int open_in_offer;

	/* data path */
	wait_queue_head_t wq;
	atomic_t packets;
	atomic_t callbacks;
	bool block_callback;
	bool callback_running;
	bool callback_saw_rescind;
	bool close_stopping;		/* the close waits for callbacks now */
	bool callback_outlived_close;	/* it was still running then */
	int callback_cpu;	/* where the blocking callback ran */

	/* RT_GPADL_TEARDOWN */
	void *buffer;
	u32 gpadl;
};

/* Driver callbacks have no context argument of ours: one test at a time. */
static struct rt_fixture *rt_current;

static bool rt_wait_for(bool (*cond)(struct rt_fixture *f),
			struct rt_fixture *f)
{
	unsigned long end = jiffies + msecs_to_jiffies(WAIT_MS);

	while (!cond(f)) {
		if (time_after(jiffies, end))
			return false;
		usleep_range(200, 500);
	}
	return true;
}

static bool rt_target_published(struct rt_fixture *f)
{
	return kt_channel_at(f->conn, f->relid);
}

/* ---- async operations ------------------------------------------ */

static void rt_async_work(struct work_struct *work)
{
	struct rt_async *a = container_of(work, struct rt_async, work);

	a->ret = a->op(a->f);
	complete(&a->done);
}

static void rt_async_start(struct rt_fixture *f,
			   int (*op)(struct rt_fixture *f))
{
	INIT_WORK(&f->async.work, rt_async_work);
	init_completion(&f->async.done);
	f->async.f = f;
	f->async.op = op;
	f->async.ret = 1;
	f->async_started = true;
	queue_work(system_unbound_wq, &f->async.work);
}

/* The operation's result, or -EBUSY when it did not return in time. */
static int rt_async_result(struct rt_fixture *f)
{
	if (!wait_for_completion_timeout(&f->async.done,
					 msecs_to_jiffies(WAIT_MS)))
		return -EBUSY;
	return f->async.ret;
}

static void rt_on_channel(void *context)
{
	struct rt_fixture *f = rt_current;
	struct vmbus_channel *channel = context;
	struct vmpacket_descriptor *desc;
	unsigned long end;

	atomic_inc(&f->callbacks);
	if (READ_ONCE(f->block_callback)) {
		f->callback_cpu = smp_processor_id();
		WRITE_ONCE(f->callback_running, true);
		/*
		 * Held in place until the close that follows the rescind has
		 * begun to wait for it. A tasklet cannot sleep: it waits on
		 * those two facts, never on time (the bound only ends a test
		 * that already failed).
		 */
		end = jiffies + msecs_to_jiffies(WAIT_MS);
		while (!READ_ONCE(f->close_stopping) &&
		       time_before(jiffies, end))
			cpu_relax();
		WRITE_ONCE(f->callback_saw_rescind, READ_ONCE(channel->rescind));
		WRITE_ONCE(f->callback_outlived_close,
			   READ_ONCE(f->close_stopping));
		WRITE_ONCE(f->block_callback, false);
		WRITE_ONCE(f->callback_running, false);
	}
	for (desc = hv_pkt_iter_first(channel); desc;
	     desc = hv_pkt_iter_next(channel, desc))
		atomic_inc(&f->packets);
	wake_up(&f->wq);
}

static int rt_open(struct vmbus_channel *channel)
{
	return vmbus_open(channel, RING_SIZE, RING_SIZE, NULL, 0,
			  rt_on_channel, channel);
}

static int rt_op_open(struct rt_fixture *f)
{
	return rt_open(f->target);
}

static int rt_op_close(struct rt_fixture *f)
{
	vmbus_close(f->target);
	return 0;
}

static int rt_op_teardown(struct rt_fixture *f)
{
	return vmbus_teardown_gpadl(f->target, f->gpadl);
}

/* Send until the channel refuses: -ENODEV once rescinded. */
static int rt_op_flood(struct rt_fixture *f)
{
	unsigned long end = jiffies + msecs_to_jiffies(WAIT_MS);
	u8 payload[32] = { 9 };
	u64 id = 0;
	int ret;

	while (time_before(jiffies, end)) {
		ret = vmbus_sendpacket(f->target, payload, sizeof(payload),
				       ++id, VM_PKT_DATA_INBAND, 0);
		if (ret == -EAGAIN)
			usleep_range(50, 100);
		else if (ret)
			return ret;
	}
	return -ETIMEDOUT;
}

/* ---- offer in progress ------------------------------------------ */

/* The offer's work is here: tell the test, wait for the rescind. */
static void rt_offer_in_progress(struct vmbus_channel *channel)
{
	struct rt_fixture *f = rt_current;

	complete(&f->offer_entered);
	if (!wait_for_completion_timeout(&f->offer_gate,
					 msecs_to_jiffies(WAIT_MS)))
		return;
	/* rescinded while we were busy: opening must fail, and at once */
	f->open_in_offer = rt_open(channel);
	if (!f->open_in_offer)
		vmbus_close(channel);
}

static void rt_sc_created(struct vmbus_channel *sc)
{
	if (READ_ONCE(rt_current->block_offer))
		rt_offer_in_progress(sc);
}

/* A class of its own: only the offering row's device binds to it. */
#define RT_DRIVER_CLASS	GUID_INIT(0x6b756e69, 0x740c, 0x0001, 0x80, 0x00, \
				  0x00, 0x00, 0x00, 0x00, 0x00, 0x02)

static int rt_probe(struct hv_device *hdev,
		    const struct hv_vmbus_device_id *id)
{
	if (READ_ONCE(rt_current->block_offer))
		rt_offer_in_progress(hdev->channel);
	return 0;
}

static int rt_remove(struct hv_device *hdev)
{
	vmbus_close(hdev->channel);
	return 0;
}

static const struct hv_vmbus_device_id rt_ids[] = {
	{ .guid = RT_DRIVER_CLASS },
	{ }
};

static struct hv_driver rt_driver = {
	.name = "vmbc_kunit_rescind",
	.id_table = rt_ids,
	.probe = rt_probe,
	.remove = rt_remove,
};

static void rt_driver_unregister(void *drv)
{
	vmbus_driver_unregister(drv);
}

/* ---- fixture ---------------------------------------------------- */

static void rt_put_action(void *channel)
{
	vmbc_test_channel_put(channel);
}

static void rt_vfree_action(void *buffer)
{
	vfree(buffer);
}

static int rescind_test_init(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct rt_fixture *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->test = test;
	init_completion(&f->offer_entered);
	init_completion(&f->offer_gate);
	init_waitqueue_head(&f->wq);
	f->sim = kt_sim_start(test, &cfg);
	f->conn = vmbc_sim_connection(f->sim);
	/*
	 * Waits for the host outlast the test's own: a waiter the rescind
	 * does not release shows as a hang (-EBUSY), not as a timeout that
	 * returns -ENODEV because the channel happens to be rescinded by then.
	 */
	vmbc_test_set_timeout(f->conn, 60000);
	rt_current = f;
	test->priv = f;
	return 0;
}

static void rescind_test_exit(struct kunit *test)
{
	struct rt_fixture *f = test->priv;

	/* Nothing of ours may run once KUnit frees the fixture. */
	complete_all(&f->offer_gate);
	if (f->async_started)
		flush_work(&f->async.work);
}

/* Sub-channel rows: the primary, open, told of new sub-channels. */
static void rt_open_primary(struct kunit *test, struct rt_fixture *f)
{
	u32 relid;

	f->primary = kt_offer_echo(test, f->sim, kt_guid(0xd, 1), &relid);
	vmbus_set_sc_create_callback(f->primary, rt_sc_created);
	KUNIT_ASSERT_EQ(test, rt_open(f->primary), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_close_action,
							f->primary), 0);
}

/*
 * Offer the target without waiting for its offer work, and take a
 * reference so that it can be looked at after its release.
 */
static void rt_offer_nowait(struct kunit *test, struct rt_fixture *f,
			    bool sub)
{
	int relid;

	/* what an earlier test freed is gone once RCU callbacks ran */
	f->channels_before = vmbc_test_channels_alive();
	f->pages_before = vmbc_test_ring_pages_alive();
	f->leaked_before = vmbc_test_ring_pages_leaked();
	f->released_before = kt_guest_sent(f->sim, CHANNELMSG_RELID_RELEASED);

	f->dev.class_id = VMBC_ECHO_CLASS_GUID;
	f->dev.instance_id = kt_guid(0xd, 1);
	f->dev.sub_channel_index = sub ? 1 : 0;
	if (!sub && f->block_offer)
		f->dev.class_id = RT_DRIVER_CLASS;
	relid = vmbc_sim_add_device(f->sim, &f->dev);
	KUNIT_ASSERT_GT(test, relid, 0);
	f->relid = relid;
	/*
	 * The message work publishes the channel before its offer work
	 * runs (which may block here), so look for it rather than flush.
	 */
	KUNIT_ASSERT_TRUE(test, rt_wait_for(rt_target_published, f));
	f->target = kt_channel_at(f->conn, relid);
	KUNIT_ASSERT_NOT_NULL(test, f->target);
	vmbc_test_channel_get(f->target);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, rt_put_action,
							f->target), 0);
}

/*
 * The host rescinds the target: @rescind_event completes at once,
 * whatever else still runs or waits, and @rescind is set before it.
 */
static void rt_rescind(struct kunit *test, struct rt_fixture *f)
{
	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(f->sim, f->relid), 0);
	KUNIT_ASSERT_TRUE(test,
			  wait_for_completion_timeout(&f->target->rescind_event,
						      msecs_to_jiffies(WAIT_MS)));
	KUNIT_EXPECT_TRUE(test, READ_ONCE(f->target->rescind));
}

/* The relid is not released while something can still use the channel. */
static void rt_expect_held(struct kunit *test, struct rt_fixture *f)
{
	KUNIT_EXPECT_PTR_EQ(test, kt_channel_at(f->conn, f->relid), f->target);
	KUNIT_EXPECT_EQ(test, kt_guest_sent(f->sim, CHANNELMSG_RELID_RELEASED),
			f->released_before);
}

/* The common outcome of every row. */
static void rt_expect_gone(struct kunit *test, struct rt_fixture *f)
{
	struct vmbus_channel *channel = f->target;

	KUNIT_ASSERT_EQ(test, vmbc_sim_wait_released(f->sim, f->relid,
						     WAIT_MS), 0);
	vmbc_sim_flush(f->sim);
	KUNIT_EXPECT_NULL(test, kt_channel_at(f->conn, f->relid));
	KUNIT_EXPECT_EQ(test, kt_guest_sent(f->sim, CHANNELMSG_RELID_RELEASED),
			f->released_before + 1);
	KUNIT_EXPECT_NULL(test, channel->device_obj);
	KUNIT_EXPECT_NE(test, READ_ONCE(channel->state), CHANNEL_OPENED_STATE);
	KUNIT_EXPECT_NULL(test, READ_ONCE(channel->onchannel_callback));
	KUNIT_EXPECT_TRUE(test, list_empty(&channel->sc_list));

	/* ours was the last reference: freed after a grace period */
	kunit_release_action(test, rt_put_action, channel);
	f->target = NULL;
	KUNIT_EXPECT_EQ(test, vmbc_test_channels_alive(),
			f->channels_before);
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_alive(),
			f->pages_before);
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_leaked(),
			f->leaked_before);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);
}

/* The host offers the same relid again: the core takes it. */
static void rt_expect_reoffer(struct kunit *test, struct rt_fixture *f)
{
	struct vmbus_channel *again;

	f->dev.relid = f->relid;
	f->block_offer = false;
	KUNIT_ASSERT_EQ(test, vmbc_sim_add_device(f->sim, &f->dev), f->relid);
	vmbc_sim_flush(f->sim);
	again = kt_channel_at(f->conn, f->relid);
	KUNIT_ASSERT_NOT_NULL(test, again);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(again->rescind));
	KUNIT_EXPECT_EQ(test, READ_ONCE(again->state), CHANNEL_OPEN_STATE);
	KUNIT_EXPECT_PTR_EQ(test, again->primary_channel, f->primary);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);
}

/* Sub-channel rows: the primary was never disturbed. */
static void rt_expect_primary_works(struct kunit *test, struct rt_fixture *f)
{
	u8 payload[16] = { 1 };
	int before = atomic_read(&f->packets);

	KUNIT_EXPECT_EQ(test, READ_ONCE(f->primary->state),
			CHANNEL_OPENED_STATE);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(f->primary->rescind));
	KUNIT_ASSERT_EQ(test, vmbus_sendpacket(f->primary, payload,
					       sizeof(payload), 1,
					       VM_PKT_DATA_INBAND, 0), 0);
	KUNIT_EXPECT_GT(test, wait_event_timeout(f->wq,
						 atomic_read(&f->packets) > before,
						 msecs_to_jiffies(WAIT_MS)), 0);
}

/* ---- the rows ---------------------------------------------------- */

static void rt_during_offer(struct kunit *test, struct rt_fixture *f,
			    bool sub)
{
	f->block_offer = true;
	if (!sub) {
		KUNIT_ASSERT_EQ(test, vmbus_driver_register(&rt_driver), 0);
		KUNIT_ASSERT_EQ(test,
				kunit_add_action_or_reset(test,
							  rt_driver_unregister,
							  &rt_driver), 0);
	}
	rt_offer_nowait(test, f, sub);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&f->offer_entered,
							    msecs_to_jiffies(WAIT_MS)));
	KUNIT_EXPECT_FALSE(test, READ_ONCE(f->target->probe_done));
	rt_rescind(test, f);
	/* the offer's work still runs: nothing may be released under it */
	rt_expect_held(test, f);
	complete(&f->offer_gate);
	KUNIT_ASSERT_EQ(test, vmbc_sim_wait_released(f->sim, f->relid,
						     WAIT_MS), 0);
	KUNIT_EXPECT_EQ(test, f->open_in_offer, -ENODEV);
}

/*
 * Run @op on its own, with the host dropping its answer (of type @dropped)
 * to the message of type @sent; return once the host has taken that
 * message, so that @op is waiting for the answer.
 */
static void rt_start_unanswered(struct rt_fixture *f,
				int (*op)(struct rt_fixture *f),
				u32 sent, u32 dropped)
{
	u64 posted;

	vmbc_sim_flush(f->sim);
	posted = kt_guest_sent(f->sim, sent);
	vmbc_sim_set_fault(f->sim, VMBC_SIM_DROP_RESPONSE, dropped, 1);
	rt_async_start(f, op);
	while (kt_guest_sent(f->sim, sent) == posted &&
	       !completion_done(&f->async.done))
		usleep_range(200, 500);
}

static void rt_during_open(struct kunit *test, struct rt_fixture *f,
			   u32 sent, u32 dropped)
{
	u64 closes = kt_guest_sent(f->sim, CHANNELMSG_CLOSECHANNEL);

	rt_start_unanswered(f, rt_op_open, sent, dropped);
	KUNIT_EXPECT_EQ(test, READ_ONCE(f->target->state),
			CHANNEL_OPENING_STATE);
	rt_rescind(test, f);
	KUNIT_EXPECT_EQ(test, rt_async_result(f), -ENODEV);
	KUNIT_EXPECT_EQ(test, READ_ONCE(f->target->state), CHANNEL_OPEN_STATE);
	/* a host that rescinded is not asked to close */
	KUNIT_EXPECT_EQ(test, kt_guest_sent(f->sim, CHANNELMSG_CLOSECHANNEL),
			closes);
}

static void rt_with_traffic(struct kunit *test, struct rt_fixture *f)
{
	KUNIT_ASSERT_EQ(test, rt_open(f->target), 0);
	rt_async_start(f, rt_op_flood);
	KUNIT_ASSERT_GT(test, wait_event_timeout(f->wq,
						 atomic_read(&f->packets) >= 200,
						 msecs_to_jiffies(WAIT_MS)), 0);
	rt_rescind(test, f);
	KUNIT_EXPECT_EQ(test, rt_async_result(f), -ENODEV);
	/* the core's work after the rescind has run; the channel is open */
	vmbc_sim_flush(f->sim);
	KUNIT_EXPECT_EQ(test, READ_ONCE(f->target->state),
			CHANNEL_OPENED_STATE);
	rt_expect_held(test, f);
	KUNIT_EXPECT_EQ(test, vmbc_sim_wait_released(f->sim, f->relid,
						     KT_SHORT_TIMEOUT_MS),
			-ETIMEDOUT);
	vmbus_close(f->target);
}

static void rt_during_close(struct kunit *test, struct rt_fixture *f)
{
	KUNIT_ASSERT_EQ(test, rt_open(f->target), 0);
	rt_start_unanswered(f, rt_op_close, CHANNELMSG_GPADL_TEARDOWN,
			    CHANNELMSG_GPADL_TORNDOWN);
	KUNIT_EXPECT_FALSE(test, completion_done(&f->async.done));
	rt_rescind(test, f);
	KUNIT_EXPECT_EQ(test, rt_async_result(f), 0);
}

static void rt_during_gpadl_teardown(struct kunit *test, struct rt_fixture *f)
{
	KUNIT_ASSERT_EQ(test, rt_open(f->target), 0);
	f->buffer = vzalloc(2 * PAGE_SIZE);
	KUNIT_ASSERT_NOT_NULL(test, f->buffer);
	/* freed when the test ends: after the rescind the host let go */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, rt_vfree_action,
							f->buffer), 0);
	KUNIT_ASSERT_EQ(test, vmbus_establish_gpadl(f->target, f->buffer,
						    2 * PAGE_SIZE, &f->gpadl),
			0);
	rt_start_unanswered(f, rt_op_teardown, CHANNELMSG_GPADL_TEARDOWN,
			    CHANNELMSG_GPADL_TORNDOWN);
	rt_rescind(test, f);
	/* 0, as in v5.2: the host let go, the buffer may be freed */
	KUNIT_EXPECT_EQ(test, rt_async_result(f), 0);
	vmbc_sim_flush(f->sim);
	rt_expect_held(test, f);
	vmbus_close(f->target);
}

static bool rt_callback_running(struct rt_fixture *f)
{
	return READ_ONCE(f->callback_running);
}

/* Keeps CPU 1 busy in task context until stopped. */
static int rt_hog(void *unused)
{
	while (!kthread_should_stop()) {
		cpu_relax();
		cond_resched();
	}
	return 0;
}

static void rt_stop_action(void *task)
{
	kthread_stop(task);
}

/* The close of the target has begun to wait for its callbacks. */
static int rt_close_hook(enum vmbc_test_point point, void *arg)
{
	struct rt_fixture *f = rt_current;

	if (point == VMBC_TP_CALLBACKS_STOPPING && arg == f->target)
		WRITE_ONCE(f->close_stopping, true);
	return 0;
}

static void rt_hook_off(void *unused)
{
	vmbc_test_set_hook(NULL);
}

/*
 * The callback runs on the second CPU and stays there through the
 * rescind until vmbus_close() begins to wait for it; the close must wait,
 * and no callback may follow. A task keeps that CPU busy: a callback
 * that runs on an idle CPU (from the idle task's interrupt exit) makes
 * the scheduler queue new work there, behind the callback, and the
 * rescind would only be processed after it.
 */
static void rt_during_callback(struct kunit *test, struct rt_fixture *f)
{
	u8 payload[16] = { 2 };
	struct task_struct *hog;
	int calls;

	hog = kthread_create(rt_hog, NULL, "vmbc_kunit_hog");
	KUNIT_ASSERT_FALSE(test, IS_ERR(hog));
	kthread_bind(hog, 1);
	wake_up_process(hog);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, rt_stop_action,
							hog), 0);
	KUNIT_ASSERT_EQ(test, rt_open(f->target), 0);
	set_channel_read_mode(f->target, HV_CALL_DIRECT);
	KUNIT_ASSERT_EQ(test, vmbc_channel_set_cpu(f->target, 1), 0);
	vmbc_test_set_hook(rt_close_hook);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, rt_hook_off,
							NULL), 0);
	WRITE_ONCE(f->block_callback, true);
	KUNIT_ASSERT_EQ(test, vmbus_sendpacket(f->target, payload,
					       sizeof(payload), 1,
					       VM_PKT_DATA_INBAND, 0), 0);
	KUNIT_ASSERT_TRUE(test, rt_wait_for(rt_callback_running, f));
	rt_rescind(test, f);
	vmbus_close(f->target);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(f->callback_running));
	KUNIT_EXPECT_EQ(test, f->callback_cpu, 1);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(f->callback_saw_rescind));
	KUNIT_EXPECT_TRUE(test, READ_ONCE(f->callback_outlived_close));
	calls = atomic_read(&f->callbacks);
	vmbc_sim_signal(f->sim, f->relid, 1);
	vmbc_sim_flush(f->sim);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->callbacks), calls);
}

static void rescind_in_every_state(struct kunit *test)
{
	const struct rt_row *row = test->param_value;
	struct rt_fixture *f = test->priv;

	if (row->state == RT_CALLBACK && num_online_cpus() < 2)
		kunit_skip(test, "a callback and a rescind at once need two CPUs");
	if (row->sub)
		rt_open_primary(test, f);
	if (row->state == RT_OFFERING) {
		rt_during_offer(test, f, row->sub);
	} else {
		rt_offer_nowait(test, f, row->sub);
		vmbc_sim_flush(f->sim);
		KUNIT_ASSERT_EQ(test, READ_ONCE(f->target->state),
				CHANNEL_OPEN_STATE);
		switch (row->state) {
		case RT_OFFERED:
			rt_rescind(test, f);
			break;
		case RT_OPEN_GPADL:
			rt_during_open(test, f, CHANNELMSG_GPADL_HEADER,
				       CHANNELMSG_GPADL_CREATED);
			break;
		case RT_OPEN_RESULT:
			rt_during_open(test, f, CHANNELMSG_OPENCHANNEL,
				       CHANNELMSG_OPENCHANNEL_RESULT);
			break;
		case RT_OPENED_TRAFFIC:
			rt_with_traffic(test, f);
			break;
		case RT_CLOSING:
			rt_during_close(test, f);
			break;
		case RT_GPADL_TEARDOWN:
			rt_during_gpadl_teardown(test, f);
			break;
		default:
			rt_during_callback(test, f);
			break;
		}
	}
	rt_expect_gone(test, f);
	if (row->sub)
		rt_expect_primary_works(test, f);
	rt_expect_reoffer(test, f);
}

/*
 * A host that rescinds a primary before its sub-channel (Hyper-V does it
 * the other way round): the sub-channel closes with its primary and keeps
 * its relid until its own rescind; its primary_channel stays valid; and
 * one never rescinded is still removed at unload, nothing leaked.
 */
static void rescind_primary_before_its_subchannels(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	struct vmbus_channel *sc;
	int channels, pages;

	channels = vmbc_test_channels_alive();
	pages = vmbc_test_ring_pages_alive();
	rt_open_primary(test, f);
	rt_offer_nowait(test, f, true);		/* sub-channel 1: f->target */
	vmbc_sim_flush(f->sim);
	KUNIT_ASSERT_EQ(test, rt_open(f->target), 0);
	f->dev.sub_channel_index = 2;		/* and 2, never opened */
	sc = kt_offer_dev(test, f->sim, &f->dev, NULL);

	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(f->sim,
						     f->primary->offermsg.child_relid),
			0);
	vmbc_sim_flush(f->sim);
	/* the test is the primary's driver: it closes on the rescind */
	kunit_release_action(test, kt_close_action, f->primary);
	KUNIT_EXPECT_EQ(test, READ_ONCE(f->target->state), CHANNEL_OPEN_STATE);
	KUNIT_EXPECT_PTR_EQ(test, kt_channel_at(f->conn, f->relid), f->target);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(f->target->rescind));
	/* nor can one open once its primary is gone */
	KUNIT_EXPECT_EQ(test, rt_open(sc), -ENODEV);

	sc = f->target;
	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(f->sim, f->relid), 0);
	KUNIT_ASSERT_EQ(test, vmbc_sim_wait_released(f->sim, f->relid,
						     WAIT_MS), 0);
	vmbc_sim_flush(f->sim);
	/* its primary outlived it: the sub-channel could still reach it */
	KUNIT_EXPECT_TRUE(test, READ_ONCE(sc->primary_channel->rescind));
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);

	/* sub-channel 2 is an orphan: unload removes it */
	kunit_release_action(test, rt_put_action, sc);
	f->target = NULL;
	f->primary = NULL;
	kunit_release_action(test, kt_sim_destroy_action, f->sim);
	KUNIT_EXPECT_EQ(test, vmbc_test_channels_alive(), channels);
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_alive(), pages);
}

static void rt_rescind_cb(struct vmbus_channel *channel)
{
	atomic_inc(&rt_current->callbacks);
	vmbus_close(channel);
}

/*
 * A driver that handles the rescind itself (chn_rescind_callback, as
 * uio_hv_generic does): its callback runs instead of the unregistration,
 * so the device stays, and with it the channel and its relid, as in
 * v5.2, until the device goes; unload still removes them all.
 */
static void rescind_callback_keeps_the_device(struct kunit *test)
{
	struct rt_fixture *f = test->priv;
	int channels;

	channels = vmbc_test_channels_alive();
	rt_offer_nowait(test, f, false);
	vmbc_sim_flush(f->sim);
	vmbus_set_chn_rescind_callback(f->target, rt_rescind_cb);
	KUNIT_ASSERT_EQ(test, rt_open(f->target), 0);
	rt_rescind(test, f);
	vmbc_sim_flush(f->sim);
	KUNIT_EXPECT_EQ(test, atomic_read(&f->callbacks), 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(f->target->state), CHANNEL_OPEN_STATE);
	KUNIT_EXPECT_NOT_NULL(test, f->target->device_obj);
	rt_expect_held(test, f);

	kunit_release_action(test, rt_put_action, f->target);
	f->target = NULL;
	kunit_release_action(test, kt_sim_destroy_action, f->sim);
	KUNIT_EXPECT_EQ(test, vmbc_test_channels_alive(), channels);
}

static struct kunit_case rescind_cases[] = {
	KUNIT_CASE_PARAM(rescind_in_every_state, rt_row_gen_params),
	KUNIT_CASE(rescind_primary_before_its_subchannels),
	KUNIT_CASE(rescind_callback_keeps_the_device),
	{}
};

static struct kunit_suite rescind_suite = {
	.name = "vmbc_rescind",
	.init = rescind_test_init,
	.exit = rescind_test_exit,
	.test_cases = rescind_cases,
};

/* The same cases, through the Hyper-V transport over the fake hypervisor. */
static struct kunit_suite rescind_hyperv_suite = {
	.name = "vmbc_rescind_hyperv",
	.init = rescind_test_init,
	.exit = rescind_test_exit,
	.test_cases = rescind_cases,
	.suite_init = kt_use_hyperv,
	.suite_exit = kt_use_sim,
};

kunit_test_suites(&rescind_suite, &rescind_hyperv_suite);
