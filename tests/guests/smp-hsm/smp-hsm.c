// SPDX-License-Identifier: GPL-2.0
/*
 * smp-hsm: SBI HSM across three harts. The boot hart (A) starts the two
 * others (B, C) and prints everything; B and C only report through memory.
 *  - hart_get_status of every hart before, while and after each change, and
 *    of hart ids that do not exist;
 *  - hart_start: the entry registers (a0 = hartid, a1 = opaque, satp = 0,
 *    sstatus.SIE = 0), a second start of a started hart, of the own hart and
 *    of absent harts; hart_stop, then a restart with another opaque value;
 *  - hart_suspend: retentive, woken by an IPI (sie.SSIE) and by the timer
 *    (sie.STIE), with the status seen from A while the hart sleeps; the
 *    non-retentive default suspend woken by an IPI (resume at the given
 *    address with a0 = hartid, a1 = opaque, satp = 0, SIE = 0); a reserved
 *    suspend type.
 * Natively OpenSBI may boot any hart: roles are taken from the boot hart
 * (B = boot + 1, C = boot + 2, mod 3) and lines name roles, not hart ids.
 * Left out, as the spec leaves them open: the transient START_PENDING and
 * STOP_PENDING states (the status is polled until it settles); whether a
 * wakeup comes with sie bits cleared; hart_start of a suspended hart; the
 * start addresses a firmware refuses (OpenSBI refuses its own region, which
 * SVPN's guests do not have).
 */
#include "guest.h"
#include "smp.h"

const char guest_name[] = GUEST_NAME;

#define NHARTS 3
#define OPAQUE 0x5eed000000000000UL

/* entry.S writes these; a secondary's C code reads its hsm_boot slot. */
struct hsm_rec {
	unsigned long a0, a1, satp, sstatus;
};
volatile struct hsm_rec hsm_rec[8];
struct secondary_boot *volatile hsm_boot[8];
extern char hsm_entry[];

static unsigned long hart_id[NHARTS]; /* role -> hart id */
static struct secondary_boot boot[NHARTS];
static u8 stacks[NHARTS][4096] __attribute__((aligned(16)));

/* What B and C report; A prints it. Indexed by role. */
static volatile unsigned long entries[NHARTS], stage[NHARTS];
static volatile long sus_err[NHARTS], stop_returned[NHARTS];
static volatile unsigned long sus_sip[NHARTS];
static volatile unsigned long cmd[NHARTS]; /* set by A: what to do next */

enum {
	CMD_WAIT,
	CMD_STOP,
	CMD_SUSPEND_IPI,
	CMD_SUSPEND_TIMER,
	CMD_SUSPEND_NONRET,
	CMD_RETURN
};

static void secondary(unsigned long hartid, void *arg);

static long status(int role)
{
	struct sbiret r = sbi_hart_get_status(hart_id[role]);

	return r.error ? r.error * 100 : r.value;
}

static const char *state_name(long s)
{
	switch (s) {
	case SBI_HSM_STATE_STARTED:
		return "STARTED";
	case SBI_HSM_STATE_STOPPED:
		return "STOPPED";
	case SBI_HSM_STATE_START_PENDING:
		return "START_PENDING";
	case SBI_HSM_STATE_STOP_PENDING:
		return "STOP_PENDING";
	case SBI_HSM_STATE_SUSPENDED:
		return "SUSPENDED";
	}
	return s <= -100 ? "error" : "?";
}

static void print_status(const char *when)
{
	printf("%s: A=%s B=%s C=%s\n", when, state_name(status(0)), state_name(status(1)),
	       state_name(status(2)));
}

/*
 * The status once it has become want (or after 1 s): a hart that was told to
 * stop may not have called hart_stop yet, and on the way it may pass through
 * STOP_PENDING, which a test cannot time.
 */
static long wait_status(int role, long want)
{
	long s;

	SPIN_UNTIL((s = status(role)) == want);
	return s;
}

static long start(int role, unsigned long opaque)
{
	boot[role].sp = (unsigned long)stacks[role] + sizeof(stacks[role]);
	boot[role].fn = secondary;
	boot[role].arg = (void *)(unsigned long)role;
	hsm_boot[hart_id[role]] = &boot[role];
	asm volatile("fence rw, rw" ::: "memory");
	return sbi_hart_start(hart_id[role], (unsigned long)hsm_entry, opaque).error;
}

