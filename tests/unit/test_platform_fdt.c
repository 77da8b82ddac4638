// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for lib/platform_fdt.c: platform_parse_fdt() against the
 * device trees in fixtures/ (compiled with dtc by tests/unit/Makefile) and
 * against blobs the tests damage or extend with libfdt.
 *
 * Every blob is handed over in a heap buffer of exactly its size, so that
 * AddressSanitizer reports any read past its end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <svpn/platform.h>

#ifndef FIXTURE_DIR
#error "build with -DFIXTURE_DIR=\"<directory of the compiled fixtures>\""
#endif

/* A fixture, read into a buffer of exactly its size (extra: room to grow). */
static void *load_fixture(const char *name, size_t extra, size_t *sizep)
{
	char path[512];
	FILE *f;
	long size;
	void *buf;

	snprintf(path, sizeof(path), "%s/%s.dtb", FIXTURE_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	assert_true(size > 0);
	buf = malloc(size + extra);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, size, f), size);
	fclose(f);
	if (extra)
		assert_int_equal(fdt_open_into(buf, buf, size + extra), 0);
	if (sizep)
		*sizep = size + extra;
	return buf;
}

struct parsed {
	struct platform p;
	char err[PLATFORM_ERR_LEN];
	int ret;
};

static void parse_blob(const void *fdt, struct parsed *r)
{
	memset(r, 0x5a, sizeof(*r));
	r->ret = platform_parse_fdt(fdt, &r->p, r->err, sizeof(r->err));
	if (r->ret)
		print_message("  platform_parse_fdt: %d: %s\n", r->ret, r->err);
}

static void parse_fixture(const char *name, struct parsed *r)
{
	void *fdt = load_fixture(name, 0, NULL);

	parse_blob(fdt, r);
	free(fdt);
}

static void expect_error(const struct parsed *r, int code, const char *words)
{
	assert_int_equal(r->ret, code);
	assert_non_null(memchr(r->err, '\0', sizeof(r->err)));
	assert_non_null(strstr(r->err, words));
}

/* ---- the QEMU virt tree ------------------------------------------------ */

static void test_qemu_virt(void **state)
{
	struct parsed r;

	parse_fixture("qemu-virt", &r);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.p.ram.base, 0x80000000);
	assert_int_equal(r.p.ram.size, 0x20000000);
	assert_int_equal(r.p.timebase_frequency, 10000000);
	assert_int_equal(r.p.nr_harts, 2);
	assert_int_equal(r.p.hartids[0], 0);
	assert_int_equal(r.p.hartids[1], 1);
	assert_string_equal(r.p.isa, "rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc");
	assert_int_equal(r.p.uart.reg.base, 0x10000000);
	assert_int_equal(r.p.uart.reg.size, 0x100);
	assert_int_equal(r.p.uart.reg_shift, 0);
	assert_int_equal(r.p.uart.reg_io_width, 1);
	assert_int_equal(r.p.uart.irq, 10);
	assert_int_equal(r.p.uart.clock_frequency, 3686400);
	assert_int_equal(r.p.plic.base, 0xc000000);
	assert_int_equal(r.p.plic.size, 0x600000);
	assert_int_equal(r.p.plic_ndev, 96);
	assert_int_equal(r.p.clint.base, 0x2000000);
	assert_int_equal(r.p.clint.size, 0x10000);
	assert_int_equal(r.p.reset.base, 0x100000);
	assert_int_equal(r.p.reset.size, 0x1000);
	assert_int_equal(r.p.initrd_start, 0);
	assert_int_equal(r.p.initrd_end, 0);
}

static void test_address_cells_1(void **state)
{
	struct parsed r;

	parse_fixture("address-cells-1", &r);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.p.ram.base, 0x80000000);
	assert_int_equal(r.p.ram.size, 0x10000000);
	assert_int_equal(r.p.timebase_frequency, 1000000);
	assert_int_equal(r.p.nr_harts, 1);
	assert_int_equal(r.p.uart.reg.base, 0x10000000);
	assert_int_equal(r.p.uart.reg.size, 0x100);
	assert_int_equal(r.p.clint.base, 0x2000000);
	assert_int_equal(r.p.clint.size, 0x10000);
	assert_int_equal(r.p.plic.base, 0xc000000);
	assert_int_equal(r.p.plic_ndev, 31);
	/* No sifive,test0 in this tree: SVPN keeps its early reset address. */
	assert_int_equal(r.p.reset.size, 0);
}

/* ---- memory ------------------------------------------------------------ */

static void test_no_memory(void **state)
{
	struct parsed r;

	parse_fixture("no-memory", &r);
	expect_error(&r, PLATFORM_ENOMEM, "memory");
}

static void test_memory_short_reg(void **state)
{
	struct parsed r;

	parse_fixture("memory-short-reg", &r);
	expect_error(&r, PLATFORM_ENOMEM, "memory");
}

static void test_memory_disabled_skipped(void **state)
{
	struct parsed r;

	parse_fixture("memory-disabled", &r);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.p.ram.base, 0x100000000ULL);
	assert_int_equal(r.p.ram.size, 0x10000000);
}

