// SPDX-License-Identifier: GPL-2.0
/*
 * isolation: the isolation proof of issue 8 (item 3). One image, two roles,
 * chosen by /chosen/bootargs in the guest's device tree:
 *
 *  role=plant [hold=S]   fills its RAM with canary words, prints
 *                        "isolation: planted N words", sleeps S seconds (WFI,
 *                        SBI timer), checks its canaries are intact, exits.
 *  role=scan [delay=S]   waits S seconds (so the planter has planted), then
 *                        (a) scans every word of its own RAM,
 *                        (b) probes guest-physical space outside it (Bare),
 *                        (c) turns on Sv39 with 1 GiB pages over guest-physical
 *                            0..512 GiB and the whole upper half, reads through
 *                            them, and checks that SVPN's own range
 *                            (0xffffffc000000000-0xffffffc0ffffffff) faults from
 *                            S and U, for loads, stores and fetches, whatever the
 *                            guest maps there,
 *                        and prints "isolation: canary hits H, svpn memory
 *                        readable yes/no, faults N".
 *
 * A canary is CANARY ^ (planter_gpa * K) with K odd, so any word can be
 * recognised without knowing where it came from: (w ^ CANARY) * K^-1 must give
 * an 8-aligned planter address. The scanner never computes a canary to compare
 * with (only that inverse), so it cannot plant one in its own memory. SVPN's
 * markers are the 8 bytes "SVPN 0.1" (its banner as printed) and "SVPN %s:"
 * (the banner's format string in its .rodata), looked for at any byte offset in
 * (a) and in device windows, at offset 0 in single probes; they too are built
 * in registers.
 *
 * Not in enabled.txt: natively there is no second guest and no SVPN.
 */
#include "guest.h"
#include <riscv/pte.h>

const char guest_name[] = GUEST_NAME;

#define CANARY	    0xc3a5f00d5eed1e55UL
#define CANARY_K    0x9e3779b97f4a7c15UL /* odd: invertible mod 2^64 */
#define CANARY_LO   0x80000000UL	 /* a planter's RAM lies in here */
#define CANARY_SPAN 0x40000000UL

#define GIB	      0x40000000UL
#define MIB	      0x100000UL
#define PROBE_TOP     0x400000000UL	   /* (b): up to 16 GiB (1 MiB stride to 4 GiB) */
#define HOLE_BASE     0xffffffc000000000UL /* SVPN's linear map of host memory */
#define HOLE_SIZE     (4 * GIB)
#define HOLE_SLOT     256
#define HOLE_SLOTS    4
#define SVPN_IMAGE_VA 0xffffffc080000000UL /* host PA 0x80000000: M stub, then SVPN */
#define U_ALIAS_BASE  0xc0000000UL	   /* (c) pass 2: U alias of the first RAM GiB */

/* ---- probes (probe.S) ---- */
struct probe {
	unsigned long val, fault;
}; /* fault: 0, or 1 + scause */
struct probe probe_ld(unsigned long a);
struct probe probe_lw(unsigned long a);
struct probe probe_lb(unsigned long a);
struct probe probe_sd(unsigned long a, unsigned long v);
struct probe probe_exec(unsigned long a);
extern char probe_ld_insn[], probe_lw_insn[], probe_lb_insn[], probe_sd_insn[];
extern char u_probe_ld[], u_probe_ld_insn[];

static unsigned long exec_target;   /* the address probe_exec jumps to */
static unsigned long u_fault_cause; /* 1 + scause of the last U probe fault */
static unsigned long u_alias_off;   /* U alias - identity, while U probes run */

static int probe_hook(struct trap_frame *f)
{
	unsigned long pc = f->epc, c = f->cause;

	if (c & CAUSE_IRQ_FLAG)
		return 0;
	if (pc == (unsigned long)probe_ld_insn || pc == (unsigned long)probe_lw_insn ||
	    pc == (unsigned long)probe_lb_insn || pc == (unsigned long)probe_sd_insn) {
		f->x[10] = 0;
		f->x[11] = 1 + c;
		f->epc = pc + 4;
		return 1;
	}
	if (u_alias_off && pc == (unsigned long)u_probe_ld_insn + u_alias_off) {
		f->x[10] = 0;
		u_fault_cause = 1 + c;
		f->epc = pc + 4;
		return 1;
	}
	if (exec_target && pc == exec_target &&
	    (c == EXC_INST_PAGE_FAULT || c == EXC_INST_ACCESS)) {
		f->x[10] = 0;
		f->x[11] = 1 + c;
		f->epc = f->x[1];
		return 1;
	}
	return 0;
}

