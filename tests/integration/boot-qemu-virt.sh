#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# configs/qemu-virt_defconfig boots to its banner and, with no guest, shuts
# down with exit status 0 (make run's command line).
. "$(dirname "$0")/lib/common.sh"

boot "$(board_elf qemu-virt)"
expect_rc 0
expect "$(banner_line qemu-virt)"
expect "DEBUG_ASSERT=n"
expect "host: 1 hart(s)"
expect "Sstc yes"
expect "memory map:"
expect "svpn: no guest to run: shutting down"
expect_not "PANIC"
