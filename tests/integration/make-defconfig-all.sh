#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Configure and build in one command, as run-all.sh is asked to do:
# make O=<dir> <board>_defconfig all, on a directory with no .config yet.
. "$(dirname "$0")/lib/common.sh"

out=$T/out
smake -C "$srctree" O="$out" -j"$SVPN_JOBS" LINUX_SOURCE_TARBALL="$SVPN_LIBFDT_TARBALL" \
	qemu-virt-debug_defconfig all
expect_rc 0
[ -f "$out/svpn.elf" ] || fail "no svpn.elf"
boot "$out/svpn.elf"
expect_rc 0
expect "$(banner_line qemu-virt-debug)"
