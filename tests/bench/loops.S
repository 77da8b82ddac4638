/* SPDX-License-Identifier: GPL-2.0 */
/*
 * trapcost: entry and the timed loops.
 *
 * Every loop takes its iteration count in a0, runs its body that many times
 * followed by "addi a0, a0, -1; bnez a0, 1b" (2 instructions), and returns
 * the rdtime difference in ticks. Under -icount shift=0 one tick of the
 * 10 MHz timebase is 100 instructions, so a body costs
 * ticks * 100 / n - 2 instructions; the empty loop measures the 2.
 * Nothing here touches the stack or memory outside what the body names, so
 * the loops themselves never fault.
 */
	.option norelax

	.section .text.entry, "ax"
	.globl _start
_start:
	csrw	sie, zero
	csrci	sstatus, 2
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	la	sp, __stack_top
	la	t0, trap_unexpected
	csrw	stvec, t0
	call	trapcost_main
3:	wfi
	j	3b

	.balign 4
trap_unexpected:
	csrr	a0, scause
	csrr	a1, sepc
	csrr	a2, stval
	la	sp, __stack_top
	call	trapcost_trap

	.text
/* A timed loop: LOOP_BEGIN(name), the body (may use t0-t6, a6, a7; a1-a3 are arguments), LOOP_END. */
#define LOOP_BEGIN(name)		\
	.balign 4;			\
	.globl loop_##name;		\
loop_##name:				\
	rdtime	a4;			\
1:
#define LOOP_END			\
	addi	a0, a0, -1;		\
	bnez	a0, 1b;			\
	rdtime	a5;			\
	sub	a0, a5, a4;		\
	ret

LOOP_BEGIN(empty)
LOOP_END

/* The hottest emulated instructions of a Linux guest (see performance.md). */
LOOP_BEGIN(csrr_sstatus)
	csrr	t0, sstatus
LOOP_END

/* local_irq_disable(): SIE is already clear, so this changes nothing. */
LOOP_BEGIN(csrc_sie)
	csrci	sstatus, 2
LOOP_END

/* __enable_user_access() / __disable_user_access(): two traps per iteration. */
LOOP_BEGIN(sum_toggle)
	li	t1, 0x40000
	csrs	sstatus, t1
	csrc	sstatus, t1
LOOP_END

/* Trap entry's "csrrw tp, sscratch, tp": t4 and sscratch swap every time. */
LOOP_BEGIN(csrrw_sscratch)
	csrrw	t4, sscratch, t4
LOOP_END

LOOP_BEGIN(csrr_sepc)
	csrr	t0, sepc
LOOP_END

/* An SBI call that does nothing: sbi_get_spec_version (EID 0x10, FID 0). */
LOOP_BEGIN(sbi_call)
	mv	t0, a0
	li	a7, 0x10
	li	a6, 0
	ecall
	mv	a0, t0
LOOP_END

/* loop_touch(n, base, stride): one load per page. */
LOOP_BEGIN(touch_load)
	lb	t0, 0(a1)
	add	a1, a1, a2
LOOP_END

/* loop_touch_store(n, base, stride): one store per page. */
LOOP_BEGIN(touch_store)
	sb	zero, 0(a1)
	add	a1, a1, a2
LOOP_END

LOOP_BEGIN(sfence_all)
	sfence.vma
LOOP_END

/* loop_satp(n, satp_a, satp_b): two address-space switches per iteration. */
LOOP_BEGIN(satp)
	csrw	satp, a1
	csrw	satp, a2
LOOP_END

/* As Linux 6.1 switch_mm() does without ASIDs: satp, then a full flush. */
LOOP_BEGIN(satp_sfence)
	csrw	satp, a1
	sfence.vma
	csrw	satp, a2
	sfence.vma
LOOP_END

/* The same, then one load from each of 4 pages at a3 (stride 4 KiB) per switch. */
	.balign 4
	.globl loop_satp_sfence_touch4
loop_satp_sfence_touch4:
	li	t1, 4096
	add	t1, a3, t1
	li	t3, 4096
	add	t2, t1, t3
	add	t3, t2, t3
	rdtime	a4
1:	csrw	satp, a1
	sfence.vma
	lb	t0, 0(a3)
	lb	t0, 0(t1)
	lb	t0, 0(t2)
	lb	t0, 0(t3)
	csrw	satp, a2
	sfence.vma
	lb	t0, 0(a3)
	lb	t0, 0(t1)
	lb	t0, 0(t2)
	lb	t0, 0(t3)
LOOP_END
