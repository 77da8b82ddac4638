// SPDX-License-Identifier: GPL-2.0
/*
 * exit-fail: SBI SRST shutdown with reason "system failure". The harness
 * compares QEMU's exit status with the native run's, so the status a
 * system-failure shutdown produces must match too.
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

void guest_main(unsigned long hartid, unsigned long dtb)
{
	struct sbiret r;

	(void)hartid;
	(void)dtb;
	printf("shutting down with reason system-failure\n");
	/* The END marker goes first: nothing after the reset call is printed. */
	printf("=== SVPN-TEST END %s fails=%d ===\n", guest_name, fail_count);
	r = sbi_system_reset(SBI_SRST_RESET_TYPE_SHUTDOWN, SBI_SRST_RESET_REASON_SYSFAIL);
	printf("FAIL system_reset returned error=%ld\n", r.error);
	guest_abort("still running");
}
