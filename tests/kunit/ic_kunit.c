// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the simulated host's shutdown, time sync and KVP Integration
 * Services and its synthetic keyboard, each against a test driver that
 * behaves as Linux 6.12's does (hv_utils, hv_kvp, hyperv-keyboard): it
 * answers NEGOTIATE with vmbus_prep_negotiate_resp(), then each request
 * as that driver would. The host's counters say what it took; drivers
 * that get one thing wrong (size, transaction id, version, what they
 * echo) must each cost exactly one bad answer and one protocol error,
 * and leave the host working.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/math64.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "sim_helpers.h"

#define IC_SHUTDOWN_CLASS \
	GUID_INIT(0x0e0b6031, 0x5213, 0x4934, 0x81, 0x8b, 0x38, 0xd9, 0x0c, \
		  0xed, 0x39, 0xdb)
#define IC_TIMESYNC_CLASS \
	GUID_INIT(0x9527e630, 0xd0ae, 0x497b, 0xad, 0xce, 0xe8, 0x0a, 0xb0, \
		  0x17, 0x5c, 0xaf)
#define IC_KVP_CLASS \
	GUID_INIT(0xa9a0f4e7, 0x5a45, 0x4d96, 0xb8, 0x27, 0x8a, 0x84, 0x1e, \
		  0x8c, 0x03, 0xe6)
#define IC_KBD_CLASS \
	GUID_INIT(0xf912ad6d, 0x2b17, 0x48ea, 0xbd, 0x65, 0xf9, 0x27, 0xa6, \
		  0x1c, 0x76, 0x84)

/* hv_utils' rings (3 pages of data each, and the header page). */
#define IC_RING_SIZE	(4 * PAGE_SIZE)
/* hyperv-keyboard's: 36 KiB of data, and the header page. */
#define KBD_RING_SIZE	(40 * 1024)

#define VER(major, minor)	((major) << 16 | (minor))

static const int ic_fw_versions[] = { VER(3, 0), VER(1, 0) };
static const int ic_sd_versions[] = { VER(3, 2), VER(3, 1), VER(3, 0),
				      VER(1, 0) };
static const int ic_ts_versions[] = { VER(4, 0), VER(3, 0), VER(1, 0) };
static const int ic_ts3_versions[] = { VER(3, 0), VER(1, 0) };
static const int ic_kvp_versions[] = { VER(4, 0), VER(3, 0), VER(1, 0) };

/* ------------------------------------------------------------------ */
/* An Integration Services driver, as hv_utils and hv_kvp are written  */

/* One thing the driver gets wrong, in answers of type fault_type. */
enum ic_fault {
	IC_FAULT_NONE,
	IC_FAULT_TXN,		/* another ictransaction_id */
	IC_FAULT_VERSION,	/* NEGOTIATE: a message version never offered */
	IC_FAULT_SHORT,		/* the headers and 8 bytes only */
	IC_FAULT_NO_RESPONSE,	/* no ICMSGHDRFLAG_RESPONSE */
	IC_FAULT_STATUS,	/* HV_ERROR_NOT_SUPPORTED */
	IC_FAULT_ECHO,		/* the request's fields not echoed */
	IC_FAULT_KVP_TYPE,	/* KVP: the value as REG_U32 */
	IC_FAULT_KVP_NUL,	/* KVP: key_size without the NUL */
	IC_FAULT_HEADER,	/* the message version not echoed */
	IC_FAULT_COMPLETION,	/* the answer asks for a completion */
	IC_FAULT_PIPE,		/* the pipe header's size not echoed */
};

struct ic_drv;
typedef bool (*ic_take_t)(struct ic_drv *d, struct icmsg_hdr *hdr, u32 len);

/* A KVP daemon's view of the auto pool: index -> key, value. */
static const char * const ic_kvp_keys[][2] = {
	{ "FullyQualifiedDomainName", "kt-guest.example" },
	{ "IntegrationServicesVersion", "6.12" },
};

struct ic_drv {
	struct vmbus_channel *channel;
	u8 *buf;
	u32 buflen;
	const int *srv;
	int nr_srv;
	ic_take_t take;
	enum ic_fault fault;
	u16 fault_type;
	/* what happened */
	int srv_version;
	bool negotiated;
	int callbacks;
	int replies;
	int unanswered;
	int send_failures;
	/* shutdown: what hv_utils would have scheduled */
	bool hibernation;
	int shutdowns;
	u32 shutdown_flags;
	/* time sync */
	int samples;
	u8 sample_flags;
	u64 parenttime;
	/* KVP: hv_kvp reads nothing until its daemon registers */
	bool kvp;
	bool daemon;
	bool daemon_times_out;
	const u16 *unicode_key;
};

/* The KVP exchange as it travels (hv_kvp reads it as struct hv_kvp_msg). */
struct ic_kvp_msg {
	struct hv_kvp_hdr kvp_hdr;
	struct hv_kvp_msg_enumerate kvp_enum_data;
} __packed;

/* hv_utils' shutdown callback, without the shutdown. */
static bool ic_take_shutdown(struct ic_drv *d, struct icmsg_hdr *hdr, u32 len)
{
	struct shutdown_msg_data *msg = (void *)(d->buf + ICMSG_HDR);

	if (hdr->icmsgtype != ICMSGTYPE_SHUTDOWN) {
		hdr->status = HV_E_FAIL;
		return true;
	}
	/* too short: hv_utils logs it and answers nothing */
	if (len < ICMSG_HDR + sizeof(*msg))
		return false;
	d->shutdown_flags = msg->flags;
	switch (msg->flags) {
	case 0:
	case 1:
	case 2:
	case 3:
		hdr->status = HV_S_OK;
		d->shutdowns++;
		break;
	case 4:
	case 5:
		hdr->status = d->hibernation ? HV_S_OK : HV_E_FAIL;
		d->shutdowns += d->hibernation;
		break;
	default:
		hdr->status = HV_E_FAIL;
		break;
	}
	if (d->fault == IC_FAULT_ECHO)
		msg->flags ^= VMBC_SIM_SHUTDOWN_FORCE;
	return true;
}

/*
 * hv_utils' time sync callback, but for the reference counter it reads:
 * it only notes what the sample says.
 */
