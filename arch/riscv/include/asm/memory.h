/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SVPN's physical and virtual memory map.
 *
 * Physical (QEMU virt):
 *   RAM_BASE .. +MSTUB_SIZE        M-mode stub, PMP-protected from S and U
 *   +MSTUB_SIZE ..                 SVPN image, then pages from the allocator
 *
 * Virtual (Sv39, SVPN's own view, copied into every shadow table without U):
 *   PAGE_OFFSET + pa               a linear map of physical address space
 *                                  [0, LINEAR_MAP_SIZE): devices and RAM
 *
 * PAGE_OFFSET is the bottom of the Sv39 upper half. Linux (6.1, Sv39) leaves
 * 0xffffffc000000000..0xffffffc6fee00000 unused, so a guest kernel never
 * maps anything where SVPN lives. See Documentation/architecture.md.
 */
#ifndef _ASM_RISCV_MEMORY_H
#define _ASM_RISCV_MEMORY_H

#include <asm/const.h>

#define RAM_BASE     _AC(0x80000000, UL)
#define MSTUB_SIZE   (CONFIG_MSTUB_SIZE_KB * _AC(1024, UL))
#define SVPN_LOAD_PA (RAM_BASE + MSTUB_SIZE)

#define PAGE_OFFSET	     _AC(0xffffffc000000000, UL)
/* Four 1 GiB slots: devices, nothing, and the first 2 GiB of RAM. */
#define LINEAR_MAP_GIGAPAGES 4
#define LINEAR_MAP_SIZE	     (LINEAR_MAP_GIGAPAGES * _AC(0x40000000, UL))
#define PGD_SLOT_LINEAR	     256 /* root index of PAGE_OFFSET */

#define HART_STACK_SIZE	 _AC(16384, UL)
#define MSTUB_STACK_SIZE _AC(1024, UL)

#ifndef __ASSEMBLY__
#include <stdint.h>

static inline void *__va(unsigned long pa)
{
	return (void *)(pa + PAGE_OFFSET);
}

static inline unsigned long __pa(const void *va)
{
	return (unsigned long)va - PAGE_OFFSET;
}

static inline int pa_in_linear_map(unsigned long pa, unsigned long size)
{
	return pa < LINEAR_MAP_SIZE && size <= LINEAR_MAP_SIZE - pa;
}
#endif

#endif /* _ASM_RISCV_MEMORY_H */
