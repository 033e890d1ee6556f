// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim synthetic SCSI controller: the host side of Hyper-V's storage
 * protocol (<vmbc/storvsp.h>), which Linux's hv_storvsc speaks, over one
 * RAM-backed logical unit (scsi_disk.c) at path 0, target 0, LUN 0.
 *
 * The guest opens the primary channel and initialises: BEGIN_INITIALIZATION,
 * QUERY_PROTOCOL_VERSION until the host accepts one (6.2, 6.0 or 5.1),
 * QUERY_PROPERTIES (the sub-channels the host allows, the largest
 * transfer), END_INITIALIZATION; then, when the host allows sub-channels,
 * CREATE_SUB_CHANNELS, which the host answers and then offers them. From
 * then on each channel carries SCSI requests (EXECUTE_SRB), their data in
 * the guest's pages named by a GPA-direct packet of one range; every
 * request is answered with a completion (COMPLETE_IO) carrying the SCSI
 * status, sense data and the bytes moved. A request to any other path,
 * target or LUN finds no unit: SRB_STATUS_INVALID_LUN (INQUIRY answered
 * with "no device here", REPORT LUNS with an empty list).
 *
 * Every request is copied out of the ring once and checked: its size,
 * its place in the initialisation, the SRB's length and CDB length, that
 * its data buffer is one range of guest memory at least as long as the
 * request says and goes the way the request says. What is wrong is
 * counted (the channel's bad_packets, a protocol error) and answered with
 * a failure: the host never acts on it.
 *
 * Taking the controller away while the guest uses it (struct
 * vmbc_sim_model's @quiesce): the unit goes first, as when a disk is
 * removed from a running VM: the host tells the guest (REMOVE_DEVICE),
 * answers every later request to it with SRB_STATUS_INVALID_LUN (the guest
 * fails its I/O and removes the disk), and the host rescinds the
 * controller once the guest is quiet.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <scsi/scsi_proto.h>

#include <vmbc/storvsp.h>

#include "host_ring.h"
#include "models.h"
#include "scsi_disk.h"
#include "vsp.h"

/* The unit's size until told otherwise: 64 MiB. */
#define VMBC_SIM_DISK_SIZE		(64ULL << 20)
/* The most bytes one request moves: 512 KiB, 128 pages. */
#define VMBC_SIM_DISK_MAX_TRANSFER	(512 * 1024)
/* Sub-channels the host allows until told otherwise. */
#define VMBC_SIM_DISK_SUBCHANNELS	8
/* The most it may be told to allow. */
#define VMBC_SIM_DISK_MAX_SUBCHANNELS	63

static const u16 vmbc_sim_vstor_versions[] = {
	VMBC_VSTOR_VERSION_WIN10,
	VMBC_VSTOR_VERSION_WIN8_1,
	VMBC_VSTOR_VERSION_WIN8,
};

/**
 * struct vmbc_sim_disk - the host's end of one controller
 * @dev: its primary channel's device (each sub-channel has a struct of
 *	its own, unused: they serve the primary's unit).
 * @lun: the unit.
 * @lun_present: the unit is there (not removed).
 * @begun: the guest sent BEGIN_INITIALIZATION since it opened the channel.
 * @version: the protocol version the host accepted, 0 before.
 * @ready: the guest ended the initialisation: SCSI requests may come.
 * @subchannels: sub-channels the host allows (QUERY_PROPERTIES).
 * @srbs: SCSI requests answered.
 * @no_lun: of them, those to a unit that is not there.
 *
 * Under the host's mutex.
 */
struct vmbc_sim_disk {
	struct vmbc_sim_dev *dev;
	struct vmbc_sim_lun lun;
	bool lun_present;
	bool begun;
	u16 version;
	bool ready;
	u16 subchannels;
	u64 srbs;
	u64 no_lun;
};

static void vmbc_sim_disk_init(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_disk *disk = vmbc_sim_model_priv(dev);

	disk->dev = dev;
	disk->lun_present = true;
	disk->subchannels = VMBC_SIM_DISK_SUBCHANNELS;
	vmbc_sim_lun_init(&disk->lun, &dev->cfg.instance_id,
			  VMBC_SIM_DISK_SIZE, VMBC_SIM_DISK_MAX_TRANSFER);
}

static void vmbc_sim_disk_release(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_disk *disk = vmbc_sim_model_priv(dev);

	vmbc_sim_lun_free(&disk->lun);
}

/* A new open starts a new initialisation. */
static void vmbc_sim_disk_opened(struct vmbc_sim_dev *dev)
{
	struct vmbc_sim_disk *disk = vmbc_sim_model_priv(dev);

	if (dev->cfg.sub_channel_index)
		return;
	disk->begun = false;
	disk->version = 0;
	disk->ready = false;
}

static bool vmbc_sim_vstor_version_ok(u16 version)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmbc_sim_vstor_versions); i++)
		if (vmbc_sim_vstor_versions[i] == version)
			return true;
	return false;
}

