/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The decisions of shadow paging that need no tables: which permissions a
 * shadow leaf gets in a view, and how large it may be. Pure functions
 * (mm/shadow_policy.c), exercised directly by host unit tests.
 */
#ifndef _SVPN_SHADOW_POLICY_H
#define _SVPN_SHADOW_POLICY_H

#include <stdint.h>
#include <svpn/gpa_map.h>
#include <svpn/sv39.h>

/*
 * The shadow leaf's bits (V, U, A, D and R/W/X) for guest leaf @gpte as the
 * view @mode may use it. W only once the guest's D is set (so the first
 * write faults and sets it); W implies R (W without R is reserved).
 */
uint64_t shadow_leaf_prot(uint64_t gpte, const struct sv39_mode *mode);

/*
 * The largest page level (0..@guest_level) at which the guest page holding
 * @gpa can be shadowed by one leaf: the page must lie wholly in guest RAM
 * and its host address be aligned to its size.
 */
int shadow_leaf_level(const struct gpa_map *ram, uint64_t gpa, int guest_level);

#endif /* _SVPN_SHADOW_POLICY_H */
