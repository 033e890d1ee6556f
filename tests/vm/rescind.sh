#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest test (busybox sh, run by scripts/vmtest.sh as /test.sh): the life
# of a device, 1000 times over. Loads vmbc, vmbc_sim and vmbc_echo (with
# two sub-channels per device), then, round after round, offers the same
# echo device at the same relid, waits until the driver is bound and the
# host has every channel open, moves traffic, rescinds the device (its
# sub-channels first) and waits until the bus has forgotten it and the
# host has every relid back. Rounds 4, 8, 12, ... rescind while a
# writer pings; rounds 2, 6, 10, ... rescind right after the probe, while
# the sub-channel offers are on their way. Afterwards the channel tables,
# the core's and the host's counters and the memory must be back where
# they were, the modules must unload and dmesg must be clean.
# Prints "ok NAME" / "not ok NAME REASON"; exits non-zero on any failure.
# Failed rounds make one line: their count and the first reason (the
# state at that moment follows as "# " lines); the loop stops after
# MAX_FAILS.
#
# Each rescind costs the core a few RCU grace periods; with normal ones a
# round takes over 100 ms under TCG, so all but the last NORMAL_GP rounds
# run with expedited grace periods (/sys/kernel/rcu_expedited).
# "rescind.rounds=N" on the kernel command line (VMBC_VM_APPEND) sets
# ROUNDS for a quick run.
# vmtest-modules: vmbc.ko vmbc_sim.ko vmbc_echo.ko

# shellcheck source=tests/vm/include/guest.sh
. /lib.sh

D=/sys/kernel/debug/vmbc_sim
H=$D/sim0
C=/sys/kernel/debug/vmbc/sim0
MEM=/sys/kernel/debug/vmbc/memory
BUS=/sys/bus/vmbc/devices
EXP=/sys/kernel/rcu_expedited

