#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A DTB with a corrupted header (bad magic; a totalsize smaller than its
# blocks): a message and a failure status, never a hang. QEMU itself
# validates a -dtb before SVPN sees it, so the message may be QEMU's.
. "$(dirname "$0")/lib/common.sh"

dumpdtb "$T/virt.dts"
dtc -q -I dts -O dtb -o "$T/good.dtb" "$T/virt.dts"

cp "$T/good.dtb" "$T/bad-magic.dtb"
printf '\336\255\276\357' | dd of="$T/bad-magic.dtb" bs=1 seek=0 conv=notrunc status=none
cp "$T/good.dtb" "$T/bad-size.dtb"
printf '\000\000\000\100' | dd of="$T/bad-size.dtb" bs=1 seek=4 conv=notrunc status=none

for dtb in bad-magic bad-size; do
	BOOT_TIMEOUT=10 boot "$(board_elf qemu-virt)" -dtb "$T/$dtb.dtb"
	expect_rc_nonzero
	grep -qiE 'FDT_ERR|device tree|dtb' "$T/boot.out" || fail "$dtb: no message about the device tree"
	info "$dtb.dtb: exit $rc: $(grep -m1 -iE 'FDT_ERR|device tree|dtb' "$T/boot.out")"
done
