// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of mm/shadow_policy.c: the permissions a shadow leaf gets in
 * each view (guest-U, guest-S with and without SUM, MXR), the dirty-bit
 * write protection, and how large a shadow leaf may be.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <asm/page.h>
#include <svpn/shadow_policy.h>

#define RWX	  (_PAGE_R | _PAGE_W | _PAGE_X)
#define BASE_PROT (_PAGE_V | _PAGE_U | _PAGE_A | _PAGE_D)
#define MiB	  (1024ULL * 1024)
#define GiB	  (1024 * MiB)

static const struct sv39_mode user = { .user = true }, sup = { 0 }, sup_sum = { .sum = true },
			      sup_mxr = { .mxr = true }, user_mxr = { .user = true, .mxr = true };

static uint64_t prot(uint64_t gpte, const struct sv39_mode *mode)
{
	return shadow_leaf_prot(_PAGE_V | _PAGE_A | gpte, mode);
}

static void test_every_shadow_leaf_is_user_and_valid(void **state)
{
	assert_int_equal(prot(RWX | _PAGE_D, &sup) & BASE_PROT, BASE_PROT);
	assert_int_equal(prot(_PAGE_R, &user) & BASE_PROT, BASE_PROT);
}

static void test_user_page_views(void **state)
{
	uint64_t upage = RWX | _PAGE_U | _PAGE_D;

	assert_int_equal(prot(upage, &user), BASE_PROT | RWX);
	/* guest-S without SUM: nothing at all */
	assert_int_equal(prot(upage, &sup), BASE_PROT);
	/* guest-S with SUM: read and write, never execute */
	assert_int_equal(prot(upage, &sup_sum), BASE_PROT | _PAGE_R | _PAGE_W);
}

static void test_supervisor_page_views(void **state)
{
	uint64_t spage = RWX | _PAGE_D;

	assert_int_equal(prot(spage, &sup), BASE_PROT | RWX);
	assert_int_equal(prot(spage, &sup_sum), BASE_PROT | RWX);
	/* guest-U never reaches a supervisor page */
	assert_int_equal(prot(spage, &user), BASE_PROT);
}

static void test_clean_pages_are_write_protected(void **state)
{
	/* W without D: mapped without W so that the first write faults and sets D */
	assert_int_equal(prot(_PAGE_R | _PAGE_W, &sup), BASE_PROT | _PAGE_R);
	assert_int_equal(prot(_PAGE_R | _PAGE_W | _PAGE_D, &sup), BASE_PROT | _PAGE_R | _PAGE_W);
}

static void test_mxr_makes_execute_only_readable(void **state)
{
	assert_int_equal(prot(_PAGE_X, &sup), BASE_PROT | _PAGE_X);
	assert_int_equal(prot(_PAGE_X, &sup_mxr), BASE_PROT | _PAGE_X | _PAGE_R);
	assert_int_equal(prot(_PAGE_X | _PAGE_U, &user_mxr), BASE_PROT | _PAGE_X | _PAGE_R);
}

static void test_never_write_without_read(void **state)
{
	uint64_t g;

	for (g = 0; g < 0x100; g++) {
		uint64_t p = shadow_leaf_prot(g | _PAGE_V, &sup_sum);

		assert_false((p & (_PAGE_R | _PAGE_W)) == _PAGE_W);
	}
}

static void test_leaf_level(void **state)
{
	const struct gpa_map ram = { .ram_gpa = 2 * GiB,
				     .ram_size = 128 * MiB,
				     .ram_hpa = 2 * GiB + 136 * MiB };
	const struct gpa_map odd = { .ram_gpa = 2 * GiB,
				     .ram_size = 128 * MiB,
				     .ram_hpa = 2 * GiB + 1 * MiB };

	/* 4 KiB pages stay 4 KiB */
	assert_int_equal(shadow_leaf_level(&ram, 2 * GiB + 0x1000, 0), 0);
	/* a 2 MiB guest page inside RAM, host-aligned: one 2 MiB leaf */
	assert_int_equal(shadow_leaf_level(&ram, 2 * GiB + 4 * MiB + 0x123, 1), 1);
	/* a 1 GiB guest page over 128 MiB of RAM: split to 2 MiB */
	assert_int_equal(shadow_leaf_level(&ram, 2 * GiB + 0x5000, 2), 1);
	/* host RAM not 2 MiB-aligned: 4 KiB leaves */
	assert_int_equal(shadow_leaf_level(&odd, 2 * GiB + 4 * MiB, 1), 0);
	/* the last 2 MiB of RAM still fits; the page past it does not matter here */
	assert_int_equal(shadow_leaf_level(&ram, 2 * GiB + 126 * MiB, 1), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_shadow_leaf_is_user_and_valid),
		cmocka_unit_test(test_user_page_views),
		cmocka_unit_test(test_supervisor_page_views),
		cmocka_unit_test(test_clean_pages_are_write_protected),
		cmocka_unit_test(test_mxr_makes_execute_only_readable),
		cmocka_unit_test(test_never_write_without_read),
		cmocka_unit_test(test_leaf_level),
	};

	return cmocka_run_group_tests_name("shadow_policy", tests, NULL, NULL);
}
