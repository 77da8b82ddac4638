/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A bitmap allocator of 4 KiB physical pages. Pure logic over addresses:
 * it never touches the pages themselves, so host unit tests drive it
 * directly. Locking and zeroing are the caller's (mm/pages.c).
 */
#ifndef _SVPN_PAGE_ALLOC_H
#define _SVPN_PAGE_ALLOC_H

#include <stdbool.h>
#include <stdint.h>

#define PAGE_ALLOC_PAGE_SIZE 4096UL
#define BITS_PER_WORD	     (8 * sizeof(unsigned long))

struct page_alloc {
	uint64_t base; /* physical address of page 0 */
	unsigned long nr_pages;
	unsigned long nr_free;
	unsigned long *bitmap; /* bit set = page in use or reserved */
	unsigned long hint;    /* every page below it is in use */
};

/* All pages start reserved; page_alloc_release() makes ranges usable. */
void page_alloc_init(struct page_alloc *pa, uint64_t base, unsigned long nr_pages,
		     unsigned long *bitmap);
/* Mark [start, start + size) free / in use; parts outside the pool are ignored. */
void page_alloc_release(struct page_alloc *pa, uint64_t start, uint64_t size);
void page_alloc_reserve(struct page_alloc *pa, uint64_t start, uint64_t size);
/* @nr contiguous pages aligned to @align_pages (a power of two); 0 if none. */
uint64_t page_alloc_get(struct page_alloc *pa, unsigned long nr, unsigned long align_pages);
/* Returns false (and changes nothing) for a range that is not wholly in use. */
bool page_alloc_put(struct page_alloc *pa, uint64_t addr, unsigned long nr);

#endif /* _SVPN_PAGE_ALLOC_H */
