// SPDX-License-Identifier: GPL-2.0
/*
 * uart: the 16550 at 0x10000000 driven by MMIO, as a driver would: transmit
 * polling LSR.THRE, the registers as the firmware left them (OpenSBI: 8N1,
 * divisor 2, FIFO on), scratch, LCR, the DLAB divisor latches, FCR, IER and
 * IIR, loopback (MCR.LOOP: THR to RBR, LSR.DR/OE, FIFO and holding-register
 * overruns, trigger levels), the THR-empty and received-data interrupts
 * through the PLIC (source 10, S-mode context 1 of hart 0: claim, IIR,
 * complete), and power-off through the sifive,test0 device instead of SBI.
 *
 * While the UART is in loopback, has its divisor latch open or has IER.THRI
 * set, nothing is printed: natively, the firmware's SBI console writes to
 * this same UART (its bytes would loop back, land in the divisor latch or
 * re-arm the THRE interrupt), while SVPN's SBI console does not touch it. So
 * each step records what it reads and prints once the UART is back in its
 * firmware state.
 */
#include "guest.h"
#include "plic.h"
#include <hw/sifive_test.h>

const char guest_name[] = GUEST_NAME;

#define UART_BASE 0x10000000UL
#define UART_IRQ  10
#define PLIC_CTX  PLIC_S_CONTEXT(0) /* hart 0 */
#define TEST_BASE 0x100000UL

/* register offsets (reg-shift 0) */
#define RBR 0
#define THR 0
#define DLL 0
#define IER 1
#define DLM 1
#define IIR 2
#define FCR 2
#define LCR 3
#define MCR 4
#define LSR 5
#define MSR 6
#define SCR 7

#define LSR_DR	   0x01
#define LSR_OE	   0x02
#define LSR_THRE   0x20
#define IER_RDI	   0x01
#define IER_THRI   0x02
#define MCR_LOOP   0x10
#define IIR_ID(v)  ((v)&0x0f)
#define IIR_NO_INT 0x1
#define IIR_THRI   0x2
#define IIR_RDI	   0x4
#define IIR_CTI	   0xc

#define TICKS_10MS 100000UL /* QEMU virt's timebase is 10 MHz */
#define TICKS_2S   20000000UL

static u8 ur(int reg)
{
	return *(volatile u8 *)(UART_BASE + reg);
}

static void uw(int reg, u8 val)
{
	*(volatile u8 *)(UART_BASE + reg) = val;
}

static int plic_pending(void)
{
	return !!(plic_rd(PLIC_PENDING(UART_IRQ)) & (1u << (UART_IRQ % 32)));
}

static int seip(void)
{
	return !!(csr_read(sip) & SIP_SEIP);
}

/* ---- output through the UART itself ---- */
static void uart_putc(char c)
{
	unsigned long polls = 0;

	while (!(ur(LSR) & LSR_THRE))
		if (++polls == 100000000UL)
			guest_abort("LSR.THRE never set");
	uw(THR, c);
}

static void uart_puts(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			uart_putc('\r');
		uart_putc(*s);
	}
}

static void uart_puthex(unsigned long v, int digits)
{
	for (int i = digits - 1; i >= 0; i--)
		uart_putc("0123456789abcdef"[(v >> (4 * i)) & 0xf]);
}

static void transmit(void)
{
	char line[96 + 1];
	int n = 0;

	uart_puts("uart: this line went out through THR, polling LSR.THRE\n");
	for (int c = 0x20; c < 0x7f; c++)
		line[n++] = (char)c;
	line[n] = 0;
	uart_puts("uart: ");
	uart_puts(line);
	uart_puts("\nuart: LSR after the last byte 0x");
	uart_puthex(ur(LSR), 2);
	uart_puts("\n");
	printf("uart: (and this one through SBI)\n");
}

/* ---- registers ---- */
static void firmware_state(const char *when)
{
	u8 lcr = ur(LCR), ier = ur(IER), iir = ur(IIR), lsr = ur(LSR);
	u8 mcr = ur(MCR), msr = ur(MSR), scr = ur(SCR);

	printf("%s: LCR=%02x IER=%02x IIR=%02x LSR=%02x MCR=%02x MSR=%02x SCR=%02x\n", when, lcr,
	       ier, iir, lsr, mcr, msr, scr);
	CHECK(lsr & LSR_THRE);
	CHECK(IIR_ID(iir) == IIR_NO_INT);
}

