/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RISC-V control and status registers: numbers, fields, interrupt numbers and
 * exception causes, as the privileged specification defines them; names as in
 * Linux's asm/csr.h where it has them. Numbers only: the accessors are in
 * csr_ops.h.
 */
#ifndef _UAPI_RISCV_CSR_H
#define _UAPI_RISCV_CSR_H

#include <riscv/const.h>

/* Status register fields (mstatus / sstatus) */
#define SR_SIE	     _AC(0x00000002, UL)
#define SR_MIE	     _AC(0x00000008, UL)
#define SR_SPIE	     _AC(0x00000020, UL)
#define SR_UBE	     _AC(0x00000040, UL)
#define SR_MPIE	     _AC(0x00000080, UL)
#define SR_SPP	     _AC(0x00000100, UL)
#define SR_VS	     _AC(0x00000600, UL)
#define SR_VS_SHIFT  9
#define SR_MPP	     _AC(0x00001800, UL)
#define SR_MPP_SHIFT 11
#define SR_FS	     _AC(0x00006000, UL)
#define SR_FS_SHIFT  13
#define SR_XS	     _AC(0x00018000, UL)
#define SR_MPRV	     _AC(0x00020000, UL)
#define SR_SUM	     _AC(0x00040000, UL)
#define SR_MXR	     _AC(0x00080000, UL)
#define SR_TVM	     _AC(0x00100000, UL)
#define SR_TW	     _AC(0x00200000, UL)
#define SR_TSR	     _AC(0x00400000, UL)
#define SR_UXL	     _AC(0x300000000, UL)
#define SR_UXL_SHIFT 32
#define SR_UXL_64    _AC(0x200000000, UL)
#define SR_SD	     _AC(0x8000000000000000, UL)

/* Extension state values of the FS/VS/XS fields */
#define SR_FS_OFF     _AC(0x0000, UL)
#define SR_FS_INITIAL _AC(0x2000, UL)
#define SR_FS_CLEAN   _AC(0x4000, UL)
#define SR_FS_DIRTY   _AC(0x6000, UL)
#define SR_VS_DIRTY   _AC(0x0600, UL)

/* Previous privilege values of mstatus.MPP */
#define PRV_U	 _AC(0, UL)
#define PRV_S	 _AC(1, UL)
#define PRV_M	 _AC(3, UL)
#define SR_MPP_S (PRV_S << SR_MPP_SHIFT)

/* Interrupt numbers (bit positions in xip / xie) */
#define IRQ_S_SOFT  1
#define IRQ_M_SOFT  3
#define IRQ_S_TIMER 5
#define IRQ_M_TIMER 7
#define IRQ_S_EXT   9
#define IRQ_M_EXT   11

#define MIP_SSIP (_AC(1, UL) << IRQ_S_SOFT)
#define MIP_MSIP (_AC(1, UL) << IRQ_M_SOFT)
#define MIP_STIP (_AC(1, UL) << IRQ_S_TIMER)
#define MIP_MTIP (_AC(1, UL) << IRQ_M_TIMER)
#define MIP_SEIP (_AC(1, UL) << IRQ_S_EXT)
#define MIP_MEIP (_AC(1, UL) << IRQ_M_EXT)

#define SIP_SSIP MIP_SSIP
#define SIP_STIP MIP_STIP
#define SIP_SEIP MIP_SEIP
#define SIE_SSIE MIP_SSIP
#define SIE_STIE MIP_STIP
#define SIE_SEIE MIP_SEIP

/* xcause */
#define CAUSE_IRQ_FLAG (_AC(1, UL) << 63)

/* Exception causes */
#define EXC_INST_MISALIGNED  0
#define EXC_INST_ACCESS	     1
#define EXC_INST_ILLEGAL     2
#define EXC_BREAKPOINT	     3
#define EXC_LOAD_MISALIGNED  4
#define EXC_LOAD_ACCESS	     5
#define EXC_STORE_MISALIGNED 6
#define EXC_STORE_ACCESS     7
#define EXC_ECALL_U	     8
#define EXC_ECALL_S	     9
#define EXC_ECALL_M	     11
#define EXC_INST_PAGE_FAULT  12
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15

