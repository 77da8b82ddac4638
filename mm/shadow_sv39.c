// SPDX-License-Identifier: GPL-2.0
/*
 * Shadowing a guest's own Sv39 tables.
 *
 * A shadow space caches the translations of one guest address space (one
 * guest root table). Because guest-S and guest-U both run in real U-mode,
 * a space holds one shadow root per *view*: guest-U, guest-S with SUM = 0,
 * guest-S with SUM = 1, each with or without MXR. Views are filled lazily,
 * one leaf per real page fault, from a walk of the guest's tables; the
 * leaf keeps the guest page's size where guest RAM allows, so that one
 * guest entry is one shadow entry and SFENCE.VMA of any address inside it
 * drops it.
 *
 * Accessed/dirty: a fill sets A (and D for a write) in the guest's entry,
 * as QEMU's hardware walker does; a page whose D is clear is mapped
 * read-only, so the first write faults here and sets D.
 *
 * Coherence: the spec lets a hart use stale translations until the guest's
 * SFENCE.VMA, so shadows survive address-space switches (spaces are cached
 * by guest root) and are dropped only on SFENCE.VMA, on eviction, or when
 * the shadow page pool runs dry.
 */
#include <asm/csr.h>
#include <asm/memory.h>
#include <asm/page.h>
#include <string.h>
#include <svpn/mm.h>
#include <svpn/page_alloc.h>
#include <svpn/panic.h>
#include <svpn/printk.h>
#include <svpn/shadow_policy.h>
#include <svpn/sv39.h>
#include <svpn/trace.h>
#include "shadow_internal.h"

/* Shadow leaves remember the guest page level in the RSW bits (ignored by hardware). */
#define SHADOW_RSW_SHIFT 8
#define SHADOW_SPLIT	 _PAGE_RSW /* a piece of a larger guest page */

/* Which view a mode uses: guest-U ignores SUM (it only widens what guest-S may touch). */
static const uint8_t mode_view[SHADOW_MODE_MASK + 1] = {
	[0] = SHADOW_VIEW_S,
	[SHADOW_MODE_SUM] = SHADOW_VIEW_S_SUM,
	[SHADOW_MODE_USER] = SHADOW_VIEW_U,
	[SHADOW_MODE_USER | SHADOW_MODE_SUM] = SHADOW_VIEW_U,
	[SHADOW_MODE_MXR] = SHADOW_VIEW_MXR + SHADOW_VIEW_S,
	[SHADOW_MODE_MXR | SHADOW_MODE_SUM] = SHADOW_VIEW_MXR + SHADOW_VIEW_S_SUM,
	[SHADOW_MODE_MXR | SHADOW_MODE_USER] = SHADOW_VIEW_MXR + SHADOW_VIEW_U,
	[SHADOW_MODE_MXR | SHADOW_MODE_USER | SHADOW_MODE_SUM] = SHADOW_VIEW_MXR + SHADOW_VIEW_U,
};

static unsigned int view_index(const struct shadow_mmu *mmu)
{
	return mode_view[mmu->view.mode & SHADOW_MODE_MASK];
}

static uint64_t guest_root_gpa(const struct shadow_mmu *mmu)
{
	return (mmu->view.satp & SATP_PPN) << PAGE_SHIFT;
}

/* --- the shadow page pool -------------------------------------------------- */

/*
 * Which host pages are shadow tables is SVPN's own record, one bit per page,
 * set when a table is allocated and cleared when it is freed. Freeing and
 * descending go by this record, never by the bits of an entry alone: a
 * shadow leaf is built from a guest's PTE, and whatever the guest writes
 * there must never make SVPN take guest RAM for one of its tables.
 */

static unsigned long shadow_table_map[MM_MAX_PAGES / BITS_PER_WORD];

static inline void table_mark(const unsigned long *table, bool owned)
{
	/* Below RAM_BASE the subtraction wraps far past the map's end. */
	unsigned long idx = (__pa(table) - RAM_BASE) >> PAGE_SHIFT, bit;

	if (unlikely(idx >= MM_MAX_PAGES))
		panic("shadow table %p outside the page allocator's range", table);
	bit = 1UL << (idx % BITS_PER_WORD);
	if (owned)
		__atomic_or_fetch(&shadow_table_map[idx / BITS_PER_WORD], bit, __ATOMIC_RELAXED);
	else
		__atomic_and_fetch(&shadow_table_map[idx / BITS_PER_WORD], ~bit, __ATOMIC_RELAXED);
}

