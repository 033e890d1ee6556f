// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: every name of Linux v5.2's <linux/hyperv.h> and
 * <uapi/linux/hyperv.h>, bound to v5.2's type or value, against vmbc's
 * <linux/hyperv.h> (the default dialect). Written by
 * tools/compat/gen-v52-names.py; do not edit, run it again. The checks
 * are at compile time; the GUID macros are compared when the suite runs.
 */
#include <kunit/test.h>
#include <linux/build_bug.h>

#include "../../include/compat/linux/hyperv.h"

#if VMBC_API != 502
#error "the v5.2 dialect"
#endif

/* @name, a constant, has the value @value. */
#define V52_VALUE(name, value) static_assert((name) == (value), #name)

/* @expr has the type @type: the check for a function, object or member. */
#define V52_TYPE(expr, type, what) \
	static_assert(__builtin_types_compatible_p(typeof(expr), type), what)

#ifndef UTIL_FW_MINOR
#error "UTIL_FW_MINOR"
#endif
V52_VALUE(UTIL_FW_MINOR, 0);
#ifndef UTIL_WS2K8_FW_MAJOR
#error "UTIL_WS2K8_FW_MAJOR"
#endif
V52_VALUE(UTIL_WS2K8_FW_MAJOR, 1);
#ifndef UTIL_WS2K8_FW_VERSION
#error "UTIL_WS2K8_FW_VERSION"
#endif
V52_VALUE(UTIL_WS2K8_FW_VERSION, (UTIL_WS2K8_FW_MAJOR << 16 | UTIL_FW_MINOR));
#ifndef UTIL_FW_MAJOR
#error "UTIL_FW_MAJOR"
#endif
V52_VALUE(UTIL_FW_MAJOR, 3);
#ifndef UTIL_FW_VERSION
#error "UTIL_FW_VERSION"
#endif
V52_VALUE(UTIL_FW_VERSION, (UTIL_FW_MAJOR << 16 | UTIL_FW_MINOR));
#ifndef VSS_OP_REGISTER
#error "VSS_OP_REGISTER"
#endif
V52_VALUE(VSS_OP_REGISTER, 128);
#ifndef VSS_OP_REGISTER1
#error "VSS_OP_REGISTER1"
#endif
V52_VALUE(VSS_OP_REGISTER1, 129);
#ifndef VSS_HBU_NO_AUTO_RECOVERY
#error "VSS_HBU_NO_AUTO_RECOVERY"
#endif
V52_VALUE(VSS_HBU_NO_AUTO_RECOVERY, 0x00000005);
#ifndef FCOPY_VERSION_0
#error "FCOPY_VERSION_0"
#endif
V52_VALUE(FCOPY_VERSION_0, 0);
#ifndef FCOPY_VERSION_1
#error "FCOPY_VERSION_1"
#endif
V52_VALUE(FCOPY_VERSION_1, 1);
#ifndef FCOPY_CURRENT_VERSION
#error "FCOPY_CURRENT_VERSION"
#endif
V52_VALUE(FCOPY_CURRENT_VERSION, FCOPY_VERSION_1);
#ifndef W_MAX_PATH
#error "W_MAX_PATH"
#endif
V52_VALUE(W_MAX_PATH, 260);
#ifndef OVER_WRITE
#error "OVER_WRITE"
#endif
V52_VALUE(OVER_WRITE, 0x1);
#ifndef CREATE_PATH
#error "CREATE_PATH"
#endif
V52_VALUE(CREATE_PATH, 0x2);
#ifndef DATA_FRAGMENT
#error "DATA_FRAGMENT"
#endif
V52_VALUE(DATA_FRAGMENT, (6 * 1024));
#ifndef HV_KVP_EXCHANGE_MAX_VALUE_SIZE
#error "HV_KVP_EXCHANGE_MAX_VALUE_SIZE"
#endif
V52_VALUE(HV_KVP_EXCHANGE_MAX_VALUE_SIZE, (2048));
#ifndef HV_KVP_EXCHANGE_MAX_KEY_SIZE
#error "HV_KVP_EXCHANGE_MAX_KEY_SIZE"
#endif
V52_VALUE(HV_KVP_EXCHANGE_MAX_KEY_SIZE, (512));
#ifndef REG_SZ
#error "REG_SZ"
#endif
V52_VALUE(REG_SZ, 1);
#ifndef REG_U32
#error "REG_U32"
#endif
V52_VALUE(REG_U32, 4);
#ifndef REG_U64
#error "REG_U64"
#endif
V52_VALUE(REG_U64, 8);
#ifndef KVP_OP_REGISTER
#error "KVP_OP_REGISTER"
#endif
V52_VALUE(KVP_OP_REGISTER, 4);
#ifndef KVP_OP_REGISTER1
#error "KVP_OP_REGISTER1"
#endif
V52_VALUE(KVP_OP_REGISTER1, 100);
#ifndef HV_S_OK
#error "HV_S_OK"
#endif
V52_VALUE(HV_S_OK, 0x00000000);
#ifndef HV_E_FAIL
#error "HV_E_FAIL"
#endif
V52_VALUE(HV_E_FAIL, 0x80004005);
#ifndef HV_S_CONT
#error "HV_S_CONT"
#endif
V52_VALUE(HV_S_CONT, 0x80070103);
#ifndef HV_ERROR_NOT_SUPPORTED
#error "HV_ERROR_NOT_SUPPORTED"
#endif
V52_VALUE(HV_ERROR_NOT_SUPPORTED, 0x80070032);
#ifndef HV_ERROR_MACHINE_LOCKED
#error "HV_ERROR_MACHINE_LOCKED"
#endif
V52_VALUE(HV_ERROR_MACHINE_LOCKED, 0x800704F7);
#ifndef HV_ERROR_DEVICE_NOT_CONNECTED
#error "HV_ERROR_DEVICE_NOT_CONNECTED"
#endif
V52_VALUE(HV_ERROR_DEVICE_NOT_CONNECTED, 0x8007048F);
#ifndef HV_INVALIDARG
#error "HV_INVALIDARG"
#endif
V52_VALUE(HV_INVALIDARG, 0x80070057);
#ifndef HV_GUID_NOTFOUND
#error "HV_GUID_NOTFOUND"
#endif
V52_VALUE(HV_GUID_NOTFOUND, 0x80041002);
#ifndef HV_ERROR_ALREADY_EXISTS
#error "HV_ERROR_ALREADY_EXISTS"
#endif
V52_VALUE(HV_ERROR_ALREADY_EXISTS, 0x80070050);
#ifndef HV_ERROR_DISK_FULL
#error "HV_ERROR_DISK_FULL"
#endif
V52_VALUE(HV_ERROR_DISK_FULL, 0x80070070);
#ifndef ADDR_FAMILY_NONE
#error "ADDR_FAMILY_NONE"
#endif
V52_VALUE(ADDR_FAMILY_NONE, 0x00);
#ifndef ADDR_FAMILY_IPV4
#error "ADDR_FAMILY_IPV4"
#endif
V52_VALUE(ADDR_FAMILY_IPV4, 0x01);
#ifndef ADDR_FAMILY_IPV6
#error "ADDR_FAMILY_IPV6"
#endif
V52_VALUE(ADDR_FAMILY_IPV6, 0x02);
#ifndef MAX_ADAPTER_ID_SIZE
#error "MAX_ADAPTER_ID_SIZE"
#endif
V52_VALUE(MAX_ADAPTER_ID_SIZE, 128);
#ifndef MAX_IP_ADDR_SIZE
#error "MAX_IP_ADDR_SIZE"
#endif
V52_VALUE(MAX_IP_ADDR_SIZE, 1024);
#ifndef MAX_GATEWAY_SIZE
#error "MAX_GATEWAY_SIZE"
#endif
V52_VALUE(MAX_GATEWAY_SIZE, 512);
static_assert(VSS_OP_CREATE == 0, "VSS_OP_CREATE");
static_assert(VSS_OP_DELETE == 1, "VSS_OP_DELETE");
static_assert(VSS_OP_HOT_BACKUP == 2, "VSS_OP_HOT_BACKUP");
static_assert(VSS_OP_GET_DM_INFO == 3, "VSS_OP_GET_DM_INFO");
static_assert(VSS_OP_BU_COMPLETE == 4, "VSS_OP_BU_COMPLETE");
static_assert(VSS_OP_FREEZE == 5, "VSS_OP_FREEZE");
static_assert(VSS_OP_THAW == 6, "VSS_OP_THAW");
static_assert(VSS_OP_AUTO_RECOVER == 7, "VSS_OP_AUTO_RECOVER");
static_assert(VSS_OP_COUNT == 8, "VSS_OP_COUNT");
static_assert(sizeof(enum hv_vss_op) != 0);
V52_TYPE(((struct hv_vss_hdr *)0)->operation, __u8, "hv_vss_hdr.operation");
V52_TYPE(((struct hv_vss_hdr *)0)->reserved, __u8[7], "hv_vss_hdr.reserved");
V52_TYPE(((struct hv_vss_check_feature *)0)->flags,
	 __u32,
	 "hv_vss_check_feature.flags");
V52_TYPE(((struct hv_vss_check_dm_info *)0)->flags,
	 __u32,
	 "hv_vss_check_dm_info.flags");
V52_TYPE(((struct hv_vss_msg *)0)->vss_hdr,
	 struct hv_vss_hdr,
	 "hv_vss_msg.vss_hdr");
V52_TYPE(((struct hv_vss_msg *)0)->error, int, "hv_vss_msg.error");
V52_TYPE(((struct hv_vss_msg *)0)->vss_cf,
	 struct hv_vss_check_feature,
	 "hv_vss_msg.vss_cf");
V52_TYPE(((struct hv_vss_msg *)0)->dm_info,
	 struct hv_vss_check_dm_info,
	 "hv_vss_msg.dm_info");
static_assert(START_FILE_COPY == 0, "START_FILE_COPY");
static_assert(WRITE_TO_FILE == 1, "WRITE_TO_FILE");
static_assert(COMPLETE_FCOPY == 2, "COMPLETE_FCOPY");
static_assert(CANCEL_FCOPY == 3, "CANCEL_FCOPY");
static_assert(sizeof(enum hv_fcopy_op) != 0);
V52_TYPE(((struct hv_fcopy_hdr *)0)->operation,
	 __u32,
	 "hv_fcopy_hdr.operation");
/*
 * hv_fcopy_hdr.service_id0: guid_t: v5.2's uuid_le, a name later kernels
 * dropped, the same 16 bytes
 */
/* hv_fcopy_hdr.service_id1: likewise */
V52_TYPE(((struct hv_start_fcopy *)0)->hdr,
	 struct hv_fcopy_hdr,
	 "hv_start_fcopy.hdr");
V52_TYPE(((struct hv_start_fcopy *)0)->file_name,
	 __u16[W_MAX_PATH],
	 "hv_start_fcopy.file_name");
V52_TYPE(((struct hv_start_fcopy *)0)->path_name,
	 __u16[W_MAX_PATH],
	 "hv_start_fcopy.path_name");
V52_TYPE(((struct hv_start_fcopy *)0)->copy_flags,
	 __u32,
	 "hv_start_fcopy.copy_flags");
V52_TYPE(((struct hv_start_fcopy *)0)->file_size,
	 __u64,
	 "hv_start_fcopy.file_size");
