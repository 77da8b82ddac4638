/* SPDX-License-Identifier: GPL-2.0 */
/* Constants usable from both C and assembly. */
#ifndef _ASM_RISCV_CONST_H
#define _ASM_RISCV_CONST_H

#ifdef __ASSEMBLY__
#define _AC(X, Y) X
#else
#define __AC(X, Y) (X##Y)
#define _AC(X, Y)  __AC(X, Y)
#endif

#define __ASM_STR_1(x) #x
#define __ASM_STR(x)   __ASM_STR_1(x)

#define BIT(n) (_AC(1, UL) << (n))

#endif /* _ASM_RISCV_CONST_H */
