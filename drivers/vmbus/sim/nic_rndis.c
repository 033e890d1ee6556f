// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim synthetic NIC: the RNDIS device inside NVSP. The guest's
 * control messages (INIT, QUERY, SET, HALT, KEEPALIVE) are answered in a
 * receive section; its data messages (PACKET, several batched in one
 * send) are cut into frames for the host's port; frames for the guest
 * and link changes (INDICATE) are written into receive sections.
 *
 * What the host offers: one 802.3 medium at 10 Gb/s, an MTU of 1500, the
 * MAC address of the NIC, no checksum or segmentation offload (a guest
 * that asks to turn one on is refused), receive-side scaling over the
 * channels it allows. Every offset and length the guest wrote is checked
 * against the message before it is followed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/kernel.h>
#include <linux/rndis.h>
#include <linux/string.h>

#include "nic.h"
#include "vsp.h"

/* The link speed the host reports, in units of 100 b/s: 10 Gb/s. */
#define VMBC_SIM_NIC_SPEED		100000000
/* The largest message the host takes from the guest (INIT_C). */
#define VMBC_SIM_NIC_MAX_XFER		0x4000

/* An answer being built in nic->out: its header and body. */
struct vmbc_sim_rndis_answer {
	struct vmbc_rndis_header hdr;
	union {
		struct vmbc_rndis_init_complete init;
		struct vmbc_rndis_query_complete query;
		struct vmbc_rndis_set_complete set;
		struct vmbc_rndis_indicate indicate;
	};
} __packed;

/* ------------------------------------------------------------------ */
/* QUERY                                                               */

/*
 * The answer to a query of @oid, into @info (room for @room bytes);
 * @tmpl is the guest's template (an NDIS object header for the objects
 * that have one), @tmpl_len its bytes. Return: RNDIS_STATUS_*; *@len the
 * bytes of the answer.
 */
static u32 vmbc_sim_rndis_query_oid(struct vmbc_sim_nic *nic, u32 oid,
				    const u8 *tmpl, u32 tmpl_len, u8 *info,
				    u32 room, u32 *len)
{
	struct vmbc_ndis_object_header h;
	struct vmbc_ndis_rss_caps caps = {
		.hdr.type = VMBC_NDIS_OBJECT_RSS_CAPS,
		.hdr.revision = 2,
		.hdr.size = sizeof(caps),
		.flags = VMBC_NDIS_RSS_CAPS_HASH_TCP4 |
			 VMBC_NDIS_RSS_CAPS_HASH_TCP6,
		.num_int_msg = 1,
		.num_table_entries = VMBC_SIM_NIC_RSS_TABLE,
	};
	u32 v;

	*len = 0;
	switch (oid) {
	case RNDIS_OID_GEN_MAXIMUM_FRAME_SIZE:
		v = VMBC_SIM_NIC_MTU;
		break;
	case RNDIS_OID_GEN_LINK_SPEED:
		v = VMBC_SIM_NIC_SPEED;
		break;
	case RNDIS_OID_GEN_MEDIA_CONNECT_STATUS:
		/* NdisMediaStateConnected is 0, Disconnected 1 */
		v = !nic->link_up;
		break;
	case RNDIS_OID_GEN_CURRENT_PACKET_FILTER:
		v = nic->filter;
		break;
	case RNDIS_OID_802_3_PERMANENT_ADDRESS:
	case RNDIS_OID_802_3_CURRENT_ADDRESS:
		memcpy(info, nic->mac, ETH_ALEN);
		*len = ETH_ALEN;
		return RNDIS_STATUS_SUCCESS;
	case VMBC_OID_OFFLOAD_HW_CAPS:
		/* the template says which revision the guest reads */
		if (tmpl_len < sizeof(h))
			return RNDIS_STATUS_INVALID_LENGTH;
		memcpy(&h, tmpl, sizeof(h));
		if (h.type != VMBC_NDIS_OBJECT_OFFLOAD || !h.revision ||
		    h.revision > 3 || h.size < VMBC_NDIS_OFFLOAD_SIZE_6_0 ||
		    h.size > VMBC_NDIS_OFFLOAD_SIZE || h.size > tmpl_len)
			return RNDIS_STATUS_INVALID_DATA;
		/* no offload of any kind: every capability block is zero */
		memset(info, 0, h.size);
		memcpy(info, &h, sizeof(h));
		*len = h.size;
		return RNDIS_STATUS_SUCCESS;
	case VMBC_OID_RSS_CAPABILITIES:
		if (nic->version < VMBC_NVSP_VERSION_5)
			return RNDIS_STATUS_NOT_SUPPORTED;
		caps.num_queues = 1 + nic->max_subchannels;
		memcpy(info, &caps, sizeof(caps));
		*len = sizeof(caps);
		return RNDIS_STATUS_SUCCESS;
	default:
		/* the friendly name among them: the guest keeps its own */
		return RNDIS_STATUS_NOT_SUPPORTED;
	}
	if (WARN_ON_ONCE(room < sizeof(v)))
		return RNDIS_STATUS_FAILURE;
	memcpy(info, &v, sizeof(v));
	*len = sizeof(v);
	return RNDIS_STATUS_SUCCESS;
}

