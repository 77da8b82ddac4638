// SPDX-License-Identifier: GPL-2.0
/*
 * fuzzcsr: differential fuzzing of the SYSTEM opcode and of SBI arguments.
 *
 * Phase 1 runs N_TESTS tests, each a random SYSTEM instruction (CSRRW/RS/RC
 * and the immediate forms on random CSR numbers, funct3 = 4, funct3 = 0
 * encodings around the privileged instructions and fully random ones), a
 * 16-bit word of the C.EBREAK/C.JR/C.JALR/C.MV/C.ADD space, or a run of 2-6
 * CSR instructions, from a RAM slot with random source registers (slot.S).
 * Whether each instruction trapped, scause, stval, all registers afterwards
 * and the S-mode CSRs afterwards are folded into a checksum printed every
 * BLOCK tests. Phase 2 makes N_SBI SBI calls with random functions and
 * arguments (never one that can stop, reset or suspend the hart) and folds
 * a0..a7 afterwards and any trap.
 *
 * The PRNG has a fixed seed: both runs see the same instructions. What
 * legitimately differs between QEMU 7.2 + OpenSBI 1.1 and SVPN is kept out of
 * the checksum (no_rd, F_*), instructions that QEMU 7.2 gets wrong are not
 * generated (gen_insn(), source_ok()), and neither are writes that would take
 * the test itself down (sanitize()).
 *
 * Debug build (a line per instruction / call, to find the first difference):
 *   make -C tests/guests O=/tmp/fdbg GUESTS=fuzzcsr \
 *        FUZZCSR_DEBUG="-DFUZZ_DEBUG -DFUZZ_DEBUG_FROM=0 -DFUZZ_DEBUG_TO=256"
 */
#include "guest.h"

const char guest_name[] = GUEST_NAME;

#define N_TESTS	  4096
#define N_SBI	  1024
#define BLOCK	  256
#define SBI_BLOCK 128
#define FUZZ_SEED 0x5356504e2d46555aUL

#ifdef FUZZ_DEBUG
#ifndef FUZZ_DEBUG_FROM
#define FUZZ_DEBUG_FROM 0
#endif
#ifndef FUZZ_DEBUG_TO
#define FUZZ_DEBUG_TO 0xffffffffU
#endif
static const unsigned long dbg_from = FUZZ_DEBUG_FROM, dbg_to = FUZZ_DEBUG_TO;
#define DBG(i, ...)                                  \
	do {                                         \
		if ((i) >= dbg_from && (i) < dbg_to) \
			printf(__VA_ARGS__);         \
	} while (0)
#else
#define DBG(i, ...) \
	do {        \
	} while (0)
#endif

#define INSN_ECALL 0x00000073U
#define INSN_SRET  0x10200073U
#define INSN_WFI   0x10500073U

/* slot.S */
extern u32 fuzz_slot[8];
extern char fuzz_ret30[], fuzz_ret31[], fuzz_ecall_insn[], fuzz_stack_top[];
void fuzz_run(void);
void fuzz_ecall(unsigned long *regs);
unsigned long fuzz_regs_in[32], fuzz_regs_out[32];

/* ---- PRNG (xorshift64*) and the checksum ---- */
static u64 rng = FUZZ_SEED;

static u64 rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dUL;
}

static unsigned rnd_below(unsigned n)
{
	return (unsigned)((rnd() >> 32) % n);
}

static u64 sum, phase_sum[2];

static void fold(u64 v)
{
	sum = (sum ^ v) * 0x100000001b3UL;
	sum ^= sum >> 31;
}

/* Register and argument values: edge cases more often than chance would give them. */
static u64 rnd_value(void)
{
	switch (rnd_below(10)) {
	case 0:
		return 0;
	case 1:
		return ~0UL;
	case 2:
		return rnd() & 0x1f;
	case 3:
		return 1UL << rnd_below(64);
	case 4:
		return ~(1UL << rnd_below(64));
	case 5:
		return rnd() & 0xffff;
	case 6:
		return rnd() & rnd();
	default:
		return rnd();
	}
}

/* ---- traps ---- */
/* Phase 1: what each instruction of the slot did. Phase 2: the ecall. */
static struct trap_rec {
	int trapped;
	u64 cause, tval;
} rec[8];

static int fuzz_hook(struct trap_frame *f)
{
	u64 off = f->epc - (u64)fuzz_slot;

	if (f->cause & CAUSE_IRQ_FLAG)
		return 0; /* none is expected (SIE stays 0): the default handler counts it */
	if (off < sizeof(fuzz_slot) || f->epc == (u64)fuzz_ecall_insn) {
		/*
		 * An instruction of the slot: record, skip it, go on with the next. The
		 * ecall: a legacy call with a bad mask pointer, whose load fault comes
		 * back to the guest at the ecall (as OpenSBI does it).
		 */
		struct trap_rec *t = &rec[off < sizeof(fuzz_slot) ? off / 4 : 0];

		t->trapped = 1;
		t->cause = f->cause;
		t->tval = f->tval;
		f->epc += insn_len(f->epc);
		return 1;
	}
	return 0;
}

