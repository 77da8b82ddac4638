// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzing vmm/mmio_decode.c, the decoder of the guest's trapping load or
 * store (the word comes from guest memory, so any 32 bits are possible).
 * Each 4 input bytes are one instruction word. Beyond "no crash, no UB",
 * every accepted word must hold the promises of include/svpn/mmio.h, and
 * must re-encode to itself: the encoders below are written from the ISA
 * manual's tables, not from the decoder, so a field decoded from the wrong
 * bits shows up as a mismatch.
 */
#include <asm/insn.h>
#include <svpn/mmio.h>
#include "fuzz.h"

/* funct3 of the 32-bit loads by width and sign: lb lh lw ld / lbu lhu lwu */
static uint32_t load_funct3(const struct mmio_insn *mi)
{
	uint32_t log2w = __builtin_ctz(mi->width);

	FUZZ_CHECK(mi->sign_extend || mi->width == 8 || log2w < 3);
	return (mi->sign_extend || mi->width == 8) ? log2w : 4 + log2w;
}

static uint32_t encode_32(const struct mmio_insn *mi)
{
	uint32_t imm = (uint32_t)mi->offset & 0xfff;

	FUZZ_CHECK(mi->offset >= -2048 && mi->offset <= 2047);
	if (!mi->store)
		return imm << 20 | mi->base << 15 | load_funct3(mi) << 12 | mi->reg << 7 |
		       INSN_OPCODE_LOAD;
	return (imm >> 5) << 25 | mi->reg << 20 | mi->base << 15 | __builtin_ctz(mi->width) << 12 |
	       (imm & 0x1f) << 7 | INSN_OPCODE_STORE;
}

/* Bits @lo.. of @val placed at @at (the RVC immediate scatter). */
static uint32_t bits(unsigned long val, int hi, int lo, int at)
{
	return ((val >> lo) & ((1u << (hi - lo + 1)) - 1)) << at;
}

/* c.lw/c.ld/c.sw/c.sd: quadrant 0, x8..x15 only. */
static uint32_t encode_c0(const struct mmio_insn *mi)
{
	uint32_t f3 = (mi->store ? 6 : 2) + (mi->width == 8), imm;
	unsigned long off = mi->offset;

	FUZZ_CHECK(mi->reg >= 8 && mi->reg < 16 && mi->base >= 8 && mi->base < 16);
	if (mi->width == 4)
		imm = bits(off, 5, 3, 10) | bits(off, 2, 2, 6) | bits(off, 6, 6, 5);
	else
		imm = bits(off, 5, 3, 10) | bits(off, 7, 6, 5);
	return f3 << 13 | imm | (mi->base - 8) << 7 | (mi->reg - 8) << 2;
}

/* c.lwsp/c.ldsp/c.swsp/c.sdsp: quadrant 2, sp-relative. */
static uint32_t encode_c2(const struct mmio_insn *mi)
{
	uint32_t f3 = (mi->store ? 6 : 2) + (mi->width == 8), imm;
	unsigned long off = mi->offset;

	FUZZ_CHECK(mi->base == 2);
	if (mi->store) {
		imm = mi->width == 4 ? bits(off, 5, 2, 9) | bits(off, 7, 6, 7) :
				       bits(off, 5, 3, 10) | bits(off, 8, 6, 7);
		return f3 << 13 | imm | mi->reg << 2 | 2;
	}
	FUZZ_CHECK(mi->reg != 0); /* rd = 0 is reserved */
	imm = mi->width == 4 ? bits(off, 5, 5, 12) | bits(off, 4, 2, 4) | bits(off, 7, 6, 2) :
			       bits(off, 5, 5, 12) | bits(off, 4, 3, 5) | bits(off, 8, 6, 2);
	return f3 << 13 | imm | mi->reg << 7 | 2;
}

static void check_compressed(uint32_t insn, const struct mmio_insn *mi)
{
	/* Only the word forms: scaled, non-negative offsets, no byte or half access. */
	FUZZ_CHECK(mi->width == 4 || mi->width == 8);
	FUZZ_CHECK(mi->offset >= 0 && mi->offset < 512 && mi->offset % mi->width == 0);
	FUZZ_CHECK(mi->sign_extend == (!mi->store && mi->width == 4));
	if ((insn & 3) == 0)
		FUZZ_CHECK(encode_c0(mi) == (insn & 0xffff));
	else
		FUZZ_CHECK(encode_c2(mi) == (insn & 0xffff));
}

static void check_one(uint32_t insn)
{
	struct mmio_insn mi;
	int ret = mmio_decode(insn, &mi);

	FUZZ_CHECK(ret == 0 || ret == -1);
	if (ret)
		return;
	FUZZ_CHECK(mi.len == INSN_LEN(insn));
	FUZZ_CHECK(mi.width == 1 || mi.width == 2 || mi.width == 4 || mi.width == 8);
	FUZZ_CHECK(mi.reg < 32 && mi.base < 32);
	/* A store writes the register as it is; ld needs no extension. */
	FUZZ_CHECK(!mi.sign_extend || (!mi.store && mi.width < 8));
	if (mi.len == 4)
		FUZZ_CHECK(encode_32(&mi) == insn);
	else
		check_compressed(insn, &mi);
}

/* mmio_extend(): the register value a @width-byte device read becomes. */
static void check_extend(uint64_t val, unsigned int width)
{
	unsigned int bitsw = 8 * width;
	uint64_t z = mmio_extend(val, width, false), s = mmio_extend(val, width, true);

	if (width == 8) {
		FUZZ_CHECK(z == val && s == val);
		return;
	}
	FUZZ_CHECK(z == (val & ((1ULL << bitsw) - 1)));
	/* The sign extension agrees with the zero extension below the sign bit... */
	FUZZ_CHECK((s & ((1ULL << bitsw) - 1)) == z);
	/* ...and above it copies the sign bit. */
	FUZZ_CHECK((s >> bitsw) == ((z >> (bitsw - 1)) & 1 ? ~0ULL >> bitsw : 0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };

	while (!fuzz_empty(&in)) {
		uint32_t insn = fuzz_u32(&in);

		check_one(insn);
		check_extend((uint64_t)insn * 0x9e3779b97f4a7c15ULL, 1u << (insn >> 30));
	}
	return 0;
}
