/* SPDX-License-Identifier: GPL-2.0 */
/*
 * 32-bit device register access through the linear map, ordered as Linux's
 * readl()/writel() on RISC-V: a read completes before any later memory
 * access (so a status read comes before reading what it announces), and a
 * write follows every earlier memory write (so a device told to look at
 * memory sees it).
 */
#ifndef _ASM_RISCV_IO_H
#define _ASM_RISCV_IO_H

#include <stdint.h>

static inline uint32_t readl(unsigned long addr)
{
	uint32_t v = *(const volatile uint32_t *)addr;

	__asm__ __volatile__("fence i, ir" ::: "memory");
	return v;
}

static inline void writel(uint32_t v, unsigned long addr)
{
	__asm__ __volatile__("fence w, o" ::: "memory");
	*(volatile uint32_t *)addr = v;
}

#endif /* _ASM_RISCV_IO_H */