static bool ic_take_timesync(struct ic_drv *d, struct icmsg_hdr *hdr, u32 len)
{
	struct ictimesync_ref_data *ref = (void *)(d->buf + ICMSG_HDR);
	struct ictimesync_data *old = (void *)(d->buf + ICMSG_HDR);

	if (hdr->icmsgtype != ICMSGTYPE_TIMESYNC) {
		hdr->status = HV_E_FAIL;
		return true;
	}
	if (d->srv_version > VER(3, 0)) {
		if (len < ICMSG_HDR + sizeof(*ref))
			return false;
		d->parenttime = ref->parenttime;
		d->sample_flags = ref->flags;
		if (d->fault == IC_FAULT_ECHO)
			ref->parenttime++;
	} else {
		if (len < ICMSG_HDR + sizeof(*old))
			return false;
		d->parenttime = old->parenttime;
		d->sample_flags = old->flags;
		if (d->fault == IC_FAULT_ECHO)
			old->flags ^= ICTIMESYNCFLAG_SAMPLE;
	}
	d->samples++;
	return true;
}

/* ASCII as the UTF-16 hv_kvp writes (no NUL: the host's zeros are it). */
static u32 ic_utf16(u8 *out, const char *s)
{
	u32 n;

	for (n = 0; s[n]; n++) {
		out[2 * n] = s[n];
		out[2 * n + 1] = 0;
	}
	return n;
}

/*
 * hv_kvp with its daemon, the daemon answering at once: the key at the
 * index of the auto pool and its value; HV_S_CONT past the last; the
 * daemon's timeout is HV_E_FAIL, the message as it came.
 */
static bool ic_take_kvp(struct ic_drv *d, struct icmsg_hdr *hdr, u32 len)
{
	struct ic_kvp_msg *m = (void *)(d->buf + ICMSG_HDR);
	struct hv_kvp_exchg_msg_value *v = &m->kvp_enum_data.data;
	u32 index = m->kvp_enum_data.index, keylen, n;

	if (hdr->icmsgtype != ICMSGTYPE_KVPEXCHANGE)
		return false;
	if (d->daemon_times_out) {
		hdr->status = HV_E_FAIL;
		return true;
	}
	if (m->kvp_hdr.pool != KVP_POOL_AUTO ||
	    index >= ARRAY_SIZE(ic_kvp_keys)) {
		hdr->status = HV_S_CONT;
		return true;
	}
	hdr->status = HV_S_OK;
	if (d->unicode_key) {
		for (n = 0; d->unicode_key[n]; n++) {
			v->key[2 * n] = d->unicode_key[n] & 0xff;
			v->key[2 * n + 1] = d->unicode_key[n] >> 8;
		}
		keylen = n;
	} else {
		keylen = ic_utf16(v->key, ic_kvp_keys[index][0]);
	}
	v->key_size = 2 * (keylen + 1);
	v->value_size = 2 * (ic_utf16(v->value, ic_kvp_keys[index][1]) + 1);
	v->value_type = REG_SZ;
	if (d->fault == IC_FAULT_ECHO)
		m->kvp_enum_data.index++;
	else if (d->fault == IC_FAULT_KVP_TYPE)
		v->value_type = REG_U32;
	else if (d->fault == IC_FAULT_KVP_NUL)
		v->key_size -= 2;
	return true;
}

/* What the driver gets wrong in the headers it sends back. */
static u32 ic_tamper(struct ic_drv *d, struct icmsg_hdr *hdr, u32 len)
{
	/* through a pointer: v5.2 declares the array [1] (UBSAN) */
	struct ic_version *chosen = (void *)(d->buf + ICMSG_HDR +
					     offsetof(struct icmsg_negotiate,
						      icversion_data));

	if (hdr->icmsgtype != d->fault_type)
		return len;
	switch (d->fault) {
	case IC_FAULT_TXN:
		hdr->ictransaction_id++;
		break;
	case IC_FAULT_VERSION:
		chosen[1].major = 9;
		break;
	case IC_FAULT_SHORT:
		return ICMSG_HDR + 8;
	case IC_FAULT_NO_RESPONSE:
		hdr->icflags = ICMSGHDRFLAG_TRANSACTION;
		break;
	case IC_FAULT_STATUS:
		hdr->status = 0x80070032;	/* HV_ERROR_NOT_SUPPORTED */
		break;
	case IC_FAULT_HEADER:
		hdr->icvermsg.minor++;
		break;
	case IC_FAULT_PIPE:
		((struct vmbuspipe_hdr *)d->buf)->msgsize = len;
		break;
	default:
		break;
	}
	return len;
}

static void ic_callback(void *context)
{
	struct ic_drv *d = context;
	struct icmsg_hdr *hdr = (void *)(d->buf + sizeof(struct vmbuspipe_hdr));
	u32 len;
	u64 rid;

	d->callbacks++;
	/* hv_kvp before its daemon registers: back later, the ring untouched */
	if (d->kvp && !d->daemon)
		return;
	for (;;) {
		if (vmbus_recvpacket(d->channel, d->buf, d->buflen, &len, &rid) ||
		    !len)
			return;
		if (len < ICMSG_HDR) {
			d->unanswered++;
			continue;
		}
		if (hdr->icmsgtype == ICMSGTYPE_NEGOTIATE) {
			d->negotiated = vmbus_prep_negotiate_resp(hdr, d->buf,
								  ic_fw_versions,
								  ARRAY_SIZE(ic_fw_versions),
								  d->srv,
								  d->nr_srv,
								  NULL,
								  &d->srv_version);
		} else if (!d->take(d, hdr, len)) {
			d->unanswered++;
			continue;
		}
		hdr->icflags = ICMSGHDRFLAG_TRANSACTION | ICMSGHDRFLAG_RESPONSE;
		len = ic_tamper(d, hdr, len);
		if (vmbus_sendpacket(d->channel, d->buf, len, rid,
				     VM_PKT_DATA_INBAND,
				     d->fault == IC_FAULT_COMPLETION &&
				     hdr->icmsgtype == d->fault_type ?
				     VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED :
				     0))
			d->send_failures++;
		else
			d->replies++;
	}
}

static void ic_free_action(void *p)
{
	kfree(p);
}

/*
 * A driver for a device of @class at instance @n: offered, probed (the
 * channel opened with hv_utils' ring sizes), its relid in *@relid. The
 * host sends NEGOTIATE at once; flush to have it answered.
 */
