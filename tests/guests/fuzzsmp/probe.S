/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzzsmp: trap entry, secondary entry and the instructions that may fault.
 *
 * The trap entry does not use sscratch: the fuzzer writes random values to
 * it, and every trap comes from S-mode on a valid stack (nothing here ever
 * enters U-mode or touches sp), so it just pushes a frame on sp.
 *
 * Every instruction that is meant to fault sits between fz_probe_start and
 * fz_probe_end (or in a hart's instruction slot): fz_trap() skips a fault
 * there, and treats a fault anywhere else as unexpected (the fuzzer's own
 * code and data are always mapped, so SVPN must never fault them).
 */
#include "frame.h"

#define FZ_MAX_HARTS  8
#define FZ_STACK_SIZE 16384

	.option norelax

	.text
	.balign 4
	.globl fz_trap_entry
fz_trap_entry:
	addi	sp, sp, -FRAME_SIZE
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	sd	x\n, FRAME_X(\n)(sp)
	.endr
	addi	t0, sp, FRAME_SIZE
	sd	t0, FRAME_X(2)(sp)
	li	t0, -1
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
	call	fz_trap
	ld	t0, FRAME_EPC(sp)
	csrw	sepc, t0
	ld	t0, FRAME_STATUS(sp)
	csrw	sstatus, t0
	.irp n, 1,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	ld	x\n, FRAME_X(\n)(sp)
	.endr
	ld	sp, FRAME_X(2)(sp)
	sret

/*
 * Secondary harts, from hart_start or a non-retentive hart_suspend:
 * a0 = hartid, a1 = opaque (random: not used). Each hart has its own stack.
 */
	.balign 4
	.globl fz_secondary_entry
fz_secondary_entry:
	csrci	sstatus, 2
	csrw	sie, zero
	la	t0, fz_trap_entry
	csrw	stvec, t0
	li	t0, FZ_MAX_HARTS
	bgeu	a0, t0, 2f
	la	sp, fz_stacks
	li	t0, FZ_STACK_SIZE
	addi	t1, a0, 1
	mul	t0, t0, t1
	add	sp, sp, t0
	call	fz_hart_entry
2:	wfi
	j	2b

/* int fz_setjmp(u64 buf[14]) / void fz_longjmp(u64 buf[14]): returns 1 at the setjmp */
	.globl fz_setjmp
fz_setjmp:
	sd	ra, 0(a0)
	sd	sp, 8(a0)
	sd	s0, 16(a0)
	sd	s1, 24(a0)
	sd	s2, 32(a0)
	sd	s3, 40(a0)
	sd	s4, 48(a0)
	sd	s5, 56(a0)
	sd	s6, 64(a0)
	sd	s7, 72(a0)
	sd	s8, 80(a0)
	sd	s9, 88(a0)
	sd	s10, 96(a0)
	sd	s11, 104(a0)
	li	a0, 0
	ret

	.globl fz_longjmp
fz_longjmp:
	ld	ra, 0(a0)
	ld	sp, 8(a0)
	ld	s0, 16(a0)
	ld	s1, 24(a0)
	ld	s2, 32(a0)
	ld	s3, 40(a0)
	ld	s4, 48(a0)
	ld	s5, 56(a0)
	ld	s6, 64(a0)
	ld	s7, 72(a0)
	ld	s8, 80(a0)
	ld	s9, 88(a0)
	ld	s10, 96(a0)
	ld	s11, 104(a0)
	li	a0, 1
	ret

/*
 * void fz_slot_run(u64 regs[32], u32 *slot): t0-t2, a0-a7, t3-t6 from
 * regs[], call the slot (one instruction, then ret), the same registers back
 * to regs[]. The slot's instruction uses only those registers.
 */
	.globl fz_slot_run
fz_slot_run:
	addi	sp, sp, -32
	sd	ra, 0(sp)
	sd	s0, 8(sp)
	sd	s1, 16(sp)
	mv	s0, a0
	mv	s1, a1
	.irp n, 5,6,7,11,12,13,14,15,16,17,28,29,30,31
	ld	x\n, (\n * 8)(s0)
	.endr
	ld	x10, (10 * 8)(s0)
	jalr	ra, 0(s1)
	.irp n, 5,6,7,10,11,12,13,14,15,16,17,28,29,30,31
	sd	x\n, (\n * 8)(s0)
	.endr
	ld	ra, 0(sp)
	ld	s0, 8(sp)
	ld	s1, 16(sp)
	addi	sp, sp, 32
	ret

/* ---- everything below may fault ---- */
	.section .text.fzprobe, "ax"
	.balign 4
	.globl fz_probe_start
fz_probe_start:

/*
 * u64 NAME(u64 addr): a load (0 if it faults). NAME_off: the same through a
 * base register 40 below the address (a non-zero immediate offset, no RVC).
 */
.macro LOADFN name, insn
	.globl \name
\name:
	mv	a1, a0
	li	a0, 0
	\insn	a0, 0(a1)
	ret
	.globl \name\()_off
\name\()_off:
	addi	t1, a0, -40
	li	a0, 0
	\insn	a0, 40(t1)
	ret
.endm
	LOADFN fz_lb, lb
	LOADFN fz_lh, lh
	LOADFN fz_lw, lw
	LOADFN fz_ld, ld
	LOADFN fz_lbu, lbu
	LOADFN fz_lhu, lhu
	LOADFN fz_lwu, lwu

/* void NAME(u64 addr, u64 val): a store; NAME_off as above */
.macro STOREFN name, insn
	.globl \name
\name:
	\insn	a1, 0(a0)
	ret
	.globl \name\()_off
\name\()_off:
	addi	t1, a0, -40
	\insn	a1, 40(t1)
	ret
.endm
	STOREFN fz_sb, sb
	STOREFN fz_sh, sh
	STOREFN fz_sw, sw
	STOREFN fz_sd, sd

/* Stores that leave memory as it was (atomically): safe wherever they land. */
	.globl fz_amo_keep_w
fz_amo_keep_w:
	li	t0, 0
	amoadd.w t0, zero, (a0)
	mv	a0, t0
	ret
	.globl fz_amo_keep_d
fz_amo_keep_d:
	li	t0, 0
	amoor.d	t0, zero, (a0)
	mv	a0, t0
	ret
	.globl fz_lrsc_keep_d
fz_lrsc_keep_d:
	li	t0, 0
	li	t1, 1
	lr.d	t0, (a0)
	sc.d	t1, t0, (a0)
	mv	a0, t1
	ret

/*
 * void fz_ecall(u64 regs[8]): a0..a7 from regs[], ecall, a0..a7 back. A
 * legacy call whose mask pointer faults comes back to the guest at the ecall.
 */
	.globl fz_ecall
fz_ecall:
	addi	sp, sp, -16
	sd	s0, 0(sp)
	mv	s0, a0
	.irp n, 1,2,3,4,5,6,7,0
	ld	a\n, (\n * 8)(s0)
	.endr
	ecall
	.irp n, 0,1,2,3,4,5,6,7
	sd	a\n, (\n * 8)(s0)
	.endr
	ld	s0, 0(sp)
	addi	sp, sp, 16
	ret

/* One wfi at a known address: an interrupt taken there resumes after it. */
	.globl fz_wfi
fz_wfi:
	wfi
	ret

/* void fz_sfence(u64 va, u64 asid, int kind): kind 0 all, 1 va, 2 asid, 3 both */
	.globl fz_sfence
fz_sfence:
	beqz	a2, 1f
	li	t0, 1
	beq	a2, t0, 2f
	li	t0, 2
	beq	a2, t0, 3f
	sfence.vma a0, a1
	ret
1:	sfence.vma
	ret
2:	sfence.vma a0
	ret
3:	sfence.vma zero, a1
	ret

/*
 * u64 fz_stvec_try(u64 val): write val to stvec and put the old value back at
 * once with interrupts off (a trap in between would go to val); returns what
 * stvec held.
 */
	.globl fz_stvec_try
fz_stvec_try:
	csrrci	t2, sstatus, 2
	csrrw	t0, stvec, a0
	csrrw	a0, stvec, t0
	andi	t2, t2, 2
	csrs	sstatus, t2
	ret

/* void fz_sret_here(int spie): sret to the next instruction in S-mode, SIE = spie */
	.globl fz_sret_here
fz_sret_here:
	csrci	sstatus, 2
	lla	t0, 1f
	csrw	sepc, t0
	li	t0, 0x100
	csrs	sstatus, t0
	li	t0, 0x20
	csrc	sstatus, t0
	beqz	a0, 2f
	csrs	sstatus, t0
2:	sret
1:	ret

	.globl fz_probe_end
fz_probe_end:

	.bss
	.balign 16
	.globl fz_stacks
fz_stacks:
	.skip FZ_MAX_HARTS * FZ_STACK_SIZE
