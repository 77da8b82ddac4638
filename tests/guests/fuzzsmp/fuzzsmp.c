// SPDX-License-Identifier: GPL-2.0
/*
 * fuzzsmp: a hostile SMP guest. Every hart it is given runs its own PRNG
 * stream (from the seed in the boot arguments and its hart id) through random
 * operations on what SVPN emulates: S-mode CSRs (satp with random roots, modes
 * and ASIDs; sstatus, sie, sip, stvec, sscratch, stimecmp, ...), random CSR
 * numbers and SYSTEM instructions, SBI calls with random arguments (HSM on
 * siblings, self-stop and suspend, remote fences, IPIs, timers), a shared pool
 * of page-table pages that all harts rewrite with random PTEs while they load
 * through random views of it, stores through a private window to memory that
 * is not the guest's, MMIO of random width and offset to its devices, WFI with
 * a timer armed.
 *
 * Run it under SVPN beside tests/guests/bystander (tests/guests/run-fuzz.sh).
 * Boot arguments: seed=S steps=N (all harts together) progress=K (a progress
 * line per hart every K steps) mem=M (guest RAM in MiB, for what lies outside
 * it) trace=T (a line per operation from step T on: for narrowing a crash down)
 * canon=1 (fence addresses canonical only).
 *
 * What it checks itself (a failure ends the guest with exit code 1):
 *  - no fault outside the instructions meant to fault (its code, data and
 *    stacks are mapped in every view it uses: see pool_init());
 *  - a CSR instruction or SBI call changes no register but its results;
 *  - a store to its own memory through the private window reads back;
 *  - memory outside its RAM never keeps what was stored there;
 *  - satp ignores writes with a mode SVPN does not offer.
 * The seed fixes each hart's operations, not how the harts interleave.
 */
#include "guest.h"
#include "smp.h"
#include <hw/sifive_test.h>
#include <riscv/pte.h>

const char guest_name[] = GUEST_NAME;

#define MAX_HARTS    8 /* probe.S: FZ_MAX_HARTS */
#define NPOOL	     48
#define NSCRATCH     4 /* per hart */
#define PAGE	     4096UL
#define RAM_BASE     0x80000000UL
#define PRIV_L2	     (400 + 0) /* + hartid: the private window's root index */
#define TEST0_BASE   0x100000UL
#define CLINT_BASE   0x2000000UL
#define PLIC_BASE    0xc000000UL
#define UART_BASE    0x10000000UL
#define INSN_RET     0x00008067U
#define HART_RUNNING 0
#define HART_STOPPED 1
#define HART_DONE    2

typedef unsigned long pte_t;

/* probe.S */
extern char fz_trap_entry[], fz_secondary_entry[], fz_probe_start[], fz_probe_end[];
extern char fz_longjmp[];
void fz_wfi(void);
int fz_setjmp(u64 *buf);
void fz_slot_run(u64 *regs, u32 *slot);
void fz_ecall(u64 *regs);
void fz_sfence(u64 va, u64 asid, int kind);
u64 fz_stvec_try(u64 val);
void fz_sret_here(int spie);
u64 fz_amo_keep_w(u64 addr);
u64 fz_amo_keep_d(u64 addr);
u64 fz_lrsc_keep_d(u64 addr);
#define LOADS(x) u64 x(u64 addr), x##_off(u64 addr)
LOADS(fz_lb);
LOADS(fz_lh);
LOADS(fz_lw);
LOADS(fz_ld);
LOADS(fz_lbu);
LOADS(fz_lhu);
LOADS(fz_lwu);
#define STORES(x) void x(u64 addr, u64 v), x##_off(u64 addr, u64 v)
STORES(fz_sb);
STORES(fz_sh);
STORES(fz_sw);
STORES(fz_sd);

static u64 (*const loads[])(u64) = {
	fz_lb,	   fz_lh,     fz_lw,	 fz_ld,	    fz_lbu,	fz_lhu,	    fz_lwu,
	fz_lb_off, fz_lh_off, fz_lw_off, fz_ld_off, fz_lbu_off, fz_lhu_off, fz_lwu_off,
};
static void (*const stores[])(u64, u64) = {
	fz_sb, fz_sh, fz_sw, fz_sd, fz_sb_off, fz_sh_off, fz_sw_off, fz_sd_off,
};
static const unsigned store_width[] = { 1, 2, 4, 8, 1, 2, 4, 8 };

enum op {
	OP_CSR_S,
	OP_CSR_ANY,
	OP_SYSTEM,
	OP_STVEC,
	OP_SATP,
	OP_PT_MUTATE,
	OP_TOUCH,
	OP_PRIV_STORE,
	OP_SBI_ANY,
	OP_SBI_HSM,
	OP_SBI_FENCE_IPI,
	OP_TIMER,
	OP_WFI,
	OP_SUSPEND,
	OP_SELF_STOP,
	OP_MMIO,
	OP_SRET,
	OP_NR
};
static const char *const op_name[OP_NR] = {
	"csr-s", "csr-any",    "system",    "stvec", "satp",	  "pt-mutate",
	"touch", "priv-store", "sbi",	    "hsm",   "fence-ipi", "timer",
	"wfi",	 "suspend",    "self-stop", "mmio",  "sret",
};
/* Relative weights, out of their sum. */
static const unsigned op_weight[OP_NR] = {
	[OP_CSR_S] = 14,  [OP_CSR_ANY] = 8,    [OP_SYSTEM] = 4,	       [OP_STVEC] = 2,
	[OP_SATP] = 8,	  [OP_PT_MUTATE] = 14, [OP_TOUCH] = 16,	       [OP_PRIV_STORE] = 8,
	[OP_SBI_ANY] = 8, [OP_SBI_HSM] = 4,    [OP_SBI_FENCE_IPI] = 6, [OP_TIMER] = 3,
	[OP_WFI] = 2,	  [OP_SUSPEND] = 1,    [OP_SELF_STOP] = 1,     [OP_MMIO] = 8,
	[OP_SRET] = 1,
};

struct hart {
	unsigned long id;
	u64 rng;
	u64 step, nsteps;
	u64 jb[14];
	volatile int state;
	u32 *slot;
	/* private window: root (also a satp view), its level-1 and level-0 tables */
	pte_t *root, *l1, *l0;
	u64 *scratch;
	/* counters */
	u64 traps, irqs, recovered, restarts;
	volatile u64 timer_irqs, soft_irqs, ext_irqs;
	u64 cause_count[16], op_count[OP_NR];
	u64 unexpected, clobbers, mismatches, leaks, warl_fails;
	u64 unexp_cause, unexp_epc, unexp_tval, unexp_step;
	int trace;
	enum op cur_op;
};

static struct hart harts[MAX_HARTS];
static unsigned long nharts, boot_hart;
static u64 seed, total_steps, progress_every, trace_from = ~0UL;
static unsigned long ram_size = 128UL << 20;
static int has_sstc, canon_fences;
static guest_lock_t print_lock;
static volatile int running, done_count;
static volatile int go;
static u64 start_time;

static pte_t pool[NPOOL][512] __attribute__((aligned(4096)));
static pte_t priv_tables[MAX_HARTS][3][512] __attribute__((aligned(4096)));
static u64 scratch[MAX_HARTS][NSCRATCH][512] __attribute__((aligned(4096)));
static u32 slots[MAX_HARTS][16] __attribute__((aligned(64)));
static u64 mask_buf[MAX_HARTS][2];