/* ---- harts and timebase ----------------------------------------------- */

static void test_no_timebase(void **state)
{
	struct parsed r;

	parse_fixture("no-timebase", &r);
	expect_error(&r, PLATFORM_ENOTIMEBASE, "timebase");
}

static void test_no_cpus(void **state)
{
	struct parsed r;

	parse_fixture("no-cpus", &r);
	expect_error(&r, PLATFORM_ENOCPU, "cpus");
}

static void test_cpu_disabled_skipped(void **state)
{
	struct parsed r;

	parse_fixture("cpu-disabled", &r);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.p.nr_harts, 1);
	assert_int_equal(r.p.hartids[0], 1);
}

/* More cpu nodes than PLATFORM_MAX_HARTS: the first ones are kept, no overflow. */
static void test_too_many_harts(void **state)
{
	void *fdt = load_fixture("qemu-virt", 16384, NULL);
	int cpus = fdt_path_offset(fdt, "/cpus");
	struct parsed r;
	unsigned int i;

	assert_true(cpus >= 0);
	for (i = 2; i < PLATFORM_MAX_HARTS + 8; i++) {
		char name[16];
		int node;

		snprintf(name, sizeof(name), "cpu@%x", i);
		node = fdt_add_subnode(fdt, cpus, name);
		assert_true(node >= 0);
		assert_int_equal(fdt_setprop_string(fdt, node, "device_type", "cpu"), 0);
		assert_int_equal(fdt_setprop_u32(fdt, node, "reg", i), 0);
	}
	parse_blob(fdt, &r);
	free(fdt);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.p.nr_harts, PLATFORM_MAX_HARTS);
	/* libfdt puts new nodes first, so which 32 are kept is its business. */
	for (i = 0; i < PLATFORM_MAX_HARTS; i++) {
		unsigned int j;

		assert_in_range(r.p.hartids[i], 0, PLATFORM_MAX_HARTS + 7);
		for (j = 0; j < i; j++)
			assert_int_not_equal(r.p.hartids[i], r.p.hartids[j]);
	}
}

/* ---- the console UART ------------------------------------------------- */

static void test_no_uart(void **state)
{
	struct parsed r;

	parse_fixture("no-uart", &r);
	expect_error(&r, PLATFORM_ENOUART, "UART");
}

static void test_uart_disabled(void **state)
{
	struct parsed r;

	parse_fixture("uart-disabled", &r);
	expect_error(&r, PLATFORM_ENOUART, "UART");
}

/* stdout-path names a disabled UART: use the 16550 that is enabled. */
static void test_uart_disabled_stdout_falls_back(void **state)
{
	struct parsed r;

	parse_fixture("uart-disabled-fallback", &r);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.p.uart.reg.base, 0x10002000);
}

static void test_stdout_second_uart(void **state)
{
	struct parsed r;

	parse_fixture("stdout-second-uart", &r);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.p.uart.reg.base, 0x10002000);
	assert_int_equal(r.p.uart.reg.size, 0x400);
	assert_int_equal(r.p.uart.reg_shift, 2);
	assert_int_equal(r.p.uart.reg_io_width, 4);
	assert_int_equal(r.p.uart.irq, 12);
	assert_int_equal(r.p.uart.clock_frequency, 0x1c2000);
}

static void test_stdout_alias(void **state)
{
	struct parsed r;

	parse_fixture("stdout-alias", &r);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.p.uart.reg.base, 0x10002000);
}

static void test_stdout_foreign_uart(void **state)
{
	struct parsed r;

	parse_fixture("stdout-foreign-uart", &r);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.p.uart.reg.base, 0x10000000);
}

/* A bus with #size-cells = 3 cannot be read: an error, not garbage. */
static void test_uart_bad_size_cells(void **state)
{
	void *fdt = load_fixture("qemu-virt", 256, NULL);
	int soc = fdt_path_offset(fdt, "/soc");
	struct parsed r;

	assert_true(soc >= 0);
	assert_int_equal(fdt_setprop_u32(fdt, soc, "#size-cells", 3), 0);
	parse_blob(fdt, &r);
	free(fdt);
	assert_int_equal(r.ret, PLATFORM_EBADREG);
	assert_non_null(strstr(r.err, "UART"));
}

/* The qemu-virt tree with one u32 property of its UART set to @val. */
static void parse_uart_prop(const char *prop, uint32_t val, struct parsed *r)
{
	void *fdt = load_fixture("qemu-virt", 256, NULL);
	int uart = fdt_path_offset(fdt, "/soc/serial@10000000");

	assert_true(uart >= 0);
	assert_int_equal(fdt_setprop_u32(fdt, uart, "reg-shift", 0), 0);
	assert_int_equal(fdt_setprop_u32(fdt, uart, prop, val), 0);
	parse_blob(fdt, r);
	free(fdt);
}

/* A shift the console driver cannot use is refused, not shifted out of range (UB at >= 32). */
static void test_uart_reg_shift_too_large(void **state)
{
	struct parsed r;

	parse_uart_prop("reg-shift", 40, &r);
	expect_error(&r, PLATFORM_EBADREG, "reg-shift 40");
}

