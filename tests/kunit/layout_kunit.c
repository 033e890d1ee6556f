// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the wire layouts and the seed struct, checked at run time.
 *
 * protocol.h pins the same facts at compile time; this suite shows them
 * in the test report and checks what a compile-time assertion cannot:
 * that bytes written at the protocol's offsets read back through the
 * structs, and that struct vmbus_channel keeps the seed's field order.
 */
#include <kunit/test.h>
#include <linux/stddef.h>

#include <vmbc/protocol.h>
#include <vmbc/synic.h>
#include <vmbc/vmbus.h>

struct layout_case {
	const char *name;
	size_t actual;
	size_t expected;
};

#define SIZE_CASE(type, size) { "sizeof " #type, sizeof(type), size }
#define OFF_CASE(type, member, off) \
	{ #type "." #member, offsetof(type, member), off }

static const struct layout_case wire_cases[] = {
	SIZE_CASE(struct hv_message, 256),
	OFF_CASE(struct hv_message, header.payload_size, 4),
	OFF_CASE(struct hv_message, header.message_flags, 5),
	OFF_CASE(struct hv_message, payload, 16),
	SIZE_CASE(struct hv_input_post_message, 256),
	OFF_CASE(struct hv_input_post_message, payload, 16),
	SIZE_CASE(struct hv_monitor_page, 4096),
	OFF_CASE(struct hv_monitor_page, trigger_group, 8),
	OFF_CASE(struct hv_monitor_page, latency, 0x240),
	OFF_CASE(struct hv_monitor_page, parameter, 0x440),
	SIZE_CASE(struct vmbus_channel_message_header, 8),
	SIZE_CASE(struct vmbus_channel_initiate_contact, 40),
	OFF_CASE(struct vmbus_channel_initiate_contact, msg_sint, 16),
	OFF_CASE(struct vmbus_channel_initiate_contact, monitor_page2, 32),
	SIZE_CASE(struct vmbus_channel_version_response, 16),
	OFF_CASE(struct vmbus_channel_version_response, msg_conn_id, 12),
	SIZE_CASE(struct vmbus_channel_offer_channel, 196),
	OFF_CASE(struct vmbus_channel_offer_channel, offer.if_instance, 24),
	OFF_CASE(struct vmbus_channel_offer_channel, offer.chn_flags, 56),
	OFF_CASE(struct vmbus_channel_offer_channel, offer.u.std.user_def, 60),
	OFF_CASE(struct vmbus_channel_offer_channel,
		 offer.sub_channel_index, 180),
	OFF_CASE(struct vmbus_channel_offer_channel, child_relid, 184),
	OFF_CASE(struct vmbus_channel_offer_channel, monitorid, 188),
	OFF_CASE(struct vmbus_channel_offer_channel, connection_id, 192),
	SIZE_CASE(struct vmbus_channel_rescind_offer, 12),
	SIZE_CASE(struct vmbus_channel_open_channel, 148),
	OFF_CASE(struct vmbus_channel_open_channel,
		 downstream_ringbuffer_pageoffset, 24),
	OFF_CASE(struct vmbus_channel_open_channel, userdata, 28),
	SIZE_CASE(struct vmbus_channel_open_result, 20),
	SIZE_CASE(struct vmbus_channel_close_channel, 12),
	SIZE_CASE(struct vmbus_channel_gpadl_header, 20),
	OFF_CASE(struct vmbus_channel_gpadl_header, range, 20),
	SIZE_CASE(struct vmbus_channel_gpadl_body, 16),
	SIZE_CASE(struct vmbus_channel_gpadl_created, 20),
	SIZE_CASE(struct vmbus_channel_gpadl_teardown, 16),
	SIZE_CASE(struct vmbus_channel_gpadl_torndown, 12),
	SIZE_CASE(struct vmbus_channel_relid_released, 12),
	SIZE_CASE(struct vmbus_channel_modifychannel, 16),
	SIZE_CASE(struct vmbus_channel_modifychannel_response, 16),
	SIZE_CASE(struct hv_ring_buffer, 4096),
	OFF_CASE(struct hv_ring_buffer, pending_send_sz, 12),
	OFF_CASE(struct hv_ring_buffer, feature_bits, 64),
	SIZE_CASE(struct vmpacket_descriptor, 16),
	OFF_CASE(struct vmpacket_descriptor, trans_id, 8),
	SIZE_CASE(struct vmtransfer_page_packet_header, 24),
	OFF_CASE(struct vmdata_gpa_direct, range, 24),
};

static void layout_case_desc(const struct layout_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(wire, wire_cases, layout_case_desc);

static void layout_wire_matches_protocol(struct kunit *test)
{
	const struct layout_case *c = test->param_value;

	KUNIT_EXPECT_EQ_MSG(test, c->actual, c->expected, "%s", c->name);
}

/* Bytes placed where the protocol says must read back through the struct. */
static void layout_offer_parses_from_wire_bytes(struct kunit *test)
{
	u8 *raw = kunit_kzalloc(test, HV_MESSAGE_PAYLOAD_BYTE_COUNT,
				GFP_KERNEL);
	const struct vmbus_channel_offer_channel *offer = (void *)raw;

	KUNIT_ASSERT_NOT_NULL(test, raw);
	raw[0] = CHANNELMSG_OFFERCHANNEL;
	raw[8] = 0xaa;		/* first byte of if_type */
	raw[24] = 0xbb;		/* first byte of if_instance */
	raw[180] = 3;		/* sub_channel_index */
	raw[184] = 0x34;	/* child_relid, little-endian 0x1234 */
	raw[185] = 0x12;
	raw[188] = 77;		/* monitorid */
	raw[189] = 0x01;	/* monitor_allocated */
	raw[190] = 0x01;	/* is_dedicated_interrupt */
	raw[192] = 0x21;	/* connection_id 0x4321 */
	raw[193] = 0x43;

	KUNIT_EXPECT_EQ(test, offer->header.msgtype, CHANNELMSG_OFFERCHANNEL);
	KUNIT_EXPECT_EQ(test, offer->offer.if_type.b[0], 0xaa);
	KUNIT_EXPECT_EQ(test, offer->offer.if_instance.b[0], 0xbb);
	KUNIT_EXPECT_EQ(test, offer->offer.sub_channel_index, 3);
	KUNIT_EXPECT_EQ(test, offer->child_relid, 0x1234);
	KUNIT_EXPECT_EQ(test, offer->monitorid, 77);
	KUNIT_EXPECT_EQ(test, (int)offer->monitor_allocated, 1);
	KUNIT_EXPECT_EQ(test, (int)offer->is_dedicated_interrupt, 1);
	KUNIT_EXPECT_EQ(test, offer->connection_id, 0x4321);
}

static void layout_descriptor_parses_from_wire_bytes(struct kunit *test)
{
	static const u8 raw[16] = {
		VM_PKT_DATA_INBAND, 0, 2, 0, 5, 0, 1, 0,
		0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
	};
	const struct vmpacket_descriptor *desc = (const void *)raw;

	KUNIT_EXPECT_EQ(test, desc->type, VM_PKT_DATA_INBAND);
	KUNIT_EXPECT_EQ(test, desc->offset8, 2);
	KUNIT_EXPECT_EQ(test, desc->len8, 5);
	KUNIT_EXPECT_EQ(test, desc->flags,
			VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
	KUNIT_EXPECT_EQ(test, desc->trans_id, 0x1122334455667788ULL);
}

/*
 * The seed's 45 fields, in the seed's order, by where each one ends. Ends
 * grow with the order; two equal ends mean an empty field (spinlock_t is
 * empty on a UP kernel without lock debugging).
 */
#define SEED_FIELD(f) { #f, offsetofend(struct vmbus_channel, f), 0 }

static const struct layout_case seed_fields[] = {
	SEED_FIELD(listentry), SEED_FIELD(device_obj), SEED_FIELD(state),
	SEED_FIELD(offermsg), SEED_FIELD(monitor_grp), SEED_FIELD(monitor_bit),
	SEED_FIELD(rescind), SEED_FIELD(rescind_event),
	SEED_FIELD(ringbuffer_gpadlhandle), SEED_FIELD(ringbuffer_page),
	SEED_FIELD(ringbuffer_pagecount), SEED_FIELD(ringbuffer_send_offset),
	SEED_FIELD(outbound), SEED_FIELD(inbound), SEED_FIELD(close_msg),
	SEED_FIELD(interrupts), SEED_FIELD(sig_events),
	SEED_FIELD(intr_out_empty), SEED_FIELD(out_full_flag),
	SEED_FIELD(callback_event), SEED_FIELD(onchannel_callback),
	SEED_FIELD(channel_callback_context), SEED_FIELD(callback_mode),
	SEED_FIELD(is_dedicated_interrupt), SEED_FIELD(sig_event),
	SEED_FIELD(target_vp), SEED_FIELD(target_cpu),
	SEED_FIELD(alloced_cpus_in_node), SEED_FIELD(numa_node),
	SEED_FIELD(sc_creation_callback), SEED_FIELD(chn_rescind_callback),
	SEED_FIELD(lock), SEED_FIELD(sc_list), SEED_FIELD(primary_channel),
	SEED_FIELD(per_channel_state), SEED_FIELD(percpu_list),
	SEED_FIELD(rcu), SEED_FIELD(kobj), SEED_FIELD(low_latency),
	SEED_FIELD(affinity_policy), SEED_FIELD(probe_done),
	SEED_FIELD(add_channel_work), SEED_FIELD(intr_in_full),
	SEED_FIELD(out_full_total), SEED_FIELD(out_full_first),
};

static void layout_seed_has_45_fields_in_order(struct kunit *test)
{
	size_t i;

	KUNIT_ASSERT_EQ(test, ARRAY_SIZE(seed_fields), 45);
	KUNIT_EXPECT_EQ(test, seed_fields[0].actual,
			sizeof(struct list_head));
	for (i = 1; i < ARRAY_SIZE(seed_fields); i++)
		KUNIT_EXPECT_GE_MSG(test, seed_fields[i].actual,
				    seed_fields[i - 1].actual,
				    "%s must follow %s", seed_fields[i].name,
				    seed_fields[i - 1].name);
}

static void layout_seed_embeds_the_wire_offer(struct kunit *test)
{
	struct vmbus_channel *channel;

	channel = kunit_kzalloc(test, sizeof(*channel), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, channel);
	KUNIT_EXPECT_EQ(test, sizeof(channel->offermsg),
			sizeof(struct vmbus_channel_offer_channel));
	KUNIT_EXPECT_EQ(test, sizeof(channel->close_msg.msg), 12);
}

static struct kunit_case layout_cases[] = {
	KUNIT_CASE_PARAM(layout_wire_matches_protocol, wire_gen_params),
	KUNIT_CASE(layout_offer_parses_from_wire_bytes),
	KUNIT_CASE(layout_descriptor_parses_from_wire_bytes),
	KUNIT_CASE(layout_seed_has_45_fields_in_order),
	KUNIT_CASE(layout_seed_embeds_the_wire_offer),
	{}
};

static struct kunit_suite layout_suite = {
	.name = "vmbc_layout",
	.test_cases = layout_cases,
};

kunit_test_suite(layout_suite);

MODULE_DESCRIPTION("KUnit suites for vmbc");
MODULE_LICENSE("GPL");