static struct ic_drv *ic_start(struct kunit *test, struct vmbc_sim *sim,
			       guid_t class, u16 n, ic_take_t take,
			       const int *srv, int nr_srv, u32 *relid,
			       void (*setup)(struct ic_drv *d))
{
	struct vmbc_sim_device dev = {
		.class_id = class,
		.instance_id = kt_guid(5, n),
	};
	struct ic_drv *d = kunit_kzalloc(test, sizeof(*d), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, d);
	/* hv_utils' receive buffer: four Hyper-V pages, one read at a time */
	d->buflen = 4 * 4096;
	d->buf = kzalloc(d->buflen, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, d->buf);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, ic_free_action,
							d->buf), 0);
	d->take = take;
	d->srv = srv;
	d->nr_srv = nr_srv;
	if (setup)
		setup(d);
	d->channel = kt_offer_dev(test, sim, &dev, relid);
	/*
	 * As util_probe(): no batched reading. hv_kvp leaves a packet in
	 * the ring until its daemon is there, which a batched reader would
	 * take as more to read, again and again.
	 */
	set_channel_read_mode(d->channel, HV_CALL_DIRECT);
	KUNIT_ASSERT_EQ(test, vmbus_open(d->channel, IC_RING_SIZE,
					 IC_RING_SIZE, NULL, 0, ic_callback,
					 d), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_close_action,
							d->channel), 0);
	return d;
}

static struct vmbc_sim_channel_stats ic_stats(struct kunit *test,
					      struct vmbc_sim *sim, u32 relid)
{
	struct vmbc_sim_channel_stats st;

	KUNIT_EXPECT_EQ(test, vmbc_sim_channel_stats(sim, relid, &st), 0);
	return st;
}

static struct vmbc_sim_ic_state ic_state(struct kunit *test,
					 struct vmbc_sim *sim, u32 relid)
{
	struct vmbc_sim_ic_state st;

	KUNIT_EXPECT_EQ(test, vmbc_sim_ic_state(sim, relid, &st), 0);
	return st;
}

/*
 * The channel's counters: requests sent, answers taken, answers refused;
 * every refusal a protocol error too. Failures name the caller's line.
 */
static void ic_expect_counts(struct kunit *test, struct vmbc_sim *sim,
			     u32 relid, u64 req, u64 ans, u64 bad, int line)
{
	struct vmbc_sim_channel_stats st = ic_stats(test, sim, relid);

	KUNIT_EXPECT_EQ_MSG(test, st.requests, req, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, st.answers, ans, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, st.bad_answers, bad, "line %d", line);
	KUNIT_EXPECT_EQ_MSG(test, kt_host_errors(sim), bad, "line %d", line);
}

#define IC_EXPECT_COUNTS(test, sim, relid, req, ans, bad) \
	ic_expect_counts(test, sim, relid, req, ans, bad, __LINE__)

/* ------------------------------------------------------------------ */
/* Shutdown                                                            */

static struct ic_drv *ic_shutdown_start(struct kunit *test,
					struct vmbc_sim *sim, u16 n, u32 *relid,
					void (*setup)(struct ic_drv *d))
{
	return ic_start(test, sim, IC_SHUTDOWN_CLASS, n, ic_take_shutdown,
			ic_sd_versions, ARRAY_SIZE(ic_sd_versions), relid,
			setup);
}

/* NEGOTIATE at once, the newest versions of both, then silence. */
static void ic_shutdown_negotiates_then_waits(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_ic_state st;
	struct ic_drv *d;
	u32 relid;

	d = ic_shutdown_start(test, sim, 1, &relid, NULL);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_TRUE(test, d->negotiated);
	KUNIT_EXPECT_EQ(test, d->srv_version, VER(3, 2));
	KUNIT_EXPECT_EQ(test, d->replies, 1);
	st = ic_state(test, sim, relid);
	KUNIT_EXPECT_TRUE(test, st.open);
	KUNIT_EXPECT_TRUE(test, st.negotiated);
	KUNIT_EXPECT_EQ(test, st.framework, (u32)VER(3, 0));
	KUNIT_EXPECT_EQ(test, st.service, (u32)VER(3, 2));
	KUNIT_EXPECT_FALSE(test, st.pending);
	KUNIT_EXPECT_FALSE(test, st.answered);
	IC_EXPECT_COUNTS(test, sim, relid, 1, 1, 0);
	KUNIT_EXPECT_EQ(test, d->shutdowns, 0);
}

static void ic_no_hibernation(struct ic_drv *d)
{
	d->hibernation = false;
}

/*
 * Each request the guest takes is answered HV_S_OK with the request
 * echoed; hibernation a guest cannot do is refused with HV_E_FAIL, an
 * answer all the same.
 */
static void ic_shutdown_requests_are_answered(struct kunit *test)
{
	static const u32 flags[] = {
		0, VMBC_SIM_SHUTDOWN_FORCE, VMBC_SIM_SHUTDOWN_REBOOT,
		VMBC_SIM_SHUTDOWN_REBOOT | VMBC_SIM_SHUTDOWN_FORCE,
	};
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_ic_state st;
	struct ic_drv *d;
	u32 relid;
	int i;

	d = ic_shutdown_start(test, sim, 2, &relid, ic_no_hibernation);
	vmbc_sim_flush(sim);
	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		KUNIT_ASSERT_EQ(test, vmbc_sim_shutdown_guest(sim, relid,
							      flags[i]), 0);
		vmbc_sim_flush(sim);
		KUNIT_EXPECT_EQ(test, d->shutdown_flags, flags[i]);
		st = ic_state(test, sim, relid);
		KUNIT_EXPECT_TRUE(test, st.answered);
		KUNIT_EXPECT_EQ(test, st.status, (u32)HV_S_OK);
	}
	KUNIT_EXPECT_EQ(test, d->shutdowns, 4);
	IC_EXPECT_COUNTS(test, sim, relid, 5, 5, 0);

	KUNIT_ASSERT_EQ(test, vmbc_sim_shutdown_guest(sim, relid,
						      VMBC_SIM_SHUTDOWN_HIBERNATE),
			0);
	vmbc_sim_flush(sim);
	st = ic_state(test, sim, relid);
	KUNIT_EXPECT_EQ(test, st.status, (u32)HV_E_FAIL);
	KUNIT_EXPECT_EQ(test, d->shutdowns, 4);
	IC_EXPECT_COUNTS(test, sim, relid, 6, 6, 0);
}

/* What the API refuses, and why. */
static void ic_shutdown_api_refusals(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device other = {
		.class_id = IC_TIMESYNC_CLASS,
		.instance_id = kt_guid(5, 9),
	};
	struct vmbc_sim_device closed = {
		.class_id = IC_SHUTDOWN_CLASS,
		.instance_id = kt_guid(5, 8),
	};
	u32 relid, other_relid, closed_relid;

	ic_shutdown_start(test, sim, 3, &relid, NULL);
	kt_offer_dev(test, sim, &other, &other_relid);
	kt_offer_dev(test, sim, &closed, &closed_relid);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, vmbc_sim_shutdown_guest(sim, relid, 0x8),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vmbc_sim_shutdown_guest(sim, relid,
						      VMBC_SIM_SHUTDOWN_REBOOT |
						      VMBC_SIM_SHUTDOWN_HIBERNATE),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vmbc_sim_shutdown_guest(sim, 2000, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, vmbc_sim_shutdown_guest(sim, other_relid, 0),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, vmbc_sim_shutdown_guest(sim, closed_relid, 0),
			-ENOTCONN);
	IC_EXPECT_COUNTS(test, sim, relid, 1, 1, 0);
}

