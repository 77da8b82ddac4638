/* SPDX-License-Identifier: GPL-2.0 */
/* SVPN's own console: one active output device at a time. */
#ifndef _SVPN_CONSOLE_H
#define _SVPN_CONSOLE_H

struct console {
	const char *name;
	void (*putc)(const struct console *con, char c);
	int (*getc)(const struct console *con); /* -1 when nothing is waiting */
	unsigned long base;			/* device registers (virtual) */
	unsigned int reg_shift;
	unsigned int reg_io_width;
};

void console_register(const struct console *con);
void console_write(const char *s, unsigned long len);
void console_write_raw(const char *s, unsigned long len);
int console_getc(void);

#endif /* _SVPN_CONSOLE_H */