/* ---- recognising canaries and SVPN's markers, in registers ---- */
static unsigned long canary_kinv;
static unsigned long marker1, marker2;

static inline unsigned long opaque(unsigned long v)
{
	asm volatile("" : "+r"(v));
	return v;
}

static void recognisers_init(void)
{
	unsigned long k = opaque(CANARY_K), x = k;
	unsigned long svpn_ = opaque(0x204e505653UL); /* "SVPN " */
	int i;

	for (i = 0; i < 6; i++) /* Newton: 3, 6, 12, 24, 48, 96 bits */
		x *= 2 - k * x;
	canary_kinv = x;
	marker1 = svpn_ | opaque(0x312e30UL) << 40; /* "SVPN 0.1" */
	marker2 = svpn_ | opaque(0x3a7325UL) << 40; /* "SVPN %s:" */
}

/* The planter address a canary word encodes, or 0 when w is not a canary. */
static inline unsigned long canary_of(unsigned long w)
{
	unsigned long a = (w ^ CANARY) * canary_kinv;

	return (a - CANARY_LO < CANARY_SPAN && !(a & 7)) ? a : 0;
}

static inline int is_marker(unsigned long w)
{
	return w == marker1 || w == marker2;
}

/* A marker starting at byte 1..7 of w0 and running into w1. */
static int marker_straddles(unsigned long w0, unsigned long w1)
{
	int k;

	for (k = 1; k < 8; k++)
		if (((w0 >> 8 * k) & 0xff) == 0x53 && is_marker(w0 >> 8 * k | w1 << (64 - 8 * k)))
			return 1;
	return 0;
}

/* ---- results ---- */
static struct {
	unsigned long probes, reads, faults;
	unsigned long cause[16];
	unsigned long canary_hits, canary_at, canary_from;
	unsigned long marker_hits, marker_at;
	unsigned long svpn_readable, svpn_readable_at; /* SVPN's range did not fault */
	unsigned long undeclared, undeclared_at;       /* read outside RAM and devices */
	unsigned long wrong_cause, wrong_cause_at, wrong_cause_was;
	unsigned long control_fail;
	unsigned long residue, residue_at; /* non-zero words nobody put there */
} st;

static void note_canary(unsigned long where, unsigned long from)
{
	if (!st.canary_hits++) {
		st.canary_at = where;
		st.canary_from = from;
	}
	if (st.canary_hits <= 4)
		printf("isolation: LEAK canary of planter gpa %lx found at %lx\n", from, where);
}

static void note_marker(unsigned long where)
{
	if (!st.marker_hits++)
		st.marker_at = where;
	if (st.marker_hits <= 4)
		printf("isolation: LEAK SVPN marker found at %lx\n", where);
}

/* Check one value read at where (no neighbours known). */
static void check_value(unsigned long where, unsigned long v)
{
	unsigned long from = canary_of(v);

	if (from)
		note_canary(where, from);
	if (is_marker(v))
		note_marker(where);
}

/* ---- the device tree ---- */
#define FDT_MAGIC      0xd00dfeedU
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP	       4
#define FDT_END	       9
#define MAX_WINDOWS    16

struct window {
	unsigned long base, size;
};
static struct window dev_win[MAX_WINDOWS];
static int nr_dev_win;
static unsigned long ram_lo, ram_size, timebase = 10000000;
static unsigned long dtb_lo, dtb_size;
static char bootargs[256];

