#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Differential tests of the virtual hart: run each test guest natively (QEMU +
# Debian's OpenSBI fw_jump.bin, the oracle) and under SVPN, and fail on any
# difference in what the guest prints from its BEGIN marker line to the end of
# the run (not only to its END marker: a guest that goes on after it, say a
# reset call that returned, must differ), or in QEMU's exit status. SVPN's own
# lines at a guest's end ("svpn: stats: ...", "svpn: guest <name>: ...") are
# not the guest's and are left out; any other line, a PANIC included, counts.
# Each guest runs with -cpu rv64,h=false and again with
# rv64,h=false,sstc=false (test name suffix -nosstc).
#
# usage: run-diff.sh SVPN_ELF BUILDDIR
#        run-diff.sh native BUILDDIR     (both sides native: checks that the guests
#                                         pass their own checks and are deterministic)
# Environment:
#   SVPN_DIFF_ONLY="g1 g2"  run only these guests (any built guest, listed or not)
#   SVPN_DIFF_LIST=FILE     guest list (default tests/guests/enabled.txt)
#   SVPN_DIFF_TIMEOUT=30    seconds per QEMU run
#   SVPN_DIFF_CPUS="rv64,h=false:  rv64,h=false,sstc=false:-nosstc"  cpu:suffix pairs
#   QEMU, SVPN_DIFF_FW      emulator and native firmware
# Full outputs are kept in BUILDDIR/diff-logs/. Exit status: 0 if all passed.
#
# A guest directory may hold a file 'input': typed on the console once the guest
# prints "<guest>: ready" (tests/guests/feed-input.py).
# A guest directory may hold a file 'harts' with a number N (default 1): the
# guest runs with N harts on both sides (natively -smp N; under SVPN --harts N
# on N host harts).
# A guest directory may hold a file 'expect' with a rule that replaces the default
# "exit statuses are equal":
#   exit N         SVPN's exit status must be exactly N (README, "Exit status";
#                  include/svpn/exitcodes.h); the native one is not compared
#                  (OpenSBI 1.1 ends QEMU with 0 for every shutdown reason)
# Every run prints exactly one PASS/FAIL line per guest and CPU variant, then
# "N passed, M failed" (tests/run-all.sh checks both).
set -u

# shellcheck source=tests/guests/runner-args.sh
. "$(dirname "$0")/runner-args.sh"

QEMU=${QEMU:-qemu-system-riscv64}
fw=${SVPN_DIFF_FW:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin}
tmo=${SVPN_DIFF_TIMEOUT:-30}
list=${SVPN_DIFF_LIST:-$here/enabled.txt}
cpus=${SVPN_DIFF_CPUS:-"rv64,h=false: rv64,h=false,sstc=false:-nosstc"}
logs=$builddir/diff-logs
mkdir -p "$logs"

if [ -n "${SVPN_DIFF_ONLY:-}" ]; then
	guests=$SVPN_DIFF_ONLY
else
	guests=$(sed -e 's/#.*//' "$list" | tr -s ' \t' '\n' | grep -v '^$')
fi

# Build the guests (all of them: cheap, and SVPN_DIFF_ONLY may name any). A
# calling make's flags and a stray GUESTS= are not for this build.
unset MAKEFLAGS MFLAGS MAKELEVEL GUESTS
if ! make -s -C "$here" O="$builddir" >"$logs/build.log" 2>&1; then
	echo "FAIL diff-build: building the test guests failed (see $logs/build.log):"
	grep -m 10 -iE 'error|\*\*\*' "$logs/build.log" | sed 's/^/    /'
	echo "0 passed, 1 failed"
	exit 1
fi

# A guest directory's file 'input' is typed on the console once the guest
# prints "<guest>: ready"; other guests get no input at all.
with_input() { # guest command...
	local g=$1
	shift
	if [ -f "$here/$g/input" ]; then
		/usr/bin/python3 "$here/feed-input.py" "$here/$g/input" "$g: ready" -- "$@" </dev/null
	else
		"$@" </dev/null
	fi
}

# The guest's hart count, from its 'harts' file (default 1).
guest_harts() { # guest
	if [ -f "$here/$1/harts" ]; then
		sed -e 's/#.*//' "$here/$1/harts" | tr -d ' \t\n'
	else
		echo 1
	fi
}

run_native() { # cpu guest out err
	with_input "$2" timeout "$tmo" "$QEMU" -M virt -cpu "$1" -m 512M -smp "$(guest_harts "$2")" -nographic \
		-no-reboot -bios "$fw" -kernel "$builddir/$2.elf" >"$3" 2>"$4"
}

run_svpn() { # cpu guest out err
	local n

	n=$(guest_harts "$2")
	QEMU="$QEMU" QEMU_CPU="$1" QEMU_MEM=512M QEMU_SMP=$n with_input "$2" timeout "$tmo" \
		"$srctree/scripts/run-svpn.sh" "$svpn" --kernel "$builddir/$2.bin" --harts "$n" \
		-- -no-reboot >"$3" 2>"$4"
}

