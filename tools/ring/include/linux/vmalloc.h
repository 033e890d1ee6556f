/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_LINUX_VMALLOC_H
#define _SHIM_LINUX_VMALLOC_H
#include <linux/mm.h>

#define VM_MAP	0x4UL

void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   pgprot_t prot);
void vunmap(const void *addr);
#endif
