// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's own Sv39 translation. Not implemented yet: a guest that turns
 * translation on is stopped with a clear message rather than run wrongly.
 */
#include <svpn/exitcodes.h>
#include <svpn/guest.h>
#include <svpn/printk.h>
#include "shadow_internal.h"

static void __noreturn sv39_unsupported(struct vcpu *v)
{
	printk("svpn: guest %s enabled Sv39 translation (satp %#lx): not supported yet\n",
	       v->guest->name, v->csr.satp);
	guest_exit(v->guest, SVPN_EXIT_GUEST_FAILURE);
}

void shadow_sv39_switch_view(struct vcpu *v)
{
	sv39_unsupported(v);
}

void shadow_sv39_set_satp(struct vcpu *v)
{
	sv39_unsupported(v);
}

void shadow_sv39_flush(struct vcpu *v, unsigned long vaddr)
{
	sv39_unsupported(v);
}

void shadow_sv39_fault(struct vcpu *v, unsigned long cause, unsigned long addr)
{
	sv39_unsupported(v);
}

int shadow_sv39_translate(struct vcpu *v, unsigned long va, enum shadow_access access,
			  uint64_t *gpa)
{
	sv39_unsupported(v);
}
