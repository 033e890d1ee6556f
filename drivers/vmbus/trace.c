// SPDX-License-Identifier: GPL-2.0
/*
 * The one place vmbc's tracepoints are defined (trace.h lists them).
 */
#include "core.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/**
 * vmbc_channel_set_state() - move a channel to @state, traced
 * @channel: the channel.
 * @state: enum vmbus_channel_state.
 *
 * Every change of a channel's state goes through here, so that the
 * vmbc_channel_state tracepoint sees each one.
 *
 * Context: any; the caller holds what orders its state changes (the
 * channel's open_lock, or its offer work).
 */
void vmbc_channel_set_state(struct vmbus_channel *channel,
			    enum vmbus_channel_state state)
{
	trace_vmbc_channel_state(channel, READ_ONCE(channel->state), state);
	/* Lockless readers (sysfs, the send path) read it once. */
	WRITE_ONCE(channel->state, state);
}

/**
 * vmbc_trace_channel_event() - a rescind or a release, as a state change
 * @channel: the channel.
 * @what: VMBC_TRACE_RESCINDED or VMBC_TRACE_RELEASED.
 *
 * Context: any.
 */
void vmbc_trace_channel_event(struct vmbus_channel *channel, int what)
{
	trace_vmbc_channel_state(channel, READ_ONCE(channel->state), what);
}
