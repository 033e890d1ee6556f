#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Hyper-V transport against a real VMBus host: QEMU's own
# (-device vmbus-bridge), which needs KVM with Hyper-V SynIC emulation,
# that is an ordinary Linux host with VMX or SVM. Boots Debian's 6.12
# cloud kernel there with vmbc and vmbc_hyperv (tests/hyperv/smoke-guest.sh):
# a version is negotiated, every offer delivered, UNLOAD answered.
#
# Where that cannot run (no /dev/kvm, no VMX/SVM, a KVM without Hyper-V
# SynIC, a QEMU without vmbus-bridge) it says why and counts as skipped,
# never as passed. Prints "hyperv-smoke: N passed, N failed, N skipped".
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$here/scripts/kernels.sh"

skip() {
	echo "hyperv-smoke: skipped: $*"
	echo "hyperv-smoke: 0 passed, 0 failed, 1 skipped"
	exit 0
}

cpu="host,hv-relaxed,hv-vapic,hv-spinlocks=0x1fff,hv-vpindex,hv-runtime"
cpu="$cpu,hv-synic,hv-stimer,hv-time"

[ -c /dev/kvm ] || skip "no /dev/kvm on this machine"
[ -r /dev/kvm ] && [ -w /dev/kvm ] || skip "/dev/kvm is not usable by $(id -un)"
grep -qwE 'vmx|svm' /proc/cpuinfo ||
	skip "the CPU has neither VMX nor SVM: this /dev/kvm cannot emulate Hyper-V's SynIC (nor boot a stock kernel)"
vmbc_ensure_packages qemu-system-x86
# Does QEMU accept the SynIC and the VMBus bridge here? It checks both when
# the machine is created, before any guest code runs (-S).
probe=$(timeout 5 qemu-system-x86_64 -accel kvm -cpu "$cpu" -machine q35 \
	-device vmbus-bridge -display none -nodefaults -S 2>&1)
rc=$?
[ "$rc" -eq 124 ] ||
	skip "QEMU cannot run a VMBus host here: $(head -n 1 <<<"$probe")"

kver=$(vmbc_kver_612)
obj=$("$here/scripts/build-modules.sh" "$kver" | tail -n 1) ||
	{ echo "hyperv-smoke: 0 passed, 1 failed, 0 skipped"; exit 1; }
line=$(VMBC_QEMU_ACCEL=kvm \
	VMBC_QEMU_ARGS="-cpu $cpu -machine q35 -device vmbus-bridge" \
	"$here/scripts/vmtest.sh" "$kver" "$here/tests/hyperv/smoke-guest.sh" \
	"$obj/vmbc.ko" "$obj/vmbc_hyperv.ko" | tee /dev/stderr | tail -n 1)
passed=$(sed -n 's/.*: \([0-9]*\) passed.*/\1/p' <<<"$line")
failed=$(sed -n 's/.*passed, \([0-9]*\) failed.*/\1/p' <<<"$line")
[ -n "$passed" ] || { passed=0; failed=1; }
echo "hyperv-smoke: $passed passed, $failed failed, 0 skipped"
[ "$failed" -eq 0 ]
