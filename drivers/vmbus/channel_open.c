// SPDX-License-Identifier: GPL-2.0
/*
 * Opening and closing a channel: ring pages, the ring GPADL, OPENCHANNEL,
 * CLOSECHANNEL and teardown.
 *
 * State: OPEN (usable) -> OPENING -> OPENED on success, or back to OPEN on
 * any failure with everything freed; OPENED -> OPEN on close. Only a
 * channel in OPEN may be opened; anything else is -EINVAL and touches
 * nothing: a second open of the same channel must never free the first
 * one's rings. open_lock serialises open and close of one
 * channel; the data path never takes it.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "core.h"
#include <vmbc/ring.h>

/* Ring pages allocated and not yet freed (or leaked): leak checks. */
atomic_t vmbc_ring_pages_alive = ATOMIC_INIT(0);
/* Ring pages given up on purpose because the host still held them. */
atomic_t vmbc_ring_pages_leaked = ATOMIC_INIT(0);

/*
 * Both rings in one go: one high-order block when the allocator has one
 * (cheap to map, NUMA-local), order-0 pages otherwise; the rings are
 * vmapped either way, so the core never needs contiguity: a high-order
 * allocation that fails on a fragmented machine must not fail the open.
 * vmbus_alloc_ring() asks for it (@contiguous): its callers (uio) hand the
 * rings to userspace as one physical block, as in Linux.
 */
