// SPDX-License-Identifier: GPL-2.0
/*
 * The virtual timer, virtual interrupts from the host, and WFI.
 *
 * A vCPU has one deadline, its stimecmp: SBI set_timer and (with Sstc) the
 * stimecmp CSR both write it, and the virtual STIP is (time >= stimecmp),
 * as on a hart with Sstc. The host timer (Sstc's stimecmp, or the M-mode
 * stub) is armed for the deadline only while it lies in the future, so a
 * passed deadline never leaves a level-triggered interrupt storming.
 */
#include <asm/csr.h>
#include <asm/hart.h>
#include <asm/mstub.h>
#include <asm/sbi_call.h>
#include <svpn/guest.h>
#include <svpn/host_irq.h>
#include <svpn/mmio.h>
#include <svpn/sched.h>
#include <svpn/setup.h>
#include <svpn/vcpu.h>
#include "vcpu_internal.h"

static bool host_uses_sstc(const struct hart *h)
{
	return IS_ENABLED(CONFIG_HOST_TIMER_AUTO) && (h->features & MSTUB_F_SSTC);
}

/* Harts of one machine are alike: the boot hart's features stand for all. */
bool vcpu_offers_sstc(const struct vcpu *v)
{
	return IS_ENABLED(CONFIG_VIRT_TIMER) && IS_ENABLED(CONFIG_GUEST_SSTC) &&
	       (harts[0].features & MSTUB_F_SSTC);
}

/* No deadline SVPN ever programs: forces the next write through. */
#define HOST_TIMER_UNKNOWN 0UL

static void host_timer_program(struct hart *h, unsigned long when)
{
	if (h->timer_armed == when)
		return;
	h->timer_armed = when;
	if (host_uses_sstc(h))
		csr_write(CSR_STIMECMP, when);
	else
		sbi_set_timer(when);
}

void vcpu_set_timer(struct vcpu *v, unsigned long deadline)
{
	v->csr.stimecmp = deadline;
	v->timer_changed = true;
}

static unsigned long vcpu_host_deadline(const struct vcpu *v, unsigned long now)
{
	unsigned long deadline = v->csr.stimecmp;

	if (deadline != -1UL && now >= deadline)
		deadline = -1UL; /* already pending in the virtual sip */
	return deadline;
}

/*
 * Only needed when the deadline changed or the host timer fired: otherwise
 * the host timer is still armed for the right time (or off, once passed).
 */
void vcpu_timer_arm_host(struct vcpu *v)
{
	v->timer_changed = false;
	host_timer_program(v->hart, vcpu_host_deadline(v, csr_read(CSR_TIME)));
}

/*
 * While a vCPU idles, console input must still reach it, and the host
 * console raises no interrupt: wake up at least every IDLE_POLL_MS.
 */
#define IDLE_POLL_MS 10

static void vcpu_timer_arm_idle(struct vcpu *v)
{
	unsigned long now = csr_read(CSR_TIME);
	unsigned long poll = now + host_platform.timebase_frequency / 1000 * IDLE_POLL_MS;
	unsigned long deadline = vcpu_host_deadline(v, now);

	host_timer_program(v->hart, deadline < poll ? deadline : poll);
}

/* IPIs from other vCPUs arrive as a flag plus a host software interrupt. */
void vcpu_take_ipis(struct vcpu *v)
{
	if (READ_ONCE(v->pending_ipi) && __atomic_exchange_n(&v->pending_ipi, 0, __ATOMIC_ACQUIRE))
		vcpu_sip_set(v, SIP_SSIP);
}

void vcpu_handle_host_irq(struct vcpu *v, unsigned long irq)
{
	switch (irq) {
	case IRQ_S_SOFT:
		csr_clear(CSR_SIP, SIP_SSIP);
		vcpu_take_ipis(v);
		vcpu_process_requests(v);
		break;
	case IRQ_S_TIMER:
		/*
		 * The virtual STIP follows from the time. The host's STIP stays
		 * raised until the timer is written again, so forget what was
		 * armed: resume then rewrites it, to the next deadline or off.
		 */
		v->hart->timer_armed = HOST_TIMER_UNKNOWN;
		v->timer_changed = true;
		guest_uart_poll_input(v->guest);
		break;
	case IRQ_S_EXT: /* SVPN's own host devices (only the hart that takes them) */
		host_irq_dispatch();
		break;
	default:
		break;
	}
}

/*
 * WFI from guest-S: sleep on the host until a virtual interrupt is pending
 * and enabled in sie (sstatus.SIE does not matter, as for a real WFI).
 * SVPN runs with sstatus.SIE = 0, so a host interrupt only wakes the wfi
 * here and is then picked up by polling sip. A host device interrupt is
 * handled and the vCPU sleeps again, unless it made one of its own pending.
 */
void vcpu_wait_for_interrupt(struct vcpu *v)
{
	unsigned long sip;

	vcpu_stat_inc(v, wfi);
	guest_console_flush(v->guest); /* a prompt waiting for input shows now */
	for (;;) {
		/* Its guest ended while it slept: give the hart back. */
		if (READ_ONCE(v->guest->exited))
			vcpu_park(v);
		vcpu_take_ipis(v);
		vcpu_process_requests(v);
		guest_uart_poll_input(v->guest);
		if (vcpu_pending_irqs(v))
			return;
		vcpu_timer_arm_idle(v);
		/* The deadline may have passed while arming: never sleep past it. */
		if (vcpu_pending_irqs(v))
			return;
		__asm__ __volatile__("wfi" ::: "memory");
		sip = csr_read(CSR_SIP);
		if (sip & SIP_SSIP)
			vcpu_handle_host_irq(v, IRQ_S_SOFT);
		if (sip & SIP_STIP)
			vcpu_handle_host_irq(v, IRQ_S_TIMER);
		if (sip & SIP_SEIP)
			vcpu_handle_host_irq(v, IRQ_S_EXT);
	}
}
