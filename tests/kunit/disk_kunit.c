// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the simulated host's synthetic SCSI controller (class "storage",
 * drivers/vmbus/sim/storvsc.c and scsi_disk.c), against a small guest
 * written here that speaks the storage protocol as Linux's hv_storvsc
 * does: the initialisation, SCSI requests with their data in the pages
 * of a multi-page-buffer packet, sub-channels. Then guests that get one
 * thing wrong each: every mistake costs exactly one bad packet and one
 * protocol error, is answered with a failure, and leaves the host
 * working. Last, taking the controller away while the guest uses it.
 */
#include <kunit/test.h>
#include <linux/io.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <scsi/scsi_proto.h>

#include <vmbc/storvsp.h>

#include "sim_helpers.h"

#define SD_RING_SIZE	(64 * 1024)
#define SD_MAX_ANSWERS	16
/* The most pages one test request names. */
#define SD_MAX_PFNS	260

/* One answer of the host, as the guest read it. */
struct sd_answer {
	u64 rid;
	u16 type;
	u32 len;
	struct vmbc_vstor_packet pkt;
};

struct sd_guest {
	struct vmbc_sim *sim;
	struct vmbus_channel *channel;
	u32 relid;
	spinlock_t lock;	/* the answers: the callback adds, tests read */
	struct sd_answer answers[SD_MAX_ANSWERS];
	int nr;
	u64 next_rid;
	atomic_t subchannels;
};

static void sd_callback(void *context)
{
	struct sd_guest *g = context;
	u8 buf[128] __aligned(8);
	struct sd_answer *a;
	u32 len;
	u64 rid;

	for (;;) {
		if (vmbus_recvpacket(g->channel, buf, sizeof(buf), &len, &rid) ||
		    !len)
			return;
		spin_lock(&g->lock);
		if (g->nr < SD_MAX_ANSWERS) {
			a = &g->answers[g->nr++];
			a->rid = rid;
			a->len = len;
			memset(&a->pkt, 0, sizeof(a->pkt));
			memcpy(&a->pkt, buf, min_t(u32, len, sizeof(a->pkt)));
		}
		spin_unlock(&g->lock);
	}
}

static void sd_sc_created(struct vmbus_channel *sc)
{
	struct sd_guest *g = sc->primary_channel->channel_callback_context;

	atomic_inc(&g->subchannels);
}

/* A controller offered at instance @n, its channel opened by the guest. */
static struct sd_guest *sd_start(struct kunit *test, struct vmbc_sim *sim,
				 u16 n)
{
	struct vmbc_sim_device dev = {
		.class_id = VMBC_VSTOR_CLASS_GUID,
		.instance_id = kt_guid(7, n),
	};
	struct sd_guest *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, g);
	spin_lock_init(&g->lock);
	g->sim = sim;
	g->channel = kt_offer_dev(test, sim, &dev, &g->relid);
	vmbus_set_sc_create_callback(g->channel, sd_sc_created);
	KUNIT_ASSERT_EQ(test, vmbus_open(g->channel, SD_RING_SIZE,
					 SD_RING_SIZE, NULL, 0, sd_callback, g),
			0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_close_action,
							g->channel), 0);
	return g;
}

/* Take the answers so far; returns how many. */
static int sd_take(struct sd_guest *g, struct sd_answer *out, int max)
{
	int n;

	vmbc_sim_flush(g->sim);
	spin_lock_bh(&g->lock);
	n = min(g->nr, max);
	memcpy(out, g->answers, n * sizeof(*out));
	g->nr = 0;
	spin_unlock_bh(&g->lock);
	return n;
}

/* Send @p on @channel (inband), a completion asked for. */
static int sd_send(struct sd_guest *g, struct vmbus_channel *channel,
		   struct vmbc_vstor_packet *p, u32 flags)
{
	p->flags = VMBC_VSTOR_REQUEST_COMPLETION;
	return vmbus_sendpacket(channel, p, sizeof(*p), ++g->next_rid,
				VM_PKT_DATA_INBAND, flags);
}

/* One request, one answer; the answer's packet in *@resp. */
static void sd_request(struct kunit *test, struct sd_guest *g,
		       struct vmbc_vstor_packet *p,
		       struct vmbc_vstor_packet *resp)
{
	struct sd_answer a[2];

	KUNIT_ASSERT_EQ(test, sd_send(g, g->channel, p,
				      VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED),
			0);
	KUNIT_ASSERT_EQ(test, sd_take(g, a, 2), 1);
	KUNIT_EXPECT_EQ(test, a[0].rid, g->next_rid);
	KUNIT_EXPECT_EQ(test, a[0].len, (u32)sizeof(*resp));
	KUNIT_EXPECT_EQ(test, a[0].pkt.operation, VMBC_VSTOR_COMPLETE_IO);
	*resp = a[0].pkt;
}

static u32 sd_op(struct kunit *test, struct sd_guest *g, u32 op,
		 struct vmbc_vstor_packet *resp)
{
	struct vmbc_vstor_packet p = { .operation = op };

	sd_request(test, g, &p, resp);
	return resp->status;
}

/* hv_storvsc's initialisation; the properties in *@props. */
static void sd_init(struct kunit *test, struct sd_guest *g,
		    struct vmbc_vstor_properties *props)
{
	struct vmbc_vstor_packet p = {}, r;

	KUNIT_ASSERT_EQ(test, sd_op(test, g, VMBC_VSTOR_BEGIN_INIT, &r), 0);
	p.operation = VMBC_VSTOR_QUERY_VERSION;
	p.version.major_minor = VMBC_VSTOR_VERSION_WIN10;
	sd_request(test, g, &p, &r);
	KUNIT_ASSERT_EQ(test, r.status, 0);
	KUNIT_ASSERT_EQ(test, sd_op(test, g, VMBC_VSTOR_QUERY_PROPERTIES, &r),
			0);
	if (props)
		*props = r.properties;
	KUNIT_ASSERT_EQ(test, sd_op(test, g, VMBC_VSTOR_END_INIT, &r), 0);
}

