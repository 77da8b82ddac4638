/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Probe primitives for the isolation guest. Each returns { value, fault } in
 * a0/a1: fault is 0 when the access went through, else 1 + scause (set by the
 * guest's trap hook, which also steps over the 4-byte access instruction).
 * The accesses are at global labels so the hook can tell a probe fault from
 * anything else, and are never compressed (the hook skips exactly 4 bytes).
 */
#include "frame.h"

	.option norelax
	.option norvc
	.text
	.balign 4

	.globl probe_ld, probe_ld_insn
probe_ld:			/* a0 = address */
	li	a1, 0
probe_ld_insn:
	ld	a0, 0(a0)
	ret

	.globl probe_lw, probe_lw_insn
probe_lw:
	li	a1, 0
probe_lw_insn:
	lwu	a0, 0(a0)
	ret

	.globl probe_lb, probe_lb_insn
probe_lb:
	li	a1, 0
probe_lb_insn:
	lbu	a0, 0(a0)
	ret

	.globl probe_sd, probe_sd_insn
probe_sd:			/* a0 = address, a1 = value; returns { 0, fault } */
	mv	t0, a1
	li	a1, 0
probe_sd_insn:
	sd	t0, 0(a0)
	li	a0, 0
	ret

	.globl probe_exec
probe_exec:			/* a0 = target; a fetch fault resumes after the jalr */
	addi	sp, sp, -16
	sd	ra, 0(sp)
	mv	t0, a0
	li	a1, 0
	li	a0, 0
	jalr	ra, 0(t0)
	ld	ra, 0(sp)
	addi	sp, sp, 16
	ret

/*
 * U-mode: run through a U alias of the image by enter_user(); a0 = address.
 * Returns the loaded value; a fault is counted by the trap hook (u_faults).
 */
	.globl u_probe_ld, u_probe_ld_insn
u_probe_ld:
	li	a1, 0
u_probe_ld_insn:
	ld	a0, 0(a0)
	li	a7, UEXIT_MAGIC
	ecall
