#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make vmtest: every guest script in tests/vm/ in Debian's 6.1 and 6.12
# cloud kernels, with the modules built against the matching headers.
# Prints "vmtest-all: N passed, N failed".
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$here/scripts/kernels.sh"

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for kver in "$(vmbc_kver_61)" "$(vmbc_kver_612)"; do
	if ! obj=$("$here/scripts/build-modules.sh" "$kver" | tail -n 1); then
		echo "not ok build $kver"
		failed=$((failed + 1))
		continue
	fi
	for script in "$here"/tests/vm/*.sh; do
		# A script names the modules it wants in a line
		# "# vmtest-modules: a.ko b.ko"; the default is the core and
		# the simulated host.
		mods=$(sed -n 's/^# vmtest-modules: *//p' "$script")
		mods=${mods:-vmbc.ko vmbc_sim.ko}
		# shellcheck disable=SC2086 # a list of file names
		"$here/scripts/vmtest.sh" "$kver" "$script" \
			$(printf "$obj/%s " $mods) 2>&1 | tee "$log"
		rc=${PIPESTATUS[0]}
		line=$(grep -E '^vmtest .*: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
		p=$(sed -n 's/.*: \([0-9]*\) passed.*/\1/p' <<<"$line")
		f=$(sed -n 's/.*passed, \([0-9]*\) failed.*/\1/p' <<<"$line")
		p=${p:-0}
		f=${f:-0}
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			f=1
		fi
		passed=$((passed + p))
		failed=$((failed + f))
	done
done

echo "vmtest-all: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
