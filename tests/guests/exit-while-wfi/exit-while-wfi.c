// SPDX-License-Identifier: GPL-2.0
/*
 * exit-while-wfi: a guest that ends while one of its harts waits with no
 * interrupt that could ever wake it. Hart 1 turns everything off (sie = 0,
 * sstatus.SIE = 0) and waits forever, in wfi or (mode=suspend) in SBI HSM
 * retentive hart_suspend; hart 0, once hart 1 is waiting, lets a moment
 * pass and powers the guest off with SBI SRST.
 *
 * What it is for (tests/integration/exited-guest-frees-harts.sh): SVPN's
 * vCPU 1 sits in its wait loop when the guest ends. Woken by the end's
 * notification, it must see that its guest is gone and give its host hart
 * back (vcpu->hart NULL, HSM state STOPPED); the bug kept it in the loop,
 * holding the hart until the machine ended. Only gdb sees the difference:
 * the guest's own output is the same either way.
 *
 * Bootargs: mode=wfi (default) or mode=suspend; ms=N, how long hart 0 waits
 * once hart 1 is about to wait (default 200). Prints
 *	exit-while-wfi: hart 1 waiting (<mode>), powering off
 * and shuts down with success. Needs 2 vCPUs.
 */
#include "guest.h"
#include "smp.h"

const char guest_name[] = GUEST_NAME;

static int use_suspend;
static volatile int waiting;
static struct secondary_boot boot1;
static u8 stack1[4096] __attribute__((aligned(16)));

static void hart1(unsigned long hartid, void *arg)
{
	(void)hartid;
	(void)arg;
	csr_write(sie, 0);
	local_irq_disable();
	__atomic_store_n(&waiting, 1, __ATOMIC_RELEASE);
	/* a wfi or retentive suspend may return early (the spec allows it): wait again */
	for (;;) {
		if (use_suspend)
			sbi_ecall(SBI_EXT_HSM, SBI_EXT_HSM_HART_SUSPEND,
				  SBI_HSM_SUSPEND_RET_DEFAULT, 0, 0, 0, 0, 0);
		else
			wfi();
	}
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	unsigned long ms;
	struct sbiret s;

	if (fdt_read_chosen(dtb))
		guest_abort("no device tree at a1");
	use_suspend = bootarg_is("mode", "suspend");
	ms = bootarg_num("ms", 200);
	s = start_secondary(hartid ^ 1, &boot1, stack1, sizeof(stack1), hart1, 0);
	if (s.error) {
		printf("exit-while-wfi: FAIL hart_start of hart 1: error %ld\n", s.error);
		guest_abort("no second hart");
	}
	while (!__atomic_load_n(&waiting, __ATOMIC_ACQUIRE))
		;
	/* hart 1 is a few instructions from its wait: give it time to be inside */
	wait_time(rdtime() + ms * (guest_timebase / 1000));
	printf("exit-while-wfi: hart 1 waiting (%s), powering off\n",
	       use_suspend ? "suspend" : "wfi");
	/* guest_entry()'s guest_end() prints the END line and calls SRST shutdown */
}
