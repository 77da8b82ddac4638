#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a Debian riscv64 root file system image for a Linux guest that
# boots from its own disk (make rootfs).
#
# Usage: build-rootfs.sh <outdir>
#
# Produces
#   <outdir>/debian.dir  the tree mmdebstrap installs (Debian "stable",
#                        minbase + systemd, udev, dbus), kept so that
#                        repacking the image does not bootstrap again;
#                        rebuilt only when the bootstrap recipe below
#                        changes (<outdir>/debian.recipe records it)
#   <outdir>/debian.img  a raw ext4 image of that tree, $ROOTFS_SIZE
#                        (default 2G) sparse, packed by mke2fs -d with no
#                        mount: the guest's /dev/vda, root without a
#                        password on ttyS0
#
# The Debian archive is the one apt on this machine uses (the first URIs:
# of /etc/apt/sources.list.d/*.sources, else the first "deb" line of
# /etc/apt/sources.list), read at run time; ROOTFS_MIRROR=<url> overrides
# it. Debian 12 has no riscv64 port, but its archive serves riscv64 for
# the suite name "stable" (Debian 13); "trixie" is not found there.
#
# Needs root: only mmdebstrap's root mode leaves a directory with the
# right owners and device nodes for mke2fs -d to copy.

set -euo pipefail

die() {
	echo "build-rootfs.sh: $*" >&2
	exit 1
}

