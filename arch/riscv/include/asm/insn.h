/* SPDX-License-Identifier: GPL-2.0 */
/* Instruction encodings SVPN decodes (RISC-V unprivileged and privileged specs). */
#ifndef _ASM_RISCV_INSN_H
#define _ASM_RISCV_INSN_H

#ifndef __ASSEMBLY__
#include <stdint.h>
#endif

#define INSN_LEN(insn) (((insn)&0x3) == 0x3 ? 4 : 2)

#define INSN_OPCODE_MASK     0x7f
#define INSN_OPCODE_SYSTEM   0x73
#define INSN_OPCODE_LOAD     0x03
#define INSN_OPCODE_STORE    0x23
#define INSN_OPCODE_LOAD_FP  0x07
#define INSN_OPCODE_STORE_FP 0x27
#define INSN_OPCODE_OP_FP    0x53
#define INSN_OPCODE_MADD     0x43
#define INSN_OPCODE_MSUB     0x47
#define INSN_OPCODE_NMSUB    0x4b
#define INSN_OPCODE_NMADD    0x4f

#define INSN_RD(insn)	  (((insn) >> 7) & 0x1f)
#define INSN_FUNCT3(insn) (((insn) >> 12) & 0x7)
#define INSN_RS1(insn)	  (((insn) >> 15) & 0x1f)
#define INSN_RS2(insn)	  (((insn) >> 20) & 0x1f)
#define INSN_FUNCT7(insn) (((insn) >> 25) & 0x7f)
#define INSN_CSR(insn)	  (((insn) >> 20) & 0xfff)

/* SYSTEM funct3 */
#define SYSTEM_F3_PRIV	  0
#define SYSTEM_F3_CSRRW	  1
#define SYSTEM_F3_CSRRS	  2
#define SYSTEM_F3_CSRRC	  3
#define SYSTEM_F3_CSRRWI  5
#define SYSTEM_F3_CSRRSI  6
#define SYSTEM_F3_CSRRCI  7
#define SYSTEM_F3_CSR_IMM 0x4 /* the immediate forms have this bit */
#define SYSTEM_F3_OP_MASK 0x3 /* the CSR operation: CSRRW, CSRRS, CSRRC, or 0 for none */

/* Whole encodings of the privileged instructions without operands */
#define INSN_ECALL	       0x00000073
#define INSN_EBREAK	       0x00100073
#define INSN_SRET	       0x10200073
#define INSN_MRET	       0x30200073
#define INSN_WFI	       0x10500073
#define INSN_FUNCT7_SFENCE_VMA 0x09

/* CSR address fields */
#define CSR_ADDR_PRIV(csr)	(((csr) >> 8) & 0x3) /* lowest privilege allowed */
#define CSR_ADDR_READ_ONLY(csr) (((csr) >> 10) == 0x3)

#endif /* _ASM_RISCV_INSN_H */
