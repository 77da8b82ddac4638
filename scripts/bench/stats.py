#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Per-workload SVPN trap counts (used by trap-breakdown.sh).

usage: stats.py BASELINE_LOG WORKLOAD=LOG... [--native-csv BENCH_CSV]

Each LOG is the console log of an SVPN run with svpn.bench=<workload> alone;
BASELINE_LOG is the run with svpn.bench=, (boot and checks only). A run's
"svpn: stats:" counters minus the baseline's are the workload's own (the
runs are deterministic: same boot, same checks). Prints one column per
workload: its SVPN ticks, every counter, and the counters per iteration of
the workload. With --native-csv (a bench.csv of run-bench.sh), also the
overhead: extra instructions per trap, (SVPN - native ticks) * 100 / traps.
"""
import re
import sys

# Iterations of each workload (tests/guests/linux/init.c) for per-operation figures.
ITERATIONS = {"forkwait": 1000, "syscall": 100000, "pagetouch": 4 * 8192,
              "ctxswitch": 10000, "exec": 100}
UNIT = {"forkwait": "fork+exit+wait", "syscall": "getpid", "pagetouch": "page",
        "ctxswitch": "round trip", "exec": "fork+exec+wait"}
INSN_PER_TICK = 100


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
            key = "traps (all causes)"
            counters[key] = counters.get(key, 0) + int(m.group(2))
            order.append(key)
            continue
        if body.startswith("emulated:"):
            for part in re.split(r"[,;]\s*", body[len("emulated:"):].strip()):
                m = re.match(r"(.*\S)\s+(\d+)$", part)
                if m:
                    key = "emulated " + m.group(1)
                    counters[key] = counters.get(key, 0) + int(m.group(2))
                    order.append(key)
            continue
        m = re.match(r"(.*\S)\s+(\d+)$", body)
        if m:
            key = m.group(1)
            counters[key] = counters.get(key, 0) + int(m.group(2))
            order.append(key)
    return counters, ticks, order


def main():
    args = sys.argv[1:]
    native = {}
    if "--native-csv" in args:
        i = args.index("--native-csv")
        for line in open(args[i + 1]).read().splitlines()[1:]:
            w, n, s, r = line.split(",")
            native[w] = int(n)
        del args[i:i + 2]
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
        cols.append((w, t[w], {k: c.get(k, 0) - base.get(k, 0) for k in set(c) | set(base)}))

    width = 36
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
        print("%-*s" % (width, "overhead") + "".join("%12s" % w for w, _, _ in cols))
        cells_i, cells_t = [], []
        for w, t, d in cols:
            if w in native:
                extra = (t - native[w]) * INSN_PER_TICK
                traps = d.get("traps (all causes)", 0)
                cells_i.append("%12d" % (extra // 1000000))
                cells_t.append("%12.0f" % (extra / traps) if traps > 0 else "%12s" % "-")
            else:
                cells_i.append("%12s" % "-")
                cells_t.append("%12s" % "-")
        print("%-*s" % (width, "extra Minstructions vs native") + "".join(cells_i))
        print("%-*s" % (width, "extra instructions per trap") + "".join(cells_t))


if __name__ == "__main__":
    main()
