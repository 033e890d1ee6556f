#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vmtest.sh KVER GUEST_SCRIPT [MODULE.ko ...]
#
# Boot Debian's cloud kernel KVER under QEMU (TCG: this machine's /dev/kvm
# cannot run a stock kernel) with a busybox initramfs holding the modules
# (/modules/, load order in /modules/order), GUEST_SCRIPT as /test.sh and
# the guest scripts' shared functions (tests/vm/include/guest.sh) as
# /lib.sh. The guest script prints "ok NAME" / "not ok NAME REASON" lines.
#
# Two serial ports keep the report apart from kernel messages: ttyS0 is the
# kernel console (saved to $CACHE/logs/vmtest-KVER-SCRIPT.log, which also
# gets the report appended), ttyS1 carries only the guest script's output,
# framed by "@@VMTEST@@" lines, its exit status and the kernel splats /init
# found in dmesg.
#
# Environment: VMBC_SMP (2), VMBC_VM_TIMEOUT (120 s), VMBC_VM_VERBOSE=1
# (print all the guest printed, not only the ok/not ok lines),
# VMBC_VM_APPEND (extra kernel command line), VMBC_VM_BINARIES (static
# programs the guest script needs beyond busybox, copied into /bin by
# their names), VMBC_VM_MODTREE (a /lib/modules/KVER tree, e.g. what dkms
# installed, put in the guest as its own, for modprobe), VMBC_QEMU_ACCEL (tcg; kvm
# only where /dev/kvm runs a stock kernel, as scripts/hyperv-smoke.sh
# checks), VMBC_QEMU_ARGS (extra QEMU arguments), VMBC_CACHE.
#
# A guest script may end by making the guest power off by itself: it
# prints the line "@@VMTEST@@ EXPECT-POWEROFF" first (see below).
#
# Exits non-zero on a timeout, a panic, a missing report, a "not ok", a
# kernel splat in the log, or a non-zero exit of the guest script. The last
# line is always "vmtest KVER: N passed, N failed".
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=kernels.sh source-path=SCRIPTDIR
source "$here/kernels.sh"