E=7a1e3c5f-0005-4e5b-9a7c-000000000001
RELID=42
SUBS=2
info_subs=
info_seen="no warm-up round had every channel open"
NCH=$((SUBS + 1))
ROUNDS=1000
NORMAL_GP=100
# A stuck round stops the loop after this many: each costs seconds.
MAX_FAILS=3
read -r cmdline </proc/cmdline
for arg in $cmdline; do
	case $arg in
	rescind.rounds=[0-9]*) ROUNDS=${arg#*=} ;;
	esac
done
[ "$NORMAL_GP" -le "$ROUNDS" ] || NORMAL_GP=$ROUNDS

# The loop's commands are shell builtins: no fork in a round but the
# in-flight writer's. Sleeping is a read with a timeout on a FIFO nobody
# writes (busybox's sleep forks and execs); the read always "fails".
NEVER=/tmp/rescind-never
mkfifo "$NEVER"
# shellcheck disable=SC3045 # busybox ash's read has -t, fractions too
nap() { read -r -t 0.002 _ <>"$NEVER" || :; }

# now: cs= uptime in hundredths of a second.
now() {
	read -r up _ </proc/uptime
	cs=${up%.*}${up#*.}
}

# /lib.sh's wait_until, without a fork per try and finer grained: run
# "$@" every 2 ms until it succeeds; give up after WAIT_CS hundredths
# of a second. A round takes 20 to 150 ms; the sample driver gives up on
# a rescinded channel within 20 ms (and on a lost echo after 5 s), so a
# wait of 3 s catches a ping stuck on a rescinded channel.
WAIT_CS=300
poll_until() {
	now
	end=$((cs + WAIT_CS))
	until "$@"; do
		now
		[ "$cs" -lt "$end" ] || return 1
		nap
	done
}

# poll_until, but for 10 s: a failed round lets things settle.
wait_long() {
	WAIT_CS=1000
	poll_until "$@"
	rc=$?
	WAIT_CS=300
	return $rc
}


# getv FILE NAME: val= the value of FILE's line "NAME value".
getv() {
	val=
	while read -r k v _; do
		[ "$k" = "$2" ] && val=$v && return 0
	done 2>/dev/null <"$1"
	return 1
}

# nlines FILE: val= its number of lines (0 when it is gone).
nlines() {
	val=0
	while read -r _; do
		val=$((val + 1))
	done 2>/dev/null <"$1"
}

# host_open: val= channels the host has open.
host_open() {
	val=0
	while read -r _ o _; do
		[ "$o" = 1 ] && val=$((val + 1))
	done 2>/dev/null <"$H/channels"
}

# core_channels: val= channels in the core's table, rescinded ones too.
core_channels() {
	val=0
	while read -r k _; do
		[ "$k" = relid ] && val=$((val + 1))
	done 2>/dev/null <"$C/info"
}

# The core's debugfs view lists $SUBS sub-channels of relid $RELID.
info_lists_subs() {
	n=0
	while read -r k _ what _ of _ p _; do
		[ "$k $what $of $p" = "relid sub-channel of $RELID," ] &&
			n=$((n + 1))
	done 2>/dev/null <"$C/info"
	[ "$n" = "$SUBS" ] && return
	info_seen=$(grep relid "$C/info" | tr '\n' ';')
	return 1
}

# echo_stats is the driver's last attribute.
bound() { [ -e "$BUS/$E/echo_stats" ]; }
gone() { [ ! -e "$BUS/$E" ]; }
# Every channel open, by the driver's count and by the host's.
all_open() {
	getv "$BUS/$E/echo_stats" channels && [ "$val" = "$NCH" ] &&
		host_open && [ "$val" = "$NCH" ]
}
released() { nlines "$H/devices" && [ "$val" = 0 ]; }
writer_done() { [ -e /tmp/rescind-writer ]; }
sent_more() { getv "$BUS/$E/echo_stats" sent && [ "$val" -gt "$1" ]; }

# ping N: N round trips; why= what went wrong.
ping() {
	s=$BUS/$E/echo_stats
	getv "$s" completed
	before=$val
	if ! echo "$1" 2>/dev/null >"$BUS/$E/echo_ping"; then
		why="echo_ping $1 failed"
		return 1
	fi
	getv "$s" completed
	got=$((val - before))
	getv "$s" mismatched
	if [ "$got" != "$1" ] || [ "$val" != 0 ]; then
		why="echo_ping $1: $got completed, $val mismatched"
		return 1
	fi
}

# snapshot FILE: the leak indicators, as "name value" lines: channels in
# the core's table and devices at the host, channels and ring pages the
# core holds, the core's and the host's counters, free memory and
# unreclaimable slab after dropping the caches.
snapshot() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	{
		core_channels
		echo "core_channels $val"
		for n in channels ring_pages ring_pages_leaked; do
			getv "$MEM" "$n"
			echo "mem_$n $val"
		done
		nlines "$H/devices"
		echo "host_devices $val"
		for n in offers rescinds failed_offers \
			rejected_offer_relid_in_use rejected_offer_duplicate \
			rejected_offer_no_primary rejected_rescind_unknown \
			post_failures; do
			getv "$C/stats" "$n"
			echo "$n $val"
		done
		for n in offers_outstanding offers_declined protocol_errors \
			from_guest.relid_released; do
			getv "$H/stats" "$n"
			echo "$n $val"
		done
		for n in MemFree SUnreclaim; do
			getv /proc/meminfo "$n:"
			echo "$n $val"
		done
	} >"$1"
}

# delta NAME: val= its end value less its baseline; e= the end value.
delta() {
	getv /tmp/rescind-base "$1"
	b=$val
	getv /tmp/rescind-end "$1"
	e=$val
	val=$((e - b))
}

# ---- load ----------------------------------------------------------

grep -q ' /sys/kernel/debug ' /proc/mounts ||
	mount -t debugfs none /sys/kernel/debug
# shellcheck disable=SC2013 # one module name per line, no spaces
for ko in $(cat /modules/order); do
	args=
	[ "$ko" = vmbc_echo.ko ] && args=subchannels=$SUBS
	# shellcheck disable=SC2086 # no parameter or one
	if err=$(insmod "/modules/$ko" $args 2>&1) && loaded "${ko%.ko}"; then
		ok "load ${ko%.ko} $args"
	else
		not_ok "load ${ko%.ko} $err"
		exit 1
	fi
done

# ---- one round -----------------------------------------------------

# The state when the first round failed, as comment lines in
# /tmp/rescind-state, printed after that round.
dump() {
	[ -e /tmp/rescind-state ] && return
	{
		echo "host devices:"
		cat "$H/devices"
		echo "host channels:"
		cat "$H/channels"
		echo "core channels:"
		grep relid "$C/info"
		echo "D-state tasks:"
		for p in /proc/[0-9]*; do
			read -r _ comm st _ <"$p/stat" && [ "$st" = D ] &&
				echo "$comm" && cat "$p/stack"
		done
		dmesg | tail -n 5
	} 2>&1 | sed 's/^/# /' >/tmp/rescind-state
}

# round KIND: offer, bind, open, traffic, rescind, release. KIND full:
# every channel open, 5 round trips, rescind; inflight: every channel
# open, rescind while a writer pings (it may fail with ENODEV, nothing
# else); early: rescind after the probe and 2 round trips, sub-channels
# not waited for. why= what went wrong.
round() {
	why=
	if ! echo "echo $E relid=$RELID" 2>/dev/null >"$H/new_device"; then
		why="new_device refused"
		return 1
	fi
	if ! poll_until bound; then
		why="driver not bound"
	elif [ "$1" != early ] && ! poll_until all_open; then
		host_open
		why="channels not all open (host has $val open)"
	elif [ "$1" = inflight ]; then
		getv "$BUS/$E/echo_stats" sent
		sent=$val
		rm -f /tmp/rescind-writer
		{
			st=0
			echo 1000 2>/tmp/rescind-werr >"$BUS/$E/echo_ping" || st=1
			echo "$st" >/tmp/rescind-writer
		} &
		poll_until sent_more "$sent" || why="writer sent nothing"
	elif [ "$1" = early ]; then
		ping 2
	else
		# Once, while every channel is open: what make run shows.
		if [ -z "$info_subs" ]; then
			info_subs=bad
			info_lists_subs && info_subs=ok
		fi
		ping 5
	fi
	if ! echo "$E" 2>/dev/null >"$H/del_device"; then
		why="${why:+$why; }del_device refused"
		return 1
	fi
	if ! poll_until gone; then
		why="${why:+$why; }device still on the bus 3 s after the rescind"
		dump
	elif ! poll_until released; then
		nlines "$H/devices"
		why="${why:+$why; }host still has $val relids 3 s after the rescind"
		dump
	fi
	if [ "$1" = inflight ]; then
		if ! poll_until writer_done; then
			why="${why:+$why; }ping writer blocked 3 s after the rescind"
			if ! wait_long writer_done; then
				why="$why, and 10 s more"
				hung=1
				return 1
			fi
		fi
		wait
		read -r st </tmp/rescind-writer
		werr=
		read -r werr 2>/dev/null </tmp/rescind-werr
		case $st:$werr in
		0:) cut_late=$((cut_late + 1)) ;;
		*"No such device") cut=$((cut + 1)) ;;
		*) why="${why:+$why; }ping writer failed: ${werr:-status $st}" ;;
		esac
	fi
	[ -z "$why" ]
}