/* The entry registers hsm_entry noted for a role's hart. */
static void print_entry(const char *what, int role, unsigned long opaque)
{
	volatile struct hsm_rec *e = &hsm_rec[hart_id[role]];

	printf("%s: entries=%lu a0=hartid %s a1=opaque %s satp=%lx SIE=%lu\n", what, entries[role],
	       yesno(e->a0 == hart_id[role]), yesno(e->a1 == opaque), e->satp,
	       (e->sstatus & SR_SIE) >> 1);
	CHECK(e->a0 == hart_id[role] && e->a1 == opaque && !e->satp && !(e->sstatus & SR_SIE));
}

static void do_cmd(int role, unsigned long c)
{
	unsigned long old = stage[role];

	cmd[role] = c;
	if (!SPIN_UNTIL(stage[role] != old))
		printf("hart %c did not take command %lu\n", 'A' + role, c);
}

static void resumed(unsigned long hartid, void *arg);

/* B and C: wait for A's commands; report each step in stage[]. */
static void command_loop(int role)
{
	struct sbiret r;

	for (;;) {
		unsigned long c;

		while ((c = cmd[role]) == CMD_WAIT)
			;
		cmd[role] = CMD_WAIT;
		switch (c) {
		case CMD_STOP:
			stage[role]++;
			sbi_hart_stop();
			stop_returned[role] = 1;
			break;
		case CMD_SUSPEND_IPI:
		case CMD_SUSPEND_NONRET:
			csr_clear(sip, SIP_SSIP);
			csr_write(sie, SIE_SSIE);
			if (c == CMD_SUSPEND_NONRET) {
				/* resume in resumed() on a fresh stack */
				boot[role].fn = resumed;
				asm volatile("fence rw, rw" ::: "memory");
			}
			stage[role]++;
			r = sbi_hart_suspend(c == CMD_SUSPEND_IPI ? SBI_HSM_SUSPEND_RET_DEFAULT :
								    SBI_HSM_SUSPEND_NON_RET_DEFAULT,
					     (unsigned long)hsm_entry, OPAQUE | 0x50);
			/* retentive, or a non-retentive suspend that failed */
			sus_err[role] = r.error;
			sus_sip[role] = csr_read(sip);
			csr_clear(sip, SIP_SSIP);
			csr_write(sie, 0);
			stage[role]++;
			break;
		case CMD_SUSPEND_TIMER:
			csr_write(sie, SIE_STIE);
			sbi_set_timer(rdtime() + 200000); /* 20 ms */
			stage[role]++;
			r = sbi_hart_suspend(SBI_HSM_SUSPEND_RET_DEFAULT, 0, 0);
			sus_err[role] = r.error;
			sus_sip[role] = csr_read(sip);
			sbi_set_timer(~0UL);
			csr_write(sie, 0);
			stage[role]++;
			break;
		case CMD_RETURN:
			stage[role]++;
			return; /* secondary_entry stops the hart */
		}
	}
}

static void secondary(unsigned long hartid, void *arg)
{
	int role = (int)(unsigned long)arg;

	(void)hartid;
	/* before A can see the hart up: a command A sends then is not lost */
	cmd[role] = CMD_WAIT;
	asm volatile("fence rw, rw" ::: "memory");
	entries[role]++;
	stage[role]++;
	command_loop(role);
}

/* After a non-retentive suspend: report, then take commands again. */
static void resumed(unsigned long hartid, void *arg)
{
	int role = (int)(unsigned long)arg;

	sus_err[role] = 0;
	sus_sip[role] = csr_read(sip);
	csr_clear(sip, SIP_SSIP);
	csr_write(sie, 0);
	(void)hartid;
	boot[role].fn = secondary;
	stage[role]++;
	command_loop(role);
}

