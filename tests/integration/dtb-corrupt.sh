#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host device trees that are well-formed (dtc compiles them, QEMU loads them
# with -dtb and boots SVPN on them) but that SVPN must refuse: no memory node
# with a usable 'reg', /cpus without timebase-frequency, a UART whose
# reg-shift SVPN's console driver cannot use, a UART whose registers lie
# outside its 'reg'. Each must end in SVPN's own panic message and exit
# status 2 (SVPN_EXIT_PANIC), never a hang, a guest or a banner-and-go.
#
# A corrupted header (bad magic, a totalsize smaller than the blocks) is no
# test of SVPN: QEMU refuses such a -dtb before SVPN runs. A structure block
# whose property length wraps (tests/fuzz/corpus/fuzz_platform_fdt/
# hang-prop-len-wraps.dtb) does not reach SVPN either: QEMU 7.2 itself spins
# on it before the first instruction. The unit and fuzz tests of
# lib/platform_fdt.c cover both.
. "$(dirname "$0")/lib/common.sh"

elf=$(board_elf qemu-virt)
dumpdtb "$T/virt.dts"

# mutate NAME SED-SCRIPT: $T/NAME.dtb, QEMU's tree with one edit that must change it.
mutate() {
	sed "$2" "$T/virt.dts" >"$T/$1.dts"
	! cmp -s "$T/virt.dts" "$T/$1.dts" || fail "$1: the edit '$2' changed nothing in QEMU's tree"
	dtc -q -I dts -O dtb -o "$T/$1.dtb" "$T/$1.dts" || fail "$1: dtc refused the edited tree"
}

# The unedited tree through the same -dtb path: SVPN boots on it, so what
# the edits below provoke is the edit's doing.
dtc -q -I dts -O dtb -o "$T/good.dtb" "$T/virt.dts" || fail "dtc could not recompile QEMU's tree"
BOOT_TIMEOUT=10 boot "$elf" -dtb "$T/good.dtb"
expect_rc 0
expect "$(banner_line qemu-virt)"
expect "svpn: no guest to run: shutting down"
expect_not "PANIC"

grep -qE '^[[:space:]]*reg = <0x00 0x80000000 0x00 0x[0-9a-f]+>;' "$T/virt.dts" ||
	fail "QEMU's tree has no memory reg in the expected form"
mutate no-memory 's/^\([[:space:]]*reg = <0x00 0x80000000 0x00\) 0x[0-9a-f]*>;/\1 0x00>;/'
mutate no-timebase '/timebase-frequency/d'
mutate uart-reg-shift 's|^\([[:space:]]*reg = <0x00 0x10000000 0x00 0x100>;\)|\1 reg-shift = <40>;|'
mutate uart-reg-small 's|^\([[:space:]]*reg = <0x00 0x10000000 0x00\) 0x100>;|\1 0x04>;|'

check() {	# check NAME PANIC-MESSAGE
	BOOT_TIMEOUT=10 boot "$elf" -dtb "$T/$1.dtb"
	tr -d '\r' <"$T/boot.out" >"$T/$1.out"
	expect "svpn: PANIC: host device tree: $2" "$T/$1.out"
	expect "svpn: ending the machine (exit status 2)" "$T/$1.out"
	expect_not "no guest to run" "$T/$1.out"
	[ "$rc" -eq 2 ] || fail "$1: exit status $rc, expected 2 (SVPN_EXIT_PANIC)"
	info "$1.dtb: exit $rc: $(grep -m1 'PANIC' "$T/$1.out")"
}

check no-memory "no memory node with a usable 'reg'"
check no-timebase "/cpus has no timebase-frequency"
check uart-reg-shift "UART node: reg-shift 40 / reg-io-width 1 not supported"
check uart-reg-small "UART node: its registers (reg-shift 0) do not fit its 'reg' (0x4 bytes)"
