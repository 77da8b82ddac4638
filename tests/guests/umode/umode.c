// SPDX-License-Identifier: GPL-2.0
/*
 * umode: sret to U-mode (SPP=0) and traps from U back to S: ecall (scause 8),
 * privileged instructions (scause 2), access faults on unmapped addresses
 * (satp = 0), counters gated by scounteren, an interrupt pending at U entry;
 * SPP/SPIE/SIE as seen in sstatus at each trap and after the return to S.
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

#define U(name)                 \
	extern void name(long); \
	extern char name##_at[]
U(u_nop);
U(u_ecall);
U(u_csrr_sstatus);
U(u_csrw_sie);
U(u_sret);
U(u_mret);
U(u_wfi);
U(u_sfence);
U(u_ebreak);
U(u_rdtime);
U(u_rdcycle);
U(u_rdinstret);
U(u_load);
U(u_store);
U(u_jump);
U(u_misaligned);

static u64 user_stack[512] __attribute__((aligned(16)));
#define USER_SP ((unsigned long)&user_stack[ARRAY_SIZE(user_stack)])

#define USER_FAULT_PC ((char *)1) /* print sepc as an address */

static void print_status_bits(const char *what, unsigned long st)
{
	printf("%s: SPP=%lu SPIE=%lu SIE=%lu\n", what, (st & SR_SPP) >> 8, (st & SR_SPIE) >> 5,
	       (st & SR_SIE) >> 1);
}

/* Run fn(arg) in U with the trap handler armed; print the trap and sstatus at the trap. */
static long run_user(const char *what, void (*fn)(long), char *at, long arg)
{
	long ret;

	trap_expect();
	ret = enter_user(fn, USER_SP, arg);
	trap_unexpect();
	print_trap(what, at == USER_FAULT_PC ? 0 : (unsigned long)at);
	if (trap_count) {
		print_status_bits("  sstatus at trap", last_trap.status);
		CHECK(!(last_trap.status & SR_SPP));
		CHECK(!(last_trap.status & SR_SIE));
	}
	return ret;
}

/* An instruction fetch fault has nothing to skip: resume at ra (u_jump's jalr). */
static int fetch_fault_hook(struct trap_frame *f)
{
	if (f->cause != EXC_INST_ACCESS && f->cause != EXC_INST_PAGE_FAULT &&
	    f->cause != EXC_INST_MISALIGNED)
		return 0;
	last_trap.cause = f->cause;
	last_trap.epc = f->epc;
	last_trap.tval = f->tval;
	last_trap.status = f->status;
	trap_count++;
	f->epc = f->x[1];
	return 1;
}

static void round_trip(void)
{
	long r;

	csr_set(sstatus, SR_SPIE);
	r = run_user("u nop", u_nop, u_nop_at, 41);
	printf("u nop returned %ld\n", r);
	CHECK(r == 42);
	/* back in S through sret with SPP=1: SPP is U afterwards, SPIE=1 */
	print_status_bits("after return to S", csr_read(sstatus));
	CHECK(!(csr_read(sstatus) & (SR_SIE | SR_SPP)));

	csr_set(sstatus, SR_SPIE);
	r = run_user("u ecall (SPIE=1 before sret)", u_ecall, u_ecall_at, 0);
	CHECK(last_trap.cause == EXC_ECALL_U && last_trap.tval == 0);
	CHECK(last_trap.status & SR_SPIE);
	printf("u ecall a7 preserved %s\n", yesno(r == 0x10));
	csr_clear(sstatus, SR_SPIE);
	run_user("u ecall (SPIE=0 before sret)", u_ecall, u_ecall_at, 0);
	CHECK(!(last_trap.status & SR_SPIE));
}

static void privileged(void)
{
	long r;

	r = run_user("u csrr sstatus", u_csrr_sstatus, u_csrr_sstatus_at, 0x55);
	CHECK(last_trap.cause == EXC_INST_ILLEGAL && r == 0x55);
	run_user("u csrw sie", u_csrw_sie, u_csrw_sie_at, -1L);
	printf("sie after u csrw: %lx\n", csr_read(sie));
	CHECK(csr_read(sie) == 0);
	run_user("u sret", u_sret, u_sret_at, 0);
	CHECK(last_trap.cause == EXC_INST_ILLEGAL);
	run_user("u mret", u_mret, u_mret_at, 0);
	run_user("u wfi", u_wfi, u_wfi_at, 0);
	run_user("u sfence.vma", u_sfence, u_sfence_at, 0);
	run_user("u ebreak", u_ebreak, u_ebreak_at, 0);
	CHECK(last_trap.cause == EXC_BREAKPOINT);
}

