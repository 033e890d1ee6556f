#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the default KDIR: the newest installed Debian cloud-amd64 headers,
# installing linux-headers-cloud-amd64 first when there are none.
set -euo pipefail

newest() {
	ls -d /usr/src/linux-headers-*-cloud-amd64 2>/dev/null | sort -V | tail -n 1
}

kdir=$(newest || true)
if [ -z "$kdir" ]; then
	echo "kdir: no cloud-amd64 headers; installing linux-headers-cloud-amd64" >&2
	apt-get update -qq >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		linux-headers-cloud-amd64 >&2
	kdir=$(newest)
fi
echo "$kdir"
