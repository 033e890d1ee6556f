/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbc_sim's RAM-backed SCSI logical unit: the SCSI semantics behind the
 * disk model (storvsc.c), which carries the commands over VMBus. Knows
 * nothing of VMBus but the guest buffer a command moves data through.
 */
#ifndef _VMBC_SIM_SCSI_DISK_H
#define _VMBC_SIM_SCSI_DISK_H

#include <linux/bits.h>
#include <linux/types.h>
#include <linux/uuid.h>
#include <linux/xarray.h>

struct vmbc_sim_gbuf;

/* Logical block size: 512 bytes. */
#define VMBC_SIM_LUN_BLOCK_SHIFT	9
#define VMBC_SIM_LUN_BLOCK		BIT(VMBC_SIM_LUN_BLOCK_SHIFT)

/* Sizes a LUN may have: 1 MiB to 1 TiB, in whole blocks (sparse in RAM). */
#define VMBC_SIM_LUN_MIN_SIZE		BIT_ULL(20)
#define VMBC_SIM_LUN_MAX_SIZE		BIT_ULL(40)

/* Fixed-format sense data: 18 bytes. */
#define VMBC_SIM_SENSE_LEN		18

/**
 * struct vmbc_sim_lun - one logical unit and its contents
 * @pages: page index -> struct page *, the blocks written so far; a
 *	block never written reads as zeros.
 * @size: bytes, a multiple of the block size.
 * @pages_used: entries of @pages.
 * @max_transfer: the most bytes one command may move.
 * @ua_capacity: a unit attention "capacity data has changed" waits for
 *	the guest's next command.
 * @id: names the unit in INQUIRY's serial number and identifier pages.
 * @reads: READ commands done.
 * @writes: WRITE commands done.
 * @read_bytes: bytes they read.
 * @write_bytes: bytes they wrote.
 * @syncs: SYNCHRONIZE CACHE commands.
 * @check_conditions: commands answered CHECK CONDITION.
 *
 * Everything is under the host's mutex: the channels' work runs the
 * commands, debugfs and the C API resize and read.
 */
struct vmbc_sim_lun {
	struct xarray pages;
	u64 size;
	u64 pages_used;
	u32 max_transfer;
	bool ua_capacity;
	guid_t id;
	u64 reads;
	u64 writes;
	u64 read_bytes;
	u64 write_bytes;
	u64 syncs;
	u64 check_conditions;
};

/**
 * struct vmbc_sim_scsi_cmd - one command and its outcome
 * @cdb: the command descriptor block (a private copy).
 * @cdb_len: its bytes, 1 to 16.
 * @buf: the guest's data buffer, or NULL.
 * @buf_len: bytes of @buf the command may use (the request's
 *	data_transfer_length, at most @buf's length).
 * @data_in: data moves from the unit to the guest (a read).
 * @status: the SCSI status (SAM_STAT_*).
 * @transferred: bytes moved.
 * @sense: sense data, with CHECK CONDITION.
 * @sense_len: its bytes, 0 or VMBC_SIM_SENSE_LEN.
 */
struct vmbc_sim_scsi_cmd {
	u8 cdb[16];
	u8 cdb_len;
	const struct vmbc_sim_gbuf *buf;
	u32 buf_len;
	bool data_in;
	u8 status;
	u32 transferred;
	u8 sense[VMBC_SIM_SENSE_LEN];
	u8 sense_len;
};

void vmbc_sim_lun_init(struct vmbc_sim_lun *lun, const guid_t *id, u64 size,
		       u32 max_transfer);
void vmbc_sim_lun_free(struct vmbc_sim_lun *lun);
int vmbc_sim_lun_resize(struct vmbc_sim_lun *lun, u64 size);
void vmbc_sim_lun_exec(struct vmbc_sim_lun *lun, struct vmbc_sim_scsi_cmd *c);
void vmbc_sim_lun_absent(struct vmbc_sim_scsi_cmd *c, bool *no_lun);
int vmbc_sim_lun_access(struct vmbc_sim_lun *lun, u64 off, void *buf,
			u32 len, bool write);

#endif /* _VMBC_SIM_SCSI_DISK_H */
