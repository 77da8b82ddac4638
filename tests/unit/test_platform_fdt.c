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

/* virtio[i] is a 4 KiB virtio-mmio transport at @base with PLIC source @irq (0: none). */
static void expect_virtio(const struct platform *p, unsigned int i, uint64_t base, uint32_t irq)
{
	assert_in_range(i, 0, p->nr_virtio - 1);
	assert_int_equal(p->virtio[i].reg.base, base);
	assert_int_equal(p->virtio[i].reg.size, 0x1000);
	assert_int_equal(p->virtio[i].irq, irq);
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

/* ---- virtio-mmio transports and PLIC contexts --------------------------- */

/*
 * Transports and PLIC contexts, fixture by fixture. Device-tree order, not
 * address order: QEMU's first -device is the first node. A 'reg' too short
 * or too small is skipped and counted; an interrupt that is no source of the
 * host PLIC leaves the node without one (irq 0); a disabled node is not
 * there. A bad entry in the PLIC's interrupts-extended ends the walk. None
 * of it is an error: the rest of the tree stands.
 */
static const struct virtio_case {
	const char *fixture;
	uint32_t s_context[2]; /* of harts 0 and 1 */
	unsigned int nr, skipped;
	struct {
		uint64_t base;
		uint32_t irq;
	} virtio[4];
} virtio_cases[] = {
	/* contexts 0/1 are hart 0's M/S, 2/3 hart 1's */
	{ "qemu-virt", { 1, 3 }, 1, 0, { { 0x10001000, 1 } } },
	{ "virtio-two", { 1, 3 }, 2, 0, { { 0x10008000, 8 }, { 0x10007000, 7 } } },
	{ "virtio-none", { 1, 3 }, 0, 0, { { 0 } } },
	/* short reg and tiny window skipped; no 'interrupts', a cpu-intc parent, 97 > ndev 96 */
	{ "virtio-bad",
	  { 1, 3 },
	  4,
	  2,
	  { { 0x10001000, 1 }, { 0x10004000, 0 }, { 0x10005000, 0 }, { 0x10006000, 0 } } },
	/* hart 0's contexts, then a phandle that names no node */
	{ "plic-contexts-bad", { 1, PLATFORM_NO_CONTEXT }, 1, 0, { { 0x10001000, 1 } } },
};

static void test_virtio_and_contexts(void **state)
{
	unsigned int c, i;

	for (c = 0; c < sizeof(virtio_cases) / sizeof(virtio_cases[0]); c++) {
		const struct virtio_case *vc = &virtio_cases[c];
		struct parsed r;

		print_message("  %s\n", vc->fixture);
		parse_fixture(vc->fixture, &r);
		assert_int_equal(r.ret, 0);
		assert_int_equal(r.p.plic_s_context[0], vc->s_context[0]);
		assert_int_equal(r.p.plic_s_context[1], vc->s_context[1]);
		assert_int_equal(r.p.plic_s_context[2], PLATFORM_NO_CONTEXT);
		assert_int_equal(r.p.nr_virtio, vc->nr);
		assert_int_equal(r.p.nr_virtio_skipped, vc->skipped);
		for (i = 0; i < vc->nr; i++)
			expect_virtio(&r.p, i, vc->virtio[i].base, vc->virtio[i].irq);
		assert_int_equal(r.p.uart.reg.base, 0x10000000);
	}
}

/* More transports than PLATFORM_MAX_VIRTIO: the first ones are kept, the rest counted. */
static void test_virtio_too_many(void **state)
{
	void *fdt = load_fixture("qemu-virt", 16384, NULL);
	int soc = fdt_path_offset(fdt, "/soc");
	int plic = fdt_path_offset(fdt, "/soc/plic@c000000");
	struct parsed r;
	unsigned int i;

	assert_true(soc >= 0 && plic >= 0);
	for (i = 2; i < PLATFORM_MAX_VIRTIO + 4; i++) {
		uint64_t reg[2] = { cpu_to_fdt64(0x10000000 + 0x1000 * i), cpu_to_fdt64(0x1000) };
		char name[32];
		int node;

		snprintf(name, sizeof(name), "virtio_mmio@%x", 0x10000000 + 0x1000 * i);
		node = fdt_add_subnode(fdt, soc, name);
		assert_true(node >= 0);
		assert_int_equal(fdt_setprop_string(fdt, node, "compatible", "virtio,mmio"), 0);
		assert_int_equal(fdt_setprop(fdt, node, "reg", reg, sizeof(reg)), 0);
		assert_int_equal(fdt_setprop_u32(fdt, node, "interrupts", i), 0);
		plic = fdt_path_offset(fdt, "/soc/plic@c000000");
		assert_int_equal(fdt_setprop_u32(fdt, node, "interrupt-parent",
						 fdt_get_phandle(fdt, plic)),
				 0);
	}
	parse_blob(fdt, &r);
	free(fdt);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.p.nr_virtio, PLATFORM_MAX_VIRTIO);
	/* 10 added (libfdt puts each first) + the tree's own: 11, of which 8 fit. */
	assert_int_equal(r.p.nr_virtio_skipped, 3);
	for (i = 0; i < PLATFORM_MAX_VIRTIO; i++)
		expect_virtio(&r.p, i, r.p.virtio[i].reg.base,
			      (r.p.virtio[i].reg.base - 0x10000000) / 0x1000);
}

/* interrupts-extended cut in the middle of an entry, or absent: no context, no overrun. */
static void test_plic_contexts_truncated(void **state)
{
	void *fdt = load_fixture("qemu-virt", 256, NULL);
	int plic = fdt_path_offset(fdt, "/soc/plic@c000000");
	int intc = fdt_path_offset(fdt, "/cpus/cpu@0/interrupt-controller");
	fdt32_t cells[3];
	struct parsed r;

	assert_true(plic >= 0 && intc >= 0);
	cells[0] = cpu_to_fdt32(fdt_get_phandle(fdt, intc));
	cells[1] = cpu_to_fdt32(0x0b);
	cells[2] = cpu_to_fdt32(fdt_get_phandle(fdt, intc));
	assert_int_equal(fdt_setprop(fdt, plic, "interrupts-extended", cells, sizeof(cells)), 0);
	parse_blob(fdt, &r);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.p.plic_s_context[0], PLATFORM_NO_CONTEXT);
	assert_int_equal(r.p.plic_s_context[1], PLATFORM_NO_CONTEXT);

	assert_int_equal(fdt_delprop(fdt, plic, "interrupts-extended"), 0);
	parse_blob(fdt, &r);
	free(fdt);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.p.plic_s_context[0], PLATFORM_NO_CONTEXT);
	assert_int_equal(r.p.nr_virtio, 1);
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
		cmocka_unit_test(test_virtio_and_contexts),
		cmocka_unit_test(test_virtio_too_many),
		cmocka_unit_test(test_plic_contexts_truncated),
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
