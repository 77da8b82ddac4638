#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a Linux guest kernel from Debian's linux-source-6.1: SVPN's default
# guest (configs/guest/linux-6.1.config), or the one that GUEST_LINUX_FRAGMENT
# names, e.g. the Debian guest's (make guest-debian). Each <outdir> has its
# own source tree.
#
# Usage: build-linux.sh <outdir>
#
# Produces <outdir>/linux/arch/riscv/boot/Image and copies it to
# <outdir>/Image. The source is unpacked once into <outdir>/linux; the
# .config is regenerated (tinyconfig + fragment + olddefconfig) only when
# the fragment changes, so a second run with nothing changed only lets
# kbuild find nothing to do.
#
# Environment: GUEST_CROSS_COMPILE (default riscv64-linux-gnu-),
# GUEST_LINUX_TARBALL, GUEST_LINUX_FRAGMENT, GUEST_JOBS (default nproc).
# CROSS_COMPILE is deliberately not honoured: the hypervisor's top-level
# build exports a bare-metal one.

set -euo pipefail

die() {
	echo "build-linux.sh: $*" >&2
	exit 1
}

# need <command> <debian package>
need() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found: apt-get install -y $2"
}

[ $# -eq 1 ] || die "usage: build-linux.sh <outdir>"

srcroot=$(cd "$(dirname "$0")/../.." && pwd)
cross=${GUEST_CROSS_COMPILE:-riscv64-linux-gnu-}
tarball=${GUEST_LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
fragment=${GUEST_LINUX_FRAGMENT:-$srcroot/configs/guest/linux-6.1.config}
jobs=${GUEST_JOBS:-$(nproc)}

need "${cross}gcc" gcc-riscv64-linux-gnu
need gcc gcc
need make make
need flex flex
need bison bison
need bc bc
need xz xz-utils
need perl perl
[ -r "$tarball" ] || die "$tarball missing: apt-get install -y linux-source-6.1"
[ -r "$fragment" ] || die "config fragment $fragment missing"

mkdir -p "$1"
out=$(cd "$1" && pwd)
tree=$out/linux

# Called from make, the environment carries the caller's MAKEFLAGS (which
# can hold O=, V= or a jobserver) and kbuild variables: none of them are
# meant for this kernel.
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL O KBUILD_OUTPUT \
	KBUILD_EXTMOD KCONFIG_CONFIG srctree objtree ARCH CROSS_COMPILE LLVM

kmake() {
	make -C "$tree" ARCH=riscv CROSS_COMPILE="$cross" "$@"
}

# Unpack once. The stamp records which tarball was unpacked, so a new
# linux-source-6.1 package version is picked up, and its absence marks a
# half-finished unpack that must start over.
extract() {
	local id stamp=$tree/.svpn-extracted

	id=$(stat -c '%n %s %Y' "$tarball")
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$id" ]; then
		return
	fi
	echo "  UNPACK  $tarball -> $tree"
	rm -rf "$tree"
	mkdir -p "$tree"
	tar -xJf "$tarball" -C "$tree" --strip-components=1
	echo "$id" >"$stamp"
}

# Regenerate .config only when the fragment differs from the one applied
# last time: rewriting .config with the same content would still be cheap,
# but comparing keeps the no-change run quiet.
configure() {
	local applied=$out/linux-fragment.applied

	if [ -f "$tree/.config" ] && cmp -s "$fragment" "$applied"; then
		return
	fi
	echo "  CONFIG  tinyconfig + $(basename "$fragment")"
	kmake -s tinyconfig >/dev/null
	(cd "$tree" && ARCH=riscv CROSS_COMPILE="$cross" \
		scripts/kconfig/merge_config.sh -m .config "$fragment") >/dev/null
	kmake -s olddefconfig >/dev/null
	cp "$fragment" "$applied"
}

# Every symbol the fragment sets must be in the final .config with the same
# value, and every "is not set" must not be set: Kconfig drops an option
# whose dependencies are missing without an error.
check_config() {
	local line sym lost=0

	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			grep -qxF -- "$line" "$tree/.config" && continue
			sym=${line%%=*}
			echo "build-linux.sh: $line requested, .config has:" \
				"$(grep -E "^(# )?$sym[= ]" "$tree/.config" ||
				echo nothing)" >&2
			lost=1
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			grep -q "^$sym=" "$tree/.config" || continue
			echo "build-linux.sh: $sym must be off, .config has:" \
				"$(grep "^$sym=" "$tree/.config")" >&2
			lost=1
			;;
		esac
	done <"$fragment"
	if [ $lost -ne 0 ]; then
		# Force a fresh configure next time, after the fragment is fixed.
		rm -f "$out/linux-fragment.applied"
		die "Kconfig dropped symbols from $fragment (see above)"
	fi
}

extract
configure
check_config
echo "  MAKE    Image (-j$jobs)"
kmake -j"$jobs" Image
cp "$tree/arch/riscv/boot/Image" "$out/Image"
echo "  IMAGE   $out/Image ($(stat -c %s "$out/Image") bytes)"
