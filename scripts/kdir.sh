#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the kernel build directory "make" builds for, and say on stderr
# why when it is not the running kernel's:
#   1. /lib/modules/$(uname -r)/build, the running kernel's headers;
#   2. else the newest installed Debian cloud-amd64 headers, with a note
#      that the modules will not load into the running kernel;
#   3. else nothing: exits 1, saying how to get headers ("make deps").
# It never installs anything.
set -euo pipefail

running=$(uname -r)
if [ -d "/lib/modules/$running/build" ]; then
	readlink -f "/lib/modules/$running/build"
	exit 0
fi

newest=$(ls -d /usr/src/linux-headers-*-cloud-amd64 2>/dev/null | sort -V |
	tail -n 1 || true)
if [ -n "$newest" ]; then
	echo "kdir: no headers for the running kernel $running" \
		"(/lib/modules/$running/build); building for" \
		"${newest#/usr/src/linux-headers-} instead: those modules load" \
		"only into that kernel. 'make deps' installs the running" \
		"kernel's headers where apt has them; KDIR=... picks another" \
		"kernel." >&2
	echo "$newest"
	exit 0
fi

echo "kdir: no kernel headers: neither /lib/modules/$running/build nor any" \
	"/usr/src/linux-headers-*-cloud-amd64. 'make deps' installs them" \
	"(linux-headers-$running, else linux-headers-cloud-amd64); or set" \
	"KDIR to a kernel build directory." >&2
exit 1
