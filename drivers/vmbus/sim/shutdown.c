// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim shutdown device model: the host side of the shutdown
 * Integration Service.
 *
 * NEGOTIATE goes out the moment the guest opens the channel; then nothing,
 * until the host is told to ask the guest to shut down, reboot or
 * hibernate (vmbc_sim_shutdown_guest(), or the host's debugfs "shutdown"
 * file). The request is a whole struct shutdown_msg_data: a guest may
 * ignore a shorter one (Linux's hv_utils does, without an answer). The
 * guest answers with the request echoed, status HV_S_OK when it will do
 * it or HV_E_FAIL when it will not (Linux refuses hibernation it cannot
 * do and flags it does not know); anything else is a bad answer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "models.h"

/* What hv_utils speaks: framework 3.0 and 1.0, shutdown 3.2 down to 1.0. */
static const struct vmbc_sim_ic_versions vmbc_sim_shutdown_versions = {
	.framework = { { 3, 0 }, { 1, 0 } },
	.nr_framework = 2,
	.service = { { 3, 2 }, { 3, 1 }, { 3, 0 }, { 1, 0 } },
	.nr_service = 4,
	.msgtype = ICMSGTYPE_SHUTDOWN,
	.any_status = true,
};

#define VMBC_SIM_SHUTDOWN_FLAGS	(VMBC_SIM_SHUTDOWN_FORCE | \
				 VMBC_SIM_SHUTDOWN_REBOOT | \
				 VMBC_SIM_SHUTDOWN_HIBERNATE)

/**
 * struct vmbc_sim_shutdown - the host's end of one shutdown channel
 * @ic: the IC framework's state.
 * @flags: the flags of the request in flight, or of the last one.
 * @sent: a request went out since the device was added.
 * @msg: the request, built here: a shutdown_msg_data is too big for the
 *	stack.
 */
struct vmbc_sim_shutdown {
	struct vmbc_sim_ic ic;
	u32 flags;
	bool sent;
	struct shutdown_msg_data msg;
};

/* The fields before the message the guest must echo. */
struct vmbc_sim_shutdown_echo {
	u32 reason_code;
	u32 timeout_seconds;
	u32 flags;
} __packed;
static_assert(sizeof(struct vmbc_sim_shutdown_echo) ==
	      offsetof(struct shutdown_msg_data, display_message));

static void vmbc_sim_shutdown_init(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_shutdown *sd = vmbc_sim_model_priv(dev);

	vmbc_sim_ic_init(&sd->ic, dev, &vmbc_sim_shutdown_versions);
}

static void vmbc_sim_shutdown_opened(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_shutdown *sd = vmbc_sim_model_priv(dev);

	vmbc_sim_ic_opened(&sd->ic);
}

/* What is wrong with the answer to the request in @sd->flags; or NULL. */
static const char *vmbc_sim_shutdown_check(struct vmbc_sim_shutdown *sd,
					   const struct vmbc_sim_shutdown_echo *a)
{
	if (sd->ic.answer_size < sizeof(sd->msg))
		return "shutdown answer shorter than the request";
	if (a->flags != sd->flags)
		return "shutdown answer with other flags than the request's";
	if (sd->ic.status != HV_S_OK && sd->ic.status != HV_E_FAIL)
		return "shutdown answer neither HV_S_OK nor HV_E_FAIL";
	return NULL;
}

static int vmbc_sim_shutdown_packet(struct vmbc_sim_dev *dev,
				    const struct vmbc_ring_pkt *pkt,
				    bool *signal)
{
	struct vmbc_sim_shutdown *sd = vmbc_sim_model_priv(dev);
	struct vmbc_sim_shutdown_echo a;

	if (vmbc_sim_ic_answer(&sd->ic, pkt, &a, sizeof(a)) ==
	    ICMSGTYPE_SHUTDOWN)
		vmbc_sim_ic_judge(&sd->ic, vmbc_sim_shutdown_check(sd, &a));
	return 0;
}

/* Send the request. Context: the host's mutex held. */
static int vmbc_sim_shutdown_send(struct vmbc_sim_dev *dev, u32 flags)
{
	struct vmbc_sim_shutdown *sd = vmbc_sim_model_priv(dev);
	int ret;

	ret = vmbc_sim_ic_ready(&sd->ic);
	if (ret)
		return ret;
	memset(&sd->msg, 0, sizeof(sd->msg));
	sd->msg.flags = flags;
	ret = vmbc_sim_ic_request(&sd->ic, ICMSGTYPE_SHUTDOWN, &sd->msg,
				  sizeof(sd->msg));
	if (ret)
		return ret;
	sd->flags = flags;
	sd->sent = true;
	return 0;
}

/**
 * vmbc_sim_shutdown_guest() - send a shutdown device's guest a request
 * @sim: the host.
 * @relid: a shutdown device.
 * @flags: 0 to shut down, VMBC_SIM_SHUTDOWN_REBOOT or _HIBERNATE, each
 *	optionally with VMBC_SIM_SHUTDOWN_FORCE.
 *
 * Context: process context.
 * Return: 0 when the request went out; -EINVAL for bad @flags; -ENOENT,
 * -ENODEV (not a shutdown device); -ENOTCONN while the channel is closed
 * or not negotiated; -EBUSY while a request awaits its answer; -EAGAIN
 * when the guest's inbound ring is full.
 */
