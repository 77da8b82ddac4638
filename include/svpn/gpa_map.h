/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest's physical address space as mm/ and drivers/ see it: one range of
 * RAM, backed by contiguous host memory; every other guest-physical address
 * is a device hole (an access there is emulated by vmm/ or faults). This is
 * all they know of a guest: never its vmm/ structures.
 */
#ifndef _SVPN_GPA_MAP_H
#define _SVPN_GPA_MAP_H

#include <asm/memory.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct gpa_map {
	uint64_t ram_gpa;  /* guest-physical base of RAM */
	uint64_t ram_size; /* bytes */
	uint64_t ram_hpa;  /* host-physical base, contiguous */
};

/* Is [gpa, gpa+len) guest RAM? Written so that no sum can wrap. */
static inline bool gpa_is_ram(const struct gpa_map *m, uint64_t gpa, uint64_t len)
{
	return gpa >= m->ram_gpa && len <= m->ram_size && gpa - m->ram_gpa <= m->ram_size - len;
}

/* The host-physical address of guest RAM at @gpa (which must be RAM). */
static inline uint64_t gpa_to_hpa(const struct gpa_map *m, uint64_t gpa)
{
	return m->ram_hpa + (gpa - m->ram_gpa);
}

/* SVPN's pointer to guest RAM [gpa, gpa+len) (bounds-checked): NULL if it is not all RAM. */
static inline void *gpa_ram_ptr(const struct gpa_map *m, uint64_t gpa, uint64_t len)
{
	if (!gpa_is_ram(m, gpa, len))
		return NULL;
	return __va(gpa_to_hpa(m, gpa));
}

#endif /* _SVPN_GPA_MAP_H */