/* Sub-channels of @disk's controller offered now. */
static u32 vmbc_sim_disk_subchannels(struct vmbc_sim_disk *disk)
{
	return vmbc_sim_subchannels_offered(disk->dev->chan.sim, disk->dev);
}

/* ------------------------------------------------------------------ */
/* SCSI requests                                                       */

/* What is wrong with the SRB @srb of a packet carrying @b, or NULL. */
static const char *vmbc_sim_srb_check(const struct vmbc_vmscsi_request *srb,
				      const struct vmbc_sim_gbuf *b)
{
	if (srb->length != sizeof(*srb))
		return "SRB length not 52";
	if (!srb->cdb_length || srb->cdb_length > VMBC_VSTOR_CDB_MAX)
		return "CDB length not 1 to 16";
	if (srb->data_in > VMBC_VSTOR_UNKNOWN_TYPE)
		return "unknown data direction";
	if (!b)
		return srb->data_transfer_length ?
		       "a data length without a data buffer" : NULL;
	if (srb->data_in == VMBC_VSTOR_UNKNOWN_TYPE)
		return "a data buffer without a direction";
	if (!srb->data_transfer_length || srb->data_transfer_length > b->len)
		return "data length not within the data buffer";
	return NULL;
}

/*
 * EXECUTE_SRB: run the command on the unit it names and fill in @out,
 * the answer's SRB (the request's, echoed). A malformed request is
 * refused with SRB_STATUS_INVALID_REQUEST.
 */
static void vmbc_sim_disk_srb(struct vmbc_sim_disk *disk,
			      struct vmbc_sim_dev *dev,
			      const struct vmbc_ring_pkt *pkt,
			      const struct vmbc_vmscsi_request *srb,
			      struct vmbc_vmscsi_request *out)
{
	struct vmbc_sim_scsi_cmd cmd = {};
	struct vmbc_sim_gbuf b = {};
	const char *why = NULL;
	bool has_buf = pkt->desc.type == VM_PKT_DATA_USING_GPA_DIRECT;
	bool no_lun = false;

	out->srb_status = VMBC_SRB_STATUS_INVALID_REQUEST;
	out->scsi_status = 0;
	out->sense_info_length = 0;
	out->data_transfer_length = 0;
	if (has_buf && pkt->range_cnt != 1)
		why = "data buffer not one range";
	else if (has_buf)
		why = vmbc_sim_gbuf_from_packet(&b, pkt);
	if (!why)
		why = vmbc_sim_srb_check(srb, has_buf ? &b : NULL);
	if (why) {
		vmbc_sim_vsp_bad(dev, "SCSI request (CDB %02x): %s", srb->cdb[0],
				 why);
		goto out;
	}
	memcpy(cmd.cdb, srb->cdb, srb->cdb_length);
	cmd.cdb_len = srb->cdb_length;
	cmd.buf = has_buf ? &b : NULL;
	cmd.buf_len = srb->data_transfer_length;
	cmd.data_in = srb->data_in == VMBC_VSTOR_READ_TYPE;
	disk->srbs++;
	if (disk->lun_present && !srb->path_id && !srb->target_id && !srb->lun)
		vmbc_sim_lun_exec(&disk->lun, &cmd);
	else
		vmbc_sim_lun_absent(&cmd, &no_lun);
	if (no_lun) {
		disk->no_lun++;
		out->srb_status = VMBC_SRB_STATUS_INVALID_LUN;
		goto out;
	}
	out->scsi_status = cmd.status;
	out->data_transfer_length = cmd.transferred;
	if (cmd.status == SAM_STAT_GOOD) {
		out->srb_status = VMBC_SRB_STATUS_SUCCESS;
		goto out;
	}
	out->srb_status = VMBC_SRB_STATUS_ERROR;
	/* the sense data goes where the CDB was, as much as there is room */
	memset(out->sense_data, 0, sizeof(out->sense_data));
	out->sense_info_length = min(cmd.sense_len, srb->sense_info_length);
	out->sense_info_length = min_t(u8, out->sense_info_length,
				       VMBC_VSTOR_SENSE_MAX);
	if (out->sense_info_length) {
		memcpy(out->sense_data, cmd.sense, out->sense_info_length);
		out->srb_status |= VMBC_SRB_STATUS_AUTOSENSE_VALID;
	}
out:
	vmbc_sim_gbuf_free(&b);
}