static u32 be32(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static u64 be64(const void *p)
{
	return (u64)be32(p) << 32 | be32((const u8 *)p + 4);
}

static int streq(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return *a == *b;
}

static int strprefix(const char *s, const char *pre)
{
	while (*pre && *s == *pre)
		s++, pre++;
	return !*pre;
}

/* Just enough FDT: /chosen/bootargs, /cpus/timebase-frequency, reg of /memory* and /soc/ *. */
static void fdt_parse(unsigned long dtb)
{
	const u8 *fdt = (const u8 *)dtb;
	const u8 *p, *strs;
	char path1[32] = "", path2[32] = "";
	int depth = 0;

	if (!dtb || be32(fdt) != FDT_MAGIC)
		guest_abort("no device tree at a1");
	dtb_lo = dtb;
	/* SVPN writes the tree into a 64 KiB buffer (GUEST_FDT_MAX): all of it is SVPN's */
	dtb_size = be32(fdt + 4) > 0x10000 ? be32(fdt + 4) : 0x10000;
	p = fdt + be32(fdt + 8);
	strs = fdt + be32(fdt + 12);
	for (;;) {
		u32 tok = be32(p);

		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;
			unsigned long n = 0;

			while (name[n])
				n++;
			depth++;
			if (depth == 2 || depth == 3) {
				char *dst = depth == 2 ? path1 : path2;
				unsigned long i;

				for (i = 0; i < n && i < 31; i++)
					dst[i] = name[i];
				dst[i] = 0;
			}
			p += (n + 1 + 3) & ~3UL;
		} else if (tok == FDT_END_NODE) {
			depth--;
		} else if (tok == FDT_PROP) {
			u32 len = be32(p), nameoff = be32(p + 4);
			const char *pname = (const char *)strs + nameoff;
			const u8 *val = p + 8;

			if (depth == 2 && streq(path1, "chosen") && streq(pname, "bootargs")) {
				unsigned long i;

				for (i = 0; i < len && i < sizeof(bootargs) - 1; i++)
					bootargs[i] = val[i];
				bootargs[i] = 0;
			} else if (depth == 2 && streq(path1, "cpus") &&
				   streq(pname, "timebase-frequency") && len == 4) {
				timebase = be32(val);
			} else if (depth == 2 && strprefix(path1, "memory") &&
				   streq(pname, "reg") && len >= 16) {
				ram_lo = be64(val);
				ram_size = be64(val + 8);
			} else if (depth == 3 && streq(path1, "soc") && streq(pname, "reg")) {
				u32 i;

				for (i = 0; i + 16 <= len && nr_dev_win < MAX_WINDOWS; i += 16) {
					dev_win[nr_dev_win].base = be64(val + i);
					dev_win[nr_dev_win].size = be64(val + i + 8);
					nr_dev_win++;
				}
			}
			p += 8 + ((len + 3) & ~3UL);
		} else if (tok == FDT_NOP) {
			continue;
		} else {
			break; /* FDT_END or garbage */
		}
	}
	if (!ram_size)
		guest_abort("no memory node in the device tree");
}

/* "key=value" in bootargs: the value's first character, or 0. */
static const char *bootarg(const char *key)
{
	const char *s = bootargs;

	while (*s) {
		const char *k = key, *t = s;

		while (*k && *t == *k)
			k++, t++;
		if (!*k && *t == '=')
			return t + 1;
		while (*s && *s != ' ')
			s++;
		while (*s == ' ')
			s++;
	}
	return 0;
}

static unsigned long bootarg_num(const char *key, unsigned long dflt)
{
	const char *v = bootarg(key);
	unsigned long n = 0;

	if (!v || *v < '0' || *v > '9')
		return dflt;
	while (*v >= '0' && *v <= '9')
		n = n * 10 + (unsigned long)(*v++ - '0');
	return n;
}

static int in_ram(unsigned long gpa)
{
	return gpa - ram_lo < ram_size;
}

static int in_device(unsigned long gpa)
{
	int i;

	for (i = 0; i < nr_dev_win; i++)
		if (gpa - dev_win[i].base < dev_win[i].size)
			return 1;
	return 0;
}

/* ---- time ---- */
static unsigned long ms_since(unsigned long t0)
{
	return (rdtime() - t0) / (timebase / 1000);
}

/* Sleep with WFI until rdtime passes t (sie.STIE with SIE=0: wfi wakes, no trap). */
static void sleep_until(unsigned long t)
{
	csr_set(sie, SIE_STIE);
	while ((long)(rdtime() - t) < 0) {
		sbi_set_timer(t);
		wfi();
	}
	sbi_set_timer(~0UL);
	csr_clear(sie, SIE_STIE);
}

