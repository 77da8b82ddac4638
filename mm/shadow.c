// SPDX-License-Identifier: GPL-2.0
/*
 * Shadow page tables.
 *
 * The guest kernel runs in real U-mode, so every page it may touch is
 * mapped with U=1 in a real Sv39 table that SVPN owns: the shadow. While the
 * guest's own satp is Bare, guest-virtual equals guest-physical and one
 * shadow maps all of guest RAM (2 MiB pages). Addresses that are not guest
 * RAM stay unmapped, so touching them faults into SVPN, which forwards the
 * access fault a real hart would raise.
 *
 * Every shadow root also holds SVPN's linear map (root slots from
 * PGD_SLOT_LINEAR) without U: the trap vector stays mapped, the guest cannot
 * reach it.
 */
#include <asm/csr.h>
#include <asm/insn.h>
#include <asm/memory.h>
#include <asm/page.h>
#include <string.h>
#include <svpn/mm.h>
#include <svpn/printk.h>
#include <svpn/shadow.h>
#include <svpn/sv39.h>
#include <svpn/trace.h>
#include "shadow_internal.h"

extern unsigned long boot_pgd[PTRS_PER_PT];

#define PAGE_GUEST_RWX (_PAGE_V | _PAGE_R | _PAGE_W | _PAGE_X | _PAGE_U | _PAGE_A | _PAGE_D)

static unsigned long *alloc_table(void)
{
	return alloc_pages(1);
}

void shadow_copy_hyp_slots(unsigned long *root)
{
	unsigned int i;

	for (i = PGD_SLOT_LINEAR; i < PGD_SLOT_LINEAR + LINEAR_MAP_GIGAPAGES; i++)
		root[i] = boot_pgd[i];
}

static unsigned long table_entry(const unsigned long *table)
{
	return pfn_pte(__pa(table) >> PAGE_SHIFT, _PAGE_V);
}

/* A fresh shadow root: SVPN's linear map and nothing else. */
static unsigned long *shadow_new_root(void)
{
	unsigned long *root = alloc_table();

	if (root)
		shadow_copy_hyp_slots(root);
	return root;
}

/* Guest RAM at guest-virtual = guest-physical, in 2 MiB pages. */
static int shadow_build_bare(const struct gpa_map *mem, unsigned long *root)
{
	uint64_t off;

	for (off = 0; off < mem->ram_size; off += PMD_SIZE) {
		uint64_t gva = mem->ram_gpa + off;
		unsigned int i2 = pt_index(gva, 2);
		unsigned int i1 = pt_index(gva, 1);
		unsigned long *l1;

		if (!(root[i2] & _PAGE_V)) {
			l1 = alloc_table();
			if (!l1)
				return -1;
			root[i2] = table_entry(l1);
		}
		l1 = __va(pte_pa(root[i2]));
		l1[i1] = pfn_pte(gpa_to_hpa(mem, gva) >> PAGE_SHIFT, PAGE_GUEST_RWX);
	}
	return 0;
}

/*
 * The Bare-mode view never changes once built, so all vCPUs of a guest share
 * it; the Sv39 shadows are per vCPU (struct shadow_mmu), so that one hart
 * never frees a table another hart is translating through.
 */
int shadow_domain_init(struct shadow_domain *d, const struct gpa_map *mem)
{
	d->mem = mem;
	d->bare_root = shadow_new_root();
	if (!d->bare_root || shadow_build_bare(mem, d->bare_root))
		return -1;
	return 0;
}

struct shadow_mmu *shadow_mmu_create(struct shadow_domain *d)
{
	struct shadow_mmu *mmu;

	_Static_assert(sizeof(struct shadow_mmu) <= PAGE_SIZE, "shadow_mmu fits a page");
	mmu = alloc_pages(1);
	if (mmu)
		mmu->dom = d;
	return mmu;
}

unsigned long shadow_satp(const unsigned long *root)
{
	return SATP_MODE_39 | (__pa(root) >> PAGE_SHIFT);
}

/* SVPN's own table: the linear map only. Safe while shadows are torn down. */
void shadow_load_hyp_root(void)
{
	shadow_load_root(boot_pgd);
}

/* A hart with no vCPU translates through SVPN's own table only. */
void shadow_idle_hart(void)
{
	shadow_load_hyp_root();
}

