// SPDX-License-Identifier: GPL-2.0
/*
 * fp: sstatus.FS gating (Off traps, Initial/Clean become Dirty on writes, SD),
 * F/D arithmetic results as bit patterns, fcsr/frm/fflags, rounding modes of
 * fcvt, reserved rounding modes, NaN boxing, FP registers preserved across traps
 * and SBI calls. Every FP instruction is inline asm: the C code uses no floats.
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

#define D_1_5  0x3ff8000000000000UL
#define D_2_25 0x4002000000000000UL
#define D_3    0x4008000000000000UL
#define D_2    0x4000000000000000UL
#define D_2_5  0x4004000000000000UL
#define D_M2_5 0xc004000000000000UL
#define D_QNAN 0x7ff8000000000000UL
#define S_1_5  0x3fc00000UL
#define S_3    0x40400000UL

static unsigned long fs(void)
{
	return (csr_read(sstatus) & SR_FS) >> 13;
}

static void set_fs(unsigned long v)
{
	csr_clear(sstatus, SR_FS);
	csr_set(sstatus, v << 13);
}

static void print_fs(const char *what)
{
	unsigned long st = csr_read(sstatus);

	printf("%s: FS=%lu SD=%lu\n", what, (st & SR_FS) >> 13, st >> 63);
}

#define TRY(what, insn)                                                                        \
	do {                                                                                   \
		unsigned long __l;                                                             \
		trap_expect();                                                                 \
		asm volatile("lla %0, 1f\n1: " insn "\n" : "=&r"(__l)::"t0", "ft0", "memory"); \
		trap_unexpect();                                                               \
		print_trap(what, __l);                                                         \
	} while (0)

static void fs_off(void)
{
	set_fs(0);
	print_fs("FS=Off");
	CHECK(!(csr_read(sstatus) & SR_SD));
	TRY("fadd.d with FS=Off", "fadd.d ft0, ft1, ft2");
	CHECK(trap_count == 1 && last_trap.cause == EXC_INST_ILLEGAL);
	TRY("fmv.x.d with FS=Off", "fmv.x.d t0, ft0");
	TRY("frcsr with FS=Off", "frcsr t0");
	TRY("csrr fflags with FS=Off", "csrr t0, fflags");
	TRY("csrw frm with FS=Off", "csrw frm, zero");
	TRY("fld with FS=Off", ".option push\n.option norvc\nfld ft0, 0(sp)\n.option pop");
	TRY("c.fldsp with FS=Off", "c.fldsp ft0, 0(sp)");
	TRY("fsd with FS=Off", "fsd ft0, -8(sp)");
	print_fs("after the traps");
	CHECK(fs() == 0);
}

static void fs_transitions(void)
{
	unsigned long x;

	set_fs(1);
	print_fs("FS=Initial");
	asm volatile("fmv.x.d %0, ft0" : "=r"(x));
	print_fs("Initial, after fmv.x.d (reads f only)");
	asm volatile("fmv.d.x ft0, zero" ::: "ft0");
	print_fs("Initial, after fmv.d.x (writes f)");
	CHECK(fs() == 3 && (csr_read(sstatus) & SR_SD));

	set_fs(2);
	print_fs("FS=Clean");
	asm volatile("fmv.x.d %0, ft0" : "=r"(x));
	print_fs("Clean, after fmv.x.d");
	asm volatile("fsd ft0, %0" : "=m"(x));
	print_fs("Clean, after fsd");
	asm volatile("frcsr %0" : "=r"(x));
	print_fs("Clean, after frcsr");
	asm volatile("fscsr zero");
	print_fs("Clean, after fscsr");
	CHECK(fs() == 3);

	set_fs(2);
	asm volatile("fld ft0, %0" ::"m"(x) : "ft0");
	print_fs("Clean, after fld");
	set_fs(2);
	asm volatile("fadd.d ft0, ft1, ft2" ::: "ft0");
	print_fs("Clean, after fadd.d");
	set_fs(2);
	asm volatile("feq.d %0, ft1, ft2" : "=r"(x));
	print_fs("Clean, after feq.d (writes x only)");
	set_fs(3);
	print_fs("FS=Dirty");
}

static unsigned long fflags(void)
{
	unsigned long v;

	asm volatile("frflags %0" : "=r"(v));
	return v;
}

static void clear_fflags(void)
{
	asm volatile("fsflags zero");
}

#define OP_DD(name, insn, a, b)                                          \
	do {                                                             \
		unsigned long __r;                                       \
		clear_fflags();                                          \
		asm volatile("fmv.d.x ft1, %1\n fmv.d.x ft2, %2\n" insn  \
			     " ft0, ft1, ft2\n fmv.x.d %0, ft0"          \
			     : "=r"(__r)                                 \
			     : "r"(a), "r"(b)                            \
			     : "ft0", "ft1", "ft2");                     \
		printf("%s = %016lx fflags=%lx\n", name, __r, fflags()); \
	} while (0)

#define OP_SS(name, insn, a, b)                                          \
	do {                                                             \
		unsigned long __r;                                       \
		clear_fflags();                                          \
		asm volatile("fmv.w.x ft1, %1\n fmv.w.x ft2, %2\n" insn  \
			     " ft0, ft1, ft2\n fmv.x.d %0, ft0"          \
			     : "=r"(__r)                                 \
			     : "r"(a), "r"(b)                            \
			     : "ft0", "ft1", "ft2");                     \
		printf("%s = %016lx fflags=%lx\n", name, __r, fflags()); \
	} while (0)

/* fcvt.{w,l}.d with a static rounding mode */
#define CVT(name, insn, a)                                                                \
	do {                                                                              \
		unsigned long __r;                                                        \
		clear_fflags();                                                           \
		asm volatile("fmv.d.x ft1, %1\n" insn "\n" : "=r"(__r) : "r"(a) : "ft1"); \
		printf("%s = %lx fflags=%lx\n", name, __r, fflags());                     \
	} while (0)