/* A SCSI command addressed to path/target/lun @addr (3 bytes). */
struct sd_cmd {
	u8 cdb[16];
	u8 cdb_len;
	void *buf;
	u32 len;
	u8 data_in;
	u8 addr[3];
	/* the answer */
	struct vmbc_vmscsi_request srb;
	u32 status;
};

/* The SRB of @c in @p (what hv_storvsc puts there). */
static void sd_srb(struct sd_cmd *c, struct vmbc_vstor_packet *p)
{
	struct vmbc_vmscsi_request *srb = &p->srb;

	memset(p, 0, sizeof(*p));
	p->operation = VMBC_VSTOR_EXECUTE_SRB;
	srb->length = sizeof(*srb);
	srb->path_id = c->addr[0];
	srb->target_id = c->addr[1];
	srb->lun = c->addr[2];
	srb->cdb_length = c->cdb_len;
	memcpy(srb->cdb, c->cdb, c->cdb_len);
	srb->sense_info_length = VMBC_VSTOR_SENSE_MAX;
	srb->data_in = c->len ? c->data_in : VMBC_VSTOR_UNKNOWN_TYPE;
	srb->data_transfer_length = c->len;
	srb->time_out_value = 60;
}

/* The multi-page buffer of @buf, @len bytes, in @mpb; its size. */
static u32 sd_mpb(struct vmbus_packet_mpb_array *mpb, void *buf, u32 len)
{
	u32 off = offset_in_page(buf), i, n = DIV_ROUND_UP(off + len, PAGE_SIZE);

	mpb->range.offset = off;
	mpb->range.len = len;
	for (i = 0; i < n; i++)
		mpb->range.pfn_array[i] = virt_to_phys(buf + i * PAGE_SIZE - off) >>
					  PAGE_SHIFT;
	return sizeof(*mpb) + n * sizeof(u64);
}

/* Send @c on @channel as hv_storvsc does; its answer in @c. */
static void sd_scsi_on(struct kunit *test, struct sd_guest *g,
		       struct vmbus_channel *channel, struct sd_cmd *c)
{
	struct {
		struct vmbus_packet_mpb_array d;
		u64 pfns[SD_MAX_PFNS];
	} *mpb;
	struct vmbc_vstor_packet p;
	struct sd_answer a[2];
	u32 size;

	sd_srb(c, &p);
	p.flags = VMBC_VSTOR_REQUEST_COMPLETION;
	if (c->len) {
		mpb = kzalloc(sizeof(*mpb), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, mpb);
		size = sd_mpb(&mpb->d, c->buf, c->len);
		KUNIT_ASSERT_EQ(test, vmbus_sendpacket_mpb_desc(channel,
								&mpb->d, size,
								&p, sizeof(p),
								++g->next_rid),
				0);
		kfree(mpb);
	} else {
		KUNIT_ASSERT_EQ(test, vmbus_sendpacket(channel, &p, sizeof(p),
						       ++g->next_rid,
						       VM_PKT_DATA_INBAND,
						       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED),
				0);
	}
	KUNIT_ASSERT_EQ(test, sd_take(g, a, 2), 1);
	KUNIT_EXPECT_EQ(test, a[0].rid, g->next_rid);
	KUNIT_EXPECT_EQ(test, a[0].pkt.operation, VMBC_VSTOR_COMPLETE_IO);
	c->status = a[0].pkt.status;
	c->srb = a[0].pkt.srb;
}

static void sd_scsi(struct kunit *test, struct sd_guest *g, struct sd_cmd *c)
{
	sd_scsi_on(test, g, g->channel, c);
}

