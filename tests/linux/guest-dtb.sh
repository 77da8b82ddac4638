#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest device tree SVPN generates (issue 5, "How it is checked"): the
# dtbdump test guest (tests/guests/dtbdump) prints the DTB it was given as hex;
# it is reassembled, decompiled with 'dtc -I dtb -O dts' (must succeed, warnings
# are counted) and its nodes and properties are checked with fdtget. Runs:
#   plain        the nodes of a QEMU-virt-shaped machine, riscv,isa contents
#   bootargs     --bootargs "hello=world"  -> /chosen/bootargs; /chosen/rng-seed, 32 bytes
#                                             that differ from the plain run's
#   initrd       --initrd <bytes>          -> /chosen/linux,initrd-start/end
#   nosstc       host without Sstc         -> no sstc in riscv,isa
#   smp          --harts 2 on 2 host harts -> cpu@0, cpu@1 and their PLIC/CLINT wiring
#
# usage: tests/linux/guest-dtb.sh SVPN_ELF BUILDDIR
# Environment: QEMU, QEMU_CPU (rv64,h=false), QEMU_MEM (512M) as for run-svpn.sh;
# GUEST_DTB_TIMEOUT (s per run, default 30).
# Prints "PASS guest-dtb/<check>" or "FAIL guest-dtb/<check>: <reason>" per check
# (8 of them when the setup works), then an uncounted "INFO guest-dtb: ..." line
# that sums them up (it asserts nothing of its own), then "N passed, M failed";
# exit status 0 if everything passed. Files are kept in BUILDDIR/guest-dtb/.
set -u
usage() { echo "usage: $0 SVPN_ELF BUILDDIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
svpn=$1
src=$(cd "$(dirname "$0")/../.." && pwd)
tmo=${GUEST_DTB_TIMEOUT:-30}
cpu=${QEMU_CPU:-rv64,h=false}
mem=${QEMU_MEM:-512M}

passed=0 failed=0 first_failure=
pass() { echo "PASS guest-dtb/$1"; passed=$((passed + 1)); }
fail() {
	echo "FAIL guest-dtb/$1: $2"
	failed=$((failed + 1))
	[ -n "$first_failure" ] || first_failure="$1: $2"
}
finish() {
	if [ $failed -eq 0 ]; then
		echo "INFO guest-dtb: all $passed checks passed"
	else
		echo "INFO guest-dtb: $failed check(s) failed, first: $first_failure"
	fi
	echo "$passed passed, $failed failed"
	[ $failed -eq 0 ]
	exit
}

[ -f "$svpn" ] || { fail setup "$svpn not found (build SVPN first)"; finish; }
for tool in dtc fdtget xxd; do
	command -v $tool >/dev/null || { fail setup "$tool not installed (device-tree-compiler, xxd)"; finish; }
done
mkdir -p "$2/guest-dtb" || usage
build=$(cd "$2" && pwd)
out=$build/guest-dtb
unset MAKEFLAGS MFLAGS MAKELEVEL GUESTS
if ! make -C "$src/tests/guests" O="$build" GUESTS=dtbdump >"$out/build.log" 2>&1; then
	fail build "building tests/guests/dtbdump failed (see $out/build.log)"
	finish
fi

# run NAME CPU SMP [mkguestpkg options...]: boot dtbdump under SVPN, write NAME.dtb
# and NAME.dts; prints a reason and fails if there is no valid DTB.
run() {
	local name=$1 c=$2 smp=$3 log=$out/$1.log
	shift 3
	rm -f "$out/$name.dtb" "$out/$name.dts"
	QEMU_CPU=$c QEMU_MEM=$mem QEMU_SMP=$smp timeout "$tmo" "$src/scripts/run-svpn.sh" "$svpn" \
		--kernel "$build/dtbdump.bin" "$@" -- -no-reboot </dev/null >"$log" 2>&1
	local rc=$?
	tr -d '\r' <"$log" >"$log.txt"
	if ! grep -q '^DTB-DUMP END ' "$log.txt"; then
		echo "no complete dump (exit status $rc, log $log)"
		return 1
	fi
	if ! grep -q '^=== SVPN-TEST END dtbdump fails=0 ===$' "$log.txt"; then
		echo "dtbdump failed its checks (log $log)"
		return 1
	fi
	local size
	size=$(sed -n 's/^DTB-DUMP END \([0-9]*\)$/\1/p' "$log.txt")
	sed -n 's/^DTB-HEX [0-9a-f]* \([0-9a-f]*\)$/\1/p' "$log.txt" | xxd -r -p >"$out/$name.dtb"
	if [ "$(stat -c %s "$out/$name.dtb")" != "$size" ]; then
		echo "reassembled $(stat -c %s "$out/$name.dtb") bytes, the guest said $size"
		return 1
	fi
	if ! dtc -I dtb -O dts -o "$out/$name.dts" "$out/$name.dtb" 2>"$out/$name.dtc.err"; then
		echo "dtc -I dtb -O dts failed: $(grep -m1 -v '^$' "$out/$name.dtc.err")"
		return 1
	fi
	if grep -qi 'error' "$out/$name.dtc.err"; then
		echo "dtc reported: $(grep -m1 -i 'error' "$out/$name.dtc.err")"
		return 1
	fi
}

# Property checks on the current DTB ($dtb); each failure appends to $why.
dtb= why=
want_node() {
	fdtget -p "$dtb" "$1" >/dev/null 2>&1 || why="$why; no node $1"
}
want_str() {	# want_str NODE PROP VALUE (the whole string list, space-separated)
	local v
	v=$(fdtget -t s "$dtb" "$1" "$2" 2>/dev/null) || { why="$why; no $1:$2"; return; }
	[ "$v" = "$3" ] || why="$why; $1:$2 = '$v', want '$3'"
}
want_cells() {	# want_cells NODE PROP "CELLS IN HEX"
	local v
	v=$(fdtget -t x "$dtb" "$1" "$2" 2>/dev/null) || { why="$why; no $1:$2"; return; }
	[ "$v" = "$3" ] || why="$why; $1:$2 = <$v>, want <$3>"
}
want_prop() {
	fdtget -t x "$dtb" "$1" "$2" >/dev/null 2>&1 || why="$why; no $1:$2"
}
u64() {		# u64 NODE PROP [INDEX]: 64-bit value INDEX (default 0) of a property, in decimal
	local v i=${3:-0}
	v=$(fdtget -t x "$dtb" "$1" "$2" 2>/dev/null) || return 1
	set -- $v
	[ $# -ge $((2 * i + 2)) ] || return 1
	shift $((2 * i))
	echo $(((0x$1 << 32) | 0x$2))
}
# the phandle of a node, for interrupt wiring
phandle() {
	fdtget -t x "$dtb" "$1" phandle 2>/dev/null
}
verdict() {	# verdict CHECK [DETAIL]
	if [ -z "$why" ]; then
		pass "$1"
	else
		fail "$1" "${why#; }"
	fi
	[ -n "${2:-}" ] && echo "    $2"
	why=
}

# The nodes a virt guest needs, for NCPUS harts.
check_nodes() {	# check_nodes NCPUS
	local n=$1 i intc plic test ext_plic= ext_clint=
	want_str / compatible riscv-virtio
	want_cells / '#address-cells' 2
	want_cells / '#size-cells' 2
	want_node /cpus
	want_cells /cpus timebase-frequency 989680
	local cpus
	cpus=$(fdtget -l "$dtb" /cpus 2>/dev/null | grep -c '^cpu@')
	[ "$cpus" = "$n" ] || why="$why; $cpus cpu nodes, want $n"
	for ((i = 0; i < n; i++)); do
		want_node /cpus/cpu@$i
		want_str /cpus/cpu@$i device_type cpu
		want_cells /cpus/cpu@$i reg $i
		want_str /cpus/cpu@$i mmu-type riscv,sv39
		want_str /cpus/cpu@$i/interrupt-controller compatible riscv,cpu-intc
		intc=$(phandle /cpus/cpu@$i/interrupt-controller) || why="$why; cpu@$i intc has no phandle"
		ext_plic="$ext_plic $intc ffffffff $intc 9"
		ext_clint="$ext_clint $intc 3 $intc 7"
	done
	want_node /memory@80000000
	want_str /memory@80000000 device_type memory
	local base
	base=$(u64 /memory@80000000 reg 0) && [ "$base" = $((0x80000000)) ] ||
		why="$why; /memory@80000000 reg base is not 0x80000000"
	want_node /chosen
	want_str /chosen stdout-path /soc/serial@10000000
	want_node /soc
	want_node /soc/serial@10000000
	want_str /soc/serial@10000000 compatible ns16550a
	want_cells /soc/serial@10000000 reg "0 10000000 0 100"
	want_cells /soc/serial@10000000 interrupts a
	plic=$(phandle /soc/plic@c000000) || why="$why; /soc/plic@c000000 has no phandle"
	want_cells /soc/serial@10000000 interrupt-parent "$plic"
	want_node /soc/plic@c000000
	want_str /soc/plic@c000000 compatible "sifive,plic-1.0.0 riscv,plic0"
	want_cells /soc/plic@c000000 reg "0 c000000 0 600000"
	want_prop /soc/plic@c000000 interrupt-controller
	want_prop /soc/plic@c000000 riscv,ndev
	want_cells /soc/plic@c000000 interrupts-extended "${ext_plic# }"
	want_node /soc/clint@2000000
	want_str /soc/clint@2000000 compatible "sifive,clint0 riscv,clint0"
	want_cells /soc/clint@2000000 reg "0 2000000 0 10000"
	want_cells /soc/clint@2000000 interrupts-extended "${ext_clint# }"
	want_node /soc/test@100000
	want_str /soc/test@100000 compatible "sifive,test1 sifive,test0 syscon"
	test=$(phandle /soc/test@100000) || why="$why; /soc/test@100000 has no phandle"
	want_str /poweroff compatible syscon-poweroff
	want_cells /poweroff regmap "$test"
	want_cells /poweroff value 5555
	want_str /reboot compatible syscon-reboot
	want_cells /reboot regmap "$test"
	want_cells /reboot value 7777
}

# riscv,isa lists only what the guest gets: no H, no Svpbmt/Zicbom; sstc as asked.
check_isa() {	# check_isa yes|no|any (sstc expected)
	local isa base
	isa=$(fdtget -t s "$dtb" /cpus/cpu@0 riscv,isa 2>/dev/null) || { why="$why; no riscv,isa"; return; }
	base=${isa%%_*}
	case "$base" in rv64*h*) why="$why; riscv,isa '$isa' has H" ;; esac
	case "_${isa#*_}_" in
	*_svpbmt_* | *_zicbom_* | *_h_*) why="$why; riscv,isa '$isa' lists an extension the guest lacks" ;;
	esac
	case "_${isa#*_}_:$1" in
	*_sstc_*:yes | *:no | *:any) ;;
	*) why="$why; riscv,isa '$isa' has no sstc (SVPN offers stimecmp on this host)" ;;
	esac
	case "_${isa#*_}_:$1" in
	*_sstc_*:no) why="$why; riscv,isa '$isa' lists sstc on a host without it" ;;
	esac
	check_isa_extensions "$isa"
}

