// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim's echo device model: the host side of include/vmbc/echo.h,
 * which answers every packet the guest writes as that header says.
 *
 * Packets are untrusted: the iterator validated the descriptor and the
 * range count; the ranges of a GPA-direct packet are copied out once and
 * checked against the packet before any guest page is read.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/mm.h>

#include <vmbc/echo.h>

#include "host_ring.h"
#include "models.h"
#include "vsp.h"

/* Write a reply; a reply that never fits is dropped, not an error. */
static int vmbc_sim_reply(struct vmbc_sim_dev *dev, const struct kvec *kv,
			  u32 kv_count, bool *signal)
{
	struct vmbc_sim_chan *chan = &dev->chan;
	int ret;

	ret = vmbc_sim_chan_send(chan, kv, kv_count, signal);
	if (ret == -EAGAIN || ret == -EIO || !ret)
		return ret;
	chan->dropped++;
	pr_warn_ratelimited("%s: relid %u: reply dropped: %pe (inbound ring of %u bytes)\n",
			    chan->sim->name, dev->cfg.relid, ERR_PTR(ret),
			    chan->tx.ring_datasize);
	return 0;
}

/* A reply descriptor: no flags, the payload right after it. */
static void vmbc_sim_reply_desc(struct vmpacket_descriptor *d, u16 type,
				u64 trans_id, u32 payload)
{
	d->type = type;
	d->offset8 = sizeof(*d) / 8;
	d->len8 = ALIGN(sizeof(*d) + payload, 8) / 8;
	d->flags = 0;
	d->trans_id = trans_id;
}

static u16 vmbc_sim_answer_type(const struct vmbc_ring_pkt *pkt)
{
	return pkt->desc.flags & VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED ?
	       VM_PKT_COMP : VM_PKT_DATA_INBAND;
}

/*
 * VMBC_ECHO_CMD_GPADL_SUM: read the buffer of a GPADL this channel's guest
 * established, as a host reads a shared receive buffer. Only a GPADL the
 * host created for this very channel counts.
 */
static void vmbc_sim_echo_gpadl_sum(struct vmbc_sim_dev *dev,
				    struct vmbc_echo_cmd *cmd)
{
	struct vmbc_sim_gpadl *g = vmbc_sim_gpadl_find(dev->chan.sim,
						       cmd->arg);
	u32 i, b, bytes = 0, sum = 0;
	const u8 *va;

	if (g && g->complete && g->relid == dev->cfg.relid && !g->in_use) {
		for (i = 0; i < g->count; i++) {
			va = kmap_local_page(pfn_to_page(g->pfns[i]));
			for (b = 0; b < PAGE_SIZE; b++)
				sum += va[b];
			kunmap_local(va);
			bytes += PAGE_SIZE;
		}
	}
	cmd->arg = bytes;
	cmd->result = sum;
}

/*
 * The echo device's commands. VMBC_ECHO_CMD_SUBCHANNELS: add the
 * sub-channels, answer, then offer them. The room for the answer is
 * checked first, so that sub-channels are never added for a command whose
 * answer has to wait.
 */
static int vmbc_sim_echo_cmd(struct vmbc_sim_dev *dev,
			     const struct vmbc_ring_pkt *pkt,
			     struct vmbc_echo_cmd *cmd, bool *signal)
{
	struct vmbc_sim_chan *chan = &dev->chan;
	struct vmbc_sim *sim = chan->sim;
	struct vmpacket_descriptor d;
	struct kvec kv[2] = {
		{ .iov_base = &d, .iov_len = sizeof(d) },
		{ .iov_base = cmd, .iov_len = sizeof(*cmd) },
	};
	u32 need = vmbc_ring_packet_bytes(sizeof(d) + sizeof(*cmd));
	int n = 0, ret;

	if (vmbc_ring_bytes_to_write(&chan->tx) <= need) {
		chan->tx_full++;
		if (!vmbc_ring_request_space(&chan->tx, need)) {
			chan->wait_space = true;
			return -EAGAIN;
		}
		vmbc_ring_cancel_space(&chan->tx);
	}
	cmd->result = 0;
	if (cmd->cmd == VMBC_ECHO_CMD_GPADL_SUM) {
		vmbc_sim_echo_gpadl_sum(dev, cmd);
	} else {
		if (cmd->cmd == VMBC_ECHO_CMD_SUBCHANNELS &&
		    !dev->cfg.sub_channel_index)
			n = vmbc_sim_add_subchannels(sim, dev, cmd->arg);
		cmd->arg = n;
	}
	vmbc_sim_reply_desc(&d, vmbc_sim_answer_type(pkt), pkt->desc.trans_id,
			    sizeof(*cmd));
	ret = vmbc_sim_reply(dev, kv, ARRAY_SIZE(kv), signal);
	if (!n)
		return ret;
	/* the answer first, then the offers */
	if (*signal) {
		vmbc_sim_chan_interrupt(sim, dev);
		*signal = false;
	}
	vmbc_sim_devs_offer_all(sim);
	return ret;
}

