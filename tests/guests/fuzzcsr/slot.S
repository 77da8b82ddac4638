/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzzcsr: the instruction slot and the code that runs it.
 *
 * fuzz_run() loads x1, x3..x31 from fuzz_regs_in, points sp at a stack of
 * its own (the trap frames of the instructions under test land there) and
 * jumps to fuzz_slot, which holds the instructions under test followed by a
 * jump (all written by the C code) to fuzz_ret30 or fuzz_ret31. These store
 * x1..x31 to fuzz_regs_out through x30 or x31, whichever no instruction of
 * the slot writes (the C code loads it with &fuzz_regs_out), so that an
 * instruction may write any other register, sp included, and return to the
 * caller. An instruction that traps is recorded and skipped by the trap hook.
 */
	.option norelax

	.section .data.fuzzslot, "aw"
	.balign 64
	.globl fuzz_slot
fuzz_slot:
	.fill 32, 1, 0

	.bss
	.balign 16
fuzz_stack:
	.fill 8192, 1, 0
	.globl fuzz_stack_top
fuzz_stack_top:
	.balign 8
fuzz_saved_sp:
	.dword 0

	.text
	.balign 4
	.globl fuzz_run
fuzz_run:
	addi	sp, sp, -128
	sd	ra, 0(sp)
	sd	s0, 8(sp)
	sd	s1, 16(sp)
	sd	s2, 24(sp)
	sd	s3, 32(sp)
	sd	s4, 40(sp)
	sd	s5, 48(sp)
	sd	s6, 56(sp)
	sd	s7, 64(sp)
	sd	s8, 72(sp)
	sd	s9, 80(sp)
	sd	s10, 88(sp)
	sd	s11, 96(sp)
	sd	gp, 104(sp)
	sd	tp, 112(sp)
	la	t0, fuzz_saved_sp
	sd	sp, 0(t0)
	la	sp, fuzz_stack_top
	la	x31, fuzz_regs_in
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30
	ld	x\n, (\n * 8)(x31)
	.endr
	ld	x31, (31 * 8)(x31)
	j	fuzz_slot

	.balign 4
	.globl fuzz_ret31
fuzz_ret31:
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (\n * 8)(x31)
	.endr
	j	fuzz_return

	.balign 4
	.globl fuzz_ret30
fuzz_ret30:
	.irp n, 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, (\n * 8)(x30)
	.endr

fuzz_return:
	la	t0, fuzz_saved_sp
	ld	sp, 0(t0)
	ld	ra, 0(sp)
	ld	s0, 8(sp)
	ld	s1, 16(sp)
	ld	s2, 24(sp)
	ld	s3, 32(sp)
	ld	s4, 40(sp)
	ld	s5, 48(sp)
	ld	s6, 56(sp)
	ld	s7, 64(sp)
	ld	s8, 72(sp)
	ld	s9, 80(sp)
	ld	s10, 88(sp)
	ld	s11, 96(sp)
	ld	gp, 104(sp)
	ld	tp, 112(sp)
	addi	sp, sp, 128
	ret

/*
 * void fuzz_ecall(unsigned long regs[8]): a0..a7 from regs[], ecall at
 * fuzz_ecall_insn, a0..a7 back to regs[]. If the call traps back to the guest
 * (a legacy call with a bad mask pointer), the hook resumes after the ecall.
 */
	.globl fuzz_ecall
fuzz_ecall:
	addi	sp, sp, -16
	sd	s0, 0(sp)
	mv	s0, a0
	.irp n, 0,1,2,3,4,5,6,7
	ld	a\n, (\n * 8)(s0)
	.endr
	.globl fuzz_ecall_insn
fuzz_ecall_insn:
	ecall
	.irp n, 0,1,2,3,4,5,6,7
	sd	a\n, (\n * 8)(s0)
	.endr
	ld	s0, 0(sp)
	addi	sp, sp, 16
	ret
