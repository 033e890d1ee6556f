/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbc_hyperv internals: the hypervisor this module runs on.
 */
#ifndef _VMBC_HYPERV_INTERNAL_H
#define _VMBC_HYPERV_INTERNAL_H

#include <vmbc/hyperv.h>

/*
 * The primitives of the hypervisor the kernel runs on: arch_x86.c on an
 * x86_64 kernel with Hyper-V support, arch_none.c elsewhere (a kernel that
 * cannot run on Hyper-V, such as the KUnit ones).
 */
extern const struct vmbc_hv_prims vmbc_hv_arch_prims;

#endif /* _VMBC_HYPERV_INTERNAL_H */
