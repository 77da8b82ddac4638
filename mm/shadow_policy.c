// SPDX-License-Identifier: GPL-2.0
/* Shadow leaf permissions and sizes (see include/svpn/shadow_policy.h). */
#include <asm/page.h>
#include <svpn/shadow_policy.h>

uint64_t shadow_leaf_prot(uint64_t gpte, const struct sv39_mode *mode)
{
	uint64_t prot = _PAGE_V | _PAGE_U | _PAGE_A | _PAGE_D;

	if (sv39_permits(gpte, SV39_READ, mode))
		prot |= _PAGE_R;
	if (sv39_permits(gpte, SV39_WRITE, mode) && (gpte & _PAGE_D))
		prot |= _PAGE_W | _PAGE_R;
	if (sv39_permits(gpte, SV39_EXEC, mode))
		prot |= _PAGE_X;
	return prot;
}

int shadow_leaf_level(const struct gpa_map *ram, uint64_t gpa, int guest_level)
{
	int level;

	for (level = guest_level; level > 0; level--) {
		uint64_t size = PAGE_SIZE << (level * PT_INDEX_BITS);
		uint64_t base = gpa & ~(size - 1);

		if (gpa_is_ram(ram, base, size) && (gpa_to_hpa(ram, base) & (size - 1)) == 0)
			break;
	}
	return level;
}
