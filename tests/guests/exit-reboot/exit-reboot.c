// SPDX-License-Identifier: GPL-2.0
/*
 * exit-reboot: SBI SRST cold reboot. The harness runs QEMU with -no-reboot,
 * so natively QEMU exits (status 0) instead of starting over; under SVPN the
 * reboot must end QEMU with the same status.
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

void guest_main(unsigned long hartid, unsigned long dtb)
{
	struct sbiret r;

	(void)hartid;
	(void)dtb;
	printf("cold reboot\n");
	printf("=== SVPN-TEST END %s fails=%d ===\n", guest_name, fail_count);
	r = sbi_system_reset(SBI_SRST_RESET_TYPE_COLD_REBOOT, SBI_SRST_RESET_REASON_NONE);
	printf("FAIL system_reset returned error=%ld\n", r.error);
	guest_abort("still running");
}
