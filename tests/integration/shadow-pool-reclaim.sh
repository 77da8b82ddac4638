#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A shadow page pool and a space cache far too small (CONFIG_SHADOW_POOL_PAGES=8,
# CONFIG_SHADOW_SPACES=1): SVPN must reclaim and rebuild, never crash, and the
# memory test guests must print exactly what they print with the defaults.
#
# That reclaim happened is read from the shadow counters SVPN prints at guest
# exit (CONFIG_TRAP_STATS, mm/shadow_sv39.c shadow_print_stats):
#   - pagefault touches more page-table pages than 8: with the small pool its
#     quota runs dry and the space is rebuilt (quota dry > 0, refills > 0),
#     with the default pool neither happens;
#   - sfence switches between address spaces: with one cached space each
#     switch evicts it, so it makes more spaces than with the default cache;
#   - every small run reports a pool of 8 pages, no run a host shortage.
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

# stats: the shadow counters of the (one) vCPU as "faults fills made dropped
# quota-dry host-dry refills pool-pages", from the console output on stdin.
stats() {
	sed -n -e 's/^svpn: stats:   shadow: faults \([0-9]*\), fills \([0-9]*\), flushes [0-9]*, spaces made \([0-9]*\), dropped \([0-9]*\)$/\1 \2 \3 \4/p' \
		-e 's/^svpn: stats:   shadow pool of .* vcpu0: quota dry \([0-9]*\), host dry \([0-9]*\), refills \([0-9]*\), A\/D races [0-9]*; the guest uses [0-9]* of \([0-9]*\) pages$/\1 \2 \3 \4/p' |
		paste -sd' '
}

for g in sv39 sfence ad-bits pagefault; do
	QEMU_MEM=512M timeout -k 5 "$BOOT_TIMEOUT" "$srctree/scripts/run-svpn.sh" \
		"$(board_elf qemu-virt)" --kernel "$guests/$g.bin" </dev/null >"$T/$g.default" 2>&1 ||
		fail "$g with the default pool: exit status $?"
	QEMU_MEM=512M timeout -k 5 "$BOOT_TIMEOUT" "$srctree/scripts/run-svpn.sh" \
		"$out/svpn.elf" --kernel "$guests/$g.bin" </dev/null >"$T/$g.small" 2>&1
	rc=$?
	[ $rc -eq 0 ] || fail "$g with the small pool: exit status $rc"
	grep -q 'PANIC' "$T/$g.small" && fail "$g with the small pool: SVPN panicked"
	diff <(sed -n '/SVPN-TEST BEGIN/,/SVPN-TEST END/p' "$T/$g.default" | tr -d '\r') \
		<(sed -n '/SVPN-TEST BEGIN/,/SVPN-TEST END/p' "$T/$g.small" | tr -d '\r') \
		>"$T/$g.diff" || fail "$g prints differently with the small pool: $(head -3 "$T/$g.diff")"
	grep -q 'SVPN-TEST END' "$T/$g.small" || fail "$g did not finish with the small pool"
	for run in default small; do
		tr -d '\r' <"$T/$g.$run" | stats >"$T/$g.$run.stats"
		[ "$(wc -w <"$T/$g.$run.stats")" -eq 8 ] ||
			fail "$g ($run pool): not one pair of 'svpn: stats:   shadow' lines (CONFIG_TRAP_STATS off?)"
	done
	read -r _ _ s_made s_dropped s_qdry s_hdry s_refills s_pages <"$T/$g.small.stats"
	read -r _ _ d_made d_dropped d_qdry d_hdry d_refills d_pages <"$T/$g.default.stats"
	[ "$s_pages" = 8 ] || fail "$g: the small run reports a pool of $s_pages pages, not 8"
	[ "$d_pages" -gt 8 ] || fail "$g: the default pool has $d_pages pages, no more than the small one"
	[ "$s_hdry" = 0 ] && [ "$d_hdry" = 0 ] ||
		fail "$g: host dry $d_hdry (default) / $s_hdry (small): the host ran out of pages"
	info "$g: same output with a 8-page pool and one cached space;" \
		"default pool: quota dry $d_qdry, refills $d_refills, spaces made $d_made, dropped $d_dropped;" \
		"small: quota dry $s_qdry, refills $s_refills, spaces made $s_made, dropped $s_dropped"
	case $g in
	pagefault)
		[ "$d_qdry" = 0 ] && [ "$d_refills" = 0 ] ||
			fail "pagefault: the default pool ran dry (quota dry $d_qdry, refills $d_refills)"
		[ "$s_qdry" -gt 0 ] ||
			fail "pagefault: the 8-page pool never ran dry (quota dry 0): nothing was reclaimed"
		[ "$s_refills" -gt 0 ] ||
			fail "pagefault: the 8-page pool ran dry $s_qdry times but was never refilled"
		;;
	sfence)
		[ "$s_made" -gt "$d_made" ] ||
			fail "sfence: one cached space made $s_made spaces, the default cache $d_made: no eviction"
		;;
	esac
done
