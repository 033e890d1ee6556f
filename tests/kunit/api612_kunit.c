// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the Linux 6.12 dialect, as Linux's own drivers use it. This file
 * is built with VMBC_API=612 and includes vmbc's <linux/hyperv.h>, as
 * those drivers are (scripts/linux-drivers.sh): a remove() that returns
 * void, struct vmbus_gpadl, vmbus_prep_negotiate_resp() with a buffer
 * length, the request-id calls, the ring helpers and the CPU-change
 * callback.
 */
#include <kunit/test.h>
#include <linux/slab.h>

#include "../../include/compat/linux/hyperv.h"
#include "sim_helpers.h"

#if VMBC_API != 612
#error "built with VMBC_API=612 (Kbuild)"
#endif

#define A6_WAIT_MS	5000

/*
 * struct vmbus_gpadl: filled on success, its handle zeroed by the
 * teardown; a teardown the host never confirms marks the buffer
 * "decrypted", which is what 6.12's drivers check before freeing it.
 */
static void api612_gpadl_struct(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbus_channel *channel;
	struct vmbus_gpadl gpadl;
	void *buf;

	channel = kt_offer_echo(test, sim, kt_guid(3, 1), NULL);
	KUNIT_ASSERT_EQ(test, vmbus_open(channel, 2 * PAGE_SIZE,
					 2 * PAGE_SIZE, NULL, 0, kt_quiet_cb,
					 NULL), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_close_action,
							channel), 0);
	buf = kunit_kzalloc(test, 3 * PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	buf = PTR_ALIGN(buf, PAGE_SIZE);

	KUNIT_ASSERT_EQ(test, vmbus_establish_gpadl(channel, buf, PAGE_SIZE,
						    &gpadl), 0);
	KUNIT_EXPECT_NE(test, gpadl.gpadl_handle, 0);
	KUNIT_EXPECT_PTR_EQ(test, gpadl.buffer, buf);
	KUNIT_EXPECT_EQ(test, gpadl.size, PAGE_SIZE);
	KUNIT_EXPECT_FALSE(test, gpadl.decrypted);
	KUNIT_EXPECT_EQ(test, vmbus_teardown_gpadl(channel, &gpadl), 0);
	KUNIT_EXPECT_EQ(test, gpadl.gpadl_handle, 0);
	KUNIT_EXPECT_FALSE(test, gpadl.decrypted);

	/* the host keeps the buffer: the driver must leak it */
	KUNIT_ASSERT_EQ(test, vmbus_establish_gpadl(channel, buf, PAGE_SIZE,
						    &gpadl), 0);
	vmbc_sim_set_fault(sim, VMBC_SIM_DROP_RESPONSE,
			   CHANNELMSG_GPADL_TORNDOWN, 1);
	vmbc_test_set_timeout(vmbc_sim_connection(sim), KT_SHORT_TIMEOUT_MS);
	KUNIT_EXPECT_NE(test, vmbus_teardown_gpadl(channel, &gpadl), 0);
	KUNIT_EXPECT_NE(test, gpadl.gpadl_handle, 0);
	KUNIT_EXPECT_TRUE(test, gpadl.decrypted);
	/* a refused establishment leaves no handle and the buffer free */
	vmbc_sim_set_fault(sim, VMBC_SIM_FAIL_RESPONSE,
			   CHANNELMSG_GPADL_CREATED, 1);
	KUNIT_EXPECT_EQ(test, vmbus_establish_gpadl(channel, buf + PAGE_SIZE,
						    PAGE_SIZE, &gpadl), -EIO);
	KUNIT_EXPECT_EQ(test, gpadl.gpadl_handle, 0);
	KUNIT_EXPECT_FALSE(test, gpadl.decrypted);
	vmbc_sim_set_fault(sim, VMBC_SIM_FAIL_RESPONSE,
			   CHANNELMSG_GPADL_CREATED, 0);
}

static const int a6_fw[] = { 3 << 16, 1 << 16 };
static const int a6_srv[] = { 4 << 16, 3 << 16 };

