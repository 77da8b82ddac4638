/* SPDX-License-Identifier: GPL-2.0 */
/* SVPN's own memory: host pages from the allocator, mapped in the linear map. */
#ifndef _SVPN_MM_H
#define _SVPN_MM_H

#include <stdint.h>

struct platform;

/* The most host pages the allocator manages (its bitmap's size). */
#define MM_MAX_PAGES ((unsigned long)CONFIG_PAGE_ALLOC_MAX_RAM_MB * (1024 * 1024 / 4096))

/* Hand the allocator all RAM, minus the stub, SVPN's image and @nr reserved ranges. */
void mm_init(const struct platform *plat, const uint64_t (*reserved)[2], int nr);
/* Zeroed, physically contiguous, aligned to their size rounded to a power of two (max 2 MiB). */
void *alloc_pages(unsigned long nr);
void free_pages(void *va, unsigned long nr);
/* Give a range that mm_init() reserved to the allocator (whole pages inside it). */
void mm_release(uint64_t pa, uint64_t size);
unsigned long mm_free_pages(void);
unsigned long mm_total_pages(void);

#endif /* _SVPN_MM_H */
