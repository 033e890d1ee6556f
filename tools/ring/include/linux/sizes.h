/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_LINUX_SIZES_H
#define _SHIM_LINUX_SIZES_H
#define SZ_4K	0x00001000
#define SZ_1M	0x00100000
#define SZ_1G	0x40000000
#endif
