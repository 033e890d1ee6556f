// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: offers, rescinds and the relid table, and a table of malformed
 * and unexpected host messages, each rejected, counted, and leaking
 * nothing.
 */
#include <kunit/test.h>

#include "sim_helpers.h"

#define BASE_RELID	5

struct offer_fixture {
	struct vmbc_sim *sim;
	struct vmbc_connection *conn;
	int alive;	/* vmbc_channels_alive before the test's channels */
};

static int offer_test_init(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct offer_fixture *f;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->alive = vmbc_test_channels_alive();
	f->sim = kt_sim_start(test, &cfg);
	f->conn = vmbc_sim_connection(f->sim);
	test->priv = f;
	return 0;
}

static struct vmbus_channel *channel_at(struct offer_fixture *f, u32 relid)
{
	return kt_channel_at(f->conn, relid);
}

static int add_device(struct kunit *test, u16 class, u16 instance, u32 relid,
		      u16 sub)
{
	struct offer_fixture *f = test->priv;
	struct vmbc_sim_device dev = {
		.class_id = kt_guid(1, class),
		.instance_id = kt_guid(2, instance),
		.relid = relid,
		.sub_channel_index = sub,
	};
	int ret = vmbc_sim_add_device(f->sim, &dev);

	vmbc_sim_flush(f->sim);
	return ret;
}

static void offer_creates_a_primary_channel_and_device(struct kunit *test)
{
	struct offer_fixture *f = test->priv;
	struct vmbus_channel *channel;
	guid_t instance = kt_guid(2, 1);
	char name[UUID_STRING_LEN + 1];

	KUNIT_ASSERT_EQ(test, add_device(test, 1, 1, BASE_RELID, 0),
			BASE_RELID);
	channel = channel_at(f, BASE_RELID);
	KUNIT_ASSERT_NOT_NULL(test, channel);
	KUNIT_EXPECT_EQ(test, READ_ONCE(channel->state), CHANNEL_OPEN_STATE);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(channel->probe_done));
	KUNIT_EXPECT_NULL(test, channel->primary_channel);
	KUNIT_EXPECT_TRUE(test, guid_equal(&channel->offermsg.offer.if_instance,
					   &instance));
	KUNIT_EXPECT_EQ(test, channel->offermsg.child_relid, BASE_RELID);
	KUNIT_EXPECT_EQ(test, channel->close_msg.msg.child_relid, BASE_RELID);
	/* The sim signals on the relid's own connection id. */
	KUNIT_EXPECT_EQ(test, channel->sig_event, BASE_RELID);
	KUNIT_ASSERT_NOT_NULL(test, channel->device_obj);
	snprintf(name, sizeof(name), "%pUl", &instance);
	KUNIT_EXPECT_STREQ(test, dev_name(&channel->device_obj->device), name);
	KUNIT_EXPECT_PTR_EQ(test, channel->device_obj->channel, channel);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(f->conn, VMBC_STAT_OFFERS), 1);
	KUNIT_EXPECT_EQ(test, vmbc_test_channels_alive(), f->alive + 1);
}

static void offer_links_a_sub_channel_to_its_primary(struct kunit *test)
{
	struct offer_fixture *f = test->priv;
	struct vmbus_channel *primary, *sub;

	KUNIT_ASSERT_EQ(test, add_device(test, 1, 1, BASE_RELID, 0),
			BASE_RELID);
	KUNIT_ASSERT_EQ(test, add_device(test, 1, 1, BASE_RELID + 1, 1),
			BASE_RELID + 1);
	primary = channel_at(f, BASE_RELID);
	sub = channel_at(f, BASE_RELID + 1);
	KUNIT_ASSERT_NOT_NULL(test, primary);
	KUNIT_ASSERT_NOT_NULL(test, sub);
	KUNIT_EXPECT_PTR_EQ(test, sub->primary_channel, primary);
	KUNIT_EXPECT_NULL(test, sub->device_obj);
	KUNIT_EXPECT_EQ(test, READ_ONCE(sub->state), CHANNEL_OPEN_STATE);
	KUNIT_EXPECT_PTR_EQ(test, list_first_entry(&primary->sc_list,
						   struct vmbus_channel,
						   sc_list), sub);
}

