// SPDX-License-Identifier: GPL-2.0
/*
 * race-seip: the PLIC raises hart 0's external interrupt from hart 1 while
 * hart 0 rewrites its own sip. Hart 0 enables the UART's source 10 for its
 * S-mode context and, with interrupts on, toggles sip.SSIP with csrs/csrc in
 * a tight loop (under SVPN each one traps and is emulated, a read-modify-write
 * of the virtual sip); its trap handler claims the interrupt, reads IIR
 * (acknowledging THRE), turns IER.THRI off and completes. Hart 1 makes the
 * interrupt round after round: it sets IER.THRI (THR is empty, so THRE is
 * pending at once and that very store raises the PLIC line, which sets
 * hart 0's SEIP from hart 1), then waits in memory only for hart 0's ack.
 *
 * The regression this catches: SVPN wrote the virtual sip of the vCPU's own
 * hart with a plain load and store, so an SEIP set by another hart between
 * the two was lost. The PLIC model raises the line only when its output
 * changes, so a lost SEIP never comes back: hart 0 runs on, interrupts
 * enabled, and never takes the interrupt its PLIC context holds pending.
 * Hart 1 touches neither the PLIC nor the UART while it waits, so nothing
 * re-evaluates the line behind the test's back.
 *
 * A round fails when no interrupt came within 100 ms of guest time although
 * hart 0 has gone through its loop MIN_TOGGLES times since the store (each
 * trip returns through SVPN's interrupt delivery, so a set SEIP would have
 * been taken long before); a hart 0 that is merely descheduled on a busy
 * host makes no trips and is waited for, up to 5 s.
 *
 * Bootargs: rounds=N (default 20000), seconds=S (default 10): hart 1 arms
 * no new round after S seconds of guest time, so a busy host (where each
 * round waits for the two vCPU threads to be scheduled) ends the test in
 * time, with fewer rounds. Prints
 *	race-seip: ok rounds=R of N (toggles T, spurious S, M ms)
 * or "race-seip: FAIL round R: ..." and shuts down with "system failure".
 * Needs 2 vCPUs. Natively (OpenSBI) the boot hart may be either: "hart 0" is
 * the boot hart and its PLIC context is 2 * hartid + 1.
 */
#include "guest.h"
#include "plic.h"
#include "smp.h"

const char guest_name[] = GUEST_NAME;

#define UART_BASE 0x10000000UL
#define UART_IRQ  10

#define UART_IER      1
#define UART_IIR      2
#define IER_THRI      0x02
#define IIR_ID(v)     ((v)&0x0f)
#define IIR_THRI      0x2
#define IIR_NO_INT    0x1
#define MIN_TOGGLES   1000
#define STALL_SECONDS 5

static unsigned long rounds, seconds, plic_ctx;
static volatile unsigned long rounds_done;
/* hart 1 -> hart 0: the round armed; hart 0 -> hart 1: the round it handled */
static volatile unsigned long armed, acked;
/* trips through hart 0's loop (each one csrs + csrc of sip) */
static volatile unsigned long toggles;
static volatile unsigned long spurious, bad_iir;
static volatile int stop, failed;
/* what hart 1 saw when it gave up */
static volatile unsigned long fail_round, fail_ms, fail_toggles;
static struct secondary_boot boot1;
static u8 stack1[8192] __attribute__((aligned(16)));

static u8 ur(int reg)
{
	return *(volatile u8 *)(UART_BASE + reg);
}

static void uw(int reg, u8 val)
{
	*(volatile u8 *)(UART_BASE + reg) = val;
}

/* Hart 0's external interrupt: claim, handle, complete, then tell hart 1. */
static int ext_hook(struct trap_frame *f)
{
	u32 id;
	u8 iir;

	if (f->cause != (CAUSE_IRQ_FLAG | IRQ_S_EXT))
		return 0;
	id = plic_rd(PLIC_CLAIM(plic_ctx));
	if (id != UART_IRQ) {
		spurious++;
		if (id)
			plic_wr(PLIC_CLAIM(plic_ctx), id);
		return 1;
	}
	iir = ur(UART_IIR); /* reading THRE's IIR acknowledges it */
	if (IIR_ID(iir) != IIR_THRI && IIR_ID(iir) != IIR_NO_INT)
		bad_iir++;
	uw(UART_IER, 0);
	plic_wr(PLIC_CLAIM(plic_ctx), id);
	__atomic_store_n(&acked, armed, __ATOMIC_RELEASE);
	return 1;
}

