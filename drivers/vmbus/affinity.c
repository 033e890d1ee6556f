// SPDX-License-Identifier: GPL-2.0
/*
 * Which CPU each channel interrupts: chosen per offer the v5.2 way, and
 * changeable at run time (sysfs "cpu", MODIFYCHANNEL from protocol 4.1).
 *
 * Performance-critical classes (storage, network, PCI) spread over NUMA
 * nodes round-robin per primary, and over the CPUs of the node per
 * channel, a primary's channels avoiding the CPUs already given to its
 * siblings (alloced_cpus_in_node); other classes interrupt CPU 0.
 *
 * The interrupt entry finds a channel through the relid table, never
 * through a per-CPU list, so a channel that moves between CPUs loses no
 * interrupt; percpu_list only records where each channel
 * is, for the administrator and for CPU hot-remove, which is refused for
 * a CPU that channels still interrupt.
 */
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/nodemask.h>
#include <linux/slab.h>
#include <linux/topology.h>

#include "core.h"

static bool vmbc_class_is_perf(u16 dev_type)
{
	switch (dev_type) {
	case HV_IDE:
	case HV_SCSI:
	case HV_FC:
	case HV_NIC:
	case HV_ND:
	case HV_PCIE:
		return true;
	default:
		return false;
	}
}

/* The next node with online CPUs after @node, wrapping around. */
static int vmbc_next_node(int node)
{
	int tries;

	for (tries = 0; tries < MAX_NUMNODES; tries++) {
		node = next_node(node, node_online_map);
		if (node >= MAX_NUMNODES)
			node = first_node(node_online_map);
		if (cpumask_intersects(cpumask_of_node(node), cpu_online_mask))
			return node;
	}
	return first_online_node;
}

/**
 * vmbc_channel_pick_cpu() - choose a new channel's target CPU
 * @channel: the channel, its offer and primary_channel set.
 *
 * A CPU that channels interrupt cannot go offline until they are moved
 * (vmbc_cpu_offline_check()).
 *
 * Context: the message work, under cpus_read_lock() and the connection's
 * channel_mutex.
 */
void vmbc_channel_pick_cpu(struct vmbus_channel *channel)
{
	struct vmbc_connection *conn = channel->conn;
	struct vmbus_channel *primary = channel->primary_channel ?: channel;
	u16 dev_type = vmbc_class_dev_type(&channel->offermsg.offer.if_type);
	cpumask_var_t avail;
	unsigned int cpu = 0;
	int node;

	/* cpus_read_lock() too; lockdep_assert_cpus_held() is not exported */
	lockdep_assert_held(&conn->channel_mutex);
	if (!vmbc_class_is_perf(dev_type) ||
	    !zalloc_cpumask_var(&avail, GFP_KERNEL))
		goto out;

	if (!channel->primary_channel) {
		node = vmbc_next_node(conn->last_node);
		conn->last_node = node;
		channel->numa_node = node;
		cpumask_clear(&channel->alloced_cpus_in_node);
	} else if (primary->affinity_policy == HV_LOCALIZED) {
		cpu = primary->target_cpu;
		free_cpumask_var(avail);
		goto out;
	}
	node = primary->numa_node;
	cpumask_and(avail, cpumask_of_node(node), cpu_online_mask);
	if (cpumask_empty(avail))
		cpumask_copy(avail, cpu_online_mask);
	/* Every CPU of the node taken by a sibling: start a new round. */
	if (cpumask_subset(avail, &primary->alloced_cpus_in_node))
		cpumask_clear(&primary->alloced_cpus_in_node);
	cpumask_andnot(avail, avail, &primary->alloced_cpus_in_node);
	/* Spread primaries too: start after the last CPU handed out. */
	cpu = cpumask_next(conn->last_cpu, avail);
	if (cpu >= nr_cpu_ids)
		cpu = cpumask_first(avail);
	cpumask_set_cpu(cpu, &primary->alloced_cpus_in_node);
	conn->last_cpu = cpu;
	free_cpumask_var(avail);
out:
	channel->target_cpu = cpu;
	channel->target_vp = conn->ops->cpu_to_vp(conn->priv, cpu);
	channel->numa_node = cpu_to_node(cpu);
	list_add_tail(&channel->percpu_list,
		      per_cpu_ptr(conn->percpu_channels, cpu));
}

