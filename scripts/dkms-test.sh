#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-test.sh: the tree installed as a user installs it, then loaded by
# name and by alias.
#
#  0. make install INSTALL_MOD_PATH=<scratch> for 6.12: the modules land
#     in lib/modules/<release>/updates with depmod's files beside them,
#     unsigned (Debian's headers carry no signing key), saying so. make
#     deps; and which kernel a plain "make" builds for, with and without
#     the running kernel's headers (a mount namespace hides them).
#  1. dkms add, build and install vmbc for Debian's 6.1 and 6.12 cloud
#     kernels, in a private mount namespace whose /usr/src, /var/lib/dkms
#     and /lib/modules are overlays on a scratch directory: nothing is
#     left on this machine (checked after). DKMS signs the modules with
#     its MOK key, as on a Secure Boot VM; the test checks the signature.
#  2. The 6.12 tree dkms installed (modules.dep and modules.alias from its
#     depmod included) boots as the guest's /lib/modules in QEMU, where
#     tests/dkms/dkms-guest.sh loads vmbc_sim with modprobe (vmbc comes by
#     modules.dep) and lets a uevent load the echo driver by its alias
#     (VMBC_DEVICE_TABLE()) through busybox's mdev.
#
# Prints "dkms: N passed, N failed".
set -uo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/kernels.sh
. "$here/scripts/kernels.sh"

