// SPDX-License-Identifier: GPL-2.0
/*
 * race-ptswap: a guest page-table entry changes under SVPN's shadow fill.
 *
 * Both harts run Sv39 on the same tables. The 2 MiB virtual region RACE_VA is
 * mapped by one level-1 entry that hart 1 swaps back and forth (amoswap, then
 * sfence.vma, now and then an SBI remote fence to hart 0, as Linux does when
 * it splits or collapses a huge page) between
 *	a 2 MiB leaf for DATA, and
 *	a pointer to a level-0 table whose 512 leaves map the same DATA frames,
 * both without A and D, while hart 0 flushes, loads and stores one word at a
 * time in the region, so each access makes SVPN walk the tables and set A/D
 * while the entry changes under it. The regression this catches: SVPN ORed
 * A/D into the entry it had read a leaf from after hart 1 had turned it into
 * a pointer, installed a shadow entry without R/W/X whose "table" was guest
 * RAM, then wrote shadow PTEs into that guest page and freed it into its own
 * allocator (and, kept racing, panicked in free_pages).
 *
 * What the guest checks, as a real MMU would let it:
 *  - the old value amoswap returns is exactly what hart 1 stored, plus only A
 *    and D when it was a leaf (never anything in the pointer);
 *  - every other entry of every table page stays as written, leaves gaining
 *    only A/D (hart 1 also cleans a few level-0 leaves per round, checking
 *    the same way);
 *  - no page fault is ever taken (every entry on the way is valid);
 *  - each load gets what hart 0 last stored there; the DATA frames hold their
 *    fill pattern elsewhere and the guard frames around DATA theirs (checked
 *    through a separate identity mapping every 1/8 of the run and at the end).
 *
 * Bootargs: iters=N (hart 0 accesses, default 20000).
 * Prints "race-ptswap: ok iters=N swaps=S" or "race-ptswap: FAIL <what>".
 * Needs 2 vCPUs and at least 10 MiB of RAM.
 */
#include "guest.h"
#include "mmu.h"
#include "smp.h"

const char guest_name[] = GUEST_NAME;

#define MIB	  0x100000UL
#define RACE_VA	  0x40000000UL /* level-2 slot 1: only the racing region */
#define DATA	  0x80600000UL /* SPARE_2M: the frames both forms map */
#define GUARD_LO  (DATA - MIB)
#define GUARD_HI  (DATA + 2 * MIB)
#define GUARD_LEN MIB
#define NPAGES	  512

static pte_t *root, *l1_race, *l0;
static pte_t leaf_2m, ptr_l0; /* the two values of l1_race[0] */

/* The table pages and what the guest wrote into them. */
#define MAX_TABLES 8
static pte_t *tables[MAX_TABLES];
static pte_t expect[MAX_TABLES][512];
static int nr_tables;

static volatile unsigned long gen; /* swaps done by hart 1 */
static volatile int stop, hart1_done, failed;
static guest_lock_t print_lock;
static unsigned long slot_val[NPAGES]; /* hart 0's last store to page j's slot */

static struct secondary_boot boot1;
static u8 stack1[8192] __attribute__((aligned(16)));

static inline unsigned long fill(unsigned long gpa)
{
	return gpa * 0x9e3779b97f4a7c15UL ^ 0x7261636570747377UL;
}

/* One word per page is hart 0's to store to, at a different offset in each page. */
static inline unsigned long slot_off(unsigned long j)
{
	return (j * 40) % PAGE_SIZE & ~7UL;
}

static unsigned long data_expect(unsigned long off)
{
	unsigned long j = off / PAGE_SIZE;

	return (off % PAGE_SIZE) == slot_off(j) ? slot_val[j] : fill(DATA + off);
}

/* First failure wins; the other hart sees `failed` and stops. */
static void __noreturn fail(const char *what, unsigned long a, unsigned long b, unsigned long c)
{
	guest_lock(&print_lock);
	if (!failed) {
		failed = 1;
		printf("race-ptswap: FAIL %s: %lx %lx %lx (swaps %lu)\n", what, a, b, c, gen);
		fail_count++;
	}
	guest_unlock(&print_lock);
	guest_end();
}

static inline int is_leaf(pte_t e)
{
	return (e & PTE_RWX) != 0;
}

/* What an MMU may do to an entry the guest wrote: set A/D in a valid leaf. */
static inline int pte_ok(pte_t want, pte_t got)
{
	if (got == want)
		return 1;
	return is_leaf(want) && (want & _PAGE_V) && (got & ~PTE_AD) == (want & ~PTE_AD);
}