static inline bool table_owned(unsigned long pa)
{
	/* Below RAM_BASE the subtraction wraps far past the map's end. */
	unsigned long idx = (pa - RAM_BASE) >> PAGE_SHIFT;

	return idx < MM_MAX_PAGES &&
	       ((__atomic_load_n(&shadow_table_map[idx / BITS_PER_WORD], __ATOMIC_RELAXED) >>
		 (idx % BITS_PER_WORD)) &
		1);
}

/* The shadow table entry @pte points to, or NULL if it is a leaf or empty. */
static inline __attribute__((always_inline)) unsigned long *entry_table(unsigned long pte)
{
	unsigned long pa = pte_pa(pte);

	if ((pte & (_PAGE_V | _PAGE_LEAF)) != _PAGE_V)
		return NULL;
	/* Only install_leaf() makes pointers, and only to tables it allocated. */
	if (unlikely(!table_owned(pa))) {
		BUG_ON(1);
		return NULL;
	}
	return __va(pa);
}

static void pool_put(struct shadow_mmu *mmu, unsigned long *table)
{
	/* Rule 3 of Documentation/isolation.md: no reuse before the fence. */
	BUG_ON(mmu->unfenced);
	table_mark(table, false);
	free_pages(table, 1);
	__atomic_sub_fetch(&mmu->dom->quota.used, 1, __ATOMIC_RELAXED);
}

static void free_subtree(struct shadow_mmu *mmu, unsigned long *table, int level)
{
	unsigned int i;

	/* SVPN's own slots in a root are leaves, so they are never descended into. */
	for (i = 0; level > 0 && i < PTRS_PER_PT; i++) {
		unsigned long pte = table[i];
		unsigned long *next;

		/* Most entries are empty or leaves: the one test a pass over 512 needs. */
		if (likely((pte & (_PAGE_V | _PAGE_LEAF)) != _PAGE_V))
			continue;
		next = entry_table(pte);
		if (next)
			free_subtree(mmu, next, level - 1);
	}
	pool_put(mmu, table);
}

/*
 * Tables unlinked from a shadow may still sit in this hart's page-walk
 * caches; the allocator may hand them to another guest only after a fence
 * that covers non-leaf entries. A vCPU's shadows are only ever loaded on
 * the hart that runs it, so a local fence of everything is enough.
 */
static void fence_unlinked_tables(struct shadow_mmu *mmu)
{
	__asm__ __volatile__("sfence.vma" ::: "memory");
	mmu->unfenced = false;
}

static void space_drop(struct shadow_mmu *mmu, struct shadow_space *s)
{
	unsigned long *roots[SHADOW_NR_VIEWS];
	unsigned int i;

	for (i = 0; i < SHADOW_NR_VIEWS; i++) {
		roots[i] = s->roots[i];
		s->roots[i] = NULL;
		mmu->unfenced |= roots[i] != NULL;
		/* Never free the table the hart is translating through. */
		if (roots[i] && csr_read(CSR_SATP) == shadow_satp(roots[i]))
			shadow_load_hyp_root();
	}
	mmu->gen++;
	fence_unlinked_tables(mmu);
	for (i = 0; i < SHADOW_NR_VIEWS; i++)
		if (roots[i])
			free_subtree(mmu, roots[i], SV39_LEVELS - 1);
	s->split = false;
	mmu->stats.space_drops++;
}

/* Free the coldest space of this vCPU that is not @keep; false if there is none. */
static bool reclaim_coldest(struct shadow_mmu *mmu, const struct shadow_space *keep)
{
	struct shadow_space *cold = NULL;
	unsigned int i;

	for (i = 0; i < SHADOW_NR_SPACES; i++) {
		struct shadow_space *s = &mmu->spaces[i];

		if (s == keep || !s->in_use)
			continue;
		if (!cold || s->last_used < cold->last_used)
			cold = s;
	}
	if (!cold)
		return false;
	trace_mmu("reclaim space root %#llx", (unsigned long long)cold->root_gpa);
	space_drop(mmu, cold);
	cold->in_use = false;
	return true;
}