# ---- warm up, baseline, loop ---------------------------------------

# A few rounds before the baseline, so that what the first ones set up
# for good (work queue pools, sysfs and debugfs caches) is in it.
warm=0
for kind in full early full; do
	round "$kind" && warm=$((warm + 1))
done
if [ "$info_subs" = ok ]; then
	ok "the core's info lists $SUBS sub-channels of relid $RELID"
else
	not_ok "the core's info lists $SUBS sub-channels of relid $RELID: $info_seen"
fi
if [ "$warm" = 3 ]; then
	ok "3 warm-up rounds"
else
	not_ok "3 warm-up rounds: $why"
	dump
	cat /tmp/rescind-state
fi
rm -f /tmp/rescind-state
snapshot /tmp/rescind-base

read -r exp0 <"$EXP"
echo 1 >"$EXP"
cut=0
cut_late=0
failed=0
first=
now
start=$cs
mid=$cs
r=0
hung=0
while [ "$r" -lt "$ROUNDS" ] && [ "$failed" -lt "$MAX_FAILS" ]; do
	if [ "$r" = $((ROUNDS - NORMAL_GP)) ]; then
		echo 0 >"$EXP"
		now
		mid=$cs
	fi
	r=$((r + 1))
	case $((r % 4)) in
	0) kind=inflight ;;
	2) kind=early ;;
	*) kind=full ;;
	esac
	if ! round "$kind"; then
		failed=$((failed + 1))
		if [ -z "$first" ]; then
			first="round $r ($kind): $why"
			dump
			cat /tmp/rescind-state
		fi
		# a device that does not go cannot be offered again
		if [ "$hung" = 1 ] || ! wait_long gone ||
			! wait_long released; then
			break
		fi
	fi
