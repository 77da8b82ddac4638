#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# -smp 4: any hart may win the boot lottery, the others stay parked. A few
# boots, since the winner changes from run to run.
. "$(dirname "$0")/lib/common.sh"

# (128M for the debug build: it poisons every free page at boot.)
for board in qemu-virt:512M qemu-virt-debug:128M; do
	for i in 1 2; do
		QEMU_SMP=4 QEMU_MEM=${board#*:} boot "$(board_elf "${board%:*}")"
		expect_rc 0
		expect "host: 4 hart(s)"
		expect "svpn: no guest to run: shutting down"
		expect_not "PANIC"
	done
done
