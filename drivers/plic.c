// SPDX-License-Identifier: GPL-2.0
/*
 * Platform-Level Interrupt Controller model with QEMU virt's register layout,
 * behaving like QEMU 7.2's (Debian's 7.2.x, hw/intc/sifive_plic.c with the
 * stable backport of "hw/intc: Don't clear pending bits on IRQ lowering").
 *
 * Contexts are QEMU's: 2h is hart h's M-mode context, 2h + 1 its S-mode
 * one. The guest has no M-mode, so the M contexts are plain registers whose
 * output goes nowhere; the guest's device tree lists them as 0xffffffff so
 * that Linux skips them, as QEMU does when there is no M-mode to wire.
 * Keeping them keeps every S-context register where it is on QEMU.
 *
 * Gateways work as QEMU's do:
 *  - A line going high (and each time a device re-asserts it) sets the
 *    source's pending bit; a line going low changes nothing, so a request
 *    once made stays pending until it is claimed.
 *  - A claim returns the highest-priority pending, enabled source that is
 *    not in service and whose priority exceeds the context's threshold
 *    (lowest id on ties), clears its pending bit and takes it into service.
 *  - A completion (of any id below 96, enabled or not, claimed or not) ends
 *    service. It does not look at the line: the source is pending again only
 *    if its device raised the line again since the claim.
 * Priorities and thresholds are 3 bits, WARL (written values are masked).
 * Unlike QEMU 7.2, an enable write re-evaluates the outputs at once (QEMU
 * waits for the next line change, claim, priority or threshold write).
 */
#include "plic.h"

static void bit_assign(uint32_t *map, unsigned int n, bool val)
{
	if (val)
		map[n / 32] |= 1u << (n % 32);
	else
		map[n / 32] &= ~(1u << (n % 32));
}

static unsigned int nr_contexts(const struct plic *p)
{
	return 2 * p->nr_harts;
}

/* Highest-priority pending, enabled, unclaimed source above the threshold; lowest id wins ties. */
static unsigned int plic_best(const struct plic *p, unsigned int ctx)
{
	uint32_t best_prio = p->threshold[ctx];
	unsigned int w, bit, best = 0;

	for (w = 0; w < PLIC_WORDS; w++) {
		uint32_t cand = p->pending[w] & ~p->claimed[w] & p->enable[ctx][w];

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
	if (irq < 1 || irq >= PLIC_NUM_SOURCES || !level)
		return;
	bit_assign(p->pending, irq, true);
	plic_update(p);
}

static uint32_t plic_claim(struct plic *p, unsigned int ctx)
{
	unsigned int irq = plic_best(p, ctx);

	if (irq) {
		bit_assign(p->pending, irq, false);
		bit_assign(p->claimed, irq, true);
	}
	plic_update(p);
	return irq;
}

static void plic_complete(struct plic *p, uint32_t irq)
{
	if (irq >= PLIC_NUM_SOURCES)
		return;
	bit_assign(p->claimed, irq, false);
	plic_update(p);
}

uint32_t plic_read(struct plic *p, uint64_t off)
{
	uint64_t ctx;

	if (off < PLIC_PENDING_BASE)
		return off / 4 <= PLIC_NDEV ? p->priority[off / 4] : 0;
	if (off < PLIC_ENABLE_BASE) {
		off -= PLIC_PENDING_BASE;
		return off / 4 < PLIC_WORDS ? p->pending[off / 4] : 0;
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
		if (off / 4 >= 1 && off / 4 <= PLIC_NDEV) {
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
			p->enable[ctx][off / 4] = val; /* bit 0 too, as on QEMU */
			plic_update(p);
		}
		return;
	}
	off -= PLIC_CONTEXT_BASE;
	ctx = off / PLIC_CONTEXT_STRIDE;
	off %= PLIC_CONTEXT_STRIDE;
	if (ctx >= nr_contexts(p))
		return;
	if (off == PLIC_CONTEXT_THRESHOLD) {
		p->threshold[ctx] = val & PLIC_MAX_PRIORITY;
		plic_update(p);
	} else if (off == PLIC_CONTEXT_CLAIM) {
		plic_complete(p, val);
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

/*
 * QEMU's sifive_plic_ops: .valid 4..4, not unaligned. Every other access is
 * refused by the bus (an access fault), anywhere in the window; an aligned
 * word with no register behind it reads 0 (plic_read()).
 */
static bool plic_access_ok(const struct vdev *dev, uint64_t off, unsigned int width)
{
	return width == 4 && !(off % 4);
}

static uint64_t plic_vdev_read(struct vdev *dev, uint64_t off, unsigned int width)
{
	return plic_read(dev->priv, off);
}

static void plic_vdev_write(struct vdev *dev, uint64_t off, unsigned int width, uint64_t val)
{
	plic_write(dev->priv, off, (uint32_t)val);
}

const struct vdev_ops plic_vdev_ops = {
	.access_ok = plic_access_ok,
	.read = plic_vdev_read,
	.write = plic_vdev_write,
};
