#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make clean removes build products and nothing else, in an O= directory
# and in the source tree itself; make distclean also the configuration.
. "$(dirname "$0")/lib/common.sh"

src=$T/src out=$T/out
tree_copy "$src"
(cd "$src" && find . -type f | sort) >"$T/sources"
mk() { smake -C "$src" LINUX_SOURCE_TARBALL="$SVPN_LIBFDT_TARBALL" "$@"; }
products() { find "$1" \( -name '*.o' -o -name '*.a' -o -name 'svpn.elf' -o -name autoconf.h \) | head -3; }
sources_intact() {
	local missing
	missing=$(cd "$src" && while read -r f; do [ -e "$f" ] || echo "$f"; done <"$T/sources" | head -5)
	[ -z "$missing" ] || fail "$1 deleted sources: $(echo "$missing" | tr '\n' ' ')..."
}

# Out of tree.
mk O="$out" qemu-virt_defconfig
expect_rc 0
# One object and the generated headers are enough to see what clean removes.
mk O="$out" "$out/lib/printk.o"
expect_rc 0
[ -f "$out/lib/printk.o" ] || fail "could not build $out/lib/printk.o"
mk O="$out" clean
expect_rc 0
[ -z "$(products "$out")" ] || fail "make O= clean left $(products "$out")"
[ -f "$out/.config" ] || fail "make O= clean removed .config"
sources_intact "make O= clean"
mk O="$out" distclean
expect_rc 0
[ ! -e "$out/.config" ] || fail "make O= distclean kept .config"

# In the source tree.
mk defconfig
expect_rc 0
mk "$src/lib/printk.o"
expect_rc 0
[ -f "$src/lib/printk.o" ] || fail "in-tree build made no lib/printk.o"
mk clean
expect_rc 0
sources_intact "in-tree make clean"
[ -z "$(products "$src")" ] || fail "in-tree make clean left $(products "$src")"
mk distclean
expect_rc 0
sources_intact "in-tree make distclean"
[ ! -e "$src/.config" ] || fail "in-tree make distclean kept .config"
