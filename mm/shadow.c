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
#include <svpn/exitcodes.h>
#include <svpn/guest.h>
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
static int shadow_build_bare(struct guest *g, unsigned long *root)
{
	uint64_t off;

	for (off = 0; off < g->ram_size; off += PMD_SIZE) {
		uint64_t gva = g->ram_gpa + off;
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
		l1[i1] = pfn_pte((g->ram_hpa + off) >> PAGE_SHIFT, PAGE_GUEST_RWX);
	}
	return 0;
}

/*
 * The Bare-mode view never changes once built, so all vCPUs of a guest share
 * it; the Sv39 shadows are per vCPU (struct shadow_mmu), so that one hart
 * never frees a table another hart is translating through.
 */
int shadow_init(struct guest *g)
{
	g->shadow_bare_root = shadow_new_root();
	if (!g->shadow_bare_root || shadow_build_bare(g, g->shadow_bare_root))
		return -1;
	return 0;
}

int shadow_init_vcpu(struct vcpu *v)
{
	_Static_assert(sizeof(struct shadow_mmu) <= PAGE_SIZE, "shadow_mmu fits a page");
	v->mmu = alloc_pages(1);
	if (!v->mmu)
		return -1;
	v->mmu->quota = &v->guest->shadow_quota;
	return 0;
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

static bool guest_translation_on(const struct vcpu *v)
{
	return (v->csr.satp & SATP_MODE) != SATP_MODE_BARE;
}

void shadow_switch_view(struct vcpu *v)
{
	if (!guest_translation_on(v)) {
		shadow_load_root(v->guest->shadow_bare_root);
		return;
	}
	shadow_sv39_switch_view(v);
}

void shadow_set_satp(struct vcpu *v)
{
	trace_mmu("satp %#lx", v->csr.satp);
	if (guest_translation_on(v))
		shadow_sv39_set_satp(v);
	shadow_switch_view(v);
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
void shadow_sfence(struct vcpu *v, unsigned long vaddr, unsigned long asid)
{
	trace_mmu("sfence.vma %#lx asid %#lx", vaddr, asid);
	if (vaddr != SHADOW_FLUSH_ALL && !sv39_va_canonical(vaddr))
		return;
	shadow_sv39_flush(v->mmu, vaddr, asid);
	if (guest_translation_on(v))
		shadow_sv39_switch_view(v);
	/* All shadows use real ASID 0: one address is flushed for all of them. */
	if (vaddr == SHADOW_FLUSH_ALL)
		__asm__ __volatile__("sfence.vma" ::: "memory");
	else
		shadow_flush_tlb_va(vaddr);
}

void shadow_out_of_memory(struct vcpu *v)
{
	printk("svpn: guest %s: out of shadow page-table memory (CONFIG_SHADOW_POOL_PAGES=%d, "
	       "%lu KiB of host memory free)\n",
	       v->guest->name, CONFIG_SHADOW_POOL_PAGES, mm_free_pages() * (PAGE_SIZE / 1024));
	guest_exit(v->guest, SVPN_EXIT_GUEST_FAILURE);
}

/*
 * SVPN's linear map occupies root slots PGD_SLOT_LINEAR.. in every shadow,
 * an Sv39 range Linux never uses. A guest that maps something there cannot
 * have it: it takes the page fault its access would raise without a
 * mapping, and SVPN says why, once.
 */
void shadow_hole_access(struct vcpu *v, unsigned long cause, unsigned long va)
{
	if (!v->guest->hole_warned) {
		v->guest->hole_warned = true;
		pr_warn("guest %s accessed %#lx, inside the range SVPN reserves (%#lx-%#lx): "
			"it gets page faults there\n",
			v->guest->name, va, PAGE_OFFSET, PAGE_OFFSET + LINEAR_MAP_SIZE - 1);
	}
	vcpu_inject_exception(v, cause, va);
}

void shadow_sfence_range(struct vcpu *v, unsigned long start, unsigned long size)
{
	unsigned long va;

	for (va = start & PAGE_MASK; va - (start & PAGE_MASK) < size; va += PAGE_SIZE)
		shadow_sfence(v, va, SHADOW_FLUSH_ALL);
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

void shadow_handle_fault(struct vcpu *v, unsigned long cause, unsigned long addr)
{
	trace_mmu("fault cause %lu addr %#lx pc %#lx", cause, addr, v->regs.sepc);
	if (guest_translation_on(v)) {
		shadow_sv39_fault(v, cause, addr);
		return;
	}
	/* Bare: all guest RAM is mapped, so this is not RAM. */
	if (guest_mmio_fault(v, cause, addr))
		return;
	vcpu_inject_exception(v, shadow_access_fault_cause(cause), addr);
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
const void *shadow_peek_page(struct vcpu *v, unsigned long va)
{
	struct shadow_mmu *mmu = v->mmu;
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

int shadow_fetch_insn(struct vcpu *v, unsigned long pc, uint32_t *insn)
{
	uint16_t half[2];

	if (shadow_read_guest(v, pc, &half[0], 2, SHADOW_ACCESS_EXEC))
		return -1;
	*insn = half[0];
	if (INSN_LEN(*insn) == 4) {
		if (shadow_read_guest(v, pc + 2, &half[1], 2, SHADOW_ACCESS_EXEC))
			return -1;
		*insn |= (uint32_t)half[1] << 16;
	}
	return 0;
}

int shadow_read_guest(struct vcpu *v, unsigned long va, void *buf, unsigned long len,
		      enum shadow_access access)
{
	while (len) {
		unsigned long chunk = PAGE_SIZE - (va & ~PAGE_MASK);
		uint64_t gpa;
		void *src;

		if (chunk > len)
			chunk = len;
		if (guest_translation_on(v)) {
			if (shadow_sv39_translate(v, va, access, &gpa))
				return access_page_fault_cause(access);
		} else {
			gpa = va;
		}
		src = guest_ram_ptr(v->guest, gpa, chunk);
		if (!src)
			return shadow_access_fault_cause(access_page_fault_cause(access));
		memcpy(buf, src, chunk);
		buf = (char *)buf + chunk;
		va += chunk;
		len -= chunk;
	}
	return 0;
}
