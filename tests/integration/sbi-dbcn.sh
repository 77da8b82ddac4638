#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SBI DBCN (tests/guests/dbcn, 64 MiB of RAM): the buffers it writes reach
# the console whole, write_byte too, a read with no input returns 0 bytes,
# and every buffer that is not all guest RAM is refused without output.
. "$(dirname "$0")/lib/common.sh"

guests=$T/guests
smake -C "$srctree/tests/guests" O="$guests" GUESTS=dbcn
expect_rc 0
set +e
timeout -k 5 "$BOOT_TIMEOUT" "$srctree/scripts/run-svpn.sh" "$(board_elf qemu-virt)" \
	--kernel "$guests/dbcn.bin" --mem 64 </dev/null >"$T/boot.out" 2>&1
rc=$?
set -e
sed 's/^/  | /' "$T/boot.out"
expect_not "PANIC"
# What the guest wrote, each alone on its line (the guest prints a newline after each call).
tr -d '\r' <"$T/boot.out" >"$T/lines.out"
for line in "dbcn says hello" "across a page" "!"; do
	grep -qxF -- "$line" "$T/lines.out" || fail "no line '$line' of its own"
done
expect "write across the end of RAM: error=-3"
expect "write with an upper address half: error=-1"
expect "=== SVPN-TEST END dbcn fails=0 ==="
expect_rc 0
