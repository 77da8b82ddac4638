/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sv39 page tables for the memory test guests (issue 4). Table pages and test
 * data pages come from a pool in the guest's .bss; the guest image itself
 * (0x80200000..0x803fffff) is identity-mapped with a 2 MiB page so the code,
 * stack, trap handler and pool keep working once satp is set.
 */
#ifndef GUEST_MMU_H
#define GUEST_MMU_H

#include "guest.h"
#include <riscv/pte.h>

/* Shorthands for the bits of <riscv/pte.h> that the tests combine */
#define PTE_RW	(_PAGE_R | _PAGE_W)
#define PTE_RWX (_PAGE_R | _PAGE_W | _PAGE_X)
#define PTE_AD	(_PAGE_A | _PAGE_D)

#define LVL_4K 0
#define LVL_2M 1
#define LVL_1G 2

#define IMAGE_BASE 0x80200000UL /* identity-mapped 2 MiB: code, data, pool */
#define SPARE_2M   0x80600000UL /* a free, 2 MiB-aligned piece of guest RAM */

typedef unsigned long pte_t;

/* A zeroed page from the pool (aborts the guest when the pool is empty). */
void *page_alloc(void);
/* A new root table with the guest image identity-mapped (RWX, A, D, G). */
pte_t *pt_new_root(void);
/* The PTE for va at level lvl, creating intermediate tables as needed. */
pte_t *pt_entry(pte_t *root, unsigned long va, int lvl);
/* Map va -> pa at level lvl with flags (_PAGE_V is added); returns the PTE. */
pte_t *pt_map(pte_t *root, unsigned long va, unsigned long pa, int lvl, unsigned long flags);
static inline pte_t pte_make(unsigned long pa, unsigned long flags)
{
	return (pa >> PAGE_SHIFT) << _PAGE_PFN_SHIFT | flags;
}
/* satp = Sv39 | asid | root, then sfence.vma; satp_bare() returns to bare mode. */
void satp_sv39(pte_t *root, unsigned long asid);
void satp_bare(void);

/* Loads and stores that may fault (the guest's trap handler skips them). */
static inline unsigned long ld_at(unsigned long va)
{
	unsigned long v = 0;

	asm volatile("ld %0, 0(%1)" : "+r"(v) : "r"(va) : "memory");
	return v;
}

static inline void sd_at(unsigned long va, unsigned long v)
{
	asm volatile("sd %0, 0(%1)" ::"r"(v), "r"(va) : "memory");
}

/* Fault-tolerant access with trap record: returns 1 if it trapped. */
int try_load(unsigned long va, unsigned long *val);
int try_store(unsigned long va, unsigned long val);
/* Call code at va (expects `li a0, N; ret`); an instruction fault resumes at the caller. */
int try_exec(unsigned long va, unsigned long *ret);
/* Copy `li a0, val; ret` to pa (identity-mapped) and fence.i. */
void put_ret_code(unsigned long pa, int val);

/* "<what>: ok value=.." or "<what>: scause=.. stval=.. " (stval printed as va+off when near). */
void print_access(const char *what, int trapped, unsigned long val);

#endif
