#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: boot the same Linux guest natively (QEMU + Debian's OpenSBI) and
# under SVPN, on the same QEMU, with guest time made a deterministic
# instruction count, and compare the guest's own timings of its workloads
# (tests/guests/linux/init.c, "svpn.bench" on the kernel command line).
# Both guests get the same kernel, initramfs, command line, harts and RAM
# (Linux's boot work grows with its RAM); the script checks that the two
# kernels saw the same RAM, command line, harts and timebase, and says so.
# Before the Linux runs it checks the tick rate the figures rest on (1 tick
# = 100 instructions) with the trapcost guest of tests/bench, natively and
# under SVPN, with the same QEMU options; a wrong rate fails the bench.
#
# usage: run-bench.sh SVPN_ELF IMAGE INITRAMFS OUTDIR [WORKLOAD]
#
# WORKLOAD is one of boot forkwait syscall pagetouch ctxswitch exec; without
# it, all of them run in one boot. WORKLOAD "disk" runs the disk workloads
# (diskwrite, diskread: 64 MiB O_DIRECT in 1 MiB requests; diskrand: 2048
# random 4 KiB reads) on a fresh zeroed scratch disk, /dev/vda, in both runs
# (natively a virtio-blk drive, under SVPN --disk): IMAGE must then be a
# kernel with virtio-blk (make guest-debian). Their rows add MB/s. They wait
# for the host's disk, so their clock runs in real time while the guest is
# idle (-icount sleep=on; with sleep=off QEMU skips idle time up to the next
# timer, and the figures measure timer periods, not the disk): they vary
# from run to run, like the host's page cache. Prints one table (workload, native ticks,
# SVPN ticks, ratio SVPN/native), the wall time of each whole run and SVPN's
# trap counts for its run. Writes OUTDIR/bench.csv (the table), OUTDIR/bench.txt
# (everything printed) and the two console logs, OUTDIR/native.log and
# OUTDIR/svpn.log, and the tick-rate check's OUTDIR/trapcost/. Exit status 0
# only if the tick rate is right, both runs ended and printed every
# workload's line and the two guests were the same.
#
# Environment:
#   QEMU (qemu-system-riscv64), QEMU_CPU (rv64,h=false): both runs
#   QEMU_MEM (512M)         the machine's RAM for the SVPN run (SVPN itself,
#                           its shadow tables and the guest's RAM)
#   BENCH_GUEST_MEM (128)   the guest's RAM in MiB, the same in both runs: the
#                           native machine gets -m <MiB>M, the SVPN guest
#                           run-svpn.sh --mem <MiB>
#   BENCH_HARTS (1)         the guest's harts, both runs (-smp, --harts)
#   BENCH_CONSOLE (hvc0)    console= of the guest (ttyS0 once SVPN has a UART)
#   BENCH_BOOTARGS          the whole command line before svpn.bench
#                           (default "console=$BENCH_CONSOLE earlycon=sbi")
#   BENCH_FW                native firmware (Debian's OpenSBI fw_jump.bin)
#   BENCH_TIMEOUT (3600)    seconds per run
#   BENCH_ICOUNT            the determinism options (default in common.sh; see
#                           Documentation/performance.md), also those of the
#                           tick-rate check
#   BENCH_TICK_TOLERANCE (3) percent the measured tick rate may be off
#   BENCH_QEMU_OPTS         more QEMU options for both runs; @NAME@ becomes
#                           native or svpn (e.g. a -plugin writing one file per run)
set -u

usage() {
	echo "usage: $0 SVPN_ELF IMAGE INITRAMFS OUTDIR [WORKLOAD]" >&2
	echo "       WORKLOAD: one of $ALL_WORKLOADS" >&2
	exit 2
}
die() { echo "run-bench.sh: error: $*" >&2; exit 1; }

ALL_WORKLOADS="boot forkwait syscall pagetouch ctxswitch exec"
DISK_WORKLOADS="diskwrite diskread diskrand"
DISK_MIB=80 # the scratch disk: the 64 MiB the workloads touch, and some
[ $# -eq 4 ] || [ $# -eq 5 ] || usage
svpn=$1 image=$2 initrd=$3 outdir=$4 workload=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
srctree=$(cd "$here/../.." && pwd)
# shellcheck source=scripts/bench/common.sh
. "$here/common.sh"

for f in "$svpn" "$image" "$initrd"; do
	[ -f "$f" ] || die "$f not found"
done
if [ -n "$workload" ]; then
	case " $ALL_WORKLOADS disk " in
	*" $workload "*) ;;
	*) die "unknown workload '$workload' (one of: $ALL_WORKLOADS)" ;;
	esac
