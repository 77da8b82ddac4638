// SPDX-License-Identifier: GPL-2.0
/*
 * SBI DBCN, the debug console (SBI 2.0 chapter 12): the guest's console as
 * SBI calls, which Linux >= 6.8 uses for earlycon=sbi and hvc0. A buffer
 * is a guest-physical range chosen by the guest: all of it must be guest
 * RAM (page and 4 GiB crossings are fine, the end of RAM is not), or the
 * call fails with INVALID_PARAM and touches nothing, as OpenSBI answers
 * for memory outside the caller's domain.
 */
#include <svpn/guest.h>
#include "sbi.h"

/*
 * The most bytes one call moves: the spec allows partial reads and writes
 * (the count is returned), and one guest must not hold SVPN's console for
 * a write of its whole RAM.
 */
#define DBCN_MAX_CHUNK 4096UL

/*
 * The guest-physical buffer (base_hi:base_lo, @len bytes) in SVPN's view,
 * or NULL. On RV64 an address needs no upper half: a nonzero base_hi is an
 * address SVPN cannot have, and OpenSBI fails it with FAILED too.
 */
static char *dbcn_buffer(const struct vcpu *v, unsigned long len, unsigned long base_lo,
			 unsigned long base_hi, long *error)
{
	char *buf;

	if (base_hi) {
		*error = SBI_ERR_FAILED;
		return NULL;
	}
	buf = gpa_ram_ptr(&v->guest->mem, base_lo, len);
	if (!buf)
		*error = SBI_ERR_INVALID_PARAM;
	return buf;
}

static struct sbi_ret dbcn_write(struct vcpu *v, const unsigned long *args)
{
	unsigned long len = args[0];
	long error = 0;
	const char *buf = dbcn_buffer(v, len, args[1], args[2], &error);

	if (!buf)
		return sbi_err(error);
	if (len > DBCN_MAX_CHUNK)
		len = DBCN_MAX_CHUNK;
	guest_console_write(v->guest, buf, len);
	return sbi_ok(len);
}

/* Whatever input is waiting, up to the buffer's size; 0 bytes is an answer too. */
static struct sbi_ret dbcn_read(struct vcpu *v, const unsigned long *args)
{
	unsigned long len = args[0], n;
	long error = 0;
	char *buf = dbcn_buffer(v, len, args[1], args[2], &error);
	int c;

	if (!buf)
		return sbi_err(error);
	if (len > DBCN_MAX_CHUNK)
		len = DBCN_MAX_CHUNK;
	for (n = 0; n < len && (c = guest_console_getc(v->guest)) >= 0; n++)
		buf[n] = (char)c;
	return sbi_ok(n);
}

static struct sbi_ret sbi_dbcn_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				       const unsigned long *args)
{
	char c;

	switch (fid) {
	case SBI_EXT_DBCN_CONSOLE_WRITE:
		return dbcn_write(v, args);
	case SBI_EXT_DBCN_CONSOLE_READ:
		return dbcn_read(v, args);
	case SBI_EXT_DBCN_CONSOLE_WRITE_BYTE:
		c = (char)args[0];
		guest_console_write(v->guest, &c, 1);
		return sbi_ok(0);
	}
	return sbi_err(SBI_ERR_NOT_SUPPORTED);
}

const struct sbi_ext sbi_ext_dbcn = {
	.eid_start = SBI_EXT_DBCN,
	.eid_end = SBI_EXT_DBCN,
	.handler = sbi_dbcn_handler,
};
