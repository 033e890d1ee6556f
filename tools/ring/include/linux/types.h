/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: the kernel's fixed-width types over the system's. */
#ifndef _SHIM_LINUX_TYPES_H
#define _SHIM_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef unsigned int gfp_t;

#define __packed	__attribute__((__packed__))
#include <linux/bits.h>
#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)

#endif
