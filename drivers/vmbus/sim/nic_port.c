// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim synthetic NIC: the host's end of the wire, a network device of
 * this kernel ("vmbcsw0", ...), as a port of Hyper-V's virtual switch.
 * What the guest's NIC sends comes out of it; what is sent through it goes
 * to the guest's NIC. Moved into a network namespace of its own, it lets
 * the guest's interface and it ping each other in one kernel.
 *
 * The port outlives its NIC by a little: it is registered and taken away
 * on a work queue of its own, never on the host's, because both take the
 * RTNL, which the guest's netvsc holds while it waits for the host's
 * answers. The NIC detaches first (vmbc_sim_nic_port_detach()); from then
 * on the port drops what it is given, until its work unregisters it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "nic.h"

/**
 * struct vmbc_sim_nic_port - the host's end of one NIC's wire
 * @lock: guards @nic, @ndev and the NIC's @chans and @rx_ready for the
 *	transmit path (a spinlock: it runs in softirq context).
 * @nic: the NIC, NULL once detached.
 * @ndev: the network device, NULL until registered.
 * @stopped: a channel's queue filled and stopped @ndev's queue.
 * @create: registers @ndev.
 * @destroy: unregisters it and frees the port, after @create.
 */
struct vmbc_sim_nic_port {
	spinlock_t lock;	/* the transmit path against the NIC: above */
	struct vmbc_sim_nic *nic;
	struct net_device *ndev;
	bool stopped;
	struct work_struct create;
	struct work_struct destroy;
};

/* Ports are registered and unregistered here; drained at unload. */
static struct workqueue_struct *vmbc_sim_nic_wq;

/* The port behind a network device: its private area holds the pointer. */
static struct vmbc_sim_nic_port *vmbc_sim_port_of(struct net_device *ndev)
{
	return *(struct vmbc_sim_nic_port **)netdev_priv(ndev);
}

/*
 * Queue @skb for the guest on the channel the guest's indirection table
 * picks (the primary without one), for that channel's work to write into
 * the guest's receive buffer. A queue that fills stops the port's
 * transmit queue (@stop), which the channel's work wakes as it drains
 * (vmbc_sim_nic_port_wake()). @skb is not consumed on failure.
 */
static int vmbc_sim_port_queue(struct vmbc_sim_nic_port *port,
			       struct sk_buff *skb, bool stop)
{
	struct vmbc_sim_nic_chan *ch;
	struct vmbc_sim_nic *nic;
	unsigned long flags;
	int ret = -ENETDOWN;
	u32 index = 0;

	spin_lock_irqsave(&port->lock, flags);
	nic = port->nic;
	if (!nic || !nic->rx_ready)
		goto out;
	/* rss_size is 0 whenever rss_on is false, both under the lock */
	if (nic->rss_on)
		index = nic->rss_table[skb_get_hash(skb) % nic->rss_size];
	ch = nic->chans[index] ?: nic->chans[0];
	if (!ch)
		goto out;
	/* another channel's queue filled and stopped the port: not this one */
	if (skb_queue_len(&ch->rxq) >= VMBC_SIM_NIC_RXQ_MAX) {
		ret = -ENOBUFS;
		goto out;
	}
	skb_queue_tail(&ch->rxq, skb);
	if (stop && port->ndev &&
	    skb_queue_len(&ch->rxq) >= VMBC_SIM_NIC_RXQ_MAX) {
		/* under the lock the wake takes: no wake-up is lost */
		port->stopped = true;
		netif_stop_queue(port->ndev);
	}
	/* the channel's work writes it; the NIC detaches before it is freed */
	queue_work(ch->dev->chan.sim->wq, &ch->dev->chan.io_work);
	ret = 0;
out:
	spin_unlock_irqrestore(&port->lock, flags);
	return ret;
}

/* A frame sent through the port goes to the guest. */
static netdev_tx_t vmbc_sim_port_start_xmit(struct sk_buff *skb,
					    struct net_device *ndev)
{
	struct vmbc_sim_nic_port *port = vmbc_sim_port_of(ndev);
	unsigned int len = skb->len;