# The current form says the same: riscv,isa-base rv64i, riscv,isa-extensions the
# letters and names of riscv,isa; and the host's pass-through extensions are
# there (those QEMU's hart has that run in U-mode as in S-mode).
check_isa_extensions() {	# check_isa_extensions RISCV_ISA
	local isa=$1 base exts want host ext letters
	base=$(fdtget -t s "$dtb" /cpus/cpu@0 riscv,isa-base 2>/dev/null)
	[ "$base" = rv64i ] || why="$why; riscv,isa-base is '$base', want rv64i"
	exts=$(fdtget -t s "$dtb" /cpus/cpu@0 riscv,isa-extensions 2>/dev/null)
	letters=${isa%%_*}
	letters=${letters#rv64}
	want="$(echo "$letters" | sed 's/./& /g')$(echo "${isa#*_}" | tr '_' ' ')"
	[ "$(echo $exts)" = "$(echo $want)" ] ||
		why="$why; riscv,isa-extensions '$exts' is not riscv,isa '$isa'"
	"${QEMU:-qemu-system-riscv64}" -M "virt,dumpdtb=$out/host.dtb" -cpu "$cpu" -nographic \
		>/dev/null 2>&1 || { why="$why; QEMU did not dump its own device tree"; return; }
	host=$(fdtget -t s "$out/host.dtb" /cpus/cpu@0 riscv,isa 2>/dev/null)
	for ext in zihintpause zba zbb zbc zbs zicond zfa; do
		case "_${host}_" in *_${ext}_*) ;; *) continue ;; esac
		case " $exts " in *" $ext "*) ;; *) why="$why; the host has $ext, the guest's list lacks it" ;; esac
	done
}

