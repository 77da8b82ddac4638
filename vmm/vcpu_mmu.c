// SPDX-License-Identifier: GPL-2.0
/*
 * A vCPU's memory, through mm/'s shadow paging: vmm/ tells mm/ the
 * registers translation depends on as they change (vcpu_internal.h) and
 * acts on what it answers. A page fault's verdict is raised in the guest,
 * emulated as a device access, or ends the guest; a guest whose shadow
 * quota is spent has its other vCPUs give pages back, and ends only if
 * that is not enough.
 */
#include <asm/memory.h>
#include <svpn/exitcodes.h>
#include <svpn/guest.h>
#include <svpn/mm.h>
#include <svpn/printk.h>
#include <svpn/shadow.h>
#include "vcpu_internal.h"

/*
 * The guest's shadow quota is spent and this vCPU dropped its own shadows:
 * the guest's other vCPUs drop theirs too (they are a cache, refilled on
 * demand). Not again while this vCPU is already asking: a sibling's
 * reclaim can reach it while it waits, and once is enough.
 */
static void vcpu_reclaim_shadows(struct vcpu *v)
{
	if (v->shadow_reclaiming)
		return;
	v->shadow_reclaiming = true;
	guest_shadow_reclaim(v);
	v->shadow_reclaiming = false;
}

static void __noreturn vcpu_out_of_shadow_memory(struct vcpu *v)
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
static void vcpu_reserved_va_fault(struct vcpu *v, unsigned long cause, unsigned long va)
{
	if (!v->guest->hole_warned) {
		v->guest->hole_warned = true;
		pr_warn("guest %s accessed %#lx, inside the range SVPN reserves (%#lx-%#lx): "
			"it gets page faults there\n",
			v->guest->name, va, PAGE_OFFSET, PAGE_OFFSET + LINEAR_MAP_SIZE - 1);
	}
	vcpu_inject_exception(v, cause, va);
}

/* What mm/ found, when it is not a fill: raise it, emulate it, or end the guest. */
void vcpu_act_on_fault(struct vcpu *v, struct shadow_verdict f)
{
	unsigned long cause = v->regs.scause, addr = v->regs.stval;

	if (f.kind == SHADOW_NO_MEMORY) {
		vcpu_reclaim_shadows(v);
		f = shadow_handle_fault(v->mmu, cause, addr);
	}
	switch (f.kind) {
	case SHADOW_RETRY:
		break;
	case SHADOW_GUEST_FAULT:
		vcpu_inject_exception(v, f.cause, addr);
		break;
	case SHADOW_RESERVED_VA:
		vcpu_reserved_va_fault(v, f.cause, addr);
		break;
	case SHADOW_MMIO:
		if (!guest_mmio_fault(v, cause, f.gpa))
			vcpu_inject_exception(v, f.cause, addr);
		break;
	case SHADOW_NO_MEMORY:
		vcpu_out_of_shadow_memory(v);
	}
}

void vcpu_print_shadow_stats(const struct vcpu *v)
{
	shadow_print_stats(v->mmu, v->guest->name, v->id);
}
