#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# SVPN's test suite: what 'make test' runs.
#
# usage: tests/run-all.sh [--unit | --integration] <builddir>
#
#   1. builds SVPN for configs/qemu-virt_defconfig and qemu-virt-debug_defconfig
#      into <builddir>/<board> (make -C <srctree> O=<builddir>/<board>), from
#      libfdt sources unpacked once from linux-source-6.1,
#   2. host unit tests (tests/unit, cmocka), one line per test case,
#   3. QEMU integration tests (tests/integration/*.sh), one line per script,
#   4. tests/fuzz/run-fuzz.sh (host fuzzing, 5 s per harness: SVPN_FUZZ_TIME),
#      tests/guests/run-diff.sh (differential guests), run-race.sh (racing guests
#      beside a bystander), run-fuzz.sh (a short hostile-SMP-guest campaign)
#      and tests/linux/ (the Linux guest,
#      SMP, several guests, isolation), each test counted on its own.
#
# --unit runs step 2 only, --integration steps 1 and 3.
#
# Every test prints "PASS <name>" or "FAIL <name>: <reason>"; the last line is
# "<N> passed, <M> failed" and the exit status is non-zero if anything failed.
# A test that asserts nothing (a measurement, a check that cannot run here)
# prints "INFO <name>: <text>" and is not counted. A sub-runner that dies,
# whose exit status or last line "N passed, M failed" disagrees with the
# lines it printed, or that runs fewer tests than known, adds a FAIL line
# naming it; so does a test that should run and cannot.
# Logs of every step are in <builddir>/logs/. Needs no .config in the source
# tree and never writes to it.

set -u

usage() {
	echo "usage: $0 [--unit | --integration] <builddir>" >&2
	exit 2
}

