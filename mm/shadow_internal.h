/* SPDX-License-Identifier: GPL-2.0 */
/* Between the files of mm/'s shadow paging. */
#ifndef _MM_SHADOW_INTERNAL_H
#define _MM_SHADOW_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <svpn/shadow.h>

struct vcpu;

struct shadow_mmu {
	unsigned long *bare_root;	/* the view while the guest's satp is Bare */
};

unsigned long *shadow_new_root(void);
unsigned long shadow_access_fault_cause(unsigned long page_fault_cause);

/* shadow_sv39.c: the guest's own Sv39 translation. */
void shadow_sv39_switch_view(struct vcpu *v);
void shadow_sv39_set_satp(struct vcpu *v);
void shadow_sv39_flush(struct vcpu *v, unsigned long vaddr);
void shadow_sv39_fault(struct vcpu *v, unsigned long cause, unsigned long addr);
int shadow_sv39_translate(struct vcpu *v, unsigned long va, enum shadow_access access,
			  uint64_t *gpa);

/* vmm: device emulation for a guest-physical address outside RAM. */
bool guest_mmio_fault(struct vcpu *v, unsigned long cause, unsigned long gpa);

#endif /* _MM_SHADOW_INTERNAL_H */
