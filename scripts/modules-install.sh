#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# modules-install.sh KDIR SRC: what "make install" does once the modules
# are built: Kbuild's modules_install into
# $INSTALL_MOD_PATH/lib/modules/<release>/updates, then depmod for that
# release, so that modprobe and udev find the modules by name and alias.
#
# Signing: a kernel built with CONFIG_MODULE_SIG_ALL signs what
# modules_install installs, with the key its build left in KDIR. A
# distribution's headers do not ship that key (Debian's do not): then
# the modules are installed unsigned, and this says so, instead of
# letting sign-file fail once per module. A Secure Boot VM wants DKMS's
# key instead (README.md, "Secure Boot").
set -euo pipefail

if (($# != 2)); then
	echo "usage: $0 KDIR SRC" >&2
	exit 2
fi
kdir=$1 src=$2
root=${INSTALL_MOD_PATH:-}

release=$(cat "$kdir/include/config/kernel.release")
args=()
if grep -qx 'CONFIG_MODULE_SIG_ALL=y' "$kdir/.config" 2>/dev/null; then
	key=$(sed -n 's/^CONFIG_MODULE_SIG_KEY="\(.*\)"$/\1/p' "$kdir/.config")
	case "$key" in
	pkcs11:*) ;;
	/*) [ -r "$key" ] || args+=(CONFIG_MODULE_SIG_ALL=) ;;
	*) [ -r "$kdir/$key" ] || args+=(CONFIG_MODULE_SIG_ALL=) ;;
	esac
	if ((${#args[@]})); then
		echo "make install: $kdir has no signing key ($key): the" \
			"modules go in unsigned. A kernel that enforces" \
			"signatures (Secure Boot) refuses them: see README.md," \
			"\"Secure Boot\" (DKMS signs with its own key)."
	fi
fi
make -C "$kdir" M="$src" "${args[@]}" modules_install
depmod -a ${root:+-b "$root"} "$release"
echo "make install: installed for $release${root:+ under $root}; modprobe" \
	"vmbc_sim loads vmbc and the simulated host"
