// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the simulated host's own behaviour. Versions, refusals, offer
 * bursts, faults and several hosts; GPADLs as the host takes them in,
 * body by body; and a guest that breaks the rules (raw messages posted
 * as the core posts them, signals without their interrupt-page bit,
 * corrupt rings, bad page ranges): each a counted protocol error that
 * leaves the host working. Then the host's end of the rings: flow
 * control when the guest's inbound ring is full, monitored, dedicated
 * and pre-WIN8 signalling, MODIFYCHANNEL, rescind of an open channel,
 * other device classes, and the echo device's sub-channel command.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include <vmbc/echo.h>

#include "sim_helpers.h"

#define WAIT_MS		5000
/* GPADL handles of raw messages: far from the core's own counter. */
#define RAW_HANDLE	0x10000
#define RAW_PAGES	64

static const guid_t echo_class = VMBC_ECHO_CLASS_GUID;

static struct vmbc_sim_device kt_dev(u16 n, u16 sub)
{
	struct vmbc_sim_device d = {
		.class_id = kt_guid(1, 1),
		.instance_id = kt_guid(2, n),
		.sub_channel_index = sub,
	};

	return d;
}

static struct vmbc_sim_device kt_echo_dev(u16 n)
{
	struct vmbc_sim_device d = kt_dev(n, 0);

	d.class_id = echo_class;
	return d;
}

/* Post a message as the core would, and let the host handle it. */
static void kt_post(struct kunit *test, struct vmbc_sim *sim, const void *msg,
		    u32 size)
{
	KUNIT_ASSERT_EQ(test,
			vmbc_test_post(vmbc_sim_connection(sim), msg, size), 0);
	vmbc_sim_flush(sim);
}

static u64 kt_unmatched(struct vmbc_sim *sim)
{
	return vmbc_connection_stat(vmbc_sim_connection(sim), VMBC_STAT_MSG_UNMATCHED);
}

static void kt_vfree_action(void *buf)
{
	vfree(buf);
}

/* @n distinct PFNs of guest memory, in order. */
static u64 *kt_pfns(struct kunit *test, u32 n)
{
	u64 *pfns = kunit_kcalloc(test, n, sizeof(*pfns), GFP_KERNEL);
	void *buf = vmalloc(n * PAGE_SIZE);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, pfns);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_vfree_action,
							buf), 0);
	for (i = 0; i < n; i++)
		pfns[i] = page_to_pfn(vmalloc_to_page(buf + i * PAGE_SIZE));
	return pfns;
}

/* ------------------------------------------------------------------ */
/* Versions, offers, faults, hosts                                     */

static void sim_connects_at_the_newest_version(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim_stats s;
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);

	vmbc_sim_get_stats(sim, &s);
	KUNIT_EXPECT_EQ(test, s.version, VERSION_WIN10_V5_3);
	KUNIT_EXPECT_EQ(test, s.msgs_from_guest[CHANNELMSG_INITIATE_CONTACT], 1);
	KUNIT_EXPECT_EQ(test, s.msgs_from_guest[CHANNELMSG_REQUESTOFFERS], 1);
	KUNIT_EXPECT_EQ(test, s.protocol_errors, 0);
	KUNIT_EXPECT_EQ(test,
			vmbc_connection_msg_conn_id(vmbc_sim_connection(sim)),
			VMBUS_MESSAGE_CONNECTION_ID_4);
	/* a second host of the same name is refused */
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(vmbc_sim_create(&cfg)), -EEXIST);
}

static const u32 max_versions[] = {
	VERSION_WIN10_V5, VERSION_WIN10, VERSION_WIN8, VERSION_WIN7,
	VERSION_WS2008,
};

static void version_desc(const u32 *v, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%u.%u", *v >> 16, *v & 0xffff);
}

KUNIT_ARRAY_PARAM(max_version, max_versions, version_desc);

