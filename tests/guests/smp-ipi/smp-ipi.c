// SPDX-License-Identifier: GPL-2.0
/*
 * smp-ipi: SBI IPIs between three harts. The boot hart (A) starts B and C,
 * which enable sie.SSIE and SIE and count the supervisor software interrupts
 * they take (B waiting in wfi, C spinning); A sends with each form of the
 * hart mask and prints, after each send, how many each hart took and whether
 * A's own SSIP is pending (A runs with sie = 0).
 *  - hart_mask/hart_mask_base: base form, mask form, several targets, all
 *    harts (base = -1), base beyond the last hart;
 *  - masks naming absent harts next to present ones: SBI 2.0 says
 *    SBI_ERR_INVALID_PARAM, OpenSBI 1.1 ignores the absent harts and returns 0;
 *    printed is only that it was one of the two, sent or not sent accordingly;
 *  - the legacy send_ipi (mask by address; NULL = all harts);
 *  - an IPI to a stopped hart: its error code only (whether it is still
 *    pending when the hart starts again is not the spec's business).
 * Each send waits until the targets took it, then a further 2 ms, so an IPI
 * to the wrong hart shows too. Roles come from the boot hart (B = boot + 1,
 * C = boot + 2, mod 3); masks are built from the real hart ids.
 */
#include "guest.h"
#include "smp.h"

const char guest_name[] = GUEST_NAME;

#define NHARTS 3

static unsigned long hart_id[NHARTS]; /* role -> hart id */
static struct secondary_boot boot[NHARTS];
static u8 stacks[NHARTS][4096] __attribute__((aligned(16)));
static volatile unsigned long taken[NHARTS], up[NHARTS], quit[NHARTS];

/* B and C: tp holds the role (set in target()); count SSIs per role. */
static int ssi_hook(struct trap_frame *f)
{
	unsigned long role = f->x[4];

	if (f->cause != (CAUSE_IRQ_FLAG | IRQ_S_SOFT) || role == 0 || role >= NHARTS)
		return 0;
	csr_clear(sip, SIP_SSIP);
	__atomic_add_fetch(&taken[role], 1, __ATOMIC_ACQ_REL);
	return 1;
}

static void target(unsigned long hartid, void *arg)
{
	unsigned long role = (unsigned long)arg;

	(void)hartid;
	asm volatile("mv tp, %0" ::"r"(role));
	csr_clear(sip, SIP_SSIP);
	csr_write(sie, SIE_SSIE);
	local_irq_enable();
	up[role] = 1;
	while (!quit[role]) {
		/* B sleeps between interrupts, C spins */
		if (role == 1)
			guest_wfi();
	}
	local_irq_disable();
	csr_write(sie, 0);
}

static void settle(void)
{
	wait_time(rdtime() + 20000); /* 2 ms */
}

static unsigned long bit(int role)
{
	return 1UL << hart_id[role];
}

/*
 * want: the roles (bit 0 = A, 1 = B, 2 = C) that must get this IPI if it is
 * sent; waits for B and C among them, then prints what each hart got.
 */
static void show(const char *what, long err, unsigned int want, const unsigned long *before)
{
	int self;

	if (!err) {
		SPIN_UNTIL((!(want & 2) || taken[1] != before[1]) &&
			   (!(want & 4) || taken[2] != before[2]));
	}
	settle();
	self = !!(csr_read(sip) & SIP_SSIP);
	csr_clear(sip, SIP_SSIP);
	printf("%s: error=%ld A=%d B=+%lu C=+%lu\n", what, err, self, taken[1] - before[1],
	       taken[2] - before[2]);
}

static void send(const char *what, unsigned long mask, unsigned long base, unsigned int want)
{
	unsigned long before[NHARTS] = { 0, taken[1], taken[2] };

	show(what, sbi_send_ipi(mask, base).error, want, before);
}

/*
 * A mask with absent harts: either refused (nobody gets it) or sent to the
 * present ones (want); prints only which of the two, not the roles.
 */
