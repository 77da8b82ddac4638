// SPDX-License-Identifier: GPL-2.0
/*
 * plic: the PLIC at 0x0c000000 register by register, with no device
 * interrupting (tests/guests/uart drives a real source through it): the
 * priorities of sources 1..95 (3 bits, WARL) and of the non-existent source
 * 0, the pending bits (read-only), the enable bits and the threshold of the
 * guest's own S-mode context (hart 0: context 1), claims with nothing pending
 * and stray completions, and the registers of a hart that does not exist.
 *
 * The M-mode context 0 belongs to the firmware (OpenSBI natively, nothing
 * under SVPN), so only "writes to context 1 leave it alone" is looked at.
 * Every access is an aligned 32-bit one, as the PLIC spec requires.
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

#define PLIC_BASE    0x0c000000UL
#define NDEV	     95 /* riscv,ndev of QEMU virt */
#define NWORDS	     3	/* enable/pending words covering 0..95 */
#define CTX_M	     0
#define CTX_S	     1
#define CTX_NOHART   3 /* hart 1's S context: there is no hart 1 */
#define PRIO(s)	     (4 * (s))
#define PENDING(w)   (0x1000 + 4 * (w))
#define ENABLE(c, w) (0x2000 + 0x80 * (c) + 4 * (w))
#define THRESH(c)    (0x200000 + 0x1000 * (c))
#define CLAIM(c)     (0x200004 + 0x1000 * (c))

static u32 rd(unsigned long off)
{
	return *(volatile u32 *)(PLIC_BASE + off);
}

static void wr(unsigned long off, u32 val)
{
	*(volatile u32 *)(PLIC_BASE + off) = val;
}

static int seip(void)
{
	return !!(csr_read(sip) & SIP_SEIP);
}

static void initial_state(void)
{
	unsigned nonzero = 0;

	for (int s = 1; s <= NDEV; s++)
		if (rd(PRIO(s)))
			nonzero++;
	printf("initial: priorities of 1..95 not zero: %u, source 0: %x\n", nonzero, rd(PRIO(0)));
	printf("initial: pending %x %x %x\n", rd(PENDING(0)), rd(PENDING(1)), rd(PENDING(2)));
	printf("initial: context 1 enables %x %x %x\n", rd(ENABLE(CTX_S, 0)), rd(ENABLE(CTX_S, 1)),
	       rd(ENABLE(CTX_S, 2)));
	/* the firmware's choice: OpenSBI 1.1 leaves 7 (everything masked) */
	printf("initial: context 1 threshold %x\n", rd(THRESH(CTX_S)));
	printf("initial: context 1 claim %x, SEIP %d\n", rd(CLAIM(CTX_S)), seip());
}

static void priorities(void)
{
	unsigned ok7 = 0, ok0 = 0, okwarl = 0;
	u32 p0, p1_big, p1_9, p95_big;

	for (int s = 1; s <= NDEV; s++) {
		wr(PRIO(s), 7);
		if (rd(PRIO(s)) == 7)
			ok7++;
	}
	for (int s = 1; s <= NDEV; s++) {
		wr(PRIO(s), 0xffffffff);
		if (rd(PRIO(s)) == 7)
			okwarl++;
	}
	for (int s = 1; s <= NDEV; s++) {
		wr(PRIO(s), 0);
		if (rd(PRIO(s)) == 0)
			ok0++;
	}
	wr(PRIO(0), 7);
	p0 = rd(PRIO(0));
	wr(PRIO(1), 0xffffffff);
	p1_big = rd(PRIO(1));
	wr(PRIO(1), 9);
	p1_9 = rd(PRIO(1));
	wr(PRIO(95), 0xfffffffe);
	p95_big = rd(PRIO(95));
	wr(PRIO(1), 0);
	wr(PRIO(95), 0);
	printf("priority: 1..95 read back 7: %u, ffffffff -> 7: %u, 0: %u\n", ok7, okwarl, ok0);
	printf("priority: source 0 after writing 7: %x\n", p0);
	printf("priority: source 1 ffffffff -> %x, 9 -> %x; source 95 fffffffe -> %x\n", p1_big,
	       p1_9, p95_big);
	CHECK(ok7 == NDEV && ok0 == NDEV && p0 == 0);
}

static void pending_bits(void)
{
	u32 before[NWORDS], after[NWORDS];

	for (int w = 0; w < NWORDS; w++) {
		before[w] = rd(PENDING(w));
		wr(PENDING(w), 0xffffffff);
		after[w] = rd(PENDING(w));
	}
	printf("pending: %x %x %x, after writing ffffffff: %x %x %x\n", before[0], before[1],
	       before[2], after[0], after[1], after[2]);
	CHECK(!after[0] && !after[1] && !after[2]);
}

