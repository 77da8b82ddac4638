// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for vmm/mmio_decode.c (the load/store decoder behind guest
 * MMIO emulation), mmio_extend() and the device bus (drivers/vdev_bus.c).
 *
 * Build and run from the top of the tree:
 *   gcc -std=gnu11 -Wall -Wextra -Wno-unused-parameter -I include -I arch/riscv/include -o /tmp/test_mmio_decode vmm/mmio_decode.c drivers/vdev_bus.c tests/unit/test_mmio_decode.c -lcmocka && /tmp/test_mmio_decode
 *
 * Encodings come from two independent sides: fixed words produced by
 * riscv64-unknown-elf-as (objdump -M no-aliases), and encoders written here
 * from the ISA manual's tables, swept over every register and offset.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <svpn/mmio.h>
#include <svpn/vdev.h>

static struct mmio_insn decode_ok(uint32_t insn)
{
	struct mmio_insn mi;

	assert_int_equal(mmio_decode(insn, &mi), 0);
	return mi;
}

static void assert_access(struct mmio_insn mi, unsigned int len, bool store, unsigned int width,
			  bool sign, unsigned int reg, unsigned int base, long offset)
{
	assert_int_equal(mi.len, len);
	assert_int_equal(mi.store, store);
	assert_int_equal(mi.width, width);
	assert_int_equal(mi.sign_extend, sign);
	assert_int_equal(mi.reg, reg);
	assert_int_equal(mi.base, base);
	assert_int_equal(mi.offset, offset);
}

/* --- Words from the assembler ------------------------------------------- */

static void test_assembler_words_32(void **state)
{
	assert_access(decode_ok(0x80058503), 4, false, 1, true, 10, 11,
		      -2048);						       /* lb a0,-2048(a1) */
	assert_access(decode_ok(0x7ff11283), 4, false, 2, true, 5, 2, 2047);   /* lh t0,2047(sp) */
	assert_access(decode_ok(0xfff0af83), 4, false, 4, true, 31, 1, -1);    /* lw t6,-1(ra) */
	assert_access(decode_ok(0x00873783), 4, false, 8, false, 15, 14, 8);   /* ld a5,8(a4) */
	assert_access(decode_ok(0x0004c403), 4, false, 1, false, 8, 9, 0);     /* lbu s0,0(s1) */
	assert_access(decode_ok(0x00265583), 4, false, 2, false, 11, 12, 2);   /* lhu a1,2(a2) */
	assert_access(decode_ok(0x06476683), 4, false, 4, false, 13, 14, 100); /* lwu a3,100(a4) */
	assert_access(decode_ok(0xff8fb003), 4, false, 8, false, 0, 31, -8);   /* ld zero,-8(t6) */
	assert_access(decode_ok(0x80a58023), 4, true, 1, false, 10, 11,
		      -2048);						     /* sb a0,-2048(a1) */
	assert_access(decode_ok(0x7e511fa3), 4, true, 2, false, 5, 2, 2047); /* sh t0,2047(sp) */
	assert_access(decode_ok(0xfff0afa3), 4, true, 4, false, 31, 1, -1);  /* sw t6,-1(ra) */
	assert_access(decode_ok(0x00f73423), 4, true, 8, false, 15, 14, 8);  /* sd a5,8(a4) */
}