static void send_partly_absent(const char *what, unsigned long mask, unsigned long base,
			       unsigned int want, int may_refuse)
{
	unsigned long before[NHARTS] = { 0, taken[1], taken[2] };
	long err = sbi_send_ipi(mask, base).error;
	unsigned int got;
	int ok;

	if (!err)
		SPIN_UNTIL((!(want & 2) || taken[1] != before[1]) &&
			   (!(want & 4) || taken[2] != before[2]));
	settle();
	got = (csr_read(sip) & SIP_SSIP ? 1 : 0) | (taken[1] != before[1] ? 2 : 0) |
	      (taken[2] != before[2] ? 4 : 0);
	csr_clear(sip, SIP_SSIP);
	ok = (err == 0 && got == want) || (may_refuse && err == SBI_ERR_INVALID_PARAM && got == 0);
	if (may_refuse)
		printf("%s: sent to the present harts, or refused (-3) and sent to none: %s\n",
		       what, yesno(ok));
	else
		printf("%s: error=%ld sent to exactly those harts: %s\n", what, err, yesno(ok));
	CHECK(ok);
}

static void legacy(const char *what, const unsigned long *mask, unsigned int want)
{
	unsigned long before[NHARTS] = { 0, taken[1], taken[2] };

	show(what, sbi_legacy(SBI_EXT_0_1_SEND_IPI, (unsigned long)mask, 0, 0), want, before);
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	static unsigned long lmask;
	unsigned long absent = 1UL << NHARTS;
	struct sbiret r;
	int i;

	(void)dtb;
	for (i = 0; i < NHARTS; i++)
		hart_id[i] = (hartid + i) % NHARTS;
	csr_write(sie, 0);
	csr_clear(sip, SIP_SSIP);
	trap_hook = ssi_hook;
	for (i = 1; i < NHARTS; i++) {
		r = start_secondary(hart_id[i], &boot[i], stacks[i], sizeof(stacks[i]), target,
				    (void *)(unsigned long)i);
		if (r.error || !SPIN_UNTIL(up[i]))
			guest_abort("cannot start the secondary harts");
	}
	/* the starts themselves raise no IPI the targets can see */
	settle();
	printf("started: B=%lu C=%lu\n", taken[1], taken[2]);

	send("base form (1, B)", 1, hart_id[1], 2);
	send("base form (1, C)", 1, hart_id[2], 4);
	send("mask form (1<<B, 0)", bit(1), 0, 2);
	send("mask form (1<<B | 1<<C, 0)", bit(1) | bit(2), 0, 6);
	send("mask form (all three, 0)", bit(0) | bit(1) | bit(2), 0, 7);
	send("base -1 (all harts)", 0, ~0UL, 7);
	send("mask 0, base 0", 0, 0, 0);
	/*
	 * Two bits above a base: harts 0 and 1, whose roles depend on which hart
	 * booted (natively it varies from run to run): print only that exactly
	 * those two got it.
	 */
	send_partly_absent("base form (3, 0) harts 0 and 1", 3, 0,
			   1U << (NHARTS - hartid) % NHARTS | 1U << (NHARTS + 1 - hartid) % NHARTS,
			   0);
	send("base beyond the harts (1, 3)", 1, NHARTS, 0);
	send("base beyond the harts (1, 4096)", 1, 4096, 0);
	send_partly_absent("mask (1<<B | 1<<3, 0)", bit(1) | absent, 0, 2, 1);
	send_partly_absent("mask (1<<C | 1<<63, 0)", bit(2) | 1UL << 63, 0, 4, 1);
	send_partly_absent("mask (1<<3, 0) absent only", absent, 0, 0, 1);

	lmask = bit(1);
	legacy("legacy send_ipi(&(1<<B))", &lmask, 2);
	lmask = bit(1) | bit(2);
	legacy("legacy send_ipi(&(1<<B | 1<<C))", &lmask, 6);
	legacy("legacy send_ipi(NULL) all harts", 0, 7);

	/* C stops (returns to secondary_entry's hart_stop) */
	quit[2] = 1;
	SPIN_UNTIL(sbi_hart_get_status(hart_id[2]).value == SBI_HSM_STATE_STOPPED);
	r = sbi_send_ipi(1, hart_id[2]);
	printf("to stopped C: error=%ld\n", r.error);
	send("to B after C stopped", bit(1), 0, 2);
	quit[1] = 1;
	sbi_send_ipi(1, hart_id[1]); /* out of its wfi */
}