struct ic_bad_case {
	const char *name;
	enum ic_fault fault;
	u16 type;
	bool consumed;	/* the request counts as answered (badly) */
};

static const struct ic_bad_case ic_shutdown_bad_cases[] = {
	{ "wrong transaction id", IC_FAULT_TXN, ICMSGTYPE_SHUTDOWN, false },
	{ "no response flag", IC_FAULT_NO_RESPONSE, ICMSGTYPE_SHUTDOWN, false },
	{ "header not echoed", IC_FAULT_HEADER, ICMSGTYPE_SHUTDOWN, false },
	{ "completion requested", IC_FAULT_COMPLETION, ICMSGTYPE_SHUTDOWN,
	  false },
	{ "pipe header not echoed", IC_FAULT_PIPE, ICMSGTYPE_SHUTDOWN, false },
	{ "wrong size", IC_FAULT_SHORT, ICMSGTYPE_SHUTDOWN, true },
	{ "flags not echoed", IC_FAULT_ECHO, ICMSGTYPE_SHUTDOWN, true },
	{ "unknown status", IC_FAULT_STATUS, ICMSGTYPE_SHUTDOWN, true },
	{ "wrong version", IC_FAULT_VERSION, ICMSGTYPE_NEGOTIATE, false },
	{ "short NEGOTIATE", IC_FAULT_SHORT, ICMSGTYPE_NEGOTIATE, false },
};

static void ic_bad_desc(const struct ic_bad_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(ic_shutdown_bad, ic_shutdown_bad_cases, ic_bad_desc);

static const struct ic_bad_case *ic_bad;

static void ic_set_fault(struct ic_drv *d)
{
	d->fault = ic_bad->fault;
	d->fault_type = ic_bad->type;
}

/*
 * One bad answer, counted once. An answer whose headers are wrong is no
 * answer: the request still waits; one whose message is wrong ends it.
 * A bad NEGOTIATE answer leaves the channel unnegotiated.
 */
static void ic_shutdown_bad_answers(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_ic_state st;
	bool nego = false;
	struct ic_drv *d;
	u32 relid;

	ic_bad = test->param_value;
	nego = ic_bad->type == ICMSGTYPE_NEGOTIATE;
	d = ic_shutdown_start(test, sim, 4, &relid, ic_set_fault);
	vmbc_sim_flush(sim);
	if (nego) {
		st = ic_state(test, sim, relid);
		KUNIT_EXPECT_FALSE(test, st.negotiated);
		KUNIT_EXPECT_TRUE(test, st.pending);
		KUNIT_EXPECT_FALSE(test, st.pending_unread);
		KUNIT_EXPECT_EQ(test, vmbc_sim_shutdown_guest(sim, relid, 0),
				-EBUSY);
		IC_EXPECT_COUNTS(test, sim, relid, 1, 0, 1);
		return;
	}
	KUNIT_ASSERT_EQ(test, vmbc_sim_shutdown_guest(sim, relid, 0), 0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, d->replies, 2);
	IC_EXPECT_COUNTS(test, sim, relid, 2, 1, 1);
	st = ic_state(test, sim, relid);
	KUNIT_EXPECT_EQ(test, st.pending, !ic_bad->consumed);
	/* the host goes on: another request once the first is over */
	KUNIT_EXPECT_EQ(test, vmbc_sim_shutdown_guest(sim, relid, 0),
			ic_bad->consumed ? 0 : -EBUSY);
}

/* ------------------------------------------------------------------ */
/* Time sync                                                           */

static struct ic_drv *ic_timesync_start(struct kunit *test,
					struct vmbc_sim *sim, u16 n,
					u32 *relid,
					void (*setup)(struct ic_drv *d))
{
	return ic_start(test, sim, IC_TIMESYNC_CLASS, n, ic_take_timesync,
			ic_ts_versions, ARRAY_SIZE(ic_ts_versions), relid,
			setup);
}

/* The host's time as a sample carries it, and a bound around it. */
static u64 ic_windows_now(void)
{
	return div_u64(ktime_get_real_ns(), 100) + WLTIMEDELTA;
}

#define IC_TIME_SLACK	(60ULL * 10000000)	/* a minute, 100 ns units */

/*
 * Where the guest's reference counter does not run (UML, QEMU: every
 * KUnit kernel), NEGOTIATE only, never a sample: a guest's hv_utils would
 * date it with that counter.
 */
static void ic_timesync_samples_off_by_default(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_ic_state st;
	struct ic_drv *d;
	u32 relid;

	d = ic_timesync_start(test, sim, 1, &relid, NULL);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, d->srv_version, VER(4, 0));
	st = ic_state(test, sim, relid);
	KUNIT_EXPECT_TRUE(test, st.negotiated);
	KUNIT_EXPECT_EQ(test, st.service, (u32)VER(4, 0));
	KUNIT_EXPECT_FALSE(test, st.pending);
	KUNIT_EXPECT_EQ(test, vmbc_sim_timesync_sample(sim, relid,
						       ICTIMESYNCFLAG_SAMPLE),
			-EPERM);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, d->samples, 0);
	IC_EXPECT_COUNTS(test, sim, relid, 1, 1, 0);
}

/*
 * Samples on (for this driver, which reads no reference counter): a SYNC
 * right after NEGOTIATE in the version 4 layout, then what is asked;
 * off again, none.
 */
static void ic_timesync_samples_when_enabled(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	u64 before, after;
	struct ic_drv *d;
	u32 relid;

	/* an hour between periodic samples: none comes during the test */
	vmbc_sim_timesync_set_samples(sim, 3600 * 1000);
	before = ic_windows_now();
	d = ic_timesync_start(test, sim, 2, &relid, NULL);
	vmbc_sim_flush(sim);
	after = ic_windows_now();
	KUNIT_EXPECT_EQ(test, d->samples, 1);
	KUNIT_EXPECT_EQ(test, d->sample_flags, ICTIMESYNCFLAG_SYNC);
	KUNIT_EXPECT_GE(test, d->parenttime, before);
	KUNIT_EXPECT_LE(test, d->parenttime, after);
	IC_EXPECT_COUNTS(test, sim, relid, 2, 2, 0);

	KUNIT_EXPECT_EQ(test, vmbc_sim_timesync_sample(sim, relid,
						       ICTIMESYNCFLAG_SAMPLE),
			0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, d->samples, 2);
	KUNIT_EXPECT_EQ(test, d->sample_flags, ICTIMESYNCFLAG_SAMPLE);
	KUNIT_EXPECT_EQ(test, vmbc_sim_timesync_sample(sim, relid, 0x4),
			-EINVAL);
	IC_EXPECT_COUNTS(test, sim, relid, 3, 3, 0);

	vmbc_sim_timesync_set_samples(sim, 0);
	KUNIT_EXPECT_EQ(test, vmbc_sim_timesync_sample(sim, relid,
						       ICTIMESYNCFLAG_SYNC),
			-EPERM);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, d->samples, 2);
}

