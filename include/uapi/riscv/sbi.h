/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SBI numbers (RISC-V SBI specification 2.0): extension and function IDs,
 * error codes, HSM states, reset types and reasons; the names follow Linux's
 * asm/sbi.h. Shared by SVPN, its M-mode stub and the test guests.
 */
#ifndef _UAPI_RISCV_SBI_H
#define _UAPI_RISCV_SBI_H

#include <riscv/const.h>

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
#define SBI_EXT_PMU    0x504D55
#define SBI_EXT_DBCN   0x4442434E
#define SBI_EXT_SUSP   0x53555350

/* DBCN functions */
#define SBI_EXT_DBCN_CONSOLE_WRITE	0
#define SBI_EXT_DBCN_CONSOLE_READ	1
#define SBI_EXT_DBCN_CONSOLE_WRITE_BYTE 2

/* BASE functions */
#define SBI_EXT_BASE_GET_SPEC_VERSION 0
#define SBI_EXT_BASE_GET_IMP_ID	      1
#define SBI_EXT_BASE_GET_IMP_VERSION  2
#define SBI_EXT_BASE_PROBE_EXT	      3
#define SBI_EXT_BASE_GET_MVENDORID    4
#define SBI_EXT_BASE_GET_MARCHID      5
#define SBI_EXT_BASE_GET_MIMPID	      6

/* get_spec_version: major in bits 30:24, minor in 23:0 */
#define SBI_SPEC_VERSION_MAJOR_SHIFT 24

#define SBI_EXT_TIME_SET_TIMER 0
#define SBI_EXT_IPI_SEND_IPI   0

#define SBI_EXT_RFENCE_REMOTE_FENCE_I	      0
#define SBI_EXT_RFENCE_REMOTE_SFENCE_VMA      1
#define SBI_EXT_RFENCE_REMOTE_SFENCE_VMA_ASID 2

/* hart_mask_base = -1: every hart, hart_mask ignored */
#define SBI_HART_MASK_ALL (-_AC(1, UL))

#define SBI_EXT_HSM_HART_START	    0
#define SBI_EXT_HSM_HART_STOP	    1
#define SBI_EXT_HSM_HART_GET_STATUS 2
#define SBI_EXT_HSM_HART_SUSPEND    3

#define SBI_HSM_STATE_STARTED	    0
#define SBI_HSM_STATE_STOPPED	    1
#define SBI_HSM_STATE_START_PENDING 2
#define SBI_HSM_STATE_STOP_PENDING  3
#define SBI_HSM_STATE_SUSPENDED	    4

/* hart_suspend types */
#define SBI_HSM_SUSPEND_RET_DEFAULT	_AC(0x00000000, UL)
#define SBI_HSM_SUSPEND_NON_RET_DEFAULT _AC(0x80000000, UL)

#define SBI_EXT_SRST_RESET		0
#define SBI_SRST_RESET_TYPE_SHUTDOWN	0
#define SBI_SRST_RESET_TYPE_COLD_REBOOT 1
#define SBI_SRST_RESET_TYPE_WARM_REBOOT 2
#define SBI_SRST_RESET_REASON_NONE	0
#define SBI_SRST_RESET_REASON_SYSFAIL	1
/* The vendor ranges of reset types and of reasons. */
#define SBI_SRST_RESET_TYPE_VENDOR	_AC(0xF0000000, UL)
#define SBI_SRST_RESET_REASON_SBI_IMPL	_AC(0xE0000000, UL)

#define SBI_SUCCESS		  0
#define SBI_ERR_FAILED		  -1
#define SBI_ERR_NOT_SUPPORTED	  -2
#define SBI_ERR_INVALID_PARAM	  -3
#define SBI_ERR_DENIED		  -4
#define SBI_ERR_INVALID_ADDRESS	  -5
#define SBI_ERR_ALREADY_AVAILABLE -6
#define SBI_ERR_ALREADY_STARTED	  -7
#define SBI_ERR_ALREADY_STOPPED	  -8

#endif /* _UAPI_RISCV_SBI_H */
