#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Informational: instructions from QEMU reset to SVPN's banner, as QEMU
# counts them with -icount shift=0 (minstret, read by gdb at print_banner()).
# QEMU's count also absorbs virtual-clock adjustments, which grow when the
# host is busy: the smallest of three boots is shown. It asserts nothing
# about the count, so it is an INFO line, not a pass; failing to take the
# count is a FAIL.
. "$(dirname "$0")/lib/common.sh"

command -v gdb-multiarch >/dev/null ||
	fail "gdb-multiarch not found: install Debian package 'gdb-multiarch' (or run 'make deps')"
elf=$(board_elf qemu-virt)

# count PORT: one boot, halted for gdb; prints minstret at print_banner().
count() {
	local port=$1 qpid

	timeout -k 2 "$BOOT_TIMEOUT" "$QEMU" -M virt -cpu rv64,h=false -m 512M -smp 1 -nographic \
		-bios none -kernel "$elf" -icount shift=0 -S -gdb tcp:127.0.0.1:"$port" \
		</dev/null >"$T/qemu.out" 2>&1 &
	qpid=$!
	gdb_attach "$port" "$elf" "$T/gdb.out" -ex 'break print_banner' -ex 'continue' \
		-ex 'printf "minstret=%lu\n", $minstret' -ex 'kill' >&2
	kill "$qpid" 2>/dev/null || true
	wait "$qpid" 2>/dev/null || true
	sed 's/^/  | /' "$T/gdb.out" "$T/qemu.out" >&2
	sed -n 's/^minstret=//p' "$T/gdb.out"
}

port=$((20000 + ($$ % 20000)))
counts=
for i in 1 2 3; do
	n=$(count $((port + i)))
	[ -n "$n" ] || fail "could not read minstret at print_banner through gdb"
	counts="$counts $n"
done
min=$(printf '%s\n' $counts | sort -n | head -n1)
informational "boot to banner: $min instructions (-icount shift=0, QEMU reset to print_banner(); samples:$counts)"
