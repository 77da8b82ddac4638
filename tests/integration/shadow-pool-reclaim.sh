#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A shadow page pool and a space cache far too small (CONFIG_SHADOW_POOL_PAGES=8,
# CONFIG_SHADOW_SPACES=1): SVPN must reclaim and rebuild, never crash, and the
# memory test guests must print exactly what they print with the defaults.
. "$(dirname "$0")/lib/common.sh"

src=$T/src out=$T/out guests=$T/guests
tree_copy "$src"
mkdir -p "$out"
printf 'CONFIG_SHADOW_POOL_PAGES=8\nCONFIG_SHADOW_SPACES=1\n' >"$out/.config"
smake -C "$src" O="$out" olddefconfig
expect_rc 0
smake -C "$src" O="$out" LINUX_SOURCE_TARBALL="$SVPN_LIBFDT_TARBALL" -j"$SVPN_JOBS"
expect_rc 0
grep -q 'CONFIG_SHADOW_POOL_PAGES 8' "$out/include/generated/autoconf.h" ||
	fail "the small pool did not reach autoconf.h"
smake -C "$src/tests/guests" O="$guests" GUESTS="sv39 sfence ad-bits pagefault"
expect_rc 0

for g in sv39 sfence ad-bits pagefault; do
	QEMU_MEM=512M timeout -k 5 "$BOOT_TIMEOUT" "$srctree/scripts/run-svpn.sh" \
		"$(board_elf qemu-virt)" --kernel "$guests/$g.bin" </dev/null >"$T/$g.default" 2>&1
	QEMU_MEM=512M timeout -k 5 "$BOOT_TIMEOUT" "$srctree/scripts/run-svpn.sh" \
		"$out/svpn.elf" --kernel "$guests/$g.bin" </dev/null >"$T/$g.small" 2>&1
	rc=$?
	[ $rc -eq 0 ] || fail "$g with the small pool: exit status $rc"
	grep -q 'PANIC' "$T/$g.small" && fail "$g with the small pool: SVPN panicked"
	diff <(sed -n '/SVPN-TEST BEGIN/,/SVPN-TEST END/p' "$T/$g.default" | tr -d '\r') \
		<(sed -n '/SVPN-TEST BEGIN/,/SVPN-TEST END/p' "$T/$g.small" | tr -d '\r') \
		>"$T/$g.diff" || fail "$g prints differently with the small pool: $(head -3 "$T/$g.diff")"
	grep -q 'SVPN-TEST END' "$T/$g.small" || fail "$g did not finish with the small pool"
	info "$g: same output with a 8-page pool and one cached space"
done
