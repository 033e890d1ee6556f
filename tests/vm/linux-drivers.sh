#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest test (busybox sh, run by scripts/vmtest.sh as /test.sh): Linux's
# own Hyper-V drivers, built unchanged from linux-source-6.12 against vmbc
# (scripts/linux-drivers.sh), on the simulated host. Loads vmbc, vmbc_sim,
# evdev, Linux's hv_utils and hyperv-keyboard; offers the heartbeat,
# time sync, KVP, keyboard and shutdown devices; checks that hv_utils
# answers heartbeats, negotiates time sync (samples off here, with the
# reason) and stops at KVP's NEGOTIATE without its daemon; types keys that
# arrive as input events; and ends with the host's shutdown request, which
# powers the guest off by itself.
# Prints "ok NAME" / "not ok NAME REASON".
# vmtest-kernels: 6.12
# vmtest-modules: vmbc.ko vmbc_sim.ko image:evdev.ko linux:vmbc_hv_utils.ko linux:vmbc_hyperv_keyboard.ko

# shellcheck source=tests/vm/include/guest.sh
. /lib.sh

D=/sys/kernel/debug/vmbc_sim
H=$D/sim0
BUS=/sys/bus/vmbc/devices

HB_I=5b0a0000-0000-4000-8000-000000000001
TS_I=5b0a0000-0000-4000-8000-000000000002
KVP_I=5b0a0000-0000-4000-8000-000000000003
KBD_I=5b0a0000-0000-4000-8000-000000000004
SD_I=5b0a0000-0000-4000-8000-000000000005

stat_of() { awk -v n="$2" '$1 == n { print $2 }' "$1"; }
# The host's relid of instance $1.
relid_of() { awk -v i="$1" '$3 == i { print $1 }' "$H/devices"; }
# Column $2 of the host's channels line of relid $1 (see "channels").
chan_col() {
	awk -v r="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) n[$i] = i }
		NR > 1 && $1 == r { print $(n[c]) }' "$H/channels"
}
# The driver bound to the bus device of instance $1, or nothing.
driver_of() {
	[ -L "$BUS/$1/driver" ] && basename "$(readlink "$BUS/$1/driver")"
}

# ---- load ----------------------------------------------------------

grep -q debugfs /proc/mounts || mount -t debugfs none /sys/kernel/debug
for ko in vmbc vmbc_sim; do
	if err=$(insmod "/modules/$ko.ko" 2>&1) && loaded "$ko"; then
		ok "load $ko"
	else
		not_ok "load $ko $err"
		exit 1
	fi
done

for dev in "heartbeat $HB_I" "timesync $TS_I" "kvp $KVP_I" \
	"keyboard $KBD_I" "shutdown $SD_I"; do
	if ! echo "$dev" >"$H/new_device"; then
		not_ok "offer $dev"
		exit 1
	fi
done
ok "host offers heartbeat, timesync, kvp, keyboard and shutdown devices"

# Linux's drivers, and evdev for the keyboard's input events.
for ko in evdev vmbc_hv_utils vmbc_hyperv_keyboard; do
	if err=$(insmod "/modules/$ko.ko" 2>&1) && loaded "$ko"; then
		ok "load $ko (Linux's, built against vmbc)"
	else
		not_ok "load $ko $err"
		exit 1
	fi
done

# ---- hv_utils binds its four services -------------------------------

bound_all() {
	for i in "$HB_I" "$TS_I" "$KVP_I" "$SD_I"; do
		[ "$(driver_of "$i")" = hv_utils ] || return 1
	done
}
if wait_until bound_all; then
	ok "hv_utils binds heartbeat, timesync, kvp and shutdown"
else
	not_ok "hv_utils binds heartbeat, timesync, kvp and shutdown ($(driver_of "$HB_I"))"
fi
# hyperv-keyboard names its driver after its module: vmbc_hyperv_keyboard
kbd_bound() { [ "$(driver_of "$KBD_I")" = vmbc_hyperv_keyboard ]; }
if wait_until kbd_bound; then
	ok "hyperv_keyboard binds the keyboard"
else
	not_ok "hyperv_keyboard binds the keyboard ($(driver_of "$KBD_I"))"
fi

# ---- heartbeat: answered, with the right numbers --------------------

HB=$(relid_of "$HB_I")
WAIT_TENTHS=100
hb_answered() { [ "$(chan_col "$HB" answers)" -ge 3 ]; }
if wait_until hb_answered; then
	ok "heartbeat: hv_utils answers (answers $(chan_col "$HB" answers))"
else
	not_ok "heartbeat: hv_utils answers (answers $(chan_col "$HB" answers))"
fi
if [ "$(chan_col "$HB" bad_answers)" = 0 ]; then
	ok "heartbeat: every answer right"
else
	not_ok "heartbeat: $(chan_col "$HB" bad_answers) bad answers"
fi

# ---- timesync: negotiated, no samples off Hyper-V -------------------

TS=$(relid_of "$TS_I")
ts_line() { grep "^$TS " "$H/timesync"; }
if wait_until sh -c "grep -q '^$TS negotiated framework 3.0 service 4.0' $H/timesync"; then
	ok "timesync: negotiated framework 3.0, service 4.0"
