// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a randomized hostile-host soak. For a bounded time the host does
 * everything a host can do, in random order and with random values:
 * offers (duplicates, sub-channels, busy relids), rescinds, messages of
 * every channel message type with mutated lengths and fields, responses
 * lost, late or twice, rings rewritten with garbage, signals for any
 * relid; while a driver opens, uses and closes what it is offered.
 *
 * Nothing may crash, hang or warn (KASAN, UBSAN and lockdep watch in the
 * debug flavours), and when the host goes away every channel is freed.
 * The seed is printed: vmbc_kunit.soak_seed=N repeats a run, and
 * vmbc_kunit.soak_ms=N sets its length (make fuzz runs it long).
 */
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "sim_helpers.h"

static unsigned int soak_ms = 2000;
module_param(soak_ms, uint, 0444);
MODULE_PARM_DESC(soak_ms, "Length of the hostile-host soak in ms (default 2000)");

static unsigned int soak_seed;
module_param(soak_seed, uint, 0444);
MODULE_PARM_DESC(soak_seed, "Seed of the hostile-host soak (default: random)");

/* Relids the soak plays with: few, so that they collide. */
#define SK_RELIDS	24
#define SK_INSTANCES	12

#define SK_HEARTBEAT_CLASS \
	GUID_INIT(0x57164f39, 0x9115, 0x4e78, 0xab, 0x55, 0x38, 0x2f, 0x3b, \
		  0xd5, 0x42, 0x2d)

static const guid_t sk_classes[] = {
	VMBC_ECHO_CLASS_GUID,
	SK_HEARTBEAT_CLASS,
	GUID_INIT(0x6b756e69, 0x74fe, 0x0001, 0x80, 0x00, 0x00, 0x00, 0x00,
		  0x00, 0x00, 0x01),
};

static const struct hv_vmbus_device_id sk_ids[] = {
	{ .guid = VMBC_ECHO_CLASS_GUID },
	{ .guid = SK_HEARTBEAT_CLASS },
	{ .guid = GUID_INIT(0x6b756e69, 0x74fe, 0x0001, 0x80, 0x00, 0x00,
			    0x00, 0x00, 0x00, 0x00, 0x01) },
	{ }
};

struct sk_counts {
	unsigned int actions;
	unsigned int offers;
	unsigned int rescinds;
	unsigned int messages;
	unsigned int corruptions;
	unsigned int signals;
	unsigned int faults;
	unsigned int sends;
	unsigned int opens;
};

static struct sk_counts sk_counts;

/* Relids the driver has opened (and maybe closed since): worth hitting. */
static DECLARE_BITMAP(sk_opened, SK_RELIDS + 1);

/* The driver: read everything, answer nothing, open sub-channels. */
static void sk_callback(void *context)
{
	struct vmbus_channel *channel = context;
	struct vmpacket_descriptor *desc;

	for (desc = hv_pkt_iter_first(channel); desc;
	     desc = hv_pkt_iter_next(channel, desc))
		;
}

static int sk_open(struct vmbus_channel *channel)
{
	int ret = vmbus_open(channel, 4 * PAGE_SIZE, 4 * PAGE_SIZE, NULL, 0,
			     sk_callback, channel);

	if (!ret) {
		sk_counts.opens++;
		if (channel->offermsg.child_relid <= SK_RELIDS)
			set_bit(channel->offermsg.child_relid, sk_opened);
	}
	return ret;
}

static void sk_subchannel(struct vmbus_channel *sc)
{
	sk_open(sc);
}

static int sk_probe(struct hv_device *dev, const struct hv_vmbus_device_id *id)
{
	vmbus_set_sc_create_callback(dev->channel, sk_subchannel);
	sk_open(dev->channel);
	return 0;
}

static int sk_remove(struct hv_device *dev)
{
	vmbus_close(dev->channel);
	return 0;
}

static struct hv_driver sk_driver = {
	.name = "vmbc_kunit_soak",
	.id_table = sk_ids,
	.probe = sk_probe,
	.remove = sk_remove,
};

static void sk_driver_unregister(void *drv)
{
	vmbus_driver_unregister(drv);
}

struct sk_state {
	struct kunit *test;
	struct vmbc_sim *sim;
	struct vmbc_connection *conn;
	struct rnd_state rnd;
};

static u32 sk_rand(struct sk_state *s, u32 n)
{
	return n ? prandom_u32_state(&s->rnd) % n : 0;
}

/* A relid the driver opened, most of the time; any other, else. */
static u32 sk_pick_relid(struct sk_state *s)
{
	u32 relid = 1 + sk_rand(s, SK_RELIDS);
	u32 opened;

	if (!sk_rand(s, 4))
		return relid;
	opened = find_next_bit(sk_opened, SK_RELIDS + 1, relid);
	if (opened > SK_RELIDS)
		opened = find_first_bit(sk_opened, SK_RELIDS + 1);
	return opened <= SK_RELIDS ? opened : relid;
}

