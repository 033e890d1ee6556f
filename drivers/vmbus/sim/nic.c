// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim synthetic NIC: the host side of Hyper-V's network protocol
 * (NVSP, <vmbc/netvsp.h>), which Linux's hv_netvsc speaks, with the
 * host's end of the wire a network device of this kernel (nic_port.c).
 *
 * The guest opens the primary channel and negotiates: INIT with one NVSP
 * version at a time, newest first, until the host accepts one (1 to 6.1
 * here); SEND_NDIS_CONFIG (its MTU) and SEND_NDIS_VERSION, which ask for
 * no answer; then its receive buffer (SEND_RECV_BUF: a GPADL the host
 * cuts into sections, each holding one message for the guest) and its
 * send buffer (SEND_SEND_BUF: sections the guest fills). RNDIS runs over
 * SEND_RNDIS_PKT (nic_rndis.c): the guest's messages in a send section,
 * in the pages of a GPA-direct packet, or both; the host's in a receive
 * section named by a transfer-page packet, which the guest gives back
 * with a completion. With NVSP 5 the guest asks for sub-channels
 * (SUBCHANNEL) as many as the host's RSS capabilities allow, then sets an
 * indirection table: frames for the guest go over the channel it names
 * for the frame's hash.
 *
 * Every request is copied out of the ring once and checked: its size, its
 * place in the negotiation, the buffers' ids and GPADLs, every section
 * index and size, the ranges of its pages. What is wrong is counted (the
 * channel's bad_packets, a protocol error) and answered with a failure
 * status where the request asked for an answer: the host never acts on
 * it, and never trusts a length the guest wrote.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "host_ring.h"
#include "models.h"
#include "nic.h"
#include "vsp.h"

static const u32 vmbc_sim_nvsp_versions[] = {
	VMBC_NVSP_VERSION_61, VMBC_NVSP_VERSION_6, VMBC_NVSP_VERSION_5,
	VMBC_NVSP_VERSION_4, VMBC_NVSP_VERSION_2, VMBC_NVSP_VERSION_1,
};

/* The transfer-page header of a packet for the guest: one range. */
struct vmbc_sim_xfer_hdr {
	u16 pageset_id;
	u8 sender_owns_set;
	u8 reserved;
	u32 range_count;
	struct vmtransfer_page_range range;
} __packed;

/* Ring bytes of one transfer-page packet, and of one answer. */
#define VMBC_SIM_NIC_XFER_BYTES \
	VMBC_SIM_VSP_PKT_BYTES(sizeof(struct vmbc_sim_xfer_hdr) + \
			       sizeof(struct vmbc_nvsp_message))
#define VMBC_SIM_NIC_ANSWER_BYTES \
	VMBC_SIM_VSP_PKT_BYTES(sizeof(struct vmbc_nvsp_message))

/*
 * The scratch space of a NIC's primary: the guest's sends are gathered
 * here, the host's messages built here (under the host's mutex).
 */
struct vmbc_sim_nic_scratch {
	u8 gather[VMBC_SIM_NIC_SEND_MAX];
};

/**
 * vmbc_sim_nic_of() - the NIC a channel belongs to
 * @dev: a NIC's channel, primary or sub-channel.
 *
 * Context: the host's mutex held.
 * Return: the primary's state, or NULL when the primary is gone.
 */
struct vmbc_sim_nic *vmbc_sim_nic_of(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_dev *primary = vmbc_sim_primary_of(dev->chan.sim, dev);

	return primary ? vmbc_sim_model_priv(primary) : NULL;
}

static struct vmbc_sim_dev *vmbc_sim_nic_dev(struct vmbc_sim_nic *nic)
{
	return nic->ch.dev;
}

/**
 * vmbc_sim_nic_update_rx() - whether the guest takes frames, anew
 * @nic: the NIC.
 *
 * It does once its RNDIS device has a packet filter, a receive buffer is
 * there, the primary is open and the link is up.
 *
 * Context: the host's mutex held.
 */
void vmbc_sim_nic_update_rx(struct vmbc_sim_nic *nic)
{
	bool ready = nic->rndis == VMBC_SIM_RNDIS_DATA && nic->filter &&
		     nic->recv_gpadl && nic->link_up &&
		     vmbc_sim_nic_dev(nic)->chan.open;

	vmbc_sim_nic_port_set_ready(nic->port, nic, ready);
}

/* ------------------------------------------------------------------ */
/* The receive buffer's sections                                       */

static void vmbc_sim_nic_drop_recv(struct vmbc_sim_nic *nic)
{
	bitmap_free(nic->recv_map);
	nic->recv_map = NULL;
	nic->recv_gpadl = 0;
	nic->recv_sections = 0;
	nic->recv_used = 0;
	nic->recv_next = 0;
}

/* A free section, or -ENOSPC. */
static int vmbc_sim_nic_section_get(struct vmbc_sim_nic *nic)
{
	unsigned long i;

	if (!nic->recv_map || nic->recv_used >= nic->recv_sections)
		return -ENOSPC;
	i = find_next_zero_bit(nic->recv_map, nic->recv_sections,
			       nic->recv_next);
	if (i >= nic->recv_sections)
		i = find_first_zero_bit(nic->recv_map, nic->recv_sections);
	if (WARN_ON_ONCE(i >= nic->recv_sections))
		return -ENOSPC;
	set_bit(i, nic->recv_map);
	nic->recv_used++;
	nic->recv_next = i + 1 < nic->recv_sections ? i + 1 : 0;
	return i;
}

static void vmbc_sim_nic_section_put(struct vmbc_sim_nic *nic, u32 i)
{
	clear_bit(i, nic->recv_map);
	nic->recv_used--;
}

/* Sections came back: the channels that waited for one try again. */
static void vmbc_sim_nic_wake_waiters(struct vmbc_sim_nic *nic)
{
	struct vmbc_sim_nic_chan *ch;
	unsigned int i;

	for (i = 0; i < VMBC_SIM_NIC_MAX_CHANNELS; i++) {
		ch = nic->chans[i];
		if (ch && ch->wait_section) {
			ch->wait_section = false;
			queue_work(ch->dev->chan.sim->wq, &ch->dev->chan.io_work);
		}
	}
}

/**
 * vmbc_sim_nic_can_deliver() - may a message go to the guest now?
 * @nic: the NIC.
 * @ch: the channel it would go on.
 * @extra_bytes: ring bytes of other packets written with it.
 *
 * Checked before anything has an effect. Without a free section the
 * channel waits for the guest to give one back; without room in its ring,
 * for the guest to read (vmbc_sim_vsp_room()).
 *
 * Context: the channel's work, the host's mutex held.
 * Return: true when a receive section and the ring room are there.
 */
bool vmbc_sim_nic_can_deliver(struct vmbc_sim_nic *nic,
			      struct vmbc_sim_nic_chan *ch, u32 extra_bytes)
{
	if (!nic->recv_map || nic->recv_used >= nic->recv_sections) {
		ch->wait_section = true;
		return false;
	}
	return vmbc_sim_vsp_room(ch->dev, VMBC_SIM_NIC_XFER_BYTES +
				 extra_bytes);
}

/**
 * vmbc_sim_nic_deliver() - put one RNDIS message in the guest's buffer
 * @nic: the NIC.
 * @ch: the channel to tell the guest on.
 * @msg: the message.
 * @len: its bytes, at most a section.
 * @control: an answer of the device's, not a frame.
 * @signal: set when the write says the guest must be interrupted.
 *
 * Context: the channel's work, the host's mutex held.
 * Return: 0; -EAGAIN (no section or no ring room: the caller keeps the
 * message); -EMSGSIZE; -EIO (the ring or the buffer broke).
 */
int vmbc_sim_nic_deliver(struct vmbc_sim_nic *nic,
			 struct vmbc_sim_nic_chan *ch, const void *msg,
			 u32 len, bool control, bool *signal)
{
	struct vmbc_sim_xfer_hdr xh = {
		.pageset_id = VMBC_NVSP_RECV_BUF_ID,
		.range_count = 1,
	};
	struct vmbc_nvsp_message nv = {
		.type = VMBC_NVSP_MSG1_SEND_RNDIS_PKT,
		.rndis_pkt.channel_type = control ? VMBC_NVSP_CHANNEL_CONTROL :
						    VMBC_NVSP_CHANNEL_DATA,
		.rndis_pkt.section_index = VMBC_NVSP_NO_SECTION,
	};
	struct vmbc_sim_gpadl *g;
	int section, ret;

	if (len > VMBC_SIM_NIC_RECV_SECTION)
		return -EMSGSIZE;
	g = vmbc_sim_vsp_gpadl(vmbc_sim_nic_dev(nic), nic->recv_gpadl);
	if (!g)
		return -EIO;
	section = vmbc_sim_nic_section_get(nic);
	if (section < 0) {
		ch->wait_section = true;
		return -EAGAIN;
	}
	xh.range.byte_offset = section * VMBC_SIM_NIC_RECV_SECTION;
	xh.range.byte_count = len;
	ret = vmbc_sim_gpadl_copy(g, xh.range.byte_offset, (void *)msg, len,
				  true);
	if (!ret)
		ret = vmbc_sim_vsp_send(ch->dev, VM_PKT_DATA_USING_XFER_PAGES,
					VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED,
					section + 1, &xh, sizeof(xh), &nv,
					sizeof(nv), signal);
	if (ret) {
		vmbc_sim_nic_section_put(nic, section);
		return ret == -ERANGE ? -EIO : ret;
	}
	return 0;
}

/**
 * vmbc_sim_nic_answer() - give the guest the answer to its control message
 * @nic: the NIC.
 * @ch: the channel the message came on.
 * @msg: the answer.
 * @len: its bytes, at most a section.
 * @signal: set when a write says the guest must be interrupted.
 *
 * At once when a receive section is free and no earlier answer waits;
 * otherwise it waits in @ch's answer queue for the channel's work
 * (vmbc_sim_nic_io()), which sends it before any frame.
 *
 * Context: the channel's work, the host's mutex held; @ch->ansq has room
 * (the caller checked).
 * Return: 0 (sent or queued); -ENOMEM; -EMSGSIZE, -EIO as
 * vmbc_sim_nic_deliver().
 */
int vmbc_sim_nic_answer(struct vmbc_sim_nic *nic,
			struct vmbc_sim_nic_chan *ch, const void *msg, u32 len,
			bool *signal)
{
	struct sk_buff *skb;
	int ret = -EAGAIN;

	if (skb_queue_empty(&ch->ansq))
		ret = vmbc_sim_nic_deliver(nic, ch, msg, len, true,
					   signal);
	if (ret != -EAGAIN)
		return ret;
	skb = alloc_skb(len, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_put_data(skb, msg, len);
	skb_queue_tail(&ch->ansq, skb);
	return 0;
}

/* The guest gave a section back (its completion of a transfer packet). */
static void vmbc_sim_nic_completion(struct vmbc_sim_nic *nic,
				    struct vmbc_sim_dev *dev,
				    const struct vmbc_ring_pkt *pkt)
{
	struct vmbc_nvsp_message m = {};
	u64 id = pkt->desc.trans_id;

	memcpy(&m, pkt->data, min_t(u32, pkt->datalen, sizeof(m)));
	if (pkt->datalen < offsetofend(struct vmbc_nvsp_message,
				       rndis_pkt_complete.status) ||
	    m.type != VMBC_NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE) {
		vmbc_sim_vsp_bad(dev, "completion of %u bytes, type %u",
				 pkt->datalen, m.type);
		return;
	}
	if (!nic->recv_map || !id || id > nic->recv_sections ||
	    !test_bit(id - 1, nic->recv_map)) {
		vmbc_sim_vsp_bad(dev, "completion of transaction %llu, no section the guest holds",
				 id);
		return;
	}
	vmbc_sim_nic_section_put(nic, id - 1);
	vmbc_sim_nic_wake_waiters(nic);
}

static void vmbc_sim_nic_reset(struct vmbc_sim_nic *nic);

/* ------------------------------------------------------------------ */
/* NVSP                                                                */

static u32 vmbc_sim_nvsp_accept(u32 min_version, u32 max_version)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmbc_sim_nvsp_versions); i++)
		if (vmbc_sim_nvsp_versions[i] >= min_version &&
		    vmbc_sim_nvsp_versions[i] <= max_version)
			return vmbc_sim_nvsp_versions[i];
	return 0;
}

