/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SBI numbers (RISC-V SBI specification 2.0). Used by SVPN to call the
 * M-mode stub, by the stub to serve those calls, and by vmm/ to serve its
 * guests.
 */
#ifndef _ASM_RISCV_SBI_H
#define _ASM_RISCV_SBI_H

#include <asm/const.h>

/* Legacy (v0.1) extensions: the EID is the function. */
#define SBI_EXT_0_1_SET_TIMER		   0x0
#define SBI_EXT_0_1_CONSOLE_PUTCHAR	   0x1
#define SBI_EXT_0_1_CONSOLE_GETCHAR	   0x2
#define SBI_EXT_0_1_CLEAR_IPI		   0x3
#define SBI_EXT_0_1_SEND_IPI		   0x4
#define SBI_EXT_0_1_REMOTE_FENCE_I	   0x5
#define SBI_EXT_0_1_REMOTE_SFENCE_VMA	   0x6
#define SBI_EXT_0_1_REMOTE_SFENCE_VMA_ASID 0x7
#define SBI_EXT_0_1_SHUTDOWN		   0x8

#define SBI_EXT_BASE   0x10
#define SBI_EXT_TIME   0x54494D45
#define SBI_EXT_IPI    0x735049
#define SBI_EXT_RFENCE 0x52464E43
#define SBI_EXT_HSM    0x48534D
#define SBI_EXT_SRST   0x53525354

/* SVPN's M-mode stub interface (firmware-specific extension space) */
#define SBI_EXT_SVPN_MSTUB	    0x0A535650 /* "\nSVP" */
#define SBI_SVPN_MSTUB_SET_PLATFORM 0	       /* a0 = CLINT base, a1 = reset device base */

/* BASE functions */
#define SBI_EXT_BASE_GET_SPEC_VERSION 0
#define SBI_EXT_BASE_GET_IMP_ID	      1
#define SBI_EXT_BASE_GET_IMP_VERSION  2
#define SBI_EXT_BASE_PROBE_EXT	      3
#define SBI_EXT_BASE_GET_MVENDORID    4
#define SBI_EXT_BASE_GET_MARCHID      5
#define SBI_EXT_BASE_GET_MIMPID	      6

#define SBI_EXT_TIME_SET_TIMER 0
#define SBI_EXT_IPI_SEND_IPI   0

#define SBI_EXT_RFENCE_REMOTE_FENCE_I	      0
#define SBI_EXT_RFENCE_REMOTE_SFENCE_VMA      1
#define SBI_EXT_RFENCE_REMOTE_SFENCE_VMA_ASID 2

#define SBI_EXT_HSM_HART_START	    0
#define SBI_EXT_HSM_HART_STOP	    1
#define SBI_EXT_HSM_HART_GET_STATUS 2
#define SBI_EXT_HSM_HART_SUSPEND    3

#define SBI_HSM_STATE_STARTED	    0
#define SBI_HSM_STATE_STOPPED	    1
#define SBI_HSM_STATE_START_PENDING 2
#define SBI_HSM_STATE_STOP_PENDING  3
#define SBI_HSM_STATE_SUSPENDED	    4

#define SBI_EXT_SRST_RESET		0
#define SBI_SRST_RESET_TYPE_SHUTDOWN	0
#define SBI_SRST_RESET_TYPE_COLD_REBOOT 1
#define SBI_SRST_RESET_TYPE_WARM_REBOOT 2
#define SBI_SRST_RESET_REASON_NONE	0
#define SBI_SRST_RESET_REASON_SYSFAIL	1
/* The vendor ranges of reset types and of reasons (SBI 2.0, SRST). */
#define SBI_SRST_RESET_TYPE_VENDOR	0xF0000000UL
#define SBI_SRST_RESET_REASON_SBI_IMPL	0xE0000000UL
/* SBI's SBI-implementation-specific reason range: SVPN passes an exit code. */
#define SBI_SRST_RESET_REASON_SVPN_EXIT SBI_SRST_RESET_REASON_SBI_IMPL
#define SBI_SRST_RESET_REASON_EXIT_MASK 0xFFFF

#define SBI_SUCCESS		  0
#define SBI_ERR_FAILED		  -1
#define SBI_ERR_NOT_SUPPORTED	  -2
#define SBI_ERR_INVALID_PARAM	  -3
#define SBI_ERR_DENIED		  -4
#define SBI_ERR_INVALID_ADDRESS	  -5
#define SBI_ERR_ALREADY_AVAILABLE -6
#define SBI_ERR_ALREADY_STARTED	  -7
#define SBI_ERR_ALREADY_STOPPED	  -8

#define SBI_SPEC_VERSION_MAJOR_SHIFT 24
#define SBI_IMPL_ID_SVPN	     0x5356 /* "SV": not a registered ID */

#endif /* _ASM_RISCV_SBI_H */
