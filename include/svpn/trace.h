/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Trap tracing (CONFIG_TRACE_TRAPS). Off, every trace_trap() compiles to
 * nothing, so the trap path carries no tracing cost.
 */
#ifndef _SVPN_TRACE_H
#define _SVPN_TRACE_H

#include <svpn/printk.h>

#define TRACE_LEVEL_EVENTS 1 /* injected exceptions/interrupts, SBI calls, sret */
#define TRACE_LEVEL_ALL	   2 /* every trap and every emulated instruction */

#ifdef CONFIG_TRACE_TRAPS
#define trace_trap(level, v, fmt, ...)                                                           \
	do {                                                                                     \
		if ((level) <= CONFIG_TRACE_TRAPS_LEVEL)                                         \
			printk("trace: vcpu%u %c pc %#lx: " fmt "\n", (v)->id,                   \
			       (v)->priv == VPRIV_S ? 'S' : 'U', (v)->regs.sepc, ##__VA_ARGS__); \
	} while (0)
#else
#define trace_trap(level, v, fmt, ...) \
	do {                           \
	} while (0)
#endif

#ifdef CONFIG_TRACE_MMU
#define trace_mmu(fmt, ...) printk("trace: mmu: " fmt "\n", ##__VA_ARGS__)
#else
#define trace_mmu(fmt, ...) \
	do {                \
	} while (0)
#endif

#endif /* _SVPN_TRACE_H */
