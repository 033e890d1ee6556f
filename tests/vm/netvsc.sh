#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest test (busybox sh, run by scripts/vmtest.sh as /test.sh): Linux's
# hv_netvsc, built unchanged from linux-source-6.12 against vmbc
# (scripts/linux-drivers.sh), on the simulated host's synthetic NIC.
# The host's end of the wire, its port vmbcsw0, moves into a network
# namespace of its own, so that the guest's interface and it ping each
# other through the NIC and not through this kernel's loopback. Checks
# the negotiation (NVSP 6.1, NDIS 6.30, both buffers, a sub-channel with
# two CPUs, the indirection table), pings both ways, frames over the
# sub-channel both ways, a link-down from the host's debugfs seen by the
# guest (no carrier, no ping) and the link back, the driver unloaded and
# loaded again (a new negotiation), then the NIC taken away under it with
# nothing left behind.
# Prints "ok NAME" / "not ok NAME REASON".
# vmtest-kernels: 6.12
# vmtest-modules: vmbc.ko vmbc_sim.ko linux:vmbc_hv_netvsc.ko

# shellcheck source=tests/vm/include/guest.sh
. /lib.sh

H=/sys/kernel/debug/vmbc_sim/sim0
BUS=/sys/bus/vmbc/devices
NIC_I=5b0a0000-0000-4000-8000-0000000000a1
WAIT_TENTHS=300
MEM=/sys/kernel/debug/vmbc/memory

