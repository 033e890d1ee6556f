// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim synthetic keyboard device model: the host side of Hyper-V's
 * synthetic keyboard, which is no Integration Service but a protocol of
 * its own, every message an inband packet starting with its type.
 *
 * Once the guest has opened the channel it sends a protocol request with
 * the version it speaks; the host accepts version 1.0, the only one,
 * answering with a protocol response (an inband packet, which is where
 * Linux's hyperv-keyboard looks for it). From then on the host sends
 * keystrokes (vmbc_sim_keyboard_press(), or the host's debugfs "keys"
 * file): one event per key going down or up, a scan code set 1 make code
 * and flags saying break, E0 or E1 prefix, or a UTF-16 unit instead.
 *
 * The channel's counters: requests are the keystrokes sent, answers the
 * protocol requests accepted, bad_answers the guest's packets refused
 * (malformed, or a version the host does not speak, which it answers
 * "not accepted"), dropped the LED indicator messages, which the host
 * does not play.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uio.h>

#include "host_ring.h"
#include "models.h"

/*
 * The protocol's messages. Only the host's: no other file of vmbc speaks
 * it (the guest's driver has its own), so they live here rather than in
 * <vmbc/protocol.h>. Every field is little-endian.
 */
#define SYNTH_KBD_VERSION		VMBUS_MAKE_VERSION(1, 0)

#define SYNTH_KBD_PROTOCOL_REQUEST	1	/* guest to host */
#define SYNTH_KBD_PROTOCOL_RESPONSE	2	/* host to guest */
#define SYNTH_KBD_EVENT			3	/* host to guest */
#define SYNTH_KBD_LED_INDICATORS	4	/* guest to host */

/* synth_kbd_protocol_response.proto_status */
#define PROTOCOL_ACCEPTED		BIT(0)

/**
 * struct synth_kbd_msg_hdr - the start of every message
 * @type: SYNTH_KBD_*.
 */
struct synth_kbd_msg_hdr {
	u32 type;
} __packed;

/**
 * struct synth_kbd_protocol_request - the guest's first message
 * @header: SYNTH_KBD_PROTOCOL_REQUEST.
 * @version_requested: major << 16 | minor.
 */
struct synth_kbd_protocol_request {
	struct synth_kbd_msg_hdr header;
	u32 version_requested;
} __packed;

/**
 * struct synth_kbd_protocol_response - the host's answer to it
 * @header: SYNTH_KBD_PROTOCOL_RESPONSE.
 * @proto_status: PROTOCOL_ACCEPTED, or 0.
 */
struct synth_kbd_protocol_response {
	struct synth_kbd_msg_hdr header;
	u32 proto_status;
} __packed;

/**
 * struct synth_kbd_keystroke - one key going down or up
 * @header: SYNTH_KBD_EVENT.
 * @make_code: the scan code set 1 make code, or a UTF-16 unit.
 * @reserved0: zero.
 * @info: VMBC_SIM_KBD_* (the same bits).
 */
struct synth_kbd_keystroke {
	struct synth_kbd_msg_hdr header;
	u16 make_code;
	u16 reserved0;
	u32 info;
} __packed;

static_assert(sizeof(struct synth_kbd_protocol_request) == 8);
static_assert(sizeof(struct synth_kbd_protocol_response) == 8);
static_assert(sizeof(struct synth_kbd_keystroke) == 12);

#define VMBC_SIM_KBD_FLAGS	(VMBC_SIM_KBD_UNICODE | VMBC_SIM_KBD_BREAK | \
				 VMBC_SIM_KBD_E0 | VMBC_SIM_KBD_E1)

/* Keystrokes one debugfs write may carry (prefixes not counted). */
#define VMBC_SIM_KBD_MAX_KEYS	64

/**
 * struct vmbc_sim_keyboard - the host's end of one keyboard channel
 * @dev: the device.
 * @accepted: the host accepted a protocol request since the channel
 *	opened: keystrokes may go.
 */
