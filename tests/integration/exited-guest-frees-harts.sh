#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A vCPU waiting (WFI, SBI HSM suspend) when its guest ends gives its host
# hart back (Documentation/isolation.md, rule 8): it must notice the end on
# the wakeup the end sends it. The bug kept it in its wait loop, holding the
# hart for as long as the machine ran, which nothing outside SVPN shows.
# Guest a (tests/guests/exit-while-wfi, 2 vCPUs) powers off while its hart 1
# waits with no interrupt enabled; guest b, the bystander, runs on for a few
# seconds. gdb stops SVPN as b ends, long after a did, and reads a's vCPU 1
# out of the static guests[] of vmm/main.c: no host hart, HSM state STOPPED.
# Once with hart 1 in wfi, once in a retentive hart_suspend.
. "$(dirname "$0")/lib/common.sh"

command -v gdb-multiarch >/dev/null ||
	fail "gdb-multiarch not found: install Debian package 'gdb-multiarch' (or run 'make deps')"
elf=$(board_elf qemu-virt)
guests=$T/guests
smake -C "$srctree/tests/guests" O="$guests" GUESTS="exit-while-wfi bystander"
expect_rc 0

VCPU_STOPPED=1 # enum vcpu_hsm_state, include/svpn/vcpu.h

# check MODE PORT: one boot, halted for gdb until it has its breakpoint;
# prints why it failed, nothing if it passed
check() {
	local mode=$1 port=$2 qpid hart state out=$T/gdb.$1.out

	/usr/bin/python3 "$srctree/scripts/mkguestpkg.py" -o "$T/pkg.$mode" \
		--kernel "$guests/exit-while-wfi.bin" --name a --harts 2 --bootargs "mode=$mode" \
		--guest --kernel "$guests/bystander.bin" --name b --harts 1 --bootargs "seconds=3" ||
		fail "mkguestpkg.py failed"
	timeout -k 2 "$BOOT_TIMEOUT" "$QEMU" -M virt -cpu rv64,h=false -m 512M -smp 3 -nographic \
		-bios none -kernel "$elf" -initrd "$T/pkg.$mode" -S -gdb tcp:127.0.0.1:"$port" \
		</dev/null >"$T/qemu.$mode.out" 2>&1 &
	qpid=$!
	# guest_exit() of b runs before the machine ends, seconds after a's exit.
	gdb_attach "$port" "$elf" "$out" -ex 'break guest_exit if g == &guests[1]' \
		-ex 'continue' -ex 'printf "a.exited=%d\n", guests[0].exited' \
		-ex 'printf "a.vcpu1.hart=%lx\n", guests[0].vcpus[1].hart' \
		-ex 'printf "a.vcpu1.hsm_state=%d\n", guests[0].vcpus[1].hsm_state' -ex 'kill' >&2
	kill "$qpid" 2>/dev/null || true
	wait "$qpid" 2>/dev/null || true
	# the logs go to stderr: stdout is the reason, if any
	sed 's/^/  | /' "$T/qemu.$mode.out" "$out" >&2

	if ! grep -q '^a.vcpu1.hsm_state=' "$out"; then
		echo "mode=$mode: gdb did not stop SVPN at guest b's exit (see gdb output above)"
	elif ! grep -aq "^\[a\] exit-while-wfi: hart 1 waiting ($mode), powering off" \
		"$T/qemu.$mode.out"; then
		echo "mode=$mode: guest a did not get to its poweroff"
	elif ! grep -aq '^svpn: guest a: exited with status 0' "$T/qemu.$mode.out" ||
		[ "$(sed -n 's/^a.exited=//p' "$out")" != 1 ]; then
		echo "mode=$mode: guest a had not ended when guest b did"
	else
		hart=$(sed -n 's/^a.vcpu1.hart=//p' "$out")
		state=$(sed -n 's/^a.vcpu1.hsm_state=//p' "$out")
		if [ "$hart" != 0 ] || [ "$state" != "$VCPU_STOPPED" ]; then
			echo "mode=$mode: guest a's vCPU 1 still holds host hart $hart (hsm_state $state, want NULL and $VCPU_STOPPED) seconds after its guest ended"
		fi
	fi
}

# Both modes run, so a failure says which waits are affected.
port=$((20000 + ($$ % 20000)))
why=
for mode in wfi suspend; do
	port=$((port + 1))
	r=$(check $mode $port) || exit 1 # fail() in check has left the reason
	if [ -n "$r" ]; then
		echo "$r" >&2
		why=${why:+$why; }$r
	else
		info "mode=$mode: at guest b's exit, guest a's vCPU 1 has no host hart, hsm_state $VCPU_STOPPED"
	fi
done
[ -z "$why" ] || fail "$why"
