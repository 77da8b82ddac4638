#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host fuzzing: what 'make fuzz-host' runs.
#
# usage: tests/fuzz/run-fuzz.sh [-t SECONDS] <builddir>
#
# Builds every libFuzzer harness (tests/fuzz/Makefile, clang) into
# <builddir>/fuzz, then runs each for SECONDS (-t, else $FUZZ_TIME, else 60)
# on a fresh copy of its seed corpus tests/fuzz/corpus/<harness>/: new
# corpus entries go to the copy, never to the source tree. A crash, an
# ASan/UBSan report, a leak or a timeout fails the harness; the input that
# caused it is kept in <builddir>/fuzz/artifacts/<harness>/.
#
# Prints "PASS fuzz-<name>: N execs in T s" or "FAIL fuzz-<name>: <reason>"
# per harness, the same PASS/FAIL form as tests/run-all.sh, then
# "<N> passed, <M> failed"; the exit status is non-zero if anything failed.
# Logs are in <builddir>/fuzz/logs/.

set -u

usage() {
	echo "usage: $0 [-t SECONDS] <builddir>" >&2
	exit 2
}

secs=${FUZZ_TIME:-60}
while getopts t: opt; do
	case $opt in
	t) secs=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
case $secs in
'' | *[!0-9]*) echo "$0: the time must be whole seconds, not '$secs'" >&2; exit 2 ;;
esac

# Called from make: its variables are not for the build below.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL O V
export LC_ALL=C

srctree=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$1" || exit 2
F=$(cd "$1" && pwd)/fuzz
logs=$F/logs
passed=0 failed=0

pass() {
	echo "PASS $1"
	passed=$((passed + 1))
}

# fail NAME REASON [LOG]: the reason on the FAIL line, the end of the log below.
fail() {
	echo "FAIL $1: $2"
	failed=$((failed + 1))
	if [ -n "${3:-}" ] && [ -s "$3" ]; then
		tail -n 15 "$3" | sed 's/^/    /'
		echo "    (whole log: $3)"
	fi
}

summary() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

# What went wrong, from a libFuzzer log: the sanitizer's one-line summary.
reason_of() {
	local r

	r=$(grep -m1 -E '^SUMMARY: |runtime error: |ERROR: libFuzzer: ' "$1" | sed 's/^SUMMARY: //' |
		cut -c1-160)
	echo "${r:-exit status $2, no sanitizer report}"
}

rm -rf "$logs" "$F/corpus" "$F/artifacts"
mkdir -p "$logs"
if ! make -C "$srctree/tests/fuzz" O="$F" -j2 >"$logs/build.log" 2>&1; then
	fail fuzz-build "$(grep -m1 -E 'error|not found' "$logs/build.log" | cut -c1-200)" \
		"$logs/build.log"
	summary
fi

for src in "$srctree"/tests/fuzz/fuzz_*.c; do
	h=$(basename "$src" .c)
	name=fuzz-${h#fuzz_}
	log=$logs/$h.log
	work=$F/corpus/$h
	art=$F/artifacts/$h
	mkdir -p "$work" "$art"
	[ -d "$srctree/tests/fuzz/corpus/$h" ] && cp "$srctree/tests/fuzz/corpus/$h"/* "$work"/
	start=$(date +%s)
	# -timeout: an input that runs 10 s is a hang; -max_len: packages and
	# DTBs are seeds of a few KiB. detect_leaks stays on (libFuzzer's default).
	"$F/$h" -max_total_time="$secs" -timeout=10 -max_len=16384 -print_final_stats=1 \
		-artifact_prefix="$art/" "$work" >"$log" 2>&1
	status=$?
	elapsed=$(($(date +%s) - start))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ "$status" -eq 0 ] && [ -z "$(ls -A "$art")" ] && [ -n "$execs" ]; then
		pass "$name: $execs execs in $elapsed s"
	else
		fail "$name" "$(reason_of "$log" "$status"); input kept in $art" "$log"
	fi
done
summary
