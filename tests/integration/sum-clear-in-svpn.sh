#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# sstatus.SUM is clear while SVPN runs (issue 11, item 5): otherwise a NULL
# or low-address dereference inside SVPN would reach the guest page mapped
# at that address instead of faulting. gdb stops SVPN in its trap handler
# while a paging guest (tests/guests/sv39) runs and reads the real sstatus.
. "$(dirname "$0")/lib/common.sh"

command -v gdb-multiarch >/dev/null ||
	fail "gdb-multiarch not found: install Debian package 'gdb-multiarch' (or run 'make deps')"
elf=$(board_elf qemu-virt)
guests=$T/guests
smake -C "$srctree/tests/guests" O="$guests" GUESTS=sv39
expect_rc 0
/usr/bin/python3 "$srctree/scripts/mkguestpkg.py" -o "$T/pkg" --kernel "$guests/sv39.bin" ||
	fail "mkguestpkg.py failed"

SR_SUM=$((1 << 18))
port=$((20000 + ($$ % 20000)))
timeout -k 2 "$BOOT_TIMEOUT" "$QEMU" -M virt -cpu rv64,h=false -m 512M -smp 1 -nographic \
	-bios none -kernel "$elf" -initrd "$T/pkg" -S -gdb tcp:127.0.0.1:"$port" \
	</dev/null >"$T/qemu.out" 2>&1 &
qpid=$!
# Stops at several traps, the later ones with the guest's own tables on.
gdb_attach "$port" "$elf" "$T/gdb.out" -ex 'break vcpu_handle_trap' -ex 'continue' \
	-ex 'printf "sstatus=%lx\n", $sstatus' \
	-ex 'ignore 1 20' -ex 'continue' -ex 'printf "sstatus=%lx\n", $sstatus' \
	-ex 'ignore 1 100' -ex 'continue' -ex 'printf "sstatus=%lx\n", $sstatus' -ex 'kill'
kill "$qpid" 2>/dev/null || true
wait "$qpid" 2>/dev/null || true
sed 's/^/  | /' "$T/gdb.out"
n=0
for s in $(sed -n 's/^sstatus=//p' "$T/gdb.out"); do
	n=$((n + 1))
	(((0x$s & SR_SUM) == 0)) || fail "sstatus.SUM is set in SVPN's trap handler (sstatus=$s)"
done
[ "$n" -ge 2 ] || fail "gdb stopped SVPN only $n time(s) (see gdb output above)"
info "sstatus.SUM clear at $n stops in vcpu_handle_trap"
