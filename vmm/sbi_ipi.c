// SPDX-License-Identifier: GPL-2.0
/* SBI IPI: raise the supervisor software interrupt of the selected vCPUs. */
#include "sbi.h"
#include "vcpu_internal.h"

static void sbi_ipi_one(struct vcpu *target, const unsigned long *args)
{
	vcpu_kick_ipi(target);
}

static struct sbi_ret sbi_ipi_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				      const unsigned long *args)
{
	if (fid != SBI_EXT_IPI_SEND_IPI)
		return sbi_err(SBI_ERR_NOT_SUPPORTED);
	return sbi_err(sbi_for_each_hart(v, args[0], args[1], sbi_ipi_one, args));
}

const struct sbi_ext sbi_ext_ipi = {
	.eid_start = SBI_EXT_IPI,
	.eid_end = SBI_EXT_IPI,
	.handler = sbi_ipi_handler,
};
