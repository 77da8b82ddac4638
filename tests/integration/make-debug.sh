#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make debug starts QEMU halted with a gdb stub and prints the gdb command;
# that command, run as printed, reaches svpn_main() with SVPN's symbols.
. "$(dirname "$0")/lib/common.sh"

# The suite's own qemu-virt build: already up to date, so make debug only
# checks it and starts QEMU. GUEST_KERNEL=none: SVPN alone, no Linux guest.
obj=$build/qemu-virt
[ -f "$obj/svpn.elf" ] || fail "$obj/svpn.elf was not built (see build/qemu-virt)"
port=$((40000 + ($$ % 20000)))

timeout -k 5 90 make -C "$srctree" O="$obj" -j"$SVPN_JOBS" debug GDB_PORT=$port GUEST_KERNEL=none \
	</dev/null >"$T/debug.out" 2>&1 &
mpid=$!
trap 'kill $mpid 2>/dev/null || true' EXIT

cmd=
for i in $(seq 1 300); do
	cmd=$(grep -m1 '^ *gdb-multiarch ' "$T/debug.out" || true)
	[ -n "$cmd" ] && break
	sleep 0.2
done
[ -n "$cmd" ] || { sed 's/^/  | /' "$T/debug.out"; fail "make debug printed no gdb-multiarch command"; }
info "make debug printed: $(echo $cmd)"

for i in $(seq 1 25); do
	sleep 0.2
	eval "timeout -k 2 30 $cmd -nx -batch -ex 'break svpn_main' -ex continue -ex 'kill'" \
		</dev/null >"$T/gdb.out" 2>&1 || true
	grep -q 'Connection refused' "$T/gdb.out" || break
done
sed 's/^/  | /' "$T/gdb.out" "$T/debug.out"
grep -q 'Breakpoint 1, svpn_main' "$T/gdb.out" || fail "gdb did not stop at svpn_main"
