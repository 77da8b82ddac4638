/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Placing vCPUs on host harts (vmm/sched.c). Static partitioning: each vCPU
 * has a home hart of its own for the guest's life, like Bao; a hart with no
 * started vCPU idles in hart_idle().
 */
#ifndef _SVPN_SCHED_H
#define _SVPN_SCHED_H

#include <svpn/compiler.h>

struct guest;
struct vcpu;

/* Give every vCPU of @g a free host hart; -1 (with a message) if too few. */
int sched_assign_guest(struct guest *g);
/* Idle until a vCPU is posted to this hart, then run it. */
void hart_idle(void) __noreturn;

/* Remote work for a vCPU, done by the hart that runs it (then acknowledged). */
#define VCPU_REQ_SFENCE_ALL 0x1UL
#define VCPU_REQ_FENCE_I    0x2UL

/* Ask @target to do @req and wait until it has (at once if @target is the caller). */
void vcpu_request(struct vcpu *target, unsigned long req);
/* Do what other harts asked of this vCPU. */
void vcpu_process_requests(struct vcpu *v);
/* Make @target's hart look at its virtual interrupts (it may be in WFI). */
void vcpu_notify(struct vcpu *target);

#endif /* _SVPN_SCHED_H */
