# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034,SC2154 # sourced: the callers use the variables, set srctree
#
# Shared by run-bench.sh and trap-breakdown.sh (sourced; sets nothing else):
# the determinism options, the tick-rate check, the like-for-like check of
# two Linux console logs and the tree a result was measured at.

# Guest time = instruction count: 1 ns of virtual time per instruction
# (shift=0), no sleeping in wfi, a fixed DTB rng-seed, a fixed RTC.
bench_icount_default="-icount shift=0,sleep=off -seed 1 -rtc base=2020-01-01T00:00:00,clock=vm"

# The timebase the tick rate is checked for (QEMU virt's, and SVPN's guests').
bench_timebase=10000000

# bench_check_tick_rate SVPN_ELF DIR ICOUNT: run the trapcost guest
# (tests/bench/run-trapcost.sh) natively and under SVPN with the QEMU options
# ICOUNT into DIR; fails unless its empty loop measures 2 instructions per
# iteration on both sides, i.e. 1 tick = 100 instructions. Sets
# tick_rate_note (one line for the output) on success.
bench_check_tick_rate() {
	local svpn=$1 dir=$2 n s
	echo "${0##*/}: checking the tick rate (tests/bench trapcost guest, native and SVPN)..." >&2
	if ! BENCH_ICOUNT=$3 "$srctree/tests/bench/run-trapcost.sh" "$svpn" "$dir" >"$dir.out" 2>&1; then
		sed 's/^/    /' "$dir.out" >&2
		echo "${0##*/}: error: the tick rate check failed (output above, $dir.out):" \
			"figures in ticks * 100 instructions would be wrong" >&2
		return 1
	fi
	n=$(sed -n 's/^empty,[^,]*,\([^,]*\),.*/\1/p' "$dir/trapcost.csv")
	s=$(sed -n 's/^empty,[^,]*,[^,]*,\(.*\)/\1/p' "$dir/trapcost.csv")
	tick_rate_note="1 tick = 100 instructions, checked with the same QEMU options: the trapcost guest's empty loop (2 instructions) measures $n natively and $s under SVPN"
}

bench_guest_ram() { tr -d '\r' <"$1" | sed -n 's/.*Memory: [0-9]*K\/\([0-9]*K\) available.*/\1/p' | head -n 1; }
bench_guest_cmdline() { tr -d '\r' <"$1" | sed -n 's/.*Kernel command line: //p' | head -n 1; }
bench_guest_harts() { tr -d '\r' <"$1" | sed -n 's/.*SVPN-CHECK cpuinfo: ok (harts=\([0-9]*\)).*/\1/p' | head -n 1; }
bench_guest_timebase() { tr -d '\r' <"$1" | sed -n 's/.*SVPN-INIT: timebase \([0-9]*\) Hz.*/\1/p' | tail -n 1; }

# bench_same_guest NATIVE_LOG SVPN_LOG HARTS: like for like. What each kernel
# itself reports must be the same on both sides: Linux's "Memory:
# <free>K/<total>K available" (total: the RAM it manages), its "Kernel
# command line:", the init's hart count (HARTS) and timebase (the one the
# tick rate is checked for). Prints what differs; fails if anything does.
bench_same_guest() {
	local what n s fail=0
	for what in ram cmdline harts timebase; do
		n=$(bench_guest_$what "$1")
		s=$(bench_guest_$what "$2")
		if [ -z "$n" ] || [ "$n" != "$s" ]; then
			echo "${0##*/}: error: the guests differ in $what: native '$n', SVPN '$s' (see $1, $2)" >&2
			fail=1
		fi
	done
	n=$(bench_guest_harts "$1")
	[ "$n" = "$3" ] ||
		{ echo "${0##*/}: error: the guests report $n harts, not $3 (see $1)" >&2; fail=1; }
	n=$(bench_guest_timebase "$1")
	[ "$n" = "$bench_timebase" ] ||
		{ echo "${0##*/}: error: the guests' timebase is '$n' Hz, not $bench_timebase: 1 tick would not be 100 instructions (see $1)" >&2; fail=1; }
	return $fail
}

# bench_tree: the commit of the source tree, and its uncommitted changes.
# Changes to the measuring side only (this directory, tests/bench's scripts,
# scripts/Makefile.bench, Documentation/) are summed up: they change no tick.
bench_tree() {
	local c d
	c=$(git -C "$srctree" rev-parse --short HEAD 2>/dev/null) || { echo "(not a git tree)"; return; }
	d=$(git -C "$srctree" status --porcelain --untracked-files=no 2>/dev/null | sed 's/^...//')
	if [ -z "$d" ]; then
		echo "$c"
		return
	fi
	d=$(echo "$d" | grep -v -e '^scripts/bench/' -e '^tests/bench/[^/]*\.\(sh\|py\)$' \
		-e '^scripts/Makefile\.bench$' -e '^Documentation/' | tr '\n' ' ')
	if [ -z "$d" ]; then
		echo "$c (uncommitted changes to the bench scripts and documents only)"
	else
		echo "$c, with uncommitted changes to: ${d% }"
	fi
}
