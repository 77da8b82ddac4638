// SPDX-License-Identifier: GPL-2.0
/*
 * sfence: changing a mapping and making it visible with sfence.vma (by
 * address, by address+ASID, by ASID, all); unmapping; permission changes;
 * two address spaces (different ASIDs) switched through satp. Only results
 * the spec defines are printed: an access before the sfence may see either the
 * old or the new mapping, so it is not made. (Memory issue: pending-mm.txt.)
 */
#include "mmu.h"

const char guest_name[] = GUEST_NAME;

#define VA   0x40000000UL
#define VA2  0x40001000UL
#define VA_G 0x40002000UL

static unsigned long page_with(unsigned long tag)
{
	u64 *p = page_alloc();

	p[0] = tag;
	return (unsigned long)p;
}

static void read_va(const char *what, unsigned long va)
{
	unsigned long v;
	int t = try_load(va, &v);

	print_access(what, t, v);
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	pte_t *a = pt_new_root(), *b = pt_new_root(), *pte, *pte2;
	unsigned long p1 = page_with(0x1111), p2 = page_with(0x2222), p3 = page_with(0x3333);
	unsigned long pg = page_with(0x6666);
	int t;

	(void)hartid;
	(void)dtb;
	pte = pt_map(a, VA, p1, LVL_4K, PTE_RW | PTE_AD);
	pte2 = pt_map(a, VA2, p1, LVL_4K, PTE_RW | PTE_AD);
	pt_map(a, VA_G, pg, LVL_4K, _PAGE_R | _PAGE_A | _PAGE_G);
	pt_map(b, VA, p2, LVL_4K, PTE_RW | PTE_AD);
	pt_map(b, VA2, p3, LVL_4K, PTE_RW | PTE_AD);
	pt_map(b, VA_G, pg, LVL_4K, _PAGE_R | _PAGE_A | _PAGE_G);

	satp_sv39(a, 1);
	read_va("A: va", VA);

	/* remap, then the different flavours of sfence.vma */
	*pte = pte_make(p2, _PAGE_V | PTE_RW | PTE_AD);
	sfence_vma_addr(VA);
	read_va("A: remapped to p2, sfence.vma va", VA);
	*pte = pte_make(p3, _PAGE_V | PTE_RW | PTE_AD);
	asm volatile("sfence.vma %0, %1" ::"r"(VA), "r"(1UL) : "memory");
	read_va("A: remapped to p3, sfence.vma va, asid 1", VA);
	*pte = pte_make(p1, _PAGE_V | PTE_RW | PTE_AD);
	asm volatile("sfence.vma zero, %0" ::"r"(1UL) : "memory");
	read_va("A: remapped to p1, sfence.vma x0, asid 1", VA);
	*pte = pte_make(p2, _PAGE_V | PTE_RW | PTE_AD);
	sfence_vma_all();
	read_va("A: remapped to p2, sfence.vma", VA);
	/* a fence for another page must not be needed for this one, but does no harm */
	*pte2 = pte_make(p3, _PAGE_V | PTE_RW | PTE_AD);
	sfence_vma_addr(VA2);
	read_va("A: va2 remapped to p3, sfence.vma va2", VA2);
	read_va("A: va still p2", VA);

	/* unmap, remap */
	*pte = 0;
	sfence_vma_addr(VA);
	read_va("A: unmapped, sfence.vma va", VA);
	CHECK(trap_count && last_trap.cause == EXC_LOAD_PAGE_FAULT);
	*pte = pte_make(p1, _PAGE_V | PTE_RW | PTE_AD);
	sfence_vma_addr(VA);
	read_va("A: mapped again", VA);

	/* permissions: RW -> R -> RW */
	*pte = pte_make(p1, _PAGE_V | _PAGE_R | _PAGE_A);
	sfence_vma_addr(VA);
	t = try_store(VA + 8, 5);
	print_access("A: made read-only, store", t, 0);
	CHECK(t && last_trap.cause == EXC_STORE_PAGE_FAULT);
	*pte = pte_make(p1, _PAGE_V | PTE_RW | PTE_AD);
	sfence_vma_addr(VA);
	t = try_store(VA + 8, 6);
	print_access("A: writable again, store", t, 0);
	CHECK(!t && *(u64 *)(p1 + 8) == 6);

	/* two address spaces, different ASIDs: satp switches need no sfence */
	for (int round = 0; round < 2; round++) {
		satp_sv39(b, 2);
		read_va("B: va", VA);
		read_va("B: va2", VA2);
		read_va("B: global page", VA_G);
		csr_write(satp, SATP_MODE_39 | 1UL << SATP_ASID_SHIFT | (unsigned long)a >> 12);
		read_va("A (satp write only): va", VA);
		read_va("A (satp write only): va2", VA2);
		csr_write(satp, SATP_MODE_39 | 2UL << SATP_ASID_SHIFT | (unsigned long)b >> 12);
		read_va("B (satp write only): va", VA);
		csr_write(satp, SATP_MODE_39 | 1UL << SATP_ASID_SHIFT | (unsigned long)a >> 12);
	}
	/* change B while A runs, fence B's ASID, switch */
	*pt_entry(b, VA, LVL_4K) = pte_make(p3, _PAGE_V | _PAGE_R | _PAGE_A);
	asm volatile("sfence.vma zero, %0" ::"r"(2UL) : "memory");
	csr_write(satp, SATP_MODE_39 | 2UL << SATP_ASID_SHIFT | (unsigned long)b >> 12);
	read_va("B after its ASID was fenced from A: va", VA);
	t = try_store(VA, 1);
	print_access("B: store to the now read-only va", t, 0);

	/* the same root with a different ASID */
	satp_sv39(a, 7);
	read_va("A as ASID 7: va", VA);

	/* rs2's bits above ASIDLEN (16 on QEMU) are ignored: this fence is for ASID 7 */
	*pte = pte_make(p3, _PAGE_V | PTE_RW | PTE_AD);
	asm volatile("sfence.vma %0, %1" ::"r"(VA), "r"(7UL | 1UL << 20) : "memory");
	read_va("A as ASID 7: remapped to p3, sfence.vma va, asid 7 | 1 << 20", VA);

	/* nothing was ever cached for a new ASID, even on a root used before */
	*pte = pte_make(p2, _PAGE_V | PTE_RW | PTE_AD);
	csr_write(satp, SATP_MODE_39 | 8UL << SATP_ASID_SHIFT | (unsigned long)a >> 12);
	read_va("A as ASID 8 (first use, no sfence): va", VA);

	/*
	 * Not a valid Sv39 address: the fence has no effect. Its bits 38:30 (258)
	 * name a root slot that SVPN keeps for itself (at 1ace8b2 this fence
	 * unmapped SVPN's own code and the hart hung).
	 */
	asm volatile("sfence.vma %0" ::"r"(0x4080000000UL) : "memory");
	asm volatile("sfence.vma %0, %1" ::"r"(0xb508ad40aca683dcUL), "r"(8UL) : "memory");
	read_va("A as ASID 8, after fences of non-canonical addresses: va", VA);
	satp_bare();
	printf("bare: p1[0]=%lx p2[0]=%lx p3[0]=%lx\n", *(u64 *)p1, *(u64 *)p2, *(u64 *)p3);
}