/* ------------------------------------------------------------------ */
/* SET                                                                 */

/* OID_GEN_RECEIVE_SCALE_PARAMETERS: the guest's indirection table. */
static u32 vmbc_sim_rndis_set_rss(struct vmbc_sim_nic *nic, const u8 *info,
				  u32 len)
{
	u8 table[VMBC_NDIS_RSS_TABLE_MAX];
	struct vmbc_ndis_rss_params p;
	u32 i, n, entry;

	if (len < sizeof(p))
		return RNDIS_STATUS_INVALID_LENGTH;
	memcpy(&p, info, sizeof(p));
	if (p.hdr.type != VMBC_NDIS_OBJECT_RSS_PARAMS)
		return RNDIS_STATUS_INVALID_DATA;
	if (p.flags & VMBC_NDIS_RSS_DISABLE) {
		vmbc_sim_nic_port_set_rss(nic->port, nic, false, 0, NULL);
		return RNDIS_STATUS_SUCCESS;
	}
	n = p.table_size / sizeof(u32);
	if (!n || p.table_size % sizeof(u32) || n > VMBC_NDIS_RSS_TABLE_MAX ||
	    p.table_offset > len || p.table_size > len - p.table_offset ||
	    p.key_offset > len || p.key_size > len - p.key_offset)
		return RNDIS_STATUS_INVALID_DATA;
	for (i = 0; i < n; i++) {
		memcpy(&entry, info + p.table_offset + i * sizeof(u32),
		       sizeof(entry));
		if (entry > nic->max_subchannels)
			return RNDIS_STATUS_INVALID_DATA;
		table[i] = entry;
	}
	vmbc_sim_nic_port_set_rss(nic->port, nic, true, n, table);
	return RNDIS_STATUS_SUCCESS;
}

/*
 * OID_TCP_OFFLOAD_PARAMETERS: what the guest turns on. Each byte after
 * the header is "no change" (0) or a "disabled" setting (1) here; any
 * other asks for an offload the host said it lacks.
 */
static u32 vmbc_sim_rndis_set_offload(const u8 *info, u32 len)
{
	struct vmbc_ndis_object_header h;
	u32 i;

	if (len < sizeof(h))
		return RNDIS_STATUS_INVALID_LENGTH;
	memcpy(&h, info, sizeof(h));
	if (h.type != VMBC_NDIS_OBJECT_DEFAULT || h.size > len)
		return RNDIS_STATUS_INVALID_DATA;
	/* bytes 4-14: IPv4, TCPv4, UDPv4, TCPv6, UDPv6, LSOv1, IPsec,
	 * LSOv2 v4 and v6, TCP connection v4 and v6
	 */
	for (i = sizeof(h); i < min_t(u32, h.size, 15); i++)
		if (info[i] > 1)
			return RNDIS_STATUS_NOT_SUPPORTED;
	return RNDIS_STATUS_SUCCESS;
}

