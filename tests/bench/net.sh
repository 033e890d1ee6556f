#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of scripts/bench-net.sh (busybox sh, run by scripts/vmtest.sh
# as /test.sh): packets per second of Linux's hv_netvsc over the simulated
# host's synthetic NIC, first on the primary channel alone, then with
# sub-channels, each way. One NIC; between the rounds hv_netvsc unloads
# (its sub-channels are rescinded as it closes them), the host is told
# how many sub-channels to allow, and hv_netvsc loads again and asks for
# one per CPU beside the first.
#
# The traffic is the kernel's pktgen, one generator thread per CPU in
# every round, so that only the channels change between rounds:
#   to_host   pktgen on the guest's interface, thread I on transmit queue
#             I modulo the channels (netvsc sends queue Q on channel Q);
#             counted as the host's frames_in (frames that came out of
#             its port, vmbcsw0).
#   to_guest  pktgen on the host's port, UDP source ports at random so
#             that the flows hash over the guest's indirection table;
#             counted as the host's frames_out (frames written into the
#             guest's receive buffer), beside the guest's rx_packets.
# Both send UDP to port 9 of the other end's address and MAC, which the
# other end's stack takes and drops for want of a socket. Frames of 60
# and 1514 bytes (BENCH_FRAMES, comma-separated), Ethernet header
# included, no FCS. After a second of warm-up, each figure is counted
# over BENCH_WINDOWS (3) windows of BENCH_SECONDS (3) one after the
# other: the machine's other work comes in bursts, which a median of
# windows rides over better than one long window.
#
# Prints "net channels=C dir=to_host|to_guest pps=X frame=B mbit_per_s=M
# offered_pps=O spread=S%": the medians over the windows of the frames
# the host counted and of those the sender's interface took, and the
# range of the first over its median; "# net ..." lines with the totals
# over all windows (frames, those on sub-channels, drops); "ok"/"not ok"
# lines: "not ok" when no frame moved, or none over the sub-channels
# when there are some.
# vmtest-kernels: 6.12
# vmtest-modules: vmbc.ko vmbc_sim.ko image:pktgen.ko linux:vmbc_hv_netvsc.ko

# shellcheck source=tests/vm/include/guest.sh
. /lib.sh

H=/sys/kernel/debug/vmbc_sim/sim0
BUS=/sys/bus/vmbc/devices
PG=/proc/net/pktgen
NIC_I=5b0a0000-0000-4000-8000-0000000000a1
SECS=${BENCH_SECONDS:-3}
WINDOWS=${BENCH_WINDOWS:-3}
FRAMES=$(echo "${BENCH_FRAMES:-60,1514}" | tr ',' ' ')
HOST_IP=192.168.78.1
GUEST_IP=192.168.78.2

for ko in vmbc vmbc_sim pktgen; do
	insmod "/modules/$ko.ko" || { not_ok "load $ko"; exit 1; }
done
echo "network $NIC_I" >"$H/new_device" || { not_ok "offer a NIC"; exit 1; }
NIC=$(awk -v i="$NIC_I" '$3 == i && $4 == 0 { print $1 }' "$H/devices")
cpus=$(nproc)

nic_line() { grep "^$NIC " "$H/net"; }
# Field NAME=VALUE $1 of the NIC's line in the host's net file.
nic_field() { nic_line | tr ' ' '\n' | sed -n "s/^$1=//p"; }
port_up() { nic_field port | grep -qv '^-$'; }
WAIT_TENTHS=300
wait_until port_up || { not_ok "no host port ($(nic_line))"; exit 1; }
PORT=$(nic_field port)
if ! ip addr add "$HOST_IP/24" dev "$PORT" || ! ip link set "$PORT" up; then
	not_ok "host port $PORT up"
	exit 1
fi

# Hundredths of a second since boot.
now() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }
stat_of() { cat "/sys/class/net/$1/statistics/$2"; }
pg() { echo "$2" >"$PG/$1" || not_ok "pktgen: '$2' to $1"; }

# run_pktgen DEV DIR FRAME DST_MAC DST_IP CHANS: one thread per CPU on
# DEV, until stop_pktgen.
run_pktgen() {
	i=0
	while [ "$i" -lt "$cpus" ]; do
		pg "kpktgend_$i" rem_device_all
		pg "kpktgend_$i" "add_device $1@$i"
		d="$1@$i"
		pg "$d" "count 0"
		pg "$d" "clone_skb 0"
		pg "$d" "delay 0"
		pg "$d" "pkt_size $3"
		pg "$d" "dst_mac $4"
		pg "$d" "dst $5"
		pg "$d" "udp_dst_min 9"
		pg "$d" "udp_dst_max 9"
		if [ "$2" = to_host ]; then
			pg "$d" "queue_map_min $((i % $6))"
			pg "$d" "queue_map_max $((i % $6))"
		else
			pg "$d" "udp_src_min 1024"
			pg "$d" "udp_src_max 65535"
			pg "$d" "flag UDPSRC_RND"
		fi
		i=$((i + 1))
	done
	echo start >"$PG/pgctrl" &
	PG_PID=$!
}
stop_pktgen() {
	echo stop >"$PG/pgctrl"
	wait "$PG_PID"
	i=0
	while [ "$i" -lt "$cpus" ]; do
		pg "kpktgend_$i" rem_device_all
		i=$((i + 1))
	done
}

