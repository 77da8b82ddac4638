#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The virtio-blk guest (tests/guests/virtio-blk) on a disk image, natively
# (QEMU's virtio-blk-device behind a modern virtio-mmio transport, with
# Debian's OpenSBI: the oracle) and under SVPN (its own virtio-blk model,
# scripts/run-svpn.sh --disk). Not in enabled.txt: run-diff.sh gives guests
# no disk.
#
# usage: run-virtio-blk.sh SVPN_ELF BUILDDIR
#        run-virtio-blk.sh native BUILDDIR   (the SVPN side native too: checks that
#                                             the guest passes and is deterministic)
# Checks, one PASS/FAIL line each, then "N passed, M failed":
#   vblk-native-rw   the native run on a fresh writable image passes its own checks
#   vblk-native-ro   the same on a read-only copy of what that run left; the image
#                    is unchanged
#   vblk-rw, vblk-ro the same two under SVPN: the guest's lines must equal the
#                    native run's (lines "svpn: ..." left out), the exit status
#                    must be 0, and the image must end up exactly as natively
#                    (read-only: unchanged)
#   vblk-hostile     SVPN only: boot argument svpn.hostile (hostile.c, 2 harts):
#                    the guest's own checks pass, every case prints its line; if
#                    tests/guests/virtio-blk/hostile.expect exists, the lines
#                    "hostile <case>: <class>" must be exactly those
#   vblk-shared      SVPN only: two guests on one image, the bystander on sectors
#                    0..N-1 (start=0,sectors=N), the hostile one on the N after
#                    them, a tail after both that neither sees: the bystander's
#                    lines must equal a native run on an N-sector image, its
#                    window must hold exactly what that run left in its image,
#                    the tail must be unchanged, and both guests must pass
# In native mode the last two print INFO lines instead (not counted).
# Environment: VBLK_TIMEOUT=60 (seconds per QEMU run), QEMU, VBLK_FW (the
# native firmware). Logs and images in BUILDDIR/vblk-logs/. Exit status 0 if
# all passed.
set -u

# shellcheck source=tests/guests/runner-args.sh
. "$(dirname "$0")/runner-args.sh"

QEMU=${QEMU:-qemu-system-riscv64}
fw=${VBLK_FW:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin}
tmo=${VBLK_TIMEOUT:-60}
logs=$builddir/vblk-logs
g=virtio-blk
sectors=2048	# the images of the rw, ro and hostile runs (1 MiB)
win=1024	# vblk-shared: each guest's window, in sectors
tail_sectors=256
harts=$(sed -e 's/#.*//' "$here/$g/harts" | tr -d ' \t\n')
rm -rf "$logs"
mkdir -p "$logs"

passed=0 failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1: $2"; failed=$((failed + 1)); }
info() { echo "INFO $1: $2"; }

unset MAKEFLAGS MFLAGS MAKELEVEL GUESTS
if ! make -s -C "$here" O="$builddir" GUESTS=$g >"$logs/build.log" 2>&1; then
	echo "FAIL vblk-build: building the guest failed (see $logs/build.log):"
	grep -m 10 -iE 'error|\*\*\*' "$logs/build.log" | sed 's/^/    /'
	echo "0 passed, 1 failed"
	exit 1
fi

# A zero-filled image of N sectors.
zero_image() { # file sectors
	rm -f "$1" && truncate -s $(($2 * 512)) "$1"
}

# N sectors of byte 0xa5 appended to file.
append_fill() { # file sectors
	head -c $(($2 * 512)) /dev/zero | tr '\0' '\245' >>"$1"
}

run_native() { # name image[,readonly=on]
	timeout "$tmo" "$QEMU" -M virt -cpu rv64,h=false -m 256M -smp "$harts" -nographic \
		-no-reboot -bios "$fw" -kernel "$builddir/$g.elf" \
		-global virtio-mmio.force-legacy=false \
		-drive "file=$2,if=none,format=raw,id=d0" -device virtio-blk-device,drive=d0 \
		</dev/null >"$logs/$1.out" 2>"$logs/$1.err"
}

run_svpn() { # name guest-options...
	local name=$1
	shift
	QEMU="$QEMU" timeout "$tmo" "$srctree/scripts/run-svpn.sh" "$svpn" "$@" -- -no-reboot \
		</dev/null >"$logs/$name.out" 2>"$logs/$name.err"
}

