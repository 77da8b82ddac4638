// SPDX-License-Identifier: GPL-2.0
/*
 * Bringing up the other host harts. The M-mode stub parks them at reset;
 * the boot hart gives each a struct hart and a stack and starts it through
 * SBI HSM. A started hart enables paging, reports online, and idles until
 * a vCPU is placed on it (vmm/sched.c).
 */
#include <asm/csr.h>
#include <asm/hart.h>
#include <asm/memory.h>
#include <asm/page.h>
#include <asm/sbi_call.h>
#include <svpn/mm.h>
#include <svpn/printk.h>
#include <svpn/sched.h>
#include <svpn/setup.h>

#define HART_ONLINE_SPINS 100000000UL

extern char _start_secondary[];

static bool smp_start_hart(unsigned long hartid)
{
	struct hart *h = &harts[nr_harts];
	void *stack = alloc_pages(HART_STACK_SIZE / PAGE_SIZE);
	unsigned long spins;
	int err;

	if (!stack) {
		pr_warn("hart %lu: no memory for its stack: left parked\n", hartid);
		return false;
	}
	h->stack_top = (unsigned long)stack + HART_STACK_SIZE;
	h->hartid = hartid;
	h->index = nr_harts;
	WRITE_ONCE(h->online, false);
	__asm__ __volatile__("fence w, w" ::: "memory");
	err = sbi_hart_start(hartid, __pa(_start_secondary), __pa(h));
	if (err) {
		pr_warn("hart %lu: the M-mode stub could not start it (%d)\n", hartid, err);
		free_pages(stack, HART_STACK_SIZE / PAGE_SIZE);
		return false;
	}
	for (spins = 0; !READ_ONCE(h->online); spins++) {
		if (spins == HART_ONLINE_SPINS) {
			pr_warn("hart %lu: started but never came online: not used\n", hartid);
			return false;
		}
	}
	nr_harts++;
	return true;
}

void smp_boot_secondaries(void)
{
	unsigned long self = this_hart()->hartid;
	unsigned int i;

	for (i = 0; i < host_platform.nr_harts; i++) {
		unsigned long hartid = host_platform.hartids[i];

		if (hartid == self)
			continue;
		if (hartid >= CONFIG_NR_CPUS || nr_harts == CONFIG_NR_CPUS) {
			pr_warn("hart %lu: beyond CONFIG_NR_CPUS=%d: left parked\n", hartid,
				CONFIG_NR_CPUS);
			continue;
		}
		smp_start_hart(hartid);
	}
}

/* head.S, on a secondary hart: paging is on, tp and sp are this hart's. */
void __noreturn start_svpn_secondary(unsigned long hartid)
{
	struct hart *h = this_hart();

	hart_init_secondary(h);
	__asm__ __volatile__("fence rw, w" ::: "memory");
	WRITE_ONCE(h->online, true);
	hart_idle();
}
