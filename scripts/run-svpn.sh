#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Boot SVPN on QEMU virt, optionally with a guest. Used by 'make run' and the tests.
#
# usage: run-svpn.sh SVPN_ELF [--kernel IMAGE [--initrd CPIO] [--bootargs ARGS]
#                    [--mem MIB] [--harts N]] [-- QEMU_OPTIONS...]
# Environment: QEMU (qemu-system-riscv64), QEMU_CPU (rv64,h=false), QEMU_MEM (512M),
#              QEMU_SMP (1). The exit status is QEMU's, which is the guest's.
set -eu
svpn=${1:?usage: run-svpn.sh SVPN_ELF [--kernel IMAGE ...] [-- QEMU_OPTIONS]}
shift
kernel= initrd= bootargs= mem=128 harts=1
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift 2 ;;
	--initrd) initrd=$2; shift 2 ;;
	--bootargs) bootargs=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--harts) harts=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "run-svpn.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ -f "$svpn" ] || { echo "run-svpn.sh: $svpn not found (run 'make' first)" >&2; exit 2; }

pkg_opt=
if [ -n "$kernel" ]; then
	pkg=$(mktemp /tmp/svpn-guest.XXXXXX)
	trap 'rm -f "$pkg"' EXIT
	set -- "$@"
	/usr/bin/python3 "$(dirname "$0")/mkguestpkg.py" -o "$pkg" --kernel "$kernel" \
		${initrd:+--initrd "$initrd"} --bootargs "$bootargs" --mem "$mem" --harts "$harts"
	pkg_opt="-initrd $pkg"
fi
# No 'exec': the trap above removes the package when QEMU ends.
${QEMU:-qemu-system-riscv64} -M virt -cpu "${QEMU_CPU:-rv64,h=false}" -m "${QEMU_MEM:-512M}" \
	-smp "${QEMU_SMP:-1}" -nographic -bios none -kernel "$svpn" $pkg_opt "$@"
