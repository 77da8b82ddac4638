/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SVPN's trap vector (stvec, direct mode).
 *
 * sscratch is 0 while SVPN itself runs: a trap then is SVPN's own fault (it
 * runs with interrupts off), and is reported by do_hyp_trap(), which panics.
 * Guest traps are added by vmm/ and find their struct hart in sscratch.
 */
#include <asm/csr.h>
#include <asm/ptrace.h>

	.text
	.balign 4
	.globl trap_vector
trap_vector:
	csrrw	tp, CSR_SSCRATCH, tp
	bnez	tp, .Lfrom_guest
	csrrw	tp, CSR_SSCRATCH, tp	/* SVPN's own trap: restore tp, sscratch = 0 */

	addi	sp, sp, -PT_SIZE
	.irp	n, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, \
		21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	sd	x\n, PT_GPR(\n)(sp)
	.endr
	addi	t0, sp, PT_SIZE
	sd	t0, PT_GPR(2)(sp)
	csrr	t0, CSR_SEPC
	sd	t0, PT_SEPC(sp)
	csrr	t0, CSR_SSTATUS
	sd	t0, PT_SSTATUS(sp)
	csrr	t0, CSR_SCAUSE
	sd	t0, PT_SCAUSE(sp)
	csrr	t0, CSR_STVAL
	sd	t0, PT_STVAL(sp)
	mv	a0, sp
	call	do_hyp_trap
	/* do_hyp_trap does not return. */
1:	wfi
	j	1b

.Lfrom_guest:
	/* No guests yet: treat as SVPN's own (restore and report). */
	csrrw	tp, CSR_SSCRATCH, tp
	j	trap_vector
