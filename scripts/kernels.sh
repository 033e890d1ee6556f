# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the QEMU load tests: which Debian cloud kernels to test, and
# their headers and images. Source this file; it only defines functions.
#
# Nothing here pins a patch level: the kernel releases are asked of apt
# every time, so a new Debian point release is picked up by itself. The
# images are unpacked into the cache, never installed into /boot.

# The cache for images, build trees and logs (outside the repository).
vmbc_cache_dir() {
	local dir="${VMBC_CACHE:-/var/cache/vmbc}"

	mkdir -p "$dir"
	echo "$dir"
}

# Run apt-get update at most once per shell, and only when the lists are
# missing (no candidate for the 6.1 meta package) or a command failed
# because they are stale. Unreachable extra sources must not stop us, so a
# failing update only warns: the apt command that needs it fails visibly.
_vmbc_apt_updated=
_vmbc_apt_update() {
	[[ -z "$_vmbc_apt_updated" ]] || return 1
	_vmbc_apt_updated=1
	echo "kernels.sh: apt-get update" >&2
	apt-get update -qq >&2 || echo "kernels.sh: apt-get update failed (continuing)" >&2
}

# Whether apt has a candidate version of a package. (No "| grep -q" in
# these scripts: under pipefail, grep exiting early fails the writer with
# SIGPIPE at random.)
_vmbc_has_candidate() {
	[[ "$(apt-cache policy "$1" 2>/dev/null)" =~ Candidate:\ [^\(] ]]
}

_vmbc_apt_lists_ready() {
	_vmbc_has_candidate linux-headers-cloud-amd64 || _vmbc_apt_update || true
}

# Run an apt command; if it fails, refresh stale lists once and retry
# (an old Packages file names .debs the mirror no longer has).
_vmbc_apt_retry() {
	"$@" && return 0
	_vmbc_apt_update || return 1
	"$@"
}

# The headers package a meta package depends on, as a kernel release
# ("linux-headers-6.1.0-56-cloud-amd64" -> "6.1.0-56-cloud-amd64").
# apt-cache depends lists the candidate version's dependencies.
_vmbc_meta_kver() {
	{ apt-cache depends "$1" 2>/dev/null || true; } |
		sed -n 's/^ *Depends: linux-headers-\(.*-cloud-amd64\)$/\1/p' |
		head -n 1
}

# Newest headers package of a series (a prefix such as "6.12.") that apt
# knows, then the newest one installed under /usr/src.
_vmbc_newest_kver() {
	local series=$1 dir kver

	kver=$({ apt-cache pkgnames "linux-headers-$series" 2>/dev/null || true; } |
		sed -n 's/^linux-headers-\(.*-cloud-amd64\)$/\1/p' |
		sort -V | tail -n 1)
	if [[ -z "$kver" ]]; then
		kver=$(for dir in /usr/src/linux-headers-"$series"*-cloud-amd64; do
			if [[ -d "$dir" ]]; then
				echo "${dir#/usr/src/linux-headers-}"
			fi
		done | sort -V | tail -n 1)
	fi
	echo "$kver"
}

# The release a meta package points at, else the newest of its series.
_vmbc_kver() {
	local meta=$1 series=$2 kver

	_vmbc_apt_lists_ready
	kver=$(_vmbc_meta_kver "$meta")
	[[ -n "$kver" ]] || kver=$(_vmbc_newest_kver "$series")
	if [[ -z "$kver" ]]; then
		echo "kernels.sh: cannot resolve the ${series}x cloud kernel" >&2
		return 1
	fi
	echo "$kver"
}

# The 6.1 release Debian 12 ships (what linux-headers-cloud-amd64 pulls in).
vmbc_kver_61() {
	_vmbc_kver linux-headers-cloud-amd64 6.1.
}

# The newest 6.12 backport in bookworm(-security), which the 6.12 meta
# package depends on.
vmbc_kver_612() {
	_vmbc_kver linux-headers-6.12-cloud-amd64 6.12.
}

# apt-get install only the packages that are not installed yet.
# (dpkg-query rather than dpkg -s: a removed package whose configuration
# files remain is known to dpkg -s but is not installed.)
_vmbc_missing_packages() {
	local pkg

	for pkg in "$@"; do
		[[ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" == installed ]] ||
			echo "$pkg"
	done
}

# Steps of make test may run side by side (scripts/test-all.sh): one apt
# at a time, and what another installed meanwhile is not asked for again.
vmbc_ensure_packages() {
	local missing

	missing=$(_vmbc_missing_packages "$@")
	[[ -n "$missing" ]] || return 0
	(
		flock 9
		missing=$(_vmbc_missing_packages "$@")
		[[ -n "$missing" ]] || exit 0
		_vmbc_apt_lists_ready
		echo "kernels.sh: installing" $missing >&2
		# shellcheck disable=SC2086 # one word per package
		_vmbc_apt_retry env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -qq --no-install-recommends $missing >&2
	) 9>/var/lock/vmbc-apt.lock
}

# Headers to build modules against. Note: Debian's 6.12 headers package
# depends on the matching linux-image, so apt installs that one too.
vmbc_ensure_headers() {
	local kver=$1

	[[ -d "/usr/src/linux-headers-$kver" ]] && return 0
	vmbc_ensure_packages "linux-headers-$kver"
}

# Unpack the image of release KVER into $CACHE/image-KVER and print the
# path of its vmlinuz. The signed package (what the meta packages and real
# machines install) is preferred; the -unsigned one holds the same kernel
# without the EFI signature. Both are checked for a /boot/vmlinuz.
vmbc_ensure_image() {
	local kver=$1 cache dir vmlinuz pkg deb work

	cache=$(vmbc_cache_dir)
	dir="$cache/image-$kver"
	vmlinuz="$dir/boot/vmlinuz-$kver"
	if [[ -f "$vmlinuz" ]]; then
		echo "$vmlinuz"
		return 0
	fi

	_vmbc_apt_lists_ready
	for pkg in "linux-image-$kver" "linux-image-$kver-unsigned"; do
		_vmbc_has_candidate "$pkg" || continue
		# Download and unpack in a private directory, then rename: an
		# interrupted or concurrent run never leaves a half-unpacked
		# image that looks complete. The .deb is not kept.
		work=$(mktemp -d "$cache/.image-$kver.XXXXXX")
		# apt-get download writes into the current directory. As root,
		# apt would warn that its _apt sandbox user cannot write there;
		# the cache is root's, so skip the sandbox.
		if (cd "$work" && _vmbc_apt_retry apt-get download -qq \
				-o APT::Sandbox::User=root "$pkg") >&2; then
			deb=$(echo "$work/${pkg}"_*.deb)
			if dpkg-deb -c "$deb" | grep " \./boot/vmlinuz-$kver\$" >/dev/null; then
				dpkg-deb -x "$deb" "$work/root"
				# Another run may have finished first: keep its copy.
				if [[ ! -f "$vmlinuz" ]]; then
					rm -rf "$dir"
					mv -T "$work/root" "$dir"
				fi
			else
				echo "kernels.sh: $pkg has no /boot/vmlinuz-$kver" >&2
			fi
		fi
		rm -rf "$work"
		if [[ -f "$vmlinuz" ]]; then
			echo "kernels.sh: unpacked $pkg into $dir" >&2
			echo "$vmlinuz"
			return 0
		fi
	done
	echo "kernels.sh: no linux-image package for $kver" >&2
	return 1
}
