// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim's RAM-backed SCSI logical unit (scsi_disk.h): a direct-access
 * block device of 512-byte blocks whose contents live in pages allocated
 * as blocks are first written (a block never written reads as zeros).
 *
 * The commands a Linux guest's sd driver and SCSI scan send are answered
 * as SPC-3 and SBC-3 say: INQUIRY (standard data and the vital product
 * data pages 00h, 80h, 83h, B0h, B1h), TEST UNIT READY, REQUEST SENSE,
 * READ CAPACITY (10) and (16), REPORT LUNS, MODE SENSE (6) and (10) (the
 * caching page: write cache off, the RAM is written through), READ and
 * WRITE (10) and (16), SYNCHRONIZE CACHE (10) and (16). Any other command,
 * and any field a command may not carry, gets CHECK CONDITION with sense
 * data that names the problem (fixed format): ILLEGAL REQUEST with
 * INVALID COMMAND OPERATION CODE, INVALID FIELD IN CDB or LOGICAL BLOCK
 * ADDRESS OUT OF RANGE. A change of the unit's size is reported once, as
 * UNIT ATTENTION CAPACITY DATA HAS CHANGED, on the next command other
 * than INQUIRY, REPORT LUNS and REQUEST SENSE.
 *
 * Every CDB is a private copy; every length the guest gives is bounded by
 * the buffer the request carries before a byte moves.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <scsi/scsi_proto.h>

#include "scsi_disk.h"
#include "vsp.h"

/* What INQUIRY says of the unit. */
#define VMBC_SIM_LUN_VENDOR	"VMBC    "
#define VMBC_SIM_LUN_PRODUCT	"SIM RAM DISK    "
#define VMBC_SIM_LUN_REVISION	"0001"

/* Additional sense codes, with their qualifiers */
#define ASC_INVALID_OPCODE	0x20
#define ASC_LBA_OUT_OF_RANGE	0x21
#define ASC_INVALID_FIELD	0x24
#define ASC_LUN_NOT_SUPPORTED	0x25
#define ASC_CAPACITY_CHANGED	0x2a
#define ASCQ_CAPACITY_CHANGED	0x09
#define ASC_SAVING_UNSUPPORTED	0x39
#define ASC_INTERNAL_FAILURE	0x44

/* MODE SENSE's caching page, and "all pages" */
#define MODE_PAGE_CACHING	0x08
#define MODE_PAGE_ALL		0x3f
#define MODE_CACHING_LEN	20

/* What a block never written reads as. */
static const u8 vmbc_sim_zeros[PAGE_SIZE];

static u16 vmbc_be16(const u8 *p)
{
	return p[0] << 8 | p[1];
}

