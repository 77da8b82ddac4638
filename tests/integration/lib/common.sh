# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced by every tests/integration/*.sh. tests/run-all.sh runs each test
# with this environment:
#
#   SVPN_SRCTREE          the source tree under test (never written to)
#   SVPN_BUILD            make test's build directory; SVPN_BUILD/<board>/svpn.elf
#                         are the SVPN images built from configs/<board>_defconfig
#   SVPN_VERSION          SVPN_VERSION from the top Makefile
#   SVPN_LIBFDT_TARBALL   a tarball holding linux-source-6.1/scripts/dtc/libfdt
#                         (a small repack of linux-source-6.1's, to keep the
#                         tests' own builds fast)
#   SVPN_JOBS             make -j for the tests' own builds
#   SVPN_TEST_TMP         an empty scratch directory for this test alone
#   SVPN_TEST_REASON      where fail() leaves its one-line reason
#   SVPN_TEST_INFORMATIONAL  where informational() leaves its line
#
# A test passes by exiting 0. fail "reason" ends it with a failure; info
# "text" adds a line that run-all.sh shows under the test's PASS/FAIL line.
# informational "text" ends a test that asserted nothing (a measurement, a
# check that cannot run here): run-all.sh prints "INFO <name>: text" and
# counts it neither as passed nor as failed.

set -u

srctree=${SVPN_SRCTREE:?run this through tests/run-all.sh}
build=${SVPN_BUILD:?run this through tests/run-all.sh}
T=${SVPN_TEST_TMP:?run this through tests/run-all.sh}
QEMU=${QEMU:-qemu-system-riscv64}
# Most boots take well under a second; a hang ends at this limit.
BOOT_TIMEOUT=${BOOT_TIMEOUT:-30}

# The first reason wins: a later failure is usually a consequence.
fail() {
	[ -s "$SVPN_TEST_REASON" ] || printf '%s\n' "$*" >"$SVPN_TEST_REASON"
	echo "FAIL: $*" >&2
	exit 1
}

info() {
	echo "info: $*"
}

informational() {
	printf '%s\n' "$*" >"${SVPN_TEST_INFORMATIONAL:?run this through tests/run-all.sh}"
	echo "informational: $*"
	exit 0
}

# gdb_attach PORT ELF OUT GDB_ARGS...: one gdb batch session on the gdb stub of
# a QEMU started with '-S -gdb tcp:127.0.0.1:PORT', with ELF's symbols; gdb's
# output goes to OUT. gdb may knock before QEMU listens, so a refused
# connection is retried for about 5 s.
gdb_attach() {
	local port=$1 elf=$2 out=$3 try
	shift 3
	command -v gdb-multiarch >/dev/null ||
		fail "gdb-multiarch not found: install Debian package 'gdb-multiarch' (or run 'make deps')"
	for try in $(seq 1 25); do
		sleep 0.2
		timeout -k 2 "$BOOT_TIMEOUT" gdb-multiarch -q -nx -batch -ex 'set confirm off' \
			-ex "target remote 127.0.0.1:$port" "$@" "$elf" </dev/null >"$out" 2>&1 || true
		grep -q 'Connection refused' "$out" || return 0
	done
}

# The SVPN image of a board that run-all.sh built.
board_elf() {
	local elf=$build/$1/svpn.elf

	[ -f "$elf" ] || fail "$elf was not built (see build/$1)"
	echo "$elf"
}

# boot ELF [QEMU options...]: boot SVPN on QEMU virt the way 'make run' does.
# Serial output goes to $T/boot.out, QEMU's exit status to $rc, the wall time
# in seconds to $secs. QEMU_CPU, QEMU_MEM and QEMU_SMP are honoured, as in
# scripts/run-svpn.sh.
boot() {
	local elf=$1 start
	shift
	[ -f "$elf" ] || fail "no SVPN image to boot ('$elf')"
	start=$(date +%s)
	set +e
	if [ -x "$srctree/scripts/run-svpn.sh" ]; then
		QEMU_CPU=${QEMU_CPU:-rv64,h=false} QEMU_MEM=${QEMU_MEM:-512M} \
			QEMU_SMP=${QEMU_SMP:-1} timeout -k 5 "$BOOT_TIMEOUT" \
			"$srctree/scripts/run-svpn.sh" "$elf" -- "$@" </dev/null >"$T/boot.out" 2>&1
	else
		timeout -k 5 "$BOOT_TIMEOUT" "$QEMU" -M virt -cpu "${QEMU_CPU:-rv64,h=false}" \
			-m "${QEMU_MEM:-512M}" -smp "${QEMU_SMP:-1}" -nographic -bios none \
			-kernel "$elf" "$@" </dev/null >"$T/boot.out" 2>&1
	fi
	rc=$?
	set -e
	secs=$(($(date +%s) - start))
	sed 's/^/  | /' "$T/boot.out"
	[ $rc -ne 124 ] && [ $rc -ne 137 ] || fail "QEMU still running after ${BOOT_TIMEOUT}s (hang)"
}

expect_rc() {
	[ "$rc" -eq "$1" ] || fail "exit status $rc, expected $1"
}

expect_rc_nonzero() {
	[ "$rc" -ne 0 ] || fail "exit status 0, expected a failure"
}

# expect FIXED-STRING [file]: the output contains the string.
expect() {
	grep -qF -- "$1" "${2:-$T/boot.out}" || fail "output lacks '$1'"
}

expect_not() {
	! grep -qF -- "$1" "${2:-$T/boot.out}" || fail "output has '$1'"
}

# The banner's first line, exactly.
banner_line() {
	echo "SVPN $SVPN_VERSION: RISC-V trap-and-emulate hypervisor (board $1)"
}

# smake ARGS...: make with its output in $T/make.out (shown), status in $rc.
smake() {
	set +e
	make "$@" </dev/null >"$T/make.out" 2>&1
	rc=$?
	set -e
	sed 's/^/  | /' "$T/make.out"
}

# A copy of the source tree as a fresh clone would have it (tracked and
# untracked files, nothing that .gitignore names), so that a test can
# configure, build and clean in it without touching the tree under test.
tree_copy() {
	local dest=$1

	mkdir -p "$dest"
	if git -C "$srctree" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		(cd "$srctree" && git ls-files -z --cached --others --exclude-standard |
			xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
			tar --null -T - -cf -) | tar -xf - -C "$dest"
	else
		(cd "$srctree" && tar --exclude=./build-test --exclude=./build --exclude='*.o' \
			--exclude='*.d' --exclude=./.config --exclude=./.config.old \
			--exclude=./include/generated --exclude=./include/config \
			--exclude=./libfdt --exclude=./svpn.elf --exclude=./svpn.map -cf - .) |
			tar -xf - -C "$dest"
	fi
	[ -f "$dest/Makefile" ] || fail "could not copy the source tree to $dest"
}

# dumpdtb FILE.dts [QEMU options]: QEMU virt's own device tree, as source.
dumpdtb() {
	local dts=$1
	shift
	"$QEMU" -M virt -cpu "${QEMU_CPU:-rv64,h=false}" -m "${QEMU_MEM:-512M}" -nographic \
		-bios none "$@" -machine dumpdtb="$T/qemu.dtb" >/dev/null 2>&1 ||
		fail "$QEMU -machine dumpdtb failed"
	dtc -q -I dtb -O dts -o "$dts" "$T/qemu.dtb" || fail "dtc could not decompile QEMU's DTB"
}

set -e