static void test_assembler_words_16(void **state)
{
	assert_access(decode_ok(0x5ce8), 2, false, 4, true, 10, 9, 124);  /* c.lw a0,124(s1) */
	assert_access(decode_ok(0x4380), 2, false, 4, true, 8, 15, 0);	  /* c.lw s0,0(a5) */
	assert_access(decode_ok(0x7c7c), 2, false, 8, false, 15, 8, 248); /* c.ld a5,248(s0) */
	assert_access(decode_ok(0x671c), 2, false, 8, false, 15, 14, 8);  /* c.ld a5,8(a4) */
	assert_access(decode_ok(0xc2b0), 2, true, 4, false, 12, 13, 64);  /* c.sw a2,64(a3) */
	assert_access(decode_ok(0xe544), 2, true, 8, false, 9, 10, 136);  /* c.sd s1,136(a0) */
	assert_access(decode_ok(0xe71c), 2, true, 8, false, 15, 14, 8);	  /* c.sd a5,8(a4) */
	assert_access(decode_ok(0x50fe), 2, false, 4, true, 1, 2, 252);	  /* c.lwsp ra,252(sp) */
	assert_access(decode_ok(0x4f92), 2, false, 4, true, 31, 2, 4);	  /* c.lwsp t6,4(sp) */
	assert_access(decode_ok(0x757e), 2, false, 8, false, 10, 2, 504); /* c.ldsp a0,504(sp) */
	assert_access(decode_ok(0x6da2), 2, false, 8, false, 27, 2, 8);	  /* c.ldsp s11,8(sp) */
	assert_access(decode_ok(0xdfaa), 2, true, 4, false, 10, 2, 252);  /* c.swsp a0,252(sp) */
	assert_access(decode_ok(0xc002), 2, true, 4, false, 0, 2, 0);	  /* c.swsp zero,0(sp) */
	assert_access(decode_ok(0xff96), 2, true, 8, false, 5, 2, 504);	  /* c.sdsp t0,504(sp) */
	assert_access(decode_ok(0xe406), 2, true, 8, false, 1, 2, 8);	  /* c.sdsp ra,8(sp) */
}

/* A compressed instruction is decoded from the low half, whatever follows it. */
static void test_compressed_ignores_upper_half(void **state)
{
	assert_access(decode_ok(0xdead5ce8), 2, false, 4, true, 10, 9, 124);
	assert_access(decode_ok(0xffffe406), 2, true, 8, false, 1, 2, 8);
}

static void test_rejected(void **state)
{
	static const uint32_t bad[] = {
		0x08b6252f,					/* amoswap.w a0,a1,(a2) */
		0x1005a52f,					/* lr.w a0,(a1) */
		0x00053007,					/* fld ft0,0(a0) */
		0x00053027,					/* fsd ft0,0(a0) */
		0x0045a087,					/* flw ft1,4(a1) */
		0x00007003,					/* load funct3 7: reserved */
		0x00004023,					/* store funct3 4: reserved */
		0x00005023, 0x00006023, 0x00007023, 0x00b50533, /* add a0,a0,a1 */
		0x10500073,					/* wfi */
		0x0000001f, /* a 48-bit instruction's first parcel */
		0x2400,	    /* c.fld fs0,8(s0) */
		0xa400,	    /* c.fsd fs0,8(s0) */
		0x20a2,	    /* c.fldsp ft1,8(sp) */
		0xa406,	    /* c.fsdsp ft1,8(sp) */
		0x0505,	    /* c.addi a0,1 */
		0x0048,	    /* c.addi4spn a0,sp,4 */
		0x0506,	    /* c.slli a0,1 */
		0x852e,	    /* c.mv a0,a1 */
		0x0000,	    /* the all-zero illegal instruction */
		0x4002,	    /* c.lwsp x0: reserved */
		0x6002,	    /* c.ldsp x0: reserved */
		0x8000,	    /* quadrant 0, funct3 4: reserved */
	};
	struct mmio_insn mi;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (mmio_decode(bad[i], &mi) != -1)
			fail_msg("%#x decoded as a load/store", bad[i]);
	}
}

/* --- Sweeps with encoders from the manual ------------------------------- */