/* The bytes a message of @type must have, or 0 for a type not taken. */
static u32 vmbc_sim_nvsp_size(u32 type)
{
	struct vmbc_nvsp_message *m = NULL;

	switch (type) {
	case VMBC_NVSP_MSG_INIT:
		return offsetofend(typeof(*m), init);
	case VMBC_NVSP_MSG1_SEND_NDIS_VERSION:
		return offsetofend(typeof(*m), ndis_version);
	case VMBC_NVSP_MSG2_SEND_NDIS_CONFIG:
		return offsetofend(typeof(*m), ndis_config);
	case VMBC_NVSP_MSG1_SEND_RECV_BUF:
	case VMBC_NVSP_MSG1_SEND_SEND_BUF:
		return offsetofend(typeof(*m), send_buf);
	case VMBC_NVSP_MSG1_REVOKE_RECV_BUF:
	case VMBC_NVSP_MSG1_REVOKE_SEND_BUF:
		return offsetofend(typeof(*m), revoke);
	case VMBC_NVSP_MSG1_SEND_RNDIS_PKT:
		return offsetofend(typeof(*m), rndis_pkt);
	case VMBC_NVSP_MSG5_SUBCHANNEL:
		return offsetofend(typeof(*m), subchannel);
	case VMBC_NVSP_MSG4_SWITCH_DATA_PATH:
		return offsetofend(typeof(*m), datapath);
	default:
		return 0;
	}
}