static void arithmetic(void)
{
	OP_DD("fadd.d 1.5+2.25", "fadd.d", D_1_5, D_2_25);
	OP_DD("fsub.d 1.5-2.25", "fsub.d", D_1_5, D_2_25);
	OP_DD("fmul.d 1.5*2.25", "fmul.d", D_1_5, D_2_25);
	OP_DD("fdiv.d 1.5/3", "fdiv.d", D_1_5, D_3);
	OP_DD("fdiv.d 2/3 (inexact)", "fdiv.d", D_2, D_3);
	OP_DD("fdiv.d 1.5/0 (dz)", "fdiv.d", D_1_5, 0UL);
	OP_DD("fdiv.d 0/0 (nv)", "fdiv.d", 0UL, 0UL);
	OP_DD("fmin.d 1.5,qNaN", "fmin.d", D_1_5, D_QNAN);
	OP_DD("fmax.d sNaN,2", "fmax.d", 0x7ff0000000000001UL, D_2);
	OP_DD("fsgnjn.d 1.5,1.5", "fsgnjn.d", D_1_5, D_1_5);
	OP_SS("fadd.s 1.5+3 (NaN-boxed result)", "fadd.s", S_1_5, S_3);
	OP_SS("fdiv.s 1.5/3", "fdiv.s", S_1_5, S_3);

	unsigned long r;

	clear_fflags();
	asm volatile("fmv.d.x ft1, %1\n fsqrt.d ft0, ft1\n fmv.x.d %0, ft0"
		     : "=r"(r)
		     : "r"(D_2)
		     : "ft0", "ft1");
	printf("fsqrt.d 2 = %016lx fflags=%lx\n", r, fflags());
	clear_fflags();
	asm volatile("fmv.d.x ft1, %1\n fmv.d.x ft2, %2\n fmv.d.x ft3, %3\n"
		     "fmadd.d ft0, ft1, ft2, ft3\n fmv.x.d %0, ft0"
		     : "=r"(r)
		     : "r"(D_1_5), "r"(D_2_25), "r"(D_3)
		     : "ft0", "ft1", "ft2", "ft3");
	printf("fmadd.d 1.5*2.25+3 = %016lx fflags=%lx\n", r, fflags());
	/* a single that is not NaN-boxed reads as the canonical NaN */
	clear_fflags();
	asm volatile("fmv.d.x ft1, %1\n fadd.s ft0, ft1, ft1\n fmv.x.w %0, ft0"
		     : "=r"(r)
		     : "r"(0x000000003fc00000UL)
		     : "ft0", "ft1");
	printf("fadd.s of an unboxed single = %lx fflags=%lx\n", r, fflags());
	asm volatile("fmv.d.x ft1, %1\n fclass.d %0, ft1" : "=r"(r) : "r"(D_QNAN) : "ft1");
	printf("fclass.d qNaN = %lx\n", r);
	asm volatile("fmv.d.x ft1, %1\n fclass.d %0, ft1" : "=r"(r) : "r"(D_M2_5) : "ft1");
	printf("fclass.d -2.5 = %lx\n", r);

	CVT("fcvt.w.d 2.5 rne", "fcvt.w.d %0, ft1, rne", D_2_5);
	CVT("fcvt.w.d 2.5 rtz", "fcvt.w.d %0, ft1, rtz", D_2_5);
	CVT("fcvt.w.d 2.5 rdn", "fcvt.w.d %0, ft1, rdn", D_2_5);
	CVT("fcvt.w.d 2.5 rup", "fcvt.w.d %0, ft1, rup", D_2_5);
	CVT("fcvt.w.d 2.5 rmm", "fcvt.w.d %0, ft1, rmm", D_2_5);
	CVT("fcvt.w.d -2.5 rne", "fcvt.w.d %0, ft1, rne", D_M2_5);
	CVT("fcvt.w.d -2.5 rdn", "fcvt.w.d %0, ft1, rdn", D_M2_5);
	CVT("fcvt.w.d -2.5 rup", "fcvt.w.d %0, ft1, rup", D_M2_5);
	CVT("fcvt.w.d -2.5 rmm", "fcvt.w.d %0, ft1, rmm", D_M2_5);
	CVT("fcvt.l.d qNaN", "fcvt.l.d %0, ft1, rtz", D_QNAN);
	CVT("fcvt.wu.d -2.5", "fcvt.wu.d %0, ft1, rtz", D_M2_5);
	CVT("fcvt.w.d 1e300", "fcvt.w.d %0, ft1, rtz", 0x7e37e43c8800759cUL);
}

