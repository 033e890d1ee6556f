// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the Hyper-V transport's own logic, over the simulated host's fake
 * hypervisor: when it refuses to start (and that it leaves nothing behind
 * and may start later), the SynIC registers of every CPU as it leaves them
 * up and down, both auto-EOI hints, a stray message in the VMBus slot, a
 * hypervisor out of buffers, CPU hotplug, kexec, crash and hibernation,
 * and a host too old to reconnect. The channel suites run over this
 * transport too (the vmbc_*_hyperv suites).
 */
#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/notifier.h>
#include <linux/suspend.h>

#include "sim_helpers.h"

/* A fake-hypervisor host, not yet with a transport. */
static struct vmbc_sim *hk_fake(struct kunit *test, const char *name,
				const struct vmbc_hv_features *f, u32 max)
{
	struct vmbc_sim_config cfg = {
		.name = name,
		.hypervisor = true,
		.hv_features = *f,
		.max_version = max,
	};
	struct vmbc_sim *sim = vmbc_sim_create(&cfg);

	KUNIT_ASSERT_FALSE(test, IS_ERR(sim));
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							kt_sim_destroy_action,
							sim), 0);
	return sim;
}

/* The transport over @sim, connected; destroyed when the test ends. */
static struct vmbc_hv *hk_start(struct kunit *test, struct vmbc_sim *sim,
				const char *name)
{
	struct vmbc_hv *hv = vmbc_hv_create(&vmbc_sim_hv_prims, sim, name);

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(hv), "vmbc_hv_create: %d",
			       PTR_ERR_OR_ZERO(hv));
	vmbc_sim_attach(sim, vmbc_hv_connection(hv), NULL, NULL);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							kt_sim_detach_action,
							sim), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							kt_hv_destroy_action,
							hv), 0);
	KUNIT_ASSERT_EQ(test, vmbc_connection_connect(vmbc_hv_connection(hv)),
			0);
	return hv;
}

static void hk_stop(struct kunit *test, struct vmbc_sim *sim,
		    struct vmbc_hv *hv)
{
	kunit_release_action(test, kt_hv_destroy_action, hv);
	kunit_release_action(test, kt_sim_detach_action, sim);
}

static bool hk_synic_up(struct vmbc_sim *sim, int cpu)
{
	return (vmbc_sim_hv_reg(sim, cpu, VMBC_HV_SCONTROL) &
		VMBC_HV_SCONTROL_ENABLE) &&
	       (vmbc_sim_hv_reg(sim, cpu, VMBC_HV_SIMP) & VMBC_HV_PAGE_ENABLE) &&
	       (vmbc_sim_hv_reg(sim, cpu, VMBC_HV_SIEFP) &
		VMBC_HV_PAGE_ENABLE) &&
	       !(vmbc_sim_hv_reg(sim, cpu, VMBC_HV_SINT2) & VMBC_HV_SINT_MASKED);
}

static bool hk_synic_down(struct vmbc_sim *sim, int cpu)
{
	return !(vmbc_sim_hv_reg(sim, cpu, VMBC_HV_SCONTROL) &
		 VMBC_HV_SCONTROL_ENABLE) &&
	       !(vmbc_sim_hv_reg(sim, cpu, VMBC_HV_SIMP) &
		 (VMBC_HV_PAGE_ENABLE | VMBC_HV_PAGE_GPA_MASK)) &&
	       !(vmbc_sim_hv_reg(sim, cpu, VMBC_HV_SIEFP) &
		 (VMBC_HV_PAGE_ENABLE | VMBC_HV_PAGE_GPA_MASK)) &&
	       (vmbc_sim_hv_reg(sim, cpu, VMBC_HV_SINT2) & VMBC_HV_SINT_MASKED);
}

/* ------------------------------------------------------------------ */
/* Refusals                                                            */

struct hk_refusal {
	const char *name;
	void (*spoil)(struct vmbc_hv_features *f);
	bool synic_live;	/* CPU 0's SynIC is in use already */
	int err;
};

static void hk_no_hyperv(struct vmbc_hv_features *f)
{
	f->hyperv = false;
}

static void hk_no_synic(struct vmbc_hv_features *f)
{
	f->synic = false;
}

static void hk_no_vp_index(struct vmbc_hv_features *f)
{
	f->vp_index = false;
}

static void hk_no_post(struct vmbc_hv_features *f)
{
	f->post_messages = false;
}

