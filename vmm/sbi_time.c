// SPDX-License-Identifier: GPL-2.0
/* SBI TIME: set_timer writes the vCPU's deadline (its virtual stimecmp). */
#include "sbi.h"

static struct sbi_ret sbi_time_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				       const unsigned long *args)
{
	if (fid != SBI_EXT_TIME_SET_TIMER)
		return sbi_err(SBI_ERR_NOT_SUPPORTED);
	vcpu_set_timer(v, args[0]);
	return sbi_ok(0);
}

const struct sbi_ext sbi_ext_time = {
	.eid_start = SBI_EXT_TIME,
	.eid_end = SBI_EXT_TIME,
	.handler = sbi_time_handler,
};
