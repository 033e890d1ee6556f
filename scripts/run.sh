#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make run: the main job. Builds the modules against Debian's 6.12 cloud
# kernel (the Azure-targeted flavour; KVER=... picks another), boots that
# kernel in QEMU, loads the core and the simulated host, prints what the
# core saw, shows Linux's own hv_utils, hv_storvsc and hv_netvsc on the
# simulated host (6.12), and unloads everything.
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
mods=("$obj/vmbc.ko" "$obj/vmbc_sim.ko" "$obj/vmbc_echo.ko")
# Linux's own hv_utils, built against vmbc: from linux-source-6.12, so
# for the 6.12 kernels only.
if [[ "$kver" == 6.12.* ]]; then
	echo "run: building Linux's hv_utils against vmbc (scripts/linux-drivers.sh)"
	drivers=$("$here/scripts/linux-drivers.sh" "$kver" "$obj" 2>/dev/null |
		sed -n 's/^modules: //p') || true
	if [[ -f "$drivers/drivers/hv/vmbc_hv_utils.ko" ]]; then
		mods+=("$drivers/drivers/hv/vmbc_hv_utils.ko")
	else
		echo "run: hv_utils did not build; 'scripts/linux-drivers.sh $kver $obj' shows why" >&2
	fi
	# hv_storvsc, and the kernel's SCSI modules it needs (from its image).
	if [[ -f "$drivers/drivers/scsi/vmbc_hv_storvsc.ko" ]]; then
		vmbc_ensure_image "$kver" >/dev/null
		img=$(vmbc_cache_dir)/image-modules-$kver
		mkdir -p "$img"
		for m in scsi_common scsi_mod scsi_transport_fc sd_mod; do
			ko=$(find "$(vmbc_cache_dir)/image-$kver/lib/modules" \
				-name "$m.ko*" | head -n 1)
			case "$ko" in
			*.xz) xz -dc "$ko" >"$img/$m.ko" ;;
			*) cp "$ko" "$img/$m.ko" ;;
			esac
			mods+=("$img/$m.ko")
		done
		mods+=("$drivers/drivers/scsi/vmbc_hv_storvsc.ko")
	else
		echo "run: hv_storvsc did not build; 'scripts/linux-drivers.sh $kver $obj' shows why" >&2
	fi
	if [[ -f "$drivers/drivers/net/hyperv/vmbc_hv_netvsc.ko" ]]; then
		mods+=("$drivers/drivers/net/hyperv/vmbc_hv_netvsc.ko")
	else
		echo "run: hv_netvsc did not build; 'scripts/linux-drivers.sh $kver $obj' shows why" >&2
	fi
fi
echo "run: booting Debian's $kver in QEMU (software emulation, ~10 s)"
VMBC_VM_VERBOSE=1 exec "$here/scripts/vmtest.sh" "$kver" \
	"$here/scripts/guest/run.sh" "${mods[@]}"
