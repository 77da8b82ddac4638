// SPDX-License-Identifier: GPL-2.0
/* panic(): say why and end the machine with a failure status (traps.c shows registers). */
#include <asm/sbi_call.h>
#include <svpn/exitcodes.h>
#include <svpn/panic.h>
#include <svpn/printk.h>

static void __noreturn vpanic(const char *fmt, va_list ap)
{
	printk("\nsvpn: PANIC: ");
	vprintk(fmt, ap);
	printk("\n");
	printk("svpn: ending the machine (exit status %d)\n", SVPN_EXIT_PANIC);
	sbi_system_exit(SVPN_EXIT_PANIC);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(fmt, ap);
}
