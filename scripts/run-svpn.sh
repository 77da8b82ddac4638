#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot SVPN on QEMU virt, optionally with guests. Used by 'make run' and the tests.
#
# usage: run-svpn.sh SVPN_ELF [GUEST_OPTIONS...] [-- QEMU_OPTIONS...]
#        run-svpn.sh SVPN_ELF --guest-list FILE DEFAULT_KERNEL DEFAULT_INITRD [-- QEMU_OPTIONS...]
# GUEST_OPTIONS describe the first guest (--kernel IMAGE [--initrd CPIO]
# [--bootargs ARGS] [--mem MIB] [--harts N] [--name NAME]); '--guest' starts
# the next one (see scripts/mkguestpkg.py). No --kernel: SVPN boots alone.
# A guest list file has a line per guest: name kernel initrd MiB harts bootargs...
# ('default' = the DEFAULT_ image, '-' = no initrd).
# Environment: QEMU (qemu-system-riscv64), QEMU_CPU (rv64,h=false), QEMU_MEM (512M),
#              QEMU_SMP (default: the guests' harts added up, at least 1).
#              The exit status is QEMU's, which is the guest's.
set -eu
svpn=${1:?usage: run-svpn.sh SVPN_ELF [--kernel IMAGE ...] [--guest ...] [-- QEMU_OPTIONS]}
shift
guest_args=()
if [ "${1:-}" = "--guest-list" ]; then
	list=${2:?--guest-list FILE DEFAULT_KERNEL DEFAULT_INITRD}
	def_kernel=${3:?} def_initrd=${4:?}
	shift 4
	[ -f "$list" ] || { echo "run-svpn.sh: guest list $list not found" >&2; exit 2; }
	while read -r name kernel initrd mem harts bootargs; do
		case "$name" in ''|'#'*) continue ;; esac
		[ -n "$harts" ] || { echo "run-svpn.sh: $list: bad line for $name" >&2; exit 2; }
		[ ${#guest_args[@]} -eq 0 ] || guest_args+=(--guest)
		[ "$kernel" = default ] && kernel=$def_kernel
		[ "$initrd" = default ] && initrd=$def_initrd
		guest_args+=(--name "$name" --kernel "$kernel" --mem "$mem" --harts "$harts" \
			     --bootargs "$bootargs")
		[ "$initrd" = - ] || guest_args+=(--initrd "$initrd")
	done <"$list"
fi
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	guest_args+=("$1")
	shift
done
[ $# -gt 0 ] && shift	# the '--'
[ -f "$svpn" ] || { echo "run-svpn.sh: $svpn not found (run 'make' first)" >&2; exit 2; }

# Every virtual hart needs a host hart of its own (a guest without --harts has one).
smp=0 with_harts=0
for ((i = 0; i < ${#guest_args[@]}; i++)); do
	if [ "${guest_args[$i]}" = "--harts" ]; then
		smp=$((smp + guest_args[i + 1]))
		with_harts=$((with_harts + 1))
	fi
done
guests=$(printf '%s\n' "${guest_args[@]}" | grep -c -- '^--kernel$' || true)
[ "$guests" -le "$with_harts" ] || smp=$((smp + guests - with_harts))
[ "$smp" -ge 1 ] || smp=1

pkg_opt=()
if [ ${#guest_args[@]} -gt 0 ]; then
	pkg=$(mktemp /tmp/svpn-guest.XXXXXX)
	trap 'rm -f "$pkg"' EXIT
	/usr/bin/python3 "$(dirname "$0")/mkguestpkg.py" -o "$pkg" "${guest_args[@]}"
	pkg_opt=(-initrd "$pkg")
fi
# No 'exec': the trap above removes the package when QEMU ends.
${QEMU:-qemu-system-riscv64} -M virt -cpu "${QEMU_CPU:-rv64,h=false}" -m "${QEMU_MEM:-512M}" \
	-smp "${QEMU_SMP:-$smp}" -nographic -bios none -kernel "$svpn" "${pkg_opt[@]}" "$@"
