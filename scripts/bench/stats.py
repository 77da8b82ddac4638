#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Per-workload SVPN trap counts (used by trap-breakdown.sh).

usage: stats.py [--native WORKLOAD=LOG]... [--csv OUT.csv] BASELINE_LOG WORKLOAD=LOG...

Each LOG is the console log of an SVPN run with svpn.bench=<workload> alone;
BASELINE_LOG is the run with svpn.bench=, (boot and checks only). A run's
"svpn: stats:" counters minus the baseline's are the workload's own (the
runs are deterministic: same boot, same checks; the difference also holds
the few traps of printing the workload's line). Prints one column per
workload: its SVPN ticks, every counter, and the counters per iteration.

--native W=LOG names the console log of a native run of the same kind: the
same kernel, initramfs, RAM and command line (svpn.bench=W alone), run by
the same trap-breakdown.sh. Then also the overhead: extra instructions =
(SVPN ticks - native ticks) * 100, both the workload's own rdtime interval
(its SVPN-BENCH line) in a boot that runs it alone; per trap, divided by the
SVPN run's traps minus the baseline's, the traps entry.S handles alone
("fast sstatus", not in "traps (all causes)") included. 100 instructions per tick is what
trap-breakdown.sh checked before the runs (tests/bench/run-trapcost.sh).

--csv writes workload,<key>... rows of the totals (and ticks, native ticks,
iterations) for scripts/bench/mkdoc.py.
"""
import re
import sys

# Iterations of each workload (tests/guests/linux/init.c) for per-operation figures.
ITERATIONS = {"forkwait": 1000, "syscall": 100000, "pagetouch": 4 * 8192,
              "ctxswitch": 10000, "exec": 100}
UNIT = {"forkwait": "fork+exit+wait", "syscall": "getpid", "pagetouch": "page",
        "ctxswitch": "round trip", "exec": "fork+exec+wait"}
INSN_PER_TICK = 100   # 10 MHz timebase, -icount shift=0: checked by trap-breakdown.sh
# vcpu0's "traps" counts the traps that reach C; entry.S's fast path counts its own.
FAST = "fast sstatus (entry.S)"
ALL_TRAPS = "traps (fast path included)"


def add(counters, order, key, value):
    counters[key] = counters.get(key, 0) + value
    order.append(key)


def parse(path):
    counters, ticks = {}, {}
    order = []
    for raw in open(path, errors="replace"):
        line = raw.replace("\r", "").rstrip("\n")
        m = re.search(r"SVPN-BENCH (\S+) (\d+)\s*$", line)
        if m:
            ticks[m.group(1)] = int(m.group(2))
            continue
        m = re.match(r"svpn: stats:\s+(.*)$", line)
        if not m:
            continue
        body = m.group(1)
        m = re.match(r"vcpu(\d+): (\d+) traps$", body)
        if m:
            add(counters, order, "traps (all causes)", int(m.group(2)))
            continue
        # "prefix: name N, name N; ..." (emulated:, shadow:, shadow pool of ...:)
        m = re.match(r"([^:]+): (.*)$", body)
        if m:
            prefix = re.sub(r" of guest\d+ vcpu\d+$", "", m.group(1))
            for part in re.split(r"[,;]\s*", m.group(2).strip()):
                m2 = re.match(r"(.*\S)\s+(-?\d+)$", part)
                if m2:
                    add(counters, order, prefix + " " + m2.group(1), int(m2.group(2)))
            continue
        m = re.match(r"(.*\S)\s+(\d+)$", body)
        if m:
            add(counters, order, m.group(1), int(m.group(2)))
    return counters, ticks, order


def main():
    args = sys.argv[1:]
    native, csv_out = {}, None
    while args and args[0].startswith("--"):
        if args[0] == "--native" and len(args) > 1:
            w, _, path = args[1].partition("=")
            t = parse(path)[1]
            if w not in t:
                sys.exit("stats.py: no 'SVPN-BENCH %s <ticks>' line in %s" % (w, path))
            native[w] = t[w]
        elif args[0] == "--csv" and len(args) > 1:
            csv_out = args[1]
        else:
            sys.exit(__doc__)
        del args[:2]
    if len(args) < 2:
        sys.exit(__doc__)
    base, _, border = parse(args[0])
    cols = []
    order = list(dict.fromkeys(border))
    for a in args[1:]:
        w, _, path = a.partition("=")
        c, t, o = parse(path)
        if w not in t:
            sys.exit("stats.py: no 'SVPN-BENCH %s <ticks>' line in %s" % (w, path))
        if not c:
            sys.exit("stats.py: no 'svpn: stats:' lines in %s (CONFIG_TRAP_STATS off?)" % path)
        for k in o:
            if k not in order:
                order.append(k)
        d = {k: c.get(k, 0) - base.get(k, 0) for k in set(c) | set(base)}
        d[ALL_TRAPS] = d.get("traps (all causes)", 0) + d.get(FAST, 0)
        cols.append((w, t[w], d))
    order.insert(order.index("traps (all causes)") + 1 if "traps (all causes)" in order else 0,
                 ALL_TRAPS)

    width = 40
    print("%-*s" % (width, "per workload (run alone, minus boot-only run)") +
          "".join("%12s" % w for w, _, _ in cols))
    print("%-*s" % (width, "SVPN ticks") + "".join("%12d" % t for _, t, _ in cols))
    for k in order:
        vals = [d.get(k, 0) for _, _, d in cols]
        if any(vals):
            print("%-*s" % (width, k) + "".join("%12d" % v for v in vals))
    print()
    print("%-*s" % (width, "per iteration") + "".join("%12s" % w for w, _, _ in cols))
    print("%-*s" % (width, "  (iteration =)") +
          "".join("%12s" % UNIT.get(w, "-")[:11] for w, _, _ in cols))
    for k in order:
        vals = [d.get(k, 0) for _, _, d in cols]
        if not any(vals) or k.startswith("host interrupt"):
            continue
        cells = []
        for (w, _, d) in cols:
            n = ITERATIONS.get(w)
            cells.append("%12.1f" % (d.get(k, 0) / n) if n else "%12s" % "-")
        print("%-*s" % (width, k) + "".join(cells))
    if native:
        print()
        print("%-*s" % (width, "overhead against native") + "".join("%12s" % w for w, _, _ in cols))
        rows = {"native ticks": [], "SVPN - native ticks": [],
                "extra Minstructions": [], "extra instructions per trap": [],
                "extra instructions per iteration": []}
        for w, t, d in cols:
            if w not in native:
                for r in rows.values():
                    r.append("%12s" % "-")
                continue
            extra = (t - native[w]) * INSN_PER_TICK
            traps = d.get(ALL_TRAPS, 0)
            rows["native ticks"].append("%12d" % native[w])
            rows["SVPN - native ticks"].append("%12d" % (t - native[w]))
            rows["extra Minstructions"].append("%12.1f" % (extra / 1e6))
            rows["extra instructions per trap"].append(
                "%12.0f" % (extra / traps) if traps > 0 else "%12s" % "-")
            n = ITERATIONS.get(w)
            rows["extra instructions per iteration"].append(
                "%12.0f" % (extra / n) if n else "%12s" % "-")
        for k, cells in rows.items():
            print("%-*s" % (width, k) + "".join(cells))
        print("(native and SVPN ticks: the workload's own SVPN-BENCH interval, each in a boot that\n"
              " runs it alone, both made by this invocation with the same kernel, initramfs, RAM and\n"
              " command line; extra instructions = (SVPN - native ticks) * %d; per trap: divided by\n"
              " the SVPN boot's traps minus the boot-only boot's, fast path included)" % INSN_PER_TICK)
    if csv_out:
        with open(csv_out, "w") as f:
            f.write("workload," + ",".join(w for w, _, _ in cols) + "\n")
            f.write("iterations," + ",".join(str(ITERATIONS.get(w, "")) for w, _, _ in cols) + "\n")
            f.write("svpn ticks," + ",".join(str(t) for _, t, _ in cols) + "\n")
            if native:
                f.write("native ticks," + ",".join(str(native.get(w, "")) for w, _, _ in cols) + "\n")
            for k in order:
                f.write(k.replace(",", ";") + "," +
                        ",".join(str(d.get(k, 0)) for _, _, d in cols) + "\n")


if __name__ == "__main__":
    main()
