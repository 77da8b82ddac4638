#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the trapcost guest and run it natively (QEMU + OpenSBI) and under
# SVPN with guest time = instruction count; print what one trap round trip,
# one shadow fill and one address-space switch cost (Documentation/performance.md).
#
# usage: run-trapcost.sh SVPN_ELF BUILDDIR
# Environment: QEMU, QEMU_CPU (rv64,h=false), QEMU_MEM (512M), BENCH_FW.
set -u

here=$(cd "$(dirname "$0")" && pwd)
srctree=$(cd "$here/../.." && pwd)
[ $# -eq 2 ] || { echo "usage: $0 SVPN_ELF BUILDDIR" >&2; exit 2; }
svpn=$1
[ -f "$svpn" ] || { echo "$0: $svpn not found (build SVPN first)" >&2; exit 2; }
mkdir -p "$2" && out=$(cd "$2" && pwd) || exit 2

QEMU=${QEMU:-qemu-system-riscv64}
QEMU_CPU=${QEMU_CPU:-rv64,h=false}
QEMU_MEM=${QEMU_MEM:-512M}
export QEMU QEMU_CPU QEMU_MEM QEMU_SMP=1
fw=${BENCH_FW:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin}
icount="-icount shift=0,sleep=off -seed 1 -rtc base=2020-01-01T00:00:00,clock=vm"

make -s -C "$here" O="$out" >"$out/build.log" 2>&1 ||
	{ echo "$0: building the guest failed:" >&2; cat "$out/build.log" >&2; exit 1; }

timeout -k 5 600 "$QEMU" -M virt -cpu "$QEMU_CPU" -m "$QEMU_MEM" -smp 1 -nographic -no-reboot \
	-bios "$fw" -kernel "$out/trapcost.elf" $icount </dev/null >"$out/native.log" 2>&1
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
/usr/bin/python3 - "$out/native.log" "$out/svpn.log" <<'PY'
import re, sys

def parse(path):
    res = {}
    for line in open(path, errors="replace"):
        m = re.match(r"TRAPCOST (\S+) (\d+) (\d+) (\d+)\s*$", line.replace("\r", ""))
        if m:
            res[m.group(1)] = tuple(int(x) for x in m.group(2, 3, 4))
    return res

INSN_PER_TICK = 100   # 10 MHz timebase, -icount shift=0
sides = [parse(p) for p in sys.argv[1:3]]

def per_iter(r, name):
    n, ops, ticks = r[name]
    return ticks * INSN_PER_TICK / n, ops

def cost(r, name, base):
    v, ops = per_iter(r, name)
    b, _ = per_iter(r, base)
    return (v - b) / ops

rows = [
    ("empty loop iteration (expect 2: 1 tick = 100 instructions)", lambda r: per_iter(r, "empty")[0]),
    ("csrr sstatus, translation off", lambda r: cost(r, "csrr_sstatus_bare", "empty")),
    ("csrr sstatus (Sv39 on, as below)", lambda r: cost(r, "csrr_sstatus", "empty_sv39")),
    ("csrci sstatus, SIE", lambda r: cost(r, "csrc_sstatus_sie", "empty_sv39")),
    ("csrs/csrc sstatus, SUM (each)", lambda r: cost(r, "csrs_csrc_sstatus_sum", "empty_sv39") - 0.5),
    ("csrrw sscratch", lambda r: cost(r, "csrrw_sscratch", "empty_sv39")),
    ("csrr sepc", lambda r: cost(r, "csrr_sepc", "empty_sv39")),
    ("SBI call (get_spec_version, + 4 setup insns)", lambda r: cost(r, "sbi_get_spec_version", "empty_sv39")),
    ("shadow fill, first load of a 4 KiB page", lambda r: cost(r, "touch_load_first", "touch_load_again")),
    ("shadow fill, first store to a 4 KiB page", lambda r: cost(r, "touch_store_first", "touch_store_again")),
    ("csrw satp, two cached roots (Linux with ASIDs)", lambda r: cost(r, "satp_switch", "empty_sv39")),
    ("sfence.vma (all), incl. the code refill after it", lambda r: cost(r, "sfence_vma_all", "empty_sv39")),
    ("csrw satp + sfence.vma (Linux without ASIDs)", lambda r: cost(r, "satp_switch_sfence", "empty_sv39")),
    ("csrw satp + sfence.vma + 4 loads (4 refills)", lambda r: cost(r, "satp_switch_sfence_touch4", "empty_sv39")),
]
print("%-60s %10s %10s" % ("instructions per operation", "native", "SVPN"))
for label, f in rows:
    print("%-60s %10.1f %10.1f" % (label, f(sides[0]), f(sides[1])))
PY
echo "(raw lines: $out/native.log, $out/svpn.log; 1 tick = 100 instructions)"