static void scratch_and_lcr(void)
{
	u8 v[4];

	uw(SCR, 0xa5);
	v[0] = ur(SCR);
	uw(SCR, 0x5a);
	v[1] = ur(SCR);
	uw(SCR, 0);
	v[2] = ur(SCR);
	printf("SCR: wrote a5 read %02x, wrote 5a read %02x, wrote 00 read %02x\n", v[0], v[1],
	       v[2]);
	CHECK(v[0] == 0xa5 && v[1] == 0x5a && v[2] == 0);

	uw(LCR, 0x1b); /* 8 bits, even parity, 1 stop */
	v[0] = ur(LCR);
	uw(LCR, 0x03);
	v[1] = ur(LCR);
	printf("LCR: wrote 1b read %02x, wrote 03 read %02x\n", v[0], v[1]);
	CHECK(v[0] == 0x1b && v[1] == 0x03);
}

static void divisor_latch(void)
{
	u8 dll0, dlm0, dll, dlm, lcr, iir, dll2, dlm2, ier_after, lcr_after;

	uw(LCR, 0x83); /* DLAB + 8N1 */
	lcr = ur(LCR);
	dll0 = ur(DLL);
	dlm0 = ur(DLM);
	uw(DLL, 0x34);
	uw(DLM, 0x12);
	dll = ur(DLL);
	dlm = ur(DLM);
	iir = ur(IIR); /* not behind DLAB */
	uw(DLL, 0x01);
	dll2 = ur(DLL);
	dlm2 = ur(DLM);
	uw(DLL, dll0); /* restore */
	uw(DLM, dlm0);
	uw(LCR, 0x03);
	ier_after = ur(IER);
	lcr_after = ur(LCR);
	printf("DLAB: LCR=%02x divisor as left DLL=%02x DLM=%02x\n", lcr, dll0, dlm0);
	printf("DLAB: wrote 1234 read DLL=%02x DLM=%02x, IIR under DLAB %02x\n", dll, dlm, iir);
	printf("DLAB: wrote DLL=01 read DLL=%02x DLM=%02x\n", dll2, dlm2);
	printf("DLAB: restored, closed: LCR=%02x IER=%02x\n", lcr_after, ier_after);
	CHECK(dll == 0x34 && dlm == 0x12 && dll2 == 0x01 && dlm2 == 0x12);
	CHECK(ier_after == 0 && lcr_after == 0x03);
	uart_puts("uart: divisor restored, still printing through THR\n");
}

static void fifo_control(void)
{
	static const u8 fcr[] = { 0x00, 0x01, 0x41, 0x81, 0xc1, 0x07, 0x06, 0x01 };
	u8 iir[ARRAY_SIZE(fcr)];

	for (unsigned i = 0; i < ARRAY_SIZE(fcr); i++) {
		uw(FCR, fcr[i]);
		iir[i] = ur(IIR);
	}
	printf("FCR -> IIR:");
	for (unsigned i = 0; i < ARRAY_SIZE(fcr); i++)
		printf(" %02x->%02x", fcr[i], iir[i]);
	printf("\n");
	CHECK(IIR_ID(iir[0]) == IIR_NO_INT && !(iir[0] & 0xc0));
}

/* IER and IIR: the THRE interrupt without the PLIC enabled (only its pending bit). */
static void ier_iir(void)
{
	u8 ier_all, iir1, iir2, iir3, iir4, iir5;
	int pend0, pend1, pend2, pend3;

	pend0 = plic_pending();
	uw(IER, 0xff);
	ier_all = ur(IER);
	pend1 = plic_pending();
	iir1 = ur(IIR); /* THRE: reading it acknowledges it */
	iir2 = ur(IIR);
	pend2 = plic_pending();
	uw(IER, 0x00);
	uw(IER, IER_THRI); /* turning THRI on re-arms it (THR is empty) */
	iir3 = ur(IIR);
	iir4 = ur(IIR);
	uw(IER, 0x00);
	iir5 = ur(IIR);
	pend3 = plic_pending();
	printf("IER: wrote ff read %02x\n", ier_all);
	printf("IER=0f: IIR %02x then %02x; THRI off/on: IIR %02x then %02x; IER=0: IIR %02x\n",
	       iir1, iir2, iir3, iir4, iir5);
	/* whether a request stays pending once the line drops (not claimed, not enabled) */
	printf("PLIC pending[10]: IER=0 %d, THRE raised %d, acknowledged %d, IER=0 %d\n", pend0,
	       pend1, pend2, pend3);
	CHECK(IIR_ID(iir1) == IIR_THRI && IIR_ID(iir2) == IIR_NO_INT);
	CHECK(IIR_ID(iir3) == IIR_THRI && IIR_ID(iir4) == IIR_NO_INT);
}

