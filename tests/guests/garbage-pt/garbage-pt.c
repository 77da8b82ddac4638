// SPDX-License-Identifier: GPL-2.0
/*
 * garbage-pt: malformed page tables must give page faults (or, for table
 * pointers outside memory, access faults), never anything else: reserved
 * PTE bits, reserved permission encodings (W without R), a pointer PTE at
 * level 0, a table that points to itself, leaves and tables beyond RAM,
 * all-ones PTEs, reserved bits in non-leaf PTEs. (Memory issue: pending-mm.txt.)
 */
#include "mmu.h"

const char guest_name[] = GUEST_NAME;

#define VA(n) (0x40000000UL + (n)*PAGE_SIZE)

static pte_t *root;
static unsigned long data;

static void try3(const char *what, unsigned long va)
{
	unsigned long v;
	int t;

	sfence_vma_all();
	t = try_load(va, &v);
	printf("%s: load", what);
	print_access("", t, v);
	t = try_store(va + 8, 0x99);
	printf("%s: store", what);
	print_access("", t, 0);
	t = try_exec(va, &v);
	printf("%s: exec", what);
	print_access("", t, v);
}

/* A 4 KiB leaf for VA(n) with the given raw PTE value. */
static void leaf(int n, pte_t val)
{
	*pt_entry(root, VA(n), LVL_4K) = val;
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	pte_t *table;
	unsigned long ok = _PAGE_V | PTE_RWX | PTE_AD;

	(void)hartid;
	(void)dtb;
	root = pt_new_root();
	data = (unsigned long)page_alloc();
	put_ret_code(data, 3);
	satp_sv39(root, 0);

	leaf(0, pte_make(data, ok));
	try3("sane RWX leaf", VA(0));
	leaf(1, pte_make(data, _PAGE_V | _PAGE_W | PTE_AD));
	try3("W without R", VA(1));
	leaf(2, pte_make(data, _PAGE_V | _PAGE_W | _PAGE_X | PTE_AD));
	try3("W+X without R", VA(2));
	leaf(3, pte_make(data, ok) | 1UL << 54);
	try3("reserved bit 54", VA(3));
	leaf(4, pte_make(data, ok) | 1UL << 61);
	try3("PBMT bit 61 (no Svpbmt)", VA(4));
	leaf(5, pte_make(data, ok) | 1UL << 63);
	try3("N bit 63 (no Svnapot)", VA(5));
	leaf(6, pte_make(data, ok) | 3UL << 8);
	try3("RSW bits 8-9 (software use: fine)", VA(6));
	leaf(7, ~0UL);
	try3("all-ones PTE", VA(7));
	leaf(8, pte_make(0x100000000UL, ok));
	try3("leaf to PA 4G (no memory)", VA(8));
	/* (not PA 0x80000000: OpenSBI's PMP-protected memory natively, guest RAM under SVPN) */

	/* a pointer (non-leaf) PTE at level 0 */
	leaf(10, pte_make(data, _PAGE_V));
	try3("non-leaf PTE at level 0", VA(10));

	/* level-1 table whose entry points back at the root: walks root, root, root */
	table = (pte_t *)((root[1] >> _PAGE_PFN_SHIFT) << 12); /* level-1 table of VA(0) */
	root[3] = pte_make((unsigned long)root, _PAGE_V);
	try3("root[3] -> root (VA 0xc0c03000: indexes 3,3,3)", 0xc0c03000UL);
	root[3] = 0;

	/*
	 * A table pointer outside memory: the spec asks for an access fault of the
	 * access type, QEMU 7.2 raises a page fault. Print only that it is one of them.
	 */
	root[4] = pte_make(0x100000000UL, _PAGE_V);
	sfence_vma_all();
	{
		unsigned long v;
		int t = try_load(0x100000000UL, &v);

		printf("root[4] -> table at PA 4G: load gives a load page/access fault %s\n",
		       yesno(t &&
			     (last_trap.cause == EXC_LOAD_PAGE_FAULT ||
			      last_trap.cause == EXC_LOAD_ACCESS) &&
			     last_trap.tval == 0x100000000UL));
		t = try_store(0x100000008UL, 1);
		printf("root[4] -> table at PA 4G: store gives a store page/access fault %s\n",
		       yesno(t &&
			     (last_trap.cause == EXC_STORE_PAGE_FAULT ||
			      last_trap.cause == EXC_STORE_ACCESS) &&
			     last_trap.tval == 0x100000008UL));
		t = try_exec(0x100000000UL, &v);
		printf("root[4] -> table at PA 4G: exec gives an instruction page/access fault %s\n",
		       yesno(t &&
			     (last_trap.cause == EXC_INST_PAGE_FAULT ||
			      last_trap.cause == EXC_INST_ACCESS) &&
			     last_trap.tval == 0x100000000UL));
	}
	root[4] = 0;
	/* control: a plain pointer to the level-1 table of VA(0) works */
	root[5] = pte_make((unsigned long)table, _PAGE_V);
	try3("non-leaf sane -> level-1 table of VA(0)", 0x140000000UL);
	/* non-leaf PTEs with A, D or U set (reserved for non-leaf) */
	root[5] = pte_make((unsigned long)table, _PAGE_V | _PAGE_A | _PAGE_D);
	try3("non-leaf with A+D -> level-1 table of VA(0)", 0x140000000UL);
	root[5] = pte_make((unsigned long)table, _PAGE_V | _PAGE_U);
	try3("non-leaf with U -> level-1 table of VA(0)", 0x140000000UL);
	root[5] = pte_make((unsigned long)table, _PAGE_V) | 1UL << 60;
	try3("non-leaf with reserved bit 60", 0x140000000UL);
	root[5] = 0;
	/* a superpage leaf with garbage PPN low bits and reserved bits */
	root[6] = pte_make(0x80000000UL + 0x1000, ok) | 1UL << 56;
	try3("1G leaf: misaligned PPN + reserved bit", 0x180000000UL);
	root[6] = 0;

	satp_bare();
	printf("survived: data[0]=%lx data[1]=%lx\n", *(u64 *)data, *(u64 *)(data + 8));
}
