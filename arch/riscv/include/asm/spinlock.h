/* SPDX-License-Identifier: GPL-2.0 */
/* A test-and-set spinlock: SVPN's locks are short and rarely contended. */
#ifndef _ASM_RISCV_SPINLOCK_H
#define _ASM_RISCV_SPINLOCK_H

typedef struct {
	volatile int lock;
} spinlock_t;

#define SPINLOCK_INIT \
	{             \
		0     \
	}

static inline void spin_lock(spinlock_t *l)
{
	int busy;

	do {
		__asm__ __volatile__("amoswap.w.aq %0, %2, %1"
				     : "=r"(busy), "+A"(l->lock)
				     : "r"(1)
				     : "memory");
	} while (busy);
}

static inline void spin_unlock(spinlock_t *l)
{
	__asm__ __volatile__("amoswap.w.rl zero, zero, %0" : "+A"(l->lock) : : "memory");
}

#endif /* _ASM_RISCV_SPINLOCK_H */