warnings() {	# warnings NAME: number of dtc warnings
	grep -c -i 'warning' "$out/$1.dtc.err"
}

# 1. plain: dtc, the nodes, riscv,isa
dtb=$out/plain.dtb
if r=$(run plain "$cpu" 1); then
	pass dtc
	echo "    dtc -I dtb -O dts: $(warnings plain) warnings ($out/plain.dts)"
	sed 's/^/    | /' "$out/plain.dtc.err"
	check_nodes 1
	verdict nodes
	[ -z "$(fdtget -t s "$dtb" /chosen bootargs 2>/dev/null)" ] || why="no --bootargs, yet /chosen/bootargs is set"
	fdtget -t x "$dtb" /chosen linux,initrd-start >/dev/null 2>&1 &&
		why="$why; no --initrd, yet /chosen/linux,initrd-start is set"
	verdict no-bootargs-no-initrd
	# sstc is expected when SVPN was built with GUEST_SSTC (its .config next to
	# the ELF says so) and the host has it; without a .config it is not checked
	sstc=any
	if [ -f "$(dirname "$svpn")/.config" ]; then
		sstc=no
		grep -qx 'CONFIG_GUEST_SSTC=y' "$(dirname "$svpn")/.config" &&
			[[ "$cpu" != *sstc=false* ]] && sstc=yes
	fi
	check_isa $sstc
	verdict isa "riscv,isa = $(fdtget -t s "$dtb" /cpus/cpu@0 riscv,isa 2>/dev/null) (sstc expected: $sstc)"