static u32 vmbc_sim_rndis_set_oid(struct vmbc_sim_nic *nic, u32 oid,
				  const u8 *info, u32 len)
{
	u32 v;

	switch (oid) {
	case RNDIS_OID_GEN_CURRENT_PACKET_FILTER:
		if (len != sizeof(v))
			return RNDIS_STATUS_INVALID_LENGTH;
		memcpy(&v, info, sizeof(v));
		nic->filter = v;
		nic->rndis = v ? VMBC_SIM_RNDIS_DATA : VMBC_SIM_RNDIS_INIT;
		vmbc_sim_nic_update_rx(nic);
		return RNDIS_STATUS_SUCCESS;
	case VMBC_OID_OFFLOAD_PARAMETERS:
		return vmbc_sim_rndis_set_offload(info, len);
	case VMBC_OID_RSS_PARAMETERS:
		return vmbc_sim_rndis_set_rss(nic, info, len);
	default:
		/* a MAC address of the guest's choosing among them */
		return RNDIS_STATUS_NOT_SUPPORTED;
	}
}

/* ------------------------------------------------------------------ */
/* Control messages                                                    */

/*
 * Where a QUERY's or SET's information lies in @msg (@len bytes): its
 * offset counts from the request id, after the header. Return: NULL, or
 * what is wrong.
 */
static const char *vmbc_sim_rndis_info(const struct vmbc_rndis_oid_request *r,
				       u32 len, u32 *start)
{
	u32 body = len - VMBC_RNDIS_HEADER_SIZE;

	if (!r->info_len) {
		*start = 0;
		return NULL;
	}
	if (r->info_offset < sizeof(*r) || r->info_offset > body ||
	    r->info_len > body - r->info_offset)
		return "information beyond the message";
	*start = VMBC_RNDIS_HEADER_SIZE + r->info_offset;
	return NULL;
}

/**
 * vmbc_sim_rndis_control() - answer one RNDIS control message
 * @nic: the NIC.
 * @dev: the channel it came on (the answer goes there).
 * @msg: the message, gathered from the guest's buffers.
 * @len: its bytes.
 * @signal: set when a write says the guest must be interrupted.
 *
 * Context: the channel's work, the host's mutex held; the caller checked
 * that the answer can go out or wait (room in the ring, in @ansq).
 * Return: the NVSP status of the guest's send.
 */
