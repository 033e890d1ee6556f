#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make test: the unit suites, a short benchmark run that checks its own
# signalling, then a short fuzz run that must not crash.
# The last line sums both: "ring-userspace: N passed, N failed".
set -uo pipefail

b=$1
secs=$2
passed=0
failed=0

out=$("$b/ring_test" 2>&1)
rc=$?
echo "$out"
line=$(printf '%s\n' "$out" | sed -n 's/^ring-unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' | tail -n 1)
if [ -n "$line" ]; then
	passed=$((passed + ${line% *}))
	failed=$((failed + ${line#* }))
fi
# a crash before the summary still counts as a failure
if [ $rc -ne 0 ] && [ "$failed" -eq 0 ]; then
	failed=$((failed + 1))
fi

# The benchmark, briefly, for what it checks by itself: with two threads
# no wakeup is lost and every packet arrives (it exits non-zero
# otherwise), and no path raises a spurious signal either way.
echo "bench: smoke run"
if "$b/ring_bench" -t 0.02 -r 1 -o 64:32:2 >"$b/bench-smoke.log" 2>&1 &&
   "$b/ring_bench" -t 0.02 -r 1 -o 1500:1:1 >>"$b/bench-smoke.log" 2>&1 &&
   [ "$(grep -c '^ring path=' "$b/bench-smoke.log")" -eq 6 ] &&
   ! grep -E '\(([1-9][0-9]*) spurious\)' "$b/bench-smoke.log"; then
	echo "ok bench smoke"
	passed=$((passed + 1))
else
	cat "$b/bench-smoke.log"
	echo "not ok bench smoke"
	failed=$((failed + 1))
fi

mkdir -p "$b/corpus-smoke"
echo "fuzz: ${secs}s smoke run"
if RING_FUZZ_STATS=1 "$b/ring_fuzz" -max_total_time="$secs" -print_final_stats=1 \
	-artifact_prefix="$b/" \
	"$b/corpus-smoke" >"$b/fuzz-smoke.log" 2>&1; then
	grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec|^ring-fuzz:' \
		"$b/fuzz-smoke.log" || true
	echo "ok fuzz smoke"
	passed=$((passed + 1))
else
	tail -n 40 "$b/fuzz-smoke.log"
	echo "not ok fuzz smoke (see $b/fuzz-smoke.log)"
	failed=$((failed + 1))
fi

echo "ring-userspace: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
