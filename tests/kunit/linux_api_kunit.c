// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the parts of Linux's VMBus API beyond opening and sending, as
 * Linux's own drivers use them: rings allocated ahead of the open
 * (uio_hv_generic), the calls that name no channel (vmbus_onmessage(),
 * vmbus_request_offers(), vmbus_send_tl_connect_request()), the globals
 * that follow the default connection, a driver that keeps its device past
 * a rescind and removes it later, and vmbus_reset_channel_cb().
 */
#include <kunit/test.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "sim_helpers.h"
#include <vmbc/hv_private.h>

#define LA_WAIT_MS	5000

/* A channel callback that counts the packets it reads. */
struct la_rx {
	struct vmbus_channel *channel;
	atomic_t packets;
	atomic_t calls;
};

static void la_rx_callback(void *context)
{
	struct la_rx *rx = context;
	u8 buf[256];
	u32 len;
	u64 rid;

	atomic_inc(&rx->calls);
	while (!vmbus_recvpacket(rx->channel, buf, sizeof(buf), &len, &rid) &&
	       len)
		atomic_inc(&rx->packets);
}

/* Send one inband packet the echo host sends back; wait for it. */
static bool la_echo_round(struct vmbc_sim *sim, struct la_rx *rx)
{
	u8 payload[32] = { 0x5a };
	int before = atomic_read(&rx->packets);

	if (vmbus_sendpacket(rx->channel, payload, sizeof(payload), 7,
			     VM_PKT_DATA_INBAND, 0))
		return false;
	vmbc_sim_flush(sim);
	return atomic_read(&rx->packets) == before + 1;
}

/* Are the channel's ring pages one physically contiguous block? */
static bool la_rings_contiguous(struct vmbus_channel *channel)
{
	unsigned long first = page_to_pfn(channel->ringbuffer_page);
	u32 i;

	for (i = 0; i < channel->ringbuffer_pagecount; i++)
		if (page_to_pfn(channel->ring_pages[i]) != first + i)
			return false;
	return true;
}

/*
 * uio_hv_generic's life: rings allocated at probe, connected and
 * disconnected as userspace opens and closes the device, freed at remove.
 * The rings survive a disconnect (same pages, and the next connect works
 * on them from a clean state); vmbus_close() frees them.
 */
