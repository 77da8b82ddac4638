/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-hart state. tp always points at the running hart's struct hart while
 * SVPN runs; sscratch holds it while a guest runs (0 while SVPN runs), which
 * is how the trap vector tells a guest trap from one of SVPN's own.
 */
#ifndef _ASM_RISCV_HART_H
#define _ASM_RISCV_HART_H

/* Offsets used by head.S and entry.S */
#define HART_STACK_TOP_OFFSET 0
#define HART_SCRATCH_OFFSET   8
#define HART_VCPU_OFFSET      16
#define HART_FAST_OFFSET      24 /* four more spill slots for the fast path */

#ifndef __ASSEMBLY__
#include <asm/memory.h>
#include <stdbool.h>
#include <svpn/compiler.h>

struct vcpu;

struct hart {
	unsigned long stack_top; /* HART_STACK_TOP_OFFSET */
	unsigned long scratch;	 /* HART_SCRATCH_OFFSET: entry.S spill slot */
	struct vcpu *vcpu;	 /* HART_VCPU_OFFSET: the vCPU this hart runs */
	unsigned long fast[4];	 /* HART_FAST_OFFSET: entry.S spill slots */
	unsigned long hartid;
	unsigned int index;		 /* 0..nr_harts-1, dense */
	unsigned long features;		 /* MSTUB_F_* */
	unsigned long hpm_counters;	 /* bit n: hpmcounter<n> exists */
	unsigned long timer_armed;	 /* host timer deadline, -1 = off */
	volatile bool online;		 /* set by the hart itself once started */
	struct vcpu *volatile next_vcpu; /* posted by vmm/sched.c, taken when idle */
	bool assigned;			 /* a vCPU has this hart as its home */
};

_Static_assert(__builtin_offsetof(struct hart, stack_top) == HART_STACK_TOP_OFFSET, "entry.S");
_Static_assert(__builtin_offsetof(struct hart, scratch) == HART_SCRATCH_OFFSET, "entry.S");
_Static_assert(__builtin_offsetof(struct hart, vcpu) == HART_VCPU_OFFSET, "entry.S");
_Static_assert(__builtin_offsetof(struct hart, fast) == HART_FAST_OFFSET, "entry.S");

static inline struct hart *this_hart(void)
{
	struct hart *h;

	__asm__("mv %0, tp" : "=r"(h));
	return h;
}

extern struct hart harts[CONFIG_NR_CPUS];
extern unsigned int nr_harts;

void hart_init_boot(unsigned long hartid);
void hart_init_secondary(struct hart *h);
void smp_boot_secondaries(void);
struct hart *hart_by_id(unsigned long hartid);
#endif

#endif /* _ASM_RISCV_HART_H */
