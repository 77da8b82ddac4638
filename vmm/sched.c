// SPDX-License-Identifier: GPL-2.0
/*
 * Placing vCPUs on host harts, and the cross-hart requests between vCPUs.
 *
 * Every vCPU has a home hart for the guest's life (static partitioning). A
 * vCPU started through SBI HSM is posted to its home hart, which takes it
 * from hart_idle(). Work one vCPU needs from another (a remote SFENCE.VMA
 * or FENCE.I) is a request flag plus a host IPI; the requester waits for
 * the acknowledgement, doing its own pending requests meanwhile so that two
 * harts fencing each other cannot deadlock.
 */
#include <asm/csr.h>
#include <asm/hart.h>
#include <asm/sbi_call.h>
#include <svpn/exitcodes.h>
#include <svpn/guest.h>
#include <svpn/host_irq.h>
#include <svpn/printk.h>
#include <svpn/sched.h>
#include <svpn/shadow.h>
#include "vcpu_internal.h"

/* Mask 1 from base hartid: right for any hartid, where 1UL << hartid stops at 63. */
static void send_host_ipi(const struct hart *h)
{
	sbi_send_ipi(1, h->hartid);
}

int sched_assign_guest(struct guest *g)
{
	unsigned int i, h = 0;

	for (i = 0; i < g->nr_vcpus; i++) {
		while (h < nr_harts && harts[h].assigned)
			h++;
		if (h == nr_harts) {
			pr_err("guest %s: %u vCPU(s) need as many free host harts; only %u of %u "
			       "are free (start QEMU with more: -smp, QEMU_SMP=)\n",
			       g->name, g->nr_vcpus, i, nr_harts);
			return -1;
		}
		harts[h].assigned = true;
		g->vcpus[i].home = &harts[h];
	}
	return 0;
}

void hart_idle(void)
{
	struct hart *h = this_hart();
	struct vcpu *v;

	h->vcpu = NULL;
	shadow_idle_hart();
	/* The hart that takes host device interrupts keeps taking them while idle. */
	csr_write(CSR_SIE, SIE_SSIE | host_irq_sie(h->hartid));
	for (;;) {
		v = __atomic_exchange_n(&h->next_vcpu, NULL, __ATOMIC_ACQUIRE);
		if (v)
			vcpu_run(v);
		__asm__ __volatile__("wfi" ::: "memory");
		csr_clear(CSR_SIP, SIP_SSIP);
		if (csr_read(CSR_SIP) & SIP_SEIP)
			host_irq_dispatch();
	}
}

void vcpu_notify(struct vcpu *target)
{
	struct hart *h = READ_ONCE(target->hart);

	if (h && h != this_hart())
		send_host_ipi(h);
}

void vcpu_kick_ipi(struct vcpu *target)
{
	__atomic_store_n(&target->pending_ipi, 1, __ATOMIC_RELEASE);
	if (target->hart == this_hart())
		vcpu_take_ipis(target);
	else
		vcpu_notify(target);
}

void vcpu_schedule_start(struct vcpu *v)
{
	__atomic_store_n(&v->home->next_vcpu, v, __ATOMIC_RELEASE);
	send_host_ipi(v->home);
}

void vcpu_process_requests(struct vcpu *v)
{
	/* The sequence number is read first: what it covers is in the flags then. */
	unsigned long seq = __atomic_load_n(&v->req_seq, __ATOMIC_ACQUIRE);
	unsigned long req = __atomic_exchange_n(&v->req_flags, 0, __ATOMIC_ACQ_REL);

	if (req & VCPU_REQ_SFENCE_ALL)
		shadow_sfence(v->mmu, SHADOW_FLUSH_ALL, SHADOW_FLUSH_ALL);
	if (req & VCPU_REQ_FENCE_I)
		__asm__ __volatile__("fence.i" ::: "memory");
	__atomic_store_n(&v->req_done, seq, __ATOMIC_RELEASE);
}

/* Running on its hart: started, or suspended in SBI HSM (it waits there, serving requests). */
static bool vcpu_on_hart(const struct vcpu *v)
{
	enum vcpu_hsm_state state = READ_ONCE(v->hsm_state);

	return (state == VCPU_STARTED || state == VCPU_SUSPENDED) && READ_ONCE(v->hart);
}

void vcpu_request(struct vcpu *target, unsigned long req)
{
	struct vcpu *self = this_hart()->vcpu;
	unsigned long seq;

	if (target == self) {
		__atomic_or_fetch(&target->req_flags, req, __ATOMIC_RELEASE);
		vcpu_process_requests(target);
		return;
	}
	/*
	 * A vCPU that is not running flushes everything when it starts; a
	 * suspended one is on its hart, waiting, and serves requests there.
	 */
	if (!vcpu_on_hart(target))
		return;
	__atomic_or_fetch(&target->req_flags, req, __ATOMIC_RELEASE);
	seq = __atomic_add_fetch(&target->req_seq, 1, __ATOMIC_ACQ_REL);
	send_host_ipi(target->hart);
	while (__atomic_load_n(&target->req_done, __ATOMIC_ACQUIRE) < seq && vcpu_on_hart(target)) {
		if (self)
			vcpu_process_requests(self);
	}
}

/*
 * mm/: @v's guest has spent its shadow quota. Its other running vCPUs drop
 * their shadows, which is always allowed (they are a cache), and give the
 * pages back; each acknowledges before this returns.
 */
void guest_shadow_reclaim(struct vcpu *v)
{
	struct guest *g = v->guest;
	unsigned int i;

	for (i = 0; i < g->nr_vcpus; i++)
		if (&g->vcpus[i] != v)
			vcpu_request(&g->vcpus[i], VCPU_REQ_SFENCE_ALL);
}

/* Take @v off its hart for good (its guest has ended); the hart idles. */
void vcpu_park(struct vcpu *v)
{
	if (v) {
		WRITE_ONCE(v->hsm_state, VCPU_STOPPED);
		WRITE_ONCE(v->hart, NULL);
	}
	hart_idle();
}

void vcpu_stopped(struct vcpu *v)
{
	struct guest *g = v->guest;
	unsigned int i;

	/* A stopped vCPU's shadows are stale when it starts again: give them back now. */
	shadow_sfence(v->mmu, SHADOW_FLUSH_ALL, SHADOW_FLUSH_ALL);
	/*
	 * The store and the loads below are ordered (sequentially consistent),
	 * so of two vCPUs stopping at once at least one sees both stopped.
	 */
	WRITE_ONCE(v->hart, NULL);
	__atomic_store_n(&v->hsm_state, VCPU_STOPPED, __ATOMIC_SEQ_CST);
	for (i = 0; i < g->nr_vcpus; i++)
		if (__atomic_load_n(&g->vcpus[i].hsm_state, __ATOMIC_SEQ_CST) != VCPU_STOPPED)
			break;
	if (i == g->nr_vcpus) {
		printk("svpn: guest %s stopped all its harts (SBI HSM hart_stop): nothing left "
		       "to run\n",
		       g->name);
		guest_exit(g, SVPN_EXIT_GUEST_FAILURE);
	}
	hart_idle();
}
