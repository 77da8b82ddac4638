#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Where SVPN's time goes, per workload: boot the Linux guest under SVPN once
# with no workload (svpn.bench=, : boot and checks only) and once per workload
# alone, and print each workload's own trap counts (its run minus the
# boot-only run) and those counts per iteration. Runs are deterministic
# (-icount, see run-bench.sh), so the subtraction is exact up to the few
# traps of printing one more line.
#
# usage: trap-breakdown.sh SVPN_ELF IMAGE INITRAMFS OUTDIR [WORKLOAD...]
# Environment: as run-bench.sh (QEMU, QEMU_CPU, QEMU_MEM, BENCH_GUEST_MEM,
#   BENCH_CONSOLE, BENCH_BOOTARGS, BENCH_TIMEOUT, BENCH_ICOUNT), and
#   BENCH_JOBS (2)        SVPN runs at a time
#   BENCH_QEMU_OPTS       more QEMU options for every run (e.g. a -plugin)
# If OUTDIR/bench.csv exists (make bench), the extra instructions per trap
# against the native run are printed too.
set -u

die() { echo "trap-breakdown.sh: error: $*" >&2; exit 1; }
ALL_WORKLOADS="forkwait syscall pagetouch ctxswitch exec"
[ $# -ge 4 ] || { echo "usage: $0 SVPN_ELF IMAGE INITRAMFS OUTDIR [WORKLOAD...]" >&2; exit 2; }
svpn=$1 image=$2 initrd=$3 outdir=$4
shift 4
workloads=${*:-$ALL_WORKLOADS}
for w in $workloads; do
	case " $ALL_WORKLOADS " in
	*" $w "*) ;;
	*) die "unknown workload '$w' (one of: $ALL_WORKLOADS)" ;;
	esac
done
here=$(cd "$(dirname "$0")" && pwd)
srctree=$(cd "$here/../.." && pwd)
for f in "$svpn" "$image" "$initrd"; do
	[ -f "$f" ] || die "$f not found"
done

export QEMU=${QEMU:-qemu-system-riscv64} QEMU_CPU=${QEMU_CPU:-rv64,h=false}
export QEMU_MEM=${QEMU_MEM:-512M} QEMU_SMP=1
guest_mem=${BENCH_GUEST_MEM:-128}
bootargs=${BENCH_BOOTARGS:-"console=${BENCH_CONSOLE:-hvc0} earlycon=sbi"}
tmo=${BENCH_TIMEOUT:-3600}
jobs=${BENCH_JOBS:-2}
icount=${BENCH_ICOUNT:-"-icount shift=0,sleep=off -seed 1 -rtc base=2020-01-01T00:00:00,clock=vm"}

mkdir -p "$outdir/traps" || die "cannot create $outdir"
outdir=$(cd "$outdir" && pwd)

# One SVPN run: NAME and the svpn.bench value. BENCH_QEMU_OPTS may name
# @NAME@, replaced by the run's name (e.g. a per-run plugin output file).
run_one() {
	local name=$1 bench=$2 extra
	extra=${BENCH_QEMU_OPTS:-}
	extra=${extra//@NAME@/$name}
	timeout -k 10 "$tmo" "$srctree/scripts/run-svpn.sh" "$svpn" \
		--kernel "$image" --initrd "$initrd" --bootargs "$bootargs svpn.bench=$bench" \
		--mem "$guest_mem" -- -no-reboot $icount $extra \
		</dev/null >"$outdir/traps/$name.log" 2>&1
	echo $? >"$outdir/traps/$name.rc"
}

echo "trap-breakdown.sh: SVPN runs: boot only, then $workloads ($jobs at a time)..." >&2
# shellcheck disable=SC2046 # one word per workload
set -- "base:," $(for w in $workloads; do echo "$w:$w"; done)
running=0
for r in "$@"; do
	run_one "${r%%:*}" "${r#*:}" &
	running=$((running + 1))
	if [ $running -ge "$jobs" ]; then
		wait -n
		running=$((running - 1))
	fi
done
wait

fail=0
for name in base $workloads; do
	rc=$(cat "$outdir/traps/$name.rc")
	if [ "$rc" -ne 0 ]; then
		echo "trap-breakdown.sh: error: the $name run failed (status $rc); see $outdir/traps/$name.log" >&2
		fail=1
	fi
done
[ $fail -eq 0 ] || exit 1

native=
[ -f "$outdir/bench.csv" ] && native="--native-csv $outdir/bench.csv"
# shellcheck disable=SC2046,SC2086 # one word per workload; native: an option and its value
/usr/bin/python3 "$here/stats.py" "$outdir/traps/base.log" \
	$(for w in $workloads; do echo "$w=$outdir/traps/$w.log"; done) $native |
	tee "$outdir/traps.txt"
exit "${PIPESTATUS[0]}"
