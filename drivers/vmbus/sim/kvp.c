// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim KVP device model: the host side of the key-value pair exchange
 * Integration Service, as far as the host reads the guest's pools.
 *
 * NEGOTIATE goes out the moment the guest opens the channel. Then, on
 * request (vmbc_sim_kvp_enumerate(), or the host's debugfs "kvp_query"
 * file), a KVP_OP_ENUMERATE of one pool at one index: the guest answers
 * with the request echoed and, with HV_S_OK, the key at that index and
 * its value, UTF-16 strings with their NUL (value type REG_SZ); with
 * HV_S_CONT when the pool has no key there; with HV_E_FAIL when it
 * failed. The host keeps the last answer, decoded to UTF-8.
 *
 * A Linux guest without its KVP daemon (hv_kvp_daemon) stops before all
 * that: until the daemon registers, hv_kvp's channel callback returns
 * without reading the ring, so NEGOTIATE stays in the guest's inbound
 * ring, unread and unanswered, and no query can follow (one request is
 * in flight at a time). The host shows exactly that ("NEGOTIATE sent,
 * unread by the guest"): it sees that the guest's read index has not
 * moved. Once the daemon registers, the guest reads and answers it. A
 * daemon that registered but does not answer a query gets the guest to
 * answer HV_E_FAIL after hv_kvp's timeout.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/string.h>

#include "models.h"

/* What hv_kvp speaks: framework 3.0 and 1.0, KVP 4.0, 3.0 and 1.0. */
static const struct vmbc_sim_ic_versions vmbc_sim_kvp_versions = {
	.framework = { { 3, 0 }, { 1, 0 } },
	.nr_framework = 2,
	.service = { { 4, 0 }, { 3, 0 }, { 1, 0 } },
	.nr_service = 3,
	.msgtype = ICMSGTYPE_KVPEXCHANGE,
	.any_status = true,
};

/**
 * struct vmbc_sim_kvp_msg - a KVP_OP_ENUMERATE exchange as it travels
 * @kvp_hdr: operation and pool.
 * @kvp_enum_data: the index, and the guest's key and value.
 */
struct vmbc_sim_kvp_msg {
	struct hv_kvp_hdr kvp_hdr;
	struct hv_kvp_msg_enumerate kvp_enum_data;
} __packed;

/**
 * struct vmbc_sim_kvp - the host's end of one KVP channel
 * @ic: the IC framework's state.
 * @pool: the pool of the query in flight.
 * @index: its index.
 * @has_result: the last answer to a query was right: @result has it.
 * @result: that answer.
 * @msg: the query as sent, then the answer as copied out of the ring:
 *	too big for the stack.
 */
struct vmbc_sim_kvp {
	struct vmbc_sim_ic ic;
	u8 pool;
	u32 index;
	bool has_result;
	struct vmbc_sim_kvp_result result;
	struct vmbc_sim_kvp_msg msg;
};

static const char * const vmbc_sim_kvp_pools[KVP_POOL_COUNT] = {
	[KVP_POOL_EXTERNAL] = "external",
	[KVP_POOL_GUEST] = "guest",
	[KVP_POOL_AUTO] = "auto",
	[KVP_POOL_AUTO_EXTERNAL] = "auto_external",
	[KVP_POOL_AUTO_INTERNAL] = "auto_internal",
};

static void vmbc_sim_kvp_init(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_kvp *kvp = vmbc_sim_model_priv(dev);

	vmbc_sim_ic_init(&kvp->ic, dev, &vmbc_sim_kvp_versions);
}

static void vmbc_sim_kvp_opened(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_kvp *kvp = vmbc_sim_model_priv(dev);

	vmbc_sim_ic_opened(&kvp->ic);
}

/* One code point as UTF-8 at @out; the bytes written. */
static unsigned int vmbc_sim_kvp_put_utf8(char *out, u32 c)
{
	if (c < 0x80) {
		out[0] = c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = 0xc0 | (c >> 6);
		out[1] = 0x80 | (c & 0x3f);
		return 2;
	}
	if (c < 0x10000) {
		out[0] = 0xe0 | (c >> 12);
		out[1] = 0x80 | ((c >> 6) & 0x3f);
		out[2] = 0x80 | (c & 0x3f);
		return 3;
	}
	out[0] = 0xf0 | (c >> 18);
	out[1] = 0x80 | ((c >> 12) & 0x3f);
	out[2] = 0x80 | ((c >> 6) & 0x3f);
	out[3] = 0x80 | (c & 0x3f);
	return 4;
}

/* The @i-th UTF-16LE unit at @in, wherever the bytes are aligned. */
static u32 vmbc_sim_kvp_unit(const u8 *in, u32 i)
{
	return in[2 * i] | in[2 * i + 1] << 8;
}

/*
 * @size bytes of UTF-16LE at @in, which must end with its NUL and have no
 * other, as UTF-8 with a NUL at @out: at most 3 bytes a UTF-16 unit but
 * the NUL, then the NUL. Return: false if it is not such a string.
 */
static bool vmbc_sim_kvp_utf16(const u8 *in, u32 size, char *out)
{
	u32 units = size / 2, i, c, lo;

	if (!units || size % 2 || vmbc_sim_kvp_unit(in, units - 1))
		return false;
	for (i = 0; i + 1 < units; i++) {
		c = vmbc_sim_kvp_unit(in, i);
		if (!c || (c >= 0xdc00 && c < 0xe000))
			return false;
		if (c >= 0xd800 && c < 0xdc00) {
			/* a high surrogate: its low one must follow */
			if (i + 2 >= units)
				return false;
			lo = vmbc_sim_kvp_unit(in, i + 1);
			if (lo < 0xdc00 || lo >= 0xe000)
				return false;
			c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
			i++;
		}
		out += vmbc_sim_kvp_put_utf8(out, c);
	}
	*out = '\0';
	return true;
}

/*
 * What is wrong with the answer to the query in flight (in @kvp->msg);
 * or NULL, with @kvp->result filled in (which is left half written
 * otherwise: the caller forgets it then).
 */
static const char *vmbc_sim_kvp_check(struct vmbc_sim_kvp *kvp)
{
	const struct vmbc_sim_kvp_msg *a = &kvp->msg;
	const struct hv_kvp_exchg_msg_value *d = &a->kvp_enum_data.data;
	struct vmbc_sim_kvp_result *r = &kvp->result;
	u32 status = kvp->ic.status;

	if (kvp->ic.answer_size < sizeof(*a))
		return "KVP answer shorter than the query";
	if (a->kvp_hdr.operation != KVP_OP_ENUMERATE ||
	    a->kvp_hdr.pool != kvp->pool ||
	    a->kvp_enum_data.index != kvp->index)
		return "KVP answer for another operation, pool or index";
	if (status != HV_S_OK && status != HV_S_CONT && status != HV_E_FAIL)
		return "KVP answer neither HV_S_OK, HV_S_CONT nor HV_E_FAIL";
	r->pool = kvp->pool;
	r->index = kvp->index;
	r->status = status;
	r->key[0] = '\0';
	r->value[0] = '\0';
	if (status != HV_S_OK)
		return NULL;	/* the key and value are the query's, unread */
	if (d->value_type != REG_SZ)
		return "KVP value not a string (REG_SZ)";
	if (d->key_size > sizeof(d->key) || d->value_size > sizeof(d->value))
		return "KVP key or value size beyond its field";
	if (!vmbc_sim_kvp_utf16(d->key, d->key_size, r->key) ||
	    !vmbc_sim_kvp_utf16(d->value, d->value_size, r->value))
		return "KVP key or value not one NUL-terminated UTF-16 string";
	return NULL;
}

static int vmbc_sim_kvp_packet(struct vmbc_sim_dev *dev,
			       const struct vmbc_ring_pkt *pkt, bool *signal)
{
	struct vmbc_sim_kvp *kvp = vmbc_sim_model_priv(dev);
	const char *why;

	if (vmbc_sim_ic_answer(&kvp->ic, pkt, &kvp->msg, sizeof(kvp->msg)) !=
	    ICMSGTYPE_KVPEXCHANGE)
		return 0;
	why = vmbc_sim_kvp_check(kvp);
	kvp->has_result = !why;
	vmbc_sim_ic_judge(&kvp->ic, why);
	return 0;
}

/**
 * vmbc_sim_kvp_enumerate() - ask a KVP device's guest for a pool's key
 * @sim: the host.
 * @relid: a KVP device.
 * @pool: the pool, below KVP_POOL_COUNT.
 * @index: the index of the key in the pool.
 *
 * Context: process context.
 * Return: 0 when the query went out; -EINVAL for a bad @pool; -ENOENT,
 * -ENODEV, -ENOTCONN, -EBUSY, -EAGAIN as for vmbc_sim_shutdown_guest().
 */
int vmbc_sim_kvp_enumerate(struct vmbc_sim *sim, u32 relid, u8 pool,
			   u32 index)
{
	struct vmbc_sim_kvp *kvp;
	struct vmbc_sim_dev *dev;
	int ret;

	if (pool >= KVP_POOL_COUNT)
		return -EINVAL;
	mutex_lock(&sim->mutex);
	dev = vmbc_sim_model_dev(sim, relid, &vmbc_sim_kvp_model);
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
		goto out;
	}
	kvp = vmbc_sim_model_priv(dev);
	ret = vmbc_sim_ic_ready(&kvp->ic);
	if (ret)
		goto out;
	memset(&kvp->msg, 0, sizeof(kvp->msg));
	kvp->msg.kvp_hdr.operation = KVP_OP_ENUMERATE;
	kvp->msg.kvp_hdr.pool = pool;
	kvp->msg.kvp_enum_data.index = index;
	ret = vmbc_sim_ic_request(&kvp->ic, ICMSGTYPE_KVPEXCHANGE, &kvp->msg,
				  sizeof(kvp->msg));
	if (!ret) {
		kvp->pool = pool;
		kvp->index = index;
	}
out:
	mutex_unlock(&sim->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_sim_kvp_enumerate);

/**
 * vmbc_sim_kvp_result() - the guest's answer to the last KVP query
 * @sim: the host.
 * @relid: a KVP device.
 * @res: filled in.
 *
 * Context: process context.
 * Return: 0; -ENODATA while no query was answered, or when the last
 * answer was a bad one; -ENOENT, -ENODEV.
 */
int vmbc_sim_kvp_result(struct vmbc_sim *sim, u32 relid,
			struct vmbc_sim_kvp_result *res)
{
	struct vmbc_sim_kvp *kvp;
	struct vmbc_sim_dev *dev;
	int ret = 0;

	mutex_lock(&sim->mutex);
	dev = vmbc_sim_model_dev(sim, relid, &vmbc_sim_kvp_model);
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
	} else {
		kvp = vmbc_sim_model_priv(dev);
		if (kvp->has_result)
			*res = kvp->result;
		else
			ret = -ENODATA;
	}
	mutex_unlock(&sim->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_sim_kvp_result);

/* ---------------------------------------------------------------- */
/* debugfs: <host>/kvp_query                                         */

static const char *vmbc_sim_kvp_status_name(u32 status)
{
	switch (status) {
	case HV_S_OK:
		return "HV_S_OK";
	case HV_S_CONT:
		return "HV_S_CONT (no key at this index)";
	default:
		return "HV_E_FAIL (the guest failed)";
	}
}

static int vmbc_sim_kvp_show(struct seq_file *s, void *unused)
{
	struct vmbc_sim *sim = s->private;
	struct vmbc_sim_kvp_result *r;
	struct vmbc_sim_kvp *kvp;
	struct vmbc_sim_dev *dev;
	unsigned long relid;

	mutex_lock(&sim->mutex);
	xa_for_each(&sim->devs, relid, dev) {
		if (dev->model != &vmbc_sim_kvp_model)
			continue;
		kvp = vmbc_sim_model_priv(dev);
		r = &kvp->result;
		seq_printf(s, "%lu ", relid);
		vmbc_sim_ic_show(&kvp->ic, s);
		if (kvp->ic.pending &&
		    kvp->ic.pending_type == ICMSGTYPE_KVPEXCHANGE)
			seq_printf(s, " (pool %s index %u)",
				   vmbc_sim_kvp_pools[kvp->pool], kvp->index);
		else if (vmbc_sim_ic_unread(&kvp->ic) &&
			 kvp->ic.pending_type == ICMSGTYPE_NEGOTIATE)
			seq_puts(s, " (where a Linux guest without hv_kvp_daemon stops)");
		if (kvp->has_result) {
			seq_printf(s, "; last answer: pool %s index %u %s",
				   vmbc_sim_kvp_pools[r->pool], r->index,
				   vmbc_sim_kvp_status_name(r->status));
			if (r->status == HV_S_OK)
				seq_printf(s, " key \"%s\" value \"%s\"", r->key,
					   r->value);
		}
		seq_putc(s, '\n');
	}
	mutex_unlock(&sim->mutex);
	return 0;
}

/* "RELID POOL INDEX", POOL a number or a name. */
static int vmbc_sim_kvp_parse(int argc, char **argv, u32 *relid, u8 *pool,
			      u32 *index)
{
	int i;

	if (argc != 3 || kstrtou32(argv[0], 0, relid) || !*relid ||
	    *relid > VMBUS_MAX_RELID || kstrtou32(argv[2], 0, index))
		return -EINVAL;
	if (!kstrtou8(argv[1], 0, pool))
		return *pool < KVP_POOL_COUNT ? 0 : -EINVAL;
	i = match_string(vmbc_sim_kvp_pools, KVP_POOL_COUNT, argv[1]);
	if (i < 0)
		return -EINVAL;
	*pool = i;
	return 0;
}

static int vmbc_sim_kvp_words(struct vmbc_sim *sim, int argc, char **argv)
{
	u32 relid, index;
	u8 pool;
	int ret;

	ret = vmbc_sim_kvp_parse(argc, argv, &relid, &pool, &index);
	return ret ?: vmbc_sim_kvp_enumerate(sim, relid, pool, index);
}

static const struct vmbc_sim_cmd_file vmbc_sim_kvp_file = {
	.name = "kvp_query",
	.show = vmbc_sim_kvp_show,
	.apply = vmbc_sim_kvp_words,
	.usage =
		"\"RELID POOL INDEX\": RELID 1-2047, POOL 0-4 or external, guest, auto, auto_external, auto_internal",
};

const struct vmbc_sim_model vmbc_sim_kvp_model = {
	.name = "kvp",
	.class_id = GUID_INIT(0xa9a0f4e7, 0x5a45, 0x4d96, 0xb8, 0x27, 0x8a,
			      0x84, 0x1e, 0x8c, 0x03, 0xe6),
	.priv_size = sizeof(struct vmbc_sim_kvp),
	.init = vmbc_sim_kvp_init,
	.opened = vmbc_sim_kvp_opened,
	.packet = vmbc_sim_kvp_packet,
	.file = &vmbc_sim_kvp_file,
	.ic = true,
};
