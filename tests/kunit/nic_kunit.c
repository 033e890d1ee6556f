// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the simulated host's synthetic NIC (class "network",
 * drivers/vmbus/sim/nic*.c), against a small guest written here that
 * speaks NVSP and RNDIS as Linux's hv_netvsc does: the negotiation and
 * the two buffers, RNDIS control messages answered in receive sections
 * the guest gives back, frames both ways, the link, sub-channels. Then
 * guests that get one thing wrong each: every mistake costs exactly one
 * bad packet and one protocol error, is answered with a failure or not
 * at all, and leaves the host working.
 */
#include <kunit/test.h>
#include <linux/etherdevice.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/rndis.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <net/net_namespace.h>

#include <vmbc/netvsp.h>

#include "sim_helpers.h"

#define NK_RING_SIZE		(64 * 1024)
/* A receive section and a send section, as the protocol sizes them. */
#define NK_RECV_SECTION		1728
#define NK_SEND_SECTION		6144
/* 8 pages: 18 receive sections; 6 pages: 4 send sections. */
#define NK_RECV_SIZE		(8 * PAGE_SIZE)
#define NK_SEND_SIZE		(6 * PAGE_SIZE)
#define NK_SEND_SECTIONS	(NK_SEND_SIZE / NK_SEND_SECTION)
/* Packets the guest keeps between two looks. */
#define NK_MAX_PKTS		32
/* The bytes of a host's message the guest keeps: the tests' are short. */
#define NK_MSG_MAX		512
/* The sub-channels the host allows until told otherwise. */
#define NK_SUBCHANNELS		7

/* A locally administered address for frames of the host's. */
static const u8 nk_host_mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 1 };

/* One packet from the host, as the guest read it. */
struct nk_pkt {
	u16 type;
	u16 flags;
	u64 trans_id;
	struct vmbc_nvsp_message nv;
	/* a transfer-page packet's page set and its one range */
	u16 pageset;
	u32 ranges;
	u32 offset;
	u32 count;
	/* the RNDIS message the range names, copied from the buffer */
	u32 rndis_len;
	u8 rndis[NK_MSG_MAX] __aligned(8);
};

struct nk_guest {
	struct vmbc_sim *sim;
	struct vmbus_channel *channel;
	u32 relid;
	spinlock_t lock;	/* @pkts, @nr, @lost: the callback adds, tests take */
	struct nk_pkt pkts[NK_MAX_PKTS];
	int nr;
	int lost;
	/* what the last nk_take() took */
	struct nk_pkt got[NK_MAX_PKTS];
	int ngot;
	u64 next_rid;
	u32 next_req;
	atomic_t subchannels;
	u8 *recv_buf;
	u32 recv_gpadl;
	u8 *send_buf;
	u32 send_gpadl;
	/* two pages for GPA-direct sends */
	u8 *pages;
};

static void nk_read(struct nk_guest *g, const u8 *buf, u32 len)
{
	const struct vmtransfer_page_packet_header *xh = (const void *)buf;
	const struct vmpacket_descriptor *d = (const void *)buf;
	u32 off = d->offset8 * 8;
	struct nk_pkt *p;

	if (g->nr >= NK_MAX_PKTS) {
		g->lost++;
		return;
	}
	p = &g->pkts[g->nr++];
	memset(p, 0, offsetof(struct nk_pkt, rndis));
	p->type = d->type;
	p->flags = d->flags;
	p->trans_id = d->trans_id;
	if (off < len)
		memcpy(&p->nv, buf + off, min_t(u32, len - off, sizeof(p->nv)));
	if (d->type != VM_PKT_DATA_USING_XFER_PAGES ||
	    off < sizeof(*xh) + sizeof(xh->ranges[0]))
		return;
	p->pageset = xh->xfer_pageset_id;
	p->ranges = xh->range_cnt;
	p->offset = xh->ranges[0].byte_offset;
	p->count = xh->ranges[0].byte_count;
	/* the host wrote the section before the packet that names it */
	if (g->recv_buf && p->offset < NK_RECV_SIZE &&
	    p->count <= min_t(u32, NK_RECV_SIZE - p->offset,
			      sizeof(p->rndis))) {
		memcpy(p->rndis, g->recv_buf + p->offset, p->count);
		p->rndis_len = p->count;
	}
}

static void nk_callback(void *context)
{
	struct nk_guest *g = context;
	u8 buf[256] __aligned(8);
	u32 len;
	u64 rid;

	for (;;) {
		if (vmbus_recvpacket_raw(g->channel, buf, sizeof(buf), &len,
					 &rid) || !len)
			return;
		spin_lock(&g->lock);
		nk_read(g, buf, len);
		spin_unlock(&g->lock);
	}
}

static void nk_sc_created(struct vmbus_channel *sc)
{
	struct nk_guest *g = sc->primary_channel->channel_callback_context;

	atomic_inc(&g->subchannels);
}

static void nk_free(struct nk_guest *g)
{
	vfree(g->recv_buf);
	vfree(g->send_buf);
	if (g->pages)
		free_pages((unsigned long)g->pages, 1);
}

/* The guest's end: buffers given back only once the host let go. */
static void nk_stop(void *arg)
{
	struct nk_guest *g = arg;

	if (g->recv_gpadl && vmbus_teardown_gpadl(g->channel, g->recv_gpadl))
		g->recv_buf = NULL;	/* the host may hold it: leak it */
	if (g->send_gpadl && vmbus_teardown_gpadl(g->channel, g->send_gpadl))
		g->send_buf = NULL;
	vmbus_close(g->channel);
	nk_free(g);
}

/* A NIC offered at instance @n, its channel opened by the guest. */
static struct nk_guest *nk_start(struct kunit *test, struct vmbc_sim *sim,
				 u16 n)
{
	struct vmbc_sim_device dev = {
		.class_id = VMBC_NVSP_CLASS_GUID,
		.instance_id = kt_guid(8, n),
	};
	struct nk_guest *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, g);
	spin_lock_init(&g->lock);
	g->sim = sim;
	g->pages = (u8 *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, 1);
	KUNIT_ASSERT_NOT_NULL(test, g->pages);
	g->recv_buf = vzalloc(NK_RECV_SIZE);
	g->send_buf = vzalloc(NK_SEND_SIZE);
	if (!g->recv_buf || !g->send_buf) {
		nk_free(g);
		KUNIT_FAIL_AND_ABORT(test, "no memory for the buffers");
	}
	g->channel = kt_offer_dev(test, sim, &dev, &g->relid);
	vmbus_set_sc_create_callback(g->channel, nk_sc_created);
	ret = vmbus_open(g->channel, NK_RING_SIZE, NK_RING_SIZE, NULL, 0,
			 nk_callback, g);
	if (ret)
		nk_free(g);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, nk_stop, g), 0);
	return g;
}

/* Take what came so far into g->got; returns how many. */
static int nk_take(struct nk_guest *g)
{
	vmbc_sim_flush(g->sim);
	spin_lock_bh(&g->lock);
	g->ngot = g->nr;
	memcpy(g->got, g->pkts, g->nr * sizeof(g->pkts[0]));
	g->nr = 0;
	spin_unlock_bh(&g->lock);
	return g->ngot;
}

/*
 * Take what came until @n packets did, or 2 s passed; returns how many.
 * For answers two hops away (a section given back wakes the channel's
 * work, whose next run sends what waited for it): the guest's signal and
 * the host's next run need not both be done when one flush returns.
 */
static int nk_take_n(struct nk_guest *g, int n)
{
	unsigned long end = jiffies + msecs_to_jiffies(2000);
	int got = 0, k;

	for (;;) {
		vmbc_sim_flush(g->sim);
		spin_lock_bh(&g->lock);
		k = min(g->nr, NK_MAX_PKTS - got);
		memcpy(g->got + got, g->pkts, k * sizeof(g->pkts[0]));
		got += k;
		g->nr = 0;
		spin_unlock_bh(&g->lock);
		if (got >= n || time_after(jiffies, end))
			break;
		usleep_range(1000, 2000);
	}
	g->ngot = got;
	return got;
}

static struct vmbc_sim_nic_state nk_state(struct kunit *test,
					  struct nk_guest *g)
{
	struct vmbc_sim_nic_state st;

	KUNIT_EXPECT_EQ(test, vmbc_sim_nic_state(g->sim, g->relid, &st), 0);
	return st;
}

static u64 nk_bad(struct kunit *test, struct nk_guest *g, u32 relid)
{
	struct vmbc_sim_channel_stats st;

	KUNIT_EXPECT_EQ(test, vmbc_sim_channel_stats(g->sim, relid, &st), 0);
	return st.bad_packets;
}

/* Send @len bytes of @m inband, a completion asked for or not. */
static int nk_send(struct nk_guest *g, const void *m, u32 len, bool answer)
{
	return vmbus_sendpacket(g->channel, (void *)m, len, ++g->next_rid,
				VM_PKT_DATA_INBAND,
				answer ? VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED :
					 0);
}

