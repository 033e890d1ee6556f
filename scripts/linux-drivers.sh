#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# linux-drivers.sh KVER VMBC_OBJ
#
# Build Linux's own Hyper-V drivers, unchanged, from Debian's
# linux-source-6.12 against vmbc's Linux 6.12 dialect (include/compat,
# VMBC_API=612) and the headers of kernel release KVER, linked against
# vmbc's Module.symvers in VMBC_OBJ (a build-modules.sh output). The
# sources are copied into the cache, never into this repository; the
# modules are renamed (vmbc_ in front) so that none clashes with the
# in-tree one. hv_utils and uio_hv_generic include the private
# drivers/hv/hyperv_vmbus.h: tests/linux-drivers/hyperv_vmbus.h stands in
# for it.
#
# Per driver: "builds" (it compiles, with no warning from vmbc's headers)
# and "links" (modpost resolves every symbol, none from hv_vmbus). Prints
# a table, the .ko directory as "modules: DIR", and
# "linux-drivers: N passed, N failed".
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(dirname "$here")
# shellcheck source=kernels.sh source-path=SCRIPTDIR
source "$here/kernels.sh"

if (($# != 2)); then
	echo "usage: $0 KVER VMBC_OBJ" >&2
	exit 2
fi
kver=$1
vmbc_obj=$2
kdir=/usr/src/linux-headers-$kver

vmbc_ensure_packages make xz-utils linux-source-6.12
vmbc_ensure_headers "$kver"
cache=$(vmbc_cache_dir)
tree=$cache/linux-source-6.12
if [[ ! -f "$tree/Makefile" ]]; then
	rm -rf "$tree"
	tar -C "$cache" -xf /usr/src/linux-source-6.12.tar.xz
fi

work=$cache/linux-drivers/$kver
rm -rf "$work"
mkdir -p "$work"

# driver -> its directory in the tree, its sources, extra Kbuild lines.
# The tree's layout is kept: the drivers find each other's headers (and
# netvsc its trace header) at the relative paths they use.
declare -A dirs srcs extra
add() {
	dirs[$1]=$2
	srcs[$1]=$3
	extra[$1]=${4:-}
}
add hv_utils drivers/hv "hv_util.c hv_kvp.c hv_snapshot.c hv_utils_transport.c hv_utils_transport.h"
add hv_balloon drivers/hv "hv_balloon.c hv_trace_balloon.h" \
	'CFLAGS_hv_balloon.o := -I$(src)'
add hyperv_keyboard drivers/input/serio "hyperv-keyboard.c"
add hid_hyperv drivers/hid "hid-hyperv.c"
add hv_netvsc drivers/net/hyperv "netvsc_drv.c netvsc.c rndis_filter.c netvsc_trace.c netvsc_bpf.c hyperv_net.h netvsc_trace.h" \
	'CFLAGS_netvsc_trace.o := -I$(src)/../../../include/trace'
add hv_storvsc drivers/scsi "storvsc_drv.c"
add hv_sock net/vmw_vsock "hyperv_transport.c"
add uio_hv_generic drivers/uio "uio_hv_generic.c"
order=(hv_utils hyperv_keyboard hid_hyperv hv_balloon hv_netvsc hv_storvsc hv_sock uio_hv_generic)

# Headers vmbc provides, first on the include path, and the dialect.
inc="-I$src/include/compat -I$src/include -DVMBC_API=612"
mkdir -p "$work/drivers/hv" "$work/include/trace"
# the stand-in for the private header, where its users look for it
cp "$src/tests/linux-drivers/hyperv_vmbus.h" "$work/drivers/hv/"

# Copy the sources and write one Kbuild per directory.
declare -A built
for drv in "${order[@]}"; do
	dir=$work/${dirs[$drv]}
	mod=vmbc_$drv
	mkdir -p "$dir"
	objs=
	for f in ${srcs[$drv]}; do
		cp "$tree/${dirs[$drv]}/$f" "$dir/"
		[[ $f != *.c ]] || objs+=" ${f%.c}.o"
	done
	{
		echo "obj-m += $mod.o"
		echo "$mod-y :=$objs"
		[[ -z "${extra[$drv]}" ]] || echo "${extra[$drv]}"
	} >> "$dir/Kbuild"
done

# Build each directory once (-k: one driver's error does not hide the
# others' results).
for drv in "${order[@]}"; do
	dir=$work/${dirs[$drv]}
	[[ -z "${built[$dir]:-}" ]] || continue
	built[$dir]=1
	make -C "$kdir" M="$dir" NOSTDINC_FLAGS="$inc" \
		KBUILD_EXTRA_SYMBOLS="$vmbc_obj/Module.symvers" \
		-k -j"$(nproc)" modules > "$dir/build.log" 2>&1 || true
done

passed=0
failed=0
table=()
for drv in "${order[@]}"; do
	dir=$work/${dirs[$drv]}
	mod=vmbc_$drv
	log=$dir/build.log
	builds=no
	links=no
	why=
	deps=
	if [[ -f "$dir/$mod.ko" ]]; then
		builds=yes
	else
		why=$(grep -m1 -E 'error:' "$log" || tail -n 1 "$log")
	fi
	if [[ $builds == yes ]] && grep -E 'warning:' "$log" |
		grep -E "$src/include" >&2; then
		builds=no
		why="a warning from vmbc's headers"
	fi
	if [[ $builds == yes ]]; then
		undef=$(grep -E "modpost: .*undefined.*$mod" "$log" || true)
		deps=$(modinfo -F depends "$dir/$mod.ko")
		if [[ -n "$undef" ]]; then
			why=$undef
		elif [[ ",$deps," == *,hv_vmbus,* ]]; then
			why="depends on hv_vmbus"
		else
			links=yes
		fi
	fi
	if [[ $builds == yes && $links == yes ]]; then
		passed=$((passed + 1))
		echo "ok $drv builds and links ($mod.ko, depends: $deps)"
	else
		failed=$((failed + 1))
		echo "not ok $drv: $why"
		tail -n 20 "$log" >&2
	fi
	table+=("$(printf '%-16s %-7s %-6s' "$drv" "$builds" "$links")")
done

echo
printf '%-16s %-7s %-6s\n' driver builds links
printf '%s\n' "${table[@]}"
echo "modules: $work"
echo "linux-drivers: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
