/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A PLIC model laid out like QEMU virt's (drivers/plic.c): 95 sources,
 * priorities 0..7, two contexts per hart (2h: M-mode, 2h + 1: S-mode).
 */
#ifndef _DRIVERS_PLIC_H
#define _DRIVERS_PLIC_H

#include <stdbool.h>
#include <stdint.h>
#include <svpn/vdev.h>

#define PLIC_NDEV	  95 /* sources 1..95; 0 means "none" */
#define PLIC_NR_SOURCES	  (PLIC_NDEV + 1)
#define PLIC_WORDS	  ((PLIC_NR_SOURCES + 31) / 32)
#define PLIC_MAX_HARTS	  8
#define PLIC_MAX_CONTEXTS (2 * PLIC_MAX_HARTS)
#define PLIC_MAX_PRIORITY 7

/* Register map */
#define PLIC_PRIORITY_BASE     0x0    /* + 4 * source */
#define PLIC_PENDING_BASE      0x1000 /* + 4 * word */
#define PLIC_ENABLE_BASE       0x2000 /* + 0x80 * context + 4 * word */
#define PLIC_ENABLE_STRIDE     0x80
#define PLIC_CONTEXT_BASE      0x200000 /* + 0x1000 * context */
#define PLIC_CONTEXT_STRIDE    0x1000
#define PLIC_CONTEXT_THRESHOLD 0x0
#define PLIC_CONTEXT_CLAIM     0x4

#define PLIC_CONTEXT_M(hart) (2 * (hart))
#define PLIC_CONTEXT_S(hart) (2 * (hart) + 1)

struct plic {
	unsigned int nr_harts;
	uint32_t priority[PLIC_NR_SOURCES];
	uint32_t level[PLIC_WORDS];   /* input lines */
	uint32_t claimed[PLIC_WORDS]; /* in service: gateway closed */
	uint32_t enable[PLIC_MAX_CONTEXTS][PLIC_WORDS];
	uint32_t threshold[PLIC_MAX_CONTEXTS];
	bool seip[PLIC_MAX_HARTS]; /* output level, S contexts */

	void *ctx;
	void (*set_seip)(void *ctx, unsigned int hart, bool level);
};

/* @nr_harts: 1..PLIC_MAX_HARTS; @set_seip may be NULL. */
void plic_init(struct plic *p, unsigned int nr_harts,
	       void (*set_seip)(void *ctx, unsigned int hart, bool level), void *ctx);
/* A device drives interrupt line @irq (1..PLIC_NDEV) to @level. */
void plic_set_irq(struct plic *p, unsigned int irq, bool level);
/* 32-bit register access at offset @off. */
uint32_t plic_read(struct plic *p, uint64_t off);
void plic_write(struct plic *p, uint64_t off, uint32_t val);

/* Bus glue: priv is the struct plic; only 32-bit accesses reach registers. */
extern const struct vdev_ops plic_vdev_ops;

#endif /* _DRIVERS_PLIC_H */
