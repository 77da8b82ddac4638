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
#include <asm/insn.h>
#include <asm/ptrace.h>
#include <svpn/vcpu_offsets.h>

#define FAST_T1		(HART_FAST_OFFSET + 0)
#define FAST_T2		(HART_FAST_OFFSET + 8)
#define FAST_T3		(HART_FAST_OFFSET + 16)
#define FAST_INSN	(HART_FAST_OFFSET + 24)
#define VPRIV_S		1

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
	call	do_hyp_trap		/* panics: does not return */

.Lfrom_guest:
	sd	t0, HART_SCRATCH_OFFSET(tp)
#ifdef CONFIG_FAST_SSTATUS
	j	.Lfast_sstatus
.Lslow_path:
#endif
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

#ifdef CONFIG_FAST_SSTATUS
/*
 * The CSR fast path. Linux saves, clears and restores sstatus.SIE around
 * every spinlock and irq-off section, and swaps sscratch on every trap
 * entry and exit; each is an illegal-instruction trap. Emulated here, from
 * guest-S, with only t0-t3 spilled and no C:
 *  - CSRRS/CSRRC(I) on sstatus whose source holds no bit but SIE, unless
 *    setting SIE makes an interrupt deliverable;
 *  - any CSR instruction on sscratch (a plain register).
 * Anything else goes back to the full path with the vCPU untouched.
 *
 * Registers: t2 = vcpu; t3 = source, then new value; t0/t1 scratch.
 */
.Lfast_sstatus:
	sd	t1, FAST_T1(tp)
	sd	t2, FAST_T2(tp)
	sd	t3, FAST_T3(tp)
	csrr	t0, CSR_SCAUSE
	li	t1, EXC_INST_ILLEGAL
	bne	t0, t1, .Lfast_out
	csrr	t0, CSR_STVAL
	sd	t0, FAST_INSN(tp)
	andi	t1, t0, INSN_OPCODE_MASK
	li	t2, INSN_OPCODE_SYSTEM
	bne	t1, t2, .Lfast_out
	srli	t1, t0, 12
	andi	t1, t1, 3			/* funct3 & 3: 0 is no CSR access */
	beqz	t1, .Lfast_out
	ld	t2, HART_VCPU_OFFSET(tp)
	lw	t1, VCPU_PRIV(t2)
	addi	t1, t1, -VPRIV_S
	bnez	t1, .Lfast_out
	/* the source: uimm, or rs1's value */
	srli	t1, t0, 15
	andi	t1, t1, 0x1f
	srli	t0, t0, 12
	andi	t0, t0, SYSTEM_F3_CSR_IMM
	mv	t3, t1				/* uimm, or 0 for x0 */
	bnez	t0, 1f
	beqz	t1, 1f
	la	t0, .Lfast_read_table
	slli	t1, t1, 3
	add	t0, t0, t1
	jalr	t0, 0(t0)			/* t3 = x[rs1] */
1:	ld	t0, FAST_INSN(tp)
	srli	t1, t0, 20			/* the CSR number */
	li	t0, CSR_SSCRATCH
	beq	t1, t0, .Lfast_sscratch
	li	t0, CSR_SSTATUS
	bne	t1, t0, .Lfast_out

	/* sstatus: CSRRS/CSRRC(I) touching only SIE */
	ld	t0, FAST_INSN(tp)
	srli	t0, t0, 12
	andi	t0, t0, 2			/* funct3 2, 3, 6, 7: set or clear */
	beqz	t0, .Lfast_out
	andi	t1, t3, ~SR_SIE
	bnez	t1, .Lfast_out			/* touches more than SIE */
	/* old value, with FS/VS made Dirty if the hardware made them so */
	ld	t1, VCPU_CSR_SSTATUS(t2)
	csrr	t0, CSR_SSTATUS
	srli	t0, t0, SR_VS_SHIFT
	andi	t0, t0, 0x33			/* VS at bits 0-1, FS at bits 4-5 */
	slli	t0, t0, SR_VS_SHIFT
	or	t1, t1, t0
	/* new value: funct3 bit 0 clears, else sets */
	ld	t0, FAST_INSN(tp)
	srli	t0, t0, 12
	andi	t0, t0, 1
	bnez	t0, 3f
	or	t3, t1, t3
	j	4f
3:	not	t3, t3
	and	t3, t1, t3
4:	/* setting SIE with an interrupt pending and enabled: full path */
	not	t0, t1
	and	t0, t0, t3
	andi	t0, t0, SR_SIE
	beqz	t0, 5f
	ld	t0, VCPU_CSR_SIP(t2)
	ld	t1, VCPU_CSR_SIE(t2)
	and	t0, t0, t1
	bnez	t0, .Lfast_out
	andi	t1, t1, SIE_STIE
	beqz	t1, 6f
	ld	t0, VCPU_CSR_STIMECMP(t2)
	csrr	t1, CSR_TIME
	bgeu	t1, t0, .Lfast_out		/* timer due (stimecmp = -1 never is) */
