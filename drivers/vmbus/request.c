// SPDX-License-Identifier: GPL-2.0
/*
 * Requests to the host that wait for a response, and the matching of
 * responses against them.
 *
 * A request is a struct vmbus_channel_msginfo on the connection's
 * @requests list while it waits. A response completes the first request
 * it matches and takes it off the list, so a duplicate or unsolicited
 * response finds nothing and is dropped and counted: a host's answer is
 * only ever taken for a request actually outstanding.
 * Every wait is bounded and is cut short by a rescind of its channel.
 */
#include <linux/slab.h>

#include "core.h"

struct vmbus_channel_msginfo *vmbc_request_alloc(u32 msgsize, gfp_t gfp)
{
	struct vmbus_channel_msginfo *req;

	req = kzalloc(struct_size(req, msg, msgsize), gfp);
	if (!req)
		return NULL;
	INIT_LIST_HEAD(&req->msglistentry);
	INIT_LIST_HEAD(&req->submsglist);
	init_completion(&req->waitevent);
	req->msgsize = msgsize;
	return req;
}

void vmbc_request_free(struct vmbus_channel_msginfo *req)
{
	kfree(req);
}

static u32 vmbc_msgtype(const void *msg)
{
	return ((const struct vmbus_channel_message_header *)msg)->msgtype;
}

/*
 * Does @resp (validated: at least its type's minimum size) answer the
 * request whose message is @req?
 */
static bool vmbc_response_matches(u32 type, const void *req, const void *resp)
{
	const struct vmbus_channel_open_channel *open = req;
	const struct vmbus_channel_open_result *result = resp;
	const struct vmbus_channel_gpadl_header *gpadl = req;
	const struct vmbus_channel_gpadl_created *created = resp;
	const struct vmbus_channel_gpadl_teardown *teardown = req;
	const struct vmbus_channel_gpadl_torndown *torndown = resp;
	const struct vmbus_channel_modifychannel *modify = req;
	const struct vmbus_channel_modifychannel_response *modified = resp;

	switch (type) {
	case CHANNELMSG_VERSION_RESPONSE:
		return vmbc_msgtype(req) == CHANNELMSG_INITIATE_CONTACT;
	case CHANNELMSG_OPENCHANNEL_RESULT:
		return vmbc_msgtype(req) == CHANNELMSG_OPENCHANNEL &&
		       open->child_relid == result->child_relid &&
		       open->openid == result->openid;
	case CHANNELMSG_GPADL_CREATED:
		return vmbc_msgtype(req) == CHANNELMSG_GPADL_HEADER &&
		       gpadl->child_relid == created->child_relid &&
		       gpadl->gpadl == created->gpadl;
	case CHANNELMSG_GPADL_TORNDOWN:
		return vmbc_msgtype(req) == CHANNELMSG_GPADL_TEARDOWN &&
		       teardown->gpadl == torndown->gpadl;
	case CHANNELMSG_MODIFYCHANNEL_RESPONSE:
		return vmbc_msgtype(req) == CHANNELMSG_MODIFYCHANNEL &&
		       modify->child_relid == modified->child_relid;
	default:
		return false;
	}
}

/**
 * vmbc_handle_response() - complete the request a response answers
 * @conn: the connection.
 * @type: CHANNELMSG_* of the response.
 * @msg: the response, a private copy of at least its type's minimum size.
 * @size: its size.
 *
 * Context: the connection's message work.
 */
void vmbc_handle_response(struct vmbc_connection *conn, u32 type,
			  const void *msg, u32 size)
{
	struct vmbus_channel_msginfo *req, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&conn->requests_lock, flags);
	list_for_each_entry(req, &conn->requests, msglistentry) {
		if (vmbc_response_matches(type, req->msg, msg)) {
			found = req;
			break;
		}
	}
	if (found) {
		/* Off the list: a duplicate response finds nothing. */
		list_del_init(&found->msglistentry);
		memcpy(&found->response, msg, min_t(u32, size,
						    sizeof(found->response)));
		complete(&found->waitevent);
	}
	spin_unlock_irqrestore(&conn->requests_lock, flags);

	if (!found) {
		vmbc_count(conn, VMBC_STAT_MSG_UNMATCHED);
		vmbc_host_err(conn, "dropped response type %u: no request waits for it\n",
			      type);
	}
}

/**
 * vmbc_request_begin() - put a request on the list before posting it
 * @conn: the connection.
 * @req: the request.
 * @channel: the channel it is about, or NULL; a rescind of it ends the wait.
 *
 * On the list first, so that a response can never come before its request
 * is there to match. vmbc_request_wait() must follow, whatever happens.
 *
 * Context: any.
 * Return: 0, or -ENODEV when @channel is already rescinded.
 */