static pte_t *new_table(void)
{
	pte_t *t = page_alloc();

	if (nr_tables == MAX_TABLES)
		guest_abort("race-ptswap: too many tables");
	tables[nr_tables++] = t;
	return t;
}

/* l1_race[0] is hart 1's: its value is checked at each swap, not here. */
static void check_tables(void)
{
	for (int t = 0; t < nr_tables; t++)
		for (int i = 0; i < 512; i++) {
			pte_t got = __atomic_load_n(&tables[t][i], __ATOMIC_RELAXED);

			if (&tables[t][i] == &l1_race[0])
				continue;
			if (!pte_ok(expect[t][i], got))
				fail("page-table entry changed (table, index, value)", t, i, got);
		}
}

static void check_frames(int with_data)
{
	const volatile unsigned long *p;
	unsigned long i;

	for (p = (const volatile unsigned long *)GUARD_LO, i = 0; i < GUARD_LEN / 8; i++)
		if (p[i] != fill(GUARD_LO + 8 * i))
			fail("guard frame below DATA changed (gpa, value, want)", GUARD_LO + 8 * i,
			     p[i], fill(GUARD_LO + 8 * i));
	for (p = (const volatile unsigned long *)GUARD_HI, i = 0; i < GUARD_LEN / 8; i++)
		if (p[i] != fill(GUARD_HI + 8 * i))
			fail("guard frame above DATA changed (gpa, value, want)", GUARD_HI + 8 * i,
			     p[i], fill(GUARD_HI + 8 * i));
	if (!with_data)
		return;
	for (p = (const volatile unsigned long *)DATA, i = 0; i < 2 * MIB / 8; i++)
		if (p[i] != data_expect(8 * i))
			fail("DATA frame changed (gpa, value, want)", DATA + 8 * i, p[i],
			     data_expect(8 * i));
}

static int fault_hook(struct trap_frame *f)
{
	if (f->cause & CAUSE_IRQ_FLAG)
		return 0;
	fail("unexpected trap (scause, stval, level-1 entry)", f->cause, f->tval,
	     __atomic_load_n(&l1_race[0], __ATOMIC_RELAXED));
}

static void remote_fence_hart0(void)
{
	sbi_ecall(SBI_EXT_RFENCE, 1, 1, 0, RACE_VA, 2 * MIB, 0, 0);
}

/* Hart 1: swap the level-1 entry, check what comes back, clean level-0 leaves. */
static void swapper(unsigned long hartid, void *arg)
{
	pte_t cur = leaf_2m;
	unsigned long n = 0, clean = 0;

	(void)hartid;
	(void)arg;
	satp_sv39(root, 0);
	while (!stop && !failed) {
		pte_t next = cur == leaf_2m ? ptr_l0 : leaf_2m;
		pte_t old = __atomic_exchange_n(&l1_race[0], next, __ATOMIC_SEQ_CST);

		if (!pte_ok(cur, old))
			fail(cur == leaf_2m ? "2 MiB leaf changed beyond A/D (wrote, found, -)" :
					      "pointer entry changed (wrote, found, -)",
			     cur, old, 0);
		cur = next;
		__atomic_store_n(&gen, gen + 1, __ATOMIC_RELEASE);
		/*
		 * The swaps themselves trap nowhere, so they come as fast as
		 * hart 0's faults; the fences and cleaning (which trap) come
		 * every 256 swaps only.
		 */
		if (++n % 256)
			continue;
		sfence_vma_addr(RACE_VA);
		/* give hart 0 fresh clean leaves to set A/D in */
		for (int k = 0; k < 16; k++, clean++) {
			unsigned long i = mix64(clean) % NPAGES;
			pte_t want = pte_make(DATA + i * PAGE_SIZE, PTE_RW);

			old = __atomic_exchange_n(&l0[i], want | _PAGE_V, __ATOMIC_SEQ_CST);
			if (!pte_ok(want | _PAGE_V, old))
				fail("level-0 leaf changed beyond A/D (index, found, -)", i, old,
				     0);
		}
		sfence_vma_all();
		if (n % 4096 == 0)
			remote_fence_hart0();
		if (n % 65536 == 0)
			check_tables();
	}
	/* leave the 2 MiB leaf in, so both forms are seen by the final checks */
	if (!failed && cur != leaf_2m) {
		pte_t old = __atomic_exchange_n(&l1_race[0], leaf_2m, __ATOMIC_SEQ_CST);

		if (!pte_ok(ptr_l0, old))
			fail("pointer entry changed (wrote, found, -)", ptr_l0, old, 0);
	}
	sfence_vma_all();
	__atomic_store_n(&hart1_done, 1, __ATOMIC_RELEASE);
	for (;;)
		wfi();
}

