/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Constants usable from both C and assembly.
 *
 * include/uapi/ holds numbers that SVPN and its test guests share: what the
 * RISC-V and SBI specifications and the devices fix, nothing of SVPN's own.
 * The guests build with -Iinclude/uapi and without SVPN's include paths, so a
 * header here includes only headers from here.
 */
#ifndef _UAPI_RISCV_CONST_H
#define _UAPI_RISCV_CONST_H

#ifdef __ASSEMBLY__
#define _AC(X, Y) X
#else
#define __AC(X, Y) (X##Y)
#define _AC(X, Y)  __AC(X, Y)
#endif

#define __ASM_STR_1(x) #x
#define __ASM_STR(x)   __ASM_STR_1(x)

#endif /* _UAPI_RISCV_CONST_H */
