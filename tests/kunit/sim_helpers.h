/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every suite that runs against a simulated host needs: a host of its
 * own per test, destroyed by KUnit when the test ends however it ends.
 */
#ifndef _VMBC_KUNIT_SIM_HELPERS_H
#define _VMBC_KUNIT_SIM_HELPERS_H

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/jiffies.h>

#include <vmbc/echo.h>
#include <vmbc/hyperv.h>
#include <vmbc/sim.h>
#include <vmbc/stats.h>
#include <vmbc/testing.h>
#include <vmbc/transport.h>
#include <vmbc/vmbus.h>

/* Short waits for tests that expect a host to stay silent. */
#define KT_SHORT_TIMEOUT_MS	200

static inline void kt_sim_destroy_action(void *sim)
{
	vmbc_sim_destroy(sim);
}

/*
 * The transport the suites' hosts are reached through: the simulated
 * host's own, or (the suites named *_hyperv) the Hyper-V transport over
 * the simulated host's fake hypervisor. One suite parameter, the same
 * cases: set by the *_hyperv suites' suite_init, cleared by suite_exit.
 */
static bool kt_over_hyperv;

static inline int kt_use_hyperv(struct kunit_suite *suite)
{
	kt_over_hyperv = true;
	return 0;
}

static inline void kt_use_sim(struct kunit_suite *suite)
{
	kt_over_hyperv = false;
}

/* What a well-behaved Hyper-V offers a guest partition. */
static inline struct vmbc_hv_features kt_hv_features(void)
{
	struct vmbc_hv_features f = {
		.hyperv = true, .synic = true, .vp_index = true,
		.post_messages = true, .signal_events = true, .vector = 0xf3,
	};

	return f;
}

/* The transport goes first, when its host is destroyed. */
static inline void kt_hv_destroy_action(void *hv)
{
	vmbc_hv_destroy(hv);
}

static inline void kt_sim_detach_action(void *sim)
{
	vmbc_sim_attach(sim, NULL, NULL, NULL);
}

/*
 * The Hyper-V transport over @sim's fake hypervisor, connected unless
 * told otherwise; destroyed with @sim.
 */
static inline int kt_hv_start(struct vmbc_sim *sim,
			      const struct vmbc_sim_config *cfg)
{
	struct vmbc_hv *hv;

	hv = vmbc_hv_create(&vmbc_sim_hv_prims, sim, cfg->name);
	if (IS_ERR(hv))
		return PTR_ERR(hv);
	vmbc_sim_attach(sim, vmbc_hv_connection(hv), kt_hv_destroy_action, hv);
	return cfg->no_connect ? 0 :
	       vmbc_connection_connect(vmbc_hv_connection(hv));
}

/*
 * Start a host named after the test (names must be unique while alive),
 * or fail the test. Returns NULL, with the error in *@err when given, if
 * creation failed and the caller expects that.
 */
static inline struct vmbc_sim *kt_sim_try_start(struct kunit *test,
						struct vmbc_sim_config *cfg,
						int *err)
{
	static atomic_t serial = ATOMIC_INIT(0);
	struct vmbc_sim *sim;
	char *name;
	int ret;

	name = kunit_kzalloc(test, 16, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, name);
	snprintf(name, 16, "kt%d", atomic_inc_return(&serial));
	cfg->name = name;
	if (kt_over_hyperv && !cfg->hypervisor) {
		cfg->hypervisor = true;
		cfg->hv_features = kt_hv_features();
	}
	sim = vmbc_sim_create(cfg);
	if (IS_ERR(sim)) {
		if (err)
			*err = PTR_ERR(sim);
		return NULL;
	}
	KUNIT_ASSERT_EQ(test,
			kunit_add_action_or_reset(test, kt_sim_destroy_action,
						  sim), 0);
	ret = cfg->hypervisor ? kt_hv_start(sim, cfg) : 0;
	if (ret) {
		kunit_release_action(test, kt_sim_destroy_action, sim);
		sim = NULL;
	}
	if (err)
		*err = ret;
	return sim;
}

