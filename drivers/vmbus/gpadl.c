// SPDX-License-Identifier: GPL-2.0
/*
 * GPADLs: describing guest pages to the host.
 *
 * A GPADL is one GPADL_HEADER (up to 26 PFNs) and as many GPADL_BODY
 * messages (up to 28 PFNs each) as the rest needs, answered by one
 * GPADL_CREATED matched on (relid, handle). The guest picks the handle.
 * PFNs are Hyper-V's 4 KiB page numbers whatever PAGE_SIZE is.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "core.h"

/* Hyper-V page numbers of a kernel page. */
static u64 vmbc_page_to_hvpfn(struct page *page)
{
	return page_to_pfn(page) << (PAGE_SHIFT - HV_HYP_PAGE_SHIFT);
}

static struct page *vmbc_kaddr_to_page(void *addr)
{
	return is_vmalloc_addr(addr) ? vmalloc_to_page(addr) :
				       virt_to_page(addr);
}

/* Post the GPADL_BODY messages after the header's PFNs. */
static int vmbc_gpadl_post_bodies(struct vmbc_connection *conn, u32 handle,
				  const u64 *pfns, u32 count)
{
	struct vmbus_channel_gpadl_body *body;
	u32 msgnumber = 1, n;
	int ret = 0;

	body = kzalloc(HV_MESSAGE_PAYLOAD_BYTE_COUNT, GFP_KERNEL);
	if (!body)
		return -ENOMEM;
	while (count) {
		n = min_t(u32, count, VMBUS_GPADL_BODY_MAX_PFNS);
		memset(body, 0, HV_MESSAGE_PAYLOAD_BYTE_COUNT);
		body->header.msgtype = CHANNELMSG_GPADL_BODY;
		body->msgnumber = msgnumber++;
		body->gpadl = handle;
		memcpy(body->pfn, pfns, n * sizeof(u64));
		ret = vmbc_post_msg(conn, body, struct_size(body, pfn, n), true);
		if (ret)
			break;
		pfns += n;
		count -= n;
	}
	kfree(body);
	return ret;
}

/**
 * vmbc_gpadl_teardown() - withdraw a GPADL and wait until the host let go
 * @channel: the channel it was made for.
 * @handle: the GPADL.
 *
 * Context: process context, sleeps.
 * Return: 0 when the host answered, -ENODEV when the channel was
 * rescinded (the host will not answer and no longer uses the pages);
 * otherwise (the teardown could not be posted, or the host did not answer
 * in time) an -errno after which the pages must be leaked, never freed,
 * since the host may still use them.
 */