/* Give the host back the section a transfer-page packet named. */
static int nk_complete_id(struct nk_guest *g, u64 trans_id)
{
	struct vmbc_nvsp_message c = {
		.type = VMBC_NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE,
		.rndis_pkt_complete.status = VMBC_NVSP_STAT_SUCCESS,
	};

	return vmbus_sendpacket(g->channel, &c, sizeof(c), trans_id,
				VM_PKT_COMP, 0);
}

static int nk_complete(struct nk_guest *g, const struct nk_pkt *p)
{
	return nk_complete_id(g, p->trans_id);
}

/* One request, one completion of the same id; its message in *@a. */
static void nk_request(struct kunit *test, struct nk_guest *g,
		       const struct vmbc_nvsp_message *m,
		       struct vmbc_nvsp_message *a)
{
	KUNIT_ASSERT_EQ(test, nk_send(g, m, sizeof(*m), true), 0);
	KUNIT_ASSERT_EQ(test, nk_take(g), 1);
	KUNIT_EXPECT_EQ(test, g->got[0].type, VM_PKT_COMP);
	KUNIT_EXPECT_EQ(test, g->got[0].trans_id, g->next_rid);
	*a = g->got[0].nv;
}

/* A message that asks for no answer gets none. */
static void nk_notify(struct kunit *test, struct nk_guest *g,
		      const struct vmbc_nvsp_message *m)
{
	KUNIT_ASSERT_EQ(test, nk_send(g, m, sizeof(*m), false), 0);
	KUNIT_EXPECT_EQ(test, nk_take(g), 0);
}

static u32 nk_init(struct kunit *test, struct nk_guest *g, u32 version)
{
	struct vmbc_nvsp_message m = {
		.type = VMBC_NVSP_MSG_INIT,
		.init.min_version = version,
		.init.max_version = version,
	}, a;

	nk_request(test, g, &m, &a);
	KUNIT_EXPECT_EQ(test, a.type, VMBC_NVSP_MSG_INIT_COMPLETE);
	if (a.init_complete.status == VMBC_NVSP_STAT_SUCCESS)
		KUNIT_EXPECT_EQ(test, a.init_complete.version, version);
	return a.init_complete.status;
}

static void nk_establish(struct kunit *test, struct nk_guest *g)
{
	KUNIT_ASSERT_EQ(test, vmbus_establish_gpadl(g->channel, g->recv_buf,
						    NK_RECV_SIZE,
						    &g->recv_gpadl), 0);
	KUNIT_ASSERT_EQ(test, vmbus_establish_gpadl(g->channel, g->send_buf,
						    NK_SEND_SIZE,
						    &g->send_gpadl), 0);
}

/* SEND_RECV_BUF of @handle, id @id; the answer in *@a. */
static void nk_recv_buf(struct kunit *test, struct nk_guest *g, u32 handle,
			u16 id, struct vmbc_nvsp_message *a)
{
	struct vmbc_nvsp_message m = {
		.type = VMBC_NVSP_MSG1_SEND_RECV_BUF,
		.send_buf.gpadl_handle = handle,
		.send_buf.id = id,
	};

	nk_request(test, g, &m, a);
	KUNIT_EXPECT_EQ(test, a->type, VMBC_NVSP_MSG1_SEND_RECV_BUF_COMPLETE);
}

static void nk_send_buf(struct kunit *test, struct nk_guest *g,
			struct vmbc_nvsp_message *a)
{
	struct vmbc_nvsp_message m = {
		.type = VMBC_NVSP_MSG1_SEND_SEND_BUF,
		.send_buf.gpadl_handle = g->send_gpadl,
		.send_buf.id = VMBC_NVSP_SEND_BUF_ID,
	};

	nk_request(test, g, &m, a);
	KUNIT_EXPECT_EQ(test, a->type, VMBC_NVSP_MSG1_SEND_SEND_BUF_COMPLETE);
}

/* hv_netvsc's configuration messages between INIT and the buffers. */
static void nk_config(struct kunit *test, struct nk_guest *g)
{
	struct vmbc_nvsp_message m = {
		.type = VMBC_NVSP_MSG2_SEND_NDIS_CONFIG,
		.ndis_config.mtu = ETH_DATA_LEN + ETH_HLEN,
	};

	nk_notify(test, g, &m);
	memset(&m, 0, sizeof(m));
	m.type = VMBC_NVSP_MSG1_SEND_NDIS_VERSION;
	m.ndis_version.major = 6;
	m.ndis_version.minor = 30;
	nk_notify(test, g, &m);
}

/* The whole NVSP negotiation at 6.1, both buffers given. */
static void nk_negotiate(struct kunit *test, struct nk_guest *g)
{
	struct vmbc_nvsp_message a;

	KUNIT_ASSERT_EQ(test, nk_init(test, g, VMBC_NVSP_VERSION_61),
			VMBC_NVSP_STAT_SUCCESS);
	nk_config(test, g);
	nk_establish(test, g);
	nk_recv_buf(test, g, g->recv_gpadl, VMBC_NVSP_RECV_BUF_ID, &a);
	KUNIT_ASSERT_EQ(test, a.recv_buf_complete.status,
			VMBC_NVSP_STAT_SUCCESS);
	nk_send_buf(test, g, &a);
	KUNIT_ASSERT_EQ(test, a.send_buf_complete.status,
			VMBC_NVSP_STAT_SUCCESS);
}

/* ------------------------------------------------------------------ */
/* RNDIS                                                               */

/* How an RNDIS message travels: in a send section, or in pages. */
enum nk_via { NK_SECTION, NK_PAGES };

/*
 * Send an RNDIS message of @len bytes; the pages way puts it where it
 * crosses from the first page into the second when it is long enough.
 */
static int nk_rndis_send(struct nk_guest *g, const void *msg, u32 len,
			 bool control, enum nk_via via, u32 section)
{
	struct vmbc_nvsp_message m = {
		.type = VMBC_NVSP_MSG1_SEND_RNDIS_PKT,
		.rndis_pkt.channel_type = control ? VMBC_NVSP_CHANNEL_CONTROL :
						    VMBC_NVSP_CHANNEL_DATA,
		.rndis_pkt.section_index = VMBC_NVSP_NO_SECTION,
	};
	struct hv_page_buffer pb[2];
	u32 off, first;

	if (via == NK_SECTION) {
		if (section < NK_SEND_SECTIONS)
			memcpy(g->send_buf + section * NK_SEND_SECTION, msg,
			       len);
		m.rndis_pkt.section_index = section;
		m.rndis_pkt.section_size = len;
		return nk_send(g, &m, sizeof(m), true);
	}
	off = len > 256 ? PAGE_SIZE - 200 : 64;
	memcpy(g->pages + off, msg, len);
	first = min_t(u32, len, PAGE_SIZE - off);
	pb[0].pfn = virt_to_phys(g->pages) >> PAGE_SHIFT;
	pb[0].offset = off;
	pb[0].len = first;
	pb[1].pfn = virt_to_phys(g->pages + PAGE_SIZE) >> PAGE_SHIFT;
	pb[1].offset = 0;
	pb[1].len = len - first;
	return vmbus_sendpacket_pagebuffer(g->channel, pb, len > first ? 2 : 1,
					   &m, sizeof(m), ++g->next_rid);
}

/* The completion of the guest's last send, in g->got[@i]. */
static void nk_expect_completion(struct kunit *test, struct nk_guest *g,
				 int i, u32 status)
{
	KUNIT_EXPECT_EQ(test, g->got[i].type, VM_PKT_COMP);
	KUNIT_EXPECT_EQ(test, g->got[i].trans_id, g->next_rid);
	KUNIT_EXPECT_EQ(test, g->got[i].nv.type,
			VMBC_NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE);
	KUNIT_EXPECT_EQ(test, g->got[i].nv.rndis_pkt_complete.status, status);
}