/* xtvec */
#define TVEC_MODE_MASK	   _AC(0x3, UL)
#define TVEC_MODE_DIRECT   _AC(0x0, UL)
#define TVEC_MODE_VECTORED _AC(0x1, UL)

/* satp */
#define SATP_PPN	_AC(0x00000FFFFFFFFFFF, UL)
#define SATP_ASID_SHIFT 44
#define SATP_ASID_MASK	_AC(0xFFFF, UL)
#define SATP_MODE_SHIFT 60
#define SATP_MODE	(_AC(0xF, UL) << SATP_MODE_SHIFT)
#define SATP_MODE_BARE	_AC(0, UL)
#define SATP_MODE_39	(_AC(8, UL) << SATP_MODE_SHIFT)
#define SATP_MODE_48	(_AC(9, UL) << SATP_MODE_SHIFT)
#define SATP_MODE_57	(_AC(10, UL) << SATP_MODE_SHIFT)

/* xcounteren */
#define COUNTEREN_CY _AC(0x1, UL)
#define COUNTEREN_TM _AC(0x2, UL)
#define COUNTEREN_IR _AC(0x4, UL)

/* menvcfg */
#define ENVCFG_FIOM  _AC(0x1, UL)
#define ENVCFG_CBIE  _AC(0x30, UL)
#define ENVCFG_CBCFE _AC(0x40, UL)
#define ENVCFG_CBZE  _AC(0x80, UL)
#define ENVCFG_PBMTE (_AC(1, UL) << 62)
#define ENVCFG_STCE  (_AC(1, UL) << 63)

/* PMP configuration byte */
#define PMP_R	    _AC(0x01, UL)
#define PMP_W	    _AC(0x02, UL)
#define PMP_X	    _AC(0x04, UL)
#define PMP_A_OFF   _AC(0x00, UL)
#define PMP_A_TOR   _AC(0x08, UL)
#define PMP_A_NA4   _AC(0x10, UL)
#define PMP_A_NAPOT _AC(0x18, UL)
#define PMP_L	    _AC(0x80, UL)
#define PMP_SHIFT   2 /* pmpaddr holds address bits [55:2] */

/* CSR numbers: unprivileged counters */
#define CSR_FFLAGS	 0x001
#define CSR_FRM		 0x002
#define CSR_FCSR	 0x003
#define CSR_CYCLE	 0xc00
#define CSR_TIME	 0xc01
#define CSR_INSTRET	 0xc02
#define CSR_HPMCOUNTER3	 0xc03
#define CSR_HPMCOUNTER31 0xc1f

/* CSR numbers: supervisor */
#define CSR_SSTATUS    0x100
#define CSR_SIE	       0x104
#define CSR_STVEC      0x105
#define CSR_SCOUNTEREN 0x106
#define CSR_SENVCFG    0x10a
#define CSR_SSCRATCH   0x140
#define CSR_SEPC       0x141
#define CSR_SCAUSE     0x142
#define CSR_STVAL      0x143
#define CSR_SIP	       0x144
#define CSR_STIMECMP   0x14d
#define CSR_SATP       0x180

/* CSR numbers: machine */
#define CSR_MSTATUS	 0x300
#define CSR_MISA	 0x301
#define CSR_MEDELEG	 0x302
#define CSR_MIDELEG	 0x303
#define CSR_MIE		 0x304
#define CSR_MTVEC	 0x305
#define CSR_MCOUNTEREN	 0x306
#define CSR_MENVCFG	 0x30a
#define CSR_MSCRATCH	 0x340
#define CSR_MEPC	 0x341
#define CSR_MCAUSE	 0x342
#define CSR_MTVAL	 0x343
#define CSR_MIP		 0x344
#define CSR_MHPMCOUNTER3 0xb03
#define CSR_PMPCFG0	 0x3a0
#define CSR_PMPADDR0	 0x3b0
#define CSR_MVENDORID	 0xf11
#define CSR_MARCHID	 0xf12
#define CSR_MIMPID	 0xf13
#define CSR_MHARTID	 0xf14

#endif /* _UAPI_RISCV_CSR_H */