/* The print lock, and who holds it (an unexpected trap may leave it held: recover() frees it). */
static volatile long print_owner = -1;
static void plock(unsigned long id)
{
	guest_lock(&print_lock);
	print_owner = (long)id;
}

static void punlock(void)
{
	print_owner = -1;
	guest_unlock(&print_lock);
}

#define say(...)                                 \
	do {                                     \
		plock(me()->id);                 \
		printf("fuzzsmp: " __VA_ARGS__); \
		punlock();                       \
	} while (0)

static inline struct hart *me(void)
{
	struct hart *h;

	asm volatile("mv %0, tp" : "=r"(h));
	return h;
}

/* ---- PRNG (xorshift64*), per hart ---- */
static u64 rnd(struct hart *h)
{
	h->rng ^= h->rng >> 12;
	h->rng ^= h->rng << 25;
	h->rng ^= h->rng >> 27;
	return h->rng * 0x2545f4914f6cdd1dUL;
}

static unsigned rnd_below(struct hart *h, unsigned n)
{
	return (unsigned)((rnd(h) >> 32) % n);
}

/* Edge cases more often than chance would give them (as fuzzcsr's rnd_value). */
static u64 rnd_value(struct hart *h)
{
	switch (rnd_below(h, 10)) {
	case 0:
		return 0;
	case 1:
		return ~0UL;
	case 2:
		return rnd(h) & 0x1f;
	case 3:
		return 1UL << rnd_below(h, 64);
	case 4:
		return ~(1UL << rnd_below(h, 64));
	case 5:
		return rnd(h) & 0xffff;
	case 6:
		return rnd(h) & rnd(h);
	default:
		return rnd(h);
	}
}

static inline u64 atomic_add(volatile int *p, int v)
{
	return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST);
}

/* ---- traps ---- */
static int in_range(u64 a, const void *lo, const void *hi)
{
	return a >= (u64)lo && a < (u64)hi;
}

static int insn_len_at(u64 epc)
{
	return (*(volatile u16 *)epc & 3) == 3 ? 4 : 2;
}

static void plic_claim_complete(struct hart *h)
{
	/* S context of this hart: 2h + 1 (QEMU virt, Documentation/devices.md) */
	volatile u32 *claim = (volatile u32 *)(PLIC_BASE + 0x200004 + 0x1000 * (2 * h->id + 1));
	u32 id = *claim;

	if (id)
		*claim = id;
}

void fz_trap(struct trap_frame *f)
{
	struct hart *h = me();

	if (f->cause & CAUSE_IRQ_FLAG) {
		unsigned long irq = f->cause & ~CAUSE_IRQ_FLAG;

		h->irqs++;
		/* mask what fired, so that a level interrupt cannot loop */
		if (irq == IRQ_S_SOFT) {
			h->soft_irqs++;
			csr_clear(sip, SIP_SSIP);
		} else if (irq == IRQ_S_TIMER) {
			h->timer_irqs++;
			csr_clear(sie, SIE_STIE);
		} else if (irq == IRQ_S_EXT) {
			h->ext_irqs++;
			plic_claim_complete(h);
			csr_clear(sie, SIE_SEIE);
		} else {
			csr_clear(sie, 1UL << (irq & 63));
		}
		/* taken just before fz_wfi's wfi: do not sleep after the wakeup */
		if (f->epc == (u64)fz_wfi)
			f->epc += 4;
		return;
	}
	h->traps++;
	h->cause_count[f->cause & 15]++;
	if (in_range(f->epc, fz_probe_start, fz_probe_end) ||
	    in_range(f->epc, h->slot, h->slot + 16)) {
		f->epc += insn_len_at(f->epc);
		return;
	}
	/* SVPN faulted the fuzzer's own code or data: record, back to the step loop */
	if (!h->unexpected++) {
		h->unexp_cause = f->cause;
		h->unexp_epc = f->epc;
		h->unexp_tval = f->tval;
		h->unexp_step = h->step;
	}
	f->epc = (u64)fz_longjmp;
	f->x[10] = (u64)h->jb;
}

/* ---- page tables ---- */
static pte_t pte_make(u64 pa, u64 flags)
{
	return (pa >> 12) << 10 | flags;
}

/*
 * Every pool page and private root maps the first two gigabytes the same way
 * at index 0 (devices, RWX) and 2 (RAM: code, data, stacks), entries nobody
 * rewrites: any of them can be a root (of Sv39, or of a wider mode, where
 * index 0 is a leaf covering the same addresses), and the fuzzer keeps running
 * under every view it picks. The other entries are fair game.
 */
static void table_init(pte_t *t)
{
	memset(t, 0, PAGE);
	t[0] = pte_make(0, _PAGE_V | _PAGE_R | _PAGE_W | _PAGE_X | _PAGE_A | _PAGE_D | _PAGE_G);
	t[2] = pte_make(RAM_BASE,
			_PAGE_V | _PAGE_R | _PAGE_W | _PAGE_X | _PAGE_A | _PAGE_D | _PAGE_G);
}

static int protected_index(unsigned i)
{
	return i == 0 || i == 2;
}

static unsigned rnd_index(struct hart *h)
{
	static const u16 hot[] = { 1, 3, 4, 5, 255, 256, 257, 511 };

	return rnd_below(h, 3) ? hot[rnd_below(h, ARRAY_SIZE(hot))] : rnd_below(h, 512);
}

static unsigned rnd_mutable_index(struct hart *h)
{
	unsigned i = rnd_index(h);

	return protected_index(i) ? 1 : i;
}

static u64 ram_end(void)
{
	return RAM_BASE + ram_size;
}

/* Physical addresses that are no RAM of this guest and no device of its machine. */
static u64 rnd_outside_pa(struct hart *h)
{
	static const u64 pa[] = {
		0x0UL,	       0x1000UL,     0x101000UL,   0x3000000UL,		0x10001000UL,
		0x20000000UL,  0x30000000UL, 0x40000000UL, 0x80000000UL - PAGE, 0x100000000UL,
		0x180000000UL, 1UL << 38,    1UL << 40,	   (1UL << 56) - PAGE,	0xc600000UL,
	};

	switch (rnd_below(h, 4)) {
	case 0:
		return ram_end() + (u64)rnd_below(h, 64) * PAGE;
	case 1:
		return ram_end() + (rnd(h) & 0x3ffff000UL);
	default:
		return pa[rnd_below(h, ARRAY_SIZE(pa))];
	}
}

static u64 rnd_leaf_pa(struct hart *h)
{
	static const u64 dev[] = { UART_BASE, PLIC_BASE, PLIC_BASE + 0x200000, CLINT_BASE,
				   TEST0_BASE };

	switch (rnd_below(h, 9)) {
	case 0:
		return (u64)scratch[rnd_below(h, nharts)][rnd_below(h, NSCRATCH)];
	case 1:
		return (u64)pool[rnd_below(h, NPOOL)];
	case 2: /* 2 MiB pieces of RAM, ours or past its end */
		return RAM_BASE + ((u64)rnd_below(h, 2 * (ram_size >> 21)) << 21);
	case 3:
		return rnd_below(h, 2) ? RAM_BASE : 0;
	case 4:
		return dev[rnd_below(h, ARRAY_SIZE(dev))];
	case 5:
	case 6:
		return rnd_outside_pa(h);
	case 7: /* anywhere in RAM, code included: leaf targets are only read or kept */
		return RAM_BASE + (rnd(h) % ram_size & ~(PAGE - 1));
	default:
		return rnd(h) & ((1UL << 56) - PAGE);
	}
}

