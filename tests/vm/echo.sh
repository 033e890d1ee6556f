#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest test (busybox sh, run by scripts/vmtest.sh as /test.sh): echo
# traffic through the simulated host. Loads the modules of /modules/order
# (vmbc.ko, vmbc_sim.ko and, when given, vmbc_echo.ko), offers echo
# devices with each kind of signalling (interrupt page, monitor page,
# dedicated interrupt), lets the sample driver open their channels and
# move packets in each callback mode and from both CPUs at once, moves a
# channel to the other CPU, checks what the host counted, rescinds an
# open channel, unloads, and checks that nothing is left behind.
# Prints "ok NAME" / "not ok NAME REASON"; exits non-zero on any failure.
# Without /modules/vmbc_echo.ko the traffic checks are skipped.
# vmtest-modules: vmbc.ko vmbc_sim.ko vmbc_echo.ko

# shellcheck source=tests/vm/include/guest.sh
. /lib.sh
skip() { echo "ok $* # skip no vmbc_echo.ko"; }

D=/sys/kernel/debug/vmbc_sim
H=$D/sim0
BUS=/sys/bus/vmbc/devices

E1=7a1e3c5f-0003-4e5b-9a7c-000000000001
E2=7a1e3c5f-0003-4e5b-9a7c-000000000002
E3=7a1e3c5f-0003-4e5b-9a7c-000000000003


stat_of() { awk -v n="$2" '$1 == n { print $2 }' "$1"; }
host_stat() { stat_of "$H/stats" "$1"; }
# Column $2 (a name of the header line) of relid $1 in the host's channels.
chan_stat() {
	awk -v r="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$1 == r { print $col[c] }' "$H/channels"
}
host_relid() { awk -v i="$1" '$3 == i && $4 == 0 { print $1 }' "$H/devices"; }
bound() { [ -e "$BUS/$1/echo_ping" ]; }
unbound() { [ ! -e "$BUS/$1" ]; }
opened() { [ "$(chan_stat "$1" open)" = 1 ]; }
released() { [ -z "$(host_relid "$1")" ]; }
flood_echoed() { [ "$(stat_of "$BUS/$1/echo_stats" inband)" -ge "$2" ]; }

# ping DEV N: N round trips (every 16th a read of the shared buffer by
# the host, every other 8th a page buffer); the driver's counters must add
# up: all completed, nothing mismatched.
ping() {
	before=$(stat_of "$BUS/$1/echo_stats" completed)
	if ! echo "$2" >"$BUS/$1/echo_ping"; then
		echo "echo_ping failed"
		return 1
	fi
	s=$BUS/$1/echo_stats
	done_n=$(($(stat_of "$s" completed) - before))
	if [ "$done_n" -ne "$2" ] || [ "$(stat_of "$s" mismatched)" != 0 ]; then
		echo "$done_n of $2 completed, $(stat_of "$s" mismatched) mismatched"
		return 1
	fi
	return 0
}

# ---- load ----------------------------------------------------------

grep -q ' /sys/kernel/debug ' /proc/mounts ||
	mount -t debugfs none /sys/kernel/debug
have_echo=0
# shellcheck disable=SC2013 # one module name per line, no spaces
for ko in $(cat /modules/order); do
	[ "$ko" = vmbc_echo.ko ] && have_echo=1 && continue
	if err=$(insmod "/modules/$ko" 2>&1) && loaded "${ko%.ko}"; then
		ok "load ${ko%.ko}"
	else
		not_ok "load ${ko%.ko} $err"
		exit 1
	fi
done

# ---- devices, one per kind of signalling ---------------------------

added=0
for line in "echo $E1" "echo $E2 monitor" "echo $E3 dedicated"; do
	echo "$line" >"$H/new_device" && added=$((added + 1))
done
r1=$(host_relid "$E1")
r2=$(host_relid "$E2")
r3=$(host_relid "$E3")
if [ "$added" = 3 ] && [ -n "$r1" ] && [ -n "$r2" ] && [ -n "$r3" ] &&
	[ "$(chan_stat "$r1" open)" = 0 ]; then
	ok "three echo devices offered, channels closed (relids $r1 $r2 $r3)"
else
	not_ok "three echo devices offered: $(tr '\n' ';' <"$H/channels")"
fi

if [ "$have_echo" = 0 ]; then
	skip "echo traffic"