fi

QEMU=${QEMU:-qemu-system-riscv64}
QEMU_CPU=${QEMU_CPU:-rv64,h=false}
QEMU_MEM=${QEMU_MEM:-512M}
harts=${BENCH_HARTS:-1}
export QEMU QEMU_CPU QEMU_MEM QEMU_SMP=$harts
guest_mem=${BENCH_GUEST_MEM:-128}
case $guest_mem in
'' | *[!0-9]*) die "BENCH_GUEST_MEM=$guest_mem: a number of MiB" ;;
esac
console=${BENCH_CONSOLE:-hvc0}
bootargs=${BENCH_BOOTARGS:-"console=$console earlycon=sbi"}
# The disk workloads' kernel (make guest-debian) has no SBI console: the UART.
[ "$workload" != disk ] || bootargs=${BENCH_BOOTARGS:-"console=${BENCH_CONSOLE:-ttyS0} earlycon"}
fw=${BENCH_FW:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin}
tmo=${BENCH_TIMEOUT:-3600}
icount=${BENCH_ICOUNT:-$bench_icount_default}
[ "$workload" != disk ] || icount=${BENCH_ICOUNT:-${bench_icount_default/sleep=off/sleep=on}}

command -v "$QEMU" >/dev/null || die "$QEMU not found: install Debian package 'qemu-system-misc'"
[ -f "$fw" ] || die "$fw not found: install Debian package 'opensbi'"

# svpn.bench=W runs W after printing the boot line; "boot" is not a workload
# of the init, so boot alone is an empty list (",": nothing but the boot line).
if [ -z "$workload" ]; then
	benchargs="svpn.bench" workloads=$ALL_WORKLOADS
elif [ "$workload" = boot ]; then
	benchargs="svpn.bench=," workloads=boot
elif [ "$workload" = disk ]; then
	benchargs="svpn.bench=$(echo $DISK_WORKLOADS | tr ' ' ,)" workloads=$DISK_WORKLOADS
else
	benchargs="svpn.bench=$workload" workloads=$workload
fi
cmdline="$bootargs $benchargs"

mkdir -p "$outdir" || die "cannot create $outdir"
outdir=$(cd "$outdir" && pwd)
rm -f "$outdir/bench.csv" "$outdir/bench.txt"
tree=$(bench_tree)

# The tick rate first: if guest time is not an instruction count, the
# Linux runs would measure nothing that this script's output claims.
bench_check_tick_rate "$svpn" "$outdir/trapcost" "$icount" || exit 1

now() { date +%s.%N; }

