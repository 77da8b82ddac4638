// SPDX-License-Identifier: GPL-2.0
#include "mmu.h"

#define POOL_PAGES 48
static u8 pool[POOL_PAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static unsigned pool_used;

void *page_alloc(void)
{
	void *p;

	if (pool_used == POOL_PAGES)
		guest_abort("page pool exhausted");
	p = pool[pool_used++];
	memset(p, 0, PAGE_SIZE);
	return p;
}

pte_t *pt_entry(pte_t *root, unsigned long va, int lvl)
{
	pte_t *table = root;

	for (int l = LVL_1G; l > lvl; l--) {
		pte_t *pte = &table[pt_index(va, l)];

		if (!(*pte & _PAGE_V)) {
			void *next = page_alloc();

			*pte = pte_make((unsigned long)next, _PAGE_V);
		} else if (*pte & PTE_RWX) {
			guest_abort("pt_entry: a leaf is in the way");
		}
		table = (pte_t *)((*pte >> _PAGE_PFN_SHIFT) << PAGE_SHIFT);
	}
	return &table[pt_index(va, lvl)];
}

pte_t *pt_map(pte_t *root, unsigned long va, unsigned long pa, int lvl, unsigned long flags)
{
	pte_t *pte = pt_entry(root, va, lvl);

	*pte = pte_make(pa, flags | _PAGE_V);
	return pte;
}

pte_t *pt_new_root(void)
{
	pte_t *root = page_alloc();

	if ((unsigned long)__bss_end > IMAGE_BASE + PMD_SIZE)
		guest_abort("guest image larger than its 2 MiB identity mapping");
	pt_map(root, IMAGE_BASE, IMAGE_BASE, LVL_2M, PTE_RWX | PTE_AD | _PAGE_G);
	return root;
}

void satp_sv39(pte_t *root, unsigned long asid)
{
	csr_write(satp, SATP_MODE_39 | asid << SATP_ASID_SHIFT | (unsigned long)root >> PAGE_SHIFT);
	sfence_vma_all();
}

void satp_bare(void)
{
	csr_write(satp, 0);
	sfence_vma_all();
}

int try_load(unsigned long va, unsigned long *val)
{
	trap_expect();
	*val = ld_at(va);
	trap_unexpect();
	return trap_count != 0;
}

int try_store(unsigned long va, unsigned long val)
{
	trap_expect();
	sd_at(va, val);
	trap_unexpect();
	return trap_count != 0;
}

static int fetch_fault_hook(struct trap_frame *f)
{
	if (f->cause != EXC_INST_PAGE_FAULT && f->cause != EXC_INST_ACCESS)
		return 0;
	last_trap.cause = f->cause;
	last_trap.epc = f->epc;
	last_trap.tval = f->tval;
	last_trap.status = f->status;
	trap_count++;
	f->epc = f->x[1]; /* back to the jalr's return address */
	return 1;
}

int try_exec(unsigned long va, unsigned long *ret)
{
	register unsigned long a0 asm("a0") = 0;

	trap_hook = fetch_fault_hook;
	trap_expect();
	asm volatile("jalr ra, 0(%1)" : "+r"(a0) : "r"(va) : "ra", "memory");
	trap_unexpect();
	trap_hook = 0;
	*ret = a0;
	return trap_count != 0;
}

void put_ret_code(unsigned long pa, int val)
{
	u32 *p = (u32 *)pa;

	p[0] = 0x00000513 | (u32)(val & 0xfff) << 20; /* addi a0, zero, val */
	p[1] = 0x00008067;			      /* jalr zero, 0(ra) */
	asm volatile("fence.i" ::: "memory");
}

void print_access(const char *what, int trapped, unsigned long val)
{
	if (!trapped)
		printf("%s: ok value=%lx\n", what, val);
	else
		printf("%s: scause=%lx stval=%lx\n", what, last_trap.cause, last_trap.tval);
}