static void build_tables(void)
{
	int t, i;

	root = new_table();
	pt_map(root, IMAGE_BASE, IMAGE_BASE, LVL_2M, PTE_RWX | PTE_AD | _PAGE_G);
	tables[nr_tables++] = (pte_t *)((root[2] >> _PAGE_PFN_SHIFT) << 12);
	/* identity views of the guards and DATA for the checker: never raced on */
	pt_map(root, DATA - 2 * MIB, DATA - 2 * MIB, LVL_2M, PTE_RW | PTE_AD);
	pt_map(root, DATA, DATA, LVL_2M, PTE_RW | PTE_AD);
	pt_map(root, DATA + 2 * MIB, DATA + 2 * MIB, LVL_2M, PTE_RW | PTE_AD);

	l1_race = new_table();
	root[(RACE_VA >> 30) & 511] = pte_make((unsigned long)l1_race, _PAGE_V);
	l0 = new_table();
	for (i = 0; i < NPAGES; i++)
		l0[i] = pte_make(DATA + i * PAGE_SIZE, PTE_RW | _PAGE_V);
	leaf_2m = pte_make(DATA, PTE_RW | _PAGE_V);
	ptr_l0 = pte_make((unsigned long)l0, _PAGE_V);
	l1_race[0] = leaf_2m;
	for (t = 0; t < nr_tables; t++)
		for (i = 0; i < 512; i++)
			expect[t][i] = tables[t][i];
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	unsigned long iters, it, i, seen = 0, flushes = 0;
	volatile unsigned long *d = (volatile unsigned long *)DATA;
	struct sbiret r;

	if (fdt_read_chosen(dtb))
		guest_abort("no device tree at a1");
	iters = bootarg_num("iters", 20000);
	if ((unsigned long)__bss_end > IMAGE_BASE + 2 * MIB)
		guest_abort("race-ptswap: image larger than 2 MiB");
	for (i = 0; i < GUARD_LEN / 8; i++) {
		((volatile unsigned long *)GUARD_LO)[i] = fill(GUARD_LO + 8 * i);
		((volatile unsigned long *)GUARD_HI)[i] = fill(GUARD_HI + 8 * i);
	}
	for (i = 0; i < NPAGES; i++)
		slot_val[i] = mix64(i);
	for (i = 0; i < 2 * MIB / 8; i++)
		d[i] = data_expect(8 * i);
	build_tables();
	trap_hook = fault_hook;
	satp_sv39(root, 0);
	printf("race-ptswap: iters=%lu, level-1 entry %lx <-> %lx\n", iters, leaf_2m, ptr_l0);

	r = start_secondary(hartid ^ 1, &boot1, stack1, sizeof(stack1), swapper, 0);
	if (r.error)
		fail("hart_start of hart 1 (error, -, -)", r.error, 0, 0);
	while (!gen && !failed)
		;

	for (it = 0; it < iters && !failed; it++) {
		unsigned long j = mix64(it) % NPAGES, va = RACE_VA + j * PAGE_SIZE;
		unsigned long w = mix64(it ^ 0x55555555UL), got, k;

		/* Linux flushes after a change it is told of; the flush makes the next access walk */
		if (gen != seen) {
			seen = gen;
			flushes++;
		}
		sfence_vma_addr(va);
		got = *(volatile unsigned long *)(va + slot_off(j));
		if (got != slot_val[j])
			fail("load through the racing entry (va, got, want)", va + slot_off(j), got,
			     slot_val[j]);
		*(volatile unsigned long *)(va + slot_off(j)) = w;
		slot_val[j] = w;
		/* word j of page 0: where a shadow PTE for page j would land */
		k = j * 8 == slot_off(0) ? 8 : j * 8;
		got = *(volatile unsigned long *)(RACE_VA + k);
		if (got != data_expect(k))
			fail("DATA page 0 changed (va, got, want)", RACE_VA + k, got,
			     data_expect(k));
		if (it % (iters / 8 + 1) == iters / 8)
			check_frames(0);
	}
	stop = 1;
	while (!hart1_done && !failed)
		;
	sfence_vma_all();
	check_tables();
	check_frames(1);
	if ((__atomic_load_n(&l1_race[0], __ATOMIC_RELAXED) & ~PTE_AD) != leaf_2m)
		fail("final level-1 entry (found, want, -)", l1_race[0], leaf_2m, 0);
	printf("race-ptswap: ok iters=%lu swaps=%lu flushes-seen=%lu\n", iters, gen, flushes);
	satp_bare();
}
