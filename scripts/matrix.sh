#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The build matrix: the modules built W=1 against Debian's 6.1 and 6.12
# cloud-amd64 headers (any warning fails), then for each build:
#  - no exported symbol collides with one in that kernel's Module.symvers
#    (the module must load beside the in-tree hv_vmbus);
#  - struct vmbus_channel in vmbc.ko's debug info has the seed's 45 fields,
#    in the seed's order;
#  - vmbc's <linux/hyperv.h> builds beside <asm/mshyperv.h>, both dialects;
#  - (6.12) Linux's own Hyper-V drivers build and link against vmbc
#    (scripts/linux-drivers.sh).
# Prints "matrix: N passed, N failed".
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$here/scripts/kernels.sh"
vmbc_ensure_packages dwarves

passed=0
failed=0
result() {
	if [ "$1" -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok $2"
	else
		failed=$((failed + 1))
		echo "not ok $2"
	fi
}

seed_fields=$here/tests/seed-fields.txt
for kver in "$(vmbc_kver_61)" "$(vmbc_kver_612)"; do
	if ! obj=$("$here/scripts/build-modules.sh" "$kver" 2>"/tmp/vmbc-build-$kver.log" | tail -n 1); then
		cat "/tmp/vmbc-build-$kver.log"
		result 1 "build W=1 $kver"
		continue
	fi
	result 0 "build W=1 $kver"

	# Exports of ours that the kernel (vmlinux or an in-tree module) has.
	clash=$(comm -12 <(awk '{print $2}' "$obj/Module.symvers" | sort -u) \
		<(awk '{print $2}' "/usr/src/linux-headers-$kver/Module.symvers" | sort -u))
	[ -z "$clash" ] || echo "symbols also exported by $kver: $clash"
	result "$([ -z "$clash" ]; echo $?)" "no export clash with $kver"

	# pahole prints a member a line: "<type> <name> [attrs]; /* off size */"
	# (function pointers as "<ret> (*<name>)(<args>);").
	pahole -C vmbus_channel "$obj/vmbc.ko" | python3 -c '
import re, sys
for line in sys.stdin:
    if not line.startswith("\t") or ";" not in line or line.startswith("\t/*"):
        continue
    decl = re.sub(r"/\*.*?\*/", "", line)
    decl = re.sub(r"__attribute__\(\(.*\)\)", "", decl).split(";")[0]
    m = re.search(r"\(\*(\w+)\)", decl) or re.search(r"(\w+)\s*(\[.*\])?\s*$", decl)
    print(m.group(1))
' > "/tmp/vmbc-fields-$kver.txt" || true
	if head -n "$(wc -l < "$seed_fields")" "/tmp/vmbc-fields-$kver.txt" |
	   diff -u "$seed_fields" - ; then
		result 0 "seed fields in order in vmbc.ko debug info ($kver)"
	else
		result 1 "seed fields in order in vmbc.ko debug info ($kver)"
	fi

	# vmbc's <linux/hyperv.h> beside the kernel's <asm/mshyperv.h>, both
	# orders, both dialects, W=1 (tests/compat).
	clash=$(vmbc_cache_dir)/clash-$kver
	rm -rf "$clash"
	mkdir -p "$clash"
	cp "$here/tests/compat/clash.c" "$here/tests/compat/Kbuild" "$clash/"
	for n in 502_a 502_b 612_a 612_b; do
		echo '#include "clash.c"' > "$clash/clash_${n}_src.c"
	done
	if make -C "/usr/src/linux-headers-$kver" M="$clash" W=1 \
		NOSTDINC_FLAGS="-I$here/include/compat -I$here/include" \
		modules > "$clash/build.log" 2>&1 &&
	   ! grep -i 'warning:' "$clash/build.log"; then
		result 0 "<linux/hyperv.h> beside <asm/mshyperv.h>, both dialects ($kver)"
	else
		tail -n 30 "$clash/build.log"
		result 1 "<linux/hyperv.h> beside <asm/mshyperv.h>, both dialects ($kver)"
	fi

	# Linux's own Hyper-V drivers, from linux-source-6.12, against 6.12.
	# One result per driver (its "ok"/"not ok" line).
	if [ "$kver" = "$(vmbc_kver_612)" ]; then
		"$here/scripts/linux-drivers.sh" "$kver" "$obj" \
			> "/tmp/vmbc-linux-drivers-$kver.log" 2>&1 || true
		cat "/tmp/vmbc-linux-drivers-$kver.log"
		line=$(grep -E '^linux-drivers: ' "/tmp/vmbc-linux-drivers-$kver.log" || true)
		p=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' <<<"$line")
		f=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' <<<"$line")
		# no summary: the script itself broke
		[ -n "$p" ] || { p=0; f=1; }
		passed=$((passed + p))
		failed=$((failed + f))
	fi
done

echo "matrix: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