/* A transfer-page packet of the host's in g->got[@i], RNDIS inside. */
static void nk_expect_xfer(struct kunit *test, struct nk_guest *g, int i,
			   bool control)
{
	const struct nk_pkt *p = &g->got[i];

	KUNIT_EXPECT_EQ(test, p->type, VM_PKT_DATA_USING_XFER_PAGES);
	KUNIT_EXPECT_EQ(test, p->flags,
			VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
	KUNIT_EXPECT_EQ(test, p->pageset, VMBC_NVSP_RECV_BUF_ID);
	KUNIT_EXPECT_EQ(test, p->ranges, 1);
	KUNIT_EXPECT_EQ(test, p->offset % NK_RECV_SECTION, 0);
	KUNIT_EXPECT_LE(test, p->offset + p->count,
			(u32)(NK_RECV_SIZE / NK_RECV_SECTION * NK_RECV_SECTION));
	KUNIT_EXPECT_EQ(test, p->rndis_len, p->count);
	KUNIT_EXPECT_EQ(test, p->nv.type, VMBC_NVSP_MSG1_SEND_RNDIS_PKT);
	KUNIT_EXPECT_EQ(test, p->nv.rndis_pkt.channel_type,
			control ? VMBC_NVSP_CHANNEL_CONTROL :
				  VMBC_NVSP_CHANNEL_DATA);
}

/*
 * One RNDIS control message and its answer: the answer's transfer-page
 * packet first, then the send's completion; the answer is left in
 * g->got[0], its section not given back yet.
 */
static void nk_rndis_ask(struct kunit *test, struct nk_guest *g,
			 const void *msg, u32 len, enum nk_via via)
{
	KUNIT_ASSERT_EQ(test, nk_rndis_send(g, msg, len, true, via, 0), 0);
	KUNIT_ASSERT_EQ(test, nk_take(g), 2);
	nk_expect_xfer(test, g, 0, true);
	nk_expect_completion(test, g, 1, VMBC_NVSP_STAT_SUCCESS);
}

/* nk_rndis_ask(), then the section given back. */
static void nk_rndis_call(struct kunit *test, struct nk_guest *g,
			  const void *msg, u32 len, enum nk_via via)
{
	nk_rndis_ask(test, g, msg, len, via);
	KUNIT_ASSERT_EQ(test, nk_complete(g, &g->got[0]), 0);
	vmbc_sim_flush(g->sim);
}

static u32 nk_get32(const u8 *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* An RNDIS message: header, the request id, then @body of @len bytes. */
struct nk_rndis_msg {
	struct vmbc_rndis_header hdr;
	union {
		struct vmbc_rndis_init_request init;
		struct vmbc_rndis_oid_request oid;
		u32 req_id;
	};
	u8 info[128];
} __packed;

static u32 nk_rndis_init_msg(struct nk_guest *g, struct nk_rndis_msg *r)
{
	memset(r, 0, sizeof(*r));
	r->hdr.type = RNDIS_MSG_INIT;
	r->hdr.len = sizeof(r->hdr) + sizeof(r->init);
	r->init.req_id = ++g->next_req;
	r->init.major = RNDIS_MAJOR_VERSION;
	r->init.minor = RNDIS_MINOR_VERSION;
	r->init.max_xfer_size = 0x4000;
	return r->hdr.len;
}

/* A QUERY or SET of @oid, @len bytes of information at @info. */
static u32 nk_rndis_oid_msg(struct nk_guest *g, struct nk_rndis_msg *r,
			    u32 type, u32 oid, const void *info, u32 len)
{
	memset(r, 0, sizeof(*r));
	r->hdr.type = type;
	r->hdr.len = sizeof(r->hdr) + sizeof(r->oid) + len;
	r->oid.req_id = ++g->next_req;
	r->oid.oid = oid;
	r->oid.info_len = len;
	r->oid.info_offset = len ? sizeof(r->oid) : 0;
	if (len)
		memcpy(r->info, info, len);
	return r->hdr.len;
}

/* RNDIS INIT, answered and given back. */
static void nk_rndis_init(struct kunit *test, struct nk_guest *g)
{
	struct nk_rndis_msg r;
	u32 len = nk_rndis_init_msg(g, &r);

	nk_rndis_call(test, g, &r, len, NK_PAGES);
	KUNIT_ASSERT_EQ(test, nk_get32(g->got[0].rndis), RNDIS_MSG_INIT_C);
}

/*
 * QUERY @oid: its status; the answer's information in @info (room for
 * @room bytes), its length in *@len.
 */
static u32 nk_query(struct kunit *test, struct nk_guest *g, u32 oid,
		    const void *tmpl, u32 tmpl_len, void *info, u32 room,
		    u32 *len)
{
	struct vmbc_rndis_query_complete q;
	struct vmbc_rndis_header h;
	struct nk_rndis_msg r;
	const u8 *m;
	u32 n;

	n = nk_rndis_oid_msg(g, &r, RNDIS_MSG_QUERY, oid, tmpl, tmpl_len);
	nk_rndis_call(test, g, &r, n, NK_SECTION);
	m = g->got[0].rndis;
	memcpy(&h, m, sizeof(h));
	memcpy(&q, m + sizeof(h), sizeof(q));
	KUNIT_EXPECT_EQ(test, h.type, RNDIS_MSG_QUERY_C);
	KUNIT_EXPECT_EQ(test, h.len, g->got[0].count);
	KUNIT_EXPECT_EQ(test, q.req_id, g->next_req);
	*len = 0;
	if (q.status != RNDIS_STATUS_SUCCESS)
		return q.status;
	KUNIT_EXPECT_EQ(test, h.len, sizeof(h) + sizeof(q) + q.info_len);
	KUNIT_EXPECT_EQ(test, q.info_offset, sizeof(q));
	if (q.info_len <= room && sizeof(h) + sizeof(q) + q.info_len <= h.len) {
		memcpy(info, m + sizeof(h) + q.info_offset, q.info_len);
		*len = q.info_len;
	}
	return q.status;
}

static u32 nk_query32(struct kunit *test, struct nk_guest *g, u32 oid)
{
	u32 v = 0, len;

	KUNIT_EXPECT_EQ(test, nk_query(test, g, oid, NULL, 0, &v, sizeof(v),
				       &len), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, len, sizeof(v));
	return v;
}

/* SET @oid to the u32 @v: the status of SET_C. */
static u32 nk_set(struct kunit *test, struct nk_guest *g, u32 oid,
		  const void *info, u32 len)
{
	struct vmbc_rndis_set_complete s;
	struct vmbc_rndis_header h;
	struct nk_rndis_msg r;
	u32 n;

	n = nk_rndis_oid_msg(g, &r, RNDIS_MSG_SET, oid, info, len);
	nk_rndis_call(test, g, &r, n, NK_SECTION);
	memcpy(&h, g->got[0].rndis, sizeof(h));
	memcpy(&s, g->got[0].rndis + sizeof(h), sizeof(s));
	KUNIT_EXPECT_EQ(test, h.type, RNDIS_MSG_SET_C);
	KUNIT_EXPECT_EQ(test, s.req_id, g->next_req);
	return s.status;
}

static u32 nk_set32(struct kunit *test, struct nk_guest *g, u32 oid, u32 v)
{
	return nk_set(test, g, oid, &v, sizeof(v));
}

/* KEEPALIVE: the host answers while it works. */
static void nk_keepalive(struct kunit *test, struct nk_guest *g)
{
	struct nk_rndis_msg r = {
		.hdr.type = RNDIS_MSG_KEEPALIVE,
		.hdr.len = sizeof(r.hdr) + sizeof(u32),
		.req_id = ++g->next_req,
	};

	nk_rndis_call(test, g, &r, r.hdr.len, NK_SECTION);
	KUNIT_EXPECT_EQ(test, nk_get32(g->got[0].rndis), RNDIS_MSG_KEEPALIVE_C);
	KUNIT_EXPECT_EQ(test, nk_get32(g->got[0].rndis + 8), g->next_req);
	KUNIT_EXPECT_EQ(test, nk_get32(g->got[0].rndis + 12),
			RNDIS_STATUS_SUCCESS);
}

/* Negotiated, RNDIS initialised, frames flowing: hv_netvsc's open. */
static void nk_up(struct kunit *test, struct nk_guest *g)
{
	nk_negotiate(test, g);
	nk_rndis_init(test, g);
	KUNIT_ASSERT_EQ(test, nk_set32(test, g,
				       RNDIS_OID_GEN_CURRENT_PACKET_FILTER,
				       RNDIS_PACKET_TYPE_DIRECTED |
				       RNDIS_PACKET_TYPE_BROADCAST),
			RNDIS_STATUS_SUCCESS);
}

/* An RNDIS PACKET carrying @flen bytes of @frame, into @buf; its bytes. */
static u32 nk_packet_msg(u8 *buf, const u8 *frame, u32 flen)
{
	struct vmbc_rndis_header h = {
		.type = RNDIS_MSG_PACKET,
		.len = sizeof(h) + sizeof(struct vmbc_rndis_packet) + flen,
	};
	struct vmbc_rndis_packet p = {
		.data_offset = sizeof(p),
		.data_len = flen,
	};

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), &p, sizeof(p));
	memcpy(buf + sizeof(h) + sizeof(p), frame, flen);
	return h.len;
}

/* A frame from @src to broadcast, its payload @fill. */
static void nk_frame(u8 *f, u32 len, const u8 *src, u8 fill)
{
	eth_broadcast_addr(f);
	ether_addr_copy(f + ETH_ALEN, src);
	f[12] = 0x88;	/* ETH_P_802_EX1: no protocol of this kernel's */
	f[13] = 0xb5;
	memset(f + ETH_HLEN, fill, len - ETH_HLEN);
}

/* ------------------------------------------------------------------ */
/* NVSP                                                                */

/*
 * hv_netvsc's negotiation: a version the host does not know refused
 * (the guest tries the next: no mistake), 6.1 accepted, the NDIS
 * configuration and version taken without an answer, the receive buffer
 * cut into 1728-byte sub-allocations of one section, the send buffer
 * into 6144-byte sections.
 */