static void sk_offer(struct sk_state *s)
{
	struct vmbc_sim_device dev = {
		.class_id = sk_classes[sk_rand(s, ARRAY_SIZE(sk_classes))],
		.instance_id = kt_guid(6, sk_rand(s, SK_INSTANCES)),
		.relid = sk_rand(s, 3) ? 0 : 1 + sk_rand(s, SK_RELIDS),
		.sub_channel_index = sk_rand(s, 3) ? 0 : 1 + sk_rand(s, 2),
		.monitor_allocated = sk_rand(s, 2),
		.dedicated_interrupt = sk_rand(s, 2),
	};

	if (vmbc_sim_add_device(s->sim, &dev) > 0)
		sk_counts.offers++;
}

static void sk_rescind(struct sk_state *s)
{
	if (!vmbc_sim_remove_device(s->sim, 1 + sk_rand(s, SK_RELIDS)))
		sk_counts.rescinds++;
}

/* A message of any type, its fields near what they should be, mutated. */
static void sk_message(struct sk_state *s)
{
	u8 msg[HV_MESSAGE_PAYLOAD_BYTE_COUNT] = {};
	u32 type = sk_rand(s, CHANNELMSG_COUNT + 2);
	u32 size = sk_rand(s, 4) ? 8 + 4 * sk_rand(s, 48) :
			sk_rand(s, sizeof(msg) + 1);
	u8 payload_size = sk_rand(s, 8) ? size : sk_rand(s, 256);
	u32 i, flips;

	((struct vmbus_channel_message_header *)msg)->msgtype = type;
	/* relids, handles, ids: small numbers that hit something */
	for (i = 8; i + 4 <= sizeof(msg); i += 4)
		*(u32 *)(msg + i) = sk_rand(s, 2) ? 1 + sk_rand(s, SK_RELIDS) :
				    prandom_u32_state(&s->rnd);
	if (type == CHANNELMSG_OFFERCHANNEL) {
		struct vmbus_channel_offer_channel *o = (void *)msg;

		o->offer.if_type = sk_classes[sk_rand(s, ARRAY_SIZE(sk_classes))];
		o->offer.if_instance = kt_guid(6, sk_rand(s, SK_INSTANCES));
		o->offer.sub_channel_index = sk_rand(s, 3);
		o->child_relid = sk_rand(s, SK_RELIDS + 2);
		o->monitorid = sk_rand(s, 140);
		o->monitor_allocated = sk_rand(s, 2);
		o->connection_id = o->child_relid;
	}
	for (flips = sk_rand(s, 4); flips; flips--)
		msg[sk_rand(s, sizeof(msg))] ^= 1 << sk_rand(s, 8);
	if (!vmbc_sim_inject(s->sim, msg, min_t(u32, size, sizeof(msg)),
			     payload_size))
		sk_counts.messages++;
}

/* Garbage in an open channel's inbound ring: header or packet bytes. */
static void sk_corrupt(struct sk_state *s)
{
	u32 relid = sk_pick_relid(s);
	struct vmbus_channel *channel;
	struct hv_ring_buffer *rb;

	channel = vmbc_test_channel_get_at(s->conn, relid);
	if (!channel)
		return;
	/*
	 * open_lock: the rings stay mapped while we write. Not waited for:
	 * an open or close may hold it for a lost answer's timeout.
	 */
	if (!mutex_trylock(&channel->open_lock)) {
		vmbc_test_channel_put(channel);
		return;
	}
	if (READ_ONCE(channel->state) == CHANNEL_OPENED_STATE) {
		rb = channel->inbound.ring_buffer;
		switch (sk_rand(s, 4)) {
		case 0:
			WRITE_ONCE(rb->write_index, prandom_u32_state(&s->rnd));
			break;
		case 1:
			WRITE_ONCE(rb->write_index,
				   8 * sk_rand(s, channel->inbound.ring_datasize / 8));
			break;
		case 2:
			WRITE_ONCE(rb->pending_send_sz,
				   prandom_u32_state(&s->rnd));
			break;
		default:
			channel->inbound.ring_data[sk_rand(s, channel->inbound.ring_datasize)] =
				prandom_u32_state(&s->rnd);
			break;
		}
		sk_counts.corruptions++;
	}
	mutex_unlock(&channel->open_lock);
	vmbc_sim_signal(s->sim, relid, channel->target_cpu);
	vmbc_test_channel_put(channel);
}

/* A packet from the guest side, on whatever channel is open. */
static void sk_send(struct sk_state *s)
{
	u32 relid = sk_pick_relid(s);
	struct vmbus_channel *channel;
	u8 payload[32] = {};

	channel = vmbc_test_channel_get_at(s->conn, relid);
	if (!channel)
		return;
	if (!vmbus_sendpacket(channel, payload, 1 + sk_rand(s, sizeof(payload)),
			      sk_rand(s, 100), VM_PKT_DATA_INBAND,
			      sk_rand(s, 2) ?
			      VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED : 0))
		sk_counts.sends++;
	vmbc_test_channel_put(channel);
}

