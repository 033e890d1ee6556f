/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel differences the core meets, in one place. Each is chosen by
 * feature: Kbuild probes the kernel's own headers and defines a
 * VMBC_HAVE_* flag (see "Feature probes" there), so no code here or
 * elsewhere tests a version number.
 */
#ifndef _VMBC_COMPAT_H
#define _VMBC_COMPAT_H

#include <linux/device.h>

/* bus_type.match takes a const struct device_driver (6.11 on). */
#ifdef VMBC_HAVE_CONST_MATCH_DRIVER
#define vmbc_match_driver_t const struct device_driver
#else
#define vmbc_match_driver_t struct device_driver
#endif

/* bus_type.uevent takes a const struct device (6.3 on). */
#ifdef VMBC_HAVE_CONST_UEVENT_DEVICE
#define vmbc_uevent_device_t const struct device
#else
#define vmbc_uevent_device_t struct device
#endif

/*
 * The bus type, as constant as the driver core lets it be: const from 6.4
 * on, writable before (bus_register() stores into it). struct device.bus
 * carries exactly that qualifier.
 */
#define vmbc_bus_type_t typeof(*((struct device *)NULL)->bus)

/*
 * A bus attribute's show() takes the bus with that same qualifier in the
 * kernels built for (6.1: neither is const, 6.12: both are). A kernel
 * where the two differ fails the W=1 build with an incompatible pointer,
 * not silently: it then needs a probe of its own in Kbuild.
 */
#define vmbc_bus_attr_bus_t vmbc_bus_type_t

#endif /* _VMBC_COMPAT_H */