want_build=1 want_unit=1 want_integration=1 want_guests=1
case "${1:-}" in
--unit) want_build=0 want_integration=0 want_guests=0; shift ;;
--integration) want_unit=0 want_guests=0; shift ;;
-*) usage ;;
esac
[ $# -eq 1 ] || usage

# Called from make: its variables (MAKEFLAGS with O=, V=, a jobserver) and
# the QEMU settings exported by scripts/Makefile.run are not for the builds
# and boots below, which say what they want.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL srctree objtree KCONFIG_CONFIG \
	QEMU_CPU QEMU_MEM QEMU_SMP QEMU_OPTS V O
# The sub-runners' own knobs, for running them by hand: from the caller's
# environment they would shrink or bend 'make test' unnoticed (SVPN_DIFF_ONLY=csr
# runs one differential guest, RACE_ONLY one race). make test runs them all,
# with the settings below. GUEST_OUT would move the Linux guest's build away.
unset SVPN_DIFF_ONLY SVPN_DIFF_LIST SVPN_DIFF_TIMEOUT SVPN_DIFF_CPUS SVPN_DIFF_FW \
	RACE_ONLY RACE_TIMEOUT RACE_SCALE \
	FUZZ_TIME FUZZ_STEPS FUZZ_SEED FUZZ_RUNS FUZZ_HARTS FUZZ_TIMEOUT FUZZ_STALL FUZZ_TRACE \
	FUZZ_ARGS BYSTANDER_SECONDS OPENSBI_FW_JUMP \
	LINUX_TIMEOUT GUEST_DTB_TIMEOUT HOLD DELAY BOOT_TIMEOUT GUESTS \
	GUEST_KERNEL GUEST_INITRD GUEST_BOOTARGS GUEST_MEM GUEST_HARTS GUEST_OUT
export LC_ALL=C

srctree=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$1" || exit 2
B=$(cd "$1" && pwd)
logs=$B/logs
start=$(date +%s)


jobs=$(nproc 2>/dev/null || echo 2)
svpn_version=$(sed -n 's/^SVPN_VERSION[[:space:]]*:*=[[:space:]]*//p' "$srctree/Makefile")
linux_tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
boards="qemu-virt qemu-virt-debug"

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

# First error-looking line of a log, for a FAIL reason.
first_error() {
	grep -m1 -E 'error|Error|\*\*\*|not found|No such file' "$1" 2>/dev/null |
		sed 's/^[[:space:]]*//' | cut -c1-200
}

# ---------------------------------------------------------------------------
# Every run starts from scratch: stale objects must not hide a broken build.
rm -rf "$logs" "$B/tmp" "$B/unit" $(for b in $boards; do echo "$B/$b"; done)
mkdir -p "$logs" "$B/tmp"

# libfdt for the tests' own builds: the same files linux-source-6.1 ships,
# repacked small (unpacking the full tarball takes ~12 s each time). Kept
# across runs while the package's tarball does not change.
libfdt_tarball=$B/libfdt-src.tar.xz
make_libfdt_tarball() {
	local id stage=$B/libfdt-stage

	id=$(stat -c '%n %s %Y' "$linux_tarball" 2>/dev/null) || return 1
	if [ -f "$libfdt_tarball" ] && [ "$(cat "$libfdt_tarball.id" 2>/dev/null)" = "$id" ]; then
		return 0
	fi
	rm -rf "$stage" "$libfdt_tarball" && mkdir -p "$stage" &&
		tar -xJf "$linux_tarball" -C "$stage" linux-source-6.1/scripts/dtc/libfdt &&
		tar -cJf "$libfdt_tarball" -C "$stage" linux-source-6.1 &&
		echo "$id" >"$libfdt_tarball.id" && rm -rf "$stage"
}

# build_board BOARD TARBALL: configure, then build, in <builddir>/<board>.
# Two make runs: "make O=<dir> <board>_defconfig all" in one run stops at
# "no configuration" when <dir> has no .config yet (integration test
# make-defconfig-all covers that form).
build_board() {
	local dir=$B/$1

	make -C "$srctree" O="$dir" "$1_defconfig" &&
		make -C "$srctree" O="$dir" -j"$jobs" LINUX_SOURCE_TARBALL="$2" all
}

report_build() {
	local board=$1 status=$2 log=$logs/build-$1.log

	if [ "$status" -eq 0 ] && [ -f "$B/$board/svpn.elf" ]; then
		pass "build/$board"
		grep -E '^  SIZE ' "$log" | sed 's/^ */    /'
	else
		fail "build/$board" "$(first_error "$log")" "$log"
	fi
}

# The unit tests: every cmocka test case becomes one PASS/FAIL line;
# cmocka's own summary lines are kept, indented.
run_unit() {
	local log=$logs/unit-build.log t name bin out

	# -k: a test that does not build must not keep the others from running.
	if ! make -C "$srctree/tests/unit" O="$B/unit" -k -j"$jobs" >"$log" 2>&1; then
		if grep -q 'not found: install' "$log"; then
			fail "unit/build" "$(first_error "$log")" "$log"
			return
		fi
	fi
	for t in "$srctree"/tests/unit/test_*.c; do
		[ -f "$t" ] || continue
		t=$(basename "$t" .c)
		name=${t#test_}
		bin=$B/unit/$t
		out=$logs/unit-$name.log
		if [ ! -x "$bin" ]; then
			make -C "$srctree/tests/unit" O="$B/unit" "$bin" >"$out" 2>&1
			fail "unit/$name" "does not build: $(first_error "$out")" "$out"
			continue
		fi
		ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
			timeout -k 5 60 "$bin" >"$out" 2>&1
		local status=$? current= reason= done_list=0 count=0
		while IFS= read -r line; do
			case $line in
			"[==========] "*" run.")
				done_list=1
				echo "    $line" ;;
			"[  PASSED  ] "* | "[  FAILED  ] "*" test(s), listed below:")
				echo "    $line" ;;
			"[ RUN      ] "*) current=${line#"[ RUN      ] "}; reason= ;;
			"[       OK ] "*)
				[ $done_list -eq 0 ] || continue
				pass "unit/$name/${line#"[       OK ] "}"
				current= count=$((count + 1)) ;;
			"[  FAILED  ] "*)
				[ $done_list -eq 0 ] && [ -n "$current" ] || continue
				fail "unit/$name/$current" "${reason:-failed (see $out)}"
				current= count=$((count + 1)) ;;
			"[  ERROR   ] --- "*)
				reason="${reason:+$reason; }${line#*--- }" ;;
			"[   LINE   ] --- "*)
				# "[   LINE   ] --- /path/file.c:77: error: Failure!"
				where=${line#*--- }
				where=${where%%: error*}
				reason="${where##*/}: $reason" ;;
			esac
		done <"$out"
		if [ -n "$current" ]; then
			fail "unit/$name/$current" "crashed (exit $status)" "$out"
		elif [ $count -eq 0 ] || { [ $status -ne 0 ] && [ $done_list -eq 0 ]; }; then
			fail "unit/$name" "exit status $status" "$out"
		fi
	done
}

