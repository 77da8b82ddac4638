/* SPDX-License-Identifier: GPL-2.0 */
/* Interfaces between the files of vmm/ (not for the rest of SVPN). */
#ifndef _VMM_VCPU_INTERNAL_H
#define _VMM_VCPU_INTERNAL_H

#include <svpn/vcpu.h>

/* vcpu_insn.c: an illegal-instruction trap; @stval holds the bits or 0. */
void vcpu_emulate_insn(struct vcpu *v, unsigned long stval);
/* vcpu_csr.c: one CSR instruction; returns false if it is illegal for the guest. */
bool vcpu_emulate_csr(struct vcpu *v, unsigned long insn);
void vcpu_csr_print_stats(const struct vcpu *v);
/* sbi.c: an ecall from guest-S. */
void vcpu_sbi_ecall(struct vcpu *v);
/* vtimer.c / virq.c: a real interrupt taken while the guest ran. */
void vcpu_handle_host_irq(struct vcpu *v, unsigned long irq);
void vcpu_wait_for_interrupt(struct vcpu *v);

const char *trap_cause_name(unsigned long cause);

/* sched.c: placing vCPUs on host harts. */
void vcpu_kick_ipi(struct vcpu *target);
void vcpu_take_ipis(struct vcpu *v);
void vcpu_schedule_start(struct vcpu *v);
void vcpu_stopped(struct vcpu *v) __noreturn;
void vcpu_park(struct vcpu *v) __noreturn;

#endif /* _VMM_VCPU_INTERNAL_H */
