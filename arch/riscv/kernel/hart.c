// SPDX-License-Identifier: GPL-2.0
/* Per-hart state: one struct hart per host hart, found through tp. */
#include <asm/csr.h>
#include <asm/hart.h>
#include <asm/sbi_call.h>
#include <stddef.h>

struct hart harts[CONFIG_NR_CPUS];
unsigned int nr_harts;

extern char trap_vector[];
extern char boot_stack[];

static void hart_setup_csrs(void)
{
	csr_write(CSR_STVEC, (unsigned long)trap_vector);
	csr_write(CSR_SSCRATCH, 0);
	csr_write(CSR_SIE, 0);
	csr_clear(CSR_SSTATUS, SR_SIE);
}

void hart_init_secondary(struct hart *h)
{
	hart_setup_csrs();
	h->features = mstub_features();
	h->hpm_counters = mstub_hpm_counters();
}

/* The boot hart runs on boot_stack and is index 0. */
void hart_init_boot(unsigned long hartid)
{
	struct hart *h = &harts[0];

	h->stack_top = (unsigned long)boot_stack + HART_STACK_SIZE;
	h->hartid = hartid;
	h->index = 0;
	nr_harts = 1;
	__asm__ __volatile__("mv tp, %0" : : "r"(h));
	hart_setup_csrs();
	h->features = mstub_features();
	h->hpm_counters = mstub_hpm_counters();
}

struct hart *hart_by_id(unsigned long hartid)
{
	unsigned int i;

	for (i = 0; i < nr_harts; i++)
		if (harts[i].hartid == hartid)
			return &harts[i];
	return NULL;
}