/* ---- loopback ---- */
static void loopback_modem(void)
{
	static const u8 mcr[] = { 0x10, 0x1f, 0x1a, 0x11, 0x12, 0x14, 0x18 };
	u8 mcr_rd[ARRAY_SIZE(mcr)], msr[ARRAY_SIZE(mcr)], msr_first;

	uw(MCR, MCR_LOOP);
	msr_first = ur(MSR);
	for (unsigned i = 0; i < ARRAY_SIZE(mcr); i++) {
		uw(MCR, mcr[i]);
		mcr_rd[i] = ur(MCR);
		msr[i] = ur(MSR);
	}
	uw(MCR, 0);
	printf("loopback MCR -> MCR, MSR[7:4]:");
	for (unsigned i = 0; i < ARRAY_SIZE(mcr); i++)
		printf(" %02x->%02x,%x", mcr[i], mcr_rd[i], msr[i] >> 4);
	printf("\n");
	/* Linux's 8250 autoconfig: MCR = LOOP | OUT2 | RTS must read MSR[7:4] = DCD | CTS */
	CHECK((msr[2] & 0xf0) == 0x90);
	/* the whole MSR, delta bits included (QEMU sets none in loopback) */
	printf("loopback MSR (delta bits too) right after MCR 00->10: %02x\n", msr_first);
	printf("MSR after leaving loopback: %02x, then %02x\n", ur(MSR), ur(MSR));
}

static void loopback_data(void)
{
	u8 lsr0, lsr1, rbr, lsr2, rbr_empty, lsr_ovr, lsr_ovr2, lsr_end, got[17];
	u8 nf_lsr, nf_rbr, nf_lsr2, nf_rbr2;
	int n_ok = 1;

	uw(FCR, 0x07); /* FIFO on and cleared, trigger 1 */
	uw(MCR, MCR_LOOP);
	lsr0 = ur(LSR);
	uw(THR, 'Z');
	lsr1 = ur(LSR);
	rbr = ur(RBR);
	lsr2 = ur(LSR);
	rbr_empty = ur(RBR);

	/* 17 bytes into the 16-byte FIFO: the last one overruns and is lost */
	for (int i = 0; i < 17; i++)
		uw(THR, 'a' + i);
	lsr_ovr = ur(LSR);
	lsr_ovr2 = ur(LSR); /* OE is cleared by reading LSR */
	for (int i = 0; i < 17; i++)
		got[i] = ur(RBR);
	lsr_end = ur(LSR);

	/* FIFO off: a one-byte holding register, overwritten on overrun */
	uw(FCR, 0x00);
	uw(THR, 'x');
	uw(THR, 'y');
	nf_lsr = ur(LSR);
	nf_rbr = ur(RBR);
	nf_lsr2 = ur(LSR);
	nf_rbr2 = ur(RBR);
	uw(MCR, 0);
	uw(FCR, 0x07);
	uw(FCR, 0x01);

	printf("loopback: LSR %02x, THR<-'Z': LSR %02x RBR %02x ('%c') LSR %02x, RBR when empty %02x\n",
	       lsr0, lsr1, rbr, rbr, lsr2, rbr_empty);
	CHECK(rbr == 'Z' && (lsr1 & LSR_DR) && !(lsr2 & LSR_DR));
	printf("loopback: 17 bytes into the FIFO: LSR %02x then %02x, read back: ", lsr_ovr,
	       lsr_ovr2);
	for (int i = 0; i < 17; i++) {
		printf("%c", got[i] >= 0x20 && got[i] < 0x7f ? got[i] : '.');
		if (i < 16 && got[i] != 'a' + i)
			n_ok = 0;
	}
	printf(" (byte 17 = %02x), LSR %02x\n", got[16], lsr_end);
	CHECK(n_ok && (lsr_ovr & LSR_OE) && !(lsr_ovr2 & LSR_OE) && !(lsr_end & LSR_DR));
	printf("loopback, FIFO off: 'x','y': LSR %02x RBR %02x ('%c') LSR %02x, RBR again %02x\n",
	       nf_lsr, nf_rbr, nf_rbr, nf_lsr2, nf_rbr2);
	CHECK(nf_rbr == 'y' && (nf_lsr & LSR_OE));
}

