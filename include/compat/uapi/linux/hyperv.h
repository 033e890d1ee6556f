/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <uapi/linux/hyperv.h> for drivers built against vmbc: the messages of
 * the Integration Services that talk to userspace daemons (KVP, VSS, file
 * copy), as the host sends them and the daemons read them. Those the
 * simulated host plays are in <vmbc/protocol.h>; the rest are here. The
 * guard is the kernel's own, so its copy of this header is never pulled
 * in beside this one.
 */
#ifndef _UAPI_HYPERV_H
#define _UAPI_HYPERV_H

#include <linux/types.h>
#include <linux/uuid.h>

#include <vmbc/api.h>
#include <vmbc/protocol.h>

/* Framework versions the IC drivers offer. */
#define UTIL_FW_MINOR		0
#define UTIL_WS2K8_FW_MAJOR	1
#define UTIL_WS2K8_FW_VERSION	(UTIL_WS2K8_FW_MAJOR << 16 | UTIL_FW_MINOR)
#define UTIL_FW_MAJOR		3
#define UTIL_FW_VERSION		(UTIL_FW_MAJOR << 16 | UTIL_FW_MINOR)

/* ------------------------------------------------------------------ */
/* VSS (backup)                                                        */

/* The daemon's registration, without and with the full handshake. */
#define VSS_OP_REGISTER		128
#define VSS_OP_REGISTER1	129

enum hv_vss_op {
	VSS_OP_CREATE = 0,
	VSS_OP_DELETE,
	VSS_OP_HOT_BACKUP,
	VSS_OP_GET_DM_INFO,
	VSS_OP_BU_COMPLETE,
	VSS_OP_FREEZE,
	VSS_OP_THAW,
	VSS_OP_AUTO_RECOVER,
	VSS_OP_COUNT
};

/**
 * struct hv_vss_hdr - a VSS message's operation
 * @operation: enum hv_vss_op.
 * @reserved: zero.
 */
struct hv_vss_hdr {
	__u8 operation;
	__u8 reserved[7];
} __packed;

/* hv_vss_check_feature.flags: no automatic recovery after a backup */
#define VSS_HBU_NO_AUTO_RECOVERY	0x00000005

/**
 * struct hv_vss_check_feature - VSS_OP_HOT_BACKUP's answer
 * @flags: VSS_HBU_*.
 */
struct hv_vss_check_feature {
	__u32 flags;
} __packed;

/**
 * struct hv_vss_check_dm_info - VSS_OP_GET_DM_INFO's answer
 * @flags: zero.
 */
struct hv_vss_check_dm_info {
	__u32 flags;
} __packed;

/**
 * struct hv_vss_msg - a VSS message between the driver and its daemon
 * @vss_hdr: the operation (driver to daemon).
 * @error: the result (daemon to driver).
 * @vss_cf: the hot-backup answer.
 * @dm_info: the dynamic-disk answer.
 */
struct hv_vss_msg {
	union {
		struct hv_vss_hdr vss_hdr;
		int error;
	};
	union {
		struct hv_vss_check_feature vss_cf;
		struct hv_vss_check_dm_info dm_info;
	};
} __packed;

/* ------------------------------------------------------------------ */
/* File copy                                                           */

#define FCOPY_VERSION_0		0
#define FCOPY_VERSION_1		1
#define FCOPY_CURRENT_VERSION	FCOPY_VERSION_1
#define W_MAX_PATH		260

enum hv_fcopy_op {
	START_FILE_COPY = 0,
	WRITE_TO_FILE,
	COMPLETE_FCOPY,
	CANCEL_FCOPY,
};

/**
 * struct hv_fcopy_hdr - a file-copy message's operation
 * @operation: enum hv_fcopy_op.
 * @service_id0: unused.
 * @service_id1: unused.
 *
 * v5.2 typed the ids uuid_le, a name later kernels dropped; guid_t is
 * the same 16 bytes. Linux 6.12 declares them as bytes.
 */
struct hv_fcopy_hdr {
	__u32 operation;
#if VMBC_API == 612
	__u8 service_id0[16];
	__u8 service_id1[16];
#else
	guid_t service_id0;
	guid_t service_id1;
#endif
} __packed;

/* hv_start_fcopy.copy_flags */
#define OVER_WRITE	0x1
#define CREATE_PATH	0x2

/**
 * struct hv_start_fcopy - START_FILE_COPY
 * @hdr: the operation.
 * @file_name: UTF-16 file name.
 * @path_name: UTF-16 directory.
 * @copy_flags: OVER_WRITE, CREATE_PATH.
 * @file_size: bytes to come.
 */
struct hv_start_fcopy {
	struct hv_fcopy_hdr hdr;
	__u16 file_name[W_MAX_PATH];
	__u16 path_name[W_MAX_PATH];
	__u32 copy_flags;
	__u64 file_size;
} __packed;

/* The most bytes one WRITE_TO_FILE carries. */
#define DATA_FRAGMENT	(6 * 1024)