static void ic_timesync_v3(struct ic_drv *d)
{
	d->srv = ic_ts3_versions;
	d->nr_srv = ARRAY_SIZE(ic_ts3_versions);
}

/*
 * A guest of version 3 gets the older layout; samples turned on after
 * NEGOTIATE start with a SYNC at once.
 */
static void ic_timesync_version_3_layout(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_ic_state st;
	struct ic_drv *d;
	u32 relid;

	d = ic_timesync_start(test, sim, 3, &relid, ic_timesync_v3);
	vmbc_sim_flush(sim);
	st = ic_state(test, sim, relid);
	KUNIT_EXPECT_EQ(test, st.service, (u32)VER(3, 0));
	KUNIT_EXPECT_EQ(test, d->samples, 0);
	vmbc_sim_timesync_set_samples(sim, 3600 * 1000);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, d->samples, 1);
	KUNIT_EXPECT_EQ(test, d->sample_flags, ICTIMESYNCFLAG_SYNC);
	KUNIT_EXPECT_LE(test, ic_windows_now() - d->parenttime, IC_TIME_SLACK);
	IC_EXPECT_COUNTS(test, sim, relid, 2, 2, 0);
}

static void ic_timesync_samples_on(struct ic_drv *d)
{
	ic_set_fault(d);
}

static const struct ic_bad_case ic_timesync_bad_cases[] = {
	{ "wrong transaction id", IC_FAULT_TXN, ICMSGTYPE_TIMESYNC, false },
	{ "sample not echoed", IC_FAULT_ECHO, ICMSGTYPE_TIMESYNC, true },
	{ "wrong size", IC_FAULT_SHORT, ICMSGTYPE_TIMESYNC, true },
	{ "status not HV_S_OK", IC_FAULT_STATUS, ICMSGTYPE_TIMESYNC, false },
	{ "wrong version", IC_FAULT_VERSION, ICMSGTYPE_NEGOTIATE, false },
};

KUNIT_ARRAY_PARAM(ic_timesync_bad, ic_timesync_bad_cases, ic_bad_desc);

/* One bad answer to a sample (or to NEGOTIATE), counted once. */
static void ic_timesync_bad_answers(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_ic_state st;
	u32 relid;

	ic_bad = test->param_value;
	vmbc_sim_timesync_set_samples(sim, 3600 * 1000);
	ic_timesync_start(test, sim, 4, &relid, ic_timesync_samples_on);
	vmbc_sim_flush(sim);
	st = ic_state(test, sim, relid);
	if (ic_bad->type == ICMSGTYPE_NEGOTIATE) {
		KUNIT_EXPECT_FALSE(test, st.negotiated);
		IC_EXPECT_COUNTS(test, sim, relid, 1, 0, 1);
		return;
	}
	/* NEGOTIATE taken, the SYNC after it answered badly */
	IC_EXPECT_COUNTS(test, sim, relid, 2, 1, 1);
	KUNIT_EXPECT_EQ(test, st.pending, !ic_bad->consumed);
	KUNIT_EXPECT_EQ(test, vmbc_sim_timesync_sample(sim, relid,
						       ICTIMESYNCFLAG_SAMPLE),
			ic_bad->consumed ? 0 : -EBUSY);
}

/* ------------------------------------------------------------------ */
/* KVP                                                                 */

static void ic_kvp_no_daemon(struct ic_drv *d)
{
	d->kvp = true;
}

static void ic_kvp_with_daemon(struct ic_drv *d)
{
	d->kvp = true;
	d->daemon = true;
	ic_set_fault(d);
}

static struct ic_drv *ic_kvp_start(struct kunit *test, struct vmbc_sim *sim,
				   u16 n, u32 *relid,
				   void (*setup)(struct ic_drv *d))
{
	return ic_start(test, sim, IC_KVP_CLASS, n, ic_take_kvp,
			ic_kvp_versions, ARRAY_SIZE(ic_kvp_versions), relid,
			setup);
}

static const struct ic_bad_case ic_kvp_good = { "none", IC_FAULT_NONE, 0 };

/*
 * Without its daemon hv_kvp never reads NEGOTIATE: the host sees it in
 * the guest's ring, unread, and can ask nothing. The daemon registers:
 * hv_kvp polls its channel, reads NEGOTIATE and answers; queries follow.
 */
