#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest test (busybox sh, run by scripts/vmtest.sh as /test.sh): what a
# user watches vmbc with, the kernel's own tools.
#
# 1. Tracepoints (TRACE_SYSTEM vmbc) and dynamic debug, following one
#    open and close of a channel: loads the core, the simulated host and
#    the sample driver, enables events/vmbc, offers an echo device (the
#    driver opens its channel and pings once), floods it while the host
#    holds off reading (a write refused by the full ring), unbinds the
#    driver (which closes it), injects a host message the core drops,
#    then reads the trace: every message of the open and the close in
#    both directions, every state change, the signal and interrupt of the
#    ping, the refusal and the drop; and the debug lines of the probe and
#    the open.
# 2. The files Linux's lsvmbus reads: builds a bus with sub-channels (an
#    echo device whose driver asks for two, one moved to the other CPU,
#    and a monitored network device offered with two) and prints them, a
#    line per line of each file ("@@SYSFS dev file line"), and each
#    channel's cpu file ("@@CPU dev relid cpu"). scripts/lsvmbus-test.sh
#    (the "vmtest-host" line below: scripts/vmtest-all.sh runs it on this
#    boot's log) lays them out as a sysfs tree and runs lsvmbus on it.
# vmtest-modules: vmbc.ko vmbc_sim.ko vmbc_echo.ko
# vmtest-host: scripts/lsvmbus-test.sh

# shellcheck source=tests/vm/include/guest.sh
. /lib.sh

H=/sys/kernel/debug/vmbc_sim/sim0
BUS=/sys/bus/vmbc/devices
I=7a1e3c5f-0003-4e5b-9a7c-00000000000e
T=/sys/kernel/tracing

for ko in $(cat /modules/order); do
	if err=$(insmod "/modules/$ko" 2>&1); then
		ok "load ${ko%.ko}"
	else
		not_ok "load ${ko%.ko} $err"
		exit 1
	fi
done

[ -d "$T/events" ] || mount -t tracefs tracefs "$T"
if [ -d "$T/events/vmbc" ]; then
	ok "events/vmbc: $(ls "$T/events/vmbc" | grep -v -e enable -e filter | tr '\n' ' ')"
else
	not_ok "no $T/events/vmbc"
	exit 1
fi
n=$(ls -d "$T"/events/vmbc/vmbc_* | wc -l)
[ "$n" -eq 9 ] && ok "nine vmbc events" || not_ok "nine vmbc events ($n)"
echo 'module vmbc +p' >/sys/kernel/debug/dynamic_debug/control
echo 1 >"$T/events/vmbc/enable"
echo >"$T/trace"
echo 1 >"$T/tracing_on"

# open: the sample driver binds the device and opens its channel
echo "echo $I" >"$H/new_device"
bound() { [ -e "$BUS/$I/echo_ping" ]; }
wait_until bound || not_ok "echo driver never bound"
relid=$(cat "$BUS/$I/id")
echo 1 >"$BUS/$I/echo_ping" || not_ok "ping"
# a ring refusal: the host stops reading (the "hold" fault), a flood fills
# the outbound ring until a write is refused, then the host drains it
echo "hold 1" >"$H/faults"
echo 2000 >"$BUS/$I/echo_flood" &
flood=$!
refused() {
	grep -qE "vmbc_ring_refused: sim0 relid=$relid write bytes=[0-9]+ err=-11$" "$T/trace"
}
wait_until refused
echo "hold 0" >"$H/faults"
wait "$flood" || not_ok "flood of 2000 packets"
# close: unbinding closes the channel
echo "$I" >/sys/bus/vmbc/drivers/vmbc_echo/unbind
unbound() { [ ! -e "$BUS/$I/driver" ]; }
wait_until unbound || not_ok "echo driver never unbound"
# a host message the core drops (type 99 exists in no VMBus version)
echo "63000000 00000000" >"$H/inject"
dropped() { grep -q "vmbc_msg_recv: sim0 0x63 " "$T/trace"; }
wait_until dropped
echo 0 >"$T/tracing_on"
cat "$T/trace" >/tmp/trace
# the trace itself, for the log (vmtest.sh counts only ok lines)
grep -v -e '^#' -e vmbc_signal -e vmbc_interrupt /tmp/trace | head -n 60 |
	sed 's/^/  trace| /'
echo "  trace| ... and $(grep -c -e vmbc_signal -e vmbc_interrupt /tmp/trace) signals and interrupts"

