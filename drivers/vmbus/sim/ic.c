// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim Integration Services framework: what every IC device model
 * (heartbeat, shutdown, time sync, KVP) shares on the host side.
 *
 * An IC channel carries requests from the host and the guest's answers,
 * each an inband packet with a pipe header, an IC header and the message.
 * The first request after the channel opens is NEGOTIATE, sent at once
 * (Hyper-V does not wait for the guest to speak first): the host offers
 * its framework versions and the service's message versions, newest
 * first, and the guest answers with one of each. One request is in
 * flight at a time; an answer must carry the request's packet trans_id
 * and IC transaction id, the RESPONSE flag and the request's type. The
 * guest's bytes are copied out of the ring once and checked on the copy.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/string.h>
#include <linux/uio.h>

#include "host_ring.h"
#include "models.h"

/* The largest IC message this framework sends or takes. */
#define VMBC_SIM_IC_MAX_MSG	256

/**
 * vmbc_sim_ic_init() - set up the IC end of a device
 * @ic: the state, in the model's private area.
 * @dev: the device.
 * @versions: what the service offers.
 */
void vmbc_sim_ic_init(struct vmbc_sim_ic *ic, struct vmbc_sim_dev *dev,
		      const struct vmbc_sim_ic_versions *versions)
{
	memset(ic, 0, sizeof(*ic));
	ic->dev = dev;
	ic->versions = versions;
}

/**
 * vmbc_sim_ic_request() - send one request to the guest
 * @ic: the IC end; its channel open.
 * @msgtype: ICMSGTYPE_*.
 * @msg: the message after the IC header.
 * @size: its bytes, at most 256.
 *
 * Interrupts the guest when the write says so. A request waits for its
 * answer (vmbc_sim_ic_answer()) before the next may go.
 *
 * Context: the host's mutex held.
 * Return: 0; -EBUSY while a request waits for its answer; -EAGAIN when
 * the guest's inbound ring is full; another -errno.
 */
int vmbc_sim_ic_request(struct vmbc_sim_ic *ic, u16 msgtype,
			const void *msg, u16 size)
{
	struct vmbc_sim_dev *dev = ic->dev;
	struct vmbc_sim_chan *chan = &dev->chan;
	const struct vmbc_sim_ic_versions *v = ic->versions;
	struct {
		struct vmbuspipe_hdr pipe;
		struct icmsg_hdr hdr;
	} __packed head = {};
	struct vmpacket_descriptor d = {};
	struct kvec kv[3] = {
		{ .iov_base = &d, .iov_len = sizeof(d) },
		{ .iov_base = &head, .iov_len = sizeof(head) },
		{ .iov_base = (void *)msg, .iov_len = size },
	};
	bool signal = false;
	int ret;

	lockdep_assert_held(&chan->sim->mutex);
	if (ic->pending)
		return -EBUSY;
	if (size > VMBC_SIM_IC_MAX_MSG)
		return -EMSGSIZE;
	head.pipe.msgsize = sizeof(head.hdr) + size;
	/* before negotiation, the newest of each: the guest reads neither */
	head.hdr.icverframe = ic->negotiated ? ic->framework : v->framework[0];
	head.hdr.icvermsg = ic->negotiated ? ic->service : v->service[0];
	head.hdr.icmsgtype = msgtype;
	head.hdr.icmsgsize = size;
	head.hdr.ictransaction_id = ic->next_txn;
	head.hdr.icflags = ICMSGHDRFLAG_TRANSACTION | ICMSGHDRFLAG_REQUEST;
	d.type = VM_PKT_DATA_INBAND;
	d.offset8 = sizeof(d) / 8;
	d.len8 = ALIGN(sizeof(d) + sizeof(head) + size, 8) / 8;
	d.flags = VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED;
	d.trans_id = ++ic->next_trans_id;

	ret = vmbc_sim_chan_send(chan, kv, size ? 3 : 2, &signal);
	if (ret == -EAGAIN)
		/* no retry on a signal: the model sends again when it wants */
		vmbc_ring_cancel_space(&chan->tx);
	if (ret)
		return ret;
	ic->pending = true;
	ic->pending_type = msgtype;
	ic->pending_txn = ic->next_txn++;
	ic->pending_trans_id = d.trans_id;
	chan->requests++;
	if (signal)
		vmbc_sim_chan_interrupt(chan->sim, dev);
	return 0;
}

/* Offer the service's versions: NEGOTIATE, the first request. */
static int vmbc_sim_ic_negotiate(struct vmbc_sim_ic *ic)
{
	const struct vmbc_sim_ic_versions *v = ic->versions;
	struct {
		struct icmsg_negotiate n;
		struct ic_version more[2 * VMBC_SIM_IC_MAX_VERSIONS - 1];
	} __packed nego = {};
	struct ic_version *out = nego.n.icversion_data;
	unsigned int i;

	nego.n.icframe_vercnt = v->nr_framework;
	nego.n.icmsg_vercnt = v->nr_service;
	for (i = 0; i < v->nr_framework; i++)
		*out++ = v->framework[i];
	for (i = 0; i < v->nr_service; i++)
		*out++ = v->service[i];
	return vmbc_sim_ic_request(ic, ICMSGTYPE_NEGOTIATE, &nego,
				   sizeof(nego.n) - sizeof(struct ic_version) +
				   (v->nr_framework + v->nr_service) *
				   sizeof(struct ic_version));
}