/* ---- phase 1: SYSTEM instructions ---- */
enum kind {
	K_CSR,
	K_F3_4,
	K_PRIV,
	K_C,
	K_NR
};
static const char *const kind_name[K_NR] = { "csr", "funct3=4", "funct3=0", "c" };

struct insn {
	u32 bits;
	unsigned len;
	enum kind kind;
	int wreg;  /* register the instruction writes if it completes (-1: none) */
	int jreg;  /* c.jr/c.jalr: register holding the target (-1: none) */
	int wfi;   /* exact WFI: run with an interrupt pending so that it returns */
	int no_rd; /* the value written to rd legitimately differs: not folded */
};

/*
 * What runs in the slot: one instruction of any kind, or a run of CSR
 * instructions back to back (SVPN emulates such runs in one trap, see
 * CONFIG_CSR_CLUSTERS), then the jump to the return path.
 */
#define RUN_MAX 6
struct run {
	unsigned n;
	struct insn in[RUN_MAX];
	int p; /* x30 or x31: holds &fuzz_regs_out for the return path */
};

/* The CSRs a virtual S-mode hart has (the FP ones run natively in SVPN's guest-U). */
static const u16 s_csrs[] = {
	CSR_SSTATUS,  CSR_SIE,	CSR_STVEC,  CSR_SCOUNTEREN, CSR_SENVCFG,
	CSR_SSCRATCH, CSR_SEPC, CSR_SCAUSE, CSR_STVAL,	    CSR_SIP,
	CSR_STIMECMP, CSR_SATP, 0x001,	    0x002,	    0x003, /* fflags, frm, fcsr */
};

/* Neighbours: optional extensions' CSRs, counters, rv32-only halves. */
static const u16 odd_csrs[] = {
	0x015, 0x017, 0x10c, 0x150, 0x151, 0x15c, 0x15d, 0x1ff, 0x5a8, 0xda0,
	0xdb0, 0xc00, 0xc01, 0xc02, 0xc03, 0xc1f, 0xc20, 0xc80, 0xc81, 0x14e,
};

static unsigned rnd_csr(void)
{
	switch (rnd_below(20)) {
	case 0 ... 7:
		return s_csrs[rnd_below(ARRAY_SIZE(s_csrs))];
	case 8:
	case 9:
		return odd_csrs[rnd_below(ARRAY_SIZE(odd_csrs))];
	case 10:
	case 11:
		return rnd_below(0x200);
	case 12:
		return 0xc00 + rnd_below(0x20);
	case 13:
	case 14:
		return 0x100 + rnd_below(0x81);
	case 15:
		return 0x300 + rnd_below(0x100);
	case 16:
		return 0x600 + rnd_below(0x100);
	case 17:
		return rnd_below(2) ? 0x7b0 + rnd_below(0x10) : 0xf11 + rnd_below(5);
	default:
		return rnd_below(0x1000);
	}
}

/*
 * The source value v of a CSR write (op: 1 write, 2 set, 3 clear), changed so
 * that the write cannot take the test down or hit a QEMU 7.2 departure from
 * the spec. After every test the CSRs the runtime needs are put back
 * (restore_csrs()), so satp starts at 0 and stimecmp at -1, and these rules
 * keep satp's MODE at 0 and stimecmp's bit 63 set through a whole run.
 */
static u64 sanitize(unsigned csr, unsigned op, u64 v)
{
	switch (csr) {
	case CSR_SSTATUS:
		/*
		 * SIE stays 0: no interrupt may be taken at a random place. UXL bit 32:
		 * QEMU 7.2 stores a written UXL of 1 or 3, which the spec forbids
		 * (UXL is 2 on RV64; the csr guest avoids it too).
		 */
		if (op != 3)
			v &= ~(SR_SIE | 1UL << 32);
		break;
	case CSR_SEPC:
		/* QEMU 7.2 keeps a written sepc[0]; the spec says it is always 0 (IALIGN=16) */
		if (op != 3)
			v &= ~1UL;
		break;
	case CSR_SCOUNTEREN:
		/* scounteren is 32 bits; QEMU 7.2 keeps all 64 */
		if (op != 3)
			v &= 0xffffffffUL;
		break;
	case CSR_SATP:
		/*
		 * Sv39 with a random root would fetch through garbage; Sv48/57 are
		 * optional (QEMU has them, SVPN does not): make them reserved modes,
		 * which leave satp as it was.
		 */
		if (op != 3 && (v >> 60) >= 8 && (v >> 60) <= 10)
			v ^= 4UL << 60;
		break;
	case CSR_STIMECMP:
		/* far in the future (bit 63 set), so that STIP never depends on timing */
		if (op == 1)
			v |= 1UL << 63;
		else if (op == 3)
			v &= ~(1UL << 63);
		break;
	}
	return v;
}

