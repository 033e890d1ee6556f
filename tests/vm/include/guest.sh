# SPDX-License-Identifier: GPL-2.0
#
# Sourced by every guest test (busybox sh): scripts/vmtest.sh puts this
# file in the initramfs as /lib.sh. Results are "ok NAME" and
# "not ok NAME REASON" lines; $fails counts the second kind.

fails=0
ok() { echo "ok $*"; }
not_ok() { echo "not ok $*"; fails=$((fails + 1)); }

# Is module $1 (a name, or a file name such as vmbc_sim.ko) loaded?
loaded() { grep -q "^${1%.ko} " /proc/modules; }

# Run "$@" every 0.1 s until it succeeds; give up after $WAIT_TENTHS.
WAIT_TENTHS=50
wait_until() {
	t=$WAIT_TENTHS
	until "$@"; do
		t=$((t - 1))
		[ "$t" -gt 0 ] || return 1
		sleep 0.1
	done
}

# check_unload MODULE: rmmod it, one result line.
check_unload() {
	if err=$(rmmod "$1" 2>&1) && ! loaded "$1"; then
		ok "unload $1"
	else
		not_ok "unload $1 $err"
	fi
}

# check_dmesg [EXPECTED]: no splat (the harness's patterns in
# /etc/vmtest-bad-patterns) and no error, failure, leak or lost echo
# logged by our modules. The kernel's complaint that they are unsigned is
# expected, and so are lines matching the extended regular expression
# EXPECTED.
# shellcheck disable=SC2120 # EXPECTED is optional
check_dmesg() {
	bad=$(dmesg | grep -E -f /etc/vmtest-bad-patterns)
	[ -z "$bad" ] && bad=$(dmesg | grep -v 'module verification failed' |
		grep -vE "${1:-^$}" |
		grep -iE '^(\[[ .0-9]*\] )?vmbc[a-z_]*[: ].*(error|fail|leak|no echo)')
	if [ -z "$bad" ]; then
		ok "dmesg clean"
	else
		not_ok "dmesg clean: $(echo "$bad" | head -n 1)"
	fi
}