	/* the core's transmit lock serialises these counters */
	if (vmbc_sim_port_queue(port, skb, true)) {
		ndev->stats.tx_dropped++;
		dev_kfree_skb_any(skb);
	} else {
		ndev->stats.tx_packets++;
		ndev->stats.tx_bytes += len;
	}
	return NETDEV_TX_OK;
}

/**
 * vmbc_sim_nic_port_xmit() - give the guest a frame
 * @port: the port.
 * @skb: the frame, an Ethernet header first; consumed.
 *
 * As if it came in through the port, but not stopping its queue.
 *
 * Context: any.
 * Return: 0 (queued); -ENETDOWN when the guest takes no frames now (its
 * RNDIS device not started, no receive buffer, the link down, the NIC
 * gone); -ENOBUFS when the channel's queue is full.
 */
int vmbc_sim_nic_port_xmit(struct vmbc_sim_nic_port *port,
			   struct sk_buff *skb)
{
	int ret = vmbc_sim_port_queue(port, skb, false);

	if (ret)
		dev_kfree_skb_any(skb);
	return ret;
}

/**
 * vmbc_sim_nic_port_wake() - a channel's queue drained: the port sends again
 * @port: the port (NULL: there is none).
 * @ch: the channel, or NULL when one went away with its queue.
 *
 * The port's queue, stopped by a full channel queue, starts again once
 * @ch's is under half full (or gone); a frame for another channel still
 * full is dropped, as when the port never stopped.
 *
 * Context: the host's mutex held (the channel's work, or a close).
 */
void vmbc_sim_nic_port_wake(struct vmbc_sim_nic_port *port,
			    struct vmbc_sim_nic_chan *ch)
{
	unsigned long flags;

	if (!port)
		return;
	spin_lock_irqsave(&port->lock, flags);
	if (port->stopped && port->ndev &&
	    (!ch || skb_queue_len(&ch->rxq) < VMBC_SIM_NIC_RXQ_MAX / 2)) {
		port->stopped = false;
		netif_wake_queue(port->ndev);
	}
	spin_unlock_irqrestore(&port->lock, flags);
}

static const struct net_device_ops vmbc_sim_port_ops = {
	.ndo_start_xmit = vmbc_sim_port_start_xmit,
	.ndo_validate_addr = eth_validate_addr,
	.ndo_set_mac_address = eth_mac_addr,
};

static void vmbc_sim_port_create(struct work_struct *work)
{
	struct vmbc_sim_nic_port *port = container_of(work, typeof(*port),
						      create);
	struct net_device *ndev;
	unsigned long flags;
	bool up;

	ndev = alloc_netdev(sizeof(port), "vmbcsw%d", NET_NAME_ENUM,
			    ether_setup);
	if (!ndev) {
		pr_err("no memory for a NIC's host port\n");
		return;
	}
	*(struct vmbc_sim_nic_port **)netdev_priv(ndev) = port;
	ndev->netdev_ops = &vmbc_sim_port_ops;
	ndev->max_mtu = VMBC_SIM_NIC_MTU;
	eth_hw_addr_random(ndev);
	if (register_netdev(ndev)) {
		pr_err("cannot register a NIC's host port\n");
		free_netdev(ndev);
		return;
	}
	spin_lock_irqsave(&port->lock, flags);
	port->ndev = ndev;
	up = port->nic && port->nic->link_up;
	spin_unlock_irqrestore(&port->lock, flags);
	if (up)
		netif_carrier_on(ndev);
	else
		netif_carrier_off(ndev);
}

static void vmbc_sim_port_destroy(struct work_struct *work)
{
	struct vmbc_sim_nic_port *port = container_of(work, typeof(*port),
						      destroy);

	/* @create ran (or never will): no registration is left behind */
	cancel_work_sync(&port->create);
	if (port->ndev) {
		unregister_netdev(port->ndev);
		free_netdev(port->ndev);
	}
	kfree(port);
}