static u64 rnd_leaf_flags(struct hart *h)
{
	u64 f = _PAGE_V;

	switch (rnd_below(h, 4)) {
	case 0:
		f |= _PAGE_R | _PAGE_W | _PAGE_A | _PAGE_D;
		break;
	case 1:
		f |= _PAGE_R | _PAGE_A;
		break;
	default:
		f |= rnd(h) & 0xfe; /* R W X U G A D at random, W-only included */
		if (!(f & (_PAGE_R | _PAGE_W | _PAGE_X)))
			f |= _PAGE_X;
		break;
	}
	if (!rnd_below(h, 8)) /* reserved / PBMT / N bits */
		f |= rnd(h) & (0x3ffUL << 54);
	return f;
}

/*
 * A random PTE. Pointers go only to pool pages or to what is not RAM: SVPN
 * sets A/D in what it walks, which must not be the fuzzer's code or stacks.
 */
static pte_t rnd_pte(struct hart *h)
{
	switch (rnd_below(h, 20)) {
	case 0 ... 4: /* pointer to a pool page, sometimes with reserved A/D/U bits */
		return pte_make(
			(u64)pool[rnd_below(h, NPOOL)],
			_PAGE_V | (rnd_below(h, 6) ? 0 : rnd(h) & (_PAGE_A | _PAGE_D | _PAGE_U)));
	case 5: /* pointer to no memory, or to a device */
		return pte_make(rnd_below(h, 2) ? rnd_outside_pa(h) :
						  (rnd_below(h, 2) ? UART_BASE : PLIC_BASE),
				_PAGE_V);
	case 6 ... 11:
		return pte_make(rnd_leaf_pa(h), rnd_leaf_flags(h));
	case 12 ... 13: /* not valid, other bits random */
		return rnd(h) & ~_PAGE_V;
	case 14 ... 15:
		return rnd(h);
	default:
		return 0;
	}
}

static u64 sext39(u64 va)
{
	return (u64)((long)(va << 25) >> 25);
}

/*
 * An address for sfence.vma or an SBI remote fence: canon=1 in the boot
 * arguments keeps them canonical, for campaigns that must get past SVPN's
 * non-canonical fence bug while it is open (see run-fuzz.sh, FUZZ_ARGS).
 */
static u64 fence_va(u64 va)
{
	return canon_fences ? sext39(va) : va;
}

/* A virtual address the pool's walks are likely to reach, sometimes non-canonical. */
static u64 rnd_va(struct hart *h)
{
	u64 va = (u64)rnd_index(h) << 30 | (u64)rnd_index(h) << 21 | (u64)rnd_index(h) << 12;

	switch (rnd_below(h, 8)) {
	case 0:
		va |= rnd(h) & 0xfff;
		break;
	case 1:
		va |= 0xff8;
		break;
	default:
		va |= rnd(h) & 0xff8;
		break;
	}
	va = sext39(va);
	if (!rnd_below(h, 16))
		va ^= 1UL << (39 + rnd_below(h, 25));
	else if (!rnd_below(h, 16))
		va = RAM_BASE + (rnd(h) % ram_size); /* our own RAM through index 2 */
	return va;
}

static pte_t *rnd_root(struct hart *h)
{
	return rnd_below(h, 3) ? pool[rnd_below(h, NPOOL)] : h->root;
}

static void pool_init(void)
{
	for (int i = 0; i < NPOOL; i++)
		table_init(pool[i]);
}

/* ---- CSRs ---- */
static const unsigned fz_regs[] = { 5, 6, 7, 10, 11, 12, 13, 14, 15, 16, 17, 28, 29, 30, 31 };

/* The S-mode CSRs a virtual hart has, stvec and satp aside (see op_stvec, op_satp). */
static const u16 s_csrs[] = {
	0x100, 0x104, 0x106, 0x10a, 0x140, 0x141, 0x142, 0x143, 0x144, CSR_STIMECMP,
};

static unsigned rnd_any_csr(struct hart *h)
{
	unsigned c;

	do {
		switch (rnd_below(h, 6)) {
		case 0:
			c = 0x100 + rnd_below(h, 0x81);
			break;
		case 1:
			c = 0xc00 + rnd_below(h, 0x20);
			break;
		case 2:
			c = 0x300 + rnd_below(h, 0x100);
			break;
		case 3:
			c = 0x600 + rnd_below(h, 0x100);
			break;
		default:
			c = rnd_below(h, 0x1000);
			break;
		}
	} while (c == CSR_STVEC || c == CSR_SATP);
	return c;
}

/* A value for CSR csr that cannot take the fuzzer down. */
static u64 csr_value(struct hart *h, unsigned csr)
{
	u64 v = rnd_value(h);

	if (csr == CSR_STIMECMP && rnd_below(h, 2))
		v = rdtime() + rnd_below(h, 20000); /* soon: a timer interrupt */
	return v;
}

/*
 * Run one SYSTEM instruction in this hart's slot with random registers, and
 * check that it changed no register but rd (and none if it trapped).
 */
static void run_slot(struct hart *h, u32 insn, unsigned rs1, u64 v)
{
	u64 in[32], out[32];
	unsigned rd = (insn >> 7) & 31;
	u64 traps = h->traps;

	for (unsigned i = 0; i < ARRAY_SIZE(fz_regs); i++)
		in[fz_regs[i]] = rnd_value(h);
	if (rs1)
		in[rs1] = v;
	memcpy(out, in, sizeof(in));
	h->slot[0] = insn;
	h->slot[1] = INSN_RET;
	asm volatile("fence.i" ::: "memory");
	if (h->trace)
		say("hart %lu step %lu slot insn %08x rs1=x%u v=%lx\n", h->id, h->step, insn, rs1,
		    v);
	fz_slot_run(out, h->slot);
	for (unsigned i = 0; i < ARRAY_SIZE(fz_regs); i++) {
		unsigned r = fz_regs[i];

		if (out[r] != in[r] && (r != rd || h->traps != traps)) {
			if (!h->clobbers++)
				say("hart %lu step %lu: FAIL insn %08x changed x%u %lx -> %lx "
				    "(trapped %s)\n",
				    h->id, h->step, insn, r, in[r], out[r],
				    yesno(h->traps != traps));
		}
	}
}

static u32 csr_insn(struct hart *h, unsigned csr, unsigned *rs1, int writes)
{
	unsigned f3 = 1 + rnd_below(h, 3), rd, src;

	rd = rnd_below(h, 8) ? fz_regs[rnd_below(h, ARRAY_SIZE(fz_regs))] : 0;
	if (!writes) /* csrrs rd, csr, x0: a read */
		return csr << 20 | 2 << 12 | rd << 7 | 0x73;
	if (rnd_below(h, 4)) {
		src = fz_regs[rnd_below(h, ARRAY_SIZE(fz_regs))];
		*rs1 = src;
	} else {
		f3 |= 4; /* immediate forms */
		src = rnd_below(h, 32);
		*rs1 = 0;
	}
	return csr << 20 | src << 15 | f3 << 12 | rd << 7 | 0x73;
}

