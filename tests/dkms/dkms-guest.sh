#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest test (busybox sh) for scripts/dkms-test.sh: /lib/modules/$(uname
# -r) is the tree dkms installed, no /modules list. modprobe loads the
# simulated host and its dependency, and a device's uevent loads its
# driver by alias, as udev would: busybox's mdev, listening on netlink,
# runs "modprobe $MODALIAS" for each uevent that has one.

# shellcheck source=tests/vm/include/guest.sh
. /lib.sh

BUS=/sys/bus/vmbc/devices
I=7a1e3c5f-0003-4e5b-9a7c-000000000003
ALIAS=vmbc:8e4a3cbe0d5f8b4c9a3e6563686f0001

if err=$(modprobe vmbc_sim 2>&1) && loaded vmbc && loaded vmbc_sim; then
	ok "modprobe vmbc_sim loads vmbc and vmbc_sim (modules.dep)"
else
	not_ok "modprobe vmbc_sim: $err $(cat /proc/modules)"
	exit 1
fi
v=$(cat /sys/module/vmbc/version 2>/dev/null)
[ -n "$v" ] && ok "/sys/module/vmbc/version is $v" ||
	not_ok "/sys/module/vmbc/version missing"

# A udev of sorts: every uevent with a MODALIAS gets "modprobe" of it.
echo '$MODALIAS=.* 0:0 660 @modprobe "$MODALIAS"' >/etc/mdev.conf
mdev -d
sleep 0.5

echo "echo $I" >/sys/kernel/debug/vmbc_sim/sim0/new_device
has_dev() { [ -e "$BUS/$I" ]; }
bound() { [ -e "$BUS/$I/driver" ]; }
if wait_until has_dev; then
	ok "echo device on the bus"
else
	not_ok "echo device on the bus"
	exit 1
fi
m=$(cat "$BUS/$I/modalias")
[ "$m" = "$ALIAS" ] && ok "modalias $m" || not_ok "modalias '$m', not $ALIAS"
grep -qx "MODALIAS=$ALIAS" "$BUS/$I/uevent" && ok "uevent carries MODALIAS" ||
	not_ok "uevent: $(tr '\n' ' ' <"$BUS/$I/uevent")"
if wait_until bound && loaded vmbc_echo; then
	ok "the uevent loaded vmbc_echo by its alias and it bound the device"
else
	not_ok "vmbc_echo not loaded by the uevent ($(cat /proc/modules | cut -d' ' -f1 | tr '\n' ' '))"
	# by hand, to tell the alias from the uevent path
	modprobe "$m" && wait_until bound && loaded vmbc_echo &&
		echo "(modprobe $m by hand did load it)"
fi
d=$(readlink "$BUS/$I/driver")
[ "${d##*/}" = vmbc_echo ] && ok "driver is vmbc_echo" ||
	not_ok "driver is '${d##*/}'"

killall mdev 2>/dev/null
# busybox's modprobe -r also tries the dependencies, which are in use
err=$(modprobe -r vmbc_echo 2>&1)
! loaded vmbc_echo && loaded vmbc && ok "modprobe -r vmbc_echo" ||
	not_ok "modprobe -r vmbc_echo: $err"
modprobe -r vmbc_sim && ! loaded vmbc_sim && ! loaded vmbc &&
	ok "modprobe -r vmbc_sim unloads vmbc too" ||
	not_ok "modprobe -r vmbc_sim: $(cat /proc/modules)"
check_dmesg 'Loading of unsigned module|module verification failed'
exit "$fails"
