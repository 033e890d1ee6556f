#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest test (busybox sh, run by scripts/vmtest.sh as /test.sh): load the
# modules in the order of /modules/order, then unload them in reverse, and
# check the kernel logged nothing bad meanwhile.
# Prints "ok NAME" / "not ok NAME REASON"; exits non-zero on any failure.

fails=0
ok() { echo "ok $*"; }
not_ok() { echo "not ok $*"; fails=$((fails + 1)); }

# Is module $1 (a file name such as vmbc_sim.ko) in /proc/modules?
loaded() {
	grep -q "^${1%.ko} " /proc/modules
}

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

# Splats (the harness's list), and error lines from our own modules; the
# kernel's complaint that they are unsigned is expected.
bad=$(dmesg | grep -E -f /etc/vmtest-bad-patterns)
[ -z "$bad" ] && bad=$(dmesg | grep -v 'module verification failed' |
	grep -iE '^(\[[ .0-9]*\] )?vmbc[a-z_]*: .*(error|fail)')
if [ -z "$bad" ]; then
	ok "dmesg clean"
else
	not_ok "dmesg clean: $(echo "$bad" | head -n 1)"
fi

[ "$fails" -eq 0 ]
