#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A guest whose ISA has no V cannot run vector instructions on a host hart
# that has V: whatever it writes to its sstatus.VS, the real VS stays Off
# (tests/guests/novector).
. "$(dirname "$0")/lib/common.sh"

guests=$T/guests
smake -C "$srctree/tests/guests" O="$guests" GUESTS=novector
expect_rc 0
set +e
QEMU_CPU=rv64,h=false,v=true timeout -k 5 "$BOOT_TIMEOUT" "$srctree/scripts/run-svpn.sh" \
	"$(board_elf qemu-virt)" --kernel "$guests/novector.bin" </dev/null >"$T/boot.out" 2>&1
rc=$?
set -e
sed 's/^/  | /' "$T/boot.out"
expect_not "PANIC"
expect "novector: vsetvli: scause=2 "
expect "=== SVPN-TEST END novector fails=0 ==="
expect_rc 0
