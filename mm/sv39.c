// SPDX-License-Identifier: GPL-2.0
/*
 * Walking a guest's Sv39 page tables, by the privileged specification.
 * Host-testable: no SVPN runtime, only the callback to read an entry.
 */
#include <asm/page.h>
#include <svpn/sv39.h>

static bool pte_is_invalid(uint64_t pte)
{
	/* Not valid, writable without readable, or reserved bits (no Svnapot/Svpbmt) set. */
	return !(pte & _PAGE_V) || ((pte & (_PAGE_R | _PAGE_W)) == _PAGE_W) ||
	       (pte & _PAGE_RESERVED_HI);
}

enum sv39_result sv39_walk(uint64_t root_gpa, uint64_t va, sv39_read_pte_fn read_pte, void *ctx,
			   struct sv39_walk *w)
{
	uint64_t table = root_gpa, pte = 0, pte_gpa = 0;
	int level;

	if (!sv39_va_canonical(va))
		return SV39_PAGE_FAULT;
	for (level = SV39_LEVELS - 1; level >= 0; level--) {
		pte_gpa = table + pt_index(va, level) * sizeof(uint64_t);
		if (!read_pte(ctx, pte_gpa, &pte))
			return SV39_ACCESS_FAULT;
		if (pte_is_invalid(pte))
			return SV39_PAGE_FAULT;
		if (pte & (_PAGE_R | _PAGE_X))
			break;
		/* A pointer to the next level must not carry A, D or U. */
		if (pte & (_PAGE_A | _PAGE_D | _PAGE_U))
			return SV39_PAGE_FAULT;
		table = pte_pa(pte);
	}
	if (level < 0)
		return SV39_PAGE_FAULT;
	/* A superpage's low PPN fields must be zero (a misaligned superpage). */
	if (level > 0 && (pte_pfn(pte) & ((1UL << (level * PT_INDEX_BITS)) - 1)))
		return SV39_PAGE_FAULT;
	w->pte = pte;
	w->pte_gpa = pte_gpa;
	w->level = level;
	w->gpa = pte_pa(pte) + (va & ((PAGE_SIZE << (level * PT_INDEX_BITS)) - 1));
	return SV39_OK;
}

bool sv39_permits(uint64_t pte, enum sv39_access access, const struct sv39_mode *mode)
{
	bool upage = pte & _PAGE_U;

	if (mode->user && !upage)
		return false;
	if (!mode->user && upage && (access == SV39_EXEC || !mode->sum))
		return false;
	switch (access) {
	case SV39_READ:
		return (pte & _PAGE_R) || (mode->mxr && (pte & _PAGE_X));
	case SV39_WRITE:
		return pte & _PAGE_W;
	default:
		return pte & _PAGE_X;
	}
}
