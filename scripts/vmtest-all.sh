#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make vmtest: every guest script in tests/vm/ in Debian's 6.1 and 6.12
# cloud kernels, with the modules built against the matching headers.
# Prints "vmtest-all: N passed, N failed".
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$here/scripts/kernels.sh"

vmbc_ensure_packages xz-utils

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# The path of module $1 for kernel $2: vmbc's own (in $obj), "linux:"
# Linux's drivers built against vmbc (in $drivers), "image:" one of the
# kernel's own modules (unpacked from its image, decompressed).
module_path() {
	local name=$1 kver=$2 ko

	case "$name" in
	linux:*)
		find "$drivers" -name "${name#linux:}" | head -n 1
		;;
	image:*)
		vmbc_ensure_image "$kver" >/dev/null
		ko=$(find "$(vmbc_cache_dir)/image-$kver/lib/modules" \
			-name "${name#image:}*" | head -n 1)
		case "$ko" in
		*.xz)
			mkdir -p "$(vmbc_cache_dir)/image-modules-$kver"
			xz -dc "$ko" >"$(vmbc_cache_dir)/image-modules-$kver/${name#image:}"
			echo "$(vmbc_cache_dir)/image-modules-$kver/${name#image:}"
			;;
		*) echo "$ko" ;;
		esac
		;;
	*)
		echo "$obj/$name"
		;;
	esac
}

# Add the counts of the last "...: N passed, N failed" line in $log; a
# non-zero exit status $1 with no failure counted counts as one.
count() {
	local line p f

	line=$(grep -E '^[a-z0-9 ._+-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	p=$(sed -n 's/.*: \([0-9]*\) passed.*/\1/p' <<<"$line")
	f=$(sed -n 's/.*passed, \([0-9]*\) failed.*/\1/p' <<<"$line")
	p=${p:-0}
	f=${f:-0}
	if [ "$1" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}

for kver in "$(vmbc_kver_61)" "$(vmbc_kver_612)"; do
	if ! obj=$("$here/scripts/build-modules.sh" "$kver" | tail -n 1); then
		echo "not ok build $kver"
		failed=$((failed + 1))
		continue
	fi
	drivers=
	for script in "$here"/tests/vm/*.sh; do
		# A script may run in some kernels only: a line
		# "# vmtest-kernels: 6.12" names their series.
		series=$(sed -n 's/^# vmtest-kernels: *//p' "$script")
		if [ -n "$series" ] && [[ "$kver" != "$series".* ]]; then
			continue
		fi
		# A script names the modules it wants in a line
		# "# vmtest-modules: a.ko b.ko"; the default is the core and
		# the simulated host.
		mods=$(sed -n 's/^# vmtest-modules: *//p' "$script")
		mods=${mods:-vmbc.ko vmbc_sim.ko}
		# Linux's drivers, built against this very build of vmbc.
		if [[ " $mods" == *" linux:"* ]] && [ -z "$drivers" ]; then
			drivers=$("$here/scripts/linux-drivers.sh" "$kver" "$obj" |
				sed -n 's/^modules: //p')
		fi
		# And the static programs beyond busybox it wants, as
		# "# vmtest-binaries: PACKAGE:PATH ...".
		bins=
		for b in $(sed -n 's/^# vmtest-binaries: *//p' "$script"); do
			vmbc_ensure_packages "${b%%:*}"
			bins+=" ${b#*:}"
		done
		paths=()
		for m in $mods; do
			paths+=("$(module_path "$m" "$kver")")
		done
		VMBC_VM_BINARIES=$bins \
			"$here/scripts/vmtest.sh" "$kver" "$script" "${paths[@]}" \
			2>&1 | tee "$log"
		count "${PIPESTATUS[0]}"
		# A script whose guest output a host command checks names it
		# in a line "# vmtest-host: CMD"; CMD gets the kernel release
		# and the boot's log, and prints "NAME: N passed, N failed".
		host=$(sed -n 's/^# vmtest-host: *//p' "$script")
		if [ -n "$host" ]; then
			"$here/$host" "$kver" \
				"$(vmbc_cache_dir)/logs/vmtest-$kver-$(basename "$script" .sh).log" \
				2>&1 | tee "$log"
			count "${PIPESTATUS[0]}"
		fi
	done
done

echo "vmtest-all: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
