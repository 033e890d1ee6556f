#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make deps: install what "make" needs to build the modules on Debian: a
# compiler, make, and kernel headers: the running kernel's when apt has
# them (linux-headers-$(uname -r)), else Debian's cloud-amd64 headers
# (linux-headers-cloud-amd64), which "make" then builds for and says so.
# The only target that installs packages for a plain build; the test
# commands (make test, make run, ...) install their own.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/kernels.sh source-path=SCRIPTDIR
. "$here/kernels.sh"

running=$(uname -r)
pkgs=(build-essential make kmod)
_vmbc_apt_lists_ready
if [ -d "/lib/modules/$running/build" ]; then
	echo "deps: the running kernel's headers are installed"
elif _vmbc_has_candidate "linux-headers-$running"; then
	pkgs+=("linux-headers-$running")
else
	echo "deps: apt has no linux-headers-$running (a kernel Debian did" \
		"not build?); installing linux-headers-cloud-amd64 instead"
	pkgs+=(linux-headers-cloud-amd64)
fi
vmbc_ensure_packages "${pkgs[@]}"
echo "deps: done; 'make' builds for $("$here/kdir.sh")"
