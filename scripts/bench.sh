#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: every figure the project measures, one line each.
#
#   scripts/bench.sh [ring|scale|disk|net]...   (default: all four)
#
#   ring   tools/ring's benchmark: the ring buffer on the paths drivers
#          take, against Linux v5.2's and 6.12's algorithms and the copy
#          bound, measured in the same run ("ring path=..." lines).
#   scale  the vmbc_scale KUnit suite in the x86_64 KUnit kernel (QEMU,
#          two CPUs, high-resolution timers, so that the simulated host
#          interrupts when it is asked to and not at the next tick, as
#          under UML): offers to probe for 256, 1024 and 2047 devices,
#          memory per channel, open+close rate, end-to-end echo rate
#          ("scale ..." and "echo ..." lines).
#   disk   scripts/bench-disk.sh: Linux's hv_storvsc over the simulated
#          host's disk in a 6.12 guest, one channel and four ("disk ..."
#          lines).
#   net    scripts/bench-net.sh: Linux's hv_netvsc over the simulated
#          host's NIC in a 6.12 guest, pktgen both ways, one channel and
#          four ("net ..." lines).
#
# The machine's load is printed before and after: figures taken while
# something else ran are worth less, and say so.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$here/scripts/kernels.sh"

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(ring scale disk net)

echo "# bench: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)"
echo "# bench: load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for part in "${parts[@]}"; do
	case "$part" in
	ring)
		make -s -C "$here/tools/ring" bench
		;;
	scale)
		cache=$(vmbc_cache_dir)
		log=$(mktemp)
		rc=0
		"$here/scripts/kunit.sh" x86_64 --timeout 1800 \
			--kernel_args vmbc_kunit.scale=1 'vmbc_scale*' \
			>"$log" 2>&1 || rc=$?
		console=$cache/build-x86_64/test.log
		if [ "$rc" -ne 0 ] || ! grep -q '^\(.*\] \)\?scale devices=' "$console"; then
			tail -n 40 "$log"
			echo "bench: the scale suite failed (log above)" >&2
			rm -f "$log"
			exit 1
		fi
		rm -f "$log"
		# the console lines, without the kernel's timestamps
		sed -n 's/^\(\[[^]]*\] \)\?\(scale devices=.*\|echo channels=.*\)$/\2/p' \
			"$console"
		;;
	disk)
		"$here/scripts/bench-disk.sh"
		;;
	net)
		"$here/scripts/bench-net.sh"
		;;
	*)
		echo "bench: unknown part '$part' (ring, scale, disk, net)" >&2
		exit 2
		;;
	esac
done
echo "# bench: load after: $(cut -d' ' -f1-3 /proc/loadavg)"
