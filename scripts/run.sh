#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make run: the main job. Builds the modules against Debian's 6.12 cloud
# kernel (the Azure-targeted flavour; KVER=... picks another), boots that
# kernel in QEMU, loads the core and the simulated host, prints what the
# core saw, and unloads everything.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$here/scripts/kernels.sh"

kver=${KVER:-$(vmbc_kver_612)}
echo "run: building the modules for $kver"
obj=$("$here/scripts/build-modules.sh" "$kver" 2>/dev/null | tail -n 1) || {
	echo "run: the build failed; 'scripts/build-modules.sh $kver' shows why" >&2
	exit 1
}
echo "run: booting Debian's $kver in QEMU (software emulation, ~10 s)"
VMBC_VM_VERBOSE=1 exec "$here/scripts/vmtest.sh" "$kver" \
	"$here/scripts/guest/run.sh" "$obj/vmbc.ko" "$obj/vmbc_sim.ko" \
	"$obj/vmbc_echo.ko"