static void sd_put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static u32 sd_be32(const u8 *p)
{
	return (u32)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

/* A READ or WRITE (10) of @blocks at @lba through @buf. */
static void sd_rw10(struct sd_cmd *c, bool write, u32 lba, u16 blocks,
		    void *buf)
{
	memset(c, 0, sizeof(*c));
	c->cdb[0] = write ? WRITE_10 : READ_10;
	sd_put_be32(c->cdb + 2, lba);
	c->cdb[7] = blocks >> 8;
	c->cdb[8] = blocks;
	c->cdb_len = 10;
	c->buf = buf;
	c->len = blocks * 512;
	c->data_in = write ? VMBC_VSTOR_WRITE_TYPE : VMBC_VSTOR_READ_TYPE;
}

/* A command that only reads data from the unit: @len bytes into @buf. */
static void sd_in(struct sd_cmd *c, const u8 *cdb, u8 cdb_len, void *buf,
		  u32 len)
{
	memset(c, 0, sizeof(*c));
	memcpy(c->cdb, cdb, cdb_len);
	c->cdb_len = cdb_len;
	c->buf = buf;
	c->len = len;
	c->data_in = VMBC_VSTOR_READ_TYPE;
}

static void sd_expect_good(struct kunit *test, struct sd_cmd *c, u32 moved,
			   int line)
{
	KUNIT_EXPECT_EQ_MSG(test, c->status, 0, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->srb.srb_status, VMBC_SRB_STATUS_SUCCESS,
			    "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->srb.scsi_status, SAM_STAT_GOOD,
			    "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->srb.data_transfer_length, moved,
			    "line %d", line);
}

#define SD_EXPECT_GOOD(test, c, moved) sd_expect_good(test, c, moved, __LINE__)

/* CHECK CONDITION with sense key @key, @asc/@ascq, in fixed format. */
static void sd_expect_check(struct kunit *test, struct sd_cmd *c, u8 key,
			    u8 asc, u8 ascq, int line)
{
	KUNIT_EXPECT_EQ_MSG(test, c->srb.srb_status,
			    VMBC_SRB_STATUS_ERROR | VMBC_SRB_STATUS_AUTOSENSE_VALID,
			    "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->srb.scsi_status, SAM_STAT_CHECK_CONDITION,
			    "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->srb.sense_info_length, 18, "line %d",
			    line);
	KUNIT_EXPECT_EQ_MSG(test, c->srb.sense_data[0], 0x70, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->srb.sense_data[2], key, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->srb.sense_data[12], asc, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, c->srb.sense_data[13], ascq, "line %d",
			    line);
	KUNIT_EXPECT_EQ_MSG(test, c->srb.data_transfer_length, 0, "line %d",
			    line);
}

#define SD_EXPECT_CHECK(test, c, key, asc, ascq) \
	sd_expect_check(test, c, key, asc, ascq, __LINE__)

static struct vmbc_sim_disk_state sd_state(struct kunit *test,
					   struct sd_guest *g)
{
	struct vmbc_sim_disk_state st;

	KUNIT_EXPECT_EQ(test, vmbc_sim_disk_state(g->sim, g->relid, &st), 0);
	return st;
}

static u64 sd_bad(struct kunit *test, struct sd_guest *g, u32 relid)
{
	struct vmbc_sim_channel_stats st;

	KUNIT_EXPECT_EQ(test, vmbc_sim_channel_stats(g->sim, relid, &st), 0);
	return st.bad_packets;
}

static void *sd_alloc(struct kunit *test, size_t len)
{
	void *p = kunit_kzalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	return p;
}

/* ------------------------------------------------------------------ */
/* The initialisation                                                  */

/*
 * hv_storvsc's sequence: a version newer than the host's is refused
 * (and is no mistake: the guest tries the next), the properties offer
 * multi-channel, the largest transfer and the sub-channels allowed.
 */
static void disk_initialises(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_vstor_packet p = {}, r;
	struct vmbc_vstor_properties props;
	struct vmbc_sim_disk_state st;
	struct sd_guest *g = sd_start(test, sim, 1);

	st = sd_state(test, g);
	KUNIT_EXPECT_TRUE(test, st.open);
	KUNIT_EXPECT_FALSE(test, st.ready);
	KUNIT_EXPECT_EQ(test, sd_op(test, g, VMBC_VSTOR_BEGIN_INIT, &r), 0);
	p.operation = VMBC_VSTOR_QUERY_VERSION;
	p.version.major_minor = VMBC_VSTOR_VERSION(7, 0);
	sd_request(test, g, &p, &r);
	KUNIT_EXPECT_EQ(test, r.status, VMBC_VSTOR_STATUS_REVISION);
	p.version.major_minor = VMBC_VSTOR_VERSION_WIN8_1;
	sd_request(test, g, &p, &r);
	KUNIT_EXPECT_EQ(test, r.status, 0);
	KUNIT_EXPECT_EQ(test, sd_op(test, g, VMBC_VSTOR_QUERY_PROPERTIES, &r),
			0);
	props = r.properties;
	KUNIT_EXPECT_EQ(test, props.max_channel_cnt, 8);
	KUNIT_EXPECT_EQ(test, props.flags, VMBC_VSTOR_MULTI_CHANNEL);
	KUNIT_EXPECT_EQ(test, props.max_transfer_bytes, 512 * 1024);
	KUNIT_EXPECT_FALSE(test, sd_state(test, g).ready);
	KUNIT_EXPECT_EQ(test, sd_op(test, g, VMBC_VSTOR_END_INIT, &r), 0);
	st = sd_state(test, g);
	KUNIT_EXPECT_TRUE(test, st.ready);
	KUNIT_EXPECT_EQ(test, st.version, (u32)VMBC_VSTOR_VERSION_WIN8_1);
	KUNIT_EXPECT_EQ(test, st.size, 64ULL << 20);
	KUNIT_EXPECT_EQ(test, sd_bad(test, g, g->relid), 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);

	/* a host told to allow none says so */
	KUNIT_ASSERT_EQ(test, vmbc_sim_disk_set_subchannels(sim, g->relid, 0),
			0);
	sd_init(test, g, &props);
	KUNIT_EXPECT_EQ(test, props.flags, 0);
	KUNIT_EXPECT_EQ(test, props.max_channel_cnt, 0);
	KUNIT_EXPECT_EQ(test, vmbc_sim_disk_set_subchannels(sim, g->relid, 64),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* ------------------------------------------------------------------ */
/* SCSI                                                                */

/* What the SCSI scan and sd ask about the unit before they use it. */
static void disk_identifies_itself(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct sd_guest *g = sd_start(test, sim, 2);
	u8 *d = sd_alloc(test, 256);
	static const u8 inquiry[6] = { INQUIRY, 0, 0, 0, 96, 0 };
	static const u8 vpd0[6] = { INQUIRY, 1, 0x00, 0, 64, 0 };
	static const u8 vpd80[6] = { INQUIRY, 1, 0x80, 0, 64, 0 };
	static const u8 vpd_bad[6] = { INQUIRY, 1, 0x99, 0, 64, 0 };
	static const u8 cap10[10] = { READ_CAPACITY };
	static const u8 cap16[16] = { SERVICE_ACTION_IN_16, 0x10, [13] = 32 };
	static const u8 luns[12] = { REPORT_LUNS, [9] = 64 };
	static const u8 ms6[6] = { MODE_SENSE, 0, 0x08, 0, 64, 0 };
	static const u8 ms10[10] = { MODE_SENSE_10, 0x08, 0x3f, [8] = 64 };
	static const u8 ms_saved[6] = { MODE_SENSE, 0, 0xc8, 0, 64, 0 };
	static const u8 tur[6] = { TEST_UNIT_READY };
	char serial[33];
	struct sd_cmd c;

	sd_init(test, g, NULL);
	sd_in(&c, inquiry, 6, d, 96);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 36);
	KUNIT_EXPECT_EQ(test, d[0], TYPE_DISK);
	KUNIT_EXPECT_EQ(test, d[2], 5);
	KUNIT_EXPECT_EQ(test, d[4], 31);
	KUNIT_EXPECT_EQ(test, memcmp(d + 8, "VMBC    ", 8), 0);

	sd_in(&c, vpd0, 6, d, 64);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 9);
	KUNIT_EXPECT_EQ(test, d[1], 0);
	KUNIT_EXPECT_EQ(test, d[3], 5);
	KUNIT_EXPECT_EQ(test, d[5], 0x80);
	sd_in(&c, vpd80, 6, d, 64);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 36);
	snprintf(serial, sizeof(serial), "%*phN", 16,
		 kt_guid(7, 2).b);
	KUNIT_EXPECT_EQ(test, memcmp(d + 4, serial, 32), 0);
	sd_in(&c, vpd_bad, 6, d, 64);
	sd_scsi(test, g, &c);
	SD_EXPECT_CHECK(test, &c, ILLEGAL_REQUEST, 0x24, 0);

	sd_in(&c, cap10, 10, d, 8);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 8);
	KUNIT_EXPECT_EQ(test, sd_be32(d), (64U << 20) / 512 - 1);
	KUNIT_EXPECT_EQ(test, sd_be32(d + 4), 512);
	sd_in(&c, cap16, 16, d, 32);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 32);
	KUNIT_EXPECT_EQ(test, sd_be32(d), 0);
	KUNIT_EXPECT_EQ(test, sd_be32(d + 4), (64U << 20) / 512 - 1);
	KUNIT_EXPECT_EQ(test, sd_be32(d + 8), 512);

	sd_in(&c, luns, 12, d, 64);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 16);
	KUNIT_EXPECT_EQ(test, sd_be32(d), 8);

	/* the caching page: write cache off, a block descriptor first */
	sd_in(&c, ms6, 6, d, 64);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 4 + 8 + 20);
	KUNIT_EXPECT_EQ(test, d[0], 4 + 8 + 20 - 1);
	KUNIT_EXPECT_EQ(test, d[3], 8);
	KUNIT_EXPECT_EQ(test, d[12], 0x08);
	KUNIT_EXPECT_EQ(test, d[14] & 0x04, 0);
	/* ten bytes, no block descriptor */
	sd_in(&c, ms10, 10, d, 64);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 8 + 20);
	KUNIT_EXPECT_EQ(test, d[1], 8 + 20 - 2);
	KUNIT_EXPECT_EQ(test, d[7], 0);
	KUNIT_EXPECT_EQ(test, d[8], 0x08);
	sd_in(&c, ms_saved, 6, d, 64);
	sd_scsi(test, g, &c);
	SD_EXPECT_CHECK(test, &c, ILLEGAL_REQUEST, 0x39, 0);

	sd_in(&c, tur, 6, NULL, 0);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 0);
	KUNIT_EXPECT_EQ(test, sd_state(test, g).check_conditions, 2);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* Written data reads back, the host's view included; the rest is zeros. */
