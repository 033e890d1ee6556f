#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The main job's guest side (busybox sh): load the VMBus core and the
# simulated host, show what the core saw, unload. Explains itself as it
# goes, for someone who has never seen VMBus.

fails=0
ok() { echo "ok $*"; }
not_ok() { echo "not ok $*"; fails=$((fails + 1)); }

echo
echo "== Loading the VMBus channel core (vmbc.ko)"
echo "   It speaks the guest side of Hyper-V's VMBus protocol."
if insmod /modules/vmbc.ko; then ok "load vmbc"; else not_ok "load vmbc"; fi

echo
echo "== Loading the simulated Hyper-V host (vmbc_sim.ko)"
echo "   It plays the host: protocol versions, device offers, rings."
if insmod /modules/vmbc_sim.ko; then ok "load vmbc_sim"; else not_ok "load vmbc_sim"; fi

echo
echo "== What the core saw"
dmesg | grep -E 'vmbc' | sed 's/^/   /'

echo
echo "== Unloading"
rmmod vmbc_sim && ok "unload vmbc_sim" || not_ok "unload vmbc_sim"
rmmod vmbc && ok "unload vmbc" || not_ok "unload vmbc"
[ "$fails" -eq 0 ]