static void offer_before_connect_is_there_when_connect_returns(struct kunit *test)
{
	struct vmbc_sim_config cfg = { .no_connect = true };
	struct vmbc_connection *conn;
	struct vmbc_sim *sim;

	sim = kt_sim_start(test, &cfg);
	conn = vmbc_sim_connection(sim);
	kt_add_devices(test, sim, 3, 4, 4);
	KUNIT_ASSERT_EQ(test, vmbc_connection_connect(conn), 0);
	/* No flush: connect returns with the initial offers processed. */
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(conn, VMBC_STAT_OFFERS), 4);
	KUNIT_EXPECT_TRUE(test, vmbc_test_all_offers_delivered(conn));
	KUNIT_EXPECT_EQ(test, vmbc_test_primaries(conn), 4);
}

static void offer_rescind_removes_device_and_releases_relid(struct kunit *test)
{
	struct offer_fixture *f = test->priv;

	KUNIT_ASSERT_EQ(test, add_device(test, 1, 1, BASE_RELID, 0),
			BASE_RELID);
	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(f->sim, BASE_RELID), 0);
	KUNIT_ASSERT_EQ(test, vmbc_sim_wait_released(f->sim, BASE_RELID, 5000),
			0);
	vmbc_sim_flush(f->sim);
	KUNIT_EXPECT_NULL(test, channel_at(f, BASE_RELID));
	KUNIT_EXPECT_EQ(test, kt_guest_sent(f->sim,
					    CHANNELMSG_RELID_RELEASED), 1);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(f->conn, VMBC_STAT_RESCINDS), 1);
	KUNIT_EXPECT_TRUE(test, vmbc_test_primaries(f->conn) == 0);
	KUNIT_EXPECT_EQ(test, vmbc_test_channels_alive(), f->alive);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);
}

/*
 * Two hosts offering the same instance GUID: both devices register, the
 * second under a name that carries its connection's.
 */
static void offer_same_guid_on_two_connections(struct kunit *test)
{
	struct offer_fixture *f = test->priv;
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim_device dev = {
		.class_id = kt_guid(1, 1),
		.instance_id = kt_guid(2, 1),
	};
	struct vmbus_channel *first, *second;
	struct vmbc_connection *conn2;
	struct vmbc_sim *sim2;
	char name[64];
	int relid;

	KUNIT_ASSERT_EQ(test, add_device(test, 1, 1, BASE_RELID, 0),
			BASE_RELID);
	sim2 = kt_sim_start(test, &cfg);
	conn2 = vmbc_sim_connection(sim2);
	relid = vmbc_sim_add_device(sim2, &dev);
	KUNIT_ASSERT_GT(test, relid, 0);
	vmbc_sim_flush(sim2);

	first = channel_at(f, BASE_RELID);
	second = kt_channel_at(conn2, relid);
	KUNIT_ASSERT_NOT_NULL(test, first);
	KUNIT_ASSERT_NOT_NULL(test, second);
	KUNIT_ASSERT_NOT_NULL(test, second->device_obj);
	snprintf(name, sizeof(name), "%s-%pUl", vmbc_connection_name(conn2),
		 &dev.instance_id);
	KUNIT_EXPECT_STREQ(test, dev_name(&second->device_obj->device), name);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(conn2, VMBC_STAT_OFFER_FAILED), 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim2), 0);
}