static void disk_reads_back_what_was_written(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct sd_guest *g = sd_start(test, sim, 3);
	u32 len = 128 * 512, i;
	u8 *w = sd_alloc(test, len + 100), *r = sd_alloc(test, len);
	u8 *host = sd_alloc(test, len);
	struct vmbc_sim_disk_state st;
	struct sd_cmd c;

	sd_init(test, g, NULL);
	/* a buffer that does not start on a page: the range's offset */
	for (i = 0; i < len; i++)
		w[100 + i] = i * 7 + (i >> 9);
	sd_rw10(&c, true, 1000, 128, w + 100);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, len);
	sd_rw10(&c, false, 1000, 128, r);
	c.cdb[0] = READ_16;	/* the same, in sixteen bytes */
	memset(c.cdb + 1, 0, 15);
	c.cdb[9] = 1000 & 0xff;
	c.cdb[8] = 1000 >> 8;
	c.cdb[13] = 128;
	c.cdb_len = 16;
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, len);
	KUNIT_EXPECT_EQ(test, memcmp(r, w + 100, len), 0);
	KUNIT_ASSERT_EQ(test, vmbc_sim_disk_access(sim, g->relid, 1000 * 512,
						   host, len, false), 0);
	KUNIT_EXPECT_EQ(test, memcmp(host, w + 100, len), 0);
	/* never written: zeros */
	sd_rw10(&c, false, 5000, 8, r);
	memset(r, 0xff, 8 * 512);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 8 * 512);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(r, 0, 8 * 512));
	/* written by the host, read by the guest */
	memset(host, 0x5a, 512);
	KUNIT_ASSERT_EQ(test, vmbc_sim_disk_access(sim, g->relid, 7 * 512,
						   host, 512, true), 0);
	sd_rw10(&c, false, 7, 1, r);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 512);
	KUNIT_EXPECT_EQ(test, r[0], 0x5a);
	KUNIT_EXPECT_EQ(test, r[511], 0x5a);

	st = sd_state(test, g);
	KUNIT_EXPECT_EQ(test, st.writes, 1);
	KUNIT_EXPECT_EQ(test, st.reads, 3);
	KUNIT_EXPECT_EQ(test, st.write_bytes, len);
	/* 64 KiB at block 1000 (byte 512000, a page boundary), and block 7 */
	KUNIT_EXPECT_EQ(test, st.bytes_used, 17 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, vmbc_sim_disk_access(sim, g->relid,
						   (64ULL << 20) - 100, host,
						   200, false), -ERANGE);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* Commands the unit cannot do get sense data that says why. */