# run NAME LOG COMMAND...: one boot; sets run_wall (seconds) and run_rc.
run() {
	local name=$1 log=$2 t0 t1 extra
	shift 2
	extra=${BENCH_QEMU_OPTS:-}
	extra=${extra//@NAME@/$name}
	echo "run-bench.sh: $name run ($cmdline)..." >&2
	t0=$(now)
	# shellcheck disable=SC2086 # extra is a list of options
	timeout -k 10 "$tmo" "$@" $extra </dev/null >"$log" 2>&1
	run_rc=$?
	t1=$(now)
	run_wall=$(echo "$t1 - $t0" | bc)
	[ $run_rc -eq 124 ] && echo "run-bench.sh: $name run timed out after ${tmo}s" >&2
}

# A fresh zeroed scratch disk for one run (the disk workloads): the disk options.
native_disk=() svpn_disk=()
scratch_disk() {	# scratch_disk SIDE
	local img=$outdir/$1-disk.img

	rm -f "$img" && truncate -s "${DISK_MIB}M" "$img" || die "cannot create $img"
	echo "$img"
}
if [ "$workload" = disk ]; then
	native_disk=(-global virtio-mmio.force-legacy=false
		     -drive "file=$(scratch_disk native),if=none,format=raw,id=hd0"
		     -device virtio-blk-device,drive=hd0)
	svpn_disk=(--disk "$(scratch_disk svpn)")
fi

# The native machine's RAM is the guest's: BENCH_GUEST_MEM, as under SVPN.
# Neither guest gets a virtio-rng (natively there is none).
run native "$outdir/native.log" \
	"$QEMU" -M virt -cpu "$QEMU_CPU" -m "${guest_mem}M" -smp "$harts" -nographic -no-reboot \
	-bios "$fw" -kernel "$image" -initrd "$initrd" -append "$cmdline" "${native_disk[@]}" $icount
native_wall=$run_wall native_rc=$run_rc
run svpn "$outdir/svpn.log" \
	"$srctree/scripts/run-svpn.sh" "$svpn" --kernel "$image" --initrd "$initrd" \
	--bootargs "$cmdline" --mem "$guest_mem" --harts "$harts" "${svpn_disk[@]}" --no-rng \
	-- -no-reboot $icount
svpn_wall=$run_wall svpn_rc=$run_rc

# disk_mbps WORKLOAD TICKS: the workload's bytes (init.c) per second of guest time, in MB/s.
disk_mbps() {
	local bytes=$((64 << 20))
	[ "$1" != diskrand ] || bytes=$((2048 * 4096))
	echo "scale=1; $bytes * $bench_timebase / $2 / 1000000" | bc
}

# ticks LOG WORKLOAD: the workload's tick count, or nothing.
ticks() {
	tr -d '\r' <"$1" | sed -n "s/.*SVPN-BENCH $2 \([0-9][0-9]*\) *\$/\1/p" | tail -n 1
}

fail=0
for side in native svpn; do
	log=$outdir/$side.log
	if [ $side = native ]; then rc=$native_rc; else rc=$svpn_rc; fi
	if [ "$rc" -ne 0 ]; then
		echo "run-bench.sh: error: the $side run failed (QEMU exit status $rc); see $log:" >&2
		tr -d '\r' <"$log" | tail -n 15 | sed 's/^/    /' >&2
		fail=1
		continue
	fi
	failed=$(tr -d '\r' <"$log" | grep -a 'SVPN-BENCH .* FAIL')
	if [ -n "$failed" ]; then
		echo "$failed" | sed "s/^/run-bench.sh: error: $side run: /" >&2
		fail=1
	fi
	for w in $workloads; do
		[ -n "$(ticks "$log" "$w")" ] ||
			{ echo "run-bench.sh: error: no 'SVPN-BENCH $w <ticks>' line in the $side run; see $log" >&2; fail=1; }
	done
done
[ $fail -eq 0 ] || exit 1

# Like for like: the same RAM, command line, harts and timebase, as each
# kernel reports them.
bench_same_guest "$outdir/native.log" "$outdir/svpn.log" "$harts" || exit 1
same_ram=$(bench_guest_ram "$outdir/native.log")

{
	echo "SVPN bench: $(basename "$image") + $(basename "$initrd"), QEMU $("$QEMU" --version | sed -n '1s/.*version //p'), -cpu $QEMU_CPU"
	echo "tree: $tree"
	echo "the same guest in both runs: kernel, initramfs, ${guest_mem} MiB of RAM, $harts hart(s), command line: $cmdline"
	echo "native: OpenSBI $(basename "$fw") on -m ${guest_mem}M -smp $harts; SVPN: $(basename "$svpn") on -m $QEMU_MEM -smp $harts, guest --mem $guest_mem"
	echo "checked in both console logs: Linux manages the same RAM (Memory: .../$same_ram), same command line, harts=$harts, timebase $bench_timebase Hz"
	echo "time: rdtime ticks of the $bench_timebase Hz timebase; QEMU options: $icount"
	echo "      $tick_rate_note"
	echo "      (a hart idle in wfi advances the clock without instructions)"
	echo
	printf '%-10s %14s %14s %9s' workload "native ticks" "SVPN ticks" ratio
	[ "$workload" != disk ] || printf ' %11s %11s' "native MB/s" "SVPN MB/s"
	echo
	echo "workload,native_ticks,svpn_ticks,ratio" >"$outdir/bench.csv"
	for w in $workloads; do
		n=$(ticks "$outdir/native.log" "$w")
		s=$(ticks "$outdir/svpn.log" "$w")
		r=$(echo "scale=2; $s / $n" | bc)
		printf '%-10s %14s %14s %9s' "$w" "$n" "$s" "$r"
		[ "$workload" != disk ] ||
			printf ' %11s %11s' "$(disk_mbps "$w" "$n")" "$(disk_mbps "$w" "$s")"
		echo
		echo "$w,$n,$s,$r" >>"$outdir/bench.csv"
	done
	echo
	printf 'wall time of the whole run: native %.1f s, SVPN %.1f s\n' "$native_wall" "$svpn_wall"
	echo
	echo "SVPN trap counts for its whole run (boot and checks included):"
	tr -d '\r' <"$outdir/svpn.log" | sed -n 's/^svpn: stats: /  /p'
} | tee "$outdir/bench.txt"
grep -q . <(tr -d '\r' <"$outdir/svpn.log" | grep 'svpn: stats:') ||
	echo "(no 'svpn: stats:' lines: SVPN was built without CONFIG_TRAP_STATS)" | tee -a "$outdir/bench.txt"
echo "table written to $outdir/bench.csv"
