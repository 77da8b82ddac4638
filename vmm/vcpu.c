// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU lifecycle and trap dispatch.
 *
 * Every trap taken while a guest runs lands in vcpu_handle_trap() with the
 * guest's registers saved in vcpu->regs. The handler emulates what a real
 * S-mode hart would have done, then resumes the guest, delivering a virtual
 * interrupt first if one became deliverable.
 */
#include <asm/csr.h>
#include <asm/hart.h>
#include <svpn/guest.h>
#include <svpn/host_irq.h>
#include <svpn/panic.h>
#include <svpn/shadow.h>
#include <svpn/trace.h>
#include <svpn/vcpu.h>
#include "vcpu_internal.h"

#define CHECK_OFFSET(field, off) \
	_Static_assert(__builtin_offsetof(struct vcpu, field) == (off), "entry.S: " #field)
CHECK_OFFSET(csr.sstatus, VCPU_CSR_SSTATUS);
CHECK_OFFSET(csr.sie, VCPU_CSR_SIE);
CHECK_OFFSET(csr.sip, VCPU_CSR_SIP);
CHECK_OFFSET(csr.sscratch, VCPU_CSR_SSCRATCH);
CHECK_OFFSET(csr.stimecmp, VCPU_CSR_STIMECMP);
CHECK_OFFSET(priv, VCPU_PRIV);
CHECK_OFFSET(fast_sstatus, VCPU_FAST_SSTATUS);

/* Real sstatus bits SVPN controls while a guest runs (everything else is 0). */
static unsigned long sstatus_base;

void vcpu_reset(struct vcpu *v, unsigned long pc, unsigned long a0, unsigned long a1)
{
	unsigned int i;

	for (i = 0; i < PT_NR_GPRS; i++)
		v->regs.gpr[i] = 0;
	v->regs.sepc = pc;
	v->regs.gpr[10] = a0;
	v->regs.gpr[11] = a1;
	/*
	 * FS starts Dirty, as QEMU + OpenSBI hand a hart over: the guest's FP
	 * registers (all zero, SVPN never uses them) are live from the start.
	 */
	v->csr.sstatus = SR_FS_DIRTY;
	v->csr.sie = 0;
	v->csr.stvec = 0;
	v->csr.sscratch = 0;
	v->csr.sepc = 0;
	v->csr.scause = 0;
	v->csr.stval = 0;
	v->csr.satp = 0;
	/* OpenSBI hands over scounteren = CY|TM|IR, and Linux relies on it. */
	v->csr.scounteren = COUNTEREN_CY | COUNTEREN_TM | COUNTEREN_IR;
	v->csr.senvcfg = 0;
	v->csr.stimecmp = -1UL;
	/* SEIP follows the PLIC's line, which another hart may be raising now. */
	vcpu_sip_clear(v, ~SIP_SEIP);
	v->priv = VPRIV_S;
	v->pending_ipi = 0;
}

/* Exceptions always go to the stvec base, whatever the mode. */
static void vcpu_enter_trap(struct vcpu *v, unsigned long cause, unsigned long tval,
			    unsigned long pc)
{
	struct vcpu_csrs *c = &v->csr;

	c->sepc = v->regs.sepc;
	c->scause = cause;
	c->stval = tval;
	c->sstatus &= ~(SR_SPP | SR_SPIE);
	if (v->priv == VPRIV_S)
		c->sstatus |= SR_SPP;
	if (c->sstatus & SR_SIE)
		c->sstatus |= SR_SPIE;
	c->sstatus &= ~SR_SIE;
	v->regs.sepc = pc;
	vcpu_set_priv(v, VPRIV_S);
}

void vcpu_inject_exception(struct vcpu *v, unsigned long cause, unsigned long tval)
{
	vcpu_stat_inc(v, forwarded);
	trace_trap(TRACE_LEVEL_EVENTS, v, "inject exception %lu tval %#lx", cause, tval);
	vcpu_enter_trap(v, cause, tval, v->csr.stvec & ~TVEC_MODE_MASK);
}

void vcpu_inject_illegal(struct vcpu *v, unsigned long insn)
{
	vcpu_inject_exception(v, EXC_INST_ILLEGAL, insn);
}

unsigned long vcpu_read_sip(const struct vcpu *v)
{
	unsigned long sip = v->csr.sip;

	if (v->csr.stimecmp != -1UL && csr_read(CSR_TIME) >= v->csr.stimecmp)
		sip |= SIP_STIP;
	return sip;
}

unsigned long vcpu_pending_irqs(const struct vcpu *v)
{
	return vcpu_read_sip(v) & v->csr.sie;
}

/* Interrupt priority for S-level interrupts: external, software, timer. */
static int highest_irq(unsigned long pending)
{
	if (pending & SIP_SEIP)
		return IRQ_S_EXT;
	if (pending & SIP_SSIP)
		return IRQ_S_SOFT;
	if (pending & SIP_STIP)
		return IRQ_S_TIMER;
	return -1;
}

/* Would the virtual hart take an interrupt before its next instruction? */
bool vcpu_interrupt_deliverable(const struct vcpu *v)
{
	if ((v->priv == VPRIV_S && !(v->csr.sstatus & SR_SIE)) || !v->csr.sie)
		return false;
	return vcpu_pending_irqs(v) != 0;
}

void vcpu_deliver_interrupts(struct vcpu *v)
{
	unsigned long pending, base = v->csr.stvec & ~TVEC_MODE_MASK;
	int irq;

	/* Cheapest test first: guest-S with interrupts off takes none. */
	if ((v->priv == VPRIV_S && !(v->csr.sstatus & SR_SIE)) || !v->csr.sie)
		return;
	pending = vcpu_pending_irqs(v);
	if (!pending)
		return;
	irq = highest_irq(pending);
	if ((v->csr.stvec & TVEC_MODE_MASK) == TVEC_MODE_VECTORED)
		base += 4 * irq;
	trace_trap(TRACE_LEVEL_EVENTS, v, "deliver interrupt %d", irq);
	vcpu_enter_trap(v, CAUSE_IRQ_FLAG | irq, 0, base);
}

/*
 * Guest-U may read only the counters the guest kernel enabled in its
 * scounteren; guest-S reads them all (the stub set mcounteren so).
 */
static void vcpu_apply_counteren(const struct vcpu *v)
{
	unsigned long all = COUNTEREN_CY | COUNTEREN_TM | COUNTEREN_IR;

	csr_write(CSR_SCOUNTEREN, v->priv == VPRIV_U ? v->csr.scounteren & all : all);
}

void vcpu_set_priv(struct vcpu *v, enum vpriv priv)
{
	if (v->priv == priv)
		return;
	v->priv = priv;
	vcpu_apply_counteren(v);
	vcpu_switch_view(v);
}

/*
 * The guest owns the FP registers (SVPN itself never touches them): the
 * real FS follows the virtual one, and hardware marking it Dirty shows in
 * the virtual sstatus. The guest's ISA has no V: whatever it writes to its
 * virtual VS, the real VS stays Off, so vector instructions trap as on a
 * hart without V and no vector state is shared through the host's.
 */
static void vcpu_sync_fp(struct vcpu *v)
{
	if ((v->regs.sstatus & SR_FS) == SR_FS_DIRTY)
		v->csr.sstatus |= SR_FS_DIRTY;
}

static void __noreturn vcpu_resume(struct vcpu *v)
{
	vcpu_deliver_interrupts(v);
	if (v->timer_changed)
		vcpu_timer_arm_host(v);
	v->regs.sstatus = sstatus_base | (v->csr.sstatus & SR_FS);
	guest_resume(v);
}

static void vcpu_handle_exception(struct vcpu *v, unsigned long cause)
{
	switch (cause) {
	case EXC_INST_ILLEGAL:
		vcpu_emulate_insn(v, v->regs.stval);
		break;
	case EXC_ECALL_U:
		if (v->priv == VPRIV_S)
			vcpu_sbi_ecall(v);
		else
			vcpu_inject_exception(v, EXC_ECALL_U, 0);
		break;
	case EXC_INST_PAGE_FAULT:
	case EXC_LOAD_PAGE_FAULT:
	case EXC_STORE_PAGE_FAULT:
		vcpu_handle_page_fault(v);
		break;
	default:
		/* Misaligned accesses, breakpoints, access faults: the guest's own. */
		vcpu_inject_exception(v, cause, v->regs.stval);
		break;
	}
}

void vcpu_handle_trap(struct vcpu *v)
{
	unsigned long cause = v->regs.scause;

	if (unlikely(READ_ONCE(v->guest->exited)))
		vcpu_park(v);
	vcpu_sync_fp(v);
	if (cause & CAUSE_IRQ_FLAG) {
		vcpu_stat_inc(v, irqs[cause & 0xf]);
		vcpu_handle_host_irq(v, cause & ~CAUSE_IRQ_FLAG);
	} else {
		vcpu_stat_inc(v, exits[cause & 0x3f]);
		trace_trap(TRACE_LEVEL_ALL, v, "trap %s stval %#lx", trap_cause_name(cause),
			   v->regs.stval);
		vcpu_handle_exception(v, cause);
	}
	vcpu_resume(v);
}

void vcpu_run(struct vcpu *v)
{
	struct hart *h = this_hart();

	/*
	 * SUM stays clear: SVPN reads guest memory through its linear map
	 * only, so a stray pointer in SVPN faults instead of reaching a guest
	 * page. MXR would widen what guest-U may read, so it stays clear too.
	 */
	sstatus_base = csr_read(CSR_SSTATUS) &
		       ~(SR_SIE | SR_SPIE | SR_SPP | SR_FS | SR_MXR | SR_VS | SR_SUM);
	csr_clear(CSR_SSTATUS, SR_SUM);
	v->hart = h;
	h->vcpu = v;
	v->hsm_state = VCPU_STARTED;
	csr_write(CSR_SIE, SIE_STIE | SIE_SSIE | host_irq_sie(h->hartid));
	vcpu_apply_counteren(v);
	v->timer_changed = true;
	/* Shadows from an earlier run of this vCPU may be stale: start clean. */
	shadow_start(v->mmu, v->csr.satp, vcpu_shadow_mode(v));
	vcpu_resume(v);
}
