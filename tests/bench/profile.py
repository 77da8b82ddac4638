#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Instructions per function from tbprof.so output (see tbprof.c).

usage: profile.py [--base BASE.out] [--top N] [--per N] PROFILE.out SVPN_ELF [LINUX_SYSTEM_MAP]

Blocks are attributed by address: SVPN's own code (its high-half link
address, symbols from SVPN_ELF), the guest kernel (0xffffffff80000000 and up,
symbols from the kernel's System.map), guest user code (low addresses) and
code run at physical addresses (the M-mode stub, a bare-metal guest,
firmware). With --base, the base profile is subtracted first (e.g. the
boot-only run from a run with one workload). --per N divides by N (e.g. the
iterations of a loop) and prints instructions per iteration.
"""
import argparse
import bisect
import collections
import subprocess
import sys

SVPN_BASE = 0xffffffc000000000    # SVPN's linear map (PAGE_OFFSET); its image lives there
LINUX_BASE = 0xffffffff80000000   # the guest kernel image (Sv39 KERNEL_LINK_ADDR)


def elf_symbols(path):
    out = subprocess.run(["riscv64-unknown-elf-nm", "-n", path], capture_output=True,
                         text=True, check=True).stdout
    return map_symbols(out)


def map_symbols(text):
    syms = []
    for line in text.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in "tTwW":
            syms.append((int(p[0], 16), p[2]))
    syms.sort()
    return [a for a, _ in syms], [n for _, n in syms]


def lookup(table, va):
    addrs, names = table
    i = bisect.bisect_right(addrs, va) - 1
    return names[i] if i >= 0 else "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--per", type=float, default=0)
    ap.add_argument("profile")
    ap.add_argument("svpn_elf")
    ap.add_argument("system_map", nargs="?")
    a = ap.parse_args()
    svpn = elf_symbols(a.svpn_elf)
    linux = map_symbols(open(a.system_map).read()) if a.system_map else None

    def where(va):
        if va >= LINUX_BASE:
            return "linux", lookup(linux, va) if linux else "kernel"
        if va >= SVPN_BASE:
            return "svpn", lookup(svpn, va)
        if 0x80000000 <= va < 0x100000000:
            return "phys", "%#x" % (va >> 12 << 12)
        return "user", "user"

    def load(path):
        c = collections.Counter()
        for line in open(path):
            va, n, k = line.split()
            c[where(int(va, 16))] += int(n) * int(k)
        return c

    prof = load(a.profile)
    if a.base:
        base = load(a.base)
        prof = collections.Counter({k: v - base.get(k, 0) for k, v in prof.items()})
    total = sum(prof.values())
    div = a.per or 1
    unit = "per iteration" if a.per else "instructions"
    groups = collections.Counter()
    for (g, _), v in prof.items():
        groups[g] += v
    print("total %.0f %s: " % (total / div, unit) +
          ", ".join("%s %.1f%%" % (g, 100.0 * v / total) for g, v in groups.most_common()))
    for (g, f), v in prof.most_common(a.top):
        print("%14.1f %5.1f%%  %s:%s" % (v / div, 100.0 * v / total, g, f))


if __name__ == "__main__":
    sys.exit(main())