/*
 * The received-data IIR ids: with data at or above the trigger level the id
 * is RDI (0xc4), but once 4 character times have passed without a read QEMU
 * shows the character timeout (0xcc) instead, and a loaded host can take that
 * long between two instructions. So such reads print either as "rx-data".
 */
static const char *rx_id(u8 iir)
{
	switch (IIR_ID(iir)) {
	case IIR_RDI:
	case IIR_CTI:
		return "rx-data";
	case IIR_NO_INT:
		return "none";
	default:
		return "other";
	}
}

/*
 * Receive trigger levels, polled (IER.RDI on, no PLIC). Below the level the
 * interrupt is the character timeout, which QEMU raises 4 character times
 * after the last byte and SVPN at once: IIR is read 10 ms later.
 */
static void trigger_levels(void)
{
	u8 below, at, after_read, lsr_end;
	unsigned cnt = 0;

	uw(FCR, 0x47); /* FIFO on and cleared, trigger 4 */
	uw(MCR, MCR_LOOP);
	uw(IER, IER_RDI);
	uw(THR, '1');
	uw(THR, '2');
	uw(THR, '3');
	/* QEMU's timeout is a host timer: it may take longer than 4 char times under load */
	wait_time(rdtime() + TICKS_10MS);
	for (unsigned long end = rdtime() + TICKS_2S;
	     IIR_ID(below = ur(IIR)) == IIR_NO_INT && (long)(rdtime() - end) < 0;)
		;
	(void)ur(RBR); /* 2 left */
	uw(THR, '4');
	uw(THR, '5'); /* 4 = the level */
	at = ur(IIR);
	while ((ur(LSR) & LSR_DR) && cnt < 32) {
		(void)ur(RBR);
		cnt++;
	}
	after_read = ur(IIR);
	lsr_end = ur(LSR);
	uw(IER, 0);
	uw(MCR, 0);
	uw(FCR, 0x07);
	uw(FCR, 0x01);
	printf("trigger 4: 3 bytes, 10 ms or more later IIR %02x; 4 bytes: IIR %s; drained %u, IIR %02x LSR %02x\n",
	       below, rx_id(at), cnt, after_read, lsr_end);
	CHECK(IIR_ID(below) == IIR_CTI && cnt == 4);
}

/* ---- interrupts through the PLIC ---- */
#define MAX_IRQS 4
struct irq_rec {
	unsigned long scause, sepc;
	int seip_before, pend_before, pend_after_claim, seip_after_claim;
	u32 claim;
	u8 iir, lsr, rbr, lsr2, iir2;
	int seip_after_complete;
	u32 claim_after;
};
static volatile struct irq_rec irqs[MAX_IRQS];
static volatile int nr_irqs;
static int rx_mode;

static int ext_hook(struct trap_frame *f)
{
	volatile struct irq_rec *r;

	if (f->cause != (CAUSE_IRQ_FLAG | IRQ_S_EXT))
		return 0;
	if (nr_irqs >= MAX_IRQS) { /* an interrupt storm: stop it */
		nr_irqs++;
		csr_clear(sie, SIE_SEIE);
		return 1;
	}
	r = &irqs[nr_irqs++];
	r->scause = f->cause;
	r->sepc = f->epc;
	r->seip_before = seip();
	r->pend_before = plic_pending();
	r->claim = plic_rd(PLIC_CLAIM(PLIC_CTX));
	r->pend_after_claim = plic_pending();
	r->seip_after_claim = seip();
	r->iir = ur(IIR);
	if (rx_mode) {
		r->lsr = ur(LSR);
		r->rbr = ur(RBR);
		r->lsr2 = ur(LSR);
	}
	r->iir2 = ur(IIR);
	plic_wr(PLIC_CLAIM(PLIC_CTX), r->claim);
	r->seip_after_complete = seip();
	r->claim_after = plic_rd(PLIC_CLAIM(PLIC_CTX));
	if (r->claim_after)
		plic_wr(PLIC_CLAIM(PLIC_CTX), r->claim_after);
	return 1;
}

