// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim names and formats: message types, versions and device classes
 * as users write them (debugfs, module parameters) and read them back.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "sim.h"

const u32 vmbc_sim_versions[VMBC_SIM_NR_VERSIONS] = {
	VERSION_WIN10_V5_3,
	VERSION_WIN10_V5_2,
	VERSION_WIN10_V5_1,
	VERSION_WIN10_V5,
	VERSION_WIN10_V4_1,
	VERSION_WIN10,
	VERSION_WIN8_1,
	VERSION_WIN8,
	VERSION_WIN7,
	VERSION_WS2008,
};

/*
 * Short names first (what "faults" prints); the second column is the
 * CHANNELMSG_* suffix, accepted too.
 */
static const char * const vmbc_sim_msg_names[CHANNELMSG_COUNT][2] = {
	[CHANNELMSG_INVALID] = { "invalid", "invalid" },
	[CHANNELMSG_OFFERCHANNEL] = { "offer", "offerchannel" },
	[CHANNELMSG_RESCIND_CHANNELOFFER] = { "rescind", "rescind_channeloffer" },
	[CHANNELMSG_REQUESTOFFERS] = { "request_offers", "requestoffers" },
	[CHANNELMSG_ALLOFFERS_DELIVERED] = { "all_offers_delivered",
					     "alloffers_delivered" },
	[CHANNELMSG_OPENCHANNEL] = { "open", "openchannel" },
	[CHANNELMSG_OPENCHANNEL_RESULT] = { "open_result",
					    "openchannel_result" },
	[CHANNELMSG_CLOSECHANNEL] = { "close", "closechannel" },
	[CHANNELMSG_GPADL_HEADER] = { "gpadl_header", "gpadl_header" },
	[CHANNELMSG_GPADL_BODY] = { "gpadl_body", "gpadl_body" },
	[CHANNELMSG_GPADL_CREATED] = { "gpadl_created", "gpadl_created" },
	[CHANNELMSG_GPADL_TEARDOWN] = { "gpadl_teardown", "gpadl_teardown" },
	[CHANNELMSG_GPADL_TORNDOWN] = { "gpadl_torndown", "gpadl_torndown" },
	[CHANNELMSG_RELID_RELEASED] = { "relid_released", "relid_released" },
	[CHANNELMSG_INITIATE_CONTACT] = { "initiate_contact",
					  "initiate_contact" },
	[CHANNELMSG_VERSION_RESPONSE] = { "version_response",
					  "version_response" },
	[CHANNELMSG_UNLOAD] = { "unload", "unload" },
	[CHANNELMSG_UNLOAD_RESPONSE] = { "unload_response", "unload_response" },
	[CHANNELMSG_18] = { "msg18", "18" },
	[CHANNELMSG_19] = { "msg19", "19" },
	[CHANNELMSG_20] = { "msg20", "20" },
	[CHANNELMSG_TL_CONNECT_REQUEST] = { "tl_connect_request",
					    "tl_connect_request" },
	[CHANNELMSG_MODIFYCHANNEL] = { "modify_channel", "modifychannel" },
	[CHANNELMSG_TL_CONNECT_RESULT] = { "tl_connect_result",
					   "tl_connect_result" },
	[CHANNELMSG_MODIFYCHANNEL_RESPONSE] = { "modify_channel_response",
						"modifychannel_response" },
};

/**
 * vmbc_sim_msg_name() - the short name of a channel message type
 * @type: CHANNELMSG_*.
 *
 * Return: the name, or "unknown".
 */
const char *vmbc_sim_msg_name(u32 type)
{
	return type < CHANNELMSG_COUNT ? vmbc_sim_msg_names[type][0] :
					 "unknown";
}

/**
 * vmbc_sim_parse_msg_type() - a channel message type from its name or number
 * @s: "version_response", "VERSION_RESPONSE", "openchannel_result", "15"...
 * @type: set to the CHANNELMSG_* value.
 *
 * Return: 0, or -EINVAL when @s names no type below CHANNELMSG_COUNT.
 */