static u32 vmbc_be32(const u8 *p)
{
	return (u32)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static u64 vmbc_be64(const u8 *p)
{
	return (u64)vmbc_be32(p) << 32 | vmbc_be32(p + 4);
}

static void vmbc_put_be16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void vmbc_put_be32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void vmbc_put_be64(u8 *p, u64 v)
{
	vmbc_put_be32(p, v >> 32);
	vmbc_put_be32(p + 4, v);
}

static u64 vmbc_sim_lun_blocks(const struct vmbc_sim_lun *lun)
{
	return lun->size >> VMBC_SIM_LUN_BLOCK_SHIFT;
}

/* Fixed-format sense data with @key, @asc, @ascq. */
static void vmbc_sim_sense(u8 *sense, u8 key, u8 asc, u8 ascq)
{
	memset(sense, 0, VMBC_SIM_SENSE_LEN);
	sense[0] = 0x70;			/* current error, fixed format */
	sense[2] = key;
	sense[7] = VMBC_SIM_SENSE_LEN - 8;	/* additional sense length */
	sense[12] = asc;
	sense[13] = ascq;
}

static void vmbc_sim_check(struct vmbc_sim_scsi_cmd *c, u8 key, u8 asc,
			   u8 ascq)
{
	c->status = SAM_STAT_CHECK_CONDITION;
	c->transferred = 0;
	vmbc_sim_sense(c->sense, key, asc, ascq);
	c->sense_len = VMBC_SIM_SENSE_LEN;
}

static void vmbc_sim_invalid_field(struct vmbc_sim_scsi_cmd *c)
{
	vmbc_sim_check(c, ILLEGAL_REQUEST, ASC_INVALID_FIELD, 0);
}

/*
 * Data for the guest: at most @alloc bytes of @data (the allocation
 * length the CDB gave), at most what its buffer holds.
 */
static void vmbc_sim_data_in(struct vmbc_sim_scsi_cmd *c, const void *data,
			     u32 len, u32 alloc)
{
	u32 n = min3(len, alloc, c->buf ? c->buf_len : 0);

	if (!c->data_in && n) {
		/* the guest sent data where the command returns some */
		vmbc_sim_invalid_field(c);
		return;
	}
	if (n)
		vmbc_sim_gbuf_copy(c->buf, 0, (void *)data, n, true);
	c->transferred = n;
}

/* The CDB length every command of @opcode's group has. */
static u8 vmbc_sim_cdb_group_len(u8 opcode)
{
	static const u8 len[8] = { 6, 10, 10, 0, 16, 12, 0, 0 };

	return len[opcode >> 5];
}

/* ------------------------------------------------------------------ */
/* INQUIRY                                                             */

static void vmbc_sim_inquiry_std(u8 *d, u8 byte0)
{
	d[0] = byte0;
	d[2] = 0x05;			/* SPC-3 */
	d[3] = 0x12;			/* HiSup, response data format 2 */
	d[4] = 36 - 5;			/* additional length */
	d[7] = 0x02;			/* CmdQue: tagged commands */
	memcpy(d + 8, VMBC_SIM_LUN_VENDOR, 8);
	memcpy(d + 16, VMBC_SIM_LUN_PRODUCT, 16);
	memcpy(d + 32, VMBC_SIM_LUN_REVISION, 4);
}

/* The unit's serial number: its id's 32 hex digits. */
static void vmbc_sim_lun_serial(const struct vmbc_sim_lun *lun, u8 *out)
{
	snprintf(out, 33, "%*phN", 16, lun->id.b);
}

/* Vital product data page @page into @d; its length, or 0 if unknown. */
static u32 vmbc_sim_inquiry_vpd(const struct vmbc_sim_lun *lun, u8 page,
				u8 *d)
{
	static const u8 pages[] = { 0x00, 0x80, 0x83, 0xb0, 0xb1 };
	u8 serial[33];

	d[1] = page;
	switch (page) {
	case 0x00:	/* supported pages */
		d[3] = sizeof(pages);
		memcpy(d + 4, pages, sizeof(pages));
		return 4 + sizeof(pages);
	case 0x80:	/* unit serial number */
		vmbc_sim_lun_serial(lun, serial);
		d[3] = 32;
		memcpy(d + 4, serial, 32);
		return 4 + 32;
	case 0x83:	/* device identification: a T10 vendor id */
		vmbc_sim_lun_serial(lun, serial);
		d[3] = 4 + 8 + 32;
		d[4] = 0x02;		/* ASCII */
		d[5] = 0x01;		/* T10 vendor id, of the unit */
		d[7] = 8 + 32;
		memcpy(d + 8, VMBC_SIM_LUN_VENDOR, 8);
		memcpy(d + 16, serial, 32);
		return 8 + 8 + 32;
	case 0xb0:	/* block limits */
		d[3] = 0x3c;
		vmbc_put_be32(d + 8, lun->max_transfer >>
			      VMBC_SIM_LUN_BLOCK_SHIFT);
		vmbc_put_be32(d + 12, lun->max_transfer >>
			      VMBC_SIM_LUN_BLOCK_SHIFT);
		return 4 + 0x3c;
	case 0xb1:	/* block device characteristics: not rotating */
		d[3] = 0x3c;
		vmbc_put_be16(d + 4, 1);
		return 4 + 0x3c;
	default:
		return 0;
	}
}

static void vmbc_sim_inquiry(const struct vmbc_sim_lun *lun,
			     struct vmbc_sim_scsi_cmd *c)
{
	u16 alloc = vmbc_be16(c->cdb + 3);
	u8 d[64] = {};
	u32 len;

	/* CMDDT is obsolete; a page code needs EVPD */
	if (c->cdb[1] & 0x02 || (!(c->cdb[1] & 0x01) && c->cdb[2])) {
		vmbc_sim_invalid_field(c);
		return;
	}
	if (!(c->cdb[1] & 0x01)) {
		vmbc_sim_inquiry_std(d, TYPE_DISK);
		len = 36;
	} else {
		len = vmbc_sim_inquiry_vpd(lun, c->cdb[2], d);
		if (!len) {
			vmbc_sim_invalid_field(c);
			return;
		}
	}
	vmbc_sim_data_in(c, d, len, alloc);
}

/* ------------------------------------------------------------------ */
/* Capacity, sense, LUNs, modes                                        */

static void vmbc_sim_read_capacity10(const struct vmbc_sim_lun *lun,
				     struct vmbc_sim_scsi_cmd *c)
{
	u64 last = vmbc_sim_lun_blocks(lun) - 1;
	u8 d[8];

	vmbc_put_be32(d, min_t(u64, last, U32_MAX));
	vmbc_put_be32(d + 4, VMBC_SIM_LUN_BLOCK);
	vmbc_sim_data_in(c, d, sizeof(d), sizeof(d));
}

static void vmbc_sim_read_capacity16(const struct vmbc_sim_lun *lun,
				     struct vmbc_sim_scsi_cmd *c)
{
	u8 d[32] = {};

	if ((c->cdb[1] & 0x1f) != SAI_READ_CAPACITY_16) {
		vmbc_sim_check(c, ILLEGAL_REQUEST, ASC_INVALID_OPCODE, 0);
		return;
	}
	vmbc_put_be64(d, vmbc_sim_lun_blocks(lun) - 1);
	vmbc_put_be32(d + 8, VMBC_SIM_LUN_BLOCK);
	vmbc_sim_data_in(c, d, sizeof(d), vmbc_be32(c->cdb + 10));
}

static void vmbc_sim_request_sense(struct vmbc_sim_lun *lun,
				   struct vmbc_sim_scsi_cmd *c)
{
	u8 d[VMBC_SIM_SENSE_LEN];

	if (lun && lun->ua_capacity) {
		lun->ua_capacity = false;
		vmbc_sim_sense(d, UNIT_ATTENTION, ASC_CAPACITY_CHANGED,
			       ASCQ_CAPACITY_CHANGED);
	} else if (lun) {
		vmbc_sim_sense(d, NO_SENSE, 0, 0);
	} else {
		vmbc_sim_sense(d, ILLEGAL_REQUEST, ASC_LUN_NOT_SUPPORTED, 0);
	}
	vmbc_sim_data_in(c, d, sizeof(d), c->cdb[4]);
}

/* REPORT LUNS: LUN 0 when @present, else none. */
static void vmbc_sim_report_luns(struct vmbc_sim_scsi_cmd *c, bool present)
{
	u32 alloc = vmbc_be32(c->cdb + 6);
	u8 d[16] = {};

	if (alloc < 16) {
		vmbc_sim_invalid_field(c);
		return;
	}
	vmbc_put_be32(d, present ? 8 : 0);
	vmbc_sim_data_in(c, d, present ? 16 : 8, alloc);
}

static void vmbc_sim_mode_sense(const struct vmbc_sim_lun *lun,
				struct vmbc_sim_scsi_cmd *c)
{
	bool ten = c->cdb[0] == MODE_SENSE_10;
	bool dbd = c->cdb[1] & 0x08;
	u8 pc = c->cdb[2] >> 6, page = c->cdb[2] & 0x3f;
	u32 alloc = ten ? vmbc_be16(c->cdb + 7) : c->cdb[4];
	u32 hdr = ten ? 8 : 4, len = hdr;
	u64 blocks = vmbc_sim_lun_blocks(lun);
	u8 d[8 + 8 + MODE_CACHING_LEN] = {};
	u8 *p;

	if (pc == 3) {		/* saved values: nothing is saved */
		vmbc_sim_check(c, ILLEGAL_REQUEST, ASC_SAVING_UNSUPPORTED, 0);
		return;
	}
	if (c->cdb[3] || (page != MODE_PAGE_CACHING && page != MODE_PAGE_ALL)) {
		vmbc_sim_invalid_field(c);
		return;
	}
	if (!dbd) {
		/* one short block descriptor: blocks (capped) and their size */
		p = d + len;
		vmbc_put_be32(p, min_t(u64, blocks, 0xffffff));
		p[0] = 0;			/* density code */
		vmbc_put_be32(p + 4, VMBC_SIM_LUN_BLOCK);
		len += 8;
	}
	p = d + len;
	p[0] = MODE_PAGE_CACHING;
	p[1] = MODE_CACHING_LEN - 2;
	/* write cache off (WCE 0), read cache on (RCD 0): nothing changeable */
	len += MODE_CACHING_LEN;
	if (ten) {
		vmbc_put_be16(d, len - 2);
		d[7] = dbd ? 0 : 8;
	} else {
		d[0] = len - 1;
		d[3] = dbd ? 0 : 8;
	}
	vmbc_sim_data_in(c, d, len, alloc);
}

/* ------------------------------------------------------------------ */
/* READ, WRITE, SYNCHRONIZE CACHE                                      */

/* The page holding unit byte @off, allocated when @alloc. */
static struct page *vmbc_sim_lun_page(struct vmbc_sim_lun *lun, u64 off,
				      bool alloc)
{
	unsigned long idx = off >> PAGE_SHIFT;
	struct page *page = xa_load(&lun->pages, idx);

	if (page || !alloc)
		return page;
	/* no I/O from reclaim: it could be I/O to this very unit */
	page = alloc_page(GFP_NOIO | __GFP_ZERO | __GFP_NOWARN);
	if (!page)
		return NULL;
	if (xa_err(xa_store(&lun->pages, idx, page, GFP_NOIO | __GFP_NOWARN))) {
		__free_page(page);
		return NULL;
	}
	lun->pages_used++;
	return page;
}

/*
 * Copy @len bytes at unit byte @off to or from @buf at @pos (the guest's
 * buffer) or @kbuf (the host's, when @buf is NULL). Return: false when a
 * page to write could not be allocated.
 */
static bool vmbc_sim_lun_copy(struct vmbc_sim_lun *lun, u64 off, u64 len,
			      const struct vmbc_sim_gbuf *buf, u32 pos,
			      u8 *kbuf, bool write)
{
	struct page *page;
	u32 chunk, poff;
	u8 *va;

	while (len) {
		poff = offset_in_page(off);
		chunk = min_t(u64, len, PAGE_SIZE - poff);
		page = vmbc_sim_lun_page(lun, off, write);
		if (write && !page)
			return false;
		va = page ? kmap_local_page(page) : (u8 *)vmbc_sim_zeros;
		if (buf)
			vmbc_sim_gbuf_copy(buf, pos, page ? va + poff : va,
					   chunk, !write);
		else if (write)
			memcpy(va + poff, kbuf + pos, chunk);
		else
			memcpy(kbuf + pos, page ? va + poff : va, chunk);
		if (page)
			kunmap_local(va);
		off += chunk;
		pos += chunk;
		len -= chunk;
	}
	return true;
}

/* Is [@lba, @lba + @blocks) inside the unit? */
static bool vmbc_sim_lun_range(const struct vmbc_sim_lun *lun, u64 lba,
			       u64 blocks)
{
	u64 n = vmbc_sim_lun_blocks(lun);

	return lba <= n && blocks <= n - lba;
}

static void vmbc_sim_rw(struct vmbc_sim_lun *lun, struct vmbc_sim_scsi_cmd *c,
			u64 lba, u32 blocks, bool write)
{
	u64 bytes = (u64)blocks << VMBC_SIM_LUN_BLOCK_SHIFT;

	if (!vmbc_sim_lun_range(lun, lba, blocks)) {
		vmbc_sim_check(c, ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE, 0);
		return;
	}
	/* the data must fit the buffer, go the right way, not be too big */
	if (bytes > lun->max_transfer ||
	    (bytes && (!c->buf || bytes > c->buf_len ||
		       c->data_in == write))) {
		vmbc_sim_invalid_field(c);
		return;
	}
	if (!vmbc_sim_lun_copy(lun, lba << VMBC_SIM_LUN_BLOCK_SHIFT, bytes,
			       c->buf, 0, NULL, write)) {
		vmbc_sim_check(c, HARDWARE_ERROR, ASC_INTERNAL_FAILURE, 0);
		return;
	}
	c->transferred = bytes;
	if (write) {
		lun->writes++;
		lun->write_bytes += bytes;
	} else {
		lun->reads++;
		lun->read_bytes += bytes;
	}
}

static void vmbc_sim_sync_cache(struct vmbc_sim_lun *lun,
				struct vmbc_sim_scsi_cmd *c, u64 lba,
				u64 blocks)
{
	/* nothing is cached: only the range is checked */
	if (!vmbc_sim_lun_range(lun, lba, blocks)) {
		vmbc_sim_check(c, ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE, 0);
		return;
	}
	lun->syncs++;
}

/**
 * vmbc_sim_lun_exec() - run one SCSI command on the unit
 * @lun: the unit.
 * @c: the command; its outcome filled in.
 *
 * Context: the host's mutex held; may sleep (allocates pages).
 */
void vmbc_sim_lun_exec(struct vmbc_sim_lun *lun, struct vmbc_sim_scsi_cmd *c)
{
	u8 op = c->cdb[0];

	c->status = SAM_STAT_GOOD;
	c->transferred = 0;
	c->sense_len = 0;
	if (!vmbc_sim_cdb_group_len(op)) {
		vmbc_sim_check(c, ILLEGAL_REQUEST, ASC_INVALID_OPCODE, 0);
		goto out;
	}
	if (c->cdb_len < vmbc_sim_cdb_group_len(op)) {
		vmbc_sim_invalid_field(c);
		goto out;
	}
	if (lun->ua_capacity && op != INQUIRY && op != REPORT_LUNS &&
	    op != REQUEST_SENSE) {
		lun->ua_capacity = false;
		vmbc_sim_check(c, UNIT_ATTENTION, ASC_CAPACITY_CHANGED,
			       ASCQ_CAPACITY_CHANGED);
		goto out;
	}
	switch (op) {
	case TEST_UNIT_READY:
		break;
	case REQUEST_SENSE:
		vmbc_sim_request_sense(lun, c);
		break;
	case INQUIRY:
		vmbc_sim_inquiry(lun, c);
		break;
	case READ_CAPACITY:
		vmbc_sim_read_capacity10(lun, c);
		break;
	case SERVICE_ACTION_IN_16:
		vmbc_sim_read_capacity16(lun, c);
		break;
	case REPORT_LUNS:
		vmbc_sim_report_luns(c, true);
		break;
	case MODE_SENSE:
	case MODE_SENSE_10:
		vmbc_sim_mode_sense(lun, c);
		break;
	case READ_10:
	case WRITE_10:
		vmbc_sim_rw(lun, c, vmbc_be32(c->cdb + 2),
			    vmbc_be16(c->cdb + 7), op == WRITE_10);
		break;
	case READ_16:
	case WRITE_16:
		vmbc_sim_rw(lun, c, vmbc_be64(c->cdb + 2),
			    vmbc_be32(c->cdb + 10), op == WRITE_16);
		break;
	case SYNCHRONIZE_CACHE:
		vmbc_sim_sync_cache(lun, c, vmbc_be32(c->cdb + 2),
				    vmbc_be16(c->cdb + 7));
		break;
	case SYNCHRONIZE_CACHE_16:
		vmbc_sim_sync_cache(lun, c, vmbc_be64(c->cdb + 2),
				    vmbc_be32(c->cdb + 10));
		break;
	default:
		vmbc_sim_check(c, ILLEGAL_REQUEST, ASC_INVALID_OPCODE, 0);
		break;
	}
out:
	if (c->status == SAM_STAT_CHECK_CONDITION)
		lun->check_conditions++;
}

/**
 * vmbc_sim_lun_absent() - answer a command to a unit that is not there
 * @c: the command; its outcome filled in unless *@no_lun.
 * @no_lun: set when the command has no answer but "no such unit" (the
 *	transport's to say).
 *
 * As SPC-3 has a target answer for a logical unit it does not have:
 * INQUIRY's standard data with peripheral qualifier 3 (no device can be
 * here), REPORT LUNS with an empty list, REQUEST SENSE with LOGICAL UNIT
 * NOT SUPPORTED.
 *
 * Context: any.
 */
void vmbc_sim_lun_absent(struct vmbc_sim_scsi_cmd *c, bool *no_lun)
{
	u8 d[36] = {};

	c->status = SAM_STAT_GOOD;
	c->transferred = 0;
	c->sense_len = 0;
	*no_lun = false;
	switch (c->cdb_len >= 6 ? c->cdb[0] : 0xff) {
	case INQUIRY:
		if (c->cdb[1] & 0x03 || c->cdb[2]) {
			vmbc_sim_check(c, ILLEGAL_REQUEST, ASC_LUN_NOT_SUPPORTED,
				       0);
			return;
		}
		vmbc_sim_inquiry_std(d, 0x60 | TYPE_NO_LUN);
		vmbc_sim_data_in(c, d, sizeof(d), vmbc_be16(c->cdb + 3));
		return;
	case REPORT_LUNS:
		if (c->cdb_len >= 12) {
			vmbc_sim_report_luns(c, false);
			return;
		}
		break;
	case REQUEST_SENSE:
		vmbc_sim_request_sense(NULL, c);
		return;
	}
	*no_lun = true;
}

/* ------------------------------------------------------------------ */
/* The unit's life                                                     */

/**
 * vmbc_sim_lun_init() - a unit of @size bytes, all zeros
 * @lun: the unit, zeroed.
 * @id: names it (INQUIRY's serial number).
 * @size: bytes, VMBC_SIM_LUN_MIN_SIZE to VMBC_SIM_LUN_MAX_SIZE, whole
 *	blocks.
 * @max_transfer: the most bytes a command may move.
 */
void vmbc_sim_lun_init(struct vmbc_sim_lun *lun, const guid_t *id, u64 size,
		       u32 max_transfer)
{
	xa_init(&lun->pages);
	guid_copy(&lun->id, id);
	lun->size = size;
	lun->max_transfer = max_transfer;
}

/* Free the pages from unit byte @from on (whole pages past it). */
static void vmbc_sim_lun_trim(struct vmbc_sim_lun *lun, u64 from)
{
	unsigned long first = DIV_ROUND_UP_ULL(from, PAGE_SIZE), idx;
	struct page *page;
	u8 *va;

	xa_for_each_start(&lun->pages, idx, page, first) {
		xa_erase(&lun->pages, idx);
		__free_page(page);
		lun->pages_used--;
	}
	/* a page cut in two keeps nothing past the end */
	page = NULL;
	if (offset_in_page(from))
		page = xa_load(&lun->pages, from >> PAGE_SHIFT);
	if (page) {
		va = kmap_local_page(page);
		memset(va + offset_in_page(from), 0,
		       PAGE_SIZE - offset_in_page(from));
		kunmap_local(va);
	}
}

/**
 * vmbc_sim_lun_free() - free a unit's contents
 * @lun: the unit.
 */
void vmbc_sim_lun_free(struct vmbc_sim_lun *lun)
{
	vmbc_sim_lun_trim(lun, 0);
	xa_destroy(&lun->pages);
}

/**
 * vmbc_sim_lun_resize() - give the unit a new size
 * @lun: the unit.
 * @size: bytes: whole blocks, VMBC_SIM_LUN_MIN_SIZE to
 *	VMBC_SIM_LUN_MAX_SIZE. Blocks past a smaller size are dropped (and
 *	read as zeros if it grows again).
 *
 * The guest learns of a change on its next command (a unit attention).
 *
 * Context: the host's mutex held.
 * Return: 0, or -EINVAL for a size out of range or not whole blocks.
 */
int vmbc_sim_lun_resize(struct vmbc_sim_lun *lun, u64 size)
{
	if (size < VMBC_SIM_LUN_MIN_SIZE || size > VMBC_SIM_LUN_MAX_SIZE ||
	    size % VMBC_SIM_LUN_BLOCK)
		return -EINVAL;
	if (size == lun->size)
		return 0;
	if (size < lun->size)
		vmbc_sim_lun_trim(lun, size);
	lun->size = size;
	lun->ua_capacity = true;
	return 0;
}

/**
 * vmbc_sim_lun_access() - the host's own read or write of the unit
 * @lun: the unit.
 * @off: unit byte.
 * @buf: the host's memory.
 * @len: bytes.
 * @write: write the unit; else read it.
 *
 * Context: the host's mutex held; may sleep.
 * Return: 0; -ERANGE past the end; -ENOMEM when a page could not be had.
 */
int vmbc_sim_lun_access(struct vmbc_sim_lun *lun, u64 off, void *buf,
			u32 len, bool write)
{
	if (off > lun->size || len > lun->size - off)
		return -ERANGE;
	return vmbc_sim_lun_copy(lun, off, len, NULL, 0, buf, write) ?
	       0 : -ENOMEM;
}