static void api_ring_alloc_connect_disconnect_free(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	int pages_before = vmbc_test_ring_pages_alive();
	struct la_rx rx = {};
	struct page *ring;
	int i;

	rx.channel = kt_offer_echo(test, sim, kt_guid(3, 1), NULL);
	KUNIT_ASSERT_EQ(test, vmbus_alloc_ring(rx.channel, 4 * PAGE_SIZE,
					       4 * PAGE_SIZE), 0);
	ring = rx.channel->ringbuffer_page;
	KUNIT_ASSERT_NOT_NULL(test, ring);
	KUNIT_EXPECT_EQ(test, rx.channel->ringbuffer_pagecount, 8);
	KUNIT_EXPECT_EQ(test, rx.channel->ringbuffer_send_offset, 4);
	KUNIT_EXPECT_TRUE(test, la_rings_contiguous(rx.channel));
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_alive(), pages_before + 8);
	/* allocated, not opened */
	KUNIT_EXPECT_EQ(test, READ_ONCE(rx.channel->state), CHANNEL_OPEN_STATE);
	/* a second allocation, and vmbus_open() over these rings, refused */
	KUNIT_EXPECT_EQ(test, vmbus_alloc_ring(rx.channel, 2 * PAGE_SIZE,
					       2 * PAGE_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmbus_open(rx.channel, 2 * PAGE_SIZE,
					 2 * PAGE_SIZE, NULL, 0, la_rx_callback,
					 &rx), -EINVAL);

	for (i = 0; i < 3; i++) {
		KUNIT_ASSERT_EQ(test, vmbus_connect_ring(rx.channel,
							 la_rx_callback, &rx),
				0);
		KUNIT_EXPECT_EQ(test, READ_ONCE(rx.channel->state),
				CHANNEL_OPENED_STATE);
		KUNIT_EXPECT_TRUE(test, la_echo_round(sim, &rx));
		/* opened: the rings may not go */
		vmbus_free_ring(rx.channel);
		KUNIT_EXPECT_PTR_EQ(test, rx.channel->ringbuffer_page, ring);
		KUNIT_ASSERT_EQ(test, vmbus_disconnect_ring(rx.channel), 0);
		KUNIT_EXPECT_EQ(test, READ_ONCE(rx.channel->state),
				CHANNEL_OPEN_STATE);
		KUNIT_EXPECT_PTR_EQ(test, rx.channel->ringbuffer_page, ring);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&rx.packets), 3);
	/* not opened any more */
	KUNIT_EXPECT_EQ(test, vmbus_disconnect_ring(rx.channel), -EINVAL);

	/* connect once more, then vmbus_close() takes the rings too */
	KUNIT_ASSERT_EQ(test, vmbus_connect_ring(rx.channel, la_rx_callback,
						 &rx), 0);
	vmbus_close(rx.channel);
	KUNIT_EXPECT_NULL(test, rx.channel->ringbuffer_page);
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_alive(), pages_before);
	/* and the channel opens the ordinary way again */
	KUNIT_ASSERT_EQ(test, vmbus_open(rx.channel, 2 * PAGE_SIZE,
					 2 * PAGE_SIZE, NULL, 0, la_rx_callback,
					 &rx), 0);
	KUNIT_EXPECT_TRUE(test, la_echo_round(sim, &rx));
	vmbus_close(rx.channel);
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_alive(), pages_before);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* What vmbus_alloc_ring() and vmbus_connect_ring() refuse. */
static void api_ring_alloc_refusals(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	int pages_before = vmbc_test_ring_pages_alive();
	struct la_rx rx = {};

	rx.channel = kt_offer_echo(test, sim, kt_guid(3, 2), NULL);
	KUNIT_EXPECT_EQ(test, vmbus_alloc_ring(rx.channel, PAGE_SIZE,
					       4 * PAGE_SIZE), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmbus_alloc_ring(rx.channel, 4 * PAGE_SIZE,
					       4 * PAGE_SIZE + 1), -EINVAL);
	/* no rings of the driver's: nothing to connect */
	KUNIT_EXPECT_EQ(test, vmbus_connect_ring(rx.channel, la_rx_callback,
						 &rx), -EINVAL);
	/* an opened channel gets no second set */
	KUNIT_ASSERT_EQ(test, vmbus_open(rx.channel, 2 * PAGE_SIZE,
					 2 * PAGE_SIZE, NULL, 0, la_rx_callback,
					 &rx), 0);
	KUNIT_EXPECT_EQ(test, vmbus_alloc_ring(rx.channel, 2 * PAGE_SIZE,
					       2 * PAGE_SIZE), -EINVAL);
	vmbus_close(rx.channel);
	/* freeing rings never allocated changes nothing */
	vmbus_free_ring(rx.channel);
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_alive(), pages_before);
}

/*
 * A refused connect leaves the driver's rings allocated (its remove frees
 * them), and one the host never answered leaves them the host's: freed
 * by nobody.
 */
