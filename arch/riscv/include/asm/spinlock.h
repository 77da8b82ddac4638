/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spinlocks.
 *
 * spinlock_t is test-and-test-and-set: SVPN's locks are short, and a
 * waiter that is not running (a QEMU vCPU thread the host descheduled)
 * delays nobody but itself.
 *
 * ticket_lock_t serves harts in the order they asked: for a lock that one
 * guest can keep busy on purpose (the console), so that it delays the
 * other guests' harts by its turn at most and never starves them. Its cost:
 * a waiter whose turn has come but is not running holds everyone up.
 */
#ifndef _ASM_RISCV_SPINLOCK_H
#define _ASM_RISCV_SPINLOCK_H

typedef struct {
	int lock;
} spinlock_t;

#define SPINLOCK_INIT \
	{             \
		0     \
	}

static inline void spin_lock(spinlock_t *l)
{
	for (;;) {
		if (!__atomic_exchange_n(&l->lock, 1, __ATOMIC_ACQUIRE))
			return;
		while (__atomic_load_n(&l->lock, __ATOMIC_RELAXED))
			;
	}
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->lock, 0, __ATOMIC_RELEASE);
}

typedef struct {
	unsigned int next;  /* the ticket the next hart to ask takes */
	unsigned int owner; /* the ticket now holding the lock */
} ticket_lock_t;

#define TICKET_LOCK_INIT \
	{                \
		0, 0     \
	}

static inline void ticket_lock(ticket_lock_t *l)
{
	unsigned int ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		;
}

static inline void ticket_unlock(ticket_lock_t *l)
{
	/* Only the holder writes owner: a plain increment, published with release. */
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

#endif /* _ASM_RISCV_SPINLOCK_H */