# has LABEL PATTERN: one line of the trace matches the extended regex
has() {
	if grep -E "$2" /tmp/trace >/dev/null; then
		ok "trace: $1"
	else
		not_ok "trace: $1 (no /$2/)"
	fi
}
r="relid=$relid"
has "OFFERCHANNEL in" "vmbc_msg_recv: sim0 OFFERCHANNEL .*$r "
has "offer named" "vmbc_offer: sim0 $r class=be3c4a8e-5f0d-4c8b-9a3e-6563686f0001 instance=$I"
has "offer -> open" "vmbc_channel_state: sim0 $r offer -> open"
has "GPADL_HEADER out" "vmbc_msg_send: sim0 GPADL_HEADER .*$r ret=0"
has "GPADL_CREATED in" "vmbc_msg_recv: sim0 GPADL_CREATED .*$r "
has "open -> opening" "vmbc_channel_state: sim0 $r open -> opening"
has "OPENCHANNEL out" "vmbc_msg_send: sim0 OPENCHANNEL .*$r ret=0"
has "OPENCHANNEL_RESULT in" "vmbc_msg_recv: sim0 OPENCHANNEL_RESULT .*$r "
has "opening -> opened" "vmbc_channel_state: sim0 $r opening -> opened"
has "a signal to the host" "vmbc_signal: sim0 $r via=event"
has "an interrupt from the host" "vmbc_interrupt: sim0 $r$"
has "opened -> open" "vmbc_channel_state: sim0 $r opened -> open"
has "CLOSECHANNEL out" "vmbc_msg_send: sim0 CLOSECHANNEL .*$r ret=0"
has "GPADL_TEARDOWN out" "vmbc_msg_send: sim0 GPADL_TEARDOWN .*$r ret=0"
has "GPADL_TORNDOWN in" "vmbc_msg_recv: sim0 GPADL_TORNDOWN "
has "a write the full ring refused" "vmbc_ring_refused: sim0 relid=$relid write bytes=[0-9]+ err=-11$"
has "a dropped message, with its error" "vmbc_msg_recv: sim0 0x63 size=8 relid=0 ret=-22$"
# the order of one open: state, then messages, then state
order=$(grep -E "vmbc_(channel_state|msg_send|msg_recv): sim0 .*$r" /tmp/trace |
	sed -n -e 's/.*\(open -> opening\).*/A/p' -e 's/.* OPENCHANNEL size.*/B/p' \
		-e 's/.* OPENCHANNEL_RESULT .*/C/p' -e 's/.*\(opening -> opened\).*/D/p' |
	tr -d '\n')
[ "$order" = ABCD ] && ok "open traced in order" ||
	not_ok "open traced in order ($order)"
if dmesg | grep -E "vmbc_echo $I: relid $relid: opened, rings of" >/dev/null &&
	dmesg | grep -E "vmbc_echo $I: binding vmbc_echo \(its id table\)" >/dev/null; then
	ok "dynamic debug: open and probe decisions, named by device"
else
	not_ok "dynamic debug lines: $(dmesg | grep -E "$I" | tr '\n' ';')"
fi
echo 0 >"$T/events/vmbc/enable"

echo "$relid" >"$H/del_device"
gone() { [ ! -e "$BUS/$I" ]; }
wait_until gone || not_ok "echo device $I still on the bus"

# ---- 2. a bus with sub-channels, as lsvmbus reads it ----------------
E=7a1e3c5f-0003-4e5b-9a7c-0000000000e1
N=7a1e3c5f-0001-4e5b-9a7c-0000000000a1
rmmod vmbc_echo
insmod /modules/vmbc_echo.ko subchannels=2 ||
	{ not_ok "load vmbc_echo subchannels=2"; exit 1; }
echo "echo $E" >"$H/new_device"
three() { [ "$(ls "$BUS/$E/channels" 2>/dev/null | wc -l)" -eq 3 ]; }
wait_until three && ok "echo device with two sub-channels" ||
	not_ok "echo device with two sub-channels ($(ls "$BUS/$E/channels" 2>&1))"
for line in "network $N monitor" "network $N sub=1" "network $N sub=2"; do
	echo "$line" >"$H/new_device" || not_ok "new_device $line"
done
threen() { [ "$(ls "$BUS/$N/channels" 2>/dev/null | wc -l)" -eq 3 ]; }
wait_until threen && ok "network device with two sub-channels" ||
	not_ok "network device with two sub-channels"

# One echo sub-channel to the other CPU, so that the mapping is not all 0.
if [ "$(grep -c ^processor /proc/cpuinfo)" -ge 2 ]; then
	for c in "$BUS/$E"/channels/*; do
		if [ "$(cat "$c/subchannel_id")" = 2 ]; then
			other=$((1 - $(cat "$c/cpu")))
			echo "$other" >"$c/cpu" && [ "$(cat "$c/cpu")" = "$other" ] &&
				ok "sub-channel $(basename "$c") moved to CPU $other" ||
				not_ok "move sub-channel $(basename "$c") to CPU $other"
		fi
	done
fi

for d in "$BUS"/*; do
	dev=$(basename "$d")
	for f in id class_id device_id channel_vp_mapping; do
		while IFS= read -r line; do
			echo "@@SYSFS $dev $f $line"
		done <"$d/$f"
	done
	for c in "$d"/channels/*; do
		echo "@@CPU $dev $(basename "$c") $(cat "$c/cpu")"
	done
done
echo "$(cat "$BUS/$N/id")" >"$H/del_device"
echo "$(cat "$BUS/$E/id")" >"$H/del_device"

rmmod vmbc_echo
rmmod vmbc_sim
rmmod vmbc
check_dmesg
exit "$fails"