static void plic_setup(void)
{
	plic_wr(PLIC_PRIO(UART_IRQ), 1);
	plic_wr(PLIC_ENABLE(PLIC_CTX) + 4 * (UART_IRQ / 32), 1u << (UART_IRQ % 32));
	plic_wr(PLIC_THRESH(PLIC_CTX), 0);
	plic_drain(PLIC_CTX); /* see ier_iir() */
	nr_irqs = 0;
	trap_hook = ext_hook;
	csr_write(sie, SIE_SEIE);
}

static void plic_teardown(void)
{
	csr_write(sie, 0);
	trap_hook = 0;
	plic_wr(PLIC_ENABLE(PLIC_CTX) + 4 * (UART_IRQ / 32), 0);
	plic_wr(PLIC_PRIO(UART_IRQ), 0);
}

static void print_irq(const char *what, int i, unsigned long label)
{
	volatile struct irq_rec *r = &irqs[i];

	printf("%s: irq %d scause=%lx sepc=%s SEIP=%d pending=%d claim=%u pending=%d SEIP=%d\n",
	       what, i, r->scause, r->sepc == label ? "label" : "elsewhere", r->seip_before,
	       r->pend_before, r->claim, r->pend_after_claim, r->seip_after_claim);
	if (rx_mode)
		printf("%s:   IIR=%s LSR=%02x RBR=%02x ('%c') LSR=%02x IIR=%02x\n", what,
		       rx_id(r->iir), r->lsr, r->rbr,
		       r->rbr >= 0x20 && r->rbr < 0x7f ? r->rbr : '.', r->lsr2, r->iir2);
	else
		printf("%s:   IIR=%02x IIR=%02x\n", what, r->iir, r->iir2);
	printf("%s:   completed: SEIP=%d, next claim=%u\n", what, r->seip_after_complete,
	       r->claim_after);
}

/* Enable SIE with SEIP pending: the interrupt is taken at the csrsi's successor. */
static unsigned long take_pending(void)
{
	unsigned long l;

	asm volatile("lla %0, 1f\n"
		     "csrsi sstatus, 2\n"
		     "1: csrci sstatus, 2\n"
		     : "=&r"(l)::"memory");
	return l;
}

static void thre_interrupt(void)
{
	unsigned long label;
	int seip0, pend0, seip1, pend1, seip_masked, seip_thresh;
	u8 iir_after;

	rx_mode = 0;
	plic_setup();
	seip0 = seip();
	pend0 = plic_pending();
	uw(IER, IER_THRI); /* THR is empty: THRE interrupt pending at once */
	seip1 = seip();
	pend1 = plic_pending();
	plic_wr(PLIC_THRESH(PLIC_CTX), 1); /* threshold = priority: masked */
	seip_thresh = seip();
	/* disabled in this context (QEMU 7.2 re-evaluates on the threshold write) */
	plic_wr(PLIC_ENABLE(PLIC_CTX), 0);
	plic_wr(PLIC_THRESH(PLIC_CTX), 0);
	seip_masked = seip();
	plic_wr(PLIC_ENABLE(PLIC_CTX), 1u << UART_IRQ);
	plic_wr(PLIC_THRESH(PLIC_CTX), 0);
	label = take_pending();
	iir_after = ur(IIR);
	uw(IER, 0);
	plic_teardown();

	printf("THRE irq: before IER.THRI SEIP=%d pending=%d; after SEIP=%d pending=%d\n", seip0,
	       pend0, seip1, pend1);
	printf("THRE irq: SEIP with threshold 1 = priority %d, with source disabled %d\n",
	       seip_thresh, seip_masked);
	CHECK(seip1 && pend1 && !seip_thresh && !seip_masked);
	printf("THRE irq: interrupts taken %d\n", nr_irqs);
	CHECK(nr_irqs == 1);
	if (nr_irqs >= 1)
		print_irq("THRE irq", 0, label);
	printf("THRE irq: IIR after the handler %02x\n", iir_after);
	CHECK(irqs[0].scause == (CAUSE_IRQ_FLAG | IRQ_S_EXT) && irqs[0].claim == UART_IRQ);
	CHECK(IIR_ID(irqs[0].iir) == IIR_THRI && irqs[0].claim_after == 0);
	uart_puts("uart: THRE interrupt done, IER back to 0\n");
}