static void nic_negotiates(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct nk_guest *g = nk_start(test, sim, 1);
	struct vmbc_sim_nic_state st;
	struct vmbc_nvsp_message a;
	u32 n = NK_RECV_SIZE / NK_RECV_SECTION;

	st = nk_state(test, g);
	KUNIT_EXPECT_TRUE(test, st.open);
	KUNIT_EXPECT_EQ(test, st.version, 0);
	KUNIT_EXPECT_EQ(test, st.channels_open, 1);

	KUNIT_EXPECT_EQ(test, nk_init(test, g, 0x70000), VMBC_NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).version, 0);
	KUNIT_EXPECT_EQ(test, nk_init(test, g, VMBC_NVSP_VERSION_61),
			VMBC_NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).version,
			(u32)VMBC_NVSP_VERSION_61);
	nk_config(test, g);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).ndis_version, 6 << 16 | 30);

	nk_establish(test, g);
	nk_recv_buf(test, g, g->recv_gpadl, VMBC_NVSP_RECV_BUF_ID, &a);
	KUNIT_EXPECT_EQ(test, a.recv_buf_complete.status,
			VMBC_NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.recv_buf_complete.num_sections, 1);
	KUNIT_EXPECT_EQ(test, a.recv_buf_complete.offset, 0);
	KUNIT_EXPECT_EQ(test, a.recv_buf_complete.sub_alloc_size,
			NK_RECV_SECTION);
	KUNIT_EXPECT_EQ(test, a.recv_buf_complete.num_sub_allocs, n);
	KUNIT_EXPECT_EQ(test, a.recv_buf_complete.end_offset,
			n * NK_RECV_SECTION);
	nk_send_buf(test, g, &a);
	KUNIT_EXPECT_EQ(test, a.send_buf_complete.status,
			VMBC_NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.send_buf_complete.section_size,
			NK_SEND_SECTION);

	st = nk_state(test, g);
	KUNIT_EXPECT_EQ(test, st.recv_sections, n);
	KUNIT_EXPECT_EQ(test, st.recv_used, 0);
	KUNIT_EXPECT_EQ(test, st.send_sections, NK_SEND_SECTIONS);
	KUNIT_EXPECT_FALSE(test, st.rndis_initialized);
	KUNIT_EXPECT_FALSE(test, st.rx_ready);
	KUNIT_EXPECT_TRUE(test, st.link_up);
	KUNIT_EXPECT_EQ(test, st.max_subchannels, NK_SUBCHANNELS);
	KUNIT_EXPECT_EQ(test, nk_bad(test, g, g->relid), 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);

	/* a second receive buffer is refused, and is a mistake */
	nk_recv_buf(test, g, g->recv_gpadl, VMBC_NVSP_RECV_BUF_ID, &a);
	KUNIT_EXPECT_EQ(test, a.recv_buf_complete.status, VMBC_NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 1);
}

/*
 * A second INIT starts a new negotiation: the buffers and the RNDIS
 * device of the first are forgotten (the host no longer writes into the
 * old receive buffer), and the guest may give its buffers again.
 */
static void nic_init_again_starts_anew(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct nk_guest *g = nk_start(test, sim, 1);
	struct vmbc_sim_nic_state st;
	struct vmbc_nvsp_message a;

	nk_up(test, g);
	st = nk_state(test, g);
	KUNIT_ASSERT_TRUE(test, st.rx_ready);
	KUNIT_ASSERT_NE(test, st.recv_sections, 0);

	KUNIT_EXPECT_EQ(test, nk_init(test, g, VMBC_NVSP_VERSION_5),
			VMBC_NVSP_STAT_SUCCESS);
	st = nk_state(test, g);
	KUNIT_EXPECT_EQ(test, st.version, (u32)VMBC_NVSP_VERSION_5);
	KUNIT_EXPECT_EQ(test, st.recv_sections, 0);
	KUNIT_EXPECT_EQ(test, st.send_sections, 0);
	KUNIT_EXPECT_FALSE(test, st.rndis_initialized);
	KUNIT_EXPECT_FALSE(test, st.rx_ready);
	KUNIT_EXPECT_EQ(test, st.rss_entries, 0);
	/* no frame for a guest that is negotiating */
	KUNIT_EXPECT_EQ(test, vmbc_sim_nic_send(sim, g->relid, g->recv_buf,
						ETH_ZLEN), -ENETDOWN);

	nk_recv_buf(test, g, g->recv_gpadl, VMBC_NVSP_RECV_BUF_ID, &a);
	KUNIT_EXPECT_EQ(test, a.recv_buf_complete.status,
			VMBC_NVSP_STAT_SUCCESS);
	nk_send_buf(test, g, &a);
	KUNIT_EXPECT_EQ(test, a.send_buf_complete.status,
			VMBC_NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, nk_bad(test, g, g->relid), 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* ------------------------------------------------------------------ */
/* RNDIS control                                                       */

/* The RSS capabilities, the refusal of the unknown, the packet filter. */
static void nk_check_rss_and_filter(struct kunit *test, struct nk_guest *g,
				    struct vmbc_sim *sim)
{
	struct vmbc_ndis_rss_caps caps;
	struct vmbc_sim_nic_state st;
	u8 info[64];
	u32 len;

	/* a queue per channel the host allows */
	KUNIT_EXPECT_EQ(test, nk_query(test, g, VMBC_OID_RSS_CAPABILITIES,
				       NULL, 0, &caps, sizeof(caps), &len),
			RNDIS_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, len, sizeof(caps));
	KUNIT_EXPECT_EQ(test, caps.hdr.type, VMBC_NDIS_OBJECT_RSS_CAPS);
	KUNIT_EXPECT_EQ(test, caps.num_queues, 1 + NK_SUBCHANNELS);
	KUNIT_ASSERT_EQ(test, vmbc_sim_nic_set_subchannels(sim, g->relid, 3),
			0);
	KUNIT_EXPECT_EQ(test, nk_query(test, g, VMBC_OID_RSS_CAPABILITIES,
				       NULL, 0, &caps, sizeof(caps), &len),
			RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, caps.num_queues, 4);

	/* what the host does not know it refuses, and counts */
	KUNIT_EXPECT_EQ(test, nk_state(test, g).rndis_refused, 0);
	KUNIT_EXPECT_EQ(test, nk_query(test, g, 0x0badf00d, NULL, 0, info,
				       sizeof(info), &len),
			RNDIS_STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).rndis_refused, 1);

	/* the packet filter starts the data path */
	KUNIT_EXPECT_FALSE(test, nk_state(test, g).rx_ready);
	KUNIT_EXPECT_EQ(test, nk_set32(test, g,
				       RNDIS_OID_GEN_CURRENT_PACKET_FILTER,
				       RNDIS_PACKET_TYPE_DIRECTED),
			RNDIS_STATUS_SUCCESS);
	st = nk_state(test, g);
	KUNIT_EXPECT_TRUE(test, st.rx_ready);
	KUNIT_EXPECT_EQ(test, st.filter, RNDIS_PACKET_TYPE_DIRECTED);
	KUNIT_EXPECT_EQ(test, st.rndis_requests, 8);
	KUNIT_EXPECT_EQ(test, st.recv_used, 0);
	KUNIT_EXPECT_EQ(test, nk_bad(test, g, g->relid), 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* What hv_netvsc queries after INIT: the MAC address, the link, the MTU. */
static void nk_check_queries(struct kunit *test, struct nk_guest *g,
			     struct vmbc_sim *sim)
{
	guid_t instance = kt_guid(8, 2);
	struct vmbc_sim_nic_state st;
	u8 info[64];
	u32 len;

	/* the MAC address: Hyper-V's prefix, then the instance's end */
	KUNIT_EXPECT_EQ(test, nk_query(test, g,
				       RNDIS_OID_802_3_PERMANENT_ADDRESS,
				       NULL, 0, info, sizeof(info), &len),
			RNDIS_STATUS_SUCCESS);
	KUNIT_ASSERT_EQ(test, len, ETH_ALEN);
	st = nk_state(test, g);
	KUNIT_EXPECT_TRUE(test, ether_addr_equal(info, st.mac));
	KUNIT_EXPECT_EQ(test, st.mac[0], 0x00);
	KUNIT_EXPECT_EQ(test, st.mac[1], 0x15);
	KUNIT_EXPECT_EQ(test, st.mac[2], 0x5d);
	KUNIT_EXPECT_EQ(test, memcmp(st.mac + 3, &instance.b[13], 3), 0);

	/* NdisMediaStateConnected is 0 */
	KUNIT_EXPECT_EQ(test, nk_query32(test, g,
					 RNDIS_OID_GEN_MEDIA_CONNECT_STATUS), 0);
	KUNIT_EXPECT_EQ(test, nk_query32(test, g,
					 RNDIS_OID_GEN_MAXIMUM_FRAME_SIZE),
			1500);
	nk_check_rss_and_filter(test, g, sim);
}

/*
 * INIT_C in a receive section the guest holds until it completes the
 * transfer-page packet; then what hv_netvsc queries, and the packet
 * filter that lets frames flow.
 */
static void nic_rndis_control(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct nk_guest *g = nk_start(test, sim, 2);
	struct vmbc_rndis_init_complete ic;
	struct vmbc_rndis_header h;
	struct vmbc_sim_nic_state st;
	struct nk_rndis_msg r;
	u32 len;

	nk_negotiate(test, g);
	len = nk_rndis_init_msg(g, &r);
	nk_rndis_ask(test, g, &r, len, NK_PAGES);
	memcpy(&h, g->got[0].rndis, sizeof(h));
	memcpy(&ic, g->got[0].rndis + sizeof(h), sizeof(ic));
	KUNIT_EXPECT_EQ(test, h.type, RNDIS_MSG_INIT_C);
	KUNIT_EXPECT_EQ(test, h.len, sizeof(h) + sizeof(ic));
	KUNIT_EXPECT_EQ(test, g->got[0].count, sizeof(h) + sizeof(ic));
	KUNIT_EXPECT_EQ(test, ic.req_id, g->next_req);
	KUNIT_EXPECT_EQ(test, ic.status, RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, ic.major, RNDIS_MAJOR_VERSION);
	KUNIT_EXPECT_EQ(test, ic.medium, RNDIS_MEDIUM_802_3);
	KUNIT_EXPECT_EQ(test, ic.max_pkts_per_msg, 8);
	KUNIT_EXPECT_EQ(test, ic.pkt_alignment_factor, 3);
	st = nk_state(test, g);
	KUNIT_EXPECT_TRUE(test, st.rndis_initialized);
	KUNIT_EXPECT_EQ(test, st.recv_used, 1);
	KUNIT_ASSERT_EQ(test, nk_complete(g, &g->got[0]), 0);
	KUNIT_EXPECT_EQ(test, nk_take(g), 0);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).recv_used, 0);

	nk_check_queries(test, g, sim);
}

/* ------------------------------------------------------------------ */
/* Data                                                                */

/* The host's port, up; its net_device held until the test ends. */
static struct net_device *nk_port_up(struct kunit *test, struct nk_guest *g)
{
	unsigned long end = jiffies + msecs_to_jiffies(5000);
	struct vmbc_sim_nic_state st;
	struct net_device *ndev;
	int ret;

	/* the port is registered on a work queue of its own */
	for (;;) {
		st = nk_state(test, g);
		if (st.port_ifindex)
			break;
		KUNIT_ASSERT_FALSE_MSG(test, time_after(jiffies, end),
				       "the host's port never came");
		msleep(20);
	}
	ndev = dev_get_by_name(&init_net, st.port);
	KUNIT_ASSERT_NOT_NULL(test, ndev);
	rtnl_lock();
	ret = dev_open(ndev, NULL);
	rtnl_unlock();
	if (ret)
		dev_put(ndev);
	KUNIT_ASSERT_EQ(test, ret, 0);
	return ndev;
}

/*
 * The guest's frames, one in a send section, one in the pages of a
 * GPA-direct packet (across a page boundary): with the host's port down,
 * each is dropped and counted; with it up, each leaves through it.
 * The packet filter is never set: nothing the port's own stack sends
 * (IPv6's solicitations) can reach the guest meanwhile.
 */
static void nic_frames_from_guest(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct nk_guest *g = nk_start(test, sim, 3);
	struct vmbc_sim_nic_state st;
	struct net_device *ndev;
	u8 *frame, *msg;
	u32 len, i;

	frame = kunit_kzalloc(test, ETH_FRAME_LEN, GFP_KERNEL);
	msg = kunit_kzalloc(test, 2 * ETH_FRAME_LEN, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, frame);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	nk_negotiate(test, g);
	/* data before RNDIS INIT is refused */
	nk_frame(frame, 60, nk_state(test, g).mac, 0x5a);
	len = nk_packet_msg(msg, frame, 60);
	KUNIT_ASSERT_EQ(test, nk_rndis_send(g, msg, len, false, NK_SECTION, 1),
			0);
	KUNIT_ASSERT_EQ(test, nk_take(g), 1);
	nk_expect_completion(test, g, 0, VMBC_NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 1);
	nk_rndis_init(test, g);

	/* the port down (or not there yet): dropped */
	KUNIT_ASSERT_EQ(test, nk_rndis_send(g, msg, len, false, NK_SECTION, 1),
			0);
	KUNIT_ASSERT_EQ(test, nk_take(g), 1);
	nk_expect_completion(test, g, 0, VMBC_NVSP_STAT_SUCCESS);
	st = nk_state(test, g);
	KUNIT_EXPECT_EQ(test, st.frames_in, 0);
	KUNIT_EXPECT_EQ(test, st.dropped_in, 1);

	ndev = nk_port_up(test, g);
	KUNIT_ASSERT_EQ(test, nk_rndis_send(g, msg, len, false, NK_SECTION, 3),
			0);
	KUNIT_ASSERT_EQ(test, nk_take(g), 1);
	nk_expect_completion(test, g, 0, VMBC_NVSP_STAT_SUCCESS);
	nk_frame(frame, ETH_FRAME_LEN, nk_state(test, g).mac, 0xa5);
	len = nk_packet_msg(msg, frame, ETH_FRAME_LEN);
	KUNIT_ASSERT_EQ(test, nk_rndis_send(g, msg, len, false, NK_PAGES, 0),
			0);
	KUNIT_ASSERT_EQ(test, nk_take(g), 1);
	nk_expect_completion(test, g, 0, VMBC_NVSP_STAT_SUCCESS);
	st = nk_state(test, g);
	KUNIT_EXPECT_EQ(test, st.frames_in, 2);
	KUNIT_EXPECT_EQ(test, st.bytes_in, 60 + ETH_FRAME_LEN);
	KUNIT_EXPECT_EQ(test, st.dropped_in, 1);
	KUNIT_EXPECT_EQ(test, ndev->stats.rx_packets, 2);
	KUNIT_EXPECT_EQ(test, ndev->stats.rx_bytes, 60 + ETH_FRAME_LEN);
	KUNIT_EXPECT_EQ(test, st.frames_out, 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 1);

	/* batched: as many as INIT_C allows in one send, not one more */
	nk_frame(frame, 60, st.mac, 0x42);
	for (i = 0, len = 0; i < 9; i++)
		len += nk_packet_msg(msg + len, frame, 60);
	KUNIT_ASSERT_EQ(test, nk_rndis_send(g, msg, len / 9 * 8, false,
					    NK_SECTION, 2), 0);
	KUNIT_ASSERT_EQ(test, nk_take(g), 1);
	nk_expect_completion(test, g, 0, VMBC_NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).frames_in, 2 + 8);
	KUNIT_ASSERT_EQ(test, nk_rndis_send(g, msg, len, false, NK_SECTION, 2),
			0);
	KUNIT_ASSERT_EQ(test, nk_take(g), 1);
	nk_expect_completion(test, g, 0, VMBC_NVSP_STAT_FAIL);
	/* the eight before the ninth went out */
	KUNIT_EXPECT_EQ(test, nk_state(test, g).frames_in, 2 + 8 + 8);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 2);
	dev_put(ndev);
}

