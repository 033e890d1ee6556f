// SPDX-License-Identifier: GPL-2.0
/*
 * Per-channel settings a driver makes before or after opening a channel.
 */
#include <linux/module.h>

#include <vmbc/vmbus.h>

/**
 * vmbus_set_sc_create_callback() - be told of each new sub-channel
 * @primary_channel: the primary channel whose sub-channels are wanted.
 * @sc_cr_cb: called, from the core's own work, once per sub-channel offer.
 *
 * Context: process context; set it before asking the host for sub-channels.
 */
void vmbus_set_sc_create_callback(struct vmbus_channel *primary_channel,
				  void (*sc_cr_cb)(struct vmbus_channel *new_sc))
{
	primary_channel->sc_creation_callback = sc_cr_cb;
}
EXPORT_SYMBOL_GPL(vmbus_set_sc_create_callback);

/**
 * vmbus_set_chn_rescind_callback() - handle a rescind in the driver
 * @channel: the channel.
 * @chn_rescind_cb: called instead of unregistering the device when the
 *	host rescinds @channel.
 *
 * Context: process context.
 */
void vmbus_set_chn_rescind_callback(struct vmbus_channel *channel,
				    void (*chn_rescind_cb)(struct vmbus_channel *c))
{
	channel->chn_rescind_callback = chn_rescind_cb;
}
EXPORT_SYMBOL_GPL(vmbus_set_chn_rescind_callback);