# The counters one figure needs, on one line: time, the host's frames,
# their drops, the frames on the sub-channels, the sender's packets and
# drops, the guest's received frames. Read first, one read each, and
# taken apart after, so that they are as close in time as the guest lets
# them be.
sample() {
	t=$(now)
	line=$(nic_line)
	if [ "$1" = to_host ]; then
		tx=$(stat_of "$ETH" tx_packets)
		txd=$(stat_of "$ETH" tx_dropped)
		rx=0
		set -- frames_in dropped_in sub_frames_in
	else
		tx=$(stat_of "$PORT" tx_packets)
		txd=$(stat_of "$PORT" tx_dropped)
		rx=$(stat_of "$ETH" rx_packets)
		set -- frames_out dropped_out sub_frames_out
	fi
	echo "$t $(echo "$line" | awk -v a="$1=" -v b="$2=" -v c="$3=" '{
		for (i = 1; i <= NF; i++) {
			if (index($i, a) == 1) f = substr($i, length(a) + 1)
			if (index($i, b) == 1) d = substr($i, length(b) + 1)
			if (index($i, c) == 1) s = substr($i, length(c) + 1)
		}
		print f, d, s }') $tx $txd $rx"
}

# measure DIR FRAME CHANS: one figure.
measure() {
	if [ "$1" = to_host ]; then
		run_pktgen "$ETH" "$1" "$2" "$(cat "/sys/class/net/$PORT/address")" \
			"$HOST_IP" "$3"
	else
		run_pktgen "$PORT" "$1" "$2" "$(cat "/sys/class/net/$ETH/address")" \
			"$GUEST_IP" "$3"
	fi
	sleep 1
	samples=$(sample "$1")
	w=0
	while [ "$w" -lt "$WINDOWS" ]; do
		sleep "$SECS"
		samples="$samples
$(sample "$1")"
		w=$((w + 1))
	done
	stop_pktgen
	# Per window: frames (field 2) and offered frames (field 5) over
	# the time (field 1); the medians printed, the frames' spread the
	# range over the median; the totals over all windows.
	echo "$samples" | awk -v c="$3" -v d="$1" -v f="$2" '
	function median(a, n,    i, j, x) {
		for (i = 2; i <= n; i++) {
			x = a[i]
			for (j = i - 1; j >= 1 && a[j] > x; j--)
				a[j + 1] = a[j]
			a[j + 1] = x
		}
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	{ for (i = 1; i <= 7; i++) v[NR, i] = $i; n = NR }
	END {
		for (w = 1; w < n; w++) {
			t = (v[w + 1, 1] - v[w, 1]) / 100
			if (t <= 0) t = 0.01
			r[w] = (v[w + 1, 2] - v[w, 2]) / t
			o[w] = (v[w + 1, 5] - v[w, 5]) / t
		}
		pps = median(r, n - 1)
		spread = pps > 0 ? (r[n - 1] - r[1]) * 100 / pps : 0
		printf "net channels=%d dir=%s pps=%.0f frame=%d mbit_per_s=%.1f offered_pps=%.0f spread=%.0f%%\n",
			c, d, pps, f, pps * f * 8 / 1e6, median(o, n - 1), spread
		t = (v[n, 1] - v[1, 1]) / 100
		if (t <= 0) t = 0.01
		printf "# net channels=%d dir=%s frame=%d windows=%d seconds=%.2f frames=%d on_subchannels=%d host_dropped=%d sender_dropped=%d",
			c, d, f, n - 1, t, v[n, 2] - v[1, 2], v[n, 4] - v[1, 4],
			v[n, 3] - v[1, 3], v[n, 6] - v[1, 6]
		if (d == "to_guest")
			printf " guest_rx_pps=%.0f", (v[n, 7] - v[1, 7]) / t
		printf "\n"
		if (v[n, 2] <= v[1, 2]) exit 1
		if (c > 1 && v[n, 4] <= v[1, 4]) exit 2
	}'
	case $? in
	0) ;;
	1) not_ok "no frame moved: $1, $2 bytes, $3 channels ($(nic_line))" ;;
	*) not_ok "no frame on a sub-channel: $1, $2 bytes ($(nic_line))" ;;
	esac
}

# round SUBCHANNELS: load netvsc with the host allowing that many, bring
# its interface up, measure both ways at each frame size.
round() {
	echo "$NIC subchannels $1" >"$H/net"
	insmod /modules/vmbc_hv_netvsc.ko || { not_ok "load netvsc"; return; }
	# netvsc's interface, under its bus device.
	guest_if() {
		for n in "$BUS/$NIC_I"/net/*; do
			[ -e "$n" ] && basename "$n"
		done | head -n 1
	}
	has_if() { [ -n "$(guest_if)" ]; }
	if ! wait_until has_if; then
		not_ok "no interface ($(nic_line))"
		rmmod vmbc_hv_netvsc
		return
	fi
	ETH=$(guest_if)
	ip addr add "$GUEST_IP/24" dev "$ETH"
	ip link set "$ETH" up
	want=$(($1 < cpus - 1 ? $1 : cpus - 1))
	chans=$((want + 1))
	running() { nic_line | grep -q " running .* channels=$chans subchannels=$want/"; }
	if ! wait_until running; then
		not_ok "netvsc not running on $chans channels ($(nic_line))"
		rmmod vmbc_hv_netvsc
		return
	fi
	for f in $FRAMES; do
		measure to_host "$f" "$chans"
		measure to_guest "$f" "$chans"
	done
	ok "round with $chans channels"
	rmmod vmbc_hv_netvsc || not_ok "unload netvsc"
}

round 0
round "$((cpus - 1))"
if [ "$(awk '$1 == "protocol_errors" { print $2 }' "$H/stats")" = 0 ]; then
	ok "no protocol error"
else
	not_ok "protocol errors"
fi
check_dmesg