/*
 * A frame from the host arrives as a PACKET in a receive section the
 * guest gives back; before the packet filter the guest takes none.
 */
static void nic_frames_to_guest(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct nk_guest *g = nk_start(test, sim, 4);
	struct vmbc_rndis_packet p;
	struct vmbc_rndis_header h;
	struct vmbc_sim_nic_state st;
	const struct nk_pkt *x;
	u8 frame[200];

	nk_frame(frame, sizeof(frame), nk_host_mac, 0x3c);
	KUNIT_EXPECT_EQ(test, vmbc_sim_nic_send(sim, g->relid, frame,
						sizeof(frame)), -ENETDOWN);
	nk_up(test, g);
	KUNIT_EXPECT_EQ(test, vmbc_sim_nic_send(sim, g->relid, frame,
						ETH_HLEN - 1), -EINVAL);
	KUNIT_ASSERT_EQ(test, vmbc_sim_nic_send(sim, g->relid, frame,
						sizeof(frame)), 0);
	KUNIT_ASSERT_EQ(test, nk_take(g), 1);
	nk_expect_xfer(test, g, 0, false);
	x = &g->got[0];
	memcpy(&h, x->rndis, sizeof(h));
	memcpy(&p, x->rndis + sizeof(h), sizeof(p));
	KUNIT_EXPECT_EQ(test, h.type, RNDIS_MSG_PACKET);
	KUNIT_EXPECT_EQ(test, h.len, x->count);
	KUNIT_EXPECT_EQ(test, p.data_len, sizeof(frame));
	KUNIT_ASSERT_LE(test, sizeof(h) + p.data_offset + p.data_len, h.len);
	KUNIT_EXPECT_EQ(test, memcmp(x->rndis + sizeof(h) + p.data_offset,
				     frame, sizeof(frame)), 0);
	st = nk_state(test, g);
	KUNIT_EXPECT_EQ(test, st.frames_out, 1);
	KUNIT_EXPECT_EQ(test, st.bytes_out, sizeof(frame));
	KUNIT_EXPECT_EQ(test, st.recv_used, 1);
	KUNIT_ASSERT_EQ(test, nk_complete(g, x), 0);
	KUNIT_EXPECT_EQ(test, nk_take(g), 0);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).recv_used, 0);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).dropped_out, 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/*
 * A flood through the host's port waits in the port's queue instead of
 * being dropped: the port stops when a channel's queue (1024 frames)
 * fills, and starts again as the guest takes them.
 */