static void op_csr(struct hart *h, int any)
{
	unsigned csr = any ? rnd_any_csr(h) : s_csrs[rnd_below(h, ARRAY_SIZE(s_csrs))];
	unsigned rs1 = 0;
	u32 insn;

	if (csr == CSR_STIMECMP && !has_sstc && rnd_below(h, 2))
		csr = 0x144;
	insn = csr_insn(h, csr, &rs1, rnd_below(h, 4));
	run_slot(h, insn, rs1, csr_value(h, csr));
}

/* funct3 = 0 SYSTEM instructions: sfence.vma and friends with random operands. */
static void op_system(struct hart *h)
{
	static const u32 base[] = {
		0x00100073, /* ebreak */
		0x00200073, /* uret */
		0x30200073, /* mret */
		0x7b200073, /* dret */
		0x12000073, /* sfence.vma */
		0x16000073, /* sinval.vma */
		0x18000073, /* sfence.w.inval */
		0x18100073, /* sfence.inval.ir */
		0x22000073, /* hfence.vvma */
		0x62000073, /* hfence.gvma */
		0x0000100f, /* fence.i */
		0x00d00073, /* wrs.nto */
	};
	u32 b = base[rnd_below(h, ARRAY_SIZE(base))];
	unsigned r1 = fz_regs[rnd_below(h, ARRAY_SIZE(fz_regs))];
	unsigned r2 = fz_regs[rnd_below(h, ARRAY_SIZE(fz_regs))];

	if ((b & 0x7f) == 0x73 && rnd_below(h, 2))
		b |= r1 << 15 | r2 << 20;
	if (!rnd_below(h, 4)) { /* a flipped bit in rd, rs1, rs2 or funct7, never in funct3 */
		unsigned bit = 7 + rnd_below(h, 22);

		b ^= 1U << (bit >= 12 ? bit + 3 : bit);
	}
	/*
	 * Never the ecall, sret or wfi encodings (ops of their own; SVPN may well
	 * decode funct12 alone), and the rd/rs1 fields must name slot registers.
	 */
	if ((b & 0x7f) == 0x73 && ((b >> 20) == 0 || (b >> 20) == 0x102 || (b >> 20) == 0x105))
		b = 0x12000073;
	run_slot(h, b, r1, fence_va(rnd_below(h, 2) ? rnd_va(h) : rnd_value(h)));
}

static void op_stvec(struct hart *h)
{
	u64 v = rnd_value(h), got = fz_stvec_try(v);

	if (h->trace)
		say("hart %lu step %lu stvec %lx -> %lx\n", h->id, h->step, v, got);
	if (csr_read(stvec) != (u64)fz_trap_entry)
		csr_write(stvec, fz_trap_entry);
}

/* A view: bare, the private root or any pool page, with a random ASID; or a mode SVPN has not. */
static void op_satp(struct hart *h)
{
	u64 asid = rnd_below(h, 2) ? rnd(h) & 0xffff : rnd_below(h, 4);
	u64 old = csr_read(satp), v, got;
	int ignored = 0;

	switch (rnd_below(h, 8)) {
	case 0:
		v = 0;
		break;
	case 1: /* Sv48 / Sv57 on a pool root (mapped alike, should SVPN take them) */
		v = (9UL + rnd_below(h, 2)) << 60 | asid << 44 | (u64)rnd_root(h) >> 12;
		ignored = 1;
		break;
	case 2: /* reserved modes: satp must stay as it was */
		v = (1UL + rnd_below(h, 7)) << 60 | (rnd(h) & ((1UL << 60) - 1));
		ignored = 1;
		break;
	default:
		v = SATP_MODE_39 | asid << 44 | (u64)rnd_root(h) >> 12;
		break;
	}
	csr_write(satp, v);
	got = csr_read(satp);
	if (h->trace)
		say("hart %lu step %lu satp %lx -> %lx\n", h->id, h->step, v, got);
	if (ignored && got != old && !h->warl_fails++)
		say("hart %lu step %lu: FAIL satp %lx written over %lx reads %lx\n", h->id, h->step,
		    v, old, got);
	if (rnd_below(h, 2))
		fz_sfence(fence_va(rnd_va(h)), asid, rnd_below(h, 4));
}

static void rnd_sfence(struct hart *h)
{
	if (rnd_below(h, 6))
		fz_sfence(fence_va(rnd_va(h)),
			  rnd_below(h, 2) ? csr_read(satp) >> 44 & 0xffff : rnd(h),
			  rnd_below(h, 4));
}

static void op_pt_mutate(struct hart *h)
{
	for (unsigned n = 1 + rnd_below(h, 8); n; n--) {
		pte_t *t = pool[rnd_below(h, NPOOL)];
		unsigned i = rnd_mutable_index(h);
		pte_t v = rnd_pte(h);

		if (h->trace)
			say("hart %lu step %lu pte %lx[%u] = %lx\n", h->id, h->step, (u64)t, i, v);
		*(volatile pte_t *)&t[i] = v;
	}
	rnd_sfence(h);
}

/* SUM and MXR at random: loads through U pages and execute-only pages. */
static void rnd_sum_mxr(struct hart *h)
{
	if (rnd_below(h, 2))
		csr_set(sstatus, SR_SUM);
	else
		csr_clear(sstatus, SR_SUM);
	if (rnd_below(h, 2))
		csr_set(sstatus, SR_MXR);
	else
		csr_clear(sstatus, SR_MXR);
}

static void op_touch(struct hart *h)
{
	if (rnd_below(h, 3) == 0)
		csr_write(satp, SATP_MODE_39 | (u64)rnd_below(h, 4) << 44 | (u64)rnd_root(h) >> 12);
	rnd_sum_mxr(h);
	for (unsigned n = 1 + rnd_below(h, 8); n; n--) {
		u64 va = rnd_va(h), k = rnd_below(h, 20);

		if (h->trace)
			say("hart %lu step %lu touch %lx kind %lu satp %lx\n", h->id, h->step, va,
			    k, csr_read(satp));
		if (k < ARRAY_SIZE(loads))
			loads[k](va);
		else if (k < 16)
			fz_amo_keep_w(va & ~3UL);
		else if (k < 18)
			fz_amo_keep_d(va & ~7UL);
		else if (k < 19)
			fz_lrsc_keep_d(va & ~7UL);
		else
			fz_amo_keep_d(va); /* misaligned AMO */
	}
}

/*
 * Stores with random values through a window only this hart maps: to its
 * own scratch pages (they must read back), to pool pages (random PTEs at
 * unprotected offsets: page tables changed through an alias) or to physical
 * addresses outside its RAM (they must fault, or at least not keep the value).
 */