/**
 * vmbc_channel_forget_cpu() - take a channel off its CPU's list
 * @channel: the channel.
 *
 * Context: under the connection's channel_mutex.
 */
void vmbc_channel_forget_cpu(struct vmbus_channel *channel)
{
	lockdep_assert_held(&channel->conn->channel_mutex);
	list_del_init(&channel->percpu_list);
}

/* MODIFYCHANNEL; from 5.3 the host answers and may refuse. */
static int vmbc_send_modify(struct vmbus_channel *channel, u32 target_vp)
{
	struct vmbc_connection *conn = channel->conn;
	struct vmbus_channel_modifychannel *msg;
	struct vmbus_channel_msginfo *req;
	int ret;

	req = vmbc_request_alloc(sizeof(*msg), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	msg = (void *)req->msg;
	msg->header.msgtype = CHANNELMSG_MODIFYCHANNEL;
	msg->child_relid = channel->offermsg.child_relid;
	msg->target_vp = target_vp;
	if (vmbc_connection_version(conn) < VERSION_WIN10_V5_3) {
		ret = vmbc_post_msg(conn, msg, sizeof(*msg), true);
		goto out;
	}
	ret = vmbc_channel_request(channel, req,
				   &req->response.modify_response.status,
				   "move the channel");
out:
	vmbc_request_free(req);
	return ret;
}

int vmbc_channel_set_cpu(struct vmbus_channel *channel, unsigned int cpu)
{
	struct vmbc_connection *conn = channel->conn;
	u32 target_vp, old_cpu;
	int ret;

	if (vmbc_connection_version(conn) < VERSION_WIN10_V4_1)
		return -EOPNOTSUPP;
	cpus_read_lock();
	if (cpu >= nr_cpu_ids || !cpu_online(cpu)) {
		ret = -EINVAL;
		goto unlock_cpus;
	}
	mutex_lock(&channel->open_lock);
	if (READ_ONCE(channel->state) != CHANNEL_OPENED_STATE) {
		ret = -EINVAL;
		goto unlock;
	}
	if (cpu == channel->target_cpu) {
		ret = 0;
		goto unlock;
	}
	target_vp = conn->ops->cpu_to_vp(conn->priv, cpu);
	ret = vmbc_send_modify(channel, target_vp);
	if (ret)
		goto unlock;
	mutex_lock(&conn->channel_mutex);
	list_move_tail(&channel->percpu_list,
		       per_cpu_ptr(conn->percpu_channels, cpu));
	old_cpu = channel->target_cpu;
	WRITE_ONCE(channel->target_vp, target_vp);
	WRITE_ONCE(channel->target_cpu, cpu);
	/*
	 * Linux 6.12's drivers (storvsc) track their channels' CPUs and walk
	 * the primary's sub-channels in this callback: under channel_mutex,
	 * which keeps that list still.
	 */
	if (channel->change_target_cpu_callback)
		channel->change_target_cpu_callback(channel, old_cpu, cpu);
	mutex_unlock(&conn->channel_mutex);
unlock:
	mutex_unlock(&channel->open_lock);
unlock_cpus:
	cpus_read_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_channel_set_cpu);

/**
 * vmbc_send_modifychannel() - Linux 6.12's vmbus_send_modifychannel()
 * @channel: an opened channel.
 * @target_vp: the virtual processor the host should interrupt.
 *
 * Only the message: the channel's CPU bookkeeping is the caller's (Linux
 * calls it from its own cpu store); vmbc_channel_set_cpu() does both.
 *
 * Context: process context, sleeps.
 * Return: 0; -EOPNOTSUPP before protocol 4.1; -EIO when the host refused
 * (5.3 and later); -ETIMEDOUT; -ENODEV when rescinded.
 */
int vmbc_send_modifychannel(struct vmbus_channel *channel, u32 target_vp)
{
	if (vmbc_connection_version(channel->conn) < VERSION_WIN10_V4_1)
		return -EOPNOTSUPP;
	return vmbc_send_modify(channel, target_vp);
}
EXPORT_SYMBOL_GPL(vmbc_send_modifychannel);
