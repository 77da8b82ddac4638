// SPDX-License-Identifier: GPL-2.0
/*
 * ipi: SBI IPI (and the legacy send_ipi/clear_ipi) to the own hart sets
 * sip.SSIP; the interrupt is scause 0x8000000000000001; S clears SSIP itself;
 * hart masks naming harts that do not exist (on -smp 1) and their error codes.
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

static int ssip(void)
{
	return !!(csr_read(sip) & SIP_SSIP);
}

static void settle(void)
{
	/* natively the IPI goes through the CLINT and M-mode: give it time to land */
	for (volatile int i = 0; i < 1000; i++)
		;
}

static long send(const char *what, unsigned long mask, unsigned long base)
{
	struct sbiret r;

	csr_clear(sip, SIP_SSIP);
	r = sbi_send_ipi(mask, base);
	settle();
	printf("%s: error=%ld SSIP=%d\n", what, r.error, ssip());
	csr_clear(sip, SIP_SSIP);
	return r.error;
}

/*
 * A mask with bits for absent harts next to present ones: SBI 2.0 says
 * SBI_ERR_INVALID_PARAM, OpenSBI 1.1 ignores the absent harts and returns 0.
 * Print only which of the two it was, and whether the own hart got it anyway.
 */
static void send_partly_absent(const char *what, unsigned long mask, unsigned long base)
{
	struct sbiret r;

	csr_clear(sip, SIP_SSIP);
	r = sbi_send_ipi(mask, base);
	settle();
	printf("%s: error is 0 or -3 %s\n", what,
	       yesno(r.error == 0 || r.error == SBI_ERR_INVALID_PARAM));
	CHECK(r.error == 0 || r.error == SBI_ERR_INVALID_PARAM);
	if (r.error == 0 && (mask & 1) && base == 0)
		CHECK(ssip());
	csr_clear(sip, SIP_SSIP);
}

static long legacy_send(unsigned long *mask)
{
	long r;

	csr_clear(sip, SIP_SSIP);
	r = sbi_legacy(SBI_EXT_0_1_SEND_IPI, (unsigned long)mask, 0, 0);
	settle();
	return r;
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	static unsigned long mask;
	unsigned long l;
	long r;

	(void)dtb;
	csr_write(sie, 0);
	csr_clear(sip, SIP_SSIP);

	/* pending only: sie=0 */
	r = sbi_send_ipi(1, hartid).error;
	settle();
	printf("send_ipi(1, self): error=%ld SSIP=%d\n", r, ssip());
	CHECK(r == 0 && ssip());
	csr_clear(sip, SIP_SSIP);
	printf("csrc sip.SSIP clears it %s\n", yesno(!ssip()));
	CHECK(!ssip());

	/* taken: sie.SSIE + SIE */
	irq_count = 0;
	csr_write(sie, SIE_SSIE);
	sbi_send_ipi(1, hartid);
	settle();
	printf("with SIE=0: taken %s SSIP=%d\n", yesno(irq_count), ssip());
	asm volatile("lla %0, 1f\n"
		     "csrsi sstatus, 2\n"
		     "1: csrci sstatus, 2\n"
		     : "=&r"(l)::"memory");
	print_trap("enable SIE with SSIP pending", l);
	printf("  irqs=%lu SSIP after handler=%d\n", irq_count, ssip());
	CHECK(irq_count == 1 && last_trap.cause == (CAUSE_IRQ_FLAG | IRQ_S_SOFT));

	/* taken while waiting in wfi */
	irq_count = 0;
	local_irq_enable();
	sbi_send_ipi(1, hartid);
	WFI_UNTIL(irq_count);
	local_irq_disable();
	printf("ipi with SIE=1: irqs=%lu scause=%lx\n", irq_count, last_trap.cause);
	CHECK(irq_count == 1);

	/* vectored: slot 1 */
	irq_count = 0;
	csr_write(stvec, (unsigned long)trap_vector_table | TVEC_MODE_VECTORED);
	local_irq_enable();
	sbi_send_ipi(1, hartid);
	WFI_UNTIL(irq_count);
	local_irq_disable();
	csr_write(stvec, (unsigned long)trap_entry);
	printf("vectored: irqs=%lu slot=%ld\n", irq_count, last_trap.vector);
	CHECK(last_trap.vector == IRQ_S_SOFT);
	csr_write(sie, 0);

	/* masks */
	send("send_ipi(mask=1, base=-1 all)", 1, ~0UL);
	send("send_ipi(mask=0, base=-1 all)", 0, ~0UL);
	send("send_ipi(mask=0, base=0)", 0, 0);
	send_partly_absent("send_ipi(mask=2, base=0) hart 1 absent", 2, 0);
	send_partly_absent("send_ipi(mask=3, base=0) harts 0,1", 3, 0);
	send_partly_absent("send_ipi(mask=~0, base=0)", ~0UL, 0);
	send_partly_absent("send_ipi(mask=1<<63, base=0)", 1UL << 63, 0);
	CHECK(send("send_ipi(mask=1, base=1) hart 1 absent", 1, 1) == SBI_ERR_INVALID_PARAM);
	CHECK(send("send_ipi(mask=1, base=7) hart 7 absent", 1, 7) == SBI_ERR_INVALID_PARAM);
	CHECK(send("send_ipi(mask=1, base=4096)", 1, 4096) == SBI_ERR_INVALID_PARAM);
	CHECK(send("send_ipi(mask=3, base=-2)", 3, ~0UL - 1) == SBI_ERR_INVALID_PARAM);

	/* legacy: a0 points to the mask in memory */
	mask = 1;
	r = legacy_send(&mask);
	printf("legacy send_ipi(&1): ret=%ld SSIP=%d\n", r, ssip());
	CHECK(r == 0 && ssip());
	r = sbi_legacy(SBI_EXT_0_1_CLEAR_IPI, 0, 0, 0);
	printf("legacy clear_ipi: ret=%ld SSIP=%d\n", r, ssip());
	csr_clear(sip, SIP_SSIP);
	mask = 0;
	r = legacy_send(&mask);
	printf("legacy send_ipi(&0): ret=%ld SSIP=%d\n", r, ssip());
	/* as with send_ipi above: OpenSBI 1.1 ignores absent harts in the mask */
	mask = 2;
	r = legacy_send(&mask);
	printf("legacy send_ipi(&2) hart 1 absent: ret is 0 or -3 %s SSIP=%d\n",
	       yesno(r == 0 || r == SBI_ERR_INVALID_PARAM), ssip());
	/* a mask pointer that is not memory: the load fault comes back to the guest */
	trap_expect();
	asm volatile("li a7, 4\n"
		     "li a0, 0x100000000\n"
		     "lla %0, 1f\n"
		     "1: ecall\n"
		     : "=&r"(l)::"a0", "a7", "memory");
	trap_unexpect();
	print_trap("legacy send_ipi(4G)", l);
	r = sbi_legacy(SBI_EXT_0_1_SEND_IPI, 0, 0, 0);
	settle();
	printf("legacy send_ipi(NULL) all harts: ret=%ld SSIP=%d\n", r, ssip());
	csr_clear(sip, SIP_SSIP);
}