static u64 fixed_reg_value(int r, int p)
{
	if (r == 0)
		return 0;
	if (r == 2)
		return (u64)fuzz_stack_top;
	if (r == p)
		return (u64)fuzz_regs_out;
	return ~0UL; /* not fixed */
}

static int is_fixed(int r, int p)
{
	return r == 0 || r == 2 || r == p;
}

static const u32 priv_bases[] = {
	0x00000073, /* ecall */
	0x00100073, /* ebreak */
	0x00200073, /* uret */
	0x10200073, /* sret */
	0x10500073, /* wfi */
	0x30200073, /* mret */
	0x70200073, /* mnret */
	0x7b200073, /* dret */
	0x12000073, /* sfence.vma */
	0x16000073, /* sinval.vma */
	0x18000073, /* sfence.w.inval */
	0x18100073, /* sfence.inval.ir */
	0x22000073, /* hfence.vvma */
	0x62000073, /* hfence.gvma */
	0x26000073, /* hinval.vvma */
	0x66000073, /* hinval.gvma */
	0x00d00073, /* wrs.nto */
	0x01d00073, /* wrs.sto */
};

static const unsigned f3_csr[] = { 1, 2, 3, 5, 6, 7 };

static int csr_writes(u32 bits)
{
	unsigned f3 = (bits >> 12) & 7, rs1 = (bits >> 15) & 31;

	return (f3 & 3) == 1 || rs1 != 0;
}

/*
 * One instruction, without its source values; 0: try again. In a run
 * (in_run), a trap may follow any instruction, so the runtime's trap entry
 * must keep working: no writes to stvec, sscratch or sp, and no counter
 * reads (their values would flow into what follows).
 */
static int gen_insn(struct insn *in, int in_run)
{
	unsigned r = in_run ? 0 : rnd_below(100);

	memset(in, 0, sizeof(*in));
	in->wreg = in->jreg = -1;
	in->len = 4;

	if (r < 58) { /* CSR instructions; rs1 = x0 / uimm 0 (a plain read) a quarter of the time */
		unsigned csr = rnd_csr(), rd = rnd_below(32),
			 rs1 = rnd_below(4) ? rnd_below(32) : 0;
		unsigned f3 = f3_csr[rnd_below(ARRAY_SIZE(f3_csr))];

		/*
		 * htimedelta: QEMU 7.2 lets S-mode read and write it with the H extension
		 * off (-cpu rv64,h=false); any H-mode CSR is illegal there, as in SVPN.
		 */
		if (csr == 0x605)
			return 0;
		in->kind = K_CSR;
		in->bits = csr << 20 | rs1 << 15 | f3 << 12 | rd << 7 | 0x73;
		in->wreg = rd ? (int)rd : -1;
		/*
		 * cycle, time, instret: their values differ between any two runs.
		 * hpmcounter3..31 count nothing here, but hold what M-mode left in them:
		 * OpenSBI 1.1 writes -1 to mhpmcounter3 when it probes the counter width.
		 */
		in->no_rd = csr >= 0xc00 && csr <= 0xc1f;
		if (in_run && (in->no_rd || rd == 2 ||
			       ((csr == CSR_STVEC || csr == CSR_SSCRATCH) && csr_writes(in->bits))))
			return 0;
	} else if (r < 68) { /* funct3 = 4: reserved (HLV/HSV with the H extension) */
		unsigned csr = rnd_csr(), rd = rnd_below(32), rs1 = rnd_below(32);

		in->kind = K_F3_4;
		in->bits = csr << 20 | rs1 << 15 | 4 << 12 | rd << 7 | 0x73;
		in->wreg = rd ? (int)rd : -1;
	} else if (r < 90) { /* funct3 = 0 */
		u32 b = priv_bases[rnd_below(ARRAY_SIZE(priv_bases))];

		in->kind = K_PRIV;
		switch (rnd_below(5)) {
		case 0:
			break;
		case 1: /* random rs1/rs2 fields (the fence forms' operands) */
			b = (b & ~(0x3ffU << 15)) | (u32)rnd_below(0x400) << 15;
			break;
		case 2: /* one or two bit flips outside opcode and funct3 */
		case 3:
			for (int n = 0, k = 1 + rnd_below(2); n < k; n++) {
				unsigned bit = 7 + rnd_below(22);

				b ^= 1U << (bit >= 12 ? bit + 3 : bit);
			}
			break;
		default: /* fully random funct7/rs2/rs1/rd */
			b = ((u32)rnd() & 0xffff8f80U) | 0x73;
			break;
		}
		if (b == INSN_ECALL || b == INSN_SRET)
			return 0; /* SBI call with random arguments / control flow: phase 2, not here */
		in->bits = b;
		in->wfi = b == INSN_WFI;
		in->wreg = (b >> 7) & 31 ? (int)((b >> 7) & 31) : -1;
	} else { /* 16-bit: C.JR, C.MV, C.EBREAK, C.JALR, C.ADD */
		unsigned b12 = rnd_below(2), rs1 = rnd_below(4) ? rnd_below(32) : 0;
		unsigned rs2 = rnd_below(2) ? 0 : rnd_below(32);

		in->kind = K_C;
		in->len = 2;
		in->bits = 0x8002 | b12 << 12 | rs1 << 7 | rs2 << 2;
		if (rs2 == 0 && rs1 != 0) { /* c.jr / c.jalr: jump to the return path */
			if (rs1 == 2)
				return 0;
			in->jreg = rs1;
			in->wreg = b12 ? 1 : -1;
		} else if (rs2 != 0) {
			in->wreg = rs1 ? (int)rs1 : -1;
		}
	}
	return 1;
}