/* Shift 3 still fits the 0x100-byte window; a 2-byte register width has no driver. */
static void test_uart_layout_limits(void **state)
{
	struct parsed r;

	parse_uart_prop("reg-shift", 3, &r);
	assert_int_equal(r.ret, 0); /* 7 << 3 + 1 fits 0x100 */
	parse_uart_prop("reg-io-width", 2, &r);
	expect_error(&r, PLATFORM_EBADREG, "reg-io-width 2");
}

static void test_uart_dw_layout_accepted(void **state)
{
	struct parsed r;

	parse_uart_prop("reg-io-width", 4, &r);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.p.uart.reg_io_width, 4);
}

/* ---- /chosen initrd ---------------------------------------------------- */

static void test_initrd_32bit_cells(void **state)
{
	struct parsed r;

	parse_fixture("initrd32", &r);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.p.initrd_start, 0x88000000);
	assert_int_equal(r.p.initrd_end, 0x88123456);
}

static void test_initrd_64bit_cells(void **state)
{
	struct parsed r;

	parse_fixture("initrd64", &r);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.p.initrd_start, 0x100000000ULL);
	assert_int_equal(r.p.initrd_end, 0x100200000ULL);
}

/* ---- damaged blobs ----------------------------------------------------- */

static void test_bad_magic(void **state)
{
	void *fdt = load_fixture("qemu-virt", 0, NULL);
	struct parsed r;

	fdt_set_magic(fdt, 0xdeadbeef);
	parse_blob(fdt, &r);
	free(fdt);
	expect_error(&r, -FDT_ERR_BADMAGIC, "header");
}

/* The header claims fewer bytes than its own blocks need. */
static void test_truncated_header(void **state)
{
	void *fdt = load_fixture("qemu-virt", 0, NULL);
	struct parsed r;

	fdt_set_totalsize(fdt, fdt_off_dt_struct(fdt) + 8);
	parse_blob(fdt, &r);
	free(fdt);
	expect_error(&r, -FDT_ERR_TRUNCATED, "header");
}

/* Only the first 40 bytes exist (a header, no blocks): header check fails. */
static void test_truncated_blob(void **state)
{
	void *good = load_fixture("qemu-virt", 0, NULL);
	void *fdt = malloc(sizeof(struct fdt_header));
	struct parsed r;

	memcpy(fdt, good, sizeof(struct fdt_header));
	fdt_set_totalsize(fdt, sizeof(struct fdt_header));
	parse_blob(fdt, &r);
	free(fdt);
	free(good);
	assert_true(r.ret < 0);
	assert_non_null(strstr(r.err, "header"));
}

static void test_bad_version(void **state)
{
	void *fdt = load_fixture("qemu-virt", 0, NULL);
	struct parsed r;

	fdt_set_version(fdt, 1);
	fdt_set_last_comp_version(fdt, 1);
	parse_blob(fdt, &r);
	free(fdt);
	expect_error(&r, -FDT_ERR_BADVERSION, "header");
}

/* A short error buffer is filled, terminated and never overrun. */
static void test_short_error_buffer(void **state)
{
	void *fdt = load_fixture("no-uart", 0, NULL);
	struct platform p;
	char err[12];

	memset(err, 'x', sizeof(err));
	assert_int_equal(platform_parse_fdt(fdt, &p, err, 8), PLATFORM_ENOUART);
	free(fdt);
	assert_int_equal(strlen(err), 7);
	assert_int_equal(err[8], 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_virt),
		cmocka_unit_test(test_address_cells_1),
		cmocka_unit_test(test_no_memory),
		cmocka_unit_test(test_memory_short_reg),
		cmocka_unit_test(test_memory_disabled_skipped),
		cmocka_unit_test(test_no_timebase),
		cmocka_unit_test(test_no_cpus),
		cmocka_unit_test(test_cpu_disabled_skipped),
		cmocka_unit_test(test_too_many_harts),
		cmocka_unit_test(test_no_uart),
		cmocka_unit_test(test_uart_disabled),
		cmocka_unit_test(test_uart_disabled_stdout_falls_back),
		cmocka_unit_test(test_stdout_second_uart),
		cmocka_unit_test(test_stdout_alias),
		cmocka_unit_test(test_stdout_foreign_uart),
		cmocka_unit_test(test_uart_bad_size_cells),
		cmocka_unit_test(test_uart_reg_shift_too_large),
		cmocka_unit_test(test_uart_layout_limits),
		cmocka_unit_test(test_uart_dw_layout_accepted),
		cmocka_unit_test(test_initrd_32bit_cells),
		cmocka_unit_test(test_initrd_64bit_cells),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_truncated_header),
		cmocka_unit_test(test_truncated_blob),
		cmocka_unit_test(test_bad_version),
		cmocka_unit_test(test_short_error_buffer),
	};

	/* cmocka reports failures on stderr: keep them in order with stdout. */
	setvbuf(stdout, NULL, _IONBF, 0);
	return cmocka_run_group_tests_name("platform_fdt", tests, NULL, NULL);
}
