/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: division by an invariant through multiply and shift
 * (Granlund and Montgomery), computed the straightforward way.
 */
#ifndef _SHIM_LINUX_RECIPROCAL_DIV_H
#define _SHIM_LINUX_RECIPROCAL_DIV_H
#include <linux/types.h>

struct reciprocal_value {
	u32 m;
	u8 sh1, sh2;
};

static inline struct reciprocal_value reciprocal_value(u32 d)
{
	struct reciprocal_value r;
	u32 l = d > 1 ? 32 - __builtin_clz(d - 1) : 0;
	u64 m = ((1ULL << 32) * ((1ULL << l) - d)) / d + 1;

	r.m = (u32)m;
	r.sh1 = l > 1 ? 1 : l;
	r.sh2 = l > 1 ? l - 1 : 0;
	return r;
}

static inline u32 reciprocal_divide(u32 a, struct reciprocal_value r)
{
	u32 t = (u32)(((u64)a * r.m) >> 32);

	return (t + ((a - t) >> r.sh1)) >> r.sh2;
}
#endif
