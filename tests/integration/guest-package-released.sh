#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Once its guests are created, the guest package (the machine's initrd) is
# free memory again: a guest with a 24 MiB initrd boots on the debug board
# (page poisoning: released pages are poisoned and checked when reused),
# SVPN says how much it gave back, and nothing breaks.
. "$(dirname "$0")/lib/common.sh"

guests=$T/guests
smake -C "$srctree/tests/guests" O="$guests" GUESTS=timer
expect_rc 0
head -c $((24 << 20)) /dev/urandom >"$T/initrd"
set +e
QEMU_MEM=512M timeout -k 5 "$BOOT_TIMEOUT" "$srctree/scripts/run-svpn.sh" \
	"$(board_elf qemu-virt-debug)" --kernel "$guests/timer.bin" --initrd "$T/initrd" \
	--mem 64 </dev/null >"$T/boot.out" 2>&1
rc=$?
set -e
expect_rc 0
expect_not "PANIC"
expect "=== SVPN-TEST END timer fails=0 ==="
kib=$(sed -n 's/.*guest package released: \([0-9]*\) KiB.*/\1/p' "$T/boot.out")
[ -n "$kib" ] || fail "SVPN did not release the guest package"
[ "$kib" -ge $((24 << 10)) ] || fail "released only $kib KiB of a package holding a 24 MiB initrd"
info "guest package released: $kib KiB"