static void disk_answers_check_conditions(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct sd_guest *g = sd_start(test, sim, 4);
	static const u8 unknown[6] = { 0x04 };	/* FORMAT UNIT */
	static const u8 vendor[6] = { 0xc0 };
	static const u8 sync10[10] = { SYNCHRONIZE_CACHE };
	static const u8 sync_past[10] = { SYNCHRONIZE_CACHE, 0, 1 };
	u8 *buf = sd_alloc(test, 1024 * 1024);
	struct sd_cmd c;

	sd_init(test, g, NULL);
	sd_in(&c, unknown, 6, NULL, 0);
	sd_scsi(test, g, &c);
	SD_EXPECT_CHECK(test, &c, ILLEGAL_REQUEST, 0x20, 0);
	sd_in(&c, vendor, 6, NULL, 0);
	sd_scsi(test, g, &c);
	SD_EXPECT_CHECK(test, &c, ILLEGAL_REQUEST, 0x20, 0);
	/* past the end: the unit has 131072 blocks */
	sd_rw10(&c, false, 131072 - 4, 8, buf);
	sd_scsi(test, g, &c);
	SD_EXPECT_CHECK(test, &c, ILLEGAL_REQUEST, 0x21, 0);
	/* more than the largest transfer */
	sd_rw10(&c, false, 0, 2048, buf);
	sd_scsi(test, g, &c);
	SD_EXPECT_CHECK(test, &c, ILLEGAL_REQUEST, 0x24, 0);
	/* a READ whose buffer is shorter than its blocks */
	sd_rw10(&c, false, 0, 8, buf);
	c.len = 512;
	sd_scsi(test, g, &c);
	SD_EXPECT_CHECK(test, &c, ILLEGAL_REQUEST, 0x24, 0);
	/* a ten-byte command in six bytes */
	sd_in(&c, sync10, 6, NULL, 0);
	sd_scsi(test, g, &c);
	SD_EXPECT_CHECK(test, &c, ILLEGAL_REQUEST, 0x24, 0);
	sd_in(&c, sync10, 10, NULL, 0);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 0);
	sd_in(&c, sync_past, 10, NULL, 0);
	sd_scsi(test, g, &c);
	SD_EXPECT_CHECK(test, &c, ILLEGAL_REQUEST, 0x21, 0);
	KUNIT_EXPECT_EQ(test, sd_state(test, g).check_conditions, 7);
	KUNIT_EXPECT_EQ(test, sd_state(test, g).syncs, 1);
	/* a SCSI error is an answer, not a broken protocol */
	KUNIT_EXPECT_EQ(test, sd_bad(test, g, g->relid), 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* Only path 0, target 0, LUN 0 holds a unit. */
static void disk_other_units_are_not_there(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct sd_guest *g = sd_start(test, sim, 5);
	static const u8 inquiry[6] = { INQUIRY, 0, 0, 0, 36, 0 };
	static const u8 luns[12] = { REPORT_LUNS, [9] = 64 };
	static const u8 tur[6] = { TEST_UNIT_READY };
	static const u8 addrs[][3] = { { 0, 0, 1 }, { 0, 1, 0 }, { 1, 0, 0 } };
	u8 *d = sd_alloc(test, 64);
	struct sd_cmd c;
	int i;

	sd_init(test, g, NULL);
	for (i = 0; i < ARRAY_SIZE(addrs); i++) {
		sd_in(&c, inquiry, 6, d, 36);
		memcpy(c.addr, addrs[i], 3);
		sd_scsi(test, g, &c);
		SD_EXPECT_GOOD(test, &c, 36);
		KUNIT_EXPECT_EQ(test, d[0], 0x7f);
		sd_in(&c, luns, 12, d, 64);
		memcpy(c.addr, addrs[i], 3);
		sd_scsi(test, g, &c);
		SD_EXPECT_GOOD(test, &c, 8);
		KUNIT_EXPECT_EQ(test, sd_be32(d), 0);
		sd_in(&c, tur, 6, NULL, 0);
		memcpy(c.addr, addrs[i], 3);
		sd_scsi(test, g, &c);
		KUNIT_EXPECT_EQ(test, c.srb.srb_status,
				VMBC_SRB_STATUS_INVALID_LUN);
	}
	KUNIT_EXPECT_EQ(test, sd_state(test, g).no_lun, 3);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* A new size is announced once, then read back by READ CAPACITY. */
static void disk_resize_is_a_unit_attention(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct sd_guest *g = sd_start(test, sim, 6);
	static const u8 tur[6] = { TEST_UNIT_READY };
	static const u8 inquiry[6] = { INQUIRY, 0, 0, 0, 36, 0 };
	static const u8 cap10[10] = { READ_CAPACITY };
	u8 *d = sd_alloc(test, 4096);
	struct sd_cmd c;

	sd_init(test, g, NULL);
	memset(d, 0x11, 4096);
	sd_rw10(&c, true, 4096, 8, d);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 4096);
	KUNIT_EXPECT_EQ(test, vmbc_sim_disk_set_size(sim, g->relid, 1000),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vmbc_sim_disk_set_size(sim, g->relid,
						     (2ULL << 20) + 1), -EINVAL);
	KUNIT_ASSERT_EQ(test, vmbc_sim_disk_set_size(sim, g->relid, 2 << 20),
			0);
	/* INQUIRY does not report it; the next command does, once */
	sd_in(&c, inquiry, 6, d, 36);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 36);
	sd_in(&c, tur, 6, NULL, 0);
	sd_scsi(test, g, &c);
	SD_EXPECT_CHECK(test, &c, UNIT_ATTENTION, 0x2a, 0x09);
	sd_in(&c, tur, 6, NULL, 0);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 0);
	sd_in(&c, cap10, 10, d, 8);
	sd_scsi(test, g, &c);
	KUNIT_EXPECT_EQ(test, sd_be32(d), (2U << 20) / 512 - 1);
	/* the data past the new end is gone, also when it grows back */
	KUNIT_EXPECT_EQ(test, sd_state(test, g).bytes_used, 0);
	KUNIT_ASSERT_EQ(test, vmbc_sim_disk_set_size(sim, g->relid, 64 << 20),
			0);
	sd_rw10(&c, false, 4096, 8, d);
	sd_scsi(test, g, &c);
	SD_EXPECT_CHECK(test, &c, UNIT_ATTENTION, 0x2a, 0x09);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 4096);
	KUNIT_EXPECT_TRUE(test, !memchr_inv(d, 0, 4096));
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* ------------------------------------------------------------------ */
/* Sub-channels                                                        */