/* ------------------------------------------------------------------ */
/* The protocol                                                        */

/*
 * One request on @dev's channel: @req is the private copy, @resp the
 * answer being built. Return: whether to offer new sub-channels after
 * the answer.
 */
static bool vmbc_sim_disk_request(struct vmbc_sim_disk *disk,
				  struct vmbc_sim_dev *dev,
				  const struct vmbc_ring_pkt *pkt,
				  const struct vmbc_vstor_packet *req,
				  struct vmbc_vstor_packet *resp)
{
	bool primary = !dev->cfg.sub_channel_index;
	const char *why = NULL;
	u32 n;

	if (pkt->desc.type == VM_PKT_DATA_USING_GPA_DIRECT &&
	    req->operation != VMBC_VSTOR_EXECUTE_SRB)
		why = "a data buffer with a request that moves none";
	else if (!primary && req->operation != VMBC_VSTOR_EXECUTE_SRB)
		why = "an initialisation request on a sub-channel";
	if (why)
		goto bad;
	switch (req->operation) {
	case VMBC_VSTOR_BEGIN_INIT:
		disk->begun = true;
		disk->version = 0;
		disk->ready = false;
		return false;
	case VMBC_VSTOR_QUERY_VERSION:
		if (!disk->begun || disk->ready) {
			why = "version query outside the initialisation";
			goto bad;
		}
		/* a version the host does not speak: the guest tries another */
		if (!vmbc_sim_vstor_version_ok(req->version.major_minor))
			resp->status = VMBC_VSTOR_STATUS_REVISION;
		else
			disk->version = req->version.major_minor;
		return false;
	case VMBC_VSTOR_QUERY_PROPERTIES:
		if (!disk->version || disk->ready) {
			why = "properties query before a version";
			goto bad;
		}
		resp->properties.max_channel_cnt = disk->subchannels;
		resp->properties.flags = disk->subchannels ?
					 VMBC_VSTOR_MULTI_CHANNEL : 0;
		resp->properties.max_transfer_bytes = disk->lun.max_transfer;
		return false;
	case VMBC_VSTOR_END_INIT:
		if (!disk->version || disk->ready) {
			why = "end of an initialisation without a version";
			goto bad;
		}
		disk->ready = true;
		return false;
	case VMBC_VSTOR_CREATE_SUB_CHANNELS:
		n = req->sub_channel_count;
		if (!disk->ready || !n ||
		    n > disk->subchannels - min_t(u32, disk->subchannels,
						  vmbc_sim_disk_subchannels(disk))) {
			why = "sub-channels out of turn, none, or too many";
			goto bad;
		}
		return vmbc_sim_add_subchannels(dev->chan.sim, dev, n) > 0;
	case VMBC_VSTOR_EXECUTE_SRB:
		if (!disk->ready) {
			why = "a SCSI request before the initialisation ended";
			goto bad;
		}
		vmbc_sim_disk_srb(disk, dev, pkt, &req->srb, &resp->srb);
		return false;
	case VMBC_VSTOR_RESET_LUN:
	case VMBC_VSTOR_RESET_ADAPTER:
	case VMBC_VSTOR_RESET_BUS:
		/* every request is answered at once: nothing to cancel */
		return false;
	default:
		why = "an operation the guest does not send (or not to a SCSI controller)";
		goto bad;
	}
bad:
	vmbc_sim_vsp_bad(dev, "storage operation %u: %s", req->operation, why);
	resp->status = VMBC_VSTOR_STATUS_FAILED;
	return false;
}

