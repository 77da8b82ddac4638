// SPDX-License-Identifier: GPL-2.0
/*
 * The guests' consoles (their UART, SBI putchar/getchar) on SVPN's one host
 * console. A lone guest writes its bytes as they are; with several, each
 * line is prefixed with the guest's name and written whole, so lines never
 * interleave. Input goes to the first guest.
 */
#include <svpn/console.h>
#include <svpn/guest.h>
#include <svpn/printk.h>

void guest_console_flush(struct guest *g)
{
	if (!g->out_len)
		return;
	printk("[%s] %.*s%s", g->name, (int)g->out_len, g->out_line,
	       g->out_line[g->out_len - 1] == '\n' ? "" : "\n");
	g->out_len = 0;
}

void guest_console_write(struct guest *g, const char *buf, unsigned long len)
{
	if (guest_count() <= 1) {
		console_write_raw(buf, len);
		return;
	}
	while (len--) {
		char c = *buf++;

		if (c == '\r')
			continue;
		g->out_line[g->out_len++] = c;
		if (c == '\n' || g->out_len == GUEST_LINE_MAX)
			guest_console_flush(g);
	}
}

int guest_console_getc(struct guest *g)
{
	return g->id == 0 ? console_getc() : -1;
}
