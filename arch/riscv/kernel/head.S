/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SVPN's S-mode entry. The stub mrets here at our *physical* load address
 * with satp = 0, a0 = hartid, a1 = DTB (boot hart) or per-hart data
 * (secondaries). Until paging is on, only pc-relative addressing works.
 */
#include <asm/csr.h>
#include <asm/memory.h>
#include <asm/hart.h>
#include <asm/page.h>

	.section .text.head, "ax"
	.globl _start
_start:
	j	.Lboot_hart
	.globl _start_secondary
_start_secondary:
	j	.Lsecondary_hart

.Lboot_hart:
	csrw	CSR_SIE, zero
	csrw	CSR_SSCRATCH, zero
	mv	s0, a0
	mv	s1, a1

	/* Clear .bss (physical addresses: pc-relative). */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	/*
	 * Early page table: the linear map (PAGE_OFFSET + pa, gigapages) and an
	 * identity gigapage of the RAM we run from, dropped once we run high.
	 */
	la	a2, boot_pgd
	li	t0, 0
	li	t3, LINEAR_MAP_GIGAPAGES
	li	t4, PAGE_HYP_RWX
3:	slli	t1, t0, 30 - PAGE_SHIFT + _PAGE_PFN_SHIFT
	or	t1, t1, t4
	addi	t2, t0, PGD_SLOT_LINEAR
	slli	t2, t2, 3
	add	t2, t2, a2
	sd	t1, 0(t2)
	addi	t0, t0, 1
	blt	t0, t3, 3b
	li	t1, (RAM_BASE >> PAGE_SHIFT) << _PAGE_PFN_SHIFT
	or	t1, t1, t4
	sd	t1, (RAM_BASE >> 30) * 8(a2)

	call	.Lenable_paging

	/* Now at our link address: stack, tp = per-hart data, C. */
	la	sp, boot_stack + HART_STACK_SIZE
	mv	a0, s0
	mv	a1, s1
	call	start_svpn
4:	wfi
	j	4b

/* a1 = physical address of this hart's struct hart (from hart_start's opaque). */
.Lsecondary_hart:
	csrw	CSR_SIE, zero
	csrw	CSR_SSCRATCH, zero
	mv	s0, a0
	mv	s1, a1
	la	a2, boot_pgd
	call	.Lenable_paging
	li	t0, PAGE_OFFSET
	add	a1, s1, t0
	ld	sp, HART_STACK_TOP_OFFSET(a1)
	mv	tp, a1
	mv	a0, s0
	call	start_svpn_secondary
5:	wfi
	j	5b

/*
 * Turn on Sv39 with the page table at physical a2 and return to the caller's
 * *virtual* address. The boot hart still has an identity map of its RAM;
 * secondaries start after it is gone, so the fetch after the satp write
 * faults, and stvec, set to the virtual address of that very instruction,
 * carries on there.
 */
.Lenable_paging:
	li	t1, PAGE_OFFSET
	add	ra, ra, t1
	la	t0, .Lpaging_on
	add	t0, t0, t1
	csrw	CSR_STVEC, t0
	srli	t0, a2, PAGE_SHIFT
	li	t1, SATP_MODE_39
	or	t0, t0, t1
	sfence.vma
	csrw	CSR_SATP, t0
	.balign	4
.Lpaging_on:
	sfence.vma
	ret

	.bss
	.balign	PAGE_SIZE
	.globl boot_pgd
boot_pgd:
	.space	PAGE_SIZE
	.balign	16
	.globl boot_stack
boot_stack:
	.space	HART_STACK_SIZE
