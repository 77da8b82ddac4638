// SPDX-License-Identifier: GPL-2.0
/*
 * printk: picolibc's vsnprintf into a per-call buffer, then the console,
 * under one lock so that lines from several harts do not interleave.
 */
#include <asm/spinlock.h>
#include <stdio.h>
#include <svpn/console.h>
#include <svpn/printk.h>

#define PRINTK_LINE_MAX 256

static ticket_lock_t printk_lock = TICKET_LOCK_INIT;

int vprintk(const char *fmt, va_list ap)
{
	char buf[PRINTK_LINE_MAX];
	int len = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (len < 0)
		return len;
	if (len >= (int)sizeof(buf))
		len = sizeof(buf) - 1;
	ticket_lock(&printk_lock);
	console_write(buf, len);
	ticket_unlock(&printk_lock);
	return len;
}

/* A guest's bytes as they are, under the same lock as SVPN's own lines. */
void printk_raw(const char *s, unsigned long len)
{
	ticket_lock(&printk_lock);
	console_write_raw(s, len);
	ticket_unlock(&printk_lock);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vprintk(fmt, ap);
	va_end(ap);
	return ret;
}