static void fcsr(void)
{
	unsigned long a, b, c, d, l;

	asm volatile("li t0, 0xff\n fscsr t0\n frcsr %0\n frrm %1\n frflags %2\n"
		     "fsrm %3, zero\n"
		     : "=r"(a), "=r"(b), "=r"(c), "=r"(d)::"t0");
	printf("fcsr=0xff reads fcsr=%lx frm=%lx fflags=%lx (fsrm returned %lx)\n", a, b, c, d);
	asm volatile("li t0, -1\n csrw fcsr, t0\n csrr %0, fcsr\n csrw fcsr, zero" : "=r"(a)::"t0");
	printf("fcsr=~0 reads %lx\n", a);
	asm volatile("li t0, -1\n csrw frm, t0\n csrr %0, frm\n csrr %1, fcsr\n csrw fcsr, zero"
		     : "=r"(a), "=r"(b)::"t0");
	printf("frm=~0 reads frm=%lx fcsr=%lx\n", a, b);
	asm volatile(
		"li t0, -1\n csrw fflags, t0\n csrr %0, fflags\n csrr %1, fcsr\n csrw fcsr, zero"
		: "=r"(a), "=r"(b)::"t0");
	printf("fflags=~0 reads fflags=%lx fcsr=%lx\n", a, b);

	/* flags accumulate */
	clear_fflags();
	asm volatile("fmv.d.x ft1, %0\n fmv.d.x ft2, %1\n fdiv.d ft0, ft1, ft2\n"
		     "fmv.d.x ft2, zero\n fdiv.d ft0, ft1, ft2" ::"r"(D_2),
		     "r"(D_3)
		     : "ft0", "ft1", "ft2");
	printf("fflags after inexact then divide-by-zero: %lx\n", fflags());

	/* dynamic rounding follows frm; reserved frm values make dynamic-rm instructions illegal */
	for (unsigned long rm = 0; rm < 8; rm++) {
		unsigned long r = 0;

		asm volatile("fsrm %0" ::"r"(rm));
		trap_expect();
		asm volatile("fmv.d.x ft1, %2\n"
			     "lla %1, 1f\n"
			     "1: fcvt.w.d %0, ft1, dyn\n"
			     : "+r"(r), "=&r"(l)
			     : "r"(D_2_5)
			     : "ft1");
		trap_unexpect();
		if (trap_count)
			print_trap("fcvt.w.d 2.5 dyn", l);
		printf("frm=%lu: fcvt.w.d 2.5 dyn = %lx traps=%lu\n", rm, r, trap_count);
	}
	asm volatile("fsrm zero");
	asm volatile("fsrmi 5");
	TRY("fadd.d dyn with frm=5", "fadd.d ft0, ft1, ft2, dyn");
	TRY("fadd.d rne with frm=5", "fadd.d ft0, ft1, ft2, rne");
	TRY("fadd.d with static rm=5", ".4byte 0x022050d3");
	asm volatile("fsrm zero");
}

