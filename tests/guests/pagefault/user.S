/* SPDX-License-Identifier: GPL-2.0 */
/* U-mode helpers for the pagefault guest; run through a U alias of the image. */
#include "frame.h"

	.option norelax
	.text
	.balign 4
	.globl pf_u_load, pf_u_store, pf_u_jump
pf_u_load:			/* a0 = address; returns the loaded value (or a0) */
	mv	t0, a0
	ld	a0, 0(t0)
	li	a7, UEXIT_MAGIC
	ecall
pf_u_store:			/* a0 = address */
	sd	a0, 0(a0)
	li	a7, UEXIT_MAGIC
	ecall
pf_u_jump:			/* a0 = target; a fetch fault resumes at ra */
	jalr	ra, 0(a0)
	li	a7, UEXIT_MAGIC
	ecall
