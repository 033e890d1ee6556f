#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest test (busybox sh, run by scripts/vmtest.sh as /test.sh): devices
# offered by the simulated host through its debugfs files, as the vmbc bus
# shows them. Loads the modules of /modules/order (vmbc.ko, vmbc_sim.ko),
# adds devices, checks their sysfs attributes, refuses bad input, uses a
# second host and a fault switch, removes the devices, unloads, and checks
# that nothing is left behind.
# Prints "ok NAME" / "not ok NAME REASON"; exits non-zero on any failure.

# shellcheck source=tests/vm/include/guest.sh
. /lib.sh

D=/sys/kernel/debug/vmbc_sim
H=$D/sim0
BUS=/sys/bus/vmbc/devices

NET=f8615163-df3e-46c5-913f-f2d2f965ed0e
STOR=ba6163d9-04a1-4d29-b605-72e2ffb1dc7f
ECHO=be3c4a8e-5f0d-4c8b-9a3e-6563686f0001
I1=11111111-2222-4333-8444-000000000001
I2=11111111-2222-4333-8444-000000000002
I3=11111111-2222-4333-8444-000000000003
I4=11111111-2222-4333-8444-000000000004
I5=11111111-2222-4333-8444-000000000005


# A GUID's 16 bytes in memory order (guid_t: first three fields
# little-endian), as 32 hex digits: what the modalias carries.
guid_bytes() {
	echo "$1" | sed -e 's/-//g' \
		-e 's/^\(..\)\(..\)\(..\)\(..\)\(..\)\(..\)\(..\)\(..\)/\4\3\2\1\6\5\8\7/'
}

