/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbc_sim's device models, each in a file of its own, and what they
 * share. Included by the models and by the table in models.c only: the
 * host's core reaches a model through struct vmbc_sim_model (sim.h).
 */
#ifndef _VMBC_SIM_MODELS_H
#define _VMBC_SIM_MODELS_H

#include <linux/types.h>
#include <linux/workqueue.h>

#include <vmbc/protocol.h>

#include "sim.h"

extern const struct vmbc_sim_model vmbc_sim_echo_model;
extern const struct vmbc_sim_model vmbc_sim_heartbeat_model;
extern const struct vmbc_sim_model vmbc_sim_shutdown_model;
extern const struct vmbc_sim_model vmbc_sim_timesync_model;
extern const struct vmbc_sim_model vmbc_sim_kvp_model;
extern const struct vmbc_sim_model vmbc_sim_keyboard_model;
extern const struct vmbc_sim_model vmbc_sim_storage_model;
extern const struct vmbc_sim_model vmbc_sim_network_model;

struct seq_file;

void *vmbc_sim_model_primary(struct vmbc_sim *sim, u32 relid,
			     const struct vmbc_sim_model *model);
struct vmbc_sim_dev *vmbc_sim_model_dev(struct vmbc_sim *sim, u32 relid,
					const struct vmbc_sim_model *model);

/* ic.c: the Integration Services framework the IC models share */

/* The most versions of each kind an IC model offers in its NEGOTIATE. */
#define VMBC_SIM_IC_MAX_VERSIONS	4

/**
 * struct vmbc_sim_ic_versions - what an IC service offers in NEGOTIATE
 * @framework: framework versions, newest first.
 * @nr_framework: entries of @framework.
 * @service: message versions of the service, newest first.
 * @nr_service: entries of @service.
 * @msgtype: ICMSGTYPE_* of the service's own messages.
 * @any_status: the guest may answer the service's own messages with a
 *	status other than HV_S_OK (a refusal, the end of a KVP pool): the
 *	model judges it. NEGOTIATE's must be HV_S_OK regardless.
 */
struct vmbc_sim_ic_versions {
	struct ic_version framework[VMBC_SIM_IC_MAX_VERSIONS];
	unsigned int nr_framework;
	struct ic_version service[VMBC_SIM_IC_MAX_VERSIONS];
	unsigned int nr_service;
	u16 msgtype;
	bool any_status;
};

/**
 * struct vmbc_sim_ic - the host's end of one IC channel
 * @dev: the device.
 * @versions: what the service offers.
 * @negotiated: the guest answered NEGOTIATE; @framework and @service are
 *	the versions it chose.
 * @framework: the framework version in use.
 * @service: the service's message version in use.
 * @pending_type: ICMSGTYPE_* of the request awaiting its answer.
 * @pending: a request awaits its answer.
 * @pending_txn: its ictransaction_id.
 * @pending_trans_id: its packet's trans_id.
 * @pending_size: its message's size, after the IC header.
 * @pending_frame: the framework version its header carried.
 * @pending_msg: the message version its header carried.
 * @next_txn: the ictransaction_id of the next request.
 * @next_trans_id: the trans_id of the next request's packet.
 * @answered: an answer to one of the service's own messages was taken.
 * @status: the status of the last such answer.
 * @answer_size: bytes of its message after the IC header (padding
 *	included, as the packet's length counts it).
 */
struct vmbc_sim_ic {
	struct vmbc_sim_dev *dev;
	const struct vmbc_sim_ic_versions *versions;
	bool negotiated;
	struct ic_version framework;
	struct ic_version service;
	u16 pending_type;
	bool pending;
	u8 pending_txn;
	u64 pending_trans_id;
	u16 pending_size;
	struct ic_version pending_frame;
	struct ic_version pending_msg;
	u8 next_txn;
	u64 next_trans_id;
	bool answered;
	u32 status;
	u32 answer_size;
};

void vmbc_sim_ic_init(struct vmbc_sim_ic *ic, struct vmbc_sim_dev *dev,
		      const struct vmbc_sim_ic_versions *versions);
void vmbc_sim_ic_opened(struct vmbc_sim_ic *ic);
int vmbc_sim_ic_request(struct vmbc_sim_ic *ic, u16 msgtype,
			const void *msg, u16 size);
int vmbc_sim_ic_answer(struct vmbc_sim_ic *ic,
		       const struct vmbc_ring_pkt *pkt, void *msg, u16 size);
void vmbc_sim_ic_judge(struct vmbc_sim_ic *ic, const char *why);
int vmbc_sim_ic_ready(struct vmbc_sim_ic *ic);
bool vmbc_sim_ic_unread(struct vmbc_sim_ic *ic);
void vmbc_sim_ic_show(struct vmbc_sim_ic *ic, struct seq_file *s);

#endif /* _VMBC_SIM_MODELS_H */
