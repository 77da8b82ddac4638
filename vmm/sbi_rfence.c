// SPDX-License-Identifier: GPL-2.0
/*
 * SBI RFENCE: remote FENCE.I and SFENCE.VMA. ASIDs are not tracked by the
 * shadow tables, so the ASID forms flush like the plain ones (the spec
 * allows flushing more than asked).
 */
#include <asm/hart.h>
#include <svpn/sched.h>
#include <svpn/shadow.h>
#include "sbi.h"
#include "vcpu_internal.h"

static void rfence_fence_i(struct vcpu *target, const unsigned long *args)
{
	vcpu_request(target, VCPU_REQ_FENCE_I);
}

/* Locally by range; on another hart a full flush (the spec allows flushing more). */
static void rfence_sfence_vma(struct vcpu *target, const unsigned long *args)
{
	unsigned long start = args[2], size = args[3];

	if (target->hart != this_hart())
		vcpu_request(target, VCPU_REQ_SFENCE_ALL);
	else if ((start == 0 && size == 0) || size == SBI_HART_MASK_ALL ||
		 size > SHADOW_FLUSH_RANGE_MAX)
		shadow_sfence(target->mmu, SHADOW_FLUSH_ALL, SHADOW_FLUSH_ALL);
	else
		shadow_sfence_range(target->mmu, start, size);
}

static struct sbi_ret sbi_rfence_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
					 const unsigned long *args)
{
	switch (fid) {
	case SBI_EXT_RFENCE_REMOTE_FENCE_I:
		return sbi_err(sbi_for_each_hart(v, args[0], args[1], rfence_fence_i, args));
	case SBI_EXT_RFENCE_REMOTE_SFENCE_VMA:
	case SBI_EXT_RFENCE_REMOTE_SFENCE_VMA_ASID:
		return sbi_err(sbi_for_each_hart(v, args[0], args[1], rfence_sfence_vma, args));
	}
	/* The hypervisor fences (HFENCE.*) need the H extension the guest does not have. */
	return sbi_err(SBI_ERR_NOT_SUPPORTED);
}

const struct sbi_ext sbi_ext_rfence = {
	.eid_start = SBI_EXT_RFENCE,
	.eid_end = SBI_EXT_RFENCE,
	.handler = sbi_rfence_handler,
};
