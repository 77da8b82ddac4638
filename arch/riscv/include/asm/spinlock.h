/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A ticket spinlock: harts get the lock in the order they asked for it, so
 * a guest that keeps one lock busy (flooding its console, say) delays the
 * other harts by its turn at most, never starves them.
 */
#ifndef _ASM_RISCV_SPINLOCK_H
#define _ASM_RISCV_SPINLOCK_H

typedef struct {
	unsigned int next;  /* the ticket the next hart to ask takes */
	unsigned int owner; /* the ticket now holding the lock */
} spinlock_t;

#define SPINLOCK_INIT \
	{             \
		0, 0  \
	}

static inline void spin_lock(spinlock_t *l)
{
	unsigned int ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		;
}

static inline void spin_unlock(spinlock_t *l)
{
	/* Only the holder writes owner: a plain increment, published with release. */
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

#endif /* _ASM_RISCV_SPINLOCK_H */
