#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A trap in SVPN itself is a bug: SVPN prints the registers at the trap, then
# panics with the cause and ends the machine with status 2 (SVPN_EXIT_PANIC).
# gdb sends SVPN's pc to address 0x10 at svpn_main (an instruction page
# fault in S-mode).
. "$(dirname "$0")/lib/common.sh"

command -v gdb-multiarch >/dev/null ||
	fail "gdb-multiarch not found: install Debian package 'gdb-multiarch' (or run 'make deps')"
elf=$(board_elf qemu-virt)
port=$((20000 + ($$ % 20000)))
timeout -k 2 "$BOOT_TIMEOUT" "$QEMU" -M virt -cpu rv64,h=false -m 512M -smp 1 -nographic \
	-bios none -kernel "$elf" -S -gdb tcp:127.0.0.1:"$port" </dev/null >"$T/boot.out" 2>&1 &
qpid=$!
gdb_attach "$port" "$elf" "$T/gdb.out" -ex 'break svpn_main' -ex 'continue' \
	-ex 'set var $pc = 0x10' -ex 'continue'
set +e
wait "$qpid"
rc=$?
set -e
sed 's/^/  | /' "$T/gdb.out" "$T/boot.out"
expect "svpn: trap in SVPN itself, registers at the trap:"
expect " scause: 000000000000000c stval: 0000000000000010"
expect "svpn: PANIC: unexpected trap in SVPN: instruction page fault (scause 0xc) at pc 0x10"
expect "svpn: ending the machine (exit status 2)"
expect_rc 2
