#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Exit status 3 (SVPN_EXIT_MSTUB_FATAL, README "Exit status"): the M-mode stub
# ends the machine with it when a trap reaches M-mode that never should. Only
# ecalls from S-mode are meant for the stub; every other exception is
# delegated to SVPN (MSTUB_MEDELEG). Nothing a guest can do takes another one
# there, so gdb makes it happen: SVPN is stopped at print_banner(), after the
# stub has set medeleg, medeleg is cleared, and the guest's first trap (its
# first SBI call, an ecall from U-mode) goes to the stub instead of SVPN.
# QEMU must end with exactly 3: not SVPN's panic (2), not a hang.
. "$(dirname "$0")/lib/common.sh"

command -v gdb-multiarch >/dev/null ||
	fail "gdb-multiarch not found: install Debian package 'gdb-multiarch' (or run 'make deps')"
elf=$(board_elf qemu-virt)
guests=$T/guests
smake -C "$srctree/tests/guests" O="$guests" GUESTS=csr
expect_rc 0
/usr/bin/python3 "$srctree/scripts/mkguestpkg.py" -o "$T/pkg" --kernel "$guests/csr.bin" ||
	fail "mkguestpkg.py failed"

port=$((20000 + ($$ % 20000)))
set +e
timeout -k 2 "$BOOT_TIMEOUT" "$QEMU" -M virt -cpu rv64,h=false -m 512M -smp 1 -nographic \
	-bios none -kernel "$elf" -initrd "$T/pkg" -S -gdb tcp:127.0.0.1:"$port" \
	</dev/null >"$T/boot.out" 2>&1 &
qpid=$!
gdb_attach "$port" "$elf" "$T/gdb.out" -ex 'break print_banner' -ex 'continue' \
	-ex 'set $medeleg = 0' -ex 'printf "medeleg=%lx\n", $medeleg' -ex 'continue'
wait "$qpid"
rc=$?
set -e
sed 's/^/  | /' "$T/gdb.out" "$T/boot.out"

grep -q '^medeleg=0$' "$T/gdb.out" || fail "gdb could not clear medeleg at print_banner()"
[ $rc -ne 124 ] && [ $rc -ne 137 ] || fail "QEMU still running after ${BOOT_TIMEOUT}s (hang)"
expect_not "PANIC"
expect_not "=== SVPN-TEST END csr"
expect_rc 3