static void api_ring_connect_refused_keeps_the_rings(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	int pages_before = vmbc_test_ring_pages_alive();
	struct la_rx rx = {};

	rx.channel = kt_offer_echo(test, sim, kt_guid(3, 3), NULL);
	KUNIT_ASSERT_EQ(test, vmbus_alloc_ring(rx.channel, 2 * PAGE_SIZE,
					       2 * PAGE_SIZE), 0);
	vmbc_sim_set_fault(sim, VMBC_SIM_FAIL_RESPONSE,
			   CHANNELMSG_OPENCHANNEL_RESULT, 1);
	KUNIT_EXPECT_EQ(test, vmbus_connect_ring(rx.channel, la_rx_callback,
						 &rx), -EIO);
	vmbc_sim_set_fault(sim, VMBC_SIM_FAIL_RESPONSE,
			   CHANNELMSG_OPENCHANNEL_RESULT, 0);
	KUNIT_EXPECT_NOT_NULL(test, rx.channel->ringbuffer_page);
	KUNIT_EXPECT_EQ(test, READ_ONCE(rx.channel->state), CHANNEL_OPEN_STATE);
	/* the same rings connect after that */
	KUNIT_ASSERT_EQ(test, vmbus_connect_ring(rx.channel, la_rx_callback,
						 &rx), 0);
	KUNIT_EXPECT_TRUE(test, la_echo_round(sim, &rx));
	KUNIT_ASSERT_EQ(test, vmbus_disconnect_ring(rx.channel), 0);
	vmbus_free_ring(rx.channel);
	KUNIT_EXPECT_NULL(test, rx.channel->ringbuffer_page);
	KUNIT_EXPECT_EQ(test, vmbc_test_ring_pages_alive(), pages_before);
}

/*
 * vmbus_reset_channel_cb(): from then on no callback runs and nothing is
 * sent, though the channel stays open until vmbus_close().
 */
static void api_reset_channel_cb_stops_callbacks(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct la_rx rx = {};
	u8 payload[8] = {};
	u32 relid;
	int calls;

	rx.channel = kt_offer_echo(test, sim, kt_guid(3, 4), &relid);
	KUNIT_ASSERT_EQ(test, vmbus_open(rx.channel, 2 * PAGE_SIZE,
					 2 * PAGE_SIZE, NULL, 0, la_rx_callback,
					 &rx), 0);
	KUNIT_EXPECT_TRUE(test, la_echo_round(sim, &rx));
	vmbus_reset_channel_cb(rx.channel);
	KUNIT_EXPECT_EQ(test, READ_ONCE(rx.channel->state),
			CHANNEL_OPENED_STATE);
	calls = atomic_read(&rx.calls);
	vmbc_sim_signal(sim, relid, rx.channel->target_cpu);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, atomic_read(&rx.calls), calls);
	KUNIT_EXPECT_EQ(test, vmbus_sendpacket(rx.channel, payload,
					       sizeof(payload), 1,
					       VM_PKT_DATA_INBAND, 0), -EINVAL);
	vmbus_close(rx.channel);
	KUNIT_EXPECT_EQ(test, READ_ONCE(rx.channel->state), CHANNEL_OPEN_STATE);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/*
 * vmbus_proto_version and vmbus_connection follow the default connection:
 * set while one is connected, cleared when it goes.
 */
static void api_globals_follow_the_connection(struct kunit *test)
{
	struct vmbc_sim_config cfg = { .max_version = VERSION_WIN10 };
	struct vmbc_sim *sim;

	KUNIT_ASSERT_EQ(test, READ_ONCE(vmbus_proto_version), 0);
	KUNIT_ASSERT_NULL(test, READ_ONCE(vmbus_connection.int_page));
	sim = kt_sim_start(test, &cfg);
	KUNIT_EXPECT_EQ(test, READ_ONCE(vmbus_proto_version), VERSION_WIN10);
	KUNIT_EXPECT_EQ(test, vmbc_get_version(), VERSION_WIN10);
	KUNIT_EXPECT_NOT_NULL(test, READ_ONCE(vmbus_connection.int_page));
	KUNIT_EXPECT_NOT_NULL(test,
			      READ_ONCE(vmbus_connection.monitor_pages[1]));
	kunit_release_action(test, kt_sim_destroy_action, sim);
	KUNIT_EXPECT_EQ(test, READ_ONCE(vmbus_proto_version), 0);
	KUNIT_EXPECT_NULL(test, READ_ONCE(vmbus_connection.int_page));
}

/*
 * The calls that name no channel reach the default connection's host, and
 * a message handed to vmbus_onmessage() is checked like the host's own.
 */