/* VM_PKT_DATA_INBAND: a command, or the same payload back. */
static int vmbc_sim_echo_inband(struct vmbc_sim_dev *dev,
				const struct vmbc_ring_pkt *pkt, bool *signal)
{
	struct vmpacket_descriptor d;
	struct kvec kv[2] = {
		{ .iov_base = &d, .iov_len = sizeof(d) },
		{ .iov_base = (void *)pkt->data, .iov_len = pkt->datalen },
	};
	struct vmbc_echo_cmd cmd;

	if (pkt->datalen == sizeof(cmd)) {
		/* a private copy: decide on it only */
		memcpy(&cmd, pkt->data, sizeof(cmd));
		if (cmd.magic == VMBC_ECHO_CMD_MAGIC)
			return vmbc_sim_echo_cmd(dev, pkt, &cmd, signal);
	}
	vmbc_sim_reply_desc(&d, vmbc_sim_answer_type(pkt), pkt->desc.trans_id,
			    pkt->datalen);
	return vmbc_sim_reply(dev, kv, pkt->datalen ? 2 : 1, signal);
}

/* VM_PKT_COMP: back as it came, descriptor (validated copy) and all. */
static int vmbc_sim_echo_comp(struct vmbc_sim_dev *dev,
			      const struct vmbc_ring_pkt *pkt, bool *signal)
{
	struct vmpacket_descriptor d = pkt->desc;
	struct kvec kv[2] = {
		{ .iov_base = &d, .iov_len = sizeof(d) },
		{ .iov_base = (void *)(pkt->pkt + sizeof(d)),
		  .iov_len = pkt->pktlen - sizeof(d) },
	};

	return vmbc_sim_reply(dev, kv, kv[1].iov_len ? 2 : 1, signal);
}

/* VM_PKT_DATA_USING_GPA_DIRECT: read the pages, answer what was there. */
static int vmbc_sim_echo_gpa(struct vmbc_sim_dev *dev,
			     const struct vmbc_ring_pkt *pkt, bool *signal)
{
	struct vmbc_echo_gpa_reply reply = { .ranges = pkt->range_cnt };
	struct vmpacket_descriptor d;
	struct kvec kv[3] = {
		{ .iov_base = &d, .iov_len = sizeof(d) },
		{ .iov_base = &reply, .iov_len = sizeof(reply) },
		{ .iov_base = (void *)pkt->data, .iov_len = pkt->datalen },
	};
	struct vmbc_sim_gbuf b;
	const char *why;
	const u8 *va;
	u32 i, k;

	/* the ranges are the guest's: copied once and checked (vsp.c) */
	why = vmbc_sim_gbuf_from_packet(&b, pkt);
	for (i = 0; !why && i < b.nr; i++) {
		va = kmap_local_page(pfn_to_page(b.sg[i].pfn));
		for (k = 0; k < b.sg[i].len; k++)
			reply.sum += va[b.sg[i].offset + k];
		kunmap_local(va);
		reply.bytes += b.sg[i].len;
	}
	vmbc_sim_gbuf_free(&b);
	if (why) {
		vmbc_sim_protocol_error(dev->chan.sim,
					"relid %u: GPA-direct packet %llu with %u ranges: %s",
					dev->cfg.relid, pkt->desc.trans_id,
					pkt->range_cnt, why);
		dev->chan.dropped++;
		return 0;
	}
	vmbc_sim_reply_desc(&d, VM_PKT_COMP, pkt->desc.trans_id,
			    sizeof(reply) + pkt->datalen);
	return vmbc_sim_reply(dev, kv, pkt->datalen ? 3 : 2, signal);
}

/* The echo device's answer to one packet of the guest. */
static int vmbc_sim_echo_packet(struct vmbc_sim_dev *dev,
				const struct vmbc_ring_pkt *pkt, bool *signal)
{
	switch (pkt->desc.type) {
	case VM_PKT_DATA_INBAND:
		return vmbc_sim_echo_inband(dev, pkt, signal);
	case VM_PKT_COMP:
		return vmbc_sim_echo_comp(dev, pkt, signal);
	case VM_PKT_DATA_USING_GPA_DIRECT:
		return vmbc_sim_echo_gpa(dev, pkt, signal);
	default:
		/* echo.h says nothing of transfer-page or GPADL packets */
		dev->chan.dropped++;
		return 0;
	}
}

const struct vmbc_sim_model vmbc_sim_echo_model = {
	.name = "echo",
	.class_id = VMBC_ECHO_CLASS_GUID,
	.packet = vmbc_sim_echo_packet,
};
