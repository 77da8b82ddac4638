// SPDX-License-Identifier: GPL-2.0
/* The active console. Output before any console is registered is dropped. */
#include <svpn/console.h>

static const struct console *active;

void console_register(const struct console *con)
{
	active = con;
}

void console_write(const char *s, unsigned long len)
{
	const struct console *con = active;

	if (!con)
		return;
	while (len--) {
		if (*s == '\n')
			con->putc(con, '\r');
		con->putc(con, *s++);
	}
}

/* Bytes as they are: guests send their own line endings. */
void console_write_raw(const char *s, unsigned long len)
{
	const struct console *con = active;

	if (!con)
		return;
	while (len--)
		con->putc(con, *s++);
}

int console_getc(void)
{
	const struct console *con = active;

	return con && con->getc ? con->getc(con) : -1;
}