V52_TYPE(((struct hv_do_fcopy *)0)->hdr,
	 struct hv_fcopy_hdr,
	 "hv_do_fcopy.hdr");
V52_TYPE(((struct hv_do_fcopy *)0)->pad, __u32, "hv_do_fcopy.pad");
V52_TYPE(((struct hv_do_fcopy *)0)->offset, __u64, "hv_do_fcopy.offset");
V52_TYPE(((struct hv_do_fcopy *)0)->size, __u32, "hv_do_fcopy.size");
V52_TYPE(((struct hv_do_fcopy *)0)->data,
	 __u8[DATA_FRAGMENT],
	 "hv_do_fcopy.data");
static_assert(KVP_OP_GET == 0, "KVP_OP_GET");
static_assert(KVP_OP_SET == 1, "KVP_OP_SET");
static_assert(KVP_OP_DELETE == 2, "KVP_OP_DELETE");
static_assert(KVP_OP_ENUMERATE == 3, "KVP_OP_ENUMERATE");
static_assert(KVP_OP_GET_IP_INFO == 4, "KVP_OP_GET_IP_INFO");
static_assert(KVP_OP_SET_IP_INFO == 5, "KVP_OP_SET_IP_INFO");
static_assert(KVP_OP_COUNT == 6, "KVP_OP_COUNT");
static_assert(sizeof(enum hv_kvp_exchg_op) != 0);
static_assert(KVP_POOL_EXTERNAL == 0, "KVP_POOL_EXTERNAL");
static_assert(KVP_POOL_GUEST == 1, "KVP_POOL_GUEST");
static_assert(KVP_POOL_AUTO == 2, "KVP_POOL_AUTO");
static_assert(KVP_POOL_AUTO_EXTERNAL == 3, "KVP_POOL_AUTO_EXTERNAL");
static_assert(KVP_POOL_AUTO_INTERNAL == 4, "KVP_POOL_AUTO_INTERNAL");
static_assert(KVP_POOL_COUNT == 5, "KVP_POOL_COUNT");
static_assert(sizeof(enum hv_kvp_exchg_pool) != 0);
V52_TYPE(((struct hv_kvp_ipaddr_value *)0)->adapter_id,
	 __u16[MAX_ADAPTER_ID_SIZE],
	 "hv_kvp_ipaddr_value.adapter_id");
V52_TYPE(((struct hv_kvp_ipaddr_value *)0)->addr_family,
	 __u8,
	 "hv_kvp_ipaddr_value.addr_family");
V52_TYPE(((struct hv_kvp_ipaddr_value *)0)->dhcp_enabled,
	 __u8,
	 "hv_kvp_ipaddr_value.dhcp_enabled");
V52_TYPE(((struct hv_kvp_ipaddr_value *)0)->ip_addr,
	 __u16[MAX_IP_ADDR_SIZE],
	 "hv_kvp_ipaddr_value.ip_addr");
V52_TYPE(((struct hv_kvp_ipaddr_value *)0)->sub_net,
	 __u16[MAX_IP_ADDR_SIZE],
	 "hv_kvp_ipaddr_value.sub_net");
V52_TYPE(((struct hv_kvp_ipaddr_value *)0)->gate_way,
	 __u16[MAX_GATEWAY_SIZE],
	 "hv_kvp_ipaddr_value.gate_way");
V52_TYPE(((struct hv_kvp_ipaddr_value *)0)->dns_addr,
	 __u16[MAX_IP_ADDR_SIZE],
	 "hv_kvp_ipaddr_value.dns_addr");
V52_TYPE(((struct hv_kvp_hdr *)0)->operation, __u8, "hv_kvp_hdr.operation");
V52_TYPE(((struct hv_kvp_hdr *)0)->pool, __u8, "hv_kvp_hdr.pool");
V52_TYPE(((struct hv_kvp_hdr *)0)->pad, __u16, "hv_kvp_hdr.pad");
V52_TYPE(((struct hv_kvp_exchg_msg_value *)0)->value_type,
	 __u32,
	 "hv_kvp_exchg_msg_value.value_type");
V52_TYPE(((struct hv_kvp_exchg_msg_value *)0)->key_size,
	 __u32,
	 "hv_kvp_exchg_msg_value.key_size");
V52_TYPE(((struct hv_kvp_exchg_msg_value *)0)->value_size,
	 __u32,
	 "hv_kvp_exchg_msg_value.value_size");
V52_TYPE(((struct hv_kvp_exchg_msg_value *)0)->key,
	 __u8[HV_KVP_EXCHANGE_MAX_KEY_SIZE],
	 "hv_kvp_exchg_msg_value.key");
V52_TYPE(((struct hv_kvp_exchg_msg_value *)0)->value,
	 __u8[HV_KVP_EXCHANGE_MAX_VALUE_SIZE],
	 "hv_kvp_exchg_msg_value.value");
V52_TYPE(((struct hv_kvp_exchg_msg_value *)0)->value_u32,
	 __u32,
	 "hv_kvp_exchg_msg_value.value_u32");
V52_TYPE(((struct hv_kvp_exchg_msg_value *)0)->value_u64,
	 __u64,
	 "hv_kvp_exchg_msg_value.value_u64");
V52_TYPE(((struct hv_kvp_msg_enumerate *)0)->index,
	 __u32,
	 "hv_kvp_msg_enumerate.index");
V52_TYPE(((struct hv_kvp_msg_enumerate *)0)->data,
	 struct hv_kvp_exchg_msg_value,
	 "hv_kvp_msg_enumerate.data");
V52_TYPE(((struct hv_kvp_msg_get *)0)->data,
	 struct hv_kvp_exchg_msg_value,
	 "hv_kvp_msg_get.data");
V52_TYPE(((struct hv_kvp_msg_set *)0)->data,
	 struct hv_kvp_exchg_msg_value,
	 "hv_kvp_msg_set.data");
V52_TYPE(((struct hv_kvp_msg_delete *)0)->key_size,
	 __u32,
	 "hv_kvp_msg_delete.key_size");
V52_TYPE(((struct hv_kvp_msg_delete *)0)->key,
	 __u8[HV_KVP_EXCHANGE_MAX_KEY_SIZE],
	 "hv_kvp_msg_delete.key");
V52_TYPE(((struct hv_kvp_register *)0)->version,
	 __u8[HV_KVP_EXCHANGE_MAX_KEY_SIZE],
	 "hv_kvp_register.version");
V52_TYPE(((struct hv_kvp_msg *)0)->kvp_hdr,
	 struct hv_kvp_hdr,
	 "hv_kvp_msg.kvp_hdr");
V52_TYPE(((struct hv_kvp_msg *)0)->error, int, "hv_kvp_msg.error");
V52_TYPE(((struct hv_kvp_msg *)0)->body.kvp_get,
	 struct hv_kvp_msg_get,
	 "hv_kvp_msg.body.kvp_get");
V52_TYPE(((struct hv_kvp_msg *)0)->body.kvp_set,
	 struct hv_kvp_msg_set,
	 "hv_kvp_msg.body.kvp_set");
V52_TYPE(((struct hv_kvp_msg *)0)->body.kvp_delete,
	 struct hv_kvp_msg_delete,
	 "hv_kvp_msg.body.kvp_delete");
V52_TYPE(((struct hv_kvp_msg *)0)->body.kvp_enum_data,
	 struct hv_kvp_msg_enumerate,
	 "hv_kvp_msg.body.kvp_enum_data");
V52_TYPE(((struct hv_kvp_msg *)0)->body.kvp_ip_val,
	 struct hv_kvp_ipaddr_value,
	 "hv_kvp_msg.body.kvp_ip_val");
V52_TYPE(((struct hv_kvp_msg *)0)->body.kvp_register,
	 struct hv_kvp_register,
	 "hv_kvp_msg.body.kvp_register");
V52_TYPE(((struct hv_kvp_ip_msg *)0)->operation,
	 __u8,
	 "hv_kvp_ip_msg.operation");
V52_TYPE(((struct hv_kvp_ip_msg *)0)->pool, __u8, "hv_kvp_ip_msg.pool");
V52_TYPE(((struct hv_kvp_ip_msg *)0)->kvp_ip_val,
	 struct hv_kvp_ipaddr_value,
	 "hv_kvp_ip_msg.kvp_ip_val");
#ifndef MAX_PAGE_BUFFER_COUNT
#error "MAX_PAGE_BUFFER_COUNT"
#endif
V52_VALUE(MAX_PAGE_BUFFER_COUNT, 32);
#ifndef MAX_MULTIPAGE_BUFFER_COUNT
#error "MAX_MULTIPAGE_BUFFER_COUNT"
#endif
V52_VALUE(MAX_MULTIPAGE_BUFFER_COUNT, 32);
#ifndef MAX_PAGE_BUFFER_PACKET
#error "MAX_PAGE_BUFFER_PACKET"
#endif
V52_VALUE(MAX_PAGE_BUFFER_PACKET,
	  (0x18 + (sizeof(struct hv_page_buffer) * MAX_PAGE_BUFFER_COUNT)));
#ifndef MAX_MULTIPAGE_BUFFER_PACKET
#error "MAX_MULTIPAGE_BUFFER_PACKET"
#endif
V52_VALUE(MAX_MULTIPAGE_BUFFER_PACKET,
	  (0x18 + sizeof(struct hv_multipage_buffer)));
