#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# QEMU's own device tree without its UART (-machine dumpdtb, edit, -dtb):
# SVPN panics with a clear message, which its early console at 0x10000000
# still prints, and a failure status.
. "$(dirname "$0")/lib/common.sh"

dumpdtb "$T/virt.dts"
grep -q 'serial@10000000' "$T/virt.dts" || fail "QEMU's DTB has no serial@10000000 to delete"
# Delete the serial node, and every property that points at it
# (/chosen/stdout-path, /aliases/serial*).
awk '
	/^\t*serial@10000000 \{/ { skip = 1; depth = 0 }
	skip { depth += gsub(/\{/, "{"); depth -= gsub(/\}/, "}"); if (depth == 0) skip = 0; next }
	/stdout-path|serial[0-9]* = / { next }
	{ print }
' "$T/virt.dts" >"$T/no-uart.dts"
! grep -qE 'serial|ns16550|stdout-path' "$T/no-uart.dts" || fail "could not remove the UART"
dtc -q -I dts -O dtb -o "$T/no-uart.dtb" "$T/no-uart.dts" || fail "dtc failed on the edited tree"

BOOT_TIMEOUT=10 boot "$(board_elf qemu-virt)" -dtb "$T/no-uart.dtb"
expect_rc 2
expect "svpn: PANIC: host device tree: no ns16550a UART"
