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
# arrive as input events. Then Linux's hv_storvsc on the host's synthetic
# SCSI controller: a disk of the host's size, data written reads back
# identical, an ext2 file system made on it checks clean (e2fsck), and
# the controller taken away under I/O fails that I/O and is gone with
# nothing hung or held. Ends with the host's shutdown request, which
# powers the guest off by itself.
# Prints "ok NAME" / "not ok NAME REASON".
# vmtest-kernels: 6.12
# vmtest-modules: vmbc.ko vmbc_sim.ko image:evdev.ko linux:vmbc_hv_utils.ko linux:vmbc_hyperv_keyboard.ko image:scsi_common.ko image:scsi_mod.ko image:scsi_transport_fc.ko image:sd_mod.ko linux:vmbc_hv_storvsc.ko
# vmtest-binaries: e2fsck-static:/sbin/e2fsck.static

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
ST_I=5b0a0000-0000-4000-8000-000000000006

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

# ---- storage: hv_storvsc finds a disk on the synthetic SCSI controller --

WAIT_TENTHS=300
MEM=/sys/kernel/debug/vmbc/memory
# Value of "NAME VALUE" line $2 of file $1.
getv() { awk -v n="$2" '$1 == n { print $2 }' "$1"; }
# The leak indicators: channels and ring pages the core holds, free
# memory and unreclaimable slab (KiB) once the caches are dropped.
leak_snapshot() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	echo "$(getv "$MEM" channels) $(getv "$MEM" ring_pages) $(getv "$MEM" ring_pages_leaked) $(getv /proc/meminfo MemFree:) $(getv /proc/meminfo SUnreclaim:)"
}
# SCSI core and sd from the image.
for ko in scsi_common scsi_mod scsi_transport_fc sd_mod; do
	if err=$(insmod "/modules/$ko.ko" 2>&1) && loaded "$ko"; then
		ok "load $ko"
	else
		not_ok "load $ko $err"
	fi
done
dd if=/dev/urandom of=/tmp/pattern bs=1M count=8 2>/dev/null
# Before the controller comes: what must be back after it went.
# shellcheck disable=SC2046 # five numbers
set -- $(leak_snapshot)
base_chans=$1 base_rings=$2 base_leaked=$3 base_free=$4 base_slab=$5
if echo "storage $ST_I" >"$H/new_device"; then
	ok "host offers a SCSI controller"
else
	not_ok "host offers a SCSI controller"
