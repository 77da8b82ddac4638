// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for mm/page_alloc.c, the bitmap allocator behind
 * alloc_pages(). It works on addresses only, so the pools here can sit
 * anywhere in the 64-bit space, including its very top.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <svpn/page_alloc.h>

#define PG	 PAGE_ALLOC_PAGE_SIZE
#define BASE	 0x80000000ULL
#define NR_PAGES 100 /* not a multiple of the bitmap word */

struct pool {
	struct page_alloc pa;
	unsigned long *bitmap;
};

static struct pool *pool_new(uint64_t base, unsigned long nr_pages)
{
	struct pool *p = calloc(1, sizeof(*p));
	unsigned long words = (nr_pages + BITS_PER_WORD - 1) / BITS_PER_WORD;

	assert_non_null(p);
	/* Exactly the words the pool needs: ASan catches any access past them. */
	p->bitmap = malloc((words ? words : 1) * sizeof(unsigned long));
	assert_non_null(p->bitmap);
	page_alloc_init(&p->pa, base, nr_pages, p->bitmap);
	return p;
}

static void pool_free(struct pool *p)
{
	free(p->bitmap);
	free(p);
}

/* nr_free must always equal the number of clear bits. */
static void check_count(const struct page_alloc *pa)
{
	unsigned long i, free_bits = 0;

	for (i = 0; i < pa->nr_pages; i++)
		if (!(pa->bitmap[i / BITS_PER_WORD] & (1UL << (i % BITS_PER_WORD))))
			free_bits++;
	assert_int_equal(pa->nr_free, free_bits);
}

static int setup(void **state)
{
	struct pool *p = pool_new(BASE, NR_PAGES);

	page_alloc_release(&p->pa, BASE, NR_PAGES * PG);
	*state = p;
	return 0;
}

static int teardown(void **state)
{
	check_count(&((struct pool *)*state)->pa);
	pool_free(*state);
	return 0;
}

/* ---- init, release, reserve ------------------------------------------- */

static void test_init_all_reserved(void **state)
{
	struct pool *p = pool_new(BASE, NR_PAGES);

	assert_int_equal(p->pa.nr_pages, NR_PAGES);
	assert_int_equal(p->pa.nr_free, 0);
	assert_int_equal(page_alloc_get(&p->pa, 1, 1), 0);
	check_count(&p->pa);
	pool_free(p);
}

static void test_release_all(void **state)
{
	struct pool *p = *state;

	assert_int_equal(p->pa.nr_free, NR_PAGES);
	/* Releasing again changes nothing. */
	page_alloc_release(&p->pa, BASE, NR_PAGES * PG);
	assert_int_equal(p->pa.nr_free, NR_PAGES);
}

/* Release rounds inwards: a partial page is never handed out. */
static void test_release_rounds_inwards(void **state)
{
	struct pool *p = pool_new(BASE, NR_PAGES);

	page_alloc_release(&p->pa, BASE + 100, 2 * PG); /* covers page 1 only */
	assert_int_equal(p->pa.nr_free, 1);
	assert_int_equal(page_alloc_get(&p->pa, 1, 1), BASE + PG);
	page_alloc_release(&p->pa, BASE + 5 * PG + 1, PG); /* no whole page */
	assert_int_equal(p->pa.nr_free, 0);
	check_count(&p->pa);
	pool_free(p);
}

/* Reserve rounds outwards: every page touched is taken. */
static void test_reserve_rounds_outwards(void **state)
{
	struct pool *p = *state;

	page_alloc_reserve(&p->pa, BASE + PG - 1, 2); /* touches pages 0 and 1 */
	assert_int_equal(p->pa.nr_free, NR_PAGES - 2);
	assert_int_equal(page_alloc_get(&p->pa, 1, 1), BASE + 2 * PG);
	/* Reserving a reserved range again does not count twice. */
	page_alloc_reserve(&p->pa, BASE, 2 * PG);
	assert_int_equal(p->pa.nr_free, NR_PAGES - 3);
}