/* Whether the guest must ask for an answer to a message of @type. */
static bool vmbc_sim_nvsp_answered(u32 type)
{
	return type == VMBC_NVSP_MSG_INIT ||
	       type == VMBC_NVSP_MSG1_SEND_RECV_BUF ||
	       type == VMBC_NVSP_MSG1_SEND_SEND_BUF ||
	       type == VMBC_NVSP_MSG1_SEND_RNDIS_PKT ||
	       type == VMBC_NVSP_MSG5_SUBCHANNEL ||
	       type == VMBC_NVSP_MSG4_SWITCH_DATA_PATH;
}

/* Sub-channels of @nic's device offered now. */
static u32 vmbc_sim_nic_subchannels(struct vmbc_sim_nic *nic)
{
	struct vmbc_sim_dev *primary = vmbc_sim_nic_dev(nic);

	return vmbc_sim_subchannels_offered(primary->chan.sim, primary);
}

/* SEND_RECV_BUF: the guest's receive buffer, cut into sections. */
static const char *vmbc_sim_nic_recv_buf(struct vmbc_sim_nic *nic,
					 const struct vmbc_nvsp_message *m,
					 struct vmbc_nvsp_message *a)
{
	struct vmbc_sim_gpadl *g;
	u32 n;

	a->type = VMBC_NVSP_MSG1_SEND_RECV_BUF_COMPLETE;
	a->recv_buf_complete.status = VMBC_NVSP_STAT_FAIL;
	if (!nic->version || nic->recv_gpadl)
		return "receive buffer before INIT, or a second one";
	if (m->send_buf.id != VMBC_NVSP_RECV_BUF_ID)
		return "receive buffer id not 0xcafe";
	g = vmbc_sim_vsp_gpadl(vmbc_sim_nic_dev(nic), m->send_buf.gpadl_handle);
	if (!g)
		return "receive buffer GPADL unknown, incomplete or not the NIC's";
	n = g->byte_count / VMBC_SIM_NIC_RECV_SECTION;
	if (!n)
		return "receive buffer smaller than a section";
	nic->recv_map = bitmap_zalloc(n, GFP_KERNEL);
	if (!nic->recv_map)
		return "no memory for the receive buffer's sections";
	nic->recv_gpadl = g->handle;
	nic->recv_sections = n;
	a->recv_buf_complete.status = VMBC_NVSP_STAT_SUCCESS;
	a->recv_buf_complete.num_sections = 1;
	a->recv_buf_complete.sub_alloc_size = VMBC_SIM_NIC_RECV_SECTION;
	a->recv_buf_complete.num_sub_allocs = n;
	a->recv_buf_complete.end_offset = n * VMBC_SIM_NIC_RECV_SECTION;
	return NULL;
}

/* SEND_SEND_BUF: the guest's send buffer. */
static const char *vmbc_sim_nic_send_buf(struct vmbc_sim_nic *nic,
					 const struct vmbc_nvsp_message *m,
					 struct vmbc_nvsp_message *a)
{
	struct vmbc_sim_gpadl *g;
	u32 n;

