// SPDX-License-Identifier: GPL-2.0
/*
 * smp-rfence: SBI remote fences between three harts. B and C run in Sv39 on
 * a page table that A builds (ASID 1 where the hart has ASIDs); each step
 * they read a test page at TEST_VA and call the code at a test buffer, so
 * their TLB and instruction fetch hold the old state. Then A changes the PTE
 * (or the code), issues one remote fence, and once it returned B and C read
 * and call again. The spec defines only what they see after the fence
 * returned (the new mapping, the new code), so only that is printed, beside
 * the error code; what they see in between is left open and not looked at.
 * Forms: REMOTE_SFENCE_VMA all (0, 0), by range, size -1; the ASID form with
 * the ASID the targets run with; base and mask forms and base = -1; the
 * legacy remote_sfence_vma; REMOTE_FENCE_I and the legacy remote_fence_i;
 * masks with absent harts (refused, or fenced on the present ones, as
 * smp-ipi explains) and base beyond the harts. A fence of one target says
 * nothing about the other, whose result is then not printed.
 * Roles come from the boot hart (B = boot + 1, C = boot + 2, mod 3).
 */
#include "guest.h"
#include "mmu.h"
#include "smp.h"

const char guest_name[] = GUEST_NAME;

#define NHARTS		3
#define TEST_VA		0x40000000UL
#define FID_FENCE_I	0
#define FID_SFENCE	1
#define FID_SFENCE_ASID 2