else
	not_ok "timesync: negotiated ($(ts_line))"
fi
if head -n 1 "$H/timesync" | grep -q '^timesync samples: off (.*reference counter'; then
	ok "timesync: samples off, reason shown"
else
	not_ok "timesync: samples off, reason shown ($(head -n 1 "$H/timesync"))"
fi

# ---- KVP: stops at NEGOTIATE without hv_kvp_daemon ------------------

KVP=$(relid_of "$KVP_I")
if wait_until sh -c "grep -q '^$KVP .*NEGOTIATE sent, unread by the guest' $H/kvp_query"; then
	ok "kvp: NEGOTIATE unread without hv_kvp_daemon, shown"
else
	not_ok "kvp: NEGOTIATE unread, shown ($(grep "^$KVP " "$H/kvp_query"))"
fi
if echo "$KVP auto 0" >"$H/kvp_query" 2>/dev/null; then
	not_ok "kvp: a query before NEGOTIATE is answered refused"
else
	ok "kvp: a query before NEGOTIATE is answered refused"
fi
if [ -c /dev/vmbus/hv_kvp ]; then
	ok "kvp: hv_utils offers its daemon /dev/vmbus/hv_kvp"
else
	not_ok "kvp: no /dev/vmbus/hv_kvp"
fi

# ---- keyboard: keys typed on the host arrive as input events ---------

KBD=$(relid_of "$KBD_I")
if wait_until sh -c "grep -q '^$KBD accepted' $H/keys"; then
	ok "keyboard: protocol accepted"
else
	not_ok "keyboard: protocol accepted ($(grep "^$KBD " "$H/keys"))"
fi
# The input device on the keyboard's serio port, under the bus device
# (named by the instance GUID): its event handler.
kbd_event() {
	awk -v i="$KBD_I" '/^S: Sysfs=/ { p = $0 }
		/^H: Handlers=/ { for (n = 2; n <= NF; n++)
			if ($n ~ /^event/ && index(p, i)) print $n }' \
		/proc/bus/input/devices | head -n 1
}
kbd_found() { [ -n "$(kbd_event)" ]; }
if wait_until kbd_found; then
	EV=/dev/input/$(kbd_event)
	ok "keyboard: an input device ($EV)"
else
	EV=
	not_ok "keyboard: no input device ($(grep -c "^I:" /proc/bus/input/devices) devices)"
fi
# The EV_KEY events in /tmp/events as "code:value" (struct input_event:
# 16 bytes of time, then type, code and value; 24 bytes on x86_64).
key_events() {
	od -An -v -tu2 -w24 /tmp/events 2>/dev/null |
		awk '$9 == 1 { printf "%s:%s ", $10, $11 }'
}
if [ -n "$EV" ]; then
	# "a" down and up: KEY_A (30), value 1 then 0
	dd if="$EV" of=/tmp/events bs=24 count=64 2>/dev/null &
	reader=$!
	sleep 0.5
	echo "$KBD 1e 9e" >"$H/keys"
	WAIT_TENTHS=50
	two_keys() { [ "$(key_events | wc -w)" -ge 2 ]; }
	wait_until two_keys
	kill "$reader" 2>/dev/null
	keys=$(key_events)
	if [ "$keys" = "30:1 30:0 " ]; then
		ok "keyboard: 'a' typed on the host: KEY_A down, up in $EV"
	else
		not_ok "keyboard: 'a' typed on the host, got '$keys'"
	fi
	if [ "$(chan_col "$KBD" requests)" = 2 ]; then
		ok "keyboard: the host sent 2 keystrokes"
	else
		not_ok "keyboard: keystrokes sent $(chan_col "$KBD" requests)"
	fi
fi

# ---- the host stayed happy --------------------------------------------

if [ "$(stat_of "$H/stats" protocol_errors)" = 0 ]; then
	ok "host: no protocol error"
else
	not_ok "host: $(stat_of "$H/stats" protocol_errors) protocol errors"
fi
# hv_utils logs its negotiated versions; nothing else of ours may
check_dmesg
if dmesg | grep -q 'Heartbeat IC version 3.0'; then
	ok "hv_utils: 'Heartbeat IC version 3.0' in dmesg"
else
	not_ok "hv_utils: no heartbeat version in dmesg"
fi

# ---- shutdown: the guest powers off by itself -------------------------

SD=$(relid_of "$SD_I")
if wait_until sh -c "grep -q '^$SD negotiated' $H/shutdown"; then
	ok "shutdown: negotiated"
else
	not_ok "shutdown: negotiated ($(grep "^$SD " "$H/shutdown"))"
fi
# From here the guest's report ends; the poweroff is the last check
# (scripts/vmtest.sh). Without /sbin/poweroff, orderly_poweroff() forces
# the kernel's own.
# The marker goes the way of the report (standard output, which /init
# copies to ttyS1), then a pause lets the port send it all: the kernel's
# poweroff does not wait for it.
echo "@@VMTEST@@ EXPECT-POWEROFF"
sleep 2
echo "$SD shutdown" >"$H/shutdown"
sleep 60
not_ok "shutdown: the guest still runs 60 s after the host's request ($(grep "^$SD " "$H/shutdown"))"
exit 1
