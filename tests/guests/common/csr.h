/* SPDX-License-Identifier: GPL-2.0 */
/* CSR numbers, bits and accessors for the test guests (names follow Linux's asm/csr.h). */
#ifndef GUEST_CSR_H
#define GUEST_CSR_H

#define SR_SIE	      (1UL << 1)
#define SR_SPIE	      (1UL << 5)
#define SR_UBE	      (1UL << 6)
#define SR_SPP	      (1UL << 8)
#define SR_VS	      (3UL << 9)
#define SR_FS	      (3UL << 13)
#define SR_FS_OFF     (0UL << 13)
#define SR_FS_INITIAL (1UL << 13)
#define SR_FS_CLEAN   (2UL << 13)
#define SR_FS_DIRTY   (3UL << 13)
#define SR_XS	      (3UL << 15)
#define SR_SUM	      (1UL << 18)
#define SR_MXR	      (1UL << 19)
#define SR_UXL	      (3UL << 32)
#define SR_SD	      (1UL << 63)

#define IRQ_S_SOFT     1
#define IRQ_S_TIMER    5
#define IRQ_S_EXT      9
#define IE_SSIE	       (1UL << IRQ_S_SOFT)
#define IE_STIE	       (1UL << IRQ_S_TIMER)
#define IE_SEIE	       (1UL << IRQ_S_EXT)
#define CAUSE_IRQ_FLAG (1UL << 63)

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
#define EXC_INST_PAGE_FAULT  12
#define EXC_LOAD_PAGE_FAULT  13
#define EXC_STORE_PAGE_FAULT 15

#define SATP_MODE_SHIFT 60
#define SATP_MODE_BARE	0UL
#define SATP_MODE_39	8UL
#define SATP_MODE_48	9UL
#define SATP_MODE_57	10UL
#define SATP_ASID_SHIFT 44
#define SATP_PPN_MASK	((1UL << 44) - 1)

#define STVEC_MODE_VECTORED 1UL

#ifndef __ASSEMBLER__
#define __stringify_1(x) #x
#define __stringify(x)	 __stringify_1(x)

#define csr_read(csr)                                                             \
	({                                                                        \
		unsigned long __v;                                                \
		asm volatile("csrr %0, " __stringify(csr) : "=r"(__v)::"memory"); \
		__v;                                                              \
	})
#define csr_write(csr, val)                                                           \
	({                                                                            \
		unsigned long __v = (unsigned long)(val);                             \
		asm volatile("csrw " __stringify(csr) ", %0" ::"rK"(__v) : "memory"); \
	})
#define csr_swap(csr, val)                                        \
	({                                                        \
		unsigned long __v = (unsigned long)(val);         \
		asm volatile("csrrw %0, " __stringify(csr) ", %1" \
			     : "=r"(__v)                          \
			     : "rK"(__v)                          \
			     : "memory");                         \
		__v;                                              \
	})
#define csr_set(csr, val)                                                             \
	({                                                                            \
		unsigned long __v = (unsigned long)(val);                             \
		asm volatile("csrs " __stringify(csr) ", %0" ::"rK"(__v) : "memory"); \
	})
#define csr_clear(csr, val)                                                           \
	({                                                                            \
		unsigned long __v = (unsigned long)(val);                             \
		asm volatile("csrc " __stringify(csr) ", %0" ::"rK"(__v) : "memory"); \
	})
#define csr_read_set(csr, val)                                    \
	({                                                        \
		unsigned long __v = (unsigned long)(val);         \
		asm volatile("csrrs %0, " __stringify(csr) ", %1" \
			     : "=r"(__v)                          \
			     : "rK"(__v)                          \
			     : "memory");                         \
		__v;                                              \
	})
#define csr_read_clear(csr, val)                                  \
	({                                                        \
		unsigned long __v = (unsigned long)(val);         \
		asm volatile("csrrc %0, " __stringify(csr) ", %1" \
			     : "=r"(__v)                          \
			     : "rK"(__v)                          \
			     : "memory");                         \
		__v;                                              \
	})

static inline void local_irq_enable(void)
{
	csr_set(sstatus, SR_SIE);
}
static inline void local_irq_disable(void)
{
	csr_clear(sstatus, SR_SIE);
}
static inline void wfi(void)
{
	asm volatile("wfi" ::: "memory");
}
static inline void sfence_vma_all(void)
{
	asm volatile("sfence.vma" ::: "memory");
}
static inline void sfence_vma_addr(unsigned long va)
{
	asm volatile("sfence.vma %0" ::"r"(va) : "memory");
}
#endif
#endif