/*
 * Is v, as the source of CSR instruction `bits`, one this test can run?
 * fix: change v so that it is (if it can be changed).
 */
static int source_ok(u32 bits, u64 *v, int fix)
{
	unsigned csr = bits >> 20, op = (bits >> 12) & 3;
	u64 s = sanitize(csr, op, *v);

	/*
	 * CSRRS/CSRRC with rs1 != x0 on a read-only CSR is illegal. QEMU 7.2 decides
	 * by the value (a zero source counts as no write), so the source is nonzero.
	 */
	if (op != 1 && (csr >> 10) == 3 && !s)
		s = 1UL << rnd_below(64);
	if (fix)
		*v = s;
	return s == *v;
}

/* A run (or a single instruction) and its source registers; 0: try again. */
static int gen_run(struct run *run)
{
	u32 written = 0;

	for (int i = 1; i < 32; i++)
		fuzz_regs_in[i] = rnd_value();
	run->n = rnd_below(4) ? 1 : 2 + rnd_below(RUN_MAX - 1);
	for (unsigned i = 0; i < run->n; i++) {
		struct insn *in = &run->in[i];

		if (!gen_insn(in, run->n > 1))
			return 0;
		if (in->wreg > 0)
			written |= 1U << in->wreg;
		if (in->jreg > 0)
			written |= 1U << in->jreg;
	}
	if ((written >> 30) == 3)
		return 0;
	run->p = written >> 31 ? 30 : 31;
	fuzz_regs_in[2] = (u64)fuzz_stack_top;
	fuzz_regs_in[run->p] = (u64)fuzz_regs_out;
	if (run->in[0].jreg > 0)
		fuzz_regs_in[run->in[0].jreg] = (u64)(run->p == 30 ? fuzz_ret30 : fuzz_ret31);

	/* CSR writes: immediate sources are patched, register sources adjusted, then all checked */
	for (int pass = 0; pass < 2; pass++) {
		written = 0;
		for (unsigned i = 0; i < run->n; i++) {
			struct insn *in = &run->in[i];
			unsigned rs1 = (in->bits >> 15) & 31, f3 = (in->bits >> 12) & 7;

			if (in->kind == K_CSR && csr_writes(in->bits)) {
				if (f3 & 4) {
					u64 v = rs1;

					if (!source_ok(in->bits, &v, 1) || v > 31 ||
					    (v == 0 && (f3 & 3) != 1))
						return 0;
					in->bits = (in->bits & ~(31U << 15)) | (u32)v << 15;
				} else if (written & (1U << rs1)) {
					return 0; /* the source is what an earlier CSR read left */
				} else if (is_fixed(rs1, run->p)) {
					u64 v = fixed_reg_value(rs1, run->p);

					if (!source_ok(in->bits, &v, 0))
						return 0;
				} else if (!source_ok(in->bits, &fuzz_regs_in[rs1], pass == 0)) {
					return 0;
				}
			}
			if (in->wreg > 0)
				written |= 1U << in->wreg;
		}
	}
	return 1;
}

static u32 enc_jal_x0(u64 pc, u64 target)
{
	u32 off = (u32)(target - pc);

	CHECK((long)(target - pc) >= -(1L << 20) && (long)(target - pc) < (1L << 20));
	return ((off >> 20) & 1) << 31 | ((off >> 1) & 0x3ff) << 21 | ((off >> 11) & 1) << 20 |
	       ((off >> 12) & 0xff) << 12 | 0x6f;
}

