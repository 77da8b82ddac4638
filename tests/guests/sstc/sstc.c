// SPDX-License-Identifier: GPL-2.0
/*
 * sstc: the stimecmp CSR (0x14d). Natively it is accessible from S when the
 * CPU has Sstc (OpenSBI 1.1 sets menvcfg.STCE) and illegal with sstc=false;
 * when present, time >= stimecmp drives sip.STIP directly.
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

#define TICKS	   50000UL
#define POLL_TICKS 20000000UL /* 2 s: bound for polls that normally end at once */

static int stip(void)
{
	return !!(csr_read(sip) & SIP_STIP);
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	unsigned long l, v, deadline;

	(void)hartid;
	(void)dtb;
	trap_expect();
	asm volatile("lla %0, 1f\n1: csrr %1, 0x14d\n" : "=&r"(l), "=r"(v)::"memory");
	trap_unexpect();
	print_trap("csrr stimecmp", l);
	if (trap_count) {
		CHECK(last_trap.cause == EXC_INST_ILLEGAL);
		trap_expect();
		asm volatile("lla %0, 1f\n1: csrw 0x14d, zero\n" : "=&r"(l)::"memory");
		trap_unexpect();
		print_trap("csrw stimecmp", l);
		return;
	}
	csr_write(0x14d, ~0UL);
	printf("stimecmp=~0: reads back exact %s STIP=%d\n", yesno(csr_read(0x14d) == ~0UL),
	       stip());
	deadline = rdtime() + 100000000UL;
	csr_write(0x14d, deadline);
	printf("stimecmp=now+10s: reads back exact %s STIP=%d\n",
	       yesno(csr_read(0x14d) == deadline), stip());
	CHECK(!stip());
	deadline = rdtime() + TICKS;
	csr_write(0x14d, deadline);
	wait_time(deadline);
	/* QEMU raises STIP from a host timer callback: it may lag rdtime a little */
	for (unsigned long end = rdtime() + POLL_TICKS; !stip() && rdtime() < end;)
		;
	printf("after deadline STIP=%d\n", stip());
	CHECK(stip());
	csr_write(0x14d, ~0UL);
	printf("stimecmp=~0 clears STIP %s\n", yesno(!stip()));
	CHECK(!stip());

	/* SBI set_timer and stimecmp are the same comparator natively */
	deadline = rdtime() + 100000000UL;
	sbi_set_timer(deadline);
	printf("set_timer shows in stimecmp %s\n", yesno(csr_read(0x14d) == deadline));

	/* interrupt through stimecmp */
	irq_count = 0;
	csr_write(sie, SIE_STIE);
	csr_write(0x14d, rdtime() + TICKS);
	local_irq_enable();
	WFI_UNTIL(irq_count);
	local_irq_disable();
	printf("stimecmp interrupt: irqs=%lu scause=%lx\n", irq_count, last_trap.cause);
	CHECK(irq_count == 1);
	csr_write(0x14d, ~0UL);
	csr_write(sie, 0);
	printf("STIP at end %d\n", stip());
}
