#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A missing cross compiler (make CROSS_COMPILE=nonexistent-): one line that
# names the Debian package to install.
. "$(dirname "$0")/lib/common.sh"

obj=$T/obj
smake -C "$srctree" O="$obj" qemu-virt_defconfig
expect_rc 0
smake -C "$srctree" O="$obj" CROSS_COMPILE=nonexistent-
[ "$rc" -ne 0 ] || fail "make succeeded without a compiler"
grep -vE "^make(\[[0-9]+\])?: (Entering|Leaving) directory" "$T/make.out" >"$T/lines"
[ "$(wc -l <"$T/lines")" -eq 1 ] || fail "expected one line, got $(wc -l <"$T/lines")"
expect "gcc-riscv64-unknown-elf" "$T/lines"
