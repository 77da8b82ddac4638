// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's CLINT, as a guest running in S-mode can use it.
 *
 * msip and mtimecmp belong to M-mode: on real hardware (and on QEMU under
 * OpenSBI) PMP keeps S-mode from them, and an S-mode kernel asks for timer
 * interrupts and IPIs through SBI instead, which SVPN provides. So writes
 * to them are ignored and they read as 0; a guest cannot raise M-mode
 * interrupts it has no M-mode to take. mtime is the one register a guest
 * may usefully read: it is the host's time CSR (the same timebase the guest
 * sees in its device tree), 64-bit at 0xbff8 or as two 32-bit halves.
 * mtime writes are ignored too. See Documentation/devices.md.
 */
#include "clint.h"

static uint64_t clint_vdev_read(struct vdev *dev, uint64_t off, unsigned int width)
{
	struct clint *c = dev->priv;
	uint64_t now;

	if (off < CLINT_MTIME || off + width > CLINT_MTIME + 8 || (width != 4 && width != 8) ||
	    off % width || !c->get_time)
		return 0;
	now = c->get_time(c->ctx);
	return off == CLINT_MTIME ? now : now >> 32;
}

static void clint_vdev_write(struct vdev *dev, uint64_t off, unsigned int width, uint64_t val)
{
	/* msip, mtimecmp, mtime: M-mode's, out of an S-mode guest's reach. */
}

void clint_init(struct clint *c, uint64_t (*get_time)(void *ctx), void *ctx)
{
	c->get_time = get_time;
	c->ctx = ctx;
}

const struct vdev_ops clint_vdev_ops = {
	.read = clint_vdev_read,
	.write = clint_vdev_write,
};
