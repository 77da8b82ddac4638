// SPDX-License-Identifier: GPL-2.0
/* panic(): say why, show where, and end the machine with a failure status. */
#include <asm/ptrace.h>
#include <asm/sbi_call.h>
#include <svpn/exitcodes.h>
#include <svpn/panic.h>
#include <svpn/printk.h>

static void __noreturn vpanic(const struct pt_regs *regs, const char *fmt, va_list ap)
{
	printk("\nsvpn: PANIC: ");
	vprintk(fmt, ap);
	printk("\n");
	if (regs)
		show_regs(regs);
	printk("svpn: ending the machine (exit status %d)\n", SVPN_EXIT_PANIC);
	sbi_system_exit(SVPN_EXIT_PANIC);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(NULL, fmt, ap);
}

void panic_regs(const struct pt_regs *regs, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(regs, fmt, ap);
}
