// SPDX-License-Identifier: GPL-2.0
/*
 * Platform-Level Interrupt Controller model (RISC-V PLIC spec 1.0.0), with
 * QEMU virt's register layout and 95 sources.
 *
 * Contexts are QEMU's: 2h is hart h's M-mode context, 2h + 1 its S-mode
 * one. The guest has no M-mode, so the M contexts are plain registers whose
 * output goes nowhere; the guest's device tree lists them as 0xffffffff so
 * that Linux skips them, as QEMU does when there is no M-mode to wire.
 * Keeping them keeps every S-context register where it is on QEMU.
 *
 * Gateways are level-triggered: a source is pending while its line is high
 * and it is not in service. A claim takes it into service (pending reads 0
 * until the completion), a completion ends that, and a line still high is
 * pending again at once. As on QEMU, a line dropping before the claim
 * withdraws the request, the claim must beat the threshold, and priorities
 * and thresholds are 3 bits (thresholds above 7 are ignored).
 */
#include "plic.h"

static bool bit_test(const uint32_t *map, unsigned int n)
{
	return map[n / 32] & (1u << (n % 32));
}

static void bit_assign(uint32_t *map, unsigned int n, bool val)
{
	if (val)
		map[n / 32] |= 1u << (n % 32);
	else
		map[n / 32] &= ~(1u << (n % 32));
}

static uint32_t pending_word(const struct plic *p, unsigned int w)
{
	return p->level[w] & ~p->claimed[w];
}

static unsigned int nr_contexts(const struct plic *p)
{
	return 2 * p->nr_harts;
}

/* Sources that exist: 1..PLIC_NDEV. */
static uint32_t valid_mask(unsigned int w)
{
	uint32_t m = ~0u;

	if (w == 0)
		m &= ~1u;
	if (w == PLIC_NR_SOURCES / 32 && PLIC_NR_SOURCES % 32)
		m &= (1u << (PLIC_NR_SOURCES % 32)) - 1;
	return m;
}

/* Highest-priority pending, enabled source above the threshold; lowest id wins ties. */
static unsigned int plic_best(const struct plic *p, unsigned int ctx)
{
	uint32_t best_prio = p->threshold[ctx];
	unsigned int w, bit, best = 0;

	for (w = 0; w < PLIC_WORDS; w++) {
		uint32_t cand = pending_word(p, w) & p->enable[ctx][w];

		for (bit = 0; cand; bit++, cand >>= 1) {
			unsigned int irq = 32 * w + bit;

			if ((cand & 1) && p->priority[irq] > best_prio) {
				best_prio = p->priority[irq];
				best = irq;
			}
		}
	}
	return best;
}

static void plic_update(struct plic *p)
{
	unsigned int h;

	for (h = 0; h < p->nr_harts; h++) {
		bool level = plic_best(p, PLIC_CONTEXT_S(h)) != 0;

		if (level == p->seip[h])
			continue;
		p->seip[h] = level;
		if (p->set_seip)
			p->set_seip(p->ctx, h, level);
	}
}

void plic_set_irq(struct plic *p, unsigned int irq, bool level)
{
	if (irq < 1 || irq > PLIC_NDEV)
		return;
	bit_assign(p->level, irq, level);
	plic_update(p);
}

static uint32_t plic_claim(struct plic *p, unsigned int ctx)
{
	unsigned int irq = plic_best(p, ctx);

	if (irq) {
		bit_assign(p->claimed, irq, true);
		plic_update(p);
	}
	return irq;
}

/* A completion for a source not enabled in this context is ignored (spec 1.0.0). */
static void plic_complete(struct plic *p, unsigned int ctx, uint32_t irq)
{
	if (irq < 1 || irq > PLIC_NDEV || !bit_test(p->enable[ctx], irq))
		return;
	bit_assign(p->claimed, irq, false);
	plic_update(p);
}

uint32_t plic_read(struct plic *p, uint64_t off)
{
	uint64_t ctx;

	if (off < PLIC_PENDING_BASE)
		return off / 4 < PLIC_NR_SOURCES ? p->priority[off / 4] : 0;
	if (off < PLIC_ENABLE_BASE) {
		off -= PLIC_PENDING_BASE;
		return off / 4 < PLIC_WORDS ? pending_word(p, off / 4) : 0;
	}
	if (off < PLIC_CONTEXT_BASE) {
		off -= PLIC_ENABLE_BASE;
		ctx = off / PLIC_ENABLE_STRIDE;
		off %= PLIC_ENABLE_STRIDE;
		if (ctx >= nr_contexts(p) || off / 4 >= PLIC_WORDS)
			return 0;
		return p->enable[ctx][off / 4];
	}
	off -= PLIC_CONTEXT_BASE;
	ctx = off / PLIC_CONTEXT_STRIDE;
	off %= PLIC_CONTEXT_STRIDE;
	if (ctx >= nr_contexts(p))
		return 0;
	if (off == PLIC_CONTEXT_THRESHOLD)
		return p->threshold[ctx];
	if (off == PLIC_CONTEXT_CLAIM)
		return plic_claim(p, ctx);
	return 0;
}

void plic_write(struct plic *p, uint64_t off, uint32_t val)
{
	uint64_t ctx;

	if (off < PLIC_PENDING_BASE) {
		if (off / 4 >= 1 && off / 4 < PLIC_NR_SOURCES) {
			p->priority[off / 4] = val & PLIC_MAX_PRIORITY;
			plic_update(p);
		}
		return;
	}
	if (off < PLIC_ENABLE_BASE)
		return; /* pending bits are read-only */
	if (off < PLIC_CONTEXT_BASE) {
		off -= PLIC_ENABLE_BASE;
		ctx = off / PLIC_ENABLE_STRIDE;
		off %= PLIC_ENABLE_STRIDE;
		if (ctx < nr_contexts(p) && off / 4 < PLIC_WORDS) {
			p->enable[ctx][off / 4] = val & valid_mask(off / 4);
			plic_update(p);
		}
		return;
	}
	off -= PLIC_CONTEXT_BASE;
	ctx = off / PLIC_CONTEXT_STRIDE;
	off %= PLIC_CONTEXT_STRIDE;
	if (ctx >= nr_contexts(p))
		return;
	if (off == PLIC_CONTEXT_THRESHOLD && val <= PLIC_MAX_PRIORITY) {
		p->threshold[ctx] = val;
		plic_update(p);
	} else if (off == PLIC_CONTEXT_CLAIM) {
		plic_complete(p, ctx, val);
	}
}

void plic_init(struct plic *p, unsigned int nr_harts,
	       void (*set_seip)(void *ctx, unsigned int hart, bool level), void *ctx)
{
	*p = (struct plic){
		.nr_harts = nr_harts > PLIC_MAX_HARTS ? PLIC_MAX_HARTS : nr_harts,
		.ctx = ctx,
		.set_seip = set_seip,
	};
}

/* The PLIC's registers are 32 bits wide: other accesses read 0 and are ignored. */
static uint64_t plic_vdev_read(struct vdev *dev, uint64_t off, unsigned int width)
{
	return width == 4 && !(off % 4) ? plic_read(dev->priv, off) : 0;
}

static void plic_vdev_write(struct vdev *dev, uint64_t off, unsigned int width, uint64_t val)
{
	if (width == 4 && !(off % 4))
		plic_write(dev->priv, off, (uint32_t)val);
}

const struct vdev_ops plic_vdev_ops = {
	.read = plic_vdev_read,
	.write = plic_vdev_write,
};
