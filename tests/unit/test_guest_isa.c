// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of vmm/guest_isa.c: what a guest's riscv,isa and
 * riscv,isa-extensions say on a given host hart.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>
#include "../../vmm/guest_isa.h"

static void assert_isa(const char *host, bool sstc, const char *want, const char *want_exts)
{
	struct guest_isa isa;
	char exts[GUEST_ISA_LEN] = "";
	unsigned int i;

	guest_isa_build(&isa, host, sstc);
	assert_string_equal(isa.string, want);
	for (i = 0; i < isa.nr_exts; i++) {
		if (i)
			strcat(exts, " ");
		strcat(exts, isa.exts[i]);
	}
	assert_string_equal(exts, want_exts);
}

/* QEMU 7.2's rv64 hart: its unprivileged extensions pass, Sstc as SVPN says. */
static void test_qemu_virt(void **state)
{
	const char *host = "rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc";

	assert_isa(host, true, "rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc",
		   "i m a f d c zicsr zifencei zihintpause zba zbb zbc zbs sstc");
	assert_isa(host, false, "rv64imafdc_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs",
		   "i m a f d c zicsr zifencei zihintpause zba zbb zbc zbs");
}

/* What SVPN would have to emulate and does not is never listed. */
static void test_privileged_extensions_dropped(void **state)
{
	assert_isa(
		"rv64imafdchv_zicsr_zifencei_zicbom_zicboz_zicbop_zawrs_svpbmt_svinval_zihpm_zbb",
		false, "rv64imafdc_zicsr_zifencei_zbb", "i m a f d c zicsr zifencei zbb");
}

static void test_no_fpu_host(void **state)
{
	assert_isa("rv64imac", false, "rv64imac_zicsr_zifencei", "i m a c zicsr zifencei");
}

static void test_g_shorthand(void **state)
{
	assert_isa("rv64gc_zba", false, "rv64imafdc_zicsr_zifencei_zba",
		   "i m a f d c zicsr zifencei zba");
}

/* No string from the host (or one that is not RV64): the RV64GC base. */
static void test_no_host_string(void **state)
{
	assert_isa("", false, "rv64imafdc_zicsr_zifencei", "i m a f d c zicsr zifencei");
	assert_isa("rv32imac", false, "rv64imafdc_zicsr_zifencei", "i m a f d c zicsr zifencei");
}

/* A host naming an extension twice, or with names longer than the table holds, stays bounded. */
static void test_odd_strings(void **state)
{
	char host[1024] = "rv64imac";
	unsigned int i;

	assert_isa("rv64imac__zba_zba_zicsr_", false, "rv64imac_zicsr_zifencei_zba",
		   "i m a c zicsr zifencei zba");
	for (i = 0; i < 100; i++)
		strcat(host, "_zbb");
	{
		struct guest_isa isa;

		guest_isa_build(&isa, host, true);
		assert_true(isa.nr_exts <= GUEST_ISA_MAX_EXTS);
		assert_true(strlen(isa.string) < sizeof(isa.string));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_virt),
		cmocka_unit_test(test_privileged_extensions_dropped),
		cmocka_unit_test(test_no_fpu_host),
		cmocka_unit_test(test_g_shorthand),
		cmocka_unit_test(test_no_host_string),
		cmocka_unit_test(test_odd_strings),
	};

	return cmocka_run_group_tests_name("guest_isa", tests, NULL, NULL);
}
