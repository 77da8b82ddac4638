/* SPDX-License-Identifier: GPL-2.0 */
/* Internal interface of the M-mode stub (see mstub.c). */
#ifndef _MSTUB_H
#define _MSTUB_H

/* Bits returned by SBI_SVPN_MSTUB_GET_FEATURES (also used by SVPN). */
#include <asm/mstub.h>

#ifndef __ASSEMBLY__
#include <stdint.h>

/* Registers saved by the trap vector, in the order of entry.S. */
struct mstub_regs {
	unsigned long ra, sp, gp, tp;
	unsigned long t0, t1, t2;
	unsigned long s0, s1;
	unsigned long a0, a1, a2, a3, a4, a5, a6, a7;
	unsigned long s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	unsigned long t3, t4, t5, t6;
};

void mstub_boot_hart(unsigned long hartid, unsigned long dtb);
void mstub_secondary_hart(unsigned long hartid);
void mstub_trap(struct mstub_regs *regs);
void mstub_enter_smode(unsigned long hartid, unsigned long entry, unsigned long arg)
	__attribute__((noreturn));
#endif

#define MSTUB_REGS_SIZE (31 * 8)

#endif /* _MSTUB_H */