/**
 * struct hv_do_fcopy - WRITE_TO_FILE
 * @hdr: the operation.
 * @pad: zero.
 * @offset: where the bytes go in the file.
 * @size: bytes in @data.
 * @data: the bytes.
 */
struct hv_do_fcopy {
	struct hv_fcopy_hdr hdr;
	__u32 pad;
	__u64 offset;
	__u32 size;
	__u8 data[DATA_FRAGMENT];
} __packed;

/* ------------------------------------------------------------------ */
/* KVP, the parts the simulated host does not play                      */

/* The daemon's registration, without and with the full handshake. */
#define KVP_OP_REGISTER		4
#define KVP_OP_REGISTER1	100

/* Status codes of IC answers beyond HV_S_OK, HV_E_FAIL and HV_S_CONT. */
#define HV_ERROR_NOT_SUPPORTED		0x80070032
#define HV_ERROR_MACHINE_LOCKED		0x800704F7
#define HV_ERROR_DEVICE_NOT_CONNECTED	0x8007048F
#define HV_INVALIDARG			0x80070057
#define HV_GUID_NOTFOUND		0x80041002
#define HV_ERROR_ALREADY_EXISTS		0x80070050
#define HV_ERROR_DISK_FULL		0x80070070

#define ADDR_FAMILY_NONE	0x00
#define ADDR_FAMILY_IPV4	0x01
#define ADDR_FAMILY_IPV6	0x02

#define MAX_ADAPTER_ID_SIZE	128
#define MAX_IP_ADDR_SIZE	1024
#define MAX_GATEWAY_SIZE	512

/**
 * struct hv_kvp_ipaddr_value - one adapter's addresses, UTF-16 strings
 * @adapter_id: the adapter (its MAC address).
 * @addr_family: ADDR_FAMILY_*.
 * @dhcp_enabled: addresses from DHCP.
 * @ip_addr: addresses, ';'-separated.
 * @sub_net: subnets.
 * @gate_way: gateways.
 * @dns_addr: DNS servers.
 */
struct hv_kvp_ipaddr_value {
	__u16 adapter_id[MAX_ADAPTER_ID_SIZE];
	__u8 addr_family;
	__u8 dhcp_enabled;
	__u16 ip_addr[MAX_IP_ADDR_SIZE];
	__u16 sub_net[MAX_IP_ADDR_SIZE];
	__u16 gate_way[MAX_GATEWAY_SIZE];
	__u16 dns_addr[MAX_IP_ADDR_SIZE];
} __packed;

/**
 * struct hv_kvp_msg_get - KVP_OP_GET
 * @data: the key asked for; the value in the answer.
 */
struct hv_kvp_msg_get {
	struct hv_kvp_exchg_msg_value data;
};

/**
 * struct hv_kvp_msg_set - KVP_OP_SET
 * @data: the key and its new value.
 */
struct hv_kvp_msg_set {
	struct hv_kvp_exchg_msg_value data;
};

/**
 * struct hv_kvp_msg_delete - KVP_OP_DELETE
 * @key_size: bytes of @key.
 * @key: the key.
 */
struct hv_kvp_msg_delete {
	__u32 key_size;
	__u8 key[HV_KVP_EXCHANGE_MAX_KEY_SIZE];
};

/**
 * struct hv_kvp_register - the driver's registration with its daemon
 * @version: the driver's version string.
 */
struct hv_kvp_register {
	__u8 version[HV_KVP_EXCHANGE_MAX_KEY_SIZE];
};

/**
 * struct hv_kvp_msg - a KVP message, host or daemon side
 * @kvp_hdr: the operation and pool.
 * @error: the daemon's result.
 * @body: the operation's own part.
 * @body.kvp_get: KVP_OP_GET.
 * @body.kvp_set: KVP_OP_SET.
 * @body.kvp_delete: KVP_OP_DELETE.
 * @body.kvp_enum_data: KVP_OP_ENUMERATE.
 * @body.kvp_ip_val: KVP_OP_GET_IP_INFO, KVP_OP_SET_IP_INFO.
 * @body.kvp_register: the registration.
 */
struct hv_kvp_msg {
	union {
		struct hv_kvp_hdr kvp_hdr;
		int error;
	};
	union {
		struct hv_kvp_msg_get kvp_get;
		struct hv_kvp_msg_set kvp_set;
		struct hv_kvp_msg_delete kvp_delete;
		struct hv_kvp_msg_enumerate kvp_enum_data;
		struct hv_kvp_ipaddr_value kvp_ip_val;
		struct hv_kvp_register kvp_register;
	} body;
} __packed;

/**
 * struct hv_kvp_ip_msg - the IP-information exchange with the host
 * @operation: KVP_OP_GET_IP_INFO or KVP_OP_SET_IP_INFO.
 * @pool: the pool.
 * @kvp_ip_val: the addresses.
 */
struct hv_kvp_ip_msg {
	__u8 operation;
	__u8 pool;
	struct hv_kvp_ipaddr_value kvp_ip_val;
} __packed;

#endif /* _UAPI_HYPERV_H */
