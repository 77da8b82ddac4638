/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PLIC of QEMU virt at 0x0c000000 (the layout SVPN's model keeps too):
 * context 2h is hart h's M-mode context, 2h + 1 its S-mode one. Every access
 * is an aligned 32-bit one, as the PLIC spec requires.
 */
#ifndef GUEST_PLIC_H
#define GUEST_PLIC_H

#include "guest.h"

#define PLIC_BASE	     0x0c000000UL
#define PLIC_PRIO(s)	     (4 * (s))
#define PLIC_PENDING(s)	     (0x1000 + 4 * ((s) / 32))
#define PLIC_ENABLE(c)	     (0x2000 + 0x80 * (c))
#define PLIC_THRESH(c)	     (0x200000 + 0x1000 * (c))
#define PLIC_CLAIM(c)	     (0x200004 + 0x1000 * (c))
#define PLIC_S_CONTEXT(hart) (2 * (hart) + 1)

static inline u32 plic_rd(unsigned long off)
{
	return *(volatile u32 *)(PLIC_BASE + off);
}

static inline void plic_wr(unsigned long off, u32 val)
{
	*(volatile u32 *)(PLIC_BASE + off) = val;
}

/*
 * Claim and complete whatever context ctx has pending, to start from nothing:
 * QEMU's PLIC (7.2.x stable, since the backport of "hw/intc: Don't clear
 * pending bits on IRQ lowering") keeps a request once raised until it is
 * claimed, and SVPN's model does the same.
 */
static inline void plic_drain(unsigned long ctx)
{
	for (int i = 0; i < 8; i++) {
		u32 id = plic_rd(PLIC_CLAIM(ctx));

		if (!id)
			break;
		plic_wr(PLIC_CLAIM(ctx), id);
	}
}

#endif