[ $# -eq 1 ] || die "usage: build-rootfs.sh <outdir>"

suite=stable
size=${ROOTFS_SIZE:-2G}
hostname=svpn-debian

# The recipe: everything that decides the bootstrapped tree, and nothing
# else (not the archive's address, not the image size). Changing a line
# here bootstraps again (about a minute); the image alone repacks in a
# second or two. The hooks' "$1" is mmdebstrap's: the tree being built.
# shellcheck disable=SC2016,SC2054
recipe=(
	--arch=riscv64
	--variant=minbase
	--include=systemd-sysv,udev,dbus
	# The address of the archive is written into the tree's sources
	# list: keep the image free of it (apt in the guest has no source).
	--customize-hook=': >"$1/etc/apt/sources.list"'
	--customize-hook="echo $hostname >\"\$1/etc/hostname\""
	--customize-hook="printf '127.0.0.1\\tlocalhost\\n127.0.1.1\\t$hostname\\n' >\"\$1/etc/hosts\""
	--customize-hook='echo "/dev/vda / ext4 defaults 0 1" >"$1/etc/fstab"'
	# Root logs in without a password (pam_unix's nullok).
	--customize-hook='chroot "$1" passwd --delete root'
	# systemd's getty generator starts a getty on the kernel console
	# anyway; enabling it makes ttyS0 independent of console=.
	--customize-hook='chroot "$1" systemctl enable serial-getty@ttyS0.service'
)

# --- tools -------------------------------------------------------------
# mke2fs and update-binfmts live in sbin, which a user's PATH may lack.
PATH=$PATH:/usr/sbin:/sbin
missing=
# need <command or path> <debian package>
need() {
	command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}
need mmdebstrap mmdebstrap
need qemu-riscv64-static qemu-user-static
need update-binfmts binfmt-support
need mke2fs e2fsprogs
need /usr/lib/apt/apt-helper apt
[ -z "$missing" ] || die "missing tools: apt-get install -y$missing"

[ "$(id -u)" -eq 0 ] ||
	die "must run as root (sudo make rootfs): mmdebstrap keeps file owners and device nodes in a directory only in root mode"

# riscv64 maintainer scripts run under qemu-user through binfmt_misc.
binfmt=/proc/sys/fs/binfmt_misc
if [ "$(head -n 1 "$binfmt/qemu-riscv64" 2>/dev/null)" != enabled ]; then
	fix="update-binfmts --enable qemu-riscv64"
	[ -e "$binfmt/register" ] ||
		fix="mount -t binfmt_misc binfmt_misc $binfmt && $fix"
	die "the qemu-riscv64 binfmt handler is not enabled: $fix"
fi

# --- the archive ---------------------------------------------------------
# The first deb822 stanza of type deb with a plain suite (not -security,
# -updates, ...), else the first one-line "deb" entry.
apt_mirror() {
	local f found=

	for f in /etc/apt/sources.list.d/*.sources; do
		[ -r "$f" ] || continue
		found=$(awk 'function flush() {
			if (!done && deb && enabled && uri != "" && plain) { print uri; done = 1; exit }
			deb = 0; enabled = 1; uri = ""; plain = 0
		}
		BEGIN { enabled = 1 }
		/^[ \t]*$/ { flush(); next }
		/^#/ { next }
		tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
		tolower($1) == "enabled:" { enabled = (tolower($2) != "no") }
		tolower($1) == "uris:" { uri = $2 }
		tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i !~ /-/) plain = 1 }
		END { flush() }' "$f")
		[ -z "$found" ] || break
	done
	if [ -z "$found" ]; then
		for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
			[ -r "$f" ] || continue
			# deb [options] uri suite components...
			found=$(sed -n 's/^[ \t]*deb[ \t]\+\(\[[^]]*\][ \t]\+\)\?\([^ \t]\+\)[ \t]\+[^ \t-]\+\([ \t].*\)\?$/\2/p' "$f" | sed -n 1p)
			[ -z "$found" ] || break
		done
	fi
	echo "$found"
}

mirror=${ROOTFS_MIRROR:-$(apt_mirror)}
[ -n "$mirror" ] ||
	die "no Debian archive in /etc/apt/sources.list.d/*.sources or /etc/apt/sources.list: set ROOTFS_MIRROR=<url>"
mirror=${mirror%/}

mkdir -p "$1"
out=$(cd "$1" && pwd)
dir=$out/debian.dir
img=$out/debian.img

# A tree whose bootstrap was interrupted may still have /proc, /sys or /dev
# mounted inside: never delete through a mount.
remove_tree() {
	if awk -v d="$1/" 'index($2, d) == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
		die "$1 still has file systems mounted inside (an interrupted mmdebstrap?): unmount them first"
	fi
	rm -rf --one-file-system "$1"
}

# --- bootstrap -------------------------------------------------------------
bootstrap() {
	local t0=$SECONDS release=$out/Release.check err

	# One small download first, so that a network or archive problem is
	# one clear line rather than somewhere in mmdebstrap's output.
	echo "  CHECK   $mirror/dists/$suite (riscv64)"
	rm -f "$release"
	if ! err=$(/usr/lib/apt/apt-helper download-file "$mirror/dists/$suite/Release" "$release" 2>&1); then
		echo "$err" | grep "^E: Failed to fetch" >&2 || echo "$err" | tail -n 1 >&2
		die "cannot fetch $mirror/dists/$suite/Release: network or archive unreachable (ROOTFS_MIRROR=<url> for another archive)"
	fi
	grep -q '^Architectures:.* riscv64\b' "$release" ||
		die "$mirror does not serve riscv64 for suite '$suite' (ROOTFS_MIRROR=<url> for another archive)"
	rm -f "$release"

	echo "  MMDEBSTRAP $suite riscv64 -> $dir"
	remove_tree "$dir.tmp"
	remove_tree "$dir"
	rm -f "$out/debian.recipe"
	mmdebstrap --mode=root "${recipe[@]}" "$suite" "$dir.tmp" "$mirror" ||
		die "mmdebstrap failed (see above)"
	mv "$dir.tmp" "$dir"
	printf '%s\n' "${recipe[@]}" >"$out/debian.recipe"
	echo "  MMDEBSTRAP done in $((SECONDS - t0)) s ($(du -sm "$dir" | cut -f1) MB)"
}

if [ -d "$dir" ] && [ "$(printf '%s\n' "${recipe[@]}")" = "$(cat "$out/debian.recipe" 2>/dev/null)" ]; then
	echo "  REUSE   $dir"
else
	bootstrap
fi

# --- image -----------------------------------------------------------------
# A fresh sparse file each time: mke2fs -d copies owners, modes, hard links,
# extended attributes and device nodes from the tree without mounting.
t0=$SECONDS
echo "  MKE2FS  $img ($size)"
rm -f "$img.tmp"
truncate -s "$size" "$img.tmp"
mke2fs -q -t ext4 -L "$hostname" -d "$dir" "$img.tmp" ||
	die "mke2fs failed (see above)"
mv "$img.tmp" "$img"
echo "  IMAGE   $img ($(du -m "$img" | cut -f1) MB used of $size, $((SECONDS - t0)) s)"
