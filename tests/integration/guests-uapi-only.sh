#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The test guests share SVPN's CSR, SBI and page-table numbers through
# include/uapi/ and nothing else of SVPN (issue 12): they build from a copy
# of tests/guests/ and include/uapi/ alone, in the real tree their include
# path is those two directories, and every uapi header stands alone, from C
# and from assembly, with include/uapi/ as its only include directory.
. "$(dirname "$0")/lib/common.sh"

cc=riscv64-unknown-elf-gcc
command -v "$cc" >/dev/null ||
	fail "$cc not found: install Debian package 'gcc-riscv64-unknown-elf' (or run 'make deps')"
uapi=$srctree/include/uapi

# 1. tests/guests/ and include/uapi/ alone: every guest builds.
part=$T/part
mkdir -p "$part"
(cd "$srctree" && tar --exclude='*.o' --exclude='*.d' --exclude=tests/guests/build \
	-cf - tests/guests include/uapi) | tar -xf - -C "$part"
smake -C "$part/tests/guests" O="$T/guests" -j"$SVPN_JOBS"
expect_rc 0
want=$(make -s -C "$srctree/tests/guests" list | wc -w)
built=$(find "$T/guests" -maxdepth 1 -name '*.bin' | wc -l)
[ "$want" -gt 0 ] && [ "$built" -eq "$want" ] ||
	fail "built $built of $want guests from tests/guests/ and include/uapi/ alone"

# 2. In the real tree, the guests' compiler sees these two directories only.
smake -C "$srctree/tests/guests" O="$T/dry" -n -B V=1 GUESTS=csr
expect_rc 0
expect " -I$srctree/include/uapi" "$T/make.out"
for dir in $(grep -o -- ' -I[^ ]*' "$T/make.out" | sed 's/^ -I//' | sort -u); do
	case $dir in
	"$srctree/tests/guests/common" | "$uapi") ;;
	*) fail "a guest is compiled with -I$dir" ;;
	esac
done

# 3. Each uapi header alone, as C and as assembly (its C-only parts guarded).
for h in "$uapi"/*/*.h; do
	name=${h#"$uapi"/}
	printf '#include <%s>\n' "$name" >"$T/one.c"
	cp "$T/one.c" "$T/one.S"
	"$cc" -march=rv64imac -mabi=lp64 -misa-spec=2.2 -nostdinc -I"$uapi" -Wall -Werror \
		-c -o "$T/one.o" "$T/one.c" >"$T/cc.out" 2>&1 ||
		fail "<$name> does not build alone from C: $(head -n1 "$T/cc.out")"
	"$cc" -march=rv64imac -mabi=lp64 -misa-spec=2.2 -nostdinc -I"$uapi" -D__ASSEMBLY__ \
		-c -o "$T/one.o" "$T/one.S" >"$T/cc.out" 2>&1 ||
		fail "<$name> does not build alone from assembly: $(head -n1 "$T/cc.out")"
	info "<$name>: stands alone (C and assembly)"
done
