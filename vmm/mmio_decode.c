// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding the integer load or store a guest made to a device page (RISC-V
 * unprivileged spec, RV64I and RV64C). Pure: the host unit tests exercise
 * every form (tests/unit/test_mmio_decode.c).
 */
#include <asm/insn.h>
#include <svpn/mmio.h>

/* Loads by funct3: width, and whether the value is sign-extended. */
static const struct {
	unsigned char width;
	bool sign;
} load_f3[8] = {
	[0] = { 1, true },  /* lb */
	[1] = { 2, true },  /* lh */
	[2] = { 4, true },  /* lw */
	[3] = { 8, false }, /* ld */
	[4] = { 1, false }, /* lbu */
	[5] = { 2, false }, /* lhu */
	[6] = { 4, false }, /* lwu */
			    /* [7]: reserved (width 0) */
};

static long sext12(uint32_t imm)
{
	return (long)((int32_t)(imm << 20) >> 20);
}

static int decode_32(uint32_t insn, struct mmio_insn *mi)
{
	unsigned int f3 = INSN_FUNCT3(insn);

	mi->len = 4;
	mi->base = INSN_RS1(insn);
	switch (insn & INSN_OPCODE_MASK) {
	case INSN_OPCODE_LOAD:
		if (!load_f3[f3].width)
			return -1;
		mi->store = false;
		mi->width = load_f3[f3].width;
		mi->sign_extend = load_f3[f3].sign;
		mi->reg = INSN_RD(insn);
		mi->offset = sext12(insn >> 20);
		return 0;
	case INSN_OPCODE_STORE:
		if (f3 > 3)
			return -1;
		mi->store = true;
		mi->width = 1u << f3;
		mi->sign_extend = false;
		mi->reg = INSN_RS2(insn);
		mi->offset = sext12(((insn >> 25) << 5) | ((insn >> 7) & 0x1f));
		return 0;
	default:
		return -1; /* FP loads/stores, AMOs, everything else */
	}
}

/* Compressed funct3 values (bits 15:13) of the integer loads and stores */
#define C_F3_LW	     2
#define C_F3_LD	     3
#define C_F3_SW	     6
#define C_F3_SD	     7
#define C_QUADRANT_0 0
#define C_QUADRANT_2 2

#define CBITS(insn, hi, lo) (((insn) >> (lo)) & ((1u << ((hi) - (lo) + 1)) - 1))
#define C_RS1P(insn)	    (8 + CBITS(insn, 9, 7)) /* x8..x15 */
#define C_RDP(insn)	    (8 + CBITS(insn, 4, 2)) /* also rs2' */
#define C_RD(insn)	    CBITS(insn, 11, 7)	    /* also rs1 */
#define C_RS2(insn)	    CBITS(insn, 6, 2)
#define REG_SP		    2

/* c.lw/c.sw: uimm[5:3] = 12:10, uimm[2] = 6, uimm[6] = 5 */
static unsigned long c_w_off(uint32_t insn)
{
	return (CBITS(insn, 12, 10) << 3) | (CBITS(insn, 6, 6) << 2) | (CBITS(insn, 5, 5) << 6);
}

/* c.ld/c.sd: uimm[5:3] = 12:10, uimm[7:6] = 6:5 */
static unsigned long c_d_off(uint32_t insn)
{
	return (CBITS(insn, 12, 10) << 3) | (CBITS(insn, 6, 5) << 6);
}

/* The compressed forms: 32-bit words only sign-extend (c.lw, c.lwsp). */
static int c_access(struct mmio_insn *mi, bool store, unsigned int width, unsigned int reg,
		    unsigned int base, unsigned long offset)
{
	mi->store = store;
	mi->width = width;
	mi->sign_extend = !store && width == 4;
	mi->reg = reg;
	mi->base = base;
	mi->offset = offset;
	return 0;
}

static int decode_c0(uint32_t insn, struct mmio_insn *mi)
{
	unsigned int rs1 = C_RS1P(insn), r = C_RDP(insn);

	switch (CBITS(insn, 15, 13)) {
	case C_F3_LW:
		return c_access(mi, false, 4, r, rs1, c_w_off(insn));
	case C_F3_LD:
		return c_access(mi, false, 8, r, rs1, c_d_off(insn));
	case C_F3_SW:
		return c_access(mi, true, 4, r, rs1, c_w_off(insn));
	case C_F3_SD:
		return c_access(mi, true, 8, r, rs1, c_d_off(insn));
	default:
		return -1; /* c.addi4spn, c.fld/c.fsd, reserved */
	}
}

static int decode_c2(uint32_t insn, struct mmio_insn *mi)
{
	unsigned int rd = C_RD(insn), rs2 = C_RS2(insn);

	switch (CBITS(insn, 15, 13)) {
	case C_F3_LW: /* c.lwsp: uimm[5] = 12, uimm[4:2] = 6:4, uimm[7:6] = 3:2 */
		if (!rd)
			return -1; /* reserved */
		return c_access(mi, false, 4, rd, REG_SP,
				(CBITS(insn, 12, 12) << 5) | (CBITS(insn, 6, 4) << 2) |
					(CBITS(insn, 3, 2) << 6));
	case C_F3_LD: /* c.ldsp: uimm[5] = 12, uimm[4:3] = 6:5, uimm[8:6] = 4:2 */
		if (!rd)
			return -1; /* reserved */
		return c_access(mi, false, 8, rd, REG_SP,
				(CBITS(insn, 12, 12) << 5) | (CBITS(insn, 6, 5) << 3) |
					(CBITS(insn, 4, 2) << 6));
	case C_F3_SW: /* c.swsp: uimm[5:2] = 12:9, uimm[7:6] = 8:7 */
		return c_access(mi, true, 4, rs2, REG_SP,
				(CBITS(insn, 12, 9) << 2) | (CBITS(insn, 8, 7) << 6));
	case C_F3_SD: /* c.sdsp: uimm[5:3] = 12:10, uimm[8:6] = 9:7 */
		return c_access(mi, true, 8, rs2, REG_SP,
				(CBITS(insn, 12, 10) << 3) | (CBITS(insn, 9, 7) << 6));
	default:
		return -1; /* c.slli, c.fldsp/c.fsdsp, c.jr/c.mv/c.add/... */
	}
}

int mmio_decode(uint32_t insn, struct mmio_insn *mi)
{
	*mi = (struct mmio_insn){ 0 };
	if (INSN_LEN(insn) == 4)
		return decode_32(insn, mi);
	mi->len = 2;
	insn &= 0xffff;
	switch (insn & 0x3) {
	case C_QUADRANT_0:
		return decode_c0(insn, mi);
	case C_QUADRANT_2:
		return decode_c2(insn, mi);
	default:
		return -1; /* quadrant 1 has no loads or stores */
	}
}
