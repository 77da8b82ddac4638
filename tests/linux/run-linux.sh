#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Linux guest tests: the default Linux guest (make guest) booted natively on
# QEMU + OpenSBI and under SVPN, compared, and SVPN's SMP, several-guests
# and failure behaviour. One PASS/FAIL line per test, then "N passed, M failed".
#
# usage: run-linux.sh SVPN_ELF GUEST_DIR LOG_DIR [GUEST_BIN_DIR]
#   GUEST_DIR holds Image and initramfs.cpio; GUEST_BIN_DIR the built
#   tests/guests images (for exit-fail.bin; without it linux-one-guest-fails
#   is a FAIL). Always 11 results.
set -u
svpn=${1:?usage: run-linux.sh SVPN_ELF GUEST_DIR LOG_DIR [GUEST_BIN_DIR]}
gdir=${2:?}
logs=${3:?}
bins=${4:-}
here=$(cd "$(dirname "$0")" && pwd)
srctree=$(cd "$here/../.." && pwd)
run_svpn=$srctree/scripts/run-svpn.sh
fw=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
image=$gdir/Image initrd=$gdir/initramfs.cpio
args="console=ttyS0 earlycon panic=-1 svpn.autotest"
tmo=${LINUX_TIMEOUT:-240}
mkdir -p "$logs"

passed=0 failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() {
	echo "FAIL $1: $2"
	failed=$((failed + 1))
	[ -n "${3:-}" ] && [ -s "$3" ] && tail -n 12 "$3" | sed 's/^/    /' && echo "    (log: $3)"
}

# The init's result lines, as both runs must print them: "SVPN-INIT: ..." and
# "SVPN-CHECK <name>: ok[ (detail)]" (tests/guests/linux/init.c), the hart
# count of "cpuinfo: ok (harts=N)" included.
checks() {
	tr -d '\r' <"$1" |
		sed -n 's/^\(\[[a-z0-9]*\] \)\{0,1\}\(SVPN-\(CHECK [^ :]*\|INIT\): .*\)$/\2/p'
}

native() {	# native LOG SMP [MEM]
	timeout -k 5 "$tmo" qemu-system-riscv64 -M virt -cpu rv64,h=false -m "${3:-128}M" -smp "$2" \
		-nographic -bios "$fw" -kernel "$image" -initrd "$initrd" -append "$args" \
		-no-reboot </dev/null >"$1" 2>&1
}

under_svpn() {	# under_svpn LOG SMP CPU [mkguestpkg args...]
	local log=$1 smp=$2 cpu=$3
	shift 3
	QEMU_SMP=$smp QEMU_CPU=$cpu timeout -k 5 "$tmo" "$run_svpn" "$svpn" "$@" \
		</dev/null >"$log" 2>&1
}

# A healthy Linux run: marker, all checks ok, no kernel complaint. A hart that
# never starts is a complaint too ("CPU3: failed to come online"): Linux boots
# on with the others, and its checks pass.
complaints='Oops|BUG:|Kernel panic|WARNING:|failed to come online'
healthy() {	# healthy LOG -> prints a reason and fails, or succeeds
	local log=$1
	grep -aq 'SVPN-INIT: start' "$log" || { echo "no 'SVPN-INIT: start' marker"; return 1; }
	grep -aq 'SVPN-INIT: checks done, [0-9]* passed, 0 failed' "$log" ||
		{ echo "init checks did not all pass: $(grep -a 'checks done\|FAIL' "$log" | head -2 | tr -d '\r')"; return 1; }
	if grep -aE "$complaints" "$log" >/dev/null; then
		echo "kernel complained: $(grep -aE -m1 "$complaints" "$log" | tr -d '\r')"
		return 1
	fi
}

compare() {	# compare NAME NATIVE_LOG SVPN_LOG SVPN_STATUS
	local name=$1 nlog=$2 slog=$3 rc=$4 why
	if [ "$rc" -ne 0 ]; then
		fail "$name" "QEMU exited with $rc under SVPN" "$slog"
	elif ! why=$(healthy "$slog"); then
		fail "$name" "$why" "$slog"
	elif [ "$(checks "$nlog" | grep -c '^SVPN-CHECK ')" -eq 0 ]; then
		fail "$name" "no SVPN-CHECK lines in the native run to compare with" "$nlog"
	elif ! diff <(checks "$nlog") <(checks "$slog") >"$slog.diff"; then
		fail "$name" "init lines differ from the native run" "$slog.diff"
	else
		pass "$name"
	fi
}

for f in "$svpn" "$image" "$initrd" "$fw"; do
	[ -f "$f" ] || { fail linux "$f not found"; echo "$passed passed, $failed failed"; exit 1; }
done

# 1. Native oracles, 1, 2 and 4 harts.
for n in 1 2 4; do
	native "$logs/native-smp$n.log" "$n"
	rc=$?
	if [ $rc -ne 0 ] || ! why=$(healthy "$logs/native-smp$n.log"); then
		fail "linux-native-smp$n" "${why:-exit status $rc}" "$logs/native-smp$n.log"
	else
		pass "linux-native-smp$n"
	fi
