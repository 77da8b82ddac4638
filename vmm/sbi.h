/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SBI for guests: one struct sbi_ext per extension, each in its own file,
 * listed in sbi.c's table. Adding an extension is one file and one line.
 */
#ifndef _VMM_SBI_H
#define _VMM_SBI_H

#include <asm/sbi.h>
#include <stdbool.h>
#include <svpn/vcpu.h>

struct sbi_ret {
	long error;
	long value;
};

struct sbi_ext {
	unsigned long eid_start;
	unsigned long eid_end;
	/* v0.1 calls return one value in a0 only */
	bool legacy;
	/* NULL: the extension is always available */
	bool (*available)(const struct vcpu *v);
	/* args[] are a0..a5; the pc has already moved past the ecall */
	struct sbi_ret (*handler)(struct vcpu *v, unsigned long eid, unsigned long fid,
				  const unsigned long *args);
};

extern const struct sbi_ext sbi_ext_base, sbi_ext_time, sbi_ext_ipi, sbi_ext_rfence, sbi_ext_hsm,
	sbi_ext_srst, sbi_ext_dbcn, sbi_ext_legacy;

/* BASE probe_extension: 1 if the guest has @eid. */
bool sbi_ext_available(const struct vcpu *v, unsigned long eid);

/*
 * Call @fn for each vCPU of @v's guest selected by an SBI hart mask.
 * Returns SBI_ERR_INVALID_PARAM, touching no hart, if any selected hart
 * does not exist.
 */
long sbi_for_each_hart(struct vcpu *v, unsigned long mask, unsigned long base,
		       void (*fn)(struct vcpu *target, const unsigned long *args),
		       const unsigned long *args);

/* Not an SBI error: the handler has set the vCPU's registers itself. */
#define SBI_SVPN_REGS_SET 1

static inline struct sbi_ret sbi_ok(long value)
{
	return (struct sbi_ret){ SBI_SUCCESS, value };
}

static inline struct sbi_ret sbi_err(long error)
{
	return (struct sbi_ret){ error, 0 };
}

#endif /* _VMM_SBI_H */
