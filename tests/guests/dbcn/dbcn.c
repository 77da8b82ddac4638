// SPDX-License-Identifier: GPL-2.0
/*
 * dbcn: the SBI debug console (DBCN) under SVPN. Debian's OpenSBI 1.1 has
 * no DBCN, so this guest is not differential: tests/integration/sbi-dbcn.sh
 * runs it under SVPN with 64 MiB of RAM (GUEST_RAM_END below) and checks
 * its lines. Writes, write_byte, a read with no input waiting, and every
 * bad buffer: below RAM, crossing the end of RAM, a length that wraps, an
 * upper address half; a buffer across a page and the 4 GiB line inside RAM
 * is fine.
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

#define GUEST_RAM_END (0x80000000UL + (64UL << 20)) /* sbi-dbcn.sh: --mem 64 */

static char buf[8192];

static struct sbiret dbcn(unsigned long fid, unsigned long a0, unsigned long a1, unsigned long a2)
{
	return sbi_ecall(SBI_EXT_DBCN, fid, a0, a1, a2, 0, 0, 0);
}

static void check_write(const char *what, const char *s, unsigned long len)
{
	struct sbiret r = dbcn(SBI_EXT_DBCN_CONSOLE_WRITE, len, (unsigned long)s, 0);

	printf("\n%s: error=%ld value=%ld\n", what, r.error, r.value);
	CHECK(r.error == 0 && (unsigned long)r.value == len);
}

static void check_refused(const char *what, unsigned long fid, unsigned long len, unsigned long lo,
			  unsigned long hi, long error)
{
	struct sbiret r = dbcn(fid, len, lo, hi);

	printf("%s: error=%ld\n", what, r.error);
	CHECK(r.error == error);
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	static const char hello[] = "dbcn says hello";
	char *page_cross = (char *)(((unsigned long)buf + 4096) & ~4095UL) - 3;
	struct sbiret r;

	(void)hartid;
	(void)dtb;
	printf("probe DBCN: %ld\n", sbi_probe(SBI_EXT_DBCN).value);
	CHECK(sbi_probe(SBI_EXT_DBCN).value == 1);
	check_write("write", hello, sizeof(hello) - 1);
	memcpy(page_cross, "across a page", 13);
	check_write("write across a page", page_cross, 13);
	r = dbcn(SBI_EXT_DBCN_CONSOLE_WRITE_BYTE, '!', 0, 0);
	printf("\nwrite_byte: error=%ld value=%ld\n", r.error, r.value);
	CHECK(r.error == 0 && r.value == 0);
	r = dbcn(SBI_EXT_DBCN_CONSOLE_READ, sizeof(buf), (unsigned long)buf, 0);
	printf("read with no input: error=%ld value=%ld\n", r.error, r.value);
	CHECK(r.error == 0 && r.value == 0);

	check_refused("write below RAM", SBI_EXT_DBCN_CONSOLE_WRITE, 16, 0x1000, 0,
		      SBI_ERR_INVALID_PARAM);
	check_refused("write across the end of RAM", SBI_EXT_DBCN_CONSOLE_WRITE, 32,
		      GUEST_RAM_END - 16, 0, SBI_ERR_INVALID_PARAM);
	check_refused("write past the end of RAM", SBI_EXT_DBCN_CONSOLE_WRITE, 1, GUEST_RAM_END, 0,
		      SBI_ERR_INVALID_PARAM);
	check_refused("write whose length wraps", SBI_EXT_DBCN_CONSOLE_WRITE, -16UL,
		      (unsigned long)buf, 0, SBI_ERR_INVALID_PARAM);
	check_refused("write of 4 GiB", SBI_EXT_DBCN_CONSOLE_WRITE, 1UL << 32, (unsigned long)buf,
		      0, SBI_ERR_INVALID_PARAM);
	check_refused("write with an upper address half", SBI_EXT_DBCN_CONSOLE_WRITE, 4,
		      (unsigned long)buf, 1, SBI_ERR_FAILED);
	check_refused("read across the end of RAM", SBI_EXT_DBCN_CONSOLE_READ, 32,
		      GUEST_RAM_END - 16, 0, SBI_ERR_INVALID_PARAM);
	check_refused("unknown function", 3, 0, 0, 0, SBI_ERR_NOT_SUPPORTED);
	guest_end();
}
