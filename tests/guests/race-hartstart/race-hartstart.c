// SPDX-License-Identifier: GPL-2.0
/*
 * race-hartstart: harts 0 and 1 call SBI HSM hart_start on the same stopped
 * hart 2 at the same moment, round after round; hart 2 notes its entry,
 * waits until both callers have their answers, then stops itself with
 * hart_stop. The regression this catches: SVPN checked and set the target's
 * HSM state non-atomically, so both starts could succeed and the second
 * reset a hart that was already running.
 *
 * (Harts 0, 1, 2 are the boot hart, the other caller and the target; natively
 * OpenSBI may boot another hart, and the roles rotate with it.)
 * Per round exactly one start must succeed and the other must get
 * SBI_ERR_ALREADY_AVAILABLE; hart 2 must enter exactly once, with the token of
 * the caller that succeeded, and never while it is already inside a round.
 * Bootargs: rounds=N (default 2000). Prints "race-hartstart: ok rounds=N
 * (hart 0 won W, invalid-param E)" or "race-hartstart: FAIL ...". Needs 3 vCPUs.
 */
#include "guest.h"
#include "smp.h"

const char guest_name[] = GUEST_NAME;

/* Hart ids: the boot hart, then the other caller and the target (2 natively, say). */
static unsigned long caller1, target_hart;

static unsigned long rounds;
static volatile unsigned long round;	 /* set by hart 0: the round to race in */
static volatile unsigned long ready1;	 /* hart 1 is waiting for this round */
static volatile unsigned long answered1; /* hart 1 has its answer for this round */
static volatile long err[2];
static volatile unsigned long entries, entry_token, entry_round;
static volatile int in_round, failed;
static guest_lock_t print_lock;

/* A caller's boot block names the caller: hart 2 reports whose start it ran. */
static struct secondary_boot boot[2];
static u8 stacks[2][4096] __attribute__((aligned(16)));
static u8 stack1[8192] __attribute__((aligned(16)));
static struct secondary_boot boot1;

static void report(const char *fmt, unsigned long a, unsigned long b, unsigned long c)
{
	guest_lock(&print_lock);
	if (!failed) {
		failed = 1;
		fail_count++;
		printf("race-hartstart: FAIL ");
		printf(fmt, a, b, c);
		printf("\n");
	}
	guest_unlock(&print_lock);
}

/* Hart 2, once per successful start. */
static void target(unsigned long hartid, void *arg)
{
	unsigned long r = round, token = (unsigned long)arg;

	(void)hartid;
	if (__atomic_exchange_n(&in_round, 1, __ATOMIC_ACQ_REL))
		report("round %lu: hart 2 entered again (token %lu) while it was running round %lu",
		       r, token, entry_round);
	entry_round = r;
	entry_token = token;
	__atomic_add_fetch(&entries, 1, __ATOMIC_ACQ_REL);
	/* stay started until both callers have their answer, or the loser could win */
	while (answered1 != r && !failed)
		;
	while (err[0] == 1 && !failed)
		;
	__atomic_store_n(&in_round, 0, __ATOMIC_RELEASE);
	/* returning to secondary_entry: hart_stop */
}

/*
 * The losing start: ALREADY_AVAILABLE. OpenSBI 1.1 (the native run) says
 * INVALID_PARAM when it finds the hart START_PENDING; that is counted in the
 * result line, and the runner wants none under SVPN.
 */
static int loser_ok(long e)
{
	return e == SBI_ERR_ALREADY_AVAILABLE || e == SBI_ERR_INVALID_PARAM;
}

/*
 * Each caller waits a varying while before its call; hart 0 (which sees the
 * round first) also waits delay0, raised when it wins and lowered when it
 * loses, so the two calls keep arriving at SVPN at about the same moment.
 */
static unsigned long delay0;

static void spin(unsigned long n)
{
	for (volatile unsigned long i = 0; i < n; i++)
		;
}

static long start_target(int caller)
{
	return sbi_hart_start(target_hart, (unsigned long)secondary_entry,
			      (unsigned long)&boot[caller])
		.error;
}

static void hart1(unsigned long hartid, void *arg)
{
	unsigned long r;

	(void)hartid;
	(void)arg;
	for (r = 1; r <= rounds && !failed; r++) {
		__atomic_store_n(&ready1, r, __ATOMIC_RELEASE);
		while (round != r && !failed)
			;
		spin(r * 13 % 8);
		err[1] = start_target(1);
		__atomic_store_n(&answered1, r, __ATOMIC_RELEASE);
	}
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	unsigned long r, won0 = 0, einval = 0, t;
	struct sbiret s;
	int i;

	if (fdt_read_chosen(dtb))
		guest_abort("no device tree at a1");
	rounds = bootarg_num("rounds", 2000);
	/* natively OpenSBI may boot any hart: the roles follow the boot hart */
	caller1 = (hartid + 1) % 3;
	target_hart = (hartid + 2) % 3;
	for (i = 0; i < 2; i++) {
		boot[i].sp = (unsigned long)stacks[i] + sizeof(stacks[i]);
		boot[i].fn = target;
		boot[i].arg = (void *)(unsigned long)i;
	}
	asm volatile("fence rw, rw" ::: "memory");
	s = sbi_hart_get_status(target_hart);
	if (s.error || s.value != SBI_HSM_STATE_STOPPED)
		guest_abort("race-hartstart: the target hart is not there, or not stopped");
	s = start_secondary(caller1, &boot1, stack1, sizeof(stack1), hart1, 0);
	if (s.error)
		guest_abort("race-hartstart: cannot start hart 1");
	printf("race-hartstart: rounds=%lu\n", rounds);

	for (r = 1; r <= rounds && !failed; r++) {
		while (ready1 != r && !failed)
			;
		err[0] = 1; /* not yet answered */
		entries = 0;
		__atomic_store_n(&round, r, __ATOMIC_RELEASE);
		spin(delay0 + r * 7 % 8);
		err[0] = start_target(0);
		while (answered1 != r && !failed)
			;
		/* wait for hart 2 to have stopped again (2 s at most) */
		for (t = rdtime() + 20000000UL;;) {
			s = sbi_hart_get_status(target_hart);
			if (!s.error && s.value == SBI_HSM_STATE_STOPPED && !in_round)
				break;
			if ((long)(rdtime() - t) > 0) {
				report("round %lu: hart 2 did not stop (status %lu, entries %lu)",
				       r, s.value, entries);
				break;
			}
		}
		if (failed)
			break;
		if (!((err[0] == 0 && loser_ok(err[1])) || (err[1] == 0 && loser_ok(err[0])))) {
			report("round %lu: hart_start returned %ld on hart 0 and %ld on hart 1", r,
			       err[0], err[1]);
			break;
		}
		einval += err[0] == SBI_ERR_INVALID_PARAM || err[1] == SBI_ERR_INVALID_PARAM;
		if (entries != 1 || entry_token != (err[0] == 0 ? 0UL : 1UL)) {
			report("round %lu: hart 2 entered %lu times, last with token %lu", r,
			       entries, entry_token);
			break;
		}
		won0 += err[0] == 0;
		/* hart 0 starts first: hold it back until the two calls arrive together */
		if (err[0] == 0)
			delay0 += 2;
		else if (delay0 >= 2)
			delay0 -= 2;
	}
	if (!failed)
		printf("race-hartstart: ok rounds=%lu (hart 0 won %lu, invalid-param %lu)\n",
		       rounds, won0, einval);
}
