/* SPDX-License-Identifier: GPL-2.0 */
/* What SVPN may ask of its M-mode stub, beyond standard SBI calls. */
#ifndef _ASM_RISCV_MSTUB_H
#define _ASM_RISCV_MSTUB_H

#include <asm/sbi.h>
#include <hw/sifive_test.h>

/* SBI_EXT_SVPN_MSTUB functions */
#define MSTUB_FID_SET_PLATFORM SBI_SVPN_MSTUB_SET_PLATFORM /* a0 CLINT, a1 reset device */
#define MSTUB_FID_GET_FEATURES 1			   /* returns MSTUB_F_* */
#define MSTUB_FID_GET_HPM      2 /* bit n: the hart has hpmcounter<n> (3..31) */

#define MSTUB_F_SSTC 0x1 /* stimecmp usable from S-mode (menvcfg.STCE set) */

/* CLINT register layout (SiFive CLINT, as on QEMU virt) */
#define CLINT_MSIP_OFFSET     0x0000
#define CLINT_MTIMECMP_OFFSET 0x4000
#define CLINT_MTIME_OFFSET    0xbff8

#endif /* _ASM_RISCV_MSTUB_H */