getv() { awk -v n="$2" '$1 == n { print $2 }' "$1"; }
relid_of() { awk -v i="$1" '$3 == i && $4 == 0 { print $1 }' "$H/devices"; }
nic_line() { grep "^$NIC " "$H/net"; }
# Field NAME=VALUE $1 of the NIC's line in the host's net file.
nic_field() { nic_line | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# In the host port's namespace.
in_host() { nsenter -t "$NSPID" -n "$@"; }

grep -q debugfs /proc/mounts || mount -t debugfs none /sys/kernel/debug
for ko in vmbc vmbc_sim; do
	if err=$(insmod "/modules/$ko.ko" 2>&1) && loaded "$ko"; then
		ok "load $ko"
	else
		not_ok "load $ko $err"
		exit 1
	fi
done
chans0=$(getv "$MEM" channels)

if echo "network $NIC_I" >"$H/new_device"; then
	ok "host offers a synthetic NIC"
else
	not_ok "host offers a synthetic NIC"
	exit 1
fi
NIC=$(relid_of "$NIC_I")
port_up() { nic_field port | grep -qv '^-$'; }
if wait_until port_up; then
	PORT=$(nic_field port)
	ok "host: its port $PORT is registered ($(nic_field mac))"
else
	not_ok "host: no port ($(nic_line))"
	exit 1
fi

if err=$(insmod /modules/vmbc_hv_netvsc.ko 2>&1) && loaded vmbc_hv_netvsc; then
	ok "load vmbc_hv_netvsc (Linux's, built against vmbc)"
else
	not_ok "load vmbc_hv_netvsc $err"
	exit 1
fi
guest_if() { ls "$BUS/$NIC_I/net" 2>/dev/null | head -n 1; }
if wait_until sh -c "[ -n \"\$(ls $BUS/$NIC_I/net 2>/dev/null)\" ]"; then
	ETH=$(guest_if)
	ok "netvsc: interface $ETH on the NIC"
else
	not_ok "netvsc: no interface ($(nic_line))"
	exit 1
fi
if [ "$(cat "/sys/class/net/$ETH/address")" = "$(nic_field mac)" ]; then
	ok "netvsc: its MAC address is the host's ($(nic_field mac))"
else
	not_ok "netvsc: MAC $(cat "/sys/class/net/$ETH/address"), host says $(nic_field mac)"
fi

# The host's port in a namespace of its own, the guest's in this one.
unshare -n sleep 100000 &
NSPID=$!
sleep 1
if ip link set dev "$PORT" netns "$NSPID" &&
	in_host ip link set lo up &&
	in_host ip addr add 192.168.77.1/24 dev "$PORT" &&
	in_host ip addr add 192.168.77.3/24 dev "$PORT" &&
	in_host ip addr add 192.168.77.4/24 dev "$PORT" &&
	in_host ip addr add 192.168.77.5/24 dev "$PORT" &&
	in_host ip link set "$PORT" up &&
	ip addr add 192.168.77.2/24 dev "$ETH" && ip link set "$ETH" up; then
	ok "addresses: $ETH 192.168.77.2, $PORT 192.168.77.1 in its own namespace"
else
	not_ok "addresses"
fi

# Two CPUs: netvsc asks for one sub-channel and spreads over two.
running() { nic_line | grep -q ' running nvsp=60001 ndis=6.30 .* channels=2 subchannels=1/7 rss=128 '; }
if wait_until running; then
	ok "netvsc: NVSP 6.1, NDIS 6.30, two channels, an indirection table ($(nic_line | cut -d' ' -f2-11))"
else
	not_ok "netvsc: negotiation ($(nic_line))"
fi

if out=$(ping -c 5 -W 5 192.168.77.1 2>&1); then
	ok "ping the host's port from the guest: $(echo "$out" | grep 'packets transmitted')"
else
	not_ok "ping the host's port: $(echo "$out" | tail -n 2 | tr '\n' ' ') ($(nic_line))"
fi
if out=$(in_host ping -c 5 -W 5 192.168.77.2 2>&1); then
	ok "ping the guest from the host's port: $(echo "$out" | grep 'packets transmitted')"
else
	not_ok "ping the guest: $(echo "$out" | tail -n 2 | tr '\n' ' ') ($(nic_line))"
fi
# Flows to four addresses hash apart: both channels carry some, both
# ways (the guest's send table, the host's indirection table).
for a in 1 3 4 5; do
	ping -c 3 -W 5 "192.168.77.$a" >/dev/null 2>&1
	in_host ping -c 3 -W 5 -I "192.168.77.$a" 192.168.77.2 >/dev/null 2>&1
done
sub_in=$(nic_field sub_frames_in)
sub_out=$(nic_field sub_frames_out)
if [ "${sub_in:-0}" -gt 0 ] && [ "${sub_out:-0}" -gt 0 ]; then
	ok "frames over the sub-channel both ways ($sub_in from the guest, $sub_out to it)"
else
	not_ok "frames over the sub-channel: $sub_in from the guest, $sub_out to it ($(nic_line))"
fi

# A link-down from the host's debugfs: the guest loses its carrier.
carrier() { [ "$(cat "/sys/class/net/$ETH/carrier" 2>/dev/null)" = "$1" ]; }
echo "$NIC link down" >"$H/net"
if wait_until carrier 0; then
	ok "link down: the guest's $ETH has no carrier ($(nic_field indications) indication)"
else
	not_ok "link down: $ETH carrier $(cat "/sys/class/net/$ETH/carrier") ($(nic_line))"
fi
if ! ping -c 2 -W 1 192.168.77.1 >/dev/null 2>&1; then
	ok "link down: no ping"
else
	not_ok "link down: ping still answered"
fi
echo "$NIC link up" >"$H/net"
if wait_until carrier 1; then
	ok "link up: carrier back"
else
	not_ok "link up: no carrier ($(nic_line))"
fi
if out=$(ping -c 3 -W 5 192.168.77.1 2>&1); then
	ok "link up: ping again"
else
	not_ok "link up: no ping: $(echo "$out" | tail -n 1)"
fi

# Bad input at the debugfs file: refused, nothing changed.
if ! echo "$NIC link sideways" >"$H/net" 2>/dev/null &&
	! echo "$NIC subchannels 64" >"$H/net" 2>/dev/null &&
	! echo "9999 link down" >"$H/net" 2>/dev/null &&
	[ "$(nic_field link)" = up ]; then
	ok "net: bad commands refused"
else
	not_ok "net: a bad command taken ($(nic_line))"
fi

# The driver goes, then the NIC: no channel, no port left.
if err=$(rmmod vmbc_hv_netvsc 2>&1) && ! loaded vmbc_hv_netvsc; then
	ok "unload vmbc_hv_netvsc"
else
	not_ok "unload vmbc_hv_netvsc $err"
fi
if nic_line | grep -q " closed "; then
	ok "host: the NIC's channels closed ($(nic_line | cut -d' ' -f2))"
else
	not_ok "host: the NIC after unload ($(nic_line))"
fi
# Loaded again: a new negotiation on the same NIC, new sub-channels,
# the same port.
if insmod /modules/vmbc_hv_netvsc.ko 2>/dev/null &&
	wait_until sh -c "[ -n \"\$(ls $BUS/$NIC_I/net 2>/dev/null)\" ]"; then
	ETH=$(guest_if)
	ip addr add 192.168.77.2/24 dev "$ETH" && ip link set "$ETH" up
	if wait_until running && out=$(ping -c 3 -W 5 192.168.77.1 2>&1); then
		ok "netvsc loaded again: negotiated anew, ping ($(nic_field subchannels) sub-channels)"
	else
		not_ok "netvsc loaded again: $(echo "$out" | tail -n 1) ($(nic_line))"
	fi
else
	not_ok "netvsc loaded again: no interface ($(nic_line))"
fi
# The host goes while netvsc still drives the NIC: the NIC is rescinded
# under it.
echo "$NIC" >"$H/del_device"
gone() { [ -z "$(relid_of "$NIC_I")" ] && [ ! -e "$BUS/$NIC_I" ] &&
	! in_host ip link show "$PORT" >/dev/null 2>&1; }
if wait_until gone; then
	ok "host: the NIC, its bus device and its port gone"
else
	not_ok "host: still there ($(grep "$NIC_I" "$H/devices" | tr '\n' ';'))"
fi
chans_back() { [ "$(getv "$MEM" channels)" = "$chans0" ]; }
if wait_until chans_back; then
	ok "core: channels back to $chans0"
else
	not_ok "core: $(getv "$MEM" channels) channels, not $chans0"
fi
if [ -z "$(ls "$BUS" 2>/dev/null | grep "$NIC_I")" ] &&
	err=$(rmmod vmbc_hv_netvsc 2>&1); then
	ok "unload vmbc_hv_netvsc after the rescind"
else
	not_ok "unload vmbc_hv_netvsc after the rescind $err"
fi
kill "$NSPID" 2>/dev/null
if [ "$(getv "$H/stats" protocol_errors)" = 0 ]; then
	ok "host: no protocol error"
else
	not_ok "host: $(getv "$H/stats" protocol_errors) protocol errors"
fi
check_unload vmbc_sim
check_unload vmbc
check_dmesg
exit "${fails:-0}"