/* A NEGOTIATE in @buf offering @nfw framework and @nmsg versions. */
static u32 a6_negotiate(u8 *buf, u16 nfw, u16 nmsg)
{
	struct icmsg_negotiate *neg = (void *)(buf + ICMSG_HDR);
	struct ic_version *v = (void *)(buf + ICMSG_HDR +
					offsetof(struct icmsg_negotiate,
						 icversion_data));
	u16 i;

	neg->icframe_vercnt = nfw;
	neg->icmsg_vercnt = nmsg;
	for (i = 0; i < nfw + nmsg; i++) {
		v[i].major = i < nfw ? 3 : 4;
		v[i].minor = 0;
	}
	return ICMSG_NEGOTIATE_PKT_SIZE(nfw, nmsg);
}

/*
 * 6.12's vmbus_prep_negotiate_resp() takes the packet's length and reads
 * no version past it; too short a buffer for the answer is left alone.
 */
static void api612_prep_negotiate_resp_bounds(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	struct icmsg_hdr *hdr;
	struct ic_version *v;
	int fw, srv;
	u32 len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	hdr = (void *)(buf + sizeof(struct vmbuspipe_hdr));
	v = (void *)(buf + ICMSG_HDR + offsetof(struct icmsg_negotiate,
						icversion_data));

	len = a6_negotiate(buf, 1, 1);
	KUNIT_EXPECT_TRUE(test, vmbus_prep_negotiate_resp(hdr, buf, len, a6_fw,
							  2, a6_srv, 2, &fw,
							  &srv));
	KUNIT_EXPECT_EQ(test, fw, 3 << 16);
	KUNIT_EXPECT_EQ(test, srv, 4 << 16);
	KUNIT_EXPECT_EQ(test, v[1].major, 4);

	/* counts that run past the packet: no common version */
	len = a6_negotiate(buf, 2, 2);
	KUNIT_EXPECT_FALSE(test, vmbus_prep_negotiate_resp(hdr, buf, len - 4,
							   a6_fw, 2, a6_srv,
							   2, &fw, &srv));
	KUNIT_EXPECT_EQ(test, srv, 0);
	/* more versions than Linux takes (100) */
	len = a6_negotiate(buf, 101, 1);
	KUNIT_EXPECT_FALSE(test, vmbus_prep_negotiate_resp(hdr, buf, len,
							   a6_fw, 2, a6_srv,
							   2, NULL, NULL));
	/* no room for the answer: nothing written */
	len = a6_negotiate(buf, 1, 1);
	v[0].major = 0x77;
	KUNIT_EXPECT_FALSE(test, vmbus_prep_negotiate_resp(hdr, buf,
							   ICMSG_HDR + 4,
							   a6_fw, 2, a6_srv,
							   2, NULL, NULL));
	KUNIT_EXPECT_EQ(test, v[0].major, 0x77);
}

/* A 6.12 driver: remove() returns nothing. */
static atomic_t a6_probed, a6_removed;

static int a6_probe(struct hv_device *dev, const struct hv_vmbus_device_id *id)
{
	atomic_inc(&a6_probed);
	return 0;
}

static void a6_remove(struct hv_device *dev)
{
	atomic_inc(&a6_removed);
}

static const struct hv_vmbus_device_id a6_ids[] = {
	{ .guid = GUID_INIT(0x6b756e69, 0x7401, 612, 0x80, 0x00, 0x00, 0x00,
			    0x00, 0x00, 0x00, 0x01) },
	{ },
};

static struct hv_driver a6_driver = {
	.name = "vmbc_kunit_612",
	.id_table = a6_ids,
	.probe = a6_probe,
	.remove = a6_remove,
};

