/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A stand-in for Linux 6.12's private drivers/hv/hyperv_vmbus.h, for the
 * Linux drivers that include it (hv_utils, uio_hv_generic) when they are
 * built against vmbc (scripts/linux-drivers.sh copies it where they look
 * for it). It gives what those drivers take from that header, over vmbc:
 * the Integration Services' common state and timeouts, the global
 * connection and class table, and the calls the header declares. The
 * hv_vmbus internals it also holds in Linux (SynIC, hypercalls, channel
 * bookkeeping) are vmbc's own business and are not here.
 */
#ifndef _HYPERV_VMBUS_H
#define _HYPERV_VMBUS_H

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/hyperv.h>
#include <linux/interrupt.h>
#include <linux/list.h>

#include <vmbc/hv_private.h>

/* Seconds an IC driver waits for its userspace daemon to answer. */
#define HV_UTIL_TIMEOUT 30

/*
 * Seconds an IC driver without a daemon waits before it looks at the
 * host's NEGOTIATE again (KVP: it then still does not answer it).
 */
#define HV_UTIL_NEGO_TIMEOUT 55

/* The daemon-facing services of hv_utils. */
int hv_kvp_init(struct hv_util_service *srv);
int hv_kvp_init_transport(void);
void hv_kvp_deinit(void);
int hv_kvp_pre_suspend(void);
int hv_kvp_pre_resume(void);
void hv_kvp_onchannelcallback(void *context);

int hv_vss_init(struct hv_util_service *srv);
int hv_vss_init_transport(void);
void hv_vss_deinit(void);
int hv_vss_pre_suspend(void);
int hv_vss_pre_resume(void);
void hv_vss_onchannelcallback(void *context);

/* Run @cb for @channel now: what the services do once a daemon answers. */
static inline void hv_poll_channel(struct vmbus_channel *channel,
				   void (*cb)(void *))
{
	if (!channel)
		return;
	cb(channel);
}

/* Where a daemon-facing service is in its exchange with userspace. */
enum hvutil_device_state {
	HVUTIL_DEVICE_INIT = 0,
	HVUTIL_READY,
	HVUTIL_HOSTMSG_RECEIVED,
	HVUTIL_USERSPACE_REQ,
	HVUTIL_USERSPACE_RECV,
	HVUTIL_DEVICE_DYING,
};

/* The ring size the channel's class prefers, 0 for none. */
static inline size_t hv_dev_ring_size(struct vmbus_channel *channel)
{
	return vmbus_devs[channel->device_id].pref_ring_size;
}

/* Is the channel's class spread over CPUs? */
static inline bool hv_is_perf_channel(struct vmbus_channel *channel)
{
	return vmbus_devs[channel->device_id].perf_device;
}

#endif /* _HYPERV_VMBUS_H */
