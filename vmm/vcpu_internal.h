/* SPDX-License-Identifier: GPL-2.0 */
/* Interfaces between the files of vmm/ (not for the rest of SVPN). */
#ifndef _VMM_VCPU_INTERNAL_H
#define _VMM_VCPU_INTERNAL_H

#include <asm/csr.h>
#include <svpn/shadow.h>
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

/* The vCPU's privilege, SUM and MXR, as mm/ takes them. */
static inline unsigned long vcpu_shadow_mode(const struct vcpu *v)
{
	return (v->priv == VPRIV_U ? SHADOW_MODE_USER : 0) |
	       ((v->csr.sstatus & SR_SUM) ? SHADOW_MODE_SUM : 0) |
	       ((v->csr.sstatus & SR_MXR) ? SHADOW_MODE_MXR : 0);
}

/*
 * vcpu_mmu.c: the vCPU's memory, through mm/'s shadows. mm/ keeps its own
 * copy of the registers translation depends on: every change to the
 * privilege, SUM, MXR or satp goes through these two.
 */
static inline void vcpu_switch_view(struct vcpu *v)
{
	shadow_set_mode(v->mmu, vcpu_shadow_mode(v));
}

static inline void vcpu_set_satp(struct vcpu *v)
{
	shadow_set_satp(v->mmu, v->csr.satp);
}

void vcpu_act_on_fault(struct vcpu *v, struct shadow_verdict f);

/*
 * The real page fault in v->regs (scause, stval) that the guest took: most
 * are fills, done once mm/ returns. Nothing but @v lives across the call,
 * so the trap path that inlines this saves no more registers.
 */
static inline void vcpu_handle_page_fault(struct vcpu *v)
{
	struct shadow_verdict f = shadow_handle_fault(v->mmu, v->regs.scause, v->regs.stval);

	if (unlikely(f.kind != SHADOW_RETRY))
		vcpu_act_on_fault(v, f);
}
void vcpu_print_shadow_stats(const struct vcpu *v);
/* mmio.c: emulate the access that faulted at @gpa (not RAM); false if no device takes it. */
bool guest_mmio_fault(struct vcpu *v, unsigned long cause, unsigned long gpa);
/* mmio.c: put a device model on the guest's bus (*err set on failure, with a message). */
struct vdev_ops;
void vdev_add(struct guest *g, const char *name, uint64_t base, uint64_t size,
	      const struct vdev_ops *ops, void *priv, int *err);
/* mmio.c: a device's interrupt line into the guest's PLIC (device lock held). */
void guest_set_irq(struct guest *g, unsigned int irq, bool level);
/* guest_virtio.c: the guest's disk and entropy devices, as its package describes. */
struct guestpkg_guest;
int guest_init_virtio(struct guest *g, const struct guestpkg_guest *d);
/* guest_virtio.c: @len (<= GUEST_RNG_SEED_BYTES) fresh bytes from the host's entropy, or 0. */
#define GUEST_RNG_SEED_BYTES 32
unsigned int guest_rng_seed(const struct guest *g, uint8_t *seed, unsigned int len);

/* sched.c: placing vCPUs on host harts. */
void vcpu_kick_ipi(struct vcpu *target);
void vcpu_take_ipis(struct vcpu *v);
void vcpu_schedule_start(struct vcpu *v);
void vcpu_stopped(struct vcpu *v) __noreturn;
void vcpu_park(struct vcpu *v) __noreturn;
/* The guest's other vCPUs drop all their shadows (its quota is spent). */
void guest_shadow_reclaim(struct vcpu *v);

#endif /* _VMM_VCPU_INTERNAL_H */
