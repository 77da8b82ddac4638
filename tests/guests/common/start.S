/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test guest entry (Linux boot protocol: S-mode, a0 = hartid, a1 = DTB,
 * satp = 0, loaded at 0x80200000) and trap entry.
 *
 * sscratch convention (as in Linux): 0 while in S-mode, the S-mode stack
 * pointer while running in U-mode. Every trap saves all registers in a
 * struct trap_frame and calls trap_handler(frame); the frame (sepc, sstatus,
 * registers) is written back on return, so the C code can redirect it.
 */
#include <riscv/csr.h>
#include <riscv/sbi.h>
#include "frame.h"

	.option norelax

	.section .text.entry, "ax"
	.globl _start
_start:
	csrw	sie, zero
	csrci	sstatus, SR_SIE
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	la	sp, __stack_top
	csrw	sscratch, zero
	la	t0, trap_entry
	csrw	stvec, t0
	call	guest_entry
3:	wfi
	j	3b

	.text
.macro TRAP_SAVE
	csrrw	sp, sscratch, sp
	bnez	sp, 1f			/* from U: sp = S stack, sscratch = U sp */
	csrr	sp, sscratch		/* from S: sp = the trapped sp */
1:	addi	sp, sp, -FRAME_SIZE
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, FRAME_X(\n)(sp)
	.endr
	csrrw	t0, sscratch, zero
	sd	t0, FRAME_X(2)(sp)
.endm

	.balign 4
	.globl trap_entry
trap_entry:
	TRAP_SAVE
	li	t0, -1
	j	trap_common

trap_common:
	sd	t0, FRAME_VECTOR(sp)
	csrr	t0, sepc
	sd	t0, FRAME_EPC(sp)
	csrr	t0, sstatus
	sd	t0, FRAME_STATUS(sp)
	csrr	t0, scause
	sd	t0, FRAME_CAUSE(sp)
	csrr	t0, stval
	sd	t0, FRAME_TVAL(sp)
	mv	a0, sp
	call	trap_handler
	.globl trap_return
trap_return:
	ld	t0, FRAME_EPC(sp)
	csrw	sepc, t0
	ld	t0, FRAME_STATUS(sp)
	csrw	sstatus, t0
	andi	t0, t0, SR_SPP
	bnez	t0, 1f
	addi	t0, sp, FRAME_SIZE	/* back to U: where the next trap's frame goes */
	csrw	sscratch, t0
1:	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, FRAME_X(\n)(sp)
	.endr
	ld	sp, FRAME_X(2)(sp)
	sret

/* Vectored stvec: slot n at base + 4 * n; exceptions use slot 0. */
	.balign 256
	.globl trap_vector_table
trap_vector_table:
	.option push
	.option norvc			/* 4-byte slots */
	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
	j	trap_vec_\n
	.endr
	.option pop

	.irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
trap_vec_\n:
	TRAP_SAVE
	li	t0, \n
	j	trap_common
	.endr

/*
 * void guest_wfi(void): one wfi at a known address. If an interrupt is taken
 * with sepc == guest_wfi (it arrived after the caller checked its condition but
 * before the wfi), trap_handler moves sepc past the wfi, so a wait loop cannot
 * sleep through the wakeup it is waiting for.
 */
	.globl guest_wfi
guest_wfi:
	wfi
	ret

/*
 * long enter_user(void (*fn)(long), unsigned long user_sp, long arg):
 * run fn(arg) in U-mode on user_sp, with the current sstatus.SPIE. It
 * returns when the U code does an ecall with a7 = UEXIT_MAGIC (its a0 is
 * the return value); trap.c redirects that ecall to enter_user_return.
 */
	.globl enter_user
enter_user:
	addi	sp, sp, -112
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
	la	t0, user_return_sp
	sd	sp, 0(t0)
	csrw	sepc, a0
	li	t0, SR_SPP
	csrc	sstatus, t0		/* SPP = U */
	csrw	sscratch, sp
	mv	sp, a1
	mv	a0, a2
	sret

	.globl enter_user_return
enter_user_return:
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
	addi	sp, sp, 112
	ret

	.bss
	.balign 8
	.globl user_return_sp
user_return_sp:
	.dword 0

/*
 * Secondary harts (smp.h): a0 = hartid, a1 = struct secondary_boot *
 * { sp, fn, arg }, satp = 0, as SBI HSM hart_start enters them.
 */
	.text
	.globl secondary_entry
secondary_entry:
	csrw	sie, zero
	csrci	sstatus, SR_SIE
	ld	sp, 0(a1)
	ld	t1, 8(a1)
	ld	a1, 16(a1)
	csrw	sscratch, zero
	la	t0, trap_entry
	csrw	stvec, t0
	jalr	t1
	li	a7, SBI_EXT_HSM
	li	a6, SBI_EXT_HSM_HART_STOP
	ecall
1:	wfi
	j	1b
