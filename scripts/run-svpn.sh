#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot SVPN on QEMU virt, optionally with guests. Used by 'make run' and the tests.
#
# usage: run-svpn.sh SVPN_ELF [GUEST_OPTIONS...] [-- QEMU_OPTIONS...]
#        run-svpn.sh SVPN_ELF --guest-list FILE DEFAULT_KERNEL DEFAULT_INITRD [-- QEMU_OPTIONS...]
# GUEST_OPTIONS describe the first guest (--kernel IMAGE [--initrd CPIO]
# [--bootargs ARGS] [--mem MIB] [--harts N] [--name NAME] [--disk DISK]
# [--no-rng]); '--guest' starts the next one (see scripts/mkguestpkg.py).
# No --kernel: SVPN boots alone.
# DISK is FILE[,ro][,start=S][,sectors=N]: a raw image (no commas in its
# path) that QEMU gives SVPN as a virtio-blk drive, of which the guest sees
# sectors S.. (N of them; default all) as its first disk. Guests may share
# one FILE through windows that do not overlap (read-only ones may).
# --no-rng: no virtio-rng device for that guest (QEMU gets one otherwise).
# A guest list file has a line per guest: name kernel initrd MiB harts
# [disk=DISK | -] bootargs... ('default' = the DEFAULT_ image, '-' = no
# initrd; the disk column is optional, so older lists still read).
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
		# The optional disk column: "disk=DISK" or "-" before the bootargs.
		disk= column=${bootargs%% *}
		case "$column" in
		disk=*) disk=${column#disk=} ;;
		-) ;;
		*) column= ;;
		esac
		if [ -n "$column" ]; then
			case "$bootargs" in *' '*) bootargs=${bootargs#* } ;; *) bootargs= ;; esac
		fi
		guest_args+=(--name "$name" --kernel "$kernel" --mem "$mem" --harts "$harts" \
			     --bootargs "$bootargs")
		[ "$initrd" = - ] || guest_args+=(--initrd "$initrd")
		[ -z "$disk" ] || guest_args+=(--disk "$disk")
	done <"$list"
fi
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	guest_args+=("$1")
	shift
done
[ $# -gt 0 ] && shift	# the '--'
[ -f "$svpn" ] || { echo "run-svpn.sh: $svpn not found (run 'make' first)" >&2; exit 2; }

die() {
	echo "run-svpn.sh: $*" >&2
	exit 2
}

# --disk FILE[,ro][,start=S][,sectors=N] -> the host drive's index and the
# window, for mkguestpkg.py; each FILE is one QEMU drive, in order of first use.
disk_files=() disk_rw=() pkg_args=() rng=0 in_guest=0 guest_rng=1
add_disk() {
	local spec=$1 file opt i size ro=0 window=()
	file=${spec%%,*}
	[ -f "$file" ] || die "disk image $file not found"
	size=$(stat -L -c %s "$file")
	[ "$size" -gt 0 ] || die "disk image $file is empty"
	[ $((size % 512)) -eq 0 ] ||
		die "disk image $file is $size bytes, not a whole number of 512-byte sectors"
	IFS=, read -r -a opts <<<"${spec#"$file"}"
	for opt in "${opts[@]}"; do
		case "$opt" in
		'') ;;
		ro) ro=1 ;;
		start=[0-9]*) window+=(--disk-start "${opt#start=}") ;;
		sectors=[0-9]*) window+=(--disk-sectors "${opt#sectors=}") ;;
		*) die "--disk $spec: unknown option '$opt' (ro, start=S, sectors=N)" ;;
		esac
	done
	for ((i = 0; i < ${#disk_files[@]}; i++)); do
		[ "${disk_files[$i]}" = "$file" ] && break
	done
	[ "$i" -lt ${#disk_files[@]} ] || { disk_files+=("$file"); disk_rw+=(0); }
	[ "$ro" = 1 ] || disk_rw[i]=1
	pkg_args+=(--disk-host "$i" "${window[@]}")
	[ "$ro" = 0 ] || pkg_args+=(--disk-ro)
}
# Guest options: --disk and --no-rng are read here, the rest go to mkguestpkg.py.
for ((i = 0; i < ${#guest_args[@]}; i++)); do
	case "${guest_args[$i]}" in
	--disk) add_disk "${guest_args[i + 1]:?--disk needs FILE[,ro][,start=S][,sectors=N]}"
		i=$((i + 1)) ;;
	--no-rng) pkg_args+=(--no-rng) guest_rng=0 ;;
	--guest) [ "$guest_rng" = 0 ] || rng=1
		guest_rng=1 pkg_args+=(--guest) ;;
	--kernel) in_guest=1 pkg_args+=(--kernel) ;;
	*) pkg_args+=("${guest_args[$i]}") ;;
	esac
done
[ "$in_guest" = 0 ] || [ "$guest_rng" = 0 ] || rng=1

# The drives, and the host virtio-rng the guests' entropy comes from. QEMU
# gives the first -device the highest virtio-mmio transport; SVPN numbers
# host disks in that order too. Modern virtio-mmio (version 2) only.
dev_opts=(-global virtio-mmio.force-legacy=false)
for ((i = 0; i < ${#disk_files[@]}; i++)); do
	ro_opt=
	[ "${disk_rw[$i]}" = 1 ] || ro_opt=,readonly=on
	dev_opts+=(-drive "file=${disk_files[$i]},if=none,format=raw,id=svpn-disk$i$ro_opt"
		   -device "virtio-blk-device,drive=svpn-disk$i")
done
[ "$rng" = 0 ] || dev_opts+=(-device virtio-rng-device)

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
	/usr/bin/python3 "$(dirname "$0")/mkguestpkg.py" -o "$pkg" "${pkg_args[@]}"
	pkg_opt=(-initrd "$pkg")
fi
# No 'exec': the trap above removes the package when QEMU ends.
${QEMU:-qemu-system-riscv64} -M virt -cpu "${QEMU_CPU:-rv64,h=false}" -m "${QEMU_MEM:-512M}" \
	-smp "${QEMU_SMP:-$smp}" -nographic -bios none -kernel "$svpn" "${pkg_opt[@]}" \
	"${dev_opts[@]}" "$@"
