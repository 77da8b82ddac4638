#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A valid DTB larger than SVPN's 64 KiB copy: SVPN's own check panics with
# the size, exit status 2.
. "$(dirname "$0")/lib/common.sh"

dumpdtb "$T/virt.dts"
awk 'BEGIN { n = 0 }
	/^\/ \{/ && !n { print; printf "\tsvpn-test-padding = <"; for (i = 0; i < 20000; i++) printf " 0x%x", i; print ">;"; n = 1; next }
	{ print }' "$T/virt.dts" >"$T/big.dts"
dtc -q -I dts -O dtb -o "$T/big.dtb" "$T/big.dts"
size=$(stat -c %s "$T/big.dtb")
[ "$size" -gt 65536 ] || fail "padded DTB is only $size bytes"

BOOT_TIMEOUT=10 boot "$(board_elf qemu-virt)" -dtb "$T/big.dtb"
expect_rc 2
expect "svpn: PANIC: host device tree at"
grep -qE "is [0-9]+ bytes; SVPN accepts up to" "$T/boot.out" || fail "no size in the panic message"
