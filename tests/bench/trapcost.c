// SPDX-License-Identifier: GPL-2.0
/*
 * trapcost: what one trap round trip, one shadow fill and one address-space
 * switch cost a guest, in instructions. A bare-metal S-mode guest (Linux
 * boot protocol, loaded at 0x80200000) that runs natively on OpenSBI and
 * under SVPN alike; run-trapcost.sh runs both and prints the table.
 *
 * Each measurement prints one line
 *	TRAPCOST <name> <iterations> <ops per iteration> <ticks>
 * then the guest powers off through SBI SRST. See loops.S for the method.
 */
#include <stdint.h>

typedef unsigned long ulong;

#define SR_SUM	  (1UL << 18)
#define SATP_SV39 (8UL << 60)
#define PTE_V	  0x001UL
#define PTE_R	  0x002UL
#define PTE_W	  0x004UL
#define PTE_X	  0x008UL
#define PTE_A	  0x040UL
#define PTE_D	  0x080UL
#define PAGE_SIZE 4096UL

/* Iterations of the CSR/SBI loops and of the satp loops. */
#define N_CSR	100000UL
#define N_SATP	10000UL
/* Fresh 4 KiB pages per fill test (two tests: loads, then stores). */
#define N_PAGES 512UL

/*
 * Test pages: guest-physical 0x82000000 (32 MiB into RAM, far from this
 * image, inside even a 64 MiB guest), mapped at 0x40000000 with 4 KiB
 * pages. Code, data and stack are mapped by a 1 GiB identity page.
 */
#define TEST_PA	   0x82000000UL
#define TEST_VA	   0x40000000UL
#define TEST_PAGES (2 * N_PAGES + 16)

ulong loop_empty(ulong n);
ulong loop_csrr_sstatus(ulong n);
ulong loop_csrc_sie(ulong n);
ulong loop_sum_toggle(ulong n);
ulong loop_csrrw_sscratch(ulong n);
ulong loop_csrr_sepc(ulong n);
ulong loop_sbi_call(ulong n);
ulong loop_touch_load(ulong n, ulong base, ulong stride);
ulong loop_touch_store(ulong n, ulong base, ulong stride);
ulong loop_sfence_all(ulong n);
ulong loop_satp(ulong n, ulong satp_a, ulong satp_b);
ulong loop_satp_sfence(ulong n, ulong satp_a, ulong satp_b);
ulong loop_satp_sfence_touch4(ulong n, ulong satp_a, ulong satp_b, ulong base);

static ulong root_a[512] __attribute__((aligned(4096)));
static ulong root_b[512] __attribute__((aligned(4096)));
static ulong l1[512] __attribute__((aligned(4096)));
static ulong l0[(TEST_PAGES + 511) / 512][512] __attribute__((aligned(4096)));

static long sbi_call(ulong eid, ulong fid, ulong a0, ulong a1)
{
	register ulong r0 asm("a0") = a0;
	register ulong r1 asm("a1") = a1;
	register ulong r6 asm("a6") = fid;
	register ulong r7 asm("a7") = eid;

	asm volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r6), "r"(r7) : "memory");
	return (long)r0;
}

