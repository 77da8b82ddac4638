/* SPDX-License-Identifier: GPL-2.0 */
/* The guest's CLINT (drivers/clint.c): M-mode's, so every S-mode access faults. */
#ifndef _DRIVERS_CLINT_H
#define _DRIVERS_CLINT_H

#include <stdint.h>
#include <svpn/vdev.h>

#define CLINT_MSIP_BASE	    0x0	   /* + 4 * hart */
#define CLINT_MTIMECMP_BASE 0x4000 /* + 8 * hart */
#define CLINT_MTIME	    0xbff8

struct clint {
	void *ctx;
	uint64_t (*get_time)(void *ctx); /* the time CSR, in timebase ticks */
};

void clint_init(struct clint *c, uint64_t (*get_time)(void *ctx), void *ctx);

/* Bus glue: priv is the struct clint. */
extern const struct vdev_ops clint_vdev_ops;

#endif /* _DRIVERS_CLINT_H */