done

# 2. Under SVPN: same init lines, exit 0; with and without Sstc; 2 and 4 harts.
start=$(date +%s.%N)
under_svpn "$logs/svpn.log" 1 rv64,h=false --kernel "$image" --initrd "$initrd" --bootargs "$args"
rc=$?
echo "    boot+checks under SVPN: $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s wall"
compare linux-svpn "$logs/native-smp1.log" "$logs/svpn.log" $rc
under_svpn "$logs/svpn-nosstc.log" 1 rv64,h=false,sstc=false --kernel "$image" \
	--initrd "$initrd" --bootargs "$args"
compare linux-svpn-nosstc "$logs/native-smp1.log" "$logs/svpn-nosstc.log" $?
for n in 2 4; do
	under_svpn "$logs/svpn-smp$n.log" "$n" rv64,h=false --kernel "$image" --initrd "$initrd" \
		--bootargs "$args" --harts "$n"
	compare "linux-svpn-smp$n" "$logs/native-smp$n.log" "$logs/svpn-smp$n.log" $?
done

# 3. Two Linux guests at once, each on its own hart: both complete, exit 0.
under_svpn "$logs/two-guests.log" 2 rv64,h=false \
	--kernel "$image" --initrd "$initrd" --bootargs "$args" --name alpha \
	--guest --kernel "$image" --initrd "$initrd" --bootargs "$args" --name beta
rc=$?
if [ $rc -ne 0 ]; then
	fail linux-two-guests "exit status $rc" "$logs/two-guests.log"
elif [ "$(grep -ac '^\[alpha\] SVPN-INIT: checks done, [0-9]* passed, 0 failed' "$logs/two-guests.log")" != 1 ] ||
     [ "$(grep -ac '^\[beta\] SVPN-INIT: checks done, [0-9]* passed, 0 failed' "$logs/two-guests.log")" != 1 ]; then
	fail linux-two-guests "not both guests passed their checks" "$logs/two-guests.log"
else
	pass linux-two-guests
fi

# 4. One guest fails at once; the other runs on; the status names the failed one.
# Without the guest image it cannot run: a FAIL, not a test that disappears.
if [ -z "$bins" ] || [ ! -f "$bins/exit-fail.bin" ]; then
	fail linux-one-guest-fails "no ${bins:-GUEST_BIN_DIR}/exit-fail.bin (build tests/guests first)"
else
	under_svpn "$logs/one-fails.log" 2 rv64,h=false \
		--kernel "$image" --initrd "$initrd" --bootargs "$args" --name alpha \
		--guest --kernel "$bins/exit-fail.bin" --name beta
	rc=$?
	if [ $rc -ne $((0x40 | 0x2)) ]; then
		fail linux-one-guest-fails "exit status $rc, expected $((0x40 | 0x2)) (guest 1 failed)" \
			"$logs/one-fails.log"
	elif ! grep -aq '^\[alpha\] SVPN-INIT: checks done, [0-9]* passed, 0 failed' "$logs/one-fails.log"; then
		fail linux-one-guest-fails "alpha did not finish after beta failed" "$logs/one-fails.log"
	else
		pass linux-one-guest-fails
	fi
fi

# 5. A panicking guest (no init): with panic=-1 Linux reboots, and SVPN ends the
# machine with SVPN_EXIT_GUEST_REBOOT (4, include/svpn/exitcodes.h), no hang.
# Exactly 4: SVPN's own panic (2) or the stub's (3) must not pass for it.
under_svpn "$logs/panic.log" 1 rv64,h=false --kernel "$image" --initrd "$initrd" \
	--bootargs "console=ttyS0 panic=-1 rdinit=/nonexistent init=/nonexistent"
rc=$?
if [ $rc -ne 4 ]; then
	fail linux-panic-exits "exit status $rc, expected 4 (guest reboot; 0 = looks like success, 2 = SVPN panicked, 3 = M-mode stub, 124/137 = hang)" "$logs/panic.log"
elif ! grep -aq 'Kernel panic' "$logs/panic.log"; then
	fail linux-panic-exits "no 'Kernel panic' line" "$logs/panic.log"
elif ! grep -aq '^svpn: guest [^ ]*: reboot requested' "$logs/panic.log"; then
	fail linux-panic-exits "no 'reboot requested' line from SVPN" "$logs/panic.log"
else
	pass linux-panic-exits
fi

# 6. The interactive prompt through the virtual UART.
if /usr/bin/python3 "$here/prompt.py" "$run_svpn" "$svpn" "$image" "$initrd" \
	>"$logs/prompt.log" 2>&1; then
	pass linux-prompt
else
	fail linux-prompt "$(tail -n1 "$logs/prompt.log")" "$logs/prompt.log"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