/* Offer, rescind, re-offer the same relid, quickly: no double free. */
static void offer_relid_is_reusable_after_release(struct kunit *test)
{
	struct offer_fixture *f = test->priv;
	int round;

	for (round = 0; round < 50; round++) {
		KUNIT_ASSERT_EQ(test, add_device(test, 1, round, BASE_RELID, 0),
				BASE_RELID);
		KUNIT_ASSERT_EQ(test,
				vmbc_sim_remove_device(f->sim, BASE_RELID), 0);
		KUNIT_ASSERT_EQ(test, vmbc_sim_wait_released(f->sim,
							     BASE_RELID, 5000),
				0);
	}
	vmbc_sim_flush(f->sim);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(f->conn, VMBC_STAT_OFFERS), 50);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(f->conn, VMBC_STAT_RESCINDS), 50);
	KUNIT_EXPECT_EQ(test, vmbc_connection_stat(f->conn, VMBC_STAT_OFFER_RELID_BUSY),
			0);
	KUNIT_EXPECT_EQ(test, vmbc_test_channels_alive(), f->alive);
}

/* ------------------------------------------------------------------ */
/* Malformed and unexpected messages                                   */

struct bad_msg_case {
	const char *name;
	u32 type;		/* CHANNELMSG_* written into the header */
	u32 size;		/* bytes delivered */
	u8 payload_size;	/* what the slot header claims */
	/* offer fields, when type is OFFERCHANNEL */
	u32 relid;
	u16 class, instance, sub;
	bool monitor;
	u8 monitorid;
	u32 word8;		/* the u32 at offset 8 (relid, gpadl, ...) */
	enum vmbc_stat counter;
};

#define OFFER_SIZE	sizeof(struct vmbus_channel_offer_channel)

