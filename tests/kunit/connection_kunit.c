// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: version negotiation, the post-message retry, and unload, each
 * against a simulated host of its own.
 */
#include <kunit/test.h>
#include <linux/jiffies.h>

#include "sim_helpers.h"

static void connection_negotiates_newest_version(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_connection *conn = vmbc_sim_connection(sim);

	KUNIT_EXPECT_EQ(test, vmbc_connection_version(conn),
			VERSION_WIN10_V5_3);
	KUNIT_EXPECT_TRUE(test, vmbc_test_connected(conn));
	KUNIT_EXPECT_EQ(test, kt_guest_sent(sim, CHANNELMSG_INITIATE_CONTACT),
			1);
	KUNIT_EXPECT_EQ(test, kt_guest_sent(sim, CHANNELMSG_REQUESTOFFERS), 1);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* The host names the connection id for every later message (5.0+). */
static void connection_posts_on_the_hosts_msg_conn_id(struct kunit *test)
{
	struct vmbc_sim_config cfg = { .msg_conn_id = 0x55 };
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);

	KUNIT_EXPECT_EQ(test, vmbc_connection_msg_conn_id(vmbc_sim_connection(sim)),
			0x55);
	/* REQUESTOFFERS went to 0x55, or the host would have counted it. */
	KUNIT_EXPECT_EQ(test, kt_guest_sent(sim, CHANNELMSG_REQUESTOFFERS), 1);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

struct version_case {
	u32 version;
	u32 contacts;	/* INITIATE_CONTACTs it takes, newest first */
	u32 msg_conn_id;
};

static const struct version_case version_cases[] = {
	{ VERSION_WIN10_V5_3, 1, 4 },
	{ VERSION_WIN10_V5_2, 2, 4 },
	{ VERSION_WIN10_V5_1, 3, 4 },
	{ VERSION_WIN10_V5, 4, 4 },
	{ VERSION_WIN10_V4_1, 5, VMBUS_MESSAGE_CONNECTION_ID },
	{ VERSION_WIN10, 6, VMBUS_MESSAGE_CONNECTION_ID },
	{ VERSION_WIN8_1, 7, VMBUS_MESSAGE_CONNECTION_ID },
	{ VERSION_WIN8, 8, VMBUS_MESSAGE_CONNECTION_ID },
	{ VERSION_WIN7, 9, VMBUS_MESSAGE_CONNECTION_ID },
	{ VERSION_WS2008, 10, VMBUS_MESSAGE_CONNECTION_ID },
};

static void version_case_desc(const struct version_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "host up to %u.%u",
		 c->version >> 16, c->version & 0xffff);
}

KUNIT_ARRAY_PARAM(version, version_cases, version_case_desc);

/*
 * Whatever the newest version a host takes, the core settles on it, and
 * it contacts on connection id 4 from 5.0 and on 1 before (the host
 * counts any other as a protocol error).
 */
static void connection_falls_back_to_the_hosts_version(struct kunit *test)
{
	const struct version_case *c = test->param_value;
	struct vmbc_sim_config cfg = { .max_version = c->version };
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_connection *conn = vmbc_sim_connection(sim);

	KUNIT_EXPECT_EQ(test, vmbc_connection_version(conn), c->version);
	KUNIT_EXPECT_EQ(test, vmbc_connection_msg_conn_id(conn),
			c->msg_conn_id);
	KUNIT_EXPECT_EQ(test, kt_guest_sent(sim, CHANNELMSG_INITIATE_CONTACT),
			c->contacts);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

static void connection_skips_refused_versions(struct kunit *test)
{
	/* Refuse 5.3 and 5.1 (bits 0 and 2): 5.2 is the newest left. */
	struct vmbc_sim_config cfg = { .refuse_versions = 0x5 };
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);

	KUNIT_EXPECT_EQ(test, vmbc_connection_version(vmbc_sim_connection(sim)),
			VERSION_WIN10_V5_2);
	KUNIT_EXPECT_EQ(test, kt_guest_sent(sim, CHANNELMSG_INITIATE_CONTACT),
			2);
}

static void connection_fails_when_no_version_is_accepted(struct kunit *test)
{
	struct vmbc_sim_config cfg = { .refuse_versions = 0x3ff };
	int alive = vmbc_test_channels_alive();
	struct vmbc_sim *sim;
	int err;

	sim = kt_sim_try_start(test, &cfg, &err);
	KUNIT_EXPECT_NULL(test, sim);
	KUNIT_EXPECT_EQ(test, err, -ECONNREFUSED);
	KUNIT_EXPECT_EQ(test, vmbc_test_channels_alive(), alive);
}

/* A host that never answers makes connect fail in bounded time. */
static void connection_times_out_when_the_host_is_silent(struct kunit *test)
{
	struct vmbc_sim_config cfg = { .no_connect = true };
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_connection *conn = vmbc_sim_connection(sim);

	vmbc_sim_set_fault(sim, VMBC_SIM_DROP_RESPONSE,
			   CHANNELMSG_VERSION_RESPONSE, 1);
	vmbc_test_set_timeout(conn, KT_SHORT_TIMEOUT_MS);
	KUNIT_EXPECT_EQ(test, vmbc_connection_connect(conn), -ETIMEDOUT);
	KUNIT_EXPECT_FALSE(test, vmbc_test_connected(conn));
	KUNIT_EXPECT_EQ(test, vmbc_connection_version(conn), 0);
}