run_integration() {
	local t name out tmp status t0

	for t in "$srctree"/tests/integration/*.sh; do
		[ -f "$t" ] || continue
		name=$(basename "$t" .sh)
		out=$logs/integration-$name.log
		tmp=$B/tmp/$name
		rm -rf "$tmp" && mkdir -p "$tmp"
		t0=$(date +%s.%N)
		SVPN_SRCTREE=$srctree SVPN_BUILD=$B SVPN_VERSION=$svpn_version \
			SVPN_LIBFDT_TARBALL=$libfdt_for_tests SVPN_JOBS=$jobs \
			SVPN_TEST_TMP=$tmp SVPN_TEST_REASON=$tmp/.reason \
			SVPN_TEST_INFORMATIONAL=$tmp/.informational \
			timeout -k 5 180 bash "$t" </dev/null >"$out" 2>&1
		status=$?
		awk -v a="$t0" -v b="$(date +%s.%N)" -v n="integration/$name" 'BEGIN { printf "%s %.1f s\n", n, b - a }' >>"$logs/timings.txt"
		if [ $status -eq 0 ] && [ -s "$tmp/.informational" ]; then
			# informational (lib/common.sh): asserted nothing, so not counted
			echo "INFO integration/$name: $(head -n1 "$tmp/.informational")"
		elif [ $status -eq 0 ]; then
			pass "integration/$name"
		elif [ -s "$tmp/.reason" ]; then
			fail "integration/$name" "$(head -n1 "$tmp/.reason")" "$out"
		elif [ $status -eq 124 ]; then
			fail "integration/$name" "timed out after 180 s" "$out"
		else
			fail "integration/$name" "exit status $status" "$out"
		fi
		grep '^info: ' "$out" | sed 's/^info: /    /'
	done
}

# ---------------------------------------------------------------------------
echo "SVPN tests: source $srctree, build $B"
libfdt_for_tests=$linux_tarball

if [ $want_build -eq 1 ]; then
	# Unpack libfdt from linux-source-6.1 once (as the build would), repack it
	# small, and build both boards from that in parallel. The unit tests
	# compile meanwhile. Without the package, the builds say what to install.
	if [ $want_unit -eq 1 ]; then
		make -C "$srctree/tests/unit" O="$B/unit" >/dev/null 2>&1 &
		unit_pid=$!
	fi
	make_libfdt_tarball >"$logs/libfdt-tarball.log" 2>&1 && libfdt_for_tests=$libfdt_tarball
	pids=
	for board in $boards; do
		build_board "$board" "$libfdt_for_tests" >"$logs/build-$board.log" 2>&1 &
		pids="$pids $!"
	done
	for board in $boards; do
		pid=${pids# }
		pid=${pid%% *}
		pids=${pids# }
		pids=${pids#"$pid"}
		wait "$pid"
		report_build "$board" $?
	done
	[ -z "${unit_pid:-}" ] || wait "$unit_pid"
fi
[ $want_unit -eq 0 ] || run_unit
[ $want_integration -eq 0 ] || run_integration

# fold_results PREFIX LOG STATUS [EXPECTED [RUNNER]]: a sub-runner's PASS/FAIL
# lines into this run's count, one per test; its INFO lines are shown, not
# counted. Then what the runner says of itself must hold, or a FAIL line names
# it (RUNNER, default PREFIX): its
# last line is "N passed, M failed" for the lines it printed (a runner that
# died half way has none), its exit status is 0 exactly when none failed, and
# it printed EXPECTED results when that number is known (none went missing).
fold_results() {
	local prefix=$1 log=$2 status=$3 expected=${4:-} runner=${5:-$1} line np=0 nf=0 last

	while IFS= read -r line; do
		case "$line" in
		PASS\ *) pass "$prefix/${line#PASS }"; np=$((np + 1)) ;;
		FAIL\ *) fail "$prefix/${line#FAIL }" "see $log"; nf=$((nf + 1)) ;;
		INFO\ *) echo "INFO $prefix/${line#INFO }" ;;
		esac
	done < <(grep -aE '^(PASS|FAIL|INFO) ' "$log")
	last=$(tr -d '\r' <"$log" | grep -av '^[[:space:]]*$' | tail -n 1)
	if [ "$last" != "$np passed, $nf failed" ]; then
		fail "$runner" "exit status $status, last line '${last:0:80}', not '$np passed, $nf failed'" "$log"
	elif [ "$status" -ne 0 ] && [ $nf -eq 0 ]; then
		fail "$runner" "exit status $status, yet no test failed" "$log"
	elif [ "$status" -eq 0 ] && [ $nf -ne 0 ]; then
		fail "$runner" "exit status 0, yet $nf failed" "$log"
	elif [ -n "$expected" ] && [ $((np + nf)) -ne "$expected" ]; then
		fail "$runner" "$((np + nf)) results, expected $expected" "$log"
	fi
}

# missing NAME WHAT: a test that should run and cannot is a failure.
missing() {
	fail "$1" "not run: $2"
}

# run_suite NAME SCRIPT WORKDIR EXPECTED [ENV...]: a sub-runner that takes
# SVPN_ELF WORKDIR and prints PASS/FAIL lines, on the first board's SVPN image;
# EXPECTED results ("" when the runner alone knows how many).
run_suite() {
	local name=$1 script=$2 work=$3 expected=$4 log=$logs/guests-$1.log elf=$B/${boards%% *}/svpn.elf
	local status
	shift 4
	[ -x "$script" ] || { missing "guests/$name" "$script is not executable"; return; }
	if [ ! -f "$elf" ]; then
		fail "guests/$name" "$elf was not built"
		return
	fi
	env "$@" "$script" "$elf" "$work" </dev/null >"$log" 2>&1
	status=$?
	fold_results guests "$log" $status "$expected" "guests/$name"
}

# Host fuzzing, short form (make fuzz-host runs it longer): one line per harness.
if [ $want_guests -eq 1 ]; then
	log=$logs/fuzz-host.log
	if [ -x "$srctree/tests/fuzz/run-fuzz.sh" ]; then
		"$srctree/tests/fuzz/run-fuzz.sh" -t "${SVPN_FUZZ_TIME:-5}" "$B" </dev/null >"$log" 2>&1
		status=$?
		fold_results fuzz-host "$log" $status "$(ls "$srctree"/tests/fuzz/fuzz_*.c | wc -l)"
	else
		missing fuzz-host "tests/fuzz/run-fuzz.sh is not executable"
	fi
fi

if [ $want_guests -eq 1 ]; then
	# The differential guest tests (tests/guests): native vs SVPN, one line per
	# guest of enabled.txt per CPU variant (run-diff.sh's two: with and without Sstc).
	diff_guests=$(sed -e 's/#.*//' "$srctree/tests/guests/enabled.txt" | tr -s ' \t' '\n' |
		grep -c -v '^$')
	run_suite run-diff "$srctree/tests/guests/run-diff.sh" "$B/guests" $((diff_guests * 2))
	# Racing guests beside a bystander: isolation against a guest that races itself.
	run_suite race "$srctree/tests/guests/run-race.sh" "$B/race" ""
	# A hostile SMP guest beside a bystander: a short campaign (make fuzz runs long
	# ones), one line per run.
	run_suite fuzz-smp "$srctree/tests/guests/run-fuzz.sh" "$B/fuzz-smp" 2 \
		FUZZ_STEPS=4000 FUZZ_RUNS=2 BYSTANDER_SECONDS=2 FUZZ_STALL=20
	# Guest disks (tests/guests/virtio-blk): good requests native vs SVPN, read-only,
	# the hostile requests, two guests sharing one host disk through windows.
	run_suite virtio-blk "$srctree/tests/guests/run-virtio-blk.sh" "$B/virtio-blk" 6
