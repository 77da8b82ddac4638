/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-hart state. tp always points at the running hart's struct hart while
 * SVPN runs; sscratch holds it while a guest runs (0 while SVPN runs), which
 * is how the trap vector tells a guest trap from one of SVPN's own.
 */
#ifndef _ASM_RISCV_HART_H
#define _ASM_RISCV_HART_H

#define HART_STACK_TOP_OFFSET	0	/* head.S loads a secondary's sp from here */

#ifndef __ASSEMBLY__
#include <asm/memory.h>
#include <svpn/compiler.h>

struct vcpu;

struct hart {
	unsigned long stack_top;	/* must stay first: HART_STACK_TOP_OFFSET */
	unsigned long hartid;
	unsigned int index;		/* 0..nr_harts-1, dense */
	struct vcpu *vcpu;		/* the vCPU this hart runs, if any */
	unsigned long features;		/* MSTUB_F_* */
};

_Static_assert(__builtin_offsetof(struct hart, stack_top) == HART_STACK_TOP_OFFSET,
	       "head.S relies on stack_top being first");

static inline struct hart *this_hart(void)
{
	struct hart *h;

	__asm__("mv %0, tp" : "=r"(h));
	return h;
}

extern struct hart harts[CONFIG_NR_CPUS];
extern unsigned int nr_harts;

void hart_init_boot(unsigned long hartid);
struct hart *hart_by_id(unsigned long hartid);
#endif

#endif /* _ASM_RISCV_HART_H */