fi
ST=$(relid_of "$ST_I")
disk_line() { grep "^$ST " "$H/disk"; }
# Field NAME=VALUE $1 of the controller's line in the host's disk file.
disk_field() { disk_line | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# Linux's storvsc, built against vmbc.
if err=$(insmod /modules/vmbc_hv_storvsc.ko 2>&1) && loaded vmbc_hv_storvsc; then
	ok "load vmbc_hv_storvsc"
else
	not_ok "load vmbc_hv_storvsc $err"
fi
# The disk hv_storvsc's SCSI host found, under the controller's bus
# device: its block device's name.
st_disk() {
	for b in /sys/block/sd*; do
		[ -e "$b" ] || continue
		readlink -f "$b" | grep -q "$ST_I" && basename "$b"
	done | head -n 1
}
st_found() { [ -n "$(st_disk)" ] && [ -b "/dev/$(st_disk)" ]; }
if wait_until st_found; then
	SDX=$(st_disk)
	ok "storvsc: a disk /dev/$SDX ($(cat "/sys/block/$SDX/device/vendor" "/sys/block/$SDX/device/model" | tr -s ' \n' ' '))"
else
	SDX=
	not_ok "storvsc: no disk ($(driver_of "$ST_I"); $(disk_line))"
fi
# 2 CPUs: storvsc asks for one sub-channel.
if disk_line | grep -q ' ready protocol=6.2 lun=present size=67108864 .*subchannels=1/'; then
	ok "storvsc: protocol 6.2, 64 MiB, one sub-channel ($(disk_line | cut -d' ' -f2-7))"
else
	not_ok "storvsc: protocol, size, sub-channel ($(disk_line))"
fi

if [ -n "$SDX" ]; then
	DEV=/dev/$SDX
	if [ "$(cat "/sys/block/$SDX/size")" = 131072 ]; then
		ok "disk: 131072 sectors, as the host says"
	else
		not_ok "disk: $(cat "/sys/block/$SDX/size") sectors, not 131072"
	fi
	# 8 MiB at the start and 8 MiB at the end, through the page cache,
	# then read back from the host once the cache is dropped.
	want=$(sha256sum </tmp/pattern | cut -d' ' -f1)
	w0=$(disk_field write_bytes)
	dd if=/tmp/pattern of="$DEV" bs=1M conv=fsync 2>/dev/null &&
		dd if=/tmp/pattern of="$DEV" bs=1M seek=56 conv=fsync 2>/dev/null
	rc=$?
	blockdev --flushbufs "$DEV"
	echo 3 >/proc/sys/vm/drop_caches
	r0=$(disk_field read_bytes)
	got0=$(dd if="$DEV" bs=1M count=8 2>/dev/null | sha256sum | cut -d' ' -f1)
	got1=$(dd if="$DEV" bs=1M skip=56 count=8 2>/dev/null | sha256sum | cut -d' ' -f1)
	wrote=$(($(disk_field write_bytes) - w0))
	read=$(($(disk_field read_bytes) - r0))
	if [ "$rc" = 0 ] && [ "$got0" = "$want" ] && [ "$got1" = "$want" ]; then
		ok "disk: 2 x 8 MiB written read back identical (sha256 $want)"
	else
		not_ok "disk: read back differs (dd $rc, want $want, got $got0 $got1)"
	fi
	if [ "$wrote" -ge 16777216 ] && [ "$read" -ge 16777216 ]; then
		ok "disk: the host moved them ($wrote bytes written, $read read)"
	else
		not_ok "disk: the host moved $wrote bytes written, $read read"
	fi
	# Direct I/O, around the page cache, at odd sizes.
	dd if=/tmp/pattern of="$DEV" bs=4096 count=37 seek=1001 oflag=direct conv=notrunc 2>/dev/null
	got=$(dd if="$DEV" bs=4096 count=37 skip=1001 iflag=direct 2>/dev/null | sha256sum | cut -d' ' -f1)
	want=$(dd if=/tmp/pattern bs=4096 count=37 2>/dev/null | sha256sum | cut -d' ' -f1)
	if [ "$got" = "$want" ]; then
		ok "disk: direct I/O of 37 blocks reads back identical"
	else
		not_ok "disk: direct I/O reads back $got, not $want"
	fi

	# An ext2 file system: made, checked, used, checked again.
	if err=$(mke2fs -F "$DEV" 2>&1); then
		ok "disk: mke2fs"
	else
		not_ok "disk: mke2fs $(echo "$err" | tail -n 1)"
	fi
	if err=$(e2fsck.static -fn "$DEV" 2>&1); then
		ok "disk: e2fsck clean after mke2fs"
	else
		not_ok "disk: e2fsck after mke2fs: $(echo "$err" | tail -n 2 | tr '\n' ' ')"
	fi
	mkdir -p /mnt
	if mount -t ext2 "$DEV" /mnt && cp /tmp/pattern /mnt/pattern &&
		mkdir /mnt/d && echo hello >/mnt/d/f && umount /mnt; then
		ok "disk: mounted, 8 MiB file written, unmounted"
	else
		not_ok "disk: mount, write, unmount"
		umount /mnt 2>/dev/null
	fi
	if err=$(e2fsck.static -fn "$DEV" 2>&1); then
		ok "disk: e2fsck clean after use"
	else
		not_ok "disk: e2fsck after use: $(echo "$err" | tail -n 2 | tr '\n' ' ')"
	fi
	echo 3 >/proc/sys/vm/drop_caches
	want=$(sha256sum </tmp/pattern | cut -d' ' -f1)
	if mount -t ext2 -o ro "$DEV" /mnt &&
		[ "$(sha256sum </mnt/pattern | cut -d' ' -f1)" = "$want" ] &&
		[ "$(cat /mnt/d/f)" = hello ] && umount /mnt; then
		ok "disk: the file reads back identical after a remount"
	else
		not_ok "disk: the file after a remount"
		umount /mnt 2>/dev/null
	fi

	# Taken away under I/O: the host removes the unit, the guest's I/O
	# fails and its disk goes, then the host rescinds the controller.
	(while dd if=/tmp/pattern of="$DEV" bs=64k oflag=direct 2>/dev/null; do :; done
	 echo ended >/tmp/writer) &
	(while dd if="$DEV" of=/dev/null bs=64k count=512 iflag=direct 2>/dev/null; do :; done
	 echo ended >/tmp/reader) &
	sleep 2
	s0=$(disk_field srbs)
	sleep 1
	s1=$(disk_field srbs)
	if echo "$ST" >"$H/del_device"; then
		ok "host takes the controller away under I/O ($((s1 - s0)) requests in the second before)"
	else
		not_ok "host takes the controller away"
	fi
	io_ended() { [ -f /tmp/writer ] && [ -f /tmp/reader ]; }
	if wait_until io_ended; then
		ok "disk: the guest's writer and reader failed out"
	else
		not_ok "disk: the guest's I/O still runs ($(disk_line))"
	fi
	st_gone() { [ ! -e "/sys/block/$SDX" ] && [ ! -e "$BUS/$ST_I" ] &&
		[ -z "$(relid_of "$ST_I")" ]; }
	if wait_until st_gone; then
		ok "disk: /dev/$SDX, the bus device and the host's channels gone"
	else
		not_ok "disk: still there ($(ls /sys/block); $(driver_of "$ST_I"); $(grep "$ST_I" "$H/devices" | tr '\n' ';'))"
	fi
	if err=$(rmmod vmbc_hv_storvsc 2>&1) && ! loaded vmbc_hv_storvsc; then
		ok "unload vmbc_hv_storvsc: nothing holds it"
	else
		not_ok "unload vmbc_hv_storvsc $err"
	fi
	# The core frees a channel after an RCU grace period. The disk held
	# over 16 MiB of the host's pages: a 12 MiB slack for free memory
	# (runs were seen to vary by up to 9 MiB, 7 Dec) still catches their
	# loss, 1 MiB of slab a leak per request.
	chans_back() { [ "$(getv "$MEM" channels)" = "$base_chans" ]; }
	wait_until chans_back
	# shellcheck disable=SC2046 # five numbers
	set -- $(leak_snapshot)
	dfree=$((base_free - $4))
	dslab=$(($5 - base_slab))
	if [ "$1" = "$base_chans" ] && [ "$2" = "$base_rings" ] &&
		[ "$3" = "$base_leaked" ]; then
		ok "disk: the core's channels and ring pages back to where they were ($1, $2, $3 leaked)"
	else
		not_ok "disk: the core holds $1 channels, $2 ring pages, $3 leaked; before $base_chans, $base_rings, $base_leaked"
	fi
	if [ "$dfree" -lt 12288 ] && [ "$dslab" -lt 1024 ]; then
		ok "disk: memory back to where it was (free $dfree KiB less, unreclaimable slab $dslab KiB more)"
	else
		not_ok "disk: memory leaked: free $dfree KiB less, unreclaimable slab $dslab KiB more"
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
