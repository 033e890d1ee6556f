#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-disk.sh: Linux's hv_storvsc over the simulated host's disk, in
# Debian's 6.12 cloud kernel under QEMU (tests/bench/disk.sh in the guest):
# direct-I/O throughput on the primary channel alone, then with one
# sub-channel per further CPU. Prints one line per measurement,
# "disk channels=C op=write|read mb_per_s=X".
#
# QEMU runs without KVM here (TCG), so the figures measure the emulated
# CPUs as much as the host model: compare them with each other, not with
# real disks. Environment: VMBC_SMP (CPUs, 4), BENCH_MIB (MiB each CPU's
# worker moves per direction, 32), VMBC_CACHE.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(dirname "$here")
# shellcheck source=kernels.sh source-path=SCRIPTDIR
source "$here/kernels.sh"

kver=$(vmbc_kver_612)
cache=$(vmbc_cache_dir)
obj=$("$here/build-modules.sh" "$kver" 2>/dev/null | tail -n 1)
drivers=$("$here/linux-drivers.sh" "$kver" "$obj" 2>/dev/null |
	sed -n 's/^modules: //p') || true
storvsc=$drivers/drivers/scsi/vmbc_hv_storvsc.ko
[[ -f "$storvsc" ]] || {
	echo "bench-disk: hv_storvsc did not build ('scripts/linux-drivers.sh $kver $obj')" >&2
	exit 1
}
vmbc_ensure_image "$kver" >/dev/null
img=$cache/image-modules-$kver
mkdir -p "$img"
mods=("$obj/vmbc.ko" "$obj/vmbc_sim.ko")
for m in scsi_common scsi_mod scsi_transport_fc sd_mod; do
	ko=$(find "$cache/image-$kver/lib/modules" -name "$m.ko*" | head -n 1)
	case "$ko" in
	*.xz) xz -dc "$ko" >"$img/$m.ko" ;;
	*) cp "$ko" "$img/$m.ko" ;;
	esac
	mods+=("$img/$m.ko")
done
mods+=("$storvsc")

# The guest script reads BENCH_MIB from the kernel command line's
# environment: init passes unknown name=value words to PID 1's environment.
out=$(VMBC_SMP=${VMBC_SMP:-4} VMBC_VM_VERBOSE=1 VMBC_VM_TIMEOUT=600 \
	VMBC_VM_APPEND="BENCH_MIB=${BENCH_MIB:-32}" \
	"$here/vmtest.sh" "$kver" "$src/tests/bench/disk.sh" "${mods[@]}" 2>&1) || {
	echo "$out" >&2
	echo "bench-disk: the guest failed" >&2
	exit 1
}
sed -n 's/^\[[^]]*\] \(disk channels=.*\)$/\1/p; s/^\[[^]]*\] \(# channels=.*\)$/\1/p' <<<"$out"