static void api_calls_without_a_channel(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim;
	struct vmbc_connection *conn;
	struct hv_message msg = {
		.header.message_type = HVMSG_VMBUS,
		.header.payload_size = sizeof(struct vmbus_channel_rescind_offer),
	};
	struct vmbus_channel_rescind_offer *rescind = (void *)msg.payload;
	guid_t a = kt_guid(5, 1), b = kt_guid(5, 2);
	u64 unknown, bad_type, requests;

	/* no connection: nowhere to send */
	KUNIT_EXPECT_EQ(test, vmbus_request_offers(), -ENODEV);
	KUNIT_EXPECT_EQ(test, vmbus_send_tl_connect_request(&a, &b), -ENODEV);

	sim = kt_sim_start(test, &cfg);
	conn = vmbc_sim_connection(sim);
	KUNIT_EXPECT_EQ(test, vmbus_send_tl_connect_request(&a, &b), 0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test,
			kt_guest_sent(sim, CHANNELMSG_TL_CONNECT_REQUEST), 1);

	/* a second REQUESTOFFERS reaches the host (which calls it an error) */
	requests = kt_guest_sent(sim, CHANNELMSG_REQUESTOFFERS);
	KUNIT_EXPECT_EQ(test, vmbus_request_offers(), 0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, kt_guest_sent(sim, CHANNELMSG_REQUESTOFFERS),
			requests + 1);

	/* a rescind of a relid nobody holds: counted, nothing else */
	unknown = vmbc_connection_stat(conn, VMBC_STAT_RESCIND_UNKNOWN);
	rescind->header.msgtype = CHANNELMSG_RESCIND_CHANNELOFFER;
	rescind->child_relid = 2000;
	vmbus_onmessage(&msg);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test,
			vmbc_connection_stat(conn, VMBC_STAT_RESCIND_UNKNOWN),
			unknown + 1);
	/* a type the host never sends: refused before it is parsed */
	bad_type = vmbc_connection_stat(conn, VMBC_STAT_MSG_BAD_TYPE);
	rescind->header.msgtype = CHANNELMSG_OPENCHANNEL;
	vmbus_onmessage(&msg);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test,
			vmbc_connection_stat(conn, VMBC_STAT_MSG_BAD_TYPE),
			bad_type + 1);
	/* a size the slot cannot hold */
	msg.header.payload_size = 255;
	vmbus_onmessage(&msg);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_GT(test, vmbc_connection_stat(conn,
						   VMBC_STAT_MSG_BAD_SIZE), 0);
	vmbus_onmessage(NULL);
}

/*
 * hv_device and the class table carry what Linux's drivers read: the
 * instance GUID, the class's enum vmbus_device_type (also in the channel,
 * for vmbus_devs[]), and 64-bit DMA.
 */
static void api_device_fields(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	const guid_t nic = GUID_INIT(0xf8615163, 0xdf3e, 0x46c5, 0x91, 0x3f,
				     0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e);
	struct vmbc_sim_device dev = {
		.class_id = nic,
		.instance_id = kt_guid(3, 5),
	};
	struct vmbus_channel *channel = kt_offer_dev(test, sim, &dev, NULL);
	struct hv_device *hdev = channel->device_obj;

	KUNIT_ASSERT_NOT_NULL(test, hdev);
	KUNIT_EXPECT_TRUE(test, guid_equal(&hdev->dev_instance,
					   &dev.instance_id));
	KUNIT_EXPECT_TRUE(test, guid_equal(&hdev->dev_type, &nic));
	KUNIT_EXPECT_EQ(test, hdev->device_id, HV_NIC);
	KUNIT_EXPECT_EQ(test, channel->device_id, HV_NIC);
	KUNIT_EXPECT_TRUE(test, guid_equal(&vmbus_devs[HV_NIC].guid, &nic));
	KUNIT_EXPECT_TRUE(test, vmbus_devs[HV_NIC].perf_device);
	KUNIT_EXPECT_EQ(test, vmbus_devs[HV_FCOPY].pref_ring_size, 0x4000);
	KUNIT_EXPECT_EQ(test, vmbus_devs[HV_UNKNOWN].pref_ring_size, 0x11000);
	KUNIT_EXPECT_EQ(test, dma_get_mask(&hdev->device), DMA_BIT_MASK(64));
	KUNIT_EXPECT_PTR_EQ(test, hdev->device.dma_parms, &hdev->dma_parms);
}

