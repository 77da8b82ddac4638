// SPDX-License-Identifier: GPL-2.0
/*
 * race-poweroff: two harts of one guest end it at the same moment, or one
 * ends it while the other keeps SVPN busy with its UART. The regression this
 * catches: guest_exit() ran once per racing vCPU, the count of live guests
 * dropped twice and the machine ended (status 0) under a guest still running.
 * A correct SVPN ends this guest once, with status 0, and lets the other
 * guests run to their end; the runner checks that (the guest cannot: it is
 * gone).
 *
 * Bootargs: mode=
 *	test0	(default) hart 1 stores to the UART's THR in a loop while hart 0
 *		writes 0x5555 (pass) to the sifive,test0 device at 0x100000;
 *	srst	both harts call SBI SRST shutdown (reason none) at once;
 *	mixed	hart 0 calls the legacy SBI shutdown while hart 1 calls SRST.
 * Prints "race-poweroff: mode=M: powering off" just before; nothing after.
 */
#include "guest.h"
#include "smp.h"
#include <hw/sifive_test.h>

const char guest_name[] = GUEST_NAME;

#define UART_THR 0x10000000UL
#define TEST0	 0x100000UL

enum {
	MODE_TEST0,
	MODE_SRST,
	MODE_MIXED
};

static int mode;
static volatile int ready, go, ack;
static volatile unsigned long uart_writes;
static struct secondary_boot boot1;
static u8 stack1[8192] __attribute__((aligned(16)));

static void srst_shutdown(void)
{
	sbi_system_reset(SBI_SRST_RESET_TYPE_SHUTDOWN, SBI_SRST_RESET_REASON_NONE);
}

static void hart1(unsigned long hartid, void *arg)
{
	(void)hartid;
	(void)arg;
	__atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
	if (mode == MODE_TEST0) {
		/* a UART store traps to SVPN each time: it is mid-emulation when hart 0 ends it */
		for (unsigned long n = 0;; n++) {
			*(volatile u8 *)UART_THR = n % 64 == 63 ? '\n' : 'u';
			uart_writes = n + 1;
		}
	}
	while (!go)
		;
	ack = 1;
	srst_shutdown();
	printf("race-poweroff: FAIL hart 1 came back from SRST shutdown\n");
	for (;;)
		wfi();
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	const char *name;
	struct sbiret r;

	if (fdt_read_chosen(dtb))
		guest_abort("no device tree at a1");
	if (bootarg_is("mode", "srst"))
		mode = MODE_SRST, name = "srst";
	else if (bootarg_is("mode", "mixed"))
		mode = MODE_MIXED, name = "mixed";
	else
		mode = MODE_TEST0, name = "test0";

	r = start_secondary(hartid ^ 1, &boot1, stack1, sizeof(stack1), hart1, 0);
	if (r.error) {
		printf("race-poweroff: FAIL hart_start of hart 1: error %ld\n", r.error);
		guest_abort("no second hart");
	}
	while (!ready)
		;
	printf("race-poweroff: mode=%s: powering off\n", name);
	if (mode == MODE_TEST0) {
		/* let the UART loop get going, then end the guest under it */
		while (uart_writes < 2000)
			;
		*(volatile u32 *)TEST0 = SIFIVE_TEST_PASS;
	} else {
		/*
		 * go/ack: when hart 0 sees ack both harts are on a host CPU
		 * right now, a few instructions from their calls
		 */
		go = 1;
		while (!ack)
			;
		if (mode == MODE_SRST)
			srst_shutdown();
		else
			sbi_legacy(SBI_EXT_0_1_SHUTDOWN, 0, 0, 0);
	}
	printf("race-poweroff: FAIL hart 0 came back from the poweroff\n");
	guest_abort("poweroff returned");
}