static void op_priv_store(struct hart *h)
{
	u64 window = sext39((u64)(PRIV_L2 + h->id) << 30);
	u64 va, pa, off, v, got, traps;
	unsigned kind = rnd_below(h, 4), s = rnd_below(h, ARRAY_SIZE(stores)), i;
	unsigned w = store_width[s];
	int outside = 0, check = 0;
	u64 flags = rnd_below(h, 3) ? _PAGE_V | _PAGE_R | _PAGE_W | _PAGE_A | _PAGE_D :
				      rnd_leaf_flags(h);

	off = rnd(h) & (PAGE - 1) & ~(u64)(w - 1);
	if (kind == 0) { /* own scratch */
		pa = (u64)h->scratch + (u64)rnd_below(h, NSCRATCH) * PAGE;
		v = rnd_value(h);
		check = 1;
	} else if (kind == 1) { /* a pool page, at an unprotected entry */
		i = rnd_mutable_index(h);
		pa = (u64)pool[rnd_below(h, NPOOL)];
		off = i * 8;
		s = rnd_below(h, 2) ? 3 : 7; /* sd */
		w = 8;
		v = rnd_pte(h);
	} else {
		pa = rnd_outside_pa(h) & ~(PAGE - 1);
		v = rnd(h) | 1;
		outside = 1;
	}
	/* the leaf: 4 KiB in l0, or (outside RAM) a superpage in l1 or the root */
	if (outside && rnd_below(h, 4) == 0) {
		unsigned lvl = 1 + rnd_below(h, 2);
		u64 span = 1UL << (12 + 9 * lvl);

		pa &= ~(span - 1);
		/* rounding down may reach RAM or a device window: go far out instead */
		if (pa < 0x20000000UL || (pa >= RAM_BASE && pa < ram_end()))
			pa = rnd_below(h, 2) ? 1UL << 38 : 0x100000000UL;
		if (!rnd_below(h, 8))
			pa |= PAGE; /* misaligned superpage: a page fault */
		if (lvl == 2) {
			h->root[PRIV_L2 + h->id] = pte_make(pa, flags);
		} else {
			h->root[PRIV_L2 + h->id] = pte_make((u64)h->l1, _PAGE_V);
			h->l1[1] = pte_make(pa, flags);
		}
		va = window + (lvl == 1 ? 1UL << 21 : 0) + (rnd(h) & (span - 1) & ~(PAGE - 1));
	} else {
		unsigned j = rnd_below(h, 512);

		h->root[PRIV_L2 + h->id] = pte_make((u64)h->l1, _PAGE_V);
		h->l1[0] = pte_make((u64)h->l0, _PAGE_V);
		h->l0[j] = pte_make(pa, flags);
		va = window + (u64)j * PAGE;
	}
	/* the private root also sees some of the pool */
	i = rnd_mutable_index(h);
	if (i != PRIV_L2 + h->id)
		h->root[i] = rnd_below(h, 2) ? rnd_pte(h) : 0;
	asm volatile("" ::: "memory");
	csr_write(satp, SATP_MODE_39 | (u64)rnd_below(h, 3) << 44 | (u64)h->root >> 12);
	fz_sfence(va, 0, rnd_below(h, 2) ? 0 : 1);
	va += off;
	if (h->trace)
		say("hart %lu step %lu priv-store va %lx -> pa %lx+%lx w%u v %lx flags %lx\n",
		    h->id, h->step, va, pa, off, w, v, flags);
	traps = h->traps;
	stores[s](va, v);
	got = loads[w == 1 ? 4 : w == 2 ? 5 : w == 4 ? 6 : 3](va);
	if (h->traps != traps)
		return;
	v &= w == 8 ? ~0UL : (1UL << (8 * w)) - 1;
	if (check && got != v && !h->mismatches++)
		say("hart %lu step %lu: FAIL store %lx to own page %lx (va %lx) read back %lx\n",
		    h->id, h->step, v, pa + off, va, got);
	if (outside && got == v && !h->leaks++)
		say("hart %lu step %lu: FAIL LEAK store %lx to pa %lx (not RAM) read back\n", h->id,
		    h->step, v, pa + off);
}

/* ---- SBI ---- */
static u64 rnd_hart(struct hart *h)
{
	switch (rnd_below(h, 8)) {
	case 0:
		return rnd_value(h);
	case 1:
		return nharts + rnd_below(h, 4);
	default:
		return rnd_below(h, nharts);
	}
}

static u64 rnd_mask(struct hart *h)
{
	switch (rnd_below(h, 5)) {
	case 0:
		return rnd_value(h);
	case 1:
		return 1UL << rnd_below(h, nharts);
	default:
		return rnd(h) & ((1UL << nharts) - 1);
	}
}

static u64 rnd_base(struct hart *h)
{
	switch (rnd_below(h, 6)) {
	case 0:
		return ~0UL;
	case 1:
		return rnd_value(h);
	case 2:
		return rnd_below(h, nharts + 2);
	default:
		return 0;
	}
}

/* A start address SVPN must refuse: not the guest's RAM. */
static u64 rnd_bad_start(struct hart *h)
{
	static const u64 a[] = { 0, UART_BASE, 0x1000, ~0UL, 1UL << 56, RAM_BASE - 4 };

	return rnd_below(h, 2) ? a[rnd_below(h, ARRAY_SIZE(a))] : rnd_outside_pa(h);
}

/*
 * An SBI call; checks that a2..a7 survive it (SBI returns a0 and a1 only).
 * Console output from it (legacy putchar, DBCN) is followed by a newline
 * under the print lock, so that it cannot split the progress lines.
 */
static struct sbiret call(struct hart *h, u64 eid, u64 fid, u64 a0, u64 a1, u64 a2, u64 a3, u64 a4,
			  u64 a5)
{
	u64 r[8] = { a0, a1, a2, a3, a4, a5, fid, eid };
	int console = eid == SBI_EXT_0_1_CONSOLE_PUTCHAR || eid == SBI_EXT_DBCN;

	/* a printable character, as for the UART (op_mmio) */
	if (eid == SBI_EXT_0_1_CONSOLE_PUTCHAR && ((a0 & 0xff) < 0x20 || (a0 & 0xff) > 0x7e))
		r[0] = a0 = (a0 & ~0xffUL) | '.';

	if (h->trace)
		say("hart %lu step %lu sbi eid %lx fid %lx %lx %lx %lx %lx %lx %lx\n", h->id,
		    h->step, eid, fid, a0, a1, a2, a3, a4, a5);
	if (console)
		plock(h->id);
	fz_ecall(r);
	if (console) {
		sbi_console_putchar('\n');
		punlock();
	}
	for (int k = 2; k < 8; k++) {
		const u64 want[8] = { a0, a1, a2, a3, a4, a5, fid, eid };

		if (r[k] != want[k] && !h->clobbers++)
			say("hart %lu step %lu: FAIL sbi eid %lx fid %lx changed a%d %lx -> %lx\n",
			    h->id, h->step, eid, fid, k, want[k], r[k]);
	}
	return (struct sbiret){ .error = (long)r[0], .value = (long)r[1] };
}

static u64 rnd_eid(struct hart *h)
{
	static const u64 known[] = { SBI_EXT_BASE, SBI_EXT_TIME,
				     SBI_EXT_IPI,  SBI_EXT_RFENCE,
				     SBI_EXT_HSM,  SBI_EXT_DBCN,
				     SBI_EXT_PMU,  0x43505043UL /* CPPC */,
				     0x535441UL /* STA */ };
	u64 e;

	switch (rnd_below(h, 4)) {
	case 0:
		e = known[rnd_below(h, ARRAY_SIZE(known))];
		break;
	case 1:
		e = rnd_below(h, 8); /* legacy, but shutdown (8) */
		break;
	case 2:
		e = rnd(h) & 0xffffffffUL;
		break;
	default:
		e = rnd_value(h);
		break;
	}
	/* nothing that ends, resets or suspends the machine */
	if (e == SBI_EXT_SRST || e == SBI_EXT_0_1_SHUTDOWN || e == SBI_EXT_SUSP || e == SBI_EXT_HSM)
		e = SBI_EXT_BASE;
	return e;
}

