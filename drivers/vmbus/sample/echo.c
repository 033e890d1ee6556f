// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_echo: a sample VMBus driver for the simulated host's echo device,
 * written the way a real VSC driver is: match the class GUID, open the
 * channel in probe, read packets in the channel callback, complete the
 * requests waiting for them, close in remove.
 *
 * It shows a driver author the API this core offers (Linux v5.2's):
 * vmbus_open(), vmbus_sendpacket() with a completion requested,
 * vmbus_sendpacket_pagebuffer(), the hv_pkt_iter_*() iterator, and
 * vmbus_close(). Each device gets two sysfs files:
 *
 *   echo N > /sys/bus/vmbc/devices/<id>/echo_ping   N round trips
 *   cat /sys/bus/vmbc/devices/<id>/echo_stats       what happened
 *
 * Like the network and storage drivers, it asks the host for sub-channels
 * (module parameter subchannels) and opens each one as the core reports
 * it through the sub-channel creation callback; pings then go round-robin
 * over all the channels.
 */
#include <linux/completion.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include <vmbc/echo.h>
#include <vmbc/vmbus.h>

#define ECHO_RING_SIZE		(16 * PAGE_SIZE)
#define ECHO_MAX_PAYLOAD	256
#define ECHO_TIMEOUT		(5 * HZ)
/* How often a wait for the host looks whether the channel was rescinded. */
#define ECHO_RESCIND_POLL	(HZ / 50)

static char *mode = "batched";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "Callback mode: batched (default), direct or isr");

static unsigned int subchannels;
module_param(subchannels, uint, 0444);
MODULE_PARM_DESC(subchannels, "Sub-channels to ask the host for (0-64, default 0)");

#define ECHO_MAX_CHANNELS	65

/**
 * struct echo_request - one request in flight, waiting for its completion
 * @done: completed from the channel callback.
 * @reply: the completion's payload.
 * @reply_len: its length.
 * @parked: on echo_device.parked when its wait ended without an answer.
 * @page: a page the host was given to read, or NULL.
 * @host_let_go: the channel was rescinded: the host reads @page no more.
 */
struct echo_request {
	struct completion done;
	u8 reply[ECHO_MAX_PAYLOAD];
	u32 reply_len;
	struct list_head parked;
	u8 *page;
	bool host_let_go;
};

/**
 * struct echo_device - the driver's state for one echo device
 * @hdev: the VMBus device.
 * @lock: serialises pings from sysfs.
 * @sent: packets sent.
 * @completed: completions received.
 * @mismatched: completions whose payload differed from what was sent.
 * @inband: inband (non-completion) packets received.
 * @page_checks: page-buffer round trips whose content sum matched.
 * @channels: the primary, then each sub-channel opened.
 * @nr_channels: entries of @channels in use.
 * @chan_lock: protects @channels, @nr_channels and @parked.
 * @parked: requests whose wait ended without an answer: the core may still
 *	hand their id to the callback until the channels are closed, so they
 *	are freed in remove, after vmbus_close().
 */
struct echo_device {
	struct hv_device *hdev;
	struct mutex lock;	/* one ping at a time */
	struct vmbus_channel *channels[ECHO_MAX_CHANNELS];
	unsigned int nr_channels;
	spinlock_t chan_lock;	/* channels[], nr_channels, parked */
	struct list_head parked;
	u64 sent;
	u64 completed;
	u64 mismatched;
	u64 inband;
	u64 page_checks;
};

/* The channel callback: every packet the host sent since the last call. */
static void echo_on_channel(void *context)
{
	struct vmbus_channel *channel = context;
	struct echo_device *echo = channel->per_channel_state;
	struct vmpacket_descriptor *desc;
	struct echo_request *req;
	u32 len;

	for (desc = hv_pkt_iter_first(channel); desc;
	     desc = hv_pkt_iter_next(channel, desc)) {
		if (desc->type != VM_PKT_COMP) {
			echo->inband++;
			continue;
		}
		/* The core translated the host's id back into our cookie. */
		req = (struct echo_request *)(uintptr_t)desc->trans_id;
		len = min_t(u32, hv_pkt_datalen(desc), sizeof(req->reply));
		memcpy(req->reply, hv_pkt_data(desc), len);
		req->reply_len = len;
		echo->completed++;
		complete(&req->done);
	}
}

