// SPDX-License-Identifier: GPL-2.0
/*
 * The Integration Services helper drivers call: the answer to the host's
 * version negotiation.
 */
#include <linux/export.h>

#include <vmbc/vmbus.h>

/*
 * A NEGOTIATE's versions must fit in the buffer the packet was read
 * into, after its headers; Linux caps each count at 100 as well. The
 * v5.2 signature gives no buffer length: every IC driver reads into at
 * least a page.
 */
#define VMBC_IC_MAX_COUNT	100

/* The first of @want (newest first) that @offered holds, or -1. */
static int vmbc_ic_pick(const struct ic_version *offered, unsigned int n,
			const int *want, int nr_want)
{
	int i;
	unsigned int j;

	for (i = 0; i < nr_want; i++)
		for (j = 0; j < n; j++)
			if (offered[j].major == (u16)(want[i] >> 16) &&
			    offered[j].minor == (u16)want[i])
				return want[i];
	return -1;
}

/*
 * The answer to a NEGOTIATE in @buf of @buflen bytes: the newest versions
 * both sides know, or none. Every count the host gave is checked against
 * @buflen before a version is read.
 */
static bool vmbc_ic_negotiate(struct icmsg_hdr *icmsghdrp, u8 *buf,
			      u32 buflen, const int *fw_version, int fw_vercnt,
			      const int *srv_version, int srv_vercnt,
			      int *nego_fw_version, int *nego_srv_version)
{
	struct icmsg_negotiate *negop = (void *)(buf + ICMSG_HDR);
	/*
	 * The versions follow the counts, as many as the host says: the
	 * array is declared with one entry (v5.2's layout), so it is walked
	 * through a pointer.
	 */
	struct ic_version *versions = (void *)(buf + ICMSG_HDR +
					       offsetof(struct icmsg_negotiate,
							icversion_data));
	unsigned int nr_fw, nr_msg;
	u32 room;
	int fw = -1, srv = -1;

	/* Room for the counts and for the answer's two versions. */
	if (buflen < ICMSG_HDR + sizeof(*negop) + sizeof(struct ic_version))
		return false;
	room = buflen - ICMSG_HDR - offsetof(struct icmsg_negotiate,
					     icversion_data);
	/* read once: the host may still be writing the buffer's source */
	nr_fw = READ_ONCE(negop->icframe_vercnt);
	nr_msg = READ_ONCE(negop->icmsg_vercnt);
	if (nr_fw <= VMBC_IC_MAX_COUNT && nr_msg <= VMBC_IC_MAX_COUNT &&
	    (nr_fw + nr_msg) * sizeof(struct ic_version) <= room) {
		fw = vmbc_ic_pick(versions, nr_fw, fw_version, fw_vercnt);
		if (fw >= 0)
			srv = vmbc_ic_pick(versions + nr_fw, nr_msg,
					   srv_version, srv_vercnt);
	}
	/* the answer: one version of each, or none */
	icmsghdrp->icmsgsize = sizeof(*negop) + sizeof(struct ic_version);
	negop->icframe_vercnt = srv >= 0;
	negop->icmsg_vercnt = srv >= 0;
	versions[0].major = fw >= 0 ? fw >> 16 : 0;
	versions[0].minor = fw >= 0 ? fw & 0xffff : 0;
	versions[1].major = srv >= 0 ? srv >> 16 : 0;
	versions[1].minor = srv >= 0 ? srv & 0xffff : 0;
	if (nego_fw_version)
		*nego_fw_version = fw >= 0 ? fw : 0;
	if (nego_srv_version)
		*nego_srv_version = srv >= 0 ? srv : 0;
	return srv >= 0;
}

/**
 * vmbus_prep_negotiate_resp() - answer an Integration Services NEGOTIATE
 * @icmsghdrp: the IC header in @buf.
 * @buf: the host's packet payload, pipe header first, read into at least
 *	a page; rewritten in place into the answer (the caller then sets
 *	the RESPONSE flag and sends it back with the packet's request id).
 * @fw_version: framework versions the driver supports, newest first, each
 *	major << 16 | minor.
 * @fw_vercnt: entries of @fw_version.
 * @srv_version: the service's message versions, likewise.
 * @srv_vercnt: entries of @srv_version.
 * @nego_fw_version: the framework version chosen, when not NULL.
 * @nego_srv_version: the message version chosen, when not NULL.
 *
 * Picks the newest framework and message version that both sides know.
 * The host's version counts are checked before any version is read: a
 * NEGOTIATE offering more than fit in a page after its headers is answered
 * as one with no common version.
 *
 * Context: any.
 * Return: true when both a framework and a message version were found (the
 * answer offers one of each); false otherwise (the answer offers none).
 */
bool vmbus_prep_negotiate_resp(struct icmsg_hdr *icmsghdrp, u8 *buf,
			       const int *fw_version, int fw_vercnt,
			       const int *srv_version, int srv_vercnt,
			       int *nego_fw_version, int *nego_srv_version)
{
	return vmbc_ic_negotiate(icmsghdrp, buf, HV_HYP_PAGE_SIZE, fw_version,
				 fw_vercnt, srv_version, srv_vercnt,
				 nego_fw_version, nego_srv_version);
}
EXPORT_SYMBOL_GPL(vmbus_prep_negotiate_resp);

/**
 * vmbc_prep_negotiate_resp_612() - Linux 6.12's vmbus_prep_negotiate_resp()
 * @icmsghdrp: the IC header in @buf.
 * @buf: the host's packet payload, pipe header first.
 * @buflen: bytes of the packet in @buf; no version past them is read, and
 *	a buffer too short for the answer is left alone (false).
 * @fw_version: as for vmbus_prep_negotiate_resp().
 * @fw_vercnt: likewise.
 * @srv_version: likewise.
 * @srv_vercnt: likewise.
 * @nego_fw_version: likewise.
 * @nego_srv_version: likewise.
 *
 * Context: any.
 * Return: as vmbus_prep_negotiate_resp().
 */
bool vmbc_prep_negotiate_resp_612(struct icmsg_hdr *icmsghdrp, u8 *buf,
				  u32 buflen, const int *fw_version,
				  int fw_vercnt, const int *srv_version,
				  int srv_vercnt, int *nego_fw_version,
				  int *nego_srv_version)
{
	return vmbc_ic_negotiate(icmsghdrp, buf, buflen, fw_version,
				 fw_vercnt, srv_version, srv_vercnt,
				 nego_fw_version, nego_srv_version);
}
EXPORT_SYMBOL_GPL(vmbc_prep_negotiate_resp_612);
