// SPDX-License-Identifier: GPL-2.0
/*
 * dtbdump: print the device tree the guest was given (a1), as hex, for
 * tests/linux/guest-dtb.sh to reassemble and check with dtc. Not a
 * differential guest (native and SVPN trees differ), so not in enabled.txt.
 *
 *	DTB-DUMP BEGIN <address> <totalsize>
 *	DTB-HEX <offset> <up to 32 bytes as hex>
 *	...
 *	DTB-DUMP END <totalsize>
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

#define FDT_MAGIC 0xd00dfeedU
#define MAX_SIZE  (1UL << 20)

static u32 be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	const u8 *p = (const u8 *)dtb;
	u32 size;

	(void)hartid;
	CHECK(dtb && !(dtb & 3));
	if (!dtb || (dtb & 3))
		return;
	CHECK(be32(p) == FDT_MAGIC);
	if (be32(p) != FDT_MAGIC)
		return;
	size = be32(p + 4);
	CHECK(size >= 40 && size <= MAX_SIZE);
	if (size < 40 || size > MAX_SIZE)
		return;
	printf("DTB-DUMP BEGIN %lx %u\n", dtb, size);
	for (u32 off = 0; off < size; off += 32) {
		printf("DTB-HEX %06x ", off);
		for (u32 i = off; i < off + 32 && i < size; i++)
			printf("%02x", p[i]);
		printf("\n");
	}
	printf("DTB-DUMP END %u\n", size);
}
