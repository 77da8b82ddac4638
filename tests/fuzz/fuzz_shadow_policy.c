// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzing mm/shadow_policy.c: the permissions and size of the shadow leaf
 * SVPN installs for a guest leaf. The input is
 *   byte 0      bits 0..2: view (user, SUM, MXR); bits 3..4: guest level
 *   bytes 1-8   the guest leaf entry
 *   bytes 9-16  guest RAM's gpa; 17-24 its size; 25-32 its host address
 *   bytes 33-40 the guest-physical address being shadowed
 * The shadow entry runs on the real MMU, so its promises are the ones that
 * keep the guest contained:
 *  - for a leaf the walk accepted and an access it permits, the prot has R,
 *    W or X: a valid entry without them is a pointer to a next-level table,
 *    and the MMU would walk guest RAM as SVPN's own page table;
 *  - never W without R (reserved), never beyond what the guest leaf grants;
 *  - the level it picks maps only guest RAM, aligned on the host.
 */
#include <asm/page.h>
#include <svpn/shadow_policy.h>
#include "fuzz.h"

#define BASE_PROT (_PAGE_V | _PAGE_U | _PAGE_A | _PAGE_D)

/* What sv39_walk() can return as a leaf (see pte_is_invalid() in mm/sv39.c). */
static bool walk_leaf(uint64_t pte)
{
	return (pte & _PAGE_V) && (pte & (_PAGE_R | _PAGE_X)) &&
	       (pte & (_PAGE_R | _PAGE_W)) != _PAGE_W && !(pte & _PAGE_RESERVED_HI);
}

static bool any_access(uint64_t gpte, const struct sv39_mode *mode)
{
	return sv39_permits(gpte, SV39_READ, mode) || sv39_permits(gpte, SV39_WRITE, mode) ||
	       sv39_permits(gpte, SV39_EXEC, mode);
}

static void check_prot(uint64_t gpte, const struct sv39_mode *mode)
{
	uint64_t prot = shadow_leaf_prot(gpte, mode);

	/* Only flag bits, and always the ones every shadow leaf has. */
	FUZZ_CHECK(!(prot & ~0xffULL) && (prot & BASE_PROT) == BASE_PROT && !(prot & _PAGE_G));
	FUZZ_CHECK((prot & (_PAGE_R | _PAGE_W)) != _PAGE_W);
	if (walk_leaf(gpte) && any_access(gpte, mode))
		FUZZ_CHECK(prot & _PAGE_LEAF);
	/* Nothing the view may not do; W only on a dirty page. */
	FUZZ_CHECK(!(prot & _PAGE_X) || sv39_permits(gpte, SV39_EXEC, mode));
	FUZZ_CHECK(!(prot & _PAGE_W) || (sv39_permits(gpte, SV39_WRITE, mode) && (gpte & _PAGE_D)));
	FUZZ_CHECK(!(prot & _PAGE_R) || sv39_permits(gpte, SV39_READ, mode) || (prot & _PAGE_W));
}

static void check_level(const struct gpa_map *ram, uint64_t gpa, int guest_level)
{
	int level = shadow_leaf_level(ram, gpa, guest_level);
	uint64_t size, base;

	FUZZ_CHECK(level >= 0 && level <= guest_level);
	if (!level)
		return; /* a 4 KiB page: the caller checked that gpa is RAM */
	size = PAGE_SIZE << (level * PT_INDEX_BITS);
	base = gpa & ~(size - 1);
	/* The whole superpage is guest RAM, without wrapping around... */
	FUZZ_CHECK(base >= ram->ram_gpa && base - ram->ram_gpa + size <= ram->ram_size);
	FUZZ_CHECK(base - ram->ram_gpa + size >= size);
	/* ...and its host address is aligned to its size. */
	FUZZ_CHECK(((ram->ram_hpa + (base - ram->ram_gpa)) & (size - 1)) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	uint8_t flags = fuzz_u8(&in);
	const struct sv39_mode mode = { flags & 1, flags & 2, flags & 4 };
	int guest_level = ((flags >> 3) & 3) % SV39_LEVELS;
	uint64_t gpte = fuzz_u64(&in);
	struct gpa_map ram;

	ram.ram_gpa = fuzz_u64(&in);
	ram.ram_size = fuzz_u64(&in);
	ram.ram_hpa = fuzz_u64(&in);
	check_prot(gpte, &mode);
	check_level(&ram, fuzz_u64(&in), guest_level);
	return 0;
}
