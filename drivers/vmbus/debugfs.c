// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs: what the core sees of each connection, for users and the main
 * job. /sys/kernel/debug/vmbc/<connection>/{info,stats}, and
 * /sys/kernel/debug/vmbc/memory for leak checks across all connections.
 */
#include <linux/debugfs.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>

#include "core.h"

struct dentry *vmbc_debugfs_root;

static const char * const vmbc_state_names[] = {
	[VMBC_DISCONNECTED] = "disconnected",
	[VMBC_CONNECTING] = "connecting",
	[VMBC_CONNECTED] = "connected",
	[VMBC_DISCONNECTING] = "disconnecting",
};

static const char * const vmbc_stat_names[VMBC_STAT_COUNT] = {
	[VMBC_STAT_MSGS] = "messages",
	[VMBC_STAT_MSG_NOT_VMBUS] = "rejected_not_vmbus",
	[VMBC_STAT_MSG_BAD_SIZE] = "rejected_bad_size",
	[VMBC_STAT_MSG_BAD_TYPE] = "rejected_bad_type",
	[VMBC_STAT_MSG_UNMATCHED] = "rejected_unmatched_response",
	[VMBC_STAT_MSG_NOMEM] = "dropped_no_memory",
	[VMBC_STAT_MSG_IGNORED] = "ignored_while_disconnected",
	[VMBC_STAT_OFFERS] = "offers",
	[VMBC_STAT_OFFER_BAD_RELID] = "rejected_offer_bad_relid",
	[VMBC_STAT_OFFER_RELID_BUSY] = "rejected_offer_relid_in_use",
	[VMBC_STAT_OFFER_DUPLICATE] = "rejected_offer_duplicate",
	[VMBC_STAT_OFFER_DUPLICATE_SUBCHANNEL] = "rejected_offer_duplicate_subchannel",
	[VMBC_STAT_OFFER_NO_PRIMARY] = "rejected_offer_no_primary",
	[VMBC_STAT_OFFER_BAD_MONITOR] = "rejected_offer_bad_monitor_id",
	[VMBC_STAT_OFFER_FAILED] = "failed_offers",
	[VMBC_STAT_RESCINDS] = "rescinds",
	[VMBC_STAT_RESCIND_UNKNOWN] = "rejected_rescind_unknown",
	[VMBC_STAT_EVENTS] = "events",
	[VMBC_STAT_EVENT_UNKNOWN] = "events_without_channel",
	[VMBC_STAT_EVENT_BROKEN_RING] = "events_for_broken_ring",
	[VMBC_STAT_DROP_BUDGET] = "drop_budget_exhausted",
	[VMBC_STAT_POST_RETRIES] = "post_retries",
	[VMBC_STAT_POST_FAILURES] = "post_failures",
};

static const char * const vmbc_channel_state_names[] = {
	[CHANNEL_OFFER_STATE] = "offering",
	[CHANNEL_OPENING_STATE] = "opening",
	[CHANNEL_OPEN_STATE] = "ready",
	[CHANNEL_OPENED_STATE] = "opened",
};

static void vmbc_show_channel(struct seq_file *s, struct vmbus_channel *ch)
{
	const struct vmbus_channel_offer_channel *o = &ch->offermsg;
	unsigned int state = READ_ONCE(ch->state);

	seq_printf(s, "  relid %u: ", o->child_relid);
	if (ch->primary_channel)
		seq_printf(s, "sub-channel %u of relid %u",
			   o->offer.sub_channel_index,
			   ch->primary_channel->offermsg.child_relid);
	else
		seq_printf(s, "primary, device %s", ch->device_obj ?
			   dev_name(&ch->device_obj->device) : "-");
	seq_printf(s, ", class %s {%pUl}, instance {%pUl}, %s (state %u)%s%s\n",
		   vmbc_class_name(&o->offer.if_type), &o->offer.if_type,
		   &o->offer.if_instance,
		   state < ARRAY_SIZE(vmbc_channel_state_names) ?
		   vmbc_channel_state_names[state] : "?", state,
		   o->monitor_allocated ? ", monitored" : "",
		   READ_ONCE(ch->rescind) ? ", rescinded" : "");
}

static int vmbc_info_show(struct seq_file *s, void *unused)
{
	struct vmbc_connection *conn = s->private;
	struct vmbus_channel *ch, *sc;
	int state = READ_ONCE(conn->state);
	u32 version = vmbc_connection_version(conn);

	seq_printf(s, "connection: %s\ntransport: %s\nstate: %s\n",
		   conn->name, conn->ops->name, vmbc_state_names[state]);
	seq_printf(s, "version: %u.%u\nmsg_conn_id: %u\n", version >> 16,
		   version & 0xffff, vmbc_connection_msg_conn_id(conn));
	seq_puts(s, "channels:\n");
	mutex_lock(&conn->channel_mutex);
	list_for_each_entry(ch, &conn->chn_list, listentry) {
		vmbc_show_channel(s, ch);
		list_for_each_entry(sc, &ch->sc_list, sc_list)
			vmbc_show_channel(s, sc);
	}
	mutex_unlock(&conn->channel_mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmbc_info);

static int vmbc_stats_show(struct seq_file *s, void *unused)
{
	struct vmbc_connection *conn = s->private;
	int i;

	for (i = 0; i < VMBC_STAT_COUNT; i++)
		seq_printf(s, "%s %llu\n", vmbc_stat_names[i],
			   vmbc_stat(conn, i));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmbc_stats);

/*
 * What the core holds, all connections together: after every channel is
 * gone, channels and ring_pages are back where they started;
 * ring_pages_leaked only grows, when a host never gave ring pages back:
 * those are never freed, as the host may still write them.
 */
static int vmbc_memory_show(struct seq_file *s, void *unused)
{
	/*
	 * A released channel is freed from an RCU callback: wait for those
	 * in flight, so that two reads compare what is really held.
	 */
	rcu_barrier();
	seq_printf(s, "channels %d\nring_pages %d\nring_pages_leaked %d\n",
		   atomic_read(&vmbc_channels_alive),
		   atomic_read(&vmbc_ring_pages_alive),
		   atomic_read(&vmbc_ring_pages_leaked));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmbc_memory);

/**
 * vmbc_debugfs_init() - /sys/kernel/debug/vmbc and its global files
 *
 * debugfs failures are not errors: the directory is a view, nothing more.
 */
void vmbc_debugfs_init(void)
{
	vmbc_debugfs_root = debugfs_create_dir("vmbc", NULL);
	debugfs_create_file("memory", 0444, vmbc_debugfs_root, NULL,
			    &vmbc_memory_fops);
}

/**
 * vmbc_connection_debugfs_init() - the connection's debugfs directory
 * @conn: the connection.
 *
 * debugfs failures are not errors: the directory is a view, nothing more.
 */
void vmbc_connection_debugfs_init(struct vmbc_connection *conn)
{
	conn->debugfs = debugfs_create_dir(conn->name, vmbc_debugfs_root);
	debugfs_create_file("info", 0444, conn->debugfs, conn,
			    &vmbc_info_fops);
	debugfs_create_file("stats", 0444, conn->debugfs, conn,
			    &vmbc_stats_fops);
}
