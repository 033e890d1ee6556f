#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make test: every check and suite, in order of cost. Each step prints a
# line "<step>: N passed, N failed"; this script adds them up and ends
# with one line "total: N passed, N failed". Exits non-zero on any failure.
# Installs what it needs (each step asks apt for its own packages).
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 1

steps=(
	"scripts/check.sh"
	"scripts/matrix.sh"
	"scripts/kunit.sh uml & scripts/kunit.sh uml-debug"
	"scripts/kunit.sh x86_64 & scripts/kunit.sh x86_64-debug"
	"scripts/vmtest-all.sh"
	"scripts/dkms-test.sh"
	"scripts/hyperv-smoke.sh"
)
[ -f tools/ring/Makefile ] && steps+=("make -s -C tools/ring test")

passed=0
failed=0
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# Count a finished step from its output in $1 and its exit code $2.
count() {
	local out=$1 rc=$2 step=$3 secs=$4 line p f

	line=$(grep -E '^[a-z0-9 ._-]+: [0-9]+ passed, [0-9]+ failed' "$out" | tail -n 1)
	p=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' <<<"$line")
	f=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' <<<"$line")
	p=${p:-0}
	f=${f:-0}
	# A step that failed without counting a failure (it crashed or its
	# harness broke) still counts as one.
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	echo "=== $step: $p passed, $f failed ($secs s)"
	passed=$((passed + p))
	failed=$((failed + f))
}

for step in "${steps[@]}"; do
	start=$SECONDS
	if [[ "$step" != *" & "* ]]; then
		echo "=== $step"
		# shellcheck disable=SC2086 # each step is a command line
		$step 2>&1 | tee "$logs/out"
		count "$logs/out" "${PIPESTATUS[0]}" "$step" $((SECONDS - start))
		continue
	fi
	# "A & B": steps that each leave a CPU idle much of the time (UML
	# runs its tests on one; a QEMU KUnit kernel waits on its two vCPUs
	# as much as it runs them) run side by side; their outputs follow
	# each other at the end.
	IFS='&' read -ra group <<<"$step"
	for i in "${!group[@]}"; do
		sub=$(xargs <<<"${group[$i]}")
		# shellcheck disable=SC2086 # each step is a command line
		{ $sub >"$logs/out$i" 2>&1; echo $? >"$logs/rc$i"; } &
	done
	wait
	for i in "${!group[@]}"; do
		sub=$(xargs <<<"${group[$i]}")
		echo "=== $sub (beside the others of: $step)"
		cat "$logs/out$i"
		count "$logs/out$i" "$(cat "$logs/rc$i")" "$sub" $((SECONDS - start))
	done
done

echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
