// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzing drivers/plic.c, the guest's interrupt controller: registers the
 * guest writes, and lines SVPN's devices drive. Byte 0 picks the number of
 * harts (1..8); then 6-byte steps
 *   op     bits 0..1: 0 read, 1 write, 2 drive a line (bit 2: its level);
 *          bits 2..4 (reads, writes): which register block, bits 5..7: width
 *   index  the source, context or word in that block (or the line number)
 *   value  4 bytes, written (registers) or ignored
 * The block selector lets the fuzzer reach claim and complete registers,
 * which sit 2 MiB into the window. After every step the model's outputs
 * must agree with a claim computed here from its registers.
 */
#include "../../drivers/plic.h"
#include "fuzz.h"

struct fixture {
	struct plic p;
	bool seip[PLIC_MAX_HARTS]; /* as the set_seip() calls left it */
};

static void rec_seip(void *ctx, unsigned int hart, bool level)
{
	struct fixture *f = ctx;

	FUZZ_CHECK(hart < f->p.nr_harts);
	/* Called on changes only. */
	FUZZ_CHECK(f->seip[hart] != level);
	f->seip[hart] = level;
}

static bool bit(const uint32_t *map, unsigned int n)
{
	return map[n / 32] >> (n % 32) & 1;
}

/* The spec's claim: highest priority above threshold, lowest id on ties. */
static unsigned int ref_best(const struct plic *p, unsigned int ctx)
{
	unsigned int irq, best = 0;
	uint32_t prio = p->threshold[ctx];

	for (irq = 1; irq < PLIC_NUM_SOURCES; irq++) {
		if (bit(p->pending, irq) && !bit(p->claimed, irq) && bit(p->enable[ctx], irq) &&
		    p->priority[irq] > prio) {
			prio = p->priority[irq];
			best = irq;
		}
	}
	return best;
}

static void check_state(const struct fixture *f)
{
	const struct plic *p = &f->p;
	unsigned int i;

	FUZZ_CHECK(!(p->pending[0] & 1) && p->priority[0] == 0); /* there is no source 0 */
	for (i = 0; i <= PLIC_NDEV; i++)
		FUZZ_CHECK(p->priority[i] <= PLIC_MAX_PRIORITY);
	for (i = 0; i < PLIC_MAX_CONTEXTS; i++)
		FUZZ_CHECK(p->threshold[i] <= PLIC_MAX_PRIORITY);
	for (i = 0; i < p->nr_harts; i++) {
		FUZZ_CHECK(p->seip[i] == (ref_best(p, PLIC_CONTEXT_S(i)) != 0));
		FUZZ_CHECK(f->seip[i] == p->seip[i]);
	}
}

/* A register offset: block, then an index scaled as that block is laid out. */
static uint64_t reg_offset(uint8_t op, uint8_t idx)
{
	switch ((op >> 2) & 7) {
	case 0:
		return PLIC_PRIORITY_BASE + 4 * idx;
	case 1:
		return PLIC_PENDING_BASE + 4 * (idx & 7);
	case 2:
		return PLIC_ENABLE_BASE + PLIC_ENABLE_STRIDE * (idx >> 3) + 4 * (idx & 7);
	case 3:
	case 4:
		return PLIC_CONTEXT_BASE + PLIC_CONTEXT_STRIDE * (idx >> 1) +
		       ((idx & 1) ? PLIC_CONTEXT_CLAIM : PLIC_CONTEXT_THRESHOLD);
	default:
		return (uint64_t)idx << 15 | op; /* anywhere, unaligned too */
	}
}

static void check_claim(const struct fixture *f, uint64_t off, uint32_t got, unsigned int want)
{
	uint64_t ctx = (off - PLIC_CONTEXT_BASE) / PLIC_CONTEXT_STRIDE;

	if (off < PLIC_CONTEXT_BASE ||
	    (off - PLIC_CONTEXT_BASE) % PLIC_CONTEXT_STRIDE != PLIC_CONTEXT_CLAIM)
		return;
	FUZZ_CHECK(got == want);
	if (got) {
		FUZZ_CHECK(ctx < 2 * f->p.nr_harts);
		FUZZ_CHECK(!bit(f->p.pending, got) && bit(f->p.claimed, got));
	}
}

static void step(struct fixture *f, struct vdev *dev, uint8_t op, uint8_t idx, uint32_t val)
{
	static const unsigned int widths[8] = { 4, 4, 4, 4, 1, 2, 8, 4 };
	unsigned int width = widths[op >> 5];
	uint64_t off = reg_offset(op, idx), ctx;
	unsigned int want = 0;

	if ((op & 3) >= 2) {
		plic_set_irq(&f->p, idx, op & 4);
		return;
	}
	/* As vmm/mmio.c: a refused access is the guest's access fault, not a register access. */
	if (off + width > VDEV_PLIC_SIZE || !vdev_access_ok(dev, off, width)) {
		FUZZ_CHECK(off + width > VDEV_PLIC_SIZE || width != 4 || off % 4);
		return;
	}
	if (op & 1) {
		plic_vdev_ops.write(dev, off, width, val);
		return;
	}
	ctx = (off - PLIC_CONTEXT_BASE) / PLIC_CONTEXT_STRIDE;
	if (off >= PLIC_CONTEXT_BASE && ctx < 2 * f->p.nr_harts && width == 4 && !(off % 4))
		want = ref_best(&f->p, ctx);
	check_claim(f, off, plic_vdev_ops.read(dev, off, width), want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct fixture f = { 0 };
	struct vdev dev = { "plic", VDEV_PLIC_BASE, VDEV_PLIC_SIZE, &plic_vdev_ops, &f.p };

	plic_init(&f.p, 1 + fuzz_u8(&in) % PLIC_MAX_HARTS, rec_seip, &f);
	while (!fuzz_empty(&in)) {
		uint8_t op = fuzz_u8(&in), idx = fuzz_u8(&in);

		step(&f, &dev, op, idx, fuzz_u32(&in));
		check_state(&f);
	}
	return 0;
}