u32 vmbc_sim_rndis_control(struct vmbc_sim_nic *nic, struct vmbc_sim_dev *dev,
			   const u8 *msg, u32 len, bool *signal)
{
	struct vmbc_sim_nic_chan *ch = &((struct vmbc_sim_nic *)
					 vmbc_sim_model_priv(dev))->ch;
	struct vmbc_sim_rndis_answer *a = (void *)nic->out;
	u8 *info = nic->out + sizeof(a->hdr) + sizeof(a->query);
	struct vmbc_rndis_oid_request r;
	struct vmbc_rndis_header h;
	const char *why = NULL;
	u32 start, info_len, room;
	u32 answer_len;

	if (len < sizeof(h) + sizeof(u32)) {
		why = "message shorter than a header and an id";
		goto bad;
	}
	memcpy(&h, msg, sizeof(h));
	if (h.len < sizeof(h) + sizeof(u32) || h.len > len) {
		why = "message length beyond what was sent";
		goto bad;
	}
	len = h.len;
	memset(a, 0, sizeof(*a));
	/* every request's body starts with its id, echoed in the answer */
	memcpy(&a->set.req_id, msg + sizeof(h), sizeof(u32));
	switch (h.type) {
	case RNDIS_MSG_INIT:
		if (len < sizeof(h) + sizeof(struct vmbc_rndis_init_request)) {
			why = "INIT too short";
			goto bad;
		}
		a->hdr.type = RNDIS_MSG_INIT_C;
		a->hdr.len = sizeof(a->hdr) + sizeof(a->init);
		a->init.status = RNDIS_STATUS_SUCCESS;
		a->init.major = RNDIS_MAJOR_VERSION;
		a->init.minor = RNDIS_MINOR_VERSION;
		a->init.dev_flags = RNDIS_DF_CONNECTIONLESS;
		a->init.medium = RNDIS_MEDIUM_802_3;
		a->init.max_pkts_per_msg = VMBC_SIM_NIC_MAX_PKTS;
		a->init.max_xfer_size = VMBC_SIM_NIC_MAX_XFER;
		a->init.pkt_alignment_factor = VMBC_SIM_NIC_ALIGN_SHIFT;
		nic->rndis = VMBC_SIM_RNDIS_INIT;
		nic->filter = 0;
		break;
	case RNDIS_MSG_QUERY:
	case RNDIS_MSG_SET:
		if (nic->rndis == VMBC_SIM_RNDIS_UNINIT) {
			why = "QUERY or SET before INIT";
			goto bad;
		}
		if (len < sizeof(h) + sizeof(r)) {
			why = "QUERY or SET too short";
			goto bad;
		}
		memcpy(&r, msg + sizeof(h), sizeof(r));
		why = vmbc_sim_rndis_info(&r, len, &start);
		if (why)
			goto bad;
		if (h.type == RNDIS_MSG_SET) {
			a->hdr.type = RNDIS_MSG_SET_C;
			a->hdr.len = sizeof(a->hdr) + sizeof(a->set);
			a->set.status = vmbc_sim_rndis_set_oid(nic, r.oid,
							       msg + start,
							       r.info_len);
			break;
		}
		room = sizeof(nic->out) - (info - nic->out);
		a->hdr.type = RNDIS_MSG_QUERY_C;
		a->query.status = vmbc_sim_rndis_query_oid(nic, r.oid,
							   msg + start,
							   r.info_len, info,
							   room, &info_len);
		a->query.info_len = info_len;
		a->query.info_offset = sizeof(a->query);
		a->hdr.len = sizeof(a->hdr) + sizeof(a->query) + info_len;
		break;
	case RNDIS_MSG_HALT:
		nic->rndis = VMBC_SIM_RNDIS_UNINIT;
		nic->filter = 0;
		vmbc_sim_nic_update_rx(nic);
		nic->rndis_requests++;
		return VMBC_NVSP_STAT_SUCCESS;
	case RNDIS_MSG_KEEPALIVE:
		a->hdr.type = RNDIS_MSG_KEEPALIVE_C;
		a->hdr.len = sizeof(a->hdr) + sizeof(a->set);
		a->set.status = RNDIS_STATUS_SUCCESS;
		break;
	default:
		why = "not a control message the host takes";
		goto bad;
	}
	/* QUERY_C's and SET_C's status sit at the same place */
	if (a->set.status != RNDIS_STATUS_SUCCESS)
		nic->rndis_refused++;
	nic->rndis_requests++;
	answer_len = a->hdr.len;
	if (vmbc_sim_nic_answer(nic, ch, nic->out, answer_len, signal))
		return VMBC_NVSP_STAT_FAIL;
	return VMBC_NVSP_STAT_SUCCESS;
bad:
	vmbc_sim_vsp_bad(dev, "RNDIS control message: %s", why);
	return VMBC_NVSP_STAT_FAIL;
}

/* ------------------------------------------------------------------ */
/* Data                                                                */

/*
 * What is wrong with the PACKET at @msg (@len bytes, its own length), or
 * NULL; *@off and *@flen where its frame lies.
 */
