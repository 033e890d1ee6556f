// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the channels/<relid>/ directories while their device goes away.
 *
 * Removing a sysfs directory waits for the handlers running in its files,
 * so these tests write the files through a real sysfs mount (as a user
 * does) and hold such a writer in place while the host rescinds the
 * device.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include <vmbc/echo.h>

#include "sim_helpers.h"
#include "sysfs_helpers.h"

/* Bound on every wait of the tests; far beyond what a pass needs. */
#define ST_WAIT_MS	10000

/* One write(2) of a channel file, on a work item. */
struct st_write {
	struct work_struct work;
	struct completion done;
	struct vfsmount *mnt;
	char path[256];
	char value[16];
	ssize_t ret;
};

static void st_write_work(struct work_struct *work)
{
	struct st_write *w = container_of(work, struct st_write, work);

	w->ret = kt_sysfs_write(w->mnt, w->path, w->value);
	complete_all(&w->done);
}

/* A test that failed with the writer stuck must still not free it. */
static void st_write_wait_action(void *w)
{
	wait_for_completion(&((struct st_write *)w)->done);
}

static struct st_write *st_write_start(struct kunit *test,
				       struct vfsmount *mnt,
				       struct vmbus_channel *channel,
				       const char *file, const char *value)
{
	struct st_write *w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_EQ(test, kt_sysfs_path(&channel->kobj, file, w->path,
					    sizeof(w->path)), 0);
	w->mnt = mnt;
	strscpy(w->value, value, sizeof(w->value));
	init_completion(&w->done);
	INIT_WORK(&w->work, st_write_work);
	queue_work(system_unbound_wq, &w->work);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							st_write_wait_action,
							w), 0);
	return w;
}

static ssize_t st_write_result(struct st_write *w)
{
	if (!wait_for_completion_timeout(&w->done,
					 msecs_to_jiffies(ST_WAIT_MS)))
		return -EBUSY;
	return w->ret;
}

/*
 * Where the core is, as its test points say: a cpu write inside its
 * handler, a device about to remove its channel directories.
 */
static struct {
	struct vmbus_channel *channel;
	struct completion cpu_store;
	struct completion device_remove;
} st_points;

static int st_hook(enum vmbc_test_point point, void *arg)
{
	if (arg != READ_ONCE(st_points.channel))
		return 0;
	if (point == VMBC_TP_CPU_STORE)
		complete_all(&st_points.cpu_store);
	else if (point == VMBC_TP_DEVICE_REMOVE)
		complete_all(&st_points.device_remove);
	return 0;
}

static void st_hook_off(void *unused)
{
	vmbc_test_set_hook(NULL);
}

static void st_watch(struct kunit *test, struct vmbus_channel *channel)
{
	WRITE_ONCE(st_points.channel, channel);
	init_completion(&st_points.cpu_store);
	init_completion(&st_points.device_remove);
	vmbc_test_set_hook(st_hook);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, st_hook_off,
							NULL), 0);
}

static bool st_reached(struct completion *point)
{
	return wait_for_completion_timeout(point,
					   msecs_to_jiffies(ST_WAIT_MS)) > 0;
}

/* An item at the head of an ordered queue, holding up what follows. */
struct st_gate {
	struct work_struct work;
	struct completion open;
};

static void st_gate_work(struct work_struct *work)
{
	struct st_gate *gate = container_of(work, struct st_gate, work);

	wait_for_completion(&gate->open);
}

static void st_gate_open_action(void *data)
{
	struct st_gate *gate = data;

	complete_all(&gate->open);
	flush_work(&gate->work);
}

static void st_unlock_action(void *lock)
{
	mutex_unlock(lock);
}

/*
 * A sub-channel whose offer work runs while its primary's device removes
 * its channels/ directory gets no directory of its own under it. (Before,
 * the device detached channels/ only after removing the primary's
 * directory, which waits for its sysfs writers; an offer work running
 * then added a directory under a kset being freed: the kernfs warning
 * that CI's rescind vmtest panicked on.) The test holds a writer of the
 * primary's cpu file in place, to keep the removal in that window.
 */