static void hk_no_signal(struct vmbc_hv_features *f)
{
	f->signal_events = false;
}

static void hk_isolated(struct vmbc_hv_features *f)
{
	f->isolated = true;
}

static void hk_paravisor(struct vmbc_hv_features *f)
{
	f->paravisor = true;
}

static void hk_root(struct vmbc_hv_features *f)
{
	f->root_partition = true;
}

static void hk_nested(struct vmbc_hv_features *f)
{
	f->nested = true;
}

static void hk_other(struct vmbc_hv_features *f)
{
	f->other_client = true;
}

static const struct hk_refusal hk_refusals[] = {
	{ "not on Hyper-V", hk_no_hyperv, false, -ENODEV },
	{ "no SynIC", hk_no_synic, false, -ENODEV },
	{ "no VP index", hk_no_vp_index, false, -ENODEV },
	{ "no post-message privilege", hk_no_post, false, -ENODEV },
	{ "no signal-event privilege", hk_no_signal, false, -ENODEV },
	{ "isolated partition", hk_isolated, false, -EOPNOTSUPP },
	{ "paravisor present", hk_paravisor, false, -EOPNOTSUPP },
	{ "root partition", hk_root, false, -EOPNOTSUPP },
	{ "nested partition", hk_nested, false, -EOPNOTSUPP },
	{ "hv_vmbus loaded", hk_other, false, -EBUSY },
	{ "SynIC live on CPU 0", NULL, true, -EBUSY },
};

static void hk_refusal_desc(const struct hk_refusal *r, char *desc)
{
	strscpy(desc, r->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(hk_refusal, hk_refusals, hk_refusal_desc);

/*
 * Each condition: the errno of the table, nothing touched (no register
 * written, no handler, no channel), and a later start, once the
 * condition is gone, succeeds; a simulated host beside works throughout.
 */
static void hyperv_refuses_to_start(struct kunit *test)
{
	const struct hk_refusal *r = test->param_value;
	struct vmbc_hv_features f = kt_hv_features();
	struct vmbc_sim_config plain = {};
	struct vmbc_sim *sim, *beside;
	int alive = vmbc_test_channels_alive();
	struct vmbc_hv *hv;
	int cpu;

	if (r->spoil)
		r->spoil(&f);
	sim = hk_fake(test, "hkrefuse", &f, 0);
	if (r->synic_live)
		vmbc_sim_hv_set_reg(sim, 0, VMBC_HV_SCONTROL,
				    VMBC_HV_SCONTROL_ENABLE);
	hv = vmbc_hv_create(&vmbc_sim_hv_prims, sim, "hkrefuse");
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(hv), r->err);
	if (!IS_ERR(hv))
		vmbc_hv_destroy(hv);
	KUNIT_EXPECT_FALSE(test, vmbc_sim_hv_hooked(sim));
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, vmbc_sim_hv_reg(sim, cpu, VMBC_HV_SIMP), 0);
		KUNIT_EXPECT_EQ(test, vmbc_sim_hv_reg(sim, cpu, VMBC_HV_SINT2),
				VMBC_HV_SINT_MASKED);
	}
	KUNIT_EXPECT_EQ(test, vmbc_test_channels_alive(), alive);

	/* the simulated host beside it is not disturbed */
	beside = kt_sim_start(test, &plain);
	kt_offer_echo(test, beside, kt_guid(5, 1), NULL);

	/* the condition gone, a later start works */
	vmbc_sim_hv_set_reg(sim, 0, VMBC_HV_SCONTROL, 0);
	kunit_release_action(test, kt_sim_destroy_action, sim);
	f = kt_hv_features();
	sim = hk_fake(test, "hkrefuse", &f, 0);
	hv = hk_start(test, sim, "hkrefuse");
	KUNIT_EXPECT_TRUE(test, vmbc_sim_hv_hooked(sim));
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* ------------------------------------------------------------------ */
/* The SynIC up and down                                               */

static const bool hk_aeoi_deprecated[] = { false, true };