/* Up to max_version, then an offer and its rescind at that version. */
static void sim_honours_max_version(struct kunit *test)
{
	u32 v = *(const u32 *)test->param_value;
	struct vmbc_sim_config cfg = { .max_version = v, .msg_conn_id = 7 };
	struct vmbc_sim_device d = kt_dev(1, 0);
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_stats s;
	int relid;

	vmbc_sim_get_stats(sim, &s);
	KUNIT_EXPECT_EQ(test, s.version, v);
	KUNIT_EXPECT_EQ(test, vmbc_connection_msg_conn_id(vmbc_sim_connection(sim)),
			v >= VERSION_WIN10_V5 ? 7 : VMBUS_MESSAGE_CONNECTION_ID);
	relid = vmbc_sim_add_device(sim, &d);
	KUNIT_ASSERT_GT(test, relid, 0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_NOT_NULL(test, kt_channel_at(vmbc_sim_connection(sim), relid));
	KUNIT_EXPECT_EQ(test, vmbc_sim_remove_device(sim, relid), 0);
	KUNIT_EXPECT_EQ(test, vmbc_sim_wait_released(sim, relid, WAIT_MS), 0);
	vmbc_sim_get_stats(sim, &s);
	KUNIT_EXPECT_EQ(test, s.protocol_errors, 0);
	KUNIT_EXPECT_EQ(test, s.offers_outstanding, 0);
}

static void sim_refuses_versions(struct kunit *test)
{
	struct vmbc_sim_config cfg = { .refuse_versions = 0x3ff };
	int err;

	KUNIT_EXPECT_NULL(test, kt_sim_try_start(test, &cfg, &err));
	KUNIT_EXPECT_EQ(test, err, -ECONNREFUSED);
	cfg.refuse_versions = 0x7;	/* 5.3 5.2 5.1 */
	KUNIT_EXPECT_EQ(test,
			vmbc_connection_version(vmbc_sim_connection(kt_sim_start(test, &cfg))),
			VERSION_WIN10_V5);
}

/*
 * 110 devices before the guest asks: one burst of offers, most of which
 * wait for the core's end-of-message, and the core's first posts busy.
 */
static void sim_offers_a_burst(struct kunit *test)
{
	struct vmbc_sim_config cfg = { .no_connect = true };
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device d;
	struct vmbc_sim_stats s;
	int i;

	for (i = 0; i < 100; i++) {
		d = kt_dev(i, 0);
		KUNIT_EXPECT_EQ(test, vmbc_sim_add_device(sim, &d), i + 1);
	}
	for (i = 0; i < 10; i++) {
		d = kt_dev(i, 1);
		KUNIT_EXPECT_GT(test, vmbc_sim_add_device(sim, &d), 100);
	}
	d = kt_dev(3, 0);
	KUNIT_EXPECT_EQ(test, vmbc_sim_add_device(sim, &d), -EEXIST);
	d = kt_dev(500, 0);
	d.relid = 5;
	KUNIT_EXPECT_EQ(test, vmbc_sim_add_device(sim, &d), -EEXIST);
	d.relid = VMBUS_MAX_RELID + 1;
	KUNIT_EXPECT_EQ(test, vmbc_sim_add_device(sim, &d), -EINVAL);

	vmbc_sim_set_fault(sim, VMBC_SIM_POST_BUSY, 0, 3);
	KUNIT_ASSERT_EQ(test, vmbc_connection_connect(vmbc_sim_connection(sim)), 0);
	vmbc_sim_flush(sim);
	vmbc_sim_get_stats(sim, &s);
	KUNIT_EXPECT_EQ(test, s.offers_outstanding, 110);
	KUNIT_EXPECT_EQ(test, s.msgs_to_guest, 1 + 110 + 1);
	KUNIT_EXPECT_GT(test, s.eoms, 0);
	for (i = 1; i <= 50; i++)
		KUNIT_EXPECT_EQ(test, vmbc_sim_remove_device(sim, i), 0);
	for (i = 1; i <= 50; i++)
		KUNIT_EXPECT_EQ(test, vmbc_sim_wait_released(sim, i, WAIT_MS), 0);
	vmbc_sim_get_stats(sim, &s);
	KUNIT_EXPECT_EQ(test, s.offers_outstanding, 60);
	KUNIT_EXPECT_EQ(test, s.protocol_errors, 0);
}

static void sim_fault_switches(struct kunit *test)
{
	struct vmbc_sim_config cfg = { .no_connect = true };
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device d = kt_dev(1, 0);
	u8 junk[16] = { 0x63 };
	struct vmbc_sim_stats s;

	vmbc_sim_set_fault(sim, VMBC_SIM_DELAY_RESPONSE,
			   CHANNELMSG_VERSION_RESPONSE, 50);
	vmbc_sim_set_fault(sim, VMBC_SIM_DUPLICATE_RESPONSE,
			   CHANNELMSG_ALLOFFERS_DELIVERED, 0);
	KUNIT_ASSERT_EQ(test, vmbc_connection_connect(vmbc_sim_connection(sim)), 0);
	vmbc_sim_flush(sim);
	vmbc_sim_get_stats(sim, &s);
	KUNIT_EXPECT_EQ(test, s.msgs_to_guest, 3);

	/* the offer is lost: the guest never sees relid 1 */
	vmbc_sim_set_fault(sim, VMBC_SIM_DROP_RESPONSE, CHANNELMSG_OFFERCHANNEL, 1);
	KUNIT_EXPECT_EQ(test, vmbc_sim_add_device(sim, &d), 1);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_NULL(test, kt_channel_at(vmbc_sim_connection(sim), 1));
	vmbc_sim_get_stats(sim, &s);
	KUNIT_EXPECT_EQ(test, s.msgs_to_guest, 3);

	KUNIT_EXPECT_EQ(test, vmbc_sim_inject(sim, junk, sizeof(junk), 255), 0);
	KUNIT_EXPECT_EQ(test, vmbc_sim_inject(sim, junk, 241, 0), -EINVAL);
	vmbc_sim_signal(sim, 1, 0);
	vmbc_sim_flush(sim);
	vmbc_sim_get_stats(sim, &s);
	KUNIT_EXPECT_EQ(test, s.msgs_to_guest, 4);
	KUNIT_EXPECT_EQ(test, s.protocol_errors, 0);
	KUNIT_EXPECT_EQ(test, vmbc_sim_remove_device(sim, 9), -ENOENT);
	KUNIT_EXPECT_EQ(test, vmbc_sim_wait_released(sim, 1, 50), -ETIMEDOUT);
}

static void sim_two_hosts_offer_the_same_device(struct kunit *test)
{
	struct vmbc_sim_config c1 = {}, c2 = {};
	struct vmbc_sim *a = kt_sim_start(test, &c1);
	struct vmbc_sim *b = kt_sim_start(test, &c2);
	struct vmbc_sim_device d = kt_dev(7, 0);

	KUNIT_EXPECT_EQ(test, vmbc_sim_add_device(a, &d), 1);
	KUNIT_EXPECT_EQ(test, vmbc_sim_add_device(b, &d), 1);
	vmbc_sim_flush(a);
	vmbc_sim_flush(b);
	KUNIT_EXPECT_NOT_NULL(test, kt_channel_at(vmbc_sim_connection(a), 1));
	KUNIT_EXPECT_NOT_NULL(test, kt_channel_at(vmbc_sim_connection(b), 1));
	KUNIT_EXPECT_EQ(test, kt_host_errors(a) + kt_host_errors(b), 0);
}

/* 100 rounds of 8 offers, flags set on them, rescinds, releases. */
static void sim_churns_offers_and_rescinds(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device d;
	struct vmbc_sim_stats s;
	int relid[8];
	int i, j;

	for (i = 0; i < 100; i++) {
		for (j = 0; j < 8; j++) {
			d = kt_dev(j, 0);
			relid[j] = vmbc_sim_add_device(sim, &d);
			KUNIT_ASSERT_GT(test, relid[j], 0);
			vmbc_sim_signal(sim, relid[j], j % num_online_cpus());
		}
		for (j = 0; j < 8; j++)
			KUNIT_EXPECT_EQ(test, vmbc_sim_remove_device(sim, relid[j]), 0);
		for (j = 0; j < 8; j++)
			KUNIT_ASSERT_EQ(test, vmbc_sim_wait_released(sim, relid[j],
								     WAIT_MS), 0);
	}
	vmbc_sim_flush(sim);
	vmbc_sim_get_stats(sim, &s);
	KUNIT_EXPECT_EQ(test, s.protocol_errors, 0);
	KUNIT_EXPECT_EQ(test, s.offers_outstanding, 0);
}

/* RELID_RELEASED without a rescind: the guest could not take the offer. */
static void sim_counts_declined_offers(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device d = kt_dev(1, 0);
	struct vmbus_channel_relid_released r = {
		.header.msgtype = CHANNELMSG_RELID_RELEASED,
	};
	struct vmbc_sim_stats s;
	int relid;

	relid = vmbc_sim_add_device(sim, &d);
	KUNIT_ASSERT_GT(test, relid, 0);
	vmbc_sim_flush(sim);
	r.child_relid = relid;
	kt_post(test, sim, &r, sizeof(r));
	KUNIT_EXPECT_EQ(test, vmbc_sim_wait_released(sim, relid, WAIT_MS), 0);
	vmbc_sim_get_stats(sim, &s);
	KUNIT_EXPECT_EQ(test, s.offers_declined, 1);
	KUNIT_EXPECT_EQ(test, s.offers_outstanding, 0);
	KUNIT_EXPECT_EQ(test, s.protocol_errors, 0);
	/* released again: nothing there any more */
	kt_post(test, sim, &r, sizeof(r));
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 1);
}

