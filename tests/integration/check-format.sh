#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every tracked C file is formatted as .clang-format says (make check-format).
. "$(dirname "$0")/lib/common.sh"

command -v clang-format >/dev/null || fail "clang-format not found: install Debian package 'clang-format' (or run 'make deps')"
git -C "$srctree" rev-parse --git-dir >/dev/null 2>&1 || informational "not a git checkout: skipped"
if ! make -s -C "$srctree" check-format >"$T/format.out" 2>&1; then
	fail "$(grep -c 'warning:' "$T/format.out") places not formatted, e.g. $(grep -m1 'warning:' "$T/format.out")"
fi
