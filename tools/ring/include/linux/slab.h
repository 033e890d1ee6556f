/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H
#include <stdlib.h>
#include <linux/types.h>

#define GFP_KERNEL	0x1U
#define GFP_ATOMIC	0x2U
#define __GFP_ZERO	0x100U

static inline void *kmalloc(size_t n, gfp_t gfp)
{
	return (gfp & __GFP_ZERO) ? calloc(1, n ? n : 1) : malloc(n ? n : 1);
}

static inline void *kzalloc(size_t n, gfp_t gfp)
{
	return calloc(1, n ? n : 1);
}

static inline void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	return calloc(n ? n : 1, size ? size : 1);
}

static inline void kfree(const void *p)
{
	free((void *)p);
}
#endif
