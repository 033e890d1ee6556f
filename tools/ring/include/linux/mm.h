/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: pages come from one memfd, so that vmap() can map the
 * same page at several addresses as the kernel does (shim.c).
 */
#ifndef _SHIM_LINUX_MM_H
#define _SHIM_LINUX_MM_H
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/types.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)

struct page {
	size_t off;		/* in the page pool */
	struct page *next_free;
	bool in_use;
};

typedef struct {
	unsigned long prot;
} pgprot_t;

#define PAGE_KERNEL		((pgprot_t){ 0 })
#define pgprot_decrypted(p)	(p)

struct page *alloc_page(gfp_t gfp);
void __free_page(struct page *page);
void *page_address(const struct page *page);
#endif
