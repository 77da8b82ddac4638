/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sv39 pages and page-table entries, as the privileged specification defines
 * them. Shared by SVPN and the test guests (see const.h).
 */
#ifndef _UAPI_RISCV_PTE_H
#define _UAPI_RISCV_PTE_H

#include <riscv/const.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE  (_AC(1, UL) << PAGE_SHIFT)

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

#endif /* _UAPI_RISCV_PTE_H */