/**
 * vmbc_sim_nic_port_new() - make a NIC's host port
 * @nic: the NIC (its primary channel's).
 *
 * The network device is registered on the port's work queue soon after.
 *
 * Context: any context a device is created in (may be under the host's
 * mutex); sleeps.
 * Return: the port, or NULL (no memory).
 */
struct vmbc_sim_nic_port *vmbc_sim_nic_port_new(struct vmbc_sim_nic *nic)
{
	struct vmbc_sim_nic_port *port = kzalloc(sizeof(*port), GFP_KERNEL);

	if (!port)
		return NULL;
	spin_lock_init(&port->lock);
	port->nic = nic;
	INIT_WORK(&port->create, vmbc_sim_port_create);
	INIT_WORK(&port->destroy, vmbc_sim_port_destroy);
	queue_work(vmbc_sim_nic_wq, &port->create);
	return port;
}

/**
 * vmbc_sim_nic_port_detach() - the NIC is going: the port goes too
 * @port: the port.
 *
 * Frames sent through it are dropped from now on; its network device is
 * unregistered and the port freed on its work queue.
 *
 * Context: process context, no host mutex needed; does not sleep.
 */
void vmbc_sim_nic_port_detach(struct vmbc_sim_nic_port *port)
{
	unsigned long flags;

	spin_lock_irqsave(&port->lock, flags);
	port->nic = NULL;
	spin_unlock_irqrestore(&port->lock, flags);
	queue_work(vmbc_sim_nic_wq, &port->destroy);
}

/*
 * The writes of the three setters below, under the port's lock when there
 * is a port (one function each: sparse follows no lock taken on a
 * condition).
 */
static struct vmbc_sim_nic_chan *
vmbc_sim_nic_swap_chan(struct vmbc_sim_nic *nic, u16 index,
		       struct vmbc_sim_nic_chan *ch)
{
	struct vmbc_sim_nic_chan *old = nic->chans[index];

	nic->chans[index] = ch;
	return old;
}

static void vmbc_sim_nic_write_rss(struct vmbc_sim_nic *nic, bool on,
				   u16 size, const u8 *table)
{
	nic->rss_on = on && size;
	nic->rss_size = on ? size : 0;
	if (on)
		memcpy(nic->rss_table, table, size);
}

/**
 * vmbc_sim_nic_port_set_chan() - a channel opens or closes for frames
 * @port: the port (NULL: there is none).
 * @nic: its NIC.
 * @index: the channel's sub-channel index.
 * @ch: the channel, or NULL when it closed (its queue is emptied).
 *
 * Context: the host's mutex held.
 */
void vmbc_sim_nic_port_set_chan(struct vmbc_sim_nic_port *port,
				struct vmbc_sim_nic *nic, u16 index,
				struct vmbc_sim_nic_chan *ch)
{
	struct vmbc_sim_nic_chan *old;
	unsigned long flags;

	if (port) {
		spin_lock_irqsave(&port->lock, flags);
		old = vmbc_sim_nic_swap_chan(nic, index, ch);
		spin_unlock_irqrestore(&port->lock, flags);
	} else {
		/* no transmit path: the host's mutex is enough */
		old = vmbc_sim_nic_swap_chan(nic, index, ch);
	}
	if (old && !ch) {
		skb_queue_purge(&old->rxq);
		/* a port stopped for this queue would wait for ever */
		vmbc_sim_nic_port_wake(port, NULL);
	}
}

/**
 * vmbc_sim_nic_port_set_ready() - whether the guest takes frames now
 * @port: the port (NULL: there is none).
 * @nic: its NIC.
 * @ready: it does.
 *
 * Context: the host's mutex held.
 */
void vmbc_sim_nic_port_set_ready(struct vmbc_sim_nic_port *port,
				 struct vmbc_sim_nic *nic, bool ready)
{
	unsigned long flags;

	if (!port) {
		nic->rx_ready = ready;
		return;
	}
	spin_lock_irqsave(&port->lock, flags);
	nic->rx_ready = ready;
	spin_unlock_irqrestore(&port->lock, flags);
}

