/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pages and Sv39 page-table entries. The format (include/uapi/riscv/pte.h)
 * is shared with the test guests; SVPN's own mappings and helpers are here.
 */
#ifndef _ASM_RISCV_PAGE_H
#define _ASM_RISCV_PAGE_H

#include <asm/const.h>
#include <riscv/pte.h>

#define PAGE_MASK     (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)

/* SVPN's own mappings: never user-accessible, global. */
#define PAGE_HYP_RWX (_PAGE_V | _PAGE_R | _PAGE_W | _PAGE_X | _PAGE_A | _PAGE_D | _PAGE_G)
#define PAGE_HYP_IO  (_PAGE_V | _PAGE_R | _PAGE_W | _PAGE_A | _PAGE_D | _PAGE_G)

#define pfn_pte(pfn, prot) (((pfn) << _PAGE_PFN_SHIFT) | (prot))
#define pte_pfn(pte)	   (((pte)&_PAGE_PFN_MASK) >> _PAGE_PFN_SHIFT)
#define pte_pa(pte)	   (pte_pfn(pte) << PAGE_SHIFT)

#endif /* _ASM_RISCV_PAGE_H */