	a->type = VMBC_NVSP_MSG1_SEND_SEND_BUF_COMPLETE;
	a->send_buf_complete.status = VMBC_NVSP_STAT_FAIL;
	if (!nic->version || nic->send_gpadl)
		return "send buffer before INIT, or a second one";
	if (m->send_buf.id != VMBC_NVSP_SEND_BUF_ID)
		return "send buffer id not 0";
	g = vmbc_sim_vsp_gpadl(vmbc_sim_nic_dev(nic), m->send_buf.gpadl_handle);
	if (!g)
		return "send buffer GPADL unknown, incomplete or not the NIC's";
	n = g->byte_count / VMBC_SIM_NIC_SEND_SECTION;
	if (!n)
		return "send buffer smaller than a section";
	nic->send_gpadl = g->handle;
	nic->send_sections = n;
	a->send_buf_complete.status = VMBC_NVSP_STAT_SUCCESS;
	a->send_buf_complete.section_size = VMBC_SIM_NIC_SEND_SECTION;
	return NULL;
}

/*
 * Gather what one SEND_RNDIS_PKT carries into @buf: its send section's
 * bytes, then its pages'. Return: NULL, or what is wrong; *@len the bytes.
 */
static const char *vmbc_sim_nic_gather(struct vmbc_sim_nic *nic,
				       const struct vmbc_ring_pkt *pkt,
				       const struct vmbc_nvsp_message *m,
				       u8 *buf, u32 *len)
{
	u32 index = m->rndis_pkt.section_index;
	u32 size = m->rndis_pkt.section_size;
	struct vmbc_sim_gbuf b = {};
	struct vmbc_sim_gpadl *g;
	const char *why = NULL;

	*len = 0;
	if (index != VMBC_NVSP_NO_SECTION) {
		if (!nic->send_gpadl || index >= nic->send_sections)
			return "send section beyond the send buffer";
		if (!size || size > VMBC_SIM_NIC_SEND_SECTION)
			return "send section size 0 or over a section";
		g = vmbc_sim_vsp_gpadl(vmbc_sim_nic_dev(nic), nic->send_gpadl);
		if (!g || vmbc_sim_gpadl_copy(g, (u64)index *
					      VMBC_SIM_NIC_SEND_SECTION, buf,
					      size, false))
			return "send buffer gone";
		*len = size;
	} else if (size) {
		return "a section size without a section";
	}
	if (pkt->desc.type == VM_PKT_DATA_USING_GPA_DIRECT) {
		why = vmbc_sim_gbuf_from_packet(&b, pkt);
		if (!why && (!b.len || b.len > VMBC_SIM_NIC_SEND_MAX - *len))
			why = "pages empty, or more than the host takes at once";
		if (!why) {
			vmbc_sim_gbuf_copy(&b, 0, buf + *len, b.len, false);
			*len += b.len;
		}
		vmbc_sim_gbuf_free(&b);
	}
	if (!why && !*len)
		why = "RNDIS packet with neither a section nor pages";
	return why;
}

/*
 * SEND_RNDIS_PKT: an RNDIS message of the guest's. The answer (@a) goes
 * out whatever the status; a control message's own answer goes first,
 * or follows from the answer queue when no receive section is free.
 * Return: -EAGAIN when it must wait (nothing done yet), else 0.
 */
static int vmbc_sim_nic_rndis_pkt(struct vmbc_sim_nic *nic,
				  struct vmbc_sim_dev *dev,
				  const struct vmbc_ring_pkt *pkt,
				  const struct vmbc_nvsp_message *m,
				  struct vmbc_nvsp_message *a, bool *signal)
{
	struct vmbc_sim_nic_chan *ch = &((struct vmbc_sim_nic *)
					 vmbc_sim_model_priv(dev))->ch;
	bool control = m->rndis_pkt.channel_type == VMBC_NVSP_CHANNEL_CONTROL;
	struct vmbc_sim_nic_scratch *s = nic->scratch;
	const char *why = NULL;
	u32 len;

	a->type = VMBC_NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE;
	a->rndis_pkt_complete.status = VMBC_NVSP_STAT_FAIL;
	if (!nic->version || !nic->recv_gpadl || !s)
		why = "RNDIS before INIT and a receive buffer";
	else if (m->rndis_pkt.channel_type > VMBC_NVSP_CHANNEL_CONTROL)
		why = "RNDIS channel type not data or control";
	if (why)
		goto bad;
	/*
	 * A control message's answer needs the ring's room, and a section or
	 * a place in the answer queue: it must never wait for a section
	 * itself, or the completions behind it that free one go unread.
	 */
	if (control && skb_queue_len(&ch->ansq) >= VMBC_SIM_NIC_ANSQ_MAX) {
		ch->wait_section = true;
		return -EAGAIN;
	}
	if (!vmbc_sim_vsp_room(dev, VMBC_SIM_NIC_ANSWER_BYTES +
			       (control ? VMBC_SIM_NIC_XFER_BYTES : 0)))
		return -EAGAIN;
	why = vmbc_sim_nic_gather(nic, pkt, m, s->gather, &len);
	if (why)
		goto bad;
	a->rndis_pkt_complete.status = control ?
		vmbc_sim_rndis_control(nic, dev, s->gather, len, signal) :
		vmbc_sim_rndis_data(nic, dev, s->gather, len);
	return 0;
bad:
	vmbc_sim_vsp_bad(dev, "RNDIS packet: %s", why);
	return 0;
}

/*
 * One NVSP request on @dev's channel, copied into @m; @a is the answer
 * (sent when the request asked for one). Return: -EAGAIN (must wait),
 * 1 (offer new sub-channels after the answer), 0.
 */
static int vmbc_sim_nic_request(struct vmbc_sim_nic *nic,
				struct vmbc_sim_dev *dev,
				const struct vmbc_ring_pkt *pkt,
				const struct vmbc_nvsp_message *m,
				struct vmbc_nvsp_message *a, bool *signal)
{
	bool primary = !dev->cfg.sub_channel_index;
	const char *why = NULL;
	u32 n;