int vmbc_gpadl_teardown(struct vmbus_channel *channel, u32 handle)
{
	struct vmbus_channel_gpadl_teardown *msg;
	struct vmbus_channel_msginfo *req;
	int ret;

	if (READ_ONCE(channel->rescind))
		return -ENODEV;
	req = vmbc_request_alloc(sizeof(*msg), GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	msg = (void *)req->msg;
	msg->header.msgtype = CHANNELMSG_GPADL_TEARDOWN;
	msg->child_relid = channel->offermsg.child_relid;
	msg->gpadl = handle;
	ret = vmbc_request_send(channel->conn, req,
				vmbc_connection_msg_conn_id(channel->conn),
				channel);
	vmbc_request_free(req);
	return ret;
}

/**
 * vmbc_gpadl_establish_pfns() - describe pages to the host
 * @channel: the channel the GPADL is for.
 * @pfns: Hyper-V PFNs of the buffer, in order.
 * @count: number of @pfns.
 * @size: bytes covered.
 * @handle: the new handle on success.
 *
 * Once GPADL_HEADER has gone out the host may hold the pages, whatever
 * happens next (a GPADL_BODY that cannot be posted, an answer that never
 * comes). Then a failure withdraws the GPADL, and unless the host confirms
 * that (or rescinds the channel) the pages are the host's for good.
 *
 * Context: process context, sleeps.
 * Return: 0; -EREMOTEIO when it failed and the host may still hold the
 * pages: they must be leaked, never freed; otherwise an -errno after which
 * the host holds nothing: -ENODEV (rescinded), -ETIMEDOUT (no answer, and
 * the withdrawal was confirmed), -EIO (the host refused, or a post
 * failed), -EINVAL, -ENOMEM.
 */
int vmbc_gpadl_establish_pfns(struct vmbus_channel *channel, const u64 *pfns,
			      u32 count, u32 size, u32 *handle)
{
	struct vmbc_connection *conn = channel->conn;
	struct vmbus_channel_gpadl_header *hdr;
	struct vmbus_channel_msginfo *req;
	u32 first = min_t(u32, count, VMBUS_GPADL_HEADER_MAX_PFNS);
	bool posted = false;
	u32 gpadl;
	int ret;

	/* range_buflen is 16 bits: 8190 PFNs (32 MiB) at most. */
	if (!count || DIV_ROUND_UP(size, HV_HYP_PAGE_SIZE) != count ||
	    struct_size_t(struct gpa_range, pfn_array, count) > U16_MAX)
		return -EINVAL;
	req = vmbc_request_alloc(sizeof(*hdr) +
				 struct_size(hdr->range, pfn_array, first),
				 GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	gpadl = atomic_inc_return(&conn->next_gpadl);
	hdr = (void *)req->msg;
	hdr->header.msgtype = CHANNELMSG_GPADL_HEADER;
	hdr->child_relid = channel->offermsg.child_relid;
	hdr->gpadl = gpadl;
	hdr->rangecount = 1;
	hdr->range_buflen = struct_size_t(struct gpa_range, pfn_array, count);
	hdr->range[0].byte_count = size;
	hdr->range[0].byte_offset = 0;
	memcpy(hdr->range[0].pfn_array, pfns, first * sizeof(u64));

	/*
	 * The bodies go out after the header, before the response can come:
	 * the host answers only once it has every PFN. So the header is a
	 * request that waits, and the bodies are posted from the waiter's
	 * side, which vmbc_request_send() cannot do; post the header by
	 * hand and wait afterwards.
	 */
	ret = vmbc_request_begin(conn, req, channel);
	if (!ret)
		ret = vmbc_post_msg(conn, req->msg, req->msgsize, true);
	if (!ret) {
		posted = true;
		ret = vmbc_gpadl_post_bodies(conn, gpadl, pfns + first,
					     count - first);
	}
	ret = vmbc_request_wait(conn, req, channel, ret);
	if (!ret && req->response.gpadl_created.creation_status) {
		vmbc_host_err(conn, "relid %u: host refused GPADL %u: status %#x\n",
			      channel->offermsg.child_relid, gpadl,
			      req->response.gpadl_created.creation_status);
		ret = -EIO;
		/* a refused GPADL is nothing the host holds */
		posted = false;
	}
	vmbc_request_free(req);
	if (!ret) {
		*handle = gpadl;
		return 0;
	}
	/* After a rescind the host holds nothing of this channel's. */
	if (!posted || ret == -ENODEV)
		return ret;
	switch (vmbc_gpadl_teardown(channel, gpadl)) {
	case 0:
	case -ENODEV:
		return ret;
	default:
		vmbc_host_err(conn, "relid %u: GPADL %u failed (%pe) and the host did not let go of it\n",
			      channel->offermsg.child_relid, gpadl, ERR_PTR(ret));
		return -EREMOTEIO;
	}
}

/**
 * vmbus_establish_gpadl() - share a driver's buffer with the host
 * @channel: the channel the buffer is for.
 * @kbuffer: the buffer: page-aligned, from the page allocator or vmalloc.
 * @size: its size, a multiple of PAGE_SIZE.
 * @gpadl_handle: the handle on success.
 *
 * The buffer must stay allocated until vmbus_teardown_gpadl() succeeded.
 *
 * Context: process context, sleeps.
 * Return: 0; -EREMOTEIO when it failed after the host was told of the
 * buffer and the host did not give it back: the caller must then leak the
 * buffer, never free it (the host may write to it); any other -errno
 * (-EIO when the host refused it) leaves the buffer the caller's.
 */
int vmbus_establish_gpadl(struct vmbus_channel *channel, void *kbuffer,
			  u32 size, u32 *gpadl_handle)
{
	u32 count = size >> HV_HYP_PAGE_SHIFT;
	u64 *pfns;
	u32 i;
	int ret;

	if (!size || !PAGE_ALIGNED(size) || !PAGE_ALIGNED(kbuffer))
		return -EINVAL;
	pfns = kvmalloc_array(count, sizeof(*pfns), GFP_KERNEL);
	if (!pfns)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		void *hv_page = kbuffer + i * HV_HYP_PAGE_SIZE;

		pfns[i] = vmbc_page_to_hvpfn(vmbc_kaddr_to_page(hv_page)) +
			  offset_in_page(hv_page) / HV_HYP_PAGE_SIZE;
	}
	ret = vmbc_gpadl_establish_pfns(channel, pfns, count, size,
					gpadl_handle);
	kvfree(pfns);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbus_establish_gpadl);

/**
 * vmbus_teardown_gpadl() - stop sharing a buffer
 * @channel: the channel.
 * @gpadl_handle: from vmbus_establish_gpadl().
 *
 * As in Linux v5.2, a rescinded channel's GPADLs count as torn down: the
 * host no longer holds them.
 *
 * Context: process context, sleeps.
 * Return: 0 when the buffer may be freed (the host let go, or rescinded
 * the channel); any -errno (-ETIMEDOUT: no answer in time) when it did not
 * let go, in which case the buffer must be leaked.
 */
int vmbus_teardown_gpadl(struct vmbus_channel *channel, u32 gpadl_handle)
{
	int ret = vmbc_gpadl_teardown(channel, gpadl_handle);

	return ret == -ENODEV ? 0 : ret;
}
EXPORT_SYMBOL_GPL(vmbus_teardown_gpadl);

/**
 * vmbc_gpadl_establish_pages() - a GPADL over an array of kernel pages
 * @channel: the channel.
 * @pages: the pages, in order; they need not be contiguous.
 * @count: number of @pages.
 * @handle: the new handle on success.
 *
 * Context: process context, sleeps.
 * Return: as vmbc_gpadl_establish_pfns().
 */
int vmbc_gpadl_establish_pages(struct vmbus_channel *channel,
			       struct page **pages, u32 count, u32 *handle)
{
	u32 per_page = PAGE_SIZE / HV_HYP_PAGE_SIZE;
	u64 *pfns;
	u32 i, j;
	int ret;

	pfns = kvmalloc_array(count * per_page, sizeof(*pfns), GFP_KERNEL);
	if (!pfns)
		return -ENOMEM;
	for (i = 0; i < count; i++)
		for (j = 0; j < per_page; j++)
			pfns[i * per_page + j] =
				vmbc_page_to_hvpfn(pages[i]) + j;
	ret = vmbc_gpadl_establish_pfns(channel, pfns, count * per_page,
					count * PAGE_SIZE, handle);
	kvfree(pfns);
	return ret;
}

/**
 * vmbc_establish_gpadl_612() - Linux 6.12's vmbus_establish_gpadl()
 * @channel: the channel the buffer is for.
 * @kbuffer: as for vmbus_establish_gpadl().
 * @size: its size.
 * @gpadl: filled in; ->decrypted set when the buffer must be leaked (the
 *	-EREMOTEIO case), which is what 6.12's drivers check before they
 *	free a GPADL's buffer.
 *
 * Context: process context, sleeps.
 * Return: as vmbus_establish_gpadl().
 */
int vmbc_establish_gpadl_612(struct vmbus_channel *channel, void *kbuffer,
			     u32 size, struct vmbus_gpadl *gpadl)
{
	u32 handle = 0;
	int ret;

	ret = vmbc_establish_gpadl(channel, kbuffer, size, &handle);
	gpadl->gpadl_handle = ret ? 0 : handle;
	gpadl->buffer = kbuffer;
	gpadl->size = size;
	gpadl->decrypted = ret == -EREMOTEIO;
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_establish_gpadl_612);

/**
 * vmbc_teardown_gpadl_612() - Linux 6.12's vmbus_teardown_gpadl()
 * @channel: the channel.
 * @gpadl: from vmbc_establish_gpadl_612(); its handle is zeroed once the
 *	host let go, and ->decrypted set when it did not (leak the buffer).
 *
 * Context: process context, sleeps.
 * Return: as vmbus_teardown_gpadl().
 */
int vmbc_teardown_gpadl_612(struct vmbus_channel *channel,
			    struct vmbus_gpadl *gpadl)
{
	int ret = vmbc_teardown_gpadl(channel, gpadl->gpadl_handle);

	if (ret)
		gpadl->decrypted = true;
	else
		gpadl->gpadl_handle = 0;
	return ret;
}
EXPORT_SYMBOL_GPL(vmbc_teardown_gpadl_612);
