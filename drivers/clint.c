// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's CLINT, as a guest running in S-mode can use it: not at all.
 *
 * msip, mtimecmp and mtime belong to M-mode. On real hardware, and on QEMU
 * under OpenSBI, PMP keeps S-mode out of the whole CLINT: every S-mode load
 * or store there, even an mtime read, is an access fault (tests/guests/
 * mmio-widths shows it natively). An S-mode kernel asks for timer
 * interrupts and IPIs through SBI and reads the time CSR instead, both of
 * which SVPN provides. SVPN plays the guest's firmware, so its CLINT refuses
 * every access the same way. It stays on the bus (and in the device tree,
 * as QEMU's is) so that the guest's map is the native one; the time source
 * is kept for the day an M-mode-less guest is given mtime.
 *
 * QEMU's own ACLINT rules, for that day: msip (riscv_aclint_swi_ops, 0x4000
 * bytes) takes aligned 32-bit accesses only; mtimecmp and mtime
 * (riscv_aclint_mtimer_ops, 0x8000 bytes from 0x4000) take 32 and 64 bits;
 * 0xc000..0xffff is unbacked. See Documentation/devices.md.
 */
#include "clint.h"

static bool clint_access_ok(const struct vdev *dev, uint64_t off, unsigned int width)
{
	return false; /* M-mode's: the firmware's PMP denies S-mode */
}

void clint_init(struct clint *c, uint64_t (*get_time)(void *ctx), void *ctx)
{
	c->get_time = get_time;
	c->ctx = ctx;
}

const struct vdev_ops clint_vdev_ops = {
	.access_ok = clint_access_ok,
};
