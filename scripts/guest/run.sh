#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The main job's guest side (busybox sh): load the VMBus core and the
# simulated host, let the host offer devices, show what the core saw,
# take a device away again, unload. Explains itself as it goes, for
# someone who has never seen VMBus.

fails=0
ok() { echo "ok $*"; }
not_ok() { echo "not ok $*"; fails=$((fails + 1)); }
say() { echo "$*"; }
show() { sed 's/^/     /'; }

grep -q ' /sys/kernel/debug ' /proc/mounts ||
	mount -t debugfs none /sys/kernel/debug
sim=/sys/kernel/debug/vmbc_sim/sim0
core=/sys/kernel/debug/vmbc/sim0

say
say "== 1. The VMBus channel core (vmbc.ko)"
say "   On Hyper-V and Azure, every synthetic device (network, disk, ...) is"
say "   a VMBus channel: a pair of ring buffers shared with the host. The core"
say "   negotiates a protocol version with the host, receives its device"
say "   offers and puts them on a bus (here called 'vmbc') for drivers."
insmod /modules/vmbc.ko && ok "load vmbc" || not_ok "load vmbc"

say
say "== 2. The simulated Hyper-V host (vmbc_sim.ko)"
say "   No Hyper-V here, so a simulated host plays its part. On load it"
say "   connects to the core, which negotiates the newest version it can:"
insmod /modules/vmbc_sim.ko && ok "load vmbc_sim" || not_ok "load vmbc_sim"
if [ -r "$core/info" ]; then
	grep -E '^(transport|state|version|msg_conn_id):' "$core/info" | show
	grep -q '^state: connected' "$core/info" && ok "connected" ||
		not_ok "connected"
else
	not_ok "connected no $core/info"
fi

say
say "== 3. A driver: vmbc_echo.ko, the sample driver for the echo device"
say "   Like a network driver, it asks the host for sub-channels (here 2)"
say "   and spreads its traffic over them."
insmod /modules/vmbc_echo.ko subchannels=2 && ok "load vmbc_echo" ||
	not_ok "load vmbc_echo"

say
say "== 4. The host offers three devices (hot-add)"
for dev in "network 7a1e3c5f-0001-4e5b-9a7c-000000000001" \
	   "storage 7a1e3c5f-0002-4e5b-9a7c-000000000002" \
	   "echo 7a1e3c5f-0003-4e5b-9a7c-000000000003"; do
	say "   echo '$dev' > $sim/new_device"
	echo "$dev" > "$sim/new_device" || not_ok "offer $dev"
