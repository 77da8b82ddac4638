// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for drivers/clint.c. Natively (QEMU + OpenSBI) PMP keeps
 * S-mode out of the whole CLINT: every load and store of any width there is
 * an access fault, mtime included (tests/guests/mmio-widths). SVPN's CLINT
 * must refuse them all the same way.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include "../../drivers/clint.h"

static uint64_t fake_time(void *ctx)
{
	return 0x1122334455667788ULL;
}

static void test_no_s_mode_access(void **state)
{
	struct clint c;
	struct vdev dev = { .name = "clint",
			    .size = VDEV_CLINT_SIZE,
			    .ops = &clint_vdev_ops,
			    .priv = &c };
	static const uint64_t offs[] = { CLINT_MSIP_BASE,	  CLINT_MTIMECMP_BASE,
					 CLINT_MTIMECMP_BASE + 8, CLINT_MTIME,
					 CLINT_MTIME + 4,	  0xc000,
					 VDEV_CLINT_SIZE - 8 };
	unsigned int i, w;

	clint_init(&c, fake_time, NULL);
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
		for (w = 1; w <= 8; w *= 2)
			assert_false(vdev_access_ok(&dev, offs[i], w));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_s_mode_access),
	};

	return cmocka_run_group_tests_name("clint", tests, NULL, NULL);
}