/* ---- plant ---- */
static unsigned long plant_range(unsigned long lo, unsigned long hi)
{
	unsigned long a;

	for (a = lo; a < hi; a += 8)
		*(volatile u64 *)a = CANARY ^ (a * CANARY_K);
	return (hi - lo) / 8;
}

static unsigned long verify_range(unsigned long lo, unsigned long hi)
{
	unsigned long a, bad = 0;

	for (a = lo; a < hi; a += 8)
		bad += *(volatile u64 *)a != (CANARY ^ (a * CANARY_K));
	return bad;
}

static void plant(void)
{
	unsigned long hold = bootarg_num("hold", 10);
	unsigned long img_lo = (unsigned long)__image_start & ~(2 * MIB - 1);
	unsigned long img_hi = ((unsigned long)__bss_end + 2 * MIB - 1) & ~(2 * MIB - 1);
	unsigned long top = dtb_lo & ~(2 * MIB - 1); /* the DTB's 2 MiB slot and above */
	unsigned long t0 = rdtime(), n, bad;

	/* everything but the image (and its stack) and the device tree */
	n = plant_range(ram_lo, img_lo) + plant_range(img_hi, top);
	printf("isolation: planted %lu words (%lu MiB: %lx-%lx, %lx-%lx) in %lu ms\n", n,
	       n * 8 / MIB, ram_lo, img_lo, img_hi, top, ms_since(t0));
	printf("isolation: holding %lu s\n", hold);
	sleep_until(rdtime() + hold * timebase);
	bad = verify_range(ram_lo, img_lo) + verify_range(img_hi, top);
	printf("isolation: planter canaries intact %s (%lu changed)\n", yesno(!bad), bad);
	CHECK(bad == 0);
	printf("isolation: planter exiting\n");
}

/* ---- scan (a): own RAM ---- */
static void scan_ram(unsigned long lo, unsigned long hi)
{
	unsigned long a;

	for (a = lo; a < hi; a += 8) {
		unsigned long w = *(volatile u64 *)a, from;

		if (!w)
			continue;
		from = canary_of(w);
		if (from)
			note_canary(a, from);
		if (is_marker(w))
			note_marker(a);
		if (a + 8 < hi && marker_straddles(w, *(volatile u64 *)(a + 8)))
			note_marker(a);
		/* RAM holds only what SVPN loaded: the image and the device tree */
		if (a - dtb_lo >= dtb_size) {
			if (!st.residue++)
				st.residue_at = a;
		}
	}
}

static void scan_own_ram(void)
{
	unsigned long img_lo = (unsigned long)__image_start, img_hi = (unsigned long)__bss_end;
	unsigned long t0 = rdtime();

	scan_ram(ram_lo, img_lo);
	scan_ram(img_hi, ram_lo + ram_size);
	printf("isolation: (a) own RAM %lx-%lx (image %lx-%lx skipped) scanned in %lu ms\n", ram_lo,
	       ram_lo + ram_size, img_lo, img_hi, ms_since(t0));
	printf("isolation: (a) canary hits %lu, marker hits %lu, non-zero words outside image"
	       " and DTB %lu\n",
	       st.canary_hits, st.marker_hits, st.residue);
	if (st.residue)
		printf("isolation: first non-zero word at %lx\n", st.residue_at);
}

/* ---- probes ---- */
enum expect {
	EXPECT_ANY,
	EXPECT_FAULT,
	EXPECT_SVPN
};

static void note_fault(unsigned long fault)
{
	st.faults++;
	st.cause[(fault - 1) & 15]++;
}

/*
 * One load at va (gpa: where the guest's own mapping sends it, for the
 * declared-or-not verdict). SVPN's range must fault with a load page fault;
 * a read elsewhere must be RAM or a declared device.
 */