static unsigned long hart_id[NHARTS]; /* role -> hart id */
static struct secondary_boot boot[NHARTS];
static u8 stacks[NHARTS][4096] __attribute__((aligned(16)));
static u8 data_pages[2][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static u32 code[PAGE_SIZE / 4] __attribute__((aligned(PAGE_SIZE)));
static pte_t *root, *test_pte;
static unsigned long asid[NHARTS];

/* A's commands and B's, C's answers, per step */
static volatile unsigned long step, phase, up[NHARTS];
static volatile unsigned long seen_step[NHARTS], seen_phase[NHARTS];
static volatile unsigned long val[NHARTS], ret[NHARTS];

static void set_code(int v)
{
	code[0] = 0x00000513 | (u32)(v & 0xfff) << 20; /* addi a0, zero, v */
	code[1] = 0x00008067;			       /* jalr zero, 0(ra) */
	asm volatile("fence rw, rw" ::: "memory");
}

static unsigned long call_code(void)
{
	register unsigned long a0 asm("a0") = 0;

	asm volatile("jalr ra, 0(%1)" : "+r"(a0) : "r"(code) : "ra", "memory");
	return a0;
}

/* B and C: per (step, phase) read the test page and run the code once. */
static void reader(unsigned long hartid, void *arg)
{
	unsigned long role = (unsigned long)arg, s = 0, p = 0;

	(void)hartid;
	satp_sv39(root, 1);
	asid[role] = csr_read(satp) >> SATP_ASID_SHIFT & 0xffff;
	up[role] = 1;
	for (;;) {
		while (step == s && phase == p)
			;
		s = step;
		p = phase;
		if (!s)
			break;
		val[role] = ld_at(TEST_VA);
		ret[role] = call_code();
		asm volatile("fence rw, rw" ::: "memory");
		seen_phase[role] = p;
		seen_step[role] = s;
	}
	satp_bare();
}

/* Let B and C (the roles in who) read once more; 1 if both answered. */
static int readers_read(unsigned int who, unsigned long p)
{
	unsigned long s = step + 1;

	asm volatile("fence rw, rw" ::: "memory");
	phase = p;
	step = s;
	return SPIN_UNTIL((!(who & 2) || (seen_step[1] == s && seen_phase[1] == p)) &&
			  (!(who & 4) || (seen_step[2] == s && seen_phase[2] == p)));
}

static unsigned long next_tag = 0x100;

/*
 * One step: B and C read the current state; A points TEST_VA at the other
 * data page (which holds a new tag) and writes new code; fence() runs the
 * fence; then the roles in who read again and the new tag and code value
 * must show in the parts the fence covers (vma: the mapping, i: the code).
 */
static void step_fence(const char *what, long (*fence)(void *), void *arg, unsigned int who,
		       int vma, int i, int partly_absent)
{
	unsigned long tag = ++next_tag, pa;
	int ok_read, b_ok, c_ok;
	long err;

	readers_read(6, 1);
	pa = (*test_pte >> _PAGE_PFN_SHIFT) << 12;
	pa = pa == (unsigned long)data_pages[0] ? (unsigned long)data_pages[1] :
						  (unsigned long)data_pages[0];
	*(volatile unsigned long *)pa = tag;
	*test_pte = pte_make(pa, _PAGE_V | _PAGE_R | _PAGE_W | PTE_AD);
	set_code((int)tag);
	/* the PTE, data and code stores before the remote harts' fences */
	asm volatile("fence rw, rw" ::: "memory");
	err = fence(arg);
	ok_read = readers_read(who, 2);
	b_ok = (!vma || val[1] == tag) && (!i || ret[1] == tag);
	c_ok = (!vma || val[2] == tag) && (!i || ret[2] == tag);
	if (partly_absent) {
		int ok = (err == 0 && b_ok && c_ok) || err == SBI_ERR_INVALID_PARAM;

		printf("%s: fenced on the present harts, or refused (-3): %s\n", what, yesno(ok));
		CHECK(ok);
		goto out;
	}
	printf("%s: error=%ld", what, err);
	if (!ok_read)
		printf(" (a reader did not answer)");
	if (who & 2)
		printf(" B sees the new %s: %s", vma ? "mapping" : "code", yesno(b_ok));
	if (who & 4)
		printf(" C sees the new %s: %s", vma ? "mapping" : "code", yesno(c_ok));
	printf("\n");
out:
	/* a refused fence leaves the readers' state open: back to a known one */
	if (err)
		sbi_ecall(SBI_EXT_RFENCE, FID_SFENCE, 0, ~0UL, 0, 0, 0, 0);
}

struct fence_args {
	unsigned long eid, fid, a0, a1, a2, a3, a4;
};

static long do_ecall(void *p)
{
	struct fence_args *a = p;

	return sbi_ecall(a->eid, a->fid, a->a0, a->a1, a->a2, a->a3, a->a4, 0).error;
}

static long do_legacy(void *p)
{
	struct fence_args *a = p;

	return sbi_legacy(a->eid, a->a0, a->a1, a->a2);
}

static unsigned long bit(int role)
{
	return 1UL << hart_id[role];
}

#define SFENCE(what, mask, base, start, size, who)                                                  \
	do {                                                                                        \
		struct fence_args __a = { SBI_EXT_RFENCE, FID_SFENCE, mask, base, start, size, 0 }; \
		step_fence(what, do_ecall, &__a, who, 1, 0, 0);                                     \
	} while (0)

void guest_main(unsigned long hartid, unsigned long dtb)
{
	static unsigned long lmask;
	struct fence_args a;
	struct sbiret r;
	long err;
	int i;

	(void)dtb;
	for (i = 0; i < NHARTS; i++)
		hart_id[i] = (hartid + i) % NHARTS;
	r = sbi_probe(SBI_EXT_RFENCE);
	printf("probe RFENCE: error=%ld available=%s\n", r.error, yesno(r.value != 0));

	root = pt_new_root();
	*(volatile unsigned long *)data_pages[0] = next_tag;
	test_pte = pt_map(root, TEST_VA, (unsigned long)data_pages[0], LVL_4K,
			  _PAGE_R | _PAGE_W | PTE_AD);
	set_code((int)next_tag);
	asm volatile("fence.i" ::: "memory");
	for (i = 1; i < NHARTS; i++) {
		r = start_secondary(hart_id[i], &boot[i], stacks[i], sizeof(stacks[i]), reader,
				    (void *)(unsigned long)i);
		if (r.error || !SPIN_UNTIL(up[i]))
			guest_abort("cannot start the secondary harts");
	}
	CHECK(asid[1] == asid[2]);

	SFENCE("sfence_vma all (0, 0), B and C", bit(1) | bit(2), 0, 0, 0, 6);
	SFENCE("sfence_vma range (TEST_VA, 4096), B and C", bit(1) | bit(2), 0, TEST_VA, PAGE_SIZE,
	       6);
	SFENCE("sfence_vma range (TEST_VA + 8, 1), B and C", bit(1) | bit(2), 0, TEST_VA + 8, 1, 6);
	SFENCE("sfence_vma (0, -1), B and C", bit(1) | bit(2), 0, 0, ~0UL, 6);
	SFENCE("sfence_vma base form (1, B), B only", 1, hart_id[1], TEST_VA, PAGE_SIZE, 2);
	SFENCE("sfence_vma base form (1, C), C only", 1, hart_id[2], 0, 0, 4);
	SFENCE("sfence_vma base -1 (all harts)", 0, ~0UL, TEST_VA, PAGE_SIZE, 6);

	a = (struct fence_args){ SBI_EXT_RFENCE, FID_SFENCE_ASID, bit(1) | bit(2), 0,
				 TEST_VA,	 PAGE_SIZE,	  asid[1] };
	step_fence("sfence_vma_asid range, the targets' ASID", do_ecall, &a, 6, 1, 0, 0);
	a =
		(struct fence_args){ SBI_EXT_RFENCE, FID_SFENCE_ASID, bit(1) | bit(2), 0, 0, 0,
				     asid[1] };
	step_fence("sfence_vma_asid all, the targets' ASID", do_ecall, &a, 6, 1, 0, 0);

	a = (struct fence_args){ SBI_EXT_RFENCE, FID_FENCE_I, bit(1) | bit(2), 0, 0, 0, 0 };
	step_fence("remote_fence_i, B and C", do_ecall, &a, 6, 0, 1, 0);
	a = (struct fence_args){ SBI_EXT_RFENCE, FID_FENCE_I, 0, ~0UL, 0, 0, 0 };
	step_fence("remote_fence_i base -1", do_ecall, &a, 6, 0, 1, 0);

	lmask = bit(1) | bit(2);
	a = (struct fence_args){
		SBI_EXT_0_1_REMOTE_SFENCE_VMA, 0, (unsigned long)&lmask, TEST_VA, PAGE_SIZE, 0, 0
	};
	step_fence("legacy remote_sfence_vma(&(B|C), range)", do_legacy, &a, 6, 1, 0, 0);
	a = (struct fence_args){
		SBI_EXT_0_1_REMOTE_SFENCE_VMA, 0, (unsigned long)&lmask, 0, 0, 0, 0
	};
	step_fence("legacy remote_sfence_vma(&(B|C), all)", do_legacy, &a, 6, 1, 0, 0);
	a = (struct fence_args){ SBI_EXT_0_1_REMOTE_FENCE_I, 0, (unsigned long)&lmask, 0, 0, 0, 0 };
	step_fence("legacy remote_fence_i(&(B|C))", do_legacy, &a, 6, 0, 1, 0);
	a = (struct fence_args){ SBI_EXT_0_1_REMOTE_SFENCE_VMA, 0, 0, 0, 0, 0, 0 };
	step_fence("legacy remote_sfence_vma(NULL all harts)", do_legacy, &a, 6, 1, 0, 0);

	/* refused: base beyond the harts */
	err = sbi_ecall(SBI_EXT_RFENCE, FID_SFENCE, 1, NHARTS, 0, 0, 0, 0).error;
	printf("sfence_vma base beyond the harts (1, 3): error=%ld\n", err);
	CHECK(err == SBI_ERR_INVALID_PARAM);
	err = sbi_ecall(SBI_EXT_RFENCE, FID_FENCE_I, 1, 4096, 0, 0, 0, 0).error;
	printf("remote_fence_i base beyond the harts (1, 4096): error=%ld\n", err);
	CHECK(err == SBI_ERR_INVALID_PARAM);
	/* absent harts next to present ones: 0 and fenced, or -3 (then nothing is known) */
	a = (struct fence_args){
		SBI_EXT_RFENCE, FID_SFENCE, bit(1) | bit(2) | 1UL << NHARTS, 0, 0, 0, 0
	};
	step_fence("sfence_vma (1<<B | 1<<C | 1<<3, 0)", do_ecall, &a, 6, 1, 0, 1);
	a.fid = FID_FENCE_I;
	step_fence("remote_fence_i (1<<B | 1<<C | 1<<3, 0)", do_ecall, &a, 6, 0, 1, 1);

	step = 0; /* the readers go back to bare and stop */
	phase = 0;
}
