/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The release every module of this tree carries (MODULE_VERSION), and who
 * to write to (MODULE_AUTHOR). dkms.conf's PACKAGE_VERSION must say the
 * same: scripts/dkms-test.sh checks that it does.
 */
#ifndef _VMBC_VERSION_H
#define _VMBC_VERSION_H

#define VMBC_VERSION	"0.15.0"
#define VMBC_AUTHOR	"vmbc developers <dev@vmbc.invalid>"

#endif /* _VMBC_VERSION_H */