static const char *vmbc_sim_rndis_packet_check(const u8 *msg, u32 len,
					       u32 *off, u32 *flen)
{
	u32 body = len - VMBC_RNDIS_HEADER_SIZE;
	struct vmbc_rndis_packet p;
	struct vmbc_rndis_ppi ppi;
	u32 pos, end;

	if (len < VMBC_RNDIS_HEADER_SIZE + sizeof(p))
		return "PACKET too short";
	memcpy(&p, msg + VMBC_RNDIS_HEADER_SIZE, sizeof(p));
	if (p.data_offset < sizeof(p) || p.data_offset > body ||
	    p.data_len > body - p.data_offset)
		return "frame beyond the message";
	if (p.data_len < ETH_HLEN || p.data_len > VLAN_ETH_FRAME_LEN)
		return "frame shorter than a header or longer than the MTU";
	if (p.ppi_len) {
		if (p.ppi_offset < sizeof(p) || p.ppi_offset > body ||
		    p.ppi_len > body - p.ppi_offset)
			return "per-packet information beyond the message";
		/* each piece inside the area, none empty */
		end = p.ppi_offset + p.ppi_len;
		for (pos = p.ppi_offset; pos < end; pos += ppi.size) {
			if (end - pos < sizeof(ppi))
				return "per-packet information cut short";
			memcpy(&ppi, msg + VMBC_RNDIS_HEADER_SIZE + pos,
			       sizeof(ppi));
			if (ppi.size < sizeof(ppi) || ppi.size > end - pos ||
			    ppi.offset < sizeof(ppi) || ppi.offset > ppi.size)
				return "a piece of per-packet information out of bounds";
		}
	}
	*off = VMBC_RNDIS_HEADER_SIZE + p.data_offset;
	*flen = p.data_len;
	return NULL;
}

/**
 * vmbc_sim_rndis_data() - the frames of one data send of the guest's
 * @nic: the NIC.
 * @dev: the channel it came on.
 * @msg: the messages, gathered from the guest's buffers.
 * @len: their bytes.
 *
 * One PACKET or several batched, each at the alignment the host asked
 * for; every frame goes out of the host's port. A malformed message ends
 * the batch (the frames before it went out).
 *
 * Context: the channel's work, the host's mutex held.
 * Return: the NVSP status of the guest's send.
 */
u32 vmbc_sim_rndis_data(struct vmbc_sim_nic *nic, struct vmbc_sim_dev *dev,
			const u8 *msg, u32 len)
{
	struct vmbc_sim_nic_chan *ch = &((struct vmbc_sim_nic *)
					 vmbc_sim_model_priv(dev))->ch;
	struct vmbc_rndis_header h;
	const char *why = NULL;
	u32 pos = 0, n = 0, off, flen;

	if (nic->rndis == VMBC_SIM_RNDIS_UNINIT)
		why = "data before RNDIS INIT";
	while (!why && pos < len) {
		if (len - pos < sizeof(h)) {
			why = "message header cut short";
			break;
		}
		memcpy(&h, msg + pos, sizeof(h));
		if (h.type != RNDIS_MSG_PACKET) {
			why = "not a PACKET on the data path";
			break;
		}
		if (h.len < sizeof(h) || h.len > len - pos) {
			why = "message length beyond what was sent";
			break;
		}
		if (++n > VMBC_SIM_NIC_MAX_PKTS) {
			why = "more packets in one send than INIT_C allows";
			break;
		}
		why = vmbc_sim_rndis_packet_check(msg + pos, h.len, &off,
						  &flen);
		if (why)
			break;
		if (vmbc_sim_nic_port_rx(nic->port, msg + pos + off, flen)) {
			nic->frames_in++;
			nic->bytes_in += flen;
			ch->frames_in++;
		} else {
			nic->dropped_in++;
		}
		pos += h.len;
	}
	if (!why)
		return VMBC_NVSP_STAT_SUCCESS;
	vmbc_sim_vsp_bad(dev, "RNDIS data: %s", why);
	return VMBC_NVSP_STAT_FAIL;
}