/* ------------------------------------------------------------------ */
/* GPADLs, message by message                                          */

struct gpadl_fixture {
	struct vmbc_sim *sim;
	u32 relid;
	u64 *pfns;
	u8 msg[HV_MESSAGE_PAYLOAD_BYTE_COUNT];
};

static struct gpadl_fixture *gpadl_setup(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim_device d = kt_dev(1, 0);
	struct gpadl_fixture *f;
	int relid;

	f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f);
	f->sim = kt_sim_start(test, &cfg);
	relid = vmbc_sim_add_device(f->sim, &d);
	KUNIT_ASSERT_GT(test, relid, 0);
	vmbc_sim_flush(f->sim);
	f->relid = relid;
	f->pfns = kt_pfns(test, RAW_PAGES);
	return f;
}

/* Bytes of a GPADL_HEADER with one range and @n PFNs in it. */
#define GPADL_HDR_BYTES(n) \
	(sizeof(struct vmbus_channel_gpadl_header) + \
	 struct_size_t(struct gpa_range, pfn_array, n))

/* A GPADL_HEADER of @count pages, the first @here PFNs in it. */
static void gpadl_header(struct kunit *test, struct gpadl_fixture *f,
			 u32 relid, u32 handle, u32 count, u32 here)
{
	struct vmbus_channel_gpadl_header *h = (void *)f->msg;

	memset(f->msg, 0, sizeof(f->msg));
	h->header.msgtype = CHANNELMSG_GPADL_HEADER;
	h->child_relid = relid;
	h->gpadl = handle;
	h->rangecount = 1;
	h->range_buflen = struct_size(h->range, pfn_array, count);
	h->range[0].byte_count = count * PAGE_SIZE;
	memcpy(h->range[0].pfn_array, f->pfns, here * sizeof(u64));
	kt_post(test, f->sim, h, GPADL_HDR_BYTES(here));
}

/* GPADL_BODY @msgnumber with @n PFNs from @first on. */
static void gpadl_body(struct kunit *test, struct gpadl_fixture *f,
		       u32 handle, u32 msgnumber, u32 first, u32 n)
{
	struct vmbus_channel_gpadl_body *b = (void *)f->msg;

	memset(f->msg, 0, sizeof(f->msg));
	b->header.msgtype = CHANNELMSG_GPADL_BODY;
	b->msgnumber = msgnumber;
	b->gpadl = handle;
	memcpy(b->pfn, f->pfns + first, n * sizeof(u64));
	kt_post(test, f->sim, b, struct_size(b, pfn, n));
}

static int gpadl_count(struct gpadl_fixture *f, u32 handle)
{
	u64 pfns[RAW_PAGES];

	return vmbc_sim_gpadl_pfns(f->sim, handle, pfns, RAW_PAGES);
}

/*
 * Header and bodies in order, two GPADLs interleaved: each complete
 * with its PFNs in order, answered once complete and not before.
 */
static void sim_gpadl_takes_bodies_in_order(struct kunit *test)
{
	struct gpadl_fixture *f = gpadl_setup(test);
	u64 unmatched = kt_unmatched(f->sim);
	u64 pfns[RAW_PAGES];
	u32 a = RAW_HANDLE, b = RAW_HANDLE + 1, i;
	struct vmbc_sim_channel_stats st;

	gpadl_header(test, f, f->relid, a, 60, 26);
	gpadl_header(test, f, f->relid, b, 30, 20);
	gpadl_body(test, f, a, 1, 26, 28);
	KUNIT_EXPECT_EQ(test, gpadl_count(f, a), -ENOENT);	/* not yet */
	gpadl_body(test, f, b, 1, 20, 10);
	gpadl_body(test, f, a, 2, 54, 6);
	KUNIT_EXPECT_EQ(test, kt_unmatched(f->sim), unmatched + 2);

	KUNIT_ASSERT_EQ(test, vmbc_sim_gpadl_pfns(f->sim, a, pfns, RAW_PAGES), 60);
	for (i = 0; i < 60; i++)
		KUNIT_EXPECT_EQ(test, pfns[i], f->pfns[i]);
	KUNIT_ASSERT_EQ(test, vmbc_sim_gpadl_pfns(f->sim, b, pfns, 3), 30);
	for (i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, pfns[i], f->pfns[i]);
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(f->sim, f->relid, &st), 0);
	KUNIT_EXPECT_EQ(test, st.gpadls, 2);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);

	/* a header-only GPADL of one page */
	gpadl_header(test, f, f->relid, RAW_HANDLE + 2, 1, 1);
	KUNIT_EXPECT_EQ(test, gpadl_count(f, RAW_HANDLE + 2), 1);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);
	KUNIT_EXPECT_EQ(test, vmbc_sim_channel_stats(f->sim, VMBUS_MAX_RELID, &st),
			-ENOENT);
}

/*
 * Bodies out of order, beyond the PFN count, empty, or of a GPADL that
 * is not being received: each a protocol error; a GPADL it hits is
 * refused (answered, not kept).
 */
static void sim_gpadl_rejects_bad_bodies(struct kunit *test)
{
	struct gpadl_fixture *f = gpadl_setup(test);
	u32 h = RAW_HANDLE;
	u64 errs = 0, unmatched = kt_unmatched(f->sim);

	/* body 2 before body 1 */
	gpadl_header(test, f, f->relid, h, 60, 26);
	gpadl_body(test, f, h, 2, 26, 28);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
	KUNIT_EXPECT_EQ(test, kt_unmatched(f->sim), ++unmatched);
	KUNIT_EXPECT_EQ(test, gpadl_count(f, h), -ENOENT);
	/* the rest finds no GPADL any more */
	gpadl_body(test, f, h, 1, 26, 28);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);

	/* more PFNs than range_buflen said */
	gpadl_header(test, f, f->relid, ++h, 30, 26);
	gpadl_body(test, f, h, 1, 26, 5);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
	KUNIT_EXPECT_EQ(test, gpadl_count(f, h), -ENOENT);

	/* a body with no PFN */
	gpadl_header(test, f, f->relid, ++h, 30, 26);
	gpadl_body(test, f, h, 1, 26, 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
	KUNIT_EXPECT_EQ(test, gpadl_count(f, h), -ENOENT);

	/* a body of a complete GPADL, and of one never announced */
	gpadl_header(test, f, f->relid, ++h, 2, 2);
	KUNIT_EXPECT_EQ(test, gpadl_count(f, h), 2);
	gpadl_body(test, f, h, 1, 0, 1);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
	KUNIT_EXPECT_EQ(test, gpadl_count(f, h), 2);
	gpadl_body(test, f, RAW_HANDLE + 99, 1, 0, 1);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
}