static void putc_(char c)
{
	sbi_call(1, 0, (unsigned char)c, 0); /* legacy console putchar */
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void putu(ulong v)
{
	char buf[24];
	int i = 0;

	do
		buf[i++] = '0' + v % 10;
	while (v /= 10);
	while (i)
		putc_(buf[--i]);
}

static void __attribute__((noreturn)) power_off(void)
{
	sbi_call(0x53525354, 0, 0, 0); /* SRST: shutdown, no reason */
	sbi_call(8, 0, 0, 0);	       /* legacy shutdown */
	for (;;)
		asm volatile("wfi");
}

static void report(const char *name, ulong n, ulong ops, ulong ticks)
{
	puts_("TRAPCOST ");
	puts_(name);
	putc_(' ');
	putu(n);
	putc_(' ');
	putu(ops);
	putc_(' ');
	putu(ticks);
	putc_('\n');
}

void trapcost_trap(ulong cause, ulong epc, ulong tval)
{
	puts_("TRAPCOST-FAIL unexpected trap cause ");
	putu(cause);
	puts_(" sepc ");
	putu(epc);
	puts_(" stval ");
	putu(tval);
	putc_('\n');
	power_off();
}

static ulong pte_table(const void *t)
{
	return ((ulong)t >> 12) << 10 | PTE_V;
}

static void build_tables(void)
{
	ulong i;

	for (i = 0; i < TEST_PAGES; i++)
		l0[i / 512][i % 512] = ((TEST_PA + i * PAGE_SIZE) >> 12) << 10 | PTE_V | PTE_R |
				       PTE_W | PTE_A | PTE_D;
	for (i = 0; i < (TEST_PAGES + 511) / 512; i++)
		l1[i] = pte_table(l0[i]);
	/* The two roots map the same memory: only the address space differs. */
	root_a[1] = root_b[1] = pte_table(l1);
	root_a[2] = root_b[2] = (0x80000000UL >> 12) << 10 | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A |
				PTE_D;
}

static ulong satp_of(const ulong *root)
{
	return SATP_SV39 | (ulong)root >> 12;
}

static void csr_tests(const char *suffix_bare)
{
	/* suffix_bare: the sstatus read once more with translation off. */
	if (suffix_bare) {
		report("csrr_sstatus_bare", N_CSR, 1, loop_csrr_sstatus(N_CSR));
		return;
	}
	report("csrr_sstatus", N_CSR, 1, loop_csrr_sstatus(N_CSR));
	report("csrc_sstatus_sie", N_CSR, 1, loop_csrc_sie(N_CSR));
	report("csrs_csrc_sstatus_sum", N_CSR, 2, loop_sum_toggle(N_CSR));
	report("csrrw_sscratch", N_CSR, 1, loop_csrrw_sscratch(N_CSR));
	report("csrr_sepc", N_CSR, 1, loop_csrr_sepc(N_CSR));
	report("sbi_get_spec_version", N_CSR, 1, loop_sbi_call(N_CSR));
}

void trapcost_main(ulong hartid, ulong dtb)
{
	ulong sa, sb, load_base = TEST_VA, store_base = TEST_VA + N_PAGES * PAGE_SIZE;
	ulong touch_base = TEST_VA + 2 * N_PAGES * PAGE_SIZE;

	(void)hartid;
	(void)dtb;
	puts_("TRAPCOST start\n");
	/* Each loop runs once untimed first: its code is then translated and mapped. */
	loop_empty(100);
	report("empty", N_CSR, 1, loop_empty(N_CSR));
	loop_csrr_sstatus(100);
	csr_tests("bare");

	build_tables();
	sa = satp_of(root_a);
	sb = satp_of(root_b);
	asm volatile("csrw satp, %0; sfence.vma" : : "r"(sa) : "memory");
	loop_empty(100);
	report("empty_sv39", N_CSR, 1, loop_empty(N_CSR));
	csr_tests(0);

	/* First touch of fresh pages (a shadow fill each under SVPN), then again. */
	report("touch_load_first", N_PAGES, 1, loop_touch_load(N_PAGES, load_base, PAGE_SIZE));
	report("touch_load_again", N_PAGES, 1, loop_touch_load(N_PAGES, load_base, PAGE_SIZE));
	report("touch_store_first", N_PAGES, 1, loop_touch_store(N_PAGES, store_base, PAGE_SIZE));
	report("touch_store_again", N_PAGES, 1, loop_touch_store(N_PAGES, store_base, PAGE_SIZE));

	/* Address-space switches between two roots (Linux with ASIDs: no flush). */
	loop_satp(10, sa, sb);
	report("satp_switch", N_SATP, 2, loop_satp(N_SATP, sa, sb));
	/* sfence.vma alone, then switch + full flush (Linux without ASIDs). */
	report("sfence_vma_all", N_SATP, 1, loop_sfence_all(N_SATP));
	report("satp_switch_sfence", N_SATP, 2, loop_satp_sfence(N_SATP, sa, sb));
	report("satp_switch_sfence_touch4", N_SATP, 2,
	       loop_satp_sfence_touch4(N_SATP, sa, sb, touch_base));
	asm volatile("csrw satp, zero; sfence.vma" : : : "memory");
	puts_("TRAPCOST done\n");
	power_off();
}