int vmbc_request_begin(struct vmbc_connection *conn,
		       struct vmbus_channel_msginfo *req,
		       struct vmbus_channel *channel)
{
	unsigned long flags;

	req->waiting_channel = channel;
	reinit_completion(&req->waitevent);
	spin_lock_irqsave(&conn->requests_lock, flags);
	list_add_tail(&req->msglistentry, &conn->requests);
	spin_unlock_irqrestore(&conn->requests_lock, flags);

	/* A rescind before we were on the list cancelled nothing: check. */
	if (channel && READ_ONCE(channel->rescind))
		return -ENODEV;
	return 0;
}

/**
 * vmbc_request_wait() - wait for the response, then take the request off
 * @conn: the connection.
 * @req: the request, begun with vmbc_request_begin().
 * @channel: as given to vmbc_request_begin().
 * @err: the result of posting; non-zero skips the wait.
 *
 * Context: process context, sleeps.
 * Return: 0 with the response in @req->response; @err; -ENODEV when
 * @channel was rescinded; -ETIMEDOUT when the host did not answer within
 * the connection's timeout.
 */
int vmbc_request_wait(struct vmbc_connection *conn,
		      struct vmbus_channel_msginfo *req,
		      struct vmbus_channel *channel, int err)
{
	unsigned long timeout = msecs_to_jiffies(conn->timeout_ms);
	unsigned long flags;
	bool answered;
	long left = 0;

	if (!err)
		left = wait_for_completion_timeout(&req->waitevent, timeout);
	spin_lock_irqsave(&conn->requests_lock, flags);
	/* vmbc_handle_response() takes a request off the list it answers. */
	answered = list_empty(&req->msglistentry);
	list_del_init(&req->msglistentry);
	spin_unlock_irqrestore(&conn->requests_lock, flags);
	if (err)
		return err;
	if (answered)
		return 0;
	if (channel && READ_ONCE(channel->rescind))
		return -ENODEV;
	return left ? -ECANCELED : -ETIMEDOUT;
}

/**
 * vmbc_request_send() - post a request and wait for its response
 * @conn: the connection.
 * @req: the request; @req->msg holds the message.
 * @connection_id: where to post it.
 * @channel: the channel it is about, or NULL; a rescind of it ends the wait.
 *
 * Context: process context, sleeps.
 * Return: as vmbc_request_wait(), or a vmbc_post() error.
 */
int vmbc_request_send(struct vmbc_connection *conn,
		      struct vmbus_channel_msginfo *req, u32 connection_id,
		      struct vmbus_channel *channel)
{
	int ret;

	ret = vmbc_request_begin(conn, req, channel);
	if (!ret)
		ret = vmbc_post(conn, connection_id, req->msg, req->msgsize,
				true);
	return vmbc_request_wait(conn, req, channel, ret);
}

/**
 * vmbc_channel_request() - a request about a channel whose answer has a status
 * @channel: the channel; its rescind ends the wait.
 * @req: the request; @req->msg holds the message.
 * @status: where the answer's status lands, inside @req->response.
 * @what: what the host was asked to do, for the log.
 *
 * Context: process context, sleeps.
 * Return: as vmbc_request_send(), or -EIO when the host answered with a
 * non-zero status (logged, rate-limited).
 */
int vmbc_channel_request(struct vmbus_channel *channel,
			 struct vmbus_channel_msginfo *req, const u32 *status,
			 const char *what)
{
	struct vmbc_connection *conn = channel->conn;
	int ret;

	ret = vmbc_request_send(conn, req, vmbc_connection_msg_conn_id(conn),
				channel);
	if (!ret && *status) {
		vmbc_host_err(conn, "relid %u: host refused to %s: status %#x\n",
			      channel->offermsg.child_relid, what, *status);
		ret = -EIO;
	}
	return ret;
}

/**
 * vmbc_requests_cancel_channel() - wake every request about a channel
 * @conn: the connection.
 * @channel: the rescinded channel; its @rescind is already set.
 *
 * The waiters find their request unanswered and return -ENODEV at once:
 * a rescinded channel's host never answers, and no wait may outlive it.
 *
 * Context: any.
 */
void vmbc_requests_cancel_channel(struct vmbc_connection *conn,
				  struct vmbus_channel *channel)
{
	struct vmbus_channel_msginfo *req;
	unsigned long flags;

	spin_lock_irqsave(&conn->requests_lock, flags);
	list_for_each_entry(req, &conn->requests, msglistentry)
		if (req->waiting_channel == channel)
			complete(&req->waitevent);
	spin_unlock_irqrestore(&conn->requests_lock, flags);
}