static void probe_one(unsigned long va, unsigned long gpa, enum expect ex)
{
	struct probe r = probe_ld(va);

	st.probes++;
	if (r.fault) {
		note_fault(r.fault);
		if (ex == EXPECT_SVPN && r.fault != 1 + EXC_LOAD_PAGE_FAULT) {
			if (!st.wrong_cause++) {
				st.wrong_cause_at = va;
				st.wrong_cause_was = r.fault - 1;
			}
		}
		return;
	}
	st.reads++;
	check_value(va, r.val);
	if (ex == EXPECT_SVPN) {
		if (!st.svpn_readable++)
			st.svpn_readable_at = va;
		if (st.svpn_readable <= 4)
			printf("isolation: LEAK SVPN memory readable at %lx: %lx\n", va, r.val);
	} else if (ex == EXPECT_FAULT || (!in_ram(gpa) && !in_device(gpa))) {
		if (!st.undeclared++)
			st.undeclared_at = va;
		if (st.undeclared <= 4)
			printf("isolation: read without fault outside RAM and devices: va %lx gpa %lx"
			       " -> %lx\n",
			       va, gpa, r.val);
	}
}

static void probe_stride(unsigned long lo, unsigned long hi, unsigned long step,
			 unsigned long va_minus_gpa, enum expect ex)
{
	unsigned long a;

	for (a = lo; a < hi && a >= lo; a += step)
		probe_one(a, a - va_minus_gpa, ex);
}

/*
 * A device window, word by word: 8-byte and 4-byte loads over its first
 * `dense` bytes (values checked as a stream, so markers at any offset count),
 * then the first two words of every page.
 */
static void window_read(unsigned long a, unsigned long v)
{
	st.reads++;
	if (!in_ram(a) && !in_device(a)) {
		if (!st.undeclared++)
			st.undeclared_at = a;
		if (st.undeclared <= 4)
			printf("isolation: read without fault outside RAM and devices: %lx -> %lx\n",
			       a, v);
	}
}

static void probe_window(unsigned long base, unsigned long size, unsigned long dense)
{
	unsigned long off, prev = 0, prev32 = 0;
	int have_prev = 0, have_prev32 = 0;

	if (dense > size)
		dense = size;
	for (off = 0; off < dense; off += 8) {
		struct probe r = probe_ld(base + off);

		st.probes++;
		if (r.fault) {
			note_fault(r.fault);
			have_prev = 0;
			continue;
		}
		window_read(base + off, r.val);
		check_value(base + off, r.val);
		if (have_prev && r.val && marker_straddles(prev, r.val))
			note_marker(base + off - 8);
		prev = r.val;
		have_prev = 1;
	}
	for (off = 0; off < dense; off += 4) {
		struct probe r = probe_lw(base + off);

		st.probes++;
		if (r.fault) {
			note_fault(r.fault);
			have_prev32 = 0;
			continue;
		}
		window_read(base + off, r.val);
		if (have_prev32 && (off & 4)) {
			unsigned long w = prev32 | r.val << 32;

			check_value(base + off - 4, w);
		}
		prev32 = r.val;
		have_prev32 = 1;
	}
	for (off = dense; off < size; off += 0x1000) {
		struct probe r0 = probe_lw(base + off), r1 = probe_lw(base + off + 4), r2;

		st.probes += 3;
		if (r0.fault)
			note_fault(r0.fault);
		if (r1.fault)
			note_fault(r1.fault);
		if (!r0.fault && !r1.fault) {
			window_read(base + off, r0.val);
			window_read(base + off + 4, r1.val);
			check_value(base + off, r0.val | r1.val << 32);
		}
		r2 = probe_ld(base + off);
		if (r2.fault) {
			note_fault(r2.fault);
		} else {
			window_read(base + off, r2.val);
			check_value(base + off, r2.val);
		}
	}
}

/* QEMU virt's host windows (SVPN owns them; a guest sees only what the DTB declares). */
static const struct window qemu_windows[] = {
	{ 0x0, 0x1000 },	 /* debug */
	{ 0x1000, 0x1000 },	 /* boot ROM */
	{ 0x100000, 0x1000 },	 /* sifive_test */
	{ 0x101000, 0x1000 },	 /* goldfish RTC */
	{ 0x2000000, 0x10000 },	 /* CLINT */
	{ 0x3000000, 0x10000 },	 /* PCIe PIO */
	{ 0xc000000, 0x600000 }, /* PLIC */
	{ 0x10000000, 0x1000 },	 /* UART */
	{ 0x10001000, 0x8000 },	 /* virtio-mmio */
	{ 0x20000000, 0x1000 },	 /* flash */
	{ 0x30000000, 0x1000 },	 /* PCIe ECAM */
	{ 0x40000000, 0x1000 },	 /* PCIe MMIO */
};