static uint32_t enc_i(unsigned int f3, unsigned int rd, unsigned int rs1, int imm)
{
	return ((uint32_t)(imm & 0xfff) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | 0x03;
}

static uint32_t enc_s(unsigned int f3, unsigned int rs2, unsigned int rs1, int imm)
{
	return ((uint32_t)((imm >> 5) & 0x7f) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) |
	       ((uint32_t)(imm & 0x1f) << 7) | 0x23;
}

static void test_sweep_32(void **state)
{
	static const struct {
		unsigned int f3, width;
		bool sign;
	} loads[] = {
		{ 0, 1, true },	 { 1, 2, true },  { 2, 4, true },  { 3, 8, false },
		{ 4, 1, false }, { 5, 2, false }, { 6, 4, false },
	};
	unsigned int i, r, b;
	int imm;

	for (i = 0; i < 7; i++)
		for (r = 0; r < 32; r++)
			for (b = 0; b < 32; b += 3)
				for (imm = -2048; imm < 2048; imm += 127) {
					assert_access(decode_ok(enc_i(loads[i].f3, r, b, imm)), 4,
						      false, loads[i].width, loads[i].sign, r, b,
						      imm);
					if (i < 4)
						assert_access(decode_ok(enc_s(i, r, b, imm)), 4,
							      true, 1u << i, false, r, b, imm);
				}
	/* The offset extremes */
	assert_int_equal(decode_ok(enc_i(2, 1, 2, 2047)).offset, 2047);
	assert_int_equal(decode_ok(enc_s(3, 1, 2, -2048)).offset, -2048);
	assert_int_equal(decode_ok(enc_s(3, 1, 2, -1)).offset, -1);
}

/* c.lw/c.sw: uimm[5:3] at 12:10, [2] at 6, [6] at 5. c.ld/c.sd: [5:3] 12:10, [7:6] 6:5. */
static uint32_t enc_c0(unsigned int f3, unsigned int rdp, unsigned int rs1p, unsigned int off,
		       bool dword)
{
	uint32_t imm = ((off >> 3) & 7) << 10;

	if (dword)
		imm |= ((off >> 6) & 3) << 5;
	else
		imm |= ((off >> 2) & 1) << 6 | ((off >> 6) & 1) << 5;
	return (f3 << 13) | imm | ((rs1p - 8) << 7) | ((rdp - 8) << 2);
}

static void test_sweep_c0(void **state)
{
	unsigned int r, b, off;

	for (r = 8; r < 16; r++)
		for (b = 8; b < 16; b++) {
			for (off = 0; off < 128; off += 4) {
				assert_access(decode_ok(enc_c0(2, r, b, off, false)), 2, false, 4,
					      true, r, b, off);
				assert_access(decode_ok(enc_c0(6, r, b, off, false)), 2, true, 4,
					      false, r, b, off);
			}
			for (off = 0; off < 256; off += 8) {
				assert_access(decode_ok(enc_c0(3, r, b, off, true)), 2, false, 8,
					      false, r, b, off);
				assert_access(decode_ok(enc_c0(7, r, b, off, true)), 2, true, 8,
					      false, r, b, off);
			}
		}
}

static uint32_t enc_lwsp(unsigned int rd, unsigned int off)
{
	return (2u << 13) | ((off >> 5) & 1) << 12 | (rd << 7) | ((off >> 2) & 7) << 4 |
	       ((off >> 6) & 3) << 2 | 2;
}

static uint32_t enc_ldsp(unsigned int rd, unsigned int off)
{
	return (3u << 13) | ((off >> 5) & 1) << 12 | (rd << 7) | ((off >> 3) & 3) << 5 |
	       ((off >> 6) & 7) << 2 | 2;
}

static uint32_t enc_swsp(unsigned int rs2, unsigned int off)
{
	return (6u << 13) | ((off >> 2) & 0xf) << 9 | ((off >> 6) & 3) << 7 | (rs2 << 2) | 2;
}

static uint32_t enc_sdsp(unsigned int rs2, unsigned int off)
{
	return (7u << 13) | ((off >> 3) & 7) << 10 | ((off >> 6) & 7) << 7 | (rs2 << 2) | 2;
}

static void test_sweep_c2(void **state)
{
	unsigned int r, off;

	for (r = 0; r < 32; r++) {
		for (off = 0; off < 256; off += 4) {
			if (r)
				assert_access(decode_ok(enc_lwsp(r, off)), 2, false, 4, true, r, 2,
					      off);
			assert_access(decode_ok(enc_swsp(r, off)), 2, true, 4, false, r, 2, off);
		}
		for (off = 0; off < 512; off += 8) {
			if (r)
				assert_access(decode_ok(enc_ldsp(r, off)), 2, false, 8, false, r, 2,
					      off);
			assert_access(decode_ok(enc_sdsp(r, off)), 2, true, 8, false, r, 2, off);
		}
	}
}

/* --- mmio_extend -------------------------------------------------------- */

static void test_extend(void **state)
{
	assert_int_equal(mmio_extend(0x80, 1, true), 0xffffffffffffff80UL);
	assert_int_equal(mmio_extend(0x80, 1, false), 0x80);
	assert_int_equal(mmio_extend(0x7f, 1, true), 0x7f);
	assert_int_equal(mmio_extend(0x1ff, 1, false), 0xff); /* upper bytes dropped */
	assert_int_equal(mmio_extend(0x8000, 2, true), 0xffffffffffff8000UL);
	assert_int_equal(mmio_extend(0x18000, 2, false), 0x8000);
	assert_int_equal(mmio_extend(0x80000000, 4, true), 0xffffffff80000000UL);
	assert_int_equal(mmio_extend(0x180000000ULL, 4, false), 0x80000000);
	assert_int_equal(mmio_extend(0x8000000000000000ULL, 8, true), 0x8000000000000000UL);
	assert_int_equal(mmio_extend(0xfedcba9876543210ULL, 8, false), 0xfedcba9876543210UL);
}

/* --- The bus ------------------------------------------------------------ */

static void test_bus(void **state)
{
	struct vdev_bus bus = { 0 };
	struct vdev d = { .name = "a", .base = 0x1000, .size = 0x100 };
	unsigned int i;

	assert_int_equal(vdev_bus_add(&bus, &d), 0);
	d.name = "b", d.base = 0x10000000, d.size = 0x100;
	assert_int_equal(vdev_bus_add(&bus, &d), 0);
	assert_null(vdev_bus_find(&bus, 0xfff));
	assert_string_equal(vdev_bus_find(&bus, 0x1000)->name, "a");
	assert_string_equal(vdev_bus_find(&bus, 0x10ff)->name, "a");
	assert_null(vdev_bus_find(&bus, 0x1100));
	assert_string_equal(vdev_bus_find(&bus, 0x10000080)->name, "b");
	assert_null(vdev_bus_find(&bus, 0));
	assert_null(vdev_bus_find(&bus, ~0ULL));

	/* Overlaps, empty and wrapping windows are refused. */
	d.base = 0x10ff, d.size = 2;
	assert_int_equal(vdev_bus_add(&bus, &d), -1);
	d.base = 0xf00, d.size = 0x101;
	assert_int_equal(vdev_bus_add(&bus, &d), -1);
	d.base = 0, d.size = ~0ULL;
	assert_int_equal(vdev_bus_add(&bus, &d), -1);
	d.base = 0x5000, d.size = 0;
	assert_int_equal(vdev_bus_add(&bus, &d), -1);
	d.base = ~0ULL - 1, d.size = 4;
	assert_int_equal(vdev_bus_add(&bus, &d), -1);
	d.base = 0xf00, d.size = 0x100; /* touching is fine */
	assert_int_equal(vdev_bus_add(&bus, &d), 0);

	/* Full */
	for (i = bus.nr; i < VDEV_BUS_MAX; i++) {
		d.base = 0x100000 * (i + 1), d.size = 0x1000;
		assert_int_equal(vdev_bus_add(&bus, &d), 0);
	}
	d.base = 0x7000000, d.size = 0x1000;
	assert_int_equal(vdev_bus_add(&bus, &d), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assembler_words_32),
		cmocka_unit_test(test_assembler_words_16),
		cmocka_unit_test(test_compressed_ignores_upper_half),
		cmocka_unit_test(test_rejected),
		cmocka_unit_test(test_sweep_32),
		cmocka_unit_test(test_sweep_c0),
		cmocka_unit_test(test_sweep_c2),
		cmocka_unit_test(test_extend),
		cmocka_unit_test(test_bus),
	};

	return cmocka_run_group_tests_name("mmio_decode", tests, NULL, NULL);
}
