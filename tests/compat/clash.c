// SPDX-License-Identifier: GPL-2.0
/*
 * A driver may include the kernel's <asm/mshyperv.h> (and with it
 * hyperv-tlfs.h) beside vmbc's <linux/hyperv.h>, in either order and in
 * either dialect: nothing of vmbc's clashes with the kernel's Hyper-V
 * definitions. Built by scripts/matrix.sh against each cloud kernel, with
 * VMBC_CLASH_ORDER and VMBC_API set by tests/compat/Kbuild; never loaded.
 */
#include <linux/module.h>

#if VMBC_CLASH_ORDER
#include <linux/hyperv.h>
#ifdef CONFIG_X86
#include <asm/mshyperv.h>
#endif
#else
#ifdef CONFIG_X86
#include <asm/mshyperv.h>
#endif
#include <linux/hyperv.h>
#endif

/* Use a few names of both, so that the definitions are compiled. */
static int __init vmbc_clash_init(void)
{
	struct hv_ring_buffer_debug_info info = {};

	pr_info("%lu %zu %u\n", (unsigned long)HV_HYP_PAGE_SIZE,
		sizeof(struct hv_device),
		info.bytes_avail_toread + (u32)VERSION_WIN10);
	return -ENODEV;
}
module_init(vmbc_clash_init);

MODULE_DESCRIPTION("vmbc: <linux/hyperv.h> beside <asm/mshyperv.h>");
MODULE_LICENSE("GPL");
