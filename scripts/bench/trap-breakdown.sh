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
# The overhead against native comes from runs of the same kind, made here:
# each workload is also booted alone natively (QEMU + OpenSBI, as
# run-bench.sh: the same kernel, initramfs, RAM, command line, one hart),
# and its own SVPN-BENCH interval is compared with the SVPN run's. The two
# logs of each workload are checked to be the same guest (RAM, command
# line, harts, timebase), and the tick rate the instruction figures rest on
# (1 tick = 100 instructions) is checked first with the trapcost guest of
# tests/bench under the same QEMU options (run-trapcost.sh).
#
# usage: trap-breakdown.sh SVPN_ELF IMAGE INITRAMFS OUTDIR [WORKLOAD...]
# Environment: as run-bench.sh (QEMU, QEMU_CPU, QEMU_MEM, BENCH_GUEST_MEM,
#   BENCH_CONSOLE, BENCH_BOOTARGS, BENCH_FW, BENCH_TIMEOUT, BENCH_ICOUNT,
#   BENCH_TICK_TOLERANCE), and
#   BENCH_JOBS (2)        runs at a time
#   BENCH_QEMU_OPTS       more QEMU options for every run (e.g. a -plugin);
#                         @NAME@ becomes the run's name (base, <workload>,
#                         native-<workload>)
# Writes OUTDIR/traps/ (the logs), OUTDIR/traps.txt (the table) and
# OUTDIR/traps.csv (the totals, for scripts/bench/mkdoc.py).
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
# shellcheck source=scripts/bench/common.sh
. "$here/common.sh"
for f in "$svpn" "$image" "$initrd"; do
	[ -f "$f" ] || die "$f not found"
done

export QEMU=${QEMU:-qemu-system-riscv64} QEMU_CPU=${QEMU_CPU:-rv64,h=false}
export QEMU_MEM=${QEMU_MEM:-512M} QEMU_SMP=1
guest_mem=${BENCH_GUEST_MEM:-128}
bootargs=${BENCH_BOOTARGS:-"console=${BENCH_CONSOLE:-hvc0} earlycon=sbi"}
fw=${BENCH_FW:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin}
tmo=${BENCH_TIMEOUT:-3600}
jobs=${BENCH_JOBS:-2}
icount=${BENCH_ICOUNT:-$bench_icount_default}
[ -f "$fw" ] || die "$fw not found: install Debian package 'opensbi'"

mkdir -p "$outdir/traps" || die "cannot create $outdir"
outdir=$(cd "$outdir" && pwd)
rm -f "$outdir/traps.txt" "$outdir/traps.csv"

bench_check_tick_rate "$svpn" "$outdir/trapcost" "$icount" || exit 1

# One run: NAME and the svpn.bench value; a NAME native-* runs natively (as
# run-bench.sh), any other under SVPN. BENCH_QEMU_OPTS may name @NAME@,
# replaced by the run's name (e.g. a per-run plugin output file).
run_one() {
	local name=$1 bench=$2 extra
	extra=${BENCH_QEMU_OPTS:-}
	extra=${extra//@NAME@/$name}
	# shellcheck disable=SC2086 # icount and extra are lists of options
	case $name in
	native-*)
		timeout -k 10 "$tmo" "$QEMU" -M virt -cpu "$QEMU_CPU" -m "${guest_mem}M" -smp 1 \
			-nographic -no-reboot -bios "$fw" -kernel "$image" -initrd "$initrd" \
			-append "$bootargs svpn.bench=$bench" $icount $extra ;;
	*)
		timeout -k 10 "$tmo" "$srctree/scripts/run-svpn.sh" "$svpn" \
			--kernel "$image" --initrd "$initrd" --bootargs "$bootargs svpn.bench=$bench" \
			--mem "$guest_mem" -- -no-reboot $icount $extra ;;
	esac </dev/null >"$outdir/traps/$name.log" 2>&1
	echo $? >"$outdir/traps/$name.rc"
}

echo "trap-breakdown.sh: SVPN runs: boot only, then $workloads; native runs: $workloads ($jobs at a time)..." >&2
# shellcheck disable=SC2046 # one word per workload
set -- "base:," $(for w in $workloads; do echo "$w:$w native-$w:$w"; done)
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
for name in base $workloads $(for w in $workloads; do echo "native-$w"; done); do
	rc=$(cat "$outdir/traps/$name.rc")
	if [ "$rc" -ne 0 ]; then
		echo "trap-breakdown.sh: error: the $name run failed (status $rc); see $outdir/traps/$name.log" >&2
		fail=1
	fi
done
[ $fail -eq 0 ] || exit 1
for w in $workloads; do
	bench_same_guest "$outdir/traps/native-$w.log" "$outdir/traps/$w.log" 1 || fail=1
done
[ $fail -eq 0 ] || exit 1

{
	echo "tree: $(bench_tree); QEMU options: $icount"
	echo "$tick_rate_note"
	echo "each workload booted alone natively and under SVPN: $(basename "$image") + $(basename "$initrd"), ${guest_mem} MiB, 1 hart,"
	echo "command line '$bootargs svpn.bench=<workload>'; checked: same RAM, command line, harts, timebase"
	echo
} | tee "$outdir/traps.txt"
# shellcheck disable=SC2046 # one word per workload
/usr/bin/python3 "$here/stats.py" --csv "$outdir/traps.csv" \
	$(for w in $workloads; do echo "--native $w=$outdir/traps/native-$w.log"; done) \
	"$outdir/traps/base.log" \
	$(for w in $workloads; do echo "$w=$outdir/traps/$w.log"; done) |
	tee -a "$outdir/traps.txt"
exit "${PIPESTATUS[0]}"
