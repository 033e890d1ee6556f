#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what tools/ring needs when it is missing (a fresh Debian 12).
set -euo pipefail

need=()
dpkg -s clang >/dev/null 2>&1 || need+=(clang)
# the fuzzer and sanitizer runtimes of the default clang
dpkg -s libclang-rt-dev >/dev/null 2>&1 ||
	ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
		>/dev/null 2>&1 || need+=(libclang-rt-dev)
if [ ${#need[@]} -gt 0 ]; then
	echo "ring: installing ${need[*]}" >&2
	apt-get update -qq >&2 || true
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
fi