static void load_slot(const struct run *run)
{
	volatile u16 *h = (volatile u16 *)fuzz_slot;
	u64 ret = (u64)(run->p == 30 ? fuzz_ret30 : fuzz_ret31);
	unsigned i;

	for (i = 0; i < run->n; i++) {
		h[2 * i] = (u16)run->in[i].bits;
		h[2 * i + 1] = run->in[i].len == 4 ? (u16)(run->in[i].bits >> 16) :
						     0x0001; /* c.nop */
	}
	fuzz_slot[i] = enc_jal_x0((u64)&fuzz_slot[i], ret);
	asm volatile("fence.i" ::: "memory");
}

/* The S-mode CSRs after an instruction. */
struct csr_state {
	u64 sstatus, sie, sip, sscratch, sepc, scause, stval, satp, stvec, scounteren, senvcfg,
		stimecmp;
};

static int has_stimecmp;

static void read_csrs(struct csr_state *s)
{
	s->sstatus = csr_read(sstatus);
	s->sie = csr_read(sie);
	s->sip = csr_read(sip);
	s->sscratch = csr_read(sscratch);
	s->sepc = csr_read(sepc);
	s->scause = csr_read(scause);
	s->stval = csr_read(stval);
	s->satp = csr_read(satp);
	s->stvec = csr_read(stvec);
	s->scounteren = csr_read(scounteren);
	s->senvcfg = csr_read(0x10a);
	s->stimecmp = has_stimecmp ? csr_read(0x14d) : 0;
}

/* What the runtime needs back before the next trap can happen. */
static void restore_csrs(const struct csr_state *s)
{
	if (s->sscratch)
		csr_write(sscratch, 0);
	if (s->stvec != (u64)trap_entry)
		csr_write(stvec, trap_entry);
	if (s->satp) {
		csr_write(satp, 0);
		sfence_vma_all();
	}
	if (has_stimecmp && s->stimecmp != ~0UL)
		csr_write(0x14d, ~0UL);
}

static void fold_csrs(const struct csr_state *s)
{
	fold(s->sstatus);
	fold(s->sie);
	fold(s->sip);
	fold(s->sscratch);
	fold(s->sepc);
	fold(s->scause);
	fold(s->stval);
	fold(s->satp);
	fold(s->stvec);
	fold(s->scounteren);
	fold(s->senvcfg);
	fold(s->stimecmp);
}

static void set_initial_state(void)
{
	csr_write(sie, 0);
	csr_write(sip, 0);
	csr_write(sstatus, SR_SPP | SR_FS_INITIAL);
	csr_write(0x003, 0); /* fcsr (marks FS dirty) */
	csr_write(sstatus, SR_SPP | SR_FS_INITIAL);
	csr_write(scounteren, 0);
	csr_write(0x10a, 0);
	csr_write(sscratch, 0);
	csr_write(sepc, 0);
	csr_write(scause, 0);
	csr_write(stval, 0);
	sbi_set_timer(~0UL);
}

static unsigned kind_count[K_NR], kind_traps[K_NR], cause_count[16];