/* The core calls a 6.12 driver's remove() as it is declared. */
static void api612_remove_returns_void(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device dev = {
		.class_id = a6_ids[0].guid,
		.instance_id = kt_guid(3, 2),
	};
	u32 relid;

	atomic_set(&a6_probed, 0);
	atomic_set(&a6_removed, 0);
	KUNIT_ASSERT_EQ(test, vmbus_driver_register(&a6_driver), 0);
	KUNIT_EXPECT_EQ(test, a6_driver.vmbc_api, 612);
	kt_offer_dev(test, sim, &dev, &relid);
	KUNIT_EXPECT_EQ(test, atomic_read(&a6_probed), 1);
	/* the device goes: remove() once */
	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(sim, relid), 0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, atomic_read(&a6_removed), 1);
	/* and once more for a device the driver leaves with */
	kt_offer_dev(test, sim, &dev, NULL);
	KUNIT_EXPECT_EQ(test, atomic_read(&a6_probed), 2);
	vmbus_driver_unregister(&a6_driver);
	KUNIT_EXPECT_EQ(test, atomic_read(&a6_removed), 2);
}

/*
 * The ring helpers 6.12's drivers inline read through the core: an empty
 * ring has everything to write, nothing to read; the request-id calls
 * hand the driver's cookie back (the core owns the real table).
 */
static void api612_ring_helpers_and_request_ids(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbus_channel *channel;
	u64 cookie = (u64)(uintptr_t)test;
	u64 trans_id = 0;
	u8 payload[16] = {};
	/* a class no model plays: the host reads and drops what it gets */
	struct vmbc_sim_device dev = {
		.class_id = kt_guid(1, 40),
		.instance_id = kt_guid(3, 3),
	};

	channel = kt_offer_dev(test, sim, &dev, NULL);
	KUNIT_ASSERT_EQ(test, vmbus_open(channel, VMBUS_RING_SIZE(4096),
					 VMBUS_RING_SIZE(4096), NULL, 0,
					 kt_quiet_cb, NULL), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_close_action,
							channel), 0);
	KUNIT_EXPECT_EQ(test, hv_get_bytes_to_read(&channel->inbound), 0);
	KUNIT_EXPECT_EQ(test, hv_get_bytes_to_write(&channel->outbound),
			channel->outbound.ring_datasize);
	/* as in Linux, the header page counts in the size: 4 KiB of 8 */
	KUNIT_EXPECT_EQ(test,
			hv_get_avail_to_write_percent(&channel->outbound), 50);
	KUNIT_EXPECT_FALSE(test, is_sub_channel(channel));
	KUNIT_EXPECT_FALSE(test, is_hvsock_channel(channel));

	KUNIT_EXPECT_EQ(test, vmbus_next_request_id(channel, cookie), cookie);
	KUNIT_EXPECT_EQ(test, vmbus_request_addr(channel, cookie), cookie);
	KUNIT_EXPECT_EQ(test, vmbus_request_addr_match(channel, cookie,
						       cookie), cookie);
	KUNIT_EXPECT_EQ(test, vmbus_request_addr_match(channel, cookie,
						       cookie + 1),
			VMBUS_RQST_ERROR);
	KUNIT_EXPECT_EQ(test, vmbus_request_addr_match(channel, cookie,
						       VMBUS_RQST_ADDR_ANY),
			cookie);
	KUNIT_EXPECT_EQ(test, vmbus_sendpacket_getid(channel, payload,
						     sizeof(payload), cookie,
						     &trans_id,
						     VM_PKT_DATA_INBAND, 0), 0);
	KUNIT_EXPECT_EQ(test, trans_id, cookie);
	vmbc_sim_flush(sim);
}

/* storvsc's view of a CPU change: old and new, once per move. */
static atomic_t a6_moves;
static u32 a6_old, a6_new;

static void a6_cpu_changed(struct vmbus_channel *channel, u32 old, u32 new)
{
	a6_old = old;
	a6_new = new;
	atomic_inc(&a6_moves);
}