static void test_out_of_pool_ranges(void **state)
{
	struct pool *p = *state;

	page_alloc_reserve(&p->pa, 0, BASE);			   /* wholly below */
	page_alloc_reserve(&p->pa, BASE + NR_PAGES * PG, 64 * PG); /* wholly above */
	page_alloc_reserve(&p->pa, BASE, 0);			   /* empty */
	assert_int_equal(p->pa.nr_free, NR_PAGES);

	/* Straddling either end: only the part inside counts. */
	page_alloc_reserve(&p->pa, BASE - 4 * PG, 6 * PG);
	assert_int_equal(p->pa.nr_free, NR_PAGES - 2);
	page_alloc_reserve(&p->pa, BASE + (NR_PAGES - 1) * PG, 10 * PG);
	assert_int_equal(p->pa.nr_free, NR_PAGES - 3);
	page_alloc_release(&p->pa, 0, ~0ULL);
	assert_int_equal(p->pa.nr_free, NR_PAGES);
}

/* start + size beyond 2^64 is clipped, not wrapped to a small address. */
static void test_range_wraps_address_space(void **state)
{
	struct pool *p = *state;

	page_alloc_reserve(&p->pa, BASE + 10 * PG, UINT64_MAX);
	assert_int_equal(p->pa.nr_free, 10);
	page_alloc_release(&p->pa, BASE + 20 * PG, UINT64_MAX - 5);
	assert_int_equal(p->pa.nr_free, NR_PAGES - 10);
	/* A range that starts above the pool and wraps around to below it. */
	page_alloc_reserve(&p->pa, UINT64_MAX - PG, 4 * PG);
	assert_int_equal(p->pa.nr_free, NR_PAGES - 10);
}

/*
 * A pool in the last pages below 2^64 - 4 KiB. (A pool ending exactly at
 * 2^64 is not supported: its end address is not representable. Physical
 * addresses stop at 2^56, so no real pool comes near.)
 */
static void test_pool_near_top_of_address_space(void **state)
{
	uint64_t base = 0 - 17 * PG;
	struct pool *p = pool_new(base, 16);

	page_alloc_release(&p->pa, base, UINT64_MAX);
	assert_int_equal(p->pa.nr_free, 16);
	assert_int_equal(page_alloc_get(&p->pa, 16, 1), base);
	assert_false(page_alloc_put(&p->pa, base + 15 * PG, 2));
	assert_true(page_alloc_put(&p->pa, base, 16));
	page_alloc_reserve(&p->pa, base + 15 * PG, 4 * PG); /* wraps past 2^64 */
	assert_int_equal(p->pa.nr_free, 15);
	check_count(&p->pa);
	pool_free(p);
}

/* ---- get --------------------------------------------------------------- */

static void test_get_first_fit(void **state)
{
	struct pool *p = *state;

	assert_int_equal(page_alloc_get(&p->pa, 1, 1), BASE);
	assert_int_equal(page_alloc_get(&p->pa, 3, 1), BASE + PG);
	assert_int_equal(page_alloc_get(&p->pa, 1, 1), BASE + 4 * PG);
	assert_int_equal(p->pa.nr_free, NR_PAGES - 5);
}

static void test_get_bad_arguments(void **state)
{
	struct pool *p = *state;

	assert_int_equal(page_alloc_get(&p->pa, 0, 1), 0);
	assert_int_equal(page_alloc_get(&p->pa, 1, 0), 0);
	assert_int_equal(page_alloc_get(&p->pa, 1, 3), 0); /* not a power of two */
	assert_int_equal(page_alloc_get(&p->pa, NR_PAGES + 1, 1), 0);
	assert_int_equal(page_alloc_get(&p->pa, ~0UL, 1), 0);
	assert_int_equal(p->pa.nr_free, NR_PAGES);
}

