// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of mm/sv39.c, the guest page-table walker, on hand-built
 * tables in a fake guest RAM.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <asm/page.h>
#include <svpn/sv39.h>

#define RAM_BASE  0x80000000ULL
#define RAM_PAGES 64
#define ROOT	  (RAM_BASE + 0 * 4096)
#define L1	  (RAM_BASE + 1 * 4096)
#define L0	  (RAM_BASE + 2 * 4096)

static uint64_t ram[RAM_PAGES * 512];

static bool read_pte(void *ctx, uint64_t gpa, uint64_t *pte)
{
	if (gpa < RAM_BASE || gpa + 8 > RAM_BASE + sizeof(ram) || (gpa & 7))
		return false;
	*pte = ram[(gpa - RAM_BASE) / 8];
	return true;
}

static void set_pte(uint64_t table, unsigned int idx, uint64_t pte)
{
	ram[(table - RAM_BASE) / 8 + idx] = pte;
}

static uint64_t table_pte(uint64_t pa)
{
	return (pa >> 12) << 10 | _PAGE_V;
}

static uint64_t leaf(uint64_t pa, uint64_t prot)
{
	return (pa >> 12) << 10 | _PAGE_V | prot;
}

static int setup(void **state)
{
	memset(ram, 0, sizeof(ram));
	return 0;
}

static enum sv39_result walk(uint64_t va, struct sv39_walk *w)
{
	return sv39_walk(ROOT, va, read_pte, NULL, w);
}

/* va 0x40201000: root[1] -> L1[1] -> L0[1] */
static void test_4k_page(void **state)
{
	struct sv39_walk w;

	set_pte(ROOT, 1, table_pte(L1));
	set_pte(L1, 1, table_pte(L0));
	set_pte(L0, 1, leaf(0x80123000, _PAGE_R | _PAGE_W));
	assert_int_equal(walk(0x40201abc, &w), SV39_OK);
	assert_int_equal(w.level, 0);
	assert_int_equal(w.gpa, 0x80123abc);
	assert_int_equal(w.pte_gpa, L0 + 8);
}

static void test_megapage(void **state)
{
	struct sv39_walk w;

	set_pte(ROOT, 1, table_pte(L1));
	set_pte(L1, 3, leaf(0x80400000, _PAGE_R | _PAGE_X));
	assert_int_equal(walk(0x40612345, &w), SV39_OK);
	assert_int_equal(w.level, 1);
	assert_int_equal(w.gpa, 0x80412345);
}

static void test_gigapage_high_half(void **state)
{
	struct sv39_walk w;

	/* 0xffffffff80000000 is root index 510 */
	set_pte(ROOT, 510, leaf(0x80000000, _PAGE_R | _PAGE_W | _PAGE_X | _PAGE_G));
	assert_int_equal(walk(0xffffffff80001234ULL, &w), SV39_OK);
	assert_int_equal(w.level, 2);
	assert_int_equal(w.gpa, 0x80001234);
}

static void test_misaligned_superpages(void **state)
{
	struct sv39_walk w;

	set_pte(ROOT, 1, table_pte(L1));
	set_pte(L1, 3, leaf(0x80401000, _PAGE_R));   /* 2 MiB page, 4 KiB aligned */
	set_pte(ROOT, 2, leaf(0x80200000, _PAGE_R)); /* 1 GiB page, 2 MiB aligned */
	assert_int_equal(walk(0x40600000, &w), SV39_PAGE_FAULT);
	assert_int_equal(walk(0x80000000, &w), SV39_PAGE_FAULT);
}

static void test_invalid_entries(void **state)
{
	struct sv39_walk w;

	set_pte(ROOT, 0, leaf(0x80000000, _PAGE_R) & ~_PAGE_V); /* not valid */
	assert_int_equal(walk(0x1000, &w), SV39_PAGE_FAULT);
	set_pte(ROOT, 0, leaf(0x80000000, _PAGE_W)); /* W without R */
	assert_int_equal(walk(0x1000, &w), SV39_PAGE_FAULT);
	set_pte(ROOT, 0, leaf(0x80000000, _PAGE_W | _PAGE_X)); /* W|X without R */
	assert_int_equal(walk(0x1000, &w), SV39_PAGE_FAULT);
	set_pte(ROOT, 0, leaf(0x80000000, _PAGE_R) | (1ULL << 63)); /* N bit: reserved here */
	assert_int_equal(walk(0x1000, &w), SV39_PAGE_FAULT);
	set_pte(ROOT, 0, leaf(0x80000000, _PAGE_R) | (1ULL << 61)); /* PBMT: reserved here */
	assert_int_equal(walk(0x1000, &w), SV39_PAGE_FAULT);
}