passed=0
failed=0
ok() { echo "ok $*"; passed=$((passed + 1)); }
not_ok() { echo "not ok $*"; failed=$((failed + 1)); }
finish() {
	echo "dkms: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

vmbc_ensure_packages dkms openssl rsync kmod xz-utils
version=$(sed -n 's/^#define VMBC_VERSION\t*"\(.*\)"$/\1/p' \
	"$here/include/vmbc/version.h")
conf_version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$here/dkms.conf")
if [ -n "$version" ] && [ "$version" = "$conf_version" ]; then
	ok "dkms.conf's PACKAGE_VERSION is VMBC_VERSION ($version)"
else
	not_ok "dkms.conf's PACKAGE_VERSION '$conf_version' is not VMBC_VERSION '$version'"
	finish
fi

k61=$(vmbc_kver_61)
k612=$(vmbc_kver_612)
for k in "$k61" "$k612"; do
	vmbc_ensure_headers "$k"
done

cache=$(vmbc_cache_dir)
stage=$cache/dkms
rm -rf "$stage"
mkdir -p "$stage/src/checkout" "$stage/out"
# A source tree in a directory of any name, as README's "dkms add ." takes
# it (DKMS copies it to /usr/src/vmbc-<version>): no .git, no build
# products.
rsync -a --exclude=.git --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude=Module.symvers \
	--exclude=modules.order "$here/" "$stage/src/checkout/"

# 0. make install, in a copy of the tree, into a scratch root.
cp -a "$stage/src/checkout" "$stage/make-install"
if make -C "$stage/make-install" install KDIR="/usr/src/linux-headers-$k612" \
	INSTALL_MOD_PATH="$stage/root" >"$stage/make-install.log" 2>&1 &&
	[ "$(find "$stage/root/lib/modules/$k612/updates" -name 'vmbc*.ko*' | wc -l)" -eq 4 ] &&
	grep -q "^alias vmbc:8e4a3cbe0d5f8b4c9a3e6563686f0001 vmbc_echo$" \
		"$stage/root/lib/modules/$k612/modules.alias" &&
	grep -q "vmbc_sim.ko.*: .*vmbc.ko" "$stage/root/lib/modules/$k612/modules.dep"; then
	ok "make install: four modules in updates/, depmod's alias and dependency"
	# Debian's headers have no signing key: said once, no sign-file errors
	if grep -q "no signing key .*go in unsigned" "$stage/make-install.log" &&
		! grep -q "sign-file\|SSL error" "$stage/make-install.log" &&
		[ -z "$(modinfo -F signer "$(find "$stage/root" -name 'vmbc.ko*')")" ]; then
		ok "make install: no signing key in the headers, said so, unsigned"
	else
		not_ok "make install without the kernel's key: $(grep -i 'sign' "$stage/make-install.log" | head -n 3)"
	fi
else
	tail -n 20 "$stage/make-install.log"
	not_ok "make install INSTALL_MOD_PATH=$stage/root"
fi
rm -rf "$stage/make-install"

# make deps: what a plain build needs (here: all there already, or a
# few packages), and it ends naming the kernel "make" builds for.
if make -C "$here" deps >"$stage/deps.log" 2>&1 &&
	grep -q "^deps: done; 'make' builds for /" "$stage/deps.log"; then
	ok "make deps: $(grep "^deps: done" "$stage/deps.log")"
else
	not_ok "make deps: $(tail -n 3 "$stage/deps.log")"
fi

# 0b. Which kernel "make" builds for, in a private mount namespace whose
# /lib/modules (and then /usr/src) are empty tmpfs: the running kernel's
# headers when there are some; else the newest cloud headers, saying so;
# else a failure that says what to do, and no package installed.
unshare --mount --propagation private bash -s -- "$here" "$k61" \
	>"$stage/kdir.log" 2>&1 <<'INNER'
here=$1 k61=$2
running=$(uname -r)
mount -t tmpfs tmpfs /lib/modules || { echo "RESULT mount 1"; exit 1; }
mkdir -p "/lib/modules/$running"
ln -s "/usr/src/linux-headers-$k61" "/lib/modules/$running/build"
out=$("$here/scripts/kdir.sh" 2>/tmp/kdir-err.$$); rc=$?
echo "RESULT running $rc $out $(wc -c </tmp/kdir-err.$$)"
rm -rf "/lib/modules/$running"
out=$("$here/scripts/kdir.sh" 2>/tmp/kdir-err.$$); rc=$?
echo "RESULT other $rc $out"
echo "NOTE $(cat /tmp/kdir-err.$$)"
mount -t tmpfs tmpfs /usr/src
out=$(make --no-print-directory -C "$here" modules 2>&1); rc=$?
echo "RESULT none $rc"
echo "MAKE $out"
rm -f /tmp/kdir-err.$$
INNER
result() { sed -n "s/^RESULT $1 //p" "$stage/kdir.log"; }
newest=$(ls -d /usr/src/linux-headers-*-cloud-amd64 | sort -V | tail -n 1)
[ "$(result running)" = "0 $(readlink -f "/usr/src/linux-headers-$k61") 0" ] &&
	ok "make builds for the running kernel when its headers are there" ||
	not_ok "kdir.sh with the running kernel's headers: $(result running)"
if [ "$(result other)" = "0 $newest" ] &&
	grep -q "^NOTE kdir: no headers for the running kernel .*make deps" "$stage/kdir.log"; then
	ok "without them, make builds for ${newest#/usr/src/linux-headers-} and says why"
else
	not_ok "kdir.sh without the running kernel's headers: $(result other)"
fi
if [ "$(result none)" != 0 ] &&
	grep -q "^MAKE kdir: no kernel headers.*'make deps' installs them" "$stage/kdir.log" &&
	! grep -q "apt-get\|installing" "$stage/kdir.log"; then
	ok "with no headers at all, make fails, names 'make deps', installs nothing"
else
	not_ok "make with no headers: $(result none) $(sed -n 's/^MAKE //p' "$stage/kdir.log")"
fi
if [ "$(result mount)" = 1 ]; then
	cat "$stage/kdir.log"
fi

modules_dir=$(readlink -f /lib/modules)
# Everything dkms writes lands in the overlays' upper directories.
unshare --mount --propagation private bash -s -- "$stage" "$version" \
	"$modules_dir" "$k61" "$k612" >"$stage/log" 2>&1 <<'INNER'
set -uo pipefail
stage=$1 version=$2 modules_dir=$3
shift 3
for d in /usr/src /var/lib/dkms "$modules_dir"; do
	mkdir -p "$d" "$stage/upper$d" "$stage/work$d"
	mount -t overlay overlay \
		-o "lowerdir=$d,upperdir=$stage/upper$d,workdir=$stage/work$d" \
		"$d" || { echo "RESULT mount 1"; exit 1; }
done
dkms add "$stage/src/checkout"
echo "RESULT add $?"
for k in "$@"; do
	dkms build "vmbc/$version" -k "$k"
	echo "RESULT build-$k $?"
	dkms install "vmbc/$version" -k "$k"
	echo "RESULT install-$k $?"
	mkdir -p "$stage/out/$k"
	cp -a "$modules_dir/$k/updates" "$stage/out/$k/" 2>/dev/null
	cp -a "$modules_dir/$k"/modules.* "$stage/out/$k/" 2>/dev/null
done
dkms status vmbc
cp /var/lib/dkms/mok.pub "$stage/out/mok.pub" 2>/dev/null
INNER
result() { sed -n "s/^RESULT $1 //p" "$stage/log"; }
if [ "$(result mount)" = 1 ]; then
	cat "$stage/log"
	not_ok "overlays for dkms (no overlayfs here?)"
	finish
fi
[ "$(result add)" = 0 ] && ok "dkms add" || not_ok "dkms add"
for k in "$k61" "$k612"; do
	if [ "$(result "build-$k")" = 0 ] && [ "$(result "install-$k")" = 0 ]; then
		ok "dkms build and install for $k"
	else
		not_ok "dkms build and install for $k"
		continue
	fi
	mods=$(find "$stage/out/$k/updates" -name 'vmbc*.ko*' | sort)
	n=$(echo "$mods" | grep -c . || true)
	[ "$n" -eq 4 ] && ok "four modules installed for $k" ||
		not_ok "four modules installed for $k (found $n: $mods)"
	for m in $mods; do
		v=$(modinfo -F version "$m")
		signer=$(modinfo -F signer "$m")
		if [ "$v" = "$version" ] && [ -n "$signer" ]; then
			ok "$(basename "$m") ($k): version $v, signed by '$signer'"
		else
			not_ok "$(basename "$m") ($k): version '$v', signer '$signer'"
		fi
	done
	grep -q "^alias vmbc:8e4a3cbe0d5f8b4c9a3e6563686f0001 vmbc_echo$" \
		"$stage/out/$k/modules.alias" &&
		ok "depmod put vmbc_echo's alias in modules.alias ($k)" ||
		not_ok "depmod put vmbc_echo's alias in modules.alias ($k)"
done
if [ -f "$stage/out/mok.pub" ]; then
	ok "DKMS's MOK certificate is $(openssl x509 -inform DER -noout -subject \
		-in "$stage/out/mok.pub" 2>/dev/null || echo '?')"
fi
# Nothing of it outside the namespace.
if [ ! -e "/usr/src/vmbc-$version" ] && [ ! -e /var/lib/dkms/vmbc ] &&
	! find "$modules_dir"/*/updates/dkms -name 'vmbc*' 2>/dev/null | grep -q .; then
	ok "nothing left on the machine"
else
	not_ok "dkms left files on the machine"
fi
if [ "$failed" -ne 0 ]; then
	tail -n 40 "$stage/log"
	finish
fi

# 2. The installed 6.12 tree, in a guest.
log=$(mktemp)
VMBC_VM_MODTREE="$stage/out/$k612" "$here/scripts/vmtest.sh" "$k612" \
	"$here/tests/dkms/dkms-guest.sh" 2>&1 | tee "$log"
line=$(grep -E '^vmtest .*: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
p=$(sed -n 's/.*: \([0-9]*\) passed.*/\1/p' <<<"$line")
f=$(sed -n 's/.*passed, \([0-9]*\) failed.*/\1/p' <<<"$line")
rm -f "$log"
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-1}))
finish