static void sk_fault(struct sk_state *s)
{
	static const u32 responses[] = {
		CHANNELMSG_OPENCHANNEL_RESULT, CHANNELMSG_GPADL_CREATED,
		CHANNELMSG_GPADL_TORNDOWN, CHANNELMSG_OFFERCHANNEL,
		CHANNELMSG_RESCIND_CHANNELOFFER,
		CHANNELMSG_MODIFYCHANNEL_RESPONSE,
	};
	u32 type = responses[sk_rand(s, ARRAY_SIZE(responses))];

	switch (sk_rand(s, 4)) {
	case 0:
		vmbc_sim_set_fault(s->sim, VMBC_SIM_DROP_RESPONSE, type, 1);
		break;
	case 1:
		vmbc_sim_set_fault(s->sim, VMBC_SIM_DUPLICATE_RESPONSE, type, 1);
		break;
	case 2:
		vmbc_sim_set_fault(s->sim, VMBC_SIM_DELAY_RESPONSE, type,
				   sk_rand(s, 2) ? 0 : sk_rand(s, 20));
		break;
	default:
		vmbc_sim_set_fault(s->sim, VMBC_SIM_POST_BUSY, 0, sk_rand(s, 3));
		break;
	}
	sk_counts.faults++;
}

static void soak_hostile_host(struct kunit *test)
{
	struct vmbc_sim_config cfg = { .heartbeat_ms = 20, .no_connect = true };
	int alive = vmbc_test_channels_alive();
	int pages = vmbc_test_ring_pages_alive();
	struct sk_state s = { .test = test };
	unsigned long end;
	u32 seed = soak_seed ?: get_random_u32();
	int ret;

	prandom_seed_state(&s.rnd, seed);
	memset(&sk_counts, 0, sizeof(sk_counts));
	bitmap_zero(sk_opened, SK_RELIDS + 1);
	KUNIT_ASSERT_EQ(test, vmbus_driver_register(&sk_driver), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							sk_driver_unregister,
							&sk_driver), 0);
	s.sim = kt_sim_start(test, &cfg);
	s.conn = vmbc_sim_connection(s.sim);
	/* lost answers cost this much each, not the default seconds */
	vmbc_test_set_timeout(s.conn, 100);
	ret = vmbc_connection_connect(s.conn);
	KUNIT_EXPECT_EQ(test, ret, 0);

	kunit_info(test, "seed %u, %u ms", seed, soak_ms);
	end = jiffies + msecs_to_jiffies(soak_ms);
	while (time_before(jiffies, end)) {
		/* a flush now and then: everything so far has landed */
		switch (sk_rand(&s, 256) ? sk_rand(&s, 64) : 64) {
		case 0 ... 9:
			sk_offer(&s);
			break;
		case 10 ... 15:
			sk_rescind(&s);
			break;
		case 16 ... 31:
			sk_message(&s);
			break;
		case 32 ... 37:
			sk_corrupt(&s);
			break;
		case 38 ... 45:
			vmbc_sim_signal(s.sim, sk_rand(&s, SK_RELIDS + 8),
					cpumask_any(cpu_online_mask));
			sk_counts.signals++;
			break;
		case 46 ... 47:
			sk_fault(&s);
			break;
		case 48 ... 63:
			sk_send(&s);
			break;
		default:
			vmbc_sim_flush(s.sim);
			break;
		}
		sk_counts.actions++;
		cond_resched();
	}
	vmbc_sim_set_fault(s.sim, VMBC_SIM_POST_BUSY, 0, 0);
	vmbc_sim_flush(s.sim);
	kunit_release_action(test, kt_sim_destroy_action, s.sim);

	kunit_info(test, "%u actions: %u offers, %u rescinds, %u messages, %u ring corruptions, %u signals, %u faults, %u sends, %u opens",
		   sk_counts.actions, sk_counts.offers, sk_counts.rescinds,
		   sk_counts.messages, sk_counts.corruptions, sk_counts.signals,
		   sk_counts.faults, sk_counts.sends, sk_counts.opens);
	/* the host is gone: so is every channel, and every live ring page */
	KUNIT_EXPECT_EQ(test, vmbc_test_channels_alive(), alive);
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_alive(), pages);
	KUNIT_EXPECT_GT(test, sk_counts.actions, 100);
}

static struct kunit_case soak_cases[] = {
	KUNIT_CASE_SLOW(soak_hostile_host),
	{}
};

static struct kunit_suite soak_suite = {
	.name = "vmbc_soak",
	.test_cases = soak_cases,
};

kunit_test_suite(soak_suite);
