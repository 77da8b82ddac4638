#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot SVPN on QEMU virt, optionally with guests. Used by 'make run' and the tests.
#
# usage: run-svpn.sh SVPN_ELF [GUEST_OPTIONS...] [-- QEMU_OPTIONS...]
# GUEST_OPTIONS describe the first guest (--kernel IMAGE [--initrd CPIO]
# [--bootargs ARGS] [--mem MIB] [--harts N] [--name NAME]); '--guest' starts
# the next one (see scripts/mkguestpkg.py). No --kernel: SVPN boots alone.
# Environment: QEMU (qemu-system-riscv64), QEMU_CPU (rv64,h=false), QEMU_MEM (512M),
#              QEMU_SMP (1). The exit status is QEMU's, which is the guest's.
set -eu
svpn=${1:?usage: run-svpn.sh SVPN_ELF [--kernel IMAGE ...] [--guest ...] [-- QEMU_OPTIONS]}
shift
guest_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	guest_args+=("$1")
	shift
done
[ $# -gt 0 ] && shift	# the '--'
[ -f "$svpn" ] || { echo "run-svpn.sh: $svpn not found (run 'make' first)" >&2; exit 2; }

pkg_opt=()
if [ ${#guest_args[@]} -gt 0 ]; then
	pkg=$(mktemp /tmp/svpn-guest.XXXXXX)
	trap 'rm -f "$pkg"' EXIT
	/usr/bin/python3 "$(dirname "$0")/mkguestpkg.py" -o "$pkg" "${guest_args[@]}"
	pkg_opt=(-initrd "$pkg")
fi
# No 'exec': the trap above removes the package when QEMU ends.
${QEMU:-qemu-system-riscv64} -M virt -cpu "${QEMU_CPU:-rv64,h=false}" -m "${QEMU_MEM:-512M}" \
	-smp "${QEMU_SMP:-1}" -nographic -bios none -kernel "$svpn" "${pkg_opt[@]}" "$@"
