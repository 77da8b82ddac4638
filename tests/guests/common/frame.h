/* SPDX-License-Identifier: GPL-2.0 */
/* Trap frame layout shared by start.S and the C trap handler. */
#ifndef GUEST_FRAME_H
#define GUEST_FRAME_H

#define FRAME_X(n)   ((n)*8) /* x1..x31; slot 0 is unused, slot 2 is the trapped sp */
#define FRAME_EPC    (32 * 8)
#define FRAME_STATUS (33 * 8)
#define FRAME_CAUSE  (34 * 8)
#define FRAME_TVAL   (35 * 8)
#define FRAME_VECTOR (36 * 8) /* -1: direct stvec entry, else vectored slot */
#define FRAME_SIZE   (38 * 8) /* 16-byte aligned */

/* a7 of an ecall from guest-U that returns to enter_user()'s caller. */
#define UEXIT_MAGIC 0x5e5e

#ifndef __ASSEMBLER__
struct trap_frame {
	unsigned long x[32];
	unsigned long epc;
	unsigned long status;
	unsigned long cause;
	unsigned long tval;
	long vector;
	unsigned long pad;
};
_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "trap frame layout");
#endif
#endif
