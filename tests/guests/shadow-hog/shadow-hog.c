// SPDX-License-Identifier: GPL-2.0
/*
 * shadow-hog: one guest's vCPUs together want far more shadow page tables
 * than their guest's quota; another guest must not pay for it.
 *
 *  role=hog [harts=N] [gib=G] [rounds=R]  N vCPUs (default 4) run Sv39 on
 *      one tiny table tree: G GiB (default 8) of virtual space whose level-2
 *      entries all point to one level-1 table, whose entries all point to
 *      one level-0 table (3 guest pages). Each vCPU loads one word from
 *      every 2 MiB of it, R times (default 1): every 2 MiB costs a shadow
 *      table of its own, per vCPU (about 4,100 shadow pages each for 8 GiB),
 *      which only reclaiming keeps within the guest's quota. Prints
 *      "shadow-hog: hog done" and powers off.
 *  role=victim [delay=S] [seconds=T]  waits S seconds (default 1: the hog
 *      is at it by then), then loads one word from each 2 MiB of 1 GiB of
 *      the same kind of tree, spread over T seconds (default 3): 520 shadow
 *      pages, asked for one by one while the hog is at its peak. Prints
 *      "shadow-hog: victim ok" and powers off.
 *
 * Run by tests/integration/shadow-quota-per-guest.sh. At 1ace8b2 the quota
 * held per vCPU only, the hog's vCPUs drained the host allocator, and the
 * victim (or the hog) ended with "out of shadow page-table memory".
 */
#include "guest.h"
#include "mmu.h"
#include "smp.h"

const char guest_name[] = GUEST_NAME;

#define GIB	    (1UL << 30)
#define MIB2	    (2UL << 20)
#define HOG_VA	    (4 * GIB) /* level-2 slots 4.. */
#define HOG_MAX_GIB 64
#define HOG_MAGIC   0x5348414457484f47UL /* "SHADWHOG" */
#define MAX_HARTS   8

static pte_t *root;
static volatile unsigned long hog_done;
static unsigned long rounds, span;
static guest_lock_t print_lock;
static struct secondary_boot boots[MAX_HARTS];
static u8 stacks[MAX_HARTS][4096] __attribute__((aligned(16)));

/* 4 GiB of 4 KiB pages, all of the same frame, through 3 table pages. */
static void build_hog_tables(void)
{
	pte_t *l1 = page_alloc(), *l0 = page_alloc();
	unsigned long frame = (unsigned long)page_alloc();
	unsigned int i;

	root = pt_new_root();
	*(volatile u64 *)frame = HOG_MAGIC;
	for (i = 0; i < 512; i++) {
		l0[i] = pte_make(frame, _PAGE_V | _PAGE_R | _PAGE_A);
		l1[i] = pte_make((unsigned long)l0, _PAGE_V);
	}
	for (i = 0; i < span / GIB; i++)
		root[HOG_VA / GIB + i] = pte_make((unsigned long)l1, _PAGE_V);
}

static void hog(unsigned long hartid)
{
	unsigned long r, va, sum = 0;

	satp_sv39(root, 0);
	for (r = 0; r < rounds; r++)
		for (va = HOG_VA; va < HOG_VA + span; va += MIB2)
			sum += *(volatile u64 *)(va + (r % 512) * PAGE_SIZE);
	guest_lock(&print_lock);
	printf("shadow-hog: hart %lu: %lu loads, all %s\n", hartid, rounds * (span / MIB2),
	       yesno(sum == HOG_MAGIC * rounds * (span / MIB2)));
	guest_unlock(&print_lock);
	CHECK(sum == HOG_MAGIC * rounds * (span / MIB2));
	__atomic_add_fetch(&hog_done, 1, __ATOMIC_RELEASE);
}

static void hog_secondary(unsigned long hartid, void *arg)
{
	(void)arg;
	hog(hartid);
}

static void run_hog(unsigned long hartid)
{
	unsigned long harts = bootarg_num("harts", 4), i, started = 1;

	rounds = bootarg_num("rounds", 1);
	span = bootarg_num("gib", 8);
	if (span > HOG_MAX_GIB)
		span = HOG_MAX_GIB;
	span *= GIB;
	if (harts > MAX_HARTS)
		harts = MAX_HARTS;
	build_hog_tables();
	for (i = 0; i < harts; i++) {
		if (i == hartid)
			continue;
		if (start_secondary(i, &boots[i], stacks[i], sizeof(stacks[i]), hog_secondary, 0)
			    .error)
			guest_abort("shadow-hog: cannot start a secondary hart");
		started++;
	}
	hog(hartid);
	while (__atomic_load_n(&hog_done, __ATOMIC_ACQUIRE) < started)
		;
	printf("shadow-hog: hog done (%lu harts)\n", started);
}

/*
 * The victim's shadows grow slowly: it touches the 512 regions of 1 GiB of
 * the same kind of tree, one every few milliseconds over T seconds, each a
 * shadow table of its own, so that it asks for pages while the hog is at
 * its peak and keeps what it got.
 */
static void run_victim(void)
{
	unsigned long start = rdtime() + bootarg_num("delay", 1) * guest_timebase;
	unsigned long step = bootarg_num("seconds", 3) * guest_timebase / 512;
	unsigned long i, ok = 0;

	span = GIB;
	build_hog_tables();
	while ((long)(rdtime() - start) < 0)
		;
	satp_sv39(root, 0);
	for (i = 0; i < 512; i++) {
		while ((long)(rdtime() - (start + i * step)) < 0)
			;
		ok += *(volatile u64 *)(HOG_VA + i * MIB2) == HOG_MAGIC;
	}
	satp_bare();
	printf("shadow-hog: victim: %lu of 512 loads right\n", ok);
	CHECK(ok == 512);
	if (ok == 512)
		printf("shadow-hog: victim ok\n");
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	if (fdt_read_chosen(dtb))
		guest_abort("shadow-hog: no device tree at a1");
	if (bootarg_is("role", "hog"))
		run_hog(hartid);
	else
		run_victim();
	guest_end();
}