static void ic_kvp_without_daemon_stops_at_negotiate(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_kvp_result *res;
	struct vmbc_sim_ic_state st;
	struct ic_drv *d;
	u32 relid;

	res = kunit_kzalloc(test, sizeof(*res), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, res);
	d = ic_kvp_start(test, sim, 1, &relid, ic_kvp_no_daemon);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_GT(test, d->callbacks, 0);
	KUNIT_EXPECT_EQ(test, d->replies, 0);
	st = ic_state(test, sim, relid);
	KUNIT_EXPECT_FALSE(test, st.negotiated);
	KUNIT_EXPECT_TRUE(test, st.pending);
	KUNIT_EXPECT_EQ(test, st.pending_type, ICMSGTYPE_NEGOTIATE);
	KUNIT_EXPECT_TRUE(test, st.pending_unread);
	KUNIT_EXPECT_EQ(test, vmbc_sim_kvp_enumerate(sim, relid,
						     KVP_POOL_AUTO, 0),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, vmbc_sim_kvp_result(sim, relid, res), -ENODATA);
	IC_EXPECT_COUNTS(test, sim, relid, 1, 0, 0);

	/* hv_poll_channel() once the daemon is there */
	d->daemon = true;
	tasklet_schedule(&d->channel->callback_event);
	vmbc_sim_flush(sim);
	st = ic_state(test, sim, relid);
	KUNIT_EXPECT_TRUE(test, st.negotiated);
	KUNIT_EXPECT_EQ(test, st.service, (u32)VER(4, 0));
	KUNIT_EXPECT_FALSE(test, st.pending);
	IC_EXPECT_COUNTS(test, sim, relid, 1, 1, 0);

	KUNIT_ASSERT_EQ(test, vmbc_sim_kvp_enumerate(sim, relid,
						     KVP_POOL_AUTO, 0), 0);
	vmbc_sim_flush(sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_kvp_result(sim, relid, res), 0);
	KUNIT_EXPECT_EQ(test, res->status, (u32)HV_S_OK);
	KUNIT_EXPECT_EQ(test, res->pool, KVP_POOL_AUTO);
	KUNIT_EXPECT_EQ(test, res->index, 0);
	KUNIT_EXPECT_STREQ(test, res->key, "FullyQualifiedDomainName");
	KUNIT_EXPECT_STREQ(test, res->value, "kt-guest.example");

	KUNIT_ASSERT_EQ(test, vmbc_sim_kvp_enumerate(sim, relid,
						     KVP_POOL_AUTO, 1), 0);
	vmbc_sim_flush(sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_kvp_result(sim, relid, res), 0);
	KUNIT_EXPECT_STREQ(test, res->key, "IntegrationServicesVersion");
	KUNIT_EXPECT_STREQ(test, res->value, "6.12");

	/* the end of the pool */
	KUNIT_ASSERT_EQ(test, vmbc_sim_kvp_enumerate(sim, relid,
						     KVP_POOL_AUTO, 2), 0);
	vmbc_sim_flush(sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_kvp_result(sim, relid, res), 0);
	KUNIT_EXPECT_EQ(test, res->status, (u32)HV_S_CONT);
	KUNIT_EXPECT_EQ(test, res->index, 2);
	KUNIT_EXPECT_STREQ(test, res->key, "");
	KUNIT_EXPECT_EQ(test, vmbc_sim_kvp_enumerate(sim, relid,
						     KVP_POOL_COUNT, 0),
			-EINVAL);
	IC_EXPECT_COUNTS(test, sim, relid, 4, 4, 0);
}

static void ic_kvp_daemon_times_out(struct ic_drv *d)
{
	ic_kvp_with_daemon(d);
	d->daemon_times_out = true;
}

/* A daemon that does not answer: hv_kvp answers HV_E_FAIL for it. */
static void ic_kvp_daemon_timeout_is_an_answer(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_kvp_result *res;
	u32 relid;

	res = kunit_kzalloc(test, sizeof(*res), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, res);
	ic_bad = &ic_kvp_good;
	ic_kvp_start(test, sim, 2, &relid, ic_kvp_daemon_times_out);
	vmbc_sim_flush(sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_kvp_enumerate(sim, relid,
						     KVP_POOL_GUEST, 7), 0);
	vmbc_sim_flush(sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_kvp_result(sim, relid, res), 0);
	KUNIT_EXPECT_EQ(test, res->status, (u32)HV_E_FAIL);
	KUNIT_EXPECT_EQ(test, res->pool, KVP_POOL_GUEST);
	KUNIT_EXPECT_EQ(test, res->index, 7);
	IC_EXPECT_COUNTS(test, sim, relid, 2, 2, 0);
}

/* U+00E9 U+1F600 (a surrogate pair) U+4E2D, then the NUL. */
static const u16 ic_unicode_key[] = { 0x00e9, 0xd83d, 0xde00, 0x4e2d, 0 };

static void ic_kvp_unicode(struct ic_drv *d)
{
	ic_kvp_with_daemon(d);
	d->unicode_key = ic_unicode_key;
}

/* A key beyond ASCII arrives as UTF-8, surrogate pair and all. */
static void ic_kvp_key_in_utf16(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_kvp_result *res;
	u32 relid;

	res = kunit_kzalloc(test, sizeof(*res), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, res);
	ic_bad = &ic_kvp_good;
	ic_kvp_start(test, sim, 3, &relid, ic_kvp_unicode);
	vmbc_sim_flush(sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_kvp_enumerate(sim, relid,
						     KVP_POOL_AUTO, 0), 0);
	vmbc_sim_flush(sim);
	KUNIT_ASSERT_EQ(test, vmbc_sim_kvp_result(sim, relid, res), 0);
	KUNIT_EXPECT_STREQ(test, res->key,
			   "\xc3\xa9\xf0\x9f\x98\x80\xe4\xb8\xad");
	IC_EXPECT_COUNTS(test, sim, relid, 2, 2, 0);
}

static const struct ic_bad_case ic_kvp_bad_cases[] = {
	{ "wrong transaction id", IC_FAULT_TXN, ICMSGTYPE_KVPEXCHANGE, false },
	{ "wrong size", IC_FAULT_SHORT, ICMSGTYPE_KVPEXCHANGE, true },
	{ "another index", IC_FAULT_ECHO, ICMSGTYPE_KVPEXCHANGE, true },
	{ "value not a string", IC_FAULT_KVP_TYPE, ICMSGTYPE_KVPEXCHANGE,
	  true },
	{ "key without its NUL", IC_FAULT_KVP_NUL, ICMSGTYPE_KVPEXCHANGE,
	  true },
	{ "unknown status", IC_FAULT_STATUS, ICMSGTYPE_KVPEXCHANGE, true },
	{ "wrong version", IC_FAULT_VERSION, ICMSGTYPE_NEGOTIATE, false },
};

KUNIT_ARRAY_PARAM(ic_kvp_bad, ic_kvp_bad_cases, ic_bad_desc);

/* One bad answer to a query (or NEGOTIATE): counted once, no result. */
static void ic_kvp_bad_answers(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_kvp_result *res;
	struct vmbc_sim_ic_state st;
	u32 relid;

	res = kunit_kzalloc(test, sizeof(*res), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, res);
	ic_bad = test->param_value;
	ic_kvp_start(test, sim, 4, &relid, ic_kvp_with_daemon);
	vmbc_sim_flush(sim);
	if (ic_bad->type == ICMSGTYPE_NEGOTIATE) {
		st = ic_state(test, sim, relid);
		KUNIT_EXPECT_FALSE(test, st.negotiated);
		KUNIT_EXPECT_FALSE(test, st.pending_unread);
		IC_EXPECT_COUNTS(test, sim, relid, 1, 0, 1);
		return;
	}
	KUNIT_ASSERT_EQ(test, vmbc_sim_kvp_enumerate(sim, relid,
						     KVP_POOL_AUTO, 0), 0);
	vmbc_sim_flush(sim);
	IC_EXPECT_COUNTS(test, sim, relid, 2, 1, 1);
	KUNIT_EXPECT_EQ(test, vmbc_sim_kvp_result(sim, relid, res), -ENODATA);
	st = ic_state(test, sim, relid);
	KUNIT_EXPECT_EQ(test, st.pending, !ic_bad->consumed);
}

/* ------------------------------------------------------------------ */
/* The synthetic keyboard, as hyperv-keyboard drives it                */