static void probe_bare(void)
{
	unsigned long t0 = rdtime(), f0 = st.faults;
	unsigned i;

	probe_stride(0, 4 * GIB, MIB, 0, EXPECT_ANY);
	probe_stride(4 * GIB, PROBE_TOP, 16 * MIB, 0, EXPECT_ANY);
	for (i = 0; i < ARRAY_SIZE(qemu_windows); i++)
		probe_window(qemu_windows[i].base, qemu_windows[i].size, 0x200);
	for (i = 0; i < (unsigned)nr_dev_win; i++)
		probe_window(dev_win[i].base, dev_win[i].size, 0x3000);
	/* the stride above, in every device window's odd corners: its last word */
	for (i = 0; i < (unsigned)nr_dev_win; i++)
		probe_one(dev_win[i].base + dev_win[i].size - 8,
			  dev_win[i].base + dev_win[i].size - 8, EXPECT_ANY);
	printf("isolation: (b) guest-physical probes up to %lx: %lu probes, %lu faults, in %lu ms\n",
	       PROBE_TOP, st.probes, st.faults - f0, ms_since(t0));
}

/* ---- scan (c): Sv39 ---- */
static unsigned long root[512] __attribute__((aligned(4096)));
static u64 u_stack[128] __attribute__((aligned(16)));

static unsigned long giga(unsigned long gpa, unsigned long flags)
{
	return (gpa >> 12) << 10 | _PAGE_V | _PAGE_A | flags;
}

static void load_root(void)
{
	csr_write(satp, SATP_MODE_39 | (unsigned long)root >> 12);
	sfence_vma_all();
}

static unsigned long va_of_slot(unsigned long slot)
{
	unsigned long va = slot << 30;

	return slot >= 256 ? va | 0xffffff8000000000UL : va;
}

/* SVPN's range: loads at `step`, and every page of the first 2 MiB (the stub and SVPN's image). */
static void probe_hole(unsigned long step)
{
	unsigned long va;

	for (va = HOLE_BASE; va - HOLE_BASE < HOLE_SIZE; va += step)
		probe_one(va, 0, EXPECT_SVPN);
	for (va = SVPN_IMAGE_VA; va < SVPN_IMAGE_VA + 2 * MIB; va += 0x1000)
		probe_one(va + 0x800, 0, EXPECT_SVPN);
}

/* Stores and fetches in SVPN's range: all must fault (a store that lands would corrupt SVPN). */
static void poke_hole(void)
{
	static const unsigned long offs[] = {
		0x0, 0x10000, 0x20000, 0x30000, 0x40000, 0x50000, 0x60000, 0x100000,
	};
	unsigned i;

	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		unsigned long va = SVPN_IMAGE_VA + offs[i];
		struct probe s = probe_sd(va + 0x400, 0);
		struct probe x;

		st.probes += 2;
		if (!s.fault) {
			if (!st.svpn_readable++)
				st.svpn_readable_at = va + 0x400;
			printf("isolation: LEAK store into SVPN's range at %lx went through\n",
			       va + 0x400);
		} else {
			note_fault(s.fault);
			if (s.fault != 1 + EXC_STORE_PAGE_FAULT && !st.wrong_cause++) {
				st.wrong_cause_at = va + 0x400;
				st.wrong_cause_was = s.fault - 1;
			}
		}
		exec_target = va;
		x = probe_exec(va);
		exec_target = 0;
		if (!x.fault) {
			if (!st.svpn_readable++)
				st.svpn_readable_at = va;
			printf("isolation: LEAK fetch from SVPN's range at %lx went through\n", va);
		} else {
			note_fault(x.fault);
			if (x.fault != 1 + EXC_INST_PAGE_FAULT && !st.wrong_cause++) {
				st.wrong_cause_at = va;
				st.wrong_cause_was = x.fault - 1;
			}
		}
	}
}

