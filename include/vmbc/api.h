/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMBC_API picks the Linux API a driver sees, at compile time: 502, Linux
 * v5.2's (the default), or 612, Linux 6.12's. Both dialects sit over the
 * same core and the same structures: a dialect renames members and picks
 * which exported symbol a name stands for, nothing else. The core itself
 * is built with 502. See Documentation/api.rst.
 */
#ifndef _VMBC_API_H
#define _VMBC_API_H

#ifndef VMBC_API
#define VMBC_API 502
#endif
#if VMBC_API != 502 && VMBC_API != 612
#error "VMBC_API must be 502 (Linux v5.2) or 612 (Linux 6.12)"
#endif

#endif /* _VMBC_API_H */