#define KBD_PROTOCOL_REQUEST	1
#define KBD_PROTOCOL_RESPONSE	2
#define KBD_EVENT		3
#define KBD_LED_INDICATORS	4
#define KBD_ACCEPTED		BIT(0)
#define KBD_VERSION		VER(1, 0)

/* The driver's own view of the protocol's messages. */
struct kbd_request {
	u32 type;
	u32 version;
} __packed;

struct kbd_response {
	u32 type;
	u32 status;
} __packed;

struct kbd_keystroke {
	u32 type;
	u16 make_code;
	u16 reserved0;
	u32 info;
} __packed;

struct kbd_drv {
	struct vmbus_channel *channel;
	struct kbd_request req;
	struct kbd_response resp;
	struct completion wait_event;
	/* the bytes the serio port got, as an i8042 would have sent them */
	u8 bytes[32];
	int nbytes;
	int errors;
};

static void kbd_receive(struct kbd_drv *kb, const u8 *msg, u32 len)
{
	struct kbd_keystroke ks;
	u32 type;
	u8 code;

	memcpy(&type, msg, sizeof(type));
	switch (type) {
	case KBD_PROTOCOL_RESPONSE:
		if (len < sizeof(kb->resp)) {
			kb->errors++;
			break;
		}
		memcpy(&kb->resp, msg, sizeof(kb->resp));
		complete(&kb->wait_event);
		break;
	case KBD_EVENT:
		if (len < sizeof(ks)) {
			kb->errors++;
			break;
		}
		memcpy(&ks, msg, sizeof(ks));
		if (kb->nbytes + 2 > ARRAY_SIZE(kb->bytes))
			break;
		if (ks.info & VMBC_SIM_KBD_E0)
			kb->bytes[kb->nbytes++] = 0xe0;
		if (ks.info & VMBC_SIM_KBD_E1)
			kb->bytes[kb->nbytes++] = 0xe1;
		code = ks.make_code;
		if (ks.info & VMBC_SIM_KBD_BREAK)
			code |= 0x80;
		kb->bytes[kb->nbytes++] = code;
		break;
	default:
		kb->errors++;
		break;
	}
}

static void kbd_callback(void *context)
{
	struct kbd_drv *kb = context;
	struct vmpacket_descriptor *desc;
	u32 len;

	for (desc = hv_pkt_iter_first(kb->channel); desc;
	     desc = hv_pkt_iter_next(kb->channel, desc)) {
		switch (desc->type) {
		case VM_PKT_COMP:
			break;
		case VM_PKT_DATA_INBAND:
			len = desc->len8 * 8 - desc->offset8 * 8;
			if (len <= sizeof(u32)) {
				kb->errors++;
				break;
			}
			kbd_receive(kb, hv_pkt_data(desc), len);
			break;
		default:
			kb->errors++;
			break;
		}
	}
}

static struct kbd_drv *kbd_start(struct kunit *test, struct vmbc_sim *sim,
				 u16 n, u32 *relid)
{
	struct vmbc_sim_device dev = {
		.class_id = IC_KBD_CLASS,
		.instance_id = kt_guid(6, n),
	};
	struct kbd_drv *kb = kunit_kzalloc(test, sizeof(*kb), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, kb);
	init_completion(&kb->wait_event);
	kb->channel = kt_offer_dev(test, sim, &dev, relid);
	KUNIT_ASSERT_EQ(test, vmbus_open(kb->channel, KBD_RING_SIZE,
					 KBD_RING_SIZE, NULL, 0, kbd_callback,
					 kb), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, kt_close_action,
							kb->channel), 0);
	return kb;
}

/* hv_kbd_connect_to_vsp(), with @len bytes of @type and @version. */
static void kbd_connect(struct kunit *test, struct vmbc_sim *sim,
			struct kbd_drv *kb, u32 type, u32 version, u32 len)
{
	u8 buf[16] = {};

	reinit_completion(&kb->wait_event);
	kb->req.type = type;
	kb->req.version = version;
	memcpy(buf, &kb->req, sizeof(kb->req));
	KUNIT_ASSERT_EQ(test, vmbus_sendpacket(kb->channel, buf, len,
					       (unsigned long)&kb->req,
					       VM_PKT_DATA_INBAND,
					       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED),
			0);
	vmbc_sim_flush(sim);
}

/*
 * The protocol request is accepted; keys go down and up as scan codes,
 * prefixes and break bit as the guest's serio port expects them.
 */
static void ic_keyboard_protocol_and_keys(struct kunit *test)
{
	static const u8 typed[] = { 0x1e, 0x9e, 0xe0, 0x48, 0xe0, 0xc8 };
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct kbd_drv *kb;
	u32 relid;

	kb = kbd_start(test, sim, 1, &relid);
	vmbc_sim_flush(sim);
	/* the host waits for the guest to speak first */
	IC_EXPECT_COUNTS(test, sim, relid, 0, 0, 0);
	KUNIT_EXPECT_EQ(test, vmbc_sim_keyboard_press(sim, relid, 0x1e, 0),
			-ENOTCONN);
	kbd_connect(test, sim, kb, KBD_PROTOCOL_REQUEST, KBD_VERSION,
		    sizeof(kb->req));
	KUNIT_ASSERT_TRUE(test, completion_done(&kb->wait_event));
	KUNIT_EXPECT_EQ(test, kb->resp.type, KBD_PROTOCOL_RESPONSE);
	KUNIT_EXPECT_TRUE(test, kb->resp.status & KBD_ACCEPTED);

	/* "a" down and up, then the E0-prefixed up arrow down and up */
	KUNIT_EXPECT_EQ(test, vmbc_sim_keyboard_press(sim, relid, 0x1e, 0), 0);
	KUNIT_EXPECT_EQ(test, vmbc_sim_keyboard_press(sim, relid, 0x1e,
						      VMBC_SIM_KBD_BREAK), 0);
	KUNIT_EXPECT_EQ(test, vmbc_sim_keyboard_press(sim, relid, 0x48,
						      VMBC_SIM_KBD_E0), 0);
	KUNIT_EXPECT_EQ(test, vmbc_sim_keyboard_press(sim, relid, 0x48,
						      VMBC_SIM_KBD_E0 |
						      VMBC_SIM_KBD_BREAK), 0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, kb->nbytes, (int)sizeof(typed));
	KUNIT_EXPECT_MEMEQ(test, kb->bytes, typed, sizeof(typed));
	KUNIT_EXPECT_EQ(test, kb->errors, 0);
	IC_EXPECT_COUNTS(test, sim, relid, 4, 1, 0);
}

