#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Style and static checks: checkpatch.pl --strict on every C source and
# header, and a sparse (C=2) build against the default headers. Prints
# "check: N passed, N failed" (one check per file, plus sparse).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$here/scripts/kernels.sh"

vmbc_ensure_packages sparse perl rsync xz-utils linux-source-6.12
cache=$(vmbc_cache_dir)
tree=$cache/linux-source-6.12
if [ ! -f "$tree/.vmbc-unpacked" ]; then
	rm -rf "$tree"
	tar -C "$cache" -xf /usr/src/linux-source-6.12.tar.xz
	touch "$tree/.vmbc-unpacked"
fi
checkpatch=$tree/scripts/checkpatch.pl

passed=0
failed=0
cd "$here"
# Kernel sources only: tools/ holds userspace code with its own style. In
# a checkout, the files git knows (tracked or not ignored); in a tree
# without .git (a tarball, a DKMS source directory), every file there is.
if git -C "$here" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	mapfile -t files < <(git ls-files --cached --others --exclude-standard \
		-- '*.c' '*.h' | grep -v '^tools/' | sort)
else
	mapfile -t files < <(find . -path ./tools -prune -o \
		\( -name '*.c' -o -name '*.h' \) -type f -print |
		sed 's|^\./||' | grep -vE '(^|/)\.|\.mod\.c$' | sort)
fi
if [ "${#files[@]}" -eq 0 ]; then
	echo "not ok checkpatch: no C sources found under $here"
	echo "check: 0 passed, 1 failed"
	exit 1
fi
# sparse over a copy, so the in-place tree keeps no sparse objects. Its
# build is one make job and checkpatch one process: sparse runs in the
# background while checkpatch goes through the files.
kver=$(vmbc_kver_612)
vmbc_ensure_headers "$kver"
obj=$cache/obj-sparse
rsync -a --delete --exclude .git --exclude tools "$here/" "$obj/"
make -s -C "/usr/src/linux-headers-$kver" M="$obj" clean >/dev/null
# Linux's layouts put an array of struct gpa_range (whose PFNs are a
# flexible array) in two messages (vmbus_channel_gpadl_header.range[],
# vmdata_gpa_direct.range[1]); sparse says so of those two lines only.
gpa_arrays='include/vmbc/protocol.h:[0-9]+:[0-9]+: warning: array of flexible structures'
sparse_out=$(mktemp)
trap 'rm -f "$sparse_out"' EXIT
make -s -C "/usr/src/linux-headers-$kver" M="$obj" C=2 \
	CF="-D__CHECK_ENDIAN__" modules >"$sparse_out" 2>&1 &
sparse_pid=$!

echo "check: checkpatch over ${#files[@]} files"
for f in "${files[@]}"; do
	[ -f "$f" ] || continue
	ignore=FILE_PATH_CHANGES,SPDX_LICENSE_TAG
	# The headers that reproduce Linux's own layouts keep Linux's
	# one-element arrays (vmdata_gpa_direct.range[1], ...): drivers
	# write range[0] in initializers and take sizeof, which a flexible
	# array would change. Documentation/api.rst lists them.
	case "$f" in
	include/vmbc/protocol.h)
		ignore+=,FLEXIBLE_ARRAY ;;
	# and Linux's macros that take an argument twice and must stay
	# macros: a loop (foreach_vmbus_pkt) and constant initializers
	# (VMBUS_RING_SIZE)
	include/compat/linux/hyperv.h)
		ignore+=,FLEXIBLE_ARRAY,MACRO_ARG_REUSE ;;
	# VMBC_DEVICE_TABLE() writes declarations from constants: the rules
	# for expression macros do not fit it (the header says why), and its
	# argument counter names the arguments it skips
	include/vmbc/device_table.h)
		ignore+=,COMPLEX_MACRO,MACRO_ARG_REUSE,MACRO_ARG_UNUSED ;;
	# the name tables of __print_symbolic() are brace lists
	drivers/vmbus/trace.h)
		ignore+=,COMPLEX_MACRO ;;
	esac
	if out=$("$checkpatch" --no-tree --strict --quiet --show-types \
		--ignore "$ignore" -f "$f" 2>&1) &&
	   [ -z "$out" ]; then
		passed=$((passed + 1))
	else
		echo "$out"
		echo "not ok checkpatch $f"
		failed=$((failed + 1))
	fi
done

sparse_rc=0
wait "$sparse_pid" || sparse_rc=$?
out=$(cat "$sparse_out")
if [ "$sparse_rc" -eq 0 ] &&
   ! grep -vE "$gpa_arrays" <<<"$out" | grep -E 'warning:|error:' >/dev/null; then
	passed=$((passed + 1))
else
	echo "$out"
	echo "not ok sparse"
	failed=$((failed + 1))
fi

echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