	switch (m->type) {
	case VMBC_NVSP_MSG_INIT:
		a->type = VMBC_NVSP_MSG_INIT_COMPLETE;
		a->init_complete.status = VMBC_NVSP_STAT_FAIL;
		if (!primary) {
			why = "INIT on a sub-channel";
			break;
		}
		/* a new negotiation: what the last one set up is gone */
		vmbc_sim_nic_reset(nic);
		vmbc_sim_nic_update_rx(nic);
		nic->version = vmbc_sim_nvsp_accept(m->init.min_version,
						    m->init.max_version);
		if (nic->version) {
			a->init_complete.version = nic->version;
			a->init_complete.status = VMBC_NVSP_STAT_SUCCESS;
		}
		return 0;
	case VMBC_NVSP_MSG1_SEND_NDIS_VERSION:
		if (!primary || !nic->version || m->ndis_version.major != 6)
			why = "NDIS version before INIT, or not 6.x";
		else
			nic->ndis_version = m->ndis_version.major << 16 |
					    m->ndis_version.minor;
		break;
	case VMBC_NVSP_MSG2_SEND_NDIS_CONFIG:
		if (!primary || nic->version < VMBC_NVSP_VERSION_2 ||
		    m->ndis_config.mtu < ETH_HLEN + ETH_MIN_MTU ||
		    m->ndis_config.mtu > ETH_HLEN + 65535)
			why = "NDIS config before INIT (v2), or an MTU out of range";
		/* the host's MTU is its own (1500): nothing to keep */
		break;
	case VMBC_NVSP_MSG1_SEND_RECV_BUF:
		why = primary ? vmbc_sim_nic_recv_buf(nic, m, a) :
			"receive buffer on a sub-channel";
		if (!why)
			vmbc_sim_nic_update_rx(nic);
		break;
	case VMBC_NVSP_MSG1_SEND_SEND_BUF:
		why = primary ? vmbc_sim_nic_send_buf(nic, m, a) :
			"send buffer on a sub-channel";
		break;
	case VMBC_NVSP_MSG1_REVOKE_RECV_BUF:
		if (!primary || !nic->recv_gpadl ||
		    m->revoke.id != VMBC_NVSP_RECV_BUF_ID) {
			why = "revoke of a receive buffer not there";
			break;
		}
		vmbc_sim_nic_drop_recv(nic);
		vmbc_sim_nic_update_rx(nic);
		break;
	case VMBC_NVSP_MSG1_REVOKE_SEND_BUF:
		if (!primary || !nic->send_gpadl ||
		    m->revoke.id != VMBC_NVSP_SEND_BUF_ID) {
			why = "revoke of a send buffer not there";
			break;
		}
		nic->send_gpadl = 0;
		nic->send_sections = 0;
		break;
	case VMBC_NVSP_MSG1_SEND_RNDIS_PKT:
		return vmbc_sim_nic_rndis_pkt(nic, dev, pkt, m, a, signal);
	case VMBC_NVSP_MSG5_SUBCHANNEL:
		a->type = VMBC_NVSP_MSG5_SUBCHANNEL;
		a->subchannel_complete.status = VMBC_NVSP_STAT_FAIL;
		n = m->subchannel.count;
		if (!primary || nic->version < VMBC_NVSP_VERSION_5 ||
		    m->subchannel.op != VMBC_NVSP_SUBCHANNEL_ALLOCATE || !n ||
		    n > nic->max_subchannels -
			min_t(u32, nic->max_subchannels,
			      vmbc_sim_nic_subchannels(nic))) {
			why = "sub-channels before NVSP 5, none, or too many";
			break;
		}
		n = vmbc_sim_add_subchannels(dev->chan.sim, dev, n);
		a->subchannel_complete.status = VMBC_NVSP_STAT_SUCCESS;
		a->subchannel_complete.count = n;
		return n > 0;
	case VMBC_NVSP_MSG4_SWITCH_DATA_PATH:
		/* no virtual function here: the synthetic path stays */
		if (nic->version < VMBC_NVSP_VERSION_4)
			why = "data path switch before NVSP 4";
		break;
	}
	if (why)
		vmbc_sim_vsp_bad(dev, "NVSP message %u: %s", m->type, why);
	return 0;
}