struct vmbc_sim_keyboard {
	struct vmbc_sim_dev *dev;
	bool accepted;
};

static void vmbc_sim_keyboard_init(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_keyboard *kb = vmbc_sim_model_priv(dev);

	kb->dev = dev;
}

static void vmbc_sim_keyboard_reset(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_keyboard *kb = vmbc_sim_model_priv(dev);

	/* a new open starts with a new protocol request */
	kb->accepted = false;
}

/* An inband packet of @len bytes at @msg, no completion asked. */
static int vmbc_sim_keyboard_send(struct vmbc_sim_dev *dev, const void *msg,
				  u32 len, u64 trans_id, bool *signal)
{
	struct vmpacket_descriptor d = {
		.type = VM_PKT_DATA_INBAND,
		.offset8 = sizeof(d) / 8,
		.len8 = ALIGN(sizeof(d) + len, 8) / 8,
		.trans_id = trans_id,
	};
	struct kvec kv[2] = {
		{ .iov_base = &d, .iov_len = sizeof(d) },
		{ .iov_base = (void *)msg, .iov_len = len },
	};

	return vmbc_sim_chan_send(&dev->chan, kv, ARRAY_SIZE(kv), signal);
}

static void vmbc_sim_keyboard_bad(struct vmbc_sim_dev *dev, const char *why)
{
	dev->chan.bad_answers++;
	vmbc_sim_protocol_error(dev->chan.sim, "relid %u: keyboard: %s",
				dev->cfg.relid, why);
}

/* Answer a protocol request (a private copy of it). */
static int vmbc_sim_keyboard_protocol(struct vmbc_sim_dev *dev,
				      const struct vmbc_ring_pkt *pkt,
				      const struct synth_kbd_protocol_request *req,
				      bool *signal)
{
	struct vmbc_sim_keyboard *kb = vmbc_sim_model_priv(dev);
	bool ok = req->version_requested == SYNTH_KBD_VERSION;
	struct synth_kbd_protocol_response resp = {
		.header.type = SYNTH_KBD_PROTOCOL_RESPONSE,
		.proto_status = ok ? PROTOCOL_ACCEPTED : 0,
	};
	int ret;

	ret = vmbc_sim_keyboard_send(dev, &resp, sizeof(resp),
				     pkt->desc.trans_id, signal);
	if (ret == -EAGAIN || ret == -EIO)
		return ret;	/* the request stays until there is room */
	if (ret) {
		dev->chan.dropped++;
		pr_warn_ratelimited("%s: relid %u: keyboard: protocol response dropped: %pe\n",
				    dev->chan.sim->name, dev->cfg.relid, ERR_PTR(ret));
		return 0;
	}
	/* a refused request ends what an earlier one started */
	kb->accepted = ok;
	if (!ok) {
		vmbc_sim_keyboard_bad(dev, "protocol version other than 1.0 (refused)");
		return 0;
	}
	dev->chan.answers++;
	return 0;
}

static int vmbc_sim_keyboard_packet(struct vmbc_sim_dev *dev,
				    const struct vmbc_ring_pkt *pkt,
				    bool *signal)
{
	struct synth_kbd_protocol_request m = {};
	u32 len = pkt->datalen;

	if (pkt->desc.type != VM_PKT_DATA_INBAND) {
		vmbc_sim_keyboard_bad(dev, "not an inband packet");
		return 0;
	}
	if (len < sizeof(m.header)) {
		vmbc_sim_keyboard_bad(dev, "shorter than a message header");
		return 0;
	}
	/* one read of the guest's bytes; everything below looks at @m */
	memcpy(&m, pkt->data, min_t(u32, len, sizeof(m)));
	switch (m.header.type) {
	case SYNTH_KBD_PROTOCOL_REQUEST:
		/* the payload counts its padding: 8 bytes, none */
		if (len != sizeof(m)) {
			vmbc_sim_keyboard_bad(dev, "protocol request of another size than 8 bytes");
			return 0;
		}
		return vmbc_sim_keyboard_protocol(dev, pkt, &m, signal);
	case SYNTH_KBD_LED_INDICATORS:
		/* the guest may say so; this host has no LEDs to light */
		dev->chan.dropped++;
		return 0;
	default:
		vmbc_sim_keyboard_bad(dev, "message of a type the guest does not send");
		return 0;
	}
}

