/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_LINUX_UUID_H
#define _SHIM_LINUX_UUID_H
#include <linux/types.h>
typedef struct {
	__u8 b[16];
} guid_t;
#endif
