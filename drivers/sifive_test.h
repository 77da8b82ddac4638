/* SPDX-License-Identifier: GPL-2.0 */
/* QEMU virt's "sifive,test0" finisher (drivers/sifive_test.c): poweroff and reboot. */
#ifndef _DRIVERS_SIFIVE_TEST_H
#define _DRIVERS_SIFIVE_TEST_H

#include <hw/sifive_test.h>
#include <svpn/vdev.h>

struct sifive_test {
	void *ctx;
	void (*exit)(void *ctx, int code);
	void (*reboot)(void *ctx);
};

void sifive_test_init(struct sifive_test *t, void (*exit)(void *ctx, int code),
		      void (*reboot)(void *ctx), void *ctx);

/* Bus glue: priv is the struct sifive_test. */
extern const struct vdev_ops sifive_test_vdev_ops;

#endif /* _DRIVERS_SIFIVE_TEST_H */
