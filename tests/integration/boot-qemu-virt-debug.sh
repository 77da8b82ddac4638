#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# configs/qemu-virt-debug_defconfig: the banner shows the debug build.
. "$(dirname "$0")/lib/common.sh"

# 128M: the debug build poisons every free page at boot (seconds for 512M).
QEMU_MEM=128M boot "$(board_elf qemu-virt-debug)"
expect_rc 0
expect "$(banner_line qemu-virt-debug)"
expect "DEBUG_ASSERT=y"
expect "PAGE_POISON=y"
expect "LOGLEVEL=3"
expect "svpn: no guest to run: shutting down"
expect_not "PANIC"
