// SPDX-License-Identifier: GPL-2.0
/*
 * ad-bits: the accessed and dirty bits of leaf PTEs as the guest reads them
 * back after loads, stores, instruction fetches and faulting accesses (QEMU
 * sets them in hardware; SVPN must emulate it), on 4 KiB and 2 MiB pages;
 * non-leaf PTEs keep A/D clear. (Memory issue: listed in pending-mm.txt.)
 */
#include "mmu.h"

const char guest_name[] = GUEST_NAME;

#define VA(n) (0x40000000UL + (n)*PAGE_SIZE)
#define VA_2M 0x40200000UL

static void show(const char *what, pte_t *pte)
{
	printf("%s: A=%lu D=%lu\n", what, (*pte & _PAGE_A) >> 6, (*pte & _PAGE_D) >> 7);
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	pte_t *root = pt_new_root(), *pte[8], *big, *mid;
	unsigned long v;
	int t;

	(void)hartid;
	(void)dtb;
	for (int n = 0; n < 8; n++) {
		unsigned long flags = n == 3 ? _PAGE_X | _PAGE_R : n == 5 ? _PAGE_R : PTE_RW;

		pte[n] = pt_map(root, VA(n), (unsigned long)page_alloc(), LVL_4K, flags);
	}
	put_ret_code((*pte[3] >> _PAGE_PFN_SHIFT) << 12, 7);
	big = pt_map(root, VA_2M, SPARE_2M, LVL_2M, PTE_RW);
	mid = pt_entry(root, VA(0), LVL_2M); /* the non-leaf PTE above the 4 KiB pages */
	satp_sv39(root, 0);

	show("page0 untouched", pte[0]);
	ld_at(VA(0));
	show("page0 after load", pte[0]);
	CHECK((*pte[0] & _PAGE_A) && !(*pte[0] & _PAGE_D));
	sd_at(VA(1), 1);
	show("page1 after store", pte[1]);
	CHECK((*pte[1] & PTE_AD) == PTE_AD);
	show("page2 untouched", pte[2]);
	CHECK(!(*pte[2] & PTE_AD));
	t = try_exec(VA(3), &v);
	printf("page3 exec %s value=%lu\n", t ? "trapped" : "ok", v);
	show("page3 after fetch", pte[3]);
	CHECK(*pte[3] & _PAGE_A);
	ld_at(VA(4));
	sd_at(VA(4), 2);
	show("page4 after load then store", pte[4]);

	/* a store that faults (R-only page) */
	t = try_store(VA(5), 3);
	print_access("page5 (R) store", t, 0);
	show("page5 after faulting store", pte[5]);
	ld_at(VA(5));
	show("page5 after load", pte[5]);

	/* software clears A (and D), sfence.vma: the next access sets them again */
	*pte[0] &= ~_PAGE_A;
	sfence_vma_addr(VA(0));
	show("page0 A cleared + sfence", pte[0]);
	ld_at(VA(0) + 8);
	show("page0 after load", pte[0]);
	*pte[1] &= ~_PAGE_D;
	sfence_vma_addr(VA(1));
	ld_at(VA(1));
	show("page1 D cleared + sfence, after load", pte[1]);
	CHECK(!(*pte[1] & _PAGE_D));
	sd_at(VA(1), 4);
	show("page1 after store", pte[1]);
	CHECK(*pte[1] & _PAGE_D);
	*pte[1] &= ~PTE_AD;
	sfence_vma_all();
	sd_at(VA(1), 5);
	show("page1 A+D cleared + sfence all, after store", pte[1]);

	/* a 2 MiB page */
	show("2M untouched", big);
	ld_at(VA_2M + 0x100000);
	show("2M after load", big);
	sd_at(VA_2M + 0x1ff000, 6);
	show("2M after store", big);

	/* a load from an unmapped neighbour does not touch anything */
	t = try_load(VA(8), &v);
	print_access("unmapped page8 load", t, v);
	show("page7 untouched", pte[7]);
	printf("non-leaf PTE flags=%lx (A/D/U must stay clear)\n", *mid & 0xff);
	CHECK((*mid & 0xff) == _PAGE_V);

	satp_bare();
	printf("values: page1=%lu 2M=%lu\n", *(u64 *)((*pte[1] >> _PAGE_PFN_SHIFT) << 12),
	       *(u64 *)(SPARE_2M + 0x1ff000));
}
