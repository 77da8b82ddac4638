#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build SVPN's guest /init and pack it into an initramfs.
#
# Usage: build-initramfs.sh <outdir>
#
# Produces <outdir>/init (static, stripped, from tests/guests/linux/init.c)
# and <outdir>/initramfs.cpio (uncompressed newc). The archive is packed by
# the kernel's own usr/gen_init_cpio, built for the host, so /dev/console
# can be a device node without root. Its source comes from <outdir>/linux once
# build-linux.sh has unpacked it there, else from the tarball directly.
# All timestamps are fixed, so the same init.c gives the same archive.
#
# Environment: GUEST_CROSS_COMPILE (default riscv64-linux-gnu-),
# GUEST_LINUX_TARBALL, GUEST_INIT_SRC.

set -euo pipefail

die() {
	echo "build-initramfs.sh: $*" >&2
	exit 1
}

# need <command> <debian package>
need() {
	command -v "$1" >/dev/null 2>&1 ||
		die "'$1' not found: apt-get install -y $2"
}

[ $# -eq 1 ] || die "usage: build-initramfs.sh <outdir>"

srcroot=$(cd "$(dirname "$0")/../.." && pwd)
cross=${GUEST_CROSS_COMPILE:-riscv64-linux-gnu-}
tarball=${GUEST_LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
init_src=${GUEST_INIT_SRC:-$srcroot/tests/guests/linux/init.c}
sysroot=/usr/${cross%-}

need "${cross}gcc" gcc-riscv64-linux-gnu
need gcc gcc
[ -r "$sysroot/lib/libc.a" ] ||
	die "static glibc $sysroot/lib/libc.a missing: apt-get install -y libc6-dev-riscv64-cross"
[ -r "$init_src" ] || die "$init_src missing"

mkdir -p "$1"
out=$(cd "$1" && pwd)
work=$out/initramfs
mkdir -p "$work"

# gen_init_cpio.c: from the tree build-linux.sh unpacked (its stamp says
# the unpack finished), else pulled out of the tarball once.
gen_init_cpio_src() {
	local own=$work/linux-source-6.1/usr/gen_init_cpio.c

	if [ -f "$out/linux/.svpn-extracted" ]; then
		echo "$out/linux/usr/gen_init_cpio.c"
		return
	fi
	if [ ! -f "$own" ]; then
		[ -r "$tarball" ] ||
			die "$tarball missing: apt-get install -y linux-source-6.1"
		need xz xz-utils
		echo "  UNPACK  usr/gen_init_cpio.c" >&2
		tar -xJf "$tarball" -C "$work" \
			linux-source-6.1/usr/gen_init_cpio.c
	fi
	echo "$own"
}

build_gen_init_cpio() {
	local src

	src=$(gen_init_cpio_src)
	[ "$work/gen_init_cpio" -nt "$src" ] && return
	echo "  HOSTCC  gen_init_cpio"
	gcc -O2 -o "$work/gen_init_cpio" "$src"
}

# <outdir>/init goes into the archive stripped; initramfs/init.debug keeps
# the symbols for gdb.
build_init() {
	echo "  CC      init"
	"${cross}gcc" -static -O2 -Wall -Wextra -o "$work/init.debug" \
		"$init_src"
	"${cross}strip" -o "$work/init.tmp" "$work/init.debug"
	# gen_init_cpio stores a file's own mtime: fix it for a stable archive.
	touch -d @0 "$work/init.tmp"
	mv "$work/init.tmp" "$out/init"
}

pack() {
	cat >"$work/list" <<-EOF
	dir /dev 755 0 0
	nod /dev/console 600 0 0 c 5 1
	dir /proc 755 0 0
	dir /sys 755 0 0
	dir /tmp 1777 0 0
	file /init $out/init 755 0 0
	EOF
	echo "  CPIO    $out/initramfs.cpio"
	"$work/gen_init_cpio" -t 0 "$work/list" >"$work/initramfs.cpio.tmp"
	mv "$work/initramfs.cpio.tmp" "$out/initramfs.cpio"
}

need "${cross}strip" binutils-riscv64-linux-gnu
build_gen_init_cpio
build_init
pack
