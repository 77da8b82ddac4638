/* SPDX-License-Identifier: GPL-2.0 */
/* Registers saved on a trap into SVPN (layout shared with entry.S). */
#ifndef _ASM_RISCV_PTRACE_H
#define _ASM_RISCV_PTRACE_H

#define PT_NR_GPRS 32
/* Offsets in bytes, for entry.S */
#define PT_GPR(n)  ((n)*8)
#define PT_SEPC	   (32 * 8)
#define PT_SSTATUS (33 * 8)
#define PT_SCAUSE  (34 * 8)
#define PT_STVAL   (35 * 8)
#define PT_SIZE	   (36 * 8)

#ifndef __ASSEMBLY__
/* gpr[0] is unused (x0); gpr[n] is xn. */
struct pt_regs {
	unsigned long gpr[PT_NR_GPRS];
	unsigned long sepc;
	unsigned long sstatus;
	unsigned long scause;
	unsigned long stval;
};

_Static_assert(sizeof(struct pt_regs) == PT_SIZE, "pt_regs layout");

void show_regs(const struct pt_regs *regs);
#endif

#endif /* _ASM_RISCV_PTRACE_H */