static int vmbc_ring_pages_alloc(struct vmbus_channel *channel, u32 count,
				 bool contiguous)
{
	int node = channel->numa_node;
	unsigned int order = get_order(count * PAGE_SIZE);
	struct page **pages;
	struct page *block;
	u32 i;

	pages = kvcalloc(count, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;

	block = alloc_pages_node(node, GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN |
				 __GFP_NORETRY, order);
	if (block) {
		split_page(block, order);
		for (i = 0; i < (1U << order); i++) {
			if (i < count)
				pages[i] = block + i;
			else
				__free_page(block + i);
		}
	} else {
		if (contiguous) {
			kvfree(pages);
			return -ENOMEM;
		}
		for (i = 0; i < count; i++) {
			pages[i] = alloc_pages_node(node,
						    GFP_KERNEL | __GFP_ZERO, 0);
			if (!pages[i])
				goto err_free;
		}
	}
	channel->ring_pages = pages;
	channel->ringbuffer_page = pages[0];
	channel->ringbuffer_pagecount = count;
	atomic_add(count, &vmbc_ring_pages_alive);
	return 0;

err_free:
	while (i--)
		__free_page(pages[i]);
	kvfree(pages);
	return -ENOMEM;
}

/*
 * Give the ring pages back, or, when the host may still be using them
 * (it never confirmed the GPADL teardown), leak them on purpose: freed
 * pages the host can write are worse than lost ones.
 */
static void vmbc_ring_pages_free(struct vmbus_channel *channel, bool leak)
{
	u32 i;

	if (!channel->ring_pages)
		return;
	leak |= channel->rings_host_held;
	channel->rings_host_held = false;
	if (leak) {
		atomic_add(channel->ringbuffer_pagecount,
			   &vmbc_ring_pages_leaked);
		pr_warn_ratelimited("vmbc %s: relid %u: leaking %u ring pages the host still holds\n",
				    channel->conn->name,
				    channel->offermsg.child_relid,
				    channel->ringbuffer_pagecount);
	} else {
		for (i = 0; i < channel->ringbuffer_pagecount; i++)
			__free_page(channel->ring_pages[i]);
	}
	atomic_sub(channel->ringbuffer_pagecount, &vmbc_ring_pages_alive);
	kvfree(channel->ring_pages);
	channel->ring_pages = NULL;
	channel->ringbuffer_page = NULL;
	channel->ringbuffer_pagecount = 0;
}

/* Map both rings and the per-channel buffers the data path needs. */
static int vmbc_channel_map_rings(struct vmbus_channel *channel,
				  u32 send_pages, u32 recv_pages)
{
	u32 max_pkt = channel->max_pkt_size;
	int ret;

	ret = vmbc_ring_init(&channel->outbound, channel->ring_pages,
			     send_pages, 0);
	if (ret)
		return ret;
	ret = vmbc_ring_init(&channel->inbound,
			     channel->ring_pages + send_pages, recv_pages,
			     max_pkt);
	if (ret)
		goto err_outbound;
	/*
	 * The iterator hands out private copies: a driver decides on bytes
	 * the host can no longer change.
	 */
	channel->pkt_copy_size = max_pkt ? max_pkt :
				 channel->inbound.ring_datasize;
	channel->pkt_copy = kvmalloc(channel->pkt_copy_size, GFP_KERNEL);
	if (!channel->pkt_copy) {
		ret = -ENOMEM;
		goto err_inbound;
	}
	ret = vmbc_rqstor_init(channel);
	if (ret)
		goto err_copy;
	return 0;

err_copy:
	kvfree(channel->pkt_copy);
	channel->pkt_copy = NULL;
err_inbound:
	vmbc_ring_uninit(&channel->inbound);
err_outbound:
	vmbc_ring_uninit(&channel->outbound);
	return ret;
}

static void vmbc_channel_unmap_rings(struct vmbus_channel *channel)
{
	vmbc_rqstor_uninit(channel);
	kvfree(channel->pkt_copy);
	channel->pkt_copy = NULL;
	vmbc_ring_uninit(&channel->inbound);
	vmbc_ring_uninit(&channel->outbound);
}

/* OPENCHANNEL and its result: 0, or -EIO when the host said no. */
static int vmbc_send_open(struct vmbus_channel *channel, u32 send_pages,
			  const void *userdata, u32 userdatalen)
{
	struct vmbus_channel_open_channel *msg;
	struct vmbus_channel_msginfo *req;
	int ret;

	req = vmbc_request_alloc(sizeof(*msg), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	msg = (void *)req->msg;
	msg->header.msgtype = CHANNELMSG_OPENCHANNEL;
	msg->child_relid = channel->offermsg.child_relid;
	/* The relid identifies the open: one open per channel at a time. */
	msg->openid = channel->offermsg.child_relid;
	msg->ringbuffer_gpadlhandle = channel->ringbuffer_gpadlhandle;
	msg->target_vp = channel->target_vp;
	msg->downstream_ringbuffer_pageoffset = send_pages;
	if (userdatalen)
		memcpy(msg->userdata, userdata, userdatalen);

	ret = vmbc_channel_request(channel, req,
				   &req->response.open_result.status,
				   "open the channel");
	vmbc_request_free(req);
	return ret;
}

/*
 * Stop every callback and sender: none runs after this returns, so the
 * rings can go (the dispatch and the callbacks must never find a ring
 * that close freed).
 */
static void vmbc_channel_stop_callbacks(struct vmbus_channel *channel)
{
	WRITE_ONCE(channel->onchannel_callback, NULL);
	vmbc_test_point(VMBC_TP_CALLBACKS_STOPPING, channel);
	/* The dispatch (and ISR-mode callbacks) and senders run under RCU. */
	synchronize_rcu();
	/* A tasklet already scheduled or running finishes first. */
	tasklet_kill(&channel->callback_event);
}

/*
 * Everything an open built, undone in reverse. The GPADL teardown decides
 * whether the pages may be freed.
 */
static void vmbc_ring_gpadl_teardown(struct vmbus_channel *channel)
{
	int ret;

	if (!channel->ringbuffer_gpadlhandle)
		return;
	ret = vmbc_gpadl_teardown(channel, channel->ringbuffer_gpadlhandle);
	/* Not confirmed (and not rescinded): the host may still write. */
	if (ret && ret != -ENODEV)
		channel->rings_host_held = true;
	channel->ringbuffer_gpadlhandle = 0;
}

static void vmbc_channel_teardown(struct vmbus_channel *channel)
{
	vmbc_ring_gpadl_teardown(channel);
	vmbc_channel_unmap_rings(channel);
	/* Rings from vmbus_alloc_ring() stay for the next connect. */
	if (!channel->rings_driver_owned)
		vmbc_ring_pages_free(channel, false);
}

/*
 * Map the rings already allocated, establish their GPADL and send
 * OPENCHANNEL; @channel's open_lock held, its state OPENING. On failure
 * the rings are unmapped and the pages left to the caller (or, when the
 * host may hold them, marked so).
 */
static int vmbc_connect_locked(struct vmbus_channel *channel,
			       void *userdata, u32 userdatalen,
			       void (*onchannel_callback)(void *context),
			       void *context)
{
	u32 send_pages = channel->ringbuffer_send_offset;
	u32 recv_pages = channel->ringbuffer_pagecount - send_pages;
	int ret;

	ret = vmbc_channel_map_rings(channel, send_pages, recv_pages);
	if (ret)
		return ret;
	ret = vmbc_gpadl_establish_pages(channel, channel->ring_pages,
					 send_pages + recv_pages,
					 &channel->ringbuffer_gpadlhandle);
	if (ret == -EREMOTEIO) {
		/* The host may still map the rings: they are its for good. */
		channel->rings_host_held = true;
		vmbc_channel_unmap_rings(channel);
		return ret;
	}
	if (ret) {
		vmbc_channel_unmap_rings(channel);
		return ret;
	}

	channel->channel_callback_context = context;
	channel->ring_broken_reported = false;
	/*
	 * Publish after the rings and the context: pairs with the acquire in
	 * the dispatch, the tasklet and the senders. The driver may send from
	 * here on, its first callback included.
	 */
	smp_store_release(&channel->onchannel_callback, onchannel_callback);

	ret = vmbc_send_open(channel, send_pages, userdata, userdatalen);
	if (ret == -ETIMEDOUT)
		/*
		 * Only the answer may have been lost: the host may hold the
		 * channel open on our ring. Close it before the GPADL goes.
		 */
		vmbc_post_msg(channel->conn, &channel->close_msg.msg,
			      sizeof(channel->close_msg.msg), true);
	if (ret) {
		vmbc_channel_stop_callbacks(channel);
		/* GPADL teardown and unmapping; the pages stay the caller's. */
		vmbc_ring_gpadl_teardown(channel);
		vmbc_channel_unmap_rings(channel);
		return ret;
	}
	vmbc_channel_set_state(channel, CHANNEL_OPENED_STATE);
	return 0;
}

/* Enter OPENING from OPEN: -EINVAL or -ENODEV when the channel may not. */
static int vmbc_begin_open(struct vmbus_channel *channel)
{
	lockdep_assert_held(&channel->open_lock);
	if (READ_ONCE(channel->state) != CHANNEL_OPEN_STATE)
		return -EINVAL;
	if (READ_ONCE(channel->rescind))
		return -ENODEV;
	vmbc_channel_set_state(channel, CHANNEL_OPENING_STATE);
	return 0;
}

/* vmbus_open() with the arguments checked and @channel's open_lock held. */
static int vmbc_open_locked(struct vmbus_channel *channel, u32 send_pages,
			    u32 recv_pages, void *userdata, u32 userdatalen,
			    void (*onchannel_callback)(void *context),
			    void *context)
{
	int ret;

	ret = vmbc_begin_open(channel);
	if (ret)
		return ret;
	if (channel->rings_driver_owned) {
		/* vmbus_alloc_ring() without vmbus_connect_ring() */
		ret = -EINVAL;
		goto err_state;
	}
	ret = vmbc_ring_pages_alloc(channel, send_pages + recv_pages, false);
	if (ret)
		goto err_state;
	channel->ringbuffer_send_offset = send_pages;
	ret = vmbc_connect_locked(channel, userdata, userdatalen,
				  onchannel_callback, context);
	if (ret)
		vmbc_ring_pages_free(channel, false);
err_state:
	if (ret)
		vmbc_channel_set_state(channel, CHANNEL_OPEN_STATE);
	return ret;
}

/*
 * Run @fn on @channel under its open_lock, and a sub-channel's under its
 * primary's too, opened: a sub-channel opens only while its primary is.
 */
static int vmbc_with_open_lock(struct vmbus_channel *channel,
			       int (*fn)(struct vmbus_channel *channel,
					 void *arg), void *arg)
{
	struct vmbus_channel *primary = channel->primary_channel;
	int ret;

	if (!primary) {
		mutex_lock(&channel->open_lock);
		ret = fn(channel, arg);
		mutex_unlock(&channel->open_lock);
		/*
		 * New sub-channels reach the driver again. Not under
		 * open_lock: a running sc_creation_callback holds sc_cb_lock
		 * and may be opening a sub-channel, which takes open_lock.
		 */
		if (!ret) {
			mutex_lock(&channel->sc_cb_lock);
			channel->sc_cb_stopped = false;
			mutex_unlock(&channel->sc_cb_lock);
		}
		return ret;
	}
	mutex_lock(&primary->open_lock);
	if (READ_ONCE(primary->state) != CHANNEL_OPENED_STATE) {
		ret = READ_ONCE(primary->rescind) ? -ENODEV : -EINVAL;
	} else {
		mutex_lock_nested(&channel->open_lock, SINGLE_DEPTH_NESTING);
		ret = fn(channel, arg);
		mutex_unlock(&channel->open_lock);
	}
	mutex_unlock(&primary->open_lock);
	return ret;
}

/**
 * struct vmbc_open_args - what vmbus_open() and vmbus_connect_ring() pass
 * @send_pages: pages of the guest-to-host ring (vmbus_open() only).
 * @recv_pages: pages of the host-to-guest ring (vmbus_open() only).
 * @userdata: for the host.
 * @userdatalen: its length.
 * @callback: the channel callback.
 * @context: its argument.
 */
struct vmbc_open_args {
	u32 send_pages;
	u32 recv_pages;
	void *userdata;
	u32 userdatalen;
	void (*callback)(void *context);
	void *context;
};

static int vmbc_open_fn(struct vmbus_channel *channel, void *arg)
{
	struct vmbc_open_args *a = arg;

	return vmbc_open_locked(channel, a->send_pages, a->recv_pages,
				a->userdata, a->userdatalen, a->callback,
				a->context);
}

static int vmbc_connect_fn(struct vmbus_channel *channel, void *arg)
{
	struct vmbc_open_args *a = arg;
	int ret;

	if (!channel->rings_driver_owned)
		return -EINVAL;
	ret = vmbc_begin_open(channel);
	if (ret)
		return ret;
	ret = vmbc_connect_locked(channel, NULL, 0, a->callback, a->context);
	if (ret)
		vmbc_channel_set_state(channel, CHANNEL_OPEN_STATE);
	return ret;
}

/**
 * vmbus_open() - open a channel: rings, GPADL, OPENCHANNEL
 * @channel: a channel in CHANNEL_OPEN_STATE.
 * @send_ringbuffersize: bytes of the guest-to-host ring, header page
 *	included; a multiple of PAGE_SIZE, at least two pages.
 * @recv_ringbuffersize: the same for the host-to-guest ring.
 * @userdata: class-specific bytes for the host, or NULL.
 * @userdatalen: their length, at most 120.
 * @onchannel_callback: called when the host signals the channel, in the
 *	mode set_channel_read_mode() chose (tasklet by default).
 * @context: its argument.
 *
 * A sub-channel opens under its primary's open_lock, and only while the
 * primary is opened: vmbus_close() of the primary then finds each of its
 * sub-channels either opened (and closes it) or not (and it stays so).
 *
 * Context: process context, sleeps.
 * Return: 0; -EINVAL for bad sizes, a channel not in CHANNEL_OPEN_STATE or
 * a sub-channel whose primary is not opened (nothing touched); -ENODEV
 * when rescinded (or its primary is); -EIO when the host refused;
 * -ETIMEDOUT when it did not answer; -ENOMEM.
 */
int vmbus_open(struct vmbus_channel *channel, u32 send_ringbuffersize,
	       u32 recv_ringbuffersize, void *userdata, u32 userdatalen,
	       void (*onchannel_callback)(void *context), void *context)
{
	int ret;
	struct vmbc_open_args args = {
		.send_pages = send_ringbuffersize >> PAGE_SHIFT,
		.recv_pages = recv_ringbuffersize >> PAGE_SHIFT,
		.userdata = userdata,
		.userdatalen = userdatalen,
		.callback = onchannel_callback,
		.context = context,
	};

	if (!PAGE_ALIGNED(send_ringbuffersize) ||
	    !PAGE_ALIGNED(recv_ringbuffersize) || args.send_pages < 2 ||
	    args.recv_pages < 2 || userdatalen > MAX_USER_DEFINED_BYTES ||
	    (userdatalen && !userdata) || !onchannel_callback) {
		vmbc_chan_dbg(channel, "relid %u: open refused: rings of %u and %u bytes, %u bytes of user data\n",
			      channel->offermsg.child_relid,
			      send_ringbuffersize, recv_ringbuffersize,
			      userdatalen);
		return -EINVAL;
	}
	ret = vmbc_with_open_lock(channel, vmbc_open_fn, &args);
	if (ret)
		vmbc_chan_dbg(channel, "relid %u: open failed: %pe\n",
			      channel->offermsg.child_relid, ERR_PTR(ret));
	else
		vmbc_chan_dbg(channel, "relid %u: opened, rings of %u and %u bytes\n",
			      channel->offermsg.child_relid,
			      send_ringbuffersize, recv_ringbuffersize);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbus_open);

/*
 * Close @channel, its open_lock held; its sub-channels are the caller's
 * business. Return: true when a rescind waits for this close to release
 * the channel (the caller does, after dropping the lock).
 */
static bool vmbc_close_locked(struct vmbus_channel *channel)
{
	struct vmbc_connection *conn = channel->conn;
	bool release;
	int ret;

	lockdep_assert_held(&channel->open_lock);
	if (READ_ONCE(channel->state) != CHANNEL_OPENED_STATE)
		return false;
	vmbc_channel_set_state(channel, CHANNEL_OPEN_STATE);
	/* Senders check the callback under RCU: none writes after this. */
	vmbc_channel_stop_callbacks(channel);

	/* A rescinded channel's host no longer listens. */
	if (!READ_ONCE(channel->rescind)) {
		ret = vmbc_post_msg(conn, &channel->close_msg.msg,
				    sizeof(channel->close_msg.msg), true);
		if (ret)
			vmbc_host_err(conn, "relid %u: CLOSECHANNEL failed: %pe\n",
				      channel->offermsg.child_relid, ERR_PTR(ret));
	}
	vmbc_channel_teardown(channel);
	release = channel->release_on_close;
	channel->release_on_close = false;
	return release;
}

/* Close one channel; @subclass tells lockdep a sub-channel's lock nests. */
static void vmbc_close_one(struct vmbus_channel *channel,
			   unsigned int subclass)
{
	bool release;

	mutex_lock_nested(&channel->open_lock, subclass);
	release = vmbc_close_locked(channel);
	mutex_unlock(&channel->open_lock);
	/* A rescind waited for this close: the channel may be freed now. */
	if (release)
		vmbc_channel_release_rescinded(channel);
}

static void vmbc_free_ring_nested(struct vmbus_channel *channel,
				  unsigned int subclass)
{
	mutex_lock_nested(&channel->open_lock, subclass);
	if (channel->rings_driver_owned) {
		if (READ_ONCE(channel->state) != CHANNEL_OPEN_STATE) {
			dev_warn(vmbc_chan_dev(channel), "relid %u: rings not freed: the channel is still open; close it first\n",
				 channel->offermsg.child_relid);
		} else {
			channel->rings_driver_owned = false;
			vmbc_ring_pages_free(channel, false);
		}
	}
	mutex_unlock(&channel->open_lock);
}

/*
 * Close a primary, its opened sub-channels first. Return: whether the
 * primary itself was opened.
 */
static bool vmbc_close_primary(struct vmbus_channel *channel)
{
	struct vmbc_connection *conn = channel->conn;
	struct vmbus_channel *sub, *next;
	bool release, opened;

	mutex_lock(&channel->sc_cb_lock);
	channel->sc_cb_stopped = true;
	mutex_unlock(&channel->sc_cb_lock);

	/*
	 * A sub-channel opens under its primary's open_lock (vmbus_open()),
	 * so while we hold it none is half-open: each is closed or opened.
	 * One opened sub-channel at a time, found under channel_mutex and
	 * closed without it: closing waits for the host, whose answers the
	 * message work delivers, and that work takes channel_mutex too.
	 */
	mutex_lock(&channel->open_lock);
	for (;;) {
		next = NULL;
		mutex_lock(&conn->channel_mutex);
		list_for_each_entry(sub, &channel->sc_list, sc_list) {
			if (READ_ONCE(sub->state) == CHANNEL_OPENED_STATE) {
				next = sub;
				kobject_get(&next->kobj);
				break;
			}
		}
		mutex_unlock(&conn->channel_mutex);
		if (!next)
			break;
		vmbc_close_one(next, SINGLE_DEPTH_NESTING);
		vmbc_free_ring_nested(next, SINGLE_DEPTH_NESTING);
		vmbc_channel_put(next);
	}
	opened = READ_ONCE(channel->state) == CHANNEL_OPENED_STATE;
	release = vmbc_close_locked(channel);
	mutex_unlock(&channel->open_lock);
	if (release)
		vmbc_channel_release_rescinded(channel);
	return opened;
}

/**
 * vmbus_close() - close a channel, its sub-channels first
 * @channel: an opened channel; closing another is a no-op.
 *
 * No callback runs once this returns, and the channel can be opened
 * again, any number of times. For a primary, no sc_creation_callback runs
 * either (one in progress is waited for) until the primary is opened
 * again, so a driver may free what its callback uses; it must therefore
 * not close the primary from that callback. Rings from vmbus_alloc_ring()
 * are freed too.
 *
 * Context: process context, sleeps.
 */
void vmbus_close(struct vmbus_channel *channel)
{
	vmbc_chan_dbg(channel, "relid %u: closing (state %d%s)\n",
		      channel->offermsg.child_relid, READ_ONCE(channel->state),
		      READ_ONCE(channel->rescind) ? ", rescinded" : "");
	if (channel->primary_channel)
		vmbc_close_one(channel, 0);
	else
		vmbc_close_primary(channel);
	vmbus_free_ring(channel);
}
EXPORT_SYMBOL_GPL(vmbus_close);

/**
 * vmbus_disconnect_ring() - close a primary and keep its rings
 * @channel: a primary opened with vmbus_connect_ring() (or vmbus_open()).
 *
 * As vmbus_close(), except that rings from vmbus_alloc_ring() stay, for
 * a later vmbus_connect_ring(); sub-channels are closed and their rings
 * freed.
 *
 * Context: process context, sleeps.
 * Return: 0; -EINVAL for a sub-channel or a channel that was not opened.
 */
int vmbus_disconnect_ring(struct vmbus_channel *channel)
{
	if (channel->primary_channel)
		return -EINVAL;
	return vmbc_close_primary(channel) ? 0 : -EINVAL;
}
EXPORT_SYMBOL_GPL(vmbus_disconnect_ring);

/**
 * vmbus_alloc_ring() - allocate a channel's rings ahead of connecting
 * @channel: a channel in CHANNEL_OPEN_STATE without rings.
 * @send_size: bytes of the guest-to-host ring, header page included; a
 *	multiple of PAGE_SIZE, at least two pages.
 * @recv_size: the same for the host-to-guest ring.
 *
 * The rings are one physically contiguous block (ringbuffer_page on),
 * which uio_hv_generic maps to userspace; they stay across
 * vmbus_disconnect_ring() and vmbus_connect_ring() until
 * vmbus_free_ring() or vmbus_close().
 *
 * Context: process context, sleeps.
 * Return: 0; -EINVAL for bad sizes or a channel not in
 * CHANNEL_OPEN_STATE or with rings; -ENOMEM.
 */
int vmbus_alloc_ring(struct vmbus_channel *channel, u32 send_size,
		     u32 recv_size)
{
	u32 send_pages = send_size >> PAGE_SHIFT;
	u32 recv_pages = recv_size >> PAGE_SHIFT;
	int ret = -EINVAL;

	if (!PAGE_ALIGNED(send_size) || !PAGE_ALIGNED(recv_size) ||
	    send_pages < 2 || recv_pages < 2)
		return -EINVAL;
	mutex_lock(&channel->open_lock);
	if (READ_ONCE(channel->state) == CHANNEL_OPEN_STATE &&
	    !channel->ring_pages) {
		ret = vmbc_ring_pages_alloc(channel, send_pages + recv_pages,
					    true);
		if (!ret) {
			channel->ringbuffer_send_offset = send_pages;
			channel->rings_driver_owned = true;
		}
	}
	mutex_unlock(&channel->open_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbus_alloc_ring);

/**
 * vmbus_free_ring() - free the rings vmbus_alloc_ring() allocated
 * @channel: a channel that is not opened.
 *
 * Rings the host may still hold (a GPADL teardown it never confirmed) are
 * leaked on purpose, and counted. Nothing happens for a channel without
 * such rings, or one still opened (logged).
 *
 * Context: process context, sleeps.
 */
void vmbus_free_ring(struct vmbus_channel *channel)
{
	vmbc_free_ring_nested(channel, 0);
}
EXPORT_SYMBOL_GPL(vmbus_free_ring);

/**
 * vmbus_connect_ring() - open a channel on rings from vmbus_alloc_ring()
 * @channel: a channel in CHANNEL_OPEN_STATE with such rings.
 * @onchannel_callback: as for vmbus_open().
 * @context: its argument.
 *
 * Context: process context, sleeps.
 * Return: as vmbus_open(); -EINVAL also when the channel has no rings from
 * vmbus_alloc_ring().
 */
int vmbus_connect_ring(struct vmbus_channel *channel,
		       void (*onchannel_callback)(void *context),
		       void *context)
{
	struct vmbc_open_args args = {
		.callback = onchannel_callback,
		.context = context,
	};

	if (!onchannel_callback)
		return -EINVAL;
	return vmbc_with_open_lock(channel, vmbc_connect_fn, &args);
}
EXPORT_SYMBOL_GPL(vmbus_connect_ring);

/**
 * vmbus_reset_channel_cb() - stop a channel's callbacks before closing it
 * @channel: an opened channel.
 *
 * No callback, and no sc_creation_callback, runs once this returns; the
 * channel stays opened (sends fail with -EINVAL) until vmbus_close().
 *
 * Context: process context, sleeps; never from the channel's callback.
 */
void vmbus_reset_channel_cb(struct vmbus_channel *channel)
{
	mutex_lock(&channel->sc_cb_lock);
	channel->sc_creation_callback = NULL;
	mutex_unlock(&channel->sc_cb_lock);
	mutex_lock(&channel->open_lock);
	vmbc_channel_stop_callbacks(channel);
	mutex_unlock(&channel->open_lock);
}
EXPORT_SYMBOL_GPL(vmbus_reset_channel_cb);

/**
 * vmbc_channel_free_rings() - free what a channel's driver left allocated
 * @channel: a channel being freed.
 *
 * Rings from vmbus_alloc_ring() the driver never freed.
 *
 * Context: process context.
 */
void vmbc_channel_free_rings(struct vmbus_channel *channel)
{
	vmbc_ring_pages_free(channel, false);
}