#ifndef VERSION_WS2008
#error "VERSION_WS2008"
#endif
V52_VALUE(VERSION_WS2008, ((0 << 16) | (13)));
#ifndef VERSION_WIN7
#error "VERSION_WIN7"
#endif
V52_VALUE(VERSION_WIN7, ((1 << 16) | (1)));
#ifndef VERSION_WIN8
#error "VERSION_WIN8"
#endif
V52_VALUE(VERSION_WIN8, ((2 << 16) | (4)));
#ifndef VERSION_WIN8_1
#error "VERSION_WIN8_1"
#endif
V52_VALUE(VERSION_WIN8_1, ((3 << 16) | (0)));
#ifndef VERSION_WIN10
#error "VERSION_WIN10"
#endif
V52_VALUE(VERSION_WIN10, ((4 << 16) | (0)));
#ifndef VERSION_WIN10_V5
#error "VERSION_WIN10_V5"
#endif
V52_VALUE(VERSION_WIN10_V5, ((5 << 16) | (0)));
#ifndef VERSION_INVAL
#error "VERSION_INVAL"
#endif
V52_VALUE(VERSION_INVAL, -1);
#ifndef VERSION_CURRENT
#error "VERSION_CURRENT"
#endif
V52_VALUE(VERSION_CURRENT, VERSION_WIN10_V5);
#ifndef MAX_PIPE_DATA_PAYLOAD
#error "MAX_PIPE_DATA_PAYLOAD"
#endif
V52_VALUE(MAX_PIPE_DATA_PAYLOAD, (sizeof(u8) * 16384));
#ifndef VMBUS_PIPE_TYPE_BYTE
#error "VMBUS_PIPE_TYPE_BYTE"
#endif
V52_VALUE(VMBUS_PIPE_TYPE_BYTE, 0x00000000);
#ifndef VMBUS_PIPE_TYPE_MESSAGE
#error "VMBUS_PIPE_TYPE_MESSAGE"
#endif
V52_VALUE(VMBUS_PIPE_TYPE_MESSAGE, 0x00000004);
#ifndef MAX_USER_DEFINED_BYTES
#error "MAX_USER_DEFINED_BYTES"
#endif
V52_VALUE(MAX_USER_DEFINED_BYTES, 120);
#ifndef MAX_PIPE_USER_DEFINED_BYTES
#error "MAX_PIPE_USER_DEFINED_BYTES"
#endif
V52_VALUE(MAX_PIPE_USER_DEFINED_BYTES, 116);
#ifndef VMBUS_CHANNEL_ENUMERATE_DEVICE_INTERFACE
#error "VMBUS_CHANNEL_ENUMERATE_DEVICE_INTERFACE"
#endif
V52_VALUE(VMBUS_CHANNEL_ENUMERATE_DEVICE_INTERFACE, 1);
#ifndef VMBUS_CHANNEL_SERVER_SUPPORTS_TRANSFER_PAGES
#error "VMBUS_CHANNEL_SERVER_SUPPORTS_TRANSFER_PAGES"
#endif
V52_VALUE(VMBUS_CHANNEL_SERVER_SUPPORTS_TRANSFER_PAGES, 2);
#ifndef VMBUS_CHANNEL_SERVER_SUPPORTS_GPADLS
#error "VMBUS_CHANNEL_SERVER_SUPPORTS_GPADLS"
#endif
V52_VALUE(VMBUS_CHANNEL_SERVER_SUPPORTS_GPADLS, 4);
#ifndef VMBUS_CHANNEL_NAMED_PIPE_MODE
#error "VMBUS_CHANNEL_NAMED_PIPE_MODE"
#endif
V52_VALUE(VMBUS_CHANNEL_NAMED_PIPE_MODE, 0x10);
#ifndef VMBUS_CHANNEL_LOOPBACK_OFFER
#error "VMBUS_CHANNEL_LOOPBACK_OFFER"
#endif
V52_VALUE(VMBUS_CHANNEL_LOOPBACK_OFFER, 0x100);
#ifndef VMBUS_CHANNEL_PARENT_OFFER
#error "VMBUS_CHANNEL_PARENT_OFFER"
#endif
V52_VALUE(VMBUS_CHANNEL_PARENT_OFFER, 0x200);
#ifndef VMBUS_CHANNEL_REQUEST_MONITORED_NOTIFICATION
#error "VMBUS_CHANNEL_REQUEST_MONITORED_NOTIFICATION"
#endif
V52_VALUE(VMBUS_CHANNEL_REQUEST_MONITORED_NOTIFICATION, 0x400);
#ifndef VMBUS_CHANNEL_TLNPI_PROVIDER_OFFER
#error "VMBUS_CHANNEL_TLNPI_PROVIDER_OFFER"
#endif
V52_VALUE(VMBUS_CHANNEL_TLNPI_PROVIDER_OFFER, 0x2000);
/*
 * VMPACKET_DATA_START_ADDRESS: v5.2's casts a pointer to a structure and
 * never compiled
 */
/* VMPACKET_DATA_LENGTH: likewise */
/* VMPACKET_TRANSFER_MODE: likewise (it names a struct IMPACT) */
#ifndef VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED
#error "VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED"
#endif
V52_VALUE(VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED, 1);
#ifndef GPADL_TYPE_RING_BUFFER
#error "GPADL_TYPE_RING_BUFFER"
#endif
V52_VALUE(GPADL_TYPE_RING_BUFFER, 1);
#ifndef GPADL_TYPE_SERVER_SAVE_AREA
#error "GPADL_TYPE_SERVER_SAVE_AREA"
#endif
V52_VALUE(GPADL_TYPE_SERVER_SAVE_AREA, 2);
#ifndef GPADL_TYPE_TRANSACTION
#error "GPADL_TYPE_TRANSACTION"
#endif
V52_VALUE(GPADL_TYPE_TRANSACTION, 8);
#ifndef vmbus_driver_register
#error "vmbus_driver_register"
#endif
#ifndef ICMSGTYPE_NEGOTIATE
#error "ICMSGTYPE_NEGOTIATE"
#endif
V52_VALUE(ICMSGTYPE_NEGOTIATE, 0);
#ifndef ICMSGTYPE_HEARTBEAT
#error "ICMSGTYPE_HEARTBEAT"
#endif
V52_VALUE(ICMSGTYPE_HEARTBEAT, 1);
#ifndef ICMSGTYPE_KVPEXCHANGE
#error "ICMSGTYPE_KVPEXCHANGE"
#endif
V52_VALUE(ICMSGTYPE_KVPEXCHANGE, 2);
#ifndef ICMSGTYPE_SHUTDOWN
#error "ICMSGTYPE_SHUTDOWN"
#endif
V52_VALUE(ICMSGTYPE_SHUTDOWN, 3);
#ifndef ICMSGTYPE_TIMESYNC
#error "ICMSGTYPE_TIMESYNC"
#endif
V52_VALUE(ICMSGTYPE_TIMESYNC, 4);
#ifndef ICMSGTYPE_VSS
#error "ICMSGTYPE_VSS"
#endif
V52_VALUE(ICMSGTYPE_VSS, 5);
#ifndef ICMSGHDRFLAG_TRANSACTION
#error "ICMSGHDRFLAG_TRANSACTION"
#endif
V52_VALUE(ICMSGHDRFLAG_TRANSACTION, 1);
#ifndef ICMSGHDRFLAG_REQUEST
#error "ICMSGHDRFLAG_REQUEST"
#endif
V52_VALUE(ICMSGHDRFLAG_REQUEST, 2);
#ifndef ICMSGHDRFLAG_RESPONSE
#error "ICMSGHDRFLAG_RESPONSE"
#endif
V52_VALUE(ICMSGHDRFLAG_RESPONSE, 4);
#ifndef ICTIMESYNCFLAG_PROBE
#error "ICTIMESYNCFLAG_PROBE"
#endif
V52_VALUE(ICTIMESYNCFLAG_PROBE, 0);
#ifndef ICTIMESYNCFLAG_SYNC
#error "ICTIMESYNCFLAG_SYNC"
#endif
V52_VALUE(ICTIMESYNCFLAG_SYNC, 1);
#ifndef ICTIMESYNCFLAG_SAMPLE
#error "ICTIMESYNCFLAG_SAMPLE"
#endif
V52_VALUE(ICTIMESYNCFLAG_SAMPLE, 2);
#ifndef WLTIMEDELTA
#error "WLTIMEDELTA"
#endif
V52_VALUE(WLTIMEDELTA, 116444736000000000L);
#ifndef MAX_SRV_VER
#error "MAX_SRV_VER"
#endif
V52_VALUE(MAX_SRV_VER, 0x7ffffff);
#ifndef foreach_vmbus_pkt
#error "foreach_vmbus_pkt"
#endif
V52_TYPE(((struct hv_page_buffer *)0)->len, u32, "hv_page_buffer.len");
V52_TYPE(((struct hv_page_buffer *)0)->offset, u32, "hv_page_buffer.offset");
V52_TYPE(((struct hv_page_buffer *)0)->pfn, u64, "hv_page_buffer.pfn");
V52_TYPE(((struct hv_multipage_buffer *)0)->len,
	 u32,
	 "hv_multipage_buffer.len");
V52_TYPE(((struct hv_multipage_buffer *)0)->offset,
	 u32,
	 "hv_multipage_buffer.offset");
V52_TYPE(((struct hv_multipage_buffer *)0)->pfn_array,
	 u64[MAX_MULTIPAGE_BUFFER_COUNT],
	 "hv_multipage_buffer.pfn_array");
V52_TYPE(((struct hv_mpb_array *)0)->len, u32, "hv_mpb_array.len");
V52_TYPE(((struct hv_mpb_array *)0)->offset, u32, "hv_mpb_array.offset");
V52_TYPE(((struct hv_mpb_array *)0)->pfn_array,
	 u64[],
	 "hv_mpb_array.pfn_array");
V52_TYPE(((struct hv_ring_buffer *)0)->write_index,
	 u32,
	 "hv_ring_buffer.write_index");
V52_TYPE(((struct hv_ring_buffer *)0)->read_index,
	 u32,
	 "hv_ring_buffer.read_index");
V52_TYPE(((struct hv_ring_buffer *)0)->interrupt_mask,
	 u32,
	 "hv_ring_buffer.interrupt_mask");
V52_TYPE(((struct hv_ring_buffer *)0)->pending_send_sz,
	 u32,
	 "hv_ring_buffer.pending_send_sz");
V52_TYPE(((struct hv_ring_buffer *)0)->reserved1,
	 u32[12],
	 "hv_ring_buffer.reserved1");
static_assert(sizeof(((struct hv_ring_buffer *)0)->feature_bits.feat_pending_send_sz = 1) != 0,
	      "hv_ring_buffer.feature_bits.feat_pending_send_sz");
V52_TYPE(((struct hv_ring_buffer *)0)->feature_bits.value,
	 u32,
	 "hv_ring_buffer.feature_bits.value");
V52_TYPE(((struct hv_ring_buffer *)0)->reserved2,
	 u8[4028],
	 "hv_ring_buffer.reserved2");
V52_TYPE(((struct hv_ring_buffer *)0)->buffer, u8[0], "hv_ring_buffer.buffer");
V52_TYPE(((struct hv_ring_buffer_info *)0)->ring_buffer,
	 struct hv_ring_buffer *,
	 "hv_ring_buffer_info.ring_buffer");
V52_TYPE(((struct hv_ring_buffer_info *)0)->ring_size,
	 u32,
	 "hv_ring_buffer_info.ring_size");
V52_TYPE(((struct hv_ring_buffer_info *)0)->ring_size_div10_reciprocal,
	 struct reciprocal_value,
	 "hv_ring_buffer_info.ring_size_div10_reciprocal");
V52_TYPE(((struct hv_ring_buffer_info *)0)->ring_lock,
	 spinlock_t,
	 "hv_ring_buffer_info.ring_lock");
V52_TYPE(((struct hv_ring_buffer_info *)0)->ring_datasize,
	 u32,
	 "hv_ring_buffer_info.ring_datasize");
V52_TYPE(((struct hv_ring_buffer_info *)0)->priv_read_index,
	 u32,
	 "hv_ring_buffer_info.priv_read_index");
V52_TYPE(((struct hv_ring_buffer_info *)0)->ring_buffer_mutex,
	 struct mutex,
	 "hv_ring_buffer_info.ring_buffer_mutex");
V52_TYPE(hv_get_bytes_to_read,
	 u32 (const struct hv_ring_buffer_info *),
	 "hv_get_bytes_to_read");
V52_TYPE(((struct vmpacket_descriptor *)0)->type,
	 u16,
	 "vmpacket_descriptor.type");
V52_TYPE(((struct vmpacket_descriptor *)0)->offset8,
	 u16,
	 "vmpacket_descriptor.offset8");
V52_TYPE(((struct vmpacket_descriptor *)0)->len8,
	 u16,
	 "vmpacket_descriptor.len8");
V52_TYPE(((struct vmpacket_descriptor *)0)->flags,
	 u16,
	 "vmpacket_descriptor.flags");
V52_TYPE(((struct vmpacket_descriptor *)0)->trans_id,
	 u64,
	 "vmpacket_descriptor.trans_id");
V52_TYPE(((struct vmpacket_header *)0)->prev_pkt_start_offset,
	 u32,
	 "vmpacket_header.prev_pkt_start_offset");
