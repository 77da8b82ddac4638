#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Regenerate the figure tables of Documentation/performance.md from bench results.

usage: mkdoc.py [--svpn-elf ELF --system-map MAP] BENCH_OUT DOC.md

BENCH_OUT is the results directory of make bench, make bench-trapcost and
make bench-traps (<objtree>/bench): bench.txt and bench.csv (make bench),
trapcost/trapcost.txt and .csv (make bench-trapcost, also run by make bench
as its tick-rate check), traps.txt and traps.csv (make bench-traps) and,
with --svpn-elf and --system-map, the tbprof profiles traps/*.prof (make
bench-traps with the plugin, see the document) through tests/bench/profile.py.

DOC.md holds blocks
    <!-- mkdoc NAME -->
    ...
    <!-- /mkdoc -->
with NAME one of bench, trapcost, traps, profile; each block's text is
replaced by a table made from the results, headed by the command and tree
that produced them. A block whose results are missing is left as it is and
named on stderr. Prints the row of this measurement for the history table
('How the figures moved'), to be added by hand.
"""
import argparse
import csv
import os
import re
import subprocess
import sys
import textwrap

WORKLOADS = ["boot", "forkwait", "syscall", "pagetouch", "ctxswitch", "exec"]
UNIT = {"forkwait": "fork+exit+wait", "syscall": "getpid", "pagetouch": "page",
        "ctxswitch": "round trip", "exec": "fork+exec+wait"}

# trapcost.csv keys, in the document's words.
TRAPCOST_ROWS = [
    ("empty", "empty loop iteration (the tick-rate check: 2 expected)"),
    ("csrr_sstatus_bare", "`csrr t0, sstatus`, translation off"),
    ("csrr_sstatus", "`csrr t0, sstatus`, Sv39 on"),
    ("csrc_sstatus_sie", "`csrci sstatus, SIE`"),
    ("csrs_csrc_sstatus_sum", "`csrs`/`csrc sstatus, t1` (SUM, register form; each)"),
    ("csrrw_sscratch", "`csrrw t4, sscratch, t4`"),
    ("csrr_sepc", "`csrr t0, sepc` (alone, not in a cluster)"),
    ("sbi_get_spec_version", "SBI call (`sbi_get_spec_version`, incl. 4 setup instructions)"),
    ("touch_load_first", "shadow fill: first load of a 4 KiB page"),
    ("touch_store_first", "shadow fill: first store to a 4 KiB page"),
    ("satp_switch", "`csrw satp` between two cached address spaces"),
    ("sfence_vma_all", "`sfence.vma` (all), including refilling the code's mapping after it"),
    ("satp_switch_sfence", "`csrw satp` + `sfence.vma`"),
    ("satp_switch_sfence_touch4", "`csrw satp` + `sfence.vma` + 4 loads (4 refills)"),
]

# traps.csv rows for the per-iteration table: label, keys summed or joined by " / ".
TRAPS_ROWS = [
    ("traps, all (fast path included)", ["traps (fast path included)"]),
    ("traps past the fast path (handled in C)", ["traps (all causes)"]),
    ("illegal instruction", ["illegal instruction"]),
    ("ecall from U (guest syscalls + SBI)", ["environment call from U-mode"]),
    ("instruction / load / store page fault",
     ["instruction page fault", "load page fault", "store page fault"]),
    ("emulated `sret`", ["emulated sret"]),
    ("emulated `sfence.vma`", ["emulated sfence.vma"]),
    ("forwarded to guest", ["emulated forwarded to guest"]),
    ("traps handled by the `entry.S` fast path", ["fast sstatus (entry.S)"]),
    ("CSR in clusters (no trap of their own)", ["csr in clusters (no trap)"]),
    ("CSR `sstatus` / `sscratch` / `sepc` (emulated in C)", ["csr sstatus", "csr sscratch", "csr sepc"]),
    ("CSR `scause` / `stval` / `satp`", ["csr scause", "csr stval", "csr satp"]),
    ("shadow faults / fills / flushes", ["shadow faults", "shadow fills", "shadow flushes"]),
]


def fmt(v):
    """A figure as the document writes it: thousands separated, below 100 with one decimal."""
    if v is None:
        return "-"
    if isinstance(v, int) or abs(v) >= 100:
        return "{:,.0f}".format(v)
    return "{:.1f}".format(v)


def tree_of(text):
    """The tree a result names ('tree: <commit> ...; QEMU options: ...')."""
    return (line_of(text, "tree:") or "?").split("; QEMU options")[0]


def prose(*lines):
    """Lines of text wrapped as the document's paragraphs are."""
    return textwrap.wrap(" ".join(lines), width=96, break_on_hyphens=False)


def read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return None


def line_of(text, prefix):
    for line in (text or "").splitlines():
        if line.startswith(prefix):
            return line[len(prefix):].strip()
    return None


def bench_block(out):
    txt, rows = read(os.path.join(out, "bench.txt")), read(os.path.join(out, "bench.csv"))
    if not txt or not rows:
        return None, None
    tree = tree_of(txt)
    head = txt.splitlines()[0]
    qemu = re.search(r"QEMU (.*?), -cpu", head)
    same = line_of(txt, "the same guest in both runs:") or ""
    wall = line_of(txt, "wall time of the whole run:") or ""
    tick = line_of(txt, "      1 tick =") or "?"
    data = list(csv.DictReader(rows.splitlines()))
    out_lines = prose(
        "`make bench` at `%s`, QEMU %s; the same guest on both sides: %s." %
        (tree, qemu.group(1) if qemu else "?", same.replace("command line: ", "command line `") + "`"),
        "Tick rate: 1 tick = %s." % tick) + [
        "",
        "| workload | native ticks | SVPN ticks | ratio |",
        "|---|---:|---:|---:|",
    ]
    for r in data:
        out_lines.append("| %s | %s | %s | %s |" % (
            r["workload"], fmt(int(r["native_ticks"])), fmt(int(r["svpn_ticks"])), r["ratio"]))
    out_lines += [""] + prose("Wall time of the whole run, for information (one run on a shared "
                              "host: noisy): %s." % wall)
    hist = {r["workload"]: r["ratio"] for r in data}
    return out_lines, (tree, hist)


def trapcost_block(out):
    txt = read(os.path.join(out, "trapcost", "trapcost.txt"))
    rows = read(os.path.join(out, "trapcost", "trapcost.csv"))
    if not txt or not rows:
        return None, None
    tree = tree_of(txt)
    data = {r["key"]: r for r in csv.DictReader(rows.splitlines())}
    out_lines = prose(
        "`make bench-trapcost` at `%s` (`bench/trapcost/trapcost.csv`; `make bench` runs the same"
        " guest as its tick-rate check). Instructions per operation, the empty loop"
        " subtracted:" % tree) + [
        "",
        "| instructions per operation | native | SVPN |",
        "|---|---:|---:|",
    ]
    for key, label in TRAPCOST_ROWS:
        if key in data:
            n, s = float(data[key]["native"]), float(data[key]["svpn"])
            out_lines.append("| %s | %s | %s |" % (label, fmt(round(n)), fmt(round(s))))
    out_lines += [""] + prose("Figures rounded to whole instructions (a native fill reads -0.2 or"
                              " 0.2: the resolution of one tick over 512 pages).")
    return out_lines, data


def traps_block(out):
    txt, rows = read(os.path.join(out, "traps.txt")), read(os.path.join(out, "traps.csv"))
    if not txt or not rows:
        return None
    tree = tree_of(txt)
    mem = re.search(r", (\d+ MiB), ", txt)
    table = list(csv.reader(rows.splitlines()))
    ws = table[0][1:]
    d = {r[0]: r[1:] for r in table[1:]}
    iters = [int(x) for x in d["iterations"]]

    def per(key, i):
        v = d.get(key)
        return int(v[i]) / iters[i] if v and v[i] != "" else 0.0

    out_lines = prose(
        "`make bench-traps` at `%s`: each workload booted alone under SVPN, its counters minus a"
        " boot-only boot's, divided by its iterations. The extra instructions compare the"
        " workload's own ticks in that boot with a native boot of the same kind made by the same"
        " invocation (the same kernel, initramfs, %s, command line): (SVPN − native ticks)"
        " × 100." % (tree, mem.group(1) if mem else "RAM")) + [
        "",
        "| per iteration | " + " | ".join(ws) + " |",
        "|---|" + "---:|" * len(ws),
        "| (iteration) | " + " | ".join(UNIT.get(w, "-") for w in ws) + " |",
    ]
    for label, keys in TRAPS_ROWS:
        if not any(k in d for k in keys):
            continue
        cells = [" / ".join(fmt(per(k, i)) for k in keys) for i in range(len(ws))]
        out_lines.append("| %s | %s |" % (label, " | ".join(cells)))
    if "native ticks" in d:
        ext, ept, epi, tot = [], [], [], []
        for i in range(len(ws)):
            extra = (int(d["svpn ticks"][i]) - int(d["native ticks"][i])) * 100
            traps = int(d["traps (fast path included)"][i])
            tot.append("%s M" % fmt(extra / 1e6))
            epi.append(fmt(extra / iters[i]))
            ept.append(fmt(extra / traps) if traps else "-")
        out_lines.append("| extra instructions vs native, whole workload | " + " | ".join(tot) + " |")
        out_lines.append("| extra instructions per iteration | " + " | ".join(epi) + " |")
        out_lines.append("| extra instructions per trap (all traps) | " + " | ".join(ept) + " |")
    return out_lines


def profile_block(out, elf, smap):
    profile_py = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                              "tests", "bench", "profile.py")
    rows = read(os.path.join(out, "traps.csv"))
    base = os.path.join(out, "traps", "base.prof")
    if not rows or not os.path.exists(base):
        return None
    table = list(csv.reader(rows.splitlines()))
    iters = dict(zip(table[0][1:], table[1][1:]))
    txt = read(os.path.join(out, "traps.txt"))
    tree = tree_of(txt)
    out_lines = prose(
        "`make bench-traps BENCH_PROFILE=y` at `%s`: the `tbprof` profiles of the SVPN runs"
        " (`tests/bench/profile.py`, each workload's profile minus the boot-only run's, per"
        " iteration); the largest functions:" % tree) + [
        "",
        "| workload | instructions per iteration (shares) | largest functions (instructions per iteration) |",
        "|---|---|---|",
    ]
    for w, n in iters.items():
        prof = os.path.join(out, "traps", w + ".prof")
        if not os.path.exists(prof):
            return None
        res = subprocess.run([sys.executable, profile_py, "--base", base, "--per", n, "--top", "8",
                              prof, elf, smap], capture_output=True, text=True, check=True).stdout
        lines = res.splitlines()
        m = re.match(r"total (\S+) per iteration: (.*)$", lines[0])
        shares = ", ".join(p for p in m.group(2).split(", ") if not p.endswith(" 0.0%"))
        funcs = []
        for line in lines[1:]:
            f = line.split()
            funcs.append("`%s` %s" % (f[2].split(":", 1)[1] if f[2].startswith("svpn:")
                                      else f[2], fmt(float(f[0]))))
        out_lines.append("| %s | %s (%s) | %s |" % (w, fmt(float(m.group(1))), shares,
                                                    ", ".join(funcs)))
    out_lines.append("")
    out_lines += prose("Names are SVPN's functions unless marked `linux:` (the guest kernel) or"
                       " `user:` (guest user code).")
    return out_lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--svpn-elf")
    ap.add_argument("--system-map")
    ap.add_argument("bench_out")
    ap.add_argument("doc")
    a = ap.parse_args()

    blocks = {}
    blocks["bench"], hist = bench_block(a.bench_out)
    blocks["trapcost"], tc = trapcost_block(a.bench_out)
    blocks["traps"] = traps_block(a.bench_out)
    blocks["profile"] = (profile_block(a.bench_out, a.svpn_elf, a.system_map)
                         if a.svpn_elf and a.system_map else None)

    doc = open(a.doc).read()
    pat = re.compile(r"^(<!-- mkdoc (\w+) -->\n)(.*?)^(<!-- /mkdoc -->)", re.S | re.M)

    def sub(m):
        name = m.group(2)
        if name not in blocks:
            sys.exit("mkdoc.py: unknown block '%s' in %s" % (name, a.doc))
        if blocks[name] is None:
            print("mkdoc.py: no results for block '%s' in %s: left as it was" %
                  (name, a.bench_out), file=sys.stderr)
            return m.group(0)
        print("mkdoc.py: block '%s' regenerated" % name, file=sys.stderr)
        return m.group(1) + "\n".join(blocks[name]) + "\n" + m.group(4)

    new = pat.sub(sub, doc)
    with open(a.doc, "w") as f:
        f.write(new)
    if hist:
        tree, r = hist
        row = "| `%s` | (change) | " % tree.split()[0].rstrip(",") + " | ".join(
            r.get(w, "-") for w in WORKLOADS)
        row += " | %s |" % (fmt(round(float(tc["csrr_sstatus"]["svpn"]))) if tc else "-")
        print("history row ('How the figures moved'), to add by hand:\n" + row)


if __name__ == "__main__":
    main()
