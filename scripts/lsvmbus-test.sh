#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lsvmbus-test.sh [KVER LOG]: Linux's own lsvmbus (tools/hv/lsvmbus from
# Debian's linux-source-6.12), its bus path pointed at vmbc, lists every
# channel of a bus with sub-channels with its CPU. The bus is built in a
# guest by tests/vm/observe.sh, which prints the files lsvmbus reads;
# they are laid out here as a sysfs tree and lsvmbus -vv runs on it with
# python3. scripts/vmtest-all.sh runs this on the log of its observe.sh
# boot in each kernel (KVER LOG, from the script's "vmtest-host" line);
# with no arguments it builds for 6.12 and boots that guest itself.
# Prints "lsvmbus: N passed, N failed".
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$here/scripts/kernels.sh"

passed=0
failed=0
ok() { echo "ok $*"; passed=$((passed + 1)); }
not_ok() { echo "not ok $*"; failed=$((failed + 1)); }
finish() {
	echo "lsvmbus: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

vmbc_ensure_packages python3 xz-utils linux-source-6.12
cache=$(vmbc_cache_dir)
tree=$cache/linux-source-6.12
# unpacked as scripts/check.sh unpacks it (the same tree)
if [ ! -f "$tree/.vmbc-unpacked" ]; then
	rm -rf "$tree"
	tar -C "$cache" -xf /usr/src/linux-source-6.12.tar.xz
	touch "$tree/.vmbc-unpacked"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if (($# == 2)); then
	kver=$1 report=$2
else
	kver=$(vmbc_kver_612)
	obj=$("$here/scripts/build-modules.sh" "$kver" 2>/dev/null | tail -n 1) || {
		not_ok "build for $kver"
		finish
	}
	"$here/scripts/vmtest.sh" "$kver" "$here/tests/vm/observe.sh" \
		"$obj/vmbc.ko" "$obj/vmbc_sim.ko" "$obj/vmbc_echo.ko" 2>&1 |
		tee "$work/out"
	line=$(grep -E '^vmtest .*: [0-9]+ passed, [0-9]+ failed' "$work/out" | tail -n 1)
	p=$(sed -n 's/.*: \([0-9]*\) passed.*/\1/p' <<<"$line")
	f=$(sed -n 's/.*passed, \([0-9]*\) failed.*/\1/p' <<<"$line")
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-1}))
	report=$cache/logs/vmtest-$kver-observe.log
fi
if [ ! -f "$report" ]; then
	not_ok "no guest log $report"
	finish
fi

# The tree lsvmbus reads, rebuilt from the guest's lines (those of the
# report channel: the console above it has them too).
sys=$work/sys/bus/vmbc/devices
mkdir -p "$sys"
sed -n '/^==== ttyS1/,$p' "$report" >"$work/report"
sed -n 's/^@@SYSFS //p' "$work/report" | while read -r dev file rest; do
	mkdir -p "$sys/$dev"
	echo "$rest" >>"$sys/$dev/$file"
done
sed -n 's/^@@CPU //p' "$work/report" >"$work/cpus"
ndev=$(ls "$sys" | wc -l)
nchan=$(wc -l <"$work/cpus")
if [ "$ndev" -eq 2 ] && [ "$nchan" -eq 6 ]; then
	ok "the guest's bus ($kver): $ndev devices, $nchan channels"
else
	not_ok "the guest's bus ($kver): $ndev devices, $nchan channels (2 and 6 expected)"
	finish
fi

sed "s|'/sys/bus/vmbus/devices'|'$sys'|" "$tree/tools/hv/lsvmbus" >"$work/lsvmbus"
if python3 "$work/lsvmbus" -vv >"$work/listing" 2>&1; then
	ok "lsvmbus -vv ran"
else
	not_ok "lsvmbus -vv: $(tail -n 3 "$work/listing")"
	finish
fi
sed 's/^/  | /' "$work/listing"
# every channel, with the CPU its own cpu file says
unlisted=0
while read -r dev relid cpu; do
	if ! grep -qE "^[[:space:]]+Rel_ID=$relid, target_cpu=$cpu\$" "$work/listing"; then
		not_ok "lsvmbus lists relid $relid of $dev on CPU $cpu"
		unlisted=1
	fi
done <"$work/cpus"
[ "$unlisted" = 0 ] && ok "lsvmbus lists all $nchan channels, each with its CPU"
# every device, by relid, class and instance (lsvmbus pads the relid)
tr -s ' ' <"$work/listing" >"$work/squeezed"
for d in "$sys"/*; do
	id=$(cat "$d/id")
	class=$(cat "$d/class_id")
	inst=$(cat "$d/device_id")
	if grep -qF "VMBUS ID ${id}: Class_ID = $class" "$work/squeezed" &&
		grep -qF "Device_ID = $inst" "$work/squeezed"; then
		ok "lsvmbus lists device $(basename "$d") (relid $id)"
	else
		not_ok "lsvmbus lists device $(basename "$d") (relid $id)"
	fi
done
grep -q "Synthetic network adapter" "$work/listing" &&
	ok "lsvmbus names the network class" ||
	not_ok "lsvmbus names the network class"
# at least one channel off CPU 0 (the moved one), when the guest had two
if awk '$3 != 0 { f = 1 } END { exit !f }' "$work/cpus"; then
	ok "a channel on CPU 1 shows as such"
else
	not_ok "every channel on CPU 0: the move did not show"
fi
finish