static const struct bad_msg_case bad_msg_cases[] = {
	{ "offer at relid 0", CHANNELMSG_OFFERCHANNEL, OFFER_SIZE, OFFER_SIZE,
	  0, 9, 9, 0, false, 0, 0, VMBC_STAT_OFFER_BAD_RELID },
	{ "offer at relid 2048", CHANNELMSG_OFFERCHANNEL, OFFER_SIZE,
	  OFFER_SIZE, 2048, 9, 9, 0, false, 0, 0, VMBC_STAT_OFFER_BAD_RELID },
	{ "offer at relid 0xffffffff", CHANNELMSG_OFFERCHANNEL, OFFER_SIZE,
	  OFFER_SIZE, 0xffffffff, 9, 9, 0, false, 0, 0,
	  VMBC_STAT_OFFER_BAD_RELID },
	{ "offer with monitor id 128", CHANNELMSG_OFFERCHANNEL, OFFER_SIZE,
	  OFFER_SIZE, 9, 9, 9, 0, true, 128, 0, VMBC_STAT_OFFER_BAD_MONITOR },
	{ "offer at a relid in use", CHANNELMSG_OFFERCHANNEL, OFFER_SIZE,
	  OFFER_SIZE, BASE_RELID, 9, 9, 0, false, 0, 0,
	  VMBC_STAT_OFFER_RELID_BUSY },
	{ "second primary of the same device", CHANNELMSG_OFFERCHANNEL,
	  OFFER_SIZE, OFFER_SIZE, 9, 1, 1, 0, false, 0, 0,
	  VMBC_STAT_OFFER_DUPLICATE },
	{ "same instance under another class", CHANNELMSG_OFFERCHANNEL,
	  OFFER_SIZE, OFFER_SIZE, 9, 2, 1, 0, false, 0, 0,
	  VMBC_STAT_OFFER_DUPLICATE },
	{ "sub-channel without a primary", CHANNELMSG_OFFERCHANNEL,
	  OFFER_SIZE, OFFER_SIZE, 9, 9, 9, 1, false, 0, 0,
	  VMBC_STAT_OFFER_NO_PRIMARY },
	{ "truncated offer", CHANNELMSG_OFFERCHANNEL, OFFER_SIZE - 1,
	  OFFER_SIZE - 1, 9, 9, 9, 0, false, 0, 0, VMBC_STAT_MSG_BAD_SIZE },
	{ "payload_size 241", CHANNELMSG_OFFERCHANNEL, OFFER_SIZE, 241, 9, 9,
	  9, 0, false, 0, 0, VMBC_STAT_MSG_BAD_SIZE },
	{ "payload_size 255", CHANNELMSG_OFFERCHANNEL, OFFER_SIZE, 255, 9, 9,
	  9, 0, false, 0, 0, VMBC_STAT_MSG_BAD_SIZE },
	{ "payload_size under a header", CHANNELMSG_ALLOFFERS_DELIVERED, 8, 7,
	  0, 0, 0, 0, false, 0, 0, VMBC_STAT_MSG_BAD_SIZE },
	{ "truncated rescind", CHANNELMSG_RESCIND_CHANNELOFFER, 10, 10, 0, 0,
	  0, 0, false, 0, BASE_RELID, VMBC_STAT_MSG_BAD_SIZE },
	{ "truncated open result", CHANNELMSG_OPENCHANNEL_RESULT, 19, 19, 0,
	  0, 0, 0, false, 0, BASE_RELID, VMBC_STAT_MSG_BAD_SIZE },
	{ "type 0", CHANNELMSG_INVALID, 16, 16, 0, 0, 0, 0, false, 0, 0,
	  VMBC_STAT_MSG_BAD_TYPE },
	{ "unknown type 99", 99, 16, 16, 0, 0, 0, 0, false, 0, 0,
	  VMBC_STAT_MSG_BAD_TYPE },
	{ "type CHANNELMSG_COUNT", CHANNELMSG_COUNT, 16, 16, 0, 0, 0, 0, false,
	  0, 0, VMBC_STAT_MSG_BAD_TYPE },
	{ "guest-to-host OPENCHANNEL", CHANNELMSG_OPENCHANNEL, 148, 148, 0, 0,
	  0, 0, false, 0, BASE_RELID, VMBC_STAT_MSG_BAD_TYPE },
	{ "guest-to-host UNLOAD", CHANNELMSG_UNLOAD, 8, 8, 0, 0, 0, 0, false,
	  0, 0, VMBC_STAT_MSG_BAD_TYPE },
	{ "unsolicited open result", CHANNELMSG_OPENCHANNEL_RESULT, 20, 20, 0,
	  0, 0, 0, false, 0, BASE_RELID, VMBC_STAT_MSG_UNMATCHED },
	{ "unsolicited GPADL created", CHANNELMSG_GPADL_CREATED, 20, 20, 0, 0,
	  0, 0, false, 0, BASE_RELID, VMBC_STAT_MSG_UNMATCHED },
	{ "unsolicited GPADL torn down", CHANNELMSG_GPADL_TORNDOWN, 12, 12, 0,
	  0, 0, 0, false, 0, 1, VMBC_STAT_MSG_UNMATCHED },
	{ "version response after contact", CHANNELMSG_VERSION_RESPONSE, 16,
	  16, 0, 0, 0, 0, false, 0, 1, VMBC_STAT_MSG_UNMATCHED },
	{ "unsolicited unload response", CHANNELMSG_UNLOAD_RESPONSE, 8, 8, 0,
	  0, 0, 0, false, 0, 0, VMBC_STAT_MSG_UNMATCHED },
	{ "unsolicited modify response", CHANNELMSG_MODIFYCHANNEL_RESPONSE, 16,
	  16, 0, 0, 0, 0, false, 0, BASE_RELID, VMBC_STAT_MSG_UNMATCHED },
	{ "second all-offers-delivered", CHANNELMSG_ALLOFFERS_DELIVERED, 8, 8,
	  0, 0, 0, 0, false, 0, 0, VMBC_STAT_MSG_UNMATCHED },
	{ "rescind of an unknown relid", CHANNELMSG_RESCIND_CHANNELOFFER, 12,
	  12, 0, 0, 0, 0, false, 0, 77, VMBC_STAT_RESCIND_UNKNOWN },
	{ "rescind of relid 4096", CHANNELMSG_RESCIND_CHANNELOFFER, 12, 12, 0,
	  0, 0, 0, false, 0, 4096, VMBC_STAT_RESCIND_UNKNOWN },
	{ "rescind of relid 0", CHANNELMSG_RESCIND_CHANNELOFFER, 12, 12, 0, 0,
	  0, 0, false, 0, 0, VMBC_STAT_RESCIND_UNKNOWN },
};