/* ------------------------------------------------------------------ */
/* A driver that keeps its device past the rescind                     */

struct la_keeper {
	struct hv_device *hdev;
	atomic_t rescinds;
};

static struct la_keeper la_keeper;

static void la_keeper_rescind(struct vmbus_channel *channel)
{
	atomic_inc(&la_keeper.rescinds);
}

static int la_keeper_probe(struct hv_device *dev,
			   const struct hv_vmbus_device_id *id)
{
	vmbus_set_chn_rescind_callback(dev->channel, la_keeper_rescind);
	la_keeper.hdev = dev;
	return 0;
}

static int la_keeper_remove(struct hv_device *dev)
{
	la_keeper.hdev = NULL;
	return 0;
}

static const struct hv_vmbus_device_id la_keeper_ids[] = {
	{ .guid = GUID_INIT(0x6b756e69, 0x7401, 77, 0x80, 0x00, 0x00, 0x00,
			    0x00, 0x00, 0x00, 0x01) },
	{ },
};

static struct hv_driver la_keeper_driver = {
	.name = "vmbc_kunit_keeper",
	.id_table = la_keeper_ids,
	.probe = la_keeper_probe,
	.remove = la_keeper_remove,
};

static void la_unregister_action(void *drv)
{
	vmbus_driver_unregister(drv);
}

/*
 * uio_hv_generic's rescind: its callback keeps the device, which goes
 * later through vmbus_device_unregister(); the relid goes back to the
 * host then, not before (before, it stayed taken until unload).
 */
static void api_device_unregister_after_a_kept_rescind(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device dev = {
		.class_id = la_keeper_ids[0].guid,
		.instance_id = kt_guid(3, 6),
	};
	struct vmbus_channel *channel;
	u32 relid;

	memset(&la_keeper, 0, sizeof(la_keeper));
	KUNIT_ASSERT_EQ(test, vmbus_driver_register(&la_keeper_driver), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							la_unregister_action,
							&la_keeper_driver), 0);
	channel = kt_offer_dev(test, sim, &dev, &relid);
	KUNIT_ASSERT_PTR_EQ(test, la_keeper.hdev, channel->device_obj);

	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(sim, relid), 0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, atomic_read(&la_keeper.rescinds), 1);
	/* kept: the relid is still the guest's */
	KUNIT_EXPECT_EQ(test, vmbc_sim_wait_released(sim, relid,
						     KT_SHORT_TIMEOUT_MS),
			-ETIMEDOUT);
	KUNIT_ASSERT_NOT_NULL(test, la_keeper.hdev);
	vmbus_device_unregister(la_keeper.hdev);
	KUNIT_EXPECT_NULL(test, la_keeper.hdev);
	KUNIT_EXPECT_EQ(test, vmbc_sim_wait_released(sim, relid, LA_WAIT_MS),
			0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

static struct kunit_case linux_api_cases[] = {
	KUNIT_CASE(api_ring_alloc_connect_disconnect_free),
	KUNIT_CASE(api_ring_alloc_refusals),
	KUNIT_CASE(api_ring_connect_refused_keeps_the_rings),
	KUNIT_CASE(api_reset_channel_cb_stops_callbacks),
	KUNIT_CASE(api_globals_follow_the_connection),
	KUNIT_CASE(api_calls_without_a_channel),
	KUNIT_CASE(api_device_fields),
	KUNIT_CASE(api_device_unregister_after_a_kept_rescind),
	{}
};

static struct kunit_suite linux_api_suite = {
	.name = "vmbc_linux_api",
	.test_cases = linux_api_cases,
};

kunit_test_suite(linux_api_suite);
