// SPDX-License-Identifier: GPL-2.0
/*
 * csr: WARL behaviour of the S-mode CSRs as read back after writing all-ones,
 * zero and patterns; the CSR instruction forms; read-only counters.
 */
#include "guest.h"
#include "mmu.h"

const char guest_name[] = GUEST_NAME;

#define ONES	  (~0UL)
#define UXL_OK(v) (((v) & ~SR_UXL) | 2UL << 32)

/* Write each value, print what reads back, then restore. No trap may happen in between. */
#define PROBE(csr, ...) PROBE_MASKED(csr, ~0UL, __VA_ARGS__)
/* Readbacks are printed as (r & mask): mask hides bits where QEMU 7.2 departs from the spec. */
#define PROBE_MASKED(csr, mask, ...)                                                             \
	do {                                                                                     \
		const unsigned long __vals[] = { __VA_ARGS__ };                                  \
		unsigned long __old = csr_read(csr), __rb[ARRAY_SIZE(__vals)];                   \
		for (unsigned __i = 0; __i < ARRAY_SIZE(__vals); __i++) {                        \
			csr_write(csr, __vals[__i]);                                             \
			__rb[__i] = csr_read(csr);                                               \
		}                                                                                \
		csr_write(csr, __old);                                                           \
		for (unsigned __i = 0; __i < ARRAY_SIZE(__vals); __i++)                          \
			printf("%s w=%016lx r=%016lx\n", #csr, __vals[__i], __rb[__i] & (mask)); \
	} while (0)

static void entry_state(unsigned long hartid, unsigned long dtb)
{
	unsigned long st = csr_read(sstatus);

	/* Only what the boot protocol promises; FS and scounteren are firmware's choice. */
	printf("entry hartid=%lu\n", hartid);
	printf("entry dtb magic ok %s\n", yesno(*(volatile u32 *)dtb == 0xedfe0dd0));
	printf("entry satp=%lx\n", csr_read(satp));
	printf("entry sstatus.SIE=%lu UXL=%lu\n", (st & SR_SIE) >> 1, (st & SR_UXL) >> 32);
	CHECK(csr_read(satp) == 0);
	CHECK(!(st & SR_SIE));
}

/* Page tables that map the first GiB of RAM 1:1 at every level, so that a satp write that
 * enables translation (Sv39/48/57) keeps executing. Only used for the satp probe. */
static u64 pt_l2[512] __attribute__((aligned(4096))); /* Sv39 root */
static u64 pt_l3[512] __attribute__((aligned(4096))); /* Sv48 root */
static u64 pt_l4[512] __attribute__((aligned(4096))); /* Sv57 root */

static unsigned long satp_try(unsigned long val)
{
	unsigned long rb;

	asm volatile("csrw satp, %1\n"
		     "sfence.vma\n"
		     "csrr %0, satp\n"
		     "csrw satp, zero\n"
		     "sfence.vma\n"
		     : "=&r"(rb)
		     : "r"(val)
		     : "memory");
	return rb;
}

static void probe_satp(void)
{
	unsigned long root39 = (unsigned long)pt_l2 >> 12;
	unsigned long root48 = (unsigned long)pt_l3 >> 12;
	unsigned long root57 = (unsigned long)pt_l4 >> 12;
	unsigned long v, rb;

	pt_l2[2] = (0x80000000UL >> 12) << 10 | PTE_AD | _PAGE_G | PTE_RWX | _PAGE_V;
	pt_l3[0] = root39 << 10 | _PAGE_V;
	pt_l4[0] = root48 << 10 | _PAGE_V;

	v = SATP_MODE_39 | root39;
	rb = satp_try(v);
	printf("satp sv39 asid=0 readback exact %s\n", yesno(rb == v));
	CHECK(rb == v);
	v = SATP_MODE_39 | 0xffffUL << SATP_ASID_SHIFT | root39;
	rb = satp_try(v);
	/* ASIDLEN is implementation-defined: print which ASID bits stuck. */
	printf("satp sv39 asid=ffff reads asid=%lx mode=%lu ppn exact %s\n",
	       (rb >> SATP_ASID_SHIFT) & 0xffff, rb >> SATP_MODE_SHIFT,
	       yesno((rb & SATP_PPN) == root39));
	/* Sv48/Sv57 are optional: either ignored (reads 0) or kept exactly. */
	v = SATP_MODE_48 | root48;
	rb = satp_try(v);
	printf("satp sv48 ignored-or-exact %s\n", yesno(rb == 0 || rb == v));
	CHECK(rb == 0 || rb == v);
	v = SATP_MODE_57 | root57;
	rb = satp_try(v);
	printf("satp sv57 ignored-or-exact %s\n", yesno(rb == 0 || rb == v));
	CHECK(rb == 0 || rb == v);
	/* Reserved modes must be ignored: the old value (0) stays. */
	for (unsigned long mode = 1; mode < 16; mode++) {
		if (mode >= 8 && mode <= 10)
			continue;
		rb = satp_try(mode << SATP_MODE_SHIFT | root39);
		printf("satp mode=%lu reads %lx\n", mode, rb);
		CHECK(rb == 0);
	}
	/* Bare mode with nonzero ASID/PPN is reserved: QEMU keeps the value, others may zero it. */
	v = 0xffffUL << SATP_ASID_SHIFT | root39;
	rb = satp_try(v);
	printf("satp bare+asid+ppn zero-or-exact %s\n", yesno(rb == 0 || rb == v));
	printf("satp final=%lx\n", csr_read(satp));
}

static void probe_warl(void)
{
	unsigned long base = (unsigned long)trap_vector_table;

	/*
	 * UXL is written as 2 (its only legal value on RV64) or 0: QEMU 7.2 stores a
	 * written UXL=3 (and keeps it), which the spec does not allow.
	 */
	PROBE(sstatus, UXL_OK(ONES), 0, SR_FS_INITIAL | SR_SUM, SR_FS_CLEAN | SR_MXR | SR_SPP,
	      UXL_OK(SR_SPIE | SR_UBE | SR_VS | SR_XS | SR_SD));
	PROBE(sie, ONES, 0, SIE_STIE);
	PROBE(sip, ONES, 0, SIP_SSIP);
	csr_clear(sip, SIP_SSIP);
	/* stvec: the reserved modes 2/3 and a misaligned vectored base. */
	PROBE(stvec, ONES, 0, base, base | 1, base | 2, base | 3, base + 4, (base + 4) | 1,
	      base + 2);
	PROBE(sscratch, ONES, 0, 0x0123456789abcdefUL);
	/* sepc[0] is always zero per spec; QEMU 7.2 keeps a written bit 0, so it is not printed. */
	PROBE_MASKED(sepc, ~1UL, ONES, 0, 1, 2, 3, 0x80200001UL);
	PROBE(scause, ONES, 0, CAUSE_IRQ_FLAG | 5, 2, 0x7fffffffffffffffUL);
	PROBE(stval, ONES, 0, 0x0123456789abcdefUL);
	/* scounteren is 32 bits wide (QEMU 7.2 keeps all 64, so only 32-bit values are written). */
	PROBE(scounteren, 0xffffffffUL, 0, 1, 2, 4, 0x80000007UL);
	PROBE(0x10a /* senvcfg */, ONES, 0, 1);
	/* the readbacks above are printed; these are invariants of any implementation */
	csr_write(sscratch, ONES);
	CHECK(csr_read(sscratch) == ONES);
	csr_write(sscratch, 0);
	csr_write(sepc, 2);
	CHECK(csr_read(sepc) == 2);
	csr_write(sie, ONES);
	CHECK((csr_read(sie) & (SIE_SSIE | SIE_STIE | SIE_SEIE)) ==
	      (SIE_SSIE | SIE_STIE | SIE_SEIE));
	csr_write(sie, 0);
}

/* csrrw/csrrs/csrrc and the immediate forms, on sscratch. */
static void csr_forms(void)
{
	unsigned long a, b, c, d, e, f, g, h;

	asm volatile("li %0, 0x0f0f\n"
		     "csrrw %0, sscratch, %0\n" /* a = old (0), sscratch = 0x0f0f */
		     "li %1, 0x00f0\n"
		     "csrrs %1, sscratch, %1\n" /* b = 0x0f0f, sscratch = 0x0fff */
		     "li %2, 0x0f00\n"
		     "csrrc %2, sscratch, %2\n"	   /* c = 0x0fff, sscratch = 0x00ff */
		     "csrrwi %3, sscratch, 0x15\n" /* d = 0x00ff, sscratch = 0x15 */
		     "csrrsi %4, sscratch, 0x0a\n" /* e = 0x15, sscratch = 0x1f */
		     "csrrci %5, sscratch, 0x03\n" /* f = 0x1f, sscratch = 0x1c */
		     "csrrs %6, sscratch, x0\n"	   /* g = 0x1c, no write */
		     "li %7, 0x777\n"
		     "csrrw x0, sscratch, %7\n" /* write only */
		     "csrrci %7, sscratch, 0\n" /* h = 0x777, no write */
		     "csrw sscratch, zero\n"
		     : "=&r"(a), "=&r"(b), "=&r"(c), "=&r"(d), "=&r"(e), "=&r"(f), "=&r"(g),
		       "=&r"(h)::"memory");
	printf("forms csrrw=%lx csrrs=%lx csrrc=%lx csrrwi=%lx csrrsi=%lx csrrci=%lx csrr=%lx final=%lx\n",
	       a, b, c, d, e, f, g, h);
	CHECK(a == 0 && b == 0x0f0f && c == 0x0fff && d == 0xff && e == 0x15 && f == 0x1f &&
	      g == 0x1c && h == 0x777);
}

/* One CSR instruction on a read-only counter: did it trap? */
#define RO_TRY(what, insn)                               \
	do {                                             \
		unsigned long __l, __v = 0, __z = 0;     \
		trap_expect();                           \
		asm volatile("lla %0, 1f\n1: " insn "\n" \
			     : "=&r"(__l), "+&r"(__v)    \
			     : "r"(__z)                  \
			     : "memory");                \
		trap_unexpect();                         \
		print_trap(what, __l);                   \
	} while (0)

static void read_only_counters(void)
{
	unsigned long t0, t1, c0, c1, i0, i1;

	t0 = csr_read(time);
	c0 = csr_read(cycle);
	i0 = csr_read(instret);
	for (volatile int i = 0; i < 10000; i++)
		;
	t1 = csr_read(time);
	c1 = csr_read(cycle);
	i1 = csr_read(instret);
	printf("time advances %s\n", yesno(t1 > t0));
	printf("cycle advances %s\n", yesno(c1 > c0));
	printf("instret advances %s\n", yesno(i1 > i0));

	RO_TRY("csrrs time,x0", "csrrs %1, time, x0");
	RO_TRY("csrrc time,x0", "csrrc %1, time, x0");
	RO_TRY("csrrsi time,0", "csrrsi %1, time, 0");
	RO_TRY("csrrci time,0", "csrrci %1, time, 0");
	RO_TRY("csrrs time,rs1=0", "csrrs %1, time, %2");
	RO_TRY("csrrc time,rs1=0", "csrrc %1, time, %2");
	RO_TRY("csrrw time", "csrrw %1, time, %2");
	RO_TRY("csrrw x0,time", "csrrw x0, time, %2");
	RO_TRY("csrrwi time,0", "csrrwi %1, time, 0");
	RO_TRY("csrrsi time,1", "csrrsi %1, time, 1");
	RO_TRY("csrrw cycle", "csrrw %1, cycle, %2");
	RO_TRY("csrrw instret", "csrrw %1, instret, %2");
	RO_TRY("csrrs instret,x0", "csrrs %1, instret, x0");
	RO_TRY("csrrs cycle,x0", "csrrs %1, cycle, x0");
	/* QEMU 7.2 + OpenSBI 1.1 (mcounteren = ~0) let S read the hpm counters */
	RO_TRY("csrrs hpmcounter3,x0", "csrrs %1, hpmcounter3, x0");
	RO_TRY("csrrw hpmcounter3", "csrrw %1, hpmcounter3, %2");
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	entry_state(hartid, dtb);
	probe_warl();
	probe_satp();
	csr_forms();
	read_only_counters();
}
