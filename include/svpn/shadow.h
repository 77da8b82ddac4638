/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shadow page tables (mm/shadow.c): the real Sv39 tables a guest runs on.
 * The guest, in real U-mode, sees its guest-physical RAM through them; SVPN's
 * own linear map sits in every shadow root without the U bit, out of reach.
 */
#ifndef _SVPN_SHADOW_H
#define _SVPN_SHADOW_H

#include <stdint.h>

struct guest;
struct vcpu;

enum shadow_access {
	SHADOW_ACCESS_READ,
	SHADOW_ACCESS_WRITE,
	SHADOW_ACCESS_EXEC,
};

/* A guest's shadow table pages (CONFIG_SHADOW_POOL_PAGES at most), all its vCPUs together. */
struct shadow_quota {
	unsigned long used;
};

#define SHADOW_FLUSH_ALL       (-1UL)
/* Larger remote-fence ranges are flushed whole, like Linux does. */
#define SHADOW_FLUSH_RANGE_MAX (64UL * 4096)

int shadow_init(struct guest *g);
int shadow_init_vcpu(struct vcpu *v);
void shadow_idle_hart(void);
/* Load the real satp for the vCPU's current guest privilege and satp. */
void shadow_switch_view(struct vcpu *v);
/* The guest wrote its satp. */
void shadow_set_satp(struct vcpu *v);
void shadow_sfence(struct vcpu *v, unsigned long vaddr, unsigned long asid);
void shadow_sfence_range(struct vcpu *v, unsigned long start, unsigned long size);
/* A real page fault while the guest ran: fill the shadow, emulate MMIO, or forward. */
void shadow_handle_fault(struct vcpu *v, unsigned long cause, unsigned long addr);
/*
 * Copy @len bytes at guest-virtual @va (through the guest's translation for
 * its current privilege) into @buf. Returns 0, or the exception (page or
 * access fault) the guest's own access would have raised; never touches
 * memory outside the guest.
 */
/*
 * The host address of the guest page holding guest-virtual @va as the shadow
 * the hart uses maps it readable now, or NULL: for reading ahead in the
 * instruction stream (CSR clusters). Valid until the vCPU's shadows or its
 * satp, privilege, SUM or MXR change.
 */
const void *shadow_peek_page(struct vcpu *v, unsigned long va);
/* The 16- or 32-bit instruction at guest-virtual @pc, fetched as the guest would. */
int shadow_fetch_insn(struct vcpu *v, unsigned long pc, uint32_t *insn);
int shadow_read_guest(struct vcpu *v, unsigned long va, void *buf, unsigned long len,
		      enum shadow_access access);

/* CONFIG_TRAP_STATS: the vCPU's shadow counts, on "svpn: stats:" lines. */
void shadow_print_stats(const struct vcpu *v);

/* Provided by vmm/: the guest's other vCPUs drop all their shadows (its quota is spent). */
void guest_shadow_reclaim(struct vcpu *v);

#endif /* _SVPN_SHADOW_H */
