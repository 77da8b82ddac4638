// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU virt's test finisher at 0x100000. A 16- or 32-bit write to offset 0:
 * the low 16 bits say what to do (pass, fail, reset), the high 16 bits of a
 * fail are the exit status. Other 16- and 32-bit accesses anywhere in the
 * page read 0 and are ignored; byte and doubleword accesses are access
 * faults, as QEMU's sifive_test_ops accept 2..4 bytes, aligned. Linux
 * reaches it through the syscon-poweroff/syscon-reboot nodes that point at it.
 */
#include "sifive_test.h"

static bool sifive_test_access_ok(const struct vdev *dev, uint64_t off, unsigned int width)
{
	return (width == 2 || width == 4) && !(off % width);
}

static uint64_t sifive_test_vdev_read(struct vdev *dev, uint64_t off, unsigned int width)
{
	return 0;
}

static void sifive_test_vdev_write(struct vdev *dev, uint64_t off, unsigned int width, uint64_t val)
{
	struct sifive_test *t = dev->priv;

	if (off != 0)
		return;
	switch (val & 0xffff) {
	case SIFIVE_TEST_PASS:
		if (t->exit)
			t->exit(t->ctx, 0);
		break;
	case SIFIVE_TEST_FAIL:
		if (t->exit)
			t->exit(t->ctx, (val >> SIFIVE_TEST_CODE_SHIFT) & 0xffff);
		break;
	case SIFIVE_TEST_RESET:
		if (t->reboot)
			t->reboot(t->ctx);
		break;
	default:
		break;
	}
}

void sifive_test_init(struct sifive_test *t, void (*exit)(void *ctx, int code),
		      void (*reboot)(void *ctx), void *ctx)
{
	t->exit = exit;
	t->reboot = reboot;
	t->ctx = ctx;
}

const struct vdev_ops sifive_test_vdev_ops = {
	.access_ok = sifive_test_access_ok,
	.read = sifive_test_vdev_read,
	.write = sifive_test_vdev_write,
};