/* The channel for round trip @seq: round-robin over all of them. */
static struct vmbus_channel *echo_pick(struct echo_device *echo, u32 seq)
{
	struct vmbus_channel *channel;
	unsigned long flags;

	spin_lock_irqsave(&echo->chan_lock, flags);
	channel = echo->channels[seq % echo->nr_channels];
	spin_unlock_irqrestore(&echo->chan_lock, flags);
	return channel;
}

/*
 * Wait for @req's answer on @channel. A rescind ends the wait at once, as
 * the host answers nothing any more; nobody wakes a driver on a rescind,
 * so the wait looks at the flag every ECHO_RESCIND_POLL. The rescind's
 * own work waits for this (it unregisters the device, which drains its
 * sysfs writes), so it must not take the full timeout.
 *
 * Unanswered, @req (and @page, which the host was given to read) is kept
 * until remove: the core still holds its id, and the callback would
 * complete it if the answer came late.
 */
static int echo_await(struct echo_device *echo, struct vmbus_channel *channel,
		      struct echo_request *req, u8 *page, const char *what,
		      u32 seq)
{
	unsigned long end = jiffies + ECHO_TIMEOUT;
	unsigned long flags;
	int ret = 0;

	while (!wait_for_completion_timeout(&req->done, ECHO_RESCIND_POLL)) {
		if (READ_ONCE(channel->rescind)) {
			ret = -ENODEV;
			break;
		}
		if (time_after(jiffies, end)) {
			dev_err(&echo->hdev->device, "no echo for %s %u\n",
				what, seq);
			ret = -ETIMEDOUT;
			break;
		}
	}
	if (!ret)
		return 0;
	req->page = page;
	req->host_let_go = READ_ONCE(channel->rescind);
	spin_lock_irqsave(&echo->chan_lock, flags);
	list_add_tail(&req->parked, &echo->parked);
	spin_unlock_irqrestore(&echo->chan_lock, flags);
	return ret;
}

/* After every channel is closed: no callback can touch them any more. */
static void echo_free_parked(struct echo_device *echo)
{
	struct echo_request *req, *next;

	list_for_each_entry_safe(req, next, &echo->parked, parked) {
		/*
		 * A page lent to a host that neither answered nor rescinded
		 * may still be read by it: never reuse it.
		 */
		if (req->host_let_go)
			free_page((unsigned long)req->page);
		kfree(req);
	}
}