V52_TYPE(((struct vmpacket_header *)0)->descriptor,
	 struct vmpacket_descriptor,
	 "vmpacket_header.descriptor");
V52_TYPE(((struct vmtransfer_page_range *)0)->byte_count,
	 u32,
	 "vmtransfer_page_range.byte_count");
V52_TYPE(((struct vmtransfer_page_range *)0)->byte_offset,
	 u32,
	 "vmtransfer_page_range.byte_offset");
V52_TYPE(((struct vmtransfer_page_packet_header *)0)->d,
	 struct vmpacket_descriptor,
	 "vmtransfer_page_packet_header.d");
V52_TYPE(((struct vmtransfer_page_packet_header *)0)->xfer_pageset_id,
	 u16,
	 "vmtransfer_page_packet_header.xfer_pageset_id");
V52_TYPE(((struct vmtransfer_page_packet_header *)0)->sender_owns_set,
	 u8,
	 "vmtransfer_page_packet_header.sender_owns_set");
V52_TYPE(((struct vmtransfer_page_packet_header *)0)->reserved,
	 u8,
	 "vmtransfer_page_packet_header.reserved");
V52_TYPE(((struct vmtransfer_page_packet_header *)0)->range_cnt,
	 u32,
	 "vmtransfer_page_packet_header.range_cnt");
/*
 * vmtransfer_page_packet_header.ranges: a flexible array, as in later Linux:
 * v5.2 declared one element and indexed past it
 */
V52_TYPE(((struct vmgpadl_packet_header *)0)->d,
	 struct vmpacket_descriptor,
	 "vmgpadl_packet_header.d");
V52_TYPE(((struct vmgpadl_packet_header *)0)->gpadl,
	 u32,
	 "vmgpadl_packet_header.gpadl");
V52_TYPE(((struct vmgpadl_packet_header *)0)->reserved,
	 u32,
	 "vmgpadl_packet_header.reserved");
V52_TYPE(((struct vmadd_remove_transfer_page_set *)0)->d,
	 struct vmpacket_descriptor,
	 "vmadd_remove_transfer_page_set.d");
V52_TYPE(((struct vmadd_remove_transfer_page_set *)0)->gpadl,
	 u32,
	 "vmadd_remove_transfer_page_set.gpadl");
V52_TYPE(((struct vmadd_remove_transfer_page_set *)0)->xfer_pageset_id,
	 u16,
	 "vmadd_remove_transfer_page_set.xfer_pageset_id");
V52_TYPE(((struct vmadd_remove_transfer_page_set *)0)->reserved,
	 u16,
	 "vmadd_remove_transfer_page_set.reserved");
V52_TYPE(((struct gpa_range *)0)->byte_count, u32, "gpa_range.byte_count");
V52_TYPE(((struct gpa_range *)0)->byte_offset, u32, "gpa_range.byte_offset");
V52_TYPE(((struct gpa_range *)0)->pfn_array, u64[0], "gpa_range.pfn_array");
V52_TYPE(((struct vmestablish_gpadl *)0)->d,
	 struct vmpacket_descriptor,
	 "vmestablish_gpadl.d");
V52_TYPE(((struct vmestablish_gpadl *)0)->gpadl,
	 u32,
	 "vmestablish_gpadl.gpadl");
V52_TYPE(((struct vmestablish_gpadl *)0)->range_cnt,
	 u32,
	 "vmestablish_gpadl.range_cnt");
V52_TYPE(((struct vmestablish_gpadl *)0)->range,
	 struct gpa_range[1],
	 "vmestablish_gpadl.range");
V52_TYPE(((struct vmteardown_gpadl *)0)->d,
	 struct vmpacket_descriptor,
	 "vmteardown_gpadl.d");
V52_TYPE(((struct vmteardown_gpadl *)0)->gpadl, u32, "vmteardown_gpadl.gpadl");
V52_TYPE(((struct vmteardown_gpadl *)0)->reserved,
	 u32,
	 "vmteardown_gpadl.reserved");
V52_TYPE(((struct vmdata_gpa_direct *)0)->d,
	 struct vmpacket_descriptor,
	 "vmdata_gpa_direct.d");
V52_TYPE(((struct vmdata_gpa_direct *)0)->reserved,
	 u32,
	 "vmdata_gpa_direct.reserved");
V52_TYPE(((struct vmdata_gpa_direct *)0)->range_cnt,
	 u32,
	 "vmdata_gpa_direct.range_cnt");
V52_TYPE(((struct vmdata_gpa_direct *)0)->range,
	 struct gpa_range[1],
	 "vmdata_gpa_direct.range");
V52_TYPE(((struct vmadditional_data *)0)->d,
	 struct vmpacket_descriptor,
	 "vmadditional_data.d");
V52_TYPE(((struct vmadditional_data *)0)->total_bytes,
	 u64,
	 "vmadditional_data.total_bytes");
V52_TYPE(((struct vmadditional_data *)0)->offset,
	 u32,
	 "vmadditional_data.offset");
V52_TYPE(((struct vmadditional_data *)0)->byte_cnt,
	 u32,
	 "vmadditional_data.byte_cnt");
V52_TYPE(((struct vmadditional_data *)0)->data,
	 unsigned char[1],
	 "vmadditional_data.data");
V52_TYPE(((union vmpacket_largest_possible_header *)0)->simple_hdr,
	 struct vmpacket_descriptor,
	 "vmpacket_largest_possible_header.simple_hdr");
V52_TYPE(((union vmpacket_largest_possible_header *)0)->xfer_page_hdr,
	 struct vmtransfer_page_packet_header,
	 "vmpacket_largest_possible_header.xfer_page_hdr");
V52_TYPE(((union vmpacket_largest_possible_header *)0)->gpadl_hdr,
	 struct vmgpadl_packet_header,
	 "vmpacket_largest_possible_header.gpadl_hdr");
V52_TYPE(((union vmpacket_largest_possible_header *)0)->add_rm_xfer_page_hdr,
	 struct vmadd_remove_transfer_page_set,
	 "vmpacket_largest_possible_header.add_rm_xfer_page_hdr");
V52_TYPE(((union vmpacket_largest_possible_header *)0)->establish_gpadl_hdr,
	 struct vmestablish_gpadl,
	 "vmpacket_largest_possible_header.establish_gpadl_hdr");
V52_TYPE(((union vmpacket_largest_possible_header *)0)->teardown_gpadl_hdr,
	 struct vmteardown_gpadl,
	 "vmpacket_largest_possible_header.teardown_gpadl_hdr");
V52_TYPE(((union vmpacket_largest_possible_header *)0)->data_gpa_direct_hdr,
	 struct vmdata_gpa_direct,
	 "vmpacket_largest_possible_header.data_gpa_direct_hdr");
static_assert(VM_PKT_INVALID == 0, "VM_PKT_INVALID");
static_assert(VM_PKT_SYNCH == 1, "VM_PKT_SYNCH");
static_assert(VM_PKT_ADD_XFER_PAGESET == 2, "VM_PKT_ADD_XFER_PAGESET");
static_assert(VM_PKT_RM_XFER_PAGESET == 3, "VM_PKT_RM_XFER_PAGESET");
static_assert(VM_PKT_ESTABLISH_GPADL == 4, "VM_PKT_ESTABLISH_GPADL");
static_assert(VM_PKT_TEARDOWN_GPADL == 5, "VM_PKT_TEARDOWN_GPADL");
static_assert(VM_PKT_DATA_INBAND == 6, "VM_PKT_DATA_INBAND");
static_assert(VM_PKT_DATA_USING_XFER_PAGES == 7, "VM_PKT_DATA_USING_XFER_PAGES");
static_assert(VM_PKT_DATA_USING_GPADL == 8, "VM_PKT_DATA_USING_GPADL");
static_assert(VM_PKT_DATA_USING_GPA_DIRECT == 9, "VM_PKT_DATA_USING_GPA_DIRECT");
static_assert(VM_PKT_CANCEL_REQUEST == 10, "VM_PKT_CANCEL_REQUEST");
static_assert(VM_PKT_COMP == 11, "VM_PKT_COMP");
static_assert(VM_PKT_DATA_USING_ADDITIONAL_PKT == 12, "VM_PKT_DATA_USING_ADDITIONAL_PKT");
static_assert(VM_PKT_ADDITIONAL_DATA == 13, "VM_PKT_ADDITIONAL_DATA");
static_assert(sizeof(enum vmbus_packet_type) != 0);
static_assert(CHANNELMSG_INVALID == 0, "CHANNELMSG_INVALID");
static_assert(CHANNELMSG_OFFERCHANNEL == 1, "CHANNELMSG_OFFERCHANNEL");
static_assert(CHANNELMSG_RESCIND_CHANNELOFFER == 2, "CHANNELMSG_RESCIND_CHANNELOFFER");
static_assert(CHANNELMSG_REQUESTOFFERS == 3, "CHANNELMSG_REQUESTOFFERS");
static_assert(CHANNELMSG_ALLOFFERS_DELIVERED == 4, "CHANNELMSG_ALLOFFERS_DELIVERED");
static_assert(CHANNELMSG_OPENCHANNEL == 5, "CHANNELMSG_OPENCHANNEL");
static_assert(CHANNELMSG_OPENCHANNEL_RESULT == 6, "CHANNELMSG_OPENCHANNEL_RESULT");
static_assert(CHANNELMSG_CLOSECHANNEL == 7, "CHANNELMSG_CLOSECHANNEL");
static_assert(CHANNELMSG_GPADL_HEADER == 8, "CHANNELMSG_GPADL_HEADER");
static_assert(CHANNELMSG_GPADL_BODY == 9, "CHANNELMSG_GPADL_BODY");
static_assert(CHANNELMSG_GPADL_CREATED == 10, "CHANNELMSG_GPADL_CREATED");
static_assert(CHANNELMSG_GPADL_TEARDOWN == 11, "CHANNELMSG_GPADL_TEARDOWN");
static_assert(CHANNELMSG_GPADL_TORNDOWN == 12, "CHANNELMSG_GPADL_TORNDOWN");
static_assert(CHANNELMSG_RELID_RELEASED == 13, "CHANNELMSG_RELID_RELEASED");
static_assert(CHANNELMSG_INITIATE_CONTACT == 14, "CHANNELMSG_INITIATE_CONTACT");
static_assert(CHANNELMSG_VERSION_RESPONSE == 15, "CHANNELMSG_VERSION_RESPONSE");
static_assert(CHANNELMSG_UNLOAD == 16, "CHANNELMSG_UNLOAD");
static_assert(CHANNELMSG_UNLOAD_RESPONSE == 17, "CHANNELMSG_UNLOAD_RESPONSE");
static_assert(CHANNELMSG_18 == 18, "CHANNELMSG_18");
static_assert(CHANNELMSG_19 == 19, "CHANNELMSG_19");
static_assert(CHANNELMSG_20 == 20, "CHANNELMSG_20");
static_assert(CHANNELMSG_TL_CONNECT_REQUEST == 21, "CHANNELMSG_TL_CONNECT_REQUEST");
/*
 * CHANNELMSG_COUNT: counts the message types vmbc knows, newer protocols
 * included
 */
static_assert(sizeof(enum vmbus_channel_message_type) != 0);
V52_TYPE(((struct vmbus_channel_message_header *)0)->msgtype,
	 enum vmbus_channel_message_type,
	 "vmbus_channel_message_header.msgtype");