static int vmbc_sim_disk_packet(struct vmbc_sim_dev *dev,
				const struct vmbc_ring_pkt *pkt, bool *signal)
{
	struct vmbc_sim *sim = dev->chan.sim;
	struct vmbc_vstor_packet req, resp = {
		.operation = VMBC_VSTOR_COMPLETE_IO,
	};
	struct vmbc_sim_disk *disk;
	struct vmbc_sim_dev *primary;
	bool offer;
	int ret;

	primary = vmbc_sim_primary_of(sim, dev);
	if (!primary) {
		vmbc_sim_vsp_bad(dev, "a sub-channel without its primary");
		return 0;
	}
	disk = vmbc_sim_model_priv(primary);
	if (pkt->desc.type != VM_PKT_DATA_INBAND &&
	    pkt->desc.type != VM_PKT_DATA_USING_GPA_DIRECT) {
		vmbc_sim_vsp_bad(dev, "packet type %u", pkt->desc.type);
		return 0;
	}
	if (pkt->datalen < sizeof(req)) {
		vmbc_sim_vsp_bad(dev, "request of %u bytes, not 64",
				 pkt->datalen);
		return 0;
	}
	if (!(pkt->desc.flags & VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED)) {
		vmbc_sim_vsp_bad(dev, "request %llu asks for no completion",
				 pkt->desc.trans_id);
		return 0;
	}
	/* the answer's room first: a request that must wait has no effect */
	if (!vmbc_sim_vsp_room(dev, VMBC_SIM_VSP_PKT_BYTES(sizeof(resp))))
		return -EAGAIN;
	/* one read of the guest's bytes; everything below looks at @req */
	memcpy(&req, pkt->data, sizeof(req));
	resp.srb = req.srb;
	offer = vmbc_sim_disk_request(disk, dev, pkt, &req, &resp);
	ret = vmbc_sim_vsp_send(dev, VM_PKT_COMP, 0, pkt->desc.trans_id, NULL,
				0, &resp, sizeof(resp), signal);
	if (!offer)
		return ret;
	/* the answer first, then the offers */
	if (*signal) {
		vmbc_sim_chan_interrupt(sim, dev);
		*signal = false;
	}
	vmbc_sim_devs_offer_all(sim);
	return ret;
}

/* The unit goes away; the guest hears of it and rescans. */
static void vmbc_sim_disk_unplug(struct vmbc_sim_disk *disk)
{
	struct vmbc_vstor_packet msg = {
		.operation = VMBC_VSTOR_REMOVE_DEVICE,
	};
	struct vmbc_sim_dev *dev = disk->dev;
	bool signal = false;

	disk->lun_present = false;
	if (!dev->chan.open || !disk->ready || dev->chan.sim->dead)
		return;
	/* unsolicited: trans_id 0, no completion; lost when the ring is full */
	if (vmbc_sim_vsp_send(dev, VM_PKT_DATA_INBAND, 0, 0, NULL, 0, &msg,
			      sizeof(msg), &signal) == -EAGAIN)
		vmbc_ring_cancel_space(&dev->chan.tx);
	else
		dev->chan.requests++;
	if (signal)
		vmbc_sim_chan_interrupt(dev->chan.sim, dev);
}

static void vmbc_sim_disk_quiesce(struct vmbc_sim_dev *dev)
{
	vmbc_sim_disk_unplug(vmbc_sim_model_priv(dev));
}

/* ------------------------------------------------------------------ */
/* The C API                                                           */

/* The controller at @relid (a primary), under the host's mutex. */
static struct vmbc_sim_disk *vmbc_sim_disk_at(struct vmbc_sim *sim, u32 relid)
{
	return vmbc_sim_model_primary(sim, relid, &vmbc_sim_storage_model);
}

/**
 * vmbc_sim_disk_state() - where a synthetic SCSI controller stands
 * @sim: the host.
 * @relid: the controller's primary channel.
 * @st: filled in.
 *
 * Context: process context.
 * Return: 0; -ENOENT (no device there) or -ENODEV (not a controller's
 * primary channel).
 */
int vmbc_sim_disk_state(struct vmbc_sim *sim, u32 relid,
			struct vmbc_sim_disk_state *st)
{
	struct vmbc_sim_disk *disk;
	int ret = 0;