done
sleep 1
say "   The core made a device on its bus for each offer:"
for d in /sys/bus/vmbc/devices/*; do
	[ -e "$d" ] || continue
	drv=-
	[ -e "$d/driver" ] && drv=$(basename "$(readlink "$d/driver")")
	say "     $(basename "$d"): relid $(cat "$d/id"), class $(cat "$d/class_id"), state $(cat "$d/state"), driver $drv"
done
n=$(ls /sys/bus/vmbc/devices | wc -l)
[ "$n" -eq 3 ] && ok "three devices on the bus" || not_ok "three devices on the bus ($n)"
say "   The core's own view ($core/info):"
sed -n '/^channels:/,$p' "$core/info" | show

say
say "== 5. Traffic: the sample driver sends 1000 packets, the host echoes them"
echo_dev=/sys/bus/vmbc/devices/7a1e3c5f-0003-4e5b-9a7c-000000000003
say "   echo 1000 > $echo_dev/echo_ping"
say "   (most inband with a completion requested; every 8th a page buffer"
say "   whose contents the host reads and sums; every 16th instead asks the"
say "   host to sum a buffer the driver shared with it through a GPADL)"
if echo 1000 > "$echo_dev/echo_ping"; then
	ok "1000 round trips"
else
	not_ok "1000 round trips"
fi
say "   What the driver counted ($echo_dev/echo_stats):"
show < "$echo_dev/echo_stats"
sent=$(sed -n 's/^sent //p' "$echo_dev/echo_stats")
[ "$(sed -n 's/^completed //p' "$echo_dev/echo_stats")" = "$sent" ] &&
	ok "every echo came back" || not_ok "every echo came back"
grep -q '^mismatched 0$' "$echo_dev/echo_stats" && ok "no echo differed" ||
	not_ok "no echo differed"
grep -q '^channels 3$' "$echo_dev/echo_stats" &&
	ok "primary and two sub-channels in use" ||
	not_ok "primary and two sub-channels in use"
say "   One directory per channel under $echo_dev/channels/: $(ls "$echo_dev/channels" | tr '\n' ' ')"
for c in "$echo_dev"/channels/*; do
	say "     relid $(basename "$c"): sub-channel $(cat "$c/subchannel_id"), cpu $(cat "$c/cpu"), interrupts $(cat "$c/interrupts"), events $(cat "$c/events")"
done
relid=$(cat "$echo_dev/id")
say "   The primary channel's counters ($echo_dev/channels/$relid/):"
for f in cpu events interrupts intr_out_empty intr_in_full out_full_total read_avail write_avail; do
	[ -r "$echo_dev/channels/$relid/$f" ] &&
		say "     $f: $(cat "$echo_dev/channels/$relid/$f")"
done

say
say "== 6. The host rescinds the storage device"
relid=$(cat /sys/bus/vmbc/devices/7a1e3c5f-0002-4e5b-9a7c-000000000002/id 2>/dev/null)
say "   echo $relid > $sim/del_device"
echo "$relid" > "$sim/del_device" || not_ok "rescind"
sleep 1
[ -e /sys/bus/vmbc/devices/7a1e3c5f-0002-4e5b-9a7c-000000000002 ] &&
	not_ok "storage device gone" || ok "storage device gone"
say "   What the core counted ($core/stats, non-zero):"
grep -v ' 0$' "$core/stats" | show

if [ -f /modules/vmbc_hv_utils.ko ]; then
	say
	say "== 7. Linux's own hv_utils, unchanged, on the simulated host"
	say "   hv_utils is Linux's Integration Services driver (heartbeat, time"
	say "   sync, KVP, shutdown), built from Debian's linux-source-6.12 against"
	say "   vmbc's <linux/hyperv.h> (the Linux 6.12 dialect) and renamed"
	say "   vmbc_hv_utils.ko; it links against vmbc.ko, not hv_vmbus.ko."
	hb=5b0a0000-0000-4000-8000-0000000000a1
	ts=5b0a0000-0000-4000-8000-0000000000a2
	kvp=5b0a0000-0000-4000-8000-0000000000a3
	for d in "heartbeat $hb" "timesync $ts" "kvp $kvp"; do
		say "   echo \"$d\" > $sim/new_device"
		echo "$d" > "$sim/new_device" || not_ok "offer $d"
	done
	insmod /modules/vmbc_hv_utils.ko && ok "load vmbc_hv_utils" ||
		not_ok "load vmbc_hv_utils"
	sleep 3
	for i in $hb $ts $kvp; do
		drv=-
		[ -e "/sys/bus/vmbc/devices/$i/driver" ] &&
			drv=$(basename "$(readlink "/sys/bus/vmbc/devices/$i/driver")")
		say "     $i: driver $drv"
	done
	say "   What hv_utils said:"
	dmesg | grep -E 'vmbc_hv_utils' | sed 's/^\[[ .0-9]*\] //' | show
	relid=$(cat "/sys/bus/vmbc/devices/$hb/id")
	say "   The host's heartbeats and hv_utils' answers (relid $relid):"
	awk -v r="$relid" 'NR == 1 || $1 == r' "$sim/channels" |
		awk '{ print $1, $13, $14, $15 }' | show
	answers=$(awk -v r="$relid" 'NR == 1 { for (i = 1; i <= NF; i++) n[$i] = i }
		NR > 1 && $1 == r { print $(n["answers"]) }' "$sim/channels")
	[ "${answers:-0}" -ge 2 ] && ok "hv_utils answers the heartbeats" ||
		not_ok "hv_utils answers the heartbeats ($answers)"
	say "   Time sync ($sim/timesync) and KVP ($sim/kvp_query):"
	show < "$sim/timesync"
	show < "$sim/kvp_query"
	say "   (no samples: off Hyper-V, hv_utils would read the time from a"
	say "   register that is not there; no KVP: hv_utils waits for its daemon)"
	rmmod vmbc_hv_utils && ok "unload vmbc_hv_utils" ||
		not_ok "unload vmbc_hv_utils"
fi

if [ -f /modules/vmbc_hv_storvsc.ko ]; then
	say
	say "== 8. Linux's own hv_storvsc: a disk on the simulated host"
	say "   The host's synthetic SCSI controller serves one disk kept in the"
	say "   host's RAM (64 MiB). hv_storvsc, Linux's driver for it, built"
	say "   like hv_utils, sends the guest's SCSI commands over the channel."
	st=5b0a0000-0000-4000-8000-0000000000a4
	say "   echo \"storage $st\" > $sim/new_device"
	echo "storage $st" > "$sim/new_device" || not_ok "offer storage"
	for m in scsi_common scsi_mod scsi_transport_fc sd_mod vmbc_hv_storvsc; do
		insmod "/modules/$m.ko" || not_ok "load $m"
	done
	disk=
	t=100
	while [ -z "$disk" ] && [ "$t" -gt 0 ]; do
		for b in /sys/block/sd*; do
			[ -e "$b" ] && readlink -f "$b" | grep -q "$st" &&
				disk=$(basename "$b")
		done
		[ -n "$disk" ] && [ -b "/dev/$disk" ] || { disk=; sleep 0.1; }
		t=$((t - 1))
	done
	if [ -n "$disk" ]; then
		ok "hv_storvsc found a disk: /dev/$disk"
		say "   What the guest's SCSI layer said:"
		dmesg | grep -E '(scsi|sd) [0-9]' | sed 's/^\[[ .0-9]*\] //' | show
		say "   Write 4 MiB of random data to it, drop the guest's cache,"
		say "   read it back from the host and compare:"
		dd if=/dev/urandom of=/tmp/data bs=1M count=4 2>/dev/null
		say "     dd if=/tmp/data of=/dev/$disk bs=1M conv=fsync"
		dd if=/tmp/data of="/dev/$disk" bs=1M conv=fsync 2>/dev/null ||
			not_ok "write /dev/$disk"
		echo 3 > /proc/sys/vm/drop_caches
		want=$(sha256sum < /tmp/data | cut -d' ' -f1)
		got=$(dd if="/dev/$disk" bs=1M count=4 2>/dev/null | sha256sum | cut -d' ' -f1)
		say "     written:   sha256 $want"
		say "     read back: sha256 $got"
		[ "$got" = "$want" ] && ok "the disk reads back what was written" ||
			not_ok "the disk reads back what was written"
		say "   The host's side ($sim/disk):"
		show < "$sim/disk"
	else
		not_ok "hv_storvsc found a disk ($(cat "$sim/disk"))"
	fi
	rmmod vmbc_hv_storvsc && ok "unload vmbc_hv_storvsc" ||
		not_ok "unload vmbc_hv_storvsc"
fi

if [ -f /modules/vmbc_hv_netvsc.ko ]; then
	say
	say "== 9. Linux's own hv_netvsc: a network card on the simulated host"
	say "   The host's synthetic NIC has its end of the wire in this same"
	say "   kernel: a network device the host registers (vmbcswN), like a"
	say "   port of Hyper-V's virtual switch. Moved into a network namespace"
	say "   of its own, it and hv_netvsc's interface ping each other through"
	say "   the NIC's channels, not through this kernel's loopback."
	nic=5b0a0000-0000-4000-8000-0000000000a5
	say "   echo \"network $nic\" > $sim/new_device"
	echo "network $nic" > "$sim/new_device" || not_ok "offer network"
	insmod /modules/vmbc_hv_netvsc.ko || not_ok "load vmbc_hv_netvsc"
	eth=
	port=
	t=100
	while { [ -z "$eth" ] || [ -z "$port" ]; } && [ "$t" -gt 0 ]; do
		eth=$(ls "/sys/bus/vmbc/devices/$nic/net" 2>/dev/null | head -n 1)
		# (section 3's network device has a port of its own)
		relid=$(awk -v i="$nic" '$3 == i && $4 == 0 { print $1 }' "$sim/devices")
		port=$(grep "^$relid " "$sim/net" | grep -o 'port=vmbcsw[0-9]*')
		port=${port#port=}
		[ -n "$eth" ] && [ -n "$port" ] || sleep 0.1
		t=$((t - 1))
	done
	if [ -n "$eth" ] && [ -n "$port" ]; then
		ok "hv_netvsc's interface $eth, the host's port $port"
		unshare -n sleep 100000 &
		ns=$!
		sleep 1
		say "     ip link set dev $port netns <a new namespace>"
		say "     (there) ip addr add 192.168.77.1/24 dev $port"
		say "     ip addr add 192.168.77.2/24 dev $eth"
		ip link set dev "$port" netns "$ns" &&
			nsenter -t "$ns" -n ip addr add 192.168.77.1/24 dev "$port" &&
			nsenter -t "$ns" -n ip link set "$port" up &&
			ip addr add 192.168.77.2/24 dev "$eth" &&
			ip link set "$eth" up || not_ok "addresses"
		t=100
		until grep -q "^$relid running " "$sim/net" || [ "$t" -eq 0 ]; do
			sleep 0.1
			t=$((t - 1))
		done
		say "     ping -c 3 192.168.77.1"
		if out=$(ping -c 3 -W 5 192.168.77.1); then
			echo "$out" | show
			ok "the guest pings the host's port through the NIC"
		else
			echo "$out" | show
			not_ok "the guest pings the host's port"
		fi
		say "   The host's side ($sim/net):"
		grep "^$relid " "$sim/net" | tr ' ' '\n' |
			grep -E '^(running|nvsp|ndis|port|channels|subchannels|rss|frames_in|frames_out)' | show
		kill "$ns"
	else
		not_ok "hv_netvsc's interface and the host's port ($(cat "$sim/net"))"
	fi
	rmmod vmbc_hv_netvsc && ok "unload vmbc_hv_netvsc" ||
		not_ok "unload vmbc_hv_netvsc"
fi

say
say "== 10. Unloading: the driver closes its channel, the core sends UNLOAD"
rmmod vmbc_echo && ok "unload vmbc_echo" || not_ok "unload vmbc_echo"
rmmod vmbc_sim && ok "unload vmbc_sim" || not_ok "unload vmbc_sim"
rmmod vmbc && ok "unload vmbc" || not_ok "unload vmbc"
dmesg | grep -E 'vmbc' | grep -vE 'taints kernel|verification failed' | show
[ "$fails" -eq 0 ]