else
	if err=$(insmod /modules/vmbc_echo.ko 2>&1) && loaded vmbc_echo &&
		wait_until bound "$E1" && wait_until bound "$E2" &&
		wait_until bound "$E3"; then
		ok "load vmbc_echo, bound to the three devices"
	else
		not_ok "load vmbc_echo $err"
	fi
	if opened "$r1" && opened "$r2" && opened "$r3" &&
		[ "$(chan_stat "$r1" gpadls)" = 2 ]; then
		ok "host has the three channels open, two GPADLs each (ring, shared buffer)"
	else
		not_ok "host channels open: $(tr '\n' ';' <"$H/channels")"
	fi

	# ---- traffic, batched callbacks ----------------------------
	for pair in "$E1 interrupt-page" "$E2 monitor-page" "$E3 dedicated"; do
		dev=${pair% *}
		if why=$(ping "$dev" 400); then
			ok "400 round trips, ${pair#* } signalling"
		else
			not_ok "400 round trips, ${pair#* } signalling: $why"
		fi
	done
	s=$BUS/$E1/echo_stats
	if [ "$(stat_of "$s" page_checks)" = 25 ] &&
		[ "$(stat_of "$s" gpadl_checks)" = 25 ] &&
		[ "$(stat_of "$s" interrupts)" -gt 0 ] &&
		[ "$(stat_of "$s" sig_events)" -gt 0 ]; then
		ok "page buffers and the shared buffer summed by the host, interrupts and signals counted"
	else
		not_ok "page buffers and counters: $(tr '\n' ' ' <"$s")"
	fi
	if [ "$(chan_stat "$r1" packets_in)" = 400 ] &&
		[ "$(chan_stat "$r1" packets_out)" = 400 ] &&
		[ "$(chan_stat "$r2" packets_out)" = 400 ] &&
		[ "$(chan_stat "$r2" signals_in)" -gt 0 ] &&
		[ "$(chan_stat "$r1" interrupts_out)" -gt 0 ]; then
		ok "host counted 400 packets each way per channel"
	else
		not_ok "host counters: $(tr '\n' ';' <"$H/channels")"
	fi

	# ---- a flood through the ring: flow control -----------------
	s=$BUS/$E3/echo_stats
	in0=$(stat_of "$s" inband)
	if echo 20000 >"$BUS/$E3/echo_flood" &&
		[ "$(stat_of "$s" flooded)" = 20000 ] &&
		[ "$(stat_of "$s" room_waits)" -gt 0 ] &&
		wait_until flood_echoed "$E3" $((in0 + 20000)); then
		ok "20000 packets flooded, $(stat_of "$s" room_waits) waits for room, all echoed"
	else
		not_ok "flood: $(tr '\n' ' ' <"$s")"
	fi

	# ---- both CPUs at once --------------------------------------
	(ping "$E1" 1000 >/tmp/p1 || echo fail >>/tmp/p1) &
	(ping "$E2" 1000 >/tmp/p2 || echo fail >>/tmp/p2) &
	(ping "$E3" 1000 >/tmp/p3 || echo fail >>/tmp/p3) &
	wait
	if ! grep -q fail /tmp/p1 /tmp/p2 /tmp/p3; then
		ok "3 x 1000 round trips concurrently"
	else
		not_ok "concurrent round trips: $(cat /tmp/p1 /tmp/p2 /tmp/p3 | tr '\n' ' ')"
	fi

	# ---- the channel moves to the other CPU (MODIFYCHANNEL) -----
	c=$BUS/$E1/channels/$r1/cpu
	if [ "$(grep -c ^processor /proc/cpuinfo)" -lt 2 ]; then
		ok "channel moved to CPU 1 # skip one CPU"
	elif echo 1 >"$c" && [ "$(cat "$c")" = 1 ] &&
		[ "$(host_stat from_guest.modify_channel)" = 1 ] &&
		why=$(ping "$E1" 200); then
		ok "channel moved to CPU 1 and still echoes"
	else
		not_ok "channel moved to CPU 1: cpu $(cat "$c" 2>&1) $why"
	fi

	# ---- the other callback modes -------------------------------
	for mode in direct isr; do
		rmmod vmbc_echo
		if ! wait_until unbound "$E1/driver" ||
			[ "$(chan_stat "$r1" open)" != 0 ] ||
			[ "$(chan_stat "$r1" gpadls)" != 0 ]; then
			not_ok "unbind closes the channel and drops the GPADL: $(tr '\n' ';' <"$H/channels")"
		fi
		if insmod /modules/vmbc_echo.ko mode=$mode &&
			wait_until bound "$E1" && wait_until bound "$E2" &&
			why=$(ping "$E1" 300) && why=$(ping "$E2" 300); then
			ok "$mode callbacks: 2 x 300 round trips"
		else
			not_ok "$mode callbacks: $why"
		fi
	done
	if [ "$(chan_stat "$r1" opens)" = 3 ] &&
		[ "$(chan_stat "$r1" closes)" = 2 ]; then
		ok "channel closed and reopened by the host's count"
	else
		not_ok "reopen counts: $(tr '\n' ';' <"$H/channels")"
	fi

	# ---- rescind of an open channel ------------------------------
	if echo "$r3" >"$H/del_device" && wait_until unbound "$E3" &&
		wait_until released "$E3"; then
		ok "rescind of an open channel: device gone, relid released"
	else
		not_ok "rescind of an open channel: $(tr '\n' ';' <"$H/devices")"
	fi
	if why=$(ping "$E1" 100); then
		ok "the other channels work on"
	else
		not_ok "the other channels work on: $why"
	fi
	if err=$(rmmod vmbc_echo 2>&1) && [ "$(chan_stat "$r1" open)" = 0 ] &&
		[ "$(chan_stat "$r2" open)" = 0 ] &&
		[ "$(chan_stat "$r2" gpadls)" = 0 ]; then
		ok "unload vmbc_echo: every channel closed on the host"
	else
		not_ok "unload vmbc_echo $err: $(tr '\n' ';' <"$H/channels")"
	fi
fi

errs=$(host_stat protocol_errors)
if [ "$errs" = 0 ]; then
	ok "no protocol errors"
else
	not_ok "no protocol errors ($errs)"
fi

# ---- unload --------------------------------------------------------

check_unload vmbc_sim
if err=$(rmmod vmbc 2>&1) && ! loaded vmbc && [ ! -e /sys/bus/vmbc ]; then
	ok "unload vmbc"
else
	not_ok "unload vmbc $err"
fi

check_dmesg

[ "$fails" -eq 0 ]