static void nic_port_stops_when_a_queue_fills(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct nk_guest *g = nk_start(test, sim, 11);
	const unsigned int total = 1100;
	unsigned long end;
	struct net_device *ndev;
	struct sk_buff *skb;
	unsigned int i, got = 0;
	u8 frame[64];

	nk_up(test, g);
	ndev = nk_port_up(test, g);
	nk_frame(frame, sizeof(frame), nk_host_mac, 0x5a);
	/* the host reads nothing: the frames pile up in the queues */
	vmbc_sim_set_fault(sim, VMBC_SIM_HOLD_IO, 0, 1);
	for (i = 0; i < total; i++) {
		skb = alloc_skb(sizeof(frame), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		skb_put_data(skb, frame, sizeof(frame));
		skb->dev = ndev;
		skb->protocol = htons(ETH_P_IP);
		dev_queue_xmit(skb);
	}
	KUNIT_EXPECT_TRUE(test, netif_queue_stopped(ndev));
	KUNIT_EXPECT_EQ(test, ndev->stats.tx_packets, 1024);
	KUNIT_EXPECT_EQ(test, ndev->stats.tx_dropped, 0);

	vmbc_sim_set_fault(sim, VMBC_SIM_HOLD_IO, 0, 0);
	end = jiffies + msecs_to_jiffies(20000);
	while (got < total && time_before(jiffies, end)) {
		nk_take(g);
		for (i = 0; i < g->ngot; i++) {
			if (g->got[i].type != VM_PKT_DATA_USING_XFER_PAGES)
				continue;
			got++;
			KUNIT_ASSERT_EQ(test, nk_complete(g, &g->got[i]), 0);
		}
		if (!g->ngot)
			usleep_range(5000, 10000);
	}
	KUNIT_EXPECT_EQ(test, got, total);
	KUNIT_EXPECT_FALSE(test, netif_queue_stopped(ndev));
	KUNIT_EXPECT_EQ(test, ndev->stats.tx_packets, total);
	KUNIT_EXPECT_EQ(test, ndev->stats.tx_dropped, 0);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).frames_out, total);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).dropped_out, 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
	dev_put(ndev);
}

/*
 * Every receive section held by the guest: a frame from the host waits
 * for one, and so does the answer to a control message; the completions
 * that give sections back must still be read behind that message (they
 * are what it waits for), and the answer goes before the frame.
 */
static void nic_sections_run_out(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct nk_guest *g = nk_start(test, sim, 9);
	u32 n = NK_RECV_SIZE / NK_RECV_SECTION, i;
	struct nk_rndis_msg r;
	struct vmbc_sim_nic_state st;
	u64 held[NK_RECV_SIZE / NK_RECV_SECTION];
	u8 frame[ETH_ZLEN];

	nk_up(test, g);
	for (i = 0; i < n; i++) {
		nk_frame(frame, sizeof(frame), nk_host_mac, i);
		KUNIT_ASSERT_EQ(test, vmbc_sim_nic_send(sim, g->relid, frame,
							sizeof(frame)), 0);
	}
	KUNIT_ASSERT_EQ(test, nk_take(g), n);
	for (i = 0; i < n; i++)
		held[i] = g->got[i].trans_id;
	KUNIT_EXPECT_EQ(test, nk_state(test, g).recv_used, n);
	/* one more frame: it waits */
	nk_frame(frame, sizeof(frame), nk_host_mac, 0xee);
	KUNIT_ASSERT_EQ(test, vmbc_sim_nic_send(sim, g->relid, frame,
						sizeof(frame)), 0);
	KUNIT_EXPECT_EQ(test, nk_take(g), 0);

	/* a control message: taken, its answer waits for a section */
	r.hdr.type = RNDIS_MSG_KEEPALIVE;
	r.hdr.len = sizeof(r.hdr) + sizeof(u32);
	r.req_id = ++g->next_req;
	KUNIT_ASSERT_EQ(test, nk_rndis_send(g, &r, r.hdr.len, true,
					    NK_SECTION, 0), 0);
	KUNIT_ASSERT_EQ(test, nk_take(g), 1);
	nk_expect_completion(test, g, 0, VMBC_NVSP_STAT_SUCCESS);

	/* a section back: the answer takes it */
	KUNIT_ASSERT_EQ(test, nk_complete_id(g, held[0]), 0);
	KUNIT_ASSERT_EQ(test, nk_take_n(g, 1), 1);
	nk_expect_xfer(test, g, 0, true);
	KUNIT_EXPECT_EQ(test, nk_get32(g->got[0].rndis), RNDIS_MSG_KEEPALIVE_C);
	KUNIT_EXPECT_EQ(test, nk_get32(g->got[0].rndis + 8), g->next_req);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).recv_used, n);

	/* that one back: the frame takes it */
	KUNIT_ASSERT_EQ(test, nk_complete(g, &g->got[0]), 0);
	KUNIT_ASSERT_EQ(test, nk_take_n(g, 1), 1);
	nk_expect_xfer(test, g, 0, false);
	held[0] = g->got[0].trans_id;
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, nk_complete_id(g, held[i]), 0);
	KUNIT_EXPECT_EQ(test, nk_take(g), 0);
	st = nk_state(test, g);
	KUNIT_EXPECT_EQ(test, st.recv_used, 0);
	KUNIT_EXPECT_EQ(test, st.frames_out, n + 1);
	KUNIT_EXPECT_EQ(test, st.dropped_out, 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* ------------------------------------------------------------------ */
/* The link                                                            */

static u32 nk_indication(struct kunit *test, struct nk_guest *g)
{
	struct vmbc_rndis_indicate ind;
	struct vmbc_rndis_header h;

	KUNIT_ASSERT_EQ(test, nk_take(g), 1);
	nk_expect_xfer(test, g, 0, true);
	memcpy(&h, g->got[0].rndis, sizeof(h));
	memcpy(&ind, g->got[0].rndis + sizeof(h), sizeof(ind));
	KUNIT_EXPECT_EQ(test, h.type, RNDIS_MSG_INDICATE);
	KUNIT_EXPECT_EQ(test, h.len, sizeof(h) + sizeof(ind));
	KUNIT_EXPECT_EQ(test, nk_complete(g, &g->got[0]), 0);
	vmbc_sim_flush(g->sim);
	return ind.status;
}

/*
 * The cable pulled: the guest is told (INDICATE, MEDIA_DISCONNECT), takes
 * no frames, and the status query says so; plugged back, the same.
 */
static void nic_link(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct nk_guest *g = nk_start(test, sim, 5);
	struct vmbc_sim_nic_state st;
	u8 frame[64];

	nk_frame(frame, sizeof(frame), nk_host_mac, 0x11);
	nk_up(test, g);
	KUNIT_ASSERT_EQ(test, vmbc_sim_nic_set_link(sim, g->relid, false), 0);
	KUNIT_EXPECT_EQ(test, nk_indication(test, g),
			RNDIS_STATUS_MEDIA_DISCONNECT);
	st = nk_state(test, g);
	KUNIT_EXPECT_FALSE(test, st.link_up);
	KUNIT_EXPECT_FALSE(test, st.rx_ready);
	KUNIT_EXPECT_EQ(test, st.indications, 1);
	KUNIT_EXPECT_EQ(test, st.recv_used, 0);
	KUNIT_EXPECT_EQ(test, vmbc_sim_nic_send(sim, g->relid, frame,
						sizeof(frame)), -ENETDOWN);
	KUNIT_EXPECT_EQ(test, nk_query32(test, g,
					 RNDIS_OID_GEN_MEDIA_CONNECT_STATUS), 1);
	/* the same state again tells nothing */
	KUNIT_ASSERT_EQ(test, vmbc_sim_nic_set_link(sim, g->relid, false), 0);
	KUNIT_EXPECT_EQ(test, nk_take(g), 0);

	KUNIT_ASSERT_EQ(test, vmbc_sim_nic_set_link(sim, g->relid, true), 0);
	KUNIT_EXPECT_EQ(test, nk_indication(test, g),
			RNDIS_STATUS_MEDIA_CONNECT);
	st = nk_state(test, g);
	KUNIT_EXPECT_TRUE(test, st.rx_ready);
	KUNIT_EXPECT_EQ(test, st.indications, 2);
	KUNIT_EXPECT_EQ(test, vmbc_sim_nic_send(sim, g->relid, frame,
						sizeof(frame)), 0);
	KUNIT_ASSERT_EQ(test, nk_take(g), 1);
	nk_expect_xfer(test, g, 0, false);
	KUNIT_EXPECT_EQ(test, nk_complete(g, &g->got[0]), 0);
	KUNIT_EXPECT_EQ(test, nk_take(g), 0);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).frames_out, 1);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* ------------------------------------------------------------------ */
/* Sub-channels                                                        */

static bool nk_subchannels_are(struct nk_guest *g, int n)
{
	unsigned long end = jiffies + msecs_to_jiffies(5000);

	while (atomic_read(&g->subchannels) < n) {
		if (time_after(jiffies, end))
			return false;
		vmbc_sim_flush(g->sim);
	}
	return true;
}

static void nk_allocate(struct kunit *test, struct nk_guest *g, u32 n,
			struct vmbc_nvsp_message *a)
{
	struct vmbc_nvsp_message m = {
		.type = VMBC_NVSP_MSG5_SUBCHANNEL,
		.subchannel.op = VMBC_NVSP_SUBCHANNEL_ALLOCATE,
		.subchannel.count = n,
	};

