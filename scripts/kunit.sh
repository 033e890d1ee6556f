#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run every vmbc KUnit suite in a kernel built from Debian's linux-source-6.12.
#
#   scripts/kunit.sh [uml|uml-debug|x86_64|x86_64-debug] [kunit.py run args]
#
# The source is unpacked once into the cache; the project is copied in as
# drivers/vmbc (a copy, not a symlink, so that objects of an in-place
# module build can never be mistaken for the kernel build's own). Prints
# "kunit <flavour>: N passed, N failed" and exits non-zero on any failure.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$here/scripts/kernels.sh"

flavour=${1:-uml}
[ $# -gt 0 ] && shift

cache=$(vmbc_cache_dir)
vmbc_ensure_packages build-essential flex bison bc python3 xz-utils rsync \
	linux-source-6.12
src_tar=$(ls /usr/src/linux-source-6.12.tar.xz)
tree=$cache/linux-source-6.12

if [ ! -f "$tree/.vmbc-unpacked" ]; then
	echo "kunit: unpacking $src_tar into $cache (once)"
	rm -rf "$tree"
	tar -C "$cache" -xf "$src_tar"
	touch "$tree/.vmbc-unpacked"
fi

# Link the project into the tree, once per tree.
grep -q 'drivers/vmbc/Kconfig' "$tree/drivers/Kconfig" ||
	sed -i '$i source "drivers/vmbc/Kconfig"' "$tree/drivers/Kconfig"
grep -q 'CONFIG_VMBC' "$tree/drivers/Makefile" ||
	echo 'obj-$(CONFIG_VMBC)		+= vmbc/' >> "$tree/drivers/Makefile"
mkdir -p "$tree/drivers/vmbc"
# By content, without the source's times: a file whose content changed
# gets a new time and is rebuilt, whatever time the checkout gave it.
rsync -rlpD --checksum --delete --exclude .git --exclude '*.o' --exclude '*.ko' \
	--exclude '*.mod' --exclude '*.mod.c' --exclude '.*.cmd' \
	--exclude 'Module.symvers' --exclude 'modules.order' --exclude '*.a' \
	--exclude '.tmp*' --exclude tools --exclude Documentation \
	"$here/" "$tree/drivers/vmbc/"

# No host sim0 at boot: each suite makes the hosts it tests, and the
# default-connection cases (vmbc_linux_api) need to know which is oldest.
args=(--kunitconfig="$here/.kunitconfig" --jobs "$(nproc)"
      --kernel_args vmbc_sim.autostart=0)
case "$flavour" in
uml)
	vmbc_ensure_packages python3
	build=$cache/build-uml
	;;
uml-debug)
	build=$cache/build-uml-debug
	args+=(--kunitconfig="$here/tests/kunit/lock-debug.config"
	       --kunitconfig="$here/tests/kunit/mem-debug.config"
	       --kernel_args kasan_multi_shot)
	;;
x86_64 | x86_64-debug)
	vmbc_ensure_packages libelf-dev qemu-system-x86
	build=$cache/build-$flavour
	args+=(--arch=x86_64
	       --kconfig_add CONFIG_SMP=y --qemu_args "-smp 2")
	# Lockdep, KASAN and UBSAN where the two-CPU-only cases (the races)
	# run: UML skips them.
	[ "$flavour" = x86_64 ] ||
		args+=(--kunitconfig="$here/tests/kunit/lock-debug.config"
		       --kunitconfig="$here/tests/kunit/mem-debug.config"
		       --kernel_args kasan_multi_shot)
	;;
*)
	echo "kunit: unknown flavour '$flavour' (uml, uml-debug, x86_64, x86_64-debug)" >&2
	exit 2
	;;
esac

args+=(--build_dir="$build")
# Our objects are rebuilt every time (half a minute): an object that looks
# newer than a changed source must never be linked.
rm -rf "$build/drivers/vmbc"
json=$cache/kunit-$flavour.json
log=$cache/kunit-$flavour.log
rm -f "$json"
rc=0
(cd "$tree" && ./tools/testing/kunit/kunit.py run "${args[@]}" \
	--json="$json" "$@") 2>&1 | tee "$log" || rc=$?
# The kernel builds without -Werror; a warning in our code fails anyway.
if grep -E 'drivers/vmbc/.*warning:' "$log"; then
	echo "kunit: compiler warnings in vmbc code (above)"
	[ "$rc" -ne 0 ] || rc=1
fi
# Lockdep, sleep-in-atomic and WARN reports do not fail a test by
# themselves, and kunit.py hides the logs of passing tests: look for them.
console=$build/test.log
if [ -f "$console" ] &&
   grep -nE 'WARNING:|BUG:|possible recursive locking|possible circular locking|inconsistent lock state|sleeping function called from invalid context|Invalid wait context|KASAN:|UBSAN:|ODEBUG:|list_(add|del) corruption' \
	"$console"; then
	echo "kunit: kernel reports in $console (above)"
	[ "$rc" -ne 0 ] || rc=1
fi

# Count leaf cases from kunit.py's JSON; a crash before any result counts
# as one failure so that a broken build can never read as "0 failed".
python3 - "$json" "$flavour" "$rc" <<'PY'
import json, sys
path, flavour, rc = sys.argv[1], sys.argv[2], int(sys.argv[3])
passed = failed = skipped = 0
def walk(g):
    global passed, failed, skipped
    for c in g.get("test_cases", []):
        s = c["status"]
        if s == "PASS": passed += 1
        elif s == "SKIP": skipped += 1
        else: failed += 1
    for sg in g.get("sub_groups", []):
        walk(sg)
try:
    with open(path) as f:
        walk(json.load(f))
except (OSError, ValueError):
    pass
if rc != 0 and failed == 0:
    failed = 1
print(f"kunit {flavour}: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $rc
