#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The layers of Documentation/architecture.md hold: no file of mm/ or
# drivers/ reaches a vmm header, or names a vCPU or guest structure, through
# any chain of includes; lib/ reaches neither vmm/ nor mm/.
. "$(dirname "$0")/lib/common.sh"

out=$(cd "$srctree" && /usr/bin/python3 - <<'PY'
import os, re, sys

INCLUDE_DIRS = ["include", "arch/riscv/include"]
# Headers that declare vmm/'s types and calls (vmm/'s own headers count too).
VMM_HEADERS = {"include/svpn/guest.h", "include/svpn/vcpu.h", "include/svpn/vcpu_offsets.h",
               "include/svpn/sched.h"}
MM_HEADERS = {"include/svpn/shadow.h", "include/svpn/shadow_policy.h", "include/svpn/mm.h",
              "include/svpn/page_alloc.h", "include/svpn/gpa_map.h"}
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
NAMES = re.compile(r"\bstruct\s+(vcpu|guest)\b")

def resolve(src, quote, name):
    cands = [os.path.join(os.path.dirname(src), name)] if quote == '"' else []
    cands += [os.path.join(d, name) for d in INCLUDE_DIRS]
    for c in cands:
        if os.path.isfile(c):
            return os.path.normpath(c)
    return None  # a C library or libfdt header

def closure(src):
    seen, todo = {}, [(src, [src])]
    while todo:
        f, chain = todo.pop()
        if f in seen:
            continue
        seen[f] = chain
        for quote, name in INCLUDE.findall(open(f).read()):
            h = resolve(f, quote, name)
            if h:
                todo.append((h, chain + [h]))
    return seen

def sources(d):
    for root, _, files in os.walk(d):
        for n in sorted(files):
            if n.endswith((".c", ".h")):
                yield os.path.join(root, n)

bad = []
checked = 0
for layer in ("mm", "drivers"):
    for src in sources(layer):
        checked += 1
        for f, chain in closure(src).items():
            if f in VMM_HEADERS or f.startswith("vmm/"):
                bad.append(f"{src} reaches vmm header {f} ({' -> '.join(chain)})")
            elif NAMES.search(COMMENT.sub("", open(f).read())):
                bad.append(f"{src} names {NAMES.search(COMMENT.sub('', open(f).read())).group(0)} "
                           f"in {f} ({' -> '.join(chain)})")
for src in sources("lib"):
    checked += 1
    for f, chain in closure(src).items():
        if f in VMM_HEADERS or f in MM_HEADERS or f.startswith(("vmm/", "mm/")):
            bad.append(f"{src} reaches {f} ({' -> '.join(chain)})")
for b in bad:
    print(b)
print(f"checked {checked} files", file=sys.stderr)
PY
) || fail "the include check could not run"
[ -z "$out" ] || fail "a layer reaches above itself: $(echo "$out" | head -n 3 | tr '\n' ';')"
