// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzing mm/sv39.c, the walk of a guest's own Sv39 page tables: every
 * entry it reads is guest-written. The input is
 *   byte 0     bit 0: guest RAM at gpa 0 (else at 0x80000000, as on virt);
 *              bits 1..3: view (user, SUM, MXR); bits 4..5: the access
 *   byte 1     root table: page number within guest RAM (may lie outside)
 *   bytes 2-9  the virtual address
 *   the rest   guest RAM (at most FAKE_RAM_MAX bytes; tables may overlap)
 * The read-PTE callback bounds-checks like SVPN's and keeps a log, so the
 * harness can check what the walk promises: a successful walk ends on a
 * valid leaf that was read from RAM, at level 0..2, aligned, and the
 * translated address is the leaf's page plus the page offset of @va.
 */
#include <stdlib.h>
#include <asm/page.h>
#include <svpn/sv39.h>
#include "fuzz.h"

#define FAKE_RAM_MAX (4 * PAGE_SIZE)
#define VIRT_RAM_GPA 0x80000000ULL

struct fake_ram {
	uint64_t gpa;
	size_t size;
	const uint8_t *bytes; /* exactly @size bytes: ASan sees any over-read */
	unsigned int reads;
	uint64_t last_gpa;
};

static bool read_pte(void *ctx, uint64_t gpa, uint64_t *pte)
{
	struct fake_ram *ram = ctx;

	ram->reads++;
	/* At most one read per level: a walk that loops is a bug. */
	FUZZ_CHECK(ram->reads <= SV39_LEVELS);
	/* Tables are page-aligned and entries 8 bytes: so are the reads. */
	FUZZ_CHECK(gpa % sizeof(*pte) == 0);
	ram->last_gpa = gpa;
	if (gpa < ram->gpa || ram->size < sizeof(*pte) || gpa - ram->gpa > ram->size - sizeof(*pte))
		return false;
	memcpy(pte, ram->bytes + (gpa - ram->gpa), sizeof(*pte));
	return true;
}

static void check_leaf(const struct fake_ram *ram, uint64_t va, const struct sv39_walk *w)
{
	uint64_t page_size = PAGE_SIZE << (w->level * PT_INDEX_BITS), pte;

	FUZZ_CHECK(w->level >= 0 && w->level < SV39_LEVELS);
	FUZZ_CHECK(sv39_va_canonical(va));
	/* The leaf is the last entry read, and it is in guest RAM as read. */
	FUZZ_CHECK(w->pte_gpa == ram->last_gpa);
	FUZZ_CHECK(w->pte_gpa >= ram->gpa && w->pte_gpa - ram->gpa + 8 <= ram->size);
	memcpy(&pte, ram->bytes + (w->pte_gpa - ram->gpa), sizeof(pte));
	FUZZ_CHECK(pte == w->pte);
	/* A valid leaf: V, R or X, never W without R, no reserved bits. */
	FUZZ_CHECK((pte & _PAGE_V) && (pte & (_PAGE_R | _PAGE_X)));
	FUZZ_CHECK((pte & (_PAGE_R | _PAGE_W)) != _PAGE_W && !(pte & _PAGE_RESERVED_HI));
	FUZZ_CHECK(pte_pa(pte) % page_size == 0);
	FUZZ_CHECK(w->gpa == pte_pa(pte) + (va & (page_size - 1)));
	/* A level-L walk reads exactly 3 - L entries. */
	FUZZ_CHECK(ram->reads == (unsigned int)(SV39_LEVELS - w->level));
}

/* sv39_permits() against the spec's rules, one implication at a time. */
static void check_permits(uint64_t pte, enum sv39_access acc, const struct sv39_mode *mode)
{
	bool ok = sv39_permits(pte, acc, mode);

	if (!ok)
		return;
	FUZZ_CHECK(mode->user == !!(pte & _PAGE_U) || (!mode->user && mode->sum));
	FUZZ_CHECK(!(acc == SV39_EXEC && !mode->user && (pte & _PAGE_U)));
	if (acc == SV39_WRITE)
		FUZZ_CHECK(pte & _PAGE_W);
	if (acc == SV39_EXEC)
		FUZZ_CHECK(pte & _PAGE_X);
	if (acc == SV39_READ)
		FUZZ_CHECK((pte & _PAGE_R) || (mode->mxr && (pte & _PAGE_X)));
}

static void check_ad(uint64_t pte, enum sv39_access acc)
{
	uint64_t set = sv39_ad_update(pte, acc), after = pte | set;

	FUZZ_CHECK(!(set & ~(_PAGE_A | _PAGE_D)) && !(set & pte));
	FUZZ_CHECK(after & _PAGE_A);
	FUZZ_CHECK(acc != SV39_WRITE || (after & _PAGE_D));
	FUZZ_CHECK(acc == SV39_WRITE || !(set & _PAGE_D));
	/* Once set, nothing more to set. */
	FUZZ_CHECK(!sv39_ad_update(after, acc));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	uint8_t flags = fuzz_u8(&in), root_page = fuzz_u8(&in);
	uint64_t va = fuzz_u64(&in);
	struct sv39_mode mode = { flags & 2, flags & 4, flags & 8 };
	enum sv39_access acc = ((flags >> 4) & 3) % 3;
	struct fake_ram ram = { (flags & 1) ? 0 : VIRT_RAM_GPA,
				in.size < FAKE_RAM_MAX ? in.size : FAKE_RAM_MAX };
	uint8_t *bytes = malloc(ram.size ? ram.size : 1);
	struct sv39_walk w;
	enum sv39_result r;

	memcpy(bytes, in.data, ram.size);
	ram.bytes = bytes;
	r = sv39_walk(ram.gpa + (uint64_t)root_page * PAGE_SIZE, va, read_pte, &ram, &w);
	FUZZ_CHECK(r == SV39_OK || r == SV39_PAGE_FAULT || r == SV39_ACCESS_FAULT);
	if (r == SV39_OK) {
		check_leaf(&ram, va, &w);
		check_permits(w.pte, acc, &mode);
		check_ad(w.pte, acc);
	}
	/* The three checks hold for any entry, not only for a walk's leaf. */
	check_permits(va, acc, &mode);
	check_ad(va, acc);
	free(bytes);
	return 0;
}