/*
 * Headers for a relid not offered, with a handle in use or 0, several
 * ranges, a range_buflen or byte count that disagrees with the PFNs, or
 * a PFN of no memory: refused (answered), the first GPADL untouched.
 */
static void sim_gpadl_rejects_bad_headers(struct kunit *test)
{
	struct gpadl_fixture *f = gpadl_setup(test);
	struct vmbus_channel_gpadl_header *hdr = (void *)f->msg;
	u64 errs = 0, unmatched = kt_unmatched(f->sim);
	u32 h = RAW_HANDLE;

	gpadl_header(test, f, f->relid, h, 4, 4);
	KUNIT_ASSERT_EQ(test, gpadl_count(f, h), 4);
	KUNIT_EXPECT_EQ(test, kt_unmatched(f->sim), ++unmatched);

	gpadl_header(test, f, f->relid, h, 2, 2);		/* in use */
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
	KUNIT_EXPECT_EQ(test, kt_unmatched(f->sim), ++unmatched);
	KUNIT_EXPECT_EQ(test, gpadl_count(f, h), 4);

	gpadl_header(test, f, f->relid, 0, 2, 2);		/* handle 0 */
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
	gpadl_header(test, f, f->relid + 1, ++h, 2, 2);	/* not offered */
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
	KUNIT_EXPECT_EQ(test, kt_unmatched(f->sim), unmatched += 2);
	KUNIT_EXPECT_EQ(test, gpadl_count(f, h), -ENOENT);

	/* edited headers: post them again as they are now */
	gpadl_header(test, f, f->relid + 1, ++h, 3, 3);
	errs++;
	hdr->child_relid = f->relid;
	hdr->rangecount = 2;
	kt_post(test, f->sim, hdr, GPADL_HDR_BYTES(3));
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
	hdr->rangecount = 1;
	hdr->range[0].byte_count = 5 * PAGE_SIZE;
	kt_post(test, f->sim, hdr, GPADL_HDR_BYTES(3));
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
	hdr->range[0].byte_count = 3 * PAGE_SIZE;
	hdr->range_buflen = 7;
	kt_post(test, f->sim, hdr, GPADL_HDR_BYTES(3));
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
	hdr->range_buflen = struct_size(hdr->range, pfn_array, 3);
	hdr->range[0].pfn_array[1] = -1ULL >> 12;
	kt_post(test, f->sim, hdr, GPADL_HDR_BYTES(3));
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
	KUNIT_EXPECT_EQ(test, gpadl_count(f, h), -ENOENT);
	/* and right at last */
	hdr->range[0].pfn_array[1] = f->pfns[1];
	kt_post(test, f->sim, hdr, GPADL_HDR_BYTES(3));
	KUNIT_EXPECT_EQ(test, gpadl_count(f, h), 3);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), errs);
}

static void sim_gpadl_teardown_checks_the_handle(struct kunit *test)
{
	struct gpadl_fixture *f = gpadl_setup(test);
	struct vmbus_channel_gpadl_teardown t = {
		.header.msgtype = CHANNELMSG_GPADL_TEARDOWN,
		.child_relid = f->relid,
		.gpadl = RAW_HANDLE,
	};
	u64 unmatched;

	gpadl_header(test, f, f->relid, RAW_HANDLE, 2, 2);
	unmatched = kt_unmatched(f->sim);
	t.child_relid = f->relid + 1;			/* another channel */
	kt_post(test, f->sim, &t, sizeof(t));
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 1);
	t.child_relid = f->relid;
	t.gpadl = RAW_HANDLE + 1;			/* unknown */
	kt_post(test, f->sim, &t, sizeof(t));
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 2);
	KUNIT_EXPECT_EQ(test, kt_unmatched(f->sim), unmatched);
	KUNIT_EXPECT_EQ(test, gpadl_count(f, RAW_HANDLE), 2);
	t.gpadl = RAW_HANDLE;
	kt_post(test, f->sim, &t, sizeof(t));		/* TORNDOWN */
	KUNIT_EXPECT_EQ(test, kt_unmatched(f->sim), unmatched + 1);
	KUNIT_EXPECT_EQ(test, gpadl_count(f, RAW_HANDLE), -ENOENT);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 2);
}

/*
 * A GPADL whose channel the host rescinds while it comes in (or before
 * the guest, not knowing yet, starts it) is taken in without an error or
 * an answer, and not kept. The rescind is dropped on its way, so that the
 * guest goes on as one that has not seen it yet.
 */
static void sim_gpadl_orphans_after_rescind(struct kunit *test)
{
	struct gpadl_fixture *f = gpadl_setup(test);
	u64 unmatched = kt_unmatched(f->sim);

	gpadl_header(test, f, f->relid, RAW_HANDLE, 30, 26);
	vmbc_sim_set_fault(f->sim, VMBC_SIM_DROP_RESPONSE,
			   CHANNELMSG_RESCIND_CHANNELOFFER, 1);
	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(f->sim, f->relid), 0);
	gpadl_body(test, f, RAW_HANDLE, 1, 26, 4);
	gpadl_header(test, f, f->relid, RAW_HANDLE + 1, 2, 2);
	KUNIT_EXPECT_EQ(test, gpadl_count(f, RAW_HANDLE), -ENOENT);
	KUNIT_EXPECT_EQ(test, gpadl_count(f, RAW_HANDLE + 1), -ENOENT);
	KUNIT_EXPECT_EQ(test, kt_unmatched(f->sim), unmatched);
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), 0);
}

/* ------------------------------------------------------------------ */
/* Channels                                                            */

/* A channel the test opened, and what its callback saw. */
struct kt_chan {
	struct vmbc_sim *sim;
	struct vmbc_connection *conn;
	struct vmbus_channel *channel;
	u32 relid;
	wait_queue_head_t wq;
	atomic_t packets;
	atomic_t subchannels;
	bool hold;		/* the callback reads nothing while set */
	u16 last_type;
	u64 last_trans_id;
	u32 last_len;
	u8 last[64];
};