/* Take one page of the guest's quota (shared by all its vCPUs); false if it is spent. */
static bool quota_take(struct shadow_quota *q)
{
	unsigned long used = __atomic_load_n(&q->used, __ATOMIC_RELAXED);

	do {
		if (used >= CONFIG_SHADOW_POOL_PAGES)
			return false;
	} while (!__atomic_compare_exchange_n(&q->used, &used, used + 1, true, __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return true;
}

/*
 * A zeroed table for @mmu, within its guest's quota. When the quota or the
 * host is dry, this vCPU's colder spaces go first (never another guest's,
 * nor another vCPU's); NULL means even that did not help and the caller
 * must drop the current space and retry.
 */
static unsigned long *pool_alloc(struct shadow_mmu *mmu, const struct shadow_space *cur)
{
	unsigned long *t;

	for (;;) {
		if (quota_take(&mmu->dom->quota)) {
			t = alloc_pages(1);
			if (t) {
				table_mark(t, true);
				return t;
			}
			__atomic_sub_fetch(&mmu->dom->quota.used, 1, __ATOMIC_RELAXED);
			mmu->stats.host_dry++;
		} else {
			mmu->stats.quota_dry++;
		}
		if (!reclaim_coldest(mmu, cur))
			return NULL;
	}
}

/* --- spaces and views ------------------------------------------------------ */

/*
 * The cached space of (guest root, ASID): a TLB tags entries with the ASID,
 * so entries cached under one ASID must not serve another one that happens
 * to use the same root (Linux reuses roots with new ASIDs after a rollover).
 */
static struct shadow_space *space_lookup(struct shadow_mmu *mmu, uint64_t root_gpa,
					 unsigned long asid)
{
	struct shadow_space *victim = NULL;
	unsigned int i;

	for (i = 0; i < SHADOW_NR_SPACES; i++) {
		struct shadow_space *s = &mmu->spaces[i];

		if (s->in_use && s->root_gpa == root_gpa && s->asid == asid)
			return s;
		if (!s->in_use && !victim)
			victim = s;
	}
	if (!victim) {
		for (i = 0; i < SHADOW_NR_SPACES; i++)
			if (!victim || mmu->spaces[i].last_used < victim->last_used)
				victim = &mmu->spaces[i];
		space_drop(mmu, victim);
	}
	victim->in_use = true;
	victim->root_gpa = root_gpa;
	victim->asid = asid;
	mmu->stats.space_creates++;
	return victim;
}

static unsigned long *view_root(struct shadow_mmu *mmu, struct shadow_space *s, unsigned int view)
{
	if (!s->roots[view]) {
		unsigned long *root = pool_alloc(mmu, s);

		if (!root)
			return NULL;
		shadow_copy_hyp_slots(root);
		s->roots[view] = root;
	}
	return s->roots[view];
}

void shadow_sv39_set_satp(struct shadow_mmu *mmu)
{
	mmu->current = space_lookup(mmu, guest_root_gpa(mmu),
				    (mmu->view.satp >> SATP_ASID_SHIFT) & SATP_ASID_MASK);
}

/*
 * The guest's quota is spent and this vCPU has no colder space to give
 * back: it starts its current space afresh. The hart stays on SVPN's own
 * table until a fill finds pages for the view again (see shadow.h).
 */
static void drop_current_space(struct shadow_mmu *mmu)
{
	mmu->stats.refills++;
	space_drop(mmu, mmu->current);
	shadow_load_hyp_root();
}

void shadow_sv39_switch_view(struct shadow_mmu *mmu)
{
	unsigned long *root;

	if (!mmu->current)
		shadow_sv39_set_satp(mmu);
	mmu->current->last_used = ++mmu->clock;
	root = view_root(mmu, mmu->current, view_index(mmu));
	if (unlikely(!root)) {
		drop_current_space(mmu);
		return;
	}
	shadow_load_root(root);
}

/* --- filling --------------------------------------------------------------- */

static bool read_guest_pte(void *ctx, uint64_t gpa, uint64_t *pte)
{
	const struct gpa_map *mem = ctx;
	const uint64_t *p;

	if (gpa & 7)
		return false;
	p = gpa_ram_ptr(mem, gpa, sizeof(*p));
	if (!p)
		return false;
	*pte = __atomic_load_n(p, __ATOMIC_RELAXED);
	return true;
}

static enum sv39_access access_of(unsigned long cause)
{
	switch (cause) {
	case EXC_INST_PAGE_FAULT:
		return SV39_EXEC;
	case EXC_LOAD_PAGE_FAULT:
		return SV39_READ;
	default:
		return SV39_WRITE;
	}
}

/*
 * Install a leaf for @va at @level (0..2) in @root, allocating tables on the
 * way. Returns false when the pool is exhausted.
 */
static inline __attribute__((always_inline)) bool
install_leaf(struct shadow_mmu *mmu, struct shadow_space *s, unsigned long *root, unsigned long va,
	     int level, unsigned long pte)
{
	unsigned long *table = root, *old;
	unsigned long *e;
	int l;

	/* A leaf without R, W or X would be a pointer to the hardware walker. */
	BUG_ON(!(pte & _PAGE_LEAF));
	for (l = SV39_LEVELS - 1; l > level; l--) {
		unsigned long *next;

		e = &table[pt_index(va, l)];
		next = entry_table(*e);
		if (!next) {
			/* Empty, or a larger stale leaf: replace it by a table. */
			next = pool_alloc(mmu, s);
			if (!next)
				return false;
			if (*e & _PAGE_V)
				mmu->gen++; /* a translation goes */
			*e = pfn_pte(__pa(next) >> PAGE_SHIFT, _PAGE_V);
		}
		table = next;
	}
	e = &table[pt_index(va, level)];
	old = level > 0 ? entry_table(*e) : NULL;
	/* Filling an empty entry changes no translation a peek may have kept. */
	if (*e & _PAGE_V)
		mmu->gen++;
	*e = pte;
	if (old) {
		mmu->unfenced = true;
		fence_unlinked_tables(mmu);
		free_subtree(mmu, old, level - 1);
	}
	return true;
}

/* The guest's own fault for a walk that failed (r) or did not permit the access. */
static struct shadow_verdict walk_fault(unsigned long cause, enum sv39_result r)
{
	return shadow_verdict(SHADOW_GUEST_FAULT,
			      r == SV39_ACCESS_FAULT ? shadow_access_fault_cause(cause) : cause);
}

/*
 * Set the A/D bits a hardware walk would set, by compare-and-swap against
 * exactly the entry that was walked: another vCPU may have changed it since
 * (cleared it, exchanged it away, turned a leaf into a pointer). False if
 * it changed: the access then faults again and walks afresh.
 */
static bool update_guest_ad(const struct gpa_map *mem, struct sv39_walk *w, enum sv39_access access)
{
	uint64_t set = sv39_ad_update(w->pte, access);
	uint64_t expected = w->pte;
	uint64_t *gpte;

	if (!set)
		return true;
	gpte = gpa_ram_ptr(mem, w->pte_gpa, sizeof(*gpte));
	if (!gpte || !__atomic_compare_exchange_n(gpte, &expected, w->pte | set, false,
						  __ATOMIC_RELAXED, __ATOMIC_RELAXED))
		return false;
	w->pte |= set;
	return true;
}

/*
 * Install shadow leaf @pte for @va in the current view. False when the
 * guest's quota is spent: the current space is dropped (see
 * drop_current_space()).
 */
static bool fill_leaf(struct shadow_mmu *mmu, unsigned long va, int level, unsigned long pte)
{
	unsigned int i = view_index(mmu);
	bool fresh = !mmu->current->roots[i]; /* the view found no pages when it was loaded */
	unsigned long *root = view_root(mmu, mmu->current, i);

	if (!root || !install_leaf(mmu, mmu->current, root, va, level, pte)) {
		drop_current_space(mmu);
		return false;
	}
	if (unlikely(fresh))
		shadow_load_root(root);
	return true;
}

struct shadow_verdict shadow_sv39_fault(struct shadow_mmu *mmu, unsigned long cause,
					unsigned long va)
{
	const struct gpa_map *mem = mmu->dom->mem;
	enum sv39_access access = access_of(cause);
	struct sv39_mode mode = shadow_sv39_mode(mmu);
	struct sv39_walk w;
	enum sv39_result r;
	unsigned long pte;
	int level;

	mmu->stats.faults++;
	if (shadow_va_is_hypervisor(va))
		return shadow_verdict(SHADOW_RESERVED_VA, cause);
	r = sv39_walk(guest_root_gpa(mmu), va, read_guest_pte, (void *)mem, &w);
	if (r != SV39_OK || !sv39_permits(w.pte, access, &mode))
		return walk_fault(cause, r == SV39_OK ? SV39_PAGE_FAULT : r);
	/* From here on, address, level and permissions all come from w.pte alone. */
	if (!update_guest_ad(mem, &w, access)) {
		mmu->stats.ad_races++;
		return shadow_verdict(SHADOW_RETRY, 0);
	}
	if (!gpa_is_ram(mem, w.gpa, 1))
		return shadow_mmio(cause, w.gpa);
	/* The largest shadow page, up to the guest's, that guest RAM backs entirely. */
	level = shadow_leaf_level(mem, w.gpa, w.level);
	pte = pfn_pte(gpa_to_hpa(mem, ALIGN_DOWN(w.gpa, PAGE_SIZE << (level * PT_INDEX_BITS))) >>
			      PAGE_SHIFT,
		      shadow_leaf_prot(w.pte, &mode));
	if (level < w.level) {
		pte |= SHADOW_SPLIT;
		mmu->current->split = true;
	}
	trace_mmu("fill va %#lx -> gpa %#llx level %d pte %#lx", va, (unsigned long long)w.gpa,
		  level, pte);
	mmu->stats.fills++;
	if (!fill_leaf(mmu, va, level, pte))
		return shadow_verdict(SHADOW_NO_MEMORY, 0);
	shadow_flush_tlb_va(va);
	return shadow_verdict(SHADOW_RETRY, 0);
}

void shadow_print_stats(const struct shadow_mmu *mmu, const char *guest_name, unsigned int vcpu_id)
{
	const struct shadow_stats *s = &mmu->stats;

	printk("svpn: stats:   shadow: faults %lu, fills %lu, flushes %lu, spaces made %lu, "
	       "dropped %lu\n",
	       s->faults, s->fills, s->flushes, s->space_creates, s->space_drops);
	printk("svpn: stats:   shadow pool of %s vcpu%u: quota dry %lu, host dry %lu, refills %lu, "
	       "A/D races %lu; the guest uses %lu of %d pages\n",
	       guest_name, vcpu_id, s->quota_dry, s->host_dry, s->refills, s->ad_races,
	       mmu->dom->quota.used, CONFIG_SHADOW_POOL_PAGES);
}

int shadow_sv39_translate(const struct shadow_mmu *mmu, unsigned long va, enum shadow_access access,
			  uint64_t *gpa)
{
	static const enum sv39_access map[] = {
		[SHADOW_ACCESS_READ] = SV39_READ,
		[SHADOW_ACCESS_WRITE] = SV39_WRITE,
		[SHADOW_ACCESS_EXEC] = SV39_EXEC,
	};
	struct sv39_mode mode = shadow_sv39_mode(mmu);
	struct sv39_walk w;

	if (sv39_walk(guest_root_gpa(mmu), va, read_guest_pte, (void *)mmu->dom->mem, &w) !=
		    SV39_OK ||
	    !sv39_permits(w.pte, map[access], &mode))
		return -1;
	*gpa = w.gpa;
	return 0;
}

/* --- flushing -------------------------------------------------------------- */

/* Drop the leaf covering @va in one root, at whatever level it sits. */
static void unmap_va(unsigned long *root, unsigned long va)
{
	unsigned long *table = root;
	int level;

	/* SVPN's own slots are never the guest's to drop, whatever @va says. */
	if (shadow_slot_is_hypervisor(pt_index(va, SV39_LEVELS - 1)))
		return;
	for (level = SV39_LEVELS - 1; level >= 0; level--) {
		unsigned long *e = &table[pt_index(va, level)];

		if (!(*e & _PAGE_V))
			return;
		table = entry_table(*e);
		if (!table) {
			*e = 0;
			return;
		}
	}
}

static void space_flush_va(struct shadow_mmu *mmu, struct shadow_space *s, unsigned long va)
{
	unsigned int i;

	/* Pieces of a split guest superpage are not all found through one va. */
	if (s->split) {
		space_drop(mmu, s);
		return;
	}
	mmu->gen++;
	for (i = 0; i < SHADOW_NR_VIEWS; i++)
		if (s->roots[i])
			unmap_va(s->roots[i], va);
}

/*
 * SFENCE.VMA: each cached space remembers the guest ASID it last ran with,
 * so a fence for one ASID (Linux's usual kind) only flushes spaces of that
 * ASID; a fence for all ASIDs flushes every space.
 */
void shadow_sv39_flush(struct shadow_mmu *mmu, unsigned long vaddr, unsigned long asid)
{
	unsigned int i;

	mmu->stats.flushes++;
	if (shadow_va_is_hypervisor(vaddr))
		return;
	for (i = 0; i < SHADOW_NR_SPACES; i++) {
		struct shadow_space *s = &mmu->spaces[i];

		/*
		 * An ASID-specific fence need not touch other address spaces, nor
		 * global mappings: spaces last used with another ASID keep theirs.
		 */
		if (!s->in_use || (asid != SHADOW_FLUSH_ALL && s->asid != asid))
			continue;
		if (vaddr == SHADOW_FLUSH_ALL)
			space_drop(mmu, s);
		else
			space_flush_va(mmu, s, vaddr);
	}
}