if (($# < 2)); then
	echo "usage: $0 KVER GUEST_SCRIPT [MODULE.ko ...]" >&2
	exit 2
fi
kver=$1 script=$2
shift 2

M='@@VMTEST@@'
# Kernel messages that fail a run wherever they appear (grep -E). /init
# gets the same list for its dmesg check.
bad_patterns='WARNING:
BUG:
Oops
Call Trace
KASAN
UBSAN
general protection fault
Kernel panic
refcount_t:
list_(add|del) corruption
blocked for more than
rcu_.* (self-)?detected stall
soft lockup
hard LOCKUP
circular locking dependency
inconsistent lock state
sleeping function called from invalid context
scheduling while atomic'

die() {
	echo "vmtest.sh: $*" >&2
	echo "vmtest $kver: 0 passed, 1 failed"
	exit 1
}

[[ -f "$script" ]] || die "no guest script $script"
vmbc_ensure_packages qemu-system-x86 busybox-static cpio gzip kmod file
vmlinuz=$(vmbc_ensure_image "$kver") || die "no image for $kver"

cache=$(vmbc_cache_dir)
mkdir -p "$cache/logs"
log="$cache/logs/vmtest-$kver-$(basename "$script" .sh).log"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root="$tmp/root"
mkdir -p "$root"/{bin,dev,etc,proc,sys,tmp,modules}

# Static busybox and a symlink per applet.
cp /bin/busybox "$root/bin/"
for applet in $(/bin/busybox --list); do
	[[ -e "$root/bin/$applet" ]] || ln -s busybox "$root/bin/$applet"
done

# The modules, in the order given. A module loads only into the exact
# kernel it was built against: catch a mismatch here, not as an insmod
# error after a boot.
for ko in "$@"; do
	[[ -f "$ko" ]] || die "no module $ko"
	name=$(basename "$ko")
	[[ ! -e "$root/modules/$name" ]] || die "module $name given twice"
	vermagic=$(modinfo -F vermagic "$ko")
	[[ "$vermagic" == "$kver "* ]] ||
		die "$ko was built for ${vermagic%% *}, not $kver"
	cp "$ko" "$root/modules/"
	echo "$name" >>"$root/modules/order"
done
touch "$root/modules/order"
if [[ -n "${VMBC_VM_MODTREE:-}" ]]; then
	[[ -f "$VMBC_VM_MODTREE/modules.dep" ]] ||
		die "VMBC_VM_MODTREE=$VMBC_VM_MODTREE has no modules.dep"
	mkdir -p "$root/lib/modules"
	cp -a "$VMBC_VM_MODTREE" "$root/lib/modules/$kver"
fi

# Static programs beyond busybox's (dynamic ones would need their
# libraries, which the initramfs does not have).
for prog in ${VMBC_VM_BINARIES:-}; do
	[[ -x "$prog" ]] || die "no program $prog"
	file -L "$prog" | grep -q 'statically linked' ||
		die "$prog is not statically linked"
	cp -L "$prog" "$root/bin/"
done

cp "$script" "$root/test.sh"
cp "$here/../tests/vm/include/guest.sh" "$root/lib.sh"
echo "$bad_patterns" >"$root/etc/vmtest-bad-patterns"

# PID 1. It must never exit (the kernel would panic), hence the loop
# after poweroff.
cat >"$root/init" <<EOF
#!/bin/sh
export PATH=/bin HOME=/ VMBC_KVER="\$(uname -r)"
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
cd /

# The test's output goes to the console too, so the log shows it among
# the kernel's messages. Closing ttyS1 waits until its output is sent, so
# nothing is lost to the poweroff.
echo "$M BEGIN \$VMBC_KVER" >/dev/ttyS1
{ sh /test.sh; echo \$? >/tmp/status; } 2>&1 | tee /dev/ttyS1
{
	echo "$M END status=\$(cat /tmp/status)"
	echo "$M DMESG-BEGIN"
	dmesg | grep -E -f /etc/vmtest-bad-patterns
	echo "$M DMESG-END"
	echo "$M DONE"
} >/dev/ttyS1
poweroff -f
while :; do sleep 1; done
EOF
chmod +x "$root/init"

(cd "$root" && find . | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$tmp/initrd.gz"

# panic=-1 reboots at once on a panic, and -no-reboot turns that reboot
# into a QEMU exit: a crash ends the run instead of hanging until timeout.
cmdline="console=ttyS0 loglevel=7 panic=-1 oops=panic panic_on_warn=1"
cmdline+=" ${VMBC_VM_APPEND:-}"

echo "[$kver] booting with $(basename "$script") ${*##*/}" >&2
start=$(date +%s%N)
qemu_rc=0
# shellcheck disable=SC2086 # extra QEMU arguments, split on purpose
timeout -k 10 "${VMBC_VM_TIMEOUT:-120}" \
	qemu-system-x86_64 -accel "${VMBC_QEMU_ACCEL:-tcg}" \
	${VMBC_QEMU_ARGS:-} -smp "${VMBC_SMP:-2}" -m 512 \
	-nographic -no-reboot -nodefaults \
	-serial stdio -serial "file:$tmp/report" \
	-kernel "$vmlinuz" -initrd "$tmp/initrd.gz" -append "$cmdline" \
	</dev/null >"$tmp/console" 2>&1 || qemu_rc=$?
elapsed=$((($(date +%s%N) - start) / 1000000))

touch "$tmp/report"
# Without the carriage returns and SeaBIOS's terminal escapes.
sed -e 's/\r$//' -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1bc//g' \
	"$tmp/console" >"$log"
tr -d '\r' <"$tmp/report" >"$tmp/report.txt"
{
	echo "==== ttyS1: report channel ===="
	cat "$tmp/report.txt"
} >>"$log"

# Lines strictly between two markers of the report.
between() {
	sed -n "/^$M $1/,/^$M $2/{/^$M /d;p}" "$tmp/report.txt"
}

# A guest script that makes the guest power off by itself (the simulated
# host's shutdown request to Linux's hv_utils) says so first with the
# marker "EXPECT-POWEROFF": its report then ends there, and the poweroff
# itself is its last check. Had the guest not powered off, the script
# goes on (and says "not ok"), and /init ends the report as usual.
self_poweroff=0
if grep -x "$M EXPECT-POWEROFF" "$tmp/report.txt" >/dev/null &&
   ! grep -x "$M DONE" "$tmp/report.txt" >/dev/null; then
	self_poweroff=1
fi

problems=()
if ((qemu_rc == 124 || qemu_rc == 137)); then
	problems+=("timeout after ${VMBC_VM_TIMEOUT:-120} s")
elif ((qemu_rc != 0)); then
	problems+=("qemu exited with status $qemu_rc")
fi
if grep -E 'Kernel panic' "$log" >/dev/null; then
	problems+=("kernel panic")
fi
if ((!self_poweroff)) && ! grep -x "$M DONE" "$tmp/report.txt" >/dev/null; then
	problems+=("no final report from the guest")
fi
# The console saw every message (loglevel=7), the guest's dmesg check
# covers a message the console missed.
splats=$( (sed -n "/^==== ttyS1/q;p" "$log"; between DMESG-BEGIN DMESG-END) |
	grep -E -f <(echo "$bad_patterns") | sort -u || true)
if [[ -n "$splats" ]]; then
	problems+=("kernel warnings in the log:")
	while IFS= read -r line; do
		problems+=("  $line")
	done <<<"$splats"
fi

prefix() {
	while IFS= read -r line; do
		echo "[$kver] $line"
	done
}

if ((self_poweroff)); then
	output=$(between BEGIN EXPECT-POWEROFF)
	if ((qemu_rc == 0)) && ! grep -E 'Kernel panic' "$log" >/dev/null; then
		output+=$'\nok the guest powered off by itself'
	fi
else
	output=$(between BEGIN END)
fi
if [[ "${VMBC_VM_VERBOSE:-0}" == 1 ]]; then
	[[ -z "$output" ]] || prefix <<<"$output"
else
	{ grep -E '^(not )?ok( |$)' <<<"$output" || true; } | prefix
fi
passed=$(grep -cE '^ok( |$)' <<<"$output" || true)
failed=$(grep -cE '^not ok( |$)' <<<"$output" || true)
# A failing exit status is a failure of its own only when no "not ok"
# explains it; no checks at all means the script did not run properly.
status=$(sed -n "s/^$M END status=//p" "$tmp/report.txt")
if [[ -n "$status" && "$status" != 0 ]] && ((failed == 0)); then
	problems+=("guest script exited with status $status")
fi
if ((passed + failed == 0)) && ((${#problems[@]} == 0)); then
	problems+=("the guest script reported no checks")
fi

echo "[$kver] vm ran for $((elapsed / 1000)).$((elapsed % 1000 / 100)) s, log in $log"
if ((${#problems[@]})); then
	failed=$((failed + 1))
	echo "[$kver] not ok harness: ${problems[0]}"
	for line in "${problems[@]:1}"; do
		echo "[$kver]   $line"
	done
	echo "[$kver] ---- last lines of the console ----" >&2
	sed -n "/^==== ttyS1/q;p" "$log" | tail -n 40 >&2
fi
echo "vmtest $kver: $passed passed, $failed failed"
((failed == 0))