static void test_pointer_at_level0_faults(void **state)
{
	struct sv39_walk w;

	set_pte(ROOT, 0, table_pte(L1));
	set_pte(L1, 0, table_pte(L0));
	set_pte(L0, 0, table_pte(L0)); /* a pointer where a leaf must be */
	assert_int_equal(walk(0x0, &w), SV39_PAGE_FAULT);
}

static void test_pointer_with_ad_u_faults(void **state)
{
	struct sv39_walk w;

	set_pte(L1, 0, leaf(0x80000000, _PAGE_R));
	set_pte(ROOT, 0, table_pte(L1) | _PAGE_A);
	assert_int_equal(walk(0x0, &w), SV39_PAGE_FAULT);
	set_pte(ROOT, 0, table_pte(L1) | _PAGE_U);
	assert_int_equal(walk(0x0, &w), SV39_PAGE_FAULT);
	set_pte(ROOT, 0, table_pte(L1));
	assert_int_equal(walk(0x0, &w), SV39_OK);
}

static void test_table_outside_ram_is_access_fault(void **state)
{
	struct sv39_walk w;

	set_pte(ROOT, 0, table_pte(0x10000000)); /* a device, not RAM */
	assert_int_equal(walk(0x0, &w), SV39_ACCESS_FAULT);
	assert_int_equal(sv39_walk(0x1000, 0x0, read_pte, NULL, &w), SV39_ACCESS_FAULT);
}

static void test_non_canonical_va(void **state)
{
	struct sv39_walk w;

	set_pte(ROOT, 256, leaf(0x80000000, _PAGE_R));
	assert_int_equal(walk(0x0000004000000000ULL, &w), SV39_PAGE_FAULT);
	assert_int_equal(walk(0xffffffc000000000ULL, &w), SV39_OK);
	assert_false(sv39_va_canonical(0x8000000000000000ULL));
	assert_true(sv39_va_canonical(0x0000003fffffffffULL));
}

static void test_permissions(void **state)
{
	const struct sv39_mode user = { .user = true }, sup = { 0 }, sup_sum = { .sum = true },
			       mxr = { .mxr = true };
	uint64_t upage = _PAGE_V | _PAGE_R | _PAGE_W | _PAGE_X | _PAGE_U;
	uint64_t spage = _PAGE_V | _PAGE_R | _PAGE_X;
	uint64_t xonly = _PAGE_V | _PAGE_X;

	assert_true(sv39_permits(upage, SV39_WRITE, &user));
	assert_false(sv39_permits(spage, SV39_READ, &user));
	assert_false(sv39_permits(upage, SV39_READ, &sup));
	assert_true(sv39_permits(upage, SV39_READ, &sup_sum));
	assert_true(sv39_permits(upage, SV39_WRITE, &sup_sum));
	assert_false(sv39_permits(upage, SV39_EXEC, &sup_sum)); /* S never runs U pages */
	assert_false(sv39_permits(spage, SV39_WRITE, &sup));
	assert_false(sv39_permits(xonly, SV39_READ, &sup));
	assert_true(sv39_permits(xonly, SV39_READ, &mxr));
	assert_true(sv39_permits(xonly, SV39_EXEC, &sup));
}

static void test_ad_update(void **state)
{
	uint64_t pte = _PAGE_V | _PAGE_R | _PAGE_W;

	assert_int_equal(sv39_ad_update(pte, SV39_READ), _PAGE_A);
	assert_int_equal(sv39_ad_update(pte, SV39_WRITE), _PAGE_A | _PAGE_D);
	assert_int_equal(sv39_ad_update(pte | _PAGE_A, SV39_WRITE), _PAGE_D);
	assert_int_equal(sv39_ad_update(pte | _PAGE_A | _PAGE_D, SV39_WRITE), 0);
	assert_int_equal(sv39_ad_update(pte | _PAGE_A, SV39_EXEC), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_4k_page, setup),
		cmocka_unit_test_setup(test_megapage, setup),
		cmocka_unit_test_setup(test_gigapage_high_half, setup),
		cmocka_unit_test_setup(test_misaligned_superpages, setup),
		cmocka_unit_test_setup(test_invalid_entries, setup),
		cmocka_unit_test_setup(test_pointer_at_level0_faults, setup),
		cmocka_unit_test_setup(test_pointer_with_ad_u_faults, setup),
		cmocka_unit_test_setup(test_table_outside_ram_is_access_fault, setup),
		cmocka_unit_test_setup(test_non_canonical_va, setup),
		cmocka_unit_test_setup(test_permissions, setup),
		cmocka_unit_test_setup(test_ad_update, setup),
	};

	return cmocka_run_group_tests_name("sv39_walk", tests, NULL, NULL);
}
