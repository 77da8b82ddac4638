#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make without a .config says to run 'make defconfig' (or a board defconfig).
. "$(dirname "$0")/lib/common.sh"

tree_copy "$T/src"
[ ! -e "$T/src/.config" ] || fail "the copied tree has a .config"
for args in "" "all" "run" "O=$T/empty" "O=$T/empty run"; do
	# shellcheck disable=SC2086
	smake -C "$T/src" $args
	[ "$rc" -ne 0 ] || fail "make $args succeeded without a .config"
	expect "make defconfig" "$T/make.out"
	[ ! -e "$T/src/svpn.elf" ] || fail "make $args built something"
done