static void hk_aeoi_desc(const bool *deprecated, char *desc)
{
	strscpy(desc, *deprecated ? "EOI by the kernel" : "auto-EOI",
		KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(hk_aeoi, hk_aeoi_deprecated, hk_aeoi_desc);

/*
 * Up: on every online CPU the pages registered and enabled, SINT 2
 * unmasked on the vector (auto-EOI unless the hint says otherwise), the
 * SynIC enabled, the handler hooked; a device works. Down: UNLOAD, then
 * every CPU's SINT 2 masked, pages and SynIC off, the handler unhooked.
 */
static void hyperv_brings_the_synic_up_and_down(struct kunit *test)
{
	const bool *deprecated = test->param_value;
	struct vmbc_hv_features f = kt_hv_features();
	struct vmbc_sim *sim;
	struct vmbc_hv *hv;
	u64 sint, want;
	int cpu;

	f.aeoi_deprecated = *deprecated;
	sim = hk_fake(test, "hkupdown", &f, 0);
	hv = hk_start(test, sim, "hkupdown");
	want = f.vector | (*deprecated ? 0 : VMBC_HV_SINT_AUTO_EOI);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_TRUE_MSG(test, hk_synic_up(sim, cpu), "CPU %d", cpu);
		sint = vmbc_sim_hv_reg(sim, cpu, VMBC_HV_SINT2);
		KUNIT_EXPECT_EQ(test, sint, want);
	}
	KUNIT_EXPECT_TRUE(test, vmbc_sim_hv_hooked(sim));
	KUNIT_EXPECT_EQ(test, vmbc_connection_version(vmbc_hv_connection(hv)),
			VERSION_WIN10_V5_3);
	kt_offer_echo(test, sim, kt_guid(5, 2), NULL);

	hk_stop(test, sim, hv);
	KUNIT_EXPECT_EQ(test, kt_guest_sent(sim, CHANNELMSG_UNLOAD), 1);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_TRUE_MSG(test, hk_synic_down(sim, cpu), "CPU %d",
				      cpu);
	KUNIT_EXPECT_FALSE(test, vmbc_sim_hv_hooked(sim));
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* Echo traffic through hypercalls, the SynIC pages and the vector. */
struct hk_rx {
	struct vmbus_channel *channel;
	atomic_t packets;
};

static void hk_rx_callback(void *context)
{
	struct hk_rx *rx = context;
	struct vmpacket_descriptor *desc;

	for (desc = hv_pkt_iter_first(rx->channel); desc;
	     desc = hv_pkt_iter_next(rx->channel, desc))
		atomic_inc(&rx->packets);
}

static void hyperv_moves_packets(struct kunit *test)
{
	struct vmbc_hv_features f = kt_hv_features();
	struct vmbc_sim_channel_stats st;
	struct vmbc_sim *sim;
	struct hk_rx rx = {};
	u8 payload[40] = { 7 };
	u32 relid;
	int i;

	sim = hk_fake(test, "hkpackets", &f, 0);
	hk_start(test, sim, "hkpackets");
	rx.channel = kt_offer_echo(test, sim, kt_guid(5, 3), &relid);
	KUNIT_ASSERT_EQ(test, vmbus_open(rx.channel, 4 * PAGE_SIZE,
					 4 * PAGE_SIZE, NULL, 0,
					 hk_rx_callback, &rx), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_close_action,
							rx.channel), 0);
	/* in bursts the rings hold, each drained before the next */
	for (i = 0; i < 200; i++) {
		KUNIT_ASSERT_EQ(test, vmbus_sendpacket(rx.channel, payload,
						       sizeof(payload), i,
						       VM_PKT_DATA_INBAND, 0),
				0);
		if (i % 20 == 19)
			vmbc_sim_flush(sim);
	}
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(sim, relid, &st), 0);
	KUNIT_EXPECT_EQ(test, st.packets_in, 200);
	KUNIT_EXPECT_EQ(test, atomic_read(&rx.packets), 200);
	KUNIT_EXPECT_GT(test, st.signals_in, 0);
	KUNIT_EXPECT_GT(test, rx.channel->interrupts, 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/*
 * A message of another SynIC type (a timer's) in the VMBus slot: dropped
 * and counted, the slot freed, and the host's messages behind it flow.
 */
static void hyperv_drops_a_stray_message(struct kunit *test)
{
	struct vmbc_hv_features f = kt_hv_features();
	struct vmbc_connection *conn;
	struct vmbc_sim *sim;
	struct vmbc_hv *hv;

	sim = hk_fake(test, "hkstray", &f, 0);
	hv = hk_start(test, sim, "hkstray");
	conn = vmbc_hv_connection(hv);
	KUNIT_ASSERT_EQ(test, vmbc_sim_hv_stray(sim, HVMSG_TIMER_EXPIRED), 0);
	kt_offer_echo(test, sim, kt_guid(5, 4), NULL);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(conn,
						   VMBC_STAT_MSG_NOT_VMBUS), 1);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(conn, VMBC_STAT_OFFERS), 1);
}

