#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make help (no .config needed) lists every configs/*_defconfig and the
# main targets.
. "$(dirname "$0")/lib/common.sh"

tree_copy "$T/src"
smake -C "$T/src" help
expect_rc 0
for f in "$srctree"/configs/*_defconfig; do
	expect "$(basename "$f")" "$T/make.out"
done
for t in defconfig menuconfig olddefconfig savedefconfig run debug test deps clean distclean \
	'O=' 'V=1'; do
	expect "$t" "$T/make.out"
done
