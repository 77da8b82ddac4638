#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A bad disk for a guest is refused with a message naming what is wrong, and
# the machine ends with status 2 (nothing boots on a disk it cannot have):
# a missing, empty or partial-sector image and an unknown --disk option
# (scripts/run-svpn.sh), a window past the host disk's end, and two guests
# whose windows of one image overlap while one of them may write (SVPN).
. "$(dirname "$0")/lib/common.sh"

guests=$T/guests
smake -C "$srctree/tests/guests" O="$guests" GUESTS=exit-test0
expect_rc 0
g=$guests/exit-test0.bin
svpn=$(board_elf qemu-virt)
dd if=/dev/zero of="$T/small.img" bs=512 count=100 2>/dev/null
: >"$T/empty.img"
head -c 1000 /dev/zero >"$T/odd.img"

refused() {	# refused WHAT MESSAGE ARGS...: the run ends with 2 and prints MESSAGE
	local what=$1 msg=$2
	shift 2
	set +e
	timeout -k 5 "$BOOT_TIMEOUT" "$srctree/scripts/run-svpn.sh" "$svpn" --kernel "$g" "$@" \
		</dev/null >"$T/boot.out" 2>&1
	rc=$?
	set -e
	sed 's/^/  | /' "$T/boot.out"
	[ "$rc" = 2 ] || fail "$what: exit status $rc, want 2"
	expect "$msg"
	expect_not "SVPN-TEST"
}

refused "missing image" "disk image $T/none.img not found" --disk "$T/none.img"
refused "empty image" "disk image $T/empty.img is empty" --disk "$T/empty.img"
refused "partial sector" "is 1000 bytes, not a whole number of 512-byte sectors" --disk "$T/odd.img"
refused "unknown option" "unknown option 'bogus'" --disk "$T/small.img,bogus"
refused "window past the end" "disk window 50+100 sectors lies outside host disk 0 (100 sectors)" \
	--disk "$T/small.img,start=50,sectors=100"
refused "overlapping windows" "overlaps guest guest0's, and one of them may write it" \
	--disk "$T/small.img,start=0,sectors=60" --guest --kernel "$g" \
	--disk "$T/small.img,ro,start=50,sectors=20"
