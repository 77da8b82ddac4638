#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SMP hostile-guest fuzzing: tests/guests/fuzzsmp (2 to 4 vCPUs, random CSR,
# SBI, page-table, MMIO, timer and WFI operations on every hart) runs under
# SVPN beside tests/guests/bystander (1 vCPU, checks its RAM and prints a
# checksum). A run fails on any SVPN panic, a hang (watchdog), a fuzzer
# check (FAIL line, failure exit), a bystander that does not print its ok
# line or prints a checksum other than that of a native run with the same
# arguments (QEMU + OpenSBI, cached in BUILDDIR), or a machine exit status
# other than 0.
#
# usage: tests/guests/run-fuzz.sh SVPN_ELF BUILDDIR [STEPS] [SEED]
#   STEPS: fuzzer steps per run, all harts together (default $FUZZ_STEPS, else 20000)
#   SEED:  the first run's seed (default $FUZZ_SEED, else 1)
# Environment:
#   FUZZ_RUNS=N      runs with seeds SEED..SEED+N-1 (default 1)
#   FUZZ_HARTS=H     fuzzer vCPUs (default 2 + seed % 3: 2..4)
#   FUZZ_TIMEOUT=S   watchdog per run in s (default 60 + STEPS / 200)
#   FUZZ_STALL=S     a hang: no fuzzer line for S seconds (default 60)
#   FUZZ_TRACE=T     the fuzzer prints every operation from step T on (a crash's last steps)
#   FUZZ_ARGS="..."  more fuzzer boot arguments (canon=1: canonical fence addresses only)
#   BYSTANDER_SECONDS=S  how long the bystander works (default 2 + STEPS / 4000)
#   QEMU, QEMU_CPU, QEMU_MEM as for scripts/run-svpn.sh
# Prints "PASS fuzz-smp seed=S steps=N harts=H ... (X steps/s)" or
# "FAIL fuzz-smp seed=S: <reason>" per run, then "<N> passed, <M> failed";
# exit status 0 if all passed. Logs: BUILDDIR/fuzz-smp-<seed>.log.
set -u
usage="usage: run-fuzz.sh SVPN_ELF BUILDDIR [STEPS] [SEED]"
svpn=${1:?$usage}
build=${2:?$usage}
steps=${3:-${FUZZ_STEPS:-20000}}
seed0=${4:-${FUZZ_SEED:-1}}
src=$(cd "$(dirname "$0")/../.." && pwd)
runs=${FUZZ_RUNS:-1}
timeout_s=${FUZZ_TIMEOUT:-$((60 + steps / 200))}
stall_s=${FUZZ_STALL:-60}
by_seconds=${BYSTANDER_SECONDS:-$((2 + steps / 4000))}
by_mib=4
mem=128
opensbi=${OPENSBI_FW_JUMP:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin}
qemu=${QEMU:-qemu-system-riscv64}
passed=0 failed=0

case "$steps$seed0$runs" in *[!0-9]*) echo "$usage (numbers only)" >&2; exit 2 ;; esac
# Called from make: its variables are not for the guest build below.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL O V

fail_all() {
	echo "FAIL fuzz-smp: $*"
	echo "0 passed, 1 failed"
	exit 1
}

[ -f "$svpn" ] || fail_all "$svpn not found"
mkdir -p "$build" || fail_all "cannot create $build"
build=$(cd "$build" && pwd)
make -C "$src/tests/guests" O="$build" GUESTS="fuzzsmp bystander" >"$build/fuzz-build.log" 2>&1 ||
	fail_all "building the guests (see $build/fuzz-build.log)"

# The bystander's checksum depends on its arguments only: take it from a
# native run (not SVPN, which is under test), once per image and arguments.
by_ref() {
	local key ref log
	key=$(md5sum <"$build/bystander.elf" | cut -c1-12)-$by_seconds-$by_mib
	ref=$build/bystander-ref-$key
	if [ ! -s "$ref" ]; then
		[ -f "$opensbi" ] || { echo "no $opensbi (Debian package opensbi)"; return 1; }
		log=$build/bystander-native.log
		timeout $((by_seconds + 60)) "$qemu" -M virt -cpu "${QEMU_CPU:-rv64,h=false}" \
			-m ${mem}M -smp 1 -nographic -bios "$opensbi" -kernel "$build/bystander.elf" \
			-append "seconds=$by_seconds mib=$by_mib" </dev/null >"$log" 2>&1
		grep -a -m1 -o 'bystander: ok checksum=[0-9a-f]*' "$log" | sed 's/.*=//' >"$ref"
		[ -s "$ref" ] || { rm -f "$ref"; echo "native bystander run gave no checksum (see $log)"; return 1; }
	fi
	cat "$ref"
}
ref=$(by_ref) || fail_all "$ref"

