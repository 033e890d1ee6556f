#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest test (busybox sh, run by scripts/vmtest.sh as /test.sh): the
# Hyper-V transport in a VM that is not on Hyper-V (QEMU, TCG). Loading
# vmbc_hyperv.ko must fail with ENODEV and one line saying why, leave
# nothing behind (no connection, no memory held), leave the simulated host
# working beside it, and say the same again on a second try.
# Prints "ok NAME" / "not ok NAME REASON"; exits non-zero on any failure.
# vmtest-modules: vmbc.ko vmbc_sim.ko vmbc_hyperv.ko

# shellcheck source=tests/vm/include/guest.sh
. /lib.sh

grep -q ' /sys/kernel/debug ' /proc/mounts ||
	mount -t debugfs none /sys/kernel/debug
core=/sys/kernel/debug/vmbc
sim=/sys/kernel/debug/vmbc_sim/sim0
why='vmbc_hyperv: hyperv: not running on Hyper-V'

if insmod /modules/vmbc.ko; then ok "load vmbc"; else not_ok "load vmbc"; fi

# refuse: the errno, its line, nothing loaded, nothing held. (busybox's
# insmod tries finit_module, then init_module: one line per attempt.)
try_hyperv() {
	mem0=$(cat "$core/memory")
	n0=$(dmesg | grep -c "$why")
	if err=$(insmod /modules/vmbc_hyperv.ko 2>&1); then
		not_ok "$1: vmbc_hyperv loaded on a VM without Hyper-V"
		rmmod vmbc_hyperv
		return
	fi
	n=$(($(dmesg | grep -c "$why") - n0))
	if echo "$err" | grep -q 'No such device' && [ "$n" -ge 1 ] &&
		! loaded vmbc_hyperv && [ ! -e "$core/hyperv" ] &&
		[ "$(cat "$core/memory")" = "$mem0" ]; then
		ok "$1: ENODEV, '$why' logged, nothing left behind"
	else
		not_ok "$1: insmod said '$err', $n lines, memory $(cat "$core/memory" | tr '\n' ' ')"
	fi
}
try_hyperv "first load of vmbc_hyperv refused"

# the simulated host works beside it
if insmod /modules/vmbc_sim.ko && wait_until [ -r "$sim/new_device" ] &&
	echo "echo 7a1e3c5f-0009-4e5b-9a7c-000000000001" >"$sim/new_device" &&
	wait_until [ -e /sys/bus/vmbc/devices/7a1e3c5f-0009-4e5b-9a7c-000000000001 ]; then
	ok "vmbc_sim connects and offers a device after the refusal"
else
	not_ok "vmbc_sim after the refusal: $(cat "$core/sim0/info" 2>&1 | head -n 3 | tr '\n' ' ')"
fi

try_hyperv "a later load is tried again, and refused again"

check_unload vmbc_sim
check_unload vmbc
check_dmesg "$why"
[ "$fails" -eq 0 ]
