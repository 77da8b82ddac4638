#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Other missing prerequisites name their Debian package: kconfiglib (Kconfig
# targets) and linux-source-6.1 (the libfdt sources).
. "$(dirname "$0")/lib/common.sh"

obj=$T/obj
smake -C "$srctree" O="$obj" PYTHON=/nonexistent/python3 qemu-virt_defconfig
[ "$rc" -ne 0 ] || fail "defconfig succeeded without Python"
expect "python3-kconfiglib" "$T/make.out"

smake -C "$srctree" O="$obj" qemu-virt_defconfig
expect_rc 0
smake -C "$srctree" O="$obj" LINUX_SOURCE_TARBALL=/nonexistent/linux-source-6.1.tar.xz
[ "$rc" -ne 0 ] || fail "make succeeded without the libfdt sources"
expect "linux-source-6.1" "$T/make.out"
! grep -qE '^  CC ' "$T/make.out" || fail "compiled before noticing"