/* Alignment is of the physical address, even when the pool base is not aligned. */
static void test_get_alignment(void **state)
{
	uint64_t base = BASE + 3 * PG; /* 12 KiB past a 64 KiB boundary */
	struct pool *p = pool_new(base, 64);
	uint64_t a;

	page_alloc_release(&p->pa, base, 64 * PG);
	a = page_alloc_get(&p->pa, 1, 16);
	assert_int_equal(a, BASE + 16 * PG);
	a = page_alloc_get(&p->pa, 4, 4);
	assert_int_equal(a % (4 * PG), 0);
	assert_int_equal(a, BASE + 4 * PG);
	a = page_alloc_get(&p->pa, 2, 2);
	assert_int_equal(a, BASE + 8 * PG);
	/* The unaligned head is still usable without alignment. */
	assert_int_equal(page_alloc_get(&p->pa, 1, 1), base);
	assert_int_equal(page_alloc_get(&p->pa, 32, 32), BASE + 32 * PG);
	/* The only 256 KiB aligned page left is too close to the end for 4. */
	assert_int_equal(page_alloc_get(&p->pa, 4, 64), 0);
	assert_int_equal(page_alloc_get(&p->pa, 3, 64), BASE + 64 * PG);
	check_count(&p->pa);
	pool_free(p);
}

/* Enough free pages but no contiguous run: get fails and changes nothing. */
static void test_get_fragmented(void **state)
{
	struct pool *p = *state;
	unsigned long i;

	for (i = 0; i < NR_PAGES; i += 2)
		page_alloc_reserve(&p->pa, BASE + i * PG, PG);
	assert_int_equal(p->pa.nr_free, NR_PAGES / 2);
	assert_int_equal(page_alloc_get(&p->pa, 2, 1), 0);
	assert_int_equal(p->pa.nr_free, NR_PAGES / 2);
	assert_int_equal(page_alloc_get(&p->pa, 1, 1), BASE + PG);
}

/* Whole bitmap words in use are skipped, and the first free page after them is found. */
static void test_get_after_full_words(void **state)
{
	struct pool *p = *state;

	page_alloc_reserve(&p->pa, BASE, 70 * PG);
	assert_int_equal(page_alloc_get(&p->pa, 1, 1), BASE + 70 * PG);
	assert_int_equal(page_alloc_get(&p->pa, 4, 4), BASE + 72 * PG);
	assert_int_equal(page_alloc_get(&p->pa, 1, 1), BASE + 71 * PG);
}

/* A range released below where the allocator last found a page is found again, first. */
static void test_release_below_hint(void **state)
{
	struct pool *p = *state;
	unsigned long i;

	for (i = 0; i < NR_PAGES; i++)
		assert_int_equal(page_alloc_get(&p->pa, 1, 1), BASE + i * PG);
	page_alloc_release(&p->pa, BASE + 3 * PG, 2 * PG);
	assert_int_equal(p->pa.nr_free, 2);
	assert_int_equal(page_alloc_get(&p->pa, 2, 1), BASE + 3 * PG);
}

/* Releasing whole words at once counts only the pages that were in use. */
static void test_release_counts_words(void **state)
{
	struct pool *p = *state;
	unsigned long i;

	page_alloc_reserve(&p->pa, BASE, NR_PAGES * PG);
	for (i = 0; i < NR_PAGES; i += 3)
		page_alloc_release(&p->pa, BASE + i * PG, PG);
	page_alloc_release(&p->pa, BASE + PG, (NR_PAGES - 2) * PG);
	assert_int_equal(p->pa.nr_free, NR_PAGES);
}

static void test_exhaustion(void **state)
{
	struct pool *p = *state;
	unsigned long i;

	for (i = 0; i < NR_PAGES; i++)
		assert_int_equal(page_alloc_get(&p->pa, 1, 1), BASE + i * PG);
	assert_int_equal(p->pa.nr_free, 0);
	assert_int_equal(page_alloc_get(&p->pa, 1, 1), 0);
	assert_true(page_alloc_put(&p->pa, BASE + 42 * PG, 1));
	assert_int_equal(page_alloc_get(&p->pa, 1, 1), BASE + 42 * PG);
	assert_int_equal(page_alloc_get(&p->pa, 1, 1), 0);
}

