#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make deps: install every Debian package that building, running and testing
# SVPN (and its Linux guest) needs. Idempotent: with everything installed it
# only says so. Runs 'apt-get update' only when the package lists are empty
# or do not know a package yet. Uses sudo when not run as root.
#
# usage: scripts/deps.sh [--print]     --print: list the packages and exit
set -eu

# package                         what needs it
PACKAGES="
make                            the build
gcc                             host unit tests, Linux host tools
libc6-dev                       host C library headers (gcc only recommends it)
git                             cloning; the tests copy the tree with git ls-files
python3                         Kconfig, scripts/mkguestpkg.py
python3-kconfiglib              Kconfig: menuconfig, defconfig, savedefconfig, genconfig
gcc-riscv64-unknown-elf         SVPN's cross compiler
binutils-riscv64-unknown-elf    SVPN's assembler and linker
picolibc-riscv64-unknown-elf    SVPN's C library (printf, string functions)
linux-source-6.1                libfdt sources for SVPN; the guest kernel
xz-utils                        unpacking linux-source-6.1
device-tree-compiler            dtc: unit-test fixtures, DTB tests
libfdt-dev                      host libfdt for the unit tests
libcmocka-dev                   host unit tests
clang                           make fuzz-host (libFuzzer harnesses, tests/fuzz)
libfuzzer-14-dev                make fuzz-host: clang's libFuzzer runtime
libclang-rt-14-dev              make fuzz-host: clang's libFuzzer, ASan and UBSan runtimes
qemu-system-misc                qemu-system-riscv64: make run, the tests
opensbi                         native (oracle) runs of guests: make run-native, run-diff
gdb-multiarch                   make debug, the instruction-count test
gcc-riscv64-linux-gnu           the Linux guest kernel and its /init
binutils-riscv64-linux-gnu      the same
libc6-dev-riscv64-cross         static glibc for the guest's /init
flex                            Linux kernel build
bison                           Linux kernel build
bc                              Linux kernel build
perl                            Linux kernel build
cpio                            initramfs
clang-format                    make format / check-format
xxd                             tests/linux/guest-dtb.sh (hex dump to DTB)
"
# Not installed here: mmdebstrap, qemu-user-static and binfmt-support, which
# only the optional 'make rootfs' (a Debian disk image, built as root) needs;
# it names them when they are missing.
# Not needed: libssl-dev and libelf-dev. The guest kernel is built without
# modules (no signing tools), without BTF and without a trusted keyring,
# and RISC-V has no objtool.

packages=$(printf '%s\n' "$PACKAGES" | awk 'NF { print $1 }')

if [ "${1:-}" = --print ]; then
	echo "$packages"
	exit 0
fi

command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 || {
	echo "deps.sh: this is not a Debian system (no dpkg/apt-get); install by hand:" $packages >&2
	exit 1
}

missing=
for p in $packages; do
	status=$(dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$status" = installed ] || missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps.sh: all $(echo $packages | wc -w) packages are installed"
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	as_root=
elif command -v sudo >/dev/null 2>&1; then
	as_root=sudo
else
	echo "deps.sh: need root to install:$missing (run as root, or install sudo)" >&2
	exit 1
fi

run() {
	echo "deps.sh: $*"
	# shellcheck disable=SC2086
	$as_root env DEBIAN_FRONTEND=noninteractive "$@"
}

# The package lists are stale or empty when apt does not know a package.
unknown=
for p in $missing; do
	apt-cache show "$p" >/dev/null 2>&1 || unknown="$unknown $p"
done
if [ -n "$unknown" ]; then
	echo "deps.sh: not in the package lists yet:$unknown"
	run apt-get update
fi

echo "deps.sh: installing:$missing"
# Lists that know every package can still be stale (their versions gone
# from the mirror): then one update and one more try.
# shellcheck disable=SC2086
if ! run apt-get install -y --no-install-recommends $missing; then
	echo "deps.sh: install failed: updating the package lists and trying again"
	run apt-get update
	run apt-get install -y --no-install-recommends $missing
fi
echo "deps.sh: done"
