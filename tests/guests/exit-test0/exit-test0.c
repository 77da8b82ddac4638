// SPDX-License-Identifier: GPL-2.0
/*
 * exit-test0: a failure code written to the sifive,test0 device,
 * (code << 16) | 0x3333, ends QEMU with that code natively; under SVPN the
 * machine ends with the guest's own code too (README, "Exit status"). The code
 * is one SVPN never produces itself (1..4), so it cannot pass by accident.
 */
#include "guest.h"
#include <hw/sifive_test.h>

#define TEST0_BASE 0x100000UL
#define EXIT_CODE  5

const char guest_name[] = GUEST_NAME;

void guest_main(unsigned long hartid, unsigned long dtb)
{
	(void)hartid;
	(void)dtb;
	printf("failing through sifive,test0 with code %d\n", EXIT_CODE);
	/* The END marker goes first: nothing after the store is printed. */
	printf("=== SVPN-TEST END %s fails=%d ===\n", guest_name, fail_count);
	*(volatile u32 *)TEST0_BASE = (u32)EXIT_CODE << SIFIVE_TEST_CODE_SHIFT | SIFIVE_TEST_FAIL;
	guest_abort("still running after the sifive,test0 store");
}
