#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# -m 16M: a clear panic and exit status 2 (SVPN_EXIT_PANIC) within seconds.
. "$(dirname "$0")/lib/common.sh"

BOOT_TIMEOUT=10 QEMU_MEM=16M boot "$(board_elf qemu-virt)"
expect_rc 2
expect "svpn: PANIC: host has 16 MiB of RAM"
expect "-m 512M"
[ "$secs" -le 5 ] || fail "took ${secs}s"
