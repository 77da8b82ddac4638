#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# SVPN's own invariants (BUG_ON, CONFIG_DEBUG_ASSERT) hold while guests race
# it: the debug board runs the page-table racing guest, whose swaps make SVPN
# replace shadow subtrees and drop spaces all the time. Among them: no shadow
# table is freed before the fence that makes it unreachable from page-walk
# caches (Documentation/isolation.md, rule 3), which no QEMU run could show
# otherwise (QEMU caches no walks).
. "$(dirname "$0")/lib/common.sh"

set +e
RACE_ONLY="race-ptswap" "$srctree/tests/guests/run-race.sh" "$(board_elf qemu-virt-debug)" \
	"$T/race" </dev/null >"$T/race.out" 2>&1
rc=$?
set -e
sed 's/^/  | /' "$T/race.out"
grep -rq 'BUG_ON' "$T/race" && fail "an invariant broke: $(grep -rh -m1 'BUG_ON' "$T/race")"
[ $rc -eq 0 ] || fail "run-race.sh on the debug board: $(grep -m1 '^FAIL' "$T/race.out")"
grep -q '^PASS race-ptswap' "$T/race.out" || fail "race-ptswap did not run"