static void enables(void)
{
	u32 all[NWORDS + 1], m[NWORDS], one[NWORDS], zero[NWORDS];

	for (int w = 0; w <= NWORDS; w++) {
		wr(ENABLE(CTX_S, w), 0xffffffff);
		all[w] = rd(ENABLE(CTX_S, w));
	}
	for (int w = 0; w < NWORDS; w++)
		m[w] = rd(ENABLE(CTX_M, w));
	for (int w = 0; w < NWORDS; w++) {
		wr(ENABLE(CTX_S, w), 1u << (w + 10));
		one[w] = rd(ENABLE(CTX_S, w));
	}
	for (int w = 0; w < NWORDS; w++) {
		wr(ENABLE(CTX_S, w), 0);
		zero[w] = rd(ENABLE(CTX_S, w));
	}
	/*
	 * Bit 0 of word 0 is source 0, which does not exist: the PLIC spec
	 * hardwires it to 0, QEMU stores it. Only sources 1..95 are compared.
	 */
	printf("enable ctx 1: ffffffff -> %x %x %x (bit 0 masked), word 3 (sources 96..127) -> %x\n",
	       all[0] & ~1u, all[1], all[2], all[3]);
	printf("enable ctx 1: one bit -> %x %x %x, 0 -> %x %x %x\n", one[0], one[1], one[2],
	       zero[0], zero[1], zero[2]);
	printf("enable ctx 0 after the writes to ctx 1: %x %x %x\n", m[0], m[1], m[2]);
	CHECK((all[0] | 1) == 0xffffffff && all[1] == 0xffffffff && all[2] == 0xffffffff);
	CHECK(one[0] == 1u << 10 && one[1] == 1u << 11 && one[2] == 1u << 12);
	CHECK(!zero[0] && !zero[1] && !zero[2] && !m[0] && !m[1] && !m[2]);
}

static void threshold(void)
{
	u32 t[8], t9, tbig;

	for (u32 v = 0; v < 8; v++) {
		wr(THRESH(CTX_S), v);
		t[v] = rd(THRESH(CTX_S));
	}
	printf("threshold ctx 1: 0..7 -> %x %x %x %x %x %x %x %x\n", t[0], t[1], t[2], t[3], t[4],
	       t[5], t[6], t[7]);
	for (u32 v = 0; v < 8; v++)
		CHECK(t[v] == v);
	/* out of range: QEMU masks to 3 bits (WARL), a register may also ignore it */
	wr(THRESH(CTX_S), 3);
	wr(THRESH(CTX_S), 9);
	t9 = rd(THRESH(CTX_S));
	wr(THRESH(CTX_S), 0xffffffff);
	tbig = rd(THRESH(CTX_S));
	printf("threshold ctx 1: 3 then 9 -> %x, then ffffffff -> %x\n", t9, tbig);
	wr(THRESH(CTX_S), 0);
}

/* Everything enabled, every priority 7, threshold 0, and no line raised. */
static void claims(void)
{
	static const u32 stray[] = { 0, 1, 10, 95, 96, 1023, 0xffffffff };
	u32 c0, c1, c_after[ARRAY_SIZE(stray)], pend[NWORDS];
	int seip0;

	for (int s = 1; s <= NDEV; s++)
		wr(PRIO(s), 7);
	for (int w = 0; w < NWORDS; w++)
		wr(ENABLE(CTX_S, w), 0xffffffff);
	wr(THRESH(CTX_S), 0);
	seip0 = seip();
	c0 = rd(CLAIM(CTX_S));
	c1 = rd(CLAIM(CTX_S));
	for (unsigned i = 0; i < ARRAY_SIZE(stray); i++) {
		wr(CLAIM(CTX_S), stray[i]); /* completion of nothing claimed */
		c_after[i] = rd(CLAIM(CTX_S));
	}
	for (int w = 0; w < NWORDS; w++)
		pend[w] = rd(PENDING(w));
	printf("claim with nothing pending: %x, again %x, SEIP %d\n", c0, c1, seip0);
	printf("stray completions of");
	for (unsigned i = 0; i < ARRAY_SIZE(stray); i++)
		printf(" %x", stray[i]);
	printf(": claims");
	for (unsigned i = 0; i < ARRAY_SIZE(stray); i++)
		printf(" %x", c_after[i]);
	printf(", pending %x %x %x, SEIP %d\n", pend[0], pend[1], pend[2], seip());
	CHECK(c0 == 0 && c1 == 0 && !seip0);
	for (unsigned i = 0; i < ARRAY_SIZE(stray); i++)
		CHECK(c_after[i] == 0);
	/* with SEIE and SIE on, nothing is taken either */
	csr_write(sie, SIE_SEIE);
	local_irq_enable();
	for (volatile int i = 0; i < 1000; i++)
		;
	local_irq_disable();
	csr_write(sie, 0);
	printf("interrupts taken with SEIE and SIE on: %lu\n", irq_count);
	CHECK(irq_count == 0);

	for (int w = 0; w < NWORDS; w++)
		wr(ENABLE(CTX_S, w), 0);
	for (int s = 1; s <= NDEV; s++)
		wr(PRIO(s), 0);
}

/* With one hart, contexts 2 and 3 (hart 1) have no registers. */
static void no_such_hart(void)
{
	u32 en, th, cl;

	wr(ENABLE(CTX_NOHART, 0), 0xffffffff);
	wr(THRESH(CTX_NOHART), 5);
	en = rd(ENABLE(CTX_NOHART, 0));
	th = rd(THRESH(CTX_NOHART));
	cl = rd(CLAIM(CTX_NOHART));
	printf("context 3 (no hart 1): enable -> %x, threshold -> %x, claim %x\n", en, th, cl);
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	(void)dtb;
	csr_write(sie, 0);
	printf("hart %lu, S-mode context %d\n", hartid, CTX_S);
	initial_state();
	priorities();
	pending_bits();
	enables();
	threshold();
	claims();
	no_such_hart();
}
