// SPDX-License-Identifier: GPL-2.0
/* The guest's console (SBI putchar/getchar) on SVPN's host console. */
#include <svpn/console.h>
#include <svpn/guest.h>

void guest_console_write(struct guest *g, const char *buf, unsigned long len)
{
	console_write_raw(buf, len);
}

int guest_console_getc(struct guest *g)
{
	return console_getc();
}