/* One keystroke; the interrupt is the caller's. Host mutex held. */
static int vmbc_sim_keyboard_key(struct vmbc_sim_dev *dev, u16 make_code,
				 u32 flags, bool *signal)
{
	struct synth_kbd_keystroke ks = {
		.header.type = SYNTH_KBD_EVENT,
		.make_code = make_code,
		.info = flags,
	};
	int ret;

	ret = vmbc_sim_keyboard_send(dev, &ks, sizeof(ks), 0, signal);
	if (ret == -EAGAIN)
		/* no retry on the guest's signal: the caller sends again */
		vmbc_ring_cancel_space(&dev->chan.tx);
	if (!ret)
		dev->chan.requests++;
	return ret;
}

static bool vmbc_sim_keyboard_key_ok(u16 make_code, u32 flags)
{
	if (flags & ~VMBC_SIM_KBD_FLAGS ||
	    (flags & VMBC_SIM_KBD_E0 && flags & VMBC_SIM_KBD_E1))
		return false;
	/* a make code: bit 7 is the guest's to set for a break */
	return flags & VMBC_SIM_KBD_UNICODE || (make_code && make_code < 0x80);
}

/* Keystrokes @codes[@n] with @flags[@n] to the keyboard at @relid. */
static int vmbc_sim_keyboard_keys(struct vmbc_sim *sim, u32 relid,
				  const u16 *codes, const u32 *flags,
				  unsigned int n)
{
	struct vmbc_sim_keyboard *kb;
	struct vmbc_sim_dev *dev;
	bool signal = false;
	unsigned int i;
	int ret = 0;

	mutex_lock(&sim->mutex);
	dev = vmbc_sim_model_dev(sim, relid, &vmbc_sim_keyboard_model);
	if (IS_ERR(dev)) {
		ret = PTR_ERR(dev);
		goto out;
	}
	kb = vmbc_sim_model_priv(dev);
	if (!dev->chan.open || sim->dead || !kb->accepted) {
		ret = -ENOTCONN;
		goto out;
	}
	for (i = 0; i < n && !ret; i++)
		ret = vmbc_sim_keyboard_key(dev, codes[i], flags[i], &signal);
	if (signal)
		vmbc_sim_chan_interrupt(sim, dev);
out:
	mutex_unlock(&sim->mutex);
	return ret;
}

/**
 * vmbc_sim_keyboard_press() - send a keystroke to a keyboard's guest
 * @sim: the host.
 * @relid: a synthetic keyboard device.
 * @make_code: a scan code set 1 make code (1 to 0x7f), or a UTF-16 unit
 *	with VMBC_SIM_KBD_UNICODE.
 * @flags: VMBC_SIM_KBD_*.
 *
 * Context: process context.
 * Return: 0 when the event went out; -EINVAL for a bad code or flags;
 * -ENOENT, -ENODEV (not a keyboard); -ENOTCONN while the channel is
 * closed or no protocol request was accepted; -EAGAIN when the guest's
 * inbound ring is full.
 */
int vmbc_sim_keyboard_press(struct vmbc_sim *sim, u32 relid, u16 make_code,
			    u32 flags)
{
	if (!vmbc_sim_keyboard_key_ok(make_code, flags))
		return -EINVAL;
	return vmbc_sim_keyboard_keys(sim, relid, &make_code, &flags, 1);
}
EXPORT_SYMBOL_GPL(vmbc_sim_keyboard_press);