static void api612_change_target_cpu_callback(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim;
	struct vmbus_channel *channel;
	u32 from;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	sim = kt_sim_start(test, &cfg);
	channel = kt_offer_echo(test, sim, kt_guid(3, 4), NULL);
	atomic_set(&a6_moves, 0);
	channel->change_target_cpu_callback = a6_cpu_changed;
	KUNIT_ASSERT_EQ(test, vmbus_open(channel, 2 * PAGE_SIZE,
					 2 * PAGE_SIZE, NULL, 0, kt_quiet_cb,
					 NULL), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_close_action,
							channel), 0);
	from = channel->target_cpu;
	KUNIT_ASSERT_EQ(test, vmbc_channel_set_cpu(channel, !from), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&a6_moves), 1);
	KUNIT_EXPECT_EQ(test, a6_old, from);
	KUNIT_EXPECT_EQ(test, a6_new, !from);
	/* no move, no call */
	KUNIT_ASSERT_EQ(test, vmbc_channel_set_cpu(channel, !from), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&a6_moves), 1);
}

/* storvsc's request ids: a tag + 1 of its own, VMBUS_RQST_INIT for init. */
static u64 a6_request_id(struct vmbus_channel *channel, u64 rqst_addr)
{
	return rqst_addr == VMBUS_RQST_INIT ? VMBUS_RQST_INIT : rqst_addr + 7;
}

/* A driver's id callback that has no id left (storvsc's, all tags used). */
static u64 a6_no_request_id(struct vmbus_channel *channel, u64 rqst_addr)
{
	return VMBUS_RQST_ERROR;
}

/* The last packet the echo host sent, as the driver read it. */
struct a6_reader {
	struct vmbus_channel *channel;
	u8 buf[128];
	u32 len;
	u64 rid;
	int packets;
};

static void a6_read_cb(void *context)
{
	struct a6_reader *r = context;
	u32 len;
	u64 rid;

	while (!vmbus_recvpacket(r->channel, r->buf, sizeof(r->buf), &len,
				 &rid) && len) {
		r->len = len;
		r->rid = rid;
		r->packets++;
	}
}

/* Wait for the echo host's answer; 0 once one more packet was read. */
static int a6_recv(struct vmbc_sim *sim, struct a6_reader *r)
{
	int before = r->packets;

	vmbc_sim_flush(sim);
	return r->packets == before + 1 ? 0 : -ENODATA;
}

/*
 * A driver that names its requests through next_request_id_callback
 * (storvsc) reads back what the callback made of its cookie, as Linux's
 * raw trans_id; getid says so beforehand. Without the callback, the
 * cookie itself comes back. A callback with no id left fails the send.
 */