# The guest's lines from its BEGIN marker on, without \r, SVPN's own lines
# and (prefix given: a guest of several) other guests' lines and the prefix.
extract() { # file [prefix]
	local prefix=${2:-}
	tr -d '\r' <"$1" | if [ -n "$prefix" ]; then
		grep -a "^\[$prefix\] " | sed "s/^\[$prefix\] //"
	else
		grep -a -v -E '^svpn: '
	fi | sed -n "/^=== SVPN-TEST BEGIN $g ===\$/,\$p"
}

# "" if the lines in file show a guest that passed its own checks, else why.
guest_failed() { # txt out
	if ! grep -q "^=== SVPN-TEST BEGIN $g ===\$" "$1"; then
		echo "the guest never started (see $2)"
	elif grep -q '^FAIL' "$1"; then
		echo "$(grep -m 1 '^FAIL' "$1") (see $2)"
	elif ! grep -q "^=== SVPN-TEST END $g fails=0 ===\$" "$1"; then
		echo "no 'END $g fails=0' line (see $2)"
	fi
}

# Why a run failed, or "": a timeout, else what the command check... says, else
# a non-zero exit status.
verdict() { # rc out check...
	local rc=$1 out=$2 why
	shift 2
	if [ "$rc" -eq 124 ]; then
		echo "timed out after ${tmo}s (see $out)"
		return
	fi
	why=$("$@")
	[ -z "$why" ] && [ "$rc" -ne 0 ] && why="exit status $rc"
	echo "$why"
}

differs() { # want got [what want is]: "" if equal, else the first differing lines
	cmp -s "$1" "$2" && return
	echo "output differs from ${3:-the native run} ($(diff "$1" "$2" | grep -c '^[<>]') lines, - want, + got):"
	diff -u "$1" "$2" | sed -n '3,$p' | grep -v '^ ' | head -n 6 | sed 's/^/    /'
}

# ---- native: the oracle ----
zero_image "$logs/native-rw.img" $sectors
run_native native-rw "$logs/native-rw.img"
extract "$logs/native-rw.out" >"$logs/native-rw.txt"
why=$(guest_failed "$logs/native-rw.txt" "$logs/native-rw.out")
[ -z "$why" ] && ! grep -q '^virtio-blk: capacity .*, read-only no$' "$logs/native-rw.txt" &&
	why="the disk is not writable"
if [ -z "$why" ]; then pass vblk-native-rw; else fail vblk-native-rw "$why"; fi

# read-only: what the writable run left (sectors the guest knows as written)
cp "$logs/native-rw.img" "$logs/native-ro.img"
cp "$logs/native-rw.img" "$logs/ro-before.img"
run_native native-ro "$logs/native-ro.img,readonly=on"
extract "$logs/native-ro.out" >"$logs/native-ro.txt"
why=$(guest_failed "$logs/native-ro.txt" "$logs/native-ro.out")
[ -z "$why" ] && ! grep -q '^virtio-blk: capacity .*, read-only yes$' "$logs/native-ro.txt" &&
	why="the disk is not read-only"
[ -z "$why" ] && ! cmp -s "$logs/ro-before.img" "$logs/native-ro.img" &&
	why="the read-only image changed"
if [ -z "$why" ]; then pass vblk-native-ro; else fail vblk-native-ro "$why"; fi

if [ "$svpn" != native ] && ! grep -q -- '--disk' "$srctree/scripts/run-svpn.sh"; then
	for t in vblk-rw vblk-ro vblk-hostile vblk-shared; do
		fail $t "scripts/run-svpn.sh has no --disk option"
	done
	echo "$passed passed, $failed failed"
	exit 1
fi

# ---- the same two under SVPN (or natively again) ----
side() { # name image-spec
	if [ "$svpn" = native ]; then
		case "$2" in
		*,ro) run_native "$1" "${2%,ro},readonly=on" ;;
		*) run_native "$1" "$2" ;;
		esac
	else
		run_svpn "$1" --kernel "$builddir/$g.bin" --harts "$harts" --disk "$2"
	fi
}

for mode in rw ro; do
	name=vblk-$mode
	img=$logs/svpn-$mode.img spec=$logs/svpn-$mode.img
	if [ $mode = rw ]; then
		zero_image "$img" $sectors
	else
		cp "$logs/ro-before.img" "$img"
		spec=$img,ro
	fi
	side svpn-$mode "$spec"
	rc=$?
	extract "$logs/svpn-$mode.out" >"$logs/svpn-$mode.txt"
	why=$(verdict $rc "$logs/svpn-$mode.out" differs "$logs/native-$mode.txt" \
		"$logs/svpn-$mode.txt")
	want=$logs/native-rw.img
	[ $mode = ro ] && want=$logs/ro-before.img
	[ -z "$why" ] && ! cmp -s "$want" "$img" &&
		why="the image differs from what the native run left ($(cmp "$want" "$img" | head -1))"
	if [ -z "$why" ]; then pass $name; else fail $name "$why"; fi
