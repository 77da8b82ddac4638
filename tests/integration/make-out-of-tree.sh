#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# From a defconfig'd source tree (a copy): make O=<dir> builds there and
# leaves the source tree clean; make O=<dir> run boots the result. Then the
# rebuild rules in that directory: a second make does nothing, a touched
# source recompiles alone, a touched header recompiles its users (-MMD),
# V=1 shows whole command lines, a changed .config regenerates autoconf.h and
# rebuilds.
. "$(dirname "$0")/lib/common.sh"

src=$T/src out=$T/out
tree_copy "$src"
mk() { smake -C "$src" O="$out" LINUX_SOURCE_TARBALL="$SVPN_LIBFDT_TARBALL" "$@"; }
built() { grep -E '^  (CC|AS|LD) ' "$T/make.out" || true; }

smake -C "$src" defconfig
expect_rc 0
[ -f "$src/.config" ] || fail "make defconfig wrote no .config"

mk -j"$SVPN_JOBS"
expect_rc 0
[ -f "$out/svpn.elf" ] || fail "no $out/svpn.elf"
expect "  CC       lib/printk.o" "$T/make.out"
left=$(cd "$src" && find . \( -name '*.o' -o -name '*.d' -o -name svpn.elf -o -name autoconf.h \
	-o -name libfdt \) | head -3)
[ -z "$left" ] || fail "O= build wrote into the source tree: $left"

# The issue's own check: make defconfig && make O=/tmp/b && make O=/tmp/b run
# (GUEST_KERNEL=none: SVPN alone, without building the default Linux guest).
mk run GUEST_KERNEL=none
expect_rc 0
expect "$(banner_line qemu-virt)" "$T/make.out"
expect "svpn: no guest to run: shutting down" "$T/make.out"

mk
expect_rc 0
[ -z "$(built)" ] || fail "second make rebuilt: $(built | tr '\n' ' ')"

touch "$src/lib/printk.c"
mk
expect_rc 0
[ "$(built | grep -c '^  CC')" -eq 1 ] || fail "touching lib/printk.c compiled: $(built | tr '\n' ' ')"
expect "  CC       lib/printk.o" "$T/make.out"
expect "  LD       svpn.elf" "$T/make.out"

touch "$src/include/svpn/page_alloc.h"
mk
expect_rc 0
expect "  CC       mm/page_alloc.o" "$T/make.out"
expect_not "  CC       lib/printk.o" "$T/make.out"

touch "$src/lib/panic.c"
mk V=1
expect_rc 0
grep -q 'riscv64-unknown-elf-gcc .*-c -o .*lib/panic\.o' "$T/make.out" ||
	fail "V=1 does not show the compiler command line"

# A changed .config regenerates autoconf.h and would recompile (make -n: the
# rebuild itself would only repeat the first build).
# The .config is the source tree's: $out has none of its own.
sed -i '/^CONFIG_LOGLEVEL=/d' "$src/.config"
echo "CONFIG_LOGLEVEL=1" >>"$src/.config"
mk -n
expect_rc 0
grep -q '#define CONFIG_LOGLEVEL 1' "$out/include/generated/autoconf.h" ||
	fail "autoconf.h does not follow the changed .config"
grep -q 'gcc .*-c -o .*lib/printk\.o' "$T/make.out" || fail "a changed .config would rebuild nothing"
