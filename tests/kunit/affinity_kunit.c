// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: target CPUs, the per-CPU channel lists, and the per-channel
 * sysfs directories.
 */
#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>

#include <vmbc/echo.h>

#include "sim_helpers.h"
#include "sysfs_helpers.h"

/* The network class: performance-critical, spread over CPUs. */
#define NET_CLASS GUID_INIT(0xf8615163, 0xdf3e, 0x46c5, 0x91, 0x3f, 0xf2, \
			    0xd2, 0xf9, 0x65, 0xed, 0x0e)

static struct vmbus_channel *kt_offer(struct kunit *test,
				      struct vmbc_sim *sim,
				      const guid_t *class, u16 instance,
				      u16 sub, bool monitor)
{
	struct vmbc_sim_device dev = {
		.class_id = *class,
		.instance_id = kt_guid(8, instance),
		.sub_channel_index = sub,
		.monitor_allocated = monitor,
	};

	return kt_offer_dev(test, sim, &dev, NULL);
}

static bool kt_on_cpu_list(struct vmbus_channel *channel, int cpu)
{
	return vmbc_test_on_cpu_list(channel, cpu);
}

static void affinity_other_classes_interrupt_cpu0(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	guid_t echo = VMBC_ECHO_CLASS_GUID;
	struct vmbus_channel *channel;

	channel = kt_offer(test, sim, &echo, 1, 0, false);
	KUNIT_EXPECT_EQ(test, channel->target_cpu, 0);
	KUNIT_EXPECT_EQ(test, channel->target_vp, 0);
	KUNIT_EXPECT_EQ(test, channel->numa_node, cpu_to_node(0));
	KUNIT_EXPECT_TRUE(test, kt_on_cpu_list(channel, 0));
}

/*
 * Network primaries land on different CPUs while there are CPUs to go
 * round, and a primary's sub-channels avoid the CPUs its siblings have.
 */
static void affinity_spreads_performance_channels(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	guid_t net = NET_CLASS;
	struct vmbus_channel *a, *b, *sub;

	if (num_online_cpus() < 2)
		kunit_skip(test, "one CPU online: nothing to spread over");
	a = kt_offer(test, sim, &net, 1, 0, false);
	b = kt_offer(test, sim, &net, 2, 0, false);
	KUNIT_EXPECT_NE(test, a->target_cpu, b->target_cpu);
	KUNIT_EXPECT_TRUE(test, kt_on_cpu_list(a, a->target_cpu));
	KUNIT_EXPECT_TRUE(test, kt_on_cpu_list(b, b->target_cpu));
	KUNIT_EXPECT_EQ(test, a->target_vp, a->target_cpu);

	sub = kt_offer(test, sim, &net, 1, 1, false);
	if (cpumask_weight(cpumask_of_node(a->numa_node)) > 1)
		KUNIT_EXPECT_NE(test, sub->target_cpu, a->target_cpu);
	KUNIT_EXPECT_TRUE(test, cpumask_test_cpu(sub->target_cpu,
						 &a->alloced_cpus_in_node));
}

/* channels/<relid>/ per channel, monitor files only when monitored. */
static void affinity_sysfs_directory_per_channel(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	guid_t echo = VMBC_ECHO_CLASS_GUID;
	struct vmbus_channel *plain, *monitored, *sub;
	struct vfsmount *mnt = kt_mount_sysfs(test);
	struct kobject *channels;
	char relid[16];
	u32 sub_relid;

	plain = kt_offer(test, sim, &echo, 1, 0, false);
	monitored = kt_offer(test, sim, &echo, 2, 0, true);
	sub = kt_offer(test, sim, &echo, 1, 1, false);

	snprintf(relid, sizeof(relid), "%u", plain->offermsg.child_relid);
	KUNIT_EXPECT_STREQ(test, kobject_name(&plain->kobj), relid);
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(mnt, &plain->kobj, "cpu"));
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(mnt, &plain->kobj, "interrupts"));
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(mnt, &plain->kobj, "out_full_total"));
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(mnt, &plain->kobj, "pending"));
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(mnt, &plain->kobj, "monitor_id"));
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(mnt, &monitored->kobj, "pending"));
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(mnt, &monitored->kobj, "latency"));
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(mnt, &monitored->kobj, "monitor_id"));
	/* The sub-channel sits beside its primary, under the same device. */
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(mnt, &sub->kobj, "subchannel_id"));
	KUNIT_EXPECT_PTR_EQ(test, sub->kobj.parent, plain->kobj.parent);
	KUNIT_EXPECT_PTR_EQ(test, plain->kobj.parent,
			    &plain->device_obj->channels_kset->kobj);

	/* A rescinded sub-channel's directory goes with it. */
	sub_relid = sub->offermsg.child_relid;
	snprintf(relid, sizeof(relid), "%u", sub_relid);
	channels = plain->kobj.parent;
	KUNIT_EXPECT_TRUE(test, kt_sysfs_exists(mnt, channels, relid));
	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(sim, sub_relid), 0);
	KUNIT_ASSERT_EQ(test, vmbc_sim_wait_released(sim, sub_relid, 5000), 0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_FALSE(test, kt_sysfs_exists(mnt, channels, relid));
}