6:	ld	t1, VCPU_CSR_SSTATUS(t2)	/* the old value again */
	csrr	t0, CSR_SSTATUS
	srli	t0, t0, SR_VS_SHIFT
	andi	t0, t0, 0x33
	slli	t0, t0, SR_VS_SHIFT
	or	t1, t1, t0
5:	sd	t3, VCPU_CSR_SSTATUS(t2)
	/* rd = old | UXL=64 | SD when FS or VS is Dirty (as read_sstatus) */
	li	t0, SR_UXL_64
	or	t0, t1, t0
	srli	t3, t1, SR_FS_SHIFT
	andi	t3, t3, 3
	addi	t3, t3, -3
	beqz	t3, 7f
	srli	t3, t1, SR_VS_SHIFT
	andi	t3, t3, 3
	addi	t3, t3, -3
	bnez	t3, .Lfast_write_rd
7:	li	t3, 1
	slli	t3, t3, 63
	or	t0, t0, t3
	j	.Lfast_write_rd

	/* sscratch: CSRRW/S/C(I); a write unless CSRRS/C with source x0/0 */
.Lfast_sscratch:
	ld	t1, VCPU_CSR_SSCRATCH(t2)	/* old */
	ld	t0, FAST_INSN(tp)
	srli	t0, t0, 12
	andi	t0, t0, 3
	addi	t0, t0, -SYSTEM_F3_CSRRW
	beqz	t0, 8f				/* CSRRW: new = source */
	ld	t0, FAST_INSN(tp)
	srli	t0, t0, 15
	andi	t0, t0, 0x1f
	beqz	t0, 9f				/* rs1/uimm 0: no write */
	ld	t0, FAST_INSN(tp)
	srli	t0, t0, 12
	andi	t0, t0, 1			/* 1 = CSRRC(I) */
	bnez	t0, 3f
	or	t3, t1, t3
	j	8f
3:	not	t3, t3
	and	t3, t1, t3
8:	sd	t3, VCPU_CSR_SSCRATCH(t2)
9:	mv	t0, t1				/* rd = old */

	/* rd = t0; then past the instruction, counted, back to the guest */
.Lfast_write_rd:
	ld	t3, FAST_INSN(tp)
	srli	t3, t3, 7
	andi	t3, t3, 0x1f
	la	t1, .Lfast_write_table
	slli	t3, t3, 3
	add	t1, t1, t3
	jalr	t1, 0(t1)			/* x[rd] = t0 */
	csrr	t1, CSR_SEPC
	addi	t1, t1, 4
	csrw	CSR_SEPC, t1
	ld	t1, VCPU_FAST_SSTATUS(t2)
	addi	t1, t1, 1
	sd	t1, VCPU_FAST_SSTATUS(t2)
	ld	t1, FAST_T1(tp)
	ld	t2, FAST_T2(tp)
	ld	t3, FAST_T3(tp)
	ld	t0, HART_SCRATCH_OFFSET(tp)
	csrrw	tp, CSR_SSCRATCH, tp		/* the guest's tp back, sscratch = hart */
	sret

.Lfast_out:
	ld	t1, FAST_T1(tp)
	ld	t2, FAST_T2(tp)
	ld	t3, FAST_T3(tp)
	ld	t0, HART_SCRATCH_OFFSET(tp)
	j	.Lslow_path

/*
 * Fixed-size (8-byte) subroutines, one per register. Read: t3 = x<n>,
 * return through t0. Write: x<n> = t0, return through t1. tp, t0-t3 are
 * not live here: their guest values sit in sscratch and the spill slots,
 * and are read or written there.
 */
	.macro	fast_read_entry n
	.if \n == 4
	csrr	t3, CSR_SSCRATCH
	.elseif \n == 5
	ld	t3, HART_SCRATCH_OFFSET(tp)
	.elseif \n == 6
	ld	t3, FAST_T1(tp)
	.elseif \n == 7
	ld	t3, FAST_T2(tp)
	.elseif \n == 28
	ld	t3, FAST_T3(tp)
	.else
	mv	t3, x\n
	.endif
	jr	t0
	.endm

	.macro	fast_write_entry n
	.if \n == 0
	nop
	.elseif \n == 4
	csrw	CSR_SSCRATCH, t0
	.elseif \n == 5
	sd	t0, HART_SCRATCH_OFFSET(tp)
	.elseif \n == 6
	sd	t0, FAST_T1(tp)
	.elseif \n == 7
	sd	t0, FAST_T2(tp)
	.elseif \n == 28
	sd	t0, FAST_T3(tp)
	.else
	mv	x\n, t0
	.endif
	jr	t1
	.endm

	.balign	8
	.option push
	.option norvc
.Lfast_read_table:
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, \
		21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fast_read_entry \n
	.endr
.Lfast_write_table:				/* 32 * 8 bytes on: still aligned */
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, \
		21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	fast_write_entry \n
	.endr
	.option pop
#endif /* CONFIG_FAST_SSTATUS */