# The guest's own lines: from its BEGIN marker to the end of the run, without
# \r and without the lines SVPN prints when a guest ends (its statistics and
# "svpn: guest guest0: exited with status N"; the status is compared apart).
extract() { # guest file
	tr -d '\r' <"$2" | sed -n "/^=== SVPN-TEST BEGIN $1 ===\$/,\$p" |
		grep -a -v -E '^svpn: (stats: |guest [^ ]*: (exited with status|reboot requested))'
}

last_lines() { # file: where a run stopped
	tr -d '\r' <"$1" | grep -v '^$' | tail -n 4 | sed 's/^/    | /'
}

passed=0 failed=0
fail() { # name reason [detail-lines on stdin]
	echo "FAIL $1: $2"
	failed=$((failed + 1))
}

for g in $guests; do
	if [ ! -f "$builddir/$g.elf" ] || [ ! -f "$builddir/$g.bin" ]; then
		fail "diff-$g" "no such guest (not built from tests/guests/$g/$g.c)"
		continue
	fi
	# expect_rc: the exact status SVPN must end with, from the 'expect' file, or empty
	expect_rc=
	if [ -f "$here/$g/expect" ]; then
		expect_rc=$(sed -n 's/^exit \([0-9][0-9]*\)$/\1/p' "$here/$g/expect")
		if [ -z "$expect_rc" ] || grep -v -E '^(#|$|exit [0-9]+$)' "$here/$g/expect" >/dev/null; then
			for pair in $cpus; do
				fail "diff-$g${pair#*:}" "tests/guests/$g/expect: want one 'exit N' rule"
			done
			continue
		fi
	fi
	# A bad 'harts' file fails the guest (one line per CPU variant, as always).
	if ! guest_harts "$g" | grep -q -x -E '[1-8]'; then
		for pair in $cpus; do
			fail "diff-$g${pair#*:}" "tests/guests/$g/harts: want a number from 1 to 8"
		done
		continue
	fi
	for pair in $cpus; do
		cpu=${pair%%:*} suffix=${pair#*:}
		name=diff-$g$suffix
		log=$logs/$g$suffix
		run_native "$cpu" "$g" "$log.native.out" "$log.native.err"; nrc=$?
		if [ "$svpn" = native ]; then
			run_native "$cpu" "$g" "$log.svpn.out" "$log.svpn.err"; src=$?
		else
			run_svpn "$cpu" "$g" "$log.svpn.out" "$log.svpn.err"; src=$?
		fi
		extract "$g" "$log.native.out" >"$log.native.txt"
		extract "$g" "$log.svpn.out" >"$log.svpn.txt"

		# The oracle itself must be sane.
		if [ $nrc -eq 124 ]; then
			fail "$name" "native run timed out after ${tmo}s (see $log.native.out)"
			continue
		fi
		if ! grep -q "^=== SVPN-TEST END $g fails=0 ===\$" "$log.native.txt" ||
		   grep -q '^FAIL' "$log.native.txt"; then
			fail "$name" "native run failed its own checks (see $log.native.out):"
			{ grep '^FAIL' "$log.native.txt"; [ -s "$log.native.txt" ] || last_lines "$log.native.out"; } |
				head -n 6 | sed 's/^/    /'
			continue
		fi

		if [ $src -eq 124 ]; then
			why="timed out after ${tmo}s"
		elif ! grep -q "^=== SVPN-TEST BEGIN $g ===\$" "$log.svpn.txt"; then
			why="guest never started (no BEGIN marker, exit status $src)"
		elif ! grep -q "^=== SVPN-TEST END $g " "$log.svpn.txt"; then
			why="guest stopped early (no END marker, exit status $src)"
		else
			why=
		fi
		if ! cmp -s "$log.native.txt" "$log.svpn.txt"; then
			n=$(diff "$log.native.txt" "$log.svpn.txt" | grep -c '^[<>]')
			fail "$name" "${why:+$why; }output differs ($n lines; - native, + svpn; logs $log.*)"
			if [ ! -s "$log.svpn.txt" ]; then
				echo "    last lines under SVPN:"
				last_lines "$log.svpn.out"
				[ -s "$log.svpn.err" ] && tail -n 2 "$log.svpn.err" | sed 's/^/    ! /'
			else
				diff -u "$log.native.txt" "$log.svpn.txt" | sed -n '3,$p' |
					grep -v '^ ' | head -n 8 | sed 's/^/    /'
			fi
			continue
		fi
		if [ -n "$why" ]; then
			fail "$name" "$why"
			continue
		fi
		if [ -n "$expect_rc" ] && [ "$svpn" != native ]; then
			if [ $src -ne "$expect_rc" ]; then
				fail "$name" "exit status $src, expected $expect_rc (tests/guests/$g/expect; native: $nrc)"
				continue
			fi
		elif [ $nrc -ne $src ]; then
			fail "$name" "exit status differs: native $nrc, svpn $src"
			continue
		fi
		echo "PASS $name"
		passed=$((passed + 1))
	done
done

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