static void affinity_cpu_change_rules(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim_config old = { .max_version = VERSION_WIN10 };
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim *sim40 = kt_sim_start(test, &old);
	guid_t echo = VMBC_ECHO_CLASS_GUID;
	struct vmbus_channel *channel, *channel40;

	channel = kt_offer(test, sim, &echo, 1, 0, false);
	channel40 = kt_offer(test, sim40, &echo, 2, 0, false);
	/* Not opened: nothing to move. */
	KUNIT_EXPECT_EQ(test, vmbc_channel_set_cpu(channel, 0), -EINVAL);
	/* MODIFYCHANNEL exists from 4.1 only. */
	KUNIT_EXPECT_EQ(test, vmbc_channel_set_cpu(channel40, 0),
			-EOPNOTSUPP);
	/* No such CPU. */
	KUNIT_EXPECT_EQ(test, vmbc_channel_set_cpu(channel, nr_cpu_ids),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, channel->target_cpu, 0);
	KUNIT_EXPECT_EQ(test, kt_guest_sent(sim, CHANNELMSG_MODIFYCHANNEL), 0);
}

#ifdef CONFIG_HOTPLUG_CPU
/* Whatever the test did, the other suites get their CPU back. */
static void kt_cpu1_up_action(void *unused)
{
	if (!cpu_online(1))
		add_cpu(1);
}

/*
 * A CPU a channel interrupts cannot go offline (the host would signal a
 * dead CPU) until the channel moves; then it can, later offers avoid it,
 * and no channel can be moved onto it.
 */
static void affinity_cpu_hot_remove_waits_for_channels(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	guid_t echo = VMBC_ECHO_CLASS_GUID, net = NET_CLASS;
	struct vmbus_channel *channel, *later;
	struct vmbc_sim *sim;

	if (num_online_cpus() < 2 || !cpu_online(1))
		kunit_skip(test, "needs CPU 1");
	sim = kt_sim_start(test, &cfg);
	channel = kt_offer(test, sim, &echo, 3, 0, false);
	KUNIT_ASSERT_EQ(test, vmbus_open(channel, 4 * PAGE_SIZE,
					 4 * PAGE_SIZE, NULL, 0, kt_quiet_cb,
					 NULL), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_close_action,
							channel), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							kt_cpu1_up_action,
							NULL), 0);
	KUNIT_ASSERT_EQ(test, vmbc_channel_set_cpu(channel, 1), 0);

	KUNIT_EXPECT_EQ(test, remove_cpu(1), -EBUSY);
	KUNIT_EXPECT_TRUE(test, cpu_online(1));
	KUNIT_EXPECT_TRUE(test, kt_on_cpu_list(channel, 1));

	KUNIT_ASSERT_EQ(test, vmbc_channel_set_cpu(channel, 0), 0);
	KUNIT_ASSERT_EQ(test, remove_cpu(1), 0);
	KUNIT_EXPECT_EQ(test, vmbc_channel_set_cpu(channel, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, channel->target_cpu, 0);
	later = kt_offer(test, sim, &net, 4, 0, false);
	KUNIT_EXPECT_TRUE(test, cpu_online(later->target_cpu));
	KUNIT_EXPECT_EQ(test, add_cpu(1), 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}
#else
static void affinity_cpu_hot_remove_waits_for_channels(struct kunit *test)
{
	kunit_skip(test, "no CPU hotplug in this kernel");
}
#endif

static struct kunit_case affinity_cases[] = {
	KUNIT_CASE(affinity_other_classes_interrupt_cpu0),
	KUNIT_CASE(affinity_spreads_performance_channels),
	KUNIT_CASE(affinity_sysfs_directory_per_channel),
	KUNIT_CASE(affinity_cpu_change_rules),
	KUNIT_CASE(affinity_cpu_hot_remove_waits_for_channels),
	{}
};

static struct kunit_suite affinity_suite = {
	.name = "vmbc_affinity",
	.test_cases = affinity_cases,
};

kunit_test_suite(affinity_suite);
