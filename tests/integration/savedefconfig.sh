#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make savedefconfig round-trips: for every board, the minimal config it
# writes gives back the same .config.
. "$(dirname "$0")/lib/common.sh"

tree_copy "$T/src"
strip_config() { grep -v '^#' "$1" | grep -v '^$' | sort; }

for f in "$srctree"/configs/*_defconfig; do
	board=$(basename "$f" _defconfig)
	smake -C "$T/src" O="$T/$board.a" "${board}_defconfig"
	expect_rc 0
	smake -C "$T/src" O="$T/$board.a" savedefconfig
	expect_rc 0
	[ -f "$T/$board.a/defconfig" ] || fail "$board: savedefconfig wrote no $board.a/defconfig"
	cp "$T/$board.a/defconfig" "$T/src/configs/roundtrip-${board}_defconfig"
	smake -C "$T/src" O="$T/$board.b" "roundtrip-${board}_defconfig"
	expect_rc 0
	diff -u <(strip_config "$T/$board.a/.config") <(strip_config "$T/$board.b/.config") ||
		fail "$board: .config differs after savedefconfig + defconfig"
	if ! cmp -s "$f" "$T/$board.a/defconfig"; then
		info "configs/${board}_defconfig is not minimal; savedefconfig:" \
			"$(diff "$f" "$T/$board.a/defconfig" | grep '^[<>]' | tr '\n' ' ')"
	fi
done
