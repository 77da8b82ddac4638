/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SVPN's trap vector (stvec, direct mode) and the return to a guest.
 *
 * sscratch holds this hart's struct hart while a guest runs and 0 while
 * SVPN runs; swapping it with tp tells the two apart in one instruction.
 * SVPN runs with interrupts off, so a trap from SVPN itself is a bug and
 * goes to do_hyp_trap(), which panics. A guest trap saves the guest's
 * registers into its struct vcpu (regs come first) and runs
 * vcpu_handle_trap() on a fresh hart stack; that never returns but ends in
 * guest_resume().
 */
#include <asm/csr.h>
#include <asm/hart.h>
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
1:	wfi				/* do_hyp_trap does not return */
	j	1b

.Lfrom_guest:
	sd	t0, HART_SCRATCH_OFFSET(tp)
	ld	t0, HART_VCPU_OFFSET(tp)
	.irp	n, 1, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, \
		21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	sd	x\n, PT_GPR(\n)(t0)
	.endr
	ld	t1, HART_SCRATCH_OFFSET(tp)
	sd	t1, PT_GPR(5)(t0)
	csrrw	t1, CSR_SSCRATCH, zero	/* the guest's tp; sscratch = 0: SVPN runs */
	sd	t1, PT_GPR(4)(t0)
	csrr	t1, CSR_SEPC
	sd	t1, PT_SEPC(t0)
	csrr	t1, CSR_SSTATUS
	sd	t1, PT_SSTATUS(t0)
	csrr	t1, CSR_SCAUSE
	sd	t1, PT_SCAUSE(t0)
	csrr	t1, CSR_STVAL
	sd	t1, PT_STVAL(t0)
	ld	sp, HART_STACK_TOP_OFFSET(tp)
	mv	a0, t0
	call	vcpu_handle_trap
2:	wfi				/* vcpu_handle_trap does not return */
	j	2b

/*
 * guest_resume(vcpu): enter the guest at regs.sepc with regs.sstatus (the
 * real sstatus, SPP = U, prepared by the caller) and the guest's registers.
 */
	.globl guest_resume
guest_resume:
	ld	t0, PT_SEPC(a0)
	csrw	CSR_SEPC, t0
	ld	t0, PT_SSTATUS(a0)
	csrw	CSR_SSTATUS, t0
	csrw	CSR_SSCRATCH, tp
	.irp	n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, \
		21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	ld	x\n, PT_GPR(\n)(a0)
	.endr
	ld	a0, PT_GPR(10)(a0)
	sret
