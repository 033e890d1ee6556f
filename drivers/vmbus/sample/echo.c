// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_echo: a sample VMBus driver for the simulated host's echo device,
 * written the way a real VSC driver is: match the class GUID, open the
 * channel in probe, read packets in the channel callback, complete the
 * requests waiting for them, close in remove.
 *
 * It shows a driver author the API this core offers (Linux v5.2's):
 * vmbus_open(), vmbus_sendpacket() with a completion requested,
 * vmbus_sendpacket_pagebuffer(), the hv_pkt_iter_*() iterator, a buffer
 * shared with the host through vmbus_establish_gpadl() (and leaked, never
 * freed, when the host does not give it back), outbound flow control with
 * set_channel_pending_send_size(), and vmbus_close(); and two vmbc
 * extensions for the data path: vmbc_channel_set_single_sender() and
 * vmbc_sendpacket_more() (bursts). Each device gets
 * three sysfs files:
 *
 *   echo N > /sys/bus/vmbc/devices/<id>/echo_ping   N round trips
 *   echo N > /sys/bus/vmbc/devices/<id>/echo_flood  N packets, no waiting
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
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include <vmbc/echo.h>
#include <vmbc/vmbus.h>
#include <vmbc/version.h>

#define ECHO_RING_SIZE		(16 * PAGE_SIZE)
#define ECHO_MAX_PAYLOAD	256
/* The buffer shared with the host, as a network driver shares its own. */
#define ECHO_SHARED_SIZE	(4 * PAGE_SIZE)
/* Packets a flood hands the host at once. */
#define ECHO_FLOOD_BURST	32
/* A flood packet: its payload, and its room in the ring with the trailer. */
#define ECHO_FLOOD_PAYLOAD	64
#define ECHO_FLOOD_ROOM		(sizeof(struct vmpacket_descriptor) + \
				 ECHO_FLOOD_PAYLOAD + 8)
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
 * @gpadl_checks: reads of the shared buffer by the host whose sum matched.
 * @flooded: flood packets sent.
 * @room_waits: times a flood waited for the host to make room.
 * @shared: the buffer shared with the host, or NULL.
 * @shared_gpadl: its GPADL handle.
 * @shared_sum: the sum of its bytes.
 * @callbacks: channel callbacks so far, for waits for room.
 * @room: woken by every callback.
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
	u64 gpadl_checks;
	u64 flooded;
	u64 room_waits;
	void *shared;
	u32 shared_gpadl;
	u32 shared_sum;
	atomic_t callbacks;
	wait_queue_head_t room;
};