/* ---------------------------------------------------------------- */
/* debugfs: <host>/keys                                              */

static int vmbc_sim_keyboard_show(struct seq_file *s, void *unused)
{
	struct vmbc_sim *sim = s->private;
	struct vmbc_sim_keyboard *kb;
	struct vmbc_sim_dev *dev;
	unsigned long relid;

	mutex_lock(&sim->mutex);
	xa_for_each(&sim->devs, relid, dev) {
		if (dev->model != &vmbc_sim_keyboard_model)
			continue;
		kb = vmbc_sim_model_priv(dev);
		seq_printf(s, "%lu %s keystrokes %llu\n", relid,
			   !dev->chan.open ? "closed" :
			   kb->accepted ? "accepted" : "waiting for the protocol request",
			   dev->chan.requests);
	}
	mutex_unlock(&sim->mutex);
	return 0;
}

/*
 * "RELID CODE...": the bytes a PC keyboard would send in scan code set
 * 1, in hex: a make code (01-7f) for a key going down, the same with bit
 * 7 set (81-ff) for it going up, each optionally preceded by its prefix
 * e0 or e1. All are checked before any is sent.
 */
static int vmbc_sim_keyboard_parse(int argc, char **argv, u32 *relid,
				   u16 *codes, u32 *flags, unsigned int *n)
{
	u32 prefix = 0;
	int i;
	u8 b;

	*n = 0;
	if (argc < 2 || kstrtou32(argv[0], 0, relid) || !*relid ||
	    *relid > VMBUS_MAX_RELID)
		return -EINVAL;
	for (i = 1; i < argc; i++) {
		if (strlen(argv[i]) != 2 || kstrtou8(argv[i], 16, &b))
			return -EINVAL;
		if (b == 0xe0 || b == 0xe1) {
			if (prefix)
				return -EINVAL;
			prefix = b == 0xe0 ? VMBC_SIM_KBD_E0 : VMBC_SIM_KBD_E1;
			continue;
		}
		if (!(b & 0x7f) || *n == VMBC_SIM_KBD_MAX_KEYS)
			return -EINVAL;
		codes[*n] = b & 0x7f;
		flags[*n] = prefix | (b & 0x80 ? VMBC_SIM_KBD_BREAK : 0);
		(*n)++;
		prefix = 0;
	}
	return prefix || !*n ? -EINVAL : 0;
}

static int vmbc_sim_keyboard_words(struct vmbc_sim *sim, int argc,
				   char **argv)
{
	u16 codes[VMBC_SIM_KBD_MAX_KEYS];
	u32 flags[VMBC_SIM_KBD_MAX_KEYS];
	unsigned int n;
	u32 relid;
	int ret;

	ret = vmbc_sim_keyboard_parse(argc, argv, &relid, codes, flags, &n);
	return ret ?: vmbc_sim_keyboard_keys(sim, relid, codes, flags, n);
}

static const struct vmbc_sim_cmd_file vmbc_sim_keyboard_file = {
	.name = "keys",
	.show = vmbc_sim_keyboard_show,
	.apply = vmbc_sim_keyboard_words,
	.usage =
		"\"RELID CODE...\": RELID 1-2047, at most 64 scan codes of set 1 in hex, 01-7f down, 81-ff up, each after an optional e0 or e1 prefix",
};

const struct vmbc_sim_model vmbc_sim_keyboard_model = {
	.name = "keyboard",
	.class_id = GUID_INIT(0xf912ad6d, 0x2b17, 0x48ea, 0xbd, 0x65, 0xf9,
			      0x27, 0xa6, 0x1c, 0x76, 0x84),
	.priv_size = sizeof(struct vmbc_sim_keyboard),
	.init = vmbc_sim_keyboard_init,
	.opened = vmbc_sim_keyboard_reset,
	.packet = vmbc_sim_keyboard_packet,
	.closed = vmbc_sim_keyboard_reset,
	.file = &vmbc_sim_keyboard_file,
};
