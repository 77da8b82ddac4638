/* SPDX-License-Identifier: GPL-2.0 */
/* Between the files of mm/'s shadow paging. */
#ifndef _MM_SHADOW_INTERNAL_H
#define _MM_SHADOW_INTERNAL_H

#include <asm/csr.h>
#include <asm/memory.h>
#include <stdbool.h>
#include <stdint.h>
#include <svpn/shadow.h>
#include <svpn/sv39.h>

/* Views of one address space (see shadow_sv39.c); MXR doubles them. */
#define SHADOW_VIEW_U	  0
#define SHADOW_VIEW_S	  1
#define SHADOW_VIEW_S_SUM 2
#define SHADOW_VIEW_MXR	  3
#define SHADOW_NR_VIEWS	  6
#define SHADOW_NR_SPACES  CONFIG_SHADOW_SPACES

struct shadow_space {
	bool in_use;
	bool split;		 /* holds pieces of a split guest superpage */
	uint64_t root_gpa;	 /* the guest root table it shadows */
	unsigned long asid;	 /* the guest ASID it caches translations of */
	unsigned long last_used; /* for eviction: larger is more recent */
	unsigned long *roots[SHADOW_NR_VIEWS];
};

struct shadow_stats {
	unsigned long faults, fills, flushes, space_creates, space_drops;
	unsigned long ad_races;	 /* fills retried: the guest entry changed under the walk */
	unsigned long quota_dry; /* a table wanted with the guest's quota spent */
	unsigned long host_dry;	 /* a table wanted with the host allocator empty */
	unsigned long refills;	 /* the other vCPUs asked to give pages back */
};

/*
 * Guest pages the loaded shadow maps, for peeking at instructions
 * (shadow.c): the page's host address, keyed by the real satp and the
 * page, valid while gen is the vCPU's (every change to its shadows moves
 * it on).
 */
#define SHADOW_PEEK_SLOTS 4

struct shadow_peek {
	unsigned long satp, page, gen;
	const char *host;
};

/* The vCPU registers its translation depends on, as vmm/ last set them. */
struct shadow_view {
	unsigned long satp; /* the guest's satp */
	unsigned long mode; /* SHADOW_MODE_* */
};

struct shadow_mmu {
	struct shadow_view view; /* the vCPU's registers, as vmm/ last set them */
	struct shadow_space spaces[SHADOW_NR_SPACES];
	struct shadow_space *current; /* the space of the guest's satp */
	unsigned long clock;
	struct shadow_domain *dom; /* its guest's memory and quota, shared by all its vCPUs */
	bool unfenced;		   /* tables unlinked, no fence yet: none may be freed */
	unsigned long gen;	   /* moves on with every change to its shadows */
	struct shadow_peek peek[SHADOW_PEEK_SLOTS];
	struct shadow_stats stats;
};

unsigned long shadow_access_fault_cause(unsigned long page_fault_cause);
void shadow_copy_hyp_slots(unsigned long *root);
/* Is root slot @slot one of those SVPN's linear map takes in every shadow? */
static inline bool shadow_slot_is_hypervisor(unsigned int slot)
{
	return slot >= PGD_SLOT_LINEAR && slot < PGD_SLOT_LINEAR + LINEAR_MAP_GIGAPAGES;
}

/* Is @va in the root slots SVPN's linear map takes in every shadow? */
static inline bool shadow_va_is_hypervisor(unsigned long va)
{
	return sv39_va_canonical(va) && (va >> 63) &&
	       shadow_slot_is_hypervisor(pt_index(va, SV39_LEVELS - 1));
}
void shadow_load_root(const unsigned long *root);
void shadow_load_hyp_root(void);
unsigned long shadow_satp(const unsigned long *root);
void shadow_flush_tlb_va(unsigned long va);

static inline struct shadow_verdict shadow_verdict(enum shadow_verdict_kind kind,
						   unsigned long cause)
{
	return (struct shadow_verdict){ .kind = kind, .cause = cause };
}

/* A guest-physical address that is not RAM: a device's, or an access fault. */
static inline struct shadow_verdict shadow_mmio(unsigned long page_fault_cause, uint64_t gpa)
{
	return (struct shadow_verdict){ .kind = SHADOW_MMIO,
					.cause = shadow_access_fault_cause(page_fault_cause),
					.gpa = gpa };
}

/* The permission check's view of who asks. */
static inline struct sv39_mode shadow_sv39_mode(const struct shadow_mmu *mmu)
{
	return (struct sv39_mode){ .user = mmu->view.mode & SHADOW_MODE_USER,
				   .sum = mmu->view.mode & SHADOW_MODE_SUM,
				   .mxr = mmu->view.mode & SHADOW_MODE_MXR };
}

/* shadow_sv39.c: the guest's own Sv39 translation. */
void shadow_sv39_switch_view(struct shadow_mmu *mmu);
void shadow_sv39_set_satp(struct shadow_mmu *mmu);
void shadow_sv39_flush(struct shadow_mmu *mmu, unsigned long vaddr, unsigned long asid);
struct shadow_verdict shadow_sv39_fault(struct shadow_mmu *mmu, unsigned long cause,
					unsigned long addr);
int shadow_sv39_translate(const struct shadow_mmu *mmu, unsigned long va, enum shadow_access access,
			  uint64_t *gpa);

#endif /* _MM_SHADOW_INTERNAL_H */