void shadow_load_root(const unsigned long *root)
{
	unsigned long satp = shadow_satp(root);

	if (csr_read(CSR_SATP) == satp)
		return;
	csr_write(CSR_SATP, satp);
	__asm__ __volatile__("sfence.vma" ::: "memory");
}

static inline bool guest_translation_on(const struct shadow_mmu *mmu)
{
	return (mmu->view.satp & SATP_MODE) != SATP_MODE_BARE;
}

static void load_view(struct shadow_mmu *mmu)
{
	if (!guest_translation_on(mmu)) {
		shadow_load_root(mmu->dom->bare_root);
		return;
	}
	shadow_sv39_switch_view(mmu);
}

void shadow_set_mode(struct shadow_mmu *mmu, unsigned long mode)
{
	mmu->view.mode = mode;
	load_view(mmu);
}

void shadow_set_satp(struct shadow_mmu *mmu, unsigned long satp)
{
	trace_mmu("satp %#lx", satp);
	mmu->view.satp = satp;
	if (guest_translation_on(mmu))
		shadow_sv39_set_satp(mmu);
	load_view(mmu);
}

void shadow_flush_tlb_va(unsigned long va)
{
	__asm__ __volatile__("sfence.vma %0" : : "r"(va) : "memory");
}

/* Cached spaces are flushed even in Bare mode: they outlive the satp that made them. */
/*
 * SFENCE.VMA. An address that is not a valid Sv39 address has no effect,
 * as the spec says: no translation can be cached for it (and its index
 * bits would name one of SVPN's own root slots).
 */
static void sfence_one(struct shadow_mmu *mmu, unsigned long vaddr, unsigned long asid)
{
	trace_mmu("sfence.vma %#lx asid %#lx", vaddr, asid);
	if (vaddr != SHADOW_FLUSH_ALL && !sv39_va_canonical(vaddr))
		return;
	shadow_sv39_flush(mmu, vaddr, asid);
	/* All shadows use real ASID 0: one address is flushed for all of them. */
	if (vaddr == SHADOW_FLUSH_ALL)
		__asm__ __volatile__("sfence.vma" ::: "memory");
	else
		shadow_flush_tlb_va(vaddr);
}

void shadow_start(struct shadow_mmu *mmu, unsigned long satp, unsigned long mode)
{
	sfence_one(mmu, SHADOW_FLUSH_ALL, SHADOW_FLUSH_ALL);
	mmu->view.mode = mode;
	shadow_set_satp(mmu, satp);
}

/* The flushed view may have lost its root: load it afresh. */
static void reload_view(struct shadow_mmu *mmu)
{
	if (guest_translation_on(mmu))
		shadow_sv39_switch_view(mmu);
}

void shadow_sfence(struct shadow_mmu *mmu, unsigned long vaddr, unsigned long asid)
{
	sfence_one(mmu, vaddr, asid);
	reload_view(mmu);
}

void shadow_sfence_range(struct shadow_mmu *mmu, unsigned long start, unsigned long size)
{
	unsigned long va;

	for (va = start & PAGE_MASK; va - (start & PAGE_MASK) < size; va += PAGE_SIZE)
		sfence_one(mmu, va, SHADOW_FLUSH_ALL);
	reload_view(mmu);
}

/* What a real hart raises when a bare-mode access reaches no memory. */
unsigned long shadow_access_fault_cause(unsigned long page_fault_cause)
{
	switch (page_fault_cause) {
	case EXC_INST_PAGE_FAULT:
		return EXC_INST_ACCESS;
	case EXC_LOAD_PAGE_FAULT:
		return EXC_LOAD_ACCESS;
	default:
		return EXC_STORE_ACCESS;
	}
}

struct shadow_verdict shadow_handle_fault(struct shadow_mmu *mmu, unsigned long cause,
					  unsigned long addr)
{
	trace_mmu("fault cause %lu addr %#lx", cause, addr);
	if (guest_translation_on(mmu))
		return shadow_sv39_fault(mmu, cause, addr);
	/* Bare: all guest RAM is mapped, so this is not RAM. */
	return shadow_mmio(cause, addr);
}

