/* SPDX-License-Identifier: GPL-2.0 */
/* Constants usable from both C and assembly. */
#ifndef _ASM_RISCV_CONST_H
#define _ASM_RISCV_CONST_H

#include <riscv/const.h>

#define BIT(n) (_AC(1, UL) << (n))

#endif /* _ASM_RISCV_CONST_H */