/**
 * vmbc_sim_nic_port_set_rss() - the guest's indirection table, anew
 * @port: the port (NULL: there is none).
 * @nic: its NIC.
 * @on: the guest spreads frames over its channels.
 * @size: entries of @table.
 * @table: channel indices, each at most the sub-channels allowed.
 *
 * Context: the host's mutex held.
 */
void vmbc_sim_nic_port_set_rss(struct vmbc_sim_nic_port *port,
			       struct vmbc_sim_nic *nic, bool on, u16 size,
			       const u8 *table)
{
	unsigned long flags;

	if (!port) {
		vmbc_sim_nic_write_rss(nic, on, size, table);
		return;
	}
	spin_lock_irqsave(&port->lock, flags);
	vmbc_sim_nic_write_rss(nic, on, size, table);
	spin_unlock_irqrestore(&port->lock, flags);
}

/**
 * vmbc_sim_nic_port_rx() - a frame of the guest's comes out of the port
 * @port: the port.
 * @frame: the frame, an Ethernet header first (checked by the caller).
 * @len: its bytes.
 *
 * Context: the channel's work, the host's mutex held: the port's network
 * device stays registered while its NIC is attached.
 * Return: true when the port took it.
 */
bool vmbc_sim_nic_port_rx(struct vmbc_sim_nic_port *port, const void *frame,
			  u32 len)
{
	struct net_device *ndev;
	struct sk_buff *skb;
	unsigned long flags;

	if (!port)
		return false;
	spin_lock_irqsave(&port->lock, flags);
	ndev = port->ndev;
	spin_unlock_irqrestore(&port->lock, flags);
	if (!ndev || !(ndev->flags & IFF_UP))
		return false;
	skb = netdev_alloc_skb(ndev, len + NET_IP_ALIGN);
	if (!skb) {
		ndev->stats.rx_dropped++;
		return false;
	}
	skb_reserve(skb, NET_IP_ALIGN);
	skb_put_data(skb, frame, len);
	skb->protocol = eth_type_trans(skb, ndev);
	ndev->stats.rx_packets++;
	ndev->stats.rx_bytes += len;
	/* process context: netif_rx() raises the softirq itself */
	netif_rx(skb);
	return true;
}

/**
 * vmbc_sim_nic_port_carrier() - the port's link follows the NIC's
 * @port: the port.
 * @up: the link is up.
 *
 * Context: any.
 */
void vmbc_sim_nic_port_carrier(struct vmbc_sim_nic_port *port, bool up)
{
	struct net_device *ndev;
	unsigned long flags;

	spin_lock_irqsave(&port->lock, flags);
	ndev = port->ndev;
	if (ndev) {
		if (up)
			netif_carrier_on(ndev);
		else
			netif_carrier_off(ndev);
	}
	spin_unlock_irqrestore(&port->lock, flags);
}

/**
 * vmbc_sim_nic_port_name() - the port's interface name
 * @port: the port.
 * @name: IFNAMSIZ bytes, filled in ("" before it is registered).
 *
 * Context: any.
 * Return: its ifindex, 0 before it is registered.
 */
int vmbc_sim_nic_port_name(struct vmbc_sim_nic_port *port, char *name)
{
	unsigned long flags;
	int ifindex = 0;

	name[0] = '\0';
	spin_lock_irqsave(&port->lock, flags);
	if (port->ndev) {
		strscpy(name, port->ndev->name, IFNAMSIZ);
		ifindex = port->ndev->ifindex;
	}
	spin_unlock_irqrestore(&port->lock, flags);
	return ifindex;
}

/**
 * vmbc_sim_nic_setup() - the ports' work queue, at module load
 *
 * Return: 0, or -ENOMEM.
 */
int vmbc_sim_nic_setup(void)
{
	vmbc_sim_nic_wq = alloc_workqueue("vmbc_sim_nic", WQ_UNBOUND, 0);
	return vmbc_sim_nic_wq ? 0 : -ENOMEM;
}

/**
 * vmbc_sim_nic_teardown() - at unload, once every host is gone: the last
 * ports are unregistered before the module's code goes.
 */
void vmbc_sim_nic_teardown(void)
{
	destroy_workqueue(vmbc_sim_nic_wq);
}