	memset(st, 0, sizeof(*st));
	mutex_lock(&sim->mutex);
	disk = vmbc_sim_disk_at(sim, relid);
	if (IS_ERR(disk)) {
		ret = PTR_ERR(disk);
		goto out;
	}
	st->open = disk->dev->chan.open;
	st->ready = disk->ready;
	st->version = disk->version;
	st->lun_present = disk->lun_present;
	st->subchannels = vmbc_sim_disk_subchannels(disk);
	st->max_subchannels = disk->subchannels;
	st->size = disk->lun.size;
	st->bytes_used = disk->lun.pages_used << PAGE_SHIFT;
	st->srbs = disk->srbs;
	st->no_lun = disk->no_lun;
	st->reads = disk->lun.reads;
	st->writes = disk->lun.writes;
	st->read_bytes = disk->lun.read_bytes;
	st->write_bytes = disk->lun.write_bytes;
	st->syncs = disk->lun.syncs;
	st->check_conditions = disk->lun.check_conditions;
out:
	mutex_unlock(&sim->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_sim_disk_state);

/**
 * vmbc_sim_disk_set_size() - resize a controller's unit
 * @sim: the host.
 * @relid: the controller's primary channel.
 * @bytes: the new size: whole 512-byte blocks, 1 MiB to 1 TiB.
 *
 * The guest learns of it on its next command (UNIT ATTENTION, capacity
 * data has changed). Blocks past a smaller size are dropped.
 *
 * Context: process context.
 * Return: 0; -EINVAL for a bad size; -ENOENT, -ENODEV.
 */
int vmbc_sim_disk_set_size(struct vmbc_sim *sim, u32 relid, u64 bytes)
{
	struct vmbc_sim_disk *disk;
	int ret;

	mutex_lock(&sim->mutex);
	disk = vmbc_sim_disk_at(sim, relid);
	ret = IS_ERR(disk) ? PTR_ERR(disk) :
	      vmbc_sim_lun_resize(&disk->lun, bytes);
	mutex_unlock(&sim->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_sim_disk_set_size);

/**
 * vmbc_sim_disk_set_subchannels() - the sub-channels a controller allows
 * @sim: the host.
 * @relid: the controller's primary channel.
 * @n: 0 (no multi-channel) to 63; the guest learns it at its next
 *	initialisation (QUERY_PROPERTIES).
 *
 * Context: process context.
 * Return: 0; -EINVAL for @n over 63; -ENOENT, -ENODEV.
 */
int vmbc_sim_disk_set_subchannels(struct vmbc_sim *sim, u32 relid, u32 n)
{
	struct vmbc_sim_disk *disk;
	int ret = 0;

	if (n > VMBC_SIM_DISK_MAX_SUBCHANNELS)
		return -EINVAL;
	mutex_lock(&sim->mutex);
	disk = vmbc_sim_disk_at(sim, relid);
	if (IS_ERR(disk))
		ret = PTR_ERR(disk);
	else
		disk->subchannels = n;
	mutex_unlock(&sim->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_sim_disk_set_subchannels);

/**
 * vmbc_sim_disk_remove_lun() - take the unit away, keep the controller
 * @sim: the host.
 * @relid: the controller's primary channel.
 *
 * As when a disk is removed from a running VM: the guest is told
 * (REMOVE_DEVICE) and finds no unit from then on.
 *
 * Context: process context.
 * Return: 0; -ENOENT, -ENODEV.
 */
int vmbc_sim_disk_remove_lun(struct vmbc_sim *sim, u32 relid)
{
	struct vmbc_sim_disk *disk;
	int ret = 0;

	mutex_lock(&sim->mutex);
	disk = vmbc_sim_disk_at(sim, relid);
	if (IS_ERR(disk))
		ret = PTR_ERR(disk);
	else
		vmbc_sim_disk_unplug(disk);
	mutex_unlock(&sim->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_sim_disk_remove_lun);

/**
 * vmbc_sim_disk_access() - the host's own read or write of a unit
 * @sim: the host.
 * @relid: the controller's primary channel.
 * @offset: byte of the unit.
 * @buf: the host's memory.
 * @len: bytes.
 * @write: write the unit; else read it.
 *
 * Context: process context.
 * Return: 0; -ERANGE past the unit's end; -ENOMEM; -ENOENT, -ENODEV.
 */
int vmbc_sim_disk_access(struct vmbc_sim *sim, u32 relid, u64 offset,
			 void *buf, u32 len, bool write)
{
	struct vmbc_sim_disk *disk;
	int ret;

	mutex_lock(&sim->mutex);
	disk = vmbc_sim_disk_at(sim, relid);
	ret = IS_ERR(disk) ? PTR_ERR(disk) :
	      vmbc_sim_lun_access(&disk->lun, offset, buf, len, write);
	mutex_unlock(&sim->mutex);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_sim_disk_access);

/* ------------------------------------------------------------------ */
/* debugfs: <host>/disk                                                */

static const char *vmbc_sim_disk_stage(const struct vmbc_sim_disk *disk)
{
	if (!disk->dev->chan.open)
		return "closed";
	if (disk->ready)
		return "ready";
	return disk->begun ? "initializing" : "opened";
}

static int vmbc_sim_disk_show(struct seq_file *s, void *unused)
{
	struct vmbc_sim *sim = s->private;
	struct vmbc_sim_disk *disk;
	struct vmbc_sim_dev *dev;
	unsigned long relid;

	mutex_lock(&sim->mutex);
	xa_for_each(&sim->devs, relid, dev) {
		if (dev->model != &vmbc_sim_storage_model ||
		    dev->cfg.sub_channel_index)
			continue;
		disk = vmbc_sim_model_priv(dev);
		seq_printf(s, "%lu %s protocol=%u.%u lun=%s size=%llu used=%llu subchannels=%u/%u srbs=%llu reads=%llu writes=%llu read_bytes=%llu write_bytes=%llu syncs=%llu check_conditions=%llu no_lun=%llu\n",
			   relid, vmbc_sim_disk_stage(disk),
			   disk->version >> 8, disk->version & 0xff,
			   disk->lun_present ? "present" : "removed",
			   disk->lun.size, disk->lun.pages_used << PAGE_SHIFT,
			   vmbc_sim_disk_subchannels(disk), disk->subchannels,
			   disk->srbs, disk->lun.reads, disk->lun.writes,
			   disk->lun.read_bytes, disk->lun.write_bytes,
			   disk->lun.syncs, disk->lun.check_conditions,
			   disk->no_lun);
	}
	mutex_unlock(&sim->mutex);
	return 0;
}

/* "RELID size BYTES[K|M|G]", "RELID subchannels N", "RELID remove". */
static int vmbc_sim_disk_apply(struct vmbc_sim *sim, int argc, char **argv)
{
	unsigned long long size;
	char *end;
	u32 relid, n;

	if (argc < 2 || kstrtou32(argv[0], 0, &relid) || !relid ||
	    relid > VMBUS_MAX_RELID)
		return -EINVAL;
	if (argc == 2 && !strcmp(argv[1], "remove"))
		return vmbc_sim_disk_remove_lun(sim, relid);
	if (argc != 3)
		return -EINVAL;
	if (!strcmp(argv[1], "subchannels"))
		return kstrtou32(argv[2], 0, &n) ? -EINVAL :
		       vmbc_sim_disk_set_subchannels(sim, relid, n);
	if (strcmp(argv[1], "size"))
		return -EINVAL;
	size = memparse(argv[2], &end);
	if (end == argv[2] || *end)
		return -EINVAL;
	return vmbc_sim_disk_set_size(sim, relid, size);
}

static const struct vmbc_sim_cmd_file vmbc_sim_disk_file = {
	.name = "disk",
	.show = vmbc_sim_disk_show,
	.apply = vmbc_sim_disk_apply,
	.usage =
		"\"RELID size BYTES[K|M|G]\" (whole 512-byte blocks, 1M to 1T), \"RELID subchannels N\" (0-63) or \"RELID remove\"; RELID a storage controller's primary channel (1-2047)",
};

const struct vmbc_sim_model vmbc_sim_storage_model = {
	.name = "storage",
	.class_id = VMBC_VSTOR_CLASS_GUID,
	.priv_size = sizeof(struct vmbc_sim_disk),
	.init = vmbc_sim_disk_init,
	.opened = vmbc_sim_disk_opened,
	.packet = vmbc_sim_disk_packet,
	.quiesce = vmbc_sim_disk_quiesce,
	.release = vmbc_sim_disk_release,
	.file = &vmbc_sim_disk_file,
	.transient_subchannels = true,
};
