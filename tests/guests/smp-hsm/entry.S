/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hsm_entry: where smp-hsm starts (hart_start) and resumes (non-retentive
 * hart_suspend) its secondary harts. It notes the registers the SBI promises
 * before any C code can change them (a0 = hartid, a1 = opaque, satp, sstatus)
 * in hsm_rec[hartid], then goes on to secondary_entry with
 * a1 = hsm_boot[hartid], the hart's struct secondary_boot.
 */
	.option norelax
	.text
	.globl hsm_entry
hsm_entry:
	andi	t2, a0, 7		/* never write outside the tables */
	la	t0, hsm_rec
	slli	t1, t2, 5		/* 4 dwords per hart */
	add	t0, t0, t1
	sd	a0, 0(t0)
	sd	a1, 8(t0)
	csrr	t1, satp
	sd	t1, 16(t0)
	csrr	t1, sstatus
	sd	t1, 24(t0)
	fence	rw, rw
	la	t0, hsm_boot
	slli	t1, t2, 3
	add	t0, t0, t1
	ld	a1, 0(t0)
	j	secondary_entry
