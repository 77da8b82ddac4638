#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A CPU without Sstc: the M-mode stub keeps the timer, the banner says so.
. "$(dirname "$0")/lib/common.sh"

QEMU_CPU=rv64,h=false,sstc=false boot "$(board_elf qemu-virt)"
expect_rc 0
expect "Sstc no"
expect "svpn: no guest to run: shutting down"
QEMU_CPU=rv64,h=false,sstc=false QEMU_SMP=2 QEMU_MEM=128M boot "$(board_elf qemu-virt-debug)"
expect_rc 0
expect "Sstc no"
