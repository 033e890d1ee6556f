/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A vmbc driver's device table and the module aliases that make udev and
 * modprobe load it: VMBC_DEVICE_TABLE(). Included by <vmbc/vmbus.h>.
 *
 * The macros below write declarations and constant initializers, not
 * expressions: checkpatch's rules for expression macros (parentheses
 * around the value, each argument used once) do not fit them, and
 * scripts/check.sh says so for this file alone. Their arguments are
 * constants (a static initializer takes nothing else), so using one twice
 * has no side effect.
 */
#ifndef _VMBC_DEVICE_TABLE_H
#define _VMBC_DEVICE_TABLE_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/mod_devicetable.h>
#include <linux/moduleparam.h>
#include <linux/uuid.h>

/*
 * A device's modalias: this, then the 16 bytes of its class GUID in
 * memory order as 32 lower-case hex digits. Never "vmbus:", so that udev
 * never loads hv_vmbus's drivers for vmbc's devices, nor the reverse.
 */
#define VMBC_MODALIAS_PREFIX	"vmbc:"

/*
 * VMBC_DEVICE_TABLE(table, class, ...) - a driver's id table and its aliases
 *
 * Declares "static const struct hv_vmbus_device_id table[]" holding each
 * class (then the empty entry that ends it) and, for each, the module
 * alias "vmbc:<32 hex digits>" that the bus puts in the device's uevent
 * (MODALIAS) and modalias file: udev and modprobe load the driver when a
 * device of the class appears, after depmod. A class is a GUID written as
 * GUID_INIT()'s arguments in parentheses, up to 8 of them:
 *
 *	#define MY_CLASS (0xbe3c4a8e, 0x5f0d, 0x4c8b, 0x9a, 0x3e, \
 *			  0x65, 0x63, 0x68, 0x6f, 0x00, 0x01)
 *	VMBC_DEVICE_TABLE(my_ids, MY_CLASS);
 *	static struct hv_driver my_driver = { .id_table = my_ids, ... };
 *
 * MODULE_DEVICE_TABLE(vmbus, ...) would give "vmbus:" aliases, hv_vmbus's:
 * the alias is written here instead, at compile time, from the same
 * constants (each hex digit a constant expression, so nothing runs).
 */
#define VMBC_DEVICE_TABLE(table, ...)					\
	static const struct hv_vmbus_device_id table[] = {		\
		VMBC__FOR_EACH(VMBC__ID_ENTRY, __VA_ARGS__)		\
		{ }							\
	};								\
	static const struct vmbc__modinfo_alias				\
	__UNIQUE_ID(vmbc_alias)[] __used __section(".modinfo")		\
	__aligned(1) = {						\
		VMBC__FOR_EACH(VMBC__ALIAS, __VA_ARGS__)		\
	};								\
	static_assert(ARRAY_SIZE(table) > 1)

/* A class in VMBC_DEVICE_TABLE()'s form, as a guid_t initializer. */
#define VMBC_GUID(class)	GUID_INIT class

/*
 * Helpers of VMBC_DEVICE_TABLE(); not for drivers. Each alias is one
 * NUL-terminated "alias=vmbc:<hex>" string of .modinfo, as MODULE_ALIAS()
 * writes it (with the module's name in front when built in); the struct
 * is all chars, so an array of them has no padding between the strings.
 */
struct vmbc__modinfo_alias {
	char tag[sizeof(__MODULE_INFO_PREFIX "alias=" VMBC_MODALIAS_PREFIX) - 1];
	char hex[2 * UUID_SIZE + 1];
};

#define VMBC__ID_ENTRY(class)	{ .guid = GUID_INIT class },
#define VMBC__ALIAS(class)	VMBC__ALIAS_BYTES class,
#define VMBC__NIBBLE(x)		("0123456789abcdef"[(x) & 0xf])
#define VMBC__BYTE(x)		VMBC__NIBBLE((x) >> 4), VMBC__NIBBLE(x)
#define VMBC__ALIAS_BYTES(a, b, c, d0, d1, d2, d3, d4, d5, d6, d7)	\
	{ __MODULE_INFO_PREFIX "alias=" VMBC_MODALIAS_PREFIX,		\
	  { VMBC__BYTE(a), VMBC__BYTE((a) >> 8),			\
	    VMBC__BYTE((a) >> 16), VMBC__BYTE((a) >> 24),		\
	    VMBC__BYTE(b), VMBC__BYTE((b) >> 8),			\
	    VMBC__BYTE(c), VMBC__BYTE((c) >> 8),			\
	    VMBC__BYTE(d0), VMBC__BYTE(d1), VMBC__BYTE(d2),		\
	    VMBC__BYTE(d3), VMBC__BYTE(d4), VMBC__BYTE(d5),		\
	    VMBC__BYTE(d6), VMBC__BYTE(d7), '\0' } }
/*
 * Counting and pasting of our own: COUNT_ARGS() and CONCATENATE() moved
 * from kernel.h to args.h in 6.7, and a header drivers include should not
 * have to tell which.
 */
#define VMBC__NARGS(...)	VMBC__NARGS_(__VA_ARGS__, 8, 7, 6, 5, 4, 3, 2, 1)
#define VMBC__NARGS_(_1, _2, _3, _4, _5, _6, _7, _8, n, ...)	n
#define VMBC__CAT(a, b)		VMBC__CAT_(a, b)
#define VMBC__CAT_(a, b)	a ## b
#define VMBC__FOR_EACH(m, ...)						\
	VMBC__CAT(VMBC__FOR_EACH_, VMBC__NARGS(__VA_ARGS__))(m, __VA_ARGS__)
#define VMBC__FOR_EACH_1(m, x)		m(x)
#define VMBC__FOR_EACH_2(m, x, ...)	m(x) VMBC__FOR_EACH_1(m, __VA_ARGS__)
#define VMBC__FOR_EACH_3(m, x, ...)	m(x) VMBC__FOR_EACH_2(m, __VA_ARGS__)
#define VMBC__FOR_EACH_4(m, x, ...)	m(x) VMBC__FOR_EACH_3(m, __VA_ARGS__)
#define VMBC__FOR_EACH_5(m, x, ...)	m(x) VMBC__FOR_EACH_4(m, __VA_ARGS__)
#define VMBC__FOR_EACH_6(m, x, ...)	m(x) VMBC__FOR_EACH_5(m, __VA_ARGS__)
#define VMBC__FOR_EACH_7(m, x, ...)	m(x) VMBC__FOR_EACH_6(m, __VA_ARGS__)
#define VMBC__FOR_EACH_8(m, x, ...)	m(x) VMBC__FOR_EACH_7(m, __VA_ARGS__)

#endif /* _VMBC_DEVICE_TABLE_H */
