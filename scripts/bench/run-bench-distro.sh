#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench-distro: the Debian guest's boot to its login prompt, natively
# (QEMU + OpenSBI) and under SVPN, as a tick ratio. Both boot the same kernel
# (make guest-debian) from fresh copies of the same disk (make rootfs) with
# the same RAM, one hart and the bench's deterministic -icount options; after
# logging in (tests/distro/boot-debian.py), systemd-analyze gives the time
# systemd took to reach its default target on the guest's own clock, which
# -icount makes an instruction count (the login dialogue itself, typed in real
# time, is not in it). systemd starts its units in parallel and the kernel's
# share of the figure depends on when systemd first reads the clock, so
# boots differ by some 10% even under -icount: run it more than once.
#
# usage: run-bench-distro.sh SVPN_ELF KERNEL ROOTFS_IMAGE OUTDIR
# Environment: QEMU, BENCH_GUEST_MEM (256), BENCH_ICOUNT (see common.sh),
# BENCH_TIMEOUT (1800 s per boot). Prints the table; OUTDIR/bench-distro.csv.
set -u

here=$(cd "$(dirname "$0")" && pwd)
srctree=$(cd "$here/../.." && pwd)
# shellcheck source=scripts/bench/common.sh
. "$here/common.sh"
die() { echo "run-bench-distro.sh: error: $*" >&2; exit 1; }
[ $# -eq 4 ] || { echo "usage: $0 SVPN_ELF KERNEL ROOTFS_IMAGE OUTDIR" >&2; exit 2; }
svpn=$1 kernel=$2 image=$3
for f in "$svpn" "$kernel" "$image"; do
	[ -f "$f" ] || die "$f not found"
done
outdir=$(mkdir -p "$4" && cd "$4" && pwd) || die "cannot create $4"
QEMU=${QEMU:-qemu-system-riscv64}
mem=${BENCH_GUEST_MEM:-256}
tmo=${BENCH_TIMEOUT:-1800}
icount=${BENCH_ICOUNT:-$bench_icount_default}
fw=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin
bootargs="root=/dev/vda rw console=ttyS0 earlycon"
# "Startup finished in 1.2s (kernel) + 10.5s (userspace) = 11.7s": the total, in ms.
analyze="systemd-analyze time=>Startup finished in .*"

boot() {	# boot SIDE COMMAND...
	local side=$1
	shift
	cp --sparse=always "$image" "$outdir/$side.img" || die "cannot copy $image"
	echo "run-bench-distro.sh: $side boot..." >&2
	# shellcheck disable=SC2086 # icount is a list of options
	"$srctree/tests/distro/boot-debian.py" --timeout "$tmo" --check "$analyze" -- "$@" \
		</dev/null >"$outdir/$side.log" 2>&1 || die "the $side boot failed: $(tail -n 1 "$outdir/$side.log")"
}

# startup_ms LOG: systemd's startup total in milliseconds.
startup_ms() {
	tr -d '\r' <"$1" | sed -n 's/.*Startup finished in .* = \([0-9.]*\)\(m\{0,1\}s\).*/\1 \2/p' |
		tail -n 1 | awk '{ print ($2 == "ms") ? $1 : $1 * 1000 }'
}

# shellcheck disable=SC2086
boot native "$QEMU" -M virt -cpu rv64,h=false -m "${mem}M" -smp 1 -nographic -bios "$fw" \
	-kernel "$kernel" -append "$bootargs" -global virtio-mmio.force-legacy=false \
	-drive "file=$outdir/native.img,if=none,format=raw,id=hd0" -device virtio-blk-device,drive=hd0 \
	-device virtio-rng-device $icount
# shellcheck disable=SC2086
QEMU_MEM=$((mem + 256))M boot svpn "$srctree/scripts/run-svpn.sh" "$svpn" --kernel "$kernel" \
	--mem "$mem" --harts 1 --bootargs "$bootargs" --disk "$outdir/svpn.img" -- $icount

n=$(startup_ms "$outdir/native.log") s=$(startup_ms "$outdir/svpn.log")
[ -n "$n" ] && [ -n "$s" ] || die "no 'Startup finished' line (see $outdir/*.log)"
{
	echo "Debian boot to its default target ($(basename "$kernel"), $mem MiB, 1 hart; $icount)"
	echo "guest clock: $bench_timebase Hz rdtime, an instruction count under -icount"
	printf '%-12s %12s %12s %7s\n' "" "native ms" "SVPN ms" ratio
	printf '%-12s %12s %12s %7s\n' startup "$n" "$s" "$(echo "scale=2; $s / $n" | bc)"
} | tee "$outdir/bench-distro.txt"
echo "startup,$n,$s,$(echo "scale=2; $s / $n" | bc)" >"$outdir/bench-distro.csv"
