// SPDX-License-Identifier: GPL-2.0
/*
 * Physical page allocator: one bit per page, first fit. SVPN allocates
 * rarely (page tables, guest RAM at guest creation) so simplicity beats
 * speed here; contiguous aligned runs are what guest RAM needs.
 */
#include <svpn/page_alloc.h>

static bool test_bit_(const unsigned long *map, unsigned long n)
{
	return map[n / BITS_PER_WORD] & (1UL << (n % BITS_PER_WORD));
}

static void set_bit_(unsigned long *map, unsigned long n)
{
	map[n / BITS_PER_WORD] |= 1UL << (n % BITS_PER_WORD);
}

static void clear_bit_(unsigned long *map, unsigned long n)
{
	map[n / BITS_PER_WORD] &= ~(1UL << (n % BITS_PER_WORD));
}

void page_alloc_init(struct page_alloc *pa, uint64_t base, unsigned long nr_pages,
		     unsigned long *bitmap)
{
	unsigned long i;

	pa->base = base;
	pa->nr_pages = nr_pages;
	pa->nr_free = 0;
	pa->bitmap = bitmap;
	pa->hint = 0;
	for (i = 0; i < (nr_pages + BITS_PER_WORD - 1) / BITS_PER_WORD; i++)
		bitmap[i] = ~0UL;
}

/* Clip [start, start + size) to whole pages of the pool: first and end page index. */
static bool clip(const struct page_alloc *pa, uint64_t start, uint64_t size, bool inner,
		 unsigned long *first, unsigned long *end)
{
	uint64_t lo = start, hi = start + size;
	uint64_t pool_end = pa->base + (uint64_t)pa->nr_pages * PAGE_ALLOC_PAGE_SIZE;

	if (hi < lo)
		hi = UINT64_MAX; /* wrapped: up to the end of the address space */
	if (lo < pa->base)
		lo = pa->base;
	if (hi > pool_end)
		hi = pool_end;
	if (lo >= hi)
		return false;
	/* Releasing rounds inwards (never free a partial page), reserving outwards. */
	if (inner) {
		*first = (lo - pa->base + PAGE_ALLOC_PAGE_SIZE - 1) / PAGE_ALLOC_PAGE_SIZE;
		*end = (hi - pa->base) / PAGE_ALLOC_PAGE_SIZE;
	} else {
		*first = (lo - pa->base) / PAGE_ALLOC_PAGE_SIZE;
		*end = (hi - pa->base + PAGE_ALLOC_PAGE_SIZE - 1) / PAGE_ALLOC_PAGE_SIZE;
	}
	return *first < *end;
}

void page_alloc_release(struct page_alloc *pa, uint64_t start, uint64_t size)
{
	unsigned long i, first, end;

	if (!clip(pa, start, size, true, &first, &end))
		return;
	for (i = first; i < end;) {
		/* Whole words at once: releasing a guest package of megabytes is one pass. */
		if (i % BITS_PER_WORD == 0 && end - i >= BITS_PER_WORD) {
			pa->nr_free += __builtin_popcountl(pa->bitmap[i / BITS_PER_WORD]);
			pa->bitmap[i / BITS_PER_WORD] = 0;
			i += BITS_PER_WORD;
			continue;
		}
		if (test_bit_(pa->bitmap, i)) {
			clear_bit_(pa->bitmap, i);
			pa->nr_free++;
		}
		i++;
	}
	if (first < pa->hint)
		pa->hint = first;
}

void page_alloc_reserve(struct page_alloc *pa, uint64_t start, uint64_t size)
{
	unsigned long i, first, end;

	if (!clip(pa, start, size, false, &first, &end))
		return;
	for (i = first; i < end; i++) {
		if (!test_bit_(pa->bitmap, i)) {
			set_bit_(pa->bitmap, i);
			pa->nr_free--;
		}
	}
}

/*
 * The first free page at or after @from, or nr_pages: a word of the bitmap
 * at a time, so that the pages of guest RAM in use below cost 1/64 each.
 * Bits past nr_pages stay set from page_alloc_init(), so they never look free.
 */
static unsigned long next_free(const struct page_alloc *pa, unsigned long from)
{
	unsigned long nwords = (pa->nr_pages + BITS_PER_WORD - 1) / BITS_PER_WORD;
	unsigned long w = from / BITS_PER_WORD, free;

	if (from >= pa->nr_pages)
		return pa->nr_pages;
	free = ~pa->bitmap[w] & (~0UL << (from % BITS_PER_WORD));
	while (!free) {
		if (++w >= nwords)
			return pa->nr_pages;
		free = ~pa->bitmap[w];
	}
	from = w * BITS_PER_WORD + __builtin_ctzl(free);
	return from < pa->nr_pages ? from : pa->nr_pages;
}

/* @index rounded up so that its physical address is a multiple of @align pages. */
static unsigned long align_index(const struct page_alloc *pa, unsigned long index,
				 unsigned long align)
{
	unsigned long base_pfn = pa->base / PAGE_ALLOC_PAGE_SIZE;

	return ((base_pfn + index + align - 1) & ~(align - 1)) - base_pfn;
}

/* Index of the first page of a free run of @nr at or after @from, or nr_pages. */
static unsigned long find_run(const struct page_alloc *pa, unsigned long from, unsigned long nr,
			      unsigned long align)
{
	unsigned long start = from, i;

	for (;;) {
		start = align_index(pa, next_free(pa, start), align);
		if (start >= pa->nr_pages || nr > pa->nr_pages - start)
			return pa->nr_pages;
		for (i = 0; i < nr && !test_bit_(pa->bitmap, start + i); i++)
			;
		if (i == nr)
			return start;
		start += i + 1;
	}
}

uint64_t page_alloc_get(struct page_alloc *pa, unsigned long nr, unsigned long align_pages)
{
	unsigned long start, i;

	if (!nr || nr > pa->nr_free || !align_pages || (align_pages & (align_pages - 1)))
		return 0;
	pa->hint = next_free(pa, pa->hint);
	start = find_run(pa, pa->hint, nr, align_pages);
	if (start >= pa->nr_pages)
		return 0;
	for (i = 0; i < nr; i++)
		set_bit_(pa->bitmap, start + i);
	pa->nr_free -= nr;
	return pa->base + (uint64_t)start * PAGE_ALLOC_PAGE_SIZE;
}

bool page_alloc_put(struct page_alloc *pa, uint64_t addr, unsigned long nr)
{
	unsigned long first, i;

	if (addr < pa->base || (addr - pa->base) % PAGE_ALLOC_PAGE_SIZE)
		return false;
	first = (addr - pa->base) / PAGE_ALLOC_PAGE_SIZE;
	if (first >= pa->nr_pages || nr > pa->nr_pages - first)
		return false;
	for (i = 0; i < nr; i++)
		if (!test_bit_(pa->bitmap, first + i))
			return false;
	for (i = 0; i < nr; i++)
		clear_bit_(pa->bitmap, first + i);
	pa->nr_free += nr;
	if (first < pa->hint)
		pa->hint = first;
	return true;
}