/*
 * Wait for hart 0 to handle round r. Returns 0 when it did; otherwise the
 * round's elapsed milliseconds and hart 0's trips are left in fail_*.
 */
static int wait_ack(unsigned long r, unsigned long since)
{
	unsigned long t0 = rdtime(), tick = guest_timebase / 10, now;

	for (;;) {
		if (__atomic_load_n(&acked, __ATOMIC_ACQUIRE) == r)
			return 0;
		now = rdtime();
		if (now - t0 < tick)
			continue;
		/* 100 ms gone: only a hart 0 that kept running proves the loss */
		if ((toggles - since >= MIN_TOGGLES ||
		     now - t0 >= STALL_SECONDS * guest_timebase) &&
		    __atomic_load_n(&acked, __ATOMIC_ACQUIRE) != r) {
			fail_round = r;
			fail_ms = (now - t0) / (guest_timebase / 1000);
			fail_toggles = toggles - since;
			return -1;
		}
	}
}

static void hart1(unsigned long hartid, void *arg)
{
	unsigned long r, since, end = rdtime() + seconds * guest_timebase;

	(void)hartid;
	(void)arg;
	for (r = 1; r <= rounds && (long)(rdtime() - end) < 0; r++) {
		__atomic_store_n(&armed, r, __ATOMIC_RELEASE);
		/* THR is empty: this store makes THRE pending and raises hart 0's SEIP */
		uw(UART_IER, IER_THRI);
		/* SEIP was set before the store returned: count hart 0's trips from now */
		since = toggles;
		if (wait_ack(r, since)) {
			failed = 1;
			break;
		}
		rounds_done = r;
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELEASE);
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	unsigned long sip, pend, t0;
	struct sbiret s;

	if (fdt_read_chosen(dtb))
		guest_abort("no device tree at a1");
	rounds = bootarg_num("rounds", 20000);
	seconds = bootarg_num("seconds", 10);
	plic_ctx = PLIC_S_CONTEXT(hartid);
	printf("race-seip: rounds=%lu seconds=%lu\n", rounds, seconds);

	uw(UART_IER, 0);
	plic_wr(PLIC_PRIO(UART_IRQ), 1);
	plic_wr(PLIC_ENABLE(plic_ctx) + 4 * (UART_IRQ / 32), 1u << (UART_IRQ % 32));
	plic_wr(PLIC_THRESH(plic_ctx), 0);
	trap_hook = ext_hook;
	csr_write(sie, SIE_SEIE); /* SSIE stays off: the SSIP toggles are never taken */
	local_irq_enable();

	/* nothing is printed from here until IER.THRI is off for good (see uart.c) */
	t0 = rdtime();
	s = start_secondary(hartid ^ 1, &boot1, stack1, sizeof(stack1), hart1, 0);
	if (s.error) {
		local_irq_disable();
		printf("race-seip: FAIL hart_start of hart 1: error %ld\n", s.error);
		guest_abort("no second hart");
	}
	while (!__atomic_load_n(&stop, __ATOMIC_ACQUIRE)) {
		csr_set(sip, SIP_SSIP);
		csr_clear(sip, SIP_SSIP);
		toggles++;
	}
	local_irq_disable();
	/* look before touching anything that makes the PLIC re-evaluate its output */
	sip = csr_read(sip);
	pend = !!(plic_rd(PLIC_PENDING(UART_IRQ)) & (1u << (UART_IRQ % 32)));
	uw(UART_IER, 0);
	plic_wr(PLIC_ENABLE(plic_ctx) + 4 * (UART_IRQ / 32), 0);
	csr_write(sie, 0);
	trap_hook = 0;

	if (failed) {
		fail_count++;
		printf("race-seip: FAIL round %lu: no external interrupt after %lu ms and %lu sip toggles of hart 0 (sip=%lx: SEIP %lu, PLIC pending[10] %lu)\n",
		       fail_round, fail_ms, fail_toggles, sip, (sip & SIP_SEIP) >> IRQ_S_EXT, pend);
		return;
	}
	if (bad_iir) {
		fail_count++;
		printf("race-seip: FAIL %lu interrupts found IIR neither THRE nor none\n", bad_iir);
		return;
	}
	printf("race-seip: ok rounds=%lu of %lu (toggles %lu, spurious %lu, %lu ms)\n", rounds_done,
	       rounds, toggles, spurious, (rdtime() - t0) / (guest_timebase / 1000));
}
