#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# .clang-format parses, and formats in kernel style: tabs, 100 columns,
# function braces on their own line.
. "$(dirname "$0")/lib/common.sh"

command -v clang-format >/dev/null || fail "clang-format not found: install Debian package 'clang-format' (or run 'make deps')"
[ -f "$srctree/.clang-format" ] || fail "no .clang-format"
(cd "$srctree" && clang-format --dump-config) >"$T/config" 2>"$T/err" ||
	fail "clang-format rejects .clang-format: $(head -n1 "$T/err")"
grep -q '^ColumnLimit: *100$' "$T/config" || fail "ColumnLimit is not 100"
grep -q '^UseTab: *Always$' "$T/config" || fail "UseTab is not Always"

# Format a probe with a copy of the file (the source tree is not written to).
cp "$srctree/.clang-format" "$T/.clang-format"
printf 'static int f(int a){if(a){return g(a,a);}return 0;}\n' >"$T/probe.c"
(cd "$T" && clang-format probe.c) >"$T/out" || fail "clang-format failed on a probe"
printf 'static int f(int a)\n{\n\tif (a) {\n\t\treturn g(a, a);\n\t}\n\treturn 0;\n}\n' >"$T/want"
diff -u "$T/want" "$T/out" || fail "formatted probe is not kernel style"
