// SPDX-License-Identifier: GPL-2.0
/*
 * The guests' consoles (their UART, SBI putchar/getchar) on SVPN's one host
 * console. A lone guest writes its bytes as they are; with several, each
 * line is prefixed with the guest's name and written whole, so lines never
 * interleave. Input goes to the first guest. A guest's vCPUs all write its
 * one line buffer, so it is only touched under the guest's console_lock.
 */
#include <svpn/console.h>
#include <svpn/guest.h>
#include <svpn/printk.h>

static void console_flush_locked(struct guest *g)
{
	if (!g->out_len)
		return;
	printk("[%s] %.*s%s", g->name, (int)g->out_len, g->out_line,
	       g->out_line[g->out_len - 1] == '\n' ? "" : "\n");
	g->out_len = 0;
}

void guest_console_flush(struct guest *g)
{
	spin_lock(&g->console_lock);
	console_flush_locked(g);
	spin_unlock(&g->console_lock);
}

void guest_console_write(struct guest *g, const char *buf, unsigned long len)
{
	if (guest_count() <= 1) {
		printk_raw(buf, len);
		return;
	}
	spin_lock(&g->console_lock);
	while (len--) {
		char c = *buf++;

		if (c == '\r')
			continue;
		g->out_line[g->out_len++] = c;
		if (c == '\n' || g->out_len == GUEST_LINE_MAX)
			console_flush_locked(g);
	}
	spin_unlock(&g->console_lock);
}

int guest_console_getc(struct guest *g)
{
	return g->id == 0 ? console_getc() : -1;
}