	nk_request(test, g, &m, a);
	KUNIT_EXPECT_EQ(test, a->type, VMBC_NVSP_MSG5_SUBCHANNEL);
}

/*
 * SUBCHANNEL ALLOCATE: answered with the count, then the offers; the
 * host allows no more than it said, counting those it has.
 */
static void nic_subchannels(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct nk_guest *g = nk_start(test, sim, 6);
	struct vmbc_nvsp_message a;

	nk_up(test, g);
	nk_allocate(test, g, 2, &a);
	KUNIT_EXPECT_EQ(test, a.subchannel_complete.status,
			VMBC_NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.subchannel_complete.count, 2);
	KUNIT_ASSERT_TRUE(test, nk_subchannels_are(g, 2));
	KUNIT_EXPECT_EQ(test, nk_state(test, g).subchannels, 2);

	/* 7 allowed, 2 there: 6 more is too many */
	nk_allocate(test, g, NK_SUBCHANNELS - 1, &a);
	KUNIT_EXPECT_EQ(test, a.subchannel_complete.status,
			VMBC_NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, nk_bad(test, g, g->relid), 1);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).subchannels, 2);
	/* 5 is what is left */
	nk_allocate(test, g, NK_SUBCHANNELS - 2, &a);
	KUNIT_EXPECT_EQ(test, a.subchannel_complete.status,
			VMBC_NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, a.subchannel_complete.count, NK_SUBCHANNELS - 2);
	KUNIT_ASSERT_TRUE(test, nk_subchannels_are(g, NK_SUBCHANNELS));
	KUNIT_EXPECT_EQ(test, nk_state(test, g).subchannels, NK_SUBCHANNELS);
	nk_allocate(test, g, 1, &a);
	KUNIT_EXPECT_EQ(test, a.subchannel_complete.status,
			VMBC_NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, nk_bad(test, g, g->relid), 2);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&g->subchannels), NK_SUBCHANNELS);
}

/* The guest's frame on sub-channel @sg comes out; INIT there is refused. */
static void nk_subchannel_sends(struct kunit *test, struct nk_guest *g,
				struct nk_guest *sg, u32 sc_relid)
{
	u8 frame[ETH_ZLEN], msg[128];
	u32 len;

	nk_frame(frame, sizeof(frame), nk_state(test, g).mac, 0x12);
	len = nk_packet_msg(msg, frame, sizeof(frame));
	KUNIT_ASSERT_EQ(test, nk_rndis_send(sg, msg, len, false, NK_SECTION,
					    1), 0);
	KUNIT_ASSERT_EQ(test, nk_take(sg), 1);
	nk_expect_completion(test, sg, 0, VMBC_NVSP_STAT_SUCCESS);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).frames_in +
			nk_state(test, g).dropped_in, 1);
	KUNIT_EXPECT_EQ(test, nk_init(test, sg, VMBC_NVSP_VERSION_61),
			VMBC_NVSP_STAT_FAIL);
	KUNIT_EXPECT_EQ(test, nk_bad(test, g, sc_relid), 1);
	KUNIT_EXPECT_EQ(test, nk_bad(test, g, g->relid), 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(g->sim), 1);
}

/*
 * An indirection table naming the sub-channel: the host's frames go
 * there, the guest's frames come from there, and the sub-channel takes
 * no negotiation of its own.
 */
static void nic_rss_spreads_to_a_subchannel(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct nk_guest *g = nk_start(test, sim, 10);
	struct {
		struct vmbc_ndis_rss_params p;
		u32 table[4];
		u8 key[40];
	} rss = {
		.p.hdr.type = VMBC_NDIS_OBJECT_RSS_PARAMS,
		.p.hdr.revision = 2,
		.p.hdr.size = sizeof(rss.p),
		.p.hash_info = VMBC_NDIS_RSS_HASH_TOEPLITZ,
		.p.table_size = sizeof(rss.table),
		.p.table_offset = offsetof(typeof(rss), table),
		.p.key_size = sizeof(rss.key),
		.p.key_offset = offsetof(typeof(rss), key),
		.table = { 1, 1, 1, 1 },
	};
	struct vmbc_nvsp_message a;
	struct vmbus_channel *sc;
	struct nk_guest *sg;
	u8 frame[ETH_ZLEN];
	u32 sc_relid;

	nk_up(test, g);
	nk_allocate(test, g, 1, &a);
	KUNIT_ASSERT_EQ(test, a.subchannel_complete.count, 1);
	KUNIT_ASSERT_TRUE(test, nk_subchannels_are(g, 1));
	sc = list_first_entry(&g->channel->sc_list, struct vmbus_channel,
			      sc_list);
	sc_relid = sc->offermsg.child_relid;
	/* the sub-channel's guest shares the primary's buffers */
	sg = kunit_kzalloc(test, sizeof(*sg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sg);
	spin_lock_init(&sg->lock);
	sg->sim = sim;
	sg->channel = sc;
	sg->relid = g->relid;
	sg->recv_buf = g->recv_buf;
	sg->send_buf = g->send_buf;
	sg->pages = g->pages;
	KUNIT_ASSERT_EQ(test, vmbus_open(sc, NK_RING_SIZE, NK_RING_SIZE, NULL,
					 0, nk_callback, sg), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_close_action,
							sc), 0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).channels_open, 2);

	/* an entry beyond the sub-channels allowed is refused */
	rss.table[2] = NK_SUBCHANNELS + 1;
	KUNIT_EXPECT_EQ(test, nk_set(test, g, VMBC_OID_RSS_PARAMETERS, &rss,
				     sizeof(rss)), RNDIS_STATUS_INVALID_DATA);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).rss_entries, 0);
	rss.table[2] = 1;
	KUNIT_EXPECT_EQ(test, nk_set(test, g, VMBC_OID_RSS_PARAMETERS, &rss,
				     sizeof(rss)), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).rss_entries, 4);

	nk_frame(frame, sizeof(frame), nk_host_mac, 0x21);
	KUNIT_ASSERT_EQ(test, vmbc_sim_nic_send(sim, g->relid, frame,
						sizeof(frame)), 0);
	KUNIT_EXPECT_EQ(test, nk_take(g), 0);
	KUNIT_ASSERT_EQ(test, nk_take(sg), 1);
	nk_expect_xfer(test, sg, 0, false);
	KUNIT_EXPECT_EQ(test, nk_complete(sg, &sg->got[0]), 0);
	KUNIT_EXPECT_EQ(test, nk_take(sg), 0);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).recv_used, 0);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).frames_out, 1);

	nk_subchannel_sends(test, g, sg, sc_relid);
}

/* ------------------------------------------------------------------ */
/* Guests that get something wrong                                     */

enum nk_fault {
	NK_SHORT,		/* INIT of 8 bytes */
	NK_UNKNOWN_TYPE,	/* NVSP type 999 */
	NK_RECV_BUF_ID,		/* receive buffer id 1, not 0xcafe */
	NK_RECV_BUF_GPADL,	/* a GPADL handle the host never made */
	NK_RECV_BUF_RING,	/* the channel's own ring GPADL */
	NK_SECTION_BEYOND,	/* send section 4 of 4 */
	NK_SECTION_SIZE,	/* a section of 6145 bytes */
	NK_PACKET_BEYOND,	/* a PACKET whose frame lies past its end */
	NK_QUERY_BEYOND,	/* a QUERY whose information lies past it */
	NK_COMPLETION_UNKNOWN,	/* a completion of no section held */
	NK_COMPLETION_TWICE,	/* a section given back twice */
	NK_PACKET_CONTROL,	/* a PACKET sent as a control message */
	NK_NO_COMPLETION,	/* SEND_RNDIS_PKT asking for no completion */
	NK_NDIS_ANSWER,		/* SEND_NDIS_VERSION asking for one */
	NK_PAGES_INIT,		/* INIT in a GPA-direct packet */
};

struct nk_bad_case {
	const char *name;
	enum nk_fault fault;
	bool answered;		/* a failure comes back */
	bool before_buffers;	/* the guest only did INIT */
};

static const struct nk_bad_case nk_bad_cases[] = {
	{ "short message", NK_SHORT, false, false },
	{ "unknown type", NK_UNKNOWN_TYPE, false, false },
	{ "receive buffer id", NK_RECV_BUF_ID, true, true },
	{ "unknown receive buffer GPADL", NK_RECV_BUF_GPADL, true, true },
	{ "ring GPADL as receive buffer", NK_RECV_BUF_RING, true, true },
	{ "send section beyond the buffer", NK_SECTION_BEYOND, true, false },
	{ "send section too long", NK_SECTION_SIZE, true, false },
	{ "frame beyond the PACKET", NK_PACKET_BEYOND, true, false },
	{ "information beyond the QUERY", NK_QUERY_BEYOND, true, false },
	{ "completion of no section", NK_COMPLETION_UNKNOWN, false, false },
	{ "completion twice", NK_COMPLETION_TWICE, false, false },
	{ "PACKET as control", NK_PACKET_CONTROL, true, false },
	{ "no completion asked for", NK_NO_COMPLETION, false, false },
	{ "a completion asked for", NK_NDIS_ANSWER, false, false },
	{ "INIT with pages", NK_PAGES_INIT, false, false },
};

