#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Isolation proof (issue 8, item 3): two guests at once under SVPN, one planting
# canaries in its RAM, the other scanning all the guest-physical and virtual
# space it can reach for them and for SVPN's own memory
# (tests/guests/isolation/isolation.c). Run twice: planter as guest 0, then as
# guest 1.
#
# usage: tests/linux/isolation.sh SVPN_ELF BUILDDIR
# Environment: HOLD (s the planter stays up, default 20), DELAY (s the scanner
# waits before scanning, default 2), and run-svpn.sh's QEMU, QEMU_CPU, QEMU_MEM.
# Prints "PASS isolation" or "FAIL isolation: <reason>", then the summary line
# "1 passed, 0 failed" or "0 passed, 1 failed" that tests/run-all.sh checks
# (without it, a run that died is seen); exit status 0 / 1.
set -u
svpn=${1:?usage: isolation.sh SVPN_ELF BUILDDIR}
build=${2:?usage: isolation.sh SVPN_ELF BUILDDIR}
src=$(cd "$(dirname "$0")/../.." && pwd)
hold=${HOLD:-20}
delay=${DELAY:-2}

fail() {
	echo "FAIL isolation: $*"
	echo "0 passed, 1 failed"
	exit 1
}

[ -f "$svpn" ] || fail "$svpn not found"
mkdir -p "$build" || fail "cannot create $build"
build=$(cd "$build" && pwd)
make -C "$src/tests/guests" O="$build" GUESTS=isolation >"$build/isolation-build.log" 2>&1 ||
	fail "building the guest (see $build/isolation-build.log)"
img=$build/isolation.bin

plant=(--kernel "$img" --name plant --bootargs "role=plant hold=$hold")
scan=(--kernel "$img" --name scan --bootargs "role=scan delay=$delay")

# line number of the first line matching an extended regex, or empty
line_of() {
	grep -n -m1 -E -- "$2" "$1" | cut -d: -f1
}

# run_config NAME FIRST... --guest SECOND...
run_config() {
	local cfg=$1 log rc n faults t
	shift
	log=$build/isolation-$cfg.log
	t=$(date +%s)
	QEMU_SMP=2 timeout 120 "$src/scripts/run-svpn.sh" "$svpn" "$@" >"$log" 2>&1 </dev/null
	rc=$?
	t=$(($(date +%s) - t))
	grep -q 'PANIC' "$log" && fail "$cfg: SVPN panicked: $(grep -m1 PANIC "$log")"
	grep -q '^\[scan\] isolation: LEAK' "$log" &&
		fail "$cfg: $(grep -m1 '^\[scan\] isolation: LEAK' "$log" | sed 's/^\[scan\] isolation: //')"
	[ $rc -eq 124 ] && fail "$cfg: timed out after 120 s (see $log)"
	grep -E -q '^\[scan\] isolation: canary hits 0, svpn memory readable no, faults [0-9]+' "$log" ||
		fail "$cfg: scanner: $(grep -m1 -E '^\[scan\] (isolation: canary hits|FAIL)' "$log" ||
			echo 'no result line') (see $log)"
	grep -q '^\[scan\] isolation: nothing leaked' "$log" ||
		fail "$cfg: scanner: $(grep -E '^\[scan\] isolation: ([0-9]+ (reads|faults)|control|first)' "$log" |
			head -3 | sed 's/^\[scan\] isolation: //' | tr '\n' ';') (see $log)"
	grep -E -q '^\[plant\] isolation: planted [1-9][0-9]* words' "$log" ||
		fail "$cfg: the planter planted nothing (see $log)"
	grep -q '^\[plant\] isolation: planter canaries intact yes' "$log" ||
		fail "$cfg: the planter's canaries changed under it (see $log)"
	[ $rc -eq 0 ] || fail "$cfg: exit status $rc (0x40 | failed guests) (see $log)"
	for g in plant scan; do
		grep -q "^svpn: guest $g: exit status 0" "$log" || fail "$cfg: guest $g did not exit 0"
	done
	# the scan must come after the planting, or it proves nothing
	n=$(line_of "$log" '^\[plant\] isolation: planted')
	[ -n "$n" ] && [ "$n" -lt "$(line_of "$log" '^\[scan\] isolation: scan start')" ] ||
		fail "$cfg: the scan started before the planter had planted (raise DELAY)"
	faults=$(grep -m1 -E '^\[scan\] isolation: canary hits' "$log" | sed 's/.*faults //')
	echo "isolation: $cfg: canary hits 0, svpn memory readable no, $faults faults, ${t} s"
	# the planter should still run while the scan runs (its RAM stays even after it exits)
	[ "$(line_of "$log" '^\[scan\] isolation: scan done')" -lt \
	  "$(line_of "$log" '^\[plant\] isolation: planter exiting')" ] ||
		echo "isolation: $cfg: note: the planter exited before the scan ended (raise HOLD)"
}

run_config plant-first "${plant[@]}" --guest "${scan[@]}"
run_config scan-first "${scan[@]}" --guest "${plant[@]}"
echo "PASS isolation"
echo "1 passed, 0 failed"
