// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzzing drivers/uart16550.c, the guest's UART: every register access is
 * the guest's choice. The input is a sequence of 3-byte steps
 *   op     bits 0..1: 0 read, 1 write (through the bus ops, as vmm/mmio.c
 *          calls them), 2 a character from the line, 3 one only if it fits
 *          (as SVPN's console input does); bits 2..3: log2 of the width
 *   offset within the 0x100 window (an access past its end is skipped:
 *          vmm/mmio.c never lets one reach the model)
 *   value  the byte written or received
 * Beside the model runs a plain queue of what it should hold: every byte
 * read from RBR must be the oldest one received, none lost or invented.
 */
#include <svpn/uart_regs.h>
#include "../../drivers/uart16550.h"
#include "fuzz.h"

struct shadow {
	struct uart16550 u;
	uint8_t q[UART16550_FIFO_SIZE];
	unsigned int head, count;
	unsigned int putc_calls, irq_calls;
	bool irq_level;
};

static void rec_putc(void *ctx, char c)
{
	((struct shadow *)ctx)->putc_calls++;
}

static void rec_irq(void *ctx, bool level)
{
	struct shadow *s = ctx;

	s->irq_calls++;
	s->irq_level = level;
}

static unsigned int capacity(const struct shadow *s)
{
	return (s->u.fcr & UART_FCR_ENABLE_FIFO) ? UART16550_FIFO_SIZE : 1;
}

/* A character arrives: kept if there is room; without FIFO it overwrites. */
static bool shadow_receive(struct shadow *s, uint8_t c)
{
	if (s->count == capacity(s)) {
		if (!(s->u.fcr & UART_FCR_ENABLE_FIFO))
			s->q[s->head] = c;
		return false;
	}
	s->q[(s->head + s->count++) % UART16550_FIFO_SIZE] = c;
	return true;
}

static void check_state(const struct shadow *s)
{
	const struct uart16550 *u = &s->u;

	FUZZ_CHECK(u->rx_count <= capacity(s) && u->rx_head < UART16550_FIFO_SIZE);
	FUZZ_CHECK(u->rx_count == s->count);
	FUZZ_CHECK(!(u->ier & ~0x0f) && !(u->mcr & ~0x1f));
	/* The output is what IIR says, and the PLIC was told the same level. */
	FUZZ_CHECK(u->irq == (u->iir != UART_IIR_NO_INT));
	FUZZ_CHECK(!s->irq_calls || s->irq_level == u->irq);
	/* Transmission is instant: THR is empty again between accesses. */
	FUZZ_CHECK((u->lsr & (UART_LSR_THRE | UART_LSR_TEMT)) == (UART_LSR_THRE | UART_LSR_TEMT));
}

static void check_read(struct shadow *s, unsigned int reg, uint8_t val, bool dlab, bool was_fifo)
{
	static const uint8_t iir_ids[] = { UART_IIR_NO_INT, UART_IIR_RLSI, UART_IIR_RDI,
					   UART_IIR_CTI,    UART_IIR_THRI, UART_IIR_MSI };
	unsigned int i;

	if (reg >= 8) {
		FUZZ_CHECK(val == 0);
	} else if (reg == UART_RBR && !dlab && s->count) {
		FUZZ_CHECK(val == s->q[s->head]);
		s->head = (s->head + 1) % UART16550_FIFO_SIZE;
		s->count--;
	} else if (reg == UART_IIR) {
		for (i = 0; i < sizeof(iir_ids) && (val & 0x0f) != iir_ids[i]; i++)
			;
		FUZZ_CHECK(i < sizeof(iir_ids));
		FUZZ_CHECK((val & 0xf0) == (was_fifo ? UART_IIR_FIFO_ENABLED : 0));
	} else if (reg == UART_LSR) {
		FUZZ_CHECK(!!(val & UART_LSR_DR) == !!s->count);
	}
}

static void do_write(struct shadow *s, struct vdev *dev, uint64_t off, unsigned int width,
		     uint8_t val)
{
	bool thr = off == UART_THR && !(s->u.lcr & UART_LCR_DLAB);
	bool loop = s->u.mcr & UART_MCR_LOOP;
	unsigned int putcs = s->putc_calls;

	uart16550_vdev_ops.write(dev, off, width, (uint64_t)val * 0x0101010101010101ULL);
	if (thr && loop)
		shadow_receive(s, val);
	/* The one byte written goes out, unless looped back. */
	FUZZ_CHECK(s->putc_calls == putcs + (thr && !loop));
	/* Clearing (or toggling) the FIFO empties the receiver. */
	if (off == UART_FCR && !s->u.rx_count)
		s->count = 0;
}

static void step(struct shadow *s, struct vdev *dev, uint8_t op, uint8_t off, uint8_t val)
{
	unsigned int width = 1u << ((op >> 2) & 3);
	bool fits;

	if ((op & 3) >= 2) {
		fits = uart16550_can_receive(&s->u);
		if ((op & 3) == 3 && !fits)
			return;
		FUZZ_CHECK(uart16550_receive(&s->u, val) == fits);
		FUZZ_CHECK(shadow_receive(s, val) == fits);
		return;
	}
	/* As vmm/mmio.c: a refused access is the guest's access fault, not a register access. */
	if (off + width > VDEV_UART_SIZE || !vdev_access_ok(dev, off, width)) {
		FUZZ_CHECK(off + width > 8);
		return;
	}
	if (op & 1) {
		do_write(s, dev, off, width, val);
	} else {
		bool dlab = s->u.lcr & UART_LCR_DLAB, fifo = s->u.fcr & UART_FCR_ENABLE_FIFO;
		uint64_t v = uart16550_vdev_ops.read(dev, off, width);

		FUZZ_CHECK(v <= 0xff); /* byte registers, zero-extended */
		check_read(s, off, (uint8_t)v, dlab, fifo);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct shadow s = { 0 };
	struct vdev dev = { "uart", VDEV_UART_BASE, VDEV_UART_SIZE, &uart16550_vdev_ops, &s.u };

	uart16550_init(&s.u, rec_putc, rec_irq, &s);
	while (!fuzz_empty(&in)) {
		uint8_t op = fuzz_u8(&in), off = fuzz_u8(&in), val = fuzz_u8(&in);

		step(&s, &dev, op, off, val);
		check_state(&s);
	}
	return 0;
}
