/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Console messages. Levels below CONFIG_LOGLEVEL compile to nothing, so a
 * pr_debug() on a hot path costs nothing in a non-debug build.
 */
#ifndef _SVPN_PRINTK_H
#define _SVPN_PRINTK_H

#include <stdarg.h>
#include <svpn/compiler.h>

#define LOGLEVEL_ERR   0
#define LOGLEVEL_WARN  1
#define LOGLEVEL_INFO  2
#define LOGLEVEL_DEBUG 3

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);
void printk_raw(const char *s, unsigned long len);

#define pr_level(level, fmt, ...)                   \
	do {                                        \
		if ((level) <= CONFIG_LOGLEVEL)     \
			printk(fmt, ##__VA_ARGS__); \
	} while (0)

#define pr_err(fmt, ...)   printk("svpn: error: " fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)  pr_level(LOGLEVEL_WARN, "svpn: warning: " fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)  pr_level(LOGLEVEL_INFO, "svpn: " fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) pr_level(LOGLEVEL_DEBUG, "svpn: " fmt, ##__VA_ARGS__)

#endif /* _SVPN_PRINTK_H */
