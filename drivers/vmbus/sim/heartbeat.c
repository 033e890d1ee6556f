// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim heartbeat device model: the host side of the heartbeat
 * Integration Service. Once the guest has negotiated, the host sends a
 * heartbeat with its sequence number every heartbeat_ms of the host's
 * configuration; the guest's answer must carry that number plus one.
 * Answers are counted (the channel's answers and bad_answers); a guest
 * that stops answering gets no new heartbeat, as the host waits for the
 * answer to the last one.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/workqueue.h>

#include "models.h"

static const struct vmbc_sim_ic_versions vmbc_sim_heartbeat_versions = {
	.framework = { { 3, 0 }, { 1, 0 } },
	.nr_framework = 2,
	.service = { { 3, 0 }, { 1, 0 } },
	.nr_service = 2,
	.msgtype = ICMSGTYPE_HEARTBEAT,
};

/**
 * struct vmbc_sim_heartbeat - the host's end of one heartbeat channel
 * @ic: the IC framework's state.
 * @beat: sends the next heartbeat.
 * @seq: the sequence number of the last heartbeat sent.
 */
struct vmbc_sim_heartbeat {
	struct vmbc_sim_ic ic;
	struct delayed_work beat;
	u64 seq;
};

static void vmbc_sim_heartbeat_next(struct vmbc_sim_heartbeat *hb)
{
	struct vmbc_sim *sim = hb->ic.dev->chan.sim;

	if (sim->heartbeat_ms)
		queue_delayed_work(sim->wq, &hb->beat,
				   msecs_to_jiffies(sim->heartbeat_ms));
}

static void vmbc_sim_heartbeat_work(struct work_struct *work)
{
	struct vmbc_sim_heartbeat *hb =
		container_of(to_delayed_work(work), struct vmbc_sim_heartbeat,
			     beat);
	struct vmbc_sim_dev *dev = hb->ic.dev;
	struct vmbc_sim *sim = dev->chan.sim;
	struct heartbeat_msg_data data = {};

	mutex_lock(&sim->mutex);
	/* closed (or not negotiated) meanwhile: the next open starts over */
	if (dev->chan.open && hb->ic.negotiated && !hb->ic.pending &&
	    !sim->dead) {
		data.seq_num = hb->seq + 1;
		if (!vmbc_sim_ic_request(&hb->ic, ICMSGTYPE_HEARTBEAT, &data,
					 sizeof(data)))
			hb->seq = data.seq_num;
		else
			vmbc_sim_heartbeat_next(hb);
	}
	mutex_unlock(&sim->mutex);
}

static void vmbc_sim_heartbeat_init(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_heartbeat *hb = vmbc_sim_model_priv(dev);

	vmbc_sim_ic_init(&hb->ic, dev, &vmbc_sim_heartbeat_versions);
	INIT_DELAYED_WORK(&hb->beat, vmbc_sim_heartbeat_work);
}

static void vmbc_sim_heartbeat_opened(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_heartbeat *hb = vmbc_sim_model_priv(dev);

	vmbc_sim_ic_opened(&hb->ic);
}

static int vmbc_sim_heartbeat_packet(struct vmbc_sim_dev *dev,
				     const struct vmbc_ring_pkt *pkt,
				     bool *signal)
{
	struct vmbc_sim_heartbeat *hb = vmbc_sim_model_priv(dev);
	struct heartbeat_msg_data data;

	switch (vmbc_sim_ic_answer(&hb->ic, pkt, &data, sizeof(data))) {
	case ICMSGTYPE_NEGOTIATE:
		vmbc_sim_heartbeat_next(hb);
		break;
	case ICMSGTYPE_HEARTBEAT:
		vmbc_sim_ic_judge(&hb->ic, data.seq_num == hb->seq + 1 ? NULL :
				  "heartbeat answered with another number");
		vmbc_sim_heartbeat_next(hb);
		break;
	default:
		break;
	}
	return 0;
}

static void vmbc_sim_heartbeat_closed(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_heartbeat *hb = vmbc_sim_model_priv(dev);

	/* a beat already running finds the channel closed */
	cancel_delayed_work(&hb->beat);
}

static void vmbc_sim_heartbeat_release(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_heartbeat *hb = vmbc_sim_model_priv(dev);

	cancel_delayed_work_sync(&hb->beat);
}

const struct vmbc_sim_model vmbc_sim_heartbeat_model = {
	.name = "heartbeat",
	.class_id = GUID_INIT(0x57164f39, 0x9115, 0x4e78, 0xab, 0x55, 0x38,
			      0x2f, 0x3b, 0xd5, 0x42, 0x2d),
	.priv_size = sizeof(struct vmbc_sim_heartbeat),
	.init = vmbc_sim_heartbeat_init,
	.opened = vmbc_sim_heartbeat_opened,
	.packet = vmbc_sim_heartbeat_packet,
	.closed = vmbc_sim_heartbeat_closed,
	.release = vmbc_sim_heartbeat_release,
	.ic = true,
};
