// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor of a kernel built without Hyper-V support (UML, the KUnit
 * kernels): there is none, and vmbc_hyperv says so at load.
 */
#include <linux/string.h>

#include "hyperv.h"

static void vmbc_hv_none_features(void *hw, struct vmbc_hv_features *f)
{
	memset(f, 0, sizeof(*f));
}

const struct vmbc_hv_prims vmbc_hv_arch_prims = {
	.name = "none",
	.features = vmbc_hv_none_features,
};