/*
 * The host address of the guest page that the shadow root @satp maps
 * guest-virtual @page to, readable by the guest at its current privilege;
 * NULL if none. A walk of SVPN's own tables in software: SVPN never
 * dereferences an address mapped for the guest (U), so sstatus.SUM stays
 * clear in S-mode and a stray pointer in SVPN cannot reach guest pages.
 */
static const char *loaded_shadow_lookup(unsigned long satp, unsigned long page)
{
	const unsigned long *table = __va((satp & SATP_PPN) << PAGE_SHIFT);
	int level;

	for (level = SV39_LEVELS - 1; level >= 0; level--) {
		unsigned int shift = pt_level_shift(level);
		unsigned long pte = table[pt_index(page, level)];

		if (!(pte & _PAGE_V))
			return NULL;
		if (pte & _PAGE_LEAF) {
			if ((pte & (_PAGE_R | _PAGE_U)) != (_PAGE_R | _PAGE_U))
				return NULL;
			return __va(pte_pa(pte) + (page & ((1UL << shift) - 1)));
		}
		table = __va(pte_pa(pte));
	}
	return NULL;
}

/*
 * The host address of the guest page holding guest-virtual @va, as the
 * guest would read it right now through the shadow the hart is using (a
 * load, not an execute, check: close enough to decide whether to emulate
 * ahead); NULL where the shadow maps nothing readable. Traps come from a
 * few pages of guest kernel text, so the last pages found are kept
 * (struct shadow_peek) and most calls need no walk.
 */
static __attribute__((noinline)) const void *
peek_page_miss(struct shadow_mmu *mmu, struct shadow_peek *p, unsigned long satp, unsigned long va)
{
	unsigned long page = va & PAGE_MASK;
	const char *host;

	/* SVPN's own range is readable from S-mode: never peek there. */
	if (shadow_va_is_hypervisor(va))
		return NULL;
	host = loaded_shadow_lookup(satp, page);
	if (host)
		*p = (struct shadow_peek){ .satp = satp,
					   .page = page,
					   .gen = mmu->gen,
					   .host = host };
	return host;
}

/* The hit path, kept apart from the walk so that it needs no stack frame. */
const void *shadow_peek_page(struct shadow_mmu *mmu, unsigned long va)
{
	unsigned long satp = csr_read(CSR_SATP);
	struct shadow_peek *p = &mmu->peek[(va >> PAGE_SHIFT) % SHADOW_PEEK_SLOTS];

	if (likely(p->page == (va & PAGE_MASK) && p->satp == satp && p->gen == mmu->gen))
		return p->host;
	return peek_page_miss(mmu, p, satp, va);
}

static unsigned long access_page_fault_cause(enum shadow_access access)
{
	switch (access) {
	case SHADOW_ACCESS_EXEC:
		return EXC_INST_PAGE_FAULT;
	case SHADOW_ACCESS_READ:
		return EXC_LOAD_PAGE_FAULT;
	default:
		return EXC_STORE_PAGE_FAULT;
	}
}

int shadow_fetch_insn(const struct shadow_mmu *mmu, unsigned long pc, uint32_t *insn)
{
	uint16_t half[2];

	if (shadow_read_guest(mmu, pc, &half[0], 2, SHADOW_ACCESS_EXEC))
		return -1;
	*insn = half[0];
	if (INSN_LEN(*insn) == 4) {
		if (shadow_read_guest(mmu, pc + 2, &half[1], 2, SHADOW_ACCESS_EXEC))
			return -1;
		*insn |= (uint32_t)half[1] << 16;
	}
	return 0;
}

int shadow_read_guest(const struct shadow_mmu *mmu, unsigned long va, void *buf, unsigned long len,
		      enum shadow_access access)
{
	while (len) {
		unsigned long chunk = PAGE_SIZE - (va & ~PAGE_MASK);
		uint64_t gpa;
		void *src;

		if (chunk > len)
			chunk = len;
		if (guest_translation_on(mmu)) {
			if (shadow_sv39_translate(mmu, va, access, &gpa))
				return access_page_fault_cause(access);
		} else {
			gpa = va;
		}
		src = gpa_ram_ptr(mmu->dom->mem, gpa, chunk);
		if (!src)
			return shadow_access_fault_cause(access_page_fault_cause(access));
		memcpy(buf, src, chunk);
		buf = (char *)buf + chunk;
		va += chunk;
		len -= chunk;
	}
	return 0;
}
