/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupts of SVPN's own host devices, through the host PLIC
 * (drivers/host/plic.c). One hart takes them all: the boot hart, which
 * registers them while it probes the devices. vmm/ enables SEIE where
 * host_irq_sie() says and calls host_irq_dispatch() when that hart sees
 * its S-mode external interrupt: in a guest's trap, in a guest's WFI and
 * in hart_idle().
 */
#ifndef _SVPN_HOST_IRQ_H
#define _SVPN_HOST_IRQ_H

#ifdef CONFIG_HOST_PLIC
/* At boot, before any registration: the hart that takes the interrupts. */
void host_irq_init(unsigned long hartid);
/*
 * At boot: enable PLIC source @irq for that hart and call @handler(@ctx)
 * for each of its interrupts. 0, or -1 with a message.
 */
int host_irq_register(unsigned int irq, void (*handler)(void *ctx), void *ctx);
/* On that hart: claim, handle and complete until the PLIC has nothing more for it. */
void host_irq_dispatch(void);
/* What hart @hartid adds to sie for host device interrupts: SIE_SEIE, or 0. */
unsigned long host_irq_sie(unsigned long hartid);
#else
static inline void host_irq_init(unsigned long hartid)
{
}

static inline void host_irq_dispatch(void)
{
}

static inline unsigned long host_irq_sie(unsigned long hartid)
{
	return 0;
}
#endif

#endif /* _SVPN_HOST_IRQ_H */