static void op_sbi_any(struct hart *h)
{
	u64 eid = rnd_eid(h), fid = rnd_below(h, 4) ? rnd_below(h, 8) : rnd_value(h);
	u64 a[6];

	for (int i = 0; i < 6; i++)
		a[i] = rnd_value(h);
	if (eid == SBI_EXT_0_1_SEND_IPI || eid >= SBI_EXT_0_1_REMOTE_FENCE_I) {
		/* legacy calls that read a hart mask from memory */
		mask_buf[h->id][0] = rnd_mask(h);
		if (rnd_below(h, 4))
			a[0] = (u64)&mask_buf[h->id][0] + (rnd_below(h, 4) ? 0 : rnd_below(h, 8));
	}
	if (eid == SBI_EXT_DBCN)
		a[0] = rnd_below(h, 64); /* a short write, if any */
	if (eid == SBI_EXT_RFENCE || eid == SBI_EXT_0_1_REMOTE_SFENCE_VMA ||
	    eid == SBI_EXT_0_1_REMOTE_SFENCE_VMA_ASID) {
		a[1] = fence_va(a[1]);
		a[2] = fence_va(a[2]);
	}
	call(h, eid, fid, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* Started harts must be stopped to be started: restart a sibling that stopped itself. */
static void restart_stopped(struct hart *h, unsigned long t)
{
	struct sbiret r;

	if (harts[t].state != HART_STOPPED)
		return;
	r = call(h, SBI_EXT_HSM, SBI_EXT_HSM_HART_GET_STATUS, t, 0, 0, 0, 0, 0);
	if (r.error || r.value != SBI_HSM_STATE_STOPPED)
		return;
	r = call(h, SBI_EXT_HSM, SBI_EXT_HSM_HART_START, t, (u64)fz_secondary_entry, rnd(h), 0, 0,
		 0);
	if (!r.error)
		h->restarts++;
}

static void op_sbi_hsm(struct hart *h)
{
	unsigned long t = rnd_hart(h);

	switch (rnd_below(h, 6)) {
	case 0:
	case 1:
		if (t < nharts && t != h->id)
			restart_stopped(h, t);
		else
			call(h, SBI_EXT_HSM, SBI_EXT_HSM_HART_GET_STATUS, t, 0, 0, 0, 0, 0);
		break;
	case 2: /* start a started or absent hart (any address), or any hart at a bad address */
		call(h, SBI_EXT_HSM, SBI_EXT_HSM_HART_START, t,
		     t == h->id || t >= nharts ? rnd_value(h) : rnd_bad_start(h), rnd_value(h), 0,
		     0, 0);
		break;
	case 3: /* suspend with bad arguments: refused before it waits */
		call(h, SBI_EXT_HSM, SBI_EXT_HSM_HART_SUSPEND, 1 + rnd_below(h, 0x7fffffff),
		     (u64)fz_secondary_entry, 0, 0, 0, 0);
		break;
	case 4:
		call(h, SBI_EXT_HSM, SBI_EXT_HSM_HART_SUSPEND, SBI_HSM_SUSPEND_NON_RET_DEFAULT,
		     rnd_bad_start(h), 0, 0, 0, 0);
		break;
	default:
		call(h, SBI_EXT_HSM, 4 + rnd_below(h, 100), t, rnd_value(h), rnd_value(h), 0, 0, 0);
		break;
	}
}

static void op_fence_ipi(struct hart *h)
{
	u64 mask = rnd_mask(h), base = rnd_base(h);
	u64 start = fence_va(rnd_below(h, 2) ? rnd_va(h) : rnd_value(h));
	u64 size = rnd_below(h, 3) ? (u64)rnd_below(h, 16) * PAGE : rnd_value(h);

	if (rnd_below(h, 3) == 0)
		call(h, SBI_EXT_IPI, rnd_below(h, 8) ? 0 : rnd_value(h), mask, base, 0, 0, 0, 0);
	else
		call(h, SBI_EXT_RFENCE, rnd_below(h, 8) ? rnd_below(h, 3) : rnd_below(h, 16), mask,
		     base, start, size, rnd(h) & 0xffff, 0);
}

/* ---- timer, wfi, suspend, stop ---- */
static void arm_timer(struct hart *h, u64 when)
{
	if (has_sstc && rnd_below(h, 2))
		csr_write(0x14d, when);
	else
		call(h, SBI_EXT_TIME, 0, when, 0, 0, 0, 0, 0);
}

static void op_timer(struct hart *h)
{
	u64 now = rdtime(), v;

	switch (rnd_below(h, 5)) {
	case 0:
		v = now + rnd_below(h, 20000);
		break;
	case 1:
		v = now - rnd_below(h, 1000);
		break;
	case 2:
		v = ~0UL;
		break;
	default:
		v = rnd_value(h);
		break;
	}
	if (rnd_below(h, 4) == 0)
		call(h, SBI_EXT_0_1_SET_TIMER, rnd_value(h), v, 0, 0, 0, 0, 0);
	else
		arm_timer(h, v);
	if (rnd_below(h, 2))
		csr_set(sie, SIE_STIE);
}

/*
 * Wait for a timer armed a little ahead, taking the interrupt (SIE on) or
 * only waking on it (SIE off). The test and the wfi run with SIE off: an
 * interrupt taken between them would mask STIE and leave the wfi nothing to
 * wake it (wfi wakes on a pending, enabled interrupt whatever SIE says).
 */
static void op_wfi(struct hart *h)
{
	u64 t0 = h->timer_irqs, delta = 100 + rnd_below(h, 2000);
	u64 deadline = rdtime() + delta + guest_timebase / 500;
	int take = rnd_below(h, 2);

	arm_timer(h, rdtime() + delta);
	csr_set(sie, SIE_STIE);
	for (;;) {
		csr_clear(sstatus, SR_SIE);
		if (h->timer_irqs != t0 || (long)(rdtime() - deadline) >= 0)
			break;
		fz_wfi();
		if (take)
			csr_set(sstatus, SR_SIE);
	}
	if (take)
		csr_set(sstatus, SR_SIE);
}

/*
 * HSM suspend with a timer armed (SVPN waits as for a WFI). Non-retentive:
 * the hart comes back at fz_secondary_entry, and carries on with the next step.
 */
static void op_suspend(struct hart *h)
{
	int nonret = rnd_below(h, 2);

	csr_clear(sstatus, SR_SIE);
	arm_timer(h, rdtime() + 100 + rnd_below(h, 2000));
	csr_set(sie, SIE_STIE);
	call(h, SBI_EXT_HSM, SBI_EXT_HSM_HART_SUSPEND,
	     nonret ? SBI_HSM_SUSPEND_NON_RET_DEFAULT : SBI_HSM_SUSPEND_RET_DEFAULT,
	     (u64)fz_secondary_entry, rnd(h), 0, 0, 0);
	call(h, SBI_EXT_TIME, 0, ~0UL, 0, 0, 0, 0, 0);
}

/*
 * hart_stop, while at least one other hart keeps running to start this one
 * again (restart_stopped()); it comes back at fz_secondary_entry.
 */
static void op_self_stop(struct hart *h)
{
	int r = running;

	if (nharts < 2 || r < 2 ||
	    !__atomic_compare_exchange_n(&running, &r, r - 1, 0, __ATOMIC_SEQ_CST,
					 __ATOMIC_SEQ_CST))
		return;
	h->state = HART_STOPPED;
	asm volatile("fence rw, rw" ::: "memory");
	call(h, SBI_EXT_HSM, SBI_EXT_HSM_HART_STOP, 0, 0, 0, 0, 0, 0);
	/* still here: the stop failed */
	h->state = HART_RUNNING;
	atomic_add(&running, 1);
	if (!h->clobbers++)
		say("hart %lu step %lu: FAIL hart_stop returned\n", h->id, h->step);
}

static void op_sret(struct hart *h)
{
	fz_sret_here(rnd_below(h, 2));
}

/* ---- MMIO ---- */
static int poweroff_value(u64 v)
{
	u64 lo = v & 0xffff;

	return lo == SIFIVE_TEST_FAIL || lo == SIFIVE_TEST_PASS || lo == SIFIVE_TEST_RESET;
}

/*
 * A coherent setup that does interrupt: UART IRQ 10 enabled at a priority
 * above this hart's S-context threshold, the THR-empty interrupt on, SEIE.
 * fz_trap() claims, completes and masks SEIE; the UART keeps raising.
 */
static void irq_setup(struct hart *h)
{
	unsigned ctx = 2 * h->id + 1;

	plock(h->id);
	fz_sw(PLIC_BASE + 4 * 10, 1 + rnd_below(h, 7));
	fz_sw(PLIC_BASE + 0x2000 + 0x80 * ctx, rnd_below(h, 4) ? 1U << 10 : (u32)rnd(h));
	fz_sw(PLIC_BASE + 0x200000 + 0x1000 * ctx, rnd_below(h, 2));
	fz_sb(UART_BASE + 1, rnd_below(h, 4) ? 0x02 : rnd(h) & 0x0f);
	punlock();
	csr_set(sie, SIE_SEIE);
	if (rnd_below(h, 2))
		csr_set(sstatus, SR_SIE);
}

static void op_mmio(struct hart *h)
{
	unsigned dev = rnd_below(h, 6), w, k;
	u64 off, pa, v = rnd_value(h);
	int uart = 0;

	switch (dev) {
	case 0: /* UART: registers 0..7, sometimes beyond */
		off = rnd_below(h, 4) ? rnd_below(h, 8) : rnd_below(h, 0x1000);
		pa = UART_BASE;
		uart = 1;
		break;
	case 1: { /* PLIC: priorities, pending, enables, threshold/claim */
		unsigned ctx = rnd_below(h, 2 * nharts + 2);

		switch (rnd_below(h, 5)) {
		case 0:
			off = 4 * rnd_below(h, 128);
			break;
		case 1:
			off = 0x1000 + 4 * rnd_below(h, 32);
			break;
		case 2:
			off = 0x2000 + 0x80 * ctx + 4 * rnd_below(h, 32);
			break;
		case 3:
			off = 0x200000 + 0x1000 * ctx + 4 * rnd_below(h, 3);
			break;
		default:
			off = rnd_below(h, 0x800000);
			break;
		}
		pa = PLIC_BASE;
		break;
	}
	case 2: /* CLINT: msip, mtimecmp, mtime */
		off = rnd_below(h, 3) ? (u64)rnd_below(h, 3) * 0x4000 + 8 * rnd_below(h, 8) :
					rnd_below(h, 0x10000);
		if (!rnd_below(h, 4))
			off = 0xbff8;
		pa = CLINT_BASE;
		break;
	case 3: /* sifive,test0, never with a value that ends or resets the guest */
		off = rnd_below(h, 2) ? 0 : rnd_below(h, 0x1000);
		if (poweroff_value(v))
			v ^= 1;
		pa = TEST0_BASE;
		break;
	case 4:
		irq_setup(h);
		return;
	default: /* no device there */
		pa = rnd_outside_pa(h);
		off = rnd(h) & 0xfff;
		break;
	}
	if (rnd_below(h, 4))
		off &= ~3UL;
	if (h->trace)
		say("hart %lu step %lu mmio %lx v %lx\n", h->id, h->step, pa + off, v);
	if (uart) {
		/*
		 * A write at offset 0 (THR, or DLL under DLAB) stores its low byte: a
		 * printable one, and a newline after it, so the console stays readable.
		 */
		if (off == 0 && ((v & 0xff) < 0x20 || (v & 0xff) > 0x7e))
			v = (v & ~0xffUL) | '.';
		plock(h->id);
	}
	if (rnd_below(h, 2)) {
		k = rnd_below(h, ARRAY_SIZE(loads));
		loads[k](pa + off);
	} else {
		k = rnd_below(h, ARRAY_SIZE(stores));
		w = store_width[k];
		if (dev == 3 && w < 8 && poweroff_value(v & ((1UL << (8 * w)) - 1)))
			v ^= 1;
		stores[k](pa + off, v);
	}
	if (uart) {
		if (off == 0)
			sbi_console_putchar('\n');
		punlock();
	}
	if (rnd_below(h, 8) == 0)
		csr_set(sie, SIE_SEIE);
}

/* ---- the step loop ---- */
static enum op pick_op(struct hart *h)
{
	static unsigned total;
	unsigned r;

	if (!total)
		for (int i = 0; i < OP_NR; i++)
			total += op_weight[i];
	r = rnd_below(h, total);
	for (int i = 0; i < OP_NR; i++) {
		if (r < op_weight[i])
			return (enum op)i;
		r -= op_weight[i];
	}
	return OP_CSR_S;
}

static void run_op(struct hart *h, enum op op)
{
	h->op_count[op]++;
	switch (op) {
	case OP_CSR_S:
		op_csr(h, 0);
		break;
	case OP_CSR_ANY:
		op_csr(h, 1);
		break;
	case OP_SYSTEM:
		op_system(h);
		break;
	case OP_STVEC:
		op_stvec(h);
		break;
	case OP_SATP:
		op_satp(h);
		break;
	case OP_PT_MUTATE:
		op_pt_mutate(h);
		break;
	case OP_TOUCH:
		op_touch(h);
		break;
	case OP_PRIV_STORE:
		op_priv_store(h);
		break;
	case OP_SBI_ANY:
		op_sbi_any(h);
		break;
	case OP_SBI_HSM:
		op_sbi_hsm(h);
		break;
	case OP_SBI_FENCE_IPI:
		op_fence_ipi(h);
		break;
	case OP_TIMER:
		op_timer(h);
		break;
	case OP_WFI:
		op_wfi(h);
		break;
	case OP_SUSPEND:
		op_suspend(h);
		break;
	case OP_SELF_STOP:
		op_self_stop(h);
		break;
	case OP_MMIO:
		op_mmio(h);
		break;
	default:
		op_sret(h);
		break;
	}
}

/* What the fuzzer itself needs, after an op left it anywhere. */
static void sane_state(void)
{
	csr_write(stvec, fz_trap_entry);
}

static void quiet(void)
{
	csr_clear(sstatus, SR_SIE);
	csr_write(sie, 0);
	csr_write(satp, 0);
	fz_sfence(0, 0, 0);
	sbi_set_timer(~0UL);
	if (has_sstc)
		csr_write(0x14d, ~0UL);
	csr_clear(sip, SIP_SSIP);
}

static void report(struct hart *h)
{
	say("hart %lu finished steps=%lu traps=%lu irqs=%lu (timer %lu soft %lu ext %lu) "
	    "restarts=%lu recovered=%lu\n",
	    h->id, h->step, h->traps, h->irqs, h->timer_irqs, h->soft_irqs, h->ext_irqs,
	    h->restarts, h->recovered);
	plock(h->id);
	printf("fuzzsmp: hart %lu ops:", h->id);
	for (int i = 0; i < OP_NR; i++)
		printf("%s %s=%lu", i == OP_NR / 2 ? "\nfuzzsmp:  " : "", op_name[i],
		       h->op_count[i]);
	printf("\nfuzzsmp: hart %lu scause:", h->id);
	for (int i = 0; i < 16; i++)
		if (h->cause_count[i])
			printf(" %d=%lu", i, h->cause_count[i]);
	printf("\n");
	punlock();
	if (h->unexpected)
		say("hart %lu: FAIL %lu unexpected traps, first at step %lu: scause=%lx sepc=%lx "
		    "stval=%lx\n",
		    h->id, h->unexpected, h->unexp_step, h->unexp_cause, h->unexp_epc,
		    h->unexp_tval);
}

static void __noreturn finish_all(void)
{
	u64 steps = 0, bad = 0, ms = (rdtime() - start_time) / (guest_timebase / 1000);

	quiet();
	for (unsigned long i = 0; i < nharts; i++) {
		struct hart *h = &harts[i];

		steps += h->step;
		bad += h->unexpected + h->clobbers + h->mismatches + h->leaks + h->warl_fails;
	}
	if (bad) {
		say("FAIL %lu failed checks (unexpected traps, clobbered registers, mismatches, "
		    "leaks, satp)\n",
		    bad);
		say("done steps=%lu harts=%lu time=%lums failed\n", steps, nharts, ms);
		*(volatile u32 *)TEST0_BASE = SIFIVE_TEST_FAIL | 1 << SIFIVE_TEST_CODE_SHIFT;
	} else {
		say("done steps=%lu harts=%lu time=%lums\n", steps, nharts, ms);
		*(volatile u32 *)TEST0_BASE = SIFIVE_TEST_PASS;
	}
	sbi_shutdown(bad ? SBI_SRST_RESET_REASON_SYSFAIL : SBI_SRST_RESET_REASON_NONE);
}

/* After its steps: start siblings that stopped themselves, until every hart is done. */
static void __noreturn linger(struct hart *h)
{
	quiet();
	report(h);
	h->state = HART_DONE;
	if ((unsigned long)atomic_add(&done_count, 1) == nharts)
		finish_all();
	for (;;) {
		for (unsigned long t = 0; t < nharts; t++)
			if (t != h->id)
				restart_stopped(h, t);
		wait_time(rdtime() + guest_timebase / 1000);
	}
}

static void __noreturn hart_loop(struct hart *h)
{
	sane_state();
	while (h->step < h->nsteps) {
		if (fz_setjmp(h->jb)) {
			h->recovered++;
			if (print_owner == (long)h->id)
				punlock();
			sane_state();
			h->step++;
			continue;
		}
		h->trace = h->step >= trace_from;
		h->cur_op = pick_op(h);
		if (h->trace)
			say("hart %lu step %lu op %s\n", h->id, h->step, op_name[h->cur_op]);
		run_op(h, h->cur_op);
		sane_state();
		h->step++;
		if (h->step % progress_every == 0)
			say("hart %lu step %lu traps=%lu irqs=%lu restarts=%lu\n", h->id, h->step,
			    h->traps, h->irqs, h->restarts);
	}
	linger(h);
}

static void hart_setup(struct hart *h, unsigned long id)
{
	h->id = id;
	h->rng = mix64(seed * 0x9e3779b97f4a7c15UL + id + 1) | 1;
	h->nsteps = total_steps / nharts + (id == boot_hart ? total_steps % nharts : 0);
	h->slot = slots[id];
	h->root = priv_tables[id][0];
	h->l1 = priv_tables[id][1];
	h->l0 = priv_tables[id][2];
	h->scratch = scratch[id][0];
	table_init(h->root);
	memset(h->l1, 0, PAGE);
	memset(h->l0, 0, PAGE);
	h->state = HART_RUNNING;
}

/* probe.S's fz_secondary_entry: a first start, a restart after hart_stop, or a resume. */
void __noreturn fz_hart_entry(unsigned long id)
{
	struct hart *h = &harts[id];

	asm volatile("mv tp, %0" ::"r"(h));
	while (!go)
		;
	if (h->state == HART_STOPPED) { /* restarted: the stop was its last step */
		h->state = HART_RUNNING;
		atomic_add(&running, 1);
		h->step++;
	} else if (h->cur_op == OP_SUSPEND) { /* non-retentive resume */
		h->step++;
	}
	hart_loop(h);
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	struct hart *h = &harts[hartid < MAX_HARTS ? hartid : 0];

	/* fz_trap() and say() find the hart's state through tp */
	h->id = hartid;
	asm volatile("mv tp, %0" ::"r"(h));
	csr_write(stvec, fz_trap_entry);
	fdt_read_chosen(dtb);
	seed = bootarg_num("seed", 1);
	total_steps = bootarg_num("steps", 20000);
	progress_every = bootarg_num("progress", 5000);
	trace_from = bootarg_num("trace", ~0UL);
	ram_size = bootarg_num("mem", 128) << 20;
	canon_fences = bootarg_num("canon", 0) != 0;
	if (!progress_every)
		progress_every = ~0UL;
	/* the harts are those hart_get_status knows */
	for (nharts = 0; nharts < MAX_HARTS; nharts++)
		if (sbi_hart_get_status(nharts).error)
			break;
	if (hartid >= nharts)
		guest_abort("boot hart id beyond the harts HSM reports");
	boot_hart = hartid;
	/* stimecmp is offered when reading it does not trap (the common handler is still on) */
	csr_write(stvec, trap_entry);
	trap_expect();
	(void)csr_read(0x14d);
	has_sstc = trap_count == 0;
	trap_unexpect();
	csr_write(stvec, fz_trap_entry);

	pool_init();
	for (unsigned long i = 0; i < nharts; i++)
		hart_setup(&harts[i], i);
	running = nharts;
	say("seed=%lu steps=%lu harts=%lu boot hart %lu, stimecmp %s, RAM %lu MiB, pool %d "
	    "pages, progress every %lu%s\n",
	    seed, total_steps, nharts, hartid, has_sstc ? "offered" : "absent", ram_size >> 20,
	    NPOOL, progress_every, canon_fences ? ", canonical fence addresses" : "");
	asm volatile("fence rw, rw" ::: "memory");
	for (unsigned long i = 0; i < nharts; i++) {
		struct sbiret r;

		if (i == hartid)
			continue;
		r = sbi_hart_start(i, (unsigned long)fz_secondary_entry, 0);
		if (r.error) {
			printf("fuzzsmp: FAIL hart_start(%lu) error %ld\n", i, r.error);
			guest_abort("cannot start the secondary harts");
		}
	}
	start_time = rdtime();
	go = 1;
	hart_loop(h);
}