static int vmbc_sim_nic_packet(struct vmbc_sim_dev *dev,
			       const struct vmbc_ring_pkt *pkt, bool *signal)
{
	struct vmbc_nvsp_message m = {}, a = {};
	struct vmbc_sim *sim = dev->chan.sim;
	struct vmbc_sim_nic *nic;
	u32 size;
	int ret;

	nic = vmbc_sim_nic_of(dev);
	if (!nic) {
		vmbc_sim_vsp_bad(dev, "a sub-channel without its primary");
		return 0;
	}
	if (pkt->desc.type == VM_PKT_COMP) {
		vmbc_sim_nic_completion(nic, dev, pkt);
		return 0;
	}
	if (pkt->desc.type != VM_PKT_DATA_INBAND &&
	    pkt->desc.type != VM_PKT_DATA_USING_GPA_DIRECT) {
		vmbc_sim_vsp_bad(dev, "packet type %u", pkt->desc.type);
		return 0;
	}
	/* one read of the guest's bytes; everything below looks at @m */
	memcpy(&m, pkt->data, min_t(u32, pkt->datalen, sizeof(m)));
	size = vmbc_sim_nvsp_size(m.type);
	if (!size || pkt->datalen < size) {
		vmbc_sim_vsp_bad(dev, "NVSP message %u of %u bytes", m.type,
				 pkt->datalen);
		return 0;
	}
	if (pkt->desc.type == VM_PKT_DATA_USING_GPA_DIRECT &&
	    m.type != VMBC_NVSP_MSG1_SEND_RNDIS_PKT) {
		vmbc_sim_vsp_bad(dev, "pages with NVSP message %u", m.type);
		return 0;
	}
	if (vmbc_sim_nvsp_answered(m.type) !=
	    !!(pkt->desc.flags & VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED)) {
		vmbc_sim_vsp_bad(dev, "NVSP message %u %s an answer", m.type,
				 vmbc_sim_nvsp_answered(m.type) ?
				 "does not ask for" : "asks for");
		return 0;
	}
	/* the answer's room first: a request that must wait has no effect */
	if (vmbc_sim_nvsp_answered(m.type) &&
	    !vmbc_sim_vsp_room(dev, VMBC_SIM_NIC_ANSWER_BYTES))
		return -EAGAIN;
	ret = vmbc_sim_nic_request(nic, dev, pkt, &m, &a, signal);
	if (ret < 0)
		return ret;
	if (vmbc_sim_nvsp_answered(m.type)) {
		/* a data path switch is answered by a bare completion */
		int err = vmbc_sim_vsp_send(dev, VM_PKT_COMP, 0,
					    pkt->desc.trans_id, NULL, 0, &a,
					    m.type == VMBC_NVSP_MSG4_SWITCH_DATA_PATH ?
					    0 : sizeof(a), signal);
		if (err)
			return err == -EAGAIN ? 0 : err;
	}
	if (ret > 0) {
		/* the answer first, then the offers */
		if (*signal) {
			vmbc_sim_chan_interrupt(sim, dev);
			*signal = false;
		}
		vmbc_sim_devs_offer_all(sim);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Lifecycle                                                           */

static void vmbc_sim_nic_init(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_nic *nic = vmbc_sim_model_priv(dev);
	struct vmbc_sim_nic_scratch *scratch;

	nic->ch.dev = dev;
	skb_queue_head_init(&nic->ch.rxq);
	skb_queue_head_init(&nic->ch.ansq);
	if (dev->cfg.sub_channel_index)
		return;
	nic->link_up = true;
	nic->max_subchannels = VMBC_SIM_NIC_SUBCHANNELS;
	/* Hyper-V's prefix, then the instance's last three bytes */
	nic->mac[0] = 0x00;
	nic->mac[1] = 0x15;
	nic->mac[2] = 0x5d;
	memcpy(&nic->mac[3], &dev->cfg.instance_id.b[13], 3);
	scratch = kvmalloc(sizeof(*scratch), GFP_KERNEL);
	nic->scratch = scratch;
	nic->port = vmbc_sim_nic_port_new(nic);
}

static void vmbc_sim_nic_release(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_nic *nic = vmbc_sim_model_priv(dev);

	skb_queue_purge(&nic->ch.rxq);
	skb_queue_purge(&nic->ch.ansq);
	if (dev->cfg.sub_channel_index)
		return;
	if (nic->port)
		vmbc_sim_nic_port_detach(nic->port);
	vmbc_sim_nic_drop_recv(nic);
	kvfree(nic->scratch);
}

/* Forget what the guest set up: a new open starts anew. */
static void vmbc_sim_nic_reset(struct vmbc_sim_nic *nic)
{
	/* the port's transmit path reads these under its lock */
	vmbc_sim_nic_port_set_ready(nic->port, nic, false);
	vmbc_sim_nic_port_set_rss(nic->port, nic, false, 0, NULL);
	/* answers to the last negotiation's requests mean nothing now */
	skb_queue_purge(&nic->ch.ansq);
	nic->version = 0;
	nic->ndis_version = 0;
	vmbc_sim_nic_drop_recv(nic);
	nic->send_gpadl = 0;
	nic->send_sections = 0;
	nic->rndis = VMBC_SIM_RNDIS_UNINIT;
	nic->filter = 0;
	nic->indicate = false;
}

static void vmbc_sim_nic_opened(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_nic *own = vmbc_sim_model_priv(dev);
	struct vmbc_sim_nic *nic = vmbc_sim_nic_of(dev);

	if (!nic)
		return;
	if (!dev->cfg.sub_channel_index)
		vmbc_sim_nic_reset(nic);
	own->ch.wait_section = false;
	vmbc_sim_nic_port_set_chan(nic->port, nic, dev->cfg.sub_channel_index,
				   &own->ch);
	vmbc_sim_nic_update_rx(nic);
}

static void vmbc_sim_nic_closed(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_nic *own = vmbc_sim_model_priv(dev);
	struct vmbc_sim_nic *nic = vmbc_sim_nic_of(dev);

	/* answers for a guest that is gone */
	skb_queue_purge(&own->ch.ansq);
	if (!nic)
		return;
	vmbc_sim_nic_port_set_chan(nic->port, nic, dev->cfg.sub_channel_index,
				   NULL);
	if (!dev->cfg.sub_channel_index)
		vmbc_sim_nic_reset(nic);
	vmbc_sim_nic_update_rx(nic);
}

/* What waited for a section or for room goes out first. */
static void vmbc_sim_nic_io(struct vmbc_sim_dev *dev, bool *signal)
{
	struct vmbc_sim_nic *own = vmbc_sim_model_priv(dev);
	struct vmbc_sim_nic *nic = vmbc_sim_nic_of(dev);
	struct sk_buff *skb;
	int ret;

	if (!nic)
		return;
	/* the answers first: the guest waits for them */
	while ((skb = skb_peek(&own->ch.ansq))) {
		ret = vmbc_sim_nic_deliver(nic, &own->ch, skb->data, skb->len,
					   true, signal);
		if (ret == -EAGAIN)
			return;
		/* sent, or never can be (the buffer was revoked) */
		skb_unlink(skb, &own->ch.ansq);
		consume_skb(skb);
	}
	if (nic == own && nic->indicate &&
	    vmbc_sim_rndis_indicate(nic, signal) == -EAGAIN)
		return;
	while ((skb = skb_peek(&own->ch.rxq))) {
		ret = vmbc_sim_rndis_frame_out(nic, &own->ch, skb, signal);
		if (ret == -EAGAIN)
			break;
		skb_unlink(skb, &own->ch.rxq);
		consume_skb(skb);
	}
	vmbc_sim_nic_port_wake(nic->port, &own->ch);
}

/* ------------------------------------------------------------------ */
/* The C API                                                           */

/* The NIC at @relid (a primary), under the host's mutex. */
static struct vmbc_sim_nic *vmbc_sim_nic_at(struct vmbc_sim *sim, u32 relid)
{
	return vmbc_sim_model_primary(sim, relid, &vmbc_sim_network_model);
}

/**
 * vmbc_sim_nic_state() - where a synthetic NIC stands
 * @sim: the host.
 * @relid: the NIC's primary channel.
 * @st: filled in.
 *
 * Context: process context.
 * Return: 0; -ENOENT (no device there) or -ENODEV (not a NIC's primary
 * channel).
 */
int vmbc_sim_nic_state(struct vmbc_sim *sim, u32 relid,
		       struct vmbc_sim_nic_state *st)
{
	struct vmbc_sim_nic *nic;
	unsigned int i;
	int ret = 0;

	memset(st, 0, sizeof(*st));
	mutex_lock(&sim->mutex);
	nic = vmbc_sim_nic_at(sim, relid);
	if (IS_ERR(nic)) {
		ret = PTR_ERR(nic);
		goto out;
	}
	st->open = nic->ch.dev->chan.open;
	st->version = nic->version;
	st->ndis_version = nic->ndis_version;
	st->rndis_initialized = nic->rndis != VMBC_SIM_RNDIS_UNINIT;
	st->filter = nic->filter;
	st->link_up = nic->link_up;
	st->rx_ready = nic->rx_ready;
	memcpy(st->mac, nic->mac, ETH_ALEN);
	st->recv_sections = nic->recv_sections;
	st->recv_used = nic->recv_used;
	st->send_sections = nic->send_sections;
	st->subchannels = vmbc_sim_nic_subchannels(nic);
	st->max_subchannels = nic->max_subchannels;
	for (i = 0; i < VMBC_SIM_NIC_MAX_CHANNELS; i++)
		st->channels_open += !!nic->chans[i];
	st->rss_entries = nic->rss_on ? nic->rss_size : 0;
	st->frames_in = nic->frames_in;
	st->bytes_in = nic->bytes_in;
	st->frames_out = nic->frames_out;
	st->bytes_out = nic->bytes_out;
	st->dropped_in = nic->dropped_in;
	st->dropped_out = nic->dropped_out;
	st->rndis_requests = nic->rndis_requests;
	st->rndis_refused = nic->rndis_refused;
	st->indications = nic->indications;
	if (nic->port)
		st->port_ifindex = vmbc_sim_nic_port_name(nic->port,
							  st->port);
out:
	mutex_unlock(&sim->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_sim_nic_state);

/**
 * vmbc_sim_nic_set_link() - plug or unplug a NIC's cable
 * @sim: the host.
 * @relid: the NIC's primary channel.
 * @up: the link is up.
 *
 * The guest hears of it (RNDIS_STATUS_MEDIA_CONNECT or _DISCONNECT) when
 * its RNDIS device is initialised; no frames reach it while the link is
 * down. The host's port follows.
 *
 * Context: process context.
 * Return: 0; -ENOENT, -ENODEV.
 */
int vmbc_sim_nic_set_link(struct vmbc_sim *sim, u32 relid, bool up)
{
	struct vmbc_sim_nic *nic;
	struct vmbc_sim_dev *dev;
	int ret = 0;

	mutex_lock(&sim->mutex);
	nic = vmbc_sim_nic_at(sim, relid);
	if (IS_ERR(nic)) {
		ret = PTR_ERR(nic);
		goto out;
	}
	if (nic->link_up == up)
		goto out;
	nic->link_up = up;
	vmbc_sim_nic_update_rx(nic);
	if (nic->port)
		vmbc_sim_nic_port_carrier(nic->port, up);
	dev = nic->ch.dev;
	if (nic->rndis != VMBC_SIM_RNDIS_UNINIT && dev->chan.open) {
		/* the primary's work tells the guest */
		nic->indicate = true;
		queue_work(sim->wq, &dev->chan.io_work);
	}
out:
	mutex_unlock(&sim->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_sim_nic_set_link);

/**
 * vmbc_sim_nic_set_subchannels() - the sub-channels a NIC allows
 * @sim: the host.
 * @relid: the NIC's primary channel.
 * @n: 0 to 63; the guest learns it from its next RSS capabilities query.
 *
 * Context: process context.
 * Return: 0; -EINVAL for @n over 63; -ENOENT, -ENODEV.
 */
int vmbc_sim_nic_set_subchannels(struct vmbc_sim *sim, u32 relid, u32 n)
{
	struct vmbc_sim_nic *nic;
	int ret = 0;

	if (n >= VMBC_SIM_NIC_MAX_CHANNELS)
		return -EINVAL;
	mutex_lock(&sim->mutex);
	nic = vmbc_sim_nic_at(sim, relid);
	if (IS_ERR(nic))
		ret = PTR_ERR(nic);
	else
		nic->max_subchannels = n;
	mutex_unlock(&sim->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_sim_nic_set_subchannels);

/**
 * vmbc_sim_nic_send() - give a NIC's guest a frame from the host
 * @sim: the host.
 * @relid: the NIC's primary channel.
 * @frame: the frame, from its Ethernet header on.
 * @len: its bytes: 14 to 1514.
 *
 * As if it came in through the host's port; it goes to the guest from
 * the channel's work, soon after.
 *
 * Context: process context.
 * Return: 0; -EINVAL (a bad length); -ENETDOWN (the guest takes no frames
 * now); -ENOBUFS (its queue is full); -ENOMEM; -ENOENT, -ENODEV.
 */
int vmbc_sim_nic_send(struct vmbc_sim *sim, u32 relid, const void *frame,
		      u32 len)
{
	struct vmbc_sim_nic *nic;
	struct sk_buff *skb;
	int ret;

	if (len < ETH_HLEN || len > ETH_HLEN + VMBC_SIM_NIC_MTU)
		return -EINVAL;
	skb = alloc_skb(len, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_put_data(skb, frame, len);
	/* under the mutex: the NIC, and so its port, cannot go meanwhile */
	mutex_lock(&sim->mutex);
	nic = vmbc_sim_nic_at(sim, relid);
	if (IS_ERR(nic)) {
		ret = PTR_ERR(nic);
		kfree_skb(skb);
	} else if (!nic->port) {
		ret = -ENETDOWN;
		kfree_skb(skb);
	} else {
		ret = vmbc_sim_nic_port_xmit(nic->port, skb);
	}
	mutex_unlock(&sim->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_sim_nic_send);

/* ------------------------------------------------------------------ */
/* debugfs: <host>/net                                                 */

static const char *vmbc_sim_nic_stage(const struct vmbc_sim_nic *nic)
{
	if (!nic->ch.dev->chan.open)
		return "closed";
	if (nic->rndis == VMBC_SIM_RNDIS_DATA)
		return "running";
	if (nic->rndis == VMBC_SIM_RNDIS_INIT)
		return "initialized";
	return nic->version ? "negotiated" : "opened";
}

static int vmbc_sim_nic_show(struct seq_file *s, void *unused)
{
	struct vmbc_sim *sim = s->private;
	struct vmbc_sim_nic *nic;
	struct vmbc_sim_dev *dev;
	char port[IFNAMSIZ];
	unsigned long relid;
	unsigned int i, open;
	u64 sub_in, sub_out;

	mutex_lock(&sim->mutex);
	xa_for_each(&sim->devs, relid, dev) {
		if (dev->model != &vmbc_sim_network_model ||
		    dev->cfg.sub_channel_index)
			continue;
		nic = vmbc_sim_model_priv(dev);
		port[0] = '\0';
		if (nic->port)
			vmbc_sim_nic_port_name(nic->port, port);
		open = !!nic->chans[0];
		sub_in = 0;
		sub_out = 0;
		for (i = 1; i < VMBC_SIM_NIC_MAX_CHANNELS; i++) {
			if (!nic->chans[i])
				continue;
			open++;
			sub_in += nic->chans[i]->frames_in;
			sub_out += nic->chans[i]->frames_out;
		}
		seq_printf(s, "%lu %s nvsp=%x ndis=%u.%u mac=%pM port=%s link=%s channels=%u subchannels=%u/%u rss=%u recv_sections=%u/%u send_sections=%u filter=%#x frames_in=%llu bytes_in=%llu frames_out=%llu bytes_out=%llu dropped_in=%llu dropped_out=%llu rndis_requests=%llu rndis_refused=%llu indications=%llu sub_frames_in=%llu sub_frames_out=%llu\n",
			   relid, vmbc_sim_nic_stage(nic), nic->version,
			   nic->ndis_version >> 16, nic->ndis_version & 0xffff,
			   nic->mac, port[0] ? port : "-",
			   nic->link_up ? "up" : "down", open,
			   vmbc_sim_nic_subchannels(nic), nic->max_subchannels,
			   nic->rss_on ? nic->rss_size : 0, nic->recv_used,
			   nic->recv_sections, nic->send_sections, nic->filter,
			   nic->frames_in, nic->bytes_in, nic->frames_out,
			   nic->bytes_out, nic->dropped_in, nic->dropped_out,
			   nic->rndis_requests, nic->rndis_refused,
			   nic->indications, sub_in, sub_out);
	}
	mutex_unlock(&sim->mutex);
	return 0;
}

/* "RELID link up|down", "RELID subchannels N". */
static int vmbc_sim_nic_apply(struct vmbc_sim *sim, int argc, char **argv)
{
	u32 relid, n;

	if (argc != 3 || kstrtou32(argv[0], 0, &relid) || !relid ||
	    relid > VMBUS_MAX_RELID)
		return -EINVAL;
	if (!strcmp(argv[1], "link")) {
		if (!strcmp(argv[2], "up"))
			return vmbc_sim_nic_set_link(sim, relid, true);
		if (!strcmp(argv[2], "down"))
			return vmbc_sim_nic_set_link(sim, relid, false);
		return -EINVAL;
	}
	if (!strcmp(argv[1], "subchannels"))
		return kstrtou32(argv[2], 0, &n) ? -EINVAL :
		       vmbc_sim_nic_set_subchannels(sim, relid, n);
	return -EINVAL;
}

static const struct vmbc_sim_cmd_file vmbc_sim_nic_file = {
	.name = "net",
	.show = vmbc_sim_nic_show,
	.apply = vmbc_sim_nic_apply,
	.usage =
		"\"RELID link up|down\" or \"RELID subchannels N\" (0-63); RELID a NIC's primary channel (1-2047)",
};

const struct vmbc_sim_model vmbc_sim_network_model = {
	.name = "network",
	.class_id = VMBC_NVSP_CLASS_GUID,
	.priv_size = sizeof(struct vmbc_sim_nic),
	.init = vmbc_sim_nic_init,
	.opened = vmbc_sim_nic_opened,
	.packet = vmbc_sim_nic_packet,
	.io = vmbc_sim_nic_io,
	.closed = vmbc_sim_nic_closed,
	.release = vmbc_sim_nic_release,
	.file = &vmbc_sim_nic_file,
	.setup = vmbc_sim_nic_setup,
	.teardown = vmbc_sim_nic_teardown,
	.transient_subchannels = true,
};