/* One inband round trip of @len bytes. */
static int echo_ping_once(struct echo_device *echo, u32 seq, u32 len)
{
	struct vmbus_channel *channel = echo_pick(echo, seq);
	struct echo_request *req;
	u8 payload[ECHO_MAX_PAYLOAD];
	u32 i;
	int ret;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	init_completion(&req->done);
	for (i = 0; i < len; i++)
		payload[i] = seq + i;
	ret = vmbus_sendpacket(channel, payload, len, (uintptr_t)req,
			       VM_PKT_DATA_INBAND,
			       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
	if (ret)
		goto out;
	echo->sent++;
	ret = echo_await(echo, channel, req, NULL, "packet", seq);
	if (ret)
		return ret;
	if (req->reply_len < len || memcmp(req->reply, payload, len))
		echo->mismatched++;
out:
	kfree(req);
	return ret;
}

/* One page-buffer round trip: the host sums a page of ours. */
static int echo_page_once(struct echo_device *echo, u32 seq)
{
	struct vmbus_channel *channel = echo_pick(echo, seq);
	const struct vmbc_echo_gpa_reply *reply;
	struct hv_page_buffer pb;
	struct echo_request *req;
	u32 i, sum = 0;
	u8 *page;
	int ret = -ENOMEM;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	page = (u8 *)__get_free_page(GFP_KERNEL);
	if (!req || !page)
		goto out;
	init_completion(&req->done);
	for (i = 0; i < PAGE_SIZE; i++) {
		page[i] = seq * 7 + i;
		sum += page[i];
	}
	pb.pfn = virt_to_phys(page) >> HV_HYP_PAGE_SHIFT;
	pb.offset = 0;
	pb.len = HV_HYP_PAGE_SIZE;
	ret = vmbus_sendpacket_pagebuffer(channel, &pb, 1, NULL, 0,
					  (uintptr_t)req);
	if (ret)
		goto out;
	echo->sent++;
	ret = echo_await(echo, channel, req, page, "page", seq);
	if (ret)
		return ret;
	reply = (const void *)req->reply;
	if (req->reply_len >= sizeof(*reply) && reply->bytes == PAGE_SIZE &&
	    reply->sum == sum)
		echo->page_checks++;
	else
		echo->mismatched++;
out:
	free_page((unsigned long)page);
	kfree(req);
	return ret;
}

static ssize_t echo_ping_store(struct device *dev,
			       struct device_attribute *attr,
			       const char *buf, size_t count)
{
	struct echo_device *echo = hv_get_drvdata(device_to_hv_device(dev));
	unsigned int n, i;
	int ret = 0;

	if (kstrtouint(buf, 0, &n) || !n || n > 1000000) {
		dev_err(dev, "echo_ping takes a count of round trips, 1 to 1000000\n");
		return -EINVAL;
	}
	mutex_lock(&echo->lock);
	for (i = 0; i < n && !ret; i++) {
		if (i % 8 == 7)
			ret = echo_page_once(echo, i);
		else
			ret = echo_ping_once(echo, i, 1 + i % ECHO_MAX_PAYLOAD);
	}
	mutex_unlock(&echo->lock);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(echo_ping);

static ssize_t echo_stats_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct echo_device *echo = hv_get_drvdata(device_to_hv_device(dev));
	struct vmbus_channel *channel = echo->hdev->channel;

	return sysfs_emit(buf,
			  "channels %u\nsent %llu\ncompleted %llu\nmismatched %llu\ninband %llu\npage_checks %llu\ninterrupts %llu\nsig_events %llu\nintr_out_empty %llu\n",
			  READ_ONCE(echo->nr_channels), echo->sent,
			  echo->completed, echo->mismatched, echo->inband,
			  echo->page_checks, channel->interrupts,
			  channel->sig_events, channel->intr_out_empty);
}
static DEVICE_ATTR_RO(echo_stats);

static struct attribute *echo_attrs[] = {
	&dev_attr_echo_ping.attr,
	&dev_attr_echo_stats.attr,
	NULL,
};
ATTRIBUTE_GROUPS(echo);

static enum hv_callback_mode echo_mode(void)
{
	if (!strcmp(mode, "direct"))
		return HV_CALL_DIRECT;
	if (!strcmp(mode, "isr"))
		return HV_CALL_ISR;
	return HV_CALL_BATCHED;
}

static int echo_open(struct echo_device *echo, struct vmbus_channel *channel)
{
	unsigned long flags;
	int ret;

	channel->per_channel_state = echo;
	set_channel_read_mode(channel, echo_mode());
	ret = vmbus_open(channel, ECHO_RING_SIZE, ECHO_RING_SIZE, NULL, 0,
			 echo_on_channel, channel);
	if (ret)
		return ret;
	spin_lock_irqsave(&echo->chan_lock, flags);
	if (echo->nr_channels < ECHO_MAX_CHANNELS)
		echo->channels[echo->nr_channels++] = channel;
	spin_unlock_irqrestore(&echo->chan_lock, flags);
	return 0;
}

/*
 * The core calls this from its own work for each sub-channel the host
 * offers: open it and take it into the round-robin.
 */
static void echo_sub_channel(struct vmbus_channel *sc)
{
	struct echo_device *echo = sc->primary_channel->per_channel_state;
	int ret;

	ret = echo_open(echo, sc);
	if (ret)
		dev_err(&echo->hdev->device, "sub-channel %u: cannot open: %d\n",
			sc->offermsg.offer.sub_channel_index, ret);
}

/* Ask the host for sub-channels; they arrive as offers later. */
static int echo_request_subchannels(struct echo_device *echo)
{
	struct echo_request *req;
	struct vmbc_echo_cmd cmd = {
		.magic = VMBC_ECHO_CMD_MAGIC,
		.cmd = VMBC_ECHO_CMD_SUBCHANNELS,
		.arg = subchannels,
	};
	int ret;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	init_completion(&req->done);
	ret = vmbus_sendpacket(echo->hdev->channel, &cmd, sizeof(cmd),
			       (uintptr_t)req, VM_PKT_DATA_INBAND,
			       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
	if (!ret) {
		echo->sent++;
		ret = echo_await(echo, echo->hdev->channel, req, NULL,
				 "sub-channel request", subchannels);
		if (ret)
			return ret;
	}
	if (!ret) {
		memcpy(&cmd, req->reply, sizeof(cmd));
		dev_info(&echo->hdev->device, "host offers %u sub-channels\n",
			 cmd.arg);
	}
	kfree(req);
	return ret;
}

static int echo_probe(struct hv_device *hdev,
		      const struct hv_vmbus_device_id *id)
{
	struct echo_device *echo;
	int ret;

	echo = kzalloc(sizeof(*echo), GFP_KERNEL);
	if (!echo)
		return -ENOMEM;
	echo->hdev = hdev;
	mutex_init(&echo->lock);
	spin_lock_init(&echo->chan_lock);
	INIT_LIST_HEAD(&echo->parked);
	hv_set_drvdata(hdev, echo);

	/* Set before the request: the first offer may come at once. */
	vmbus_set_sc_create_callback(hdev->channel, echo_sub_channel);
	ret = echo_open(echo, hdev->channel);
	if (ret) {
		dev_err(&hdev->device, "cannot open the channel: %d\n", ret);
		vmbus_close(hdev->channel);	/* stops sub-channel callbacks */
		kfree(echo);
		return ret;
	}
	dev_info(&hdev->device, "echo channel open (relid %u, %s callbacks)\n",
		 hdev->channel->offermsg.child_relid, mode);
	if (subchannels) {
		ret = echo_request_subchannels(echo);
		if (ret)
			dev_warn(&hdev->device, "no sub-channels: %d\n", ret);
	}
	return 0;
}

static int echo_remove(struct hv_device *hdev)
{
	struct echo_device *echo = hv_get_drvdata(hdev);

	/* Sub-channels too; and no sub-channel callback runs after this. */
	vmbus_close(hdev->channel);
	echo_free_parked(echo);
	kfree(echo);
	return 0;
}

static const struct hv_vmbus_device_id echo_ids[] = {
	{ .guid = VMBC_ECHO_CLASS_GUID },
	{ }
};

static struct hv_driver echo_driver = {
	.name = "vmbc_echo",
	.id_table = echo_ids,
	.probe = echo_probe,
	.remove = echo_remove,
	.driver = {
		.dev_groups = echo_groups,
	},
};

static int __init echo_init(void)
{
	if (strcmp(mode, "batched") && strcmp(mode, "direct") &&
	    strcmp(mode, "isr")) {
		pr_err("vmbc_echo: mode must be batched, direct or isr, not '%s'\n",
		       mode);
		return -EINVAL;
	}
	if (subchannels > ECHO_MAX_CHANNELS - 1) {
		pr_err("vmbc_echo: subchannels must be 0 to %u, not %u\n",
		       ECHO_MAX_CHANNELS - 1, subchannels);
		return -EINVAL;
	}
	return vmbus_driver_register(&echo_driver);
}

static void __exit echo_exit(void)
{
	vmbus_driver_unregister(&echo_driver);
}

module_init(echo_init);
module_exit(echo_exit);

MODULE_DESCRIPTION("Sample vmbc driver for the simulated echo device");
MODULE_LICENSE("GPL");
/* Devices of this class on the vmbc bus load this module. */
MODULE_ALIAS("vmbc:8e4a3cbe0d5f8b4c9a3e6563686f0001");
