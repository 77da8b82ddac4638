// SPDX-License-Identifier: GPL-2.0
/*
 * SBI v0.1 legacy calls (EIDs 0x00-0x08). They return one value in a0. The
 * hart masks of the IPI and fence calls are passed by (guest-virtual)
 * address, so they are read through the guest's own translation.
 */
#include <asm/csr.h>
#include <svpn/console.h>
#include <svpn/exitcodes.h>
#include <svpn/guest.h>
#include <svpn/sched.h>
#include <svpn/shadow.h>
#include "sbi.h"
#include "vcpu_internal.h"

static void legacy_ipi_one(struct vcpu *target, const unsigned long *args)
{
	vcpu_kick_ipi(target);
}

static void legacy_fence_i_one(struct vcpu *target, const unsigned long *args)
{
	vcpu_request(target, VCPU_REQ_FENCE_I);
}

static void legacy_sfence_one(struct vcpu *target, const unsigned long *args)
{
	vcpu_request(target, VCPU_REQ_SFENCE_ALL);
}

/* A NULL mask pointer means all harts (v0.1 specification). */
static long legacy_for_each_hart(struct vcpu *v, unsigned long mask_va,
				 void (*fn)(struct vcpu *, const unsigned long *),
				 const unsigned long *args)
{
	unsigned long mask;
	int fault;

	if (!mask_va)
		return sbi_for_each_hart(v, 0, SBI_HART_MASK_ALL, fn, args);
	fault = shadow_read_guest(v->mmu, mask_va, &mask, sizeof(mask), SHADOW_ACCESS_READ);
	if (fault) {
		/* As OpenSBI does: the guest takes the fault of its own bad pointer, at the ecall. */
		v->regs.sepc -= 4;
		vcpu_inject_exception(v, fault, mask_va);
		return SBI_SVPN_REGS_SET;
	}
	return sbi_for_each_hart(v, mask, 0, fn, args);
}

static struct sbi_ret sbi_legacy_handler(struct vcpu *v, unsigned long eid, unsigned long fid,
					 const unsigned long *args)
{
	char c;

	switch (eid) {
	case SBI_EXT_0_1_SET_TIMER:
		if (!IS_ENABLED(CONFIG_VIRT_TIMER))
			break;
		vcpu_set_timer(v, args[0]);
		return sbi_ok(0);
	case SBI_EXT_0_1_CONSOLE_PUTCHAR:
		/* Like OpenSBI, the SBI console turns "\n" into "\r\n". */
		c = (char)args[0];
		if (c == '\n')
			guest_console_write(v->guest, "\r", 1);
		guest_console_write(v->guest, &c, 1);
		return sbi_ok(0);
	case SBI_EXT_0_1_CONSOLE_GETCHAR:
		return sbi_err(guest_console_getc(v->guest));
	case SBI_EXT_0_1_CLEAR_IPI:
		vcpu_sip_clear(v, SIP_SSIP);
		return sbi_ok(0);
	case SBI_EXT_0_1_SEND_IPI:
		return sbi_err(legacy_for_each_hart(v, args[0], legacy_ipi_one, args));
	case SBI_EXT_0_1_REMOTE_FENCE_I:
		return sbi_err(legacy_for_each_hart(v, args[0], legacy_fence_i_one, args));
	case SBI_EXT_0_1_REMOTE_SFENCE_VMA:
	case SBI_EXT_0_1_REMOTE_SFENCE_VMA_ASID:
		return sbi_err(legacy_for_each_hart(v, args[0], legacy_sfence_one, args));
	case SBI_EXT_0_1_SHUTDOWN:
		guest_exit(v->guest, SVPN_EXIT_OK);
	}
	return sbi_err(SBI_ERR_NOT_SUPPORTED);
}

const struct sbi_ext sbi_ext_legacy = {
	.eid_start = SBI_EXT_0_1_SET_TIMER,
	.eid_end = SBI_EXT_0_1_SHUTDOWN,
	.legacy = true,
	.handler = sbi_legacy_handler,
};