static void start_checked(const char *what, int role, unsigned long opaque)
{
	unsigned long old = stage[role];
	long e = start(role, opaque);
	int ran = SPIN_UNTIL(stage[role] != old);

	printf("%s: error=%ld ran=%s\n", what, e, yesno(ran));
	CHECK(e == 0 && ran);
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	unsigned long old;
	struct sbiret r;
	long e;
	int i;

	(void)dtb;
	for (i = 0; i < NHARTS; i++)
		hart_id[i] = (hartid + i) % NHARTS;
	csr_write(sie, 0);

	print_status("boot");
	r = sbi_hart_get_status(NHARTS);
	printf("get_status(absent hart %d): error=%ld\n", NHARTS, r.error);
	CHECK(r.error == SBI_ERR_INVALID_PARAM);
	r = sbi_hart_get_status(4096);
	printf("get_status(4096): error=%ld\n", r.error);
	r = sbi_hart_get_status(~0UL);
	printf("get_status(-1): error=%ld\n", r.error);

	/* start, and the starts that must fail */
	start_checked("start B", 1, OPAQUE | 1);
	print_entry("B entry", 1, OPAQUE | 1);
	print_status("B started");
	e = start(1, OPAQUE | 2);
	printf("start B again: error=%ld\n", e);
	CHECK(e == SBI_ERR_ALREADY_AVAILABLE);
	e = sbi_hart_start(hartid, (unsigned long)hsm_entry, 0).error;
	printf("start A (self): error=%ld\n", e);
	CHECK(e == SBI_ERR_ALREADY_AVAILABLE);
	e = sbi_hart_start(NHARTS, (unsigned long)hsm_entry, 0).error;
	printf("start absent hart %d: error=%ld\n", NHARTS, e);
	CHECK(e == SBI_ERR_INVALID_PARAM);
	e = sbi_hart_start(~0UL, (unsigned long)hsm_entry, 0).error;
	printf("start hart -1: error=%ld\n", e);
	CHECK(e == SBI_ERR_INVALID_PARAM);
	printf("B entries after the failed starts: %lu\n", entries[1]);

	/* stop and restart */
	do_cmd(1, CMD_STOP);
	printf("B stop: status=%s\n", state_name(wait_status(1, SBI_HSM_STATE_STOPPED)));
	printf("B hart_stop returned: %s\n", yesno(stop_returned[1]));
	e = start(1, OPAQUE | 3);
	printf("restart B: error=%ld ran=%s\n", e, yesno(SPIN_UNTIL(entries[1] == 2)));
	print_entry("B entry", 1, OPAQUE | 3);
	start_checked("start C", 2, OPAQUE | 4);
	print_entry("C entry", 2, OPAQUE | 4);
	print_status("all started");

	/* retentive suspend, woken by an IPI */
	old = stage[1];
	do_cmd(1, CMD_SUSPEND_IPI);
	SPIN_UNTIL(status(1) == SBI_HSM_STATE_SUSPENDED);
	printf("B suspended (retentive): status=%s resumed early=%s\n", state_name(status(1)),
	       yesno(stage[1] != old + 1));
	e = sbi_send_ipi(1, hart_id[1]).error;
	printf("IPI to B: error=%ld B resumed=%s", e, yesno(SPIN_UNTIL(stage[1] == old + 2)));
	printf(" suspend error=%ld SSIP=%lu status=%s\n", sus_err[1], (sus_sip[1] & SIP_SSIP) >> 1,
	       state_name(wait_status(1, SBI_HSM_STATE_STARTED)));

	/* retentive suspend, woken by the timer */
	old = stage[2];
	do_cmd(2, CMD_SUSPEND_TIMER);
	SPIN_UNTIL(status(2) == SBI_HSM_STATE_SUSPENDED || stage[2] != old + 1);
	printf("C suspended (retentive, timer in 20 ms): status=%s\n", state_name(status(2)));
	printf("C resumed=%s", yesno(SPIN_UNTIL(stage[2] == old + 2)));
	printf(" suspend error=%ld STIP=%lu status=%s\n", sus_err[2], (sus_sip[2] & SIP_STIP) >> 5,
	       state_name(wait_status(2, SBI_HSM_STATE_STARTED)));

	/* non-retentive suspend, woken by an IPI: resumes at hsm_entry */
	old = stage[1];
	do_cmd(1, CMD_SUSPEND_NONRET);
	SPIN_UNTIL(status(1) == SBI_HSM_STATE_SUSPENDED);
	printf("B suspended (non-retentive): status=%s resumed early=%s\n", state_name(status(1)),
	       yesno(stage[1] != old + 1));
	e = sbi_send_ipi(1, hart_id[1]).error;
	printf("IPI to B: error=%ld B resumed=%s", e, yesno(SPIN_UNTIL(stage[1] == old + 2)));
	printf(" suspend error=%ld SSIP=%lu status=%s\n", sus_err[1], (sus_sip[1] & SIP_SSIP) >> 1,
	       state_name(wait_status(1, SBI_HSM_STATE_STARTED)));
	print_entry("B resume", 1, OPAQUE | 0x50);

	/* a reserved suspend type: refused, the hart goes on */
	r = sbi_hart_suspend(1, 0, 0);
	printf("suspend(type 1, reserved): error=%ld\n", r.error);
	CHECK(r.error == SBI_ERR_INVALID_PARAM);

	/* B and C return from their start functions: secondary_entry stops them */
	do_cmd(1, CMD_RETURN);
	do_cmd(2, CMD_RETURN);
	printf("B, C stopped: B=%s C=%s\n", state_name(wait_status(1, SBI_HSM_STATE_STOPPED)),
	       state_name(wait_status(2, SBI_HSM_STATE_STOPPED)));
	print_status("end");
}