/**
 * vmbc_sim_rndis_frame_out() - write one frame of the port's for the guest
 * @nic: the NIC.
 * @ch: the channel it goes on.
 * @skb: the frame.
 * @signal: set when a write says the guest must be interrupted.
 *
 * A PACKET with the frame's hash as per-packet information, in one
 * receive section.
 *
 * Context: the channel's work, the host's mutex held.
 * Return: 0 (written, or dropped and counted: the caller frees @skb);
 * -EAGAIN (no section or room yet: keep it).
 */
int vmbc_sim_rndis_frame_out(struct vmbc_sim_nic *nic,
			     struct vmbc_sim_nic_chan *ch,
			     const struct sk_buff *skb, bool *signal)
{
	struct vmbc_rndis_packet *p;
	struct vmbc_rndis_header *h;
	struct vmbc_rndis_ppi *ppi;
	u32 *hash;
	u8 *frame;
	u32 total;
	int ret;

	total = VMBC_SIM_RNDIS_FRAME_BYTES(skb->len);
	if (!nic->rx_ready || skb->len < ETH_HLEN ||
	    total > VMBC_SIM_NIC_RECV_SECTION) {
		nic->dropped_out++;
		return 0;
	}
	if (!vmbc_sim_nic_can_deliver(nic, ch, 0))
		return -EAGAIN;
	h = (void *)nic->out;
	p = (void *)(h + 1);
	ppi = (void *)(p + 1);
	hash = (void *)(ppi + 1);
	frame = (void *)(hash + 1);
	h->type = RNDIS_MSG_PACKET;
	h->len = total;
	memset(p, 0, sizeof(*p));
	p->ppi_offset = sizeof(*p);
	p->ppi_len = sizeof(*ppi) + sizeof(*hash);
	p->data_offset = p->ppi_offset + p->ppi_len;
	p->data_len = skb->len;
	ppi->size = sizeof(*ppi) + sizeof(*hash);
	ppi->type = VMBC_RNDIS_PPI_HASH;
	ppi->offset = sizeof(*ppi);
	*hash = skb->hash;
	if (skb_copy_bits(skb, 0, frame, skb->len)) {
		nic->dropped_out++;
		return 0;
	}
	ret = vmbc_sim_nic_deliver(nic, ch, nic->out, total, false,
				   signal);
	if (ret == -EAGAIN)
		return ret;
	if (ret) {
		nic->dropped_out++;
		return 0;
	}
	nic->frames_out++;
	nic->bytes_out += skb->len;
	ch->frames_out++;
	return 0;
}

/**
 * vmbc_sim_rndis_indicate() - tell the guest the link changed
 * @nic: the NIC (its primary channel carries it).
 * @signal: set when a write says the guest must be interrupted.
 *
 * Context: the primary's work, the host's mutex held.
 * Return: 0 (told, or nothing to tell any more); -EAGAIN (no section or
 * room yet: it stays pending).
 */
int vmbc_sim_rndis_indicate(struct vmbc_sim_nic *nic, bool *signal)
{
	struct vmbc_sim_rndis_answer *a = (void *)nic->out;
	int ret;

	if (nic->rndis == VMBC_SIM_RNDIS_UNINIT) {
		nic->indicate = false;
		return 0;
	}
	if (!vmbc_sim_nic_can_deliver(nic, &nic->ch, 0))
		return -EAGAIN;
	memset(a, 0, sizeof(*a));
	a->hdr.type = RNDIS_MSG_INDICATE;
	a->hdr.len = sizeof(a->hdr) + sizeof(a->indicate);
	a->indicate.status = nic->link_up ? RNDIS_STATUS_MEDIA_CONNECT :
					    RNDIS_STATUS_MEDIA_DISCONNECT;
	ret = vmbc_sim_nic_deliver(nic, &nic->ch, nic->out, a->hdr.len,
				   true, signal);
	if (ret == -EAGAIN)
		return ret;
	nic->indicate = false;
	if (!ret)
		nic->indications++;
	return 0;
}