V52_TYPE(((struct vmbus_channel_message_header *)0)->padding,
	 u32,
	 "vmbus_channel_message_header.padding");
V52_TYPE(((struct vmbus_channel_query_vmbus_version *)0)->header,
	 struct vmbus_channel_message_header,
	 "vmbus_channel_query_vmbus_version.header");
V52_TYPE(((struct vmbus_channel_query_vmbus_version *)0)->version,
	 u32,
	 "vmbus_channel_query_vmbus_version.version");
V52_TYPE(((struct vmbus_channel_version_supported *)0)->header,
	 struct vmbus_channel_message_header,
	 "vmbus_channel_version_supported.header");
V52_TYPE(((struct vmbus_channel_version_supported *)0)->version_supported,
	 u8,
	 "vmbus_channel_version_supported.version_supported");
V52_TYPE(((struct vmbus_channel_offer_channel *)0)->header,
	 struct vmbus_channel_message_header,
	 "vmbus_channel_offer_channel.header");
V52_TYPE(((struct vmbus_channel_offer_channel *)0)->offer,
	 struct vmbus_channel_offer,
	 "vmbus_channel_offer_channel.offer");
V52_TYPE(((struct vmbus_channel_offer_channel *)0)->child_relid,
	 u32,
	 "vmbus_channel_offer_channel.child_relid");
V52_TYPE(((struct vmbus_channel_offer_channel *)0)->monitorid,
	 u8,
	 "vmbus_channel_offer_channel.monitorid");
static_assert(sizeof(((struct vmbus_channel_offer_channel *)0)->monitor_allocated = 1) != 0,
	      "vmbus_channel_offer_channel.monitor_allocated");
static_assert(sizeof(((struct vmbus_channel_offer_channel *)0)->reserved = 1) != 0,
	      "vmbus_channel_offer_channel.reserved");
static_assert(sizeof(((struct vmbus_channel_offer_channel *)0)->is_dedicated_interrupt = 1) != 0,
	      "vmbus_channel_offer_channel.is_dedicated_interrupt");
static_assert(sizeof(((struct vmbus_channel_offer_channel *)0)->reserved1 = 1) != 0,
	      "vmbus_channel_offer_channel.reserved1");
V52_TYPE(((struct vmbus_channel_offer_channel *)0)->connection_id,
	 u32,
	 "vmbus_channel_offer_channel.connection_id");
V52_TYPE(((struct vmbus_channel_rescind_offer *)0)->header,
	 struct vmbus_channel_message_header,
	 "vmbus_channel_rescind_offer.header");
V52_TYPE(((struct vmbus_channel_rescind_offer *)0)->child_relid,
	 u32,
	 "vmbus_channel_rescind_offer.child_relid");
V52_TYPE(hv_ringbuffer_pending_size,
	 u32 (const struct hv_ring_buffer_info *),
	 "hv_ringbuffer_pending_size");
V52_TYPE(((struct vmbus_channel_open_result *)0)->header,
	 struct vmbus_channel_message_header,
	 "vmbus_channel_open_result.header");
V52_TYPE(((struct vmbus_channel_open_result *)0)->child_relid,
	 u32,
	 "vmbus_channel_open_result.child_relid");
V52_TYPE(((struct vmbus_channel_open_result *)0)->openid,
	 u32,
	 "vmbus_channel_open_result.openid");
V52_TYPE(((struct vmbus_channel_open_result *)0)->status,
	 u32,
	 "vmbus_channel_open_result.status");
V52_TYPE(((struct vmbus_channel_close_channel *)0)->header,
	 struct vmbus_channel_message_header,
	 "vmbus_channel_close_channel.header");
V52_TYPE(((struct vmbus_channel_close_channel *)0)->child_relid,
	 u32,
	 "vmbus_channel_close_channel.child_relid");
V52_TYPE(((struct vmbus_channel_gpadl_header *)0)->header,
	 struct vmbus_channel_message_header,
	 "vmbus_channel_gpadl_header.header");
V52_TYPE(((struct vmbus_channel_gpadl_header *)0)->child_relid,
	 u32,
	 "vmbus_channel_gpadl_header.child_relid");
V52_TYPE(((struct vmbus_channel_gpadl_header *)0)->gpadl,
	 u32,
	 "vmbus_channel_gpadl_header.gpadl");
V52_TYPE(((struct vmbus_channel_gpadl_header *)0)->range_buflen,
	 u16,
	 "vmbus_channel_gpadl_header.range_buflen");
V52_TYPE(((struct vmbus_channel_gpadl_header *)0)->rangecount,
	 u16,
	 "vmbus_channel_gpadl_header.rangecount");
V52_TYPE(((struct vmbus_channel_gpadl_header *)0)->range,
	 struct gpa_range[0],
	 "vmbus_channel_gpadl_header.range");
V52_TYPE(((struct vmbus_channel_gpadl_body *)0)->header,
	 struct vmbus_channel_message_header,
	 "vmbus_channel_gpadl_body.header");
V52_TYPE(((struct vmbus_channel_gpadl_body *)0)->msgnumber,
	 u32,
	 "vmbus_channel_gpadl_body.msgnumber");
V52_TYPE(((struct vmbus_channel_gpadl_body *)0)->gpadl,
	 u32,
	 "vmbus_channel_gpadl_body.gpadl");
V52_TYPE(((struct vmbus_channel_gpadl_body *)0)->pfn,
	 u64[0],
	 "vmbus_channel_gpadl_body.pfn");
V52_TYPE(((struct vmbus_channel_gpadl_created *)0)->header,
	 struct vmbus_channel_message_header,
	 "vmbus_channel_gpadl_created.header");
V52_TYPE(((struct vmbus_channel_gpadl_created *)0)->child_relid,
	 u32,
	 "vmbus_channel_gpadl_created.child_relid");
V52_TYPE(((struct vmbus_channel_gpadl_created *)0)->gpadl,
	 u32,
	 "vmbus_channel_gpadl_created.gpadl");
V52_TYPE(((struct vmbus_channel_gpadl_created *)0)->creation_status,
	 u32,
	 "vmbus_channel_gpadl_created.creation_status");
V52_TYPE(((struct vmbus_channel_gpadl_teardown *)0)->header,
	 struct vmbus_channel_message_header,
	 "vmbus_channel_gpadl_teardown.header");
V52_TYPE(((struct vmbus_channel_gpadl_teardown *)0)->child_relid,
	 u32,
	 "vmbus_channel_gpadl_teardown.child_relid");
V52_TYPE(((struct vmbus_channel_gpadl_teardown *)0)->gpadl,
	 u32,
	 "vmbus_channel_gpadl_teardown.gpadl");
V52_TYPE(((struct vmbus_channel_gpadl_torndown *)0)->header,
	 struct vmbus_channel_message_header,
	 "vmbus_channel_gpadl_torndown.header");
V52_TYPE(((struct vmbus_channel_gpadl_torndown *)0)->gpadl,
	 u32,
	 "vmbus_channel_gpadl_torndown.gpadl");
V52_TYPE(((struct vmbus_channel_relid_released *)0)->header,
	 struct vmbus_channel_message_header,
	 "vmbus_channel_relid_released.header");
V52_TYPE(((struct vmbus_channel_relid_released *)0)->child_relid,
	 u32,
	 "vmbus_channel_relid_released.child_relid");
V52_TYPE(((struct vmbus_channel_initiate_contact *)0)->header,
	 struct vmbus_channel_message_header,
	 "vmbus_channel_initiate_contact.header");
V52_TYPE(((struct vmbus_channel_initiate_contact *)0)->vmbus_version_requested,
	 u32,
	 "vmbus_channel_initiate_contact.vmbus_version_requested");
V52_TYPE(((struct vmbus_channel_initiate_contact *)0)->target_vcpu,
	 u32,
	 "vmbus_channel_initiate_contact.target_vcpu");
V52_TYPE(((struct vmbus_channel_initiate_contact *)0)->interrupt_page,
	 u64,
	 "vmbus_channel_initiate_contact.interrupt_page");
V52_TYPE(((struct vmbus_channel_initiate_contact *)0)->msg_sint,
	 u8,
	 "vmbus_channel_initiate_contact.msg_sint");
V52_TYPE(((struct vmbus_channel_initiate_contact *)0)->padding1,
	 u8[3],
	 "vmbus_channel_initiate_contact.padding1");
V52_TYPE(((struct vmbus_channel_initiate_contact *)0)->padding2,
	 u32,
	 "vmbus_channel_initiate_contact.padding2");
V52_TYPE(((struct vmbus_channel_initiate_contact *)0)->monitor_page1,
	 u64,
	 "vmbus_channel_initiate_contact.monitor_page1");
V52_TYPE(((struct vmbus_channel_initiate_contact *)0)->monitor_page2,
	 u64,
	 "vmbus_channel_initiate_contact.monitor_page2");
V52_TYPE(((struct vmbus_channel_tl_connect_request *)0)->header,
	 struct vmbus_channel_message_header,
	 "vmbus_channel_tl_connect_request.header");
V52_TYPE(((struct vmbus_channel_tl_connect_request *)0)->guest_endpoint_id,
	 guid_t,
	 "vmbus_channel_tl_connect_request.guest_endpoint_id");
V52_TYPE(((struct vmbus_channel_tl_connect_request *)0)->host_service_id,
	 guid_t,
	 "vmbus_channel_tl_connect_request.host_service_id");
V52_TYPE(((struct vmbus_channel_version_response *)0)->header,
	 struct vmbus_channel_message_header,
	 "vmbus_channel_version_response.header");
V52_TYPE(((struct vmbus_channel_version_response *)0)->version_supported,
	 u8,
	 "vmbus_channel_version_response.version_supported");
V52_TYPE(((struct vmbus_channel_version_response *)0)->connection_state,
	 u8,
	 "vmbus_channel_version_response.connection_state");
V52_TYPE(((struct vmbus_channel_version_response *)0)->padding,
	 u16,
	 "vmbus_channel_version_response.padding");
V52_TYPE(((struct vmbus_channel_version_response *)0)->msg_conn_id,
	 u32,
	 "vmbus_channel_version_response.msg_conn_id");
static_assert(CHANNEL_OFFER_STATE == 0, "CHANNEL_OFFER_STATE");
static_assert(CHANNEL_OPENING_STATE == 1, "CHANNEL_OPENING_STATE");
static_assert(CHANNEL_OPEN_STATE == 2, "CHANNEL_OPEN_STATE");
static_assert(CHANNEL_OPENED_STATE == 3, "CHANNEL_OPENED_STATE");
static_assert(sizeof(enum vmbus_channel_state) != 0);
V52_TYPE(((struct vmbus_channel_msginfo *)0)->msglistentry,
	 struct list_head,
	 "vmbus_channel_msginfo.msglistentry");
V52_TYPE(((struct vmbus_channel_msginfo *)0)->submsglist,
	 struct list_head,
	 "vmbus_channel_msginfo.submsglist");
V52_TYPE(((struct vmbus_channel_msginfo *)0)->waitevent,
	 struct completion,
	 "vmbus_channel_msginfo.waitevent");
V52_TYPE(((struct vmbus_channel_msginfo *)0)->waiting_channel,
	 struct vmbus_channel *,
	 "vmbus_channel_msginfo.waiting_channel");
