// SPDX-License-Identifier: GPL-2.0
/* Traps taken while SVPN itself runs: always a bug, so report and stop. */
#include <asm/csr.h>
#include <asm/ptrace.h>
#include <stdbool.h>
#include <svpn/panic.h>
#include <svpn/printk.h>

static const char *const exc_names[EXC_MAX] = {
	[EXC_INST_MISALIGNED] = "instruction address misaligned",
	[EXC_INST_ACCESS] = "instruction access fault",
	[EXC_INST_ILLEGAL] = "illegal instruction",
	[EXC_BREAKPOINT] = "breakpoint",
	[EXC_LOAD_MISALIGNED] = "load address misaligned",
	[EXC_LOAD_ACCESS] = "load access fault",
	[EXC_STORE_MISALIGNED] = "store address misaligned",
	[EXC_STORE_ACCESS] = "store access fault",
	[EXC_ECALL_U] = "environment call from U-mode",
	[EXC_ECALL_S] = "environment call from S-mode",
	[EXC_INST_PAGE_FAULT] = "instruction page fault",
	[EXC_LOAD_PAGE_FAULT] = "load page fault",
	[EXC_STORE_PAGE_FAULT] = "store page fault",
};

const char *trap_cause_name(unsigned long cause)
{
	if (cause & CAUSE_IRQ_FLAG)
		return "interrupt";
	if (cause < EXC_MAX && exc_names[cause])
		return exc_names[cause];
	return "reserved";
}

static const char *const gpr_names[PT_NR_GPRS] = {
	"zero", "ra", "sp", "gp", "tp",	 "t0",	"t1", "t2", "s0", "s1", "a0",
	"a1",	"a2", "a3", "a4", "a5",	 "a6",	"a7", "s2", "s3", "s4", "s5",
	"s6",	"s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

void show_regs(const struct pt_regs *regs)
{
	int i;

	printk(" sepc: %016lx sstatus: %016lx\n", regs->sepc, regs->sstatus);
	printk(" scause: %016lx stval: %016lx\n", regs->scause, regs->stval);
	for (i = 1; i < PT_NR_GPRS; i++)
		printk(" %4s: %016lx%s", gpr_names[i], regs->gpr[i], i % 3 == 0 ? "\n" : "");
	printk("\n");
}

/*
 * SVPN runs with interrupts off, so a trap of its own is a bug: show where
 * it was, then panic. The registers are printed here, with the trap code
 * that saved them, so that lib/panic.c needs to know nothing of traps.
 */
void __noreturn do_hyp_trap(struct pt_regs *regs)
{
	printk("\nsvpn: trap in SVPN itself, registers at the trap:\n");
	show_regs(regs);
	panic("unexpected trap in SVPN: %s (scause %#lx) at pc %#lx, stval %#lx",
	      trap_cause_name(regs->scause), regs->scause, regs->sepc, regs->stval);
}