static void rx_interrupt(void)
{
	unsigned long label;
	int seip0, seip1;

	rx_mode = 1;
	/*
	 * Slowest divisor while the byte waits: QEMU's character timeout (4
	 * character times, ~350 us at divisor 2) would otherwise fire during the
	 * handler on a loaded host and raise source 10 again while in service.
	 */
	uw(LCR, 0x83);
	uw(DLL, 0xff);
	uw(DLM, 0xff);
	uw(LCR, 0x03);
	uw(FCR, 0x07); /* FIFO on and cleared, trigger 1 */
	uw(MCR, MCR_LOOP);
	plic_setup();
	uw(IER, IER_RDI);
	seip0 = seip();
	uw(THR, 'R'); /* loops back: received-data interrupt */
	seip1 = seip();
	label = take_pending();
	uw(IER, 0);
	uw(MCR, 0);
	uw(FCR, 0x01);
	uw(LCR, 0x83);
	uw(DLL, 2);
	uw(DLM, 0);
	uw(LCR, 0x03);
	plic_teardown();

	printf("RX irq (loopback): SEIP before THR write %d, after %d\n", seip0, seip1);
	printf("RX irq: interrupts taken %d\n", nr_irqs);
	CHECK(seip1 && nr_irqs == 1);
	if (nr_irqs >= 1) {
		volatile struct irq_rec *r = &irqs[0];

		print_irq("RX irq", 0, label);
		CHECK(r->claim == UART_IRQ && r->rbr == 'R' && (r->lsr & LSR_DR));
	}
	rx_mode = 0;
}

/*
 * Two causes on the one line: a received byte (IER.RDI) and THR empty
 * (IER.THRI). The handler claims, reads IIR (received data: the higher 16550
 * priority), LSR, RBR, LSR and IIR again (now THRE, which that read
 * acknowledges), then completes. Whether the PLIC raises the source again
 * after the completion shows how it treats a request raised while the source
 * was in service: QEMU keeps it pending, SVPN's level-triggered gateway
 * looks at the line, which is low by then.
 */
static void two_causes(void)
{
	unsigned long label;

	rx_mode = 1;
	uw(FCR, 0x07);
	uw(MCR, MCR_LOOP);
	plic_setup();
	uw(THR, 'T');
	uw(IER, IER_RDI | IER_THRI);
	label = take_pending();
	uw(IER, 0);
	uw(MCR, 0);
	uw(FCR, 0x01);
	plic_teardown();
	printf("RX+THRE: interrupts taken %d\n", nr_irqs);
	CHECK(nr_irqs >= 1 && irqs[0].claim == UART_IRQ && irqs[0].rbr == 'T');
	for (int i = 0; i < nr_irqs && i < MAX_IRQS; i++)
		print_irq("RX+THRE", i, label);
	rx_mode = 0;
}

static void __noreturn test_poweroff(void)
{
	local_irq_disable();
	printf("=== SVPN-TEST END %s fails=%d ===\n", guest_name, fail_count);
	/* sifive,test0: pass (status 0), or fail with status 1 */
	*(volatile u32 *)TEST_BASE = fail_count ? SIFIVE_TEST_FAIL | 1u << SIFIVE_TEST_CODE_SHIFT :
						  SIFIVE_TEST_PASS;
	for (;;)
		wfi();
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	(void)hartid;
	(void)dtb;
	csr_write(sie, 0);
	transmit();
	firmware_state("as the firmware left it");
	scratch_and_lcr();
	divisor_latch();
	fifo_control();
	ier_iir();
	loopback_modem();
	loopback_data();
	trigger_levels();
	thre_interrupt();
	rx_interrupt();
	two_causes();
	firmware_state("at the end");
	uart_puts("uart: powering off through sifive,test0\n");
	test_poweroff();
}
