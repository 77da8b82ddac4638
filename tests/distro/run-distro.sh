#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The Debian guest (make rootfs, make guest-debian) booted from its own disk,
# natively and under SVPN (make test-distro). Each boot logs in on ttyS0 and
# checks the system (tests/distro/boot-debian.py: 'running', the root on
# /dev/vda, the harts, poweroff ends QEMU with 0). Runs, each on a fresh
# sparse copy of the image:
#   distro/native          QEMU + OpenSBI, 1 hart (the oracle: the image boots)
#   distro/svpn-smp1       under SVPN, 1 hart
#   distro/svpn-smp2       under SVPN, 2 harts
#   distro/persist-write   under SVPN: a file written and synced, then poweroff
#   distro/persist-read    booted again on that disk: the file is there
#   distro/persist-host    after QEMU ended, debugfs reads the file from the image
#
# usage: run-distro.sh SVPN_ELF KERNEL ROOTFS_IMAGE WORKDIR
# Environment: QEMU, DISTRO_TIMEOUT (s per boot, default 600), DISTRO_MEM (guest
# MiB, default 512). Prints one PASS/FAIL line per run, then "N passed, M failed";
# logs in WORKDIR/distro-logs/.
set -u

here=$(cd "$(dirname "$0")" && pwd)
srctree=$(cd "$here/../.." && pwd)
[ $# -eq 4 ] || { echo "usage: $0 SVPN_ELF KERNEL ROOTFS_IMAGE WORKDIR" >&2; exit 2; }
svpn=$1 kernel=$2 image=$3
for f in "$svpn" "$kernel" "$image"; do
	[ -f "$f" ] || { echo "$0: $f not found" >&2; exit 2; }
done
command -v debugfs >/dev/null || { echo "$0: debugfs not found: apt-get install -y e2fsprogs" >&2; exit 2; }
logs=$(mkdir -p "$4/distro-logs" && cd "$4/distro-logs" && pwd) || exit 2
tmo=${DISTRO_TIMEOUT:-600}
mem=${DISTRO_MEM:-512}
QEMU=${QEMU:-qemu-system-riscv64}
fw=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
bootargs="root=/dev/vda rw console=ttyS0 earlycon"
passed=0 failed=0

result() {	# result NAME STATUS LOG
	if [ "$2" = 0 ]; then
		echo "PASS distro/$1 ($(tail -n 1 "$3" | sed 's/^boot-debian: ok: //'))"
		passed=$((passed + 1))
	else
		echo "FAIL distro/$1: $(grep -m1 '^boot-debian: FAIL' "$3" || tail -n 1 "$3") (log $3)"
		failed=$((failed + 1))
	fi
}

fresh_image() {	# fresh_image NAME: a sparse copy of the built image
	cp --sparse=always "$image" "$logs/$1.img" && echo "$logs/$1.img"
}

boot_svpn() {	# boot_svpn NAME IMAGE HARTS [--check ...]
	local name=$1 img=$2 harts=$3
	shift 3
	QEMU_MEM=$((mem + 256))M "$here/boot-debian.py" --timeout "$tmo" "$@" -- \
		"$srctree/scripts/run-svpn.sh" "$svpn" --kernel "$kernel" --mem "$mem" \
		--harts "$harts" --bootargs "$bootargs" --disk "$img" </dev/null >"$logs/$name.log" 2>&1
	result "$name" $? "$logs/$name.log"
}

img=$(fresh_image native)
"$here/boot-debian.py" --timeout "$tmo" -- "$QEMU" -M virt -cpu rv64,h=false -m "$((mem))M" \
	-smp 1 -nographic -bios "$fw" -kernel "$kernel" -append "$bootargs" \
	-global virtio-mmio.force-legacy=false -drive "file=$img,if=none,format=raw,id=hd0" \
	-device virtio-blk-device,drive=hd0 -device virtio-rng-device </dev/null >"$logs/native.log" 2>&1
result native $? "$logs/native.log"

boot_svpn svpn-smp1 "$(fresh_image svpn-smp1)" 1
boot_svpn svpn-smp2 "$(fresh_image svpn-smp2)" 2

# A token no earlier run wrote: written, synced, read back after a power-off.
# The commands stay short: a line longer than the terminal comes back echoed
# with the shell's redraw at the wrap, which boot-debian.py cannot match.
token="t$(date +%s)$$"
img=$(fresh_image persist)
boot_svpn persist-write "$img" 1 --check "echo $token >/root/p;sync;echo synced=>^synced$"
boot_svpn persist-read "$img" 1 --check "cat /root/p=>^$token$"
if [ "$(debugfs -R 'cat /root/p' "$img" 2>/dev/null)" = "$token" ]; then
	echo "PASS distro/persist-host (debugfs reads the token from the image)"
	passed=$((passed + 1))
else
	echo "FAIL distro/persist-host: debugfs does not read '$token' from $img"
	failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