/* HV_STATUS_INSUFFICIENT_BUFFERS: the post is retried, nothing is lost. */
static void hyperv_retries_a_busy_hypervisor(struct kunit *test)
{
	struct vmbc_hv_features f = kt_hv_features();
	struct vmbus_channel *channel;
	struct vmbc_connection *conn;
	struct vmbc_sim *sim;
	struct vmbc_hv *hv;

	sim = hk_fake(test, "hkbusy", &f, 0);
	hv = hk_start(test, sim, "hkbusy");
	conn = vmbc_hv_connection(hv);
	channel = kt_offer_echo(test, sim, kt_guid(5, 5), NULL);
	vmbc_sim_set_fault(sim, VMBC_SIM_POST_BUSY, 0, 3);
	KUNIT_ASSERT_EQ(test, vmbus_open(channel, 4 * PAGE_SIZE, 4 * PAGE_SIZE,
					 NULL, 0, kt_quiet_cb, NULL), 0);
	vmbus_close(channel);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(conn,
						   VMBC_STAT_POST_RETRIES), 3);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(conn,
						   VMBC_STAT_POST_FAILURES), 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* ------------------------------------------------------------------ */
/* kexec, crash, hibernation, reconnecting                              */

static void hyperv_kexec_unloads_and_disables(struct kunit *test)
{
	struct vmbc_hv_features f = kt_hv_features();
	struct vmbc_sim *sim;
	struct vmbc_hv *hv;
	int cpu;

	sim = hk_fake(test, "hkkexec", &f, 0);
	hv = hk_start(test, sim, "hkkexec");
	kt_offer_echo(test, sim, kt_guid(5, 6), NULL);
	vmbc_hv_kexec(hv);
	KUNIT_EXPECT_EQ(test, kt_guest_sent(sim, CHANNELMSG_UNLOAD), 1);
	KUNIT_EXPECT_EQ(test, vmbc_connection_version(vmbc_hv_connection(hv)),
			0);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_TRUE_MSG(test, hk_synic_down(sim, cpu), "CPU %d",
				      cpu);
}

/*
 * The crash path posts UNLOAD and finds the answer by polling the slots
 * itself (no interrupt would take it), then disables its CPU's SynIC.
 */
static void hyperv_crash_unloads_by_polling(struct kunit *test)
{
	struct vmbc_hv_features f = kt_hv_features();
	struct vmbc_sim *sim;
	struct vmbc_hv *hv;
	int cpu, down = 0;

	sim = hk_fake(test, "hkcrash", &f, 0);
	hv = hk_start(test, sim, "hkcrash");
	kt_offer_echo(test, sim, kt_guid(5, 8), NULL);
	/* the later teardown waits for no answer the handler now skips */
	vmbc_test_set_timeout(vmbc_hv_connection(hv), KT_SHORT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, vmbc_hv_crash(hv), 0);
	KUNIT_EXPECT_EQ(test, kt_guest_sent(sim, CHANNELMSG_UNLOAD), 1);
	/* the CPU it ran on: the others are stopped in a real crash */
	for_each_online_cpu(cpu)
		down += hk_synic_down(sim, cpu);
	KUNIT_EXPECT_EQ(test, down, 1);
}

static void hyperv_refuses_hibernation(struct kunit *test)
{
	struct vmbc_hv_features f = kt_hv_features();
	struct vmbc_sim *sim;
	struct vmbc_hv *hv;

	sim = hk_fake(test, "hkhibernate", &f, 0);
	hv = hk_start(test, sim, "hkhibernate");
	KUNIT_EXPECT_EQ(test, vmbc_hv_pm_event(hv, PM_HIBERNATION_PREPARE),
			notifier_from_errno(-EOPNOTSUPP));
	KUNIT_EXPECT_EQ(test, vmbc_hv_pm_event(hv, PM_SUSPEND_PREPARE),
			NOTIFY_DONE);
}