static void kt_chan_cb(void *context)
{
	struct kt_chan *c = context;
	struct vmpacket_descriptor *desc;

	if (READ_ONCE(c->hold))
		return;
	for (desc = hv_pkt_iter_first(c->channel); desc;
	     desc = hv_pkt_iter_next(c->channel, desc)) {
		c->last_type = desc->type;
		c->last_trans_id = desc->trans_id;
		c->last_len = min_t(u32, hv_pkt_datalen(desc), sizeof(c->last));
		memcpy(c->last, hv_pkt_data(desc), c->last_len);
		atomic_inc(&c->packets);
	}
	wake_up(&c->wq);
}

/* Offer @dev on @sim and open its channel with rings of @pages pages. */
static struct kt_chan *kt_chan_open(struct kunit *test, struct vmbc_sim *sim,
				    const struct vmbc_sim_device *dev,
				    u32 pages, bool close_at_exit)
{
	struct kt_chan *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->sim = sim;
	c->conn = vmbc_sim_connection(sim);
	init_waitqueue_head(&c->wq);
	c->channel = kt_offer_dev(test, sim, dev, &c->relid);
	KUNIT_ASSERT_EQ(test, vmbus_open(c->channel, pages * PAGE_SIZE,
					 pages * PAGE_SIZE, NULL, 0, kt_chan_cb,
					 c), 0);
	if (close_at_exit)
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
								kt_close_action,
								c->channel), 0);
	return c;
}

static bool kt_wait(struct kt_chan *c, int n)
{
	return wait_event_timeout(c->wq, atomic_read(&c->packets) >= n,
				  msecs_to_jiffies(WAIT_MS)) > 0;
}

static int kt_ping(struct kt_chan *c, u64 rid, u32 flags)
{
	u8 payload[24] = { 1, 2, 3 };

	return vmbus_sendpacket(c->channel, payload, sizeof(payload), rid,
				VM_PKT_DATA_INBAND, flags);
}

static void kt_chan_stats(struct kunit *test, struct kt_chan *c,
			  struct vmbc_sim_channel_stats *st)
{
	vmbc_sim_flush(c->sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(c->sim, c->relid, st), 0);
}

/* Raw OPENCHANNEL and CLOSECHANNEL that break a rule: refused, counted. */
static void sim_refuses_bad_opens_and_closes(struct kunit *test)
{
	struct gpadl_fixture *f = gpadl_setup(test);
	struct vmbus_channel_open_channel o = {
		.header.msgtype = CHANNELMSG_OPENCHANNEL,
		.child_relid = f->relid,
		.openid = 77,
		.ringbuffer_gpadlhandle = RAW_HANDLE,
		.downstream_ringbuffer_pageoffset = 2,
	};
	struct vmbus_channel_close_channel cl = {
		.header.msgtype = CHANNELMSG_CLOSECHANNEL,
		.child_relid = f->relid,
	};
	struct vmbc_sim_channel_stats st;
	u64 unmatched;
	u64 errs = 0;

	gpadl_header(test, f, f->relid, RAW_HANDLE, 4, 4);
	unmatched = kt_unmatched(f->sim);
	o.downstream_ringbuffer_pageoffset = 3;		/* 1 page left */
	kt_post(test, f->sim, &o, sizeof(o));
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
	o.downstream_ringbuffer_pageoffset = 2;
	o.target_vp = nr_cpu_ids;			/* no such CPU */
	kt_post(test, f->sim, &o, sizeof(o));
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
	o.target_vp = 0;
	o.ringbuffer_gpadlhandle = RAW_HANDLE + 1;	/* no such GPADL */
	kt_post(test, f->sim, &o, sizeof(o));
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
	o.ringbuffer_gpadlhandle = RAW_HANDLE;
	o.child_relid = f->relid + 1;			/* not offered */
	kt_post(test, f->sim, &o, sizeof(o));
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
	/* each refused with a status: the guest would not wait forever */
	KUNIT_EXPECT_EQ(test, kt_unmatched(f->sim), unmatched + 4);

	kt_post(test, f->sim, &cl, sizeof(cl));		/* never opened */
	KUNIT_EXPECT_EQ(test, kt_host_errors(f->sim), ++errs);
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(f->sim, f->relid, &st), 0);
	KUNIT_EXPECT_FALSE(test, st.opened);
	KUNIT_EXPECT_EQ(test, st.opens, 0);
	KUNIT_EXPECT_EQ(test, st.gpadls, 1);
}

/*
 * Signals that break a rule: each counted, nothing queued for them. At
 * 4.1, the last version whose host reads the interrupt page, so that a
 * shared interrupt must name its channel there.
 */
static void sim_refuses_bad_signals(struct kunit *test)
{
	struct vmbc_sim_config cfg = { .max_version = VERSION_WIN10_V4_1 };
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device d = kt_dev(2, 0);
	struct vmbc_connection *conn = vmbc_sim_connection(sim);
	struct vmbc_sim_channel_stats st;
	struct kt_chan *c;
	u64 errs = 0;
	int relid, i;

	relid = vmbc_sim_add_device(sim, &d);
	KUNIT_ASSERT_GT(test, relid, 0);
	vmbc_sim_flush(sim);
	vmbc_test_signal_event(conn, relid);	/* not open */
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), ++errs);
	vmbc_test_signal_event(conn, 1000);	/* no channel */
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), ++errs);

	/* an open channel signalled without its interrupt-page bit */
	d = kt_echo_dev(3);
	c = kt_chan_open(test, sim, &d, 4, true);
	vmbc_test_signal_event(conn, c->relid);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), ++errs);
	/* after a signal that found its bit, a few misses are coalescing */
	KUNIT_ASSERT_EQ(test, kt_ping(c, 1, 0), 0);
	KUNIT_ASSERT_TRUE(test, kt_wait(c, 1));
	for (i = 0; i < 3; i++)
		vmbc_test_signal_event(conn, c->relid);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), errs);
	kt_chan_stats(test, c, &st);
	KUNIT_EXPECT_GE(test, st.signals_in, 5);
	KUNIT_EXPECT_TRUE(test, st.opened);
}

/* The guest's outbound ring corrupt: the host stops that channel only. */
static void sim_detects_a_corrupt_ring(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device d = kt_echo_dev(1);
	struct vmbc_sim_channel_stats st;
	struct kt_chan *c, *other;

	c = kt_chan_open(test, sim, &d, 4, true);
	d = kt_echo_dev(2);
	other = kt_chan_open(test, sim, &d, 4, true);
	/* a write index inside no packet, and a signal for it */
	WRITE_ONCE(c->channel->outbound.ring_buffer->write_index, 12);
	vmbc_test_signal_event(c->conn, c->relid);
	kt_chan_stats(test, c, &st);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 1);
	KUNIT_EXPECT_EQ(test, st.ring_errors, 1);
	KUNIT_EXPECT_EQ(test, st.packets_in, 0);
	/* the other channel works on */
	KUNIT_ASSERT_EQ(test, kt_ping(other, 5, 0), 0);
	KUNIT_EXPECT_TRUE(test, kt_wait(other, 1));
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 1);
}

