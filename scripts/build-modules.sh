#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-modules.sh KVER
#
# Build the out-of-tree modules against Debian's headers for kernel release
# KVER, in a copy of the sources under $CACHE/obj/KVER/ (so that neither
# the developer's in-place build nor another kernel's objects interfere).
# W=1, and any warning fails the build. The build log goes to stderr; the
# last line on stdout is the directory holding the .ko files.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
src=$(dirname "$here")
# shellcheck source=kernels.sh source-path=SCRIPTDIR
source "$here/kernels.sh"

if (($# != 1)); then
	echo "usage: $0 KVER" >&2
	exit 2
fi
kver=$1

vmbc_ensure_packages make rsync
vmbc_ensure_headers "$kver"

obj="$(vmbc_cache_dir)/obj/$kver"
# A clean build every time: it takes seconds, and no stale object can
# slip in whatever times the sources carry.
rm -rf "$obj"
mkdir -p "$obj"

# Copy the sources only, build products excluded.
rsync -rlpD --checksum --delete --exclude=.git \
	--exclude='*.o' --exclude='*.ko' --exclude='*.ko.*' --exclude='*.a' \
	--exclude='*.mod' --exclude='*.mod.c' --exclude='.*.cmd' \
	--exclude='.*.d' --exclude=Module.symvers --exclude=modules.order \
	"$src/" "$obj/"

log="$obj/build.log"
echo "build-modules.sh: building against $kver in $obj" >&2
make -C "/usr/src/linux-headers-$kver" M="$obj" W=1 -j"$(nproc)" modules \
	2>&1 | tee "$log" >&2

# Compiler warnings ("warning:") and modpost's ("WARNING: modpost: ...",
# e.g. an undefined symbol, which would only show up at insmod time).
if grep -i 'warning:' "$log" >&2; then
	echo "build-modules.sh: warnings in the $kver build (see above)" >&2
	exit 1
fi

echo "$obj"
