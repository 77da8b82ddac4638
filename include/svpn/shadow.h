/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shadow page tables (mm/shadow.c): the real Sv39 tables a guest runs on.
 * The guest, in real U-mode, sees its guest-physical RAM through them; SVPN's
 * own linear map sits in every shadow root without the U bit, out of reach.
 *
 * A service below vmm/: mm/ knows a guest only as its physical memory
 * (struct gpa_map) and, per vCPU, a shadow context holding the registers
 * translation depends on (satp, and the privilege, SUM and MXR as a
 * SHADOW_MODE_* set), which vmm/ sets whenever the guest changes them. It
 * never raises anything in a guest: a fault returns a verdict
 * (struct shadow_verdict) and vmm/ acts on it.
 */
#ifndef _SVPN_SHADOW_H
#define _SVPN_SHADOW_H

#include <stdbool.h>
#include <stdint.h>
#include <svpn/gpa_map.h>
#include <svpn/sv39.h>

struct shadow_mmu; /* one vCPU's shadows (mm/shadow_internal.h) */

enum shadow_access {
	SHADOW_ACCESS_READ,
	SHADOW_ACCESS_WRITE,
	SHADOW_ACCESS_EXEC,
};

/* A guest's shadow table pages (CONFIG_SHADOW_POOL_PAGES at most), all its vCPUs together. */
struct shadow_quota {
	unsigned long used;
};

/* What mm/ keeps per guest: its memory, the Bare view its vCPUs share, their quota. */
struct shadow_domain {
	const struct gpa_map *mem;
	unsigned long *bare_root; /* never changes once built */
	struct shadow_quota quota;
};

/* The privilege, SUM and MXR a vCPU's translation depends on (shadow_set_mode()). */
#define SHADOW_MODE_USER 1UL /* guest-U (else guest-S) */
#define SHADOW_MODE_SUM	 2UL /* sstatus.SUM */
#define SHADOW_MODE_MXR	 4UL /* sstatus.MXR */
#define SHADOW_MODE_MASK 7UL

/* What a real page fault while the guest ran turned out to be. */
enum shadow_verdict_kind {
	SHADOW_RETRY,	    /* the guest runs the access again (filled, or its entry moved) */
	SHADOW_GUEST_FAULT, /* the guest's own exception: raise cause, tval = the address */
	SHADOW_RESERVED_VA, /* the same, at an address SVPN reserves (worth telling the user) */
	SHADOW_MMIO,	    /* not RAM: a device at gpa, else raise cause */
	SHADOW_NO_MEMORY,   /* the guest's quota is spent: this vCPU's shadows are dropped */
};

/* Two words, returned in registers: the fill path is hot. */
struct shadow_verdict {
	unsigned int kind;  /* enum shadow_verdict_kind */
	unsigned int cause; /* the exception to raise (GUEST_FAULT, RESERVED_VA, MMIO) */
	uint64_t gpa;	    /* SHADOW_MMIO: the guest-physical address accessed */
};

#define SHADOW_FLUSH_ALL       (-1UL)
/* Larger remote-fence ranges are flushed whole, like Linux does. */
#define SHADOW_FLUSH_RANGE_MAX (64 * PAGE_SIZE)

/* The guest's Bare view over @mem; 0, or -1 when the host has no pages for it. */
int shadow_domain_init(struct shadow_domain *d, const struct gpa_map *mem);
/* One vCPU's shadow context in domain @d, or NULL when the host has no page for it. */
struct shadow_mmu *shadow_mmu_create(struct shadow_domain *d);
void shadow_idle_hart(void);

/*
 * The calls that load a view never fail: when the guest's quota is spent
 * even for the view's root, the hart is left on SVPN's own table, where the
 * guest can touch nothing, and the guest's next access faults with the
 * verdict SHADOW_NO_MEMORY.
 */
/* A vCPU (re)starts with these registers: every shadow it had may be stale. */
void shadow_start(struct shadow_mmu *mmu, unsigned long satp, unsigned long mode);
/* The guest's privilege, SUM or MXR changed (SHADOW_MODE_*): load the real satp for it. */
void shadow_set_mode(struct shadow_mmu *mmu, unsigned long mode);
/* The guest's satp changed (written, or reset). */
void shadow_set_satp(struct shadow_mmu *mmu, unsigned long satp);
/* SFENCE.VMA of @vaddr (or SHADOW_FLUSH_ALL) for @asid (or SHADOW_FLUSH_ALL). */
void shadow_sfence(struct shadow_mmu *mmu, unsigned long vaddr, unsigned long asid);
/* SFENCE.VMA of every page in [start, start + size), all ASIDs (SBI remote fences). */
void shadow_sfence_range(struct shadow_mmu *mmu, unsigned long start, unsigned long size);
/* A real page fault at guest-virtual @addr: fill the shadow, or say what it is. */
struct shadow_verdict shadow_handle_fault(struct shadow_mmu *mmu, unsigned long cause,
					  unsigned long addr);

/*
 * The host address of the guest page holding guest-virtual @va as the shadow
 * the hart uses maps it readable now, or NULL: for reading ahead in the
 * instruction stream (CSR clusters). Valid until the vCPU's shadows or its
 * satp, privilege, SUM or MXR change.
 */
const void *shadow_peek_page(struct shadow_mmu *mmu, unsigned long va);
/* The 16- or 32-bit instruction at guest-virtual @pc, fetched as the guest would. */
int shadow_fetch_insn(const struct shadow_mmu *mmu, unsigned long pc, uint32_t *insn);
/*
 * Copy @len bytes at guest-virtual @va (through the guest's translation for
 * its current privilege) into @buf. Returns 0, or the exception (page or access fault) the
 * guest's own access would have raised; never touches memory outside the
 * guest.
 */
int shadow_read_guest(const struct shadow_mmu *mmu, unsigned long va, void *buf, unsigned long len,
		      enum shadow_access access);

/* CONFIG_TRAP_STATS: the context's shadow counts, on "svpn: stats:" lines. */
void shadow_print_stats(const struct shadow_mmu *mmu, const char *guest_name, unsigned int vcpu_id);

#endif /* _SVPN_SHADOW_H */
