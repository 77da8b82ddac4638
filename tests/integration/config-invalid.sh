#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A .config with an invalid value: make fails at once with an error line
# that names the symbol (scripts/kconfig/checkconfig.py), builds nothing.
. "$(dirname "$0")/lib/common.sh"

obj=$T/obj
smake -C "$srctree" O="$obj" qemu-virt_defconfig
expect_rc 0
cp "$obj/.config" "$T/good.config"

# symbol  bad value
while read -r sym val; do
	grep -v "^CONFIG_$sym=\|^# CONFIG_$sym is not set" "$T/good.config" >"$obj/.config"
	echo "CONFIG_$sym=$val" >>"$obj/.config"
	smake -C "$srctree" O="$obj"
	[ "$rc" -ne 0 ] || fail "CONFIG_$sym=$val: make succeeded"
	grep -E "error: .*$sym" "$T/make.out" | grep -q "\.config" ||
		fail "CONFIG_$sym=$val: no '.config: error: ... $sym ...' line"
	! grep -qE '^  (CC|LD) ' "$T/make.out" || fail "CONFIG_$sym=$val: make compiled before failing"
done <<'LIST'
NR_CPUS abc
NR_CPUS 0
GUEST_MEM_MB 99999
LOGLEVEL 7
MSTUB_SIZE_KB 8
EARLY_CONSOLE_BASE 0xzz
DEBUG_ASSERT maybe
LIST