done

if [ "$svpn" = native ]; then
	info vblk-hostile "SVPN only (natively QEMU completes most of these requests)"
	info vblk-shared "SVPN only (two guests on one image)"
	echo "$passed passed, $failed failed"
	[ $failed -eq 0 ]
	exit
fi

# ---- hostile requests, SVPN only ----
cases="buf-at-0-read buf-at-0-write buf-in-plic-read buf-at-ram-end-read
buf-across-ram-end-read buf-addr-len-wraps-read status-at-0 desc-loop
chain-longer-than-queue indirect-in-indirect indirect-table-outside-ram"
# "" if the hostile part in txt ran to its end, else why
hostile_failed() { # txt out
	local c why
	why=$(guest_failed "$1" "$2")
	[ -n "$why" ] && { echo "$why"; return; }
	for c in $cases; do
		grep -q -E "^hostile $c: (ioerr|needs-reset|skipped, INDIRECT_DESC not offered)\$" "$1" ||
			{ echo "no 'hostile $c: ioerr|needs-reset' line (see $2)"; return; }
	done
	grep -q -E '^hostile race-desc: rounds=[0-9]+ bad=0$' "$1" ||
		{ echo "no 'hostile race-desc: rounds=N bad=0' line (see $2)"; return; }
	if [ -f "$here/$g/hostile.expect" ]; then
		grep -E '^hostile [^ ]+: ' "$1" | grep -v '^hostile race-desc: outcomes ' |
			sed 's/ rounds=[0-9]* / rounds=N /' >"$1.pinned"
		differs "$here/$g/hostile.expect" "$1.pinned" "tests/guests/$g/hostile.expect"
	fi
}

zero_image "$logs/hostile.img" $sectors
run_svpn svpn-hostile --kernel "$builddir/$g.bin" --harts "$harts" --bootargs "svpn.hostile" \
	--disk "$logs/hostile.img"
rc=$?
extract "$logs/svpn-hostile.out" >"$logs/svpn-hostile.txt"
why=$(verdict $rc "$logs/svpn-hostile.out" hostile_failed "$logs/svpn-hostile.txt" \
	"$logs/svpn-hostile.out")
if [ -z "$why" ]; then pass vblk-hostile; else fail vblk-hostile "$why"; fi

# ---- two guests on one image: a bystander beside the hostile one ----
zero_image "$logs/window-native.img" $win
run_native window-native "$logs/window-native.img"
extract "$logs/window-native.out" >"$logs/window-native.txt"
shared=$logs/shared.img
zero_image "$shared" $((2 * win))
append_fill "$shared" $tail_sectors
append_fill "$logs/tail.img" $tail_sectors
run_svpn svpn-shared \
	--name by --kernel "$builddir/$g.bin" --harts 1 --disk "$shared,start=0,sectors=$win" \
	--guest --name hostile --kernel "$builddir/$g.bin" --harts "$harts" \
	--bootargs "svpn.hostile" --disk "$shared,start=$win,sectors=$win"
rc=$?
extract "$logs/svpn-shared.out" by >"$logs/svpn-shared.by.txt"
extract "$logs/svpn-shared.out" hostile >"$logs/svpn-shared.hostile.txt"
# both guests' verdicts, the bystander's first
shared_failed() {
	differs "$logs/window-native.txt" "$logs/svpn-shared.by.txt"
	hostile_failed "$logs/svpn-shared.hostile.txt" "$logs/svpn-shared.out"
}
why=$(guest_failed "$logs/window-native.txt" "$logs/window-native.out")
[ -n "$why" ] && why="native run on a $win-sector image: $why"
[ -z "$why" ] && why=$(verdict $rc "$logs/svpn-shared.out" shared_failed | head -n 7)
if [ -z "$why" ]; then
	dd if="$shared" of="$logs/shared.by.img" bs=512 count=$win status=none
	dd if="$shared" of="$logs/shared.tail.img" bs=512 skip=$((2 * win)) status=none
	cmp -s "$logs/window-native.img" "$logs/shared.by.img" ||
		why="the bystander's window differs from the native run's image ($(cmp "$logs/window-native.img" "$logs/shared.by.img" | head -1))"
	[ -z "$why" ] && ! cmp -s "$logs/tail.img" "$logs/shared.tail.img" &&
		why="the sectors after both windows changed"
fi
if [ -z "$why" ]; then pass vblk-shared; else fail vblk-shared "$why"; fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
