#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest test (busybox sh, run by scripts/vmtest.sh as /test.sh): load the
# modules in the order of /modules/order, then unload them in reverse, and
# check the kernel logged nothing bad meanwhile.
# Prints "ok NAME" / "not ok NAME REASON"; exits non-zero on any failure.

# shellcheck source=tests/vm/include/guest.sh
. /lib.sh

modules=$(cat /modules/order)
[ -n "$modules" ] || not_ok "modules none given"

loaded_list=
for ko in $modules; do
	name=${ko%.ko}
	if ! err=$(insmod "/modules/$ko" 2>&1); then
		not_ok "load $name insmod: $err"
		break
	fi
	if loaded "$ko"; then
		ok "load $name"
		loaded_list="$ko $loaded_list" # reverse order for unloading
	else
		not_ok "load $name not in /proc/modules"
		break
	fi
done

for ko in $loaded_list; do
	name=${ko%.ko}
	if ! err=$(rmmod "$name" 2>&1); then
		not_ok "unload $name rmmod: $err"
	elif loaded "$ko"; then
		not_ok "unload $name still in /proc/modules"
	else
		ok "unload $name"
	fi
done

check_dmesg

[ "$fails" -eq 0 ]
