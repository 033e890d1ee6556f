#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of scripts/bench-disk.sh (busybox sh, run by scripts/vmtest.sh
# as /test.sh): throughput of Linux's hv_storvsc over the simulated host's
# disk, first on the primary channel alone, then with sub-channels. One
# controller; between the rounds hv_storvsc unloads (its sub-channels are
# rescinded as it closes them), the host is told how many sub-channels to
# allow, and hv_storvsc loads again and asks for as many as it has CPUs
# beside the first. In each round one direct-I/O writer, then reader, per
# CPU, each on its own CPU and its own part of the disk, so that storvsc
# spreads the requests over its channels. Prints
# "disk channels=C op=write|read mb_per_s=X" per round and direction,
# and "ok"/"not ok" lines.
# vmtest-modules: vmbc.ko vmbc_sim.ko image:scsi_common.ko image:scsi_mod.ko image:scsi_transport_fc.ko image:sd_mod.ko linux:vmbc_hv_storvsc.ko

# shellcheck source=tests/vm/include/guest.sh
. /lib.sh

H=/sys/kernel/debug/vmbc_sim/sim0
ST_I=5b0a0000-0000-4000-8000-0000000000b1
# MiB each worker moves per direction, in requests of BS bytes.
MIB=${BENCH_MIB:-32}
BS=262144

for ko in vmbc vmbc_sim scsi_common scsi_mod scsi_transport_fc sd_mod; do
	insmod "/modules/$ko.ko" || { not_ok "load $ko"; exit 1; }
done
echo "storage $ST_I" >"$H/new_device" || { not_ok "offer storage"; exit 1; }
ST=$(awk -v i="$ST_I" '$3 == i { print $1 }' "$H/devices")
cpus=$(nproc)
# Room for every worker's part.
echo "$ST size $((cpus * MIB))M" >"$H/disk"

# Hundredths of a second since boot.
now() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }
disk_dev() {
	for b in /sys/block/sd*; do
		[ -e "$b" ] && readlink -f "$b" | grep -q "$ST_I" &&
			basename "$b"
	done | head -n 1
}
disk_found() { [ -n "$(disk_dev)" ] && [ -b "/dev/$(disk_dev)" ]; }
# Packets the guest wrote on each of the controller's channels.
spread() {
	awk -v i="$ST_I" 'FILENAME ~ /devices$/ { if ($3 == i && $5 == "offered") r[$1] = 1; next }
		FILENAME ~ /channels$/ && ($1 in r) { printf "%s:%s ", $1, $6 }' \
		"$H/devices" "$H/channels"
}

# round SUBCHANNELS: load storvsc with the host allowing that many, time
# the writers, then the readers.
round() {
	echo "$ST subchannels $1" >"$H/disk"
	insmod /modules/vmbc_hv_storvsc.ko || { not_ok "load storvsc"; return; }
	WAIT_TENTHS=300
	if ! wait_until disk_found; then
		not_ok "no disk ($(grep "^$ST " "$H/disk"))"
		rmmod vmbc_hv_storvsc
		return
	fi
	dev=/dev/$(disk_dev)
	subs=$(grep "^$ST " "$H/disk" | sed -n 's/.* subchannels=\([0-9]*\)\/.*/\1/p')
	chans=$((subs + 1))
	for op in write read; do
		t0=$(now)
		c=0
		while [ "$c" -lt "$cpus" ]; do
			if [ "$op" = write ]; then
				taskset -c "$c" dd if=/dev/zero of="$dev" bs=$BS \
					count=$((MIB * 4)) seek=$((c * MIB * 4)) \
					oflag=direct conv=notrunc 2>/dev/null &
			else
				taskset -c "$c" dd if="$dev" of=/dev/null bs=$BS \
					count=$((MIB * 4)) skip=$((c * MIB * 4)) \
					iflag=direct 2>/dev/null &
			fi
			c=$((c + 1))
		done
		wait
		t1=$(now)
		awk -v b=$((cpus * MIB)) -v t=$((t1 - t0)) -v c="$chans" -v op="$op" \
			'BEGIN { if (t < 1) t = 1
				printf "disk channels=%d op=%s mb_per_s=%.1f\n", c, op, b * 100 / t }'
	done
	echo "# channels=$chans packets per relid: $(spread)"
	ok "round with $chans channels"
	rmmod vmbc_hv_storvsc || not_ok "unload storvsc"
}

round 0
round "$((cpus - 1))"
if [ "$(awk '$1 == "protocol_errors" { print $2 }' "$H/stats")" = 0 ]; then
	ok "no protocol error"
else
	not_ok "protocol errors"
fi
