/* SPDX-License-Identifier: GPL-2.0 */
/*
 * M-mode stub: reset entry and trap vector.
 *
 * QEMU starts every hart here in M-mode (a0 = hartid, a1 = DTB). One hart
 * wins the boot lottery and boots SVPN; the others wait in mstub.c until
 * SVPN starts them through SBI HSM.
 */
#include <asm/csr.h>
#include <asm/memory.h>
#include "mstub.h"

	.section .text.entry, "ax"
	.globl _mstub_entry
_mstub_entry:
	csrw	CSR_MIE, zero
	csrw	CSR_MSCRATCH, zero
	csrr	a0, CSR_MHARTID
	li	t0, CONFIG_NR_CPUS
	bgeu	a0, t0, .Lpark_forever

	/* A per-hart stack: mstub_stacks + (hartid + 1) * MSTUB_STACK_SIZE. */
	la	sp, mstub_stacks
	addi	t0, a0, 1
	li	t1, MSTUB_STACK_SIZE
	mul	t0, t0, t1
	add	sp, sp, t0
	csrw	CSR_MSCRATCH, sp

	la	t0, mstub_boot_lottery
	li	t1, 1
	amoadd.w t1, t1, (t0)
	bnez	t1, .Lsecondary

	/* Boot hart: clear .bss, then let the others touch it. */
	la	t0, __mstub_bss_start
	la	t1, __mstub_bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	fence	w, w
	la	t0, mstub_bss_ready
	li	t1, 1
	sw	t1, 0(t0)
	call	mstub_boot_hart
	j	.Lpark_forever

.Lsecondary:
	la	t0, mstub_bss_ready
3:	lw	t1, 0(t0)
	beqz	t1, 3b
	fence	r, rw
	call	mstub_secondary_hart
.Lpark_forever:
	wfi
	j	.Lpark_forever

/*
 * mstub_enter_smode(hartid, entry, arg): mret to entry in S-mode with
 * a0 = hartid, a1 = arg, interrupts for M enabled in mie only as mstub.c set.
 */
	.text
	.globl mstub_enter_smode
mstub_enter_smode:
	csrw	CSR_MEPC, a1
	li	t0, SR_MPP
	csrc	CSR_MSTATUS, t0
	li	t0, SR_MPP_S
	csrs	CSR_MSTATUS, t0
	csrw	CSR_SATP, zero
	mv	a1, a2
	li	t0, SR_MIE
	csrc	CSR_MSTATUS, t0
	li	t0, SR_MPIE	/* M interrupts stay enabled below M (they always are) */
	csrs	CSR_MSTATUS, t0
	li	a2, 0
	mret

/*
 * Trap vector. mscratch holds this hart's stack top; swap it into sp, save
 * the caller's registers, call mstub_trap(regs), restore, mret.
 */
	.balign 4
	.globl mstub_trap_vector
