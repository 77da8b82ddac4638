/* SPDX-License-Identifier: GPL-2.0 */
/* Pages and Sv39 page-table entries. */
#ifndef _ASM_RISCV_PAGE_H
#define _ASM_RISCV_PAGE_H

#include <asm/const.h>

#define PAGE_SHIFT    12
#define PAGE_SIZE     (_AC(1, UL) << PAGE_SHIFT)
#define PAGE_MASK     (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(x) (((x) + PAGE_SIZE - 1) & PAGE_MASK)

/* Sv39: three levels of 512 entries; level 2 is the root. */
#define SV39_LEVELS	      3
#define PTRS_PER_PT	      512
#define PT_INDEX_BITS	      9
#define SV39_VA_BITS	      39
#define PMD_SIZE	      (_AC(1, UL) << 21) /* 2 MiB megapage */
#define PGD_SIZE	      (_AC(1, UL) << 30) /* 1 GiB gigapage */
/* Bits of a virtual address below the level-@level index, and that index. */
#define pt_level_shift(level) (PAGE_SHIFT + (level)*PT_INDEX_BITS)
#define pt_index(va, level)   (((va) >> pt_level_shift(level)) & (PTRS_PER_PT - 1))

#define _PAGE_V		  _AC(0x001, UL)
#define _PAGE_R		  _AC(0x002, UL)
#define _PAGE_W		  _AC(0x004, UL)
#define _PAGE_X		  _AC(0x008, UL)
#define _PAGE_U		  _AC(0x010, UL)
#define _PAGE_G		  _AC(0x020, UL)
#define _PAGE_A		  _AC(0x040, UL)
#define _PAGE_D		  _AC(0x080, UL)
#define _PAGE_RSW	  _AC(0x300, UL)
#define _PAGE_PFN_SHIFT	  10
#define _PAGE_PFN_MASK	  _AC(0x003FFFFFFFFFFC00, UL)
/* Bits 63:54 (N, PBMT, reserved) must be zero without Svnapot/Svpbmt. */
#define _PAGE_RESERVED_HI _AC(0xFFC0000000000000, UL)
#define _PAGE_LEAF	  (_PAGE_R | _PAGE_W | _PAGE_X)

/* SVPN's own mappings: never user-accessible, global. */
#define PAGE_HYP_RWX (_PAGE_V | _PAGE_R | _PAGE_W | _PAGE_X | _PAGE_A | _PAGE_D | _PAGE_G)
#define PAGE_HYP_IO  (_PAGE_V | _PAGE_R | _PAGE_W | _PAGE_A | _PAGE_D | _PAGE_G)

#define pfn_pte(pfn, prot) (((pfn) << _PAGE_PFN_SHIFT) | (prot))
#define pte_pfn(pte)	   (((pte)&_PAGE_PFN_MASK) >> _PAGE_PFN_SHIFT)
#define pte_pa(pte)	   (pte_pfn(pte) << PAGE_SHIFT)

#endif /* _ASM_RISCV_PAGE_H */