static void channel_sysfs_no_directory_under_a_device_going(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_connection *conn = vmbc_sim_connection(sim);
	struct vmbc_sim_device sub_dev = {
		.class_id = VMBC_ECHO_CLASS_GUID,
		.instance_id = kt_guid(9, 1),
		.sub_channel_index = 1,
	};
	struct vmbus_channel *primary, *sub = NULL;
	struct vfsmount *mnt = kt_mount_sysfs(test);
	struct st_gate *gate;
	struct st_write *w;
	unsigned long end;
	u32 relid;
	int sub_relid;

	primary = kt_offer_echo(test, sim, kt_guid(9, 1), &relid);
	st_watch(test, primary);

	/* The sub-channel's offer work waits behind the gate. */
	gate = kunit_kzalloc(test, sizeof(*gate), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, gate);
	init_completion(&gate->open);
	INIT_WORK(&gate->work, st_gate_work);
	vmbc_test_queue_offer_work(conn, &gate->work, true);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							st_gate_open_action,
							gate), 0);
	sub_relid = vmbc_sim_add_device(sim, &sub_dev);
	KUNIT_ASSERT_GT(test, sub_relid, 0);
	end = jiffies + msecs_to_jiffies(ST_WAIT_MS);
	while (!(sub = kt_channel_at(conn, sub_relid)) &&
	       time_before(jiffies, end))
		usleep_range(200, 500);
	KUNIT_ASSERT_NOT_NULL(test, sub);
	KUNIT_ASSERT_FALSE(test, sub->kobj.state_in_sysfs);

	/* A writer of the primary's cpu file, held at the open_lock. */
	mutex_lock(&primary->open_lock);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, st_unlock_action,
							&primary->open_lock),
			0);
	w = st_write_start(test, mnt, primary, "cpu", "0");
	KUNIT_ASSERT_TRUE(test, st_reached(&st_points.cpu_store));

	/* The device goes; its removal waits for the writer. */
	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(sim, relid), 0);
	KUNIT_ASSERT_TRUE(test, st_reached(&st_points.device_remove));

	/*
	 * Now the sub-channel's offer work runs, as far as it can. The gate
	 * is only opened here: flushing it under open_lock would make the
	 * test itself wait for offer work while holding what a sysfs writer
	 * needs (lockdep rightly reports that cycle); its action flushes.
	 */
	complete_all(&gate->open);
	kunit_release_action(test, st_unlock_action, &primary->open_lock);
	/* never opened: nothing to move */
	KUNIT_EXPECT_EQ(test, st_write_result(w), -EINVAL);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_NULL(test, READ_ONCE(primary->device_obj));
	KUNIT_EXPECT_TRUE(test, READ_ONCE(sub->probe_done));
	KUNIT_EXPECT_FALSE_MSG(test, sub->kobj.state_in_sysfs,
			       "a directory was added to a channels/ being removed");
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/*
 * A user moves a sub-channel to another CPU (the write waits for the
 * host's MODIFYCHANNEL_RESPONSE) while the host rescinds its primary: the
 * device's removal waits for the writer, and the writer, once answered,
 * finishes. (Before, the removal waited with channel_mutex held, which
 * the writer takes to move the channel between CPU lists: both waited for
 * ever.)
 */
static void channel_sysfs_cpu_write_while_the_device_goes(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim;
	struct vmbc_sim_device sub_dev = {
		.class_id = VMBC_ECHO_CLASS_GUID,
		.instance_id = kt_guid(9, 2),
		.sub_channel_index = 1,
	};
	struct vmbus_channel *primary, *sub;
	struct vfsmount *mnt;
	struct st_write *w;
	unsigned long end;
	unsigned int cpu;
	char cpu_str[16];
	u32 relid;

	if (num_online_cpus() < 2)
		kunit_skip(test, "one CPU online: no other CPU to move to");
	sim = kt_sim_start(test, &cfg);
	mnt = kt_mount_sysfs(test);
	primary = kt_offer_echo(test, sim, kt_guid(9, 2), &relid);
	sub = kt_offer_dev(test, sim, &sub_dev, NULL);
	KUNIT_ASSERT_EQ(test, vmbus_open(primary, 4 * PAGE_SIZE,
					 4 * PAGE_SIZE, NULL, 0, kt_quiet_cb,
					 NULL), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_close_action,
							primary), 0);
	KUNIT_ASSERT_EQ(test, vmbus_open(sub, 4 * PAGE_SIZE, 4 * PAGE_SIZE,
					 NULL, 0, kt_quiet_cb, NULL), 0);
	cpu = cpumask_any_but(cpu_online_mask, sub->target_cpu);
	KUNIT_ASSERT_LT(test, cpu, nr_cpu_ids);

	vmbc_sim_set_fault(sim, VMBC_SIM_DELAY_RESPONSE,
			   CHANNELMSG_MODIFYCHANNEL_RESPONSE, 300);
	snprintf(cpu_str, sizeof(cpu_str), "%u", cpu);
	w = st_write_start(test, mnt, sub, "cpu", cpu_str);
	end = jiffies + msecs_to_jiffies(ST_WAIT_MS);
	while (!kt_guest_sent(sim, CHANNELMSG_MODIFYCHANNEL) &&
	       time_before(jiffies, end))
		usleep_range(200, 500);
	KUNIT_ASSERT_EQ(test, kt_guest_sent(sim, CHANNELMSG_MODIFYCHANNEL), 1);

	/* The host rescinds the primary only; the sub-channel stays. */
	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(sim, relid), 0);
	KUNIT_EXPECT_GT(test, st_write_result(w), 0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_NULL(test, READ_ONCE(primary->device_obj));
	KUNIT_EXPECT_EQ(test, sub->target_cpu, cpu);
	KUNIT_EXPECT_FALSE(test, sub->kobj.state_in_sysfs);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

static struct kunit_case channel_sysfs_cases[] = {
	KUNIT_CASE(channel_sysfs_no_directory_under_a_device_going),
	KUNIT_CASE(channel_sysfs_cpu_write_while_the_device_goes),
	{}
};

static struct kunit_suite channel_sysfs_suite = {
	.name = "vmbc_channel_sysfs",
	.test_cases = channel_sysfs_cases,
};

kunit_test_suite(channel_sysfs_suite);
