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
	"scripts/kunit.sh uml"
	"scripts/kunit.sh uml-debug"
	"scripts/kunit.sh x86_64"
	"scripts/kunit.sh x86_64-debug"
	"scripts/vmtest-all.sh"
	"scripts/dkms-test.sh"
	"scripts/hyperv-smoke.sh"
)
[ -f tools/ring/Makefile ] && steps+=("make -s -C tools/ring test")

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for step in "${steps[@]}"; do
	echo "=== $step"
	start=$SECONDS
	# shellcheck disable=SC2086 # each step is a command line
	$step 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^[a-z0-9 ._-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	p=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\1/p' <<<"$line")
	f=$(sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed.*/\2/p' <<<"$line")
	p=${p:-0}
	f=${f:-0}
	# A step that failed without counting a failure (it crashed or its
	# harness broke) still counts as one.
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	echo "=== $step: $p passed, $f failed ($((SECONDS - start)) s)"
	passed=$((passed + p))
	failed=$((failed + f))
done

echo "total: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