/* GPA-direct ranges that do not fit the packet, or name no memory. */
static void sim_rejects_bad_page_ranges(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device d = kt_echo_dev(1);
	struct vmbc_sim_channel_stats st;
	struct {
		struct vmbus_packet_mpb_array d;
		u64 pfn[1];
	} mpb = {};
	struct kt_chan *c;
	u8 *page;

	page = (u8 *)get_zeroed_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	c = kt_chan_open(test, sim, &d, 4, true);
	/* three pages' worth of bytes, one PFN */
	mpb.d.range.len = 3 * PAGE_SIZE;
	mpb.pfn[0] = page_to_pfn(virt_to_page(page));
	KUNIT_ASSERT_EQ(test, vmbus_sendpacket_mpb_desc(c->channel, &mpb.d,
							sizeof(mpb), NULL, 0,
							1), 0);
	/* a PFN of no memory */
	mpb.d.range.len = PAGE_SIZE;
	mpb.pfn[0] = -1ULL >> 12;
	KUNIT_ASSERT_EQ(test, vmbus_sendpacket_mpb_desc(c->channel, &mpb.d,
							sizeof(mpb), NULL, 0,
							2), 0);
	kt_chan_stats(test, c, &st);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 2);
	KUNIT_EXPECT_EQ(test, st.dropped, 2);
	KUNIT_EXPECT_EQ(test, st.packets_out, 0);
	/* bytes into a second page it names no PFN for */
	mpb.d.range.len = 100;
	mpb.d.range.offset = 4000;
	mpb.pfn[0] = page_to_pfn(virt_to_page(page));
	KUNIT_EXPECT_EQ(test, vmbus_sendpacket_mpb_desc(c->channel, &mpb.d,
							sizeof(mpb), NULL, 0,
							3), 0);
	kt_chan_stats(test, c, &st);
	KUNIT_EXPECT_EQ(test, st.dropped, 3);
	/* a good one still gets its answer */
	page[4000] = 9;
	mpb.d.range.len = 96;
	KUNIT_ASSERT_EQ(test, vmbus_sendpacket_mpb_desc(c->channel, &mpb.d,
							sizeof(mpb), NULL, 0,
							4), 0);
	KUNIT_ASSERT_TRUE(test, kt_wait(c, 1));
	KUNIT_EXPECT_EQ(test, c->last_type, VM_PKT_COMP);
	KUNIT_EXPECT_EQ(test, ((struct vmbc_echo_gpa_reply *)c->last)->bytes, 96);
	KUNIT_EXPECT_EQ(test, ((struct vmbc_echo_gpa_reply *)c->last)->sum, 9);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 3);
	vmbus_close(c->channel);
	free_page((unsigned long)page);
}

/* A class other than echo: drained, nothing answered. */
static void sim_drains_other_classes(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device d = kt_dev(1, 0);
	struct vmbc_sim_channel_stats st;
	struct kt_chan *c;
	int i;

	c = kt_chan_open(test, sim, &d, 4, true);
	for (i = 0; i < 5; i++)
		KUNIT_ASSERT_EQ(test, kt_ping(c, i, 0), 0);
	kt_chan_stats(test, c, &st);
	KUNIT_EXPECT_EQ(test, st.packets_in, 5);
	KUNIT_EXPECT_EQ(test, st.dropped, 5);
	KUNIT_EXPECT_EQ(test, st.packets_out, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->packets), 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/*
 * The guest's inbound ring full: the host keeps the rest in the outbound
 * ring, asks for room, and carries on when the guest makes some.
 */
static void sim_waits_for_room_in_a_full_ring(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim;

	sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device d = kt_echo_dev(1);
	struct vmbc_sim_channel_stats st;
	struct kt_chan *c;
	int sent = 0, ret, tries = 0;

	c = kt_chan_open(test, sim, &d, 2, true);
	set_channel_read_mode(c->channel, HV_CALL_DIRECT);
	WRITE_ONCE(c->hold, true);
	while (sent < 1000 && tries < 3) {
		ret = kt_ping(c, sent + 1, 0);
		if (ret == -EAGAIN) {
			tries++;
			vmbc_sim_flush(sim);
			continue;
		}
		KUNIT_ASSERT_EQ(test, ret, 0);
		sent++;
	}
	kt_chan_stats(test, c, &st);
	KUNIT_EXPECT_LT(test, sent, 1000);
	KUNIT_EXPECT_GE(test, st.tx_full, 1);
	KUNIT_EXPECT_LT(test, st.packets_out, sent);
	kunit_info(test, "%d sent, %llu answered before the guest read", sent,
		   st.packets_out);

	WRITE_ONCE(c->hold, false);
	vmbc_sim_signal(sim, c->relid, 0);
	KUNIT_EXPECT_TRUE(test, kt_wait(c, sent));
	kt_chan_stats(test, c, &st);
	KUNIT_EXPECT_EQ(test, st.packets_in, sent);
	KUNIT_EXPECT_EQ(test, st.packets_out, sent);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->packets), sent);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/*
 * A flood through small rings: every packet the guest writes while the
 * host is between reading the write index and publishing its read index
 * gets no signal (the guest sees a ring that is not empty), so the host
 * must look again after publishing. Without that the host stalls with
 * packets in the ring, and the guest's sends fail for ever. Only two CPUs
 * open that window; on one the test passes either way.
 */
static void sim_loses_no_wakeup_in_a_flood(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device d = kt_echo_dev(1);
	struct vmbc_sim_channel_stats st;
	unsigned long stalled_since = 0;
	const int total = 20000;
	struct kt_chan *c;
	int sent = 0, ret;

	c = kt_chan_open(test, sim, &d, 2, true);
	while (sent < total) {
		ret = kt_ping(c, sent + 1, 0);
		if (!ret) {
			sent++;
			stalled_since = 0;
			continue;
		}
		KUNIT_ASSERT_EQ(test, ret, -EAGAIN);
		if (!stalled_since)
			stalled_since = jiffies;
		if (time_after(jiffies, stalled_since + msecs_to_jiffies(WAIT_MS))) {
			kt_chan_stats(test, c, &st);
			KUNIT_FAIL(test, "stalled: %d/%d sent, host read %llu wrote %llu",
				   sent, total, st.packets_in, st.packets_out);
			return;
		}
		usleep_range(20, 50);
	}
	KUNIT_EXPECT_TRUE(test, kt_wait(c, total));
	kt_chan_stats(test, c, &st);
	KUNIT_EXPECT_EQ(test, st.packets_in, total);
	KUNIT_EXPECT_EQ(test, st.packets_out, total);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->packets), total);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* Monitored: no hypercall, the host finds the bit on its own. */