done
echo "$exp0" >"$EXP"
now
# ms a round: hundredths of a second times 10 over the rounds
fast=$((ROUNDS - NORMAL_GP))
ms1=$(((mid - start) * 10 / (fast + (fast == 0))))
ms2=$(((cs - mid) * 10 / (NORMAL_GP + (NORMAL_GP == 0))))
took=$((cs - start))
if [ "$failed" = 0 ] && [ "$r" = "$ROUNDS" ]; then
	ok "$ROUNDS rounds of offer, open, traffic, rescind in $((took / 100)).$((took % 100 / 10)) s: $fast with expedited RCU grace periods at $ms1 ms a round, $NORMAL_GP with normal ones at $ms2 ms"
else
	not_ok "$ROUNDS rounds: $failed of $r failed$([ "$r" = "$ROUNDS" ] || echo ", stopped"), first $first"
fi
echo "# in-flight rescinds: writer cut short by ENODEV $cut times, done before the rescind $cut_late times"

# ---- leak checks ---------------------------------------------------

# Channel memory goes after an RCU grace period.
getv /tmp/rescind-base mem_channels
mem_back() { getv "$MEM" channels && [ "$val" = "$1" ]; }
[ ! -e "$MEM" ] || poll_until mem_back "$val"
snapshot /tmp/rescind-end
n=$((r * NCH))
getv /tmp/rescind-end core_channels
chans=$val
getv /tmp/rescind-end host_devices
devs=$val
getv /tmp/rescind-end offers_outstanding
if [ "$chans" = 0 ] && [ "$devs" = 0 ] && [ "$val" = 0 ] && gone; then
	ok "no channel left in the core, on the bus or at the host"
else
	not_ok "channels left: $chans in the core, $devs devices and $val offers outstanding at the host"
fi
delta offers
d1=$val
delta rescinds
d2=$val
delta from_guest.relid_released
if [ "$d1" = "$n" ] && [ "$d2" = "$n" ] && [ "$val" = "$n" ]; then
	ok "$n offers, $n rescinds, $n relids released"
else
	not_ok "$d1 offers, $d2 rescinds, $val relids released, not $n each"
fi
if [ ! -e "$MEM" ]; then
	ok "channels and ring pages the core holds # skip no $MEM"
else
	delta mem_channels
	d1=$val
	held=$e
	delta mem_ring_pages
	d2=$val
	delta mem_ring_pages_leaked
	if [ "$d1" = 0 ] && [ "$d2" = 0 ] && [ "$val" = 0 ]; then
		ok "channels and ring pages the core holds back to the baseline ($held channels, none leaked)"
	else
		not_ok "the core holds $d1 channels and $d2 ring pages more than at the baseline, $val ring pages more leaked"
	fi
fi
bad=
for c in failed_offers rejected_offer_relid_in_use rejected_offer_duplicate \
	rejected_offer_no_primary rejected_rescind_unknown post_failures \
	offers_declined; do
	delta "$c"
	[ "$val" = 0 ] || bad="$bad $c +$val"
done
if [ -z "$bad" ]; then
	ok "no offer refused or declined, no rescind unknown, no post failed"
else
	not_ok "error counters moved:$bad"
fi

# A round allocates 3 channels with 2 x 64 KiB of ring each: leaking the
# rings of one round in 40 takes more than the 4 MiB slack for free
# memory (TCG runs vary by under 1 MiB). The 1 MiB slack for
# unreclaimable slab is one 350-byte object per channel over 1000 rounds.
delta MemFree
dfree=$((-val))
delta SUnreclaim
dslab=$val
if [ "$dfree" -lt 4096 ] && [ "$dslab" -lt 1024 ]; then
	ok "memory back to the baseline (free $dfree KiB less, unreclaimable slab $dslab KiB more)"
else
	not_ok "memory leaked: free $dfree KiB less, unreclaimable slab $dslab KiB more"
fi

getv /tmp/rescind-end protocol_errors
if [ "$val" = 0 ]; then
	ok "no protocol errors"
else
	not_ok "no protocol errors ($val)"
fi

# ---- unload --------------------------------------------------------

for m in vmbc_echo vmbc_sim vmbc; do
	check_unload "$m"
done
if [ ! -e /sys/bus/vmbc ] && [ ! -e "$D" ] && [ ! -e "${C%/*}" ]; then
	ok "nothing left after the unload"
else
	not_ok "nothing left after the unload"
fi

check_dmesg

[ "$fails" -eq 0 ]