/* What keystrokes the API refuses. */
static void ic_keyboard_api_refusals(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_device other = {
		.class_id = IC_SHUTDOWN_CLASS,
		.instance_id = kt_guid(6, 9),
	};
	struct kbd_drv *kb;
	u32 relid, other_relid;

	kb = kbd_start(test, sim, 2, &relid);
	kt_offer_dev(test, sim, &other, &other_relid);
	kbd_connect(test, sim, kb, KBD_PROTOCOL_REQUEST, KBD_VERSION,
		    sizeof(kb->req));
	KUNIT_EXPECT_EQ(test, vmbc_sim_keyboard_press(sim, relid, 0, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vmbc_sim_keyboard_press(sim, relid, 0x9e, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vmbc_sim_keyboard_press(sim, relid, 0x1e, 0x10),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vmbc_sim_keyboard_press(sim, relid, 0x1d,
						      VMBC_SIM_KBD_E0 |
						      VMBC_SIM_KBD_E1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vmbc_sim_keyboard_press(sim, 2000, 0x1e, 0),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, vmbc_sim_keyboard_press(sim, other_relid, 0x1e,
						      0),
			-ENODEV);
	/* a UTF-16 unit goes as it is */
	KUNIT_EXPECT_EQ(test, vmbc_sim_keyboard_press(sim, relid, 0x20ac,
						      VMBC_SIM_KBD_UNICODE),
			0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, kb->nbytes, 1);
	IC_EXPECT_COUNTS(test, sim, relid, 1, 1, 0);
}

/* Requests the host refuses: each counted once; the host goes on. */
static void ic_keyboard_bad_requests(struct kunit *test)
{
	struct vmbc_sim_config cfg = {};
	struct vmbc_sim *sim = kt_sim_start(test, &cfg);
	struct vmbc_sim_channel_stats st;
	struct kbd_drv *kb;
	u32 relid;

	kb = kbd_start(test, sim, 3, &relid);
	vmbc_sim_flush(sim);

	/* wrong version: answered, not accepted; no keys then */
	kbd_connect(test, sim, kb, KBD_PROTOCOL_REQUEST, VER(2, 0),
		    sizeof(kb->req));
	KUNIT_ASSERT_TRUE(test, completion_done(&kb->wait_event));
	KUNIT_EXPECT_FALSE(test, kb->resp.status & KBD_ACCEPTED);
	KUNIT_EXPECT_EQ(test, vmbc_sim_keyboard_press(sim, relid, 0x1e, 0),
			-ENOTCONN);
	IC_EXPECT_COUNTS(test, sim, relid, 0, 0, 1);

	/* wrong size: no answer at all */
	kbd_connect(test, sim, kb, KBD_PROTOCOL_REQUEST, KBD_VERSION, 12);
	KUNIT_EXPECT_FALSE(test, completion_done(&kb->wait_event));
	IC_EXPECT_COUNTS(test, sim, relid, 0, 0, 2);

	/* a message only the host sends */
	kbd_connect(test, sim, kb, KBD_EVENT, 0, sizeof(kb->req));
	KUNIT_EXPECT_FALSE(test, completion_done(&kb->wait_event));
	IC_EXPECT_COUNTS(test, sim, relid, 0, 0, 3);

	/* LED indicators: not played, dropped, no error */
	kbd_connect(test, sim, kb, KBD_LED_INDICATORS, 0, sizeof(kb->req));
	IC_EXPECT_COUNTS(test, sim, relid, 0, 0, 3);
	KUNIT_ASSERT_EQ(test, vmbc_sim_channel_stats(sim, relid, &st), 0);
	KUNIT_EXPECT_EQ(test, st.dropped, 1);

	/* and a right request is still accepted */
	kbd_connect(test, sim, kb, KBD_PROTOCOL_REQUEST, KBD_VERSION,
		    sizeof(kb->req));
	KUNIT_ASSERT_TRUE(test, completion_done(&kb->wait_event));
	KUNIT_EXPECT_TRUE(test, kb->resp.status & KBD_ACCEPTED);
	KUNIT_EXPECT_EQ(test, vmbc_sim_keyboard_press(sim, relid, 0x1c, 0), 0);
	vmbc_sim_flush(sim);
	KUNIT_EXPECT_EQ(test, kb->nbytes, 1);
	IC_EXPECT_COUNTS(test, sim, relid, 1, 1, 3);
}

/* ------------------------------------------------------------------ */

static struct kunit_case ic_shutdown_cases[] = {
	KUNIT_CASE(ic_shutdown_negotiates_then_waits),
	KUNIT_CASE(ic_shutdown_requests_are_answered),
	KUNIT_CASE(ic_shutdown_api_refusals),
	KUNIT_CASE_PARAM(ic_shutdown_bad_answers, ic_shutdown_bad_gen_params),
	{}
};

static struct kunit_suite ic_shutdown_suite = {
	.name = "vmbc_ic_shutdown",
	.test_cases = ic_shutdown_cases,
};

static struct kunit_case ic_timesync_cases[] = {
	KUNIT_CASE(ic_timesync_samples_off_by_default),
	KUNIT_CASE(ic_timesync_samples_when_enabled),
	KUNIT_CASE(ic_timesync_version_3_layout),
	KUNIT_CASE_PARAM(ic_timesync_bad_answers, ic_timesync_bad_gen_params),
	{}
};

static struct kunit_suite ic_timesync_suite = {
	.name = "vmbc_ic_timesync",
	.test_cases = ic_timesync_cases,
};

static struct kunit_case ic_kvp_cases[] = {
	KUNIT_CASE(ic_kvp_without_daemon_stops_at_negotiate),
	KUNIT_CASE(ic_kvp_daemon_timeout_is_an_answer),
	KUNIT_CASE(ic_kvp_key_in_utf16),
	KUNIT_CASE_PARAM(ic_kvp_bad_answers, ic_kvp_bad_gen_params),
	{}
};

static struct kunit_suite ic_kvp_suite = {
	.name = "vmbc_ic_kvp",
	.test_cases = ic_kvp_cases,
};

static struct kunit_case ic_keyboard_cases[] = {
	KUNIT_CASE(ic_keyboard_protocol_and_keys),
	KUNIT_CASE(ic_keyboard_api_refusals),
	KUNIT_CASE(ic_keyboard_bad_requests),
	{}
};

/* Not an Integration Service, but a model of the same kind: the same file. */
static struct kunit_suite ic_keyboard_suite = {
	.name = "vmbc_ic_keyboard",
	.test_cases = ic_keyboard_cases,
};

kunit_test_suites(&ic_shutdown_suite, &ic_timesync_suite, &ic_kvp_suite,
		  &ic_keyboard_suite);
