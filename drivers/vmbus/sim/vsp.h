/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the device models that serve requests (the synthetic NIC and the
 * synthetic SCSI controller, "VSPs" in Hyper-V's words) share: reading and
 * writing the guest memory a request names, through the pages of a
 * GPA-direct packet or of a GPADL; writing packets into the guest's
 * inbound ring; counting what the guest gets wrong.
 *
 * Everything a guest names is checked before the host touches it: a PFN
 * must be guest memory (as the GPADL code checks), every range must lie
 * inside the packet that carries it, every offset inside the buffer it
 * names. The ranges are copied out of the ring once and used from the
 * copy.
 */
#ifndef _VMBC_SIM_VSP_H
#define _VMBC_SIM_VSP_H

#include <linux/types.h>

#include "sim.h"

struct vmbc_ring_pkt;

/**
 * struct vmbc_sim_sg - one piece of a guest buffer, within one page
 * @pfn: the page (Hyper-V PFNs are kernel PFNs here: 4 KiB pages).
 * @offset: where the piece starts in it.
 * @len: its bytes.
 */
struct vmbc_sim_sg {
	u64 pfn;
	u32 offset;
	u32 len;
};

/**
 * struct vmbc_sim_gbuf - a guest buffer named by a GPA-direct packet
 * @sg: its pieces, in order (every range of the packet, page by page).
 * @nr: entries of @sg.
 * @len: its bytes, all ranges together.
 * @ranges: ranges the packet had.
 */
struct vmbc_sim_gbuf {
	struct vmbc_sim_sg *sg;
	u32 nr;
	u32 len;
	u32 ranges;
};

const char *vmbc_sim_gbuf_from_packet(struct vmbc_sim_gbuf *b,
				      const struct vmbc_ring_pkt *pkt);
void vmbc_sim_gbuf_free(struct vmbc_sim_gbuf *b);
void vmbc_sim_gbuf_copy(const struct vmbc_sim_gbuf *b, u32 off, void *buf,
			u32 len, bool to_guest);

int vmbc_sim_gpadl_copy(const struct vmbc_sim_gpadl *g, u64 off, void *buf,
			u32 len, bool to_guest);
struct vmbc_sim_gpadl *vmbc_sim_vsp_gpadl(struct vmbc_sim_dev *dev,
					  u32 handle);

bool vmbc_sim_vsp_room(struct vmbc_sim_dev *dev, u32 ring_bytes);
int vmbc_sim_vsp_send(struct vmbc_sim_dev *dev, u16 type, u16 flags,
		      u64 trans_id, const void *hdr, u32 hdrlen,
		      const void *data, u32 len, bool *signal);
void vmbc_sim_vsp_bad(struct vmbc_sim_dev *dev, const char *fmt, ...)
	__printf(2, 3);

/* Ring bytes a packet of @payload bytes after a 16-byte descriptor takes. */
#define VMBC_SIM_VSP_PKT_BYTES(payload) \
	vmbc_ring_packet_bytes(sizeof(struct vmpacket_descriptor) + (payload))

#endif /* _VMBC_SIM_VSP_H */