/* The channel callback: every packet the host sent since the last call. */
static void echo_on_channel(void *context)
{
	struct vmbus_channel *channel = context;
	struct echo_device *echo = channel->per_channel_state;
	struct vmpacket_descriptor *desc;
	struct echo_request *req;
	u32 len;

	/* a sender waiting for room in an outbound ring looks again */
	atomic_inc(&echo->callbacks);
	wake_up(&echo->room);
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

/* Send a command to the host on the primary channel and await its answer. */
static int echo_command(struct echo_device *echo, struct vmbc_echo_cmd *cmd)
{
	struct vmbus_channel *channel = echo->hdev->channel;
	struct echo_request *req;
	int ret;

	req = kzalloc(sizeof(*req), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	init_completion(&req->done);
	cmd->magic = VMBC_ECHO_CMD_MAGIC;
	ret = vmbus_sendpacket(channel, cmd, sizeof(*cmd), (uintptr_t)req,
			       VM_PKT_DATA_INBAND,
			       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
	if (ret)
		goto out;
	echo->sent++;
	ret = echo_await(echo, channel, req, NULL, "command", cmd->cmd);
	if (ret)
		return ret;	/* parked until remove */
	memcpy(cmd, req->reply, sizeof(*cmd));
out:
	kfree(req);
	return ret;
}

/* The host reads the shared buffer and says what it found. */
static int echo_gpadl_once(struct echo_device *echo)
{
	struct vmbc_echo_cmd cmd = {
		.cmd = VMBC_ECHO_CMD_GPADL_SUM,
		.arg = echo->shared_gpadl,
	};
	int ret;

	ret = echo_command(echo, &cmd);
	if (ret)
		return ret;
	if (cmd.arg == ECHO_SHARED_SIZE && cmd.result == echo->shared_sum)
		echo->gpadl_checks++;
	else
		echo->mismatched++;
	return 0;
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
		if (i % 16 == 15 && echo->shared)
			ret = echo_gpadl_once(echo);
		else if (i % 8 == 7)
			ret = echo_page_once(echo, i);
		else
			ret = echo_ping_once(echo, i, 1 + i % ECHO_MAX_PAYLOAD);
	}
	mutex_unlock(&echo->lock);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(echo_ping);

/*
 * Send as fast as the ring takes, in bursts of ECHO_FLOOD_BURST: the host
 * sees each burst at once, with at most one signal (vmbc_sendpacket_more(),
 * a vmbc extension, as a network driver's xmit_more). When the ring is
 * full (which publishes what the burst held back), ask to be woken once
 * the host has made room for one more packet, and wait for the callback.
 */
static int echo_flood(struct echo_device *echo, unsigned int n)
{
	struct vmbus_channel *channel = echo->hdev->channel;
	u8 payload[ECHO_FLOOD_PAYLOAD] = {};
	unsigned int i = 0;
	int seen, ret;
	bool more;

	while (i < n) {
		more = i + 1 < n && (i + 1) % ECHO_FLOOD_BURST;
		ret = vmbc_sendpacket_more(channel, payload, sizeof(payload), i,
					   VM_PKT_DATA_INBAND, 0, more);
		if (!ret) {
			echo->flooded++;
			i++;
			continue;
		}
		if (ret != -EAGAIN) {
			/* what the burst held back must not stay unseen */
			vmbc_channel_send_flush(channel);
			return ret;
		}
		seen = atomic_read(&echo->callbacks);
		set_channel_pending_send_size(channel, ECHO_FLOOD_ROOM);
		echo->room_waits++;
		ret = wait_event_interruptible_timeout(echo->room,
						       atomic_read(&echo->callbacks) != seen ||
						       READ_ONCE(channel->rescind),
						       ECHO_TIMEOUT);
		set_channel_pending_send_size(channel, 0);
		if (READ_ONCE(channel->rescind))
			return -ENODEV;
		if (ret < 0)
			return ret;
		if (!ret) {
			dev_err(&echo->hdev->device, "no room in the ring after %u packets\n",
				i);
			return -ETIMEDOUT;
		}
	}
	return 0;
}

static ssize_t echo_flood_store(struct device *dev,
				struct device_attribute *attr,
				const char *buf, size_t count)
{
	struct echo_device *echo = hv_get_drvdata(device_to_hv_device(dev));
	unsigned int n;
	int ret;

	if (kstrtouint(buf, 0, &n) || !n || n > 10000000) {
		dev_err(dev, "echo_flood takes a count of packets, 1 to 10000000\n");
		return -EINVAL;
	}
	mutex_lock(&echo->lock);
	ret = echo_flood(echo, n);
	mutex_unlock(&echo->lock);
	return ret ? ret : count;
}
static DEVICE_ATTR_WO(echo_flood);

static ssize_t echo_stats_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct echo_device *echo = hv_get_drvdata(device_to_hv_device(dev));
	struct vmbus_channel *channel = echo->hdev->channel;

	return sysfs_emit(buf,
			  "channels %u\nsent %llu\ncompleted %llu\nmismatched %llu\ninband %llu\npage_checks %llu\ngpadl_checks %llu\nflooded %llu\nroom_waits %llu\ninterrupts %llu\nsig_events %llu\nintr_out_empty %llu\nout_full_total %llu\n",
			  READ_ONCE(echo->nr_channels), echo->sent,
			  echo->completed, echo->mismatched, echo->inband,
			  echo->page_checks, echo->gpadl_checks, echo->flooded,
			  echo->room_waits, channel->interrupts,
			  channel->sig_events, channel->intr_out_empty,
			  channel->out_full_total);
}
static DEVICE_ATTR_RO(echo_stats);

static struct attribute *echo_attrs[] = {
	&dev_attr_echo_ping.attr,
	&dev_attr_echo_flood.attr,
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
	/*
	 * Every send of this driver holds echo->lock, or runs in probe
	 * before the sysfs files that send exist: one sender at a time, so
	 * the core may skip the ring's writer lock (a vmbc extension).
	 */
	vmbc_channel_set_single_sender(channel, true);
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
		dev_err(&echo->hdev->device, "sub-channel %u: cannot open: %pe\n",
			sc->offermsg.offer.sub_channel_index, ERR_PTR(ret));
}

/*
 * Share a buffer with the host. A GPADL that fails after the host was
 * told of the buffer and was not given back (-EREMOTEIO) leaves the buffer
 * the host's: it is leaked, never freed. The echo works without it.
 */
static void echo_share_buffer(struct echo_device *echo)
{
	struct device *dev = &echo->hdev->device;
	u8 *buf;
	u32 i;
	int ret;

	buf = vmalloc(ECHO_SHARED_SIZE);
	if (!buf)
		return;
	for (i = 0; i < ECHO_SHARED_SIZE; i++) {
		buf[i] = i * 13 + 5;
		echo->shared_sum += buf[i];
	}
	ret = vmbus_establish_gpadl(echo->hdev->channel, buf, ECHO_SHARED_SIZE,
				    &echo->shared_gpadl);
	if (!ret) {
		echo->shared = buf;
		return;
	}
	if (ret == -EREMOTEIO)
		dev_warn(dev, "the host kept the shared buffer: leaking %lu bytes\n",
			 ECHO_SHARED_SIZE);
	else
		vfree(buf);
	dev_warn(dev, "no shared buffer: %pe\n", ERR_PTR(ret));
}

/* Take the shared buffer back; leak it if the host does not let go. */
static void echo_unshare_buffer(struct echo_device *echo)
{
	int ret;

	if (!echo->shared)
		return;
	ret = vmbus_teardown_gpadl(echo->hdev->channel, echo->shared_gpadl);
	if (ret)
		dev_warn(&echo->hdev->device, "the host kept the shared buffer (%pe): leaking %lu bytes\n",
			 ERR_PTR(ret), ECHO_SHARED_SIZE);
	else
		vfree(echo->shared);
	echo->shared = NULL;
}

/* Ask the host for sub-channels; they arrive as offers later. */
static int echo_request_subchannels(struct echo_device *echo)
{
	struct vmbc_echo_cmd cmd = {
		.cmd = VMBC_ECHO_CMD_SUBCHANNELS,
		.arg = subchannels,
	};
	int ret;

	ret = echo_command(echo, &cmd);
	if (!ret)
		dev_info(&echo->hdev->device, "host offers %u sub-channels\n",
			 cmd.arg);
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
	init_waitqueue_head(&echo->room);
	hv_set_drvdata(hdev, echo);

	/* Set before the request: the first offer may come at once. */
	vmbus_set_sc_create_callback(hdev->channel, echo_sub_channel);
	ret = echo_open(echo, hdev->channel);
	if (ret) {
		dev_err(&hdev->device, "cannot open the channel: %pe\n", ERR_PTR(ret));
		vmbus_close(hdev->channel);	/* stops sub-channel callbacks */
		kfree(echo);
		return ret;
	}
	dev_info(&hdev->device, "echo channel open (relid %u, %s callbacks)\n",
		 hdev->channel->offermsg.child_relid, mode);
	echo_share_buffer(echo);
	if (subchannels) {
		ret = echo_request_subchannels(echo);
		if (ret)
			dev_warn(&hdev->device, "no sub-channels: %pe\n", ERR_PTR(ret));
	}
	return 0;
}

static int echo_remove(struct hv_device *hdev)
{
	struct echo_device *echo = hv_get_drvdata(hdev);

	/* Sub-channels too; and no sub-channel callback runs after this. */
	vmbus_close(hdev->channel);
	echo_unshare_buffer(echo);
	echo_free_parked(echo);
	kfree(echo);
	return 0;
}

/* The table and its alias: the module loads when an echo device appears. */
VMBC_DEVICE_TABLE(echo_ids, VMBC_ECHO_CLASS);

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
MODULE_AUTHOR(VMBC_AUTHOR);
MODULE_VERSION(VMBC_VERSION);
MODULE_LICENSE("GPL");
