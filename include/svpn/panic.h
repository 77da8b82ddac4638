/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SVPN_PANIC_H
#define _SVPN_PANIC_H

#include <svpn/compiler.h>

/* Print the reason and end the machine with SVPN_EXIT_PANIC. */
void panic(const char *fmt, ...) __noreturn __printf(1, 2);

#ifdef CONFIG_DEBUG_ASSERT
#define BUG_ON(cond)                                                             \
	do {                                                                     \
		if (unlikely(cond))                                              \
			panic("BUG_ON(%s) at %s:%d", #cond, __FILE__, __LINE__); \
	} while (0)
#else
#define BUG_ON(cond)                \
	do {                        \
		(void)sizeof(cond); \
	} while (0)
#endif

#endif /* _SVPN_PANIC_H */
