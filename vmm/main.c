// SPDX-License-Identifier: GPL-2.0
/* svpn_main(): create the guests and run them. */
#include <asm/sbi_call.h>
#include <svpn/exitcodes.h>
#include <svpn/printk.h>
#include <svpn/setup.h>

void svpn_main(void)
{
	pr_info("no guest to run: shutting down\n");
	sbi_system_exit(SVPN_EXIT_OK);
}