static bool sd_subchannels_are(struct sd_guest *g, int n)
{
	unsigned long end = jiffies + msecs_to_jiffies(5000);

	while (atomic_read(&g->subchannels) < n) {
		if (time_after(jiffies, end))
			return false;
		vmbc_sim_flush(g->sim);
	}
	return true;
}

/*
 * CREATE_SUB_CHANNELS: the answer, then the offers; a request on a
 * sub-channel is served from the same unit; a sub-channel the guest
 * closes is rescinded (the guest asks again next time).
 */
static void disk_subchannels(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct sd_guest *g = sd_start(test, sim, 7);
	struct vmbc_vstor_packet p = {}, r;
	struct vmbus_channel *sc;
	u8 *d = sd_alloc(test, 4096);
	struct sd_guest *sg;
	struct sd_cmd c;
	u32 sc_relid;

	sd_init(test, g, NULL);
	p.operation = VMBC_VSTOR_CREATE_SUB_CHANNELS;
	p.sub_channel_count = 3;
	sd_request(test, g, &p, &r);
	KUNIT_EXPECT_EQ(test, r.status, 0);
	KUNIT_ASSERT_TRUE(test, sd_subchannels_are(g, 3));
	KUNIT_EXPECT_EQ(test, sd_state(test, g).subchannels, 3);
	/* more than the host allows, counting those it has */
	p.sub_channel_count = 6;
	sd_request(test, g, &p, &r);
	KUNIT_EXPECT_EQ(test, r.status, VMBC_VSTOR_STATUS_FAILED);
	KUNIT_EXPECT_EQ(test, sd_bad(test, g, g->relid), 1);

	/* a write on the primary, read back on a sub-channel */
	memset(d, 0x77, 4096);
	sd_rw10(&c, true, 8, 8, d);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 4096);
	sc = list_first_entry(&g->channel->sc_list, struct vmbus_channel,
			      sc_list);
	sc_relid = sc->offermsg.child_relid;
	sg = kunit_kzalloc(test, sizeof(*sg), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sg);
	spin_lock_init(&sg->lock);
	sg->sim = sim;
	sg->channel = sc;
	sg->relid = g->relid;
	KUNIT_ASSERT_EQ(test, vmbus_open(sc, SD_RING_SIZE, SD_RING_SIZE, NULL,
					 0, sd_callback, sg), 0);
	memset(d, 0, 4096);
	sd_rw10(&c, false, 8, 8, d);
	sd_scsi(test, sg, &c);
	SD_EXPECT_GOOD(test, &c, 4096);
	KUNIT_EXPECT_EQ(test, d[4095], 0x77);
	/* an initialisation request is the primary's */
	KUNIT_EXPECT_EQ(test, sd_op(test, sg, VMBC_VSTOR_BEGIN_INIT, &r),
			VMBC_VSTOR_STATUS_FAILED);
	KUNIT_EXPECT_EQ(test, sd_bad(test, g, sc_relid), 1);

	/* closed by the guest: rescinded, released */
	vmbus_close(sc);
	KUNIT_EXPECT_EQ(test, vmbc_sim_wait_released(sim, sc_relid, 5000), 0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, sd_state(test, g).subchannels, 2);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 2);
}

/* ------------------------------------------------------------------ */
/* Guests that get something wrong                                     */

enum sd_fault {
	SD_SHORT,		/* 32 bytes, not 64 */
	SD_NO_COMPLETION,	/* no completion asked for */
	SD_COMPLETION_PACKET,	/* a VM_PKT_COMP from the guest */
	SD_OPERATION,		/* operation 99 */
	SD_FCHBA,		/* a fibre channel query */
	SD_SRB_LENGTH,		/* SRB length 40 */
	SD_CDB_LENGTH,		/* a CDB of 17 bytes */
	SD_NO_CDB,		/* a CDB of 0 bytes */
	SD_DIRECTION,		/* data_in 5 */
	SD_LENGTH_OVER_BUFFER,	/* more bytes than the buffer has */
	SD_LENGTH_NO_BUFFER,	/* a length without a buffer */
	SD_BUFFER_NO_DIRECTION,	/* a buffer, direction "unknown" */
	SD_TWO_RANGES,		/* the buffer in two ranges */
	SD_BAD_PFN,		/* a PFN of no memory */
	SD_BUFFER_ON_INIT,	/* a data buffer with END_INITIALIZATION */
	SD_SUBCHANNELS_NONE,	/* CREATE_SUB_CHANNELS of 0 */
};

struct sd_bad_case {
	const char *name;
	enum sd_fault fault;
	bool answered;		/* a failure comes back */
};

static const struct sd_bad_case sd_bad_cases[] = {
	{ "short request", SD_SHORT, false },
	{ "no completion asked for", SD_NO_COMPLETION, false },
	{ "a completion packet", SD_COMPLETION_PACKET, false },
	{ "unknown operation", SD_OPERATION, true },
	{ "fibre channel query", SD_FCHBA, true },
	{ "SRB length", SD_SRB_LENGTH, true },
	{ "CDB of 17 bytes", SD_CDB_LENGTH, true },
	{ "CDB of 0 bytes", SD_NO_CDB, true },
	{ "data direction 5", SD_DIRECTION, true },
	{ "length over the buffer", SD_LENGTH_OVER_BUFFER, true },
	{ "length without a buffer", SD_LENGTH_NO_BUFFER, true },
	{ "buffer without a direction", SD_BUFFER_NO_DIRECTION, true },
	{ "buffer in two ranges", SD_TWO_RANGES, true },
	{ "PFN of no memory", SD_BAD_PFN, true },
	{ "buffer with END_INITIALIZATION", SD_BUFFER_ON_INIT, true },
	{ "no sub-channels", SD_SUBCHANNELS_NONE, true },
};