static void counters(void)
{
	unsigned long saved = csr_read(scounteren);
	long r;
	int ok;

	csr_write(scounteren, 0);
	/*
	 * rdtime with scounteren.TM=0 must raise an illegal instruction, but natively
	 * OpenSBI (which gets that trap: mideleg does not delegate it) emulates every
	 * time read without checking scounteren, so U reads time anyway. Either is fine.
	 */
	trap_expect();
	r = enter_user(u_rdtime, USER_SP, 0);
	trap_unexpect();
	ok = r == 1 &&
	     (trap_count == 0 || (trap_count == 1 && last_trap.cause == EXC_INST_ILLEGAL &&
				  last_trap.epc == (unsigned long)u_rdtime_at &&
				  last_trap.tval == *(u32 *)u_rdtime_at));
	printf("u rdtime scounteren=0 completes-or-traps-illegal %s\n", yesno(ok));
	if (!ok) /* details only when it differs */
		print_trap("  u rdtime scounteren=0", (unsigned long)u_rdtime_at);
	run_user("u rdcycle scounteren=0", u_rdcycle, u_rdcycle_at, 0);
	run_user("u rdinstret scounteren=0", u_rdinstret, u_rdinstret_at, 0);
	csr_write(scounteren, 7);
	r = run_user("u rdtime scounteren=7", u_rdtime, u_rdtime_at, 0);
	printf("u rdtime completed %s\n", yesno(r == 1));
	r = run_user("u rdcycle scounteren=7", u_rdcycle, u_rdcycle_at, 0);
	printf("u rdcycle completed %s\n", yesno(r == 1));
	r = run_user("u rdinstret scounteren=7", u_rdinstret, u_rdinstret_at, 0);
	printf("u rdinstret completed %s\n", yesno(r == 1));
	csr_write(scounteren, 2);
	r = run_user("u rdtime scounteren=2 (TM only)", u_rdtime, u_rdtime_at, 0);
	CHECK(r == 1);
	run_user("u rdcycle scounteren=2 (TM only)", u_rdcycle, u_rdcycle_at, 0);
	CHECK(trap_count == 1 && last_trap.cause == EXC_INST_ILLEGAL);
	csr_write(scounteren, 5);
	r = run_user("u rdinstret scounteren=5 (CY, IR)", u_rdinstret, u_rdinstret_at, 0);
	CHECK(r == 1);
	csr_write(scounteren, saved);
}

static u64 pattern[2] = { 0x0706050403020100UL, 0x0f0e0d0c0b0a0908UL };

static void faults(void)
{
	long r;

	r = run_user("u load 0x0", u_load, u_load_at, 0);
	printf("  load 0x0 left a0=%lx\n", r);
	CHECK(last_trap.cause == EXC_LOAD_ACCESS && last_trap.tval == 0 && r == 0);
	run_user("u store 0x0", u_store, u_store_at, 0);
	CHECK(last_trap.cause == EXC_STORE_ACCESS && last_trap.tval == 0);
	/*
	 * Nothing lives at 4 GiB on QEMU virt with 512 MiB, nor in a guest's physical map.
	 * (0x1000 is QEMU's boot ROM, and 0x80000000 is OpenSBI's PMP-protected region
	 * natively but guest RAM under SVPN: neither is usable here.)
	 */
	run_user("u load 4G", u_load, u_load_at, 0x100000000L);
	CHECK(last_trap.cause == EXC_LOAD_ACCESS && last_trap.tval == 0x100000000UL);
	run_user("u store 4G+8", u_store, u_store_at, 0x100000008L);
	CHECK(last_trap.cause == EXC_STORE_ACCESS && last_trap.tval == 0x100000008UL);
	trap_hook = fetch_fault_hook;
	run_user("u jump 0x0", u_jump, USER_FAULT_PC, 0);
	CHECK(last_trap.cause == EXC_INST_ACCESS && last_trap.epc == 0);
	run_user("u jump 4G", u_jump, USER_FAULT_PC, 0x100000000L);
	CHECK(last_trap.cause == EXC_INST_ACCESS && last_trap.epc == 0x100000000UL);
	trap_hook = 0;
	r = run_user("u misaligned load", u_misaligned, u_misaligned_at, (long)pattern);
	printf("  misaligned load value %lx\n", r);
	CHECK(r == 0x0807060504030201L);
	r = run_user("u load own data", u_load, u_load_at, (long)pattern);
	printf("  load value %lx\n", r);
}

/* An S interrupt that is pending and enabled in sie is taken in U even with SIE=0. */
static void irq_at_entry(void)
{
	unsigned long st;

	csr_clear(sstatus, SR_SPIE);
	csr_write(sie, SIE_SSIE);
	csr_set(sip, SIP_SSIP);
	irq_count = 0;
	run_user("u entry with SSIP pending", u_nop, u_nop_at, 0);
	st = last_trap.status;
	printf("  irqs=%lu vector=%ld\n", irq_count, last_trap.vector);
	CHECK(irq_count == 1);
	CHECK(last_trap.cause == (CAUSE_IRQ_FLAG | IRQ_S_SOFT));
	CHECK(!(st & SR_SPP));
	printf("  sip after %lx\n", csr_read(sip) & SIP_SSIP);
	csr_write(sie, 0);
	/* the same, not taken in S with SIE=0 */
	csr_set(sip, SIP_SSIP);
	csr_write(sie, SIE_SSIE);
	for (volatile int i = 0; i < 100; i++)
		;
	printf("  pending in S with SIE=0 taken %s\n", yesno(irq_count != 1));
	CHECK(irq_count == 1);
	csr_write(sie, 0);
	csr_clear(sip, SIP_SSIP);
}

/* Vectored stvec: exceptions from U at the base (slot 0), interrupts at slot n. */
static void vectored(void)
{
	csr_write(stvec, (unsigned long)trap_vector_table | TVEC_MODE_VECTORED);
	run_user("u ecall, vectored stvec", u_ecall, u_ecall_at, 0);
	printf("  slot=%ld\n", last_trap.vector);
	CHECK(last_trap.vector == 0);
	csr_clear(sstatus, SR_SPIE);
	csr_write(sie, SIE_SSIE);
	csr_set(sip, SIP_SSIP);
	run_user("u entry with SSIP pending, vectored stvec", u_nop, u_nop_at, 0);
	printf("  slot=%ld\n", last_trap.vector);
	CHECK(last_trap.vector == IRQ_S_SOFT);
	csr_write(sie, 0);
	csr_write(stvec, (unsigned long)trap_entry);
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	(void)hartid;
	(void)dtb;
	round_trip();
	privileged();
	counters();
	faults();
	irq_at_entry();
	vectored();
}
