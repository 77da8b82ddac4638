/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SBI numbers. The specification's (include/uapi/riscv/sbi.h) are shared with
 * the test guests; SVPN's own, below, are what SVPN and its M-mode stub agree
 * on and what SVPN tells its guests about itself.
 */
#ifndef _ASM_RISCV_SBI_H
#define _ASM_RISCV_SBI_H

#include <asm/const.h>
#include <riscv/sbi.h>

/* SVPN's M-mode stub interface (firmware-specific extension space) */
#define SBI_EXT_SVPN_MSTUB	    0x0A535650 /* "\nSVP" */
#define SBI_SVPN_MSTUB_SET_PLATFORM 0	       /* a0 = CLINT base, a1 = reset device base */

/* SBI's SBI-implementation-specific reason range: SVPN passes an exit code. */
#define SBI_SRST_RESET_REASON_SVPN_EXIT SBI_SRST_RESET_REASON_SBI_IMPL
#define SBI_SRST_RESET_REASON_EXIT_MASK 0xFFFF

#define SBI_IMPL_ID_SVPN 0x5356 /* "SV": not a registered ID */

#endif /* _ASM_RISCV_SBI_H */