V52_TYPE(((struct vmbus_channel_msginfo *)0)->response.version_supported,
	 struct vmbus_channel_version_supported,
	 "vmbus_channel_msginfo.response.version_supported");
V52_TYPE(((struct vmbus_channel_msginfo *)0)->response.open_result,
	 struct vmbus_channel_open_result,
	 "vmbus_channel_msginfo.response.open_result");
V52_TYPE(((struct vmbus_channel_msginfo *)0)->response.gpadl_torndown,
	 struct vmbus_channel_gpadl_torndown,
	 "vmbus_channel_msginfo.response.gpadl_torndown");
V52_TYPE(((struct vmbus_channel_msginfo *)0)->response.gpadl_created,
	 struct vmbus_channel_gpadl_created,
	 "vmbus_channel_msginfo.response.gpadl_created");
V52_TYPE(((struct vmbus_channel_msginfo *)0)->response.version_response,
	 struct vmbus_channel_version_response,
	 "vmbus_channel_msginfo.response.version_response");
V52_TYPE(((struct vmbus_channel_msginfo *)0)->msgsize,
	 u32,
	 "vmbus_channel_msginfo.msgsize");
V52_TYPE(((struct vmbus_channel_msginfo *)0)->msg,
	 unsigned char[0],
	 "vmbus_channel_msginfo.msg");
V52_TYPE(((struct vmbus_close_msg *)0)->info,
	 struct vmbus_channel_msginfo,
	 "vmbus_close_msg.info");
V52_TYPE(((struct vmbus_close_msg *)0)->msg,
	 struct vmbus_channel_close_channel,
	 "vmbus_close_msg.msg");
V52_TYPE(((union hv_connection_id *)0)->asu32, u32, "hv_connection_id.asu32");
static_assert(sizeof(((union hv_connection_id *)0)->u.id = 1) != 0,
	      "hv_connection_id.u.id");
static_assert(sizeof(((union hv_connection_id *)0)->u.reserved = 1) != 0,
	      "hv_connection_id.u.reserved");
static_assert(HV_BALANCED == 0, "HV_BALANCED");
static_assert(HV_LOCALIZED == 1, "HV_LOCALIZED");
static_assert(sizeof(enum hv_numa_policy) != 0);
static_assert(HV_IDE == 0, "HV_IDE");
static_assert(HV_SCSI == 1, "HV_SCSI");
static_assert(HV_FC == 2, "HV_FC");
static_assert(HV_NIC == 3, "HV_NIC");
static_assert(HV_ND == 4, "HV_ND");
static_assert(HV_PCIE == 5, "HV_PCIE");
static_assert(HV_FB == 6, "HV_FB");
static_assert(HV_KBD == 7, "HV_KBD");
static_assert(HV_MOUSE == 8, "HV_MOUSE");
static_assert(HV_KVP == 9, "HV_KVP");
static_assert(HV_TS == 10, "HV_TS");
static_assert(HV_HB == 11, "HV_HB");
static_assert(HV_SHUTDOWN == 12, "HV_SHUTDOWN");
static_assert(HV_FCOPY == 13, "HV_FCOPY");
static_assert(HV_BACKUP == 14, "HV_BACKUP");
static_assert(HV_DM == 15, "HV_DM");
static_assert(HV_UNKNOWN == 16, "HV_UNKNOWN");
static_assert(sizeof(enum vmbus_device_type) != 0);
V52_TYPE(((struct vmbus_device *)0)->dev_type, u16, "vmbus_device.dev_type");
V52_TYPE(((struct vmbus_device *)0)->guid, guid_t, "vmbus_device.guid");
V52_TYPE(((struct vmbus_device *)0)->perf_device,
	 bool,
	 "vmbus_device.perf_device");
V52_TYPE(((struct vmbus_channel *)0)->listentry,
	 struct list_head,
	 "vmbus_channel.listentry");
V52_TYPE(((struct vmbus_channel *)0)->device_obj,
	 struct hv_device *,
	 "vmbus_channel.device_obj");
V52_TYPE(((struct vmbus_channel *)0)->state,
	 enum vmbus_channel_state,
	 "vmbus_channel.state");
V52_TYPE(((struct vmbus_channel *)0)->offermsg,
	 struct vmbus_channel_offer_channel,
	 "vmbus_channel.offermsg");
V52_TYPE(((struct vmbus_channel *)0)->monitor_grp,
	 u8,
	 "vmbus_channel.monitor_grp");
V52_TYPE(((struct vmbus_channel *)0)->monitor_bit,
	 u8,
	 "vmbus_channel.monitor_bit");
V52_TYPE(((struct vmbus_channel *)0)->rescind, bool, "vmbus_channel.rescind");
V52_TYPE(((struct vmbus_channel *)0)->rescind_event,
	 struct completion,
	 "vmbus_channel.rescind_event");
V52_TYPE(((struct vmbus_channel *)0)->ringbuffer_gpadlhandle,
	 u32,
	 "vmbus_channel.ringbuffer_gpadlhandle");
V52_TYPE(((struct vmbus_channel *)0)->ringbuffer_page,
	 struct page *,
	 "vmbus_channel.ringbuffer_page");
V52_TYPE(((struct vmbus_channel *)0)->ringbuffer_pagecount,
	 u32,
	 "vmbus_channel.ringbuffer_pagecount");
V52_TYPE(((struct vmbus_channel *)0)->ringbuffer_send_offset,
	 u32,
	 "vmbus_channel.ringbuffer_send_offset");
V52_TYPE(((struct vmbus_channel *)0)->outbound,
	 struct hv_ring_buffer_info,
	 "vmbus_channel.outbound");
V52_TYPE(((struct vmbus_channel *)0)->inbound,
	 struct hv_ring_buffer_info,
	 "vmbus_channel.inbound");
V52_TYPE(((struct vmbus_channel *)0)->close_msg,
	 struct vmbus_close_msg,
	 "vmbus_channel.close_msg");
V52_TYPE(((struct vmbus_channel *)0)->interrupts,
	 u64,
	 "vmbus_channel.interrupts");
V52_TYPE(((struct vmbus_channel *)0)->sig_events,
	 u64,
	 "vmbus_channel.sig_events");
V52_TYPE(((struct vmbus_channel *)0)->intr_out_empty,
	 u64,
	 "vmbus_channel.intr_out_empty");
V52_TYPE(((struct vmbus_channel *)0)->out_full_flag,
	 bool,
	 "vmbus_channel.out_full_flag");
V52_TYPE(((struct vmbus_channel *)0)->callback_event,
	 struct tasklet_struct,
	 "vmbus_channel.callback_event");
V52_TYPE(((struct vmbus_channel *)0)->onchannel_callback,
	 void (*)(void *),
	 "vmbus_channel.onchannel_callback");
V52_TYPE(((struct vmbus_channel *)0)->channel_callback_context,
	 void *,
	 "vmbus_channel.channel_callback_context");
static_assert(HV_CALL_BATCHED == 0, "HV_CALL_BATCHED");
static_assert(HV_CALL_DIRECT == 1, "HV_CALL_DIRECT");
static_assert(HV_CALL_ISR == 2, "HV_CALL_ISR");
V52_TYPE(((struct vmbus_channel *)0)->callback_mode,
	 enum hv_callback_mode,
	 "vmbus_channel.callback_mode");
V52_TYPE(((struct vmbus_channel *)0)->is_dedicated_interrupt,
	 bool,
	 "vmbus_channel.is_dedicated_interrupt");
V52_TYPE(((struct vmbus_channel *)0)->sig_event,
	 u64,
	 "vmbus_channel.sig_event");
V52_TYPE(((struct vmbus_channel *)0)->target_vp,
	 u32,
	 "vmbus_channel.target_vp");
V52_TYPE(((struct vmbus_channel *)0)->target_cpu,
	 u32,
	 "vmbus_channel.target_cpu");
V52_TYPE(((struct vmbus_channel *)0)->alloced_cpus_in_node,
	 struct cpumask,
	 "vmbus_channel.alloced_cpus_in_node");
V52_TYPE(((struct vmbus_channel *)0)->numa_node,
	 int,
	 "vmbus_channel.numa_node");
V52_TYPE(((struct vmbus_channel *)0)->sc_creation_callback,
	 void (*)(struct vmbus_channel *),
	 "vmbus_channel.sc_creation_callback");
V52_TYPE(((struct vmbus_channel *)0)->chn_rescind_callback,
	 void (*)(struct vmbus_channel *),
	 "vmbus_channel.chn_rescind_callback");
V52_TYPE(((struct vmbus_channel *)0)->lock, spinlock_t, "vmbus_channel.lock");
V52_TYPE(((struct vmbus_channel *)0)->sc_list,
	 struct list_head,
	 "vmbus_channel.sc_list");
V52_TYPE(((struct vmbus_channel *)0)->primary_channel,
	 struct vmbus_channel *,
	 "vmbus_channel.primary_channel");
V52_TYPE(((struct vmbus_channel *)0)->per_channel_state,
	 void *,
	 "vmbus_channel.per_channel_state");
V52_TYPE(((struct vmbus_channel *)0)->percpu_list,
	 struct list_head,
	 "vmbus_channel.percpu_list");
V52_TYPE(((struct vmbus_channel *)0)->rcu,
	 struct rcu_head,
	 "vmbus_channel.rcu");
V52_TYPE(((struct vmbus_channel *)0)->kobj,
	 struct kobject,
	 "vmbus_channel.kobj");
V52_TYPE(((struct vmbus_channel *)0)->low_latency,
	 bool,
	 "vmbus_channel.low_latency");
V52_TYPE(((struct vmbus_channel *)0)->affinity_policy,
	 enum hv_numa_policy,
	 "vmbus_channel.affinity_policy");
V52_TYPE(((struct vmbus_channel *)0)->probe_done,
	 bool,
	 "vmbus_channel.probe_done");
V52_TYPE(((struct vmbus_channel *)0)->add_channel_work,
	 struct work_struct,
	 "vmbus_channel.add_channel_work");
V52_TYPE(((struct vmbus_channel *)0)->intr_in_full,
	 u64,
	 "vmbus_channel.intr_in_full");
V52_TYPE(((struct vmbus_channel *)0)->out_full_total,
	 u64,
	 "vmbus_channel.out_full_total");
V52_TYPE(((struct vmbus_channel *)0)->out_full_first,
	 u64,
	 "vmbus_channel.out_full_first");
V52_TYPE(is_hvsock_channel,
	 bool (const struct vmbus_channel *),
	 "is_hvsock_channel");
V52_TYPE(vmbus_onmessage, void (void *), "vmbus_onmessage");
V52_TYPE(vmbus_request_offers, int (void), "vmbus_request_offers");
V52_TYPE(vmbus_set_sc_create_callback,
	 void (struct vmbus_channel *, void (*)(struct vmbus_channel *new_sc)),
	 "vmbus_set_sc_create_callback");
V52_TYPE(vmbus_set_chn_rescind_callback,
	 void (struct vmbus_channel *, void (*)(struct vmbus_channel *)),
	 "vmbus_set_chn_rescind_callback");
V52_TYPE(vmbus_are_subchannels_present,
	 bool (struct vmbus_channel *),
	 "vmbus_are_subchannels_present");
V52_TYPE(((struct vmbus_channel_packet_page_buffer *)0)->type,
	 u16,
	 "vmbus_channel_packet_page_buffer.type");