/* The whole pool in one piece, then again after a put. */
static void test_get_whole_pool(void **state)
{
	struct pool *p = *state;

	assert_int_equal(page_alloc_get(&p->pa, NR_PAGES, 1), BASE);
	assert_int_equal(p->pa.nr_free, 0);
	assert_true(page_alloc_put(&p->pa, BASE, NR_PAGES));
	assert_int_equal(page_alloc_get(&p->pa, NR_PAGES, 1), BASE);
}

/* The last page of a pool that does not fill its last bitmap word. */
static void test_get_last_page(void **state)
{
	struct pool *p = *state;

	page_alloc_reserve(&p->pa, BASE, (NR_PAGES - 1) * PG);
	assert_int_equal(page_alloc_get(&p->pa, 1, 1), BASE + (NR_PAGES - 1) * PG);
	assert_int_equal(page_alloc_get(&p->pa, 1, 1), 0);
}

/* ---- put --------------------------------------------------------------- */

static void test_put_double_free(void **state)
{
	struct pool *p = *state;
	uint64_t a = page_alloc_get(&p->pa, 2, 1);

	assert_true(page_alloc_put(&p->pa, a, 2));
	assert_int_equal(p->pa.nr_free, NR_PAGES);
	assert_false(page_alloc_put(&p->pa, a, 2));
	assert_false(page_alloc_put(&p->pa, a + PG, 1));
	assert_int_equal(p->pa.nr_free, NR_PAGES);
}

/* A range that is only partly in use is refused as a whole. */
static void test_put_partly_free(void **state)
{
	struct pool *p = *state;
	uint64_t a = page_alloc_get(&p->pa, 2, 1);

	assert_false(page_alloc_put(&p->pa, a, 3));
	assert_int_equal(p->pa.nr_free, NR_PAGES - 2);
	assert_true(page_alloc_put(&p->pa, a, 2));
}

static void test_put_bad_addresses(void **state)
{
	struct pool *p = *state;

	assert_int_equal(page_alloc_get(&p->pa, NR_PAGES, 1), BASE);
	assert_false(page_alloc_put(&p->pa, BASE - PG, 1)); /* below */
	assert_false(page_alloc_put(&p->pa, 0, 1));
	assert_false(page_alloc_put(&p->pa, BASE + 1, 1));		     /* not page aligned */
	assert_false(page_alloc_put(&p->pa, BASE + NR_PAGES * PG, 1));	     /* just past */
	assert_false(page_alloc_put(&p->pa, BASE + (NR_PAGES - 1) * PG, 2)); /* runs past */
	assert_false(page_alloc_put(&p->pa, BASE + PG, ~0UL));		     /* nr overflows */
	assert_false(page_alloc_put(&p->pa, UINT64_MAX & ~(PG - 1), 1));
	assert_int_equal(p->pa.nr_free, 0);
}

static void test_put_zero_pages(void **state)
{
	struct pool *p = *state;

	/* Putting nothing frees nothing. */
	page_alloc_put(&p->pa, BASE, 0);
	assert_int_equal(p->pa.nr_free, NR_PAGES);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_all_reserved),
		cmocka_unit_test_setup_teardown(test_release_all, setup, teardown),
		cmocka_unit_test(test_release_rounds_inwards),
		cmocka_unit_test_setup_teardown(test_reserve_rounds_outwards, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_pool_ranges, setup, teardown),
		cmocka_unit_test_setup_teardown(test_range_wraps_address_space, setup, teardown),
		cmocka_unit_test(test_pool_near_top_of_address_space),
		cmocka_unit_test_setup_teardown(test_get_first_fit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_bad_arguments, setup, teardown),
		cmocka_unit_test(test_get_alignment),
		cmocka_unit_test_setup_teardown(test_get_fragmented, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exhaustion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_after_full_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_below_hint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release_counts_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_whole_pool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_get_last_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_double_free, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_partly_free, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_bad_addresses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_zero_pages, setup, teardown),
	};

	/* cmocka reports failures on stderr: keep them in order with stdout. */
	setvbuf(stdout, NULL, _IONBF, 0);
	return cmocka_run_group_tests_name("page_alloc", tests, NULL, NULL);
}