# The bus device whose "id" (relid) is $1.
dev_dir() {
	for d in "$BUS"/*; do
		[ -f "$d/id" ] && [ "$(cat "$d/id")" = "$1" ] && echo "$d" &&
			return 0
	done
	return 1
}

has_dev() { dev_dir "$1" >/dev/null; }
no_dev() { ! dev_dir "$1" >/dev/null; }
# shellcheck disable=SC2012 # device names are GUIDs
bus_count() { ls "$BUS" 2>/dev/null | wc -l; }
bus_empty() { [ "$(bus_count)" -eq 0 ]; }
bus_is() { [ "$(bus_count)" -eq "$1" ]; }

# The relid the host gave to instance $1, sub-channel $2 (default 0).
host_relid() {
	awk -v i="$1" -v s="${2:-0}" '$3 == i && $4 == s { print $1 }' \
		"$H/devices"
}

host_count() { wc -l <"${1:-$H}/devices"; }
host_empty() { [ "$(host_count "$@")" -eq 0 ]; }
stat_of() { awk -v n="$2" '$1 == n { print $2 }' "$1/stats"; }
sent_since() { [ "$(stat_of "$H" msgs_to_guest)" -gt "$1" ]; }

# Writes $2 to file $1 and expects it to be refused.
refused() {
	if echo "$2" >"$1" 2>/dev/null; then
		not_ok "refuse $(basename "$1") '$2' accepted"
		return 1
	fi
	return 0
}


# ---- load ----------------------------------------------------------

grep -q debugfs /proc/mounts || mount -t debugfs none /sys/kernel/debug

# Module parameters of vmbc_sim: bad ones refused, good ones obeyed.
sim_params() {
	if insmod /modules/vmbc_sim.ko max_version=5.4 2>/dev/null ||
		insmod /modules/vmbc_sim.ko max_version=five 2>/dev/null ||
		insmod /modules/vmbc_sim.ko refuse_versions=0x400 2>/dev/null; then
		not_ok "vmbc_sim bad parameters refused"
		rmmod vmbc_sim 2>/dev/null
	else
		ok "vmbc_sim bad parameters refused"
	fi
	# 4.1 refused: the core falls back to 4.0, before 5.0: connection id 1
	if insmod /modules/vmbc_sim.ko max_version=4.1 refuse_versions=0x10 \
		msg_conn_id=9 &&
		[ "$(stat_of "$H" version)" = 4.0 ] &&
		[ "$(stat_of "$H" from_guest.initiate_contact)" = 6 ] &&
		[ "$(stat_of "$H" protocol_errors)" = 0 ] &&
		rmmod vmbc_sim; then
		ok "vmbc_sim max_version=4.1 refuse_versions=0x10 gives 4.0"
	else
		not_ok "vmbc_sim max_version=4.1 refuse_versions=0x10 gives 4.0"
		rmmod vmbc_sim 2>/dev/null
	fi
}

# shellcheck disable=SC2013 # one module name per line, no spaces
for ko in $(cat /modules/order); do
	[ "$ko" = vmbc_sim.ko ] && sim_params
	if err=$(insmod "/modules/$ko" 2>&1) && loaded "${ko%.ko}"; then
		ok "load ${ko%.ko}"
	else
		not_ok "load ${ko%.ko} $err"
		exit 1
	fi
done

if [ -d "$H" ] && [ "$(stat_of "$H" version)" = 5.3 ]; then
	ok "host sim0 connected at 5.3"
else
	not_ok "host sim0 connected at 5.3 (stats: $(head -n 1 "$H/stats" 2>&1))"
fi
n0=$(bus_count)
if [ "$n0" -eq 0 ]; then
	ok "bus empty at start"
else
	not_ok "bus empty at start ($n0 devices)"
fi

# ---- add -----------------------------------------------------------

added=0
for line in "network $I1 monitor dedicated" "$STOR $I2 relid=20" \
	"echo $I3" "network $I1 sub=1"; do
	# shellcheck disable=SC2116 # the write's error is what is captured
	if err=$(echo "$line" 2>&1 >"$H/new_device"); then
		added=$((added + 1))
	else
		not_ok "new_device '$line' $err"
	fi
done
[ "$added" -eq 4 ] && ok "new_device x4"

r1=$(host_relid "$I1")
r2=$(host_relid "$I2")
r3=$(host_relid "$I3")
r1s=$(host_relid "$I1" 1)
if [ -n "$r1" ] && [ "$r2" = 20 ] && [ -n "$r3" ] && [ -n "$r1s" ] &&
	[ "$(grep -c ' offered' "$H/devices")" -eq 4 ]; then
	ok "devices lists 4 offered (relids $r1 $r2 $r3, sub $r1s)"
else
	not_ok "devices lists 4 offered: $(tr '\n' ';' <"$H/devices")"
fi
mon1=$(awk -v r="$r1" '$1 == r { sub("monitor=", "", $6); print $6 }' \
	"$H/devices")

# check_attr DIR FILE EXPECTED
check_attr() {
	v=$(cat "$1/$2" 2>&1)
	[ "$v" = "$3" ] && return 0
	not_ok "attr $(basename "$1")/$2 is '$v', not '$3'"
	return 1
}

# check_dev RELID CLASS INSTANCE MONITOR_ID ("-": not monitored, and as
# in v5.2 the attribute is hidden then)
check_dev() {
	if ! wait_until has_dev "$1"; then
		not_ok "bus device relid $1 never appeared"
		return
	fi
	d=$(dev_dir "$1")
	good=1
	check_attr "$d" class_id "{$2}" || good=0
	check_attr "$d" device_id "{$3}" || good=0
	check_attr "$d" id "$1" || good=0
	check_attr "$d" state 2 || good=0
	if [ "$4" != - ]; then
		check_attr "$d" monitor_id "$4" || good=0
	elif [ -e "$d/monitor_id" ]; then
		not_ok "attr $(basename "$d")/monitor_id shown, not monitored"
		good=0
	fi
	check_attr "$d" modalias "vmbc:$(guid_bytes "$2")" || good=0
	case $(cat "$d/numa_node") in
	-1 | [0-9]*) ;;
	*) not_ok "attr numa_node is '$(cat "$d/numa_node")'"; good=0 ;;
	esac
	[ "$good" = 1 ] && ok "bus device relid $1 attributes"
}

check_dev "$r1" "$NET" "$I1" "$mon1"
check_dev "$r2" "$STOR" "$I2" -
check_dev "$r3" "$ECHO" "$I3" -
# the sub-channel is a channel of the network device, not a device
if [ "$(bus_count)" -eq 3 ] && no_dev "$r1s"; then
	ok "sub-channel is no bus device"
else
	not_ok "sub-channel is no bus device ($(bus_count) devices)"
fi

# ---- bad input -----------------------------------------------------

before=$(cat "$H/devices")
bad=0
refused "$H/new_device" "bogus" || bad=1
refused "$H/new_device" "network not-a-guid" || bad=1
refused "$H/new_device" "network $I4 relid=5000" || bad=1
refused "$H/new_device" "network $I4 colour=red" || bad=1
refused "$H/new_device" "network $I1" || bad=1
refused "$H/new_device" "echo $I4 relid=20" || bad=1
refused "$H/del_device" "abc" || bad=1
refused "$H/del_device" "9999" || bad=1
refused "$H/del_device" "77" || bad=1
refused "$H/faults" "drop nosuch 1" || bad=1
refused "$H/faults" "delay version_response" || bad=1
refused "$H/faults" "frobnicate" || bad=1
refused "$H/faults" "refuse 0x400" || bad=1
refused "$H/inject" "zz" || bad=1
refused "$H/inject" "abc" || bad=1
refused "$H/inject" "size=300 00" || bad=1
refused "$D/new_host" "bad/name" || bad=1
refused "$D/new_host" "sim0" || bad=1
refused "$D/del_host" "nosuch" || bad=1
if [ "$bad" = 0 ] && [ "$(cat "$H/devices")" = "$before" ] &&
	[ "$(bus_count)" -eq 3 ] && [ ! -e "$D/bad" ]; then
	ok "bad input refused, nothing changed"
elif [ "$bad" = 0 ]; then
	not_ok "bad input changed something"
fi

# ---- faults and inject ---------------------------------------------

echo "dup version_response" >"$H/faults"
echo "delay open_result 100" >"$H/faults"
echo "busy 2" >"$H/faults"
if grep -qx "dup version_response 1" "$H/faults" &&
	grep -qx "delay open_result 100" "$H/faults" &&
	grep -qx "busy 2" "$H/faults"; then
	ok "faults shows the switches"
else
	not_ok "faults shows the switches: $(tr '\n' ';' <"$H/faults")"
fi
echo clear >"$H/faults"
if [ "$(cat "$H/faults")" = "busy 0
refuse 0x0
hold 0" ]; then
	ok "faults clear"
else
	not_ok "faults clear: $(tr '\n' ';' <"$H/faults")"
fi

# An UNLOAD_RESPONSE nobody asked for, whose header claims 16 bytes.
sent=$(stat_of "$H" msgs_to_guest)
if echo "size=16 11000000 00000000" >"$H/inject" &&
	wait_until sent_since "$sent" &&
	[ "$(stat_of "$H" version)" = 5.3 ]; then
	ok "inject delivered and survived"
else
	not_ok "inject delivered and survived"
fi

# ---- a second host -------------------------------------------------

if echo sim1 >"$D/new_host" && [ -d "$D/sim1" ] &&
	[ "$(stat_of "$D/sim1" version)" = 5.3 ]; then
	ok "new_host sim1"
else
	not_ok "new_host sim1"
fi
if echo "storage $I5 relid=30" >"$D/sim1/new_device" &&
	wait_until bus_is 4; then
	ok "sim1 device on the bus"
else
	not_ok "sim1 device on the bus ($(bus_count) devices)"
fi
# A burst: offers held back by a delay all arrive at once, so the slot is
# busy and the rest wait for the core's end-of-message.
BURST=40
echo "delay offer 300" >"$D/sim1/faults"
i=0
while [ "$i" -lt "$BURST" ]; do
	i=$((i + 1))
	echo "echo $(printf '22222222-2222-4333-8444-%012d' "$i")" \
		>"$D/sim1/new_device" || break
done
if wait_until bus_is $((BURST + 4)) &&
	[ "$(stat_of "$D/sim1" eoms)" -gt 0 ]; then
	ok "burst of $BURST offers through end-of-message ($(stat_of "$D/sim1" eoms) eoms)"
else
	not_ok "burst of $BURST offers ($(bus_count) devices, $(stat_of "$D/sim1" eoms) eoms)"
fi
if echo sim1 >"$D/del_host" && [ ! -e "$D/sim1" ] &&
	wait_until bus_is 3; then
	ok "del_host sim1 and its device"
else
	not_ok "del_host sim1 and its device ($(bus_count) devices)"
fi

# ---- remove --------------------------------------------------------

# The host's rescinds, and the core's RELID_RELEASED through two "busy"
# posts that the core has to retry.
echo "busy 2" >"$H/faults"
ok_rm=1
echo "$I1" >"$H/del_device" || ok_rm=0
echo "$r2" >"$H/del_device" || ok_rm=0
echo "$I3" >"$H/del_device" || ok_rm=0
if [ "$ok_rm" = 1 ] && wait_until bus_empty; then
	ok "del_device: devices gone from the bus"
else
	not_ok "del_device: devices gone from the bus ($(bus_count) left)"
fi
if wait_until host_empty && [ "$(stat_of "$H" offers_outstanding)" = 0 ]; then
	ok "relids released"
else
	not_ok "relids released: $(tr '\n' ';' <"$H/devices")"
fi
if [ "$(awk '$1 == "busy" { print $2 }' "$H/faults")" = 0 ]; then
	ok "busy posts retried"
else
	not_ok "busy posts retried: $(tr '\n' ';' <"$H/faults")"
fi
if refused "$H/del_device" "$r2"; then
	ok "del_device of a released relid refused"
fi

errs=$(stat_of "$H" protocol_errors)
if [ "$errs" = 0 ]; then
	ok "no protocol errors"
else
	not_ok "no protocol errors ($errs)"
fi

# ---- unload with a device still there ------------------------------

echo "network $I5" >"$H/new_device"
wait_until bus_is 1 || not_ok "last device never appeared"
check_unload vmbc_sim
if bus_empty && [ ! -e "$D" ]; then
	ok "nothing left after vmbc_sim"
else
	not_ok "nothing left after vmbc_sim ($(bus_count) devices)"
fi
if err=$(rmmod vmbc 2>&1) && ! loaded vmbc && [ ! -e /sys/bus/vmbc ]; then
	ok "unload vmbc"
else
	not_ok "unload vmbc $err"
fi

# ---- the log -------------------------------------------------------

# The format hints logged for the bad input above are expected.
check_dmesg ': expected '

[ "$fails" -eq 0 ]