else
	fail dtc "$r"
fi

# 2. bootargs
dtb=$out/bootargs.dtb
if r=$(run bootargs "$cpu" 1 --bootargs "hello=world"); then
	want_str /chosen bootargs hello=world
	want_str /chosen stdout-path /soc/serial@10000000
	# QEMU gets a virtio-rng (run-svpn.sh): each guest's /chosen/rng-seed is 32 fresh bytes.
	seed=$(fdtget -t bx "$dtb" /chosen rng-seed 2>/dev/null)
	[ "$(echo $seed | wc -w)" = 32 ] || why="$why; /chosen/rng-seed is '$seed', want 32 bytes"
	[ "$seed" != "$(fdtget -t bx "$out/plain.dtb" /chosen rng-seed 2>/dev/null)" ] ||
		why="$why; two boots got the same /chosen/rng-seed"
	verdict bootargs
else
	fail bootargs "$r"
fi

# 3. initrd: some bytes, not a multiple of a page
initrd=$out/initrd.bin
head -c 12345 /dev/urandom >"$initrd"
dtb=$out/initrd.dtb
if r=$(run initrd "$cpu" 1 --initrd "$initrd" --bootargs "hello=world"); then
	start=$(u64 /chosen linux,initrd-start) || why="$why; no 2-cell /chosen/linux,initrd-start"
	end=$(u64 /chosen linux,initrd-end) || why="$why; no 2-cell /chosen/linux,initrd-end"
	if [ -z "$why" ]; then
		ram_end=$(($(u64 /memory@80000000 reg 0) + $(u64 /memory@80000000 reg 1)))
		[ $((end - start)) -eq 12345 ] || why="$why; initrd-end - initrd-start = $((end - start)), want 12345"
		[ $start -ge $((0x80000000)) ] && [ $end -le $ram_end ] ||
			why="$why; initrd [$(printf %#x $start), $(printf %#x $end)) is not in guest RAM"
	fi
	want_str /chosen bootargs hello=world
	verdict initrd "linux,initrd-start/end $(printf '%#x..%#x' "${start:-0}" "${end:-0}") (12345 bytes)"
else
	fail initrd "$r"
fi

# 4. a host without Sstc: the guest's ISA must not claim it
dtb=$out/nosstc.dtb
if r=$(run nosstc "$cpu,sstc=false" 1); then
	check_isa no
	verdict isa-nosstc "riscv,isa = $(fdtget -t s "$dtb" /cpus/cpu@0 riscv,isa 2>/dev/null)"
else
	fail isa-nosstc "$r"
fi

# 5. two harts: cpus and interrupt wiring per hart
dtb=$out/smp.dtb
if r=$(run smp "$cpu" 2 --harts 2); then
	check_nodes 2
	verdict smp "dtc: $(warnings smp) warnings"
else
	fail smp "$r"
fi

finish