fi

# The Linux guest (issue 6/8): built once from linux-source-6.1 (minutes the
# first time), then booted natively and under SVPN. Known result counts:
# run-linux.sh 11, guest-dtb.sh 8 checks, isolation.sh 1; update them with
# the scripts.
if [ $want_guests -eq 1 ]; then
	for t in run-linux.sh guest-dtb.sh isolation.sh; do
		[ -x "$srctree/tests/linux/$t" ] || missing "linux/$t" "tests/linux/$t is not executable"
	done
fi
if [ $want_guests -eq 1 ] && [ -x "$srctree/tests/linux/run-linux.sh" ]; then
	board=$B/${boards%% *}
	log=$logs/linux-guest-build.log
	gstart=$(date +%s)
	if ! make -C "$srctree" O="$board" guest </dev/null >"$log" 2>&1; then
		fail "linux/guest-build" "$(first_error "$log")" "$log"
	else
		pass "linux/guest-build"
		echo "    (guest built or found in $(($(date +%s) - gstart)) s)"
		log=$logs/linux.log
		"$srctree/tests/linux/run-linux.sh" "$board/svpn.elf" "$board/guest" "$logs/linux" \
			"$B/guests" </dev/null >"$log" 2>&1
		status=$?
		fold_results linux "$log" $status 11
	fi
	if [ ! -f "$board/svpn.elf" ]; then
		missing guest-dtb "$board/svpn.elf was not built"
		missing isolation "$board/svpn.elf was not built"
	fi
	if [ -x "$srctree/tests/linux/guest-dtb.sh" ] && [ -f "$board/svpn.elf" ]; then
		log=$logs/guest-dtb.log
		"$srctree/tests/linux/guest-dtb.sh" "$board/svpn.elf" "$B/guest-dtb" </dev/null \
			>"$log" 2>&1
		status=$?
		fold_results guest-dtb "$log" $status 8
	fi
	if [ -x "$srctree/tests/linux/isolation.sh" ] && [ -f "$board/svpn.elf" ]; then
		log=$logs/isolation.log
		"$srctree/tests/linux/isolation.sh" "$board/svpn.elf" "$B/isolation" </dev/null \
			>"$log" 2>&1
		status=$?
		fold_results isolation "$log" $status 1
	fi
fi

# The shipped qemu-virt-smp and qemu-virt-2guests configurations (issue 19,
# item 10): each built, then booted by 'make run' (its CONFIG_GUEST_HARTS,
# CONFIG_GUEST_LIST and run-svpn.sh --guest-list) on the Linux guest built
# above; 2 builds + 2 boots, 4 results.
if [ $want_guests -eq 1 ]; then
	board=$B/${boards%% *}
	log=$logs/shipped-configs.log
	if [ ! -x "$srctree/tests/linux/shipped-configs.py" ]; then
		missing shipped-configs "tests/linux/shipped-configs.py is not executable"
	elif [ ! -f "$board/guest/Image" ] || [ ! -f "$board/guest/initramfs.cpio" ]; then
		missing shipped-configs "no Linux guest in $board/guest (see linux/guest-build)"
	else
		SVPN_JOBS=$jobs /usr/bin/python3 "$srctree/tests/linux/shipped-configs.py" \
			"$board/guest" "$B/shipped" "$libfdt_for_tests" </dev/null >"$log" 2>&1
		status=$?
		fold_results shipped "$log" $status 4
	fi
fi

echo "    ($(($(date +%s) - start)) s; logs in $logs)"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
