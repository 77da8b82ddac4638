#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the trapcost guest and run it natively (QEMU + OpenSBI) and under
# SVPN with guest time = instruction count; print what one trap round trip,
# one shadow fill and one address-space switch cost (Documentation/performance.md).
#
# Every figure is ticks * 100 / iterations: 1 rdtime tick of the 10 MHz
# timebase is 100 instructions under -icount shift=0. That rate is checked,
# not assumed: the empty loop (2 instructions per iteration) must measure 2
# on both sides, within BENCH_TICK_TOLERANCE percent, or the script fails
# and prints no figures. make bench and make bench-traps run this script for
# the same check of their QEMU options.
#
# usage: run-trapcost.sh SVPN_ELF BUILDDIR
# Writes BUILDDIR/trapcost.txt (the table), BUILDDIR/trapcost.csv
# (key,label,native,svpn: instructions per operation) and the two console
# logs, BUILDDIR/native.log and BUILDDIR/svpn.log.
# Environment: QEMU, QEMU_CPU (rv64,h=false), QEMU_MEM (512M), BENCH_FW,
#   BENCH_ICOUNT (the determinism options of run-bench.sh),
#   BENCH_TICK_TOLERANCE (3): percent the empty loop may be off 2 instructions.
set -u

here=$(cd "$(dirname "$0")" && pwd)
srctree=$(cd "$here/../.." && pwd)
# shellcheck source=scripts/bench/common.sh
. "$srctree/scripts/bench/common.sh"
[ $# -eq 2 ] || { echo "usage: $0 SVPN_ELF BUILDDIR" >&2; exit 2; }
svpn=$1
[ -f "$svpn" ] || { echo "$0: $svpn not found (build SVPN first)" >&2; exit 2; }
mkdir -p "$2" && out=$(cd "$2" && pwd) || exit 2

QEMU=${QEMU:-qemu-system-riscv64}
QEMU_CPU=${QEMU_CPU:-rv64,h=false}
QEMU_MEM=${QEMU_MEM:-512M}
export QEMU QEMU_CPU QEMU_MEM QEMU_SMP=1
fw=${BENCH_FW:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin}
icount=${BENCH_ICOUNT:-$bench_icount_default}
tolerance=${BENCH_TICK_TOLERANCE:-3}
rm -f "$out/trapcost.txt" "$out/trapcost.csv"

make -s -C "$here" O="$out" >"$out/build.log" 2>&1 ||
	{ echo "$0: building the guest failed:" >&2; cat "$out/build.log" >&2; exit 1; }

# shellcheck disable=SC2086 # icount is a list of options
timeout -k 5 600 "$QEMU" -M virt -cpu "$QEMU_CPU" -m "$QEMU_MEM" -smp 1 -nographic -no-reboot \
	-bios "$fw" -kernel "$out/trapcost.elf" $icount </dev/null >"$out/native.log" 2>&1
# shellcheck disable=SC2086
timeout -k 5 600 "$srctree/scripts/run-svpn.sh" "$svpn" --kernel "$out/trapcost.bin" -- \
	-no-reboot $icount </dev/null >"$out/svpn.log" 2>&1

for side in native svpn; do
	tr -d '\r' <"$out/$side.log" | grep -q '^TRAPCOST done' ||
		{ echo "$0: the $side run did not finish; see $out/$side.log:" >&2
		  tr -d '\r' <"$out/$side.log" | tail -n 10 >&2; exit 1; }
done

# Instructions per operation: ticks * 100 / iterations, minus the loop's own
# 2 instructions per iteration (the empty loop), divided by the operations
# per iteration. The two touch_*_again lines are the baseline of the fills.
echo "tree: $(bench_tree); QEMU options: $icount" >"$out/trapcost.txt"
/usr/bin/python3 - "$out/native.log" "$out/svpn.log" "$out/trapcost.csv" "$tolerance" \
	"$icount" <<'PY' | tee -a "$out/trapcost.txt"
import re, sys

def parse(path):
    res = {}
    for line in open(path, errors="replace"):
        m = re.match(r"TRAPCOST (\S+) (\d+) (\d+) (\d+)\s*$", line.replace("\r", ""))
        if m:
            res[m.group(1)] = tuple(int(x) for x in m.group(2, 3, 4))
    return res

INSN_PER_TICK = 100   # 10 MHz timebase, -icount shift=0: checked below
EMPTY_INSNS = 2       # addi + bnez (loops.S)
sides = [parse(p) for p in sys.argv[1:3]]
csv_path, tolerance, icount = sys.argv[3], float(sys.argv[4]), sys.argv[5]

def per_iter(r, name):
    n, ops, ticks = r[name]
    return ticks * INSN_PER_TICK / n, ops

def cost(r, name, base):
    v, ops = per_iter(r, name)
    b, _ = per_iter(r, base)
    return (v - b) / ops

# The tick rate: both empty loops (translation off and Sv39 on), both sides.
bad = []
for side, r in zip(("native", "SVPN"), sides):
    for name in ("empty", "empty_sv39"):
        v = per_iter(r, name)[0]
        if abs(v - EMPTY_INSNS) > EMPTY_INSNS * tolerance / 100:
            bad.append("%s %s loop: %d iterations in %d ticks = %.2f instructions per "
                       "iteration at 100 per tick" % (side, name, r[name][0], r[name][2], v))
if bad:
    for b in bad:
        print("run-trapcost.sh: error: tick rate off: " + b, file=sys.stderr)
    print("run-trapcost.sh: error: the empty loop is %d instructions, so 1 tick is not %d "
          "instructions (off by more than %g%%); every figure in ticks * %d would be wrong. "
          "Guest time must be an instruction count: -icount shift=0 (QEMU options used: '%s')"
          % (EMPTY_INSNS, INSN_PER_TICK, tolerance, INSN_PER_TICK, icount), file=sys.stderr)
    sys.exit(1)

rows = [
    ("empty", "empty loop iteration (expect 2: 1 tick = 100 instructions)", lambda r: per_iter(r, "empty")[0]),
    ("csrr_sstatus_bare", "csrr sstatus, translation off", lambda r: cost(r, "csrr_sstatus_bare", "empty")),
    ("csrr_sstatus", "csrr sstatus (Sv39 on, as below)", lambda r: cost(r, "csrr_sstatus", "empty_sv39")),
    ("csrc_sstatus_sie", "csrci sstatus, SIE", lambda r: cost(r, "csrc_sstatus_sie", "empty_sv39")),
    ("csrs_csrc_sstatus_sum", "csrs/csrc sstatus, SUM (each)", lambda r: cost(r, "csrs_csrc_sstatus_sum", "empty_sv39") - 0.5),
    ("csrrw_sscratch", "csrrw sscratch", lambda r: cost(r, "csrrw_sscratch", "empty_sv39")),
    ("csrr_sepc", "csrr sepc", lambda r: cost(r, "csrr_sepc", "empty_sv39")),
    ("sbi_get_spec_version", "SBI call (get_spec_version, + 4 setup insns)", lambda r: cost(r, "sbi_get_spec_version", "empty_sv39")),
    ("touch_load_first", "shadow fill, first load of a 4 KiB page", lambda r: cost(r, "touch_load_first", "touch_load_again")),
    ("touch_store_first", "shadow fill, first store to a 4 KiB page", lambda r: cost(r, "touch_store_first", "touch_store_again")),
    ("satp_switch", "csrw satp, two cached roots (Linux with ASIDs)", lambda r: cost(r, "satp_switch", "empty_sv39")),
    ("sfence_vma_all", "sfence.vma (all), incl. the code refill after it", lambda r: cost(r, "sfence_vma_all", "empty_sv39")),
    ("satp_switch_sfence", "csrw satp + sfence.vma (Linux without ASIDs)", lambda r: cost(r, "satp_switch_sfence", "empty_sv39")),
    ("satp_switch_sfence_touch4", "csrw satp + sfence.vma + 4 loads (4 refills)", lambda r: cost(r, "satp_switch_sfence_touch4", "empty_sv39")),
]
print("%-60s %10s %10s" % ("instructions per operation", "native", "SVPN"))
with open(csv_path, "w") as csv:
    csv.write("key,label,native,svpn\n")
    for key, label, f in rows:
        n, s = f(sides[0]), f(sides[1])
        print("%-60s %10.1f %10.1f" % (label, n, s))
        csv.write("%s,%s,%.2f,%.2f\n" % (key, label.replace(",", ";"), n, s))
print("tick rate checked: the empty loop measures %.2f (native) and %.2f (SVPN) instructions "
      "per iteration, expected %d (tolerance %g%%): 1 tick = %d instructions"
      % (per_iter(sides[0], "empty")[0], per_iter(sides[1], "empty")[0], EMPTY_INSNS,
         tolerance, INSN_PER_TICK))
PY
[ "${PIPESTATUS[0]}" -eq 0 ] || { rm -f "$out/trapcost.txt" "$out/trapcost.csv"; exit 1; }
echo "(raw lines: $out/native.log, $out/svpn.log; table: $out/trapcost.csv)"
