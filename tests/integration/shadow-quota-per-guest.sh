#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The shadow pool limit holds per guest (issue 11, item 6): a 3-vCPU guest
# whose vCPUs each want about as many shadow tables as the whole guest may
# have (tests/guests/shadow-hog, role=hog) runs beside a guest that keeps
# asking for tables one by one (role=victim), on a host with less free memory
# than the hog's vCPUs would take if the limit held per vCPU. The hog must
# stay within its quota (its pool runs dry, the host's never does), and the
# victim must never find either dry. At 1ace8b2 the limit held per vCPU: the
# host allocator ran dry and the victim lost its shadows to it.
. "$(dirname "$0")/lib/common.sh"

guests=$T/guests
smake -C "$srctree/tests/guests" O="$guests" GUESTS=shadow-hog
expect_rc 0
img=$guests/shadow-hog.bin
set +e
QEMU_MEM=160M timeout -k 5 120 "$srctree/scripts/run-svpn.sh" "$(board_elf qemu-virt)" \
	--name hog --kernel "$img" --mem 64 --harts 3 --bootargs "role=hog harts=3 gib=8 rounds=2" \
	--guest --name victim --kernel "$img" --mem 72 --bootargs "role=victim delay=1 seconds=3" \
	</dev/null >"$T/boot.out" 2>&1
rc=$?
set -e
tr -d '\r' <"$T/boot.out" | grep -E 'shadow-hog:|shadow pool|exit status' | sed 's/^/  | /'
[ $rc -ne 124 ] || fail "timed out after 120 s"
expect_not "PANIC"
expect_not "out of shadow page-table memory"
expect "[hog] shadow-hog: hog done (3 harts)"
expect "[victim] shadow-hog: victim ok"
expect_rc 0

pool() { # guest vcpu field: the number before ' <field>' on its shadow pool line
	tr -d '\r' <"$T/boot.out" | sed -n "s/.*shadow pool of $1 vcpu$2: .*$3 \([0-9]*\).*/\1/p"
}
[ "$(pool victim 0 'quota dry')" = 0 ] || fail "the victim's quota ran dry ($(pool victim 0 'quota dry') times)"
[ "$(pool victim 0 'host dry')" = 0 ] ||
	fail "the host allocator ran dry under the victim ($(pool victim 0 'host dry') times)"
squeezed=0
for v in 0 1 2; do
	[ -n "$(pool hog $v 'quota dry')" ] || fail "no shadow pool line for hog vcpu$v"
	[ "$(pool hog $v 'host dry')" = 0 ] || fail "the host allocator ran dry under hog vcpu$v"
	squeezed=$((squeezed + $(pool hog $v 'quota dry')))
done
# Otherwise the hog never wanted more than its quota and this proves nothing.
[ "$squeezed" -gt 0 ] || fail "the hog never reached its quota"
info "the hog met its quota $squeezed times; the victim and the host never ran dry"
