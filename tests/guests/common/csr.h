/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CSRs for the test guests: the numbers, bits and accessors SVPN uses too
 * (include/uapi/riscv), and a few helpers of the guests' own.
 */
#ifndef GUEST_CSR_H
#define GUEST_CSR_H

#include <riscv/csr.h>
#include <riscv/csr_ops.h>

#ifndef __ASSEMBLY__
static inline void local_irq_enable(void)
{
	csr_set(sstatus, SR_SIE);
}
static inline void local_irq_disable(void)
{
	csr_clear(sstatus, SR_SIE);
}
static inline void wfi(void)
{
	asm volatile("wfi" ::: "memory");
}
static inline void sfence_vma_all(void)
{
	asm volatile("sfence.vma" ::: "memory");
}
static inline void sfence_vma_addr(unsigned long va)
{
	asm volatile("sfence.vma %0" ::"r"(va) : "memory");
}
#endif
#endif