static void sd_bad_case_desc(const struct sd_bad_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sd_bad, sd_bad_cases, sd_bad_case_desc);

/* Send what @fault makes of a good READ(10) of 8 blocks into @buf. */
static int sd_send_bad(struct sd_guest *g, enum sd_fault fault, u8 *buf)
{
	struct {
		struct vmbus_packet_mpb_array d;
		u64 pfns[2];
	} mpb = {};
	struct hv_page_buffer pb[2];
	struct vmbc_vstor_packet p;
	struct sd_cmd c;
	u32 size;

	sd_rw10(&c, false, 0, 8, buf);
	sd_srb(&c, &p);
	p.flags = VMBC_VSTOR_REQUEST_COMPLETION;
	size = sd_mpb(&mpb.d, buf, 4096);
	switch (fault) {
	case SD_SHORT:
		return vmbus_sendpacket(g->channel, &p, 32, ++g->next_rid,
					VM_PKT_DATA_INBAND,
					VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
	case SD_NO_COMPLETION:
		return vmbus_sendpacket(g->channel, &p, sizeof(p),
					++g->next_rid, VM_PKT_DATA_INBAND, 0);
	case SD_COMPLETION_PACKET:
		return vmbus_sendpacket(g->channel, &p, sizeof(p),
					++g->next_rid, VM_PKT_COMP, 0);
	case SD_OPERATION:
	case SD_FCHBA:
	case SD_SUBCHANNELS_NONE:
		memset(&p, 0, sizeof(p));
		p.operation = fault == SD_OPERATION ? 99 :
			      fault == SD_FCHBA ? VMBC_VSTOR_FCHBA_DATA :
			      VMBC_VSTOR_CREATE_SUB_CHANNELS;
		return sd_send(g, g->channel, &p,
			       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
	case SD_SRB_LENGTH:
		p.srb.length = 40;
		break;
	case SD_CDB_LENGTH:
		p.srb.cdb_length = 17;
		break;
	case SD_NO_CDB:
		p.srb.cdb_length = 0;
		break;
	case SD_DIRECTION:
		p.srb.data_in = 5;
		break;
	case SD_LENGTH_OVER_BUFFER:
		p.srb.data_transfer_length = 8192;
		break;
	case SD_LENGTH_NO_BUFFER:
		return sd_send(g, g->channel, &p,
			       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
	case SD_BUFFER_NO_DIRECTION:
		p.srb.data_in = VMBC_VSTOR_UNKNOWN_TYPE;
		break;
	case SD_TWO_RANGES:
		pb[0].pfn = virt_to_phys(buf) >> PAGE_SHIFT;
		pb[0].offset = 0;
		pb[0].len = 2048;
		pb[1] = pb[0];
		pb[1].offset = 2048;
		return vmbus_sendpacket_pagebuffer(g->channel, pb, 2, &p,
						   sizeof(p), ++g->next_rid);
	case SD_BAD_PFN:
		mpb.d.range.pfn_array[0] = -1ULL >> 12;
		break;
	case SD_BUFFER_ON_INIT:
		memset(&p, 0, sizeof(p));
		p.operation = VMBC_VSTOR_END_INIT;
		p.flags = VMBC_VSTOR_REQUEST_COMPLETION;
		break;
	}
	return vmbus_sendpacket_mpb_desc(g->channel, &mpb.d, size, &p,
					 sizeof(p), ++g->next_rid);
}

/*
 * Each mistake: one bad packet, one protocol error, a failure answered
 * where the request asked for an answer (the SRB's INVALID_REQUEST, or
 * the operation's status), nothing done; then the same unit answers a
 * good request.
 */
static void disk_refuses_bad_requests(struct kunit *test)
{
	const struct sd_bad_case *bc = test->param_value;
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct sd_guest *g = sd_start(test, sim, 8);
	u8 *buf = sd_alloc(test, 2 * PAGE_SIZE);
	struct sd_answer a[2];
	struct sd_cmd c;
	int n;

	sd_init(test, g, NULL);
	buf = PTR_ALIGN(buf, 8);
	KUNIT_ASSERT_EQ(test, sd_send_bad(g, bc->fault, buf), 0);
	n = sd_take(g, a, 2);
	KUNIT_EXPECT_EQ(test, n, bc->answered ? 1 : 0);
	if (n == 1) {
		KUNIT_EXPECT_EQ(test, a[0].rid, g->next_rid);
		KUNIT_EXPECT_TRUE(test, a[0].pkt.status != 0 ||
				  a[0].pkt.srb.srb_status ==
				  VMBC_SRB_STATUS_INVALID_REQUEST);
		KUNIT_EXPECT_EQ(test, a[0].pkt.srb.data_transfer_length, 0);
	}
	KUNIT_EXPECT_EQ(test, sd_bad(test, g, g->relid), 1);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 1);
	KUNIT_EXPECT_EQ(test, sd_state(test, g).reads, 0);

	sd_rw10(&c, false, 0, 8, buf);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 4096);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 1);
}