mstub_trap_vector:
	csrrw	sp, CSR_MSCRATCH, sp
	addi	sp, sp, -MSTUB_REGS_SIZE
	sd	ra, 0*8(sp)
	sd	gp, 2*8(sp)
	sd	tp, 3*8(sp)
	sd	t0, 4*8(sp)
	sd	t1, 5*8(sp)
	sd	t2, 6*8(sp)
	sd	s0, 7*8(sp)
	sd	s1, 8*8(sp)
	sd	a0, 9*8(sp)
	sd	a1, 10*8(sp)
	sd	a2, 11*8(sp)
	sd	a3, 12*8(sp)
	sd	a4, 13*8(sp)
	sd	a5, 14*8(sp)
	sd	a6, 15*8(sp)
	sd	a7, 16*8(sp)
	sd	s2, 17*8(sp)
	sd	s3, 18*8(sp)
	sd	s4, 19*8(sp)
	sd	s5, 20*8(sp)
	sd	s6, 21*8(sp)
	sd	s7, 22*8(sp)
	sd	s8, 23*8(sp)
	sd	s9, 24*8(sp)
	sd	s10, 25*8(sp)
	sd	s11, 26*8(sp)
	sd	t3, 27*8(sp)
	sd	t4, 28*8(sp)
	sd	t5, 29*8(sp)
	sd	t6, 30*8(sp)
	csrr	t0, CSR_MSCRATCH	/* the interrupted sp */
	sd	t0, 1*8(sp)
	addi	t0, sp, MSTUB_REGS_SIZE
	csrw	CSR_MSCRATCH, t0

	mv	a0, sp
	call	mstub_trap

	ld	ra, 0*8(sp)
	ld	gp, 2*8(sp)
	ld	tp, 3*8(sp)
	ld	t0, 4*8(sp)
	ld	t1, 5*8(sp)
	ld	t2, 6*8(sp)
	ld	s0, 7*8(sp)
	ld	s1, 8*8(sp)
	ld	a0, 9*8(sp)
	ld	a1, 10*8(sp)
	ld	a2, 11*8(sp)
	ld	a3, 12*8(sp)
	ld	a4, 13*8(sp)
	ld	a5, 14*8(sp)
	ld	a6, 15*8(sp)
	ld	a7, 16*8(sp)
	ld	s2, 17*8(sp)
	ld	s3, 18*8(sp)
	ld	s4, 19*8(sp)
	ld	s5, 20*8(sp)
	ld	s6, 21*8(sp)
	ld	s7, 22*8(sp)
	ld	s8, 23*8(sp)
	ld	s9, 24*8(sp)
	ld	s10, 25*8(sp)
	ld	s11, 26*8(sp)
	ld	t3, 27*8(sp)
	ld	t4, 28*8(sp)
	ld	t5, 29*8(sp)
	ld	t6, 30*8(sp)
	ld	sp, 1*8(sp)
	mret

	.data
	.balign 4
mstub_boot_lottery:
	.word	0
	.globl mstub_bss_ready
mstub_bss_ready:
	.word	0

	.bss
	.balign 16
	.globl mstub_stacks
mstub_stacks:
	.space	MSTUB_STACK_SIZE * CONFIG_NR_CPUS

/*
 * unsigned long mstub_try_enable_stce(void): set menvcfg.STCE and disarm
 * stimecmp; return 1 if both worked, 0 if either CSR trapped (no Sstc, or a
 * pre-1.12 hart without menvcfg). STCE's read-back alone is not proof: QEMU
 * 7.2 lets it be written on harts without Sstc. A private trap vector skips
 * the faulting instruction.
 */
	.text
	.globl mstub_try_enable_stce
mstub_try_enable_stce:
	csrr	t1, CSR_MTVEC
	la	t0, .Lprobe_trap
	csrw	CSR_MTVEC, t0
	li	a0, ENVCFG_STCE
	csrs	CSR_MENVCFG, a0
	li	a0, -1
	csrw	CSR_STIMECMP, a0
	li	a0, 1
	j	.Lprobe_done
	.balign 4
.Lprobe_trap:
	li	a0, ENVCFG_STCE
	csrc	CSR_MENVCFG, a0
	li	a0, 0
.Lprobe_done:
	csrw	CSR_MTVEC, t1
	ret

/*
 * unsigned long mstub_probe_hpm(void): a bit n set for each mhpmcounter<n>
 * (3..31) the hart implements; the others trap, and the private trap vector
 * steps over them with the bit cleared.
 */
	.text
	.globl mstub_probe_hpm
mstub_probe_hpm:
	csrr	t1, CSR_MTVEC
	la	t0, .Lhpm_trap
	csrw	CSR_MTVEC, t0
	li	a0, 0
	.irp	n, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, \
		24, 25, 26, 27, 28, 29, 30, 31
	li	t2, 1
	csrr	t3, CSR_MHPMCOUNTER3 + \n - 3
	slli	t2, t2, \n
	or	a0, a0, t2
	.endr
	csrw	CSR_MTVEC, t1
	ret
	.balign 4
.Lhpm_trap:
	li	t2, 0
	csrr	t3, CSR_MEPC
	addi	t3, t3, 4
	csrw	CSR_MEPC, t3
	mret