# run_one SEED: one fuzzer run beside the bystander
run_one() {
	local seed=$1 harts log rc t0 t1 by done ms rate reason= pid n last=-1 quiet=0 hung=
	local progress
	harts=${FUZZ_HARTS:-$((2 + seed % 3))}
	log=$build/fuzz-smp-$seed.log
	# a progress line per hart at least every 5000 steps: the stall watchdog's heartbeat
	progress=$(((steps / harts + 9) / 10))
	[ $progress -le 5000 ] || progress=5000
	bootargs="seed=$seed steps=$steps mem=$mem progress=$progress"
	[ -n "${FUZZ_TRACE:-}" ] && bootargs="$bootargs trace=$FUZZ_TRACE"
	[ -n "${FUZZ_ARGS:-}" ] && bootargs="$bootargs $FUZZ_ARGS"
	t0=$(date +%s.%N)
	# timeout kills its whole process group (QEMU included), on expiry or on our TERM
	QEMU_SMP=$((harts + 1)) timeout -k 5 "$timeout_s" "$src/scripts/run-svpn.sh" "$svpn" \
		--kernel "$build/fuzzsmp.bin" --name fuzz --harts "$harts" --mem $mem \
		--bootargs "$bootargs" \
		--guest --kernel "$build/bystander.bin" --name by --mem $mem \
		--bootargs "seconds=$by_seconds mib=$by_mib" </dev/null >"$log" 2>&1 &
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		sleep 2
		n=$(grep -a -c 'fuzzsmp: ' "$log")
		if [ "$n" != "$last" ]; then
			last=$n quiet=0
		elif [ $((quiet += 2)) -ge "$stall_s" ]; then
			hung="no fuzzer output for $stall_s s"
			kill -TERM $pid 2>/dev/null
			break
		fi
	done
	wait $pid
	rc=$?
	[ $rc -eq 124 ] && hung="timed out after $timeout_s s"
	t1=$(date +%s.%N)
	done=$(grep -a -o 'fuzzsmp: done steps=[0-9]* harts=[0-9]* time=[0-9]*ms' "$log" | tail -1)
	by=$(grep -a -o 'bystander: ok checksum=[0-9a-f]*' "$log" | tail -1 | sed 's/.*=//')
	if grep -a -q 'PANIC' "$log"; then
		reason="SVPN panicked: $(grep -a -m1 'PANIC' "$log" | cut -c1-200)"
	elif [ -n "$hung" ]; then
		reason="hang: $hung; last fuzzer line: $(grep -a 'fuzzsmp: hart' "$log" | tail -1 | cut -c1-160)"
	elif grep -a -q '^\[by\] bystander: FAIL' "$log"; then
		reason="bystander: $(grep -a -m1 '^\[by\] bystander: FAIL' "$log" | sed 's/^\[by\] bystander: FAIL //')"
	elif grep -a -q 'fuzzsmp: .*FAIL' "$log"; then
		reason="fuzzer: $(grep -a -m1 'fuzzsmp: .*FAIL' "$log" | sed 's/.*fuzzsmp: //' | cut -c1-200)"
	elif [ -z "$done" ]; then
		reason="the fuzzer did not finish (exit status $rc)"
	elif [ -z "$by" ]; then
		reason="no 'bystander: ok' line (exit status $rc)"
	elif [ "$by" != "$ref" ]; then
		reason="bystander checksum $by, native run $ref"
	elif [ $rc -ne 0 ]; then
		reason="exit status $rc (0x40 | failed guests)"
	fi
	if [ -n "$reason" ]; then
		echo "FAIL fuzz-smp seed=$seed: $reason (harts=$harts, log $log)"
		tr -d '\r' <"$log" | grep -a -v -e '^\[by\]' -e '^svpn: stats:' -e '^\[fuzz\] *\.*$' | tail -n 8 | sed 's/^/    /'
		failed=$((failed + 1))
		return
	fi
	ms=${done##*time=}
	ms=${ms%ms}
	rate=$(awk -v n="$steps" -v ms="$ms" 'BEGIN { printf "%d", (ms > 0 ? n * 1000 / ms : 0) }')
	echo "PASS fuzz-smp seed=$seed steps=$steps harts=$harts bystander=ok checksum=$by" \
		"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f s", b - a }') ($rate steps/s)"
	passed=$((passed + 1))
}

for ((i = 0; i < runs; i++)); do
	run_one $((seed0 + i))
done
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