static void load_all(unsigned long seed)
{
	/* f0..f31 = seed + n (as raw bits) */
	asm volatile(
		".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
		"addi t0, %0, \\n\n"
		"fmv.d.x f\\n, t0\n"
		".endr\n" ::"r"(seed)
		: "t0", "memory");
}

static int check_all(unsigned long seed)
{
	unsigned long v[32];

	asm volatile(
		".irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
		"fsd f\\n, \\n*8(%0)\n"
		".endr\n" ::"r"(v)
		: "memory");
	for (int n = 0; n < 32; n++)
		if (v[n] != seed + n)
			return 0;
	return 1;
}

static void preserved(unsigned long hartid)
{
	unsigned long seed = 0x4000123400000000UL, l, fc;

	load_all(seed);
	asm volatile("li t0, 0x61\n fscsr t0" ::: "t0");
	trap_expect();
	asm volatile("lla %0, 1f\n 1: csrr t0, mstatus" : "=&r"(l)::"t0");
	trap_unexpect();
	printf("f0-f31 preserved across an illegal-instruction trap %s\n", yesno(check_all(seed)));
	sbi_ecall(SBI_EXT_BASE, SBI_EXT_BASE_GET_SPEC_VERSION, 0, 0, 0, 0, 0, 0);
	sbi_console_putchar('.');
	sbi_console_putchar('\n');
	printf("f0-f31 preserved across SBI calls %s\n", yesno(check_all(seed)));
	/* an interrupt that arrives while FP state is live */
	csr_write(sie, SIE_SSIE);
	irq_count = 0;
	sbi_send_ipi(1, hartid);
	local_irq_enable();
	WFI_UNTIL(irq_count);
	local_irq_disable();
	csr_write(sie, 0);
	printf("f0-f31 preserved across an interrupt %s (irqs=%lu)\n", yesno(check_all(seed)),
	       irq_count);
	asm volatile("frcsr %0" : "=r"(fc));
	printf("fcsr preserved %s\n", yesno(fc == 0x61));
	/* FS=Off hides the state, FS=Clean brings it back unchanged */
	set_fs(0);
	set_fs(2);
	printf("f0-f31 preserved across FS=Off/Clean %s, FS=%lu\n", yesno(check_all(seed)), fs());
	CHECK(check_all(seed));
	asm volatile("fscsr zero");
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	(void)dtb;
	fs_off();
	fs_transitions();
	arithmetic();
	fcsr();
	preserved(hartid);
	print_fs("end");
}