/* A host older than 3.0 cannot take a second INITIATE_CONTACT. */
static void hyperv_old_host_is_not_reconnected(struct kunit *test)
{
	struct vmbc_hv_features f = kt_hv_features();
	struct vmbc_sim *sim;
	struct vmbc_hv *hv;

	sim = hk_fake(test, "hkold", &f, VERSION_WIN8);
	hv = hk_start(test, sim, "hkold");
	KUNIT_EXPECT_EQ(test, vmbc_connection_version(vmbc_hv_connection(hv)),
			VERSION_WIN8);
	hk_stop(test, sim, hv);
	hv = vmbc_hv_create(&vmbc_sim_hv_prims, sim, "hkold");
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(hv), -EOPNOTSUPP);
	if (!IS_ERR(hv))
		vmbc_hv_destroy(hv);

	/* 3.0 can */
	kunit_release_action(test, kt_sim_destroy_action, sim);
	sim = hk_fake(test, "hknew", &f, VERSION_WIN8_1);
	hv = hk_start(test, sim, "hknew");
	hk_stop(test, sim, hv);
	hv = hk_start(test, sim, "hknew");
	KUNIT_EXPECT_EQ(test, vmbc_connection_version(vmbc_hv_connection(hv)),
			VERSION_WIN8_1);
}

#if IS_ENABLED(CONFIG_HOTPLUG_CPU)
static void hk_cpu1_up_action(void *unused)
{
	if (!cpu_online(1))
		add_cpu(1);
}

/*
 * A CPU going offline takes its SynIC down and coming back brings it up.
 * One that channels interrupt refuses to go, its SynIC untouched, until
 * they move; so does (the core says) the CPU that takes the host's
 * messages, which x86 never offers to take away here (CPU 0).
 */
static void hyperv_cpu_hotplug(struct kunit *test)
{
	struct vmbc_hv_features f = kt_hv_features();
	struct vmbus_channel *channel;
	struct vmbc_sim *sim;
	struct vmbc_hv *hv;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs CPU 1");
	sim = hk_fake(test, "hkhotplug", &f, 0);
	hv = hk_start(test, sim, "hkhotplug");
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							hk_cpu1_up_action,
							NULL), 0);
	KUNIT_ASSERT_TRUE(test, hk_synic_up(sim, 1));
	KUNIT_ASSERT_EQ(test, remove_cpu(1), 0);
	KUNIT_EXPECT_TRUE(test, hk_synic_down(sim, 1));
	KUNIT_ASSERT_EQ(test, add_cpu(1), 0);
	KUNIT_EXPECT_TRUE(test, hk_synic_up(sim, 1));

	channel = kt_offer_echo(test, sim, kt_guid(5, 7), NULL);
	KUNIT_ASSERT_EQ(test, vmbus_open(channel, 4 * PAGE_SIZE, 4 * PAGE_SIZE,
					 NULL, 0, kt_quiet_cb, NULL), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_close_action,
							channel), 0);
	KUNIT_ASSERT_EQ(test, vmbc_channel_set_cpu(channel, 1), 0);
	KUNIT_EXPECT_EQ(test, remove_cpu(1), -EBUSY);
	KUNIT_EXPECT_TRUE(test, hk_synic_up(sim, 1));
	KUNIT_ASSERT_EQ(test, vmbc_channel_set_cpu(channel, 0), 0);
	KUNIT_EXPECT_EQ(test, remove_cpu(1), 0);
	KUNIT_EXPECT_EQ(test,
			vmbc_connection_cpu_busy(vmbc_hv_connection(hv), 0),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}
#else
static void hyperv_cpu_hotplug(struct kunit *test)
{
	kunit_skip(test, "no CPU hotplug in this kernel");
}
#endif

static struct kunit_case hyperv_cases[] = {
	KUNIT_CASE_PARAM(hyperv_refuses_to_start, hk_refusal_gen_params),
	KUNIT_CASE_PARAM(hyperv_brings_the_synic_up_and_down,
			 hk_aeoi_gen_params),
	KUNIT_CASE(hyperv_moves_packets),
	KUNIT_CASE(hyperv_drops_a_stray_message),
	KUNIT_CASE(hyperv_retries_a_busy_hypervisor),
	KUNIT_CASE(hyperv_kexec_unloads_and_disables),
	KUNIT_CASE(hyperv_crash_unloads_by_polling),
	KUNIT_CASE(hyperv_refuses_hibernation),
	KUNIT_CASE(hyperv_old_host_is_not_reconnected),
	KUNIT_CASE(hyperv_cpu_hotplug),
	{}
};

static struct kunit_suite hyperv_suite = {
	.name = "vmbc_hyperv",
	.test_cases = hyperv_cases,
};

kunit_test_suite(hyperv_suite);