static void api612_driver_request_ids(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbus_channel *channel;
	u8 payload[16] = { 1, 2, 3 };
	struct a6_reader *r;
	u64 trans_id = 0;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	channel = kt_offer_echo(test, sim, kt_guid(3, 6), NULL);
	r->channel = channel;
	KUNIT_ASSERT_EQ(test, vmbus_open(channel, 2 * PAGE_SIZE,
					 2 * PAGE_SIZE, NULL, 0, a6_read_cb,
					 r), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_close_action,
							channel), 0);
	channel->next_request_id_callback = a6_request_id;
	KUNIT_ASSERT_EQ(test, vmbus_sendpacket_getid(channel, payload,
						     sizeof(payload), 100,
						     &trans_id,
						     VM_PKT_DATA_INBAND,
						     VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED),
			0);
	KUNIT_EXPECT_EQ(test, trans_id, 107);
	KUNIT_ASSERT_EQ(test, a6_recv(sim, r), 0);
	KUNIT_EXPECT_EQ(test, r->rid, 107);
	KUNIT_ASSERT_EQ(test, vmbus_sendpacket(channel, payload,
					       sizeof(payload), VMBUS_RQST_INIT,
					       VM_PKT_DATA_INBAND,
					       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED),
			0);
	KUNIT_ASSERT_EQ(test, a6_recv(sim, r), 0);
	KUNIT_EXPECT_EQ(test, r->rid, VMBUS_RQST_INIT);

	channel->next_request_id_callback = NULL;
	KUNIT_ASSERT_EQ(test, vmbus_sendpacket(channel, payload,
					       sizeof(payload), 100,
					       VM_PKT_DATA_INBAND,
					       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED),
			0);
	KUNIT_ASSERT_EQ(test, a6_recv(sim, r), 0);
	KUNIT_EXPECT_EQ(test, r->rid, 100);

	/* no id: the send fails with -EAGAIN, and nothing reaches the host */
	channel->next_request_id_callback = a6_no_request_id;
	KUNIT_EXPECT_EQ(test, vmbus_sendpacket(channel, payload,
					       sizeof(payload), 100,
					       VM_PKT_DATA_INBAND,
					       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, a6_recv(sim, r), -ENODATA);
	/* a packet that asks for no completion needs no id */
	KUNIT_EXPECT_EQ(test, vmbus_sendpacket(channel, payload,
					       sizeof(payload), 0,
					       VM_PKT_DATA_INBAND, 0), 0);
	KUNIT_EXPECT_EQ(test, a6_recv(sim, r), 0);
	channel->next_request_id_callback = NULL;
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/*
 * 6.12's multi-page-buffer send keeps the caller's range count (netvsc
 * sends one range per page buffer): the echo host reads both ranges.
 */
static void api612_mpb_desc_ranges(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	/* the first range's PFN, the second range's header and PFN */
	struct {
		struct vmbus_packet_mpb_array d;
		u64 more[3];
	} mpb = {};
	struct vmbc_echo_gpa_reply *reply;
	struct hv_mpb_array *second;
	struct vmbus_channel *channel;
	struct a6_reader *r;
	u8 *page;

	page = kunit_kzalloc(test, PAGE_SIZE, GFP_KERNEL);
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_NOT_NULL(test, r);
	memset(page, 1, PAGE_SIZE);
	channel = kt_offer_echo(test, sim, kt_guid(3, 7), NULL);
	r->channel = channel;
	KUNIT_ASSERT_EQ(test, vmbus_open(channel, 2 * PAGE_SIZE,
					 2 * PAGE_SIZE, NULL, 0, a6_read_cb,
					 r), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_close_action,
							channel), 0);
	/* 10 bytes at 100, then 20 bytes at 200 of the same page */
	mpb.d.range.offset = 100;
	mpb.d.range.len = 10;
	mpb.d.range.pfn_array[0] = virt_to_hvpfn(page);
	second = (struct hv_mpb_array *)&mpb.d.range.pfn_array[1];
	second->offset = 200;
	second->len = 20;
	second->pfn_array[0] = virt_to_hvpfn(page);
	mpb.d.rangecount = 2;
	KUNIT_ASSERT_EQ(test, vmbus_sendpacket_mpb_desc(channel, &mpb.d,
							sizeof(mpb), NULL, 0,
							5), 0);
	KUNIT_ASSERT_EQ(test, a6_recv(sim, r), 0);
	KUNIT_ASSERT_GE(test, r->len, (u32)sizeof(*reply));
	reply = (void *)r->buf;
	KUNIT_EXPECT_EQ(test, reply->ranges, 2);
	KUNIT_EXPECT_EQ(test, reply->bytes, 30);
	KUNIT_EXPECT_EQ(test, reply->sum, 30);
	KUNIT_EXPECT_EQ(test, r->rid, 5);
	mpb.d.rangecount = 0;
	KUNIT_EXPECT_EQ(test, vmbus_sendpacket_mpb_desc(channel, &mpb.d,
							sizeof(mpb), NULL, 0,
							5), -EINVAL);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

static struct kunit_case api612_cases[] = {
	KUNIT_CASE(api612_gpadl_struct),
	KUNIT_CASE(api612_prep_negotiate_resp_bounds),
	KUNIT_CASE(api612_remove_returns_void),
	KUNIT_CASE(api612_ring_helpers_and_request_ids),
	KUNIT_CASE(api612_change_target_cpu_callback),
	KUNIT_CASE(api612_driver_request_ids),
	KUNIT_CASE(api612_mpb_desc_ranges),
	{}
};

static struct kunit_suite api612_suite = {
	.name = "vmbc_api612",
	.test_cases = api612_cases,
};

kunit_test_suite(api612_suite);
