// SPDX-License-Identifier: GPL-2.0
/*
 * illegal: instructions an S-mode guest may not execute (M-mode and H-mode
 * CSRs and instructions, unimplemented CSRs, reserved encodings) must raise
 * an illegal-instruction exception (scause 2) at the instruction, with the
 * instruction bits in stval on QEMU; breakpoints raise scause 3.
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

/* Execute `insn` once at a label with the trap handler armed; print the trap. */
#define TRY(what, insn)                                                                 \
	do {                                                                            \
		unsigned long __l;                                                      \
		trap_expect();                                                          \
		asm volatile("lla %0, 1f\n1: " insn "\n" : "=&r"(__l)::"t0", "memory"); \
		trap_unexpect();                                                        \
		print_trap(what, __l);                                                  \
		CHECK(trap_count >= 1);                                                 \
		CHECK(last_trap.epc == __l);                                            \
	} while (0)

/* The same, for two illegal 16-bit parcels in a row. */
#define TRY2(what, insn)                                                                \
	do {                                                                            \
		unsigned long __l;                                                      \
		trap_expect();                                                          \
		asm volatile("lla %0, 1f\n1: " insn "\n" : "=&r"(__l)::"t0", "memory"); \
		trap_unexpect();                                                        \
		print_trap(what, __l);                                                  \
		CHECK(trap_count == 2);                                                 \
		CHECK(last_trap.epc == __l + 2);                                        \
	} while (0)

static void m_mode(void)
{
	TRY("csrr mstatus", "csrr t0, mstatus");
	TRY("csrw mstatus", "csrw mstatus, zero");
	TRY("csrr misa", "csrr t0, misa");
	TRY("csrr mhartid", "csrr t0, mhartid");
	TRY("csrw mhartid", "csrw mhartid, t0");
	TRY("csrr medeleg", "csrr t0, medeleg");
	TRY("csrs medeleg", "csrs medeleg, t0");
	TRY("csrr mtvec", "csrr t0, mtvec");
	TRY("csrw mtvec", "csrw mtvec, zero");
	TRY("csrr mip", "csrr t0, mip");
	TRY("csrr mscratch", "csrr t0, mscratch");
	TRY("csrr pmpcfg0", "csrr t0, pmpcfg0");
	TRY("csrr mcycle", "csrr t0, mcycle");
	TRY("mret", "mret");
	CHECK(last_trap.cause == EXC_INST_ILLEGAL);
}

static void h_mode(void)
{
	TRY("csrr hstatus", "csrr t0, 0x600");
	TRY("csrw hstatus", "csrw 0x600, zero");
	TRY("csrr hgatp", "csrr t0, 0x680");
	TRY("csrr vsstatus", "csrr t0, 0x200");
	TRY("csrw vsatp", "csrw 0x280, zero");
	TRY("hfence.vvma", ".4byte 0x22000073");
	TRY("hfence.gvma", ".4byte 0x62000073");
	TRY("hlv.w", ".4byte 0x68004073");
	TRY("hsv.w", ".4byte 0x6a004073");
}

static void other_csrs(void)
{
	TRY("csrr 0x5c0 custom", "csrr t0, 0x5c0");
	TRY("csrr 0x9c0 custom", "csrr t0, 0x9c0");
	TRY("csrr vl", "csrr t0, 0xc20");
	TRY("csrr seed", "csrrw t0, 0x015, zero");
	TRY("csrr hpmcounter3h (rv32 only)", "csrr t0, 0xc83");
	TRY("csrr 0x1ff", "csrr t0, 0x1ff");
	TRY("csrr 0x7ff", "csrr t0, 0x7ff");
	TRY("csrr dcsr", "csrr t0, 0x7b0");
	TRY("csrr tselect", "csrr t0, 0x7a0");
}

static void encodings(void)
{
	TRY("all-zero 16-bit", ".2byte 0x0000");
	TRY2("all-zero 32-bit (two 16-bit traps)", ".4byte 0x00000000");
	TRY("all-ones 32-bit", ".4byte 0xffffffff");
	TRY("custom-0 opcode", ".4byte 0x0000000b");
	TRY("custom-3 opcode", ".4byte 0x0000707b");
	TRY("OP-V (no V)", ".4byte 0x02000057");
	TRY("c.addi16sp imm=0", ".2byte 0x6101");
	TRY("c.lui x1,0", ".2byte 0x6081");
	TRY("c.jr x0", ".2byte 0x8002");
	TRY("sret rs1!=0 (reserved)", ".4byte 0x10228073");
	TRY("wfi rd!=0 (reserved)", ".4byte 0x105002f3");
	TRY("ebreak", "ebreak");
	TRY("c.ebreak", "c.ebreak");
}

/*
 * With a vectored stvec, exceptions still enter at the base (slot 0). Only
 * exceptions that medeleg hands to S directly are tried: OpenSBI 1.1 redirects
 * the others (illegal instruction, access faults) to the raw stvec value,
 * mode bits included, and loops on the odd address natively.
 */
static void vectored(void)
{
	csr_write(stvec, (unsigned long)trap_vector_table | TVEC_MODE_VECTORED);
	TRY("vectored stvec: ebreak", "ebreak");
	printf("  slot=%ld\n", last_trap.vector);
	CHECK(last_trap.vector == 0);
	TRY("vectored stvec: c.ebreak", "c.ebreak");
	printf("  slot=%ld\n", last_trap.vector);
	csr_write(stvec, (unsigned long)trap_entry);
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	(void)hartid;
	(void)dtb;
	m_mode();
	h_mode();
	other_csrs();
	encodings();
	vectored();
}
