/* SPDX-License-Identifier: GPL-2.0 */
/* U-mode code for the umode guest. Each routine's interesting instruction is at <name>_at. */
#include "frame.h"

	.option norelax
	.text

.macro UEXIT
	li	a7, UEXIT_MAGIC
	ecall
.endm

.macro UFUNC name
	.balign 4
	.globl \name, \name\()_at
\name:
.endm

UFUNC u_nop			/* returns a0 + 1: checks the U round trip */
u_nop_at:
	addi	a0, a0, 1
	UEXIT

UFUNC u_ecall
	li	a7, 0x10
	li	a6, 0x3
u_ecall_at:
	ecall			/* scause 8: the S handler skips it */
	mv	a0, a7
	UEXIT

UFUNC u_csrr_sstatus
u_csrr_sstatus_at:
	csrr	a0, sstatus
	UEXIT

UFUNC u_csrw_sie
u_csrw_sie_at:
	csrw	sie, a0
	UEXIT

UFUNC u_sret
u_sret_at:
	sret
	UEXIT

UFUNC u_mret
u_mret_at:
	mret
	UEXIT

UFUNC u_wfi
u_wfi_at:
	wfi
	UEXIT

UFUNC u_sfence
u_sfence_at:
	sfence.vma
	UEXIT

UFUNC u_ebreak
u_ebreak_at:
	ebreak
	UEXIT

UFUNC u_rdtime			/* a0 = 1 if time read without trap */
	li	a0, 0
u_rdtime_at:
	rdtime	t0
	li	a0, 1
	UEXIT

UFUNC u_rdcycle
	li	a0, 0
u_rdcycle_at:
	rdcycle	t0
	li	a0, 1
	UEXIT

UFUNC u_rdinstret
	li	a0, 0
u_rdinstret_at:
	rdinstret t0
	li	a0, 1
	UEXIT

UFUNC u_load			/* a0 = address; returns the loaded value (or a0 unchanged) */
	mv	t0, a0
u_load_at:
	ld	a0, 0(t0)
	UEXIT

UFUNC u_store			/* a0 = address */
u_store_at:
	sd	a0, 0(a0)
	UEXIT

UFUNC u_jump			/* a0 = target: jalr there, the handler resumes at ra */
u_jump_at:
	jalr	ra, 0(a0)
	UEXIT

UFUNC u_misaligned		/* a0 = address, loads 8 bytes from a0 + 1 */
u_misaligned_at:
	ld	a0, 1(a0)
	UEXIT