static inline struct vmbc_sim *kt_sim_start(struct kunit *test,
					    struct vmbc_sim_config *cfg)
{
	struct vmbc_sim *sim;
	int err;

	sim = kt_sim_try_start(test, cfg, &err);
	KUNIT_ASSERT_NOT_NULL_MSG(test, sim, "vmbc_sim_create: %d", err);
	return sim;
}

static inline u64 kt_host_errors(struct vmbc_sim *sim)
{
	struct vmbc_sim_stats stats;

	vmbc_sim_get_stats(sim, &stats);
	return stats.protocol_errors;
}

static inline u64 kt_guest_sent(struct vmbc_sim *sim, u32 type)
{
	struct vmbc_sim_stats stats;

	vmbc_sim_get_stats(sim, &stats);
	return stats.msgs_from_guest[type];
}

/* The channel at @relid of @conn, or NULL. */
static inline struct vmbus_channel *kt_channel_at(struct vmbc_connection *conn,
						  u32 relid)
{
	return vmbc_test_channel_at(conn, relid);
}

/* A GUID that differs per @n, for devices and classes in tests. */
static inline guid_t kt_guid(u8 kind, u16 n)
{
	return GUID_INIT(0x6b756e69, 0x7400 | kind, n, 0x80, 0x00, 0x00, 0x00,
			 0x00, 0x00, 0x00, 0x01);
}

/*
 * Offer @dev on @sim and return its channel, once the core has processed
 * the offer; its relid in *@relid when @relid is not NULL.
 */
static inline struct vmbus_channel *
kt_offer_dev(struct kunit *test, struct vmbc_sim *sim,
	     const struct vmbc_sim_device *dev, u32 *relid)
{
	struct vmbus_channel *channel;
	int ret;

	ret = vmbc_sim_add_device(sim, dev);
	KUNIT_ASSERT_GT(test, ret, 0);
	vmbc_sim_flush(sim);
	channel = kt_channel_at(vmbc_sim_connection(sim), ret);
	KUNIT_ASSERT_NOT_NULL(test, channel);
	if (relid)
		*relid = ret;
	return channel;
}

/*
 * Add @n devices to @sim, the i-th of class kt_guid(@class_kind, i) and
 * instance kt_guid(@instance_kind, i); offered at once when connected.
 */
static inline void kt_add_devices(struct kunit *test, struct vmbc_sim *sim,
				  u8 class_kind, u8 instance_kind, int n)
{
	struct vmbc_sim_device dev = {};
	int i;

	for (i = 0; i < n; i++) {
		dev.class_id = kt_guid(class_kind, i);
		dev.instance_id = kt_guid(instance_kind, i);
		KUNIT_ASSERT_GT(test, vmbc_sim_add_device(sim, &dev), 0);
	}
}

/* kt_offer_dev() of an echo device with instance @instance. */
static inline struct vmbus_channel *kt_offer_echo(struct kunit *test,
						  struct vmbc_sim *sim,
						  guid_t instance, u32 *relid)
{
	struct vmbc_sim_device dev = {
		.class_id = VMBC_ECHO_CLASS_GUID,
		.instance_id = instance,
	};

	return kt_offer_dev(test, sim, &dev, relid);
}

/*
 * Wait, bounded, until counter @stat of @conn reaches @value: for what
 * comes by a timer (a delayed response), which no flush waits for.
 */
static inline bool kt_wait_stat(struct vmbc_connection *conn,
				enum vmbc_stat stat, u64 value)
{
	unsigned long end = jiffies + msecs_to_jiffies(5000);

	while (vmbc_connection_stat(conn, stat) < value) {
		if (time_after(jiffies, end))
			return false;
		usleep_range(200, 500);
	}
	return true;
}

/* A channel callback for tests that only need the channel open. */
static inline void kt_quiet_cb(void *context)
{
}

/* kunit action: close the channel when the test ends, however it ends. */
static inline void kt_close_action(void *channel)
{
	vmbus_close(channel);
}

#endif /* _VMBC_KUNIT_SIM_HELPERS_H */
