// SPDX-License-Identifier: GPL-2.0
/*
 * vmbc_sim's instance of the ring code: drivers/vmbus/ring.c built once
 * more, under the names of host_ring.h and without its KUnit exports
 * (this copy is the simulated host's alone).
 */
#include <kunit/visibility.h>
#include <linux/export.h>

/* no export: the symbol is only referenced, as an export would */
#undef EXPORT_SYMBOL_IF_KUNIT
#define EXPORT_SYMBOL_IF_KUNIT(symbol)	__ADDRESSABLE(symbol)
#undef EXPORT_SYMBOL_GPL
#define EXPORT_SYMBOL_GPL(symbol)	__ADDRESSABLE(symbol)

#include "host_ring.h"
#include "../ring.c"