/* The order of the initialisation is the host's to check. */
static void disk_refuses_requests_out_of_turn(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct sd_guest *g = sd_start(test, sim, 9);
	static const u8 tur[6] = { TEST_UNIT_READY };
	struct vmbc_vstor_packet p = {}, r;
	struct sd_cmd c;

	/* a SCSI request first */
	sd_in(&c, tur, 6, NULL, 0);
	sd_scsi(test, g, &c);
	KUNIT_EXPECT_EQ(test, c.status, VMBC_VSTOR_STATUS_FAILED);
	/* properties, end before a version */
	KUNIT_EXPECT_EQ(test, sd_op(test, g, VMBC_VSTOR_QUERY_PROPERTIES, &r),
			VMBC_VSTOR_STATUS_FAILED);
	KUNIT_EXPECT_EQ(test, sd_op(test, g, VMBC_VSTOR_END_INIT, &r),
			VMBC_VSTOR_STATUS_FAILED);
	/* a version before BEGIN */
	p.operation = VMBC_VSTOR_QUERY_VERSION;
	p.version.major_minor = VMBC_VSTOR_VERSION_WIN10;
	sd_request(test, g, &p, &r);
	KUNIT_EXPECT_EQ(test, r.status, VMBC_VSTOR_STATUS_FAILED);
	KUNIT_EXPECT_EQ(test, sd_bad(test, g, g->relid), 4);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 4);
	/* and in order it works */
	sd_init(test, g, NULL);
	sd_in(&c, tur, 6, NULL, 0);
	sd_scsi(test, g, &c);
	SD_EXPECT_GOOD(test, &c, 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 4);
}

/* ------------------------------------------------------------------ */
/* Taking the controller away                                          */

static bool sd_rescinded(struct vmbus_channel *channel)
{
	unsigned long end = jiffies + msecs_to_jiffies(5000);

	while (!READ_ONCE(channel->rescind)) {
		if (time_after(jiffies, end))
			return false;
		msleep(20);
	}
	return true;
}

/*
 * A controller in use is not rescinded under its guest: the unit goes
 * first (REMOVE_DEVICE, then every request to it finds no unit), and the
 * rescind follows once the guest is quiet.
 */
static void disk_rescind_removes_the_unit_first(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct sd_guest *g = sd_start(test, sim, 10);
	static const u8 inquiry[6] = { INQUIRY, 0, 0, 0, 36, 0 };
	u8 *d = sd_alloc(test, 4096);
	struct sd_answer a[2];
	struct sd_cmd c;

	sd_init(test, g, NULL);
	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(sim, g->relid), 0);
	KUNIT_ASSERT_EQ(test, sd_take(g, a, 2), 1);
	KUNIT_EXPECT_EQ(test, a[0].rid, 0);
	KUNIT_EXPECT_EQ(test, a[0].pkt.operation, VMBC_VSTOR_REMOVE_DEVICE);
	KUNIT_EXPECT_FALSE(test, sd_state(test, g).lun_present);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(g->channel->rescind));
	/* the guest's I/O fails; its scan finds nothing */
	sd_rw10(&c, true, 0, 8, d);
	sd_scsi(test, g, &c);
	KUNIT_EXPECT_EQ(test, c.srb.srb_status, VMBC_SRB_STATUS_INVALID_LUN);
	sd_in(&c, inquiry, 6, d, 36);
	sd_scsi(test, g, &c);
	KUNIT_EXPECT_EQ(test, d[0], 0x7f);
	/* a second request to take it away changes nothing */
	KUNIT_EXPECT_EQ(test, vmbc_sim_remove_device(sim, g->relid), 0);
	/* quiet now: rescinded */
	KUNIT_ASSERT_TRUE(test, sd_rescinded(g->channel));
	kunit_release_action(test, kt_close_action, g->channel);
	KUNIT_EXPECT_EQ(test, vmbc_sim_wait_released(sim, g->relid, 5000), 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* Closed (or never opened) controllers are rescinded at once. */
static void disk_rescind_when_closed_is_immediate(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device dev = {
		.class_id = VMBC_VSTOR_CLASS_GUID,
		.instance_id = kt_guid(7, 11),
	};
	struct vmbc_sim_disk_state st;
	u32 relid;

	kt_offer_dev(test, sim, &dev, &relid);
	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(sim, relid), 0);
	KUNIT_EXPECT_EQ(test, vmbc_sim_wait_released(sim, relid, 5000), 0);
	KUNIT_EXPECT_EQ(test, vmbc_sim_disk_state(sim, relid, &st), -ENOENT);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* The API names what it refuses. */
static void disk_api_refusals(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_disk_state st;
	u32 echo_relid;
	u8 b[8];

	kt_offer_echo(test, sim, kt_guid(7, 12), &echo_relid);
	KUNIT_EXPECT_EQ(test, vmbc_sim_disk_state(sim, 2000, &st), -ENOENT);
	KUNIT_EXPECT_EQ(test, vmbc_sim_disk_state(sim, echo_relid, &st),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, vmbc_sim_disk_set_size(sim, echo_relid, 1 << 20),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, vmbc_sim_disk_access(sim, echo_relid, 0, b, 8,
						   false), -ENODEV);
	KUNIT_EXPECT_EQ(test, vmbc_sim_disk_remove_lun(sim, 2000), -ENOENT);
}

static struct kunit_case disk_cases[] = {
	KUNIT_CASE(disk_initialises),
	KUNIT_CASE(disk_identifies_itself),
	KUNIT_CASE(disk_reads_back_what_was_written),
	KUNIT_CASE(disk_answers_check_conditions),
	KUNIT_CASE(disk_other_units_are_not_there),
	KUNIT_CASE(disk_resize_is_a_unit_attention),
	KUNIT_CASE(disk_subchannels),
	KUNIT_CASE_PARAM(disk_refuses_bad_requests, sd_bad_gen_params),
	KUNIT_CASE(disk_refuses_requests_out_of_turn),
	KUNIT_CASE(disk_rescind_removes_the_unit_first),
	KUNIT_CASE(disk_rescind_when_closed_is_immediate),
	KUNIT_CASE(disk_api_refusals),
	{}
};

static struct kunit_suite disk_suite = {
	.name = "vmbc_sim_disk",
	.test_cases = disk_cases,
};

kunit_test_suite(disk_suite);