int vmbc_sim_shutdown_guest(struct vmbc_sim *sim, u32 relid, u32 flags)
{
	struct vmbc_sim_dev *dev;
	int ret;

	/* reboot and hibernate at once: no guest knows what that means */
	if (flags & ~VMBC_SIM_SHUTDOWN_FLAGS ||
	    (flags & VMBC_SIM_SHUTDOWN_REBOOT &&
	     flags & VMBC_SIM_SHUTDOWN_HIBERNATE))
		return -EINVAL;
	mutex_lock(&sim->mutex);
	dev = vmbc_sim_model_dev(sim, relid, &vmbc_sim_shutdown_model);
	ret = IS_ERR(dev) ? PTR_ERR(dev) : vmbc_sim_shutdown_send(dev, flags);
	mutex_unlock(&sim->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_sim_shutdown_guest);

/* ---------------------------------------------------------------- */
/* debugfs: <host>/shutdown                                          */

static void vmbc_sim_shutdown_flags_show(struct seq_file *s, u32 flags)
{
	if (flags & VMBC_SIM_SHUTDOWN_REBOOT)
		seq_puts(s, "reboot");
	else if (flags & VMBC_SIM_SHUTDOWN_HIBERNATE)
		seq_puts(s, "hibernate");
	else
		seq_puts(s, "shutdown");
	if (flags & VMBC_SIM_SHUTDOWN_FORCE)
		seq_puts(s, " force");
}

static int vmbc_sim_shutdown_show(struct seq_file *s, void *unused)
{
	struct vmbc_sim *sim = s->private;
	struct vmbc_sim_shutdown *sd;
	struct vmbc_sim_dev *dev;
	unsigned long relid;

	mutex_lock(&sim->mutex);
	xa_for_each(&sim->devs, relid, dev) {
		if (dev->model != &vmbc_sim_shutdown_model)
			continue;
		sd = vmbc_sim_model_priv(dev);
		seq_printf(s, "%lu ", relid);
		vmbc_sim_ic_show(&sd->ic, s);
		if (sd->sent) {
			seq_puts(s, "; last request: ");
			vmbc_sim_shutdown_flags_show(s, sd->flags);
			if (sd->ic.pending &&
			    sd->ic.pending_type == ICMSGTYPE_SHUTDOWN)
				seq_puts(s, ", not answered");
			else if (sd->ic.status == HV_S_OK)
				seq_puts(s, ", answered HV_S_OK");
			else if (sd->ic.status == HV_E_FAIL)
				seq_puts(s, ", answered HV_E_FAIL (refused)");
			else
				seq_printf(s, ", answered status %#x (bad)",
					   sd->ic.status);
		}
		seq_putc(s, '\n');
	}
	mutex_unlock(&sim->mutex);
	return 0;
}

/* "RELID [shutdown|reboot|hibernate] [force]", in any order. */
static int vmbc_sim_shutdown_parse(int argc, char **argv, u32 *relid,
				   u32 *flags)
{
	bool what = false;
	int i;

	*flags = 0;
	if (argc < 1 || argc > 3 || kstrtou32(argv[0], 0, relid) ||
	    !*relid || *relid > VMBUS_MAX_RELID)
		return -EINVAL;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "force") &&
		    !(*flags & VMBC_SIM_SHUTDOWN_FORCE)) {
			*flags |= VMBC_SIM_SHUTDOWN_FORCE;
			continue;
		}
		if (what)
			return -EINVAL;
		what = true;
		if (!strcmp(argv[i], "reboot"))
			*flags |= VMBC_SIM_SHUTDOWN_REBOOT;
		else if (!strcmp(argv[i], "hibernate"))
			*flags |= VMBC_SIM_SHUTDOWN_HIBERNATE;
		else if (strcmp(argv[i], "shutdown"))
			return -EINVAL;
	}
	return 0;
}

static int vmbc_sim_shutdown_words(struct vmbc_sim *sim, int argc,
				   char **argv)
{
	u32 relid, flags;
	int ret;

	ret = vmbc_sim_shutdown_parse(argc, argv, &relid, &flags);
	return ret ?: vmbc_sim_shutdown_guest(sim, relid, flags);
}

static const struct vmbc_sim_cmd_file vmbc_sim_shutdown_file = {
	.name = "shutdown",
	.show = vmbc_sim_shutdown_show,
	.apply = vmbc_sim_shutdown_words,
	.usage =
		"\"RELID [shutdown|reboot|hibernate] [force]\", RELID 1-2047",
};

const struct vmbc_sim_model vmbc_sim_shutdown_model = {
	.name = "shutdown",
	.class_id = GUID_INIT(0x0e0b6031, 0x5213, 0x4934, 0x81, 0x8b, 0x38,
			      0xd9, 0x0c, 0xed, 0x39, 0xdb),
	.priv_size = sizeof(struct vmbc_sim_shutdown),
	.init = vmbc_sim_shutdown_init,
	.opened = vmbc_sim_shutdown_opened,
	.packet = vmbc_sim_shutdown_packet,
	.file = &vmbc_sim_shutdown_file,
	.ic = true,
};