int vmbc_sim_parse_msg_type(const char *s, u32 *type)
{
	u32 i;

	if (!kstrtou32(s, 0, &i)) {
		if (i >= CHANNELMSG_COUNT)
			return -EINVAL;
		*type = i;
		return 0;
	}
	for (i = 0; i < CHANNELMSG_COUNT; i++) {
		if (!strcasecmp(s, vmbc_sim_msg_names[i][0]) ||
		    !strcasecmp(s, vmbc_sim_msg_names[i][1])) {
			*type = i;
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * vmbc_sim_version_index() - position of a version in the core's list
 * @version: VERSION_*.
 *
 * Return: the index into vmbc_sim_versions (bit of refuse_versions), or
 * -EINVAL for a version that is not in the list.
 */
int vmbc_sim_version_index(u32 version)
{
	int i;

	for (i = 0; i < VMBC_SIM_NR_VERSIONS; i++)
		if (vmbc_sim_versions[i] == version)
			return i;
	return -EINVAL;
}

/**
 * vmbc_sim_parse_version() - a protocol version as users write it
 * @s: "5.3" (major.minor, decimal), or a number such as "0x50003"; "0"
 *	means the newest. A trailing newline is allowed.
 * @version: set to the VERSION_* value (0 for "0").
 *
 * Return: 0, or -EINVAL when @s is not one of the known versions.
 */
int vmbc_sim_parse_version(const char *s, u32 *version)
{
	char buf[16], *minor;
	u16 maj, min;
	u32 v;

	if (strscpy(buf, s, sizeof(buf)) < 0)
		return -EINVAL;
	strim(buf);
	minor = strchr(buf, '.');
	if (minor) {
		*minor++ = '\0';
		if (kstrtou16(buf, 10, &maj) || kstrtou16(minor, 10, &min))
			return -EINVAL;
		v = VMBUS_MAKE_VERSION((u32)maj, min);
	} else if (kstrtou32(buf, 0, &v)) {
		return -EINVAL;
	}
	if (v && vmbc_sim_version_index(v) < 0)
		return -EINVAL;
	*version = v;
	return 0;
}

/**
 * vmbc_sim_parse_class() - a device class from an alias or a GUID
 * @s: a device model's name ("echo", "heartbeat", ..., "storage",
 *	"network"), or a GUID in its text form.
 * @guid: set to the class GUID.
 *
 * Return: 0, or -EINVAL.
 */
int vmbc_sim_parse_class(const char *s, guid_t *guid)
{
	const struct vmbc_sim_model *model = vmbc_sim_model_by_name(s);

	if (model) {
		guid_copy(guid, &model->class_id);
		return 0;
	}
	return guid_parse(s, guid);
}

/**
 * vmbc_sim_class_name() - the alias of a device class
 * @guid: the class GUID.
 *
 * Return: the name of the model that plays it, or NULL.
 */
const char *vmbc_sim_class_name(const guid_t *guid)
{
	const struct vmbc_sim_model *model = vmbc_sim_model_find(guid);

	return model ? model->name : NULL;
}

/**
 * vmbc_sim_msg_new() - a queue entry holding a copy of a message
 * @data: the message.
 * @size: its bytes, at most HV_MESSAGE_PAYLOAD_BYTE_COUNT.
 * @payload_size: the size to announce in a slot header.
 * @gfp: allocation flags.
 *
 * The bytes of the entry past @size are zero.
 *
 * Return: the entry, or NULL (no memory, or @size too large).
 */
struct vmbc_sim_msg *vmbc_sim_msg_new(const void *data, u32 size,
				      u8 payload_size, gfp_t gfp)
{
	struct vmbc_sim_msg *m;

	if (size > HV_MESSAGE_PAYLOAD_BYTE_COUNT)
		return NULL;
	m = kzalloc(sizeof(*m), gfp);
	if (!m)
		return NULL;
	INIT_LIST_HEAD(&m->node);
	memcpy(m->data, data, size);
	m->size = size;
	m->payload_size = payload_size;
	return m;
}
