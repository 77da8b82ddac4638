// SPDX-License-Identifier: GPL-2.0
/*
 * sv39: a 3-level table with 4 KiB pages, a 2 MiB and a 1 GiB superpage,
 * aliases, execution through a mapping; misaligned superpages, non-canonical
 * and unmapped addresses give page faults with the address in stval.
 * (Memory issue: listed in pending-mm.txt.)
 */
#include "mmu.h"

const char guest_name[] = GUEST_NAME;

#define VA_4K	  0x40000000UL
#define VA_ALIAS  0x40001000UL
#define VA_EXEC	  0x40002000UL
#define VA_2M	  0x40200000UL
#define VA_2M_BAD 0x40400000UL
#define VA_1G	  0xc0000000UL
#define VA_1G_BAD 0x100000000UL
#define VA_HIGH	  0xffffffffc0000000UL /* top GiB: root index 511 */

void guest_main(unsigned long hartid, unsigned long dtb)
{
	pte_t *root = pt_new_root();
	unsigned long p1 = (unsigned long)page_alloc();
	unsigned long pcode = (unsigned long)page_alloc();
	unsigned long v, off = 0x238;
	int t;

	(void)hartid;
	(void)dtb;
	pt_map(root, VA_4K, p1, LVL_4K, PTE_RW | PTE_AD);
	pt_map(root, VA_ALIAS, p1, LVL_4K, _PAGE_R | _PAGE_A);
	pt_map(root, VA_EXEC, pcode, LVL_4K, _PAGE_X | _PAGE_A);
	put_ret_code(pcode, 42);
	/* the spare 2 MiB of RAM: identity (to check) and through a 2 MiB page */
	pt_map(root, SPARE_2M, SPARE_2M, LVL_2M, PTE_RW | PTE_AD);
	pt_map(root, VA_2M, SPARE_2M, LVL_2M, PTE_RW | PTE_AD);
	pt_map(root, VA_2M_BAD, SPARE_2M + 0x1000, LVL_2M, PTE_RW | PTE_AD);
	/* 1 GiB page over the first GiB of RAM (only the spare 2 MiB in it is touched) */
	pt_map(root, VA_1G, 0x80000000UL, LVL_1G, PTE_RW | PTE_AD);
	pt_map(root, VA_1G_BAD, IMAGE_BASE, LVL_1G, PTE_RW | PTE_AD);
	pt_map(root, VA_HIGH, 0x80000000UL, LVL_1G, PTE_RW | PTE_AD);

	satp_sv39(root, 0);
	printf("satp mode=%lu asid=%lu root ok %s\n", csr_read(satp) >> SATP_MODE_SHIFT,
	       (csr_read(satp) >> SATP_ASID_SHIFT) & 0xffff,
	       yesno((csr_read(satp) & SATP_PPN) == (unsigned long)root >> 12));
	printf("running with translation on\n");

	/* 4 KiB page, and an alias of it */
	sd_at(VA_4K + off, 0x1111222233334444UL);
	printf("4K: pa sees the va write %s\n", yesno(*(u64 *)(p1 + off) == 0x1111222233334444UL));
	*(u64 *)(p1 + 8) = 0x5555;
	printf("4K: va sees the pa write %s\n", yesno(ld_at(VA_4K + 8) == 0x5555));
	t = try_load(VA_ALIAS + off, &v);
	print_access("alias (R) load", t, v);
	CHECK(!t && v == 0x1111222233334444UL);
	t = try_store(VA_ALIAS, 1);
	print_access("alias (R) store", t, 0);
	CHECK(t && last_trap.cause == EXC_STORE_PAGE_FAULT && last_trap.tval == VA_ALIAS);

	/* execute through a mapping */
	t = try_exec(VA_EXEC, &v);
	print_access("exec via X page", t, v);
	CHECK(!t && v == 42);
	t = try_load(VA_EXEC, &v);
	print_access("load from X-only page", t, v);

	/* 2 MiB page */
	sd_at(VA_2M + 0x123450, 0xaaaa);
	printf("2M: identity sees it %s\n", yesno(*(u64 *)(SPARE_2M + 0x123450) == 0xaaaa));
	sd_at(SPARE_2M + 0x1ffff8, 0xbbbb);
	printf("2M: last word via superpage %s\n", yesno(ld_at(VA_2M + 0x1ffff8) == 0xbbbb));
	t = try_load(VA_2M_BAD + 0x10, &v);
	print_access("2M misaligned superpage load", t, v);
	CHECK(t && last_trap.cause == EXC_LOAD_PAGE_FAULT && last_trap.tval == VA_2M_BAD + 0x10);
	t = try_store(VA_2M_BAD + 0x10, 1);
	print_access("2M misaligned superpage store", t, 0);

	/* 1 GiB page */
	sd_at(VA_1G + (SPARE_2M - 0x80000000UL) + 0x40, 0xcccc);
	printf("1G: identity sees it %s\n", yesno(*(u64 *)(SPARE_2M + 0x40) == 0xcccc));
	printf("1G: va 0xffffffffc0000000 (root[511]) reads it too %s\n",
	       yesno(ld_at(VA_HIGH + (SPARE_2M - 0x80000000UL) + 0x40) == 0xcccc));
	t = try_load(VA_1G_BAD + 0x20, &v);
	print_access("1G misaligned superpage load", t, v);
	CHECK(t && last_trap.cause == EXC_LOAD_PAGE_FAULT);

	/* unmapped and non-canonical addresses */
	t = try_load(0x50000000UL, &v);
	print_access("unmapped load 0x50000000", t, v);
	t = try_store(0x40003000UL, 0);
	print_access("unmapped store 0x40003000 (table exists, PTE 0)", t, 0);
	t = try_exec(0x40004000UL, &v);
	print_access("unmapped exec 0x40004000", t, v);
	printf("  sepc=%lx\n", last_trap.epc);
	t = try_load(0x0000004000000000UL, &v);
	print_access("non-canonical load 0x4000000000", t, v);
	t = try_load(0x8000000000000000UL, &v);
	print_access("non-canonical load 0x8000000000000000", t, v);
	t = try_store(0xffffffbfffffff00UL, 0);
	print_access("non-canonical store 0xffffffbfffffff00", t, 0);
	t = try_load(0x80000000UL, &v);
	print_access("load 0x80000000 (not mapped 1:1)", t, v);

	satp_bare();
	printf("back to bare: satp=%lx\n", csr_read(satp));
	printf("bare: spare RAM still holds %lx\n", *(u64 *)(SPARE_2M + 0x123450));
}