static void phase_insns(void)
{
	unsigned traps = 0, skipped = 0, insns = 0, runs = 0;
	struct csr_state st;
	struct run run;

	sum = 0;
	for (u32 i = 0; i < N_TESTS; i++) {
		while (!gen_run(&run))
			skipped++;
		load_slot(&run);
		if (run.in[0].wfi) {
			/* an interrupt pending and enabled (SIE = 0: not taken) wakes the WFI */
			csr_set(sie, SIE_SSIE);
			csr_set(sip, SIP_SSIP);
		}
		memset(rec, 0, sizeof(rec));
		fuzz_run();
		read_csrs(&st);
		restore_csrs(&st);

		insns += run.n;
		runs += run.n > 1;
		fold(run.n);
		for (unsigned k = 0; k < run.n; k++) {
			const struct insn *in = &run.in[k];

			kind_count[in->kind]++;
			fold(in->bits);
			fold(rec[k].trapped);
			if (rec[k].trapped) {
				traps++;
				kind_traps[in->kind]++;
				cause_count[rec[k].cause & 15]++;
				fold(rec[k].cause);
				fold(rec[k].tval);
			}
			DBG(i, "#%u.%u insn=%08x %s trap=%d cause=%lx tval=%lx rd(x%d)\n", i, k,
			    in->bits, kind_name[in->kind], rec[k].trapped, rec[k].cause,
			    rec[k].tval, in->wreg);
		}
		/* a run has no counter reads (gen_insn), so only a single instruction's rd is left out */
		for (int r = 1; r < 32; r++)
			if (rec[0].trapped || !run.in[0].no_rd || r != run.in[0].wreg)
				fold(fuzz_regs_out[r]);
		fold_csrs(&st);

		DBG(i,
		    "   sstatus=%lx sie=%lx sip=%lx sscratch=%lx sepc=%lx scause=%lx stval=%lx\n"
		    "   satp=%lx stvec=%lx scounteren=%lx senvcfg=%lx stimecmp=%lx\n",
		    st.sstatus, st.sie, st.sip, st.sscratch, st.sepc, st.scause, st.stval, st.satp,
		    st.stvec, st.scounteren, st.senvcfg, st.stimecmp);
#ifdef FUZZ_DEBUG
		for (int r = 1; r < 32; r++)
			if (fuzz_regs_out[r] != fuzz_regs_in[r] && r != 2)
				DBG(i, "   x%d: %lx -> %lx\n", r, fuzz_regs_in[r],
				    fuzz_regs_out[r]);
#endif
		if ((i + 1) % BLOCK == 0)
			printf("tests %4u..%4u: insns=%4u traps=%4u sum=%016lx\n", i + 1 - BLOCK, i,
			       insns, traps, sum);
	}
	phase_sum[0] = sum;
	printf("insns done: %u tests (%u of them runs of CSR instructions), %u instructions, "
	       "%u regenerated\n",
	       N_TESTS, runs, insns, skipped);
	for (int k = 0; k < K_NR; k++)
		printf("  %s: %u run, %u trapped\n", kind_name[k], kind_count[k], kind_traps[k]);
	for (int c = 0; c < 16; c++)
		if (cause_count[c])
			printf("  scause %d: %u\n", c, cause_count[c]);
}

/* ---- phase 2: SBI calls ---- */
/* Where a hart mask pointer, a start address or a fence range may point. */
/* a hart mask in memory for the legacy calls, and the word a misaligned pointer reaches into */
static u64 mask_buf[2];
#define mask_word mask_buf[0]
static const u64 addrs[] = {
	0,
	0x80200000UL,
	0x80201000UL,
	0x100000000UL,
	0x10000000000UL,
	0x7ffffffffffff000UL,
	0x8000000000000000UL,
	0xfffffffffffff000UL,
	0xfffffffffffffff8UL,
	0xffffffffffffffffUL,
	0x3fffffffffUL,
	0x4000000000UL,
};

static u64 rnd_addr(void)
{
	switch (rnd_below(4)) {
	case 0:
		return addrs[rnd_below(ARRAY_SIZE(addrs))];
	case 1:
		return (u64)&mask_word;
	case 2:
		return addrs[rnd_below(ARRAY_SIZE(addrs))] + rnd_below(8);
	default:
		return rnd_value();
	}
}

static u64 rnd_mask(void)
{
	switch (rnd_below(6)) {
	case 0:
		return 1;
	case 1:
		return 0;
	case 2:
		return ~0UL;
	case 3:
		return 1UL << rnd_below(64);
	default:
		return rnd_value();
	}
}

static u64 rnd_base(void)
{
	switch (rnd_below(6)) {
	case 0:
	case 1:
		return 0;
	case 2:
		return ~0UL;
	case 3:
		return rnd_below(130);
	case 4:
		return -(u64)rnd_below(70);
	default:
		return rnd_value();
	}
}

/* A mask-pointer address both sides agree about: our RAM, or no memory at all. */
static u64 rnd_mask_ptr(void)
{
	switch (rnd_below(6)) {
	case 0:
		return 0; /* NULL: all harts */
	case 1:
	case 2:
		return (u64)&mask_word;
	case 3:
		return (u64)&mask_word + 1 + rnd_below(7); /* misaligned */
	default:
		/*
		 * Not memory: aligned, since QEMU reports a misaligned faulting load
		 * with stval rounded down (it splits the access), SVPN with the address.
		 */
		return addrs[3 + rnd_below(ARRAY_SIZE(addrs) - 3)] & ~7UL;
	}
}

/* An extension id nobody implements (OpenSBI 1.1 has PMU, SVPN not). */
static u64 rnd_unknown_eid(void)
{
	static const u64 known[] = { SBI_EXT_BASE, SBI_EXT_TIME, SBI_EXT_IPI, SBI_EXT_RFENCE,
				     SBI_EXT_HSM,  SBI_EXT_SRST, SBI_EXT_PMU };

	for (;;) {
		u64 e;

		switch (rnd_below(4)) {
		case 0:
			e = rnd_below(0x40);
			break;
		case 1:
			e = rnd() & 0xffffffffUL;
			break;
		case 2:
			e = 0x09000000UL + rnd_below(0x3000000);
			break;
		default:
			e = rnd();
			break;
		}
		if (e <= 8)
			continue;
		for (unsigned i = 0; i < ARRAY_SIZE(known); i++)
			if (e == known[i])
				e = 0;
		if (e)
			return e;
	}
}

