/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CSR accessors for C: csr_read(csr) and the like take a CSR's assembler name
 * (sstatus) or number (CSR_SSTATUS, 0x100). Shared by SVPN and the test
 * guests, like the numbers in csr.h.
 */
#ifndef _UAPI_RISCV_CSR_OPS_H
#define _UAPI_RISCV_CSR_OPS_H

#include <riscv/const.h>

#ifndef __ASSEMBLY__

#define csr_swap(csr, val)                                              \
	({                                                              \
		unsigned long __v = (unsigned long)(val);               \
		__asm__ __volatile__("csrrw %0, " __ASM_STR(csr) ", %1" \
				     : "=r"(__v)                        \
				     : "rK"(__v)                        \
				     : "memory");                       \
		__v;                                                    \
	})

#define csr_read(csr)                                                                      \
	({                                                                                 \
		register unsigned long __v;                                                \
		__asm__ __volatile__("csrr %0, " __ASM_STR(csr) : "=r"(__v) : : "memory"); \
		__v;                                                                       \
	})

#define csr_write(csr, val)                                                                   \
	({                                                                                    \
		unsigned long __v = (unsigned long)(val);                                     \
		__asm__ __volatile__("csrw " __ASM_STR(csr) ", %0" : : "rK"(__v) : "memory"); \
	})

#define csr_read_set(csr, val)                                          \
	({                                                              \
		unsigned long __v = (unsigned long)(val);               \
		__asm__ __volatile__("csrrs %0, " __ASM_STR(csr) ", %1" \
				     : "=r"(__v)                        \
				     : "rK"(__v)                        \
				     : "memory");                       \
		__v;                                                    \
	})

#define csr_read_clear(csr, val)                                        \
	({                                                              \
		unsigned long __v = (unsigned long)(val);               \
		__asm__ __volatile__("csrrc %0, " __ASM_STR(csr) ", %1" \
				     : "=r"(__v)                        \
				     : "rK"(__v)                        \
				     : "memory");                       \
		__v;                                                    \
	})

#define csr_set(csr, val)                                                                     \
	({                                                                                    \
		unsigned long __v = (unsigned long)(val);                                     \
		__asm__ __volatile__("csrs " __ASM_STR(csr) ", %0" : : "rK"(__v) : "memory"); \
	})

#define csr_clear(csr, val)                                                                   \
	({                                                                                    \
		unsigned long __v = (unsigned long)(val);                                     \
		__asm__ __volatile__("csrc " __ASM_STR(csr) ", %0" : : "rK"(__v) : "memory"); \
	})

#endif /* __ASSEMBLY__ */

#endif /* _UAPI_RISCV_CSR_OPS_H */