static void connection_retries_while_the_host_is_busy(struct kunit *test)
{
	struct vmbc_sim_config cfg = { .no_connect = true };
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_connection *conn = vmbc_sim_connection(sim);

	vmbc_sim_set_fault(sim, VMBC_SIM_POST_BUSY, 0, 3);
	KUNIT_ASSERT_EQ(test, vmbc_connection_connect(conn), 0);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(conn, VMBC_STAT_POST_RETRIES), 3);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(conn, VMBC_STAT_POST_FAILURES), 0);
	KUNIT_EXPECT_EQ(test, vmbc_connection_version(conn),
			VERSION_WIN10_V5_3);
}

static void connection_drops_a_duplicate_version_response(struct kunit *test)
{
	struct vmbc_sim_config cfg = { .no_connect = true };
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_connection *conn = vmbc_sim_connection(sim);

	vmbc_sim_set_fault(sim, VMBC_SIM_DUPLICATE_RESPONSE,
			   CHANNELMSG_VERSION_RESPONSE, 1);
	KUNIT_ASSERT_EQ(test, vmbc_connection_connect(conn), 0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(conn, VMBC_STAT_MSG_UNMATCHED), 1);
	KUNIT_EXPECT_EQ(test, vmbc_connection_version(conn),
			VERSION_WIN10_V5_3);
	KUNIT_EXPECT_EQ(test, kt_guest_sent(sim, CHANNELMSG_INITIATE_CONTACT),
			1);
}

static void connection_unload_sends_unload_once(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_connection *conn = vmbc_sim_connection(sim);

	vmbc_connection_unload(conn);
	KUNIT_EXPECT_EQ(test, kt_guest_sent(sim, CHANNELMSG_UNLOAD), 1);
	KUNIT_EXPECT_FALSE(test, vmbc_test_connected(conn));
	KUNIT_EXPECT_EQ(test, vmbc_connection_version(conn), 0);
	/* A second unload (the test's cleanup) sends nothing more. */
	vmbc_connection_unload(conn);
	KUNIT_EXPECT_EQ(test, kt_guest_sent(sim, CHANNELMSG_UNLOAD), 1);
}

/* A host that never acknowledges UNLOAD cannot wedge an unload. */
static void connection_unload_is_bounded_without_response(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_connection *conn = vmbc_sim_connection(sim);
	unsigned long start;

	vmbc_sim_set_fault(sim, VMBC_SIM_DROP_RESPONSE,
			   CHANNELMSG_UNLOAD_RESPONSE, 1);
	vmbc_test_set_timeout(conn, KT_SHORT_TIMEOUT_MS);
	start = jiffies;
	vmbc_connection_unload(conn);
	KUNIT_EXPECT_LT(test, jiffies_to_msecs(jiffies - start), 10000U);
	KUNIT_EXPECT_FALSE(test, vmbc_test_connected(conn));
	KUNIT_EXPECT_FALSE(test, vmbc_test_unload_pending(conn));
}

static void connection_unload_removes_every_channel(struct kunit *test)
{
	int alive = vmbc_test_channels_alive();
	struct vmbc_sim_config cfg = {};
	struct vmbc_connection *conn;
	struct vmbc_sim *sim;

	sim = kt_sim_start(test, &cfg);
	conn = vmbc_sim_connection(sim);
	kt_add_devices(test, sim, 1, 2, 3);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, vmbc_test_channels_alive(), alive + 3);

	vmbc_connection_unload(conn);
	KUNIT_EXPECT_EQ(test, vmbc_test_channels_alive(), alive);
	KUNIT_EXPECT_TRUE(test, vmbc_test_primaries(conn) == 0);
}

static struct kunit_case connection_cases[] = {
	KUNIT_CASE(connection_negotiates_newest_version),
	KUNIT_CASE(connection_posts_on_the_hosts_msg_conn_id),
	KUNIT_CASE_PARAM(connection_falls_back_to_the_hosts_version,
			 version_gen_params),
	KUNIT_CASE(connection_skips_refused_versions),
	KUNIT_CASE(connection_fails_when_no_version_is_accepted),
	KUNIT_CASE(connection_times_out_when_the_host_is_silent),
	KUNIT_CASE(connection_retries_while_the_host_is_busy),
	KUNIT_CASE(connection_drops_a_duplicate_version_response),
	KUNIT_CASE(connection_unload_sends_unload_once),
	KUNIT_CASE(connection_unload_is_bounded_without_response),
	KUNIT_CASE(connection_unload_removes_every_channel),
	{}
};

static struct kunit_suite connection_suite = {
	.name = "vmbc_connection",
	.test_cases = connection_cases,
};

/* The same cases, through the Hyper-V transport over the fake hypervisor. */
static struct kunit_suite connection_hyperv_suite = {
	.name = "vmbc_connection_hyperv",
	.test_cases = connection_cases,
	.suite_init = kt_use_hyperv,
	.suite_exit = kt_use_sim,
};

kunit_test_suites(&connection_suite, &connection_hyperv_suite);
