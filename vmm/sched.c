// SPDX-License-Identifier: GPL-2.0
/*
 * Placing vCPUs on host harts. Today every guest has one vCPU, run by the
 * boot hart; the interface is the one SMP guests will use.
 */
#include <asm/csr.h>
#include <asm/hart.h>
#include <asm/sbi_call.h>
#include <svpn/exitcodes.h>
#include <svpn/guest.h>
#include <svpn/printk.h>
#include "vcpu_internal.h"

void vcpu_kick_ipi(struct vcpu *target)
{
	__atomic_store_n(&target->pending_ipi, 1, __ATOMIC_RELEASE);
	if (target->hart && target->hart != this_hart())
		sbi_send_ipi(1UL << target->hart->hartid, 0);
	else if (target->hart == this_hart())
		vcpu_take_ipis(target);
}

void vcpu_schedule_start(struct vcpu *v)
{
	/* Only reachable with more than one vCPU, which guest_create does not make yet. */
	pr_warn("guest %s: vCPU %u start requested, but SMP guests are not supported yet\n",
		v->guest->name, v->id);
}

void vcpu_stopped(struct vcpu *v)
{
	struct guest *g = v->guest;
	unsigned int i;

	for (i = 0; i < g->nr_vcpus; i++)
		if (g->vcpus[i].hsm_state != VCPU_STOPPED)
			break;
	if (i == g->nr_vcpus) {
		printk("svpn: guest %s stopped all its harts (SBI HSM hart_stop): nothing left "
		       "to run\n", g->name);
		guest_exit(g, SVPN_EXIT_GUEST_FAILURE);
	}
	/* Another vCPU is running elsewhere: this host hart idles. */
	for (;;)
		__asm__ __volatile__("wfi");
}