enum sbi_fold {
	F_ALL,	      /* a0..a7 */
	F_NO_VALUE,   /* a1 is the implementation's own (spec/impl version, impl id) */
	F_HARTMASK,   /* hart mask with absent harts next to hart 0: 0 or -3 */
	F_HART_START, /* hart_start(self, not our RAM): -5 or -6 */
	F_UNKNOWN,    /* an extension nobody implements */
};

struct sbi_call {
	u64 a[8]; /* a0..a5, a6 = fid, a7 = eid */
	enum sbi_fold how;
	const char *what;
};

/*
 * Hart masks the two sides answer differently, both within what some SBI
 * version says, so only "0 or INVALID_PARAM" is compared:
 *  - bits for absent harts beside hart 0 (base 0): SBI 2.0 says INVALID_PARAM,
 *    OpenSBI 1.1 ignores the absent harts (see ipi.c);
 *  - an empty mask with a base naming no hart: SBI 1.0 says INVALID_PARAM (the
 *    base is not valid), as OpenSBI 1.1 does; SBI 2.0 only asks that every hart
 *    the mask names be valid, and SVPN returns SUCCESS.
 */
static int hartmask_differs(u64 mask, u64 base)
{
	return (base == 0 && (mask & ~1UL)) || (mask == 0 && base != 0 && base != ~0UL);
}

static void gen_hart_mask_args(struct sbi_call *c)
{
	c->a[0] = rnd_mask();
	c->a[1] = rnd_base();
	if (hartmask_differs(c->a[0], c->a[1]))
		c->how = F_HARTMASK;
}

static void gen_sbi(struct sbi_call *c)
{
	memset(c, 0, sizeof(*c));
	for (int i = 0; i < 6; i++)
		c->a[i] = rnd_value();
	c->how = F_ALL;
	switch (rnd_below(8)) {
	case 0: /* BASE */
		c->what = "base";
		c->a[7] = SBI_EXT_BASE;
		c->a[6] = rnd_below(4) ? rnd_below(10) : rnd_value();
		if (c->a[6] <= 2)
			c->how = F_NO_VALUE;
		if (c->a[6] == 3 && rnd_below(2)) {
			static const u64 probe[] = { SBI_EXT_BASE,
						     SBI_EXT_TIME,
						     SBI_EXT_IPI,
						     SBI_EXT_RFENCE,
						     SBI_EXT_HSM,
						     SBI_EXT_SRST,
						     0,
						     2,
						     8,
						     9,
						     0x0A000000 };

			c->a[0] = probe[rnd_below(ARRAY_SIZE(probe))];
		} else if (c->a[6] == 3) {
			c->a[0] = rnd_unknown_eid();
		}
		break;
	case 1: /* TIME */
		c->what = "time";
		c->a[7] = SBI_EXT_TIME;
		c->a[6] = rnd_below(4) ? 0 : rnd_value();
		break;
	case 2: /* IPI */
		c->what = "ipi";
		c->a[7] = SBI_EXT_IPI;
		c->a[6] = rnd_below(4) ? 0 : rnd_value();
		gen_hart_mask_args(c);
		break;
	case 3: /* RFENCE */
		c->what = "rfence";
		c->a[7] = SBI_EXT_RFENCE;
		c->a[6] = rnd_below(5) ? rnd_below(7) : rnd_value();
		gen_hart_mask_args(c);
		c->a[2] = rnd_addr();
		c->a[3] = rnd_below(2) ? rnd_addr() : rnd_value();
		break;
	case 4: /* HSM: hart_start and hart_get_status; never hart_stop (1) or suspend (3) */
		c->what = "hsm";
		c->a[7] = SBI_EXT_HSM;
		switch (rnd_below(3)) {
		case 0:
			c->a[6] = 0;
			break;
		case 1:
			c->a[6] = 2;
			break;
		default:
			c->a[6] = 4 + rnd_below(1000);
			break;
		}
		c->a[0] = rnd_below(2) ? 0 : rnd_base();
		c->a[1] = rnd_addr();
		/*
		 * hart_start(self) with an address outside our RAM: SVPN says INVALID_ADDRESS,
		 * OpenSBI 1.1 checks the address against its domain (all memory but its own)
		 * and says ALREADY_AVAILABLE; the spec leaves the order of the checks open.
		 */
		if (c->a[6] == 0 && c->a[0] == 0 &&
		    !(c->a[1] >= 0x80200000UL && c->a[1] <= 0x80200000UL + (16UL << 20)))
			c->how = F_HART_START;
		break;
	case 5: /* legacy: set_timer, getchar, clear_ipi, send_ipi, remote fences */
	{
		static const u64 legacy[] = { 0, 2, 3, 4, 5, 6, 7 };

		c->what = "legacy";
		c->a[7] = legacy[rnd_below(ARRAY_SIZE(legacy))];
		c->a[6] = rnd_value();
		if (c->a[7] >= 4) {
			u64 ptr = rnd_mask_ptr(), m = 0;

			mask_buf[0] = rnd_mask();
			mask_buf[1] = rnd_mask();
			c->a[0] = ptr;
			/* the mask as read at ptr (misaligned: partly the bytes after mask_word) */
			if (ptr - (u64)&mask_word < 8)
				memcpy(&m, (const void *)ptr, sizeof(m));
			if (m & ~1UL)
				c->how = F_HARTMASK; /* as above: base 0, absent harts */
		}
		break;
	}
	default: /* unknown extensions */
		c->what = "unknown";
		c->how = F_UNKNOWN;
		c->a[7] = rnd_unknown_eid();
		c->a[6] = rnd_value();
		break;
	}
}

