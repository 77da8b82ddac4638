/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A PLIC model that behaves like QEMU 7.2's virt PLIC (drivers/plic.c):
 * riscv,ndev 96, priorities and thresholds 0..7, two contexts per hart
 * (2h: M-mode, 2h + 1: S-mode).
 */
#ifndef _DRIVERS_PLIC_H
#define _DRIVERS_PLIC_H

#include <stdbool.h>
#include <hw/sifive_plic.h>
#include <stdint.h>
#include <svpn/vdev.h>

/*
 * QEMU 7.2 virt creates its PLIC with num-sources 96 (source 0 included),
 * so there are pending and enable bits for sources 0..95 (three words), but
 * its priority registers start at source 1 (priority-base 4) and run for 96
 * sources: 1..96, matching riscv,ndev = 96. Source 96 thus has a priority
 * register and nothing else.
 */
#define PLIC_NDEV	  VDEV_PLIC_NDEV /* priority registers of sources 1..96 */
#define PLIC_NUM_SOURCES  96		 /* pending/enable bits and lines 0..95 */
#define PLIC_WORDS	  ((PLIC_NUM_SOURCES + 31) / 32)
#define PLIC_MAX_HARTS	  8
#define PLIC_MAX_CONTEXTS (2 * PLIC_MAX_HARTS)
#define PLIC_MAX_PRIORITY 7 /* priorities and thresholds are 3 bits, WARL */

#define PLIC_CONTEXT_M(hart) (2 * (hart))
#define PLIC_CONTEXT_S(hart) (2 * (hart) + 1)

struct plic {
	unsigned int nr_harts;
	uint32_t priority[PLIC_NDEV + 1]; /* [0] stays 0: no register */
	uint32_t pending[PLIC_WORDS];	  /* set by a line going high, cleared by a claim */
	uint32_t claimed[PLIC_WORDS];	  /* in service: until the completion */
	uint32_t enable[PLIC_MAX_CONTEXTS][PLIC_WORDS];
	uint32_t threshold[PLIC_MAX_CONTEXTS];
	bool seip[PLIC_MAX_HARTS]; /* output level, S contexts */

	void *ctx;
	void (*set_seip)(void *ctx, unsigned int hart, bool level);
};

/* @nr_harts: 1..PLIC_MAX_HARTS; @set_seip may be NULL. Everything resets to 0. */
void plic_init(struct plic *p, unsigned int nr_harts,
	       void (*set_seip)(void *ctx, unsigned int hart, bool level), void *ctx);
/*
 * A device drives interrupt line @irq (1..PLIC_NUM_SOURCES - 1) to @level.
 * Every call with @level true makes the source pending (again), as QEMU's
 * devices re-raise their line on each update; a low level changes nothing.
 */
void plic_set_irq(struct plic *p, unsigned int irq, bool level);
/* 32-bit register access at offset @off. */
uint32_t plic_read(struct plic *p, uint64_t off);
void plic_write(struct plic *p, uint64_t off, uint32_t val);

/* Bus glue: priv is the struct plic; it accepts aligned 32-bit accesses only. */
extern const struct vdev_ops plic_vdev_ops;

#endif /* _DRIVERS_PLIC_H */
