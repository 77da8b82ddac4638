/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RISC-V control and status registers. The numbers, fields and causes
 * (include/uapi/riscv/csr.h) and the accessors (csr_ops.h) are shared with
 * the test guests; what is SVPN's own stays here.
 * Every CSR number and bit SVPN uses is named; C code never spells a raw one.
 */
#ifndef _ASM_RISCV_CSR_H
#define _ASM_RISCV_CSR_H

#include <asm/const.h>
#include <riscv/csr.h>
#include <riscv/csr_ops.h>

/* Size of SVPN's tables indexed by exception cause: every EXC_* is below it */
#define EXC_MAX 16

#endif /* _ASM_RISCV_CSR_H */
