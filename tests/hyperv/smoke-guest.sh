#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of scripts/hyperv-smoke.sh (busybox sh, as /test.sh), in a
# VM with a real VMBus host (QEMU's vmbus-bridge under KVM's Hyper-V
# SynIC): vmbc_hyperv loads, negotiates a version, receives every offer,
# and on unload the host answers UNLOAD.
# vmtest-modules: vmbc.ko vmbc_hyperv.ko

# shellcheck source=tests/vm/include/guest.sh
. /lib.sh

grep -q ' /sys/kernel/debug ' /proc/mounts ||
	mount -t debugfs none /sys/kernel/debug
info=/sys/kernel/debug/vmbc/hyperv/info

if insmod /modules/vmbc.ko; then ok "load vmbc"; else not_ok "load vmbc"; fi
if err=$(insmod /modules/vmbc_hyperv.ko 2>&1); then
	ok "load vmbc_hyperv"
else
	not_ok "load vmbc_hyperv: $err $(dmesg | grep vmbc_hyperv | tail -n 1)"
fi
if grep -q '^state: connected' "$info" 2>/dev/null; then
	ok "connected: $(grep '^version:' "$info")"
else
	not_ok "connected: $(head -n 4 "$info" 2>&1 | tr '\n' ' ')"
fi
if ! dmesg | grep -q 'no ALLOFFERS_DELIVERED'; then
	ok "all offers delivered ($(grep -c 'relid' "$info") channels)"
else
	not_ok "all offers delivered: no ALLOFFERS_DELIVERED"
fi
check_unload vmbc_hyperv
if dmesg | grep -q 'no UNLOAD_RESPONSE'; then
	not_ok "UNLOAD answered"
else
	ok "UNLOAD answered"
fi
check_unload vmbc
check_dmesg
[ "$fails" -eq 0 ]
