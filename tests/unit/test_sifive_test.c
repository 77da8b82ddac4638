// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests for drivers/sifive_test.c: which accesses the finisher
 * accepts (QEMU's sifive_test_ops: 2..4 bytes, aligned, anywhere in its
 * page; tests/guests/mmio-widths shows the rest fault natively) and which
 * writes end or reset the machine.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include "../../drivers/sifive_test.h"

struct fixture {
	struct sifive_test t;
	struct vdev dev;
	int exits, reboots, code;
};

static void on_exit(void *ctx, int code)
{
	struct fixture *f = ctx;

	f->exits++;
	f->code = code;
}

static void on_reboot(void *ctx)
{
	((struct fixture *)ctx)->reboots++;
}

static int setup(void **state)
{
	struct fixture *f = test_calloc(1, sizeof(*f));

	sifive_test_init(&f->t, on_exit, on_reboot, f);
	f->dev = (struct vdev){ .name = "test",
				.size = VDEV_SIFIVE_TEST_SIZE,
				.ops = &sifive_test_vdev_ops,
				.priv = &f->t };
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	test_free(*state);
	return 0;
}

static void test_access_widths(void **state)
{
	struct fixture *f = *state;
	static const uint64_t offs[] = { 0x0, 0x4, 0x8, 0xff8, 0xffc };
	unsigned int i, w, b;

	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
		for (w = 1; w <= 8; w *= 2)
			for (b = 0; b < 4; b++)
				assert_int_equal(vdev_access_ok(&f->dev, offs[i] + b, w),
						 (w == 2 || w == 4) && b % w == 0 &&
							 offs[i] + b + w <= VDEV_SIFIVE_TEST_SIZE);
	/* Accepted reads give 0. */
	assert_int_equal(f->dev.ops->read(&f->dev, 0, 4), 0);
	assert_int_equal(f->dev.ops->read(&f->dev, 0xffe, 2), 0);
}

static void test_finisher_writes(void **state)
{
	struct fixture *f = *state;

	/* Elsewhere than offset 0, or no finisher code: nothing happens. */
	f->dev.ops->write(&f->dev, 4, 4, SIFIVE_TEST_PASS);
	f->dev.ops->write(&f->dev, 0, 4, 0x1234);
	assert_int_equal(f->exits + f->reboots, 0);
	f->dev.ops->write(&f->dev, 0, 2, SIFIVE_TEST_RESET);
	assert_int_equal(f->reboots, 1);
	f->dev.ops->write(&f->dev, 0, 4, 7u << 16 | SIFIVE_TEST_FAIL);
	assert_int_equal(f->exits, 1);
	assert_int_equal(f->code, 7);
	f->dev.ops->write(&f->dev, 0, 2, SIFIVE_TEST_PASS);
	assert_int_equal(f->exits, 2);
	assert_int_equal(f->code, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_access_widths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_finisher_writes, setup, teardown),
	};

	return cmocka_run_group_tests_name("sifive_test", tests, NULL, NULL);
}