static unsigned long u_load(unsigned long va, unsigned long *fault)
{
	unsigned long v;

	u_fault_cause = 0;
	v = (unsigned long)enter_user((void (*)(long))((unsigned long)u_probe_ld + u_alias_off),
				      (unsigned long)&u_stack[128] + u_alias_off, (long)va);
	*fault = u_fault_cause;
	return v;
}

/* U-mode loads: SVPN's range must fault (page fault) with U pages mapped there. */
static void probe_hole_user(unsigned long step)
{
	unsigned long va, fault, v;

	for (va = HOLE_BASE; va - HOLE_BASE < HOLE_SIZE; va += step) {
		v = u_load(va + 0x800, &fault);
		st.probes++;
		if (fault) {
			note_fault(fault);
			if (fault != 1 + EXC_LOAD_PAGE_FAULT && !st.wrong_cause++) {
				st.wrong_cause_at = va + 0x800;
				st.wrong_cause_was = fault - 1;
			}
			continue;
		}
		st.reads++;
		check_value(va + 0x800, v);
		if (!st.svpn_readable++)
			st.svpn_readable_at = va + 0x800;
		printf("isolation: LEAK SVPN memory readable from U at %lx: %lx\n", va + 0x800, v);
	}
}

static void control(const char *what, int ok)
{
	if (!ok) {
		st.control_fail++;
		printf("isolation: control failed: %s\n", what);
	}
}

static void probe_sv39(void)
{
	unsigned long t0 = rdtime(), f0 = st.faults, p0 = st.probes;
	unsigned long slot, image_word = *(volatile u64 *)(ram_lo + 0x200000), fault, v;
	struct probe r;

	/*
	 * Pass 1: root slot i -> guest-physical i GiB, all 512 of them, so the
	 * lower half is guest-physical 0..256 GiB and the upper half 256..512 GiB.
	 */
	for (slot = 0; slot < 512; slot++)
		root[slot] = giga(slot << 30, _PAGE_R);
	root[ram_lo >> 30] = giga(ram_lo & ~(GIB - 1), _PAGE_R | _PAGE_W | _PAGE_X | _PAGE_D);
	load_root();
	probe_stride(0, 4 * GIB, MIB, 0, EXPECT_ANY);
	probe_stride(4 * GIB, 256 * GIB, 64 * MIB, 0, EXPECT_ANY);
	for (slot = 256; slot < 512; slot++) {
		unsigned long va = va_of_slot(slot);

		if (slot >= HOLE_SLOT && slot < HOLE_SLOT + HOLE_SLOTS)
			continue;
		probe_stride(va, va + GIB, 256 * MIB, va - (slot << 30), EXPECT_ANY);
	}
	probe_hole(256 * 1024);
	printf("isolation: (c) pass 1 (slot i -> gpa i GiB): %lu probes, %lu faults\n",
	       st.probes - p0, st.faults - f0);

	/*
	 * Pass 2: the upper half as U pages over guest-physical 0..4 GiB, again and
	 * again (slot 256 + j -> (j % 4) GiB), read with SUM from S and from U: SVPN's
	 * slots 256..259 map the guest's own RAM and devices, and must still fault;
	 * slots 260.. are controls that must read. A U alias of the first RAM GiB
	 * runs the U probes.
	 */
	p0 = st.probes;
	f0 = st.faults;
	for (slot = 256; slot < 512; slot++)
		root[slot] = giga(((slot - 256) % 4) << 30, _PAGE_U | _PAGE_R | _PAGE_W | _PAGE_D);
	root[U_ALIAS_BASE >> 30] =
		giga(ram_lo & ~(GIB - 1), _PAGE_U | _PAGE_R | _PAGE_W | _PAGE_X | _PAGE_D);
	load_root();
	csr_set(sstatus, SR_SUM);
	probe_hole(MIB);
	poke_hole();
	/* controls: the same guest mapping one slot set higher reads RAM and devices */
	r = probe_ld(va_of_slot(260 + (ram_lo >> 30)) + (ram_lo & (GIB - 1)) + 0x200000);
	control("upper-half alias of own RAM reads the image", !r.fault && r.val == image_word);
	r = probe_lb(va_of_slot(260) + 0x10000005); /* UART LSR: THR empty */
	control("upper-half alias of the UART reads LSR", !r.fault && (r.val & 0x20));
	probe_stride(va_of_slot(260), va_of_slot(264), MIB, va_of_slot(260), EXPECT_ANY);
	csr_clear(sstatus, SR_SUM);
	/* U mode */
	u_alias_off = U_ALIAS_BASE - (ram_lo & ~(GIB - 1));
	probe_hole_user(16 * MIB);
	v = u_load(va_of_slot(260 + (ram_lo >> 30)) + (ram_lo & (GIB - 1)) + 0x200000, &fault);
	control("U reads own RAM through the upper half", !fault && v == image_word);
	u_alias_off = 0;
	csr_write(satp, 0);
	sfence_vma_all();
	printf("isolation: (c) pass 2 (upper half U -> gpa 0..4 GiB; SUM, stores, fetches, U):"
	       " %lu probes, %lu faults\n",
	       st.probes - p0, st.faults - f0);
	printf("isolation: (c) Sv39 in %lu ms\n", ms_since(t0));
}

