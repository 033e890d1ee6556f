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
 * flight at a time. The guest answers in the request's own buffer: its
 * answer must carry the request's packet trans_id, IC transaction id and
 * type, the flags TRANSACTION and RESPONSE, and the rest of the headers
 * as the request had them (NEGOTIATE's message size aside); a refusal
 * status only where the service has refusals. The guest's bytes are
 * copied out of the ring once and checked on the copy.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/export.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uio.h>

#include "host_ring.h"
#include "models.h"

/*
 * The largest IC message this framework sends: with its headers it fits
 * the one page hv_utils reads a shutdown, time sync or heartbeat packet
 * into (a shutdown request alone is 2060 bytes, a KVP one 2580).
 */
#define VMBC_SIM_IC_MAX_MSG	(HV_HYP_PAGE_SIZE - ICMSG_HDR)

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
 * @size: its bytes, at most a page less the headers.
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
	ic->pending_size = size;
	ic->pending_frame = head.hdr.icverframe;
	ic->pending_msg = head.hdr.icvermsg;
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
		pr_warn_ratelimited("%s: relid %u: cannot send NEGOTIATE: %pe\n",
				    ic->dev->chan.sim->name, ic->dev->cfg.relid,
				    ERR_PTR(ret));
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

/*
 * The guest's NEGOTIATE answer, @body bytes of it at @data (in the ring)
 * after the IC header: why not. The versions are copied out once.
 */
static const char *vmbc_sim_ic_take_negotiate(struct vmbc_sim_ic *ic,
					      const u8 *data, u32 body)
{
	const struct vmbc_sim_ic_versions *v = ic->versions;
	struct {
		struct icmsg_negotiate n;
		struct ic_version second;
	} __packed a;

	if (body < sizeof(a))
		return "NEGOTIATE answer too short";
	memcpy(&a, data, sizeof(a));
	if (a.n.icframe_vercnt != 1 || a.n.icmsg_vercnt != 1)
		return "NEGOTIATE answer without one version of each";
	if (!vmbc_sim_ic_offered(v->framework, v->nr_framework,
				 a.n.icversion_data[0]))
		return "framework version not offered";
	if (!vmbc_sim_ic_offered(v->service, v->nr_service, a.second))
		return "message version not offered";
	ic->framework = a.n.icversion_data[0];
	ic->service = a.second;
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

static bool vmbc_sim_ic_same(struct ic_version a, struct ic_version b)
{
	return a.major == b.major && a.minor == b.minor;
}

/*
 * What is wrong with the headers of an answer; NULL when nothing is. The
 * guest answers in the request's buffer: everything but the flags, the
 * status and (NEGOTIATE) the message's size is the request's, echoed.
 */
static const char *vmbc_sim_ic_check_head(struct vmbc_sim_ic *ic,
					  const struct vmbuspipe_hdr *pipe,
					  const struct icmsg_hdr *hdr)
{
	u16 size = ic->pending_size;

	if (hdr->ictransaction_id != ic->pending_txn ||
	    hdr->icmsgtype != ic->pending_type)
		return "another transaction or type";
	if (hdr->icflags != (ICMSGHDRFLAG_TRANSACTION | ICMSGHDRFLAG_RESPONSE))
		return "flags not TRANSACTION and RESPONSE";
	if (pipe->flags || pipe->msgsize != sizeof(*hdr) + ic->pending_size)
		return "pipe header not the request's";
	if (!vmbc_sim_ic_same(hdr->icverframe, ic->pending_frame) ||
	    !vmbc_sim_ic_same(hdr->icvermsg, ic->pending_msg) ||
	    hdr->reserved[0] || hdr->reserved[1])
		return "versions or reserved bytes not the request's";
	/* NEGOTIATE's answer holds one version of each */
	if (hdr->icmsgtype == ICMSGTYPE_NEGOTIATE)
		size = sizeof(struct icmsg_negotiate) + sizeof(struct ic_version);
	if (hdr->icmsgsize != size)
		return "message size not the request's";
	/* a refusal is the service's to judge, never NEGOTIATE's */
	if (hdr->status != HV_S_OK &&
	    (hdr->icmsgtype == ICMSGTYPE_NEGOTIATE || !ic->versions->any_status))
		return "status not HV_S_OK";
	return NULL;
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
 * other (vmbc_sim_ic_judge()), with its status in @ic->status (HV_S_OK
 * unless the service's versions say @any_status) and its size in
 * @ic->answer_size. An answer whose headers are wrong does not count as
 * the answer: the request still waits for one.
 *
 * Context: the channel's work, the host's mutex held.
 * Return: the ICMSGTYPE_* of the request it answers, NEGOTIATE included
 * (then the versions are set); -EPROTO for anything else (judged bad).
 */
int vmbc_sim_ic_answer(struct vmbc_sim_ic *ic,
		       const struct vmbc_ring_pkt *pkt, void *msg, u16 size)
{
	struct {
		struct vmbuspipe_hdr pipe;
		struct icmsg_hdr hdr;
	} __packed head;
	const u8 *data = pkt->data;
	const char *why = NULL;
	u32 body;

	/*
	 * Each guest byte looked at is copied out of the ring once (the
	 * headers here, the message below) and decided on in the copy.
	 */
	if (pkt->desc.type != VM_PKT_DATA_INBAND)
		why = "not an inband packet";
	else if (!ic->pending || pkt->desc.trans_id != ic->pending_trans_id)
		why = "answers no request";
	else if (pkt->desc.flags)
		why = "an answer that asks for a completion";
	else if (pkt->datalen < sizeof(head))
		why = "shorter than the IC headers";
	if (!why) {
		memcpy(&head, data, sizeof(head));
		why = vmbc_sim_ic_check_head(ic, &head.pipe, &head.hdr);
	}
	if (why) {
		vmbc_sim_ic_judge(ic, why);
		return -EPROTO;
	}
	body = pkt->datalen - ICMSG_HDR;
	if (head.hdr.icmsgtype == ICMSGTYPE_NEGOTIATE) {
		why = vmbc_sim_ic_take_negotiate(ic, data + ICMSG_HDR, body);
		vmbc_sim_ic_judge(ic, why);
		if (why)
			return -EPROTO;
	} else {
		ic->answered = true;
		ic->status = head.hdr.status;
		ic->answer_size = body;
		if (msg) {
			memset(msg, 0, size);
			memcpy(msg, data + ICMSG_HDR, min_t(u32, body, size));
		}
	}
	ic->pending = false;
	return head.hdr.icmsgtype;
}

/**
 * vmbc_sim_ic_ready() - may the model send a request now?
 * @ic: the IC end.
 *
 * Context: the host's mutex held.
 * Return: 0; -ENOTCONN while the channel is closed (or the host going
 * away) or the guest has not answered NEGOTIATE; -EBUSY while a request
 * waits for its answer.
 */
int vmbc_sim_ic_ready(struct vmbc_sim_ic *ic)
{
	struct vmbc_sim_chan *chan = &ic->dev->chan;

	lockdep_assert_held(&chan->sim->mutex);
	if (!chan->open || chan->sim->dead)
		return -ENOTCONN;
	if (ic->pending)
		return -EBUSY;
	return ic->negotiated ? 0 : -ENOTCONN;
}

/**
 * vmbc_sim_ic_unread() - is the request in flight still unread?
 * @ic: the IC end.
 *
 * The guest has not moved its inbound ring's read index past it. The
 * host writes nothing else into an IC channel, so any byte left unread
 * belongs to the request in flight, the last one written.
 *
 * Context: the host's mutex held.
 * Return: true when a request is in flight and unread.
 */
bool vmbc_sim_ic_unread(struct vmbc_sim_ic *ic)
{
	struct vmbc_sim_chan *chan = &ic->dev->chan;

	return ic->pending && chan->open &&
	       vmbc_ring_bytes_to_write(&chan->tx) < chan->tx.ring_datasize;
}

static const char *vmbc_sim_ic_type_name(u16 type)
{
	static const char * const names[] = {
		[ICMSGTYPE_NEGOTIATE] = "NEGOTIATE",
		[ICMSGTYPE_HEARTBEAT] = "HEARTBEAT",
		[ICMSGTYPE_KVPEXCHANGE] = "KVPEXCHANGE",
		[ICMSGTYPE_SHUTDOWN] = "SHUTDOWN",
		[ICMSGTYPE_TIMESYNC] = "TIMESYNC",
		[ICMSGTYPE_VSS] = "VSS",
	};

	return type < ARRAY_SIZE(names) && names[type] ? names[type] : "?";
}

/**
 * vmbc_sim_ic_show() - where an IC channel stands, for a debugfs line
 * @ic: the IC end.
 * @s: the file; gets no newline.
 *
 * "closed", then the negotiated versions or "not negotiated", then the
 * request in flight, if any, and whether the guest has read it yet.
 *
 * Context: the host's mutex held.
 */
void vmbc_sim_ic_show(struct vmbc_sim_ic *ic, struct seq_file *s)
{
	if (!ic->dev->chan.open) {
		seq_puts(s, "closed");
		return;
	}
	if (ic->negotiated)
		seq_printf(s, "negotiated framework %u.%u service %u.%u",
			   ic->framework.major, ic->framework.minor,
			   ic->service.major, ic->service.minor);
	else
		seq_puts(s, "not negotiated");
	if (ic->pending)
		seq_printf(s, ", %s sent, %s", vmbc_sim_ic_type_name(ic->pending_type),
			   vmbc_sim_ic_unread(ic) ? "unread by the guest" :
			   "read, not answered");
}

/**
 * vmbc_sim_ic_state() - where the IC channel at a relid stands
 * @sim: the host.
 * @relid: an Integration Services device.
 * @st: filled in.
 *
 * Context: process context.
 * Return: 0, -ENOENT (no device there) or -ENODEV (not an IC device).
 */
int vmbc_sim_ic_state(struct vmbc_sim *sim, u32 relid,
		      struct vmbc_sim_ic_state *st)
{
	struct vmbc_sim_dev *dev;
	struct vmbc_sim_ic *ic;
	int ret = 0;

	memset(st, 0, sizeof(*st));
	mutex_lock(&sim->mutex);
	dev = xa_load(&sim->devs, relid);
	if (!dev) {
		ret = -ENOENT;
	} else if (!dev->model || !dev->model->ic) {
		ret = -ENODEV;
	} else {
		ic = vmbc_sim_model_priv(dev);
		st->open = dev->chan.open;
		st->negotiated = ic->negotiated;
		if (ic->negotiated) {
			st->framework = VMBUS_MAKE_VERSION(ic->framework.major,
							   ic->framework.minor);
			st->service = VMBUS_MAKE_VERSION(ic->service.major,
							 ic->service.minor);
		}
		st->pending = ic->pending;
		st->pending_type = ic->pending_type;
		st->pending_unread = vmbc_sim_ic_unread(ic);
		st->answered = ic->answered;
		st->status = ic->status;
	}
	mutex_unlock(&sim->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_sim_ic_state);
