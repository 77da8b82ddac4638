// SPDX-License-Identifier: GPL-2.0
/*
 * timer: SBI set_timer (TIME extension and the legacy call) drives sip.STIP;
 * the interrupt (scause 0x8000000000000005) is taken only with sie.STIE and
 * sstatus.SIE, wfi wakes on it even with SIE=0, a deadline in the future clears
 * STIP, and a vectored stvec sends it to base + 4 * 5.
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

#define TICKS	   50000UL     /* 5 ms at QEMU virt's 10 MHz timebase */
#define LONG_TICKS 100000000UL /* 10 s */
#define POLL_TICKS 20000000UL  /* 2 s: bound for polls that normally end at once */
#define FAR	   (~0UL)

static int stip(void)
{
	return !!(csr_read(sip) & SIP_STIP);
}

/*
 * Poll until STIP or a generous timeout; returns STIP. STIP may lag rdtime:
 * QEMU raises it from a host timer callback (natively, via OpenSBI without Sstc).
 */
static int wait_stip(unsigned long deadline)
{
	wait_time(deadline);
	for (unsigned long end = rdtime() + POLL_TICKS; rdtime() < end;)
		if (stip())
			return 1;
	return stip();
}

static long set_timer(int legacy, unsigned long t)
{
	if (legacy)
		return sbi_legacy(SBI_EXT_0_1_SET_TIMER, t, 0, 0);
	return sbi_set_timer(t).error;
}

static void pending_bit(int legacy)
{
	const char *how = legacy ? "legacy" : "time";
	unsigned long deadline;
	long err;

	err = set_timer(legacy, FAR);
	printf("%s set_timer(far) error=%ld STIP=%d\n", how, err, stip());
	CHECK(!stip());
	/* a deadline the host cannot pass while we look (QEMU's time is host time) */
	err = set_timer(legacy, rdtime() + LONG_TICKS);
	printf("%s set_timer(now+10s) error=%ld STIP right after=%d\n", how, err, stip());
	CHECK(!stip());
	deadline = rdtime() + TICKS;
	err = set_timer(legacy, deadline);
	printf("%s set_timer(now+5ms) error=%ld STIP after deadline (sie=0) %d\n", how, err,
	       wait_stip(deadline));
	CHECK(stip());
	printf("%s no interrupt taken with sie=0 %s\n", how, yesno(irq_count == 0));
	CHECK(irq_count == 0);
	err = set_timer(legacy, rdtime() + LONG_TICKS);
	printf("%s set_timer(future) clears STIP %s\n", how, yesno(!stip()));
	CHECK(!stip());
	err = set_timer(legacy, 0);
	printf("%s set_timer(0) STIP %d\n", how, wait_stip(0));
	set_timer(legacy, FAR);
	printf("%s set_timer(far) clears STIP %s\n", how, yesno(!stip()));
}

static void masked_and_wfi(void)
{
	unsigned long deadline, l;

	/* sie.STIE=1, SIE=0: pending but not taken; wfi still wakes */
	csr_write(sie, SIE_STIE);
	deadline = rdtime() + TICKS;
	sbi_set_timer(deadline);
	WFI_UNTIL(stip()); /* a wfi that never wakes hangs: the harness times out */
	printf("wfi with SIE=0 woke with STIP %s, after deadline %s\n", yesno(stip()),
	       yesno(rdtime() >= deadline));
	printf("interrupt not taken with SIE=0 %s\n", yesno(irq_count == 0));
	CHECK(stip() && irq_count == 0);

	/* SIE=1: taken right after the csrs that enables it */
	asm volatile("lla %0, 1f\n"
		     "csrsi sstatus, 2\n"
		     "1: csrci sstatus, 2\n"
		     : "=&r"(l)::"memory");
	print_trap("enable SIE with STIP pending", l);
	printf("  irqs=%lu vector=%ld SPP=%lu SPIE=%lu\n", irq_count, last_trap.vector,
	       (last_trap.status & SR_SPP) >> 8, (last_trap.status & SR_SPIE) >> 5);
	CHECK(irq_count == 1 && last_trap.cause == (CAUSE_IRQ_FLAG | IRQ_S_TIMER));
	CHECK(last_trap.status & SR_SPP);
	/* the default handler masked sie.STIE; STIP itself stays until set_timer */
	printf("after handler: sie=%lx STIP=%d\n", csr_read(sie), stip());
	sbi_set_timer(FAR);
	printf("set_timer(far) clears STIP %s\n", yesno(!stip()));
}

static void taken_in_wfi(void)
{
	unsigned long deadline;

	irq_count = 0;
	csr_write(sie, SIE_STIE);
	deadline = rdtime() + TICKS;
	sbi_set_timer(deadline);
	local_irq_enable();
	WFI_UNTIL(irq_count);
	local_irq_disable();
	printf("interrupt in wfi with SIE=1: irqs=%lu scause=%lx after deadline %s\n", irq_count,
	       last_trap.cause, yesno(rdtime() >= deadline));
	CHECK(irq_count == 1);
	sbi_set_timer(FAR);
	csr_write(sie, 0);
}

/* A hook that records the interrupt and stops the timer with set_timer, as Linux does. */
static int rearm_hook(struct trap_frame *f)
{
	if (f->cause != (CAUSE_IRQ_FLAG | IRQ_S_TIMER))
		return 0;
	last_trap.cause = f->cause;
	last_trap.vector = f->vector;
	last_trap.status = f->status;
	irq_count++;
	sbi_set_timer(FAR);
	return 1;
}

static void vectored(void)
{
	unsigned long old = csr_read(stvec);

	irq_count = 0;
	trap_hook = rearm_hook;
	csr_write(stvec, (unsigned long)trap_vector_table | TVEC_MODE_VECTORED);
	csr_write(sie, SIE_STIE);
	sbi_set_timer(rdtime() + TICKS);
	local_irq_enable();
	WFI_UNTIL(irq_count);
	local_irq_disable();
	printf("vectored: irqs=%lu scause=%lx slot=%ld STIP after set_timer(far)=%d\n", irq_count,
	       last_trap.cause, last_trap.vector, stip());
	CHECK(last_trap.vector == IRQ_S_TIMER);
	/* two more, back to back, through the same path */
	for (int n = 0; n < 2; n++) {
		sbi_set_timer(rdtime() + TICKS / 10);
		local_irq_enable();
		WFI_UNTIL(irq_count >= 2UL + n);
		local_irq_disable();
	}
	printf("vectored: irqs=%lu slot=%ld\n", irq_count, last_trap.vector);
	CHECK(irq_count == 3);
	csr_write(sie, 0);
	csr_write(stvec, old);
	trap_hook = 0;
}

static void stie_off(void)
{
	/* STIP shows in sip even with sie.STIE=0; nothing is taken with SIE=1 */
	irq_count = 0;
	csr_write(sie, 0);
	sbi_set_timer(0);
	wait_stip(0);
	local_irq_enable();
	for (volatile int i = 0; i < 1000; i++)
		;
	local_irq_disable();
	printf("sie.STIE=0 SIE=1: STIP=%d irqs=%lu\n", stip(), irq_count);
	CHECK(irq_count == 0);
	sbi_set_timer(FAR);
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	(void)hartid;
	(void)dtb;
	csr_write(sie, 0);
	pending_bit(0);
	pending_bit(1);
	masked_and_wfi();
	taken_in_wfi();
	vectored();
	stie_off();
}
