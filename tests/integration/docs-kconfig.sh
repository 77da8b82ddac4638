#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Documentation/kconfig.md describes every symbol of SVPN's Kconfig files,
# and every board configuration.
. "$(dirname "$0")/lib/common.sh"

doc=$srctree/Documentation/kconfig.md
[ -f "$doc" ] || fail "no Documentation/kconfig.md"
# Every symbol the top-level Kconfig defines, as kconfiglib reads it.
syms=$(cd "$srctree" && srctree=$srctree SVPN_VERSION=$SVPN_VERSION /usr/bin/python3 -c '
import kconfiglib
k = kconfiglib.Kconfig("Kconfig", warn=False)
print(" ".join(s.name for s in k.unique_defined_syms))') || fail "kconfiglib could not read Kconfig"
[ -n "$syms" ] || fail "no symbols in Kconfig"
missing=
for sym in $syms; do
	grep -q "\`$sym\`" "$doc" || missing="$missing $sym"
done
[ -z "$missing" ] || fail "Documentation/kconfig.md lacks:$missing"
for f in "$srctree"/configs/*_defconfig; do
	grep -q "configs/$(basename "$f")" "$doc" || fail "Documentation/kconfig.md lacks configs/$(basename "$f")"
done