static void nk_bad_case_desc(const struct nk_bad_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(nk_bad, nk_bad_cases, nk_bad_case_desc);

/* Send what @fault makes of a good request. */
static int nk_send_bad(struct kunit *test, struct nk_guest *g,
		       enum nk_fault fault)
{
	struct vmbc_nvsp_message m = {
		.type = VMBC_NVSP_MSG1_SEND_RNDIS_PKT,
		.rndis_pkt.channel_type = VMBC_NVSP_CHANNEL_DATA,
		.rndis_pkt.section_index = VMBC_NVSP_NO_SECTION,
	};
	struct vmbc_rndis_packet *p;
	struct hv_page_buffer pb;
	u8 msg[sizeof(struct nk_rndis_msg)] __aligned(8) = {};
	u8 frame[60];
	u32 len;

	nk_frame(frame, sizeof(frame), nk_host_mac, 0x77);
	len = nk_packet_msg(msg, frame, sizeof(frame));
	switch (fault) {
	case NK_SHORT:
		m.type = VMBC_NVSP_MSG_INIT;
		m.init.min_version = VMBC_NVSP_VERSION_61;
		return nk_send(g, &m, 8, true);
	case NK_UNKNOWN_TYPE:
		m.type = 999;
		return nk_send(g, &m, sizeof(m), true);
	case NK_RECV_BUF_ID:
	case NK_RECV_BUF_GPADL:
	case NK_RECV_BUF_RING:
		m.type = VMBC_NVSP_MSG1_SEND_RECV_BUF;
		m.send_buf.id = fault == NK_RECV_BUF_ID ? 1 :
				VMBC_NVSP_RECV_BUF_ID;
		m.send_buf.gpadl_handle =
			fault == NK_RECV_BUF_ID ? g->recv_gpadl :
			fault == NK_RECV_BUF_GPADL ? 0x7ffffff0 :
			g->channel->ringbuffer_gpadlhandle;
		return nk_send(g, &m, sizeof(m), true);
	case NK_SECTION_BEYOND:
		return nk_rndis_send(g, msg, len, false, NK_SECTION,
				     NK_SEND_SECTIONS);
	case NK_SECTION_SIZE:
		m.rndis_pkt.section_index = 0;
		m.rndis_pkt.section_size = NK_SEND_SECTION + 1;
		return nk_send(g, &m, sizeof(m), true);
	case NK_PACKET_BEYOND:
		p = (void *)(msg + sizeof(struct vmbc_rndis_header));
		p->data_len = sizeof(frame) + 1;
		return nk_rndis_send(g, msg, len, false, NK_SECTION, 0);
	case NK_QUERY_BEYOND:
		len = nk_rndis_oid_msg(g, (void *)msg, RNDIS_MSG_QUERY,
				       RNDIS_OID_GEN_MAXIMUM_FRAME_SIZE,
				       frame, 4);
		/* 4 bytes said to start where the message ends */
		((struct nk_rndis_msg *)msg)->oid.info_offset = len - 8;
		return nk_rndis_send(g, msg, len, true, NK_SECTION, 0);
	case NK_COMPLETION_UNKNOWN:
		/* section 4: never used */
		return nk_complete_id(g, 5);
	case NK_COMPLETION_TWICE:
		nk_keepalive(test, g);
		return nk_complete(g, &g->got[0]);
	case NK_PACKET_CONTROL:
		return nk_rndis_send(g, msg, len, true, NK_SECTION, 0);
	case NK_NO_COMPLETION:
		memcpy(g->send_buf, msg, len);
		m.rndis_pkt.section_index = 0;
		m.rndis_pkt.section_size = len;
		return nk_send(g, &m, sizeof(m), false);
	case NK_NDIS_ANSWER:
		m.type = VMBC_NVSP_MSG1_SEND_NDIS_VERSION;
		m.ndis_version.major = 6;
		m.ndis_version.minor = 1;
		return nk_send(g, &m, sizeof(m), true);
	case NK_PAGES_INIT:
		m.type = VMBC_NVSP_MSG_INIT;
		m.init.min_version = VMBC_NVSP_VERSION_61;
		m.init.max_version = VMBC_NVSP_VERSION_61;
		pb.pfn = virt_to_phys(g->pages) >> PAGE_SHIFT;
		pb.offset = 0;
		pb.len = 64;
		return vmbus_sendpacket_pagebuffer(g->channel, &pb, 1, &m,
						   sizeof(m), ++g->next_rid);
	}
	return -EINVAL;
}

/* The answer a refused request gets, by its type. */
static u32 nk_fail_status(const struct vmbc_nvsp_message *a)
{
	switch (a->type) {
	case VMBC_NVSP_MSG1_SEND_RECV_BUF_COMPLETE:
		return a->recv_buf_complete.status;
	case VMBC_NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE:
		return a->rndis_pkt_complete.status;
	default:
		return 0;
	}
}

/*
 * Each mistake: one bad packet, one protocol error, a failure answered
 * where the request asked for an answer, nothing done; then the same
 * host goes on as if it had not happened.
 */
static void nic_refuses_bad_requests(struct kunit *test)
{
	const struct nk_bad_case *bc = test->param_value;
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct nk_guest *g = nk_start(test, sim, 7);
	struct vmbc_sim_nic_state st;
	struct vmbc_nvsp_message a;
	int n;

	if (bc->before_buffers) {
		KUNIT_ASSERT_EQ(test, nk_init(test, g, VMBC_NVSP_VERSION_61),
				VMBC_NVSP_STAT_SUCCESS);
		nk_establish(test, g);
	} else {
		nk_negotiate(test, g);
		nk_rndis_init(test, g);
	}
	KUNIT_ASSERT_EQ(test, nk_send_bad(test, g, bc->fault), 0);
	n = nk_take(g);
	KUNIT_EXPECT_EQ(test, n, bc->answered ? 1 : 0);
	if (n == 1) {
		KUNIT_EXPECT_EQ(test, g->got[0].type, VM_PKT_COMP);
		KUNIT_EXPECT_EQ(test, g->got[0].trans_id, g->next_rid);
		KUNIT_EXPECT_EQ(test, nk_fail_status(&g->got[0].nv),
				VMBC_NVSP_STAT_FAIL);
	}
	KUNIT_EXPECT_EQ(test, nk_bad(test, g, g->relid), 1);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 1);
	st = nk_state(test, g);
	KUNIT_EXPECT_EQ(test, st.frames_in + st.dropped_in, 0);
	KUNIT_EXPECT_EQ(test, st.recv_used, 0);
	KUNIT_EXPECT_EQ(test, st.version, (u32)VMBC_NVSP_VERSION_61);

	/* the host goes on */
	if (bc->before_buffers) {
		KUNIT_EXPECT_EQ(test, st.recv_sections, 0);
		nk_recv_buf(test, g, g->recv_gpadl, VMBC_NVSP_RECV_BUF_ID, &a);
		KUNIT_EXPECT_EQ(test, a.recv_buf_complete.status,
				VMBC_NVSP_STAT_SUCCESS);
		nk_send_buf(test, g, &a);
		KUNIT_EXPECT_EQ(test, a.send_buf_complete.status,
				VMBC_NVSP_STAT_SUCCESS);
		nk_rndis_init(test, g);
	}
	nk_keepalive(test, g);
	KUNIT_EXPECT_EQ(test, nk_state(test, g).recv_used, 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 1);
}

/* The API names what it refuses. */
static void nic_api_refusals(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_nic_state st;
	u8 frame[ETH_ZLEN] = {};
	u32 echo_relid;

	kt_offer_echo(test, sim, kt_guid(8, 100), &echo_relid);
	KUNIT_EXPECT_EQ(test, vmbc_sim_nic_state(sim, 2000, &st), -ENOENT);
	KUNIT_EXPECT_EQ(test, vmbc_sim_nic_state(sim, echo_relid, &st),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, vmbc_sim_nic_set_link(sim, echo_relid, false),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, vmbc_sim_nic_set_subchannels(sim, echo_relid,
							   1), -ENODEV);
	KUNIT_EXPECT_EQ(test, vmbc_sim_nic_set_subchannels(sim, echo_relid,
							   64), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmbc_sim_nic_send(sim, echo_relid, frame,
						sizeof(frame)), -ENODEV);
}

static struct kunit_case nic_cases[] = {
	KUNIT_CASE(nic_negotiates),
	KUNIT_CASE(nic_init_again_starts_anew),
	KUNIT_CASE(nic_rndis_control),
	KUNIT_CASE(nic_frames_from_guest),
	KUNIT_CASE(nic_frames_to_guest),
	KUNIT_CASE(nic_port_stops_when_a_queue_fills),
	KUNIT_CASE(nic_sections_run_out),
	KUNIT_CASE(nic_link),
	KUNIT_CASE(nic_subchannels),
	KUNIT_CASE(nic_rss_spreads_to_a_subchannel),
	KUNIT_CASE_PARAM(nic_refuses_bad_requests, nk_bad_gen_params),
	KUNIT_CASE(nic_api_refusals),
	{}
};

static struct kunit_suite nic_suite = {
	.name = "vmbc_sim_nic",
	.test_cases = nic_cases,
};

kunit_test_suite(nic_suite);
