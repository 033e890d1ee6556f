/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_LINUX_BUILD_BUG_H
#define _SHIM_LINUX_BUILD_BUG_H

/* static_assert with or without a message, as the kernel's */
#undef static_assert
#define static_assert(expr, ...) __shim_sa(expr, ##__VA_ARGS__, #expr)
#define __shim_sa(expr, msg, ...) _Static_assert(expr, msg)
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)

#endif