static void phase_sbi(void)
{
	unsigned traps = 0;

	sum = 0;
	for (u32 i = 0; i < N_SBI; i++) {
		struct sbi_call c;
		u64 r[8], e, v;
		long err;

		gen_sbi(&c);
		memcpy(r, c.a, sizeof(r));
		memset(rec, 0, sizeof(rec));
		fuzz_ecall(r);
		csr_clear(sip, SIP_SSIP); /* an IPI to ourselves */
		err = (long)r[0];

		fold(c.a[7]);
		fold(c.a[6]);
		fold(rec[0].trapped);
		if (rec[0].trapped) {
			traps++;
			fold(rec[0].cause);
			fold(rec[0].tval);
		}
		switch (c.how) {
		case F_HARTMASK:
			e = rec[0].trapped ? r[0] : (u64)(err == 0 || err == SBI_ERR_INVALID_PARAM);
			break;
		case F_HART_START:
			e = err == SBI_ERR_INVALID_ADDRESS || err == -6 /* ALREADY_AVAILABLE */;
			break;
		default:
			e = r[0];
			break;
		}
		/*
		 * a1: BASE's versions and implementation id are the implementation's own.
		 * After an error the SBI spec gives a1 no meaning: for an extension that
		 * does not exist OpenSBI 1.1 returns 0 there, SVPN leaves the caller's a1.
		 */
		v = c.how == F_NO_VALUE || (c.how == F_UNKNOWN && err) ? 0 : r[1];
		fold(e);
		fold(v);
		for (int k = 2; k < 8; k++)
			fold(r[k]);
		DBG(i,
		    "#%u %s eid=%lx fid=%lx a0=%lx a1=%lx a2=%lx a3=%lx a4=%lx a5=%lx -> a0=%lx "
		    "a1=%lx trap=%d cause=%lx tval=%lx\n",
		    i, c.what, c.a[7], c.a[6], c.a[0], c.a[1], c.a[2], c.a[3], c.a[4], c.a[5], e, v,
		    rec[0].trapped, rec[0].cause, rec[0].tval);
		for (int k = 2; k < 8; k++)
			if (r[k] != c.a[k])
				DBG(i, "   a%d changed: %lx -> %lx\n", k, c.a[k], r[k]);
		if ((i + 1) % SBI_BLOCK == 0)
			printf("sbi calls %4u..%4u: traps=%u sum=%016lx\n", i + 1 - SBI_BLOCK, i,
			       traps, sum);
	}
	sbi_set_timer(~0UL);
	phase_sum[1] = sum;
	printf("sbi done: %u calls\n", N_SBI);
}

void guest_main(unsigned long hartid, unsigned long dtb)
{
	(void)dtb;
	CHECK(hartid == 0); /* the hart masks above assume it */
	trap_expect();
	(void)csr_read(0x14d);
	has_stimecmp = trap_count == 0;
	trap_unexpect();
	printf("stimecmp %s\n", has_stimecmp ? "present" : "absent");
	set_initial_state();
	trap_hook = fuzz_hook;
	phase_insns();
	printf("unexpected interrupts: %lu\n", irq_count);
	CHECK(irq_count == 0);
	phase_sbi();
	printf("unexpected interrupts: %lu\n", irq_count);
	printf("final: insns sum=%016lx sbi sum=%016lx\n", phase_sum[0], phase_sum[1]);
	trap_hook = 0;
	csr_write(sie, 0);
	csr_clear(sip, SIP_SSIP);
}
