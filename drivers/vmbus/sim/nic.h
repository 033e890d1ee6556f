/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbc_sim's synthetic NIC: what its three files share. nic.c plays NVSP
 * on the channels (versions, the two buffers, sub-channels, completions);
 * nic_rndis.c the RNDIS messages inside (the device's control, its data);
 * nic_port.c the host's end of the wire, a network device in this kernel.
 *
 * Locking: the host's mutex guards everything the channels' work touches.
 * The port's spinlock guards what the port's transmit path reads besides
 * (struct vmbc_sim_nic_port): which channels take frames, and whether the
 * guest takes them at all; both are written under both locks.
 */
#ifndef _VMBC_SIM_NIC_H
#define _VMBC_SIM_NIC_H

#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include <vmbc/netvsp.h>

#include "sim.h"

/* Channels of one NIC: the primary and at most 63 sub-channels. */
#define VMBC_SIM_NIC_MAX_CHANNELS	64
/* Sub-channels the host allows until told otherwise. */
#define VMBC_SIM_NIC_SUBCHANNELS	7
/* The MTU the host offers (RNDIS_OID_GEN_MAXIMUM_FRAME_SIZE). */
#define VMBC_SIM_NIC_MTU		1500
/* A receive section: a full frame and its RNDIS and PPI headers. */
#define VMBC_SIM_NIC_RECV_SECTION	1728
/* A send section, as Hyper-V sizes them. */
#define VMBC_SIM_NIC_SEND_SECTION	6144
/* Frames waiting for the guest on one channel: the port stops there. */
#define VMBC_SIM_NIC_RXQ_MAX		1024
/*
 * Answers waiting for a receive section on one channel. hv_netvsc has one
 * control message out at a time; a guest with more out than this while it
 * holds every section waits (its ring is read no further) until it gives
 * one back.
 */
#define VMBC_SIM_NIC_ANSQ_MAX		16
/* The most bytes one RNDIS send (a section and its pages) may carry. */
#define VMBC_SIM_NIC_SEND_MAX		(128 * 1024)
/* Frames the guest may batch in one send (RNDIS INIT_C). */
#define VMBC_SIM_NIC_MAX_PKTS		8
/* Batched frames start at multiples of 1 << this (8 bytes). */
#define VMBC_SIM_NIC_ALIGN_SHIFT	3
/* The indirection table the host offers (entries). */
#define VMBC_SIM_NIC_RSS_TABLE		128

struct vmbc_sim_nic_port;
struct vmbc_sim_nic_scratch;

/**
 * enum vmbc_sim_rndis_state - the RNDIS device, as the guest drove it
 * @VMBC_SIM_RNDIS_UNINIT: before RNDIS_MSG_INIT (or after HALT).
 * @VMBC_SIM_RNDIS_INIT: initialised; no packet filter yet: the host
 *	gives the guest no frames.
 * @VMBC_SIM_RNDIS_DATA: a packet filter is set: frames flow.
 */
enum vmbc_sim_rndis_state {
	VMBC_SIM_RNDIS_UNINIT,
	VMBC_SIM_RNDIS_INIT,
	VMBC_SIM_RNDIS_DATA,
};

/**
 * struct vmbc_sim_nic_chan - one channel of a NIC, the host's end
 * @dev: its device.
 * @rxq: frames for the guest on this channel, from the port's transmit
 *	path (the queue's own lock).
 * @ansq: answers to the guest's control messages on this channel that
 *	wait for a free receive section (the host's mutex). The message
 *	itself is taken at once: the completions that give sections back
 *	come behind it in the ring and must be read.
 * @wait_section: a frame or answer waits for a free receive section, or
 *	a control message for room in @ansq.
 * @frames_in: frames the guest sent on it.
 * @frames_out: frames the host gave the guest on it.
 */
struct vmbc_sim_nic_chan {
	struct vmbc_sim_dev *dev;
	struct sk_buff_head rxq;
	struct sk_buff_head ansq;
	bool wait_section;
	u64 frames_in;
	u64 frames_out;
};

/**
 * struct vmbc_sim_nic - the host's end of one synthetic NIC
 * @ch: this channel's state; every channel's device has one.
 *
 * The rest is the primary's only, under the host's mutex:
 * @version: the NVSP version accepted, 0 before INIT.
 * @ndis_version: the NDIS version the guest announced.
 * @recv_gpadl: the receive buffer's GPADL handle, 0 for none.
 * @recv_sections: its sections, VMBC_SIM_NIC_RECV_SECTION bytes each.
 * @recv_used: sections the guest has not given back.
 * @recv_map: a bit per section, set while the guest holds it.
 * @recv_next: where the search for a free section starts.
 * @send_gpadl: the send buffer's GPADL handle, 0 for none.
 * @send_sections: its sections, VMBC_SIM_NIC_SEND_SECTION bytes each.
 * @rndis: enum vmbc_sim_rndis_state.
 * @filter: the packet filter the guest set (RNDIS_PACKET_TYPE_*).
 * @link_up: the link, as debugfs set it.
 * @indicate: a link change waits to be told to the guest.
 * @mac: the guest's MAC address (from the instance GUID).
 * @max_subchannels: sub-channels the host allows.
 * @rss_on: the guest set an indirection table and did not disable it.
 * @rss_size: its entries.
 * @rss_table: its entries: channel indices.
 * @port: the host's end of the wire (NULL when there was no memory).
 * @scratch: where the guest's sends are gathered (NULL when there was no
 *	memory: RNDIS is refused).
 * @out: where the host builds a message for the guest.
 * @chans: the open channels by sub-channel index (0 the primary); also
 *	under the port's lock, for its transmit path.
 * @rx_ready: the guest takes frames (RNDIS data state, a receive buffer,
 *	the link up); also under the port's lock.
 *
 * Counters (the host's mutex):
 * @frames_in: frames the guest sent, given to the port.
 * @bytes_in: their bytes.
 * @frames_out: frames the host gave the guest.
 * @bytes_out: their bytes.
 * @dropped_in: frames of the guest's the port could not take.
 * @dropped_out: frames for the guest dropped (too long, no memory).
 * @rndis_requests: RNDIS control messages answered.
 * @rndis_refused: of them, those answered with a failure status
 *	(an unknown OID, an offload the host lacks).
 * @indications: link changes told to the guest.
 */
struct vmbc_sim_nic {
	struct vmbc_sim_nic_chan ch;

	u32 version;
	u32 ndis_version;
	u32 recv_gpadl;
	u32 recv_sections;
	u32 recv_used;
	unsigned long *recv_map;
	u32 recv_next;
	u32 send_gpadl;
	u32 send_sections;
	enum vmbc_sim_rndis_state rndis;
	u32 filter;
	bool link_up;
	bool indicate;
	u8 mac[ETH_ALEN];
	u16 max_subchannels;
	bool rss_on;
	u16 rss_size;
	u8 rss_table[VMBC_NDIS_RSS_TABLE_MAX];
	struct vmbc_sim_nic_port *port;
	struct vmbc_sim_nic_scratch *scratch;
	u8 out[VMBC_SIM_NIC_RECV_SECTION] __aligned(8);
	struct vmbc_sim_nic_chan *chans[VMBC_SIM_NIC_MAX_CHANNELS];
	bool rx_ready;

	u64 frames_in;
	u64 bytes_in;
	u64 frames_out;
	u64 bytes_out;
	u64 dropped_in;
	u64 dropped_out;
	u64 rndis_requests;
	u64 rndis_refused;
	u64 indications;
};

/* nic.c */
struct vmbc_sim_nic *vmbc_sim_nic_of(struct vmbc_sim_dev *dev);
int vmbc_sim_nic_deliver(struct vmbc_sim_nic *nic,
			 struct vmbc_sim_nic_chan *ch, const void *msg,
			 u32 len, bool control, bool *signal);
bool vmbc_sim_nic_can_deliver(struct vmbc_sim_nic *nic,
			      struct vmbc_sim_nic_chan *ch, u32 extra_bytes);
int vmbc_sim_nic_answer(struct vmbc_sim_nic *nic,
			struct vmbc_sim_nic_chan *ch, const void *msg, u32 len,
			bool *signal);
void vmbc_sim_nic_update_rx(struct vmbc_sim_nic *nic);

/* nic_rndis.c */
u32 vmbc_sim_rndis_control(struct vmbc_sim_nic *nic, struct vmbc_sim_dev *dev,
			   const u8 *msg, u32 len, bool *signal);
u32 vmbc_sim_rndis_data(struct vmbc_sim_nic *nic, struct vmbc_sim_dev *dev,
			const u8 *msg, u32 len);
int vmbc_sim_rndis_frame_out(struct vmbc_sim_nic *nic,
			     struct vmbc_sim_nic_chan *ch,
			     const struct sk_buff *skb, bool *signal);
int vmbc_sim_rndis_indicate(struct vmbc_sim_nic *nic, bool *signal);
/* The bytes of the RNDIS message that carries one frame of @len bytes. */
#define VMBC_SIM_RNDIS_FRAME_BYTES(len) \
	(VMBC_RNDIS_HEADER_SIZE + sizeof(struct vmbc_rndis_packet) + \
	 sizeof(struct vmbc_rndis_ppi) + sizeof(u32) + (len))

/* nic_port.c */
struct vmbc_sim_nic_port *vmbc_sim_nic_port_new(struct vmbc_sim_nic *nic);
void vmbc_sim_nic_port_detach(struct vmbc_sim_nic_port *port);
void vmbc_sim_nic_port_set_chan(struct vmbc_sim_nic_port *port,
				struct vmbc_sim_nic *nic, u16 index,
				struct vmbc_sim_nic_chan *ch);
void vmbc_sim_nic_port_set_ready(struct vmbc_sim_nic_port *port,
				 struct vmbc_sim_nic *nic, bool ready);
void vmbc_sim_nic_port_set_rss(struct vmbc_sim_nic_port *port,
			       struct vmbc_sim_nic *nic, bool on, u16 size,
			       const u8 *table);
bool vmbc_sim_nic_port_rx(struct vmbc_sim_nic_port *port, const void *frame,
			  u32 len);
void vmbc_sim_nic_port_carrier(struct vmbc_sim_nic_port *port, bool up);
int vmbc_sim_nic_port_name(struct vmbc_sim_nic_port *port, char *name);
int vmbc_sim_nic_port_xmit(struct vmbc_sim_nic_port *port,
			   struct sk_buff *skb);
void vmbc_sim_nic_port_wake(struct vmbc_sim_nic_port *port,
			    struct vmbc_sim_nic_chan *ch);
int vmbc_sim_nic_setup(void);
void vmbc_sim_nic_teardown(void);

#endif /* _VMBC_SIM_NIC_H */