/**
 * vmbc_sim_ic_opened() - the guest opened the channel: negotiate
 * @ic: the IC end.
 *
 * Context: the host's mutex held.
 */
void vmbc_sim_ic_opened(struct vmbc_sim_ic *ic)
{
	int ret;

	ic->negotiated = false;
	ic->pending = false;
	ret = vmbc_sim_ic_negotiate(ic);
	if (ret)
		pr_warn_ratelimited("%s: relid %u: cannot send NEGOTIATE: %d\n",
				    ic->dev->chan.sim->name, ic->dev->cfg.relid,
				    ret);
}

static bool vmbc_sim_ic_offered(const struct ic_version *list, unsigned int n,
				struct ic_version v)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (list[i].major == v.major && list[i].minor == v.minor)
			return true;
	return false;
}

/* The guest's NEGOTIATE answer, @body bytes after the IC header: why not. */
static const char *vmbc_sim_ic_take_negotiate(struct vmbc_sim_ic *ic,
					      const u8 *body, u32 len)
{
	const struct vmbc_sim_ic_versions *v = ic->versions;
	struct icmsg_negotiate n;
	struct ic_version chosen[2];

	if (len < sizeof(n) + sizeof(struct ic_version))
		return "NEGOTIATE answer too short";
	memcpy(&n, body, sizeof(n));
	memcpy(chosen, body + offsetof(struct icmsg_negotiate, icversion_data),
	       sizeof(chosen));
	if (n.icframe_vercnt != 1 || n.icmsg_vercnt != 1)
		return "NEGOTIATE answer without one version of each";
	if (!vmbc_sim_ic_offered(v->framework, v->nr_framework, chosen[0]))
		return "framework version not offered";
	if (!vmbc_sim_ic_offered(v->service, v->nr_service, chosen[1]))
		return "message version not offered";
	ic->framework = chosen[0];
	ic->service = chosen[1];
	ic->negotiated = true;
	return NULL;
}

/**
 * vmbc_sim_ic_judge() - count a guest's answer as taken or refused
 * @ic: the IC end.
 * @why: NULL when the answer was right, else what was wrong with it
 *	(counted as a bad answer and a protocol error).
 *
 * Context: the host's mutex held.
 */
void vmbc_sim_ic_judge(struct vmbc_sim_ic *ic, const char *why)
{
	struct vmbc_sim_chan *chan = &ic->dev->chan;

	if (!why) {
		chan->answers++;
		return;
	}
	chan->bad_answers++;
	vmbc_sim_protocol_error(chan->sim, "relid %u: IC answer: %s",
				ic->dev->cfg.relid, why);
}

/**
 * vmbc_sim_ic_answer() - take one packet of the guest as an answer
 * @ic: the IC end.
 * @pkt: the packet, validated by the iterator.
 * @msg: where the answer's message (after the IC header) is copied, its
 *	bytes past the answer's zeroed; ignored for NEGOTIATE.
 * @size: room in @msg.
 *
 * A NEGOTIATE answer is judged here; the model judges the message of any
 * other (vmbc_sim_ic_judge()).
 *
 * Context: the channel's work, the host's mutex held.
 * Return: the ICMSGTYPE_* of the request it answers, NEGOTIATE included
 * (then the versions are set); -EPROTO for anything else (judged bad).
 */
int vmbc_sim_ic_answer(struct vmbc_sim_ic *ic,
		       const struct vmbc_ring_pkt *pkt, void *msg, u16 size)
{
	u8 buf[ICMSG_HDR + VMBC_SIM_IC_MAX_MSG];
	const struct icmsg_hdr *hdr = (const void *)(buf + sizeof(struct vmbuspipe_hdr));
	const char *why = NULL;
	u32 len = min_t(u32, pkt->datalen, sizeof(buf));
	u32 body;

	/* one read of the guest's bytes; everything below looks at @buf */
	memcpy(buf, pkt->data, len);
	if (pkt->desc.type != VM_PKT_DATA_INBAND)
		why = "not an inband packet";
	else if (!ic->pending || pkt->desc.trans_id != ic->pending_trans_id)
		why = "answers no request";
	else if (len < ICMSG_HDR)
		why = "shorter than the IC headers";
	else if (!(hdr->icflags & ICMSGHDRFLAG_RESPONSE))
		why = "no RESPONSE flag";
	else if (hdr->ictransaction_id != ic->pending_txn ||
		 hdr->icmsgtype != ic->pending_type)
		why = "another transaction or type";
	else if (hdr->status != HV_S_OK)
		why = "status not HV_S_OK";
	if (why) {
		vmbc_sim_ic_judge(ic, why);
		return -EPROTO;
	}
	body = len - ICMSG_HDR;
	if (hdr->icmsgtype == ICMSGTYPE_NEGOTIATE) {
		why = vmbc_sim_ic_take_negotiate(ic, buf + ICMSG_HDR, body);
		vmbc_sim_ic_judge(ic, why);
		if (why)
			return -EPROTO;
	} else if (msg) {
		memset(msg, 0, size);
		memcpy(msg, buf + ICMSG_HDR, min_t(u32, body, size));
	}
	ic->pending = false;
	return hdr->icmsgtype;
}