static void sim_polls_the_monitor_page(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device d = kt_echo_dev(1);
	struct vmbc_sim_channel_stats st;
	struct vmbc_sim_stats s0, s1;
	struct kt_chan *c;
	int i;

	d.monitor_allocated = true;
	c = kt_chan_open(test, sim, &d, 4, true);
	KUNIT_ASSERT_TRUE(test, c->channel->offermsg.monitor_allocated);
	vmbc_sim_get_stats(sim, &s0);
	for (i = 0; i < 10; i++) {
		KUNIT_ASSERT_EQ(test, kt_ping(c, i + 1,
					      VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED),
				0);
		KUNIT_ASSERT_TRUE(test, kt_wait(c, i + 1));
		KUNIT_EXPECT_EQ(test, c->last_type, VM_PKT_COMP);
		KUNIT_EXPECT_EQ(test, c->last_trans_id, i + 1);
	}
	vmbc_sim_get_stats(sim, &s1);
	KUNIT_EXPECT_EQ(test, s1.signals, s0.signals);
	kt_chan_stats(test, c, &st);
	KUNIT_EXPECT_GE(test, st.signals_in, 10);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);

	/* low latency: HvSignalEvent after all */
	c->channel->low_latency = true;
	KUNIT_ASSERT_EQ(test, kt_ping(c, 11, 0), 0);
	KUNIT_ASSERT_TRUE(test, kt_wait(c, 11));
	vmbc_sim_get_stats(sim, &s1);
	KUNIT_EXPECT_GT(test, s1.signals, s0.signals);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/* A dedicated interrupt: no interrupt-page bit, no error. */
static void sim_takes_dedicated_signals(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device d = kt_echo_dev(1);
	struct kt_chan *c;
	int i;

	d.dedicated_interrupt = true;
	c = kt_chan_open(test, sim, &d, 4, true);
	KUNIT_ASSERT_TRUE(test, c->channel->is_dedicated_interrupt);
	for (i = 0; i < 5; i++) {
		KUNIT_ASSERT_EQ(test, kt_ping(c, i + 1, 0), 0);
		KUNIT_ASSERT_TRUE(test, kt_wait(c, i + 1));
	}
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

static const u32 old_versions[] = {
	VERSION_WS2008, VERSION_WIN7, VERSION_WIN8, VERSION_WIN10,
};

KUNIT_ARRAY_PARAM(old_version, old_versions, version_desc);

/*
 * Older versions signal differently: the interrupt page named in
 * INITIATE_CONTACT, the WS2008 event connection, flag 0 and the
 * interrupt page's receive half before WIN8.
 */
static void sim_echoes_at_older_versions(struct kunit *test)
{
	u32 v = *(const u32 *)test->param_value;
	struct vmbc_sim_config cfg = { .max_version = v };
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device d = kt_echo_dev(1);
	struct kt_chan *c;
	u32 flags;
	int i;

	c = kt_chan_open(test, sim, &d, 4, true);
	for (i = 0; i < 5; i++) {
		flags = i % 2 ? VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED : 0;
		KUNIT_ASSERT_EQ(test, kt_ping(c, i + 1, flags), 0);
		KUNIT_ASSERT_TRUE(test, kt_wait(c, i + 1));
		KUNIT_EXPECT_EQ(test, c->last_trans_id, i + 1);
	}
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

/*
 * MODIFYCHANNEL: from 4.1 on, of an open channel, to an online CPU; the
 * host answers from 5.3 on (here the core waits for nothing: raw posts).
 */
static void sim_moves_a_channel(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device d = kt_echo_dev(1);
	struct vmbus_channel_modifychannel mc = {
		.header.msgtype = CHANNELMSG_MODIFYCHANNEL,
	};
	struct kt_chan *c;
	u64 unmatched;

	c = kt_chan_open(test, sim, &d, 4, true);
	mc.child_relid = c->relid;
	unmatched = kt_unmatched(sim);
	kt_post(test, sim, &mc, sizeof(mc));
	KUNIT_EXPECT_EQ(test, kt_unmatched(sim), unmatched + 1);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
	vmbc_sim_set_fault(sim, VMBC_SIM_FAIL_RESPONSE,
			   CHANNELMSG_MODIFYCHANNEL_RESPONSE, 5);
	kt_post(test, sim, &mc, sizeof(mc));
	KUNIT_EXPECT_EQ(test, kt_unmatched(sim), unmatched + 2);
	mc.target_vp = nr_cpu_ids;
	kt_post(test, sim, &mc, sizeof(mc));
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 1);
	KUNIT_EXPECT_EQ(test, kt_unmatched(sim), unmatched + 3);
	/* interrupts still arrive */
	KUNIT_ASSERT_EQ(test, kt_ping(c, 1, 0), 0);
	KUNIT_EXPECT_TRUE(test, kt_wait(c, 1));

	/* before 5.3 no answer, before 4.1 no such message */
	cfg.max_version = VERSION_WIN10_V5;
	sim = kt_sim_start(test, &cfg);
	c = kt_chan_open(test, sim, &d, 4, true);
	mc.child_relid = c->relid;
	mc.target_vp = 0;
	unmatched = kt_unmatched(sim);
	kt_post(test, sim, &mc, sizeof(mc));
	KUNIT_EXPECT_EQ(test, kt_unmatched(sim), unmatched);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
	cfg.max_version = VERSION_WIN10;
	sim = kt_sim_start(test, &cfg);
	c = kt_chan_open(test, sim, &d, 4, true);
	mc.child_relid = c->relid;
	kt_post(test, sim, &mc, sizeof(mc));
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 1);
}

static void kt_rescind_cb(struct vmbus_channel *channel)
{
	vmbus_close(channel);
}

