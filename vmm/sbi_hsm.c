// SPDX-License-Identifier: GPL-2.0
/*
 * SBI HSM: virtual hart states. Each guest vCPU is started, stopped or
 * suspended here; placing a started vCPU on a host hart is the scheduler's
 * business (vmm/main.c).
 */
#include <asm/csr.h>
#include <svpn/guest.h>
#include <svpn/printk.h>
#include <svpn/shadow.h>
#include "sbi.h"
#include "vcpu_internal.h"

static struct vcpu *hsm_vcpu(struct vcpu *v, unsigned long hartid)
{
	return hartid < v->guest->nr_vcpus ? &v->guest->vcpus[hartid] : NULL;
}

/*
 * STOPPED -> START_PENDING in one step: of several vCPUs starting the same
 * hart at once, exactly one wins and resets it; the others see it taken.
 */
static bool hsm_claim_start(struct vcpu *t)
{
	enum vcpu_hsm_state stopped = VCPU_STOPPED;

	return __atomic_compare_exchange_n(&t->hsm_state, &stopped, VCPU_START_PENDING, false,
					   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

static struct sbi_ret hsm_hart_start(struct vcpu *v, const unsigned long *args)
{
	struct vcpu *t = hsm_vcpu(v, args[0]);

	if (!t)
		return sbi_err(SBI_ERR_INVALID_PARAM);
	if (!gpa_is_ram(&v->guest->mem, args[1], 4))
		return sbi_err(SBI_ERR_INVALID_ADDRESS);
	if (!hsm_claim_start(t))
		return sbi_err(SBI_ERR_ALREADY_AVAILABLE);
	vcpu_reset(t, args[1], args[0], args[2]);
	vcpu_schedule_start(t);
	return sbi_ok(0);
}

static struct sbi_ret hsm_hart_stop(struct vcpu *v)
{
	vcpu_stopped(v); /* does not return */
	return sbi_err(SBI_ERR_FAILED);
}

static struct sbi_ret hsm_hart_status(struct vcpu *v, const unsigned long *args)
{
	struct vcpu *t = hsm_vcpu(v, args[0]);

	if (!t)
		return sbi_err(SBI_ERR_INVALID_PARAM);
	return sbi_ok(t->hsm_state);
}

/*
 * Both suspend types wait like WFI. A non-retentive suspend then resumes
 * at resume_addr with a0 = hartid, a1 = opaque, in S-mode with SIE = 0
 * and satp = 0, as a hart coming out of a deep sleep would.
 */
static struct sbi_ret hsm_hart_suspend(struct vcpu *v, const unsigned long *args)
{
	uint32_t type = args[0]; /* suspend_type is 32 bits wide: upper bits are ignored */
	unsigned long addr = args[1], opaque = args[2];

	if (type != SBI_HSM_SUSPEND_RET_DEFAULT && type != SBI_HSM_SUSPEND_NON_RET_DEFAULT)
		return sbi_err(SBI_ERR_INVALID_PARAM);
	if (type == SBI_HSM_SUSPEND_NON_RET_DEFAULT && !gpa_is_ram(&v->guest->mem, addr, 4))
		return sbi_err(SBI_ERR_INVALID_ADDRESS);
	/* Other harts read the state (hart_get_status): SUSPENDED while it waits. */
	__atomic_store_n(&v->hsm_state, VCPU_SUSPENDED, __ATOMIC_RELEASE);
	vcpu_wait_for_interrupt(v);
	__atomic_store_n(&v->hsm_state, VCPU_STARTED, __ATOMIC_RELEASE);
	if (type == SBI_HSM_SUSPEND_RET_DEFAULT)
		return sbi_ok(0);
	v->csr.sstatus &= ~SR_SIE;
	v->csr.satp = 0;
	vcpu_set_satp(v);
	vcpu_set_priv(v, VPRIV_S);
	v->regs.sepc = addr;
	v->regs.gpr[10] = v->id;
	v->regs.gpr[11] = opaque;
	return sbi_err(SBI_SVPN_REGS_SET);
}

static struct sbi_ret sbi_hsm_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
				      const unsigned long *args)
{
	switch (fid) {
	case SBI_EXT_HSM_HART_START:
		return hsm_hart_start(v, args);
	case SBI_EXT_HSM_HART_STOP:
		return hsm_hart_stop(v);
	case SBI_EXT_HSM_HART_GET_STATUS:
		return hsm_hart_status(v, args);
	case SBI_EXT_HSM_HART_SUSPEND:
		return hsm_hart_suspend(v, args);
	}
	return sbi_err(SBI_ERR_NOT_SUPPORTED);
}

const struct sbi_ext sbi_ext_hsm = {
	.eid_start = SBI_EXT_HSM,
	.eid_end = SBI_EXT_HSM,
	.handler = sbi_hsm_handler,
};
