/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A virtual hart. Its guest kernel runs in real U-mode; this is the state a
 * real hart would hold in S-mode, which SVPN emulates.
 */
#ifndef _SVPN_VCPU_H
#define _SVPN_VCPU_H

#include <asm/ptrace.h>
#include <stdbool.h>
#include <stdint.h>
#include <svpn/compiler.h>
#include <svpn/vcpu_offsets.h>

struct guest;
struct hart;
struct shadow_mmu;

/* The guest's virtual privilege (real privilege is always U). */
enum vpriv {
	VPRIV_U = 0,
	VPRIV_S = 1,
};

/* The virtual S-mode CSRs. */
struct vcpu_csrs {
	unsigned long sstatus;
	unsigned long sie;
	unsigned long sip; /* SSIP as written, SEIP from the PLIC; STIP computed */
	unsigned long stvec;
	unsigned long sscratch;
	unsigned long sepc;
	unsigned long scause;
	unsigned long stval;
	unsigned long satp;
	unsigned long scounteren;
	unsigned long senvcfg;
	unsigned long stimecmp; /* Sstc, when offered */
};

/* The SBI HSM states, with the spec's numbers (hart_get_status returns them). */
enum vcpu_hsm_state {
	VCPU_STARTED = 0,
	VCPU_STOPPED = 1,
	VCPU_START_PENDING = 2,
	VCPU_SUSPENDED = 4,
};

#define VCPU_STAT_CSR_SLOTS 16

struct vcpu_stats {
	unsigned long exits[64]; /* by scause code, exceptions */
	unsigned long irqs[16];	 /* by interrupt number */
	unsigned long emulated_csr;
	unsigned long csr[VCPU_STAT_CSR_SLOTS]; /* by vcpu_csr.c table entry */
	unsigned long sret, wfi, sfence, sbi_calls, forwarded;
	unsigned long clustered; /* CSR instructions emulated without a trap of their own */
};

/* The first fields are read by the fast path in entry.S (VCPU_* offsets). */
struct vcpu {
	struct pt_regs regs; /* guest GPRs; regs.sepc is the guest pc */
	struct vcpu_csrs csr;
	enum vpriv priv;
	unsigned long fast_sstatus; /* sstatus accesses done by entry.S alone */
	unsigned int id;	    /* virtual hartid */
	struct guest *guest;
	struct hart *hart;			  /* the host hart running it, NULL when stopped */
	struct hart *home;			  /* the host hart it runs on (vmm/sched.c) */
	volatile unsigned long req_flags;	  /* VCPU_REQ_* asked by other harts */
	volatile unsigned long req_seq, req_done; /* requests made / acknowledged */
	struct shadow_mmu *mmu;			  /* its Sv39 shadows (mm/) */
	bool timer_changed;			  /* the host timer must be rearmed on resume */
	bool shadow_reclaiming;			  /* asking the other vCPUs to give pages back */
	volatile unsigned long pending_ipi;	  /* set by other vCPUs: SSIP to raise */
	volatile enum vcpu_hsm_state hsm_state;
	unsigned long start_addr, start_arg;
#ifdef CONFIG_TRAP_STATS
	struct vcpu_stats stats;
#endif
};

/* Continue the guest at regs->sepc with vcpu state applied (entry.S). */
void guest_resume(struct vcpu *vcpu) __noreturn;
/* Called by entry.S for every trap taken while a guest runs. */
void vcpu_handle_trap(struct vcpu *vcpu) __noreturn;

void vcpu_reset(struct vcpu *vcpu, unsigned long pc, unsigned long a0, unsigned long a1);
void vcpu_run(struct vcpu *vcpu) __noreturn;

/* Exceptions and interrupts delivered to the guest's own trap handler. */
void vcpu_inject_exception(struct vcpu *vcpu, unsigned long cause, unsigned long tval);
void vcpu_inject_illegal(struct vcpu *vcpu, unsigned long insn);
/* Deliver the highest pending virtual interrupt if the virtual hart would take it. */
void vcpu_deliver_interrupts(struct vcpu *vcpu);
bool vcpu_interrupt_deliverable(const struct vcpu *vcpu);
unsigned long vcpu_pending_irqs(const struct vcpu *vcpu);
/* The virtual sip: SSIP/SEIP as set, STIP from the deadline (time >= stimecmp). */
unsigned long vcpu_read_sip(const struct vcpu *vcpu);
void vcpu_set_priv(struct vcpu *vcpu, enum vpriv priv);

/* Virtual timer (vmm/vtimer.c). */
void vcpu_timer_update(struct vcpu *vcpu);
void vcpu_timer_arm_host(struct vcpu *vcpu);
void vcpu_set_timer(struct vcpu *vcpu, unsigned long deadline);
bool vcpu_offers_sstc(const struct vcpu *vcpu);

static inline unsigned long vcpu_gpr(const struct vcpu *v, unsigned int n)
{
	return n ? v->regs.gpr[n] : 0;
}

static inline void vcpu_set_gpr(struct vcpu *v, unsigned int n, unsigned long val)
{
	if (n)
		v->regs.gpr[n] = val;
}

/*
 * The virtual sip is changed by other harts too (SEIP from the PLIC model),
 * so every change, even by the vCPU's own hart, is one atomic operation:
 * a read-modify-write would lose a bit set in between.
 */
static inline void vcpu_sip_set(struct vcpu *v, unsigned long bits)
{
	__atomic_or_fetch(&v->csr.sip, bits, __ATOMIC_RELEASE);
}

static inline void vcpu_sip_clear(struct vcpu *v, unsigned long bits)
{
	__atomic_and_fetch(&v->csr.sip, ~bits, __ATOMIC_RELEASE);
}

#ifdef CONFIG_TRAP_STATS
#define vcpu_stat_inc(v, field) ((v)->stats.field++)
#else
#define vcpu_stat_inc(v, field) \
	do {                    \
	} while (0)
#endif

#endif /* _SVPN_VCPU_H */