static void bad_msg_desc(const struct bad_msg_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad_msg, bad_msg_cases, bad_msg_desc);

static void build_bad_msg(const struct bad_msg_case *c, u8 *raw)
{
	struct vmbus_channel_offer_channel *offer = (void *)raw;

	offer->header.msgtype = c->type;
	if (c->type == CHANNELMSG_OFFERCHANNEL) {
		offer->offer.if_type = kt_guid(1, c->class);
		offer->offer.if_instance = kt_guid(2, c->instance);
		offer->offer.sub_channel_index = c->sub;
		offer->child_relid = c->relid;
		offer->monitor_allocated = c->monitor;
		offer->monitorid = c->monitorid;
		offer->connection_id = c->relid;
	} else {
		memcpy(raw + 8, &c->word8, sizeof(c->word8));
	}
}

/*
 * Each row against a connection with one healthy device at BASE_RELID:
 * exactly its counter moves, nothing is created or lost, and the device
 * is untouched.
 */
static void offer_rejects_malformed_messages(struct kunit *test)
{
	const struct bad_msg_case *c = test->param_value;
	struct offer_fixture *f = test->priv;
	u64 before[VMBC_STAT_COUNT];
	struct vmbus_channel *base;
	u8 *raw;
	int i;

	KUNIT_ASSERT_EQ(test, add_device(test, 1, 1, BASE_RELID, 0),
			BASE_RELID);
	base = channel_at(f, BASE_RELID);
	KUNIT_ASSERT_NOT_NULL(test, base);
	for (i = 0; i < VMBC_STAT_COUNT; i++)
		before[i] = vmbc_connection_stat(f->conn, i);

	raw = kunit_kzalloc(test, HV_MESSAGE_PAYLOAD_BYTE_COUNT, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, raw);
	build_bad_msg(c, raw);
	KUNIT_ASSERT_EQ(test, vmbc_sim_inject(f->sim, raw, c->size,
					      c->payload_size), 0);
	vmbc_sim_flush(f->sim);

	for (i = 0; i < VMBC_STAT_COUNT; i++) {
		u64 expected = before[i];

		if (i == VMBC_STAT_MSGS || i == c->counter)
			expected++;
		KUNIT_EXPECT_EQ_MSG(test, vmbc_connection_stat(f->conn, i), expected,
				    "counter %d", i);
	}
	KUNIT_EXPECT_PTR_EQ(test, channel_at(f, BASE_RELID), base);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(base->rescind));
	KUNIT_EXPECT_NOT_NULL(test, base->device_obj);
	KUNIT_EXPECT_EQ(test, vmbc_test_primaries(f->conn), 1);
	KUNIT_EXPECT_TRUE(test, vmbc_test_connected(f->conn));
	KUNIT_EXPECT_EQ(test, vmbc_test_channels_alive(), f->alive + 1);
}

static struct kunit_case offer_cases[] = {
	KUNIT_CASE(offer_creates_a_primary_channel_and_device),
	KUNIT_CASE(offer_links_a_sub_channel_to_its_primary),
	KUNIT_CASE(offer_before_connect_is_there_when_connect_returns),
	KUNIT_CASE(offer_rescind_removes_device_and_releases_relid),
	KUNIT_CASE(offer_relid_is_reusable_after_release),
	KUNIT_CASE(offer_same_guid_on_two_connections),
	KUNIT_CASE_PARAM(offer_rejects_malformed_messages,
			 bad_msg_gen_params),
	{}
};

static struct kunit_suite offer_suite = {
	.name = "vmbc_offer",
	.init = offer_test_init,
	.test_cases = offer_cases,
};

/* The same cases, through the Hyper-V transport over the fake hypervisor. */
static struct kunit_suite offer_hyperv_suite = {
	.name = "vmbc_offer_hyperv",
	.init = offer_test_init,
	.test_cases = offer_cases,
	.suite_init = kt_use_hyperv,
	.suite_exit = kt_use_sim,
};

kunit_test_suites(&offer_suite, &offer_hyperv_suite);