V52_TYPE(((struct vmbus_channel_packet_page_buffer *)0)->dataoffset8,
	 u16,
	 "vmbus_channel_packet_page_buffer.dataoffset8");
V52_TYPE(((struct vmbus_channel_packet_page_buffer *)0)->length8,
	 u16,
	 "vmbus_channel_packet_page_buffer.length8");
V52_TYPE(((struct vmbus_channel_packet_page_buffer *)0)->flags,
	 u16,
	 "vmbus_channel_packet_page_buffer.flags");
V52_TYPE(((struct vmbus_channel_packet_page_buffer *)0)->transactionid,
	 u64,
	 "vmbus_channel_packet_page_buffer.transactionid");
V52_TYPE(((struct vmbus_channel_packet_page_buffer *)0)->reserved,
	 u32,
	 "vmbus_channel_packet_page_buffer.reserved");
V52_TYPE(((struct vmbus_channel_packet_page_buffer *)0)->rangecount,
	 u32,
	 "vmbus_channel_packet_page_buffer.rangecount");
V52_TYPE(((struct vmbus_channel_packet_page_buffer *)0)->range,
	 struct hv_page_buffer[MAX_PAGE_BUFFER_COUNT],
	 "vmbus_channel_packet_page_buffer.range");
V52_TYPE(((struct vmbus_channel_packet_multipage_buffer *)0)->type,
	 u16,
	 "vmbus_channel_packet_multipage_buffer.type");
V52_TYPE(((struct vmbus_channel_packet_multipage_buffer *)0)->dataoffset8,
	 u16,
	 "vmbus_channel_packet_multipage_buffer.dataoffset8");
V52_TYPE(((struct vmbus_channel_packet_multipage_buffer *)0)->length8,
	 u16,
	 "vmbus_channel_packet_multipage_buffer.length8");
V52_TYPE(((struct vmbus_channel_packet_multipage_buffer *)0)->flags,
	 u16,
	 "vmbus_channel_packet_multipage_buffer.flags");
V52_TYPE(((struct vmbus_channel_packet_multipage_buffer *)0)->transactionid,
	 u64,
	 "vmbus_channel_packet_multipage_buffer.transactionid");
V52_TYPE(((struct vmbus_channel_packet_multipage_buffer *)0)->reserved,
	 u32,
	 "vmbus_channel_packet_multipage_buffer.reserved");
V52_TYPE(((struct vmbus_channel_packet_multipage_buffer *)0)->rangecount,
	 u32,
	 "vmbus_channel_packet_multipage_buffer.rangecount");
V52_TYPE(((struct vmbus_channel_packet_multipage_buffer *)0)->range,
	 struct hv_multipage_buffer,
	 "vmbus_channel_packet_multipage_buffer.range");
V52_TYPE(((struct vmbus_packet_mpb_array *)0)->type,
	 u16,
	 "vmbus_packet_mpb_array.type");
V52_TYPE(((struct vmbus_packet_mpb_array *)0)->dataoffset8,
	 u16,
	 "vmbus_packet_mpb_array.dataoffset8");
V52_TYPE(((struct vmbus_packet_mpb_array *)0)->length8,
	 u16,
	 "vmbus_packet_mpb_array.length8");
V52_TYPE(((struct vmbus_packet_mpb_array *)0)->flags,
	 u16,
	 "vmbus_packet_mpb_array.flags");
V52_TYPE(((struct vmbus_packet_mpb_array *)0)->transactionid,
	 u64,
	 "vmbus_packet_mpb_array.transactionid");
V52_TYPE(((struct vmbus_packet_mpb_array *)0)->reserved,
	 u32,
	 "vmbus_packet_mpb_array.reserved");
V52_TYPE(((struct vmbus_packet_mpb_array *)0)->rangecount,
	 u32,
	 "vmbus_packet_mpb_array.rangecount");
V52_TYPE(((struct vmbus_packet_mpb_array *)0)->range,
	 struct hv_mpb_array,
	 "vmbus_packet_mpb_array.range");
V52_TYPE(vmbus_alloc_ring,
	 int (struct vmbus_channel *, u32, u32),
	 "vmbus_alloc_ring");
V52_TYPE(vmbus_free_ring, void (struct vmbus_channel *), "vmbus_free_ring");
V52_TYPE(vmbus_connect_ring,
	 int (struct vmbus_channel *, void (*)(void *context), void *),
	 "vmbus_connect_ring");
V52_TYPE(vmbus_disconnect_ring,
	 int (struct vmbus_channel *),
	 "vmbus_disconnect_ring");
V52_TYPE(vmbus_open,
	 int (struct vmbus_channel *, u32, u32, void *, u32, void (*)(void *context), void *),
	 "vmbus_open");
V52_TYPE(vmbus_close, void (struct vmbus_channel *), "vmbus_close");
V52_TYPE(vmbus_sendpacket,
	 int (struct vmbus_channel *, void *, u32, u64, enum vmbus_packet_type, u32),
	 "vmbus_sendpacket");
V52_TYPE(vmbus_sendpacket_pagebuffer,
	 int (struct vmbus_channel *, struct hv_page_buffer[], u32, void *, u32, u64),
	 "vmbus_sendpacket_pagebuffer");
V52_TYPE(vmbus_sendpacket_mpb_desc,
	 int (struct vmbus_channel *, struct vmbus_packet_mpb_array *, u32, void *, u32, u64),
	 "vmbus_sendpacket_mpb_desc");
V52_TYPE(vmbus_establish_gpadl,
	 int (struct vmbus_channel *, void *, u32, u32 *),
	 "vmbus_establish_gpadl");
V52_TYPE(vmbus_teardown_gpadl,
	 int (struct vmbus_channel *, u32),
	 "vmbus_teardown_gpadl");
V52_TYPE(vmbus_reset_channel_cb,
	 void (struct vmbus_channel *),
	 "vmbus_reset_channel_cb");
V52_TYPE(vmbus_recvpacket,
	 int (struct vmbus_channel *, void *, u32, u32 *, u64 *),
	 "vmbus_recvpacket");
V52_TYPE(vmbus_recvpacket_raw,
	 int (struct vmbus_channel *, void *, u32, u32 *, u64 *),
	 "vmbus_recvpacket_raw");
/*
 * vmbus_ontimer: declared by v5.2, defined by no kernel: kept as a
 * declaration
 */
V52_TYPE(((struct hv_driver *)0)->name, const char *, "hv_driver.name");
V52_TYPE(((struct hv_driver *)0)->hvsock, bool, "hv_driver.hvsock");
V52_TYPE(((struct hv_driver *)0)->dev_type, guid_t, "hv_driver.dev_type");
V52_TYPE(((struct hv_driver *)0)->id_table,
	 const struct hv_vmbus_device_id *,
	 "hv_driver.id_table");
V52_TYPE(((struct hv_driver *)0)->driver,
	 struct device_driver,
	 "hv_driver.driver");
V52_TYPE(((struct hv_driver *)0)->dynids.lock,
	 spinlock_t,
	 "hv_driver.dynids.lock");
V52_TYPE(((struct hv_driver *)0)->dynids.list,
	 struct list_head,
	 "hv_driver.dynids.list");
V52_TYPE(((struct hv_driver *)0)->probe,
	 int (*)(struct hv_device *, const struct hv_vmbus_device_id *),
	 "hv_driver.probe");
V52_TYPE(((struct hv_driver *)0)->remove,
	 int (*)(struct hv_device *),
	 "hv_driver.remove");
V52_TYPE(((struct hv_driver *)0)->shutdown,
	 void (*)(struct hv_device *),
	 "hv_driver.shutdown");
V52_TYPE(((struct hv_device *)0)->dev_type, guid_t, "hv_device.dev_type");
V52_TYPE(((struct hv_device *)0)->dev_instance,
	 guid_t,
	 "hv_device.dev_instance");
V52_TYPE(((struct hv_device *)0)->vendor_id, u16, "hv_device.vendor_id");
V52_TYPE(((struct hv_device *)0)->device_id, u16, "hv_device.device_id");
V52_TYPE(((struct hv_device *)0)->device, struct device, "hv_device.device");
V52_TYPE(((struct hv_device *)0)->driver_override,
	 char *,
	 "hv_device.driver_override");
V52_TYPE(((struct hv_device *)0)->channel,
	 struct vmbus_channel *,
	 "hv_device.channel");
V52_TYPE(((struct hv_device *)0)->channels_kset,
	 struct kset *,
	 "hv_device.channels_kset");
V52_TYPE(device_to_hv_device,
	 struct hv_device * (struct device *),
	 "device_to_hv_device");
V52_TYPE(hv_ringbuffer_get_debuginfo,
	 int (struct hv_ring_buffer_info *, struct hv_ring_buffer_debug_info *),
	 "hv_ringbuffer_get_debuginfo");
V52_TYPE(__vmbus_driver_register,
	 int (struct hv_driver *, struct module *, const char *),
	 "__vmbus_driver_register");
V52_TYPE(vmbus_driver_unregister,
	 void (struct hv_driver *),
	 "vmbus_driver_unregister");
V52_TYPE(vmbus_hvsock_device_unregister,
	 void (struct vmbus_channel *),
	 "vmbus_hvsock_device_unregister");
V52_TYPE(vmbus_allocate_mmio,
	 int (struct resource **, struct hv_device *, resource_size_t, resource_size_t,
	      resource_size_t, resource_size_t, bool),
	 "vmbus_allocate_mmio");
V52_TYPE(vmbus_free_mmio,
	 void (resource_size_t, resource_size_t),
	 "vmbus_free_mmio");
V52_TYPE(((struct hv_util_service *)0)->recv_buffer,
	 u8 *,
	 "hv_util_service.recv_buffer");
V52_TYPE(((struct hv_util_service *)0)->channel,
	 void *,
	 "hv_util_service.channel");
V52_TYPE(((struct hv_util_service *)0)->util_cb,
	 void (*)(void *),
	 "hv_util_service.util_cb");
V52_TYPE(((struct hv_util_service *)0)->util_init,
	 int (*)(struct hv_util_service *),
	 "hv_util_service.util_init");
V52_TYPE(((struct hv_util_service *)0)->util_deinit,
	 void (*)(void),
	 "hv_util_service.util_deinit");
V52_TYPE(((struct vmbuspipe_hdr *)0)->flags, u32, "vmbuspipe_hdr.flags");
V52_TYPE(((struct vmbuspipe_hdr *)0)->msgsize, u32, "vmbuspipe_hdr.msgsize");
V52_TYPE(((struct ic_version *)0)->major, u16, "ic_version.major");
V52_TYPE(((struct ic_version *)0)->minor, u16, "ic_version.minor");
V52_TYPE(((struct icmsg_hdr *)0)->icverframe,
	 struct ic_version,
	 "icmsg_hdr.icverframe");
V52_TYPE(((struct icmsg_hdr *)0)->icmsgtype, u16, "icmsg_hdr.icmsgtype");
V52_TYPE(((struct icmsg_hdr *)0)->icvermsg,
	 struct ic_version,
	 "icmsg_hdr.icvermsg");
V52_TYPE(((struct icmsg_hdr *)0)->icmsgsize, u16, "icmsg_hdr.icmsgsize");
V52_TYPE(((struct icmsg_hdr *)0)->status, u32, "icmsg_hdr.status");
V52_TYPE(((struct icmsg_hdr *)0)->ictransaction_id,
	 u8,
	 "icmsg_hdr.ictransaction_id");
