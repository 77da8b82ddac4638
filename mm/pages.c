// SPDX-License-Identifier: GPL-2.0
/* The host page pool: page_alloc.c under a lock, in the linear map, zeroed. */
#include <asm/memory.h>
#include <asm/page.h>
#include <asm/spinlock.h>
#include <string.h>
#include <svpn/mm.h>
#include <svpn/page_alloc.h>
#include <svpn/panic.h>
#include <svpn/platform.h>
#include <svpn/printk.h>

#define POISON_BYTE 0x6b

extern char __svpn_end[];

static unsigned long page_bitmap[MM_MAX_PAGES / BITS_PER_WORD];
static struct page_alloc host_pages;
static spinlock_t host_pages_lock = SPINLOCK_INIT;

/*
 * Zero whole pages with 64-bit stores. picolibc's memset is built for size
 * and stores a byte at a time; zeroing a 128 MiB guest with it was most of
 * SVPN's boot time.
 */
static void clear_pages(void *va, unsigned long nr)
{
	unsigned long *p = va, *end = p + nr * (PAGE_SIZE / sizeof(*p));

	for (; p < end; p += 8) {
		p[0] = 0;
		p[1] = 0;
		p[2] = 0;
		p[3] = 0;
		p[4] = 0;
		p[5] = 0;
		p[6] = 0;
		p[7] = 0;
	}
}

static unsigned long alloc_align(unsigned long nr)
{
	unsigned long align = 1;

	while (align < nr && align < PMD_SIZE / PAGE_SIZE)
		align <<= 1;
	return align;
}

#define POISON_WORD (0x0101010101010101UL * POISON_BYTE)

static void check_poison(const unsigned long *p, unsigned long len)
{
	unsigned long i;

	for (i = 0; i < len / sizeof(*p); i++)
		if (p[i] != POISON_WORD)
			panic("page %p modified while free (offset %lu)", p, i * sizeof(*p));
}

/* With poisoning on, every free page holds the poison from the start. */
static void poison_free_pages(void)
{
	unsigned long i;

	for (i = 0; i < host_pages.nr_pages; i++)
		if (!(host_pages.bitmap[i / BITS_PER_WORD] & (1UL << (i % BITS_PER_WORD))))
			memset(__va(host_pages.base + i * PAGE_SIZE), POISON_BYTE, PAGE_SIZE);
}

void mm_init(const struct platform *plat, const uint64_t (*reserved)[2], int nr)
{
	uint64_t ram_size = plat->ram.size;
	int i;

	if (ram_size / PAGE_SIZE > MM_MAX_PAGES) {
		pr_warn("using %lu of %llu MiB of RAM (CONFIG_PAGE_ALLOC_MAX_RAM_MB)\n",
			MM_MAX_PAGES / 256, (unsigned long long)(ram_size >> 20));
		ram_size = MM_MAX_PAGES * PAGE_SIZE;
	}
	if (!pa_in_linear_map(plat->ram.base, ram_size)) {
		uint64_t usable =
			plat->ram.base < LINEAR_MAP_SIZE ? LINEAR_MAP_SIZE - plat->ram.base : 0;

		pr_warn("RAM beyond the linear map is not used\n");
		ram_size = usable < ram_size ? usable : ram_size;
	}
	page_alloc_init(&host_pages, plat->ram.base, ram_size / PAGE_SIZE, page_bitmap);
	page_alloc_release(&host_pages, plat->ram.base, ram_size);
	page_alloc_reserve(&host_pages, RAM_BASE, __pa(__svpn_end) - RAM_BASE);
	for (i = 0; i < nr; i++)
		page_alloc_reserve(&host_pages, reserved[i][0], reserved[i][1]);
	if (IS_ENABLED(CONFIG_DEBUG_PAGE_POISON))
		poison_free_pages();
}

void *alloc_pages(unsigned long nr)
{
	uint64_t pa;
	void *va;

	spin_lock(&host_pages_lock);
	pa = page_alloc_get(&host_pages, nr, alloc_align(nr));
	spin_unlock(&host_pages_lock);
	if (!pa)
		return NULL;
	va = __va(pa);
	if (IS_ENABLED(CONFIG_DEBUG_PAGE_POISON))
		check_poison(va, nr * PAGE_SIZE);
	clear_pages(va, nr);
	return va;
}

void free_pages(void *va, unsigned long nr)
{
	bool ok;

	if (IS_ENABLED(CONFIG_DEBUG_PAGE_POISON))
		memset(va, POISON_BYTE, nr * PAGE_SIZE);
	spin_lock(&host_pages_lock);
	ok = page_alloc_put(&host_pages, __pa(va), nr);
	spin_unlock(&host_pages_lock);
	if (!ok)
		panic("free_pages(%p, %lu): pages not allocated", va, nr);
}

void mm_release(uint64_t pa, uint64_t size)
{
	uint64_t image_end = __pa(__svpn_end);

	/* Never SVPN's own image, whatever range a caller was handed. */
	if (pa < image_end) {
		size = pa + size > image_end ? pa + size - image_end : 0;
		pa = image_end;
	}
	if (IS_ENABLED(CONFIG_DEBUG_PAGE_POISON) && size >= PAGE_SIZE) {
		uint64_t first = ALIGN_UP(pa, PAGE_SIZE), end = ALIGN_DOWN(pa + size, PAGE_SIZE);

		if (end > first)
			memset(__va(first), POISON_BYTE, end - first);
	}
	spin_lock(&host_pages_lock);
	page_alloc_release(&host_pages, pa, size);
	spin_unlock(&host_pages_lock);
}

unsigned long mm_free_pages(void)
{
	return host_pages.nr_free;
}

unsigned long mm_total_pages(void)
{
	return host_pages.nr_pages;
}
