#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench-net.sh: Linux's hv_netvsc over the simulated host's synthetic NIC,
# in Debian's 6.12 cloud kernel under QEMU (tests/bench/net.sh in the
# guest): packets per second from the guest out of the host's port
# (to_host) and from the port into the guest (to_guest), with the kernel's
# pktgen as the traffic, one generator thread per CPU. The baseline is
# the primary channel alone (the host allowing no sub-channel); then one
# sub-channel per further CPU (3 with the default 4 CPUs). Frames of 60
# and 1514 bytes. Prints one line per measurement,
# "net channels=C dir=to_host|to_guest pps=X frame=B mbit_per_s=M
# offered_pps=O spread=S%" (medians over a few windows, the range over
# the median), and "# net ..." lines with the frames the sub-channels
# carried and the drops.
#
# QEMU runs without KVM here (TCG), and the generators, the guest's
# driver and the simulated host share the same emulated CPUs: the figures
# compare with each other (one channel against several, one direction
# against the other), not with real NICs. Environment: VMBC_SMP (CPUs,
# 4), BENCH_WINDOWS (windows each figure is counted over, 3),
# BENCH_SECONDS (seconds each, 3), BENCH_FRAMES (frame sizes,
# comma-separated, 60,1514), VMBC_CACHE.
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
netvsc=$drivers/drivers/net/hyperv/vmbc_hv_netvsc.ko
[[ -f "$netvsc" ]] || {
	echo "bench-net: hv_netvsc did not build ('scripts/linux-drivers.sh $kver $obj')" >&2
	exit 1
}
vmbc_ensure_image "$kver" >/dev/null
img=$cache/image-modules-$kver
mkdir -p "$img"
# pktgen is a module of Debian's cloud kernel (CONFIG_NET_PKTGEN=m).
ko=$(find "$cache/image-$kver/lib/modules" -name "pktgen.ko*" | head -n 1)
case "$ko" in
"")
	echo "bench-net: no pktgen.ko in the $kver image" >&2
	exit 1
	;;
*.xz) xz -dc "$ko" >"$img/pktgen.ko" ;;
*) cp "$ko" "$img/pktgen.ko" ;;
esac
mods=("$obj/vmbc.ko" "$obj/vmbc_sim.ko" "$img/pktgen.ko" "$netvsc")

# The guest script reads BENCH_* from the kernel command line's
# environment: init passes unknown name=value words to PID 1's environment.
out=$(VMBC_SMP=${VMBC_SMP:-4} VMBC_VM_VERBOSE=1 VMBC_VM_TIMEOUT=600 \
	VMBC_VM_APPEND="BENCH_WINDOWS=${BENCH_WINDOWS:-3} BENCH_SECONDS=${BENCH_SECONDS:-3} BENCH_FRAMES=${BENCH_FRAMES:-60,1514}" \
	"$here/vmtest.sh" "$kver" "$src/tests/bench/net.sh" "${mods[@]}" 2>&1) || {
	echo "$out" >&2
	echo "bench-net: the guest failed" >&2
	exit 1
}
sed -n 's/^\[[^]]*\] \(net channels=.*\)$/\1/p; s/^\[[^]]*\] \(# net .*\)$/\1/p' <<<"$out"
