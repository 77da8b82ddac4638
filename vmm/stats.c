// SPDX-License-Identifier: GPL-2.0
/* CONFIG_TRAP_STATS: per-vCPU trap counts, printed when the guest exits. */
#include <asm/csr.h>
#include <svpn/guest.h>
#include <svpn/printk.h>
#include "vcpu_internal.h"

static void print_vcpu_stats(const struct vcpu *v)
{
#ifdef CONFIG_TRAP_STATS
	const struct vcpu_stats *s = &v->stats;
	unsigned long total = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(s->exits); i++)
		total += s->exits[i];
	for (i = 0; i < ARRAY_SIZE(s->irqs); i++)
		total += s->irqs[i];
	printk("svpn: stats: vcpu%u: %lu traps\n", v->id, total);
	for (i = 0; i < ARRAY_SIZE(s->exits); i++)
		if (s->exits[i])
			printk("svpn: stats:   %-32s %lu\n", trap_cause_name(i), s->exits[i]);
	for (i = 0; i < ARRAY_SIZE(s->irqs); i++)
		if (s->irqs[i])
			printk("svpn: stats:   host interrupt %-17u %lu\n", i, s->irqs[i]);
	printk("svpn: stats:   emulated: csr %lu, sret %lu, wfi %lu, sfence.vma %lu, sbi %lu; "
	       "forwarded to guest %lu\n",
	       s->emulated_csr, s->sret, s->wfi, s->sfence, s->sbi_calls, s->forwarded);
	if (s->clustered)
		printk("svpn: stats:   csr in clusters (no trap)        %lu\n", s->clustered);
	if (v->fast_sstatus)
		printk("svpn: stats:   fast sstatus (entry.S)           %lu\n", v->fast_sstatus);
	vcpu_csr_print_stats(v);
	vcpu_print_shadow_stats(v);
#endif
}

void guest_print_stats(const struct guest *g)
{
	unsigned int i;

	if (!IS_ENABLED(CONFIG_TRAP_STATS))
		return;
	for (i = 0; i < g->nr_vcpus; i++)
		print_vcpu_stats(&g->vcpus[i]);
}