/* A rescind: the host lets go of the rings and GPADLs at once. */
static void sim_rescind_closes_the_host_end(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device d = kt_echo_dev(1);
	struct vmbc_sim_channel_stats st;
	struct kt_chan *c;

	c = kt_chan_open(test, sim, &d, 4, false);
	vmbus_set_chn_rescind_callback(c->channel, kt_rescind_cb);
	KUNIT_ASSERT_EQ(test, kt_ping(c, 1, 0), 0);
	KUNIT_ASSERT_TRUE(test, kt_wait(c, 1));
	KUNIT_ASSERT_EQ(test, vmbc_sim_remove_device(sim, c->relid), 0);
	/* before the guest even heard of it */
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(sim, c->relid, &st), 0);
	KUNIT_EXPECT_FALSE(test, st.opened);
	KUNIT_EXPECT_EQ(test, st.gpadls, 0);
	KUNIT_EXPECT_EQ(test, st.closes, 1);
	/*
	 * The driver handled the rescind itself and keeps its device: the
	 * relid stays taken until unload (vmbc_rescind checks the rest).
	 */
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, kt_guest_sent(sim, CHANNELMSG_RELID_RELEASED), 0);
	KUNIT_EXPECT_EQ(test, kt_host_errors(sim), 0);
}

static void kt_subchannel_cb(struct vmbus_channel *sub)
{
	struct kt_chan *c = sub->primary_channel->channel_callback_context;

	atomic_inc(&c->subchannels);
	wake_up(&c->wq);
}

static int kt_subchannels_cmd(struct kt_chan *c, u32 n, u32 flags)
{
	struct vmbc_echo_cmd cmd = {
		.magic = VMBC_ECHO_CMD_MAGIC,
		.cmd = VMBC_ECHO_CMD_SUBCHANNELS,
		.arg = n,
	};

	return vmbus_sendpacket(c->channel, &cmd, sizeof(cmd), 0xc0de,
				VM_PKT_DATA_INBAND, flags);
}

/*
 * VMBC_ECHO_CMD_SUBCHANNELS: the answer says how many, and that many
 * sub-channels are offered: 1 to 64 in all, numbered from 1.
 */
static void sim_offers_subchannels_on_command(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device d = kt_echo_dev(1);
	const struct vmbc_echo_cmd *answer;
	struct vmbus_channel *sub;
	struct kt_chan *c;
	struct vmbc_sim_stats s;

	c = kt_chan_open(test, sim, &d, 4, true);
	answer = (const void *)c->last;
	vmbus_set_sc_create_callback(c->channel, kt_subchannel_cb);
	KUNIT_ASSERT_EQ(test, kt_subchannels_cmd(c, 3,
						 VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED),
			0);
	KUNIT_ASSERT_TRUE(test, kt_wait(c, 1));
	KUNIT_EXPECT_EQ(test, c->last_type, VM_PKT_COMP);
	KUNIT_EXPECT_EQ(test, c->last_trans_id, 0xc0de);
	KUNIT_EXPECT_EQ(test, answer->magic, VMBC_ECHO_CMD_MAGIC);
	KUNIT_EXPECT_EQ(test, answer->arg, 3);
	KUNIT_EXPECT_TRUE(test, wait_event_timeout(c->wq,
						   atomic_read(&c->subchannels) == 3,
						   msecs_to_jiffies(WAIT_MS)));
	sub = kt_channel_at(c->conn, c->relid + 3);
	KUNIT_ASSERT_NOT_NULL(test, sub);
	KUNIT_EXPECT_EQ(test, sub->offermsg.offer.sub_channel_index, 3);
	KUNIT_EXPECT_PTR_EQ(test, sub->primary_channel, c->channel);

	/* more than the cap: 61 more, answered inband */
	KUNIT_ASSERT_EQ(test, kt_subchannels_cmd(c, 100, 0), 0);
	KUNIT_ASSERT_TRUE(test, kt_wait(c, 2));
	KUNIT_EXPECT_EQ(test, c->last_type, VM_PKT_DATA_INBAND);
	KUNIT_EXPECT_EQ(test, answer->arg, 61);
	KUNIT_EXPECT_TRUE(test, wait_event_timeout(c->wq,
						   atomic_read(&c->subchannels) == 64,
						   msecs_to_jiffies(WAIT_MS)));
	KUNIT_ASSERT_EQ(test, kt_subchannels_cmd(c, 1, 0), 0);
	KUNIT_ASSERT_TRUE(test, kt_wait(c, 3));
	KUNIT_EXPECT_EQ(test, answer->arg, 0);
	vmbc_sim_flush(sim);
	vmbc_sim_get_stats(sim, &s);
	KUNIT_EXPECT_EQ(test, s.offers_outstanding, 65);
	KUNIT_EXPECT_EQ(test, s.protocol_errors, 0);
}

static struct kunit_case sim_cases[] = {
	KUNIT_CASE(sim_connects_at_the_newest_version),
	KUNIT_CASE_PARAM(sim_honours_max_version, max_version_gen_params),
	KUNIT_CASE(sim_refuses_versions),
	KUNIT_CASE(sim_offers_a_burst),
	KUNIT_CASE(sim_fault_switches),
	KUNIT_CASE(sim_two_hosts_offer_the_same_device),
	KUNIT_CASE_SLOW(sim_churns_offers_and_rescinds),
	KUNIT_CASE(sim_counts_declined_offers),
	KUNIT_CASE(sim_gpadl_takes_bodies_in_order),
	KUNIT_CASE(sim_gpadl_rejects_bad_bodies),
	KUNIT_CASE(sim_gpadl_rejects_bad_headers),
	KUNIT_CASE(sim_gpadl_teardown_checks_the_handle),
	KUNIT_CASE(sim_gpadl_orphans_after_rescind),
	KUNIT_CASE(sim_refuses_bad_opens_and_closes),
	KUNIT_CASE(sim_refuses_bad_signals),
	KUNIT_CASE(sim_detects_a_corrupt_ring),
	KUNIT_CASE(sim_rejects_bad_page_ranges),
	KUNIT_CASE(sim_drains_other_classes),
	KUNIT_CASE(sim_waits_for_room_in_a_full_ring),
	KUNIT_CASE_SLOW(sim_loses_no_wakeup_in_a_flood),
	KUNIT_CASE(sim_polls_the_monitor_page),
	KUNIT_CASE(sim_takes_dedicated_signals),
	KUNIT_CASE_PARAM(sim_echoes_at_older_versions, old_version_gen_params),
	KUNIT_CASE(sim_moves_a_channel),
	KUNIT_CASE(sim_rescind_closes_the_host_end),
	KUNIT_CASE(sim_offers_subchannels_on_command),
	{}
};

static struct kunit_suite sim_suite = {
	.name = "vmbc_sim",
	.test_cases = sim_cases,
};

kunit_test_suite(sim_suite);