V52_TYPE(((struct icmsg_hdr *)0)->icflags, u8, "icmsg_hdr.icflags");
V52_TYPE(((struct icmsg_hdr *)0)->reserved, u8[2], "icmsg_hdr.reserved");
V52_TYPE(((struct icmsg_negotiate *)0)->icframe_vercnt,
	 u16,
	 "icmsg_negotiate.icframe_vercnt");
V52_TYPE(((struct icmsg_negotiate *)0)->icmsg_vercnt,
	 u16,
	 "icmsg_negotiate.icmsg_vercnt");
V52_TYPE(((struct icmsg_negotiate *)0)->reserved,
	 u32,
	 "icmsg_negotiate.reserved");
V52_TYPE(((struct icmsg_negotiate *)0)->icversion_data,
	 struct ic_version[1],
	 "icmsg_negotiate.icversion_data");
V52_TYPE(((struct shutdown_msg_data *)0)->reason_code,
	 u32,
	 "shutdown_msg_data.reason_code");
V52_TYPE(((struct shutdown_msg_data *)0)->timeout_seconds,
	 u32,
	 "shutdown_msg_data.timeout_seconds");
V52_TYPE(((struct shutdown_msg_data *)0)->flags,
	 u32,
	 "shutdown_msg_data.flags");
V52_TYPE(((struct shutdown_msg_data *)0)->display_message,
	 u8[2048],
	 "shutdown_msg_data.display_message");
V52_TYPE(((struct heartbeat_msg_data *)0)->seq_num,
	 u64,
	 "heartbeat_msg_data.seq_num");
V52_TYPE(((struct heartbeat_msg_data *)0)->reserved,
	 u32[8],
	 "heartbeat_msg_data.reserved");
V52_TYPE(((struct ictimesync_data *)0)->parenttime,
	 u64,
	 "ictimesync_data.parenttime");
V52_TYPE(((struct ictimesync_data *)0)->childtime,
	 u64,
	 "ictimesync_data.childtime");
V52_TYPE(((struct ictimesync_data *)0)->roundtriptime,
	 u64,
	 "ictimesync_data.roundtriptime");
V52_TYPE(((struct ictimesync_data *)0)->flags, u8, "ictimesync_data.flags");
V52_TYPE(((struct ictimesync_ref_data *)0)->parenttime,
	 u64,
	 "ictimesync_ref_data.parenttime");
V52_TYPE(((struct ictimesync_ref_data *)0)->vmreferencetime,
	 u64,
	 "ictimesync_ref_data.vmreferencetime");
V52_TYPE(((struct ictimesync_ref_data *)0)->flags,
	 u8,
	 "ictimesync_ref_data.flags");
V52_TYPE(((struct ictimesync_ref_data *)0)->leapflags,
	 char,
	 "ictimesync_ref_data.leapflags");
V52_TYPE(((struct ictimesync_ref_data *)0)->stratum,
	 char,
	 "ictimesync_ref_data.stratum");
V52_TYPE(((struct ictimesync_ref_data *)0)->reserved,
	 u8[3],
	 "ictimesync_ref_data.reserved");
V52_TYPE(((struct hyperv_service_callback *)0)->msg_type,
	 u8,
	 "hyperv_service_callback.msg_type");
V52_TYPE(((struct hyperv_service_callback *)0)->log_msg,
	 char *,
	 "hyperv_service_callback.log_msg");
V52_TYPE(((struct hyperv_service_callback *)0)->data,
	 guid_t,
	 "hyperv_service_callback.data");
V52_TYPE(((struct hyperv_service_callback *)0)->channel,
	 struct vmbus_channel *,
	 "hyperv_service_callback.channel");
V52_TYPE(((struct hyperv_service_callback *)0)->callback,
	 void (*)(void *),
	 "hyperv_service_callback.callback");
V52_TYPE(vmbus_prep_negotiate_resp,
	 bool (struct icmsg_hdr *, u8 *, const int *, int, const int *, int, int *, int *),
	 "vmbus_prep_negotiate_resp");
V52_TYPE(hv_process_channel_removal,
	 void (struct vmbus_channel *),
	 "hv_process_channel_removal");
V52_TYPE(vmbus_setevent, void (struct vmbus_channel *), "vmbus_setevent");
V52_TYPE(vmbus_proto_version, __u32, "vmbus_proto_version");
V52_TYPE(vmbus_send_tl_connect_request,
	 int (const guid_t *, const guid_t *),
	 "vmbus_send_tl_connect_request");
V52_TYPE(vmbus_set_event, void (struct vmbus_channel *), "vmbus_set_event");
V52_TYPE(hv_get_ring_buffer,
	 void * (const struct hv_ring_buffer_info *),
	 "hv_get_ring_buffer");
V52_TYPE(hv_pkt_iter_first,
	 struct vmpacket_descriptor * (struct vmbus_channel *),
	 "hv_pkt_iter_first");
V52_TYPE(__hv_pkt_iter_next,
	 struct vmpacket_descriptor * (struct vmbus_channel *, const struct vmpacket_descriptor *),
	 "__hv_pkt_iter_next");
V52_TYPE(hv_pkt_iter_close, void (struct vmbus_channel *), "hv_pkt_iter_close");
V52_TYPE(hv_pkt_iter_next,
	 struct vmpacket_descriptor * (struct vmbus_channel *, const struct vmpacket_descriptor *),
	 "hv_pkt_iter_next");

struct v52_guid {
	const char *name;
	struct hv_vmbus_device_id ours;
	guid_t v52;
};

static const struct v52_guid v52_guids[] = {
	{ "HV_NIC_GUID", { HV_NIC_GUID },
	  GUID_INIT(0xf8615163, 0xdf3e, 0x46c5, 0x91, 0x3f, 0xf2, 0xd2, 0xf9, 0x65, 0xed, 0x0e) },
	{ "HV_IDE_GUID", { HV_IDE_GUID },
	  GUID_INIT(0x32412632, 0x86cb, 0x44a2, 0x9b, 0x5c, 0x50, 0xd1, 0x41, 0x73, 0x54, 0xf5) },
	{ "HV_SCSI_GUID", { HV_SCSI_GUID },
	  GUID_INIT(0xba6163d9, 0x04a1, 0x4d29, 0xb6, 0x05, 0x72, 0xe2, 0xff, 0xb1, 0xdc, 0x7f) },
	{ "HV_SHUTDOWN_GUID", { HV_SHUTDOWN_GUID },
	  GUID_INIT(0x0e0b6031, 0x5213, 0x4934, 0x81, 0x8b, 0x38, 0xd9, 0x0c, 0xed, 0x39, 0xdb) },
	{ "HV_TS_GUID", { HV_TS_GUID },
	  GUID_INIT(0x9527e630, 0xd0ae, 0x497b, 0xad, 0xce, 0xe8, 0x0a, 0xb0, 0x17, 0x5c, 0xaf) },
	{ "HV_HEART_BEAT_GUID", { HV_HEART_BEAT_GUID },
	  GUID_INIT(0x57164f39, 0x9115, 0x4e78, 0xab, 0x55, 0x38, 0x2f, 0x3b, 0xd5, 0x42, 0x2d) },
	{ "HV_KVP_GUID", { HV_KVP_GUID },
	  GUID_INIT(0xa9a0f4e7, 0x5a45, 0x4d96, 0xb8, 0x27, 0x8a, 0x84, 0x1e, 0x8c, 0x03, 0xe6) },
	{ "HV_DM_GUID", { HV_DM_GUID },
	  GUID_INIT(0x525074dc, 0x8985, 0x46e2, 0x80, 0x57, 0xa3, 0x07, 0xdc, 0x18, 0xa5, 0x02) },
	{ "HV_MOUSE_GUID", { HV_MOUSE_GUID },
	  GUID_INIT(0xcfa8b69e, 0x5b4a, 0x4cc0, 0xb9, 0x8b, 0x8b, 0xa1, 0xa1, 0xf3, 0xf9, 0x5a) },
	{ "HV_KBD_GUID", { HV_KBD_GUID },
	  GUID_INIT(0xf912ad6d, 0x2b17, 0x48ea, 0xbd, 0x65, 0xf9, 0x27, 0xa6, 0x1c, 0x76, 0x84) },
	{ "HV_VSS_GUID", { HV_VSS_GUID },
	  GUID_INIT(0x35fa2e29, 0xea23, 0x4236, 0x96, 0xae, 0x3a, 0x6e, 0xba, 0xcb, 0xa4, 0x40) },
	{ "HV_SYNTHVID_GUID", { HV_SYNTHVID_GUID },
	  GUID_INIT(0xda0a7802, 0xe377, 0x4aac, 0x8e, 0x77, 0x05, 0x58, 0xeb, 0x10, 0x73, 0xf8) },
	{ "HV_SYNTHFC_GUID", { HV_SYNTHFC_GUID },
	  GUID_INIT(0x2f9bcc4a, 0x0069, 0x4af3, 0xb7, 0x6b, 0x6f, 0xd0, 0xbe, 0x52, 0x8c, 0xda) },
	{ "HV_FCOPY_GUID", { HV_FCOPY_GUID },
	  GUID_INIT(0x34d14be3, 0xdee4, 0x41c8, 0x9a, 0xe7, 0x6b, 0x17, 0x49, 0x77, 0xc1, 0x92) },
	{ "HV_ND_GUID", { HV_ND_GUID },
	  GUID_INIT(0x8c2eaf3d, 0x32a7, 0x4b09, 0xab, 0x99, 0xbd, 0x1f, 0x1c, 0x86, 0xb5, 0x01) },
	{ "HV_PCIE_GUID", { HV_PCIE_GUID },
	  GUID_INIT(0x44c4f61d, 0x4444, 0x4400, 0x9d, 0x52, 0x80, 0x2e, 0x27, 0xed, 0xe1, 0x9f) },
	{ "HV_AVMA1_GUID", { HV_AVMA1_GUID },
	  GUID_INIT(0xf8e65716, 0x3cb3, 0x4a06, 0x9a, 0x60, 0x18, 0x89, 0xc5, 0xcc, 0xca, 0xb5) },
	{ "HV_AVMA2_GUID", { HV_AVMA2_GUID },
	  GUID_INIT(0x3375baf4, 0x9e15, 0x4b30, 0xb7, 0x65, 0x67, 0xac, 0xb1, 0x0d, 0x60, 0x7b) },
	{ "HV_RDV_GUID", { HV_RDV_GUID },
	  GUID_INIT(0x276aacf4, 0xac15, 0x426c, 0x98, 0xdd, 0x75, 0x21, 0xad, 0x3f, 0x01, 0xfe) },
};

static void v52_guid_macros(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(v52_guids); i++)
		KUNIT_EXPECT_TRUE_MSG(test, guid_equal(&v52_guids[i].ours.guid,
						       &v52_guids[i].v52),
				      "%s", v52_guids[i].name);
}

static struct kunit_case v52_names_cases[] = {
	KUNIT_CASE(v52_guid_macros),
	{}
};

static struct kunit_suite v52_names_suite = {
	.name = "vmbc_v52_names",
	.test_cases = v52_names_cases,
};

kunit_test_suite(v52_names_suite);