static void scan(void)
{
	unsigned long delay = bootarg_num("delay", 2);
	unsigned long t0, i;
	int ok;

	/* the recognisers must know a canary, and nothing else */
	recognisers_init();
	control("canary recognised",
		canary_of(CANARY ^ (opaque(ram_lo + 0x400000) * CANARY_K)) == ram_lo + 0x400000);
	control("constants are no canaries", !canary_of(0) && !canary_of(~0UL) &&
						     !canary_of(CANARY) && !canary_of(CANARY_K) &&
						     !canary_of(canary_kinv));
	control("marker straddle", marker_straddles(marker1 << 24, marker1 >> 40));

	sleep_until(rdtime() + delay * timebase);
	printf("isolation: scan start\n");
	t0 = rdtime();
	trap_hook = probe_hook;
	scan_own_ram();
	probe_bare();
	probe_sv39();
	trap_hook = 0;

	printf("isolation: probes %lu, reads %lu, faults %lu by cause:", st.probes, st.reads,
	       st.faults);
	for (i = 0; i < 16; i++)
		if (st.cause[i])
			printf(" %lu:%lu", i, st.cause[i]);
	printf("\n");
	if (st.undeclared)
		printf("isolation: %lu reads outside RAM and declared devices (first at %lx)\n",
		       st.undeclared, st.undeclared_at);
	if (st.wrong_cause)
		printf("isolation: %lu faults in SVPN's range with an unexpected cause (first at %lx:"
		       " scause %lu)\n",
		       st.wrong_cause, st.wrong_cause_at, st.wrong_cause_was);
	if (st.canary_hits)
		printf("isolation: first canary at %lx (planter gpa %lx)\n", st.canary_at,
		       st.canary_from);
	if (st.marker_hits)
		printf("isolation: first SVPN marker at %lx\n", st.marker_at);
	if (st.svpn_readable)
		printf("isolation: SVPN's range reachable at %lx\n", st.svpn_readable_at);
	printf("isolation: scan done in %lu ms\n", ms_since(t0));
	printf("isolation: canary hits %lu, svpn memory readable %s, faults %lu\n", st.canary_hits,
	       yesno(st.svpn_readable || st.marker_hits), st.faults);
	ok = !st.canary_hits && !st.marker_hits && !st.svpn_readable && !st.undeclared &&
	     !st.wrong_cause && !st.control_fail && !st.residue;
	printf("isolation: %s\n", ok ? "nothing leaked" : "ISOLATION FAILED");
	CHECK(ok);
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	const char *role;

	(void)hartid;
	fdt_parse(dtb);
	role = bootarg("role");
	printf("isolation: bootargs \"%s\", RAM %lx+%lx, %d device windows, timebase %lu\n",
	       bootargs, ram_lo, ram_size, nr_dev_win, timebase);
	if (role && strprefix(role, "plant"))
		plant();
	else if (role && strprefix(role, "scan"))
		scan();
	else
		guest_abort("bootargs need role=plant or role=scan");
}
